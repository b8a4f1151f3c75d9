//! A model's report from its fit on the sums: the printed statistics of a row-level fit
//! (through the same `summarize`), with what the sums cannot give left out and said.

use super::Planned;
use crate::estimate::regression::covariance::{CovType, Covariance};
use crate::estimate::regression::summary::{Numbers, summarize};
use crate::results::{ModelReport, OlsResult, SampleInfo};
use crate::study::Study;

pub(super) fn report(
    study: &Study,
    m: &Planned,
    fit: &crate::estimate::regression::sums::SumsFit,
    rows_read: usize,
) -> ModelReport {
    let p = m.terms.len() - 1;
    let mut terms = vec!["(Intercept)".to_string()];
    terms.extend(m.terms[..p].iter().cloned());
    let cov = Covariance {
        kind: m.spec.se,
        matrix: fit.vcov.clone(),
        factor: fit.factor,
        df: if m.spec.se == CovType::ClusterR {
            (fit.nobs - p - 1) as f64
        } else {
            fit.df
        },
        df_by_coef: None,
        clusters: m.clustered.then_some(fit.groups),
    };
    let mut sd_x = vec![0.0];
    sd_x.extend(&fit.sd[..p]);
    let mut tolerance = vec![None];
    tolerance.extend(fit.tolerance.iter().map(|&t| Some(t)));
    let s = summarize(&Numbers {
        terms: &terms,
        intercept: true,
        coef: &fit.coef,
        aliased: &vec![false; p + 1],
        cov: &cov,
        cov_kind: m.spec.se,
        cluster_name: study.data.cluster.as_deref(),
        level: m.spec.level,
        n: fit.nobs,
        sse: fit.sse,
        ssr: fit.tss - fit.sse,
        sd_x: &sd_x,
        sd_y: fit.sd[p],
        tolerance: &tolerance,
        durbin_watson: f64::NAN,
        condition_number: f64::NAN,
        solver: "sums",
        refinement_steps: 0,
    });
    let mut notes = vec![
        if m.spec.diagnostics || m.spec.wild.is_some() || m.spec.pairs.is_some() {
            "Finished from sums per cluster (bprstat sql); Durbin-Watson, the diagnostics and the bootstraps need the rows and are not computed."
        } else {
            "Finished from sums per cluster (bprstat sql); Durbin-Watson needs the rows and is not computed."
        }
        .to_string(),
    ];
    if let Some(g) = cov.clusters {
        notes.extend(crate::estimate::regression::prose::few_clusters(
            m.spec.se, g,
        ));
    }
    ModelReport {
        name: m.spec.name.clone(),
        title: m.spec.title.clone(),
        formula: m.spec.formula.source.clone(),
        outcome: m.spec.formula.response.clone(),
        sample: SampleInfo {
            rows_read,
            rows_used: fit.nobs,
            rows_dropped: rows_read.saturating_sub(fit.nobs),
            missing_by_variable: Vec::new(),
        },
        fit: OlsResult {
            glance: s.glance,
            tidy: s.tidy,
            anova: s.anova,
            covariance: s.covariance,
            notes,
            diagnostics: None,
            wild_bootstrap: None,
            pairs_bootstrap: None,
            augment: Default::default(),
            vcov: fit.vcov.clone(),
        },
        selection: None,
        centered: Vec::new(),
        simple_slopes: Vec::new(),
        reference_levels: Vec::new(),
    }
}
