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
use crate::numeric::dist::chi2_upper_p;
use crate::numeric::linalg::{inverse_spd, invert, logdet_spd};
use crate::results::sem::{ParTable, SemFitMeasures, SemResult};
use modindex::{MiSource, modification_indices};
use ndarray::Array2;

mod estimates;
pub mod fiml;
mod modindex;
mod optimize;
mod ram;
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
    let (ram, t) = ram::build(pt, s, &node, p, v, q);
    let first = ram.implied(&t).ok_or_else(|| {
        SemError::Cycle(
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        )
    })?;
    let (f, _, _) = f_ml(s, &first.sigma, logdet_s).ok_or(SemError::Start)?;
    let (t, f, iterations, converged, fiml_fit) =
        optimize::optimize(&ram, spec, s, logdet_s, q, t, f)?;
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

    let estimates = estimates::table(&ram, pt, &node, &t, q, &cov, &model_params, spec)?;
    let exo_free: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous)
        .filter_map(|r| r.free)
        .collect();

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
