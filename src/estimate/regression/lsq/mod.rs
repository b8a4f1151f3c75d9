//! Linear least squares: min ||y - X b||, the numerical heart of every regression.
//!
//! Two paths, chosen per problem and reported in the result:
//! - **fast**: column-pivoted Householder QR of the column-equilibrated design (faer), then
//!   iterative refinement of b with residuals accumulated in double-double arithmetic;
//! - **extended**: Householder QR carried out entirely in double-double arithmetic, with R's
//!   limited column pivoting (a column whose remaining norm falls below `rank_tol` times its
//!   original norm is aliased and set aside, so the *later* of two collinear terms is dropped,
//!   as `lm` does). Used for small problems, where it costs microseconds, and whenever the fast
//!   path finds the design ill-conditioned or rank deficient.
//!
//! X'X is never formed or inverted. The covariance "bread" is `B = D P R^-1` (D the column
//! scaling, P the pivoting), so that (X'X)^-1 = B B' and U = X B has orthonormal columns.
//!
//! The fast path is in `fast`, the extended one in `extended`; `light` holds the light fits
//! of bootstraps and variable selection.

mod extended;
mod fast;
mod light;

pub use light::{coef_only, coef_sse_diag};

use crate::numeric::dd::Dd;
use extended::solve_extended;
use fast::solve_fast;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// Which arithmetic path solves the problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Precision {
    /// Extended precision for small or ill-conditioned problems, fast path otherwise.
    Auto,
    /// Always the f64 QR (with refinement), unless it finds rank deficiency.
    Fast,
    /// Always the double-double QR.
    Extended,
}

/// Options of the solver.
#[derive(Clone, Copy, Debug)]
pub struct LsqOptions {
    pub precision: Precision,
    /// Relative tolerance for aliasing a column (remaining norm / original norm), applied to
    /// the double-double factorization. R's `lm` uses 1e-7 in f64, which drops a column of
    /// NIST's Filip data that is ill-conditioned but not collinear.
    pub rank_tol: f64,
}

impl Default for LsqOptions {
    fn default() -> Self {
        LsqOptions {
            precision: Precision::Auto,
            rank_tol: RANK_TOL,
        }
    }
}

/// Default relative tolerance for aliasing (see [`LsqOptions::rank_tol`]).
pub const RANK_TOL: f64 = 1e-10;
/// Above this 2-norm condition number of the equilibrated design, the fast path hands over.
pub const FAST_PATH_MAX_CONDITION: f64 = 1e6;
/// The fast path refines b (residuals in double-double) only above this condition number.
pub const REFINE_ABOVE_CONDITION: f64 = 1e3;
/// Problems with n * p^2 at or below this use the extended path under `Precision::Auto`.
pub const SMALL_PROBLEM_WORK: usize = 4_000_000;

/// How the solution was computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolvePath {
    Fast { refinement_steps: usize },
    Extended,
}

/// The least-squares solution and what inference needs from the factorization.
#[derive(Clone, Debug)]
pub struct LsqSolution {
    /// Coefficients in the design's column order; NaN for aliased columns.
    pub coef: Array1<f64>,
    /// True where the column was aliased (linearly dependent on earlier columns).
    pub aliased: Vec<bool>,
    /// Indices of the kept (estimable) columns, in design order.
    pub kept: Vec<usize>,
    /// `B` (p x r, rows in design order, zero rows for aliased columns) with (X'X)^-1 = B B'.
    pub bread: Array2<f64>,
    /// `U = X B` (n x r), orthonormal columns spanning the design, where it is stored: the
    /// extended path's Q, formed in double-double. The fast path stores none (at 1,000,000
    /// rows it would hold 8 doubles a row per model); [`LsqSolution::u_blocks`] and
    /// [`LsqSolution::u_select`] form it from the design when asked.
    pub u: Option<Array2<f64>>,
    /// Leverages h_i = ||u_i||^2.
    pub hat: Array1<f64>,
    pub fitted: Array1<f64>,
    pub resid: Array1<f64>,
    /// Residual sum of squares, accumulated in double-double.
    pub sse: f64,
    /// 2-norm condition number of the column-equilibrated kept design.
    pub condition: f64,
    pub path: SolvePath,
}

impl LsqSolution {
    pub fn rank(&self) -> usize {
        self.kept.len()
    }

    /// (X'X)^-1 = B B' over all p columns (NaN rows/columns for aliased terms).
    pub fn xtx_inv(&self) -> Array2<f64> {
        let mut v = self.bread.dot(&self.bread.t());
        for (j, &a) in self.aliased.iter().enumerate() {
            if a {
                v.row_mut(j).fill(f64::NAN);
                v.column_mut(j).fill(f64::NAN);
            }
        }
        v
    }

    /// Rows `rows` of U: of the stored U, or x_rows B from the design `x` that was solved.
    pub fn u_select(&self, x: ArrayView2<f64>, rows: &[usize]) -> Array2<f64> {
        match &self.u {
            Some(u) => u.select(Axis(0), rows),
            None => x.select(Axis(0), rows).dot(&self.bread),
        }
    }

    /// U in blocks of rows, in order, each as `f(its first row, the block)`: the stored U
    /// whole, or each block formed from the design `x` that was solved.
    pub fn u_blocks(&self, x: ArrayView2<f64>, mut f: impl FnMut(usize, ArrayView2<f64>)) {
        match &self.u {
            Some(u) => f(0, u.view()),
            None => {
                for rows in crate::numeric::tsqr::blocks(x.nrows()) {
                    let block = x.slice(ndarray::s![rows.clone(), ..]).dot(&self.bread);
                    f(rows.start, block.view());
                }
            }
        }
    }
}

/// Errors of the solver (shape problems; numerical trouble is reported, not raised).
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LsqError {
    #[error("the design has {rows} rows but the response has {len}")]
    Shape { rows: usize, len: usize },
    #[error("no observations to fit")]
    Empty,
    #[error("a value of the design or response is not finite (row {row})")]
    NotFinite { row: usize },
}

/// Solve min ||y - X b|| (see the module docs for the method).
pub fn solve(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    opts: LsqOptions,
) -> Result<LsqSolution, LsqError> {
    solve_exact(
        Data {
            x,
            x_lo: None,
            y,
            y_lo: None,
        },
        opts,
    )
}

/// The columns a least-squares fit of y on `x` keeps (those not aliased), as [`solve`] finds
/// them, for a model that only needs to know which (a mixed model's fixed effects, fitted
/// from its own sufficient statistics). Without the solve when the design is
/// well-conditioned: the eigenvalues of the Gram matrix of the columns scaled to unit length
/// within a factor [`KEEP_ALL_MAX_GRAM_CONDITION`] of each other mean a condition number of
/// at most 1e5, far from the 1e6 above which [`solve`] looks for aliased columns at all.
pub fn kept_columns(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    opts: LsqOptions,
) -> Result<Vec<usize>, LsqError> {
    let p = x.ncols();
    let d = column_scales(x);
    if p > 0 && x.nrows() >= p && d.iter().all(|&s| s > 0.0) {
        let cross = x.t().dot(&x);
        let gram = Array2::from_shape_fn((p, p), |(a, b)| {
            // Symmetric exactly, whatever the order of the product's sums.
            let (a, b) = (a.max(b), a.min(b));
            cross[[a, b]] * d[a] * d[b]
        });
        if let Some((values, _)) = crate::numeric::linalg::eigen_sym(&gram) {
            let (max, min) = (values[0], values[p - 1]);
            if min > 0.0 && max.is_finite() && max / min <= KEEP_ALL_MAX_GRAM_CONDITION {
                return Ok((0..p).collect());
            }
        }
    }
    Ok(solve(x, y, opts)?.kept)
}

/// See [`kept_columns`]: the Gram matrix's condition (the square of the design's) below
/// which no column is aliased.
pub const KEEP_ALL_MAX_GRAM_CONDITION: f64 = 1e10;

/// The problem's data: doubles plus, optionally, what they miss of the exact values
/// (x + x_lo, y + y_lo in double-double), e.g. of decimal data or of computed powers.
#[derive(Clone, Copy, Debug)]
pub struct Data<'a> {
    pub x: ArrayView2<'a, f64>,
    pub x_lo: Option<ArrayView2<'a, f64>>,
    pub y: ArrayView1<'a, f64>,
    pub y_lo: Option<ArrayView1<'a, f64>>,
}

impl Data<'_> {
    #[inline]
    fn xd(&self, i: usize, j: usize) -> Dd {
        Dd {
            hi: self.x[[i, j]],
            lo: self.x_lo.map_or(0.0, |l| l[[i, j]]),
        }
    }
    #[inline]
    fn yd(&self, i: usize) -> Dd {
        Dd {
            hi: self.y[i],
            lo: self.y_lo.map_or(0.0, |l| l[i]),
        }
    }
}

/// Solve min ||y - X b|| for data given to double-double precision.
pub fn solve_exact(data: Data, opts: LsqOptions) -> Result<LsqSolution, LsqError> {
    let (x, y) = (data.x, data.y);
    let (n, p) = x.dim();
    if y.len() != n {
        return Err(LsqError::Shape {
            rows: n,
            len: y.len(),
        });
    }
    if n == 0 {
        return Err(LsqError::Empty);
    }
    for i in 0..n {
        if !y[i].is_finite() || x.row(i).iter().any(|v| !v.is_finite()) {
            return Err(LsqError::NotFinite { row: i });
        }
    }
    let small = n.saturating_mul(p).saturating_mul(p) <= SMALL_PROBLEM_WORK;
    let try_fast = match opts.precision {
        Precision::Fast => true,
        Precision::Extended => false,
        Precision::Auto => !small,
    };
    if try_fast && p > 0 && n >= p {
        if let Some(sol) = solve_fast(data) {
            return Ok(sol);
        }
    }
    Ok(solve_extended(data, opts.rank_tol))
}

/// Reciprocal column norms (0 for an all-zero column).
/// (Any close scaling will do: the scaled columns are formed exactly in double-double.)
pub(super) fn column_scales(x: ArrayView2<f64>) -> Vec<f64> {
    (0..x.ncols())
        .map(|j| {
            let c = x.column(j);
            let nrm = c.dot(&c).sqrt();
            if nrm > 0.0 && nrm.is_finite() {
                1.0 / nrm
            } else {
                0.0
            }
        })
        .collect()
}

/// Residuals y - X b accumulated in double-double; b given in double-double. Blocks of rows
/// on every core (each row's residual is the same whichever thread computes it).
fn residuals_dd(data: &Data, b: &[(usize, Dd)]) -> Vec<Dd> {
    let ranges = crate::numeric::tsqr::blocks(data.x.nrows());
    crate::numeric::parallel::map(&ranges, |rows| residuals_of_rows(data, b, rows.clone())).concat()
}

fn residuals_of_rows(data: &Data, b: &[(usize, Dd)], rows: std::ops::Range<usize>) -> Vec<Dd> {
    if data.x_lo.is_none() && data.y_lo.is_none() {
        // Exact doubles: x * b = x * b.hi (error-free by FMA) + x * b.lo.
        return rows
            .map(|i| {
                let row = data.x.row(i);
                let mut hi = data.y[i];
                let mut lo = 0.0f64;
                for &(j, bj) in b {
                    let xv = row[j];
                    let (p, pe) = crate::numeric::dd::two_prod(-xv, bj.hi);
                    let s = hi + p;
                    let bb = s - hi;
                    lo += (hi - (s - bb)) + (p - bb) + pe - xv * bj.lo;
                    hi = s;
                }
                let s = hi + lo;
                Dd {
                    hi: s,
                    lo: lo - (s - hi),
                }
            })
            .collect();
    }
    rows.map(|i| {
        let mut acc = data.yd(i);
        for &(j, bj) in b {
            acc = acc - data.xd(i, j) * bj;
        }
        acc
    })
    .collect()
}

fn finish(
    data: &Data,
    coef_dd: Vec<(usize, Dd)>,
    bread: Array2<f64>,
    u: Option<Array2<f64>>,
    condition: f64,
    path: SolvePath,
) -> LsqSolution {
    let (n, p) = data.x.dim();
    let block = crate::numeric::tsqr::BLOCK_ROWS;
    let hat: Array1<f64> = match &u {
        Some(u) => u.rows().into_iter().map(|r| r.dot(&r)).collect(),
        None => {
            // Written in place by blocks of rows on the cores (no vector per block beside it).
            let mut hat = vec![0.0; n];
            crate::numeric::parallel::fill(&mut hat, block, |at, out| {
                let rows = at..at + out.len();
                let block = data.x.slice(ndarray::s![rows, ..]).dot(&bread);
                for (h, r) in out.iter_mut().zip(block.rows()) {
                    *h = r.dot(&r);
                }
            });
            hat.into()
        }
    };
    // The residuals in double-double by blocks of rows on the cores, written in place as
    // doubles; each block's sum of squares in double-double, the blocks' sums added in order
    // (fixed blocks: the same SSE whatever the number of threads; one block up to 32,768 rows).
    let (mut resid, mut fitted) = (vec![0.0; n], vec![0.0; n]);
    let sums = crate::numeric::parallel::fill_pair(&mut resid, &mut fitted, block, |at, e, f| {
        let rows = at..at + e.len();
        let r = residuals_of_rows(data, &coef_dd, rows.clone());
        let mut sse = Dd::ZERO;
        for (k, (i, ei)) in rows.zip(r).enumerate() {
            sse = sse + ei * ei;
            e[k] = ei.to_f64();
            f[k] = (data.yd(i) - ei).to_f64();
        }
        sse
    });
    let sse = sums.into_iter().reduce(|a, s| a + s).unwrap_or(Dd::ZERO);
    let (resid, fitted) = (Array1::from(resid), Array1::from(fitted));
    let mut coef = Array1::from_elem(p, f64::NAN);
    let mut aliased = vec![true; p];
    let mut kept: Vec<usize> = coef_dd.iter().map(|&(j, _)| j).collect();
    kept.sort_unstable();
    for &(j, b) in &coef_dd {
        coef[j] = b.to_f64();
        aliased[j] = false;
    }
    LsqSolution {
        coef,
        aliased,
        kept,
        bread,
        u,
        hat,
        fitted,
        resid,
        sse: sse.to_f64(),
        condition,
        path,
    }
}

/// 2-norm condition number of an upper-triangular r x r factor (via its singular values).
pub(super) fn condition_of_r(r: &faer::Mat<f64>) -> f64 {
    if r.nrows() == 0 {
        return 1.0;
    }
    match r.as_ref().singular_values() {
        Ok(s) => {
            let max = s.iter().cloned().fold(0.0, f64::max);
            let min = s.iter().cloned().fold(f64::INFINITY, f64::min);
            if min > 0.0 { max / min } else { f64::INFINITY }
        }
        Err(_) => f64::INFINITY,
    }
}

/// Inverse of an upper-triangular f64 matrix by back substitution.
pub(super) fn upper_inverse(r: &faer::Mat<f64>) -> faer::Mat<f64> {
    let k = r.nrows();
    let mut g = faer::Mat::<f64>::zeros(k, k);
    for c in 0..k {
        for i in (0..=c).rev() {
            let mut s = if i == c { 1.0 } else { 0.0 };
            for l in (i + 1)..=c {
                s -= r[(i, l)] * g[(l, c)];
            }
            g[(i, c)] = s / r[(i, i)];
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn both(opts: Precision) -> LsqOptions {
        LsqOptions {
            precision: opts,
            rank_tol: RANK_TOL,
        }
    }

    #[test]
    fn kept_columns_are_the_ones_solve_keeps() {
        // Well-conditioned (the shortcut), exactly collinear and nearly collinear (the
        // solve decides), a zero column, fewer rows than columns.
        let n = 200;
        let t = |i: usize| (i as f64 * 0.37).sin() + i as f64 / n as f64;
        let u = |i: usize| ((i * i) % 17) as f64;
        let designs: Vec<Array2<f64>> = vec![
            Array2::from_shape_fn((n, 3), |(i, j)| [1.0, t(i), u(i)][j]),
            Array2::from_shape_fn((n, 4), |(i, j)| [1.0, t(i), u(i), 2.0 * t(i) - u(i)][j]),
            Array2::from_shape_fn((n, 3), |(i, j)| [1.0, t(i), t(i) + 1e-9 * u(i)][j]),
            Array2::from_shape_fn((n, 3), |(i, j)| [1.0, 0.0, t(i)][j]),
            Array2::from_shape_fn((2, 3), |(i, j)| [1.0, t(i), u(i)][j]),
        ];
        let y = Array1::from_shape_fn(n, |i| 1.0 + t(i) - 0.5 * u(i));
        let mut shortcut = 0;
        for x in &designs {
            let y = y.slice(ndarray::s![..x.nrows()]);
            let want = solve(x.view(), y, LsqOptions::default()).unwrap().kept;
            let got = kept_columns(x.view(), y, LsqOptions::default()).unwrap();
            assert_eq!(got, want);
            shortcut += usize::from(got.len() == x.ncols());
        }
        assert_eq!(designs.len(), 5);
        assert!(shortcut >= 1);
        assert_eq!(
            kept_columns(designs[1].view(), y.view(), LsqOptions::default())
                .unwrap()
                .len(),
            3
        );
    }

    // y = 1 + 2x exactly: every path must recover (1, 2) and zero residuals.
    #[test]
    fn exact_line_is_recovered_by_both_paths() {
        let x = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
        let y = array![1.0, 3.0, 5.0, 7.0];
        for prec in [Precision::Fast, Precision::Extended] {
            let s = solve(x.view(), y.view(), both(prec)).unwrap();
            assert!(
                (s.coef[0] - 1.0).abs() < 1e-15 && (s.coef[1] - 2.0).abs() < 1e-15,
                "{prec:?} {:?}",
                s.coef
            );
            assert!(s.sse < 1e-28);
        }
    }

    // The later of two collinear columns is aliased, as in R's lm: x3 = x1 + x2.
    #[test]
    fn later_collinear_column_is_aliased() {
        let x = array![
            [1.0, 1.0, 2.0, 3.0],
            [1.0, 2.0, 1.0, 3.0],
            [1.0, 3.0, 5.0, 8.0],
            [1.0, 4.0, 2.0, 6.0],
            [1.0, 0.0, 1.0, 1.0]
        ];
        let y = array![1.0, 2.0, 4.0, 3.0, 7.0];
        for prec in [Precision::Fast, Precision::Extended] {
            let s = solve(x.view(), y.view(), both(prec)).unwrap();
            assert_eq!(s.aliased, vec![false, false, false, true], "{prec:?}");
            assert!(s.coef[3].is_nan());
            assert_eq!(s.rank(), 3);
        }
    }

    // Both paths agree, and X B has orthonormal columns with B B' = (X'X)^-1: on one block of
    // rows and on several (the fast path's factor merged from blocks, `numeric::tsqr`).
    #[test]
    fn fast_and_extended_paths_agree_and_bread_is_consistent() {
        // Unrefined f64 QR of a large-residual problem carries an error of order
        // cond^2 * eps * |r| / |A| (Golub & Van Loan 5.3.8): 1e-14 at 50 rows, 6e-13 (TSQR) and
        // 7e-13 (faer's pivoted QR of the whole design) at 65,541 rows.
        for (n, tol) in [
            (50, 1e-14),
            (2 * crate::numeric::tsqr::BLOCK_ROWS + 5, 1e-12),
        ] {
            paths_agree(n, tol);
        }
    }

    fn paths_agree(n: usize, tol: f64) {
        let x = Array2::from_shape_fn((n, 3), |(i, j)| {
            if j == 0 {
                1.0
            } else {
                ((i * (j + 3)) % 7) as f64 + (i as f64).sin()
            }
        });
        let y: Array1<f64> = (0..n)
            .map(|i| (i as f64).cos() * 3.0 + i as f64 * 0.1)
            .collect();
        let f = solve(x.view(), y.view(), both(Precision::Fast)).unwrap();
        let e = solve(x.view(), y.view(), both(Precision::Extended)).unwrap();
        assert!(matches!(f.path, SolvePath::Fast { .. }));
        for j in 0..3 {
            let diff = (f.coef[j] - e.coef[j]).abs() / e.coef[j].abs().max(1.0);
            assert!(
                diff <= tol,
                "n {n}, coefficient {j}: {diff:e} ({:?})",
                f.path
            );
        }
        let all: Vec<usize> = (0..n).collect();
        assert!(f.u.is_none() && e.u.is_some());
        for s in [&f, &e] {
            let u = s.u_select(x.view(), &all);
            let utu = u.t().dot(&u);
            for i in 0..3 {
                for j in 0..3 {
                    let want = if i == j { 1.0 } else { 0.0 };
                    assert!((utu[[i, j]] - want).abs() < 1e-13);
                }
            }
            let xb = x.dot(&s.bread);
            assert!((&xb - &u).iter().all(|v| v.abs() < 1e-12));
            let mut blocks = Array2::zeros(u.dim());
            s.u_blocks(x.view(), |start, b| {
                let rows = start..start + b.nrows();
                blocks.slice_mut(ndarray::s![rows, ..]).assign(&b);
            });
            assert_eq!(blocks, u);
            let h: Array1<f64> = u.rows().into_iter().map(|r| r.dot(&r)).collect();
            assert_eq!(s.hat, h);
        }
    }

    // A design far from orthogonal (x and x^2 for x in [100, 101]: condition ~1e5 after
    // equilibration) over several blocks: the fast path refines b (semi-normal equations
    // with A'r in double-double) to the extended path's solution.
    #[test]
    fn the_refined_fast_path_matches_the_extended_path_on_a_collinear_design() {
        let n = crate::numeric::tsqr::BLOCK_ROWS + 1000;
        let t = |i: usize| 100.0 + (i as f64 * 0.618).fract();
        let x = Array2::from_shape_fn((n, 3), |(i, j)| [1.0, t(i), t(i) * t(i)][j]);
        let y = Array1::from_shape_fn(n, |i| {
            3.0 - 0.5 * t(i) + 0.01 * t(i) * t(i) + (i as f64).sin()
        });
        let f = solve(x.view(), y.view(), both(Precision::Fast)).unwrap();
        let e = solve(x.view(), y.view(), both(Precision::Extended)).unwrap();
        assert!(
            matches!(f.path, SolvePath::Fast { refinement_steps } if refinement_steps > 0),
            "{:?} at condition {}",
            f.path,
            f.condition
        );
        for j in 0..3 {
            assert!(
                (f.coef[j] - e.coef[j]).abs() <= 1e-11 * e.coef[j].abs(),
                "coefficient {j}: {} vs {}",
                f.coef[j],
                e.coef[j]
            );
        }
        assert!((f.sse - e.sse).abs() <= 1e-12 * e.sse);
    }
}
