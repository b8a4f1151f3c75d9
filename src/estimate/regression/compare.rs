//! Comparing models: the joint (seemingly unrelated) covariance of two OLS fits that share
//! clusters, as Stata's `suest`, and Wald tests that a term's coefficient is the same in
//! both; simple slopes of a two-way interaction.
//!
//! # Formula
//! For models a and b with breads B_a, B_b, orthonormal bases U_a, U_b and residuals e_a,
//! e_b, cluster scores s_{a,g} = B_a U_{a,g}' e_{a,g} (zero for a cluster absent from a
//! model's sample). The joint covariance has blocks
//!   V_ab = G/(G-1) sum_g s_{a,g} s_{b,g}'
//! (Stata suest's cluster sandwich with its G/(G-1) factor; R: the stacked regression with
//! `sandwich::vcovCL(type = "HC0", cadjust = TRUE)`). For a term in both models,
//! d = b_a - b_b, Var(d) = V_aa + V_bb - 2 V_ab, chi2 = d^2 / Var(d) on 1 df; jointly,
//! W = d' Var(d)^-1 d on as many df as terms.

use super::lsq::LsqSolution;
use crate::numeric::dist::{chi2_upper_p, t_two_sided_p, t_upper_quantile};
use crate::results::regression::{JointTest, SimpleSlope, TermDifference};
use ndarray::{Array1, Array2, ArrayView2};

/// What the comparison needs of one fitted model.
pub struct Fitted<'a> {
    pub terms: &'a [String],
    pub sol: &'a LsqSolution,
    /// Common cluster code (0..G over both models) of each observation.
    pub clusters: &'a [usize],
    /// The design `sol` solved.
    pub x: ArrayView2<'a, f64>,
}

/// Per-cluster scores B U_g' e_g (p x G, in design order).
fn scores(f: &Fitted, g: usize) -> Array2<f64> {
    let p = f.sol.bread.nrows();
    let r = f.sol.rank();
    let mut su = Array2::<f64>::zeros((r, g));
    f.sol.u_blocks(f.x, |start, ub| {
        for (i, row) in (start..).zip(ub.rows()) {
            let e = f.sol.resid[i];
            let c = f.clusters[i];
            for k in 0..r {
                su[[k, c]] += row[k] * e;
            }
        }
    });
    let s = f.sol.bread.dot(&su);
    debug_assert_eq!(s.nrows(), p);
    s
}

/// Equality tests of the slopes two models share (intercepts excluded).
pub fn equality_tests(a: &Fitted, b: &Fitted) -> (Vec<TermDifference>, Option<JointTest>, usize) {
    let g = a
        .clusters
        .iter()
        .chain(b.clusters)
        .copied()
        .max()
        .map_or(0, |m| m + 1);
    let sa = scores(a, g);
    let sb = scores(b, g);
    let present: Vec<usize> = {
        let mut seen = vec![false; g];
        for &c in a.clusters.iter().chain(b.clusters) {
            seen[c] = true;
        }
        (0..g).filter(|&c| seen[c]).collect()
    };
    let gn = present.len() as f64;
    let factor = gn / (gn - 1.0);
    let shared: Vec<(String, usize, usize)> = a
        .terms
        .iter()
        .enumerate()
        .filter(|(i, t)| *t != "(Intercept)" && !a.sol.aliased[*i])
        .filter_map(|(i, t)| {
            b.terms
                .iter()
                .position(|u| u == t)
                .filter(|&j| !b.sol.aliased[j])
                .map(|j| (t.clone(), i, j))
        })
        .collect();
    let cov = |x: &Array2<f64>, i: usize, y: &Array2<f64>, j: usize| -> f64 {
        factor * present.iter().map(|&c| x[[i, c]] * y[[j, c]]).sum::<f64>()
    };
    let k = shared.len();
    let mut d = Array1::<f64>::zeros(k);
    let mut vd = Array2::<f64>::zeros((k, k));
    let mut tests = Vec::with_capacity(k);
    for (m, (t, i, j)) in shared.iter().enumerate() {
        d[m] = a.sol.coef[*i] - b.sol.coef[*j];
        for (n, (_, i2, j2)) in shared.iter().enumerate() {
            vd[[m, n]] = cov(&sa, *i, &sa, *i2) + cov(&sb, *j, &sb, *j2)
                - cov(&sa, *i, &sb, *j2)
                - cov(&sb, *j, &sa, *i2);
        }
        let se = vd[[m, m]].sqrt();
        let chi2 = d[m] * d[m] / vd[[m, m]];
        tests.push(TermDifference {
            term: t.clone(),
            estimate_a: a.sol.coef[*i],
            estimate_b: b.sol.coef[*j],
            difference: d[m],
            std_error: se,
            statistic: chi2,
            df: 1.0,
            p_value: chi2_upper_p(chi2, 1.0).unwrap_or(f64::NAN),
        });
    }
    let joint = (k > 0)
        .then(|| {
            let m = faer::Mat::<f64>::from_fn(k, k, |x, y| vd[[x, y]]);
            let llt = m.as_ref().llt(faer::Side::Lower).ok()?;
            let rhs = faer::Mat::<f64>::from_fn(k, 1, |x, _| d[x]);
            use faer::linalg::solvers::Solve;
            let sol = llt.solve(&rhs);
            let w: f64 = (0..k).map(|x| d[x] * sol[(x, 0)]).sum();
            Some(JointTest {
                terms: shared.iter().map(|s| s.0.clone()).collect(),
                statistic: w,
                df: k as f64,
                p_value: chi2_upper_p(w, k as f64)?,
            })
        })
        .flatten();
    (tests, joint, present.len())
}

/// Simple slopes of `focal` (coefficient index fi) at the moderator's mean and +/- 1 SD,
/// for the interaction coefficient ii: slope = b_f + b_i m, Var = V_ff + m^2 V_ii + 2 m V_fi.
#[allow(clippy::too_many_arguments)]
pub fn simple_slopes(
    focal: &str,
    moderator: &str,
    coef: &Array1<f64>,
    vcov: &Array2<f64>,
    fi: usize,
    ii: usize,
    mean: f64,
    sd: f64,
    df: f64,
    level: f64,
) -> Vec<SimpleSlope> {
    let tcrit = t_upper_quantile((1.0 - level) / 2.0, df).unwrap_or(f64::NAN);
    [
        ("mean - 1 SD", mean - sd),
        ("mean", mean),
        ("mean + 1 SD", mean + sd),
    ]
    .into_iter()
    .map(|(at, m)| {
        let slope = coef[fi] + coef[ii] * m;
        let se = (vcov[[fi, fi]] + m * m * vcov[[ii, ii]] + 2.0 * m * vcov[[fi, ii]]).sqrt();
        let t = slope / se;
        SimpleSlope {
            focal: focal.into(),
            moderator: moderator.into(),
            at: at.into(),
            moderator_value: m,
            slope,
            std_error: se,
            statistic: t,
            df,
            p_value: t_two_sided_p(t, df).unwrap_or(f64::NAN),
            conf_low: slope - tcrit * se,
            conf_high: slope + tcrit * se,
        }
    })
    .collect()
}
