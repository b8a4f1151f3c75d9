//! Covariance-structure equation models by maximum likelihood, with lavaan's `sem()`
//! defaults: the model of a parameter table (see `formula::lavaan`) in McArdle and McDonald's
//! RAM form, estimates with expected-information standard errors, standardized solutions,
//! R², defined parameters and the global fit measures.
//!
//! # Model and estimation
//! Every variable, observed (the first p) and latent, is a node v; A holds the directed paths
//! (A[i][j]: j -> i: loadings and regressions), S the (residual) variances and covariances.
//! With E = (I - A)⁻¹ the covariance of all nodes is C = E S E', of the observed ones
//! Σ(θ) = C[..p, ..p]. F_ML = log|Σ| + tr(SΣ⁻¹) - log|S| - p with S the sample covariance
//! (divisor N), minimized by Fisher scoring with step halving:
//! ∂Σ/∂A_ij = e_i c_j' + c_j e_i' (e_i column i of E, c_j row j of C, observed rows),
//! ∂Σ/∂S_ij = e_i e_j' + e_j e_i' (e_i e_i' on the diagonal), parameters sharing a label summed.
//! Cov(θ̂) = (N/2 · H)⁻¹ with H_kl = tr(Σ⁻¹ ∂Σ_k Σ⁻¹ ∂Σ_l) (lavaan's expected information).
//! Exogenous observed predictors' variances and covariances (fixed.x) are estimated with the
//! rest: the likelihood factors into theirs and the conditional one, so they take their
//! sample values exactly, no other estimate or SE moves, and they are counted as lavaan
//! counts them (not parameters, not moments).
//!
//! Standardized values as lavaan's (std.lv: latent variables standardized; std.all: observed
//! ones too): a loading or regression coefficient scaled by the model-implied SDs of its two
//! variables, a (residual) variance divided by the total variance, a covariance divided by
//! the two residual SDs (a residual correlation, lavaan's cov.std, as Mplus 6, AMOS and EQS);
//! their SEs by the delta method with a central-difference Jacobian. A defined parameter is
//! its expression of labels, with the exact gradient (forward differentiation); its std.all is
//! the expression of the standardized labelled values.

use crate::estimate::measurement::cfa::{comparative_fit, f_ml_parts as f_ml, srmr};
use crate::numeric::dist::{chi2_upper_p, norm_quantile, norm_upper};
use crate::numeric::expr::Dual;
use crate::numeric::linalg::{inverse_spd, invert, logdet_spd};
use crate::results::sem::{ModIndex, ParTable, SemEstimate, SemFitMeasures, SemResult};
use ndarray::Array2;

pub mod fiml;
pub mod robust;

/// What to fit.
pub struct SemSpec<'a> {
    pub name: String,
    pub table: &'a ParTable,
    /// Covariance of the observed variables in `table.observed` order, divisor N.
    pub cov: &'a Array2<f64>,
    pub n: usize,
    pub rows_read: usize,
    pub level: f64,
    /// The complete cases, for robust standard errors and the scaled test (`estimator =
    /// "MLR"`, or clusters); None: ML's expected-information errors.
    pub robust: Option<robust::RawData<'a>>,
    /// The estimator's name as shown: "ML" or "MLR".
    pub estimator: String,
    /// Full-information ML over incomplete rows (then `cov` is the saturated model's EM
    /// covariance, `n` the rows used).
    pub fiml: Option<Fiml<'a>>,
    /// Estimates only (a bootstrap resample): no modification indices.
    pub estimates_only: bool,
}

/// Incomplete data for full-information ML.
pub struct Fiml<'a> {
    pub patterns: &'a fiml::Patterns,
    /// The saturated model's means (by EM), beside `SemSpec::cov`.
    pub mean: &'a ndarray::Array1<f64>,
}

/// Why a model could not be fitted.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum SemError {
    #[error(
        "the covariance matrix of the observed variables is singular: a variable is constant or a linear combination of others"
    )]
    Singular,
    #[error("the model is not identified: {0} free parameters for {1} variances and covariances")]
    NotIdentified(usize, usize),
    #[error(
        "the information matrix is singular: the model is not identified at these estimates (fix a loading or a variance per latent variable, or drop a path)"
    )]
    Information,
    #[error("maximum likelihood did not converge in {0} iterations: no solution is reported")]
    NoConvergence(usize),
    #[error("the model-implied covariance matrix is not positive definite at the start values")]
    Start,
    #[error("the model has a directed cycle among {0} (I - A is singular)")]
    Cycle(String),
    #[error(
        "the robust standard errors cannot be computed: the observed information matrix is singular at the estimates"
    )]
    Robust,
}

#[derive(Clone, Copy, Debug)]
enum Cell {
    A(usize, usize),
    S(usize, usize),
}

struct Ram {
    p: usize,
    v: usize,
    /// Matrices with the fixed values in place.
    a0: Array2<f64>,
    s0: Array2<f64>,
    /// Cells of each free parameter.
    cells: Vec<Vec<Cell>>,
}

struct Implied {
    sigma: Array2<f64>,
    e: Array2<f64>,
    c: Array2<f64>,
}

impl Ram {
    fn matrices(&self, t: &[f64]) -> (Array2<f64>, Array2<f64>) {
        let (mut a, mut s) = (self.a0.clone(), self.s0.clone());
        for (k, cells) in self.cells.iter().enumerate() {
            for c in cells {
                match *c {
                    Cell::A(i, j) => a[[i, j]] = t[k],
                    Cell::S(i, j) => {
                        s[[i, j]] = t[k];
                        s[[j, i]] = t[k];
                    }
                }
            }
        }
        (a, s)
    }
    fn implied(&self, t: &[f64]) -> Option<Implied> {
        let (a, s) = self.matrices(t);
        let e = invert(&(Array2::<f64>::eye(self.v) - &a))?;
        let c = e.dot(&s).dot(&e.t());
        let sigma = c.slice(ndarray::s![..self.p, ..self.p]).to_owned();
        Some(Implied { sigma, e, c })
    }
    fn dsigma(&self, k: usize, m: &Implied) -> Array2<f64> {
        let mut d = Array2::<f64>::zeros((self.p, self.p));
        for c in &self.cells[k] {
            self.add_dsigma(*c, m, &mut d);
        }
        d
    }
    /// ∂Σ/∂(one cell) = w (u_a u_b' + u_b u_a') for columns a, b of [`Ram::basis`]: a path
    /// A_ij gives e_i c_j' + c_j e_i', a covariance S_ij e_i e_j' + e_j e_i', a variance S_ii
    /// e_i e_i' (w = ½).
    fn pair(&self, c: Cell) -> (usize, usize, f64) {
        match c {
            Cell::A(i, j) => (i, self.v + j, 1.0),
            Cell::S(i, j) if i == j => (i, i, 0.5),
            Cell::S(i, j) => (i, j, 1.0),
        }
    }
    /// Every free parameter's cells as [`Ram::pair`]s.
    fn param_pairs(&self) -> Vec<Vec<(usize, usize, f64)>> {
        self.cells
            .iter()
            .map(|cs| cs.iter().map(|&c| self.pair(c)).collect())
            .collect()
    }
    /// ∂(½ tr(G Σ))/∂θ_k = Σ w (U'GU)[a, b] for every free parameter, G symmetric.
    fn half_traces(&self, m: &Implied, gmat: &Array2<f64>) -> Vec<f64> {
        let u = self.basis(m);
        let gu = u.t().dot(&gmat.dot(&u));
        self.cells
            .iter()
            .map(|cs| {
                cs.iter()
                    .map(|&c| {
                        let (a, b, w) = self.pair(c);
                        w * gu[[a, b]]
                    })
                    .sum()
            })
            .collect()
    }
    /// The observed rows of E's columns, then of C's rows (as columns): p × 2v.
    fn basis(&self, m: &Implied) -> Array2<f64> {
        Array2::from_shape_fn((self.p, 2 * self.v), |(x, k)| {
            if k < self.v {
                m.e[[x, k]]
            } else {
                m.c[[k - self.v, x]]
            }
        })
    }
    /// F_ML's gradient tr(K ∂Σ_k) for K = Σ⁻¹(Σ - S)Σ⁻¹ (twice [`Ram::half_traces`]) and
    /// the [`Ram::information`] of the free parameters.
    fn scores(
        &self,
        m: &Implied,
        inv: &Array2<f64>,
        core: &Array2<f64>,
    ) -> (Vec<f64>, Array2<f64>) {
        let grad = self.half_traces(m, core).iter().map(|g| 2.0 * g).collect();
        (grad, self.information(m, inv))
    }
    /// The information tr(Σ⁻¹ ∂Σ_k Σ⁻¹ ∂Σ_l) of the free parameters. As every ∂Σ is a sum of
    /// rank-two terms (see [`Ram::pair`]), it comes from the Gram G = U'Σ⁻¹U of the basis:
    /// tr(Σ⁻¹ w(ab' + ba') Σ⁻¹ w'(xy' + yx')) = 2ww'(G_bx G_ya + G_by G_xa) — no p × p
    /// matrix per parameter.
    fn information(&self, m: &Implied, inv: &Array2<f64>) -> Array2<f64> {
        let u = self.basis(m);
        let g = u.t().dot(&inv.dot(&u));
        let pairs = self.param_pairs();
        let q = pairs.len();
        let mut h = Array2::<f64>::zeros((q, q));
        for k in 0..q {
            for l in 0..=k {
                let v = pair_information(&g, &pairs[k], &pairs[l]);
                h[[k, l]] = v;
                h[[l, k]] = v;
            }
        }
        h
    }
    /// Add ∂Σ/∂(one cell) to `d`.
    fn add_dsigma(&self, c: Cell, m: &Implied, d: &mut Array2<f64>) {
        let p = self.p;
        {
            match c {
                Cell::A(i, j) => {
                    for x in 0..p {
                        for y in 0..p {
                            d[[x, y]] += m.e[[x, i]] * m.c[[j, y]] + m.e[[y, i]] * m.c[[j, x]];
                        }
                    }
                }
                Cell::S(i, j) => {
                    for x in 0..p {
                        for y in 0..p {
                            d[[x, y]] += if i == j {
                                m.e[[x, i]] * m.e[[y, i]]
                            } else {
                                m.e[[x, i]] * m.e[[y, j]] + m.e[[x, j]] * m.e[[y, i]]
                            };
                        }
                    }
                }
            }
        }
    }
}

/// tr(Σ⁻¹ ∂Σ_k Σ⁻¹ ∂Σ_l) for two parameters' cells as [`Ram::pair`]s, G = U'Σ⁻¹U.
fn pair_information(g: &Array2<f64>, k: &[(usize, usize, f64)], l: &[(usize, usize, f64)]) -> f64 {
    let mut t = 0.0;
    for &(a, b, w) in k {
        for &(x, y, w2) in l {
            t += 2.0 * w * w2 * (g[[b, x]] * g[[y, a]] + g[[b, y]] * g[[x, a]]);
        }
    }
    t
}

/// The standardized values (std.lv, std.all) of every row of the table, then std.all of every
/// defined parameter, at θ.
fn standardized(
    ram: &Ram,
    pt: &ParTable,
    node: &dyn Fn(&str) -> usize,
    t: &[f64],
) -> Option<(Vec<f64>, Vec<f64>)> {
    let m = ram.implied(t)?;
    let (_, smat) = ram.matrices(t);
    let sd = |i: usize| m.c[[i, i]].max(0.0).sqrt();
    let latent = |i: usize| i >= ram.p;
    // The residual SD of a variable, by which a covariance is divided (lavaan's cov.std).
    let rv = |i: usize| smat[[i, i]].abs().sqrt();
    let value = |r: &crate::results::sem::ParRow| r.fixed.unwrap_or_else(|| t[r.free.unwrap()]);
    let mut lv = Vec::with_capacity(pt.rows.len() + pt.defined.len());
    let mut all = Vec::with_capacity(pt.rows.len() + pt.defined.len());
    for r in &pt.rows {
        let (l, rr) = (node(&r.lhs), node(&r.rhs));
        let v = value(r);
        let by_lv = |i: usize| if latent(i) { sd(i) } else { 1.0 };
        let by_ov = |i: usize| if latent(i) { 1.0 } else { sd(i) };
        let (x, y) = match r.op.as_str() {
            "=~" => {
                let x = v * sd(l) / by_lv(rr);
                (x, x / by_ov(rr))
            }
            "~" => {
                let x = v * by_lv(rr) / by_lv(l);
                (x, x * by_ov(rr) / by_ov(l))
            }
            _ if l == rr => {
                let x = v / (by_lv(l) * by_lv(l));
                (x, x / (by_ov(l) * by_ov(l)))
            }
            _ => {
                let res = |i: usize, want_latent: bool| {
                    if latent(i) == want_latent { rv(i) } else { 1.0 }
                };
                let x = v / (res(l, true) * res(rr, true));
                (x, x / (res(l, false) * res(rr, false)))
            }
        };
        lv.push(x);
        all.push(y);
    }
    // Defined parameters on the standardized labelled values.
    for values in [&mut lv, &mut all] {
        let mut known: Vec<(String, f64)> = Vec::new();
        for (r, &s) in pt.rows.iter().zip(values.iter()) {
            if let Some(l) = &r.label {
                if !known.iter().any(|(k, _)| k == l) {
                    known.push((l.clone(), s));
                }
            }
        }
        for d in &pt.defined {
            let look = |n: &str| {
                known
                    .iter()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| Dual::constant(*v, 0))
            };
            let v = d.expr.eval(0, &look)?.value;
            known.push((d.name.clone(), v));
            values.push(v);
        }
    }
    Some((lv, all))
}

/// Fit a model.
pub fn fit(spec: &SemSpec) -> Result<SemResult, SemError> {
    let pt = spec.table;
    let s = spec.cov;
    let p = pt.observed.len();
    let v = p + pt.latent.len();
    let names: Vec<&String> = pt.observed.iter().chain(pt.latent.iter()).collect();
    let node = |n: &str| {
        names
            .iter()
            .position(|x| *x == n)
            .expect("every name is a node")
    };
    let q = pt.n_free;
    let moments = p * (p + 1) / 2;
    if q > moments {
        return Err(SemError::NotIdentified(q, moments));
    }
    let logdet_s = logdet_spd(s).ok_or(SemError::Singular)?;
    let mut a0 = Array2::<f64>::zeros((v, v));
    let mut s0 = Array2::<f64>::zeros((v, v));
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); q];
    let mut start = vec![f64::NAN; q];
    // Start values: marker-based loadings, half the observed variances, regressions and
    // covariances 0, exogenous observed moments at their sample values.
    let marker = |lat: &str| -> Option<usize> {
        pt.rows
            .iter()
            .find(|r| r.op == "=~" && r.lhs == lat)
            .map(|r| node(&r.rhs))
            .filter(|&i| i < p)
    };
    for r in &pt.rows {
        let (l, rr) = (node(&r.lhs), node(&r.rhs));
        let cell = match r.op.as_str() {
            "=~" => Cell::A(rr, l),
            "~" => Cell::A(l, rr),
            _ => Cell::S(l, rr),
        };
        match (r.free, r.fixed) {
            (_, Some(f)) => match cell {
                Cell::A(i, j) => a0[[i, j]] = f,
                Cell::S(i, j) => {
                    s0[[i, j]] = f;
                    s0[[j, i]] = f;
                }
            },
            (Some(k), None) => {
                cells[k].push(cell);
                if start[k].is_nan() {
                    start[k] = match (r.op.as_str(), cell) {
                        ("=~", _) => match marker(&r.lhs) {
                            Some(m) if rr < p && m != rr && !pt.std_lv => {
                                s[[rr, m]] / (0.5 * s[[m, m]])
                            }
                            _ if rr < p => (0.5 * s[[rr, rr]]).sqrt(),
                            _ => 1.0,
                        },
                        ("~~", Cell::S(i, j)) if r.exogenous => s[[i, j]],
                        ("~~", Cell::S(i, j)) if i == j => {
                            if i < p {
                                0.5 * s[[i, i]]
                            } else {
                                marker(&r.lhs).map_or(0.05, |m| 0.5 * s[[m, m]])
                            }
                        }
                        _ => 0.0,
                    };
                }
            }
            (None, None) => unreachable!("a row is free or fixed"),
        }
    }
    let ram = Ram {
        p,
        v,
        a0,
        s0,
        cells,
    };
    let mut t = start;
    let first = ram.implied(&t).ok_or_else(|| {
        SemError::Cycle(
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
    })?;
    let (mut f, _, _) = f_ml(s, &first.sigma, logdet_s).ok_or(SemError::Start)?;
    let mut iterations = 0;
    let mut converged = false;
    const MAX_ITER: usize = 1000;
    let mut fiml_fit = None;
    if let Some(fm) = &spec.fiml {
        // Observed exogenous predictors (fixed.x) are complete in the rows given (the caller
        // drops the rows missing one, as lavaan): the likelihood factors into theirs and the
        // conditional one, so their moments take the sample values and nothing else moves.
        let out = fiml_optimize(&ram, fm, t.clone(), !spec.estimates_only)?;
        t = out.0.clone();
        iterations = out.2;
        converged = true;
        fiml_fit = Some(out);
    }
    for _ in 0..if spec.fiml.is_some() { 0 } else { MAX_ITER } {
        iterations += 1;
        let m = ram.implied(&t).ok_or(SemError::Start)?;
        let inv = inverse_spd(&m.sigma).ok_or(SemError::Start)?;
        let core = inv.dot(&(&m.sigma - s)).dot(&inv);
        let (g, h) = ram.scores(&m, &inv, &core);
        let hinv = inverse_spd(&h).ok_or(SemError::Information)?;
        let step: Vec<f64> = (0..q)
            .map(|x| (0..q).map(|y| hinv[[x, y]] * g[y]).sum())
            .collect();
        let mut scale = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let cand: Vec<f64> = t.iter().zip(&step).map(|(a, b)| a - scale * b).collect();
            if let Some((fc, _, _)) = ram.implied(&cand).and_then(|m| f_ml(s, &m.sigma, logdet_s)) {
                if fc <= f + 1e-15 * f.abs().max(1.0) {
                    t = cand;
                    f = fc;
                    accepted = true;
                    break;
                }
            }
            scale /= 2.0;
        }
        let big = step.iter().fold(0.0f64, |a, b| a.max(b.abs())) * scale;
        if !accepted || big < 1e-12 {
            converged = accepted || big < 1e-9;
            break;
        }
    }
    if !converged {
        return Err(SemError::NoConvergence(iterations));
    }
    // Near the minimum F_ML is flat to its rounding, so the line search can stop a little
    // short (gradient ~1e-8): full scoring steps, kept while the gradient shrinks, finish it.
    if spec.fiml.is_none() {
        let grad_at = |t: &[f64]| -> Option<(Vec<f64>, Array2<f64>)> {
            let m = ram.implied(t)?;
            let inv = inverse_spd(&m.sigma)?;
            let core = inv.dot(&(&m.sigma - s)).dot(&inv);
            Some(ram.scores(&m, &inv, &core))
        };
        let norm = |g: &[f64]| g.iter().fold(0.0f64, |a, b| a.max(b.abs()));
        // The information barely moves over these last steps: inverted once.
        if let Some((mut g, hinv)) = grad_at(&t).and_then(|(g, h)| Some((g, inverse_spd(&h)?))) {
            for _ in 0..100 {
                let step: Vec<f64> = (0..q)
                    .map(|x| (0..q).map(|y| hinv[[x, y]] * g[y]).sum())
                    .collect();
                let cand: Vec<f64> = t.iter().zip(&step).map(|(a, b)| a - b).collect();
                match grad_at(&cand) {
                    Some((gc, _)) if norm(&gc) < norm(&g) => {
                        t = cand;
                        g = gc;
                        iterations += 1;
                    }
                    _ => break,
                }
                if norm(&step) < 1e-14 {
                    break;
                }
            }
        }
    }
    let m = ram.implied(&t).ok_or(SemError::Start)?;
    let inv = inverse_spd(&m.sigma).ok_or(SemError::Start)?;
    let h = ram.information(&m, &inv);
    // Σ's derivatives in full, for the robust and full-information errors only.
    let d: Vec<Array2<f64>> = if spec.robust.is_some() || spec.fiml.is_some() {
        (0..q).map(|k| ram.dsigma(k, &m)).collect()
    } else {
        Vec::new()
    };
    let nf = spec.n as f64;
    // The exogenous observed variables (fixed.x) and the free parameters that are not their
    // moments.
    let nx_vars: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous && r.lhs == r.rhs)
        .map(|r| node(&r.lhs))
        .collect();
    let exo_params: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous)
        .filter_map(|r| r.free)
        .collect();
    // The parameters of (θ, μ) inference is about under FIML: all but fixed.x's moments.
    let keep = fiml::kept(q, p, &exo_params, &nx_vars);
    let mut cov = match &fiml_fit {
        // A bootstrap resample's FIML fit: estimates only, no information computed.
        Some((_, _, _, info)) if info.is_empty() => Array2::zeros((q, q)),
        // The observed information of (θ, μ), inverted: θ's block.
        Some((_, mu, _, info)) => {
            match (&spec.robust, &spec.fiml) {
                // Robust: the sandwich over the parameters kept (fixed.x's moments held, as
                // lavaan holds them).
                (Some(raw), Some(fm)) => {
                    let v = fiml::robust_vcov(
                        &fiml::Rows {
                            patterns: fm.patterns,
                            y: raw.y,
                            cluster: raw.cluster,
                        },
                        mu,
                        &m.sigma,
                        &d,
                        info,
                        &keep,
                    )
                    .ok_or(SemError::Robust)?;
                    let mut all = Array2::zeros((q, q));
                    for (a, &ka) in keep.iter().enumerate().filter(|(_, k)| **k < q) {
                        for (b, &kb) in keep.iter().enumerate().filter(|(_, k)| **k < q) {
                            all[[ka, kb]] = v[[a, b]];
                        }
                    }
                    all
                }
                _ => {
                    let all = invert(info).ok_or(SemError::Information)?;
                    Array2::from_shape_fn((q, q), |(a, b)| all[[a, b]])
                }
            }
        }
        None => inverse_spd(&(h * (nf / 2.0))).ok_or(SemError::Information)?,
    };
    let model_params: Vec<usize> = (0..q).filter(|k| !exo_params.contains(k)).collect();
    let means = spec.robust.as_ref().is_some_and(|r| r.cluster.is_some());
    let mut trace_h0 = None;
    if let (Some(raw), None) = (&spec.robust, &spec.fiml) {
        // ½ F_ML's gradient over the model's parameters, the exogenous moments held.
        let grad = |x: &[f64]| -> Option<Vec<f64>> {
            let mut full = t.clone();
            for (a, &k) in model_params.iter().enumerate() {
                full[k] = x[a];
            }
            let m = ram.implied(&full)?;
            let inv = inverse_spd(&m.sigma)?;
            let core = inv.dot(&(&m.sigma - s)).dot(&inv);
            Some(
                model_params
                    .iter()
                    .map(|&k| 0.5 * (&core * &ram.dsigma(k, &m)).sum())
                    .collect(),
            )
        };
        let t_model: Vec<f64> = model_params.iter().map(|&k| t[k]).collect();
        let hess = robust::hessian(&t_model, &grad).ok_or(SemError::Robust)?;
        let d_model: Vec<Array2<f64>> = model_params.iter().map(|&k| d[k].clone()).collect();
        let test_info = if means {
            robust::h1_information(&m.sigma, s, &d_model).ok_or(SemError::Robust)?
        } else {
            hess.clone()
        };
        let sw = robust::sandwich(raw, &nx_vars, &m.sigma, &d_model, &hess, &test_info, means)
            .ok_or(SemError::Robust)?;
        cov = Array2::zeros((q, q));
        for (a, &ka) in model_params.iter().enumerate() {
            for (b, &kb) in model_params.iter().enumerate() {
                cov[[ka, kb]] = sw.vcov[[a, b]];
            }
        }
        trace_h0 = Some(sw.trace_h0);
    }

    // Standardized values and the Jacobian of std.all by central differences.
    let (std_lv, std_all) = standardized(&ram, pt, &node, &t).ok_or(SemError::Start)?;
    let k_all = std_all.len();
    let mut jac = Array2::<f64>::zeros((k_all, q));
    // fixed.x: the exogenous moments are held at their sample values, as lavaan holds them
    // (inference conditional on the predictors), so they add no variance to standardized
    // values.
    for &k in model_params.iter().filter(|_| !spec.estimates_only) {
        let h = 1e-5 * t[k].abs().max(0.1);
        let mut up = t.clone();
        up[k] += h;
        let mut down = t.clone();
        down[k] -= h;
        if let (Some((_, a)), Some((_, b))) = (
            standardized(&ram, pt, &node, &up),
            standardized(&ram, pt, &node, &down),
        ) {
            for r in 0..k_all {
                jac[[r, k]] = (a[r] - b[r]) / (2.0 * h);
            }
        }
    }
    let std_se = |r: usize| -> f64 {
        let g = jac.row(r);
        g.dot(&cov.dot(&g)).max(0.0).sqrt()
    };

    let zq = norm_quantile(1.0 - (1.0 - spec.level) / 2.0);
    let mut estimates = Vec::new();
    let exo_free: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous)
        .filter_map(|r| r.free)
        .collect();
    for (i, r) in pt.rows.iter().enumerate() {
        let est = r.fixed.unwrap_or_else(|| t[r.free.unwrap()]);
        let se = match r.free {
            Some(k) if !r.exogenous => Some(cov[[k, k]].max(0.0).sqrt()),
            _ => None,
        };
        estimates.push(estimate_row(
            &r.lhs,
            &r.op,
            &r.rhs,
            r.label.clone(),
            r.free.is_some() && !r.exogenous,
            est,
            se,
            zq,
            std_lv[i],
            std_all[i],
            (!r.exogenous).then(|| std_se(i)),
        ));
    }
    // Defined parameters with exact gradients.
    let mut known: Vec<(String, Dual)> = Vec::new();
    for r in &pt.rows {
        if let (Some(l), Some(k)) = (&r.label, r.free) {
            if !known.iter().any(|(x, _)| x == l) {
                let mut grad = vec![0.0; q];
                grad[k] = 1.0;
                known.push((l.clone(), Dual { value: t[k], grad }));
            }
        } else if let (Some(l), Some(fv)) = (&r.label, r.fixed) {
            if !known.iter().any(|(x, _)| x == l) {
                known.push((l.clone(), Dual::constant(fv, q)));
            }
        }
    }
    for (j, dp) in pt.defined.iter().enumerate() {
        let look = |n: &str| known.iter().find(|(x, _)| x == n).map(|(_, d)| d.clone());
        let Some(dv) = dp.expr.eval(q, &look) else {
            continue;
        };
        let g = ndarray::Array1::from(dv.grad.clone());
        let se = g.dot(&cov.dot(&g)).max(0.0).sqrt();
        let r = pt.rows.len() + j;
        estimates.push(estimate_row(
            &dp.name,
            ":=",
            &dp.text,
            Some(dp.name.clone()),
            true,
            dv.value,
            Some(se),
            zq,
            std_lv[r],
            std_all[r],
            Some(std_se(r)),
        ));
        known.push((dp.name.clone(), dv));
    }

    // Modification indices on lavaan's expected information (under FIML, the patterns').
    let modification = if spec.estimates_only {
        Vec::new()
    } else {
        let source = match (&spec.fiml, &fiml_fit) {
            (Some(fm), Some((_, mu, _, _))) => MiSource::Fiml {
                patterns: fm.patterns,
                mu,
            },
            _ => MiSource::Complete { s, n: spec.n },
        };
        modification_indices(&ram, pt, &names, &node, &t, &source, &model_params)
    };

    // R² of every endogenous node (with an incoming path).
    let (a, smat) = ram.matrices(&t);
    let mut r_squared = Vec::new();
    let mut improper = Vec::new();
    for i in 0..v {
        if smat[[i, i]] < 0.0 {
            improper.push(format!(
                "the (residual) variance of {} is negative ({:.4})",
                names[i],
                smat[[i, i]]
            ));
        }
        if (0..v).any(|j| a[[i, j]] != 0.0) {
            r_squared.push((names[i].clone(), 1.0 - smat[[i, i]] / m.c[[i, i]]));
        }
    }
    for e in &estimates {
        if e.op == "~~" && e.lhs != e.rhs && e.std_all.abs() > 1.0 {
            improper.push(format!(
                "the correlation of {} and {} is {:.4}, beyond ±1",
                e.lhs, e.rhs, e.std_all
            ));
        }
    }

    // Fit measures.
    let chi = nf * f;
    let df = (moments - q) as f64;
    let nx = nx_vars.len();
    let mut sigma_b = Array2::<f64>::zeros((p, p));
    for i in 0..p {
        sigma_b[[i, i]] = s[[i, i]];
    }
    for &i in &nx_vars {
        for &j in &nx_vars {
            sigma_b[[i, j]] = s[[i, j]];
        }
    }
    let (fb, _, _) = f_ml(s, &sigma_b, logdet_s).ok_or(SemError::Singular)?;
    let mut base_chi = nf * fb;
    let ln2pi = (2.0 * std::f64::consts::PI).ln();
    // With fixed.x the likelihood is that of the other variables given the predictors
    // (lavaan's): the predictors' own normal log-likelihood, at their sample moments, is
    // taken out of both.
    let log_lik_x = if nx > 0 {
        let sxx = Array2::from_shape_fn((nx, nx), |(a, b)| s[[nx_vars[a], nx_vars[b]]]);
        let ldx = logdet_spd(&sxx).ok_or(SemError::Singular)?;
        -nf / 2.0 * (nx as f64 * ln2pi + ldx + nx as f64)
    } else {
        0.0
    };
    // FIML: the likelihood ratios against the saturated model (by EM) and of the baseline.
    let mut fiml_logliks = None;
    let mut chi = chi;
    if let (Some(fm), Some((_, mu, _, _))) = (&spec.fiml, &fiml_fit) {
        let h0 = fiml::loglik(fm.patterns, mu, &m.sigma).ok_or(SemError::Start)?;
        let h1 = fiml::loglik(fm.patterns, fm.mean, s).ok_or(SemError::Singular)?;
        // The baseline keeps the predictors' block saturated (their sample moments).
        let b = fiml::baseline_loglik(fm.patterns, &nx_vars) + log_lik_x;
        chi = 2.0 * (h1 - h0);
        base_chi = 2.0 * (h1 - b);
        fiml_logliks = Some((h0, h1));
    }
    let base_df = (moments - (p - nx) - nx * (nx + 1) / 2) as f64;
    // (A bootstrap resample needs no RMSEA interval, whose root finding is the slow part.)
    let cmp = if spec.estimates_only {
        comparative_fit(chi, 0.0, base_chi, base_df, nf)
    } else {
        comparative_fit(chi, df, base_chi, base_df, nf)
    };
    // With the means modelled (clusters), lavaan (as Mplus) averages their residuals, zero
    // here, into SRMR too: p more moments.
    let srmr = match (&spec.fiml, &fiml_fit) {
        // lavaan's: against the saturated (EM) moments, the means' residuals averaged in.
        (Some(fm), Some((_, mu, _, _))) => {
            let ss: f64 = (0..p)
                .map(|i| ((fm.mean[i] - mu[i]) / s[[i, i]].sqrt()).powi(2))
                .sum();
            let r = srmr(s, &m.sigma);
            ((r * r * moments as f64 + ss) / (moments + p) as f64).sqrt()
        }
        _ => srmr(s, &m.sigma),
    } * if means && spec.fiml.is_none() {
        (moments as f64 / (moments + p) as f64).sqrt()
    } else {
        1.0
    };
    let scaled = match (&spec.robust, trace_h0) {
        // Under FIML: at the saturated (EM) moments, with the FIML-corrected .robust indices.
        (Some(raw), None) if df > 0.0 => match (&spec.fiml, &fiml_fit) {
            (Some(fm), Some((_, mu, _, info))) if !info.is_empty() => {
                let pat = fm.patterns;
                let (mean_b, var_b) = fiml::baseline_moments(pat);
                let x = |a: usize| nx_vars.contains(&a);
                let sigma_bf = Array2::from_shape_fn((p, p), |(a, b)| match (a, b) {
                    _ if x(a) && x(b) => s[[a, b]],
                    _ if a == b => var_b[a],
                    _ => 0.0,
                });
                let free_b: Vec<usize> = (0..p).filter(|&j| !x(j)).collect();
                let d_b: Vec<Array2<f64>> = free_b
                    .iter()
                    .map(|&j| Array2::from_shape_fn((p, p), |(a, b)| f64::from(a == j && b == j)))
                    .collect();
                let pairs_b: Vec<Vec<(usize, usize, f64)>> =
                    free_b.iter().map(|&j| vec![(j, j, 0.5)]).collect();
                let info_b =
                    fiml::information_first(pat, &mean_b, &sigma_bf, &Array2::eye(p), &pairs_b)
                        .ok_or(SemError::Robust)?;
                let keep_b = fiml::kept(d_b.len(), p, &[], &nx_vars);
                // The test's information: the Hessian, but with clusters (lavaan's
                // observed.information = "h1" for the test) Δ'W(μ̂, Σ̂)Δ, the h1 observed
                // information at the model's moments without Σ's second derivatives.
                let h1_info;
                let test_info = if raw.cluster.is_some() {
                    h1_info = fiml::information_first(
                        pat,
                        mu,
                        &m.sigma,
                        &ram.basis(&m),
                        &ram.param_pairs(),
                    )
                    .ok_or(SemError::Robust)?;
                    &h1_info
                } else {
                    info
                };
                let t = fiml::scaled_tests(
                    &fiml::Rows {
                        patterns: pat,
                        y: raw.y,
                        cluster: raw.cluster,
                    },
                    &nx_vars,
                    (fm.mean, s),
                    &[
                        fiml::Model {
                            mu,
                            sigma: &m.sigma,
                            dsig: &d,
                            info: test_info,
                            keep: &keep,
                            df,
                        },
                        fiml::Model {
                            mu: &mean_b,
                            sigma: &sigma_bf,
                            dsig: &d_b,
                            info: &info_b,
                            keep: &keep_b,
                            df: base_df,
                        },
                    ],
                )
                .ok_or(SemError::Robust)?;
                Some(robust::scaled_fit(
                    [chi, df, t[0].scaling],
                    [base_chi, base_df, t[1].scaling],
                    Some([
                        [t[0].corrected_chi_square, t[0].corrected_scaling],
                        [t[1].corrected_chi_square, t[1].corrected_scaling],
                    ]),
                    nf,
                ))
            }
            _ => None,
        },
        (Some(raw), Some(h0)) if df > 0.0 => {
            let h1 = robust::trace_h1(raw, &nx_vars, s, means).ok_or(SemError::Robust)?;
            // The baseline model's parameters: the variances outside fixed.x.
            let d_b: Vec<Array2<f64>> = (0..p)
                .filter(|j| !nx_vars.contains(j))
                .map(|j| Array2::from_shape_fn((p, p), |(a, b)| f64::from(a == j && b == j)))
                .collect();
            let info_b = robust::h1_information(&sigma_b, s, &d_b).ok_or(SemError::Robust)?;
            let sw_b = robust::sandwich(raw, &nx_vars, &sigma_b, &d_b, &info_b, &info_b, means)
                .ok_or(SemError::Robust)?;
            Some(robust::scaled_fit(
                [chi, df, (h1 - h0) / df],
                [base_chi, base_df, (h1 - sw_b.trace_h0) / base_df],
                None,
                nf,
            ))
        }
        _ => None,
    };
    let (_, ld, tr) = f_ml(s, &m.sigma, logdet_s).ok_or(SemError::Start)?;
    let (log_lik, unrestricted) = fiml_logliks
        .map(|(h0, h1)| (h0 - log_lik_x, h1 - log_lik_x))
        .unwrap_or((
            -nf / 2.0 * (p as f64 * ln2pi + ld + tr) - log_lik_x,
            -nf / 2.0 * (p as f64 * ln2pi + logdet_s + p as f64) - log_lik_x,
        ));
    let mut exo_distinct = exo_free.clone();
    exo_distinct.sort();
    exo_distinct.dedup();
    // With clusters lavaan models the means too: the intercepts of the variables outside
    // fixed.x are parameters (saturated, at the sample means).
    let npar = q - exo_distinct.len()
        + if means || spec.fiml.is_some() {
            p - nx
        } else {
            0
        };
    let mut notes = Vec::new();
    if !improper.is_empty() {
        notes.push(format!(
            "Improper solution: {}. The estimates are reported, but not as an admissible fit: simplify the model or check the data.",
            improper.join("; ")
        ));
    }
    if let Some(k) = spec.robust.as_ref().and_then(|r| r.clusters())
        && k <= npar
    {
        notes.push(format!(
            "The cluster-robust covariance of the estimates rests on {k} clusters for {npar} parameters: its rank is at most {}, so each standard error stands, but no joint (several-parameter) Wald test can be made from it.",
            k - 1
        ));
    }
    if nx > 0 {
        notes.push(format!(
            "The variances and covariances of the {nx} exogenous observed variable(s) are fixed at their sample values (lavaan's fixed.x) and not counted as parameters."
        ));
    }
    Ok(SemResult {
        name: spec.name.clone(),
        nobs: spec.n,
        rows_read: spec.rows_read,
        estimator: spec.estimator.clone(),
        information: if spec.robust.is_some() {
            "observed"
        } else {
            "expected"
        }
        .into(),
        se: match &spec.robust {
            None => "standard",
            Some(r) if r.cluster.is_some() => "robust.cluster",
            Some(_) => "robust.huber.white",
        }
        .into(),
        clusters: spec.robust.as_ref().and_then(|r| r.clusters()),
        cluster_variable: None,
        missing: if spec.fiml.is_some() {
            "fiml"
        } else {
            "listwise"
        }
        .into(),
        missing_patterns: spec.fiml.as_ref().map(|f| f.patterns.groups.len()),
        complete_cases: spec.fiml.as_ref().map(|f| {
            f.patterns
                .groups
                .iter()
                .filter(|g| g.obs.len() == p)
                .map(|g| g.n)
                .sum()
        }),
        converged,
        iterations,
        improper,
        estimates,
        r_squared,
        fit: SemFitMeasures {
            npar,
            chi_square: chi,
            df,
            p_value: chi2_upper_p(chi, df),
            baseline_chi_square: base_chi,
            baseline_df: base_df,
            cfi: cmp.cfi,
            tli: cmp.tli,
            rmsea: cmp.rmsea,
            rmsea_low: cmp.rmsea_low,
            rmsea_high: cmp.rmsea_high,
            rmsea_pclose: cmp.rmsea_pclose,
            srmr,
            log_lik,
            unrestricted_log_lik: unrestricted,
            aic: -2.0 * log_lik + 2.0 * npar as f64,
            bic: -2.0 * log_lik + npar as f64 * nf.ln(),
            scaled,
        },
        conf_level: spec.level,
        bootstrap: None,
        modification,
        notes,
    })
}

/// The (θ, μ) of full-information ML: scoring steps with the complete-data information as
/// metric until the largest step is below 1e-7, then Newton steps on the observed
/// information until below 1e-12. Returns θ, μ, the iterations and the observed information
/// of (θ, μ) at the optimum.
/// The FIML estimates (θ, μ), the iterations, and the observed information at them when
/// `information` (an empty matrix otherwise: a bootstrap resample needs no SEs).
fn fiml_optimize(
    ram: &Ram,
    fm: &Fiml,
    mut t: Vec<f64>,
    information: bool,
) -> Result<(Vec<f64>, ndarray::Array1<f64>, usize, Array2<f64>), SemError> {
    let pat = fm.patterns;
    let q = t.len();
    let p = pat.p;
    let nf = pat.n as f64;
    let mut mu = fm.mean.clone();
    let ll_at = |t: &[f64], mu: &ndarray::Array1<f64>| {
        ram.implied(t).and_then(|m| fiml::loglik(pat, mu, &m.sigma))
    };
    let mut ll = ll_at(&t, &mu).ok_or(SemError::Start)?;
    let mut newton = false;
    for it in 1..=2000 {
        let m = ram.implied(&t).ok_or(SemError::Start)?;
        let (gs, gm) = fiml::gradient(pat, &mu, &m.sigma).ok_or(SemError::Start)?;
        let mut g = ram.half_traces(&m, &gs);
        g.extend(gm.iter());
        let info = if newton {
            observed_information(ram, pat, &t, &mu, &gs)?
        } else {
            let inv = inverse_spd(&m.sigma).ok_or(SemError::Start)?;
            let h = ram.information(&m, &inv) * (nf / 2.0);
            let hm = fiml::mean_information(pat, &m.sigma).ok_or(SemError::Start)?;
            let mut all = Array2::<f64>::zeros((q + p, q + p));
            all.slice_mut(ndarray::s![..q, ..q]).assign(&h);
            all.slice_mut(ndarray::s![q.., q..]).assign(&hm);
            all
        };
        let inv_info = invert(&info).ok_or(SemError::Information)?;
        let step = inv_info.dot(&ndarray::Array1::from(g));
        let mut scale = 1.0;
        let mut accepted = false;
        for _ in 0..40 {
            let tc: Vec<f64> = (0..q).map(|k| t[k] + scale * step[k]).collect();
            let mc = &mu + &(step.slice(ndarray::s![q..]).to_owned() * scale);
            if let Some(lc) = ll_at(&tc, &mc) {
                if lc >= ll - 1e-15 * ll.abs() {
                    t = tc;
                    mu = mc;
                    ll = lc;
                    accepted = true;
                    break;
                }
            }
            scale /= 2.0;
        }
        let big = step.iter().fold(0.0f64, |a, b| a.max(b.abs())) * scale;
        if !accepted || big < 1e-12 {
            if !accepted && big > 1e-9 {
                return Err(SemError::NoConvergence(it));
            }
            if !information {
                return Ok((t, mu, it, Array2::zeros((0, 0))));
            }
            let info = observed_information(ram, pat, &t, &mu, &{
                let m = ram.implied(&t).ok_or(SemError::Start)?;
                fiml::gradient(pat, &mu, &m.sigma).ok_or(SemError::Start)?.0
            })?;
            return Ok((t, mu, it, info));
        }
        if big < 1e-7 {
            newton = true;
        }
    }
    Err(SemError::NoConvergence(2000))
}

/// The observed information of (θ, μ) under FIML: [`fiml::information_first`] plus the part
/// from Σ's second derivatives, -½ tr(G ∂²Σ/∂θ_k∂θ_l), by central differences of ∂Σ/∂θ_k.
fn observed_information(
    ram: &Ram,
    pat: &fiml::Patterns,
    t: &[f64],
    mu: &ndarray::Array1<f64>,
    gs: &Array2<f64>,
) -> Result<Array2<f64>, SemError> {
    let q = t.len();
    let m = ram.implied(t).ok_or(SemError::Start)?;
    let mut info = fiml::information_first(pat, mu, &m.sigma, &ram.basis(&m), &ram.param_pairs())
        .ok_or(SemError::Start)?;
    for l in 0..q {
        let h = 1e-5 * t[l].abs().max(0.1);
        let mut up = t.to_vec();
        up[l] += h;
        let mut down = t.to_vec();
        down[l] -= h;
        // ½ tr(G ∂Σ_k) at θ ± h e_l: its central difference is ½ tr(G ∂²Σ/∂θ_k∂θ_l).
        let (gu, gd) = (
            ram.half_traces(&ram.implied(&up).ok_or(SemError::Start)?, gs),
            ram.half_traces(&ram.implied(&down).ok_or(SemError::Start)?, gs),
        );
        for k in 0..q {
            info[[k, l]] -= (gu[k] - gd[k]) / (2.0 * h);
        }
    }
    let sym = (&info + &info.t()) / 2.0;
    Ok(sym)
}

/// The ten largest modification indices of the parameters the model leaves out, from the
/// candidates lavaan's `modindices()` proposes for models with latent variables (none for
/// models without): loadings, residual covariances of indicators and of latents, and
/// regressions among the variables of the structural part (see the code for the exact set).
///
/// # Formula
/// With g_c = ∂(F_ML/2)/∂θ_c at the estimates and the expected information per observation
/// I_ab = ½ tr(Σ⁻¹Σ_a Σ⁻¹Σ_b) over the free parameters θ and the candidate c:
/// V_c = I_cc - I_cθ I_θθ⁻¹ I_θc, MI = N g_c² / V_c, EPC = -g_c / V_c; the standardized EPC
/// divides as std.all does (a loading by the variable's SD over the latent's, a residual
/// covariance by the residual SDs).
#[allow(clippy::too_many_arguments)]
/// The data modification indices are computed from.
enum MiSource<'a> {
    /// The sample covariance (divisor N) of N complete rows.
    Complete { s: &'a Array2<f64>, n: usize },
    /// Incomplete rows by pattern, with the fitted means.
    Fiml {
        patterns: &'a fiml::Patterns,
        mu: &'a ndarray::Array1<f64>,
    },
}

fn modification_indices(
    ram: &Ram,
    pt: &ParTable,
    names: &[&String],
    node: &dyn Fn(&str) -> usize,
    t: &[f64],
    source: &MiSource,
    free: &[usize],
) -> Vec<ModIndex> {
    let p = ram.p;
    if pt.latent.is_empty() {
        return Vec::new();
    }
    let Some(m) = ram.implied(t) else {
        return Vec::new();
    };
    let Some(inv) = inverse_spd(&m.sigma) else {
        return Vec::new();
    };
    let (_, smat) = ram.matrices(t);
    let exo: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous && r.lhs == r.rhs)
        .map(|r| node(&r.lhs))
        .collect();
    // The model's own parameters by (lhs, op, rhs) nodes, a covariance both ways round.
    let own: std::collections::HashSet<(usize, &str, usize)> = pt
        .rows
        .iter()
        .flat_map(|r| {
            let (l, o, rr) = (node(&r.lhs), r.op.as_str(), node(&r.rhs));
            [(l, o, rr), if o == "~~" { (rr, o, l) } else { (l, o, rr) }]
        })
        .collect();
    let present = |lhs: usize, op: &str, rhs: usize| own.contains(&(lhs, op, rhs));
    // lavaan's candidates (lav_partable_full): with `eqs` the variables of the regressions
    // and `ind` the indicators, a loading of every latent on every observed variable outside
    // fixed.x and `eqs`; a covariance of every pair of indicators (outside fixed.x) and of
    // every pair of latents; a regression of every variable of `eqs` on every other, but an
    // indicator on a latent.
    let eqs: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.op == "~")
        .flat_map(|r| [node(&r.lhs), node(&r.rhs)])
        .fold(Vec::new(), |mut v, x| {
            if !v.contains(&x) {
                v.push(x);
            }
            v
        });
    let ind: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.op == "=~")
        .map(|r| node(&r.rhs))
        .collect();
    let mut cand: Vec<(usize, &str, usize, Cell)> = Vec::new();
    for l in p..ram.v {
        for o in (0..p).filter(|o| !exo.contains(o) && !eqs.contains(o)) {
            if !present(l, "=~", o) {
                cand.push((l, "=~", o, Cell::A(o, l)));
            }
        }
    }
    let cov_pair = |a: usize| (!exo.contains(&a) && ind.contains(&a)) || a >= p;
    for a in (0..ram.v).filter(|&a| cov_pair(a)) {
        for b in (a + 1..ram.v).filter(|&b| cov_pair(b) && (a >= p) == (b >= p)) {
            if !present(a, "~~", b) {
                cand.push((a, "~~", b, Cell::S(a, b)));
            }
        }
    }
    for &y in &eqs {
        for &x in eqs
            .iter()
            .filter(|&&x| x != y && !(ind.contains(&y) && x >= p))
        {
            if !present(y, "~", x) {
                cand.push((y, "~", x, Cell::A(y, x)));
            }
        }
    }
    // The expected information (total over the rows) of the free parameters (I11), of each
    // candidate with them (I12) and with itself, as Σ_g ½ n_g tr(Σ_g⁻¹ A Σ_g⁻¹ B) over one
    // Gram U_g'Σ_g⁻¹U_g per pattern of observed variables (one for complete data; see
    // Ram::scores), and each candidate's score ∂logL/∂c.
    let u = ram.basis(&m);
    let rows = match source {
        MiSource::Complete { n, .. } => *n,
        MiSource::Fiml { patterns, .. } => patterns.n,
    } as f64;
    let (grams, gscore): (Vec<(f64, Array2<f64>)>, Array2<f64>) = match source {
        MiSource::Complete { s, n } => {
            let core = inv.dot(&(&m.sigma - *s)).dot(&inv);
            let nf = *n as f64;
            (
                vec![(0.5 * nf, u.t().dot(&inv.dot(&u)))],
                u.t().dot(&core.dot(&u)) * -nf,
            )
        }
        MiSource::Fiml { patterns, mu } => {
            let mut grams = Vec::with_capacity(patterns.groups.len());
            for g in &patterns.groups {
                let o = &g.obs;
                let sub = Array2::from_shape_fn((o.len(), o.len()), |(a, b)| m.sigma[[o[a], o[b]]]);
                let Some(ginv) = inverse_spd(&sub) else {
                    return Vec::new();
                };
                let ug = Array2::from_shape_fn((o.len(), u.ncols()), |(x, c)| u[[o[x], c]]);
                grams.push((0.5 * g.n as f64, ug.t().dot(&ginv.dot(&ug))));
            }
            let Some((gs, _)) = fiml::gradient(patterns, mu, &m.sigma) else {
                return Vec::new();
            };
            (grams, u.t().dot(&gs.dot(&u)))
        }
    };
    let info = |k: &[(usize, usize, f64)], l: &[(usize, usize, f64)]| -> f64 {
        grams
            .iter()
            .map(|(w, g)| w * pair_information(g, k, l))
            .sum()
    };
    let pairs: Vec<Vec<(usize, usize, f64)>> = free
        .iter()
        .map(|&k| ram.cells[k].iter().map(|&c| ram.pair(c)).collect())
        .collect();
    let nfree = free.len();
    let mut i11 = Array2::<f64>::zeros((nfree, nfree));
    for a in 0..nfree {
        for b in 0..=a {
            let v = info(&pairs[a], &pairs[b]);
            i11[[a, b]] = v;
            i11[[b, a]] = v;
        }
    }
    let Some(i11_inv) = inverse_spd(&i11) else {
        return Vec::new();
    };
    let mut out: Vec<ModIndex> = cand
        .iter()
        .filter_map(|c| {
            let cp = [ram.pair(c.3)];
            let (a, b, w) = cp[0];
            // ∂logL/∂c: ½ tr(G ∂Σ/∂c) with G = -N Σ⁻¹(Σ - S)Σ⁻¹ for complete data.
            let score = w * gscore[[a, b]];
            let i12: ndarray::Array1<f64> = pairs.iter().map(|pk| info(pk, &cp)).collect();
            let i22 = info(&cp, &cp);
            let v = i22 - i12.dot(&i11_inv.dot(&i12));
            // lavaan leaves out (as NA) a candidate whose information per row, net of the
            // model's, is below ε^(1/3): one the model cannot tell from its own parameters.
            if v / rows < f64::EPSILON.cbrt() {
                return None;
            }
            let epc = score / v;
            let sepc_all = match c.1 {
                // A loading l =~ o and a regression y ~ x scale by the SDs of their two ends.
                "=~" => epc * m.c[[c.0, c.0]].sqrt() / m.c[[c.2, c.2]].sqrt(),
                "~" => epc * m.c[[c.2, c.2]].sqrt() / m.c[[c.0, c.0]].sqrt(),
                _ => epc / (smat[[c.0, c.0]] * smat[[c.2, c.2]]).abs().sqrt(),
            };
            Some(ModIndex {
                lhs: names[c.0].clone(),
                op: c.1.to_string(),
                rhs: names[c.2].clone(),
                mi: score * score / v,
                epc,
                sepc_all,
            })
        })
        .collect();
    out.sort_by(|a, b| b.mi.total_cmp(&a.mi));
    out.truncate(10);
    out
}

#[allow(clippy::too_many_arguments)]
fn estimate_row(
    lhs: &str,
    op: &str,
    rhs: &str,
    label: Option<String>,
    free: bool,
    estimate: f64,
    se: Option<f64>,
    zq: f64,
    std_lv: f64,
    std_all: f64,
    std_all_se: Option<f64>,
) -> SemEstimate {
    let z = se.filter(|s| *s > 0.0).map(|s| estimate / s);
    SemEstimate {
        lhs: lhs.into(),
        op: op.into(),
        rhs: rhs.into(),
        label,
        free,
        estimate,
        std_error: se,
        statistic: z,
        p_value: z.map(|z| 2.0 * norm_upper(z.abs())),
        conf_low: se.map(|s| estimate - zq * s),
        conf_high: se.map(|s| estimate + zq * s),
        std_lv,
        std_all,
        std_all_se,
        boot_low: None,
        boot_high: None,
    }
}
