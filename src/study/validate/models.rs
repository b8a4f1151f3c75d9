//! `[[models]]`, and the sections that name models of the study: `[[tables]]` (side by
//! side) and `[[comparisons]]` (two models and a cluster).

use super::{Bad, key_and_message};
use crate::results::SideBySideSpec;
use crate::study::raw::{RawComparison, RawTable};
use crate::study::request::{ModelOptions, ModelSpec};
use crate::study::{ComparisonSpec, StudyError};

/// `[[models]]`: unique names; every option checked by [`ModelOptions::validate`].
pub(super) fn models(
    bad: &Bad,
    values: Vec<toml::Value>,
    data_cluster: &Option<String>,
) -> Result<Vec<ModelSpec>, StudyError> {
    let mut models: Vec<ModelSpec> = Vec::new();
    if values.is_empty() {
        return Err(bad(
            "models".into(),
            "the study has no [[models]]; add at least one with a name and a formula".into(),
        ));
    }
    for (i, value) in values.into_iter().enumerate() {
        // The model's name, when it has one, names its keys in every message.
        let k = match value.get("name").and_then(toml::Value::as_str) {
            Some(name) => format!("models[{i}] ({name})"),
            None => format!("models[{i}]"),
        };
        let mut options: ModelOptions = value.try_into().map_err(|e: toml::de::Error| {
            let (key, message) = key_and_message(&e);
            match key {
                Some(key) => bad(format!("{k}.{key}"), message),
                None => bad(k.clone(), message),
            }
        })?;
        if models.iter().any(|m| m.name == options.name) {
            return Err(bad(
                format!("{k}.name"),
                format!("another model is already named \"{}\"", options.name),
            ));
        }
        if options.name.is_empty() || options.name.contains(['/', '\\']) {
            return Err(bad(
                format!("{k}.name"),
                "must be a non-empty name without slashes".into(),
            ));
        }
        options.cluster = options.cluster.or_else(|| data_cluster.clone());
        models.push(
            options
                .validate()
                .map_err(|e| bad(format!("{k}.{}", e.key), e.message))?,
        );
    }

    Ok(models)
}

/// `[[tables]]`: unique names, models of the study.
pub(super) fn tables(
    bad: &Bad,
    raw: Vec<RawTable>,
    models: &[ModelSpec],
) -> Result<Vec<SideBySideSpec>, StudyError> {
    let mut tables = Vec::new();
    for (i, t) in raw.into_iter().enumerate() {
        let k = format!("tables[{i}] ({})", t.name);
        if t.name.is_empty()
            || t.name.contains(['/', '\\'])
            || tables.iter().any(|x: &SideBySideSpec| x.name == t.name)
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
        tables.push(SideBySideSpec {
            name: t.name,
            title: t.title,
            models: t.models,
            standardized: t.standardized,
        });
    }
    Ok(tables)
}

/// `[[comparisons]]`: two models of the study and a cluster variable.
pub(super) fn comparisons(
    bad: &Bad,
    raw: Vec<RawComparison>,
    models: &[ModelSpec],
    data_cluster: &Option<String>,
) -> Result<Vec<ComparisonSpec>, StudyError> {
    let mut comparisons = Vec::new();
    for (i, c) in raw.into_iter().enumerate() {
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
        let cluster = c.cluster.or_else(|| data_cluster.clone()).ok_or_else(|| bad(format!("{k}.cluster"), "the joint covariance is cluster-robust: set data.cluster or the comparison's cluster key".into()))?;
        comparisons.push(ComparisonSpec {
            models: [a, b],
            cluster,
        });
    }

    Ok(comparisons)
}
