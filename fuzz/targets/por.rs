//! AFL++ target: see fuzz/README.md.
#[path = "../src/harness.rs"]
#[allow(dead_code)]
mod harness;

fn main() {
    afl::fuzz_nohook!(|data: &[u8]| harness::por(data));
}
