//! Data-quality screening of respondents (flagged, never dropped).

use serde::Serialize;

/// One screening rule and the rows it flags (1-based data rows).
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Check {
    pub check: String,
    pub rule: String,
    pub rows: Vec<usize>,
}

/// Screening of a study's respondents.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Screening {
    pub respondents: usize,
    pub checks: Vec<Check>,
}
