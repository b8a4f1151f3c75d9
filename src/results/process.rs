//! Results of a PROCESS model (Hayes' conditional process analysis): every outcome equation,
//! the direct, indirect and conditional effects, the index of moderated mediation, the
//! Johnson-Neyman boundaries and the bootstrap that carries the indirect effects. Names follow
//! broom where a row is a coefficient (`tidy`), PROCESS's labels elsewhere.

use super::TidyRow;
use serde::Serialize;

/// The variables in their PROCESS roles.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Roles {
    pub x: String,
    pub y: String,
    /// Mediators M1..Mk, in the order given (the serial order in model 6).
    pub m: Vec<String>,
    pub w: Option<String>,
    pub z: Option<String>,
    pub covariates: Vec<String>,
}

/// One outcome equation's model summary, as PROCESS prints it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EquationSummary {
    pub r: f64,
    pub r_squared: f64,
    /// Mean squared error SSE / (n - k).
    pub mse: f64,
    /// F of all slopes: the classical F, or the Wald F with a robust covariance (PROCESS's
    /// `hc` and cluster options); None where a cluster-robust covariance cannot test them all.
    pub statistic: Option<f64>,
    pub df1: f64,
    pub df2: f64,
    pub p_value: Option<f64>,
}

/// A product term of an equation: its name in the tables and the variables multiplied.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProductTerm {
    pub term: String,
    pub factors: Vec<String>,
}

/// The test of dropping interaction terms from an equation ("R-square increase due to
/// interaction(s)").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct R2Change {
    /// The product term, or "both" for the joint test of model 2's two products.
    pub term: String,
    pub r2_change: f64,
    pub statistic: Option<f64>,
    pub df1: f64,
    pub df2: f64,
    pub p_value: Option<f64>,
}

/// One outcome equation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Equation {
    pub outcome: String,
    pub nobs: usize,
    pub summary: EquationSummary,
    pub tidy: Vec<TidyRow>,
    pub products: Vec<ProductTerm>,
    pub r2_change: Vec<R2Change>,
}

/// A moderator's value at which an effect is conditioned (original scale of the variable).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ModeratorValue {
    pub variable: String,
    pub value: f64,
}

/// An effect computed from one equation's coefficients and their covariance (direct, total,
/// or conditional on moderator values), with a t test.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Effect {
    /// Empty for an unconditional effect.
    pub at: Vec<ModeratorValue>,
    pub effect: f64,
    pub std_error: f64,
    pub statistic: f64,
    pub df: f64,
    pub p_value: Option<f64>,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// A quantity whose interval comes from the bootstrap: a specific, total, conditional or
/// standardized indirect effect, a contrast, or an index of moderated mediation.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct BootEffect {
    /// Which quantity: "total", "ind1", "x -> m1 -> y", "(ind1) - (ind2)", "index".
    pub term: String,
    /// The path, e.g. ["x", "m1", "y"] (empty for a total or a contrast).
    pub path: Vec<String>,
    /// Empty for an unconditional quantity.
    pub at: Vec<ModeratorValue>,
    pub estimate: f64,
    /// Standard deviation of the bootstrap estimates (None without a bootstrap).
    pub boot_se: Option<f64>,
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
}

/// A Johnson-Neyman point: where an effect's t test crosses the critical value.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JnBoundary {
    pub value: f64,
    /// Share of cases (in %) with the moderator below and above the value.
    pub percent_below: f64,
    pub percent_above: f64,
}

/// The Johnson-Neyman technique for one conditional effect.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct JohnsonNeyman {
    /// The effect whose significance region is sought ("x" for X's effect on Y; "x*w" for the
    /// conditional X*W interaction in model 3).
    pub effect_of: String,
    pub moderator: String,
    /// Boundaries inside the observed range of the moderator (none: the effect is significant
    /// everywhere or nowhere in it; `note` says which).
    pub boundaries: Vec<JnBoundary>,
    pub note: String,
    /// The effect at 21 evenly spaced values of the moderator from its minimum to maximum
    /// and at each boundary, for the Johnson-Neyman plot.
    pub table: Vec<Effect>,
}

/// A predicted value of an outcome at given values of its predictors (the others at their
/// means), with its standard error and confidence interval.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Prediction {
    /// The focal predictor's value, then each moderator's.
    pub at: Vec<ModeratorValue>,
    pub fitted: f64,
    pub std_error: f64,
    pub conf_low: f64,
    pub conf_high: f64,
}

/// The data for visualizing a conditional effect (PROCESS's `plot = 2`): an outcome predicted
/// across its focal predictor at each value of the moderator(s) of that predictor, every other
/// variable of the equation (covariates included) at its mean.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SimpleSlopes {
    pub outcome: String,
    /// The predictor whose effect is moderated (X, or a mediator whose b path is).
    pub focal: String,
    pub moderators: Vec<String>,
    /// The focal predictor at its 16th, 50th and 84th percentiles (or mean and +/- 1 SD, as
    /// the moderator values; its two values when dichotomous) crossed with the moderator
    /// values: PROCESS's table.
    pub table: Vec<Prediction>,
    /// The focal predictor at 21 evenly spaced values from its minimum to its maximum crossed
    /// with the moderator values: the lines and bands of the simple-slopes plot.
    pub curve: Vec<Prediction>,
}

/// How the bootstrap was run.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProcessBootstrap {
    pub reps: usize,
    pub seed: u64,
    /// "percentile" or "bias-corrected".
    pub interval: String,
    pub conf_level: f64,
    /// "cases" or "clusters".
    pub resampled: String,
    /// Clusters resampled (cluster bootstrap).
    pub clusters: Option<usize>,
    /// Resamples in which an equation could not be estimated (singular design); each was
    /// replaced by a new one, as PROCESS does.
    pub replaced: usize,
}

/// A PROCESS model, fitted.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ProcessResult {
    pub name: String,
    pub model: u8,
    pub roles: Roles,
    pub nobs: usize,
    /// Rows of the file before complete cases were taken over the model's variables.
    pub rows_read: usize,
    /// The covariance of every equation (classical, hc0-hc4, cluster, cr2, ...).
    pub cov_type: String,
    pub cov_description: String,
    pub conf_level: f64,
    /// Variables mean-centred before forming products.
    pub centered: Vec<String>,
    /// How the moderator values were chosen ("percentiles 16/50/84", "mean and +/- 1 SD",
    /// "given", "the two values" of a dichotomous moderator).
    pub moderator_values: String,
    pub equations: Vec<Equation>,
    /// Y on X and the covariates (models 4 and 6).
    pub total_effect_model: Option<Equation>,
    pub total_effect: Option<Effect>,
    /// The direct effect of X on Y (one row), or conditional direct effects at the moderator
    /// values; for models 1-3 the conditional effects of X on Y.
    pub direct: Vec<Effect>,
    /// Specific indirect effects (conditional ones at each moderator value) and, with more
    /// than one path, their total.
    pub indirect: Vec<BootEffect>,
    /// Pairwise differences between specific indirect effects (models 4 and 6).
    pub contrasts: Vec<BootEffect>,
    /// Completely standardized indirect effects, effect * sd(X) / sd(Y) (models 4 and 6).
    pub standardized: Vec<BootEffect>,
    /// Index of moderated mediation per mediator (models 7, 8, 14, 15).
    pub index_of_moderated_mediation: Vec<BootEffect>,
    /// The conditional X*W interaction at values of Z (model 3).
    pub conditional_interaction: Vec<Effect>,
    pub johnson_neyman: Option<JohnsonNeyman>,
    /// Data for visualizing each moderated effect (one entry per equation and focal predictor
    /// with a product term).
    pub simple_slopes: Vec<SimpleSlopes>,
    pub bootstrap: Option<ProcessBootstrap>,
    /// Plain-language notes: what was resampled, why an index is absent, warnings.
    pub notes: Vec<String>,
}
