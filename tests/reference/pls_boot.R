# Bootstrap reference for bprstat's PLS-SEM (estimate/pls.rs): 5,000 resamples of the rows of
# seminr's `mobi` (the path-scheme, Mode A model of pls.R), each refitted by seminr 2.3.1's
# estimate_pls (sourced as in pls.R; its own bootstrap_model() needs the installed package
# for its parallel workers, so the resampling loop is written out here as bootstrap_model's:
# rows drawn with replacement, the model re-estimated, each estimate kept). Written: the
# bootstrap mean, SD (divisor B - 1) and the 2.5% and 97.5% quantiles (type 7, as seminr's
# conf_int) of every path, outer weight, outer loading, R² and HTMT. bprstat draws other
# resamples, so tests compare within Monte-Carlo error.
# Run from this folder: SEMINR_R=/path/to/seminr/R Rscript pls_boot.R   (R 4.2.2; ~3 minutes)
source("pls_mobi.R")
mobi <- read.csv("../fixtures/pls/mobi.csv")
mm <- mobi_mm()
sm <- mobi_sm
flat <- function(m) {
  out <- c()
  grab <- function(kind, x) {
    for (i in rownames(x)) for (j in colnames(x)) if (!is.na(x[i, j]) && x[i, j] != 0)
      out[paste(kind, paste(i, j, sep = " -> "), sep = "|")] <<- x[i, j]
  }
  grab("path", m$path_coef)
  grab("weight", m$outer_weights)
  grab("loading", m$outer_loadings)
  for (j in colnames(m$rSquared)) out[paste("r2", j, sep = "|")] <- m$rSquared["Rsq", j]
  grab("htmt", unclass(HTMT(m)))
  out
}
set.seed(20080601)
B <- 5000
draws <- NULL
for (b in 1:B) {
  d <- mobi[sample(nrow(mobi), replace = TRUE), ]
  m <- suppressMessages(estimate_pls(d, mm, sm))
  v <- flat(m)
  if (is.null(draws)) draws <- matrix(NA, B, length(v), dimnames = list(NULL, names(v)))
  draws[b, names(v)] <- v
}
rows <- list()
for (k in colnames(draws)) {
  x <- draws[, k]; parts <- strsplit(k, "|", fixed = TRUE)[[1]]
  for (q in c("mean", "sd", "low", "high")) {
    v <- switch(q, mean = mean(x), sd = sd(x), low = quantile(x, 0.025), high = quantile(x, 0.975))
    rows[[length(rows) + 1]] <- data.frame(case = "path", kind = parts[1], key = parts[2], quantity = q, value = sprintf("%.17g", v))
  }
}
write.csv(do.call(rbind, rows), "pls_boot.csv", row.names = FALSE)
