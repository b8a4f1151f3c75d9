//! Random-intercept linear mixed model (respondents nested in centers), fitted by REML or ML
//! with the likelihood profiled over the one variance ratio, as lme4 does it.
//!
//! # Model
//! y_ij = x_ij'β + b_j + e_ij, b_j ~ N(0, τ²), e_ij ~ N(0, σ²), for respondent i of group j.
//! With s = τ²/σ² (lme4's θ², the squared relative SD), the covariance of group j is
//! V_j = σ²(I + s 11'), and everything the likelihood needs is in the group sizes n_j, the
//! group means m_j = (x̄_j, ȳ_j) and the pooled within-group cross-products W of (x, y):
//!
//! A(s) = W + Σ_j c_j m_j m_j',  c_j = n_j / (1 + n_j s)   [(p+1) x (p+1); = X'V⁻¹X σ² etc.]
//!
//! β̂(s) = A_xx⁻¹ a_xy and r²(s) = a_yy - a_xy'β̂ (the penalized residual sum of squares).
//! Profiled deviances (lme4's `REMLcrit` and `deviance`), with ν = n - p (REML) or n (ML):
//!
//! REML: d(s) = Σ log(1 + n_j s) + log|A_xx(s)| + ν [1 + log(2π r²/ν)]
//! ML:   d(s) = Σ log(1 + n_j s)                + ν [1 + log(2π r²/ν)]
//!
//! Its derivative is analytic: d'(s) = Σ n_j/(1+n_j s) + Σ c'_j [h_j + ν e_j²/r²] with
//! c'_j = -n_j²/(1+n_j s)², e_j = ȳ_j - x̄_j'β̂ and h_j = x̄_j'A_xx⁻¹x̄_j (REML only). The fit
//! scans d on a grid of s from 0 to 1e6 and then solves d'(s) = 0 by Brent's method inside
//! the bracket of the best grid point, so it converges on every dataset; when d'(0) >= 0 and
//! the grid minimum is at 0 the estimate is on the boundary (τ² = 0), reported as such.
//!
//! Degrees of freedom are Satterthwaite's (as lmerTest), from the analytic Hessian of the
//! unprofiled deviance in (s, σ²); they do not depend on the parameterization at the optimum.
//!
//! The fitted model at the optimum (Satterthwaite df, standard errors, likelihood-ratio test,
//! group estimates) is assembled in `inference`.

mod inference;

use crate::numeric::linalg::inverse_spd_logdet;
use crate::numeric::roots::brent_root;
use crate::results::multilevel::GroupFit;
use inference::finish;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// REML (the default, as lme4) or maximum likelihood.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Criterion {
    /// Restricted maximum likelihood.
    Reml,
    /// Maximum likelihood.
    Ml,
}

impl Criterion {
    pub fn name(self) -> &'static str {
        match self {
            Criterion::Reml => "REML",
            Criterion::Ml => "ML",
        }
    }
}

/// Data of one fit: a full-rank design, the response and a group code 0..ngroups per row.
pub struct MixedData<'a> {
    pub x: ArrayView2<'a, f64>,
    pub y: ArrayView1<'a, f64>,
    pub groups: &'a [usize],
    pub ngroups: usize,
}

/// Why a mixed model could not be fitted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MixedError {
    #[error("a random intercept needs at least 2 groups; the sample has {0}")]
    TooFewGroups(usize),
    #[error("{n} observations are too few for {p} fixed effects")]
    TooFewRows { n: usize, p: usize },
    #[error("the fixed-effect design is rank deficient (collinear columns)")]
    Singular,
    #[error("the response has no variation left after the fixed effects")]
    PerfectFit,
}

/// A fitted random-intercept model.
#[derive(Clone, Debug)]
pub struct MixedFit {
    pub criterion: Criterion,
    pub nobs: usize,
    pub ngroups: usize,
    pub coef: Array1<f64>,
    /// Covariance of β̂: σ² A_xx⁻¹.
    pub vcov: Array2<f64>,
    /// Satterthwaite degrees of freedom per coefficient.
    pub df: Vec<f64>,
    /// Variance ratio s = τ²/σ² and θ = sqrt(s) (lme4's theta).
    pub ratio: f64,
    pub tau2: f64,
    pub sigma2: f64,
    /// Asymptotic SEs of τ² and σ² from the observed information of the criterion.
    pub tau2_se: Option<f64>,
    pub sigma2_se: Option<f64>,
    /// The criterion at the optimum (REML criterion or ML deviance, lme4's definitions).
    pub deviance: f64,
    pub log_lik: f64,
    pub aic: f64,
    pub bic: f64,
    /// The same criterion with τ² = 0 (the single-level model) and the likelihood-ratio test.
    pub deviance_single_level: f64,
    pub lrt: f64,
    /// P(χ²₁ > LRT) (lmerTest::ranova) and the boundary-corrected half of it (Self & Liang).
    pub lrt_p_naive: f64,
    pub lrt_p: f64,
    /// τ² = 0 at the optimum (singular fit).
    pub boundary: bool,
    /// Derivative of the profiled criterion in s at the optimum (0 inside, >= 0 on the boundary).
    pub gradient: f64,
    pub evaluations: usize,
    pub groups: Vec<GroupFit>,
}

/// Group sizes, group means and pooled within-group cross-products of (x, y): all a fit
/// reads of the data, from rows ([`sufficient`]) or from per-group sums computed elsewhere
/// ([`Sufficient::from_groups`]).
pub struct Sufficient {
    n: usize,
    p: usize,
    sizes: Vec<f64>,
    /// The distinct group sizes and how many groups have each, smallest first (the
    /// determinant term Σ_j log(1 + n_j s) summed over them: 2,000 centers have a few hundred
    /// sizes, and the profile intervals evaluate it thousands of times).
    size_counts: Vec<(f64, f64)>,
    /// G x (p+1): group means of the columns of x, then y.
    means: Array2<f64>,
    /// (p+1) x (p+1): Σ over rows of (z - z̄_j)(z - z̄_j)' with z = (x, y).
    within: Array2<f64>,
    /// Total sum of squares of y around its mean.
    tss: f64,
}

/// The sufficient statistics of rows.
pub fn sufficient(d: &MixedData) -> Sufficient {
    let (n, p) = d.x.dim();
    let q = p + 1;
    let g = d.ngroups;
    let mut sizes = vec![0.0; g];
    let mut means = Array2::<f64>::zeros((g, q));
    for i in 0..n {
        let j = d.groups[i];
        sizes[j] += 1.0;
        for k in 0..p {
            means[[j, k]] += d.x[[i, k]];
        }
        means[[j, p]] += d.y[i];
    }
    for j in 0..g {
        if sizes[j] > 0.0 {
            for k in 0..q {
                means[[j, k]] /= sizes[j];
            }
        }
    }
    // Centre within groups (two passes: accurate when group means are large), then one
    // cross-product of the centred (x, y) in row blocks to bound memory.
    let mut within = Array2::<f64>::zeros((q, q));
    const BLOCK: usize = 16_384;
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK).min(n);
        let mut z = Array2::<f64>::zeros((end - start, q));
        for i in start..end {
            let j = d.groups[i];
            for k in 0..p {
                z[[i - start, k]] = d.x[[i, k]] - means[[j, k]];
            }
            z[[i - start, p]] = d.y[i] - means[[j, p]];
        }
        within = within + z.t().dot(&z);
        start = end;
    }
    Sufficient::from_groups(sizes, means, within)
}

impl Sufficient {
    /// Each group's means of the columns of x, then y (G x (p+1)).
    pub fn group_means(&self) -> &Array2<f64> {
        &self.means
    }

    /// From each group's size n_j, its means of the columns of x then y (G x (p+1)), and the
    /// within-group cross-products of (x, y) around those means, summed over the groups
    /// ((p+1) x (p+1)). Groups of size 0 are allowed and count for nothing.
    pub fn from_groups(sizes: Vec<f64>, means: Array2<f64>, within: Array2<f64>) -> Sufficient {
        let g = sizes.len();
        let p = means.ncols() - 1;
        let n = sizes.iter().sum::<f64>() as usize;
        let ybar = (0..g).map(|j| sizes[j] * means[[j, p]]).sum::<f64>() / n as f64;
        let tss = within[[p, p]]
            + (0..g)
                .map(|j| sizes[j] * (means[[j, p]] - ybar).powi(2))
                .sum::<f64>();
        let size_counts = {
            let mut sorted = sizes.clone();
            sorted.sort_by(f64::total_cmp);
            let mut counts: Vec<(f64, f64)> = Vec::new();
            for nj in sorted {
                match counts.last_mut() {
                    Some((size, count)) if *size == nj => *count += 1.0,
                    _ => counts.push((nj, 1.0)),
                }
            }
            counts
        };
        Sufficient {
            n,
            p,
            sizes,
            size_counts,
            means,
            within,
            tss,
        }
    }
}

/// The profiled criterion and what its derivatives need, at one s.
pub(super) struct Eval {
    s: f64,
    dev: f64,
    /// Σ log(1 + n_j s) [+ log|A_xx(s)| for REML]: the criterion's determinant terms.
    pub(super) logdet: f64,
    /// d'(s).
    grad: f64,
    beta: Vec<f64>,
    pub(super) r2: f64,
    /// A_xx(s)⁻¹.
    ainv: Array2<f64>,
    /// ȳ_j - x̄_j'β̂ per group.
    e: Vec<f64>,
    /// x̄_j'A_xx⁻¹x̄_j per group.
    h: Vec<f64>,
}

/// The cross-products of (x, y) at s = 0: X'X, X'y, y'y.
fn suf_cross_products(suf: &Sufficient) -> Array2<f64> {
    let q = suf.p + 1;
    let b = Array2::from_shape_fn((suf.sizes.len(), q), |(j, k)| {
        suf.sizes[j] * suf.means[[j, k]]
    });
    &suf.within + &b.t().dot(&suf.means)
}

pub(super) fn nu(suf: &Sufficient, crit: Criterion) -> f64 {
    match crit {
        Criterion::Reml => (suf.n - suf.p) as f64,
        Criterion::Ml => suf.n as f64,
    }
}

pub(super) fn evaluate(suf: &Sufficient, s: f64, crit: Criterion) -> Option<Eval> {
    evaluate_with(suf, s, crit, true)
}

/// The criterion at s; with `derivative` false only what the value needs (no per-group
/// residual means, leverages or derivative), for the profile intervals.
pub(super) fn evaluate_with(
    suf: &Sufficient,
    s: f64,
    crit: Criterion,
    derivative: bool,
) -> Option<Eval> {
    let p = suf.p;
    let q = p + 1;
    // A = W + M' diag(c) M as one matrix product (the group loop written out was most of
    // the time of an evaluation).
    let logdet_l: f64 = suf
        .size_counts
        .iter()
        .map(|&(nj, count)| count * (nj * s).ln_1p())
        .sum();
    let mut mc = suf.means.clone();
    for (mut row, &nj) in mc.rows_mut().into_iter().zip(&suf.sizes) {
        let c = nj / (1.0 + nj * s);
        row.map_inplace(|v| *v *= c);
    }
    let b = mc.t().dot(&suf.means);
    let a = Array2::from_shape_fn((q, q), |(r, k)| {
        suf.within[[r, k]] + 0.5 * (b[[r, k]] + b[[k, r]])
    });
    let axx = a.slice(ndarray::s![..p, ..p]).to_owned();
    let (ainv, logdet_a) = inverse_spd_logdet(&axx)?;
    let axy = a.slice(ndarray::s![..p, p]).to_owned();
    let beta: Vec<f64> = (0..p)
        .map(|r| (0..p).map(|k| ainv[[r, k]] * axy[k]).sum())
        .collect();
    let r2 = a[[p, p]] - (0..p).map(|k| axy[k] * beta[k]).sum::<f64>();
    // No residual variation left (relative to the response's total sum of squares).
    if !(r2 > 1e-13 * suf.tss) {
        return None;
    }
    let v = nu(suf, crit);
    let mut dev = logdet_l + v * (1.0 + (2.0 * std::f64::consts::PI * r2 / v).ln());
    if crit == Criterion::Reml {
        dev += logdet_a;
    }
    let g = if derivative { suf.sizes.len() } else { 0 };
    let mut e = vec![0.0; g];
    let mut h = vec![0.0; g];
    let mut grad = 0.0;
    for j in 0..g {
        let nj = suf.sizes[j];
        if nj == 0.0 {
            continue;
        }
        let m = suf.means.row(j);
        e[j] = m[p] - (0..p).map(|k| m[k] * beta[k]).sum::<f64>();
        if crit == Criterion::Reml {
            let mut hj = 0.0;
            for r in 0..p {
                let t: f64 = (0..p).map(|k| ainv[[r, k]] * m[k]).sum();
                hj += m[r] * t;
            }
            h[j] = hj;
        }
        let dc = -nj * nj / (1.0 + nj * s).powi(2);
        grad += nj / (1.0 + nj * s) + dc * (h[j] + v * e[j] * e[j] / r2);
    }
    Some(Eval {
        s,
        dev,
        logdet: logdet_l
            + if crit == Criterion::Reml {
                logdet_a
            } else {
                0.0
            },
        grad,
        beta,
        r2,
        ainv,
        e,
        h,
    })
}

/// Fit the random-intercept model by the given criterion.
pub fn fit(d: &MixedData, crit: Criterion) -> Result<MixedFit, MixedError> {
    fit_sufficient(&sufficient(d), crit)
}

/// [`fit`] from the sufficient statistics.
pub fn fit_sufficient(suf: &Sufficient, crit: Criterion) -> Result<MixedFit, MixedError> {
    let (n, p) = (suf.n, suf.p);
    let present = suf.sizes.iter().filter(|&&nj| nj > 0.0).count();
    if present < 2 {
        return Err(MixedError::TooFewGroups(present));
    }
    if n <= p + 1 {
        return Err(MixedError::TooFewRows { n, p });
    }
    let mut evaluations = 0usize;
    let mut eval = |s: f64| {
        evaluations += 1;
        evaluate(suf, s, crit)
    };
    let at0 = eval(0.0).ok_or_else(|| {
        // Either X'X is singular or the fixed effects leave no residual variation.
        let p = suf.p;
        let ok = inverse_spd_logdet(
            &suf_cross_products(suf)
                .slice(ndarray::s![..p, ..p])
                .to_owned(),
        )
        .is_some();
        if ok {
            MixedError::PerfectFit
        } else {
            MixedError::Singular
        }
    })?;
    // Grid: 0, then 1e-8 .. 1e6 at four points per decade.
    let mut grid: Vec<Eval> = vec![];
    for k in 0..=56 {
        let s = 1e-8 * 10f64.powf(k as f64 / 4.0);
        if let Some(ev) = eval(s) {
            grid.push(ev);
        }
    }
    let best = grid
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.dev.total_cmp(&b.1.dev))
        .map(|(i, _)| i);
    let opt = match best {
        Some(i) if grid[i].dev < at0.dev || at0.grad < 0.0 => {
            let lo = if i == 0 { 0.0 } else { grid[i - 1].s };
            let hi = if i + 1 < grid.len() {
                grid[i + 1].s
            } else {
                grid[i].s
            };
            let root = brent_root(|s| eval(s).map(|e| e.grad), lo, hi);
            let ev = root.and_then(&mut eval);
            match ev {
                Some(ev) if ev.dev <= grid[i].dev + 1e-9 * grid[i].dev.abs() => ev,
                _ => eval(grid[i].s).expect("evaluated before"),
            }
        }
        _ => at0,
    };
    let at0 = evaluate(suf, 0.0, crit).expect("evaluated before");
    let boundary = opt.s == 0.0;
    Ok(finish(suf, crit, opt, at0, boundary, evaluations))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn toy(between: f64) -> (Array2<f64>, Array1<f64>, Vec<usize>) {
        // 6 groups of 4 with a deterministic pattern.
        let mut x = Array2::<f64>::zeros((24, 2));
        let mut y = Array1::<f64>::zeros(24);
        let mut g = vec![0; 24];
        for i in 0..24 {
            let j = i / 4;
            x[[i, 0]] = 1.0;
            x[[i, 1]] = ((i * 7) % 5) as f64;
            y[i] = 1.0 + 0.5 * x[[i, 1]] + between * (j as f64 - 2.5) + ((i * 13) % 7) as f64 * 0.3;
            g[i] = j;
        }
        (x, y, g)
    }

    #[test]
    fn the_derivative_of_the_criterion_matches_finite_differences() {
        let (x, y, g) = toy(0.8);
        let d = MixedData {
            x: x.view(),
            y: y.view(),
            groups: &g,
            ngroups: 6,
        };
        let suf = sufficient(&d);
        for crit in [Criterion::Reml, Criterion::Ml] {
            for s in [0.05, 0.7, 3.0] {
                let h = 1e-6 * s;
                let num = (evaluate(&suf, s + h, crit).unwrap().dev
                    - evaluate(&suf, s - h, crit).unwrap().dev)
                    / (2.0 * h);
                let ana = evaluate(&suf, s, crit).unwrap().grad;
                assert!(
                    (num - ana).abs() < 1e-6 * ana.abs().max(1.0),
                    "{crit:?} s={s}: {num} vs {ana}"
                );
            }
        }
    }

    #[test]
    fn a_response_the_fixed_effects_explain_exactly_is_named_as_such() {
        let x = Array2::from_shape_fn((8, 2), |(i, j)| if j == 0 { 1.0 } else { i as f64 });
        let y = Array1::from_shape_fn(8, |i| 2.0 + 3.0 * i as f64);
        let g: Vec<usize> = (0..8).map(|i| i / 2).collect();
        let data = MixedData {
            x: x.view(),
            y: y.view(),
            groups: &g,
            ngroups: 4,
        };
        assert_eq!(
            fit(&data, Criterion::Reml).unwrap_err(),
            MixedError::PerfectFit
        );
        let x2 = Array2::from_shape_fn((8, 2), |(_, _)| 1.0);
        let data = MixedData {
            x: x2.view(),
            y: y.view(),
            groups: &g,
            ngroups: 4,
        };
        assert_eq!(
            fit(&data, Criterion::Reml).unwrap_err(),
            MixedError::Singular
        );
    }

    #[test]
    fn no_between_group_variation_gives_a_boundary_fit_equal_to_ols() {
        // y constant within the pattern so that group means of residuals are equal.
        let x = Array2::from_shape_fn((12, 1), |_| 1.0);
        let y = array![1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 1.0, 2.0, 3.0];
        let g: Vec<usize> = (0..12).map(|i| i / 3).collect();
        let f = fit(
            &MixedData {
                x: x.view(),
                y: y.view(),
                groups: &g,
                ngroups: 4,
            },
            Criterion::Reml,
        )
        .unwrap();
        assert!(f.boundary);
        assert_eq!(f.tau2, 0.0);
        assert!((f.sigma2 - 8.0 / 11.0).abs() < 1e-14);
        assert_eq!(f.df, vec![11.0]);
        assert_eq!(f.lrt, 0.0);
    }
}
