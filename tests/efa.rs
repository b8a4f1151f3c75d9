//! Exploratory factor analysis against R (psych 2.2.9, GPArotation, stats) on the 25 Big Five
//! Inventory items of psych::bfi, recorded with tests/reference/efa.R.

mod common;

use bprstat::estimate::measurement::efa::{
    Extraction, Rotated, correlation, extract, oblimin, promax, sort_factors, varimax,
};
use bprstat::io::{ReadOptions, read_table};
use bprstat::numeric::linalg::eigen_sym;
use common::{R_REL, fixture, read_csv, rel_err, root};
use ndarray::Array2;

const ITEMS: [&str; 25] = [
    "A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5", "E1", "E2", "E3", "E4", "E5", "N1",
    "N2", "N3", "N4", "N5", "O1", "O2", "O3", "O4", "O5",
];

fn bfi_correlation() -> Array2<f64> {
    let frame = read_table(&fixture("bfi.csv"), ReadOptions::default()).unwrap();
    let cols: Vec<&[f64]> = ITEMS.iter().map(|i| frame.num(i).unwrap()).collect();
    let rows: Vec<usize> = (0..frame.nrows)
        .filter(|&r| cols.iter().all(|c| c[r].is_finite()))
        .collect();
    assert_eq!(rows.len(), 2436);
    let x = Array2::from_shape_fn((rows.len(), 25), |(i, j)| cols[j][rows[i]]);
    correlation(&x)
}

/// Compare a recorded case; loadings near zero are compared absolutely at R_REL.
fn check(case: &str, r: &Rotated, reference: &[Vec<String>]) -> usize {
    let mut n = 0;
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
        let e = rel_err(got, want).min((got - want).abs());
        assert!(
            e <= R_REL,
            "{case} {} {} {}: bprstat {got:.15e} vs R {want:.15e} ({e:.1e})",
            row[1],
            row[2],
            row[3]
        );
        n += 1;
    }
    n
}

#[test]
fn eigenvalues_extractions_and_rotations_agree_with_psych_stats_and_gparotation() {
    let r = bfi_correlation();
    let reference = read_csv(&root().join("tests/reference/efa.csv"));
    let (vals, _) = eigen_sym(&r).unwrap();
    for row in reference.iter().filter(|row| row[0] == "eigen") {
        let j: usize = row[2].parse().unwrap();
        let want: f64 = row[4].parse().unwrap();
        assert!(rel_err(vals[j - 1], want) <= R_REL, "eigenvalue {j}");
    }
    let mut n = 0;
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
        n += check(&format!("{name}_none"), &none, &reference);
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
            n += check(&format!("{name}_{rot}"), &out, &reference);
        }
        if method == Extraction::Ml {
            assert!(e.converged, "ML converged");
            for row in reference.iter().filter(|row| row[0] == "ml") {
                let i = ITEMS.iter().position(|x| *x == row[1]).unwrap();
                let u = 1.0 - e.loadings.row(i).iter().map(|x| x * x).sum::<f64>();
                let want: f64 = row[4].parse().unwrap();
                assert!(
                    rel_err(u, want) <= R_REL,
                    "uniqueness {}: {u} vs {want}",
                    row[1]
                );
                n += 1;
            }
        }
        if method == Extraction::Paf {
            for row in reference.iter().filter(|row| row[0] == "paf") {
                let i = ITEMS.iter().position(|x| *x == row[1]).unwrap();
                let h2: f64 = e.loadings.row(i).iter().map(|x| x * x).sum();
                let want: f64 = row[4].parse().unwrap();
                assert!(rel_err(h2, want) <= R_REL, "communality {}", row[1]);
                n += 1;
            }
        }
    }
    assert!(n > 1500, "{n}");
    eprintln!("efa: {n} values agree with R to {R_REL:.0e}");
}
