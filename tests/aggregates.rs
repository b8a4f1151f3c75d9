//! Models finished from sums (`bprstat sql STUDY`, `bprstat run STUDY --aggregates`): the
//! query run by polars' streaming engine on the default study's data — as one CSV and as
//! Parquet shards — gives the committed row-level models (QR on the rows) to SUMS_REL;
//! sums of another version of the study are refused. With the items' moments (`sql
//! --measurement`), reliability, KMO, the EFA and the CFA equal the committed ones exactly.

use crate::common::{CRITERION_SUMS_REL, SUMS_REL, bprstat, json_of, root, succeeds};
use std::path::{Path, PathBuf};

/// The committed row-level models of the default study.
fn committed_models() -> Vec<serde_json::Value> {
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("notebooks-out/zhejiang-asc/results.json")).unwrap(),
    )
    .unwrap();
    results["models"].as_array().unwrap().clone()
}

/// Compare every finished model with the committed one of its name.
fn compare_all(got: &serde_json::Value) -> Vec<String> {
    let committed = committed_models();
    got["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let name = m["name"].as_str().unwrap();
            let want = committed.iter().find(|w| w["name"] == name).unwrap();
            println!("{name}: worst relative error {:e}", compare(m, want, name));
            name.to_string()
        })
        .collect()
}

/// Every number of the models' coefficients and summaries: the finished `got` against the
/// committed row-level `want`, relative to SUMS_REL (p-values absolutely: a p of 1e-20 moves
/// with t's last digits). Returns the worst relative error.
fn compare(got: &serde_json::Value, want: &serde_json::Value, model: &str) -> f64 {
    let mut worst: f64 = 0.0;
    // `floor`: the scale below which a value's error is measured against it instead (a
    // coefficient near 0, such as an intercept of 0.0024 with SE 0.16, against its SE: its
    // relative error is ill-conditioned; the sums' order of addition, which polars'
    // streaming engine does not fix, moves such a value by ~1e-12 of itself).
    let mut check = |what: String, g: f64, w: f64, abs: bool, floor: f64| {
        let err = if abs {
            (g - w).abs()
        } else {
            (g - w).abs() / w.abs().max(floor).max(1e-300)
        };
        assert!(err <= SUMS_REL, "{model} {what}: {g} vs {w} ({err:e})");
        if !abs {
            worst = worst.max(err);
        }
    };
    let gt = got["tidy"].as_array().unwrap();
    let wt = want["tidy"].as_array().unwrap();
    assert_eq!(gt.len(), wt.len(), "{model}: terms");
    for (g, w) in gt.iter().zip(wt) {
        assert_eq!(g["term"], w["term"]);
        let se = w["std_error"].as_f64().unwrap();
        let beta_se = w["std_estimate"]
            .as_f64()
            .map_or(0.0, |b| b / w["estimate"].as_f64().unwrap() * se);
        for (key, floor) in [
            ("estimate", se),
            ("std_error", 0.0),
            ("statistic", 1.0),
            ("conf_low", se),
            ("conf_high", se),
            ("std_estimate", beta_se),
            ("df", 0.0),
            ("tolerance", 0.0),
            ("vif", 0.0),
        ] {
            if w[key].is_null() {
                assert!(g[key].is_null(), "{model} {} {key}", w["term"]);
                continue;
            }
            check(
                format!("{} {key}", w["term"]),
                g[key].as_f64().unwrap(),
                w[key].as_f64().unwrap(),
                false,
                floor,
            );
        }
        check(
            format!("{} p", w["term"]),
            g["p_value"].as_f64().unwrap(),
            w["p_value"].as_f64().unwrap(),
            true,
            0.0,
        );
    }
    for key in [
        "r_squared",
        "adj_r_squared",
        "sigma",
        "statistic",
        "log_lik",
        "aic",
        "bic",
    ] {
        check(
            format!("glance {key}"),
            got["glance"][key].as_f64().unwrap(),
            want["glance"][key].as_f64().unwrap(),
            false,
            0.0,
        );
    }
    assert_eq!(got["glance"]["nobs"], want["glance"]["nobs"]);
    assert_eq!(got["glance"]["df_residual"], want["glance"]["df_residual"]);
    assert_eq!(
        got["covariance"]["clusters"],
        want["covariance"]["clusters"]
    );
    assert_eq!(got["sample"]["rows_read"], want["sample"]["rows_read"]);
    check(
        "Wald F".into(),
        got["glance"]["robust_wald"]["statistic"].as_f64().unwrap(),
        want["glance"]["robust_wald"]["statistic"].as_f64().unwrap(),
        false,
        0.0,
    );
    worst
}

/// Run the sums on `study` (in `dir`) into `sums`, finish them, and compare with the
/// committed models.
fn finished_equal_committed(dir: &Path, study: &str, sums: &Path) {
    succeeds(
        bprstat()
            .current_dir(dir)
            .args(["sql", study, "--run"])
            .arg(sums),
    );
    let got = json_of(
        bprstat()
            .current_dir(dir)
            .args(["run", study, "--json", "--aggregates"])
            .arg(sums),
    );
    assert_eq!(compare_all(&got), ["process", "result", "result_mediated"]);
}

#[test]
fn the_sums_give_the_committed_models_from_one_csv_and_from_parquet_shards() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aggregates");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let query = succeeds(
        bprstat()
            .current_dir(root())
            .args(["sql", "data/zhejiang-asc.toml"]),
    );
    assert!(query.contains("GROUP BY \"(cluster)\""), "{query}");
    assert!(
        query.contains("-- Left out: process_blocks (a categorical term C(..)"),
        "{query}"
    );
    assert!(
        query.contains("-- Left out: result_stepwise (a variable selection"),
        "{query}"
    );
    // Spark's dialect: names in backticks, DOUBLE; the same fingerprint.
    let spark = succeeds(bprstat().current_dir(root()).args([
        "sql",
        "data/zhejiang-asc.toml",
        "--dialect",
        "spark",
    ]));
    let body = spark.split("WITH cleaned").nth(1).unwrap();
    assert!(
        body.contains("CAST(`SP1` AS DOUBLE)") && !body.contains('"'),
        "{spark}"
    );
    let print = |q: &str| q.split("MIN('").nth(1).unwrap()[..24].to_string();
    assert_eq!(print(&spark), print(&query));
    // One CSV, read by the query as the study names it.
    finished_equal_committed(&root(), "data/zhejiang-asc.toml", &dir.join("sums.csv"));
    // Parquet shards of unequal sizes.
    crate::shards::default_study_in_shards(&dir, &[100, 600]);
    finished_equal_committed(&dir, "study.toml", &dir.join("sums.parquet"));
    // Partial sums (here per shard: a cluster in several rows) are added before the fit.
    let mut partial: Option<polars::prelude::DataFrame> = None;
    for (k, shard) in ["part-00", "part-0[12]"].iter().enumerate() {
        let one = std::fs::read_to_string(dir.join("study.toml"))
            .unwrap()
            .replacen("parts/part-*.parquet", &format!("parts/{shard}.parquet"), 1);
        std::fs::write(dir.join(format!("s{k}.toml")), one).unwrap();
        let sums = dir.join(format!("s{k}.parquet"));
        succeeds(
            bprstat()
                .current_dir(&dir)
                .args(["sql", &format!("s{k}.toml"), "--run"])
                .arg(&sums),
        );
        use polars::prelude::SerReader;
        let df = polars::prelude::ParquetReader::new(std::fs::File::open(&sums).unwrap())
            .finish()
            .unwrap();
        partial = Some(match partial {
            None => df,
            Some(mut all) => {
                all.vstack_mut(&df).unwrap();
                all
            }
        });
    }
    let mut partial = partial.unwrap();
    assert!(partial.height() > 57, "clusters in several rows");
    use polars::prelude::SerWriter;
    let f = std::fs::File::create(dir.join("partial.csv")).unwrap();
    polars::prelude::CsvWriter::new(f)
        .finish(&mut partial)
        .unwrap();
    let got = json_of(bprstat().current_dir(&dir).args([
        "run",
        "study.toml",
        "--json",
        "--aggregates",
        "partial.csv",
    ]));
    assert_eq!(compare_all(&got).len(), 3);
}

/// Sums of another version of the study (a missing code added) are refused, naming why.
#[test]
fn sums_of_another_version_of_the_study_are_refused() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aggregates-stale");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let study = std::fs::read_to_string(root().join("data/zhejiang-asc.toml")).unwrap();
    std::fs::copy(
        root().join("data/zhejiang-asc.csv"),
        dir.join("zhejiang-asc.csv"),
    )
    .unwrap();
    std::fs::write(dir.join("s.toml"), &study).unwrap();
    succeeds(
        bprstat()
            .current_dir(&dir)
            .args(["sql", "s.toml", "--run", "sums.csv"]),
    );
    std::fs::write(
        dir.join("s.toml"),
        study.replacen("missing = [9, 99]", "missing = [9, 99, 0]", 1),
    )
    .unwrap();
    let out = bprstat()
        .current_dir(&dir)
        .args(["run", "s.toml", "--aggregates", "sums.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the sums in sums.csv: they were computed by another query"),
        "{err}"
    );
    assert!(err.contains("run `bprstat sql s.toml` again"), "{err}");
}

/// `sql --engine`: the query reaches the engine's client whole (on its input, or in the
/// file named by {query}), in the dialect asked for and on the table named; what the client
/// prints (tab-separated, as spark-sql prints) is read, checked and written as the sums, and
/// the models finished from them are those from the sums computed here. (The engine here is
/// a stand-in: `cmp` fails unless the query is exactly `bprstat sql` printed; a real Spark
/// cluster runs in tests/engines/spark.sh.)
#[test]
fn an_engine_s_result_is_read_checked_and_written() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aggregates-engine");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("data/zhejiang-asc.toml"), dir.join("s.toml")).unwrap();
    std::fs::copy(
        root().join("data/zhejiang-asc.csv"),
        dir.join("zhejiang-asc.csv"),
    )
    .unwrap();
    succeeds(
        bprstat()
            .current_dir(&dir)
            .args(["sql", "s.toml", "--run", "here.csv"]),
    );
    let query = succeeds(bprstat().current_dir(&dir).args([
        "sql",
        "s.toml",
        "--dialect",
        "spark",
        "--table",
        "survey.answers",
    ]));
    assert!(query.contains("FROM survey.answers"), "{query}");
    std::fs::write(dir.join("q.sql"), &query).unwrap();
    let here = std::fs::read_to_string(dir.join("here.csv")).unwrap();
    assert!(!here.contains('"') && !here.contains('\t'));
    std::fs::write(dir.join("engine.tsv"), here.replace(',', "\t")).unwrap();
    let finish = |sums: &str| {
        succeeds(bprstat().current_dir(&dir).args([
            "run",
            "s.toml",
            "--json",
            "--aggregates",
            sums,
        ]))
    };
    let want = finish("here.csv");
    for (engine, sums) in [
        ("cmp -s - q.sql && cat engine.tsv", "stdin.parquet"),
        ("cmp -s {query} q.sql && cat engine.tsv", "file.csv"),
    ] {
        succeeds(bprstat().current_dir(&dir).args([
            "sql",
            "s.toml",
            "--dialect",
            "spark",
            "--table",
            "survey.answers",
            "--engine",
            engine,
            "--run",
            sums,
        ]));
        assert_eq!(finish(sums), want, "{engine}");
    }
    // A query that does not arrive whole fails the stand-in: nothing is written.
    let out = bprstat()
        .current_dir(&dir)
        .args([
            "sql",
            "s.toml",
            "--engine",
            "cmp -s - q.sql && cat engine.tsv",
        ])
        .args(["--run", "standard.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.join("standard.csv").exists());
}

/// `sql --measurement`: the items' moments per cluster (each construct's complete cases and
/// all items'), from which reliability, KMO and Bartlett, the EFA (with parallel analysis)
/// and the CFA equal the committed report's bit for bit: the answers are whole numbers, so
/// every engine sums them exactly, and the moments are formed from the exact sums as the
/// row-level run forms them (crate::numeric::moments). From one CSV and from Parquet shards
/// (partial sums per shard added).
#[test]
fn the_items_moments_give_the_committed_measurement_exactly() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aggregates-measurement");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("notebooks-out/zhejiang-asc/results.json")).unwrap(),
    )
    .unwrap();
    crate::shards::default_study_in_shards(&dir, &[100, 600]);
    for (cwd, study, sums) in [
        (root(), "data/zhejiang-asc.toml", dir.join("one.csv")),
        (dir.clone(), "study.toml", dir.join("shards.parquet")),
    ] {
        succeeds(
            bprstat()
                .current_dir(&cwd)
                .args(["sql", study, "--measurement", "--run"])
                .arg(&sums),
        );
        let got = json_of(
            bprstat()
                .current_dir(&cwd)
                .args(["run", study, "--json", "--aggregates"])
                .arg(&sums),
        );
        let m = &got["measurement"];
        for key in ["reliability", "adequacy", "efa", "cfa"] {
            assert!(!results[key].is_null(), "{key}");
            assert_eq!(m[key], results[key], "{key} from {}", sums.display());
        }
        assert_eq!(m["notes"], serde_json::json!([]));
        // The models are finished as without the moments.
        assert_eq!(compare_all(&got).len(), 3);
    }
    // Sums without the moments give the models and no measurement.
    succeeds(
        bprstat()
            .current_dir(&dir)
            .args(["sql", "study.toml", "--run", "plain.csv"]),
    );
    let plain = json_of(bprstat().current_dir(&dir).args([
        "run",
        "study.toml",
        "--json",
        "--aggregates",
        "plain.csv",
    ]));
    assert!(plain["measurement"].is_null());
}

/// The items' moments as `sql --measurement` prints them (the SQL an engine runs, here run
/// whole by polars) equal those `--run` adds per cluster itself beside polars' sums of the
/// models (crate::io::moments): every sum of every cluster, exactly (whole-number answers),
/// and the same fingerprint.
#[test]
fn the_moments_query_and_the_moments_added_here_agree() {
    use bprstat::study::aggregate::{Dialect, Extras, local_query, sql};
    let study = bprstat::study::Study::from_file(&root().join("data/zhejiang-asc.toml")).unwrap();
    // With the benchmark's sums too, which polars sums in both.
    let extras = Extras {
        measurement: true,
        benchmark: true,
    };
    let query = sql(&study, "data", Dialect::Standard, extras).unwrap();
    let run = |q: &str, m| {
        bprstat::io::query::run_sql(&study.data.path, study.data.format, "data", q, m).unwrap()
    };
    let whole = run(&query, None);
    let (models, moments) = local_query(&study, "data", true).unwrap();
    let here = run(&models, Some(&moments));
    assert_eq!(whole.height(), here.height());
    assert_eq!(whole.get_column_names(), here.get_column_names());
    let names: Vec<String> = whole
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert!(
        names.iter().any(|n| n == "(all items).SP2*SP1"),
        "{} columns",
        names.len()
    );
    let mut compared = 0;
    for n in &names {
        let (a, b) = (whole.column(n).unwrap(), here.column(n).unwrap());
        if n == "bprstat_sql" || n == "(cluster)" {
            let text = |c: &polars::prelude::Column| {
                let c = c.cast(&polars::prelude::DataType::String).unwrap();
                c.str()
                    .unwrap()
                    .iter()
                    .map(|v| v.map(str::to_string))
                    .collect::<Vec<_>>()
            };
            assert_eq!(text(a), text(b), "{n}");
            continue;
        }
        let (a, b) = (
            a.cast(&polars::prelude::DataType::Float64).unwrap(),
            b.cast(&polars::prelude::DataType::Float64).unwrap(),
        );
        let (a, b) = (a.f64().unwrap(), b.f64().unwrap());
        // The items' moments (whole numbers) exactly; the models' and league tables' sums of
        // scores (decimals) to SUMS_REL: the two plans add them in different orders.
        let moment =
            n.starts_with('(') && !n.starts_with("(league)") && !n.starts_with("(benchmark)");
        for (x, y) in a.iter().zip(b.iter()) {
            match (x, y) {
                (Some(x), Some(y)) if !moment => {
                    assert!((x - y).abs() <= SUMS_REL * y.abs(), "{n}: {x} {y}")
                }
                _ => assert_eq!(x, y, "{n}"),
            }
        }
        compared += usize::from(moment);
    }
    assert!(compared > 700, "{compared} columns");
}

/// Every number and text of `got` against `want` (the committed row-level benchmark),
/// numbers to SUMS_REL relative (absolute below 1; differences of a criterion to
/// CRITERION_SUMS_REL),
/// keys in `skip` left out. Adds to the worst errors (of the others, of the differences)
/// and the count of numbers compared.
fn compare_tree(
    got: &serde_json::Value,
    want: &serde_json::Value,
    path: &str,
    skip: &[&str],
    worst: &mut (f64, f64, usize),
) {
    use serde_json::Value;
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (key, wv) in w {
                if skip.contains(&key.as_str()) {
                    continue;
                }
                let gv = g.get(key).unwrap_or(&Value::Null);
                compare_tree(gv, wv, &format!("{path}.{key}"), skip, worst);
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{path}: lengths");
            for (k, (gv, wv)) in g.iter().zip(w).enumerate() {
                compare_tree(gv, wv, &format!("{path}[{k}]"), skip, worst);
            }
        }
        (Value::Number(g), Value::Number(w)) => {
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            // p-values and values near 0 absolutely.
            let err = (g - w).abs() / w.abs().max(1.0);
            let difference = [
                "sd_conf_low",
                "sd_conf_high",
                "random_effect_test.statistic",
            ]
            .iter()
            .any(|k| path.ends_with(k));
            let tol = if difference {
                CRITERION_SUMS_REL
            } else {
                SUMS_REL
            };
            assert!(err <= tol, "{path}: {g} vs {w} ({err:e})");
            if difference {
                worst.1 = worst.1.max(err);
            } else {
                worst.0 = worst.0.max(err);
            }
            worst.2 += 1;
        }
        (g, w) => assert_eq!(g, w, "{path}"),
    }
}

/// `sql --benchmark`: per center the count, sum and sum of squares of each outcome and
/// factor, and the sums of `[benchmark] models`, give the league tables (REML fits, ICCs,
/// EB means and SDs, rank intervals from the same seeded draws, bands, funnel limits), the
/// models with a random intercept (with profile intervals) and those on center means as the
/// row-level benchmark gives them: the committed report's, from one CSV and from Parquet
/// shards (partial sums per shard, with the items' moments beside).
#[test]
fn the_benchmark_from_sums_equals_the_committed_row_level_benchmark() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("aggregates-benchmark");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let results: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("notebooks-out/zhejiang-asc/results.json")).unwrap(),
    )
    .unwrap();
    let want = &results["benchmark"];
    let query = succeeds(bprstat().current_dir(root()).args([
        "sql",
        "data/zhejiang-asc.toml",
        "--benchmark",
    ]));
    assert!(
        query.contains(
            "SUM(CASE WHEN \"(league) process.complete\" = 1 THEN \"process\" * \"process\" END)"
        ),
        "{query}"
    );
    crate::shards::default_study_in_shards(&dir, &[100, 600]);
    // In the shards' study, the second model of the benchmark is one the sums do not fit as
    // a regression (a stepwise selection) but sum for the benchmark alone; its formula is
    // that of `result`, so it must give the committed `result` benchmark models.
    let toml = std::fs::read_to_string(dir.join("study.toml")).unwrap();
    let replaced = toml.replacen(
        "outcomes = [\"process\", \"result\"]\nmodels = [\"process\", \"result\"]",
        "outcomes = [\"process\", \"result\"]\nmodels = [\"process\", \"result_stepwise\"]",
        1,
    );
    assert_ne!(toml, replaced);
    std::fs::write(dir.join("study.toml"), replaced).unwrap();
    for (cwd, study, sums, extra) in [
        (root(), "data/zhejiang-asc.toml", dir.join("one.csv"), None),
        (
            dir.clone(),
            "study.toml",
            dir.join("shards.parquet"),
            Some("--measurement"),
        ),
    ] {
        succeeds(
            bprstat()
                .current_dir(&cwd)
                .args(["sql", study, "--benchmark", "--run"])
                .arg(&sums)
                .args(extra),
        );
        let got = json_of(
            bprstat()
                .current_dir(&cwd)
                .args(["run", study, "--json", "--aggregates"])
                .arg(&sums),
        );
        let mut got = got;
        if extra.is_some() {
            let query = succeeds(
                bprstat()
                    .current_dir(&cwd)
                    .args(["sql", study, "--benchmark"]),
            );
            assert!(
                query.contains("\"(benchmark) result_stepwise.(n)\""),
                "{query}"
            );
            for key in ["models", "ecological"] {
                let g = &mut got["benchmark"][key][1];
                assert!(
                    g["name"].as_str().unwrap().starts_with("result_stepwise"),
                    "{g}"
                );
                for k in ["name", "title"] {
                    g[k] = want[key][1][k].clone();
                }
            }
        }
        let b = &got["benchmark"];
        // What sums cannot give is said.
        let notes = b["notes"].to_string();
        assert!(notes.contains("adjusted for case mix"), "{notes}");
        assert!(notes.contains("composite indices"), "{notes}");
        assert!(b["adjusted"].is_null(), "{}", b["adjusted"]);
        let mut worst = (0.0, 0.0, 0);
        // Notes, the per-variable missing counts (not in the sums) and the optimizer's own
        // bookkeeping (its number of evaluations, a gradient of ~1e-14 at the optimum) aside.
        let skip = ["notes", "missing_by_variable", "evaluations", "gradient"];
        for key in ["outcomes", "factors", "models", "ecological"] {
            assert!(!want[key].as_array().unwrap().is_empty(), "{key}");
            compare_tree(&b[key], &want[key], key, &skip, &mut worst);
        }
        println!(
            "benchmark from {}: {} numbers, worst relative error {:e} ({:e} of differences of the criterion)",
            sums.display(),
            worst.2,
            worst.0,
            worst.1
        );
        assert!(worst.2 > 5_000, "{}", worst.2);
        assert_eq!(compare_all(&got).len(), 3);
    }
    // Waves need each wave's rows: refused with the key.
    let out = bprstat()
        .current_dir(root())
        .args(["sql", "data/zhejiang-asc-waves.toml", "--benchmark"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("benchmark.wave"), "{err}");
}
