# Reference for bprstat's random-intercept mixed model: lme4's InstEval (73,421 ratings y of
# 1,128 lecturers d by 2,972 students), R 4.2.2, lme4 1.1-31, lmerTest 3.1-3.
# Run from this folder: Rscript mixed.R  -> mixed.csv and ../fixtures/insteval.csv
#
# The factors are re-levelled to sorted numeric order so that bprstat's C(x) (first sorted
# level as reference) names the same contrasts. lme4's default optimizer stops at a relative
# tolerance near 1e-7 in theta; the reference fits tighten it (xtol_rel 1e-14) so that the
# recorded values are the optimum itself, not where the optimizer stopped. The values of the
# default fit are recorded too (model "full_reml_default") to show how far apart the two are.
#
# Even the tightened optimizer stops 3.4e-7 (relative) short in theta on the full model: the
# criterion is so flat there (a change of 1e-9 in 240,103) that a search on function values
# cannot see further; the numerical gradient at its stop is -6e-3. So the reference fits
# solve d(criterion)/d(theta) = 0 with uniroot on numDeriv's gradient of lme4's own deviance
# function (started from the tight fit) and build the model at that theta with mkMerMod.
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(numDeriv) })
data(InstEval, package = "lme4")
d <- InstEval
num <- function(f) factor(as.integer(as.character(f)), levels = sort(unique(as.integer(as.character(f)))))
d$dept <- num(d$dept); d$studage <- num(d$studage); d$lectage <- num(d$lectage)
d$service <- as.integer(as.character(d$service))
out <- data.frame(d = as.integer(as.character(d$d)), s = as.integer(as.character(d$s)),
                  studage = as.integer(as.character(d$studage)), lectage = as.integer(as.character(d$lectage)),
                  service = d$service, dept = as.integer(as.character(d$dept)), y = d$y)
write.csv(out, "../fixtures/insteval.csv", row.names = FALSE)

tight <- lmerControl(optimizer = "nloptwrap",
                     optCtrl = list(xtol_rel = 1e-14, ftol_rel = 1e-16, xtol_abs = 1e-14, ftol_abs = 1e-16, maxeval = 10000))
rows <- list()
add <- function(model, term, quantity, value) rows[[length(rows) + 1]] <<- data.frame(model = model, term = term, quantity = quantity, value = sprintf("%.17g", value))
record <- function(name, m) {
  s <- summary(m)
  cf <- s$coefficients  # lmerTest: Estimate, Std. Error, df (Satterthwaite), t value, Pr(>|t|)
  for (t in rownames(cf)) {
    add(name, t, "estimate", cf[t, "Estimate"]); add(name, t, "std_error", cf[t, "Std. Error"])
    if ("df" %in% colnames(cf)) { add(name, t, "df", cf[t, "df"]); add(name, t, "p_value", cf[t, "Pr(>|t|)"]) }
    add(name, t, "statistic", cf[t, "t value"])
  }
  vc <- as.data.frame(VarCorr(m))
  add(name, "", "tau2", vc$vcov[vc$grp == "d"]); add(name, "", "sigma2", vc$vcov[vc$grp == "Residual"])
  add(name, "", "theta", getME(m, "theta"))
  add(name, "", "log_lik", as.numeric(logLik(m))); add(name, "", "aic", AIC(m)); add(name, "", "bic", BIC(m))
  add(name, "", "deviance_criterion", if (isREML(m)) REMLcrit(m) else deviance(m))
  add(name, "", "nobs", nobs(m)); add(name, "", "ngroups", ngrps(m)[["d"]])
}
exact <- function(formula, REML) {
  start <- getME(lmer(formula, d, REML = REML, control = tight), "theta")
  lf <- lFormula(formula, d, REML = REML)
  dfun <- do.call(mkLmerDevfun, lf)
  th <- uniroot(function(t) grad(dfun, t), start * c(0.999, 1.001), tol = 1e-15)$root
  opt <- list(par = th, fval = dfun(th), conv = 0, feval = 1, message = "uniroot on the gradient")
  mm <- mkMerMod(environment(dfun), opt, lf$reTrms, fr = lf$fr)
  mm@call <- call("lmer", formula = formula, data = quote(d), REML = REML)  # lmerTest refits devfun from it
  as_lmerModLmerTest(mm)
}
m_null <- exact(y ~ 1 + (1 | d), TRUE)
m_full <- exact(y ~ service + lectage + studage + dept + (1 | d), TRUE)
m_ml   <- exact(y ~ service + lectage + studage + dept + (1 | d), FALSE)
record("null_reml", m_null); record("full_reml", m_full); record("full_ml", m_ml)
record("full_reml_default", lmer(y ~ service + lectage + studage + dept + (1 | d), d, REML = TRUE))
# lmerTest's df rest on numDeriv's Richardson derivatives; with numDeriv's step d = 1e-2 and
# r = 6 instead of its defaults, the intercept's df of the full REML model moves from
# 1231.98174 to 1232.00571 (2e-5 relative); at the exact optimum the defaults agree with
# bprstat's analytic derivatives to 5e-8.
# Likelihood-ratio test of the random intercept (lmerTest::ranova: REML criterion of the
# model with and without (1 | d), same fixed effects).
rt <- ranova(m_full)
add("full_reml", "", "lrt_statistic", rt$LRT[2]); add("full_reml", "", "lrt_p_naive", rt$`Pr(>Chisq)`[2])
# Empirical-Bayes (conditional mode) lecturer means of the null model and their conditional SDs.
re <- ranef(m_null, condVar = TRUE)
pv <- attr(re$d, "postVar")[1, 1, ]
ids <- rownames(re$d)
mu <- fixef(m_null)[[1]]
for (i in seq_along(ids)) {
  add("null_reml", ids[i], "eb_mean", mu + re$d[i, 1]); add("null_reml", ids[i], "eb_sd", sqrt(pv[i]))
}
# Conditional modes of the full model for a few lecturers.
re2 <- ranef(m_full)$d
for (i in c(1, 2, 3, 500, 1128)) add("full_reml", rownames(re2)[i], "ranef", re2[i, 1])
write.csv(do.call(rbind, rows), "mixed.csv", row.names = FALSE, quote = TRUE)
