//! League tables with rank uncertainty: ranks of centers simulated from the approximate
//! posterior of their (empirical-Bayes) scores, and funnel-plot control limits.
//!
//! # Method
//! Each draw takes b_j ~ N(b̂_j, sd_j²) independently for every center (the conditional
//! distribution of a random intercept given the data, as lme4's `condVar`), ranks the draws
//! (1 = highest score), and counts the rank each center gets. The rank interval is the
//! equal-tailed interval of those ranks; the probability of each third of the table is the
//! share of draws the center's rank falls in it. Seeded: the same seed gives the same table.
//! The normals are drawn by the ziggurat method (`Rng::ziggurat_normal`): 2,000 centers and
//! 10,000 draws are 20 million of them per table.

use crate::numeric::Rng;
use crate::results::multilevel::RankSummary;

/// The conditional distribution of the centers' scores in a random-intercept model: each
/// center's shrunken (empirical-Bayes) score and conditional SD (lme4's condVar), its
/// shrinkage factor λ_j, and the uncertainty of the fixed part.
#[derive(Clone, Debug)]
pub struct Scores<'a> {
    pub mean: &'a [f64],
    pub sd: &'a [f64],
    pub shrinkage: &'a [f64],
    pub fixed: FixedPart,
}

/// The fixed part of the scores: the fixed effects' covariance as its lower Cholesky factor L
/// (δ = L z, z standard normal), the covariate values c a score is predicted at, and each
/// center's own means x̄_j of the fixed-effect columns. A center's score c'β + b_j moves by
/// (c − λ_j x̄_j)'δ when β̂ moves by δ (its effect b̂_j = λ_j (ȳ_j − x̄_j'β̂) moves against it).
#[derive(Clone, Debug)]
pub struct FixedPart {
    pub chol: Vec<Vec<f64>>,
    pub at: Vec<f64>,
    pub center_means: Vec<Vec<f64>>,
}

impl FixedPart {
    /// The null model's: the overall mean alone, with standard error `se`, for `g` centers.
    pub fn intercept(se: f64, g: usize) -> FixedPart {
        FixedPart {
            chol: vec![vec![se]],
            at: vec![1.0],
            center_means: vec![vec![1.0]; g],
        }
    }
}

/// Scores closer than this, relative to the largest magnitude among them, are the same
/// score: they differ by the rounding of sums added in another order (two centers with the
/// same answers have means 29/9 that can differ in the last bit, 3.2222222222222228 and
/// 3.2222222222222223, when their rows come in another order, and the same holds for sums
/// an engine adds per shard). Real differences between centers' scores are many orders of
/// magnitude larger (a single answer moves a mean by 1/(n k)).
pub const TIE_REL: f64 = 1e-12;

/// Competition ranks (1 = highest; tied values share the best rank), or None for all when
/// every value is the same: equal scores are never ranked apart. Scores within [`TIE_REL`]
/// of the one ranked before them are tied with it.
pub fn point_ranks(v: &[f64]) -> Vec<Option<usize>> {
    let scale = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let tol = TIE_REL * scale;
    let same = |a: f64, b: f64| a == b || (a - b).abs() <= tol;
    if v.iter().all(|&x| same(x, v[0])) {
        return vec![None; v.len()];
    }
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_unstable_by(|&a, &b| v[b].total_cmp(&v[a]));
    let mut r = vec![None; v.len()];
    let mut first = 0;
    for (pos, &i) in idx.iter().enumerate() {
        // A value equal to the one before shares its rank (1 + how many are greater).
        if pos == 0 || !same(v[idx[pos - 1]], v[i]) {
            first = pos;
        }
        r[i] = Some(first + 1);
    }
    r
}

/// A key that orders f64 values from the highest down (as `total_cmp` reversed) as
/// unsigned integers do: the sign bit flipped for positives, all bits for negatives.
fn descending_key(x: f64) -> u64 {
    let b = x.to_bits();
    let up = if b >> 63 == 1 { !b } else { b | (1 << 63) };
    !up
}

/// Ranks of one draw, 1 for the highest, each center's into `r[center]`; exactly
/// equal values are put in a random order (a fresh one each draw), so a tie spreads evenly
/// over the ranks it spans instead of falling back on the order of the centers. Draws from
/// `rng` only where there is a tie. `order`, `scratch` and `counts` are scratch space.
fn draw_ranks(
    v: &[f64],
    rng: &mut Rng,
    (order, scratch, counts): (&mut Vec<(u64, u32)>, &mut Vec<(u64, u32)>, &mut Vec<u32>),
    r: &mut [u32],
) {
    order.clear();
    order.extend(
        v.iter()
            .enumerate()
            .map(|(i, &x)| (descending_key(x), i as u32)),
    );
    // The one order of (value descending, center ascending).
    sort_keys(order, scratch, counts);
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && v[order[end].1 as usize] == v[order[start].1 as usize] {
            end += 1;
        }
        // Fisher-Yates shuffle of the tied run.
        for k in (start + 1..end).rev() {
            let m = start + (rng.uniform() * (k - start + 1) as f64) as usize;
            order.swap(k, m.min(k));
        }
        start = end;
    }
    for (pos, &(_, i)) in order.iter().enumerate() {
        r[i as usize] = pos as u32 + 1;
    }
}

/// Sort of (key, center) pairs listed by center: bucketed by where the key lies between the
/// smallest and the largest (a counting sort into 4,096 buckets, which keeps centers in
/// order), then each bucket — a few keys — sorted in place, so the result is the order of
/// (key, center). `scratch` and `counts` are scratch space.
fn sort_keys(v: &mut Vec<(u64, u32)>, scratch: &mut Vec<(u64, u32)>, counts: &mut Vec<u32>) {
    const BITS: u32 = 12;
    let (lo, hi) = v
        .iter()
        .fold((u64::MAX, 0u64), |(a, b), &(k, _)| (a.min(k), b.max(k)));
    if lo == hi {
        return;
    }
    let shift = (64 - (hi - lo).leading_zeros()).saturating_sub(BITS);
    let bucket = |k: u64| ((k - lo) >> shift) as usize;
    counts.clear();
    counts.resize((1 << BITS) + 1, 0);
    for &(k, _) in v.iter() {
        counts[bucket(k) + 1] += 1;
    }
    for b in 1..counts.len() {
        counts[b] += counts[b - 1];
    }
    scratch.clear();
    scratch.resize(v.len(), (0, 0));
    for &e in v.iter() {
        let b = bucket(e.0);
        scratch[counts[b] as usize] = e;
        counts[b] += 1;
    }
    std::mem::swap(v, scratch);
    // Bucket b now ends at counts[b].
    let mut start = 0;
    for &end in &counts[..1 << BITS] {
        let end = end as usize;
        if end - start > 1 {
            let run = &mut v[start..end];
            if run.len() > 16 {
                run.sort_unstable();
            } else {
                for i in 1..run.len() {
                    let mut k = i;
                    while k > 0 && run[k] < run[k - 1] {
                        run.swap(k, k - 1);
                        k -= 1;
                    }
                }
            }
        }
        start = end;
    }
}

/// Simulated ranks of centers, `draws` draws, interval level `level` (e.g. 0.95).
///
/// # Method
/// Each draw takes the fixed effects β* = β̂ + δ with δ ~ N(0, V(β̂)) and, given them, each
/// center's effect b_j ~ N(b̂_j − λ_j x̄_j'δ, sd_j²) independently — the joint conditional
/// distribution of (β, b) given the variance components — and ranks the scores c'β* + b_j.
/// (The null model: μ* = μ̂ + δ, b_j ~ N(b̂_j − λ_j δ, sd_j²).) With τ² = 0 every λ_j and sd_j
/// is 0, every draw is a tie of all centers, and every rank interval is 1..G.
pub fn simulate_ranks(s: Scores, draws: usize, level: f64, seed: u64) -> Vec<RankSummary> {
    let g = s.mean.len();
    let k = s.fixed.at.len();
    let mut counter = RankCounter::new(g);
    let mut rng = Rng::new(seed);
    let mut x = vec![0.0; g];
    let mut z = vec![0.0; k];
    let mut delta = vec![0.0; k];
    let uncertain = s.fixed.chol.iter().flatten().any(|&v| v != 0.0);
    // How each center's score moves with δ: c − λ_j x̄_j, center by center.
    let moves: Vec<f64> = (0..g)
        .flat_map(|j| {
            let lam = s.shrinkage[j];
            let means = &s.fixed.center_means[j];
            s.fixed.at.iter().zip(means).map(move |(c, m)| c - lam * m)
        })
        .collect();
    for _ in 0..draws {
        if uncertain {
            for v in z.iter_mut() {
                *v = rng.ziggurat_normal();
            }
            for (a, d) in delta.iter_mut().enumerate() {
                *d = (0..=a).fold(0.0, |acc, b| acc + s.fixed.chol[a][b] * z[b]);
            }
        }
        for (j, m) in moves.chunks_exact(k).enumerate() {
            let shift = m.iter().zip(&delta).fold(0.0, |acc, (w, d)| acc + w * d);
            x[j] = s.mean[j] + shift + s.sd[j] * rng.ziggurat_normal();
        }
        counter.add(&x, &mut rng);
    }
    counter.summaries(s.mean, level)
}

/// Counts of the ranks each of g centers takes over draws of their scores, summarised as
/// rank intervals and shares of each third of the table.
#[derive(Clone, Debug)]
pub struct RankCounter {
    g: usize,
    draws: usize,
    counts: Vec<u32>,
    /// Scratch space of each draw (the keys and their sorting), and the ranks of the draws
    /// not yet counted (up to `BLOCK` draws of g ranks).
    order: (Vec<(u64, u32)>, Vec<(u64, u32)>, Vec<u32>),
    ranks: Vec<u32>,
    pending: usize,
}

/// Draws whose ranks are counted together.
const BLOCK: usize = 64;

impl RankCounter {
    pub fn new(g: usize) -> RankCounter {
        RankCounter {
            g,
            draws: 0,
            counts: vec![0; g * g],
            order: (Vec::with_capacity(g), Vec::with_capacity(g), Vec::new()),
            ranks: vec![0; BLOCK * g],
            pending: 0,
        }
    }

    /// Count the ranks of one draw of the scores (ties put in a random order by `rng`).
    pub fn add(&mut self, x: &[f64], rng: &mut Rng) {
        let (order, scratch, counts) = &mut self.order;
        let g = self.g;
        draw_ranks(
            x,
            rng,
            (order, scratch, counts),
            &mut self.ranks[self.pending * g..(self.pending + 1) * g],
        );
        self.pending += 1;
        self.draws += 1;
        if self.pending == BLOCK {
            self.flush();
        }
    }

    /// Add the pending draws' ranks to the counts, center by center: a center's row of
    /// counts stays in cache while its ranks in the block are counted (a draw at a time, the
    /// rows of 2,000 centers are 16 MB of scattered increments).
    fn flush(&mut self) {
        let g = self.g;
        let ranks = &self.ranks[..self.pending * g];
        for j in 0..g {
            let row = &mut self.counts[j * g..(j + 1) * g];
            for draw in ranks.chunks_exact(g) {
                row[draw[j] as usize - 1] += 1;
            }
        }
        self.pending = 0;
    }

    /// Each center's summary: the point rank of `point` (its scores at the data), the median
    /// and equal-tailed `level` interval of its drawn ranks, and its shares of the top and
    /// bottom thirds.
    pub fn summaries(&mut self, point: &[f64], level: f64) -> Vec<RankSummary> {
        self.flush();
        let g = self.g;
        let draws = self.draws.max(1);
        let point = point_ranks(point);
        let top = g / 3;
        let bottom = g - g / 3;
        let tail = (1.0 - level) / 2.0;
        (0..g)
            .map(|j| {
                let c = &self.counts[j * g..(j + 1) * g];
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

    fn certain(mean: &[f64]) -> Vec<RankSummary> {
        let zero = vec![0.0; mean.len()];
        let scores = Scores {
            mean,
            sd: &zero,
            shrinkage: &zero,
            fixed: FixedPart::intercept(0.0, mean.len()),
        };
        simulate_ranks(scores, 100, 0.95, 1)
    }

    #[test]
    fn keys_order_values_from_the_highest_down_as_total_cmp_does() {
        let v = [
            0.5,
            -3.0,
            f64::INFINITY,
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            f64::NEG_INFINITY,
            2.0,
            -2.5,
        ];
        let mut by_key: Vec<f64> = v.to_vec();
        by_key.sort_by_key(|&x| descending_key(x));
        let mut by_cmp: Vec<f64> = v.to_vec();
        by_cmp.sort_by(|a, b| b.total_cmp(a));
        assert_eq!(
            by_key.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            by_cmp.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
    }

    #[test]
    fn key_sort_orders_as_the_pairs_do() {
        // Spread values, a narrow cluster (few differing bits), many exact ties, all equal,
        // and a bucket of more than 16.
        let mut rng = Rng::new(5);
        let sets: Vec<Vec<f64>> = vec![
            (0..3000).map(|_| rng.normal() * 10.0).collect(),
            (0..500).map(|_| 3.0 + 1e-12 * rng.normal()).collect(),
            (0..400).map(|i| (i % 7) as f64 - 3.0).collect(),
            vec![2.5; 50],
            (0..300)
                .map(|i| {
                    if i % 3 == 0 {
                        1.0 + i as f64 * 1e-15
                    } else {
                        1e6 + i as f64
                    }
                })
                .collect(),
        ];
        let (mut scratch, mut counts) = (Vec::new(), Vec::new());
        for v in sets {
            let pairs: Vec<(u64, u32)> = v
                .iter()
                .enumerate()
                .map(|(i, &x)| (descending_key(x), i as u32))
                .collect();
            let mut want = pairs.clone();
            want.sort_unstable();
            let mut got = pairs;
            sort_keys(&mut got, &mut scratch, &mut counts);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn point_ranks_count_the_centers_above_and_share_ties() {
        let v = [3.0, 1.0, 3.0, 2.0, 5.0, 1.0];
        let want: Vec<Option<usize>> = v
            .iter()
            .map(|&x| Some(1 + v.iter().filter(|&&y| y > x).count()))
            .collect();
        assert_eq!(point_ranks(&v), want);
        assert_eq!(point_ranks(&v), [2, 5, 2, 4, 1, 5].map(Some).to_vec());
        // The same mean, 29/9, summed in two orders (the committed default study's "window"
        // scores of centers 26 and 43 before ties were tolerated): one score, one rank.
        let (a, b) = (3.2222222222222228, 3.2222222222222223);
        assert_ne!(a, b);
        assert_eq!(point_ranks(&[a, 3.3, b]), [2, 1, 2].map(Some).to_vec());
        assert_eq!(point_ranks(&[a, b]), vec![None, None]);
        // A real difference, however small against the scores' scale, is a rank.
        assert_eq!(point_ranks(&[3.0, 3.0 + 1e-9]), [2, 1].map(Some).to_vec());
    }

    #[test]
    fn certain_scores_give_point_ranks_and_intervals_of_width_zero() {
        let r = certain(&[1.0, 3.0, 2.0]);
        let ranks: Vec<Option<usize>> = r.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, vec![Some(3), Some(1), Some(2)]);
        for x in &r {
            let k = x.rank.unwrap();
            assert_eq!((x.rank_low, x.rank_median, x.rank_high), (k, k, k));
        }
        assert_eq!(r[1].p_top_third, 1.0);
        assert_eq!(r[0].p_bottom_third, 1.0);
    }

    #[test]
    fn equal_scores_are_never_ranked_apart() {
        // Ten centers that cannot differ (tau^2 = 0): no point rank, every interval 1..10,
        // each third of the table equally likely.
        let r = certain(&[2.5; 10]);
        for x in &r {
            assert_eq!(x.rank, None);
            assert_eq!((x.rank_low, x.rank_high), (1, 10));
        }
        // Exact ties among otherwise different centers share the best rank and split the
        // ranks they span.
        let r = certain(&[3.0, 2.0, 3.0, 1.0]);
        let ranks: Vec<Option<usize>> = r.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, vec![Some(1), Some(3), Some(1), Some(4)]);
        assert_eq!((r[0].rank_low, r[0].rank_high), (1, 2));
        assert_eq!((r[2].rank_low, r[2].rank_high), (1, 2));
    }

    #[test]
    fn two_indistinguishable_centers_split_the_top_rank_evenly() {
        let scores = Scores {
            mean: &[0.0, 0.0],
            sd: &[1.0, 1.0],
            shrinkage: &[0.5, 0.5],
            fixed: FixedPart::intercept(0.1, 2),
        };
        let r = simulate_ranks(scores, 20_000, 0.95, 7);
        assert_eq!((r[0].rank_low, r[0].rank_high), (1, 2));
        assert_eq!(r[0].rank, None);
        assert!(r[0].rank_median == 1 || r[0].rank_median == 2);
    }

    #[test]
    fn the_fixed_part_moves_centers_that_borrow_from_it_differently() {
        // Equal shrunken means, no own uncertainty: only the overall mean's uncertainty
        // separates them. A center that borrows much (small lambda) moves with the mean; one
        // that borrows little stays put; so each wins half the draws.
        let scores = Scores {
            mean: &[1.0, 1.0 + 1e-12],
            sd: &[0.0, 0.0],
            shrinkage: &[0.1, 0.9],
            fixed: FixedPart::intercept(1.0, 2),
        };
        let r = simulate_ranks(scores, 20_000, 0.95, 3);
        assert_eq!((r[0].rank_low, r[0].rank_high), (1, 2));
        assert_eq!((r[1].rank_low, r[1].rank_high), (1, 2));
    }

    #[test]
    fn with_covariates_a_center_moves_by_its_own_mix_against_the_average() {
        // Two fixed effects (intercept, a covariate), both effects fully shrunk to the data
        // (lambda 1): a center whose covariate mean is the average's does not move with the
        // fixed part; one whose mean lies far off moves with the covariate's slope, so either
        // can be ahead. With the covariate's slope certain, neither moves and the higher
        // score always wins.
        let run = |slope_sd: f64| {
            let scores = Scores {
                mean: &[1.0, 1.0 + 1e-12],
                sd: &[0.0, 0.0],
                shrinkage: &[1.0, 1.0],
                fixed: FixedPart {
                    chol: vec![vec![0.5, 0.0], vec![0.0, slope_sd]],
                    at: vec![1.0, 0.0],
                    center_means: vec![vec![1.0, 0.0], vec![1.0, 3.0]],
                },
            };
            simulate_ranks(scores, 20_000, 0.95, 11)
        };
        let r = run(1.0);
        assert_eq!((r[0].rank_low, r[0].rank_high), (1, 2));
        assert_eq!((r[1].rank_low, r[1].rank_high), (1, 2));
        let r = run(0.0);
        assert_eq!((r[1].rank_low, r[1].rank_high), (1, 1));
    }
}
