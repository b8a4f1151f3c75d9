# Reference for bprstat's PLS SRMR (PlsSpec::srmr in estimate/pls.rs): cSEM (Rademaker &
# Schuberth; repository FloSchuberth/cSEM at 1aa2be56, 0.6.1.9000) run from its sources, as
# CRAN's cSEM is not available for Debian's R 4.2: `git archive HEAD R | tar -x`, then
# `sed -i 's/matrixcalc:://g; s/expm::sqrtm/sqrtm_stub/g' R/*.R`; set CSEM_R to that folder.
# The stubs below stand in for the two packages Debian lacks (matrixcalc, expm); only the
# positive-definiteness check of verify() is on the path used here. The same sources give
# cSEM's own unit-test value (tests/testthat/test-assess.R: SRMR 0.01521318 on
# threecommonfactors): 0.01521317832.
# cSEM's SRMR (helper_assess.R calculateSRMR, csem_fit.R fit): the lower triangle with the
# diagonal of cor(S) - cor(Σ̂); Σ̂ within a composite's block is S, within a common factor's
# λλ'; saturated: construct correlations as estimated; estimated: implied by the paths.
# Cases, on seminr's mobi data and ECSI model, path weighting, tolerance 1e-12:
#  pls      — PLS: every block a composite (written <~ with Mode A, so that cSEM implies
#             composites; with =~ and .disattenuate = FALSE cSEM would imply common factors
#             from composite loadings, a mixture bprstat does not report);
#  modeb    — PLS with Image and Value Mode B;
#  plsc     — PLSc: =~ blocks common factors (cSEM's default, disattenuated);
#  modeb_plsc — PLSc with Image and Value composites (<~, Mode B).
# Run from this folder: CSEM_R=/path/to/cSEM/R Rscript pls_srmr.R   (R 4.2.2)
suppressMessages({library(magrittr); library(crayon); library(cli); library(matrixStats)
                  library(rlang, warn.conflicts = FALSE)})
is.square.matrix <- function(x) nrow(x) == ncol(x)
is.symmetric.matrix <- function(x) is.matrix(x) && is.square.matrix(x) && all(x == t(x))
matrix.trace <- function(x) sum(diag(x))
is.positive.semi.definite <- function(x, tol = 1e-8) {
  ev <- eigen(x, only.values = TRUE)$values
  ev[abs(ev) < tol] <- 0
  !any(ev < 0)
}
sqrtm_stub <- function(x) { e <- eigen(x, symmetric = TRUE); e$vectors %*% diag(sqrt(pmax(e$values, 0))) %*% t(e$vectors) }
for (f in list.files(Sys.getenv("CSEM_R", "/tmp/csem_src"), full.names = TRUE, pattern = "\\.R$"))
  sys.source(f, envir = globalenv())

d <- read.csv("../fixtures/pls/mobi.csv")
lav <- paste(readLines("../fixtures/pls/mobi.lav"), collapse = "\n")
lav_b <- paste(readLines("../fixtures/pls/mobi_modeb.lav"), collapse = "\n")
composites <- function(x) gsub("=~", "<~", x, fixed = TRUE)
modes_b <- list(Image = "modeB", Value = "modeB", Expectation = "modeA", Quality = "modeA",
                Satisfaction = "modeA", Complaints = "modeA", Loyalty = "modeA")
cases <- list(
  pls = list(composites(lav), .PLS_modes = "modeA"),
  modeb = list(composites(lav_b), .PLS_modes = modes_b),
  plsc = list(lav),
  modeb_plsc = list(lav_b))
out <- NULL
for (case in names(cases)) {
  r <- do.call(csem, c(list(d), cases[[case]], list(.PLS_weight_scheme_inner = "path",
                                                      .tolerance = 1e-12, .iter_max = 1000)))
  sat <- calculateSRMR(r, .saturated = TRUE); est <- calculateSRMR(r, .saturated = FALSE)
  cat(case, "saturated", sat, "estimated", est, "\n")
  out <- rbind(out, data.frame(case = case, quantity = c("srmr_saturated", "srmr_estimated"),
                               value = sprintf("%.17g", c(sat, est))))
}
write.csv(out, "pls_srmr.csv", row.names = FALSE, quote = FALSE)
