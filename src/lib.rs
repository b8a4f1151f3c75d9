//! bprstat: survey statistics for public-administration research — from questionnaire files
//! to publication tables, charts and a reproducible report.
//!
//! Data flows one way: `cli` -> `study` -> `io` -> `formula` -> `estimate` -> `results` ->
//! `render`. `estimate` is pure numerics; `render` never computes a statistic.

pub mod cli;
pub mod estimate;
pub mod formula;
pub mod io;
pub mod render;
pub mod results;
pub mod simulate;
pub mod study;
