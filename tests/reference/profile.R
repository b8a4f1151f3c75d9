# Reference for bprstat's profile-likelihood intervals of the variance components (SDs) of
# the random-intercept model, on lme4's InstEval (see mixed.R for the data and the exact fit).
# Run from this folder after mixed.R: Rscript profile.R -> profile.csv   (R 4.2.2, lme4 1.1-31,
# lmerTest 3.1-3)
#
# Computed exactly with lmerTest's unprofiled criterion devfun_vp(varpar = c(theta, sigma)):
# for a fixed tau = theta * sigma the profile is the minimum over sigma, for a fixed sigma the
# minimum over theta, and each limit is where the profile rises by qchisq(0.95, 1) above the
# optimum (uniroot, tol 1e-12). lme4's confint(method = "profile") interpolates a spline
# through a grid of the same profile; its values are recorded too ("spline") and agree with
# the exact ones to about 1e-4.
suppressPackageStartupMessages({ library(lme4); library(lmerTest); library(numDeriv) })
d <- read.csv("../fixtures/insteval.csv")
for (v in c("lectage", "studage", "dept", "d")) d[[v]] <- factor(d[[v]])
rows <- list()
add <- function(model, quantity, value) rows[[length(rows) + 1]] <<- data.frame(model = model, quantity = quantity, value = sprintf("%.17g", value))
tight <- lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_rel = 1e-14, ftol_rel = 1e-16, xtol_abs = 1e-14, ftol_abs = 1e-16, maxeval = 10000))
for (case in c("null_reml", "full_reml")) {
  f <- if (case == "null_reml") y ~ 1 + (1 | d) else y ~ service + lectage + studage + dept + (1 | d)
  start <- getME(lmer(f, d, REML = TRUE, control = tight), "theta")
  lf <- lFormula(f, d, REML = TRUE); dfun <- do.call(mkLmerDevfun, lf)
  th <- uniroot(function(t) grad(dfun, t), start * c(0.999, 1.001), tol = 1e-15)$root
  best <- dfun(th)
  crit <- function(theta, sigma) lmerTest:::devfun_vp(c(theta, sigma), dfun, TRUE)
  sig_hat <- { dfun(th); sqrt(environment(dfun)$pp$sqrL(1) + environment(dfun)$resp$wrss()) / sqrt(nrow(d) - ncol(lf$X)) }
  tau_hat <- th * sig_hat
  q <- qchisq(0.95, 1)
  prof_tau <- function(tau) optimize(function(ls) crit(tau / exp(ls), exp(ls)), log(sig_hat) + c(-2, 2), tol = 1e-12)$objective - best - q
  prof_sig <- function(sigma) optimize(function(t) crit(t, sigma), c(0, 4 * th), tol = 1e-12)$objective - best - q
  add(case, "tau_low", uniroot(prof_tau, c(tau_hat * 0.5, tau_hat), tol = 1e-12)$root)
  add(case, "tau_high", uniroot(prof_tau, c(tau_hat, tau_hat * 1.5), tol = 1e-12)$root)
  add(case, "sigma_low", uniroot(prof_sig, c(sig_hat * 0.9, sig_hat), tol = 1e-12)$root)
  add(case, "sigma_high", uniroot(prof_sig, c(sig_hat, sig_hat * 1.1), tol = 1e-12)$root)
  if (case == "null_reml") {
    ci <- confint(lmer(f, d, REML = TRUE), parm = "theta_", oldNames = FALSE, method = "profile")
    add(case, "spline_tau_low", ci[1, 1]); add(case, "spline_tau_high", ci[1, 2])
    add(case, "spline_sigma_low", ci[2, 1]); add(case, "spline_sigma_high", ci[2, 2])
  }
}
write.csv(do.call(rbind, rows), "profile.csv", row.names = FALSE, quote = TRUE)
