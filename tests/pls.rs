//! PLS path models against two implementations on seminr's ECSI data set `mobi` (250 rows):
//! seminr 2.3.1 (tests/reference/pls.R: Mode A with the path and factorial schemes, two
//! formative blocks, consistent PLS; weights, loadings, paths, R², adjusted R², f², total and
//! indirect effects, α, ρA, ρC, AVE, HTMT, HTMT2, item and inner VIFs, cross-loadings,
//! construct correlations) and Python's plspm 0.5.7 (tests/reference/pls_plspm.py: the path,
//! factorial and centroid schemes and Mode B; weights, loadings, paths, R²).

use crate::common::{Checker, PLS_REL, Scale, bprstat, fixture, json_of, read_csv, root};
use serde_json::Value;

fn fit(case: &str) -> Value {
    let case = case.trim_start_matches("plspm_");
    let model = if case.starts_with("modeb") {
        "mobi_modeb"
    } else {
        "mobi"
    };
    let mut c = bprstat();
    c.arg("pls")
        .arg(fixture("pls/mobi.csv"))
        .arg("--model")
        .arg(fixture(&format!("pls/{model}.lav")))
        .arg("--json");
    match case {
        "factorial" | "centroid" => {
            c.args(["--scheme", case]);
        }
        "plsc" | "modeb_plsc" => {
            c.arg("--consistent");
        }
        _ => {}
    }
    json_of(&mut c)
}

fn find<'a>(list: &'a Value, pred: impl Fn(&Value) -> bool) -> Option<&'a Value> {
    list.as_array().unwrap().iter().find(|x| pred(x))
}

/// Compare every row of a reference file for `cases`; returns the values compared per case.
fn agree(file: &str, cases: &[&str]) -> Vec<usize> {
    let rows = read_csv(&root().join("tests/reference").join(file));
    let mut counted = Vec::new();
    for case in cases {
        let r = fit(case);
        let plsc = *case == "plsc";
        let mut ck = Checker::new(format!("pls {case} ({file})"), PLS_REL);
        let names: Vec<&str> = r["constructs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let construct = |n: &str| find(&r["constructs"], |c| c["name"] == n).unwrap();
        let pair = |a: &str, b: &str| {
            find(&r["pairs"], |p| {
                (p["a"] == a && p["b"] == b) || (p["a"] == b && p["b"] == a)
            })
        };
        let rho_a = |n: &str| {
            let c = construct(n);
            if c["mode"] == "B" {
                1.0
            } else {
                c["rho_a"].as_f64().unwrap()
            }
        };
        let mine: Vec<&Vec<String>> = rows.iter().filter(|row| row[0] == *case).collect();
        let mut skipped = 0;
        for row in &mine {
            let (kind, key, quantity) = (row[1].as_str(), row[2].as_str(), row[3].as_str());
            let want: f64 = row[4].parse().unwrap();
            let (a, b) = key.split_once(" -> ").unwrap_or((key, ""));
            let path = find(&r["paths"], |p| p["from"] == a && p["to"] == b);
            let outer = find(&r["outer"], |o| o["item"] == a && o["construct"] == b);
            let effect = |kind: &str| {
                find(&r["effects"], |e| {
                    e["kind"] == kind
                        && e["chain"][0] == a
                        && e["chain"].as_array().unwrap().last().unwrap() == b
                })
            };
            let got = match kind {
                // plspm scales each construct to unit variance with divisor n (its
                // `correction`, √((n-1)/n)); bprstat, seminr and SmartPLS with n - 1.
                "weight" if case.starts_with("plspm") => outer.unwrap()["weight"]
                    .as_f64()
                    .map(|w| w * (250.0f64 / 249.0).sqrt()),
                "weight" => outer.unwrap()["weight"].as_f64(),
                "loading" => outer.unwrap()["loading"].as_f64(),
                "vif_item" => outer.unwrap()["vif"].as_f64(),
                "path" => path.unwrap()["coefficient"].as_f64(),
                // seminr writes f² for every pair of a source and a target; it is 0 where
                // there is no path.
                "f2" => Some(path.map_or(0.0, |p| p["f2"].as_f64().unwrap())),
                "vif_inner" if plsc => {
                    skipped += 1;
                    continue;
                }
                "vif_inner" => path.unwrap()["vif"].as_f64(),
                "r2" => construct(key)["r2"].as_f64(),
                "adjr2" => construct(key)["adj_r2"].as_f64(),
                "total" => effect("total").unwrap()["estimate"].as_f64(),
                // seminr's total minus direct is ~1e-17 for a pair joined by a path alone.
                "indirect" => {
                    Some(effect("total_indirect").map_or(0.0, |e| e["estimate"].as_f64().unwrap()))
                }
                "reliability" => {
                    let q = match quantity {
                        "rhoC" => "rho_c",
                        "AVE" => "ave",
                        "rhoA" => "rho_a",
                        q => q,
                    };
                    construct(key)[q].as_f64()
                }
                "htmt" => pair(a, b).unwrap()["htmt"].as_f64(),
                "htmt2" => pair(a, b).unwrap()["htmt2"].as_f64(),
                "cross" => {
                    let c = find(&r["cross_loadings"], |c| c["item"] == a).unwrap();
                    let j = names.iter().position(|n| *n == b).unwrap();
                    c["values"][j].as_f64()
                }
                "cor" if a == b => {
                    skipped += 1;
                    continue;
                }
                // seminr's construct correlations are those of the scores; under PLSc bprstat
                // reports (and estimates the paths from) the disattenuated ones.
                "cor" => pair(a, b).unwrap()["correlation"].as_f64().map(|c| {
                    if plsc {
                        c * (rho_a(a) * rho_a(b)).sqrt()
                    } else {
                        c
                    }
                }),
                k => panic!("unknown reference kind {k}"),
            }
            .unwrap_or_else(|| panic!("{case}: {kind} {key} missing"));
            ck.check(kind, key, got, want, Scale::RelativeOrAbsolute);
        }
        assert_eq!(
            ck.count() + skipped,
            mine.len(),
            "{case}: every reference row compared"
        );
        counted.push(ck.count());
        ck.finish(1);
    }
    counted
}

#[test]
fn pls_agrees_with_seminr() {
    let n = agree("pls.csv", &["path", "modeb", "factorial", "plsc"]);
    assert_eq!(n, [433, 433, 433, 424], "values compared per case");
}

#[test]
fn pls_agrees_with_python_plspm() {
    let n = agree(
        "pls_plspm.csv",
        &[
            "plspm_path",
            "plspm_factorial",
            "plspm_centroid",
            "plspm_modeb",
        ],
    );
    assert!(n.iter().all(|&k| k == 66), "{n:?}");
}

/// The bootstrap (5,000 row resamples) against seminr's estimate_pls refitted on 5,000 other
/// resamples (tests/reference/pls_boot.R, and pls_bca.R for the BCa intervals): means within MC_SIGMAS Monte-Carlo SEs of the
/// difference of two means (SD √(2/B)), SDs within MC_SIGMAS √(1/B) relative (normal
/// theory), 2.5% and 97.5% percentiles within 0.25 bootstrap SD (MC_SIGMAS times the normal
/// theory SE of a difference of two such quantiles, 0.053 SD, is 0.21 SD).
#[test]
fn pls_bootstrap_agrees_with_seminr_within_monte_carlo_error() {
    use crate::common::MC_SIGMAS;
    let b = 5000.0f64;
    let r = json_of(
        bprstat()
            .arg("pls")
            .arg(fixture("pls/mobi.csv"))
            .arg("--model")
            .arg(fixture("pls/mobi.lav"))
            .args(["--boot", "5000", "--json"]),
    );
    assert_eq!(r["bootstrap"]["failed"], 0);
    let mut compared = 0;
    for row in read_csv(&root().join("tests/reference/pls_boot.csv")) {
        let (kind, key, q) = (row[1].as_str(), row[2].as_str(), row[3].as_str());
        let want: f64 = row[4].parse().unwrap();
        let (a, c) = key.split_once(" -> ").unwrap_or((key, ""));
        let boot = match kind {
            "path" => {
                find(&r["paths"], |p| p["from"] == a && p["to"] == c).unwrap()["boot"].clone()
            }
            "weight" | "loading" => find(&r["outer"], |o| o["item"] == a && o["construct"] == c)
                .unwrap()[format!("{kind}_boot")]
            .clone(),
            "r2" => find(&r["constructs"], |x| x["name"] == key).unwrap()["r2_boot"].clone(),
            "htmt" => find(&r["pairs"], |p| {
                (p["a"] == a && p["b"] == c) || (p["a"] == c && p["b"] == a)
            })
            .unwrap()["htmt_boot"]
                .clone(),
            k => panic!("unknown kind {k}"),
        };
        let sd = boot["sd"].as_f64().unwrap();
        let got = boot[q].as_f64().unwrap();
        let (err, tol) = match q {
            // A single indicator's weight and loading are 1 in every resample (seminr: up to
            // rounding).
            _ if sd < 1e-12 => ((got - want).abs(), 1e-12),
            "mean" => ((got - want).abs(), MC_SIGMAS * sd * (2.0 / b).sqrt()),
            "sd" => ((got - want).abs() / want, MC_SIGMAS * (1.0 / b).sqrt()),
            _ => ((got - want).abs(), 0.25 * sd),
        };
        assert!(
            err <= tol,
            "{kind} {key} {q}: bprstat {got} vs seminr {want} (error {err:.2e} > {tol:.2e})"
        );
        compared += 1;
    }
    assert_eq!(compared, 348);
    // BCa (tests/reference/pls_bca.R: boot.ci's BCa over 5,000 seminr refits, acceleration
    // from the jackknife): the acceleration is a function of the data alone and agrees to
    // PLS_REL; the bounds are compared within 0.25 bootstrap SD, as the percentile ones.
    let mut ck = Checker::new("pls BCa acceleration (pls_bca.csv)", PLS_REL);
    let mut bounds = 0;
    for row in read_csv(&root().join("tests/reference/pls_bca.csv")) {
        let (kind, key, q) = (row[1].as_str(), row[2].as_str(), row[3].as_str());
        let want: f64 = row[4].parse().unwrap();
        let (a, c) = key.split_once(" -> ").unwrap_or((key, ""));
        let boot = match kind {
            "path" => &find(&r["paths"], |p| p["from"] == a && p["to"] == c).unwrap()["boot"],
            "r2" => &find(&r["constructs"], |x| x["name"] == key).unwrap()["r2_boot"],
            k => panic!("unknown kind {k}"),
        };
        let got = boot[q].as_f64().unwrap();
        if q == "acceleration" {
            ck.check(q, key, got, want, Scale::RelativeOrAbsolute);
        } else {
            let tol = 0.25 * boot["sd"].as_f64().unwrap();
            assert!(
                (got - want).abs() <= tol,
                "{kind} {key} {q}: bprstat {got} vs boot.ci {want} (error {:.2e} > {tol:.2e})",
                (got - want).abs()
            );
            bounds += 1;
        }
    }
    assert_eq!((ck.count(), bounds), (18, 36));
    ck.finish(18);
}

/// Clusters of one row each resample exactly as rows do; the clusters of a real cluster
/// variable are resampled whole (their count reported), which widens the intervals of data
/// whose clusters differ.
#[test]
fn pls_cluster_bootstrap_of_single_rows_is_the_row_bootstrap() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pls-cluster");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture("pls/mobi.csv")).unwrap();
    let mut lines = text.lines();
    let mut out = format!("{},row_id\n", lines.next().unwrap());
    for (i, l) in lines.enumerate() {
        out.push_str(&format!("{l},c{i:03}\n"));
    }
    let data = dir.join("mobi_ids.csv");
    std::fs::write(&data, out).unwrap();
    let run = |cluster: bool| {
        let mut c = bprstat();
        c.arg("pls")
            .arg(&data)
            .arg("--model")
            .arg(fixture("pls/mobi.lav"))
            .args(["--boot", "300", "--json"]);
        if cluster {
            c.args(["--cluster", "row_id"]);
        }
        json_of(&mut c)
    };
    let (rows, clusters) = (run(false), run(true));
    assert_eq!(clusters["bootstrap"]["clusters"], 250);
    assert_eq!(rows["paths"], clusters["paths"]);
    assert_eq!(rows["outer"], clusters["outer"]);
}

/// Every specific indirect effect is the product of its paths, and those from one construct
/// to another add up to the total indirect effect.
#[test]
fn pls_specific_indirect_effects_add_up() {
    let r = fit("path");
    let coef = |a: &str, b: &str| {
        find(&r["paths"], |p| p["from"] == a && p["to"] == b).unwrap()["coefficient"]
            .as_f64()
            .unwrap()
    };
    let effects = r["effects"].as_array().unwrap();
    let mut totals = 0;
    for t in effects.iter().filter(|e| e["kind"] == "total_indirect") {
        let (from, to) = (&t["chain"][0], &t["chain"][1]);
        let mut sum = 0.0;
        for s in effects.iter().filter(|e| {
            e["kind"] == "specific_indirect"
                && &e["chain"][0] == from
                && e["chain"].as_array().unwrap().last() == Some(to)
        }) {
            let chain: Vec<&str> = s["chain"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap())
                .collect();
            let product: f64 = chain.windows(2).map(|w| coef(w[0], w[1])).product();
            assert!((s["estimate"].as_f64().unwrap() - product).abs() < 1e-15);
            sum += product;
        }
        assert!(
            (t["estimate"].as_f64().unwrap() - sum).abs() < 1e-14,
            "{from} -> {to}"
        );
        totals += 1;
    }
    // Image reaches 5 constructs through others, Expectation 4, Quality 3, Value 2,
    // Satisfaction 1.
    assert_eq!(totals, 15);
}

/// The model of a fixture's lavaan text as the estimator's spec over the CSV's columns.
fn mobi_spec(model: &str, columns: &[String]) -> bprstat::estimate::pls::PlsSpec {
    use bprstat::estimate::pls::{Block, Mode, PlsSpec, Scheme};
    let text = std::fs::read_to_string(fixture(&format!("pls/{model}.lav"))).unwrap();
    let mut blocks: Vec<Block> = Vec::new();
    let mut paths = Vec::new();
    for line in text.lines() {
        let (lhs, op, rhs) = ["=~", "<~", "~"]
            .iter()
            .find_map(|op| line.split_once(op).map(|(l, r)| (l.trim(), *op, r)))
            .unwrap();
        let names: Vec<&str> = rhs.split('+').map(str::trim).collect();
        if op == "~" {
            let to = blocks.iter().position(|b| b.name == lhs).unwrap();
            for f in names {
                paths.push((blocks.iter().position(|b| b.name == f).unwrap(), to));
            }
        } else {
            blocks.push(Block {
                name: lhs.to_string(),
                items: names
                    .iter()
                    .map(|n| columns.iter().position(|c| c == n).unwrap())
                    .collect(),
                mode: if op == "<~" { Mode::B } else { Mode::A },
                common_factor: op == "=~",
            });
        }
    }
    PlsSpec {
        blocks,
        paths,
        scheme: Scheme::Path,
        consistent: false,
    }
}

/// PLSpredict against seminr's estimate_pls and predict() on the same folds (10 folds × 3
/// repetitions; tests/reference/pls_predict.R, which also records where it departs from
/// seminr's predict_pls): Q²predict, RMSE and MAE of PLS (DA and EA; Mode A and a model with
/// two Mode B blocks) and of the linear benchmark (R's lm()).
#[test]
fn pls_predict_agrees_with_seminr_on_the_same_folds() {
    use bprstat::estimate::pls_predict::{Technique, predict};
    let path = fixture("pls/mobi.csv");
    let header = std::fs::read_to_string(&path).unwrap();
    let columns: Vec<String> = header
        .lines()
        .next()
        .unwrap()
        .split(',')
        .map(|c| c.trim_matches('"').to_string())
        .collect();
    let rows = read_csv(&path);
    let data = ndarray::Array2::from_shape_fn((rows.len(), columns.len()), |(i, j)| {
        rows[i][j].parse::<f64>().unwrap()
    });
    let folds_csv = read_csv(&fixture("pls/mobi_folds.csv"));
    let folds: Vec<Vec<usize>> = (0..folds_csv[0].len())
        .map(|r| {
            folds_csv
                .iter()
                .map(|row| row[r].parse::<usize>().unwrap() - 1)
                .collect()
        })
        .collect();
    let reference = read_csv(&root().join("tests/reference/pls_predict.csv"));
    let mut ck = Checker::new("PLSpredict (pls_predict.R)", PLS_REL);
    for (case, model, technique) in [
        ("da", "mobi", Technique::DA),
        ("ea", "mobi", Technique::EA),
        ("modeb_da", "mobi_modeb", Technique::DA),
    ] {
        let spec = mobi_spec(model, &columns);
        let got = predict(&spec, &data, &columns, &folds, technique).unwrap();
        assert_eq!((got.folds, got.repetitions), (10, 3));
        assert_eq!(got.benchmark_constructs, ["Image"]);
        let mine: Vec<_> = reference.iter().filter(|r| r[0] == case).collect();
        assert_eq!(mine.len(), 6 * got.items.len(), "{case}: endogenous items");
        for row in mine {
            let item = got.items.iter().find(|i| i.item == row[1]).unwrap();
            let value = match row[2].as_str() {
                "q2predict" => item.q2_predict,
                "rmse" => item.rmse,
                "mae" => item.mae,
                "lm_rmse" => item.lm_rmse,
                "lm_mae" => item.lm_mae,
                "lm_q2predict" => item.lm_q2_predict,
                q => panic!("unknown quantity {q}"),
            };
            ck.check(
                &row[2],
                &format!("{case} {}", row[1]),
                value,
                row[3].parse().unwrap(),
                Scale::Relative,
            );
        }
    }
    ck.finish(342);
}

/// SRMR of the saturated and the estimated model against cSEM (tests/reference/pls_srmr.R):
/// PLS (composites) and PLSc (common factors), each also with two Mode B blocks.
#[test]
fn pls_srmr_agrees_with_csem() {
    let reference = read_csv(&root().join("tests/reference/pls_srmr.csv"));
    let mut ck = Checker::new("PLS SRMR (pls_srmr.R)", PLS_REL);
    for case in ["pls", "modeb", "plsc", "modeb_plsc"] {
        let r = fit(case);
        for row in reference.iter().filter(|r| r[0] == case) {
            ck.check(
                &row[1],
                case,
                r[row[1].as_str()].as_f64().unwrap(),
                row[2].parse().unwrap(),
                Scale::Relative,
            );
        }
    }
    ck.finish(8);
}

/// Mean replacement (`--missing-data mean`, SmartPLS's and seminr's default) against seminr's
/// estimate_pls(missing = mean_replacement) on mobi with 5% of every indicator removed
/// (tests/reference/pls_mean.R): weights, loadings, paths and R².
#[test]
fn pls_mean_replacement_agrees_with_seminr() {
    let r = json_of(
        bprstat()
            .arg("pls")
            .arg(fixture("pls/mobi_missing.csv"))
            .arg("--model")
            .arg(fixture("pls/mobi.lav"))
            .args(["--missing-data", "mean", "--json"]),
    );
    assert_eq!(r["nobs"], 250);
    assert!(
        r["notes"].as_array().unwrap().iter().any(|n| n
            .as_str()
            .unwrap()
            .starts_with("Missing answers: 288 of 6000")),
        "{}",
        r["notes"]
    );
    let reference = read_csv(&root().join("tests/reference/pls_mean.csv"));
    let mut ck = Checker::new("PLS mean replacement (pls_mean.R)", PLS_REL);
    for row in &reference {
        let (a, b) = row[1].split_once(" -> ").unwrap_or((&row[1], ""));
        let got = match row[0].as_str() {
            "outer_weights" | "outer_loadings" => {
                let o = find(&r["outer"], |o| o["item"] == a && o["construct"] == b).unwrap();
                o[if row[0] == "outer_weights" {
                    "weight"
                } else {
                    "loading"
                }]
                .as_f64()
            }
            "path_coef" => {
                find(&r["paths"], |p| p["from"] == a && p["to"] == b).unwrap()["coefficient"]
                    .as_f64()
            }
            _ => find(&r["constructs"], |c| c["name"] == a).unwrap()["r2"].as_f64(),
        };
        ck.check(
            &row[0],
            &row[1],
            got.unwrap(),
            row[2].parse().unwrap(),
            Scale::Relative,
        );
    }
    ck.finish(66);
}
