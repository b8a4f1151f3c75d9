//! Structural equation models: the parameter table a model text means (lavaan's rules for
//! what is free, fixed and added by default) and the fitted model (estimates with SE, z, p,
//! CI and standardized values, R², fit measures).

use serde::Serialize;

/// One parameter of a model: `lhs op rhs` as lavaan writes it ("f =~ x1", "y ~ x",
/// "x1 ~~ x1").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ParRow {
    pub lhs: String,
    /// "=~", "~" or "~~".
    pub op: String,
    pub rhs: String,
    /// The label given in the model text (`a*x`); parameters sharing a label are equal.
    pub label: Option<String>,
    /// Index of the free parameter it takes its value from (None: fixed).
    pub free: Option<usize>,
    /// The value of a fixed parameter (a marker loading of 1, `0*x`, a variance under
    /// `std_lv`).
    pub fixed: Option<f64>,
    /// Written in the model text (false: added by lavaan's defaults).
    pub user: bool,
    /// A variance or covariance of exogenous observed variables, fixed at its sample value
    /// (lavaan's `fixed.x`): it takes the sample value and counts as no parameter.
    pub exogenous: bool,
}

/// A defined parameter (`name := expression` over labels).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DefinedParam {
    pub name: String,
    /// The expression as written.
    pub text: String,
    #[serde(skip)]
    pub expr: crate::numeric::expr::Expr,
}

/// What a model text means: its variables and parameters.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ParTable {
    /// Observed variables, in the order lavaan uses (indicators first, in order of appearance,
    /// then the other observed variables).
    pub observed: Vec<String>,
    pub latent: Vec<String>,
    pub rows: Vec<ParRow>,
    pub defined: Vec<DefinedParam>,
    /// Number of free parameters (equal-labelled ones counted once), fixed.x ones included.
    pub n_free: usize,
    /// Latent variances fixed to 1 instead of first loadings (lavaan's `std.lv`).
    pub std_lv: bool,
}

/// One estimated parameter, in lavaan's `parameterEstimates()` / `standardizedSolution()`
/// terms.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SemEstimate {
    pub lhs: String,
    /// "=~", "~", "~~" or ":=".
    pub op: String,
    pub rhs: String,
    pub label: Option<String>,
    /// False for fixed parameters and fixed.x (co)variances (no SE).
    pub free: bool,
    pub estimate: f64,
    pub std_error: Option<f64>,
    /// z = estimate / SE.
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
    /// Latent variables standardized (lavaan's std.lv).
    pub std_lv: f64,
    /// Latent and observed variables standardized (std.all).
    pub std_all: f64,
    /// Delta-method SE of std.all (None for fixed values).
    pub std_all_se: Option<f64>,
    /// Percentile bootstrap interval (with `boot`).
    pub boot_low: Option<f64>,
    pub boot_high: Option<f64>,
}

/// Global fit of a structural equation model (lavaan's `fitMeasures()` names in brackets).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SemFitMeasures {
    /// Free parameters [npar] (fixed.x (co)variances not counted).
    pub npar: usize,
    /// [chisq], [df], [pvalue].
    pub chi_square: f64,
    pub df: f64,
    pub p_value: Option<f64>,
    /// [baseline.chisq], [baseline.df]: the independence model.
    pub baseline_chi_square: f64,
    pub baseline_df: f64,
    pub cfi: f64,
    pub tli: f64,
    pub rmsea: f64,
    pub rmsea_low: f64,
    pub rmsea_high: f64,
    /// [rmsea.pvalue]: P(RMSEA <= 0.05).
    pub rmsea_pclose: f64,
    pub srmr: f64,
    /// [logl], [unrestricted.logl].
    pub log_lik: f64,
    pub unrestricted_log_lik: f64,
    pub aic: f64,
    pub bic: f64,
    /// The Yuan-Bentler scaled test and the indices from it (robust standard errors only).
    pub scaled: Option<ScaledFit>,
}

/// The scaled χ² (Yuan-Bentler, Mplus variant) and the fit indices built on it, lavaan's
/// `.scaled` (the scaled χ² in the usual formulas) and `.robust` (Brosseau-Liard and
/// Savalei's, which estimate the population values) versions.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ScaledFit {
    /// [chisq.scaled], [chisq.scaling.factor], [pvalue.scaled].
    pub chi_square: f64,
    pub scaling_factor: f64,
    pub p_value: Option<f64>,
    /// [baseline.chisq.scaled], [baseline.chisq.scaling.factor].
    pub baseline_chi_square: f64,
    pub baseline_scaling_factor: f64,
    /// Under FIML, the .robust indices' statistics (lavaan's FIML-corrected, Zhang & Savalei
    /// 2023): [the model's complete-data χ² at the saturated moments, its scaling factor, the
    /// baseline's χ², its scaling factor]; without missing data the .robust indices use the
    /// scaled test's own.
    pub corrected: Option<[f64; 4]>,
    /// [cfi.scaled], [tli.scaled], [cfi.robust], [tli.robust].
    pub cfi_scaled: f64,
    pub tli_scaled: f64,
    pub cfi_robust: f64,
    pub tli_robust: f64,
    /// [rmsea.scaled] with [rmsea.ci.lower.scaled], [rmsea.ci.upper.scaled], [rmsea.pvalue.scaled].
    pub rmsea_scaled: f64,
    pub rmsea_scaled_low: f64,
    pub rmsea_scaled_high: f64,
    pub rmsea_scaled_pclose: f64,
    /// [rmsea.robust] with [rmsea.ci.lower.robust], [rmsea.ci.upper.robust], [rmsea.pvalue.robust].
    pub rmsea_robust: f64,
    pub rmsea_robust_low: f64,
    pub rmsea_robust_high: f64,
    pub rmsea_robust_pclose: f64,
}

/// A fitted structural equation model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SemResult {
    pub name: String,
    /// Rows used: the complete cases (listwise), or every row observing a variable (FIML).
    pub nobs: usize,
    pub rows_read: usize,
    /// "ML" or "MLR".
    pub estimator: String,
    /// "expected" or "observed" (the information matrix of the standard errors).
    pub information: String,
    /// Standard errors: "standard", "robust.huber.white" (MLR) or "robust.cluster".
    pub se: String,
    /// Clusters of the cluster-robust errors, and the column naming them.
    pub clusters: Option<usize>,
    pub cluster_variable: Option<String>,
    /// Missing answers: "listwise" or "fiml".
    pub missing: String,
    /// FIML: the number of patterns of observed variables, and of complete cases among the
    /// rows.
    pub missing_patterns: Option<usize>,
    pub complete_cases: Option<usize>,
    pub converged: bool,
    pub iterations: usize,
    /// Parameters with an improper value (a negative variance, a correlation beyond ±1):
    /// the solution is reported, but not as an admissible fit.
    pub improper: Vec<String>,
    pub estimates: Vec<SemEstimate>,
    /// R² of every endogenous variable (indicators and dependent variables).
    pub r_squared: Vec<(String, f64)>,
    pub fit: SemFitMeasures,
    pub conf_level: f64,
    /// The bootstrap behind `boot_low`/`boot_high`, when asked.
    pub bootstrap: Option<SemBootstrap>,
    /// The ten largest modification indices (complete-data ML; empty under FIML and for
    /// models without latent variables).
    pub modification: Vec<ModIndex>,
    pub notes: Vec<String>,
}

/// A nonparametric bootstrap of a structural equation model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SemBootstrap {
    /// Resamples asked, and those whose fit failed (left out of the intervals).
    pub samples: usize,
    pub failed: usize,
    /// Clusters resampled whole (None: rows resampled).
    pub clusters: Option<usize>,
    pub seed: u64,
}

/// A parameter the model leaves out: lavaan's `modindices()` columns mi, epc, sepc.all.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ModIndex {
    pub lhs: String,
    pub op: String,
    pub rhs: String,
    /// The drop in χ² expected if the parameter were freed (1 df).
    pub mi: f64,
    /// Its expected value (EPC), and standardized as std.all.
    pub epc: f64,
    pub sepc_all: f64,
}
