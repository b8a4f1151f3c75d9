//! The binary as a user runs it: bad study files and bad data each give one clear message
//! and exit code 1; bad usage exits 2; encodings and formats read the same numbers; input
//! files are never written.

use crate::common;
use crate::common::{bprstat, fixture};
use std::path::{Path, PathBuf};

/// A fresh folder holding the mini study (mini.toml + mini.csv), with the study text edited.
fn workspace(tag: &str, edit: &dyn Fn(String) -> String) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{tag}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in [
        "mini.csv",
        "mini_gbk.csv",
        "mini_bom.csv",
        "mini.xlsx",
        "mini.sav",
        "mini.zsav",
        "mini.por",
        "mini.dta",
        "mini_gbk.sav",
        "mini_password.xlsx",
    ] {
        std::fs::copy(fixture(&format!("mini/{f}")), dir.join(f)).unwrap();
    }
    let toml = std::fs::read_to_string(fixture("mini/mini.toml")).unwrap();
    std::fs::write(dir.join("mini.toml"), edit(toml)).unwrap();
    dir
}

/// Run `bprstat run` on the edited study: (exit code, stdout, stderr).
fn run_study(tag: &str, edit: &dyn Fn(String) -> String) -> (i32, String, String) {
    let dir = workspace(tag, edit);
    run_in(&dir, &["run", "mini.toml", "--out", "out"])
}

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = bprstat().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Replace `from` (which must occur) by `to` once.
fn swap(from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |s: String| {
        assert!(s.contains(from), "fixture lacks {from:?}");
        s.replacen(from, to, 1)
    }
}

fn assert_one_error(tag: &str, code: i32, stderr: &str, needles: &[&str]) {
    assert_eq!(code, 1, "{tag}: exit code; stderr: {stderr}");
    assert_eq!(
        stderr.lines().filter(|l| !l.trim().is_empty()).count(),
        1,
        "{tag}: one message, got: {stderr}"
    );
    assert!(stderr.starts_with("error: "), "{tag}: {stderr}");
    for n in needles {
        assert!(stderr.contains(n), "{tag}: expected {n:?} in: {stderr}");
    }
}

#[test]
fn the_mini_study_runs_and_writes_the_report() {
    let dir = workspace("ok", &|s| s);
    let (code, stdout, stderr) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("process: n = 156"), "{stdout}");
    for f in [
        "report.html",
        "report.md",
        "results.json",
        "manifest.json",
        "tables/process_coefficients.csv",
        "charts/coefficients.svg",
        "charts/coefficients.png",
        "charts/result_qq.png",
    ] {
        assert!(dir.join("out").join(f).is_file(), "missing {f}");
    }
}

#[test]
fn an_item_column_missing_from_the_data_is_named_with_its_key() {
    let (code, _, err) = run_study("unknown-item", &swap("\"SP2\"", "\"SP22\""));
    assert_one_error(
        "unknown item",
        code,
        &err,
        &[
            "constructs.strategy.items",
            "column \"SP22\" is not in data file",
        ],
    );
}

#[test]
fn an_item_in_two_constructs_is_an_error() {
    let (code, _, err) = run_study(
        "two-constructs",
        &swap("items = [\"EN1\"", "items = [\"SP1\""),
    );
    assert_one_error(
        "item twice",
        code,
        &err,
        &[
            "constructs.entrepreneurship.items",
            "\"SP1\" is already an item of construct \"strategy\"",
        ],
    );
}

#[test]
fn a_reverse_item_outside_the_construct_is_an_error() {
    let (code, _, err) = run_study(
        "bad-reverse",
        &swap("reverse = [\"SP4\"]", "reverse = [\"EN3\"]"),
    );
    assert_one_error(
        "reverse",
        code,
        &err,
        &[
            "constructs.strategy.reverse",
            "\"EN3\" is not among the construct's items",
        ],
    );
}

#[test]
fn a_formula_naming_nothing_known_is_an_error() {
    let (code, _, err) = run_study(
        "bad-formula",
        &swap("process ~ strategy", "process ~ strategie"),
    );
    assert_one_error(
        "formula",
        code,
        &err,
        &[
            "models[0] (process).formula",
            "\"strategie\" is neither a construct of the study",
        ],
    );
}

#[test]
fn a_bad_se_is_an_error() {
    let (code, _, err) = run_study("bad-se", &swap("se = \"cluster\"", "se = \"robust\""));
    assert_one_error(
        "se",
        code,
        &err,
        &[
            "models[0] (process).se",
            "\"robust\" is not a covariance type",
            "hc4m",
            "cr2",
        ],
    );
}

#[test]
fn unknown_keys_are_errors_not_ignored() {
    let (code, _, err) = run_study(
        "unknown-key",
        &swap("missing = [9, 99]", "missing = [9, 99]\nmising = [8]"),
    );
    assert_one_error(
        "unknown key",
        code,
        &err,
        &["mini.toml", "line 9, column 1", "unknown field `mising`"],
    );
    let (code, _, err) = run_study(
        "unknown-key-2",
        &swap("se = \"cluster\"", "se = \"cluster\"\nweighting = \"w\""),
    );
    assert_one_error(
        "unknown model key",
        code,
        &err,
        &["models[0]", "unknown field `weighting`"],
    );
}

#[test]
fn an_unknown_cluster_column_is_an_error() {
    let (code, _, err) = run_study(
        "bad-cluster",
        &swap("cluster = \"center_id\"", "cluster = \"centre\""),
    );
    assert_one_error(
        "cluster",
        code,
        &err,
        &["data.cluster", "\"centre\" is not in data file"],
    );
}

#[test]
fn a_non_numeric_item_value_names_file_row_column_and_value() {
    let dir = workspace("non-numeric", &|s| s);
    let csv = dir.join("mini.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    // Row 5 (line 6): the 6th field is SP2.
    let mut cells: Vec<String> = lines[5].split(',').map(String::from).collect();
    cells[5] = "agree".into();
    lines[5] = cells.join(",");
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_one_error(
        "non-numeric",
        code,
        &err,
        &[
            "mini.csv",
            "row 5 (line 6)",
            "column \"SP2\"",
            "\"agree\" is not a number",
            "between 1 and 5",
        ],
    );
}

#[test]
fn a_gbk_file_read_as_utf8_says_which_encoding_to_declare() {
    let (code, _, err) = run_study(
        "gbk-undeclared",
        &swap("path = \"mini.csv\"", "path = \"mini_gbk.csv\""),
    );
    assert_one_error(
        "gbk",
        code,
        &err,
        &["mini_gbk.csv is not valid UTF-8", "encoding = \"gb18030\""],
    );
}

#[test]
fn a_missing_data_file_is_named() {
    let (code, _, err) = run_study(
        "no-data",
        &swap("path = \"mini.csv\"", "path = \"nowhere.csv\""),
    );
    assert_one_error(
        "no data",
        code,
        &err,
        &[
            "data.path",
            "data file \"nowhere.csv\" does not exist (looked for ",
        ],
    );
}

#[test]
fn a_study_file_that_is_not_toml_is_named() {
    let (code, _, err) = run_study("not-toml", &swap("[scale]", "[scale"));
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: study file mini.toml is not valid"),
        "{err}"
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = workspace("usage", &|s| s);
    assert_eq!(run_in(&dir, &["run"]).0, 2);
    assert_eq!(run_in(&dir, &["regress", "mini.csv"]).0, 2);
    assert_eq!(run_in(&dir, &["frobnicate"]).0, 2);
}

#[test]
fn gb18030_bom_and_parquet_files_give_the_same_numbers_as_plain_utf8() {
    let base = workspace("encodings", &|s| s);
    let json = |dir: &Path, file: &str, enc: &str| -> serde_json::Value {
        let (code, out, err) = run_in(
            dir,
            &[
                "regress",
                file,
                "--encoding",
                enc,
                "--missing",
                "9,99",
                "--formula",
                "SP1 ~ SP2 + SP3 + C(department)",
                "--cluster",
                "center_id",
                "--json",
            ],
        );
        assert_eq!(code, 0, "{file}: {err}");
        serde_json::from_str(&out).unwrap()
    };
    let plain = json(&base, "mini.csv", "utf-8");
    assert_eq!(
        plain["tidy"],
        json(&base, "mini_gbk.csv", "gb18030")["tidy"]
    );
    assert_eq!(plain["tidy"], json(&base, "mini_bom.csv", "utf-8")["tidy"]);
    // Parquet written by polars from the CSV.
    use polars::prelude::*;
    let mut df = CsvReadOptions::default()
        .with_has_header(true)
        .try_into_reader_with_file_path(Some(base.join("mini.csv")))
        .unwrap()
        .finish()
        .unwrap();
    let f = std::fs::File::create(base.join("mini.parquet")).unwrap();
    ParquetWriter::new(f).finish(&mut df).unwrap();
    assert_eq!(plain["tidy"], json(&base, "mini.parquet", "utf-8")["tidy"]);
    assert_eq!(plain["glance"]["nobs"], 150);
    assert!(
        plain["tidy"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["term"] == "C(department)[T.工商局]")
    );
}

#[test]
fn chinese_column_names_work_in_formulas() {
    let dir = workspace("chinese", &|s| s);
    let (code, out, err) = run_in(
        &dir,
        &[
            "regress",
            "mini_gbk.csv",
            "--encoding",
            "gb18030",
            "--missing",
            "9,99",
            "--formula",
            "SP1 ~ 任职年限 + `任职年限`:SP2",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let terms: Vec<&str> = v["tidy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap())
        .collect();
    assert_eq!(terms, vec!["(Intercept)", "任职年限", "任职年限:SP2"]);
}

#[test]
fn input_files_are_never_written() {
    let dir = workspace("readonly", &|s| s);
    let before: Vec<Vec<u8>> = ["mini.csv", "mini.toml"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    let mut perms = std::fs::metadata(dir.join("mini.csv"))
        .unwrap()
        .permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(dir.join("mini.csv"), perms).unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let after: Vec<Vec<u8>> = ["mini.csv", "mini.toml"]
        .iter()
        .map(|f| std::fs::read(dir.join(f)).unwrap())
        .collect();
    assert_eq!(before, after);
}

#[test]
fn regress_json_carries_glance_and_tidy_with_broom_names() {
    let dir = workspace("json", &|s| s);
    let (code, out, err) = run_in(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--missing",
            "9,99",
            "--formula",
            "SP1 ~ SP2",
            "--se",
            "hc3",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for k in [
        "nobs",
        "r_squared",
        "adj_r_squared",
        "sigma",
        "statistic",
        "p_value",
        "df",
        "df_residual",
        "durbin_watson",
        "log_lik",
        "aic",
        "bic",
        "cov_type",
    ] {
        assert!(v["glance"].get(k).is_some(), "glance.{k}");
    }
    for k in [
        "term",
        "estimate",
        "std_error",
        "statistic",
        "p_value",
        "conf_low",
        "conf_high",
        "std_estimate",
        "tolerance",
        "vif",
    ] {
        assert!(v["tidy"][1].get(k).is_some(), "tidy.{k}");
    }
    assert_eq!(v["glance"]["cov_type"], "hc3");
}

#[test]
fn a_collinear_term_is_reported_as_na_with_a_note_as_r_does() {
    let dir = workspace("aliased", &|s| s);
    let mut csv = String::from("y,x1,x2,x3\n");
    for i in 0..30 {
        let (x1, x2) = ((i % 7) as f64, ((i * 3) % 5) as f64 + 0.5);
        csv.push_str(&format!(
            "{},{x1},{x2},{}\n",
            1.0 + x1 - 0.5 * x2 + ((i * 13) % 11) as f64 / 10.0,
            x1 + x2
        ));
    }
    std::fs::write(dir.join("collinear.csv"), csv).unwrap();
    let (code, out, err) = run_in(
        &dir,
        &[
            "regress",
            "collinear.csv",
            "--formula",
            "y ~ x1 + x2 + x3",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let x3 = &v["tidy"][3];
    assert_eq!(x3["term"], "x3");
    assert_eq!(x3["aliased"], true);
    assert!(x3["estimate"].is_null() && x3["std_error"].is_null());
    assert_eq!(v["glance"]["rank"], 3);
    assert_eq!(v["glance"]["df_residual"], 27);
    assert!(
        v["notes"][0].as_str().unwrap().contains("x3"),
        "{}",
        v["notes"]
    );
}

#[test]
fn missing_codes_of_an_unknown_column_are_an_error() {
    let (code, _, err) = run_study(
        "bad-missing-col",
        &swap(
            "cluster = \"center_id\"",
            "cluster = \"center_id\"\nmissing_by_column = { tenure = [99] }",
        ),
    );
    assert_one_error(
        "missing_by_column",
        code,
        &err,
        &[
            "data.missing_by_column.tenure",
            "\"tenure\" is not in data file",
        ],
    );
}

#[test]
fn screening_flags_duplicate_ids_straight_liners_and_incomplete_respondents_without_dropping_them()
{
    let dir = workspace(
        "screening",
        &swap(
            "cluster = \"center_id\"",
            "cluster = \"center_id\"\nid = \"respondent_id\"",
        ),
    );
    let csv = dir.join("mini.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let edit = |line: &str, f: &dyn Fn(usize, &str) -> String| -> String {
        line.split(',')
            .enumerate()
            .map(|(i, c)| f(i, c))
            .collect::<Vec<_>>()
            .join(",")
    };
    // Row 3 repeats row 1's id; row 5 answers 4 to every item; row 7 leaves all but two items empty.
    lines[3] = edit(&lines[3], &|i, c| {
        if i == 0 { "1".into() } else { c.into() }
    });
    lines[5] = edit(&lines[5], &|i, c| {
        if i >= 4 { "4".into() } else { c.into() }
    });
    lines[7] = edit(&lines[7], &|i, c| {
        if i >= 6 { String::new() } else { c.into() }
    });
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/results.json")).unwrap())
            .unwrap();
    let rows = |check: &str| -> Vec<u64> {
        v["data"]["screening"]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == check)
            .unwrap()["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_u64().unwrap())
            .collect()
    };
    assert_eq!(rows("duplicate id"), vec![1, 3]);
    assert_eq!(rows("straight-lining"), vec![5]);
    assert_eq!(rows("very incomplete"), vec![7]);
    assert_eq!(v["data"]["rows_read"], 160, "flagged rows are kept");
    assert!(
        std::fs::read_to_string(dir.join("out/tables/screening.md"))
            .unwrap()
            .contains("| duplicate id |")
    );
}

/// The mini data with row 3 repeating row 1's id, row 5 answering 4 to every item and row 7
/// leaving all but two items empty.
fn flagged_rows(dir: &Path) {
    let csv = dir.join("mini.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let edit = |line: &str, f: &dyn Fn(usize, &str) -> String| -> String {
        line.split(',')
            .enumerate()
            .map(|(i, c)| f(i, c))
            .collect::<Vec<_>>()
            .join(",")
    };
    lines[3] = edit(&lines[3], &|i, c| {
        if i == 0 { "1".into() } else { c.into() }
    });
    lines[5] = edit(&lines[5], &|i, c| {
        if i >= 4 { "4".into() } else { c.into() }
    });
    lines[7] = edit(&lines[7], &|i, c| {
        if i >= 6 { String::new() } else { c.into() }
    });
    std::fs::write(&csv, lines.join("\n") + "\n").unwrap();
}

#[test]
fn filter_and_exclusions_equal_deleting_the_rows_by_hand() {
    let filter = "years_in_post >= 2 and department != '公安局'";
    let dir = workspace(
        "exclude",
        &swap(
            "cluster = \"center_id\"",
            "cluster = \"center_id\"\nid = \"respondent_id\"\nexclude = [\"duplicates\", \"straight-liners\"]\nfilter = \"years_in_post >= 2 and department != '公安局'\"",
        ),
    );
    flagged_rows(&dir);
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/results.json")).unwrap())
            .unwrap();
    // The rows the filter drops, by hand: years below 2 (or empty), or 公安局.
    let text = std::fs::read_to_string(dir.join("mini.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let fails = |l: &str| {
        let c: Vec<&str> = l.split(',').collect();
        c[2] == "公安局" || c[3].parse::<f64>().map_or(true, |y| y < 2.0)
    };
    let filtered: Vec<u64> = (1..lines.len())
        .filter(|&r| fails(lines[r]))
        .map(|r| r as u64)
        .collect();
    assert!(!filtered.contains(&1) && !filtered.contains(&3) && !filtered.contains(&5));
    let ex = &v["data"]["exclusions"];
    let rows = |k: usize| -> Vec<u64> {
        ex["steps"][k]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_u64().unwrap())
            .collect()
    };
    assert_eq!(ex["rows_read"], 160);
    assert_eq!(ex["steps"][0]["step"], "filter");
    assert_eq!(ex["steps"][0]["rule"], filter);
    assert_eq!(rows(0), filtered);
    assert_eq!(ex["steps"][1]["step"], "duplicate id");
    assert_eq!(rows(1), vec![3], "the first row of a repeated id stays");
    assert_eq!(ex["steps"][2]["step"], "straight-lining");
    assert_eq!(rows(2), vec![5]);
    let kept = 160 - filtered.len() as u64 - 2;
    assert_eq!(ex["rows_kept"], kept);
    assert_eq!(v["provenance"]["filter"], filter);
    assert_eq!(
        v["provenance"]["exclude"],
        serde_json::json!(["duplicate id", "straight-lining"])
    );
    // Screening reports the file's row numbers, over the rows the filter kept.
    let checks = v["data"]["screening"]["checks"].as_array().unwrap();
    assert_eq!(checks[0]["rows"], serde_json::json!([1, 3]));
    assert_eq!(checks[0]["excluded"], true);
    assert_eq!(
        v["data"]["screening"]["respondents"],
        160 - filtered.len() as u64
    );
    let table = std::fs::read_to_string(dir.join("out/tables/exclusions.md")).unwrap();
    assert!(table.contains("| straight-lining |"), "{table}");

    // The same study on a file without those rows gives the same numbers.
    let by_hand = workspace("exclude-by-hand", &|s| s);
    let gone: Vec<usize> = rows(0)
        .into_iter()
        .chain([3, 5])
        .map(|r| r as usize)
        .collect();
    let kept_lines: Vec<&str> = (0..lines.len())
        .filter(|r| !gone.contains(r))
        .map(|r| lines[r])
        .collect();
    std::fs::write(by_hand.join("mini.csv"), kept_lines.join("\n") + "\n").unwrap();
    let (code, _, err) = run_in(&by_hand, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let w: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(by_hand.join("out/results.json")).unwrap())
            .unwrap();
    assert_eq!(w["data"]["rows_read"], kept);
    for k in ["models", "constructs", "reliability", "correlations"] {
        assert_eq!(v[k], w[k], "{k}");
    }
    assert_eq!(
        v["data"]["items"], w["data"]["items"],
        "item counts are of the rows kept"
    );
}

#[test]
fn exclusions_name_their_key_when_they_cannot_be_done() {
    for (tag, line, needles) in [
        (
            "ex-unknown",
            "exclude = [\"liars\"]",
            &[
                "data.exclude",
                "\"liars\" is not a screening check; expected one of duplicates, straight-liners, incomplete, speeders",
            ][..],
        ),
        (
            "ex-needs-duration",
            "exclude = [\"speeders\"]",
            &[
                "data.exclude",
                "\"speeders\" needs [data] duration, the column it screens",
            ][..],
        ),
        (
            "ex-filter-syntax",
            "filter = \"years_in_post > 5 & department == 1\"",
            &[
                "data.filter",
                "unexpected character '&' (write and, or: && and || also work) (at character 19",
            ][..],
        ),
        (
            "ex-filter-column",
            "filter = \"tenure > 5\"",
            &["data.filter", "column \"tenure\" is not in data file"][..],
        ),
        (
            "ex-filter-construct",
            "filter = \"strategy > 3\"",
            &[
                "data.filter",
                "strategy is a construct; a filter reads the data file's columns",
            ][..],
        ),
    ] {
        let (code, _, err) = run_study(tag, &|s: String| {
            s.replacen(
                "cluster = \"center_id\"",
                &format!("cluster = \"center_id\"\n{line}"),
                1,
            )
        });
        assert_one_error(tag, code, &err, needles);
    }
}

#[test]
fn an_analysis_that_keeps_less_than_80_percent_of_the_rows_says_so() {
    // The default study: 473 of 1,009 respondents answer all 35 items.
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let items: Vec<String> = ["SP", "EN", "WS", "IT", "DC", "CM", "LK", "PP", "RP"]
        .iter()
        .zip([4, 4, 3, 4, 4, 5, 3, 4, 4])
        .flat_map(|(p, k)| (1..=k).map(move |i| format!("{p}{i}")))
        .collect();
    let (code, out, err) = run_in(
        &data,
        &[
            "efa",
            "zhejiang-asc.csv",
            "--items",
            &items.join(","),
            "--missing",
            "9,99",
            "--scale",
            "1-5",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err.trim(),
        "warning: the exploratory factor analysis used 473 of 1009 rows (47%): listwise deletion over its 35 items; --missing-rule pairwise uses every answered pair of items."
    );
    assert!(
        out.starts_with("**KMO and Bartlett's Test"),
        "KMO first, as SPSS FACTOR: {out}"
    );
    // Pairwise: no warning once the smallest pairwise n is above 80%.
    let (code, _, err) = run_in(
        &data,
        &[
            "efa",
            "zhejiang-asc.csv",
            "--items",
            &items.join(","),
            "--missing",
            "9,99",
            "--scale",
            "1-5",
            "--missing-rule",
            "pairwise",
        ],
    );
    assert_eq!((code, err.trim()), (0, ""));
    // The study report says it in the Data section, and results.json keeps it.
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("notebooks-out/zhejiang-asc/results.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let loss: Vec<(String, u64)> = v["data"]["sample_loss"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["analysis"].as_str().unwrap().to_string(),
                l["n"].as_u64().unwrap(),
            )
        })
        .collect();
    let names: Vec<&str> = loss.iter().map(|l| l.0.as_str()).collect();
    assert_eq!(
        names,
        [
            "the KMO and Bartlett tests",
            "the exploratory factor analysis",
            "the confirmatory factor analysis",
            "PLS path model theory_pls"
        ]
    );
    assert!(loss.iter().all(|l| l.1 == 473));
}

#[test]
fn rows_are_named_by_their_id_and_dummies_by_their_reference_level() {
    // Ids that are not the row numbers: R1001, R1002, ...; a filter shifts the rows kept.
    let dir = workspace(
        "ids",
        &swap(
            "cluster = \"center_id\"",
            "cluster = \"center_id\"\nid = \"respondent_id\"\nfilter = \"department != '公安局'\"",
        ),
    );
    let csv = dir.join("mini.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    let renamed: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(r, l)| match r {
            0 => l.to_string(),
            _ => format!("R{}{}", 1000 + r, &l[l.find(',').unwrap()..]),
        })
        .collect();
    std::fs::write(&csv, renamed.join("\n") + "\n").unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let aug = std::fs::read_to_string(dir.join("out/tables/process_augment.csv")).unwrap();
    let mut lines = aug.lines();
    assert!(lines.next().unwrap().starts_with("row,id,fitted,"));
    let mut n = 0;
    for l in lines {
        let c: Vec<&str> = l.split(',').collect();
        let row: usize = c[0].parse().unwrap();
        assert_eq!(c[1], format!("R{}", 1000 + row), "{l}");
        assert!(
            !text.lines().nth(row).unwrap().contains("公安局"),
            "row {row} was filtered out"
        );
        n += 1;
    }
    assert!(n > 100, "{n}");

    // The command line: --id, and the reference level of a C() term under the coefficients.
    let (code, out, err) = run_in(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "years_in_post ~ C(department) + SP1",
            "--missing",
            "9,99",
            "--diagnostics",
            "--id",
            "respondent_id",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let cases = v["diagnostics"]["influential"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        assert_eq!(c["id"], format!("R{}", 1000 + c["row"].as_u64().unwrap()));
    }
    assert_eq!(v["reference_levels"][0]["variable"], "C(department)");
    let first = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(2).unwrap())
        .min()
        .unwrap();
    assert_eq!(
        v["reference_levels"][0]["level"], first,
        "the first level in sort order"
    );
    let (_, out, _) = run_in(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "years_in_post ~ C(department, ref = \"民政局\") + SP1",
            "--missing",
            "9,99",
        ],
    );
    assert!(
        out.contains(
            "*Reference levels (each C() term is the difference from it): C(department) = 民政局.*"
        ),
        "{out}"
    );

    // A text column without C() gets the hint.
    let (code, _, err) = run_in(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "years_in_post ~ department",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("is not a number; expected a numeric column (if it holds categories, write C(department) in the formula: one dummy per category against a reference level)"), "{err}");
}

#[test]
fn an_output_folder_holds_one_runs_files_and_a_failed_run_leaves_it_as_it_was() {
    let dir = workspace("atomic", &|s| s);
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    let listing = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let report = std::fs::read(dir.join("out/report.html")).unwrap();
    // A file of an earlier study version is gone after the next run.
    std::fs::write(dir.join("out/tables/绩效_wild_bootstrap.csv"), "stale").unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    assert!(!dir.join("out/tables/绩效_wild_bootstrap.csv").exists());
    assert!(
        listing(&dir).iter().all(|n| !n.starts_with(".out.")),
        "no staging folder or lock is left: {:?}",
        listing(&dir)
    );
    // A run that fails after it began (a model names a column the data lack) leaves the
    // previous report untouched, and no staging folder or lock behind.
    let toml = std::fs::read_to_string(dir.join("mini.toml")).unwrap();
    std::fs::write(
        dir.join("bad.toml"),
        toml.replace("result ~ strategy", "result ~ tenure + strategy"),
    )
    .unwrap();
    let (code, _, err) = run_in(&dir, &["run", "bad.toml", "--out", "out"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read(dir.join("out/report.html")).unwrap(), report);
    assert!(
        listing(&dir).iter().all(|n| !n.starts_with(".out.")),
        "{:?}",
        listing(&dir)
    );
    // A second run while one is writing: refused by the lock, with its process named.
    let me = std::process::id();
    std::fs::write(dir.join(".out.lock"), format!("{me}\n")).unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 1);
    assert_eq!(
        err.trim(),
        format!(
            "error: output folder out is being written by another bprstat run (process {me}); wait for it to finish, or delete ./.out.lock if no bprstat is running"
        )
    );
    // A lock left by a killed run (no such process) is taken over.
    std::fs::write(dir.join(".out.lock"), "2147483646\n").unwrap();
    std::fs::create_dir_all(dir.join(".out.partial-2147483646/tables")).unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        listing(&dir).iter().all(|n| !n.starts_with(".out.")),
        "{:?}",
        listing(&dir)
    );
    // A folder holding the inputs, or other files, is never replaced.
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "."]);
    assert_eq!(
        (code, err.trim()),
        (
            1,
            "error: output folder . holds the input file mini.toml; the output folder is replaced by each run, so give --out a folder of its own (e.g. notebooks-out/NAME)"
        )
    );
    std::fs::create_dir_all(dir.join("thesis")).unwrap();
    std::fs::write(dir.join("thesis/chapter1.docx"), "mine").unwrap();
    let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "thesis"]);
    assert_eq!(
        (code, err.trim()),
        (
            1,
            "error: output folder thesis is not empty and holds no earlier bprstat output (results.json, benchmark.md); each run replaces its output folder, so give --out a new or empty folder"
        )
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("thesis/chapter1.docx")).unwrap(),
        "mine"
    );
}

/// A rerun links each file whose bytes did not change to the earlier run's file (the same
/// file, not a copy: its time stamp kept) and writes the others anew, so that the folder
/// holds exactly what a run into an empty folder writes: a file edited by hand since is
/// written again, and a changed study's report equals a fresh run's, byte for byte.
#[test]
#[cfg(unix)]
fn a_rerun_keeps_the_files_that_did_not_change_and_writes_the_others() {
    use std::os::unix::fs::MetadataExt;
    let dir = workspace("rerun", &|s| s);
    let run = |study: &str, out: &str| {
        let (code, _, err) = run_in(&dir, &["run", study, "--out", out]);
        assert_eq!(code, 0, "{err}");
    };
    let inodes = |out: &str| -> std::collections::BTreeMap<String, u64> {
        (common::files_under(&dir.join(out)).into_iter())
            .map(|rel| {
                let ino = std::fs::metadata(dir.join(out).join(&rel)).unwrap().ino();
                (rel.to_string_lossy().into_owned(), ino)
            })
            .collect()
    };
    run("mini.toml", "out");
    let first = inodes("out");
    std::fs::write(dir.join("out/tables/constructs.csv"), "edited").unwrap();
    run("mini.toml", "out");
    let second = inodes("out");
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    // (The manifest, which holds the time to the second, is linked when both runs fall in
    // the same second.)
    for (file, ino) in second.iter().filter(|(f, _)| f.as_str() != "manifest.json") {
        let rewritten = file == "tables/constructs.csv";
        assert_eq!(first[file] != *ino, rewritten, "{file}");
    }
    assert_ne!(
        std::fs::read(dir.join("out/tables/constructs.csv")).unwrap(),
        b"edited"
    );
    // A label changed: the files that show it are new, and the folder equals a run into an
    // empty one.
    let toml = std::fs::read_to_string(dir.join("mini.toml")).unwrap();
    assert!(toml.contains("label = \"Window status\""));
    std::fs::write(
        dir.join("relabelled.toml"),
        toml.replace("label = \"Window status\"", "label = \"Window standing\""),
    )
    .unwrap();
    run("relabelled.toml", "out");
    run("relabelled.toml", "fresh");
    let third = inodes("out");
    let (kept, new): (Vec<&String>, Vec<&String>) =
        third.keys().partition(|f| second.get(*f) == third.get(*f));
    assert!(
        new.iter().any(|f| f.as_str() == "report.docx") && !kept.is_empty(),
        "kept {kept:?}, new {new:?}"
    );
    let files = common::files_under(&dir.join("out"));
    assert_eq!(files, common::files_under(&dir.join("fresh")));
    for file in files.iter().filter(|f| f.as_os_str() != "manifest.json") {
        let read = |out: &str| std::fs::read(dir.join(out).join(file)).unwrap();
        let same = read("out") == read("fresh");
        assert!(same, "{} differs from a fresh run's", file.display());
    }
}

#[test]
fn benchmark_writes_league_tables_and_one_report_card_per_center() {
    let dir = workspace("benchmark", &|s| {
        s + "\n[benchmark]\noutcomes = [\"process\"]\nfactors = [\"strategy\", \"linkage\"]\nmodels = [\"process\"]\ndraws = 500\n"
    });
    let (code, stdout, stderr) = run_in(&dir, &["benchmark", "mini.toml", "--out", "out"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("process: ICC(1) = "), "{stdout}");
    let out = dir.join("out");
    for f in [
        "benchmark.html",
        "benchmark.md",
        "tables/icc.csv",
        "tables/league_process.csv",
        "tables/process_mixed_fixed_effects.csv",
        "charts/process_caterpillar.png",
        "charts/process_funnel.svg",
        "centers/index.html",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    // Eight centers are too few for a center-level regression with 8 coefficients: said, not fatal.
    let page = std::fs::read_to_string(out.join("benchmark.md")).unwrap();
    assert!(
        page.contains("center-level regression of model process was not fitted"),
        "{page}"
    );
    // One card (HTML and Markdown) per center of the league table.
    let league = std::fs::read_to_string(out.join("tables/league_process.csv")).unwrap();
    let centers = league.lines().count() - 1;
    assert!(centers >= 5, "{league}");
    let cards = std::fs::read_dir(out.join("centers"))
        .unwrap()
        .filter(|e| {
            let n = e.as_ref().unwrap().file_name().into_string().unwrap();
            n.starts_with("center-") && n.ends_with(".html")
        })
        .count();
    assert_eq!(cards, centers);
    // The same study run writes the same benchmark files, byte for byte.
    let (code, _, stderr) = run_in(&dir, &["run", "mini.toml", "--out", "full"]);
    assert_eq!(code, 0, "{stderr}");
    for f in [
        "benchmark.html",
        "tables/league_process.csv",
        "centers/center-1.html",
    ] {
        assert_eq!(
            std::fs::read(out.join(f)).unwrap(),
            std::fs::read(dir.join("full").join(f)).unwrap(),
            "{f} differs between benchmark and run"
        );
    }
    // The benchmark written beside a study report replaces its own files, not the report's;
    // a card of a center no longer benchmarked does not stay.
    let full = dir.join("full");
    std::fs::write(full.join("centers/center-999.html"), "stale").unwrap();
    let report = std::fs::read(full.join("report.html")).unwrap();
    let (code, _, stderr) = run_in(&dir, &["benchmark", "mini.toml", "--out", "full"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read(full.join("report.html")).unwrap(), report);
    assert!(
        full.join("tables.xlsx").is_file()
            && full.join("tables/process_coefficients.csv").is_file()
    );
    assert!(!full.join("centers/center-999.html").exists());
}

#[test]
fn benchmark_without_a_benchmark_section_says_what_to_add() {
    let dir = workspace("benchmark-none", &|s| s);
    let (code, _, stderr) = run_in(&dir, &["benchmark", "mini.toml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("has no [benchmark] section"), "{stderr}");
}

#[test]
fn benchmark_section_mistakes_name_their_key() {
    for (tag, section, needle) in [
        (
            "bm-model",
            "outcomes = [\"process\"]\nmodels = [\"nope\"]",
            "benchmark.models: \"nope\" is not a model",
        ),
        (
            "bm-method",
            "outcomes = [\"process\"]\nmethod = \"bayes\"",
            "benchmark.method",
        ),
        (
            "bm-outcome",
            "outcomes = [\"satisfaction\"]",
            "\"satisfaction\" is neither a construct",
        ),
        (
            "bm-draws",
            "outcomes = [\"process\"]\ndraws = 5",
            "benchmark.draws",
        ),
    ] {
        let (code, _, stderr) = run_study(tag, &|s| format!("{s}\n[benchmark]\n{section}\n"));
        assert_one_error(tag, code, &stderr, &[needle]);
    }
}

#[test]
fn mixed_prints_fixed_effects_and_variance_components_and_refuses_random_slopes() {
    let dir = workspace("mixed", &|s| s);
    let (code, stdout, stderr) = run_in(
        &dir,
        &[
            "mixed",
            "mini.csv",
            "--formula",
            "SP1 ~ SP2 + (1 | center_id)",
            "--missing",
            "9,99",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("Estimates of Fixed Effects"), "{stdout}");
    assert!(
        stdout.contains("Intercept τ² [subject = center_id]"),
        "{stdout}"
    );
    let (code, stdout, stderr) = run_in(
        &dir,
        &[
            "mixed",
            "mini.csv",
            "--formula",
            "SP1 ~ SP2 + (1 | center_id)",
            "--ml",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["glance"]["method"], "ML");
    assert_eq!(v["glance"]["df_method"], "Satterthwaite");
    assert!(v["groups"].as_array().unwrap().len() >= 5);
    let (code, _, stderr) = run_in(
        &dir,
        &[
            "mixed",
            "mini.csv",
            "--formula",
            "SP1 ~ SP2 + (SP2 | center_id)",
        ],
    );
    assert_one_error("slopes", code, &stderr, &["only random intercepts"]);
    let (code, _, stderr) = run_in(
        &dir,
        &["mixed", "mini.csv", "--formula", "SP1 ~ SP2 + (1 | centre)"],
    );
    assert_one_error("group", code, &stderr, &["centre", "mini.csv"]);
}

#[test]
fn efa_prints_spss_factor_tables_and_json_and_names_bad_options() {
    let dir = workspace("efa", &|s| s);
    let items = "SP1,SP2,SP3,SP4,EN1,EN2,EN3,EN4,IT1,IT2,IT3,IT4";
    let (code, stdout, stderr) = run_in(
        &dir,
        &[
            "efa",
            "mini.csv",
            "--items",
            items,
            "--missing",
            "9,99",
            "--scale",
            "1-5",
            "--reverse",
            "SP4,EN3",
            "--factors",
            "3",
            "--rotation",
            "oblimin",
            "--missing-rule",
            "pairwise",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for needle in [
        "Total Variance Explained",
        "Pattern Matrix",
        "Factor Correlation Matrix",
        "Parallel analysis",
        "(pairwise)",
    ] {
        assert!(stdout.contains(needle), "{needle}: {stdout}");
    }
    let (code, stdout, stderr) = run_in(
        &dir,
        &[
            "efa",
            "mini.csv",
            "--items",
            items,
            "--missing",
            "9,99",
            "--json",
            "--rotation",
            "varimax",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["rotation"], "varimax");
    assert!(v["factor_correlations"].is_null());
    assert_eq!(v["loadings"].as_array().unwrap().len(), 12);
    let (code, _, stderr) = run_in(
        &dir,
        &[
            "efa",
            "mini.csv",
            "--items",
            items,
            "--rotation",
            "quartimax",
        ],
    );
    // A value the option does not have is bad usage (exit 2), and clap lists the values.
    assert_eq!(code, 2, "{stderr}");
    for needle in ["'quartimax'", "--rotation", "promax", "oblimin"] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
}

#[test]
fn cfa_prints_fit_loadings_and_validity_of_the_study_constructs() {
    let dir = workspace("cfa", &|s| s);
    let (code, stdout, stderr) = run_in(&dir, &["cfa", "mini.toml"]);
    assert_eq!(code, 0, "{stderr}");
    for needle in [
        "model fit",
        "RMSEA",
        "standardized loadings",
        "Fornell-Larcker",
        "HTMT",
    ] {
        assert!(stdout.contains(needle), "{needle}: {stdout}");
    }
    let (code, stdout, _) = run_in(&dir, &["cfa", "mini.toml", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["constructs"].as_array().unwrap().len(), 9);
    assert!(v["fit"]["cfi"].as_f64().unwrap() > 0.5);
}

#[test]
fn efa_section_mistakes_name_their_key() {
    for (tag, section, needle) in [
        ("efa-rot", "rotation = \"equamax\"", "efa.rotation"),
        ("efa-n", "factors = 0", "efa.factors"),
        ("efa-miss", "missing = \"impute\"", "efa.missing"),
        ("efa-key", "rotations = \"promax\"", "rotations"),
    ] {
        let (code, _, stderr) = run_study(tag, &|s| format!("{s}\n[efa]\n{section}\n"));
        assert_one_error(tag, code, &stderr, &[needle]);
    }
}

#[test]
fn a_closed_pipe_ends_the_program_quietly_without_a_panic() {
    use std::io::Read;
    let mut child = bprstat()
        // About 250 KB of JSON: far more than a pipe buffers, so writing outlives the reader.
        .args(["mixed", "--json", "--formula", "y ~ 1 + (1 | d)"])
        .arg(fixture("insteval.csv"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe closes
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn missing_codes_never_touch_the_cluster_column() {
    // center_id 1 is a cluster, and 1 is also declared a missing code: the cluster stays.
    // Per-column codes (--missing-by-column) replace --missing for the formula's variables,
    // so only the cluster column could lose rows to the code 1, and it must not.
    let dir = workspace("missing-cluster", &|s| s);
    let fit = |extra: &[&str]| -> serde_json::Value {
        let mut args = vec![
            "regress",
            "mini.csv",
            "--formula",
            "SP1 ~ SP2",
            "--cluster",
            "center_id",
            "--missing-by-column",
            "SP1=9,99",
            "--missing-by-column",
            "SP2=9,99",
            "--json",
        ];
        args.extend(extra);
        let (code, out, err) = run_in(&dir, &args);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let plain = fit(&[]);
    let coded = fit(&["--missing", "1"]);
    assert_eq!(
        coded["fit"]["covariance"]["clusters"],
        plain["fit"]["covariance"]["clusters"]
    );
    assert_eq!(coded["sample"]["rows_used"], plain["sample"]["rows_used"]);
    assert!(plain["covariance"]["clusters"].as_u64().unwrap() > 1);
}

#[test]
fn an_excel_export_reads_the_same_numbers_as_its_csv() {
    // mini.xlsx: the mini study's data on a sheet "问卷", numbers stored as numbers, and a
    // second sheet "说明" of notes, as survey platforms export them.
    let dir = workspace("xlsx", &|s| s);
    let fit = |args: &[&str]| -> serde_json::Value {
        let mut all = vec![
            "regress",
            "--formula",
            "SP1 ~ SP2 + C(department)",
            "--missing",
            "9,99",
            "--cluster",
            "center_id",
            "--json",
        ];
        all.extend(args);
        let (code, out, err) = run_in(&dir, &all);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    let csv = fit(&["mini.csv"]);
    for args in [
        &["mini.xlsx"][..],
        &["mini.xlsx", "--sheet", "问卷"],
        &["mini.xlsx", "--sheet", "1"],
    ] {
        let xlsx = fit(args);
        assert_eq!(xlsx["tidy"], csv["tidy"], "{args:?}");
        assert_eq!(xlsx["glance"], csv["glance"], "{args:?}");
    }
    let (code, _, stderr) = run_in(
        &dir,
        &[
            "regress",
            "mini.xlsx",
            "--formula",
            "SP1 ~ SP2",
            "--sheet",
            "3",
        ],
    );
    assert_one_error("sheet", code, &stderr, &["no sheet \"3\"", "问卷, 说明"]);
    // The study file: path and sheet under [data]; the same models as from the CSV.
    let results = |tag: &str, edit: &dyn Fn(String) -> String| -> serde_json::Value {
        let dir = workspace(tag, edit);
        let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(dir.join("out/results.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let from_csv = results("xlsx-study-csv", &|s| s);
    let from_xlsx = results(
        "xlsx-study",
        &swap(
            "path = \"mini.csv\"",
            "path = \"mini.xlsx\"\nsheet = \"问卷\"",
        ),
    );
    assert_eq!(from_xlsx["models"], from_csv["models"]);
    assert_eq!(from_xlsx["data"]["format"], "excel");
}

#[test]
fn a_tab_separated_file_is_read_as_such_or_named_with_the_fix() {
    let dir = workspace("tabs", &|s| s);
    let csv = std::fs::read_to_string(dir.join("mini.csv")).unwrap();
    let tabbed = csv.replace(',', "\t");
    for f in ["mini.tsv", "mini_tabs.txt", "mini_tabs.csv"] {
        std::fs::write(dir.join(f), &tabbed).unwrap();
    }
    let fit = |file: &str, extra: &[&str]| -> (i32, String, String) {
        let mut args = vec![
            "regress",
            file,
            "--formula",
            "SP1 ~ SP2",
            "--missing",
            "9,99",
            "--json",
        ];
        args.extend(extra);
        run_in(&dir, &args)
    };
    let (_, plain, _) = fit("mini.csv", &[]);
    for (file, extra) in [
        ("mini.tsv", &[][..]),
        ("mini_tabs.txt", &[][..]),
        ("mini_tabs.csv", &["--delimiter", "tab"][..]),
    ] {
        let (code, out, err) = fit(file, extra);
        assert_eq!(code, 0, "{file}: {err}");
        assert_eq!(out, plain, "{file}");
    }
    // A .csv whose header has tabs and no comma: the fix, not a one-column table.
    let (code, _, stderr) = fit("mini_tabs.csv", &[]);
    assert_one_error(
        "tabs",
        code,
        &stderr,
        &["looks tab-separated", "--delimiter tab"],
    );
}

/// The SPSS and Stata versions of the mini study (data/make-labelled.py: PSPP and R haven)
/// give the numbers of its CSV. In them department is coded 1..8 with the names as value
/// labels, and the items declare 9 and 99 user-missing, so no --missing is passed.
#[test]
fn spss_and_stata_files_give_the_numbers_of_the_csv() {
    let dir = workspace("stat-files", &|s| s);
    let fit = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["regress", "--json"];
        all.extend(args);
        let (code, out, err) = run_in(&dir, &all);
        assert_eq!(code, 0, "{args:?}: {err}");
        serde_json::from_str(&out).unwrap()
    };
    let formula = "SP1 ~ SP2 + years_in_post + C(department)";
    let csv = fit(&[
        "mini.csv",
        "--formula",
        formula,
        "--missing",
        "9,99",
        "--missing-by-column",
        "years_in_post=99",
    ]);
    let terms: Vec<&str> = csv["tidy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["term"].as_str().unwrap())
        .collect();
    assert!(terms.contains(&"C(department)[T.卫生局]"), "{terms:?}");
    for file in ["mini.sav", "mini.zsav", "mini.dta"] {
        let other = fit(&[file, "--formula", formula]);
        assert_eq!(other["tidy"], csv["tidy"], "{file}");
        assert_eq!(other["glance"], csv["glance"], "{file}");
    }
    // The GBK file without an encoding record: an error naming the fix, then the numbers.
    let (code, _, stderr) = run_in(&dir, &["regress", "mini_gbk.sav", "--formula", formula]);
    assert_one_error(
        "no encoding record",
        code,
        &stderr,
        &["mini_gbk.sav", "does not decode", "--encoding gb18030"],
    );
    let gbk = fit(&["mini_gbk.sav", "--formula", formula, "--encoding", "gbk"]);
    assert_eq!(gbk["tidy"], csv["tidy"]);
    // A portable file keeps 8-character upper-case names; its labels and user-missing
    // values are read from its dictionary (io/por.rs), so no --missing here either.
    let plain = fit(&[
        "mini.csv",
        "--formula",
        "SP1 ~ SP2 + years_in_post + C(department)",
        "--missing",
        "9,99",
        "--missing-by-column",
        "years_in_post=99",
    ]);
    let por = fit(&[
        "mini.por",
        "--formula",
        "SP1 ~ SP2 + YEARS_IN + C(DEPARTME)",
    ]);
    let numbers = |v: &serde_json::Value| -> Vec<(String, serde_json::Value, serde_json::Value)> {
        v["tidy"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let term = r["term"]
                    .as_str()
                    .unwrap()
                    .replace("YEARS_IN", "years_in_post")
                    .replace("DEPARTME", "department");
                (term, r["estimate"].clone(), r["std_error"].clone())
            })
            .collect()
    };
    assert_eq!(numbers(&por), numbers(&plain));
    let (code, out, err) = run_in(&dir, &["describe", "mini.por"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("| SP1 | 本中心有明确的改革战略规划 |"),
        "{out}"
    );
    assert!(
        out.contains("| DEPARTME | 所在部门 | 1 = 公安局; 2 = 卫生局;"),
        "{out}"
    );
    // A study read from the .sav: the same models and the same missing-value counts, the
    // user-missing answers counted as missing codes.
    let results = |tag: &str, edit: &dyn Fn(String) -> String| -> serde_json::Value {
        let dir = workspace(tag, edit);
        let (code, _, err) = run_in(&dir, &["run", "mini.toml", "--out", "out"]);
        assert_eq!(code, 0, "{err}");
        let text = std::fs::read_to_string(dir.join("out/results.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let from_csv = results("sav-study-csv", &|s| s);
    let from_sav = results(
        "sav-study",
        &swap(
            "path = \"mini.csv\"\nmissing = [9, 99]",
            "path = \"mini.sav\"",
        ),
    );
    assert_eq!(from_sav["models"], from_csv["models"]);
    assert_eq!(from_sav["data"]["items"], from_csv["data"]["items"]);
    // The other statistics files give the same study results.
    for (tag, file) in [("zsav-study", "mini.zsav"), ("dta-study", "mini.dta")] {
        let path = format!("path = \"{file}\"");
        let other = results(tag, &move |s: String| {
            s.replacen("path = \"mini.csv\"\nmissing = [9, 99]", &path, 1)
        });
        assert_eq!(other["models"], from_csv["models"], "{file}");
        assert_eq!(other["constructs"], from_csv["constructs"], "{file}");
        assert_eq!(other["reliability"], from_csv["reliability"], "{file}");
    }
    assert!(
        from_csv["data"]["items"][0]["missing_code"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(from_sav["data"]["format"], "sav");
    assert_eq!(
        from_sav["data"]["item_labels"]["SP1"],
        "本中心有明确的改革战略规划"
    );
    assert!(from_csv["data"].get("item_labels").is_none());
    let item_total =
        std::fs::read_to_string(dir_of("sav-study").join("out/tables/item_total_strategy.md"))
            .unwrap();
    assert!(
        item_total.contains("| SP1 本中心有明确的改革战略规划 |"),
        "{item_total}"
    );
}

fn dir_of(tag: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{tag}"))
}

/// `describe` lists what an SPSS file says of each column, as SPSS's Variable View.
#[test]
fn describe_lists_labels_and_missing_values() {
    let dir = workspace("describe-sav", &|s| s);
    let (code, out, err) = run_in(&dir, &["describe", "mini.sav"]);
    assert_eq!(code, 0, "{err}");
    for needle in [
        "| SP1 | 本中心有明确的改革战略规划 | 1 = 非常不同意; 2 = 不同意; 3 = 一般; 4 = 同意; 5 = 非常同意 | 9, 99 | 3 |",
        "| department | 所在部门 | 1 = 公安局; 2 = 卫生局;",
        "| years_in_post | 任职年限（年） |  | 99 | 3 |",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
    let (_, json, _) = run_in(&dir, &["describe", "mini.sav", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[2]["value_labels"]["2"], "卫生局");
    assert_eq!(v[4]["user_missing"], 3);
}

/// A file that is not what its ending says, or cannot be read, gets one message that names
/// what it is and what to do, and exit code 1.
#[test]
fn a_mislabelled_or_locked_file_is_named_with_what_to_do() {
    let dir = workspace("wrong-format", &|s| s);
    std::fs::copy(dir.join("mini.xlsx"), dir.join("export.csv")).unwrap();
    std::fs::write(dir.join("report.csv"), b"%PDF-1.4\n%binary").unwrap();
    std::fs::write(
        dir.join("wjx.xls"),
        "<html><body><table><tr><td>序号</td></tr></table></body></html>",
    )
    .unwrap();
    std::fs::copy(dir.join("mini.sav"), dir.join("mini.dat")).unwrap();
    for (file, needles) in [
        ("export.csv", &["ZIP package", "--format excel"][..]),
        ("report.csv", &["a PDF document", "export the data as"][..]),
        ("wjx.xls", &["web page (HTML)", "save it as .xlsx"][..]),
        ("mini.dat", &["SPSS data file", "--format sav"][..]),
        (
            "mini_password.xlsx",
            &["password-protected", "remove the password"][..],
        ),
    ] {
        let (code, _, stderr) = run_in(&dir, &["describe", file]);
        let mut all = vec![file];
        all.extend(needles);
        assert_one_error(file, code, &stderr, &all);
    }
    // Named, the format is read whatever the ending.
    let (code, out, err) = run_in(&dir, &["describe", "mini.dat", "--format", "spss"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("160 rows"), "{out}");
}

/// A survey-platform export (问卷星): long question texts as headers, a header twice, a
/// blank one, and the completion time written "123秒". `[data.rename]` names columns by
/// header text or position; a repeated header is named with its positions, never read as
/// one of the two silently.
#[test]
fn a_survey_platform_export_is_read_through_data_rename() {
    let dir = workspace("wjx", &|s| s);
    let csv = std::fs::read_to_string(dir.join("mini.csv")).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    let long = "5、您认为本中心的策略规划—项目1";
    let mut out = format!("{},备注,备注,,所用时间\n", header.replacen("SP1", long, 1));
    let mut plain = format!("{header},seconds\n");
    for (i, line) in lines.enumerate() {
        let secs = 60 + (i * 37) % 400;
        out.push_str(&format!("{line},a,b,,{secs}秒\n"));
        plain.push_str(&format!("{line},{secs}\n"));
    }
    std::fs::write(dir.join("wjx.csv"), out).unwrap();
    std::fs::write(dir.join("plain.csv"), plain).unwrap();
    let study = std::fs::read_to_string(dir.join("mini.toml")).unwrap();
    let write = |name: &str, data: &str| {
        std::fs::write(
            dir.join(name),
            study.replacen("path = \"mini.csv\"", data, 1),
        )
        .unwrap();
    };
    write("plain.toml", "path = \"plain.csv\"\nduration = \"seconds\"");
    write(
        "wjx.toml",
        &format!(
            "path = \"wjx.csv\"\nduration = \"seconds\"\nrename = {{ SP1 = \"{long}\", seconds = 43 }}"
        ),
    );
    let results = |toml: &str| -> serde_json::Value {
        let (code, _, err) = run_in(&dir, &["run", toml, "--out", &format!("out-{toml}")]);
        assert_eq!(code, 0, "{toml}: {err}");
        let text = std::fs::read_to_string(dir.join(format!("out-{toml}/results.json"))).unwrap();
        serde_json::from_str(&text).unwrap()
    };
    let plain = results("plain.toml");
    let wjx = results("wjx.toml");
    assert_eq!(wjx["models"], plain["models"]);
    assert_eq!(wjx["data"]["screening"], plain["data"]["screening"]);
    // Without the rename, the study's item is not there; a repeated header is named.
    write("bare.toml", "path = \"wjx.csv\"");
    let (code, _, stderr) = run_in(&dir, &["run", "bare.toml", "--out", "o"]);
    assert_one_error(
        "bare",
        code,
        &stderr,
        &["constructs.strategy.items", "\"SP1\""],
    );
    let (code, _, stderr) = run_in(
        &dir,
        &[
            "regress",
            "wjx.csv",
            "--formula",
            "SP2 ~ 备注",
            "--rename",
            &format!("SP1={long}"),
        ],
    );
    assert_one_error(
        "duplicate",
        code,
        &stderr,
        &[
            "\"备注\" appears 2 times",
            "columns 40 and 41",
            "[data.rename]",
            "--rename 备注_40=40",
        ],
    );
    // Renamed by position, the column is read.
    let (code, _, err) = run_in(
        &dir,
        &[
            "regress",
            "wjx.csv",
            "--formula",
            "SP2 ~ SP1",
            "--rename",
            &format!("SP1={long}"),
            "--missing",
            "9,99",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // A completion time that is not one is named by row.
    let bad = std::fs::read_to_string(dir.join("wjx.csv"))
        .unwrap()
        .replacen("秒\n", "秒\n", 1)
        .replacen(",a,b,,", ",a,b,,about ", 1);
    std::fs::write(dir.join("wjx.csv"), bad).unwrap();
    let (code, _, stderr) = run_in(&dir, &["run", "wjx.toml", "--out", "o2"]);
    assert_one_error(
        "duration",
        code,
        &stderr,
        &["row 1", "\"seconds\"", "is not a completion time"],
    );
}

/// A construct named in Chinese: quoted, it works; bare, the error says how to quote it.
#[test]
fn a_chinese_toml_key_works_quoted_and_bare_gets_the_fix() {
    let quoted = |s: String| {
        s.replace("[constructs.strategy]", "[constructs.\"策略\"]")
            .replace("~ strategy +", "~ 策略 +")
            .replace("\"strategy\"", "\"策略\"")
    };
    let (code, _, err) = run_study("zh-key-quoted", &quoted);
    assert_eq!(code, 0, "{err}");
    let (code, _, stderr) = run_study("zh-key-bare", &|s| {
        quoted(s).replace("[constructs.\"策略\"]", "[constructs.策略]")
    });
    assert_one_error(
        "bare key",
        code,
        &stderr,
        &["unquoted key", "[constructs.\"策略\"]"],
    );
}

/// `--lang zh` on a command that prints tables: SPSS Chinese terms.
#[test]
fn lang_zh_prints_tables_in_chinese() {
    let dir = workspace("lang-zh", &|s| s);
    let (code, out, err) = run_in(
        &dir,
        &[
            "--lang",
            "zh",
            "regress",
            "mini.csv",
            "--formula",
            "SP1 ~ SP2",
            "--missing",
            "9,99",
        ],
    );
    assert_eq!(code, 0, "{err}");
    for term in [
        "系数",
        "标准错误",
        "显著性",
        "模型摘要",
        "调整后 R 方",
        "(常量)",
    ] {
        assert!(out.contains(term), "{term}\n{out}");
    }
    assert!(!out.contains("Coefficients"), "{out}");
    let (_, en, _) = run_in(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "SP1 ~ SP2",
            "--missing",
            "9,99",
        ],
    );
    assert!(en.contains("Coefficients"));
}

/// Issue 12 items 2 and 3: with 6 clusters a cluster-robust covariance has rank at most 5, so
/// the joint Wald test of 6 slopes is not computable (said, as Stata does, not printed as an
/// astronomic F); a model on few clusters says its t tests over-reject and what to use.
#[test]
fn few_clusters_get_no_impossible_wald_test_and_a_warning() {
    let data = common::fixture("mtcars.csv");
    let fit = |formula: &str, se: &str| -> (serde_json::Value, String) {
        let args = |json: bool| {
            let mut a = vec![
                "regress".to_string(),
                data.display().to_string(),
                "--formula".into(),
                formula.into(),
                "--cluster".into(),
                "carb".into(),
                "--se".into(),
                se.into(),
            ];
            if json {
                a.push("--json".into());
            }
            a
        };
        let out = bprstat().args(args(true)).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = bprstat().args(args(false)).output().unwrap();
        (
            serde_json::from_slice(&out.stdout).unwrap(),
            String::from_utf8_lossy(&text.stdout).into(),
        )
    };
    for se in ["cluster", "cr2", "cr3"] {
        let (json, text) = fit("mpg ~ wt + hp + disp + drat + qsec + am", se);
        let w = &json["glance"]["robust_wald"];
        assert!(
            w["statistic"].is_null() && w["p_value"].is_null(),
            "{se}: {w}"
        );
        assert!(
            text.contains("not computable: 6 slopes exceed the rank of a cluster-robust covariance from 6 clusters (at most G-1 = 5)"),
            "{se}: {text}"
        );
        assert!(
            text.contains("Only 6 clusters: with fewer than 30"),
            "{se}: {text}"
        );
    }
    let (json, text) = fit("mpg ~ wt + hp", "cluster");
    assert!(json["glance"]["robust_wald"]["statistic"].as_f64().unwrap() > 0.0);
    assert!(text.contains("wild cluster bootstrap"), "{text}");
    // 50 clusters: no warning.
    let chick = common::fixture("chickweight.csv");
    let out = bprstat()
        .args([
            "regress",
            chick.to_str().unwrap(),
            "--formula",
            "weight ~ Time",
            "--cluster",
            "Chick",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("clusters: with fewer than"));
}

/// Issue 12 item 4: with 3 clusters all 8 Rademacher sign vectors give p >= 2/8 = 0.25 > 0.05,
/// so the test-inversion interval is unbounded: said (null bounds and the reason in JSON,
/// −∞/+∞ and the smallest attainable p-value in the table, Webb weights suggested), not
/// printed as [-3.49e12, 233.9]; with Webb weights it is bounded.
#[test]
fn an_unboundable_wild_bootstrap_interval_is_reported_as_such() {
    let data = common::fixture("mtcars.csv");
    let run = |extra: &[&str]| -> std::process::Output {
        let mut a = vec![
            "regress",
            data.to_str().unwrap(),
            "--formula",
            "mpg ~ wt + hp",
            "--cluster",
            "cyl",
            "--wild-bootstrap",
            "999",
        ];
        a.extend(extra);
        bprstat().args(a).output().unwrap()
    };
    let out = run(&["--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let w = &v["wild_bootstrap"];
    assert_eq!(w["smallest_p_value"], 0.25);
    for t in w["terms"].as_array().unwrap() {
        assert!(t["conf_low"].is_null() && t["conf_high"].is_null(), "{t}");
        let note = t["interval_note"].as_str().unwrap();
        assert!(
            note.contains("smallest attainable p-value is 0.2500, above 0.05")
                && note.contains("webb"),
            "{note}"
        );
    }
    let text = String::from_utf8_lossy(&run(&[]).stdout).to_string();
    assert!(
        text.contains("| −∞ | +∞ |") && text.contains("Interval unbounded"),
        "{text}"
    );
    let webb = run(&["--weights", "webb", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&webb.stdout).unwrap();
    for t in v["wild_bootstrap"]["terms"].as_array().unwrap() {
        assert!(
            t["conf_low"].is_number() && t["conf_high"].is_number(),
            "{t}"
        );
    }
}

/// Issue 12 item 5: items still holding 9/99 codes get a warning naming --missing (not an
/// alpha of -0.019 without a word); a negative alpha gets SPSS's warning.
#[test]
fn forgotten_missing_codes_and_a_negative_alpha_are_named() {
    let dir = workspace("guard-rails", &|s| s);
    let (code, _, err) = run_in(&dir, &["reliability", "mini.csv", "--items", "SP1,SP2,SP3"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "warning: item SP1 holds 9 (2 cells) and 99 (1 cell) far outside its other answers"
        ) && err.contains("--missing"),
        "{err}"
    );
    let (_, _, err) = run_in(
        &dir,
        &[
            "reliability",
            "mini.csv",
            "--items",
            "SP1,SP2,SP3",
            "--missing",
            "9,99",
        ],
    );
    assert!(!err.contains("warning"), "{err}");
    // x, a copy of x, and 6 - x: the average covariance is negative, so is alpha.
    let mut csv = String::from("a,b,c\n");
    for i in 0..30 {
        let x = 1 + i % 5;
        csv.push_str(&format!("{x},{x},{}\n", 6 - x));
    }
    std::fs::write(dir.join("neg.csv"), csv).unwrap();
    let (code, out, err) = run_in(&dir, &["reliability", "neg.csv", "--items", "a,b,c"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Cronbach's alpha is negative") && out.contains("check the item coding"),
        "{out}"
    );
}
