//! Tables of change over the waves (`[benchmark] wave`): the model, and each center's scores
//! and changes.

use super::table::{Cell, Table};
use crate::results::multilevel::{Trend, TrendCenter, Verdict};

fn pct(t: &Trend) -> f64 {
    (t.level * 100.0).round()
}

/// The model: fixed effects of the waves, then the variance components.
pub fn trend_model(t: &Trend) -> Table {
    let mut table = Table::new(
        format!("Change over the waves — {}: model", t.label),
        &["Parameter", "Estimate", "Std. Error"],
    );
    for f in &t.fixed {
        table.rows.push(vec![
            Cell::text(&f.term),
            Cell::num(Some(f.estimate), 3),
            Cell::num(Some(f.std_error), 3),
        ]);
    }
    for v in &t.variance {
        table.rows.push(vec![
            Cell::text(format!("Variance: {}", v.group)),
            Cell::num(Some(v.variance), 4),
            Cell::text("—"),
        ]);
    }
    table.notes.push(format!(
        "Formula: {}, fitted by {} to {} respondents (lme4: (1 | center) + (1 | center:wave)); criterion {:.3}.",
        t.formula, t.method, t.nobs, t.criterion
    ));
    table
}

/// The order of the centers: the latest wave's score, highest first (a center not surveyed
/// then last).
pub fn trend_order(t: &Trend) -> Vec<usize> {
    let last = t.waves.len() - 1;
    let key = |c: &TrendCenter| c.score[last].unwrap_or(f64::NEG_INFINITY);
    let mut order: Vec<usize> = (0..t.centers.len()).collect();
    order.sort_by(|&a, &b| {
        key(&t.centers[b])
            .total_cmp(&key(&t.centers[a]))
            .then(a.cmp(&b))
    });
    order
}

/// Each center's respondents and score per wave, and its change between consecutive waves.
pub fn trend_table(t: &Trend) -> Table {
    let p = pct(t);
    let mut columns = vec!["Center".to_string()];
    for w in &t.waves {
        columns.push(format!("{w} n"));
        columns.push(format!("{w} score"));
    }
    let pairs: Vec<(String, String)> = t
        .waves
        .iter()
        .zip(t.waves.iter().skip(1))
        .map(|(a, b)| (a.clone(), b.clone()))
        .collect();
    for (a, b) in &pairs {
        columns.push(format!("Change {a}–{b}"));
        columns.push(format!("{p}% interval {a}–{b}"));
        columns.push(format!("Verdict {a}–{b}"));
    }
    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
    let mut table = Table::new(format!("Change over the waves — {}", t.label), &refs);
    for &i in &trend_order(t) {
        let c = &t.centers[i];
        let mut row = vec![Cell::text(&c.center)];
        for k in 0..t.waves.len() {
            row.push(Cell::int(c.n[k]));
            row.push(Cell::num(c.score[k], 3));
        }
        for (a, b) in &pairs {
            match c.changes.iter().find(|ch| ch.from == *a && ch.to == *b) {
                Some(ch) => {
                    row.push(Cell::num(Some(ch.estimate), 3));
                    row.push(Cell::text(format!(
                        "{:.3} to {:.3}",
                        ch.conf_low, ch.conf_high
                    )));
                    row.push(Cell::text(ch.verdict.label()));
                }
                None => row.extend([Cell::text("—"), Cell::text("—"), Cell::text("—")]),
            }
        }
        table.rows.push(row);
    }
    table.notes.push(format!(
        "Score: the model's mean of the wave plus the center's own effect and its effect in that wave (shrunken toward the wave's mean by their uncertainty). Change: the difference of two waves' scores, with its {p}% interval from the joint uncertainty of the wave effects and the center's effects. Improved / declined: the whole interval above / below 0."
    ));
    table
}

/// What the trend says, in sentences: the model's spread, and per pair of waves the average
/// change and how many centers improved or declined beyond their uncertainty.
pub fn trend_sentences(t: &Trend) -> Vec<String> {
    let (tc, tw) = (t.variance[0].variance, t.variance[1].variance);
    let mut s = vec![format!(
        "{}: between-center SD {:.3}, center-by-wave SD {:.3}, residual SD {:.3}; a center's standing carries over from one wave to the next with correlation {:.2} (τ²_center / (τ²_center + τ²_wave)).",
        t.label,
        tc.sqrt(),
        tw.sqrt(),
        t.variance[2].variance.sqrt(),
        if tc + tw > 0.0 {
            tc / (tc + tw)
        } else {
            f64::NAN
        }
    )];
    for (k, (a, b)) in t.waves.iter().zip(t.waves.iter().skip(1)).enumerate() {
        let changes: Vec<_> = t
            .centers
            .iter()
            .filter_map(|c| c.changes.iter().find(|ch| ch.from == *a && ch.to == *b))
            .collect();
        let count = |v: Verdict| changes.iter().filter(|ch| ch.verdict == v).count();
        s.push(format!(
            "{a} to {b}: the average center moved by {:+.3}; {} center(s) improved, {} declined and {} showed no detectable change.",
            t.wave_means[k + 1] - t.wave_means[k],
            count(Verdict::Improved),
            count(Verdict::Declined),
            count(Verdict::NoDetectableChange)
        ));
    }
    s.extend(t.notes.iter().cloned());
    s
}
