//! Runs a validated study as a sequence of named steps: read and clean the data, score the
//! constructs, measure (descriptives, reliability, adequacy, screening, factor structure),
//! fit and compare the models, benchmark the centers, record provenance. Returns the
//! numbers; rendering is `render/`'s job.

use super::regression::{cluster_codes, compare_models, fit_formula};
use super::{Study, StudyError};
use crate::estimate::describe::{correlation_matrix, describe};
use crate::estimate::measurement::reliability::{adequacy, reliability};
use crate::estimate::measurement::scores::construct_scores;
use crate::estimate::screening::screen;
use crate::io::{CleanSpec, Column, Frame, IoError, ReadOptions, clean_columns, read_table};
use crate::results::measurement::{CfaReport, EfaReport};
use crate::results::screening::{ExclusionStep, Exclusions, Screening};
use crate::results::{DataSummary, ItemMissing, Provenance, SampleLoss, StudyResults};
use sha2::{Digest, Sha256};

/// A failed analysis step.
#[derive(Debug, thiserror::Error)]
pub enum AnalyzeError {
    #[error(transparent)]
    Study(#[from] StudyError),
    #[error(transparent)]
    Io(#[from] IoError),
    #[error("model \"{model}\": {message}")]
    Model { model: String, message: String },
    #[error("{kind} \"{name}\": {message}")]
    Analysis {
        kind: &'static str,
        name: String,
        message: String,
    },
}

/// A study's results plus the scored data they rest on.
pub struct Analysis {
    pub results: StudyResults,
    /// The cleaned data with one column per construct score.
    pub frame: Frame,
}

/// SHA-256 of a file, hex.
pub fn sha256_file(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// Run a validated study. `command` is recorded in the provenance block; `progress` is
/// told (done, total) during long bootstraps.
pub fn analyze(
    study: &Study,
    command: &str,
    progress: Option<fn(usize, usize)>,
) -> Result<Analysis, AnalyzeError> {
    let Prepared {
        mut frame,
        items: item_missing,
        screening,
        exclusions,
    } = prepare(study)?;
    score_constructs(study, &mut frame);
    // `bprstat benchmark` writes the benchmark alone: the study report's item analyses and
    // single-level fits are not computed for it.
    let whole = !study.benchmark_only;
    // The items reverse-keyed, for what analyses items: reliability, EFA/CFA, SEM and PLS.
    let keyed = if whole || !study.sem.is_empty() || !study.pls.is_empty() {
        keyed_items(study, &frame)
    } else {
        Vec::new()
    };
    let constructs = crate::numeric::parallel::map(&study.constructs, |c| {
        let mut d = describe(&c.key, frame.num(&c.key).expect("scored above"));
        d.label = Some(c.label.clone());
        d.label_zh = c.label_zh.clone();
        d.n_items = Some(c.items.len());
        d
    });
    // Reliability of each construct, listwise over its items.
    let reliability_tables: Vec<_> = study
        .constructs
        .iter()
        .filter(|_| whole)
        .zip(&keyed)
        .filter_map(|(c, cols)| {
            let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
            reliability(&c.key, &c.items, &refs, 0.95)
        })
        .collect();
    let names: Vec<String> = study.constructs.iter().map(|c| c.key.clone()).collect();
    let cols: Vec<&[f64]> = names
        .iter()
        .map(|n| frame.num(n).expect("scored above"))
        .collect();
    let correlations = if whole {
        correlation_matrix(&names, &cols)
    } else {
        correlation_matrix(&[], &[])
    };

    let models = study
        .models
        .iter()
        .filter(|_| whole)
        .map(|m| {
            let mut r = fit_formula(&frame, m, progress)?;
            if let Some(id) = &study.data.id {
                super::regression::label_rows(&mut r, &frame, id);
            }
            Ok(r)
        })
        .collect::<Result<Vec<_>, AnalyzeError>>()?;
    let progress_dyn = progress.map(|f| Box::new(f) as Box<dyn Fn(usize, usize)>);
    let importance = study
        .importance
        .iter()
        .map(|q| {
            super::importance::fit_importance(&frame, q, progress_dyn.as_deref()).map_err(|e| {
                AnalyzeError::Analysis {
                    kind: "importance",
                    name: q.name.clone(),
                    message: e.to_string(),
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let process = study
        .process
        .iter()
        .map(|q| {
            let err = |message: String| AnalyzeError::Analysis {
                kind: "process",
                name: q.spec.name.clone(),
                message,
            };
            let r = &q.spec.roles;
            for v in [&r.x, &r.y]
                .into_iter()
                .chain(&r.m)
                .chain(&r.w)
                .chain(&r.z)
                .chain(&r.covariates)
                .chain(&q.cluster)
            {
                if frame.get(v).is_none() {
                    return Err(err(format!(
                        "{v} is not a column of the data nor a construct of the study"
                    )));
                }
            }
            super::process::fit_process(&frame, q, progress_dyn.as_deref())
                .map_err(|e| err(e.to_string()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    // Structural equation and PLS path models see the construct items reverse-keyed, as the
    // CFA does.
    let keyed_frame = if study.sem.is_empty() && study.pls.is_empty() {
        None
    } else {
        let mut f = frame.clone();
        for (c, cols) in study.constructs.iter().zip(&keyed) {
            for (item, col) in c.items.iter().zip(cols) {
                f.set(item, Column::Num(col.clone()));
            }
        }
        Some(f)
    };
    let analysis_error = |kind: &'static str, name: &str, e: String| AnalyzeError::Analysis {
        kind,
        name: name.to_string(),
        message: e,
    };
    let sem = match &keyed_frame {
        None => Vec::new(),
        Some(f) => study
            .sem
            .iter()
            .map(|q| {
                super::sem::fit_sem(f, q).map_err(|e| analysis_error("sem", &q.name, e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let pls = match &keyed_frame {
        None => Vec::new(),
        Some(f) => study
            .pls
            .iter()
            .map(|q| {
                super::pls::fit_pls(f, q).map_err(|e| analysis_error("pls", &q.name, e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    let provenance = provenance(study, command)?;
    let comparisons = study
        .comparisons
        .iter()
        .map(|c| compare_models(study, &frame, c))
        .collect::<Result<Vec<_>, _>>()?;
    let benchmark = match &study.benchmark {
        Some(spec) => Some(super::multilevel::benchmark(study, &frame, spec)?),
        None => None,
    };
    let mut notes = Vec::new();
    let (efa, cfa) = if whole {
        factor_structure(study, &keyed, &mut notes)
    } else {
        (None, None)
    };
    let item_names: Vec<String> = study.items().map(|(_, i)| i.clone()).collect();
    let item_cols: Vec<&[f64]> = item_names
        .iter()
        .map(|i| frame.num(i).expect("items were cleaned to numbers"))
        .collect();
    let adequacy = if whole {
        adequacy(&item_names, &item_cols)
    } else {
        None
    };
    let mut data = data_summary(study, &frame, item_missing, screening, exclusions);
    data.sample_loss = sample_loss(
        study,
        frame.nrows,
        &reliability_tables,
        adequacy.as_ref(),
        efa.as_ref(),
        cfa.as_ref(),
        &models,
        &pls,
    );
    let results = StudyResults {
        notes,
        efa,
        cfa,
        benchmark,
        tables: study.tables.clone(),
        comparisons,
        study: study.name.clone(),
        title: study.title.clone(),
        provenance,
        data,
        constructs,
        reliability: reliability_tables,
        adequacy,
        correlations,
        models,
        importance,
        process,
        sem,
        pls,
    };
    Ok(Analysis { results, frame })
}

/// The data every analysis starts from: read, cleaned, filtered and screened, with the
/// excluded rows left out.
struct Prepared {
    frame: Frame,
    items: Vec<ItemMissing>,
    screening: Screening,
    exclusions: Option<Exclusions>,
}

/// Read the data file and clean it (`clean`); keep the rows `[data] filter` accepts; screen
/// them; leave out the rows of the checks `[data] exclude` names (the first row of a
/// repeated id stays). The item counts are of the rows kept; screening and exclusion row
/// numbers are the file's data rows.
fn prepare(study: &Study) -> Result<Prepared, AnalyzeError> {
    if !study.data.path.exists() {
        return Err(StudyError::Invalid {
            file: study.file.display().to_string(),
            key: "data.path".into(),
            message: format!(
                "data file \"{}\" does not exist (looked for {}; a relative path is read from the study file's folder)",
                study.data.path_written,
                std::path::absolute(&study.data.path)
                    .unwrap_or_else(|_| study.data.path.clone())
                    .display()
            ),
        }
        .into());
    }
    let raw = read_table(
        &study.data.path,
        ReadOptions {
            format: Some(study.data.format),
            encoding: study.data.encoding,
            delimiter: study.data.delimiter,
            sheet: study.data.sheet.clone(),
            rename: study.data.rename.clone(),
        },
    )?;
    study.check_columns(&raw)?;
    let leaves_out = study.data.filter.is_some() || !study.data.exclude.is_empty();
    if !leaves_out {
        let (frame, items) = clean(study, raw)?;
        let screening = screening(study, &frame)?.0;
        return Ok(Prepared {
            frame,
            items,
            screening,
            exclusions: None,
        });
    }
    let (mut frame, _) = clean(study, raw.clone())?;
    let rows_read = frame.nrows;
    let mut steps = Vec::new();
    if let Some(f) = &study.data.filter {
        let keep = f.keep(&frame).map_err(|e| StudyError::Invalid {
            file: study.file.display().to_string(),
            key: "data.filter".into(),
            message: e.to_string(),
        })?;
        steps.push(ExclusionStep {
            step: "filter".into(),
            rule: f.source.clone(),
            rows: (0..frame.nrows)
                .filter(|&i| !keep[i])
                .map(|i| frame.file_row(i))
                .collect(),
        });
        frame.keep_rows(&keep);
    }
    let (mut screening, ids) = screening(study, &frame)?;
    let mut out = std::collections::BTreeSet::new();
    for x in &study.data.exclude {
        let Some(check) = screening.checks.iter_mut().find(|c| c.check == x.check()) else {
            continue;
        };
        check.excluded = true;
        let rows: Vec<usize> = x
            .rows(check, ids.as_deref())
            .into_iter()
            .filter(|r| out.insert(*r))
            .collect();
        steps.push(ExclusionStep {
            step: check.check.clone(),
            rule: check.rule.clone(),
            rows,
        });
    }
    // Every check reports the file's data rows.
    for c in &mut screening.checks {
        for r in &mut c.rows {
            *r = frame.file_row(*r - 1);
        }
    }
    for s in steps
        .iter_mut()
        .skip(usize::from(study.data.filter.is_some()))
    {
        for r in &mut s.rows {
            *r = frame.file_row(*r - 1);
        }
    }
    let excluded: std::collections::BTreeSet<usize> =
        steps.iter().flat_map(|s| s.rows.iter().copied()).collect();
    // The analyses start again from the file, on the rows kept, so that every count
    // (items' missing values included) is of those rows.
    let mut raw = raw;
    let keep: Vec<bool> = (1..=raw.nrows).map(|r| !excluded.contains(&r)).collect();
    raw.keep_rows(&keep);
    let (frame, items) = clean(study, raw)?;
    Ok(Prepared {
        exclusions: Some(Exclusions {
            rows_read,
            steps,
            rows_kept: frame.nrows,
        }),
        frame,
        items,
        screening,
    })
}

/// Clean the items (missing codes, out-of-scale answers) and the plain numeric variables of
/// formulas and the benchmark (their own missing codes).
fn clean(study: &Study, mut frame: Frame) -> Result<(Frame, Vec<ItemMissing>), AnalyzeError> {
    let data_file = study.data.path.display().to_string();
    let items: Vec<(&str, Option<&str>, bool)> = study
        .items()
        .map(|(c, i)| (i.as_str(), Some(c.key.as_str()), c.reverse.contains(i)))
        .collect();
    let mut numeric: Vec<&str> = Vec::new();
    for m in &study.models {
        for v in m.formula.numeric_variables() {
            if study.construct(v).is_none()
                && !numeric.contains(&v)
                && Some(v) != study.data.cluster.as_deref()
            {
                numeric.push(v);
            }
        }
    }
    // The benchmark's outcomes and factors, and the numeric covariates of its case-mix terms
    // that are columns of the data (not of the centers' own file).
    let adjust_numeric: Vec<String> = study.benchmark.as_ref().map_or(Vec::new(), |b| {
        let center_vars = b.center_data.as_ref().map_or(&[][..], |c| &c.variables[..]);
        b.adjust
            .iter()
            .filter_map(|t| {
                crate::formula::Formula::parse(&format!("bprstat_response_ ~ {t}")).ok()
            })
            .flat_map(|f| {
                f.numeric_variables()
                    .into_iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|v| v != "bprstat_response_" && !center_vars.contains(v))
            .collect()
    });
    if let Some(b) = &study.benchmark {
        for v in b.outcomes.iter().chain(&b.factors).chain(&adjust_numeric) {
            if study.construct(v).is_none() && !numeric.contains(&v.as_str()) {
                numeric.push(v.as_str());
            }
        }
    }
    let spec = CleanSpec {
        file: &data_file,
        missing_codes: &study.data.missing,
        min: study.scale.min,
        max: study.scale.max,
    };
    let none: &[f64] = &[];
    let numeric: Vec<(&str, &[f64])> = numeric
        .into_iter()
        .map(|v| {
            (
                v,
                study
                    .data
                    .missing_by_column
                    .get(v)
                    .map_or(none, Vec::as_slice),
            )
        })
        .collect();
    let item_missing = clean_columns(&mut frame, &spec, &items, &numeric)?;
    Ok((frame, item_missing))
}

/// Add one column per construct: the mean of its items after reverse-keying.
fn score_constructs(study: &Study, frame: &mut Frame) {
    for c in &study.constructs {
        let cols: Vec<&[f64]> = c
            .items
            .iter()
            .map(|i| frame.num(i).expect("items were cleaned to numbers"))
            .collect();
        let rev: Vec<bool> = c.items.iter().map(|i| c.reverse.contains(i)).collect();
        let s = construct_scores(&cols, &rev, study.scale.min, study.scale.max, c.min_items);
        frame.set(&c.key, Column::Num(s));
    }
}

/// Each construct's items after reverse-keying: for reliability and the factor analyses.
fn keyed_items(study: &Study, frame: &Frame) -> Vec<Vec<Vec<f64>>> {
    study
        .constructs
        .iter()
        .map(|c| {
            c.items
                .iter()
                .map(|i| {
                    let v = frame.num(i).expect("items were cleaned to numbers");
                    if c.reverse.contains(i) {
                        v.iter()
                            .map(|x| study.scale.min + study.scale.max - x)
                            .collect()
                    } else {
                        v.to_vec()
                    }
                })
                .collect()
        })
        .collect()
}

/// Which study and data files, by content hash, and the command that ran them.
fn provenance(study: &Study, command: &str) -> Result<Provenance, AnalyzeError> {
    let sha = |p: &std::path::Path| {
        sha256_file(p).map_err(|source| IoError::Open {
            file: p.display().to_string(),
            source,
        })
    };
    Ok(Provenance {
        bprstat_version: env!("CARGO_PKG_VERSION").to_string(),
        command: command.to_string(),
        study_file: study.file.display().to_string(),
        study_sha256: sha(&study.file)?,
        data_file: study.data.path_written.clone(),
        data_sha256: sha(&study.data.path)?,
        filter: study.data.filter.as_ref().map(|f| f.source.clone()),
        exclude: study
            .data
            .exclude
            .iter()
            .map(|x| x.check().to_string())
            .collect(),
    })
}

/// Data-quality screening of respondents over all items (with ids and durations if given).
/// Returns the ids too (as text), for `[data] exclude = ["duplicates"]`.
fn screening(study: &Study, frame: &Frame) -> Result<(Screening, Option<Vec<String>>), IoError> {
    let cols: Vec<&[f64]> = study
        .items()
        .map(|(_, i)| frame.num(i).expect("items were cleaned to numbers"))
        .collect();
    let ids: Option<Vec<String>> = study
        .data
        .id
        .as_deref()
        .and_then(|c| frame.get(c))
        .map(|col| (0..frame.nrows).map(|i| col.text_at(i)).collect());
    let durations = match study.data.duration.as_deref() {
        Some(c) => Some(crate::io::seconds(frame, c)?),
        None => None,
    };
    Ok((screen(&cols, ids.as_deref(), durations.as_deref()), ids))
}

/// Factor structure: EFA of every item, CFA of the declared constructs (reverse-keyed
/// items). Either is left out, with a note, when it cannot be fitted.
fn factor_structure(
    study: &Study,
    keyed: &[Vec<Vec<f64>>],
    notes: &mut Vec<String>,
) -> (Option<EfaReport>, Option<CfaReport>) {
    let item_names: Vec<String> = study.items().map(|(_, i)| i.clone()).collect();
    let all_cols: Vec<&[f64]> = keyed.iter().flatten().map(Vec::as_slice).collect();
    let efa = crate::estimate::measurement::efa::efa(&item_names, &all_cols, &study.efa)
        .map_err(|e| notes.push(format!("The exploratory factor analysis was not run: {e}.")))
        .ok();
    let cfa = (study.constructs.len() >= 2)
        .then(|| {
            let names: Vec<String> = study.constructs.iter().map(|c| c.key.clone()).collect();
            let items: Vec<Vec<String>> =
                study.constructs.iter().map(|c| c.items.clone()).collect();
            let cols: Vec<Vec<&[f64]>> = keyed
                .iter()
                .map(|c| c.iter().map(Vec::as_slice).collect())
                .collect();
            crate::estimate::measurement::cfa::cfa_report(&names, &items, &cols)
                .map_err(|e| {
                    notes.push(format!(
                        "The confirmatory factor analysis was not run: {e}."
                    ))
                })
                .ok()
        })
        .flatten();
    (efa, cfa)
}

/// What was read: file, format, encoding, rows, columns, clusters, item missingness.
fn data_summary(
    study: &Study,
    frame: &Frame,
    items: Vec<ItemMissing>,
    screening: Screening,
    exclusions: Option<Exclusions>,
) -> DataSummary {
    let format = study.data.format.name();
    let clusters = study
        .data
        .cluster
        .as_deref()
        .and_then(|c| frame.get(c))
        .map(|col| {
            let all: Vec<usize> = (0..frame.nrows).collect();
            cluster_codes(col, &all)
                .into_iter()
                .max()
                .map_or(0, |m| m + 1)
        });
    DataSummary {
        file: study.data.path_written.clone(),
        format: format.into(),
        encoding: match study.data.format {
            crate::io::Format::Csv => study
                .data
                .encoding
                .unwrap_or(crate::io::Encoding::Utf8)
                .name()
                .into(),
            crate::io::Format::Sav | crate::io::Format::Dta | crate::io::Format::Por => study
                .data
                .encoding
                .map_or("as recorded in the file".into(), |e| e.name().into()),
            _ => "binary".into(),
        },
        rows_read: exclusions.as_ref().map_or(frame.nrows, |e| e.rows_read),
        columns: frame.names.len() - study.constructs.len(),
        clusters,
        cluster_variable: study.data.cluster.clone(),
        item_labels: frame.labels_of(study.items().map(|(_, i)| i.as_str())),
        items,
        screening,
        exclusions,
        sample_loss: Vec::new(),
    }
}

/// The analyses that used less than `KEEPS_AT_LEAST` of the `rows` analysed, each with why
/// and what else can be done.
fn sample_loss(
    study: &Study,
    rows: usize,
    reliability: &[crate::results::measurement::Reliability],
    adequacy: Option<&crate::results::measurement::Adequacy>,
    efa: Option<&EfaReport>,
    cfa: Option<&CfaReport>,
    models: &[crate::results::ModelReport],
    pls: &[crate::results::pls::PlsResult],
) -> Vec<SampleLoss> {
    let k = study.items().count();
    let mut out = Vec::new();
    out.extend(reliability.iter().filter_map(|r| {
        SampleLoss::check(
            format!("the reliability of {}", r.construct),
            r.n_valid,
            rows,
            format!(
                "listwise deletion over its {} items, as SPSS RELIABILITY",
                r.n_items
            ),
        )
    }));
    out.extend(adequacy.and_then(|a| {
        SampleLoss::check(
            "the KMO and Bartlett tests",
            a.n,
            rows,
            format!("listwise deletion over all {k} items"),
        )
    }));
    out.extend(efa.and_then(|e| {
        let alternative = if e.missing == "listwise" {
            format!("listwise deletion over its {} items; missing = \"pairwise\" in [efa] uses every answered pair of items", e.items.len())
        } else {
            format!("the smallest pairwise n over its {} items", e.items.len())
        };
        SampleLoss::check("the exploratory factor analysis", e.n, rows, alternative)
    }));
    out.extend(cfa.and_then(|c| {
        SampleLoss::check(
            "the confirmatory factor analysis",
            c.n,
            rows,
            format!("listwise deletion over its {k} items; to use every answer, fit the same model by full-information ML as a [[sem]] with measurement = \"constructs\", std_lv = true and missing = \"fiml\""),
        )
    }));
    out.extend(pls.iter().filter_map(|m| {
        SampleLoss::check(
            format!("PLS path model {}", m.name),
            m.nobs,
            rows,
            "listwise deletion over its indicators (SmartPLS's casewise deletion); the same theory by full-information ML uses every answer: a [[sem]] with measurement = \"constructs\" and missing = \"fiml\"",
        )
    }));
    out.extend(models.iter().filter_map(|m| {
        SampleLoss::check(
            format!("model {}", m.name),
            m.sample.rows_used,
            rows,
            "complete cases over its variables (a construct is scored for a respondent who answered at least min_items of its items; lower min_items, or check the variables missing most in the model's sample table)",
        )
    }));
    out
}
