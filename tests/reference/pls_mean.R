# Reference for bprstat's mean replacement in PLS (`missing = "mean"`; SmartPLS's and
# seminr's default treatment of missing answers): seminr 2.3.1 (see pls_mobi.R) on its
# `mobi` data with 5% of every indicator removed at random (seed 2026, no row left empty;
# written to ../fixtures/pls/mobi_missing.csv), estimate_pls with missing =
# mean_replacement (each NA replaced by its column's mean), path weighting, stop criterion
# 1e-13: weights, loadings, paths and R².
# Run from this folder: SEMINR_R=/path/to/seminr/R Rscript pls_mean.R   (R 4.2.2)
source("pls_mobi.R")
d <- read.csv("../fixtures/pls/mobi.csv")
set.seed(2026)
items <- setdiff(names(d), character(0))
for (v in items) d[sample(nrow(d), round(0.05 * nrow(d))), v] <- NA
stopifnot(all(rowSums(!is.na(d)) > 0))
write.csv(d, "../fixtures/pls/mobi_missing.csv", row.names = FALSE, na = "")
m <- suppressMessages(estimate_pls(d, mobi_mm("composite"), mobi_sm, missing = mean_replacement, stopCriterion = 13))
rows <- list()
add <- function(kind, key, value) rows[[length(rows) + 1]] <<- data.frame(kind = kind, key = key, value = sprintf("%.17g", value))
for (mat in c("outer_weights", "outer_loadings", "path_coef")) {
  x <- m[[mat]]
  for (i in rownames(x)) for (j in colnames(x)) if (x[i, j] != 0) add(mat, paste(i, j, sep = " -> "), x[i, j])
}
for (j in colnames(m$rSquared)) add("r2", j, m$rSquared["Rsq", j])
write.csv(do.call(rbind, rows), "pls_mean.csv", row.names = FALSE, quote = FALSE)
cat(length(rows), "values\n")
