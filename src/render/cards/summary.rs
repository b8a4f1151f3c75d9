//! The sentences of a card: the center's place in each league table, its changes over the
//! waves, its composite indices, and its strongest and weakest factors.

use super::tables::{Row, rows, z};
use crate::render::tables::multilevel::indistinguishable;
use crate::results::multilevel::{Benchmark, Versus};

/// The sentences of a card: strongest and weakest factors, what the rank interval says.
pub(super) fn summary(b: &Benchmark, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = &b.latest_wave {
        out.push(format!(
            "Positions in the league tables are of the latest wave, {w}; the changes compare the waves."
        ));
    }
    for l in b.outcomes.iter().chain(&b.adjusted) {
        let g = l.centers.len();
        let Some(c) = l.center(name) else {
            out.push(format!(
                "{}: no answers from this center, so it is not in this league table.",
                l.label
            ));
            continue;
        };
        if !l.distinguishable {
            out.push(format!(
                "{}: shrunken mean {:.2} (overall {:.2}). {}",
                l.label,
                c.eb_mean,
                l.overall_mean,
                indistinguishable(l)
            ));
            continue;
        }
        out.push(format!(
            "{}: shrunken mean {:.2} (overall {:.2}), {}, plausibly anywhere from {} to {}; {}.",
            l.label,
            c.eb_mean,
            l.overall_mean,
            match c.ranks.rank {
                Some(r) => format!("rank {r} of {g}"),
                None => "not ranked".to_string(),
            },
            c.ranks.rank_low,
            c.ranks.rank_high,
            match c.versus_mean {
                Versus::Above => "above the overall mean beyond chance".to_string(),
                Versus::Below => "below the overall mean beyond chance".to_string(),
                Versus::NotDistinguishable =>
                    "not distinguishable from the overall mean".to_string(),
            }
        ));
    }
    for tr in &b.trends {
        let Some(c) = tr.center(name) else {
            continue;
        };
        for ch in &c.changes {
            out.push(format!(
                "{}, {} to {}: change {:+.2} ({:.2} to {:.2}), {}.",
                tr.label,
                ch.from,
                ch.to,
                ch.estimate,
                ch.conf_low,
                ch.conf_high,
                ch.verdict.label()
            ));
        }
    }
    for ci in &b.composites {
        let Some(c) = ci.center(name) else {
            out.push(format!(
                "{}: this center lacks a value the index needs and has no index.",
                ci.title
            ));
            continue;
        };
        let d = if ci.points.is_some() { 1 } else { 2 };
        let value = format!("{:.d$}", c.index);
        let (lo, hi) = (
            format!("{:.d$}", c.conf_low),
            format!("{:.d$}", c.conf_high),
        );
        out.push(match c.ranks.rank {
            Some(r) => format!(
                "{}: index {value} (interval {lo} to {hi}), rank {r} of {}, plausibly anywhere from {} to {}.",
                ci.title,
                ci.centers.len(),
                c.ranks.rank_low,
                c.ranks.rank_high
            ),
            None => format!(
                "{}: index {value} (interval {lo} to {hi}), not ranked.",
                ci.title
            ),
        });
    }
    // Only factors on which the centers differ at all can be a center's strongest or weakest.
    let ranked: Vec<Row> = rows(&b.factors, name)
        .into_iter()
        .filter(|(l, _)| l.distinguishable)
        .collect();
    if ranked.len() >= 2 {
        let mut order: Vec<&Row> = ranked.iter().collect();
        order.sort_by(|a, c| z(c.0, c.1).total_cmp(&z(a.0, a.1)));
        let k = if ranked.len() >= 4 { 2 } else { 1 };
        let names = |rs: &[&Row]| {
            rs.iter()
                .map(|(l, c)| format!("{} ({:+.2} SD)", l.label, z(l, c)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push(format!("Strongest factors: {}.", names(&order[..k])));
        let weak: Vec<&Row> = order.iter().rev().take(k).copied().collect();
        out.push(format!("Weakest factors: {}.", names(&weak)));
    }
    out
}
