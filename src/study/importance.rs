//! Relative importance (dominance analysis, relative weights) of a regression's terms from a
//! data frame: the options as both front ends write them, the terms grouped into sets, and the
//! complete cases handed to [`crate::estimate::importance::importance`].

use super::request::{OptionError, check_level};
use crate::estimate::importance::{ImportanceSpec, importance};
use crate::estimate::regression::bootstrap::DEFAULT_SEED;
use crate::formula::{Formula, design};
use crate::io::Frame;
use crate::results::importance::ImportanceResult;

/// Default bootstrap resamples of an importance analysis.
pub const DEFAULT_IMPORTANCE_BOOT: usize = 1000;

/// A relative-importance analysis, not yet checked: one definition for both front ends
/// (`bprstat importance` flags; a study file's `[[importance]]` keys are the field names).
#[derive(Clone, Debug, Default, serde::Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct ImportanceOptions {
    /// The analysis' name (study files).
    #[arg(skip)]
    #[serde(default)]
    pub name: String,
    /// The regression, e.g. "result ~ strategy + entrepreneurship + C(department)": each
    /// term (a C() term with all its dummies) is one predictor.
    #[arg(long)]
    pub formula: String,
    /// Terms forced into every model (relaimpo's always), comma-separated: their share of R2
    /// is set aside and the others share the rest. Default: none.
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub always: Vec<String>,
    /// A named group of terms that enter and leave together, as NAME=TERM,TERM (e.g.
    /// "leadership=strategy,entrepreneurship"). Repeat for more groups. Default: none.
    #[arg(long = "group", value_name = "NAME=TERMS")]
    #[serde(default)]
    pub groups: Vec<String>,
    /// Column identifying clusters: the bootstrap then resamples whole clusters. Default: a
    /// study's data.cluster; none on the command line.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Bootstrap resamples for intervals of every measure, rank and difference (0: none).
    /// Default: 1000.
    #[arg(long)]
    pub boot: Option<usize>,
    /// Seed of the bootstrap. Default: 20080601.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Confidence level of the intervals. Default: 0.95.
    #[arg(long)]
    pub level: Option<f64>,
}

/// A checked importance request.
#[derive(Clone, Debug)]
pub struct ImportanceRequest {
    pub name: String,
    pub formula: Formula,
    pub always: Vec<String>,
    /// Named groups of terms.
    pub groups: Vec<(String, Vec<String>)>,
    pub cluster: Option<String>,
    pub boot: usize,
    pub seed: u64,
    pub level: f64,
}

impl ImportanceOptions {
    /// Check the options: the formula parses, every term named in always and groups is one of
    /// its terms, at most once.
    pub fn validate(self) -> Result<ImportanceRequest, OptionError> {
        let bad = |key: &'static str, message: String| OptionError { key, message };
        let formula = Formula::parse(&self.formula).map_err(|e| bad("formula", e.to_string()))?;
        if !formula.intercept {
            return Err(bad(
                "formula",
                "relative importance decomposes R2 around the mean: the model needs its intercept (drop the 0 / -1)".into(),
            ));
        }
        let terms: Vec<String> = formula.terms.iter().map(|t| t.to_string()).collect();
        let known = |t: &str, key: &'static str| {
            if terms.iter().any(|x| x == t) {
                Ok(())
            } else {
                Err(bad(
                    key,
                    format!(
                        "\"{t}\" is not a term of the formula (its terms: {})",
                        terms.join(", ")
                    ),
                ))
            }
        };
        let mut used: Vec<String> = Vec::new();
        for a in &self.always {
            known(a, "always")?;
            used.push(a.clone());
        }
        let mut groups = Vec::new();
        for g in &self.groups {
            let (name, list) = g.split_once('=').ok_or_else(|| {
                bad(
                    "group",
                    format!(
                        "\"{g}\" must be NAME=TERM,TERM (e.g. leadership=strategy,entrepreneurship)"
                    ),
                )
            })?;
            let members: Vec<String> = list
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            if name.trim().is_empty() || members.is_empty() {
                return Err(bad(
                    "group",
                    format!("\"{g}\" needs a name and at least one term"),
                ));
            }
            for m in &members {
                known(m, "group")?;
                if used.contains(m) {
                    return Err(bad(
                        "group",
                        format!("\"{m}\" is already forced in or in another group"),
                    ));
                }
                used.push(m.clone());
            }
            groups.push((name.trim().to_string(), members));
        }
        Ok(ImportanceRequest {
            name: if self.name.is_empty() {
                "importance".into()
            } else {
                self.name
            },
            formula,
            always: self.always,
            groups,
            cluster: self.cluster,
            boot: self.boot.unwrap_or(DEFAULT_IMPORTANCE_BOOT),
            seed: self.seed.unwrap_or(DEFAULT_SEED),
            level: check_level("level", self.level.unwrap_or(0.95))?,
        })
    }
}

/// Errors of an importance analysis on a frame.
#[derive(Debug, thiserror::Error)]
pub enum ImportanceDataError {
    #[error(transparent)]
    Design(#[from] crate::formula::DesignError),
    #[error(transparent)]
    Fit(#[from] crate::estimate::importance::ImportanceError),
}

/// Analyse the request on the frame's complete cases over the formula (and cluster).
pub fn fit_importance(
    frame: &Frame,
    req: &ImportanceRequest,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<ImportanceResult, ImportanceDataError> {
    let extra: Vec<&str> = req.cluster.iter().map(String::as_str).collect();
    let d = design(&req.formula, frame, &extra)?;
    let terms: Vec<String> = req.formula.terms.iter().map(|t| t.to_string()).collect();
    let columns_of = |term: &str| -> Vec<usize> {
        let t = terms
            .iter()
            .position(|x| x == term)
            .expect("validated term");
        (0..d.columns.len())
            .filter(|&c| d.term_of_column[c] == Some(t))
            .collect()
    };
    let mut sets: Vec<(String, Vec<usize>)> = Vec::new();
    let grouped: Vec<&String> = req.groups.iter().flat_map(|(_, m)| m).collect();
    for t in &terms {
        if req.always.contains(t) || grouped.contains(&t) {
            continue;
        }
        sets.push((t.clone(), columns_of(t)));
    }
    for (name, members) in &req.groups {
        sets.push((
            name.clone(),
            members.iter().flat_map(|m| columns_of(m)).collect(),
        ));
    }
    let always: Vec<usize> = req.always.iter().flat_map(|a| columns_of(a)).collect();
    let clusters = req.cluster.as_deref().map(|c| {
        super::regression::cluster_codes(frame.get(c).expect("design checked the column"), &d.rows)
    });
    let spec = ImportanceSpec {
        sets,
        always,
        boot: req.boot,
        seed: req.seed,
        level: req.level,
    };
    let mut r = importance(d.x.view(), d.y.view(), &spec, clusters.as_deref(), progress)?;
    r.name = req.name.clone();
    r.outcome = req.formula.response.clone();
    r.always = req.always.clone();
    r.rows_read = d.rows_read;
    Ok(r)
}
