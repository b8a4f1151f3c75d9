//! The fuzz targets' harnesses (fuzz/src/harness.rs) over every committed input: the seed
//! and minimized corpora (fuzz/corpus/TARGET/) and every input a fuzzer found crashing or
//! hanging, kept after its fix (fuzz/regressions/TARGET/). Each must go through without a
//! panic; the formula harness also checks that a formula prints and parses back the same (and
//! reads the text as a lavaan model and an expression).

#[path = "../fuzz/src/harness.rs"]
mod harness;

use std::path::Path;

const TARGETS: [(&str, fn(&[u8])); 7] = [
    ("csv", harness::csv),
    ("formula", harness::formula),
    ("study", harness::study),
    ("sav", harness::sav),
    ("dta", harness::dta),
    ("por", harness::por),
    ("xlsx", harness::xlsx),
];

#[test]
fn every_corpus_and_regression_input_goes_through_its_harness() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut seen = 0;
    for (target, run) in TARGETS {
        for folder in ["corpus", "regressions"] {
            let dir = root.join(folder).join(target);
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries {
                let path = e.unwrap().path();
                if path.is_file() && !path.file_name().unwrap().to_string_lossy().starts_with('.') {
                    let bytes = std::fs::read(&path).unwrap();
                    let caught = std::panic::catch_unwind(|| run(&bytes));
                    assert!(
                        caught.is_ok(),
                        "{target} harness panicked on {}",
                        path.display()
                    );
                    seen += 1;
                }
            }
        }
    }
    assert!(seen >= 20, "only {seen} inputs: is fuzz/corpus there?");
}
