# Reference values for bprstat's OLS core: R's lm + sandwich + lmtest + car on two real
# datasets shipped with R. Run from this folder:  Rscript lm_sandwich.R
# R 4.2.2, sandwich 3.0-2, lmtest 0.9-40, car 3.1-1, clubSandwich 0.5.8, tseries 0.10-52
# (Debian bookworm r-cran-* packages).
# Writes ../fixtures/prestige.csv, ../fixtures/chickweight.csv, ../fixtures/mtcars.csv and
# lm_sandwich.csv
# (columns: case, se, quantity, term, value with 17 significant digits).
suppressPackageStartupMessages({ library(sandwich); library(lmtest); library(car); library(clubSandwich) })
fmt <- function(v) sprintf("%.17g", v)

# Prestige (carData): Canadian occupations, 1971 census; 4 missing `type` values.
data(Prestige, package = "carData")
pr <- data.frame(occupation = rownames(Prestige), Prestige, stringsAsFactors = FALSE)
write.csv(pr, "../fixtures/prestige.csv", row.names = FALSE, na = "")
# ChickWeight (datasets): weights of 50 chicks on 4 diets, measured repeatedly.
cw <- as.data.frame(ChickWeight)
cw$Chick <- as.character(cw$Chick); cw$Diet <- as.integer(as.character(cw$Diet))
write.csv(cw, "../fixtures/chickweight.csv", row.names = FALSE, na = "")

rows <- list()
add <- function(case, se, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(case = case, se = se, quantity = quantity, term = term, value = fmt(value))

run_case <- function(case, fit, terms, cluster = NULL) {
  n <- nobs(fit); k <- fit$rank
  s <- summary(fit)
  add(case, "", "r_squared", "", s$r.squared)
  add(case, "", "adj_r_squared", "", s$adj.r.squared)
  add(case, "", "sigma", "", s$sigma)
  add(case, "", "statistic", "", s$fstatistic[["value"]])
  add(case, "", "p_value", "", pf(s$fstatistic[["value"]], s$fstatistic[["numdf"]], s$fstatistic[["dendf"]], lower.tail = FALSE))
  add(case, "", "df", "", s$fstatistic[["numdf"]])
  add(case, "", "df_residual", "", fit$df.residual)
  add(case, "", "log_lik", "", as.numeric(logLik(fit)))
  add(case, "", "aic", "", AIC(fit))
  add(case, "", "bic", "", BIC(fit))
  add(case, "", "durbin_watson", "", dwtest(fit)$statistic[["DW"]])
  X <- model.matrix(fit); y <- model.response(model.frame(fit))
  for (j in seq_along(terms)) if (terms[j] != "(Intercept)")
    add(case, "", "std_estimate", terms[j], coef(fit)[j] * sd(X[, j]) / sd(y))
  # Diagnostics (bprstat regress --diagnostics).
  Z <- X %*% diag(1 / sqrt(colSums(X^2)))                       # SPSS collinearity diagnostics
  ev <- eigen(crossprod(Z), symmetric = TRUE)
  phi <- t(t(ev$vectors^2) / ev$values)                           # phi[j, d] = v_jd^2 / l_d
  prop <- phi / rowSums(phi)
  for (d in seq_along(ev$values)) {
    add(case, "", "eigenvalue", d, ev$values[d])
    add(case, "", "condition_index", d, sqrt(ev$values[1] / ev$values[d]))
    for (j in seq_along(terms)) add(case, "", paste0("variance_proportion_", d), terms[j], prop[j, d])
  }
  for (j in seq_along(terms)) if (terms[j] != "(Intercept)") {
    others <- X[, -j, drop = FALSE]
    rx <- resid(lm.fit(others, X[, j])); ry <- resid(lm.fit(others, y))
    add(case, "", "zero_order", terms[j], cor(X[, j], y))
    add(case, "", "partial", terms[j], cor(rx, ry))
    add(case, "", "part", terms[j], cor(y, rx))
  }
  bp <- bptest(fit); bpo <- bptest(fit, studentize = FALSE)
  add(case, "", "bp_statistic", "", bp$statistic); add(case, "", "bp_p_value", "", bp$p.value)
  add(case, "", "bp_original_statistic", "", bpo$statistic); add(case, "", "bp_original_p_value", "", bpo$p.value)
  S <- X[, colnames(X) != "(Intercept)", drop = FALSE]            # White: levels, squares, products
  W <- S; for (a in seq_len(ncol(S))) for (b in a:ncol(S)) W <- cbind(W, S[, a] * S[, b])
  # Koenker's statistic n R2 of e^2 on [1, W], as bptest(studentize = TRUE) computes it
  # (bptest's varformula path fails on a matrix here: "0 (non-NA) cases" in lmtest 0.9-40)
  aux <- lm(resid(fit)^2 ~ W)
  wstat <- length(y) * summary(aux)$r.squared; wdf <- aux$rank - 1
  add(case, "", "white_statistic", "", wstat); add(case, "", "white_df", "", wdf)
  add(case, "", "white_p_value", "", pchisq(wstat, wdf, lower.tail = FALSE))
  e <- resid(fit)
  jb <- tseries::jarque.bera.test(e)
  add(case, "", "jb_statistic", "", jb$statistic); add(case, "", "jb_p_value", "", jb$p.value)
  sw <- shapiro.test(e)
  add(case, "", "sw_statistic", "", sw$statistic); add(case, "", "sw_p_value", "", sw$p.value)
  inf <- data.frame(hat = hatvalues(fit), rstudent = rstudent(fit), cooks_d = cooks.distance(fit), dffits = dffits(fit))
  for (i in seq_len(nrow(inf))) for (q in names(inf)) add(case, "", q, i, inf[i, q])
  v <- vif(fit)
  if (is.matrix(v)) { one <- v[, "Df"] == 1; v <- setNames(v[one, "GVIF"], rownames(v)[one]) }
  for (nm in names(v)) add(case, "", "vif", terms[match(nm, names(coef(fit)))], v[[nm]])
  types <- list(classical = vcov(fit), hc0 = vcovHC(fit, type = "HC0"), hc1 = vcovHC(fit, type = "HC1"),
                hc2 = vcovHC(fit, type = "HC2"), hc3 = vcovHC(fit, type = "HC3"),
                hc4 = vcovHC(fit, type = "HC4"), hc4m = vcovHC(fit, type = "HC4m"), hc5 = vcovHC(fit, type = "HC5"))
  if (!is.null(cluster)) {
    types$cluster <- vcovCL(fit, cluster = cluster, type = "HC1")   # Stata: t on G-1 df
    types$r <- vcovCL(fit, cluster = cluster, type = "HC1")         # R preset: t on N-K df
    # CR2 and CR3 with Satterthwaite df (clubSandwich's default test), and CR3 with G-1 df
    # ("naive-t"), as clubSandwich computes them
    for (se in c("cr2", "cr3", "cr3-naive")) {
      cr <- toupper(sub("-naive", "", se))
      test <- if (se == "cr3-naive") "naive-t" else "Satterthwaite"
      ct <- coef_test(fit, vcov = cr, cluster = cluster, test = test)
      ci <- conf_int(fit, vcov = cr, cluster = cluster, test = test, level = 0.95)
      for (j in seq_along(terms)) {
        add(case, se, "estimate", terms[j], ct$beta[j]); add(case, se, "std_error", terms[j], ct$SE[j])
        add(case, se, "statistic", terms[j], ct$tstat[j]); add(case, se, "p_value", terms[j], ct[j, ncol(ct)])
        add(case, se, "conf_low", terms[j], ci$CI_L[j]); add(case, se, "conf_high", terms[j], ci$CI_U[j])
        add(case, se, "df", terms[j], ct[[grep("^df", names(ct))]][j])
      }
    }
  }
  for (se in names(types)) {
    V <- types[[se]]
    df <- if (se == "cluster") length(unique(cluster)) - 1 else n - k
    ct <- coeftest(fit, vcov. = V, df = df)
    ci <- coefci(fit, vcov. = V, df = df, level = 0.95)
    for (j in seq_along(terms)) {
      add(case, se, "estimate", terms[j], ct[j, 1]); add(case, se, "std_error", terms[j], ct[j, 2])
      add(case, se, "statistic", terms[j], ct[j, 3]); add(case, se, "p_value", terms[j], ct[j, 4])
      add(case, se, "conf_low", terms[j], ci[j, 1]); add(case, se, "conf_high", terms[j], ci[j, 2])
    }
  }
}

# bprstat regress tests/fixtures/prestige.csv --formula "prestige ~ education + income + women"
run_case("prestige_numeric", lm(prestige ~ education + income + women, data = pr),
         c("(Intercept)", "education", "income", "women"))
# bprstat regress tests/fixtures/prestige.csv --formula "prestige ~ education + income + women + C(type)"
# (4 rows with a missing type are dropped listwise, as lm's na.omit does)
run_case("prestige_type", lm(prestige ~ education + income + women + factor(type), data = pr),
         c("(Intercept)", "education", "income", "women", "C(type)[T.prof]", "C(type)[T.wc]"))
# bprstat regress tests/fixtures/chickweight.csv --formula "weight ~ Time + I(Time^2) + C(Diet)" --cluster Chick
run_case("chick", lm(weight ~ Time + I(Time^2) + factor(Diet), data = cw),
         c("(Intercept)", "Time", "I(Time^2)", "C(Diet)[T.2]", "C(Diet)[T.3]", "C(Diet)[T.4]"),
         cluster = cw$Chick)
# Few clusters, where CR3's Satterthwaite df and G-1 differ most (issue 12 item 1):
# bprstat regress tests/fixtures/mtcars.csv --formula "mpg ~ wt + hp" --cluster carb
mt <- data.frame(car = rownames(mtcars), mtcars)
write.csv(mt, "../fixtures/mtcars.csv", row.names = FALSE)
run_case("mtcars_carb", lm(mpg ~ wt + hp, data = mt), c("(Intercept)", "wt", "hp"),
         cluster = mt$carb)
write.csv(do.call(rbind, rows), "lm_sandwich.csv", row.names = FALSE, quote = TRUE)
