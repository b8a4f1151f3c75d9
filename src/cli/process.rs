//! `bprstat process DATA --model N --x X --y Y [--m M1,M2] [--w W] [--z Z] ...`: a PROCESS
//! model (Hayes) on a data file, printed in PROCESS's layout (or JSON). Its options are the
//! study file's `[[process]]` keys, checked by the same [`ProcessOptions::validate`].

use super::DataArgs;
use crate::io::{CleanSpec, clean_columns, read_table};
use crate::results::process::ProcessResult;
use crate::study::process::{ProcessOptions, fit_process};
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The data file: .csv/.tsv, .xlsx/.xls/.ods, .sav/.zsav/.por, .dta or .parquet.
    pub data: PathBuf,
    #[command(flatten)]
    pub process: ProcessOptions,
    /// Print the results as JSON (stable names) instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Also draw the model's charts (conceptual and statistical diagrams, simple-slopes and
    /// Johnson-Neyman plots) as SVG and PNG into this folder (created if needed).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
    #[command(flatten)]
    pub data_args: DataArgs,
}

/// Fit the model described by `a` (shared by the CLI and the tests).
pub fn fit(a: &Args) -> anyhow::Result<ProcessResult> {
    let req = a
        .process
        .clone()
        .validate()
        .map_err(|e| anyhow::anyhow!("{}: {}", e.flag(), e.message))?;
    let mut frame = read_table(&a.data, a.data_args.read_options())?;
    let file = a.data.display().to_string();
    let r = &req.spec.roles;
    let vars: Vec<&String> = [&r.x, &r.y]
        .into_iter()
        .chain(&r.m)
        .chain(&r.w)
        .chain(&r.z)
        .chain(&r.covariates)
        .collect();
    frame.require_columns(vars.iter().copied().chain(req.cluster.iter()), &file)?;
    for v in &vars {
        let clean = CleanSpec {
            file: &file,
            missing_codes: a.data_args.codes_of(v),
            min: f64::NEG_INFINITY,
            max: f64::INFINITY,
        };
        clean_columns(
            &mut frame,
            &clean,
            &[],
            &[(v.as_str(), clean.missing_codes)],
        )?;
    }
    let bar = |done: usize, total: usize| super::progress_bar_always(done, total);
    Ok(fit_process(&frame, &req, Some(&bar))?)
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let p = fit(&a)?;
    super::warn_sample_loss(crate::results::SampleLoss::check(
        format!("PROCESS model {}", p.model),
        p.nobs,
        p.rows_read,
        "complete cases over its variables",
    ));
    for n in &p.notes {
        if let Some(w) = n.strip_prefix("Warning: ") {
            eprintln!("warning: {w}");
        }
    }
    if let Some(dir) = &a.charts {
        std::fs::create_dir_all(dir).map_err(|e| {
            anyhow::anyhow!("cannot create the charts folder {}: {e}", dir.display())
        })?;
        let drawn = crate::render::charts::process_charts(dir, &p, &|v| v.to_string())?;
        crate::render::charts::write_pngs(dir, &drawn)?;
        eprintln!(
            "wrote {} charts (SVG and PNG) to {}",
            drawn.len(),
            dir.display()
        );
    }
    super::print(a.json, &p, crate::render::tables::process_tables)
}
