//! Tables of a structural equation model in lavaan's `summary(fit, standardized = TRUE,
//! rsquare = TRUE)` layout: the fit measures, then Latent Variables, Regressions,
//! Covariances, Variances and Defined Parameters with Estimate, Std.Err, z-value, P(>|z|), the
//! confidence interval, Std.lv and Std.all; R-Square; notes. Three decimals, as lavaan prints.

use super::table::{Cell, Table};
use crate::results::sem::{SemEstimate, SemResult};

const DP: usize = 3;

/// Every table of a structural equation model.
pub fn sem_tables(r: &SemResult) -> Vec<Table> {
    sem_tables_named(r).into_iter().map(|(_, t)| t).collect()
}

/// Every table of a structural equation model with a file stem ("fit", "estimates", ...).
pub fn sem_tables_named(r: &SemResult) -> Vec<(String, Table)> {
    let f = &r.fit;
    let mut fit = Table::new(
        format!("Structural equation model {} — Model fit", r.name),
        &["Measure", "Value"],
    );
    let mut row = |name: &str, cell: Cell| fit.rows.push(vec![Cell::text(name), cell]);
    row("Estimator", Cell::text(&r.estimator));
    row("Number of observations", Cell::num(Some(r.nobs as f64), 0));
    row(
        "Number of model parameters",
        Cell::num(Some(f.npar as f64), 0),
    );
    row("Chi-square", Cell::num(Some(f.chi_square), DP));
    row("Degrees of freedom", Cell::num(Some(f.df), 0));
    row("P-value (Chi-square)", Cell::p(f.p_value));
    row("CFI", Cell::num(Some(f.cfi), DP));
    row("TLI", Cell::num(Some(f.tli), DP));
    row("RMSEA", Cell::num(Some(f.rmsea), DP));
    row(
        "RMSEA 90% CI",
        Cell::text(format!("[{:.3}, {:.3}]", f.rmsea_low, f.rmsea_high)),
    );
    row(
        "P-value H0: RMSEA <= 0.050",
        Cell::num(f.rmsea_pclose.is_finite().then_some(f.rmsea_pclose), DP),
    );
    row("SRMR", Cell::num(Some(f.srmr), DP));
    row("Loglikelihood", Cell::num(Some(f.log_lik), DP));
    row("AIC", Cell::num(Some(f.aic), DP));
    row("BIC", Cell::num(Some(f.bic), DP));
    row(
        "Baseline model chi-square (df)",
        Cell::text(format!(
            "{:.3} ({:.0})",
            f.baseline_chi_square, f.baseline_df
        )),
    );
    if !r.improper.is_empty() {
        fit.notes.push(format!(
            "Improper solution: {}. Not an admissible fit.",
            r.improper.join("; ")
        ));
    }
    fit.notes.push(format!(
        "Maximum likelihood, {} information; N = {} complete cases of {} rows.",
        r.information, r.nobs, r.rows_read
    ));
    let mut out = vec![("fit".to_string(), fit)];
    let (lo, hi) = super::ci_headers(r.conf_level);
    let sections: [(&str, &str, &dyn Fn(&SemEstimate) -> bool); 5] = [
        ("latent", "Latent Variables", &|e| e.op == "=~"),
        ("regressions", "Regressions", &|e| e.op == "~"),
        ("covariances", "Covariances", &|e| {
            e.op == "~~" && e.lhs != e.rhs
        }),
        ("variances", "Variances", &|e| {
            e.op == "~~" && e.lhs == e.rhs
        }),
        ("defined", "Defined Parameters", &|e| e.op == ":="),
    ];
    for (stem, title, keep) in sections {
        let rows: Vec<&SemEstimate> = r.estimates.iter().filter(|e| keep(e)).collect();
        if rows.is_empty() {
            continue;
        }
        let mut t = Table::new(
            format!("Structural equation model {} — {title}", r.name),
            &[
                "", "Estimate", "Std.Err", "z-value", "P(>|z|)", &lo, &hi, "Std.lv", "Std.all",
            ],
        );
        for e in rows {
            let name = match (&e.label, e.op.as_str()) {
                (_, ":=") => format!("{} := {}", e.lhs, e.rhs),
                (Some(l), op) => format!("{} {op} {} ({l})", e.lhs, e.rhs),
                (None, op) => format!("{} {op} {}", e.lhs, e.rhs),
            };
            t.rows.push(vec![
                Cell::text(name),
                Cell::num(Some(e.estimate), DP),
                Cell::num(e.std_error, DP),
                Cell::num(e.statistic, DP),
                Cell::p(e.p_value),
                Cell::num(e.conf_low, DP),
                Cell::num(e.conf_high, DP),
                Cell::num(e.std_lv.is_finite().then_some(e.std_lv), DP),
                Cell::num(Some(e.std_all), DP),
            ]);
        }
        if stem == "variances"
            && r.estimates
                .iter()
                .any(|e| e.op == "~~" && !e.free && e.std_error.is_none())
        {
            t.notes.push(
                "Rows without a standard error are fixed: marker loadings, variances under std_lv, or exogenous (co)variances at their sample values."
                    .into(),
            );
        }
        out.push((stem.to_string(), t));
    }
    let mut r2 = Table::new(
        format!("Structural equation model {} — R-Square", r.name),
        &["Variable", "R2"],
    );
    for (v, x) in &r.r_squared {
        r2.rows.push(vec![Cell::text(v), Cell::num(Some(*x), DP)]);
    }
    out.push(("r_squared".into(), r2));
    if !r.notes.is_empty() {
        let mut notes = Table::new("Analysis notes and warnings".to_string(), &["Note"]);
        for n in &r.notes {
            notes.rows.push(vec![Cell::text(n)]);
        }
        out.push(("notes".into(), notes));
    }
    out
}
