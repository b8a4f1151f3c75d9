//! `bprstat importance DATA --formula F [--always T] [--group NAME=T,T] [--cluster COL]
//! [--boot B]`: which predictors matter most — dominance analysis (general dominance = LMG)
//! and relative weights with bootstrap intervals. Its options are the study file's
//! `[[importance]]` keys, checked by the same [`ImportanceOptions::validate`].

use super::DataArgs;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::importance::ImportanceResult;
use crate::study::importance::{ImportanceOptions, fit_importance};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: PathBuf,
    #[command(flatten)]
    pub importance: ImportanceOptions,
    /// Print the results as JSON (stable names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

/// Run the analysis described by `a` (shared by the CLI and the tests).
pub fn fit(a: &Args) -> anyhow::Result<ImportanceResult> {
    let req = a
        .importance
        .clone()
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {}", e.flag(), e.message))?;
    let mut frame = read_table(&a.data, a.data_args.read_options())?;
    let file = a.data.display().to_string();
    frame.require_columns(
        req.formula.variables().iter().chain(req.cluster.iter()),
        &file,
    )?;
    for v in req.formula.numeric_variables() {
        let clean = CleanSpec {
            file: &file,
            missing_codes: a.data_args.codes_of(v),
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
        };
        clean_columns(&mut frame, &clean, &[], &[(v, clean.missing_codes)])?;
    }
    let bar = |done: usize, total: usize| super::progress_bar_always(done, total);
    fit_importance(&frame, &req, Some(&bar))
        .map_err(|e| anyhow::anyhow!("--formula \"{}\": {e}", a.importance.formula))
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let r = fit(&a)?;
    super::warn_sample_loss(crate::results::SampleLoss::check(
        format!("the importance analysis of {}", r.outcome),
        r.nobs,
        r.rows_read,
        "complete cases over its variables",
    ));
    super::print(a.json, &r, crate::render::tables::importance_tables)
}
