//! `report.docx`: the report as a Word document a thesis or an evaluation report can take
//! tables and figures from. A4; Times New Roman for Latin text and SimSun (宋体) for Chinese;
//! every table a three-line table (三线表: a rule above, one under the header, one below; no
//! vertical rules) with its numbered caption above ("Table 1 …") and its notes below; every
//! chart embedded as PNG with its numbered caption below ("Figure 1 …"). Written with
//! docx-rs; the bytes depend on the content alone (fixed dates, stored zip entries).

use super::charts::Rendered;
use super::report::{RenderError, Section};
use super::tables::Table;
use docx_rs::{
    AlignmentType, BorderType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Style, StyleType,
    TableBorders, TableCell, TableCellBorder, TableCellBorderPosition, TableCellBorders, TableRow,
    WidthType,
};

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
    let fonts = RunFonts::new()
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
        .cs("Times New Roman")
        .east_asia("SimSun");
    let heading = |id: &str, name: &str, size: usize, level: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .bold()
            .size(size)
            .outline_lvl(level)
    };
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(fonts.clone())
        // 10.5 pt (五号), the body size of Chinese theses.
        .default_size(21)
        .created_at("2000-01-01T00:00:00Z")
        .add_style(heading("Heading1", "heading 1", 32, 0))
        .add_style(heading("Heading2", "heading 2", 28, 1))
        .add_style(heading("Heading3", "heading 3", 24, 2))
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .bold()
                .size(21),
        );
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .style("Heading1")
                .align(AlignmentType::Center)
                .add_run(text_run(title)),
        )
        .add_paragraph(Paragraph::new().add_run(text_run(subtitle)));
    let (mut n_table, mut n_figure) = (0, 0);
    for sec in sections {
        let style = if sec.level <= 2 {
            "Heading2"
        } else {
            "Heading3"
        };
        doc = doc.add_paragraph(
            Paragraph::new()
                .style(style)
                .keep_next(true)
                .add_run(text_run(&sec.heading)),
        );
        for p in &sec.intro {
            doc = doc.add_paragraph(Paragraph::new().add_run(text_run(p.replace('`', ""))));
        }
        for t in &sec.tables {
            n_table += 1;
            doc = add_table(doc, t, n_table, words);
        }
        for c in &sec.charts {
            n_figure += 1;
            doc = add_figure(doc, c, n_figure, words, &png(&c.stem)?)?;
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).map_err(|e| RenderError::Write {
        path: "report.docx".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(buf.into_inner())
}

/// A three-line table with its caption above and its notes below.
fn add_table(doc: Docx, t: &Table, number: usize, words: &Words) -> Docx {
    let caption = Paragraph::new()
        .style("Caption")
        .align(AlignmentType::Center)
        .keep_next(true)
        .add_run(text_run(format!(
            "{} {number}{}{}",
            words.table, words.after_number, t.title
        )));
    let ncols = t.columns.len().max(1);
    let widths = column_widths(t);
    let rule = |pos, size| {
        TableCellBorder::new(pos)
            .size(size)
            .color("000000")
            .border_type(BorderType::Single)
    };
    let nrows = t.rows.len();
    let cell = |text: &str, header: bool, row: usize, col: usize, numeric: bool| {
        let width = widths[col];
        let mut borders = TableCellBorders::with_empty();
        if header {
            borders = borders
                .set(rule(TableCellBorderPosition::Top, THICK))
                .set(rule(TableCellBorderPosition::Bottom, THIN));
        }
        if !header && row + 1 == nrows {
            borders = borders.set(rule(TableCellBorderPosition::Bottom, THICK));
        }
        // Words read from the left; numbers line up centred under their header.
        let align = if numeric || (header && col > 0) {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        };
        let mut run = text_run(text).size(18);
        if header {
            run = run.bold();
        }
        TableCell::new()
            .set_borders(borders)
            .width(width, WidthType::Dxa)
            .add_paragraph(Paragraph::new().align(align).add_run(run))
    };
    let mut rows = vec![TableRow::new(
        t.columns
            .iter()
            .enumerate()
            .map(|(j, h)| cell(h, true, 0, j, false))
            .collect(),
    )];
    for (i, r) in t.rows.iter().enumerate() {
        rows.push(TableRow::new(
            r.iter()
                .enumerate()
                .map(|(j, c)| cell(&c.text, false, i, j, c.numeric))
                .collect(),
        ));
    }
    if nrows == 0 {
        // A header alone still closes with the bottom rule.
        rows.push(TableRow::new(
            (0..ncols)
                .map(|j| {
                    TableCell::new()
                        .set_borders(
                            TableCellBorders::with_empty()
                                .set(rule(TableCellBorderPosition::Bottom, THICK)),
                        )
                        .width(widths[j], WidthType::Dxa)
                        .add_paragraph(Paragraph::new())
                })
                .collect(),
        ));
    }
    let table = docx_rs::Table::new(rows)
        .set_borders(TableBorders::with_empty())
        .align(docx_rs::TableAlignmentType::Center)
        .set_grid(widths.clone());
    let mut doc = doc.add_paragraph(caption).add_table(table);
    for n in &t.notes {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(
                text_run(if words.note.ends_with('：') {
                    format!("{}{n}", words.note)
                } else {
                    format!("{} {n}", words.note)
                })
                .size(18),
            ),
        );
    }
    doc.add_paragraph(Paragraph::new())
}

/// Column widths in twips that fill the text width. Columns of numbers get what their widest
/// cell needs (numbers never wrap); columns of words share the rest by their longest cell
/// (capped, so one long label does not starve the others). Measured in 9 pt characters
/// (90 twips; a Chinese character counts two) plus the cell's padding.
fn column_widths(t: &Table) -> Vec<usize> {
    const CHAR: usize = 90;
    const PAD: usize = 240;
    let text = A4.0 as usize - 2 * MARGIN as usize;
    let width = super::tables::display_width;
    let ncols = t.columns.len();
    let numeric: Vec<bool> = (0..ncols)
        .map(|j| {
            t.rows
                .iter()
                .filter_map(|r| r.get(j))
                .all(|c| c.numeric || c.text.is_empty())
        })
        .collect();
    let need: Vec<usize> = (0..ncols)
        .map(|j| {
            let longest = t
                .rows
                .iter()
                .filter_map(|r| r.get(j))
                .map(|c| width(&c.text))
                .max()
                .unwrap_or(0);
            // A header may wrap at its spaces and between Chinese characters: its longest
            // unbreakable piece counts.
            let head = t.columns[j]
                .split(|c: char| c.is_whitespace() || (c as u32) >= 0x1100)
                .map(width)
                .max()
                .unwrap_or(0)
                .max(if t.columns[j].chars().any(|c| (c as u32) >= 0x1100) {
                    4
                } else {
                    0
                });
            let chars = if numeric[j] {
                longest.max(head)
            } else {
                longest.max(head).clamp(4, 40)
            };
            chars * CHAR + PAD
        })
        .collect();
    let fixed: usize = (0..ncols).filter(|&j| numeric[j]).map(|j| need[j]).sum();
    let words: usize = (0..ncols).filter(|&j| !numeric[j]).map(|j| need[j]).sum();
    // What is left for the columns of words (at least a third of the page), then all scaled
    // to the text width.
    let room = text.saturating_sub(fixed).max(text / 3);
    let mut w: Vec<usize> = (0..ncols)
        .map(|j| {
            if numeric[j] || words <= room {
                need[j]
            } else {
                need[j] * room / words
            }
        })
        .collect();
    let total: usize = w.iter().sum::<usize>().max(1);
    for x in &mut w {
        *x = *x * text / total;
    }
    w
}

/// A chart as PNG, scaled to the text width, with its caption below.
fn add_figure(
    doc: Docx,
    c: &Rendered,
    number: usize,
    words: &Words,
    png: &[u8],
) -> Result<Docx, RenderError> {
    let (w, h) = png_size(png).ok_or_else(|| RenderError::Write {
        path: format!("charts/{}.png", c.stem),
        source: std::io::Error::other("not a PNG image"),
    })?;
    let width = TEXT_WIDTH_EMU;
    let height = (width as u64 * h as u64 / w.max(1) as u64) as u32;
    let pic = Pic::new_with_dimensions(png.to_vec(), w, h).size(width, height);
    Ok(doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .add_run(Run::new().add_image(pic)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Caption")
                .align(AlignmentType::Center)
                .add_run(text_run(format!(
                    "{} {number}{}{}",
                    words.figure, words.after_number, c.title
                ))),
        ))
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

/// A run of text, without the control characters XML cannot hold.
fn text_run(text: impl AsRef<str>) -> Run {
    Run::new().add_text(super::names::xml_text(text.as_ref()).into_owned())
}
