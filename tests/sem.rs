//! Structural equation models against lavaan 0.6.14's sem() (tests/reference/sem.R): every
//! parameter's estimate, SE, z, p, CI, std.lv, std.all and the SE of std.all, every R², and
//! the fit measures, for four models on lavaan's own data: the Political Democracy model,
//! the same with equal loadings and a defined indirect effect, an observed mediation with
//! exogenous covariates (fixed.x) and two pure outcomes, a three-factor CFA under std.lv, and
//! the default study's theory as one model (nine constructs measured by their 35 items,
//! seven factors -> process -> result), run as a study's [[sem]] from its constructs.

use crate::common::{
    Checker, LAVAAN_SEM_REL, LAVAAN_UNPOLISHED_REL, Scale, bprstat, fixture, json_of, read_csv,
    root,
};
use serde_json::Value;

/// The default study's constructs and a [[sem]] of its theory (measurement = "constructs"),
/// run as a study: its results' model. With `clustered`, the study keeps its data.cluster
/// (centers), which the [[sem]] takes for cluster-robust errors.
fn study_sem(clustered: bool, fiml: bool) -> Value {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("sem-study-{clustered}-{fiml}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let full = std::fs::read_to_string(root().join("data/zhejiang-asc.toml")).unwrap();
    let mut head = full[..full.find("[[models]]").unwrap()].to_string();
    if !clustered {
        head = head.replace("cluster = \"center_id\"", "");
    }
    let data = root().join("data/zhejiang-asc.csv");
    let study = format!(
        "{}\n[[models]]\nname = \"process\"\nformula = \"process ~ strategy\"\n\n[[sem]]\nname = \"theory\"\nmeasurement = \"constructs\"\n{missing}paths = [\n  \"process ~ {f}\",\n  \"result ~ b*process + {f}\",\n]\n",
        head.replace(
            "path = \"zhejiang-asc.csv\"",
            &format!(
                "path = \"{}\"",
                data.display().to_string().replace('\\', "/")
            )
        ),
        f = "strategy + entrepreneurship + window + informatization + cooperation + management + linkage",
        missing = if fiml { "missing = \"fiml\"\n" } else { "" }
    );
    std::fs::write(dir.join("s.toml"), study).unwrap();
    let out = dir.join("out");
    let status = bprstat()
        .arg("run")
        .arg(dir.join("s.toml"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let r: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    // The structural diagram draws every regression path's std.all (2 decimals) and no
    // measurement path.
    assert!(out.join("charts/sem_theory_paths.png").exists());
    let svg = std::fs::read_to_string(out.join("charts/sem_theory_paths.svg")).unwrap();
    let texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .map(|t| t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()].trim())
        .collect();
    let mut paths = 0;
    for e in r["sem"][0]["estimates"].as_array().unwrap() {
        if e["op"] == "~" {
            let b = format!("{:.2}", e["std_all"].as_f64().unwrap());
            assert!(
                texts.iter().any(|t| t.trim_end_matches('*') == b),
                "{b} drawn for {} ~ {}",
                e["lhs"],
                e["rhs"]
            );
            paths += 1;
        }
    }
    assert_eq!(paths, 15);
    assert!(
        !texts.iter().any(|t| t.starts_with("SP1")),
        "no indicator is drawn"
    );
    r["sem"][0].clone()
}

/// Fit one reference case: the model file of its name (less a _mlr or _cluster suffix) on
/// its data, with MLR or with the data's cluster column.
fn fit(case: &str) -> Value {
    match case {
        "zhejiang" => return study_sem(false, false),
        "zhejiang_cluster" => return study_sem(true, false),
        "zhejiang_fiml" => return study_sem(false, true),
        "zhejiang_fiml_cluster" => return study_sem(true, true),
        _ => {}
    }
    let model = case
        .trim_end_matches("_mlr")
        .trim_end_matches("_cluster")
        .trim_end_matches("_fiml");
    let data = match model {
        "holzinger" => "sem/holzinger_swineford.csv",
        "twolevel" => "sem/demo_twolevel.csv",
        _ if case.contains("_fiml") => "sem/political_democracy_missing.csv",
        _ => "sem/political_democracy.csv",
    };
    let mut c = bprstat();
    c.arg("sem")
        .arg(fixture(data))
        .arg("--model")
        .arg(fixture(&format!("sem/{model}.lav")))
        .arg("--json");
    if model == "holzinger" {
        c.arg("--std-lv");
    }
    if case.ends_with("_mlr") {
        c.args(["--estimator", "MLR"]);
    }
    if case.ends_with("_cluster") {
        c.args(["--cluster", "cluster"]);
    }
    if case.contains("_fiml") {
        c.args(["--missing-data", "fiml"]);
    }
    json_of(&mut c)
}

#[test]
fn models_agree_with_lavaan() {
    let counted = agree(
        "sem.csv",
        &["democracy", "equal", "paths", "holzinger", "zhejiang"],
    );
    assert!(
        counted[0] > 1600 && counted[1] > 60 + 120 && counted[2] == 90,
        "{counted:?}"
    );
}

/// MLR (Huber-White errors, Yuan-Bentler scaled test) on three models, cluster-robust errors
/// on lavaan's two-level demo data (200 clusters, fixed.x covariates, a defined effect) and
/// on the default study's theory with its 57 centers (tests/reference/sem_robust.R).
#[test]
fn robust_models_agree_with_lavaan() {
    let counted = agree(
        "sem_robust.csv",
        &[
            "democracy_mlr",
            "equal_mlr",
            "paths_mlr",
            "twolevel_cluster",
            "zhejiang_cluster",
        ],
    );
    assert!(counted[0] > 1400 && counted[2] == 5 * 31 + 2, "{counted:?}");
}

/// Full-information ML on Political Democracy with answers removed at random (27 patterns),
/// with and without equal loadings and with MLR, and on the default study's theory with all
/// its 1,009 rows (186 patterns), alone and cluster-robust over its 57 centers
/// (tests/reference/sem_fiml.R, the saturated model's EM run to 1e-12).
#[test]
fn fiml_models_agree_with_lavaan() {
    let counted = agree(
        "sem_fiml.csv",
        &[
            "democracy_fiml",
            "equal_fiml",
            "zhejiang_fiml",
            "democracy_fiml_mlr",
            "zhejiang_fiml_cluster",
        ],
    );
    assert!(
        counted[0] > 1500 && counted[1] > 70 && counted[2] == 5 * 15 + 1,
        "{counted:?}"
    );
}

/// The scaled test and the robust indices under FIML (tests/reference/sem_fiml_scaled.R): the
/// Yuan-Bentler scaled χ² (Mplus variant) of the model and the baseline, the .scaled indices,
/// and the .robust CFI, TLI and RMSEA from lavaan's FIML-corrected statistics, with MLR on
/// Political Democracy with answers removed (with and without equal loadings) and
/// cluster-robust on the default study's theory over its 57 centers.
#[test]
fn fiml_scaled_tests_agree_with_lavaan() {
    let counted = agree_to(
        "sem_fiml_scaled.csv",
        &[
            "democracy_fiml_mlr",
            "equal_fiml_mlr",
            "zhejiang_fiml_cluster",
        ],
        LAVAAN_SEM_REL,
        60,
    );
    assert!(counted[2] == 3 * 25, "{counted:?}");
}

/// Full-information ML with observed exogenous predictors (fixed.x): the 12 rows missing one
/// left out, the likelihood conditional on the rest, the baseline with their block
/// saturated, as lavaan (tests/reference/sem_fiml_exo.R), by ML and by MLR (robust errors
/// with the predictors' moments held, the scaled test and robust indices), with the ten
/// largest modification indices (regressions among the latents among them) — to lavaan's
/// optimizer precision, as its result cannot be polished.
#[test]
fn fiml_with_observed_predictors_agrees_with_lavaan() {
    let counted = agree_to(
        "sem_fiml_exo.csv",
        &["exo_fiml", "exo_fiml_mlr"],
        LAVAAN_UNPOLISHED_REL,
        300,
    );
    assert!(
        counted[0] > 300 && counted[1] == 30 + 2 * 10 && counted[2] == 2 * 15 + 10,
        "{counted:?}"
    );
}

/// Compare every value of a reference file (lavaan at its optimum, tests/reference/
/// lavaan_polish.R) with bprstat's fit of each case; the numbers compared of parameters,
/// R² and fit measures.
fn agree(file: &str, cases: &[&str]) -> [usize; 3] {
    agree_to(file, cases, LAVAAN_SEM_REL, 900)
}

/// [`agree`] at tolerance `tol`, at least `min` values compared.
fn agree_to(file: &str, cases: &[&str], tol: f64, min: usize) -> [usize; 3] {
    let reference = read_csv(&root().join("tests/reference").join(file));
    let fits: Vec<(&str, Value)> = cases.iter().map(|c| (*c, fit(c))).collect();
    let mut c = Checker::new(format!("{file} vs lavaan"), tol);
    let mut counted = [0usize; 3];
    for row in &reference {
        let (case, kind, key, q) = (&row[0], &row[1], &row[2], &row[3]);
        let want: f64 = row[4].parse().unwrap();
        let r = &fits.iter().find(|(n, _)| n == case).unwrap().1;
        let what = format!("{case} {key} {q}");
        match kind.as_str() {
            "par" => {
                let mut parts = key.splitn(3, ' ');
                let (lhs, op, rhs) = (
                    parts.next().unwrap(),
                    parts.next().unwrap(),
                    parts.next().unwrap_or(""),
                );
                let e = r["estimates"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| {
                        e["lhs"] == lhs
                            && e["op"] == op
                            && (op == ":="
                                || e["rhs"] == rhs
                                || (op == "~~" && e["lhs"] == rhs && e["rhs"] == lhs))
                    })
                    .or_else(|| {
                        r["estimates"].as_array().unwrap().iter().find(|e| {
                            op == "~~" && e["op"] == "~~" && e["lhs"] == rhs && e["rhs"] == lhs
                        })
                    })
                    .unwrap_or_else(|| panic!("{what}: no such parameter"));
                let field = match q.as_str() {
                    "est" => "estimate",
                    "se" => "std_error",
                    "z" => "statistic",
                    "pvalue" => "p_value",
                    "ci.lower" => "conf_low",
                    "ci.upper" => "conf_high",
                    "std.lv" => "std_lv",
                    "std.all" => "std_all",
                    "std.se" => "std_all_se",
                    _ => panic!("{what}"),
                };
                // lavaan prints SE 0 and the interval [value, value] for fixed values and
                // fixed.x (co)variances; bprstat gives none.
                if e[field].is_null() && e["free"] == false {
                    let fixed = if q == "se" {
                        0.0
                    } else {
                        e["estimate"].as_f64().unwrap()
                    };
                    assert!(
                        matches!(q.as_str(), "se" | "ci.lower" | "ci.upper")
                            && (want - fixed).abs() <= 1e-9 * fixed.abs(),
                        "{what}: {want} for a fixed value"
                    );
                    continue;
                }
                let got = e[field]
                    .as_f64()
                    .unwrap_or_else(|| panic!("{what}: {field} missing in {e}"));
                // lavaan's p is 2 * (1 - pnorm(|z|)): below 1e-10 the subtraction from 1 has
                // left it few correct digits (1.33e-15 is 6 units of the last place of 1);
                // bprstat takes the upper tail directly. There both must merely be tiny.
                if q == "pvalue" && want < 1e-10 {
                    assert!(got < 1e-10, "{what}: {got}");
                    continue;
                }
                // A bound is checked as its distance from the estimate (the estimate is checked
                // on its own): a bound near 0 would magnify lavaan's optimizer error.
                if q == "ci.lower" || q == "ci.upper" {
                    let est: f64 = reference
                        .iter()
                        .find(|x| x[0] == *case && x[1] == "par" && x[2] == *key && x[3] == "est")
                        .unwrap()[4]
                        .parse()
                        .unwrap();
                    let ours = e["estimate"].as_f64().unwrap();
                    c.check(q, &what, got - ours, want - est, Scale::Relative);
                    counted[0] += 1;
                    continue;
                }
                let scale = if q == "pvalue" {
                    Scale::Log
                } else {
                    Scale::Relative
                };
                c.check(q, &what, got, want, scale);
                counted[0] += 1;
            }
            // The ten largest modification indices: the same ten, each with its MI, EPC and
            // standardized EPC ("mi_loose": one whose lavaan value is fragile, to 1e-3; see
            // its reference script).
            "mi" | "mi_loose" => {
                let e = r["modification"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|m| {
                        format!(
                            "{} {} {}",
                            m["lhs"].as_str().unwrap(),
                            m["op"].as_str().unwrap(),
                            m["rhs"].as_str().unwrap()
                        ) == *key
                    })
                    .unwrap_or_else(|| panic!("{what}: not among bprstat's ten largest"));
                let field = match q.as_str() {
                    "mi" => "mi",
                    "epc" => "epc",
                    "sepc.all" => "sepc_all",
                    _ => panic!("{what}"),
                };
                let got = e[field].as_f64().unwrap();
                if kind == "mi_loose" {
                    assert!(
                        ((got - want) / want).abs() < 1e-3,
                        "{what}: {got} vs {want}"
                    );
                } else {
                    c.check(q, &what, got, want, Scale::Relative);
                }
                counted[1] += 1;
            }
            "r2" => {
                let got = r["r_squared"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x[0] == key.as_str())
                    .unwrap_or_else(|| panic!("{what}: no R2"))[1]
                    .as_f64()
                    .unwrap();
                c.check("r2", &what, got, want, Scale::Relative);
                counted[1] += 1;
            }
            "fit" => {
                let f = &r["fit"];
                let got = match q.as_str() {
                    "npar" => f["npar"].as_f64(),
                    "chisq" => f["chi_square"].as_f64(),
                    "df" => f["df"].as_f64(),
                    "pvalue" => f["p_value"].as_f64(),
                    "baseline.chisq" => f["baseline_chi_square"].as_f64(),
                    "baseline.df" => f["baseline_df"].as_f64(),
                    "cfi" => f["cfi"].as_f64(),
                    "tli" => f["tli"].as_f64(),
                    "rmsea" => f["rmsea"].as_f64(),
                    "rmsea.ci.lower" => f["rmsea_low"].as_f64(),
                    "rmsea.ci.upper" => f["rmsea_high"].as_f64(),
                    "rmsea.pvalue" => f["rmsea_pclose"].as_f64(),
                    "srmr" => f["srmr"].as_f64(),
                    "logl" => f["log_lik"].as_f64(),
                    "unrestricted.logl" => f["unrestricted_log_lik"].as_f64(),
                    "aic" => f["aic"].as_f64(),
                    "bic" => f["bic"].as_f64(),
                    "ntotal" => r["nobs"].as_f64(),
                    "nclusters" => r["clusters"].as_f64(),
                    "patterns" => r["missing_patterns"].as_f64(),
                    // lavaan's own chi-square and SRMR, its saturated model's EM stopped at
                    // 1e-5: kept in the file to show how far they are from the exact ones.
                    "lavaan.chisq" | "lavaan.srmr" => continue,
                    "chisq.scaled" => f["scaled"]["chi_square"].as_f64(),
                    "chisq.scaling.factor" => f["scaled"]["scaling_factor"].as_f64(),
                    "pvalue.scaled" => f["scaled"]["p_value"].as_f64(),
                    "baseline.chisq.scaled" => f["scaled"]["baseline_chi_square"].as_f64(),
                    "baseline.chisq.scaling.factor" => {
                        f["scaled"]["baseline_scaling_factor"].as_f64()
                    }
                    // Under FIML, the statistics of the .robust indices (FIML-corrected).
                    "fimlc.chisq" => f["scaled"]["corrected"][0].as_f64(),
                    "fimlc.scaling.factor" => f["scaled"]["corrected"][1].as_f64(),
                    "fimlc.baseline.chisq" => f["scaled"]["corrected"][2].as_f64(),
                    "fimlc.baseline.scaling.factor" => f["scaled"]["corrected"][3].as_f64(),
                    q if q.ends_with(".scaled") || q.ends_with(".robust") => {
                        let (base, kind) = q.rsplit_once('.').unwrap();
                        let field = match base {
                            "rmsea.ci.lower" => format!("rmsea_{kind}_low"),
                            "rmsea.ci.upper" => format!("rmsea_{kind}_high"),
                            "rmsea.pvalue" => format!("rmsea_{kind}_pclose"),
                            b => format!("{b}_{kind}"),
                        };
                        f["scaled"][&field].as_f64()
                    }
                    _ => panic!("{what}"),
                }
                .unwrap_or_else(|| panic!("{what}: missing"));
                counted[2] += 1;
                if q == "chisq" {
                    assert!(
                        got <= want * (1.0 + 1e-12),
                        "{what}: bprstat's minimum {got} is above lavaan's {want}"
                    );
                }
                // lavaan finds RMSEA's bounds by uniroot() at its default tolerance (about
                // 1e-4 in the noncentrality): their agreement is that tolerance's.
                if q.starts_with("rmsea.ci.") {
                    assert!((got - want).abs() <= 1e-6, "{what}: {got} vs {want}");
                    continue;
                }
                let scale = if q.starts_with("pvalue") || q.starts_with("rmsea.pvalue") {
                    Scale::Log
                } else {
                    Scale::Relative
                };
                c.check(q, &what, got, want, scale);
            }
            // lavaan's own values at its unpolished saturated moments: for the record.
            "lavaan" => continue,
            _ => panic!("{what}"),
        }
    }
    c.finish(min);
    counted
}

/// Percentile bootstrap intervals against lavaan's (tests/reference/sem_boot.R: 5,000
/// resamples, percentile): bprstat's 2,000 resamples (seed 20080601) agree within Monte-Carlo
/// error — each bound within 0.4 of the bootstrap SE (the difference of the two runs' 2.5%
/// quantiles has an MC SD of about 0.07 SE).
#[test]
fn bootstrap_intervals_agree_with_lavaan_within_monte_carlo_error() {
    boot_agrees(
        "sem/political_democracy.csv",
        &[],
        "sem_boot.csv",
        2000,
        0.4,
    );
}

/// The bootstrap under FIML against lavaan's (tests/reference/sem_boot_fiml.R: 5,000
/// resamples of the incomplete rows, each refitted by FIML): bprstat's 500 (a FIML refit
/// costs 0.16 s in the test build) within 0.6 bootstrap SE of each bound (the MC SD of the
/// difference of the 2.5% quantiles is about 0.14 SE). A listwise bootstrap keeps 40% of the
/// rows and misses by far more.
#[test]
fn fiml_bootstrap_intervals_agree_with_lavaan_within_monte_carlo_error() {
    boot_agrees(
        "sem/political_democracy_missing.csv",
        &["--missing-data", "fiml"],
        "sem_boot_fiml.csv",
        500,
        0.6,
    );
}

/// `boot` resamples of the equal-loadings model on `data` against a lavaan reference of
/// percentile intervals: every bound within `tol` bootstrap SEs.
fn boot_agrees(data: &str, extra: &[&str], reference: &str, boot: usize, tol: f64) {
    let r = json_of(
        bprstat()
            .arg("sem")
            .arg(fixture(data))
            .arg("--model")
            .arg(fixture("sem/equal.lav"))
            .args(extra)
            .args(["--boot", &boot.to_string(), "--json"]),
    );
    assert_eq!(r["bootstrap"]["samples"], boot);
    assert_eq!(r["bootstrap"]["failed"], 0);
    let reference = read_csv(&root().join("tests/reference").join(reference));
    let want = |key: &str, q: &str| -> f64 {
        reference
            .iter()
            .find(|x| x[0] == key && x[1] == q)
            .unwrap_or_else(|| panic!("{key} {q}"))[2]
            .parse()
            .unwrap()
    };
    let mut worst = 0.0f64;
    let mut n = 0;
    for e in r["estimates"].as_array().unwrap() {
        if e["boot_low"].is_null() {
            continue;
        }
        let key = if e["op"] == ":=" {
            format!(
                "{} := {}",
                e["lhs"].as_str().unwrap(),
                e["rhs"].as_str().unwrap()
            )
        } else {
            format!(
                "{} {} {}",
                e["lhs"].as_str().unwrap(),
                e["op"].as_str().unwrap(),
                e["rhs"].as_str().unwrap()
            )
        };
        let se = want(&key, "se");
        for (field, q) in [("boot_low", "ci.lower"), ("boot_high", "ci.upper")] {
            let d = (e[field].as_f64().unwrap() - want(&key, q)).abs() / se;
            assert!(d <= tol, "{data} {key} {q}: {d:.3} bootstrap SEs apart");
            worst = worst.max(d);
            n += 1;
        }
    }
    assert_eq!(n, 58);
    eprintln!("bootstrap bounds vs lavaan ({data}): {n} within {worst:.3} SE");
}

/// A cluster bootstrap over clusters of one row each draws as a row bootstrap does: the same
/// seed gives the same intervals.
#[test]
fn a_cluster_bootstrap_of_single_row_clusters_is_the_row_bootstrap() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("sem-boot-cluster");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture("sem/political_democracy.csv")).unwrap();
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        out.push_str(line);
        out.push_str(&if i == 0 {
            ",id".to_string()
        } else {
            format!(",r{i:03}")
        });
        out.push('\n');
    }
    let data = dir.join("d.csv");
    std::fs::write(&data, out).unwrap();
    let run = |cluster: bool| {
        let mut c = bprstat();
        c.arg("sem")
            .arg(&data)
            .arg("--model")
            .arg(fixture("sem/democracy.lav"))
            .args(["--boot", "50", "--seed", "7", "--json"]);
        if cluster {
            c.args(["--cluster", "id"]);
        }
        json_of(&mut c)
    };
    let (rows, clusters) = (run(false), run(true));
    assert_eq!(clusters["bootstrap"]["clusters"], 75);
    let bounds = |r: &Value| -> Vec<(Value, Value)> {
        r["estimates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| (e["boot_low"].clone(), e["boot_high"].clone()))
            .collect()
    };
    assert_eq!(bounds(&rows), bounds(&clusters));
    assert!(!rows["estimates"][1]["boot_low"].is_null());
}
