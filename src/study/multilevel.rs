//! Multilevel analyses on a frame: random-intercept models from lme4-style formulas, and the
//! benchmark of centers (league tables with rank intervals, the study's models with a random
//! intercept and on center means).

use super::analyze::AnalyzeError;
use super::regression::{fit_formula, group_keys, sample_info};
use super::{BenchmarkSpec, ModelSpec, Study};
use crate::estimate::multilevel::league::{FixedPart, Scores, simulate_ranks};
use crate::estimate::multilevel::mixed::{self, Criterion, MixedData};
use crate::estimate::multilevel::profile;
use crate::estimate::regression::lsq::kept_columns;
use crate::estimate::{CovType, LsqOptions};
use crate::formula::{Formula, MixedFormula, design, quote_name};
use crate::io::{Column, Frame};
use crate::numeric::dist::{norm_quantile, t_two_sided_p, t_upper_quantile};
use crate::results::multilevel::{
    Benchmark, CenterScore, Funnel, GroupEstimate, IccReport, League, MixedGlance, MixedReport,
    MixedTidyRow, RandomEffectTest, VarianceComponent, Versus,
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
    let fit = mixed::fit(&data, req.criterion).map_err(|e| err(e.to_string()))?;
    let fixed = {
        let (n, k) = xk.dim();
        let g = labels.len();
        let mut sums = vec![vec![0.0; k]; g];
        let mut sizes = vec![0.0; g];
        for (i, &c) in codes.iter().enumerate() {
            sizes[c] += 1.0;
            for a in 0..k {
                sums[c][a] += xk[[i, a]];
            }
        }
        let at = (0..k).map(|a| xk.column(a).sum() / n as f64).collect();
        let center_means = sums
            .into_iter()
            .zip(&sizes)
            .map(|(v, m)| v.into_iter().map(|x| x / m).collect())
            .collect();
        let chol = crate::numeric::linalg::cholesky_lower(&fit.vcov).ok_or_else(|| {
            err("the covariance of the fixed effects is not positive definite".into())
        })?;
        FixedPart {
            chol,
            at,
            center_means,
        }
    };
    let coef = fit.coef.to_vec();
    let profile = profile::profile_intervals(&data, req.criterion, &fit, req.level);
    let mut tidy = Vec::new();
    let mut notes = vec![format!(
        "Fitted by {} with the likelihood profiled over the variance ratio τ²/σ² (as lme4); t tests with Satterthwaite's degrees of freedom (as lmerTest); {:.0}% intervals from the t distribution with those df.",
        req.criterion.name(),
        100.0 * req.level
    )];
    for (j, name) in d.columns.iter().enumerate() {
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
        sample: sample_info(&d),
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

/// The centers' own data (`[benchmark] center_data`) joined onto the respondents by the
/// cluster id: each column the center-level terms use, every respondent taking its center's
/// value (none when its center is not in the file). Returns the joined data and notes on the
/// centers that do not match: those in the file with no respondents, and the respondents of
/// centers the file lacks (left out of the adjusted tables, their covariates missing).
fn join_centers(
    frame: &Frame,
    cd: &crate::study::CenterData,
    cluster: &str,
) -> Result<(Frame, Vec<String>), AnalyzeError> {
    let centers = crate::io::read_table(&cd.path, crate::io::ReadOptions::default())?;
    let file = cd.path.display().to_string();
    let bad = |message: String| AnalyzeError::Analysis {
        kind: "benchmark",
        name: "center_data".into(),
        message: format!("{file}: {message}"),
    };
    if centers.get(cluster).is_none() {
        return Err(bad(format!(
            "has no column {cluster}, the data's cluster id to join the centers on (its columns: {})",
            centers.names.join(", ")
        )));
    }
    for v in &cd.variables {
        if centers.get(v).is_none() {
            return Err(bad(format!(
                "has no column {v}, named in center_adjust or a composite index (its columns: {})",
                centers.names.join(", ")
            )));
        }
    }
    for v in &cd.variables {
        if frame.get(v).is_some() {
            return Err(bad(format!(
                "column {v} is also a column of the data: rename one, so that a center-level covariate is not mistaken for a respondent's answer"
            )));
        }
    }
    // Ids as the project shows and compares them (Column::text_at: a missing one empty).
    let id_col = centers.get(cluster).expect("checked above");
    let ids: Vec<String> = (0..centers.nrows).map(|r| id_col.text_at(r)).collect();
    let mut row_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let line = |r: usize| centers.file_rows.get(r).copied().unwrap_or(r + 1);
        if id.is_empty() {
            return Err(bad(format!(
                "data row {} has no {cluster}: every center needs its id",
                line(i)
            )));
        }
        if let Some(&first) = row_of.get(id.as_str()) {
            return Err(bad(format!(
                "{cluster} {id} is on data rows {} and {}: one row per center",
                line(first),
                line(i)
            )));
        }
        row_of.insert(id, i);
    }
    let col = frame
        .get(cluster)
        .expect("the data have the cluster column");
    let keyed: Vec<(usize, String)> = (0..frame.nrows)
        .map(|r| (r, col.text_at(r)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let mut source = vec![None; frame.nrows];
    let mut unmatched: Vec<&str> = Vec::new();
    let mut unmatched_rows = 0;
    let mut seen = vec![false; centers.nrows];
    for (r, k) in &keyed {
        let r = *r;
        match row_of.get(k.as_str()) {
            Some(&c) => {
                source[r] = Some(c);
                seen[c] = true;
            }
            None => {
                unmatched_rows += 1;
                if !unmatched.contains(&k.as_str()) {
                    unmatched.push(k);
                }
            }
        }
    }
    let mut joined = frame.clone();
    for v in &cd.variables {
        let column = match centers.get(v).expect("required above") {
            Column::Num(x) => Column::Num(
                source
                    .iter()
                    .map(|s| s.map_or(f64::NAN, |c| x[c]))
                    .collect(),
            ),
            Column::Text(x) => Column::Text(
                source
                    .iter()
                    .map(|s| s.and_then(|c| x[c].clone()))
                    .collect(),
            ),
        };
        joined.set(v, column);
    }
    let mut notes = Vec::new();
    let idle: Vec<&str> = ids
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(id, _)| id.as_str())
        .collect();
    if !idle.is_empty() {
        notes.push(format!(
            "{} center(s) of {file} have no respondents in the data and are in no table: {}.",
            idle.len(),
            idle.join(", ")
        ));
    }
    if !unmatched.is_empty() {
        notes.push(format!(
            "{unmatched_rows} respondent(s) of {} center(s) not in {file} ({}) have no center-level data and are left out of the adjusted league tables and composite indices.",
            unmatched.len(),
            unmatched.join(", ")
        ));
    }
    Ok((joined, notes))
}

impl MixedRequest<'_> {
    fn formula_text(&self) -> String {
        format!(
            "{} + (1 | {})",
            self.formula.fixed.source,
            quote_name(&self.formula.group)
        )
    }
}

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
    let (model, fixed, coef) = fit_mixed_fixed(
        frame,
        &MixedRequest {
            name: &name,
            title: Some(&title),
            formula: &formula,
            criterion: spec.criterion,
            level: spec.level,
        },
    )?;
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
        let (mut s, mut ss, mut n) = (0.0, 0.0, 0.0);
        for g in &model.groups {
            s += g.fit.n as f64 * g.fit.raw_mean;
            n += g.fit.n as f64;
        }
        let mean = s / n;
        let y = frame.num(variable).unwrap_or(&[]);
        let cl = frame.get(&spec.cluster);
        for (r, &v) in y.iter().enumerate() {
            let present = match cl {
                Some(Column::Num(c)) => !c[r].is_nan(),
                Some(Column::Text(c)) => c[r].is_some(),
                None => false,
            };
            if !v.is_nan() && present {
                ss += (v - mean) * (v - mean);
            }
        }
        (mean, (ss / (n - 1.0)).sqrt())
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
    Ok(League {
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
    })
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
            sum[c] += values[r];
            n[c] += 1.0;
        }
        centers.set(
            &v,
            Column::Num(sum.iter().zip(&n).map(|(s, k)| s / k).collect()),
        );
    }
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
    let mut m = fit_formula(&centers, &spec, None)?;
    m.fit.notes.push(format!(
        "Ecological analysis: one row per {cluster} ({g} rows), each variable averaged over the center's respondents. Relations between center means need not hold for respondents within centers."
    ));
    Ok(m)
}

/// The benchmark of a study: league tables of outcomes and factors, and the study's models
/// with a random intercept and on center means.
pub fn benchmark(
    study: &Study,
    frame: &Frame,
    spec: &BenchmarkSpec,
) -> Result<Benchmark, AnalyzeError> {
    let label = |v: &str| {
        study
            .construct(v)
            .map(|c| match &c.label_zh {
                Some(z) => format!("{} {z}", c.label),
                None => c.label.clone(),
            })
            .unwrap_or_else(|| v.to_string())
    };
    // With waves: each outcome's change over them from all rows, then everything else of
    // the latest wave only.
    let (trends, latest_wave, latest) = match &spec.wave {
        None => (Vec::new(), None, None),
        Some(w) => {
            let trends = spec
                .outcomes
                .iter()
                .map(|v| {
                    super::trend::trend(
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
                super::composite::composite(
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
        let mname = format!("{}_mixed", m.name);
        let mtitle = format!(
            "{} — random intercept for {}",
            m.title.as_deref().unwrap_or(&m.name),
            spec.cluster
        );
        let mixed = fit_mixed(
            frame,
            &MixedRequest {
                name: &mname,
                title: Some(&mtitle),
                formula: &formula,
                criterion: spec.criterion,
                level: spec.level,
            },
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
