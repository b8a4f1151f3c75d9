//! Multilevel analyses on a frame: random-intercept models from lme4-style formulas, and the
//! benchmark of centers (league tables with rank intervals, the study's models with a random
//! intercept and on center means): `benchmark` holds the benchmark, `center_data` the join of
//! the centers' own data.

mod benchmark;
mod center_data;

pub use benchmark::benchmark;
pub(crate) use benchmark::{ecological_fit, league_model, league_of, mixed_names, variable_label};

use super::analyze::AnalyzeError;
use super::regression::{group_keys, sample_info};
use crate::estimate::LsqOptions;
use crate::estimate::multilevel::league::FixedPart;
use crate::estimate::multilevel::mixed::{self, Criterion, MixedData, Sufficient};
use crate::estimate::multilevel::profile;
use crate::estimate::regression::lsq::kept_columns;
use crate::formula::{MixedFormula, design, quote_name};
use crate::io::{Column, Frame};
use crate::numeric::dist::{t_two_sided_p, t_upper_quantile};
use crate::results::SampleInfo;
use crate::results::multilevel::{
    GroupEstimate, MixedGlance, MixedReport, MixedTidyRow, RandomEffectTest, VarianceComponent,
};
use ndarray::Axis;

/// One random-intercept model to fit.
#[derive(Clone, Debug)]
pub struct MixedRequest<'a> {
    pub name: &'a str,
    pub title: Option<&'a str>,
    pub formula: &'a MixedFormula,
    pub criterion: Criterion,
    pub level: f64,
}

/// Integer codes 0..G of a grouping column over `rows`, and the label of each code. Labels
/// are ordered numerically when every one is a number, else as text.
pub fn group_codes(col: &Column, rows: &[usize]) -> (Vec<usize>, Vec<String>) {
    let (codes, labels) = group_keys(col, rows);
    let numeric: Option<Vec<f64>> = labels.iter().map(|l| l.parse::<f64>().ok()).collect();
    let Some(v) = numeric else {
        return (codes, labels);
    };
    let mut idx: Vec<usize> = (0..labels.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut position = vec![0; labels.len()];
    for (p, &i) in idx.iter().enumerate() {
        position[i] = p;
    }
    (
        codes.into_iter().map(|c| position[c]).collect(),
        idx.into_iter().map(|i| labels[i].clone()).collect(),
    )
}

/// [`group_codes`] of a frame's column, each group named by its value label where the file
/// gives one (SPSS: center 3 is "中心03"); a label two codes share keeps its code beside it.
pub(super) fn named_groups(
    frame: &Frame,
    group: &str,
    rows: &[usize],
) -> (Vec<usize>, Vec<String>) {
    let col = frame.get(group).expect("design checked the column");
    let (codes, keys) = group_codes(col, rows);
    let named: Vec<String> = keys
        .iter()
        .map(|k| frame.level_label(group, k).unwrap_or(k).to_string())
        .collect();
    let labels = named
        .iter()
        .zip(&keys)
        .map(|(n, k)| {
            if n != k && named.iter().filter(|m| *m == n).count() > 1 {
                format!("{n} ({k})")
            } else {
                n.clone()
            }
        })
        .collect();
    (codes, labels)
}

/// Fit a random-intercept model over the complete cases of its variables and group.
pub fn fit_mixed(frame: &Frame, req: &MixedRequest) -> Result<MixedReport, AnalyzeError> {
    fit_mixed_fixed(frame, req).map(|(report, _, _)| report)
}

/// [`fit_mixed`], with what a league table's rank simulation needs of the fixed part (its
/// uncertainty, the design's means over all rows and per group) and the estimated fixed
/// effects (of the columns not aliased).
fn fit_mixed_fixed(
    frame: &Frame,
    req: &MixedRequest,
) -> Result<(MixedReport, FixedPart, Vec<f64>), AnalyzeError> {
    let err = |message: String| AnalyzeError::Model {
        model: req.name.to_string(),
        message,
    };
    let group = req.formula.group.as_str();
    if frame.get(group).is_none() {
        return Err(err(format!(
            "grouping variable {group} is not a column of the data"
        )));
    }
    let d = design(&req.formula.fixed, frame, &[group]).map_err(|e| err(e.to_string()))?;
    let (codes, labels) = named_groups(frame, group, &d.rows);
    // Columns that are linear combinations of earlier ones are aliased, as in lm and lmer.
    let kept = kept_columns(d.x.view(), d.y.view(), LsqOptions::default())
        .map_err(|e| err(e.to_string()))?;
    let xk = d.x.select(Axis(1), &kept);
    let data = MixedData {
        x: xk.view(),
        y: d.y.view(),
        groups: &codes,
        ngroups: labels.len(),
    };
    let at = {
        let (n, k) = xk.dim();
        (0..k).map(|a| xk.column(a).sum() / n as f64).collect()
    };
    mixed_report(
        req,
        MixedInput {
            suf: mixed::sufficient(&data),
            labels,
            columns: d.columns.clone(),
            kept,
            sample: sample_info(&d),
            at,
        },
    )
}

/// A random-intercept model's data as its fit reads them, from rows or from per-group sums:
/// the sufficient statistics of the design's kept columns and the response, each group's
/// label, the design's column names and which are kept (the others aliased), the sample's
/// accounting, and the kept columns' means over all rows (a league table's fixed part; its
/// means per group are the sufficient statistics').
pub(crate) struct MixedInput {
    pub suf: Sufficient,
    pub labels: Vec<String>,
    pub columns: Vec<String>,
    pub kept: Vec<usize>,
    pub sample: SampleInfo,
    pub at: Vec<f64>,
}

/// The fit of `req` on `input`: its report, the fixed part a league table's rank simulation
/// needs, and the estimated fixed effects (of the columns not aliased).
pub(crate) fn mixed_report(
    req: &MixedRequest,
    input: MixedInput,
) -> Result<(MixedReport, FixedPart, Vec<f64>), AnalyzeError> {
    let err = |message: String| AnalyzeError::Model {
        model: req.name.to_string(),
        message,
    };
    let group = req.formula.group.as_str();
    let MixedInput {
        suf,
        labels,
        columns,
        kept,
        sample,
        at,
    } = input;
    let fit = mixed::fit_sufficient(&suf, req.criterion).map_err(|e| err(e.to_string()))?;
    let fixed = {
        let chol = crate::numeric::linalg::cholesky_lower(&fit.vcov).ok_or_else(|| {
            err("the covariance of the fixed effects is not positive definite".into())
        })?;
        // Each group's means of the fixed-effect columns (not the response, the last).
        let means = suf.group_means();
        let p = means.ncols() - 1;
        let center_means = (means.rows().into_iter())
            .map(|r| r.iter().take(p).copied().collect())
            .collect();
        FixedPart {
            chol,
            at,
            center_means,
        }
    };
    let coef = fit.coef.to_vec();
    let profile = profile::profile_intervals(&suf, req.criterion, &fit, req.level);
    let mut tidy = Vec::new();
    let mut notes = vec![format!(
        "Fitted by {} with the likelihood profiled over the variance ratio τ²/σ² (as lme4); t tests with Satterthwaite's degrees of freedom (as lmerTest); {:.0}% intervals from the t distribution with those df.",
        req.criterion.name(),
        100.0 * req.level
    )];
    for (j, name) in columns.iter().enumerate() {
        let Some(k) = kept.iter().position(|&c| c == j) else {
            tidy.push(MixedTidyRow {
                term: name.clone(),
                estimate: None,
                std_error: None,
                df: None,
                statistic: None,
                p_value: None,
                conf_low: None,
                conf_high: None,
                aliased: true,
            });
            notes.push(format!(
                "{name} is a linear combination of earlier columns and was not estimated (aliased)."
            ));
            continue;
        };
        let est = fit.coef[k];
        let se = fit.vcov[[k, k]].sqrt();
        let df = fit.df[k];
        let t = est / se;
        let q = t_upper_quantile((1.0 - req.level) / 2.0, df);
        tidy.push(MixedTidyRow {
            term: name.clone(),
            estimate: Some(est),
            std_error: Some(se),
            df: Some(df),
            statistic: Some(t),
            p_value: t_two_sided_p(t, df),
            conf_low: q.map(|q| est - q * se),
            conf_high: q.map(|q| est + q * se),
            aliased: false,
        });
    }
    if fit.boundary {
        notes.push(format!(
            "The between-{group} variance is estimated as 0 (on the boundary; a singular fit): the model reduces to the single-level regression and the df are its residual df, n - p."
        ));
    }
    let lrt = RandomEffectTest {
        statistic: fit.lrt,
        df: 1.0,
        p_value_naive: fit.lrt_p_naive,
        p_value: fit.lrt_p,
    };
    notes.push(format!(
        "Likelihood-ratio test of the random intercept against the single-level model ({} criterion, same fixed effects): χ² = {:.2}, p {} (half the χ²(1) tail, since τ² = 0 lies on the boundary).",
        req.criterion.name(),
        lrt.statistic,
        if lrt.p_value < 0.001 {
            "< .001".to_string()
        } else {
            format!("= {:.3}", lrt.p_value)
        }
    ));
    let groups = fit
        .groups
        .iter()
        .zip(&labels)
        .map(|(g, l)| GroupEstimate {
            group: l.clone(),
            fit: g.clone(),
        })
        .collect();
    let report = MixedReport {
        name: req.name.to_string(),
        title: req.title.map(str::to_string),
        formula: req.formula_text(),
        outcome: req.formula.fixed.response.clone(),
        group_variable: group.to_string(),
        sample,
        tidy,
        variance: vec![
            VarianceComponent {
                group: group.to_string(),
                variance: fit.tau2,
                std_dev: fit.tau2.sqrt(),
                std_error: fit.tau2_se,
                sd_conf_low: profile.as_ref().map(|p| p.tau.0),
                sd_conf_high: profile.as_ref().map(|p| p.tau.1),
            },
            VarianceComponent {
                group: "Residual".into(),
                variance: fit.sigma2,
                std_dev: fit.sigma2.sqrt(),
                std_error: fit.sigma2_se,
                sd_conf_low: profile.as_ref().map(|p| p.sigma.0),
                sd_conf_high: profile.as_ref().map(|p| p.sigma.1),
            },
        ],
        glance: MixedGlance {
            nobs: fit.nobs,
            ngroups: fit.ngroups,
            method: req.criterion.name().into(),
            df_method: "Satterthwaite".into(),
            sigma: fit.sigma2.sqrt(),
            tau: fit.tau2.sqrt(),
            theta: fit.ratio.sqrt(),
            criterion: fit.deviance,
            log_lik: fit.log_lik,
            aic: fit.aic,
            bic: fit.bic,
            icc: fit.tau2 / (fit.tau2 + fit.sigma2),
            random_effect_test: lrt,
            boundary: fit.boundary,
            gradient: fit.gradient,
            evaluations: fit.evaluations,
            conf_level: req.level,
        },
        groups,
        notes,
    };
    Ok((report, fixed, coef))
}

impl<'a> MixedRequest<'a> {
    /// A model of the benchmark: its name, title and formula, fitted by the benchmark's
    /// criterion at its level.
    pub(crate) fn of_benchmark(
        name: &'a str,
        title: &'a str,
        formula: &'a MixedFormula,
        spec: &crate::study::BenchmarkSpec,
    ) -> MixedRequest<'a> {
        MixedRequest {
            name,
            title: Some(title),
            formula,
            criterion: spec.criterion,
            level: spec.level,
        }
    }

    fn formula_text(&self) -> String {
        format!(
            "{} + (1 | {})",
            self.formula.fixed.source,
            quote_name(&self.formula.group)
        )
    }
}
