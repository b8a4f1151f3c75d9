//! Relative importance of predictors in a linear regression: dominance analysis of R2
//! (Budescu 1993; Azen and Budescu 2003) — complete, conditional and general dominance, whose
//! general dominance weights equal LMG / the Shapley decomposition of R2 (Lindeman, Merenda
//! and Gold 1980; relaimpo's "lmg") — and Johnson's (2000) relative weights, with a (cluster)
//! bootstrap of every measure, of the ranks, of pairwise differences and of the
//! reproducibility of each dominance relation (as R's dominanceanalysis::bootDominanceAnalysis).
//! Predictors are *sets* of design columns: a C() term's dummies enter and leave together.
//! The all-subsets R2 (the sweep operator) are computed in `subsets`.
//!
//! # Formula
//! With p sets, R2(S) for all 2^p subsets S, each from the centred cross-products of the
//! design and y by the sweep operator (Goodnight 1979): R2(S) = 1 - RSS(S)/TSS, RSS(S) the
//! y-diagonal after sweeping S's columns. Subsets are visited depth first, each swept from its
//! parent's matrix (one sweep per subset, no sweeping out, so no error accumulates). Forced-in
//! columns (`always`) are swept at the root: every R2 then includes them and the measures share
//! R2(all) - R2(always) among the other sets.
//! - Additional contribution of set i to S (i not in S): R2(S + i) - R2(S).
//! - Conditional dominance at size k: C_i(k) = mean over the C(p-1, k) subsets S of size k
//!   without i of the additional contribution; general dominance G_i = mean_k C_i(k)
//!   (= LMG); sum_i G_i = R2(all) - R2(always).
//! - Complete dominance of i over j: R2(S + i) > R2(S + j) for every S without i and j;
//!   conditional: C_i(k) > C_j(k) for every k; general: G_i > G_j. Reported as 1 (i dominates
//!   j), 0 (j dominates i) or 0.5 (neither), as dominanceanalysis does.
//! - Relative weights: with R_xx = V L V' the predictors' correlation matrix and r_xy their
//!   correlations with y, L* = V L^(1/2) V', b* = L*^(-1) r_xy; raw weight of column j =
//!   sum_k L*_jk^2 b*_k^2 (they sum to R2); a set's weight is the sum over its columns
//!   (Tonidandel and LeBreton 2011); rescaled = raw / sum * 100. With forced-in columns the
//!   weights are computed on the correlations partialled for them and multiplied by
//!   1 - R2(always), so they too sum to R2(all) - R2(always).
//! - Bootstrap (B resamples of cases or clusters): SE = sd of the B values, percentile
//!   interval (type 7) for every weight, rank (1 = most important; ties share the mean rank)
//!   and pairwise difference of general dominance; reproducibility of a relation = share of
//!   resamples in which it is the same as in the sample.

mod subsets;

pub use subsets::sweep;

use crate::estimate::regression::covariance::{cluster_groups, resample};
use crate::estimate::regression::ols::mean_sd;
use crate::numeric::Rng;
use crate::numeric::order::quantile7;
use crate::results::importance::{
    DominancePair, ImportanceResult, Measure, SetImportance, SubsetFit,
};
use ndarray::{ArrayView1, ArrayView2};
use subsets::{COLLINEAR_TOL, all_subsets, correlations};

/// Most sets a dominance analysis takes: 2^15 = 32,768 subsets.
pub const MAX_SETS: usize = 15;

/// What to decompose.
#[derive(Clone, Debug)]
pub struct ImportanceSpec {
    /// Each set: its name and its columns in the design (no intercept column).
    pub sets: Vec<(String, Vec<usize>)>,
    /// Forced-in columns (relaimpo's `always`).
    pub always: Vec<usize>,
    /// Bootstrap resamples (0: none).
    pub boot: usize,
    pub seed: u64,
    pub level: f64,
}

/// Errors of a relative-importance analysis.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ImportanceError {
    #[error("relative importance needs at least 2 predictors (sets); {0} given")]
    TooFewSets(usize),
    #[error(
        "dominance analysis fits all 2^p subsets: at most {MAX_SETS} predictors (sets), {0} given; group related terms (groups = ...) or force some in (always = ...)"
    )]
    TooManySets(usize),
    #[error(
        "{0} is a linear combination of the other predictors (collinear): its importance is not defined"
    )]
    Collinear(String),
    #[error("{n} complete cases are too few for {k} predictor columns")]
    TooFewCases { n: usize, k: usize },
    #[error("y has no variance")]
    ConstantY,
}

/// Up to this many sets the all-subsets table is part of the results.
pub const SUBSET_TABLE_MAX_SETS: usize = 12;

/// Conditional contributions C_i(k) and general dominance from the all-subsets R2.
fn dominance(r2: &[f64], p: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut sums = vec![vec![0.0; p]; p];
    let mut counts = vec![vec![0usize; p]; p];
    for mask in 0..(1usize << p) {
        let k = mask.count_ones() as usize;
        for i in 0..p {
            if mask & (1 << i) == 0 {
                sums[i][k] += r2[mask | (1 << i)] - r2[mask];
                counts[i][k] += 1;
            }
        }
    }
    let cond: Vec<Vec<f64>> = (0..p)
        .map(|i| (0..p).map(|k| sums[i][k] / counts[i][k] as f64).collect())
        .collect();
    let general = cond
        .iter()
        .map(|c| c.iter().sum::<f64>() / p as f64)
        .collect();
    (cond, general)
}

/// 1, 0 or 0.5 from "i over j in every comparison" / "j over i in every comparison" (it stops
/// at the first comparison that settles "neither").
fn relation(diffs: impl Iterator<Item = f64>) -> f64 {
    let (mut all_pos, mut all_neg) = (true, true);
    for d in diffs {
        all_pos &= d > 0.0;
        all_neg &= d < 0.0;
        if !all_pos && !all_neg {
            return 0.5;
        }
    }
    if all_pos {
        1.0
    } else if all_neg {
        0.0
    } else {
        0.5
    }
}

/// Complete, conditional and general dominance of i over j.
fn relations(r2: &[f64], cond: &[Vec<f64>], general: &[f64], i: usize, j: usize) -> [f64; 3] {
    let p = cond.len();
    // The subsets holding neither i nor j: the p - 2 other bits spread around positions i, j.
    let (lo, hi) = (i.min(j), i.max(j));
    let spread = |m: usize| {
        let a = m & ((1 << lo) - 1);
        let rest = m >> lo;
        let b = rest & ((1 << (hi - lo - 1)) - 1);
        let c = rest >> (hi - lo - 1);
        a | (b << (lo + 1)) | (c << (hi + 1))
    };
    let complete = relation(
        (0..(1usize << (p - 2)))
            .map(spread)
            .map(|m| r2[m | (1 << i)] - r2[m | (1 << j)]),
    );
    let conditional = relation((0..p).map(|k| cond[i][k] - cond[j][k]));
    let general = relation(std::iter::once(general[i] - general[j]));
    [complete, conditional, general]
}

/// Johnson's relative weights per set from the correlation matrix (forced-in columns
/// partialled out), times 1 - R2(always).
fn relative_weights(
    a: &[f64],
    d: usize,
    layout: &[Vec<usize>],
    always: &[usize],
) -> Option<Vec<f64>> {
    let mut m = a.to_vec();
    for &c in always {
        sweep(&mut m, d, c, 1.0, COLLINEAR_TOL);
    }
    let base = 1.0 - m[d * d - 1];
    let cols: Vec<usize> = layout.iter().flatten().copied().collect();
    let k = cols.len();
    // Partial correlations among the set columns and y.
    let yv = m[d * d - 1];
    let sd: Vec<f64> = cols.iter().map(|&c| m[c * d + c].sqrt()).collect();
    let rxx =
        ndarray::Array2::from_shape_fn((k, k), |(r, c)| m[cols[r] * d + cols[c]] / (sd[r] * sd[c]));
    let rxy: Vec<f64> = (0..k)
        .map(|r| m[cols[r] * d + d - 1] / (sd[r] * yv.sqrt()))
        .collect();
    let (vals, vecs) = crate::numeric::linalg::eigen_sym(&rxx)?;
    if vals.iter().any(|&l| !(l > COLLINEAR_TOL)) {
        return None;
    }
    // L* = V diag(sqrt l) V'; b* = V diag(1/sqrt l) V' r_xy.
    let lstar = ndarray::Array2::from_shape_fn((k, k), |(r, c)| {
        (0..k)
            .map(|e| vecs[[r, e]] * vals[e].sqrt() * vecs[[c, e]])
            .sum::<f64>()
    });
    let vt_r: Vec<f64> = (0..k)
        .map(|e| (0..k).map(|r| vecs[[r, e]] * rxy[r]).sum::<f64>() / vals[e].sqrt())
        .collect();
    let bstar: Vec<f64> = (0..k)
        .map(|r| (0..k).map(|e| vecs[[r, e]] * vt_r[e]).sum())
        .collect();
    let raw: Vec<f64> = (0..k)
        .map(|j| {
            (0..k)
                .map(|e| lstar[[j, e]].powi(2) * bstar[e].powi(2))
                .sum::<f64>()
        })
        .collect();
    let mut pos = 0;
    Some(
        layout
            .iter()
            .map(|set| {
                let w: f64 = raw[pos..pos + set.len()].iter().sum();
                pos += set.len();
                w * (1.0 - base)
            })
            .collect(),
    )
}

/// Ranks, 1 = largest; ties share the mean rank.
fn ranks(v: &[f64]) -> Vec<f64> {
    v.iter()
        .map(|&x| {
            let above = v.iter().filter(|&&y| y > x).count() as f64;
            let ties = v.iter().filter(|&&y| y == x).count() as f64;
            above + (ties + 1.0) / 2.0
        })
        .collect()
}

/// Every number of one sample (or resample).
struct Sample {
    r2: Vec<f64>,
    base: f64,
    cond: Vec<Vec<f64>>,
    general: Vec<f64>,
    weights: Vec<f64>,
}

fn analyse(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    spec: &ImportanceSpec,
    rows: &[usize],
) -> Result<Sample, ImportanceError> {
    let mut cols: Vec<usize> = spec.always.clone();
    let mut layout = Vec::new();
    for (_, c) in &spec.sets {
        layout.push((cols.len()..cols.len() + c.len()).collect::<Vec<_>>());
        cols.extend(c);
    }
    let always: Vec<usize> = (0..spec.always.len()).collect();
    let (a, _) = correlations(x, y, &cols, rows).ok_or(ImportanceError::ConstantY)?;
    let d = cols.len() + 1;
    let (r2, base) = all_subsets(&a, d, &layout, &always)
        .map_err(|i| ImportanceError::Collinear(spec.sets[i].0.clone()))?;
    let p = layout.len();
    let (cond, general) = dominance(&r2, p);
    let weights = relative_weights(&a, d, &layout, &always)
        .ok_or_else(|| ImportanceError::Collinear(spec.sets[0].0.clone()))?;
    Ok(Sample {
        r2,
        base,
        cond,
        general,
        weights,
    })
}

fn measure(est: f64, boot: Option<&Vec<f64>>, level: f64) -> Measure {
    match boot {
        Some(v) if v.len() > 1 => {
            let mut s = v.clone();
            s.sort_by(f64::total_cmp);
            let a = (1.0 - level) / 2.0;
            Measure {
                estimate: est,
                boot_se: Some(mean_sd(s.iter().copied()).1),
                conf_low: Some(quantile7(&s, a)),
                conf_high: Some(quantile7(&s, 1.0 - a)),
            }
        }
        _ => Measure {
            estimate: est,
            boot_se: None,
            conf_low: None,
            conf_high: None,
        },
    }
}

/// Dominance analysis and relative weights of `spec.sets` for y on the design x (columns as
/// the spec names them; the intercept is implicit: cross-products are centred).
pub fn importance(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    spec: &ImportanceSpec,
    clusters: Option<&[usize]>,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<ImportanceResult, ImportanceError> {
    let p = spec.sets.len();
    if p < 2 {
        return Err(ImportanceError::TooFewSets(p));
    }
    if p > MAX_SETS {
        return Err(ImportanceError::TooManySets(p));
    }
    let n = y.len();
    let k = spec.sets.iter().map(|s| s.1.len()).sum::<usize>() + spec.always.len();
    if n <= k + 1 {
        return Err(ImportanceError::TooFewCases { n, k });
    }
    let all: Vec<usize> = (0..n).collect();
    let s = analyse(x, y, spec, &all)?;
    let full = (1usize << p) - 1;
    let names: Vec<String> = spec.sets.iter().map(|s| s.0.clone()).collect();
    // Relations of each pair i < j (j over i is their complement).
    let sample_rel: Vec<Vec<[f64; 3]>> = (0..p)
        .map(|i| {
            (0..p)
                .map(|j| {
                    if i < j {
                        relations(&s.r2, &s.cond, &s.general, i, j)
                    } else {
                        [0.5; 3]
                    }
                })
                .collect()
        })
        .collect();

    // Bootstrap.
    let mut boot_general = vec![Vec::new(); p];
    let mut boot_rank = vec![Vec::new(); p];
    let mut boot_weight = vec![Vec::new(); p];
    let mut boot_pct = vec![Vec::new(); p];
    let mut boot_diff = vec![vec![Vec::new(); p]; p];
    let mut same = vec![vec![[0usize; 3]; p]; p];
    let mut dominates = vec![vec![0usize; p]; p];
    let mut replaced = 0;
    let groups = clusters.map(cluster_groups);
    let mut rng = Rng::new(spec.seed);
    let mut done = 0;
    while done < spec.boot {
        let rows = resample(&mut rng, groups.as_deref(), n);
        let Ok(b) = analyse(x, y, spec, &rows) else {
            replaced += 1;
            if replaced > spec.boot {
                break;
            }
            continue;
        };
        let rk = ranks(&b.general);
        let wsum: f64 = b.weights.iter().sum();
        for i in 0..p {
            boot_general[i].push(b.general[i]);
            boot_rank[i].push(rk[i]);
            boot_weight[i].push(b.weights[i]);
            boot_pct[i].push(100.0 * b.weights[i] / wsum);
            for j in i + 1..p {
                boot_diff[i][j].push(b.general[i] - b.general[j]);
                let r = relations(&b.r2, &b.cond, &b.general, i, j);
                for kind in 0..3 {
                    same[i][j][kind] += usize::from(r[kind] == sample_rel[i][j][kind]);
                }
                dominates[i][j] += usize::from(r[2] == 1.0);
            }
        }
        done += 1;
        if let Some(pr) = progress {
            pr(done, spec.boot);
        }
    }
    let reps = done;
    let boot = reps > 0;
    let share = |c: usize| boot.then(|| c as f64 / reps as f64);

    let r2_total = s.r2[full];
    let explained = r2_total - s.base;
    let wsum: f64 = s.weights.iter().sum();
    let rk = ranks(&s.general);
    let sets = (0..p)
        .map(|i| SetImportance {
            term: names[i].clone(),
            general: measure(s.general[i], boot.then(|| &boot_general[i]), spec.level),
            general_percent: 100.0 * s.general[i] / explained,
            rank: measure(rk[i], boot.then(|| &boot_rank[i]), spec.level),
            conditional: s.cond[i].clone(),
            relative_weight: measure(s.weights[i], boot.then(|| &boot_weight[i]), spec.level),
            relative_weight_percent: measure(
                100.0 * s.weights[i] / wsum,
                boot.then(|| &boot_pct[i]),
                spec.level,
            ),
        })
        .collect();
    let mut pairs = Vec::new();
    for i in 0..p {
        for j in i + 1..p {
            let rel = sample_rel[i][j];
            let diff = measure(
                s.general[i] - s.general[j],
                boot.then(|| &boot_diff[i][j]),
                spec.level,
            );
            pairs.push(DominancePair {
                i: names[i].clone(),
                j: names[j].clone(),
                complete: rel[0],
                conditional: rel[1],
                general: rel[2],
                complete_reproducibility: share(same[i][j][0]),
                conditional_reproducibility: share(same[i][j][1]),
                general_reproducibility: share(same[i][j][2]),
                general_p_dominates: share(dominates[i][j]),
                difference: diff.estimate,
                difference_conf_low: diff.conf_low,
                difference_conf_high: diff.conf_high,
            });
        }
    }
    let mut notes = Vec::new();
    let subsets = if p <= SUBSET_TABLE_MAX_SETS {
        (0..(1usize << p))
            .map(|m| SubsetFit {
                terms: (0..p)
                    .filter(|i| m & (1 << i) != 0)
                    .map(|i| names[i].clone())
                    .collect(),
                r_squared: s.r2[m],
            })
            .collect()
    } else {
        notes.push(format!(
            "The all-subsets table ({} models) is left out above {SUBSET_TABLE_MAX_SETS} predictors.",
            1usize << p
        ));
        Vec::new()
    };
    if spec.boot > 0 && reps < spec.boot {
        notes.push(format!(
            "Only {reps} of {} bootstrap resamples could be analysed: in {replaced} a predictor was collinear or y constant.",
            spec.boot
        ));
    }
    Ok(ImportanceResult {
        name: String::new(),
        outcome: String::new(),
        always: Vec::new(),
        nobs: n,
        rows_read: n,
        r_squared: r2_total,
        r_squared_always: s.base,
        sets,
        pairs,
        subsets,
        bootstrap_reps: reps,
        seed: spec.seed,
        conf_level: spec.level,
        resampled: if !boot {
            String::new()
        } else if groups.is_some() {
            "clusters".into()
        } else {
            "cases".into()
        },
        clusters: groups.as_ref().map(Vec::len),
        replaced,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeping_a_column_in_gives_the_regression_on_it() {
        // Correlations of x1, x2, y; sweeping x1 leaves y's residual variance 1 - r1y^2.
        let r = [1.0, 0.3, 0.5, 0.3, 1.0, 0.4, 0.5, 0.4, 1.0];
        let mut a = r.to_vec();
        assert!(sweep(&mut a, 3, 0, 1.0, 1e-10));
        assert!((a[8] - (1.0 - 0.25)).abs() < 1e-15);
        // Then x2: R2 = (r1y^2 + r2y^2 - 2 r1y r2y r12) / (1 - r12^2).
        assert!(sweep(&mut a, 3, 1, 1.0, 1e-10));
        let r2 = (0.25 + 0.16 - 2.0 * 0.5 * 0.4 * 0.3) / (1.0 - 0.09);
        assert!((1.0 - a[8] - r2).abs() < 1e-15);
        // A column equal to a swept one cannot be swept.
        let mut b = [1.0, 1.0, 1.0, 1.0].to_vec();
        assert!(sweep(&mut b, 2, 0, 1.0, 1e-10));
        assert!(!sweep(&mut b, 2, 1, 1.0, 1e-10));
    }

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks(&[0.1, 0.3, 0.3, 0.05]), vec![3.0, 1.5, 1.5, 4.0]);
    }
}
