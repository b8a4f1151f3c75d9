//! SPSS-layout tables built from results, one file per topic, and the [`Table`] type every
//! format (Markdown, CSV, HTML, JSON) is written from. Tables never compute a statistic.

pub mod composite;
pub mod diagnostics;
pub mod factor;
pub mod importance;
pub mod measurement;
pub mod multilevel;
pub mod pls;
pub mod process;
pub mod regression;
pub mod selection;
pub mod sem;
pub mod table;
pub mod trend;

pub use diagnostics::*;
pub use importance::{importance_tables, importance_tables_named};
pub use measurement::*;
pub use pls::{pls_tables, pls_tables_named};
pub use process::{process_summary, process_tables, process_tables_named};
pub use regression::*;
pub use selection::*;
pub use sem::{sem_tables, sem_tables_named};
pub use table::{
    Cell, Column, Table, col, csv_field, display_width, html_escape, md_inline, num, pval,
};

/// Column headers of a confidence interval, e.g. "95% CI Lower", "95% CI Upper".
pub fn ci_headers(level: f64) -> (String, String) {
    let pct = (level * 100.0).round();
    (format!("{pct}% CI Lower"), format!("{pct}% CI Upper"))
}
