#!/usr/bin/env bash
# Data larger than memory (issue 16): a simulated study of N respondents (default
# 100,000,000 in 20,000 centers) written as Parquet shards by `bprstat simulate --shards`,
# then the models' sums computed over the shards by `bprstat sql --run` (polars' streaming
# engine) and the models finished by `bprstat run --aggregates`; beside polars alone
# streaming the same shards (the peer: the sum of every column, so that every byte is read
# and decoded). Each a whole process timed once by GNU time (wall seconds, peak MB); the sums
# again with polars on 1 thread and on 2 (how the work scales with the workers it is given).
# Usage: benches/scale.sh [RESPONDENTS] [CENTERS] [SHARDS]
#   (default 100000000 20000 100; writes into bench-out/scale, git-ignored; ~25 GB free disk
#   for the default, and python3 with polars for the peer: pip install polars)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000000}"
G="${2:-20000}"
K="${3:-100}"
cargo build --release --quiet --bin bprstat
BIN="$PWD/target/release/bprstat"
D="bench-out/scale/$N"
mkdir -p "$D"

# `timed LABEL CMD...`: wall seconds and peak MB of one run of CMD, as a table row.
timed() {
  local label="$1"
  shift
  local out
  out=$(/usr/bin/time -f '%e %M' "$@" 2>&1 >/dev/null | tail -1)
  awk -v l="$label" -v o="$out" 'BEGIN {split(o, a, " "); printf "%-58s %9.1f %9.0f\n", l, a[1], a[2] / 1024}'
}

printf '%-58s %9s %9s\n' "$N respondents, $G centers, $K shards" "seconds" "peak MB"
if [ ! -f "$D/study.toml" ]; then
  rm -rf "$D/parts"
  timed "bprstat simulate --shards $K (Parquet)" \
    "$BIN" simulate --seed 16 --respondents "$N" --centers "$G" --shards "$K" \
    --out "$D/parts/part-*.parquet" --study "$D/study.toml"
fi
echo "shards: $(du -sm "$D/parts" | cut -f1) MB of Parquet"
timed "polars: streaming sum of every column (peer)" \
  python3 -c "import polars as pl; pl.scan_parquet('$D/parts/part-*.parquet').select(pl.all().exclude('department').sum(), pl.col('department').len()).collect(engine='streaming')"
timed "bprstat sql --run (sums of the models, streaming)" \
  "$BIN" sql "$D/study.toml" --run "$D/sums.parquet"
timed "bprstat run --aggregates (the models from the sums)" \
  "$BIN" run "$D/study.toml" --aggregates "$D/sums.parquet"
timed "bprstat sql --run, POLARS_MAX_THREADS=1" \
  env POLARS_MAX_THREADS=1 "$BIN" sql "$D/study.toml" --run "$D/sums-1.parquet"
timed "bprstat sql --run, POLARS_MAX_THREADS=2" \
  env POLARS_MAX_THREADS=2 "$BIN" sql "$D/study.toml" --run "$D/sums-2.parquet"
