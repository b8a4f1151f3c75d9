#!/usr/bin/env bash
# Reading speed by file format (issue 11): a simulated study of 100,000 respondents x 39
# columns as CSV, as an SPSS .sav (written by PSPP) and as an Excel .xlsx (written by pandas
# with openpyxl), each read by `bprstat describe` (read + one pass of column statistics),
# beside pandas reading the same .xlsx and .csv (the peers). Whole processes, median wall
# seconds of REPS runs. Needs pspp (Debian) and pandas + openpyxl (pip).
# Usage: benches/formats.sh [REPS]   (default 3; writes into bench-out/, git-ignored)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-3}"
cargo build --release --quiet --bin bprstat
BIN=target/release/bprstat
mkdir -p bench-out
F=bench-out/formats
if [ ! -f "$F.csv" ]; then
  "$BIN" simulate --seed 7 --respondents 100000 --centers 600 --out "$F.csv" >/dev/null
fi
[ -f "$F.sav" ] || python3 data/make-labelled.py "$F.csv" "$F" sav
[ -f "$F.xlsx" ] || python3 -c "import pandas as pd; pd.read_csv('$F.csv').to_excel('$F.xlsx', index=False)"

source benches/median.sh

csv=$(median "$BIN" describe "$F.csv")
sav=$(median "$BIN" describe "$F.sav")
xlsx=$(median "$BIN" describe "$F.xlsx")
pd_xlsx=$(median python3 -c "import pandas as pd; pd.read_excel('$F.xlsx', engine='openpyxl')")
pd_csv=$(median python3 -c "import pandas as pd; pd.read_csv('$F.csv')")
printf '%-44s %10s\n' "100,000 x 39, whole processes" "seconds"
printf '%-44s %10s\n' "bprstat describe .csv" "$csv"
printf '%-44s %10s\n' "bprstat describe .sav" "$sav"
printf '%-44s %10s\n' "bprstat describe .xlsx" "$xlsx"
printf '%-44s %10s\n' "pandas read_csv .csv (peer)" "$pd_csv"
printf '%-44s %10s\n' "pandas read_excel .xlsx, openpyxl (peer)" "$pd_xlsx"
echo
awk -v s="$sav" -v c="$csv" 'BEGIN {printf ".sav / .csv (bprstat):            %.2fx (target <= 2)\n", s / c}'
awk -v p="$pd_xlsx" -v x="$xlsx" 'BEGIN {printf "pandas .xlsx / bprstat .xlsx:      %.1fx faster (target >= 5)\n", p / x}'
