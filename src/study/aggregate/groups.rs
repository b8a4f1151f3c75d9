//! A model's sums read back per cluster: the rows of one cluster (partial sums: per shard,
//! per day) added in double-double.

use super::{COUNT, Planned, StudyError};
use crate::estimate::regression::sums::GroupSums;
use crate::io::{Column, Frame};
use crate::numeric::dd::Dd;
use std::borrow::Cow;

/// Column `name` of the sums as numbers, or why not (`bad` names the file).
pub(super) fn numbers<'a>(
    sums: &'a Frame,
    name: &str,
    bad: &dyn Fn(String) -> StudyError,
) -> Result<std::borrow::Cow<'a, [f64]>, StudyError> {
    match sums.get(name) {
        Some(c @ (Column::Num(_) | Column::Small(_) | Column::Coded(..))) => {
            Ok(c.values().expect("a numeric column").reals())
        }
        Some(Column::Text(_)) => Err(bad(format!("column \"{name}\" is not numbers"))),
        None => Err(bad(format!("no column \"{name}\""))),
    }
}

/// A model's sums per cluster, each cluster once, in the order first met.
pub(super) struct Merged {
    /// The clusters as text ("" for the rows without one).
    pub keys: Vec<String>,
    pub groups: Vec<GroupSums>,
}

pub(super) fn merged(
    sums: &Frame,
    cluster: &Column,
    m: &Planned,
    bad: &dyn Fn(String) -> StudyError,
) -> Result<Merged, StudyError> {
    let num = |name: &str| numbers(sums, name, bad);
    let name = &m.spec.name;
    let k = m.terms.len();
    let n = num(&format!("{name}.{COUNT}"))?;
    let sum: Vec<Cow<[f64]>> = (m.terms.iter())
        .map(|t| num(&format!("{name}.{t}")))
        .collect::<Result<_, _>>()?;
    let mut cross = vec![vec![Cow::Borrowed(&[][..]); k]; k];
    for a in 0..k {
        for b in 0..=a {
            let v = num(&format!("{name}.{}*{}", m.terms[a], m.terms[b]))?;
            cross[b][a] = v.clone();
            cross[a][b] = v;
        }
    }
    // A cluster without complete cases sums to nothing (NULL): zero.
    let zero = |x: f64, n: f64| if n == 0.0 && x.is_nan() { 0.0 } else { x };
    let mut at: std::collections::HashMap<String, usize> = Default::default();
    let mut keys: Vec<String> = Vec::new();
    let mut parts: Vec<(Dd, Vec<Dd>, Vec<Vec<Dd>>)> = Vec::new();
    for r in 0..sums.nrows {
        let key = cluster.text_at(r);
        let g = *at.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            parts.push((Dd::ZERO, vec![Dd::ZERO; k], vec![vec![Dd::ZERO; k]; k]));
            parts.len() - 1
        });
        let (pn, ps, pc) = &mut parts[g];
        *pn = *pn + Dd::from_f64(n[r]);
        for a in 0..k {
            ps[a] = ps[a] + Dd::from_f64(zero(sum[a][r], n[r]));
            for b in 0..k {
                pc[a][b] = pc[a][b] + Dd::from_f64(zero(cross[a][b][r], n[r]));
            }
        }
    }
    let groups = parts
        .into_iter()
        .map(|(pn, ps, pc)| GroupSums {
            n: pn.to_f64(),
            sum: ps.into_iter().map(Dd::to_f64).collect(),
            cross: pc
                .into_iter()
                .map(|r| r.into_iter().map(Dd::to_f64).collect())
                .collect(),
        })
        .collect();
    Ok(Merged { keys, groups })
}
