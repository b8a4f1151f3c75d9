//! The study file as written: serde structs that reject unknown keys. [`super::validate`]
//! turns them into a [`super::Study`].

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStudyFile {
    pub(super) study: RawMeta,
    pub(super) data: RawData,
    pub(super) scale: RawScale,
    #[serde(default)]
    pub(super) constructs: toml::Table,
    #[serde(default)]
    pub(super) models: Vec<toml::Value>,
    #[serde(default)]
    pub(super) tables: Vec<RawTable>,
    #[serde(default)]
    pub(super) comparisons: Vec<RawComparison>,
    pub(super) benchmark: Option<RawBenchmark>,
    pub(super) efa: Option<toml::Value>,
    /// `[[process]]`: PROCESS models (their keys are `ProcessOptions`' fields).
    #[serde(default)]
    pub(super) process: Vec<toml::Value>,
    /// `[[importance]]`: relative-importance analyses (`ImportanceOptions`' fields).
    #[serde(default)]
    pub(super) importance: Vec<toml::Value>,
    /// `[[sem]]`: structural equation models (`SemOptions`' fields).
    #[serde(default)]
    pub(super) sem: Vec<toml::Value>,
    /// `[[pls]]`: PLS path models (`PlsOptions`' fields).
    #[serde(default)]
    pub(super) pls: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBenchmark {
    pub(super) outcomes: Vec<String>,
    pub(super) factors: Option<Vec<String>>,
    #[serde(default)]
    pub(super) models: Vec<String>,
    #[serde(default)]
    pub(super) adjust: Vec<String>,
    pub(super) center_data: Option<String>,
    #[serde(default)]
    pub(super) center_adjust: Vec<String>,
    /// `[[benchmark.composite]]`: composite indices (`CompositeOptions`' fields).
    #[serde(default)]
    pub(super) composite: Vec<toml::Value>,
    /// The column of the wave (e.g. year) when the same centers were surveyed repeatedly.
    pub(super) wave: Option<String>,
    pub(super) method: Option<String>,
    pub(super) draws: Option<usize>,
    pub(super) seed: Option<u64>,
    pub(super) level: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTable {
    pub(super) name: String,
    pub(super) title: Option<String>,
    pub(super) models: Vec<String>,
    #[serde(default)]
    pub(super) standardized: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawComparison {
    pub(super) models: Vec<String>,
    pub(super) cluster: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub(super) name: String,
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    /// CSV tables with a UTF-8 byte-order mark.
    #[serde(default)]
    pub(super) csv_bom: bool,
    /// Per-respondent tables: "auto" (CSV up to 100,000 rows, else Parquet), "csv", "parquet".
    #[serde(default)]
    pub(super) row_tables: crate::results::RowTables,
    /// The language of the outputs ("en", "zh").
    pub(super) language: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawData {
    pub(super) path: String,
    pub(super) format: Option<String>,
    pub(super) encoding: Option<String>,
    pub(super) delimiter: Option<String>,
    #[serde(default)]
    pub(super) missing: Vec<f64>,
    #[serde(default)]
    pub(super) missing_by_column: std::collections::BTreeMap<String, Vec<f64>>,
    pub(super) cluster: Option<String>,
    /// Respondent id column (screened for duplicates).
    pub(super) id: Option<String>,
    /// Completion-time column (screened for very fast respondents).
    pub(super) duration: Option<String>,
    /// Screening checks whose flagged rows are left out ("speeders", "duplicates", ...).
    #[serde(default)]
    pub(super) exclude: Vec<String>,
    /// A condition a row must meet to be analysed (SPSS SELECT IF).
    pub(super) filter: Option<String>,
    /// The sheet of a workbook: its name, or its number from 1 (default: the first).
    pub(super) sheet: Option<toml::Value>,
    /// New name -> the header text (a string) or position from 1 (an integer) it renames.
    #[serde(default)]
    pub(super) rename: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawScale {
    pub(super) min: f64,
    pub(super) max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawConstruct {
    pub(super) label: Option<String>,
    pub(super) label_zh: Option<String>,
    pub(super) items: Vec<String>,
    #[serde(default)]
    pub(super) reverse: Vec<String>,
    pub(super) min_items: Option<usize>,
}

/// A serde type error in the words of the study file: "a number", not "f64".
pub(super) fn plain(message: &str) -> String {
    let mut m = message.trim().replace('\n', " ");
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected u8", "expected a whole number (0 or more)"),
        ("expected i64", "expected a whole number"),
        (
            "expected a sequence",
            "expected a list in brackets, e.g. [9, 99]",
        ),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected text in quotes"),
    ] {
        if let Some(rest) = m.strip_suffix(rust) {
            m = format!("{rest}{words}");
        }
    }
    m
}

/// Full-width punctuation of Chinese input methods, which TOML does not read.
const FULL_WIDTH: &str = "，。：；“”‘’（）［］｛｝＝＂";

/// A TOML error as one line: "line L, column C: message".
pub(super) fn one_line(text: &str, e: &toml::de::Error) -> String {
    let msg = plain(e.message());
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            // A bare key in Chinese (or any non-ASCII letter) must be quoted in TOML.
            let at = text[span.start.min(text.len())..].chars().next();
            let line_text = text[span.start.min(text.len())..]
                .lines()
                .next()
                .unwrap_or_default();
            let wide = at
                .filter(|c| FULL_WIDTH.contains(*c))
                .or_else(|| line_text.chars().find(|c| FULL_WIDTH.contains(*c)));
            let wide_hint;
            let hint = if let Some(c) = wide {
                wide_hint = format!(
                    " ('{c}' is full-width punctuation from a Chinese input method: TOML needs the half-width , : = [ ] \" — switch the input method to English punctuation)"
                );
                wide_hint.as_str()
            } else if msg.contains("unquoted key") && at.is_some_and(|c| !c.is_ascii()) {
                " (TOML keys that are not plain ASCII must be quoted: write [constructs.\"策略\"], or \"策略\" = ...)"
            } else {
                ""
            };
            format!("line {line}, column {col}: {msg}{hint}")
        }
        None => msg,
    }
}
