//! `bprstat reliability DATA --items A1,A2,A3`: item analysis and reliability of one scale.

use super::DataArgs;
use crate::estimate::reliability::reliability;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::render::tables;
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
    #[arg(long)]
    pub scale: Option<String>,
    /// Confidence level of the interval for alpha.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Print JSON (broom-style names) instead of tables.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub data_args: DataArgs,
}

pub(super) fn parse_scale(s: &str) -> anyhow::Result<(f64, f64)> {
    let (a, b) = s
        .split_once('-')
        .with_context(|| format!("--scale \"{s}\" must be MIN-MAX, e.g. 1-5"))?;
    let (lo, hi): (f64, f64) = (
        a.trim()
            .parse()
            .with_context(|| format!("--scale \"{s}\": bad minimum"))?,
        b.trim()
            .parse()
            .with_context(|| format!("--scale \"{s}\": bad maximum"))?,
    );
    if !(lo < hi) {
        bail!("--scale \"{s}\": the minimum must be below the maximum");
    }
    Ok((lo, hi))
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if a.items.len() < 2 {
        bail!("--items needs at least two columns");
    }
    if !(a.level > 0.0 && a.level < 1.0) {
        bail!("--level {} must be strictly between 0 and 1", a.level);
    }
    let (min, max) = match &a.scale {
        Some(s) => parse_scale(s)?,
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
    let r = reliability("scale", &a.items, &refs, a.level)
        .context("fewer than 3 cases answer every item")?;
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
