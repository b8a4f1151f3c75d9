//! All integration tests, as one test binary: each file under tests/ is a module here.
//!
//! One binary instead of one per file: every test binary links the whole of polars
//! (~630 MB with line tables), and a fresh CI machine ran out of disk linking the
//! eighteenth. `cargo test NAME` still filters by test name (e.g. `cargo test cli::`).

mod aggregates;
mod bad_inputs;
mod benchmark;
mod cfa;
mod chinese;
mod cli;
mod common;
mod composite;
mod documents;
mod efa;
mod fuzz_corpus;
mod importance;
mod layers;
mod mixed;
mod options;
mod pls;
mod process;
mod properties;
mod r_reference;
mod reliability;
mod reproduce;
mod selection;
mod sem;
mod shards;
mod waves;
mod wild_bootstrap;
