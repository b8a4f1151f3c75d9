//! Pure numerics: matrices and vectors in, result structs (from `results`) out. Nothing here
//! reads files, knows about polars, or prints. One folder per family of models:
//! `regression` (least squares, covariances, diagnostics, bootstraps, selection),
//! `measurement` (reliability, factor analyses, construct scores) and `multilevel`
//! (random-intercept models, league tables); descriptives and screening sit at the top.

pub mod composite;
pub mod describe;
pub mod importance;
pub mod measurement;
pub mod multilevel;
pub mod pls;
pub mod pls_predict;
pub mod process;
pub mod regression;
pub mod screening;
pub mod sem;

pub use regression::covariance::CovType;
pub use regression::lsq::{LsqOptions, Precision};
