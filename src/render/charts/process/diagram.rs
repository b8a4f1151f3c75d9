//! Boxes and arrows: the nodes, arrows and layout helpers of a path diagram and its drawing,
//! shared by the PROCESS, SEM and PLS diagrams.

use crate::render::charts::{DrawResult, FAMILY, err, text_px};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A box of a path diagram.
pub(in crate::render::charts) struct Node {
    lines: Vec<String>,
    pub(in crate::render::charts) x: f64,
    pub(in crate::render::charts) y: f64,
    w: f64,
    pub(in crate::render::charts) h: f64,
}

/// An arrow from node `from` to node `to` (or, for a moderator, to the middle of arrow
/// `to_edge`), with an optional label.
pub(in crate::render::charts) struct Arrow {
    pub(in crate::render::charts) from: usize,
    pub(in crate::render::charts) to: Target,
    pub(in crate::render::charts) label: String,
}

pub(in crate::render::charts) enum Target {
    Node(usize),
    Edge(usize),
}

pub(in crate::render::charts) struct Diagram {
    pub(in crate::render::charts) nodes: Vec<Node>,
    pub(in crate::render::charts) arrows: Vec<Arrow>,
    pub(in crate::render::charts) size: (u32, u32),
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

pub(in crate::render::charts) fn node(label: &str, x: f64, y: f64) -> Node {
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

/// Stars of a p-value, as Chinese and English journals print them beside coefficients.
pub(in crate::render::charts) fn stars(p: Option<f64>) -> &'static str {
    match p {
        Some(p) if p < 0.001 => "***",
        Some(p) if p < 0.01 => "**",
        Some(p) if p < 0.05 => "*",
        _ => "",
    }
}

/// Stacks boxes in a column at `x` centred on `y_mid`, `gap` apart; returns the lowest edge.
pub(in crate::render::charts) fn stack(nodes: &mut [Node], x: f64, y_mid: f64, gap: f64) -> f64 {
    let total: f64 = nodes.iter().map(|n| n.h).sum::<f64>() + gap * (nodes.len().max(1) - 1) as f64;
    let mut y = y_mid - total / 2.0;
    for n in nodes.iter_mut() {
        n.x = x;
        n.y = y + n.h / 2.0;
        y += n.h + gap;
    }
    y - gap
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

pub(in crate::render::charts) fn draw_diagram<DB: DrawingBackend>(
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
