# BCa reference for bprstat's PLS bootstrap (estimate/pls.rs): the R package boot's
# boot.ci(type = "bca") over 5,000 row resamples of seminr's `mobi` (the path-scheme Mode A
# model of pls.R), each refitted by seminr 2.3.1's estimate_pls (sourced as in pls.R), with
# the acceleration from jackknife influence values (every fit iterated to 1e-13, so that the
# leave-one-out differences carry no convergence noise) (L = (n - 1)(mean of the leave-one-out
# estimates - each), boot's empinf(type = "jack"), passed as L). Written: the 2.5% and
# 97.5% BCa bounds of every path coefficient and R². bprstat draws other resamples, so the
# tests compare within Monte-Carlo error.
# Run from this folder: SEMINR_R=/path/to/seminr/R Rscript pls_bca.R   (R 4.2.2, boot 1.3-28; ~5 min)
library(boot)
source("pls_mobi.R")
mobi <- read.csv("../fixtures/pls/mobi.csv")
mm <- mobi_mm()
sm <- mobi_sm
stat <- function(d, i) {
  m <- suppressMessages(estimate_pls(d[i, ], mm, sm, stopCriterion = 13))
  out <- c()
  for (a in rownames(m$path_coef)) for (b in colnames(m$path_coef))
    if (m$path_coef[a, b] != 0) out[paste("path", paste(a, b, sep = " -> "), sep = "|")] <- m$path_coef[a, b]
  for (j in colnames(m$rSquared)) out[paste("r2", j, sep = "|")] <- m$rSquared["Rsq", j]
  out
}
set.seed(20080601)
b <- boot(mobi, stat, R = 5000)
n <- nrow(mobi)
jack <- t(sapply(1:n, function(k) stat(mobi, setdiff(1:n, k))))
rows <- list()
for (q in seq_along(b$t0)) {
  L <- (n - 1) * (mean(jack[, q]) - jack[, q])
  ci <- boot.ci(b, type = "bca", index = q, L = L)$bca
  parts <- strsplit(names(b$t0)[q], "|", fixed = TRUE)[[1]]
  for (k in 1:2) rows[[length(rows) + 1]] <- data.frame(case = "path", kind = parts[1], key = parts[2],
    quantity = c("bca_low", "bca_high")[k], value = sprintf("%.17g", ci[3 + k]))
  rows[[length(rows) + 1]] <- data.frame(case = "path", kind = parts[1], key = parts[2],
    quantity = "acceleration", value = sprintf("%.17g", sum(L^3) / (6 * sum(L^2)^1.5)))
}
write.csv(do.call(rbind, rows), "pls_bca.csv", row.names = FALSE)
