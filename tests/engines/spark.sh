#!/usr/bin/env bash
# The models' sums from Apache Spark (issue 16: "the same statistics from a real distributed
# engine"), not run by `cargo test` (Spark needs a JVM and pyspark: apt-get install
# default-jre-headless; pip install pyspark polars). Spark runs `bprstat sql --dialect spark`
# in local mode (the same engine and plan as on a cluster; its executors are threads here)
# on the default study's data as Parquet shards; `bprstat run --aggregates` finishes the
# models from Spark's sums, and they must equal those finished from polars' sums and the
# committed row-level fits (results.json) to 1e-10 relative. Then the sums of a larger
# simulated study (ROWS, default 5,000,000) are timed on 1 and on 2 executor threads.
# Usage: tests/engines/spark.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-5000000}"
cargo build --release --quiet --bin bprstat
BIN="$PWD/target/release/bprstat"
D="$PWD/bench-out/spark"
rm -rf "$D" && mkdir -p "$D"
python3 - "$D" <<'PY'
import sys, polars as pl
d = sys.argv[1]
df = pl.read_csv("data/zhejiang-asc.csv")
for k, (a, b) in enumerate([(0, 300), (300, 700), (700, df.height)]):
    df.slice(a, b - a).write_parquet(f"{d}/part-{k}.parquet")
PY
sed 's#path = "zhejiang-asc.csv"#path = "part-*.parquet"#' data/zhejiang-asc.toml > "$D/study.toml"
cp data/zhejiang-centers.csv "$D/"

# `spark_sums STUDY THREADS OUT`: Spark's sums of STUDY's data (its Parquet shards) as CSV.
spark_sums() {
  "$BIN" sql "$1" --dialect spark > "$1.spark.sql"
  python3 - "$1" "$2" "$3" <<'PY'
import sys, time, glob, os, re
from pyspark.sql import SparkSession
study, threads, out = sys.argv[1], sys.argv[2], sys.argv[3]
spark = (SparkSession.builder.master(f"local[{threads}]")
         .config("spark.ui.enabled", "false")
         .config("spark.sql.ansi.enabled", "true").getOrCreate())
spark.sparkContext.setLogLevel("ERROR")
folder = os.path.dirname(os.path.abspath(study))
path = re.search(r'^path = "(.*)"', open(study).read(), re.M).group(1)
spark.read.parquet(*sorted(glob.glob(os.path.join(folder, path)))).createOrReplaceTempView("data")
query = open(study + ".spark.sql").read().strip().rstrip(";")
t = time.time()
sums = spark.sql(query).toPandas()
print(f"spark local[{threads}]: {time.time() - t:.1f} s for the sums", file=sys.stderr)
sums.to_csv(out, index=False, float_format="%.17g")
PY
}

spark_sums "$D/study.toml" 2 "$D/spark.csv"
"$BIN" sql "$D/study.toml" --run "$D/polars.parquet"
"$BIN" run "$D/study.toml" --aggregates "$D/spark.csv" --json > "$D/spark.json"
"$BIN" run "$D/study.toml" --aggregates "$D/polars.parquet" --json > "$D/polars.json"
python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
spark = json.load(open(f"{d}/spark.json"))
polars = json.load(open(f"{d}/polars.json"))
rows = {m["name"]: m for m in json.load(open("notebooks-out/zhejiang-asc/results.json"))["models"]}
worst = {"polars": 0.0, "rows": 0.0}
for s, p in zip(spark, polars):
    for other, ref in (("polars", p), ("rows", rows[s["name"]])):
        for a, b in zip(s["tidy"], ref["tidy"]):
            for k in ("estimate", "std_error", "statistic", "conf_low", "conf_high"):
                e = abs(a[k] - b[k]) / abs(b[k])
                worst[other] = max(worst[other], e)
                assert e <= 1e-10, (s["name"], a["term"], k, a[k], b[k])
        for k in ("r_squared", "sigma", "statistic"):
            e = abs(s["glance"][k] - ref["glance"][k]) / abs(ref["glance"][k])
            worst[other] = max(worst[other], e)
            assert e <= 1e-10, (s["name"], k)
print(f"models {', '.join(m['name'] for m in spark)} from Spark's sums: worst relative "
      f"difference {worst['polars']:.1e} from polars' sums, {worst['rows']:.1e} from the rows (limit 1e-10)")
PY

# Scaling: the sums of ROWS simulated respondents on 1 and on 2 executor threads.
"$BIN" simulate --seed 16 --respondents "$ROWS" --centers 2000 --shards 10 \
  --out "$D/big/part-*.parquet" --study "$D/big.toml" >/dev/null
for threads in 1 2; do spark_sums "$D/big.toml" "$threads" "$D/big-$threads.csv"; done
for threads in 1 2; do
  t0=$(date +%s.%N)
  POLARS_MAX_THREADS=$threads "$BIN" sql "$D/big.toml" --run "$D/big-polars-$threads.parquet" 2>/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v t="$threads" 'BEGIN {printf "bprstat sql --run (polars), %d thread(s): %.1f s (whole process)\n", t, b - a}' >&2
done
