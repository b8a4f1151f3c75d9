//! Composite evaluation indices: the entropy, CRITIC and first-principal-component weights
//! and a min-max index on the worked example of Hwang & Yoon (1981), the fighter-aircraft
//! decision matrix, against R's computation from the published formulas
//! (tests/reference/composite.R), to 1e-10; the default study's index is checked in
//! benchmark.rs; the options' checks here.

use crate::common::{Checker, Scale, WEIGHTS_REL, read_csv, root};
use bprstat::estimate::composite::{critic_weights, entropy_weights, min_max, pca_weights};
use ndarray::Array2;

/// Hwang & Yoon (1981), Multiple Attribute Decision Making (Springer LNEMS 186): four
/// fighter aircraft on maximum speed, ferry range, maximum payload, acquisition cost (lower
/// is better), reliability and maneuverability.
const AIRCRAFT: [[f64; 6]; 4] = [
    [2.0, 1500.0, 20000.0, 5.5, 5.0, 9.0],
    [2.5, 2700.0, 18000.0, 6.5, 3.0, 5.0],
    [1.8, 2000.0, 21000.0, 4.5, 7.0, 7.0],
    [2.2, 1800.0, 20000.0, 5.0, 5.0, 5.0],
];
const COST: [bool; 6] = [false, false, false, true, false, false];

fn reference(case: &str) -> Vec<(String, String, f64)> {
    read_csv(&root().join("tests/reference/composite.csv"))
        .into_iter()
        .filter(|r| r[0] == case)
        .map(|r| (r[1].clone(), r[2].clone(), r[3].parse().unwrap()))
        .collect()
}

fn min_max_matrix() -> Array2<f64> {
    let mut r = Array2::zeros((4, 6));
    for j in 0..6 {
        let col: Vec<f64> = AIRCRAFT.iter().map(|row| row[j]).collect();
        for (i, v) in min_max(&col, COST[j]).into_iter().enumerate() {
            r[[i, j]] = v;
        }
    }
    r
}

#[test]
fn entropy_critic_and_pca_weights_of_the_aircraft_example_agree_with_r() {
    let raw = Array2::from_shape_fn((4, 6), |(i, j)| AIRCRAFT[i][j]);
    let r = min_max_matrix();
    let entropy = entropy_weights(&r);
    let got = |q: &str| -> Vec<f64> {
        match q {
            "entropy_raw" => entropy_weights(&raw),
            "entropy" => entropy.clone(),
            "critic" => critic_weights(&r),
            "pca" => pca_weights(&r).0,
            _ => (0..4)
                .map(|i| 100.0 * (0..6).map(|j| r[[i, j]] * entropy[j]).sum::<f64>())
                .collect(),
        }
    };
    let mut ck = Checker::new("composite weights vs R", WEIGHTS_REL);
    for (q, term, want) in reference("aircraft") {
        let k: usize = term.parse::<usize>().unwrap() - 1;
        ck.check(&q, &term, got(&q)[k], want, Scale::Relative);
    }
    ck.finish(28);
}

/// A study of the default data with the other normalisations and weights (the benchmark
/// kept small: one outcome, no factors, 100 rank draws).
fn other_indices() -> bprstat::results::multilevel::Benchmark {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("composite-methods");
    std::fs::create_dir_all(&dir).unwrap();
    let data = root().join("data");
    let comps = r#"components = [
  { variable = "process" }, { variable = "result" },
  { center = "on_time_rate" }, { center = "processing_days", direction = "lower" },
]"#;
    let study = format!(
        r#"[study]
name = "composite-methods"
[data]
path = "{data}/zhejiang-asc.csv"
missing = [9, 99]
cluster = "center_id"
[scale]
min = 1
max = 5
[constructs.process]
items = ["PP1", "PP2", "PP3", "PP4"]
reverse = ["PP3"]
min_items = 3
[constructs.result]
items = ["RP1", "RP2", "RP3", "RP4"]
min_items = 3
[[models]]
name = "m"
formula = "result ~ process"
[benchmark]
outcomes = ["process"]
factors = []
draws = 100
center_data = "{data}/zhejiang-centers.csv"
[[benchmark.composite]]
name = "zcritic"
normalize = "z-score"
weights = "critic"
resamples = 50
{comps}
[[benchmark.composite]]
name = "goalposts"
normalize = "target"
resamples = 50
components = [
  {{ variable = "process", floor = 1, target = 5, weight = 2 }},
  {{ variable = "result", floor = 1, target = 5, weight = 1 }},
  {{ center = "on_time_rate", floor = 50, target = 100, weight = 1 }},
  {{ center = "processing_days", floor = 10, target = 2, weight = 1 }},
]
deductions = ["complaints"]
[[benchmark.composite]]
name = "pca"
weights = "pca"
resamples = 50
{comps}
"#,
        data = data.display()
    );
    let file = dir.join("s.toml");
    std::fs::write(&file, study).unwrap();
    let study = bprstat::study::Study::from_file(&file).unwrap();
    bprstat::study::analyze::analyze(&study, "test", None)
        .unwrap()
        .results
        .benchmark
        .unwrap()
}

#[test]
fn z_score_critic_goalpost_given_and_pca_indices_of_the_default_data_agree_with_r() {
    let b = other_indices();
    let mut ck = Checker::new("composite methods vs R", WEIGHTS_REL);
    for case in ["zcritic", "goalposts", "pca"] {
        let ci = b.composites.iter().find(|c| c.name == case).unwrap();
        for (q, term, want) in reference(case) {
            let got = if q == "weight" {
                ci.components
                    .iter()
                    .find(|c| c.variable == term)
                    .unwrap()
                    .weight
            } else {
                ci.center(&term).unwrap().index
            };
            ck.check(
                &format!("{case} {q}"),
                &term,
                got,
                want,
                Scale::RelativeOrAbsolute,
            );
        }
        // Weights fixed by the office do not move with the resamples; derived ones do.
        let moves = ci.components.iter().any(|c| c.weight_low != c.weight_high);
        assert_eq!(moves, case != "goalposts", "{case}");
    }
    ck.finish(3 * (4 + 57));
    // z-scores are in SD units, not points; the PCA index reports its loadings and share.
    let z = &b.composites[0];
    assert_eq!((z.points, z.normalization.as_str()), (None, "z-score"));
    let pca = &b.composites[2];
    assert!(pca.components.iter().all(|c| c.loading.is_some()));
    assert!(pca.pca_share.is_some_and(|s| s > 0.25 && s < 1.0));
}
