//! Data-quality screening of respondents (flagged; left out only where the study file says
//! so), and the rows left out before any analysis.

use serde::Serialize;

/// One screening rule and the rows it flags (1-based data rows).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Check {
    pub check: String,
    pub rule: String,
    pub rows: Vec<usize>,
    /// Whether `[data] exclude` left these rows out of the analyses.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excluded: bool,
}

/// Screening of a study's respondents.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Screening {
    pub respondents: usize,
    pub checks: Vec<Check>,
}

/// Rows left out before any analysis, in order: `[data] filter`, then each `[data] exclude`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Exclusions {
    /// Data rows in the file.
    pub rows_read: usize,
    pub steps: Vec<ExclusionStep>,
    /// Rows every analysis starts from.
    pub rows_kept: usize,
}

/// One exclusion and the data rows (from 1) it removed that no earlier step had.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ExclusionStep {
    /// "filter", or the screening check ("very fast", ...).
    pub step: String,
    /// The filter as written, or the check's rule.
    pub rule: String,
    pub rows: Vec<usize>,
}
