//! Tables of one regression model (SPSS REGRESSION layout: Model Summary, ANOVA,
//! Coefficients, the sample, the bootstraps) and of models side by side and compared.

use super::ci_headers;
use super::diagnostics::{
    collinearity, influential, residual_tests, simple_slopes, term_correlations,
};
use super::selection::selection_tables;
use super::table::{Cell, Table, col, num, pval};
use crate::results::regression::{
    BootInterval, PairsBootstrap, TermDifference, WildBootstrap, WildTerm,
};
use crate::results::{Anova, Comparison, ModelReport, SideBySideSpec, TidyRow};

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
    t.notes
        .push(format!("Standard errors: {}", m.fit.covariance.description));
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

/// The three rows of an SPSS ANOVA table: Regression (with F and Sig.), Residual, Total.
pub fn anova_rows(a: &Anova) -> Vec<Vec<Cell>> {
    let blank = || Cell::text("");
    vec![
        vec![
            Cell::text("Regression"),
            Cell::num(Some(a.regression.sum_sq), 3),
            Cell::int(a.regression.df),
            Cell::num(a.regression.mean_sq, 3),
            Cell::num(a.statistic, 3),
            Cell::p(a.p_value),
        ],
        vec![
            Cell::text("Residual"),
            Cell::num(Some(a.residual.sum_sq), 3),
            Cell::int(a.residual.df),
            Cell::num(a.residual.mean_sq, 3),
            blank(),
            blank(),
        ],
        vec![
            Cell::text("Total"),
            Cell::num(Some(a.total.sum_sq), 3),
            Cell::int(a.total.df),
            blank(),
            blank(),
            blank(),
        ],
    ]
}

/// "ANOVA": sums of squares, df, mean squares, F and Sig. for regression, residual, total.
pub fn anova(m: &ModelReport) -> Table {
    let a = &m.fit.anova;
    let mut t = Table::new(
        format!("ANOVA — {}", m.name),
        &["Source", "Sum of Squares", "df", "Mean Square", "F", "Sig."],
    );
    t.rows = anova_rows(a);
    t.notes.push(format!(
        "Dependent variable: {}. The F test is the classical one (as SPSS prints it).",
        m.outcome
    ));
    if a.uncentred {
        t.notes
            .push("No intercept: sums of squares are uncentred.".into());
    }
    if let Some(w) = &m.fit.glance.robust_wald {
        t.notes.push(match (w.statistic, w.p_value) {
            (Some(f), Some(p)) => format!(
                "Wald test of all slopes with {} covariance: F({}, {}) = {:.3}, {}{}.",
                m.fit.glance.cov_type,
                w.df1,
                w.df2,
                f,
                Cell::p_phrase(p),
                w.note
                    .as_ref()
                    .map(|n| format!("; {n}"))
                    .unwrap_or_default()
            ),
            _ => format!(
                "Wald test of all slopes with {} covariance: {}.",
                m.fit.glance.cov_type,
                w.note.as_deref().unwrap_or("not computable")
            ),
        });
    }
    t
}

/// "Coefficients": B, Std. Error, Beta, t, Sig., CI, Tolerance, VIF; the covariance under it.
pub fn coefficients(m: &ModelReport) -> Table {
    let (lo, hi) = ci_headers(m.fit.glance.conf_level);
    let mut t = Table::from_columns(
        format!("Coefficients — {}", m.name),
        &m.fit.tidy,
        &[
            col("Term", |r: &TidyRow| Cell::text(&r.term)),
            num("B", 3, |r: &TidyRow| r.estimate),
            num("Std. Error", 3, |r: &TidyRow| r.std_error),
            num("Beta", 3, |r: &TidyRow| r.std_estimate),
            num("t", 3, |r: &TidyRow| r.statistic),
            pval("Sig.", |r: &TidyRow| r.p_value),
            num(lo, 3, |r: &TidyRow| r.conf_low),
            num(hi, 3, |r: &TidyRow| r.conf_high),
            num("Tolerance", 3, |r: &TidyRow| r.tolerance),
            num("VIF", 3, |r: &TidyRow| r.vif),
        ],
    );
    t.notes.push(format!(
        "Dependent variable: {}. {}",
        m.outcome, m.fit.covariance.description
    ));
    if !m.reference_levels.is_empty() {
        t.notes.push(format!(
            "Reference levels (each C() term is the difference from it): {}.",
            m.reference_levels
                .iter()
                .map(|r| format!("{} = {}", r.variable, r.level))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
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

/// Wild cluster bootstrap p-values and intervals.
pub fn wild_bootstrap(m: &ModelReport, w: &WildBootstrap) -> Table {
    let (lo, hi) = ci_headers(w.conf_level);
    let mut t = Table::from_columns(
        format!("Wild Cluster Bootstrap — {}", m.name),
        &w.terms,
        &[
            col("Term", |x: &WildTerm| Cell::text(&x.term)),
            num("t (CR1)", 3, |x: &WildTerm| Some(x.statistic)),
            pval("Bootstrap Sig.", |x: &WildTerm| Some(x.p_value)),
            col(lo, |x: &WildTerm| match (x.conf_low, &x.interval_note) {
                (None, Some(_)) => Cell::text("−∞"),
                (v, _) => Cell::num(v, 3),
            }),
            col(hi, |x: &WildTerm| match (x.conf_high, &x.interval_note) {
                (None, Some(_)) => Cell::text("+∞"),
                (v, _) => Cell::num(v, 3),
            }),
        ],
    );
    t.notes.push(format!(
        "Restricted wild cluster bootstrap (WCR; Cameron, Gelbach and Miller 2008) of H0: coefficient = 0 with {} weights over {} clusters: {}. Intervals by test inversion. Seed {}.",
        w.weights,
        w.clusters,
        if w.enumerated { format!("all {} sign vectors enumerated (exact)", w.reps) } else { format!("{} replications", w.reps) },
        w.seed
    ));
    let mut said: Vec<&str> = Vec::new();
    for x in &w.terms {
        if let Some(n) = x.interval_note.as_deref().filter(|n| !said.contains(n)) {
            said.push(n);
            t.notes.push(format!("Interval {n}."));
        }
    }
    t
}

/// Pairs cluster bootstrap of standardized coefficients and R2.
pub fn pairs_bootstrap(m: &ModelReport, p: &PairsBootstrap) -> Table {
    let (lo, hi) = ci_headers(p.conf_level);
    let mut t = Table::from_columns(
        format!("Cluster Bootstrap of Beta and R Square — {}", m.name),
        p.std_estimates.iter().chain(std::iter::once(&p.r_squared)),
        &[
            col("Quantity", |x: &BootInterval| {
                Cell::text(if x.term == "R2" {
                    "R Square".to_string()
                } else {
                    format!("Beta: {}", x.term)
                })
            }),
            num("Estimate", 3, |x: &BootInterval| Some(x.estimate)),
            num("Bootstrap SE", 3, |x: &BootInterval| Some(x.std_error)),
            num(lo, 3, |x: &BootInterval| Some(x.conf_low)),
            num(hi, 3, |x: &BootInterval| Some(x.conf_high)),
        ],
    );
    t.notes.push(format!("Whole clusters resampled with replacement, {} replications, percentile intervals. Seed {}.", p.reps, p.seed));
    if let Some(g) = m
        .fit
        .covariance
        .clusters
        .filter(|&g| g < crate::results::FEW_CLUSTERS)
    {
        t.notes.push(format!(
            "Only {g} clusters: percentile intervals from resampling so few clusters are unreliable (often too narrow); for tests use the wild cluster bootstrap."
        ));
    }
    t
}

/// Every table of a model, with the file stem each is saved under, in report order.
/// `row_tables` says how the model's per-respondent table is written (its notes name it).
pub fn model_tables_named(
    m: &ModelReport,
    row_tables: crate::results::RowTables,
) -> Vec<(&'static str, Table)> {
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
            ("influential", influential(m, d, row_tables)),
        ]);
    }
    if let Some(w) = &m.fit.wild_bootstrap {
        out.push(("wild_bootstrap", wild_bootstrap(m, w)));
    }
    if let Some(p) = &m.fit.pairs_bootstrap {
        out.push(("pairs_bootstrap", pairs_bootstrap(m, p)));
    }
    if let Some(s) = &m.selection {
        out.extend(selection_tables(m, s));
    }
    if !m.simple_slopes.is_empty() {
        out.push(("simple_slopes", simple_slopes(m)));
    }
    out
}

/// Every table of a model, in report order.
pub fn model_tables(m: &ModelReport) -> Vec<Table> {
    model_tables_named(m, Default::default())
        .into_iter()
        .map(|(_, t)| t)
        .collect()
}

/// Significance stars: * p < .05, ** p < .01, *** p < .001.
fn stars(p: Option<f64>) -> &'static str {
    match p {
        Some(p) if p < 0.001 => "***",
        Some(p) if p < 0.01 => "**",
        Some(p) if p < 0.05 => "*",
        _ => "",
    }
}

/// Several models side by side: estimates with stars and SEs in parentheses below.
pub fn side_by_side(spec: &SideBySideSpec, models: &[&ModelReport]) -> Table {
    let mut cols: Vec<String> = vec![String::new()];
    cols.extend(
        models
            .iter()
            .map(|m| m.title.clone().unwrap_or_else(|| m.name.clone())),
    );
    let col_refs: Vec<&str> = cols.iter().map(String::as_str).collect();
    let mut t = Table::new(
        spec.title
            .clone()
            .unwrap_or_else(|| format!("Models side by side: {}", spec.models.join(", "))),
        &col_refs,
    );
    let mut terms: Vec<String> = Vec::new();
    for m in models {
        for r in &m.fit.tidy {
            if (!spec.standardized || r.std_estimate.is_some()) && !terms.contains(&r.term) {
                terms.push(r.term.clone());
            }
        }
    }
    for term in &terms {
        let mut est = vec![Cell::text(term)];
        let mut se = vec![Cell::text("")];
        for m in models {
            match m.fit.tidy.iter().find(|r| r.term == *term) {
                Some(r) => {
                    let (v, s) = if spec.standardized {
                        let k = r.std_estimate.zip(r.estimate).map(|(b, e)| b / e);
                        (r.std_estimate, r.std_error.zip(k).map(|(s, k)| s * k.abs()))
                    } else {
                        (r.estimate, r.std_error)
                    };
                    let mut c = Cell::num(v, 3);
                    c.text.push_str(stars(r.p_value));
                    est.push(c);
                    let mut sc = Cell::num(s, 3);
                    sc.text = format!("({})", sc.text);
                    se.push(sc);
                }
                None => {
                    est.push(Cell::text(""));
                    se.push(Cell::text(""));
                }
            }
        }
        t.rows.push(est);
        t.rows.push(se);
    }
    let bottom = |name: &str, f: &dyn Fn(&ModelReport) -> Cell| -> Vec<Cell> {
        let mut row = vec![Cell::text(name)];
        row.extend(models.iter().map(|m| f(m)));
        row
    };
    t.rows.push(bottom("N", &|m| Cell::int(m.fit.glance.nobs)));
    t.rows.push(bottom("R Square", &|m| {
        Cell::num(Some(m.fit.glance.r_squared), 3)
    }));
    t.rows.push(bottom("Adjusted R Square", &|m| {
        Cell::num(Some(m.fit.glance.adj_r_squared), 3)
    }));
    t.rows.push(bottom("F", &|m| {
        let mut c = Cell::num(m.fit.glance.statistic, 2);
        c.text.push_str(stars(m.fit.glance.p_value));
        c
    }));
    let se_types: Vec<String> = models
        .iter()
        .map(|m| format!("{}: {}", m.name, m.fit.glance.cov_type))
        .collect();
    t.notes.push(format!(
        "{} with standard errors in parentheses ({}); * p < .05, ** p < .01, *** p < .001 from each model's own tests. F is the classical overall test.",
        if spec.standardized { "Standardized coefficients (Beta)" } else { "Unstandardized coefficients (B)" },
        se_types.join("; ")
    ));
    t
}

/// Equality tests of two models' shared slopes.
pub fn comparison(c: &Comparison) -> Table {
    let (a, b) = (&c.models[0], &c.models[1]);
    let mut t = Table::from_columns(
        format!("Equality of Coefficients — {a} vs {b}"),
        &c.tests,
        &[
            col("Term", |x: &TermDifference| Cell::text(&x.term)),
            num(format!("B ({a})"), 3, |x: &TermDifference| {
                Some(x.estimate_a)
            }),
            num(format!("B ({b})"), 3, |x: &TermDifference| {
                Some(x.estimate_b)
            }),
            num("Difference", 3, |x: &TermDifference| Some(x.difference)),
            num("Std. Error", 3, |x: &TermDifference| Some(x.std_error)),
            num("Chi-square", 3, |x: &TermDifference| Some(x.statistic)),
            num("df", 0, |x: &TermDifference| Some(x.df)),
            pval("Sig.", |x: &TermDifference| Some(x.p_value)),
        ],
    );
    if let Some(j) = &c.joint {
        t.rows.push(vec![
            Cell::text("All shared slopes (joint)"),
            Cell::text(""),
            Cell::text(""),
            Cell::text(""),
            Cell::text(""),
            Cell::num(Some(j.statistic), 3),
            Cell::num(Some(j.df), 0),
            Cell::p(Some(j.p_value)),
        ]);
    }
    t.notes.push(c.method.clone());
    t
}
