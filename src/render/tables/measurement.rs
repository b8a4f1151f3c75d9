//! Tables of measurement: item and construct descriptives, correlations with alpha on the diagonal, SPSS RELIABILITY, sampling adequacy and data-quality screening.

use super::ci_headers;
use super::table::{Cell, Table, col, num};
use crate::results::measurement::{Adequacy, ItemTotal, Reliability};
use crate::results::{CorrelationMatrix, DataSummary, Descriptive, ItemLabels};

/// Per item: valid answers, empty cells, missing codes, out-of-range values.
pub fn items(d: &DataSummary) -> Table {
    let mut t = Table::new(
        "Item Missing Values",
        &[
            "Item",
            "Construct",
            "Reversed",
            "Valid",
            "Empty",
            "Missing code",
            "Out of range",
            "Missing %",
        ],
    );
    for i in &d.items {
        let missing = i.empty + i.missing_code + i.out_of_range;
        let total = missing + i.valid;
        t.rows.push(vec![
            Cell::item(&i.item, &d.item_labels),
            Cell::text(i.construct.clone().unwrap_or_default()),
            Cell::text(if i.reversed { "yes" } else { "" }),
            Cell::int(i.valid),
            Cell::int(i.empty),
            Cell::int(i.missing_code),
            Cell::int(i.out_of_range),
            Cell::num(Some(100.0 * missing as f64 / total.max(1) as f64), 1),
        ]);
    }
    t.notes.push("Declared missing codes and values outside the scale become missing; empty cells are missing too.".into());
    t
}

/// Construct descriptives: items, N, mean, SD, min, max.
pub fn constructs(ds: &[Descriptive]) -> Table {
    let mut t = Table::from_columns(
        "Construct Descriptives",
        ds,
        &[
            col("Construct", |d: &Descriptive| Cell::text(&d.variable)),
            col("Label", |d: &Descriptive| {
                Cell::text(d.label.clone().unwrap_or_default())
            }),
            col("中文", |d: &Descriptive| {
                Cell::text(d.label_zh.clone().unwrap_or_default())
            }),
            col("Items", |d: &Descriptive| Cell::int(d.n_items.unwrap_or(0))),
            col("N", |d: &Descriptive| Cell::int(d.n)),
            num("Mean", 3, |d: &Descriptive| d.mean),
            num("Std. Deviation", 3, |d: &Descriptive| d.sd),
            num("Minimum", 3, |d: &Descriptive| d.min),
            num("Maximum", 3, |d: &Descriptive| d.max),
        ],
    );
    t.notes.push(
        "Scores are item means after reverse-keying (reversed value = min + max - x).".into(),
    );
    t
}

/// Correlation matrix, lower triangle, with significance stars.
pub fn correlations(c: &CorrelationMatrix, alphas: &[Reliability]) -> Table {
    let mut cols: Vec<&str> = vec![""];
    cols.extend(c.variables.iter().map(String::as_str));
    let mut t = Table::new("Pearson Correlations of Constructs", &cols);
    for (a, v) in c.variables.iter().enumerate() {
        let mut row = vec![Cell::text(v)];
        for b in 0..c.variables.len() {
            if b > a {
                row.push(Cell::text(""));
                continue;
            }
            let mut cell = Cell::num(c.r[a][b], 3);
            if a == b {
                if let Some(r) = alphas.iter().find(|r| r.construct == *v) {
                    cell = Cell::num(Some(r.alpha), 3);
                    cell.text = format!("({})", cell.text);
                }
            }
            if a != b {
                let stars = match c.p_value[a][b] {
                    Some(p) if p < 0.001 => "***",
                    Some(p) if p < 0.01 => "**",
                    Some(p) if p < 0.05 => "*",
                    _ => "",
                };
                cell.text.push_str(stars);
            }
            row.push(cell);
        }
        t.rows.push(row);
    }
    let ns: Vec<usize> = (0..c.variables.len())
        .flat_map(|a| (0..a).map(move |b| (a, b)))
        .map(|(a, b)| c.n[a][b])
        .collect();
    let (lo, hi) = (
        ns.iter().copied().min().unwrap_or(0),
        ns.iter().copied().max().unwrap_or(0),
    );
    t.notes.push(format!("Pairwise-complete observations (n = {lo} to {hi} per pair). * p < .05, ** p < .01, *** p < .001 (two-sided). Diagonal: Cronbach's alpha in parentheses."));
    t
}

/// SPSS "Reliability Statistics" of every construct in one table.
pub fn reliability_summary(rs: &[Reliability]) -> Table {
    let level = rs.first().map_or(0.95, |r| r.conf_level);
    let (lo, hi) = ci_headers(level);
    let mut t = Table::from_columns(
        "Reliability Statistics",
        rs,
        &[
            col("Construct", |r: &Reliability| Cell::text(&r.construct)),
            col("N of Items", |r: &Reliability| Cell::int(r.n_items)),
            col("N", |r: &Reliability| Cell::int(r.n_valid)),
            num("Cronbach's Alpha", 3, |r: &Reliability| Some(r.alpha)),
            num("Alpha Based on Standardized Items", 3, |r: &Reliability| {
                Some(r.std_alpha)
            }),
            num(lo.as_str(), 3, |r: &Reliability| Some(r.alpha_conf_low)),
            num(hi.as_str(), 3, |r: &Reliability| Some(r.alpha_conf_high)),
            num("Guttman's Lambda-6", 3, |r: &Reliability| Some(r.lambda6)),
            num("McDonald's Omega (total)", 3, |r: &Reliability| {
                r.omega_total
            }),
            num("Mean Inter-Item r", 3, |r: &Reliability| {
                Some(r.mean_inter_item_r)
            }),
        ],
    );
    t.notes.push("Cases with every item of the construct answered (listwise); reverse-keyed items reversed first. Interval for alpha by Feldt's F method; lambda-6 from squared multiple correlations, as psych's G6(smc); omega total from one principal-axis factor, as psych::omega(nfactors = 1, fm = \"pa\").".into());
    // SPSS's warning for a negative alpha.
    for r in rs.iter().filter(|r| r.alpha < 0.0) {
        t.notes.push(format!(
            "Warning ({}): Cronbach's alpha is negative ({:.3}) because the items' average covariance is negative. This violates reliability model assumptions: check the item coding, the reverse-keyed items and the missing codes.",
            r.construct, r.alpha
        ));
    }
    t
}

/// SPSS "Case Processing Summary" of RELIABILITY, one row per construct.
pub fn case_processing(rs: &[Reliability]) -> Table {
    let mut t = Table::new(
        "Case Processing Summary",
        &[
            "Construct",
            "Valid N",
            "Valid %",
            "Excluded N",
            "Excluded %",
            "Total N",
        ],
    );
    for r in rs {
        let total = r.n_valid + r.n_excluded;
        let pct = |k: usize| Some(100.0 * k as f64 / total.max(1) as f64);
        t.rows.push(vec![
            Cell::text(&r.construct),
            Cell::int(r.n_valid),
            Cell::num(pct(r.n_valid), 1),
            Cell::int(r.n_excluded),
            Cell::num(pct(r.n_excluded), 1),
            Cell::int(total),
        ]);
    }
    t.notes.push("Listwise deletion based on all items of the construct (SPSS RELIABILITY offers no other rule).".into());
    t
}

/// SPSS "Scale Statistics" of RELIABILITY (the sum of the items), one row per construct.
pub fn scale_statistics(rs: &[Reliability]) -> Table {
    Table::from_columns(
        "Scale Statistics",
        rs,
        &[
            col("Construct", |r: &Reliability| Cell::text(&r.construct)),
            num("Mean", 3, |r: &Reliability| Some(r.scale_mean)),
            num("Variance", 3, |r: &Reliability| Some(r.scale_variance)),
            num("Std. Deviation", 3, |r: &Reliability| {
                Some(r.scale_variance.sqrt())
            }),
            col("N of Items", |r: &Reliability| Cell::int(r.n_items)),
        ],
    )
}

/// SPSS "Item-Total Statistics" (with "Item Statistics") of one construct.
pub fn item_total(r: &Reliability, labels: &ItemLabels) -> Table {
    let mut t = Table::from_columns(
        format!("Item-Total Statistics — {}", r.construct),
        &r.items,
        &[
            col("Item", |i: &ItemTotal| Cell::item(&i.item, labels)),
            num("Mean", 3, |i: &ItemTotal| Some(i.mean)),
            num("Std. Deviation", 3, |i: &ItemTotal| Some(i.sd)),
            num("Scale Mean if Item Deleted", 3, |i: &ItemTotal| {
                Some(i.scale_mean_if_deleted)
            }),
            num("Scale Variance if Item Deleted", 3, |i: &ItemTotal| {
                Some(i.scale_variance_if_deleted)
            }),
            num("Corrected Item-Total Correlation", 3, |i: &ItemTotal| {
                Some(i.corrected_item_total_r)
            }),
            num("Squared Multiple Correlation", 3, |i: &ItemTotal| {
                Some(i.squared_multiple_r)
            }),
            num("Cronbach's Alpha if Item Deleted", 3, |i: &ItemTotal| {
                Some(i.alpha_if_deleted)
            }),
        ],
    );
    t.notes.push(format!(
        "N = {} complete cases ({} excluded). Scale: mean {:.3}, variance {:.3}, {} items.",
        r.n_valid, r.n_excluded, r.scale_mean, r.scale_variance, r.n_items
    ));
    t
}

/// SPSS's "KMO and Bartlett's Test", with each item's MSA.
pub fn adequacy(a: &Adequacy) -> Table {
    let mut t = Table::new("KMO and Bartlett's Test (all items)", &["", "Value"]);
    t.rows.push(vec![
        Cell::text("Kaiser-Meyer-Olkin Measure of Sampling Adequacy"),
        Cell::num(Some(a.kmo), 3),
    ]);
    t.rows.push(vec![
        Cell::text("Bartlett's Test of Sphericity: Approx. Chi-Square"),
        Cell::num(Some(a.bartlett_statistic), 3),
    ]);
    t.rows.push(vec![
        Cell::text("Bartlett's Test of Sphericity: df"),
        Cell::num(Some(a.bartlett_df), 0),
    ]);
    t.rows.push(vec![
        Cell::text("Bartlett's Test of Sphericity: Sig."),
        Cell::p(Some(a.bartlett_p_value)),
    ]);
    let low: Vec<String> = a
        .msa
        .iter()
        .filter(|(_, m)| *m < 0.6)
        .map(|(i, m)| format!("{i} ({m:.2})"))
        .collect();
    t.notes.push(format!(
        "{} complete cases. Per-item MSA ranges {:.3}-{:.3}{}; values in results.json (psych::KMO, cortest.bartlett).",
        a.n,
        a.msa.iter().map(|m| m.1).fold(f64::INFINITY, f64::min),
        a.msa.iter().map(|m| m.1).fold(f64::NEG_INFINITY, f64::max),
        if low.is_empty() { String::new() } else { format!("; below .6: {}", low.join(", ")) }
    ));
    t
}

/// At most this many flagged rows are listed per check.
pub const MAX_FLAGGED_LISTED: usize = 15;

/// The first `MAX_FLAGGED_LISTED` row numbers, then how many more.
fn listed(rows: &[usize]) -> String {
    let mut shown: Vec<String> = rows
        .iter()
        .take(MAX_FLAGGED_LISTED)
        .map(|r| r.to_string())
        .collect();
    if rows.len() > MAX_FLAGGED_LISTED {
        shown.push(format!("... ({} more)", rows.len() - MAX_FLAGGED_LISTED));
    }
    shown.join(", ")
}

/// "Data Quality Screening": each check, its rule and the rows it flags (never dropped).
pub fn screening(s: &crate::results::screening::Screening) -> Table {
    let mut t = Table::new(
        "Data Quality Screening",
        &["Check", "Rule", "Rows flagged", "Rows"],
    );
    for c in &s.checks {
        t.rows.push(vec![
            Cell::text(&c.check),
            Cell::text(&c.rule),
            Cell::int(c.rows.len()),
            Cell::text(listed(&c.rows)),
        ]);
    }
    let excluded: Vec<&str> = s
        .checks
        .iter()
        .filter(|c| c.excluded)
        .map(|c| c.check.as_str())
        .collect();
    if excluded.is_empty() {
        t.notes.push(format!("{} respondents screened. Flagged rows are reported, not dropped: decide and document any exclusion in the study file ([data] exclude, [data] filter). Row numbers count data rows (line number minus 1); every flagged row is in results.json.", s.respondents));
    } else {
        t.notes.push(format!("{} respondents screened. The rows flagged by {} were left out of every analysis ([data] exclude; the first row of a repeated id is kept); the other flags are reported, not acted on. Row numbers count data rows (line number minus 1); every flagged row is in results.json.", s.respondents, excluded.join(", ")));
    }
    t
}

/// "Rows Left Out": the filter, then each excluded screening check, with the rows each removed
/// that no earlier step had, and the rows left.
pub fn exclusions(e: &crate::results::screening::Exclusions) -> Table {
    let mut t = Table::new(
        "Rows Left Out Before Analysis",
        &["Step", "Rule", "Rows removed", "Rows left", "Rows"],
    );
    let mut left = e.rows_read;
    for s in &e.steps {
        left -= s.rows.len();
        t.rows.push(vec![
            Cell::text(&s.step),
            Cell::text(&s.rule),
            Cell::int(s.rows.len()),
            Cell::int(left),
            Cell::text(listed(&s.rows)),
        ]);
    }
    t.notes.push(format!(
        "{} data rows read, {} analysed. The filter keeps the rows that meet its condition (a comparison with a missing value is not met, as SPSS's SELECT IF); screening runs on the rows the filter keeps. Row numbers count data rows (line number minus 1).",
        e.rows_read, e.rows_kept
    ));
    t
}
