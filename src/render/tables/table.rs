//! One table model, three formats: each format only defines how rows and dividers look.

/// A cell: what people read (rounded) and what machines read (full precision).
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub text: String,
    pub raw: String,
    pub numeric: bool,
}

impl Cell {
    /// An item's cell: its name, then its question text when the data file gave one
    /// ("SP1 本中心有明确的改革战略规划").
    pub fn item(name: &str, labels: &crate::results::ItemLabels) -> Cell {
        match labels.get(name) {
            Some(text) => Cell::text(format!("{name} {text}")),
            None => Cell::text(name),
        }
    }

    pub fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        Cell {
            raw: s.clone(),
            text: s,
            numeric: false,
        }
    }
    /// A finite number shown as `text`, its raw value every digit (shortest round-trip); NA
    /// when absent or not finite.
    fn number(v: Option<f64>, text: impl Fn(f64) -> String) -> Cell {
        let (text, raw) = match v {
            Some(x) if x.is_finite() => (text(x), format!("{x}")),
            _ => ("NA".into(), "NA".into()),
        };
        Cell {
            text,
            raw,
            numeric: true,
        }
    }
    /// A number shown with `dp` decimals; the raw value keeps every digit (shortest round-trip).
    pub fn num(v: Option<f64>, dp: usize) -> Cell {
        Cell::number(v, |x| format!("{x:.dp$}"))
    }
    /// A p-value as SPSS-literate readers expect it: 3 decimals, "<.001" below that.
    pub fn p(v: Option<f64>) -> Cell {
        Cell::number(v, |x| {
            if x < 0.001 {
                "<.001".to_string()
            } else {
                format!("{x:.3}")
            }
        })
    }
    /// A p-value in a sentence: "p < .001" or "p = 0.123" (never "p = <.001").
    pub fn p_phrase(v: f64) -> String {
        let text = Cell::p(Some(v)).text;
        match text.strip_prefix('<') {
            Some(below) => format!("p < {below}"),
            None => format!("p = {text}"),
        }
    }
    pub fn int(v: usize) -> Cell {
        Cell {
            text: v.to_string(),
            raw: v.to_string(),
            numeric: true,
        }
    }
}

/// Columns a text takes in a monospaced view: two for a CJK character, one for others.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}

/// One column of a table built from a list of records: its header and how a record fills
/// its cell. A table is then a list of columns ([`Table::from_columns`]).
pub struct Column<'a, R> {
    pub header: String,
    cell: Box<dyn Fn(&R) -> Cell + 'a>,
}

/// A column whose cell is computed from the record.
pub fn col<'a, R>(header: impl Into<String>, cell: impl Fn(&R) -> Cell + 'a) -> Column<'a, R> {
    Column {
        header: header.into(),
        cell: Box::new(cell),
    }
}

/// A column of numbers shown with `dp` decimals (NA when absent or not finite).
pub fn num<'a, R>(
    header: impl Into<String>,
    dp: usize,
    value: impl Fn(&R) -> Option<f64> + 'a,
) -> Column<'a, R> {
    col(header, move |r| Cell::num(value(r), dp))
}

/// A column of p-values ("<.001" below 0.001).
pub fn pval<'a, R>(
    header: impl Into<String>,
    value: impl Fn(&R) -> Option<f64> + 'a,
) -> Column<'a, R> {
    col(header, move |r| Cell::p(value(r)))
}

/// A titled table with notes printed under it.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

fn md_escape(s: &str) -> String {
    md_inline(s).replace('|', "\\|")
}

/// Markdown text with what would start raw HTML (`<` before a letter, `/`, `!` or `?`, as
/// CommonMark reads tags) written `&lt;`: a name such as `<script>` from the data shows as
/// text in every Markdown viewer; `p <.001` and `a < b` are left as they are. Control
/// characters (a bell in a value label) show as U+FFFD.
pub fn md_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<'
            && chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'))
        {
            out.push_str("&lt;");
        } else if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
            out.push('\u{FFFD}');
        } else {
            out.push(c);
        }
    }
    out
}

/// Text for HTML: markup characters as entities, control characters as U+FFFD.
pub fn html_escape(s: &str) -> String {
    crate::render::names::xml_text(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Cells escaped for one format and joined by its separator: the one row writer of the
/// Markdown, CSV and LaTeX formats.
fn join<'a>(
    cells: impl IntoIterator<Item = &'a str>,
    escape: fn(&str) -> String,
    sep: &str,
) -> String {
    cells.into_iter().map(escape).collect::<Vec<_>>().join(sep)
}

/// One CSV field, quoted when it holds a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Table {
    /// Remove the column headed `name` (with its cell in every row), if there is one.
    pub fn drop_column(&mut self, name: &str) {
        if let Some(j) = self.columns.iter().position(|c| c == name) {
            self.columns.remove(j);
            for r in &mut self.rows {
                if j < r.len() {
                    r.remove(j);
                }
            }
        }
    }

    /// True when column j holds numbers (right-aligned in every format).
    fn numeric_column(&self, j: usize) -> bool {
        self.rows
            .iter()
            .any(|r| r.get(j).is_some_and(|c| c.numeric))
    }

    /// One row per record, one cell per column.
    pub fn from_columns<'r, R: 'r>(
        title: impl Into<String>,
        records: impl IntoIterator<Item = &'r R>,
        columns: &[Column<R>],
    ) -> Table {
        Table {
            title: title.into(),
            columns: columns.iter().map(|c| c.header.clone()).collect(),
            rows: records
                .into_iter()
                .map(|r| columns.iter().map(|c| (c.cell)(r)).collect())
                .collect(),
            notes: Vec::new(),
        }
    }

    pub fn new(title: impl Into<String>, columns: &[&str]) -> Table {
        Table {
            title: title.into(),
            columns: columns.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Markdown: a bold title, a pipe table with numbers right-aligned, notes in italics.
    pub fn to_markdown(&self) -> String {
        let mut s = format!("**{}**\n\n", md_escape(&self.title));
        let header = self.columns.iter().map(String::as_str);
        s.push_str(&format!("| {} |\n", join(header, md_escape, " | ")));
        let aligns: Vec<&str> = (0..self.columns.len())
            .map(|j| {
                if self.numeric_column(j) {
                    "---:"
                } else {
                    ":---"
                }
            })
            .collect();
        s.push_str(&format!("| {} |\n", aligns.join(" | ")));
        for r in &self.rows {
            let cells = r.iter().map(|c| c.text.as_str());
            s.push_str(&format!("| {} |\n", join(cells, md_escape, " | ")));
        }
        for n in &self.notes {
            s.push_str(&format!("\n*{}*\n", md_escape(n)));
        }
        s
    }

    /// CSV with full-precision values; notes are not part of the data.
    pub fn to_csv(&self) -> String {
        let mut s = join(self.columns.iter().map(String::as_str), csv_field, ",");
        s.push('\n');
        for r in &self.rows {
            s.push_str(&join(r.iter().map(|c| c.raw.as_str()), csv_field, ","));
            s.push('\n');
        }
        s
    }

    /// An HTML table with a caption and a notes footer.
    pub fn to_html(&self) -> String {
        // In a box of its own that scrolls sideways on a narrow screen.
        let mut s = format!(
            "<div class=\"scroll\"><table>\n<caption>{}</caption>\n<thead><tr>",
            html_escape(&self.title)
        );
        for c in &self.columns {
            s.push_str(&format!("<th>{}</th>", html_escape(c)));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in &self.rows {
            s.push_str("<tr>");
            for c in r {
                let class = if c.numeric { " class=\"num\"" } else { "" };
                s.push_str(&format!("<td{class}>{}</td>", html_escape(&c.text)));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table></div>\n");
        for n in &self.notes {
            s.push_str(&format!("<p class=\"note\">{}</p>\n", html_escape(n)));
        }
        s
    }
}

fn latex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '<' => out.push_str("\\textless{}"),
            '>' => out.push_str("\\textgreater{}"),
            _ => out.push(c),
        }
    }
    out
}

impl Table {
    /// The table in the language being rendered: title, headers, notes and text cells
    /// (numbers are left as they are).
    pub fn translated(&self) -> Table {
        use crate::render::i18n::t;
        if crate::render::i18n::current() == crate::results::Language::En {
            return self.clone();
        }
        Table {
            title: t(&self.title),
            columns: self.columns.iter().map(|c| t(c)).collect(),
            rows: self
                .rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|c| {
                            if c.numeric {
                                c.clone()
                            } else {
                                Cell {
                                    text: t(&c.text),
                                    raw: t(&c.raw),
                                    numeric: false,
                                }
                            }
                        })
                        .collect()
                })
                .collect(),
            notes: self.notes.iter().map(|n| t(n)).collect(),
        }
    }

    /// A LaTeX table with booktabs rules (\\usepackage{booktabs}); notes below the rule.
    pub fn to_latex(&self) -> String {
        let aligns: String = (0..self.columns.len())
            .map(|j| if self.numeric_column(j) { 'r' } else { 'l' })
            .collect();
        let mut s = format!(
            "\\begin{{table}}[htbp]\n\\centering\n\\caption{{{}}}\n\\begin{{tabular}}{{{aligns}}}\n\\toprule\n",
            latex_escape(&self.title)
        );
        s.push_str(&join(
            self.columns.iter().map(String::as_str),
            latex_escape,
            " & ",
        ));
        s.push_str(" \\\\\n\\midrule\n");
        for r in &self.rows {
            s.push_str(&join(
                r.iter().map(|c| c.text.as_str()),
                latex_escape,
                " & ",
            ));
            s.push_str(" \\\\\n");
        }
        s.push_str("\\bottomrule\n\\end{tabular}\n");
        for n in &self.notes {
            s.push_str(&format!("\\par\\footnotesize {}\n", latex_escape(n)));
        }
        s.push_str("\\end{table}\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_p_value_in_a_sentence_reads_p_below_not_p_equals_below() {
        assert_eq!(Cell::p_phrase(0.0004), "p < .001");
        assert_eq!(Cell::p_phrase(0.0123), "p = 0.012");
        assert_eq!(Cell::p_phrase(0.5), "p = 0.500");
    }

    #[test]
    fn markdown_csv_and_html_render_the_same_rows_exactly() {
        let mut t = Table::new("Coefficients", &["Term", "B", "Sig."]);
        t.rows.push(vec![
            Cell::text("x|y"),
            Cell::num(Some(0.123456789), 3),
            Cell::p(Some(0.0004)),
        ]);
        t.notes.push("Classical SEs.".into());
        assert_eq!(
            t.to_markdown(),
            "**Coefficients**\n\n| Term | B | Sig. |\n| :--- | ---: | ---: |\n| x\\|y | 0.123 | <.001 |\n\n*Classical SEs.*\n"
        );
        assert_eq!(t.to_csv(), "Term,B,Sig.\nx|y,0.123456789,0.0004\n");
        assert!(t.to_html().contains("<td class=\"num\">&lt;.001</td>"));
        let tex = t.to_latex();
        assert!(tex.contains("\\toprule\nTerm & B & Sig. \\\\\n\\midrule\nx|y & 0.123 & \\textless{}.001 \\\\\n\\bottomrule"), "{tex}");
    }
}
