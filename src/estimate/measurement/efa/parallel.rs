//! Parallel analysis (Horn 1965): eigenvalues of random correlation matrices drawn from
//! the Wishart distribution by Bartlett's decomposition, seeded.

use crate::numeric::linalg::eigenvalues_sym;
use ndarray::Array2;

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
    // The draws in order from one stream, then each sample's eigenvalues on the machine's
    // cores (the same numbers whatever the number of cores), a block of samples at a time so
    // that memory stays that of one block.
    const BLOCK: usize = 256;
    let mut rng = crate::numeric::Rng::new(seed);
    let mut all: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); p];
    for start in (0..reps).step_by(BLOCK) {
        let draws: Vec<Array2<f64>> = (start..reps.min(start + BLOCK))
            .map(|_| {
                let mut a = Array2::<f64>::zeros((p, p));
                for i in 0..p {
                    a[[i, i]] = chi_square(&mut rng, (n - 1 - i) as f64).sqrt();
                    for j in 0..i {
                        a[[i, j]] = rng.normal();
                    }
                }
                a
            })
            .collect();
        let eigenvalues = crate::numeric::parallel::map(&draws, |a| {
            let w = a.dot(&a.t());
            let r =
                Array2::from_shape_fn((p, p), |(i, j)| w[[i, j]] / (w[[i, i]] * w[[j, j]]).sqrt());
            eigenvalues_sym(&r)
        });
        for vals in eigenvalues.into_iter().flatten() {
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
pub(super) fn chi_square(rng: &mut crate::numeric::Rng, k: f64) -> f64 {
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
