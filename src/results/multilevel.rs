//! Result types of the multilevel analyses: random-intercept models (`tidy`, `glance`,
//! variance components, per-group conditional modes) and the benchmark of centers.

use super::{ModelReport, SampleInfo};
use serde::Serialize;

/// One fixed effect (broom.mixed's `tidy`, effects = "fixed").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MixedTidyRow {
    pub term: String,
    pub estimate: Option<f64>,
    pub std_error: Option<f64>,
    /// Satterthwaite degrees of freedom (as lmerTest).
    pub df: Option<f64>,
    pub statistic: Option<f64>,
    pub p_value: Option<f64>,
    pub conf_low: Option<f64>,
    pub conf_high: Option<f64>,
    pub aliased: bool,
}

/// A variance component (broom.mixed's `tidy`, effects = "ran_pars").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct VarianceComponent {
    /// The grouping variable, or "Residual".
    pub group: String,
    pub variance: f64,
    pub std_dev: f64,
    /// Asymptotic SE of the variance (observed information); none on the boundary.
    pub std_error: Option<f64>,
    /// Profile-likelihood interval of the SD (none when the profile could not be traced).
    pub sd_conf_low: Option<f64>,
    pub sd_conf_high: Option<f64>,
}

/// The likelihood-ratio test of the random intercept against the single-level model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RandomEffectTest {
    pub statistic: f64,
    pub df: f64,
    /// P(χ²₁ > LRT), as lmerTest::ranova prints it.
    pub p_value_naive: f64,
    /// Half of it: the null τ² = 0 is on the boundary, so the statistic is a 50:50 mixture
    /// of χ²₀ and χ²₁ (Self & Liang 1987). This is the p-value to report.
    pub p_value: f64,
}

/// One row per model (broom.mixed's `glance`, plus the fit's convergence facts).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MixedGlance {
    pub nobs: usize,
    pub ngroups: usize,
    /// "REML" or "ML".
    pub method: String,
    pub df_method: String,
    pub sigma: f64,
    /// Between-group SD τ.
    pub tau: f64,
    /// lme4's theta = τ/σ.
    pub theta: f64,
    /// REML criterion or ML deviance at the optimum (lme4's REMLcrit / deviance).
    pub criterion: f64,
    pub log_lik: f64,
    pub aic: f64,
    pub bic: f64,
    /// ICC of this model's components, τ²/(τ²+σ²) (conditional on the fixed effects).
    pub icc: f64,
    pub random_effect_test: RandomEffectTest,
    /// τ² = 0 at the optimum (a singular fit: the model reduces to the single-level one).
    pub boundary: bool,
    /// Derivative of the profiled criterion in τ²/σ² at the optimum.
    pub gradient: f64,
    pub evaluations: usize,
    pub conf_level: f64,
}

/// Per-group results: raw and empirical-Bayes (conditional mode) quantities.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupFit {
    pub n: usize,
    /// Mean response of the group.
    pub raw_mean: f64,
    /// Mean of the fixed part x̄_j'β̂ over the group's rows.
    pub fixed_mean: f64,
    /// Conditional mode of b_j: λ_j (ȳ_j - x̄_j'β̂).
    pub ranef: f64,
    /// Conditional SD of b_j given the data and β̂ (lme4's condVar): σ sqrt(s/(1+n_j s)).
    pub cond_sd: f64,
    /// Shrinkage factor λ_j = n_j τ² / (n_j τ² + σ²): the weight of the group's own data.
    pub shrinkage: f64,
}

/// One group of a random-intercept model, named (the per-group numbers flattened beside
/// the name, as broom.mixed's `augment`-like output).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct GroupEstimate {
    pub group: String,
    #[serde(flatten)]
    pub fit: GroupFit,
}

/// A random-intercept model.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct MixedReport {
    pub name: String,
    pub title: Option<String>,
    pub formula: String,
    pub outcome: String,
    pub group_variable: String,
    pub sample: SampleInfo,
    pub tidy: Vec<MixedTidyRow>,
    pub variance: Vec<VarianceComponent>,
    pub glance: MixedGlance,
    pub groups: Vec<GroupEstimate>,
    pub notes: Vec<String>,
}

/// Intra-class correlations of a null model and what they imply.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct IccReport {
    pub icc1: f64,
    pub icc2: f64,
    pub mean_group_size: f64,
    pub design_effect: f64,
    pub effective_n: f64,
}

/// One center in one league table.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CenterScore {
    pub center: String,
    pub n: usize,
    pub raw_mean: f64,
    /// Empirical-Bayes (shrunken) mean: overall mean + conditional mode.
    pub eb_mean: f64,
    pub eb_sd: f64,
    pub conf_low: f64,
    pub conf_high: f64,
    pub shrinkage: f64,
    #[serde(flatten)]
    pub ranks: RankSummary,
    /// The third of the table the whole rank interval lies in; none when it spans two.
    pub band: Option<Band>,
    /// The interval of the shrunken mean against the overall mean.
    pub versus_mean: Versus,
    /// The raw mean against the 95% and 99.8% funnel limits.
    pub funnel: Funnel,
}

/// Simulated rank summary of one center.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct RankSummary {
    /// Rank of the shrunken mean (1 = highest; exact ties share the best rank); none when
    /// every center's shrunken mean is the same (the centers cannot be told apart).
    pub rank: Option<usize>,
    pub rank_median: usize,
    pub rank_low: usize,
    pub rank_high: usize,
    /// Share of draws with a rank in the top third (rank <= G/3) and bottom third (> 2G/3).
    pub p_top_third: f64,
    pub p_bottom_third: f64,
}

impl RankSummary {
    /// The third of a table of `g` centers the whole rank interval lies in, if any.
    pub fn band(&self, g: usize) -> Option<Band> {
        let third = g / 3;
        if third == 0 {
            return None;
        }
        if self.rank_high <= third {
            Some(Band::Top)
        } else if self.rank_low > g - third {
            Some(Band::Bottom)
        } else if self.rank_low > third && self.rank_high <= g - third {
            Some(Band::Middle)
        } else {
            None
        }
    }
}

/// The third of a league table a center's whole rank interval lies in.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Band {
    Top,
    Middle,
    Bottom,
}

/// A center's shrunken-mean interval against the overall mean.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub enum Versus {
    #[serde(rename = "above")]
    Above,
    #[serde(rename = "below")]
    Below,
    #[serde(rename = "not distinguishable")]
    NotDistinguishable,
}

/// A center's raw mean against the funnel plot's control limits.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub enum Funnel {
    #[serde(rename = "within")]
    Within,
    #[serde(rename = "outside 95%")]
    Outside95,
    #[serde(rename = "outside 99.8%")]
    Outside998,
}

impl Band {
    /// As printed in tables: "top", "middle", "bottom", or "—" for no band.
    pub fn label_of(band: Option<Band>) -> &'static str {
        band.map_or("—", Band::label)
    }

    /// As printed in tables: "top", "middle", "bottom".
    pub fn label(self) -> &'static str {
        match self {
            Band::Top => "top",
            Band::Middle => "middle",
            Band::Bottom => "bottom",
        }
    }
}

impl Versus {
    /// As printed in tables: "above", "below", "not distinguishable".
    pub fn label(self) -> &'static str {
        match self {
            Versus::Above => "above",
            Versus::Below => "below",
            Versus::NotDistinguishable => "not distinguishable",
        }
    }
}

impl Funnel {
    /// As printed in tables: "within", "outside 95%", "outside 99.8%".
    pub fn label(self) -> &'static str {
        match self {
            Funnel::Within => "within",
            Funnel::Outside95 => "outside 95%",
            Funnel::Outside998 => "outside 99.8%",
        }
    }
}

/// The league table of one outcome (or factor).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct League {
    pub variable: String,
    pub label: String,
    /// The null model `variable ~ 1 + (1 | cluster)`.
    pub model: MixedReport,
    pub icc: IccReport,
    pub overall_mean: f64,
    /// SD of one response around the overall mean, used for the funnel limits.
    pub unit_sd: f64,
    pub draws: usize,
    pub seed: u64,
    /// False when the between-center variance is estimated as 0: the centers cannot be told
    /// apart on this variable, and none is ranked or banded.
    pub distinguishable: bool,
    pub centers: Vec<CenterScore>,
    /// The terms the centers' scores are adjusted for (case mix: `[benchmark] adjust` and
    /// `center_adjust`); empty for the raw table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjusted_for: Vec<String>,
}

impl League {
    /// The stem of its files: the variable, with `_adjusted` for an adjusted table.
    pub fn stem(&self) -> String {
        if self.adjusted_for.is_empty() {
            self.variable.clone()
        } else {
            format!("{}_adjusted", self.variable)
        }
    }

    /// The named center's line, if it answered on this variable.
    pub fn center(&self, name: &str) -> Option<&CenterScore> {
        self.centers.iter().find(|c| c.center == name)
    }

    /// How many centers lie above and below the overall mean beyond chance.
    pub fn above_below(&self) -> (usize, usize) {
        let count = |v: Versus| self.centers.iter().filter(|c| c.versus_mean == v).count();
        (count(Versus::Above), count(Versus::Below))
    }
}

/// Every center of any of `leagues`, in the order they first appear (a center with no
/// answers on one variable is missing from that variable's table only).
pub fn center_names<'a>(leagues: impl IntoIterator<Item = &'a League>) -> Vec<(&'a str, usize)> {
    let mut names: Vec<(&str, usize)> = Vec::new();
    for l in leagues {
        for c in &l.centers {
            if !names.iter().any(|(n, _)| *n == c.center) {
                names.push((&c.center, c.n));
            }
        }
    }
    names
}

/// The benchmark of centers: league tables, the study's models with a random intercept and
/// on center means.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Benchmark {
    pub cluster: String,
    pub outcomes: Vec<League>,
    pub factors: Vec<League>,
    /// The outcomes' league tables net of case mix (`adjust`, `center_adjust`): the centers
    /// compared as if each had served the same respondents (and were the same kind of
    /// center). Empty without adjustment.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjusted: Vec<League>,
    /// Composite evaluation indices (`[[benchmark.composite]]`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub composites: Vec<CompositeIndex>,
    /// With `[benchmark] wave`: the wave the league tables are of (the latest), and each
    /// outcome's change over the waves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latest_wave: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trends: Vec<Trend>,
    pub models: Vec<MixedReport>,
    /// The study's regressions on center means (ecological analysis).
    pub ecological: Vec<ModelReport>,
    /// What could not be done, and why (e.g. too few centers for a center-level regression).
    pub notes: Vec<String>,
}

/// One component of a composite index.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CompositeComponent {
    pub variable: String,
    pub label: String,
    /// "respondents" (the mean of the center's respondents, resampled) or "center" (a value
    /// of the center's own, from center_data).
    pub source: String,
    /// "higher" or "lower" (is better).
    pub direction: String,
    pub floor: Option<f64>,
    pub target: Option<f64>,
    pub weight: f64,
    /// Percentile interval of the weight over the resamples (the weight itself when it does
    /// not depend on the data).
    pub weight_low: f64,
    pub weight_high: f64,
    /// Loading on the first principal component (weights = "pca").
    pub loading: Option<f64>,
}

/// One center's composite index.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CompositeCenter {
    pub center: String,
    pub n: usize,
    pub index: f64,
    /// Percentile interval of the index over resamples of respondents within centers.
    pub conf_low: f64,
    pub conf_high: f64,
    #[serde(flatten)]
    pub ranks: RankSummary,
    pub band: Option<Band>,
    /// Each component's value (a center mean or the center's own), normalised value, and
    /// contribution to the index (points × weight × normalised value).
    pub values: Vec<f64>,
    pub normalized: Vec<f64>,
    pub contributions: Vec<f64>,
    pub bonus: f64,
    pub deductions: f64,
    /// Share of the random weightings under which the center's rank stays in the third of
    /// the table its rank puts it in, and the range of its ranks under them.
    pub stays_in_third: Option<f64>,
    pub weight_rank_low: usize,
    pub weight_rank_high: usize,
}

/// A composite evaluation index of the centers (`[[benchmark.composite]]`).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct CompositeIndex {
    pub name: String,
    pub title: String,
    /// "min-max", "z-score" or "target".
    pub normalization: String,
    /// "given", "equal", "entropy", "critic" or "pca".
    pub weights: String,
    /// Points of a full score (none for z-scores).
    pub points: Option<f64>,
    pub components: Vec<CompositeComponent>,
    /// Columns of center_data whose values are subtracted (deductions) or added (bonus).
    pub deductions: Vec<String>,
    pub bonus: Vec<String>,
    /// Share of the components' variance the first principal component explains ("pca").
    pub pca_share: Option<f64>,
    pub resamples: usize,
    pub weight_draws: usize,
    pub weight_spread: f64,
    pub seed: u64,
    pub level: f64,
    pub centers: Vec<CompositeCenter>,
    pub notes: Vec<String>,
}

impl CompositeIndex {
    /// The named center's line, if it has an index.
    pub fn center(&self, name: &str) -> Option<&CompositeCenter> {
        self.centers.iter().find(|c| c.center == name)
    }
}

/// A fixed effect of the waves model (term, estimate, standard error).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TrendTerm {
    pub term: String,
    pub estimate: f64,
    pub std_error: f64,
}

/// Whether a center's change between two waves is beyond its uncertainty.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub enum Verdict {
    #[serde(rename = "improved")]
    Improved,
    #[serde(rename = "declined")]
    Declined,
    #[serde(rename = "no detectable change")]
    NoDetectableChange,
}

impl Verdict {
    /// As printed in tables.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Improved => "improved",
            Verdict::Declined => "declined",
            Verdict::NoDetectableChange => "no detectable change",
        }
    }
}

/// A center's change between two consecutive waves it was surveyed in.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Change {
    pub from: String,
    pub to: String,
    /// Change of the model-based score (wave effect plus the center's own change).
    pub estimate: f64,
    pub std_error: f64,
    pub conf_low: f64,
    pub conf_high: f64,
    pub verdict: Verdict,
    /// Change of the raw means, for comparison (regression to the mean).
    pub raw_change: f64,
}

/// One center over the waves: per wave its respondents, raw mean, and model-based score
/// (fixed part of the wave + center effect + center-by-wave effect) with its SD; none for a
/// wave without respondents.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct TrendCenter {
    pub center: String,
    pub n: Vec<usize>,
    pub raw_mean: Vec<Option<f64>>,
    pub score: Vec<Option<f64>>,
    pub score_sd: Vec<Option<f64>>,
    /// The score's interval at the trend's level (normal approximation).
    pub score_low: Vec<Option<f64>>,
    pub score_high: Vec<Option<f64>>,
    pub changes: Vec<Change>,
}

/// One outcome over the waves: the model `y ~ wave + (1 | center) + (1 | center:wave)`,
/// each center's scores and changes.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Trend {
    pub variable: String,
    pub label: String,
    pub wave_variable: String,
    pub waves: Vec<String>,
    pub formula: String,
    pub method: String,
    pub nobs: usize,
    pub fixed: Vec<TrendTerm>,
    /// Center, center-by-wave and residual variance.
    pub variance: Vec<VarianceComponent>,
    pub criterion: f64,
    pub log_lik: f64,
    /// The model's mean of each wave (the fixed part).
    pub wave_means: Vec<f64>,
    pub level: f64,
    pub centers: Vec<TrendCenter>,
    pub notes: Vec<String>,
}

impl Trend {
    /// The named center's line, if it was surveyed in any wave.
    pub fn center(&self, name: &str) -> Option<&TrendCenter> {
        self.centers.iter().find(|c| c.center == name)
    }
}
