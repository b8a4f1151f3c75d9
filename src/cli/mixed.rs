//! `bprstat mixed DATA --formula "y ~ x + (1 | center_id)"`: one random-intercept model.

use super::DataArgs;
use crate::estimate::multilevel::mixed::Criterion;
use crate::formula::MixedFormula;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::multilevel::MixedReport;
use crate::study::multilevel::{MixedRequest, fit_mixed};
use crate::study::request::check_level;
use anyhow::Context;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: PathBuf,
    /// Model formula in lme4 notation with one random intercept, e.g.
    /// "y ~ x1 + x2 + C(dept) + (1 | center_id)".
    #[arg(long)]
    pub formula: String,
    /// Fit by maximum likelihood instead of REML (the default, as lme4 and SPSS MIXED).
    #[arg(long)]
    pub ml: bool,
    /// Confidence level of the intervals. Default: 0.95.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Print the model as JSON (tidy, variance components, glance, per-group estimates)
    /// instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

/// Fit the model described by `a` (shared by the CLI and the tests).
pub fn fit_model(a: &Args) -> anyhow::Result<MixedReport> {
    let formula = MixedFormula::parse(&a.formula).context("--formula")?;
    check_level("level", a.level).map_err(|e| anyhow::anyhow!("--level {}", e.message))?;
    let mut frame = read_table(&a.data, a.data_args.read_options())?;
    let file = a.data.display().to_string();
    let vars = formula.fixed.variables();
    frame.require_columns(vars.iter().chain(std::iter::once(&formula.group)), &file)?;
    let spec = CleanSpec {
        file: &file,
        missing_codes: &a.data_args.missing,
        min: f64::NEG_INFINITY,
        max: f64::INFINITY,
    };
    let numeric: Vec<(&str, &[f64])> = formula
        .fixed
        .numeric_variables()
        .into_iter()
        .map(|v| (v, a.data_args.codes_of(v)))
        .collect();
    clean_columns(&mut frame, &spec, &[], &numeric)?;
    fit_mixed(
        &frame,
        &MixedRequest {
            name: "model",
            title: None,
            formula: &formula,
            criterion: if a.ml { Criterion::Ml } else { Criterion::Reml },
            level: a.level,
        },
    )
    .map_err(super::formula_error(&a.formula))
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let m = fit_model(&a)?;
    super::print(a.json, &m, |m| {
        crate::render::tables::multilevel::mixed_tables_named(m)
            .into_iter()
            .map(|(_, t)| t)
            .collect()
    })
}
