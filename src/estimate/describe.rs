//! Descriptive statistics: means, SDs and pairwise-complete Pearson correlations.
//!
//! # Formula
//! r = sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2) over the pairs where
//! both are present; p from t = r sqrt(n - 2) / sqrt(1 - r^2) on n - 2 df (R's `cor.test`).

use super::regression::ols::mean_sd;
use crate::numeric::dist::t_two_sided_p;
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

/// Neumaier's compensated sum.
fn compensated_sum(v: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for x in v {
        let t = s + x;
        c += if s.abs() >= x.abs() {
            (s - t) + x
        } else {
            (x - t) + s
        };
        s = t;
    }
    s + c
}

/// Pearson correlation of the pairs where both values are finite: (r, n). Two passes
/// (means, then centred cross-products), sums compensated.
pub fn pearson(x: &[f64], y: &[f64]) -> (f64, usize) {
    let ok = |i: &usize| x[*i].is_finite() && y[*i].is_finite();
    let idx: Vec<usize> = (0..x.len().min(y.len())).filter(ok).collect();
    let n = idx.len();
    if n < 2 {
        return (f64::NAN, n);
    }
    let mx = compensated_sum(idx.iter().map(|&i| x[i])) / n as f64;
    let my = compensated_sum(idx.iter().map(|&i| y[i])) / n as f64;
    let sxy = compensated_sum(idx.iter().map(|&i| (x[i] - mx) * (y[i] - my)));
    let sxx = compensated_sum(idx.iter().map(|&i| (x[i] - mx) * (x[i] - mx)));
    let syy = compensated_sum(idx.iter().map(|&i| (y[i] - my) * (y[i] - my)));
    let r = sxy / (sxx * syy).sqrt();
    (r.clamp(-1.0, 1.0), n)
}

/// Pairwise-complete correlation matrix with two-sided p-values.
pub fn correlation_matrix(names: &[String], columns: &[&[f64]]) -> CorrelationMatrix {
    let k = columns.len();
    let mut r = vec![vec![None; k]; k];
    let mut p = vec![vec![None; k]; k];
    let mut nn = vec![vec![0usize; k]; k];
    let pairs: Vec<(usize, usize)> = (0..k).flat_map(|a| (0..=a).map(move |b| (a, b))).collect();
    let found = crate::numeric::parallel::map(&pairs, |&(a, b)| pearson(columns[a], columns[b]));
    for (&(a, b), &(rv, n)) in pairs.iter().zip(&found) {
        nn[a][b] = n;
        nn[b][a] = n;
        if rv.is_finite() {
            r[a][b] = Some(if a == b { 1.0 } else { rv });
            r[b][a] = r[a][b];
            if a != b && n > 2 {
                let t = rv * ((n - 2) as f64).sqrt() / (1.0 - rv * rv).sqrt();
                p[a][b] = if t.is_finite() {
                    t_two_sided_p(t, (n - 2) as f64)
                } else {
                    Some(0.0)
                };
                p[b][a] = p[a][b];
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
