# Reference values for the whole bprstat pipeline on the embedded default study
# (data/zhejiang-asc.csv, study data/zhejiang-asc.toml): cleaning (missing codes 9/99,
# values outside 1-5), reverse-keying (6 - x), construct scores with the min_items rule,
# listwise deletion per model, OLS and CR1 cluster-robust SEs by center_id (vcovCL HC1,
# t on G-1 df). Run from this folder: Rscript zhejiang.R  (R 4.2.2, sandwich 3.0-2, lmtest 0.9-40)
suppressPackageStartupMessages({ library(sandwich); library(lmtest) })
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
# Per-item accounting, from the raw file: empty cells, missing codes, out-of-range values.
raw <- read.csv("../../data/zhejiang-asc.csv", encoding = "UTF-8")
for (v in unlist(lapply(constructs, `[[`, "items"))) {
  x <- raw[[v]]
  add("items", "empty", v, sum(is.na(x)))
  add("items", "missing_code", v, sum(x %in% c(9, 99)))
  add("items", "out_of_range", v, sum(!is.na(x) & !(x %in% c(9, 99)) & (x < 1 | x > 5)))
}
for (y in c("process", "result")) {
  f <- as.formula(paste(y, "~ strategy + entrepreneurship + window + informatization + cooperation + management + linkage"))
  fit <- lm(f, data = d)
  cl <- d$center_id[as.integer(rownames(model.frame(fit)))]
  V <- vcovCL(fit, cluster = cl, type = "HC1")
  G <- length(unique(cl))
  ct <- coeftest(fit, vcov. = V, df = G - 1); ci <- coefci(fit, vcov. = V, df = G - 1)
  s <- summary(fit)
  add(y, "nobs", "", nobs(fit)); add(y, "r_squared", "", s$r.squared); add(y, "sigma", "", s$sigma)
  add(y, "statistic", "", s$fstatistic[["value"]]); add(y, "durbin_watson", "", dwtest(fit)$statistic[["DW"]])
  for (j in seq_len(nrow(ct))) {
    t <- rownames(ct)[j]
    add(y, "estimate", t, ct[j, 1]); add(y, "std_error", t, ct[j, 2]); add(y, "statistic", t, ct[j, 3])
    add(y, "p_value", t, ct[j, 4]); add(y, "conf_low", t, ci[j, 1]); add(y, "conf_high", t, ci[j, 2])
  }
}
# Cross-model equality tests (Stata's suest): stack the two models' complete cases, give each
# equation its own intercept and slopes, and take the cluster-robust covariance with the
# G/(G-1) factor only (vcovCL type HC0, cadjust = TRUE), as suest does.
fx <- c("strategy", "entrepreneurship", "window", "informatization", "cooperation", "management", "linkage")
stack <- do.call(rbind, lapply(c("process", "result"), function(y) {
  s <- d[complete.cases(d[, c(y, fx, "center_id")]), c(y, fx, "center_id")]
  names(s)[1] <- "y"; s$eq <- y; s }))
Xp <- model.matrix(~ ., stack[, fx]) * (stack$eq == "process")
Xr <- model.matrix(~ ., stack[, fx]) * (stack$eq == "result")
colnames(Xp) <- paste0("p_", colnames(Xp)); colnames(Xr) <- paste0("r_", colnames(Xr))
XX <- cbind(Xp, Xr)
sfit <- lm(stack$y ~ 0 + XX)
V <- vcovCL(sfit, cluster = stack$center_id, type = "HC0", cadjust = TRUE)
b <- coef(sfit)
dvec <- c(); idx <- c()
for (f in fx) {
  i <- which(colnames(XX) == paste0("p_", f)); j <- which(colnames(XX) == paste0("r_", f))
  dd <- b[i] - b[j]; vd <- V[i, i] + V[j, j] - 2 * V[i, j]
  add("compare", "difference", f, dd); add("compare", "std_error", f, sqrt(vd))
  add("compare", "statistic", f, dd^2 / vd); add("compare", "p_value", f, pchisq(dd^2 / vd, 1, lower.tail = FALSE))
}
R <- matrix(0, length(fx), ncol(XX))
for (k in seq_along(fx)) { R[k, which(colnames(XX) == paste0("p_", fx[k]))] <- 1; R[k, which(colnames(XX) == paste0("r_", fx[k]))] <- -1 }
dv <- R %*% b; W <- as.numeric(t(dv) %*% solve(R %*% V %*% t(R)) %*% dv)
add("compare", "joint_statistic", "", W); add("compare", "joint_p_value", "", pchisq(W, length(fx), lower.tail = FALSE))
write.csv(do.call(rbind, rows), "zhejiang.csv", row.names = FALSE, quote = TRUE)
