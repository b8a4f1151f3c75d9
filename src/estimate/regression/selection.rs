//! Variable selection with SPSS REGRESSION's semantics: METHOD = ENTER, STEPWISE, FORWARD,
//! BACKWARD and REMOVE, every step on the same (listwise) sample, and hierarchical entry of
//! blocks with SPSS's CHANGE statistics.
//!
//! # Rules (IBM SPSS Statistics Algorithms, REGRESSION)
//! - F-to-enter of a candidate x: the partial F (= t^2) of x added to the current model;
//!   F-to-remove of a variable in the model: its partial F. Probabilities from F(1, n - p - 1).
//! - Entry needs Probability-of-F-to-enter <= PIN (or F >= FIN) and the tolerance test: x's
//!   tolerance on the variables in the model, and every variable's tolerance once x is in,
//!   at least TOLERANCE (default .0001). The candidate with the smallest probability enters.
//! - Removal: the variable with the largest Probability-of-F-to-remove leaves when it is
//!   >= POUT (or F <= FOUT). STEPWISE considers removal before entry at each step.
//! - BACKWARD starts from all variables; REMOVE takes all of them out in one step.
//! - Change statistics between consecutive models: R2 change, F change =
//!   (R2 change / df1) / ((1 - R2) / df2), df1 = columns added, df2 = n - p - 1.

use super::lsq::{LsqOptions, solve};
use super::ols::mean_sd;
use crate::numeric::dist::f_upper_p;
use crate::results::regression::{Excluded, Selection, SelectionFrequency, Step};
use ndarray::{Array1, ArrayView1, ArrayView2, Axis};

/// The selection method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// All terms at once (or block by block with blocks).
    Enter,
    /// Forward entry by PIN with removal by POUT after each step.
    Stepwise,
    /// Forward entry by PIN, no removal.
    Forward,
    /// Start from all terms, remove by POUT.
    Backward,
    /// Remove the named block at once.
    Remove,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Method::Enter => "Enter",
            Method::Stepwise => "Stepwise",
            Method::Forward => "Forward",
            Method::Backward => "Backward",
            Method::Remove => "Remove",
        }
    }
}

/// Entry and removal criteria.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Criteria {
    pub pin: f64,
    pub pout: f64,
    /// F-to-enter / F-to-remove values, used instead of the probabilities when set.
    pub fin: Option<f64>,
    pub fout: Option<f64>,
    pub tolerance: f64,
}

impl Default for Criteria {
    fn default() -> Self {
        Criteria {
            pin: 0.05,
            pout: 0.10,
            fin: None,
            fout: None,
            tolerance: 1e-4,
        }
    }
}

impl Criteria {
    /// SPSS's "Method" text, e.g. "Stepwise (Criteria: Probability-of-F-to-enter <= .050,
    /// Probability-of-F-to-remove >= .100)".
    pub fn method_text(&self, m: Method) -> String {
        let p3 = |v: f64| format!("{v:.3}").trim_start_matches('0').to_string();
        let enter = match self.fin {
            Some(f) => format!("F-to-enter >= {f:.3}"),
            None => format!("Probability-of-F-to-enter <= {}", p3(self.pin)),
        };
        let remove = match self.fout {
            Some(f) => format!("F-to-remove <= {f:.3}"),
            None => format!("Probability-of-F-to-remove >= {}", p3(self.pout)),
        };
        match m {
            Method::Enter => "Enter".into(),
            Method::Remove => "Remove".into(),
            Method::Stepwise => format!("Stepwise (Criteria: {enter}, {remove})."),
            Method::Forward => format!("Forward (Criterion: {enter})"),
            Method::Backward => format!("Backward (criterion: {remove})."),
        }
    }
}

struct Fit {
    sse: f64,
    coef: Array1<f64>,
    /// (X'X)^-1 diagonal of the fitted columns (in the order of `cols`).
    xtx_inv_diag: Vec<f64>,
}

fn fit_cols(x: ArrayView2<f64>, y: ArrayView1<f64>, cols: &[usize]) -> Option<Fit> {
    let xs = x.select(Axis(1), cols);
    if let Some((coef, sse, diag)) = super::lsq::coef_sse_diag(xs.view(), y) {
        return Some(Fit {
            sse,
            coef,
            xtx_inv_diag: diag,
        });
    }
    let s = solve(xs.view(), y, LsqOptions::default()).ok()?;
    if s.aliased.iter().any(|&a| a) {
        return None;
    }
    let diag = (0..cols.len())
        .map(|c| s.bread.row(c).dot(&s.bread.row(c)))
        .collect();
    Some(Fit {
        sse: s.sse,
        coef: s.coef,
        xtx_inv_diag: diag,
    })
}

/// Selection over the columns of `x` (column 0 the intercept when `intercept`), with
/// `candidates` the eligible columns (in the order given) and `blocks` for hierarchical entry.
pub struct Selector<'a> {
    x: ArrayView2<'a, f64>,
    y: ArrayView1<'a, f64>,
    terms: &'a [String],
    intercept: bool,
    criteria: Criteria,
    /// Sum of squares of each column about its mean (about 0 without an intercept).
    css: Vec<f64>,
}

impl<'a> Selector<'a> {
    pub fn new(
        x: ArrayView2<'a, f64>,
        y: ArrayView1<'a, f64>,
        terms: &'a [String],
        intercept: bool,
        criteria: Criteria,
    ) -> Selector<'a> {
        let css = x
            .columns()
            .into_iter()
            .map(|c| {
                let m = if intercept {
                    c.sum() / c.len() as f64
                } else {
                    0.0
                };
                c.iter().map(|v| (v - m) * (v - m)).sum()
            })
            .collect();
        Selector {
            x,
            y,
            terms,
            intercept,
            criteria,
            css,
        }
    }
}

impl Selector<'_> {
    fn sst(&self) -> f64 {
        let (m, _) = mean_sd(self.y.iter().copied());
        if self.intercept {
            self.y.iter().map(|v| (v - m) * (v - m)).sum()
        } else {
            self.y.iter().map(|v| v * v).sum()
        }
    }

    fn base(&self) -> Vec<usize> {
        if self.intercept { vec![0] } else { vec![] }
    }

    fn sse_of(&self, cols: &[usize]) -> Option<f64> {
        if cols.is_empty() {
            return Some(self.y.iter().map(|v| v * v).sum());
        }
        fit_cols(self.x, self.y, cols).map(|f| f.sse)
    }

    /// Fit `model` + c: c's t statistic and df, the fit, c's tolerance on the model's slopes,
    /// and the smallest tolerance of any slope once c is in. Tolerances come from the fit's
    /// own (X'X)^-1 diagonal: tol_v = 1 / ([(X'X)^-1]_vv css_v) (Frisch-Waugh-Lovell).
    fn augmented(&self, model: &[usize], c: usize) -> Option<(f64, f64, Fit, f64, f64)> {
        let mut cols = model.to_vec();
        cols.push(c);
        let (t, df, f) = self.t_of(&cols, c)?;
        let tol = |pos: usize| 1.0 / (f.xtx_inv_diag[pos] * self.css[cols[pos]]);
        let own = tol(cols.len() - 1);
        let min = (0..cols.len())
            .filter(|&p| !(self.intercept && cols[p] == 0))
            .map(tol)
            .fold(f64::INFINITY, f64::min);
        Some((t, df, f, own, min))
    }

    /// t statistic of column c in the model `cols` (which contains c), with df.
    fn t_of(&self, cols: &[usize], c: usize) -> Option<(f64, f64, Fit)> {
        let f = fit_cols(self.x, self.y, cols)?;
        let n = self.y.len();
        let df = (n - cols.len()) as f64;
        let pos = cols.iter().position(|&x| x == c)?;
        let s2 = f.sse / df;
        let t = f.coef[pos] / (s2 * f.xtx_inv_diag[pos]).sqrt();
        Some((t, df, f))
    }

    fn excluded(&self, model: &[usize], candidates: &[usize]) -> Vec<Excluded> {
        let (_, sdy) = mean_sd(self.y.iter().copied());
        candidates
            .iter()
            .filter(|c| !model.contains(c))
            .filter_map(|&c| {
                let (t, df, f, tol, min_tol) = self.augmented(model, c)?;
                let (_, sdx) = mean_sd(self.x.column(c).iter().copied());
                Some(Excluded {
                    term: self.terms[c].clone(),
                    beta_in: f.coef[model.len()] * sdx / sdy,
                    statistic: t,
                    p_value: f_upper_p(t * t, 1.0, df).unwrap_or(f64::NAN),
                    partial_correlation: t / (t * t + df).sqrt(),
                    tolerance: tol,
                    vif: 1.0 / tol,
                    min_tolerance: min_tol,
                })
            })
            .collect()
    }

    fn step_record(
        &self,
        number: usize,
        entered: Vec<usize>,
        removed: Vec<usize>,
        prev: &[usize],
        now: &[usize],
        candidates: &[usize],
    ) -> Step {
        let n = self.y.len();
        let sst = self.sst();
        let r2 = |cols: &[usize]| 1.0 - self.sse_of(cols).unwrap_or(f64::NAN) / sst;
        let (r2_prev, r2_now) = (
            if prev.len() == self.base().len() {
                0.0
            } else {
                r2(prev)
            },
            r2(now),
        );
        let df1 = now.len().abs_diff(prev.len());
        let df2 = n - now.len();
        let change = r2_now - r2_prev;
        let f = (change.abs() / df1 as f64)
            / ((1.0 - if change >= 0.0 { r2_now } else { r2_prev })
                / (if change >= 0.0 { df2 } else { n - prev.len() }) as f64);
        let dfd = if change >= 0.0 { df2 } else { n - prev.len() };
        Step {
            step: number,
            entered: entered.iter().map(|&c| self.terms[c].clone()).collect(),
            removed: removed.iter().map(|&c| self.terms[c].clone()).collect(),
            columns: now.to_vec(),
            terms: now.iter().map(|&c| self.terms[c].clone()).collect(),
            r_squared: r2_now,
            r_squared_change: change,
            f_change: f,
            df1,
            df2: dfd,
            p_change: f_upper_p(f, df1 as f64, dfd as f64).unwrap_or(f64::NAN),
            excluded: self.excluded(now, candidates),
        }
    }

    fn enters(&self, p: f64, t: f64) -> bool {
        match self.criteria.fin {
            Some(fin) => t * t >= fin,
            None => p <= self.criteria.pin,
        }
    }

    fn leaves(&self, p: f64, t: f64) -> bool {
        match self.criteria.fout {
            Some(fout) => t * t <= fout,
            None => p >= self.criteria.pout,
        }
    }

    /// Run `method` over `candidates`.
    pub fn run(&self, method: Method, candidates: &[usize]) -> Selection {
        self.run_with(method, candidates, true)
    }

    /// The final model's columns only (no step statistics), for resampling.
    pub fn final_columns(&self, method: Method, candidates: &[usize]) -> Vec<usize> {
        self.run_with(method, candidates, false)
            .steps
            .last()
            .map(|s| s.columns.clone())
            .unwrap_or_default()
    }

    fn run_with(&self, method: Method, candidates: &[usize], detail: bool) -> Selection {
        let record = |number: usize,
                      entered: Vec<usize>,
                      removed: Vec<usize>,
                      prev: &[usize],
                      now: &[usize]|
         -> Step {
            if detail {
                self.step_record(number, entered, removed, prev, now, candidates)
            } else {
                Step {
                    step: number,
                    entered: vec![],
                    removed: vec![],
                    columns: now.to_vec(),
                    terms: vec![],
                    r_squared: f64::NAN,
                    r_squared_change: f64::NAN,
                    f_change: f64::NAN,
                    df1: 0,
                    df2: 0,
                    p_change: f64::NAN,
                    excluded: vec![],
                }
            }
        };
        let base = self.base();
        let mut steps = Vec::new();
        let mut model = base.clone();
        match method {
            Method::Enter | Method::Backward | Method::Remove => {
                let mut all = base.clone();
                all.extend_from_slice(candidates);
                steps.push(record(1, candidates.to_vec(), vec![], &base, &all));
                model = all;
                if method == Method::Remove {
                    steps.push(record(2, vec![], candidates.to_vec(), &model, &base));
                }
            }
            _ => {}
        }
        if matches!(
            method,
            Method::Stepwise | Method::Forward | Method::Backward
        ) {
            let max_steps = 2 * candidates.len() + 2;
            while steps.len() < max_steps {
                let prev = model.clone();
                // Removal first (stepwise, backward).
                if method != Method::Forward {
                    let mut worst: Option<(usize, f64, f64)> = None;
                    for &c in model.iter().filter(|&&c| candidates.contains(&c)) {
                        if let Some((t, df, _)) = self.t_of(&model, c) {
                            let p = f_upper_p(t * t, 1.0, df).unwrap_or(f64::NAN);
                            if worst.is_none_or(|w| p > w.1) {
                                worst = Some((c, p, t));
                            }
                        }
                    }
                    if let Some((c, p, t)) = worst {
                        if self.leaves(p, t) {
                            model.retain(|&x| x != c);
                            steps.push(record(steps.len() + 1, vec![], vec![c], &prev, &model));
                            continue;
                        }
                    }
                    if method == Method::Backward {
                        break;
                    }
                }
                // Entry (stepwise, forward).
                let mut best: Option<(usize, f64, f64)> = None;
                for &c in candidates.iter().filter(|c| !model.contains(c)) {
                    // A candidate aliased with the model fails the tolerance test outright.
                    let Some((t, df, _, tol, min_tol)) = self.augmented(&model, c) else {
                        continue;
                    };
                    if tol < self.criteria.tolerance || min_tol < self.criteria.tolerance {
                        continue;
                    }
                    let p = f_upper_p(t * t, 1.0, df).unwrap_or(f64::NAN);
                    if best.is_none_or(|b| p < b.1) {
                        best = Some((c, p, t));
                    }
                }
                match best {
                    Some((c, p, t)) if self.enters(p, t) => {
                        model.push(c);
                        steps.push(record(steps.len() + 1, vec![c], vec![], &prev, &model));
                    }
                    _ => break,
                }
            }
        }
        Selection {
            method: method.name().to_lowercase(),
            method_text: self.criteria.method_text(method),
            steps,
        }
    }

    /// Hierarchical entry: block k adds its columns to blocks 1..k-1 (SPSS's successive
    /// METHOD = ENTER subcommands), each model on the same sample.
    pub fn blocks(&self, blocks: &[Vec<usize>]) -> Selection {
        let mut steps = Vec::new();
        let mut model = self.base();
        let all: Vec<usize> = blocks.iter().flatten().copied().collect();
        for (i, b) in blocks.iter().enumerate() {
            let prev = model.clone();
            model.extend_from_slice(b);
            steps.push(self.step_record(i + 1, b.clone(), vec![], &prev, &model, &all));
        }
        Selection {
            method: "blocks".into(),
            method_text: "Enter, in blocks".into(),
            steps,
        }
    }
}

/// Bootstrap of the selection: resample whole clusters with replacement `reps` times, rerun
/// the selection, and count how often each candidate is in the final model.
#[allow(clippy::too_many_arguments)]
pub fn stability(
    sel: &Selector,
    method: Method,
    candidates: &[usize],
    clusters: &[usize],
    reps: usize,
    seed: u64,
) -> (usize, Vec<SelectionFrequency>) {
    let groups = super::covariance::cluster_groups(clusters);
    let mut rng = crate::numeric::Rng::new(seed);
    let mut counts = vec![0usize; candidates.len()];
    let mut done = 0usize;
    for _ in 0..reps {
        let rows = super::covariance::resample_clusters(&mut rng, &groups);
        let xb = sel.x.select(Axis(0), &rows);
        let yb: Array1<f64> = rows.iter().map(|&i| sel.y[i]).collect();
        let s = Selector::new(xb.view(), yb.view(), sel.terms, sel.intercept, sel.criteria);
        let last = s.final_columns(method, candidates);
        for (k, c) in candidates.iter().enumerate() {
            if last.contains(c) {
                counts[k] += 1;
            }
        }
        done += 1;
    }
    (
        done,
        candidates
            .iter()
            .zip(counts)
            .map(|(&c, k)| SelectionFrequency {
                term: sel.terms[c].clone(),
                share: k as f64 / done.max(1) as f64,
            })
            .collect(),
    )
}
