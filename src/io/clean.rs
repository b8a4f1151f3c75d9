//! Cleaning of item columns: strict numbers, declared missing codes and out-of-range values
//! become missing, each counted per item (with the user-missing values of an SPSS file,
//! which arrive already missing).

use super::{Column, Frame, IoError};
use crate::results::ItemMissing;

/// What counts as a valid answer.
#[derive(Clone, Debug)]
pub struct CleanSpec<'a> {
    pub file: &'a str,
    pub missing_codes: &'a [f64],
    /// Valid range of item answers (inclusive).
    pub min: f64,
    pub max: f64,
}

/// Clean `items` in place (each becomes a numeric column) and return the per-item counts.
/// `numeric` names further columns (formula variables) that must be numbers, each with its
/// own missing codes; the range applies to items only.
pub fn clean_columns(
    frame: &mut Frame,
    spec: &CleanSpec,
    items: &[(&str, Option<&str>, bool)],
    numeric: &[(&str, &[f64])],
) -> Result<Vec<ItemMissing>, IoError> {
    let mut out = Vec::new();
    for &(item, construct, reversed) in items {
        let Some(col) = frame.get(item) else { continue };
        let values = numeric_values(col, item, spec, true)?;
        let mut rec = ItemMissing {
            item: item.into(),
            construct: construct.map(String::from),
            valid: 0,
            empty: 0,
            missing_code: 0,
            out_of_range: 0,
            reversed,
        };
        let cleaned: Vec<f64> = values
            .into_iter()
            .map(|v| {
                if v.is_nan() {
                    rec.empty += 1;
                    f64::NAN
                } else if spec.missing_codes.contains(&v) {
                    rec.missing_code += 1;
                    f64::NAN
                } else if v < spec.min || v > spec.max {
                    rec.out_of_range += 1;
                    f64::NAN
                } else {
                    rec.valid += 1;
                    v
                }
            })
            .collect();
        // SPSS user-missing values were read as missing: count them as missing codes.
        let declared = frame.meta.get(item).map_or(0, |m| m.user_missing);
        rec.empty -= declared.min(rec.empty);
        rec.missing_code += declared;
        frame.set(item, Column::Num(cleaned));
        out.push(rec);
    }
    for &(name, codes) in numeric {
        let Some(col) = frame.get(name) else { continue };
        let values = numeric_values(col, name, spec, false)?;
        let cleaned = values
            .into_iter()
            .map(|v| if codes.contains(&v) { f64::NAN } else { v })
            .collect();
        let low = frame.low.remove(name);
        frame.set(name, Column::Num(cleaned));
        if let Some(low) = low {
            frame.low.insert(name.to_string(), low);
        }
    }
    Ok(out)
}

fn numeric_values(
    col: &Column,
    name: &str,
    spec: &CleanSpec,
    item: bool,
) -> Result<Vec<f64>, IoError> {
    match col {
        Column::Num(v) => Ok(v.clone()),
        Column::Text(cells) => cells
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                None => Ok(f64::NAN),
                Some(s) => super::read::parse_number(s).ok_or_else(|| {
                    if item {
                        IoError::NotNumeric {
                            file: spec.file.into(),
                            row: i + 1,
                            line: i + 2,
                            column: name.into(),
                            value: s.clone(),
                            min: spec.min,
                            max: spec.max,
                        }
                    } else {
                        IoError::NotNumericColumn {
                            file: spec.file.into(),
                            row: i + 1,
                            column: name.into(),
                            value: s.clone(),
                        }
                    }
                }),
            })
            .collect(),
    }
}
