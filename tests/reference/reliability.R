# Reference for bprstat's reliability tables: the Big Five Inventory items shipped with R's
# psych package (bfi: 2,800 respondents, 25 six-point items), five scales with their
# reverse-keyed items reversed as 7 - x, complete cases per scale (listwise, as SPSS
# RELIABILITY). psych::alpha gives alpha, standardized alpha, G6(smc), average r, alpha if
# dropped and the corrected item-total r (r.drop); psych::smc the squared multiple r; the rest
# is computed directly. Feldt's interval: 1 - (1 - alpha) qf(1 - g/2 | g/2, n-1, (n-1)(k-1)).
# Run from this folder: Rscript reliability.R  (R 4.2.2, psych 2.2.9) -> reliability.csv
suppressPackageStartupMessages(library(psych))
data(bfi, package = "psych")
write.csv(bfi[, 1:25], "../fixtures/bfi.csv", row.names = FALSE, na = "")
scales <- list(agreeableness = c("-A1", "A2", "A3", "A4", "A5"), conscientiousness = c("C1", "C2", "C3", "-C4", "-C5"),
               extraversion = c("-E1", "-E2", "E3", "E4", "E5"), neuroticism = c("N1", "N2", "N3", "N4", "N5"),
               openness = c("O1", "-O2", "O3", "O4", "-O5"))
rows <- list()
add <- function(scale, item, quantity, value) rows[[length(rows) + 1]] <<- data.frame(scale = scale, item = item, quantity = quantity, value = sprintf("%.17g", value))
for (s in names(scales)) {
  keys <- scales[[s]]; items <- sub("^-", "", keys)
  x <- bfi[, items]; for (k in keys[startsWith(keys, "-")]) x[[sub("^-", "", k)]] <- 7 - x[[sub("^-", "", k)]]
  x <- na.omit(x); n <- nrow(x); k <- ncol(x)
  a <- alpha(x, check.keys = FALSE, warnings = FALSE)
  add(s, "", "n_valid", n)
  add(s, "", "alpha", a$total$raw_alpha); add(s, "", "std_alpha", a$total$std.alpha)
  add(s, "", "lambda6", a$total$`G6(smc)`); add(s, "", "mean_inter_item_r", a$total$average_r)
  al <- a$total$raw_alpha
  add(s, "", "alpha_conf_low", 1 - (1 - al) * qf(0.975, n - 1, (n - 1) * (k - 1)))
  add(s, "", "alpha_conf_high", 1 - (1 - al) * qf(0.025, n - 1, (n - 1) * (k - 1)))
  tot <- rowSums(x); add(s, "", "scale_mean", mean(tot)); add(s, "", "scale_variance", var(tot))
  sm <- smc(cor(x))
  for (i in items) {
    add(s, i, "alpha_if_deleted", a$alpha.drop[i, "raw_alpha"])
    add(s, i, "corrected_item_total_r", a$item.stats[i, "r.drop"])
    add(s, i, "squared_multiple_r", sm[[i]])
    add(s, i, "mean", mean(x[[i]])); add(s, i, "sd", sd(x[[i]]))
    add(s, i, "scale_mean_if_deleted", mean(tot - x[[i]])); add(s, i, "scale_variance_if_deleted", var(tot - x[[i]]))
  }
}
write.csv(do.call(rbind, rows), "reliability.csv", row.names = FALSE, quote = TRUE)

# Sampling adequacy of all 25 items (complete cases): psych::KMO and psych::cortest.bartlett.
x <- na.omit(bfi[, 1:25]); R <- cor(x)
km <- KMO(R); bt <- cortest.bartlett(R, n = nrow(x))
extra <- list(data.frame(scale = "all25", item = "", quantity = "n", value = sprintf("%.17g", nrow(x))),
              data.frame(scale = "all25", item = "", quantity = "kmo", value = sprintf("%.17g", km$MSA)),
              data.frame(scale = "all25", item = "", quantity = "bartlett_statistic", value = sprintf("%.17g", bt$chisq)),
              data.frame(scale = "all25", item = "", quantity = "bartlett_df", value = sprintf("%.17g", bt$df)),
              data.frame(scale = "all25", item = "", quantity = "bartlett_p_value", value = sprintf("%.17g", bt$p.value)))
for (i in names(km$MSAi)) extra[[length(extra) + 1]] <- data.frame(scale = "all25", item = i, quantity = "msa", value = sprintf("%.17g", km$MSAi[[i]]))
write.csv(rbind(read.csv("reliability.csv", colClasses = "character"), do.call(rbind, extra)), "reliability.csv", row.names = FALSE, quote = TRUE)
