//! Shared helpers of the integration tests. Tolerances live here and only here, and every
//! comparison with a recorded reference goes through [`Checker`].
//!
//! The test files follow the commands: `bprstat regress` — r_reference (R's lm, sandwich,
//! clubSandwich, lmtest, car), nist (NIST StRD), selection (SPSS REGRESSION model building),
//! wild_bootstrap (boottest); `mixed` — mixed (lme4, lmerTest); `benchmark` — benchmark;
//! `reliability` — reliability (psych); `efa` — efa (psych, GPArotation); `cfa` — cfa
//! (lavaan); `run` — reproduce (the committed report byte for byte); every command's
//! mistakes and formats — cli; the option definitions of both front ends — options; the
//! layers of src/ — layers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Models finished from sums per cluster (`bprstat sql`, streamed over shards) against the
/// row-level QR fit of the same data (issue 16: "equals the in-memory path to 1e-12").
pub const SUMS_REL: f64 = 1e-12;
/// A random intercept's quantities that are differences of its criterion, from sums against
/// the row-level fit: the likelihood-ratio statistic (12.1 = the difference of two criteria
/// of about 2,400 on the default study) and the profile limits of the SDs (where the
/// criterion rises 3.84 above its minimum). The criterion's last digits, which sums added
/// in another order move (polars' streaming engine adds in no fixed order), move these
/// about 200-600 times more than the other numbers: 9e-12 to 3.7e-11 seen over runs.
pub const CRITERION_SUMS_REL: f64 = 1e-9;
/// Relative agreement required with R's recorded reference values (issue: "to 1e-8").
pub const R_REL: f64 = 1e-8;
/// R2 change and F change of nested models against R's anova() (issue: "to 1e-10").
pub const NESTED_REL: f64 = 1e-10;
/// Composite-index weights (entropy, CRITIC, first principal component) and indices against
/// R's computation from the published formulas (issue 13: "to 1e-10").
pub const WEIGHTS_REL: f64 = 1e-10;
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
/// Agreement required of structural equation models with lavaan's sem(), whose references
/// are taken at the optimum (tests/reference/lavaan_polish.R: lavaan's nlminb stops ~1e-7
/// short of it, which moved SEs by ~1e-6 and interval bounds near 0 by up to 1e-4). The tests
/// print the worst error per quantity.
pub const LAVAAN_SEM_REL: f64 = 1e-6;
/// Agreement with a lavaan fit that cannot be polished to its optimum (fixed.x predictors
/// under FIML, tests/reference/sem_fiml_exo.R): lavaan's nlminb stops at its default
/// tolerances, which leaves estimates ~1e-6 and SEs ~1e-5 short (the test prints the worst
/// error per quantity).
pub const LAVAAN_UNPOLISHED_REL: f64 = 1e-4;
/// Agreement required of PLS path models with seminr and Python's plspm (issue: "to 1e-6");
/// both references are iterated to convergence (tests/reference/pls.R, pls_plspm.py) and
/// the tests print the worst error per quantity.
pub const PLS_REL: f64 = 1e-6;
/// Below this magnitude a reference value is compared absolutely (e.g. a zero correlation).
pub const R_ABS_FLOOR: f64 = 1e-300;
/// Properties of exact invariance (row order, rescaling): relative to the larger value, or
/// absolute below 1 (tests/properties.rs).
pub const PROPERTY_REL: f64 = 1e-12;
/// LRE cap: agreement to 15 significant digits counts as perfect, as in NIST's own tables.
pub const LRE_CAP: f64 = 15.0;
/// Every NIST quantity on every dataset must reach this LRE, whatever the peers do.
pub const NIST_MIN_LRE: f64 = 9.0;
/// Two independent Monte-Carlo estimates of the same p from B draws each differ by at most
/// this many standard errors sqrt(2 p (1 - p) / B), plus 2/B for ties and discreteness.
pub const MC_SIGMAS: f64 = 4.0;
/// A value printed to 4 decimals (SPSS PROCESS output) agrees when bprstat's rounds to it:
/// within half a unit of the 4th decimal, plus room for the printed value's own rounding of
/// a binary number (1e-12).
pub const PRINTED_4DP: f64 = 5e-5 + 1e-12;
/// Exact enumeration of the wild bootstrap: p-values are fractions of 2^G and must agree
/// with wildboottest's to this, absolutely.
pub const EXACT_ABS: f64 = 1e-12;
/// A quantity that is 0 in exact arithmetic (the mean of a centred variable) is 0 up to
/// this, absolutely (1e-13 in bprstat and in R).
pub const ZERO_ABS: f64 = 1e-9;
/// Rounding room of an inequality between two computed doubles of order 1 (shrinkage never
/// moves a center past the overall mean).
pub const ORDER_ABS: f64 = 1e-12;
/// The mixed model's REML criterion is never above lme4's default optimum by more than this
/// (lme4 stops short of the optimum; bprstat solves d'(s) = 0).
pub const CRITERION_ABS: f64 = 1e-9;
/// The derivative of the profiled criterion at bprstat's optimum is 0 to this.
pub const GRADIENT_ABS: f64 = 1e-6;

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

/// One value against R to R_REL, through the shared [`Checker`]; returns the error.
pub fn assert_close(what: &str, got: f64, want: f64) -> f64 {
    Checker::new(what, R_REL).check("value", "", got, want, Scale::Relative)
}

/// How a recorded value is compared.
#[derive(Clone, Copy, Debug)]
pub enum Scale {
    /// Relative error (absolute below R_ABS_FLOOR).
    Relative,
    /// Relative error of the logarithms: for p-values as small as 1e-270, where a tiny
    /// relative error of the df is amplified many times over. A recorded 0 is compared
    /// absolutely.
    Log,
    /// The smaller of the relative and the absolute error: for loadings near zero.
    RelativeOrAbsolute,
    /// Shares in [0, 1]: within the tolerance relatively or SHARE_ABS absolutely.
    Share,
    /// Absolute error: for values printed to a fixed number of decimals (PROCESS's 4).
    Absolute,
}

/// The one reference checker of the test suite (as statsmodels' check mixins): every test
/// that compares bprstat with recorded R (or Python) values goes through `check`, holding
/// them to one tolerance from this file and reporting the worst error per quantity.
pub struct Checker {
    name: String,
    tol: f64,
    worst: Vec<(String, f64)>,
    n: usize,
}

impl Checker {
    pub fn new(name: impl Into<String>, tol: f64) -> Checker {
        Checker {
            name: name.into(),
            tol,
            worst: Vec::new(),
            n: 0,
        }
    }

    /// Compare one value; panics, naming it, past the tolerance. Returns the error.
    pub fn check(&mut self, quantity: &str, what: &str, got: f64, want: f64, scale: Scale) -> f64 {
        let rel = rel_err(got, want);
        let (e, ok) = match scale {
            Scale::Relative => (rel, rel <= self.tol),
            Scale::Log if want == 0.0 => (got.abs(), got.abs() <= self.tol),
            Scale::Log => {
                let e = rel_err(got.ln(), want.ln());
                (e, e <= self.tol)
            }
            Scale::RelativeOrAbsolute => {
                let e = rel.min((got - want).abs());
                (e, e <= self.tol)
            }
            Scale::Share => {
                let ok = rel <= self.tol || (got - want).abs() <= SHARE_ABS;
                (if rel <= self.tol { rel } else { 0.0 }, ok)
            }
            Scale::Absolute => {
                let e = (got - want).abs();
                (e, e <= self.tol)
            }
        };
        assert!(
            ok,
            "{}: {what} {quantity}: bprstat {got:.17e} vs reference {want:.17e} (error {e:.2e} > {:.0e}, {scale:?})",
            self.name, self.tol
        );
        match self.worst.iter_mut().find(|(q, _)| q == quantity) {
            Some(w) => w.1 = w.1.max(e),
            None => self.worst.push((quantity.to_string(), e)),
        }
        self.n += 1;
        e
    }

    /// Values compared so far.
    pub fn count(&self) -> usize {
        self.n
    }

    /// The largest error so far, over every quantity.
    pub fn worst(&self) -> f64 {
        self.worst.iter().map(|w| w.1).fold(0.0, f64::max)
    }

    /// Assert at least `min` values were compared, print the worst error per quantity, and
    /// return it.
    pub fn finish(self, min: usize) -> Vec<(String, f64)> {
        assert!(
            self.n >= min,
            "{}: only {} reference values compared (expected at least {min})",
            self.name,
            self.n
        );
        let list: Vec<String> = self
            .worst
            .iter()
            .map(|(q, e)| format!("{q} {e:.1e}"))
            .collect();
        eprintln!(
            "{}: {} values agree to {:.0e}; worst per quantity: {}",
            self.name,
            self.n,
            self.tol,
            list.join(", ")
        );
        self.worst
    }
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

/// Run a command that must succeed (else its stderr is the panic message): its stdout.
pub fn succeeds(command: &mut std::process::Command) -> String {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every file below `dir`, as paths relative to it.
pub fn files_under(dir: &std::path::Path) -> std::collections::BTreeSet<PathBuf> {
    let mut out = std::collections::BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

/// The files among `files` whose bytes differ between folders `a` and `b`.
pub fn differing<'a>(
    a: &std::path::Path,
    b: &std::path::Path,
    files: impl IntoIterator<Item = &'a PathBuf>,
) -> Vec<String> {
    files
        .into_iter()
        .filter(|f| std::fs::read(a.join(f)).unwrap() != std::fs::read(b.join(f)).unwrap())
        .map(|f| f.display().to_string())
        .collect()
}

/// Run a command that prints JSON (`--json`): it must succeed (else its stderr is the panic
/// message), and its stdout is the value.
pub fn json_of(command: &mut std::process::Command) -> serde_json::Value {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
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
                .map(|v| if reversed.contains(i) { 7.0 - v } else { v })
                .collect()
        })
        .collect()
}
