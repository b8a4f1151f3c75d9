//! `bprstat regress DATA --formula F`: one OLS model on a data file. Its options are checked
//! by the same [`ModelOptions::validate`] as a study file's `[[models]]`.

use super::{DataArgs, parse_scale};
use crate::estimate::CovType;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::ModelReport;
use crate::study::regression::fit_formula;
use crate::study::request::ModelOptions;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: PathBuf,
    /// The model: the same options as a study file's [[models]].
    #[command(flatten)]
    pub model: ModelOptions,
    /// Answer scale as MIN-MAX (e.g. 1-5): values of the formula's numeric variables outside
    /// it become missing, as the study file's [scale] does for items. Default: no range check.
    #[arg(long, value_parser = parse_scale)]
    pub scale: Option<(f64, f64)>,
    /// Print the model as JSON (glance and tidy, broom-style names) instead of tables.
    #[arg(long)]
    pub json: bool,
    /// The respondent id column, as the study file's [data] id: influential cases name each
    /// row by it beside its row number. Default: none.
    #[arg(long, value_name = "COLUMN")]
    pub id: Option<String>,
    #[command(flatten)]
    pub data_args: DataArgs,
}

impl Args {
    /// The model request: the options as given, named "model", with the command line's
    /// default covariance (cluster when --cluster is given).
    pub fn options(&self) -> ModelOptions {
        let mut m = self.model.clone();
        m.name = "model".into();
        if m.se.is_none() && m.cluster.is_some() {
            m.se = Some(CovType::Cluster);
        }
        m
    }
}

/// Fit the model described by `a` (shared by the CLI and the tests).
pub fn fit_model(a: &Args) -> anyhow::Result<ModelReport> {
    let spec = a
        .options()
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {}", e.flag(), e.message))?;
    let mut frame = read_table(&a.data, a.data_args.read_options())?;
    let file = a.data.display().to_string();
    let numeric = spec.formula.numeric_variables();
    frame.require_columns(
        spec.formula.variables().iter().chain(spec.cluster.iter()),
        &file,
    )?;
    // Each numeric variable with its own missing codes; with --scale its answers are
    // range-checked like the study file's items.
    let (min, max) = a.scale.unwrap_or((f64::NEG_INFINITY, f64::INFINITY));
    for v in numeric {
        let clean = CleanSpec {
            file: &file,
            missing_codes: a.data_args.codes_of(v),
            min,
            max,
        };
        match a.scale {
            Some(_) => clean_columns(&mut frame, &clean, &[(v, None, false)], &[])?,
            None => clean_columns(&mut frame, &clean, &[], &[(v, clean.missing_codes)])?,
        };
    }
    if let Some(id) = &a.id {
        frame.require_columns([id], &file)?;
    }
    let mut m = fit_formula(&frame, &spec, Some(super::progress_bar))
        .map_err(super::formula_error(&a.model.formula))?;
    if let Some(id) = &a.id {
        crate::study::regression::label_rows(&mut m, &frame, id);
    }
    Ok(m)
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let m = fit_model(&a)?;
    super::warn_sample_loss(crate::results::SampleLoss::check(
        format!("model {}", m.name),
        m.sample.rows_used,
        m.sample.rows_read,
        "complete cases over its variables (the model's sample table lists the variables missing most)",
    ));
    super::print(a.json, &m, crate::render::tables::model_tables)
}
