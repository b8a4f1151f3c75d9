# Reference for bprstat's bootstrap under full-information ML (study/sem.rs, --boot with
# --missing-data fiml): lavaan 0.6.14's nonparametric bootstrap (se = "bootstrap", 5,000
# resamples of the rows, each refitted by FIML) with percentile intervals
# (parameterEstimates(boot.ci.type = "perc")) for the Political Democracy model with equal
# loadings and a defined indirect effect, on the data with 6 answers per variable removed
# (../fixtures/sem/political_democracy_missing.csv, written by sem_fiml.R). A bootstrap agrees
# only within Monte-Carlo error; the test says how much.
# Run from this folder: Rscript sem_boot_fiml.R  (R 4.2.2, lavaan 0.6.14)
suppressPackageStartupMessages(library(lavaan))
set.seed(2008)
m <- paste(readLines("../fixtures/sem/equal.lav"), collapse = "\n")
d <- read.csv("../fixtures/sem/political_democracy_missing.csv")
fit <- sem(m, data = d, missing = "fiml", se = "bootstrap", bootstrap = 5000)
cat("failed resamples:", 5000 - nrow(lavInspect(fit, "boot")), "\n")
pe <- parameterEstimates(fit, boot.ci.type = "perc")
rows <- list()
for (i in seq_len(nrow(pe))) {
  if (pe$op[i] == "~1" || is.na(pe$se[i]) || pe$se[i] == 0) next
  key <- paste(pe$lhs[i], pe$op[i], pe$rhs[i])
  for (q in c("se", "ci.lower", "ci.upper"))
    rows[[length(rows) + 1]] <- data.frame(key = key, quantity = q, value = sprintf("%.17g", pe[[q]][i]))
}
write.csv(do.call(rbind, rows), "sem_boot_fiml.csv", row.names = FALSE)
