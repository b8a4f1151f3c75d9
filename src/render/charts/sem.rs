//! The structural part of a structural equation model as a path diagram: each variable of a
//! regression in a box, in columns by its depth (predictors that nothing predicts on the left,
//! then each variable one column right of its deepest predictor; the columns between the
//! first and the last at the top, so that direct paths pass below them), every regression path with
//! its completely standardized coefficient (std.all) and stars; the measurement part is
//! left to the tables.

use super::process::{Arrow, Diagram, Target, draw_diagram, node, stack, stars};
use super::{ChartError, Rendered, err};
use crate::results::pls::PlsResult;
use crate::results::sem::SemResult;
use plotters::prelude::*;
use std::path::Path;

/// The diagram of `m`'s regressions (None when it has none), R² in the endogenous boxes.
pub fn sem_diagram(
    dir: &Path,
    m: &SemResult,
    labels: &dyn Fn(&str) -> String,
) -> Option<Result<Rendered, ChartError>> {
    let edges: Vec<(String, String, String)> = m
        .estimates
        .iter()
        .filter(|e| e.op == "~")
        .map(|e| {
            (
                e.rhs.clone(),
                e.lhs.clone(),
                format!("{:.2}{}", e.std_all, stars(e.p_value)),
            )
        })
        .collect();
    let r2 = |v: &str| m.r_squared.iter().find(|x| x.0 == v).map(|x| x.1);
    structural_diagram(
        dir,
        format!("sem_{}_paths", m.name),
        format!(
            "Structural paths of {}, completely standardized coefficients (std.all)",
            m.name
        ),
        &edges,
        &|v| match r2(v) {
            Some(r) => format!("{}\nR² = {r:.2}", labels(v)),
            None => labels(v),
        },
    )
}

/// The structural part of a PLS path model: path coefficients, a star where the bootstrap
/// interval excludes zero (PLS has no p-values), R² in the endogenous boxes.
pub fn pls_diagram(
    dir: &Path,
    m: &PlsResult,
    labels: &dyn Fn(&str) -> String,
) -> Option<Result<Rendered, ChartError>> {
    let edges: Vec<(String, String, String)> = m
        .paths
        .iter()
        .map(|p| {
            let star = p.boot.as_ref().is_some_and(|b| b.low > 0.0 || b.high < 0.0);
            (
                p.from.clone(),
                p.to.clone(),
                format!("{:.2}{}", p.coefficient, if star { "*" } else { "" }),
            )
        })
        .collect();
    let r2 = |v: &str| m.constructs.iter().find(|c| c.name == v).and_then(|c| c.r2);
    let title = if m.bootstrap.is_some() {
        format!(
            "Structural paths of {}, PLS path coefficients (* {:.0}% bootstrap interval excludes 0)",
            m.name,
            m.conf_level * 100.0
        )
    } else {
        format!("Structural paths of {}, PLS path coefficients", m.name)
    };
    structural_diagram(
        dir,
        format!("pls_{}_paths", m.name),
        title,
        &edges,
        &|v| match r2(v) {
            Some(r) => format!("{}\nR² = {r:.2}", labels(v)),
            None => labels(v),
        },
    )
}

/// A diagram of regression paths (from, to, label) between boxes named by `node_label`.
fn structural_diagram(
    dir: &Path,
    stem: String,
    title: String,
    edges: &[(String, String, String)],
    node_label: &dyn Fn(&str) -> String,
) -> Option<Result<Rendered, ChartError>> {
    if edges.is_empty() {
        return None;
    }
    let mut vars: Vec<String> = Vec::new();
    for e in edges {
        for v in [&e.0, &e.1] {
            if !vars.contains(v) {
                vars.push(v.clone());
            }
        }
    }
    // Depth: 0 for a variable nothing predicts, else one more than its deepest predictor
    // (at most as many passes as variables: a cycle stops there).
    let mut depth = vec![0usize; vars.len()];
    for _ in 0..vars.len() {
        let mut changed = false;
        for e in edges {
            let (x, y) = (
                vars.iter().position(|v| *v == e.0).unwrap(),
                vars.iter().position(|v| *v == e.1).unwrap(),
            );
            if depth[y] < depth[x] + 1 {
                depth[y] = depth[x] + 1;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let max_depth = depth.iter().copied().max().unwrap_or(0).max(1);
    let mut nodes = Vec::new();
    let mut order: Vec<usize> = Vec::new();
    let mut height: f64 = 0.0;
    let mut columns: Vec<Vec<usize>> = vec![Vec::new(); max_depth + 1];
    for (i, d) in depth.iter().enumerate() {
        columns[*d].push(i);
    }
    let mut placed: Vec<(usize, super::process::Node)> = Vec::new();
    for (d, col) in columns.iter().enumerate() {
        let x = 150.0 + 700.0 * d as f64 / max_depth as f64;
        let mut boxes: Vec<_> = col
            .iter()
            .map(|&i| node(&node_label(&vars[i]), x, 0.0))
            .collect();
        let total: f64 = boxes.iter().map(|b| b.h).sum::<f64>() + 24.0 * col.len() as f64;
        height = height.max(total + 60.0);
        let _ = stack(&mut boxes, x, 0.0, 24.0);
        for (i, b) in col.iter().zip(boxes) {
            placed.push((*i, b));
        }
    }
    // The first and last columns centred; columns between them at the top, so that paths
    // skipping them (direct effects) pass below instead of behind them.
    let mid = height / 2.0;
    let mut top_of: Vec<f64> = vec![f64::INFINITY; max_depth + 1];
    for (i, b) in &placed {
        top_of[depth[*i]] = top_of[depth[*i]].min(b.y - b.h / 2.0);
    }
    for (i, mut b) in placed {
        let d = depth[i];
        b.y += if d == 0 || d == max_depth {
            mid
        } else {
            30.0 - top_of[d]
        };
        order.push(i);
        nodes.push(b);
    }
    let index = |v: &str| {
        let i = vars.iter().position(|x| x == v).unwrap();
        order.iter().position(|&o| o == i).unwrap()
    };
    let arrows = edges
        .iter()
        .map(|e| Arrow {
            from: index(&e.0),
            to: Target::Node(index(&e.1)),
            label: e.2.clone(),
        })
        .collect();
    let d = Diagram {
        nodes,
        arrows,
        size: (1000, height.max(200.0) as u32),
    };
    let size = d.size;
    Some(render!(dir, stem, title, size, &d, draw_diagram, true))
}
