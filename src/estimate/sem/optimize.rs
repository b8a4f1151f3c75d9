//! Minimizing F_ML: Fisher scoring with step halving for complete data, and full-information
//! ML's scoring and Newton steps over (θ, μ) with its observed information.

use super::ram::Ram;
use super::{Fiml, SemError, SemSpec, fiml};
use crate::estimate::measurement::cfa::f_ml_parts as f_ml;
use crate::numeric::descent::{Next, scoring_iteration};
use crate::numeric::linalg::{inverse_spd, invert};
use ndarray::Array2;

/// A full-information ML fit: θ, μ, the iterations and the observed information of (θ, μ).
pub(super) type FimlFit = (Vec<f64>, ndarray::Array1<f64>, usize, Array2<f64>);

/// Minimize F_ML from the start values `t` (F_ML there `f`): by [`fiml_optimize`] under
/// FIML, else by Fisher scoring with step halving, finished by full scoring steps. Returns θ̂,
/// F_ML at the last step of the line search, the iterations, whether it converged and the FIML
/// fit (θ, μ, iterations, observed information).
pub(super) fn optimize(
    ram: &Ram,
    spec: &SemSpec,
    s: &Array2<f64>,
    logdet_s: f64,
    q: usize,
    mut t: Vec<f64>,
    mut f: f64,
) -> Result<(Vec<f64>, f64, usize, bool, Option<FimlFit>), SemError> {
    let mut iterations = 0;
    let mut converged = false;
    const MAX_ITER: usize = 1000;
    let mut fiml_fit = None;
    if let Some(fm) = &spec.fiml {
        // Observed exogenous predictors (fixed.x) are complete in the rows given (the caller
        // drops the rows missing one, as lavaan): the likelihood factors into theirs and the
        // conditional one, so their moments take the sample values and nothing else moves.
        let out = fiml_optimize(ram, fm, t.clone(), !spec.estimates_only)?;
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
        match scoring_iteration(&mut t, &mut f, &hinv, &g, 40, |c| {
            ram.implied(c)
                .and_then(|m| f_ml(s, &m.sigma, logdet_s))
                .map(|(fc, _, _)| fc)
        }) {
            Next::Continue => {}
            next => {
                converged = next == Next::Converged;
                break;
            }
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
    Ok((t, f, iterations, converged, fiml_fit))
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
