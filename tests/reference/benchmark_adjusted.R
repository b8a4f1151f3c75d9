# Reference for bprstat's case-mix-adjusted league tables (study/multilevel.rs, [benchmark]
# adjust / center_data / center_adjust): lme4's lmer() (REML) of math achievement on student
# covariates (SES, minority, sex) and school covariates (sector, size) with a random
# intercept for school, on the High School and Beyond data as R's nlme package ships them
# (MathAchieve, 7,185 students; MathAchSchool, 160 schools), written here to
# ../fixtures/hsb/students.csv and ../fixtures/hsb/schools.csv (the school file carries the
# school-level columns, as an evaluation office's center file would).
# Recorded: fixed effects and SEs, variance components, REML criterion, and per school the
# conditional mode, its conditional SD (condVar) and the adjusted score: the fixed part at the
# average student (the model matrix's column means) plus the school's effect.
# Run from this folder: Rscript benchmark_adjusted.R
suppressPackageStartupMessages({ library(lme4); library(nlme) })
cat("lme4", as.character(packageVersion("lme4")), "\n")
s <- as.data.frame(MathAchieve)
st <- data.frame(School = as.character(s$School), Minority = as.character(s$Minority),
                 Sex = as.character(s$Sex), SES = s$SES, MathAch = s$MathAch)
sc <- as.data.frame(MathAchSchool)
sch <- data.frame(School = as.character(sc$School), Size = sc$Size, Sector = as.character(sc$Sector),
                  PRACAD = sc$PRACAD, DISCLIM = sc$DISCLIM, HIMINTY = as.character(sc$HIMINTY),
                  MEANSES = sc$MEANSES)
write.csv(st, "../fixtures/hsb/students.csv", row.names = FALSE)
write.csv(sch, "../fixtures/hsb/schools.csv", row.names = FALSE)
st <- read.csv("../fixtures/hsb/students.csv")
sch <- read.csv("../fixtures/hsb/schools.csv")
d <- merge(st, sch, by = "School")
fit <- lmer(MathAch ~ SES + Minority + Sex + Sector + Size + (1 | School), data = d, REML = TRUE,
            control = lmerControl(optimizer = "nloptwrap", optCtrl = list(xtol_abs = 1e-12, ftol_abs = 1e-14)))
rows <- list()
add <- function(kind, key, quantity, value) rows[[length(rows) + 1]] <<- data.frame(kind = kind, key = key, quantity = quantity, value = sprintf("%.17g", value))
cf <- summary(fit)$coefficients
for (t in rownames(cf)) { add("fixed", t, "estimate", cf[t, 1]); add("fixed", t, "se", cf[t, 2]) }
vc <- as.data.frame(VarCorr(fit))
add("variance", "School", "variance", vc$vcov[1]); add("variance", "Residual", "variance", vc$vcov[2])
add("fit", "", "reml", REMLcrit(fit)); add("fit", "", "nobs", nobs(fit)); add("fit", "", "ngroups", ngrps(fit))
re <- ranef(fit, condVar = TRUE)$School
sd <- sqrt(attr(re, "postVar")[1, 1, ])
at <- sum(colMeans(model.matrix(fit)) * fixef(fit))
add("fit", "", "average", at)
for (i in seq_len(nrow(re))) {
  k <- rownames(re)[i]
  add("school", k, "mode", re[i, 1]); add("school", k, "cond_sd", sd[i]); add("school", k, "score", at + re[i, 1])
}
write.csv(do.call(rbind, rows), "benchmark_adjusted.csv", row.names = FALSE)
