//! One validated request per analysis, whichever front end asked for it. The command line
//! (`cli/`) and the study file (`study/raw.rs`) each gather the options as written into an
//! `*Options` struct; its `validate()` checks them in one place and names a mistake by the
//! option's key, which each front end turns into its own words (`--pin` on the command line,
//! `models[0] (process).pin` in a study file). Option types with named values are
//! `clap::ValueEnum`s: the command line parses them directly, the study file through
//! [`choice`], so both accept exactly the same names and aliases.

use crate::estimate::measurement::efa::{EfaOptions, Extraction, FactorCount, Missing, Rotation};
use crate::estimate::regression::bootstrap::{DEFAULT_SEED, Resamples, WildOptions, WildWeights};
use crate::estimate::regression::selection::{Criteria, Method};
use crate::estimate::{CovType, LsqOptions, Precision};
use crate::formula::Formula;
use clap::ValueEnum;

/// A mistake in one option: its key (as written in a study file) and what was expected.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct OptionError {
    pub key: &'static str,
    pub message: String,
}

impl OptionError {
    fn new(key: &'static str, message: impl Into<String>) -> OptionError {
        OptionError {
            key,
            message: message.into(),
        }
    }

    /// The option as a command-line flag, e.g. `--wild-bootstrap`.
    pub fn flag(&self) -> String {
        format!("--{}", self.key.replace('_', "-"))
    }
}

/// The names a value option accepts, as documented: "a, b, c".
pub fn choices<T: ValueEnum>() -> String {
    T::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|p| p.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A value option as written in a study file (case does not matter), parsed with the same
/// names and aliases the command line accepts. `what` names the kind of value in the message.
pub fn choice<T: ValueEnum>(s: &str, what: &str) -> Result<T, String> {
    T::from_str(s, true)
        .map_err(|_| format!("\"{s}\" is not {what}; expected one of {}", choices::<T>()))
}

/// Replications of the wild cluster bootstrap, at most.
pub const MAX_WILD_REPS: usize = 99_999;

/// A confidence level strictly between 0 and 1.
pub fn check_level(key: &'static str, level: f64) -> Result<f64, OptionError> {
    if level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        Err(OptionError::new(
            key,
            format!("{level} must be strictly between 0 and 1, e.g. 0.95"),
        ))
    }
}

/// Deserialize value options from the names and aliases the command line accepts (case
/// does not matter), so a study file and a flag read the same values.
macro_rules! deserialize_as_value_enum {
    ($($t:ty => $what:expr),* $(,)?) => {$(
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                choice(&s, $what).map_err(serde::de::Error::custom)
            }
        }
    )*};
}

deserialize_as_value_enum!(
    CovType => "a covariance type",
    Precision => "a solver",
    WildWeights => "a weight distribution",
    Method => "a method",
    Extraction => "an extraction",
    Rotation => "a rotation",
    Missing => "a missing-data rule",
    crate::io::Encoding => "a supported encoding",
    crate::io::Format => "a supported format",
    crate::estimate::multilevel::mixed::Criterion => "a method",
    crate::estimate::process::Centering => "a centring rule",
    crate::estimate::process::BootCi => "a bootstrap interval",
    super::process::ModeratorRule => "a rule for moderator values",
    super::sem::SemEstimator => "an estimator",
    super::sem::SemMissing => "a missing-data rule",
    crate::estimate::pls::Scheme => "a weighting scheme",
    super::pls::PlsMissing => "a missing-data rule",
    crate::estimate::pls_predict::Technique => "a prediction technique (DA or EA)",
    crate::estimate::composite::Normalization => "a normalisation",
    crate::estimate::composite::WeightMethod => "a weighting method",
    super::composite::Direction => "a direction",
);

/// A block of formula terms written "a, b" (`--block`).
fn parse_block(s: &str) -> Result<Vec<String>, String> {
    Ok(s.split(',')
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect())
}

/// A regression model, not yet checked: one definition for both front ends. The study
/// file's `[[models]]` keys are its field names; `bprstat regress` takes the same options as
/// flags (`wild_bootstrap` is `--wild-bootstrap`). Absent options take the defaults that
/// [`ModelOptions::validate`] applies and the docs below state.
#[derive(Clone, Debug, Default, serde::Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct ModelOptions {
    /// The model's name (study files; the output file names use it).
    #[arg(skip)]
    pub name: String,
    /// A title for the report (study files).
    #[arg(skip)]
    pub title: Option<String>,
    /// Model formula in Wilkinson notation, e.g. "y ~ x1 + x2 + C(dept)".
    #[arg(long)]
    pub formula: String,
    /// Covariance type. Default: classical; on the command line, cluster when --cluster is
    /// given.
    #[arg(long, value_enum, ignore_case = true)]
    pub se: Option<CovType>,
    /// Column whose values identify clusters (e.g. center_id), for the cluster covariance
    /// types and the bootstraps. Default: a study's data.cluster; none on the command line.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Confidence level of the intervals. Default: 0.95.
    #[arg(long)]
    pub level: Option<f64>,
    /// Least-squares solver: auto (double-double QR for small or ill-conditioned designs, else
    /// faer's pivoted QR with double-double refinement), fast, or extended. Default: auto.
    #[arg(long, value_enum, ignore_case = true)]
    pub solver: Option<Precision>,
    /// Also compute regression diagnostics: collinearity, zero-order/partial/part
    /// correlations, Breusch-Pagan and White tests, Jarque-Bera and Shapiro-Wilk, influence.
    #[arg(long)]
    #[serde(default)]
    pub diagnostics: bool,
    /// Wild cluster bootstrap (restricted, WCR) of every slope with this many replications
    /// (up to 99999; all 2^G sign vectors when G <= 12 with Rademacher weights). Needs a
    /// cluster variable. Default: none.
    #[arg(long, value_name = "B")]
    pub wild_bootstrap: Option<usize>,
    /// Weights of the wild bootstrap. Default: rademacher.
    #[arg(long, value_enum, ignore_case = true)]
    pub weights: Option<WildWeights>,
    /// Seed of the bootstraps; the same seed gives the same draws. Default: 20080601.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Pairs cluster bootstrap of the standardized coefficients and R2 with this many
    /// replications. Needs a cluster variable. Default: none.
    #[arg(long, value_name = "B")]
    pub pairs_bootstrap: Option<usize>,
    /// Variable selection as SPSS REGRESSION does it. Default: enter.
    #[arg(long, value_enum, ignore_case = true)]
    pub method: Option<Method>,
    /// Probability of F to enter (stepwise, forward). Default: 0.05.
    #[arg(long)]
    pub pin: Option<f64>,
    /// Probability of F to remove (stepwise, backward). Default: 0.10.
    #[arg(long)]
    pub pout: Option<f64>,
    /// F-to-enter value, used instead of pin when given. Default: none.
    #[arg(long)]
    pub fin: Option<f64>,
    /// F-to-remove value, used instead of pout when given. Default: none.
    #[arg(long)]
    pub fout: Option<f64>,
    /// Tolerance below which a candidate may not enter (SPSS TOLERANCE). Default: 0.0001.
    #[arg(long)]
    pub tolerance: Option<f64>,
    /// Blocks of formula terms for hierarchical entry, in order. On the command line one
    /// --block "a,b" per block (e.g. --block "years_in_post,C(department)" --block
    /// "strategy,linkage"). Default: none.
    #[arg(long = "block", value_name = "TERMS", value_parser = parse_block)]
    pub blocks: Option<Vec<Vec<String>>>,
    /// Cluster bootstrap of the selection with this many replications (needs a cluster
    /// variable). Default: none.
    #[arg(long, value_name = "B")]
    pub selection_bootstrap: Option<usize>,
    /// Variables to mean-centre (over the model's sample) before forming interactions,
    /// comma-separated on the command line. Default: none.
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub center: Vec<String>,
}

/// Variable selection settings of a model.
#[derive(Clone, Debug)]
pub struct SelectionRequest {
    pub method: Method,
    pub criteria: Criteria,
    /// Hierarchical blocks of formula terms (as written), entered in order.
    pub blocks: Option<Vec<Vec<String>>>,
    /// Cluster bootstrap of the selection.
    pub stability: Option<Resamples>,
}

/// A checked regression model: what [`super::regression::fit_formula`] fits.
#[derive(Clone, Debug)]
pub struct ModelSpec {
    pub name: String,
    pub title: Option<String>,
    pub formula: Formula,
    pub se: CovType,
    /// Cluster variable (for cluster covariances and the bootstraps).
    pub cluster: Option<String>,
    pub level: f64,
    pub lsq: LsqOptions,
    /// Compute regression diagnostics.
    pub diagnostics: bool,
    /// Variables mean-centred over the model's sample before forming interactions.
    pub center: Vec<String>,
    /// Variable selection or hierarchical blocks (None: all terms entered at once).
    pub selection: Option<SelectionRequest>,
    /// Wild cluster bootstrap of the slopes.
    pub wild: Option<WildOptions>,
    /// Pairs cluster bootstrap of Beta and R2.
    pub pairs: Option<Resamples>,
}

impl ModelOptions {
    /// Check every option and its relation to the others.
    pub fn validate(self) -> Result<ModelSpec, OptionError> {
        fn bad(key: &'static str, message: impl Into<String>) -> OptionError {
            OptionError::new(key, message)
        }
        let formula = Formula::parse(&self.formula).map_err(|e| bad("formula", e.to_string()))?;
        let se = self.se.unwrap_or(CovType::Classical);
        let cluster = self.cluster;
        if se.is_clustered() && cluster.is_none() {
            return Err(bad(
                "se",
                format!(
                    "\"{}\" needs a cluster variable (data.cluster or the model's cluster key in a study file, --cluster on the command line)",
                    se.name()
                ),
            ));
        }
        let level = check_level("level", self.level.unwrap_or(0.95))?;
        let seed = self.seed.unwrap_or(DEFAULT_SEED);
        let positive = |b: Option<usize>| b.filter(|&b| b > 0);
        let (wild_reps, pairs_reps, selection_reps) = (
            positive(self.wild_bootstrap),
            positive(self.pairs_bootstrap),
            positive(self.selection_bootstrap),
        );
        for (key, reps) in [
            ("wild_bootstrap", wild_reps),
            ("pairs_bootstrap", pairs_reps),
            ("selection_bootstrap", selection_reps),
        ] {
            if reps.is_some() && cluster.is_none() {
                return Err(bad(
                    key,
                    "the bootstraps resample clusters: name a cluster variable (data.cluster or the model's cluster key, or --cluster)",
                ));
            }
        }
        if let Some(b) = wild_reps.filter(|&b| b > MAX_WILD_REPS) {
            return Err(bad(
                "wild_bootstrap",
                format!("{b} replications; at most {MAX_WILD_REPS}"),
            ));
        }
        let method = self.method.unwrap_or(Method::Enter);
        let defaults = Criteria::default();
        let criteria = Criteria {
            pin: self.pin.unwrap_or(defaults.pin),
            pout: self.pout.unwrap_or(defaults.pout),
            fin: self.fin,
            fout: self.fout,
            tolerance: self.tolerance.unwrap_or(defaults.tolerance),
        };
        if !(criteria.pin > 0.0 && criteria.pin < criteria.pout && criteria.pout < 1.0) {
            return Err(bad(
                "pin",
                format!(
                    "need 0 < pin ({}) < pout ({}) < 1, or the selection can cycle (SPSS requires PIN < POUT)",
                    criteria.pin, criteria.pout
                ),
            ));
        }
        if let (Some(fi), Some(fo)) = (criteria.fin, criteria.fout) {
            if fi <= fo {
                return Err(bad("fin", format!("fin ({fi}) must exceed fout ({fo})")));
            }
        }
        if let Some(blocks) = &self.blocks {
            if method != Method::Enter {
                return Err(bad(
                    "blocks",
                    "blocks are entered in order (METHOD = ENTER per block); drop method or blocks",
                ));
            }
            if blocks.is_empty() || blocks.iter().any(Vec::is_empty) {
                return Err(bad("blocks", "each block needs at least one term"));
            }
        }
        let selection =
            (method != Method::Enter || self.blocks.is_some()).then(|| SelectionRequest {
                method,
                criteria,
                blocks: self.blocks.clone(),
                stability: selection_reps.map(|reps| Resamples { reps, seed }),
            });
        Ok(ModelSpec {
            name: self.name,
            title: self.title,
            formula,
            se,
            cluster,
            level,
            lsq: LsqOptions {
                precision: self.solver.unwrap_or(Precision::Auto),
                ..LsqOptions::default()
            },
            diagnostics: self.diagnostics,
            center: self.center,
            selection,
            wild: wild_reps.map(|reps| WildOptions {
                reps,
                weights: self.weights.unwrap_or(WildWeights::Rademacher),
                seed,
                level,
            }),
            pairs: pairs_reps.map(|reps| Resamples { reps, seed }),
        })
    }
}

impl<'de> serde::Deserialize<'de> for FactorCount {
    /// A whole number, or "parallel" / "kaiser", as `--factors` reads it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Written {
            Number(i64),
            Text(String),
        }
        let text = match Written::deserialize(d)? {
            Written::Number(k) => k.to_string(),
            Written::Text(s) => s,
        };
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An exploratory factor analysis, not yet checked: one definition for the study file's
/// `[efa]` section and the flags of `bprstat efa` (the missing-data rule is `missing` in the
/// study file and `--missing-rule` on the command line, where `--missing` names missing
/// codes).
#[derive(Clone, Debug, Default, serde::Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct EfaInput {
    /// Extraction method. Default: paf.
    #[arg(long, value_enum, ignore_case = true)]
    pub extraction: Option<Extraction>,
    /// Rotation. Default: promax.
    #[arg(long, value_enum, ignore_case = true)]
    pub rotation: Option<Rotation>,
    /// Number of factors: a whole number, "parallel" (parallel analysis) or "kaiser"
    /// (eigenvalues above 1). Default: parallel.
    #[arg(long)]
    pub factors: Option<FactorCount>,
    /// Missing answers, as SPSS FACTOR offers. Default: listwise.
    #[arg(
        id = "missing_rule",
        long = "missing-rule",
        value_enum,
        ignore_case = true
    )]
    pub missing: Option<Missing>,
    /// Loadings below this (absolute) are blank in the printed table. Default: 0.30.
    #[arg(long)]
    pub blank: Option<f64>,
    /// Seed of the parallel analysis. Default: 20080601.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Random samples of the parallel analysis, 10 to 10000. Default: 100.
    #[arg(long)]
    pub samples: Option<usize>,
}

impl EfaInput {
    /// Check the options; defaults: paf, promax, parallel analysis with 100 samples,
    /// listwise, loadings below 0.30 blank.
    pub fn validate(self) -> Result<EfaOptions, OptionError> {
        let blank = self.blank.unwrap_or(0.30);
        if !(0.0..1.0).contains(&blank) {
            return Err(OptionError::new(
                "blank",
                format!("{blank} is not between 0 and 1"),
            ));
        }
        let samples = self.samples.unwrap_or(100);
        if !(10..=10_000).contains(&samples) {
            return Err(OptionError::new(
                "samples",
                format!("{samples} samples: expected 10 to 10000"),
            ));
        }
        Ok(EfaOptions {
            extraction: self.extraction.unwrap_or(Extraction::Paf),
            rotation: self.rotation.unwrap_or(Rotation::Promax),
            count: self.factors.unwrap_or(FactorCount::Parallel),
            missing: self.missing.unwrap_or(Missing::Listwise),
            blank,
            seed: self.seed.unwrap_or(DEFAULT_SEED),
            samples,
        })
    }
}
