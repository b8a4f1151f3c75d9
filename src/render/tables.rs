//! The SPSS-layout tables of a study, built from results.

use super::table::{Cell, Table};
use crate::results::measurement::{Adequacy, Reliability};
use crate::results::regression::{PairsBootstrap, WildBootstrap};
use crate::results::{
    Comparison, CorrelationMatrix, DataSummary, Descriptive, Diagnostics, ModelReport,
    SelectionReport, SideBySideSpec, Test,
};

/// Column headers of a confidence interval, e.g. "95% CI Lower", "95% CI Upper".
pub(super) fn ci_headers(level: f64) -> (String, String) {
    let pct = (level * 100.0).round();
    (format!("{pct}% CI Lower"), format!("{pct}% CI Upper"))
}

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
    let (lo, hi) = ci_headers(m.fit.glance.conf_level);
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
    let (lo, hi) = ci_headers(w.conf_level);
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
    let (lo, hi) = ci_headers(p.conf_level);
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
    model_tables_named(m).into_iter().map(|(_, t)| t).collect()
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

/// SPSS's selection output: Variables Entered/Removed, Model Summary with change statistics,
/// Coefficients and Excluded Variables per step, and the stability of the selection.
pub fn selection_tables(m: &ModelReport, s: &SelectionReport) -> Vec<(&'static str, Table)> {
    let mut out = Vec::new();
    let mut er = Table::new(
        format!("Variables Entered/Removed — {}", m.name),
        &["Model", "Variables Entered", "Variables Removed", "Method"],
    );
    for st in &s.steps {
        er.rows.push(vec![
            Cell::int(st.step.step),
            Cell::text(st.step.entered.join(", ")),
            Cell::text(st.step.removed.join(", ")),
            Cell::text(&s.method_text),
        ]);
    }
    er.notes.push(format!("Dependent variable: {}. Every step is fitted on the same {} cases (listwise over all candidates).", m.outcome, m.sample.rows_used));
    er.notes.extend(s.warnings.iter().cloned());
    out.push(("steps", er));

    let mut ms = Table::new(
        format!("Model Summary by Step — {}", m.name),
        &[
            "Model",
            "R",
            "R Square",
            "Adjusted R Square",
            "Std. Error of the Estimate",
            "R Square Change",
            "F Change",
            "df1",
            "df2",
            "Sig. F Change",
        ],
    );
    for st in &s.steps {
        let g = &st.glance;
        ms.rows.push(vec![
            Cell::int(st.step.step),
            Cell::num(Some(g.r), 3),
            Cell::num(Some(g.r_squared), 3),
            Cell::num(Some(g.adj_r_squared), 3),
            Cell::num(Some(g.sigma), 5),
            Cell::num(Some(st.step.r_squared_change), 3),
            Cell::num(Some(st.step.f_change), 3),
            Cell::int(st.step.df1),
            Cell::int(st.step.df2),
            Cell::p(Some(st.step.p_change)),
        ]);
    }
    ms.notes.push(
        "Change statistics compare each model with the one before it (SPSS /STATISTICS CHANGE)."
            .into(),
    );
    out.push(("step_summary", ms));

    let mut an = Table::new(
        format!("ANOVA by Step — {}", m.name),
        &[
            "Model",
            "Source",
            "Sum of Squares",
            "df",
            "Mean Square",
            "F",
            "Sig.",
        ],
    );
    for st in &s.steps {
        let a = &st.anova;
        an.rows.push(vec![
            Cell::int(st.step.step),
            Cell::text("Regression"),
            Cell::num(Some(a.regression.sum_sq), 3),
            Cell::int(a.regression.df),
            Cell::num(a.regression.mean_sq, 3),
            Cell::num(a.statistic, 3),
            Cell::p(a.p_value),
        ]);
        an.rows.push(vec![
            Cell::int(st.step.step),
            Cell::text("Residual"),
            Cell::num(Some(a.residual.sum_sq), 3),
            Cell::int(a.residual.df),
            Cell::num(a.residual.mean_sq, 3),
            Cell::text(""),
            Cell::text(""),
        ]);
        an.rows.push(vec![
            Cell::int(st.step.step),
            Cell::text("Total"),
            Cell::num(Some(a.total.sum_sq), 3),
            Cell::int(a.total.df),
            Cell::text(""),
            Cell::text(""),
            Cell::text(""),
        ]);
    }
    out.push(("step_anova", an));

    let mut co = Table::new(
        format!("Coefficients by Step — {}", m.name),
        &[
            "Model",
            "Term",
            "B",
            "Std. Error",
            "Beta",
            "t",
            "Sig.",
            "Tolerance",
            "VIF",
        ],
    );
    for st in &s.steps {
        for r in &st.tidy {
            co.rows.push(vec![
                Cell::int(st.step.step),
                Cell::text(&r.term),
                Cell::num(r.estimate, 3),
                Cell::num(r.std_error, 3),
                Cell::num(r.std_estimate, 3),
                Cell::num(r.statistic, 3),
                Cell::p(r.p_value),
                Cell::num(r.tolerance, 3),
                Cell::num(r.vif, 3),
            ]);
        }
    }
    co.notes.push(format!(
        "Dependent variable: {}. {}",
        m.outcome, m.fit.covariance.description
    ));
    out.push(("step_coefficients", co));

    let mut ex = Table::new(
        format!("Excluded Variables — {}", m.name),
        &[
            "Model",
            "Term",
            "Beta In",
            "t",
            "Sig.",
            "Partial Correlation",
            "Tolerance",
            "VIF",
            "Minimum Tolerance",
        ],
    );
    for st in &s.steps {
        for e in &st.step.excluded {
            ex.rows.push(vec![
                Cell::int(st.step.step),
                Cell::text(&e.term),
                Cell::num(Some(e.beta_in), 3),
                Cell::num(Some(e.statistic), 3),
                Cell::p(Some(e.p_value)),
                Cell::num(Some(e.partial_correlation), 3),
                Cell::num(Some(e.tolerance), 3),
                Cell::num(Some(e.vif), 3),
                Cell::num(Some(e.min_tolerance), 3),
            ]);
        }
    }
    ex.notes
        .push("Statistics each candidate would have if it entered the model of that step.".into());
    out.push(("excluded", ex));

    if let (Some(freq), Some(reps)) = (&s.stability, s.stability_reps) {
        let mut t = Table::new(
            format!("Selection Stability — {}", m.name),
            &["Term", "Selected in final model (% of resamples)"],
        );
        for f in freq {
            t.rows.push(vec![
                Cell::text(&f.term),
                Cell::num(Some(100.0 * f.share), 1),
            ]);
        }
        t.notes.push(format!("The same selection rerun on {reps} cluster-bootstrap resamples (whole clusters drawn with replacement). Terms chosen in well under 100% of resamples were chosen partly by chance."));
        out.push(("selection_stability", t));
    }
    out
}

/// Simple slopes of two-way interactions.
pub fn simple_slopes(m: &ModelReport) -> Table {
    let mut t = Table::new(
        format!("Simple Slopes — {}", m.name),
        &[
            "Focal",
            "Moderator",
            "At",
            "Moderator value",
            "Slope",
            "Std. Error",
            "t",
            "Sig.",
            "CI Lower",
            "CI Upper",
        ],
    );
    for s in &m.simple_slopes {
        t.rows.push(vec![
            Cell::text(&s.focal),
            Cell::text(&s.moderator),
            Cell::text(&s.at),
            Cell::num(Some(s.moderator_value), 3),
            Cell::num(Some(s.slope), 3),
            Cell::num(Some(s.std_error), 3),
            Cell::num(Some(s.statistic), 3),
            Cell::p(Some(s.p_value)),
            Cell::num(Some(s.conf_low), 3),
            Cell::num(Some(s.conf_high), 3),
        ]);
    }
    t.notes.push(format!("Slope of the focal variable at the moderator's mean and one SD either side (this model's sample), with the model's {} covariance.", m.fit.glance.cov_type));
    if !m.centered.is_empty() {
        t.notes.push(format!(
            "Mean-centred before forming interactions: {}.",
            m.centered.join(", ")
        ));
    }
    t
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
    let mut t = Table::new(
        format!("Equality of Coefficients — {a} vs {b}"),
        &[
            "Term",
            &format!("B ({a})"),
            &format!("B ({b})"),
            "Difference",
            "Std. Error",
            "Chi-square",
            "df",
            "Sig.",
        ],
    );
    for x in &c.tests {
        t.rows.push(vec![
            Cell::text(&x.term),
            Cell::num(Some(x.estimate_a), 3),
            Cell::num(Some(x.estimate_b), 3),
            Cell::num(Some(x.difference), 3),
            Cell::num(Some(x.std_error), 3),
            Cell::num(Some(x.statistic), 3),
            Cell::num(Some(x.df), 0),
            Cell::p(Some(x.p_value)),
        ]);
    }
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

/// SPSS "Reliability Statistics" of every construct in one table.
pub fn reliability_summary(rs: &[Reliability]) -> Table {
    let level = rs.first().map_or(0.95, |r| r.conf_level);
    let (lo, hi) = ci_headers(level);
    let mut t = Table::new(
        "Reliability Statistics",
        &[
            "Construct",
            "N of Items",
            "N",
            "Cronbach's Alpha",
            "Alpha Based on Standardized Items",
            &lo,
            &hi,
            "Guttman's Lambda-6",
            "McDonald's Omega (total)",
            "Mean Inter-Item r",
        ],
    );
    for r in rs {
        t.rows.push(vec![
            Cell::text(&r.construct),
            Cell::int(r.n_items),
            Cell::int(r.n_valid),
            Cell::num(Some(r.alpha), 3),
            Cell::num(Some(r.std_alpha), 3),
            Cell::num(Some(r.alpha_conf_low), 3),
            Cell::num(Some(r.alpha_conf_high), 3),
            Cell::num(Some(r.lambda6), 3),
            Cell::num(r.omega_total, 3),
            Cell::num(Some(r.mean_inter_item_r), 3),
        ]);
    }
    t.notes.push("Cases with every item of the construct answered (listwise); reverse-keyed items reversed first. Interval for alpha by Feldt's F method; lambda-6 from squared multiple correlations, as psych's G6(smc); omega total from one principal-axis factor, as psych::omega(nfactors = 1, fm = \"pa\").".into());
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
    let mut t = Table::new(
        "Scale Statistics",
        &[
            "Construct",
            "Mean",
            "Variance",
            "Std. Deviation",
            "N of Items",
        ],
    );
    for r in rs {
        t.rows.push(vec![
            Cell::text(&r.construct),
            Cell::num(Some(r.scale_mean), 3),
            Cell::num(Some(r.scale_variance), 3),
            Cell::num(Some(r.scale_variance.sqrt()), 3),
            Cell::int(r.n_items),
        ]);
    }
    t
}

/// SPSS "Item-Total Statistics" (with "Item Statistics") of one construct.
pub fn item_total(r: &Reliability) -> Table {
    let mut t = Table::new(
        format!("Item-Total Statistics — {}", r.construct),
        &[
            "Item",
            "Mean",
            "Std. Deviation",
            "Scale Mean if Item Deleted",
            "Scale Variance if Item Deleted",
            "Corrected Item-Total Correlation",
            "Squared Multiple Correlation",
            "Cronbach's Alpha if Item Deleted",
        ],
    );
    for i in &r.items {
        t.rows.push(vec![
            Cell::text(&i.item),
            Cell::num(Some(i.mean), 3),
            Cell::num(Some(i.sd), 3),
            Cell::num(Some(i.scale_mean_if_deleted), 3),
            Cell::num(Some(i.scale_variance_if_deleted), 3),
            Cell::num(Some(i.corrected_item_total_r), 3),
            Cell::num(Some(i.squared_multiple_r), 3),
            Cell::num(Some(i.alpha_if_deleted), 3),
        ]);
    }
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

/// "Data Quality Screening": each check, its rule and the rows it flags (never dropped).
pub fn screening(s: &crate::results::screening::Screening) -> Table {
    let mut t = Table::new(
        "Data Quality Screening",
        &["Check", "Rule", "Rows flagged", "Rows"],
    );
    for c in &s.checks {
        let mut rows: Vec<String> = c
            .rows
            .iter()
            .take(MAX_FLAGGED_LISTED)
            .map(|r| r.to_string())
            .collect();
        if c.rows.len() > MAX_FLAGGED_LISTED {
            rows.push(format!("... ({} more)", c.rows.len() - MAX_FLAGGED_LISTED));
        }
        t.rows.push(vec![
            Cell::text(&c.check),
            Cell::text(&c.rule),
            Cell::int(c.rows.len()),
            Cell::text(rows.join(", ")),
        ]);
    }
    t.notes.push(format!("{} respondents screened. Flagged rows are reported, not dropped: decide and document any exclusion in the study file. Row numbers count data rows (line number minus 1); every flagged row is in results.json.", s.respondents));
    t
}
