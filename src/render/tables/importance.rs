//! Tables of a relative-importance analysis: general dominance (LMG) and relative weights
//! with their intervals and ranks, conditional dominance by model size, the dominance
//! relations of every pair with their bootstrap reproducibility, and the all-subsets R2.

use super::table::{Cell, Table};
use crate::results::importance::{ImportanceResult, Measure};

fn interval(m: &Measure, dp: usize) -> Cell {
    match (m.conf_low, m.conf_high) {
        (Some(lo), Some(hi)) => Cell::text(format!("[{lo:.dp$}, {hi:.dp$}]")),
        _ => Cell::text(""),
    }
}

fn relation(v: f64) -> &'static str {
    if v == 1.0 {
        "i dominates j"
    } else if v == 0.0 {
        "j dominates i"
    } else {
        "undetermined"
    }
}

/// Every table of an importance analysis.
pub fn importance_tables(r: &ImportanceResult) -> Vec<Table> {
    importance_tables_named(r)
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Every table of an importance analysis with a file stem.
pub fn importance_tables_named(r: &ImportanceResult) -> Vec<(&'static str, Table)> {
    let pct = (r.conf_level * 100.0).round();
    let ci = format!("{pct}% CI");
    let mut main = Table::new(
        format!("Relative importance — {} ({})", r.outcome, r.name),
        &[
            "Predictor",
            "General dominance (LMG)",
            &ci,
            "% of R2",
            "Rank",
            &format!("Rank {ci}"),
            "Relative weight",
            &ci,
            "Rescaled (%)",
        ],
    );
    for s in &r.sets {
        main.rows.push(vec![
            Cell::text(&s.term),
            Cell::num(Some(s.general.estimate), 4),
            interval(&s.general, 4),
            Cell::num(Some(s.general_percent), 1),
            Cell::num(Some(s.rank.estimate), 1),
            interval(&s.rank, 1),
            Cell::num(Some(s.relative_weight.estimate), 4),
            interval(&s.relative_weight, 4),
            Cell::num(Some(s.relative_weight_percent.estimate), 1),
        ]);
    }
    let shared = r.r_squared - r.r_squared_always;
    main.notes.push(if r.always.is_empty() {
        format!(
            "R2 = {:.4} with all predictors (N = {}); general dominance weights (= LMG, the Shapley shares of R2) and relative weights (Johnson 2000) each sum to it.",
            r.r_squared, r.nobs
        )
    } else {
        format!(
            "R2 = {:.4} with all predictors (N = {}), of which {:.4} is taken by the forced-in {}; general dominance weights (= LMG, the Shapley shares of R2) and relative weights (Johnson 2000) each sum to the rest, {:.4}.",
            r.r_squared,
            r.nobs,
            r.r_squared_always,
            r.always.join(", "),
            shared
        )
    });
    if r.bootstrap_reps > 0 {
        main.notes.push(match r.clusters {
            Some(g) => format!(
                "Intervals: percentile, {} bootstrap resamples of {g} clusters, seed {}; a rank interval from 1 to the number of predictors means the data cannot order that predictor.",
                r.bootstrap_reps, r.seed
            ),
            None => format!(
                "Intervals: percentile, {} bootstrap resamples of cases, seed {}; a rank interval from 1 to the number of predictors means the data cannot order that predictor.",
                r.bootstrap_reps, r.seed
            ),
        });
    }
    main.notes.extend(r.notes.iter().cloned());

    let p = r.sets.len();
    let headers: Vec<String> = std::iter::once("Predictor".to_string())
        .chain((0..p).map(|k| format!("k = {k}")))
        .collect();
    let hdr: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut cond = Table::new(
        "Conditional dominance: average R2 added, by the number k of other predictors in the model",
        &hdr,
    );
    for s in &r.sets {
        let mut row = vec![Cell::text(&s.term)];
        row.extend(s.conditional.iter().map(|&v| Cell::num(Some(v), 4)));
        cond.rows.push(row);
    }

    let boot = r.bootstrap_reps > 0;
    let mut cols = vec![
        "i",
        "j",
        "Complete",
        "Conditional",
        "General",
        "Difference in general dominance (i - j)",
        &ci,
    ];
    if boot {
        cols.extend([
            "Reproducibility (complete)",
            "Reproducibility (conditional)",
            "Reproducibility (general)",
            "P(i generally dominates j)",
        ]);
    }
    let mut pairs = Table::new("Dominance relations between predictors", &cols);
    for q in &r.pairs {
        let mut row = vec![
            Cell::text(&q.i),
            Cell::text(&q.j),
            Cell::text(relation(q.complete)),
            Cell::text(relation(q.conditional)),
            Cell::text(relation(q.general)),
            Cell::num(Some(q.difference), 4),
            match (q.difference_conf_low, q.difference_conf_high) {
                (Some(lo), Some(hi)) => Cell::text(format!("[{lo:.4}, {hi:.4}]")),
                _ => Cell::text(""),
            },
        ];
        if boot {
            row.extend([
                Cell::num(q.complete_reproducibility, 3),
                Cell::num(q.conditional_reproducibility, 3),
                Cell::num(q.general_reproducibility, 3),
                Cell::num(q.general_p_dominates, 3),
            ]);
        }
        pairs.rows.push(row);
    }
    pairs.notes.push(
        "Complete: i adds more R2 than j to every model holding neither; conditional: on average at every model size; general: on average overall. Reproducibility: share of bootstrap resamples giving the same relation (as R's bootDominanceAnalysis)."
            .into(),
    );
    let mut out = vec![
        ("weights", main),
        ("conditional", cond),
        ("dominance", pairs),
    ];
    if !r.subsets.is_empty() && r.subsets.len() <= 64 {
        let mut t = Table::new("All-subsets R2", &["Predictors in the model", "R2"]);
        for s in &r.subsets {
            t.rows.push(vec![
                Cell::text(if s.terms.is_empty() {
                    "(none)".to_string()
                } else {
                    s.terms.join(" + ")
                }),
                Cell::num(Some(s.r_squared), 4),
            ]);
        }
        out.push(("subsets", t));
    }
    out
}
