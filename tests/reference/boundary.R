# Reference for a zero between-group variance: lme4's Dyestuff2 (30 yields, 6 batches), where
# lmer's REML and ML estimates of the batch variance are 0 (a singular fit). R 4.2.2,
# lme4 1.1-31. Run from this folder: Rscript boundary.R -> boundary.csv, ../fixtures/dyestuff2.csv
suppressPackageStartupMessages(library(lme4))
data(Dyestuff2, package = "lme4")
write.csv(data.frame(batch = as.character(Dyestuff2$Batch), yield = Dyestuff2$Yield), "../fixtures/dyestuff2.csv", row.names = FALSE)
rows <- list()
add <- function(model, quantity, value) rows[[length(rows) + 1]] <<- data.frame(model = model, quantity = quantity, value = sprintf("%.17g", value))
for (reml in c(TRUE, FALSE)) {
  m <- lmer(Yield ~ 1 + (1 | Batch), Dyestuff2, REML = reml)
  name <- if (reml) "reml" else "ml"
  vc <- as.data.frame(VarCorr(m))
  add(name, "theta", getME(m, "theta")); add(name, "tau2", vc$vcov[1]); add(name, "sigma2", vc$vcov[2])
  add(name, "estimate", fixef(m)[[1]]); add(name, "std_error", sqrt(vcov(m)[1, 1]))
  add(name, "log_lik", as.numeric(logLik(m))); add(name, "singular", isSingular(m))
}
write.csv(do.call(rbind, rows), "boundary.csv", row.names = FALSE, quote = TRUE)
