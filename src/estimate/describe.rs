//! Descriptive statistics: means, SDs and pairwise-complete Pearson correlations.
//!
//! # Formula
//! r = sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2) over the pairs where
//! both are present; p from t = r sqrt(n - 2) / sqrt(1 - r^2) on n - 2 df (R's `cor.test`).

use super::dd::Dd;
use super::dist::t_two_sided_p;
use super::ols::mean_sd;
use crate::results::{CorrelationMatrix, Descriptive};
use statrs::distribution::{ContinuousCDF, Normal};

/// Mean, SD, min and max of the non-missing (finite) values.
pub fn describe(variable: &str, values: &[f64]) -> Descriptive {
    let ok: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (mean, sd) = mean_sd(ok.iter().copied());
    let fin = |v: f64| if v.is_finite() { Some(v) } else { None };
    Descriptive {
        variable: variable.to_string(),
        label: None,
        label_zh: None,
        n: ok.len(),
        mean: fin(mean),
        sd: fin(sd),
        min: ok.iter().copied().reduce(f64::min),
        max: ok.iter().copied().reduce(f64::max),
        n_items: None,
    }
}

/// Pearson correlation of the pairs where both values are finite: (r, n).
pub fn pearson(x: &[f64], y: &[f64]) -> (f64, usize) {
    let pairs: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(a, b)| (*a, *b))
        .collect();
    let n = pairs.len();
    if n < 2 {
        return (f64::NAN, n);
    }
    let (mx, _) = mean_sd(pairs.iter().map(|p| p.0));
    let (my, _) = mean_sd(pairs.iter().map(|p| p.1));
    let (mut sxy, mut sxx, mut syy) = (Dd::ZERO, Dd::ZERO, Dd::ZERO);
    for &(a, b) in &pairs {
        let da = Dd::from_f64(a) - Dd::from_f64(mx);
        let db = Dd::from_f64(b) - Dd::from_f64(my);
        sxy = sxy + da * db;
        sxx = sxx + da * da;
        syy = syy + db * db;
    }
    let r = sxy.to_f64() / (sxx.to_f64() * syy.to_f64()).sqrt();
    (r.clamp(-1.0, 1.0), n)
}

/// Pairwise-complete correlation matrix with two-sided p-values.
pub fn correlation_matrix(names: &[String], columns: &[&[f64]]) -> CorrelationMatrix {
    let k = columns.len();
    let mut r = vec![vec![None; k]; k];
    let mut p = vec![vec![None; k]; k];
    let mut nn = vec![vec![0usize; k]; k];
    for a in 0..k {
        for b in 0..k {
            let (rv, n) = pearson(columns[a], columns[b]);
            nn[a][b] = n;
            if rv.is_finite() {
                r[a][b] = Some(if a == b { 1.0 } else { rv });
                if a != b && n > 2 {
                    let t = rv * ((n - 2) as f64).sqrt() / (1.0 - rv * rv).sqrt();
                    p[a][b] = if t.is_finite() {
                        t_two_sided_p(t, (n - 2) as f64)
                    } else {
                        Some(0.0)
                    };
                }
            }
        }
    }
    CorrelationMatrix {
        variables: names.to_vec(),
        r,
        p_value: p,
        n: nn,
    }
}

/// Expected normal order statistics for a Q-Q plot, as R's `qqnorm`:
/// qnorm(ppoints(n)), ppoints(n) = (i - a)/(n + 1 - 2a), a = 3/8 for n <= 10, else 1/2.
pub fn normal_scores(n: usize) -> Vec<f64> {
    let a = if n <= 10 { 0.375 } else { 0.5 };
    let z = Normal::standard();
    (1..=n)
        .map(|i| z.inverse_cdf((i as f64 - a) / (n as f64 + 1.0 - 2.0 * a)))
        .collect()
}
