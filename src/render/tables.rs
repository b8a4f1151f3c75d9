//! The SPSS-layout tables of a study, built from results.

use super::table::{Cell, Table};
use crate::estimate::bootstrap::{PairsBootstrap, WildBootstrap};
use crate::results::{CorrelationMatrix, DataSummary, Descriptive, Diagnostics, ModelReport, Test};

/// "Model Summary": R, R Square, Adjusted R Square, Std. Error of the Estimate, Durbin-Watson.
pub fn model_summary(m: &ModelReport) -> Table {
    let g = &m.fit.glance;
    let mut t = Table::new(
        format!("Model Summary — {}", m.name),
        &[
            "Model",
            "R",
            "R Square",
            "Adjusted R Square",
            "Std. Error of the Estimate",
            "Durbin-Watson",
            "N",
        ],
    );
    t.rows.push(vec![
        Cell::text(&m.name),
        Cell::num(Some(g.r), 3),
        Cell::num(Some(g.r_squared), 3),
        Cell::num(Some(g.adj_r_squared), 3),
        Cell::num(Some(g.sigma), 5),
        Cell::num(Some(g.durbin_watson), 3),
        Cell::int(g.nobs),
    ]);
    t.notes.push(format!(
        "Predictors: {}. Dependent variable: {}.",
        predictors(m),
        m.outcome
    ));
    t.notes.push(format!(
        "Log-likelihood {:.3}, AIC {:.3}, BIC {:.3}.",
        g.log_lik, g.aic, g.bic
    ));
    t
}

fn predictors(m: &ModelReport) -> String {
    m.fit
        .tidy
        .iter()
        .map(|r| r.term.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// "ANOVA": sums of squares, df, mean squares, F and Sig. for regression, residual, total.
pub fn anova(m: &ModelReport) -> Table {
    let a = &m.fit.anova;
    let mut t = Table::new(
        format!("ANOVA — {}", m.name),
        &["Source", "Sum of Squares", "df", "Mean Square", "F", "Sig."],
    );
    t.rows.push(vec![
        Cell::text("Regression"),
        Cell::num(Some(a.regression.sum_sq), 3),
        Cell::int(a.regression.df),
        Cell::num(a.regression.mean_sq, 3),
        Cell::num(a.statistic, 3),
        Cell::p(a.p_value),
    ]);
    t.rows.push(vec![
        Cell::text("Residual"),
        Cell::num(Some(a.residual.sum_sq), 3),
        Cell::int(a.residual.df),
        Cell::num(a.residual.mean_sq, 3),
        Cell::text(""),
        Cell::text(""),
    ]);
    t.rows.push(vec![
        Cell::text("Total"),
        Cell::num(Some(a.total.sum_sq), 3),
        Cell::int(a.total.df),
        Cell::text(""),
        Cell::text(""),
        Cell::text(""),
    ]);
    t.notes.push(format!(
        "Dependent variable: {}. The F test is the classical one (as SPSS prints it).",
        m.outcome
    ));
    if a.uncentred {
        t.notes
            .push("No intercept: sums of squares are uncentred.".into());
    }
    if let Some(w) = &m.fit.glance.robust_wald {
        t.notes.push(format!(
            "Wald test of all slopes with {} covariance: F({}, {}) = {:.3}, p = {}.",
            m.fit.glance.cov_type,
            w.df1,
            w.df2,
            w.statistic,
            Cell::p(Some(w.p_value)).text
        ));
    }
    t
}

/// "Coefficients": B, Std. Error, Beta, t, Sig., CI, Tolerance, VIF; the covariance under it.
pub fn coefficients(m: &ModelReport) -> Table {
    let level = (m.fit.glance.conf_level * 100.0).round();
    let lo = format!("{level}% CI Lower");
    let hi = format!("{level}% CI Upper");
    let mut t = Table::new(
        format!("Coefficients — {}", m.name),
        &[
            "Term",
            "B",
            "Std. Error",
            "Beta",
            "t",
            "Sig.",
            &lo,
            &hi,
            "Tolerance",
            "VIF",
        ],
    );
    for r in &m.fit.tidy {
        t.rows.push(vec![
            Cell::text(&r.term),
            Cell::num(r.estimate, 3),
            Cell::num(r.std_error, 3),
            Cell::num(r.std_estimate, 3),
            Cell::num(r.statistic, 3),
            Cell::p(r.p_value),
            Cell::num(r.conf_low, 3),
            Cell::num(r.conf_high, 3),
            Cell::num(r.tolerance, 3),
            Cell::num(r.vif, 3),
        ]);
    }
    t.notes.push(format!(
        "Dependent variable: {}. {}",
        m.outcome, m.fit.covariance.description
    ));
    t.notes.extend(m.fit.notes.iter().cloned());
    t
}

/// Rows read, used and dropped, with the variables rows were missing on.
pub fn sample(m: &ModelReport) -> Table {
    let s = &m.sample;
    let mut t = Table::new(format!("Case Processing — {}", m.name), &["", "N"]);
    t.rows
        .push(vec![Cell::text("Rows read"), Cell::int(s.rows_read)]);
    t.rows
        .push(vec![Cell::text("Rows used"), Cell::int(s.rows_used)]);
    t.rows.push(vec![
        Cell::text("Rows dropped (listwise)"),
        Cell::int(s.rows_dropped),
    ]);
    for v in &s.missing_by_variable {
        if v.count > 0 {
            t.rows.push(vec![
                Cell::text(format!("  missing on {}", v.variable)),
                Cell::int(v.count),
            ]);
        }
    }
    t.notes.push("A dropped row may be missing on several variables, so the per-variable counts can sum to more than the rows dropped.".into());
    t
}

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
            Cell::text(&i.item),
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
    let mut t = Table::new(
        "Construct Descriptives",
        &[
            "Construct",
            "Label",
            "中文",
            "Items",
            "N",
            "Mean",
            "Std. Deviation",
            "Minimum",
            "Maximum",
        ],
    );
    for d in ds {
        t.rows.push(vec![
            Cell::text(&d.variable),
            Cell::text(d.label.clone().unwrap_or_default()),
            Cell::text(d.label_zh.clone().unwrap_or_default()),
            Cell::int(d.n_items.unwrap_or(0)),
            Cell::int(d.n),
            Cell::num(d.mean, 3),
            Cell::num(d.sd, 3),
            Cell::num(d.min, 3),
            Cell::num(d.max, 3),
        ]);
    }
    t.notes.push(
        "Scores are item means after reverse-keying (reversed value = min + max - x).".into(),
    );
    t
}

/// Correlation matrix, lower triangle, with significance stars.
pub fn correlations(c: &CorrelationMatrix) -> Table {
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
    t.notes.push(
        "Pairwise-complete observations. * p < .05, ** p < .01, *** p < .001 (two-sided).".into(),
    );
    t
}

/// SPSS's "Collinearity Diagnostics": eigenvalue, condition index, variance proportions.
pub fn collinearity(m: &ModelReport, d: &Diagnostics) -> Table {
    let c = &d.collinearity;
    let mut cols: Vec<&str> = vec!["Dimension", "Eigenvalue", "Condition Index"];
    cols.extend(c.terms.iter().map(String::as_str));
    let mut t = Table::new(format!("Collinearity Diagnostics — {}", m.name), &cols);
    for (k, l) in c.eigenvalues.iter().enumerate() {
        let mut row = vec![
            Cell::int(k + 1),
            Cell::num(Some(*l), 3),
            Cell::num(Some(c.condition_index[k]), 3),
        ];
        row.extend(
            c.variance_proportions[k]
                .iter()
                .map(|p| Cell::num(Some(*p), 2)),
        );
        t.rows.push(row);
    }
    t.notes.push("Eigen-analysis of the cross-products of the design with columns scaled to unit length (intercept included, uncentred), as SPSS prints it. Columns: variance proportions. Condition indices above 30 with two or more large proportions on the same dimension signal harmful collinearity.".into());
    t
}

/// Zero-order, partial and part correlations of each term.
pub fn term_correlations(m: &ModelReport, d: &Diagnostics) -> Table {
    let mut t = Table::new(
        format!("Correlations — {}", m.name),
        &["Term", "Zero-order", "Partial", "Part"],
    );
    for c in &d.correlations {
        t.rows.push(vec![
            Cell::text(&c.term),
            Cell::num(Some(c.zero_order), 3),
            Cell::num(Some(c.partial), 3),
            Cell::num(Some(c.part), 3),
        ]);
    }
    t.notes.push(format!("Zero-order: Pearson r with {}; partial and part (semi-partial) correlations from the classical t statistics.", m.outcome));
    t
}

/// Heteroskedasticity and normality tests of the residuals.
pub fn residual_tests(m: &ModelReport, d: &Diagnostics) -> Table {
    let mut t = Table::new(
        format!("Residual Tests — {}", m.name),
        &["Test", "Statistic", "df", "Sig."],
    );
    let mut add = |name: &str, test: &Option<Test>| match test {
        Some(x) => t.rows.push(vec![
            Cell::text(name),
            Cell::num(Some(x.statistic), 4),
            x.df.map_or(Cell::text(""), |v| Cell::num(Some(v), 0)),
            Cell::p(Some(x.p_value)),
        ]),
        None => t.rows.push(vec![
            Cell::text(name),
            Cell::text("not computed"),
            Cell::text(""),
            Cell::text(""),
        ]),
    };
    add("Breusch-Pagan (Koenker, studentized)", &d.breusch_pagan);
    add("Breusch-Pagan (original)", &d.breusch_pagan_original);
    add("White (levels, squares, cross-products)", &d.white);
    add("Jarque-Bera", &d.jarque_bera);
    add("Shapiro-Wilk W", &d.shapiro_wilk);
    t.notes.push("Heteroskedasticity tests are chi-square tests of the squared residuals on the regressors (R lmtest::bptest); Shapiro-Wilk follows R's shapiro.test (AS R94) and is computed for 3 to 5000 residuals.".into());
    t
}

/// At most this many influential cases are listed (largest Cook's distance first).
pub const MAX_INFLUENTIAL_ROWS: usize = 20;

/// Cases beyond the usual influence cut-offs.
pub fn influential(m: &ModelReport, d: &Diagnostics) -> Table {
    let c = &d.influence_cutoffs;
    let mut t = Table::new(
        format!("Influential Cases — {}", m.name),
        &[
            "Row",
            "Leverage",
            "Studentized residual",
            "Cook's D",
            "DFFITS",
            "Exceeds",
        ],
    );
    let mut cases: Vec<_> = d.influential.iter().collect();
    cases.sort_by(|a, b| b.cooks_d.total_cmp(&a.cooks_d).then(a.row.cmp(&b.row)));
    for x in cases.iter().take(MAX_INFLUENTIAL_ROWS) {
        t.rows.push(vec![
            Cell::int(x.row),
            Cell::num(Some(x.hat), 4),
            Cell::num(Some(x.rstudent), 3),
            Cell::num(Some(x.cooks_d), 4),
            Cell::num(Some(x.dffits), 3),
            Cell::text(x.flags.join(", ")),
        ]);
    }
    t.notes.push(format!(
        "{} of {} cases exceed at least one cut-off: leverage > 2k/n = {:.4}, |studentized residual| > {}, Cook's D > 4/n = {:.4}, |DFFITS| > 2 sqrt(k/n) = {:.4}{}. Every case's values are in tables/{}_augment.csv.",
        d.influential.len(),
        m.fit.glance.nobs,
        c.leverage,
        c.rstudent,
        c.cooks_d,
        c.dffits,
        if d.influential.len() > MAX_INFLUENTIAL_ROWS { format!("; the {MAX_INFLUENTIAL_ROWS} with the largest Cook's D are listed") } else { String::new() },
        m.name
    ));
    t
}

/// Wild cluster bootstrap p-values and intervals.
pub fn wild_bootstrap(m: &ModelReport, w: &WildBootstrap) -> Table {
    let level = (w.conf_level * 100.0).round();
    let lo = format!("{level}% CI Lower");
    let hi = format!("{level}% CI Upper");
    let mut t = Table::new(
        format!("Wild Cluster Bootstrap — {}", m.name),
        &["Term", "t (CR1)", "Bootstrap Sig.", &lo, &hi],
    );
    for x in &w.terms {
        t.rows.push(vec![
            Cell::text(&x.term),
            Cell::num(Some(x.statistic), 3),
            Cell::p(Some(x.p_value)),
            Cell::num(x.conf_low, 3),
            Cell::num(x.conf_high, 3),
        ]);
    }
    t.notes.push(format!(
        "Restricted wild cluster bootstrap (WCR; Cameron, Gelbach and Miller 2008) of H0: coefficient = 0 with {} weights over {} clusters: {}. Intervals by test inversion. Seed {}.",
        w.weights,
        w.clusters,
        if w.enumerated { format!("all {} sign vectors enumerated (exact)", w.reps) } else { format!("{} replications", w.reps) },
        w.seed
    ));
    t
}

/// Pairs cluster bootstrap of standardized coefficients and R2.
pub fn pairs_bootstrap(m: &ModelReport, p: &PairsBootstrap) -> Table {
    let level = (p.conf_level * 100.0).round();
    let lo = format!("{level}% CI Lower");
    let hi = format!("{level}% CI Upper");
    let mut t = Table::new(
        format!("Cluster Bootstrap of Beta and R Square — {}", m.name),
        &["Quantity", "Estimate", "Bootstrap SE", &lo, &hi],
    );
    for x in p.std_estimates.iter().chain(std::iter::once(&p.r_squared)) {
        let name = if x.term == "R2" {
            "R Square".to_string()
        } else {
            format!("Beta: {}", x.term)
        };
        t.rows.push(vec![
            Cell::text(name),
            Cell::num(Some(x.estimate), 3),
            Cell::num(Some(x.std_error), 3),
            Cell::num(Some(x.conf_low), 3),
            Cell::num(Some(x.conf_high), 3),
        ]);
    }
    t.notes.push(format!("Whole clusters resampled with replacement, {} replications, percentile intervals. Seed {}.", p.reps, p.seed));
    t
}

/// Every table of a model, with the file stem each is saved under, in report order.
pub fn model_tables_named(m: &ModelReport) -> Vec<(&'static str, Table)> {
    let mut out = vec![
        ("sample", sample(m)),
        ("model_summary", model_summary(m)),
        ("anova", anova(m)),
        ("coefficients", coefficients(m)),
    ];
    if let Some(d) = &m.fit.diagnostics {
        out.extend([
            ("correlations", term_correlations(m, d)),
            ("collinearity", collinearity(m, d)),
            ("residual_tests", residual_tests(m, d)),
            ("influential", influential(m, d)),
        ]);
    }
    if let Some(w) = &m.fit.wild_bootstrap {
        out.push(("wild_bootstrap", wild_bootstrap(m, w)));
    }
    if let Some(p) = &m.fit.pairs_bootstrap {
        out.push(("pairs_bootstrap", pairs_bootstrap(m, p)));
    }
    out
}

/// Every table of a model, in report order.
pub fn model_tables(m: &ModelReport) -> Vec<Table> {
    model_tables_named(m).into_iter().map(|(_, t)| t).collect()
}
