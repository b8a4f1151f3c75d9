//! `bprstat pls DATA --model FILE.lav [--scheme path] [--consistent] [--boot 5000] [--json]`:
//! a PLS path model (PLS-SEM) in lavaan syntax (=~ reflective blocks, <~ formative ones, ~
//! paths), printed in SmartPLS's report order (or JSON). Its options are the study file's
//! `[[pls]]` keys, checked by the same [`PlsOptions::validate`].

use super::DataArgs;
use super::sem::read_model_columns;
use crate::results::pls::PlsResult;
use crate::study::pls::{PlsOptions, fit_pls};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: PathBuf,
    #[command(flatten)]
    pub pls: PlsOptions,
    /// Print the results as JSON (stable names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

/// Fit the model described by `a` (shared by the CLI and the tests).
pub fn fit(a: &Args) -> anyhow::Result<PlsResult> {
    let flag = |key: &str| match key {
        "model_file" => "--model".to_string(),
        "model" => "--syntax".to_string(),
        k => format!("--{}", k.replace('_', "-")),
    };
    let req = a
        .pls
        .clone()
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {}", flag(e.key), e.message))?;
    let vars: Vec<String> = req
        .model
        .blocks
        .iter()
        .flat_map(|b| b.items.clone())
        .collect();
    let frame = read_model_columns(&a.data, &a.data_args, &vars, &req.cluster)?;
    let file = a.data.display().to_string();
    fit_pls(&frame, &req).map_err(|e| anyhow::anyhow!("{} on {file}: {e}", req.source))
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let r = fit(&a)?;
    super::warn_sample_loss(crate::results::SampleLoss::check(
        "the PLS path model".to_string(),
        r.nobs,
        r.rows_read,
        "complete cases over its indicators",
    ));
    if !r.converged {
        eprintln!("warning: the PLS weights did not converge: the estimates are not a solution");
    }
    super::print(a.json, &r, crate::render::tables::pls_tables)
}
