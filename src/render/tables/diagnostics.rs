//! Regression diagnostics as tables: collinearity, zero-order/partial/part correlations, residual tests, influential cases, simple slopes.

use super::table::{Cell, Table, col, num, pval};
use crate::results::regression::SimpleSlope;
use crate::results::{Diagnostics, ModelReport, TermCorrelations, Test};

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
    let mut t = Table::from_columns(
        format!("Correlations — {}", m.name),
        &d.correlations,
        &[
            col("Term", |c: &TermCorrelations| Cell::text(&c.term)),
            num("Zero-order", 3, |c: &TermCorrelations| Some(c.zero_order)),
            num("Partial", 3, |c: &TermCorrelations| Some(c.partial)),
            num("Part", 3, |c: &TermCorrelations| Some(c.part)),
        ],
    );
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
pub fn influential(
    m: &ModelReport,
    d: &Diagnostics,
    row_tables: crate::results::RowTables,
) -> Table {
    let c = &d.influence_cutoffs;
    let with_id = d.influential.iter().any(|x| x.id.is_some());
    let headers = [
        "Row",
        "ID",
        "Leverage",
        "Studentized residual",
        "Cook's D",
        "DFFITS",
        "Exceeds",
    ];
    let headers: Vec<&str> = headers
        .into_iter()
        .filter(|h| with_id || *h != "ID")
        .collect();
    let mut t = Table::new(format!("Influential Cases — {}", m.name), &headers);
    let mut cases: Vec<_> = d.influential.iter().collect();
    cases.sort_by(|a, b| b.cooks_d.total_cmp(&a.cooks_d).then(a.row.cmp(&b.row)));
    for x in cases.iter().take(MAX_INFLUENTIAL_ROWS) {
        let mut row = vec![Cell::int(x.row)];
        if with_id {
            row.push(Cell::text(x.id.as_deref().unwrap_or_default()));
        }
        row.extend([
            Cell::num(Some(x.hat), 4),
            Cell::num(Some(x.rstudent), 3),
            Cell::num(Some(x.cooks_d), 4),
            Cell::num(Some(x.dffits), 3),
            Cell::text(x.flags.join(", ")),
        ]);
        t.rows.push(row);
    }
    t.notes.push(format!(
        "{} of {} cases exceed at least one cut-off: leverage > 2k/n = {:.4}, |studentized residual| > {}, Cook's D > 4/n = {:.4}, |DFFITS| > 2 sqrt(k/n) = {:.4}{}. Every case's values are in tables/{}.",
        d.influential.len(),
        m.fit.glance.nobs,
        c.leverage,
        c.rstudent,
        c.cooks_d,
        c.dffits,
        if d.influential.len() > MAX_INFLUENTIAL_ROWS { format!("; the {MAX_INFLUENTIAL_ROWS} with the largest Cook's D are listed") } else { String::new() },
        crate::render::rows::augment_file(&m.name, m.fit.augment.row.len(), row_tables)
    ));
    t
}

/// Simple slopes of two-way interactions.
pub fn simple_slopes(m: &ModelReport) -> Table {
    let mut t = Table::from_columns(
        format!("Simple Slopes — {}", m.name),
        &m.simple_slopes,
        &[
            col("Focal", |s: &SimpleSlope| Cell::text(&s.focal)),
            col("Moderator", |s: &SimpleSlope| Cell::text(&s.moderator)),
            col("At", |s: &SimpleSlope| Cell::text(&s.at)),
            num("Moderator value", 3, |s: &SimpleSlope| {
                Some(s.moderator_value)
            }),
            num("Slope", 3, |s: &SimpleSlope| Some(s.slope)),
            num("Std. Error", 3, |s: &SimpleSlope| Some(s.std_error)),
            num("t", 3, |s: &SimpleSlope| Some(s.statistic)),
            pval("Sig.", |s: &SimpleSlope| Some(s.p_value)),
            num("CI Lower", 3, |s: &SimpleSlope| Some(s.conf_low)),
            num("CI Upper", 3, |s: &SimpleSlope| Some(s.conf_high)),
        ],
    );
    t.notes.push(format!("Slope of the focal variable at the moderator's mean and one SD either side (this model's sample), with the model's {} covariance.", m.fit.glance.cov_type));
    if !m.centered.is_empty() {
        t.notes.push(format!(
            "Mean-centred before forming interactions: {}.",
            m.centered.join(", ")
        ));
    }
    t
}
