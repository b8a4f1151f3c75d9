//! Output: tables (Markdown, CSV, HTML), charts (SVG, PNG) and the study report. Nothing
//! here computes a statistic: it lays out numbers found in `results`.

pub mod cards;
pub mod charts;
pub mod report;
pub mod tables;
