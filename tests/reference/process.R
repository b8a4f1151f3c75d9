# Reference for bprstat's PROCESS models that the SPSS PROCESS outputs in
# ../fixtures/process do not cover (models 2, 3, 5, 15, 59), for mean-centring with a
# covariate, and for cluster-robust (CR2) equations: every equation by lm() with the products
# written out, HC3 (sandwich::vcovHC) or CR2 (clubSandwich::vcovCR, Satterthwaite df)
# covariances, conditional effects g'b with SE sqrt(g'Vg) and t on n - k df, moderator values
# at the 16th/50th/84th percentiles by quantile(type = 6) (SPSS's HAVERAGE), indirect effects
# as products of coefficients, the index of moderated mediation a*b_mw (model 15), and the
# Johnson-Neyman boundaries of model 1 (roots of (c0 + c1 w)^2 = t^2 (v00 + 2 v01 w +
# v11 w^2)).
# The data: ../fixtures/process/Data_Model58.csv (x, w, z, v, q, m1, m2, y); for the cluster
# case, the same rows with cluster = (row - 1) %/% 20 + 1 written to clustered.csv.
# Run from this folder: Rscript process.R  (R 4.2.2, sandwich 3.0-2, clubSandwich 0.5.8)
suppressPackageStartupMessages({library(sandwich); library(clubSandwich)})
d <- read.csv("../fixtures/process/Data_Model58.csv")
rows <- list()
add <- function(case, eq, term, quantity, value) rows[[length(rows) + 1]] <<- data.frame(case = case, equation = eq, term = term, quantity = quantity, value = sprintf("%.17g", value))
pct <- function(v) unname(quantile(v, c(.16, .5, .84), type = 6))
eqn <- function(case, eq, fit, V, df) {
  b <- coef(fit); se <- sqrt(diag(V))
  for (t in names(b)) {
    add(case, eq, t, "estimate", b[[t]]); add(case, eq, t, "std_error", se[[t]])
    add(case, eq, t, "p_value", 2 * pt(-abs(b[[t]] / se[[t]]), df))
  }
  add(case, eq, "", "r_squared", summary(fit)$r.squared)
}
cond <- function(case, label, b, V, g, df) {
  e <- sum(g * b); s <- sqrt(drop(t(g) %*% V %*% g))
  add(case, "effect", label, "effect", e); add(case, "effect", label, "std_error", s)
  add(case, "effect", label, "p_value", 2 * pt(-abs(e / s), df))
}
hc3 <- function(fit) vcovHC(fit, type = "HC3")

# Model 2: y ~ x + w + z + x:w + x:z; conditional effect of x at w x z percentiles.
f <- lm(y ~ x + w + z + I(x * w) + I(x * z), d); V <- hc3(f); b <- coef(f)
eqn("m2", "y", f, V, f$df.residual)
for (wv in pct(d$w)) for (zv in pct(d$z)) cond("m2", sprintf("w=%.17g z=%.17g", wv, zv), b, V, c(0, 1, 0, 0, wv, zv), f$df.residual)

# Model 3: three-way; the conditional x:w interaction at z percentiles.
f <- lm(y ~ x + w + z + I(x * w) + I(x * z) + I(w * z) + I(x * w * z), d); V <- hc3(f); b <- coef(f)
eqn("m3", "y", f, V, f$df.residual)
for (zv in pct(d$z)) cond("m3", sprintf("xw at z=%.17g", zv), b, V, c(0, 0, 0, 0, 1, 0, 0, zv), f$df.residual)
# Johnson-Neyman of model 1 (x's effect on y along w): roots of
# (c0 + c1 w)^2 = t^2 (v00 + 2 v01 w + v11 w^2) inside the range of w, and the % of cases below.
f <- lm(y ~ x + w + I(x * w), d); V <- hc3(f); b <- coef(f)
eqn("m1", "y", f, V, f$df.residual)
g0 <- c(0, 1, 0, 0); g1 <- c(0, 0, 0, 1)
c0 <- sum(g0 * b); c1 <- sum(g1 * b); tq <- qt(.975, f$df.residual)
A <- c1^2 - tq^2 * drop(t(g1) %*% V %*% g1); B <- 2 * (c0 * c1 - tq^2 * drop(t(g0) %*% V %*% g1)); C <- c0^2 - tq^2 * drop(t(g0) %*% V %*% g0)
roots <- sort(Re(polyroot(c(C, B, A)))); roots <- roots[roots >= min(d$w) & roots <= max(d$w)]
for (k in seq_along(roots)) {
  add("m1", "jn", k, "boundary", roots[k]); add("m1", "jn", k, "percent_below", 100 * mean(d$w < roots[k]))
}
add("m1", "jn", "", "count", length(roots))

# Model 5: parallel mediation, direct path moderated by w; indirect a_j * b_j.
fa1 <- lm(m1 ~ x, d); fa2 <- lm(m2 ~ x, d)
f <- lm(y ~ m1 + m2 + x + w + I(x * w), d); V <- hc3(f); b <- coef(f)
eqn("m5", "m1", fa1, hc3(fa1), fa1$df.residual); eqn("m5", "m2", fa2, hc3(fa2), fa2$df.residual); eqn("m5", "y", f, V, f$df.residual)
add("m5", "indirect", "m1", "effect", coef(fa1)[["x"]] * b[["m1"]]); add("m5", "indirect", "m2", "effect", coef(fa2)[["x"]] * b[["m2"]])
for (wv in pct(d$w)) cond("m5", sprintf("w=%.17g", wv), b, V, c(0, 0, 0, 1, 0, wv), f$df.residual)

# Model 15: b paths and the direct path moderated by w; index of moderated mediation a_j * b_mjw.
f <- lm(y ~ m1 + m2 + x + w + I(x * w) + I(m1 * w) + I(m2 * w), d); V <- hc3(f); b <- coef(f)
eqn("m15", "y", f, V, f$df.residual)
add("m15", "index", "m1", "effect", coef(fa1)[["x"]] * b[["I(m1 * w)"]]); add("m15", "index", "m2", "effect", coef(fa2)[["x"]] * b[["I(m2 * w)"]])
for (wv in pct(d$w)) {
  add("m15", "indirect", sprintf("m1 w=%.17g", wv), "effect", coef(fa1)[["x"]] * (b[["m1"]] + b[["I(m1 * w)"]] * wv))
  cond("m15", sprintf("w=%.17g", wv), b, V, c(0, 0, 0, 1, 0, wv, 0, 0), f$df.residual)
}

# Model 59: every path moderated by w, with every variable in a product mean-centred
# (center = all) and q a covariate of every equation.
dc <- d; for (v in c("x", "w", "m1", "m2")) dc[[v]] <- d[[v]] - mean(d[[v]])
fa1 <- lm(m1 ~ x + w + I(x * w) + q, dc); fa2 <- lm(m2 ~ x + w + I(x * w) + q, dc)
f <- lm(y ~ m1 + m2 + x + w + I(x * w) + I(m1 * w) + I(m2 * w) + q, dc); V <- hc3(f); b <- coef(f)
eqn("m59c", "m1", fa1, hc3(fa1), fa1$df.residual); eqn("m59c", "y", f, V, f$df.residual)
for (wv in pct(d$w)) {
  wc <- wv - mean(d$w); a <- coef(fa1)
  add("m59c", "indirect", sprintf("m1 w=%.17g", wv), "effect", (a[["x"]] + a[["I(x * w)"]] * wc) * (b[["m1"]] + b[["I(m1 * w)"]] * wc))
}

# Data for visualizing (PROCESS's plot = 2): the outcome predicted at the focal predictor's
# and the moderator's 16th/50th/84th percentiles, every other variable at its mean, with the
# SE sqrt(g'Vg) and a t interval on n - k df. Model 1 (HC3): y along x at w; model 59 with
# center = all: m1 along x at w (q at its mean; m1 was centred, so its mean is added back),
# and y along m1 at w (x, m2 at their means, i.e. 0 once centred).
pred <- function(case, label, b, V, g, df, shift = 0) {
  e <- sum(g * b) + shift; s <- sqrt(drop(t(g) %*% V %*% g)); tq <- qt(.975, df)
  add(case, "predict", label, "fitted", e); add(case, "predict", label, "std_error", s)
  add(case, "predict", label, "conf_low", e - tq * s); add(case, "predict", label, "conf_high", e + tq * s)
}
f <- lm(y ~ x + w + I(x * w), d); V <- hc3(f)
for (wv in pct(d$w)) for (xv in pct(d$x))
  pred("m1", sprintf("y x=%.17g w=%.17g", xv, wv), coef(f), V, c(1, xv, wv, xv * wv), f$df.residual)
mw <- mean(d$w); mx <- mean(d$x); mm1 <- mean(d$m1); mq <- mean(d$q)
fa1 <- lm(m1 ~ x + w + I(x * w) + q, dc)
f <- lm(y ~ m1 + m2 + x + w + I(x * w) + I(m1 * w) + I(m2 * w) + q, dc)
for (wv in pct(d$w)) {
  for (xv in pct(d$x))
    pred("m59c", sprintf("m1 x=%.17g w=%.17g", xv, wv), coef(fa1), hc3(fa1),
         c(1, xv - mx, wv - mw, (xv - mx) * (wv - mw), mq), fa1$df.residual, shift = mm1)
  for (mv in pct(d$m1))
    pred("m59c", sprintf("y m1=%.17g w=%.17g", mv, wv), coef(f), hc3(f),
         c(1, mv - mm1, 0, 0, wv - mw, 0, (mv - mm1) * (wv - mw), 0, mq), f$df.residual)
}

# Model 4 with CR2 cluster-robust equations (clusters of 20 consecutive rows).
dcl <- d; dcl$cluster <- (seq_len(nrow(d)) - 1) %/% 20 + 1
write.csv(dcl[, c("x", "m1", "m2", "y", "cluster")], "../fixtures/process/clustered.csv", row.names = FALSE)
f <- lm(y ~ m1 + m2 + x, dcl)
ct <- coef_test(f, vcov = "CR2", cluster = dcl$cluster, test = "Satterthwaite")
for (k in seq_len(nrow(ct))) {
  t <- rownames(ct)[k]; if (is.null(t) || t == "") t <- ct$Coef[k]
  add("m4cr2", "y", t, "std_error", ct$SE[k]); add("m4cr2", "y", t, "df", ct$df_Satt[k]); add("m4cr2", "y", t, "p_value", ct$p_Satt[k])
}
write.csv(do.call(rbind, rows), "process.csv", row.names = FALSE)
