//! `bprstat importance` against references computed from the definitions in base R
//! (tests/reference/importance.R: every subset's R2 by lm(), conditional and general
//! dominance, complete/conditional/general dominance relations, Johnson's relative weights)
//! on R's mtcars: mpg on disp, hp, drat, wt, qsec and C(gear), alone and with am forced in.
//! And the cluster bootstrap by simulation: when respondents are nested in centers, its
//! intervals cover the population value at the nominal rate, where resampling respondents
//! does not.

use crate::common::{
    Checker, MC_SIGMAS, NESTED_REL, Scale, bprstat, fixture, json_of, read_csv, root,
};
use serde_json::Value;

fn run(formula: &str, extra: &[&str]) -> Value {
    json_of(
        &mut bprstat()
            .arg("importance")
            .arg(fixture("mtcars.csv"))
            .args(["--formula", formula, "--boot", "0", "--json"])
            .args(extra),
    )
}

fn set<'a>(r: &'a Value, name: &str) -> &'a Value {
    r["sets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["term"] == name)
        .unwrap_or_else(|| panic!("no set {name}"))
}

#[test]
fn dominance_and_relative_weights_match_their_definitions_in_r() {
    let reference = read_csv(&root().join("tests/reference/importance.csv"));
    let cases = [
        (
            "plain",
            run("mpg ~ disp + hp + drat + wt + qsec + C(gear)", &[]),
        ),
        (
            "always_am",
            run(
                "mpg ~ am + disp + hp + drat + wt + qsec + C(gear)",
                &["--always", "am"],
            ),
        ),
    ];
    let mut c = Checker::new("importance vs R", NESTED_REL);
    let mut relations = 0;
    for row in &reference {
        let (case, quantity, i, j, value) = (&row[0], &row[1], &row[2], &row[3], &row[4]);
        let want: f64 = value.parse().unwrap();
        let r = &cases.iter().find(|(n, _)| n == case).unwrap().1;
        let what = format!("{case} {i} {j}");
        let got = match quantity.as_str() {
            "r_squared" => r["r_squared"].as_f64().unwrap(),
            "r_squared_always" => r["r_squared_always"].as_f64().unwrap(),
            "subset_r_squared" => r["subsets"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| {
                    let t: Vec<&str> = s["terms"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap())
                        .collect();
                    t.join("+") == *i
                })
                .unwrap_or_else(|| panic!("no subset {i}"))["r_squared"]
                .as_f64()
                .unwrap(),
            "conditional" => set(r, i)["conditional"][j.parse::<usize>().unwrap()]
                .as_f64()
                .unwrap(),
            "general" => set(r, i)["general"]["estimate"].as_f64().unwrap(),
            "relative_weight" => set(r, i)["relative_weight"]["estimate"].as_f64().unwrap(),
            "relative_weight_percent" => set(r, i)["relative_weight_percent"]["estimate"]
                .as_f64()
                .unwrap(),
            "complete" | "conditional_dominance" | "general_dominance" => {
                let p = r["pairs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["i"] == i.as_str() && p["j"] == j.as_str())
                    .unwrap_or_else(|| panic!("no pair {i} {j}"));
                let key = match quantity.as_str() {
                    "complete" => "complete",
                    "conditional_dominance" => "conditional",
                    _ => "general",
                };
                assert_eq!(p[key].as_f64().unwrap(), want, "{quantity} {what}");
                relations += 1;
                continue;
            }
            other => panic!("unknown quantity {other}"),
        };
        let scale = if want.abs() < 1e-12 {
            Scale::Absolute
        } else {
            Scale::Relative
        };
        c.check(quantity, &what, got, want, scale);
    }
    assert_eq!(relations, 2 * 3 * 15, "every pair's three relations, twice");
    c.finish(2 * (2 + 64 + 36 + 6 + 12));
}

/// Data with respondents nested in centers: x1, x2, x3 and y each have a center part and a
/// respondent part; y = 0.5 x1 + 0.3 x2 + 0.1 x3 + center effect + noise.
fn clustered_sample(
    rng: &mut bprstat::numeric::Rng,
    g: usize,
    m: usize,
) -> (Vec<[f64; 3]>, Vec<f64>, Vec<usize>) {
    let (mut x, mut y, mut c) = (Vec::new(), Vec::new(), Vec::new());
    for center in 0..g {
        let cx: [f64; 3] = [rng.normal(), rng.normal(), rng.normal()];
        let cu = rng.normal();
        for _ in 0..m {
            let xi = [
                cx[0] + rng.normal(),
                0.6 * cx[0] + cx[1] + rng.normal(),
                cx[2] + rng.normal(),
            ];
            y.push(0.5 * xi[0] + 0.3 * xi[1] + 0.1 * xi[2] + cu + rng.normal());
            x.push(xi);
            c.push(center);
        }
    }
    (x, y, c)
}

#[test]
fn the_cluster_bootstrap_covers_the_population_dominance_weight_at_the_nominal_rate() {
    use bprstat::estimate::importance::{ImportanceSpec, importance};
    use ndarray::{Array1, Array2};
    // The population value of G_1: from one very large sample of the same design (its own
    // sampling error, about 1e-3, is small beside the intervals' width of about 0.1).
    let mut rng = bprstat::numeric::Rng::new(7);
    let spec = |boot: usize, seed: u64| ImportanceSpec {
        sets: vec![
            ("x1".into(), vec![0]),
            ("x2".into(), vec![1]),
            ("x3".into(), vec![2]),
        ],
        always: vec![],
        boot,
        seed,
        level: 0.95,
    };
    let fit = |x: &[[f64; 3]], y: &[f64], c: Option<&[usize]>, s: &ImportanceSpec| {
        let xa = Array2::from_shape_fn((x.len(), 3), |(i, j)| x[i][j]);
        let ya = Array1::from(y.to_vec());
        importance(xa.view(), ya.view(), s, c, None).unwrap()
    };
    let (bx, by, _) = clustered_sample(&mut rng, 20_000, 15);
    let truth = fit(&bx, &by, None, &spec(0, 0)).sets[0].general.estimate;
    let sims = 200;
    let (mut cluster_hits, mut case_hits) = (0, 0);
    for s in 0..sims {
        let (x, y, c) = clustered_sample(&mut rng, 40, 15);
        let by_cluster = fit(&x, &y, Some(&c), &spec(199, s));
        let by_case = fit(&x, &y, None, &spec(199, s));
        let covers = |r: &bprstat::results::importance::ImportanceResult| {
            let g = &r.sets[0].general;
            g.conf_low.unwrap() <= truth && truth <= g.conf_high.unwrap()
        };
        cluster_hits += usize::from(covers(&by_cluster));
        case_hits += usize::from(covers(&by_case));
    }
    let rate = |h: usize| h as f64 / sims as f64;
    let mc = (0.95 * 0.05 / sims as f64).sqrt();
    eprintln!(
        "coverage of the 95% interval of G_1 = {truth:.4} over {sims} samples of 40 centers x 15: cluster bootstrap {:.3}, case bootstrap {:.3} (MC SE {mc:.3})",
        rate(cluster_hits),
        rate(case_hits)
    );
    assert!(
        (rate(cluster_hits) - 0.95).abs() <= MC_SIGMAS * mc,
        "cluster bootstrap coverage {}",
        rate(cluster_hits)
    );
    assert!(
        rate(case_hits) < rate(cluster_hits),
        "resampling respondents should cover less often than resampling centers"
    );
}
