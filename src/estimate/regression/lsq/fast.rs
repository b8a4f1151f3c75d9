//! The fast path: Householder QR of the column-equilibrated design by blocks of rows on every
//! core (TSQR, [`crate::numeric::tsqr`]), with the response as one more column, so that the
//! factor's last column gives b without forming Q; then, for a design far from orthogonal,
//! iterative refinement of b with residuals accumulated in double-double arithmetic (the
//! corrected semi-normal equations R'R db = A'r, Björck 1987).

use super::{
    Data, FAST_PATH_MAX_CONDITION, LsqSolution, REFINE_ABOVE_CONDITION, SolvePath, column_scales,
    condition_of_r, finish, residuals_dd, upper_inverse,
};
use crate::numeric::{dd::Dd, parallel, tsqr};
use ndarray::Array2;

pub(super) fn solve_fast(data: Data) -> Option<LsqSolution> {
    let (x, y) = (data.x, data.y);
    let (n, p) = x.dim();
    let d = column_scales(data.x);
    if d.iter().any(|&s| s == 0.0) {
        return None;
    }
    // The factor of [A | y], A = X D, is [[R, z], [0, rho]]: b = D R^-1 z, rho^2 the SSE.
    let raug = tsqr::factor(n, p + 1, |rows| {
        faer::Mat::from_fn(rows.len(), p + 1, |i, j| {
            let row = rows.start + i;
            if j < p { x[[row, j]] * d[j] } else { y[row] }
        })
    });
    let rmat = faer::Mat::<f64>::from_fn(p, p, |i, j| raug[(i, j)]);
    let condition = condition_of_r(&rmat);
    if !(condition <= FAST_PATH_MAX_CONDITION) {
        return None;
    }
    let g = upper_inverse(&rmat);
    // R^-1 R^-T v: the scaled solution of the normal equations A'A w = v.
    let normal_solve = |v: &[f64]| -> Vec<f64> {
        let t: Vec<f64> = (0..p)
            .map(|k| (0..=k).map(|i| g[(i, k)] * v[i]).sum())
            .collect();
        (0..p)
            .map(|i| (i..p).map(|k| g[(i, k)] * t[k]).sum())
            .collect()
    };
    let bs: Vec<f64> = (0..p)
        .map(|i| (i..p).map(|k| g[(i, k)] * raug[(k, p)]).sum())
        .collect();
    let mut b: Vec<Dd> = (0..p)
        .map(|j| Dd::from_f64(bs[j]) * Dd::from_f64(d[j]))
        .collect();
    let mut steps = 0;
    // Well-conditioned designs need no refinement: the QR solution is accurate to about
    // condition * 1e-16 already.
    let max_steps = if condition > REFINE_ABOVE_CONDITION {
        3
    } else {
        0
    };
    let ranges = tsqr::blocks(n);
    for _ in 0..max_steps {
        let pairs: Vec<(usize, Dd)> = b.iter().cloned().enumerate().collect();
        let r = residuals_dd(&data, &pairs);
        // A'r in double-double by blocks of rows, the blocks' sums added in order: formed in
        // f64 its rounding would be amplified by the condition number twice (R^-T, then R^-1).
        let parts = parallel::map(&ranges, |rows| {
            let mut s = vec![Dd::ZERO; p];
            for i in rows.clone() {
                for (j, sj) in s.iter_mut().enumerate() {
                    *sj = *sj + data.xd(i, j) * r[i];
                }
            }
            s
        });
        let atr: Vec<f64> = (0..p)
            .map(|j| {
                let sum = parts.iter().fold(Dd::ZERO, |a, s| a + s[j]);
                (sum * Dd::from_f64(d[j])).to_f64()
            })
            .collect();
        let db = normal_solve(&atr);
        let mut change = 0.0f64;
        let mut size = 0.0f64;
        for j in 0..p {
            let delta = Dd::from_f64(db[j]) * Dd::from_f64(d[j]);
            b[j] = b[j] + delta;
            change = change.max(delta.to_f64().abs());
            size = size.max(b[j].to_f64().abs());
        }
        steps += 1;
        if change <= 1e-17 * size {
            break;
        }
    }
    let bread = Array2::from_shape_fn((p, p), |(j, c)| d[j] * g[(j, c)]);
    let coef_dd: Vec<(usize, Dd)> = b.into_iter().enumerate().collect();
    Some(finish(
        &data,
        coef_dd,
        bread,
        None,
        condition,
        SolvePath::Fast {
            refinement_steps: steps,
        },
    ))
}
