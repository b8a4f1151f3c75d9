//! `bprstat regress DATA --formula F`: one OLS model on a data file.

use super::DataArgs;
use crate::estimate::ols::{OlsSpec, fit};
use crate::estimate::{CovType, LsqOptions, Precision};
use crate::formula::{Factor, Formula, design};
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::{ModelReport, SampleInfo, VariableCount};
use crate::study::analyze::cluster_codes;
use anyhow::{Context, bail};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file (.csv or .parquet).
    pub data: PathBuf,
    /// Model formula in Wilkinson notation, e.g. "y ~ x1 + x2 + C(dept)".
    #[arg(long)]
    pub formula: String,
    /// Covariance type: classical, hc0, hc1, hc2, hc3 or cluster. Default: cluster when --cluster is given, else classical.
    #[arg(long)]
    pub se: Option<String>,
    /// Column whose values identify clusters (e.g. center_id), for --se cluster. Default: none.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Least-squares solver: auto (double-double QR for small or ill-conditioned designs, else
    /// faer's pivoted QR with double-double refinement), fast, or extended.
    #[arg(long, default_value = "auto")]
    pub solver: String,
    /// Print the model as JSON (glance and tidy, broom-style names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

/// Fit the model described by `a` (shared by the CLI and the tests).
pub fn fit_model(a: &Args) -> anyhow::Result<ModelReport> {
    let formula = Formula::parse(&a.formula).context("--formula")?;
    let se = match (&a.se, &a.cluster) {
        (Some(s), _) => CovType::parse(s).with_context(|| {
            format!(
                "--se \"{s}\" is not a covariance type; expected one of {}",
                CovType::NAMES.join(", ")
            )
        })?,
        (None, Some(_)) => CovType::Cluster,
        (None, None) => CovType::Classical,
    };
    if se == CovType::Cluster && a.cluster.is_none() {
        bail!("--se cluster needs --cluster COLUMN");
    }
    let precision = match a.solver.as_str() {
        "auto" => Precision::Auto,
        "fast" => Precision::Fast,
        "extended" => Precision::Extended,
        other => bail!("--solver \"{other}\" is not a solver; expected auto, fast or extended"),
    };
    let mut frame = read_table(&a.data, a.data_args.read_options()?)?;
    let file = a.data.display().to_string();
    let mut numeric: Vec<&str> = vec![formula.response.as_str()];
    for t in &formula.terms {
        for f in &t.0 {
            if !matches!(f, Factor::Cat { .. }) && !numeric.contains(&f.variable()) {
                numeric.push(f.variable());
            }
        }
    }
    for v in formula.variables().iter().chain(a.cluster.iter()) {
        if frame.get(v).is_none() {
            bail!(
                "column \"{v}\" is not in data file {file} (its columns: {})",
                frame.names.join(", ")
            );
        }
    }
    let spec = CleanSpec {
        file: &file,
        missing_codes: &a.data_args.missing,
        min: f64::NEG_INFINITY,
        max: f64::INFINITY,
    };
    let numeric: Vec<(&str, &[f64])> = numeric.into_iter().map(|v| (v, a.data_args.missing.as_slice())).collect();
    clean_columns(&mut frame, &spec, &[], &numeric)?;
    let cluster = if se == CovType::Cluster {
        a.cluster.as_deref()
    } else {
        None
    };
    let extra: Vec<&str> = cluster.into_iter().collect();
    let d = design(&formula, &frame, &extra)?;
    let codes = cluster.map(|c| cluster_codes(frame.get(c).unwrap(), &d.rows));
    let rows1: Vec<usize> = d.rows.iter().map(|r| r + 1).collect();
    let result = fit(&OlsSpec {
        x: d.x.view(),
        y: d.y.view(),
        x_lo: d.x_lo.as_ref().map(|a| a.view()),
        y_lo: d.y_lo.as_ref().map(|a| a.view()),
        terms: &d.columns,
        intercept: d.intercept,
        cov: se,
        clusters: codes.as_deref(),
        cluster_name: cluster,
        level: a.level,
        lsq: LsqOptions {
            precision,
            ..LsqOptions::default()
        },
        rows: Some(&rows1),
    })?;
    Ok(ModelReport {
        name: "model".into(),
        title: None,
        formula: a.formula.clone(),
        outcome: formula.response.clone(),
        sample: SampleInfo {
            rows_read: d.rows_read,
            rows_used: d.rows.len(),
            rows_dropped: d.rows_read - d.rows.len(),
            missing_by_variable: d
                .missing_by_variable
                .iter()
                .map(|(v, c)| VariableCount {
                    variable: v.clone(),
                    count: *c,
                })
                .collect(),
        },
        fit: result,
    })
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let m = fit_model(&a)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&m)?);
    } else {
        use crate::render::tables;
        for t in [
            tables::sample(&m),
            tables::model_summary(&m),
            tables::anova(&m),
            tables::coefficients(&m),
        ] {
            println!("{}", t.to_markdown());
        }
    }
    Ok(())
}
