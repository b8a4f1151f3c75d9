//! Light least-squares fits for the many refits of bootstraps and variable selection:
//! unpivoted QR of the equilibrated design, coefficients and SSE (and the diagonal of
//! (X'X)^-1), no Q. None when the design is rank deficient or ill-conditioned.

use super::{FAST_PATH_MAX_CONDITION, column_scales, condition_of_r, upper_inverse};
use faer::linalg::solvers::SolveLstsq;
use ndarray::{Array1, ArrayView1, ArrayView2};

/// Coefficients and residual sum of squares only, for the many refits of a bootstrap (see
/// [`coef_sse_diag`]).
pub fn coef_only(x: ArrayView2<f64>, y: ArrayView1<f64>) -> Option<(Array1<f64>, f64)> {
    coef_sse_diag(x, y).map(|(coef, sse, _)| (coef, sse))
}

/// Coefficients, residual sum of squares and the diagonal of (X'X)^-1, for the many small
/// fits of a variable selection: unpivoted QR of the equilibrated design (faer), no Q.
/// None when the design is rank deficient or ill-conditioned; the caller then uses [`solve`].
pub fn coef_sse_diag(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
) -> Option<(Array1<f64>, f64, Vec<f64>)> {
    let (n, p) = x.dim();
    if n < p || p == 0 {
        return None;
    }
    let d = column_scales(x);
    if d.contains(&0.0) {
        return None;
    }
    let a = faer::Mat::<f64>::from_fn(n, p, |i, j| x[[i, j]] * d[j]);
    let qr = a.as_ref().qr();
    let rmat = faer::Mat::<f64>::from_fn(p, p, |i, j| if i <= j { qr.R()[(i, j)] } else { 0.0 });
    if !(condition_of_r(&rmat) <= FAST_PATH_MAX_CONDITION) {
        return None;
    }
    let rhs = faer::Mat::<f64>::from_fn(n, 1, |i, _| y[i]);
    let sol = qr.solve_lstsq(&rhs);
    let coef: Array1<f64> = (0..p).map(|j| sol[(j, 0)] * d[j]).collect();
    let sse = (0..n)
        .map(|i| {
            let e = y[i] - x.row(i).dot(&coef);
            e * e
        })
        .sum();
    let g = upper_inverse(&rmat);
    let diag = (0..p)
        .map(|j| d[j] * d[j] * (0..p).map(|c| g[(j, c)] * g[(j, c)]).sum::<f64>())
        .collect();
    Some((coef, sse, diag))
}
