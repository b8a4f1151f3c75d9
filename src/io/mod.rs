//! Reading data: CSV (UTF-8 with or without BOM, GB18030/GBK, windows-1252) and Parquet
//! through polars, Excel and OpenDocument workbooks through calamine (`workbook`), SPSS and
//! Stata files through polars-readstat-rs (`stat`, with their labels as [`ColumnMeta`]),
//! into a [`Frame`] of numeric and text columns; cleaning of Likert items (missing codes and
//! out-of-range values become missing, counted per item). Input files are only ever read.
//! The reading options (`Format`, `Encoding`, `parse_delimiter`) are defined here and serve
//! both the study file and the command line.

mod clean;
mod convert;
mod csv_scan;
pub mod engine;
mod format;
mod header;
pub mod moments;
mod por;
pub mod query;
mod read;
mod sav;
pub mod shards;
mod stat;
mod workbook;

pub use clean::{CleanSpec, clean_columns, parse_seconds, seconds, suspect_codes};
pub use format::{Format, KNOWN_ENDINGS};
pub use header::{RenameFrom, parse_rename};
pub use read::{Encoding, ReadOptions, parse_delimiter, read_table, release_freed_memory};

use crate::formula::{ColumnData, Source, Texts};
use crate::numeric::values::{Values, compact, small_value};

/// A column: numbers (NaN = missing), small whole numbers one byte each (a survey's answers
/// and codes, from -127 to 127; `SMALL_MISSING` = missing), numbers of few distinct values
/// as one-byte codes into a table of them (a construct's scores), or text (None = missing;
/// each distinct text stored once).
#[derive(Clone, Debug, PartialEq)]
pub enum Column {
    Num(Vec<f64>),
    Small(Vec<i8>),
    Coded(Vec<u8>, Vec<f64>),
    Text(Texts),
}

impl Column {
    /// Cell `i` as text: a number in its shortest form, a missing cell (or a row past the
    /// end) empty. How ids are shown and compared.
    pub fn text_at(&self, i: usize) -> String {
        match self {
            Column::Num(_) | Column::Small(_) | Column::Coded(..) => (self.values())
                .filter(|v| i < v.len())
                .map(|v| v.at(i))
                .filter(|x| x.is_finite())
                .map_or_else(String::new, |x| format!("{x}")),
            Column::Text(v) => (i < v.len())
                .then(|| v.get(i))
                .flatten()
                .unwrap_or_default()
                .to_string(),
        }
    }

    /// Numbers as a column holds them: small whole numbers in a byte each when all of them
    /// are (missing or from -127 to 127), else doubles.
    pub fn numbers(values: Vec<f64>) -> Column {
        match compact(&values) {
            Some(small) => Column::Small(small),
            None => Column::Num(values),
        }
    }

    /// Numbers held as compactly as they allow: as [`Column::numbers`], else, with at most
    /// 256 distinct values (the means of a few answers), as codes into a table of them; the
    /// same doubles read back, bit for bit.
    pub fn few_values(values: Vec<f64>) -> Column {
        if let Some(small) = compact(&values) {
            return Column::Small(small);
        }
        match crate::numeric::values::dictionary(&values) {
            Some((codes, table)) => Column::Coded(codes, table),
            None => Column::Num(values),
        }
    }

    /// A numeric column's numbers as doubles to change in place (a column of bytes or codes
    /// is widened to doubles first); None for text.
    pub fn widen(&mut self) -> Option<&mut Vec<f64>> {
        if let Column::Small(v) = self {
            *self = Column::Num(v.iter().map(|&x| small_value(x)).collect());
        }
        if let Column::Coded(codes, table) = self {
            *self = Column::Num(codes.iter().map(|&c| table[c as usize]).collect());
        }
        match self {
            Column::Num(v) => Some(v),
            _ => None,
        }
    }

    /// The numbers of a numeric column (None for text).
    pub fn values(&self) -> Option<Values<'_>> {
        match self {
            Column::Num(v) => Some(Values::Real(v)),
            Column::Small(v) => Some(Values::Small(v)),
            Column::Coded(codes, table) => Some(Values::Coded(codes, table)),
            Column::Text(_) => None,
        }
    }

    /// Each cell as a key, equal exactly where [`text_at`](Self::text_at) is: a number's
    /// bits, a text's code in the order of first appearance; None for a missing or empty
    /// cell. Compares ids without a string per row.
    pub fn keys(&self) -> Vec<Option<u64>> {
        match self {
            Column::Num(_) | Column::Small(_) | Column::Coded(..) => (self.values().iter())
                .flat_map(|v| v.iter())
                .map(|x| x.is_finite().then(|| x.to_bits()))
                .collect(),
            // Equal codes are equal texts; "" is a missing id, as `text_at` shows it.
            Column::Text(v) => {
                let empty = v.distinct().iter().position(String::is_empty);
                (0..v.len())
                    .map(|i| {
                        v.code(i)
                            .filter(|&c| Some(c as usize) != empty)
                            .map(u64::from)
                    })
                    .collect()
            }
        }
    }
}

/// What a statistics file (SPSS, Stata) says of a column beyond its values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnMeta {
    /// The variable label (SPSS "Label"): for items, the question text.
    pub label: Option<String>,
    /// Value labels: a value as written in level names (numbers in their shortest form,
    /// e.g. "3") and its label.
    pub value_labels: Vec<(String, String)>,
    /// The declared user-missing values as SPSS shows them ("9, 99", "97 THRU HIGHEST").
    pub missing: Option<String>,
    /// Cells that held a user-missing value; they are read as missing and counted as
    /// "missing code" when the column is cleaned.
    pub user_missing: usize,
}

/// Run a reader of another crate (polars, polars-readstat-rs, calamine) on a file it may find
/// damaged: a panic inside it (fuzzing found `capacity overflow` in polars-readstat-rs on a
/// damaged .sav header) becomes an error naming the file, not a crash. Only the other crate's
/// call is wrapped, so a panic of bprstat's own code still shows (and fails the fuzzers).
pub(crate) fn guarded<T>(
    file: &str,
    what: &str,
    read: impl FnOnce() -> Result<T, IoError>,
) -> Result<T, IoError> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(hook);
    result.unwrap_or_else(|panic| {
        let why = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".into());
        Err(IoError::Other {
            file: file.into(),
            message: format!(
                "the file is damaged or not a valid {what} file: its reader stopped ({why}); export it again from the program that made it"
            ),
        })
    })
}

/// What an item's answer must be: a number in its scale when one is given.
fn answer(min: f64, max: f64) -> String {
    if min.is_finite() && max.is_finite() {
        format!("a number between {min} and {max}")
    } else {
        "a number".into()
    }
}

/// A table read from a file: named columns of equal length.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub names: Vec<String>,
    pub columns: Vec<Column>,
    pub nrows: usize,
    /// For numeric columns read from decimal text: per cell, what the nearest double misses
    /// of the decimal value (present only where some cell is not exactly representable).
    /// Lets ill-conditioned fits use the data as written, not as rounded to binary.
    pub low: std::collections::BTreeMap<String, Vec<f64>>,
    /// Labels and missing-value declarations of the columns that have any (SPSS, Stata).
    pub meta: std::collections::BTreeMap<String, ColumnMeta>,
    /// Headers that appear more than once, or blank (""), with their positions from 1: those
    /// columns are set aside, not read, until `[data.rename]` names them.
    pub set_aside: std::collections::BTreeMap<String, Vec<usize>>,
    /// The file's name, for messages.
    pub file: String,
    /// The data row of the file (from 1) of each row, once rows were left out by
    /// `[data] filter` or `exclude`; empty while every row is kept (row i is data row i + 1).
    pub file_rows: Vec<usize>,
    /// When the data are shards (`[data] path` a pattern): each shard's file and the number
    /// of data rows before it; `file` is then the pattern.
    pub shards: Vec<(String, usize)>,
}

impl Frame {
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| &self.columns[i])
    }

    /// Numeric values of a column (None when absent or text).
    pub fn num(&self, name: &str) -> Option<Values<'_>> {
        self.get(name).and_then(Column::values)
    }

    /// Why `name` cannot be used when its header appears twice in the file; None otherwise.
    pub fn duplicate_message(&self, name: &str) -> Option<String> {
        header::duplicate_message(&self.set_aside, name, &self.file)
    }

    /// Check that every named column exists, naming the file and its columns when one does not.
    pub fn require_columns<'a>(
        &self,
        names: impl IntoIterator<Item = &'a String>,
        file: &str,
    ) -> Result<(), IoError> {
        for n in names {
            if let Some(message) = self.duplicate_message(n) {
                return Err(IoError::Ambiguous(message));
            }
            if self.get(n).is_none() {
                return Err(IoError::MissingColumn {
                    file: file.into(),
                    column: n.clone(),
                    columns: self.names.join(", "),
                });
            }
        }
        Ok(())
    }

    /// The variable label of a column, if the file gave it one.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.meta.get(name)?.label.as_deref()
    }

    /// The variable labels of the named columns that have one.
    pub fn labels_of<'a>(
        &self,
        names: impl IntoIterator<Item = &'a str>,
    ) -> std::collections::BTreeMap<String, String> {
        names
            .into_iter()
            .filter_map(|n| Some((n.to_string(), self.label(n)?.to_string())))
            .collect()
    }

    /// The value label of one level of a column ("3" -> "卫生局"), if the file gave one.
    pub fn level_label(&self, name: &str, level: &str) -> Option<&str> {
        self.meta
            .get(name)?
            .value_labels
            .iter()
            .find(|(k, _)| k == level)
            .map(|(_, v)| v.as_str())
    }

    /// The data row of the file (from 1; the line number minus 1 in a text file) of row `i`.
    pub fn file_row(&self, i: usize) -> usize {
        self.file_rows.get(i).copied().unwrap_or(i + 1)
    }

    /// The file and its data row (from 1) of row `i`: the shard holding it when the data are
    /// shards, else `file` and [`Frame::file_row`].
    pub fn place(&self, i: usize) -> (String, usize) {
        let row = self.file_row(i);
        match self.shards.iter().rev().find(|(_, before)| *before < row) {
            Some((file, before)) => (file.clone(), row - before),
            None => (self.file.clone(), row),
        }
    }

    /// Keep the rows where `keep` is true (file row numbers are remembered).
    pub fn keep_rows(&mut self, keep: &[bool]) {
        assert_eq!(keep.len(), self.nrows, "one flag per row");
        fn pick<T>(v: &mut Vec<T>, keep: &[bool]) {
            let mut flags = keep.iter();
            v.retain(|_| flags.next() == Some(&true));
        }
        self.file_rows = (0..self.nrows)
            .filter(|&i| keep[i])
            .map(|i| self.file_row(i))
            .collect();
        for c in &mut self.columns {
            match c {
                Column::Num(v) => pick(v, keep),
                Column::Small(v) => pick(v, keep),
                Column::Coded(codes, _) => pick(codes, keep),
                Column::Text(v) => v.retain_rows(keep),
            }
        }
        for v in self.low.values_mut() {
            pick(v, keep);
        }
        self.nrows = self.file_rows.len();
    }

    /// Add or replace a column (a replaced column loses its decimal remainders).
    pub fn set(&mut self, name: &str, col: Column) {
        self.low.remove(name);
        match self.names.iter().position(|n| n == name) {
            Some(i) => self.columns[i] = col,
            None => {
                self.names.push(name.to_string());
                self.columns.push(col);
            }
        }
    }
}

impl Source for Frame {
    fn nrows(&self) -> usize {
        self.nrows
    }
    fn column(&self, name: &str) -> Option<ColumnData<'_>> {
        self.get(name).map(|c| match c {
            Column::Num(v) => ColumnData::Num(Values::Real(v)),
            Column::Small(v) => ColumnData::Num(Values::Small(v)),
            Column::Coded(codes, table) => ColumnData::Num(Values::Coded(codes, table)),
            Column::Text(v) => ColumnData::Text(v),
        })
    }
    fn low(&self, name: &str) -> Option<&[f64]> {
        self.low.get(name).map(Vec::as_slice)
    }
    fn level_label(&self, name: &str, level: &str) -> Option<&str> {
        Frame::level_label(self, name, level)
    }
}

/// Errors reading data, each naming the file and, where it applies, the row, column and value.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    #[error("cannot read data file {file}: {source}")]
    Open {
        file: String,
        source: std::io::Error,
    },
    #[error(
        "data file {file} is not valid UTF-8 (first invalid byte at offset {offset}); if it was saved as GBK/GB18030 (e.g. by Excel on a Chinese Windows), set encoding = \"gb18030\" under [data] in the study file (or pass --encoding gb18030)"
    )]
    NotUtf8 { file: String, offset: usize },
    #[error("data file {file} has invalid GB18030 bytes; check the encoding under [data]")]
    BadGb18030 { file: String },
    #[error("cannot parse data file {file}: {message}")]
    Parse { file: String, message: String },
    #[error(
        "data file {file}, row {row} (line {line}), column \"{column}\": \"{value}\" is not a number; expected {}, a missing code, or an empty cell",
        answer(*.min, *.max)
    )]
    NotNumeric {
        file: String,
        row: usize,
        line: usize,
        column: String,
        value: String,
        min: f64,
        max: f64,
    },
    #[error(
        "data file {file}, row {row}, column \"{column}\": \"{value}\" is not a number; expected a numeric column (if it holds categories, write C({column}) in the formula: one dummy per category against a reference level)"
    )]
    NotNumericColumn {
        file: String,
        row: usize,
        column: String,
        value: String,
    },
    #[error("data file {file}: {message}")]
    Rename { file: String, message: String },
    #[error("{0}")]
    Ambiguous(String),
    #[error("column \"{column}\" is not in data file {file} (its columns: {columns})")]
    MissingColumn {
        file: String,
        column: String,
        columns: String,
    },
    #[error(
        "data file {file}: the header has tabs and no commas, so the file looks tab-separated; pass --delimiter tab, or set delimiter = \"tab\" under [data] in the study file"
    )]
    TabSeparated { file: String },
    #[error("data file {file}: {what} does not decode: {reason}")]
    Labels {
        file: String,
        what: String,
        reason: String,
    },
    #[error(
        "data file {file} is {found}, not the {expected} file its ending or format names; {todo}"
    )]
    WrongFormat {
        file: String,
        expected: String,
        found: String,
        todo: String,
    },
    #[error(
        "data file {file} is a password-protected (encrypted) workbook, which cannot be read without its password; open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and read it again"
    )]
    Encrypted { file: String },
    #[error("data file {file} has an ending that names no format; {todo}")]
    UnknownEnding { file: String, todo: String },
    #[error(
        "data file {file}, row {row}, column \"{column}\": \"{value}\" is not a completion time; expected seconds as a number, or as written by survey platforms (\"123秒\", \"2分3秒\", \"02:03\")"
    )]
    NotDuration {
        file: String,
        row: usize,
        column: String,
        value: String,
    },
    #[error("data file {file} has no data rows")]
    Empty { file: String },
    #[error("data file {file}: {message}")]
    Other { file: String, message: String },
    #[error("data file {file} does not exist (looked for {looked})")]
    NotFound { file: String, looked: String },
    #[error(
        "data file {file}, line {line}: {fields} fields where the header has {header}; a cell holding the delimiter must be in double quotes (\"a, b\")"
    )]
    Ragged {
        file: String,
        line: usize,
        fields: usize,
        header: usize,
    },
    #[error(
        "data file {file} has no sheet \"{sheet}\" (its sheets: {sheets}); name one, or give its number from 1"
    )]
    Sheet {
        file: String,
        sheet: String,
        sheets: String,
    },
}

#[cfg(test)]
mod tests {
    use super::{Column, Frame};

    #[test]
    fn means_of_few_answers_are_held_as_codes_and_read_as_the_same_doubles() {
        let scores = vec![2.5, 1.0 / 3.0, f64::NAN, 2.5, 4.25, 1.0 / 3.0];
        let col = Column::few_values(scores.clone());
        assert!(matches!(col, Column::Coded(..)));
        let back: Vec<f64> = col.values().unwrap().iter().collect();
        assert!(
            back.iter()
                .zip(&scores)
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert!(matches!(
            Column::few_values(vec![1.0, 2.0]),
            Column::Small(_)
        ));
        let many: Vec<f64> = (0..300).map(|i| i as f64 / 7.0).collect();
        assert!(matches!(Column::few_values(many), Column::Num(_)));
        // Rows left out keep the others' values; widened, the same doubles.
        let mut f = Frame {
            nrows: 6,
            ..Frame::default()
        };
        f.set("s", col);
        f.keep_rows(&[true, false, true, true, false, true]);
        let kept: Vec<f64> = f.num("s").unwrap().iter().collect();
        assert_eq!(kept[0], 2.5);
        assert!(kept[1].is_nan());
        assert_eq!(&kept[2..], &[2.5, 1.0 / 3.0]);
        let mut c = f.get("s").unwrap().clone();
        assert_eq!(c.widen().unwrap().len(), 4);
        assert!(matches!(c, Column::Num(_)));
    }

    #[test]
    fn keys_are_equal_exactly_where_the_cells_read_the_same() {
        let num = Column::Num(vec![7.0, 7.0, -0.0, 0.0, f64::NAN, 1e300, 7.5]);
        let k = num.keys();
        let same = |a: usize, b: usize| {
            assert_eq!(k[a] == k[b], num.text_at(a) == num.text_at(b), "{a} {b}")
        };
        for a in 0..7 {
            for b in 0..7 {
                if a != 4 && b != 4 {
                    same(a, b);
                }
            }
        }
        assert_eq!(k[4], None);
        // A column held in bytes keys as the same numbers held as doubles.
        let small = Column::numbers(vec![7.0, 7.0, 0.0, f64::NAN, -99.0]);
        assert!(matches!(small, Column::Small(_)));
        let as_doubles = Column::Num(vec![7.0, 7.0, 0.0, f64::NAN, -99.0]);
        assert_eq!(small.keys(), as_doubles.keys());
        for i in 0..5 {
            assert_eq!(small.text_at(i), as_doubles.text_at(i));
        }
        let text = Column::Text(
            ["b", "a", "b", "", "A"]
                .iter()
                .map(|s| Some(s.to_string()))
                .chain([None])
                .collect(),
        );
        let k = text.keys();
        assert_eq!((k[0], k[3], k[5]), (k[2], None, None));
        for a in [0, 1, 2, 4] {
            for b in [0, 1, 2, 4] {
                assert_eq!(k[a] == k[b], text.text_at(a) == text.text_at(b), "{a} {b}");
            }
        }
    }
}
