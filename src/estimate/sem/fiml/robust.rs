//! Robust inference under full-information ML from the incomplete rows casewise: their
//! scores, the sandwich covariance (robust.huber.white, robust.cluster) and the scaled tests
//! (Yuan-Bentler, FIML-corrected).

use super::{Pattern, Patterns, information_first, sub};
use crate::numeric::linalg::{inverse_spd_logdet, invert};
use ndarray::{Array1, Array2};

/// The incomplete rows casewise: their patterns, the data (N × p, NaN = missing) and the
/// cluster code of each row (None: each row its own unit).
pub struct Rows<'a> {
    pub patterns: &'a Patterns,
    pub y: &'a Array2<f64>,
    pub cluster: Option<&'a [usize]>,
}

/// The units the scores are summed in: rows, or clusters (codes 0..C) with the small-sample
/// factor C/(C-1).
fn units(rows: usize, cluster: Option<&[usize]>) -> (usize, f64) {
    match cluster {
        Some(c) => {
            let n = c.iter().max().map_or(0, |m| m + 1);
            (n, n as f64 / (n as f64 - 1.0))
        }
        None => (rows, 1.0),
    }
}

/// The rows' scores of (θ, μ) at (μ, Σ), summed within units (rows or clusters): units ×
/// (k + p), the columns `keep` of them, and the units' factor (C/(C-1) or 1).
///
/// # Formula
/// Row i of pattern g, u_i = Σ_g⁻¹ (y_i,g - μ_g): s_ik = ½ (u_i' Σ_k,g u_i - tr(Σ_g⁻¹ Σ_k,g)),
/// s_iμ = E_g(u_i).
fn scores(
    rows: &Rows,
    mu: &Array1<f64>,
    sigma: &Array2<f64>,
    dsig: &[Array2<f64>],
    keep: &[usize],
) -> Option<(Array2<f64>, f64)> {
    let (pat, y, cluster) = (rows.patterns, rows.y, rows.cluster);
    let k = dsig.len();
    let p = pat.p;
    let (n_units, corr) = units(y.nrows(), cluster);
    let mut sc = Array2::<f64>::zeros((n_units, k + p));
    for g in &pat.groups {
        let o = &g.obs;
        let inv = invert(&sub(sigma, o))?;
        let dg: Vec<Array2<f64>> = dsig.iter().map(|d| sub(d, o)).collect();
        let tr: Vec<f64> = dg.iter().map(|d| (&inv * &d.t()).sum()).collect();
        for &i in &g.rows {
            let unit = cluster.map_or(i, |c| c[i]);
            let d = Array1::from_shape_fn(o.len(), |a| y[[i, o[a]]] - mu[o[a]]);
            let u = inv.dot(&d);
            for kk in 0..k {
                sc[[unit, kk]] += 0.5 * (u.dot(&dg[kk].dot(&u)) - tr[kk]);
            }
            for (x, &j) in o.iter().enumerate() {
                sc[[unit, k + j]] += u[x];
            }
        }
    }
    Some((sc.select(ndarray::Axis(1), keep), corr))
}

/// The parameters of (θ, μ) inference is about: all but the predictors' moments under fixed.x
/// (`exo`: their θ indices; `x`: the predictors), which lavaan holds at their sample values.
pub fn kept(q: usize, p: usize, exo: &[usize], x: &[usize]) -> Vec<usize> {
    (0..q)
        .filter(|k| !exo.contains(k))
        .chain((0..p).filter(|j| !x.contains(j)).map(|j| q + j))
        .collect()
}

/// The sandwich covariance of the parameters `keep` of (θ, μ) under FIML: the inverse observed
/// information `info` (their block) around the outer products of the rows' scores, summed
/// within clusters (times C/(C-1)) when `cluster` codes are given, as lavaan's
/// robust.huber.white and robust.cluster.
///
/// # Formula
/// V = H⁻¹ (c Σ_units s s') H⁻¹, H and s over the parameters kept.
pub fn robust_vcov(
    rows: &Rows,
    mu: &Array1<f64>,
    sigma: &Array2<f64>,
    dsig: &[Array2<f64>],
    info: &Array2<f64>,
    keep: &[usize],
) -> Option<Array2<f64>> {
    let (sc, corr) = scores(rows, mu, sigma, dsig, keep)?;
    let b = sc.t().dot(&sc) * corr;
    let h = info
        .select(ndarray::Axis(0), keep)
        .select(ndarray::Axis(1), keep);
    let hinv = invert(&h)?;
    Some(hinv.dot(&b).dot(&hinv))
}

/// A coordinate of the saturated model: a mean, or a (co)variance (j ≤ k).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Moment {
    Mean(usize),
    Cov(usize, usize),
}

/// The saturated model's coordinates but the predictors' own moments (lavaan's h1 with x.idx
/// eliminated): the covariances first, then the means.
fn moments(p: usize, x: &[usize]) -> Vec<Moment> {
    let mut out: Vec<Moment> = (0..p)
        .flat_map(|j| (j..p).map(move |k| Moment::Cov(j, k)))
        .filter(|m| !matches!(m, Moment::Cov(j, k) if x.contains(j) && x.contains(k)))
        .collect();
    out.extend((0..p).filter(|j| !x.contains(j)).map(Moment::Mean));
    out
}

/// The saturated model's observed information (totals) at (μ, Σ) over `coords`, by
/// [`information_first`] (Σ is linear in its coordinates: nothing to add).
fn saturated_information(
    pat: &Patterns,
    mu: &Array1<f64>,
    sigma: &Array2<f64>,
    coords: &[Moment],
) -> Option<Array2<f64>> {
    let p = pat.p;
    let covs: Vec<(usize, usize)> = coords
        .iter()
        .filter_map(|m| match m {
            Moment::Cov(j, k) => Some((*j, *k)),
            Moment::Mean(_) => None,
        })
        .collect();
    let pairs: Vec<Vec<(usize, usize, f64)>> = covs
        .iter()
        .map(|&(j, k)| vec![(j, k, if j == k { 0.5 } else { 1.0 })])
        .collect();
    let all = information_first(pat, mu, sigma, &Array2::eye(p), &pairs)?;
    let idx: Vec<usize> = coords
        .iter()
        .map(|m| match m {
            Moment::Cov(j, k) => covs.iter().position(|c| *c == (*j, *k)).unwrap_or(0),
            Moment::Mean(j) => covs.len() + j,
        })
        .collect();
    Some(
        all.select(ndarray::Axis(0), &idx)
            .select(ndarray::Axis(1), &idx),
    )
}

/// The saturated model's scores at (μ, Σ) over `coords`, summed within units, times
/// √(C/(C-1)): units × coordinates.
///
/// # Formula
/// u_i = Σ_g⁻¹ (y_i,g - μ_g), M_i = E_g(u_i u_i' - Σ_g⁻¹): the score of σ_jk is M_jk (j ≠ k),
/// ½ M_jj (j = k); of μ_j, E_g(u_i)_j.
fn saturated_scores(
    rows: &Rows,
    mu: &Array1<f64>,
    sigma: &Array2<f64>,
    coords: &[Moment],
) -> Option<Array2<f64>> {
    let (pat, y, cluster) = (rows.patterns, rows.y, rows.cluster);
    let p = pat.p;
    let (n_units, corr) = units(y.nrows(), cluster);
    let mut sc = Array2::<f64>::zeros((n_units, coords.len()));
    for g in &pat.groups {
        let o = &g.obs;
        let inv = invert(&sub(sigma, o))?;
        let mut pos = vec![usize::MAX; p];
        for (a, &j) in o.iter().enumerate() {
            pos[j] = a;
        }
        // Each coordinate's place in the pattern (None when a variable is unobserved).
        let at: Vec<Option<(usize, usize, f64)>> = coords
            .iter()
            .map(|m| match *m {
                Moment::Cov(j, k) if pos[j] != usize::MAX && pos[k] != usize::MAX => {
                    Some((pos[j], pos[k], if j == k { 0.5 } else { 1.0 }))
                }
                Moment::Mean(j) if pos[j] != usize::MAX => Some((pos[j], usize::MAX, 1.0)),
                _ => None,
            })
            .collect();
        for &i in &g.rows {
            let unit = cluster.map_or(i, |c| c[i]);
            let d = Array1::from_shape_fn(o.len(), |a| y[[i, o[a]]] - mu[o[a]]);
            let u = inv.dot(&d);
            for (c, a) in at.iter().enumerate() {
                match *a {
                    Some((a, usize::MAX, _)) => sc[[unit, c]] += u[a],
                    Some((a, b, w)) => sc[[unit, c]] += w * (u[a] * u[b] - inv[[a, b]]),
                    None => {}
                }
            }
        }
    }
    Some(sc * corr.sqrt())
}

/// One model's side of the scaled tests: its implied moments, ∂Σ/∂θ of its free parameters
/// θ (the predictors' moments excepted), and the observed information (totals) of (θ, μ)
/// with the columns and rows `keep` the parameters of inference ([`kept`]).
pub struct Model<'a> {
    pub mu: &'a Array1<f64>,
    pub sigma: &'a Array2<f64>,
    pub dsig: &'a [Array2<f64>],
    pub info: &'a Array2<f64>,
    pub keep: &'a [usize],
    pub df: f64,
}

/// A model's scaled tests under FIML.
#[derive(Clone, Copy, Debug)]
pub struct Scaled {
    /// The Yuan-Bentler scaling factor (Mplus variant) of the likelihood-ratio χ².
    pub scaling: f64,
    /// FIML-corrected: the complete-data χ² of the model at the saturated moments, and its
    /// scaling factor (for the .robust indices).
    pub corrected_chi_square: f64,
    pub corrected_scaling: f64,
}

/// The scaled tests of `models` (the model, its baseline) under FIML, as lavaan 0.6.14
/// computes them for estimator = "MLR" or cluster = with missing = "ml": the Yuan-Bentler
/// scaling factor (Mplus variant) and the FIML-corrected statistic of the .robust CFI, TLI and
/// RMSEA (lavaan's lav_fit_fiml_corrected, V3; Zhang & Savalei 2023). `h1` are the saturated
/// (EM) moments, `x` the predictors held fixed (fixed.x).
///
/// # Formula
/// Over the saturated coordinates (means and (co)variances, the predictors' own left out),
/// at the EM moments: W the observed information of the incomplete data, J = Σ_units s s'
/// (times C/(C-1)) of the rows' scores, W_c the complete-data information; Γ = W⁻¹ J W⁻¹.
/// A model with Jacobian Δ of its moments, observed information H and first-order
/// information B₀ (the rows' scores at its estimates):
/// c = (tr(J W⁻¹) - tr(B₀ H⁻¹)) / df; U = W - W Δ (Δ'WΔ)⁻¹ Δ'W,
/// ĉ = tr(U W⁻¹ W_c W⁻¹ U Γ) / df, and T = N F_ML(μ̃, Σ̃; μ̂, Σ̂), the complete-data discrepancy
/// of the model's moments from the saturated ones.
pub fn scaled_tests(
    rows: &Rows,
    x: &[usize],
    h1: (&Array1<f64>, &Array2<f64>),
    models: &[Model],
) -> Option<Vec<Scaled>> {
    let pat = rows.patterns;
    let p = pat.p;
    let coords = moments(p, x);
    let (mu1, sigma1) = h1;
    let w = saturated_information(pat, mu1, sigma1, &coords)?;
    let js = saturated_scores(rows, mu1, sigma1, &coords)?;
    let j = js.t().dot(&js);
    let complete = Patterns {
        p,
        n: pat.n,
        groups: vec![Pattern {
            obs: (0..p).collect(),
            n: pat.n,
            mean: mu1.clone(),
            cov: sigma1.clone(),
            rows: Vec::new(),
        }],
    };
    let wc = saturated_information(&complete, mu1, sigma1, &coords)?;
    let wi = invert(&w)?;
    let trace = |a: &Array2<f64>, b: &Array2<f64>| -> f64 {
        a.iter().zip(b.t().iter()).map(|(u, v)| u * v).sum()
    };
    let trace_h1 = trace(&j, &wi);
    let gamma = wi.dot(&j).dot(&wi);
    let middle = wi.dot(&wc).dot(&wi);
    let mut out = Vec::new();
    for m in models {
        let k = m.dsig.len();
        // Δ over the parameters kept: θ_k's column from Σ_k, μ_j's a one.
        let delta = Array2::from_shape_fn((coords.len(), m.keep.len()), |(r, c)| {
            let col = m.keep[c];
            match coords[r] {
                Moment::Cov(a, b) if col < k => m.dsig[col][[a, b]],
                Moment::Mean(a) if col >= k => f64::from(col - k == a),
                _ => 0.0,
            }
        });
        let (sc, corr) = scores(rows, m.mu, m.sigma, m.dsig, m.keep)?;
        let b0 = sc.t().dot(&sc) * corr;
        let h = m
            .info
            .select(ndarray::Axis(0), m.keep)
            .select(ndarray::Axis(1), m.keep);
        let trace_h0 = trace(&b0, &invert(&h)?);
        let wd = w.dot(&delta);
        let u = &w - &wd.dot(&invert(&delta.t().dot(&wd))?).dot(&wd.t());
        let k_fimlc = trace(&u.dot(&middle).dot(&u), &gamma);
        // The complete-data discrepancy N F_ML of (μ̂, Σ̂) from (μ̃, Σ̃).
        let (inv, ld) = inverse_spd_logdet(m.sigma)?;
        let (_, ld1) = inverse_spd_logdet(sigma1)?;
        let dm = mu1 - m.mu;
        let f = ld - ld1 + trace(sigma1, &inv) - p as f64 + dm.dot(&inv.dot(&dm));
        out.push(Scaled {
            scaling: (trace_h1 - trace_h0) / m.df,
            corrected_chi_square: pat.n as f64 * f,
            corrected_scaling: k_fimlc / m.df,
        });
    }
    Some(out)
}
