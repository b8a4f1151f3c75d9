//! PLS path models (PLS-SEM): outer weights and loadings, paths, effects, reliability and
//! discriminant validity, with bootstrap summaries where asked.

use super::sem::SemBootstrap;
use serde::Serialize;

/// A bootstrap summary of one estimate (no sign correction: each resample's estimate is
/// used as it comes, as SmartPLS and seminr).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsBoot {
    pub mean: f64,
    /// Standard deviation of the resamples (divisor B - 1).
    pub sd: f64,
    /// Estimate / sd.
    pub t: f64,
    /// Percentile interval (R's quantile type 7) at the result's level.
    pub low: f64,
    pub high: f64,
    /// The 95th percentile: the upper bound of the one-sided 95% interval (HTMT's test
    /// against 0.85 / 0.90; Franke & Sarstedt 2019).
    pub upper95: f64,
    /// Bias-corrected and accelerated interval (Efron 1987) at the result's level: type 7
    /// quantiles at the BCa probabilities.
    pub bca_low: f64,
    pub bca_high: f64,
    /// The BCa acceleration, from the jackknife (leave one row, or one cluster, out).
    pub acceleration: f64,
}

/// One construct: its block and reliability.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsConstruct {
    pub name: String,
    /// "A" (reflective, correlation weights) or "B" (formative, regression weights).
    pub mode: String,
    /// Written with =~ (a common factor; PLSc-corrected when consistent) or <~ (a composite).
    pub common_factor: bool,
    pub items: Vec<String>,
    pub alpha: f64,
    pub rho_a: f64,
    pub rho_c: f64,
    pub ave: f64,
    pub r2: Option<f64>,
    pub adj_r2: Option<f64>,
    pub r2_boot: Option<PlsBoot>,
}

/// One indicator of a construct.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsOuter {
    pub construct: String,
    pub item: String,
    pub weight: f64,
    pub loading: f64,
    /// VIF of the indicator among its block's indicators (1 for a single one).
    pub vif: f64,
    pub weight_boot: Option<PlsBoot>,
    pub loading_boot: Option<PlsBoot>,
}

/// One structural path.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsPath {
    pub from: String,
    pub to: String,
    pub coefficient: f64,
    /// f² (the model re-estimated without the path).
    pub f2: Option<f64>,
    /// VIF of `from` among the predictors of `to` (None for a sole predictor).
    pub vif: Option<f64>,
    pub boot: Option<PlsBoot>,
}

/// A total, total indirect or specific indirect effect.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsEffect {
    /// "total", "total_indirect" or "specific_indirect".
    pub kind: String,
    /// The constructs along the effect: from, (through...), to.
    pub chain: Vec<String>,
    pub estimate: f64,
    pub boot: Option<PlsBoot>,
}

/// Discriminant validity of a pair of constructs.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsPair {
    pub a: String,
    pub b: String,
    pub htmt: f64,
    pub htmt2: f64,
    /// Correlation of the construct scores (disattenuated under PLSc).
    pub correlation: f64,
    pub htmt_boot: Option<PlsBoot>,
}

/// Correlations of one indicator with every construct.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsCrossLoading {
    pub item: String,
    pub construct: String,
    /// In the order of `PlsResult::constructs`.
    pub values: Vec<f64>,
}

/// A fitted PLS path model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsResult {
    pub name: String,
    pub nobs: usize,
    pub rows_read: usize,
    /// "path", "factorial" or "centroid".
    pub scheme: String,
    /// Consistent PLS (PLSc) for the common-factor blocks.
    pub consistent: bool,
    pub iterations: usize,
    pub converged: bool,
    pub constructs: Vec<PlsConstruct>,
    pub outer: Vec<PlsOuter>,
    pub paths: Vec<PlsPath>,
    pub effects: Vec<PlsEffect>,
    /// Every pair of constructs (Fornell-Larcker: compare `correlation` with √AVE).
    pub pairs: Vec<PlsPair>,
    pub cross_loadings: Vec<PlsCrossLoading>,
    /// SRMR with the construct correlations as estimated (saturated model) and as implied by
    /// the paths (estimated model); composites' blocks implied as observed, common factors'
    /// (PLSc) by their loadings.
    pub srmr_saturated: f64,
    pub srmr_estimated: f64,
    pub conf_level: f64,
    pub bootstrap: Option<SemBootstrap>,
    pub prediction: Option<PlsPrediction>,
    pub notes: Vec<String>,
}

/// PLSpredict of one endogenous indicator (out of sample, predictions averaged over the
/// repetitions).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsPredictItem {
    pub construct: String,
    pub item: String,
    /// 1 - Σ(y - ŷ)² / Σ(y - ȳ_train)²: above 0 when PLS predicts better than the training mean.
    pub q2_predict: f64,
    pub rmse: f64,
    pub mae: f64,
    /// The linear benchmark's Q²predict, RMSE and MAE.
    pub lm_q2_predict: f64,
    pub lm_rmse: f64,
    pub lm_mae: f64,
}

/// PLSpredict: k-fold cross-validated prediction of the endogenous indicators.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlsPrediction {
    pub folds: usize,
    pub repetitions: usize,
    /// DA (direct antecedents) or EA (earliest antecedents).
    pub technique: String,
    /// Seed of the shuffles (None when the folds were given).
    pub seed: Option<u64>,
    /// The constructs whose indicators the linear benchmark regresses on.
    pub benchmark_constructs: Vec<String>,
    pub items: Vec<PlsPredictItem>,
}
