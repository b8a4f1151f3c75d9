# Reference for bprstat's confirmatory factor analysis: the five Big Five scales of psych::bfi
# (25 items, reverse-keyed items reversed as 7 - x, complete cases), each item on its scale,
# scales correlated; maximum likelihood, lavaan 0.6-14 defaults otherwise (normal likelihood:
# covariances with divisor N, chi-square N * F, expected information for SEs). lavaan's
# default nlminb stops where the criterion no longer improves at its tolerance (rel.tol 1e-10
# leaves chi-square 4.4e-7 above the optimum and loadings 4e-6 off; tighter tolerances make it
# report non-convergence), so the reference fit uses lavaan's own Gauss-Newton optimizer
# (optim.method = "GN") with a step tolerance of 1e-14: the values are the optimum itself.
# Standardized loadings (std.all) with their delta-method SEs, factor correlations, fit
# indices (chi-square, df, p, CFI, TLI, RMSEA with its 90% interval, SRMR), and from the
# standardized loadings CR = (sum l)^2 / ((sum l)^2 + sum(1 - l^2)) and AVE = mean(l^2);
# HTMT of the item correlations (see below).
# Run from this folder: Rscript cfa.R -> cfa.csv   (R 4.2.2, lavaan 0.6-14)
suppressPackageStartupMessages({ library(psych); library(lavaan) })
data(bfi, package = "psych")
scales <- list(agreeableness = c("-A1", "A2", "A3", "A4", "A5"), conscientiousness = c("C1", "C2", "C3", "-C4", "-C5"),
               extraversion = c("-E1", "-E2", "E3", "E4", "E5"), neuroticism = c("N1", "N2", "N3", "N4", "N5"),
               openness = c("O1", "-O2", "O3", "O4", "-O5"))
x <- bfi[, 1:25]
for (s in scales) for (k in s[startsWith(s, "-")]) x[[sub("^-", "", k)]] <- 7 - x[[sub("^-", "", k)]]
x <- na.omit(x)
model <- paste(sapply(names(scales), function(s) paste(s, "=~", paste(sub("^-", "", scales[[s]]), collapse = " + "))), collapse = "\n")
fit <- cfa(model, data = x, estimator = "ML", optim.method = "GN", optim.gn.tol.x = 1e-14, optim.gn.iter.max = 1000)
cat(sprintf("chisq %.17g converged %s iterations %d\n", fitMeasures(fit, "chisq"), lavInspect(fit, "converged"), lavInspect(fit, "iterations")))
rows <- list()
add <- function(a, b, quantity, value) rows[[length(rows) + 1]] <<- data.frame(a = a, b = b, quantity = quantity, value = sprintf("%.17g", value))
st <- standardizedSolution(fit)
for (i in seq_len(nrow(st))) {
  if (st$op[i] == "=~") { add(st$lhs[i], st$rhs[i], "std_loading", st$est.std[i]); add(st$lhs[i], st$rhs[i], "std_loading_se", st$se[i]) }
  if (st$op[i] == "~~" && st$lhs[i] != st$rhs[i] && st$lhs[i] %in% names(scales)) {
    add(st$lhs[i], st$rhs[i], "factor_correlation", st$est.std[i]); add(st$lhs[i], st$rhs[i], "factor_correlation_se", st$se[i]) }
  if (st$op[i] == "~~" && st$lhs[i] == st$rhs[i] && !(st$lhs[i] %in% names(scales))) add(st$lhs[i], "", "std_residual_variance", st$est.std[i])
}
fm <- fitMeasures(fit, c("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "baseline.chisq", "baseline.df", "ntotal"))
for (k in names(fm)) add("", "", k, fm[[k]])
for (s in names(scales)) {
  l <- st$est.std[st$op == "=~" & st$lhs == s]
  add(s, "", "cr", sum(l)^2 / (sum(l)^2 + sum(1 - l^2))); add(s, "", "ave", mean(l^2))
}
# HTMT (Henseler, Ringle & Sarstedt 2015) by its formula on the item correlations, with
# absolute correlations: mean |r| between the two scales' items over the geometric mean of
# the mean |r| among each scale's own items (off-diagonal). semTools 0.5-6's htmt() gives
# other values on these data (0.299 instead of 0.351 for agreeableness-conscientiousness)
# although its code states the same formula; this reference follows the formula.
R <- abs(cor(x)); diag(R) <- NA
items <- lapply(scales, function(s) sub("^-", "", s))
for (a in names(scales)) for (b in names(scales)) if (a < b) {
  add(a, b, "htmt", mean(R[items[[a]], items[[b]]]) / sqrt(mean(R[items[[a]], items[[a]]], na.rm = TRUE) * mean(R[items[[b]], items[[b]]], na.rm = TRUE)))
}
write.csv(do.call(rbind, rows), "cfa.csv", row.names = FALSE, quote = TRUE)
write.csv(x, "/tmp/bfi_keyed.csv", row.names = FALSE)
