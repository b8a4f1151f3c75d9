# Shared by pls.R, pls_boot.R and pls_bca.R: seminr 2.3.1 loaded from its sources (repository
# sem-in-r/seminr at ae2524a, the R/ folder with "seminr::" removed so that it runs
# unpackaged; SEMINR_R names that folder) and the ECSI model of its `mobi` data: seven
# constructs, twelve paths (seminr's own example).
src <- Sys.getenv("SEMINR_R", "/tmp/seminr/R")
for (f in list.files(src, full.names = TRUE)) source(f)
seminr_info <- function() list(pkgname = "seminr", version = "2.3.1")
mobi_sm <- relationships(
  paths(from = "Image",        to = c("Expectation", "Satisfaction", "Loyalty")),
  paths(from = "Expectation",  to = c("Quality", "Value", "Satisfaction")),
  paths(from = "Quality",      to = c("Value", "Satisfaction")),
  paths(from = "Value",        to = c("Satisfaction")),
  paths(from = "Satisfaction", to = c("Complaints", "Loyalty")),
  paths(from = "Complaints",   to = "Loyalty"))
# The measurement model: every block reflective (PLSc) or a composite, Mode B for `modeb`.
mobi_mm <- function(kind = "composite", modeb = character(0)) {
  blk <- function(name, items) {
    if (kind == "reflective") reflective(name, items)
    else composite(name, items, weights = if (name %in% modeb) mode_B else mode_A)
  }
  constructs(
    blk("Image",        multi_items("IMAG", 1:5)),
    blk("Expectation",  multi_items("CUEX", 1:3)),
    blk("Quality",      multi_items("PERQ", 1:7)),
    blk("Value",        multi_items("PERV", 1:2)),
    blk("Satisfaction", multi_items("CUSA", 1:3)),
    blk("Complaints",   single_item("CUSCO")),
    blk("Loyalty",      multi_items("CUSL", 1:3)))
}
