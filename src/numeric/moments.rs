//! Means and centred sums of cross-products of a block of columns over chosen rows: the one
//! pass over the data that correlation and covariance matrices (reliability, KMO, EFA)
//! start from.
//!
//! # Formula
//! With n rows, S_ab = sum_i (x_ia - m_a)(x_ib - m_b), m_a the column means.
//! - Whole numbers of at most 2^15 in magnitude (answers on a scale, codes): the raw sums
//!   sum x_a and sum x_a x_b are exact in 64-bit integers, and S_ab = (n sum x_a x_b -
//!   sum x_a sum x_b) / n from the exact 128-bit numerator, rounded once or twice: correct to
//!   about 1 ulp however large n is, and the same whatever the order of the rows.
//! - Other numbers: two passes (means summed in double-double, then centred products), the
//!   products summed in blocks of [`BLOCK`] rows whose sums are added in double-double, so
//!   that the result is the same on any number of threads.

use super::dd::Dd;
use super::values::{AsValues, Values};
use ndarray::Array2;

/// Rows per block: the unit of work shared among threads and of the exact inner sums.
const BLOCK: usize = 4096;

/// Largest magnitude of the whole numbers summed exactly (products below 2^30, a block's sum
/// of them below 2^42: exact in a double; the totals below 2^61 for up to 2^31 rows).
const EXACT_MAX: f64 = 32768.0;

/// n, the means and the centred sums of cross-products S (p x p, symmetric).
#[derive(Clone, Debug)]
pub struct CrossProducts {
    pub n: usize,
    pub means: Vec<f64>,
    pub s: Array2<f64>,
}

impl CrossProducts {
    /// The correlation matrix (1 on the diagonal; NaN where a column is constant).
    pub fn correlation(&self) -> Array2<f64> {
        let s = &self.s;
        Array2::from_shape_fn(s.dim(), |(a, b)| {
            if a == b {
                1.0
            } else {
                s[[a, b]] / (s[[a, a]] * s[[b, b]]).sqrt()
            }
        })
    }

    /// The moments with the flagged columns reflected, x -> `around` - x (a reverse-keyed
    /// item: around = the scale's min + max): their means become `around` - mean, their
    /// cross-products with the other columns change sign.
    pub fn reflected(&self, flip: &[bool], around: f64) -> CrossProducts {
        let sign = |a: usize| if flip[a] { -1.0 } else { 1.0 };
        CrossProducts {
            n: self.n,
            means: (self.means.iter().enumerate())
                .map(|(a, &m)| if flip[a] { around - m } else { m })
                .collect(),
            s: Array2::from_shape_fn(self.s.dim(), |(a, b)| sign(a) * sign(b) * self.s[[a, b]]),
        }
    }

    /// The covariance matrix (divisor n - 1).
    pub fn covariance(&self) -> Array2<f64> {
        let d = self.n as f64 - 1.0;
        self.s.mapv(|v| v / d)
    }
}

/// The means and cross-products of `columns` over the rows where every one of them is finite
/// (listwise deletion; `n` says how many).
pub fn complete_cases<C: AsValues>(columns: &[C]) -> CrossProducts {
    let n_all = columns.first().map_or(0, |c| c.values().len());
    let cols: Vec<Values> = columns.iter().map(AsValues::values).collect();
    let rows: Vec<usize> = (0..n_all)
        .filter(|&i| cols.iter().all(|c| c.at(i).is_finite()))
        .collect();
    let rows = (rows.len() < n_all).then_some(rows.as_slice());
    cross_products(columns, rows)
}

/// The dot product of two blocks of whole numbers (|v| <= EXACT_MAX, at most BLOCK long):
/// every partial sum is a whole number below 2^53, so the sum is exact in any order, and
/// eight running sums let the compiler use vector registers (4x faster than one chain).
fn whole_dot(a: &[f64], b: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f64 = (ca.remainder().iter().zip(cb.remainder()))
        .map(|(u, v)| u * v)
        .sum();
    for (u, v) in ca.zip(cb) {
        for ((acc, x), y) in lanes.iter_mut().zip(u).zip(v) {
            *acc += x * y;
        }
    }
    lanes.iter().sum::<f64>() + tail
}

/// The means and cross-products of `columns` over `rows` (every row when None). The values
/// on those rows must be finite.
pub fn cross_products<C: AsValues>(columns: &[C], rows: Option<&[usize]>) -> CrossProducts {
    let columns: Vec<Values> = columns.iter().map(AsValues::values).collect();
    let p = columns.len();
    let n = rows.map_or(columns.first().map_or(0, |c| c.len()), <[usize]>::len);
    let value = |c: &Values, i: usize| rows.map_or_else(|| c.at(i), |r| c.at(r[i]));
    let whole = columns.iter().all(|c| {
        (0..n).all(|i| match c {
            // Bytes hold whole numbers below 128, or a missing cell (against the contract:
            // then the general path, which gives NaN, not a missing cell counted as 0).
            Values::Small(v) => v[rows.map_or(i, |r| r[i])] != super::values::SMALL_MISSING,
            _ => {
                let v = value(c, i);
                // (Not fract(): without SSE4.1 in the build target it is a library call.)
                v.abs() <= EXACT_MAX && v == f64::from(v as i32)
            }
        })
    });
    let blocks: Vec<usize> = (0..n.div_ceil(BLOCK)).collect();
    // Each block's columns gathered contiguously, then column against column.
    let gather = |b: usize| -> (usize, Vec<f64>) {
        let (lo, hi) = (b * BLOCK, ((b + 1) * BLOCK).min(n));
        let m = hi - lo;
        let mut x = vec![0.0; m * p];
        for (a, c) in columns.iter().enumerate() {
            let out = &mut x[a * m..(a + 1) * m];
            match rows {
                None => c.fill(lo, out),
                Some(r) => {
                    for (o, &i) in out.iter_mut().zip(&r[lo..hi]) {
                        *o = c.at(i);
                    }
                }
            }
        }
        (m, x)
    };
    let pairs = p * (p + 1) / 2;
    if whole {
        let sums = super::parallel::map(&blocks, |&b| {
            let (m, x) = gather(b);
            let mut out = vec![0i64; p + pairs];
            for a in 0..p {
                let xa = &x[a * m..(a + 1) * m];
                out[a] = xa.iter().sum::<f64>() as i64;
                for bb in 0..=a {
                    let xb = &x[bb * m..(bb + 1) * m];
                    out[p + a * (a + 1) / 2 + bb] = whole_dot(xa, xb) as i64;
                }
            }
            out
        });
        let mut total = vec![0i128; p + pairs];
        for s in &sums {
            for (t, v) in total.iter_mut().zip(s) {
                *t += i128::from(*v);
            }
        }
        return from_whole(n, p, &total);
    }
    // Means: each block summed in double-double, the blocks added in double-double.
    let block_sums = super::parallel::map(&blocks, |&b| {
        let (m, x) = gather(b);
        (0..p)
            .map(|a| {
                x[a * m..(a + 1) * m]
                    .iter()
                    .fold(Dd::ZERO, |t, &v| t + Dd::from_f64(v))
            })
            .collect::<Vec<Dd>>()
    });
    let means: Vec<f64> = (0..p)
        .map(|a| {
            let s = block_sums.iter().fold(Dd::ZERO, |t, b| t + b[a]);
            (s / Dd::from_f64(n as f64)).to_f64()
        })
        .collect();
    let products = super::parallel::map(&blocks, |&b| {
        let (m, mut x) = gather(b);
        for a in 0..p {
            for v in &mut x[a * m..(a + 1) * m] {
                *v -= means[a];
            }
        }
        let mut out = vec![0.0; pairs];
        for a in 0..p {
            let xa = &x[a * m..(a + 1) * m];
            for bb in 0..=a {
                let xb = &x[bb * m..(bb + 1) * m];
                out[a * (a + 1) / 2 + bb] = xa.iter().zip(xb).map(|(u, v)| u * v).sum();
            }
        }
        out
    });
    let mut s = Array2::zeros((p, p));
    for a in 0..p {
        for b in 0..=a {
            let k = a * (a + 1) / 2 + b;
            let v = products
                .iter()
                .fold(Dd::ZERO, |t, blk| t + Dd::from_f64(blk[k]))
                .to_f64();
            s[[a, b]] = v;
            s[[b, a]] = v;
        }
    }
    CrossProducts { n, means, s }
}

/// The moments from the exact sums of whole numbers: `total` holds the p column sums, then
/// the sums of products in the lower triangle by rows (a, b <= a); S_ab = (n sum x_a x_b -
/// sum x_a sum x_b) / n from the exact numerator.
fn from_whole(n: usize, p: usize, total: &[i128]) -> CrossProducts {
    let nn = n as i128;
    let means = (0..p).map(|a| total[a] as f64 / n as f64).collect();
    let mut s = Array2::zeros((p, p));
    for a in 0..p {
        for b in 0..=a {
            let num = nn * total[p + a * (a + 1) / 2 + b] - total[a] * total[b];
            let v = num as f64 / n as f64;
            s[[a, b]] = v;
            s[[b, a]] = v;
        }
    }
    CrossProducts { n, means, s }
}

/// The moments from sums computed elsewhere (per cluster by a query, added in double-double):
/// the count `n`, the column sums and the sums of products in the lower triangle by rows.
/// Whole-number sums (answers on a scale, summed exactly by any engine below 2^53) give the
/// moments exactly as [`cross_products`] gives them from the rows, bit for bit; other sums
/// S_ab = sum x_a x_b - sum x_a sum x_b / n in double-double, which keeps what the engine's
/// sums hold: their products of raw values lose about log10(mean^2 / variance) digits to
/// cancellation (one or two for answers on a scale).
pub fn from_sums(n: usize, sums: &[Dd], products: &[Dd]) -> CrossProducts {
    let p = sums.len();
    debug_assert_eq!(products.len(), p * (p + 1) / 2);
    // Below 2^53 (where an engine's double sums stop being exact) the exact numerators fit
    // in i128 for any n below 2^53.
    let whole = |d: &Dd| d.hi.fract() == 0.0 && d.lo.fract() == 0.0 && d.hi.abs() < 2f64.powi(53);
    if (n as f64) < 2f64.powi(53) && sums.iter().chain(products).all(whole) {
        let total: Vec<i128> = (sums.iter().chain(products))
            .map(|d| d.hi as i128 + d.lo as i128)
            .collect();
        return from_whole(n, p, &total);
    }
    let nd = Dd::from_f64(n as f64);
    let means = sums.iter().map(|&t| (t / nd).to_f64()).collect();
    let mut s = Array2::zeros((p, p));
    for a in 0..p {
        for b in 0..=a {
            let v = (products[a * (a + 1) / 2 + b] - sums[a] * sums[b] / nd).to_f64();
            s[[a, b]] = v;
            s[[b, a]] = v;
        }
    }
    CrossProducts { n, means, s }
}

#[cfg(test)]
mod tests {
    use super::cross_products;

    /// The two paths agree with a direct two-pass computation, on every row and on chosen rows.
    #[test]
    fn whole_numbers_and_decimals_give_the_centred_sums() {
        let n = 10_000;
        let a: Vec<f64> = (0..n).map(|i| ((i * 7919) % 5 + 1) as f64).collect();
        let b: Vec<f64> = (0..n).map(|i| ((i * 104_729) % 7) as f64 - 3.0).collect();
        let c: Vec<f64> = (0..n).map(|i| 1e6 + (i % 13) as f64 * 0.1).collect();
        let direct = |x: &[f64], y: &[f64]| {
            let mx = x.iter().sum::<f64>() / x.len() as f64;
            let my = y.iter().sum::<f64>() / y.len() as f64;
            x.iter()
                .zip(y)
                .map(|(u, v)| (u - mx) * (v - my))
                .sum::<f64>()
        };
        let close = |u: f64, v: f64| (u - v).abs() <= 1e-9 * v.abs().max(1.0);
        let whole = cross_products(&[&a, &b], None);
        assert!(close(whole.s[[0, 1]], direct(&a, &b)));
        assert!(close(whole.s[[1, 1]], direct(&b, &b)));
        let mixed = cross_products(&[&a, &c], None);
        assert!(close(mixed.s[[0, 1]], direct(&a, &c)));
        assert!(close(mixed.s[[1, 1]], direct(&c, &c)));
        assert!(close(mixed.means[1], c.iter().sum::<f64>() / n as f64));
        let rows: Vec<usize> = (0..n).filter(|i| i % 3 == 0).collect();
        let pick = |x: &[f64]| rows.iter().map(|&i| x[i]).collect::<Vec<f64>>();
        let some = cross_products(&[&a, &b], Some(&rows));
        assert_eq!(some.n, rows.len());
        assert!(close(some.s[[0, 1]], direct(&pick(&a), &pick(&b))));
    }

    /// From sums (a query's, per cluster), whole numbers give the rows' moments bit for bit;
    /// decimals agree to rounding.
    #[test]
    fn moments_from_sums_equal_those_from_the_rows() {
        use crate::numeric::dd::Dd;
        let a: Vec<f64> = (0..5000).map(|i| ((i * 7919) % 5 + 1) as f64).collect();
        let b: Vec<f64> = (0..5000)
            .map(|i| ((i * 104_729) % 7) as f64 - 3.0)
            .collect();
        // (Raw sums of products lose about log10(mean^2 / variance) digits to cancellation:
        // decimals near a scale's values, not 1e3 + small steps.)
        let c: Vec<f64> = (0..5000).map(|i| 3.0 + (i % 13) as f64 * 0.1).collect();
        for (cols, exact) in [([&a, &b], true), ([&a, &c], false)] {
            let rows = cross_products(&[cols[0], cols[1]], None);
            let dd =
                |f: &dyn Fn(usize) -> f64| (0..5000).fold(Dd::ZERO, |t, i| t + Dd::from_f64(f(i)));
            let sums = [dd(&|i| cols[0][i]), dd(&|i| cols[1][i])];
            let products = [
                dd(&|i| cols[0][i] * cols[0][i]),
                dd(&|i| cols[1][i] * cols[0][i]),
                dd(&|i| cols[1][i] * cols[1][i]),
            ];
            let got = super::from_sums(5000, &sums, &products);
            for (x, y) in got
                .s
                .iter()
                .zip(rows.s.iter())
                .chain(got.means.iter().zip(&rows.means))
            {
                if exact {
                    assert_eq!(x.to_bits(), y.to_bits());
                } else {
                    assert!((x - y).abs() <= 1e-12 * y.abs().max(1.0), "{x} {y}");
                }
            }
        }
    }

    /// Exact where plain sums of squares lose everything: values around 2^14 that differ by 1.
    #[test]
    fn whole_numbers_are_summed_exactly() {
        let x: Vec<f64> = (0..1_000_001).map(|i| 16_384.0 + (i % 2) as f64).collect();
        let s = cross_products(&[&x], None);
        // 500,001 values of 16384 and 500,000 of 16385: S = n0 n1 / n exactly.
        let want = 500_001.0 * 500_000.0 / 1_000_001.0;
        assert!((s.s[[0, 0]] - want).abs() <= 1e-15 * want);
    }
}
