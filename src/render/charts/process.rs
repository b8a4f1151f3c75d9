//! Charts of a PROCESS model: the simple-slopes (interaction) plot of each moderated effect
//! with confidence bands, the Johnson-Neyman plot, and the conceptual and statistical path
//! diagrams (the statistical one with each path's coefficient). Drawn only from the numbers
//! in the results.
//! Its parts: `slopes` (the simple-slopes and Johnson-Neyman plots), `diagram` (boxes and
//! arrows, shared with `sem.rs`) and `paths` (the PROCESS diagrams' boxes and arrows).

mod diagram;
mod paths;
mod slopes;

use super::{ChartError, Rendered, err};
use crate::results::process::{ProcessResult, SimpleSlopes};
use paths::{conceptual_diagram, statistical_diagram};
use plotters::prelude::*;
use slopes::{Jn, Slopes, draw_jn, draw_slopes, slope_lines};
use std::path::Path;

pub(super) use diagram::{Arrow, Diagram, Node, Target, draw_diagram, node, stack, stars};

/// The charts of a PROCESS model: its conceptual diagram when a path is moderated (for pure
/// mediation the statistical diagram shows the same paths), the statistical diagram with the
/// coefficients, each simple-slopes plot and the Johnson-Neyman plot.
pub fn process_charts(
    dir: &Path,
    p: &ProcessResult,
    label: &dyn Fn(&str) -> String,
) -> Result<Vec<Rendered>, ChartError> {
    let mut out = Vec::new();
    if p.roles.w.is_some() {
        out.push(path_diagram(dir, p, false, label)?);
    }
    out.push(path_diagram(dir, p, true, label)?);
    for k in 0..p.simple_slopes.len() {
        out.push(simple_slopes_chart(dir, p, k, label)?);
    }
    if let Some(c) = johnson_neyman_chart(dir, p, label) {
        out.push(c?);
    }
    Ok(out)
}

/// The simple-slopes plot of `v` (the `k`-th of `p`): the outcome predicted along the focal
/// predictor, one line (with its confidence band) per value of the first moderator; with a
/// second moderator, at its middle value.
pub fn simple_slopes_chart(
    dir: &Path,
    p: &ProcessResult,
    k: usize,
    labels: &dyn Fn(&str) -> String,
) -> Result<Rendered, ChartError> {
    let v: &SimpleSlopes = &p.simple_slopes[k];
    let (lines, fixed) = slope_lines(v, labels);
    let mut title = format!(
        "{} predicted along {} at values of {}",
        labels(&v.outcome),
        labels(&v.focal),
        v.moderators.first().map_or(String::new(), |m| labels(m))
    );
    if let Some((name, value)) = fixed {
        title.push_str(&format!(" ({} = {value:.3})", labels(&name)));
    }
    let data = Slopes {
        lines,
        x_desc: labels(&v.focal),
        y_desc: labels(&v.outcome),
        level: p.conf_level,
    };
    let stem = if p.simple_slopes.len() == 1 {
        format!("process_{}_slopes", p.name)
    } else {
        format!("process_{}_slopes_{}", p.name, k + 1)
    };
    render!(dir, stem, title, (900, 560), &data, draw_slopes, true)
}

/// The Johnson-Neyman plot: the conditional effect along the moderator with its confidence
/// band, zero, and each boundary of significance.
pub fn johnson_neyman_chart(
    dir: &Path,
    p: &ProcessResult,
    labels: &dyn Fn(&str) -> String,
) -> Option<Result<Rendered, ChartError>> {
    let jn = p.johnson_neyman.as_ref()?;
    let effect_of = jn
        .effect_of
        .split('*')
        .map(labels)
        .collect::<Vec<_>>()
        .join(" × ");
    let title = format!(
        "Conditional effect of {effect_of} along {} (Johnson-Neyman)",
        labels(&jn.moderator)
    );
    let data = Jn {
        points: jn
            .table
            .iter()
            .map(|e| {
                (
                    e.at.first().map_or(f64::NAN, |a| a.value),
                    e.effect,
                    e.conf_low,
                    e.conf_high,
                )
            })
            .collect(),
        boundaries: jn.boundaries.iter().map(|b| b.value).collect(),
        x_desc: labels(&jn.moderator),
        y_desc: format!("Conditional effect of {effect_of}"),
        level: p.conf_level,
    };
    Some(render!(
        dir,
        format!("process_{}_jn", p.name),
        title,
        (900, 560),
        &data,
        draw_jn,
        true
    ))
}

/// The conceptual (`statistical = false`) or statistical path diagram of a PROCESS model.
pub fn path_diagram(
    dir: &Path,
    p: &ProcessResult,
    statistical: bool,
    labels: &dyn Fn(&str) -> String,
) -> Result<Rendered, ChartError> {
    let d = if statistical {
        statistical_diagram(p, labels)
    } else {
        conceptual_diagram(p, labels)
    };
    let (stem, title) = if statistical {
        (
            format!("process_{}_statistical", p.name),
            format!(
                "Statistical diagram of PROCESS model {} ({}), unstandardized coefficients{}",
                p.model,
                p.name,
                if p.roles.covariates.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; covariates in every equation, not drawn: {}",
                        p.roles
                            .covariates
                            .iter()
                            .map(|c| labels(c))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            ),
        )
    } else {
        (
            format!("process_{}_conceptual", p.name),
            format!(
                "Conceptual diagram of PROCESS model {} ({})",
                p.model, p.name
            ),
        )
    };
    let size = d.size;
    render!(dir, stem, title, size, &d, draw_diagram, true)
}
