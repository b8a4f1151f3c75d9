//! `bprstat sql STUDY`: print the query that sums what the study's models need (see
//! [`crate::study::aggregate`]); with --run, execute it and write the sums for `bprstat run
//! STUDY --aggregates`: here, on the study's data with polars' streaming engine (the data,
//! or its shards, read in batches: memory bounded by the sums, not the rows), or with
//! --engine on another engine through its command-line client ([`crate::io::engine`]).

use crate::io::Format;
use crate::study::Study;
use crate::study::aggregate::Dialect;
use anyhow::Context;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The study file (TOML).
    pub study: PathBuf,
    /// The name of the data's table in the query (any table expression of the engine's,
    /// e.g. a schema-qualified name, or parquet.`/data/part-*.parquet` for Spark).
    #[arg(long, default_value = "data")]
    pub table: String,
    /// The SQL dialect: standard ("names", DOUBLE PRECISION: PostgreSQL, Kingbase, Oracle,
    /// Trino, DuckDB) or spark (`names`, DOUBLE: Spark SQL, Hive, MySQL). The sums are the
    /// same, and so is the fingerprint that `run --aggregates` checks. [default: standard]
    #[arg(long, value_enum)]
    pub dialect: Option<Dialect>,
    /// Run the query and write the sums to this file (.csv or .parquet) instead of printing
    /// the query: here, with polars' streaming engine, on the study's [data] path (a CSV or
    /// Parquet file, or a pattern of shards), or with --engine where the data are.
    #[arg(long, value_name = "SUMS")]
    pub run: Option<PathBuf>,
    /// With --run: the shell command of the engine's client that runs the query, e.g.
    /// 'spark-sql --master spark://HOST:7077 --hiveconf hive.cli.print.header=true -f {query}'
    /// ({query}: a file holding the query; without it the query goes to the command's input),
    /// 'psql --csv -v ON_ERROR_STOP=1 -d DB', 'duckdb -csv DB'. It must print the result as CSV or tab-separated
    /// text with a header row; the sums are checked before they are written.
    #[arg(long, value_name = "COMMAND", requires = "run")]
    pub engine: Option<String>,
    /// Also sum the items' moments (per cluster, over each construct's complete cases and
    /// over those of all items: counts, sums, sums of products), from which `run
    /// --aggregates` gives reliability, KMO, the EFA and the CFA. With p items this adds
    /// about p(p+1)/2 sums per cluster: the query takes longer. Run here (--run without
    /// --engine), bprstat adds the moments itself from each shard's cleaned items, held in
    /// memory one shard at a time (8 bytes per item and row): shard large data.
    #[arg(long)]
    pub measurement: bool,
    /// Also sum what the study's [benchmark] needs, per center: the count, sum and sum of
    /// squares of each outcome and factor, and the sums of [benchmark] models. `run
    /// --aggregates` then gives the league tables (ICCs, EB means, rank intervals, funnel
    /// limits), the models with a random intercept and those on center means. Case-mix
    /// adjusted tables and composite indices need the rows and are left out with a note.
    #[arg(long)]
    pub benchmark: bool,
}

impl Args {
    fn extras(&self) -> crate::study::aggregate::Extras {
        crate::study::aggregate::Extras {
            measurement: self.measurement,
            benchmark: self.benchmark,
        }
    }
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let study = Study::from_file(&a.study)?;
    let Some(out) = &a.run else {
        let dialect = a.dialect.unwrap_or(Dialect::Standard);
        print!(
            "{}",
            crate::study::aggregate::sql(&study, &a.table, dialect, a.extras())?
        );
        return Ok(());
    };
    let format = check_out(out, &study)?;
    let sums = match &a.engine {
        Some(command) => on_engine(&study, &a, command)?,
        None => here(&study, &a)?,
    };
    // Written beside, checked, then put in place: a failed write or check leaves nothing.
    let part = Part(out.with_file_name(format!(
        ".{}.part",
        out.file_name().unwrap_or_default().to_string_lossy()
    )));
    crate::io::query::write_table(&part.0, format, sums)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let mut f = crate::io::read_table(
        &part.0,
        crate::io::ReadOptions {
            format: Some(format),
            ..Default::default()
        },
    )?;
    f.file = match &a.engine {
        Some(c) => format!("the result of the engine `{c}`"),
        None => out.display().to_string(),
    };
    crate::study::aggregate::finish(&study, &f)?;
    std::fs::rename(&part.0, out).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote the sums to {}", out.display());
    Ok(())
}

/// A file being written, removed unless it was renamed into place.
struct Part(PathBuf);

impl Drop for Part {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The query run here by polars' streaming engine.
fn here(study: &Study, a: &Args) -> anyhow::Result<polars::prelude::DataFrame> {
    if a.dialect.is_some_and(|d| d != Dialect::Standard) {
        anyhow::bail!(
            "--dialect applies to the printed query and to --engine; run here, the query is polars' own (standard)"
        );
    }
    // polars reads the data as they are: a study that renames columns or reads another
    // encoding or delimiter would query columns that are not there.
    let d = &study.data;
    if !d.rename.is_empty()
        || d.encoding.is_some_and(|e| e != crate::io::Encoding::Utf8)
        || d.delimiter != b','
    {
        anyhow::bail!(
            "study file {}: bprstat sql --run reads UTF-8, comma-separated CSV or Parquet without [data.rename]; save the data so (e.g. as Parquet with the short names), or run the query where the data are (--engine)",
            study.file.display()
        );
    }
    // The items' moments are added by bprstat itself beside polars' sums of the models.
    let (query, moments) = if a.measurement {
        let (q, m) = crate::study::aggregate::local_query(study, &a.table, a.benchmark)?;
        (q, Some(m))
    } else {
        let q = crate::study::aggregate::sql(study, &a.table, Dialect::Standard, a.extras())?;
        (q, None)
    };
    Ok(crate::io::query::run_sql(
        &d.path,
        d.format,
        &a.table,
        &query,
        moments.as_ref(),
    )?)
}

/// The query run by the engine's own client.
fn on_engine(study: &Study, a: &Args, command: &str) -> anyhow::Result<polars::prelude::DataFrame> {
    let dialect = a.dialect.unwrap_or(Dialect::Standard);
    let query = crate::study::aggregate::sql(study, &a.table, dialect, a.extras())?;
    eprintln!("running the query on the engine: {command}");
    Ok(crate::io::engine::run_engine(command, &query)?)
}

/// The sums' format, from the ending of `out`; `out` is none of the study's own files.
fn check_out(out: &Path, study: &Study) -> anyhow::Result<Format> {
    let format = match out.extension().and_then(|e| e.to_str()) {
        Some("csv") => Format::Csv,
        Some("parquet") => Format::Parquet,
        _ => anyhow::bail!(
            "--run {}: the sums are written as .csv or .parquet; name the file so",
            out.display()
        ),
    };
    let same = |p: &Path| match (std::fs::canonicalize(p), std::fs::canonicalize(out)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let data = &study.data.path;
    let inputs: Vec<PathBuf> = if crate::io::shards::is_pattern(data) {
        crate::io::shards::expand(data).unwrap_or_default()
    } else {
        vec![data.clone()]
    };
    // A file the data's pattern matches would be read as a shard by the next run: both
    // compared as absolute paths, with their folders resolved.
    let resolved = |p: &Path| -> PathBuf {
        let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        match (abs.parent(), abs.file_name()) {
            (Some(dir), Some(name)) => std::fs::canonicalize(dir)
                .map(|d| d.join(name))
                .unwrap_or(abs.clone()),
            _ => abs,
        }
    };
    let matched = crate::io::shards::is_pattern(data)
        && glob::Pattern::new(&resolved(data).to_string_lossy())
            .is_ok_and(|g| g.matches_path(&resolved(out)));
    if matched || same(&study.file) || inputs.iter().any(|p| same(p)) {
        anyhow::bail!(
            "--run {}: that is one of the study's own files (the study file or its data); the sums go to a file of their own",
            out.display()
        );
    }
    Ok(format)
}
