# Reference for bprstat's PLS-SEM (bprstat pls, estimate/pls.rs): seminr 2.3.1 (Ray, Danks &
# Calero Valdez), run from its sources (repository sem-in-r/seminr at ae2524a, the R/ folder
# with "seminr::" removed so that it runs unpackaged; set SEMINR_R to that folder), on its
# bundled ECSI data set `mobi` (250 rows; written to ../fixtures/pls/mobi.csv). The iteration
# is run to a stop criterion of 1e-13 (seminr's default is 1e-7; bprstat converges further).
# Quantities: outer weights and loadings, path coefficients, R², adjusted R², f² (seminr
# re-estimates the model without the path, as SmartPLS), total and total indirect effects,
# Cronbach's α, ρA, ρC, AVE, HTMT, item and antecedent VIFs, cross-loadings, construct
# correlations; HTMT2 (Roemer, Schuberth & Henseler 2021: geometric means of the item
# correlations) is computed here from its formula, seminr has none.
# Run from this folder: SEMINR_R=/path/to/seminr/R Rscript pls.R   (R 4.2.2)
source("pls_mobi.R")
load(file.path(src, "..", "data", "mobi.rda"))
write.csv(mobi, "../fixtures/pls/mobi.csv", row.names = FALSE)

sm <- mobi_sm
mm <- mobi_mm
cases <- list(
  path = list(mm = mm("composite"), inner = path_weighting),
  modeb = list(mm = mm("composite", c("Image", "Value")), inner = path_weighting),
  factorial = list(mm = mm("composite"), inner = path_factorial),
  plsc = list(mm = mm("reflective"), inner = path_weighting))

rows <- list()
add <- function(case, kind, key, quantity, value) rows[[length(rows) + 1]] <<- data.frame(case = case, kind = kind, key = key, quantity = quantity, value = sprintf("%.17g", value))
mat <- function(case, kind, m, skip_zero = TRUE) {
  for (i in rownames(m)) for (j in colnames(m)) {
    v <- m[i, j]
    if (is.na(v) || (skip_zero && v == 0)) next
    add(case, kind, paste(i, j, sep = " -> "), "value", v)
  }
}
geo <- function(x) exp(mean(log(x)))
htmt2 <- function(data, items) {
  k <- names(items); out <- matrix(NA, length(k), length(k), dimnames = list(k, k))
  R <- abs(cor(data))  # absolute correlations, as seminr's HTMT (negative ones have no geometric mean)
  mono <- function(a) { if (length(a) == 1) return(1); r <- R[a, a]; geo(r[upper.tri(r)]) }
  for (i in seq_along(k)) for (j in seq_along(k)) if (i < j)
    out[k[i], k[j]] <- geo(R[items[[i]], items[[j]]]) / sqrt(mono(items[[i]]) * mono(items[[j]]))
  out
}
for (case in names(cases)) {
  cs <- cases[[case]]
  m <- suppressMessages(estimate_pls(mobi, cs$mm, sm, inner_weights = cs$inner, stopCriterion = 13))
  s <- suppressMessages(summary(m))
  cat(case, "iterations", m$iterations, "weight change", m$weightDiff, "\n")
  mat(case, "weight", m$outer_weights)
  mat(case, "loading", m$outer_loadings)
  mat(case, "path", m$path_coef)
  for (j in colnames(m$rSquared)) {
    add(case, "r2", j, "value", m$rSquared["Rsq", j])
    add(case, "adjr2", j, "value", m$rSquared["AdjRsq", j])
  }
  mat(case, "f2", unclass(s$fSquare))
  mat(case, "total", total_effects(m$path_coef))
  mat(case, "indirect", total_indirect_effects(m$path_coef))
  rel <- unclass(s$reliability)
  for (j in rownames(rel)) for (q in c("alpha", "rhoC", "AVE", "rhoA")) add(case, "reliability", j, q, rel[j, q])
  mat(case, "htmt", t(unclass(s$validity$htmt)))
  items <- lapply(split(m$mmMatrix[, "measurement"], m$mmMatrix[, "construct"]), as.character)
  items <- items[m$constructs]
  mat(case, "htmt2", htmt2(m$data, items))
  for (j in names(s$validity$vif_items)) {
    v <- s$validity$vif_items[[j]]
    for (it in names(v)) add(case, "vif_item", paste(it, j, sep = " -> "), "value", v[[it]])
  }
  for (j in names(s$vif_antecedents)) {
    v <- s$vif_antecedents[[j]]
    for (it in names(v)) if (!is.na(v[[it]])) add(case, "vif_inner", paste(it, j, sep = " -> "), "value", v[[it]])
  }
  mat(case, "cross", unclass(s$validity$cross_loadings), skip_zero = FALSE)
  mat(case, "cor", cor(m$construct_scores), skip_zero = FALSE)
}
write.csv(do.call(rbind, rows), "pls.csv", row.names = FALSE)
