//! Charts of a PROCESS model: the simple-slopes (interaction) plot of each moderated effect
//! with confidence bands, the Johnson-Neyman plot, and the conceptual and statistical path
//! diagrams (the statistical one with each path's coefficient). Drawn only from the numbers
//! in the results.

use super::{ChartError, DrawResult, FAMILY, PALETTE, Rendered, bounds, err, text_px, xy_axes};
use crate::results::process::{Equation, ProcessResult, SimpleSlopes};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

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

/// Lines of a simple-slopes plot: (legend, points (x, fitted, low, high)).
struct Slopes {
    lines: Vec<(String, Vec<(f64, f64, f64, f64)>)>,
    x_desc: String,
    y_desc: String,
    level: f64,
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

/// One line per value of the first moderator (at the middle value of a second one), and the
/// second moderator's fixed value when there is one.
#[allow(clippy::type_complexity)]
fn slope_lines(
    v: &SimpleSlopes,
    labels: &dyn Fn(&str) -> String,
) -> (
    Vec<(String, Vec<(f64, f64, f64, f64)>)>,
    Option<(String, f64)>,
) {
    let value_of = |at: &[crate::results::process::ModeratorValue], name: &str| {
        at.iter().find(|a| a.variable == name).map(|a| a.value)
    };
    let mut firsts: Vec<f64> = Vec::new();
    let mut seconds: Vec<f64> = Vec::new();
    for r in &v.curve {
        if let Some(w) = v.moderators.first().and_then(|m| value_of(&r.at, m)) {
            if !firsts.contains(&w) {
                firsts.push(w);
            }
        }
        if let Some(z) = v.moderators.get(1).and_then(|m| value_of(&r.at, m)) {
            if !seconds.contains(&z) {
                seconds.push(z);
            }
        }
    }
    let fixed = v
        .moderators
        .get(1)
        .and_then(|m| seconds.get(seconds.len() / 2).map(|&z| (m.clone(), z)));
    let lines = firsts
        .iter()
        .map(|&w| {
            let pts = v
                .curve
                .iter()
                .filter(|r| value_of(&r.at, &v.moderators[0]) == Some(w))
                .filter(|r| match &fixed {
                    Some((m, z)) => value_of(&r.at, m) == Some(*z),
                    None => true,
                })
                .map(|r| (r.at[0].value, r.fitted, r.conf_low, r.conf_high))
                .collect();
            (format!("{} = {w:.3}", labels(&v.moderators[0])), pts)
        })
        .collect();
    (lines, fixed)
}

fn draw_slopes<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &Slopes) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let xs: Vec<f64> = d
        .lines
        .iter()
        .flat_map(|(_, p)| p.iter().map(|q| q.0))
        .collect();
    let ys: Vec<f64> = d
        .lines
        .iter()
        .flat_map(|(_, p)| p.iter().flat_map(|q| [q.2, q.3]))
        .collect();
    let mut chart = xy_axes(
        root,
        70,
        bounds(&xs),
        bounds(&ys),
        (&d.x_desc, &d.y_desc),
        false,
    )?;
    let mut points = Vec::new();
    let band_name = format!("{:.0}% confidence band", d.level * 100.0);
    let mut names = vec![band_name.clone()];
    for (i, (_, pts)) in d.lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let mut band: Vec<(f64, f64)> = pts.iter().map(|q| (q.0, q.2)).collect();
        band.extend(pts.iter().rev().map(|q| (q.0, q.3)));
        points.extend(band.iter().copied());
        let series = chart
            .draw_series(std::iter::once(Polygon::new(
                band,
                color.mix(0.15).filled(),
            )))
            .map_err(err)?;
        if i == 0 {
            series.label(band_name.clone()).legend(|(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLACK.mix(0.15).filled())
            });
        }
    }
    for (i, (name, pts)) in d.lines.iter().enumerate() {
        let color = PALETTE[i % PALETTE.len()];
        let line: Vec<(f64, f64)> = pts.iter().map(|q| (q.0, q.1)).collect();
        let style = color.stroke_width(2);
        chart
            .draw_series(std::iter::once(PathElement::new(line, style)))
            .map_err(err)?
            .label(name.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
        names.push(name.clone());
    }
    super::draw_legend(&mut chart, 13, &names, &points)
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

struct Jn {
    points: Vec<(f64, f64, f64, f64)>,
    boundaries: Vec<f64>,
    x_desc: String,
    y_desc: String,
    level: f64,
}

fn draw_jn<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, d: &Jn) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let xs: Vec<f64> = d.points.iter().map(|q| q.0).collect();
    let mut ys: Vec<f64> = d.points.iter().flat_map(|q| [q.2, q.3]).collect();
    ys.push(0.0);
    let (x0, x1) = bounds(&xs);
    let (y0, y1) = bounds(&ys);
    let mut chart = xy_axes(root, 70, (x0, x1), (y0, y1), (&d.x_desc, &d.y_desc), false)?;
    let color = PALETTE[0];
    let mut band: Vec<(f64, f64)> = d.points.iter().map(|q| (q.0, q.2)).collect();
    band.extend(d.points.iter().rev().map(|q| (q.0, q.3)));
    let band_name = format!("{:.0}% confidence band", d.level * 100.0);
    chart
        .draw_series(std::iter::once(Polygon::new(
            band,
            color.mix(0.18).filled(),
        )))
        .map_err(err)?
        .label(band_name.clone())
        .legend(move |(x, y)| {
            Rectangle::new([(x, y - 5), (x + 16, y + 5)], color.mix(0.18).filled())
        });
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![(x0, 0.0), (x1, 0.0)],
            BLACK.mix(0.5),
        )))
        .map_err(err)?;
    let line: Vec<(f64, f64)> = d.points.iter().map(|q| (q.0, q.1)).collect();
    let style = color.stroke_width(2);
    chart
        .draw_series(std::iter::once(PathElement::new(line.clone(), style)))
        .map_err(err)?
        .label("Conditional effect")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], style));
    let mut points = line;
    points.extend(d.points.iter().flat_map(|q| [(q.0, q.2), (q.0, q.3)]));
    points.extend(super::along((x0, 0.0), (x1, 0.0)));
    let mut names = vec![band_name, "Conditional effect".to_string()];
    if !d.boundaries.is_empty() {
        let red = PALETTE[1].stroke_width(1);
        for (i, &b) in d.boundaries.iter().enumerate() {
            let series = chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(b, y0), (b, y1)],
                    red,
                )))
                .map_err(err)?;
            points.extend(super::along((b, y0), (b, y1)));
            if i == 0 {
                series
                    .label("Johnson-Neyman boundary")
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], red));
            }
        }
        names.push("Johnson-Neyman boundary".into());
    }
    super::draw_legend(&mut chart, 13, &names, &points)
}

/// A box of a path diagram.
pub(super) struct Node {
    lines: Vec<String>,
    pub(super) x: f64,
    pub(super) y: f64,
    w: f64,
    pub(super) h: f64,
}

/// An arrow from node `from` to node `to` (or, for a moderator, to the middle of arrow
/// `to_edge`), with an optional label.
pub(super) struct Arrow {
    pub(super) from: usize,
    pub(super) to: Target,
    pub(super) label: String,
}

pub(super) enum Target {
    Node(usize),
    Edge(usize),
}

pub(super) struct Diagram {
    pub(super) nodes: Vec<Node>,
    pub(super) arrows: Vec<Arrow>,
    pub(super) size: (u32, u32),
}

const FONT_PX: u32 = 14;

/// A label in lines of at most ~22 characters, broken at spaces (and at every newline).
fn wrap(s: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for part in s.split('\n') {
        let mut current: Option<String> = None;
        for word in part.split(' ') {
            match current.as_mut() {
                Some(l) if l.chars().count() + 1 + word.chars().count() <= 22 => {
                    l.push(' ');
                    l.push_str(word);
                }
                _ => {
                    lines.extend(current.take());
                    current = Some(word.to_string());
                }
            }
        }
        lines.extend(current);
    }
    lines
}

pub(super) fn node(label: &str, x: f64, y: f64) -> Node {
    let lines = wrap(label);
    let w = lines
        .iter()
        .map(|l| text_px(l, FONT_PX))
        .max()
        .unwrap_or(0)
        .max(60) as f64
        + 24.0;
    let h = lines.len() as f64 * (FONT_PX as f64 * 1.3) + 16.0;
    Node { lines, x, y, w, h }
}

/// The name of a term of an equation as a node: a product's factors joined by " × ".
fn term_node_name(e: &Equation, term: &str, labels: &dyn Fn(&str) -> String) -> String {
    match e.products.iter().find(|p| p.term == term) {
        Some(p) => p
            .factors
            .iter()
            .map(|f| labels(f))
            .collect::<Vec<_>>()
            .join(" × "),
        None => labels(term),
    }
}

/// Stars of a p-value, as Chinese and English journals print them beside coefficients.
pub(super) fn stars(p: Option<f64>) -> &'static str {
    match p {
        Some(p) if p < 0.001 => "***",
        Some(p) if p < 0.01 => "**",
        Some(p) if p < 0.05 => "*",
        _ => "",
    }
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

/// Places the mediator boxes above the X -> Y line: stacked in a column (parallel), or side
/// by side along a shallow arc (serial). Returns the lowest edge of the mediators.
fn place_mediators(nodes: &mut [Node], serial: bool, top: f64) -> f64 {
    let k = nodes.len();
    let mut bottom = top;
    let mut y = top;
    for (j, n) in nodes.iter_mut().enumerate() {
        if serial && k > 1 {
            let t = j as f64 / (k - 1) as f64;
            n.x = 330.0 + 340.0 * t;
            n.y = top + n.h / 2.0 + 40.0 * (2.0 * t - 1.0).powi(2);
        } else {
            n.x = 540.0;
            n.y = y + n.h / 2.0;
            y += n.h + 36.0;
        }
        bottom = bottom.max(n.y + n.h / 2.0);
    }
    bottom
}

/// Stacks boxes in a column at `x` centred on `y_mid`, `gap` apart; returns the lowest edge.
pub(super) fn stack(nodes: &mut [Node], x: f64, y_mid: f64, gap: f64) -> f64 {
    let total: f64 = nodes.iter().map(|n| n.h).sum::<f64>() + gap * (nodes.len().max(1) - 1) as f64;
    let mut y = y_mid - total / 2.0;
    for n in nodes.iter_mut() {
        n.x = x;
        n.y = y + n.h / 2.0;
        y += n.h + gap;
    }
    y - gap
}

fn conceptual_diagram(p: &ProcessResult, labels: &dyn Fn(&str) -> String) -> Diagram {
    let r = &p.roles;
    let serial = p.model == 6;
    let top = 30.0;
    let mut meds: Vec<Node> = r.m.iter().map(|m| node(&labels(m), 0.0, 0.0)).collect();
    let m_bottom = place_mediators(&mut meds, serial, top);
    let mut x = node(&labels(&r.x), 150.0, 0.0);
    let mut y = node(&labels(&r.y), 850.0, 0.0);
    let mid = if meds.is_empty() {
        top + x.h.max(y.h) / 2.0 + 10.0
    } else {
        m_bottom + 60.0 + x.h.max(y.h) / 2.0
    };
    x.y = mid;
    y.y = mid;
    let mut nodes = vec![x, y];
    nodes.extend(meds);
    let (ix, iy) = (0usize, 1usize);
    let index = |name: &str| -> Option<usize> {
        if name == r.x {
            Some(ix)
        } else if name == r.y {
            Some(iy)
        } else {
            r.m.iter().position(|m| m == name).map(|j| 2 + j)
        }
    };
    let mut arrows = Vec::new();
    // Paths between X, the mediators and Y: the main-effect terms of each equation.
    for e in &p.equations {
        let Some(to) = index(&e.outcome) else {
            continue;
        };
        for t in &e.tidy {
            if let Some(from) = index(&t.term) {
                arrows.push(Arrow {
                    from,
                    to: Target::Node(to),
                    label: String::new(),
                });
            }
        }
    }
    // Moderators: below, an arrow to the middle of each path they moderate.
    let bottom = mid + 130.0;
    let moderators: Vec<&String> = r.w.iter().chain(r.z.iter()).collect();
    let mut lowest = mid + nodes[0].h.max(nodes[1].h) / 2.0;
    for (mi, m) in moderators.iter().enumerate() {
        let mut targets = Vec::new();
        for e in &p.equations {
            let Some(to) = index(&e.outcome) else {
                continue;
            };
            for prod in &e.products {
                if prod.factors.len() == 2 && prod.factors.contains(m) {
                    let focal = prod.factors.iter().find(|f| f != m).unwrap();
                    if let Some(from) = index(focal) {
                        if let Some(a) = arrows.iter().position(|a| {
                            a.from == from && matches!(a.to, Target::Node(t) if t == to)
                        }) {
                            targets.push(a);
                        }
                    }
                }
            }
        }
        // Model 3: Z moderates W's moderation of X -> Y (the three-way product).
        let three_way = p
            .equations
            .iter()
            .any(|e| e.products.iter().any(|q| q.factors.len() == 3));
        if three_way && mi == 1 {
            targets = (0..arrows.len())
                .filter(|&a| matches!(arrows[a].to, Target::Edge(_)))
                .collect();
        }
        let n = node(&labels(m), 380.0 + 260.0 * mi as f64, bottom);
        lowest = lowest.max(bottom + n.h / 2.0);
        nodes.push(n);
        let id = nodes.len() - 1;
        for a in targets {
            arrows.push(Arrow {
                from: id,
                to: Target::Edge(a),
                label: String::new(),
            });
        }
    }
    Diagram {
        nodes,
        arrows,
        size: (1000, (lowest + 30.0) as u32),
    }
}

fn statistical_diagram(p: &ProcessResult, labels: &dyn Fn(&str) -> String) -> Diagram {
    let r = &p.roles;
    let serial = p.model == 6;
    // Predictors other than the mediators: X, the moderators and the products, in a left
    // column; mediators in the middle, above; Y on the right.
    let mut left_names: Vec<String> = vec![labels(&r.x)];
    for e in &p.equations {
        for t in &e.tidy {
            let is_cov = r.covariates.contains(&t.term);
            if t.term == "constant" || is_cov || r.m.contains(&t.term) {
                continue;
            }
            let name = term_node_name(e, &t.term, labels);
            if !left_names.contains(&name) {
                left_names.push(name);
            }
        }
    }
    let top = 30.0;
    let mut meds: Vec<Node> = r.m.iter().map(|m| node(&labels(m), 0.0, 0.0)).collect();
    let m_bottom = place_mediators(&mut meds, serial, top);
    let mut left: Vec<Node> = left_names.iter().map(|n| node(n, 0.0, 0.0)).collect();
    let left_height: f64 = left.iter().map(|n| n.h).sum::<f64>() + 30.0 * (left.len() - 1) as f64;
    let mut y = node(&labels(&r.y), 850.0, 0.0);
    let y_mid = if meds.is_empty() {
        top + left_height.max(y.h) / 2.0
    } else {
        (m_bottom + 60.0 + y.h / 2.0).max(top + left_height / 2.0)
    };
    let left_bottom = stack(&mut left, 170.0, y_mid, 30.0);
    y.y = y_mid;
    let height = left_bottom.max(y_mid + y.h / 2.0).max(m_bottom) + 30.0;
    let mut nodes = left;
    let m0 = nodes.len();
    nodes.extend(meds);
    nodes.push(y);
    let iy = nodes.len() - 1;
    let index = |e: &Equation, term: &str| -> Option<usize> {
        if let Some(j) = r.m.iter().position(|m| m == term) {
            return Some(m0 + j);
        }
        let name = term_node_name(e, term, labels);
        left_names.iter().position(|n| *n == name)
    };
    let mut arrows = Vec::new();
    for e in &p.equations {
        let to = if e.outcome == r.y {
            iy
        } else {
            match r.m.iter().position(|m| *m == e.outcome) {
                Some(j) => m0 + j,
                None => continue,
            }
        };
        for t in &e.tidy {
            if t.term == "constant" || r.covariates.contains(&t.term) {
                continue;
            }
            if let (Some(from), Some(b)) = (index(e, &t.term), t.estimate) {
                arrows.push(Arrow {
                    from,
                    to: Target::Node(to),
                    label: format!("{b:.3}{}", stars(t.p_value)),
                });
            }
        }
    }
    Diagram {
        nodes,
        arrows,
        size: (1000, height as u32),
    }
}

/// The point where the line from the center of `n` towards `(tx, ty)` leaves its box.
fn border(n: &Node, tx: f64, ty: f64) -> (f64, f64) {
    let (dx, dy) = (tx - n.x, ty - n.y);
    if dx == 0.0 && dy == 0.0 {
        return (n.x, n.y);
    }
    let sx = if dx != 0.0 {
        (n.w / 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let sy = if dy != 0.0 {
        (n.h / 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let s = sx.min(sy);
    (n.x + s * dx, n.y + s * dy)
}

/// The end points of arrow `a` (resolving moderator arrows to the middle of their path).
fn ends(d: &Diagram, a: &Arrow) -> ((f64, f64), (f64, f64)) {
    match a.to {
        Target::Node(t) => {
            let (f, t) = (&d.nodes[a.from], &d.nodes[t]);
            (border(f, t.x, t.y), border(t, f.x, f.y))
        }
        Target::Edge(e) => {
            let ((x0, y0), (x1, y1)) = ends(d, &d.arrows[e]);
            let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
            (border(&d.nodes[a.from], mx, my), (mx, my))
        }
    }
}

pub(super) fn draw_diagram<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &Diagram,
) -> DrawResult {
    root.fill(&WHITE).map_err(err)?;
    let ink = BLACK.mix(0.85);
    let px = |p: (f64, f64)| (p.0.round() as i32, p.1.round() as i32);
    for a in &d.arrows {
        let (s, e) = ends(d, a);
        root.draw(&PathElement::new(vec![px(s), px(e)], ink.stroke_width(2)))
            .map_err(err)?;
        let (dx, dy) = (e.0 - s.0, e.1 - s.1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        let (ux, uy) = (dx / len, dy / len);
        let (bx, by) = (e.0 - 12.0 * ux, e.1 - 12.0 * uy);
        let head = vec![
            px(e),
            px((bx - 5.0 * uy, by + 5.0 * ux)),
            px((bx + 5.0 * uy, by - 5.0 * ux)),
        ];
        root.draw(&Polygon::new(head, ink.filled())).map_err(err)?;
    }
    // Labels after every line, each on a white box at the point of its arrow (tried from the
    // middle outwards) where it covers no box and no label placed before it.
    let mut placed: Vec<[f64; 4]> = d
        .nodes
        .iter()
        .map(|n| {
            [
                n.x - n.w / 2.0,
                n.y - n.h / 2.0,
                n.x + n.w / 2.0,
                n.y + n.h / 2.0,
            ]
        })
        .collect();
    let overlaps = |a: &[f64; 4], b: &[f64; 4]| {
        a[0] < b[2] + 2.0 && b[0] < a[2] + 2.0 && a[1] < b[3] + 2.0 && b[1] < a[3] + 2.0
    };
    for a in &d.arrows {
        if a.label.is_empty() {
            continue;
        }
        let (s, e) = ends(d, a);
        let w = text_px(&a.label, FONT_PX) as f64 + 10.0;
        let h = FONT_PX as f64 + 8.0;
        let rect = |t: f64| {
            let (x, y) = (s.0 + t * (e.0 - s.0), s.1 + t * (e.1 - s.1));
            [x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0]
        };
        let candidates = (0..=16).map(|i| {
            let step = (i + 1) / 2;
            let sign = if i % 2 == 0 { 1.0 } else { -1.0 };
            0.5 + sign * 0.04 * step as f64
        });
        let mut best = rect(0.5);
        for t in candidates {
            let b = rect(t);
            if !placed.iter().any(|p| overlaps(p, &b)) {
                best = b;
                break;
            }
        }
        placed.push(best);
        root.draw(&Rectangle::new(
            [px((best[0], best[1])), px((best[2], best[3]))],
            WHITE.filled(),
        ))
        .map_err(err)?;
        root.draw(&Text::new(
            a.label.clone(),
            px(((best[0] + best[2]) / 2.0, (best[1] + best[3]) / 2.0)),
            TextStyle::from((FAMILY, FONT_PX).into_font())
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))
        .map_err(err)?;
    }
    for nd in &d.nodes {
        root.draw(&Rectangle::new(
            [
                px((nd.x - nd.w / 2.0, nd.y - nd.h / 2.0)),
                px((nd.x + nd.w / 2.0, nd.y + nd.h / 2.0)),
            ],
            WHITE.filled(),
        ))
        .map_err(err)?;
        root.draw(&Rectangle::new(
            [
                px((nd.x - nd.w / 2.0, nd.y - nd.h / 2.0)),
                px((nd.x + nd.w / 2.0, nd.y + nd.h / 2.0)),
            ],
            ink.stroke_width(2),
        ))
        .map_err(err)?;
        let lh = FONT_PX as f64 * 1.3;
        let y0 = nd.y - lh * (nd.lines.len() as f64 - 1.0) / 2.0;
        for (i, l) in nd.lines.iter().enumerate() {
            root.draw(&Text::new(
                l.clone(),
                px((nd.x, y0 + lh * i as f64)),
                TextStyle::from((FAMILY, FONT_PX).into_font())
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))
            .map_err(err)?;
        }
    }
    Ok(())
}
