//! PROCESS models (mediation, moderation, moderated mediation) from a data frame: the options
//! as both front ends write them, checked into one request, and the complete cases handed to
//! [`crate::estimate::process::fit`].

use super::request::{OptionError, check_level};
use crate::estimate::CovType;
use crate::estimate::process::{
    BootCi, Centering, DEFAULT_BOOT, ModeratorValues, ProcessData, ProcessSpec, validate_roles,
};
use crate::estimate::regression::bootstrap::DEFAULT_SEED;
use crate::io::Frame;
use crate::results::process::{ProcessResult, Roles};

/// How conditional effects pick values of a continuous moderator.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ModeratorRule {
    /// The 16th, 50th and 84th percentiles (PROCESS 3 and later).
    #[default]
    Percentiles,
    /// The mean and one SD below and above it (PROCESS 2).
    #[value(name = "mean-sd", alias = "mean_sd")]
    MeanSd,
}

/// A PROCESS model, not yet checked: one definition for both front ends (`bprstat process`
/// flags; a study file's `[[process]]` keys are the field names).
#[derive(Clone, Debug, Default, serde::Deserialize, clap::Args)]
#[serde(deny_unknown_fields)]
pub struct ProcessOptions {
    /// The analysis' name (study files).
    #[arg(skip)]
    #[serde(default)]
    pub name: String,
    /// Hayes' model number: 1, 2, 3 (moderation), 4 (parallel mediation), 5, 6 (serial
    /// mediation), 7, 8, 14, 15, 58 or 59 (moderated mediation).
    #[arg(long)]
    pub model: u8,
    /// The antecedent X.
    #[arg(long)]
    pub x: String,
    /// The outcome Y.
    #[arg(long)]
    pub y: String,
    /// Mediators, comma-separated (in series order for model 6). Default: none.
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub m: Vec<String>,
    /// The moderator W (models 1, 2, 3, 5, 7, 8, 14, 15, 58, 59).
    #[arg(long)]
    pub w: Option<String>,
    /// The second moderator Z (models 2 and 3).
    #[arg(long)]
    pub z: Option<String>,
    /// Covariates, comma-separated; they enter every equation. Default: none.
    #[arg(long = "cov", value_delimiter = ',')]
    #[serde(default)]
    pub covariates: Vec<String>,
    /// Mean-centre the variables that form products: none, continuous (not dichotomous
    /// ones) or all. Default: none, as PROCESS.
    #[arg(long, value_enum, ignore_case = true)]
    pub center: Option<Centering>,
    /// Values of a continuous moderator for conditional effects: percentiles (16th, 50th,
    /// 84th) or mean-sd (mean and +/- 1 SD). A dichotomous moderator uses its two values.
    /// Default: percentiles.
    #[arg(long, value_enum, ignore_case = true)]
    pub moderator_values: Option<ModeratorRule>,
    /// Values of W at which to condition, comma-separated, instead of the rule above.
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub w_values: Vec<f64>,
    /// Values of Z at which to condition, comma-separated.
    #[arg(long, value_delimiter = ',')]
    #[serde(default)]
    pub z_values: Vec<f64>,
    /// Standard errors of every equation: classical, hc0-hc4 (PROCESS's hc), or a
    /// cluster-robust type (cluster = CR1, cr2, ...) with --cluster. Default: cluster when a
    /// cluster variable is given (--cluster, or a study's data.cluster), else classical.
    #[arg(long, value_enum, ignore_case = true)]
    pub se: Option<CovType>,
    /// Column identifying clusters (e.g. center_id): the bootstrap then resamples whole
    /// clusters. Default: a study's data.cluster; none on the command line.
    #[arg(long)]
    pub cluster: Option<String>,
    /// Bootstrap samples for the indirect effects (0: none). Default: 5000.
    #[arg(long)]
    pub boot: Option<usize>,
    /// Bootstrap interval: percentile or bc (bias-corrected). Default: percentile.
    #[arg(long, value_enum, ignore_case = true)]
    pub boot_ci: Option<BootCi>,
    /// Seed of the bootstrap; the same seed gives the same draws. Default: 20080601.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Confidence level of every interval. Default: 0.95.
    #[arg(long)]
    pub level: Option<f64>,
}

/// A checked PROCESS request.
#[derive(Clone, Debug)]
pub struct ProcessRequest {
    pub spec: ProcessSpec,
    pub cluster: Option<String>,
}

impl ProcessOptions {
    /// Check the options: the model and its roles, the covariance and its cluster, the level.
    pub fn validate(self) -> Result<ProcessRequest, OptionError> {
        let bad = |key: &'static str, message: String| OptionError { key, message };
        let roles = Roles {
            x: self.x,
            y: self.y,
            m: self.m,
            w: self.w,
            z: self.z,
            covariates: self.covariates,
        };
        validate_roles(self.model, &roles).map_err(|e| bad("model", e.to_string()))?;
        let se = self.se.unwrap_or(if self.cluster.is_some() {
            CovType::Cluster
        } else {
            CovType::Classical
        });
        if se.is_clustered() && self.cluster.is_none() {
            return Err(bad(
                "se",
                format!(
                    "\"{}\" needs a cluster variable (--cluster, or data.cluster in a study file)",
                    se.name()
                ),
            ));
        }
        if matches!(se, CovType::Hc4m | CovType::Hc5) {
            return Err(bad(
                "se",
                format!(
                    "PROCESS offers classical, hc0-hc4 and (here) cluster-robust standard errors; \"{}\" is for `bprstat regress`",
                    se.name()
                ),
            ));
        }
        if !self.w_values.is_empty() && roles.w.is_none() {
            return Err(bad("w_values", "values of W need a moderator W".into()));
        }
        if !self.z_values.is_empty() && roles.z.is_none() {
            return Err(bad("z_values", "values of Z need a moderator Z".into()));
        }
        let level = check_level("level", self.level.unwrap_or(0.95))?;
        let moderator_values = if !self.w_values.is_empty() || !self.z_values.is_empty() {
            ModeratorValues::Given {
                w: self.w_values,
                z: self.z_values,
            }
        } else {
            match self.moderator_values.unwrap_or_default() {
                ModeratorRule::Percentiles => ModeratorValues::Percentiles,
                ModeratorRule::MeanSd => ModeratorValues::MeanSd,
            }
        };
        Ok(ProcessRequest {
            spec: ProcessSpec {
                name: if self.name.is_empty() {
                    "process".into()
                } else {
                    self.name
                },
                model: self.model,
                roles,
                center: self.center.unwrap_or_default(),
                moderator_values,
                cov: se,
                cluster_name: self.cluster.clone(),
                level,
                boot: self.boot.unwrap_or(DEFAULT_BOOT),
                seed: self.seed.unwrap_or(DEFAULT_SEED),
                interval: self.boot_ci.unwrap_or_default(),
            },
            cluster: self.cluster,
        })
    }
}

/// Errors of taking a PROCESS model's data from a frame.
#[derive(Debug, thiserror::Error)]
pub enum ProcessDataError {
    #[error("{role} \"{name}\" must be a numeric column; it holds text")]
    Text { role: String, name: String },
    #[error(
        "no complete cases: every row misses at least one of {0} (the model's variables and cluster)"
    )]
    NoCases(String),
    #[error(transparent)]
    Fit(#[from] crate::estimate::process::ProcessError),
}

/// Fit the request on the frame's complete cases over the model's variables (and cluster).
pub fn fit_process(
    frame: &Frame,
    req: &ProcessRequest,
    progress: Option<&dyn Fn(usize, usize)>,
) -> Result<ProcessResult, ProcessDataError> {
    let r = &req.spec.roles;
    let mut named: Vec<(String, &str)> = vec![("X".into(), &r.x), ("Y".into(), &r.y)];
    named.extend(r.m.iter().map(|m| ("mediator".to_string(), m.as_str())));
    named.extend(r.w.iter().map(|w| ("moderator W".to_string(), w.as_str())));
    named.extend(r.z.iter().map(|z| ("moderator Z".to_string(), z.as_str())));
    named.extend(
        r.covariates
            .iter()
            .map(|c| ("covariate".to_string(), c.as_str())),
    );
    let mut cols: Vec<std::borrow::Cow<[f64]>> = Vec::new();
    for (role, name) in &named {
        match frame.num(name) {
            Some(v) => cols.push(v.reals()),
            None => {
                return Err(ProcessDataError::Text {
                    role: role.clone(),
                    name: name.to_string(),
                });
            }
        }
    }
    let cluster_col = req.cluster.as_deref().and_then(|c| frame.get(c));
    let rows_read = frame.nrows;
    let rows: Vec<usize> = (0..rows_read)
        .filter(|&i| cols.iter().all(|c| c[i].is_finite()))
        .filter(|&i| cluster_col.is_none_or(|c| !c.text_at(i).is_empty()))
        .collect();
    if rows.is_empty() {
        let mut vars: Vec<&str> = named.iter().map(|(_, n)| *n).collect();
        vars.extend(req.cluster.as_deref());
        return Err(ProcessDataError::NoCases(vars.join(", ")));
    }
    let take = |c: &[f64]| -> Vec<f64> { rows.iter().map(|&i| c[i]).collect() };
    let k = r.m.len();
    let mut it = cols.iter();
    let x = take(it.next().expect("X"));
    let y = take(it.next().expect("Y"));
    let m: Vec<Vec<f64>> = (0..k).map(|_| take(it.next().expect("M"))).collect();
    let w = r.w.as_ref().map(|_| take(it.next().expect("W")));
    let z = r.z.as_ref().map(|_| take(it.next().expect("Z")));
    let cov: Vec<Vec<f64>> = it.map(|c| take(c)).collect();
    let data = ProcessData {
        x,
        y,
        m,
        w,
        z,
        cov,
        clusters: cluster_col.map(|c| super::regression::cluster_codes(c, &rows)),
        rows_read,
    };
    Ok(crate::estimate::process::fit(&req.spec, &data, progress)?)
}
