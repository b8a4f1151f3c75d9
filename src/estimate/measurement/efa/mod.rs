//! Exploratory factor analysis of a correlation matrix: extraction by principal components
//! or principal axis factoring, rotation by varimax, promax or oblimin, and the number of
//! factors by Kaiser's rule or a seeded parallel analysis.
//!
//! Each procedure follows the R function named in its docs step by step — including its
//! start, its iteration and its stopping rule — because iterative procedures stopped at a
//! tolerance (varimax stops at a relative change of 1e-5) agree with R to 1e-6 only when they
//! take the same steps.

mod extraction;
mod parallel;
mod rotation;

pub use extraction::{Extracted, Extraction, extract};
pub use parallel::parallel_analysis;
pub use rotation::{Rotated, Rotation, oblimin, promax, sort_factors, varimax};

use crate::numeric::linalg::{eigen_sym, inverse_spd};
use crate::numeric::moments::CrossProducts;
use ndarray::{Array2, Axis};

/// Squared multiple correlations 1 - 1/diag(R⁻¹) (psych::smc).
pub fn smc(r: &Array2<f64>) -> Option<Vec<f64>> {
    let q = inverse_spd(r)?;
    Some((0..r.nrows()).map(|i| 1.0 - 1.0 / q[[i, i]]).collect())
}

/// Pearson correlation matrix of the columns of x (complete data).
pub fn correlation(x: &Array2<f64>) -> Array2<f64> {
    let (n, p) = x.dim();
    // No rows: every correlation is undefined (NaN), not a panic.
    let means = x
        .mean_axis(Axis(0))
        .unwrap_or_else(|| ndarray::Array1::from_elem(p, f64::NAN));
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
/// `complete`: the items' moments over their complete cases when already at hand (listwise).
pub fn correlation_with(
    columns: &[&[f64]],
    missing: Missing,
    complete: Option<&CrossProducts>,
) -> Result<(Array2<f64>, usize), String> {
    let p = columns.len();
    let n_all = columns.first().map_or(0, |c| c.len());
    match missing {
        Missing::Listwise => {
            let own;
            let m = match complete {
                Some(m) => m,
                None => {
                    own = crate::numeric::moments::complete_cases(columns);
                    &own
                }
            };
            if m.n <= p {
                return Err(format!(
                    "{} complete cases are too few for {p} items (try missing = \"pairwise\")",
                    m.n
                ));
            }
            Ok((m.correlation(), m.n))
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
                    let (v, n) = crate::estimate::describe::pearson(columns[a], columns[b]);
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
    efa_with(names, columns, o, None)
}

/// [`efa`], given the items' moments over their complete cases when a study has them already
/// (they serve KMO and the CFA too); used under listwise deletion.
pub fn efa_with(
    names: &[String],
    columns: &[&[f64]],
    o: &EfaOptions,
    complete: Option<&CrossProducts>,
) -> Result<crate::results::measurement::EfaReport, String> {
    use crate::results::measurement::{EfaReport, ParallelAnalysis};
    let p = columns.len();
    if p < 3 {
        return Err(format!("factor analysis needs at least 3 items; {p} given"));
    }
    let (r, n) = correlation_with(columns, o.missing, complete)?;
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

#[cfg(test)]
mod tests {
    use super::parallel::chi_square;
    use super::*;
    use crate::numeric::linalg::eigen_sym;

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
