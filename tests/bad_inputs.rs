//! The catalogue of bad inputs: each class of mistake a user makes with a study file, a
//! data file or the command line, run through the binary, with the exact message and exit
//! code (1: bad input, 2: bad usage). A message names the file, the key, row or column, and
//! what to do. The README states how many classes there are (checked below).
//!
//! Made from the mini study (tests/fixtures/mini); each case is one folder under the test
//! target's temporary folder. `{dir}` in a message stands for that folder.

use crate::common::{bprstat, fixture};
use std::path::{Path, PathBuf};

/// How a case's folder is made.
struct Setup<'a> {
    /// The mini study, each (from, to) replaced once, as m.toml beside mini.csv; with `cut`,
    /// the text from it on is left out.
    study: Option<&'a [(&'a str, &'a str)]>,
    cut: Option<&'a str>,
    /// Fixtures copied in (from tests/fixtures/mini, to the case folder).
    copy: &'a [(&'a str, &'a str)],
    /// Files written as given.
    files: &'a [(&'a str, &'a [u8])],
}

const NONE: Setup<'static> = Setup {
    study: None,
    cut: None,
    copy: &[],
    files: &[],
};

fn case(tag: &str, s: Setup) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("bad-inputs")
        .join(tag);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(edits) = s.study {
        let mut t = std::fs::read_to_string(fixture("mini/mini.toml")).unwrap();
        for (from, to) in edits {
            assert!(t.contains(from), "the mini study lacks {from:?}");
            t = t.replacen(from, to, 1);
        }
        if let Some(cut) = s.cut {
            t.truncate(t.find(cut).unwrap());
        }
        std::fs::write(dir.join("m.toml"), t).unwrap();
        std::fs::copy(fixture("mini/mini.csv"), dir.join("mini.csv")).unwrap();
    }
    for (from, to) in s.copy {
        std::fs::copy(fixture(&format!("mini/{from}")), dir.join(to)).unwrap();
    }
    for (name, bytes) in s.files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// Run bprstat in `dir`: the exit code and stderr must be exactly these, and no input file
/// changes.
fn check(dir: &Path, args: &[&str], code: i32, want: &str) {
    let before = snapshot(dir);
    let out = bprstat().current_dir(dir).args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let want = want.replace("{dir}", &dir.display().to_string());
    assert_eq!(
        (out.status.code(), err.trim_end()),
        (Some(code), want.as_str()),
        "bprstat {args:?}"
    );
    assert_eq!(snapshot(dir), before, "an input file changed");
}

/// Every file in `dir` (not below) with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.file_type().unwrap().is_file().then(|| {
                (
                    e.file_name().to_string_lossy().into(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
        })
        .collect();
    v.sort();
    v
}

/// The study file does not exist.
#[test]
fn study_file_missing() {
    let dir = case("study_file_missing", NONE);
    check(
        &dir,
        &["run", "nope.toml"],
        1,
        "error: study file nope.toml: no such file (looked for {dir}/nope.toml)",
    );
}

/// The study file is not UTF-8 (saved as GBK by Notepad).
#[test]
fn study_file_not_utf8() {
    let dir = case(
        "study_file_not_utf8",
        Setup {
            files: &[("s.toml", &[178, 223, 194, 212, 32, 61, 32, 49, 10])],
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "s.toml"],
        1,
        "error: study file s.toml: not UTF-8 text (first invalid byte at offset 0); save it as UTF-8 (in Notepad: Save As, Encoding UTF-8)",
    );
}

/// A section header without its closing bracket.
#[test]
fn toml_unclosed_table() {
    let dir = case(
        "toml_unclosed_table",
        Setup {
            study: Some(&[("[scale]", "[scale")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 11, column 7: unclosed table, expected `]`",
    );
}

/// A full-width comma from a Chinese input method in a list.
#[test]
fn toml_full_width_comma() {
    let dir = case(
        "toml_full_width_comma",
        Setup {
            study: Some(&[("missing = [9, 99]", "missing = [9， 99]")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 8, column 12: string values must be quoted, expected literal string ('，' is full-width punctuation from a Chinese input method: TOML needs the half-width , : = [ ] \" — switch the input method to English punctuation)",
    );
}

/// A full-width equals sign.
#[test]
fn toml_full_width_equals() {
    let dir = case(
        "toml_full_width_equals",
        Setup {
            study: Some(&[("min = 1", "min ＝ 1")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 12, column 5: key with no value, expected `=` ('＝' is full-width punctuation from a Chinese input method: TOML needs the half-width , : = [ ] \" — switch the input method to English punctuation)",
    );
}

/// A Chinese section key without quotes.
#[test]
fn toml_bare_chinese_key() {
    let dir = case(
        "toml_bare_chinese_key",
        Setup {
            study: Some(&[("[constructs.strategy]", "[constructs.策略]")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 15, column 13: invalid unquoted key, expected letters, numbers, `-`, `_` (TOML keys that are not plain ASCII must be quoted: write [constructs.\"策略\"], or \"策略\" = ...)",
    );
}

/// A misspelt section.
#[test]
fn toml_unknown_section() {
    let dir = case(
        "toml_unknown_section",
        Setup {
            study: Some(&[("[scale]", "[scal]")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 11, column 2: unknown field `scal`, expected one of `study`, `data`, `scale`, `constructs`, `models`, `tables`, `comparisons`, `benchmark`, `efa`, `process`, `importance`, `sem`, `pls`",
    );
}

/// A misspelt key.
#[test]
fn toml_unknown_key() {
    let dir = case(
        "toml_unknown_key",
        Setup {
            study: Some(&[("path = \"mini.csv\"", "pth = \"mini.csv\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 7, column 1: unknown field `pth`, expected one of `path`, `format`, `encoding`, `delimiter`, `missing`, `missing_by_column`, `cluster`, `id`, `duration`, `exclude`, `filter`, `sheet`, `rename`",
    );
}

/// A number written in quotes.
#[test]
fn toml_text_for_number() {
    let dir = case(
        "toml_text_for_number",
        Setup {
            study: Some(&[("min = 1", "min = \"1\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 12, column 7: invalid type: string \"1\", expected a number",
    );
}

/// A fraction where a whole number is needed.
#[test]
fn toml_fraction_for_whole_number() {
    let dir = case(
        "toml_fraction_for_whole_number",
        Setup {
            study: Some(&[("min_items = 3", "min_items = 2.5")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: constructs.strategy.min_items: invalid type: floating point `2.5`, expected a whole number (0 or more)",
    );
}

/// One code where a list is needed.
#[test]
fn toml_number_for_list() {
    let dir = case(
        "toml_number_for_list",
        Setup {
            study: Some(&[("missing = [9, 99]", "missing = 9")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 8, column 11: invalid type: integer `9`, expected a list in brackets, e.g. [9, 99]",
    );
}

/// "yes" for a true/false key.
#[test]
fn toml_text_for_boolean() {
    let dir = case(
        "toml_text_for_boolean",
        Setup {
            study: Some(&[("[study]", "[study]\ncsv_bom = \"yes\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml is not valid: line 3, column 11: invalid type: string \"yes\", expected true or false",
    );
}

/// A study name that cannot be a folder.
#[test]
fn study_name_with_slash() {
    let dir = case(
        "study_name_with_slash",
        Setup {
            study: Some(&[("name = \"mini\"", "name = \"a/b\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: study.name: \"a/b\" must be a non-empty name usable as a folder name (no slashes, not starting with a dot)",
    );
}

/// A language bprstat does not write.
#[test]
fn language_unknown() {
    let dir = case(
        "language_unknown",
        Setup {
            study: Some(&[("[study]", "[study]\nlanguage = \"fr\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: study.language: \"fr\" is not a supported language; expected one of en, zh",
    );
}

/// The data file named by data.path does not exist.
#[test]
fn data_file_missing() {
    let dir = case(
        "data_file_missing",
        Setup {
            study: Some(&[("path = \"mini.csv\"", "path = \"nope.csv\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.path: data file \"nope.csv\" does not exist (looked for {dir}/nope.csv; a relative path is read from the study file's folder)",
    );
}

/// An encoding bprstat does not read.
#[test]
fn encoding_unknown() {
    let dir = case(
        "encoding_unknown",
        Setup {
            study: Some(&[(
                "path = \"mini.csv\"",
                "path = \"mini.csv\"\nencoding = \"big5\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.encoding: \"big5\" is not a supported encoding; expected one of utf-8, gb18030, windows-1252",
    );
}

/// A format bprstat does not read.
#[test]
fn format_unknown() {
    let dir = case(
        "format_unknown",
        Setup {
            study: Some(&[(
                "path = \"mini.csv\"",
                "path = \"mini.csv\"\nformat = \"spss7\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.format: \"spss7\" is not a supported format; expected one of csv, parquet, excel, sav, por, dta",
    );
}

/// A delimiter of two characters.
#[test]
fn delimiter_two_characters() {
    let dir = case(
        "delimiter_two_characters",
        Setup {
            study: Some(&[(
                "path = \"mini.csv\"",
                "path = \"mini.csv\"\ndelimiter = \";;\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.delimiter: \";;\" must be one ASCII character or \"tab\"",
    );
}

/// Sheet 0 (sheets count from 1).
#[test]
fn sheet_zero() {
    let dir = case(
        "sheet_zero",
        Setup {
            study: Some(&[("path = \"mini.csv\"", "path = \"mini.csv\"\nsheet = 0")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.sheet: 0 is not a sheet; give its name or its number from 1",
    );
}

/// A scale whose minimum is above its maximum.
#[test]
fn scale_reversed() {
    let dir = case(
        "scale_reversed",
        Setup {
            study: Some(&[("min = 1\nmax = 5", "min = 5\nmax = 1")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: scale: min (5) must be less than max (1)",
    );
}

/// An item that is not a column.
#[test]
fn item_not_in_data() {
    let dir = case(
        "item_not_in_data",
        Setup {
            study: Some(&[("\"SP1\", \"SP2\"", "\"SP1x\", \"SP2\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: constructs.strategy.items: column \"SP1x\" is not in data file mini.csv (its columns: respondent_id, center_id, department, years_in_post, SP1, SP2, SP3, SP4, EN1, EN2, EN3, EN4, WS1, WS2, WS3, IT1, IT2, IT3, IT4, DC1, DC2, DC3, DC4, CM1, CM2, CM3, CM4, CM5, LK1, LK2, LK3, PP1, PP2, PP3, PP4, RP1, RP2, RP3, RP4)",
    );
}

/// An item in two constructs.
#[test]
fn item_in_two_constructs() {
    let dir = case(
        "item_in_two_constructs",
        Setup {
            study: Some(&[("\"EN1\", \"EN2\"", "\"SP1\", \"EN2\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: constructs.entrepreneurship.items: item \"SP1\" is already an item of construct \"strategy\"; an item can belong to one construct only",
    );
}

/// A reverse-keyed item outside the construct.
#[test]
fn reverse_not_an_item() {
    let dir = case(
        "reverse_not_an_item",
        Setup {
            study: Some(&[("reverse = [\"SP4\"]", "reverse = [\"SP9\"]")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: constructs.strategy.reverse: \"SP9\" is not among the construct's items [SP1, SP2, SP3, SP4]",
    );
}

/// Min_items above the number of items.
#[test]
fn min_items_above_items() {
    let dir = case(
        "min_items_above_items",
        Setup {
            study: Some(&[("min_items = 3", "min_items = 9")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: constructs.strategy.min_items: 9 must be between 1 and the number of items (4)",
    );
}

/// A construct with the name of a data column.
#[test]
fn construct_named_as_column() {
    let dir = case(
        "construct_named_as_column",
        Setup {
            study: Some(&[
                ("[constructs.strategy]", "[constructs.department]"),
                ("process ~ strategy +", "process ~ department +"),
                ("result ~ strategy +", "result ~ department +"),
            ]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: constructs.department: the construct's name is also a column of mini.csv; rename the construct so formulas are unambiguous",
    );
}

/// A cluster column that is not in the data.
#[test]
fn cluster_not_in_data() {
    let dir = case(
        "cluster_not_in_data",
        Setup {
            study: Some(&[("cluster = \"center_id\"", "cluster = \"centre\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.cluster: column \"centre\" is not in data file mini.csv (its columns: respondent_id, center_id, department, years_in_post, SP1, SP2, SP3, SP4, EN1, EN2, EN3, EN4, WS1, WS2, WS3, IT1, IT2, IT3, IT4, DC1, DC2, DC3, DC4, CM1, CM2, CM3, CM4, CM5, LK1, LK2, LK3, PP1, PP2, PP3, PP4, RP1, RP2, RP3, RP4)",
    );
}

/// Missing codes for a column that is not in the data.
#[test]
fn missing_codes_of_unknown_column() {
    let dir = case(
        "missing_codes_of_unknown_column",
        Setup {
            study: Some(&[(
                "cluster = \"center_id\"",
                "cluster = \"center_id\"\nmissing_by_column = { tenure = [99] }",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.missing_by_column.tenure: column \"tenure\" is not in data file mini.csv",
    );
}

/// A filter joined with & instead of and.
#[test]
fn filter_syntax() {
    let dir = case(
        "filter_syntax",
        Setup {
            study: Some(&[(
                "cluster = \"center_id\"",
                "cluster = \"center_id\"\nfilter = \"years_in_post > 5 & department == 1\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.filter: unexpected character '&' (write and, or: && and || also work) (at character 19 of \"years_in_post > 5 & department == 1\")",
    );
}

/// A filter on a column that is not in the data.
#[test]
fn filter_unknown_column() {
    let dir = case(
        "filter_unknown_column",
        Setup {
            study: Some(&[(
                "cluster = \"center_id\"",
                "cluster = \"center_id\"\nfilter = \"tenure > 5\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.filter: column \"tenure\" is not in data file mini.csv (its columns: respondent_id, center_id, department, years_in_post, SP1, SP2, SP3, SP4, EN1, EN2, EN3, EN4, WS1, WS2, WS3, IT1, IT2, IT3, IT4, DC1, DC2, DC3, DC4, CM1, CM2, CM3, CM4, CM5, LK1, LK2, LK3, PP1, PP2, PP3, PP4, RP1, RP2, RP3, RP4)",
    );
}

/// An exclusion that is not a screening check.
#[test]
fn exclude_unknown_check() {
    let dir = case(
        "exclude_unknown_check",
        Setup {
            study: Some(&[(
                "cluster = \"center_id\"",
                "cluster = \"center_id\"\nexclude = [\"liars\"]",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.exclude: \"liars\" is not a screening check; expected one of duplicates, straight-liners, incomplete, speeders",
    );
}

/// Excluding speeders without a duration column.
#[test]
fn exclude_needs_its_column() {
    let dir = case(
        "exclude_needs_its_column",
        Setup {
            study: Some(&[(
                "cluster = \"center_id\"",
                "cluster = \"center_id\"\nexclude = [\"speeders\"]",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.exclude: \"speeders\" needs [data] duration, the column it screens",
    );
}

/// No [[models]] at all.
#[test]
fn no_models() {
    let dir = case(
        "no_models",
        Setup {
            study: Some(&[("[[models]]", "[[models]]")]),
            cut: Some("[[models]]"),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models: the study has no [[models]]; add at least one with a name and a formula",
    );
}

/// Two models with one name.
#[test]
fn model_names_repeat() {
    let dir = case(
        "model_names_repeat",
        Setup {
            study: Some(&[("name = \"result\"", "name = \"process\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[1] (process).name: another model is already named \"process\"",
    );
}

/// A formula with two plus signs in a row.
#[test]
fn formula_syntax() {
    let dir = case(
        "formula_syntax",
        Setup {
            study: Some(&[("process ~ strategy +", "process ~ strategy + +")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[0] (process).formula: expected a term (at character 22 of \"process ~ strategy + + entrepreneurship + window + informatization + cooperation + management + linkage\")",
    );
}

/// A formula variable that is neither construct nor column.
#[test]
fn formula_unknown_variable() {
    let dir = case(
        "formula_unknown_variable",
        Setup {
            study: Some(&[("process ~ strategy +", "process ~ tenure + strategy +")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[0] (process).formula: \"tenure\" is neither a construct of the study (strategy, entrepreneurship, window, informatization, cooperation, management, linkage, process, result) nor a column of mini.csv",
    );
}

/// A covariance type that does not exist.
#[test]
fn covariance_unknown() {
    let dir = case(
        "covariance_unknown",
        Setup {
            study: Some(&[("se = \"cluster\"", "se = \"robust2\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[0] (process).se: \"robust2\" is not a covariance type; expected one of classical, hc0, hc1, hc2, hc3, hc4, hc4m, hc5, cluster, r, cr2, cr3, cr3-naive",
    );
}

/// A confidence level written as a percentage.
#[test]
fn confidence_level_as_percent() {
    let dir = case(
        "confidence_level_as_percent",
        Setup {
            study: Some(&[("se = \"cluster\"", "se = \"cluster\"\nlevel = 95")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[0] (process).level: 95 must be strictly between 0 and 1, e.g. 0.95",
    );
}

/// More wild-bootstrap replications than allowed.
#[test]
fn wild_bootstrap_too_many() {
    let dir = case(
        "wild_bootstrap_too_many",
        Setup {
            study: Some(&[(
                "se = \"cluster\"",
                "se = \"cluster\"\nwild_bootstrap = 1000000",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[0] (process).wild_bootstrap: 1000000 replications; at most 99999",
    );
}

/// A negative number of replications.
#[test]
fn wild_bootstrap_negative() {
    let dir = case(
        "wild_bootstrap_negative",
        Setup {
            study: Some(&[("se = \"cluster\"", "se = \"cluster\"\nwild_bootstrap = -5")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: models[0] (process).wild_bootstrap: invalid value: integer `-5`, expected a whole number (0 or more)",
    );
}

/// An output folder that holds the study and data.
#[test]
fn output_folder_holds_inputs() {
    let dir = case(
        "output_folder_holds_inputs",
        Setup {
            study: Some(&[]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "."],
        1,
        "error: output folder . holds the input file m.toml; the output folder is replaced by each run, so give --out a folder of its own (e.g. notebooks-out/NAME)",
    );
}

/// An output folder holding other files.
#[test]
fn output_folder_not_bprstats() {
    let dir = case(
        "output_folder_not_bprstats",
        Setup {
            study: Some(&[]),
            files: &[("thesis/chapter1.docx", b"mine")],
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "thesis"],
        1,
        "error: output folder thesis is not empty and holds no earlier bprstat output (results.json, benchmark.md); each run replaces its output folder, so give --out a new or empty folder",
    );
}

/// A data file on the command line that does not exist.
#[test]
fn data_file_missing_cli() {
    let dir = case("data_file_missing_cli", NONE);
    check(
        &dir,
        &["describe", "nope.csv"],
        1,
        "error: data file nope.csv does not exist (looked for {dir}/nope.csv)",
    );
}

/// A CSV saved as GBK read as UTF-8.
#[test]
fn csv_not_utf8() {
    let dir = case(
        "csv_not_utf8",
        Setup {
            files: &[("x.csv", &[97, 44, 181, 165, 206, 187, 10, 49, 44, 50, 10])],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.csv"],
        1,
        "error: data file x.csv is not valid UTF-8 (first invalid byte at offset 2); if it was saved as GBK/GB18030 (e.g. by Excel on a Chinese Windows), set encoding = \"gb18030\" under [data] in the study file (or pass --encoding gb18030)",
    );
}

/// An empty CSV file.
#[test]
fn csv_empty() {
    let dir = case(
        "csv_empty",
        Setup {
            files: &[("x.csv", b"")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.csv"],
        1,
        "error: data file x.csv has no data rows",
    );
}

/// A CSV with a header and no rows.
#[test]
fn csv_header_only() {
    let dir = case(
        "csv_header_only",
        Setup {
            files: &[("x.csv", b"a,b\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.csv"],
        1,
        "error: data file x.csv has no data rows",
    );
}

/// A row with more cells than the header (an unquoted comma).
#[test]
fn csv_ragged_row() {
    let dir = case(
        "csv_ragged_row",
        Setup {
            files: &[("x.csv", b"a,b\n1,2\n3,4,5\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.csv"],
        1,
        "error: data file x.csv, line 3: 3 fields where the header has 2; a cell holding the delimiter must be in double quotes (\"a, b\")",
    );
    // A last record without a line break whose extra field is empty (polars drops it).
    std::fs::write(dir.join("end.csv"), b"a,b\n1,2\n3,4,").unwrap();
    check(
        &dir,
        &["describe", "end.csv"],
        1,
        "error: data file end.csv, line 3: 3 fields where the header has 2; a cell holding the delimiter must be in double quotes (\"a, b\")",
    );
    // Past the rows read first (polars then reads the answers as integers), likewise.
    let mut long = b"a,b\n".to_vec();
    for i in 0..1500 {
        long.extend_from_slice(if i == 1400 { b"3,4,5\n" } else { b"1,2\n" });
    }
    std::fs::write(dir.join("long.csv"), &long).unwrap();
    check(
        &dir,
        &["describe", "long.csv"],
        1,
        "error: data file long.csv, line 1402: 3 fields where the header has 2; a cell holding the delimiter must be in double quotes (\"a, b\")",
    );
}

/// A tab-separated file named .csv.
#[test]
fn csv_tab_separated() {
    let dir = case(
        "csv_tab_separated",
        Setup {
            files: &[("x.csv", b"a	b\n1	2\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.csv"],
        1,
        "error: data file x.csv: the header has tabs and no commas, so the file looks tab-separated; pass --delimiter tab, or set delimiter = \"tab\" under [data] in the study file",
    );
}

/// A file ending that names no format.
#[test]
fn unknown_ending() {
    let dir = case(
        "unknown_ending",
        Setup {
            files: &[("x.foo", b"a\n1\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.foo"],
        1,
        "error: data file x.foo has an ending that names no format; name the format with --format (format = \"...\" under [data]): csv, parquet, excel, sav, por or dta; bprstat reads .csv (or .tsv/.txt), .parquet, .xlsx/.xls (Excel, also .xlsm/.xlsb/.ods), .sav/.zsav or .por (SPSS), or .dta (Stata)",
    );
}

/// A PDF saved with a .csv ending.
#[test]
fn pdf_named_csv() {
    let dir = case(
        "pdf_named_csv",
        Setup {
            files: &[(
                "p.csv",
                &[37, 80, 68, 70, 45, 49, 46, 52, 10, 37, 226, 227, 10],
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "p.csv"],
        1,
        "error: data file p.csv is a PDF document, not the csv file its ending or format names; export the data as .csv (or .tsv/.txt), .parquet, .xlsx/.xls (Excel, also .xlsm/.xlsb/.ods), .sav/.zsav or .por (SPSS), or .dta (Stata) and read that file",
    );
}

/// An Excel workbook renamed .csv.
#[test]
fn xlsx_named_csv() {
    let dir = case(
        "xlsx_named_csv",
        Setup {
            copy: &[("mini.xlsx", "x.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.csv"],
        1,
        "error: data file x.csv is a ZIP package (an Excel .xlsx or OpenDocument workbook, or a Word document), not the csv file its ending or format names; give it the ending of its format, or name the format: format = \"excel\" under [data] in the study file, or --format excel",
    );
}

/// A web page saved as .xls (as survey platforms export).
#[test]
fn html_named_xls() {
    let dir = case(
        "html_named_xls",
        Setup {
            files: &[(
                "x.xls",
                b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "x.xls"],
        1,
        "error: data file x.xls is a web page (HTML), as some survey platforms save under an .xls ending, not the excel file its ending or format names; open it in Excel or WPS and save it as .xlsx (or as CSV UTF-8), then read that file",
    );
}

/// A password-protected workbook.
#[test]
fn password_protected_xlsx() {
    let dir = case(
        "password_protected_xlsx",
        Setup {
            copy: &[("mini_password.xlsx", "mini_password.xlsx")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "mini_password.xlsx"],
        1,
        "error: data file mini_password.xlsx is a password-protected (encrypted) workbook, which cannot be read without its password; open it in Excel or WPS, remove the password (File > Info > Protect Workbook > Encrypt with Password, clear it), save, and read it again",
    );
}

/// A sheet named for a CSV file.
#[test]
fn sheet_of_a_csv() {
    let dir = case(
        "sheet_of_a_csv",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "mini.csv", "--sheet", "2"],
        1,
        "error: data file mini.csv: a sheet (\"2\") is named, but this is a csv file, not a workbook; leave out --sheet (sheet under [data])",
    );
}

/// An item cell holding text.
#[test]
fn item_holds_text() {
    let dir = case(
        "item_holds_text",
        Setup {
            files: &[("x.csv", b"SP1,SP2\n1,abc\n2,3\n3,4\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["reliability", "x.csv", "--items", "SP1,SP2"],
        1,
        "error: data file x.csv, row 1 (line 2), column \"SP2\": \"abc\" is not a number; expected a number, a missing code, or an empty cell",
    );
}

/// An item cell holding text, with a scale.
#[test]
fn item_holds_text_in_scale() {
    let dir = case(
        "item_holds_text_in_scale",
        Setup {
            files: &[("x.csv", b"SP1,SP2\n1,abc\n2,3\n3,4\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "reliability",
            "x.csv",
            "--items",
            "SP1,SP2",
            "--scale",
            "1-5",
        ],
        1,
        "error: data file x.csv, row 1 (line 2), column \"SP2\": \"abc\" is not a number; expected a number between 1 and 5, a missing code, or an empty cell",
    );
}

/// A text column used as a number in a formula.
#[test]
fn text_column_without_c() {
    let dir = case(
        "text_column_without_c",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "years_in_post ~ department",
        ],
        1,
        "error: data file mini.csv, row 1, column \"department\": \"民政局\" is not a number; expected a numeric column (if it holds categories, write C(department) in the formula: one dummy per category against a reference level)",
    );
}

/// A column whose header appears twice.
#[test]
fn repeated_header_used() {
    let dir = case(
        "repeated_header_used",
        Setup {
            files: &[("x.csv", b"y,x,x\n1,2,3\n2,3,4\n3,5,4\n4,1,1\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["regress", "x.csv", "--formula", "y ~ x"],
        1,
        "error: column \"x\" appears 2 times in the header of data file x.csv (columns 2 and 3); give the one you mean a name of its own under [data.rename] in the study file (x_2 = 2) or with --rename x_2=2",
    );
}

/// A formula column that is not in the data.
#[test]
fn formula_column_missing() {
    let dir = case(
        "formula_column_missing",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["regress", "mini.csv", "--formula", "PP1 ~ tenure"],
        1,
        "error: column \"tenure\" is not in data file mini.csv (its columns: respondent_id, center_id, department, years_in_post, SP1, SP2, SP3, SP4, EN1, EN2, EN3, EN4, WS1, WS2, WS3, IT1, IT2, IT3, IT4, DC1, DC2, DC3, DC4, CM1, CM2, CM3, CM4, CM5, LK1, LK2, LK3, PP1, PP2, PP3, PP4, RP1, RP2, RP3, RP4)",
    );
}

/// The response also among the predictors.
#[test]
fn response_on_both_sides() {
    let dir = case(
        "response_on_both_sides",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["regress", "mini.csv", "--formula", "PP1 ~ PP1 + SP1"],
        1,
        "error: --formula: the response PP1 also appears on the right-hand side (at character 1 of \"PP1 ~ PP1 + SP1\")",
    );
}

/// A wild bootstrap without a cluster variable.
#[test]
fn bootstrap_without_clusters() {
    let dir = case(
        "bootstrap_without_clusters",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "PP1 ~ SP1",
            "--wild-bootstrap",
            "999",
        ],
        1,
        "error: --wild-bootstrap: the bootstraps resample clusters: name a cluster variable (data.cluster or the model's cluster key, or --cluster)",
    );
}

/// Reverse-keying without a scale.
#[test]
fn reverse_without_scale() {
    let dir = case(
        "reverse_without_scale",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "reliability",
            "mini.csv",
            "--items",
            "SP1,SP2",
            "--reverse",
            "SP2",
        ],
        1,
        "error: --reverse needs --scale MIN-MAX to reverse-key (min + max - x)",
    );
}

/// One item for a reliability analysis.
#[test]
fn too_few_items() {
    let dir = case(
        "too_few_items",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["reliability", "mini.csv", "--items", "SP1"],
        1,
        "error: --items needs at least 2 columns",
    );
}

/// --level 95.
#[test]
fn level_as_percent_cli() {
    let dir = case(
        "level_as_percent_cli",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "PP1 ~ SP1",
            "--level",
            "95",
        ],
        1,
        "error: --level: 95 must be strictly between 0 and 1, e.g. 0.95",
    );
}

/// Fewer respondents than 3 per center.
#[test]
fn simulate_too_few_respondents() {
    let dir = case("simulate_too_few_respondents", NONE);
    check(
        &dir,
        &[
            "simulate",
            "--seed",
            "1",
            "--respondents",
            "10",
            "--out",
            "s.csv",
        ],
        1,
        "error: --respondents 10 is too few for --centers 57: a study needs at least 3 respondents per center (171 in all)",
    );
}

/// The benchmark command on a study without [benchmark].
#[test]
fn benchmark_without_section() {
    let dir = case(
        "benchmark_without_section",
        Setup {
            copy: &[("mini.toml", "mini.toml"), ("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "mini.toml"],
        1,
        "error: study file mini.toml has no [benchmark] section; add one, e.g.\n[benchmark]\noutcomes = [\"process\", \"result\"]",
    );
}

/// The benchmark's case mix: center-level covariates named without the file they come from.
#[test]
fn benchmark_center_adjust_without_data() {
    let dir = case(
        "benchmark_center_adjust_without_data",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\nadjust = [\"years_in_post\"]\ncenter_adjust = [\"C(level)\"]\n\n[[models]]\nname = \"process\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: study file m.toml: benchmark.center_adjust: center-level covariates come from center_data, the file of the centers' own data (one row per center, its id in a column named as data.cluster): set center_data",
    );
}

/// A composite index of one component.
#[test]
fn composite_with_one_component() {
    let dir = case(
        "composite_with_one_component",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\n\n[[benchmark.composite]]\nname = \"index\"\ncomponents = [{ variable = \"process\" }]\n\n[[models]]\nname = \"process\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: study file m.toml: benchmark.composite[0] (index).components: 1 component(s): a composite index combines at least two, e.g. components = [{ variable = \"process\" }, { center = \"on_time_rate\" }]",
    );
}

/// A composite index with an unknown weighting method (a name from another tool).
#[test]
fn composite_unknown_weights() {
    let dir = case(
        "composite_unknown_weights",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\n\n[[benchmark.composite]]\nname = \"index\"\nweights = \"ahp\"\ncomponents = [{ variable = \"process\" }, { variable = \"result\" }]\n\n[[models]]\nname = \"process\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: study file m.toml: benchmark.composite[0] (index).weights: \"ahp\" is not a weighting method; expected one of given, equal, entropy, critic, pca",
    );
}

/// A composite index with weights on some components only.
#[test]
fn composite_some_weights_given() {
    let dir = case(
        "composite_some_weights_given",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\n\n[[benchmark.composite]]\nname = \"index\"\ncomponents = [{ variable = \"process\", weight = 0.6 }, { variable = \"result\" }]\n\n[[models]]\nname = \"process\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: study file m.toml: benchmark.composite[0] (index).weights: 1 of 2 components have a weight: give every component one (weights = \"given\"), or none and name a method (equal, entropy, critic, pca)",
    );
}

/// A composite index whose center column the centers' file lacks.
#[test]
fn composite_center_column_missing() {
    let dir = case(
        "composite_center_column_missing",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\ncenter_data = \"centers.csv\"\n\n[[benchmark.composite]]\nname = \"index\"\ncomponents = [{ variable = \"process\" }, { center = \"on_time_rate\" }]\n\n[[models]]\nname = \"process\"",
            )]),
            files: &[(
                "centers.csv",
                "center_id,level\n1,市级\n2,县级\n".as_bytes(),
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: benchmark \"center_data\": centers.csv: has no column on_time_rate, named in center_adjust or a composite index (its columns: center_id, level)",
    );
}

/// The benchmark's case mix: a covariate term that does not parse.
#[test]
fn benchmark_adjust_bad_term() {
    let dir = case(
        "benchmark_adjust_bad_term",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\nadjust = [\"C(department\"]\n\n[[models]]\nname = \"process\"",
            )]),
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: study file m.toml: benchmark.adjust[0]: \"C(department\": expected ')' (at character 23 of \"process ~ C(department\")",
    );
}

/// The benchmark's case mix: the centers' file with one center on two rows.
#[test]
fn benchmark_center_data_duplicate_id() {
    let dir = case(
        "benchmark_center_data_duplicate_id",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\ncenter_data = \"centers.csv\"\ncenter_adjust = [\"C(level)\"]\n\n[[models]]\nname = \"process\"",
            )]),
            files: &[(
                "centers.csv",
                "center_id,level\n1,市级\n2,县级\n2,市级\n".as_bytes(),
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: benchmark \"center_data\": centers.csv: center_id 2 is on data rows 2 and 3: one row per center",
    );
}

/// The benchmark's case mix: the centers' file without the cluster column to join on.
#[test]
fn benchmark_center_data_without_cluster() {
    let dir = case(
        "benchmark_center_data_without_cluster",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\ncenter_data = \"centers.csv\"\ncenter_adjust = [\"C(level)\"]\n\n[[models]]\nname = \"process\"",
            )]),
            files: &[("centers.csv", "id,level\n1,市级\n2,县级\n".as_bytes())],
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: benchmark \"center_data\": centers.csv: has no column center_id, the data's cluster id to join the centers on (its columns: id, level)",
    );
}

/// The benchmark's case mix: a center-level column that is also a column of the respondents' data.
#[test]
fn benchmark_center_column_in_data() {
    let dir = case(
        "benchmark_center_column_in_data",
        Setup {
            study: Some(&[(
                "[[models]]\nname = \"process\"",
                "[benchmark]\noutcomes = [\"process\"]\ncenter_data = \"centers.csv\"\ncenter_adjust = [\"C(department)\"]\n\n[[models]]\nname = \"process\"",
            )]),
            files: &[("centers.csv", "center_id,department\n1,a\n2,b\n".as_bytes())],
            ..NONE
        },
    );
    check(
        &dir,
        &["benchmark", "m.toml"],
        1,
        "error: benchmark \"center_data\": centers.csv: column department is also a column of the data: rename one, so that a center-level covariate is not mistaken for a respondent's answer",
    );
}

/// A misspelt command (usage: exit 2).
#[test]
fn usage_unknown_command() {
    let dir = case("usage_unknown_command", NONE);
    check(
        &dir,
        &["regres"],
        2,
        "error: unrecognized subcommand 'regres'\n\n  tip: a similar subcommand exists: 'regress'\n\nUsage: bprstat [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.",
    );
}

/// Regress without --formula (usage: exit 2).
#[test]
fn usage_missing_formula() {
    let dir = case("usage_missing_formula", NONE);
    check(
        &dir,
        &["regress", "mini.csv"],
        2,
        "error: the following required arguments were not provided:\n  --formula <FORMULA>\n\nUsage: bprstat regress --formula <FORMULA> <DATA>\n\nFor more information, try '--help'.",
    );
}

/// An unknown --se value (usage: exit 2).
#[test]
fn usage_bad_covariance() {
    let dir = case("usage_bad_covariance", NONE);
    check(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "PP1 ~ SP1",
            "--se",
            "hc9",
        ],
        2,
        "error: invalid value 'hc9' for '--se <SE>'\n  [possible values: classical, hc0, hc1, hc2, hc3, hc4, hc4m, hc5, cluster, r, cr2, cr3, cr3-naive]\n\n  tip: a similar value exists: 'hc5'\n\nFor more information, try '--help'.",
    );
}

/// --scale 5-1 (usage: exit 2).
#[test]
fn usage_reversed_scale() {
    let dir = case("usage_reversed_scale", NONE);
    check(
        &dir,
        &[
            "reliability",
            "mini.csv",
            "--items",
            "SP1,SP2",
            "--scale",
            "5-1",
        ],
        2,
        "error: invalid value '5-1' for '--scale <SCALE>': \"5-1\": the minimum must be below the maximum\n\nFor more information, try '--help'.",
    );
}

/// --delimiter of two characters (usage: exit 2).
#[test]
fn usage_long_delimiter() {
    let dir = case("usage_long_delimiter", NONE);
    check(
        &dir,
        &[
            "regress",
            "mini.csv",
            "--formula",
            "PP1 ~ SP1",
            "--delimiter",
            "ab",
        ],
        2,
        "error: invalid value 'ab' for '--delimiter <DELIMITER>': \"ab\" must be one ASCII character or \"tab\"\n\nFor more information, try '--help'.",
    );
}

/// A damaged .sav whose header asks the reader for 36 GB (found by the sav fuzzer).
#[test]
fn damaged_sav_file() {
    let dir = case(
        "damaged_sav_file",
        Setup {
            files: &[(
                "d.sav",
                include_bytes!("../fuzz/regressions/sav/capacity-overflow-2.sav"),
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "d.sav"],
        1,
        "error: data file d.sav: the file is damaged or not a valid SPSS .sav file: a value-label count of 1526726664 where 8468 bytes are left; export it again from the program that made it",
    );
}

/// A PROCESS mediator that is also X.
#[test]
fn process_mediator_is_x() {
    let dir = case(
        "process_mediator_is_x",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "process", "mini.csv", "--model", "4", "--x", "SP1", "--m", "SP1", "--y", "PP1",
        ],
        1,
        "error: --model: \"SP1\" is given as both X and mediator M1: each variable can have one role",
    );
}

/// A PROCESS model number bprstat does not fit.
#[test]
fn process_unknown_model() {
    let dir = case(
        "process_unknown_model",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "process", "mini.csv", "--model", "9", "--x", "SP1", "--m", "SP2", "--y", "PP1",
        ],
        1,
        "error: --model: PROCESS model 9 is not available: bprstat fits models 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 58 and 59",
    );
}

/// A moderator with one value among the complete cases.
#[test]
fn process_moderator_constant() {
    let dir = case(
        "process_moderator_constant",
        Setup {
            files: &[("c.csv", b"x,y,w\n1,2,3\n2,3,3\n3,5,3\n4,4,3\n5,6,3\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "process", "c.csv", "--model", "1", "--x", "x", "--w", "w", "--y", "y",
        ],
        1,
        "error: moderator W \"w\" has one value (3) in the 5 complete cases: it cannot moderate or predict anything",
    );
}

/// A cluster bootstrap over too few centers.
#[test]
fn process_too_few_clusters() {
    let dir = case(
        "process_too_few_clusters",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "process",
            "mini.csv",
            "--model",
            "4",
            "--x",
            "SP1",
            "--m",
            "SP2",
            "--y",
            "PP1",
            "--cluster",
            "center_id",
            "--missing",
            "99",
        ],
        1,
        "error: a cluster bootstrap needs at least 10 clusters; the data have 8. With so few centers, use `bprstat regress --cluster ... --wild-bootstrap` to test each path, or leave out the cluster variable",
    );
}

/// Too few bootstrap samples for a percentile interval: a warning, and the results.
#[test]
fn process_few_bootstrap_samples() {
    let dir = case(
        "process_few_bootstrap_samples",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "process",
            "mini.csv",
            "--model",
            "4",
            "--x",
            "SP1",
            "--m",
            "SP2",
            "--y",
            "PP1",
            "--missing",
            "99",
            "--boot",
            "200",
            "--json",
        ],
        0,
        "warning: 200 bootstrap samples are too few for stable interval bounds; use at least 1000 (PROCESS's default is 5,000).",
    );
}

/// A model text with a syntax error: the file, line and column.
#[test]
fn sem_syntax_error() {
    let dir = case(
        "sem_syntax_error",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            files: &[("m.lav", b"f =~ SP1 + SP2 + SP3\nPP1 ~ f + $SP4\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["sem", "mini.csv", "--model", "m.lav"],
        1,
        "error: --model: m.lav, line 2, column 11: unexpected '$' on the right-hand side",
    );
}

/// A defined parameter using a name that labels nothing.
#[test]
fn sem_unknown_label() {
    let dir = case(
        "sem_unknown_label",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "sem",
            "mini.csv",
            "--syntax",
            "PP1 ~ a*SP1\nRP1 ~ b*PP1\nab := a*c",
        ],
        1,
        "error: --syntax: the model, line 3, column 1: ab := a*c: 'c' is not a label of the model (label a parameter as c*x)",
    );
}

/// A latent variable named like a column of the data.
#[test]
fn sem_latent_is_a_column() {
    let dir = case(
        "sem_latent_is_a_column",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["sem", "mini.csv", "--syntax", "PP1 =~ SP1 + SP2 + SP3"],
        1,
        "error: the model on mini.csv: PP1 is a latent variable of the model and also a column of the data: rename one",
    );
}

/// More free parameters than variances and covariances.
#[test]
fn sem_not_identified() {
    let dir = case(
        "sem_not_identified",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &["sem", "mini.csv", "--syntax", "f =~ SP1 + SP2\nSP1 ~~ SP2"],
        1,
        "error: the model on mini.csv: the model is not identified: 5 free parameters for 3 variances and covariances",
    );
}

/// Cluster-robust errors asked with a cluster column the data lack.
#[test]
fn sem_cluster_not_a_column() {
    let dir = case(
        "sem_cluster_not_a_column",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "sem",
            "mini.csv",
            "--syntax",
            "f =~ SP1 + SP2 + SP3",
            "--cluster",
            "centre",
        ],
        1,
        "error: column \"centre\" is not in data file mini.csv (its columns: respondent_id, center_id, department, years_in_post, SP1, SP2, SP3, SP4, EN1, EN2, EN3, EN4, WS1, WS2, WS3, IT1, IT2, IT3, IT4, DC1, DC2, DC3, DC4, CM1, CM2, CM3, CM4, CM5, LK1, LK2, LK3, PP1, PP2, PP3, PP4, RP1, RP2, RP3, RP4)",
    );
}

/// Cluster-robust errors over a single cluster (nothing to vary between clusters).
#[test]
fn sem_one_cluster() {
    let mut csv = String::from("x1,x2,x3,c\n");
    for i in 0..30 {
        let v = f64::from(i);
        csv.push_str(&format!(
            "{},{},{},1\n",
            v,
            (v * 7.0) % 11.0,
            (v * 5.0) % 13.0
        ));
    }
    let dir = case(
        "sem_one_cluster",
        Setup {
            files: &[("d.csv", csv.as_bytes())],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "sem",
            "d.csv",
            "--syntax",
            "f =~ x1 + x2 + x3",
            "--cluster",
            "c",
        ],
        1,
        "error: the model on d.csv: the cluster-robust errors need at least two clusters; c has 1 among the complete cases",
    );
}

/// Shards (a pattern as the data path) whose columns differ.
#[test]
fn shards_columns_differ() {
    let dir = case(
        "shards_columns_differ",
        Setup {
            files: &[("a1.csv", b"x,y\n1,2\n"), ("a2.csv", b"x,z\n3,4\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "a*.csv"],
        1,
        "error: data file a2.csv: this shard of a*.csv lacks column y and adds column z; every shard must have the columns of the first, a1.csv (x, y), in that order",
    );
}

/// A column that holds numbers in one shard and text in another.
#[test]
fn shards_column_changes_type() {
    let dir = case(
        "shards_column_changes_type",
        Setup {
            files: &[
                ("a1.csv", b"x,y\n1,2\n"),
                ("a2.csv", b"x,y\n3,4\n5,\xe5\xa5\xbd\n"),
            ],
            ..NONE
        },
    );
    check(
        &dir,
        &["describe", "a*.csv"],
        1,
        "error: data file a2.csv: column \"y\" holds text in this shard (its row 2: \"好\") but numbers in shard a1.csv; a column must hold the same kind of values in every shard",
    );
}

/// One shard of a study's data is damaged: the run stops naming it, and leaves no report.
#[test]
fn shard_damaged() {
    let dir = case(
        "shard_damaged",
        Setup {
            study: Some(&[("path = \"mini.csv\"", "path = \"p*.csv\"")]),
            copy: &[("mini.csv", "p1.csv")],
            files: &[("p2.csv", b"\x89PNG\r\n\x1a\n\x00\x00")],
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: data file p2.csv is not valid UTF-8 (first invalid byte at offset 0); if it was saved as GBK/GB18030 (e.g. by Excel on a Chinese Windows), set encoding = \"gb18030\" under [data] in the study file (or pass --encoding gb18030)",
    );
    assert!(!dir.join("o").exists(), "no report is left behind");
}

/// The output folder holds the data's shards: refused before anything is replaced.
#[test]
fn output_folder_holds_shards() {
    let dir = case(
        "output_folder_holds_shards",
        Setup {
            study: Some(&[("path = \"mini.csv\"", "path = \"parts/p*.csv\"")]),
            files: &[("parts/p1.csv", include_bytes!("fixtures/mini/mini.csv"))],
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "parts"],
        1,
        "error: output folder parts holds the input file parts/p1.csv; the output folder is replaced by each run, so give --out a folder of its own (e.g. notebooks-out/NAME)",
    );
    assert!(
        dir.join("parts/p1.csv").is_file(),
        "the shard is still there"
    );
}

/// A pattern as the data path that matches no file.
#[test]
fn shards_match_nothing() {
    let dir = case(
        "shards_match_nothing",
        Setup {
            study: Some(&[("path = \"mini.csv\"", "path = \"parts/*.csv\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--out", "o"],
        1,
        "error: study file m.toml: data.path: the pattern \"parts/*.csv\" matches no data file (looked for {dir}/parts/*.csv; a relative path is read from the study file's folder)",
    );
    check(
        &dir,
        &["describe", "parts/*.csv"],
        1,
        "error: data file parts/*.csv: the pattern matches no file (looked for {dir}/parts/*.csv); a pattern reads every file it matches as shards of one table",
    );
}

/// `run --aggregates` given a file that is not the result of `bprstat sql`.
#[test]
fn aggregates_not_sums() {
    let dir = case(
        "aggregates_not_sums",
        Setup {
            study: Some(&[]),
            files: &[("sums.csv", b"center_id,n\n1,2\n")],
            ..NONE
        },
    );
    check(
        &dir,
        &["run", "m.toml", "--aggregates", "sums.csv"],
        1,
        "error: study file m.toml: the sums in sums.csv: no column bprstat_sql; expected the result of `bprstat sql m.toml`",
    );
    assert!(!dir.join("notebooks-out").exists(), "no report is written");
}

/// `sql --engine`: the engine's client is not there (the shell's exit status 127).
#[test]
fn engine_client_not_found() {
    let dir = case(
        "engine_client_not_found",
        Setup {
            study: Some(&[]),
            ..NONE
        },
    );
    let out = bprstat()
        .current_dir(&dir)
        .args([
            "sql",
            "m.toml",
            "--run",
            "sums.csv",
            "--engine",
            "no-such-engine-client -f {query}",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    // The shell's own words follow (they differ between shells).
    assert!(
        err.contains("error: the engine is not reachable: a command of `no-such-engine-client -f {query}` was not found (exit status 127): install the engine's client, or give its full path; the shell said:\n  "),
        "{err}"
    );
    assert!(!dir.join("sums.csv").exists(), "no sums are written");
}

/// `sql --engine`: the engine's client cannot reach its server (it says so and exits 1).
#[test]
fn engine_not_reachable() {
    let dir = case(
        "engine_not_reachable",
        Setup {
            study: Some(&[]),
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "sql",
            "m.toml",
            "--run",
            "sums.parquet",
            "--engine",
            "cat > /dev/null; echo 'Connection refused: 127.0.0.1:7077' >&2; exit 3",
        ],
        1,
        "running the query on the engine: cat > /dev/null; echo 'Connection refused: 127.0.0.1:7077' >&2; exit 3\nerror: the engine is not reachable or the query failed: `cat > /dev/null; echo 'Connection refused: 127.0.0.1:7077' >&2; exit 3` ended with exit status: 3; its last messages:\n  Connection refused: 127.0.0.1:7077",
    );
}

/// `sql --engine`: the engine prints a table that is not the query's sums.
#[test]
fn engine_result_not_sums() {
    let dir = case(
        "engine_result_not_sums",
        Setup {
            study: Some(&[]),
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "sql",
            "m.toml",
            "--run",
            "sums.csv",
            "--engine",
            "echo center_id,n; echo 1,2",
        ],
        1,
        "running the query on the engine: echo center_id,n; echo 1,2\nerror: study file m.toml: the sums in the result of the engine `echo center_id,n; echo 1,2`: no column bprstat_sql; expected the result of `bprstat sql m.toml`",
    );
}

/// `sql --measurement`: a model named as a block of the items' moments, whose sums' columns
/// would share names.
#[test]
fn measurement_names_collide() {
    let dir = case(
        "measurement_names_collide",
        Setup {
            study: Some(&[("name = \"result\"", "name = \"(strategy)\"")]),
            ..NONE
        },
    );
    check(
        &dir,
        &["sql", "m.toml", "--measurement"],
        1,
        "error: study file m.toml: models: the sums of model \"(strategy)\" and those of the items' moments (strategy) would share their names ((strategy).…); rename the model",
    );
}

/// `sql --run` pointed at the study's own data file.
#[test]
fn sums_over_the_data() {
    let dir = case(
        "sums_over_the_data",
        Setup {
            study: Some(&[]),
            ..NONE
        },
    );
    check(
        &dir,
        &["sql", "m.toml", "--run", "mini.csv"],
        1,
        "error: --run mini.csv: that is one of the study's own files (the study file or its data); the sums go to a file of their own",
    );
}

#[test]
fn the_readme_counts_the_catalogue() {
    let this = include_str!("bad_inputs.rs");
    let classes = this.matches("#[test]\nfn ").count() - 1;
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let said = format!("catalogue of {classes} classes of bad input");
    assert!(readme.contains(&said), "README should say \"{said}\"");
    assert!(classes >= 40, "{classes}");
}

/// PLS: a formative block whose indicators are perfectly collinear (x3 = x1 + x2).
#[test]
fn pls_formative_block_collinear() {
    let dir = case(
        "pls_formative_block_collinear",
        Setup {
            files: &[(
                "col.csv",
                b"x1,x2,x3,y1,y2\n1,2,3,2,3\n2,1,3,3,3\n3,3,6,4,5\n4,2,6,5,4\n2,4,6,3,4\n5,1,6,4,4\n1,1,2,1,2\n3,2,5,4,4\n",
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "pls",
            "col.csv",
            "--syntax",
            "g =~ y1 + y2\nf <~ x1 + x2 + x3\ng ~ f",
        ],
        1,
        "error: the model on col.csv: line 2: the weights of f cannot be computed: its indicators are perfectly collinear (a Mode B block needs indicators none of which is a linear combination of the others)",
    );
}

/// PLS: a structural model with a cycle.
#[test]
fn pls_cycle() {
    let dir = case(
        "pls_cycle",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "pls",
            "mini.csv",
            "--syntax",
            "p =~ PP1 + PP2\nr =~ RP1 + RP2\ns =~ SP1 + SP2\np ~ s\nr ~ p\ns ~ r",
        ],
        1,
        "error: the model on mini.csv: line 4: the structural model has a cycle through p: PLS path models must be recursive (no construct may predict itself through other constructs)",
    );
}

/// PLS: lavaan lines PLS has no meaning for, and a block in no path.
#[test]
fn pls_model_lines_it_cannot_take() {
    let dir = case(
        "pls_model_lines_it_cannot_take",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "pls",
            "mini.csv",
            "--syntax",
            "p =~ PP1 + PP2\nr =~ RP1 + RP2\nr ~ p\nPP1 ~~ PP2",
        ],
        1,
        "error: --syntax: the model, line 4, column 1: 'PP1 ~~ ...': PLS models no variances or covariances; write blocks (=~, <~) and paths (~)",
    );
    check(
        &dir,
        &[
            "pls",
            "mini.csv",
            "--syntax",
            "p =~ PP1 + PP2\nr =~ RP1 + RP2\ns =~ SP1 + SP2\nr ~ p",
        ],
        1,
        "error: --syntax: the model, line 3, column 1: s takes part in no path: add it to a 'y ~ x' line or leave its block out",
    );
}

/// PLS: an indicator with one value in every complete row.
#[test]
fn pls_constant_indicator() {
    let dir = case(
        "pls_constant_indicator",
        Setup {
            files: &[(
                "k.csv",
                b"x1,x2,y1,y2\n1,2,2,3\n2,2,3,3\n3,2,4,5\n4,2,5,4\n2,2,3,4\n",
            )],
            ..NONE
        },
    );
    check(
        &dir,
        &[
            "pls",
            "k.csv",
            "--syntax",
            "f =~ x1 + x2\ng =~ y1 + y2\ng ~ f",
        ],
        1,
        "error: the model on k.csv: line 1: x2 has no variance in these rows",
    );
}

/// PLSpredict: folds that leave nothing to learn from or nothing to predict, options without
/// the folds, PLSc, and an indicator constant in one training sample.
#[test]
fn pls_predict_options() {
    let dir = case(
        "pls_predict_options",
        Setup {
            copy: &[("mini.csv", "mini.csv")],
            files: &[(
                "k.csv",
                b"x1,x2,y1,y2\n1,2,2,3\n1,3,3,3\n1,2,4,5\n1,4,5,4\n1,2,3,4\n2,5,4,4\n",
            )],
            ..NONE
        },
    );
    let model = "p =~ PP1 + PP2\nr =~ RP1 + RP2\nr ~ p";
    let run = |extra: &[&str], code: i32, want: &str| {
        let mut args = vec!["pls", "mini.csv", "--syntax", model];
        args.extend(extra);
        check(&dir, &args, code, want);
    };
    run(
        &["--predict-folds", "1"],
        1,
        "error: --predict-folds: 1 fold(s) leave nothing to predict from: give at least 2 (SmartPLS uses 10)",
    );
    run(
        &["--predict-reps", "5"],
        1,
        "error: --predict-folds: PLSpredict options were given without the number of folds: add predict_folds (e.g. 10)",
    );
    run(
        &["--predict-folds", "10", "--predict-reps", "0"],
        1,
        "error: --predict-reps: 0 repetitions: give at least 1 (SmartPLS uses 10)",
    );
    run(
        &["--predict-folds", "10", "--consistent"],
        1,
        "error: --predict-folds: PLSpredict predicts the indicators from composite scores and loadings, which consistent PLS corrects away: run it on the model with consistent = false",
    );
    run(
        &["--predict-folds", "500"],
        1,
        "error: the model on mini.csv: 500 cross-validation folds for 154 complete cases: give between 2 (so that every training sample keeps more rows than the model has indicators) and 154 (one row per fold)",
    );
    check(
        &dir,
        &[
            "pls",
            "k.csv",
            "--syntax",
            "f =~ x1 + x2\ng =~ y1 + y2\ng ~ f",
            "--predict-folds",
            "6",
        ],
        1,
        "error: the model on k.csv: line 1: repetition 1, fold 5 of the cross-validation: x1 has no variance in these rows",
    );
}

/// The number of threads in the environment is not a whole number of at least 1.
#[test]
fn threads_variable_not_a_count() {
    let dir = case("threads_variable_not_a_count", NONE);
    for value in ["0", "two"] {
        let out = bprstat()
            .current_dir(&dir)
            .env("BPRSTAT_THREADS", value)
            .args(["simulate", "--seed", "1", "--out", "s.csv"])
            .output()
            .unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).trim_end()
            ),
            (
                Some(1),
                format!(
                    "error: environment variable BPRSTAT_THREADS=\"{value}\": expected a whole number of threads, at least 1 (or leave it unset to use every core)"
                )
                .as_str()
            )
        );
        assert!(!dir.join("s.csv").exists(), "nothing written");
    }
}
