//! Result types of the factor analyses: exploratory (SPSS FACTOR layout) and confirmatory
//! (loadings, fit indices, convergent and discriminant validity).

use crate::estimate::cfa::FitIndices;
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
