//! The centers' own data (`[benchmark] center_data`) joined onto the respondents by the
//! cluster id, with notes on the centers that do not match.

use crate::io::{Column, Frame};
use crate::study::analyze::AnalyzeError;

/// The centers' own data (`[benchmark] center_data`) joined onto the respondents by the
/// cluster id: each column the center-level terms use, every respondent taking its center's
/// value (none when its center is not in the file). Returns the joined data and notes on the
/// centers that do not match: those in the file with no respondents, and the respondents of
/// centers the file lacks (left out of the adjusted tables, their covariates missing).
pub(super) fn join_centers(
    frame: &Frame,
    cd: &crate::study::CenterData,
    cluster: &str,
) -> Result<(Frame, Vec<String>), AnalyzeError> {
    let centers = crate::io::read_table(&cd.path, crate::io::ReadOptions::default())?;
    let file = cd.path.display().to_string();
    let bad = |message: String| AnalyzeError::Analysis {
        kind: "benchmark",
        name: "center_data".into(),
        message: format!("{file}: {message}"),
    };
    if centers.get(cluster).is_none() {
        return Err(bad(format!(
            "has no column {cluster}, the data's cluster id to join the centers on (its columns: {})",
            centers.names.join(", ")
        )));
    }
    for v in &cd.variables {
        if centers.get(v).is_none() {
            return Err(bad(format!(
                "has no column {v}, named in center_adjust or a composite index (its columns: {})",
                centers.names.join(", ")
            )));
        }
    }
    for v in &cd.variables {
        if frame.get(v).is_some() {
            return Err(bad(format!(
                "column {v} is also a column of the data: rename one, so that a center-level covariate is not mistaken for a respondent's answer"
            )));
        }
    }
    // Ids as the project shows and compares them (Column::text_at: a missing one empty).
    let id_col = centers.get(cluster).expect("checked above");
    let ids: Vec<String> = (0..centers.nrows).map(|r| id_col.text_at(r)).collect();
    let mut row_of: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, id) in ids.iter().enumerate() {
        let line = |r: usize| centers.file_rows.get(r).copied().unwrap_or(r + 1);
        if id.is_empty() {
            return Err(bad(format!(
                "data row {} has no {cluster}: every center needs its id",
                line(i)
            )));
        }
        if let Some(&first) = row_of.get(id.as_str()) {
            return Err(bad(format!(
                "{cluster} {id} is on data rows {} and {}: one row per center",
                line(first),
                line(i)
            )));
        }
        row_of.insert(id, i);
    }
    let col = frame
        .get(cluster)
        .expect("the data have the cluster column");
    let keyed: Vec<(usize, String)> = (0..frame.nrows)
        .map(|r| (r, col.text_at(r)))
        .filter(|(_, k)| !k.is_empty())
        .collect();
    let mut source = vec![None; frame.nrows];
    let mut unmatched: Vec<&str> = Vec::new();
    let mut unmatched_rows = 0;
    let mut seen = vec![false; centers.nrows];
    for (r, k) in &keyed {
        let r = *r;
        match row_of.get(k.as_str()) {
            Some(&c) => {
                source[r] = Some(c);
                seen[c] = true;
            }
            None => {
                unmatched_rows += 1;
                if !unmatched.contains(&k.as_str()) {
                    unmatched.push(k);
                }
            }
        }
    }
    let mut joined = frame.clone();
    for v in &cd.variables {
        let column = match centers.get(v).expect("required above") {
            c @ (Column::Num(_) | Column::Small(_) | Column::Coded(..)) => {
                let x = c.values().expect("a numeric column");
                Column::Num(
                    source
                        .iter()
                        .map(|s| s.map_or(f64::NAN, |c| x.at(c)))
                        .collect(),
                )
            }
            Column::Text(x) => {
                Column::Text(source.iter().map(|s| s.and_then(|c| x.get(c))).collect())
            }
        };
        joined.set(v, column);
    }
    let mut notes = Vec::new();
    let idle: Vec<&str> = ids
        .iter()
        .zip(&seen)
        .filter(|(_, s)| !**s)
        .map(|(id, _)| id.as_str())
        .collect();
    if !idle.is_empty() {
        notes.push(format!(
            "{} center(s) of {file} have no respondents in the data and are in no table: {}.",
            idle.len(),
            idle.join(", ")
        ));
    }
    if !unmatched.is_empty() {
        notes.push(format!(
            "{unmatched_rows} respondent(s) of {} center(s) not in {file} ({}) have no center-level data and are left out of the adjusted league tables and composite indices.",
            unmatched.len(),
            unmatched.join(", ")
        ));
    }
    Ok((joined, notes))
}
