//! The composite index of the centers computed on a frame: each center's inputs gathered
//! from its respondents and center_data, evaluated, and reported with notes.

use super::CompositeSpec;
use crate::estimate::composite::{self, CenterInput, Normalization, Uncertainty};
use crate::io::Frame;
use crate::results::multilevel::{CompositeCenter, CompositeComponent, CompositeIndex};
use crate::study::analyze::AnalyzeError;

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
        frame.num(c).map(|v| v.reals()).ok_or_else(|| {
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
