# Reference for bprstat's model of a benchmark repeated over waves (estimate::multilevel::
# nested): lme4's process ~ factor(year) + (1 | center_id) + (1 | center_id:year) by REML and
# by ML on data/zhejiang-asc-waves.csv (`bprstat simulate --seed 20080601 --waves 3`:
# the default study's 57 centers surveyed in 2021-2023, 1009 new respondents each year).
# Process performance is scored as in benchmark.R (items cleaned, PP3 reversed, at least 3 of
# 4 answered). The optimum is polished beyond lme4's optimizer tolerance: Newton steps on the
# profiled criterion (numDeriv gradient and Hessian) from lme4's theta until the gradient is
# below 1e-9, and the model rebuilt there (as mixed.R does in one dimension).
# Run from this folder: Rscript waves.R  (R 4.2.2, lme4 1.1-31, numDeriv 2016.8-1.1)
suppressPackageStartupMessages({ library(lme4); library(numDeriv) })
d <- read.csv("../../data/zhejiang-asc-waves.csv", encoding = "UTF-8")
it <- paste0("PP", 1:4)
m <- sapply(it, function(v) { x <- d[[v]]; x[x %in% c(9, 99) | x < 1 | x > 5] <- NA
                              if (v == "PP3") 6 - x else x })
d$process <- ifelse(rowSums(!is.na(m)) >= 3, rowMeans(m, na.rm = TRUE), NA)
d <- d[!is.na(d$process), ]
fmt <- function(v) sprintf("%.17g", v)
rows <- list()
add <- function(model, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(model = model, quantity = quantity, term = term, value = fmt(value))
tight <- lmerControl(optimizer = "nloptwrap",
                     optCtrl = list(xtol_rel = 1e-14, ftol_rel = 1e-16, xtol_abs = 1e-14, ftol_abs = 1e-16, maxeval = 10000))
f <- process ~ factor(year) + (1 | center_id) + (1 | center_id:year)
for (reml in c(TRUE, FALSE)) {
  name <- if (reml) "reml" else "ml"
  fit0 <- lmer(f, d, REML = reml, control = tight)
  lf <- lFormula(f, d, REML = reml)
  dfun <- do.call(mkLmerDevfun, lf)
  th <- getME(fit0, "theta")
  for (k in 1:50) {
    g <- grad(dfun, th); if (max(abs(g)) < 1e-9) break
    th <- th - solve(hessian(dfun, th), g)
  }
  gmax <- max(abs(grad(dfun, th)))
  # The devfun's environment holds the state of its last evaluation: evaluate at theta last.
  mm <- mkMerMod(environment(dfun), list(par = th, fval = dfun(th), conv = 0, feval = 1, message = ""), lf$reTrms, fr = lf$fr)
  # theta in lme4's order of the terms: center_id:year first, then center_id.
  add(name, "theta", names(th)[1], th[1]); add(name, "theta", names(th)[2], th[2])
  add(name, "criterion", "", if (reml) REMLcrit(mm) else deviance(mm))
  add(name, "gradient", "", gmax)
  fe <- fixef(mm); se <- sqrt(diag(as.matrix(vcov(mm))))
  for (t in names(fe)) { add(name, "estimate", t, fe[t]); add(name, "std_error", t, se[t]) }
  vc <- as.data.frame(VarCorr(mm))
  for (i in seq_len(nrow(vc))) add(name, "variance", vc$grp[i], vc$vcov[i])
  re <- ranef(mm, condVar = TRUE)
  cw <- re[["center_id:year"]]; cc <- re[["center_id"]]
  pv <- attr(cw, "postVar")[1, 1, ]
  for (i in seq_len(nrow(cw))) { add(name, "mode_wave", rownames(cw)[i], cw[i, 1]); add(name, "condsd_wave", rownames(cw)[i], sqrt(pv[i])) }
  # Each center's change between consecutive waves and each score, with standard errors
  # from Henderson's mixed model equations at the estimated variances: Var(beta, b - b_hat)
  # = sigma2 C^-1, C = [X'X X'Z; Z'X Z'Z + sigma2 G^-1] (the joint uncertainty of the wave
  # effects and the center's effects).
  X <- getME(mm, "X"); Z <- as.matrix(getME(mm, "Z")); s2 <- sigma(mm)^2
  vcw <- vc$vcov[vc$grp == "center_id:year"]; vcc <- vc$vcov[vc$grp == "center_id"]
  zn <- colnames(Z); isw <- grepl(":", zn)
  ginv <- ifelse(isw, 1 / vcw, 1 / vcc)
  C <- rbind(cbind(crossprod(X), crossprod(X, Z)), cbind(crossprod(Z, X), crossprod(Z) + s2 * diag(ginv)))
  Ci <- solve(C)
  p <- ncol(X); b <- c(cw[, 1], cc[, 1]); names(b) <- c(rownames(cw), rownames(cc))
  xw <- function(y) c(1, y == 2022, y == 2023)
  for (j in sort(unique(d$center_id))) {
    ys <- sort(unique(d$year[d$center_id == j]))
    for (y in ys) {
      v <- c(xw(y), as.numeric(zn == paste0(j, ":", y) | (!isw & zn == as.character(j))))
      add(name, "score", paste0(j, ":", y), sum(v[1:p] * fixef(mm)) + b[paste0(j, ":", y)] + b[as.character(j)])
      add(name, "score_sd", paste0(j, ":", y), sqrt(s2 * drop(t(v) %*% Ci %*% v)))
    }
    for (k in seq_along(ys)[-1]) {
      v <- c(xw(ys[k]) - xw(ys[k - 1]), as.numeric(zn == paste0(j, ":", ys[k])) - as.numeric(zn == paste0(j, ":", ys[k - 1])))
      add(name, "change_se", paste0(j, ":", ys[k - 1], "-", ys[k]), sqrt(s2 * drop(t(v) %*% Ci %*% v)))
    }
  }
  pc <- attr(cc, "postVar")[1, 1, ]
  for (i in seq_len(nrow(cc))) { add(name, "mode_center", rownames(cc)[i], cc[i, 1]); add(name, "condsd_center", rownames(cc)[i], sqrt(pc[i])) }
}
write.csv(do.call(rbind, rows), "waves.csv", row.names = FALSE)
