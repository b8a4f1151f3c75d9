//! `bprstat reliability DATA --items A1,A2,A3`: item analysis and reliability of one scale.

use super::{DataArgs, parse_scale};
use crate::estimate::measurement::reliability::reliability;
use crate::render::tables;
use crate::study::request::check_level;
use anyhow::{Context, bail};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file (.csv or .parquet).
    pub data: PathBuf,
    /// Comma-separated item columns of the scale (at least two).
    #[arg(long, value_delimiter = ',', required = true)]
    pub items: Vec<String>,
    /// Comma-separated items to reverse-key (min + max - x); needs --scale. Default: none.
    #[arg(long, value_delimiter = ',')]
    pub reverse: Vec<String>,
    /// Answer scale as MIN-MAX (e.g. 1-5): values outside become missing. Default: no range check.
    #[arg(long, value_parser = parse_scale)]
    pub scale: Option<(f64, f64)>,
    /// Confidence level of the interval for alpha. Default: 0.95.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Print JSON (broom-style names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if a.items.len() < 2 {
        bail!("--items needs at least two columns");
    }
    check_level("level", a.level).map_err(|e| anyhow::anyhow!("--level {}", e.message))?;
    let (cols, file) = super::read_items(&a.data, &a.items, &a.reverse, a.scale, &a.data_args)?;
    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let r = reliability("scale", &a.items, &refs, a.level)
        .with_context(|| format!("{file}: fewer than 3 cases answer every item"))?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
    } else {
        let one = std::slice::from_ref(&r);
        println!("{}", tables::case_processing(one).to_markdown());
        println!("{}", tables::reliability_summary(one).to_markdown());
        println!("{}", tables::item_total(&r).to_markdown());
        println!("{}", tables::scale_statistics(one).to_markdown());
    }
    Ok(())
}
