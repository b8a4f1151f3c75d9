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

/// A regression model as given by either front end, not yet checked. Absent options take
/// the defaults documented on the command line (`bprstat help regress`).
#[derive(Clone, Debug, Default)]
pub struct ModelOptions {
    pub name: String,
    pub title: Option<String>,
    pub formula: String,
    pub se: Option<CovType>,
    pub cluster: Option<String>,
    pub level: Option<f64>,
    pub solver: Option<Precision>,
    pub diagnostics: bool,
    pub wild_bootstrap: Option<usize>,
    pub weights: Option<WildWeights>,
    pub seed: Option<u64>,
    pub pairs_bootstrap: Option<usize>,
    pub method: Option<Method>,
    pub pin: Option<f64>,
    pub pout: Option<f64>,
    pub fin: Option<f64>,
    pub fout: Option<f64>,
    pub tolerance: Option<f64>,
    pub blocks: Option<Vec<Vec<String>>>,
    pub selection_bootstrap: Option<usize>,
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

/// An exploratory factor analysis as given by either front end, not yet checked.
#[derive(Clone, Debug, Default)]
pub struct EfaInput {
    pub extraction: Option<Extraction>,
    pub rotation: Option<Rotation>,
    pub factors: Option<FactorCount>,
    pub missing: Option<Missing>,
    pub blank: Option<f64>,
    pub seed: Option<u64>,
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
