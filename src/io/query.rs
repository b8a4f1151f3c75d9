//! A query run here by polars' streaming engine on a data file or its shards: how `bprstat
//! sql --run` computes the sums a study's models need without holding the rows in memory.

use super::{Format, IoError};
use polars::prelude::*;
use std::path::Path;

/// Run `query` (SQL) with the data at `path` (CSV or Parquet, or a pattern of shards of
/// one of them) as table `table`, by the streaming engine. Shards are run one at a time and
/// their results stacked (a cluster then has one row per shard it appears in: partial sums,
/// which `run --aggregates` adds), so that memory holds one shard's batches, whatever the
/// number of shards (polars 0.55 scanning many files at once holds more the more there are).
/// With `moments`, each shard's blocks' moments are added as columns ([`super::moments`]).
pub fn run_sql(
    path: &Path,
    format: Format,
    table: &str,
    query: &str,
    moments: Option<&super::moments::Moments>,
) -> Result<DataFrame, IoError> {
    let files = if super::shards::is_pattern(path) {
        super::shards::expand(path)?
    } else if path.exists() {
        vec![path.to_path_buf()]
    } else {
        return Err(IoError::NotFound {
            file: path.display().to_string(),
            looked: std::path::absolute(path)
                .unwrap_or_else(|_| path.to_path_buf())
                .display()
                .to_string(),
        });
    };
    let mut all: Option<DataFrame> = None;
    for f in &files {
        let part = run_one(f, format, table, query, moments)?;
        match &mut all {
            None => all = Some(part),
            Some(all) => {
                all.vstack_mut(&part).map_err(|e| IoError::Other {
                    file: f.display().to_string(),
                    message: format!("its sums do not stack with those of the shards before: {e}"),
                })?;
            }
        }
    }
    Ok(all.expect("at least one file"))
}

fn run_one(
    path: &Path,
    format: Format,
    table: &str,
    query: &str,
    moments: Option<&super::moments::Moments>,
) -> Result<DataFrame, IoError> {
    let file = path.display().to_string();
    let failed = |e: PolarsError| IoError::Other {
        file: file.clone(),
        message: format!("the query failed: {e}"),
    };
    let source = PlRefPath::new(file.as_str());
    let lf = match format {
        Format::Csv => LazyCsvReader::new(source)
            .with_has_header(true)
            .with_infer_schema_length(None)
            .finish()
            .map_err(failed)?,
        Format::Parquet => {
            LazyFrame::scan_parquet(source, ScanArgsParquet::default()).map_err(failed)?
        }
        other => {
            return Err(IoError::Other {
                file: file.clone(),
                message: format!(
                    "bprstat sql --run reads CSV or Parquet, not {}; save the data as Parquet (or run the printed query where the data are)",
                    other.name()
                ),
            });
        }
    };
    let run = |query: &str| {
        let mut ctx = polars::sql::SQLContext::new();
        ctx.register(table, lf.clone());
        // One query gives one result (unwrap_single panics otherwise, which guarded reports).
        super::guarded(&file, "SQL", || {
            ctx.execute(query)
                .and_then(|lf| lf.collect_with_engine(Engine::Streaming))
                .map(|r| r.unwrap_single())
                .map_err(failed)
        })
    };
    let mut sums = run(query)?;
    if let Some(m) = moments {
        let rows = run(&m.rows_query)?;
        let columns = super::moments::sums_for(&rows, &sums.columns()[0], &m.blocks, &file)?;
        drop(rows);
        sums.hstack_mut(&columns).map_err(failed)?;
    }
    Ok(sums)
}

/// Write a table as CSV or Parquet.
pub fn write_table(path: &Path, format: Format, mut df: DataFrame) -> std::io::Result<()> {
    let failed = |e: PolarsError| std::io::Error::other(e.to_string());
    let file = std::fs::File::create(path)?;
    match format {
        Format::Parquet => {
            ParquetWriter::new(file).finish(&mut df).map_err(failed)?;
        }
        Format::Csv => CsvWriter::new(file).finish(&mut df).map_err(failed)?,
        other => {
            return Err(std::io::Error::other(format!(
                "sums are written as CSV or Parquet, not {}",
                other.name()
            )));
        }
    };
    Ok(())
}
