//! `bprstat reliability DATA --items A1,A2,A3`: item analysis and reliability of one scale.

use super::ItemArgs;
use crate::estimate::measurement::reliability::reliability;
use crate::render::tables;
use crate::study::request::check_level;
use anyhow::Context;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub items: ItemArgs,
    /// Confidence level of the interval for alpha. Default: 0.95.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Print JSON (broom-style names) instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    check_level("level", a.level).map_err(|e| anyhow::anyhow!("--level {}", e.message))?;
    let (cols, file, labels) = a.items.read(2)?;
    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let r = reliability("scale", &a.items.items, &refs, a.level)
        .with_context(|| format!("{file}: fewer than 3 cases answer every item"))?;
    super::warn_sample_loss(crate::results::SampleLoss::check(
        "the reliability analysis",
        r.n_valid,
        r.n_valid + r.n_excluded,
        format!(
            "listwise deletion over its {} items, as SPSS RELIABILITY",
            r.n_items
        ),
    ));
    super::print(a.json, &r, |r| {
        let one = std::slice::from_ref(r);
        vec![
            tables::case_processing(one),
            tables::reliability_summary(one),
            tables::item_total(r, &labels),
            tables::scale_statistics(one),
        ]
    })
}
