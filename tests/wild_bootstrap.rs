//! The wild cluster bootstrap against Python's wildboottest 0.3.2 (a port of Stata's
//! boottest): exact enumeration (G = 10) must match to 1e-12, random draws (G = 50,
//! B = 9,999) within Monte-Carlo error. Reference values and the script that produced them:
//! tests/reference/wild.py -> tests/reference/wild.csv.

use crate::common::{
    EXACT_ABS, MC_SIGMAS, assert_close, bprstat, fixture, json_of, read_csv, root,
};
use serde_json::Value;

fn wild(data: &str, formula: &str, cluster: &str, weights: &str, reps: &str, seed: &str) -> Value {
    json_of(&mut bprstat().args([
        "regress",
        fixture(data).to_str().unwrap(),
        "--formula",
        formula,
        "--cluster",
        cluster,
        "--wild-bootstrap",
        reps,
        "--weights",
        weights,
        "--seed",
        seed,
        "--json",
    ]))
}

fn term<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["wild_bootstrap"]["terms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["term"] == name)
        .unwrap_or_else(|| panic!("no wild term {name}"))
}

#[test]
fn full_enumeration_with_ten_clusters_matches_wildboottest_exactly() {
    let reference = read_csv(&root().join("tests/reference/wild.csv"));
    let v = wild(
        "ornstein.csv",
        "interlocks ~ assets + C(nation)",
        "sector",
        "rademacher",
        "9999",
        "1",
    );
    let wb = &v["wild_bootstrap"];
    assert_eq!(wb["enumerated"], true);
    assert_eq!(wb["reps"], 1024);
    assert_eq!(wb["clusters"], 10);
    let mut n = 0;
    for r in reference.iter().filter(|r| r[0] == "ornstein") {
        let want: f64 = r[5].parse().unwrap();
        let got = term(&v, &r[3])[&r[4]].as_f64().unwrap();
        if r[4] == "p_value" {
            assert!(
                (got - want).abs() <= EXACT_ABS,
                "{} p-value: bprstat {got} vs wildboottest {want}",
                r[3]
            );
        } else {
            assert_close(&format!("ornstein {} t", r[3]), got, want);
        }
        n += 1;
    }
    assert_eq!(n, 8);
}

#[test]
fn random_draws_agree_with_wildboottest_within_monte_carlo_error() {
    let reference = read_csv(&root().join("tests/reference/wild.csv"));
    for weights in ["rademacher", "webb"] {
        let v = wild(
            "chickweight.csv",
            "weight ~ Time + I(Time^2) + C(Diet)",
            "Chick",
            weights,
            "9999",
            "20080601",
        );
        assert_eq!(v["wild_bootstrap"]["enumerated"], false);
        assert_eq!(v["wild_bootstrap"]["reps"], 9999);
        for r in reference
            .iter()
            .filter(|r| r[0] == "chick" && r[1] == weights)
        {
            let want: f64 = r[5].parse().unwrap();
            let got = term(&v, &r[3])[&r[4]].as_f64().unwrap();
            if r[4] == "p_value" {
                let b = 9999.0;
                let p = 0.5 * (got + want);
                let tol = MC_SIGMAS * (2.0 * p * (1.0 - p) / b).sqrt() + 2.0 / b;
                assert!(
                    (got - want).abs() <= tol,
                    "{weights} {}: bprstat p {got} vs wildboottest {want} (tolerance {tol:.5})",
                    r[3]
                );
            } else {
                assert_close(&format!("chick {} t", r[3]), got, want);
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_bootstrap_and_intervals_bracket_the_estimate() {
    let a = wild(
        "chickweight.csv",
        "weight ~ Time + C(Diet)",
        "Chick",
        "webb",
        "999",
        "7",
    );
    let b = wild(
        "chickweight.csv",
        "weight ~ Time + C(Diet)",
        "Chick",
        "webb",
        "999",
        "7",
    );
    assert_eq!(a["wild_bootstrap"], b["wild_bootstrap"]);
    let c = wild(
        "chickweight.csv",
        "weight ~ Time + C(Diet)",
        "Chick",
        "webb",
        "999",
        "8",
    );
    assert_ne!(
        a["wild_bootstrap"]["terms"], c["wild_bootstrap"]["terms"],
        "another seed, other draws"
    );
    for t in a["wild_bootstrap"]["terms"].as_array().unwrap() {
        let est = a["tidy"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["term"] == t["term"])
            .unwrap()["estimate"]
            .as_f64()
            .unwrap();
        let (lo, hi) = (
            t["conf_low"].as_f64().unwrap(),
            t["conf_high"].as_f64().unwrap(),
        );
        assert!(
            lo < est && est < hi,
            "{}: [{lo}, {hi}] around {est}",
            t["term"]
        );
    }
}
