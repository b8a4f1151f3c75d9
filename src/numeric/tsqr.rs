//! Tall-skinny QR (TSQR): the triangular factor R of a tall n x k matrix (A'A = R'R) from the
//! factors of its blocks of rows, merged by stacking them and factoring again (Demmel et al.,
//! "Communication-optimal parallel and sequential QR and LU factorizations", 2012). It keeps
//! Householder QR's accuracy, unlike summing A'A; the blocks go to every core; and factors of
//! separate parts of the data (shards, chunks of a stream) merge the same way.

use faer::{Mat, MatRef};

/// Rows per block. Fixed, so that R does not depend on the number of threads.
pub const BLOCK_ROWS: usize = 32_768;

/// The row ranges of the blocks of `n` rows, in order.
pub fn blocks(n: usize) -> Vec<std::ops::Range<usize>> {
    (0..n.div_ceil(BLOCK_ROWS))
        .map(|b| b * BLOCK_ROWS..((b + 1) * BLOCK_ROWS).min(n))
        .collect()
}

/// The k x k upper-triangular factor of one block (its rows may be fewer than k: the missing
/// rows of R are zero).
pub fn block_factor(a: MatRef<f64>) -> Mat<f64> {
    let k = a.ncols();
    if a.nrows() == 0 {
        return Mat::zeros(k, k);
    }
    let qr = a.qr();
    let r = qr.thin_R();
    Mat::from_fn(k, k, |i, j| {
        if i <= j && i < r.nrows() {
            r[(i, j)]
        } else {
            0.0
        }
    })
}

/// The factor of the rows of all `parts` stacked in order, each given by its own factor. Rows
/// of R are signed so that its diagonal is not negative: for a matrix of full column rank R is
/// then unique, whichever way the rows were split.
pub fn merge(parts: &[Mat<f64>]) -> Mat<f64> {
    let Some(first) = parts.first() else {
        return Mat::zeros(0, 0);
    };
    let k = first.ncols();
    let stacked = if parts.len() == 1 {
        first.clone()
    } else {
        let mut s = Mat::<f64>::zeros(k * parts.len(), k);
        for (b, r) in parts.iter().enumerate() {
            for j in 0..k {
                for i in 0..=j.min(r.nrows().saturating_sub(1)) {
                    s[(b * k + i, j)] = r[(i, j)];
                }
            }
        }
        block_factor(s.as_ref())
    };
    let mut r = stacked;
    for i in 0..k {
        if r[(i, i)] < 0.0 {
            for j in i..k {
                r[(i, j)] = -r[(i, j)];
            }
        }
    }
    r
}

/// The factor of an n x k matrix whose block of rows `range` is built by `block` (so that the
/// whole matrix never needs to exist at once): blocks of [`BLOCK_ROWS`] on every core, merged
/// in order.
pub fn factor(
    n: usize,
    k: usize,
    block: impl Fn(std::ops::Range<usize>) -> Mat<f64> + Sync,
) -> Mat<f64> {
    let ranges = blocks(n);
    if ranges.is_empty() {
        return Mat::zeros(k, k);
    }
    let parts = super::parallel::map(&ranges, |r| block_factor(block(r.clone()).as_ref()));
    merge(&parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tall matrix with columns of very different scales and some correlation.
    fn tall(n: usize, k: usize) -> Mat<f64> {
        let mut rng = crate::numeric::Rng::new(7);
        Mat::from_fn(n, k, |_, j| {
            let base = rng.uniform() - 0.5;
            base * 10f64.powi(j as i32 % 3) + j as f64
        })
    }

    fn max_abs_diff(a: &Mat<f64>, b: &Mat<f64>) -> f64 {
        let mut m = 0.0f64;
        for i in 0..a.nrows() {
            for j in 0..a.ncols() {
                m = m.max((a[(i, j)] - b[(i, j)]).abs());
            }
        }
        m
    }

    #[test]
    fn blocks_cover_every_row_once_in_order() {
        assert!(blocks(0).is_empty());
        assert_eq!(blocks(5), vec![0..5]);
        let b = blocks(2 * BLOCK_ROWS + 3);
        assert_eq!(b.len(), 3);
        assert_eq!(b[2], 2 * BLOCK_ROWS..2 * BLOCK_ROWS + 3);
    }

    #[test]
    fn the_merged_factor_is_the_factor_of_the_whole_matrix() {
        // One Householder QR of the whole matrix, signed as `merge` signs, against the blocks
        // merged: equal to rounding (|R| ~ sqrt(n) * 100 here).
        let a = tall(3 * BLOCK_ROWS / 2 + 17, 5);
        let whole = merge(&[block_factor(a.as_ref())]);
        let split = factor(a.nrows(), a.ncols(), |r| {
            Mat::from_fn(r.len(), a.ncols(), |i, j| a[(r.start + i, j)])
        });
        let scale = whole[(0, 0)].abs();
        assert!(max_abs_diff(&whole, &split) < 1e-12 * scale);
        // R'R is A'A.
        for p in 0..5 {
            for q in 0..5 {
                let ata: f64 = (0..a.nrows()).map(|i| a[(i, p)] * a[(i, q)]).sum();
                let rtr: f64 = (0..5).map(|i| split[(i, p)] * split[(i, q)]).sum();
                assert!((ata - rtr).abs() < 1e-10 * ata.abs().max(scale * scale));
            }
        }
    }

    #[test]
    fn blocks_shorter_than_the_columns_merge_too() {
        // Factors of 2-row and 1-row pieces (fewer rows than columns) merge to the factor of
        // the 6 rows together.
        let a = tall(6, 4);
        let piece =
            |r: std::ops::Range<usize>| Mat::from_fn(r.len(), 4, |i, j| a[(r.start + i, j)]);
        let parts: Vec<Mat<f64>> = [0..2, 2..3, 3..6]
            .into_iter()
            .map(|r| block_factor(piece(r).as_ref()))
            .collect();
        let whole = merge(&[block_factor(a.as_ref())]);
        assert!(max_abs_diff(&whole, &merge(&parts)) < 1e-13 * whole[(0, 0)].abs());
        for i in 0..4 {
            assert!(whole[(i, i)] >= 0.0);
        }
    }
}
