//! Tables of a composite evaluation index: its components and weights, its league table
//! with resampling intervals and sensitivity to the weights, and the centers' values.

use super::table::{Cell, Table, col, num};
use crate::render::charts::composite_order;
use crate::results::multilevel::{Band, CompositeCenter, CompositeIndex};

fn pct(ci: &CompositeIndex) -> f64 {
    (ci.level * 100.0).round()
}

/// How the index is made, in sentences: normalisation, weights, the formula, resampling and
/// the random weightings.
pub fn composite_method(ci: &CompositeIndex) -> Vec<String> {
    let g = ci.centers.len();
    let mut s = vec![match ci.normalization.as_str() {
        "z-score" => format!(
            "Each component is standardised across the {g} centers (z-scores, the sign reversed where lower is better)."
        ),
        "target" => "Each component is scored against its goalposts: (value − floor) / (target − floor), clamped to 0–1 (a floor above the target: lower is better).".to_string(),
        _ => format!(
            "Each component is min-max normalised across the {g} centers: 0 for the lowest, 1 for the highest (reversed where lower is better)."
        ),
    }];
    s.push(match ci.weights.as_str() {
        "given" => "Weights as set by the office, scaled to sum to 1.".to_string(),
        "equal" => "Equal weights.".to_string(),
        "entropy" => "Weights by the entropy weight method (熵权法) on the min-max normalised components: w_j ∝ 1 − e_j with e_j = −Σ p_ij ln p_ij / ln n and p_ij the center's share of the column, so components on which the centers differ more weigh more.".to_string(),
        "critic" => "Weights by CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995) on the min-max normalised components: w_j ∝ σ_j Σ_k (1 − r_jk), a component's contrast times its conflict with the others.".to_string(),
        _ => format!(
            "Weights: the squared loadings of the first principal component of the components' correlations (OECD/JRC 2008 Handbook), which explains {:.1}% of their variance.",
            100.0 * ci.pca_share.unwrap_or(f64::NAN)
        ),
    });
    s.push(match (ci.points, ci.bonus.is_empty(), ci.deductions.is_empty()) {
        (None, _, _) => "Index = Σ w_j × z_j, in SD units (0: the average center).".to_string(),
        (Some(p), true, true) => format!(
            "Index = {p} × Σ w_j × normalised value_j: a center best on every component scores {p} points."
        ),
        (Some(p), false, true) => format!(
            "Index = {p} × Σ w_j × normalised value_j + bonus: a center best on every component scores {p} points before bonus."
        ),
        (Some(p), true, false) => format!(
            "Index = {p} × Σ w_j × normalised value_j − deductions: a center best on every component scores {p} points before deductions."
        ),
        (Some(p), false, false) => format!(
            "Index = {p} × Σ w_j × normalised value_j + bonus − deductions: a center best on every component scores {p} points before bonus and deductions."
        ),
    });
    s.push("A survey component is the mean of the center's respondents; a center record is the center's own value (center_data).".to_string());
    if ci.resamples > 0 {
        s.push(format!(
            "Intervals: percentiles of {} resamples of respondents within centers (seed {}), the normalisation and weights recomputed in each; rank 1 = highest index; band = the third of the table the whole rank interval lies in (— where it spans two).",
            ci.resamples, ci.seed
        ));
    } else {
        s.push("No resampling (resamples = 0): the intervals are the point values.".to_string());
    }
    if ci.weight_draws > 0 {
        s.push(format!(
            "Other weights: {} draws of each weight times a uniform factor within ±{:.0}%, rescaled to sum to 1; the share of draws in which the center's rank stays in the same third of the table, and the range of its ranks.",
            ci.weight_draws,
            100.0 * ci.weight_spread
        ));
    }
    s.extend(ci.notes.iter().cloned());
    s
}

/// Components and weights: source, direction, goalposts, weight with its interval, loading.
pub fn composite_weights(ci: &CompositeIndex) -> Table {
    let p = pct(ci);
    let mut columns = vec!["Component".to_string(), "Source".into(), "Better".into()];
    let target = ci.normalization == "target";
    if target {
        columns.extend(["Floor".into(), "Target".into()]);
    }
    columns.push("Weight".into());
    let varies = ci.components.iter().any(|c| c.weight_low != c.weight_high);
    if varies {
        columns.push(format!("Weight {p}% interval"));
    }
    let pca = ci.weights == "pca";
    if pca {
        columns.push("Loading".into());
    }
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut t = Table::new(format!("{}: components and weights", ci.title), &refs);
    for c in &ci.components {
        let mut row = vec![
            Cell::text(&c.label),
            Cell::text(if c.source == "respondents" {
                "survey (mean of respondents)"
            } else {
                "center record"
            }),
            Cell::text(&c.direction),
        ];
        if target {
            row.push(Cell::num(c.floor, 3));
            row.push(Cell::num(c.target, 3));
        }
        row.push(Cell::num(Some(c.weight), 4));
        if varies {
            row.push(Cell::text(format!(
                "{:.4} to {:.4}",
                c.weight_low, c.weight_high
            )));
        }
        if pca {
            row.push(Cell::num(c.loading, 3));
        }
        t.rows.push(row);
    }
    t.notes = composite_method(ci);
    t
}

/// The league table of the index: rank, rank interval, index and interval, each component's
/// points, bonus and deductions, band, and the ranks under other weights.
pub fn composite_league(ci: &CompositeIndex) -> Table {
    let p = pct(ci);
    let dp = if ci.points.is_some() { 1 } else { 3 };
    let mut cols = vec![
        col("Rank", |c: &CompositeCenter| match c.ranks.rank {
            Some(r) => Cell::int(r),
            None => Cell::text("—"),
        }),
        col(format!("Rank {p}% interval"), |c: &CompositeCenter| {
            Cell::text(format!("{}–{}", c.ranks.rank_low, c.ranks.rank_high))
        }),
        col("Center", |c: &CompositeCenter| Cell::text(&c.center)),
        col("n", |c: &CompositeCenter| Cell::int(c.n)),
        num("Index", dp, |c: &CompositeCenter| Some(c.index)),
        col(
            format!("Index {p}% interval"),
            move |c: &CompositeCenter| {
                Cell::text(format!("{:.dp$} to {:.dp$}", c.conf_low, c.conf_high))
            },
        ),
    ];
    for (k, comp) in ci.components.iter().enumerate() {
        cols.push(num(comp.label.clone(), dp, move |c: &CompositeCenter| {
            Some(c.contributions[k])
        }));
    }
    if !ci.bonus.is_empty() {
        cols.push(num("Bonus", dp, |c: &CompositeCenter| Some(c.bonus)));
    }
    if !ci.deductions.is_empty() {
        cols.push(num("Deductions", dp, |c: &CompositeCenter| {
            Some(c.deductions)
        }));
    }
    cols.push(col("Band", |c: &CompositeCenter| {
        Cell::text(Band::label_of(c.band))
    }));
    if ci.weight_draws > 0 {
        cols.push(col(
            "Same third under other weights",
            |c: &CompositeCenter| match c.stays_in_third {
                Some(s) => Cell::text(format!("{:.0}%", 100.0 * s)),
                None => Cell::text("—"),
            },
        ));
        cols.push(col("Ranks under other weights", |c: &CompositeCenter| {
            Cell::text(format!("{}–{}", c.weight_rank_low, c.weight_rank_high))
        }));
    }
    let order = composite_order(ci);
    let mut t = Table::from_columns(
        format!("League table — {}", ci.title),
        order.iter().map(|&i| &ci.centers[i]),
        &cols,
    );
    t.notes.push(match ci.points {
        Some(_) => {
            "Each component's column: its points in the index (weight × normalised value × points)."
                .to_string()
        }
        None => "Each component's column: its part of the index (weight × z-score).".to_string(),
    });
    t
}

/// Each center's component values and normalised values (the index's inputs).
pub fn composite_values(ci: &CompositeIndex) -> Table {
    let mut columns = vec!["Center".to_string(), "n".into()];
    for c in &ci.components {
        columns.push(c.label.clone());
    }
    for c in &ci.components {
        columns.push(format!("{} (normalised)", c.label));
    }
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut t = Table::new(format!("{}: values of the centers", ci.title), &refs);
    for &i in &composite_order(ci) {
        let c = &ci.centers[i];
        let mut row = vec![Cell::text(&c.center), Cell::int(c.n)];
        row.extend(c.values.iter().map(|&v| Cell::num(Some(v), 4)));
        row.extend(c.normalized.iter().map(|&v| Cell::num(Some(v), 4)));
        t.rows.push(row);
    }
    t
}
