//! What each fuzz target does with one input. Shared by the AFL++ targets (fuzz/targets/)
//! and by the main crate's test that replays the committed corpora (tests/fuzz_corpus.rs):
//! a harness may return an error for bad input, never panic, and checks properties where
//! the input was accepted.

use bprstat::formula::Formula;
use bprstat::io::{CleanSpec, Encoding, Format, ReadOptions, clean_columns, read_table};
use bprstat::study::Study;
use std::path::{Path, PathBuf};

/// A scratch file for this process (the readers take paths): in memory where /dev/shm is.
fn scratch(ending: &str) -> PathBuf {
    let dir = Path::new("/dev/shm");
    let dir = if dir.is_dir() {
        dir.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("bprstat-fuzz-{}.{ending}", std::process::id()))
}

fn read_bytes(data: &[u8], ending: &str, opts: ReadOptions) {
    let path = scratch(ending);
    std::fs::write(&path, data).expect("scratch file is writable");
    let read = read_table(&path, opts);
    let _ = std::fs::remove_file(&path);
    if let Ok(mut frame) = read {
        // Every column through the item cleaner, as a study's items would be.
        let names: Vec<String> = frame.names.clone();
        let items: Vec<(&str, Option<&str>, bool)> =
            names.iter().map(|n| (n.as_str(), None, false)).collect();
        let spec = CleanSpec {
            file: "fuzz",
            missing_codes: &[9.0, 99.0],
            min: 1.0,
            max: 5.0,
        };
        let _ = clean_columns(&mut frame, &spec, &items, &[]);
    }
}

/// CSV text: the first byte chooses the delimiter and the encoding.
pub fn csv(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let delimiter = [b',', b'\t', b';', b'|'][(first & 3) as usize];
    let encoding = match (first >> 2) & 3 {
        0 | 1 => None,
        2 => Some(Encoding::Gb18030),
        _ => Some(Encoding::Windows1252),
    };
    let opts = ReadOptions {
        format: Some(Format::Csv),
        encoding,
        delimiter,
        ..ReadOptions::default()
    };
    read_bytes(body, "csv", opts);
}

/// The formula as text; an accepted formula printed and parsed again is the same formula.
/// The same text as a lavaan model (and its parameter table, both identifications) and as
/// a defined parameter's expression: an error or a value, never a panic.
pub fn formula(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(syntax) = bprstat::formula::lavaan::parse(text) {
        let _ = bprstat::formula::lavaan::partable(&syntax, false);
        let _ = bprstat::formula::lavaan::partable(&syntax, true);
    }
    if let Ok(e) = bprstat::numeric::expr::Expr::parse(text) {
        let _ = e.eval(1, &|_| Some(bprstat::numeric::expr::Dual::constant(1.5, 1)));
    }
    let Ok(f) = Formula::parse(text) else { return };
    let printed = f.to_string();
    let again = Formula::parse(&printed)
        .unwrap_or_else(|e| panic!("{text:?} printed as {printed:?} does not parse: {e}"));
    assert_eq!(
        (&f.response, &f.terms, f.intercept),
        (&again.response, &again.terms, again.intercept),
        "{text:?} printed as {printed:?} parses to another formula"
    );
}

/// A study file's text, validated (its data file is not read).
pub fn study(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let dir = std::env::temp_dir();
    let _ = Study::from_str(text, Path::new("fuzz.toml"), &dir);
}

pub fn sav(data: &[u8]) {
    read_bytes(data, "sav", ReadOptions::default());
}

pub fn dta(data: &[u8]) {
    read_bytes(data, "dta", ReadOptions::default());
}

pub fn por(data: &[u8]) {
    read_bytes(data, "por", ReadOptions::default());
}

pub fn xlsx(data: &[u8]) {
    read_bytes(data, "xlsx", ReadOptions::default());
}
