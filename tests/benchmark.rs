//! The benchmark of the default study against R (lme4 1.1-31, lmerTest 3.1-3, lm), recorded
//! with tests/reference/benchmark.R: variance components, ICC(1), ICC(2), design effect,
//! effective n, empirical-Bayes center means and SDs, the process model with a random
//! intercept, and the process model on center means.

mod common;

use bprstat::results::multilevel::{Benchmark, League, Versus};
use bprstat::study::Study;
use bprstat::study::analyze::analyze;
use common::{Checker, MIXED_REL, ORDER_ABS, R_REL, Scale, read_csv, root};

fn benchmark() -> Benchmark {
    let mut study = Study::from_file(&root().join("data/zhejiang-asc.toml")).unwrap();
    // The bootstraps of the study report are not needed here.
    for m in &mut study.models {
        m.wild = None;
        m.pairs = None;
        m.selection = None;
    }
    analyze(&study, "test", None)
        .unwrap()
        .results
        .benchmark
        .unwrap()
}

#[test]
fn league_tables_icc_and_multilevel_models_of_the_default_study_agree_with_lme4() {
    let b = benchmark();
    let reference = read_csv(&root().join("tests/reference/benchmark.csv"));
    let league = |v: &str| -> &League { b.outcomes.iter().find(|l| l.variable == v).unwrap() };
    let mut mixed = Checker::new("benchmark vs lme4", MIXED_REL);
    let mut ols = Checker::new("center-level regression vs lm", R_REL);
    for row in &reference {
        let (model, q, term) = (row[0].as_str(), row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let what = format!("{model} {q} {term}");
        let got = match model {
            "process" | "result" => {
                let l = league(model);
                let c = || l.centers.iter().find(|c| c.center == term).unwrap();
                match q {
                    "tau2" => l.model.variance[0].variance,
                    "sigma2" => l.model.variance[1].variance,
                    "icc1" => l.icc.icc1,
                    "icc2" => l.icc.icc2,
                    "design_effect" => l.icc.design_effect,
                    "effective_n" => l.icc.effective_n,
                    "overall_mean" => l.overall_mean,
                    "unit_sd" => l.unit_sd,
                    "eb_mean" => c().eb_mean,
                    "eb_sd" => c().eb_sd,
                    "raw_mean" => c().raw_mean,
                    _ => panic!("{what}"),
                }
            }
            "process_mixed" => {
                let m = b.models.iter().find(|m| m.name == "process_mixed").unwrap();
                let t = || m.tidy.iter().find(|t| t.term == term).unwrap();
                match q {
                    "estimate" => t().estimate.unwrap(),
                    "std_error" => t().std_error.unwrap(),
                    "df" => t().df.unwrap(),
                    "log_lik" => m.glance.log_lik,
                    _ => panic!("{what}"),
                }
            }
            "process_centers" => {
                let m = b
                    .ecological
                    .iter()
                    .find(|m| m.name == "process_centers")
                    .unwrap();
                let t = || m.fit.tidy.iter().find(|t| t.term == term).unwrap();
                // OLS on 57 rows: held to the regression tolerance (1e-8), not the mixed one.
                let got = match q {
                    "nobs" => m.fit.glance.nobs as f64,
                    "r_squared" => m.fit.glance.r_squared,
                    "estimate" => t().estimate.unwrap(),
                    "std_error" => t().std_error.unwrap(),
                    _ => panic!("{what}"),
                };
                ols.check(q, &what, got, want, Scale::Relative);
                continue;
            }
            _ => panic!("{what}"),
        };
        mixed.check(q, &what, got, want, Scale::Relative);
    }
    assert_eq!(mixed.count() + ols.count(), reference.len());
    assert!(mixed.count() + ols.count() > 390);
    mixed.finish(1);
    ols.finish(1);
}

#[test]
fn rank_intervals_bands_and_flags_are_consistent_and_seeded() {
    let b = benchmark();
    for l in &b.outcomes {
        let g = l.centers.len();
        assert_eq!(g, 57);
        let mut ranks: Vec<usize> = l.centers.iter().map(|c| c.ranks.rank).collect();
        ranks.sort();
        assert_eq!(
            ranks,
            (1..=57).collect::<Vec<_>>(),
            "point ranks are a permutation"
        );
        for c in &l.centers {
            assert!(
                c.ranks.rank_low <= c.ranks.rank_median && c.ranks.rank_median <= c.ranks.rank_high
            );
            assert!(c.conf_low < c.eb_mean && c.eb_mean < c.conf_high);
            // Shrinkage pulls every center toward the overall mean, never past it.
            let (raw, eb, mu) = (
                c.raw_mean - l.overall_mean,
                c.eb_mean - l.overall_mean,
                l.overall_mean,
            );
            assert!(
                eb.abs() <= raw.abs() + ORDER_ABS && eb * raw >= 0.0,
                "{} {raw} {eb} {mu}",
                c.center
            );
            let flagged = c.conf_low > l.overall_mean || c.conf_high < l.overall_mean;
            assert_eq!(flagged, c.versus_mean != Versus::NotDistinguishable);
        }
    }
    // The same seed gives the same table.
    let again = benchmark();
    assert_eq!(again.outcomes[0].centers, b.outcomes[0].centers);
}
