//! Covariance estimators of OLS coefficients: classical, the HC family and cluster-robust CR1.
//!
//! # Formula
//! With bread B ((X'X)^-1 = B B'), U = X B, residuals e and leverages h_i = ||u_i||^2:
//! - classical: s^2 (X'X)^-1, s^2 = e'e / (n - k)
//! - HC0..HC3 (R `sandwich::vcovHC`): B (sum_i w_i e_i^2 u_i u_i') B' with
//!   w = 1 (HC0), n/(n-k) (HC1), 1/(1-h_i) (HC2), 1/(1-h_i)^2 (HC3)
//! - CR1 (Stata `vce(cluster)`, R `sandwich::vcovCL(type = "HC1")`):
//!   c B (sum_g s_g s_g') B' with s_g = sum_{i in g} e_i u_i and
//!   c = G/(G-1) * (N-1)/(N-K); t tests on G-1 degrees of freedom.

use super::lsq::LsqSolution;
use ndarray::{Array1, Array2};

/// The covariance estimator of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CovType {
    Classical,
    Hc0,
    Hc1,
    Hc2,
    Hc3,
    Cluster,
}

impl CovType {
    /// All names accepted in study files and on the command line.
    pub const NAMES: &'static [&'static str] =
        &["classical", "hc0", "hc1", "hc2", "hc3", "cluster"];

    pub fn parse(s: &str) -> Option<CovType> {
        Some(match s.to_ascii_lowercase().as_str() {
            "classical" | "const" | "ols" => CovType::Classical,
            "hc0" => CovType::Hc0,
            "hc1" => CovType::Hc1,
            "hc2" => CovType::Hc2,
            "hc3" => CovType::Hc3,
            "cluster" | "cr1" => CovType::Cluster,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            CovType::Classical => "classical",
            CovType::Hc0 => "hc0",
            CovType::Hc1 => "hc1",
            CovType::Hc2 => "hc2",
            CovType::Hc3 => "hc3",
            CovType::Cluster => "cluster",
        }
    }
}

/// A covariance matrix with the facts printed under every table.
#[derive(Clone, Debug)]
pub struct Covariance {
    pub kind: CovType,
    /// p x p, NaN rows/columns for aliased terms.
    pub matrix: Array2<f64>,
    /// Small-sample factor applied (1 where none).
    pub factor: f64,
    /// Degrees of freedom for t tests and intervals.
    pub df: f64,
    pub clusters: Option<usize>,
}

/// Errors of the covariance estimators.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CovError {
    #[error("cluster-robust standard errors need a cluster variable")]
    NoClusters,
    #[error("cluster-robust standard errors need at least 2 clusters; the sample has {0}")]
    TooFewClusters(usize),
    #[error(
        "{kind} is undefined: observation {row} has leverage 1 (it alone determines a coefficient)"
    )]
    LeverageOne { kind: &'static str, row: usize },
    #[error("no residual degrees of freedom (n = {n}, rank = {rank})")]
    NoResidualDf { n: usize, rank: usize },
}

/// Compute the covariance of `sol`'s coefficients. `clusters[i]` is the cluster code (0..G)
/// of observation i, required for `CovType::Cluster`.
pub fn covariance(
    sol: &LsqSolution,
    kind: CovType,
    clusters: Option<&[usize]>,
) -> Result<Covariance, CovError> {
    let n = sol.resid.len();
    let k = sol.rank();
    if n <= k {
        return Err(CovError::NoResidualDf { n, rank: k });
    }
    let nf = n as f64;
    let kf = k as f64;
    let e = &sol.resid;
    let (meat, factor, df, g) = match kind {
        CovType::Classical => {
            let s2 = sol.sse / (nf - kf);
            (
                Array2::from_diag(&Array1::from_elem(k, s2)),
                1.0,
                nf - kf,
                None,
            )
        }
        CovType::Hc0 | CovType::Hc1 | CovType::Hc2 | CovType::Hc3 => {
            let h = sol.leverage();
            let mut w = Array1::<f64>::zeros(n);
            for i in 0..n {
                let one_minus_h = 1.0 - h[i];
                if matches!(kind, CovType::Hc2 | CovType::Hc3) && one_minus_h <= 1e-10 {
                    return Err(CovError::LeverageOne {
                        kind: kind.name(),
                        row: i,
                    });
                }
                w[i] = e[i]
                    * e[i]
                    * match kind {
                        CovType::Hc2 => 1.0 / one_minus_h,
                        CovType::Hc3 => 1.0 / (one_minus_h * one_minus_h),
                        _ => 1.0,
                    };
            }
            let factor = if kind == CovType::Hc1 {
                nf / (nf - kf)
            } else {
                1.0
            };
            let mut m = Array2::<f64>::zeros((k, k));
            for (i, ui) in sol.u.rows().into_iter().enumerate() {
                let wi = w[i];
                for a in 0..k {
                    let wa = wi * ui[a];
                    for b in 0..=a {
                        m[[a, b]] += wa * ui[b];
                    }
                }
            }
            for a in 0..k {
                for b in 0..a {
                    m[[b, a]] = m[[a, b]];
                }
            }
            (m * factor, factor, nf - kf, None)
        }
        CovType::Cluster => {
            let cl = clusters.ok_or(CovError::NoClusters)?;
            let gcount = cl.iter().copied().max().map_or(0, |m| m + 1);
            let mut present = vec![false; gcount];
            for &c in cl {
                present[c] = true;
            }
            let gn = present.iter().filter(|&&p| p).count();
            if gn < 2 {
                return Err(CovError::TooFewClusters(gn));
            }
            let mut s = Array2::<f64>::zeros((gcount, k));
            for (i, ui) in sol.u.rows().into_iter().enumerate() {
                let mut row = s.row_mut(cl[i]);
                row.scaled_add(e[i], &ui);
            }
            let m = s.t().dot(&s);
            let gf = gn as f64;
            let factor = gf / (gf - 1.0) * (nf - 1.0) / (nf - kf);
            (m * factor, factor, gf - 1.0, Some(gn))
        }
    };
    let kept_bread = sol.bread.view();
    let mut v = kept_bread.dot(&meat).dot(&kept_bread.t());
    symmetrize(&mut v);
    for (j, &a) in sol.aliased.iter().enumerate() {
        if a {
            v.row_mut(j).fill(f64::NAN);
            v.column_mut(j).fill(f64::NAN);
        }
    }
    Ok(Covariance {
        kind,
        matrix: v,
        factor,
        df,
        clusters: g,
    })
}

fn symmetrize(m: &mut Array2<f64>) {
    let k = m.nrows();
    for a in 0..k {
        for b in 0..a {
            let v = 0.5 * (m[[a, b]] + m[[b, a]]);
            m[[a, b]] = v;
            m[[b, a]] = v;
        }
    }
}
