//! Reliability (SPSS RELIABILITY layout) against R's psych::alpha and psych::smc on the Big
//! Five Inventory items (psych::bfi), recorded with tests/reference/reliability.R.

use crate::common;
use crate::common::{assert_close, fixture, read_csv, root};
use bprstat::estimate::measurement::reliability::reliability;
use bprstat::io::{ReadOptions, read_table};

use crate::common::BFI_SCALES as SCALES;

#[test]
fn alpha_item_total_statistics_and_feldt_interval_agree_with_psych() {
    let frame = read_table(&fixture("bfi.csv"), ReadOptions::default()).unwrap();
    let reference = read_csv(&root().join("tests/reference/reliability.csv"));
    let mut checked = 0;
    for (scale, items, reversed) in SCALES {
        let cols = common::bfi_keyed(&frame, &items, reversed);
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let names: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        let r = reliability(scale, &names, &refs, 0.95).unwrap();
        for row in reference.iter().filter(|row| row[0] == scale) {
            let want: f64 = row[3].parse().unwrap();
            let got = if row[1].is_empty() {
                match row[2].as_str() {
                    "n_valid" => r.n_valid as f64,
                    "alpha" => r.alpha,
                    "std_alpha" => r.std_alpha,
                    "lambda6" => r.lambda6,
                    "mean_inter_item_r" => r.mean_inter_item_r,
                    "alpha_conf_low" => r.alpha_conf_low,
                    "alpha_conf_high" => r.alpha_conf_high,
                    "scale_mean" => r.scale_mean,
                    "scale_variance" => r.scale_variance,
                    q => panic!("unknown {q}"),
                }
            } else {
                let it = r.items.iter().find(|i| i.item == row[1]).unwrap();
                match row[2].as_str() {
                    "alpha_if_deleted" => it.alpha_if_deleted,
                    "corrected_item_total_r" => it.corrected_item_total_r,
                    "squared_multiple_r" => it.squared_multiple_r,
                    "mean" => it.mean,
                    "sd" => it.sd,
                    "scale_mean_if_deleted" => it.scale_mean_if_deleted,
                    "scale_variance_if_deleted" => it.scale_variance_if_deleted,
                    q => panic!("unknown {q}"),
                }
            };
            assert_close(&format!("{scale} {} {}", row[1], row[2]), got, want);
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        reference.iter().filter(|r| r[0] != "all25").count()
    );
}

#[test]
fn kmo_and_bartlett_agree_with_psych() {
    let frame = read_table(&fixture("bfi.csv"), ReadOptions::default()).unwrap();
    let names: Vec<String> = frame.names.clone();
    let cols: Vec<Vec<f64>> = names
        .iter()
        .map(|n| frame.num(n).unwrap().to_vec())
        .collect();
    let cols: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let a = bprstat::estimate::measurement::reliability::adequacy(&names, &cols).unwrap();
    let reference = read_csv(&root().join("tests/reference/reliability.csv"));
    let mut n = 0;
    for r in reference.iter().filter(|r| r[0] == "all25") {
        let want: f64 = r[3].parse().unwrap();
        let got = match r[2].as_str() {
            "n" => a.n as f64,
            "kmo" => a.kmo,
            "bartlett_statistic" => a.bartlett_statistic,
            "bartlett_df" => a.bartlett_df,
            "bartlett_p_value" => a.bartlett_p_value,
            "msa" => a.msa.iter().find(|(i, _)| *i == r[1]).unwrap().1,
            q => panic!("unknown {q}"),
        };
        assert_close(&format!("adequacy {} {}", r[1], r[2]), got, want);
        n += 1;
    }
    assert_eq!(n, 30);
}

#[test]
fn the_reliability_command_reverse_keys_and_prints_json() {
    let out = common::bprstat()
        .args([
            "reliability",
            fixture("bfi.csv").to_str().unwrap(),
            "--items",
            "A1,A2,A3,A4,A5",
            "--reverse",
            "A1",
            "--scale",
            "1-6",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // psych::alpha on bfi agreeableness (A1 reversed), complete cases: tests/reference/reliability.csv
    assert_close("alpha", v["alpha"].as_f64().unwrap(), 0.7037558943748361);
    assert_eq!(v["n_valid"], 2709);
    let bad = common::bprstat()
        .args([
            "reliability",
            fixture("bfi.csv").to_str().unwrap(),
            "--items",
            "A1,A2",
            "--reverse",
            "A1",
        ])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--reverse needs --scale"));
}

#[test]
fn omega_total_from_one_principal_axis_factor_agrees_with_psych_omega() {
    // tests/reference/efa.R: psych::omega(y, nfactors = 1, fm = "pa")$omega.tot per scale.
    let frame = read_table(&fixture("bfi.csv"), ReadOptions::default()).unwrap();
    let reference = read_csv(&root().join("tests/reference/efa.csv"));
    let mut n = 0;
    for (scale, items, reversed) in SCALES {
        let cols = common::bfi_keyed(&frame, &items, reversed);
        let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
        let names: Vec<String> = items.iter().map(|s| s.to_string()).collect();
        let r = reliability(scale, &names, &refs, 0.95).unwrap();
        let want: f64 = reference
            .iter()
            .find(|row| row[0] == "omega" && row[1] == scale)
            .unwrap()[4]
            .parse()
            .unwrap();
        common::assert_close(
            &format!("{scale} omega_total"),
            r.omega_total.unwrap(),
            want,
        );
        n += 1;
    }
    assert_eq!(n, 5);
}
