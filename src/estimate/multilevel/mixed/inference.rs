//! What a random-intercept fit reports at the optimum: the Hessian of the unprofiled
//! deviance, Satterthwaite's df, the SEs of τ² and σ², the likelihood-ratio test against the
//! single-level model and the groups' estimates.

use super::{Criterion, Eval, MixedFit, Sufficient, nu};
use crate::results::multilevel::GroupFit;
use ndarray::{Array1, Array2};

pub(super) fn finish(
    suf: &Sufficient,
    crit: Criterion,
    opt: Eval,
    at0: Eval,
    boundary: bool,
    evaluations: usize,
) -> MixedFit {
    let p = suf.p;
    let n = suf.n;
    let v = nu(suf, crit);
    let s = opt.s;
    let sigma2 = opt.r2 / v;
    let tau2 = s * sigma2;
    let g = suf.sizes.len();
    let vcov = &opt.ainv * sigma2;

    // Hessian of D(s, σ²) = Σ log(1+n_j s) [+ log|A_xx|] + ν log σ² + r²(s)/σ² + const.
    let mut dd_l = 0.0; // second derivative of Σ log(1 + n_j s)
    let mut r2_1 = 0.0; // r²'(s)
    let mut r2_2 = 0.0; // Σ c''_j e_j²
    let mut tr_a2 = 0.0; // Σ c''_j h_j
    let mut a1 = Array2::<f64>::zeros((p, p)); // A_xx'(s)
    let mut u = vec![0.0; p]; // Σ c'_j x̄_j e_j
    for j in 0..g {
        let nj = suf.sizes[j];
        if nj == 0.0 {
            continue;
        }
        let w = 1.0 + nj * s;
        let c1 = -nj * nj / (w * w);
        let c2 = 2.0 * nj * nj * nj / (w * w * w);
        dd_l += c1;
        r2_1 += c1 * opt.e[j] * opt.e[j];
        r2_2 += c2 * opt.e[j] * opt.e[j];
        tr_a2 += c2 * opt.h[j];
        let m = suf.means.row(j);
        for r in 0..p {
            u[r] += c1 * m[r] * opt.e[j];
            for k in 0..p {
                a1[[r, k]] += c1 * m[r] * m[k];
            }
        }
    }
    let ainv = &opt.ainv;
    let ainv_u = ainv.dot(&Array1::from(u.clone()));
    let r2_2 = r2_2 - 2.0 * u.iter().zip(ainv_u.iter()).map(|(a, b)| a * b).sum::<f64>();
    let m1 = ainv.dot(&a1); // A⁻¹A'
    let mut h_ss = dd_l + r2_2 / sigma2;
    if crit == Criterion::Reml {
        let tr_sq: f64 = (0..p)
            .flat_map(|r| (0..p).map(move |k| (r, k)))
            .map(|(r, k)| m1[[r, k]] * m1[[k, r]])
            .sum();
        h_ss += tr_a2 - tr_sq;
    }
    let h_sv = -r2_1 / (sigma2 * sigma2);
    let h_vv = -v / (sigma2 * sigma2) + 2.0 * opt.r2 / (sigma2 * sigma2 * sigma2);
    let det = h_ss * h_vv - h_sv * h_sv;
    // H⁻¹ of the 2x2 Hessian; None on the boundary or when it is not positive definite.
    let hinv = (!boundary && det > 0.0 && h_ss > 0.0)
        .then(|| [[h_vv / det, -h_sv / det], [-h_sv / det, h_ss / det]]);
    let dvar = m1.dot(ainv); // A⁻¹A'A⁻¹
    let df: Vec<f64> = (0..p)
        .map(|k| match hinv {
            Some(hi) => {
                let var = sigma2 * ainv[[k, k]];
                let gs = -sigma2 * dvar[[k, k]];
                let gv = ainv[[k, k]];
                let q = gs * gs * hi[0][0] + 2.0 * gs * gv * hi[0][1] + gv * gv * hi[1][1];
                var * var / q
            }
            None => (n - p) as f64,
        })
        .collect();
    // Covariance of (s, σ²) is 2H⁻¹; τ² = s σ² by the delta method.
    let (tau2_se, sigma2_se) = match hinv {
        Some(hi) => {
            let c = [
                [2.0 * hi[0][0], 2.0 * hi[0][1]],
                [2.0 * hi[1][0], 2.0 * hi[1][1]],
            ];
            let vt = sigma2 * sigma2 * c[0][0] + 2.0 * s * sigma2 * c[0][1] + s * s * c[1][1];
            (Some(vt.max(0.0).sqrt()), Some(c[1][1].max(0.0).sqrt()))
        }
        None => (None, None),
    };
    let npar = (p + 2) as f64;
    let lrt = (at0.dev - opt.dev).max(0.0);
    let lrt_p_naive = crate::numeric::dist::chi2_upper_p(lrt, 1.0).unwrap_or(1.0);
    let groups = (0..g)
        .map(|j| {
            let nj = suf.sizes[j];
            let m = suf.means.row(j);
            let lam = nj * s / (1.0 + nj * s);
            GroupFit {
                n: nj as usize,
                raw_mean: m[p],
                fixed_mean: m[p] - opt.e[j],
                ranef: lam * opt.e[j],
                cond_sd: (sigma2 * s / (1.0 + nj * s)).sqrt(),
                shrinkage: lam,
            }
        })
        .collect();
    MixedFit {
        criterion: crit,
        nobs: n,
        ngroups: g,
        coef: Array1::from(opt.beta.clone()),
        vcov,
        df,
        ratio: s,
        tau2,
        sigma2,
        tau2_se,
        sigma2_se,
        deviance: opt.dev,
        log_lik: -opt.dev / 2.0,
        aic: opt.dev + 2.0 * npar,
        bic: opt.dev + (n as f64).ln() * npar,
        deviance_single_level: at0.dev,
        lrt,
        lrt_p_naive,
        lrt_p: 0.5 * lrt_p_naive,
        boundary,
        gradient: opt.grad,
        evaluations,
        groups,
    }
}
