//! The PLS bootstrap: refits on resampled rows (or clusters), the jackknife for the BCa
//! acceleration, and the percentile and BCa summaries of every estimate.

use super::effects::effect_list;
use super::quality::htmt;
use super::{PlsFit, PlsRun, PlsSpec, correlation};
use crate::estimate::regression::covariance::{cluster_groups, resample};
use crate::numeric::dist::{norm_quantile, norm_upper};
use crate::numeric::order::quantile7;
use crate::numeric::rng::Rng;
use crate::results::pls::{PlsBoot, PlsResult};
use crate::results::sem::SemBootstrap;
use ndarray::Array2;

/// The estimates the bootstrap summarizes, in the order of [`boot_slots`].
fn boot_values(spec: &PlsSpec, s: &Array2<f64>, fit: &PlsFit, chains: &[Vec<usize>]) -> Vec<f64> {
    let mut v: Vec<f64> = fit.weights.iter().flatten().copied().collect();
    v.extend(fit.loadings.iter().flatten());
    v.extend(&fit.paths);
    v.extend(fit.r2.iter().flatten());
    v.extend(effect_list(spec, fit, chains).iter().map(|e| e.2));
    let k = spec.blocks.len();
    for i in 0..k {
        for j in i + 1..k {
            v.push(htmt(s, &spec.blocks[i].items, &spec.blocks[j].items).0);
        }
    }
    v
}

/// The bootstrap summaries of a result, in the order of [`boot_values`].
fn boot_slots(r: &mut PlsResult) -> Vec<&mut Option<PlsBoot>> {
    let mut weights = Vec::new();
    let mut loadings = Vec::new();
    for o in r.outer.iter_mut() {
        weights.push(&mut o.weight_boot);
        loadings.push(&mut o.loading_boot);
    }
    let mut out = weights;
    out.extend(loadings);
    out.extend(r.paths.iter_mut().map(|p| &mut p.boot));
    out.extend(
        r.constructs
            .iter_mut()
            .filter(|c| c.r2.is_some())
            .map(|c| &mut c.r2_boot),
    );
    out.extend(r.effects.iter_mut().map(|e| &mut e.boot));
    out.extend(r.pairs.iter_mut().map(|p| &mut p.htmt_boot));
    out
}

/// The bootstrapped estimates of the model fitted to `rows`, or None when it fails.
fn refit(run: &PlsRun, rows: &[usize], chains: &[Vec<usize>]) -> Option<Vec<f64>> {
    let s = correlation(run.data, Some(rows))?;
    let f = run.spec.fit(&s).ok()?;
    let v = boot_values(run.spec, &s, &f, chains);
    v.iter().all(|x| x.is_finite()).then_some(v)
}

/// BCa acceleration from jackknife estimates θ_(i) (Efron 1987; boot's empinf type "jack"):
/// L_i = (m - 1)(θ̄ - θ_(i)), a = Σ L³ / (6 (Σ L²)^1.5); 0 when the estimates do not vary.
pub fn acceleration(jack: &[f64]) -> f64 {
    let m = jack.len() as f64;
    if jack.len() < 2 {
        return 0.0;
    }
    let mean = jack.iter().sum::<f64>() / m;
    let l: Vec<f64> = jack.iter().map(|t| (m - 1.0) * (mean - t)).collect();
    let s2: f64 = l.iter().map(|x| x * x).sum();
    if !(s2 > 1e-300) {
        return 0.0;
    }
    l.iter().map(|x| x * x * x).sum::<f64>() / (6.0 * s2.powf(1.5))
}

/// The probabilities of the BCa bounds: with z0 = Φ⁻¹(share of resamples below the
/// estimate), α_j = Φ(z0 + (z0 + z_j) / (1 - a (z0 + z_j))) for z_j = Φ⁻¹(α/2), Φ⁻¹(1-α/2).
/// With every resample on one side z0 is infinite and the bounds go to that extreme.
pub fn bca_levels(below: f64, a: f64, alpha: f64) -> (f64, f64) {
    let z0 = norm_quantile(below);
    let level = |z: f64| {
        let w = z0 + z;
        let p = norm_upper(-(z0 + w / (1.0 - a * w)));
        if p.is_nan() { below } else { p }
    };
    (
        level(norm_quantile(alpha / 2.0)),
        level(norm_quantile(1.0 - alpha / 2.0)),
    )
}

pub(super) fn bootstrap(
    r: &mut PlsResult,
    run: &PlsRun,
    s: &Array2<f64>,
    fit: &PlsFit,
    chains: &[Vec<usize>],
) {
    let original = boot_values(run.spec, s, fit, chains);
    let n = run.data.nrows();
    let groups = run.clusters.map(cluster_groups);
    let mut rng = Rng::new(run.seed);
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(run.boot); original.len()];
    let mut failed = 0;
    for _ in 0..run.boot {
        let rows = resample(&mut rng, groups.as_deref(), n);
        match refit(run, &rows, chains) {
            Some(v) if v.len() == original.len() => {
                for (d, x) in draws.iter_mut().zip(v) {
                    d.push(x);
                }
            }
            _ => failed += 1,
        }
    }
    // The jackknife (leave one row, or one cluster, out) for the BCa acceleration.
    let units: Vec<Vec<usize>> = match &groups {
        Some(g) => g.clone(),
        None => (0..n).map(|i| vec![i]).collect(),
    };
    let mut jack: Vec<Vec<f64>> = vec![Vec::with_capacity(units.len()); original.len()];
    let mut left_out = vec![false; n];
    for u in &units {
        u.iter().for_each(|&i| left_out[i] = true);
        let rows: Vec<usize> = (0..n).filter(|&i| !left_out[i]).collect();
        u.iter().for_each(|&i| left_out[i] = false);
        if let Some(v) = refit(run, &rows, chains).filter(|v| v.len() == original.len()) {
            for (j, x) in jack.iter_mut().zip(v) {
                j.push(x);
            }
        }
    }
    let alpha = 1.0 - run.level;
    for (((slot, d), est), jk) in boot_slots(r)
        .into_iter()
        .zip(draws.iter_mut())
        .zip(&original)
        .zip(&jack)
    {
        if d.len() < 2 {
            continue;
        }
        let b = d.len() as f64;
        let mean = d.iter().sum::<f64>() / b;
        let sd = (d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (b - 1.0)).sqrt();
        d.sort_by(f64::total_cmp);
        let a = acceleration(jk);
        let below = d.iter().filter(|&&x| x < *est).count() as f64 / b;
        let (lo, hi) = bca_levels(below, a, alpha);
        *slot = Some(PlsBoot {
            mean,
            sd,
            t: est / sd,
            low: quantile7(d, alpha / 2.0),
            high: quantile7(d, 1.0 - alpha / 2.0),
            upper95: quantile7(d, 0.95),
            bca_low: quantile7(d, lo),
            bca_high: quantile7(d, hi),
            acceleration: a,
        });
    }
    r.bootstrap = Some(SemBootstrap {
        samples: run.boot,
        failed,
        clusters: groups.as_ref().map(Vec::len),
        seed: run.seed,
    });
    r.notes.push(if run.clusters.is_some() {
        format!(
            "Bootstrap: {} resamples of whole clusters, percentile and BCa intervals (BCa acceleration from the leave-one-cluster-out jackknife), no sign correction (each resample's estimates as they come, as SmartPLS and seminr); t = estimate / bootstrap SD",
            run.boot
        )
    } else {
        format!(
            "Bootstrap: {} resamples of rows, percentile and BCa intervals (BCa acceleration from the leave-one-out jackknife), no sign correction (each resample's estimates as they come, as SmartPLS and seminr); t = estimate / bootstrap SD",
            run.boot
        )
    });
}
