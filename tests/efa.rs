//! Exploratory factor analysis against R (psych 2.2.9, GPArotation, stats) on the 25 Big Five
//! Inventory items of psych::bfi, recorded with tests/reference/efa.R.

use crate::common::{Checker, R_REL, Scale, fixture, read_csv, root};
use bprstat::estimate::measurement::efa::{
    Extraction, Rotated, correlation, extract, oblimin, promax, sort_factors, varimax,
};
use bprstat::io::{ReadOptions, read_table};
use bprstat::numeric::linalg::eigen_sym;
use ndarray::Array2;

const ITEMS: [&str; 25] = [
    "A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5", "E1", "E2", "E3", "E4", "E5", "N1",
    "N2", "N3", "N4", "N5", "O1", "O2", "O3", "O4", "O5",
];

fn bfi_correlation() -> Array2<f64> {
    let frame = read_table(&fixture("bfi.csv"), ReadOptions::default()).unwrap();
    let cols: Vec<Vec<f64>> = ITEMS
        .iter()
        .map(|i| frame.num(i).unwrap().to_vec())
        .collect();
    let rows: Vec<usize> = (0..frame.nrows)
        .filter(|&r| cols.iter().all(|c| c[r].is_finite()))
        .collect();
    assert_eq!(rows.len(), 2436);
    let x = Array2::from_shape_fn((rows.len(), 25), |(i, j)| cols[j][rows[i]]);
    correlation(&x)
}

/// Compare a recorded case; loadings near zero are compared absolutely at R_REL.
fn check(checker: &mut Checker, case: &str, r: &Rotated, reference: &[Vec<String>]) {
    for row in reference.iter().filter(|row| row[0] == case) {
        let want: f64 = row[4].parse().unwrap();
        let got = match row[3].as_str() {
            "loading" => {
                let i = ITEMS.iter().position(|x| *x == row[1]).unwrap();
                let j: usize = row[2].parse().unwrap();
                r.loadings[[i, j - 1]]
            }
            "phi" => {
                let (a, b) = row[2].split_once(' ').unwrap();
                r.phi[[
                    a.parse::<usize>().unwrap() - 1,
                    b.parse::<usize>().unwrap() - 1,
                ]]
            }
            q => panic!("{q}"),
        };
        let what = format!("{case} {} {}", row[1], row[2]);
        checker.check(&row[3], &what, got, want, Scale::RelativeOrAbsolute);
    }
}

#[test]
fn eigenvalues_extractions_and_rotations_agree_with_psych_stats_and_gparotation() {
    let r = bfi_correlation();
    let reference = read_csv(&root().join("tests/reference/efa.csv"));
    let (vals, _) = eigen_sym(&r).unwrap();
    let mut checker = Checker::new("efa vs psych, stats and GPArotation", R_REL);
    for row in reference.iter().filter(|row| row[0] == "eigen") {
        let j: usize = row[2].parse().unwrap();
        let want: f64 = row[4].parse().unwrap();
        checker.check("eigenvalue", &row[2], vals[j - 1], want, Scale::Relative);
    }
    for (name, method) in [
        ("pc", Extraction::Pc),
        ("paf", Extraction::Paf),
        ("ml", Extraction::Ml),
    ] {
        let e = extract(&r, 5, method).unwrap();
        let mut none = Rotated {
            loadings: e.loadings.clone(),
            phi: Array2::eye(5),
            iterations: 0,
            converged: true,
        };
        sort_factors(&mut none);
        check(&mut checker, &format!("{name}_none"), &none, &reference);
        for (rot, mut out) in [
            ("varimax", varimax(&e.loadings).unwrap()),
            ("promax", promax(&e.loadings, 4).unwrap()),
            ("oblimin", oblimin(&e.loadings).unwrap()),
        ] {
            if method == Extraction::Ml && rot == "oblimin" {
                continue; // not recorded for ML
            }
            assert!(out.converged, "{name} {rot}");
            sort_factors(&mut out);
            check(&mut checker, &format!("{name}_{rot}"), &out, &reference);
        }
        if method == Extraction::Ml {
            assert!(e.converged, "ML converged");
            for row in reference.iter().filter(|row| row[0] == "ml") {
                let i = ITEMS.iter().position(|x| *x == row[1]).unwrap();
                let u = 1.0 - e.loadings.row(i).iter().map(|x| x * x).sum::<f64>();
                let want: f64 = row[4].parse().unwrap();
                checker.check("uniqueness", &row[1], u, want, Scale::Relative);
            }
        }
        if method == Extraction::Paf {
            for row in reference.iter().filter(|row| row[0] == "paf") {
                let i = ITEMS.iter().position(|x| *x == row[1]).unwrap();
                let h2: f64 = e.loadings.row(i).iter().map(|x| x * x).sum();
                let want: f64 = row[4].parse().unwrap();
                checker.check("communality", &row[1], h2, want, Scale::Relative);
            }
        }
    }
    checker.finish(1501);
}
