//! Change over time (`[benchmark] wave`): each outcome over the waves of the same centers,
//! from `y ~ C(wave) + (1 | center) + (1 | center:wave)` (estimate::multilevel::nested) —
//! every center's score per wave and its change between consecutive waves with an interval
//! that carries the uncertainty of the wave effects and of the center's own effects.

use super::analyze::AnalyzeError;
use super::multilevel::named_groups;
use crate::estimate::multilevel::mixed::Criterion;
use crate::estimate::multilevel::nested::{NestedData, fit};
use crate::formula::quote_name;
use crate::io::Frame;
use crate::numeric::dist::norm_quantile;
use crate::results::multilevel::{
    Change, Trend, TrendCenter, TrendTerm, VarianceComponent, Verdict,
};
use ndarray::{Array1, Array2};

/// The trend of `variable` over the waves in column `wave`, centers the groups of `cluster`.
pub fn trend(
    frame: &Frame,
    variable: &str,
    label: &str,
    cluster: &str,
    wave: &str,
    criterion: Criterion,
    level: f64,
) -> Result<Trend, AnalyzeError> {
    let err = |message: String| AnalyzeError::Model {
        model: format!("change over the waves of {variable}"),
        message,
    };
    let Some(y) = frame.num(variable).map(|y| y.reals()) else {
        return Err(err(format!("{variable} is not a numeric column")));
    };
    let (Some(cl), Some(wv)) = (frame.get(cluster), frame.get(wave)) else {
        return Err(err(format!(
            "{wave} (benchmark.wave) is not a column of the data"
        )));
    };
    let rows: Vec<usize> = (0..frame.nrows)
        .filter(|&r| !y[r].is_nan() && !cl.text_at(r).is_empty() && !wv.text_at(r).is_empty())
        .collect();
    let (centers, names) = named_groups(frame, cluster, &rows);
    let (waves, wave_names) = named_groups(frame, wave, &rows);
    let nw = wave_names.len();
    if nw < 2 {
        return Err(err(format!(
            "{wave} has {nw} wave(s) among the rows with {variable}: change needs at least two"
        )));
    }
    let n = rows.len();
    let x = Array2::from_shape_fn(
        (n, nw),
        |(i, k)| {
            if k == 0 || waves[i] == k { 1.0 } else { 0.0 }
        },
    );
    let yv = Array1::from(rows.iter().map(|&r| y[r]).collect::<Vec<_>>());
    let f = fit(
        &NestedData {
            x: x.view(),
            y: yv.view(),
            centers: &centers,
            ncenters: names.len(),
            waves: &waves,
            nwaves: nw,
        },
        criterion,
    )
    .map_err(|e| err(e.to_string()))?;
    // The fixed part of wave k: β0 + β_k.
    let design = |k: usize| -> Vec<f64> {
        (0..nw)
            .map(|a| if a == 0 || a == k { 1.0 } else { 0.0 })
            .collect()
    };
    let wave_means: Vec<f64> = (0..nw)
        .map(|k| design(k).iter().zip(&f.coef).map(|(a, b)| a * b).sum())
        .collect();
    let z = norm_quantile(1.0 - (1.0 - level) / 2.0);
    // Raw means per center and wave.
    let g = names.len();
    let mut sums = vec![vec![0.0; nw]; g];
    let mut counts = vec![vec![0usize; nw]; g];
    for (i, &r) in rows.iter().enumerate() {
        sums[centers[i]][waves[i]] += y[r];
        counts[centers[i]][waves[i]] += 1;
    }
    let mut trend_centers = Vec::with_capacity(g);
    // The estimate's blocks are the centers in code order (every center has rows here).
    for (j, eff) in f.centers.iter().enumerate() {
        let q = eff.modes.len();
        let slot = |k: usize| eff.waves.iter().position(|&w| w == k).map(|s| s + 1);
        let mut score = vec![None; nw];
        let mut score_sd = vec![None; nw];
        for k in 0..nw {
            if let Some(s) = slot(k) {
                let mut d = vec![0.0; q];
                d[0] = 1.0;
                d[s] = 1.0;
                score[k] = Some(wave_means[k] + eff.modes[0] + eff.modes[s]);
                score_sd[k] = Some(f.contrast_variance(j, &design(k), &d).sqrt());
            }
        }
        let raw: Vec<Option<f64>> = (0..nw)
            .map(|k| (counts[j][k] > 0).then(|| sums[j][k] / counts[j][k] as f64))
            .collect();
        let mut changes = Vec::new();
        for (a, b) in eff.waves.iter().zip(eff.waves.iter().skip(1)) {
            let (sa, sb) = (
                slot(*a).expect("a wave of the center"),
                slot(*b).expect("a wave of the center"),
            );
            let fixed: Vec<f64> = design(*b)
                .iter()
                .zip(design(*a))
                .map(|(u, v)| u - v)
                .collect();
            let mut d = vec![0.0; q];
            d[sb] = 1.0;
            d[sa] = -1.0;
            let estimate = score[*b].expect("surveyed") - score[*a].expect("surveyed");
            let se = f.contrast_variance(j, &fixed, &d).sqrt();
            let (lo, hi) = (estimate - z * se, estimate + z * se);
            changes.push(Change {
                from: wave_names[*a].clone(),
                to: wave_names[*b].clone(),
                estimate,
                std_error: se,
                conf_low: lo,
                conf_high: hi,
                verdict: if lo > 0.0 {
                    Verdict::Improved
                } else if hi < 0.0 {
                    Verdict::Declined
                } else {
                    Verdict::NoDetectableChange
                },
                raw_change: raw[*b].expect("surveyed") - raw[*a].expect("surveyed"),
            });
        }
        let bound = |sign: f64| -> Vec<Option<f64>> {
            score
                .iter()
                .zip(&score_sd)
                .map(|(s, sd)| Some(s.as_ref()? + sign * z * sd.as_ref()?))
                .collect()
        };
        trend_centers.push(TrendCenter {
            center: names[j].clone(),
            n: counts[j].clone(),
            raw_mean: raw,
            score_low: bound(-1.0),
            score_high: bound(1.0),
            score,
            score_sd,
            changes,
        });
    }
    let fixed = (0..nw)
        .map(|a| TrendTerm {
            term: if a == 0 {
                "(Intercept)".to_string()
            } else {
                format!("C({})[T.{}]", quote_name(wave), wave_names[a])
            },
            estimate: f.coef[a],
            std_error: f.vcov[[a, a]].sqrt(),
        })
        .collect();
    let component = |group: String, v: f64| VarianceComponent {
        group,
        variance: v,
        std_dev: v.sqrt(),
        std_error: None,
        sd_conf_low: None,
        sd_conf_high: None,
    };
    let notes = regression_to_the_mean(&trend_centers, &wave_names)
        .into_iter()
        .collect();
    Ok(Trend {
        variable: variable.to_string(),
        label: label.to_string(),
        wave_variable: wave.to_string(),
        waves: wave_names,
        formula: format!(
            "{} ~ C({w}) + (1 | {c}) + (1 | {c}:{w})",
            quote_name(variable),
            w = quote_name(wave),
            c = quote_name(cluster)
        ),
        method: criterion.name().to_string(),
        nobs: f.nobs,
        fixed,
        variance: vec![
            component(cluster.to_string(), f.tau2_center),
            component(format!("{cluster}:{wave}"), f.tau2_wave),
            component("Residual".into(), f.sigma2),
        ],
        criterion: f.deviance,
        log_lik: f.log_lik,
        wave_means,
        level,
        centers: trend_centers,
        notes,
    })
}

/// The note on regression to the mean: between the first two waves, the fifth of the centers
/// with the highest raw means and the fifth with the lowest, their average raw change and
/// their average change of the model's scores (which shrink each wave's mean by its
/// uncertainty and so expect part of an extreme raw mean not to recur).
fn regression_to_the_mean(centers: &[TrendCenter], waves: &[String]) -> Option<String> {
    let first: Vec<(&TrendCenter, &Change)> = centers
        .iter()
        .filter_map(|c| {
            c.changes
                .iter()
                .find(|ch| ch.from == waves[0] && ch.to == waves[1])
                .map(|ch| (c, ch))
        })
        .collect();
    let k = first.len() / 5;
    if k < 2 {
        return None;
    }
    let mut order: Vec<usize> = (0..first.len()).collect();
    order.sort_by(|&a, &b| {
        first[b].0.raw_mean[0]
            .unwrap_or(f64::NAN)
            .total_cmp(&first[a].0.raw_mean[0].unwrap_or(f64::NAN))
            .then(a.cmp(&b))
    });
    let mean = |idx: &[usize], f: &dyn Fn(&Change) -> f64| {
        idx.iter().map(|&i| f(first[i].1)).sum::<f64>() / idx.len() as f64
    };
    let (top, bottom) = (&order[..k], &order[order.len() - k..]);
    Some(format!(
        "Regression to the mean: the {k} centers with the highest raw means in {} changed by {:+.3} on average in raw means by {} (model-based scores: {:+.3}); the {k} with the lowest by {:+.3} (scores: {:+.3}). Part of an extreme raw mean is chance that does not recur; the model's scores and their intervals allow for it, raw changes do not.",
        waves[0],
        mean(top, &|c| c.raw_change),
        waves[1],
        mean(top, &|c| c.estimate),
        mean(bottom, &|c| c.raw_change),
        mean(bottom, &|c| c.estimate),
    ))
}
