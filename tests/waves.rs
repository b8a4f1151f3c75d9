//! The model of a benchmark repeated over waves — nested random intercepts for centers and
//! center-by-wave, lme4's `process ~ factor(year) + (1 | center_id) + (1 | center_id:year)` —
//! against lme4 1.1-31 by REML and ML (tests/reference/waves.R) on the three-wave data of
//! `bprstat simulate --waves 3` (data/zhejiang-asc-waves.csv): fixed effects and their
//! SEs, variance components, theta, the criterion, and every center's and center-wave's
//! conditional mode and conditional SD, to 1e-6.

use crate::common::{Checker, MIXED_REL, Scale, read_csv, root};
use bprstat::estimate::multilevel::mixed::Criterion;
use bprstat::estimate::multilevel::nested::{NestedData, NestedFit, fit};
use ndarray::{Array1, Array2};

/// Process performance as benchmark.R scores it, with each row's center and wave codes.
fn data() -> (Array2<f64>, Array1<f64>, Vec<usize>, Vec<usize>) {
    let path = root().join("data/zhejiang-asc-waves.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (center, year) = (col("center_id"), col("year"));
    let items: Vec<usize> = (1..=4).map(|k| col(&format!("PP{k}"))).collect();
    let (mut x, mut y, mut c, mut w) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for row in read_csv(&path) {
        let answers: Vec<f64> = items
            .iter()
            .enumerate()
            .filter_map(|(k, &i)| {
                let v: f64 = row[i].parse().ok()?;
                if !(1.0..=5.0).contains(&v) {
                    return None;
                }
                Some(if k == 2 { 6.0 - v } else { v })
            })
            .collect();
        if answers.len() < 3 {
            continue;
        }
        let wave = row[year].parse::<usize>().unwrap() - 2021;
        y.push(answers.iter().sum::<f64>() / answers.len() as f64);
        x.extend([1.0, (wave == 1) as u8 as f64, (wave == 2) as u8 as f64]);
        c.push(row[center].parse::<usize>().unwrap() - 1);
        w.push(wave);
    }
    let n = y.len();
    (
        Array2::from_shape_vec((n, 3), x).unwrap(),
        Array1::from(y),
        c,
        w,
    )
}

fn fitted(crit: Criterion) -> NestedFit {
    let (x, y, c, w) = data();
    fit(
        &NestedData {
            x: x.view(),
            y: y.view(),
            centers: &c,
            ncenters: 57,
            waves: &w,
            nwaves: 3,
        },
        crit,
    )
    .unwrap()
}

#[test]
fn nested_center_and_center_by_wave_intercepts_agree_with_lme4() {
    let reference = read_csv(&root().join("tests/reference/waves.csv"));
    let mut ck = Checker::new("waves model vs lme4", MIXED_REL);
    for (name, crit) in [("reml", Criterion::Reml), ("ml", Criterion::Ml)] {
        let f = fitted(crit);
        let terms = ["(Intercept)", "factor(year)2022", "factor(year)2023"];
        for row in reference.iter().filter(|r| r[0] == name) {
            let (q, term) = (row[1].as_str(), row[2].as_str());
            let want: f64 = row[3].parse().unwrap();
            let wave_effect = |term: &str| -> (usize, usize) {
                let (j, year) = term.split_once(':').unwrap();
                let j: usize = j.parse::<usize>().unwrap() - 1;
                let w = year.parse::<usize>().unwrap() - 2021;
                let k = 1 + f.centers[j].waves.iter().position(|&x| x == w).unwrap();
                (j, k)
            };
            let got = match q {
                "theta" if term.starts_with("center_id:year") => f.theta[1],
                "theta" => f.theta[0],
                "criterion" => f.deviance,
                // Checked on the study's trend below.
                "gradient" | "score" | "score_sd" | "change_se" => continue,
                "estimate" => f.coef[terms.iter().position(|t| *t == term).unwrap()],
                "std_error" => {
                    let a = terms.iter().position(|t| *t == term).unwrap();
                    f.vcov[[a, a]].sqrt()
                }
                "variance" => match term {
                    "center_id:year" => f.tau2_wave,
                    "center_id" => f.tau2_center,
                    _ => f.sigma2,
                },
                "mode_wave" => {
                    let (j, k) = wave_effect(term);
                    f.centers[j].modes[k]
                }
                "condsd_wave" => {
                    let (j, k) = wave_effect(term);
                    f.centers[j].cond_cov[[k, k]].sqrt()
                }
                "mode_center" => f.centers[term.parse::<usize>().unwrap() - 1].modes[0],
                "condsd_center" => {
                    f.centers[term.parse::<usize>().unwrap() - 1].cond_cov[[0, 0]].sqrt()
                }
                _ => panic!("unknown quantity {q}"),
            };
            let scale = if q.starts_with("mode") {
                Scale::RelativeOrAbsolute
            } else {
                Scale::Relative
            };
            ck.check(&format!("{name} {q}"), term, got, want, scale);
        }
    }
    ck.finish(2 * (2 + 1 + 6 + 3 + 2 * 171 + 2 * 57));
}

/// The fixture is what `bprstat simulate --seed 20080601 --waves 3` writes, and its first
/// wave is the default study's data with the year added: the same centers, followed over
/// time.
#[test]
fn simulated_waves_reproduce_and_their_first_wave_is_the_default_study() {
    let out = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("waves-simulated.csv");
    let status = crate::common::bprstat()
        .args(["simulate", "--seed", "20080601", "--waves", "3", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(
        written,
        std::fs::read_to_string(root().join("data/zhejiang-asc-waves.csv")).unwrap()
    );
    let first: Vec<String> = written
        .lines()
        .filter(|l| l.split(',').nth(2) == Some("2021") || l.starts_with("respondent_id"))
        .map(|l| {
            let mut f: Vec<&str> = l.split(',').collect();
            f.remove(2);
            f.join(",")
        })
        .collect();
    let default = std::fs::read_to_string(root().join("data/zhejiang-asc.csv")).unwrap();
    assert_eq!(first.join("\n") + "\n", default);
}

/// The waves study's trend of process performance (data/zhejiang-asc-waves.toml): every
/// center's score per wave, its SD, and the standard error of each change between
/// consecutive waves, against Henderson's mixed model equations in R at lme4's estimates
/// (tests/reference/waves.R: Var(β, b − b̂) = σ² C⁻¹), to 1e-6; the verdicts follow the
/// intervals, and the fixed effects and variances are lme4's.
#[test]
fn the_waves_study_scores_and_changes_agree_with_the_mixed_model_equations() {
    let study =
        bprstat::study::Study::from_file(&root().join("data/zhejiang-asc-waves.toml")).unwrap();
    let b = bprstat::study::analyze::analyze(&study, "test", None)
        .unwrap()
        .results
        .benchmark
        .unwrap();
    assert_eq!(b.latest_wave.as_deref(), Some("2023"));
    let t = b.trends.iter().find(|t| t.variable == "process").unwrap();
    assert_eq!(t.waves, ["2021", "2022", "2023"]);
    let reference = read_csv(&root().join("tests/reference/waves.csv"));
    let mut ck = Checker::new("waves study vs mixed model equations", MIXED_REL);
    for row in reference.iter().filter(|r| r[0] == "reml") {
        let (q, term) = (row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let (center, rest) = match term.split_once(':') {
            Some(x) => x,
            None => continue,
        };
        let Some(c) = t.centers.iter().find(|c| c.center == center) else {
            continue;
        };
        let k = |y: &str| t.waves.iter().position(|w| w == y).unwrap();
        let got = match q {
            "score" => c.score[k(rest)].unwrap(),
            "score_sd" => c.score_sd[k(rest)].unwrap(),
            "change_se" => {
                let (from, to) = rest.split_once('-').unwrap();
                let ch = c
                    .changes
                    .iter()
                    .find(|ch| ch.from == from && ch.to == to)
                    .unwrap();
                assert!(
                    (ch.estimate - (c.score[k(to)].unwrap() - c.score[k(from)].unwrap())).abs()
                        < 1e-12
                );
                ch.std_error
            }
            _ => continue,
        };
        ck.check(q, term, got, want, Scale::Relative);
    }
    ck.finish(3 * 57 * 2 + 2 * 57);
    for c in &t.centers {
        for ch in &c.changes {
            let want = if ch.conf_low > 0.0 {
                "improved"
            } else if ch.conf_high < 0.0 {
                "declined"
            } else {
                "no detectable change"
            };
            assert_eq!(ch.verdict.label(), want);
        }
    }
    // The league tables are of the latest wave only.
    let n2023 = t.centers.iter().map(|c| c.n[2]).sum::<usize>();
    assert_eq!(b.outcomes[0].model.glance.nobs, n2023);
}
