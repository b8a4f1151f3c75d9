//! Descriptive statistics: means, SDs and pairwise-complete Pearson correlations.
//!
//! # Formula
//! r = sum (x - xbar)(y - ybar) / sqrt(sum (x - xbar)^2 sum (y - ybar)^2) over the pairs where
//! both are present; p from t = r sqrt(n - 2) / sqrt(1 - r^2) on n - 2 df (R's `cor.test`).

use super::regression::ols::mean_sd;
use crate::numeric::dd::Dd;
use crate::numeric::dist::t_two_sided_p;
use crate::numeric::values::Values;
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

/// [`describe`] of a column as it is held: one held as codes into a table of its values (a
/// construct's scores) from the count of each code, its sums over the distinct values
/// weighted by their counts in double-double, as [`mean_sd`] sums; other columns as doubles.
pub fn describe_values(variable: &str, values: Values) -> Descriptive {
    let Values::Coded(codes, table) = values else {
        return describe(variable, &values.reals());
    };
    let mut counts = [0u64; 256];
    for &c in codes {
        counts[usize::from(c)] += 1;
    }
    let met: Vec<(f64, Dd)> = (counts.iter().zip(table))
        .filter(|&(&c, x)| c > 0 && x.is_finite())
        .map(|(&c, &x)| (x, Dd::from_f64(c as f64)))
        .collect();
    let n: u64 = met.iter().map(|(_, c)| c.hi as u64).sum();
    let (mean, sd) = if n == 0 {
        (f64::NAN, f64::NAN)
    } else {
        let mean = met
            .iter()
            .fold(Dd::ZERO, |s, &(x, c)| s + c * Dd::from_f64(x))
            / Dd::from_f64(n as f64);
        let ss = met.iter().fold(Dd::ZERO, |s, &(x, c)| {
            let d = Dd::from_f64(x) - mean;
            s + c * d * d
        });
        let sd = if n > 1 {
            (ss / Dd::from_f64((n - 1) as f64)).sqrt().to_f64()
        } else {
            f64::NAN
        };
        (mean.to_f64(), sd)
    };
    let fin = |v: f64| if v.is_finite() { Some(v) } else { None };
    Descriptive {
        variable: variable.to_string(),
        label: None,
        label_zh: None,
        n: n as usize,
        mean: fin(mean),
        sd: fin(sd),
        min: met.iter().map(|&(x, _)| x).reduce(f64::min),
        max: met.iter().map(|&(x, _)| x).reduce(f64::max),
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

/// Pearson correlation of the pairs where both values are finite, (r, n), for two columns
/// held as one-byte codes into tables of their values (construct scores): the rows counted
/// by pair of codes in one pass over the bytes (a table of as many pairs as the two tables
/// of values allow, at most 256 x 256), then the means and centred sums over the pairs met,
/// weighted by their counts, in double-double.
fn pearson_coded((ca, ta): (&[u8], &[f64]), (cb, tb): (&[u8], &[f64])) -> (f64, usize) {
    let width = tb.len();
    debug_assert!(ca.iter().all(|&x| usize::from(x) < ta.len()));
    debug_assert!(cb.iter().all(|&y| usize::from(y) < width));
    let mut counts = vec![0u64; ta.len() * width];
    for (&x, &y) in ca.iter().zip(cb) {
        counts[usize::from(x) * width + usize::from(y)] += 1;
    }
    let met: Vec<(f64, f64, Dd)> = (counts.iter().enumerate())
        .filter(|&(_, &c)| c > 0)
        .map(|(k, &c)| (ta[k / width], tb[k % width], Dd::from_f64(c as f64)))
        .filter(|&(x, y, _)| x.is_finite() && y.is_finite())
        .collect();
    let n: u64 = met.iter().map(|&(_, _, c)| c.hi as u64).sum();
    if n < 2 {
        return (f64::NAN, n as usize);
    }
    let nd = Dd::from_f64(n as f64);
    let mx = met
        .iter()
        .fold(Dd::ZERO, |s, &(x, _, c)| s + c * Dd::from_f64(x))
        / nd;
    let my = met
        .iter()
        .fold(Dd::ZERO, |s, &(_, y, c)| s + c * Dd::from_f64(y))
        / nd;
    let (mut sxy, mut sxx, mut syy) = (Dd::ZERO, Dd::ZERO, Dd::ZERO);
    for &(x, y, c) in &met {
        let (dx, dy) = (Dd::from_f64(x) - mx, Dd::from_f64(y) - my);
        sxy = sxy + c * dx * dy;
        sxx = sxx + c * dx * dx;
        syy = syy + c * dy * dy;
    }
    let r = (sxy / (sxx * syy).sqrt()).to_f64();
    (r.clamp(-1.0, 1.0), n as usize)
}

/// Pairwise-complete correlation matrix with two-sided p-values. Without a missing value
/// every pair rests on every row: then one pass of cross-products serves all pairs
/// (`numeric::moments`, sums in double-double) instead of a pass per pair.
pub fn correlation_matrix(names: &[String], columns: &[Values]) -> CorrelationMatrix {
    let k = columns.len();
    let mut r = vec![vec![None; k]; k];
    let mut p = vec![vec![None; k]; k];
    let mut nn = vec![vec![0usize; k]; k];
    let pairs: Vec<(usize, usize)> = (0..k).flat_map(|a| (0..=a).map(move |b| (a, b))).collect();
    let complete = columns.iter().all(|c| c.iter().all(|v| v.is_finite()));
    // Each column as doubles once (borrowed when it is held so) unless every pair is of two
    // columns held as codes.
    let all_coded = columns.iter().all(|c| matches!(c, Values::Coded(..)));
    let reals: Vec<Option<std::borrow::Cow<[f64]>>> = (columns.iter())
        .map(|c| (!complete && !all_coded).then(|| c.reals()))
        .collect();
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
        crate::numeric::parallel::map(&pairs, |&(a, b)| match (columns[a], columns[b]) {
            (Values::Coded(ca, ta), Values::Coded(cb, tb)) => pearson_coded((ca, ta), (cb, tb)),
            _ => pearson(
                reals[a].as_deref().expect("widened above"),
                reals[b].as_deref().expect("widened above"),
            ),
        })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::values::dictionary;

    // R 4.x: x <- c(1, 2, 2.5, NA, 4, 1, 2.5, 2); y <- c(2, 2, 3, 5, NA, 1, 3, 1.5)
    // cor(x, y, use = "pairwise.complete.obs") = 0.76143112984146588 on 6 pairs;
    // mean(x, na.rm = TRUE) = 2.1428571428571428, sd(x, na.rm = TRUE) = 1.0293317295817757.
    const X: [f64; 8] = [1.0, 2.0, 2.5, f64::NAN, 4.0, 1.0, 2.5, 2.0];
    const Y: [f64; 8] = [2.0, 2.0, 3.0, 5.0, f64::NAN, 1.0, 3.0, 1.5];

    #[test]
    fn columns_held_as_codes_correlate_as_r_and_as_their_doubles() {
        let ((cx, tx), (cy, ty)) = (dictionary(&X).unwrap(), dictionary(&Y).unwrap());
        let (r, n) = pearson_coded((&cx, &tx), (&cy, &ty));
        assert_eq!(n, 6);
        assert!((r - 0.76143112984146588).abs() < 1e-15, "{r}");
        let (r2, n2) = pearson(&X, &Y);
        assert_eq!(n2, 6);
        assert!((r - r2).abs() < 1e-15);
        // The matrix takes the coded path for two coded columns, the doubles otherwise.
        let names = ["x".to_string(), "y".to_string()];
        let coded = correlation_matrix(&names, &[Values::Coded(&cx, &tx), Values::Coded(&cy, &ty)]);
        let plain = correlation_matrix(&names, &[Values::Real(&X), Values::Real(&Y)]);
        assert_eq!(coded.n, plain.n);
        let (a, b) = (coded.r[1][0].unwrap(), plain.r[1][0].unwrap());
        assert!((a - b).abs() < 1e-15 && a.to_bits() == r.to_bits());
    }

    #[test]
    fn a_column_held_as_codes_is_described_as_r_describes_it() {
        let (codes, table) = dictionary(&X).unwrap();
        let d = describe_values("x", Values::Coded(&codes, &table));
        assert_eq!(d.n, 7);
        assert!((d.mean.unwrap() - 2.1428571428571428).abs() < 1e-15);
        assert!((d.sd.unwrap() - 1.0293317295817757).abs() < 1e-15);
        assert_eq!((d.min, d.max), (Some(1.0), Some(4.0)));
        let plain = describe("x", &X);
        assert_eq!((d.n, d.min, d.max), (plain.n, plain.min, plain.max));
        assert!((d.mean.unwrap() - plain.mean.unwrap()).abs() < 1e-15);
        assert!((d.sd.unwrap() - plain.sd.unwrap()).abs() < 1e-15);
    }
}
