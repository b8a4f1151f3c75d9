//! SPSS-style selection and hierarchical regression against the independent R
//! implementation in tests/reference/selection.R (recorded in selection.csv), on R's
//! `attitude` data: the order of entry and removal, every step's coefficients, R2 and
//! Excluded Variables statistics, and R2/F change against anova() of nested models.

use crate::common::{assert_close, bprstat, fixture, json_of, read_csv, root};
use serde_json::Value;

const FORMULA: &str = "learning ~ rating + complaints + privileges + raises + critical + advance";

fn regress(args: &[&str]) -> Value {
    json_of(
        &mut bprstat()
            .arg("regress")
            .arg(fixture("attitude.csv"))
            .args(["--formula", FORMULA, "--json"])
            .args(args),
    )
}

fn check_method(method: &str) {
    let v = regress(&["--method", method]);
    let steps = v["selection"]["steps"].as_array().unwrap();
    let reference = read_csv(&root().join("tests/reference/selection.csv"));
    let rows: Vec<&Vec<String>> = reference.iter().filter(|r| r[0] == method).collect();
    let n_steps = rows
        .iter()
        .map(|r| r[1].parse::<usize>().unwrap())
        .max()
        .unwrap();
    assert_eq!(steps.len(), n_steps, "{method}: number of steps");
    for r in rows {
        let step = &steps[r[1].parse::<usize>().unwrap() - 1];
        let want: f64 = r[5].parse().unwrap();
        let what = format!("{method} step {} {} {} {}", r[1], r[2], r[3], r[4]);
        match r[2].as_str() {
            "entered" if r[3] == "ALL" => {
                assert_eq!(step["entered"].as_array().unwrap().len(), 6, "{what}")
            }
            "entered" => assert_eq!(step["entered"], serde_json::json!([r[3]]), "{what}"),
            "removed" => assert_eq!(step["removed"], serde_json::json!([r[3]]), "{what}"),
            "coef" => {
                let t = step["tidy"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|t| t["term"] == r[3].as_str())
                    .unwrap_or_else(|| panic!("{what}: term missing"));
                assert_close(&what, t[&r[4]].as_f64().unwrap(), want);
            }
            "model" => {
                assert_close(&what, step["glance"]["r_squared"].as_f64().unwrap(), want);
            }
            "excluded" => {
                let e = step["excluded"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["term"] == r[3].as_str())
                    .unwrap_or_else(|| panic!("{what}: not excluded"));
                assert_close(&what, e[&r[4]].as_f64().unwrap(), want);
            }
            other => panic!("unknown kind {other}"),
        }
    }
}

#[test]
fn stepwise_matches_the_reference_including_removing_a_variable_it_entered() {
    check_method("stepwise");
    let v = regress(&["--method", "stepwise"]);
    let removed: Vec<&Value> = v["selection"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["removed"].as_array().unwrap())
        .collect();
    assert_eq!(
        removed,
        vec!["raises"],
        "raises entered at step 1 and left at step 4"
    );
    assert_eq!(
        v["selection"]["method_text"],
        "Stepwise (Criteria: Probability-of-F-to-enter <= .050, Probability-of-F-to-remove >= .100)."
    );
    assert!(
        v["selection"]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("too small")
    );
}

#[test]
fn forward_and_backward_match_the_reference_step_by_step() {
    check_method("forward");
    check_method("backward");
}

#[test]
fn r2_change_and_f_change_of_two_blocks_match_anova_of_nested_models() {
    let v = regress(&[
        "--block",
        "rating,complaints",
        "--block",
        "privileges,raises,critical,advance",
    ]);
    let steps = v["selection"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    let reference = read_csv(&root().join("tests/reference/selection.csv"));
    for r in reference.iter().filter(|r| r[0] == "blocks") {
        let step = &steps[r[1].parse::<usize>().unwrap() - 1];
        let got = if r[4] == "r_squared" {
            step["glance"]["r_squared"].as_f64()
        } else {
            step[&r[4]].as_f64()
        }
        .unwrap();
        assert_close(
            &format!("block {} {}", r[1], r[4]),
            got,
            r[5].parse().unwrap(),
        );
    }
}

#[test]
fn remove_takes_every_variable_out_in_one_step() {
    let v = regress(&["--method", "remove"]);
    let steps = v["selection"]["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[1]["removed"].as_array().unwrap().len(), 6);
    assert!(steps[1]["r_squared_change"].as_f64().unwrap() < 0.0);
}
