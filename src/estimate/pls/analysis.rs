//! A PLS analysis: the fit, its quality criteria, effects and HTMT assembled into a result,
//! with the bootstrap and PLSpredict when asked.

use super::boot::bootstrap;
use super::effects::{chains, effect_list};
use super::quality::{alpha, htmt, rho_c_ave, vifs};
use super::{MAX_ITERATIONS, PlsError, PlsRun, correlation, mean_replace};
use crate::estimate::pls_predict::{draw_folds, predict};
use crate::results::pls::{
    PlsConstruct, PlsCrossLoading, PlsEffect, PlsOuter, PlsPair, PlsPath, PlsResult,
};

/// Fit a PLS path model with its quality criteria and, when asked, the bootstrap.
pub fn run(run: &PlsRun) -> Result<PlsResult, PlsError> {
    let spec = run.spec;
    spec.check_recursive()?;
    let n = run.data.nrows();
    let names = |i: usize| spec.blocks[i].name.clone();
    let s = correlation(run.data, None).ok_or_else(|| {
        let j = (0..run.data.ncols())
            .find(|&j| {
                let c = run.data.column(j);
                c.iter().all(|&x| x == c[0])
            })
            .unwrap_or(0);
        PlsError::Constant(run.items[j].clone())
    })?;
    let fit = spec.fit(&s)?;
    let k = spec.blocks.len();
    let preds = spec.predecessors();
    let f2 = spec.f_squared(&s, &fit);
    let srmr = spec.srmr(&s, &fit);
    let chains = chains(k, &spec.paths, 10_000);
    let mut constructs = Vec::with_capacity(k);
    let mut outer = Vec::new();
    for (j, b) in spec.blocks.iter().enumerate() {
        let (rho_c, ave) = rho_c_ave(&fit.loadings[j]);
        let adj = fit.r2[j].map(|r2| {
            let q = preds[j].len() as f64;
            1.0 - (1.0 - r2) * (n as f64 - 1.0) / (n as f64 - q - 1.0)
        });
        constructs.push(PlsConstruct {
            name: b.name.clone(),
            mode: format!("{:?}", b.mode),
            common_factor: b.common_factor,
            items: b.items.iter().map(|&i| run.items[i].clone()).collect(),
            alpha: alpha(&s, &b.items),
            rho_a: fit.rho_a[j],
            rho_c,
            ave,
            r2: fit.r2[j],
            adj_r2: adj,
            r2_boot: None,
        });
        let vif = vifs(&s, &b.items).ok_or_else(|| PlsError::Collinear(b.name.clone()))?;
        for (m, &i) in b.items.iter().enumerate() {
            outer.push(PlsOuter {
                construct: b.name.clone(),
                item: run.items[i].clone(),
                weight: fit.weights[j][m],
                loading: fit.loadings[j][m],
                vif: vif[m],
                weight_boot: None,
                loading_boot: None,
            });
        }
    }
    // Inner VIFs, once per endogenous construct (none for a sole predictor).
    let mut inner_vif: Vec<Option<Vec<f64>>> = vec![None; k];
    for t in (0..k).filter(|&t| preds[t].len() > 1) {
        inner_vif[t] =
            Some(vifs(&fit.cor, &preds[t]).ok_or_else(|| PlsError::InnerCollinear(names(t)))?);
    }
    let mut paths = Vec::with_capacity(spec.paths.len());
    for (p, &(f, t)) in spec.paths.iter().enumerate() {
        let vif = inner_vif[t]
            .as_ref()
            .and_then(|v| preds[t].iter().position(|&x| x == f).map(|m| v[m]));
        paths.push(PlsPath {
            from: names(f),
            to: names(t),
            coefficient: fit.paths[p],
            f2: f2[p],
            vif,
            boot: None,
        });
    }
    let effects = effect_list(spec, &fit, &chains)
        .into_iter()
        .map(|(kind, c, v)| PlsEffect {
            kind,
            chain: c.iter().map(|&i| names(i)).collect(),
            estimate: v,
            boot: None,
        })
        .collect();
    let mut pairs = Vec::new();
    for i in 0..k {
        for j in i + 1..k {
            let (h, h2) = htmt(&s, &spec.blocks[i].items, &spec.blocks[j].items);
            pairs.push(PlsPair {
                a: names(i),
                b: names(j),
                htmt: h,
                htmt2: h2,
                correlation: fit.cor[[i, j]],
                htmt_boot: None,
            });
        }
    }
    let cross_loadings = spec
        .blocks
        .iter()
        .flat_map(|b| b.items.iter().map(move |&x| (b, x)))
        .map(|(b, x)| PlsCrossLoading {
            item: run.items[x].clone(),
            construct: b.name.clone(),
            values: spec
                .blocks
                .iter()
                .zip(&fit.weights)
                .map(|(c, w)| c.items.iter().zip(w).map(|(&y, wy)| s[[x, y]] * wy).sum())
                .collect(),
        })
        .collect();
    let mut notes = vec![
        "Indicators standardized (divisor n - 1; every estimate depends on their correlations only, so the divisor changes none)".to_string(),
    ];
    if !fit.converged {
        notes.push(format!(
            "The weights did not converge in {MAX_ITERATIONS} iterations: the estimates are not a PLS solution"
        ));
    }
    let mut r = PlsResult {
        name: run.name.clone(),
        nobs: n,
        rows_read: run.rows_read,
        scheme: format!("{:?}", spec.scheme).to_lowercase(),
        consistent: spec.consistent,
        iterations: fit.iterations,
        converged: fit.converged,
        constructs,
        outer,
        paths,
        effects,
        pairs,
        cross_loadings,
        srmr_saturated: srmr.0,
        srmr_estimated: srmr.1,
        conf_level: run.level,
        bootstrap: None,
        prediction: None,
        notes,
    };
    if run.boot > 0 {
        bootstrap(&mut r, run, &s, &fit, &chains);
    }
    if let Some(p) = &run.predict {
        let folds = draw_folds(n, p.folds, p.repetitions, run.seed);
        // Missing answers replaced over the whole sample first (as seminr's predict_pls).
        let mut filled = run.data.clone();
        mean_replace(&mut filled).ok_or_else(|| PlsError::Constant(run.items[0].clone()))?;
        let mut pr = predict(spec, &filled, run.items, &folds, p.technique)?;
        pr.seed = Some(run.seed);
        r.notes.push(format!(
            "PLSpredict: {}-fold cross-validation repeated {} times (rows shuffled anew each time, seed {}); {} predictions averaged over the repetitions; the linear benchmark regresses each indicator on the indicators of {}; Q²predict compares with the training folds' mean",
            p.folds,
            p.repetitions,
            run.seed,
            match p.technique {
                crate::estimate::pls_predict::Technique::DA => "direct-antecedent (DA)",
                crate::estimate::pls_predict::Technique::EA => "earliest-antecedent (EA)",
            },
            pr.benchmark_constructs.join(", ")
        ));
        r.prediction = Some(pr);
    }
    Ok(r)
}
