# Reference for bprstat's scaled test and robust indices under full-information ML
# (estimate/sem/fiml.rs, estimate/sem/robust.rs): lavaan 0.6.14's sem(missing = "fiml") with
# estimator = "MLR" (Political Democracy with answers removed, ../fixtures/sem/
# political_democracy_missing.csv, with and without equal loadings) and with cluster = (the
# default study's theory over its 57 centers).
# - .scaled: the Yuan-Bentler scaled chi-square, Mplus variant (lavaan's
#   lav_test_yuan_bentler(test = "yuan.bentler.mplus")), for the model and the baseline;
# - .robust: lavaan's FIML-corrected CFI, TLI and RMSEA (lav_fit_fiml_corrected, version V3
#   as fitMeasures() uses with a scaled test; Zhang & Savalei 2023), the code below copied
#   from lavaan with the polished baseline passed in.
# lavaan computes all of these at its saturated model's EM moments, which it stops at 1e-5 on
# the log-likelihood; here the fit is polished (lavaan_polish.R), the EM rerun to 1e-12 and
# put in place of lavaan's before lavaan's own functions run, and the baseline (independence)
# model is polished too. (With the 57 centers lavaan warns that the baseline's cluster-robust
# covariance is not positive definite: 70 parameters; it is not used here.)
# Run from this folder: Rscript sem_fiml_scaled.R (about 8 minutes)
suppressPackageStartupMessages(library(lavaan))
source("lavaan_polish.R")
cat("lavaan", as.character(packageVersion("lavaan")), "\n")
lav <- function(case) paste(readLines(sprintf("../fixtures/sem/%s.lav", case)), collapse = "\n")
d <- read.csv("../fixtures/sem/political_democracy_missing.csv")
z <- read.csv("../../data/zhejiang-asc.csv")
zitems <- list(strategy = paste0("SP", 1:4), entrepreneurship = paste0("EN", 1:4), window = paste0("WS", 1:3),
               informatization = paste0("IT", 1:4), cooperation = paste0("DC", 1:4), management = paste0("CM", 1:5),
               linkage = paste0("LK", 1:3), process = paste0("PP", 1:4), result = paste0("RP", 1:4))
for (v in unlist(zitems)) {
  x <- z[[v]]; x[x %in% c(9, 99) | x < 1 | x > 5] <- NA
  z[[v]] <- if (v %in% c("SP4", "EN3", "DC4", "CM5", "PP3")) 6 - x else x
}
cases <- list(
  democracy_fiml_mlr = list(data = d, model = lav("democracy"), estimator = "MLR"),
  equal_fiml_mlr = list(data = d, model = lav("equal"), estimator = "MLR"),
  zhejiang_fiml_cluster = list(data = z, model = lav("zhejiang"), cluster = "center_id")
)
# Put the saturated moments h1 (EM to 1e-12) in place of lavaan's.
with_h1 <- function(fit, h1) {
  fit@h1$implied$mean[[1]] <- h1$Mu
  fit@h1$implied$cov[[1]] <- h1$Sigma
  fit@SampleStats@missing.h1[[1]]$mu <- h1$Mu
  fit@SampleStats@missing.h1[[1]]$sigma <- h1$Sigma
  fit
}
# lavaan's lav_fit_fiml_corrected (0.6.14), V3, with the (polished) baseline fitB given.
fiml_corrected <- function(lavobject, fitB) {
  lavdata <- lavobject@Data
  lavsamplestats <- lavobject@SampleStats
  h1 <- lavTech(lavobject, "h1", add.labels = TRUE)
  COV.tilde <- lapply(h1, "[[", "cov")
  MEAN.tilde <- lapply(h1, "[[", "mean")
  sample.nobs <- unlist(lavsamplestats@nobs)
  fit.tilde <- lavaan(model = parTable(lavobject), sample.cov = COV.tilde,
    sample.mean = MEAN.tilde, sample.nobs = sample.nobs,
    sample.cov.rescale = FALSE, information = "observed",
    optim.method = "none", se = "none", test = "standard",
    baseline = FALSE, check.post = FALSE)
  # Evaluated at the FIML estimates, not refitted.
  stopifnot(max(abs(coef(fit.tilde) - coef(lavobject))) < 1e-12 * max(abs(coef(lavobject))))
  XX3 <- fit.tilde@test[[1]]$stat
  df3 <- fit.tilde@test[[1]]$df
  lavobject@Options$h1.information <- c("unstructured", "unstructured")
  lavobject@Options$observed.information <- c("h1", "h1")
  fit.tilde@Options$h1.information <- c("unstructured", "unstructured")
  Wm <- lavaan:::lav_model_h1_information_observed(lavobject)[[1]]
  Jm <- lavaan:::lav_model_h1_information_firstorder(lavobject)[[1]]
  Wc <- lavaan:::lav_model_h1_information_observed(fit.tilde)[[1]]
  Delta <- lavTech(lavobject, "delta")[[1]]
  E.inv <- lavTech(lavobject, "inverted.information")
  Wmi <- lavaan:::lav_matrix_symmetric_inverse(Wm)
  Gamma <- Wmi %*% Jm %*% Wmi
  U <- Wm - Wm %*% Delta %*% E.inv %*% t(Delta) %*% Wm
  k <- sum(diag(U %*% Wmi %*% Wc %*% Wmi %*% U %*% Gamma))
  fitB.tilde <- lavaan(model = parTable(fitB), sample.cov = COV.tilde,
    sample.mean = MEAN.tilde, sample.nobs = sample.nobs,
    sample.cov.rescale = FALSE, information = "observed",
    optim.method = "none", se = "none", test = "standard",
    baseline = FALSE, check.post = FALSE)
  fitB@Options$h1.information <- c("unstructured", "unstructured")
  fitB@Options$observed.information <- c("h1", "h1")
  E.invB <- lavTech(fitB, "inverted.information")
  DeltaB <- lavTech(fitB, "Delta")[[1]]
  UB <- Wm - Wm %*% DeltaB %*% E.invB %*% t(DeltaB) %*% Wm
  kb <- sum(diag(UB %*% Wmi %*% Wc %*% Wmi %*% UB %*% Gamma))
  list(XX3 = XX3, df3 = df3, c.hat3 = k / df3, XX3.null = fitB.tilde@test[[1]]$stat,
       df3.null = fitB.tilde@test[[1]]$df, c.hat3.null = kb / fitB.tilde@test[[1]]$df)
}
rows <- list()
add <- function(case, kind, key, quantity, value) rows[[length(rows) + 1]] <<- data.frame(case = case, kind = kind, key = key, quantity = quantity, value = sprintf("%.17g", value))
for (case in names(cases)) {
  m <- cases[[case]]
  est <- if (is.null(m$estimator)) "ML" else m$estimator
  refit <- function(start = NULL, method = "nlminb", model = m$model) {
    if (is.null(m$cluster)) sem(model, data = m$data, missing = "fiml", estimator = est, start = start, optim.method = method)
    else sem(model, data = m$data, missing = "fiml", estimator = est, cluster = m$cluster, start = start, optim.method = method)
  }
  fit <- polish(refit(), function(start) refit(start, "none"))
  Y <- fit@Data@X[[1]]; Mp <- fit@Data@Mp[[1]]
  h1 <- lavaan:::lav_mvnorm_missing_h1_estimate_moments(Y = Y, Mp = Mp, max.iter = 100000L, tol = 1e-12)
  ll1 <- lavaan:::lav_mvnorm_missing_loglik_data(Y = Y, Mu = h1$Mu, Sigma = h1$Sigma, pattern = TRUE)
  fit <- with_h1(fit, h1)
  # The baseline: lavaan's independence model, polished as the model.
  base0 <- lavaan:::lav_object_independence(fit)
  base <- polish(base0, function(start) refit(start, "none", model = parTable(base0)))
  base <- with_h1(base, h1)
  ll0 <- unname(fitMeasures(fit, "logl")); llb <- unname(fitMeasures(base, "logl"))
  X2 <- 2 * (ll1 - ll0); X2b <- 2 * (ll1 - llb)
  df <- fit@test[[1]]$df; dfb <- base@test[[1]]$df; N <- lavInspect(fit, "ntotal")
  yb <- lavaan:::lav_test_yuan_bentler(lavobject = fit, test = "yuan.bentler.mplus")$yuan.bentler.mplus
  ybb <- lavaan:::lav_test_yuan_bentler(lavobject = base, test = "yuan.bentler.mplus")$yuan.bentler.mplus
  c <- yb$scaling.factor; cb <- ybb$scaling.factor
  f <- fiml_corrected(fit, base)
  stopifnot(f$df3 == df, f$df3.null == dfb)
  ci <- lavaan:::lav_fit_rmsea_ci(X2 = X2, df = c * df, N = N)
  cir <- lavaan:::lav_fit_rmsea_ci(X2 = f$XX3 / f$c.hat3, df = df, N = N, c.hat = f$c.hat3)
  out <- c(chisq = X2, df = df, baseline.chisq = X2b, baseline.df = dfb,
    chisq.scaled = X2 / c, chisq.scaling.factor = c, pvalue.scaled = 1 - pchisq(X2 / c, df),
    baseline.chisq.scaled = X2b / cb, baseline.chisq.scaling.factor = cb,
    cfi.scaled = lavaan:::lav_fit_cfi(X2 = X2 / c, df = df, X2.null = X2b / cb, df.null = dfb),
    tli.scaled = lavaan:::lav_fit_tli(X2 = X2 / c, df = df, X2.null = X2b / cb, df.null = dfb),
    rmsea.scaled = lavaan:::lav_fit_rmsea(X2 = X2, df = c * df, N = N),
    rmsea.ci.lower.scaled = ci$rmsea.ci.lower, rmsea.ci.upper.scaled = ci$rmsea.ci.upper,
    rmsea.pvalue.scaled = lavaan:::lav_fit_rmsea_closefit(X2 = X2, df = c * df, N = N),
    fimlc.chisq = f$XX3, fimlc.scaling.factor = f$c.hat3,
    fimlc.baseline.chisq = f$XX3.null, fimlc.baseline.scaling.factor = f$c.hat3.null,
    cfi.robust = lavaan:::lav_fit_cfi(X2 = f$XX3, df = df, X2.null = f$XX3.null, df.null = dfb, c.hat = f$c.hat3, c.hat.null = f$c.hat3.null),
    tli.robust = lavaan:::lav_fit_tli(X2 = f$XX3, df = df, X2.null = f$XX3.null, df.null = dfb, c.hat = f$c.hat3, c.hat.null = f$c.hat3.null),
    rmsea.robust = lavaan:::lav_fit_rmsea(X2 = f$XX3, df = df, N = N, c.hat = f$c.hat3),
    rmsea.ci.lower.robust = cir$rmsea.ci.lower, rmsea.ci.upper.robust = cir$rmsea.ci.upper,
    rmsea.pvalue.robust = lavaan:::lav_fit_rmsea_closefit(X2 = f$XX3 / f$c.hat3, df = df, N = N, c.hat = f$c.hat3))
  for (q in names(out)) add(case, "fit", "", q, out[[q]])
  # lavaan's own values at its unpolished EM, for the record (not compared).
  lf <- fitMeasures(fit, c("chisq.scaled", "chisq.scaling.factor", "cfi.robust", "rmsea.robust"))
  for (q in names(lf)) add(case, "lavaan", "", q, lf[[q]])
}
write.csv(do.call(rbind, rows), "sem_fiml_scaled.csv", row.names = FALSE)
