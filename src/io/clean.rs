//! Cleaning of item columns: strict numbers, declared missing codes and out-of-range values
//! become missing, each counted per item (with the user-missing values of an SPSS file,
//! which arrive already missing).

use super::{Column, Frame, IoError};
use crate::numeric::values::{SMALL_MISSING, small_value};
use crate::results::ItemMissing;
use std::borrow::Cow;

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
/// On an error the frame's item columns are left unspecified (some taken out): the frame is
/// not to be used again.
/// `numeric` names further columns (formula variables) that must be numbers, each with its
/// own missing codes; the range applies to items only.
pub fn clean_columns(
    frame: &mut Frame,
    spec: &CleanSpec,
    items: &[(&str, Option<&str>, bool)],
    numeric: &[(&str, &[f64])],
) -> Result<Vec<ItemMissing>, IoError> {
    // Each item on its own core; the columns are replaced in the items' order. Each item's
    // column is taken out of the frame and cleaned where it lies, not copied (a large file's
    // items are then held once), unless an item is named twice.
    let mut seen = std::collections::HashSet::new();
    let once = items.iter().all(|(item, _, _)| seen.insert(*item));
    let taken: Vec<std::sync::Mutex<Option<Column>>> = (items.iter())
        .map(|&(item, _, _)| {
            let at = (once.then(|| frame.names.iter().position(|n| n == item))).flatten();
            let col = at.map(|i| std::mem::replace(&mut frame.columns[i], Column::Num(Vec::new())));
            std::sync::Mutex::new(col)
        })
        .collect();
    let frame_read: &Frame = frame;
    let at: Vec<usize> = (0..items.len()).collect();
    let cleaned = crate::numeric::parallel::map(&at, |&k| {
        let (item, construct, reversed) = items[k];
        let own = taken[k].lock().map_or(None, |mut c| c.take());
        let col = match (own, frame_read.get(item)) {
            (Some(c), _) => Cow::Owned(c),
            (None, Some(c)) => Cow::Borrowed(c),
            (None, None) => return Ok(None),
        };
        let mut rec = ItemMissing {
            item: item.into(),
            construct: construct.map(String::from),
            valid: 0,
            empty: 0,
            missing_code: 0,
            out_of_range: 0,
            reversed,
        };
        // Whether an answer stands, counting why when it does not.
        let mut stands = |v: f64| {
            let (count, keep) = if v.is_nan() {
                (&mut rec.empty, false)
            } else if spec.missing_codes.contains(&v) {
                (&mut rec.missing_code, false)
            } else if v < spec.min || v > spec.max {
                (&mut rec.out_of_range, false)
            } else {
                (&mut rec.valid, true)
            };
            *count += 1;
            keep
        };
        // Answers held as bytes are cleaned where they lie and stay bytes.
        let cleaned = match col {
            Cow::Owned(Column::Small(mut v)) => {
                for x in &mut v {
                    if !stands(small_value(*x)) {
                        *x = SMALL_MISSING;
                    }
                }
                Column::Small(v)
            }
            col => {
                let values = numeric_values(frame_read, col, item, spec, true)?;
                let kept = (values.into_iter())
                    .map(|v| if stands(v) { v } else { f64::NAN })
                    .collect();
                Column::numbers(kept)
            }
        };
        // SPSS user-missing values were read as missing: count them as missing codes.
        let declared = frame.meta.get(item).map_or(0, |m| m.user_missing);
        rec.empty -= declared.min(rec.empty);
        rec.missing_code += declared;
        Ok(Some((cleaned, rec)))
    });
    let mut out = Vec::new();
    for (&(item, _, _), c) in items.iter().zip(cleaned) {
        if let Some((cleaned, rec)) = c? {
            frame.set(item, cleaned);
            out.push(rec);
        }
    }
    for &(name, codes) in numeric {
        let Some(col) = frame.get(name) else { continue };
        let values = numeric_values(frame, Cow::Borrowed(col), name, spec, false)?;
        let cleaned = values
            .into_iter()
            .map(|v| if codes.contains(&v) { f64::NAN } else { v })
            .collect();
        let low = frame.low.remove(name);
        frame.set(
            name,
            match low {
                Some(_) => Column::Num(cleaned),
                None => Column::numbers(cleaned),
            },
        );
        if let Some(low) = low {
            frame.low.insert(name.to_string(), low);
        }
    }
    Ok(out)
}

/// Values of an item that look like forgotten missing codes: a usual code (9, 99, 999, 98,
/// 97, 8, 88, 0 not included; -1, -9, -99) lying more than 2 beyond every other answer, in
/// fewer than a fifth of the rows. Returns (code, cells) pairs.
pub fn suspect_codes(values: &[f64]) -> Vec<(f64, usize)> {
    const CODES: [f64; 10] = [9.0, 99.0, 999.0, 98.0, 97.0, 8.0, 88.0, -1.0, -9.0, -99.0];
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let mut out = Vec::new();
    for code in CODES {
        let cells = finite.iter().filter(|&&v| v == code).count();
        if cells == 0 || cells * 5 >= finite.len() {
            continue;
        }
        let others: Vec<f64> = finite
            .iter()
            .copied()
            .filter(|v| !CODES.contains(v))
            .collect();
        let (lo, hi) = others
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
        if lo.is_finite() && (code > hi + 2.0 || code < lo - 2.0) {
            out.push((code, cells));
        }
    }
    out
}

/// A completion-time column in seconds: numbers, or text as survey platforms write it
/// ("123秒", "2分3秒", "5分钟", "123 s", "02:03", "1:02:03"). A cell that is none of these is an
/// error naming its row, never a respondent silently left out of the speeder screening.
pub fn seconds(frame: &Frame, name: &str) -> Result<Vec<f64>, IoError> {
    match frame.get(name) {
        None => Ok(vec![f64::NAN; frame.nrows]),
        Some(c @ (Column::Num(_) | Column::Small(_) | Column::Coded(..))) => {
            Ok(c.values().map(|v| v.to_vec()).unwrap_or_default())
        }
        Some(Column::Text(cells)) => cells
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                None => Ok(f64::NAN),
                Some(s) => parse_seconds(s).ok_or_else(|| IoError::NotDuration {
                    file: frame.place(i).0,
                    row: frame.place(i).1,
                    column: name.into(),
                    value: s.to_string(),
                }),
            })
            .collect(),
    }
}

/// Seconds from a written duration (see [`seconds`]).
pub fn parse_seconds(s: &str) -> Option<f64> {
    let t = s.trim();
    if let Some(v) = super::read::parse_number(t) {
        return Some(v);
    }
    if t.contains(':') {
        let parts: Option<Vec<f64>> = t.split(':').map(super::read::parse_number).collect();
        let parts = parts?;
        if parts.len() > 3 || parts.iter().any(|&p| p < 0.0) {
            return None;
        }
        return Some(parts.iter().fold(0.0, |acc, p| acc * 60.0 + p));
    }
    // Units in order: hours, minutes, seconds, each at most once.
    let units: [(&[&str], f64); 3] = [
        (&["小时", "时", "h"], 3600.0),
        (&["分钟", "分", "min", "m"], 60.0),
        (&["秒钟", "秒", "sec", "s"], 1.0),
    ];
    let mut rest = t;
    let mut total = 0.0;
    let mut any = false;
    for (names, factor) in units {
        let digits = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_digit() || *c == '.' || c.is_whitespace()))
            .map_or(rest.len(), |(i, _)| i);
        let (num, after) = rest.split_at(digits);
        if num.trim().is_empty() {
            continue;
        }
        let Some(unit) = names.iter().find(|u| after.starts_with(**u)) else {
            continue;
        };
        total += super::read::parse_number(num)? * factor;
        rest = after[unit.len()..].trim_start();
        any = true;
    }
    (any && rest.is_empty()).then_some(total)
}

/// `col` (of `frame`) as numbers; a cell that is not one is an error naming its file (the
/// shard, when the data are shards) and row.
fn numeric_values(
    frame: &Frame,
    col: Cow<Column>,
    name: &str,
    spec: &CleanSpec,
    item: bool,
) -> Result<Vec<f64>, IoError> {
    let col = match col {
        Cow::Owned(Column::Num(v)) => return Ok(v),
        c => c,
    };
    match col.as_ref() {
        c @ (Column::Num(_) | Column::Small(_) | Column::Coded(..)) => {
            Ok(c.values().map(|v| v.to_vec()).unwrap_or_default())
        }
        Column::Text(cells) => cells
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                None => Ok(f64::NAN),
                Some(s) => super::read::parse_number(s).ok_or_else(|| {
                    let (file, row) = if frame.shards.is_empty() {
                        (spec.file.to_string(), i + 1)
                    } else {
                        frame.place(i)
                    };
                    if item {
                        IoError::NotNumeric {
                            file,
                            row,
                            line: row + 1,
                            column: name.into(),
                            value: s.to_string(),
                            min: spec.min,
                            max: spec.max,
                        }
                    } else {
                        IoError::NotNumericColumn {
                            file,
                            row,
                            column: name.into(),
                            value: s.to_string(),
                        }
                    }
                }),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_seconds;

    #[test]
    fn forgotten_missing_codes_are_spotted_and_real_values_are_not() {
        let likert = [1.0, 2.0, 3.0, 4.0, 5.0, 3.0, 9.0, 99.0, 4.0, 2.0, 3.0];
        assert_eq!(super::suspect_codes(&likert), vec![(9.0, 1), (99.0, 1)]);
        // Years in post: 9 is an answer among 0-40.
        let years = [1.0, 9.0, 12.0, 25.0, 40.0, 3.0];
        assert!(super::suspect_codes(&years).is_empty());
    }

    #[test]
    fn durations_as_survey_platforms_write_them() {
        for (s, want) in [
            ("123", Some(123.0)),
            ("123秒", Some(123.0)),
            ("2分3秒", Some(123.0)),
            ("5分钟", Some(300.0)),
            ("1小时2分3秒", Some(3723.0)),
            ("123 s", Some(123.0)),
            ("2 min 3 s", Some(123.0)),
            ("02:03", Some(123.0)),
            ("1:02:03", Some(3723.0)),
            ("秒", None),
            ("abc", None),
            ("3秒2分", None),
        ] {
            assert_eq!(parse_seconds(s), want, "{s}");
        }
    }
}
