//! polars' columns into a [`Frame`]: numbers (small whole numbers a byte each), text, and
//! what each double misses of a decimal written in the file.

use super::header::{RenameFrom, name_columns};
use super::read::parse_error;
use super::{Column, Frame, IoError};
use crate::numeric::values::SMALL_MISSING;
use polars::prelude::*;

/// Convert each polars column: numeric types to f64, text to numbers when every non-empty
/// cell parses, else kept as text. `header` is each column's header as written; columns are
/// named from it by [`name_columns`] (renames; duplicate and blank headers set aside).
pub(super) fn to_frame(
    df: DataFrame,
    header: &[String],
    rename: &[(String, RenameFrom)],
    file: &str,
) -> Result<Frame, IoError> {
    let nrows = df.height();
    if nrows == 0 {
        return Err(IoError::Empty { file: file.into() });
    }
    let (names, set_aside) = name_columns(header, rename, file)?;
    let mut frame = Frame {
        nrows,
        set_aside,
        file: file.into(),
        ..Frame::default()
    };
    let mut columns: Vec<(polars::prelude::Column, String)> = df
        .into_columns()
        .into_iter()
        .zip(names)
        .filter_map(|(c, n)| n.map(|n| (c, n)))
        .collect();
    // Each column on its own core (text to numbers is most of reading a large CSV), a few
    // at a time, each polars column let go once converted: the table is not held twice
    // over, once by polars and once converted.
    let threads = crate::numeric::parallel::threads().unwrap_or(1);
    while !columns.is_empty() {
        let batch: Vec<_> =
            (columns.drain(..threads.saturating_mul(4).min(columns.len()))).collect();
        let converted = crate::numeric::parallel::map(&batch, |(col, name)| {
            convert(col.as_materialized_series(), name, file)
        });
        for ((_, name), c) in batch.into_iter().zip(converted) {
            let (column, low) = c?;
            if let Some(low) = low {
                frame.low.insert(name.clone(), low);
            }
            frame.names.push(name);
            frame.columns.push(column);
        }
    }
    Ok(frame)
}

/// One polars column as a [`Column`]: numbers, or text when a non-empty cell is not a number
/// (text columns of numbers come with what each double misses of its decimal, when any does).
fn convert(
    series: &polars::prelude::Series,
    name: &str,
    file: &str,
) -> Result<(Column, Option<Vec<f64>>), IoError> {
    Ok(match series.dtype() {
        DataType::String => {
            let ca = series.str().map_err(parse_error(file))?;
            fn cell(v: Option<&str>) -> Option<&str> {
                v.map(str::trim).filter(|s| !s.is_empty())
            }
            // Numbers first, straight from polars' buffers; text cells are materialized
            // only for a column that turns out not to be numeric.
            let mut hi = Vec::with_capacity(ca.len());
            let mut low: Option<Vec<f64>> = None;
            for (i, v) in ca.iter().enumerate() {
                if let Some(x) = v.and_then(|v| short_integer(v.as_bytes())) {
                    hi.push(x);
                    continue;
                }
                let Some((h, lo)) =
                    cell(v).map_or(Some((f64::NAN, 0.0)), crate::numeric::dd::parse_decimal)
                else {
                    let text = ca.iter().map(cell).collect();
                    return Ok((Column::Text(text), None));
                };
                hi.push(h);
                if lo != 0.0 {
                    low.get_or_insert_with(|| vec![0.0; ca.len()])[i] = lo;
                }
            }
            match low {
                Some(low) => (Column::Num(hi), Some(low)),
                None => (Column::numbers(hi), None),
            }
        }
        DataType::Int8 => {
            // A survey's answers as polars read them (see `read_csv_text`): a byte each,
            // unless a cell holds -128, the byte that stands for a missing one.
            let ca = series.i8().map_err(parse_error(file))?;
            if ca.iter().any(|v| v == Some(SMALL_MISSING)) {
                let v = ca.iter().map(|v| v.map_or(f64::NAN, f64::from)).collect();
                (Column::Num(v), None)
            } else {
                let v = ca.iter().map(|v| v.unwrap_or(SMALL_MISSING)).collect();
                (Column::Small(v), None)
            }
        }
        DataType::Int64 => {
            let ca = series.i64().map_err(parse_error(file))?;
            // Small whole numbers (a survey's answers) a byte each, else doubles.
            if ca.downcast_iter().all(|arr| match arr.validity() {
                None => arr.values().iter().all(|v| (-127..=127).contains(v)),
                Some(valid) => (arr.values().iter().zip(valid.iter()))
                    .all(|(v, ok)| !ok || (-127..=127).contains(v)),
            }) {
                return Ok((
                    Column::Small(
                        ca.iter()
                            .map(|v| v.map_or(SMALL_MISSING, |v| v as i8))
                            .collect(),
                    ),
                    None,
                ));
            }
            let mut out = Vec::with_capacity(ca.len());
            for arr in ca.downcast_iter() {
                match arr.validity() {
                    None => out.extend(arr.values().iter().map(|&v| v as f64)),
                    Some(valid) => out.extend(
                        arr.values()
                            .iter()
                            .zip(valid.iter())
                            .map(|(&v, ok)| if ok { v as f64 } else { f64::NAN }),
                    ),
                }
            }
            (Column::Num(out), None)
        }
        dt if dt.is_primitive_numeric() || dt.is_bool() => {
            let s = series.cast(&DataType::Float64).map_err(parse_error(file))?;
            let ca = s.f64().map_err(parse_error(file))?;
            (
                Column::numbers(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect()),
                None,
            )
        }
        _ => {
            if let Some((row, days)) = outside_calendar(series) {
                return Err(IoError::Other {
                    file: file.into(),
                    message: format!(
                        "column {name}, data row {}: a date {days} days from 1970-01-01 is outside the calendar (years -262143 to 262142); the file is damaged, or the column is not a date",
                        row + 1
                    ),
                });
            }
            let s = series.cast(&DataType::String).map_err(parse_error(file))?;
            let ca = s.str().map_err(parse_error(file))?;
            (Column::Text(ca.iter().collect()), None)
        }
    })
}

/// A cell of at most 15 digits with an optional minus sign and nothing else: the integer
/// it writes, which a double holds exactly (the common case of survey data, read without
/// the general decimal parser; anything else goes to it).
pub(super) fn short_integer(s: &[u8]) -> Option<f64> {
    let (neg, digits) = match s.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut v: u64 = 0;
    for &b in digits {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(if neg { -(v as f64) } else { v as f64 })
}

/// The first cell of a date or date-time column that no calendar date can show (polars panics
/// formatting it; fuzzing found such a Stata file): its row and its day count from 1970.
fn outside_calendar(series: &polars::prelude::Series) -> Option<(usize, i64)> {
    /// chrono's range, about +/-262,000 years, in days from 1970 (a little inside it).
    const MAX_DAYS: i64 = 95_000_000;
    let per_day: i64 = match series.dtype() {
        DataType::Date => 1,
        DataType::Datetime(unit, _) => match unit {
            TimeUnit::Milliseconds => 86_400_000,
            TimeUnit::Microseconds => 86_400_000_000,
            TimeUnit::Nanoseconds => return None,
        },
        _ => return None,
    };
    let phys = series.to_physical_repr().cast(&DataType::Int64).ok()?;
    let ca = phys.i64().ok()?;
    ca.iter().enumerate().find_map(|(i, v)| {
        v.map(|v| v / per_day)
            .filter(|d| d.abs() > MAX_DAYS)
            .map(|d| (i, d))
    })
}
