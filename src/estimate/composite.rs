//! Composite evaluation indices of centers: each component normalised across the centers,
//! the components weighted (weights given by the office, equal, or derived from the data by
//! the entropy weight method, CRITIC or the first principal component) and summed, then
//! bonus points added and deduction points subtracted. The index's uncertainty comes from
//! resampling respondents within centers; its sensitivity to the weights from random weights
//! around the chosen ones (both in `uncertainty`).
//!
//! # Formulas
//! Centers i = 1..n, components j = 1..m, x_ij the center's value (for a respondent-level
//! component, the mean of its respondents' answers).
//! - **min-max**: s_ij = (x_ij − min_i x_ij) / (max_i x_ij − min_i x_ij), or
//!   (max − x_ij) / (max − min) when lower is better; 0..1.
//! - **z-score**: s_ij = ±(x_ij − x̄_j) / sd_j (sd with n − 1; − when lower is better).
//! - **target** (fixed goalposts, as the UNDP's Human Development Index): s_ij =
//!   (x_ij − floor_j) / (target_j − floor_j), clamped to 0..1; a floor above the target is a
//!   component where lower is better.
//! - **entropy** (熵权法; Zeleny 1982, Hwang & Yoon 1981 §2.3): on the min-max matrix r_ij,
//!   p_ij = r_ij / Σ_i r_ij, e_j = −(1 / ln n) Σ_i p_ij ln p_ij (0 ln 0 = 0), d_j = 1 − e_j,
//!   w_j = d_j / Σ_k d_k.
//! - **CRITIC** (Diakoulaki, Mavrotas & Papayannakis 1995): on the min-max matrix, σ_j the
//!   standard deviation of column j and ρ_jk the Pearson correlations, C_j = σ_j Σ_k (1 − ρ_jk),
//!   w_j = C_j / Σ_k C_k.
//! - **first principal component** (OECD/JRC 2008 Handbook on Constructing Composite
//!   Indicators, §6.1: squared loadings scaled to unit sum): v the leading eigenvector of the
//!   components' correlation matrix, w_j = v_j².
//! - The index: I_i = P Σ_j w_j s_ij + bonus_i − deductions_i, P the points of a full score
//!   (100 by default; 1 and no points for z-scores, whose index is in SD units).

mod uncertainty;

pub use uncertainty::{Evaluation, Uncertainty, WeightSensitivity, evaluate};

use crate::numeric::linalg::eigen_sym;
use ndarray::Array2;

/// How each component is put on a common scale across the centers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Normalization {
    /// (x − min) / (max − min) across the centers: 0 for the lowest, 1 for the highest.
    #[value(name = "min-max", alias = "minmax", alias = "range")]
    MinMax,
    /// (x − mean) / SD across the centers.
    #[value(name = "z-score", alias = "zscore", alias = "standardize")]
    ZScore,
    /// Against fixed goalposts: (x − floor) / (target − floor), clamped to 0..1.
    #[value(name = "target", alias = "goalposts")]
    Target,
}

/// Where the components' weights come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WeightMethod {
    /// Each component's `weight`, as the office sets them (scaled to sum to 1).
    #[value(name = "given")]
    Given,
    /// 1/m each.
    #[value(name = "equal")]
    Equal,
    /// The entropy weight method (熵权法): more weight where the centers differ more.
    #[value(name = "entropy")]
    Entropy,
    /// CRITIC: contrast (SD) times conflict (1 − correlation) with the other components.
    #[value(name = "critic")]
    Critic,
    /// Squared loadings of the first principal component of the components' correlations.
    #[value(name = "pca", alias = "principal-component")]
    Pca,
}

impl Normalization {
    /// The name as written in a study file.
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map_or_else(String::new, |p| p.get_name().to_string())
    }
}

impl WeightMethod {
    /// The name as written in a study file.
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map_or_else(String::new, |p| p.get_name().to_string())
    }
}

/// One component of an index.
#[derive(Clone, Debug, PartialEq)]
pub struct ComponentSpec {
    /// A mean of the center's respondents (resampled) rather than a value of the center's own.
    pub respondent_level: bool,
    pub lower_is_better: bool,
    /// Floor and target (for `Normalization::Target`).
    pub goalposts: Option<(f64, f64)>,
    /// The office's weight (for `WeightMethod::Given`).
    pub weight: Option<f64>,
}

/// A checked index definition.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexSpec {
    pub normalization: Normalization,
    pub weights: WeightMethod,
    /// Points of a full score (min-max and target).
    pub points: f64,
    pub components: Vec<ComponentSpec>,
}

impl IndexSpec {
    /// The factor the weighted sum is multiplied by: the points of a full score, or 1 for
    /// z-scores.
    fn scale(&self) -> f64 {
        match self.normalization {
            Normalization::ZScore => 1.0,
            _ => self.points,
        }
    }
}

/// What the index needs of one center: its respondents' values on the respondent-level
/// components (one row each, m values, NaN where missing or where the component is
/// center-level), its own values (m, NaN for the respondent-level ones), and its bonus minus
/// deduction points.
#[derive(Clone, Debug)]
pub struct CenterInput {
    pub respondents: Vec<Vec<f64>>,
    pub own: Vec<f64>,
    pub points: f64,
}

/// The index at one data set: the centers' component values x_ij, normalised s_ij, the
/// weights and the index; with first-principal-component weights, the component's loadings
/// and the share of variance it explains.
#[derive(Clone, Debug)]
pub struct IndexPoint {
    pub values: Vec<Vec<f64>>,
    pub normalized: Vec<Vec<f64>>,
    pub weights: Vec<f64>,
    pub index: Vec<f64>,
    pub pca: Option<(Vec<f64>, f64)>,
}

/// Center means of the respondent-level components, own values of the others. Row i is
/// center i. A mean with no answers is NaN.
fn values(centers: &[CenterInput], spec: &IndexSpec) -> Vec<Vec<f64>> {
    centers
        .iter()
        .map(|c| {
            spec.components
                .iter()
                .enumerate()
                .map(|(j, comp)| {
                    if comp.respondent_level {
                        mean_of(c.respondents.iter().map(|r| r[j]))
                    } else {
                        c.own[j]
                    }
                })
                .collect()
        })
        .collect()
}

/// Mean of the values that are not NaN; NaN when there are none.
fn mean_of(v: impl Iterator<Item = f64>) -> f64 {
    let (s, n) = v
        .filter(|x| !x.is_nan())
        .fold((0.0, 0.0), |(s, n), x| (s + x, n + 1.0));
    if n > 0.0 { s / n } else { f64::NAN }
}

/// Mean and SD (n − 1) of a column.
fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let ss = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>();
    (
        m,
        if n > 1.0 {
            (ss / (n - 1.0)).sqrt()
        } else {
            0.0
        },
    )
}

/// Min-max normalisation of one column, oriented so that 1 is best; all 0 when the column
/// is constant.
pub fn min_max(x: &[f64], lower_is_better: bool) -> Vec<f64> {
    let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let range = hi - lo;
    x.iter()
        .map(|&v| {
            if range <= 0.0 {
                0.0
            } else if lower_is_better {
                (hi - v) / range
            } else {
                (v - lo) / range
            }
        })
        .collect()
}

/// One column normalised as the index asks.
pub fn normalize(x: &[f64], c: &ComponentSpec, method: Normalization) -> Vec<f64> {
    match method {
        Normalization::MinMax => min_max(x, c.lower_is_better),
        Normalization::ZScore => {
            let (m, sd) = mean_sd(x);
            let sign = if c.lower_is_better { -1.0 } else { 1.0 };
            x.iter()
                .map(|&v| if sd > 0.0 { sign * (v - m) / sd } else { 0.0 })
                .collect()
        }
        Normalization::Target => {
            let (floor, target) = c.goalposts.expect("validated: target needs goalposts");
            x.iter()
                .map(|&v| ((v - floor) / (target - floor)).clamp(0.0, 1.0))
                .collect()
        }
    }
}

/// Weights scaled to sum to 1; equal weights when they sum to 0 (no column carries any
/// information).
fn unit_sum(w: Vec<f64>) -> Vec<f64> {
    let s: f64 = w.iter().sum();
    if s > 0.0 {
        w.into_iter().map(|v| v / s).collect()
    } else {
        vec![1.0 / w.len() as f64; w.len()]
    }
}

/// Entropy weights of a non-negative matrix (rows the centers), by the formula in the
/// module docs. A column of zeros carries no information (e = 1).
pub fn entropy_weights(r: &Array2<f64>) -> Vec<f64> {
    let (n, m) = r.dim();
    let k = 1.0 / (n as f64).ln();
    let d = (0..m)
        .map(|j| {
            let col = r.column(j);
            let s: f64 = col.sum();
            if s <= 0.0 {
                return 0.0;
            }
            let e = -k
                * col
                    .iter()
                    .map(|&v| {
                        let p = v / s;
                        if p > 0.0 { p * p.ln() } else { 0.0 }
                    })
                    .sum::<f64>();
            1.0 - e
        })
        .collect();
    unit_sum(d)
}

/// Pearson correlation matrix of the columns (0 off the diagonal for a constant column).
fn correlations(r: &Array2<f64>) -> (Array2<f64>, Vec<f64>) {
    let (n, m) = r.dim();
    let stats: Vec<(f64, f64)> = (0..m).map(|j| mean_sd(&r.column(j).to_vec())).collect();
    let c = Array2::from_shape_fn((m, m), |(a, b)| {
        if a == b {
            return 1.0;
        }
        let (ma, sa) = stats[a];
        let (mb, sb) = stats[b];
        if sa == 0.0 || sb == 0.0 {
            return 0.0;
        }
        let cov = (0..n)
            .map(|i| (r[[i, a]] - ma) * (r[[i, b]] - mb))
            .sum::<f64>()
            / (n as f64 - 1.0);
        cov / (sa * sb)
    });
    (c, stats.into_iter().map(|(_, s)| s).collect())
}

/// CRITIC weights of a matrix (rows the centers), by the formula in the module docs.
pub fn critic_weights(r: &Array2<f64>) -> Vec<f64> {
    let (rho, sd) = correlations(r);
    let m = sd.len();
    unit_sum(
        (0..m)
            .map(|j| sd[j] * (0..m).map(|k| 1.0 - rho[[j, k]]).sum::<f64>())
            .collect(),
    )
}

/// First-principal-component weights: the squared leading eigenvector of the columns'
/// correlation matrix, with the component's loadings (signed so that they sum to a positive
/// number) and the share of the variance it explains.
pub fn pca_weights(r: &Array2<f64>) -> (Vec<f64>, Vec<f64>, f64) {
    let (rho, _) = correlations(r);
    let m = rho.nrows();
    match eigen_sym(&rho) {
        Some((values, vectors)) => {
            let v: Vec<f64> = vectors.column(0).to_vec();
            let sign = if v.iter().sum::<f64>() < 0.0 {
                -1.0
            } else {
                1.0
            };
            let lam = values[0].max(0.0);
            let loadings = v.iter().map(|x| sign * x * lam.sqrt()).collect();
            (
                unit_sum(v.iter().map(|x| x * x).collect()),
                loadings,
                lam / m as f64,
            )
        }
        None => (vec![1.0 / m as f64; m], vec![f64::NAN; m], f64::NAN),
    }
}

/// The weights of an index at a matrix of values (rows the centers), and with PCA weights
/// the loadings and share of the first component.
type Weights = (Vec<f64>, Option<(Vec<f64>, f64)>);

fn weights_at(values: &[Vec<f64>], spec: &IndexSpec) -> Weights {
    let m = spec.components.len();
    let n = values.len();
    let minmax = || {
        let mut r = Array2::zeros((n, m));
        for (j, c) in spec.components.iter().enumerate() {
            let col: Vec<f64> = values.iter().map(|row| row[j]).collect();
            for (i, v) in min_max(&col, c.lower_is_better).into_iter().enumerate() {
                r[[i, j]] = v;
            }
        }
        r
    };
    match spec.weights {
        WeightMethod::Given => (
            unit_sum(
                spec.components
                    .iter()
                    .map(|c| c.weight.expect("validated: given weights"))
                    .collect(),
            ),
            None,
        ),
        WeightMethod::Equal => (vec![1.0 / m as f64; m], None),
        WeightMethod::Entropy => (entropy_weights(&minmax()), None),
        WeightMethod::Critic => (critic_weights(&minmax()), None),
        WeightMethod::Pca => {
            let (w, loadings, share) = pca_weights(&minmax());
            (w, Some((loadings, share)))
        }
    }
}

/// Normalised matrix of an index (rows the centers).
fn normalized_at(values: &[Vec<f64>], spec: &IndexSpec) -> Vec<Vec<f64>> {
    let n = values.len();
    let mut s = vec![vec![0.0; spec.components.len()]; n];
    for (j, c) in spec.components.iter().enumerate() {
        let col: Vec<f64> = values.iter().map(|row| row[j]).collect();
        for (i, v) in normalize(&col, c, spec.normalization)
            .into_iter()
            .enumerate()
        {
            s[i][j] = v;
        }
    }
    s
}

/// The index of each center at normalised values `s`, weights `w` and points.
fn index_of(s: &[Vec<f64>], w: &[f64], scale: f64, points: &[f64]) -> Vec<f64> {
    s.iter()
        .zip(points)
        .map(|(row, p)| scale * row.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() + p)
        .collect()
}

/// The index at the centers' data (every center must have every component's value).
pub fn point(centers: &[CenterInput], spec: &IndexSpec) -> IndexPoint {
    let values = values(centers, spec);
    at_values(values, centers, spec)
}

fn at_values(values: Vec<Vec<f64>>, centers: &[CenterInput], spec: &IndexSpec) -> IndexPoint {
    let normalized = normalized_at(&values, spec);
    let (weights, pca) = weights_at(&values, spec);
    let points: Vec<f64> = centers.iter().map(|c| c.points).collect();
    let index = index_of(&normalized, &weights, spec.scale(), &points);
    IndexPoint {
        values,
        normalized,
        weights,
        index,
        pca,
    }
}

#[cfg(test)]
mod tests;
