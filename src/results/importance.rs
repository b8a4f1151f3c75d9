//! Results of a relative-importance analysis: dominance analysis (complete, conditional,
//! general = LMG) and Johnson's relative weights, with bootstrap intervals.

use serde::Serialize;

/// Dominance relation of one pair, sample value and bootstrap reproducibility.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DominancePair {
    pub i: String,
    pub j: String,
    /// 1: i dominates j, 0: j dominates i, 0.5: neither; per kind.
    pub complete: f64,
    pub conditional: f64,
    pub general: f64,
    /// Shares of bootstrap resamples in which each relation equals the sample's (None
    /// without a bootstrap).
    pub complete_reproducibility: Option<f64>,
    pub conditional_reproducibility: Option<f64>,
    pub general_reproducibility: Option<f64>,
    /// Share of resamples in which i generally dominates j.
    pub general_p_dominates: Option<f64>,
    /// G_i - G_j with its bootstrap interval.
    pub difference: f64,
    pub difference_conf_low: Option<f64>,
    pub difference_conf_high: Option<f64>,
}

/// One value with its bootstrap SE and percentile interval.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Measure {
    pub estimate: f64,
    pub boot_se: Option<f64>,
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
}

/// The importance of one set.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SetImportance {
    pub term: String,
    /// General dominance weight (= LMG).
    pub general: Measure,
    /// General dominance as a share of R2(all) - R2(always), in %.
    pub general_percent: f64,
    /// Rank by general dominance (1 = most important).
    pub rank: Measure,
    /// C_i(k) for k = 0 .. p-1 other sets in the model.
    pub conditional: Vec<f64>,
    pub relative_weight: Measure,
    /// Relative weight rescaled to 100%.
    pub relative_weight_percent: Measure,
}

/// One subset's fit (the all-subsets table).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SubsetFit {
    pub terms: Vec<String>,
    pub r_squared: f64,
}

/// A relative-importance analysis.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ImportanceResult {
    pub name: String,
    pub outcome: String,
    /// Terms forced into every model.
    pub always: Vec<String>,
    pub nobs: usize,
    /// Rows of the file before complete cases were taken.
    pub rows_read: usize,
    pub r_squared: f64,
    /// R2 of the forced-in columns alone (0 without them).
    pub r_squared_always: f64,
    pub sets: Vec<SetImportance>,
    pub pairs: Vec<DominancePair>,
    /// Every subset's R2 (omitted, with a note, above 12 sets: 4,096 rows).
    pub subsets: Vec<SubsetFit>,
    pub bootstrap_reps: usize,
    pub seed: u64,
    pub conf_level: f64,
    /// "cases" or "clusters"; empty without a bootstrap.
    pub resampled: String,
    pub clusters: Option<usize>,
    /// Resamples in which a set became collinear or y constant; replaced by new draws.
    pub replaced: usize,
    pub notes: Vec<String>,
}
