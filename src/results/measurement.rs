//! Result types of measurement: reliability of scales (SPSS RELIABILITY), sampling adequacy,
//! exploratory factor analysis (SPSS FACTOR layout) and confirmatory factor analysis
//! (loadings, fit indices, convergent and discriminant validity).

use serde::Serialize;

/// Parallel analysis: eigenvalues of random data of the same size.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ParallelAnalysis {
    pub samples: usize,
    pub seed: u64,
    pub mean: Vec<f64>,
    pub p95: Vec<f64>,
    /// Factors whose observed eigenvalue exceeds the random 95th percentile.
    pub suggested: usize,
}

/// An exploratory factor analysis.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EfaReport {
    pub items: Vec<String>,
    /// Cases the correlation matrix rests on (the smallest pairwise n under "pairwise").
    pub n: usize,
    /// "listwise", "pairwise" or "mean substitution".
    pub missing: String,
    pub extraction: String,
    pub rotation: String,
    pub nfactors: usize,
    /// How the number of factors was chosen.
    pub factor_rule: String,
    /// Eigenvalues of the correlation matrix.
    pub eigenvalues: Vec<f64>,
    /// Factors with eigenvalue > 1 (Kaiser).
    pub kaiser: usize,
    pub parallel: ParallelAnalysis,
    pub communalities_initial: Vec<f64>,
    pub communalities: Vec<f64>,
    /// Sums of squared loadings of the unrotated factors.
    pub ss_extraction: Vec<f64>,
    /// After rotation (for oblique rotations: column sums of squared pattern loadings).
    pub ss_rotation: Vec<f64>,
    /// Pattern (oblique) or rotated (orthogonal) loadings: one row per item.
    pub loadings: Vec<Vec<f64>>,
    /// Structure matrix (loadings Φ) of oblique rotations.
    pub structure: Option<Vec<Vec<f64>>>,
    pub factor_correlations: Option<Vec<Vec<f64>>>,
    pub iterations: usize,
    pub converged: bool,
    /// Loadings below this are blanked in the table (kept in the JSON).
    pub blank_below: f64,
}

/// One item's loading in the CFA.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CfaLoading {
    pub construct: String,
    pub item: String,
    pub estimate: f64,
    pub std_estimate: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub p_value: f64,
    pub std_residual_variance: f64,
}

/// Convergent validity of one construct.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ConstructValidity {
    pub construct: String,
    pub n_items: usize,
    pub composite_reliability: f64,
    pub ave: f64,
    pub sqrt_ave: f64,
    /// The largest squared correlation with another construct (MSV).
    pub max_shared_variance: f64,
}

/// A confirmatory factor analysis of the study's constructs.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CfaReport {
    pub constructs: Vec<String>,
    pub n: usize,
    pub loadings: Vec<CfaLoading>,
    pub factor_correlations: Vec<Vec<f64>>,
    pub factor_correlation_se: Vec<Vec<f64>>,
    pub fit: FitIndices,
    pub validity: Vec<ConstructValidity>,
    /// Heterotrait-monotrait ratios (upper triangle used; symmetric).
    pub htmt: Vec<Vec<f64>>,
    pub iterations: usize,
    pub notes: Vec<String>,
}

/// SPSS "Item-Total Statistics" of one item, with its "Item Statistics".
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ItemTotal {
    pub item: String,
    pub mean: f64,
    pub sd: f64,
    pub scale_mean_if_deleted: f64,
    pub scale_variance_if_deleted: f64,
    pub corrected_item_total_r: f64,
    pub squared_multiple_r: f64,
    pub alpha_if_deleted: f64,
}

/// Reliability of one construct.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Reliability {
    pub construct: String,
    pub n_items: usize,
    /// Cases with every item answered (listwise), and cases excluded.
    pub n_valid: usize,
    pub n_excluded: usize,
    pub alpha: f64,
    pub std_alpha: f64,
    pub alpha_conf_low: f64,
    pub alpha_conf_high: f64,
    pub conf_level: f64,
    pub lambda6: f64,
    /// McDonald's omega total from a one-factor principal-axis solution (psych::omega with
    /// nfactors = 1, fm = "pa"); none when the factor cannot be extracted.
    pub omega_total: Option<f64>,
    pub mean_inter_item_r: f64,
    pub scale_mean: f64,
    pub scale_variance: f64,
    pub items: Vec<ItemTotal>,
}

/// Sampling adequacy and sphericity of a set of items (the checks printed before a factor
/// analysis).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Adequacy {
    pub n: usize,
    /// Kaiser-Meyer-Olkin measure of sampling adequacy, overall.
    pub kmo: f64,
    /// Per item (MSA), in item order.
    pub msa: Vec<(String, f64)>,
    /// Bartlett's test of sphericity: chi-square, df, p.
    pub bartlett_statistic: f64,
    pub bartlett_df: f64,
    pub bartlett_p_value: f64,
}

/// Fit indices (lavaan's definitions).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FitIndices {
    pub chi_square: f64,
    pub df: f64,
    pub p_value: f64,
    pub cfi: f64,
    pub tli: f64,
    pub rmsea: f64,
    pub rmsea_low: f64,
    pub rmsea_high: f64,
    pub srmr: f64,
    pub baseline_chi_square: f64,
    pub baseline_df: f64,
}
