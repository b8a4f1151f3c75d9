//! The benchmark of centers from sums (`bprstat sql STUDY --benchmark`): per center, the
//! count, sum and sum of squares of each outcome and factor of `[benchmark]` (its league
//! table's model `v ~ 1 + (1 | cluster)`), and for each of `[benchmark] models` the sums of
//! its columns and their products (those the model's own sums are, or its own set). A
//! random intercept's likelihood needs no more than each center's size, its means and the
//! pooled within-center cross-products ([`crate::estimate::multilevel::mixed::Sufficient`]),
//! so the league tables (REML or ML fits, ICCs, EB means, rank intervals from the same seeded
//! draws, funnel limits), the models with a random intercept and the models on center means
//! come out as the row-level benchmark gives them. What needs the rows is left out with a
//! note: the case-mix adjusted tables (their terms' levels and the centers' own file are
//! joined on the rows), composite indices (resampled respondents) and waves.

use super::groups::Merged;
use super::{COUNT, Plan, Role, StudyError};
use crate::estimate::CovType;
use crate::estimate::LsqOptions;
use crate::formula::{Formula, MixedFormula, quote_name};
use crate::io::{Column, Frame};
use crate::numeric::dd::Dd;
use crate::results::SampleInfo;
use crate::results::multilevel::{Benchmark, League};
use crate::study::analyze::AnalyzeError;
use crate::study::multilevel::{
    MixedInput, MixedRequest, ecological_fit, group_codes, league_model, league_of, mixed_names,
    mixed_report, variable_label,
};
use crate::study::{BenchmarkSpec, ModelSpec, Study};
use ndarray::Array2;

/// The name of a league table's sums ("(league) process.(n)", ...).
fn league_name(v: &str) -> String {
    format!("(league) {v}")
}

/// The name of the sums of a model of `[benchmark] models` the study's sums do not hold.
fn bench_name(m: &str) -> String {
    format!("(benchmark) {m}")
}

/// Why the benchmark cannot come from sums for `study`, if so: the study key and why.
pub(super) fn unsummable(study: &Study) -> Option<(&'static str, String)> {
    let Some(b) = &study.benchmark else {
        return Some((
            "benchmark",
            "--benchmark sums what the study's [benchmark] needs, and the study has no [benchmark] section".into(),
        ));
    };
    if b.wave.is_some() {
        return Some((
            "benchmark.wave",
            "the league tables of the latest wave and each outcome's change over the waves need each wave's rows; for the sums, leave wave out and keep the latest wave's rows in the query's FROM".into(),
        ));
    }
    None
}

/// The variables with a league table: the outcomes, then the factors, each once.
fn variables(b: &BenchmarkSpec) -> Vec<&String> {
    let mut v: Vec<&String> = Vec::new();
    for x in b.outcomes.iter().chain(&b.factors) {
        if !v.contains(&x) {
            v.push(x);
        }
    }
    v
}

/// Whether `sums` hold the benchmark's sums (those of its first league table).
pub(super) fn summed(study: &Study, sums: &Frame) -> bool {
    (study.benchmark.as_ref())
        .and_then(|b| variables(b).first().copied())
        .is_some_and(|v| sums.get(&format!("{}.{COUNT}", league_name(v))).is_some())
}

/// What the benchmark adds to the sums: each league table's `v ~ 1`, and each model of
/// `[benchmark] models` that is not among `served` (the models the sums fit), with an
/// intercept; all over complete cases with a center.
pub(super) fn specs(study: &Study, served: &[&str]) -> Vec<(ModelSpec, Role)> {
    let Some(b) = &study.benchmark else {
        return Vec::new();
    };
    let spec = |name: String, formula: Formula| ModelSpec {
        name,
        title: None,
        formula,
        se: CovType::Cluster,
        cluster: Some(b.cluster.clone()),
        level: b.level,
        lsq: LsqOptions::default(),
        diagnostics: false,
        center: vec![],
        selection: None,
        wild: None,
        pairs: None,
    };
    let mut out = Vec::new();
    for v in variables(b) {
        // A quoted name always parses.
        if let Ok(f) = Formula::parse(&format!("{} ~ 1", quote_name(v))) {
            out.push((spec(league_name(v), f), Role::League));
        }
    }
    for name in &b.models {
        if let Some(m) = study.model(name)
            && !served.contains(&name.as_str())
            && m.formula.intercept
        {
            out.push((spec(bench_name(name), m.formula.clone()), Role::Benchmark));
        }
    }
    out
}

/// The query's comment on the benchmark's sums.
pub(super) fn comment(study: &Study) -> String {
    let Some(b) = &study.benchmark else {
        return String::new();
    };
    format!(
        "-- And for the benchmark of centers, per center: the count, sum and sum of squares of each\n--   variable with a league table ({}), and the sums of models {}\n--   (with a random intercept and on center means).\n",
        (variables(b).iter())
            .map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        b.models.join(", ")
    )
}

/// A random intercept's input from a model's sums per cluster: the clusters with complete
/// cases (not the rows without a cluster), ordered as the row-level fit orders them; the
/// intercept, then the terms, the outcome last.
fn input(terms: &[String], g: &Merged, rows_read: usize) -> Result<MixedInput, String> {
    let keep: Vec<usize> = (0..g.keys.len())
        .filter(|&j| !g.keys[j].is_empty() && g.groups[j].n > 0.0)
        .collect();
    for &j in &keep {
        let s = &g.groups[j];
        let finite = s
            .sum
            .iter()
            .chain(s.cross.iter().flatten())
            .all(|x| x.is_finite());
        if s.n.fract() != 0.0 || !s.n.is_finite() || !finite {
            return Err(format!(
                "cluster {}: expected a whole count and finite sums, found count {} (sums {})",
                g.keys[j],
                s.n,
                if finite { "finite" } else { "not finite" }
            ));
        }
    }
    let col = Column::Text(keep.iter().map(|&j| Some(g.keys[j].clone())).collect());
    let (codes, labels) = group_codes(&col, &(0..keep.len()).collect::<Vec<_>>());
    let k = terms.len();
    let q = k + 1;
    let ng = labels.len();
    let mut sizes = vec![0.0; ng];
    let mut means = Array2::<f64>::zeros((ng, q));
    let mut within = vec![vec![Dd::ZERO; q]; q];
    let mut total = vec![Dd::ZERO; k];
    for (&j, &c) in keep.iter().zip(&codes) {
        let s = &g.groups[j];
        let n = Dd::from_f64(s.n);
        sizes[c] = s.n;
        means[[c, 0]] = 1.0;
        for a in 0..k {
            means[[c, a + 1]] = s.sum[a] / s.n;
            total[a] = total[a] + Dd::from_f64(s.sum[a]);
            for b in 0..k {
                within[a + 1][b + 1] = within[a + 1][b + 1] + Dd::from_f64(s.cross[a][b])
                    - Dd::from_f64(s.sum[a]) * Dd::from_f64(s.sum[b]) / n;
            }
        }
    }
    let nobs: f64 = sizes.iter().sum();
    let within = Array2::from_shape_fn((q, q), |(a, b)| within[a][b].to_f64());
    // The fixed part's columns: the intercept and the predictors (not the outcome).
    let at = std::iter::once(1.0)
        .chain(total[..k - 1].iter().map(|t| t.to_f64() / nobs))
        .collect();
    let columns = std::iter::once("(Intercept)".to_string())
        .chain(terms[..k - 1].iter().cloned())
        .collect();
    Ok(MixedInput {
        suf: crate::estimate::multilevel::mixed::Sufficient::from_groups(sizes, means, within),
        labels,
        columns,
        kept: (0..k).collect(),
        sample: SampleInfo {
            rows_read,
            rows_used: nobs as usize,
            rows_dropped: rows_read.saturating_sub(nobs as usize),
            missing_by_variable: vec![],
        },
        at,
    })
}

/// The benchmark from the sums: `summed` holds each planned model's sums per cluster.
pub(super) fn finish(
    study: &Study,
    plan: &Plan,
    summed: &[Merged],
    rows_read: usize,
    bad: &dyn Fn(String) -> StudyError,
) -> Result<Benchmark, StudyError> {
    let Some(b) = &study.benchmark else {
        return Err(bad("the study has no [benchmark]".into()));
    };
    // The study may have changed since the sums (a wave added): said as `sql` says it.
    if let Some((key, why)) = unsummable(study) {
        return Err(bad(format!("[{key}]: {why}")));
    }
    let failed = |e: AnalyzeError| bad(e.to_string());
    let sums_of = |name: &str, role: Role| {
        (plan.models.iter().zip(summed)).find(|(m, _)| m.role == role && m.spec.name == name)
    };
    // League tables, each its own fit and seeded draws, side by side.
    let vars = variables(b);
    let jobs: Vec<(&String, &Merged)> = vars
        .iter()
        .filter_map(|v| sums_of(&league_name(v), Role::League).map(|(_, g)| (*v, g)))
        .collect();
    let tables = crate::numeric::parallel::map(&jobs, |&(v, g)| -> Result<League, String> {
        let (formula, name, title) =
            league_model(b, v, &variable_label(study, v), &[]).map_err(|e| e.to_string())?;
        let input = input(std::slice::from_ref(v), g, rows_read)
            .map_err(|e| format!("the league table of {v}, {e}"))?;
        let fitted = mixed_report(
            &MixedRequest::of_benchmark(&name, &title, &formula, b),
            input,
        )
        .map_err(|e| e.to_string())?;
        Ok(league_of(b, v, title, &[], fitted, |mean| squares(g, mean)))
    });
    let tables = (tables.into_iter())
        .collect::<Result<Vec<_>, _>>()
        .map_err(bad)?;
    let find = |v: &String| {
        (tables.iter().find(|l| l.variable == *v))
            .cloned()
            .ok_or_else(|| bad(format!("no sums for the league table of {v}")))
    };
    let outcomes = b.outcomes.iter().map(find).collect::<Result<_, _>>()?;
    let factors = b.factors.iter().map(find).collect::<Result<_, _>>()?;
    // The models with a random intercept and on center means.
    let mut models = Vec::new();
    let mut ecological = Vec::new();
    let mut notes = vec![format!(
        "From sums per {} (bprstat sql --benchmark): the centers are named by their values of {} (value labels of the data file are not in the sums).",
        b.cluster, b.cluster
    )];
    for name in &b.models {
        let Some(m) = study.model(name) else { continue };
        let Some((p, g)) =
            sums_of(name, Role::Model).or_else(|| sums_of(&bench_name(name), Role::Benchmark))
        else {
            notes.push(format!(
                "Model {name} is not fitted with a random intercept from sums: a model without intercept."
            ));
            continue;
        };
        let (mname, mtitle) = mixed_names(m, &b.cluster);
        let formula = MixedFormula {
            fixed: m.formula.clone(),
            group: b.cluster.clone(),
        };
        let input = input(&p.terms, g, rows_read).map_err(|e| bad(format!("model {name}, {e}")))?;
        let centers = center_means(&input, &p.terms, &m.formula, &b.cluster);
        let (report, _, _) = mixed_report(
            &MixedRequest::of_benchmark(&mname, &mtitle, &formula, b),
            input,
        )
        .map_err(failed)?;
        models.push(report);
        // Too few centers for the model's coefficients is a fact to report (as the row-level
        // benchmark does), and so is a variable whose center means the sums do not give.
        let fit = match centers {
            Ok(c) => ecological_fit(
                &c,
                name,
                m.title.as_deref(),
                &m.formula,
                &b.cluster,
                b.level,
            ),
            Err(message) => Err(AnalyzeError::Model {
                model: name.clone(),
                message,
            }),
        };
        match fit {
            Ok(r) => ecological.push(r),
            Err(AnalyzeError::Model { message, .. }) => notes.push(format!(
                "The center-level regression of model {name} was not fitted: {message}."
            )),
            Err(e) => return Err(failed(e)),
        }
    }
    if !b.adjust.is_empty() {
        notes.push(format!(
            "The league tables adjusted for case mix ({}) are not computed from sums: their terms' levels and the centers' own data are joined on the rows; run bprstat benchmark on the data for them.",
            b.adjust.join(", ")
        ));
    }
    if !b.composites.is_empty() {
        notes.push(
            "The composite indices are not computed from sums: their intervals resample respondents within centers.".into(),
        );
    }
    Ok(Benchmark {
        cluster: b.cluster.clone(),
        outcomes,
        factors,
        adjusted: vec![],
        composites: vec![],
        latest_wave: None,
        trends: vec![],
        models,
        ecological,
        notes,
    })
}

/// The outcome's (the last column's) sum of squares around `mean` over the centers'
/// complete cases: within each center, and of the center's mean around `mean`.
fn squares(g: &Merged, mean: f64) -> f64 {
    let mut ss = Dd::ZERO;
    for (key, s) in g.keys.iter().zip(&g.groups) {
        let y = s.sum.len() - 1;
        if key.is_empty() || s.n == 0.0 {
            continue;
        }
        let n = Dd::from_f64(s.n);
        let sum = Dd::from_f64(s.sum[y]);
        let d = sum / n - Dd::from_f64(mean);
        ss = ss + Dd::from_f64(s.cross[y][y]) - sum * sum / n + n * d * d;
    }
    ss.to_f64()
}

/// One row per center of each variable of `formula` averaged over the center's complete
/// cases, from the model's sums (`input`'s means); or why not.
fn center_means(
    input: &MixedInput,
    terms: &[String],
    formula: &Formula,
    cluster: &str,
) -> Result<Frame, String> {
    let means = input.suf.group_means();
    let mut centers = Frame {
        nrows: input.labels.len(),
        ..Frame::default()
    };
    centers.set(
        cluster,
        Column::Text(input.labels.iter().cloned().map(Some).collect()),
    );
    for v in formula.variables() {
        // A term is written as the formula quotes it (`years in post`).
        let Some(a) = terms.iter().position(|t| *t == v || *t == quote_name(&v)) else {
            return Err(format!(
                "{v} enters only within a product or power term, whose sums do not give its center means"
            ));
        };
        centers.set(&v, Column::Num(means.column(a + 1).to_vec()));
    }
    Ok(centers)
}
