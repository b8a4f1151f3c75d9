//! `bprstat regress DATA --formula F`: one OLS model on a data file.

use super::DataArgs;
use crate::estimate::bootstrap::{WildOptions, WildWeights};
use crate::estimate::selection::{Criteria, Method};
use crate::estimate::{CovType, LsqOptions, Precision};
use crate::formula::Formula;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::ModelReport;
use crate::study::analyze::{AnalyzeError, ModelRequest, SelectionRequest, fit_formula};
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
    /// Also compute regression diagnostics: collinearity, zero-order/partial/part
    /// correlations, Breusch-Pagan and White tests, Jarque-Bera and Shapiro-Wilk, influence.
    #[arg(long)]
    pub diagnostics: bool,
    /// Wild cluster bootstrap (restricted, WCR) of every slope with this many replications
    /// (up to 99999; all 2^G sign vectors when G <= 12 with Rademacher weights). Needs --cluster.
    #[arg(long, value_name = "B")]
    pub wild_bootstrap: Option<usize>,
    /// Weights of the wild bootstrap: rademacher or webb.
    #[arg(long, default_value = "rademacher")]
    pub weights: String,
    /// Seed of the bootstraps; the same seed gives the same draws.
    #[arg(long, default_value_t = crate::estimate::bootstrap::DEFAULT_SEED)]
    pub seed: u64,
    /// Pairs cluster bootstrap of the standardized coefficients and R2 with this many
    /// replications. Needs --cluster. Default: none.
    #[arg(long, value_name = "B")]
    pub pairs_bootstrap: Option<usize>,
    /// Variable selection as SPSS REGRESSION does it: enter, stepwise, forward, backward or remove.
    #[arg(long, default_value = "enter")]
    pub method: String,
    /// Probability of F to enter (stepwise, forward).
    #[arg(long, default_value_t = 0.05)]
    pub pin: f64,
    /// Probability of F to remove (stepwise, backward).
    #[arg(long, default_value_t = 0.10)]
    pub pout: f64,
    /// F-to-enter value, used instead of --pin when given. Default: none.
    #[arg(long)]
    pub fin: Option<f64>,
    /// F-to-remove value, used instead of --pout when given. Default: none.
    #[arg(long)]
    pub fout: Option<f64>,
    /// A block of formula terms for hierarchical entry, comma-separated; repeat for each block
    /// in order (e.g. --block "years_in_post,C(department)" --block "strategy,linkage"). Default: none.
    #[arg(long = "block")]
    pub blocks: Vec<String>,
    /// Cluster bootstrap of the selection with this many replications (needs --cluster). Default: none.
    #[arg(long, value_name = "B")]
    pub selection_bootstrap: Option<usize>,
    /// Comma-separated variables to mean-centre (over the model's sample) before forming
    /// interactions. Default: none.
    #[arg(long, value_delimiter = ',')]
    pub center: Vec<String>,
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
    if se.is_clustered() && a.cluster.is_none() {
        bail!("--se {} needs --cluster COLUMN", se.name());
    }
    let precision = match a.solver.as_str() {
        "auto" => Precision::Auto,
        "fast" => Precision::Fast,
        "extended" => Precision::Extended,
        other => bail!("--solver \"{other}\" is not a solver; expected auto, fast or extended"),
    };
    let mut frame = read_table(&a.data, a.data_args.read_options()?)?;
    let file = a.data.display().to_string();
    let numeric = formula.numeric_variables();
    frame.require_columns(formula.variables().iter().chain(a.cluster.iter()), &file)?;
    let spec = CleanSpec {
        file: &file,
        missing_codes: &a.data_args.missing,
        min: f64::NEG_INFINITY,
        max: f64::INFINITY,
    };
    let numeric: Vec<(&str, &[f64])> = numeric
        .into_iter()
        .map(|v| (v, a.data_args.missing.as_slice()))
        .collect();
    clean_columns(&mut frame, &spec, &[], &numeric)?;
    let model = fit_formula(
        &frame,
        &ModelRequest {
            name: "model",
            title: None,
            formula: &formula,
            se,
            cluster: a.cluster.as_deref(),
            level: a.level,
            lsq: LsqOptions {
                precision,
                ..LsqOptions::default()
            },
            diagnostics: a.diagnostics,
            center: a.center.clone(),
            selection: {
                let method = Method::parse(&a.method).with_context(|| {
                    format!(
                        "--method \"{}\" is not one of {}",
                        a.method,
                        Method::NAMES.join(", ")
                    )
                })?;
                if !(a.pin > 0.0 && a.pin < a.pout && a.pout < 1.0) {
                    bail!("need 0 < --pin ({}) < --pout ({}) < 1", a.pin, a.pout);
                }
                let criteria = Criteria {
                    pin: a.pin,
                    pout: a.pout,
                    fin: a.fin,
                    fout: a.fout,
                    ..Criteria::default()
                };
                let blocks: Option<Vec<Vec<String>>> = (!a.blocks.is_empty()).then(|| {
                    a.blocks
                        .iter()
                        .map(|b| {
                            b.split(',')
                                .map(|t| t.trim().to_string())
                                .filter(|t| !t.is_empty())
                                .collect()
                        })
                        .collect()
                });
                (method != Method::Enter || blocks.is_some()).then_some(SelectionRequest {
                    method,
                    criteria,
                    blocks,
                    stability: a
                        .selection_bootstrap
                        .filter(|&b| b > 0)
                        .map(|b| (b, a.seed)),
                })
            },
            wild: match a.wild_bootstrap {
                Some(reps) if reps > 0 => {
                    if reps > 99_999 {
                        bail!("--wild-bootstrap {reps}: at most 99999 replications");
                    }
                    let weights = WildWeights::parse(&a.weights).with_context(|| {
                        format!("--weights \"{}\" is not rademacher or webb", a.weights)
                    })?;
                    Some(WildOptions {
                        reps,
                        weights,
                        seed: a.seed,
                        level: a.level,
                    })
                }
                _ => None,
            },
            pairs: a.pairs_bootstrap.filter(|&b| b > 0).map(|b| (b, a.seed)),
            progress: Some(super::progress_bar),
        },
    )
    .map_err(|e| match e {
        AnalyzeError::Model { message, .. } => {
            anyhow::anyhow!("--formula \"{}\": {message}", a.formula)
        }
        other => other.into(),
    })?;
    Ok(model)
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let m = fit_model(&a)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&m)?);
    } else {
        use crate::render::tables;
        for t in tables::model_tables(&m) {
            println!("{}", t.to_markdown());
        }
    }
    Ok(())
}
