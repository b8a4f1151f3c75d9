//! `bprstat cfa STUDY.toml`: confirmatory factor analysis of the study's declared constructs,
//! with fit indices and convergent and discriminant validity.

use crate::render::tables::factor as ft;
use crate::study::Study;
use crate::study::analyze::analyze;
use anyhow::bail;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The study file (TOML). Paths inside it are relative to its folder.
    pub study: PathBuf,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let mut study = Study::from_file(&a.study)?;
    // The constructs alone: no models, tables, comparisons or benchmark.
    study.models.clear();
    study.tables.clear();
    study.comparisons.clear();
    study.benchmark = None;
    let results = analyze(&study, &format!("bprstat cfa {}", a.study.display()), None)?.results;
    let Some(c) = &results.cfa else {
        bail!(
            "{}",
            results
                .notes
                .iter()
                .find(|n| n.contains("confirmatory"))
                .cloned()
                .unwrap_or_else(|| {
                    "the study declares fewer than two constructs: nothing to confirm".into()
                })
        );
    };
    super::warn_sample_loss(
        results
            .data
            .sample_loss
            .iter()
            .filter(|l| l.analysis.contains("confirmatory"))
            .cloned(),
    );
    if a.json {
        println!("{}", serde_json::to_string_pretty(c)?);
    } else {
        let labels: Vec<(String, String)> = study
            .constructs
            .iter()
            .map(|c| (c.key.clone(), c.label.clone()))
            .collect();
        for t in [
            ft::cfa_fit(c),
            ft::cfa_loadings(c, &labels, &results.data.item_labels),
            ft::validity(c, &labels),
            ft::htmt(c, &labels),
        ] {
            println!("{}", t.to_markdown());
        }
    }
    Ok(())
}
