//! Results of regression models beyond the coefficient table: wild and pairs cluster
//! bootstraps, SPSS-style variable selection, tests across models and simple slopes, and the
//! residual tests.

use serde::Serialize;

/// Result of the wild cluster bootstrap for one coefficient.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WildTerm {
    pub term: String,
    /// The CR1 t statistic of H0: coefficient = 0.
    pub statistic: f64,
    pub p_value: f64,
    /// Interval by test inversion at the requested level; None for a side that is unbounded
    /// (no value of the coefficient is rejected there), with the reason in `interval_note`.
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_note: Option<String>,
}

/// Result of the wild cluster bootstrap of a model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WildBootstrap {
    pub method: String,
    pub weights: String,
    /// Replications used (2^G under full enumeration).
    pub reps: usize,
    /// The smallest p-value the bootstrap can give: 2/2^G when the G clusters' sign vectors
    /// are enumerated (a vector and its negation give the same |t|), 1/B otherwise. Above
    /// 1 - level, the test-inversion interval cannot be bounded.
    pub smallest_p_value: f64,
    pub enumerated: bool,
    pub seed: u64,
    pub clusters: usize,
    pub conf_level: f64,
    pub terms: Vec<WildTerm>,
}

/// Percentile interval of one bootstrapped quantity.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BootInterval {
    pub term: String,
    pub estimate: f64,
    pub std_error: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// Pairs (cluster) bootstrap of standardized coefficients and R2.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PairsBootstrap {
    pub method: String,
    pub reps: usize,
    pub seed: u64,
    pub conf_level: f64,
    /// Standardized coefficients (Beta) per slope.
    pub std_estimates: Vec<BootInterval>,
    pub r_squared: BootInterval,
}

/// A candidate's statistics if it entered the current model (SPSS "Excluded Variables").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Excluded {
    pub term: String,
    pub beta_in: f64,
    pub statistic: f64,
    pub p_value: f64,
    pub partial_correlation: f64,
    pub tolerance: f64,
    pub vif: f64,
    pub min_tolerance: f64,
}

/// One step: what changed and which columns are in the model afterwards.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Step {
    pub step: usize,
    pub entered: Vec<String>,
    pub removed: Vec<String>,
    /// Design columns in the model after the step (indices into the full design).
    #[serde(skip)]
    pub columns: Vec<usize>,
    pub terms: Vec<String>,
    pub r_squared: f64,
    pub r_squared_change: f64,
    pub f_change: f64,
    pub df1: usize,
    pub df2: usize,
    pub p_change: f64,
    pub excluded: Vec<Excluded>,
}

/// The whole selection.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Selection {
    pub method: String,
    pub method_text: String,
    pub steps: Vec<Step>,
}

/// How often each candidate ends in the selected model over cluster-bootstrap resamples.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SelectionFrequency {
    pub term: String,
    /// Share of the resamples whose final model contains the term.
    pub share: f64,
}

/// A term's equality test.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TermDifference {
    pub term: String,
    pub estimate_a: f64,
    pub estimate_b: f64,
    pub difference: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
}

/// The joint test over every shared slope.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JointTest {
    pub terms: Vec<String>,
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
}

/// The slope of a focal variable at one value of its moderator.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SimpleSlope {
    pub focal: String,
    pub moderator: String,
    /// "mean - 1 SD", "mean", "mean + 1 SD"
    pub at: String,
    pub moderator_value: f64,
    pub slope: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub df: f64,
    pub p_value: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// A test statistic with its p-value (and degrees of freedom where it has them).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Test {
    pub statistic: f64,
    pub df: Option<f64>,
    pub p_value: f64,
}

/// The reference level of a categorical variable: its dummies are differences from it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ReferenceLevel {
    /// As written in the formula: `C(department)`.
    pub variable: String,
    /// As shown in the term names (a value label when the file gives one).
    pub level: String,
}
