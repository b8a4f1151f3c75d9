# Reference for bprstat's composite evaluation indices (estimate::composite; the default
# study's [[benchmark.composite]]), computed here from the published formulas.
#
# Part 1, a worked example from the literature: the fighter-aircraft decision matrix of
# Hwang & Yoon (1981), Multiple Attribute Decision Making, Springer LNEMS 186 (four aircraft;
# maximum speed (Mach), ferry range (NM), maximum payload (lb), acquisition cost ($10^6, lower
# is better), reliability and maneuverability rated 3 low / 5 average / 7 high / 9 very high).
# - entropy on the raw matrix as Hwang & Yoon do (p_ij = x_ij / sum_i x_ij), and on the
#   min-max normalised matrix (cost reversed) as the entropy weight method is used in China;
# - CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995) on the min-max normalised matrix:
#   C_j = sd_j * sum_k (1 - r_jk);
# - first principal component: squared leading eigenvector of the correlation matrix of the
#   (oriented) columns (OECD/JRC 2008 Handbook on Constructing Composite Indicators);
# - the min-max index 100 * sum_j w_j s_ij with the entropy weights.
# Part 2, the default study's index "evaluation": center means of the construct scores
# process and result (scored as in benchmark.R), the centers' on_time_rate and
# processing_days (lower is better) from data/zhejiang-centers.csv, min-max, entropy weights,
# 100 points, + commendations - complaints.
# Run from this folder: Rscript composite.R  (R 4.2.2)
fmt <- function(v) sprintf("%.17g", v)
rows <- list()
add <- function(case, quantity, term, value)
  rows[[length(rows) + 1]] <<- data.frame(case = case, quantity = quantity, term = term, value = fmt(value))
entropy <- function(R) {
  P <- sweep(R, 2, colSums(R), "/")
  e <- -colSums(ifelse(P > 0, P * log(P), 0)) / log(nrow(R))
  (1 - e) / sum(1 - e)
}
minmax <- function(X, cost) {
  sapply(seq_len(ncol(X)), function(j) {
    x <- X[, j]; r <- max(x) - min(x)
    if (cost[j]) (max(x) - x) / r else (x - min(x)) / r
  })
}
critic <- function(R) {
  C <- apply(R, 2, sd) * colSums(1 - cor(R))
  C / sum(C)
}
pca <- function(R) {
  v <- eigen(cor(R), symmetric = TRUE)$vectors[, 1]
  v^2 / sum(v^2)
}

X <- matrix(c(2.0, 1500, 20000, 5.5, 5, 9,
              2.5, 2700, 18000, 6.5, 3, 5,
              1.8, 2000, 21000, 4.5, 7, 7,
              2.2, 1800, 20000, 5.0, 5, 5), 4, byrow = TRUE)
cost <- c(FALSE, FALSE, FALSE, TRUE, FALSE, FALSE)
R <- minmax(X, cost)
w_raw <- entropy(X); w_ent <- entropy(R); w_cri <- critic(R); w_pca <- pca(R)
for (j in 1:6) {
  add("aircraft", "entropy_raw", j, w_raw[j])
  add("aircraft", "entropy", j, w_ent[j])
  add("aircraft", "critic", j, w_cri[j])
  add("aircraft", "pca", j, w_pca[j])
}
idx <- 100 * R %*% w_ent
for (i in 1:4) add("aircraft", "index", i, idx[i])

d <- read.csv("../../data/zhejiang-asc.csv", encoding = "UTF-8")
constructs <- list(process = list(items = paste0("PP", 1:4), rev = "PP3"),
                   result = list(items = paste0("RP", 1:4), rev = character()))
for (c in names(constructs)) {
  it <- constructs[[c]]$items
  m <- sapply(it, function(v) { x <- d[[v]]; x[x %in% c(9, 99) | x < 1 | x > 5] <- NA
                                if (v %in% constructs[[c]]$rev) 6 - x else x })
  k <- rowSums(!is.na(m))
  d[[c]] <- ifelse(k >= length(it) - 1, rowMeans(m, na.rm = TRUE), NA)   # min_items = items - 1
}
ids <- sort(unique(d$center_id))
means <- data.frame(center_id = ids,
                    process = as.vector(tapply(d$process, d$center_id, mean, na.rm = TRUE)[as.character(ids)]),
                    result = as.vector(tapply(d$result, d$center_id, mean, na.rm = TRUE)[as.character(ids)]))
cen <- merge(means, read.csv("../../data/zhejiang-centers.csv", encoding = "UTF-8"), by = "center_id")
V <- as.matrix(cen[, c("process", "result", "on_time_rate", "processing_days")])
S <- minmax(V, c(FALSE, FALSE, FALSE, TRUE))
w <- entropy(S)
for (j in 1:4) add("evaluation", "weight", colnames(V)[j], w[j])
index <- 100 * S %*% w + cen$commendations - cen$complaints
for (i in seq_len(nrow(cen))) {
  add("evaluation", "index", cen$center_id[i], index[i])
  add("evaluation", "process", cen$center_id[i], V[i, 1])
  add("evaluation", "result", cen$center_id[i], V[i, 2])
}
# Part 3, the other normalisations and weights on the same four components (the study of
# tests/composite.rs): "zcritic" z-scores (sd with n - 1, processing_days reversed) with
# CRITIC weights (computed on the min-max matrix), index sum_j w_j z_ij; "goalposts" target
# normalisation clamp((x - floor) / (target - floor), 0, 1) with given weights 2:1:1:1,
# 100 points, minus complaints; "pca" min-max with first-principal-component weights.
Z <- sapply(1:4, function(j) { z <- (V[, j] - mean(V[, j])) / sd(V[, j]); if (j == 4) -z else z })
wc <- critic(S)
zi <- Z %*% wc
floor <- c(1, 1, 50, 10); target <- c(5, 5, 100, 2)
G <- sapply(1:4, function(j) pmin(pmax((V[, j] - floor[j]) / (target[j] - floor[j]), 0), 1))
wg <- c(2, 1, 1, 1) / 5
gi <- 100 * G %*% wg - cen$complaints
wp <- pca(S)
pidx <- 100 * S %*% wp
for (j in 1:4) {
  add("zcritic", "weight", colnames(V)[j], wc[j])
  add("goalposts", "weight", colnames(V)[j], wg[j])
  add("pca", "weight", colnames(V)[j], wp[j])
}
for (i in seq_len(nrow(cen))) {
  add("zcritic", "index", cen$center_id[i], zi[i])
  add("goalposts", "index", cen$center_id[i], gi[i])
  add("pca", "index", cen$center_id[i], pidx[i])
}
write.csv(do.call(rbind, rows), "composite.csv", row.names = FALSE)
cat(sprintf("entropy (Hwang & Yoon, raw): %s\n", paste(round(w_raw, 4), collapse = " ")))
