//! PLS quality criteria: SRMR, f², Cronbach's α, ρC and AVE, HTMT and HTMT2, and VIFs.

use super::{Block, PlsFit, PlsSpec, sub};
use crate::numeric::linalg::{inverse_spd, invert};
use ndarray::Array2;

impl PlsSpec {
    /// SRMR of the saturated and of the estimated model (Henseler et al. 2014; as cSEM's
    /// `fit()` and `calculateSRMR()`): the root mean square of S - Σ̂ over the lower triangle
    /// with the diagonal (p(p+1)/2 entries). Σ̂ has 1 on the diagonal; λ_i V_kl λ_j between
    /// blocks k ≠ l; within a block λ_i λ_j for a common factor (a `=~` block under PLSc) and
    /// the observed S_ij for a composite (every block of PLS, `<~` blocks of PLSc). V is the
    /// construct correlation matrix: as estimated (saturated), or implied by the paths
    /// (estimated): V = (I - B)⁻¹ Ψ (I - B)⁻ᵀ with Ψ the exogenous constructs' correlations
    /// and 1 - R² for each endogenous one, its diagonal then set to 1.
    pub fn srmr(&self, s: &Array2<f64>, fit: &PlsFit) -> (f64, f64) {
        let k = self.blocks.len();
        let preds = self.predecessors();
        let mut b = Array2::<f64>::zeros((k, k));
        for (p, &(f, t)) in self.paths.iter().enumerate() {
            b[[t, f]] = fit.paths[p];
        }
        let mut psi = Array2::<f64>::zeros((k, k));
        for i in 0..k {
            for j in 0..k {
                if preds[i].is_empty() && preds[j].is_empty() {
                    psi[[i, j]] = fit.cor[[i, j]];
                }
            }
            if let Some(r2) = fit.r2[i] {
                psi[[i, i]] = 1.0 - r2;
            }
        }
        let implied = invert(&(Array2::eye(k) - &b)).map(|m| {
            let mut v = m.dot(&psi).dot(&m.t());
            v.diag_mut().fill(1.0);
            v
        });
        let within = |blk: &Block| blk.common_factor && self.consistent;
        let rms = |v: &Array2<f64>| {
            let (mut ss, mut count) = (0.0, 0usize);
            for (kb, bk) in self.blocks.iter().enumerate() {
                for (m, &i) in bk.items.iter().enumerate() {
                    for (lb, bl) in self.blocks.iter().enumerate() {
                        for (q, &j) in bl.items.iter().enumerate() {
                            if j > i {
                                continue;
                            }
                            count += 1;
                            let sigma = if i == j {
                                1.0
                            } else if kb != lb {
                                fit.loadings[kb][m] * v[[kb, lb]] * fit.loadings[lb][q]
                            } else if within(bk) {
                                fit.loadings[kb][m] * fit.loadings[kb][q]
                            } else {
                                s[[i, j]]
                            };
                            ss += (s[[i, j]] - sigma).powi(2);
                        }
                    }
                }
            }
            (ss / count as f64).sqrt()
        };
        (rms(&fit.cor), implied.as_ref().map_or(f64::NAN, rms))
    }

    /// f² of every path: the model re-estimated without it.
    pub fn f_squared(&self, s: &Array2<f64>, fit: &PlsFit) -> Vec<Option<f64>> {
        (0..self.paths.len())
            .map(|p| {
                let to = self.paths[p].1;
                let with = fit.r2[to]?;
                let (reduced, map) = self.without(p).connected();
                let without = match map[to] {
                    Some(t) if reduced.paths.iter().any(|&(_, x)| x == t) => {
                        reduced.fit(s).ok()?.r2[t]?
                    }
                    _ => 0.0,
                };
                Some((with - without) / (1.0 - with))
            })
            .collect()
    }
}

/// Cronbach's α of a block from the indicators' correlations (1 for a single indicator).
pub fn alpha(s: &Array2<f64>, items: &[usize]) -> f64 {
    let k = items.len() as f64;
    if items.len() < 2 {
        return 1.0;
    }
    let mut total = 0.0;
    let mut diag = 0.0;
    for &a in items {
        diag += s[[a, a]];
        for &b in items {
            total += s[[a, b]];
        }
    }
    k / (k - 1.0) * (1.0 - diag / total)
}

/// ρC (Dillon-Goldstein) and AVE of a block's loadings (1 and 1 for a single indicator).
pub fn rho_c_ave(loadings: &[f64]) -> (f64, f64) {
    if loadings.len() < 2 {
        return (1.0, 1.0);
    }
    let sum: f64 = loadings.iter().sum();
    let err: f64 = loadings.iter().map(|l| 1.0 - l * l).sum();
    let ave = loadings.iter().map(|l| l * l).sum::<f64>() / loadings.len() as f64;
    (sum * sum / (sum * sum + err), ave)
}

/// HTMT and HTMT2 of two blocks (absolute correlations; a single indicator's monotrait mean
/// is 1).
pub fn htmt(s: &Array2<f64>, a: &[usize], b: &[usize]) -> (f64, f64) {
    let hetero: Vec<f64> = a
        .iter()
        .flat_map(|&i| b.iter().map(move |&j| s[[i, j]].abs()))
        .collect();
    let mono = |x: &[usize]| -> Vec<f64> {
        let mut v = Vec::new();
        for (m, &i) in x.iter().enumerate() {
            for &j in &x[m + 1..] {
                v.push(s[[i, j]].abs());
            }
        }
        v
    };
    let mean = |v: &[f64]| {
        if v.is_empty() {
            1.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let geo = |v: &[f64]| {
        if v.is_empty() {
            1.0
        } else {
            (v.iter().map(|x| x.ln()).sum::<f64>() / v.len() as f64).exp()
        }
    };
    let (ma, mb) = (mono(a), mono(b));
    (
        mean(&hetero) / (mean(&ma) * mean(&mb)).sqrt(),
        geo(&hetero) / (geo(&ma) * geo(&mb)).sqrt(),
    )
}

/// Variance inflation factors of a set of standardized variables from their correlations:
/// the diagonal of the inverse.
pub fn vifs(r: &Array2<f64>, idx: &[usize]) -> Option<Vec<f64>> {
    if idx.len() < 2 {
        return Some(vec![1.0; idx.len()]);
    }
    let m = sub(r, idx, idx);
    let inv = inverse_spd(&m).or_else(|| invert(&m))?;
    Some((0..idx.len()).map(|i| inv[[i, i]]).collect())
}
