//! `bprstat efa DATA --items A1,A2,...`: exploratory factor analysis of a set of items.

use super::DataArgs;
use crate::estimate::factor::{EfaOptions, Extraction, FactorCount, Missing, Rotation, efa};
use crate::io::{CleanSpec, clean_columns, read_table};
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
    let (min, max) = match &a.scale {
        Some(s) => super::reliability::parse_scale(s)?,
        None => (f64::NEG_INFINITY, f64::INFINITY),
    };
    for r in &a.reverse {
        if !a.items.contains(r) {
            bail!("--reverse {r} is not among --items");
        }
    }
    if !a.reverse.is_empty() && a.scale.is_none() {
        bail!("--reverse needs --scale MIN-MAX to reverse-key (min + max - x)");
    }
    let mut frame = read_table(&a.data, a.data_args.read_options()?)?;
    let file = a.data.display().to_string();
    frame.require_columns(&a.items, &file)?;
    let spec = CleanSpec {
        file: &file,
        missing_codes: &a.data_args.missing,
        min,
        max,
    };
    let items: Vec<(&str, Option<&str>, bool)> = a
        .items
        .iter()
        .map(|i| (i.as_str(), None, a.reverse.contains(i)))
        .collect();
    clean_columns(&mut frame, &spec, &items, &[])?;
    let cols: Vec<Vec<f64>> = a
        .items
        .iter()
        .map(|i| {
            let v = frame.num(i).expect("cleaned to numbers");
            if a.reverse.contains(i) {
                v.iter().map(|x| min + max - x).collect()
            } else {
                v.to_vec()
            }
        })
        .collect();
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
