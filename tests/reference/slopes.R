# Reference for mean-centring and simple slopes: carData's Prestige,
# prestige ~ education * income with both predictors centred over the sample
# (bprstat regress tests/fixtures/prestige.csv --formula "prestige ~ education*income"
#  --center education,income); slopes of education at income's mean and +/- 1 SD, with
# classical SEs: slope = b_e + b_ei m, Var = V_ee + m^2 V_ii + 2 m V_ei, t on n - k df.
# Run from this folder: Rscript slopes.R  (R 4.2.2) -> slopes.csv
data(Prestige, package = "carData")
d <- Prestige; d$education <- d$education - mean(d$education); d$income <- d$income - mean(d$income)
fit <- lm(prestige ~ education * income, data = d)
V <- vcov(fit); b <- coef(fit); m <- mean(d$income); s <- sd(d$income)
rows <- list()
add <- function(term, quantity, value) rows[[length(rows) + 1]] <<- data.frame(term = term, quantity = quantity, value = sprintf("%.17g", value))
for (t in names(b)) add(t, "estimate", b[[t]])
for (at in c(-1, 0, 1)) {
  mv <- m + at * s
  sl <- b[["education"]] + b[["education:income"]] * mv
  se <- sqrt(V["education", "education"] + mv^2 * V["education:income", "education:income"] + 2 * mv * V["education", "education:income"])
  lab <- c("mean - 1 SD", "mean", "mean + 1 SD")[at + 2]
  add(lab, "slope", sl); add(lab, "std_error", se); add(lab, "p_value", 2 * pt(-abs(sl / se), fit$df.residual))
  add(lab, "conf_low", sl - qt(0.975, fit$df.residual) * se); add(lab, "moderator_value", mv)
}
write.csv(do.call(rbind, rows), "slopes.csv", row.names = FALSE, quote = TRUE)
