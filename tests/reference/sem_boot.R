# Reference for bprstat's bootstrap intervals of SEM parameters (study/sem.rs, --boot):
# lavaan 0.6.14's nonparametric bootstrap (se = "bootstrap", 5,000 resamples of the rows)
# with percentile intervals (parameterEstimates(boot.ci.type = "perc")) for the Political
# Democracy model with equal loadings and a defined indirect effect. A bootstrap agrees only
# within Monte-Carlo error: the test allows 0.25 of the (bootstrap) SE for each bound, about
# four times the MC error of the difference of two 5,000-resample percentiles.
# Run from this folder: Rscript sem_boot.R  (R 4.2.2, lavaan 0.6.14)
suppressPackageStartupMessages(library(lavaan))
set.seed(2008)
m <- paste(readLines("../fixtures/sem/equal.lav"), collapse = "\n")
fit <- sem(m, data = PoliticalDemocracy, se = "bootstrap", bootstrap = 5000)
pe <- parameterEstimates(fit, boot.ci.type = "perc")
rows <- list()
for (i in seq_len(nrow(pe))) {
  if (is.na(pe$se[i]) || pe$se[i] == 0) next
  key <- paste(pe$lhs[i], pe$op[i], pe$rhs[i])
  for (q in c("se", "ci.lower", "ci.upper"))
    rows[[length(rows) + 1]] <- data.frame(key = key, quantity = q, value = sprintf("%.17g", pe[[q]][i]))
}
write.csv(do.call(rbind, rows), "sem_boot.csv", row.names = FALSE)
