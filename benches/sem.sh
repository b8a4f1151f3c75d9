#!/usr/bin/env bash
# Benchmark of the default study's theory as one model (nine constructs, 35 items, seven
# factors -> process -> result; the 473 complete rows of data/zhejiang-asc.csv), each beside
# its peer in the same script:
#   bprstat sem (ML, listwise, expected-information SEs)   vs lavaan 0.6's sem() on the same
#                                                             model and rows (fit only);
#   bprstat pls --boot 5000 --cluster center_id            vs seminr 2.3.1's estimate_pls
#     (PLS, 5,000 cluster resamples, BCa jackknife)           refitted on row resamples
#                                                             (sourced as tests/reference/
#                                                             pls_mobi.R; SEMINR_R names its
#                                                             R/ folder), timed on 200
#                                                             resamples and scaled to 5,000.
# bprstat's times are whole runs (read and clean the CSV, fit, print); the peers' are their
# fitting calls alone, after R has started and read the data. Medians of REPS runs.
# Usage: benches/sem.sh [REPS]   (default 3; needs Rscript with lavaan; writes bench-out/)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-3}"
cargo build --release --quiet --bin bprstat
BIN=target/release/bprstat
mkdir -p bench-out
MODEL=bench-out/theory.lav
cat > "$MODEL" <<'LAV'
strategy =~ SP1 + SP2 + SP3 + SP4
entrepreneurship =~ EN1 + EN2 + EN3 + EN4
window =~ WS1 + WS2 + WS3
informatization =~ IT1 + IT2 + IT3 + IT4
cooperation =~ DC1 + DC2 + DC3 + DC4
management =~ CM1 + CM2 + CM3 + CM4 + CM5
linkage =~ LK1 + LK2 + LK3
process =~ PP1 + PP2 + PP3 + PP4
result =~ RP1 + RP2 + RP3 + RP4
process ~ strategy + entrepreneurship + window + informatization + cooperation + management + linkage
result ~ process + strategy + entrepreneurship + window + informatization + cooperation + management + linkage
LAV
source benches/median.sh
DATA=data/zhejiang-asc.csv
ts=$(median "$BIN" sem "$DATA" --model "$MODEL" --missing 9,99 2>/dev/null)
tp=$(median "$BIN" pls "$DATA" --model "$MODEL" --missing 9,99 --boot 5000 --cluster center_id 2>/dev/null)
tl=$(Rscript -e '
suppressPackageStartupMessages(library(lavaan))
d <- read.csv("'"$DATA"'"); d[d == 9 | d == 99] <- NA
m <- paste(readLines("'"$MODEL"'"), collapse = "\n")
t <- replicate('"$REPS"', system.time(sem(m, data = d))[["elapsed"]])
cat(sprintf("%.3f", median(t)))')
if [ -n "${SEMINR_R:-}" ]; then
  tr=$(Rscript -e '
setwd("tests/reference"); suppressMessages(source("pls_mobi.R"))
d <- read.csv("../../'"$DATA"'"); d[d == 9 | d == 99] <- NA; d <- na.omit(d)
blk <- function(n, p, k) composite(n, multi_items(p, 1:k))
mm <- constructs(blk("strategy", "SP", 4), blk("entrepreneurship", "EN", 4), blk("window", "WS", 3),
  blk("informatization", "IT", 4), blk("cooperation", "DC", 4), blk("management", "CM", 5),
  blk("linkage", "LK", 3), blk("process", "PP", 4), blk("result", "RP", 4))
f <- c("strategy", "entrepreneurship", "window", "informatization", "cooperation", "management", "linkage")
sm <- relationships(paths(from = f, to = "process"), paths(from = c("process", f), to = "result"))
set.seed(1)
t <- system.time(for (b in 1:200) suppressMessages(estimate_pls(d[sample(nrow(d), replace = TRUE), ], mm, sm)))
cat(sprintf("%.3f", t[["elapsed"]] * 5000 / 200))')
else
  tr="n/a"
fi
printf '%-46s %10s %10s %10s\n' "case" "bprstat s" "peer s" "peer/bprstat"
printf '%-46s %10s %10s %10s\n' "ML SEM, 35 items, 473 rows (peer: lavaan)" "$ts" "$tl" "$(awk -v a="$tl" -v b="$ts" 'BEGIN {printf "%.1fx", a / b}')"
printf '%-46s %10s %10s %10s\n' "PLS + 5,000 cluster bootstraps (peer: seminr)" "$tp" "$tr" "$( [ "$tr" = n/a ] && echo n/a || awk -v a="$tr" -v b="$tp" 'BEGIN {printf "%.1fx", a / b}')"
