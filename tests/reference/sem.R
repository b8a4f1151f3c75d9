# Reference for bprstat's structural equation models (bprstat sem, estimate/sem.rs): lavaan's
# sem() with its defaults (ML, expected information, fixed.x), on lavaan's own data sets
# written to ../fixtures/sem/: parameterEstimates() (est, se, z, pvalue, ci.lower, ci.upper,
# std.lv, std.all), standardizedSolution() (se of std.all), inspect(fit, "r2"), the ten
# largest modindices() and
# fitMeasures(), at the optimum (lavaan_polish.R). Run from this folder: Rscript sem.R  (R 4.2.2, lavaan 0.6.14)
suppressPackageStartupMessages(library(lavaan))
source("lavaan_polish.R")
cat("lavaan", as.character(packageVersion("lavaan")), "\n")
write.csv(PoliticalDemocracy, "../fixtures/sem/political_democracy.csv", row.names = FALSE)
hs <- HolzingerSwineford1939[, c("x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9")]
write.csv(hs, "../fixtures/sem/holzinger_swineford.csv", row.names = FALSE)
models <- list(
  # lavaan's tutorial model: three latent variables, two regressions, six residual covariances.
  democracy = list(data = PoliticalDemocracy, std.lv = FALSE, model = "
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + y2 + y3 + y4
    dem65 =~ y5 + y6 + y7 + y8
    dem60 ~ ind60
    dem65 ~ ind60 + dem60
    y1 ~~ y5
    y2 ~~ y4 + y6
    y3 ~~ y7
    y4 ~~ y8
    y6 ~~ y8"),
  # The same with equal loadings over time (labels) and a defined indirect effect.
  equal = list(data = PoliticalDemocracy, std.lv = FALSE, model = "
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + a*y2 + b*y3 + c*y4
    dem65 =~ y5 + a*y6 + b*y7 + c*y8
    dem60 ~ p1*ind60
    dem65 ~ ind60 + p2*dem60
    y1 ~~ y5
    y2 ~~ y4 + y6
    indirect := p1*p2"),
  # Observed mediation with exogenous covariates (fixed.x) and two pure outcomes.
  paths = list(data = PoliticalDemocracy, std.lv = FALSE, model = "
    y1 ~ a*x1 + x2
    y5 ~ b*y1 + cp*x1 + x2
    y6 ~ x1
    ab := a*b
    total := cp + a*b"),
  # Three correlated factors identified by their variances.
  holzinger = list(data = hs, std.lv = TRUE, model = "
    visual =~ x1 + x2 + x3
    textual =~ x4 + x5 + x6
    speed =~ x7 + x8 + x9")
)
# The default study's theory as one model (bprstat's [[sem]] with measurement = "constructs"):
# items cleaned (9, 99 and values outside 1-5 missing) and reverse-keyed (6 - x), listwise.
z <- read.csv("../../data/zhejiang-asc.csv")
zitems <- list(strategy = paste0("SP", 1:4), entrepreneurship = paste0("EN", 1:4), window = paste0("WS", 1:3),
               informatization = paste0("IT", 1:4), cooperation = paste0("DC", 1:4), management = paste0("CM", 1:5),
               linkage = paste0("LK", 1:3), process = paste0("PP", 1:4), result = paste0("RP", 1:4))
for (v in unlist(zitems)) {
  x <- z[[v]]; x[x %in% c(9, 99) | x < 1 | x > 5] <- NA
  z[[v]] <- if (v %in% c("SP4", "EN3", "DC4", "CM5", "PP3")) 6 - x else x
}
factors <- "strategy + entrepreneurship + window + informatization + cooperation + management + linkage"
models$zhejiang <- list(data = z, std.lv = FALSE, model = paste(c(
  sapply(names(zitems), function(k) paste(k, "=~", paste(zitems[[k]], collapse = " + "))),
  paste("process ~", factors), paste("result ~ b*process +", factors)), collapse = "\n"))
rows <- list()
add <- function(case, kind, key, quantity, value) rows[[length(rows) + 1]] <<- data.frame(case = case, kind = kind, key = key, quantity = quantity, value = sprintf("%.17g", value))
for (case in names(models)) {
  m <- models[[case]]
  writeLines(m$model, sprintf("../fixtures/sem/%s.lav", case))
  # (fixed.x = TRUE said again: a fitted model given as start values turns it off)
  refit <- function(start = NULL, method = "nlminb")
    sem(m$model, data = m$data, std.lv = m$std.lv, start = start, optim.method = method, fixed.x = TRUE)
  fit <- polish(refit(), function(start) refit(start, "none"))
  pe <- parameterEstimates(fit, standardized = TRUE)
  ss <- standardizedSolution(fit)
  for (i in seq_len(nrow(pe))) {
    key <- paste(pe$lhs[i], pe$op[i], pe$rhs[i])
    for (q in c("est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.lv", "std.all")) {
      v <- pe[[q]][i]
      if (!is.na(v)) add(case, "par", key, q, v)
    }
    j <- which(ss$lhs == pe$lhs[i] & ss$op == pe$op[i] & ss$rhs == pe$rhs[i])
    if (length(j) == 1 && !is.na(ss$se[j]) && ss$se[j] > 0) add(case, "par", key, "std.se", ss$se[j])
  }
  # The ten largest modification indices (models with latent variables).
  if (length(lavNames(fit, "lv")) > 0) {
    mi <- modindices(fit, sort. = TRUE)[1:10, ]
    for (i in seq_len(nrow(mi))) for (q in c("mi", "epc", "sepc.all"))
      add(case, "mi", paste(mi$lhs[i], mi$op[i], mi$rhs[i]), q, mi[[q]][i])
  }
  r2 <- inspect(fit, "r2")
  for (v in names(r2)) add(case, "r2", v, "r2", r2[[v]])
  fm <- fitMeasures(fit, c("npar", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli",
                           "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue", "srmr", "logl",
                           "unrestricted.logl", "aic", "bic", "ntotal"))
  for (q in names(fm)) add(case, "fit", "", q, fm[[q]])
}
write.csv(do.call(rbind, rows), "sem.csv", row.names = FALSE)
