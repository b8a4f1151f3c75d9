//! PLS path modelling (PLS-SEM) on the correlation matrix of the indicators.
//!
//! # Algorithm (Wold; Lohmöller 1989; as SmartPLS and seminr)
//! Every construct is a weighted sum of its standardized indicators, Y_j = X_j w_j, scaled to
//! unit variance (w_j' S_jj w_j = 1). From unit weights, repeat:
//! 1. inner weights e_ij between adjacent constructs: **path** scheme — for the predecessors P
//!    of j the coefficients of regressing Y_j on Y_P, for its successors k the correlation
//!    r_jk; **factorial** — r_ij for every adjacent pair; **centroid** — sign(r_ij);
//! 2. inner proxies Z_j = Σ_i e_ij Y_i;
//! 3. outer weights: **Mode A** (reflective) w_j ∝ cov(X_j, Z_j) = Σ_i e_ij S_ji w_i;
//!    **Mode B** (formative) w_j ∝ S_jj⁻¹ cov(X_j, Z_j); rescaled to unit variance;
//!
//! until the weights change by less than 1e-12 in total (Σ|Δw|; seminr stops at 1e-7,
//! SmartPLS at 1e-7 by default), at most 300 rounds. Then loadings λ_j = S_jj w_j (the
//! correlations of the indicators with their construct), cross-loadings S_ij w_j, the
//! construct correlations R = W'SW, path coefficients by least squares on R for each
//! endogenous construct, R² and adjusted R² (n - 1 over n - k - 1).
//!
//! Everything is a function of the indicators' correlation matrix, so the divisor of the
//! standard deviations (n or n - 1) changes no estimate; construct scores, when written, are
//! standardized with n - 1 (as R's scale(), seminr and SmartPLS).
//!
//! # Consistent PLS (PLSc; Dijkstra & Henseler 2015)
//! For each common-factor block (`=~` with `consistent`), ρA = (w'w)² · w'(S - diag S)w /
//! w'(ww' - diag ww')w; the construct correlations are divided by √(ρA_i ρA_j) and the paths
//! and R² estimated from them; loadings become w √ρA / (w'w). Composites (`<~`) and single
//! indicators keep ρA = 1 in the correction.
//!
//! # Quality criteria (Hair et al. 2022, *A Primer on PLS-SEM*, 3rd ed.)
//! Cronbach's α from the indicators' correlations; ρC = (Σλ)² / ((Σλ)² + Σ(1 - λ²)); AVE =
//! mean λ²; ρA as above (1 for Mode B and single indicators); HTMT (Henseler, Ringle &
//! Sarstedt 2015: mean absolute heterotrait correlation over the geometric mean of the two
//! mean monotrait correlations) and HTMT2 (Roemer, Schuberth & Henseler 2021: geometric
//! means instead of arithmetic ones; absolute correlations); indicator VIFs within each block
//! (diagonal of S_jj⁻¹) and inner VIFs of each endogenous construct's predictors (diagonal of
//! R_PP⁻¹, from the correlations the paths were estimated from); f² = (R²_incl - R²_excl) /
//! (1 - R²_incl) with the model re-estimated without the path (as SmartPLS and seminr);
//! total effects Σ_k B^k, total indirect = total - direct, and every specific indirect effect
//! (the product of the coefficients along one chain of two or more paths).

use super::pls_predict::{PredictSpec, draw_folds, predict};
use crate::estimate::regression::covariance::{cluster_groups, resample};
use crate::numeric::dist::{norm_quantile, norm_upper};
use crate::numeric::linalg::{inverse_spd, invert};
use crate::numeric::order::quantile7;
use crate::numeric::rng::Rng;
use crate::results::pls::{
    PlsBoot, PlsConstruct, PlsCrossLoading, PlsEffect, PlsOuter, PlsPair, PlsPath, PlsResult,
};
use crate::results::sem::SemBootstrap;
use ndarray::Array2;

/// Outer mode of a block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Mode {
    /// Reflective: correlation weights.
    A,
    /// Formative: regression weights.
    B,
}

/// The inner weighting scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Path weighting (SmartPLS's and seminr's default).
    #[default]
    Path,
    /// Factorial: correlations between adjacent constructs.
    Factorial,
    /// Centroid: signs of the correlations between adjacent constructs.
    Centroid,
}

/// One construct: its indicators (indices into the correlation matrix) and mode.
#[derive(Clone, Debug)]
pub struct Block {
    pub name: String,
    pub items: Vec<usize>,
    pub mode: Mode,
    /// A common factor (`=~`), corrected by PLSc when the model is consistent.
    pub common_factor: bool,
}

/// A PLS path model over `p` indicators.
#[derive(Clone, Debug)]
pub struct PlsSpec {
    pub blocks: Vec<Block>,
    /// Structural paths (from, to), indices into `blocks`.
    pub paths: Vec<(usize, usize)>,
    pub scheme: Scheme,
    pub consistent: bool,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlsError {
    #[error(
        "the weights of {0} cannot be computed: its indicators are perfectly collinear (a Mode B block needs indicators none of which is a linear combination of the others)"
    )]
    Collinear(String),
    #[error("the predictors of {0} are perfectly collinear: its path coefficients are not defined")]
    InnerCollinear(String),
    #[error("{0} has no variance in these rows")]
    Constant(String),
    #[error(
        "the structural model has a cycle through {0}: PLS path models must be recursive (no construct may predict itself through other constructs)"
    )]
    Cycle(String),
    #[error(
        "ρA of {0} is {1:.3}: consistent PLS cannot correct a construct whose indicators do not share positive correlation"
    )]
    RhoA(String, f64),
    #[error("repetition {rep}, fold {fold} of the cross-validation: {error}")]
    Fold {
        rep: usize,
        fold: usize,
        error: Box<PlsError>,
    },
    #[error(
        "the indicators of the exogenous constructs ({construct} …) are perfectly collinear in repetition {rep}, fold {fold} of the cross-validation: the linear benchmark is not defined"
    )]
    Benchmark {
        rep: usize,
        fold: usize,
        construct: String,
    },
}

impl PlsError {
    /// The construct the error is about.
    pub fn construct(&self) -> &str {
        match self {
            PlsError::Collinear(c)
            | PlsError::InnerCollinear(c)
            | PlsError::Constant(c)
            | PlsError::Cycle(c)
            | PlsError::RhoA(c, _)
            | PlsError::Benchmark { construct: c, .. } => c,
            PlsError::Fold { error, .. } => error.construct(),
        }
    }
}

/// The estimates of one fit.
#[derive(Clone, Debug)]
pub struct PlsFit {
    /// Outer weights per block, scaled so that each construct has unit variance.
    pub weights: Vec<Vec<f64>>,
    /// Outer loadings per block (PLSc-corrected for common factors when consistent).
    pub loadings: Vec<Vec<f64>>,
    /// The correlations the paths are estimated from (disattenuated under PLSc).
    pub cor: Array2<f64>,
    /// Path coefficients, in the order of the spec's paths.
    pub paths: Vec<f64>,
    /// R² per block (None for exogenous blocks).
    pub r2: Vec<Option<f64>>,
    /// ρA per block (1 for Mode B and single indicators).
    pub rho_a: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// Convergence: total absolute change of the weights.
pub const TOLERANCE: f64 = 1e-12;
/// At most this many rounds of the iteration.
pub const MAX_ITERATIONS: usize = 300;

fn sub(s: &Array2<f64>, a: &[usize], b: &[usize]) -> Array2<f64> {
    Array2::from_shape_fn((a.len(), b.len()), |(i, j)| s[[a[i], b[j]]])
}

fn quad(s: &Array2<f64>, a: &[usize], wa: &[f64], b: &[usize], wb: &[f64]) -> f64 {
    let mut t = 0.0;
    for (i, &ai) in a.iter().enumerate() {
        for (j, &bj) in b.iter().enumerate() {
            t += wa[i] * s[[ai, bj]] * wb[j];
        }
    }
    t
}

/// Solve R_PP β = R_Pj for the predictors P of a construct.
fn regress(r: &Array2<f64>, preds: &[usize], j: usize) -> Option<Vec<f64>> {
    let rpp = sub(r, preds, preds);
    let inv = inverse_spd(&rpp)?;
    let b: Vec<f64> = (0..preds.len())
        .map(|a| {
            (0..preds.len())
                .map(|c| inv[[a, c]] * r[[preds[c], j]])
                .sum()
        })
        .collect();
    b.iter().all(|x| x.is_finite()).then_some(b)
}

impl PlsSpec {
    /// The predecessors of each block.
    pub fn predecessors(&self) -> Vec<Vec<usize>> {
        let mut p = vec![Vec::new(); self.blocks.len()];
        for &(f, t) in &self.paths {
            p[t].push(f);
        }
        p
    }

    /// The cycle error, if the structural model has one.
    pub fn check_recursive(&self) -> Result<(), PlsError> {
        self.topological_order().map(|_| ())
    }

    /// The blocks in causal order (every construct after its predictors), or the cycle error.
    pub fn topological_order(&self) -> Result<Vec<usize>, PlsError> {
        let k = self.blocks.len();
        let mut indeg = vec![0usize; k];
        for &(_, t) in &self.paths {
            indeg[t] += 1;
        }
        let mut stack: Vec<usize> = (0..k).filter(|&i| indeg[i] == 0).collect();
        let mut order = Vec::with_capacity(k);
        while let Some(i) = stack.pop() {
            order.push(i);
            for &(f, t) in &self.paths {
                if f == i {
                    indeg[t] -= 1;
                    if indeg[t] == 0 {
                        stack.push(t);
                    }
                }
            }
        }
        if order.len() < k {
            let i = (0..k).find(|&i| indeg[i] > 0).unwrap_or(0);
            return Err(PlsError::Cycle(self.blocks[i].name.clone()));
        }
        Ok(order)
    }

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

    /// The same model without path `drop` (for f²).
    pub fn without(&self, drop: usize) -> PlsSpec {
        let mut m = self.clone();
        m.paths.remove(drop);
        m
    }

    /// The spec restricted to the blocks in some path (a model without the others is the
    /// same model), with the map old → new index.
    pub fn connected(&self) -> (PlsSpec, Vec<Option<usize>>) {
        let mut map = vec![None; self.blocks.len()];
        let mut blocks = Vec::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if self.paths.iter().any(|&(f, t)| f == i || t == i) {
                map[i] = Some(blocks.len());
                blocks.push(b.clone());
            }
        }
        let paths = self
            .paths
            .iter()
            .map(|&(f, t)| (map[f].unwrap_or(0), map[t].unwrap_or(0)))
            .collect();
        (
            PlsSpec {
                blocks,
                paths,
                scheme: self.scheme,
                consistent: self.consistent,
            },
            map,
        )
    }

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

/// Total effects T = Σ_{k≥1} B^k of a recursive model's coefficient matrix B (B[i][j]: i → j).
pub fn total_effects(b: &Array2<f64>) -> Array2<f64> {
    let mut total = b.clone();
    let mut power = b.clone();
    for _ in 1..b.nrows() {
        power = power.dot(b);
        if power.iter().all(|&x| x == 0.0) {
            break;
        }
        total += &power;
    }
    total
}

/// Every chain of two or more paths (a list of block indices, first to last), for specific
/// indirect effects; at most `cap` chains.
pub fn chains(k: usize, paths: &[(usize, usize)], cap: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    fn walk(
        at: usize,
        chain: &mut Vec<usize>,
        paths: &[(usize, usize)],
        out: &mut Vec<Vec<usize>>,
        cap: usize,
    ) {
        for &(f, t) in paths {
            if f == at && out.len() < cap {
                chain.push(t);
                if chain.len() >= 3 {
                    out.push(chain.clone());
                }
                walk(t, chain, paths, out, cap);
                chain.pop();
            }
        }
    }
    for start in 0..k {
        let mut chain = vec![start];
        walk(start, &mut chain, paths, &mut out, cap);
    }
    out
}

/// Correlation matrix of the columns of `x` over `rows` (all rows when None); None when a
/// column is constant there.
/// The correlations of the columns of `x` (in `rows`, or all); a missing value (NaN) takes
/// its column's mean over those rows (mean replacement); None when a column is constant.
pub fn correlation(x: &Array2<f64>, rows: Option<&[usize]>) -> Option<Array2<f64>> {
    let mut sel = match rows {
        Some(r) => x.select(ndarray::Axis(0), r),
        None => x.clone(),
    };
    mean_replace(&mut sel)?;
    let n = sel.nrows() as f64;
    let mean = sel.mean_axis(ndarray::Axis(0))?;
    let c = &sel - &mean;
    let mut s = c.t().dot(&c) / (n - 1.0);
    let sd: Vec<f64> = (0..s.nrows()).map(|i| s[[i, i]].sqrt()).collect();
    if sd.iter().any(|&v| !(v > 0.0)) {
        return None;
    }
    for ((i, j), v) in s.indexed_iter_mut() {
        *v /= sd[i] * sd[j];
    }
    Some(s)
}

/// Replace each missing value (NaN) by its column's mean over the observed values; None when
/// a column has none.
pub fn mean_replace(x: &mut Array2<f64>) -> Option<()> {
    for mut c in x.columns_mut() {
        if c.iter().all(|v| !v.is_nan()) {
            continue;
        }
        let (sum, n) = c
            .iter()
            .filter(|v| !v.is_nan())
            .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        if n == 0 {
            return None;
        }
        let m = sum / n as f64;
        c.iter_mut().filter(|v| v.is_nan()).for_each(|v| *v = m);
    }
    Some(())
}

/// What a PLS analysis asks beyond the model.
#[derive(Clone, Debug)]
pub struct PlsRun<'a> {
    pub name: String,
    /// Indicator names, in the order of the data's columns.
    pub items: &'a [String],
    pub spec: &'a PlsSpec,
    /// Rows × indicators: complete cases, or with missing answers (NaN) that every fit
    /// replaces by the means of its rows (mean replacement).
    pub data: &'a Array2<f64>,
    pub rows_read: usize,
    /// Cluster of each row (dense 0-based codes), resampled whole by the bootstrap.
    pub clusters: Option<&'a [usize]>,
    pub boot: usize,
    pub seed: u64,
    pub level: f64,
    /// PLSpredict (cross-validated prediction), when asked.
    pub predict: Option<PredictSpec>,
}

/// Total (i, j, T_ij) and total indirect effects, then each specific indirect effect.
fn effect_list(
    spec: &PlsSpec,
    fit: &PlsFit,
    chains: &[Vec<usize>],
) -> Vec<(String, Vec<usize>, f64)> {
    let k = spec.blocks.len();
    let mut b = Array2::<f64>::zeros((k, k));
    for (p, &(f, t)) in spec.paths.iter().enumerate() {
        b[[f, t]] = fit.paths[p];
    }
    let total = total_effects(&b);
    let direct = |i: usize, j: usize| spec.paths.iter().any(|&(f, t)| f == i && t == j);
    let indirect = |i: usize, j: usize| chains.iter().any(|c| c[0] == i && c[c.len() - 1] == j);
    let mut out = Vec::new();
    for i in 0..k {
        for j in 0..k {
            if direct(i, j) || indirect(i, j) {
                out.push(("total".to_string(), vec![i, j], total[[i, j]]));
            }
            if indirect(i, j) {
                out.push((
                    "total_indirect".to_string(),
                    vec![i, j],
                    total[[i, j]] - b[[i, j]],
                ));
            }
        }
    }
    for c in chains {
        let v = c.windows(2).map(|w| b[[w[0], w[1]]]).product::<f64>();
        out.push(("specific_indirect".to_string(), c.clone(), v));
    }
    out
}

/// The estimates the bootstrap summarizes, in the order of [`boot_slots`].
fn boot_values(spec: &PlsSpec, s: &Array2<f64>, fit: &PlsFit, chains: &[Vec<usize>]) -> Vec<f64> {
    let mut v: Vec<f64> = fit.weights.iter().flatten().copied().collect();
    v.extend(fit.loadings.iter().flatten());
    v.extend(&fit.paths);
    v.extend(fit.r2.iter().flatten());
    v.extend(effect_list(spec, fit, chains).iter().map(|e| e.2));
    let k = spec.blocks.len();
    for i in 0..k {
        for j in i + 1..k {
            v.push(htmt(s, &spec.blocks[i].items, &spec.blocks[j].items).0);
        }
    }
    v
}

/// The bootstrap summaries of a result, in the order of [`boot_values`].
fn boot_slots(r: &mut PlsResult) -> Vec<&mut Option<PlsBoot>> {
    let mut weights = Vec::new();
    let mut loadings = Vec::new();
    for o in r.outer.iter_mut() {
        weights.push(&mut o.weight_boot);
        loadings.push(&mut o.loading_boot);
    }
    let mut out = weights;
    out.extend(loadings);
    out.extend(r.paths.iter_mut().map(|p| &mut p.boot));
    out.extend(
        r.constructs
            .iter_mut()
            .filter(|c| c.r2.is_some())
            .map(|c| &mut c.r2_boot),
    );
    out.extend(r.effects.iter_mut().map(|e| &mut e.boot));
    out.extend(r.pairs.iter_mut().map(|p| &mut p.htmt_boot));
    out
}

/// Fit a PLS path model with its quality criteria and, when asked, the bootstrap.
pub fn run(run: &PlsRun) -> Result<PlsResult, PlsError> {
    let spec = run.spec;
    spec.check_recursive()?;
    let n = run.data.nrows();
    let names = |i: usize| spec.blocks[i].name.clone();
    let s = correlation(run.data, None).ok_or_else(|| {
        let j = (0..run.data.ncols())
            .find(|&j| {
                let c = run.data.column(j);
                c.iter().all(|&x| x == c[0])
            })
            .unwrap_or(0);
        PlsError::Constant(run.items[j].clone())
    })?;
    let fit = spec.fit(&s)?;
    let k = spec.blocks.len();
    let preds = spec.predecessors();
    let f2 = spec.f_squared(&s, &fit);
    let srmr = spec.srmr(&s, &fit);
    let chains = chains(k, &spec.paths, 10_000);
    let mut constructs = Vec::with_capacity(k);
    let mut outer = Vec::new();
    for (j, b) in spec.blocks.iter().enumerate() {
        let (rho_c, ave) = rho_c_ave(&fit.loadings[j]);
        let adj = fit.r2[j].map(|r2| {
            let q = preds[j].len() as f64;
            1.0 - (1.0 - r2) * (n as f64 - 1.0) / (n as f64 - q - 1.0)
        });
        constructs.push(PlsConstruct {
            name: b.name.clone(),
            mode: format!("{:?}", b.mode),
            common_factor: b.common_factor,
            items: b.items.iter().map(|&i| run.items[i].clone()).collect(),
            alpha: alpha(&s, &b.items),
            rho_a: fit.rho_a[j],
            rho_c,
            ave,
            r2: fit.r2[j],
            adj_r2: adj,
            r2_boot: None,
        });
        let vif = vifs(&s, &b.items).ok_or_else(|| PlsError::Collinear(b.name.clone()))?;
        for (m, &i) in b.items.iter().enumerate() {
            outer.push(PlsOuter {
                construct: b.name.clone(),
                item: run.items[i].clone(),
                weight: fit.weights[j][m],
                loading: fit.loadings[j][m],
                vif: vif[m],
                weight_boot: None,
                loading_boot: None,
            });
        }
    }
    // Inner VIFs, once per endogenous construct (none for a sole predictor).
    let mut inner_vif: Vec<Option<Vec<f64>>> = vec![None; k];
    for t in (0..k).filter(|&t| preds[t].len() > 1) {
        inner_vif[t] =
            Some(vifs(&fit.cor, &preds[t]).ok_or_else(|| PlsError::InnerCollinear(names(t)))?);
    }
    let mut paths = Vec::with_capacity(spec.paths.len());
    for (p, &(f, t)) in spec.paths.iter().enumerate() {
        let vif = inner_vif[t]
            .as_ref()
            .and_then(|v| preds[t].iter().position(|&x| x == f).map(|m| v[m]));
        paths.push(PlsPath {
            from: names(f),
            to: names(t),
            coefficient: fit.paths[p],
            f2: f2[p],
            vif,
            boot: None,
        });
    }
    let effects = effect_list(spec, &fit, &chains)
        .into_iter()
        .map(|(kind, c, v)| PlsEffect {
            kind,
            chain: c.iter().map(|&i| names(i)).collect(),
            estimate: v,
            boot: None,
        })
        .collect();
    let mut pairs = Vec::new();
    for i in 0..k {
        for j in i + 1..k {
            let (h, h2) = htmt(&s, &spec.blocks[i].items, &spec.blocks[j].items);
            pairs.push(PlsPair {
                a: names(i),
                b: names(j),
                htmt: h,
                htmt2: h2,
                correlation: fit.cor[[i, j]],
                htmt_boot: None,
            });
        }
    }
    let cross_loadings = spec
        .blocks
        .iter()
        .flat_map(|b| b.items.iter().map(move |&x| (b, x)))
        .map(|(b, x)| PlsCrossLoading {
            item: run.items[x].clone(),
            construct: b.name.clone(),
            values: spec
                .blocks
                .iter()
                .zip(&fit.weights)
                .map(|(c, w)| c.items.iter().zip(w).map(|(&y, wy)| s[[x, y]] * wy).sum())
                .collect(),
        })
        .collect();
    let mut notes = vec![
        "Indicators standardized (divisor n - 1; every estimate depends on their correlations only, so the divisor changes none)".to_string(),
    ];
    if !fit.converged {
        notes.push(format!(
            "The weights did not converge in {MAX_ITERATIONS} iterations: the estimates are not a PLS solution"
        ));
    }
    let mut r = PlsResult {
        name: run.name.clone(),
        nobs: n,
        rows_read: run.rows_read,
        scheme: format!("{:?}", spec.scheme).to_lowercase(),
        consistent: spec.consistent,
        iterations: fit.iterations,
        converged: fit.converged,
        constructs,
        outer,
        paths,
        effects,
        pairs,
        cross_loadings,
        srmr_saturated: srmr.0,
        srmr_estimated: srmr.1,
        conf_level: run.level,
        bootstrap: None,
        prediction: None,
        notes,
    };
    if run.boot > 0 {
        bootstrap(&mut r, run, &s, &fit, &chains);
    }
    if let Some(p) = &run.predict {
        let folds = draw_folds(n, p.folds, p.repetitions, run.seed);
        // Missing answers replaced over the whole sample first (as seminr's predict_pls).
        let mut filled = run.data.clone();
        mean_replace(&mut filled).ok_or_else(|| PlsError::Constant(run.items[0].clone()))?;
        let mut pr = predict(spec, &filled, run.items, &folds, p.technique)?;
        pr.seed = Some(run.seed);
        r.notes.push(format!(
            "PLSpredict: {}-fold cross-validation repeated {} times (rows shuffled anew each time, seed {}); {} predictions averaged over the repetitions; the linear benchmark regresses each indicator on the indicators of {}; Q²predict compares with the training folds' mean",
            p.folds,
            p.repetitions,
            run.seed,
            match p.technique {
                super::pls_predict::Technique::DA => "direct-antecedent (DA)",
                super::pls_predict::Technique::EA => "earliest-antecedent (EA)",
            },
            pr.benchmark_constructs.join(", ")
        ));
        r.prediction = Some(pr);
    }
    Ok(r)
}

/// The bootstrapped estimates of the model fitted to `rows`, or None when it fails.
fn refit(run: &PlsRun, rows: &[usize], chains: &[Vec<usize>]) -> Option<Vec<f64>> {
    let s = correlation(run.data, Some(rows))?;
    let f = run.spec.fit(&s).ok()?;
    let v = boot_values(run.spec, &s, &f, chains);
    v.iter().all(|x| x.is_finite()).then_some(v)
}

/// BCa acceleration from jackknife estimates θ_(i) (Efron 1987; boot's empinf type "jack"):
/// L_i = (m - 1)(θ̄ - θ_(i)), a = Σ L³ / (6 (Σ L²)^1.5); 0 when the estimates do not vary.
pub fn acceleration(jack: &[f64]) -> f64 {
    let m = jack.len() as f64;
    if jack.len() < 2 {
        return 0.0;
    }
    let mean = jack.iter().sum::<f64>() / m;
    let l: Vec<f64> = jack.iter().map(|t| (m - 1.0) * (mean - t)).collect();
    let s2: f64 = l.iter().map(|x| x * x).sum();
    if !(s2 > 1e-300) {
        return 0.0;
    }
    l.iter().map(|x| x * x * x).sum::<f64>() / (6.0 * s2.powf(1.5))
}

/// The probabilities of the BCa bounds: with z0 = Φ⁻¹(share of resamples below the
/// estimate), α_j = Φ(z0 + (z0 + z_j) / (1 - a (z0 + z_j))) for z_j = Φ⁻¹(α/2), Φ⁻¹(1-α/2).
/// With every resample on one side z0 is infinite and the bounds go to that extreme.
pub fn bca_levels(below: f64, a: f64, alpha: f64) -> (f64, f64) {
    let z0 = norm_quantile(below);
    let level = |z: f64| {
        let w = z0 + z;
        let p = norm_upper(-(z0 + w / (1.0 - a * w)));
        if p.is_nan() { below } else { p }
    };
    (
        level(norm_quantile(alpha / 2.0)),
        level(norm_quantile(1.0 - alpha / 2.0)),
    )
}

fn bootstrap(
    r: &mut PlsResult,
    run: &PlsRun,
    s: &Array2<f64>,
    fit: &PlsFit,
    chains: &[Vec<usize>],
) {
    let original = boot_values(run.spec, s, fit, chains);
    let n = run.data.nrows();
    let groups = run.clusters.map(cluster_groups);
    let mut rng = Rng::new(run.seed);
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(run.boot); original.len()];
    let mut failed = 0;
    for _ in 0..run.boot {
        let rows = resample(&mut rng, groups.as_deref(), n);
        match refit(run, &rows, chains) {
            Some(v) if v.len() == original.len() => {
                for (d, x) in draws.iter_mut().zip(v) {
                    d.push(x);
                }
            }
            _ => failed += 1,
        }
    }
    // The jackknife (leave one row, or one cluster, out) for the BCa acceleration.
    let units: Vec<Vec<usize>> = match &groups {
        Some(g) => g.clone(),
        None => (0..n).map(|i| vec![i]).collect(),
    };
    let mut jack: Vec<Vec<f64>> = vec![Vec::with_capacity(units.len()); original.len()];
    let mut left_out = vec![false; n];
    for u in &units {
        u.iter().for_each(|&i| left_out[i] = true);
        let rows: Vec<usize> = (0..n).filter(|&i| !left_out[i]).collect();
        u.iter().for_each(|&i| left_out[i] = false);
        if let Some(v) = refit(run, &rows, chains).filter(|v| v.len() == original.len()) {
            for (j, x) in jack.iter_mut().zip(v) {
                j.push(x);
            }
        }
    }
    let alpha = 1.0 - run.level;
    for (((slot, d), est), jk) in boot_slots(r)
        .into_iter()
        .zip(draws.iter_mut())
        .zip(&original)
        .zip(&jack)
    {
        if d.len() < 2 {
            continue;
        }
        let b = d.len() as f64;
        let mean = d.iter().sum::<f64>() / b;
        let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (b - 1.0)).sqrt();
        d.sort_by(f64::total_cmp);
        let a = acceleration(jk);
        let below = d.iter().filter(|&&x| x < *est).count() as f64 / b;
        let (lo, hi) = bca_levels(below, a, alpha);
        *slot = Some(PlsBoot {
            mean,
            sd,
            t: est / sd,
            low: quantile7(d, alpha / 2.0),
            high: quantile7(d, 1.0 - alpha / 2.0),
            upper95: quantile7(d, 0.95),
            bca_low: quantile7(d, lo),
            bca_high: quantile7(d, hi),
            acceleration: a,
        });
    }
    r.bootstrap = Some(SemBootstrap {
        samples: run.boot,
        failed,
        clusters: groups.as_ref().map(Vec::len),
        seed: run.seed,
    });
    r.notes.push(if run.clusters.is_some() {
        format!(
            "Bootstrap: {} resamples of whole clusters, percentile and BCa intervals (BCa acceleration from the leave-one-cluster-out jackknife), no sign correction (each resample's estimates as they come, as SmartPLS and seminr); t = estimate / bootstrap SD",
            run.boot
        )
    } else {
        format!(
            "Bootstrap: {} resamples of rows, percentile and BCa intervals (BCa acceleration from the leave-one-out jackknife), no sign correction (each resample's estimates as they come, as SmartPLS and seminr); t = estimate / bootstrap SD",
            run.boot
        )
    });
}
