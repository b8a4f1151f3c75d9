//! The PLS iteration: outer weights from the inner proxies until they settle, then loadings,
//! the PLSc correction, path coefficients and R².

use super::{Block, MAX_ITERATIONS, Mode, PlsError, PlsFit, PlsSpec, Scheme, TOLERANCE};
use super::{quad, regress, sub};
use crate::numeric::linalg::inverse_spd;
use ndarray::Array2;

impl PlsSpec {
    /// Fit the model to the indicators' correlation matrix `s`.
    pub fn fit(&self, s: &Array2<f64>) -> Result<PlsFit, PlsError> {
        let k = self.blocks.len();
        let preds = self.predecessors();
        let adjacent = |i: usize, j: usize| {
            self.paths
                .iter()
                .any(|&(f, t)| (f == i && t == j) || (f == j && t == i))
        };
        // Mode B needs each block's inverse; check collinearity once.
        let mut inv_bb: Vec<Option<Array2<f64>>> = Vec::with_capacity(k);
        for b in &self.blocks {
            for &i in &b.items {
                if !(s[[i, i]] > 0.0) {
                    return Err(PlsError::Constant(b.name.clone()));
                }
            }
            inv_bb.push(if b.mode == Mode::B && b.items.len() > 1 {
                let m = sub(s, &b.items, &b.items);
                Some(
                    inverse_spd(&m)
                        .filter(|inv| {
                            // Reject numerically singular blocks (condition beyond 1e13).
                            let norm = m.iter().map(|x| x.abs()).fold(0.0, f64::max);
                            let ninv = inv.iter().map(|x| x.abs()).fold(0.0, f64::max);
                            norm * ninv < 1e13
                        })
                        .ok_or_else(|| PlsError::Collinear(b.name.clone()))?,
                )
            } else {
                None
            });
        }
        let normalize = |b: &Block, w: &mut Vec<f64>| -> Result<(), PlsError> {
            let v = quad(s, &b.items, w, &b.items, w);
            if !(v > 0.0) || !v.is_finite() {
                return Err(PlsError::Constant(b.name.clone()));
            }
            let f = v.sqrt();
            w.iter_mut().for_each(|x| *x /= f);
            Ok(())
        };
        let mut w: Vec<Vec<f64>> = Vec::with_capacity(k);
        for b in &self.blocks {
            let mut v = vec![1.0; b.items.len()];
            normalize(b, &mut v)?;
            w.push(v);
        }
        let construct_cor = |w: &[Vec<f64>]| {
            Array2::from_shape_fn((k, k), |(i, j)| {
                let (bi, bj) = (&self.blocks[i], &self.blocks[j]);
                quad(s, &bi.items, &w[i], &bj.items, &w[j])
            })
        };
        let mut iterations = 0;
        let mut converged = false;
        while iterations < MAX_ITERATIONS {
            iterations += 1;
            let r = construct_cor(&w);
            let mut e = Array2::<f64>::zeros((k, k));
            for j in 0..k {
                match self.scheme {
                    Scheme::Path => {
                        if !preds[j].is_empty() {
                            let b = regress(&r, &preds[j], j).ok_or_else(|| {
                                PlsError::InnerCollinear(self.blocks[j].name.clone())
                            })?;
                            for (m, &i) in preds[j].iter().enumerate() {
                                e[[i, j]] = b[m];
                            }
                        }
                        for &(f, t) in &self.paths {
                            if f == j {
                                e[[t, j]] = r[[j, t]];
                            }
                        }
                    }
                    Scheme::Factorial | Scheme::Centroid => {
                        for i in 0..k {
                            if i != j && adjacent(i, j) {
                                e[[i, j]] = if self.scheme == Scheme::Factorial {
                                    r[[i, j]]
                                } else {
                                    r[[i, j]].signum()
                                };
                            }
                        }
                    }
                }
            }
            let mut change = 0.0;
            let mut next = Vec::with_capacity(k);
            for (j, b) in self.blocks.iter().enumerate() {
                if b.items.len() == 1 {
                    next.push(w[j].clone());
                    continue;
                }
                // cov(x, Z_j) for the block's indicators.
                let c: Vec<f64> = b
                    .items
                    .iter()
                    .map(|&x| {
                        (0..k)
                            .filter(|&i| e[[i, j]] != 0.0)
                            .map(|i| {
                                let bi = &self.blocks[i];
                                e[[i, j]]
                                    * bi.items
                                        .iter()
                                        .zip(&w[i])
                                        .map(|(&y, wy)| s[[x, y]] * wy)
                                        .sum::<f64>()
                            })
                            .sum()
                    })
                    .collect();
                let mut v = match &inv_bb[j] {
                    Some(inv) => (0..c.len())
                        .map(|a| (0..c.len()).map(|m| inv[[a, m]] * c[m]).sum())
                        .collect(),
                    None => c,
                };
                normalize(b, &mut v)?;
                change += v.iter().zip(&w[j]).map(|(a, o)| (a - o).abs()).sum::<f64>();
                next.push(v);
            }
            w = next;
            if change < TOLERANCE {
                converged = true;
                break;
            }
        }
        let score_cor = construct_cor(&w);
        let mut loadings: Vec<Vec<f64>> = self
            .blocks
            .iter()
            .zip(&w)
            .map(|(b, wb)| {
                b.items
                    .iter()
                    .map(|&x| b.items.iter().zip(wb).map(|(&y, wy)| s[[x, y]] * wy).sum())
                    .collect()
            })
            .collect();
        let rho_a: Vec<f64> = self
            .blocks
            .iter()
            .zip(&w)
            .map(|(b, wb)| rho_a(s, b, wb))
            .collect();
        let mut cor = score_cor;
        if self.consistent {
            let rho: Vec<f64> = self
                .blocks
                .iter()
                .zip(&rho_a)
                .map(|(b, &r)| if b.common_factor { r } else { 1.0 })
                .collect();
            for (j, b) in self.blocks.iter().enumerate() {
                if b.common_factor && b.items.len() > 1 {
                    if !(rho[j] > 0.0) {
                        return Err(PlsError::RhoA(b.name.clone(), rho[j]));
                    }
                    let ww: f64 = w[j].iter().map(|x| x * x).sum();
                    loadings[j] = w[j].iter().map(|x| x * rho[j].sqrt() / ww).collect();
                }
            }
            for i in 0..k {
                for j in 0..k {
                    if i != j {
                        cor[[i, j]] /= (rho[i] * rho[j]).sqrt();
                    }
                }
            }
        }
        let mut paths = vec![0.0; self.paths.len()];
        let mut r2 = vec![None; k];
        for j in 0..k {
            if preds[j].is_empty() {
                continue;
            }
            let b = regress(&cor, &preds[j], j)
                .ok_or_else(|| PlsError::InnerCollinear(self.blocks[j].name.clone()))?;
            let mut total = 0.0;
            for (m, &i) in preds[j].iter().enumerate() {
                let at = self
                    .paths
                    .iter()
                    .position(|&(f, t)| f == i && t == j)
                    .expect("a predecessor is a path");
                paths[at] = b[m];
                total += b[m] * cor[[i, j]];
            }
            r2[j] = Some(total);
        }
        Ok(PlsFit {
            weights: w,
            loadings,
            cor,
            paths,
            r2,
            rho_a,
            iterations,
            converged,
        })
    }
}

/// Dijkstra-Henseler ρA of a block with unit-variance weights `w` (1 for Mode B and single
/// indicators).
fn rho_a(s: &Array2<f64>, b: &Block, w: &[f64]) -> f64 {
    if b.mode == Mode::B || b.items.len() < 2 {
        return 1.0;
    }
    let ww: f64 = w.iter().map(|x| x * x).sum();
    let (mut num, mut den) = (0.0, 0.0);
    for (i, &a) in b.items.iter().enumerate() {
        for (j, &c) in b.items.iter().enumerate() {
            if i != j {
                num += w[i] * s[[a, c]] * w[j];
                den += w[i] * w[i] * w[j] * w[j];
            }
        }
    }
    ww * ww * num / den
}
