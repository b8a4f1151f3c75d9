//! SPSS (.sav, .zsav, .por) and Stata (.dta) files, read with polars-readstat-rs (pure Rust).
//!
//! Values stay the numbers stored (value labels are not applied to the data); each column's
//! variable label, value labels and declared user-missing values become its [`ColumnMeta`].
//! SPSS user-missing values are read as missing, and how many cells held one is counted per
//! column, so that cleaning reports them as "missing code" like `[data] missing`.
//!
//! Encodings: a file's own record is honoured (SPSS 16+ and Stata 14+ record it or are
//! UTF-8). A file decoded as windows-1252 — no record (older Chinese SPSS files are GBK with
//! none; so are Stata <= 13 files) — is decoded again with `--encoding` when one is given:
//! windows-1252 maps each byte to one character, so the bytes are recovered exactly and then
//! decoded as asked. Without `--encoding`, such a file whose names or labels are not plain
//! ASCII is an error that says which encoding to name, never a table of garbled labels.

use super::convert::to_frame;
use super::header::{RenameFrom, name_columns};
use super::read::Encoding;
use super::{ColumnMeta, Frame, IoError};
use polars::prelude::*;
use polars_readstat_rs::{InformativeNullColumns, InformativeNullOpts};
use std::collections::BTreeMap;
use std::path::Path;

/// The statistics-package formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatFormat {
    /// SPSS system file, plain or compressed (.sav, .zsav).
    Sav,
    /// SPSS portable file (.por).
    Por,
    /// Stata data file (.dta).
    Dta,
}

/// Suffix of the columns in which the reader reports user-missing codes; chosen so that no
/// real column name ends with it.
const FLAG: &str = "\u{1}user_missing";

/// Read a statistics-package file into a frame with its column metadata.
pub fn read_stat(
    path: &Path,
    format: StatFormat,
    encoding: Option<Encoding>,
    rename: &[(String, RenameFrom)],
) -> Result<Frame, IoError> {
    let file = path.display().to_string();
    let bad = |message: String| IoError::Parse {
        file: file.clone(),
        message,
    };
    let flags = || {
        let mut o = InformativeNullOpts::new(InformativeNullColumns::All);
        o.mode = polars_readstat_rs::InformativeNullMode::SeparateColumn {
            suffix: FLAG.into(),
        };
        o.use_value_labels = false;
        Some(o)
    };
    let kind = match format {
        StatFormat::Sav => "SPSS .sav",
        StatFormat::Dta => "Stata .dta",
        StatFormat::Por => "SPSS portable (.por)",
    };
    if format == StatFormat::Sav {
        let bytes = std::fs::read(path).map_err(|source| IoError::Open {
            file: file.clone(),
            source,
        })?;
        super::sav::check(&bytes).map_err(|why| IoError::Other {
            file: file.clone(),
            message: format!(
                "the file is damaged or not a valid SPSS .sav file: {why}; export it again from the program that made it"
            ),
        })?;
    }
    // A portable file's dictionary and data are walked first: every count and length must fit
    // in the file before polars-readstat-rs reserves room for it.
    let por_dictionary = if format == StatFormat::Por {
        let raw = std::fs::read(path).map_err(|source| IoError::Open {
            file: file.clone(),
            source,
        })?;
        Some(super::por::dictionary(&raw).map_err(|m| IoError::Other {
            file: file.clone(),
            message: format!(
                "the file is damaged or not a valid SPSS portable (.por) file: {m}; export it again from the program that made it"
            ),
        })?)
    } else {
        None
    };
    let (df, meta_df, decoded_as) = super::guarded(&file, kind, || {
        Ok(match format {
            StatFormat::Sav => {
                let reader = polars_readstat_rs::spss::SpssReader::open(path)
                    .map_err(|e| bad(e.to_string()))?;
                let enc = reader.metadata().encoding;
                let meta = reader.metadata().metadata_df.clone();
                let df = reader
                    .read()
                    .value_labels_as_strings(false)
                    .informative_nulls(flags())
                    .finish()
                    .map_err(|e| bad(e.to_string()))?;
                (df, meta, enc)
            }
            StatFormat::Dta => {
                let reader = polars_readstat_rs::stata::StataReader::open(path)
                    .map_err(|e| bad(e.to_string()))?;
                // The reader walks every declared case: a damaged count of cases (fuzzing
                // found 608-byte files that kept it busy for minutes) must fit in the bytes
                // after the data's start.
                let m = reader.metadata();
                let file_len = std::fs::metadata(path).map_or(u64::MAX, |f| f.len());
                let record: u64 = m.storage_widths.iter().map(|&w| u64::from(w)).sum();
                let room = file_len.saturating_sub(m.data_offset.unwrap_or(0));
                let fits = match record.checked_mul(m.row_count) {
                    Some(bytes) => bytes <= room && (record > 0 || m.row_count <= file_len),
                    None => false,
                };
                if !fits {
                    return Err(bad(format!(
                        "it declares {} cases of {record} bytes each, but {room} bytes follow the start of its data",
                        m.row_count
                    )));
                }
                let enc = reader.metadata().encoding;
                let meta = reader.metadata().metadata_df.clone();
                let df = reader
                    .read()
                    .value_labels_as_strings(false)
                    .finish()
                    .map_err(|e| bad(e.to_string()))?;
                (df, meta, enc)
            }
            StatFormat::Por => {
                let (meta, df) =
                    polars_readstat_rs::spss::read_por(path).map_err(|e| bad(e.to_string()))?;
                (df, meta.metadata_df, encoding_rs::WINDOWS_1252)
            }
        })
    })?;
    let decode = Decode::new(&file, decoded_as, encoding);
    // Split off the user-missing indicator columns, counting the cells each flags.
    let mut user_missing: BTreeMap<String, usize> = BTreeMap::new();
    // Names and text cells decoded as the file (or the caller) says.
    let mut keep = Vec::new();
    for col in df.columns() {
        if let Some(base) = col.name().strip_suffix(FLAG) {
            let n = col.len() - col.null_count();
            if n > 0 {
                user_missing.insert(base.to_string(), n);
            }
            continue;
        }
        let raw = col.name().to_string();
        let name = decode.text(&raw, || format!("the name of column {raw}"))?;
        if col.dtype() == &DataType::String {
            let ca = col.str().map_err(|e| bad(e.to_string()))?;
            let mut cells: Vec<Option<String>> = Vec::with_capacity(ca.len());
            for (row, v) in ca.iter().enumerate() {
                cells.push(match v {
                    Some(s) => Some(decode.text(s, || format!("column {name}, row {}", row + 1))?),
                    None => None,
                });
            }
            keep.push(Column::new(name.into(), cells));
        } else {
            keep.push(col.clone().with_name(name.into()));
        }
    }
    let df = DataFrame::new_infer_height(keep).map_err(|e| bad(e.to_string()))?;
    let header: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut frame = to_frame(df, &header, rename, &file)?;
    // The metadata follow their columns to the names `[data.rename]` gives them.
    let (names, _) = name_columns(&header, rename, &file)?;
    let new_name: BTreeMap<&str, &str> = header
        .iter()
        .zip(&names)
        .filter_map(|(h, n)| Some((h.as_str(), n.as_deref()?)))
        .collect();
    let meta = if let Some(dict) = por_dictionary {
        // polars-readstat-rs reads past a portable file's labels and missing values.
        por_meta(&mut frame, dict, &decode, &new_name)?
    } else {
        column_meta(&meta_df, &decode, &user_missing)?
    };
    frame.meta = meta
        .into_iter()
        .filter_map(|(k, m)| Some((new_name.get(k.as_str())?.to_string(), m)))
        .collect();
    Ok(frame)
}

/// A portable file's labels as column metadata, and its user-missing values made missing
/// (counted per column). Text that is UTF-8 (as PSPP writes it) is read as such; other bytes
/// as the caller's `--encoding` says.
fn por_meta(
    frame: &mut Frame,
    dict: Vec<super::por::PorVar>,
    decode: &Decode,
    new_name: &BTreeMap<&str, &str>,
) -> Result<BTreeMap<String, ColumnMeta>, IoError> {
    let text = |bytes: &[u8], what: &dyn Fn() -> String| -> Result<String, IoError> {
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.trim().to_string()),
            Err(_) => {
                let (s, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
                decode.text(s.trim(), what)
            }
        }
    };
    let mut out = BTreeMap::new();
    for v in dict {
        let mut m = ColumnMeta::default();
        if let Some(l) = &v.label {
            m.label = Some(text(l, &|| format!("the label of column {}", v.name))?)
                .filter(|l| !l.is_empty());
        }
        for (k, l) in &v.value_labels {
            m.value_labels.push((
                k.clone(),
                text(l, &|| format!("a value label of column {}", v.name))?,
            ));
        }
        let mut declared: Vec<String> = v.missing.iter().map(|x| format!("{x}")).collect();
        if let Some((a, b)) = v.range {
            declared.insert(0, missing_range(a, b));
        }
        if !declared.is_empty() {
            m.missing = Some(declared.join(", "));
            let name = new_name.get(v.name.as_str()).copied().unwrap_or(&v.name);
            if let Some(i) = frame.names.iter().position(|n| n == name) {
                if let Some(values) = frame.columns[i].widen() {
                    for x in values.iter_mut() {
                        let hit = v.missing.contains(x)
                            || v.range.is_some_and(|(a, b)| *x >= a && *x <= b);
                        if hit {
                            *x = f64::NAN;
                            m.user_missing += 1;
                        }
                    }
                    let values = std::mem::take(values);
                    frame.columns[i] = super::Column::numbers(values);
                }
            }
        }
        if m != ColumnMeta::default() {
            out.insert(v.name, m);
        }
    }
    Ok(out)
}

/// Turning the reader's strings into the file's text.
struct Decode<'a> {
    file: &'a str,
    /// What the reader decoded the bytes as.
    read_as: &'static encoding_rs::Encoding,
    /// What the caller asked for (applied only to text read as windows-1252).
    asked: Option<Encoding>,
}

impl<'a> Decode<'a> {
    fn new(
        file: &'a str,
        read_as: &'static encoding_rs::Encoding,
        asked: Option<Encoding>,
    ) -> Decode<'a> {
        Decode {
            file,
            read_as,
            asked,
        }
    }

    /// One string as the file's text; `what` names it for an error.
    fn text(&self, s: &str, what: impl Fn() -> String) -> Result<String, IoError> {
        let err = |reason: String| IoError::Labels {
            file: self.file.into(),
            what: what(),
            reason,
        };
        if self.read_as == encoding_rs::WINDOWS_1252 && !s.is_ascii() {
            let Some(asked) = self.asked else {
                return Err(err(
                    "the file records no text encoding (or a Western one), and this text is not plain ASCII; pass --encoding gb18030 (or encoding = \"gb18030\" under [data]) for a file from a Chinese SPSS before version 16 or a Stata 13 or older, or --encoding windows-1252 for a Western one".into(),
                ));
            };
            if asked == Encoding::Windows1252 {
                return Ok(s.to_string());
            }
            let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(s);
            let (text, bad) = asked.codec().decode_without_bom_handling(&bytes);
            if bad {
                return Err(err(format!(
                    "its bytes are not valid {}; try another --encoding",
                    asked.name()
                )));
            }
            return Ok(text.trim_end().to_string());
        }
        if s.contains('\u{FFFD}') {
            return Err(err(format!(
                "its bytes are not valid {}, the encoding the file records; save the file again from SPSS or Stata",
                self.read_as.name()
            )));
        }
        Ok(s.to_string())
    }
}

/// Variable labels, value labels and user-missing declarations from the reader's metadata
/// table (columns `name`, `label`, `value_label_codes`, `value_label_labels`,
/// `missing_discrete`, `missing_range_lo`, `missing_range_hi`).
fn column_meta(
    meta: &DataFrame,
    decode: &Decode,
    user_missing: &BTreeMap<String, usize>,
) -> Result<BTreeMap<String, ColumnMeta>, IoError> {
    let text_col = |name: &str| -> Vec<Option<String>> {
        meta.column(name)
            .ok()
            .and_then(|c| {
                c.str()
                    .ok()
                    .map(|ca| ca.iter().map(|v| v.map(String::from)).collect())
            })
            .unwrap_or_else(|| vec![None; meta.height()])
    };
    let list_col = |name: &str| -> Vec<Option<Vec<String>>> {
        let Some(ca) = meta.column(name).ok().and_then(|c| c.list().ok().cloned()) else {
            return vec![None; meta.height()];
        };
        (0..ca.len())
            .map(|i| {
                ca.get_as_series(i).and_then(|s| {
                    s.str()
                        .ok()
                        .map(|ca| ca.iter().map(|x| x.unwrap_or("").to_string()).collect())
                })
            })
            .collect()
    };
    let num_col = |name: &str| -> Vec<Option<f64>> {
        meta.column(name)
            .ok()
            .and_then(|c| c.cast(&DataType::Float64).ok())
            .and_then(|c| c.f64().ok().map(|ca| ca.iter().collect()))
            .unwrap_or_else(|| vec![None; meta.height()])
    };
    let names = text_col("name");
    let labels = text_col("label");
    let codes = list_col("value_label_codes");
    let texts = list_col("value_label_labels");
    let discrete = list_col("missing_discrete");
    let lo = num_col("missing_range_lo");
    let hi = num_col("missing_range_hi");
    let mut out = BTreeMap::new();
    for i in 0..meta.height() {
        let Some(raw_name) = names[i].clone() else {
            continue;
        };
        let name = decode.text(&raw_name, || format!("the name of column {raw_name}"))?;
        let mut m = ColumnMeta::default();
        if let Some(l) = labels[i]
            .as_deref()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            m.label = Some(decode.text(l, || format!("the label of column {name}"))?);
        }
        if let (Some(cs), Some(ts)) = (&codes[i], &texts[i]) {
            for (c, t) in cs.iter().zip(ts) {
                let key = c
                    .trim()
                    .parse::<f64>()
                    .map_or_else(|_| c.trim_end().to_string(), |v| format!("{v}"));
                let key = decode.text(&key, || format!("a value label of column {name}"))?;
                let text = decode.text(t.trim(), || format!("a value label of column {name}"))?;
                m.value_labels.push((key, text));
            }
        }
        let mut declared: Vec<String> = discrete[i].clone().unwrap_or_default();
        if let (Some(a), Some(b)) = (lo[i], hi[i]) {
            declared.insert(0, missing_range(a, b));
        }
        if !declared.is_empty() {
            m.missing = Some(declared.join(", "));
        }
        m.user_missing = user_missing.get(&raw_name).copied().unwrap_or(0);
        if m != ColumnMeta::default() {
            out.insert(name, m);
        }
    }
    Ok(out)
}

/// A user-missing range as SPSS writes it: "97 THRU HIGHEST" (an end beyond the largest
/// finite double, or infinite, is LOWEST or HIGHEST).
fn missing_range(a: f64, b: f64) -> String {
    let end = |x: f64| {
        if x <= f64::MIN {
            "LOWEST".to_string()
        } else if x >= f64::MAX {
            "HIGHEST".to_string()
        } else {
            format!("{x}")
        }
    };
    format!("{} THRU {}", end(a), end(b))
}
