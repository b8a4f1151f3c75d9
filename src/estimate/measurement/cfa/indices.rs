//! Fit indices shared by CFA and SEM: the noncentral χ² CDF and its inverse in the
//! noncentrality, CFI, TLI and RMSEA with its interval and p-close, and SRMR.

use ndarray::Array2;

/// Noncentral chi-square CDF P(X <= x) with `df` degrees of freedom and noncentrality `ncp`
/// (Poisson mixture of central chi-squares, summed outward from the Poisson mode).
pub fn pchisq_noncentral(x: f64, df: f64, ncp: f64) -> f64 {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    if ncp <= 0.0 {
        return ChiSquared::new(df).map(|d| d.cdf(x)).unwrap_or(f64::NAN);
    }
    let h = ncp / 2.0;
    let mode = h.floor() as i64;
    let ln_pois =
        |j: i64| -h + j as f64 * h.ln() - statrs::function::gamma::ln_gamma(j as f64 + 1.0);
    let term = |j: i64| {
        let w = ln_pois(j).exp();
        w * ChiSquared::new(df + 2.0 * j as f64)
            .map(|d| d.cdf(x))
            .unwrap_or(0.0)
    };
    let mut sum = term(mode);
    let mut j = mode + 1;
    loop {
        let t = term(j);
        sum += t;
        if ln_pois(j).exp() < 1e-17 {
            break;
        }
        j += 1;
    }
    let mut j = mode - 1;
    while j >= 0 {
        let t = term(j);
        sum += t;
        if ln_pois(j).exp() < 1e-17 {
            break;
        }
        j -= 1;
    }
    sum.min(1.0)
}

/// The noncentrality λ with P(χ²_df(λ) <= x) = target (0 when even λ = 0 falls below it).
pub(crate) fn ncp_for(x: f64, df: f64, target: f64) -> f64 {
    if pchisq_noncentral(x, df, 0.0) < target {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0, (x - df).max(1.0));
    while pchisq_noncentral(x, df, hi) > target {
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if pchisq_noncentral(x, df, mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi.max(1.0) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// The fit indices that compare a model's χ² with the baseline model's.
pub(crate) struct ComparativeFit {
    pub cfi: f64,
    pub tli: f64,
    pub rmsea: f64,
    pub rmsea_low: f64,
    pub rmsea_high: f64,
    pub rmsea_pclose: f64,
}

/// CFI, TLI and RMSEA with its 90% interval and p-close (H0: RMSEA <= .05), as lavaan
/// computes them; a saturated model (df = 0) fits perfectly.
///
/// # Formula
/// CFI = 1 - max(χ² - df, 0) / max(χ²_b - df_b, χ² - df, 0);
/// TLI = (χ²_b/df_b - χ²/df) / (χ²_b/df_b - 1);
/// RMSEA = sqrt(max(χ² - df, 0) / (N df)), its bounds from the noncentrality λ with
/// P(χ²_df(λ) <= χ²) = .95 and .05; p-close = P(χ²_df(N df .05²) > χ²).
pub(crate) fn comparative_fit(
    chi: f64,
    df: f64,
    base_chi: f64,
    base_df: f64,
    n: f64,
) -> ComparativeFit {
    if df <= 0.0 {
        return ComparativeFit {
            cfi: 1.0,
            tli: 1.0,
            rmsea: 0.0,
            rmsea_low: 0.0,
            rmsea_high: 0.0,
            rmsea_pclose: f64::NAN,
        };
    }
    let num = (chi - df).max(0.0);
    let den = (base_chi - base_df).max(chi - df).max(0.0);
    ComparativeFit {
        cfi: if den > 0.0 { 1.0 - num / den } else { 1.0 },
        tli: (base_chi / base_df - chi / df) / (base_chi / base_df - 1.0),
        rmsea: ((chi - df) / (n * df)).max(0.0).sqrt(),
        rmsea_low: (ncp_for(chi, df, 0.95) / (n * df)).sqrt(),
        rmsea_high: (ncp_for(chi, df, 0.05) / (n * df)).sqrt(),
        rmsea_pclose: 1.0 - pchisq_noncentral(chi, df, n * df * 0.05 * 0.05),
    }
}

/// SRMR: the root mean square of the residual correlations over the p(p+1)/2 moments.
///
/// # Formula
/// sqrt(Σ_{i>=j} ((s_ij - σ_ij) / sqrt(s_ii s_jj))² / (p(p+1)/2)).
pub(crate) fn srmr(s: &Array2<f64>, sigma: &Array2<f64>) -> f64 {
    let p = s.nrows();
    let mut ss = 0.0;
    for i in 0..p {
        for j in 0..=i {
            let e = (s[[i, j]] - sigma[[i, j]]) / (s[[i, i]] * s[[j, j]]).sqrt();
            ss += e * e;
        }
    }
    (ss / (p * (p + 1) / 2) as f64).sqrt()
}
