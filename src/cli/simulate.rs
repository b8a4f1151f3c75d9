//! `bprstat simulate`: write a synthetic study (CSV, and optionally its study file).

use crate::simulate::{SimSpec, study_toml, write_centers_csv, write_csv, write_waves_csv};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seed of the random generator; the same seed gives byte-identical files.
    #[arg(long)]
    pub seed: u64,
    /// CSV file to write (UTF-8). It is overwritten if it exists.
    #[arg(long)]
    pub out: PathBuf,
    /// Number of respondents (1009 in the 2008 study).
    #[arg(long, default_value_t = 1009)]
    pub respondents: usize,
    /// Number of centers respondents are nested in (57 in the 2008 study).
    #[arg(long, default_value_t = 57)]
    pub centers: usize,
    /// Also write a study file for the CSV here (its data path is made relative to it). Default: none.
    #[arg(long)]
    pub study: Option<PathBuf>,
    /// Also write the centers' own data here (CSV: center_id, level, staff, windows), for a
    /// benchmark's center_data. Default: none.
    #[arg(long)]
    pub centers_out: Option<PathBuf>,
    /// Yearly waves of the same centers, new respondents each (a `year` column, 2021 on;
    /// --respondents per wave). Default: 1, a single survey without the year column.
    #[arg(long, default_value_t = 1)]
    pub waves: usize,
}

pub fn run(a: Args) -> anyhow::Result<()> {
    let spec = SimSpec {
        seed: a.seed,
        respondents: a.respondents,
        centers: a.centers,
    };
    if a.centers == 0 || a.respondents < 3 * a.centers {
        anyhow::bail!(
            "--respondents {} is too few for --centers {}: a study needs at least 3 respondents per center ({} in all)",
            a.respondents,
            a.centers,
            3 * a.centers.max(1)
        );
    }
    let file = std::fs::File::create(&a.out)
        .with_context(|| format!("cannot create {}", a.out.display()))?;
    let mut w = std::io::BufWriter::new(file);
    if a.waves == 0 {
        anyhow::bail!("--waves 0: a study has at least one wave");
    }
    if a.waves == 1 {
        write_csv(spec, &mut w)
    } else {
        write_waves_csv(spec, a.waves, &mut w)
    }
    .with_context(|| format!("cannot write {}", a.out.display()))?;
    w.flush()?;
    if let Some(path) = &a.centers_out {
        let file = std::fs::File::create(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        let mut w = std::io::BufWriter::new(file);
        write_centers_csv(spec, &mut w)
            .with_context(|| format!("cannot write {}", path.display()))?;
        w.flush()?;
    }
    if let Some(study) = &a.study {
        let name = study
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("simulated");
        let data_path = relative_to(&a.out, study.parent().unwrap_or(std::path::Path::new(".")));
        std::fs::write(study, study_toml(name, &data_path))
            .with_context(|| format!("cannot write {}", study.display()))?;
    }
    Ok(())
}

/// `path` relative to `dir` when it lies below it, else absolute.
fn relative_to(path: &std::path::Path, dir: &std::path::Path) -> String {
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (p, d) = (abs(path), abs(dir));
    match p.strip_prefix(&d) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => p.display().to_string(),
    }
}
