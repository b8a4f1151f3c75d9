//! Tables of one row per respondent (each model's `_augment`: fitted values, residuals and
//! influence measures): CSV for a survey's size, Parquet for a large one, where a CSV of
//! millions of rows is slow to write, large on disk and more than a spreadsheet opens.

use super::report::{RenderError, write};
use crate::results::{Augment, RowTables};
use std::path::Path;

/// The file name (under `tables/`) of a model's per-respondent table.
pub fn augment_file(model: &str, rows: usize, how: RowTables) -> String {
    format!(
        "{}.{}",
        super::names::safe_stem(&format!("{model}_augment")),
        how.ending(rows)
    )
}

/// Write `a` to `path` as its ending says: columns row, id (when there are ids), fitted,
/// resid, hat, std_resid, rstudent, cooks_d, dffits.
pub fn write_augment(path: &Path, a: &Augment) -> Result<(), RenderError> {
    // Rows lo..hi of each column: fitted, resid and hat as held, the others as `Influence`
    // gives them row by row (never a whole column of them at once).
    let numbers = |lo: usize, hi: usize| -> [Vec<f64>; 7] {
        let influence: Vec<_> = (lo..hi).map(|i| a.influence(i)).collect();
        let of = |f: fn(&crate::results::Influence) -> f64| influence.iter().map(f).collect();
        [
            a.fitted[lo..hi].to_vec(),
            a.resid[lo..hi].to_vec(),
            a.hat[lo..hi].to_vec(),
            of(|x| x.std_resid),
            of(|x| x.rstudent),
            of(|x| x.cooks_d),
            of(|x| x.dffits),
        ]
    };
    let names = [
        "fitted",
        "resid",
        "hat",
        "std_resid",
        "rstudent",
        "cooks_d",
        "dffits",
    ];
    let with_id = !a.id.is_empty();
    if path.extension().is_some_and(|e| e == "parquet") {
        use polars::prelude::*;
        // Rows lo..hi as a frame: written a row group at a time (polars' own group of 512 x
        // 512 rows, so the file is what one whole frame would give), the numbers formed for
        // one group only, not for a million rows at once.
        let frame = |lo: usize, hi: usize| {
            let mut cols: Vec<Column> = vec![Column::new(
                "row".into(),
                a.row[lo..hi]
                    .iter()
                    .map(|&r| r as u64)
                    .collect::<Vec<u64>>(),
            )];
            if with_id {
                cols.push(Column::new("id".into(), &a.id[lo..hi]));
            }
            let values = numbers(lo, hi);
            cols.extend((names.iter().zip(values)).map(|(name, v)| Column::new((*name).into(), v)));
            DataFrame::new_infer_height(cols)
        };
        let failed = |e: PolarsError| RenderError::Write {
            path: path.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        };
        const GROUP: usize = 512 * 512;
        let file = super::files::create(path).map_err(|source| RenderError::Write {
            path: path.display().to_string(),
            source,
        })?;
        let schema = frame(0, 0).map_err(failed)?.schema().clone();
        let mut writer = ParquetWriter::new(file)
            .with_compression(ParquetCompression::Snappy)
            .batched(&schema)
            .map_err(failed)?;
        for lo in (0..a.row.len()).step_by(GROUP) {
            let hi = (lo + GROUP).min(a.row.len());
            writer
                .write_batch(&frame(lo, hi).map_err(failed)?)
                .map_err(failed)?;
        }
        writer.finish().map_err(failed)?;
        return Ok(());
    }
    let mut out = String::from(if with_id { "row,id," } else { "row," });
    out.push_str(&names.join(","));
    out.push('\n');
    for i in 0..a.row.len() {
        use std::fmt::Write;
        let _ = write!(out, "{}", a.row[i]);
        if with_id {
            let _ = write!(out, ",{}", super::tables::csv_field(&a.id[i]));
        }
        let x = a.influence(i);
        let row = [
            a.fitted[i],
            a.resid[i],
            a.hat[i],
            x.std_resid,
            x.rstudent,
            x.cooks_d,
            x.dffits,
        ];
        for v in row {
            let _ = write!(out, ",{v}");
        }
        out.push('\n');
    }
    write(path, out.as_bytes())
}

#[cfg(test)]
mod tests {
    use crate::results::{CSV_MAX_ROWS, RowTables};

    #[test]
    fn auto_writes_csv_up_to_the_limit_and_parquet_above() {
        assert_eq!(RowTables::Auto.ending(CSV_MAX_ROWS), "csv");
        assert_eq!(RowTables::Auto.ending(CSV_MAX_ROWS + 1), "parquet");
        assert_eq!(RowTables::Csv.ending(10 * CSV_MAX_ROWS), "csv");
        assert_eq!(RowTables::Parquet.ending(10), "parquet");
    }
}
