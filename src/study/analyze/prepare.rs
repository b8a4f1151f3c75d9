//! The data every analysis starts from: the file read and cleaned, the rows `[data] filter`
//! keeps, screened, with the rows `[data] exclude` names left out.

use super::AnalyzeError;
use crate::estimate::screening::screen;
use crate::io::{CleanSpec, Column, Frame, IoError, ReadOptions, clean_columns, read_table};
use crate::results::ItemMissing;
use crate::results::screening::{ExclusionStep, Exclusions, Screening};
use crate::study::{Study, StudyError};

/// The data every analysis starts from: read, cleaned, filtered and screened, with the
/// excluded rows left out.
pub(super) struct Prepared {
    pub(super) frame: Frame,
    pub(super) items: Vec<ItemMissing>,
    pub(super) screening: Screening,
    pub(super) exclusions: Option<Exclusions>,
}

/// Read the data file and clean it (`clean`); keep the rows `[data] filter` accepts; screen
/// them; leave out the rows of the checks `[data] exclude` names (the first row of a
/// repeated id stays). The item counts are of the rows kept; screening and exclusion row
/// numbers are the file's data rows.
pub(super) fn prepare(study: &Study) -> Result<Prepared, AnalyzeError> {
    let path = &study.data.path;
    let shards = crate::io::shards::is_pattern(path);
    if shards && crate::io::shards::expand(path).is_err() {
        return Err(StudyError::Invalid {
            file: study.file.display().to_string(),
            key: "data.path".into(),
            message: format!(
                "the pattern \"{}\" matches no data file (looked for {}; a relative path is read from the study file's folder)",
                study.data.path_written,
                std::path::absolute(path)
                    .unwrap_or_else(|_| path.clone())
                    .display()
            ),
        }
        .into());
    }
    if !shards && !path.exists() {
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

/// Data-quality screening of respondents over all items (with ids and durations if given).
/// Returns the ids too (as keys, `Column::keys`), for `[data] exclude = ["duplicates"]`.
fn screening(
    study: &Study,
    frame: &Frame,
) -> Result<(Screening, Option<Vec<Option<u64>>>), IoError> {
    let cols: Vec<_> = study
        .items()
        .map(|(_, i)| frame.num(i).expect("items were cleaned to numbers"))
        .collect();
    let ids = (study.data.id.as_deref())
        .and_then(|c| frame.get(c))
        .map(Column::keys);
    let durations = match study.data.duration.as_deref() {
        Some(c) => Some(crate::io::seconds(frame, c)?),
        None => None,
    };
    Ok((screen(&cols, ids.as_deref(), durations.as_deref()), ids))
}
