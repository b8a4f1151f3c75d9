//! Dense linear-algebra helpers on ndarray matrices, computed by faer: one symmetric eigen
//! decomposition, the inverses of symmetric positive-definite and general matrices, and
//! log-determinants. Least squares lives in `estimate::regression::lsq` (pivoted QR).

use ndarray::Array2;

/// Eigen-decomposition of a symmetric matrix: values in decreasing order, vectors in columns.
pub fn eigen_sym(a: &Array2<f64>) -> Option<(Vec<f64>, Array2<f64>)> {
    let p = a.nrows();
    let m = faer::Mat::<f64>::from_fn(p, p, |i, j| a[[i, j]]);
    let e = m.self_adjoint_eigen(faer::Side::Lower).ok()?;
    let s = e.S();
    let u = e.U();
    let mut idx: Vec<usize> = (0..p).collect();
    idx.sort_by(|&x, &y| s[y].total_cmp(&s[x]));
    let values = idx.iter().map(|&i| s[i]).collect();
    let vectors = Array2::from_shape_fn((p, p), |(r, c)| u[(r, idx[c])]);
    Some((values, vectors))
}

/// Eigenvalues of a symmetric matrix, largest first, without its eigenvectors.
pub fn eigenvalues_sym(a: &Array2<f64>) -> Option<Vec<f64>> {
    let p = a.nrows();
    let m = faer::Mat::<f64>::from_fn(p, p, |i, j| a[[i, j]]);
    let mut values = m.self_adjoint_eigenvalues(faer::Side::Lower).ok()?;
    values.sort_by(|x, y| y.total_cmp(x));
    Some(values)
}

/// Inverse of a symmetric positive-definite matrix (Cholesky).
pub fn inverse_spd(a: &Array2<f64>) -> Option<Array2<f64>> {
    use faer::linalg::solvers::DenseSolveCore;
    let p = a.nrows();
    let m = faer::Mat::<f64>::from_fn(p, p, |i, j| a[[i, j]]);
    let inv = m.as_ref().llt(faer::Side::Lower).ok()?.inverse();
    Some(Array2::from_shape_fn((p, p), |(i, j)| inv[(i, j)]))
}

/// Inverse of a small general matrix (LU).
pub fn invert(a: &Array2<f64>) -> Option<Array2<f64>> {
    use faer::linalg::solvers::DenseSolveCore;
    let k = a.nrows();
    let m = faer::Mat::<f64>::from_fn(k, k, |i, j| a[[i, j]]);
    let inv = m.as_ref().partial_piv_lu().inverse();
    let out = Array2::from_shape_fn((k, k), |(i, j)| inv[(i, j)]);
    out.iter().all(|x| x.is_finite()).then_some(out)
}

/// Log-determinant of a symmetric positive-definite matrix from its eigenvalues; None unless
/// every eigenvalue is positive.
pub fn logdet_spd(a: &Array2<f64>) -> Option<f64> {
    let (vals, _) = eigen_sym(a)?;
    if vals.iter().any(|&v| !(v > 0.0)) {
        return None;
    }
    Some(vals.iter().map(|v| v.ln()).sum())
}

/// Inverse and log-determinant of a symmetric positive-definite matrix by Cholesky; None when
/// a pivot has lost all but 1e-13 of its column's scale (numerically singular).
pub fn inverse_spd_logdet(a: &Array2<f64>) -> Option<(Array2<f64>, f64)> {
    use faer::linalg::solvers::Solve;
    let p = a.nrows();
    let m = faer::Mat::<f64>::from_fn(p, p, |i, j| a[[i, j]]);
    let llt = m.as_ref().llt(faer::Side::Lower).ok()?;
    let l = llt.L();
    let mut logdet = 0.0;
    for i in 0..p {
        let d = l[(i, i)];
        // A pivot that lost all but 1e-13 of its column's scale: numerically singular.
        if !(d * d > 1e-13 * a[[i, i]]) {
            return None;
        }
        logdet += 2.0 * d.ln();
    }
    let inv = llt.solve(faer::Mat::<f64>::identity(p, p));
    Some((Array2::from_shape_fn((p, p), |(i, j)| inv[(i, j)]), logdet))
}

/// The lower Cholesky factor of a small symmetric positive definite matrix, row by row
/// (None when it is not positive definite). For 1 × 1: √a.
pub fn cholesky_lower(a: &Array2<f64>) -> Option<Vec<Vec<f64>>> {
    let k = a.nrows();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s = (0..j).fold(a[[i, j]], |acc, m| acc - l[i][m] * l[j][m]);
            if i == j {
                if s <= 0.0 && !(s == 0.0 && k == 1) {
                    return None;
                }
                l[i][i] = s.sqrt();
            } else {
                l[i][j] = s / l[j][j];
            }
        }
    }
    Some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The eigenvalues alone are those of the full decomposition, largest first; R:
    /// `print(eigen(matrix(c(4,1,0.5, 1,3,0.25, 0.5,0.25,2), 3))$values, digits = 15)`.
    const R_VALUES: [f64; 3] = [4.73155941545221, 2.38676037437789, 1.88168021016990];

    #[test]
    fn eigenvalues_alone_match_the_decomposition_and_r() {
        let a = ndarray::array![[4.0, 1.0, 0.5], [1.0, 3.0, 0.25], [0.5, 0.25, 2.0]];
        let alone = eigenvalues_sym(&a).unwrap();
        let (full, _) = eigen_sym(&a).unwrap();
        assert_eq!((alone.len(), full.len()), (3, 3));
        for (x, y) in alone.iter().zip(&full) {
            assert!((x - y).abs() < 1e-13, "{x} vs {y}");
        }
        // R prints 15 significant digits.
        for (x, r) in alone.iter().zip(R_VALUES) {
            assert!((x - r).abs() < 1e-13, "{x} vs R {r}");
        }
    }
}
