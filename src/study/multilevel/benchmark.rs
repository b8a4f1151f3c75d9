//! The benchmark of centers: league tables of outcomes and factors (null and case-mix
//! adjusted models, EB means, rank intervals), and the study's models with a random
//! intercept and on center means (ecological).

use super::center_data::join_centers;
use super::{MixedRequest, fit_mixed, fit_mixed_fixed, named_groups};
use crate::estimate::multilevel::league::FixedPart;
use crate::estimate::multilevel::league::{Scores, simulate_ranks};
use crate::estimate::multilevel::profile;
use crate::estimate::{CovType, LsqOptions};
use crate::formula::{Formula, MixedFormula, design, quote_name};
use crate::io::{Column, Frame};
use crate::numeric::dist::norm_quantile;
use crate::results::multilevel::{
    Benchmark, CenterScore, Funnel, IccReport, League, MixedReport, Versus,
};
use crate::study::analyze::AnalyzeError;
use crate::study::regression::fit_formula;
use crate::study::{BenchmarkSpec, ModelSpec, Study};

/// The league table of one variable: null model, ICCs, EB means, simulated rank intervals.
/// With `adjust` (terms of respondent- and center-level covariates), the centers are compared
/// net of them: the model is `variable ~ 1 + adjust + (1 | cluster)` and a center's score is
/// what it predicts for the average respondent of all centers (the design's means) plus the
/// center's effect.
fn league(
    frame: &Frame,
    spec: &BenchmarkSpec,
    variable: &str,
    label: &str,
    adjust: &[String],
) -> Result<League, AnalyzeError> {
    let (formula, name, title) = league_model(spec, variable, label, adjust)?;
    let fitted = fit_mixed_fixed(
        frame,
        &MixedRequest::of_benchmark(&name, &title, &formula, spec),
    )?;
    // The respondents' sum of squares around the mean, over the rows with the variable and
    // a center.
    let squares = |mean: f64| {
        let y = frame.num(variable).map(|y| y.reals()).unwrap_or_default();
        let cl = frame.get(&spec.cluster);
        let mut ss = 0.0;
        for (r, &v) in y.iter().enumerate() {
            let present = match cl {
                Some(Column::Text(c)) => c.get(r).is_some(),
                Some(c) => c.values().is_some_and(|c| !c.at(r).is_nan()),
                None => false,
            };
            if !v.is_nan() && present {
                ss += (v - mean) * (v - mean);
            }
        }
        ss
    };
    Ok(league_of(spec, variable, title, adjust, fitted, squares))
}

/// A league table's model: `variable ~ 1 [+ adjust] + (1 | cluster)`, its name and title.
pub(crate) fn league_model(
    spec: &BenchmarkSpec,
    variable: &str,
    label: &str,
    adjust: &[String],
) -> Result<(MixedFormula, String, String), AnalyzeError> {
    let fixed_terms = std::iter::once("1".to_string())
        .chain(adjust.iter().cloned())
        .collect::<Vec<_>>()
        .join(" + ");
    let formula = MixedFormula::parse(&format!(
        "{} ~ {fixed_terms} + (1 | {})",
        quote_name(variable),
        quote_name(&spec.cluster)
    ))
    .map_err(|e| AnalyzeError::Model {
        model: format!("benchmark of {variable}"),
        message: e.to_string(),
    })?;
    let (name, title) = if adjust.is_empty() {
        (format!("{variable}_null"), label.to_string())
    } else {
        (
            format!("{variable}_adjusted"),
            format!("{label} (adjusted for case mix)"),
        )
    };
    Ok((formula, name, title))
}

/// The league table of a fitted model (from [`league_model`]): `squares(mean)` is the
/// respondents' sum of squares of the variable around `mean` (the funnel plot's unit SD).
pub(crate) fn league_of(
    spec: &BenchmarkSpec,
    variable: &str,
    title: String,
    adjust: &[String],
    (model, fixed, coef): (MixedReport, FixedPart, Vec<f64>),
    squares: impl FnOnce(f64) -> f64,
) -> League {
    let tau2 = model.variance[0].variance;
    let sigma2 = model.variance[1].variance;
    let i = profile::icc(tau2, sigma2, model.glance.nobs, model.glance.ngroups);
    // The fixed part at the average respondent (the null model: the overall mean).
    let mu = fixed
        .at
        .iter()
        .zip(&coef)
        .fold(0.0, |acc, (c, b)| acc + c * b);
    // Respondent-level mean and SD over the model's rows: the funnel plot's target and unit SD.
    let (grand, unit_sd) = {
        let (mut s, mut n) = (0.0, 0.0);
        for g in &model.groups {
            s += g.fit.n as f64 * g.fit.raw_mean;
            n += g.fit.n as f64;
        }
        let mean = s / n;
        (mean, (squares(mean) / (n - 1.0)).sqrt())
    };
    let eb: Vec<f64> = model.groups.iter().map(|g| mu + g.fit.ranef).collect();
    let sd: Vec<f64> = model.groups.iter().map(|g| g.fit.cond_sd).collect();
    let shrinkage: Vec<f64> = model.groups.iter().map(|g| g.fit.shrinkage).collect();
    let scores = Scores {
        mean: &eb,
        sd: &sd,
        shrinkage: &shrinkage,
        fixed,
    };
    let ranks = simulate_ranks(scores, spec.draws, spec.level, spec.seed);
    let z = norm_quantile(1.0 - (1.0 - spec.level) / 2.0);
    let (z95, z998) = (norm_quantile(0.975), norm_quantile(0.999));
    let g = eb.len();
    let centers = model
        .groups
        .iter()
        .enumerate()
        .map(|(j, grp)| {
            let (lo, hi) = (eb[j] - z * sd[j], eb[j] + z * sd[j]);
            let r = &ranks[j];
            let dev = (grp.fit.raw_mean - grand).abs() * (grp.fit.n as f64).sqrt() / unit_sd;
            CenterScore {
                center: grp.group.clone(),
                n: grp.fit.n,
                raw_mean: grp.fit.raw_mean,
                eb_mean: eb[j],
                eb_sd: sd[j],
                conf_low: lo,
                conf_high: hi,
                shrinkage: grp.fit.shrinkage,
                ranks: r.clone(),
                band: r.band(g),
                versus_mean: if lo > mu {
                    Versus::Above
                } else if hi < mu {
                    Versus::Below
                } else {
                    Versus::NotDistinguishable
                },
                funnel: if dev > z998 {
                    Funnel::Outside998
                } else if dev > z95 {
                    Funnel::Outside95
                } else {
                    Funnel::Within
                },
            }
        })
        .collect();
    League {
        variable: variable.to_string(),
        icc: IccReport {
            icc1: i.icc1,
            icc2: i.icc2,
            mean_group_size: i.mean_group_size,
            design_effect: i.design_effect,
            effective_n: i.effective_n,
        },
        overall_mean: mu,
        unit_sd,
        draws: spec.draws,
        seed: spec.seed,
        distinguishable: tau2 > 0.0,
        centers,
        adjusted_for: adjust.to_vec(),
        label: title,
        model,
    }
}

/// Regression on center means: every variable of the formula averaged per center over the
/// model's complete cases, then OLS on one row per center.
fn ecological(
    frame: &Frame,
    name: &str,
    title: Option<&str>,
    formula: &Formula,
    cluster: &str,
    level: f64,
) -> Result<crate::results::ModelReport, AnalyzeError> {
    let err = |message: String| AnalyzeError::Model {
        model: name.to_string(),
        message,
    };
    let d = design(formula, frame, &[cluster]).map_err(|e| err(e.to_string()))?;
    let (codes, labels) = named_groups(frame, cluster, &d.rows);
    let g = labels.len();
    let mut centers = Frame {
        nrows: g,
        ..Frame::default()
    };
    centers.set(
        cluster,
        Column::Text(labels.into_iter().map(Some).collect()),
    );
    for v in formula.variables() {
        let Some(values) = frame.num(&v) else {
            return Err(err(format!(
                "{v} is not numeric: a center mean needs numbers"
            )));
        };
        let mut sum = vec![0.0; g];
        let mut n = vec![0.0; g];
        for (&r, &c) in d.rows.iter().zip(&codes) {
            sum[c] += values.at(r);
            n[c] += 1.0;
        }
        centers.set(
            &v,
            Column::Num(sum.iter().zip(&n).map(|(s, k)| s / k).collect()),
        );
    }
    ecological_fit(&centers, name, title, formula, cluster, level)
}

/// [`ecological`] on `centers`, a frame of one row per center holding each variable of the
/// formula averaged over the center's respondents in the model's complete cases.
pub(crate) fn ecological_fit(
    centers: &Frame,
    name: &str,
    title: Option<&str>,
    formula: &Formula,
    cluster: &str,
    level: f64,
) -> Result<crate::results::ModelReport, AnalyzeError> {
    let g = centers.nrows;
    let ename = format!("{name}_centers");
    let etitle = format!("{} — on center means (ecological)", title.unwrap_or(name));
    let spec = ModelSpec {
        name: ename,
        title: Some(etitle),
        formula: formula.clone(),
        se: CovType::Classical,
        cluster: None,
        level,
        lsq: LsqOptions::default(),
        diagnostics: false,
        center: vec![],
        selection: None,
        wild: None,
        pairs: None,
    };
    let mut m = fit_formula(centers, &spec, None)?;
    m.fit.notes.push(format!(
        "Ecological analysis: one row per {cluster} ({g} rows), each variable averaged over the center's respondents. Relations between center means need not hold for respondents within centers."
    ));
    Ok(m)
}

/// A variable's label in the benchmark: its construct's label (with the Chinese one), or
/// its name.
pub(crate) fn variable_label(study: &Study, v: &str) -> String {
    study
        .construct(v)
        .map(|c| match &c.label_zh {
            Some(z) => format!("{} {z}", c.label),
            None => c.label.clone(),
        })
        .unwrap_or_else(|| v.to_string())
}

/// The name and title of a model of `[benchmark] models` with a random intercept.
pub(crate) fn mixed_names(m: &ModelSpec, cluster: &str) -> (String, String) {
    (
        format!("{}_mixed", m.name),
        format!(
            "{} — random intercept for {cluster}",
            m.title.as_deref().unwrap_or(&m.name)
        ),
    )
}

/// The benchmark of a study: league tables of outcomes and factors, and the study's models
/// with a random intercept and on center means.
pub fn benchmark(
    study: &Study,
    frame: &Frame,
    spec: &BenchmarkSpec,
) -> Result<Benchmark, AnalyzeError> {
    let label = |v: &str| variable_label(study, v);
    // With waves: each outcome's change over them from all rows, then everything else of
    // the latest wave only.
    let (trends, latest_wave, latest) = match &spec.wave {
        None => (Vec::new(), None, None),
        Some(w) => {
            let trends = spec
                .outcomes
                .iter()
                .map(|v| {
                    crate::study::trend::trend(
                        frame,
                        v,
                        &label(v),
                        &spec.cluster,
                        w,
                        spec.criterion,
                        spec.level,
                    )
                })
                .collect::<Result<Vec<_>, _>>()?;
            let col = frame.get(w).expect("the trend read the column");
            let rows: Vec<usize> = (0..frame.nrows)
                .filter(|&r| !col.text_at(r).is_empty())
                .collect();
            let (codes, labels) = named_groups(frame, w, &rows);
            let last = labels.len() - 1;
            let mut keep = vec![false; frame.nrows];
            for (&r, &c) in rows.iter().zip(&codes) {
                keep[r] = c == last;
            }
            let mut f = frame.clone();
            f.keep_rows(&keep);
            (trends, Some(labels[last].clone()), Some(f))
        }
    };
    let frame = latest.as_ref().unwrap_or(frame);
    // The centers' own data joined on first: a mistake in that file is said before any fit.
    let (joined, center_notes) = match &spec.center_data {
        Some(cd) => {
            let (f, n) = join_centers(frame, cd, &spec.cluster)?;
            (Some(f), n)
        }
        None => (None, Vec::new()),
    };
    // Every league table is its own model and draws (its own seeded generator): fitted side
    // by side on the machine's cores, in the order of the study file.
    let adjusted_frame = joined.as_ref().unwrap_or(frame);
    let jobs: Vec<(&Frame, &String, &[String])> = spec
        .outcomes
        .iter()
        .chain(&spec.factors)
        .map(|v| (frame, v, &[][..]))
        // The outcomes again net of the covariates the centers do not control (case mix).
        .chain(
            spec.outcomes
                .iter()
                .filter(|_| !spec.adjust.is_empty())
                .map(|v| (adjusted_frame, v, &spec.adjust[..])),
        )
        .collect();
    let mut leagues = crate::numeric::parallel::map(&jobs, |&(f, v, adjust)| {
        league(f, spec, v, &label(v), adjust)
    })
    .into_iter()
    .collect::<Result<Vec<_>, _>>()?;
    let adjusted = leagues.split_off(spec.outcomes.len() + spec.factors.len());
    let factors = leagues.split_off(spec.outcomes.len());
    let outcomes = leagues;
    // Composite indices: every center with respondents, the center_data columns joined on.
    let composites = if spec.composites.is_empty() {
        Vec::new()
    } else {
        let col = frame
            .get(&spec.cluster)
            .expect("the data have the cluster column");
        let rows: Vec<usize> = (0..frame.nrows)
            .filter(|&r| !col.text_at(r).is_empty())
            .collect();
        let (codes, names) = named_groups(frame, &spec.cluster, &rows);
        spec.composites
            .iter()
            .map(|c| {
                crate::study::composite::composite(
                    joined.as_ref().unwrap_or(frame),
                    c,
                    (&rows, &names, &codes),
                    spec.level,
                    spec.seed,
                    &label,
                )
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    // The study's models with a random intercept and on center means, side by side.
    let fitted = crate::numeric::parallel::map(&spec.models, |name| {
        let m = study
            .model(name)
            .expect("validated: benchmark.models are models of the study");
        let formula = MixedFormula {
            fixed: m.formula.clone(),
            group: spec.cluster.clone(),
        };
        let (mname, mtitle) = mixed_names(m, &spec.cluster);
        let mixed = fit_mixed(
            frame,
            &MixedRequest::of_benchmark(&mname, &mtitle, &formula, spec),
        );
        let eco = ecological(
            frame,
            &m.name,
            m.title.as_deref(),
            &m.formula,
            &spec.cluster,
            spec.level,
        );
        (m, mixed, eco)
    });
    let mut models = Vec::new();
    let mut eco = Vec::new();
    let mut notes = Vec::new();
    for (m, mixed, e) in fitted {
        models.push(mixed?);
        // Too few centers for the model's coefficients is a fact to report, not a failure of
        // the benchmark.
        match e {
            Ok(r) => eco.push(r),
            Err(AnalyzeError::Model { message, .. }) => notes.push(format!(
                "The center-level regression of model {} was not fitted: {message}.",
                m.name
            )),
            Err(e) => return Err(e),
        }
    }
    notes.extend(center_notes);
    Ok(Benchmark {
        cluster: spec.cluster.clone(),
        outcomes,
        factors,
        adjusted,
        composites,
        latest_wave,
        trends,
        models,
        ecological: eco,
        notes,
    })
}
