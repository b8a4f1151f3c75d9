//! `bprstat run STUDY.toml`: the whole study, from data file to report.

use crate::render::report::write_study;
use crate::study::Study;
use anyhow::Context;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub study_args: super::StudyArgs,
    /// Finish the study's models from sums computed elsewhere instead of reading the data:
    /// the result (CSV or Parquet, one row per cluster) of the query `bprstat sql STUDY`
    /// prints. Prints each model's tables (SPSS layout, or JSON with --json); writes no report.
    #[arg(long, value_name = "FILE", conflicts_with = "out")]
    pub aggregates: Option<PathBuf>,
    /// With --aggregates: the models as JSON instead of tables.
    #[arg(long, requires = "aggregates")]
    pub json: bool,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    if let Some(file) = &a.aggregates {
        return finish(&a.study_args.study, file, a.json);
    }
    let a = a.study_args;
    let study = Study::from_file(&a.study)?;
    let out = a.out_dir(&study);
    let (analysis, staged) = a.analyze(&study)?;
    let opts = super::report_options(&study);
    let files = write_study(&analysis.results, staged.dir(), &opts)?;
    let _lang = crate::render::i18n::use_language(opts.language);
    let t = crate::render::i18n::t;
    super::warn_sample_loss(analysis.results.data.sample_loss.iter().cloned());
    write_manifest(staged.dir(), &files)?;
    staged.commit(None)?;
    for m in &analysis.results.models {
        let g = &m.fit.glance;
        println!(
            "{}",
            t(&format!(
                "{}: n = {}, R2 = {:.3}, adj. R2 = {:.3}, F({}, {}) = {:.2} [{} SEs]",
                m.name,
                g.nobs,
                g.r_squared,
                g.adj_r_squared,
                g.df,
                g.df_residual,
                g.statistic.unwrap_or(f64::NAN),
                g.cov_type
            ))
        );
    }
    println!(
        "{}",
        t(&format!(
            "wrote {} files to {} (open report.html)",
            files.len() + 1,
            out.display()
        ))
    );
    Ok(())
}

/// `run --aggregates`: the study's models from the sums in `file`, and with the items'
/// moments (`sql --measurement`) reliability, KMO, the EFA and the CFA.
fn finish(study: &std::path::Path, file: &std::path::Path, json: bool) -> anyhow::Result<()> {
    let study = Study::from_file(study)?;
    let sums = crate::io::read_table(file, crate::io::ReadOptions::default())?;
    let f = crate::study::aggregate::finish(&study, &sums)?;
    for (m, why) in &f.left_out {
        eprintln!("note: model {m} is left out: {why}");
    }
    if let Some(note) = f.models.first().and_then(|m| m.fit.notes.first()) {
        eprintln!("note: {note}");
    }
    for note in (f.measurement.iter().flat_map(|m| &m.notes))
        .chain(f.benchmark.iter().flat_map(|b| &b.notes))
    {
        eprintln!("note: {note}");
    }
    let value = serde_json::json!({
        "models": f.models,
        "left_out": f.left_out.iter().map(|(m, why)| serde_json::json!({"model": m, "why": why})).collect::<Vec<_>>(),
        "measurement": f.measurement,
        "benchmark": f.benchmark,
    });
    super::print(json, &value, |_| {
        let mut tables: Vec<_> = (f.models.iter())
            .flat_map(crate::render::tables::model_tables)
            .collect();
        if let Some(m) = &f.measurement {
            tables.extend(measurement_tables(&study, m));
        }
        if let Some(b) = &f.benchmark {
            tables.extend(benchmark_tables(b));
        }
        tables
    })
}

/// The benchmark's tables as its report has them: the ICCs, each league table, the models
/// with a random intercept and on center means.
fn benchmark_tables(
    b: &crate::results::multilevel::Benchmark,
) -> Vec<crate::render::tables::Table> {
    use crate::render::tables::{self, multilevel as ml};
    let leagues: Vec<_> = b.outcomes.iter().chain(&b.factors).collect();
    let mut out = vec![ml::icc_table(&leagues)];
    out.extend(leagues.iter().map(|l| ml::league_table(l)));
    for m in &b.models {
        out.extend(ml::mixed_tables_named(m).into_iter().map(|(_, t)| t));
    }
    out.extend(b.ecological.iter().flat_map(tables::model_tables));
    out
}

/// The tables of reliability, KMO, the EFA and the CFA, as the study's report has them.
fn measurement_tables(
    study: &Study,
    m: &crate::study::aggregate::Measurement,
) -> Vec<crate::render::tables::Table> {
    use crate::render::tables::{self, factor as ft};
    let labels = crate::results::ItemLabels::new();
    let mut out = Vec::new();
    if !m.reliability.is_empty() {
        out.push(tables::case_processing(&m.reliability));
        out.push(tables::reliability_summary(&m.reliability));
        out.push(tables::scale_statistics(&m.reliability));
        out.extend(m.reliability.iter().map(|r| tables::item_total(r, &labels)));
    }
    out.extend(m.adequacy.as_ref().map(tables::adequacy));
    if let Some(e) = &m.efa {
        out.extend([
            ft::variance_explained(e),
            ft::parallel(e),
            ft::communalities(e, &labels),
            ft::loadings(e, &labels),
        ]);
        out.extend(ft::factor_correlations(e));
    }
    if let Some(c) = &m.cfa {
        let names: Vec<(String, String)> = (study.constructs.iter())
            .map(|c| (c.key.clone(), c.label.clone()))
            .collect();
        out.extend([
            ft::cfa_loadings(c, &names, &labels),
            ft::cfa_fit(c),
            ft::validity(c, &names),
            ft::htmt(c, &names),
        ]);
    }
    out
}

/// manifest.json: the one file allowed to change between identical runs (time, full argv).
fn write_manifest(out: &std::path::Path, files: &[PathBuf]) -> anyhow::Result<()> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut hashes = serde_json::Map::new();
    // The files read back and hashed on every core (large per-respondent tables among them).
    let found = crate::numeric::parallel::map(files, |f| {
        crate::study::analyze::sha256_file(&out.join(f))
            .with_context(|| format!("cannot read back {}", f.display()))
    });
    for (f, h) in files.iter().zip(found) {
        hashes.insert(f.display().to_string(), serde_json::Value::String(h?));
    }
    let manifest = serde_json::json!({
        "generated_at_utc": utc_timestamp(secs),
        "argv": std::env::args().collect::<Vec<_>>(),
        "current_dir": std::env::current_dir().map(|p| p.display().to_string()).unwrap_or_default(),
        "files_sha256": hashes,
    });
    crate::render::files::write(
        &out.join("manifest.json"),
        (serde_json::to_string_pretty(&manifest)? + "\n").as_bytes(),
    )
    .context("cannot write manifest.json")?;
    Ok(())
}

/// RFC 3339 UTC time from Unix seconds (civil-from-days, Howard Hinnant's algorithm).
fn utc_timestamp(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_timestamps_match_known_dates() {
        assert_eq!(super::utc_timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
    }
}
