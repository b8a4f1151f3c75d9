//! The embedded default study reproduces: its data from the seed, and its committed report
//! (every file under notebooks-out/zhejiang-asc/ except manifest.json) byte for byte.

use crate::common::{bprstat, root};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The files of a report folder but its manifest (the one file that changes between runs).
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = crate::common::files_under(dir);
    out.remove(Path::new("manifest.json"));
    out
}

#[test]
fn a_fresh_run_reproduces_the_committed_default_report_byte_for_byte() {
    reproduces("data/zhejiang-asc.toml", "zhejiang-asc", None);
}

/// The Chinese twin of the default study (`language = "zh"`) reproduces the same way, run on
/// one thread: the committed reports were written with every core, so this also shows that
/// no number or byte depends on the number of threads.
#[test]
fn a_fresh_run_reproduces_the_committed_chinese_report_byte_for_byte() {
    reproduces("data/zhejiang-asc-zh.toml", "zhejiang-asc-zh", Some("1"));
}

/// The default study's centers in three waves (change over time): same test, on one thread.
#[test]
fn a_fresh_run_reproduces_the_committed_waves_report_byte_for_byte() {
    reproduces(
        "data/zhejiang-asc-waves.toml",
        "zhejiang-asc-waves",
        Some("1"),
    );
}

/// Run `study` into a fresh folder (on `threads` threads when given) and compare every file
/// with the committed report `name`.
fn reproduces(study: &str, name: &str, threads: Option<&str>) {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("reproduce-{name}"));
    let _ = std::fs::remove_dir_all(&out);
    let mut cmd = bprstat();
    if let Some(n) = threads {
        cmd.env("BPRSTAT_THREADS", n);
    }
    let run = cmd
        .current_dir(root())
        .args(["run", study, "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let committed = root().join("notebooks-out").join(name);
    let want = files_under(&committed);
    let got = files_under(&out);
    assert!(
        want.len() >= 30,
        "the committed report is there ({} files)",
        want.len()
    );
    assert_eq!(want, got, "the same files are written");
    let differing = crate::common::differing(&committed, &out, &want);
    assert!(
        differing.is_empty(),
        "files differ from the committed report: {differing:?} (rerun `cargo run --release -- run {study}` and commit if the change is intended)"
    );
    assert!(out.join("manifest.json").is_file());
}

/// The default study read from its SPSS twin (data/zhejiang-asc.sav: labels, coded
/// departments, user-missing codes declared in the file instead of the study) gives every
/// number of the committed CSV report; only the names differ: the file, and each center
/// named by its value label ("中心07" for center 7).
#[test]
fn the_default_study_from_spss_gives_the_numbers_of_the_csv() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reproduce-sav");
    let _ = std::fs::remove_dir_all(&out);
    let run = bprstat()
        .current_dir(root())
        .args(["run", "data/zhejiang-asc-sav.toml", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    };
    let csv = read(&root().join("notebooks-out/zhejiang-asc/results.json"));
    let sav = read(&out.join("results.json"));
    for key in [
        "constructs",
        "reliability",
        "adequacy",
        "correlations",
        "models",
        "tables",
        "comparisons",
        "efa",
        "cfa",
    ] {
        assert_eq!(sav[key], csv[key], "{key}");
    }
    assert_eq!(sav["data"]["items"], csv["data"]["items"]);
    assert_eq!(sav["data"]["item_labels"].as_object().unwrap().len(), 35);
    // Center k's name back to its code, in place (a text round trip would round floats).
    fn unname(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Some(k) = s.strip_prefix("中心").and_then(|k| k.parse::<u32>().ok()) {
                    *s = k.to_string();
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(unname),
            serde_json::Value::Object(o) => o.values_mut().for_each(unname),
            _ => {}
        }
    }
    let mut bench = sav["benchmark"].clone();
    unname(&mut bench);
    // The case-mix tables and the composite index are the CSV study's only (its study file
    // adjusts for department, which the .sav codes 1-8: the dummies would be named by codes;
    // and it names the centers' own file, which the .sav study does not).
    let mut csv_bench = csv["benchmark"].clone();
    for key in ["adjusted", "composites"] {
        assert!(csv_bench[key].is_array(), "{key}");
        csv_bench.as_object_mut().unwrap().remove(key);
    }
    assert_eq!(bench, csv_bench);
    let card = std::fs::read_to_string(out.join("centers/center-中心07.md")).unwrap();
    assert!(card.contains("中心07"), "{card}");
}

#[test]
fn bprstat_benchmark_reproduces_the_committed_benchmark_and_report_cards_byte_for_byte() {
    // On every core (league tables, cards and the composite's resamples side by side) and on
    // one: the same bytes.
    for threads in [None, Some("1")] {
        benchmark_reproduces(threads);
    }
}

fn benchmark_reproduces(threads: Option<&str>) {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reproduce-benchmark");
    let _ = std::fs::remove_dir_all(&out);
    let mut cmd = bprstat();
    if let Some(n) = threads {
        cmd.env("BPRSTAT_THREADS", n);
    }
    let run = cmd
        .current_dir(root())
        .args(["benchmark", "data/zhejiang-asc.toml", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let committed = root().join("notebooks-out/zhejiang-asc");
    let got = files_under(&out);
    let cards = got.iter().filter(|f| f.starts_with("centers")).count();
    // 57 centers: HTML + Markdown + 3 charts each, and the index (HTML + Markdown).
    assert_eq!(cards, 57 * 5 + 2, "report cards written");
    for f in &got {
        assert_eq!(
            std::fs::read(committed.join(f)).ok(),
            Some(std::fs::read(out.join(f)).unwrap()),
            "{} differs from the committed report (threads: {threads:?})",
            f.display()
        );
    }
}

#[test]
fn the_default_data_reproduce_from_their_seed() {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reproduce-data.csv");
    let centers = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reproduce-centers.csv");
    let st = bprstat()
        .args(["simulate", "--seed", "20080601", "--out"])
        .arg(&out)
        .arg("--centers-out")
        .arg(&centers)
        .status()
        .unwrap();
    assert!(st.success());
    assert!(
        std::fs::read(&out).unwrap()
            == std::fs::read(root().join("data/zhejiang-asc.csv")).unwrap(),
        "data/zhejiang-asc.csv is what `bprstat simulate --seed 20080601` writes"
    );
    assert!(
        std::fs::read(&centers).unwrap()
            == std::fs::read(root().join("data/zhejiang-centers.csv")).unwrap(),
        "data/zhejiang-centers.csv is what `bprstat simulate --seed 20080601 --centers-out` writes"
    );
}

#[test]
fn the_default_study_has_the_design_of_the_2008_study() {
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("notebooks-out/zhejiang-asc/results.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(v["data"]["rows_read"], 1009);
    assert_eq!(v["data"]["clusters"], 57);
    assert_eq!(v["constructs"].as_array().unwrap().len(), 9);
    let names: Vec<&str> = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        vec![
            "process",
            "result",
            "result_mediated",
            "process_blocks",
            "result_stepwise"
        ]
    );
    // The side-by-side table of the two outcomes and their equality tests are in the report.
    assert_eq!(
        v["tables"][0]["models"],
        serde_json::json!(["process", "result"])
    );
    assert_eq!(v["comparisons"][0]["tests"].as_array().unwrap().len(), 7);
    let report =
        std::fs::read_to_string(root().join("notebooks-out/zhejiang-asc/report.html")).unwrap();
    assert!(
        report.contains("Equality of Coefficients")
            && report.contains("Success factors of process and result performance")
    );
}

#[test]
fn the_readme_excerpt_is_the_committed_report() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for t in ["process_model_summary.md", "process_coefficients.md"] {
        let table =
            std::fs::read_to_string(root().join("notebooks-out/zhejiang-asc/tables").join(t))
                .unwrap();
        assert!(
            readme.contains(&table),
            "README.md shows tables/{t} as the report has it"
        );
    }
}
