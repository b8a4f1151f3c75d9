//! The items' moments as sums (`bprstat sql STUDY --measurement`): per cluster, over each
//! construct's complete cases and over the complete cases of all items, the count, the
//! items' sums and the sums of their products, as answered (cleaned, not reversed). From
//! them, added over the clusters in double-double, come the moments the study's own run
//! computes from the rows ([`crate::numeric::moments::from_sums`]: bit for bit when the
//! answers are whole numbers), reverse-keyed items reflected, and from those reliability,
//! KMO and Bartlett's test, the EFA and the CFA, as `bprstat run` gives them.

use super::{COUNT, Study, StudyError};
use crate::estimate::measurement::efa::Missing;
use crate::io::Frame;
use crate::io::moments::Block;
use crate::numeric::dd::Dd;
use crate::numeric::moments::CrossProducts;
use crate::results::measurement::{Adequacy, CfaReport, EfaReport, Reliability};
use std::borrow::Cow;

/// The prefix of the sums over every item's complete cases; a construct's is "(key)".
pub(super) const ALL: &str = "(all items)";

/// What the items' moments give.
#[derive(Debug, serde::Serialize)]
pub struct Measurement {
    pub reliability: Vec<Reliability>,
    pub adequacy: Option<Adequacy>,
    pub efa: Option<EfaReport>,
    pub cfa: Option<CfaReport>,
    /// What could not be computed, and why.
    pub notes: Vec<String>,
}

/// Why the moments cannot be summed for `study` (no items; a name their columns would share
/// with a model's or another block's), if so.
pub(super) fn unsummable(study: &Study) -> Option<(&'static str, String)> {
    if study.items().next().is_none() {
        return Some((
            "constructs",
            "--measurement sums the items' moments, and the study declares no constructs with items".into(),
        ));
    }
    let models: Vec<&str> = study.models.iter().map(|m| m.name.as_str()).collect();
    let mut seen: Vec<String> = Vec::new();
    for (prefix, _) in blocks(study) {
        if models.contains(&prefix.as_str()) || seen.contains(&prefix) {
            return Some((
                "models",
                format!(
                    "the sums of model \"{prefix}\" and those of the items' moments {prefix} would share their names ({prefix}.…); rename the model"
                ),
            ));
        }
        seen.push(prefix);
    }
    None
}

/// The blocks whose moments are summed: each construct of two items or more (reliability),
/// then all items (KMO, EFA, CFA), each with its prefix and the names of its sums: the one
/// place they are made, for the query, the native sums and the reading back alike.
fn blocks(study: &Study) -> Vec<(String, Block)> {
    let mut b: Vec<(String, Vec<String>)> = (study.constructs.iter())
        .filter(|c| c.items.len() >= 2)
        .map(|c| (format!("({})", c.key), c.items.clone()))
        .collect();
    b.push((ALL.into(), study.items().map(|(_, i)| i.clone()).collect()));
    b.into_iter()
        .map(|(prefix, items)| {
            let block = Block {
                count: format!("{prefix}.{COUNT}"),
                sums: items.iter().map(|i| format!("{prefix}.{i}")).collect(),
                products: lower_pairs(items.len())
                    .map(|(a, b)| format!("{prefix}.{}*{}", items[a], items[b]))
                    .collect(),
                columns: items,
            };
            (prefix, block)
        })
        .collect()
}

/// The pairs (a, b <= a) of the lower triangle of p items, row by row: the order of the
/// products of a block.
fn lower_pairs(p: usize) -> impl Iterator<Item = (usize, usize)> {
    (0..p).flat_map(|a| (0..=a).map(move |b| (a, b)))
}

/// The blocks as [`crate::io::moments`] sums them, under the query's names.
pub(super) fn io_blocks(study: &Study) -> Vec<Block> {
    blocks(study).into_iter().map(|(_, b)| b).collect()
}

/// The query's lines for the moments: each block's flag of complete cases (in `flagged`)
/// and its sums (in the final SELECT).
pub(super) fn lines(study: &Study, ident: &dyn Fn(&str) -> String) -> (Vec<String>, Vec<String>) {
    let (mut flags, mut sums) = (Vec::new(), Vec::new());
    for (prefix, block) in blocks(study) {
        let items = &block.columns;
        let flag = ident(&format!("{prefix}.complete"));
        let complete = (items.iter())
            .map(|i| format!("{} IS NOT NULL", ident(i)))
            .collect::<Vec<_>>()
            .join(" AND ");
        flags.push(format!(
            "    CASE WHEN {complete} THEN 1 ELSE 0 END AS {flag}"
        ));
        sums.push(format!("  SUM({flag}) AS {}", ident(&block.count)));
        for (i, name) in items.iter().zip(&block.sums) {
            sums.push(format!(
                "  SUM(CASE WHEN {flag} = 1 THEN {} END) AS {}",
                ident(i),
                ident(name)
            ));
        }
        for ((a, b), name) in lower_pairs(items.len()).zip(&block.products) {
            sums.push(format!(
                "  SUM(CASE WHEN {flag} = 1 THEN {} * {} END) AS {}",
                ident(&items[a]),
                ident(&items[b]),
                ident(name)
            ));
        }
    }
    (flags, sums)
}

/// Reliability, KMO, the EFA and the CFA from the sums (their fingerprint already checked);
/// None when the sums hold no moments (the query was printed without --measurement).
pub fn finish_measurement(
    study: &Study,
    sums: &Frame,
    rows_read: usize,
    bad: &dyn Fn(String) -> StudyError,
) -> Result<Option<Measurement>, StudyError> {
    let blocks = blocks(study);
    let all = &blocks.last().expect("the all-items block").1;
    if sums.get(&all.count).is_none() {
        return Ok(None);
    }
    let around = study.scale.min + study.scale.max;
    let moments = |(prefix, block): &(String, Block)| -> Result<CrossProducts, StudyError> {
        let num = |name: &String| super::numbers(sums, name, bad);
        let items = &block.columns;
        let n = num(&block.count)?;
        let cols: Vec<Cow<[f64]>> = block.sums.iter().map(num).collect::<Result<_, _>>()?;
        let prods: Vec<Cow<[f64]>> = block.products.iter().map(num).collect::<Result<_, _>>()?;
        // A cluster without complete cases sums to nothing (NULL): zero.
        let add = |v: &[f64]| -> Result<Dd, StudyError> {
            (0..sums.nrows).try_fold(Dd::ZERO, |t, r| match (v[r], n[r]) {
                (x, _) if x.is_finite() => Ok(t + Dd::from_f64(x)),
                (_, k) if k == 0.0 => Ok(t),
                _ => Err(bad(format!(
                    "the moments of {prefix}: row {} has a missing sum beside a count of {}",
                    r + 1,
                    n[r]
                ))),
            })
        };
        let count = add(&n)?.to_f64();
        if !(count >= 0.0 && count.fract() == 0.0) {
            return Err(bad(format!(
                "the count {prefix}.{COUNT} adds up to {count}, not a whole number"
            )));
        }
        let s: Vec<Dd> = cols.iter().map(|c| add(c)).collect::<Result<_, _>>()?;
        let pr: Vec<Dd> = prods.iter().map(|c| add(c)).collect::<Result<_, _>>()?;
        let flip: Vec<bool> = (items.iter())
            .map(|i| study.constructs.iter().any(|c| c.reverse.contains(i)))
            .collect();
        Ok(crate::numeric::moments::from_sums(count as usize, &s, &pr).reflected(&flip, around))
    };
    let mut notes = Vec::new();
    let mut reliability = Vec::new();
    let constructs = study.constructs.iter().filter(|c| c.items.len() >= 2);
    for (c, block) in constructs.zip(&blocks) {
        let m = moments(block)?;
        let fallback = || crate::estimate::measurement::reliability::smc_by_moments(&m.s);
        reliability.extend(crate::estimate::measurement::reliability::reliability_of(
            &c.key, &c.items, &m, rows_read, 0.95, fallback,
        ));
    }
    let item_names: Vec<String> = study.items().map(|(_, i)| i.clone()).collect();
    let complete = moments(blocks.last().expect("the all-items block"))?;
    let adequacy = crate::estimate::measurement::reliability::adequacy_of(&item_names, &complete);
    // The analyses are given the moments; their columns are not read (empty here).
    let efa = if study.efa.missing == Missing::Listwise {
        let cols = vec![&[][..]; item_names.len()];
        crate::estimate::measurement::efa::efa_with(&item_names, &cols, &study.efa, Some(&complete))
            .map_err(|e| notes.push(format!("The exploratory factor analysis was not run: {e}.")))
            .ok()
    } else {
        notes.push(format!(
            "The exploratory factor analysis was not run: missing = \"{}\" in [efa] needs the rows; the sums hold the moments of the complete cases (listwise).",
            study.efa.missing.name()
        ));
        None
    };
    let cfa = (study.constructs.len() >= 2)
        .then(|| {
            let names: Vec<String> = study.constructs.iter().map(|c| c.key.clone()).collect();
            let items: Vec<Vec<String>> =
                study.constructs.iter().map(|c| c.items.clone()).collect();
            let cols: Vec<Vec<&[f64]>> = items.iter().map(|i| vec![&[][..]; i.len()]).collect();
            crate::estimate::measurement::cfa::cfa_report_with(
                &names,
                &items,
                &cols,
                Some(&complete),
            )
            .map_err(|e| {
                notes.push(format!(
                    "The confirmatory factor analysis was not run: {e}."
                ))
            })
            .ok()
        })
        .flatten();
    Ok(Some(Measurement {
        reliability,
        adequacy,
        efa,
        cfa,
        notes,
    }))
}
