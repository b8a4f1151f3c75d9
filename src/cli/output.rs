//! Output folders written as a whole. A run writes into a staging folder beside its target
//! (`.NAME.partial-PID`) and, once every file is written, the staging folder replaces the
//! target by renames: the folder holds one run's files, and a run that fails or is killed
//! leaves the previous report as it was. A lock file (`.NAME.lock`, holding the process id)
//! keeps two runs from writing the same folder at once. A file this run writes with the
//! bytes of the previous report's file at the same place is linked to it, not written again
//! (`render::files`).
//!
//! A folder is only ever replaced when it is empty or holds an earlier bprstat output, and
//! never when the study or its data file lies inside it: inputs are never written.

use anyhow::{Context, bail};
use std::path::{Path, PathBuf};

/// Files that mark a folder as bprstat's output (a study report or a benchmark).
const MARKS: [&str; 3] = ["results.json", "benchmark.md", "manifest.json"];

/// An output folder being written.
pub struct Staged {
    target: PathBuf,
    staging: PathBuf,
    lock: PathBuf,
    done: bool,
}

fn sibling(target: &Path, what: &str) -> anyhow::Result<PathBuf> {
    let name = target
        .file_name()
        .with_context(|| format!("output folder {} has no name", target.display()))?;
    let parent = target.parent().unwrap_or(Path::new(""));
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    Ok(parent.join(format!(".{}.{what}", name.to_string_lossy())))
}

/// Whether process `pid` is running (a lock left by a killed run is stale).
fn alive(pid: i32) -> bool {
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

impl Staged {
    /// Lock `target` and open a fresh staging folder for it. `inputs` are the files the run
    /// reads; `target` may not contain them.
    pub fn begin(target: &Path, inputs: &[&Path]) -> anyhow::Result<Staged> {
        let shown = target.display();
        if target.exists() && !target.is_dir() {
            bail!("output folder {shown} is a file; give --out a folder");
        }
        if let Ok(t) = target.canonicalize() {
            // A pattern of shards stands for each of its files.
            let inputs: Vec<std::path::PathBuf> = inputs
                .iter()
                .flat_map(|i| match crate::io::shards::is_pattern(i) {
                    true => crate::io::shards::expand(i).unwrap_or_default(),
                    false => vec![i.to_path_buf()],
                })
                .collect();
            for input in &inputs {
                if input.canonicalize().is_ok_and(|i| i.starts_with(&t)) {
                    bail!(
                        "output folder {shown} holds the input file {}; the output folder is replaced by each run, so give --out a folder of its own (e.g. notebooks-out/NAME)",
                        input.display()
                    );
                }
            }
            let entries: Vec<String> = std::fs::read_dir(target)
                .with_context(|| format!("cannot read output folder {shown}"))?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            if !entries.is_empty() && !MARKS.iter().any(|m| entries.iter().any(|e| e == m)) {
                bail!(
                    "output folder {shown} is not empty and holds no earlier bprstat output (results.json, benchmark.md); each run replaces its output folder, so give --out a new or empty folder"
                );
            }
        }
        let parent = sibling(target, "x")?
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create folder {}", parent.display()))?;
        let lock = sibling(target, "lock")?;
        let pid = std::process::id();
        for attempt in 0..2 {
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock)
            {
                Ok(mut f) => {
                    use std::io::Write;
                    writeln!(f, "{pid}")
                        .with_context(|| format!("cannot write lock file {}", lock.display()))?;
                    break;
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt == 0 => {
                    let holder: i32 = std::fs::read_to_string(&lock)
                        .ok()
                        .and_then(|s| s.trim().parse().ok())
                        .unwrap_or(0);
                    if alive(holder) {
                        bail!(
                            "output folder {shown} is being written by another bprstat run (process {holder}); wait for it to finish, or delete {} if no bprstat is running",
                            lock.display()
                        );
                    }
                    // Left by a run that was killed: take it over.
                    let _ = std::fs::remove_file(&lock);
                }
                Err(e) => {
                    return Err(e)
                        .with_context(|| format!("cannot create lock file {}", lock.display()));
                }
            }
        }
        let staged = Staged {
            target: target.to_path_buf(),
            staging: sibling(target, &format!("partial-{pid}"))?,
            lock,
            done: false,
        };
        // Staging folders of killed runs (the lock is ours now).
        if let (Some(dir), Some(name)) = (
            staged.staging.parent().map(Path::to_path_buf),
            target.file_name(),
        ) {
            let prefix = format!(".{}.", name.to_string_lossy());
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if let Some(rest) = n.strip_prefix(&prefix) {
                    if rest.starts_with("partial-") || rest.starts_with("old-") {
                        let _ = std::fs::remove_dir_all(e.path());
                    }
                }
            }
        }
        std::fs::create_dir_all(&staged.staging).with_context(|| {
            format!("cannot create staging folder {}", staged.staging.display())
        })?;
        if target.is_dir() {
            // The earlier output's unchanged files are linked, not written again.
            crate::render::files::link_unchanged(&staged.staging, target);
        }
        Ok(staged)
    }

    /// Where the run writes its files.
    pub fn dir(&self) -> &Path {
        &self.staging
    }

    /// Replace the target by what was written. With `keep`, files of the previous target
    /// for which it returns true (paths relative to the folder) and that this run did not
    /// write are carried over (the benchmark, written beside a study report).
    pub fn commit(mut self, keep: Option<&dyn Fn(&Path) -> bool>) -> anyhow::Result<()> {
        crate::render::files::stop_linking(&self.staging);
        let old = sibling(&self.target, &format!("old-{}", std::process::id()))?;
        if self.target.is_dir() {
            if let Some(keep) = keep {
                carry_over(&self.target, &self.staging, Path::new(""), keep)?;
            }
            std::fs::rename(&self.target, &old).with_context(|| {
                format!("cannot move the previous {} aside", self.target.display())
            })?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the previous folder back.
            let _ = std::fs::rename(&old, &self.target);
            return Err(e).with_context(|| {
                format!("cannot move the new output into {}", self.target.display())
            });
        }
        let _ = std::fs::remove_dir_all(&old);
        self.done = true;
        Ok(())
    }
}

/// Carry into `to` the files of `from` (under `rel`) that `keep` accepts and `to` lacks: each
/// linked (the same file, its time stamp kept; `from` is removed after), copied where the
/// file system has no links.
fn carry_over(
    from: &Path,
    to: &Path,
    rel: &Path,
    keep: &dyn Fn(&Path) -> bool,
) -> anyhow::Result<()> {
    for e in std::fs::read_dir(from.join(rel))? {
        let e = e?;
        let r = rel.join(e.file_name());
        let dest = to.join(&r);
        if e.file_type()?.is_dir() {
            carry_over(from, to, &r, keep)?;
        } else if keep(&r) && !dest.exists() {
            if let Some(p) = dest.parent() {
                std::fs::create_dir_all(p)?;
            }
            if std::fs::hard_link(e.path(), &dest).is_err() {
                std::fs::copy(e.path(), &dest)
                    .with_context(|| format!("cannot copy {} into the new output", r.display()))?;
            }
        }
    }
    Ok(())
}

impl Drop for Staged {
    fn drop(&mut self) {
        crate::render::files::stop_linking(&self.staging);
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        let _ = std::fs::remove_file(&self.lock);
    }
}
