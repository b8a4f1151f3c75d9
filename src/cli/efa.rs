//! `bprstat efa DATA --items A1,A2,...`: exploratory factor analysis of a set of items.

use super::ItemArgs;
use crate::estimate::measurement::efa::efa;
use crate::render::tables::factor as ft;
use crate::study::request::EfaInput;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub items: ItemArgs,
    /// The analysis: the same options as a study file's [efa] section.
    #[command(flatten)]
    pub options: EfaInput,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let opts = a
        .options
        .clone()
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {}", e.flag(), e.message))?;
    let (cols, file, labels) = a.items.read(3)?;
    let refs: Vec<&[f64]> = cols.iter().map(Vec::as_slice).collect();
    let e = efa(&a.items.items, &refs, &opts).map_err(|m| anyhow::anyhow!("{file}: {m}"))?;
    super::print(a.json, &e, |e| {
        [
            ft::variance_explained(e),
            ft::parallel(e),
            ft::communalities(e, &labels),
            ft::loadings(e, &labels),
        ]
        .into_iter()
        .chain(ft::factor_correlations(e))
        .collect()
    })
}
