//! `bprstat sql STUDY`: print the query that sums what the study's models need (see
//! [`crate::study::aggregate`]); with --run, execute it here on the study's data with
//! polars' streaming engine (the data, or its shards, read in batches: memory bounded by the
//! sums, not the rows) and write the sums for `bprstat run STUDY --aggregates`.

use crate::study::Study;
use anyhow::Context;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The study file (TOML).
    pub study: PathBuf,
    /// The name of the data's table in the query.
    #[arg(long, default_value = "data")]
    pub table: String,
    /// The SQL dialect: standard ("names", DOUBLE PRECISION: PostgreSQL, Kingbase, Oracle,
    /// Trino, DuckDB) or spark (`names`, DOUBLE: Spark SQL, Hive, MySQL). The sums are the
    /// same, and so is the fingerprint that `run --aggregates` checks.
    #[arg(long, value_enum, default_value_t = crate::study::aggregate::Dialect::Standard, conflicts_with = "run")]
    pub dialect: crate::study::aggregate::Dialect,
    /// Run the query here, with polars' streaming engine, on the study's [data] path (a CSV
    /// or Parquet file, or a pattern of shards), and write the sums to this file (.csv or
    /// .parquet) instead of printing the query.
    #[arg(long, value_name = "SUMS")]
    pub run: Option<PathBuf>,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let study = Study::from_file(&a.study)?;
    let query = crate::study::aggregate::sql(&study, &a.table, a.dialect)?;
    let Some(out) = &a.run else {
        print!("{query}");
        return Ok(());
    };
    // polars reads the data as they are: a study that renames columns or reads another
    // encoding or delimiter would query columns that are not there.
    let d = &study.data;
    if !d.rename.is_empty()
        || d.encoding.is_some_and(|e| e != crate::io::Encoding::Utf8)
        || d.delimiter != b','
    {
        anyhow::bail!(
            "study file {}: bprstat sql --run reads UTF-8, comma-separated CSV or Parquet without [data.rename]; save the data so (e.g. as Parquet with the short names), or run the printed query where the data are",
            study.file.display()
        );
    }
    // Run here, the query is polars' own dialect (standard).
    let query =
        crate::study::aggregate::sql(&study, &a.table, crate::study::aggregate::Dialect::Standard)?;
    let sums = crate::io::query::run_sql(&study.data.path, study.data.format, &a.table, &query)?;
    crate::io::query::write_table(out, sums)
        .with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote the sums to {}", out.display());
    Ok(())
}
