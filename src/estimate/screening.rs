//! Data-quality screening of questionnaire responses: flags, never drops.
//!
//! # Rules
//! - duplicate respondent ids: an id on more than one row;
//! - straight-lining: every answered item of the questionnaire has the same value, with at
//!   least `STRAIGHT_MIN_ITEMS` answered;
//! - very incomplete: more than `INCOMPLETE_SHARE` of the items unanswered;
//! - very fast: a completion time below `FAST_SHARE` of the median (when a duration column
//!   is declared).

use crate::numeric::values::{AsValues, Values};
use crate::results::screening::{Check, Screening};

/// A screening check whose flagged rows the study file's `[data] exclude` leaves out of every
/// analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Exclusion {
    /// Later rows of a repeated respondent id (the first row of each id is kept).
    #[value(name = "duplicates", aliases = ["duplicate id", "duplicate-id", "duplicate_id"])]
    Duplicates,
    /// The same answer to every answered item.
    #[value(
        name = "straight-liners",
        aliases = ["straight-lining", "straightlining", "straight_liners", "straight-liner"]
    )]
    StraightLiners,
    /// More than half of the items unanswered.
    #[value(name = "incomplete", aliases = ["very incomplete", "very-incomplete"])]
    Incomplete,
    /// Completion time below a third of the median.
    #[value(name = "speeders", aliases = ["very fast", "very-fast", "fast", "speeder"])]
    Speeders,
}

impl Exclusion {
    /// The screening check it acts on.
    pub fn check(self) -> &'static str {
        match self {
            Exclusion::Duplicates => "duplicate id",
            Exclusion::StraightLiners => "straight-lining",
            Exclusion::Incomplete => "very incomplete",
            Exclusion::Speeders => "very fast",
        }
    }

    /// The rows (from 1) of `check` to leave out: all its rows, but for repeated ids every
    /// row after the first of its id (`ids` as in [`screen`]).
    pub fn rows(self, check: &Check, ids: Option<&[Option<u64>]>) -> Vec<usize> {
        match (self, ids) {
            (Exclusion::Duplicates, Some(ids)) => {
                let mut seen = std::collections::HashSet::new();
                check
                    .rows
                    .iter()
                    .copied()
                    .filter(|&r| !seen.insert(ids[r - 1]))
                    .collect()
            }
            _ => check.rows.clone(),
        }
    }
}

/// Minimum answered items for a constant response pattern to count as straight-lining.
pub const STRAIGHT_MIN_ITEMS: usize = 10;
/// Share of unanswered items above which a respondent is flagged as very incomplete.
pub const INCOMPLETE_SHARE: f64 = 0.5;
/// Share of the median completion time below which a respondent is flagged as very fast.
pub const FAST_SHARE: f64 = 1.0 / 3.0;

/// Screen `items[k][i]` (NaN = unanswered), optional ids and durations per row. An id is
/// given as a key, equal for equal ids (a number's bits, a text's code), None when missing:
/// no text per row.
pub fn screen<C: AsValues>(
    items: &[C],
    ids: Option<&[Option<u64>]>,
    durations: Option<&[f64]>,
) -> Screening {
    let items: Vec<Values> = items.iter().map(AsValues::values).collect();
    let n = items.first().map_or(0, |c| c.len());
    let k = items.len();
    let mut checks = Vec::new();
    if let Some(ids) = ids {
        let mut sorted: Vec<(u64, usize)> = (ids.iter().enumerate())
            .filter_map(|(i, id)| id.map(|id| (id, i)))
            .collect();
        sorted.sort_unstable();
        let mut rows = Vec::new();
        for w in sorted.chunk_by(|a, b| a.0 == b.0) {
            if w.len() > 1 {
                rows.extend(w.iter().map(|(_, i)| i + 1));
            }
        }
        rows.sort_unstable();
        checks.push(Check {
            check: "duplicate id".into(),
            rule: "the respondent id appears on more than one row".into(),
            rows,
            excluded: false,
        });
    }
    // By blocks of rows on the cores, item by item (one column at a time stays in cache; a
    // row across every column does not): how many items each row answered, and whether every
    // answer is its first; the blocks' rows then in order.
    const BLOCK: usize = 4096;
    let starts: Vec<usize> = (0..n).step_by(BLOCK).collect();
    let flagged = crate::numeric::parallel::map(&starts, |&start| {
        let end = (start + BLOCK).min(n);
        let mut answered = vec![0usize; end - start];
        let mut first = vec![f64::NAN; end - start];
        let mut same = vec![true; end - start];
        let mut block = vec![0.0; end - start];
        for c in &items {
            c.fill(start, &mut block);
            for (j, &v) in block.iter().enumerate() {
                if v.is_finite() {
                    if answered[j] == 0 {
                        first[j] = v;
                    } else if v != first[j] {
                        same[j] = false;
                    }
                    answered[j] += 1;
                }
            }
        }
        let (mut straight, mut incomplete) = (Vec::new(), Vec::new());
        for (j, i) in (start..end).enumerate() {
            if answered[j] >= STRAIGHT_MIN_ITEMS && same[j] {
                straight.push(i + 1);
            }
            if k > 0 && (k - answered[j]) as f64 > INCOMPLETE_SHARE * k as f64 {
                incomplete.push(i + 1);
            }
        }
        (straight, incomplete)
    });
    let (mut straight, mut incomplete) = (Vec::new(), Vec::new());
    for (s, i) in flagged {
        straight.extend(s);
        incomplete.extend(i);
    }
    checks.push(Check {
        check: "straight-lining".into(),
        rule: format!(
            "the same answer to every answered item (at least {STRAIGHT_MIN_ITEMS} answered)"
        ),
        rows: straight,
        excluded: false,
    });
    checks.push(Check {
        check: "very incomplete".into(),
        rule: format!(
            "more than {:.0}% of the {k} items unanswered",
            INCOMPLETE_SHARE * 100.0
        ),
        rows: incomplete,
        excluded: false,
    });
    if let Some(d) = durations {
        let mut ok: Vec<f64> = d.iter().copied().filter(|v| v.is_finite()).collect();
        ok.sort_by(f64::total_cmp);
        if !ok.is_empty() {
            let m = ok.len();
            let median = if m % 2 == 1 {
                ok[m / 2]
            } else {
                0.5 * (ok[m / 2 - 1] + ok[m / 2])
            };
            let rows = (0..n)
                .filter(|&i| d[i].is_finite() && d[i] < FAST_SHARE * median)
                .map(|i| i + 1)
                .collect();
            checks.push(Check {
                check: "very fast".into(),
                rule: format!(
                    "completion time below {:.0}% of the median ({median})",
                    FAST_SHARE * 100.0
                ),
                rows,
                excluded: false,
            });
        }
    }
    Screening {
        respondents: n,
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_straight_liners_incomplete_and_fast_respondents_are_flagged() {
        let nan = f64::NAN;
        let mut cols: Vec<Vec<f64>> = (0..12)
            .map(|j| vec![(j % 5 + 1) as f64, 3.0, nan, 2.0])
            .collect();
        cols[0][3] = nan; // row 4: 11 answered, all 2 -> straight
        for c in cols.iter_mut().take(7) {
            c[2] = nan; // row 3: all missing already
        }
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let ids = [Some(1), Some(2), Some(1), Some(3)];
        let durations = [300.0, 320.0, 90.0, 310.0];
        let s = screen(&refs, Some(&ids), Some(&durations));
        let rows = |name: &str| {
            s.checks
                .iter()
                .find(|c| c.check == name)
                .unwrap()
                .rows
                .clone()
        };
        assert_eq!(rows("duplicate id"), vec![1, 3]);
        assert_eq!(rows("straight-lining"), vec![2, 4]);
        assert_eq!(rows("very incomplete"), vec![3]);
        assert_eq!(rows("very fast"), vec![3]);
    }
}
