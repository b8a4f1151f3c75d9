//! Tail probabilities and quantiles of the t and F distributions (statrs), computed from the
//! survival function so that tiny p-values do not underflow to 0 (as 1 - cdf would).

use statrs::distribution::{Continuous, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

/// Two-sided p-value of a t statistic: 2 P(T_df > |t|). Infinite df gives the normal.
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    if !t.is_finite() || !(df > 0.0) {
        return None;
    }
    let sf = if df.is_infinite() {
        Normal::standard().sf(t.abs())
    } else {
        StudentsT::new(0.0, 1.0, df).ok()?.sf(t.abs())
    };
    Some((2.0 * sf).min(1.0))
}

/// Upper-tail p-value of an F statistic: P(F_{df1,df2} > f).
pub fn f_upper_p(f: f64, df1: f64, df2: f64) -> Option<f64> {
    if !f.is_finite() || !(df1 > 0.0) || !(df2 > 0.0) {
        return None;
    }
    if f <= 0.0 {
        return Some(1.0);
    }
    Some(FisherSnedecor::new(df1, df2).ok()?.sf(f))
}

/// Quantile t such that P(T_df > t) = upper, for 0 < upper < 1/2.
///
/// # Formula
/// statrs' inverse (via the inverse regularized incomplete beta) as a start, then Newton
/// steps on the survival function, t <- t + (sf(t) - upper) / pdf(t), to full precision
/// (validated against R's `qt` in tests).
pub fn t_upper_quantile(upper: f64, df: f64) -> Option<f64> {
    if !(upper > 0.0 && upper < 1.0) || !(df > 0.0) {
        return None;
    }
    if df.is_infinite() {
        let n = Normal::standard();
        return Some(-n.inverse_cdf(upper));
    }
    let d = StudentsT::new(0.0, 1.0, df).ok()?;
    let mut t = d.inverse_cdf(1.0 - upper);
    for _ in 0..8 {
        let step = (d.sf(t) - upper) / d.pdf(t);
        if !step.is_finite() {
            break;
        }
        t += step;
        if step.abs() <= 1e-16 * t.abs().max(1.0) {
            break;
        }
    }
    Some(t)
}

/// Upper-tail p-value of a chi-square statistic: P(X^2_df > x).
pub fn chi2_upper_p(x: f64, df: f64) -> Option<f64> {
    use statrs::distribution::ChiSquared;
    if !x.is_finite() || !(df > 0.0) {
        return None;
    }
    if x <= 0.0 {
        return Some(1.0);
    }
    Some(ChiSquared::new(df).ok()?.sf(x))
}

/// Standard normal quantile and upper tail, for the tests built on them.
pub fn norm_quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

pub fn norm_upper(z: f64) -> f64 {
    Normal::standard().sf(z)
}

/// The `i`-th (from 0) of `n` expected normal order statistics for a Q-Q plot, as R's
/// `qqnorm`: qnorm(ppoints(n)), ppoints(n) = (i - a)/(n + 1 - 2a) for i = 1..n, a = 3/8 for
/// n <= 10, else 1/2.
pub fn normal_score(i: usize, n: usize) -> f64 {
    let a = if n <= 10 { 0.375 } else { 0.5 };
    norm_quantile(((i + 1) as f64 - a) / (n as f64 + 1.0 - 2.0 * a))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values from R 4.2.2 (options(digits = 17)): qt(0.975, c(10, 56, 1000));
    // 2*pt(-2.5, 56); pf(4.2, 7, 1001, lower.tail = FALSE).
    #[test]
    fn t_quantiles_and_tails_match_r() {
        let cases = [
            (10.0, 2.2281388519862739),
            (56.0, 2.0032407188478722),
            (1000.0, 1.9623390808264076),
        ];
        for (df, want) in cases {
            let got = t_upper_quantile(0.025, df).unwrap();
            assert!(
                ((got - want) / want).abs() < 1e-13,
                "df {df}: {got} vs {want}"
            );
        }
        let p = t_two_sided_p(2.5, 56.0).unwrap();
        assert!((p / 0.015374965141521407 - 1.0).abs() < 1e-12, "{p}");
        let pf = f_upper_p(4.2, 7.0, 1001.0).unwrap();
        assert!((pf / 0.00014176015070028138 - 1.0).abs() < 1e-8, "{pf}");
    }

    #[test]
    fn huge_t_statistics_keep_a_nonzero_p_value() {
        let p = t_two_sided_p(40.0, 1000.0).unwrap();
        assert!(p > 0.0 && p < 1e-200);
    }
}
