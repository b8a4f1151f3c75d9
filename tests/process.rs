//! `bprstat process` against real SPSS PROCESS output: release 2.16.3 on seven 1,000-row data
//! sets (models 1, 4, 6, 7, 8, 14, 58), from the MIT-licensed test suite of pyprocessmacro
//! (tests/fixtures/process, README there). Each model runs as PROCESS was run:
//!
//!   process vars = <Varlist_ModelN.txt> /y=y /x=x /m=... /w=... /model=N /hc3=1 /boot=5000
//!     (bias-corrected intervals, moderator values at the mean and +/- 1 SD: PROCESS 2's
//!     defaults)
//!
//! = `bprstat process Data_ModelN.csv --model N --x x --y y --m ... --w ... --se hc3
//!   --boot 5000 --boot-ci bc --moderator-values mean-sd --json`.
//!
//! Every deterministic number PROCESS printed (model summaries, coefficients with se, t, p and
//! intervals, R2 changes, direct and conditional effects, moderator values, point estimates
//! of indirect effects and indices) must round to the printed 4 decimals (PRINTED_4DP). The
//! bootstrap columns come from other random draws: they must agree within Monte-Carlo error
//! (MC_SIGMAS standard errors of the difference of two independent bootstraps of B = 5,000).
//! In PROCESS 2 the model-1 moderator is called M and model 14's V; here both are W.

use crate::common::{
    Checker, MC_SIGMAS, PRINTED_4DP, R_REL, Scale, bprstat, fixture, json_of, read_csv, root,
};
use serde_json::Value;

const B: f64 = 5000.0;

/// PROCESS's printed output as lines of tokens.
struct Printed {
    lines: Vec<String>,
}

impl Printed {
    fn read(model: u32) -> Printed {
        let text =
            std::fs::read_to_string(fixture(&format!("process/Results_OLS_Model{model}.txt")))
                .unwrap();
        Printed {
            lines: text
                .trim_start_matches('\u{feff}')
                .lines()
                .map(|l| l.trim_end().to_string())
                .collect(),
        }
    }

    /// Rows of tokens after the line `title` (starting at its `nth` occurrence) and one
    /// header line, up to the next blank line.
    fn rows_after(&self, title: &str, nth: usize) -> Vec<Vec<String>> {
        let Some(start) = self
            .lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() == title)
            .map(|(i, _)| i)
            .nth(nth)
        else {
            return Vec::new();
        };
        self.lines[start + 2..]
            .iter()
            .take_while(|l| !l.trim().is_empty())
            .map(|l| l.split_whitespace().map(str::to_string).collect())
            .collect()
    }

    /// Each outcome: its name and the line index of "Outcome: name".
    fn outcomes(&self) -> Vec<(String, usize)> {
        self.lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| {
                l.strip_prefix("Outcome: ")
                    .map(|n| (n.trim().to_string(), i))
            })
            .collect()
    }
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("\"{s}\" is not a printed number"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

fn run(model: u32, m: &str, w: Option<&str>) -> Value {
    let data = fixture(&format!("process/Data_Model{model}.csv"));
    let mut c = bprstat();
    c.arg("process").arg(&data).args([
        "--model",
        &model.to_string(),
        "--x",
        "x",
        "--y",
        "y",
        "--se",
        "hc3",
        "--boot",
        "5000",
        "--boot-ci",
        "bc",
        "--moderator-values",
        "mean-sd",
        "--json",
    ]);
    if !m.is_empty() {
        c.args(["--m", m]);
    }
    if let Some(w) = w {
        c.args(["--w", w]);
    }
    json_of(&mut c)
}

/// Monte-Carlo standard error of the difference of two bootstrap SEs (each sd/sqrt(2B)).
fn se_of_se(se: f64) -> f64 {
    se / B.sqrt()
}

/// Monte-Carlo standard error of the difference of two bias-corrected 2.5%/97.5% bounds: a
/// percentile bound's sd is sqrt(a(1-a)/B)/phi(z_a) SEs (a = .025: 0.0378), times sqrt(2) for
/// two bootstraps and 1.5 for the estimated bias correction.
fn se_of_bound(se: f64) -> f64 {
    let a: f64 = 0.025;
    let phi = (-0.5f64 * 1.959964f64.powi(2)).exp() / (2.0 * std::f64::consts::PI).sqrt();
    (a * (1.0 - a) / B).sqrt() / phi * 2f64.sqrt() * 1.5 * se
}

/// Compare the printed equations (summary, coefficients, R2 change) with ours.
fn check_equations(c: &mut Checker, p: &Printed, ours: &Value) {
    let eqs = ours["equations"].as_array().unwrap();
    for (name, start) in p.outcomes() {
        let e = eqs
            .iter()
            .find(|e| e["outcome"] == name.as_str())
            .unwrap_or_else(|| panic!("no equation for {name}"));
        let lines = &p.lines[start..];
        let at = |title: &str| lines.iter().position(|l| l.trim() == title).unwrap();
        let s: Vec<f64> = lines[at("Model Summary") + 2]
            .split_whitespace()
            .map(num)
            .collect();
        let sum = &e["summary"];
        for (key, want) in [
            "r",
            "r_squared",
            "mse",
            "statistic",
            "df1",
            "df2",
            "p_value",
        ]
        .iter()
        .zip(&s)
        {
            c.check(
                key,
                &format!("{name} summary"),
                f(&sum[key]),
                *want,
                Scale::Absolute,
            );
        }
        // Product terms key: PROCESS 2 numbers products across equations (int_1, int_2 ...);
        // here they are Int_1, Int_2 within each equation: match them by their factors.
        let mut keys: Vec<(String, Vec<String>)> = Vec::new();
        for (i, l) in p.lines.iter().enumerate() {
            if l.trim() == "Product terms key:" {
                for row in p.lines[i + 2..].iter().take_while(|l| !l.trim().is_empty()) {
                    let t: Vec<&str> = row.split_whitespace().collect();
                    let mut fs = vec![t[1].to_string(), t[3].to_string()];
                    fs.sort();
                    keys.push((t[0].to_string(), fs));
                }
            }
        }
        let ours_name = |printed: &str| -> String {
            match keys.iter().find(|(k, _)| k == printed) {
                None => printed.to_string(),
                Some((_, fs)) => e["products"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|pt| {
                        let mut g: Vec<String> = pt["factors"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|x| x.as_str().unwrap().to_string())
                            .collect();
                        g.sort();
                        &g == fs
                    })
                    .map(|pt| pt["term"].as_str().unwrap().to_string())
                    .unwrap_or_else(|| panic!("{name}: no product of {fs:?}")),
            }
        };
        let model_at = at("Model");
        for row in lines[model_at + 2..]
            .iter()
            .take_while(|l| !l.trim().is_empty())
        {
            let t: Vec<&str> = row.split_whitespace().collect();
            let term = ours_name(t[0]);
            let r = e["tidy"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["term"] == term.as_str())
                .unwrap_or_else(|| panic!("{name}: no term {term}"));
            for (key, want) in [
                "estimate",
                "std_error",
                "statistic",
                "p_value",
                "conf_low",
                "conf_high",
            ]
            .iter()
            .zip(&t[1..])
            {
                c.check(
                    key,
                    &format!("{name} {term}"),
                    f(&r[key]),
                    num(want),
                    Scale::Absolute,
                );
            }
        }
        for row in p.rows_after("R-square increase due to interaction(s):", 0) {
            let term = ours_name(&row[0]);
            if let Some(r) = e["r2_change"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["term"] == term.as_str())
            {
                for (key, want) in ["r2_change", "statistic", "df1", "df2", "p_value"]
                    .iter()
                    .zip(&row[1..])
                {
                    c.check(
                        key,
                        &format!("R2 change {term}"),
                        f(&r[key]),
                        num(want),
                        Scale::Absolute,
                    );
                }
            }
        }
    }
}

/// A deterministic effect row: moderator value (when conditional), effect, se, t, p, LLCI, ULCI.
fn check_effects(c: &mut Checker, rows: &[Vec<String>], ours: &Value, what: &str) {
    let ours = ours.as_array().unwrap();
    assert_eq!(rows.len(), ours.len(), "{what}: rows");
    for (row, o) in rows.iter().zip(ours) {
        let mut t: Vec<f64> = row.iter().map(|s| num(s)).collect();
        if t.len() == 7 {
            let w = t.remove(0);
            c.check(
                "moderator value",
                what,
                f(&o["at"][0]["value"]),
                w,
                Scale::Absolute,
            );
        }
        for (key, want) in [
            "effect",
            "std_error",
            "statistic",
            "p_value",
            "conf_low",
            "conf_high",
        ]
        .iter()
        .zip(&t)
        {
            c.check(key, what, f(&o[key]), *want, Scale::Absolute);
        }
    }
}

/// A bootstrapped row: the estimate to 4 decimals, the Boot SE and bounds within MC error.
fn check_boot(
    c: &mut Checker,
    mc: &mut Checker,
    o: &Value,
    est: f64,
    se: f64,
    lo: f64,
    hi: f64,
    what: &str,
) {
    c.check(
        "indirect estimate",
        what,
        f(&o["estimate"]),
        est,
        Scale::Absolute,
    );
    let room = |x: f64| (x.abs() - PRINTED_4DP).max(0.0);
    mc.check(
        "boot se (MC SEs)",
        what,
        room(f(&o["boot_se"]) - se) / se_of_se(se),
        0.0,
        Scale::Absolute,
    );
    mc.check(
        "boot lower (MC SEs)",
        what,
        room(f(&o["conf_low"]) - lo) / se_of_bound(se),
        0.0,
        Scale::Absolute,
    );
    mc.check(
        "boot upper (MC SEs)",
        what,
        room(f(&o["conf_high"]) - hi) / se_of_bound(se),
        0.0,
        Scale::Absolute,
    );
}

fn find<'a>(list: &'a Value, pred: impl Fn(&Value) -> bool, what: &str) -> &'a Value {
    list.as_array()
        .unwrap()
        .iter()
        .find(|v| pred(v))
        .unwrap_or_else(|| panic!("no {what} in {list}"))
}

fn mediator_of(v: &Value) -> &str {
    v["path"][1].as_str().unwrap_or("")
}

/// Compare one model with its printed output: at least `min` deterministic values.
fn check_model(model: u32, m: &str, w: Option<&str>, min: usize) {
    let p = Printed::read(model);
    let ours = run(model, m, w);
    let mut c = Checker::new(format!("PROCESS model {model}"), PRINTED_4DP);
    let mut mc = Checker::new(format!("PROCESS model {model} bootstrap"), MC_SIGMAS);
    check_equations(&mut c, &p, &ours);
    for title in ["Direct effect of X on Y"] {
        let rows = p.rows_after(title, 0);
        if !rows.is_empty() {
            check_effects(&mut c, &rows, &ours["direct"], title);
        }
    }
    for title in [
        "Conditional direct effect(s) of X on Y at values of the moderator(s):",
        "Conditional effect of X on Y at values of the moderator(s):",
    ] {
        let rows = p.rows_after(title, 0);
        if !rows.is_empty() {
            check_effects(&mut c, &rows, &ours["direct"], title);
        }
    }
    // Unconditional indirect effects (model 4: "TOTAL", "m1"; model 6: "Total:", "Ind1 :").
    for title in ["Indirect effect of X on Y", "Indirect effect(s) of X on Y"] {
        for row in p.rows_after(title, 0) {
            let n = row.len();
            let v: Vec<f64> = row[n - 4..].iter().map(|s| num(s)).collect();
            let label = row[..n - 4].join("").trim_end_matches(':').to_lowercase();
            let o = if label == "total" {
                find(&ours["indirect"], |x| x["term"] == "total", "total")
            } else if label.starts_with("ind") {
                find(&ours["indirect"], |x| x["term"] == label.as_str(), &label)
            } else {
                find(
                    &ours["indirect"],
                    |x| mediator_of(x) == label && x["path"].as_array().unwrap().len() == 3,
                    &label,
                )
            };
            check_boot(
                &mut c,
                &mut mc,
                o,
                v[0],
                v[1],
                v[2],
                v[3],
                &format!("indirect {label}"),
            );
        }
    }
    // Model 6's key: Ind1 : x -> m1 -> y.
    let key = p
        .lines
        .iter()
        .skip_while(|l| l.trim() != "Indirect effect key")
        .skip(1)
        .take_while(|l| !l.trim().is_empty());
    for line in key {
        let row: Vec<&str> = line.split_whitespace().collect();
        let label = row[0].to_lowercase();
        let path: Vec<&str> = row[2..].iter().copied().filter(|t| *t != "->").collect();
        let o = find(&ours["indirect"], |x| x["term"] == label.as_str(), &label);
        let got: Vec<&str> = o["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(got, path, "model {model}: the path of {label}");
    }
    // Conditional indirect effects: blocks "Mediator" / header / rows (mediator, w, ...).
    let blocks = p
        .lines
        .iter()
        .position(|l| l.trim().starts_with("Conditional indirect effect(s)"));
    if let Some(start) = blocks {
        let mut i = start + 1;
        let mut seen = 0;
        while i < p.lines.len() {
            let l = p.lines[i].trim();
            if l == "Mediator" {
                for row in p.lines[i + 2..].iter().take_while(|l| !l.trim().is_empty()) {
                    let t: Vec<&str> = row.split_whitespace().collect();
                    let v: Vec<f64> = t[1..].iter().map(|s| num(s)).collect();
                    let o = find(
                        &ours["indirect"],
                        |x| {
                            mediator_of(x) == t[0]
                                && (f(&x["at"][0]["value"]) - v[0]).abs() <= PRINTED_4DP
                        },
                        &format!("{} at {}", t[0], v[0]),
                    );
                    check_boot(
                        &mut c,
                        &mut mc,
                        o,
                        v[1],
                        v[2],
                        v[3],
                        v[4],
                        &format!("{} at w = {}", t[0], v[0]),
                    );
                    seen += 1;
                }
            } else if l.starts_with("Values for") || l.starts_with("****") || l.starts_with("-----")
            {
                break;
            }
            i += 1;
        }
        assert!(
            seen > 0,
            "model {model}: no conditional indirect effects read"
        );
    }
    // Index of moderated mediation.
    let idx = p
        .lines
        .iter()
        .position(|l| l.contains("INDEX OF MODERATED MEDIATION"));
    match idx {
        Some(i) => {
            let rows: Vec<Vec<&str>> = p.lines[i + 4..]
                .iter()
                .take_while(|l| !l.trim().is_empty())
                .map(|l| l.split_whitespace().collect())
                .collect();
            assert!(!rows.is_empty());
            for t in rows {
                let v: Vec<f64> = t[1..].iter().map(|s| num(s)).collect();
                let o = find(
                    &ours["index_of_moderated_mediation"],
                    |x| mediator_of(x) == t[0],
                    t[0],
                );
                check_boot(
                    &mut c,
                    &mut mc,
                    o,
                    v[0],
                    v[1],
                    v[2],
                    v[3],
                    &format!("index {}", t[0]),
                );
            }
        }
        None => assert!(
            ours["index_of_moderated_mediation"]
                .as_array()
                .unwrap()
                .is_empty(),
            "model {model}: PROCESS prints no index; bprstat gave one"
        ),
    }
    c.finish(min);
    mc.finish(0);
}

#[test]
fn model_1_simple_moderation_matches_spss_process() {
    check_model(1, "", Some("m"), 40);
}

#[test]
fn model_4_parallel_mediation_matches_spss_process() {
    check_model(4, "m1,m2", None, 60);
}

#[test]
fn model_6_serial_mediation_matches_spss_process() {
    check_model(6, "m1,m2", None, 60);
}

#[test]
fn model_7_first_stage_moderated_mediation_matches_spss_process() {
    check_model(7, "m1,m2", Some("w"), 80);
}

#[test]
fn model_8_first_stage_and_direct_moderation_matches_spss_process() {
    check_model(8, "m1,m2", Some("w"), 90);
}

#[test]
fn model_14_second_stage_moderated_mediation_matches_spss_process() {
    check_model(14, "m1,m2", Some("v"), 80);
}

#[test]
fn model_58_first_and_second_stage_moderation_matches_spss_process() {
    check_model(58, "m1,m2", Some("w"), 80);
}

/// Run a model with --boot 0 on a fixture (HC3 unless `extra` says otherwise).
fn run_plain(file: &str, args: &[&str]) -> Value {
    json_of(
        bprstat()
            .arg("process")
            .arg(fixture(&format!("process/{file}")))
            .args(["--x", "x", "--y", "y", "--boot", "0", "--json"])
            .args(args),
    )
}

/// Our name of an R term: "(Intercept)" is "constant", "I(a * b)" the product of a and b.
fn our_term(e: &Value, r: &str) -> String {
    if r == "(Intercept)" {
        return "constant".into();
    }
    let Some(inner) = r.strip_prefix("I(").and_then(|s| s.strip_suffix(')')) else {
        return r.to_string();
    };
    let mut want: Vec<&str> = inner.split(" * ").collect();
    want.sort();
    e["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| {
            let mut f: Vec<&str> = p["factors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap())
                .collect();
            f.sort();
            f == want
        })
        .unwrap_or_else(|| panic!("no product {r}"))["term"]
        .as_str()
        .unwrap()
        .to_string()
}

/// "w=0.5 z=1.2" -> [("w", 0.5), ("z", 1.2)] (after a leading word such as "m1" or "xw at").
fn at_of(label: &str) -> Vec<(String, f64)> {
    label
        .split_whitespace()
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.to_string(), v.parse().unwrap()))
        .collect()
}

fn same_at(o: &Value, at: &[(String, f64)]) -> bool {
    let a = o["at"].as_array().unwrap();
    a.len() == at.len()
        && at.iter().all(|(k, v)| {
            a.iter().any(|m| {
                m["variable"] == k.as_str()
                    && (m["value"].as_f64().unwrap() - v).abs() <= 1e-12 * v.abs().max(1.0)
            })
        })
}

#[test]
fn models_2_3_5_15_59_centring_and_cr2_match_their_equations_in_r() {
    let reference = read_csv(&root().join("tests/reference/process.csv"));
    let hc3 = ["--se", "hc3"];
    let runs: Vec<(&str, Value)> = vec![
        (
            "m1",
            run_plain(
                "Data_Model58.csv",
                &[&hc3[..], &["--model", "1", "--w", "w"]].concat(),
            ),
        ),
        (
            "m2",
            run_plain(
                "Data_Model58.csv",
                &[&hc3[..], &["--model", "2", "--w", "w", "--z", "z"]].concat(),
            ),
        ),
        (
            "m3",
            run_plain(
                "Data_Model58.csv",
                &[&hc3[..], &["--model", "3", "--w", "w", "--z", "z"]].concat(),
            ),
        ),
        (
            "m5",
            run_plain(
                "Data_Model58.csv",
                &[&hc3[..], &["--model", "5", "--m", "m1,m2", "--w", "w"]].concat(),
            ),
        ),
        (
            "m15",
            run_plain(
                "Data_Model58.csv",
                &[&hc3[..], &["--model", "15", "--m", "m1,m2", "--w", "w"]].concat(),
            ),
        ),
        (
            "m59c",
            run_plain(
                "Data_Model58.csv",
                &[
                    &hc3[..],
                    &[
                        "--model", "59", "--m", "m1,m2", "--w", "w", "--center", "all", "--cov",
                        "q",
                    ],
                ]
                .concat(),
            ),
        ),
        (
            "m4cr2",
            run_plain(
                "clustered.csv",
                &[
                    "--model",
                    "4",
                    "--m",
                    "m1,m2",
                    "--se",
                    "cr2",
                    "--cluster",
                    "cluster",
                ],
            ),
        ),
    ];
    let mut c = Checker::new("PROCESS models vs R", R_REL);
    let mut jn = 0;
    let mut predicted = 0;
    for row in &reference {
        let (case, eq, term, quantity, value) = (&row[0], &row[1], &row[2], &row[3], &row[4]);
        let want: f64 = value.parse().unwrap();
        let r = &runs.iter().find(|(n, _)| n == case).unwrap().1;
        let what = format!("{case} {eq} {term}");
        let scale = if quantity == "p_value" {
            Scale::Log
        } else {
            Scale::Relative
        };
        match eq.as_str() {
            "effect" => {
                let at = at_of(term);
                let list = if term.starts_with("xw at") {
                    &r["conditional_interaction"]
                } else {
                    &r["direct"]
                };
                let o = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| same_at(o, &at))
                    .unwrap_or_else(|| panic!("{what}: no effect at {at:?}"));
                c.check(
                    quantity,
                    &what,
                    o[quantity.as_str()].as_f64().unwrap(),
                    want,
                    scale,
                );
            }
            "indirect" | "index" => {
                let mediator = term.split_whitespace().next().unwrap();
                let at = at_of(term);
                let list = if eq == "index" {
                    &r["index_of_moderated_mediation"]
                } else {
                    &r["indirect"]
                };
                let o = list
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| {
                        o["path"][1] == mediator
                            && o["path"].as_array().unwrap().len() == 3
                            && same_at(o, &at)
                    })
                    .unwrap_or_else(|| panic!("{what}: not found"));
                c.check(
                    "indirect",
                    &what,
                    o["estimate"].as_f64().unwrap(),
                    want,
                    scale,
                );
            }
            "predict" => {
                let outcome = term.split_whitespace().next().unwrap();
                let at = at_of(term);
                let s = find(
                    &r["simple_slopes"],
                    |s| s["outcome"] == outcome && s["focal"] == at[0].0.as_str(),
                    &what,
                );
                let o = find(&s["table"], |o| same_at(o, &at), &what);
                c.check(
                    quantity,
                    &what,
                    o[quantity.as_str()].as_f64().unwrap(),
                    want,
                    scale,
                );
                predicted += 1;
            }
            "jn" => {
                let j = &r["johnson_neyman"];
                let b = j["boundaries"].as_array().unwrap();
                if quantity == "count" {
                    assert_eq!(b.len() as f64, want, "{what}: boundaries");
                } else {
                    let k: usize = term.parse().unwrap();
                    let key = if quantity == "boundary" {
                        "value"
                    } else {
                        "percent_below"
                    };
                    c.check(
                        quantity,
                        &what,
                        b[k - 1][key].as_f64().unwrap(),
                        want,
                        scale,
                    );
                }
                jn += 1;
            }
            outcome => {
                let e = r["equations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|e| e["outcome"] == outcome)
                    .unwrap_or_else(|| panic!("{what}: no equation"));
                if quantity == "r_squared" {
                    c.check(
                        quantity,
                        &what,
                        e["summary"]["r_squared"].as_f64().unwrap(),
                        want,
                        scale,
                    );
                    continue;
                }
                let t = our_term(e, term);
                let o = e["tidy"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|x| x["term"] == t.as_str())
                    .unwrap_or_else(|| panic!("{what}: no term {t}"));
                let key = if quantity == "df" {
                    "df"
                } else {
                    quantity.as_str()
                };
                c.check(quantity, &what, o[key].as_f64().unwrap(), want, scale);
            }
        }
    }
    assert_eq!(jn, 3, "the Johnson-Neyman rows were read");
    assert_eq!(predicted, 108, "the predicted values were read");
    c.finish(200);
}

/// A study with a moderation and a moderated mediation draws each model's diagrams, its
/// simple-slopes plot and (model 1) the Johnson-Neyman plot, from the numbers in its results:
/// every drawn path's coefficient is in the statistical diagram, the slopes plot has one line
/// per moderator value, and the Johnson-Neyman plot marks each boundary.
#[test]
fn process_charts_draw_the_models_numbers() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("process-charts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let data = fixture("process/Data_Model58.csv");
    let study = format!(
        r#"[study]
name = "charts"
[data]
path = "{}"
[scale]
min = -100
max = 100
[[models]]
name = "y"
formula = "y ~ x"
[[process]]
name = "mod"
model = 1
x = "x"
y = "y"
w = "w"
boot = 0
[[process]]
name = "first"
model = 7
x = "x"
m = ["m1", "m2"]
y = "y"
w = "w"
covariates = ["q"]
boot = 0
"#,
        data.display().to_string().replace('\\', "/")
    );
    std::fs::write(dir.join("charts.toml"), study).unwrap();
    let out = dir.join("out");
    let status = bprstat()
        .arg("run")
        .arg(dir.join("charts.toml"))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let results: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    // The texts of a chart, each trimmed.
    let svg = |stem: &str| -> Vec<String> {
        assert!(
            out.join(format!("charts/{stem}.png")).exists(),
            "{stem}.png"
        );
        let s = std::fs::read_to_string(out.join(format!("charts/{stem}.svg"))).unwrap();
        s.split("<text")
            .skip(1)
            .map(|t| {
                let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                body.trim().to_string()
            })
            .collect()
    };
    for p in results["process"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let conceptual = svg(&format!("process_{name}_conceptual"));
        let statistical = svg(&format!("process_{name}_statistical"));
        for label in ["x", "y", "w"] {
            assert!(conceptual.iter().any(|t| t == label), "{name}: {label}");
        }
        // Every coefficient except the constants and the covariate's, to 3 decimals.
        let mut drawn = 0;
        for e in p["equations"].as_array().unwrap() {
            for t in e["tidy"].as_array().unwrap() {
                if t["term"] == "constant" || t["term"] == "q" {
                    continue;
                }
                let b = format!("{:.3}", t["estimate"].as_f64().unwrap());
                assert!(
                    statistical.iter().any(|t| t.trim_end_matches('*') == b),
                    "{name}: {b} drawn in {statistical:?}"
                );
                drawn += 1;
            }
        }
        assert_eq!(drawn, if name == "mod" { 3 } else { 3 + 3 + 3 });
        assert!(
            !statistical.iter().any(|t| t == "q"),
            "covariates are not drawn"
        );
        // One simple-slopes plot per moderated path: one line (legend entry) per value of w.
        let slopes = p["simple_slopes"].as_array().unwrap();
        assert_eq!(slopes.len(), if name == "mod" { 1 } else { 2 });
        for (k, s) in slopes.iter().enumerate() {
            assert_eq!(s["table"].as_array().unwrap().len(), 9);
            assert_eq!(s["curve"].as_array().unwrap().len(), 63);
            let stem = if slopes.len() == 1 {
                format!("process_{name}_slopes")
            } else {
                format!("process_{name}_slopes_{}", k + 1)
            };
            let texts = svg(&stem);
            assert_eq!(
                texts.iter().filter(|t| t.starts_with("w = ")).count(),
                3,
                "{stem}"
            );
        }
    }
    let jn = &results["process"][0]["johnson_neyman"];
    let boundaries = jn["boundaries"].as_array().unwrap().len();
    assert!(
        boundaries > 0,
        "the fixture's effect changes significance along w"
    );
    let plot = svg("process_mod_jn");
    assert!(plot.iter().any(|t| t == "Johnson-Neyman boundary"));
    assert!(
        !out.join("charts/process_first_jn.svg").exists(),
        "model 7 has no JN plot"
    );
}
