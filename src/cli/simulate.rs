//! `bprstat simulate`: write a synthetic study (CSV, and optionally its study file).

use crate::io::shards::ShardWriter;
use crate::simulate::{SimSpec, study_toml, write_centers_csv, write_csv, write_waves_csv};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Seed of the random generator; the same seed gives byte-identical files.
    #[arg(long)]
    pub seed: u64,
    /// File to write: CSV (UTF-8), or Parquet when it ends in .parquet. With --shards, a
    /// pattern with one * where each shard's number goes ("big/part-*.parquet"), the form a
    /// study's [data] path reads back. Files are overwritten if they exist.
    #[arg(long)]
    pub out: PathBuf,
    /// Split the rows into this many files of (nearly) equal size, written one after the
    /// other in the memory of one (for studies larger than memory). Default: 1, one file.
    #[arg(long, default_value_t = 1)]
    pub shards: usize,
    /// Number of respondents (1009 in the 2008 study).
    #[arg(long, default_value_t = 1009)]
    pub respondents: usize,
    /// Number of centers respondents are nested in (57 in the 2008 study).
    #[arg(long, default_value_t = 57)]
    pub centers: usize,
    /// Also write a study file for the data here (its data path is made relative to it). Default: none.
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
    if a.waves == 0 {
        anyhow::bail!("--waves 0: a study has at least one wave");
    }
    let rows = a.respondents * a.waves;
    if a.shards == 0 || a.shards > rows {
        anyhow::bail!(
            "--shards {}: expected from 1 to the number of rows ({rows})",
            a.shards
        );
    }
    let out = a.out.display().to_string();
    let mut w: Box<dyn Write> = if a.shards == 1 && !out.ends_with(".parquet") {
        let file = std::fs::File::create(&a.out).with_context(|| format!("cannot create {out}"))?;
        Box::new(std::io::BufWriter::new(file))
    } else {
        let sizes = (0..a.shards)
            .map(|k| rows / a.shards + usize::from(k < rows % a.shards))
            .collect();
        let shards = ShardWriter::new(&out, sizes).map_err(|e| anyhow::anyhow!("--out {e}"))?;
        if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Box::new(Shards(Some(shards)))
    };
    if a.waves == 1 {
        write_csv(spec, &mut w)
    } else {
        write_waves_csv(spec, a.waves, &mut w)
    }
    .and_then(|()| w.flush())
    .with_context(|| format!("cannot write {out}"))?;
    drop(w);
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
        let folder = study
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(std::path::Path::new("."));
        let data_path = relative_to(&a.out, folder);
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

/// A [`ShardWriter`] that writes its last shard when flushed.
struct Shards(Option<ShardWriter>);

impl Write for Shards {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        match &mut self.0 {
            Some(w) => w.write(bytes),
            None => Err(std::io::Error::other("the shards were finished")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.0.take() {
            Some(w) => w.finish().map(drop),
            None => Ok(()),
        }
    }
}
