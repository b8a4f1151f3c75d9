//! Bootstrap inference with clustered data: the wild cluster bootstrap (restricted, WCR) of
//! Cameron, Gelbach and Miller (2008) with Rademacher or Webb weights, p-values and
//! confidence intervals by test inversion, and the pairs (cluster) bootstrap of standardized
//! coefficients and R2. Every draw comes from a seeded generator.
//!
//! # Formula (wild cluster bootstrap, "fast and wild": Roodman, MacKinnon, Nielsen and Webb 2019)
//! For H0: b_j = r, fit the restricted model (y - r x_j on the other columns): residuals
//! e(r) = e0 - r z, with e0 and z the residuals of y and x_j on the other columns. With
//! M = (X'X)^-1, q = M e_j and per cluster g: a_g = q' X_g' e_g(r), d_g = X_g'X_g q,
//! f_g = M X_g' e_g(r). For weights v (one per cluster), the bootstrap t is
//!   t*(v) = (sum_g a_g v_g) / sqrt(c sum_g s_g^2),   s_g = a_g v_g - d_g' sum_h f_h v_h,
//! with the CR1 factor c = G/(G-1) (N-1)/(N-K) (it cancels in the comparison). Everything is
//! linear in r, so each replication keeps five numbers (N0, N1, A, B, C) with
//! t*(r)^2 = (N0 - r N1)^2 / (c (A - 2 r B + r^2 C)): one pass over the replications tests
//! any r, which makes test inversion cheap. Cost: O(G k) per replication, independent of n.
//! p(r) = share of replications with |t*| >= |t(r)|: a tie (within a relative 1e-10) counts
//! as exceeding, so the sign vectors +/-1, which reproduce the sample and give |t*| = |t|
//! exactly in exact arithmetic, count whatever their rounding (wildboottest's strict
//! comparison counts them, or not, by the rounding of the moment). With Rademacher weights
//! and G <= 12 all 2^G sign vectors are enumerated and p is exact.

use super::lsq::{LsqOptions, solve};
use super::ols::{FitView, mean_sd};
use crate::numeric::Rng;
use crate::results::regression::{BootInterval, PairsBootstrap, WildBootstrap, WildTerm};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis};

/// Distribution of the wild weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum WildWeights {
    /// +1 or -1 with probability 1/2.
    Rademacher,
    /// Six points +/-sqrt(1/2), +/-1, +/-sqrt(3/2), each with probability 1/6 (Webb 2014).
    Webb,
}

impl WildWeights {
    pub fn name(self) -> &'static str {
        match self {
            WildWeights::Rademacher => "rademacher",
            WildWeights::Webb => "webb",
        }
    }
}

/// Full enumeration of Rademacher sign vectors is used up to this many clusters.
pub const ENUMERATE_MAX_CLUSTERS: usize = 12;
/// Default seed of every bootstrap (printed with the results).
pub const DEFAULT_SEED: u64 = 20_080_601;

/// The weights of all replications, cluster-major per replication.
struct Draws {
    reps: usize,
    g: usize,
    v: Vec<f64>,
    enumerated: bool,
}

fn draws(g: usize, reps: usize, w: WildWeights, seed: u64) -> Draws {
    if w == WildWeights::Rademacher && g <= ENUMERATE_MAX_CLUSTERS {
        let total = 1usize << g;
        let mut v = Vec::with_capacity(total * g);
        for b in 0..total {
            // Cluster 0 is the most significant bit, as itertools.product([-1, 1], ...) orders them.
            for c in 0..g {
                v.push(if (b >> (g - 1 - c)) & 1 == 1 {
                    1.0
                } else {
                    -1.0
                });
            }
        }
        return Draws {
            reps: total,
            g,
            v,
            enumerated: true,
        };
    }
    let mut rng = Rng::new(seed);
    let webb = [
        -(1.5f64).sqrt(),
        -1.0,
        -(0.5f64).sqrt(),
        (0.5f64).sqrt(),
        1.0,
        (1.5f64).sqrt(),
    ];
    let v = (0..reps * g)
        .map(|_| match w {
            WildWeights::Rademacher => {
                if rng.next_u64() >> 63 == 1 {
                    1.0
                } else {
                    -1.0
                }
            }
            WildWeights::Webb => webb[((rng.uniform() * 6.0) as usize).min(5)],
        })
        .collect();
    Draws {
        reps,
        g,
        v,
        enumerated: false,
    }
}

/// How many resamples a bootstrap draws, and from which seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resamples {
    pub reps: usize,
    pub seed: u64,
}

/// Settings of the wild cluster bootstrap.
#[derive(Clone, Copy, Debug)]
pub struct WildOptions {
    pub reps: usize,
    pub weights: WildWeights,
    pub seed: u64,
    pub level: f64,
}

/// Per replication: t*(r)^2 = (n0 - r n1)^2 / (c (a - 2 r b + r^2 cc)); `sign` keeps t*'s sign at r.
struct Replications {
    n0: Vec<f64>,
    n1: Vec<f64>,
    a: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
}

impl Replications {
    /// p(r): share of replications with |t*(r)| >= |t(r)|, t(r) = (est - r) / se.
    fn p_value(&self, r: f64, est: f64, se: f64, factor: f64) -> f64 {
        let t = (est - r) / se;
        let t2 = t * t * (1.0 - 1e-10);
        let mut count = 0usize;
        for i in 0..self.n0.len() {
            let num = self.n0[i] - r * self.n1[i];
            let den = factor * (self.a[i] - 2.0 * r * self.b[i] + r * r * self.c[i]);
            if num * num >= t2 * den {
                count += 1;
            }
        }
        count as f64 / self.n0.len() as f64
    }
}

/// Wild cluster bootstrap (WCR) for every kept non-intercept coefficient of a fitted model.
/// `x` holds the design, `clusters[i]` codes 0..G, `se_factor` the CR1 factor, `progress`
/// is told (done, total) replications.
#[allow(clippy::too_many_arguments)]
pub fn wild_cluster(
    fit: FitView,
    clusters: &[usize],
    opts: WildOptions,
    progress: &dyn Fn(usize, usize),
) -> WildBootstrap {
    let FitView {
        x,
        terms,
        intercept,
        sol,
        ..
    } = fit;
    let groups = super::covariance::cluster_groups(clusters);
    let g = groups.len();
    let n = x.nrows();
    let kept = &sol.kept;
    let k = kept.len();
    let xk = x.select(Axis(1), kept);
    let bk = sol.bread.select(Axis(0), kept);
    let m = bk.dot(&bk.t());
    let factor = g as f64 / (g as f64 - 1.0) * (n as f64 - 1.0) / (n as f64 - k as f64);
    let dr = draws(g, opts.reps, opts.weights, opts.seed);
    let xtx_g: Vec<Array2<f64>> = groups
        .iter()
        .map(|rows| {
            let xg = xk.select(Axis(0), rows);
            xg.t().dot(&xg)
        })
        .collect();
    let alpha = 1.0 - opts.level;
    // A sign vector and its negation give the same |t|, and the all-ones vector reproduces
    // the observed statistic: under enumeration p is at least 2/2^G; with B draws, 1/B.
    let smallest_p = if dr.enumerated {
        2.0 / dr.reps as f64
    } else {
        1.0 / dr.reps as f64
    };
    let slopes: Vec<usize> = (0..k).filter(|&c| !(intercept && kept[c] == 0)).collect();
    let total = slopes.len() * dr.reps;
    let mut done = 0usize;
    let mut out = Vec::new();
    for &jc in &slopes {
        let j = kept[jc];
        // Residuals of x_j and y on the other kept columns, from the full fit (no new
        // regressions): z = X q / q_j with q = M e_j (X'X q = e_j makes X q orthogonal to
        // the other columns), and e0 = e + b_j z.
        let q = m.column(jc).to_owned();
        let z: Array1<f64> = xk.dot(&q) / q[jc];
        let e0: Array1<f64> = &sol.resid + &(&z * sol.coef[j]);
        // Per cluster: X_g'e0_g, X_g'z_g.
        let per_cluster = |v: &Array1<f64>| -> Vec<Array1<f64>> {
            groups
                .iter()
                .map(|rows| {
                    let mut s = Array1::<f64>::zeros(k);
                    for &i in rows {
                        s.scaled_add(v[i], &xk.row(i));
                    }
                    s
                })
                .collect()
        };
        let (xe, xz) = (per_cluster(&e0), per_cluster(&z));
        let a0: Vec<f64> = xe.iter().map(|s| q.dot(s)).collect();
        let a1: Vec<f64> = xz.iter().map(|s| q.dot(s)).collect();
        // Flat G x k arrays: the replication loop touches them G times each.
        let flat = |rows: Vec<Array1<f64>>| -> Vec<f64> {
            rows.into_iter().flat_map(|r| r.to_vec()).collect()
        };
        let d = flat(xtx_g.iter().map(|xx| xx.dot(&q)).collect());
        let f0 = flat(xe.iter().map(|s| m.dot(s)).collect());
        let f1 = flat(xz.iter().map(|s| m.dot(s)).collect());
        let mut reps = Replications {
            n0: Vec::with_capacity(dr.reps),
            n1: Vec::with_capacity(dr.reps),
            a: Vec::with_capacity(dr.reps),
            b: Vec::with_capacity(dr.reps),
            c: Vec::with_capacity(dr.reps),
        };
        let mut u0 = vec![0.0f64; k];
        let mut u1 = vec![0.0f64; k];
        for r in 0..dr.reps {
            let v = &dr.v[r * dr.g..(r + 1) * dr.g];
            u0.fill(0.0);
            u1.fill(0.0);
            let (mut n0, mut n1) = (0.0, 0.0);
            for h in 0..g {
                let vh = v[h];
                let (f0h, f1h) = (&f0[h * k..(h + 1) * k], &f1[h * k..(h + 1) * k]);
                for c in 0..k {
                    u0[c] += vh * f0h[c];
                    u1[c] += vh * f1h[c];
                }
                n0 += a0[h] * vh;
                n1 += a1[h] * vh;
            }
            let (mut aa, mut bb, mut cc) = (0.0, 0.0, 0.0);
            for h in 0..g {
                let dh = &d[h * k..(h + 1) * k];
                let (mut du0, mut du1) = (0.0, 0.0);
                for c in 0..k {
                    du0 += dh[c] * u0[c];
                    du1 += dh[c] * u1[c];
                }
                let s0 = a0[h] * v[h] - du0;
                let s1 = a1[h] * v[h] - du1;
                aa += s0 * s0;
                bb += s0 * s1;
                cc += s1 * s1;
            }
            reps.n0.push(n0);
            reps.n1.push(n1);
            reps.a.push(aa);
            reps.b.push(bb);
            reps.c.push(cc);
            done += 1;
            if done % 1000 == 0 {
                progress(done, total);
            }
        }
        // The observed CR1 t statistic (unrestricted).
        let est = sol.coef[j];
        let mut meat = 0.0;
        for rows in &groups {
            let mut s = 0.0;
            for &i in rows {
                s += sol.resid[i] * xk.row(i).dot(&q);
            }
            meat += s * s;
        }
        let se = (factor * meat).sqrt();
        let p = reps.p_value(0.0, est, se, factor);
        // Test inversion: the bounds where p(r) crosses alpha, searched outward from the
        // estimate. None when p stays above alpha however far out (the side is unbounded), or
        // when the crossing lies implausibly far (over a million SEs: a numerical artefact).
        let bound = |dir: f64| -> Option<f64> {
            if smallest_p > alpha {
                return None;
            }
            let mut inside = est;
            let mut step = se.max(f64::MIN_POSITIVE);
            let mut outside = est + dir * step;
            let mut tries = 0;
            while reps.p_value(outside, est, se, factor) >= alpha {
                inside = outside;
                step *= 2.0;
                outside = est + dir * step;
                tries += 1;
                if tries > 60 {
                    return None;
                }
            }
            for _ in 0..200 {
                let mid = 0.5 * (inside + outside);
                if reps.p_value(mid, est, se, factor) >= alpha {
                    inside = mid;
                } else {
                    outside = mid;
                }
                if (outside - inside).abs() <= 1e-12 * se.max(est.abs()) {
                    break;
                }
            }
            let b = 0.5 * (inside + outside);
            ((b - est).abs() <= 1e6 * se).then_some(b)
        };
        let (conf_low, conf_high) = (bound(-1.0), bound(1.0));
        let interval_note = if smallest_p > alpha {
            Some(format!(
                "unbounded: with {g} clusters and {} weights the smallest attainable p-value is {smallest_p:.4}, above {}, so no value of the coefficient is rejected; use Webb weights (--weights webb, weights = \"webb\"), as Stata's boottest suggests",
                opts.weights.name(),
                (alpha * 1e6).round() / 1e6
            ))
        } else if conf_low.is_none() || conf_high.is_none() {
            Some("half-bounded: on the open side no value of the coefficient is rejected at this level".to_string())
        } else {
            None
        };
        out.push(WildTerm {
            term: terms[j].clone(),
            statistic: est / se,
            p_value: p,
            conf_low,
            conf_high,
            interval_note,
        });
    }
    progress(total, total);
    WildBootstrap {
        method: "wild cluster bootstrap, restricted (WCR), CR1 t statistics".into(),
        weights: opts.weights.name().into(),
        reps: dr.reps,
        smallest_p_value: smallest_p,
        enumerated: dr.enumerated,
        seed: opts.seed,
        clusters: g,
        conf_level: opts.level,
        terms: out,
    }
}

/// Resample whole clusters with replacement `reps` times, refit, and collect Beta and R2;
/// percentile intervals and bootstrap SDs.
pub fn pairs_cluster(
    fit: FitView,
    clusters: &[usize],
    Resamples { reps, seed }: Resamples,
    level: f64,
) -> PairsBootstrap {
    let FitView {
        x,
        y,
        terms,
        intercept,
        sol,
        r_squared,
    } = fit;
    let groups = super::covariance::cluster_groups(clusters);
    let kept = &sol.kept;
    let slopes: Vec<usize> = kept
        .iter()
        .copied()
        .filter(|&j| !(intercept && j == 0))
        .collect();
    let beta_of = |xs: ArrayView2<f64>, ys: ArrayView1<f64>, coef: &Array1<f64>| -> Vec<f64> {
        let (_, sdy) = mean_sd(ys.iter().copied());
        slopes
            .iter()
            .map(|&j| coef[j] * mean_sd(xs.column(j).iter().copied()).1 / sdy)
            .collect()
    };
    let observed = beta_of(x, y, &sol.coef);
    let mut rng = Rng::new(seed);
    let mut betas: Vec<Vec<f64>> = vec![Vec::with_capacity(reps); slopes.len()];
    let mut r2s = Vec::with_capacity(reps);
    for _ in 0..reps {
        let rows = super::covariance::resample_clusters(&mut rng, &groups);
        let xb = x.select(Axis(0), &rows);
        let yb: Array1<f64> = rows.iter().map(|&i| y[i]).collect();
        // Refit on the kept columns only (the full sample's aliased columns stay aliased).
        let xbk = xb.select(Axis(1), kept);
        let (coef_k, sse) = match super::lsq::coef_only(xbk.view(), yb.view()) {
            Some(r) => r,
            None => match solve(xbk.view(), yb.view(), LsqOptions::default()) {
                Ok(s) if s.rank() == kept.len() => (s.coef, s.sse),
                _ => continue,
            },
        };
        let mut coef = Array1::<f64>::from_elem(x.ncols(), f64::NAN);
        for (c, &j) in kept.iter().enumerate() {
            coef[j] = coef_k[c];
        }
        for (k, b) in beta_of(xb.view(), yb.view(), &coef).into_iter().enumerate() {
            betas[k].push(b);
        }
        let (my, _) = mean_sd(yb.iter().copied());
        let sst: f64 = yb.iter().map(|v| (v - my) * (v - my)).sum();
        r2s.push(1.0 - sse / sst);
    }
    let interval = |term: String, est: f64, mut v: Vec<f64>| -> BootInterval {
        v.sort_by(f64::total_cmp);
        let (_, sd) = mean_sd(v.iter().copied());
        let q = |p: f64| crate::numeric::order::quantile7(&v, p);
        BootInterval {
            term,
            estimate: est,
            std_error: sd,
            conf_low: q((1.0 - level) / 2.0),
            conf_high: q(1.0 - (1.0 - level) / 2.0),
        }
    };
    PairsBootstrap {
        method: "pairs cluster bootstrap (whole clusters resampled with replacement), percentile intervals".into(),
        reps: r2s.len(),
        seed,
        conf_level: level,
        std_estimates: slopes.iter().zip(observed).zip(betas).map(|((&j, est), v)| interval(terms[j].clone(), est, v)).collect(),
        r_squared: interval("R2".into(), r_squared, r2s),
    }
}
