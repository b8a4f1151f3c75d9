//! What was read (file, format, encoding, rows, clusters, item missingness, screening) and
//! the analyses that lost much of the sample, each with why and what else can be done.

use crate::io::Frame;
use crate::results::measurement::{CfaReport, EfaReport};
use crate::results::screening::{Exclusions, Screening};
use crate::results::{DataSummary, ItemMissing, SampleLoss};
use crate::study::Study;
use crate::study::regression::cluster_codes;

/// What was read: file, format, encoding, rows, columns, clusters, item missingness.
pub(super) fn data_summary(
    study: &Study,
    frame: &Frame,
    items: Vec<ItemMissing>,
    screening: Screening,
    exclusions: Option<Exclusions>,
) -> DataSummary {
    let format = study.data.format.name();
    let clusters = study
        .data
        .cluster
        .as_deref()
        .and_then(|c| frame.get(c))
        .map(|col| {
            let all: Vec<usize> = (0..frame.nrows).collect();
            cluster_codes(col, &all)
                .into_iter()
                .max()
                .map_or(0, |m| m + 1)
        });
    DataSummary {
        file: study.data.path_written.clone(),
        format: format.into(),
        encoding: match study.data.format {
            crate::io::Format::Csv => study
                .data
                .encoding
                .unwrap_or(crate::io::Encoding::Utf8)
                .name()
                .into(),
            crate::io::Format::Sav | crate::io::Format::Dta | crate::io::Format::Por => study
                .data
                .encoding
                .map_or("as recorded in the file".into(), |e| e.name().into()),
            _ => "binary".into(),
        },
        rows_read: exclusions.as_ref().map_or(frame.nrows, |e| e.rows_read),
        columns: frame.names.len() - study.constructs.len(),
        clusters,
        cluster_variable: study.data.cluster.clone(),
        item_labels: frame.labels_of(study.items().map(|(_, i)| i.as_str())),
        items,
        screening,
        exclusions,
        sample_loss: Vec::new(),
    }
}

/// The analyses that used less than `KEEPS_AT_LEAST` of the `rows` analysed, each with why
/// and what else can be done.
pub(super) fn sample_loss(
    study: &Study,
    rows: usize,
    reliability: &[crate::results::measurement::Reliability],
    adequacy: Option<&crate::results::measurement::Adequacy>,
    efa: Option<&EfaReport>,
    cfa: Option<&CfaReport>,
    models: &[crate::results::ModelReport],
    pls: &[crate::results::pls::PlsResult],
) -> Vec<SampleLoss> {
    let k = study.items().count();
    let mut out = Vec::new();
    out.extend(reliability.iter().filter_map(|r| {
        SampleLoss::check(
            format!("the reliability of {}", r.construct),
            r.n_valid,
            rows,
            format!(
                "listwise deletion over its {} items, as SPSS RELIABILITY",
                r.n_items
            ),
        )
    }));
    out.extend(adequacy.and_then(|a| {
        SampleLoss::check(
            "the KMO and Bartlett tests",
            a.n,
            rows,
            format!("listwise deletion over all {k} items"),
        )
    }));
    out.extend(efa.and_then(|e| {
        let alternative = if e.missing == "listwise" {
            format!("listwise deletion over its {} items; missing = \"pairwise\" in [efa] uses every answered pair of items", e.items.len())
        } else {
            format!("the smallest pairwise n over its {} items", e.items.len())
        };
        SampleLoss::check("the exploratory factor analysis", e.n, rows, alternative)
    }));
    out.extend(cfa.and_then(|c| {
        SampleLoss::check(
            "the confirmatory factor analysis",
            c.n,
            rows,
            format!("listwise deletion over its {k} items; to use every answer, fit the same model by full-information ML as a [[sem]] with measurement = \"constructs\", std_lv = true and missing = \"fiml\""),
        )
    }));
    out.extend(pls.iter().filter_map(|m| {
        SampleLoss::check(
            format!("PLS path model {}", m.name),
            m.nobs,
            rows,
            "listwise deletion over its indicators (SmartPLS's casewise deletion); the same theory by full-information ML uses every answer: a [[sem]] with measurement = \"constructs\" and missing = \"fiml\"",
        )
    }));
    out.extend(models.iter().filter_map(|m| {
        SampleLoss::check(
            format!("model {}", m.name),
            m.sample.rows_used,
            rows,
            "complete cases over its variables (a construct is scored for a respondent who answered at least min_items of its items; lower min_items, or check the variables missing most in the model's sample table)",
        )
    }));
    out
}
