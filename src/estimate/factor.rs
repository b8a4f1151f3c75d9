//! Exploratory factor analysis of a correlation matrix: extraction by principal components
//! or principal axis factoring, rotation by varimax, promax or oblimin, and the number of
//! factors by Kaiser's rule or a seeded parallel analysis.
//!
//! Each procedure follows the R function named in its docs step by step — including its
//! start, its iteration and its stopping rule — because iterative procedures stopped at a
//! tolerance (varimax stops at a relative change of 1e-5) agree with R to 1e-6 only when they
//! take the same steps.

use crate::numeric::linalg::{eigen_sym, inverse_spd, invert};
use ndarray::{Array1, Array2, Axis};

/// Squared multiple correlations 1 - 1/diag(R⁻¹) (psych::smc).
pub fn smc(r: &Array2<f64>) -> Option<Vec<f64>> {
    let q = inverse_spd(r)?;
    Some((0..r.nrows()).map(|i| 1.0 - 1.0 / q[[i, i]]).collect())
}

/// How factors are extracted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Extraction {
    /// Principal components (psych::principal; SPSS FACTOR's default; also "principal").
    #[value(alias = "principal")]
    Pc,
    /// Principal axis factoring from squared multiple correlations (psych::fa, fm = "pa"; also "pa").
    #[value(alias = "pa")]
    Paf,
    /// Maximum likelihood (R's factanal; uniquenesses bounded below by 0.005).
    Ml,
}

impl Extraction {
    pub fn name(self) -> &'static str {
        match self {
            Extraction::Pc => "principal components",
            Extraction::Paf => "principal axis factoring",
            Extraction::Ml => "maximum likelihood",
        }
    }
}

/// Unrotated loadings and what the extraction took.
#[derive(Clone, Debug)]
pub struct Extracted {
    pub loadings: Array2<f64>,
    /// Initial communalities (1 for components, SMCs for PAF).
    pub initial: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// Loadings of the k largest eigenpairs: V_k diag(sqrt(λ_k)), columns signed so that each
/// column sum is positive (as psych).
fn top_loadings(m: &Array2<f64>, k: usize) -> Option<Array2<f64>> {
    let (vals, vecs) = eigen_sym(m)?;
    let p = m.nrows();
    let mut l = Array2::<f64>::zeros((p, k));
    for j in 0..k {
        let s = vals[j].max(0.0).sqrt();
        for i in 0..p {
            l[[i, j]] = vecs[[i, j]] * s;
        }
    }
    Some(l)
}

fn sign_columns(l: &mut Array2<f64>) {
    for mut c in l.columns_mut() {
        if c.sum() < 0.0 {
            c.mapv_inplace(|x| -x);
        }
    }
}

/// Extract k factors from the correlation matrix r.
///
/// # Formula
/// PC: the k largest eigenpairs of R. PAF (psych::fa, fm = "pa", min.err = 0.001,
/// max.iter = 50): put the SMCs on the diagonal, then repeat: loadings from the k largest
/// eigenpairs, communalities h² = row sums of squared loadings on the diagonal, until the
/// sum of communalities changes by less than 0.001.
pub fn extract(r: &Array2<f64>, k: usize, method: Extraction) -> Option<Extracted> {
    let p = r.nrows();
    match method {
        Extraction::Pc => {
            let mut l = top_loadings(r, k)?;
            sign_columns(&mut l);
            Some(Extracted {
                loadings: l,
                initial: vec![1.0; p],
                iterations: 0,
                converged: true,
            })
        }
        Extraction::Ml => {
            let (psi, iterations, converged) = ml_uniquenesses(r, k)?;
            let mut l = ml_loadings(r, &psi, k)?;
            sign_columns(&mut l);
            Some(Extracted {
                loadings: l,
                initial: smc(r)?,
                iterations,
                converged,
            })
        }
        Extraction::Paf => {
            let initial = smc(r)?;
            let mut m = r.clone();
            for i in 0..p {
                m[[i, i]] = initial[i];
            }
            let mut comm: f64 = initial.iter().sum();
            let mut iterations = 0;
            let mut converged = false;
            let mut l;
            loop {
                l = top_loadings(&m, k)?;
                let new: Vec<f64> = (0..p)
                    .map(|i| l.row(i).iter().map(|x| x * x).sum())
                    .collect();
                let comm1: f64 = new.iter().sum();
                for i in 0..p {
                    m[[i, i]] = new[i];
                }
                let err = (comm - comm1).abs();
                comm = comm1;
                iterations += 1;
                if err <= 0.001 {
                    converged = true;
                    break;
                }
                if iterations >= 50 {
                    break;
                }
            }
            sign_columns(&mut l);
            Some(Extracted {
                loadings: l,
                initial,
                iterations,
                converged,
            })
        }
    }
}

/// factanal's objective of the uniquenesses ψ and its gradient.
///
/// # Formula
/// With S* = Ψ^{-1/2} R Ψ^{-1/2} and its eigenvalues e_1 >= ... >= e_p,
/// f(ψ) = -Σ_{j>k} (log e_j - e_j) - k + p; Λ = Ψ^{1/2} V_k diag(sqrt(max(e_j - 1, 0)));
/// ∂f/∂ψ_i = (ΛΛ' + Ψ - R)_ii / ψ_i² (R's stats:::factanal.fit.mle, FAfn and FAgr).
fn ml_objective(r: &Array2<f64>, psi: &[f64], k: usize) -> Option<(f64, Vec<f64>)> {
    let p = r.nrows();
    let sstar = Array2::from_shape_fn((p, p), |(i, j)| r[[i, j]] / (psi[i] * psi[j]).sqrt());
    let (vals, vecs) = eigen_sym(&sstar)?;
    let f = -(vals[k..].iter().map(|e| e.ln() - e).sum::<f64>() - k as f64 + p as f64);
    let mut load = Array2::<f64>::zeros((p, k));
    for j in 0..k {
        let s = (vals[j] - 1.0).max(0.0).sqrt();
        for i in 0..p {
            load[[i, j]] = psi[i].sqrt() * vecs[[i, j]] * s;
        }
    }
    let g = (0..p)
        .map(|i| {
            let ll: f64 = load.row(i).iter().map(|x| x * x).sum();
            (ll + psi[i] - r[[i, i]]) / (psi[i] * psi[i])
        })
        .collect();
    Some((f, g))
}

fn ml_loadings(r: &Array2<f64>, psi: &[f64], k: usize) -> Option<Array2<f64>> {
    let p = r.nrows();
    let sstar = Array2::from_shape_fn((p, p), |(i, j)| r[[i, j]] / (psi[i] * psi[j]).sqrt());
    let (vals, vecs) = eigen_sym(&sstar)?;
    Some(Array2::from_shape_fn((p, k), |(i, j)| {
        psi[i].sqrt() * vecs[[i, j]] * (vals[j] - 1.0).max(0.0).sqrt()
    }))
}

/// Minimize factanal's objective over ψ in [0.005, 1] from factanal's start
/// (1 - k/(2p)) / diag(R⁻¹), by projected Newton steps with a finite-difference Hessian of
/// the analytic gradient, until the projected gradient is below 1e-12.
fn ml_uniquenesses(r: &Array2<f64>, k: usize) -> Option<(Vec<f64>, usize, bool)> {
    let p = r.nrows();
    let (lo, hi) = (0.005, 1.0);
    let q = inverse_spd(r)?;
    let mut psi: Vec<f64> = (0..p)
        .map(|i| ((1.0 - 0.5 * k as f64 / p as f64) / q[[i, i]]).clamp(lo, hi))
        .collect();
    let (mut f, mut g) = ml_objective(r, &psi, k)?;
    for it in 1..=200 {
        // Free variables: not held at a bound by the gradient.
        let free: Vec<usize> = (0..p)
            .filter(|&i| !((psi[i] <= lo && g[i] > 0.0) || (psi[i] >= hi && g[i] < 0.0)))
            .collect();
        let pg = free.iter().map(|&i| g[i].abs()).fold(0.0, f64::max);
        if pg < 1e-12 {
            return Some((psi, it, true));
        }
        let m = free.len();
        let mut h = Array2::<f64>::zeros((m, m));
        for (a, &i) in free.iter().enumerate() {
            let step = 1e-6 * psi[i];
            let mut pp = psi.clone();
            pp[i] += step;
            let mut pm = psi.clone();
            pm[i] -= step;
            let (_, gp) = ml_objective(r, &pp, k)?;
            let (_, gm) = ml_objective(r, &pm, k)?;
            for (b, &j) in free.iter().enumerate() {
                h[[b, a]] = (gp[j] - gm[j]) / (2.0 * step);
            }
        }
        let h = (&h + &h.t()) / 2.0;
        let gf: Vec<f64> = free.iter().map(|&i| g[i]).collect();
        let dir: Vec<f64> = match inverse_spd(&h) {
            Some(hi) => (0..m)
                .map(|a| -(0..m).map(|b| hi[[a, b]] * gf[b]).sum::<f64>())
                .collect(),
            None => gf.iter().map(|x| -x).collect(),
        };
        let mut t = 1.0;
        let mut moved = false;
        for _ in 0..40 {
            let mut cand = psi.clone();
            for (a, &i) in free.iter().enumerate() {
                cand[i] = (psi[i] + t * dir[a]).clamp(lo, hi);
            }
            if let Some((fc, gc)) = ml_objective(r, &cand, k) {
                if fc <= f {
                    moved = fc < f || cand != psi;
                    psi = cand;
                    f = fc;
                    g = gc;
                    break;
                }
            }
            t /= 2.0;
        }
        if !moved {
            return Some((psi, it, pg < 1e-8));
        }
    }
    Some((psi, 200, false))
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

/// Parallel analysis (Horn): mean and 95th percentile of the eigenvalues of correlation
/// matrices of `reps` samples of n independent normal variables, seeded.
///
/// # Method
/// The cross-product matrix of n centred independent standard normal vectors is
/// Wishart(n - 1, I); it is drawn directly by Bartlett's decomposition W = AA' (A lower
/// triangular, A_ii² ~ χ²(n - i) for i = 1..p, A_ij ~ N(0, 1) below the diagonal) and scaled to
/// a correlation matrix — the same distribution as simulating the n x p data, at O(p³) per
/// sample instead of O(np²), so a million respondents cost no more than a hundred.
pub fn parallel_analysis(n: usize, p: usize, reps: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
    let mut rng = crate::numeric::Rng::new(seed);
    let mut all: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); p];
    for _ in 0..reps {
        let mut a = Array2::<f64>::zeros((p, p));
        for i in 0..p {
            a[[i, i]] = chi_square(&mut rng, (n - 1 - i) as f64).sqrt();
            for j in 0..i {
                a[[i, j]] = rng.normal();
            }
        }
        let w = a.dot(&a.t());
        let r = Array2::from_shape_fn((p, p), |(i, j)| w[[i, j]] / (w[[i, i]] * w[[j, j]]).sqrt());
        if let Some((vals, _)) = eigen_sym(&r) {
            for (j, v) in vals.into_iter().enumerate() {
                all[j].push(v);
            }
        }
    }
    let mean = all
        .iter()
        .map(|v| v.iter().sum::<f64>() / v.len() as f64)
        .collect();
    let p95 = all
        .iter_mut()
        .map(|v| {
            v.sort_by(f64::total_cmp);
            v[((0.95 * v.len() as f64).ceil() as usize)
                .saturating_sub(1)
                .min(v.len() - 1)]
        })
        .collect();
    (mean, p95)
}

/// A χ²(k) draw: 2 Gamma(k/2, 1) by Marsaglia and Tsang's method (k/2 >= 1 here, as k > p).
fn chi_square(rng: &mut crate::numeric::Rng, k: f64) -> f64 {
    let shape = k / 2.0;
    let (boost, shape) = if shape < 1.0 {
        (rng.uniform().powf(1.0 / shape), shape + 1.0)
    } else {
        (1.0, shape)
    };
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let x = rng.normal();
        let v = (1.0 + c * x).powi(3);
        if v <= 0.0 {
            continue;
        }
        let u = rng.uniform();
        if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
            return 2.0 * d * v * boost;
        }
    }
}

/// Pearson correlation matrix of the columns of x (complete data).
pub fn correlation(x: &Array2<f64>) -> Array2<f64> {
    let (n, p) = x.dim();
    let means = x.mean_axis(Axis(0)).expect("rows");
    let c = Array2::from_shape_fn((n, p), |(i, j)| x[[i, j]] - means[j]);
    let s = c.t().dot(&c);
    Array2::from_shape_fn((p, p), |(i, j)| {
        if i == j {
            1.0
        } else {
            s[[i, j]] / (s[[i, i]] * s[[j, j]]).sqrt()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wishart_draws_give_the_eigenvalues_of_simulated_normal_data() {
        // Mean eigenvalues of correlation matrices of n x p normal data, simulated directly,
        // against the Bartlett-decomposition draws (different streams, 400 samples each).
        let (n, p, reps) = (60, 6, 400);
        let mut rng = crate::numeric::Rng::new(99);
        let mut direct = vec![0.0; p];
        for _ in 0..reps {
            let x = Array2::from_shape_fn((n, p), |_| rng.normal());
            let (vals, _) = eigen_sym(&correlation(&x)).unwrap();
            for j in 0..p {
                direct[j] += vals[j] / reps as f64;
            }
        }
        let (mean, _) = parallel_analysis(n, p, reps, 7);
        for j in 0..p {
            // Monte-Carlo SE of a mean eigenvalue here is about 0.006.
            assert!(
                (mean[j] - direct[j]).abs() < 0.03,
                "{j}: {} vs {}",
                mean[j],
                direct[j]
            );
        }
        // χ² draws have the right mean and variance.
        let mut rng = crate::numeric::Rng::new(3);
        let draws: Vec<f64> = (0..20_000).map(|_| chi_square(&mut rng, 7.0)).collect();
        let m = draws.iter().sum::<f64>() / 2e4;
        let v = draws.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / 2e4;
        assert!((m - 7.0).abs() < 0.1 && (v - 14.0).abs() < 0.6, "{m} {v}");
    }

    #[test]
    fn principal_components_reproduce_the_correlation_matrix_with_all_factors() {
        let r = ndarray::array![[1.0, 0.5, 0.3], [0.5, 1.0, 0.2], [0.3, 0.2, 1.0]];
        let e = extract(&r, 3, Extraction::Pc).unwrap();
        let back = e.loadings.dot(&e.loadings.t());
        for (a, b) in back.iter().zip(r.iter()) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn orthogonal_rotations_keep_communalities_and_oblique_ones_reproduce_them_with_phi() {
        let l = ndarray::array![[0.8, 0.3], [0.7, 0.4], [0.3, 0.8], [0.2, 0.7], [0.5, 0.5]];
        let h2: Vec<f64> = (0..5)
            .map(|i| l.row(i).iter().map(|x| x * x).sum())
            .collect();
        let v = varimax(&l).unwrap();
        for i in 0..5 {
            let h: f64 = v.loadings.row(i).iter().map(|x| x * x).sum();
            assert!((h - h2[i]).abs() < 1e-12);
        }
        for rot in [promax(&l, 4).unwrap(), oblimin(&l).unwrap()] {
            // Common variance is the diagonal of Λ Φ Λ'.
            let c = rot.loadings.dot(&rot.phi).dot(&rot.loadings.t());
            for i in 0..5 {
                assert!(
                    (c[[i, i]] - h2[i]).abs() < 1e-9,
                    "{} vs {}",
                    c[[i, i]],
                    h2[i]
                );
            }
        }
    }
}

/// Treatment of missing answers when forming the correlation matrix (as SPSS FACTOR offers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Missing {
    /// Only respondents who answered every item.
    Listwise,
    /// Each correlation over the respondents who answered both items.
    Pairwise,
    /// Missing answers replaced by the item's mean.
    Mean,
}

impl Missing {
    pub fn name(self) -> &'static str {
        match self {
            Missing::Listwise => "listwise",
            Missing::Pairwise => "pairwise",
            Missing::Mean => "mean substitution",
        }
    }
}

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

/// How many factors to extract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FactorCount {
    Fixed(usize),
    /// Eigenvalues greater than 1.
    Kaiser,
    /// Parallel analysis: eigenvalues above the 95th percentile of random data's.
    Parallel,
}

impl std::str::FromStr for FactorCount {
    type Err = String;
    /// "parallel", "kaiser" (also "eigen") or a whole number >= 1. Serves `--factors` and
    /// `[efa] factors` alike.
    fn from_str(s: &str) -> Result<FactorCount, String> {
        match s.to_ascii_lowercase().as_str() {
            "kaiser" | "eigen" => Ok(FactorCount::Kaiser),
            "parallel" => Ok(FactorCount::Parallel),
            n => n
                .parse::<usize>()
                .ok()
                .filter(|&k| k >= 1)
                .map(FactorCount::Fixed)
                .ok_or_else(|| {
                    format!(
                        "\"{s}\" is not a number of factors; expected a whole number >= 1, \"parallel\" or \"kaiser\""
                    )
                }),
        }
    }
}

/// Settings of an exploratory factor analysis.
#[derive(Clone, Copy, Debug)]
pub struct EfaOptions {
    pub extraction: Extraction,
    pub rotation: Rotation,
    pub count: FactorCount,
    pub missing: Missing,
    pub blank: f64,
    pub seed: u64,
    /// Random samples of the parallel analysis.
    pub samples: usize,
}

/// The correlation matrix of the items under a missing-data rule, and the n it rests on.
pub fn correlation_with(
    columns: &[&[f64]],
    missing: Missing,
) -> Result<(Array2<f64>, usize), String> {
    let p = columns.len();
    let n_all = columns.first().map_or(0, |c| c.len());
    match missing {
        Missing::Listwise => {
            let rows: Vec<usize> = (0..n_all)
                .filter(|&i| columns.iter().all(|c| c[i].is_finite()))
                .collect();
            if rows.len() <= p {
                return Err(format!(
                    "{} complete cases are too few for {p} items (try missing = \"pairwise\")",
                    rows.len()
                ));
            }
            let x = Array2::from_shape_fn((rows.len(), p), |(i, j)| columns[j][rows[i]]);
            Ok((correlation(&x), rows.len()))
        }
        Missing::Mean => {
            let means: Vec<f64> = columns
                .iter()
                .map(|c| {
                    let v: Vec<f64> = c.iter().copied().filter(|x| x.is_finite()).collect();
                    v.iter().sum::<f64>() / v.len().max(1) as f64
                })
                .collect();
            let x = Array2::from_shape_fn((n_all, p), |(i, j)| {
                let v = columns[j][i];
                if v.is_finite() { v } else { means[j] }
            });
            Ok((correlation(&x), n_all))
        }
        Missing::Pairwise => {
            let mut r = Array2::<f64>::eye(p);
            let mut nmin = n_all;
            for a in 0..p {
                for b in 0..a {
                    let (v, n) = super::describe::pearson(columns[a], columns[b]);
                    r[[a, b]] = v;
                    r[[b, a]] = v;
                    nmin = nmin.min(n);
                }
            }
            Ok((r, nmin))
        }
    }
}

/// An exploratory factor analysis of the items (columns; NaN = missing).
pub fn efa(
    names: &[String],
    columns: &[&[f64]],
    o: &EfaOptions,
) -> Result<crate::results::measurement::EfaReport, String> {
    use crate::results::measurement::{EfaReport, ParallelAnalysis};
    let p = columns.len();
    if p < 3 {
        return Err(format!("factor analysis needs at least 3 items; {p} given"));
    }
    let (r, n) = correlation_with(columns, o.missing)?;
    if n <= p + 1 {
        return Err(format!(
            "the correlation matrix rests on {n} cases, too few for {p} items"
        ));
    }
    let (eigenvalues, _) =
        eigen_sym(&r).ok_or("the correlation matrix has no eigen-decomposition")?;
    if smc(&r).is_none() {
        return Err(format!(
            "the {} correlation matrix is not positive definite (an item is constant or a linear combination of others{})",
            o.missing.name(),
            if o.missing == Missing::Pairwise {
                ", or pairwise deletion made it inconsistent: use listwise"
            } else {
                ""
            }
        ));
    }
    let kaiser = eigenvalues.iter().filter(|&&v| v > 1.0).count();
    let (mean, p95) = parallel_analysis(n, p, o.samples, o.seed);
    let suggested = eigenvalues
        .iter()
        .zip(&p95)
        .take_while(|(e, q)| e > q)
        .count();
    let (k, rule) = match o.count {
        FactorCount::Fixed(k) => (k, format!("{k} factors, as requested")),
        FactorCount::Kaiser => (
            kaiser.max(1),
            format!("{} factor(s) with eigenvalue > 1 (Kaiser)", kaiser.max(1)),
        ),
        FactorCount::Parallel => (
            suggested.max(1),
            format!(
                "{} factor(s) by parallel analysis: eigenvalues above the 95th percentile of {} random samples (seed {})",
                suggested.max(1),
                o.samples,
                o.seed
            ),
        ),
    };
    if k >= p {
        return Err(format!("{k} factors are too many for {p} items"));
    }
    let e = extract(&r, k, o.extraction).ok_or("the extraction failed (no eigen-decomposition)")?;
    let communalities: Vec<f64> = (0..p)
        .map(|i| e.loadings.row(i).iter().map(|x| x * x).sum())
        .collect();
    let ss_extraction: Vec<f64> = (0..k)
        .map(|j| e.loadings.column(j).iter().map(|x| x * x).sum())
        .collect();
    let mut rot = match o.rotation {
        Rotation::None => Some(Rotated {
            loadings: e.loadings.clone(),
            phi: Array2::eye(k),
            iterations: 0,
            converged: true,
        }),
        Rotation::Varimax => varimax(&e.loadings),
        Rotation::Promax => promax(&e.loadings, 4),
        Rotation::Oblimin => oblimin(&e.loadings),
    }
    .ok_or("the rotation failed")?;
    sort_factors(&mut rot);
    let ss_rotation: Vec<f64> = (0..k)
        .map(|j| rot.loadings.column(j).iter().map(|x| x * x).sum())
        .collect();
    let rows =
        |m: &Array2<f64>| -> Vec<Vec<f64>> { m.rows().into_iter().map(|r| r.to_vec()).collect() };
    let oblique = o.rotation.oblique() && k > 1;
    Ok(EfaReport {
        items: names.to_vec(),
        n,
        missing: o.missing.name().into(),
        extraction: o.extraction.name().into(),
        rotation: o.rotation.name().into(),
        nfactors: k,
        factor_rule: rule,
        eigenvalues,
        kaiser,
        parallel: ParallelAnalysis {
            samples: o.samples,
            seed: o.seed,
            mean,
            p95,
            suggested,
        },
        communalities_initial: e.initial,
        communalities,
        ss_extraction,
        ss_rotation,
        loadings: rows(&rot.loadings),
        structure: oblique.then(|| rows(&rot.loadings.dot(&rot.phi))),
        factor_correlations: oblique.then(|| rows(&rot.phi)),
        iterations: e.iterations + rot.iterations,
        converged: e.converged && rot.converged,
        blank_below: o.blank,
    })
}
