//! Robust standard errors and the scaled test of a covariance structure fitted by ML, as
//! lavaan 0.6 computes them for `estimator = "MLR"` (Huber-White) and for `cluster =`
//! (cluster-robust): a sandwich of the observed information around the first-order
//! information of the casewise (or cluster-summed) scores, and the Yuan-Bentler scaled χ²
//! in its Mplus variant.
//!
//! # Formula
//! With z_i = y_i - ȳ, u_i = Σ⁻¹ z_i and Σ_k = ∂Σ/∂θ_k, the score of row i is
//! s_ik = ½ (u_i' Σ_k u_i - tr(Σ⁻¹ Σ_k)) (and u_ij for the intercept of variable j when
//! means are modelled). Summed within each of C clusters (or one row a unit),
//! B = c/N Σ_units s s' with c = C/(C-1) for clusters (1 otherwise); the covariance of the
//! estimates is A⁻¹ B A⁻¹ / N with A the observed (Hessian) information per observation.
//!
//! The scaled test divides χ² by c = (tr(Γ A₁) - tr(E⁻¹ B)) / df, where A₁ is the
//! unstructured (saturated) information at the sample moments, Γ the fourth-order moments of
//! the (cluster-summed, times C/(C-1)) deviations of the data from them (with fixed.x, of the
//! data less what the exogenous variables predict) and E the information of the test
//! (lavaan: the Hessian; with clusters, Δ' H₁ Δ, the h1 observed information at Σ̂).

use crate::estimate::measurement::cfa::{comparative_fit, ncp_for, pchisq_noncentral};
use crate::numeric::dist::chi2_upper_p;
use crate::numeric::linalg::invert;
use crate::results::sem::ScaledFit;
use ndarray::{Array1, Array2};

/// The complete cases behind the covariance matrix.
pub struct RawData<'a> {
    /// N × p: the observed variables in the model's order.
    pub y: &'a Array2<f64>,
    /// Cluster code of each row (0..C), for cluster-robust errors.
    pub cluster: Option<&'a [usize]>,
}

impl RawData<'_> {
    /// The unit (row or cluster) of each row, the number of units and the small-sample
    /// factor C/(C-1) of cluster sums (1 for rows).
    fn units(&self) -> (Vec<usize>, usize, f64) {
        match self.cluster {
            Some(c) => {
                let n = c.iter().max().map_or(0, |m| m + 1);
                (c.to_vec(), n, n as f64 / (n as f64 - 1.0))
            }
            None => ((0..self.y.nrows()).collect(), self.y.nrows(), 1.0),
        }
    }
    /// The number of clusters (None without).
    pub fn clusters(&self) -> Option<usize> {
        self.cluster.map(|_| self.units().1)
    }
}

/// The robust covariance of the estimates and the model's trace tr(E⁻¹ B).
pub(crate) struct Sandwich {
    pub vcov: Array2<f64>,
    pub trace_h0: f64,
}

fn trace_product(a: &Array2<f64>, b: &Array2<f64>) -> f64 {
    // tr(A B) for square A, B.
    a.iter().zip(b.t().iter()).map(|(x, y)| x * y).sum::<f64>()
}

/// The sandwich around the free parameters whose Σ_k are `dsig`: `hessian` is the observed
/// information per observation (the bread), `test_info` the information of the test. With
/// `means`, the intercepts of the variables not in `x` are parameters too (saturated: μ̂ = ȳ),
/// which adds their part to the trace (it does not change the other parameters' errors: the
/// information is block-diagonal at μ̂ = ȳ).
pub(crate) fn sandwich(
    data: &RawData,
    x: &[usize],
    sigma: &Array2<f64>,
    dsig: &[Array2<f64>],
    hessian: &Array2<f64>,
    test_info: &Array2<f64>,
    means: bool,
) -> Option<Sandwich> {
    let (n, p) = data.y.dim();
    let k = dsig.len();
    let nf = n as f64;
    let inv = invert(sigma)?;
    let ybar = data.y.mean_axis(ndarray::Axis(0))?;
    let (unit, n_units, corr) = data.units();
    let tr_k: Vec<f64> = dsig.iter().map(|d| trace_product(&inv, d)).collect();
    let nx: Vec<usize> = (0..p).filter(|j| !x.contains(j)).collect();
    let mut sc = Array2::<f64>::zeros((n_units, k));
    let mut msc = Array2::<f64>::zeros((n_units, nx.len()));
    for i in 0..n {
        let z = &data.y.row(i) - &ybar;
        let u = inv.dot(&z);
        for (kk, d) in dsig.iter().enumerate() {
            let q = u.dot(&d.dot(&u));
            sc[[unit[i], kk]] += 0.5 * (q - tr_k[kk]);
        }
        if means {
            for (a, &j) in nx.iter().enumerate() {
                msc[[unit[i], a]] += u[j];
            }
        }
    }
    let b = sc.t().dot(&sc) * (corr / nf);
    let hinv = invert(hessian)?;
    let vcov = hinv.dot(&b).dot(&hinv) / nf;
    let einv = invert(test_info)?;
    let mut trace_h0 = trace_product(&einv, &b);
    if means {
        let e_mu = Array2::from_shape_fn((nx.len(), nx.len()), |(a, c)| inv[[nx[a], nx[c]]]);
        let b_mu = msc.t().dot(&msc) * (corr / nf);
        trace_h0 += trace_product(&invert(&e_mu)?, &b_mu);
    }
    Some(Sandwich { vcov, trace_h0 })
}

/// tr(Γ A₁) of the saturated model at the sample moments `s` (divisor N), over the moments
/// not fixed by `x` (fixed.x), with the intercepts when `means`.
pub(crate) fn trace_h1(data: &RawData, x: &[usize], s: &Array2<f64>, means: bool) -> Option<f64> {
    let (n, p) = data.y.dim();
    let nf = n as f64;
    let sinv = invert(s)?;
    let ybar = data.y.mean_axis(ndarray::Axis(0))?;
    let yc = data.y - &ybar;
    let nx: Vec<usize> = (0..p).filter(|j| !x.contains(j)).collect();
    // What the exogenous variables predict of the others (their own columns unchanged).
    let mut fitted = yc.clone();
    if !x.is_empty() {
        let sxx = Array2::from_shape_fn((x.len(), x.len()), |(a, b)| s[[x[a], x[b]]]);
        let sxy = Array2::from_shape_fn((x.len(), nx.len()), |(a, b)| s[[x[a], nx[b]]]);
        let beta = invert(&sxx)?.dot(&sxy);
        let xc = Array2::from_shape_fn((n, x.len()), |(i, a)| yc[[i, x[a]]]);
        let pred = xc.dot(&beta);
        for i in 0..n {
            for (b, &j) in nx.iter().enumerate() {
                fitted[[i, j]] = pred[[i, b]];
            }
        }
    } else {
        fitted.fill(0.0);
    }
    // Each row's deviation: its moment products less those of the prediction, centred.
    let dev = |i: usize| -> Array2<f64> {
        let a = yc.row(i);
        let f = fitted.row(i);
        Array2::from_shape_fn((p, p), |(r, c)| a[r] * a[c] - f[r] * f[c])
    };
    let mut mean_dev = Array2::<f64>::zeros((p, p));
    for i in 0..n {
        mean_dev += &dev(i);
    }
    mean_dev /= nf;
    let (unit, n_units, corr) = data.units();
    let mut v = vec![Array2::<f64>::zeros((p, p)); n_units];
    let mut m = Array2::<f64>::zeros((n_units, nx.len()));
    for i in 0..n {
        v[unit[i]] += &(dev(i) - &mean_dev);
        for (b, &j) in nx.iter().enumerate() {
            m[[unit[i], b]] += yc[[i, j]] - fitted[[i, j]];
        }
    }
    let s_mu = Array2::from_shape_fn((nx.len(), nx.len()), |(a, b)| sinv[[nx[a], nx[b]]]);
    let mut total = 0.0;
    for (u, vu) in v.iter().enumerate() {
        let w = sinv.dot(vu);
        total += 0.5 * trace_product(&w, &w);
        if means {
            let mu = m.row(u);
            total += mu.dot(&s_mu.dot(&mu));
        }
    }
    Some(total * corr / nf)
}

/// Δ' H₁ Δ: the h1 observed information at the model's Σ̂ (with the sample moments `s`)
/// mapped to the parameters; for a Σ linear in θ, the Hessian.
///
/// # Formula
/// E_kl = ½ tr(Σ_k Σ⁻¹ (2S - Σ) Σ⁻¹ Σ_l Σ⁻¹).
pub(crate) fn h1_information(
    sigma: &Array2<f64>,
    s: &Array2<f64>,
    dsig: &[Array2<f64>],
) -> Option<Array2<f64>> {
    let inv = invert(sigma)?;
    let aaa = inv.dot(&(s * 2.0 - sigma)).dot(&inv);
    let left: Vec<Array2<f64>> = dsig.iter().map(|d| d.dot(&aaa)).collect();
    let right: Vec<Array2<f64>> = dsig.iter().map(|d| d.dot(&inv)).collect();
    let k = dsig.len();
    Some(Array2::from_shape_fn((k, k), |(a, b)| {
        0.5 * trace_product(&left[a], &right[b])
    }))
}

/// The Hessian of `grad`'s function at `t` by lavaan's four-point differences of the
/// gradient (step 1e-6), symmetrized.
pub(crate) fn hessian(t: &[f64], grad: &dyn Fn(&[f64]) -> Option<Vec<f64>>) -> Option<Array2<f64>> {
    let k = t.len();
    let h = 1e-6;
    let mut out = Array2::<f64>::zeros((k, k));
    for j in 0..k {
        let at = |d: f64| {
            let mut x = t.to_vec();
            x[j] += d;
            grad(&x).map(Array1::from)
        };
        let col = (at(-2.0 * h)? - at(-h)? * 8.0 + at(h)? * 8.0 - at(2.0 * h)?) / (12.0 * h);
        out.column_mut(j).assign(&col);
    }
    let sym = (&out + &out.t()) / 2.0;
    Some(sym)
}

/// The scaled χ² and the fit indices on it, from the model's and the baseline's
/// [χ², df, scaling factor c], as lavaan 0.6 computes them.
///
/// # Formula
/// χ²_s = χ²/c. The .scaled indices put χ²_s (and the baseline's) into the usual formulas,
/// with RMSEA's df taken as c·df (lavaan: RMSEA_s = sqrt(max(χ²/(N c df) - 1/N, 0))). The
/// .robust ones (Brosseau-Liard, Savalei & Li 2012; Brosseau-Liard & Savalei 2014):
/// CFI = 1 - max(χ² - c df, 0) / max(χ² - c df, χ²_b - c_b df_b, 0),
/// TLI = 1 - (χ² - c df) df_b / ((χ²_b - c_b df_b) df), RMSEA = sqrt(max((χ² - c df)/(N df), 0)),
/// its interval from the noncentrality of χ²/c on df, times c. Under FIML the .robust ones
/// take `corrected`'s [χ², c] of the model and of the baseline in their place (lavaan's
/// FIML-corrected statistics, [`super::fiml::scaled_tests`]).
pub(crate) fn scaled_fit(
    model: [f64; 3],
    baseline: [f64; 3],
    corrected: Option<[[f64; 2]; 2]>,
    n: f64,
) -> ScaledFit {
    let [chi0, df, c0] = model;
    let [chi_b0, df_b, c_b0] = baseline;
    let (xs0, xbs) = (chi0 / c0, chi_b0 / c_b0);
    let s = comparative_fit(xs0, df, xbs, df_b, n);
    // lavaan's .scaled RMSEA: χ² on c·df degrees of freedom.
    let dfc = c0 * df;
    let bound = |x: f64, d: f64, target: f64| ncp_for(x, d, target);
    let rmsea_scaled = ((chi0 - dfc) / (n * dfc)).max(0.0).sqrt();
    let rmsea_scaled_low = (bound(chi0, dfc, 0.95) / (n * dfc)).sqrt();
    let rmsea_scaled_high = (bound(chi0, dfc, 0.05) / (n * dfc)).sqrt();
    let rmsea_scaled_pclose = 1.0 - pchisq_noncentral(chi0, dfc, n * dfc * 0.05 * 0.05);
    // The .robust indices: from the same χ² and c, or under FIML from the corrected ones.
    let [[chi, c], [chi_b, c_b]] = corrected.unwrap_or([[chi0, c0], [chi_b0, c_b0]]);
    let xs = chi / c;
    let t1 = (chi - c * df).max(0.0);
    let t2 = t1.max(chi_b - c_b * df_b).max(0.0);
    ScaledFit {
        chi_square: xs0,
        scaling_factor: c0,
        p_value: chi2_upper_p(xs0, df),
        baseline_chi_square: xbs,
        baseline_scaling_factor: c_b0,
        corrected: corrected.map(|[[x, c], [xb, cb]]| [x, c, xb, cb]),
        cfi_scaled: s.cfi,
        tli_scaled: s.tli,
        cfi_robust: if t2 > 0.0 { 1.0 - t1 / t2 } else { 1.0 },
        tli_robust: 1.0 - (chi - c * df) * df_b / ((chi_b - c_b * df_b) * df),
        rmsea_scaled,
        rmsea_scaled_low,
        rmsea_scaled_high,
        rmsea_scaled_pclose,
        rmsea_robust: ((chi - c * df) / (n * df)).max(0.0).sqrt(),
        rmsea_robust_low: (c * bound(xs, df, 0.95) / (n * df)).sqrt(),
        rmsea_robust_high: (c * bound(xs, df, 0.05) / (n * df)).sqrt(),
        rmsea_robust_pclose: 1.0 - pchisq_noncentral(xs, df, n * df * 0.05 * 0.05 / c),
    }
}
