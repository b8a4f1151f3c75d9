//! Descriptive statistics: means, SDs and pairwise-complete Pearson correlations.
//!
//! # Formula
//! r = sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2) over the pairs where
//! both are present; p from t = r sqrt(n - 2) / sqrt(1 - r^2) on n - 2 df (R's `cor.test`).

use super::regression::ols::mean_sd;
use crate::numeric::dist::t_two_sided_p;
use crate::results::{CorrelationMatrix, Descriptive};

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

/// Neumaier's compensated sum, a value at a time (several run side by side in one pass).
#[derive(Clone, Copy, Default)]
struct Compensated {
    s: f64,
    c: f64,
}

impl Compensated {
    #[inline]
    fn add(&mut self, x: f64) {
        let t = self.s + x;
        self.c += if self.s.abs() >= x.abs() {
            (self.s - t) + x
        } else {
            (x - t) + self.s
        };
        self.s = t;
    }

    fn sum(self) -> f64 {
        self.s + self.c
    }
}

/// Pearson correlation of the pairs where both values are finite: (r, n). Two passes
/// (means, then centred cross-products), sums compensated. Rows are taken four at a time,
/// each position into sums of its own (four chains of additions side by side, without a
/// branch: a pair with a missing value adds an exact zero), about 3x faster than one chain.
pub fn pearson(x: &[f64], y: &[f64]) -> (f64, usize) {
    let len = x.len().min(y.len());
    let (x, y) = (&x[..len], &y[..len]);
    let ok = |a: f64, b: f64| a.is_finite() && b.is_finite();
    let mut n = 0usize;
    let (mut sx, mut sy) = ([Compensated::default(); 4], [Compensated::default(); 4]);
    let (cx, cy) = (x.chunks_exact(4), y.chunks_exact(4));
    let (rx, ry) = (cx.remainder(), cy.remainder());
    for (a, b) in cx.zip(cy) {
        for l in 0..4 {
            let keep = ok(a[l], b[l]);
            n += usize::from(keep);
            sx[l].add(if keep { a[l] } else { 0.0 });
            sy[l].add(if keep { b[l] } else { 0.0 });
        }
    }
    for (l, (&a, &b)) in rx.iter().zip(ry).enumerate() {
        let keep = ok(a, b);
        n += usize::from(keep);
        sx[l].add(if keep { a } else { 0.0 });
        sy[l].add(if keep { b } else { 0.0 });
    }
    if n < 2 {
        return (f64::NAN, n);
    }
    let total = |s: &[Compensated; 4]| (s[0].sum() + s[1].sum()) + (s[2].sum() + s[3].sum());
    let mx = total(&sx) / n as f64;
    let my = total(&sy) / n as f64;
    let [mut sxy, mut sxx, mut syy] = [[Compensated::default(); 4]; 3];
    let mut centred = |l: usize, a: f64, b: f64| {
        let (dx, dy) = if ok(a, b) {
            (a - mx, b - my)
        } else {
            (0.0, 0.0)
        };
        sxy[l].add(dx * dy);
        sxx[l].add(dx * dx);
        syy[l].add(dy * dy);
    };
    for (a, b) in x.chunks_exact(4).zip(y.chunks_exact(4)) {
        for l in 0..4 {
            centred(l, a[l], b[l]);
        }
    }
    for (l, (&a, &b)) in rx.iter().zip(ry).enumerate() {
        centred(l, a, b);
    }
    let (sxy, sxx, syy) = (total(&sxy), total(&sxx), total(&syy));
    let r = sxy / (sxx * syy).sqrt();
    (r.clamp(-1.0, 1.0), n)
}

/// Pairwise-complete correlation matrix with two-sided p-values. Without a missing value
/// every pair rests on every row: then one pass of cross-products serves all pairs
/// (`numeric::moments`, sums in double-double) instead of a pass per pair.
pub fn correlation_matrix(names: &[String], columns: &[&[f64]]) -> CorrelationMatrix {
    let k = columns.len();
    let mut r = vec![vec![None; k]; k];
    let mut p = vec![vec![None; k]; k];
    let mut nn = vec![vec![0usize; k]; k];
    let pairs: Vec<(usize, usize)> = (0..k).flat_map(|a| (0..=a).map(move |b| (a, b))).collect();
    let complete = columns.iter().all(|c| c.iter().all(|v| v.is_finite()));
    let found: Vec<(f64, usize)> = if complete {
        let m = crate::numeric::moments::cross_products(columns, None);
        let s = &m.s;
        pairs
            .iter()
            .map(|&(a, b)| {
                if m.n < 2 {
                    return (f64::NAN, m.n);
                }
                let rv = s[[a, b]] / (s[[a, a]] * s[[b, b]]).sqrt();
                (rv.clamp(-1.0, 1.0), m.n)
            })
            .collect()
    } else {
        crate::numeric::parallel::map(&pairs, |&(a, b)| pearson(columns[a], columns[b]))
    };
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
