//! `[[benchmark.composite]]`: composite evaluation indices of the centers — the options as
//! written, their checks, and the index computed on a frame (`index`; its numerics are
//! `estimate::composite`'s).

mod index;

pub use index::composite;

use super::request::OptionError;
use crate::estimate::composite::{ComponentSpec, IndexSpec, Normalization, WeightMethod};

/// Which way a component is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Direction {
    /// Higher is better (a benefit criterion), e.g. an on-time rate.
    #[value(name = "higher", alias = "benefit", alias = "positive")]
    Higher,
    /// Lower is better (a cost criterion), e.g. average processing days.
    #[value(name = "lower", alias = "cost", alias = "negative")]
    Lower,
}

/// One component as written: either `variable` (a construct or numeric column of the data:
/// the mean of the center's respondents) or `center` (a column of center_data).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentOptions {
    pub variable: Option<String>,
    pub center: Option<String>,
    /// Its name in tables and charts. Default: the construct's label, else the column name.
    pub label: Option<String>,
    /// Default: higher.
    pub direction: Option<Direction>,
    /// The office's weight (weights = "given"); any non-negative numbers, scaled to sum to 1.
    pub weight: Option<f64>,
    /// Goalposts for normalize = "target": the value that scores 0 and the value that scores
    /// full points.
    pub floor: Option<f64>,
    pub target: Option<f64>,
}

/// A composite index as written in a study file (`[[benchmark.composite]]`).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompositeOptions {
    /// The index's name (its output files use it).
    #[serde(default)]
    pub name: String,
    pub title: Option<String>,
    /// At least two components, e.g. `{ variable = "process" }`, `{ center = "days",
    /// direction = "lower" }`.
    #[serde(default)]
    pub components: Vec<ComponentOptions>,
    /// min-max (default), z-score or target.
    pub normalize: Option<Normalization>,
    /// given, equal, entropy, critic or pca. Default: given when every component has a
    /// weight, equal when none has.
    pub weights: Option<WeightMethod>,
    /// Points of a full score (min-max and target). Default: 100.
    pub points: Option<f64>,
    /// Columns of center_data subtracted as points (e.g. substantiated complaints).
    #[serde(default)]
    pub deductions: Vec<String>,
    /// Columns of center_data added as points (e.g. commendations).
    #[serde(default)]
    pub bonus: Vec<String>,
    /// Resamples of respondents within centers for the intervals (0: none). Default: 1000.
    pub resamples: Option<usize>,
    /// Random weightings for the sensitivity to the weights (0: none). Default: 1000.
    pub weight_draws: Option<usize>,
    /// Each random weight is the chosen one times a uniform factor on 1 ± spread. Default: 0.5.
    pub weight_spread: Option<f64>,
    /// Seed of the resampling. Default: the benchmark's seed.
    pub seed: Option<u64>,
}

/// A component of a checked index: where its values come from.
#[derive(Clone, Debug, PartialEq)]
pub struct Component {
    pub column: String,
    pub label: Option<String>,
    pub spec: ComponentSpec,
}

/// A checked composite index.
#[derive(Clone, Debug, PartialEq)]
pub struct CompositeSpec {
    pub name: String,
    pub title: Option<String>,
    pub components: Vec<Component>,
    pub index: IndexSpec,
    pub deductions: Vec<String>,
    pub bonus: Vec<String>,
    pub resamples: usize,
    pub weight_draws: usize,
    pub spread: f64,
    pub seed: Option<u64>,
}

impl CompositeSpec {
    /// The columns of center_data the index reads: center-level components, deductions and
    /// bonus.
    pub fn center_columns(&self) -> Vec<String> {
        self.components
            .iter()
            .filter(|c| !c.spec.respondent_level)
            .map(|c| c.column.clone())
            .chain(self.deductions.iter().cloned())
            .chain(self.bonus.iter().cloned())
            .collect()
    }
}

impl CompositeOptions {
    /// Check the options: components named once each, weights and goalposts as the methods
    /// need them, points only on a 0..points scale.
    pub fn validate(self) -> Result<CompositeSpec, OptionError> {
        let bad = |key: &'static str, message: String| OptionError { key, message };
        if self.components.len() < 2 {
            return Err(bad(
                "components",
                format!(
                    "{} component(s): a composite index combines at least two, e.g. components = [{{ variable = \"process\" }}, {{ center = \"on_time_rate\" }}]",
                    self.components.len()
                ),
            ));
        }
        let normalization = self.normalize.unwrap_or(Normalization::MinMax);
        let with_weight = self
            .components
            .iter()
            .filter(|c| c.weight.is_some())
            .count();
        let weights = match self.weights {
            Some(w) => w,
            None if with_weight == self.components.len() => WeightMethod::Given,
            None if with_weight == 0 => WeightMethod::Equal,
            None => {
                return Err(bad(
                    "weights",
                    format!(
                        "{with_weight} of {} components have a weight: give every component one (weights = \"given\"), or none and name a method (equal, entropy, critic, pca)",
                        self.components.len()
                    ),
                ));
            }
        };
        let mut components: Vec<Component> = Vec::new();
        for (i, c) in self.components.into_iter().enumerate() {
            let n = i + 1;
            let (column, respondent_level) = match (c.variable, c.center) {
                (Some(v), None) => (v, true),
                (None, Some(v)) => (v, false),
                _ => {
                    return Err(bad(
                        "components",
                        format!(
                            "component {n}: name either variable (a construct or column of the data: the mean of the center's respondents) or center (a column of center_data), not both or neither"
                        ),
                    ));
                }
            };
            if components.iter().any(|x| x.column == column) {
                return Err(bad(
                    "components",
                    format!("component {n}: {column} is already a component"),
                ));
            }
            if weights == WeightMethod::Given {
                match c.weight {
                    Some(w) if w.is_finite() && w >= 0.0 => {}
                    Some(w) => {
                        return Err(bad(
                            "components",
                            format!("component {n} ({column}): weight {w} must be a number ≥ 0"),
                        ));
                    }
                    None => {
                        return Err(bad(
                            "components",
                            format!(
                                "component {n} ({column}) has no weight: weights = \"given\" needs one on every component"
                            ),
                        ));
                    }
                }
            } else if c.weight.is_some() {
                return Err(bad(
                    "components",
                    format!(
                        "component {n} ({column}) has a weight, but weights = \"{}\" sets them: drop the weight or set weights = \"given\"",
                        weights.name()
                    ),
                ));
            }
            let goalposts = match (c.floor, c.target) {
                (Some(f), Some(t)) if f.is_finite() && t.is_finite() && f != t => Some((f, t)),
                (None, None) => None,
                _ => {
                    return Err(bad(
                        "components",
                        format!(
                            "component {n} ({column}): goalposts are a floor and a target, two different numbers"
                        ),
                    ));
                }
            };
            let lower = match (normalization, goalposts) {
                (Normalization::Target, Some((f, t))) => {
                    let lower = f > t;
                    if let Some(d) = c.direction {
                        if (d == Direction::Lower) != lower {
                            return Err(bad(
                                "components",
                                format!(
                                    "component {n} ({column}): floor {f} and target {t} say {} is better, direction says the opposite",
                                    if lower { "lower" } else { "higher" }
                                ),
                            ));
                        }
                    }
                    lower
                }
                (Normalization::Target, None) => {
                    return Err(bad(
                        "components",
                        format!(
                            "component {n} ({column}): normalize = \"target\" scores each component against goalposts: give floor and target"
                        ),
                    ));
                }
                (_, Some(_)) => {
                    return Err(bad(
                        "components",
                        format!(
                            "component {n} ({column}): floor and target are goalposts for normalize = \"target\", not {}",
                            normalization.name()
                        ),
                    ));
                }
                (_, None) => c.direction == Some(Direction::Lower),
            };
            components.push(Component {
                column,
                label: c.label,
                spec: ComponentSpec {
                    respondent_level,
                    lower_is_better: lower,
                    goalposts,
                    weight: c.weight,
                },
            });
        }
        if weights == WeightMethod::Given
            && components
                .iter()
                .all(|c| c.spec.weight.unwrap_or(0.0) == 0.0)
        {
            return Err(bad(
                "components",
                "every given weight is 0: at least one must be positive".into(),
            ));
        }
        let on_points = normalization != Normalization::ZScore;
        let points = match self.points {
            None => 100.0,
            Some(_) if !on_points => {
                return Err(bad(
                    "points",
                    "a z-score index is in SD units, not points: drop points or use normalize = \"min-max\" or \"target\"".into(),
                ));
            }
            Some(p) if p.is_finite() && p > 0.0 => p,
            Some(p) => {
                return Err(bad(
                    "points",
                    format!("{p}: expected a positive number, e.g. 100"),
                ));
            }
        };
        if !on_points && !(self.deductions.is_empty() && self.bonus.is_empty()) {
            return Err(bad(
                if self.deductions.is_empty() { "bonus" } else { "deductions" },
                "deduction and bonus points need an index in points: use normalize = \"min-max\" or \"target\"".into(),
            ));
        }
        for (key, cols) in [("deductions", &self.deductions), ("bonus", &self.bonus)] {
            for (i, c) in cols.iter().enumerate() {
                if components.iter().any(|x| x.column == *c) || cols[..i].contains(c) {
                    return Err(bad(
                        key,
                        format!(
                            "{c} is named twice in the index: once as a component, deduction or bonus"
                        ),
                    ));
                }
            }
        }
        if let Some(c) = self.deductions.iter().find(|c| self.bonus.contains(c)) {
            return Err(bad("bonus", format!("{c} is both a deduction and a bonus")));
        }
        let resamples = self.resamples.unwrap_or(1000);
        if resamples > 100_000 {
            return Err(bad(
                "resamples",
                format!("{resamples}: expected 0 to 100000"),
            ));
        }
        let weight_draws = self.weight_draws.unwrap_or(1000);
        if weight_draws > 100_000 {
            return Err(bad(
                "weight_draws",
                format!("{weight_draws}: expected 0 to 100000"),
            ));
        }
        let spread = self.weight_spread.unwrap_or(0.5);
        if !(0.0..1.0).contains(&spread) {
            return Err(bad(
                "weight_spread",
                format!(
                    "{spread}: expected a number from 0 to below 1 (0.5: each weight varies by up to ±50%)"
                ),
            ));
        }
        Ok(CompositeSpec {
            name: self.name,
            title: self.title,
            index: IndexSpec {
                normalization,
                weights,
                points,
                components: components.iter().map(|c| c.spec.clone()).collect(),
            },
            components,
            deductions: self.deductions,
            bonus: self.bonus,
            resamples,
            weight_draws,
            spread,
            seed: self.seed,
        })
    }
}
