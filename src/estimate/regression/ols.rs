//! Ordinary least squares with SPSS's and R's per-term and per-model statistics.
//!
//! # Formula
//! b from [`lsq::solve`]; with n observations, rank k and an intercept (c = 1) or not (c = 0):
//! - SSE = e'e; SSR = sum (yhat - mean(yhat))^2 (c = 1) or sum yhat^2 (c = 0), as `summary.lm`
//! - R2 = SSR / (SSR + SSE); adj R2 = 1 - (1 - R2)(n - c)/(n - k); sigma = sqrt(SSE/(n - k))
//! - F = (SSR/(k - c)) / (SSE/(n - k)) on (k - c, n - k) df
//! - logLik = -n/2 (log(2 pi) + 1 - log n + log SSE); AIC = -2 logLik + 2(k+1);
//!   BIC = -2 logLik + log(n)(k+1)
//! - Durbin-Watson = sum_t (e_t - e_{t-1})^2 / SSE, in data order
//! - Beta_j = b_j sd(x_j) / sd(y); Tolerance_j = 1 - R2_j of x_j on the other predictors
//!   (with an intercept), VIF_j = 1 / Tolerance_j
//! - t_j = b_j / se_j, two-sided p on the covariance's df; CI = b_j -/+ t_{df,1-a/2} se_j

use super::covariance::{CovError, CovType, covariance};
use super::lsq::{Data, LsqError, LsqOptions, LsqSolution, SolvePath, solve, solve_exact};
use super::summary::{Numbers, Summary, summarize};
use crate::numeric::dd::{Dd, sum_of};
use crate::numeric::dist::f_upper_p;
use crate::results::{Augment, OlsResult, WaldTest};
use ndarray::{Array2, ArrayView1, ArrayView2};

/// Everything one OLS fit needs.
#[derive(Clone, Debug)]
pub struct OlsSpec<'a> {
    /// n x p design (column 0 is the intercept when `intercept` is true).
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, f64>,
    /// What `x` and `y` miss of the exact data (see [`super::lsq::Data`]); None: nothing.
    pub x_lo: Option<ArrayView2<'a, f64>>,
    pub y_lo: Option<ArrayView1<'a, f64>>,
    /// Term name of each design column.
    pub terms: &'a [String],
    pub intercept: bool,
    pub cov: CovType,
    /// Cluster code (0..G) per observation, for `CovType::Cluster`.
    pub clusters: Option<&'a [usize]>,
    /// Name of the cluster variable, for the printed description.
    pub cluster_name: Option<&'a str>,
    /// Confidence level of the intervals, e.g. 0.95.
    pub level: f64,
    pub lsq: LsqOptions,
    /// 1-based data-row number of each observation (for `augment`).
    pub rows: Option<&'a [usize]>,
}

/// A fitted model as diagnostics and bootstraps read it: design, response, term names,
/// the least-squares solution and R2.
#[derive(Clone, Copy)]
pub struct FitView<'a> {
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, f64>,
    pub terms: &'a [String],
    /// Column 0 of `x` is the intercept.
    pub intercept: bool,
    pub sol: &'a LsqSolution,
    pub r_squared: f64,
}

/// One fit: its numbers, and the least-squares solution that diagnostics and bootstraps
/// ([`super::extras`]) are computed from. The per-row vectors of `result.augment` (fitted,
/// resid, hat) are the solution's, held once: [`OlsFit::into_result`] moves them in.
pub struct OlsFit {
    pub result: OlsResult,
    pub solution: LsqSolution,
}

impl OlsFit {
    /// The result, its augment data complete: the solution's fitted values, residuals and
    /// leverages moved in, not copied (8 MB each at 1,000,000 rows).
    pub fn into_result(self) -> OlsResult {
        let OlsFit {
            mut result,
            solution,
        } = self;
        let a = &mut result.augment;
        a.fitted = into_vec(solution.fitted);
        a.resid = into_vec(solution.resid);
        a.hat = into_vec(solution.hat);
        result
    }
}

/// A vector's elements as a `Vec`: its own buffer when it is the whole of it, else a copy.
fn into_vec(a: ndarray::Array1<f64>) -> Vec<f64> {
    let (n, contiguous) = (a.len(), a.as_slice().is_some());
    if !contiguous {
        return a.to_vec();
    }
    let (mut v, offset) = a.into_raw_vec_and_offset();
    let offset = offset.unwrap_or(0);
    if offset == 0 && v.len() == n {
        v
    } else {
        v.drain(offset..offset + n).collect()
    }
}

/// Errors of an OLS fit.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum OlsError {
    #[error(transparent)]
    Lsq(#[from] LsqError),
    #[error(transparent)]
    Cov(#[from] CovError),
    #[error("confidence level must be strictly between 0 and 1, got {0}")]
    Level(f64),
    #[error("{n} observations are too few for {k} estimable coefficients")]
    TooFewObservations { n: usize, k: usize },
}

fn opt(v: f64) -> Option<f64> {
    if v.is_finite() { Some(v) } else { None }
}

/// Sample mean and standard deviation (n - 1), accumulated in double-double.
pub fn mean_sd(v: impl Iterator<Item = f64>) -> (f64, f64) {
    let v: Vec<f64> = v.collect();
    mean_sd_of(v.len(), |i| v[i])
}

/// [`mean_sd`] of the `n` values `at(0), .., at(n - 1)`, read where they are (a column of a
/// design, not copied first).
pub fn mean_sd_of(n: usize, at: impl Fn(usize) -> f64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = sum_of(n, |i| Dd::from_f64(at(i))) / Dd::from_f64(n as f64);
    let ss = sum_of(n, |i| {
        let d = Dd::from_f64(at(i)) - mean;
        d * d
    });
    let sd = if n > 1 {
        (ss / Dd::from_f64((n - 1) as f64)).sqrt().to_f64()
    } else {
        f64::NAN
    };
    (mean.to_f64(), sd)
}

/// Fit the model (see the module docs for every formula). The result's augment data get
/// their fitted values, residuals and leverages from [`OlsFit::into_result`]; until then
/// those vectors are empty (the extras read them from the solution).
pub fn fit(spec: &OlsSpec) -> Result<OlsFit, OlsError> {
    if !(spec.level > 0.0 && spec.level < 1.0) {
        return Err(OlsError::Level(spec.level));
    }
    let (n, p) = spec.x.dim();
    let sol = solve_exact(
        Data {
            x: spec.x,
            x_lo: spec.x_lo,
            y: spec.y,
            y_lo: spec.y_lo,
        },
        spec.lsq,
    )?;
    let k = sol.rank();
    if n <= k {
        return Err(OlsError::TooFewObservations { n, k });
    }
    let cov = covariance(&sol, spec.x, spec.cov, spec.clusters)?;
    let nf = n as f64;

    // Sums of squares as summary.lm computes them, accumulated in double-double.
    let sse = sol.sse;
    let fitted = sol.fitted.as_slice().expect("a fresh vector");
    let resid = sol.resid.as_slice().expect("a fresh vector");
    // The sums over the rows, each in double-double, side by side on the cores: SSR, the
    // Durbin-Watson numerator, and each column's and the response's mean and SD (read in
    // place).
    enum Sum {
        Ssr,
        Dw,
        Column(usize),
        Response,
    }
    let sums: Vec<Sum> = [Sum::Ssr, Sum::Dw, Sum::Response]
        .into_iter()
        .chain((0..p).map(Sum::Column))
        .collect();
    let found = crate::numeric::parallel::map(&sums, |s| match *s {
        Sum::Ssr => {
            let mean = if spec.intercept {
                sum_of(n, |i| Dd::from_f64(fitted[i])) / Dd::from_f64(nf)
            } else {
                Dd::ZERO
            };
            let ssr = sum_of(n, |i| {
                let d = Dd::from_f64(fitted[i]) - mean;
                d * d
            });
            (ssr.to_f64(), f64::NAN)
        }
        Sum::Dw => {
            let num = sum_of(n.saturating_sub(1), |t| {
                let d = Dd::from_f64(resid[t + 1]) - Dd::from_f64(resid[t]);
                d * d
            });
            (num.to_f64() / sse, f64::NAN)
        }
        Sum::Response => mean_sd_of(n, |i| spec.y[i]),
        Sum::Column(j) => mean_sd_of(n, |i| spec.x[[i, j]]),
    });
    let (ssr, dw, sd_y) = (found[0].0, found[1].0, found[2].1);
    let column_stats = &found[3..];
    let tol = tolerances(spec, &sol, column_stats);
    let (path, refinement_steps) = match sol.path {
        SolvePath::Fast { refinement_steps } => ("fast", refinement_steps),
        SolvePath::Extended => ("extended", 0),
    };
    let mut notes = super::prose::notes(spec, &sol);
    if let Some(g) = cov.clusters {
        if let Some(n) = super::prose::few_clusters(spec.cov, g) {
            notes.push(n);
        }
    }
    let Summary {
        glance,
        anova,
        tidy,
        covariance,
    } = summarize(&Numbers {
        terms: spec.terms,
        intercept: spec.intercept,
        coef: &sol.coef.to_vec(),
        aliased: &sol.aliased,
        cov: &cov,
        cov_kind: spec.cov,
        cluster_name: spec.cluster_name,
        level: spec.level,
        n,
        sse,
        ssr,
        sd_x: &column_stats.iter().map(|s| s.1).collect::<Vec<_>>(),
        sd_y,
        tolerance: &tol,
        durbin_watson: dw,
        condition_number: sol.condition,
        solver: path,
        refinement_steps,
    });
    // The per-row vectors are the solution's, moved in by `OlsFit::into_result` once the
    // extras that read the solution are done.
    let augment = Augment {
        row: spec
            .rows
            .map(|r| r.to_vec())
            .unwrap_or_else(|| (1..=n).collect()),
        id: Vec::new(),
        fitted: Vec::new(),
        resid: Vec::new(),
        hat: Vec::new(),
        sigma: glance.sigma,
        df_residual: (n - k) as f64,
        rank: k as f64,
    };
    let result = OlsResult {
        glance,
        tidy,
        anova,
        covariance,
        notes,
        diagnostics: None,
        wild_bootstrap: None,
        pairs_bootstrap: None,
        augment,
        vcov: cov.matrix.clone(),
    };
    Ok(OlsFit {
        result,
        solution: sol,
    })
}

/// Tolerance (1 - R2_j) of every non-intercept kept column on the other kept non-intercept
/// columns, with an intercept: from the diagonal of (Xc'Xc)^-1 of the centred predictors,
/// tol_j = 1 / ([(Xc'Xc)^-1]_jj ||xc_j||^2).
/// `stats` holds each column's (mean, SD).
fn tolerances(
    spec: &OlsSpec,
    sol: &super::lsq::LsqSolution,
    stats: &[(f64, f64)],
) -> Vec<Option<f64>> {
    let aliased = &sol.aliased;
    let p = spec.x.ncols();
    let cols: Vec<usize> = (0..p)
        .filter(|&j| !aliased[j] && !(spec.intercept && j == 0))
        .collect();
    let mut out = vec![None; p];
    if cols.len() == 1 {
        out[cols[0]] = Some(1.0);
        return out;
    }
    if cols.is_empty() {
        return out;
    }
    let centred_ss = |j: usize| -> f64 {
        let mean = stats[j].0;
        spec.x
            .column(j)
            .iter()
            .map(|v| (v - mean) * (v - mean))
            .sum()
    };
    if spec.intercept {
        // With an intercept, the slope block of (X'X)^-1 is (Xc'Xc)^-1 (Frisch-Waugh-Lovell),
        // so the fit's own bread gives every tolerance without another regression.
        for &j in &cols {
            let b = sol.bread.row(j);
            out[j] = opt(1.0 / (b.dot(&b) * centred_ss(j)));
        }
        return out;
    }
    let n = spec.x.nrows();
    let mut xc = Array2::<f64>::zeros((n, cols.len()));
    for (c, &j) in cols.iter().enumerate() {
        let mean = stats[j].0;
        for i in 0..n {
            xc[[i, c]] = spec.x[[i, j]] - mean;
        }
    }
    let zero = ndarray::Array1::<f64>::zeros(n);
    let Ok(csol) = solve(xc.view(), zero.view(), spec.lsq) else {
        return out;
    };
    for (c, &j) in cols.iter().enumerate() {
        if csol.aliased[c] {
            continue;
        }
        let b = csol.bread.row(c);
        out[j] = opt(1.0 / (b.dot(&b) * centred_ss(j)));
    }
    out
}

/// Wald F test that all slopes are zero using covariance `v`: W = b' V^-1 b / q on (q, df).
/// A cluster-robust covariance from G clusters has rank at most G-1: with more slopes the
/// test is not computable (Stata prints F as missing). A covariance of lower rank than its
/// slopes otherwise is tested on the restrictions it supports (its rank r, through its
/// eigenvectors), as Stata drops the constraints it cannot test.
pub(super) fn wald_slopes(
    coef: &ndarray::Array1<f64>,
    v: &Array2<f64>,
    intercept: bool,
    aliased: &[bool],
    df: f64,
    clusters: Option<usize>,
) -> Option<WaldTest> {
    let idx: Vec<usize> = (0..coef.len())
        .filter(|&j| !aliased[j] && !(intercept && j == 0))
        .collect();
    wald_subset(coef, v, &idx, df, clusters)
}

/// Wald F test that the coefficients `idx` are all zero, F = b' V^-1 b / r on (r, df) degrees
/// of freedom, with r the rank of their covariance (a rank-deficient covariance is tested on
/// the restrictions it supports, as Stata does). None when there is nothing to test.
pub fn wald_subset(
    coef: &ndarray::Array1<f64>,
    v: &Array2<f64>,
    idx: &[usize],
    df: f64,
    clusters: Option<usize>,
) -> Option<WaldTest> {
    let q = idx.len();
    if q == 0 {
        return None;
    }
    if let Some(g) = clusters {
        if q > g.saturating_sub(1) {
            return Some(WaldTest {
                statistic: None,
                df1: q as f64,
                df2: df,
                p_value: None,
                note: Some(format!(
                    "not computable: {q} slopes exceed the rank of a cluster-robust covariance from {g} clusters (at most G-1 = {}), as Stata reports",
                    g.saturating_sub(1)
                )),
            });
        }
    }
    let vq = Array2::from_shape_fn((q, q), |(a, b)| v[[idx[a], idx[b]]]);
    let b: Vec<f64> = idx.iter().map(|&j| coef[j]).collect();
    let (values, vectors) = crate::numeric::linalg::eigen_sym(&vq)?;
    let top = values.iter().copied().fold(0.0f64, f64::max);
    if top <= 0.0 || !top.is_finite() {
        return None;
    }
    let kept: Vec<usize> = (0..q).filter(|&i| values[i] > top * 1e-10).collect();
    let r = kept.len();
    let w: f64 = kept
        .iter()
        .map(|&i| {
            let proj: f64 = (0..q).map(|a| vectors[[a, i]] * b[a]).sum();
            proj * proj / values[i]
        })
        .sum::<f64>()
        / r as f64;
    let p = f_upper_p(w, r as f64, df)?;
    Some(WaldTest {
        statistic: Some(w),
        df1: r as f64,
        df2: df,
        p_value: Some(p),
        note: (r < q).then(|| {
            format!(
                "the covariance of the {q} slopes has rank {r}: tested on {r} restrictions, as Stata drops the constraints it cannot test"
            )
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, array};

    #[test]
    fn the_result_takes_the_solutions_fitted_values_residuals_and_leverages() {
        // R 4.x: x <- c(1, 2, 3, 4, 6); y <- c(1, 3, 2, 5, 4); m <- lm(y ~ x)
        // fitted(m) = 1.6621621621621623 2.2702702702702702 2.8783783783783781
        //             3.4864864864864860 4.7027027027027035
        // hatvalues(m) = 0.52702702702702708 0.29729729729729726 0.20270270270270269
        //                0.24324324324324323 0.72972972972972971
        let fitted_r = [
            1.6621621621621623,
            2.2702702702702702,
            2.8783783783783781,
            3.4864864864864860,
            4.7027027027027035,
        ];
        let hat_r = [
            0.52702702702702708,
            0.29729729729729726,
            0.20270270270270269,
            0.24324324324324323,
            0.72972972972972971,
        ];
        let x = Array2::from_shape_fn((5, 2), |(i, j)| {
            if j == 0 {
                1.0
            } else {
                [1.0, 2.0, 3.0, 4.0, 6.0][i]
            }
        });
        let y = array![1.0, 3.0, 2.0, 5.0, 4.0];
        let terms = ["(Intercept)".to_string(), "x".to_string()];
        let spec = OlsSpec {
            x: x.view(),
            y: y.view(),
            x_lo: None,
            y_lo: None,
            terms: &terms,
            intercept: true,
            cov: CovType::Classical,
            clusters: None,
            cluster_name: None,
            level: 0.95,
            lsq: Default::default(),
            rows: Some(&[2, 3, 5, 7, 11]),
        };
        let fit = fit(&spec).unwrap();
        assert!(
            fit.result.augment.fitted.is_empty(),
            "moved in by into_result"
        );
        let (sol_fitted, sol_resid) = (fit.solution.fitted.to_vec(), fit.solution.resid.to_vec());
        let a = fit.into_result().augment;
        assert_eq!((a.fitted, a.resid), (sol_fitted, sol_resid));
        assert_eq!(a.row, vec![2, 3, 5, 7, 11]);
        assert_eq!((a.df_residual, a.rank), (3.0, 2.0));
        let r = fit_again(&spec);
        for i in 0..5 {
            assert!((r.augment.fitted[i] - fitted_r[i]).abs() < 1e-14);
            assert!((r.augment.hat[i] - hat_r[i]).abs() < 1e-14);
            assert!((r.augment.fitted[i] + r.augment.resid[i] - y[i]).abs() < 1e-14);
        }
    }

    fn fit_again(spec: &OlsSpec) -> OlsResult {
        fit(spec).unwrap().into_result()
    }

    #[test]
    fn a_vector_is_taken_whole_from_its_buffer_or_copied_from_part_of_one() {
        let whole = Array1::from(vec![1.0, 2.0, 3.0]);
        assert_eq!(into_vec(whole), vec![1.0, 2.0, 3.0]);
        let tail = Array1::from(vec![1.0, 2.0, 3.0, 4.0]).slice_move(ndarray::s![1..3]);
        assert_eq!(into_vec(tail), vec![2.0, 3.0]);
        let strided = Array1::from(vec![1.0, 2.0, 3.0, 4.0]).slice_move(ndarray::s![..;2]);
        assert_eq!(into_vec(strided), vec![1.0, 3.0]);
        assert_eq!(into_vec(Array1::from(Vec::<f64>::new())), Vec::<f64>::new());
    }
}
