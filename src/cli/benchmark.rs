//! `bprstat benchmark STUDY.toml`: the benchmark of centers alone — league tables, the
//! multilevel and center-level models, and one report card per center — written beside the
//! study report.

use crate::render::report::benchmark_outputs;
use crate::results::multilevel::Versus;
use crate::study::Study;
use crate::study::analyze::analyze;
use anyhow::{Context, bail};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The study file (TOML) with a [benchmark] section. Paths inside it are relative to its folder.
    pub study: PathBuf,
    /// Folder of the study report, where benchmark.html, the tables, charts and centers/ go.
    /// Default: notebooks-out/<study name> under the current folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let mut study = Study::from_file(&a.study)?;
    let Some(spec) = study.benchmark.clone() else {
        bail!(
            "study file {} has no [benchmark] section; add one, e.g.\n[benchmark]\noutcomes = [\"process\", \"result\"]",
            a.study.display()
        );
    };
    // Only what the benchmark uses: its models, without the bootstraps and diagnostics of the
    // study report (those are `bprstat run`'s).
    study.models.retain(|m| spec.models.contains(&m.name));
    for m in &mut study.models {
        m.wild = None;
        m.pairs = None;
        m.diagnostics = false;
        m.selection = None;
    }
    study.tables.clear();
    study.comparisons.clear();
    super::progress(&format!("reading {}", study.data.path.display()));
    let command = format!("bprstat run {}", a.study.display());
    let analysis = analyze(&study, &command, Some(super::progress_bar))?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("notebooks-out").join(&study.name));
    std::fs::create_dir_all(&out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let (_, files) = benchmark_outputs(&analysis.results, &out)?;
    let b = analysis
        .results
        .benchmark
        .as_ref()
        .expect("the study has a benchmark");
    for l in &b.outcomes {
        let above = l
            .centers
            .iter()
            .filter(|c| c.versus_mean == Versus::Above)
            .count();
        let below = l
            .centers
            .iter()
            .filter(|c| c.versus_mean == Versus::Below)
            .count();
        println!(
            "{}: ICC(1) = {:.3}, ICC(2) = {:.3}; {} centers above and {} below the overall mean",
            l.variable, l.icc.icc1, l.icc.icc2, above, below
        );
    }
    println!(
        "wrote {} files to {} (open benchmark.html; one card per center in centers/)",
        files.len(),
        out.display()
    );
    Ok(())
}
