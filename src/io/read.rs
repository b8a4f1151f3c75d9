//! File formats and encodings: bytes -> polars DataFrame -> [`Frame`].

use super::convert::{short_integer, to_frame};
use super::csv_scan::{delimiter_of, ragged, records_end};
use super::format::Format;
use super::header::RenameFrom;
use super::stat::StatFormat;
use super::{Frame, IoError};
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
    let frame = to_frame(df, &header, &opts.rename, &file);
    release_freed_memory();
    frame
}

/// Hand the memory freed by reading (polars' buffers, the file's text) back to the system.
/// glibc keeps freed memory for reuse in each thread's arena; after reading a large file
/// that is hundreds of megabytes the analyses never reuse (1,000,000 respondents: the
/// process's peak fell from 1.06 GB to 0.74 GB, time unchanged).
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the allocator's arenas to the system;
    // it touches no memory in use.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Rows read first to find the header and the columns of whole numbers.
const SAMPLE_ROWS: usize = 1000;

/// A CSV text up to this size is read whole as text, in one read: typed columns save memory
/// only on large files, and a sample read, then the whole file typed, are two reads (the
/// benchmark study S, 1,010 records in 98 KB, just past the sample, took two).
const WHOLE_AS_TEXT: usize = 1 << 20;

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
    read_csv_sampled(text, delimiter, file, WHOLE_AS_TEXT)
}

/// `read_csv_text` with a text up to `whole_as_text` bytes read whole as text.
fn read_csv_sampled(
    text: &[u8],
    delimiter: u8,
    file: &str,
    whole_as_text: usize,
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
    let end = match text.len() <= whole_as_text {
        true => text.len(),
        false => records_end(text, SAMPLE_ROWS + 1),
    };
    let sample = read(&text[..end], 0, None)?;
    if end == text.len() {
        // The whole file: no second read.
        let header = header_of(&sample);
        return Ok((sample.slice(1, sample.height().saturating_sub(1)), header));
    }
    // Each sampled column: whether its cells are all short integers (and some present), and
    // whether they all lie within -127..127 as well (a survey's answers).
    let (whole, small): (Vec<bool>, Vec<bool>) = (sample.columns().iter())
        .map(|c| {
            let Ok(ca) = c.str() else {
                return (false, false);
            };
            let (mut any, mut small) = (false, true);
            for v in ca.iter().skip(1).flatten() {
                let Some(x) = short_integer(v.as_bytes()) else {
                    return (false, false);
                };
                any = true;
                small &= x.abs() <= 127.0;
            }
            (any, any && small)
        })
        .unzip();
    if whole.iter().any(|&w| w) {
        // The columns of answers are read as bytes; should a later cell not fit one (polars
        // refuses it), the whole-number columns are read again as Int64.
        let types = |narrow: bool| -> Vec<DataType> {
            (whole.iter().zip(&small))
                .map(|(&w, &s)| match (w, narrow && s) {
                    (false, _) => DataType::String,
                    (true, true) => DataType::Int8,
                    (true, false) => DataType::Int64,
                })
                .collect()
        };
        // Integers beyond 2^53 have a decimal remainder a double misses: read as text.
        const EXACT: i64 = 1 << 53;
        let fits = |df: &DataFrame, types: &[DataType]| {
            df.width() == whole.len()
                && df.columns().iter().zip(types).all(|(c, t)| {
                    let s = c.as_materialized_series();
                    // (Values under nulls are checked too: at worst a needless second read.)
                    match t {
                        DataType::Int64 => s.i64().is_ok_and(|ca| {
                            (ca.downcast_iter())
                                .all(|a| a.values().iter().all(|v| (-EXACT..=EXACT).contains(v)))
                        }),
                        t => s.dtype() == t,
                    }
                })
        };
        let narrow_first = small.iter().any(|&s| s);
        for narrow in [narrow_first, false] {
            let types = types(narrow);
            match read(text, 1, Some(types.clone())) {
                Ok(body) if fits(&body, &types) => return Ok((body, header_of(&sample))),
                Err(_) if narrow => continue,
                // Not whole numbers past the sample, or beyond 2^53: read as text.
                _ => break,
            }
        }
    }
    let all = read(text, 0, None)?;
    let header = header_of(&all);
    Ok((all.slice(1, all.height().saturating_sub(1)), header))
}

/// A polars error while reading `file`.
pub(super) fn parse_error(file: &str) -> impl Fn(PolarsError) -> IoError + '_ {
    move |e| IoError::Parse {
        file: file.into(),
        message: e.to_string(),
    }
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

    /// Columns of answers are parsed by polars into a byte a cell (no 8-byte integer per
    /// cell held while reading), the others as before.
    #[test]
    fn answers_are_parsed_into_bytes() {
        let mut csv = String::from("id,q,t\n");
        for i in 1..=super::SAMPLE_ROWS + 500 {
            let q = if i % 9 == 0 {
                String::new()
            } else {
                (i % 5).to_string()
            };
            csv.push_str(&format!("{i},{q},t{i}\n"));
        }
        let (df, header) = super::read_csv_sampled(csv.as_bytes(), b',', "f.csv", 0).unwrap();
        assert_eq!(header, ["id", "q", "t"]);
        use polars::prelude::DataType::{Int8, Int64, String as Text};
        assert_eq!(df.dtypes(), [Int64, Int8, Text]);
        // A 200 past the sample: polars refuses it as a byte, the column is read as Int64,
        // the others as before; -128 is a byte, but the one that stands for a missing cell.
        let dir = std::env::temp_dir().join(format!("bprstat-bytes-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (late, read_as) in [(200, [Int64, Int64, Text]), (-128, [Int64, Int8, Text])] {
            let csv = csv.replacen("\n1400,0,t1400\n", &format!("\n1400,{late},t1400\n"), 1);
            assert!(csv.contains(&format!("\n1400,{late},")));
            let (df, header) = super::read_csv_sampled(csv.as_bytes(), b',', "f.csv", 0).unwrap();
            assert_eq!(df.dtypes(), read_as, "{late}");
            let typed = super::to_frame(df, &header, &[], "f.csv").unwrap();
            // Read whole as text (a small file), the same numbers.
            let (whole, header) = super::read_csv_text(csv.as_bytes(), b',', "f.csv").unwrap();
            assert!(whole.dtypes().iter().all(|t| *t == Text), "{late}");
            let frame = super::to_frame(whole, &header, &[], "f.csv").unwrap();
            assert_eq!(frame.names, typed.names);
            for (name, (a, b)) in frame
                .names
                .iter()
                .zip(frame.columns.iter().zip(&typed.columns))
            {
                // Compared as printed: a missing cell is NaN, which equals nothing.
                let (a, b) = (format!("{a:?}"), format!("{b:?}"));
                assert!(a == b, "{late} {name}: {:.60} vs {:.60}", a, b);
            }
            assert_eq!(frame.low, typed.low, "{late}");
            let path = dir.join("late.csv");
            std::fs::write(&path, &csv).unwrap();
            let frame = read_table(&path, ReadOptions::default()).unwrap();
            assert!(matches!(frame.get("q"), Some(Column::Num(_))), "{late}");
            let q = frame.num("q").unwrap();
            assert_eq!(
                (q.at(1398), q.at(1399)),
                (f64::from(1399 % 5), f64::from(late))
            );
            assert!(q.at(8).is_nan(), "an empty cell stays missing");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A file longer than the sample whose whole-number columns turn out, past the sample, to
    /// hold a decimal, a word, an integer beyond 2^53, one beyond a byte (200) and -128 (the
    /// byte of a missing cell): every cell is read as the text path reads it (the sample
    /// never decides a value). Columns of answers are held in a byte a cell.
    #[test]
    fn cells_past_the_sample_are_read_as_the_text_path_reads_them() {
        // Past the size read whole as text, so that the sample and the typed read are used.
        let rows = (super::WHOLE_AS_TEXT / 20).max(super::SAMPLE_ROWS + 500);
        let mut csv = String::from("id,a,b,c,d,e,f,g\n");
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
            let f = if i == rows - 50 { 200 } else { i % 5 };
            let g = if i == rows - 40 {
                -128
            } else {
                -(i as i64 % 4)
            };
            csv.push_str(&format!("{i},{a},{b},{c},{d},t{i},{f},{g}\n"));
        }
        assert!(csv.len() > super::WHOLE_AS_TEXT);
        let dir = std::env::temp_dir().join(format!("bprstat-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("late.csv");
        std::fs::write(&path, csv).unwrap();
        let frame = read_table(&path, ReadOptions::default()).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(frame.nrows, rows);
        assert_eq!(frame.num("a").unwrap().at(rows - 301), 3.5);
        assert!(matches!(frame.get("b"), Some(Column::Text(_))));
        let c = frame.num("c").unwrap();
        assert_eq!(c.at(rows - 101), 9_007_199_254_740_992.0);
        assert_eq!(frame.low["c"][rows - 101], 1.0, "the remainder beyond 2^53");
        let d = frame.num("d").unwrap();
        assert!(d.at(49).is_nan() && d.at(50) == 0.0);
        assert!(matches!(frame.get("d"), Some(Column::Small(_))));
        assert!(matches!(frame.get("e"), Some(Column::Text(_))));
        assert_eq!(frame.num("id").unwrap().at(rows - 1), rows as f64);
        let (f, g) = (frame.num("f").unwrap(), frame.num("g").unwrap());
        assert!(matches!(frame.get("f"), Some(Column::Num(_))));
        assert!(matches!(frame.get("g"), Some(Column::Num(_))));
        assert_eq!(
            (f.at(rows - 51), f.at(rows - 52)),
            (200.0, ((rows - 51) % 5) as f64)
        );
        assert_eq!(
            (g.at(rows - 41), g.at(rows - 42)),
            (-128.0, -(((rows - 41) % 4) as f64))
        );
    }
}
