//! Result types, serialized with stable broom-style names (`tidy`, `glance`, `augment`) so
//! that outputs of every model stack and join. Built by `estimate/` and `study/`, read by
//! `render/`; this layer imports nothing but `numeric`. This file holds the regression
//! model and the study as a whole; `regression` the bootstraps, selection steps and tests
//! across models, `measurement` reliability and factor analyses, `multilevel` mixed models
//! and the benchmark of centers, `screening` the data-quality flags.

use serde::Serialize;

/// The language of the reports: every table, note, chart, sentence and card.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
pub enum Language {
    /// English (the default).
    #[default]
    #[value(name = "en", alias = "english")]
    En,
    /// Simplified Chinese, in the terms of the Chinese edition of SPSS (also "zh-cn",
    /// "chinese").
    #[value(name = "zh", aliases = ["zh-cn", "chinese"])]
    Zh,
}

/// The largest per-respondent table written as CSV when `row_tables = "auto"`.
pub const CSV_MAX_ROWS: usize = 100_000;

/// How tables of one row per respondent (each model's `_augment`) are written
/// (`[study] row_tables`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum RowTables {
    /// CSV up to 100,000 rows, Parquet above.
    #[default]
    Auto,
    /// Always CSV.
    Csv,
    /// Always Parquet.
    Parquet,
}

impl RowTables {
    /// The file ending of a table of `rows` rows.
    pub fn ending(self, rows: usize) -> &'static str {
        match self {
            RowTables::Csv => "csv",
            RowTables::Parquet => "parquet",
            RowTables::Auto if rows <= CSV_MAX_ROWS => "csv",
            RowTables::Auto => "parquet",
        }
    }
}

/// Clusters below which cluster-robust t tests over-reject and cluster bootstraps are
/// unreliable (Cameron and Miller 2015, "A Practitioner's Guide to Cluster-Robust
/// Inference", J. Human Resources 50(2), section VI: fewer than 20-50 clusters; 30 is the
/// usual rule).
pub const FEW_CLUSTERS: usize = 30;

pub mod importance;
pub mod measurement;
pub mod multilevel;
pub mod pls;
pub mod process;
pub mod regression;
pub use regression::{Augment, Influence};
pub mod screening;
pub mod sem;

/// One row per design term (broom's `tidy`, plus SPSS's Beta, Tolerance and VIF).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TidyRow {
    pub term: String,
    pub estimate: Option<f64>,
    pub std_error: Option<f64>,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
    /// Standardized coefficient b * sd(x) / sd(y) (SPSS "Beta"); none for the intercept.
    pub std_estimate: Option<f64>,
    /// Interval of the standardized coefficient: conf_low/high * sd(x) / sd(y).
    pub std_conf_low: Option<f64>,
    pub std_conf_high: Option<f64>,
    /// Degrees of freedom of the t test (varies by term for CR2's Satterthwaite df).
    pub df: Option<f64>,
    pub tolerance: Option<f64>,
    pub vif: Option<f64>,
    /// True when the term is linearly dependent on earlier terms and was not estimated.
    pub aliased: bool,
}

/// A Wald test of all slopes with the model's covariance (reported for robust covariances).
/// Statistic and p-value are null when the test cannot be computed (more slopes than a
/// cluster-robust covariance's rank G-1 supports, as Stata then prints F as missing);
/// `note` says why, or on how many restrictions a rank-deficient covariance was tested.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct WaldTest {
    pub statistic: Option<f64>,
    pub df1: f64,
    pub df2: f64,
    pub p_value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One row per model (broom's `glance`, plus the covariance and solver facts).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Glance {
    pub nobs: usize,
    /// Multiple correlation R = sqrt(R2).
    pub r: f64,
    pub r_squared: f64,
    pub adj_r_squared: f64,
    /// Residual standard error (SPSS "Std. Error of the Estimate").
    pub sigma: f64,
    /// Classical overall F statistic (as `summary.lm` and SPSS's ANOVA table).
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    /// Numerator degrees of freedom of F (slopes estimated).
    pub df: usize,
    pub df_residual: usize,
    pub durbin_watson: f64,
    pub log_lik: f64,
    pub aic: f64,
    pub bic: f64,
    pub cov_type: String,
    /// Wald test of all slopes using `cov_type` (none for classical).
    pub robust_wald: Option<WaldTest>,
    pub rank: usize,
    pub intercept: bool,
    pub conf_level: f64,
    /// 2-norm condition number of the column-equilibrated design.
    pub condition_number: f64,
    /// "fast" (f64 QR, refined in double-double when the condition number exceeds 1e3) or
    /// "extended" (double-double QR).
    pub solver: String,
    /// Iterative-refinement steps the fast path took (0 when none were needed).
    pub refinement_steps: usize,
}

/// One line of the ANOVA table.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct AnovaLine {
    pub sum_sq: f64,
    pub df: usize,
    pub mean_sq: Option<f64>,
}

/// SPSS's ANOVA table: regression, residual, total.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Anova {
    pub regression: AnovaLine,
    pub residual: AnovaLine,
    pub total: AnovaLine,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    /// True when sums of squares are uncentred (model without intercept).
    pub uncentred: bool,
}

/// The covariance estimator used for inference, as printed under every table.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CovarianceInfo {
    /// classical | hc0 | hc1 | hc2 | hc3 | cluster
    pub cov_type: String,
    /// Human-readable description, e.g. "CR1 cluster-robust by center_id (57 clusters)".
    pub description: String,
    /// Small-sample factor applied to the sandwich (1 where none).
    pub factor: f64,
    /// Degrees of freedom of the t tests and intervals.
    pub df: f64,
    pub clusters: Option<usize>,
}

/// A fitted linear model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct OlsResult {
    pub glance: Glance,
    pub tidy: Vec<TidyRow>,
    pub anova: Anova,
    pub covariance: CovarianceInfo,
    /// Plain-language notes: aliased terms, ill-conditioning, no-intercept caveats.
    pub notes: Vec<String>,
    /// Present when diagnostics were requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Diagnostics>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wild_bootstrap: Option<regression::WildBootstrap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pairs_bootstrap: Option<regression::PairsBootstrap>,
    #[serde(skip)]
    pub augment: Augment,
    /// Covariance matrix of the coefficients (design order; NaN for aliased terms).
    #[serde(skip)]
    pub vcov: ndarray::Array2<f64>,
}

/// An analysis that keeps less than this share of the rows is flagged: listwise deletion
/// over many items can lose half a sample without a word.
pub const KEEPS_AT_LEAST: f64 = 0.8;

/// An analysis that used less than [`KEEPS_AT_LEAST`] of the rows, and what to do about it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SampleLoss {
    /// Which analysis ("the exploratory factor analysis", "model process", ...).
    pub analysis: String,
    pub n: usize,
    pub rows: usize,
    /// Why the rows were lost and the alternative, as a clause.
    pub alternative: String,
}

impl SampleLoss {
    /// Some when `n` is below [`KEEPS_AT_LEAST`] of `rows`.
    pub fn check(
        analysis: impl Into<String>,
        n: usize,
        rows: usize,
        alternative: impl Into<String>,
    ) -> Option<SampleLoss> {
        ((n as f64) < KEEPS_AT_LEAST * rows as f64).then(|| SampleLoss {
            analysis: analysis.into(),
            n,
            rows,
            alternative: alternative.into(),
        })
    }

    /// One sentence (the number parts are whole numbers).
    pub fn message(&self) -> String {
        format!(
            "Warning: {} used {} of {} rows ({}%): {}.",
            self.analysis,
            self.n,
            self.rows,
            (100.0 * self.n as f64 / self.rows.max(1) as f64).round(),
            self.alternative
        )
    }
}

/// Rows read, used and dropped for one analysis, with the reasons.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SampleInfo {
    pub rows_read: usize,
    pub rows_used: usize,
    pub rows_dropped: usize,
    /// Per variable: how many rows were missing on it (a row may count under several).
    pub missing_by_variable: Vec<VariableCount>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VariableCount {
    pub variable: String,
    pub count: usize,
}

/// One step of a variable selection with the fit of that step's model (classical SEs).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StepFit {
    #[serde(flatten)]
    pub step: regression::Step,
    pub glance: Glance,
    pub anova: Anova,
    pub tidy: Vec<TidyRow>,
}

/// A variable selection (stepwise, forward, backward, remove, or hierarchical blocks).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SelectionReport {
    pub method: String,
    pub method_text: String,
    pub steps: Vec<StepFit>,
    /// Cluster-bootstrap frequency of each candidate in the selected model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability: Option<Vec<regression::SelectionFrequency>>,
    pub stability_reps: Option<usize>,
    /// Warnings the reader must see (e.g. p-values after data-driven selection).
    pub warnings: Vec<String>,
}

/// One model of a study: what was asked, on which sample, and the fit.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ModelReport {
    pub name: String,
    pub title: Option<String>,
    pub formula: String,
    pub outcome: String,
    pub sample: SampleInfo,
    #[serde(flatten)]
    pub fit: OlsResult,
    /// Present for stepwise/forward/backward/remove selection and hierarchical blocks; `fit`
    /// is then the final step's model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selection: Option<SelectionReport>,
    /// Variables mean-centred (over this model's sample) before forming interactions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub centered: Vec<String>,
    /// Simple slopes of every two-way interaction of numeric variables.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub simple_slopes: Vec<regression::SimpleSlope>,
    /// The level each categorical variable's dummies are compared with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reference_levels: Vec<regression::ReferenceLevel>,
}

/// Several models side by side (as Stata's esttab or R's modelsummary).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SideBySideSpec {
    pub name: String,
    pub title: Option<String>,
    pub models: Vec<String>,
    pub standardized: bool,
}

/// Cross-model equality tests of two models' shared slopes (as Stata's suest + test).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Comparison {
    pub models: Vec<String>,
    pub cluster: String,
    pub clusters: usize,
    pub method: String,
    pub tests: Vec<regression::TermDifference>,
    pub joint: Option<regression::JointTest>,
}

/// Missing-value accounting of one item (or column) of the data.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ItemMissing {
    pub item: String,
    pub construct: Option<String>,
    pub valid: usize,
    pub empty: usize,
    pub missing_code: usize,
    pub out_of_range: usize,
    pub reversed: bool,
}

/// Descriptive statistics of one variable.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Descriptive {
    pub variable: String,
    pub label: Option<String>,
    pub label_zh: Option<String>,
    pub n: usize,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub n_items: Option<usize>,
}

/// Pairwise-complete Pearson correlations with two-sided p-values.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CorrelationMatrix {
    pub variables: Vec<String>,
    pub r: Vec<Vec<Option<f64>>>,
    pub p_value: Vec<Vec<Option<f64>>>,
    pub n: Vec<Vec<usize>>,
}

/// Data summary of a study run.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct DataSummary {
    pub file: String,
    pub format: String,
    pub encoding: String,
    pub rows_read: usize,
    pub columns: usize,
    pub clusters: Option<usize>,
    pub cluster_variable: Option<String>,
    pub items: Vec<ItemMissing>,
    /// Flags of data-quality screening (rows are flagged; dropped only by `[data] exclude`).
    pub screening: screening::Screening,
    /// Rows left out before any analysis (`[data] filter`, `[data] exclude`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclusions: Option<screening::Exclusions>,
    /// Analyses that used less than [`KEEPS_AT_LEAST`] of the rows analysed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sample_loss: Vec<SampleLoss>,
    /// The question text of each item, from the data file's variable labels (SPSS, Stata).
    #[serde(skip_serializing_if = "ItemLabels::is_empty")]
    pub item_labels: ItemLabels,
}

/// Item name -> question text (an SPSS variable label); items without one are absent.
pub type ItemLabels = std::collections::BTreeMap<String, String>;

/// Provenance of a run: enough to rebuild it and to check the inputs are the same.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Provenance {
    pub bprstat_version: String,
    pub command: String,
    pub study_file: String,
    pub study_sha256: String,
    pub data_file: String,
    pub data_sha256: String,
    /// `[data] filter` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// `[data] exclude`: the screening checks whose rows were left out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
}

/// Everything a study run produces (results.json).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct StudyResults {
    pub study: String,
    pub title: String,
    pub provenance: Provenance,
    pub data: DataSummary,
    pub constructs: Vec<Descriptive>,
    /// Internal consistency of each construct (SPSS RELIABILITY; listwise over its items).
    pub reliability: Vec<measurement::Reliability>,
    /// KMO and Bartlett's test over every item of the study (complete cases).
    pub adequacy: Option<measurement::Adequacy>,
    pub correlations: CorrelationMatrix,
    pub models: Vec<ModelReport>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<SideBySideSpec>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comparisons: Vec<Comparison>,
    /// Analyses that could not be run, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Exploratory factor analysis of every item of the study.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub efa: Option<measurement::EfaReport>,
    /// Confirmatory factor analysis of the declared constructs, with validity tables.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cfa: Option<measurement::CfaReport>,
    /// The benchmark of centers, when the study has a [benchmark] section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benchmark: Option<multilevel::Benchmark>,
    /// Relative importance analyses (`[[importance]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub importance: Vec<importance::ImportanceResult>,
    /// Mediation and moderation models (`[[process]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub process: Vec<process::ProcessResult>,
    /// Structural equation models (`[[sem]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sem: Vec<sem::SemResult>,
    /// PLS path models (`[[pls]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pls: Vec<pls::PlsResult>,
}

/// A test statistic with its p-value.
pub use regression::Test;

/// SPSS's "Collinearity Diagnostics": eigen-analysis of the scaled, uncentred cross-products.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Collinearity {
    /// Terms (columns of the design, intercept included), in design order.
    pub terms: Vec<String>,
    /// Eigenvalues, largest first (one per dimension).
    pub eigenvalues: Vec<f64>,
    pub condition_index: Vec<f64>,
    /// variance_proportions[dimension][term]: share of the term's variance on that dimension.
    pub variance_proportions: Vec<Vec<f64>>,
}

/// Zero-order, partial and part correlations of one term (SPSS's "Correlations" columns).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TermCorrelations {
    pub term: String,
    pub zero_order: f64,
    pub partial: f64,
    pub part: f64,
}

/// An observation flagged by at least one influence cut-off.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct InfluentialCase {
    /// 1-based data row.
    pub row: usize,
    /// The respondent id of the row (`[data] id`, `--id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub hat: f64,
    pub rstudent: f64,
    pub cooks_d: f64,
    pub dffits: f64,
    /// Which cut-offs it exceeds: "leverage", "rstudent", "cooks_d", "dffits".
    pub flags: Vec<String>,
}

/// The cut-offs used to flag influential cases.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct InfluenceCutoffs {
    /// hat > 2k/n
    pub leverage: f64,
    /// |externally studentized residual| > 3
    pub rstudent: f64,
    /// Cook's distance > 4/n
    pub cooks_d: f64,
    /// |DFFITS| > 2 sqrt(k/n)
    pub dffits: f64,
}

/// Added-variable (partial regression) plot data of one term: residuals of y and of the
/// term on all other columns.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddedVariable {
    pub term: String,
    pub x_resid: Vec<f64>,
    pub y_resid: Vec<f64>,
}

/// Regression diagnostics of one model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Diagnostics {
    pub collinearity: Collinearity,
    pub correlations: Vec<TermCorrelations>,
    /// Koenker's studentized Breusch-Pagan test (R lmtest::bptest default).
    pub breusch_pagan: Option<Test>,
    /// The original Breusch-Pagan test (bptest(studentize = FALSE)).
    pub breusch_pagan_original: Option<Test>,
    /// White's test: studentized BP on levels, squares and cross-products of the regressors.
    pub white: Option<Test>,
    pub jarque_bera: Option<Test>,
    /// None when n is outside 3..5000 (R's limits).
    pub shapiro_wilk: Option<Test>,
    pub influence_cutoffs: InfluenceCutoffs,
    pub influential: Vec<InfluentialCase>,
    #[serde(skip)]
    pub added_variable: Vec<AddedVariable>,
}
