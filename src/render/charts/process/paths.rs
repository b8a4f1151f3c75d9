//! The conceptual and statistical path diagrams of a PROCESS model: which boxes and arrows
//! they hold and where each box goes.

use super::diagram::{Arrow, Diagram, Node, Target, node, stack, stars};
use crate::results::process::{Equation, ProcessResult};

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

pub(super) fn conceptual_diagram(p: &ProcessResult, labels: &dyn Fn(&str) -> String) -> Diagram {
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

pub(super) fn statistical_diagram(p: &ProcessResult, labels: &dyn Fn(&str) -> String) -> Diagram {
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
