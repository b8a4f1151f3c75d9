//! Structural equation models from a data frame: the options as both front ends write them
//! (`bprstat sem` flags; a study file's `[[sem]]` keys), the model text parsed into lavaan's
//! parameter table, and the covariance of the complete cases handed to
//! [`crate::estimate::sem::fit`].

use super::request::{OptionError, check_level};
use crate::estimate::sem::fiml::{Patterns, saturated};
use crate::estimate::sem::robust::RawData;
use crate::estimate::sem::{Fiml, SemError, SemSpec, fit};
use crate::formula::lavaan::{LavaanError, parse, partable};
use crate::io::Frame;
use crate::results::sem::{ParTable, SemResult};
use std::path::PathBuf;

/// How a structural equation model is estimated (lavaan's `estimator`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SemEstimator {
    /// Maximum likelihood, standard errors from the expected information.
    #[default]
    #[value(name = "ML")]
    Ml,
    /// Maximum likelihood with robust (Huber-White) standard errors and the Yuan-Bentler
    /// scaled test.
    #[value(name = "MLR")]
    Mlr,
}

/// What a structural equation model does with missing answers (lavaan's `missing`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum SemMissing {
    /// Only the rows complete on every observed variable of the model.
    #[default]
    Listwise,
    /// Full-information ML: every row, with the variables it observes.
    #[value(alias = "ml")]
    Fiml,
}

/// A structural equation model, not yet checked.
#[derive(Clone, Debug, Default, serde::Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct SemOptions {
    /// The analysis' name (study files).
    #[arg(skip)]
    #[serde(default)]
    pub name: String,
    /// The model in lavaan syntax, as text (a study file's `model`; on the command line
    /// --syntax "f =~ x1 + x2 + x3; y ~ f").
    #[arg(long = "syntax", value_name = "TEXT")]
    #[serde(default, rename = "model")]
    pub model_text: Option<String>,
    /// A file holding the model in lavaan syntax (.lav, .txt; UTF-8).
    #[arg(long = "model", value_name = "FILE")]
    #[serde(default)]
    pub model_file: Option<PathBuf>,
    /// Identify each latent variable by fixing its variance to 1 (all loadings free) instead
    /// of its first loading (lavaan's std.lv).
    #[arg(long)]
    #[serde(default)]
    pub std_lv: bool,
    /// Confidence level of the intervals. Default: 0.95.
    #[arg(long)]
    pub level: Option<f64>,
    /// ML (standard errors from the expected information) or MLR (robust Huber-White
    /// standard errors from the observed information, Yuan-Bentler scaled χ² and robust fit
    /// indices). Default: ML.
    #[arg(long, value_enum, ignore_case = true)]
    pub estimator: Option<SemEstimator>,
    /// Missing answers: listwise (complete rows only) or fiml (full-information ML: every
    /// row, by the variables it observes; standard errors from the observed information).
    /// Default: listwise. (On the command line --missing-data: --missing names missing codes.)
    #[arg(
        long = "missing-data",
        id = "missing_data",
        value_enum,
        ignore_case = true
    )]
    pub missing: Option<SemMissing>,
    /// Bootstrap resamples for percentile intervals of every free and defined parameter
    /// (rows resampled, or whole clusters with a cluster variable). Default: 0 (none).
    #[arg(long)]
    pub boot: Option<usize>,
    /// Seed of the bootstrap; the same seed gives the same draws. Default: 20080601.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Column identifying clusters (e.g. center_id): cluster-robust standard errors and the
    /// scaled test, as lavaan's `cluster =` (whichever the estimator). Default: a study's
    /// data.cluster; none on the command line.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Study files: "constructs" measures each construct of the study named in `paths` (all
    /// of them without paths) by its items, as `key =~ item1 + item2 + ...` (reverse-keyed
    /// items reversed, as for the CFA); the latent variables take the constructs' keys.
    #[arg(skip)]
    #[serde(default)]
    pub measurement: Option<String>,
    /// Study files: structural lines in lavaan syntax added to the model, e.g.
    /// ["process ~ strategy + entrepreneurship", "result ~ process", "ind := a*b"].
    #[arg(skip)]
    #[serde(default)]
    pub paths: Vec<String>,
}

/// A checked SEM request.
#[derive(Clone, Debug)]
pub struct SemRequest {
    pub name: String,
    /// Where the model came from (the file, or "model"), for messages.
    pub source: String,
    pub table: ParTable,
    pub level: f64,
    /// The latent variables are the study's constructs, whose score columns share their
    /// names (and are not used by the model).
    pub from_constructs: bool,
    pub estimator: SemEstimator,
    pub cluster: Option<String>,
    pub missing: SemMissing,
    pub boot: usize,
    pub seed: u64,
}

/// Where a model's text comes from, as both `[[sem]]` and `[[pls]]` write it: the text, a
/// file, or (study files) measurement = "constructs" with `paths`.
pub(super) struct ModelSource<'a> {
    pub text: &'a Option<String>,
    pub file: &'a Option<PathBuf>,
    pub measurement: Option<&'a str>,
    pub paths: &'a [String],
}

/// A model's text, resolved.
pub(super) struct ModelText {
    pub text: String,
    /// Where it came from (the file, or "the model"), for messages.
    pub source: String,
    /// The option a parse error is reported under.
    pub key: &'static str,
    pub from_constructs: bool,
}

impl ModelSource<'_> {
    /// The model text resolved, parsed and read by `read` (lavaan's parameter table, or a
    /// PLS model); an error names where the text came from, its line and column.
    pub fn read<T>(
        &self,
        constructs: Option<&[(String, Vec<String>)]>,
        read: impl FnOnce(&crate::formula::lavaan::Syntax) -> Result<T, LavaanError>,
    ) -> Result<(ModelText, T), OptionError> {
        let m = self.resolve(constructs)?;
        let at = |e: LavaanError| OptionError {
            key: m.key,
            message: format!("{}, {e}", m.source),
        };
        let value = read(&parse(&m.text).map_err(at)?).map_err(at)?;
        Ok((m, value))
    }

    /// The model text: with measurement = "constructs", one `key =~ items` line per
    /// construct of `constructs` (those named in `paths`, or all) then the `paths`; otherwise
    /// the model text or file with any `paths` appended. `constructs` is None outside a
    /// study file, where "constructs" is an error.
    pub fn resolve(
        &self,
        constructs: Option<&[(String, Vec<String>)]>,
    ) -> Result<ModelText, OptionError> {
        let bad = |key: &'static str, message: String| OptionError { key, message };
        let read = |f: &PathBuf| {
            std::fs::read_to_string(f)
                .map_err(|e| bad("model_file", format!("cannot read {}: {e}", f.display())))
        };
        match self.measurement {
            None => {}
            Some("constructs") => {
                let Some(constructs) = constructs else {
                    return Err(bad(
                        "measurement",
                        "\"constructs\" needs the study's constructs: it is built by the study file"
                            .into(),
                    ));
                };
                if self.text.is_some() || self.file.is_some() {
                    return Err(bad(
                        "measurement",
                        "give measurement = \"constructs\" or a model, not both".into(),
                    ));
                }
                let text = self.paths.join("\n");
                let named = |k: &str| {
                    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                        .any(|w| w == k)
                };
                let used: Vec<&(String, Vec<String>)> = if self.paths.is_empty() {
                    constructs.iter().collect()
                } else {
                    constructs.iter().filter(|(k, _)| named(k)).collect()
                };
                if used.is_empty() {
                    return Err(bad("paths", "names no construct of the study".into()));
                }
                let mut lines: Vec<String> = used
                    .iter()
                    .map(|(k, items)| format!("{k} =~ {}", items.join(" + ")))
                    .collect();
                lines.extend(self.paths.iter().cloned());
                return Ok(ModelText {
                    text: lines.join("\n"),
                    source: "the model".into(),
                    key: "model",
                    from_constructs: true,
                });
            }
            Some(other) => {
                return Err(bad(
                    "measurement",
                    format!(
                        "\"{other}\" is not a measurement model: write \"constructs\" or give the model text"
                    ),
                ));
            }
        }
        let (mut text, source, key) = match (self.text, self.file) {
            (Some(t), None) => (t.clone(), "the model".to_string(), "model"),
            (None, Some(f)) => (read(f)?, f.display().to_string(), "model_file"),
            (Some(_), Some(_)) => {
                return Err(bad(
                    "model",
                    "give the model as text or as a file, not both".into(),
                ));
            }
            (None, None) if !self.paths.is_empty() => (String::new(), "the model".into(), "model"),
            (None, None) => {
                return Err(bad(
                    "model",
                    "no model: give its lavaan syntax (e.g. \"f =~ x1 + x2 + x3\")".into(),
                ));
            }
        };
        if !self.paths.is_empty() {
            text.push('\n');
            text.push_str(&self.paths.join("\n"));
        }
        Ok(ModelText {
            text,
            source,
            key,
            from_constructs: false,
        })
    }
}

impl SemOptions {
    /// Check the options: one model given, readable, parsed into a parameter table.
    pub fn validate(self) -> Result<SemRequest, OptionError> {
        self.validate_with(None)
    }

    /// The model of a study's `[[sem]]` (see [`ModelSource::resolve`]); `constructs` are
    /// (key, items).
    pub fn validate_in_study(
        self,
        constructs: &[(String, Vec<String>)],
    ) -> Result<SemRequest, OptionError> {
        self.validate_with(Some(constructs))
    }

    fn validate_with(
        self,
        constructs: Option<&[(String, Vec<String>)]>,
    ) -> Result<SemRequest, OptionError> {
        let (m, table) = ModelSource {
            text: &self.model_text,
            file: &self.model_file,
            measurement: self.measurement.as_deref(),
            paths: &self.paths,
        }
        .read(constructs, |s| partable(s, self.std_lv))?;
        Ok(SemRequest {
            name: if self.name.is_empty() {
                "sem".into()
            } else {
                self.name
            },
            source: m.source.clone(),
            table,
            level: check_level("level", self.level.unwrap_or(0.95))?,
            from_constructs: m.from_constructs,
            estimator: self.estimator.unwrap_or_default(),
            cluster: self.cluster,
            missing: self.missing.unwrap_or_default(),
            boot: self.boot.unwrap_or(0),
            seed: self.seed.unwrap_or(20_080_601),
        })
    }
}

/// Why a model could not be fitted to a frame.
#[derive(Debug, thiserror::Error)]
pub enum SemDataError {
    #[error("{0} is a latent variable of the model and also a column of the data: rename one")]
    LatentIsColumn(String),
    #[error("column {0} holds text; the model's observed variables must be numeric")]
    Text(String),
    #[error("{0} is not a column of the data nor a latent variable of the model")]
    Missing(String),
    #[error("cluster column {0} is not in the data")]
    NoCluster(String),
    #[error(
        "the cluster-robust errors need at least two clusters; {0} has {1} among the complete cases"
    )]
    OneCluster(String, usize),
    #[error("no complete case over the model's variables ({0})")]
    NoCases(String),
    #[error(
        "{n} complete cases are too few for {p} observed variables (need more cases than variables)"
    )]
    TooFew { n: usize, p: usize },
    #[error(transparent)]
    Fit(#[from] SemError),
}

/// Fit the model to the complete cases of its observed variables.
pub fn fit_sem(frame: &Frame, req: &SemRequest) -> Result<SemResult, SemDataError> {
    let pt = &req.table;
    if !req.from_constructs {
        if let Some(l) = pt.latent.iter().find(|l| frame.get(l).is_some()) {
            return Err(SemDataError::LatentIsColumn(l.clone()));
        }
    }
    let mut cols: Vec<std::borrow::Cow<[f64]>> = Vec::new();
    for name in &pt.observed {
        cols.push(
            frame
                .num(name)
                .ok_or_else(|| SemDataError::Text(name.clone()))?
                .reals(),
        );
    }
    let rows_read = frame.nrows;
    let cluster_col = match &req.cluster {
        Some(c) => Some(
            frame
                .get(c)
                .ok_or_else(|| SemDataError::NoCluster(c.clone()))?,
        ),
        None => None,
    };
    let fiml = req.missing == SemMissing::Fiml;
    // Under FIML the observed exogenous predictors (fixed.x) must be observed, as lavaan's
    // missing = "ml" with fixed.x: their moments are the sample's, not modelled.
    let exo: Vec<usize> = pt
        .rows
        .iter()
        .filter(|r| r.exogenous && r.lhs == r.rhs)
        .filter_map(|r| pt.observed.iter().position(|o| *o == r.lhs))
        .collect();
    let rows: Vec<usize> = (0..rows_read)
        .filter(|&i| {
            if fiml {
                cols.iter().any(|c| c[i].is_finite()) && exo.iter().all(|&j| cols[j][i].is_finite())
            } else {
                cols.iter().all(|c| c[i].is_finite())
            }
        })
        .filter(|&i| cluster_col.is_none_or(|c| !c.text_at(i).is_empty()))
        .collect();
    let p = cols.len();
    if rows.is_empty() {
        return Err(SemDataError::NoCases(pt.observed.join(", ")));
    }
    let y = ndarray::Array2::from_shape_fn((rows.len(), p), |(i, j)| cols[j][rows[i]]);
    // FIML: the rows by pattern and the saturated moments; listwise: the complete rows' moments.
    let patterns = fiml.then(|| Patterns::new(&y));
    let (mean, cov, n) = match &patterns {
        Some(pat) => {
            if let Some(j) = (0..p).find(|&j| pat.groups.iter().all(|g| !g.obs.contains(&j))) {
                return Err(SemDataError::NoCases(pt.observed[j].clone()));
            }
            let (mean, cov) = saturated(pat).ok_or(SemDataError::Fit(SemError::Singular))?;
            (mean, cov, pat.n)
        }
        None => {
            if rows.len() <= p {
                return Err(SemDataError::TooFew { n: rows.len(), p });
            }
            let nf = rows.len() as f64;
            let mean = ndarray::Array1::from_iter(
                cols.iter()
                    .map(|c| rows.iter().map(|&i| c[i]).sum::<f64>() / nf),
            );
            let cov = ndarray::Array2::from_shape_fn((p, p), |(a, b)| {
                let (a, b) = if b > a { (b, a) } else { (a, b) };
                rows.iter()
                    .map(|&i| (cols[a][i] - mean[a]) * (cols[b][i] - mean[b]))
                    .sum::<f64>()
                    / nf
            });
            (mean, cov, rows.len())
        }
    };
    let codes = cluster_col.map(|c| super::regression::cluster_codes(c, &rows));
    if let (Some(c), Some(codes)) = (&req.cluster, &codes) {
        let k = codes.iter().max().map_or(0, |m| m + 1);
        if k < 2 {
            return Err(SemDataError::OneCluster(c.clone(), k));
        }
    }
    let robust = (req.estimator == SemEstimator::Mlr || codes.is_some()).then(|| RawData {
        y: &y,
        cluster: codes.as_deref(),
    });
    let mut r = fit(&SemSpec {
        name: req.name.clone(),
        table: pt,
        cov: &cov,
        n,
        rows_read,
        level: req.level,
        robust,
        estimator: match req.estimator {
            SemEstimator::Ml => "ML",
            SemEstimator::Mlr => "MLR",
        }
        .into(),
        fiml: patterns.as_ref().map(|pat| Fiml {
            patterns: pat,
            mean: &mean,
        }),
        estimates_only: false,
    })?;
    r.cluster_variable = req.cluster.clone();
    if fiml && !exo.is_empty() {
        let dropped = (0..rows_read)
            .filter(|&i| cols.iter().any(|c| c[i].is_finite()))
            .filter(|&i| exo.iter().any(|&j| !cols[j][i].is_finite()))
            .count();
        if dropped > 0 {
            r.notes.push(format!(
                "{dropped} rows missing an observed predictor ({}) were left out: full-information ML conditions on the predictors (fixed.x), as lavaan's missing = \"ml\", so they must be observed",
                exo.iter()
                    .map(|&j| pt.observed[j].as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    if req.boot > 0 {
        bootstrap(&mut r, req, &y, codes.as_deref(), fiml)?;
    }
    Ok(r)
}

/// Percentile intervals from `req.boot` resamples of the complete rows `y` (whole clusters
/// when `codes` are given), each refitted by ML — by FIML over the resample's own patterns and
/// saturated moments when `fiml` (`y` then holds the incomplete rows, as lavaan's bootstrap
/// under missing = "ml"); a resample whose fit fails is left out and counted. Quantiles of
/// type 7 (R's default).
fn bootstrap(
    r: &mut SemResult,
    req: &SemRequest,
    y: &ndarray::Array2<f64>,
    codes: Option<&[usize]>,
    fiml: bool,
) -> Result<(), SemDataError> {
    let (n, p) = y.dim();
    let groups = codes.map(crate::estimate::regression::covariance::cluster_groups);
    let mut rng = crate::numeric::rng::Rng::new(req.seed);
    let keep: Vec<usize> = (0..r.estimates.len())
        .filter(|&i| r.estimates[i].std_error.is_some())
        .collect();
    let mut draws: Vec<Vec<f64>> = vec![Vec::with_capacity(req.boot); keep.len()];
    let mut failed = 0;
    for _ in 0..req.boot {
        let rows =
            crate::estimate::regression::covariance::resample(&mut rng, groups.as_deref(), n);
        let nb = rows.len();
        // The resample's moments: by EM over its own patterns under FIML, else of its rows.
        let pat = fiml.then(|| Patterns::new(&y.select(ndarray::Axis(0), &rows)));
        let moments = match &pat {
            Some(pat) => saturated(pat)
                .filter(|_| (0..p).all(|j| pat.groups.iter().any(|g| g.obs.contains(&j)))),
            None => {
                let mean = ndarray::Array1::from_shape_fn(p, |j| {
                    rows.iter().map(|&i| y[[i, j]]).sum::<f64>() / nb as f64
                });
                let cov = ndarray::Array2::from_shape_fn((p, p), |(a, b)| {
                    rows.iter()
                        .map(|&i| (y[[i, a]] - mean[a]) * (y[[i, b]] - mean[b]))
                        .sum::<f64>()
                        / nb as f64
                });
                Some((mean, cov))
            }
        };
        let fitted = match &moments {
            Some((mean, cov)) => fit(&SemSpec {
                name: req.name.clone(),
                table: &req.table,
                cov,
                n: pat.as_ref().map_or(nb, |pat| pat.n),
                rows_read: nb,
                level: req.level,
                robust: None,
                estimator: "ML".into(),
                fiml: pat.as_ref().map(|patterns| Fiml { patterns, mean }),
                estimates_only: true,
            }),
            None => Err(SemError::Singular),
        };
        match fitted {
            Ok(b) if b.estimates.len() == r.estimates.len() => {
                for (slot, &i) in keep.iter().enumerate() {
                    draws[slot].push(b.estimates[i].estimate);
                }
            }
            _ => failed += 1,
        }
    }
    let alpha = 1.0 - req.level;
    for (slot, &i) in keep.iter().enumerate() {
        let mut v = std::mem::take(&mut draws[slot]);
        if v.is_empty() {
            continue;
        }
        v.sort_by(f64::total_cmp);
        r.estimates[i].boot_low = Some(crate::numeric::order::quantile7(&v, alpha / 2.0));
        r.estimates[i].boot_high = Some(crate::numeric::order::quantile7(&v, 1.0 - alpha / 2.0));
    }
    r.bootstrap = Some(crate::results::sem::SemBootstrap {
        samples: req.boot,
        failed,
        clusters: groups.as_ref().map(Vec::len),
        seed: req.seed,
    });
    Ok(())
}
