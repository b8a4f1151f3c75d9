#!/usr/bin/env bash
# Benchmark of `bprstat run`: the default study and a simulated study of 1,000,000
# respondents in 2,000 centers, each beside polars alone reading the same CSV (the peer).
# Wall-clock seconds are the median of REPS runs; peak memory (max RSS) from GNU time when
# present. Usage: benches/bench.sh [REPS]   (default 3; writes into bench-out/, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-3}"
cargo build --release --quiet --bin bprstat --example polars_read
BIN=target/release/bprstat
PEER=target/release/examples/polars_read
mkdir -p bench-out
if [ ! -f bench-out/big.csv ]; then
  "$BIN" simulate --seed 1 --respondents 1000000 --centers 2000 --out bench-out/big.csv --study bench-out/big.toml
fi
# The large study times the core pipeline (read, clean, score, two models with cluster SEs and
# diagnostics, tables, charts, report): its bootstraps are timed by `cargo bench --bench wild`.
sed -i '/^wild_bootstrap = /d; /^pairs_bootstrap = /d' bench-out/big.toml

source benches/median.sh

printf '%-34s %10s %10s %12s %10s\n' "case" "bprstat s" "polars s" "ratio" "peak MB"
for case in default big; do
  if [ "$case" = default ]; then study=data/zhejiang-asc.toml; csv=data/zhejiang-asc.csv; label="default study (1,009 x 39)";
  else study=bench-out/big.toml; csv=bench-out/big.csv; label="simulated (1,000,000 x 39)"; fi
  tb=$(median "$BIN" run "$study" --out "bench-out/$case")
  tp=$(median "$PEER" "$csv")
  mem=$(peak "$BIN" run "$study" --out "bench-out/$case")
  printf '%-34s %10s %10s %11.1fx %10s\n' "$label" "$tb" "$tp" "$(awk -v a="$tb" -v b="$tp" 'BEGIN {print a / b}')" "$mem"
done
echo "ratio = bprstat run (read, clean, score, 2 models with cluster SEs, tables, charts, report) / polars CSV read alone"
echo
# The random-intercept model from the command line on the same 1,000,000 x 39 file, beside one
# OLS regression of the same formula with cluster SEs (both read and clean the CSV).
F="PP1 ~ SP1 + SP2 + EN1 + WS1 + IT1 + DC1 + CM1 + LK1"
tr=$(median "$BIN" regress bench-out/big.csv --formula "$F" --cluster center_id --missing 9,99)
tm=$(median "$BIN" mixed bench-out/big.csv --formula "$F + (1 | center_id)" --missing 9,99)
mr=$(peak "$BIN" regress bench-out/big.csv --formula "$F" --cluster center_id --missing 9,99)
mm=$(peak "$BIN" mixed bench-out/big.csv --formula "$F + (1 | center_id)" --missing 9,99)
printf '%-34s %10s %10s %12s %10s\n' "command (1,000,000 x 39)" "mixed s" "regress s" "ratio" "peak MB"
printf '%-34s %10s %10s %11.2fx %10s\n' "mixed vs regress --cluster" "$tm" "$tr" "$(awk -v a="$tm" -v b="$tr" 'BEGIN {print a / b}')" "$mm / $mr"
echo
echo "mixed model beside one OLS fit (same process, fitting only):"
cargo bench --quiet --bench mixed 2>/dev/null | grep -v '^$'
echo
echo "wild cluster bootstrap beside one OLS fit (same process):"
cargo bench --quiet --bench wild 2>/dev/null | grep -v '^$'
