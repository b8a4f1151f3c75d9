//! File formats and encodings: bytes -> polars DataFrame -> [`Frame`].

use super::csv_scan::{delimiter_of, ragged, records_end};
use super::format::Format;
use super::header::{RenameFrom, name_columns};
use super::stat::StatFormat;
use super::{Column, Frame, IoError};
use polars::prelude::*;
use std::io::Cursor;
use std::path::Path;

/// Text encoding of a CSV file, or of an SPSS/Stata file that records none. One definition
/// serves `--encoding` and `[data] encoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (also "utf8").
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030, which also reads GBK and GB2312 (older Chinese Windows and Excel exports;
    /// also "gbk", "gb2312").
    #[value(name = "gb18030", aliases = ["gbk", "gb2312"])]
    Gb18030,
    /// Windows-1252, Western European (also "latin1", "cp1252").
    #[value(name = "windows-1252", aliases = ["latin1", "cp1252"])]
    Windows1252,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// The decoder.
    pub fn codec(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => encoding_rs::UTF_8,
            Encoding::Gb18030 => encoding_rs::GB18030,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
        }
    }
}

/// The field delimiter of a CSV file from its written form: one ASCII character, or "tab"
/// (also `\t` written out or a literal tab). Shared by `--delimiter` and `[data] delimiter`.
pub fn parse_delimiter(s: &str) -> Result<u8, String> {
    match s {
        "tab" | "\\t" | "\t" => Ok(b'\t'),
        d if d.len() == 1 && d.is_ascii() => Ok(d.as_bytes()[0]),
        d => Err(format!("\"{d}\" must be one ASCII character or \"tab\"")),
    }
}

/// How to read a file.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    /// The format; None: from the file's ending.
    pub format: Option<Format>,
    /// The text encoding; None: UTF-8 for text files, the file's own record for SPSS/Stata.
    pub encoding: Option<Encoding>,
    pub delimiter: u8,
    /// The sheet of a workbook: its name or its number from 1 (default: the first).
    pub sheet: Option<String>,
    /// Short names for columns, by header text or position (`[data.rename]`).
    pub rename: Vec<(String, RenameFrom)>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            encoding: None,
            delimiter: b',',
            sheet: None,
            rename: Vec::new(),
        }
    }
}

/// Read a data file in any format read: CSV, Parquet, a workbook (.xlsx, .xls, .ods), SPSS
/// (.sav, .zsav, .por) or Stata (.dta), after checking that its first bytes are what its
/// format says. CSV cells are kept as text except in columns where every non-empty cell is
/// a number; numeric parsing of items is strict and done by `clean`.
pub fn read_table(path: &Path, opts: ReadOptions) -> Result<Frame, IoError> {
    let file = path.display().to_string();
    if super::shards::is_pattern(path) {
        return super::shards::read_shards(path, opts);
    }
    if !path.exists() {
        return Err(IoError::NotFound {
            looked: std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
            file,
        });
    }
    let format = opts
        .format
        .or_else(|| Format::of_ending(path))
        .ok_or_else(|| super::format::unknown_ending(path))?;
    super::format::check_content(path, format)?;
    if let (Some(sheet), false) = (&opts.sheet, format == Format::Excel) {
        return Err(IoError::Other {
            file,
            message: format!(
                "a sheet (\"{sheet}\") is named, but this is a {} file, not a workbook; leave out --sheet (sheet under [data])",
                format.name()
            ),
        });
    }
    let stat = |f| super::stat::read_stat(path, f, opts.encoding, &opts.rename);
    match format {
        Format::Excel => {
            return super::workbook::read_workbook(path, opts.sheet.as_deref(), &opts.rename);
        }
        Format::Sav => return stat(StatFormat::Sav),
        Format::Por => return stat(StatFormat::Por),
        Format::Dta => return stat(StatFormat::Dta),
        Format::Csv | Format::Parquet => {}
    }
    let is_parquet = format == Format::Parquet;
    let bytes = std::fs::read(path).map_err(|source| IoError::Open {
        file: file.clone(),
        source,
    })?;
    let (df, header) = if is_parquet {
        let df = super::guarded(&file, "Parquet", || {
            ParquetReader::new(Cursor::new(bytes))
                .finish()
                .map_err(parse_error(&file))
        })?;
        let header = df
            .get_column_names()
            .iter()
            .map(|n| n.to_string())
            .collect();
        (df, header)
    } else {
        let text: Vec<u8> = match opts.encoding.unwrap_or(Encoding::Utf8) {
            Encoding::Utf8 => {
                let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
                    3
                } else {
                    0
                };
                if let Err(e) = std::str::from_utf8(&bytes[bom..]) {
                    return Err(IoError::NotUtf8 {
                        file,
                        offset: e.valid_up_to() + bom,
                    });
                }
                let mut text = bytes;
                text.drain(..bom);
                text
            }
            Encoding::Gb18030 => {
                let (s, _, had_errors) = encoding_rs::GB18030.decode(&bytes);
                if had_errors {
                    return Err(IoError::BadGb18030 { file });
                }
                s.into_owned().into_bytes()
            }
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&bytes)
                .0
                .into_owned()
                .into_bytes(),
        };
        if text.iter().all(|b| b.is_ascii_whitespace()) {
            return Err(IoError::Empty { file });
        }
        let delimiter = delimiter_of(path, &text, opts.delimiter, &file)?;
        // polars refuses a record with more fields than the header; only then is the text
        // scanned again to name the record (a scan of every byte: 0.2 s per 100 MB). But a
        // last record without a line break may carry an empty extra field past polars
        // ("3,4," under "a,b"), so a text that does not end in one is scanned as before.
        match read_csv_text(&text, delimiter, &file) {
            Ok(read) if text.ends_with(b"\n") => read,
            read => match (ragged(&text, delimiter), read) {
                (Some((line, fields, header)), _) => {
                    return Err(IoError::Ragged {
                        file,
                        line,
                        fields,
                        header,
                    });
                }
                (None, read) => read?,
            },
        }
    };
    to_frame(df, &header, &opts.rename, &file)
}

/// Rows read first to find the header and the columns of whole numbers.
const SAMPLE_ROWS: usize = 1000;

/// A CSV file's data rows and its header as written. The header is read as a row: a survey
/// platform's headers may repeat or be blank, which polars would rename (`x_duplicated_0`);
/// `name_columns` says so instead. Columns whose sampled cells are all short integers are
/// read as integers by polars (a survey's answers: no text per cell); when any cell of such
/// a column is not one, or anything else differs from the sample, the whole file is read
/// again as text, cell by cell as before, so that the result never depends on the sample.
fn read_csv_text(
    text: &[u8],
    delimiter: u8,
    file: &str,
) -> Result<(DataFrame, Vec<String>), IoError> {
    let read = |text: &[u8], skip: usize, types: Option<Vec<DataType>>| {
        super::guarded(file, "CSV", || {
            CsvReadOptions::default()
                .with_has_header(false)
                .with_infer_schema_length(Some(0))
                .with_skip_rows(skip)
                .with_dtype_overwrite(types.map(std::sync::Arc::new))
                .with_parse_options(CsvParseOptions::default().with_separator(delimiter))
                .into_reader_with_file_handle(Cursor::new(text))
                .finish()
                .map_err(parse_error(file))
        })
    };
    let header_of = |df: &DataFrame| -> Vec<String> {
        df.columns()
            .iter()
            .map(|c| {
                c.str()
                    .ok()
                    .and_then(|ca| ca.get(0))
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let end = records_end(text, SAMPLE_ROWS + 1);
    let sample = read(&text[..end], 0, None)?;
    if end == text.len() {
        // The whole file: no second read.
        let header = header_of(&sample);
        return Ok((sample.slice(1, sample.height().saturating_sub(1)), header));
    }
    let whole: Vec<bool> = sample
        .columns()
        .iter()
        .map(|c| {
            c.str().is_ok_and(|ca| {
                ca.iter().skip(1).any(|v| v.is_some())
                    && ca
                        .iter()
                        .skip(1)
                        .all(|v| v.is_none_or(|v| short_integer(v.as_bytes()).is_some()))
            })
        })
        .collect();
    if whole.iter().any(|&w| w) {
        let types: Vec<DataType> = whole
            .iter()
            .map(|&w| if w { DataType::Int64 } else { DataType::String })
            .collect();
        // Integers beyond 2^53 have a decimal remainder a double misses: read as text.
        const EXACT: i64 = 1 << 53;
        let fits = |df: &DataFrame| {
            df.width() == whole.len()
                && df.columns().iter().zip(&whole).all(|(c, &w)| {
                    // (Values under nulls are checked too: at worst a needless second read.)
                    !w || c.as_materialized_series().i64().is_ok_and(|ca| {
                        ca.downcast_iter()
                            .all(|a| a.values().iter().all(|v| (-EXACT..=EXACT).contains(v)))
                    })
                })
        };
        if let Ok(body) = read(text, 1, Some(types))
            && fits(&body)
        {
            return Ok((body, header_of(&sample)));
        }
    }
    let all = read(text, 0, None)?;
    let header = header_of(&all);
    Ok((all.slice(1, all.height().saturating_sub(1)), header))
}

/// A polars error while reading `file`.
fn parse_error(file: &str) -> impl Fn(PolarsError) -> IoError + '_ {
    move |e| IoError::Parse {
        file: file.into(),
        message: e.to_string(),
    }
}

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
                    let text = ca.iter().map(|v| cell(v).map(String::from)).collect();
                    return Ok((Column::Text(text), None));
                };
                hi.push(h);
                if lo != 0.0 {
                    low.get_or_insert_with(|| vec![0.0; ca.len()])[i] = lo;
                }
            }
            (Column::Num(hi), low)
        }
        DataType::Int64 => {
            let ca = series.i64().map_err(parse_error(file))?;
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
                Column::Num(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect()),
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
            (
                Column::Text(ca.iter().map(|v| v.map(String::from)).collect()),
                None,
            )
        }
    })
}

/// A cell of at most 15 digits with an optional minus sign and nothing else: the integer
/// it writes, which a double holds exactly (the common case of survey data, read without
/// the general decimal parser; anything else goes to it).
fn short_integer(s: &[u8]) -> Option<f64> {
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

/// Parse a cell as a number (finite decimals only; "NaN"/"inf" are not numbers here).
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let v: f64 = t.parse().ok()?;
    if v.is_finite() { Some(v) } else { None }
}

#[cfg(test)]
mod tests {
    use super::{ReadOptions, read_table};
    use crate::io::Column;

    /// A file longer than the sample whose whole-number columns turn out, past the sample, to
    /// hold a decimal, a word and an integer beyond 2^53: every cell is read as the text path
    /// reads it (the sample never decides a value).
    #[test]
    fn cells_past_the_sample_are_read_as_the_text_path_reads_them() {
        let rows = super::SAMPLE_ROWS + 500;
        let mut csv = String::from("id,a,b,c,d,e\n");
        for i in 1..=rows {
            let a = if i == rows - 300 {
                "3.5".to_string()
            } else {
                (i % 5).to_string()
            };
            let b = if i == rows - 200 {
                "x".to_string()
            } else {
                (i % 7).to_string()
            };
            let c = if i == rows - 100 {
                "9007199254740993".to_string()
            } else {
                i.to_string()
            };
            let d = if i % 50 == 0 {
                String::new()
            } else {
                (i % 3).to_string()
            };
            csv.push_str(&format!("{i},{a},{b},{c},{d},t{i}\n"));
        }
        let dir = std::env::temp_dir().join(format!("bprstat-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("late.csv");
        std::fs::write(&path, csv).unwrap();
        let frame = read_table(&path, ReadOptions::default()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(frame.nrows, rows);
        assert_eq!(frame.num("a").unwrap()[rows - 301], 3.5);
        assert!(matches!(frame.get("b"), Some(Column::Text(_))));
        let c = frame.num("c").unwrap();
        assert_eq!(c[rows - 101], 9_007_199_254_740_992.0);
        assert_eq!(frame.low["c"][rows - 101], 1.0, "the remainder beyond 2^53");
        let d = frame.num("d").unwrap();
        assert!(d[49].is_nan() && d[50] == 0.0);
        assert!(matches!(frame.get("e"), Some(Column::Text(_))));
        assert_eq!(frame.num("id").unwrap()[rows - 1], rows as f64);
    }
}
