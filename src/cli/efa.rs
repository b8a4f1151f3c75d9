//! `bprstat efa DATA --items A1,A2,...`: exploratory factor analysis of a set of items.

use super::ItemArgs;
use crate::estimate::measurement::efa::{Extraction, FactorCount, Missing, Rotation, efa};
use crate::render::tables::factor as ft;
use crate::study::request::EfaInput;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub items: ItemArgs,
    /// Number of factors: a whole number, "parallel" (parallel analysis) or "kaiser"
    /// (eigenvalues above 1). Default: parallel.
    #[arg(long, default_value = "parallel")]
    pub factors: FactorCount,
    /// Extraction method. Default: paf.
    #[arg(long, value_enum, ignore_case = true, default_value = "paf")]
    pub extraction: Extraction,
    /// Rotation. Default: promax.
    #[arg(long, value_enum, ignore_case = true, default_value = "promax")]
    pub rotation: Rotation,
    /// Missing answers, as SPSS FACTOR offers (the study file's [efa] missing). Default: listwise.
    #[arg(long, value_enum, ignore_case = true, default_value = "listwise")]
    pub missing_rule: Missing,
    /// Loadings below this (absolute) are blank in the printed table. Default: 0.30.
    #[arg(long, default_value_t = 0.30)]
    pub blank: f64,
    /// Seed of the parallel analysis. Default: 20080601.
    #[arg(long, default_value_t = crate::estimate::regression::bootstrap::DEFAULT_SEED)]
    pub seed: u64,
    /// Random samples of the parallel analysis, 10 to 10000. Default: 100.
    #[arg(long, default_value_t = 100)]
    pub samples: usize,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let opts = EfaInput {
        extraction: Some(a.extraction),
        rotation: Some(a.rotation),
        factors: Some(a.factors),
        missing: Some(a.missing_rule),
        blank: Some(a.blank),
        seed: Some(a.seed),
        samples: Some(a.samples),
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("{}: {}", e.flag(), e.message))?;
    let (cols, file) = a.items.read(3)?;
    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let e = efa(&a.items.items, &refs, &opts).map_err(|m| anyhow::anyhow!("{file}: {m}"))?;
    super::print(a.json, &e, |e| {
        [
            ft::variance_explained(e),
            ft::parallel(e),
            ft::communalities(e),
            ft::loadings(e),
        ]
        .into_iter()
        .chain(ft::factor_correlations(e))
        .collect()
    })
}
