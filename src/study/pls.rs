//! PLS path models (PLS-SEM) from a data frame: the options as both front ends write them
//! (`bprstat pls` flags; a study file's `[[pls]]` keys), the model text read as blocks and
//! paths, and the complete cases handed to [`crate::estimate::pls::run`].

use super::request::{OptionError, check_level};
use super::sem::ModelSource;
use crate::estimate::pls::{Block, Mode, PlsError, PlsRun, PlsSpec, Scheme, run};
use crate::estimate::pls_predict::{PredictSpec, Technique};
use crate::formula::lavaan::{PlsModel, pls_model};
use crate::io::Frame;
use crate::results::pls::PlsResult;
use std::path::PathBuf;

/// What a PLS path model does with missing answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PlsMissing {
    /// Only the rows complete on every indicator of the model (casewise deletion).
    #[default]
    Listwise,
    /// Mean replacement, SmartPLS's and seminr's default: a missing answer takes its
    /// indicator's mean over the rows used (recomputed in every bootstrap resample). It
    /// shrinks the correlations the model is estimated from.
    #[value(alias = "mean-replacement")]
    Mean,
}

/// A PLS path model, not yet checked.
#[derive(Clone, Debug, Default, serde::Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct PlsOptions {
    /// The analysis' name (study files).
    #[arg(skip)]
    #[serde(default)]
    pub name: String,
    /// The model in lavaan syntax, as text: `f =~ x1 + x2` a reflective block (Mode A),
    /// `f <~ x1 + x2` a formative one (Mode B), `y ~ f + g` structural paths (on the command
    /// line --syntax "...; ...").
    #[arg(long = "syntax", value_name = "TEXT")]
    #[serde(default, rename = "model")]
    pub model_text: Option<String>,
    /// A file holding the model in lavaan syntax (.lav, .txt; UTF-8).
    #[arg(long = "model", value_name = "FILE")]
    #[serde(default)]
    pub model_file: Option<PathBuf>,
    /// Inner weighting scheme: path (default), factorial or centroid.
    #[arg(long, value_enum, ignore_case = true)]
    pub scheme: Option<Scheme>,
    /// Consistent PLS (PLSc, Dijkstra & Henseler 2015): the =~ blocks are common factors
    /// whose correlations, paths, R² and loadings are corrected by ρA. Default: false.
    #[arg(long)]
    #[serde(default)]
    pub consistent: bool,
    /// Confidence level of the bootstrap intervals. Default: 0.95.
    #[arg(long)]
    pub level: Option<f64>,
    /// Bootstrap resamples for SDs, t values and percentile intervals (rows resampled, or
    /// whole clusters with a cluster variable). Default: 0 (none); SmartPLS uses 5000.
    #[arg(long)]
    pub boot: Option<usize>,
    /// Seed of the bootstrap. Default: 20080601.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Missing answers: listwise (rows complete on every indicator) or mean (also written
    /// mean-replacement: mean replacement, as SmartPLS and seminr by default). Default:
    /// listwise. (On the command line --missing-data: --missing names missing codes.)
    #[arg(
        long = "missing-data",
        id = "missing_data",
        value_enum,
        ignore_case = true
    )]
    pub missing: Option<PlsMissing>,
    /// PLSpredict (Shmueli et al. 2016): the number of cross-validation folds, k ≥ 2 (SmartPLS
    /// uses 10). Default: none (no PLSpredict).
    #[arg(long)]
    pub predict_folds: Option<usize>,
    /// PLSpredict: how many times the k-fold cross-validation is repeated, each with a new
    /// shuffle of the rows; predictions are averaged. Default: 10.
    #[arg(long)]
    pub predict_reps: Option<usize>,
    /// PLSpredict: DA (direct antecedents, seminr's default) or EA (earliest antecedents).
    /// Default: DA.
    #[arg(long, value_enum, ignore_case = true)]
    pub predict_technique: Option<Technique>,
    /// Column identifying clusters (e.g. center_id): the bootstrap resamples whole clusters.
    /// Default: a study's data.cluster; none on the command line.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Study files: "constructs" makes each construct named in `paths` (all without paths)
    /// a reflective block of its items (`key =~ item1 + item2 + ...`, reverse-keyed items
    /// reversed).
    #[arg(skip)]
    #[serde(default)]
    pub measurement: Option<String>,
    /// Study files: structural lines in lavaan syntax added to the model, e.g.
    /// ["process ~ strategy + entrepreneurship", "result ~ process"].
    #[arg(skip)]
    #[serde(default)]
    pub paths: Vec<String>,
}

/// A checked PLS request.
#[derive(Clone, Debug)]
pub struct PlsRequest {
    pub name: String,
    /// Where the model came from (the file, or "the model"), for messages.
    pub source: String,
    pub model: PlsModel,
    pub scheme: Scheme,
    pub consistent: bool,
    pub level: f64,
    /// The constructs are the study's, whose score columns share their names.
    pub from_constructs: bool,
    pub boot: usize,
    pub seed: u64,
    pub cluster: Option<String>,
    pub predict: Option<PredictSpec>,
    pub missing: PlsMissing,
}

impl PlsOptions {
    /// Check the options: one model given, readable, read as blocks and paths.
    pub fn validate(self) -> Result<PlsRequest, OptionError> {
        self.validate_with(None)
    }

    /// The model of a study's `[[pls]]`; `constructs` are (key, items).
    pub fn validate_in_study(
        self,
        constructs: &[(String, Vec<String>)],
    ) -> Result<PlsRequest, OptionError> {
        self.validate_with(Some(constructs))
    }

    fn validate_with(
        self,
        constructs: Option<&[(String, Vec<String>)]>,
    ) -> Result<PlsRequest, OptionError> {
        let (m, model) = ModelSource {
            text: &self.model_text,
            file: &self.model_file,
            measurement: self.measurement.as_deref(),
            paths: &self.paths,
        }
        .read(constructs, pls_model)?;
        if self.boot == Some(1) {
            return Err(OptionError {
                key: "boot",
                message:
                    "one resample gives no spread: give 0 (none) or at least 2 (SmartPLS uses 5000)"
                        .into(),
            });
        }
        let predict = match self.predict_folds {
            None if self.predict_reps.is_some() || self.predict_technique.is_some() => {
                return Err(OptionError {
                    key: "predict_folds",
                    message: "PLSpredict options were given without the number of folds: add predict_folds (e.g. 10)".into(),
                });
            }
            None => None,
            Some(k) if k < 2 => {
                return Err(OptionError {
                    key: "predict_folds",
                    message: format!(
                        "{k} fold(s) leave nothing to predict from: give at least 2 (SmartPLS uses 10)"
                    ),
                });
            }
            Some(_) if self.consistent => {
                return Err(OptionError {
                    key: "predict_folds",
                    message: "PLSpredict predicts the indicators from composite scores and loadings, which consistent PLS corrects away: run it on the model with consistent = false".into(),
                });
            }
            Some(folds) => Some(PredictSpec {
                folds,
                repetitions: match self.predict_reps.unwrap_or(10) {
                    0 => {
                        return Err(OptionError {
                            key: "predict_reps",
                            message: "0 repetitions: give at least 1 (SmartPLS uses 10)".into(),
                        });
                    }
                    r => r,
                },
                technique: self.predict_technique.unwrap_or_default(),
            }),
        };
        Ok(PlsRequest {
            name: if self.name.is_empty() {
                "pls".into()
            } else {
                self.name
            },
            source: m.source.clone(),
            model,
            scheme: self.scheme.unwrap_or_default(),
            consistent: self.consistent,
            level: check_level("level", self.level.unwrap_or(0.95))?,
            from_constructs: m.from_constructs,
            boot: self.boot.unwrap_or(0),
            seed: self.seed.unwrap_or(20_080_601),
            cluster: self.cluster,
            predict,
            missing: self.missing.unwrap_or_default(),
        })
    }
}

/// Why a PLS model could not be fitted to a frame.
#[derive(Debug, thiserror::Error)]
pub enum PlsDataError {
    #[error("{0} is a construct of the model and also a column of the data: rename one")]
    ConstructIsColumn(String),
    #[error("column {0} holds text; indicators must be numeric")]
    Text(String),
    #[error("{0} is not a column of the data")]
    Missing(String),
    #[error("cluster column {0} is not in the data")]
    NoCluster(String),
    #[error(
        "{n} complete cases over the model's {p} indicators are too few (need at least {need})"
    )]
    TooFew { n: usize, p: usize, need: usize },
    #[error(
        "{folds} cross-validation folds for {n} complete cases: give between {min} (so that every training sample keeps more rows than the model has indicators) and {n} (one row per fold)"
    )]
    Folds { folds: usize, n: usize, min: usize },
    #[error("line {line}: {error}")]
    Fit { line: usize, error: PlsError },
}

/// Fit the model to the complete cases of its indicators (listwise, as SmartPLS's "casewise
/// deletion"; the study's warning names the rows lost).
pub fn fit_pls(frame: &Frame, req: &PlsRequest) -> Result<PlsResult, PlsDataError> {
    let model = &req.model;
    let mut items: Vec<String> = Vec::new();
    let mut blocks = Vec::new();
    for pb in &model.blocks {
        let (name, formative, ind) = (&pb.name, &pb.formative, &pb.items);
        let single_is_self = ind.len() == 1 && &ind[0] == name;
        if !req.from_constructs && !single_is_self && frame.get(name).is_some() {
            return Err(PlsDataError::ConstructIsColumn(name.clone()));
        }
        let idx = ind
            .iter()
            .map(|i| {
                items.push(i.clone());
                items.len() - 1
            })
            .collect();
        blocks.push(Block {
            name: name.clone(),
            items: idx,
            mode: if *formative { Mode::B } else { Mode::A },
            common_factor: !*formative,
        });
    }
    let index = |n: &str| model.blocks.iter().position(|b| b.name == n).unwrap_or(0);
    let spec = PlsSpec {
        blocks,
        paths: model
            .paths
            .iter()
            .map(|(f, t, _)| (index(f), index(t)))
            .collect(),
        scheme: req.scheme,
        consistent: req.consistent,
    };
    let mut cols: Vec<std::borrow::Cow<[f64]>> = Vec::with_capacity(items.len());
    for name in &items {
        if frame.get(name).is_none() {
            return Err(PlsDataError::Missing(name.clone()));
        }
        cols.push(
            frame
                .num(name)
                .ok_or_else(|| PlsDataError::Text(name.clone()))?
                .reals(),
        );
    }
    let cluster_col = match &req.cluster {
        Some(c) => Some(
            frame
                .get(c)
                .ok_or_else(|| PlsDataError::NoCluster(c.clone()))?,
        ),
        None => None,
    };
    let mean = req.missing == PlsMissing::Mean;
    let rows: Vec<usize> = (0..frame.nrows)
        .filter(|&i| {
            if mean {
                cols.iter().any(|c| c[i].is_finite())
            } else {
                cols.iter().all(|c| c[i].is_finite())
            }
        })
        .filter(|&i| cluster_col.is_none_or(|c| !c.text_at(i).is_empty()))
        .collect();
    let p = items.len();
    let need = (p + 1).max(3);
    if rows.len() < need {
        return Err(PlsDataError::TooFew {
            n: rows.len(),
            p,
            need,
        });
    }
    if let Some(pr) = &req.predict {
        // At most one fold per row; every training sample (n - ⌈n/k⌉ rows) must keep more
        // rows than the model has indicators.
        let n = rows.len();
        let min = (2..=n).find(|&k| n - n.div_ceil(k) > p).unwrap_or(n + 1);
        if pr.folds > n || pr.folds < min {
            return Err(PlsDataError::Folds {
                folds: pr.folds,
                n,
                min,
            });
        }
    }
    let data = ndarray::Array2::from_shape_fn((rows.len(), p), |(i, j)| cols[j][rows[i]]);
    let codes = cluster_col.map(|c| super::regression::cluster_codes(c, &rows));
    let replaced = data.iter().filter(|v| v.is_nan()).count();
    let mut result = run(&PlsRun {
        name: req.name.clone(),
        items: &items,
        spec: &spec,
        data: &data,
        rows_read: frame.nrows,
        clusters: codes.as_deref(),
        boot: req.boot,
        seed: req.seed,
        level: req.level,
        predict: req.predict,
    })
    .map_err(|error| {
        // A constant indicator is named by its block's line.
        let c = error.construct();
        let line = model.line_of(c).or_else(|| {
            model
                .blocks
                .iter()
                .find(|b| b.items.iter().any(|i| i == c))
                .map(|b| b.line)
        });
        match (line, &error) {
            // A cycle or collinear predictors: the construct's first path line.
            (_, PlsError::Cycle(_) | PlsError::InnerCollinear(_)) => PlsDataError::Fit {
                line: model
                    .paths
                    .iter()
                    .find(|p| p.1 == c)
                    .map_or(line.unwrap_or(1), |p| p.2),
                error,
            },
            (line, _) => PlsDataError::Fit {
                line: line.unwrap_or(1),
                error,
            },
        }
    })?;
    if mean {
        result.notes.push(format!(
            "Missing answers: {replaced} of {} values replaced by their indicator's mean (mean replacement, as SmartPLS and seminr; recomputed in every bootstrap resample); it shrinks the correlations, so listwise deletion is bprstat's default",
            data.len()
        ));
    }
    Ok(result)
}
