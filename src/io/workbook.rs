//! Excel workbooks (.xlsx, .xlsm, .xlsb, .xls) and OpenDocument spreadsheets (.ods), as
//! survey platforms such as Wenjuanxing (问卷星) export them, read with calamine: the first
//! sheet (or the one named, or numbered from 1), its first row the header.

use super::header::{RenameFrom, name_columns};
use super::{Column, Frame, IoError};
use calamine::{Data, Reader, open_workbook_auto};
use std::path::Path;

/// Read one sheet: `sheet` is its name, or its number counting from 1; the first when None.
/// Columns whose every non-empty cell is a number are numbers; others text (numbers in them
/// written in their shortest form, so that `clean` parses them strictly like CSV cells).
pub fn read_workbook(
    path: &Path,
    sheet: Option<&str>,
    rename: &[(String, RenameFrom)],
) -> Result<Frame, IoError> {
    let file = path.display().to_string();
    let bad = |message: String| IoError::Parse {
        file: file.clone(),
        message,
    };
    let range = super::guarded(&file, "workbook", || {
        let mut book = open_workbook_auto(path).map_err(|e| bad(e.to_string()))?;
        let names = book.sheet_names();
        let name = pick_sheet(&names, sheet).ok_or_else(|| IoError::Sheet {
            file: file.clone(),
            sheet: sheet.unwrap_or("1").to_string(),
            sheets: names.join(", "),
        })?;
        let range = book
            .worksheet_range(&name)
            .map_err(|e| bad(format!("sheet \"{name}\": {e}")))?;
        Ok(range)
    })?;
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| text_of(c).unwrap_or_default()).collect())
        .unwrap_or_default();
    let body: Vec<&[Data]> = rows.collect();
    if body.is_empty() {
        return Err(IoError::Empty { file });
    }
    let (names, set_aside) = name_columns(&header, rename, &file)?;
    let mut frame = Frame {
        nrows: body.len(),
        set_aside,
        file: file.clone(),
        ..Frame::default()
    };
    for (j, name) in names.into_iter().enumerate() {
        let Some(name) = name else { continue };
        let cells: Vec<&Data> = body
            .iter()
            .map(|r| r.get(j).unwrap_or(&Data::Empty))
            .collect();
        let numeric = cells
            .iter()
            .all(|c| matches!(c, Data::Int(_) | Data::Float(_) | Data::Empty));
        let column = if numeric {
            Column::numbers(
                cells
                    .iter()
                    .map(|c| match c {
                        Data::Int(k) => *k as f64,
                        Data::Float(x) => *x,
                        _ => f64::NAN,
                    })
                    .collect(),
            )
        } else {
            Column::Text(cells.iter().map(|c| text_of(c)).collect())
        };
        frame.names.push(name);
        frame.columns.push(column);
    }
    Ok(frame)
}

/// A cell as text; None when empty. Numbers in their shortest form, dates as Excel shows
/// them in ISO order, errors as their code (e.g. "#N/A").
fn text_of(c: &Data) -> Option<String> {
    match c {
        Data::Empty => None,
        Data::Int(k) => Some(k.to_string()),
        Data::Float(x) => Some(format!("{x}")),
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty()).then(|| t.to_string())
        }
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => Some(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => Some(e.to_string()),
    }
}

/// The sheet named (by name, or number from 1), or the first.
fn pick_sheet(names: &[String], sheet: Option<&str>) -> Option<String> {
    match sheet {
        None => names.first().cloned(),
        Some(s) if names.iter().any(|n| n == s) => Some(s.to_string()),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|&k| k >= 1)
            .and_then(|k| names.get(k - 1).cloned()),
    }
}
