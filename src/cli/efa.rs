//! `bprstat efa DATA --items A1,A2,...`: exploratory factor analysis of a set of items.

use super::ItemArgs;
use crate::estimate::measurement::efa::efa;
use crate::estimate::measurement::reliability::adequacy;
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
    let rows = cols.first().map_or(0, Vec::len);
    super::warn_sample_loss(crate::results::SampleLoss::check(
        "the exploratory factor analysis",
        e.n,
        rows,
        if e.missing == "listwise" {
            format!(
                "listwise deletion over its {} items; --missing-rule pairwise uses every answered pair of items",
                e.items.len()
            )
        } else {
            format!("the smallest pairwise n over its {} items", e.items.len())
        },
    ));
    // As SPSS FACTOR: sampling adequacy and sphericity first.
    let kmo = adequacy(&a.items.items, &refs);
    super::print(a.json, &e, |e| {
        kmo.as_ref()
            .map(crate::render::tables::adequacy)
            .into_iter()
            .chain([
                ft::variance_explained(e),
                ft::parallel(e),
                ft::communalities(e, &labels),
                ft::loadings(e, &labels),
            ])
            .chain(ft::factor_correlations(e))
            .collect()
    })
}
