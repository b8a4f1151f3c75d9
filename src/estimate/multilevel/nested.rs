//! Two nested random intercepts: centers, and waves within centers — lme4's
//! `y ~ x + (1 | center) + (1 | center:wave)`, the model of a benchmark repeated over waves
//! (the same centers, different respondents each wave).
//!
//! # Model and criterion
//! y_i = x_i'β + u_j + v_jw + e_i, u_j ~ N(0, τ²_c), v_jw ~ N(0, τ²_w), e_i ~ N(0, σ²), with
//! the relative standard deviations θ = (τ_c / σ, τ_w / σ). As lme4 (Bates et al. 2015, §3),
//! the criterion is profiled over β and σ²: each center's random effects b_j = (u_j, v_jw for
//! the waves it has) with Λ_j = diag(θ_c, θ_w, …, θ_w) give A_j = Λ_j Z_j'Z_j Λ_j + I = L_j L_j',
//! c_j = L_j⁻¹ Λ_j Z_j'y_j, C_j = L_j⁻¹ Λ_j Z_j'X_j; then R_X'R_X = X'X − Σ C_j'C_j,
//! β̂ = (R_X'R_X)⁻¹ (X'y − Σ C_j'c_j), the penalised residual sum of squares
//! r² = y'y − Σ c_j'c_j − β̂'(X'y − Σ C_j'c_j), and
//! REML: −2ℓ_R = Σ log|L_j|² + log|R_X'R_X| + (n − p)(1 + log(2π r² / (n − p))),
//! ML: −2ℓ = Σ log|L_j|² + n(1 + log(2π r² / n)).
//! The criterion is even in each θ, so it is minimised over R² by Nelder–Mead from several
//! starts, then |θ|. Everything is computed from per-center cross-products, so an evaluation
//! costs O(G q³) whatever the number of respondents.
//!
//! # Conditional modes and their uncertainty
//! b̂_j = Λ_j A_j⁻¹ Λ_j Z_j'(y_j − X_j β̂) and, given β, Var(b_j | y) = σ² Λ_j A_j⁻¹ Λ_j (lme4's
//! condVar). With the fixed effects' uncertainty V = σ² (R_X'R_X)⁻¹ and M_j = Λ_j A_j⁻¹ Λ_j Z_j'X_j
//! (b̂_j moves by −M_j δ when β̂ moves by δ), a contrast a'β + d'b_j has variance
//! a'Va + d'(σ² Λ_j A_j⁻¹ Λ_j + M_j V M_j')d − 2 a'V M_j'd.

use super::mixed::{Criterion, MixedError};
use crate::numeric::linalg::{cholesky_lower, inverse_spd_logdet};
use crate::numeric::roots::nelder_mead;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Data of one fit: a full-rank design, the response, a center code 0..ncenters and a wave
/// code 0..nwaves per row.
pub struct NestedData<'a> {
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, f64>,
    pub centers: &'a [usize],
    pub ncenters: usize,
    pub waves: &'a [usize],
    pub nwaves: usize,
}

/// One center's random effects: the waves it was surveyed in, the conditional modes
/// (u_j, then v_jw for those waves), their conditional covariance given β, M_j, and its size
/// in each of its waves.
#[derive(Clone, Debug)]
pub struct CenterEffects {
    pub waves: Vec<usize>,
    pub n: Vec<usize>,
    pub modes: Vec<f64>,
    pub cond_cov: Array2<f64>,
    pub m: Array2<f64>,
}

/// A fitted model with nested random intercepts.
#[derive(Clone, Debug)]
pub struct NestedFit {
    pub criterion: Criterion,
    pub nobs: usize,
    pub coef: Array1<f64>,
    pub vcov: Array2<f64>,
    pub sigma2: f64,
    /// Between-center variance τ²_c and center-by-wave variance τ²_w.
    pub tau2_center: f64,
    pub tau2_wave: f64,
    /// lme4's theta: (τ_c / σ, τ_w / σ).
    pub theta: [f64; 2],
    /// REML criterion or ML deviance at the optimum (lme4's definitions).
    pub deviance: f64,
    pub log_lik: f64,
    pub aic: f64,
    pub bic: f64,
    pub evaluations: usize,
    pub centers: Vec<CenterEffects>,
}

/// Per-center cross-products of the random-effect design with itself, X and y.
struct Block {
    waves: Vec<usize>,
    n: Vec<usize>,
    /// q × q, q = 1 + the number of waves: Z_j'Z_j.
    ztz: Array2<f64>,
    ztx: Array2<f64>,
    zty: Vec<f64>,
}

struct Suff {
    n: usize,
    p: usize,
    xtx: Array2<f64>,
    xty: Vec<f64>,
    yty: f64,
    blocks: Vec<Block>,
}

fn sufficient(d: &NestedData) -> Suff {
    let (n, p) = d.x.dim();
    let mut xtx = Array2::zeros((p, p));
    let mut xty = vec![0.0; p];
    let mut yty = 0.0;
    // Which waves each center has, and the position of its effect.
    let mut slot = vec![vec![usize::MAX; d.nwaves]; d.ncenters];
    let mut waves: Vec<Vec<usize>> = vec![Vec::new(); d.ncenters];
    for i in 0..n {
        let (j, w) = (d.centers[i], d.waves[i]);
        if slot[j][w] == usize::MAX {
            slot[j][w] = 0;
            waves[j].push(w);
        }
    }
    for (j, ws) in waves.iter_mut().enumerate() {
        ws.sort_unstable();
        for (k, &w) in ws.iter().enumerate() {
            slot[j][w] = k + 1;
        }
    }
    let mut blocks: Vec<Block> = waves
        .into_iter()
        .map(|ws| {
            let q = ws.len() + 1;
            Block {
                n: vec![0; ws.len()],
                waves: ws,
                ztz: Array2::zeros((q, q)),
                ztx: Array2::zeros((q, p)),
                zty: vec![0.0; q],
            }
        })
        .collect();
    for i in 0..n {
        let (j, w) = (d.centers[i], d.waves[i]);
        let k = slot[j][w];
        let b = &mut blocks[j];
        b.n[k - 1] += 1;
        b.ztz[[0, 0]] += 1.0;
        b.ztz[[0, k]] += 1.0;
        b.ztz[[k, 0]] += 1.0;
        b.ztz[[k, k]] += 1.0;
        let yi = d.y[i];
        b.zty[0] += yi;
        b.zty[k] += yi;
        yty += yi * yi;
        for a in 0..p {
            let xa = d.x[[i, a]];
            b.ztx[[0, a]] += xa;
            b.ztx[[k, a]] += xa;
            xty[a] += xa * yi;
            for c in 0..=a {
                xtx[[a, c]] += xa * d.x[[i, c]];
            }
        }
    }
    for a in 0..p {
        for c in 0..a {
            xtx[[c, a]] = xtx[[a, c]];
        }
    }
    blocks.retain(|b| !b.waves.is_empty());
    Suff {
        n,
        p,
        xtx,
        xty,
        yty,
        blocks,
    }
}

/// Solve L x = b for lower-triangular L (rows as vectors).
fn forward(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let mut x = b.to_vec();
    for i in 0..x.len() {
        for k in 0..i {
            x[i] -= l[i][k] * x[k];
        }
        x[i] /= l[i][i];
    }
    x
}

/// The criterion at θ and what the fit needs of it.
struct Eval {
    dev: f64,
    beta: Vec<f64>,
    pwrss: f64,
    /// (R_X'R_X)⁻¹.
    rxinv: Array2<f64>,
}

fn lambda(th: [f64; 2], q: usize) -> Vec<f64> {
    (0..q).map(|k| if k == 0 { th[0] } else { th[1] }).collect()
}

fn evaluate(s: &Suff, th: [f64; 2], crit: Criterion) -> Option<Eval> {
    let p = s.p;
    let mut rx = s.xtx.clone();
    let mut r = s.xty.clone();
    let mut cc = 0.0;
    let mut ldl = 0.0;
    for b in &s.blocks {
        let q = b.zty.len();
        let lam = lambda(th, q);
        let a = Array2::from_shape_fn((q, q), |(i, k)| {
            lam[i] * lam[k] * b.ztz[[i, k]] + if i == k { 1.0 } else { 0.0 }
        });
        let l = cholesky_lower(&a)?;
        ldl += l
            .iter()
            .enumerate()
            .map(|(i, row)| 2.0 * row[i].ln())
            .sum::<f64>();
        let c = forward(&l, &(0..q).map(|i| lam[i] * b.zty[i]).collect::<Vec<_>>());
        let cols: Vec<Vec<f64>> = (0..p)
            .map(|a| {
                forward(
                    &l,
                    &(0..q).map(|i| lam[i] * b.ztx[[i, a]]).collect::<Vec<_>>(),
                )
            })
            .collect();
        cc += c.iter().map(|v| v * v).sum::<f64>();
        for a in 0..p {
            r[a] -= cols[a].iter().zip(&c).map(|(u, v)| u * v).sum::<f64>();
            for e in 0..p {
                rx[[a, e]] -= cols[a]
                    .iter()
                    .zip(&cols[e])
                    .map(|(u, v)| u * v)
                    .sum::<f64>();
            }
        }
    }
    let (rxinv, logdet) = inverse_spd_logdet(&rx)?;
    let beta: Vec<f64> = (0..p)
        .map(|a| (0..p).map(|e| rxinv[[a, e]] * r[e]).sum())
        .collect();
    let pwrss = s.yty - cc - beta.iter().zip(&r).map(|(b, v)| b * v).sum::<f64>();
    if !(pwrss > 0.0) {
        return None;
    }
    let n = s.n as f64;
    let tau = 2.0 * std::f64::consts::PI;
    let dev = match crit {
        Criterion::Reml => {
            let m = n - p as f64;
            ldl + logdet + m * (1.0 + (tau * pwrss / m).ln())
        }
        Criterion::Ml => ldl + n * (1.0 + (tau * pwrss / n).ln()),
    };
    Some(Eval {
        dev,
        beta,
        pwrss,
        rxinv,
    })
}

/// Fit the model by the given criterion.
pub fn fit(d: &NestedData, crit: Criterion) -> Result<NestedFit, MixedError> {
    let (n, p) = d.x.dim();
    let s = sufficient(d);
    if s.blocks.len() < 2 {
        return Err(MixedError::TooFewGroups(s.blocks.len()));
    }
    if n <= p + 2 {
        return Err(MixedError::TooFewRows { n, p });
    }
    let mut evaluations = 0usize;
    let mut f = |x: &[f64]| {
        evaluations += 1;
        evaluate(&s, [x[0], x[1]], crit).map_or(f64::INFINITY, |e| e.dev)
    };
    if !f(&[0.0, 0.0]).is_finite() {
        return Err(MixedError::Singular);
    }
    // Several starts; each run restarted from its own best point until it stops improving
    // (Nelder–Mead can stall on a ridge).
    let mut best = (vec![0.0, 0.0], f(&[0.0, 0.0]));
    for start in [[0.5, 0.5], [1.0, 0.1], [0.1, 1.0]] {
        let mut x = start.to_vec();
        let mut v = f64::INFINITY;
        for _ in 0..20 {
            let (nx, nv, _) = nelder_mead(&mut f, &x, &[0.1, 0.1], 1e-14, 4000);
            let done = nv >= v - 1e-13;
            x = nx;
            v = nv;
            if done {
                break;
            }
        }
        if v < best.1 {
            best = (x, v);
        }
    }
    let th = polish(
        &s,
        crit,
        [best.0[0].abs(), best.0[1].abs()],
        &mut evaluations,
    );
    let e = evaluate(&s, th, crit).ok_or(MixedError::Singular)?;
    let dof = match crit {
        Criterion::Reml => (n - p) as f64,
        Criterion::Ml => n as f64,
    };
    let sigma2 = e.pwrss / dof;
    let vcov = e.rxinv.mapv(|v| v * sigma2);
    let centers = s
        .blocks
        .iter()
        .map(|b| {
            let q = b.zty.len();
            let lam = lambda(th, q);
            let a = Array2::from_shape_fn((q, q), |(i, k)| {
                lam[i] * lam[k] * b.ztz[[i, k]] + if i == k { 1.0 } else { 0.0 }
            });
            let (ainv, _) = inverse_spd_logdet(&a).expect("positive definite at the optimum");
            // Λ A⁻¹ Λ.
            let lal = Array2::from_shape_fn((q, q), |(i, k)| lam[i] * ainv[[i, k]] * lam[k]);
            let resid: Vec<f64> = (0..q)
                .map(|i| b.zty[i] - (0..p).map(|a| b.ztx[[i, a]] * e.beta[a]).sum::<f64>())
                .collect();
            let modes = (0..q)
                .map(|i| (0..q).map(|k| lal[[i, k]] * resid[k]).sum())
                .collect();
            let m = Array2::from_shape_fn((q, p), |(i, a)| {
                (0..q).map(|k| lal[[i, k]] * b.ztx[[k, a]]).sum()
            });
            CenterEffects {
                waves: b.waves.clone(),
                n: b.n.clone(),
                modes,
                cond_cov: lal.mapv(|v| v * sigma2),
                m,
            }
        })
        .collect();
    let k = (p + 3) as f64;
    Ok(NestedFit {
        criterion: crit,
        nobs: n,
        coef: Array1::from(e.beta),
        vcov,
        sigma2,
        tau2_center: sigma2 * th[0] * th[0],
        tau2_wave: sigma2 * th[1] * th[1],
        theta: th,
        deviance: e.dev,
        log_lik: -e.dev / 2.0,
        aic: e.dev + 2.0 * k,
        bic: e.dev + k * (n as f64).ln(),
        evaluations,
        centers,
    })
}

/// Newton steps on the gradient of the criterion (central differences) in the coordinates of
/// θ away from 0, from the simplex's optimum: the simplex finds the minimum to the precision
/// of the criterion's values (about √ε relative in θ), the root of the gradient to far better.
fn polish(s: &Suff, crit: Criterion, mut th: [f64; 2], evaluations: &mut usize) -> [f64; 2] {
    let free: Vec<usize> = (0..2).filter(|&i| th[i] > 1e-4).collect();
    if free.is_empty() {
        return th;
    }
    let mut dev = |t: [f64; 2]| {
        *evaluations += 1;
        evaluate(s, t, crit).map_or(f64::INFINITY, |e| e.dev)
    };
    let mut current = dev(th);
    for _ in 0..20 {
        let h: Vec<f64> = (0..2).map(|i| 1e-4 * th[i].max(0.01)).collect();
        let at = |t: [f64; 2], i: usize, d: f64| {
            let mut u = t;
            u[i] += d;
            u
        };
        let grad = |t: [f64; 2], i: usize, dev: &mut dyn FnMut([f64; 2]) -> f64| {
            (dev(at(t, i, h[i])) - dev(at(t, i, -h[i]))) / (2.0 * h[i])
        };
        let g: Vec<f64> = free.iter().map(|&i| grad(th, i, &mut dev)).collect();
        // Hessian by differences of the gradient.
        let k = free.len();
        let mut hess = vec![vec![0.0; k]; k];
        for (a, &i) in free.iter().enumerate() {
            for (b, &j) in free.iter().enumerate() {
                let up = grad(at(th, j, h[j]), i, &mut dev);
                let down = grad(at(th, j, -h[j]), i, &mut dev);
                hess[a][b] = (up - down) / (2.0 * h[j]);
            }
        }
        let step: Vec<f64> = if k == 1 {
            vec![g[0] / hess[0][0]]
        } else {
            let sym = 0.5 * (hess[0][1] + hess[1][0]);
            let det = hess[0][0] * hess[1][1] - sym * sym;
            vec![
                (hess[1][1] * g[0] - sym * g[1]) / det,
                (hess[0][0] * g[1] - sym * g[0]) / det,
            ]
        };
        if step.iter().any(|v| !v.is_finite()) {
            break;
        }
        let mut next = th;
        for (a, &i) in free.iter().enumerate() {
            next[i] = (th[i] - step[a]).max(0.0);
        }
        let value = dev(next);
        if !(value <= current + 1e-9 * current.abs().max(1.0)) {
            break;
        }
        let moved = free
            .iter()
            .map(|&i| (next[i] - th[i]).abs() / th[i].max(1e-8))
            .fold(0.0, f64::max);
        th = next;
        current = value;
        if moved < 1e-12 {
            break;
        }
    }
    th
}

impl NestedFit {
    /// Variance of a'β + d'b_j (the joint uncertainty of the fixed effects and center j's
    /// effects, formula in the module docs).
    pub fn contrast_variance(&self, j: usize, a: &[f64], d: &[f64]) -> f64 {
        let c = &self.centers[j];
        let p = a.len();
        let q = d.len();
        let v = &self.vcov;
        let va = |x: &[f64], y: &[f64]| -> f64 {
            (0..p)
                .map(|r| (0..p).map(|s| x[r] * v[[r, s]] * y[s]).sum::<f64>())
                .sum()
        };
        // M'd (p).
        let md: Vec<f64> = (0..p)
            .map(|r| (0..q).map(|i| c.m[[i, r]] * d[i]).sum())
            .collect();
        let cond: f64 = (0..q)
            .map(|i| {
                (0..q)
                    .map(|k| d[i] * c.cond_cov[[i, k]] * d[k])
                    .sum::<f64>()
            })
            .sum();
        va(a, a) + cond + va(&md, &md) - 2.0 * va(a, &md)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// With one wave per center the center:wave effect cannot be told from the center effect:
    /// the criterion depends on θ only through θ_c² + θ_w², as for one random intercept.
    #[test]
    fn with_one_wave_the_two_intercepts_share_one_variance() {
        let x = Array2::from_elem((12, 1), 1.0);
        let y = Array1::from(vec![
            1.0, 2.0, 1.5, 3.0, 3.5, 2.5, 0.5, 1.0, 0.0, 2.0, 2.5, 3.0,
        ]);
        let centers: Vec<usize> = (0..12).map(|i| i / 3).collect();
        let waves = vec![0; 12];
        let d = NestedData {
            x: x.view(),
            y: y.view(),
            centers: &centers,
            ncenters: 4,
            waves: &waves,
            nwaves: 1,
        };
        let s = sufficient(&d);
        let a = evaluate(&s, [0.6, 0.8], Criterion::Reml).unwrap().dev;
        let b = evaluate(&s, [1.0, 0.0], Criterion::Reml).unwrap().dev;
        assert!((a - b).abs() < 1e-12, "{a} vs {b}");
    }
}
