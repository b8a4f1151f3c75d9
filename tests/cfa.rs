//! Confirmatory factor analysis against lavaan 0.6-14 (HTMT by its formula in R) on the
//! five Big Five scales of psych::bfi, recorded with tests/reference/cfa.R.

mod common;

use bprstat::estimate::cfa::{cr_ave, fit, htmt};
use bprstat::estimate::factor::correlation;
use bprstat::io::{ReadOptions, read_table};
use common::{FACTOR_REL, fixture, read_csv, rel_err, root};
use ndarray::Array2;

use common::BFI_SCALES as SCALES;

#[test]
fn ml_cfa_standardized_loadings_fit_indices_cr_ave_and_htmt_agree_with_lavaan() {
    let frame = read_table(&fixture("bfi.csv"), ReadOptions::default()).unwrap();
    let mut cols: Vec<Vec<f64>> = vec![];
    let mut names: Vec<&str> = vec![];
    let mut factor_of = vec![];
    for (f, (_, items, rev)) in SCALES.iter().enumerate() {
        cols.extend(common::bfi_keyed(&frame, items, rev));
        for it in items {
            names.push(it);
            factor_of.push(f);
        }
    }
    let rows: Vec<usize> = (0..frame.nrows)
        .filter(|&r| cols.iter().all(|c| c[r].is_finite()))
        .collect();
    let n = rows.len();
    let x = Array2::from_shape_fn((n, 25), |(i, j)| cols[j][rows[i]]);
    let means = x.mean_axis(ndarray::Axis(0)).unwrap();
    let c = Array2::from_shape_fn((n, 25), |(i, j)| x[[i, j]] - means[j]);
    let s = c.t().dot(&c) / n as f64;
    let fnames: Vec<String> = SCALES.iter().map(|s| s.0.to_string()).collect();
    let m = fit(&s, n, &factor_of, 5, &fnames).unwrap();
    let r = correlation(&x);
    let fi = |name: &str| SCALES.iter().position(|s| s.0 == name).unwrap();
    let item = |name: &str| names.iter().position(|x| *x == name).unwrap();
    let reference = read_csv(&root().join("tests/reference/cfa.csv"));
    let mut worst: Vec<(String, f64)> = vec![];
    for row in &reference {
        let (a, b, q) = (row[0].as_str(), row[1].as_str(), row[2].as_str());
        let want: f64 = row[3].parse().unwrap();
        let got = match q {
            "std_loading" => m.std_loadings[item(b)],
            "std_loading_se" => m.std_loading_se[item(b)],
            "std_residual_variance" => m.std_residual_variances[item(a)],
            "factor_correlation" => m.phi[[fi(a), fi(b)]],
            "factor_correlation_se" => m.phi_se[[fi(a), fi(b)]],
            "chisq" => m.fit.chi_square,
            "df" => m.fit.df,
            "pvalue" => m.fit.p_value,
            "cfi" => m.fit.cfi,
            "tli" => m.fit.tli,
            "rmsea" => m.fit.rmsea,
            "rmsea.ci.lower" => m.fit.rmsea_low,
            "rmsea.ci.upper" => m.fit.rmsea_high,
            "srmr" => m.fit.srmr,
            "baseline.chisq" => m.fit.baseline_chi_square,
            "baseline.df" => m.fit.baseline_df,
            "ntotal" => n as f64,
            "cr" | "ave" => {
                let l: Vec<f64> = (0..25)
                    .filter(|&i| factor_of[i] == fi(a))
                    .map(|i| m.std_loadings[i])
                    .collect();
                let (cr, ave) = cr_ave(&l);
                if q == "cr" { cr } else { ave }
            }
            "htmt" => {
                let ia: Vec<usize> = (0..25).filter(|&i| factor_of[i] == fi(a)).collect();
                let ib: Vec<usize> = (0..25).filter(|&i| factor_of[i] == fi(b)).collect();
                htmt(&r, &ia, &ib)
            }
            _ => panic!("{q}"),
        };
        let e = if want == 0.0 {
            got.abs()
        } else {
            rel_err(got, want)
        };
        assert!(
            e <= FACTOR_REL,
            "{a} {b} {q}: bprstat {got:.15e} vs lavaan {want:.15e} ({e:.1e})"
        );
        match worst.iter_mut().find(|(k, _)| k == q) {
            Some(w) => w.1 = w.1.max(e),
            None => worst.push((q.to_string(), e)),
        }
    }
    assert!(reference.len() > 100);
    eprintln!(
        "cfa: {} values; worst relative error per quantity {worst:?} ({} Fisher-scoring steps)",
        reference.len(),
        m.iterations
    );
}
