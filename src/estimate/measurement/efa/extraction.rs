//! Extraction of factors from a correlation matrix: principal components, principal axis
//! factoring (psych's iteration) and maximum likelihood (factanal's objective).

use super::smc;
use crate::numeric::linalg::{eigen_sym, inverse_spd};
use ndarray::Array2;

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
