//! The tables of a fitted linear model from its numbers (coefficients, covariance, sums of
//! squares, the columns' SDs): what the row-level fit ([`super::ols::fit`]) and the fit from
//! sums ([`super::sums`]) share, so that both print and record the same statistics.

use super::covariance::{CovType, Covariance};
use crate::numeric::dist::{f_upper_p, t_two_sided_p, t_upper_quantile};
use crate::results::{Anova, AnovaLine, CovarianceInfo, Glance, TidyRow};

/// What a fit computed, in design order.
pub struct Numbers<'a> {
    pub terms: &'a [String],
    pub intercept: bool,
    pub coef: &'a [f64],
    pub aliased: &'a [bool],
    pub cov: &'a Covariance,
    pub cov_kind: CovType,
    pub cluster_name: Option<&'a str>,
    pub level: f64,
    pub n: usize,
    /// Residual and regression sums of squares.
    pub sse: f64,
    pub ssr: f64,
    /// SD of each design column, and of the outcome.
    pub sd_x: &'a [f64],
    pub sd_y: f64,
    pub tolerance: &'a [Option<f64>],
    /// NaN where the data's order is not known (a fit from sums).
    pub durbin_watson: f64,
    pub condition_number: f64,
    pub solver: &'a str,
    pub refinement_steps: usize,
}

/// A fit's printed statistics.
pub struct Summary {
    pub glance: Glance,
    pub anova: Anova,
    pub tidy: Vec<TidyRow>,
    pub covariance: CovarianceInfo,
}

fn opt(v: f64) -> Option<f64> {
    if v.is_finite() { Some(v) } else { None }
}

/// Model summary, ANOVA, coefficients and the covariance's description (formulas: see
/// [`super::ols`]).
pub fn summarize(x: &Numbers) -> Summary {
    let (n, ssr, sse) = (x.n, x.ssr, x.sse);
    let p = x.coef.len();
    let k = x.aliased.iter().filter(|a| !**a).count();
    let c = usize::from(x.intercept);
    let nf = n as f64;
    let df_res = n - k;
    let r2 = if ssr + sse > 0.0 {
        ssr / (ssr + sse)
    } else {
        f64::NAN
    };
    let df_model = k.saturating_sub(c);
    let adj = 1.0 - (1.0 - r2) * ((n - c) as f64) / (df_res as f64);
    let sigma = (sse / df_res as f64).sqrt();
    let (f_stat, f_p) = if df_model > 0 {
        let f = (ssr / df_model as f64) / (sse / df_res as f64);
        (opt(f), f_upper_p(f, df_model as f64, df_res as f64))
    } else {
        (None, None)
    };
    let log_lik = -0.5 * nf * ((2.0 * std::f64::consts::PI).ln() + 1.0 - nf.ln() + sse.ln());
    let npar = (k + 1) as f64;
    let aic = -2.0 * log_lik + 2.0 * npar;
    let bic = -2.0 * log_lik + nf.ln() * npar;

    let alpha2 = (1.0 - x.level) / 2.0;
    let mut tidy = Vec::with_capacity(p);
    for j in 0..p {
        let is_intercept = x.intercept && j == 0;
        if x.aliased[j] {
            tidy.push(TidyRow {
                term: x.terms[j].clone(),
                estimate: None,
                std_error: None,
                statistic: None,
                p_value: None,
                conf_low: None,
                conf_high: None,
                std_estimate: None,
                std_conf_low: None,
                std_conf_high: None,
                df: None,
                tolerance: None,
                vif: None,
                aliased: true,
            });
            continue;
        }
        let b = x.coef[j];
        let se = x.cov.matrix[[j, j]].sqrt();
        let t = b / se;
        let df = x.cov.df_of(j);
        let tcrit = t_upper_quantile(alpha2, df).unwrap_or(f64::NAN);
        let scale = if is_intercept {
            None
        } else {
            opt(x.sd_x[j] / x.sd_y)
        };
        let (lo, hi) = (b - tcrit * se, b + tcrit * se);
        let tolerance = x.tolerance[j];
        tidy.push(TidyRow {
            term: x.terms[j].clone(),
            estimate: Some(b),
            std_error: opt(se),
            statistic: opt(t),
            p_value: t_two_sided_p(t, df),
            df: Some(df),
            conf_low: opt(lo),
            conf_high: opt(hi),
            std_estimate: scale.and_then(|k| opt(b * k)),
            std_conf_low: scale.and_then(|k| opt(lo * k)),
            std_conf_high: scale.and_then(|k| opt(hi * k)),
            tolerance,
            vif: tolerance.map(|t| 1.0 / t),
            aliased: false,
        });
    }

    let robust_wald = if x.cov_kind == CovType::Classical {
        None
    } else {
        super::ols::wald_slopes(
            &ndarray::Array1::from(x.coef.to_vec()),
            &x.cov.matrix,
            x.intercept,
            x.aliased,
            x.cov.df,
            x.cov.clusters,
        )
    };

    let glance = Glance {
        nobs: n,
        r: r2.sqrt(),
        r_squared: r2,
        adj_r_squared: adj,
        sigma,
        statistic: f_stat,
        p_value: f_p,
        df: df_model,
        df_residual: df_res,
        durbin_watson: x.durbin_watson,
        log_lik,
        aic,
        bic,
        cov_type: x.cov_kind.name().to_string(),
        robust_wald,
        rank: k,
        intercept: x.intercept,
        conf_level: x.level,
        condition_number: x.condition_number,
        solver: x.solver.to_string(),
        refinement_steps: x.refinement_steps,
    };
    let anova = Anova {
        regression: AnovaLine {
            sum_sq: ssr,
            df: df_model,
            mean_sq: if df_model > 0 {
                Some(ssr / df_model as f64)
            } else {
                None
            },
        },
        residual: AnovaLine {
            sum_sq: sse,
            df: df_res,
            mean_sq: Some(sse / df_res as f64),
        },
        total: AnovaLine {
            sum_sq: ssr + sse,
            df: df_model + df_res,
            mean_sq: None,
        },
        statistic: f_stat,
        p_value: f_p,
        uncentred: !x.intercept,
    };
    let description = super::prose::describe_cov(x.cov, x.cluster_name);
    let covariance = CovarianceInfo {
        cov_type: x.cov_kind.name().into(),
        description,
        factor: x.cov.factor,
        df: x.cov.df,
        clusters: x.cov.clusters,
    };
    Summary {
        glance,
        anova,
        tidy,
        covariance,
    }
}
