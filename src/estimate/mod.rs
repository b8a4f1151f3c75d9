//! Pure numerics: matrices and vectors in, result structs out. Nothing here reads files,
//! knows about polars, or prints.

pub mod bootstrap;
pub mod cfa;
pub mod compare;
pub mod covariance;
pub mod describe;
pub mod diagnostics;
pub mod factor;
pub mod league;
pub mod lsq;
pub mod mixed;
pub mod normality;
pub mod ols;
pub mod reliability;
pub mod scores;
pub mod screening;
pub mod selection;

pub use covariance::CovType;
pub use lsq::{LsqOptions, Precision};
