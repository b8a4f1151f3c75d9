//! `bprstat sem DATA --model FILE.lav [--std-lv] [--json]`: a structural equation model in
//! lavaan syntax fitted by maximum likelihood with lavaan's `sem()` defaults, printed in
//! lavaan's layout (or JSON). Its options are the study file's `[[sem]]` keys, checked by the
//! same [`SemOptions::validate`].

use super::DataArgs;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::sem::SemResult;
use crate::study::sem::{SemOptions, fit_sem};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: PathBuf,
    #[command(flatten)]
    pub sem: SemOptions,
    /// Print the results as JSON (stable names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

/// Fit the model described by `a` (shared by the CLI and the tests).
pub fn fit(a: &Args) -> anyhow::Result<SemResult> {
    let flag = |key: &str| match key {
        "model_file" => "--model".to_string(),
        "model" => "--syntax".to_string(),
        "missing" => "--missing-data".to_string(),
        k => format!("--{}", k.replace('_', "-")),
    };
    let req = a
        .sem
        .clone()
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {}", flag(e.key), e.message))?;
    let frame = read_model_columns(&a.data, &a.data_args, &req.table.observed, &req.cluster)?;
    let file = a.data.display().to_string();
    fit_sem(&frame, &req).map_err(|e| anyhow::anyhow!("{} on {file}: {e}", req.source))
}

/// Read a data file for a model: the model's variables (and the cluster column) must be
/// there; each variable's missing codes become missing (shared by `sem` and `pls`).
pub(super) fn read_model_columns(
    data: &std::path::Path,
    data_args: &DataArgs,
    vars: &[String],
    cluster: &Option<String>,
) -> anyhow::Result<crate::io::Frame> {
    let mut frame = read_table(data, data_args.read_options())?;
    let file = data.display().to_string();
    frame.require_columns(vars.iter().chain(cluster), &file)?;
    for v in vars {
        let clean = CleanSpec {
            file: &file,
            missing_codes: data_args.codes_of(v),
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
        };
        clean_columns(
            &mut frame,
            &clean,
            &[],
            &[(v.as_str(), clean.missing_codes)],
        )?;
    }
    Ok(frame)
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let r = fit(&a)?;
    super::warn_sample_loss(crate::results::SampleLoss::check(
        "the structural equation model".to_string(),
        r.nobs,
        r.rows_read,
        "complete cases over its observed variables",
    ));
    for n in &r.improper {
        eprintln!("warning: improper solution: {n}");
    }
    super::print(a.json, &r, crate::render::tables::sem_tables)
}
