#!/usr/bin/env bash
# `bprstat run` beside its peers on the same generated data, in one run: polars' bare CSV read
# (the floor), the Python pipeline (pandas, pingouin, statsmodels incl. a mixed model) and the
# R pipeline (data.table, psych, sandwich, lme4) of ../shared/bench/. Prints each one's median
# wall time and peak memory (whole processes, GNU time), then the ratios issue 16 asks about:
# bprstat / polars read, fastest peer / bprstat, bprstat's peak memory / the CSV's size.
#
# usage: benches/peers.sh [SIZE...]        (default: S L; M is there too)
#   env: RUNS=3 WARMUP=1 PEERS="bprstat ro_csv py r"
# Needs (once): pip install numpy polars pandas statsmodels pingouin scipy
#               apt-get install -y r-base-core r-cran-data.table r-cran-psych r-cran-sandwich \
#                 r-cran-lmtest r-cran-car r-cran-lme4
# Writes into bench-out/peers/ (git-ignored); the generated data (~130 MB) is kept for reruns.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(S L)
export RUNS=${RUNS:-3} WARMUP=${WARMUP:-1} PEERS=${PEERS:-"bprstat ro_csv py r"}
HARNESS=${HARNESS:-../shared/bench}
[ -d "$HARNESS" ] || { echo "no peer harness at $HARNESS (set HARNESS=...)"; exit 1; }

missing=()
python3 -c 'import numpy, polars, pandas, statsmodels, pingouin, scipy' 2>/dev/null || missing+=("Python: pip install numpy polars pandas statsmodels pingouin scipy")
Rscript -e 'for (p in c("data.table","psych","sandwich","lmtest","car","lme4")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 1)' >/dev/null 2>&1 \
  || missing+=("R: apt-get install -y r-base-core r-cran-data.table r-cran-psych r-cran-sandwich r-cran-lmtest r-cran-car r-cran-lme4")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'the peers need:\n'; printf '  %s\n' "${missing[@]}"; exit 1
fi

cargo build --release --quiet --bin bprstat
export BPRSTAT=$PWD/target/release/bprstat
work=bench-out/peers
mkdir -p "$work"
# A writable copy of the harness (the shared one is read-only); data generated once.
for f in "$HARNESS"/*; do cp -f "$f" "$work/"; done
chmod -R u+w "$work"
( cd "$work" && [ -f data/L.csv ] && sha256sum -c --quiet data/SHA256SUMS 2>/dev/null || ./make_data.sh >/dev/null )
rm -rf "$work/logs" "$work/out"
( cd "$work" && OUTROOT=$PWD/out ./run_bench.sh "${SIZES[@]}" && python3 summarize.py >/dev/null )

python3 - "$work" "${SIZES[@]}" <<'EOF'
import csv, os, sys
work, sizes = sys.argv[1], sys.argv[2:]
rows = {(r["size"], r["peer"]): r for r in csv.DictReader(open(os.path.join(work, "results.csv")))}
names = {"bprstat": "bprstat run", "ro_csv": "polars: read the CSV", "py": "Python pipeline", "r": "R pipeline"}
print(f"{'size':<5} {'peer':<22} {'median s':>9} {'peak MB':>8}")
for s in sizes:
    for p in ["ro_csv", "bprstat", "py", "r"]:
        if (s, p) in rows:
            r = rows[(s, p)]
            print(f"{s:<5} {names[p]:<22} {float(r['wall_median_s']):>9.2f} {float(r['peak_rss_mb']):>8.0f}")
print()
for s in sizes:
    b = rows.get((s, "bprstat"))
    if not b:
        continue
    t, mem = float(b["wall_median_s"]), float(b["peak_rss_mb"])
    out = [f"{s}:"]
    if (s, "ro_csv") in rows:
        out.append(f"bprstat / polars read = {t / float(rows[(s, 'ro_csv')]['wall_median_s']):.2f}x")
    peers = [(float(rows[(s, p)]["wall_median_s"]), names[p]) for p in ("py", "r") if (s, p) in rows]
    if peers:
        f, who = min(peers)
        out.append(f"fastest peer ({who}) / bprstat = {f / t:.2f}x")
    csv_mb = os.path.getsize(os.path.join(work, "data", f"{s}.csv")) / 2**20
    out.append(f"peak memory / CSV size = {mem / csv_mb:.1f}x ({mem:.0f} MB / {csv_mb:.0f} MB)")
    print("  ".join(out))
EOF
