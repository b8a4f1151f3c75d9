//! A data set written as shards: `[data] path = "survey/part-*.parquet"` (or `--data` with a
//! pattern in quotes) reads every file the pattern matches, in the order of their names, as
//! one table. Each shard is read and checked as a file of its own (its encoding, its header,
//! its cells), then the shards must agree: the same columns, in the same order, each column
//! numbers in every shard or text in every shard. Rows are counted across the shards in
//! order; messages about a cell name the shard and its row.

use super::{Column, Frame, IoError, ReadOptions};
use std::path::{Path, PathBuf};

/// Whether a data path is a pattern of shards: it holds `*`, `?` or `[`, and no file has
/// that very name.
pub fn is_pattern(path: &Path) -> bool {
    path.to_str().is_some_and(|s| s.contains(['*', '?', '['])) && !path.exists()
}

/// The files a pattern matches, in the order of their names; an error when the pattern is
/// not one or matches no file.
pub fn expand(path: &Path) -> Result<Vec<PathBuf>, IoError> {
    let pattern = path.display().to_string();
    let paths = glob::glob(&pattern).map_err(|e| IoError::Other {
        file: pattern.clone(),
        message: format!(
            "is not a pattern of shard files ({e}); write it as folder/part-*.parquet, with * for any characters"
        ),
    })?;
    let mut files = Vec::new();
    for p in paths {
        let p = p.map_err(|e| IoError::Open {
            file: e.path().display().to_string(),
            source: std::io::Error::new(e.error().kind(), e.error().to_string()),
        })?;
        if p.is_file() {
            files.push(p);
        }
    }
    if files.is_empty() {
        return Err(IoError::Other {
            message: format!(
                "the pattern matches no file (looked for {}); a pattern reads every file it matches as shards of one table",
                std::path::absolute(path)
                    .unwrap_or_else(|_| path.to_path_buf())
                    .display()
            ),
            file: pattern,
        });
    }
    files.sort();
    Ok(files)
}

/// Read every shard of `pattern` as one table (see the module's note).
pub fn read_shards(pattern: &Path, opts: ReadOptions) -> Result<Frame, IoError> {
    let files = expand(pattern)?;
    let mut all: Option<Frame> = None;
    for f in &files {
        let shard = super::read_table(f, opts.clone())?;
        match &mut all {
            None => {
                let mut first = shard;
                first.columns = std::mem::take(&mut first.columns)
                    .into_iter()
                    .map(as_numbers_if_empty)
                    .collect();
                first.shards = vec![(first.file.clone(), 0)];
                first.file = pattern.display().to_string();
                all = Some(first);
            }
            Some(all) => append(all, shard)?,
        }
    }
    Ok(all.expect("expand returns at least one file"))
}

/// Add the rows of `shard` below those of `all`, after checking that its columns are those
/// of the first shard and of the same kind.
fn append(all: &mut Frame, mut shard: Frame) -> Result<(), IoError> {
    let first = &all.shards[0].0;
    if shard.names != all.names {
        let missing: Vec<&str> = all
            .names
            .iter()
            .filter(|n| !shard.names.contains(n))
            .map(String::as_str)
            .collect();
        let extra: Vec<&str> = shard
            .names
            .iter()
            .filter(|n| !all.names.contains(n))
            .map(String::as_str)
            .collect();
        let what = match (missing.is_empty(), extra.is_empty()) {
            (true, true) => "has the same columns in another order".to_string(),
            _ => [
                (!missing.is_empty()).then(|| format!("lacks column {}", missing.join(", "))),
                (!extra.is_empty()).then(|| format!("adds column {}", extra.join(", "))),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and "),
        };
        return Err(IoError::Other {
            file: shard.file,
            message: format!(
                "this shard of {} {what}; every shard must have the columns of the first, {first} ({}), in that order",
                all.file,
                all.names.join(", ")
            ),
        });
    }
    let before = all.nrows;
    for (i, name) in all.names.iter().enumerate() {
        let col = std::mem::replace(&mut shard.columns[i], Column::Num(Vec::new()));
        let col = as_numbers_if_empty(col);
        let had = std::mem::replace(&mut all.columns[i], Column::Num(Vec::new()));
        let unanswered = |c: &Column| c.values().is_some_and(|v| v.iter().all(f64::is_nan));
        all.columns[i] = match (had, col) {
            (Column::Small(mut a), Column::Small(b)) => {
                a.extend(b);
                Column::Small(a)
            }
            (Column::Text(mut a), Column::Text(b)) => {
                a.append(b);
                Column::Text(a)
            }
            // A column nobody answered so far takes the kind of the first shard with answers.
            (a, Column::Text(b)) if unanswered(&a) => {
                let mut cells = crate::formula::Texts::missing(a.values().map_or(0, |v| v.len()));
                cells.append(b);
                Column::Text(cells)
            }
            // A column nobody answered in this shard joins the text of the others.
            (Column::Text(mut a), b) if unanswered(&b) => {
                a.append_missing(b.values().map_or(0, |v| v.len()));
                Column::Text(a)
            }
            (_, Column::Text(b)) => {
                let here = [(shard.file.clone(), 0)];
                return Err(type_change(name, first, &b, &here));
            }
            (Column::Text(a), _) => {
                return Err(type_change(name, &shard.file, &a, &all.shards));
            }
            // Numbers, held as doubles in at least one part: joined as doubles.
            (mut a, mut b) => {
                if let (Some(x), Some(y)) = (a.widen(), b.widen()) {
                    x.append(y);
                }
                a
            }
        };
    }
    // What each double misses of its decimal: zero where a shard recorded none.
    let names: std::collections::BTreeSet<String> =
        all.low.keys().chain(shard.low.keys()).cloned().collect();
    for name in names {
        let mut low = all.low.remove(&name).unwrap_or_else(|| vec![0.0; before]);
        low.extend(
            shard
                .low
                .remove(&name)
                .unwrap_or_else(|| vec![0.0; shard.nrows]),
        );
        all.low.insert(name, low);
    }
    // Labels from the first shard that has them; user-missing cells of every shard counted.
    for (name, meta) in shard.meta {
        match all.meta.get_mut(&name) {
            Some(m) => m.user_missing += meta.user_missing,
            None => {
                all.meta.insert(name, meta);
            }
        }
    }
    all.shards.push((shard.file, before));
    all.nrows += shard.nrows;
    Ok(())
}

/// A text column with no cell (a shard where nobody answered) is a column of missing numbers.
fn as_numbers_if_empty(col: Column) -> Column {
    match col {
        Column::Text(cells) if cells.iter().all(|c| c.is_none()) => {
            Column::Small(vec![crate::numeric::values::SMALL_MISSING; cells.len()])
        }
        col => col,
    }
}

/// A column that holds text in one shard and numbers in shard `numbers`: the error names
/// the first cell that is not a number, its shard and its row there. `cells` are the text
/// cells of the shards `shards` (each shard's file and the rows before it).
fn type_change(
    name: &str,
    numbers: &str,
    cells: &crate::formula::Texts,
    shards: &[(String, usize)],
) -> IoError {
    let cell = (cells.iter().enumerate())
        .find(|(_, c)| c.is_some_and(|s| super::read::parse_number(s).is_none()));
    let (file, example) = match cell {
        Some((i, c)) => {
            let (file, before) = shards
                .iter()
                .rev()
                .find(|(_, before)| *before <= i)
                .expect("the first shard starts at row 0");
            (
                file.clone(),
                format!(
                    " (its row {}: \"{}\")",
                    i + 1 - before,
                    c.unwrap_or_default()
                ),
            )
        }
        None => (shards[0].0.clone(), String::new()),
    };
    IoError::Other {
        file,
        message: format!(
            "column \"{name}\" holds text in this shard{example} but numbers in shard {numbers}; a column must hold the same kind of values in every shard"
        ),
    }
}

/// Text written as one CSV (a header line, then rows), split into shards of given row
/// counts as it arrives: each shard a file of its own, CSV (the header, then its rows) or
/// Parquet (by its ending), named by the pattern's `*` replaced with the shard's number from
/// 0, zero-padded to the width of the last. At most one shard's text is held at a time, so
/// a file of any size is written in the memory of one shard.
pub struct ShardWriter {
    pattern: String,
    rows: Vec<usize>,
    parquet: bool,
    header: Option<Vec<u8>>,
    buf: Vec<u8>,
    lines: usize,
    shard: usize,
    written: Vec<PathBuf>,
}

impl ShardWriter {
    /// Shards of `pattern` (which holds one `*` and ends in .csv or .parquet) holding
    /// `rows[k]` rows each; with one shard, `pattern` may be the file's name.
    pub fn new(pattern: &str, rows: Vec<usize>) -> Result<ShardWriter, String> {
        let stars = pattern.matches('*').count();
        if (rows.len() > 1 && stars != 1) || stars > 1 || pattern.contains(['?', '[']) {
            return Err(format!(
                "\"{pattern}\" must hold one * (where each shard's number goes), e.g. parts/part-*.parquet"
            ));
        }
        let parquet = match Path::new(pattern).extension().and_then(|e| e.to_str()) {
            Some("parquet") => true,
            Some("csv") => false,
            _ => return Err(format!("\"{pattern}\" must end in .csv or .parquet")),
        };
        Ok(ShardWriter {
            pattern: pattern.into(),
            rows,
            parquet,
            header: None,
            buf: Vec::new(),
            lines: 0,
            shard: 0,
            written: Vec::new(),
        })
    }

    /// The files written so far.
    pub fn written(&self) -> &[PathBuf] {
        &self.written
    }

    fn path(&self, k: usize) -> PathBuf {
        let width = self.rows.len().saturating_sub(1).to_string().len();
        PathBuf::from(self.pattern.replacen('*', &format!("{k:0width$}"), 1))
    }

    /// Write the rows held as shard number `self.shard`.
    fn flush_shard(&mut self) -> std::io::Result<()> {
        let path = self.path(self.shard);
        let header = self.header.as_deref().unwrap_or_default();
        let mut text = Vec::with_capacity(header.len() + self.buf.len());
        text.extend_from_slice(header);
        text.append(&mut self.buf);
        if self.parquet {
            use polars::prelude::*;
            let failed = |e: PolarsError| std::io::Error::other(format!("{}: {e}", path.display()));
            let mut df = CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(None)
                .into_reader_with_file_handle(std::io::Cursor::new(text))
                .finish()
                .map_err(failed)?;
            let file = std::fs::File::create(&path)?;
            ParquetWriter::new(file).finish(&mut df).map_err(failed)?;
        } else {
            std::fs::write(&path, text)?;
        }
        self.written.push(path);
        self.shard += 1;
        self.lines = 0;
        Ok(())
    }

    /// The files written; an error when the text held fewer rows than the shards.
    pub fn finish(self) -> std::io::Result<Vec<PathBuf>> {
        if self.shard < self.rows.len() {
            return Err(std::io::Error::other(format!(
                "{} of {} shards written: the rows ran out",
                self.shard,
                self.rows.len()
            )));
        }
        Ok(self.written)
    }
}

impl std::io::Write for ShardWriter {
    fn write(&mut self, mut bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len();
        while !bytes.is_empty() {
            let Some(end) = bytes.iter().position(|&b| b == b'\n').map(|i| i + 1) else {
                self.buf.extend_from_slice(bytes);
                break;
            };
            self.buf.extend_from_slice(&bytes[..end]);
            bytes = &bytes[end..];
            if self.header.is_none() {
                self.header = Some(std::mem::take(&mut self.buf));
                continue;
            }
            if self.shard >= self.rows.len() {
                return Err(std::io::Error::other("more rows than the shards hold"));
            }
            self.lines += 1;
            while self.shard < self.rows.len() && self.lines >= self.rows[self.shard] {
                self.flush_shard()?;
            }
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
