//! One PROCESS equation: its design from the centred columns, the OLS fit, the summary line
//! and the R² change of each interaction.

use super::model::Var;
use super::{Columns, ProcessError, ProcessSpec, var_name};
use crate::estimate::CovType;
use crate::estimate::regression::lsq::{LsqOptions, solve};
use crate::estimate::regression::ols::{self, OlsSpec, mean_sd};
use crate::results::process::{Equation, EquationSummary, ProductTerm, R2Change};
use ndarray::{Array1, Array2};

/// One fitted equation with what the effects need.
pub(crate) struct Fitted {
    pub outcome: Var,
    pub terms: Vec<Vec<Var>>,
    pub design: Array2<f64>,
    pub response: Array1<f64>,
    pub coef: Array1<f64>,
    pub vcov: Array2<f64>,
    pub df: f64,
    /// The covariance in words ("HC3 ...", "CR1 cluster-robust by center (57 clusters)").
    pub cov_description: String,
    pub equation: Equation,
}

pub(super) fn fit_equation(
    spec: &ProcessSpec,
    cols: &Columns,
    outcome: Var,
    terms: Vec<Vec<Var>>,
    r2_sets: Vec<(String, Vec<usize>)>,
) -> Result<Fitted, ProcessError> {
    let roles = &spec.roles;
    let n = cols.data.y.len();
    let p = terms.len() + 1;
    let design = Array2::from_shape_fn((n, p), |(i, j)| {
        if j == 0 {
            1.0
        } else {
            terms[j - 1].iter().map(|&v| cols.value(v, i)).product()
        }
    });
    let response: Array1<f64> = (0..n).map(|i| cols.value(outcome, i)).collect();
    let mut names = vec!["constant".to_string()];
    let mut products = Vec::new();
    for t in &terms {
        if t.len() == 1 {
            names.push(var_name(roles, t[0]));
        } else {
            let name = format!("Int_{}", products.len() + 1);
            products.push(ProductTerm {
                term: name.clone(),
                factors: t.iter().map(|&v| var_name(roles, v)).collect(),
            });
            names.push(name);
        }
    }
    let outcome_name = var_name(roles, outcome);
    let fit = ols::fit(&OlsSpec {
        x: design.view(),
        y: response.view(),
        x_lo: None,
        y_lo: None,
        terms: &names,
        intercept: true,
        cov: spec.cov,
        clusters: cols.data.clusters.as_deref(),
        cluster_name: spec.cluster_name.as_deref(),
        level: spec.level,
        lsq: LsqOptions::default(),
        rows: None,
    })
    .map_err(|source| ProcessError::Ols {
        outcome: outcome_name.clone(),
        source,
    })?;
    if let Some(j) = fit.solution.aliased.iter().position(|&a| a) {
        return Err(ProcessError::Aliased {
            outcome: outcome_name,
            term: names[j].clone(),
        });
    }
    let r = &fit.result;
    let g = &r.glance;
    let df2 = g.df_residual as f64;
    let summary = match &g.robust_wald {
        None => EquationSummary {
            r: g.r,
            r_squared: g.r_squared,
            mse: g.sigma * g.sigma,
            statistic: g.statistic,
            df1: g.df as f64,
            df2,
            p_value: g.p_value,
        },
        Some(w) => EquationSummary {
            r: g.r,
            r_squared: g.r_squared,
            mse: g.sigma * g.sigma,
            statistic: w.statistic,
            df1: w.df1,
            df2: w.df2,
            p_value: w.p_value,
        },
    };
    let coef = fit.solution.coef.clone();
    let sst: f64 = {
        let (my, _) = mean_sd(response.iter().copied());
        response.iter().map(|v| (v - my) * (v - my)).sum()
    };
    let mut r2_change = Vec::new();
    for (label, set) in r2_sets {
        let keep: Vec<usize> = (0..p)
            .filter(|&j| j == 0 || !set.contains(&(j - 1)))
            .collect();
        let reduced = design.select(ndarray::Axis(1), &keep);
        let r2_reduced = solve(reduced.view(), response.view(), LsqOptions::default())
            .map(|s| 1.0 - s.sse / sst)
            .unwrap_or(f64::NAN);
        let change = g.r_squared - r2_reduced;
        let q = set.len() as f64;
        let (statistic, df1, df2, p_value) = if spec.cov == CovType::Classical {
            let f = (change / q) / ((1.0 - g.r_squared) / df2);
            (Some(f), q, df2, crate::numeric::dist::f_upper_p(f, q, df2))
        } else {
            let idx: Vec<usize> = set.iter().map(|t| t + 1).collect();
            match ols::wald_subset(&coef, &r.vcov, &idx, r.covariance.df, r.covariance.clusters) {
                Some(w) => (w.statistic, w.df1, w.df2, w.p_value),
                None => (None, q, df2, None),
            }
        };
        let term = if label.is_empty() {
            names[set[0] + 1].clone()
        } else {
            label
        };
        r2_change.push(R2Change {
            term,
            r2_change: change,
            statistic,
            df1,
            df2,
            p_value,
        });
    }
    Ok(Fitted {
        outcome,
        terms,
        coef,
        vcov: r.vcov.clone(),
        df: r.covariance.df,
        cov_description: r.covariance.description.clone(),
        equation: Equation {
            outcome: outcome_name,
            nobs: n,
            summary,
            tidy: r.tidy.clone(),
            products,
            r2_change,
        },
        design,
        response,
    })
}
