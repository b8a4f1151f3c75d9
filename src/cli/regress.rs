//! `bprstat regress DATA --formula F`: one OLS model on a data file. Its options are checked
//! by the same [`ModelOptions::validate`] as a study file's `[[models]]`.

use super::{DataArgs, parse_scale};
use crate::estimate::CovType;
use crate::estimate::Precision;
use crate::estimate::regression::bootstrap::{DEFAULT_SEED, WildWeights};
use crate::estimate::regression::selection::Method;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::ModelReport;
use crate::study::regression::fit_formula;
use crate::study::request::ModelOptions;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file (.csv or .parquet).
    pub data: PathBuf,
    /// Model formula in Wilkinson notation, e.g. "y ~ x1 + x2 + C(dept)".
    #[arg(long)]
    pub formula: String,
    /// Covariance type. Default: cluster when --cluster is given, else classical.
    #[arg(long, value_enum, ignore_case = true)]
    pub se: Option<CovType>,
    /// Column whose values identify clusters (e.g. center_id), for the cluster covariance
    /// types and the bootstraps. Default: none.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Confidence level of the intervals. Default: 0.95.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Least-squares solver: auto (double-double QR for small or ill-conditioned designs, else
    /// faer's pivoted QR with double-double refinement), fast, or extended. Default: auto.
    #[arg(long, value_enum, ignore_case = true, default_value = "auto")]
    pub solver: Precision,
    /// Also compute regression diagnostics: collinearity, zero-order/partial/part
    /// correlations, Breusch-Pagan and White tests, Jarque-Bera and Shapiro-Wilk, influence.
    #[arg(long)]
    pub diagnostics: bool,
    /// Wild cluster bootstrap (restricted, WCR) of every slope with this many replications
    /// (up to 99999; all 2^G sign vectors when G <= 12 with Rademacher weights). Needs
    /// --cluster. Default: none.
    #[arg(long, value_name = "B")]
    pub wild_bootstrap: Option<usize>,
    /// Weights of the wild bootstrap. Default: rademacher.
    #[arg(long, value_enum, ignore_case = true, default_value = "rademacher")]
    pub weights: WildWeights,
    /// Seed of the bootstraps; the same seed gives the same draws. Default: 20080601.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Pairs cluster bootstrap of the standardized coefficients and R2 with this many
    /// replications. Needs --cluster. Default: none.
    #[arg(long, value_name = "B")]
    pub pairs_bootstrap: Option<usize>,
    /// Variable selection as SPSS REGRESSION does it. Default: enter.
    #[arg(long, value_enum, ignore_case = true, default_value = "enter")]
    pub method: Method,
    /// Probability of F to enter (stepwise, forward). Default: 0.05.
    #[arg(long, default_value_t = 0.05)]
    pub pin: f64,
    /// Probability of F to remove (stepwise, backward). Default: 0.10.
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
    /// Answer scale as MIN-MAX (e.g. 1-5): values of the formula's numeric variables outside
    /// it become missing, as the study file's [scale] does for items. Default: no range check.
    #[arg(long, value_parser = parse_scale)]
    pub scale: Option<(f64, f64)>,
    /// Print the model as JSON (glance and tidy, broom-style names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

impl Args {
    /// The options as the shared model request (the study file's `[[models]]` keys).
    pub fn options(&self) -> ModelOptions {
        let blocks: Option<Vec<Vec<String>>> = (!self.blocks.is_empty()).then(|| {
            self.blocks
                .iter()
                .map(|b| {
                    b.split(',')
                        .map(|t| t.trim().to_string())
                        .filter(|t| !t.is_empty())
                        .collect()
                })
                .collect()
        });
        ModelOptions {
            name: "model".into(),
            title: None,
            formula: self.formula.clone(),
            se: self.se.or(self.cluster.as_ref().map(|_| CovType::Cluster)),
            cluster: self.cluster.clone(),
            level: Some(self.level),
            solver: Some(self.solver),
            diagnostics: self.diagnostics,
            wild_bootstrap: self.wild_bootstrap,
            weights: Some(self.weights),
            seed: Some(self.seed),
            pairs_bootstrap: self.pairs_bootstrap,
            method: Some(self.method),
            pin: Some(self.pin),
            pout: Some(self.pout),
            fin: self.fin,
            fout: self.fout,
            tolerance: None,
            blocks,
            selection_bootstrap: self.selection_bootstrap,
            center: self.center.clone(),
        }
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
        spec.formula.variables().iter().chain(a.cluster.iter()),
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
    fit_formula(&frame, &spec, Some(super::progress_bar)).map_err(super::formula_error(&a.formula))
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let m = fit_model(&a)?;
    super::print(a.json, &m, crate::render::tables::model_tables)
}
