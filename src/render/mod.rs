//! Output: `tables/` (SPSS-layout tables, one file per topic, written as Markdown, CSV,
//! HTML or LaTeX), `charts/` (SVG and PNG, one file per topic), `report` (the study report
//! and the benchmark page), `rows` (tables of one row per respondent, CSV or Parquet) and
//! `cards` (one report card per center). Nothing here computes
//! a statistic: it lays out numbers found in `results`.

pub mod cards;
pub mod charts;
pub mod docx;
pub mod files;
pub mod i18n;
pub mod names;
pub mod report;
pub mod rows;
pub mod tables;
pub mod xlsx;
