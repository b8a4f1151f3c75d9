//! The extended path: Householder QR carried out entirely in double-double arithmetic, with
//! R's limited column pivoting (the later of two collinear columns is aliased).

use super::{Data, LsqSolution, SolvePath, column_scales, condition_of_r, finish};
use crate::numeric::dd::Dd;
use ndarray::Array2;

pub(super) fn solve_extended(data: Data, rank_tol: f64) -> LsqSolution {
    let (n, p) = data.x.dim();
    let d = column_scales(data.x);
    // Column-major working copy of the scaled design, and the response, in double-double.
    let mut a: Vec<Vec<Dd>> = (0..p)
        .map(|j| (0..n).map(|i| data.xd(i, j) * Dd::from_f64(d[j])).collect())
        .collect();
    let mut qty: Vec<Dd> = (0..n).map(|i| data.yd(i)).collect();
    // Householder vectors kept to form U = Q later.
    let mut vs: Vec<(usize, Vec<Dd>, Dd)> = Vec::new();
    let mut kept: Vec<usize> = Vec::new();
    for k in 0..p {
        let r = kept.len();
        if r >= n || d[k] == 0.0 {
            continue;
        }
        let mut s = Dd::ZERO;
        for v in &a[k][r..] {
            s = s + *v * *v;
        }
        let nrm = s.sqrt();
        // Original scaled norm is 1: alias when the remaining norm is below the tolerance.
        if nrm.to_f64() <= rank_tol {
            continue;
        }
        let alpha = if a[k][r].hi >= 0.0 { -nrm } else { nrm };
        let mut v: Vec<Dd> = a[k][r..].to_vec();
        v[0] = v[0] - alpha;
        let mut vtv = Dd::ZERO;
        for e in &v {
            vtv = vtv + *e * *e;
        }
        let tau = Dd::from_f64(2.0) / vtv;
        let apply = |col: &mut [Dd]| {
            let mut dot = Dd::ZERO;
            for (ci, vi) in col.iter().zip(&v) {
                dot = dot + *ci * *vi;
            }
            let f = dot * tau;
            for (ci, vi) in col.iter_mut().zip(&v) {
                *ci = *ci - f * *vi;
            }
        };
        for col in a.iter_mut().skip(k + 1) {
            apply(&mut col[r..]);
        }
        apply(&mut qty[r..]);
        a[k][r] = alpha;
        for e in a[k][r + 1..].iter_mut() {
            *e = Dd::ZERO;
        }
        vs.push((r, v, tau));
        kept.push(k);
    }
    let rk = kept.len();
    // R over kept columns (rk x rk) and its inverse G, in double-double.
    let rr = |i: usize, j: usize| a[kept[j]][i];
    let mut g = vec![vec![Dd::ZERO; rk]; rk];
    for c in 0..rk {
        for i in (0..=c).rev() {
            let mut s = if i == c { Dd::from_f64(1.0) } else { Dd::ZERO };
            for l in (i + 1)..=c {
                s = s - rr(i, l) * g[l][c];
            }
            g[i][c] = s / rr(i, i);
        }
    }
    let mut bs = vec![Dd::ZERO; rk];
    for i in (0..rk).rev() {
        let mut s = qty[i];
        for l in (i + 1)..rk {
            s = s - rr(i, l) * bs[l];
        }
        bs[i] = s / rr(i, i);
    }
    let coef_dd: Vec<(usize, Dd)> = kept
        .iter()
        .enumerate()
        .map(|(i, &j)| (j, bs[i] * Dd::from_f64(d[j])))
        .collect();
    let mut bread = Array2::<f64>::zeros((p, rk));
    for (i, &j) in kept.iter().enumerate() {
        for c in 0..rk {
            bread[[j, c]] = (g[i][c] * Dd::from_f64(d[j])).to_f64();
        }
    }
    // U = Q[:, :rk]: apply the reflectors in reverse to the first rk unit vectors.
    let mut u = Array2::<f64>::zeros((n, rk));
    for c in 0..rk {
        let mut e = vec![Dd::ZERO; n];
        e[c] = Dd::from_f64(1.0);
        for (r, v, tau) in vs.iter().rev() {
            let mut dot = Dd::ZERO;
            for (ci, vi) in e[*r..].iter().zip(v) {
                dot = dot + *ci * *vi;
            }
            let f = dot * *tau;
            for (ci, vi) in e[*r..].iter_mut().zip(v) {
                *ci = *ci - f * *vi;
            }
        }
        for i in 0..n {
            u[[i, c]] = e[i].to_f64();
        }
    }
    let rf = faer::Mat::<f64>::from_fn(rk, rk, |i, j| if i <= j { rr(i, j).to_f64() } else { 0.0 });
    let condition = condition_of_r(&rf);
    finish(
        &data,
        coef_dd,
        bread,
        Some(u),
        condition,
        SolvePath::Extended,
    )
}
