//! `bprstat regress` against R's lm + sandwich + lmtest + car on two real datasets shipped
//! with R (carData::Prestige, datasets::ChickWeight). Reference values and the exact R code
//! that produced them: tests/reference/lm_sandwich.R -> tests/reference/lm_sandwich.csv.

use crate::common::{Checker, R_REL, Scale, ZERO_ABS, assert_close, fixture, read_csv, root};
use bprstat::cli::regress::{Args, fit_model};
use bprstat::cli::{Cli, Command};
use bprstat::results::ModelReport;
use clap::Parser;

fn args(data: &str, formula: &str, se: &str, cluster: Option<&str>) -> Args {
    args_with(data, formula, se, cluster, "auto")
}

fn args_with(data: &str, formula: &str, se: &str, cluster: Option<&str>, solver: &str) -> Args {
    let data = fixture(data);
    let mut argv = vec![
        "bprstat",
        "regress",
        data.to_str().unwrap(),
        "--formula",
        formula,
        "--se",
        se,
        "--solver",
        solver,
        "--diagnostics",
        "--seed",
        "1",
    ];
    if let Some(c) = cluster {
        argv.extend(["--cluster", c]);
    }
    match Cli::try_parse_from(argv).unwrap().command {
        Command::Regress(a) => a,
        _ => unreachable!("parsed a regress command"),
    }
}

/// (case, data file, formula, cluster column) as in lm_sandwich.R.
const CASES: [(&str, &str, &str, Option<&str>); 4] = [
    (
        "prestige_numeric",
        "prestige.csv",
        "prestige ~ education + income + women",
        None,
    ),
    (
        "prestige_type",
        "prestige.csv",
        "prestige ~ education + income + women + C(type)",
        None,
    ),
    (
        "chick",
        "chickweight.csv",
        "weight ~ Time + I(Time^2) + C(Diet)",
        Some("Chick"),
    ),
    // 6 clusters: CR3's Satterthwaite df (about 2) and G-1 = 5 give p-values 2-40 times apart.
    ("mtcars_carb", "mtcars.csv", "mpg ~ wt + hp", Some("carb")),
];

fn glance_value(m: &ModelReport, q: &str) -> f64 {
    let g = &m.fit.glance;
    match q {
        "r_squared" => g.r_squared,
        "adj_r_squared" => g.adj_r_squared,
        "sigma" => g.sigma,
        "statistic" => g.statistic.unwrap(),
        "p_value" => g.p_value.unwrap(),
        "df" => g.df as f64,
        "df_residual" => g.df_residual as f64,
        "log_lik" => g.log_lik,
        "aic" => g.aic,
        "bic" => g.bic,
        "durbin_watson" => g.durbin_watson,
        "nobs" => g.nobs as f64,
        other => panic!("unknown glance quantity {other}"),
    }
}

fn tidy_value(m: &ModelReport, q: &str, term: &str) -> f64 {
    let t = m
        .fit
        .tidy
        .iter()
        .find(|t| t.term == term)
        .unwrap_or_else(|| panic!("no term {term} (quantity {q})"));
    let v = match q {
        "estimate" => t.estimate,
        "std_error" => t.std_error,
        "statistic" => t.statistic,
        "p_value" => t.p_value,
        "conf_low" => t.conf_low,
        "conf_high" => t.conf_high,
        "std_estimate" => t.std_estimate,
        "vif" => t.vif,
        "df" => t.df,
        other => panic!("unknown quantity {other}"),
    };
    v.unwrap_or_else(|| panic!("{q} of {term} is missing"))
}

/// A diagnostics quantity (None when `q` is not one).
fn diagnostics_value(m: &ModelReport, q: &str, term: &str) -> Option<f64> {
    let d = m.fit.diagnostics.as_ref()?;
    let a = &m.fit.augment;
    let idx = || term.parse::<usize>().unwrap() - 1;
    let test = |t: &Option<bprstat::results::Test>| t.clone().expect("test computed");
    let col = &d.collinearity;
    let term_pos = || col.terms.iter().position(|t| t == term).unwrap();
    let corr = || d.correlations.iter().find(|c| c.term == term).unwrap();
    Some(match q {
        "eigenvalue" => col.eigenvalues[idx()],
        "condition_index" => col.condition_index[idx()],
        _ if q.starts_with("variance_proportion_") => {
            let dim: usize = q["variance_proportion_".len()..].parse().unwrap();
            col.variance_proportions[dim - 1][term_pos()]
        }
        "zero_order" => corr().zero_order,
        "partial" => corr().partial,
        "part" => corr().part,
        "bp_statistic" => test(&d.breusch_pagan).statistic,
        "bp_p_value" => test(&d.breusch_pagan).p_value,
        "bp_original_statistic" => test(&d.breusch_pagan_original).statistic,
        "bp_original_p_value" => test(&d.breusch_pagan_original).p_value,
        "white_statistic" => test(&d.white).statistic,
        "white_df" => test(&d.white).df.unwrap(),
        "white_p_value" => test(&d.white).p_value,
        "jb_statistic" => test(&d.jarque_bera).statistic,
        "jb_p_value" => test(&d.jarque_bera).p_value,
        "sw_statistic" => test(&d.shapiro_wilk).statistic,
        "sw_p_value" => test(&d.shapiro_wilk).p_value,
        "hat" => a.hat[idx()],
        "rstudent" => a.influence(idx()).rstudent,
        "cooks_d" => a.influence(idx()).cooks_d,
        "dffits" => a.influence(idx()).dffits,
        _ => return None,
    })
}

/// A recorded quantity of a model: a diagnostic, a glance value when `term` is empty, else a
/// tidy value.
fn value(m: &ModelReport, q: &str, term: &str) -> f64 {
    if let Some(v) = diagnostics_value(m, q, term) {
        return v;
    }
    if term.is_empty() {
        glance_value(m, q)
    } else {
        tidy_value(m, q, term)
    }
}

#[test]
fn regress_agrees_with_r_lm_sandwich_car_and_lmtest_to_1e_8() {
    for solver in ["auto", "fast", "extended"] {
        compare_with_r(solver);
    }
}

fn compare_with_r(solver: &str) {
    let reference = read_csv(&root().join("tests/reference/lm_sandwich.csv"));
    assert!(reference.len() > 4000, "reference file is complete");
    let mut checker = Checker::new(format!("lm/sandwich/car/lmtest, {solver} solver"), R_REL);
    for (case, data, formula, cluster) in CASES {
        let mut ses: Vec<&str> = vec![
            "classical",
            "hc0",
            "hc1",
            "hc2",
            "hc3",
            "hc4",
            "hc4m",
            "hc5",
        ];
        if cluster.is_some() {
            ses.extend(["cluster", "r", "cr2", "cr3", "cr3-naive"]);
        }
        for se in ses {
            let m = fit_model(&args_with(data, formula, se, cluster, solver))
                .unwrap_or_else(|e| panic!("{case} {se}: {e:#}"));
            assert_eq!(
                m.fit.glance.solver,
                if solver == "fast" { "fast" } else { "extended" },
                "{case}: the requested path ran"
            );
            for r in reference.iter().filter(|r| r[0] == case) {
                let (rse, q, term, want) = (
                    &r[1],
                    r[2].as_str(),
                    r[3].as_str(),
                    r[4].parse::<f64>().unwrap(),
                );
                if !rse.is_empty() && rse != se {
                    continue;
                }
                if rse.is_empty() && se != "classical" {
                    continue;
                }
                let what = format!("{case} [{se}, {solver} solver] {q} {term}");
                let got = value(&m, q, term);
                let scale = if q.starts_with("variance_proportion_") {
                    Scale::Share
                } else {
                    Scale::Relative
                };
                checker.check(q, &what, got, want, scale);
            }
        }
    }
    assert_eq!(
        checker.count(),
        reference.len(),
        "every recorded reference value was compared"
    );
    checker.finish(4001);
}

#[test]
fn cluster_standard_errors_print_their_factor_and_g_minus_1_df() {
    let m = fit_model(&args(
        "chickweight.csv",
        "weight ~ Time + I(Time^2) + C(Diet)",
        "cluster",
        Some("Chick"),
    ))
    .unwrap();
    let c = &m.fit.covariance;
    assert_eq!(c.clusters, Some(50));
    assert_eq!(c.df, 49.0);
    // G/(G-1) * (N-1)/(N-K) = 50/49 * 577/572
    assert_close("CR1 factor", c.factor, 50.0 / 49.0 * 577.0 / 572.0);
    assert!(
        c.description.contains("50 clusters") && c.description.contains("G-1 = 49 df"),
        "{}",
        c.description
    );
}

#[test]
fn listwise_deletion_drops_the_four_occupations_without_a_type() {
    let m = fit_model(&args(
        "prestige.csv",
        "prestige ~ education + income + women + C(type)",
        "classical",
        None,
    ))
    .unwrap();
    assert_eq!(
        (
            m.sample.rows_read,
            m.sample.rows_used,
            m.sample.rows_dropped
        ),
        (102, 98, 4)
    );
    let t = m
        .sample
        .missing_by_variable
        .iter()
        .find(|v| v.variable == "type")
        .unwrap();
    assert_eq!(t.count, 4);
}

#[test]
fn the_default_study_pipeline_agrees_with_r_from_raw_items_to_cluster_robust_tests() {
    // tests/reference/zhejiang.R scores the constructs from the raw items itself.
    use bprstat::study::Study;
    use bprstat::study::analyze::analyze;
    let study = Study::from_file(&root().join("data/zhejiang-asc.toml")).unwrap();
    let a = analyze(&study, "test", None).unwrap();
    let reference = read_csv(&root().join("tests/reference/zhejiang.csv"));
    for r in reference.iter().filter(|r| r[0] == "items") {
        let item = a
            .results
            .data
            .items
            .iter()
            .find(|i| i.item == r[2])
            .unwrap();
        let got = match r[1].as_str() {
            "empty" => item.empty,
            "missing_code" => item.missing_code,
            "out_of_range" => item.out_of_range,
            q => panic!("unknown {q}"),
        };
        assert_eq!(got.to_string(), r[3], "item {} {}", r[2], r[1]);
    }
    let total_out: usize = a
        .results
        .data
        .items
        .iter()
        .map(|i| i.out_of_range + i.missing_code)
        .sum();
    assert!(
        total_out > 0,
        "the default data exercise missing codes and out-of-range values"
    );
    let cmp = &a.results.comparisons[0];
    for r in reference.iter().filter(|r| r[0] == "compare") {
        let want: f64 = r[3].parse().unwrap();
        let got = match r[1].as_str() {
            "joint_statistic" => cmp.joint.as_ref().unwrap().statistic,
            "joint_p_value" => cmp.joint.as_ref().unwrap().p_value,
            q => {
                let t = cmp.tests.iter().find(|t| t.term == r[2]).unwrap();
                match q {
                    "difference" => t.difference,
                    "std_error" => t.std_error,
                    "statistic" => t.statistic,
                    "p_value" => t.p_value,
                    other => panic!("unknown {other}"),
                }
            }
        };
        assert_close(&format!("process vs result {} {}", r[1], r[2]), got, want);
    }
    for r in reference
        .iter()
        .filter(|r| r[0] != "items" && r[0] != "compare")
    {
        let m = a.results.models.iter().find(|m| m.name == r[0]).unwrap();
        let want: f64 = r[3].parse().unwrap();
        let what = format!("default study {} {} {}", r[0], r[1], r[2]);
        let got = value(m, &r[1], &r[2]);
        assert_close(&what, got, want);
    }
    assert_eq!(reference.len(), 106 + 3 * 35 + 4 * 7 + 2);
}

#[test]
fn centring_and_simple_slopes_agree_with_r() {
    // tests/reference/slopes.R
    let mut a = args(
        "prestige.csv",
        "prestige ~ education*income",
        "classical",
        None,
    );
    a.model.center = vec!["education".into(), "income".into()];
    let m = fit_model(&a).unwrap();
    let reference = read_csv(&root().join("tests/reference/slopes.csv"));
    for r in &reference {
        let want: f64 = r[2].parse().unwrap();
        let got = if r[1] == "estimate" {
            tidy_value(&m, "estimate", &r[0])
        } else {
            let s = m.simple_slopes.iter().find(|s| s.at == r[0]).unwrap();
            match r[1].as_str() {
                "slope" => s.slope,
                "std_error" => s.std_error,
                "p_value" => s.p_value,
                "conf_low" => s.conf_low,
                "moderator_value" => s.moderator_value,
                q => panic!("unknown {q}"),
            }
        };
        if r[1] == "moderator_value" && r[0] == "mean" {
            // The mean of a centred variable is 0 up to rounding (1e-13 here, in R too).
            assert!(
                got.abs() < ZERO_ABS && want.abs() < ZERO_ABS,
                "centred mean {got} vs {want}"
            );
            continue;
        }
        assert_close(&format!("slopes {} {}", r[0], r[1]), got, want);
    }
    assert_eq!(m.centered, vec!["education", "income"]);
}
