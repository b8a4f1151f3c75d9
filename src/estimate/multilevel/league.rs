//! League tables with rank uncertainty: ranks of centers simulated from the approximate
//! posterior of their (empirical-Bayes) scores, and funnel-plot control limits.
//!
//! # Method
//! Each draw takes b_j ~ N(b̂_j, sd_j²) independently for every center (the conditional
//! distribution of a random intercept given the data, as lme4's `condVar`), ranks the draws
//! (1 = highest score), and counts the rank each center gets. The rank interval is the
//! equal-tailed interval of those ranks; the probability of each third of the table is the
//! share of draws the center's rank falls in it. Seeded: the same seed gives the same table.

use crate::numeric::Rng;
use crate::results::multilevel::RankSummary;

/// Rank of each value, 1 for the highest.
fn ranks_desc(v: &[f64]) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[b].total_cmp(&v[a]).then(a.cmp(&b)));
    let mut r = vec![0; v.len()];
    for (pos, &i) in idx.iter().enumerate() {
        r[i] = pos + 1;
    }
    r
}

/// Simulated ranks of centers with estimates `mean` and SDs `sd`, `draws` draws, interval
/// level `level` (e.g. 0.95).
pub fn simulate_ranks(
    mean: &[f64],
    sd: &[f64],
    draws: usize,
    level: f64,
    seed: u64,
) -> Vec<RankSummary> {
    let g = mean.len();
    let mut counts = vec![0u32; g * g];
    let mut rng = Rng::new(seed);
    let mut x = vec![0.0; g];
    for _ in 0..draws {
        for j in 0..g {
            x[j] = mean[j] + sd[j] * rng.normal();
        }
        for (j, r) in ranks_desc(&x).into_iter().enumerate() {
            counts[j * g + r - 1] += 1;
        }
    }
    let point = ranks_desc(mean);
    let top = g / 3;
    let bottom = g - g / 3;
    let tail = (1.0 - level) / 2.0;
    (0..g)
        .map(|j| {
            let c = &counts[j * g..(j + 1) * g];
            // Smallest rank whose cumulative share reaches q.
            let quantile = |q: f64| {
                let need = q * draws as f64;
                let mut acc = 0.0;
                for (r, &k) in c.iter().enumerate() {
                    acc += k as f64;
                    if acc >= need - 1e-9 {
                        return r + 1;
                    }
                }
                g
            };
            let share = |range: std::ops::Range<usize>| {
                c[range].iter().map(|&k| k as f64).sum::<f64>() / draws as f64
            };
            RankSummary {
                rank: point[j],
                rank_median: quantile(0.5),
                rank_low: quantile(tail),
                rank_high: quantile(1.0 - tail),
                p_top_third: share(0..top),
                p_bottom_third: share(bottom..g),
            }
        })
        .collect()
}

/// Funnel-plot control limits for a mean of n observations around `target` with unit SD
/// `sd`: target ± z sd/√n.
pub fn funnel_limits(target: f64, sd: f64, n: f64, z: f64) -> (f64, f64) {
    let h = z * sd / n.sqrt();
    (target - h, target + h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn certain_scores_give_point_ranks_and_intervals_of_width_zero() {
        let r = simulate_ranks(&[1.0, 3.0, 2.0], &[0.0, 0.0, 0.0], 100, 0.95, 1);
        assert_eq!(r.iter().map(|x| x.rank).collect::<Vec<_>>(), vec![3, 1, 2]);
        for x in &r {
            assert_eq!(
                (x.rank_low, x.rank_median, x.rank_high),
                (x.rank, x.rank, x.rank)
            );
        }
        assert_eq!(r[1].p_top_third, 1.0);
        assert_eq!(r[0].p_bottom_third, 1.0);
    }

    #[test]
    fn two_indistinguishable_centers_split_the_top_rank_evenly() {
        let r = simulate_ranks(&[0.0, 0.0], &[1.0, 1.0], 20_000, 0.95, 7);
        assert_eq!((r[0].rank_low, r[0].rank_high), (1, 2));
        // P(rank 1) = 1/2: the top third of 2 centers is empty (G/3 = 0), so look at the median.
        assert!(r[0].rank_median == 1 || r[0].rank_median == 2);
    }
}
