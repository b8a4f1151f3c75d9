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
//!
//! # Files
//! The iteration is in `fit`; `quality` holds the quality criteria, `effects` the total and
//! indirect effects, `boot` the bootstrap with BCa intervals, and `analysis` assembles a result.

mod analysis;
mod boot;
mod effects;
mod fit;
mod quality;

pub use analysis::run;
pub use boot::{acceleration, bca_levels};
pub use effects::{chains, total_effects};
pub use quality::{alpha, htmt, rho_c_ave, vifs};

use super::pls_predict::PredictSpec;
use crate::numeric::linalg::inverse_spd;
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
