//! `[benchmark]`: the centers to compare (outcomes, factors, models), the case mix to adjust
//! for, the composite indices and the file of the centers' own data.

use super::{Bad, analyses};
use crate::formula::Formula;
use crate::study::raw::RawBenchmark;
use crate::study::request::{ModelSpec, choice};
use crate::study::{BenchmarkSpec, Construct, StudyError};
use std::path::Path;

/// `[benchmark]`: outcomes, factors (default: every other construct), models without
/// C() terms, method, draws and level.
pub(super) fn benchmark(
    bad: &Bad,
    raw: Option<RawBenchmark>,
    data_cluster: &Option<String>,
    constructs: &[Construct],
    models: &[ModelSpec],
    dir: &Path,
) -> Result<Option<BenchmarkSpec>, StudyError> {
    let benchmark = match raw {
        None => None,
        Some(b) => {
            let cluster = data_cluster.clone().ok_or_else(|| {
                bad(
                    "benchmark".into(),
                    "centers are the groups of data.cluster: set data.cluster".into(),
                )
            })?;
            if b.outcomes.is_empty() {
                return Err(bad(
                    "benchmark.outcomes".into(),
                    "name at least one outcome to rank centers on".into(),
                ));
            }
            let factors = b.factors.unwrap_or_else(|| {
                constructs
                    .iter()
                    .map(|c: &Construct| c.key.clone())
                    .filter(|k| !b.outcomes.contains(k))
                    .collect()
            });
            for m in &b.models {
                let Some(spec) = models.iter().find(|x| x.name == *m) else {
                    return Err(bad(
                        "benchmark.models".into(),
                        format!("\"{m}\" is not a model of the study"),
                    ));
                };
                if spec.formula.numeric_variables().len() != spec.formula.variables().len() {
                    return Err(bad(
                        "benchmark.models".into(),
                        format!(
                            "model \"{m}\" has a C() term: its regression on center means needs numeric variables only"
                        ),
                    ));
                }
            }
            let criterion = match b.method.as_deref() {
                None => crate::estimate::multilevel::mixed::Criterion::Reml,
                Some(m) => choice(m, "a method").map_err(|m| bad("benchmark.method".into(), m))?,
            };
            let draws = b.draws.unwrap_or(10_000);
            if !(100..=1_000_000).contains(&draws) {
                return Err(bad(
                    "benchmark.draws".into(),
                    format!("{draws} draws: expected 100 to 1000000"),
                ));
            }
            let level = b.level.unwrap_or(0.95);
            if !(level > 0.5 && level < 1.0) {
                return Err(bad(
                    "benchmark.level".into(),
                    format!("{level} is not a confidence level between 0.5 and 1"),
                ));
            }
            // Case mix: each term as a formula term, none of them an outcome or the cluster.
            let term_variables = |key: &str, terms: &[String]| {
                let mut vars = Vec::new();
                for (i, t) in terms.iter().enumerate() {
                    // Parsed after the first outcome, so that a position in the message
                    // points into a formula the user can read.
                    Formula::parse(&format!("{} ~ {t}", b.outcomes[0])).map_err(|e| {
                        bad(format!("benchmark.{key}[{i}]"), format!("\"{t}\": {e}"))
                    })?;
                    let f = Formula::parse(&format!("bprstat_response_ ~ {t}")).map_err(|e| {
                        bad(format!("benchmark.{key}[{i}]"), format!("\"{t}\": {e}"))
                    })?;
                    for v in f
                        .variables()
                        .into_iter()
                        .filter(|v| v != "bprstat_response_")
                    {
                        if b.outcomes.contains(&v) || v == cluster {
                            return Err(bad(
                                format!("benchmark.{key}[{i}]"),
                                format!(
                                    "\"{t}\": {v} is an outcome or the cluster, not a covariate to adjust for"
                                ),
                            ));
                        }
                        if !vars.contains(&v) {
                            vars.push(v);
                        }
                    }
                }
                Ok(vars)
            };
            term_variables("adjust", &b.adjust)?;
            let center_vars = term_variables("center_adjust", &b.center_adjust)?;
            let composites = analyses(
                bad,
                "benchmark.composite",
                b.composite,
                |o: crate::study::composite::CompositeOptions, k| {
                    let name = o.name.clone();
                    let spec = o
                        .validate()
                        .map_err(|e| bad(format!("{k}.{}", e.key), e.message))?;
                    Ok((name, spec))
                },
            )?;
            if let Some(w) = &b.wave {
                if b.outcomes.contains(w) || *w == cluster {
                    return Err(bad(
                        "benchmark.wave".into(),
                        format!("{w} is an outcome or the cluster, not the column of the waves"),
                    ));
                }
            }
            let wave = b.wave.clone();
            // The columns of center_data: center-level covariates, then what the indices read.
            let mut center_columns = center_vars;
            for c in composites.iter().flat_map(|c| c.center_columns()) {
                if !center_columns.contains(&c) {
                    center_columns.push(c);
                }
            }
            let center_data = match (&b.center_data, center_columns.is_empty()) {
                (Some(p), false) => Some(crate::study::CenterData {
                    path: dir.join(p),
                    variables: center_columns,
                }),
                (None, false) if !b.center_adjust.is_empty() => {
                    return Err(bad(
                        "benchmark.center_adjust".into(),
                        "center-level covariates come from center_data, the file of the centers' own data (one row per center, its id in a column named as data.cluster): set center_data".into(),
                    ));
                }
                (None, false) => {
                    return Err(bad(
                        "benchmark.composite".into(),
                        format!(
                            "{} are read from center_data, the file of the centers' own data (one row per center, its id in a column named as data.cluster): set center_data",
                            center_columns.join(", ")
                        ),
                    ));
                }
                (Some(_), true) => {
                    return Err(bad(
                        "benchmark.center_data".into(),
                        "is read for center_adjust (center-level covariates to adjust for) or for the center columns of a composite index: name some".into(),
                    ));
                }
                (None, true) => None,
            };
            Some(BenchmarkSpec {
                cluster,
                outcomes: b.outcomes,
                factors,
                models: b.models,
                criterion,
                draws,
                seed: b
                    .seed
                    .unwrap_or(crate::estimate::regression::bootstrap::DEFAULT_SEED),
                level,
                adjust: b.adjust.iter().chain(&b.center_adjust).cloned().collect(),
                center_data,
                composites,
                wave,
            })
        }
    };

    Ok(benchmark)
}
