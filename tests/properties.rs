//! Properties that hold for every input, checked on random ones (proptest): a formula prints
//! and parses back to the same design; permuting the rows of the data leaves every estimate
//! as it was; rescaling a predictor rescales its coefficient and nothing else.

use crate::common::PROPERTY_REL;
use bprstat::estimate::CovType;
use bprstat::formula::{Formula, design};
use bprstat::io::{Column, Frame};
use bprstat::results::ModelReport;
use bprstat::study::regression::fit_formula;
use bprstat::study::request::ModelOptions;
use proptest::prelude::*;

/// Variable names as users write them: plain, Chinese, and needing backticks.
const NAMES: [&str; 5] = ["x1", "x2", "满意度", "years in post", "d"];

/// A random right-hand side over NAMES (d is categorical), with interactions and powers.
fn factor() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..4usize).prop_map(|i| bprstat::formula::quote_name(NAMES[i])),
        Just("C(d)".to_string()),
        Just("C(d, ref = \"b\")".to_string()),
        (0..4usize, 2..4u32)
            .prop_map(|(i, k)| format!("I({}^{k})", bprstat::formula::quote_name(NAMES[i]))),
    ]
}

fn rhs() -> impl Strategy<Value = String> {
    let term = prop::collection::vec(factor(), 1..3).prop_map(|f| f.join(":"));
    (
        prop::collection::vec(term, 1..5),
        prop::sample::select(vec!["", "0 + ", "1 + "]),
        prop::sample::select(vec![" + ", " * "]),
    )
        .prop_map(|(terms, lead, op)| format!("{lead}{}", terms.join(op)))
}

/// A frame with the NAMES columns and y over `n` rows from `seed` (d has levels a, b, c).
fn frame(n: usize, seed: u64) -> Frame {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64)
    };
    let mut f = Frame {
        nrows: n,
        ..Frame::default()
    };
    let mut cols: Vec<Vec<f64>> = (0..4)
        .map(|_| (0..n).map(|_| next() * 4.0 + 1.0).collect())
        .collect();
    let d: Vec<Option<String>> = (0..n)
        .map(|i| Some(["a", "b", "c"][i % 3].to_string()))
        .collect();
    let y: Vec<f64> = (0..n)
        .map(|i| 0.5 * cols[0][i] - 0.3 * cols[1][i] + 0.2 * cols[2][i] + next())
        .collect();
    for (name, c) in NAMES.iter().zip(cols.drain(..)) {
        f.set(name, Column::Num(c));
    }
    f.set("d", Column::Text(d.into_iter().collect()));
    f.set("y", Column::Num(y));
    f
}

fn fit(f: &Frame, formula: &str, se: CovType) -> ModelReport {
    let req = ModelOptions {
        name: "m".into(),
        formula: formula.into(),
        se: Some(se),
        ..ModelOptions::default()
    }
    .validate()
    .unwrap();
    fit_formula(f, &req, None).unwrap()
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert!(
            (a - b).abs() <= PROPERTY_REL * a.abs().max(b.abs()).max(1.0),
            "{what}: {a} vs {b}"
        ),
        (a, b) => assert_eq!(a.is_some(), b.is_some(), "{what}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_formula_prints_and_parses_back_to_the_same_design(rhs in rhs()) {
        let f = Formula::parse(&format!("y ~ {rhs}")).unwrap();
        let again = Formula::parse(&f.to_string()).unwrap();
        prop_assert_eq!(&f.terms, &again.terms);
        prop_assert_eq!(f.intercept, again.intercept);
        let data = frame(30, 7);
        let (a, b) = (design(&f, &data, &[]).unwrap(), design(&again, &data, &[]).unwrap());
        prop_assert_eq!(a.columns, b.columns);
        prop_assert_eq!(a.x, b.x);
    }

    #[test]
    fn permuting_rows_leaves_every_estimate_unchanged(seed in 0u64..1000, n in 25usize..80, shift in 1usize..24) {
        let data = frame(n, seed);
        // A permutation: reverse, then rotate.
        let order: Vec<usize> = (0..n).rev().cycle().skip(shift % n).take(n).collect();
        let mut permuted = Frame { nrows: n, ..Frame::default() };
        for (name, c) in data.names.iter().zip(&data.columns) {
            let col = match c {
                Column::Num(v) => Column::Num(order.iter().map(|&i| v[i]).collect()),
                Column::Small(v) => Column::Small(order.iter().map(|&i| v[i]).collect()),
                Column::Coded(v, table) => Column::Coded(order.iter().map(|&i| v[i]).collect(), table.clone()),
                Column::Text(v) => Column::Text(order.iter().map(|&i| v.get(i)).collect()),
            };
            permuted.set(name, col);
        }
        let formula = "y ~ x1 + x2 * C(d) + `years in post`";
        for se in [CovType::Classical, CovType::Hc3] {
            let (a, b) = (fit(&data, formula, se), fit(&permuted, formula, se));
            for (ra, rb) in a.fit.tidy.iter().zip(&b.fit.tidy) {
                prop_assert_eq!(&ra.term, &rb.term);
                close(ra.estimate, rb.estimate, "B");
                close(ra.std_error, rb.std_error, "SE");
                close(ra.statistic, rb.statistic, "t");
                close(ra.p_value, rb.p_value, "p");
                close(ra.std_estimate, rb.std_estimate, "Beta");
            }
            close(Some(a.fit.glance.r_squared), Some(b.fit.glance.r_squared), "R2");
        }
    }

    #[test]
    fn scaling_a_predictor_by_c_scales_its_b_by_1_over_c_and_nothing_else(seed in 0u64..1000, c in prop::sample::select(vec![-1000.0, -3.0, 0.01, 0.5, 7.0, 1e4])) {
        let data = frame(40, seed);
        let mut scaled = data.clone();
        let x1: Vec<f64> = data.num("x1").unwrap().iter().map(|v| v * c).collect();
        scaled.set("x1", Column::Num(x1));
        let formula = "y ~ x1 + x2 + C(d)";
        for se in [CovType::Classical, CovType::Hc1] {
            let (a, b) = (fit(&data, formula, se), fit(&scaled, formula, se));
            for (ra, rb) in a.fit.tidy.iter().zip(&b.fit.tidy) {
                let factor = if ra.term == "x1" { 1.0 / c } else { 1.0 };
                close(ra.estimate.map(|v| v * factor), rb.estimate, "B");
                close(ra.std_error.map(|v| v * factor.abs()), rb.std_error, "SE");
                close(ra.statistic.map(|v| v * factor.signum()), rb.statistic, "t");
                close(ra.p_value, rb.p_value, "p");
                let beta = if ra.term == "x1" { c.signum() } else { 1.0 };
                close(ra.std_estimate.map(|v| v * beta), rb.std_estimate, "Beta");
            }
        }
    }
}
