# Reference for bprstat's benchmark of the default study (data/zhejiang-asc.toml, [benchmark]):
# construct scores as in zhejiang.R, then lme4 null models outcome ~ 1 + (1 | center_id) by
# REML (at the exact optimum, as in mixed.R), ICC(1) = tau2/(tau2+sigma2),
# ICC(2) = tau2/(tau2 + sigma2/nbar) with nbar = N/G, design effect 1 + (nbar-1) ICC(1),
# effective n = N/deff; empirical-Bayes center means fixef + ranef and conditional SDs;
# the process model with a random intercept (lmerTest, Satterthwaite); and the process model
# on center means (lm on aggregate(), the model's complete cases).
# Run from this folder: Rscript benchmark.R  (R 4.2.2, lme4 1.1-31, lmerTest 3.1-3)
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(numDeriv) })
d <- read.csv("../../data/zhejiang-asc.csv", encoding = "UTF-8")
constructs <- list(
  strategy = list(items = paste0("SP", 1:4), rev = "SP4"),
  entrepreneurship = list(items = paste0("EN", 1:4), rev = "EN3"),
  window = list(items = paste0("WS", 1:3), rev = character()),
  informatization = list(items = paste0("IT", 1:4), rev = character()),
  cooperation = list(items = paste0("DC", 1:4), rev = "DC4"),
  management = list(items = paste0("CM", 1:5), rev = "CM5"),
  linkage = list(items = paste0("LK", 1:3), rev = character()),
  process = list(items = paste0("PP", 1:4), rev = "PP3"),
  result = list(items = paste0("RP", 1:4), rev = character()))
for (c in names(constructs)) {
  it <- constructs[[c]]$items
  m <- sapply(it, function(v) { x <- d[[v]]; x[x %in% c(9, 99) | x < 1 | x > 5] <- NA
                                if (v %in% constructs[[c]]$rev) 6 - x else x })
  k <- rowSums(!is.na(m))
  d[[c]] <- ifelse(k >= length(it) - 1, rowMeans(m, na.rm = TRUE), NA)   # min_items = items - 1
}
fmt <- function(v) sprintf("%.17g", v)
rows <- list()
add <- function(model, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(model = model, quantity = quantity, term = term, value = fmt(value))
tight <- lmerControl(optimizer = "nloptwrap",
                     optCtrl = list(xtol_rel = 1e-14, ftol_rel = 1e-16, xtol_abs = 1e-14, ftol_abs = 1e-16, maxeval = 10000))
exact <- function(formula, data) {
  start <- getME(lmer(formula, data, REML = TRUE, control = tight), "theta")
  lf <- lFormula(formula, data, REML = TRUE)
  dfun <- do.call(mkLmerDevfun, lf)
  th <- uniroot(function(t) grad(dfun, t), start * c(0.999, 1.001), tol = 1e-15)$root
  mm <- mkMerMod(environment(dfun), list(par = th, fval = dfun(th), conv = 0, feval = 1, message = ""), lf$reTrms, fr = lf$fr)
  mm@call <- call("lmer", formula = formula, data = quote(dd), REML = TRUE)
  mm
}
d$center_id <- factor(d$center_id)
for (y in c("process", "result")) {
  dd <- d[!is.na(d[[y]]), ]
  m <- exact(as.formula(paste(y, "~ 1 + (1 | center_id)")), dd)
  vc <- as.data.frame(VarCorr(m)); tau2 <- vc$vcov[1]; sigma2 <- vc$vcov[2]
  N <- nobs(m); G <- ngrps(m)[[1]]; nbar <- N / G; icc1 <- tau2 / (tau2 + sigma2)
  add(y, "tau2", "", tau2); add(y, "sigma2", "", sigma2)
  add(y, "icc1", "", icc1); add(y, "icc2", "", tau2 / (tau2 + sigma2 / nbar))
  add(y, "design_effect", "", 1 + (nbar - 1) * icc1); add(y, "effective_n", "", N / (1 + (nbar - 1) * icc1))
  add(y, "overall_mean", "", fixef(m)[[1]]); add(y, "unit_sd", "", sd(dd[[y]]))
  re <- ranef(m, condVar = TRUE); pv <- attr(re$center_id, "postVar")[1, 1, ]
  for (i in seq_len(G)) {
    id <- rownames(re$center_id)[i]
    add(y, "eb_mean", id, fixef(m)[[1]] + re$center_id[i, 1]); add(y, "eb_sd", id, sqrt(pv[i]))
    add(y, "raw_mean", id, mean(dd[[y]][dd$center_id == id]))
  }
}
f <- process ~ strategy + entrepreneurship + window + informatization + cooperation + management + linkage
dd <- d[complete.cases(d[, all.vars(f)]), ]
m <- as_lmerModLmerTest(exact(update(f, . ~ . + (1 | center_id)), dd))
cf <- summary(m)$coefficients
for (t in rownames(cf)) {
  add("process_mixed", "estimate", t, cf[t, "Estimate"]); add("process_mixed", "std_error", t, cf[t, "Std. Error"])
  add("process_mixed", "df", t, cf[t, "df"])
}
add("process_mixed", "log_lik", "", as.numeric(logLik(m)))
agg <- aggregate(dd[, all.vars(f)], by = list(center_id = dd$center_id), FUN = mean)
e <- lm(f, data = agg); s <- summary(e)
add("process_centers", "nobs", "", nobs(e)); add("process_centers", "r_squared", "", s$r.squared)
for (t in names(coef(e))) {
  add("process_centers", "estimate", t, coef(e)[[t]]); add("process_centers", "std_error", t, s$coefficients[t, 2])
}
write.csv(do.call(rbind, rows), "benchmark.csv", row.names = FALSE, quote = TRUE)
