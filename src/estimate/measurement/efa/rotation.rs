//! Rotation of extracted loadings, each taken step for step from R with its start and
//! stopping rule: varimax (stats::varimax), promax (stats::promax, m = 4) and oblimin
//! (GPArotation's GPFoblq, gamma = 0); factors ordered and signed as psych reports them.

use crate::numeric::linalg::{eigen_sym, inverse_spd, invert};
use ndarray::{Array1, Array2, Axis};

/// Rotation of the extracted factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Rotation {
    /// The unrotated solution.
    None,
    /// Orthogonal varimax (stats::varimax).
    Varimax,
    /// Oblique promax with m = 4 (stats::promax).
    Promax,
    /// Oblique direct oblimin with gamma = 0 (GPArotation).
    Oblimin,
}

impl Rotation {
    pub fn name(self) -> &'static str {
        match self {
            Rotation::None => "none",
            Rotation::Varimax => "varimax",
            Rotation::Promax => "promax",
            Rotation::Oblimin => "oblimin",
        }
    }
    pub fn oblique(self) -> bool {
        matches!(self, Rotation::Promax | Rotation::Oblimin)
    }
}

/// A rotated solution.
#[derive(Clone, Debug)]
pub struct Rotated {
    /// Pattern loadings.
    pub loadings: Array2<f64>,
    /// Factor correlations (identity for orthogonal rotations).
    pub phi: Array2<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// Thin SVD via the eigen-decomposition of B'B (k x k, k small): B = U D V'; returns U V'.
fn polar(b: &Array2<f64>) -> Option<(Array2<f64>, f64)> {
    // B'B = V D² V'; U V' = B V D⁻¹ V'.
    let btb = b.t().dot(b);
    let (vals, v) = eigen_sym(&btb)?;
    let k = b.ncols();
    let mut dinv = Array2::<f64>::zeros((k, k));
    let mut dsum = 0.0;
    for j in 0..k {
        let d = vals[j].max(0.0).sqrt();
        dsum += d;
        dinv[[j, j]] = if d > 0.0 { 1.0 / d } else { 0.0 };
    }
    Some((b.dot(&v).dot(&dinv).dot(&v.t()), dsum))
}

/// Varimax with Kaiser normalization, as R's stats::varimax (eps = 1e-5, at most 1000 steps).
///
/// # Formula
/// Rows scaled by 1/sqrt(h²); from T = I repeat: z = xT, B = x'(z³ - z diag(Σz²)/p),
/// T = UV' of the SVD of B, d = Σ singular values, until d < d_prev (1 + eps); loadings zT
/// scaled back by sqrt(h²).
pub fn varimax(l: &Array2<f64>) -> Option<Rotated> {
    let (p, k) = l.dim();
    if k < 2 {
        return Some(Rotated {
            loadings: l.clone(),
            phi: Array2::eye(k),
            iterations: 0,
            converged: true,
        });
    }
    let sc: Vec<f64> = (0..p)
        .map(|i| l.row(i).iter().map(|x| x * x).sum::<f64>().sqrt())
        .collect();
    let x = Array2::from_shape_fn((p, k), |(i, j)| l[[i, j]] / sc[i]);
    let mut t = Array2::<f64>::eye(k);
    let mut d = 0.0;
    let mut iterations = 0;
    let mut converged = false;
    for _ in 0..1000 {
        iterations += 1;
        let z = x.dot(&t);
        let colsq: Array1<f64> = z.mapv(|v| v * v).sum_axis(Axis(0));
        let inner = Array2::from_shape_fn((p, k), |(i, j)| {
            z[[i, j]].powi(3) - z[[i, j]] * colsq[j] / p as f64
        });
        let b = x.t().dot(&inner);
        let (tt, dsum) = polar(&b)?;
        t = tt;
        let dpast = d;
        d = dsum;
        if d < dpast * (1.0 + 1e-5) {
            converged = true;
            break;
        }
    }
    let z = x.dot(&t);
    let loadings = Array2::from_shape_fn((p, k), |(i, j)| z[[i, j]] * sc[i]);
    Some(Rotated {
        loadings,
        phi: Array2::eye(k),
        iterations,
        converged,
    })
}

/// Promax (power m = 4) as R's stats::promax, with the factor correlations as psych::Promax.
///
/// # Formula
/// Varimax first (loadings x, rotation T); target Q = x |x|^(m-1); U = least-squares
/// regression of Q on x; U scaled by sqrt(diag((U'U)⁻¹)); loadings xU; with U_total = T U,
/// Φ = U_total⁻¹ U_total⁻¹'.
pub fn promax(l: &Array2<f64>, m: i32) -> Option<Rotated> {
    let (p, k) = l.dim();
    if k < 2 {
        return varimax(l);
    }
    // Varimax again, keeping its rotation matrix: T = (x'x)⁻¹x'z for the normalized x.
    let v = varimax(l)?;
    let x = &v.loadings;
    let q = x.mapv(|a| a * a.abs().powi(m - 1));
    let xtx_inv = inverse_spd(&x.t().dot(x))?;
    let mut u = xtx_inv.dot(&x.t().dot(&q));
    let utu_inv = inverse_spd(&u.t().dot(&u))?;
    for j in 0..k {
        let s = utu_inv[[j, j]].sqrt();
        for i in 0..k {
            u[[i, j]] *= s;
        }
    }
    let loadings = x.dot(&u);
    // The varimax rotation of the unrotated loadings: l T = x, T = (l'l)⁻¹ l'x.
    let t = inverse_spd(&l.t().dot(l))?.dot(&l.t().dot(x));
    let ut = t.dot(&u);
    let ui = invert(&ut)?;
    let phi = ui.dot(&ui.t());
    let _ = p;
    Some(Rotated {
        loadings,
        phi,
        iterations: v.iterations,
        converged: v.converged,
    })
}

/// Oblimin criterion (γ = 0, quartimin) and its gradient (GPArotation's vgQ.oblimin).
fn vgq_oblimin(l: &Array2<f64>) -> (Array2<f64>, f64) {
    let (p, k) = l.dim();
    let l2 = l.mapv(|x| x * x);
    // X = L² (J - I): each entry the sum of the other columns' squares in its row.
    let x = Array2::from_shape_fn((p, k), |(i, j)| {
        (0..k).filter(|&c| c != j).map(|c| l2[[i, c]]).sum::<f64>()
    });
    let gq = l * &x;
    let f = (&l2 * &x).sum() / 4.0;
    (gq, f)
}

/// Direct oblimin (γ = 0) by GPArotation's gradient-projection algorithm GPFoblq
/// (T = I start, eps = 1e-5, at most 1000 steps, no normalization), step by step.
pub fn oblimin(a: &Array2<f64>) -> Option<Rotated> {
    let k = a.ncols();
    if k < 2 {
        return varimax(a);
    }
    let mut tmat = Array2::<f64>::eye(k);
    let mut al = 1.0;
    let mut l = a.dot(&invert(&tmat)?.t());
    let (gq, mut f) = vgq_oblimin(&l);
    let mut g = -(l.t().dot(&gq).dot(&invert(&tmat)?)).t().to_owned();
    let mut iterations = 0;
    let mut converged = false;
    for _ in 0..=1000 {
        // Gp = G - T diag(colSums(T * G))
        let cs: Vec<f64> = (0..k)
            .map(|j| (0..k).map(|i| tmat[[i, j]] * g[[i, j]]).sum())
            .collect();
        let gp = Array2::from_shape_fn((k, k), |(i, j)| g[[i, j]] - tmat[[i, j]] * cs[j]);
        let s = gp.mapv(|x| x * x).sum().sqrt();
        if s < 1e-5 {
            converged = true;
            break;
        }
        iterations += 1;
        al *= 2.0;
        let mut tmatt = tmat.clone();
        let mut ft = f;
        let mut lt = l.clone();
        let mut gqt = gq.clone();
        for _ in 0..=10 {
            let x = &tmat - &(&gp * al);
            let v: Vec<f64> = (0..k)
                .map(|j| 1.0 / (0..k).map(|i| x[[i, j]] * x[[i, j]]).sum::<f64>().sqrt())
                .collect();
            tmatt = Array2::from_shape_fn((k, k), |(i, j)| x[[i, j]] * v[j]);
            lt = a.dot(&invert(&tmatt)?.t());
            let (gq2, f2) = vgq_oblimin(&lt);
            gqt = gq2;
            ft = f2;
            if f - ft > 0.5 * s * s * al {
                break;
            }
            al /= 2.0;
        }
        tmat = tmatt;
        f = ft;
        l = lt;
        g = -(l.t().dot(&gqt).dot(&invert(&tmat)?)).t().to_owned();
    }
    let loadings = a.dot(&invert(&tmat)?.t());
    let phi = tmat.t().dot(&tmat);
    Some(Rotated {
        loadings,
        phi,
        iterations,
        converged,
    })
}

/// Order factors by their sum of squared loadings (largest first) and sign each so that its
/// loadings sum to a positive number, as psych reports them; Φ is permuted and signed alike.
pub fn sort_factors(r: &mut Rotated) {
    let k = r.loadings.ncols();
    let ss: Vec<f64> = (0..k)
        .map(|j| r.loadings.column(j).iter().map(|x| x * x).sum())
        .collect();
    let mut order: Vec<usize> = (0..k).collect();
    order.sort_by(|&a, &b| ss[b].total_cmp(&ss[a]));
    let sign: Vec<f64> = order
        .iter()
        .map(|&j| {
            if r.loadings.column(j).sum() < 0.0 {
                -1.0
            } else {
                1.0
            }
        })
        .collect();
    let p = r.loadings.nrows();
    r.loadings = Array2::from_shape_fn((p, k), |(i, c)| r.loadings[[i, order[c]]] * sign[c]);
    r.phi = Array2::from_shape_fn((k, k), |(a, b)| {
        r.phi[[order[a], order[b]]] * sign[a] * sign[b]
    });
}
