//! Tables of the factor analyses: SPSS FACTOR's layout for the EFA (Total Variance
//! Explained, Communalities, Pattern/Rotated Factor Matrix sorted and blanked, Factor
//! Correlation Matrix, parallel analysis) and the CFA/validity tables journals ask for.

use super::table::{Cell, Table, col, num, pval};
use crate::results::ItemLabels;
use crate::results::measurement::{CfaLoading, CfaReport, EfaReport};

/// "Total Variance Explained".
pub fn variance_explained(e: &EfaReport) -> Table {
    let p = e.items.len() as f64;
    let oblique = e.factor_correlations.is_some();
    let mut cols = vec![
        "Factor",
        "Initial Total",
        "Initial % of Variance",
        "Initial Cumulative %",
        "Extraction SS Loadings",
        "Extraction % of Variance",
        "Extraction Cumulative %",
        "Rotation SS Loadings",
    ];
    if !oblique {
        cols.extend(["Rotation % of Variance", "Rotation Cumulative %"]);
    }
    let mut t = Table::new("Total Variance Explained", &cols);
    let (mut c0, mut c1, mut c2) = (0.0, 0.0, 0.0);
    for (j, &ev) in e.eigenvalues.iter().enumerate() {
        c0 += 100.0 * ev / p;
        let mut row = vec![
            Cell::int(j + 1),
            Cell::num(Some(ev), 3),
            Cell::num(Some(100.0 * ev / p), 2),
            Cell::num(Some(c0), 2),
        ];
        if j < e.nfactors {
            let x = e.ss_extraction[j];
            c1 += 100.0 * x / p;
            row.extend([
                Cell::num(Some(x), 3),
                Cell::num(Some(100.0 * x / p), 2),
                Cell::num(Some(c1), 2),
            ]);
            let r = e.ss_rotation[j];
            row.push(Cell::num(Some(r), 3));
            if !oblique {
                c2 += 100.0 * r / p;
                row.extend([Cell::num(Some(100.0 * r / p), 2), Cell::num(Some(c2), 2)]);
            }
        } else {
            row.extend((0..if oblique { 4 } else { 6 }).map(|_| Cell::text("")));
        }
        t.rows.push(row);
    }
    t.notes.push(format!(
        "Extraction: {}; rotation: {}; {} cases ({}). {}",
        e.extraction, e.rotation, e.n, e.missing, e.factor_rule
    ));
    if oblique {
        t.notes.push("With an oblique rotation the factors correlate, so their sums of squared loadings cannot be added to a total variance (as SPSS notes).".into());
    }
    if !e.converged {
        t.notes.push(format!(
            "Warning: the extraction or rotation did not converge ({} iterations).",
            e.iterations
        ));
    }
    t
}

/// "Communalities".
pub fn communalities(e: &EfaReport, labels: &ItemLabels) -> Table {
    let mut t = Table::new("Communalities", &["Item", "Initial", "Extraction"]);
    for (i, it) in e.items.iter().enumerate() {
        t.rows.push(vec![
            Cell::item(it, labels),
            Cell::num(Some(e.communalities_initial[i]), 3),
            Cell::num(Some(e.communalities[i]), 3),
        ]);
    }
    t.notes.push(format!("Extraction: {}.", e.extraction));
    t
}

/// Pattern (oblique) or Rotated Factor Matrix, items sorted by their largest loading and
/// loadings below the threshold blanked, as SPSS's FORMAT SORT BLANK(.30).
pub fn loadings(e: &EfaReport, labels: &ItemLabels) -> Table {
    let k = e.nfactors;
    let title = if e.factor_correlations.is_some() {
        "Pattern Matrix"
    } else if e.rotation == "none" {
        "Factor Matrix"
    } else {
        "Rotated Factor Matrix"
    };
    let heads: Vec<String> = std::iter::once("Item".to_string())
        .chain((1..=k).map(|j| format!("Factor {j}")))
        .chain(std::iter::once("h²".to_string()))
        .collect();
    let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
    let mut t = Table::new(title, &refs);
    let main = |i: usize| {
        (0..k)
            .max_by(|&a, &b| e.loadings[i][a].abs().total_cmp(&e.loadings[i][b].abs()))
            .unwrap_or(0)
    };
    let mut order: Vec<usize> = (0..e.items.len()).collect();
    order.sort_by(|&a, &b| {
        main(a).cmp(&main(b)).then(
            e.loadings[b][main(b)]
                .abs()
                .total_cmp(&e.loadings[a][main(a)].abs()),
        )
    });
    for i in order {
        let mut row = vec![Cell::item(&e.items[i], labels)];
        for j in 0..k {
            let v = e.loadings[i][j];
            row.push(if v.abs() < e.blank_below {
                Cell {
                    text: String::new(),
                    raw: format!("{v}"),
                    numeric: true,
                }
            } else {
                Cell::num(Some(v), 3)
            });
        }
        row.push(Cell::num(Some(e.communalities[i]), 3));
        t.rows.push(row);
    }
    t.notes.push(format!(
        "Extraction: {}; rotation: {}. Items sorted by their largest loading; loadings below {:.2} in absolute value are blank (the CSV keeps them).",
        e.extraction, e.rotation, e.blank_below
    ));
    t
}

/// "Factor Correlation Matrix" of an oblique rotation.
pub fn factor_correlations(e: &EfaReport) -> Option<Table> {
    let phi = e.factor_correlations.as_ref()?;
    let k = phi.len();
    let heads: Vec<String> = std::iter::once("Factor".to_string())
        .chain((1..=k).map(|j| j.to_string()))
        .collect();
    let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
    let mut t = Table::new("Factor Correlation Matrix", &refs);
    for (a, row) in phi.iter().enumerate() {
        let mut r = vec![Cell::int(a + 1)];
        r.extend(row.iter().map(|v| Cell::num(Some(*v), 3)));
        t.rows.push(r);
    }
    t.notes.push(format!("Rotation: {}.", e.rotation));
    Some(t)
}

/// Parallel analysis beside the observed eigenvalues.
pub fn parallel(e: &EfaReport) -> Table {
    let mut t = Table::new(
        "Parallel analysis",
        &[
            "Factor",
            "Observed eigenvalue",
            "Random mean",
            "Random 95th percentile",
            "Retain",
        ],
    );
    let shown = (e.nfactors.max(e.parallel.suggested) + 3).min(e.eigenvalues.len());
    for j in 0..shown {
        t.rows.push(vec![
            Cell::int(j + 1),
            Cell::num(Some(e.eigenvalues[j]), 3),
            Cell::num(Some(e.parallel.mean[j]), 3),
            Cell::num(Some(e.parallel.p95[j]), 3),
            Cell::text(if j < e.parallel.suggested { "yes" } else { "" }),
        ]);
    }
    t.notes.push(format!(
        "Eigenvalues of the correlation matrices of {} samples of {} independent normal variables with n = {} (seed {}); parallel analysis retains {} factor(s), Kaiser's eigenvalue > 1 rule {}.",
        e.parallel.samples,
        e.items.len(),
        e.n,
        e.parallel.seed,
        e.parallel.suggested,
        e.kaiser
    ));
    t
}

fn label(constructs: &[(String, String)], key: &str) -> String {
    constructs
        .iter()
        .find(|(k, _)| k == key)
        .map_or(key.to_string(), |(_, l)| l.clone())
}

/// CFA: standardized loadings with SEs.
pub fn cfa_loadings(c: &CfaReport, labels: &[(String, String)], items: &ItemLabels) -> Table {
    let mut t = Table::from_columns(
        "Confirmatory factor analysis: standardized loadings",
        &c.loadings,
        &[
            col("Construct", |l: &CfaLoading| {
                Cell::text(label(labels, &l.construct))
            }),
            col("Item", |l: &CfaLoading| Cell::item(&l.item, items)),
            num("Std. loading", 3, |l: &CfaLoading| Some(l.std_estimate)),
            num("Std. Error", 3, |l: &CfaLoading| Some(l.std_error)),
            num("z", 2, |l: &CfaLoading| Some(l.statistic)),
            pval("Sig.", |l: &CfaLoading| Some(l.p_value)),
            num("Unstandardized", 3, |l: &CfaLoading| Some(l.estimate)),
            num("Residual variance (std.)", 3, |l: &CfaLoading| {
                Some(l.std_residual_variance)
            }),
        ],
    );
    t.notes.extend(c.notes.iter().take(1).cloned());
    t
}

/// CFA: fit indices.
pub fn cfa_fit(c: &CfaReport) -> Table {
    let f = &c.fit;
    let mut t = Table::new(
        "Confirmatory factor analysis: model fit",
        &["Index", "Value", "Usual benchmark"],
    );
    for (k, v, dp, b) in [
        ("χ²", f.chi_square, 2, ""),
        ("df", f.df, 0, ""),
        ("p", f.p_value, 3, "> .05 (rarely met with large n)"),
        ("χ²/df", f.chi_square / f.df, 2, "< 3 (< 5 acceptable)"),
        ("CFI", f.cfi, 3, ">= .90 acceptable, >= .95 good"),
        ("TLI", f.tli, 3, ">= .90 acceptable, >= .95 good"),
        ("RMSEA", f.rmsea, 3, "<= .08 acceptable, <= .05 good"),
        ("RMSEA 90% CI lower", f.rmsea_low, 3, ""),
        ("RMSEA 90% CI upper", f.rmsea_high, 3, ""),
        ("SRMR", f.srmr, 3, "<= .08"),
    ] {
        t.rows.push(vec![
            Cell::text(k),
            if k == "p" {
                Cell::p(Some(v))
            } else {
                Cell::num(Some(v), dp)
            },
            Cell::text(b),
        ]);
    }
    t.notes.push(format!(
        "n = {}; baseline (independence) model χ² = {:.2} on {} df. Definitions as lavaan: χ² = N·F_ML, RMSEA = sqrt(max(χ² - df, 0)/(N·df)), SRMR from residuals standardized by the observed SDs.",
        c.n, f.baseline_chi_square, f.baseline_df
    ));
    // Benchmarks of validity, and any improper solution (Heywood case), under the fit.
    t.notes.extend(c.notes.iter().skip(1).cloned());
    t
}

/// Convergent validity and the Fornell-Larcker table in one: CR, AVE, MSV, and the construct
/// correlations with sqrt(AVE) on the diagonal.
pub fn validity(c: &CfaReport, labels: &[(String, String)]) -> Table {
    let k = c.constructs.len();
    let mut heads = vec![
        "Construct".to_string(),
        "CR".into(),
        "AVE".into(),
        "MSV".into(),
    ];
    heads.extend((1..=k).map(|j| j.to_string()));
    let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
    let mut t = Table::new(
        "Convergent and discriminant validity (Fornell-Larcker)",
        &refs,
    );
    for (a, v) in c.validity.iter().enumerate() {
        let mut row = vec![
            Cell::text(format!("{}. {}", a + 1, label(labels, &v.construct))),
            Cell::num(Some(v.composite_reliability), 3),
            Cell::num(Some(v.ave), 3),
            Cell::num(Some(v.max_shared_variance), 3),
        ];
        for b in 0..k {
            row.push(if b > a {
                Cell::text("")
            } else if b == a {
                Cell {
                    text: format!("({:.3})", v.sqrt_ave),
                    raw: format!("{}", v.sqrt_ave),
                    numeric: true,
                }
            } else {
                Cell::num(Some(c.factor_correlations[a][b]), 3)
            });
        }
        t.rows.push(row);
    }
    t.notes.push("CR = (Σλ)²/((Σλ)² + Σ(1-λ²)), AVE = mean λ² of the standardized loadings; MSV = the largest squared correlation with another construct. Diagonal (in parentheses): sqrt(AVE); below it, the CFA's construct correlations. Discriminant validity holds when each sqrt(AVE) exceeds the correlations in its row and column (and AVE > MSV).".into());
    t
}

/// HTMT ratios.
pub fn htmt(c: &CfaReport, labels: &[(String, String)]) -> Table {
    let k = c.constructs.len();
    let mut heads = vec!["Construct".to_string()];
    heads.extend((1..=k).map(|j| j.to_string()));
    let refs: Vec<&str> = heads.iter().map(String::as_str).collect();
    let mut t = Table::new("Heterotrait-monotrait ratios (HTMT)", &refs);
    for a in 0..k {
        let mut row = vec![Cell::text(format!(
            "{}. {}",
            a + 1,
            label(labels, &c.constructs[a])
        ))];
        for b in 0..k {
            row.push(if b >= a {
                Cell::text("")
            } else {
                Cell::num(Some(c.htmt[a][b]), 3)
            });
        }
        t.rows.push(row);
    }
    let over: Vec<String> = (0..k)
        .flat_map(|a| (0..a).map(move |b| (a, b)))
        .filter(|&(a, b)| c.htmt[a][b] >= 0.85)
        .map(|(a, b)| format!("{}-{}", b + 1, a + 1))
        .collect();
    t.notes.push(format!(
        "HTMT from the item correlations (absolute values; Henseler, Ringle & Sarstedt 2015); below 0.85 supports discriminant validity. {}",
        if over.is_empty() { "All pairs are below 0.85.".to_string() } else { format!("At or above 0.85: {}.", over.join(", ")) }
    ));
    t
}
