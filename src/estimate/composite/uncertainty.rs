//! The uncertainty of a composite index: resampling respondents within centers for intervals
//! of the index, the weights and the ranks, and random weights for its sensitivity.

use super::{CenterInput, IndexPoint, IndexSpec, at_values, index_of, point, unit_sum};
use crate::estimate::multilevel::league::{RankCounter, point_ranks};
use crate::numeric::Rng;
use crate::results::multilevel::RankSummary;

/// How many resamples and random weightings, at what level and seed.
#[derive(Clone, Copy, Debug)]
pub struct Uncertainty {
    pub resamples: usize,
    pub weight_draws: usize,
    /// Each weight is multiplied by a uniform factor on 1 ± spread before rescaling.
    pub spread: f64,
    pub level: f64,
    pub seed: u64,
}

/// A center's index under random weights: the share of draws its rank stays in the third
/// of the table its rank puts it in, and the range of its ranks.
#[derive(Clone, Debug, PartialEq)]
pub struct WeightSensitivity {
    pub stays_in_third: Option<f64>,
    pub rank_low: usize,
    pub rank_high: usize,
}

/// The index with its uncertainty.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub point: IndexPoint,
    /// Percentile interval of each center's index over the resamples.
    pub index_interval: Vec<(f64, f64)>,
    /// Percentile interval of each weight over the resamples (equal to the weight when it
    /// does not depend on the data).
    pub weight_interval: Vec<(f64, f64)>,
    pub ranks: Vec<RankSummary>,
    pub sensitivity: Vec<WeightSensitivity>,
}

/// Equal-tailed percentile interval of a sample (sorted in place): the order statistics at
/// ⌈q B⌉ (type 1 quantiles, as `boot`'s percentile interval up to interpolation).
fn percentile(v: &mut [f64], level: f64) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let b = v.len();
    let q = |p: f64| {
        let k = ((p * b as f64).ceil() as usize).clamp(1, b);
        v[k - 1]
    };
    let tail = (1.0 - level) / 2.0;
    (q(tail), q(1.0 - tail))
}

/// The third of a table of g a rank lies in: 0 top (rank ≤ g/3), 2 bottom (> g − g/3), 1
/// middle.
fn third(rank: usize, g: usize) -> u8 {
    if rank <= g / 3 {
        0
    } else if rank > g - g / 3 {
        2
    } else {
        1
    }
}

/// Resamples drawn in sequence from one stream of the seed (see [`evaluate`]).
const RESAMPLE_BLOCK: usize = 25;

/// The index, its resampling uncertainty and its sensitivity to the weights.
///
/// # Method
/// Each resample draws, within every center, as many respondents as it has with
/// replacement, recomputes the center means of the respondent-level components (the
/// center's own values stay: they are records, not samples), and then everything that
/// depends on them — the normalisation across centers, data-derived weights, the index and
/// its ranks. A resample in which none of a center's drawn respondents answered a component
/// keeps the center's observed mean on it. The sensitivity draws keep the data and multiply
/// each weight by an independent uniform factor on 1 ± spread, rescaled to sum to 1.
/// Resamples come in blocks of 25, each block drawn from its own stream of the seed
/// (`Rng::stream`), so that the blocks can be shared among cores and the numbers stay the
/// same however many there are.
pub fn evaluate(centers: &[CenterInput], spec: &IndexSpec, u: &Uncertainty) -> Evaluation {
    let g = centers.len();
    let m = spec.components.len();
    let point = point(centers, spec);
    let mut rng = Rng::new(u.seed);
    let mut counter = RankCounter::new(g);
    let mut replicate_index: Vec<Vec<f64>> = vec![Vec::with_capacity(u.resamples); g];
    let mut replicate_weight: Vec<Vec<f64>> = vec![Vec::with_capacity(u.resamples); m];
    // The respondent-level components of each center's respondents, one flat row each.
    let resampled: Vec<usize> = (0..m)
        .filter(|&j| spec.components[j].respondent_level)
        .collect();
    let mr = resampled.len();
    let flat: Vec<Vec<f64>> = centers
        .iter()
        .map(|c| {
            c.respondents
                .iter()
                .flat_map(|r| resampled.iter().map(|&j| r[j]))
                .collect()
        })
        .collect();
    // Resamples in blocks on the machine's cores, each block from its own stream of the seed
    // (the numbers do not depend on how many cores share the blocks); the ranks of the
    // replicates then in order, ties broken by the seed's first stream.
    let blocks: Vec<usize> = (0..u.resamples.div_ceil(RESAMPLE_BLOCK)).collect();
    let replicates = crate::numeric::parallel::map(&blocks, |&b| {
        let mut rng = Rng::stream(u.seed, b as u64 + 1);
        let (mut sums, mut counts) = (vec![0.0; mr], vec![0.0; mr]);
        let count = RESAMPLE_BLOCK.min(u.resamples - b * RESAMPLE_BLOCK);
        (0..count)
            .map(|_| {
                let values: Vec<Vec<f64>> = centers
                    .iter()
                    .zip(&point.values)
                    .zip(&flat)
                    .map(|((c, observed), rows)| {
                        let n = c.respondents.len();
                        if mr == 0 || n == 0 {
                            return observed.clone();
                        }
                        sums.fill(0.0);
                        counts.fill(0.0);
                        for _ in 0..n {
                            let i = ((rng.uniform() * n as f64) as usize).min(n - 1);
                            let r = &rows[i * mr..(i + 1) * mr];
                            for (q, &x) in r.iter().enumerate() {
                                if !x.is_nan() {
                                    sums[q] += x;
                                    counts[q] += 1.0;
                                }
                            }
                        }
                        let mut v = observed.clone();
                        for (q, &j) in resampled.iter().enumerate() {
                            if counts[q] > 0.0 {
                                v[j] = sums[q] / counts[q];
                            }
                        }
                        v
                    })
                    .collect();
                let rep = at_values(values, centers, spec);
                (rep.index, rep.weights)
            })
            .collect::<Vec<_>>()
    });
    for (index, weights) in replicates.into_iter().flatten() {
        counter.add(&index, &mut rng);
        for (i, v) in index.iter().enumerate() {
            replicate_index[i].push(*v);
        }
        for (j, w) in weights.iter().enumerate() {
            replicate_weight[j].push(*w);
        }
    }
    let ranks = counter.summaries(&point.index, u.level);
    // Percentile intervals of the replicates (the point itself without resamples).
    let intervals = |reps: &mut [Vec<f64>], points: &[f64]| -> Vec<(f64, f64)> {
        reps.iter_mut()
            .zip(points)
            .map(|(v, &p)| {
                if v.is_empty() {
                    (p, p)
                } else {
                    percentile(v, u.level)
                }
            })
            .collect()
    };
    let index_interval = intervals(&mut replicate_index, &point.index);
    let weight_interval = intervals(&mut replicate_weight, &point.weights);
    // Sensitivity to the weights: the data fixed, the weights perturbed.
    let base = point_ranks(&point.index);
    let points: Vec<f64> = centers.iter().map(|c| c.points).collect();
    let mut stays = vec![0usize; g];
    let mut low = vec![usize::MAX; g];
    let mut high = vec![0usize; g];
    for _ in 0..u.weight_draws {
        let w = unit_sum(
            point
                .weights
                .iter()
                .map(|&w| w * (1.0 + u.spread * (2.0 * rng.uniform() - 1.0)))
                .collect(),
        );
        let idx = index_of(&point.normalized, &w, spec.scale(), &points);
        for (i, r) in point_ranks(&idx).into_iter().enumerate() {
            let r = r.unwrap_or(1);
            low[i] = low[i].min(r);
            high[i] = high[i].max(r);
            if let Some(b) = base[i] {
                if third(r, g) == third(b, g) {
                    stays[i] += 1;
                }
            }
        }
    }
    let sensitivity = (0..g)
        .map(|i| WeightSensitivity {
            stays_in_third: match (base[i], u.weight_draws) {
                (Some(_), d) if d > 0 => Some(stays[i] as f64 / d as f64),
                _ => None,
            },
            rank_low: if u.weight_draws > 0 {
                low[i]
            } else {
                base[i].unwrap_or(1)
            },
            rank_high: if u.weight_draws > 0 {
                high[i]
            } else {
                base[i].unwrap_or(g)
            },
        })
        .collect();
    Evaluation {
        point,
        index_interval,
        weight_interval,
        ranks,
        sensitivity,
    }
}
