#!/usr/bin/env bash
# Speed of the center benchmark at scale (issue 13): 1,000,000 respondents in 2,000 centers,
# 10,000 rank draws, a report card for every center, timed as `bprstat benchmark` beside the
# peer, one OLS regression with cluster-robust SEs on the same CSV (`bprstat regress
# --cluster`; both processes read and clean the file). Two benchmark studies:
#   plain — the two outcomes' random-intercept models, league tables, cards;
#   full  — as the default study: also adjusted for case mix (years in post, department, the
#           center's level) and the composite evaluation index (entropy weights, 1,000
#           resamples of respondents within centers, 1,000 random weightings).
# Wall seconds are the median of REPS runs; peak memory (max RSS) from GNU time when present.
# Usage: benches/centers.sh [REPS]   (default 3; writes into bench-out/, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-3}"
cargo build --release --quiet --bin bprstat
BIN=target/release/bprstat
mkdir -p bench-out
if [ ! -f bench-out/centers.csv ] || [ ! -f bench-out/centers-own.csv ] || [ ! -f bench-out/centers-plain.toml ]; then
  "$BIN" simulate --seed 1 --respondents 1000000 --centers 2000 --out bench-out/centers.csv \
    --study bench-out/centers-plain.toml --centers-out bench-out/centers-own.csv
fi
# The simulated study file; its [benchmark] section (last in the file) asks for 10,000 draws.
# The full study adds the default study's adjustment and composite index.
grep -q '^draws = 10000$' bench-out/centers-plain.toml
cp bench-out/centers-plain.toml bench-out/centers-full.toml
cat >> bench-out/centers-full.toml <<'EOF'
adjust = ["years_in_post", "C(department)"]
center_data = "centers-own.csv"
center_adjust = ["C(level)"]

[[benchmark.composite]]
name = "evaluation"
title = "Annual evaluation index"
normalize = "min-max"
weights = "entropy"
components = [
  { variable = "process" },
  { variable = "result" },
  { center = "on_time_rate", label = "On-time completion rate (%)" },
  { center = "processing_days", label = "Average processing days", direction = "lower" },
]
deductions = ["complaints"]
bonus = ["commendations"]
EOF

source benches/median.sh
F="PP1 ~ SP1 + SP2 + EN1 + WS1 + IT1 + DC1 + CM1 + LK1"
peer=$(median "$BIN" regress bench-out/centers.csv --formula "$F" --cluster center_id --missing 9,99)
peer_mb=$(peak "$BIN" regress bench-out/centers.csv --formula "$F" --cluster center_id --missing 9,99)
printf '| %-64s | %8s | %8s | %8s |\n' "run (1,000,000 respondents, 2,000 centers)" "wall s" "ratio" "peak MB"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..66})" "----------" "----------" "----------"
printf '| %-64s | %8s | %8s | %8s |\n' "peer: bprstat regress, one OLS with cluster SEs" "$peer" "1.00x" "$peer_mb"
# Each run writes a folder of its own, as a first run does. On a file system without a
# journal (this machine's ext4), creating a file skips the inodes deleted in the last 30 s
# (vm.dirty_expire_centisecs), one by one: 10,000 files created within 30 s of deleting
# 10,000 cost seconds in the kernel. So the last runs' folders are deleted first and the
# timing waits 35 s; writing over the last run's folder is timed too, in the last row.
rm -rf bench-out/runs
sync
sleep 35
fresh() { "$BIN" benchmark "bench-out/centers-$1.toml" --out "bench-out/runs/$1-$(date +%s%N)"; }
for v in plain full; do
  t=$(median fresh "$v")
  mb=$(peak "$BIN" benchmark "bench-out/centers-$v.toml" --out "bench-out/runs/$v-peak")
  cards=$(ls "bench-out/runs/$v-peak/centers" | grep -c '^center-.*\.html$')
  size=$(du -sm "bench-out/runs/$v-peak/centers" | cut -f1)
  label="bprstat benchmark ($v): 10,000 draws, $cards cards, ${size} MB"
  printf '| %-64s | %8s | %7.2fx | %8s |\n' "$label" "$t" "$(awk -v a="$t" -v b="$peer" 'BEGIN {print a / b}')" "$mb"
done
t=$(median "$BIN" benchmark bench-out/centers-plain.toml --out bench-out/runs/plain-again)
printf '| %-64s | %8s | %7.2fx | %8s |\n' "the plain one again, each run over the last run's folder" "$t" "$(awk -v a="$t" -v b="$peer" 'BEGIN {print a / b}')" ""
rm -rf bench-out/runs
echo "ratio = wall time / the peer's (the issue asks for the benchmark within 3x of one OLS fit with cluster SEs)"
