# Reference for bprstat's PLSpredict (estimate/pls_predict.rs): k-fold cross-validated
# predictions of the endogenous constructs' indicators (Shmueli et al. 2016, 2019), by seminr
# 2.3.1 run from its sources (see pls_mobi.R) on its `mobi` data, ECSI model, path weighting.
# For each repetition r and fold f, the model is estimated on the other folds
# (estimate_pls, stop criterion 1e-13) and the held-out rows predicted by seminr's own
# predict() with predict_DA (direct antecedents, seminr's default) or predict_EA (earliest
# antecedents). The fold of every row in every repetition is written to
# ../fixtures/pls/mobi_folds.csv so that the Rust test uses the same folds.
# Where this script departs from seminr's predict_pls(), deliberately:
#  * each repetition draws a new shuffle (predict_pls shuffles once and then repeats the same
#    folds `reps` times, so its repetitions are identical);
#  * the linear benchmark regresses each endogenous indicator on the indicators of the
#    exogenous constructs (Shmueli et al. 2019, as SmartPLS; predict_pls uses every other
#    indicator of the model, downstream ones included);
#  * Q²predict = 1 - Σ(y - ŷ)² / Σ(y - ȳ_train)², ȳ_train the mean of the training folds
#    (Shmueli et al. 2019; seminr has none).
# Predictions are averaged over repetitions, then RMSE = √mean(e²), MAE = mean|e|.
# Run from this folder: SEMINR_R=/path/to/seminr/R Rscript pls_predict.R   (R 4.2.2)
source("pls_mobi.R")
mobi <- read.csv("../fixtures/pls/mobi.csv")
n <- nrow(mobi); k <- 10; reps <- 3
set.seed(20261129)
folds <- matrix(0L, n, reps, dimnames = list(NULL, paste0("rep", 1:reps)))
for (r in 1:reps) {
  order <- sample(n)
  folds[order, r] <- cut(seq_len(n), breaks = k, labels = FALSE)
}
write.csv(folds, "../fixtures/pls/mobi_folds.csv", row.names = FALSE)

cases <- list(
  da = list(mm = mobi_mm("composite"), technique = predict_DA),
  ea = list(mm = mobi_mm("composite"), technique = predict_EA),
  modeb_da = list(mm = mobi_mm("composite", c("Image", "Value")), technique = predict_DA))
full <- suppressMessages(estimate_pls(mobi, cases$da$mm, mobi_sm))
endo <- unique(mobi_sm[, "target"])
exo <- setdiff(unique(mobi_sm[, "source"]), endo)
mm_of <- function(cs) full$mmMatrix[full$mmMatrix[, "construct"] %in% cs, "measurement"]
endo_items <- as.character(mm_of(endo))
exo_items <- as.character(mm_of(exo))

out <- list()
add <- function(case, item, quantity, value) out[[length(out) + 1]] <<- data.frame(case = case, item = item, quantity = quantity, value = sprintf("%.17g", value))
for (case in names(cases)) {
  cs <- cases[[case]]
  pls <- lm_ <- naive <- matrix(0, n, length(endo_items), dimnames = list(NULL, endo_items))
  for (r in 1:reps) for (f in 1:k) {
    test <- which(folds[, r] == f); train <- which(folds[, r] != f)
    m <- suppressMessages(estimate_pls(mobi[train, ], cs$mm, mobi_sm, stopCriterion = 13))
    p <- predict.seminr_model(m, mobi[test, ], technique = cs$technique)$predicted_items
    pls[test, ] <- pls[test, ] + as.matrix(p[, endo_items])
    for (y in endo_items) {
      d <- mobi[, c(y, exo_items)]
      fit <- lm(as.formula(paste(y, "~ .")), data = d[train, ])
      lm_[test, y] <- lm_[test, y] + predict(fit, newdata = d[test, ])
      naive[test, y] <- naive[test, y] + mean(mobi[train, y])
    }
  }
  pls <- pls / reps; lm_ <- lm_ / reps; naive <- naive / reps
  for (y in endo_items) {
    e <- mobi[, y] - pls[, y]; el <- mobi[, y] - lm_[, y]; e0 <- mobi[, y] - naive[, y]
    add(case, y, "q2predict", 1 - sum(e^2) / sum(e0^2))
    add(case, y, "rmse", sqrt(mean(e^2)))
    add(case, y, "mae", mean(abs(e)))
    add(case, y, "lm_rmse", sqrt(mean(el^2)))
    add(case, y, "lm_mae", mean(abs(el)))
    add(case, y, "lm_q2predict", 1 - sum(el^2) / sum(e0^2))
  }
}
res <- do.call(rbind, out)
write.csv(res, "pls_predict.csv", row.names = FALSE, quote = FALSE)
cat(nrow(res), "values\n")
