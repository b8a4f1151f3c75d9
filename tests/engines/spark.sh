#!/usr/bin/env bash
# The models' sums from Apache Spark (issue 16: "the same statistics from a real distributed
# engine"), not run by `cargo test` (Spark needs a JVM and pyspark: apt-get install
# default-jre-headless; pip install pyspark polars). The script starts a Spark standalone
# cluster on this machine: a master and two workers of one core each, every executor a JVM
# of its own that reads its part of the shards (a cluster's deployment, on one machine).
# `bprstat sql --engine 'spark-sql --master spark://... -f {query}' --run SUMS` submits the
# query (dialect spark) on the default study's data as Parquet shards; `bprstat run
# --aggregates` finishes the models from Spark's sums, and they must equal those finished
# from polars' sums and the committed row-level fits (results.json) to 1e-10 relative, and
# the benchmark's league tables and random-intercept models those of results.json. Then
# the sums of a larger simulated study (ROWS, default 5,000,000) are timed on 1 executor and
# on 2, and on polars with 1 and 2 threads; last, a master that is not there must give
# "the engine is not reachable", exit 1 and no sums file.
# Usage: tests/engines/spark.sh [ROWS]      env: PORT (default 7077)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS="${1:-5000000}"
PORT="${PORT:-7077}"
SPARK_HOME="${SPARK_HOME:-$(python3 -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')}"
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

# The cluster: a master and two one-core workers, stopped when the script ends.
export SPARK_LOG_DIR="$D/logs" SPARK_WORKER_DIR="$D/work"
mkdir -p "$SPARK_LOG_DIR"
"$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.master.Master --host 127.0.0.1 \
  --port "$PORT" --webui-port 0 > "$SPARK_LOG_DIR/master.log" 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for w in 1 2; do
  "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.worker.Worker --cores 1 --memory 2g \
    --webui-port 0 --work-dir "$D/work/$w" "spark://127.0.0.1:$PORT" > "$SPARK_LOG_DIR/worker-$w.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 120); do
  [ "$(grep -c 'Registering worker' "$SPARK_LOG_DIR/master.log" 2>/dev/null)" -ge 2 ] && break
  sleep 1
done
[ "$(grep -c 'Registering worker' "$SPARK_LOG_DIR/master.log")" -ge 2 ] || { echo "the Spark cluster did not start its two workers; see $SPARK_LOG_DIR"; exit 1; }

# `engine MASTER EXECUTORS`: the spark-sql command line that `bprstat sql --engine` runs.
engine() {
  echo "$SPARK_HOME/bin/spark-sql --master $1 --total-executor-cores $2 --executor-cores 1 --executor-memory 2g --conf spark.ui.enabled=false --conf spark.sql.ansi.enabled=true --hiveconf hive.cli.print.header=true -f {query}"
}
# `spark_sums STUDY EXECUTORS OUT ["--measurement --benchmark"]`: Spark's sums of STUDY's Parquet shards (run in $D, where
# spark-sql leaves its metastore).
spark_sums() {
  local shards
  shards="$(dirname "$1")/$(sed -n 's/^path = "\(.*\)"/\1/p' "$1")"
  local t0 t1
  t0=$(date +%s.%N)
  ( cd "$D" && "$BIN" sql "$1" --dialect spark --table "parquet.\`$shards\`" ${4:-} \
      --engine "$(engine "spark://127.0.0.1:$PORT" "$2")" --run "$3" 2>"$3.log" )
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v e="$2" 'BEGIN {printf "bprstat sql --engine spark-sql, %d executor(s): %.1f s (whole process)\n", e, b - a}' >&2
}

spark_sums "$D/study.toml" 2 "$D/spark.csv" "--measurement --benchmark"
"$BIN" sql "$D/study.toml" --run "$D/polars.parquet"
"$BIN" run "$D/study.toml" --aggregates "$D/spark.csv" --json > "$D/spark.json"
"$BIN" run "$D/study.toml" --aggregates "$D/polars.parquet" --json > "$D/polars.json"
python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
spark_all = json.load(open(f"{d}/spark.json"))
spark = spark_all["models"]
polars = json.load(open(f"{d}/polars.json"))["models"]
committed = json.load(open("notebooks-out/zhejiang-asc/results.json"))
rows = {m["name"]: m for m in committed["models"]}
# The items' moments (--measurement): reliability, KMO, EFA and CFA equal the committed
# report's exactly (whole-number answers are summed exactly by Spark's doubles too).
for key in ("reliability", "adequacy", "efa", "cfa"):
    assert spark_all["measurement"][key] == committed[key], key
print("reliability, KMO, EFA and CFA from Spark's sums of the items' moments: equal to the committed report's")
# The benchmark (--benchmark): the league tables and the models with a random intercept equal
# the committed row-level benchmark's (numbers to 1e-9 relative, absolutely below 1, as
# tests/aggregates.rs allows differences of the REML criterion; ranks, bands and labels exactly).
bworst = 0.0
def same(a, b, path):
    global bworst
    if isinstance(b, dict):
        for k, v in b.items():
            if k not in ("notes", "missing_by_variable", "evaluations", "gradient"):
                same(a.get(k), v, f"{path}.{k}")
    elif isinstance(b, list):
        assert isinstance(a, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(b, float) or (isinstance(b, int) and isinstance(a, float)):
        e = abs(a - b) / max(abs(b), 1.0)
        bworst = max(bworst, e)
        assert e <= 1e-9, (path, a, b)
    else:
        assert a == b, (path, a, b)
for key in ("outcomes", "factors", "models", "ecological"):
    same(spark_all["benchmark"][key], committed["benchmark"][key], key)
print(f"league tables and random-intercept models from Spark's sums: worst difference {bworst:.1e} "
      "from the committed row-level benchmark (limit 1e-9); ranks and bands equal")
worst = {"polars": 0.0, "rows": 0.0}
assert len(spark) == len(polars) == 3, (len(spark), len(polars))
for s, p in zip(spark, polars):
    for other, ref in (("polars", p), ("rows", rows[s["name"]])):
        for a, b in zip(s["tidy"], ref["tidy"]):
            se = b["std_error"]
            for k in ("estimate", "std_error", "statistic", "conf_low", "conf_high"):
                # a value near 0 (an intercept) against its standard error, as tests/aggregates.rs
                scale = max(abs(b[k]), se if k != "statistic" else 1.0)
                e = abs(a[k] - b[k]) / scale
                worst[other] = max(worst[other], e)
                assert e <= 1e-10, (s["name"], a["term"], k, a[k], b[k])
        for k in ("r_squared", "sigma", "statistic"):
            e = abs(s["glance"][k] - ref["glance"][k]) / abs(ref["glance"][k])
            worst[other] = max(worst[other], e)
            assert e <= 1e-10, (s["name"], k)
print(f"models {', '.join(m['name'] for m in spark)} from Spark's sums: worst relative "
      f"difference {worst['polars']:.1e} from polars' sums, {worst['rows']:.1e} from the rows (limit 1e-10)")
PY

# Scaling: the sums of ROWS simulated respondents on 1 and on 2 executors, and on polars.
"$BIN" simulate --seed 16 --respondents "$ROWS" --centers 2000 --shards 10 \
  --out "$D/big/part-*.parquet" --study "$D/big.toml" >/dev/null
for executors in 1 2; do spark_sums "$D/big.toml" "$executors" "$D/big-$executors.csv"; done
for threads in 1 2; do
  t0=$(date +%s.%N)
  POLARS_MAX_THREADS=$threads "$BIN" sql "$D/big.toml" --run "$D/big-polars-$threads.parquet" 2>/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" -v t="$threads" 'BEGIN {printf "bprstat sql --run (polars), %d thread(s): %.1f s (whole process)\n", t, b - a}' >&2
done
for s in big-1.csv big-2.csv big-polars-2.parquet; do
  "$BIN" run "$D/big.toml" --aggregates "$D/$s" --json 2>/dev/null > "$D/$s.json"
done
python3 - "$D" <<'PY'
import json, sys
d = sys.argv[1]
ref = json.load(open(f"{d}/big-polars-2.parquet.json"))
for s in ("big-1.csv", "big-2.csv"):
    worst = 0.0
    got = json.load(open(f"{d}/{s}.json"))["models"]
    assert len(got) == len(ref["models"]) > 0, s
    for m, r in zip(got, ref["models"]):
        for a, b in zip(m["tidy"], r["tidy"]):
            for k in ("estimate", "std_error"):
                e = abs(a[k] - b[k]) / max(abs(b[k]), b["std_error"])
                worst = max(worst, e)
                assert e <= 1e-10, (s, m["name"], a["term"], k)
    print(f"{s}: the models from Spark's sums differ from polars' by {worst:.1e} at most (limit 1e-10)")
PY

# A master that is not there: named, exit 1, no sums.
set +e
( cd "$D" && "$BIN" sql "$D/study.toml" --dialect spark --table "parquet.\`$D/part-*.parquet\`" \
    --engine "$(engine spark://127.0.0.1:9 1)" --run "$D/unreachable.csv" 2> "$D/unreachable.log" )
code=$?
set -e
if [ "$code" -ne 1 ] || [ -e "$D/unreachable.csv" ] || ! grep -q "the engine is not reachable" "$D/unreachable.log"; then
  echo "an unreachable master: expected exit 1, no sums and the message; got exit $code:"; cat "$D/unreachable.log"; exit 1
fi
grep -A3 "^error" "$D/unreachable.log" | cut -c1-200
echo "spark.sh: all checks passed"
