//! `[[benchmark.composite]]`: composite evaluation indices of the centers — the options as
//! written, their checks, and the index computed on a frame (its numerics are
//! `estimate::composite`'s).

use super::analyze::AnalyzeError;
use super::request::OptionError;
use crate::estimate::composite::{
    self, CenterInput, ComponentSpec, IndexSpec, Normalization, Uncertainty, WeightMethod,
};
use crate::io::Frame;
use crate::results::multilevel::{CompositeCenter, CompositeComponent, CompositeIndex};

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

/// The composite index of the centers in `frame` (the respondents, with the center_data
/// columns the index reads joined on, when it reads any). `label` names a variable.
pub fn composite(
    frame: &Frame,
    spec: &CompositeSpec,
    groups: (&[usize], &[String], &[usize]),
    level: f64,
    seed: u64,
    label: &dyn Fn(&str) -> String,
) -> Result<CompositeIndex, AnalyzeError> {
    let (rows, names, codes) = groups;
    let bad = |message: String| AnalyzeError::Analysis {
        kind: "benchmark.composite",
        name: spec.name.clone(),
        message,
    };
    let m = spec.components.len();
    let column = |c: &str, what: &str| {
        frame.num(c).ok_or_else(|| {
            bad(match frame.get(c) {
                Some(_) => format!("{c} is text: {what} needs numbers"),
                None => format!("{c} is not a column of {what}"),
            })
        })
    };
    let mut cols = Vec::with_capacity(m);
    for c in &spec.components {
        cols.push(column(
            &c.column,
            if c.spec.respondent_level {
                "the data (or a construct)"
            } else {
                "center_data"
            },
        )?);
    }
    let deductions = spec
        .deductions
        .iter()
        .map(|c| column(c, "center_data"))
        .collect::<Result<Vec<_>, _>>()?;
    let bonus = spec
        .bonus
        .iter()
        .map(|c| column(c, "center_data"))
        .collect::<Result<Vec<_>, _>>()?;
    let g = names.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); g];
    for (&r, &c) in rows.iter().zip(codes) {
        members[c].push(r);
    }
    let mut inputs = Vec::new();
    let mut kept = Vec::new();
    let mut missing: Vec<String> = Vec::new();
    for (j, rs) in members.iter().enumerate() {
        let first = rs[0];
        let respondents: Vec<Vec<f64>> = rs
            .iter()
            .map(|&r| {
                spec.components
                    .iter()
                    .zip(&cols)
                    .map(|(c, x)| {
                        if c.spec.respondent_level {
                            x[r]
                        } else {
                            f64::NAN
                        }
                    })
                    .collect()
            })
            .collect();
        let own: Vec<f64> = spec
            .components
            .iter()
            .zip(&cols)
            .map(|(c, x)| {
                if c.spec.respondent_level {
                    f64::NAN
                } else {
                    x[first]
                }
            })
            .collect();
        let lacking: Vec<&str> = spec
            .components
            .iter()
            .enumerate()
            .filter(|(k, c)| {
                if c.spec.respondent_level {
                    respondents.iter().all(|r| r[*k].is_nan())
                } else {
                    own[*k].is_nan()
                }
            })
            .map(|(_, c)| c.column.as_str())
            .chain(
                spec.deductions
                    .iter()
                    .zip(&deductions)
                    .chain(spec.bonus.iter().zip(&bonus))
                    .filter(|(_, x)| x[first].is_nan())
                    .map(|(c, _)| c.as_str()),
            )
            .collect();
        if !lacking.is_empty() {
            missing.push(format!("{} (no {})", names[j], lacking.join(", ")));
            continue;
        }
        let points = bonus.iter().map(|x| x[first]).sum::<f64>()
            - deductions.iter().map(|x| x[first]).sum::<f64>();
        inputs.push(CenterInput {
            respondents,
            own,
            points,
        });
        kept.push(j);
    }
    if inputs.len() < 3 {
        return Err(bad(format!(
            "{} center(s) have a value on every component: an index ranks at least 3{}",
            inputs.len(),
            if missing.is_empty() {
                String::new()
            } else {
                format!(" (without one: {})", missing.join("; "))
            }
        )));
    }
    for (k, c) in spec.components.iter().enumerate() {
        if !c.spec.respondent_level
            && spec.index.normalization != Normalization::Target
            && inputs.iter().all(|i| i.own[k] == inputs[0].own[k])
        {
            return Err(bad(format!(
                "{} has the same value at every center: it cannot be normalised across them and tells them nothing apart",
                c.column
            )));
        }
    }
    let seed = spec.seed.unwrap_or(seed);
    let e = composite::evaluate(
        &inputs,
        &spec.index,
        &Uncertainty {
            resamples: spec.resamples,
            weight_draws: spec.weight_draws,
            spread: spec.spread,
            level,
            seed,
        },
    );
    let scale = match spec.index.normalization {
        Normalization::ZScore => 1.0,
        _ => spec.index.points,
    };
    let loadings = &e.point.pca;
    let components = spec
        .components
        .iter()
        .enumerate()
        .map(|(k, c)| CompositeComponent {
            variable: c.column.clone(),
            label: c.label.clone().unwrap_or_else(|| label(&c.column)),
            source: if c.spec.respondent_level {
                "respondents"
            } else {
                "center"
            }
            .into(),
            direction: if c.spec.lower_is_better {
                "lower"
            } else {
                "higher"
            }
            .into(),
            floor: c.spec.goalposts.map(|g| g.0),
            target: c.spec.goalposts.map(|g| g.1),
            weight: e.point.weights[k],
            weight_low: e.weight_interval[k].0,
            weight_high: e.weight_interval[k].1,
            loading: loadings.as_ref().map(|l| l.0[k]),
        })
        .collect::<Vec<_>>();
    let gk = kept.len();
    let centers = kept
        .iter()
        .enumerate()
        .map(|(i, &j)| {
            let first = members[j][0];
            let r = &e.ranks[i];
            CompositeCenter {
                center: names[j].clone(),
                n: members[j].len(),
                index: e.point.index[i],
                conf_low: e.index_interval[i].0,
                conf_high: e.index_interval[i].1,
                ranks: r.clone(),
                band: r.band(gk),
                values: e.point.values[i].clone(),
                normalized: e.point.normalized[i].clone(),
                contributions: e.point.normalized[i]
                    .iter()
                    .zip(&e.point.weights)
                    .map(|(s, w)| scale * w * s)
                    .collect(),
                bonus: bonus.iter().map(|x| x[first]).sum(),
                deductions: deductions.iter().map(|x| x[first]).sum(),
                stays_in_third: e.sensitivity[i].stays_in_third,
                weight_rank_low: e.sensitivity[i].rank_low,
                weight_rank_high: e.sensitivity[i].rank_high,
            }
        })
        .collect();
    let mut notes = Vec::new();
    if !missing.is_empty() {
        notes.push(format!(
            "{} center(s) lack a value the index needs and have no index: {}.",
            missing.len(),
            missing.join("; ")
        ));
    }
    if let Some((l, _)) = loadings {
        let against: Vec<&str> = l
            .iter()
            .zip(&spec.components)
            .filter(|(x, _)| **x < 0.0)
            .map(|(_, c)| c.column.as_str())
            .collect();
        if !against.is_empty() {
            notes.push(format!(
                "On the first principal component {} load(s) against the other components: the centers that do well on it tend to do worse on the rest, and its weight (its squared loading) rewards it all the same.",
                against.join(", ")
            ));
        }
    }
    Ok(CompositeIndex {
        name: spec.name.clone(),
        title: spec.title.clone().unwrap_or_else(|| spec.name.clone()),
        normalization: spec.index.normalization.name(),
        weights: spec.index.weights.name(),
        points: (spec.index.normalization != Normalization::ZScore).then_some(spec.index.points),
        components,
        deductions: spec.deductions.clone(),
        bonus: spec.bonus.clone(),
        pca_share: loadings.as_ref().map(|l| l.1),
        resamples: spec.resamples,
        weight_draws: spec.weight_draws,
        weight_spread: spec.spread,
        seed,
        level,
        centers,
        notes,
    })
}
