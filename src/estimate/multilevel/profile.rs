//! Profile-likelihood intervals of the variance components' SDs (roots of the profiled
//! criterion, as lme4's confint(method = "profile") without its spline) and the ICCs.

use super::mixed::{Criterion, MixedFit, Sufficient, evaluate_with, nu};
use crate::numeric::roots::{brent_min, brent_root};

/// Profile-likelihood intervals of the between-group SD τ and the residual SD σ.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileIntervals {
    pub tau: (f64, f64),
    pub sigma: (f64, f64),
    pub level: f64,
}

/// Profile-likelihood intervals of τ and σ (as lme4's confint(method = "profile"), computed
/// exactly rather than from a spline through a grid).
///
/// # Formula
/// With D(s, σ²) = logdet(s) + ν log(2πσ²) + r²(s)/σ² the unprofiled criterion, the profile
/// of τ is min over σ² of D(τ²/σ², σ²) and that of σ is min over s >= 0 of D(s, σ²); the
/// interval holds the values whose profile lies within χ²₁(level) of the minimum. A lower
/// limit of τ at 0 means the data cannot exclude a zero between-group variance.
pub fn profile_intervals(
    suf: &Sufficient,
    crit: Criterion,
    fit: &MixedFit,
    level: f64,
) -> Option<ProfileIntervals> {
    let v = nu(suf, crit);
    let two_pi = 2.0 * std::f64::consts::PI;
    let dd = |s: f64, sigma2: f64| -> f64 {
        match evaluate_with(suf, s, crit, false) {
            Some(ev) => ev.logdet + v * (two_pi * sigma2).ln() + ev.r2 / sigma2,
            None => f64::INFINITY,
        }
    };
    let q = {
        use statrs::distribution::{ChiSquared, ContinuousCDF};
        ChiSquared::new(1.0).ok()?.inverse_cdf(level)
    };
    let best = fit.deviance;
    let (tau_hat, sig_hat) = (fit.tau2.sqrt(), fit.sigma2.sqrt());
    // Profile of τ: minimize over u = log σ² near the optimum.
    let prof_tau = |tau: f64| -> f64 {
        let c = fit.sigma2.ln();
        let mut f = |u: f64| dd(tau * tau / u.exp(), u.exp());
        brent_min(&mut f, c - 4.0, c + 4.0, 1e-12).1 - best - q
    };
    // Profile of σ: minimize over θ = sqrt(s) >= 0.
    let prof_sigma = |sigma: f64| -> f64 {
        let top =
            (fit.ratio.sqrt() * 4.0).max(1.0) * (fit.sigma2 / (sigma * sigma)).sqrt().max(1.0);
        let mut f = |t: f64| dd(t * t, sigma * sigma);
        let (_, m) = brent_min(&mut f, 0.0, top, 1e-12);
        m.min(dd(0.0, sigma * sigma)) - best - q
    };
    let root = |f: &dyn Fn(f64) -> f64, lo: f64, hi: f64| -> Option<f64> {
        brent_root(|x| Some(f(x)), lo, hi)
    };
    let tau_low = if prof_tau(0.0) <= 0.0 {
        0.0
    } else {
        root(&prof_tau, 0.0, tau_hat)?
    };
    let mut hi = tau_hat.max(1e-8) * 1.5 + 1e-8;
    while prof_tau(hi) < 0.0 {
        hi *= 2.0;
        if hi > 1e12 {
            return None;
        }
    }
    let tau_high = root(&prof_tau, tau_hat, hi)?;
    let mut lo = sig_hat / 1.5;
    while prof_sigma(lo) < 0.0 {
        lo /= 2.0;
    }
    let sigma_low = root(&prof_sigma, lo, sig_hat)?;
    let mut hi = sig_hat * 1.5;
    while prof_sigma(hi) < 0.0 {
        hi *= 2.0;
    }
    let sigma_high = root(&prof_sigma, sig_hat, hi)?;
    Some(ProfileIntervals {
        tau: (tau_low, tau_high),
        sigma: (sigma_low, sigma_high),
        level,
    })
}

/// Intra-class correlations of a null (intercept-only) model and what they imply.
#[derive(Clone, Debug, PartialEq)]
pub struct Icc {
    /// ICC(1) = τ² / (τ² + σ²): the share of the variance that lies between groups.
    pub icc1: f64,
    /// ICC(2) = τ² / (τ² + σ²/n̄): the reliability of a group mean of n̄ respondents.
    pub icc2: f64,
    /// Mean group size n̄ = N / G.
    pub mean_group_size: f64,
    /// Design effect 1 + (n̄ - 1) ICC(1) (Kish), and N divided by it.
    pub design_effect: f64,
    pub effective_n: f64,
}

/// ICC(1), ICC(2), design effect and effective sample size from a null model's components.
pub fn icc(tau2: f64, sigma2: f64, nobs: usize, ngroups: usize) -> Icc {
    let nbar = nobs as f64 / ngroups as f64;
    let icc1 = tau2 / (tau2 + sigma2);
    let deff = 1.0 + (nbar - 1.0) * icc1;
    Icc {
        icc1,
        icc2: tau2 / (tau2 + sigma2 / nbar),
        mean_group_size: nbar,
        design_effect: deff,
        effective_n: nobs as f64 / deff,
    }
}
