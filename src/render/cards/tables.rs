//! The tables of a card: the center's line in each outcome's league table, composite index
//! and factor, and its outcomes over the waves.

use crate::render::tables::multilevel::{rank_cell, rank_interval};
use crate::render::tables::{Cell, Table, col, num};
use crate::results::multilevel::{
    Band, Benchmark, CenterScore, CompositeCenter, CompositeIndex, League,
};

/// One row of a card's tables: a league table and this center's line in it.
pub(super) type Row<'a> = (&'a League, &'a CenterScore);

/// The center's line in each league table that has it (a center with no answers on a
/// variable is not in that variable's table).
pub(super) fn rows<'a>(leagues: impl IntoIterator<Item = &'a League>, name: &str) -> Vec<Row<'a>> {
    leagues
        .into_iter()
        .filter_map(|l| l.center(name).map(|c| (l, c)))
        .collect()
}

/// The outcome table of one center: its line in each outcome's league table, then in each
/// table adjusted for case mix.
pub(super) fn outcome_table(b: &Benchmark, name: &str) -> Table {
    let g = b.outcomes.first().map_or(0, |l| l.centers.len());
    Table::from_columns(
        "Outcomes",
        &rows(b.outcomes.iter().chain(&b.adjusted), name),
        &[
            col("Outcome", |(l, _): &Row| Cell::text(&l.label)),
            col("n", |(_, c): &Row| Cell::int(c.n)),
            num("Raw mean", 2, |(_, c): &Row| Some(c.raw_mean)),
            num("Shrunken mean", 2, |(_, c): &Row| Some(c.eb_mean)),
            col("Interval", |(_, c): &Row| {
                Cell::text(format!("{:.2} to {:.2}", c.conf_low, c.conf_high))
            }),
            num("Overall mean", 2, |(l, _): &Row| Some(l.overall_mean)),
            col(format!("Rank of {g}"), |(_, c): &Row| rank_cell(c)),
            col("Rank interval", |(_, c): &Row| rank_interval(c)),
            col("Band", |(_, c): &Row| Cell::text(Band::label_of(c.band))),
            col("vs overall mean", |(_, c): &Row| {
                Cell::text(c.versus_mean.label())
            }),
            // The funnel plot is of raw means: an adjusted line has none.
            col("Funnel plot", |(l, c): &Row| {
                Cell::text(if l.adjusted_for.is_empty() {
                    c.funnel.label()
                } else {
                    "—"
                })
            }),
        ],
    )
}

/// One row of a card's composite table: an index and this center's line in it.
type IndexRow<'a> = (&'a CompositeIndex, &'a CompositeCenter);

/// The center's line in each composite index that has it.
pub(super) fn composite_table(b: &Benchmark, name: &str) -> Table {
    let rows: Vec<IndexRow> = b
        .composites
        .iter()
        .filter_map(|ci| ci.center(name).map(|c| (ci, c)))
        .collect();
    let dp = |ci: &CompositeIndex| if ci.points.is_some() { 1 } else { 2 };
    Table::from_columns(
        "Composite indices",
        &rows,
        &[
            col("Index", |(ci, _): &IndexRow| Cell::text(&ci.title)),
            col("Value", move |(ci, c): &IndexRow| {
                Cell::num(Some(c.index), dp(ci))
            }),
            col("Interval", move |(ci, c): &IndexRow| {
                let d = dp(ci);
                Cell::text(format!("{:.d$} to {:.d$}", c.conf_low, c.conf_high))
            }),
            col("Rank of", |(ci, c): &IndexRow| match c.ranks.rank {
                Some(r) => Cell::text(format!("{r} / {}", ci.centers.len())),
                None => Cell::text("—"),
            }),
            col("Rank interval", |(_, c): &IndexRow| {
                Cell::text(format!("{}–{}", c.ranks.rank_low, c.ranks.rank_high))
            }),
            col("Band", |(_, c): &IndexRow| {
                Cell::text(Band::label_of(c.band))
            }),
            col(
                "Same third under other weights",
                |(_, c): &IndexRow| match c.stays_in_third {
                    Some(s) => Cell::text(format!("{:.0}%", 100.0 * s)),
                    None => Cell::text("—"),
                },
            ),
        ],
    )
}

/// The center over the waves: per outcome and wave its respondents, raw mean, score and
/// interval.
pub(super) fn wave_table(b: &Benchmark, name: &str) -> Table {
    let mut t = Table::new(
        "Over the waves",
        &["Outcome", "Wave", "n", "Raw mean", "Score", "Interval"],
    );
    for tr in &b.trends {
        let Some(c) = tr.center(name) else {
            continue;
        };
        for (k, w) in tr.waves.iter().enumerate() {
            t.rows.push(vec![
                Cell::text(&tr.label),
                Cell::text(w),
                Cell::int(c.n[k]),
                Cell::num(c.raw_mean[k], 2),
                Cell::num(c.score[k], 2),
                match (c.score_low[k], c.score_high[k]) {
                    (Some(lo), Some(hi)) => Cell::text(format!("{lo:.2} to {hi:.2}")),
                    _ => Cell::text("—"),
                },
            ]);
        }
    }
    t
}

/// Standardized difference of a center's shrunken score from the overall mean.
pub(super) fn z(l: &League, c: &CenterScore) -> f64 {
    (c.eb_mean - l.overall_mean) / l.unit_sd
}

pub(super) fn factor_table(b: &Benchmark, name: &str) -> Table {
    let g = b.factors.first().map_or(0, |l| l.centers.len());
    Table::from_columns(
        "Factors",
        &rows(&b.factors, name),
        &[
            col("Factor", |(l, _): &Row| Cell::text(&l.label)),
            num("Shrunken mean", 2, |(_, c): &Row| Some(c.eb_mean)),
            col("Interval", |(_, c): &Row| {
                Cell::text(format!("{:.2} to {:.2}", c.conf_low, c.conf_high))
            }),
            num("Overall mean", 2, |(l, _): &Row| Some(l.overall_mean)),
            num("Difference (SD)", 2, |(l, c): &Row| Some(z(l, c))),
            col(format!("Rank of {g}"), |(_, c): &Row| rank_cell(c)),
            col("Rank interval", |(_, c): &Row| rank_interval(c)),
            col("vs overall mean", |(_, c): &Row| {
                Cell::text(c.versus_mean.label())
            }),
        ],
    )
}
