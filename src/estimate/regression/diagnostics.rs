//! Regression diagnostics: collinearity (SPSS), zero-order/partial/part correlations,
//! heteroskedasticity tests (Breusch-Pagan, White), normality of residuals (Jarque-Bera,
//! Shapiro-Wilk), influence (leverage, studentized residuals, Cook's distance, DFFITS) and
//! added-variable plot data.
//!
//! # Formula
//! - Collinearity: Z = X D with D scaling each column (intercept included) to unit length;
//!   eigenvalues l_k of Z'Z (squared singular values of Z, largest first) with eigenvectors
//!   v_k; condition index sqrt(l_max / l_k); variance proportion of term j on dimension k:
//!   (v_jk^2 / l_k) / sum_m (v_jm^2 / l_m).
//! - partial r_j = t_j / sqrt(t_j^2 + df_res), part r_j = t_j sqrt((1 - R2) / df_res), with
//!   the classical t; zero-order = Pearson r(y, x_j).
//! - Breusch-Pagan (Koenker): n R2 of e^2 on X, chi-square on k - 1 df; original: ESS/2 of
//!   e^2 / (SSE/n) on X. White: Koenker's statistic with X's levels, squares and pairwise
//!   products (aliased columns dropped; df = rank - 1).
//! - Influence ([`Influence::of`]), with r_i = e_i / (s sqrt(1 - h_i)): rstudent
//!   t_i = r_i sqrt((n-k-1)/(n-k-r_i^2)), Cook's D = r_i^2 h_i / (k (1 - h_i)),
//!   DFFITS = t_i sqrt(h_i / (1 - h_i)).

use super::lsq::{LsqOptions, solve};
use super::normality::{jarque_bera, shapiro_wilk};
use super::ols::FitView;
use crate::estimate::describe::pearson;
use crate::numeric::dist::chi2_upper_p;
use crate::results::regression::Test;
use crate::results::{
    AddedVariable, Collinearity, Diagnostics, Influence, InfluenceCutoffs, InfluentialCase,
    TermCorrelations,
};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// Above this many non-intercept columns White's test (which needs q(q+3)/2 columns) is skipped.
pub const WHITE_MAX_COLUMNS: usize = 30;

/// R2 and explained sum of squares of y on x (x holds its own intercept column).
fn aux_fit(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Option<(f64, f64, usize)> {
    // Only R2 is needed: coefficients without Q when the design is well conditioned.
    let (sse, rank) = match super::lsq::coef_only(x, y) {
        Some((_, sse)) => (sse, x.ncols()),
        None => {
            let sol = solve(x, y, LsqOptions::default()).ok()?;
            (sol.sse, sol.rank())
        }
    };
    let mean = y.mean()?;
    let sst: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
    Some((1.0 - sse / sst, sst - sse, rank))
}

fn with_intercept(cols: &[Array1<f64>], n: usize) -> Array2<f64> {
    let mut x = Array2::<f64>::ones((n, cols.len() + 1));
    for (c, v) in cols.iter().enumerate() {
        x.column_mut(c + 1).assign(v);
    }
    x
}

/// Compute the diagnostics of a fitted model. `intercept` says column 0 is the intercept.
pub fn diagnose(fit: FitView, rows: &[usize]) -> Diagnostics {
    let (x, y, sol) = (fit.x, fit.y, fit.sol);
    let n = x.nrows();
    let kept = &sol.kept;
    let k = kept.len();
    let df_res = (n - k) as f64;
    let s = (sol.sse / df_res).sqrt();

    // Collinearity diagnostics on the kept columns.
    let collinearity = {
        let xk = x.select(Axis(1), kept);
        let norms: Vec<f64> = xk.columns().into_iter().map(|c| c.dot(&c).sqrt()).collect();
        let z = faer::Mat::<f64>::from_fn(n, k, |i, j| xk[[i, j]] / norms[j]);
        // Z = QR: Z'Z = R'R, so R's singular values and right vectors are Z's (k x k work).
        let r = z.as_ref().qr().thin_R().to_owned();
        let (eig, props) = match r.as_ref().thin_svd() {
            Ok(svd) => {
                let sv = svd.S();
                let v = svd.V();
                let mut order: Vec<usize> = (0..k).collect();
                order.sort_by(|&a, &b| sv[b].total_cmp(&sv[a]));
                let eig: Vec<f64> = order.iter().map(|&d| sv[d] * sv[d]).collect();
                let phi = |j: usize, d: usize| v[(j, order[d])].powi(2) / eig[d];
                let props: Vec<Vec<f64>> = (0..k)
                    .map(|d| {
                        (0..k)
                            .map(|j| phi(j, d) / (0..k).map(|m| phi(j, m)).sum::<f64>())
                            .collect()
                    })
                    .collect();
                (eig, props)
            }
            Err(_) => (vec![f64::NAN; k], vec![vec![f64::NAN; k]; k]),
        };
        let max = eig.first().copied().unwrap_or(f64::NAN);
        Collinearity {
            terms: kept.iter().map(|&j| fit.terms[j].clone()).collect(),
            condition_index: eig.iter().map(|l| (max / l).sqrt()).collect(),
            eigenvalues: eig,
            variance_proportions: props,
        }
    };

    // Zero-order, partial and part correlations (classical t).
    let ys = y.to_vec();
    let correlations = kept
        .iter()
        .filter(|&&j| !(fit.intercept && j == 0))
        .map(|&j| {
            let b = sol.bread.row(j);
            let t = sol.coef[j] / (s * b.dot(&b).sqrt());
            TermCorrelations {
                term: fit.terms[j].clone(),
                zero_order: pearson(&x.column(j).to_vec(), &ys).0,
                partial: t / (t * t + df_res).sqrt(),
                part: t * ((1.0 - fit.r_squared) / df_res).sqrt(),
            }
        })
        .collect();

    // Heteroskedasticity: auxiliary regressions of squared residuals.
    let slopes: Vec<Array1<f64>> = kept
        .iter()
        .filter(|&&j| !(fit.intercept && j == 0))
        .map(|&j| x.column(j).to_owned())
        .collect();
    let e2: Array1<f64> = sol.resid.mapv(|e| e * e);
    let q = slopes.len();
    let xa = with_intercept(&slopes, n);
    let (breusch_pagan, breusch_pagan_original) = match aux_fit(xa.view(), e2.view()) {
        Some((r2, _, rank)) if q > 0 => {
            let lm = n as f64 * r2;
            let sig2 = sol.sse / n as f64;
            let scaled = e2.mapv(|v| v / sig2);
            let orig = aux_fit(xa.view(), scaled.view()).map(|(_, ess, _)| ess / 2.0);
            let df = (rank - 1) as f64;
            (
                chi2_upper_p(lm, df).map(|p| Test {
                    statistic: lm,
                    df: Some(df),
                    p_value: p,
                }),
                orig.and_then(|bp| {
                    chi2_upper_p(bp, df).map(|p| Test {
                        statistic: bp,
                        df: Some(df),
                        p_value: p,
                    })
                }),
            )
        }
        _ => (None, None),
    };
    let white = if q > 0 && q <= WHITE_MAX_COLUMNS {
        let mut cols = slopes.clone();
        for a in 0..q {
            for b in a..q {
                cols.push(&slopes[a] * &slopes[b]);
            }
        }
        let xw = with_intercept(&cols, n);
        aux_fit(xw.view(), e2.view()).and_then(|(r2, _, rank)| {
            let lm = n as f64 * r2;
            let df = (rank - 1) as f64;
            chi2_upper_p(lm, df).map(|p| Test {
                statistic: lm,
                df: Some(df),
                p_value: p,
            })
        })
    } else {
        None
    };

    let resid = sol.resid.as_slice().expect("a fresh vector");
    let h = &sol.hat;
    let kf = k as f64;
    let nf = n as f64;
    // The measures as the augment data give them (one formula, `Influence::of`).
    let influence = |i: usize| Influence::of(resid[i], h[i], s, df_res, kf);
    let cut = InfluenceCutoffs {
        leverage: 2.0 * kf / nf,
        rstudent: 3.0,
        cooks_d: 4.0 / nf,
        dffits: 2.0 * (kf / nf).sqrt(),
    };
    let influential = (0..n)
        .filter_map(|i| {
            let x = influence(i);
            let mut flags = Vec::new();
            if h[i] > cut.leverage {
                flags.push("leverage".to_string());
            }
            if x.rstudent.abs() > cut.rstudent {
                flags.push("rstudent".into());
            }
            if x.cooks_d > cut.cooks_d {
                flags.push("cooks_d".into());
            }
            if x.dffits.abs() > cut.dffits {
                flags.push("dffits".into());
            }
            (!flags.is_empty()).then(|| InfluentialCase {
                row: rows.get(i).copied().unwrap_or(i + 1),
                id: None,
                hat: h[i],
                rstudent: x.rstudent,
                cooks_d: x.cooks_d,
                dffits: x.dffits,
                flags,
            })
        })
        .collect();

    // Added-variable plots without new regressions (Frisch-Waugh-Lovell): with q = M e_j,
    // the residual of x_j on the other columns is X q / q_j, and that of y is e + b_j of it.
    let added_variable = kept
        .iter()
        .enumerate()
        .filter(|&(_, &j)| !(fit.intercept && j == 0))
        .map(|(_, &j)| {
            let b = sol.bread.row(j);
            let q: Array1<f64> = sol.bread.dot(&b);
            let xq = x.dot(&q);
            let x_resid: Vec<f64> = xq.iter().map(|v| v / q[j]).collect();
            let y_resid: Vec<f64> = x_resid
                .iter()
                .zip(sol.resid.iter())
                .map(|(z, e)| e + sol.coef[j] * z)
                .collect();
            AddedVariable {
                term: fit.terms[j].clone(),
                x_resid,
                y_resid,
            }
        })
        .collect();

    Diagnostics {
        collinearity,
        correlations,
        breusch_pagan,
        breusch_pagan_original,
        white,
        jarque_bera: jarque_bera(resid),
        shapiro_wilk: shapiro_wilk(resid),
        influence_cutoffs: cut,
        influential,
        added_variable,
    }
}
