//! All-subsets R2 by the sweep operator: the centred correlations of the design and y, and
//! every subset's R2 swept depth first from its parent's matrix.

use crate::estimate::regression::ols::mean_sd;
use ndarray::{ArrayView1, ArrayView2};

/// Apply the sweep operator to pivot k of the d x d symmetric matrix `a` (row-major); false
/// (and `a` unchanged) when the pivot is below `tol` times its original value `orig`:
/// the column is a linear combination of those swept before.
pub fn sweep(a: &mut [f64], d: usize, k: usize, orig: f64, tol: f64) -> bool {
    let piv = a[k * d + k];
    if !(piv > tol * orig) {
        return false;
    }
    for i in 0..d {
        if i == k {
            continue;
        }
        let aik = a[i * d + k];
        if aik == 0.0 {
            continue;
        }
        let f = aik / piv;
        for j in 0..d {
            if j != k {
                a[i * d + j] -= f * a[k * d + j];
            }
        }
    }
    for i in 0..d {
        if i != k {
            a[i * d + k] /= piv;
            a[k * d + i] /= piv;
        }
    }
    a[k * d + k] = -1.0 / piv;
    true
}

/// The sweep operator restricted to the rows and columns `active` (which hold k): the entries
/// outside them are left as they are. Sweeping subsets in increasing set order, the columns of
/// the sets already passed over are never read again, so each sweep only updates the sets still
/// to come and y. False (nothing changed) when the pivot is collinear, as [`sweep`].
fn sweep_active(a: &mut [f64], d: usize, k: usize, active: &[usize], tol: f64) -> bool {
    let piv = a[k * d + k];
    if !(piv > tol) {
        return false;
    }
    for &i in active {
        if i == k {
            continue;
        }
        let f = a[i * d + k] / piv;
        if f == 0.0 {
            continue;
        }
        for &j in active {
            if j != k {
                a[i * d + j] -= f * a[k * d + j];
            }
        }
    }
    for &i in active {
        if i != k {
            a[i * d + k] /= piv;
            a[k * d + i] /= piv;
        }
    }
    a[k * d + k] = -1.0 / piv;
    true
}

/// Relative tolerance of a pivot: below it a column counts as collinear.
pub(super) const COLLINEAR_TOL: f64 = 1e-10;

/// Centred cross-products of the columns `cols` of x and of y (last), over `rows`, scaled
/// to correlations; also the total sum of squares of y. None when y is constant.
pub(super) fn correlations(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    cols: &[usize],
    rows: &[usize],
) -> Option<(Vec<f64>, f64)> {
    let d = cols.len() + 1;
    let n = rows.len() as f64;
    let val = |i: usize, c: usize| {
        if c < cols.len() {
            x[[i, cols[c]]]
        } else {
            y[i]
        }
    };
    let means: Vec<f64> = (0..d)
        .map(|c| mean_sd(rows.iter().map(|&i| val(i, c))).0)
        .collect();
    let mut a = vec![0.0; d * d];
    for &i in rows {
        for r in 0..d {
            let dr = val(i, r) - means[r];
            for c in r..d {
                a[r * d + c] += dr * (val(i, c) - means[c]);
            }
        }
    }
    let _ = n;
    let tss = a[d * d - 1];
    if !(tss > 0.0) {
        return None;
    }
    let s: Vec<f64> = (0..d).map(|r| a[r * d + r].sqrt()).collect();
    for r in 0..d {
        for c in r..d {
            let v = if s[r] > 0.0 && s[c] > 0.0 {
                a[r * d + c] / (s[r] * s[c])
            } else {
                0.0
            };
            a[r * d + c] = v;
            a[c * d + r] = v;
        }
    }
    Some((a, tss))
}

/// All-subsets R2 (index = bit mask over the sets) and R2 of the forced-in columns, from the
/// correlation matrix `a` (d x d, y last) whose first columns are laid out as `layout`
/// (per set, its positions in `a`) and `always` (positions). Err(set) when a set's column is
/// a linear combination of the columns swept before it in some subset (and the forced-in ones).
pub(super) fn all_subsets(
    a: &[f64],
    d: usize,
    layout: &[Vec<usize>],
    always: &[usize],
) -> Result<(Vec<f64>, f64), usize> {
    let p = layout.len();
    let mut root = a.to_vec();
    for &c in always {
        sweep(&mut root, d, c, 1.0, COLLINEAR_TOL);
    }
    let base = 1.0 - root[d * d - 1];
    let mut r2 = vec![f64::NAN; 1 << p];
    // One matrix per depth: the subset's sweeps applied to its parent's.
    let mut stack: Vec<Vec<f64>> = vec![root; p + 1];
    // The columns of sets i.. and y: all a sweep of set i must update.
    let active: Vec<Vec<usize>> = (0..p)
        .map(|i| {
            let mut v: Vec<usize> = layout[i..].iter().flatten().copied().collect();
            v.push(d - 1);
            v
        })
        .collect();
    struct Walk<'a> {
        d: usize,
        layout: &'a [Vec<usize>],
        active: &'a [Vec<usize>],
        r2: &'a mut [f64],
        bad: Option<usize>,
    }
    fn visit(level: usize, mask: usize, stack: &mut [Vec<f64>], w: &mut Walk) {
        let (d, p) = (w.d, w.layout.len());
        w.r2[mask] = 1.0 - stack[level][d * d - 1];
        for i in level..p {
            // Extend the subset with set i (sets in increasing order: each subset once).
            let (head, tail) = stack.split_at_mut(i + 1);
            let parent = &head[level];
            let child = &mut tail[0];
            child.copy_from_slice(parent);
            for &c in &w.layout[i] {
                if !sweep_active(child, d, c, &w.active[i], COLLINEAR_TOL) {
                    w.bad.get_or_insert(i);
                }
            }
            visit(i + 1, mask | (1 << i), stack, w);
        }
    }
    let mut walk = Walk {
        d,
        layout,
        active: &active,
        r2: &mut r2,
        bad: None,
    };
    visit(0, 0, &mut stack, &mut walk);
    let bad = walk.bad;
    match bad {
        Some(i) => Err(i),
        None => Ok((r2, base)),
    }
}
