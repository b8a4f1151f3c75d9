//! Column names from a file's header, as survey platforms write them: long question texts
//! ("5、您认为本中心的策略规划—项目1"), sometimes twice, sometimes blank. `[data.rename]` /
//! `--rename` gives a column a short name by its header text or its position from 1; a header
//! that appears twice, or a blank one, is set aside with its positions, so that nothing picks
//! one of two columns silently (never `x_duplicated_0`).

use super::IoError;
use std::collections::BTreeMap;

/// How a rename finds its column: by header text, or by position counting from 1.
#[derive(Clone, Debug, PartialEq)]
pub enum RenameFrom {
    Header(String),
    Position(usize),
}

/// The command line's `NAME=HEADER` or `NAME=POSITION` (digits: a position).
pub fn parse_rename(s: &str) -> Result<(String, RenameFrom), String> {
    let (name, from) = s
        .split_once('=')
        .ok_or_else(|| format!("\"{s}\" must be NAME=HEADER or NAME=POSITION (e.g. SP1=7)"))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(format!("\"{s}\" gives no new name before ="));
    }
    let from = from.trim();
    let from = match from.parse::<usize>() {
        Ok(p) => RenameFrom::Position(p),
        Err(_) => RenameFrom::Header(from.to_string()),
    };
    Ok((name.to_string(), from))
}

/// The columns of a header after renames: per column its name, or None when set aside
/// (a duplicate or blank header), and the set-aside names with their positions from 1.
pub type Named = (Vec<Option<String>>, BTreeMap<String, Vec<usize>>);

/// Name the columns of `header`.
pub fn name_columns(
    header: &[String],
    rename: &[(String, RenameFrom)],
    file: &str,
) -> Result<Named, IoError> {
    let bad = |message: String| IoError::Rename {
        file: file.into(),
        message,
    };
    let original: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let mut names = original.clone();
    let mut renamed: Vec<Option<&str>> = vec![None; names.len()];
    for (new, from) in rename {
        let at = match from {
            RenameFrom::Position(p) => {
                if *p == 0 || *p > names.len() {
                    return Err(bad(format!(
                        "{new} = {p}: there is no column {p} (the file has {} columns, counted from 1)",
                        names.len()
                    )));
                }
                p - 1
            }
            RenameFrom::Header(h) => {
                let h = h.trim();
                let at: Vec<usize> = (0..names.len()).filter(|&i| original[i] == h).collect();
                match at.as_slice() {
                    [i] => *i,
                    [] => {
                        return Err(bad(format!(
                            "{new} = \"{h}\": no column has this header (headers: {})",
                            shorten(&original)
                        )));
                    }
                    many => {
                        return Err(bad(format!(
                            "{new} = \"{h}\": this header heads columns {}; rename by position instead ({new} = {})",
                            positions(many),
                            many[0] + 1
                        )));
                    }
                }
            }
        };
        if let Some(first) = renamed[at] {
            return Err(bad(format!(
                "column {} is renamed twice ({first} and {new})",
                at + 1
            )));
        }
        renamed[at] = Some(new);
        names[at] = new.clone();
    }
    let mut seen: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, n) in names.iter().enumerate() {
        seen.entry(n.as_str()).or_default().push(i);
    }
    let mut aside = BTreeMap::new();
    let mut out: Vec<Option<String>> = names.iter().cloned().map(Some).collect();
    for (n, at) in seen {
        if n.is_empty() || at.len() > 1 {
            for &i in &at {
                out[i] = None;
            }
            aside.insert(n.to_string(), at.iter().map(|i| i + 1).collect());
        }
    }
    Ok((out, aside))
}

/// "7 and 12", "3, 8 and 9" (0-based in, counted from 1 out).
fn positions(at: &[usize]) -> String {
    let v: Vec<String> = at.iter().map(|i| (i + 1).to_string()).collect();
    match v.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => v.join(""),
    }
}

/// The first headers, for a message.
fn shorten(headers: &[String]) -> String {
    let mut s: Vec<String> = headers
        .iter()
        .take(12)
        .map(|h| format!("\"{h}\""))
        .collect();
    if headers.len() > 12 {
        s.push("...".into());
    }
    s.join(", ")
}

/// Why a set-aside column cannot be used, and the fix; None when `name` was not set aside.
pub fn duplicate_message(
    aside: &BTreeMap<String, Vec<usize>>,
    name: &str,
    file: &str,
) -> Option<String> {
    let at = aside.get(name)?;
    let zero: Vec<usize> = at.iter().map(|p| p - 1).collect();
    Some(format!(
        "column \"{name}\" appears {} times in the header of data file {file} (columns {}); give the one you mean a name of its own under [data.rename] in the study file ({name}_{} = {}) or with --rename {name}_{}={}",
        at.len(),
        positions(&zero),
        at[0],
        at[0],
        at[0],
        at[0]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn renames_by_header_and_position_and_sets_duplicates_aside() {
        let header = h(&["id", "5、策略规划—项目1", "x", "x", "", "y"]);
        let rename = vec![
            (
                "SP1".to_string(),
                RenameFrom::Header("5、策略规划—项目1".into()),
            ),
            ("x2".to_string(), RenameFrom::Position(4)),
        ];
        let (names, aside) = name_columns(&header, &rename, "f.csv").unwrap();
        assert_eq!(
            names,
            vec![
                Some("id".into()),
                Some("SP1".into()),
                Some("x".into()),
                Some("x2".into()),
                None,
                Some("y".into())
            ]
        );
        assert_eq!(aside.get(""), Some(&vec![5]));
        let (names, aside) = name_columns(&header, &[], "f.csv").unwrap();
        assert_eq!(names[2], None);
        assert_eq!(aside.get("x"), Some(&vec![3, 4]));
        let m = duplicate_message(&aside, "x", "f.csv").unwrap();
        assert!(
            m.contains("columns 3 and 4") && m.contains("x_3 = 3"),
            "{m}"
        );
        let e = name_columns(
            &header,
            &[("a".into(), RenameFrom::Header("x".into()))],
            "f.csv",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("heads columns 3 and 4") && e.contains("a = 3"),
            "{e}"
        );
        let e = name_columns(&header, &[("a".into(), RenameFrom::Position(9))], "f.csv")
            .unwrap_err()
            .to_string();
        assert!(e.contains("no column 9"), "{e}");
        assert_eq!(
            parse_rename("SP1=7"),
            Ok(("SP1".into(), RenameFrom::Position(7)))
        );
        assert_eq!(
            parse_rename("SP1=项目1"),
            Ok(("SP1".into(), RenameFrom::Header("项目1".into())))
        );
    }
}
