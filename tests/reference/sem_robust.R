# Reference for bprstat's robust SEM standard errors and scaled tests (estimate/sem/robust.rs):
# lavaan 0.6.14's sem() with estimator = "MLR" (Huber-White sandwich on the observed, Hessian
# information; Yuan-Bentler scaled test, Mplus variant) and with cluster = (cluster-robust
# sandwich, meanstructure, the test's bread from the h1 observed information), on lavaan's own
# data sets and the default study. Written: parameterEstimates() (est, se, z, pvalue, ci.lower,
# ci.upper, std.all), standardizedSolution()'s se, and fitMeasures() incl. the .scaled and
# .robust indices. Run from this folder: Rscript sem_robust.R  (R 4.2.2, lavaan 0.6.14)
suppressPackageStartupMessages(library(lavaan))
source("lavaan_polish.R")
cat("lavaan", as.character(packageVersion("lavaan")), "\n")
write.csv(Demo.twolevel[, c("y1", "y2", "y3", "y4", "x1", "x2", "x3", "cluster")],
          "../fixtures/sem/demo_twolevel.csv", row.names = FALSE)
lav <- function(case) paste(readLines(sprintf("../fixtures/sem/%s.lav", case)), collapse = "\n")
z <- read.csv("../../data/zhejiang-asc.csv")
zitems <- list(strategy = paste0("SP", 1:4), entrepreneurship = paste0("EN", 1:4), window = paste0("WS", 1:3),
               informatization = paste0("IT", 1:4), cooperation = paste0("DC", 1:4), management = paste0("CM", 1:5),
               linkage = paste0("LK", 1:3), process = paste0("PP", 1:4), result = paste0("RP", 1:4))
for (v in unlist(zitems)) {
  x <- z[[v]]; x[x %in% c(9, 99) | x < 1 | x > 5] <- NA
  z[[v]] <- if (v %in% c("SP4", "EN3", "DC4", "CM5", "PP3")) 6 - x else x
}
twolevel <- "
  f =~ y1 + y2 + y3
  f ~ a*x1 + x2 + x3
  y4 ~ b*f + x1
  ind := a*b"
writeLines(twolevel, "../fixtures/sem/twolevel.lav")
cases <- list(
  democracy_mlr = list(data = PoliticalDemocracy, model = lav("democracy"), estimator = "MLR", cluster = NULL),
  equal_mlr = list(data = PoliticalDemocracy, model = lav("equal"), estimator = "MLR", cluster = NULL),
  paths_mlr = list(data = PoliticalDemocracy, model = lav("paths"), estimator = "MLR", cluster = NULL),
  twolevel_cluster = list(data = Demo.twolevel, model = twolevel, estimator = "ML", cluster = "cluster"),
  zhejiang_cluster = list(data = z, model = lav("zhejiang"), estimator = "ML", cluster = "center_id")
)
rows <- list()
add <- function(case, kind, key, quantity, value) rows[[length(rows) + 1]] <<- data.frame(case = case, kind = kind, key = key, quantity = quantity, value = sprintf("%.17g", value))
for (case in names(cases)) {
  m <- cases[[case]]
  # (fixed.x = TRUE said again: a fitted model given as start values turns it off)
  refit <- function(start = NULL, method = "nlminb") {
    if (is.null(m$cluster)) sem(m$model, data = m$data, estimator = m$estimator, start = start, optim.method = method, fixed.x = TRUE)
    else sem(m$model, data = m$data, estimator = m$estimator, cluster = m$cluster, start = start, optim.method = method, fixed.x = TRUE)
  }
  fit <- polish(refit(), function(start) refit(start, "none"))
  pe <- parameterEstimates(fit, standardized = TRUE)
  ss <- standardizedSolution(fit)
  for (i in seq_len(nrow(pe))) {
    if (pe$op[i] == "~1") next
    key <- paste(pe$lhs[i], pe$op[i], pe$rhs[i])
    for (q in c("est", "se", "z", "pvalue", "ci.lower", "ci.upper", "std.all")) {
      v <- pe[[q]][i]
      if (!is.na(v)) add(case, "par", key, q, v)
    }
    j <- which(ss$lhs == pe$lhs[i] & ss$op == pe$op[i] & ss$rhs == pe$rhs[i])
    if (length(j) == 1 && !is.na(ss$se[j]) && ss$se[j] > 0) add(case, "par", key, "std.se", ss$se[j])
  }
  fm <- fitMeasures(fit, c("npar", "chisq", "df", "pvalue", "chisq.scaled", "chisq.scaling.factor", "pvalue.scaled",
                           "baseline.chisq", "baseline.df", "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
                           "cfi", "tli", "cfi.scaled", "tli.scaled", "cfi.robust", "tli.robust",
                           "rmsea", "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled",
                           "rmsea.pvalue.scaled", "rmsea.robust", "rmsea.ci.lower.robust",
                           "rmsea.ci.upper.robust", "rmsea.pvalue.robust", "srmr", "logl", "aic", "bic",
                           "ntotal"))
  for (q in names(fm)) add(case, "fit", "", q, fm[[q]])
  if (!is.null(m$cluster)) add(case, "fit", "", "nclusters", length(unique(m$data[[m$cluster]][lavInspect(fit, "case.idx")])))
}
write.csv(do.call(rbind, rows), "sem_robust.csv", row.names = FALSE)
