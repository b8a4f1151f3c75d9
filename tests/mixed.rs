//! The random-intercept mixed model against R's lme4 1.1-31 and lmerTest 3.1-3 on lme4's
//! InstEval data (73,421 ratings of 1,128 lecturers), recorded with tests/reference/mixed.R.

use crate::common::{
    CRITERION_ABS, Checker, GRADIENT_ABS, LME4_SPLINE_REL, MIXED_REL, R_REL, Scale, fixture,
    read_csv, root,
};
use bprstat::estimate::multilevel::mixed::Criterion;
use bprstat::formula::MixedFormula;
use bprstat::io::{ReadOptions, read_table};
use bprstat::results::multilevel::MixedReport;
use bprstat::study::multilevel::{MixedRequest, fit_mixed};

const FULL: &str = "y ~ service + C(lectage) + C(studage) + C(dept) + (1 | d)";

fn fit(formula: &str, criterion: Criterion) -> MixedReport {
    let frame = read_table(&fixture("insteval.csv"), ReadOptions::default()).unwrap();
    let f = MixedFormula::parse(formula).unwrap();
    fit_mixed(
        &frame,
        &MixedRequest {
            name: "m",
            title: None,
            formula: &f,
            criterion,
            level: 0.95,
        },
    )
    .unwrap()
}

/// R's term name -> bprstat's ("lectage2" -> "C(lectage)[T.2]").
fn term_name(r: &str) -> String {
    for f in ["lectage", "studage", "dept"] {
        if let Some(level) = r.strip_prefix(f) {
            if level.chars().all(|c| c.is_ascii_digit()) && !level.is_empty() {
                return format!("C({f})[T.{level}]");
            }
        }
    }
    r.to_string()
}

/// Compare every recorded value of one model; returns (quantity, worst relative error).
fn check(model: &str, m: &MixedReport) -> Vec<(String, f64)> {
    let reference = read_csv(&root().join("tests/reference/mixed.csv"));
    let mut checker = Checker::new(format!("{model} vs lme4"), MIXED_REL);
    for row in reference.iter().filter(|r| r[0] == model) {
        let (term, quantity) = (row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let tidy = || {
            m.tidy
                .iter()
                .find(|t| t.term == term_name(term))
                .unwrap_or_else(|| panic!("{model}: no term {term}"))
        };
        let group = || {
            m.groups
                .iter()
                .find(|g| g.group == term)
                .unwrap_or_else(|| panic!("{model}: no group {term}"))
        };
        let got = match quantity {
            "estimate" => tidy().estimate.unwrap(),
            "std_error" => tidy().std_error.unwrap(),
            "df" => tidy().df.unwrap(),
            "statistic" => tidy().statistic.unwrap(),
            "p_value" => tidy().p_value.unwrap(),
            "tau2" => m.variance[0].variance,
            "sigma2" => m.variance[1].variance,
            "theta" => m.glance.theta,
            "log_lik" => m.glance.log_lik,
            "aic" => m.glance.aic,
            "bic" => m.glance.bic,
            "deviance_criterion" => m.glance.criterion,
            "nobs" => m.glance.nobs as f64,
            "ngroups" => m.glance.ngroups as f64,
            "lrt_statistic" => m.glance.random_effect_test.statistic,
            "lrt_p_naive" => m.glance.random_effect_test.p_value_naive,
            "eb_mean" => m.tidy[0].estimate.unwrap() + group().fit.ranef,
            "eb_sd" => group().fit.cond_sd,
            "ranef" => group().fit.ranef,
            q => panic!("unknown quantity {q}"),
        };
        // Tiny p-values (1e-270) amplify the df's relative error many times over, so
        // p-values are compared on the log scale.
        let scale = if quantity.starts_with("p_value") || quantity == "lrt_p_naive" {
            Scale::Log
        } else {
            Scale::Relative
        };
        checker.check(quantity, term, got, want, scale);
    }
    checker.finish(11)
}

#[test]
fn null_model_components_and_empirical_bayes_means_agree_with_lme4() {
    let m = fit("y ~ 1 + (1 | d)", Criterion::Reml);
    check("null_reml", &m);
    assert_eq!(m.groups.len(), 1128);
}

#[test]
fn reml_fit_with_satterthwaite_df_and_ranova_test_agree_with_lme4_and_lmertest() {
    let m = fit(FULL, Criterion::Reml);
    let worst = check("full_reml", &m);
    // The estimates themselves agree far beyond the required MIXED_REL: to R_REL.
    for (q, e) in &worst {
        if ["estimate", "std_error", "tau2", "sigma2", "log_lik"].contains(&q.as_str()) {
            assert!(*e < R_REL, "{q}: {e:.2e}");
        }
    }
}

#[test]
fn ml_fit_agrees_with_lme4() {
    check("full_ml", &fit(FULL, Criterion::Ml));
}

#[test]
fn lme4s_default_optimizer_stops_short_of_the_optimum_bprstat_reaches() {
    // lmer's default nloptwrap tolerances leave the REML criterion above the optimum; the
    // criterion bprstat reaches is never higher (it solves d'(s) = 0 to machine precision).
    let reference = read_csv(&root().join("tests/reference/mixed.csv"));
    let crit = |model: &str| -> f64 {
        reference
            .iter()
            .find(|r| r[0] == model && r[2] == "deviance_criterion")
            .unwrap()[3]
            .parse()
            .unwrap()
    };
    let m = fit(FULL, Criterion::Reml);
    assert!(m.glance.criterion <= crit("full_reml_default") + CRITERION_ABS);
    assert!(
        m.glance.gradient.abs() < GRADIENT_ABS,
        "gradient {}",
        m.glance.gradient
    );
}

#[test]
fn profile_intervals_of_the_sds_agree_with_the_profiled_lme4_criterion() {
    // tests/reference/profile.R: limits where lmerTest's devfun_vp, profiled, rises by
    // qchisq(0.95, 1); lme4's own confint(method = "profile") interpolates a spline through a
    // grid and is checked to LME4_SPLINE_REL.
    let reference = read_csv(&root().join("tests/reference/profile.csv"));
    let mut exact = Checker::new("profile limits vs the profiled lme4 criterion", MIXED_REL);
    let mut spline = Checker::new("profile limits vs lme4's spline", LME4_SPLINE_REL);
    for (model, formula) in [("null_reml", "y ~ 1 + (1 | d)"), ("full_reml", FULL)] {
        let m = fit(formula, Criterion::Reml);
        for row in reference.iter().filter(|r| r[0] == model) {
            let want: f64 = row[2].parse().unwrap();
            let (tau, sigma) = (&m.variance[0], &m.variance[1]);
            let (q, checker) = match row[1].strip_prefix("spline_") {
                Some(q) => (q, &mut spline),
                None => (row[1].as_str(), &mut exact),
            };
            let got = match q {
                "tau_low" => tau.sd_conf_low,
                "tau_high" => tau.sd_conf_high,
                "sigma_low" => sigma.sd_conf_low,
                "sigma_high" => sigma.sd_conf_high,
                other => panic!("{other}"),
            }
            .unwrap();
            checker.check(q, model, got, want, Scale::Relative);
        }
    }
    assert_eq!(exact.count() + spline.count(), 12);
    exact.finish(1);
    spline.finish(1);
}

#[test]
fn a_zero_between_group_variance_is_a_boundary_fit_equal_to_lme4s_singular_fit() {
    // tests/reference/boundary.R: lme4's Dyestuff2, where the batch variance is 0 by REML and ML.
    let frame = read_table(&fixture("dyestuff2.csv"), ReadOptions::default()).unwrap();
    let f = MixedFormula::parse("yield ~ 1 + (1 | batch)").unwrap();
    let reference = read_csv(&root().join("tests/reference/boundary.csv"));
    let mut checker = Checker::new("Dyestuff2 vs lme4", MIXED_REL);
    for (name, criterion) in [("reml", Criterion::Reml), ("ml", Criterion::Ml)] {
        let m = fit_mixed(
            &frame,
            &MixedRequest {
                name: "m",
                title: None,
                formula: &f,
                criterion,
                level: 0.95,
            },
        )
        .unwrap();
        assert!(m.glance.boundary, "{name}: reported as a boundary fit");
        assert!(
            m.notes.iter().any(|n| n.contains("boundary")),
            "{name}: said in the notes"
        );
        assert_eq!(m.glance.random_effect_test.statistic, 0.0);
        // The profile interval of τ starts at 0: a zero variance cannot be excluded.
        assert_eq!(m.variance[0].sd_conf_low, Some(0.0));
        for row in reference.iter().filter(|r| r[0] == name) {
            let want: f64 = row[2].parse().unwrap();
            let got = match row[1].as_str() {
                "theta" => m.glance.theta,
                "tau2" => m.variance[0].variance,
                "sigma2" => m.variance[1].variance,
                "estimate" => m.tidy[0].estimate.unwrap(),
                "std_error" => m.tidy[0].std_error.unwrap(),
                "log_lik" => m.glance.log_lik,
                "singular" => m.glance.boundary as u8 as f64,
                q => panic!("{q}"),
            };
            checker.check(&row[1], name, got, want, Scale::Relative);
        }
    }
    checker.finish(2 * 7);
}
