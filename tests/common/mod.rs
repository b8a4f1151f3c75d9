//! Shared helpers of the integration tests. Tolerances live here and only here.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Relative agreement required with R's recorded reference values (issue: "to 1e-8").
pub const R_REL: f64 = 1e-8;
/// R2 change and F change of nested models against R's anova() (issue: "to 1e-10").
pub const NESTED_REL: f64 = 1e-10;
/// Variance proportions are shares in [0, 1] summing to 1: a share that is 0 in exact
/// arithmetic comes out as rounding noise (1e-30 vs 1e-34), so a share agrees when it is
/// within R_REL relatively or within SHARE_ABS absolutely.
pub const SHARE_ABS: f64 = 1e-12;
/// Agreement required of the mixed model with lme4/lmerTest (issue: "to 1e-6 relative").
/// Everything is compared to it, Satterthwaite df included (lmerTest's numerical derivatives,
/// bprstat's analytic ones); the test prints the worst error per quantity (about 5e-8 at most).
pub const MIXED_REL: f64 = 1e-6;
/// lme4's confint(method = "profile") interpolates a spline through a grid of the profile;
/// on InstEval its limits for the lecturer SD differ from the exact ones by 5e-4
/// (tests/reference/profile.R), so they are a sanity check at this tolerance only.
pub const LME4_SPLINE_REL: f64 = 1e-3;
/// Agreement required of CFA (lavaan) and omega (psych) values (issue: "to 1e-6 relative");
/// the tests print the worst error per quantity (about 4e-8 at most).
pub const FACTOR_REL: f64 = 1e-6;
/// Below this magnitude a reference value is compared absolutely (e.g. a zero correlation).
pub const R_ABS_FLOOR: f64 = 1e-300;
/// LRE cap: agreement to 15 significant digits counts as perfect, as in NIST's own tables.
pub const LRE_CAP: f64 = 15.0;

/// The crate root (where Cargo.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests").join("fixtures").join(rel)
}

/// Relative error |got - want| / |want| (absolute when want is ~0).
pub fn rel_err(got: f64, want: f64) -> f64 {
    if want.abs() < R_ABS_FLOOR {
        (got - want).abs()
    } else {
        ((got - want) / want).abs()
    }
}

/// Assert `got` agrees with `want` to R_REL, naming what is compared.
/// Assert a share in [0, 1] agrees with R (see SHARE_ABS); returns the relative error when
/// that is what passed, else 0.
pub fn assert_share(what: &str, got: f64, want: f64) -> f64 {
    let abs = (got - want).abs();
    let rel = rel_err(got, want);
    assert!(
        rel <= R_REL || abs <= SHARE_ABS,
        "{what}: bprstat {got:.17e} vs R {want:.17e} (relative error {rel:.2e}, absolute {abs:.2e})"
    );
    if rel <= R_REL { rel } else { 0.0 }
}

/// Returns the relative error, for reporting the worst case.
pub fn assert_close(what: &str, got: f64, want: f64) -> f64 {
    let e = rel_err(got, want);
    assert!(
        e <= R_REL,
        "{what}: bprstat {got:.17e} vs R {want:.17e} (relative error {e:.2e} > {R_REL:.0e})"
    );
    e
}

/// Log relative error, capped at LRE_CAP; log absolute error where the certified value is 0.
/// NIST certifies 15 significant digits: a value that rounds to the certified one at 15
/// significant digits agrees with everything certified and scores the cap.
pub fn lre(got: f64, cert: f64) -> f64 {
    if cert != 0.0 && format!("{got:.14e}") == format!("{cert:.14e}") {
        return LRE_CAP;
    }
    let e = if cert == 0.0 {
        got.abs()
    } else {
        ((got - cert) / cert).abs()
    };
    if e == 0.0 {
        LRE_CAP
    } else {
        (-e.log10()).min(LRE_CAP)
    }
}

/// Minimal CSV reader for the recorded reference files (quoted fields, no embedded quotes).
pub fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.split(',')
                .map(|f| f.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

/// The built binary, for tests that run the CLI as a user would.
pub fn bprstat() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_bprstat"))
}

/// The five Big Five scales of psych::bfi: name, items, reverse-keyed items (psych's keys).
pub const BFI_SCALES: [(&str, [&str; 5], &[&str]); 5] = [
    ("agreeableness", ["A1", "A2", "A3", "A4", "A5"], &["A1"]),
    (
        "conscientiousness",
        ["C1", "C2", "C3", "C4", "C5"],
        &["C4", "C5"],
    ),
    (
        "extraversion",
        ["E1", "E2", "E3", "E4", "E5"],
        &["E1", "E2"],
    ),
    ("neuroticism", ["N1", "N2", "N3", "N4", "N5"], &[]),
    ("openness", ["O1", "O2", "O3", "O4", "O5"], &["O2", "O5"]),
];

/// The bfi fixture's columns of `items`, reverse-keyed items as 7 - x (six-point items).
pub fn bfi_keyed(frame: &bprstat::io::Frame, items: &[&str], reversed: &[&str]) -> Vec<Vec<f64>> {
    items
        .iter()
        .map(|i| {
            frame
                .num(i)
                .unwrap()
                .iter()
                .map(|&v| if reversed.contains(i) { 7.0 - v } else { v })
                .collect()
        })
        .collect()
}
