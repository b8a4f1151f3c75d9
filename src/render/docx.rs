//! `report.docx`: the report as a Word document a thesis or an evaluation report can take
//! tables and figures from. A4; Times New Roman for Latin text and SimSun (宋体) for Chinese;
//! every table a three-line table (三线表: a rule above, one under the header, one below; no
//! vertical rules) with its numbered caption above ("Table 1 …") and its notes below; every
//! chart embedded as PNG with its numbered caption below ("Figure 1 …"). The
//! WordprocessingML is written here as text, as the document is put together (each chart
//! awaited in its turn), and packed by `package`; the bytes depend on the content alone.

mod package;
mod parts;

use super::charts::Rendered;
use super::report::{RenderError, Section};
use super::tables::Table;
use package::{Package, attribute, text};

/// A4 in twentieths of a point, and 2.54 cm margins.
const A4: (u32, u32) = (11906, 16838);
const MARGIN: i32 = 1440;
/// The text width in EMU (English Metric Units: 914,400 per inch; 635 per twip).
const TEXT_WIDTH_EMU: u32 = (A4.0 - 2 * MARGIN as u32) * 635;
/// Rules of a three-line table, in eighths of a point: 1.5 pt outer, 0.75 pt under the header.
const THICK: usize = 12;
const THIN: usize = 6;

/// The words a document needs in its language.
pub struct Words<'a> {
    pub table: &'a str,
    pub figure: &'a str,
    pub note: &'a str,
    /// Between the number and the title ("Table 1. Title" in English, "表 1 标题" in Chinese).
    pub after_number: &'a str,
}

pub const ENGLISH: Words<'static> = Words {
    table: "Table",
    figure: "Figure",
    note: "Note.",
    after_number: ". ",
};

/// As Chinese journals write them: 表 1 标题, 图 1 标题, 注：...
pub const CHINESE: Words<'static> = Words {
    table: "表",
    figure: "图",
    note: "注：",
    after_number: " ",
};

/// The words of a language.
pub fn words(lang: crate::results::Language) -> &'static Words<'static> {
    match lang {
        crate::results::Language::En => &ENGLISH,
        crate::results::Language::Zh => &CHINESE,
    }
}

/// Build the document. `png` gives a chart's PNG bytes by its stem.
pub fn report_docx(
    title: &str,
    subtitle: &str,
    sections: &[Section],
    words: &Words,
    png: &dyn Fn(&str) -> Result<Vec<u8>, RenderError>,
) -> Result<Vec<u8>, RenderError> {
    let mut doc = Document {
        xml: String::with_capacity(1 << 18),
        images: Vec::new(),
    };
    doc.xml.push_str(parts::DOCUMENT_START);
    doc.paragraph(Some("Heading1"), false, Some("center"), title);
    doc.paragraph(None, false, None, subtitle);
    let (mut n_table, mut n_figure) = (0, 0);
    for sec in sections {
        let style = if sec.level <= 2 {
            "Heading2"
        } else {
            "Heading3"
        };
        doc.paragraph(Some(style), true, None, &sec.heading);
        for p in &sec.intro {
            doc.paragraph(None, false, None, &p.replace('`', ""));
        }
        for t in &sec.tables {
            n_table += 1;
            doc.table(t, n_table, words);
        }
        for c in &sec.charts {
            n_figure += 1;
            doc.figure(c, n_figure, words, png(&c.stem)?)?;
        }
    }
    doc.xml.push_str(&parts::document_end(A4, MARGIN));
    doc.pack(title).map_err(|e| RenderError::Write {
        path: "report.docx".into(),
        source: std::io::Error::other(e.to_string()),
    })
}

/// A document being written: its body's XML so far and its images' PNGs.
struct Document {
    xml: String,
    images: Vec<Vec<u8>>,
}

impl Document {
    /// A paragraph of one run of text.
    fn paragraph(
        &mut self,
        style: Option<&str>,
        keep_next: bool,
        align: Option<&str>,
        words: &str,
    ) {
        self.xml.push_str("<w:p>");
        self.properties(style, keep_next, align);
        self.run(false, words);
        self.xml.push_str("</w:p>");
    }

    /// A paragraph's properties, in the schema's order.
    fn properties(&mut self, style: Option<&str>, keep_next: bool, align: Option<&str>) {
        if style.is_none() && !keep_next && align.is_none() {
            return;
        }
        let x = &mut self.xml;
        x.push_str("<w:pPr>");
        if let Some(s) = style {
            x.push_str("<w:pStyle w:val=\"");
            x.push_str(s);
            x.push_str("\"/>");
        }
        if keep_next {
            x.push_str("<w:keepNext/>");
        }
        if let Some(a) = align {
            x.push_str("<w:jc w:val=\"");
            x.push_str(a);
            x.push_str("\"/>");
        }
        x.push_str("</w:pPr>");
    }

    fn run(&mut self, bold: bool, words: &str) {
        let x = &mut self.xml;
        x.push_str("<w:r>");
        if bold {
            x.push_str("<w:rPr><w:b/><w:bCs/></w:rPr>");
        }
        x.push_str("<w:t xml:space=\"preserve\">");
        text(x, words);
        x.push_str("</w:t></w:r>");
    }

    /// A three-line table with its caption above and its notes below.
    fn table(&mut self, t: &Table, number: usize, words: &Words) {
        self.paragraph(
            Some("Caption"),
            true,
            Some("center"),
            &format!("{} {number}{}{}", words.table, words.after_number, t.title),
        );
        let widths = column_widths(t);
        if widths.is_empty() {
            // No column, no table (Word takes a row without cells for a damaged file).
            return self.notes(t, words);
        }
        let x = &mut self.xml;
        x.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:jc w:val=\"center\"/></w:tblPr><w:tblGrid>");
        for w in &widths {
            x.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
        }
        x.push_str("</w:tblGrid>");
        let nrows = t.rows.len();
        // The header row repeats atop each page a long table runs over; no row is split
        // between pages.
        self.xml
            .push_str("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        for (j, h) in t.columns.iter().enumerate() {
            // Words read from the left; numbers line up centred under their header.
            let align = if j > 0 { "center" } else { "left" };
            self.cell(widths[j], (Some(THICK), Some(THIN)), align, true, h);
        }
        self.xml.push_str("</w:tr>");
        for (i, r) in t.rows.iter().enumerate() {
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            let bottom = (i + 1 == nrows).then_some(THICK);
            for (j, c) in r.iter().enumerate() {
                let align = if c.numeric { "center" } else { "left" };
                let width = widths.get(j).copied().unwrap_or(0);
                self.cell(width, (None, bottom), align, false, &c.text);
            }
            self.xml.push_str("</w:tr>");
        }
        if nrows == 0 {
            // A header alone still closes with the bottom rule.
            self.xml.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
            for &w in &widths {
                self.cell(w, (None, Some(THICK)), "left", false, "");
            }
            self.xml.push_str("</w:tr>");
        }
        self.xml.push_str("</w:tbl>");
        self.notes(t, words);
    }

    /// A table's notes, then an empty paragraph.
    fn notes(&mut self, t: &Table, words: &Words) {
        for n in &t.notes {
            let note = if words.note.ends_with('：') {
                format!("{}{n}", words.note)
            } else {
                format!("{} {n}", words.note)
            };
            self.paragraph(Some("TableText"), false, None, &note);
        }
        self.xml.push_str("<w:p/>");
    }

    /// A cell of `width` twips with its rules above and below (in eighths of a point).
    fn cell(
        &mut self,
        width: usize,
        (top, bottom): (Option<usize>, Option<usize>),
        align: &str,
        bold: bool,
        words: &str,
    ) {
        let x = &mut self.xml;
        x.push_str(&format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
        ));
        if top.is_some() || bottom.is_some() {
            x.push_str("<w:tcBorders>");
            if let Some(size) = top {
                x.push_str(&rule("top", size));
            }
            if let Some(size) = bottom {
                x.push_str(&rule("bottom", size));
            }
            x.push_str("</w:tcBorders>");
        }
        x.push_str("</w:tcPr><w:p>");
        self.properties(Some("TableText"), false, Some(align));
        self.run(bold, words);
        self.xml.push_str("</w:p></w:tc>");
    }

    /// A chart as PNG, scaled to the text width, with its caption below.
    fn figure(
        &mut self,
        c: &Rendered,
        number: usize,
        words: &Words,
        png: Vec<u8>,
    ) -> Result<(), RenderError> {
        let (w, h) = png_size(&png).ok_or_else(|| RenderError::Write {
            path: format!("charts/{}.png", c.stem),
            source: std::io::Error::other("not a PNG image"),
        })?;
        let width = TEXT_WIDTH_EMU;
        let height = (u64::from(width) * u64::from(h) / u64::from(w.max(1))) as u32;
        self.images.push(png);
        let k = self.images.len();
        let caption = format!("{} {number}{}{}", words.figure, words.after_number, c.title);
        let x = &mut self.xml;
        x.push_str("<w:p>");
        self.properties(None, true, Some("center"));
        let x = &mut self.xml;
        x.push_str(&format!(
            "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{width}\" cy=\"{height}\"/><wp:docPr id=\"{k}\" name=\"Figure {k}\" descr=\""
        ));
        attribute(x, &caption);
        x.push_str(&format!(
            "\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"{k}\" name=\"image{k}.png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdImage{k}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{width}\" cy=\"{height}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        ));
        self.paragraph(Some("Caption"), false, Some("center"), &caption);
        Ok(())
    }

    /// The package: the body, the fixed parts, the images.
    fn pack(self, title: &str) -> Result<Vec<u8>, package::TooLarge> {
        let mut p = Package::default();
        p.xml("[Content_Types].xml", parts::CONTENT_TYPES)?;
        p.xml("_rels/.rels", parts::ROOT_RELATIONSHIPS)?;
        p.xml("docProps/core.xml", &parts::core(title))?;
        p.xml("docProps/app.xml", &parts::app())?;
        p.xml(
            "word/_rels/document.xml.rels",
            &parts::document_relationships(self.images.len()),
        )?;
        p.xml("word/document.xml", &self.xml)?;
        p.xml("word/styles.xml", &parts::styles())?;
        p.xml("word/settings.xml", parts::SETTINGS)?;
        for (k, png) in self.images.iter().enumerate() {
            p.stored(&format!("word/media/image{}.png", k + 1), png)?;
        }
        p.finish()
    }
}

/// A cell's rule on one side, `size` eighths of a point.
fn rule(side: &str, size: usize) -> String {
    format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"0\" w:color=\"000000\"/>")
}

/// Column widths in twips that fill the text width. Each column wants its longest cell and
/// its header's longest unbreakable piece (capped at 40 characters for words); a column of
/// numbers needs at least its longest number (numbers do not wrap unless even the needs
/// overfill the page, about 13 columns of numbers), one of words its longest
/// word and 12 characters a line (up to its longest cell; 4 to 20 characters in all, so that
/// a Chinese label does not stand one character a line). When the wants fit, every column grows by the same factor to fill the
/// width; when they do not, each column gets its need and a share of what is left in
/// proportion to what it wants beyond it (a long header wraps before a number does).
/// Measured in 9 pt characters (90 twips; a Chinese character counts two) plus the cell's
/// padding.
fn column_widths(t: &Table) -> Vec<usize> {
    const CHAR: usize = 90;
    const PAD: usize = 240;
    let text = A4.0 as usize - 2 * MARGIN as usize;
    let width = super::tables::display_width;
    let ncols = t.columns.len();
    let (mut want, mut need) = (Vec::with_capacity(ncols), Vec::with_capacity(ncols));
    for j in 0..ncols {
        let cells = || t.rows.iter().filter_map(|r| r.get(j));
        let numeric = cells().all(|c| c.numeric || c.text.is_empty());
        let longest = cells().map(|c| width(&c.text)).max().unwrap_or(0);
        // Words wrap at spaces and between Chinese characters: the longest unbreakable
        // piece of a header, or of a cell of words.
        let piece = |s: &str| {
            (s.split(|c: char| c.is_whitespace() || (c as u32) >= 0x1100))
                .map(width)
                .max()
                .unwrap_or(0)
                .max(if s.chars().any(|c| (c as u32) >= 0x1100) {
                    4
                } else {
                    0
                })
        };
        let head = piece(&t.columns[j]);
        let (chars, least) = if numeric {
            (longest.max(head), longest)
        } else {
            let word = cells().map(|c| piece(&c.text)).max().unwrap_or(0);
            (
                longest.max(head).clamp(4, 40),
                word.max(longest.min(12)).clamp(4, 20),
            )
        };
        want.push(chars * CHAR + PAD);
        need.push(least * CHAR + PAD);
    }
    let wanted: usize = want.iter().sum::<usize>().max(1);
    let needed: usize = need.iter().sum::<usize>().max(1);
    if wanted <= text {
        want.iter().map(|w| w * text / wanted).collect()
    } else if needed >= text {
        need.iter().map(|w| w * text / needed).collect()
    } else {
        let (spare, beyond) = (text - needed, wanted - needed);
        (want.iter().zip(&need))
            .map(|(w, n)| n + (w - n) * spare / beyond)
            .collect()
    }
}

/// Width and height of a PNG from its header.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || !png.starts_with(&[137, 80, 78, 71, 13, 10, 26, 10]) {
        return None;
    }
    let w = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::tables::table::Cell;

    const TEXT: usize = A4.0 as usize - 2 * MARGIN as usize;

    fn table(columns: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        let mut t = Table::new("t", columns);
        t.rows = rows;
        t
    }

    /// A narrow table fills the width in proportion to what each column wants.
    #[test]
    fn columns_that_fit_grow_to_the_text_width() {
        let t = table(
            &["Term", "B"],
            vec![vec![Cell::text("strategy"), Cell::num(Some(0.123), 3)]],
        );
        let w = column_widths(&t);
        assert!(w.iter().sum::<usize>() <= TEXT && w.iter().sum::<usize>() + 2 >= TEXT);
        // 8 and 5 characters wanted, plus padding.
        assert!(w[0] > w[1]);
    }

    /// Ten columns of long headers over short numbers: the headers wrap, the numbers keep
    /// the width they need (9 pt digits, 90 twips each, plus 240 of padding), and a row
    /// label keeps its longest word.
    #[test]
    fn numbers_keep_their_width_when_headers_must_wrap() {
        let head = "Alpha Based on Standardized Items";
        let mut columns = vec!["Construct"];
        columns.extend(std::iter::repeat_n(head, 9));
        let row = |name: &str| {
            let mut r = vec![Cell::text(name)];
            r.extend((0..9).map(|k| Cell::num(Some(0.5 + k as f64 / 100.0), 3)));
            r
        };
        let t = table(&columns, vec![row("entrepreneurship"), row("window")]);
        let w = column_widths(&t);
        assert!(w.iter().sum::<usize>() <= TEXT);
        assert!(w[0] >= 16 * 90 + 240, "{w:?}");
        assert!(w[1..].iter().all(|&x| x >= 5 * 90 + 240), "{w:?}");
    }

    /// The body holds each table after its caption, its text escaped, its header row
    /// repeating atop each page and no row split between pages; each figure embedded once,
    /// its relationship, its image part and its size (the text width, the PNG's aspect),
    /// captioned below; and a table without columns leaves no empty table behind.
    #[test]
    fn a_document_holds_its_tables_and_figures_in_order() {
        let t = table(
            &["Term", "B"],
            vec![vec![Cell::text("a < b & c"), Cell::num(Some(1.5), 2)]],
        );
        let chart = Rendered {
            stem: "scree".into(),
            title: "Scree \"plot\"".into(),
            svg: String::new(),
            png: true,
        };
        // A PNG's signature and header: 200 x 100 pixels.
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&200u32.to_be_bytes());
        png.extend_from_slice(&100u32.to_be_bytes());
        let section = Section {
            heading: "Models".into(),
            level: 2,
            intro: vec!["`x` first".into()],
            tables: vec![t, table(&[], vec![])],
            charts: vec![chart],
        };
        let bytes = report_docx("T", "sub", &[section], &ENGLISH, &|stem| {
            assert_eq!(stem, "scree");
            Ok(png.clone())
        })
        .unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut zip.by_name(name).unwrap(), &mut v).unwrap();
            v
        };
        let doc = String::from_utf8(read("word/document.xml")).unwrap();
        let rels = String::from_utf8(read("word/_rels/document.xml.rels")).unwrap();
        assert_eq!(read("word/media/image1.png"), png);
        assert!(rels.contains(r#"Id="rIdImage1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png""#));
        assert!(doc.contains("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"));
        assert!(doc.contains(">a &lt; b &amp; c<"));
        assert!(doc.contains(">x first<"));
        let caption = doc.find(">Table 1. t<").unwrap();
        assert!(caption < doc.find("<w:tbl>").unwrap());
        assert_eq!(doc.matches("<w:tbl>").count(), 1, "table 2 has no columns");
        assert!(doc.contains(">Table 2. t<"));
        assert_eq!(doc.matches("<pic:pic>").count(), 1);
        assert!(doc.contains(r#"r:embed="rIdImage1""#));
        let (w, h) = (TEXT_WIDTH_EMU, TEXT_WIDTH_EMU / 2);
        assert!(doc.contains(&format!(r#"<wp:extent cx="{w}" cy="{h}"/>"#)));
        assert!(doc.contains(r#"descr="Figure 1. Scree &quot;plot&quot;""#));
        assert!(doc.find("<pic:pic>").unwrap() < doc.find(">Figure 1. Scree \"plot\"<").unwrap());
        assert!(doc.ends_with("</w:sectPr></w:body></w:document>"));
    }
}
