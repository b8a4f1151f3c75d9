# Reference for bprstat's SPSS-style variable selection and hierarchical regression, on R's
# built-in `attitude` data (30 departments of a financial organization; written to
# ../fixtures/attitude.csv). SPSS itself is not available here: this script is an independent
# implementation of the rules in IBM SPSS Statistics Algorithms (REGRESSION): removal
# considered before entry; enter the smallest Probability-of-F-to-enter if <= PIN and the
# tolerance tests (>= 1e-4) pass; remove the largest Probability-of-F-to-remove if >= POUT.
# Every fit is R's lm(). Run from this folder: Rscript selection.R  (R 4.2.2)
# Output: selection.csv (case, step, kind, term, quantity, value).
write.csv(attitude, "../fixtures/attitude.csv", row.names = FALSE)
rows <- list()
add <- function(case, step, kind, term, quantity, value)
  rows[[length(rows) + 1]] <<- data.frame(case = case, step = step, kind = kind, term = term,
                                          quantity = quantity, value = sprintf("%.17g", value))
d <- attitude; y <- "learning"; cands <- c("rating", "complaints", "privileges", "raises", "critical", "advance")
fitm <- function(vars) lm(reformulate(if (length(vars)) vars else "1", y), data = d)
tolerance <- function(x, vars) { vars <- setdiff(vars, x); if (!length(vars)) return(1)
  1 - summary(lm(reformulate(vars, x), data = d))$r.squared }
record <- function(case, step, inm) {
  m <- fitm(inm); ct <- summary(m)$coefficients
  for (t in rownames(ct)) { add(case, step, "coef", t, "estimate", ct[t, 1]); add(case, step, "coef", t, "std_error", ct[t, 2]) }
  add(case, step, "model", "", "r_squared", summary(m)$r.squared)
  for (x in setdiff(cands, inm)) {                    # SPSS "Excluded Variables"
    m2 <- fitm(c(inm, x)); t <- summary(m2)$coefficients[x, 3]; df <- m2$df.residual
    add(case, step, "excluded", x, "beta_in", coef(m2)[x] * sd(d[[x]]) / sd(d[[y]]))
    add(case, step, "excluded", x, "statistic", t)
    add(case, step, "excluded", x, "p_value", summary(m2)$coefficients[x, 4])
    add(case, step, "excluded", x, "partial_correlation", t / sqrt(t^2 + df))
    add(case, step, "excluded", x, "tolerance", tolerance(x, inm))
    add(case, step, "excluded", x, "min_tolerance", min(sapply(c(inm, x), tolerance, vars = c(inm, x))))
  }
}
select <- function(case, method, pin = 0.05, pout = 0.10) {
  inm <- if (method == "backward") cands else character(); step <- 0
  if (method == "backward") { step <- 1; add(case, step, "entered", "ALL", "step", 1); record(case, step, inm) }
  repeat {
    m <- fitm(inm); did <- FALSE
    if (method %in% c("stepwise", "backward") && length(inm)) {
      p <- summary(m)$coefficients[inm, 4]
      if (max(p) >= pout) { worst <- inm[which.max(p)]; inm <- setdiff(inm, worst); step <- step + 1
        add(case, step, "removed", worst, "step", step); record(case, step, inm); did <- TRUE }
    }
    if (!did && method %in% c("stepwise", "forward")) {
      best <- NULL; bestp <- Inf
      for (x in setdiff(cands, inm)) {
        if (tolerance(x, inm) < 1e-4 || any(sapply(c(inm, x), tolerance, vars = c(inm, x)) < 1e-4)) next
        p <- summary(fitm(c(inm, x)))$coefficients[x, 4]
        if (p < bestp) { bestp <- p; best <- x }
      }
      if (!is.null(best) && bestp <= pin) { inm <- c(inm, best); step <- step + 1
        add(case, step, "entered", best, "step", step); record(case, step, inm); did <- TRUE }
    }
    if (!did) break
  }
}
select("stepwise", "stepwise")   # enters raises, rating, advance, then removes raises
select("forward", "forward")
select("backward", "backward")

# Hierarchical blocks: block 1 = rating + complaints, block 2 = the other four; R2 change and
# F change are anova() of the nested models.
m1 <- lm(learning ~ rating + complaints, data = d)
m2 <- lm(learning ~ rating + complaints + privileges + raises + critical + advance, data = d)
a <- anova(m1, m2)
add("blocks", 1, "model", "", "r_squared", summary(m1)$r.squared)
add("blocks", 1, "model", "", "f_change", summary(m1)$fstatistic[["value"]])
add("blocks", 2, "model", "", "r_squared", summary(m2)$r.squared)
add("blocks", 2, "model", "", "r_squared_change", summary(m2)$r.squared - summary(m1)$r.squared)
add("blocks", 2, "model", "", "f_change", a$F[2]); add("blocks", 2, "model", "", "df1", a$Df[2])
add("blocks", 2, "model", "", "df2", a$Res.Df[2]); add("blocks", 2, "model", "", "p_change", a$`Pr(>F)`[2])
write.csv(do.call(rbind, rows), "selection.csv", row.names = FALSE, quote = TRUE)
