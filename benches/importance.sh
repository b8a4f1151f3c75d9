#!/usr/bin/env bash
# Dominance analysis speed (issue 14): the default study's 1,009 respondents, PP1 on 15 items
# (2^15 = 32,768 subsets), by `bprstat importance` without a bootstrap and with 1,000 cluster
# bootstrap resamples of the 57 centers; beside the peer, R computing the same 32,768 subset
# R2 once with .lm.fit (base R's fastest least squares; the dominanceanalysis and relaimpo
# packages fit each subset with lm() and are slower still). Whole processes, median wall
# seconds of REPS runs. Needs R (Debian r-base-core).
# Usage: benches/importance.sh [REPS]   (default 3)
set -euo pipefail
cd "$(dirname "$0")/.."
REPS="${1:-3}"
cargo build --release --quiet --bin bprstat
BIN=target/release/bprstat
ITEMS="SP1 SP2 SP3 EN1 EN2 EN3 WS1 WS2 IT1 IT2 DC1 DC2 CM1 CM2 LK1"
FORMULA="PP1 ~ $(echo $ITEMS | sed 's/ / + /g')"
mkdir -p bench-out
cat > bench-out/subsets.R <<REOF
d <- read.csv("data/zhejiang-asc.csv")
v <- c("PP1", strsplit("$ITEMS", " ")[[1]])
for (c in v) d[[c]][d[[c]] %in% c(9, 99)] <- NA
d <- na.omit(d[, v]); y <- d\$PP1; X <- as.matrix(d[, -1]); p <- ncol(X)
tss <- sum((y - mean(y))^2)
r2 <- numeric(2^p)
for (m in 1:(2^p - 1)) {
  cols <- which(bitwAnd(m, 2^(0:(p - 1))) > 0)
  r2[m + 1] <- 1 - sum(.lm.fit(cbind(1, X[, cols, drop = FALSE]), y)\$residuals^2) / tss
}
cat(sprintf("R2 of all %d subsets; full model %.6f\n", 2^p, r2[2^p]))
REOF

source benches/median.sh
once=$(median "$BIN" importance data/zhejiang-asc.csv --formula "$FORMULA" --missing 9,99 --boot 0 2>/dev/null)
boot=$(median "$BIN" importance data/zhejiang-asc.csv --formula "$FORMULA" --missing 9,99 --cluster center_id --boot 1000 2>/dev/null)
peer=$(median Rscript bench-out/subsets.R 2>/dev/null)
echo "| run | wall s (median of $REPS) |"
echo "|---|---|"
echo "| bprstat importance, 15 predictors, no bootstrap (all 32,768 subsets, dominance, weights) | $once |"
echo "| bprstat importance, 15 predictors, 1,000 cluster bootstraps (57 centers) | $boot |"
echo "| R, the 32,768 subset R2 once by .lm.fit | $peer |"
awk -v a="$peer" -v b="$once" 'BEGIN {printf "ratio R / bprstat (one sample): %.1fx\n", a / b}'
awk -v a="$peer" -v b="$boot" 'BEGIN {printf "bprstat with 1,000 resamples takes %.2f of R'"'"'s time for one sample\n", b / a}'
