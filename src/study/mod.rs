//! The TOML study file and the analyses it asks for. `raw` holds the file as written (serde,
//! unknown keys rejected); `validate` turns it into a typed [`Study`], one function per
//! section, naming every mistake by its key; `request` holds the option definitions and
//! checks shared with the command line (one validated request per analysis, whichever front
//! end asked). Checks that need the data's column names run in [`Study::check_columns`].
//! `analyze` runs a validated study as named steps; `regression` fits one model of it,
//! `multilevel` its random-intercept models and the benchmark of centers.

pub mod aggregate;
pub mod analyze;
pub mod composite;
pub mod importance;
pub mod multilevel;
pub mod pls;
pub mod process;
mod raw;
pub mod regression;
pub mod request;
pub mod sem;
pub mod trend;
mod validate;

pub use request::ModelSpec;

use crate::io::Encoding;
use std::path::{Path, PathBuf};

/// A mistake in a study file.
#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error("cannot read study file {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("study file {file} is not valid: {message}")]
    Toml { file: String, message: String },
    #[error("study file {file}: {message}")]
    File { file: String, message: String },
    #[error("study file {file}: {key}: {message}")]
    Invalid {
        file: String,
        key: String,
        message: String,
    },
}

/// Where the data are and how to read them.
#[derive(Clone, Debug)]
pub struct DataSpec {
    /// Path as written in the study file.
    pub path_written: String,
    /// The sheet of a workbook (name or number from 1); the first when None.
    pub sheet: Option<String>,
    /// Path resolved against the study file's folder.
    pub path: PathBuf,
    /// The format: `[data] format`, else from the path's ending.
    pub format: crate::io::Format,
    /// The text encoding (None: UTF-8 for text, the file's own record for SPSS/Stata).
    pub encoding: Option<Encoding>,
    pub delimiter: u8,
    /// Short names for columns, by header text or position (`[data.rename]`).
    pub rename: Vec<(String, crate::io::RenameFrom)>,
    /// Codes meaning "no answer" in the Likert items.
    pub missing: Vec<f64>,
    /// Codes meaning "no answer" in other columns, per column (e.g. years_in_post = [99]).
    pub missing_by_column: std::collections::BTreeMap<String, Vec<f64>>,
    pub cluster: Option<String>,
    /// Respondent id column, screened for duplicates.
    pub id: Option<String>,
    /// Completion-time column, screened for very fast respondents.
    pub duration: Option<String>,
    /// `[data] filter`: the condition a row must meet to be analysed.
    pub filter: Option<crate::formula::Filter>,
    /// `[data] exclude`: screening checks whose flagged rows are left out, in order.
    pub exclude: Vec<crate::estimate::screening::Exclusion>,
}

/// The response scale of the Likert items.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub min: f64,
    pub max: f64,
}

/// A construct: items averaged after reverse-keying.
#[derive(Clone, Debug)]
pub struct Construct {
    pub key: String,
    pub label: String,
    pub label_zh: Option<String>,
    pub items: Vec<String>,
    pub reverse: Vec<String>,
    /// Score only rows with at least this many answered items (default: all items).
    pub min_items: usize,
}

/// A validated study.
#[derive(Clone, Debug)]
pub struct Study {
    /// Path of the study file as given.
    pub file: PathBuf,
    pub name: String,
    pub title: String,
    pub data: DataSpec,
    pub scale: Scale,
    pub constructs: Vec<Construct>,
    pub models: Vec<ModelSpec>,
    /// Side-by-side tables of several models.
    pub tables: Vec<crate::results::SideBySideSpec>,
    /// Pairs of models whose shared slopes are tested for equality (suest).
    pub comparisons: Vec<ComparisonSpec>,
    /// The benchmark of centers (multilevel models, league tables, report cards).
    pub benchmark: Option<BenchmarkSpec>,
    /// Settings of the exploratory factor analysis of all items (the `[efa]` section).
    pub efa: crate::estimate::measurement::efa::EfaOptions,
    /// `[study] csv_bom`: CSV tables start with a UTF-8 byte-order mark (for Excel on a
    /// Chinese Windows).
    pub csv_bom: bool,
    /// `[study] row_tables`: per-respondent tables as CSV, Parquet or by their size.
    pub row_tables: crate::results::RowTables,
    /// `[study] language`: of every output (`--lang` overrides it).
    pub language: crate::results::Language,
    /// `[[process]]`: mediation and moderation models (PROCESS).
    pub process: Vec<process::ProcessRequest>,
    /// `[[importance]]`: relative importance of a regression's terms.
    pub importance: Vec<importance::ImportanceRequest>,
    /// `[[sem]]`: structural equation models.
    pub sem: Vec<sem::SemRequest>,
    /// `[[pls]]`: PLS path models.
    pub pls: Vec<pls::PlsRequest>,
    /// Set by `bprstat benchmark` (never by a study file): only what the benchmark's own
    /// outputs show is computed — no item reliability, correlations, factor analyses or
    /// single-level fits of the models (their formulas are still the benchmark's).
    pub benchmark_only: bool,
}

/// The `[benchmark]` section: which outcomes to rank, which factors to profile, which models
/// to refit with a random intercept and on center means.
#[derive(Clone, Debug)]
pub struct BenchmarkSpec {
    /// The grouping variable (data.cluster).
    pub cluster: String,
    pub outcomes: Vec<String>,
    pub factors: Vec<String>,
    pub models: Vec<String>,
    pub criterion: crate::estimate::multilevel::mixed::Criterion,
    /// Draws of the rank simulation and its seed.
    pub draws: usize,
    pub seed: u64,
    pub level: f64,
    /// Case mix: the terms (formula syntax) the outcomes are adjusted for, respondent-level
    /// (`adjust`) then center-level (`center_adjust`); empty: no adjusted league tables.
    pub adjust: Vec<String>,
    /// The file of the centers' own data, joined on the cluster id, and the columns of it the
    /// center-level terms use.
    pub center_data: Option<CenterData>,
    /// Composite evaluation indices (`[[benchmark.composite]]`).
    pub composites: Vec<composite::CompositeSpec>,
    /// The wave column: league tables of the latest wave, and each outcome's change.
    pub wave: Option<String>,
}

/// `[benchmark] center_data`: one row per center, its id in a column named as data.cluster.
#[derive(Clone, Debug)]
pub struct CenterData {
    pub path: PathBuf,
    pub variables: Vec<String>,
}

/// Two models whose shared slopes are tested for equality.
#[derive(Clone, Debug)]
pub struct ComparisonSpec {
    pub models: [String; 2],
    pub cluster: String,
}

impl Study {
    /// Read and validate a study file.
    pub fn from_file(path: &Path) -> Result<Study, StudyError> {
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => StudyError::File {
                file: file.clone(),
                message: format!(
                    "no such file (looked for {})",
                    std::path::absolute(path)
                        .unwrap_or_else(|_| path.to_path_buf())
                        .display()
                ),
            },
            _ => StudyError::Read {
                file: file.clone(),
                source,
            },
        })?;
        let text = String::from_utf8(bytes).map_err(|e| StudyError::File {
            file: file.clone(),
            message: format!(
                "not UTF-8 text (first invalid byte at offset {}); save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
                e.utf8_error().valid_up_to()
            ),
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Study::from_str(&text, path, &dir)
    }

    /// Validate study text; `file` names it in messages, `dir` resolves the data path.
    pub fn from_str(text: &str, file: &Path, dir: &Path) -> Result<Study, StudyError> {
        validate::validate(text, file, dir)
    }

    fn invalid(&self, key: impl Into<String>, message: impl Into<String>) -> StudyError {
        StudyError::Invalid {
            file: self.file.display().to_string(),
            key: key.into(),
            message: message.into(),
        }
    }

    /// Every item of every construct, in study order.
    pub fn items(&self) -> impl Iterator<Item = (&Construct, &String)> {
        self.constructs
            .iter()
            .flat_map(|c| c.items.iter().map(move |i| (c, i)))
    }

    /// The model of this name (validated names are unique).
    pub fn model(&self, name: &str) -> Option<&ModelSpec> {
        self.models.iter().find(|m| m.name == name)
    }

    pub fn construct(&self, key: &str) -> Option<&Construct> {
        self.constructs.iter().find(|c| c.key == key)
    }

    /// Checks that need the data's column names: items and cluster exist, construct names do
    /// not shadow columns, and every formula variable is a construct or a column.
    /// A column whose header appears twice (or is blank) is named with its positions.
    pub fn check_columns(&self, frame: &crate::io::Frame) -> Result<(), StudyError> {
        let columns = &frame.names;
        let has = |c: &str| columns.iter().any(|x| x == c);
        // The reason a column is absent: twice in the header, or not there at all.
        let why = |c: &str, absent: String| frame.duplicate_message(c).unwrap_or(absent);
        let listing = || {
            let mut s = columns
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if columns.len() > 40 {
                s.push_str(", ...");
            }
            s
        };
        let data = self.data.path.display();
        for c in &self.constructs {
            for it in &c.items {
                if !has(it) {
                    return Err(self.invalid(
                        format!("constructs.{}.items", c.key),
                        why(
                            it,
                            format!(
                                "column \"{it}\" is not in data file {data} (its columns: {})",
                                listing()
                            ),
                        ),
                    ));
                }
            }
            if has(&c.key) {
                return Err(self.invalid(format!("constructs.{}", c.key), format!("the construct's name is also a column of {data}; rename the construct so formulas are unambiguous")));
            }
        }
        for (key, col) in [
            ("data.id", &self.data.id),
            ("data.duration", &self.data.duration),
        ] {
            if let Some(c) = col {
                if !has(c) {
                    return Err(self.invalid(
                        key,
                        why(c, format!("column \"{c}\" is not in data file {data}")),
                    ));
                }
            }
        }
        if let Some(f) = &self.data.filter {
            for v in f.variables() {
                if !has(&v) {
                    let construct = self.construct(&v).is_some();
                    return Err(self.invalid(
                        "data.filter",
                        why(
                            &v,
                            if construct {
                                format!("{v} is a construct; a filter reads the data file's columns (its items, say), before constructs are scored")
                            } else {
                                format!(
                                    "column \"{v}\" is not in data file {data} (its columns: {})",
                                    listing()
                                )
                            },
                        ),
                    ));
                }
            }
        }
        for c in self.data.missing_by_column.keys() {
            if !has(c) {
                return Err(self.invalid(
                    format!("data.missing_by_column.{c}"),
                    why(c, format!("column \"{c}\" is not in data file {data}")),
                ));
            }
        }
        if let Some(cl) = &self.data.cluster {
            if !has(cl) {
                return Err(self.invalid(
                    "data.cluster",
                    why(
                        cl,
                        format!(
                            "column \"{cl}\" is not in data file {data} (its columns: {})",
                            listing()
                        ),
                    ),
                ));
            }
        }
        if let Some(b) = &self.benchmark {
            for v in b.outcomes.iter().chain(&b.factors) {
                if self.construct(v).is_none() && !has(v) {
                    return Err(self.invalid(
                        "benchmark",
                        why(
                            v,
                            format!(
                                "\"{v}\" is neither a construct of the study nor a column of {data}"
                            ),
                        ),
                    ));
                }
            }
        }
        for (i, m) in self.models.iter().enumerate() {
            if let Some(cl) = &m.cluster {
                if !has(cl) {
                    return Err(self.invalid(
                        format!("models[{i}] ({}).cluster", m.name),
                        why(cl, format!("column \"{cl}\" is not in data file {data}")),
                    ));
                }
            }
            for v in m.formula.variables() {
                if self.construct(&v).is_none() && !has(&v) {
                    let known: Vec<&str> = self.constructs.iter().map(|c| c.key.as_str()).collect();
                    return Err(self.invalid(
                        format!("models[{i}] ({}).formula", m.name),
                        why(&v, format!("\"{v}\" is neither a construct of the study ({}) nor a column of {data}", known.join(", "))),
                    ));
                }
            }
        }
        Ok(())
    }
}
