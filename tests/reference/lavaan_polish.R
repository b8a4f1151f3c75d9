# Finish lavaan's optimization before its values are used as references (sourced by sem.R
# and sem_robust.R). lavaan's nlminb stops when its objective changes by less than rel.tol
# (1e-10), leaving estimates about 1e-7 (relative) from the optimum, with a gradient of about
# 1e-6; standard errors and indices computed there differ from the optimum's by ~1e-6, more
# than the 1e-6 agreement asked of bprstat. A few Newton steps on lavaan's own gradient and
# Hessian (inside any equality constraints) reach the optimum (gradient < 1e-13), and
# optim.method = "none" then has lavaan compute every SE, test and index there.
polish <- function(fit, refit) {
  x <- lav_model_get_parameters(fit@Model)
  jac <- fit@Model@ceq.JAC
  K <- if (length(jac) > 0 && nrow(jac) > 0) {
    qr.Q(qr(t(jac)), complete = TRUE)[, -seq_len(nrow(jac)), drop = FALSE]
  } else diag(length(x))
  for (i in 1:20) {
    mod <- lav_model_set_parameters(fit@Model, x)
    g <- lavaan:::lav_model_gradient(mod, lavsamplestats = fit@SampleStats, lavdata = fit@Data)
    H <- lavaan:::lav_model_hessian(mod, lavsamplestats = fit@SampleStats, lavdata = fit@Data,
                                    lavoptions = fit@Options)
    step <- drop(K %*% solve(t(K) %*% H %*% K, t(K) %*% g))
    x <- x - step
    if (max(abs(step)) < 1e-13) break
  }
  mod <- lav_model_set_parameters(fit@Model, x)
  g <- lavaan:::lav_model_gradient(mod, lavsamplestats = fit@SampleStats, lavdata = fit@Data)
  stopifnot(max(abs(t(K) %*% g)) < 1e-10)
  start <- fit
  free <- start@ParTable$free > 0
  start@ParTable$est[free] <- x[start@ParTable$free[free]]
  out <- refit(start)
  stopifnot(lavInspect(out, "converged"), lavInspect(out, "npar") == lavInspect(fit, "npar"),
            max(abs(lav_model_get_parameters(out@Model) - x)) < 1e-12 * max(abs(x)))
  out
}
