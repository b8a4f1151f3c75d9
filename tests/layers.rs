//! The layers of `src/` hold: every `crate::` path in a module names only the layers that
//! module may use (the table below, which `src/lib.rs` and the README's Layout section
//! describe). A new edge against the direction fails here with the file and line.

use std::path::{Path, PathBuf};

/// Each layer and the layers it may use. Everything may use itself; `cli` (and the crate
/// root) may use everything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("numeric", &[]),
    ("results", &["numeric"]),
    ("formula", &["numeric", "results"]),
    ("io", &["numeric", "formula", "results"]),
    ("estimate", &["numeric", "results"]),
    ("render", &["numeric", "results"]),
    ("simulate", &["numeric"]),
    (
        "study",
        &["numeric", "results", "formula", "io", "estimate"],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The layer a file under src/ belongs to: its first folder, or its stem at the top.
fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Every `crate::NAME` in the code of a line (comments and string literals skipped).
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    let mut out = Vec::new();
    let mut in_str = false;
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' && (i == 0 || bytes[i - 1] != b'\\') {
            in_str = !in_str;
        }
        // Compare bytes: `i` may sit inside a multi-byte character ("–"); "crate::" is ASCII,
        // so where it matches, `i` is a character boundary and slicing is safe.
        if !in_str && bytes[i..].starts_with(b"crate::") {
            let rest = &code[i + 7..];
            if let Some(group) = rest.strip_prefix('{') {
                // use crate::{a, b::c};
                let inner = group.split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
            i += 7;
            continue;
        }
        i += 1;
    }
    out
}

/// (file:line, from, to) for every edge against the table.
fn violations(src: &Path) -> Vec<(String, String, String)> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    for f in &files {
        let from = layer_of(src, f);
        let Some((_, allowed)) = ALLOWED.iter().find(|(l, _)| *l == from) else {
            continue; // cli, lib.rs, main.rs: the top
        };
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for to in crate_paths(line) {
                if to != from && !allowed.contains(&to.as_str()) {
                    bad.push((
                        format!("{}:{}", f.strip_prefix(src).unwrap().display(), n + 1),
                        from.clone(),
                        to,
                    ));
                }
            }
        }
    }
    bad
}

#[test]
fn every_crate_path_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = violations(&src);
    let listing: Vec<String> = bad
        .iter()
        .map(|(at, from, to)| format!("  {at}: {from} uses {to}"))
        .collect();
    assert!(
        bad.is_empty(),
        "edges against the layers (see ALLOWED in tests/layers.rs):\n{}",
        listing.join("\n")
    );
}

#[test]
fn every_layer_of_src_is_in_the_table_and_in_lib_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().to_string();
        if name == "lib" || name == "main" {
            continue;
        }
        assert!(
            name == "cli" || ALLOWED.iter().any(|(l, _)| *l == name),
            "src/{name} is not in the layer table of tests/layers.rs"
        );
        assert!(
            lib.contains(&format!("pub mod {name};")) && lib.contains(&format!("`{name}`")),
            "src/lib.rs does not declare and describe the layer {name}"
        );
    }
}

#[test]
fn the_scanner_sees_each_kind_of_path_it_must_check() {
    assert_eq!(crate_paths("use crate::cli::progress_bar;"), ["cli"]);
    assert_eq!(
        crate_paths("use crate::{estimate, results::X};"),
        ["estimate", "results"]
    );
    assert_eq!(
        crate_paths("    let r = crate::simulate::Rng::new(1); // crate::io"),
        ["simulate"]
    );
    assert!(crate_paths(r#"let s = "crate::io";"#).is_empty());
    assert_eq!(
        crate_paths("let k = t.split('–'); crate::numeric::Rng"),
        ["numeric"]
    );
}

/// Files stay small enough to read as one job (issue 10): none under src/ reaches this many
/// lines. A file that grows past it is split by job, not let grow.
const MAX_FILE_LINES: usize = 600;

#[test]
fn no_source_file_reaches_six_hundred_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let long: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n >= MAX_FILE_LINES).then(|| format!("  {}: {n} lines", f.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "files of {MAX_FILE_LINES} lines or more (split them by job):\n{}",
        long.join("\n")
    );
}
