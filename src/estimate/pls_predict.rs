//! PLSpredict: cross-validated predictions of the endogenous constructs' indicators
//! (Shmueli, Ray, Velasquez Estrada & Chatla 2016; Shmueli et al. 2019).
//!
//! # Procedure
//! The rows are shuffled and cut into k folds of equal size (± 1); for each fold the model is
//! estimated on the other k - 1 folds and the held-out rows predicted from that estimate:
//! 1. standardize the held-out indicators by the training means and SDs (divisor n - 1);
//! 2. construct scores from the training outer weights, Y_j = Σ z_m w_jm;
//! 3. endogenous constructs from the training paths: **DA** (direct antecedents; seminr's
//!    default; Danks 2021) Ŷ_j = Σ_i b_ij Y_i from the antecedents' own scores; **EA** (earliest
//!    antecedents; Shmueli et al. 2016) Ŷ_j = Σ_i b_ij Ŷ_i in causal order, Ŷ_i = Y_i for the
//!    exogenous constructs only;
//! 4. indicators x̂_m = mean_m + sd_m λ_m Ŷ_j with the training loadings.
//!
//! Repetitions reshuffle; a row's prediction is the mean of its predictions over repetitions
//! (as seminr's predict_pls, which however reuses one shuffle for every repetition). The
//! benchmarks: the **linear model** (LM) regresses each endogenous indicator, with an
//! intercept, on the indicators of the exogenous constructs (Shmueli et al. 2019; SmartPLS),
//! fitted on the same training folds; the **naive** prediction is the training mean.
//! RMSE = √mean(e²), MAE = mean|e| over all rows, Q²predict = 1 - Σe² / Σe_naive².

use super::pls::{PlsError, PlsSpec, correlation};
use crate::numeric::linalg::inverse_spd;
use crate::numeric::rng::Rng;
use crate::results::pls::{PlsPredictItem, PlsPrediction};
use ndarray::Array2;

/// How endogenous constructs are predicted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
pub enum Technique {
    /// Direct antecedents: from the scores of each construct's own predictors (seminr's
    /// default).
    #[default]
    #[value(name = "DA", alias = "direct")]
    DA,
    /// Earliest antecedents: from the exogenous constructs only, through the chain of paths.
    #[value(name = "EA", alias = "earliest")]
    EA,
}

/// What PLSpredict is asked to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PredictSpec {
    pub folds: usize,
    pub repetitions: usize,
    pub technique: Technique,
}

/// Folds of each repetition: `folds[r][i]` is the fold (0-based) of row i.
pub fn draw_folds(n: usize, k: usize, reps: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rng = Rng::new(seed);
    (0..reps)
        .map(|_| {
            let mut order: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                let j = (rng.uniform() * (i + 1) as f64) as usize;
                order.swap(i, j.min(i));
            }
            let mut fold = vec![0; n];
            for (pos, &row) in order.iter().enumerate() {
                fold[row] = pos * k / n;
            }
            fold
        })
        .collect()
}

/// Means and SDs (n - 1) of the columns over `rows`.
fn moments(x: &Array2<f64>, rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let n = rows.len() as f64;
    let p = x.ncols();
    let mean: Vec<f64> = (0..p)
        .map(|j| rows.iter().map(|&i| x[[i, j]]).sum::<f64>() / n)
        .collect();
    let sd = (0..p)
        .map(|j| {
            let ss: f64 = rows.iter().map(|&i| (x[[i, j]] - mean[j]).powi(2)).sum();
            (ss / (n - 1.0)).sqrt()
        })
        .collect();
    (mean, sd)
}

/// Least squares with an intercept of each of `ys` on `xs` over `rows` (whose column means
/// are `mean`): for each y the
/// intercept and slopes; None when the predictors are collinear.
fn linear_benchmark(
    data: &Array2<f64>,
    rows: &[usize],
    mean: &[f64],
    xs: &[usize],
    ys: &[usize],
) -> Option<Vec<(f64, Vec<f64>)>> {
    let q = xs.len();
    let mut xx = Array2::<f64>::zeros((q, q));
    for &i in rows {
        for (a, &xa) in xs.iter().enumerate() {
            let da = data[[i, xa]] - mean[xa];
            for (b, &xb) in xs.iter().enumerate().take(a + 1) {
                xx[[a, b]] += da * (data[[i, xb]] - mean[xb]);
            }
        }
    }
    for a in 0..q {
        for b in 0..a {
            xx[[b, a]] = xx[[a, b]];
        }
    }
    let inv = inverse_spd(&xx)?;
    ys.iter()
        .map(|&y| {
            let xy: Vec<f64> = xs
                .iter()
                .map(|&x| {
                    rows.iter()
                        .map(|&i| (data[[i, x]] - mean[x]) * (data[[i, y]] - mean[y]))
                        .sum()
                })
                .collect();
            let b: Vec<f64> = (0..q)
                .map(|a| (0..q).map(|c| inv[[a, c]] * xy[c]).sum())
                .collect();
            let b0 = mean[y] - xs.iter().zip(&b).map(|(&x, bx)| mean[x] * bx).sum::<f64>();
            b.iter().all(|v| v.is_finite()).then_some((b0, b))
        })
        .collect()
}

/// Cross-validated predictions of the endogenous indicators; `items` names the data's
/// columns, `folds` are those of [`draw_folds`].
pub fn predict(
    spec: &PlsSpec,
    data: &Array2<f64>,
    items: &[String],
    folds: &[Vec<usize>],
    technique: Technique,
) -> Result<PlsPrediction, PlsError> {
    let (n, k) = (data.nrows(), spec.blocks.len());
    let preds = spec.predecessors();
    let order = spec.topological_order()?;
    let endogenous: Vec<usize> = (0..k).filter(|&j| !preds[j].is_empty()).collect();
    let targets: Vec<(usize, usize)> = endogenous
        .iter()
        .flat_map(|&j| (0..spec.blocks[j].items.len()).map(move |m| (j, m)))
        .collect();
    let ys: Vec<usize> = targets
        .iter()
        .map(|&(j, m)| spec.blocks[j].items[m])
        .collect();
    let exogenous: Vec<usize> = (0..k).filter(|&j| preds[j].is_empty()).collect();
    let xs: Vec<usize> = exogenous
        .iter()
        .flat_map(|&j| spec.blocks[j].items.iter().copied())
        .collect();
    let t = ys.len();
    let mut pls = Array2::<f64>::zeros((n, t));
    let mut lm = Array2::<f64>::zeros((n, t));
    let mut naive = Array2::<f64>::zeros((n, t));
    let nfolds = folds
        .iter()
        .flat_map(|f| f.iter().max())
        .max()
        .map_or(0, |m| m + 1);
    for (r, fold) in folds.iter().enumerate() {
        for f in 0..nfolds {
            let (test, train): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| fold[i] == f);
            if test.is_empty() {
                continue;
            }
            let at = |error| PlsError::Fold {
                rep: r + 1,
                fold: f + 1,
                error: Box::new(error),
            };
            let s = correlation(data, Some(&train)).ok_or_else(|| {
                let j = (0..data.ncols())
                    .find(|&j| train.iter().all(|&i| data[[i, j]] == data[[train[0], j]]))
                    .unwrap_or(0);
                at(PlsError::Constant(items[j].clone()))
            })?;
            let fit = spec.fit(&s).map_err(at)?;
            let (mean, sd) = moments(data, &train);
            let mut b = Array2::<f64>::zeros((k, k));
            for (p, &(from, to)) in spec.paths.iter().enumerate() {
                b[[from, to]] = fit.paths[p];
            }
            let benchmark = linear_benchmark(data, &train, &mean, &xs, &ys).ok_or_else(|| {
                PlsError::Benchmark {
                    rep: r + 1,
                    fold: f + 1,
                    construct: spec.blocks[exogenous[0]].name.clone(),
                }
            })?;
            for &i in &test {
                let score: Vec<f64> = spec
                    .blocks
                    .iter()
                    .zip(&fit.weights)
                    .map(|(bl, w)| {
                        bl.items
                            .iter()
                            .zip(w)
                            .map(|(&m, wm)| (data[[i, m]] - mean[m]) / sd[m] * wm)
                            .sum()
                    })
                    .collect();
                let mut hat = score.clone();
                match technique {
                    Technique::DA => {
                        for &j in &endogenous {
                            hat[j] = preds[j].iter().map(|&a| b[[a, j]] * score[a]).sum();
                        }
                    }
                    Technique::EA => {
                        for &j in order.iter().filter(|&&j| !preds[j].is_empty()) {
                            hat[j] = preds[j].iter().map(|&a| b[[a, j]] * hat[a]).sum();
                        }
                    }
                }
                for (c, (&(j, m), &y)) in targets.iter().zip(&ys).enumerate() {
                    pls[[i, c]] += mean[y] + sd[y] * fit.loadings[j][m] * hat[j];
                    let (b0, bx) = &benchmark[c];
                    lm[[i, c]] += b0
                        + xs.iter()
                            .zip(bx)
                            .map(|(&x, v)| data[[i, x]] * v)
                            .sum::<f64>();
                    naive[[i, c]] += mean[y];
                }
            }
        }
    }
    let reps = folds.len() as f64;
    let out = targets
        .iter()
        .zip(&ys)
        .enumerate()
        .map(|(c, (&(j, _), &y))| {
            let err = |m: &Array2<f64>| -> Vec<f64> {
                (0..n).map(|i| data[[i, y]] - m[[i, c]] / reps).collect()
            };
            let (e, el, e0) = (err(&pls), err(&lm), err(&naive));
            let ss = |e: &[f64]| e.iter().map(|v| v * v).sum::<f64>();
            let rmse = |e: &[f64]| (ss(e) / n as f64).sqrt();
            let mae = |e: &[f64]| e.iter().map(|v| v.abs()).sum::<f64>() / n as f64;
            PlsPredictItem {
                construct: spec.blocks[j].name.clone(),
                item: items[y].clone(),
                q2_predict: 1.0 - ss(&e) / ss(&e0),
                rmse: rmse(&e),
                mae: mae(&e),
                lm_q2_predict: 1.0 - ss(&el) / ss(&e0),
                lm_rmse: rmse(&el),
                lm_mae: mae(&el),
            }
        })
        .collect();
    Ok(PlsPrediction {
        folds: nfolds,
        repetitions: folds.len(),
        technique: format!("{technique:?}"),
        seed: None,
        benchmark_constructs: exogenous
            .iter()
            .map(|&j| spec.blocks[j].name.clone())
            .collect(),
        items: out,
    })
}
