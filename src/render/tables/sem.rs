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
    let sc = f.scaled.as_ref();
    // With a scaled test, lavaan's two columns: the standard values and the scaled (and
    // robust) ones beside them.
    let headers: &[&str] = if sc.is_some() {
        &["Measure", "Standard", "Scaled"]
    } else {
        &["Measure", "Value"]
    };
    let mut fit = Table::new(
        format!("Structural equation model {} — Model fit", r.name),
        headers,
    );
    let num = |x: f64, dp: usize| Cell::num(x.is_finite().then_some(x), dp);
    let ci = |lo: f64, hi: f64| Cell::text(format!("[{lo:.3}, {hi:.3}]"));
    let mut row = |name: &str, standard: Cell, scaled: Option<Cell>| {
        let mut cells = vec![Cell::text(name), standard];
        if sc.is_some() {
            cells.push(scaled.unwrap_or(Cell::text("")));
        }
        fit.rows.push(cells);
    };
    row("Estimator", Cell::text(&r.estimator), None);
    row("Number of observations", num(r.nobs as f64, 0), None);
    if let Some(k) = r.clusters {
        row("Number of clusters", num(k as f64, 0), None);
    }
    row("Number of model parameters", num(f.npar as f64, 0), None);
    row(
        "Chi-square",
        num(f.chi_square, DP),
        sc.map(|s| num(s.chi_square, DP)),
    );
    row("Degrees of freedom", num(f.df, 0), sc.map(|_| num(f.df, 0)));
    row(
        "P-value (Chi-square)",
        Cell::p(f.p_value),
        sc.map(|s| Cell::p(s.p_value)),
    );
    if let Some(s) = sc {
        row(
            "Scaling correction factor (Yuan-Bentler, Mplus variant)",
            Cell::text(""),
            Some(num(s.scaling_factor, DP)),
        );
    }
    row("CFI", num(f.cfi, DP), sc.map(|s| num(s.cfi_scaled, DP)));
    row("TLI", num(f.tli, DP), sc.map(|s| num(s.tli_scaled, DP)));
    if let Some(s) = sc {
        row("Robust CFI", Cell::text(""), Some(num(s.cfi_robust, DP)));
        row("Robust TLI", Cell::text(""), Some(num(s.tli_robust, DP)));
    }
    row(
        "RMSEA",
        num(f.rmsea, DP),
        sc.map(|s| num(s.rmsea_scaled, DP)),
    );
    row(
        "RMSEA 90% CI",
        ci(f.rmsea_low, f.rmsea_high),
        sc.map(|s| ci(s.rmsea_scaled_low, s.rmsea_scaled_high)),
    );
    row(
        "P-value H0: RMSEA <= 0.050",
        num(f.rmsea_pclose, DP),
        sc.map(|s| num(s.rmsea_scaled_pclose, DP)),
    );
    if let Some(s) = sc {
        row(
            "Robust RMSEA",
            Cell::text(""),
            Some(num(s.rmsea_robust, DP)),
        );
        row(
            "Robust RMSEA 90% CI",
            Cell::text(""),
            Some(ci(s.rmsea_robust_low, s.rmsea_robust_high)),
        );
        row(
            "Robust P-value H0: RMSEA <= 0.050",
            Cell::text(""),
            Some(num(s.rmsea_robust_pclose, DP)),
        );
    }
    row("SRMR", num(f.srmr, DP), None);
    row("Loglikelihood", num(f.log_lik, DP), None);
    row("AIC", num(f.aic, DP), None);
    row("BIC", num(f.bic, DP), None);
    row(
        "Baseline model chi-square (df)",
        Cell::text(format!(
            "{:.3} ({:.0})",
            f.baseline_chi_square, f.baseline_df
        )),
        sc.map(|s| {
            Cell::text(format!(
                "{:.3} ({:.0})",
                s.baseline_chi_square, f.baseline_df
            ))
        }),
    );
    if !r.improper.is_empty() {
        fit.notes.push(format!(
            "Improper solution: {}. Not an admissible fit.",
            r.improper.join("; ")
        ));
    }
    fit.notes.push(match (r.se.as_str(), r.clusters) {
        // Robust errors without a scaled test (a saturated model: df = 0).
        ("robust.cluster", Some(k)) if sc.is_none() => format!(
            "Maximum likelihood; standard errors cluster-robust over {k} clusters of {} (sandwich on the observed information); N = {} rows used of {}.",
            r.cluster_variable.as_deref().unwrap_or("the cluster variable"),
            r.nobs,
            r.rows_read
        ),
        ("robust.huber.white", _) if sc.is_none() => format!(
            "Maximum likelihood; robust (Huber-White) standard errors, sandwich on the observed information; N = {} rows used of {}.",
            r.nobs, r.rows_read
        ),
        ("robust.cluster", Some(k)) => format!(
            "Maximum likelihood; standard errors cluster-robust over {k} clusters of {} (sandwich on the observed information); Yuan-Bentler scaled test (Mplus variant); N = {} rows used of {}.",
            r.cluster_variable.as_deref().unwrap_or("the cluster variable"),
            r.nobs,
            r.rows_read
        ),
        ("robust.huber.white", _) => format!(
            "Maximum likelihood; robust (Huber-White) standard errors, sandwich on the observed information; Yuan-Bentler scaled test (Mplus variant); N = {} rows used of {}.",
            r.nobs, r.rows_read
        ),
        _ => match r.missing_patterns {
            Some(k) => format!(
                "Maximum likelihood with full-information ML over {} rows ({k} patterns of missing answers), observed information; N = {} rows of {}.",
                r.nobs, r.nobs, r.rows_read
            ),
            None => format!(
                "Maximum likelihood, {} information; N = {} complete cases of {} rows.",
                r.information, r.nobs, r.rows_read
            ),
        },
    });
    if let (Some(k), true) = (r.missing_patterns, r.se != "standard") {
        fit.notes.push(if sc.is_some() {
            format!(
                "Full-information ML over the {} rows ({k} patterns of missing answers): the scaled test is taken at the saturated (EM) moments.",
                r.nobs
            )
        } else {
            format!(
                "Full-information ML over the {} rows ({k} patterns of missing answers).",
                r.nobs
            )
        });
    }
    if sc.is_some_and(|s| s.corrected.is_some()) {
        fit.notes.push(
            "Scaled: the scaled χ² in the usual formulas (lavaan's .scaled); robust: the indices' population values estimated from the FIML-corrected statistics of Zhang and Savalei (2023) (lavaan's .robust under missing data), the ones to read against cutoffs."
                .into(),
        );
    } else if sc.is_some() {
        fit.notes.push(
            "Scaled: the scaled χ² in the usual formulas (lavaan's .scaled); robust: the indices' population values estimated as Brosseau-Liard and Savalei (2012, 2014) do (lavaan's .robust), the ones to read against cutoffs."
                .into(),
        );
    }
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
        let (blo, bhi) = (format!("Boot {lo}"), format!("Boot {hi}"));
        let mut headers: Vec<&str> = vec![
            "", "Estimate", "Std.Err", "z-value", "P(>|z|)", &lo, &hi, "Std.lv", "Std.all",
        ];
        if r.bootstrap.is_some() {
            headers.extend([blo.as_str(), bhi.as_str()]);
        }
        let mut t = Table::new(
            format!("Structural equation model {} — {title}", r.name),
            &headers,
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
            if r.bootstrap.is_some() {
                let row = t.rows.last_mut().expect("just pushed");
                row.push(Cell::num(e.boot_low, DP));
                row.push(Cell::num(e.boot_high, DP));
            }
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
        if let (Some(b), "defined") = (&r.bootstrap, stem) {
            t.notes.push(match b.clusters {
                Some(k) => format!(
                    "Bootstrap: {} resamples of the {k} clusters (whole clusters drawn), seed {}; percentile intervals; {} resamples failed to fit.",
                    b.samples, b.seed, b.failed
                ),
                None => format!(
                    "Bootstrap: {} resamples of the rows, seed {}; percentile intervals; {} resamples failed to fit.",
                    b.samples, b.seed, b.failed
                ),
            });
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
    if !r.modification.is_empty() {
        let mut mi = Table::new(
            format!(
                "Structural equation model {} — Modification indices (10 largest)",
                r.name
            ),
            &["", "MI", "EPC", "Std.all EPC"],
        );
        for m in &r.modification {
            mi.rows.push(vec![
                Cell::text(format!("{} {} {}", m.lhs, m.op, m.rhs)),
                Cell::num(Some(m.mi), DP),
                Cell::num(Some(m.epc), DP),
                Cell::num(Some(m.sepc_all), DP),
            ]);
        }
        mi.notes.push(
            "MI: the drop in chi-square expected if the parameter were freed (1 df; 3.84 is p = .05); EPC: its expected value. Free a parameter only where theory supports it."
                .into(),
        );
        out.push(("modification".into(), mi));
    }
    if !r.notes.is_empty() {
        let mut notes = Table::new("Analysis notes and warnings".to_string(), &["Note"]);
        for n in &r.notes {
            notes.rows.push(vec![Cell::text(n)]);
        }
        out.push(("notes".into(), notes));
    }
    out
}
