# Reference for bprstat's exploratory factor analysis: the 25 Big Five Inventory items of
# psych::bfi (complete cases, 2,436 respondents), 5 factors. R 4.2.2, psych 2.2.9,
# GPArotation 2014.11-1. Run from this folder: Rscript efa.R -> efa.csv
#
# Extraction: principal components (psych::principal), principal axis factoring
# (psych::fa, fm = "pa": SMC start, min.err = 0.001, max.iter = 50) and maximum likelihood
# (stats::factanal, below), unrotated. Rotations of
# those loadings: stats::varimax (Kaiser normalization, eps = 1e-5), stats::promax (m = 4)
# with factor correlations as psych::Promax (solve(U) %*% t(solve(U))), and
# GPArotation::oblimin (gamma = 0, no normalization). Factors are then put in bprstat's
# canonical form: ordered by sum of squared loadings, each signed to a positive column sum.
# Omega total from a one-factor principal-axis solution: psych::omega(nfactors = 1, fm = "pa").
suppressPackageStartupMessages({ library(psych); library(GPArotation) })
data(bfi, package = "psych")
x <- na.omit(bfi[, 1:25]); R <- cor(x); n <- nrow(x)
rows <- list()
add <- function(case, item, factor, quantity, value)
  rows[[length(rows) + 1]] <<- data.frame(case = case, item = item, factor = factor, quantity = quantity, value = sprintf("%.17g", value))
canon <- function(L, Phi = diag(ncol(L))) {
  o <- order(colSums(L^2), decreasing = TRUE); L <- L[, o, drop = FALSE]; Phi <- Phi[o, o, drop = FALSE]
  s <- ifelse(colSums(L) < 0, -1, 1); L <- L %*% diag(s); Phi <- diag(s) %*% Phi %*% diag(s)
  list(L = L, Phi = Phi)
}
record <- function(case, L, Phi = NULL) {
  for (i in seq_len(nrow(L))) for (j in seq_len(ncol(L))) add(case, colnames(x)[i], j, "loading", L[i, j])
  if (!is.null(Phi)) for (a in seq_len(ncol(Phi))) for (b in seq_len(ncol(Phi))) add(case, "", paste(a, b), "phi", Phi[a, b])
}
ev <- eigen(R)$values
for (j in seq_along(ev)) add("eigen", "", j, "eigenvalue", ev[j])
pc <- unclass(principal(R, 5, rotate = "none")$loadings)
pa <- fa(R, 5, fm = "pa", rotate = "none", n.obs = n)
paL <- unclass(pa$loadings)
for (j in seq_along(pa$communality)) add("paf", colnames(x)[j], "", "communality", pa$communality[j])
for (ext in c("pc", "paf")) {
  L0 <- if (ext == "pc") pc else paL
  c0 <- canon(L0); record(paste(ext, "none", sep = "_"), c0$L)
  v <- varimax(L0); record(paste(ext, "varimax", sep = "_"), canon(unclass(v$loadings))$L)
  p <- promax(L0, m = 4); ui <- solve(p$rotmat); c1 <- canon(unclass(p$loadings), ui %*% t(ui))
  record(paste(ext, "promax", sep = "_"), c1$L, c1$Phi)
  o <- oblimin(L0); c2 <- canon(unclass(o$loadings), o$Phi); record(paste(ext, "oblimin", sep = "_"), c2$L, c2$Phi)
}
# Maximum likelihood: stats::factanal with the optimizer run to its limit (L-BFGS-B with
# factr = 1, pgtol = 0) so that the uniquenesses are the optimum itself, then varimax/promax.
ml <- factanal(covmat = R, factors = 5, n.obs = n, rotation = "none",
               control = list(opt = list(factr = 1, pgtol = 0, maxit = 10000)))
for (j in seq_along(ml$uniquenesses)) add("ml", colnames(x)[j], "", "uniqueness", ml$uniquenesses[j])
mlL <- unclass(ml$loadings)
record("ml_none", canon(mlL)$L)
record("ml_varimax", canon(unclass(varimax(mlL)$loadings))$L)
p <- promax(mlL, m = 4); ui <- solve(p$rotmat); c3 <- canon(unclass(p$loadings), ui %*% t(ui)); record("ml_promax", c3$L, c3$Phi)
# Omega total of each five-item scale (reverse-keyed items reversed as 7 - x, complete cases).
scales <- list(agreeableness = c("-A1", "A2", "A3", "A4", "A5"), conscientiousness = c("C1", "C2", "C3", "-C4", "-C5"),
               extraversion = c("-E1", "-E2", "E3", "E4", "E5"), neuroticism = c("N1", "N2", "N3", "N4", "N5"),
               openness = c("O1", "-O2", "O3", "O4", "-O5"))
for (s in names(scales)) {
  keys <- scales[[s]]; items <- sub("^-", "", keys)
  y <- bfi[, items]; for (k in keys[startsWith(keys, "-")]) y[[sub("^-", "", k)]] <- 7 - y[[sub("^-", "", k)]]
  y <- na.omit(y)
  om <- suppressWarnings(suppressMessages(omega(y, nfactors = 1, fm = "pa", plot = FALSE)))
  add("omega", s, "", "omega_total", om$omega.tot)
}
write.csv(do.call(rbind, rows), "efa.csv", row.names = FALSE, quote = TRUE)
