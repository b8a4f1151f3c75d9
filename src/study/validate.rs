//! Validation of the study file, one function per section: each checks what its section
//! says and what it says about the others, and names every mistake by its key
//! (`models[0] (process).pin`). The option checks shared with the command line live in
//! [`super::request`]; the sections of models are checked in `models`, `[benchmark]` in
//! `benchmark`.

mod benchmark;
mod models;

use super::importance::ImportanceOptions;
use super::pls::PlsOptions;
use super::process::ProcessOptions;
use super::raw::{RawConstruct, RawData, RawScale, RawStudyFile, one_line};
use super::request::{EfaInput, choice};
use super::sem::SemOptions;
use super::{Construct, DataSpec, Scale, Study, StudyError};
use crate::estimate::measurement::efa::EfaOptions;
use crate::formula::Formula;
use crate::io::{Encoding, Format, RenameFrom, parse_delimiter};
use benchmark::benchmark;
use models::{comparisons, models, tables};
use std::path::Path;

/// Makes the error of one key: `bad(key, message)`.
type Bad<'a> = dyn Fn(String, String) -> StudyError + 'a;

pub(super) fn validate(text: &str, file: &Path, dir: &Path) -> Result<Study, StudyError> {
    let fname = file.display().to_string();
    let bad = |key: String, message: String| StudyError::Invalid {
        file: fname.clone(),
        key,
        message,
    };
    let raw: RawStudyFile = toml::from_str(text).map_err(|e| StudyError::Toml {
        file: fname.clone(),
        message: one_line(text, &e),
    })?;
    let _ = raw.study.description;
    let name = study_name(&bad, &raw.study.name)?;
    let (format, encoding, delimiter) = read_options(&bad, &raw.data)?;
    let exclude = exclusions(&bad, &raw.data)?;
    let scale = scale(&bad, &raw.scale)?;
    if let Some(c) = &raw.data.cluster {
        if c.trim().is_empty() {
            return Err(bad("data.cluster".into(), "must name a column".into()));
        }
    }

    let constructs = constructs(&bad, raw.constructs)?;
    let models = models(&bad, raw.models, &raw.data.cluster)?;
    let tables = tables(&bad, raw.tables, &models)?;
    let comparisons = comparisons(&bad, raw.comparisons, &models, &raw.data.cluster)?;
    let benchmark = benchmark(
        &bad,
        raw.benchmark,
        &raw.data.cluster,
        &constructs,
        &models,
        dir,
    )?;
    let efa = efa(&bad, raw.efa)?;
    let process = analyses(&bad, "process", raw.process, |mut o: ProcessOptions, k| {
        o.cluster = o.cluster.or_else(|| raw.data.cluster.clone());
        let name = o.name.clone();
        o.validate()
            .map(|r| (name, r))
            .map_err(|e| bad(format!("{k}.{}", e.key), e.message))
    })?;
    let importance = analyses(
        &bad,
        "importance",
        raw.importance,
        |mut o: ImportanceOptions, k| {
            o.cluster = o.cluster.or_else(|| raw.data.cluster.clone());
            let name = o.name.clone();
            o.validate()
                .map(|r| (name, r))
                .map_err(|e| bad(format!("{k}.{}", e.key), e.message))
        },
    )?;
    let construct_items: Vec<(String, Vec<String>)> = constructs
        .iter()
        .map(|c| (c.key.clone(), c.items.clone()))
        .collect();
    let sem = analyses(&bad, "sem", raw.sem, |mut o: SemOptions, k| {
        o.cluster = o.cluster.or_else(|| raw.data.cluster.clone());
        let name = o.name.clone();
        o.validate_in_study(&construct_items)
            .map(|mut r| {
                r.name = name.clone();
                (name, r)
            })
            .map_err(|e| bad(format!("{k}.{}", e.key), e.message))
    })?;
    let pls = analyses(&bad, "pls", raw.pls, |mut o: PlsOptions, k| {
        o.cluster = o.cluster.or_else(|| raw.data.cluster.clone());
        let name = o.name.clone();
        o.validate_in_study(&construct_items)
            .map(|mut r| {
                r.name = name.clone();
                (name, r)
            })
            .map_err(|e| bad(format!("{k}.{}", e.key), e.message))
    })?;
    Ok(Study {
        benchmark_only: false,
        process,
        importance,
        sem,
        pls,
        csv_bom: raw.study.csv_bom,
        row_tables: raw.study.row_tables,
        language: match raw.study.language.as_deref() {
            None => crate::results::Language::En,
            Some(l) => choice(l, "a supported language").map_err(|m| bad("study.language".into(), m))?,
        },
        efa,
        benchmark,
        file: file.to_path_buf(),
        tables,
        comparisons,
        title: raw.study.title.unwrap_or_else(|| name.clone()),
        name,
        data: DataSpec {
            path: dir.join(&raw.data.path),
            sheet: match &raw.data.sheet {
                None => None,
                Some(toml::Value::String(s)) => Some(s.clone()),
                Some(toml::Value::Integer(k)) if *k >= 1 => Some(k.to_string()),
                Some(v) => {
                    return Err(bad(
                        "data.sheet".into(),
                        format!("{v} is not a sheet; give its name or its number from 1"),
                    ));
                }
            },
            rename: raw
                .data
                .rename
                .iter()
                .map(|(name, v)| match v {
                    toml::Value::String(h) => Ok((name.clone(), RenameFrom::Header(h.clone()))),
                    toml::Value::Integer(p) if *p >= 1 => {
                        Ok((name.clone(), RenameFrom::Position(*p as usize)))
                    }
                    v => Err(bad(
                        format!("data.rename.{name}"),
                        format!("{v} must be the column's header text (a string) or its position from 1 (an integer)"),
                    )),
                })
                .collect::<Result<_, _>>()?,
            path_written: raw.data.path,
            format,
            encoding,
            delimiter,
            missing: raw.data.missing,
            missing_by_column: raw.data.missing_by_column,
            filter: match &raw.data.filter {
                None => None,
                Some(f) => Some(
                    crate::formula::Filter::parse(f)
                        .map_err(|e| bad("data.filter".into(), e.to_string()))?,
                ),
            },
            exclude,
            id: raw.data.id,
            duration: raw.data.duration,
            cluster: raw.data.cluster,
        },
        scale,
        constructs,
        models,
    })
}

/// `[data] exclude`: known checks, each once, whose columns are declared.
fn exclusions(
    bad: &Bad,
    data: &RawData,
) -> Result<Vec<crate::estimate::screening::Exclusion>, StudyError> {
    use crate::estimate::screening::Exclusion;
    let mut out: Vec<Exclusion> = Vec::new();
    for e in &data.exclude {
        let x: Exclusion =
            choice(e, "a screening check").map_err(|m| bad("data.exclude".into(), m))?;
        let needs = match x {
            Exclusion::Duplicates if data.id.is_none() => Some("id"),
            Exclusion::Speeders if data.duration.is_none() => Some("duration"),
            _ => None,
        };
        if let Some(key) = needs {
            return Err(bad(
                "data.exclude".into(),
                format!("\"{e}\" needs [data] {key}, the column it screens"),
            ));
        }
        if out.contains(&x) {
            return Err(bad(
                "data.exclude".into(),
                format!("\"{e}\" is listed twice"),
            ));
        }
        out.push(x);
    }
    Ok(out)
}

/// `[study] name`: usable as a folder name.
fn study_name(bad: &Bad, name: &str) -> Result<String, StudyError> {
    let name = name.trim().to_string();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(bad(
            "study.name".into(),
            format!(
                "\"{name}\" must be a non-empty name usable as a folder name (no slashes, not starting with a dot)"
            ),
        ));
    }
    Ok(name)
}

/// `[data]`: format (given, or from a known ending), encoding and delimiter.
fn read_options(bad: &Bad, data: &RawData) -> Result<(Format, Option<Encoding>, u8), StudyError> {
    let encoding = match data.encoding.as_deref() {
        None => None,
        Some(e) => {
            Some(choice(e, "a supported encoding").map_err(|m| bad("data.encoding".into(), m))?)
        }
    };
    let given = match data.format.as_deref() {
        None => None,
        Some(f) => Some(choice(f, "a supported format").map_err(|m| bad("data.format".into(), m))?),
    };
    let delimiter = match data.delimiter.as_deref() {
        None => b',',
        Some(d) => parse_delimiter(d).map_err(|m| bad("data.delimiter".into(), m))?,
    };
    let format = Format::resolve(std::path::Path::new(&data.path), given)
        .map_err(|m| bad("data.path".into(), m))?;
    Ok((format, encoding, delimiter))
}

/// `[scale]`: finite, min below max.
fn scale(bad: &Bad, s: &RawScale) -> Result<Scale, StudyError> {
    if !(s.min < s.max) || !s.min.is_finite() || !s.max.is_finite() {
        return Err(bad(
            "scale".into(),
            format!("min ({}) must be less than max ({})", s.min, s.max),
        ));
    }
    let scale = Scale {
        min: s.min,
        max: s.max,
    };
    Ok(scale)
}

/// `[constructs.*]`: items unique within and across constructs, reverse-keyed items among
/// them, a usable min_items and a name usable in formulas.
fn constructs(bad: &Bad, table: toml::Table) -> Result<Vec<Construct>, StudyError> {
    let mut constructs: Vec<Construct> = Vec::new();
    for (key, value) in table {
        let k = format!("constructs.{key}");
        let rc: RawConstruct = value.try_into().map_err(|e: toml::de::Error| {
            let (key, message) = key_and_message(&e);
            match key {
                Some(key) => bad(format!("{k}.{key}"), message),
                None => bad(k.clone(), message),
            }
        })?;
        if rc.items.is_empty() {
            return Err(bad(
                format!("{k}.items"),
                "a construct needs at least one item".into(),
            ));
        }
        for (i, it) in rc.items.iter().enumerate() {
            if rc.items[..i].contains(it) {
                return Err(bad(
                    format!("{k}.items"),
                    format!("item \"{it}\" is listed twice"),
                ));
            }
            if let Some(other) = constructs.iter().find(|c| c.items.contains(it)) {
                return Err(bad(
                    format!("{k}.items"),
                    format!(
                        "item \"{it}\" is already an item of construct \"{}\"; an item can belong to one construct only",
                        other.key
                    ),
                ));
            }
        }
        for r in &rc.reverse {
            if !rc.items.contains(r) {
                return Err(bad(
                    format!("{k}.reverse"),
                    format!(
                        "\"{r}\" is not among the construct's items [{}]",
                        rc.items.join(", ")
                    ),
                ));
            }
        }
        let min_items = rc.min_items.unwrap_or(rc.items.len());
        if min_items == 0 || min_items > rc.items.len() {
            return Err(bad(
                format!("{k}.min_items"),
                format!(
                    "{min_items} must be between 1 and the number of items ({})",
                    rc.items.len()
                ),
            ));
        }
        if Formula::parse(&format!("y ~ {}", crate::formula::quote_name(&key))).is_err() {
            return Err(bad(
                k,
                "a construct name must be usable in a formula".into(),
            ));
        }
        constructs.push(Construct {
            label: rc.label.unwrap_or_else(|| key.clone()),
            key,
            label_zh: rc.label_zh,
            items: rc.items,
            reverse: rc.reverse,
            min_items,
        });
    }

    Ok(constructs)
}

/// `[[process]]` or `[[importance]]`: each table read into its options type, named (unique,
/// no slashes: output files use it) and checked by `check` (the options' own validate).
fn analyses<O: serde::de::DeserializeOwned, R>(
    bad: &Bad,
    section: &str,
    values: Vec<toml::Value>,
    check: impl Fn(O, &str) -> Result<(String, R), StudyError>,
) -> Result<Vec<R>, StudyError> {
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        let k = match value.get("name").and_then(toml::Value::as_str) {
            Some(name) => format!("{section}[{i}] ({name})"),
            None => format!("{section}[{i}]"),
        };
        let options: O = value.try_into().map_err(|e: toml::de::Error| {
            let (key, message) = key_and_message(&e);
            match key {
                Some(key) => bad(format!("{k}.{key}"), message),
                None => bad(k.clone(), message),
            }
        })?;
        let (name, r) = check(options, &k)?;
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(bad(
                format!("{k}.name"),
                "must be a non-empty name without slashes".into(),
            ));
        }
        if names.contains(&name) {
            return Err(bad(
                format!("{k}.name"),
                format!("another {section} analysis is already named \"{name}\""),
            ));
        }
        names.push(name);
        out.push(r);
    }
    Ok(out)
}

/// A TOML error of one table's value: the key it names (toml prints it last, as
/// "in `key`") and its message on one line.
fn key_and_message(e: &toml::de::Error) -> (Option<String>, String) {
    let text = e.to_string();
    let key = text
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("in `")?.strip_suffix('`').map(String::from));
    (key, super::raw::plain(e.message()))
}

/// `[efa]`: every option checked by [`EfaInput::validate`].
fn efa(bad: &Bad, raw: Option<toml::Value>) -> Result<EfaOptions, StudyError> {
    let input: EfaInput = match raw {
        None => EfaInput::default(),
        Some(v) => v.try_into().map_err(|e: toml::de::Error| {
            let (key, message) = key_and_message(&e);
            bad(format!("efa.{}", key.unwrap_or_default()), message)
        })?,
    };
    input
        .validate()
        .map_err(|e| bad(format!("efa.{}", e.key), e.message))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[study]
name = "zhejiang-asc"
title = "Success factors of process reengineering in administration service centers"
[data]
path = "zhejiang-asc.csv"        # .csv or .parquet; encoding = "utf-8" (default) or "gb18030"
missing = [9, 99]                # codes that mean "no answer"; empty cells are missing too
cluster = "center_id"            # respondents are nested in centers
[scale]
min = 1
max = 5
[constructs.strategy]
label = "Strategic planning"
label_zh = "策略规划"
items = ["SP1", "SP2", "SP3", "SP4"]
reverse = ["SP4"]                # reversed value = min + max - x
[constructs.process]
items = ["PP1", "PP2"]
[[models]]
name = "process"
formula = "process ~ strategy"
se = "cluster"                   # classical | hc0 | hc1 | hc2 | hc3 | cluster
"#;

    fn check(text: &str) -> Result<Study, StudyError> {
        validate(text, Path::new("s.toml"), Path::new("d"))
    }

    #[test]
    fn the_issue_example_is_accepted_as_written() {
        let s = check(GOOD).unwrap();
        assert_eq!(s.constructs[0].key, "strategy");
        assert_eq!(s.constructs[0].min_items, 4);
        assert_eq!(s.models[0].se, crate::estimate::CovType::Cluster);
        assert_eq!(s.data.path, Path::new("d/zhejiang-asc.csv"));
    }

    fn err_of(from: &str, to: &str) -> String {
        assert!(GOOD.contains(from), "{from}");
        check(&GOOD.replacen(from, to, 1)).unwrap_err().to_string()
    }

    #[test]
    fn each_mistake_names_its_key() {
        let e = err_of("reverse = [\"SP4\"]", "reverse = [\"SP9\"]");
        assert!(
            e.contains("constructs.strategy.reverse") && e.contains("\"SP9\" is not among"),
            "{e}"
        );
        let e = err_of("items = [\"PP1\", \"PP2\"]", "items = [\"PP1\", \"SP2\"]");
        assert!(
            e.contains("constructs.process.items")
                && e.contains("already an item of construct \"strategy\""),
            "{e}"
        );
        let e = err_of("se = \"cluster\"", "se = \"robust\"");
        assert!(
            e.contains("models[0] (process).se")
                && e.contains("\"robust\" is not a covariance type"),
            "{e}"
        );
        let e = err_of(
            "formula = \"process ~ strategy\"",
            "formula = \"process ~ strategy +\"",
        );
        assert!(e.contains("models[0] (process).formula"), "{e}");
        let e = err_of("min = 1", "min = 1\nmaxx = 3");
        assert!(e.contains("unknown field `maxx`"), "{e}");
        let e = err_of("label_zh", "labelzh");
        assert!(
            e.contains("constructs.strategy") && e.contains("unknown field `labelzh`"),
            "{e}"
        );
        let e = err_of("cluster = \"center_id\"", "encoding = \"koi8-r\"");
        assert!(e.contains("data.encoding"), "{e}");
    }
}
