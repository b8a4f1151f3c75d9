//! `bprstat efa DATA --items A1,A2,...`: exploratory factor analysis of a set of items.

use super::DataArgs;
use crate::estimate::factor::{EfaOptions, Extraction, FactorCount, Missing, Rotation, efa};
use crate::render::factor as ft;
use anyhow::{Context, bail};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file (.csv or .parquet).
    pub data: PathBuf,
    /// Comma-separated item columns (at least three).
    #[arg(long, value_delimiter = ',', required = true)]
    pub items: Vec<String>,
    /// Comma-separated items to reverse-key (min + max - x); needs --scale. Default: none.
    #[arg(long, value_delimiter = ',')]
    pub reverse: Vec<String>,
    /// Answer scale as MIN-MAX (e.g. 1-5): values outside become missing. Default: no range check.
    #[arg(long)]
    pub scale: Option<String>,
    /// Number of factors: a whole number, "parallel" (parallel analysis) or "kaiser" (eigenvalue > 1).
    #[arg(long, default_value = "parallel")]
    pub factors: String,
    /// Extraction: paf (principal axis factoring, as psych fm = "pa") or pc (principal components).
    #[arg(long, default_value = "paf")]
    pub extraction: String,
    /// Rotation: promax, varimax, oblimin or none.
    #[arg(long, default_value = "promax")]
    pub rotation: String,
    /// Missing answers: listwise, pairwise or mean (substitution), as SPSS FACTOR offers.
    #[arg(long, default_value = "listwise")]
    pub missing_rule: String,
    /// Loadings below this (absolute) are blank in the printed table.
    #[arg(long, default_value_t = 0.30)]
    pub blank: f64,
    /// Seed of the parallel analysis.
    #[arg(long, default_value_t = crate::estimate::bootstrap::DEFAULT_SEED)]
    pub seed: u64,
    /// Random samples of the parallel analysis.
    #[arg(long, default_value_t = 100)]
    pub samples: usize,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if a.items.len() < 3 {
        bail!("--items needs at least three columns");
    }
    let opts = EfaOptions {
        extraction: Extraction::parse(&a.extraction)
            .with_context(|| format!("--extraction \"{}\" is not paf or pc", a.extraction))?,
        rotation: Rotation::parse(&a.rotation).with_context(|| {
            format!(
                "--rotation \"{}\" is not promax, varimax, oblimin or none",
                a.rotation
            )
        })?,
        count: FactorCount::parse(&a.factors).with_context(|| {
            format!(
                "--factors \"{}\" is not a number >= 1, parallel or kaiser",
                a.factors
            )
        })?,
        missing: Missing::parse(&a.missing_rule).with_context(|| {
            format!(
                "--missing-rule \"{}\" is not listwise, pairwise or mean",
                a.missing_rule
            )
        })?,
        blank: a.blank,
        seed: a.seed,
        samples: a.samples.clamp(10, 10_000),
    };
    let (cols, file) = super::read_items(
        &a.data,
        &a.items,
        &a.reverse,
        a.scale.as_deref(),
        &a.data_args,
    )?;
    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let e = efa(&a.items, &refs, &opts).map_err(|m| anyhow::anyhow!("{file}: {m}"))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&e)?);
    } else {
        for t in [
            ft::variance_explained(&e),
            ft::parallel(&e),
            ft::communalities(&e),
            ft::loadings(&e),
        ]
        .into_iter()
        .chain(ft::factor_correlations(&e))
        {
            println!("{}", t.to_markdown());
        }
    }
    Ok(())
}
