//! SPSS REGRESSION model building: Variables Entered/Removed, Model Summary with change
//! statistics, ANOVA, Coefficients and Excluded Variables per step, and the selection
//! stability table.

use super::regression::anova_rows;
use super::table::{Cell, Table, col, num, pval};
use crate::results::regression::{Excluded, SelectionFrequency};
use crate::results::{ModelReport, SelectionReport, StepFit, TidyRow};

/// SPSS's selection output: Variables Entered/Removed, Model Summary with change statistics,
/// Coefficients and Excluded Variables per step, and the stability of the selection.
pub fn selection_tables(m: &ModelReport, s: &SelectionReport) -> Vec<(&'static str, Table)> {
    let mut out = vec![
        ("steps", entered_removed(m, s)),
        ("step_summary", step_summary(m, s)),
        ("step_anova", step_anova(m, s)),
        ("step_coefficients", step_coefficients(m, s)),
        ("excluded", excluded(m, s)),
    ];
    if let (Some(freq), Some(reps)) = (&s.stability, s.stability_reps) {
        let mut t = Table::from_columns(
            format!("Selection Stability — {}", m.name),
            freq,
            &[
                col("Term", |f: &SelectionFrequency| Cell::text(&f.term)),
                num(
                    "Selected in final model (% of resamples)",
                    1,
                    |f: &SelectionFrequency| Some(100.0 * f.share),
                ),
            ],
        );
        t.notes.push(format!("The same selection rerun on {reps} cluster-bootstrap resamples (whole clusters drawn with replacement). Terms chosen in well under 100% of resamples were chosen partly by chance."));
        out.push(("selection_stability", t));
    }
    out
}

/// The "Model" column of the by-step tables: the step's number.
fn step_number<R>(step: impl Fn(&R) -> usize + 'static) -> super::table::Column<'static, R> {
    col("Model", move |r: &R| Cell::int(step(r)))
}

fn entered_removed(m: &ModelReport, s: &SelectionReport) -> Table {
    let method = s.method_text.clone();
    let mut t = Table::from_columns(
        format!("Variables Entered/Removed — {}", m.name),
        &s.steps,
        &[
            step_number(|st: &StepFit| st.step.step),
            col("Variables Entered", |st: &StepFit| {
                Cell::text(st.step.entered.join(", "))
            }),
            col("Variables Removed", |st: &StepFit| {
                Cell::text(st.step.removed.join(", "))
            }),
            col("Method", move |_: &StepFit| Cell::text(&method)),
        ],
    );
    t.notes.push(format!("Dependent variable: {}. Every step is fitted on the same {} cases (listwise over all candidates).", m.outcome, m.sample.rows_used));
    t.notes.extend(s.warnings.iter().cloned());
    t
}

fn step_summary(m: &ModelReport, s: &SelectionReport) -> Table {
    let mut t = Table::from_columns(
        format!("Model Summary by Step — {}", m.name),
        &s.steps,
        &[
            step_number(|st: &StepFit| st.step.step),
            num("R", 3, |st: &StepFit| Some(st.glance.r)),
            num("R Square", 3, |st: &StepFit| Some(st.glance.r_squared)),
            num("Adjusted R Square", 3, |st: &StepFit| {
                Some(st.glance.adj_r_squared)
            }),
            num("Std. Error of the Estimate", 5, |st: &StepFit| {
                Some(st.glance.sigma)
            }),
            num("R Square Change", 3, |st: &StepFit| {
                Some(st.step.r_squared_change)
            }),
            num("F Change", 3, |st: &StepFit| Some(st.step.f_change)),
            col("df1", |st: &StepFit| Cell::int(st.step.df1)),
            col("df2", |st: &StepFit| Cell::int(st.step.df2)),
            pval("Sig. F Change", |st: &StepFit| Some(st.step.p_change)),
        ],
    );
    t.notes.push(
        "Change statistics compare each model with the one before it (SPSS /STATISTICS CHANGE)."
            .into(),
    );
    t
}

fn step_anova(m: &ModelReport, s: &SelectionReport) -> Table {
    let mut t = Table::new(
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
        for row in anova_rows(&st.anova) {
            t.rows.push(
                std::iter::once(Cell::int(st.step.step))
                    .chain(row)
                    .collect(),
            );
        }
    }
    t
}

fn step_coefficients(m: &ModelReport, s: &SelectionReport) -> Table {
    let rows: Vec<(usize, &TidyRow)> = s
        .steps
        .iter()
        .flat_map(|st| st.tidy.iter().map(move |r| (st.step.step, r)))
        .collect();
    type Row<'a> = (usize, &'a TidyRow);
    let mut t = Table::from_columns(
        format!("Coefficients by Step — {}", m.name),
        &rows,
        &[
            step_number(|(k, _): &Row| *k),
            col("Term", |(_, r): &Row| Cell::text(&r.term)),
            num("B", 3, |(_, r): &Row| r.estimate),
            num("Std. Error", 3, |(_, r): &Row| r.std_error),
            num("Beta", 3, |(_, r): &Row| r.std_estimate),
            num("t", 3, |(_, r): &Row| r.statistic),
            pval("Sig.", |(_, r): &Row| r.p_value),
            num("Tolerance", 3, |(_, r): &Row| r.tolerance),
            num("VIF", 3, |(_, r): &Row| r.vif),
        ],
    );
    t.notes.push(format!(
        "Dependent variable: {}. {}",
        m.outcome, m.fit.covariance.description
    ));
    t
}

fn excluded(m: &ModelReport, s: &SelectionReport) -> Table {
    let rows: Vec<(usize, &Excluded)> = s
        .steps
        .iter()
        .flat_map(|st| st.step.excluded.iter().map(move |e| (st.step.step, e)))
        .collect();
    type Row<'a> = (usize, &'a Excluded);
    let mut t = Table::from_columns(
        format!("Excluded Variables — {}", m.name),
        &rows,
        &[
            step_number(|(k, _): &Row| *k),
            col("Term", |(_, e): &Row| Cell::text(&e.term)),
            num("Beta In", 3, |(_, e): &Row| Some(e.beta_in)),
            num("t", 3, |(_, e): &Row| Some(e.statistic)),
            pval("Sig.", |(_, e): &Row| Some(e.p_value)),
            num("Partial Correlation", 3, |(_, e): &Row| {
                Some(e.partial_correlation)
            }),
            num("Tolerance", 3, |(_, e): &Row| Some(e.tolerance)),
            num("VIF", 3, |(_, e): &Row| Some(e.vif)),
            num("Minimum Tolerance", 3, |(_, e): &Row| Some(e.min_tolerance)),
        ],
    );
    t.notes
        .push("Statistics each candidate would have if it entered the model of that step.".into());
    t
}
