//! `bprstat benchmark STUDY.toml`: the benchmark of centers alone — league tables, the
//! multilevel and center-level models, and one report card per center — written beside the
//! study report.

use crate::render::report::benchmark_outputs;
use crate::study::Study;
use anyhow::bail;

pub type Args = super::StudyArgs;

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
    study.importance.clear();
    study.process.clear();
    study.sem.clear();
    study.pls.clear();
    study.benchmark_only = true;
    let out = a.out_dir(&study);
    let (analysis, staged) = a.analyze(&study)?;
    let opts = super::report_options(&study);
    let (_, written) = benchmark_outputs(&analysis.results, staged.dir(), &opts)?;
    // Written beside a study report: the report's files stay, the benchmark's own are
    // replaced (its pages and cards wholly; its tables and charts by name).
    let own = |p: &std::path::Path| {
        p.starts_with("centers") || p.file_stem().is_some_and(|s| s == "benchmark")
    };
    staged.commit(Some(&|p: &std::path::Path| !own(p)))?;
    let _lang = crate::render::i18n::use_language(opts.language);
    let t = crate::render::i18n::t;
    let files = written.files;
    let b = analysis
        .results
        .benchmark
        .as_ref()
        .expect("the study has a benchmark");
    for l in &b.outcomes {
        let (above, below) = l.above_below();
        println!(
            "{}",
            t(&format!(
                "{}: ICC(1) = {:.3}, ICC(2) = {:.3}; {} centers above and {} below the overall mean",
                l.variable, l.icc.icc1, l.icc.icc2, above, below
            ))
        );
    }
    println!(
        "{}",
        t(&format!(
            "wrote {} files to {} (open benchmark.html; one card per center in centers/)",
            files.len(),
            out.display()
        ))
    );
    Ok(())
}
