//! SPSS REGRESSION model building: Variables Entered/Removed, Model Summary with change statistics, ANOVA, Coefficients and Excluded Variables per step, and the selection stability table.

use super::table::{Cell, Table};
use crate::results::{ModelReport, SelectionReport};

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
