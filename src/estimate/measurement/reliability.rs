//! Item analysis and internal-consistency reliability of one construct, in the layout of
//! SPSS RELIABILITY (and the numbers of R's psych::alpha).
//!
//! # Formula
//! With k items, n complete cases, item variances s_j^2 and total-score variance s_T^2:
//! - Cronbach's alpha = k/(k-1) (1 - sum s_j^2 / s_T^2)
//! - alpha based on standardized items = k rbar / (1 + (k-1) rbar), rbar the mean inter-item r
//! - Feldt (1965) interval: 1 - (1 - alpha) F_{1-g/2}(n-1, (n-1)(k-1)) and
//!   1 - (1 - alpha) F_{g/2}(n-1, (n-1)(k-1)), g = 1 - level
//! - Guttman's lambda-6 on the correlation matrix R: 1 - sum_j (1 - SMC_j) / sum(R), with
//!   SMC_j the squared multiple correlation of item j on the others (psych's "G6(smc)")
//! - item-total: scale mean and variance if item deleted, corrected item-total correlation
//!   r(x_j, T - x_j), SMC_j, and alpha if item deleted.

use crate::estimate::regression::lsq::{LsqOptions, solve};
use crate::numeric::values::{AsValues, Values};
use crate::results::measurement::{Adequacy, ItemTotal, Reliability};
use ndarray::{Array1, Array2, Axis};
use statrs::distribution::{ContinuousCDF, FisherSnedecor};

fn var(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0)
}

/// F quantile with Newton steps on the CDF after statrs' start.
fn f_quantile(p: f64, d1: f64, d2: f64) -> f64 {
    let Ok(f) = FisherSnedecor::new(d1, d2) else {
        return f64::NAN;
    };
    let mut x = f.inverse_cdf(p);
    use statrs::distribution::Continuous;
    for _ in 0..8 {
        let step = (f.cdf(x) - p) / f.pdf(x);
        if !step.is_finite() {
            break;
        }
        x -= step;
        if step.abs() <= 1e-15 * x.abs() {
            break;
        }
    }
    x
}

/// Squared multiple correlation of each item on the others from the correlation matrix,
/// SMC_j = 1 - 1/(R^-1)_jj (as psych::smc): k x k work, whatever the number of cases. None
/// when R is near singular (smallest eigenvalue below 1e-6), where the inverse would lose
/// digits; the regressions on the items then give SMC exactly.
fn smc(r: &Array2<f64>) -> Option<Vec<f64>> {
    let (values, _) = crate::numeric::linalg::eigen_sym(r)?;
    if values.iter().any(|&v| !(v > 1e-6)) {
        return None;
    }
    let inv = crate::numeric::linalg::inverse_spd(r)?;
    (0..r.nrows())
        .map(|j| Some(1.0 - 1.0 / inv[[j, j]]))
        .collect()
}

/// SMC of each item by regressing it on the others (from the raw items; R2 is scale-free).
fn smc_by_regression(cols: &[Vec<f64>]) -> Vec<f64> {
    let (k, n) = (cols.len(), cols[0].len());
    (0..k)
        .map(|j| {
            let others: Vec<usize> = (0..k).filter(|&o| o != j).collect();
            let mut x = Array2::<f64>::ones((n, k));
            for (c, &o) in others.iter().enumerate() {
                x.column_mut(c + 1).assign(&Array1::from(cols[o].clone()));
            }
            let x = x.select(Axis(1), &(0..k).collect::<Vec<_>>());
            let y = Array1::from(cols[j].clone());
            match solve(x.view(), y.view(), LsqOptions::default()) {
                Ok(s) => 1.0 - s.sse / (var(&cols[j]) * (n as f64 - 1.0)),
                Err(_) => f64::NAN,
            }
        })
        .collect()
}

/// SMC of each item from the centred cross-products S alone (no rows): the regression of
/// item j on the others, R2_j = s_jo S_oo^+ s_oj / s_jj, with the pseudo-inverse (an item
/// that is a linear combination of others aliased, as the regression on the rows drops it).
pub fn smc_by_moments(s: &Array2<f64>) -> Vec<f64> {
    let k = s.nrows();
    (0..k)
        .map(|j| {
            let o: Vec<usize> = (0..k).filter(|&x| x != j).collect();
            let soo = Array2::from_shape_fn((k - 1, k - 1), |(a, b)| s[[o[a], o[b]]]);
            let Some((values, vectors)) = crate::numeric::linalg::eigen_sym(&soo) else {
                return f64::NAN;
            };
            let top = values.iter().fold(0.0f64, |t, v| t.max(v.abs()));
            let mut fitted = 0.0;
            for (c, &v) in values.iter().enumerate() {
                if v > top * 1e-10 {
                    let u: f64 = (0..k - 1).map(|a| vectors[[a, c]] * s[[o[a], j]]).sum();
                    fitted += u * u / v;
                }
            }
            fitted / s[[j, j]]
        })
        .collect()
}

/// Reliability of the items `columns` (already reverse-keyed), over the rows where every
/// item is present. None with fewer than 2 items or 3 complete cases.
pub fn reliability(
    construct: &str,
    names: &[String],
    columns: &[&[f64]],
    level: f64,
) -> Option<Reliability> {
    reliability_keyed(
        construct,
        names,
        columns,
        &vec![false; columns.len()],
        0.0,
        level,
    )
}

/// [`reliability`] of items given as answered, those flagged in `reversed` reverse-keyed
/// (x -> `around` - x, around = the scale's min + max) through their moments, without a
/// reversed copy of the data.
pub fn reliability_keyed<C: AsValues>(
    construct: &str,
    names: &[String],
    columns: &[C],
    reversed: &[bool],
    around: f64,
    level: f64,
) -> Option<Reliability> {
    let columns: Vec<Values> = columns.iter().map(AsValues::values).collect();
    let k = columns.len();
    let n_all = columns.first()?.len();
    let rows = complete_rows(&columns, n_all);
    if k < 2 || rows.len() < 3 {
        return None;
    }
    // Every statistic below is a function of the items' means and covariances: one pass.
    let m =
        crate::numeric::moments::cross_products(&columns, Some(&rows)).reflected(reversed, around);
    reliability_of(construct, names, &m, n_all, level, || {
        let cols: Vec<Vec<f64>> = columns.iter().map(|c| c.gather(&rows)).collect();
        smc_by_regression(&cols)
    })
}

/// [`reliability`] from the items' moments over their complete cases (reverse-keyed items
/// already reflected) and the number of rows read, `n_all`. `smc_fallback` gives the squared
/// multiple correlations when the correlation matrix is too near singular to invert.
pub fn reliability_of(
    construct: &str,
    names: &[String],
    m: &crate::numeric::moments::CrossProducts,
    n_all: usize,
    level: f64,
    smc_fallback: impl FnOnce() -> Vec<f64>,
) -> Option<Reliability> {
    let k = m.means.len();
    let n = m.n;
    if k < 2 || n < 3 {
        return None;
    }
    let c = m.covariance();
    let r = m.correlation();
    let kf = k as f64;
    let total_var = c.sum();
    let alpha_from = |kept: &dyn Fn(usize) -> bool| {
        let idx: Vec<usize> = (0..k).filter(|&j| kept(j)).collect();
        let kk = idx.len() as f64;
        let (mut diag, mut all) = (0.0, 0.0);
        for &a in &idx {
            diag += c[[a, a]];
            for &b in &idx {
                all += c[[a, b]];
            }
        }
        kk / (kk - 1.0) * (1.0 - diag / all)
    };
    let alpha = alpha_from(&|_| true);
    let rbar = (r.sum() - kf) / (kf * (kf - 1.0));
    let std_alpha = kf * rbar / (1.0 + (kf - 1.0) * rbar);
    // (By regression on the items as answered: a squared multiple correlation is the same
    // for a reflected item.)
    let smc = smc(&r).unwrap_or_else(smc_fallback);
    let lambda6 = 1.0 - smc.iter().map(|s| 1.0 - s).sum::<f64>() / r.sum();
    let g = 1.0 - level;
    let (d1, d2) = (n as f64 - 1.0, (n as f64 - 1.0) * (kf - 1.0));
    let scale_mean: f64 = m.means.iter().sum();
    let items = (0..k)
        .map(|j| {
            // The rest score T - x_j: its variance and covariance with x_j from C.
            let row: f64 = (0..k).map(|b| c[[j, b]]).sum();
            let rest_var = total_var - 2.0 * row + c[[j, j]];
            ItemTotal {
                item: names[j].clone(),
                mean: m.means[j],
                sd: c[[j, j]].sqrt(),
                scale_mean_if_deleted: scale_mean - m.means[j],
                scale_variance_if_deleted: rest_var,
                corrected_item_total_r: (row - c[[j, j]]) / (c[[j, j]] * rest_var).sqrt(),
                squared_multiple_r: smc[j],
                alpha_if_deleted: if k >= 3 {
                    alpha_from(&|o| o != j)
                } else {
                    f64::NAN
                },
            }
        })
        .collect();
    Some(Reliability {
        construct: construct.to_string(),
        n_items: k,
        n_valid: n,
        n_excluded: n_all - n,
        alpha,
        std_alpha,
        alpha_conf_low: 1.0 - (1.0 - alpha) * f_quantile(1.0 - g / 2.0, d1, d2),
        alpha_conf_high: 1.0 - (1.0 - alpha) * f_quantile(g / 2.0, d1, d2),
        conf_level: level,
        lambda6,
        omega_total: omega_total(&r),
        mean_inter_item_r: rbar,
        scale_mean,
        scale_variance: total_var,
        items,
    })
}

/// McDonald's omega total of a correlation matrix from one principal-axis factor.
///
/// # Formula
/// Items whose loading is negative are reflected (psych's flip); with V_t the sum of the
/// (reflected) correlation matrix and h² the communalities, ω_t = (V_t - Σ(1 - h²)) / V_t
/// (psych::omega, nfactors = 1, fm = "pa").
pub fn omega_total(r: &Array2<f64>) -> Option<f64> {
    use super::efa::{Extraction, extract};
    let e = extract(r, 1, Extraction::Paf)?;
    let k = r.nrows();
    let sign: Vec<f64> = (0..k)
        .map(|i| if e.loadings[[i, 0]] < 0.0 { -1.0 } else { 1.0 })
        .collect();
    let vt: f64 = (0..k)
        .flat_map(|i| (0..k).map(move |j| (i, j)))
        .map(|(i, j)| r[[i, j]] * sign[i] * sign[j])
        .sum();
    let uniq: f64 = (0..k).map(|i| 1.0 - e.loadings[[i, 0]].powi(2)).sum();
    Some((vt - uniq) / vt)
}

/// The rows where every column has a value (listwise).
fn complete_rows(columns: &[Values], n: usize) -> Vec<usize> {
    (0..n)
        .filter(|&i| columns.iter().all(|c| c.at(i).is_finite()))
        .collect()
}

/// KMO and Bartlett's test on the correlation matrix of complete cases.
///
/// # Formula
/// With R the correlation matrix and Q = R^-1, partial correlations
/// a_ij = -q_ij / sqrt(q_ii q_jj); KMO = sum_{i!=j} r_ij^2 / (sum_{i!=j} r_ij^2 + sum_{i!=j} a_ij^2),
/// MSA_j the same sums over row j (psych::KMO). Bartlett: chi2 = -(n - 1 - (2p + 5)/6) ln|R|
/// on p(p-1)/2 df (psych::cortest.bartlett).
pub fn adequacy(names: &[String], columns: &[&[f64]]) -> Option<Adequacy> {
    columns.first()?;
    adequacy_of(names, &crate::numeric::moments::complete_cases(columns))
}

/// [`adequacy`] from the items' moments over their complete cases, computed once for KMO,
/// the EFA and the CFA of a study. Reverse-keyed items give the same KMO and Bartlett test:
/// reversing an item only changes the signs of its correlations.
pub fn adequacy_of(
    names: &[String],
    complete: &crate::numeric::moments::CrossProducts,
) -> Option<Adequacy> {
    let p = complete.means.len();
    let n = complete.n;
    if p < 2 || n <= p {
        return None;
    }
    let rm = complete.correlation();
    let r = faer::Mat::<f64>::from_fn(p, p, |a, b| rm[[a, b]]);
    let llt = r.as_ref().llt(faer::Side::Lower).ok()?;
    use faer::linalg::solvers::DenseSolveCore;
    let q = llt.inverse();
    let logdet: f64 = 2.0 * (0..p).map(|i| llt.L()[(i, i)].ln()).sum::<f64>();
    let a = |i: usize, j: usize| -q[(i, j)] / (q[(i, i)] * q[(j, j)]).sqrt();
    let (mut r2, mut a2) = (0.0, 0.0);
    let mut msa = Vec::with_capacity(p);
    for i in 0..p {
        let (mut ri, mut ai) = (0.0, 0.0);
        for j in (0..p).filter(|&j| j != i) {
            ri += r[(i, j)] * r[(i, j)];
            ai += a(i, j) * a(i, j);
        }
        r2 += ri;
        a2 += ai;
        msa.push((names[i].clone(), ri / (ri + ai)));
    }
    let nf = n as f64;
    let pf = p as f64;
    let chi2 = -(nf - 1.0 - (2.0 * pf + 5.0) / 6.0) * logdet;
    let df = pf * (pf - 1.0) / 2.0;
    Some(Adequacy {
        n,
        kmo: r2 / (r2 + a2),
        msa,
        bartlett_statistic: chi2,
        bartlett_df: df,
        bartlett_p_value: crate::numeric::dist::chi2_upper_p(chi2, df)?,
    })
}

#[cfg(test)]
mod tests {
    /// SMC from the cross-products equals 1 - 1/(R^-1)_jj where R inverts, and is 1 for
    /// items that are linear combinations of others, where it does not.
    #[test]
    fn smc_from_moments_matches_the_inverse_and_takes_collinear_items() {
        let cols: Vec<Vec<f64>> = (0..3)
            .map(|j| {
                (0..200)
                    .map(|i| ((i * (7 + 4 * j) + j) % 5) as f64 + (i % 3) as f64)
                    .collect()
            })
            .collect();
        let m = crate::numeric::moments::cross_products(
            &cols.iter().map(Vec::as_slice).collect::<Vec<_>>(),
            None,
        );
        let want = super::smc(&m.correlation()).unwrap();
        for (g, w) in super::smc_by_moments(&m.s).iter().zip(&want) {
            assert!((g - w).abs() < 1e-12, "{g} {w}");
        }
        let sum: Vec<f64> = (0..200).map(|i| cols[0][i] + cols[1][i]).collect();
        let all = [cols[0].as_slice(), cols[1].as_slice(), sum.as_slice()];
        let m = crate::numeric::moments::cross_products(&all, None);
        assert!(super::smc(&m.correlation()).is_none());
        for g in super::smc_by_moments(&m.s) {
            assert!((g - 1.0).abs() < 1e-9, "{g}");
        }
    }
}
