//! Confirmatory factor analysis against lavaan 0.6-14 (HTMT by its formula in R) on the
//! five Big Five scales of psych::bfi, recorded with tests/reference/cfa.R.

use crate::common;
use crate::common::{Checker, FACTOR_REL, Scale, fixture, read_csv, root};
use bprstat::estimate::measurement::cfa::{cr_ave, fit, htmt};
use bprstat::estimate::measurement::efa::correlation;
use bprstat::io::{ReadOptions, read_table};
use ndarray::Array2;

use crate::common::BFI_SCALES as SCALES;

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
    let mut checker = Checker::new("cfa vs lavaan", FACTOR_REL);
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
        checker.check(q, &format!("{a} {b}"), got, want, Scale::Relative);
    }
    assert_eq!(checker.count(), reference.len());
    eprintln!("cfa: {} Fisher-scoring steps", m.iterations);
    checker.finish(101);
}

#[test]
fn an_improper_solution_with_a_negative_residual_variance_is_reported() {
    // Data whose covariance (divisor N) is exactly R: items 1-3 on factor a with r12 = r13 =
    // 0.8 and r23 = 0.55, so item 1's loading is sqrt(0.64/0.55) > 1 (a Heywood case); items
    // 4-5 on factor b; cross-factor correlations 0.2.
    let p = 5;
    let mut r = Array2::<f64>::eye(p);
    for (i, j, v) in [(0, 1, 0.8), (0, 2, 0.8), (1, 2, 0.55), (3, 4, 0.5)] {
        r[[i, j]] = v;
        r[[j, i]] = v;
    }
    for i in 0..3 {
        for j in 3..5 {
            r[[i, j]] = 0.2;
            r[[j, i]] = 0.2;
        }
    }
    // Orthonormal, centred columns (Gram-Schmidt on seeded normal draws) times sqrt(n) have
    // identity covariance; multiplying by the Cholesky factor of R gives covariance R.
    let n = 200;
    let mut rng = bprstat::numeric::Rng::new(11);
    let mut z = Array2::from_shape_fn((n, p), |_| rng.normal());
    for j in 0..p {
        let m = z.column(j).sum() / n as f64;
        z.column_mut(j).mapv_inplace(|x| x - m);
        for k in 0..j {
            let d = z.column(j).dot(&z.column(k));
            let ck = z.column(k).to_owned();
            z.column_mut(j).scaled_add(-d / n as f64, &ck);
        }
        let norm = z.column(j).dot(&z.column(j)).sqrt();
        z.column_mut(j)
            .mapv_inplace(|x| x / norm * (n as f64).sqrt());
    }
    let mut l = Array2::<f64>::zeros((p, p)); // Cholesky of R (lower)
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[[i, k]] * l[[j, k]]).sum();
            l[[i, j]] = if i == j {
                (r[[i, i]] - s).sqrt()
            } else {
                (r[[i, j]] - s) / l[[j, j]]
            };
        }
    }
    let x = z.dot(&l.t());
    let cols: Vec<Vec<f64>> = (0..p).map(|j| x.column(j).to_vec()).collect();
    let a: Vec<&[f64]> = cols[..3].iter().map(Vec::as_slice).collect();
    let b: Vec<&[f64]> = cols[3..].iter().map(Vec::as_slice).collect();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let c = bprstat::estimate::measurement::cfa::cfa_report(
        &names(&["a", "b"]),
        &[names(&["x1", "x2", "x3"]), names(&["x4", "x5"])],
        &[a, b],
    )
    .unwrap();
    assert!(
        c.loadings[0].std_estimate > 1.0,
        "{}",
        c.loadings[0].std_estimate
    );
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("Heywood") && n.contains("x1")),
        "{:?}",
        c.notes
    );
}
