//! The study file as written (serde, unknown keys rejected) and its validation into [`Study`].

use super::request::{EfaInput, ModelOptions, ModelSpec, choice};
use super::{Construct, DataSpec, Scale, Study, StudyError};
use crate::formula::Formula;
use crate::io::{Encoding, parse_delimiter};
use clap::ValueEnum;
use serde::Deserialize;
use std::path::Path;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStudyFile {
    study: RawMeta,
    data: RawData,
    scale: RawScale,
    #[serde(default)]
    constructs: toml::Table,
    #[serde(default)]
    models: Vec<toml::Value>,
    #[serde(default)]
    tables: Vec<RawTable>,
    #[serde(default)]
    comparisons: Vec<RawComparison>,
    benchmark: Option<RawBenchmark>,
    efa: Option<RawEfa>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawEfa {
    extraction: Option<String>,
    rotation: Option<String>,
    factors: Option<toml::Value>,
    missing: Option<String>,
    blank: Option<f64>,
    seed: Option<u64>,
    samples: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBenchmark {
    outcomes: Vec<String>,
    factors: Option<Vec<String>>,
    #[serde(default)]
    models: Vec<String>,
    method: Option<String>,
    draws: Option<usize>,
    seed: Option<u64>,
    level: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    name: String,
    title: Option<String>,
    models: Vec<String>,
    #[serde(default)]
    standardized: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComparison {
    models: Vec<String>,
    cluster: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: String,
    title: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawData {
    path: String,
    encoding: Option<String>,
    delimiter: Option<String>,
    #[serde(default)]
    missing: Vec<f64>,
    #[serde(default)]
    missing_by_column: std::collections::BTreeMap<String, Vec<f64>>,
    cluster: Option<String>,
    /// Respondent id column (screened for duplicates).
    id: Option<String>,
    /// Completion-time column (screened for very fast respondents).
    duration: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScale {
    min: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConstruct {
    label: Option<String>,
    label_zh: Option<String>,
    items: Vec<String>,
    #[serde(default)]
    reverse: Vec<String>,
    min_items: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawModel {
    name: String,
    title: Option<String>,
    formula: String,
    se: Option<String>,
    cluster: Option<String>,
    level: Option<f64>,
    #[serde(default)]
    diagnostics: bool,
    /// Replications of the wild cluster bootstrap (0 or absent: none).
    wild_bootstrap: Option<usize>,
    weights: Option<String>,
    seed: Option<u64>,
    /// Replications of the pairs cluster bootstrap of Beta and R2.
    pairs_bootstrap: Option<usize>,
    /// enter (default) | stepwise | forward | backward | remove
    method: Option<String>,
    pin: Option<f64>,
    pout: Option<f64>,
    fin: Option<f64>,
    fout: Option<f64>,
    tolerance: Option<f64>,
    /// Hierarchical blocks of formula terms, entered in order.
    blocks: Option<Vec<Vec<String>>>,
    /// Replications of the cluster bootstrap of the selection.
    selection_bootstrap: Option<usize>,
    /// Variables to mean-centre before forming interactions.
    #[serde(default)]
    center: Vec<String>,
    /// auto (default) | fast | extended
    solver: Option<String>,
}

/// An optional value option as written in the study file.
fn optional<T: ValueEnum>(v: &Option<String>, what: &str) -> Result<Option<T>, String> {
    v.as_deref().map(|s| choice(s, what)).transpose()
}

/// A TOML error as one line: "line L, column C: message".
fn one_line(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {col}: {msg}")
        }
        None => msg,
    }
}

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

    let name = raw.study.name.trim().to_string();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(bad(
            "study.name".into(),
            format!(
                "\"{name}\" must be a non-empty name usable as a folder name (no slashes, not starting with a dot)"
            ),
        ));
    }
    let encoding = match raw.data.encoding.as_deref() {
        None => Encoding::Utf8,
        Some(e) => choice(e, "a supported encoding").map_err(|m| bad("data.encoding".into(), m))?,
    };
    let delimiter = match raw.data.delimiter.as_deref() {
        None => b',',
        Some(d) => parse_delimiter(d).map_err(|m| bad("data.delimiter".into(), m))?,
    };
    let lower = raw.data.path.to_ascii_lowercase();
    if !(lower.ends_with(".csv")
        || lower.ends_with(".parquet")
        || lower.ends_with(".tsv")
        || lower.ends_with(".txt"))
    {
        return Err(bad(
            "data.path".into(),
            format!(
                "\"{}\" must end in .csv (or .tsv/.txt) or .parquet",
                raw.data.path
            ),
        ));
    }
    if !(raw.scale.min < raw.scale.max) || !raw.scale.min.is_finite() || !raw.scale.max.is_finite()
    {
        return Err(bad(
            "scale".into(),
            format!(
                "min ({}) must be less than max ({})",
                raw.scale.min, raw.scale.max
            ),
        ));
    }
    let scale = Scale {
        min: raw.scale.min,
        max: raw.scale.max,
    };
    if let Some(c) = &raw.data.cluster {
        if c.trim().is_empty() {
            return Err(bad("data.cluster".into(), "must name a column".into()));
        }
    }

    let mut constructs: Vec<Construct> = Vec::new();
    for (key, value) in raw.constructs {
        let k = format!("constructs.{key}");
        let rc: RawConstruct = value
            .try_into()
            .map_err(|e: toml::de::Error| bad(k.clone(), e.message().trim().replace('\n', " ")))?;
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

    let mut models: Vec<ModelSpec> = Vec::new();
    if raw.models.is_empty() {
        return Err(bad(
            "models".into(),
            "the study has no [[models]]; add at least one with a name and a formula".into(),
        ));
    }
    for (i, value) in raw.models.into_iter().enumerate() {
        let rm: RawModel = value.try_into().map_err(|e: toml::de::Error| {
            bad(
                format!("models[{i}]"),
                e.message().trim().replace('\n', " "),
            )
        })?;
        let k = format!("models[{i}] ({})", rm.name);
        if models.iter().any(|m| m.name == rm.name) {
            return Err(bad(
                format!("{k}.name"),
                format!("another model is already named \"{}\"", rm.name),
            ));
        }
        if rm.name.is_empty() || rm.name.contains(['/', '\\']) {
            return Err(bad(
                format!("{k}.name"),
                "must be a non-empty name without slashes".into(),
            ));
        }
        let field = |key: &str, m: String| bad(format!("{k}.{key}"), m);
        let options = ModelOptions {
            se: optional(&rm.se, "a covariance type").map_err(|m| field("se", m))?,
            weights: optional(&rm.weights, "a weight distribution")
                .map_err(|m| field("weights", m))?,
            method: optional(&rm.method, "a method").map_err(|m| field("method", m))?,
            solver: optional(&rm.solver, "a solver").map_err(|m| field("solver", m))?,
            cluster: rm.cluster.or_else(|| raw.data.cluster.clone()),
            name: rm.name,
            title: rm.title,
            formula: rm.formula,
            level: rm.level,
            diagnostics: rm.diagnostics,
            wild_bootstrap: rm.wild_bootstrap,
            seed: rm.seed,
            pairs_bootstrap: rm.pairs_bootstrap,
            pin: rm.pin,
            pout: rm.pout,
            fin: rm.fin,
            fout: rm.fout,
            tolerance: rm.tolerance,
            blocks: rm.blocks,
            selection_bootstrap: rm.selection_bootstrap,
            center: rm.center,
        };
        models.push(options.validate().map_err(|e| field(e.key, e.message))?);
    }

    let mut tables = Vec::new();
    for (i, t) in raw.tables.into_iter().enumerate() {
        let k = format!("tables[{i}] ({})", t.name);
        if t.name.is_empty()
            || t.name.contains(['/', '\\'])
            || tables
                .iter()
                .any(|x: &crate::results::SideBySideSpec| x.name == t.name)
        {
            return Err(bad(
                format!("{k}.name"),
                "must be a unique name without slashes".into(),
            ));
        }
        if t.models.is_empty() {
            return Err(bad(format!("{k}.models"), "name at least one model".into()));
        }
        for m in &t.models {
            if !models.iter().any(|x| x.name == *m) {
                return Err(bad(
                    format!("{k}.models"),
                    format!("\"{m}\" is not a model of the study"),
                ));
            }
        }
        tables.push(crate::results::SideBySideSpec {
            name: t.name,
            title: t.title,
            models: t.models,
            standardized: t.standardized,
        });
    }
    let mut comparisons = Vec::new();
    for (i, c) in raw.comparisons.into_iter().enumerate() {
        let k = format!("comparisons[{i}]");
        let [a, b]: [String; 2] = c
            .models
            .clone()
            .try_into()
            .map_err(|_| bad(format!("{k}.models"), "name exactly two models".into()))?;
        for m in [&a, &b] {
            if !models.iter().any(|x| x.name == *m) {
                return Err(bad(
                    format!("{k}.models"),
                    format!("\"{m}\" is not a model of the study"),
                ));
            }
        }
        let cluster = c.cluster.or_else(|| raw.data.cluster.clone()).ok_or_else(|| bad(format!("{k}.cluster"), "the joint covariance is cluster-robust: set data.cluster or the comparison's cluster key".into()))?;
        comparisons.push(super::ComparisonSpec {
            models: [a, b],
            cluster,
        });
    }

    let benchmark = match raw.benchmark {
        None => None,
        Some(b) => {
            let cluster = raw.data.cluster.clone().ok_or_else(|| {
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
            Some(super::BenchmarkSpec {
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
            })
        }
    };

    let efa = {
        let e = raw.efa.unwrap_or_default();
        let field = |key: &str, m: String| bad(format!("efa.{key}"), m);
        let factors = match &e.factors {
            None => None,
            Some(toml::Value::Integer(k)) => Some(k.to_string().parse()),
            Some(toml::Value::String(x)) => Some(x.parse()),
            Some(v) => Some(Err(format!(
                "{v} is not a number of factors; expected a whole number >= 1, \"parallel\" or \"kaiser\""
            ))),
        }
        .transpose()
        .map_err(|m| field("factors", m))?;
        EfaInput {
            extraction: optional(&e.extraction, "an extraction")
                .map_err(|m| field("extraction", m))?,
            rotation: optional(&e.rotation, "a rotation").map_err(|m| field("rotation", m))?,
            missing: optional(&e.missing, "a missing-data rule")
                .map_err(|m| field("missing", m))?,
            factors,
            blank: e.blank,
            seed: e.seed,
            samples: e.samples,
        }
        .validate()
        .map_err(|e| field(e.key, e.message))?
    };

    Ok(Study {
        efa,
        benchmark,
        file: file.to_path_buf(),
        tables,
        comparisons,
        title: raw.study.title.unwrap_or_else(|| name.clone()),
        name,
        data: DataSpec {
            path: dir.join(&raw.data.path),
            path_written: raw.data.path,
            encoding,
            delimiter,
            missing: raw.data.missing,
            missing_by_column: raw.data.missing_by_column,
            id: raw.data.id,
            duration: raw.data.duration,
            cluster: raw.data.cluster,
        },
        scale,
        constructs,
        models,
    })
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
        let e = err_of("cluster = \"center_id\"", "encoding = \"latin1\"");
        assert!(e.contains("data.encoding"), "{e}");
    }
}
