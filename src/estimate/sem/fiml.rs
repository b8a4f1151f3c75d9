//! Full-information maximum likelihood for incomplete data (lavaan's `missing = "fiml"`):
//! every row contributes the normal likelihood of the variables it observes, so no answer
//! is thrown away. The rows are grouped by their pattern of observed variables; each pattern
//! enters through its count, mean and covariance.
//!
//! # Formula
//! log L(μ, Σ) = Σ_g -n_g/2 [p_g log 2π + log|Σ_g| + tr(Σ_g⁻¹ (S_g + (ȳ_g - μ_g)(ȳ_g - μ_g)'))],
//! Σ_g, μ_g the rows and columns of the pattern's observed variables, S_g their covariance
//! (divisor n_g) in the pattern's rows.

use crate::numeric::linalg::{inverse_spd_logdet, invert};
use ndarray::{Array1, Array2};

mod robust;

pub use robust::{Model, Rows, Scaled, kept, robust_vcov, scaled_tests};

/// One pattern of observed variables.
pub struct Pattern {
    /// The observed variables (indices into the model's observed variables).
    pub obs: Vec<usize>,
    pub n: usize,
    pub mean: Array1<f64>,
    /// Covariance of the observed variables in these rows, divisor n.
    pub cov: Array2<f64>,
    /// The rows (into the data given).
    pub rows: Vec<usize>,
}

/// The rows of incomplete data grouped by pattern (rows observing nothing left out).
pub struct Patterns {
    pub p: usize,
    pub n: usize,
    pub groups: Vec<Pattern>,
}

impl Patterns {
    /// Group the rows of `y` (NaN = missing) by their observed variables.
    pub fn new(y: &Array2<f64>) -> Patterns {
        let (rows, p) = y.dim();
        let mut keys: Vec<(Vec<bool>, usize)> = (0..rows)
            .map(|i| {
                (
                    (0..p).map(|j| y[[i, j]].is_finite()).collect::<Vec<bool>>(),
                    i,
                )
            })
            .filter(|(k, _)| k.iter().any(|&b| b))
            .collect();
        keys.sort();
        let mut groups: Vec<Pattern> = Vec::new();
        let mut start = 0;
        while start < keys.len() {
            let mut end = start;
            while end < keys.len() && keys[end].0 == keys[start].0 {
                end += 1;
            }
            let obs: Vec<usize> = (0..p).filter(|&j| keys[start].0[j]).collect();
            let rs: Vec<usize> = keys[start..end].iter().map(|k| k.1).collect();
            let nf = rs.len() as f64;
            let mean = Array1::from_shape_fn(obs.len(), |a| {
                rs.iter().map(|&i| y[[i, obs[a]]]).sum::<f64>() / nf
            });
            let cov = Array2::from_shape_fn((obs.len(), obs.len()), |(a, b)| {
                rs.iter()
                    .map(|&i| (y[[i, obs[a]]] - mean[a]) * (y[[i, obs[b]]] - mean[b]))
                    .sum::<f64>()
                    / nf
            });
            groups.push(Pattern {
                obs,
                n: rs.len(),
                mean,
                cov,
                rows: rs,
            });
            start = end;
        }
        Patterns {
            p,
            n: keys.len(),
            groups,
        }
    }
}

fn sub(m: &Array2<f64>, idx: &[usize]) -> Array2<f64> {
    Array2::from_shape_fn((idx.len(), idx.len()), |(a, b)| m[[idx[a], idx[b]]])
}

/// One pattern's pieces at (μ, Σ): Σ_g⁻¹, d = ȳ_g - μ_g, W = S_g + d d', log|Σ_g|.
struct At {
    inv: Array2<f64>,
    d: Array1<f64>,
    w: Array2<f64>,
    logdet: f64,
}

fn at(g: &Pattern, mu: &Array1<f64>, sigma: &Array2<f64>) -> Option<At> {
    let (inv, logdet) = inverse_spd_logdet(&sub(sigma, &g.obs))?;
    let d = Array1::from_shape_fn(g.obs.len(), |a| g.mean[a] - mu[g.obs[a]]);
    let w = &g.cov + &Array2::from_shape_fn((d.len(), d.len()), |(a, b)| d[a] * d[b]);
    Some(At { inv, d, w, logdet })
}

/// The log-likelihood at (μ, Σ) (None when some Σ_g is not positive definite).
pub fn loglik(pat: &Patterns, mu: &Array1<f64>, sigma: &Array2<f64>) -> Option<f64> {
    let ln2pi = (2.0 * std::f64::consts::PI).ln();
    let mut ll = 0.0;
    for g in &pat.groups {
        let a = at(g, mu, sigma)?;
        let tr: f64 = (&a.inv * &a.w).sum();
        ll -= g.n as f64 / 2.0 * (g.obs.len() as f64 * ln2pi + a.logdet + tr);
    }
    Some(ll)
}

/// The gradient of the log-likelihood: G with ∂logL/∂θ = ½ tr(G ∂Σ/∂θ), and ∂logL/∂μ.
///
/// # Formula
/// G = Σ_g n_g E_g(Σ_g⁻¹ W_g Σ_g⁻¹ - Σ_g⁻¹), ∂logL/∂μ = Σ_g n_g E_g(Σ_g⁻¹ d_g), E_g putting a
/// pattern's rows and columns in place.
pub fn gradient(
    pat: &Patterns,
    mu: &Array1<f64>,
    sigma: &Array2<f64>,
) -> Option<(Array2<f64>, Array1<f64>)> {
    let p = pat.p;
    let mut gs = Array2::<f64>::zeros((p, p));
    let mut gm = Array1::<f64>::zeros(p);
    for g in &pat.groups {
        let a = at(g, mu, sigma)?;
        let nf = g.n as f64;
        let m = a.inv.dot(&a.w).dot(&a.inv) - &a.inv;
        let v = a.inv.dot(&a.d);
        for (x, &i) in g.obs.iter().enumerate() {
            gm[i] += nf * v[x];
            for (y, &j) in g.obs.iter().enumerate() {
                gs[[i, j]] += nf * m[[x, y]];
            }
        }
    }
    Some((gs, gm))
}

/// Σ_g n_g E_g(Σ_g⁻¹): the information of the means (and their block of the observed one).
pub fn mean_information(pat: &Patterns, sigma: &Array2<f64>) -> Option<Array2<f64>> {
    let p = pat.p;
    let mut out = Array2::<f64>::zeros((p, p));
    for g in &pat.groups {
        let inv = invert(&sub(sigma, &g.obs))?;
        for (x, &i) in g.obs.iter().enumerate() {
            for (y, &j) in g.obs.iter().enumerate() {
                out[[i, j]] += g.n as f64 * inv[[x, y]];
            }
        }
    }
    Some(out)
}

/// The observed information (minus the Hessian of log L) of (θ, μ) at the estimates, but
/// for the part from Σ's second derivatives, which the caller adds: with Σ_k = ∂Σ/∂θ_k,
///
/// # Formula
/// H_θkθl = ½ Σ_g n_g tr(Σ_k,g A_g Σ_l,g Σ_g⁻¹), A_g = Σ_g⁻¹ (2 W_g - Σ_g) Σ_g⁻¹;
/// H_θkμ = Σ_g n_g E_g(Σ_g⁻¹ Σ_k,g Σ_g⁻¹ d_g); H_μμ = Σ_g n_g E_g(Σ_g⁻¹).
/// Each Σ_k is a sum of rank-two terms w(u_a u_b' + u_b u_a') over columns of `u` (p × m;
/// `pairs[k]` lists its (a, b, w)), so with the pattern's Grams G_A = U_g'A_gU_g and
/// G_J = U_g'Σ_g⁻¹U_g, tr((ab' + ba') A (xy' + yx') J) = G_A[b,x] G_J[y,a] + G_A[b,y] G_J[x,a]
/// + G_A[a,x] G_J[y,b] + G_A[a,y] G_J[x,b]: no p² × p² matrix, no p × p matrix per parameter.
pub fn information_first(
    pat: &Patterns,
    mu: &Array1<f64>,
    sigma: &Array2<f64>,
    u: &Array2<f64>,
    pairs: &[Vec<(usize, usize, f64)>],
) -> Option<Array2<f64>> {
    let p = pat.p;
    let k = pairs.len();
    let mut hth = Array2::<f64>::zeros((k, k));
    let mut out = Array2::<f64>::zeros((k + p, k + p));
    for g in &pat.groups {
        let a = at(g, mu, sigma)?;
        let nf = g.n as f64;
        let o = &g.obs;
        let b = a.inv.dot(&(&a.w * 2.0 - &sub(sigma, o))).dot(&a.inv);
        let ug = Array2::from_shape_fn((o.len(), u.ncols()), |(x, c)| u[[o[x], c]]);
        let ju = a.inv.dot(&ug);
        let gj = ug.t().dot(&ju);
        let ga = ug.t().dot(&b.dot(&ug));
        for (kk, pk) in pairs.iter().enumerate() {
            for (ll, pl) in pairs.iter().enumerate() {
                let mut t = 0.0;
                for &(a1, b1, w1) in pk {
                    for &(x, y, w2) in pl {
                        t += w1
                            * w2
                            * (ga[[b1, x]] * gj[[y, a1]]
                                + ga[[b1, y]] * gj[[x, a1]]
                                + ga[[a1, x]] * gj[[y, b1]]
                                + ga[[a1, y]] * gj[[x, b1]]);
                    }
                }
                hth[[kk, ll]] += 0.5 * nf * t;
            }
        }
        let v = a.inv.dot(&a.d);
        let uv = ug.t().dot(&v);
        for (kk, pk) in pairs.iter().enumerate() {
            for &(a1, b1, w1) in pk {
                for (x, &i) in o.iter().enumerate() {
                    let t = nf * w1 * (ju[[x, a1]] * uv[b1] + ju[[x, b1]] * uv[a1]);
                    out[[kk, k + i]] += t;
                    out[[k + i, kk]] += t;
                }
            }
        }
        for (x, &i) in o.iter().enumerate() {
            for (y, &j) in o.iter().enumerate() {
                out[[k + i, k + j]] += nf * a.inv[[x, y]];
            }
        }
    }
    for x in 0..k {
        for y in 0..k {
            out[[x, y]] = 0.5 * (hth[[x, y]] + hth[[y, x]]);
        }
    }
    Some(out)
}

/// The saturated (unrestricted) model by EM: the means and covariance of the variables
/// with the largest likelihood given the incomplete rows, iterated until no moment moves by
/// more than 1e-13 of its scale.
pub fn saturated(pat: &Patterns) -> Option<(Array1<f64>, Array2<f64>)> {
    let p = pat.p;
    let nf = pat.n as f64;
    // Start: each variable's mean and variance over its observed values, no covariance.
    let mut mu = Array1::<f64>::zeros(p);
    let mut cnt = vec![0.0; p];
    for g in &pat.groups {
        for (x, &i) in g.obs.iter().enumerate() {
            mu[i] += g.n as f64 * g.mean[x];
            cnt[i] += g.n as f64;
        }
    }
    for i in 0..p {
        mu[i] /= cnt[i];
    }
    let mut sigma = Array2::<f64>::zeros((p, p));
    for g in &pat.groups {
        for (x, &i) in g.obs.iter().enumerate() {
            let d = g.mean[x] - mu[i];
            sigma[[i, i]] += g.n as f64 * (g.cov[[x, x]] + d * d);
        }
    }
    for i in 0..p {
        sigma[[i, i]] /= cnt[i];
    }
    for _ in 0..20_000 {
        let mut t1 = Array1::<f64>::zeros(p);
        let mut t2 = Array2::<f64>::zeros((p, p));
        for g in &pat.groups {
            let o = &g.obs;
            let m: Vec<usize> = (0..p).filter(|j| !o.contains(j)).collect();
            let gn = g.n as f64;
            // Expected sums of the missing variables given the observed (linear in them).
            let soo_inv = invert(&sub(&sigma, o))?;
            let smo = Array2::from_shape_fn((m.len(), o.len()), |(a, b)| sigma[[m[a], o[b]]]);
            let beta = smo.dot(&soo_inv);
            let mo = Array1::from_shape_fn(o.len(), |a| mu[o[a]]);
            let ybar_m = Array1::from_shape_fn(m.len(), |a| mu[m[a]]) + beta.dot(&(&g.mean - &mo));
            // Full-vector mean of the pattern's completed rows, and their cross-products.
            let mut full_mean = Array1::<f64>::zeros(p);
            for (x, &i) in o.iter().enumerate() {
                full_mean[i] = g.mean[x];
            }
            for (x, &i) in m.iter().enumerate() {
                full_mean[i] = ybar_m[x];
            }
            // Covariance of the completed rows around their mean: observed block S_g, the
            // missing ones regressed on it, plus the conditional covariance.
            let s_oo = &g.cov;
            let s_mo = beta.dot(s_oo);
            let cond = Array2::from_shape_fn((m.len(), m.len()), |(a, b)| sigma[[m[a], m[b]]])
                - beta.dot(&smo.t());
            let s_mm = beta.dot(s_oo).dot(&beta.t()) + &cond;
            for i in 0..p {
                t1[i] += gn * full_mean[i];
            }
            let mut block = Array2::<f64>::zeros((p, p));
            for (x, &i) in o.iter().enumerate() {
                for (y, &j) in o.iter().enumerate() {
                    block[[i, j]] = s_oo[[x, y]];
                }
                for (y, &j) in m.iter().enumerate() {
                    block[[i, j]] = s_mo[[y, x]];
                    block[[j, i]] = s_mo[[y, x]];
                }
            }
            for (x, &i) in m.iter().enumerate() {
                for (y, &j) in m.iter().enumerate() {
                    block[[i, j]] = s_mm[[x, y]];
                }
            }
            for i in 0..p {
                for j in 0..p {
                    t2[[i, j]] += gn * (block[[i, j]] + full_mean[i] * full_mean[j]);
                }
            }
        }
        let new_mu = &t1 / nf;
        let new_sigma =
            Array2::from_shape_fn((p, p), |(i, j)| t2[[i, j]] / nf - new_mu[i] * new_mu[j]);
        let moved = (0..p)
            .map(|i| {
                let sc = sigma[[i, i]].sqrt();
                let mut w = (new_mu[i] - mu[i]).abs() / sc;
                for j in 0..p {
                    w = w.max(
                        (new_sigma[[i, j]] - sigma[[i, j]]).abs() / (sc * sigma[[j, j]].sqrt()),
                    );
                }
                w
            })
            .fold(0.0, f64::max);
        mu = new_mu;
        sigma = new_sigma;
        if moved < 1e-13 {
            return Some((mu, sigma));
        }
    }
    None
}

/// The independence (baseline) model's estimates: each variable's mean and variance (divisor
/// n) over the rows that observe it.
pub fn baseline_moments(pat: &Patterns) -> (Array1<f64>, Array1<f64>) {
    let p = pat.p;
    let mut n = vec![0.0; p];
    let mut mean = Array1::<f64>::zeros(p);
    for g in &pat.groups {
        for (x, &j) in g.obs.iter().enumerate() {
            n[j] += g.n as f64;
            mean[j] += g.n as f64 * g.mean[x];
        }
    }
    for j in 0..p {
        mean[j] /= n[j];
    }
    let mut var = Array1::<f64>::zeros(p);
    for g in &pat.groups {
        for (x, &j) in g.obs.iter().enumerate() {
            let d = g.mean[x] - mean[j];
            var[j] += g.n as f64 * (g.cov[[x, x]] + d * d);
        }
    }
    for j in 0..p {
        var[j] /= n[j];
    }
    (mean, var)
}

/// The independence (baseline) model's log-likelihood over the variables not in `skip`
/// (fixed.x predictors, whose block the caller adds saturated).
pub fn baseline_loglik(pat: &Patterns, skip: &[usize]) -> f64 {
    let ln2pi = (2.0 * std::f64::consts::PI).ln();
    let (_, var) = baseline_moments(pat);
    (0..pat.p)
        .filter(|j| !skip.contains(j))
        .map(|j| {
            let n: f64 = pat
                .groups
                .iter()
                .filter(|g| g.obs.contains(&j))
                .map(|g| g.n as f64)
                .sum();
            -n / 2.0 * (ln2pi + var[j].ln() + 1.0)
        })
        .sum()
}
