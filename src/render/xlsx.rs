//! `tables.xlsx`: every table of the report on a sheet of its own, numbers as numbers at full
//! precision shown with the report's format ("0.123***" is the number 0.12345… with the
//! format `0.000"***"`; "<.001" is the p-value with `[<0.001]"<.001";0.000`), so a reader
//! can both paste the table and compute with it. Written with rust_xlsxwriter; a fixed
//! creation date keeps reruns byte-identical.

use super::report::RenderError;
use super::tables::{Cell, Table, display_width};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

fn xlsx_error(e: XlsxError) -> RenderError {
    RenderError::Write {
        path: "tables.xlsx".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// The workbook: one sheet per (stem, table), named by the stem (made unique and at most 31
/// characters, as Excel requires), with the title in A1, the header in row 3 and the notes
/// under the rows.
pub fn tables_xlsx(tables: &[(String, Table)]) -> Result<Vec<u8>, RenderError> {
    let mut book = Workbook::new();
    let date = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
    book.set_properties(&DocProperties::new().set_creation_datetime(&date));
    let bold = Format::new().set_bold();
    let header = Format::new()
        .set_bold()
        .set_border_top(rust_xlsxwriter::FormatBorder::Medium)
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    let mut used: Vec<String> = Vec::new();
    for (stem, t) in tables {
        let name = sheet_name(stem, &used);
        used.push(name.clone());
        let sheet = book.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(0, 0, &t.title, &bold)
            .map_err(xlsx_error)?;
        for (j, h) in t.columns.iter().enumerate() {
            sheet
                .write_string_with_format(2, j as u16, h, &header)
                .map_err(xlsx_error)?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = 3 + i as u32;
            for (j, c) in row.iter().enumerate() {
                let col = j as u16;
                match number_format(c) {
                    Some((v, fmt)) => sheet
                        .write_number_with_format(r, col, v, &Format::new().set_num_format(fmt))
                        .map_err(xlsx_error)?,
                    None => sheet.write_string(r, col, &c.text).map_err(xlsx_error)?,
                };
            }
        }
        let mut r = 3 + t.rows.len() as u32;
        for n in &t.notes {
            r += 1;
            sheet.write_string(r, 0, n).map_err(xlsx_error)?;
        }
        for (j, h) in t.columns.iter().enumerate() {
            let widest = t
                .rows
                .iter()
                .filter_map(|row| row.get(j))
                .map(|c| display_width(&c.text))
                .chain(std::iter::once(display_width(h)))
                .max()
                .unwrap_or(8);
            sheet
                .set_column_width(j as u16, (widest as f64 + 2.0).min(60.0))
                .map_err(xlsx_error)?;
        }
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// A sheet name Excel accepts: no `[]:*?/\`, at most 31 characters, unique.
fn sheet_name(stem: &str, used: &[String]) -> String {
    let clean: String = stem
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let base: String = clean.chars().take(31).collect();
    if !used.iter().any(|u| u.eq_ignore_ascii_case(&base)) {
        return base;
    }
    (2..)
        .map(|k| {
            let tag = format!("~{k}");
            let keep: String = clean.chars().take(31 - tag.len()).collect();
            format!("{keep}{tag}")
        })
        .find(|n| !used.iter().any(|u| u.eq_ignore_ascii_case(n)))
        .expect("some suffix is free")
}

/// The value and Excel number format that show a numeric cell as the report does; None for
/// text, or when the text is not the value rounded (it is then written as text).
pub fn number_format(c: &Cell) -> Option<(f64, String)> {
    if !c.numeric {
        return None;
    }
    let v: f64 = c.raw.parse().ok().filter(|v: &f64| v.is_finite())?;
    let t = c.text.as_str();
    if let Some(below) = t.strip_prefix('<') {
        let bound: f64 = below.parse().ok()?;
        if v >= bound {
            return None;
        }
        let dp = decimals(below);
        // Above the bound the report writes "0.123" (Cell::p).
        return Some((v, format!("[<{bound}]\"{t}\";{}", zeros(dp, false))));
    }
    // The number inside the text: an optional sign, digits, a point, digits.
    let start = t.find(|ch: char| ch.is_ascii_digit() || ch == '.' || ch == '-')?;
    let len = t[start..]
        .find(|ch: char| !(ch.is_ascii_digit() || ch == '.' || ch == '-'))
        .unwrap_or(t.len() - start);
    let shown = &t[start..start + len];
    let (prefix, suffix) = (&t[..start], &t[start + len..]);
    let x: f64 = shown.parse().ok()?;
    let dp = decimals(shown);
    let (value, suffix, percent) = match suffix.strip_prefix('%') {
        Some(rest) => (v, rest, true),
        None => (v, suffix, false),
    };
    let scaled = if percent { 100.0 * value } else { value };
    if (scaled - x).abs() > 0.5 * 10f64.powi(-(dp as i32)) * (1.0 + 1e-9) + 1e-12 {
        return None;
    }
    let quote = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!("\"{}\"", s.replace('"', ""))
        }
    };
    let body = zeros(dp, shown.trim_start_matches('-').starts_with('.'));
    let pct = if percent { "%" } else { "" };
    let core = format!("{}{body}{pct}{}", quote(prefix), quote(suffix));
    // A negative number keeps its sign inside the prefix and suffix: "(-0.123)".
    let negative = format!("{}-{body}{pct}{}", quote(prefix), quote(suffix));
    Some((value, format!("{core};{negative}")))
}

fn decimals(s: &str) -> usize {
    s.split_once('.').map_or(0, |(_, d)| d.len())
}

/// "0.000" (or ".000" without a leading zero, as APA writes p-values) with `dp` decimals.
fn zeros(dp: usize, no_lead: bool) -> String {
    let lead = if no_lead { "" } else { "0" };
    if dp == 0 {
        "0".to_string()
    } else {
        format!("{lead}.{}", "0".repeat(dp))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, raw: &str) -> Cell {
        Cell {
            text: text.into(),
            raw: raw.into(),
            numeric: true,
        }
    }

    #[test]
    fn each_cell_keeps_its_value_and_its_look() {
        assert_eq!(
            number_format(&cell("0.123", "0.12345")),
            Some((0.12345, "0.000;-0.000".into()))
        );
        assert_eq!(
            number_format(&cell("0.123***", "0.12345")),
            Some((0.12345, "0.000\"***\";-0.000\"***\"".into()))
        );
        assert_eq!(
            number_format(&cell("(0.045)", "0.04512")),
            Some((0.04512, "\"(\"0.000\")\";\"(\"-0.000\")\"".into()))
        );
        assert_eq!(
            number_format(&cell("<.001", "0.00001")),
            Some((0.00001, "[<0.001]\"<.001\";0.000".into()))
        );
        assert_eq!(
            number_format(&cell("12.3%", "0.1234")),
            Some((0.1234, "0.0%;-0.0%".into()))
        );
        assert_eq!(number_format(&cell("-1.50", "-1.5")).unwrap().0, -1.5);
        assert_eq!(
            number_format(&cell("42", "42")),
            Some((42.0, "0;-0".into()))
        );
        // Text that is not the value rounded stays text.
        assert_eq!(number_format(&cell("0.999", "0.5")), None);
        assert_eq!(number_format(&cell("NA", "NA")), None);
        assert_eq!(number_format(&Cell::text("SP1")), None);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "a_very_long_table_stem_that_excel_would_refuse";
        let first = sheet_name(long, &[]);
        assert_eq!(first.chars().count(), 31);
        let second = sheet_name(long, std::slice::from_ref(&first));
        assert!(
            second.ends_with("~2") && second.chars().count() == 31,
            "{second}"
        );
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
    }
}
