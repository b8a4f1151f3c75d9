//! The fast path: column-pivoted Householder QR of the column-equilibrated design (faer),
//! then iterative refinement of b with residuals accumulated in double-double arithmetic.

use super::{
    Data, FAST_PATH_MAX_CONDITION, LsqSolution, REFINE_ABOVE_CONDITION, SolvePath, column_scales,
    condition_of_r, finish, residuals_dd, upper_inverse,
};
use crate::numeric::dd::Dd;
use faer::linalg::solvers::SolveLstsq;
use ndarray::Array2;

pub(super) fn solve_fast(data: Data) -> Option<LsqSolution> {
    let (x, y) = (data.x, data.y);
    let (n, p) = x.dim();
    let d = column_scales(data.x);
    if d.iter().any(|&s| s == 0.0) {
        return None;
    }
    let a = faer::Mat::<f64>::from_fn(n, p, |i, j| x[[i, j]] * d[j]);
    let qr = a.as_ref().col_piv_qr();
    let rmat = faer::Mat::<f64>::from_fn(p, p, |i, j| if i <= j { qr.R()[(i, j)] } else { 0.0 });
    let condition = condition_of_r(&rmat);
    if !(condition <= FAST_PATH_MAX_CONDITION) {
        return None;
    }
    // faer factors A P' = Q R: column j of QR is column fwd[j] of A.
    let fwd: Vec<usize> = qr.P().arrays().0.to_vec();
    let solve_scaled = |rhs: &[f64]| -> Vec<f64> {
        let col = faer::Mat::<f64>::from_fn(n, 1, |i, _| rhs[i]);
        let sol = qr.solve_lstsq(&col);
        (0..p).map(|j| sol[(j, 0)]).collect()
    };
    let bs = solve_scaled(
        y.as_slice_memory_order()
            .map(|s| s.to_vec())
            .unwrap_or_else(|| y.to_vec())
            .as_slice(),
    );
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
    for _ in 0..max_steps {
        let pairs: Vec<(usize, Dd)> = b.iter().cloned().enumerate().collect();
        let r: Vec<f64> = residuals_dd(&data, &pairs)
            .iter()
            .map(|e| e.to_f64())
            .collect();
        let db = solve_scaled(&r);
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
    let g = upper_inverse(&rmat);
    let mut bread = Array2::<f64>::zeros((p, p));
    for jj in 0..p {
        let orig = fwd[jj];
        for c in 0..p {
            bread[[orig, c]] = d[orig] * g[(jj, c)];
        }
    }
    let q = qr.compute_thin_Q();
    let u = Array2::from_shape_fn((n, p), |(i, c)| q[(i, c)]);
    let coef_dd: Vec<(usize, Dd)> = b.into_iter().enumerate().collect();
    Some(finish(
        &data,
        coef_dd,
        bread,
        u,
        condition,
        SolvePath::Fast {
            refinement_steps: steps,
        },
    ))
}
