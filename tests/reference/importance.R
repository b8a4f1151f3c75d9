# Reference for bprstat's relative importance (dominance analysis and relative weights),
# computed here from the definitions in base R (the dominanceanalysis, relaimpo and
# yhat packages are not in Debian): R's mtcars, mpg on disp, hp, drat, wt, qsec and
# factor(gear) (one set of two dummies), (a) alone and (b) with am forced into every model.
# - R2 of every one of the 2^6 subsets by lm(); C_i(k) = mean additional contribution of set i
#   over the subsets of size k without it; general dominance = mean_k C_i(k) (= LMG).
# - Complete dominance of i over j: R2(S+i) > R2(S+j) for every S without both (1), the
#   reverse (0), else 0.5; conditional: C_i(k) > C_j(k) for every k; general: G_i > G_j.
# - Johnson's (2000) relative weights: R = cor(X) = V L V', L* = V L^1/2 V', b* = solve(L*,
#   cor(X, y)), raw_j = sum_k L*_jk^2 b*_k^2, summed over a set's columns; with am forced in,
#   X and y are first residualized on am and the weights multiplied by 1 - R2(am).
# Run from this folder: Rscript importance.R  (R 4.2.2) -> importance.csv
d <- read.csv("../fixtures/mtcars.csv")
sets <- list(disp = "disp", hp = "hp", drat = "drat", wt = "wt", qsec = "qsec", "C(gear)" = "factor(gear)")
p <- length(sets)
rows <- list()
add <- function(case, quantity, i, j, value) rows[[length(rows) + 1]] <<- data.frame(case = case, quantity = quantity, i = i, j = j, value = sprintf("%.17g", value))
has <- function(m, i) bitwAnd(m, 2^(i - 1)) > 0
size <- function(m) sum(sapply(1:p, function(i) has(m, i)))
for (case in c("plain", "always_am")) {
  always <- if (case == "always_am") "am" else character(0)
  r2 <- sapply(0:(2^p - 1), function(m) {
    terms <- c(always, unlist(sets[sapply(1:p, function(i) has(m, i))]))
    if (length(terms) == 0) return(0)
    summary(lm(as.formula(paste("mpg ~", paste(terms, collapse = " + "))), d))$r.squared
  })
  base <- r2[1]
  add(case, "r_squared", "", "", r2[2^p])
  add(case, "r_squared_always", "", "", base)
  for (m in 0:(2^p - 1)) add(case, "subset_r_squared", paste(names(sets)[sapply(1:p, function(i) has(m, i))], collapse = "+"), "", r2[m + 1])
  cond <- matrix(NA, p, p)
  for (i in 1:p) for (k in 0:(p - 1)) {
    ms <- Filter(function(m) !has(m, i) && size(m) == k, 0:(2^p - 1))
    cond[i, k + 1] <- mean(r2[ms + 2^(i - 1) + 1] - r2[ms + 1])
    add(case, "conditional", names(sets)[i], k, cond[i, k + 1])
  }
  general <- rowMeans(cond)
  for (i in 1:p) add(case, "general", names(sets)[i], "", general[i])
  rel <- function(x) if (all(x > 0)) 1 else if (all(x < 0)) 0 else 0.5
  for (i in 1:(p - 1)) for (j in (i + 1):p) {
    ms <- Filter(function(m) !has(m, i) && !has(m, j), 0:(2^p - 1))
    add(case, "complete", names(sets)[i], names(sets)[j], rel(r2[ms + 2^(i - 1) + 1] - r2[ms + 2^(j - 1) + 1]))
    add(case, "conditional_dominance", names(sets)[i], names(sets)[j], rel(cond[i, ] - cond[j, ]))
    add(case, "general_dominance", names(sets)[i], names(sets)[j], rel(general[i] - general[j]))
  }
  X <- model.matrix(~ disp + hp + drat + wt + qsec + factor(gear), d)[, -1]
  y <- d$mpg
  if (length(always)) {
    X <- apply(X, 2, function(x) resid(lm(x ~ d$am)))
    y <- resid(lm(y ~ d$am))
  }
  R <- cor(X); rxy <- cor(X, y)
  e <- eigen(R, symmetric = TRUE)
  L <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  b <- solve(L, rxy)
  raw <- as.vector((L^2) %*% (b^2)) * (1 - base)
  w <- c(raw[1:5], sum(raw[6:7]))
  for (i in 1:p) {
    add(case, "relative_weight", names(sets)[i], "", w[i])
    add(case, "relative_weight_percent", names(sets)[i], "", 100 * w[i] / sum(w))
  }
}
write.csv(do.call(rbind, rows), "importance.csv", row.names = FALSE)
