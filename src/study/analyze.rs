//! Runs a validated study as a sequence of named steps: read and clean the data, score the
//! constructs, measure (descriptives, reliability, adequacy, screening, factor structure),
//! fit and compare the models, benchmark the centers, record provenance. Returns the
//! numbers; rendering is `render/`'s job. The data's preparation is in `prepare`, the
//! summary of what was read and of the sample lost in `summary`.

mod prepare;
mod summary;

use super::regression::{compare_models, fit_formula};
use super::{Study, StudyError};
use crate::estimate::describe::{correlation_matrix, describe_values};
use crate::estimate::measurement::efa::Missing;
use crate::estimate::measurement::reliability::{adequacy_of, reliability_keyed};
use crate::estimate::measurement::scores::construct_scores;
use crate::io::{Column, Frame, IoError};
use crate::numeric::values::Values;
use crate::results::measurement::{CfaReport, EfaReport};
use crate::results::{Provenance, StudyResults};
use prepare::{Prepared, prepare};
use sha2::{Digest, Sha256};
use summary::{data_summary, sample_loss};

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

/// SHA-256 of a file, hex: read through a buffer, so that hashing a data file of any size
/// (or a large per-respondent table read back for the manifest) holds 64 KiB of it, not all.
pub fn sha256_file(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(hex(&hasher.finalize()))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of the data: of the file, or for shards (`[data] path` a pattern) of their listing
/// as `sha256sum` prints it from their folder (`cd folder && sha256sum part-*.parquet |
/// sha256sum` gives the same), so that any changed, added or missing shard changes it.
pub fn sha256_data(path: &std::path::Path) -> std::io::Result<String> {
    if !crate::io::shards::is_pattern(path) {
        return sha256_file(path);
    }
    let files = crate::io::shards::expand(path).map_err(std::io::Error::other)?;
    let mut listing = String::new();
    for f in files {
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        listing.push_str(&format!("{}  {name}\n", sha256_file(&f)?));
    }
    Ok(sha256_hex(listing.as_bytes()))
}

/// Run a validated study. `command` is recorded in the provenance block; `progress` is
/// told (done, total) during long bootstraps.
pub fn analyze(
    study: &Study,
    command: &str,
    progress: Option<fn(usize, usize)>,
) -> Result<Analysis, AnalyzeError> {
    // The study and data files' hashes for the provenance, on a thread of their own while the
    // data are read and analysed.
    let hashing = {
        let (s, d) = (study.file.clone(), study.data.path.clone());
        std::thread::spawn(move || (sha256_file(&s), sha256_data(&d)))
    };
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
    // Reliability, KMO, the EFA and the CFA take the items' moments, a reverse-keyed item's
    // reflected (its covariances change sign, its mean becomes min + max - mean). A reversed
    // copy of the items only for what reads their values: SEM, PLS, an EFA without listwise
    // deletion.
    let around = study.scale.min + study.scale.max;
    let raw_items: Vec<Vec<Values>> = (study.constructs.iter())
        .map(|c| {
            (c.items.iter())
                .map(|i| frame.num(i).expect("items were cleaned to numbers"))
                .collect()
        })
        .collect();
    let reversed: Vec<Vec<bool>> = (study.constructs.iter())
        .map(|c| c.items.iter().map(|i| c.reverse.contains(i)).collect())
        .collect();
    let efa_reads_items = whole && study.efa.missing != Missing::Listwise;
    let keyed = if efa_reads_items || !study.sem.is_empty() || !study.pls.is_empty() {
        keyed_items(study, &frame)
    } else {
        Vec::new()
    };
    let constructs = crate::numeric::parallel::map(&study.constructs, |c| {
        let mut d = describe_values(&c.key, frame.num(&c.key).expect("scored above"));
        d.label = Some(c.label.clone());
        d.label_zh = c.label_zh.clone();
        d.n_items = Some(c.items.len());
        d
    });
    // Reliability of each construct, listwise over its items, a construct per core.
    let wanted: Vec<usize> = (0..study.constructs.len()).filter(|_| whole).collect();
    let reliability_tables: Vec<_> = crate::numeric::parallel::map(&wanted, |&c| {
        let construct = &study.constructs[c];
        let (cols, flip) = (&raw_items[c], &reversed[c]);
        reliability_keyed(&construct.key, &construct.items, cols, flip, around, 0.95)
    })
    .into_iter()
    .flatten()
    .collect();
    let names: Vec<String> = study.constructs.iter().map(|c| c.key.clone()).collect();
    let correlations = if whole {
        let scores: Vec<Values> = (names.iter())
            .map(|n| frame.num(n).expect("scored above"))
            .collect();
        correlation_matrix(&names, &scores)
    } else {
        correlation_matrix(&[], &[])
    };

    // The models side by side on the machine's cores (each model's numbers are its own,
    // whichever thread fits it), unless one asks for a bootstrap: a bootstrap shares its
    // replications among the cores itself and reports its progress as it goes. Large data
    // are fitted one model after another, each fit sharing its blocks of rows among the
    // cores, so that one model's design and per-row results are built at a time (1,000,000
    // respondents, 2 models: a peak of 640 MB -> 540 MB, 0.1-0.3 s slower).
    let fit_one = |m: &&crate::study::ModelSpec| {
        let mut r = fit_formula(&frame, m, progress)?;
        if let Some(id) = &study.data.id {
            super::regression::label_rows(&mut r, &frame, id);
        }
        Ok(r)
    };
    let wanted: Vec<&crate::study::ModelSpec> = study.models.iter().filter(|_| whole).collect();
    let large = frame.nrows >= ONE_MODEL_AT_A_TIME;
    let models = if large || wanted.iter().any(|m| m.wild.is_some() || m.pairs.is_some()) {
        (wanted.iter())
            .map(|m| {
                let fit = fit_one(m);
                if large {
                    crate::io::release_freed_memory();
                }
                fit
            })
            .collect::<Vec<_>>()
    } else {
        crate::numeric::parallel::map(&wanted, fit_one)
    }
    .into_iter()
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
    let hashes = hashing
        .join()
        .unwrap_or_else(|_| (sha256_file(&study.file), sha256_data(&study.data.path)));
    let provenance = provenance(study, command, hashes)?;
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
    // The items' moments over their complete cases, once for KMO, the EFA and the CFA (the
    // keyed items: reversing an item changes no KMO or Bartlett statistic).
    let item_names: Vec<String> = study.items().map(|(_, i)| i.clone()).collect();
    let all_raw: Vec<Values> = raw_items.iter().flatten().copied().collect();
    let all_reversed: Vec<bool> = reversed.iter().flatten().copied().collect();
    let complete = whole.then(|| {
        crate::numeric::moments::complete_cases(&all_raw).reflected(&all_reversed, around)
    });
    // The EFA and CFA read item values only without listwise deletion (then from the copy);
    // else they are given the moments, and their columns are not read (empty here).
    let item_cols: Vec<Vec<&[f64]>> = if keyed.is_empty() {
        (raw_items.iter()).map(|c| vec![&[][..]; c.len()]).collect()
    } else {
        keyed
            .iter()
            .map(|c| c.iter().map(Vec::as_slice).collect())
            .collect()
    };
    let (efa, cfa) = match &complete {
        Some(m) => factor_structure(study, &item_cols, m, &mut notes),
        None => (None, None),
    };
    let adequacy = complete.as_ref().and_then(|m| adequacy_of(&item_names, m));
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

/// Rows from which the models are fitted one after another rather than side by side.
const ONE_MODEL_AT_A_TIME: usize = 100_000;

/// Add one column per construct: the mean of its items after reverse-keying.
fn score_constructs(study: &Study, frame: &mut Frame) {
    for c in &study.constructs {
        let cols: Vec<Values> = c
            .items
            .iter()
            .map(|i| frame.num(i).expect("items were cleaned to numbers"))
            .collect();
        let rev: Vec<bool> = c.items.iter().map(|i| c.reverse.contains(i)).collect();
        let s = construct_scores(&cols, &rev, study.scale.min, study.scale.max, c.min_items);
        // The means of a few answers take few values: held as a byte a row (9 constructs of
        // 1,000,000 respondents: 9 MB, not 72), read back as the same doubles.
        frame.set(&c.key, Column::few_values(s));
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

/// Which study and data files, by content hash (`hashes`: of the study file and of the data
/// file), and the command that ran them.
fn provenance(
    study: &Study,
    command: &str,
    hashes: (std::io::Result<String>, std::io::Result<String>),
) -> Result<Provenance, AnalyzeError> {
    let sha = |p: &std::path::Path, hash: std::io::Result<String>| {
        hash.map_err(|source| IoError::Open {
            file: p.display().to_string(),
            source,
        })
    };
    Ok(Provenance {
        bprstat_version: env!("CARGO_PKG_VERSION").to_string(),
        command: command.to_string(),
        study_file: study.file.display().to_string(),
        study_sha256: sha(&study.file, hashes.0)?,
        data_file: study.data.path_written.clone(),
        data_sha256: sha(&study.data.path, hashes.1)?,
        filter: study.data.filter.as_ref().map(|f| f.source.clone()),
        exclude: study
            .data
            .exclude
            .iter()
            .map(|x| x.check().to_string())
            .collect(),
    })
}

/// Factor structure: EFA of every item, CFA of the declared constructs (reverse-keyed
/// items). Either is left out, with a note, when it cannot be fitted.
fn factor_structure(
    study: &Study,
    keyed: &[Vec<&[f64]>],
    complete: &crate::numeric::moments::CrossProducts,
    notes: &mut Vec<String>,
) -> (Option<EfaReport>, Option<CfaReport>) {
    let item_names: Vec<String> = study.items().map(|(_, i)| i.clone()).collect();
    let all_cols: Vec<&[f64]> = keyed.iter().flatten().copied().collect();
    let efa = || {
        crate::estimate::measurement::efa::efa_with(
            &item_names,
            &all_cols,
            &study.efa,
            Some(complete),
        )
        .map_err(|e| format!("The exploratory factor analysis was not run: {e}."))
    };
    let cfa = || {
        (study.constructs.len() >= 2).then(|| {
            let names: Vec<String> = study.constructs.iter().map(|c| c.key.clone()).collect();
            let items: Vec<Vec<String>> =
                study.constructs.iter().map(|c| c.items.clone()).collect();
            crate::estimate::measurement::cfa::cfa_report_with(
                &names,
                &items,
                keyed,
                Some(complete),
            )
            .map_err(|e| format!("The confirmatory factor analysis was not run: {e}."))
        })
    };
    // Side by side: neither needs the other.
    let (efa, cfa) = std::thread::scope(|scope| {
        let cfa = scope.spawn(cfa);
        let efa = efa();
        (efa, crate::numeric::parallel::joined(cfa))
    });
    let efa = efa.map_err(|note| notes.push(note)).ok();
    let cfa = cfa.and_then(|fit| fit.map_err(|note| notes.push(note)).ok());
    (efa, cfa)
}
