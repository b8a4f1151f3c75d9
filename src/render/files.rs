//! How the files of a report folder are written. A run writes into a staging folder that
//! then replaces the earlier output folder (see `cli::output`); a file written whole (`write`)
//! whose bytes equal the earlier folder's file at the same place becomes a second name of
//! that file (a hard link) instead of a new one, and the files `bprstat benchmark` keeps of a
//! study report are linked too. Rerunning a study gives the same bytes (the reproducibility
//! promise), so a rerun writes only what changed: unchanged files keep their identity and
//! time stamp (a LaTeX build that uses `tables/*.tex` sees only the tables that changed), and
//! the file system allocates and frees no file for them — on ext4 without a journal, where
//! each new file is placed by stepping over every file deleted in the last seconds, that was
//! 17% of the wall time and 20% of the CPU time of reruns of the benchmark study S, 2 s apart.
//! Files streamed to disk (`create`: a per-respondent Parquet table) are always new.
//!
//! A linked file is never written through: a name is always written as a new file
//! (`create_new`), replacing a name already there, so the earlier folder's files keep their
//! bytes whatever this run does, and a run that fails leaves them as they were. The other way
//! round, a linked file is the earlier file: one saved in place into the earlier folder while
//! a run is writing (an editor, Excel) is saved into the new report too.

use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Staging folders being written and the earlier folders they will replace.
static EARLIER: Mutex<Vec<(PathBuf, PathBuf)>> = Mutex::new(Vec::new());

fn earlier_folders() -> std::sync::MutexGuard<'static, Vec<(PathBuf, PathBuf)>> {
    EARLIER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// While `staging` is being written, a file written into it with the bytes of `earlier`'s
/// file at the same place is linked to that file instead (until `stop_linking`).
pub fn link_unchanged(staging: &Path, earlier: &Path) {
    earlier_folders().push((staging.to_path_buf(), earlier.to_path_buf()));
}

/// Files written into `staging` from now on are new files.
pub fn stop_linking(staging: &Path) {
    earlier_folders().retain(|(s, _)| s != staging);
}

/// The earlier folder's file at the place of `path`, when `path` lies in a staging folder.
fn earlier_of(path: &Path) -> Option<PathBuf> {
    earlier_folders().iter().find_map(|(staging, earlier)| {
        let rel = path.strip_prefix(staging).ok()?;
        Some(earlier.join(rel))
    })
}

/// Whether the file `old` holds exactly `bytes` (read in pieces, so that a large file is
/// compared without a copy of it in memory).
fn holds(old: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(old) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let Ok(mut file) = std::fs::File::open(old) else {
        return false;
    };
    let mut buf = vec![0u8; (64 << 10).min(bytes.len().max(1))];
    let mut rest = bytes;
    while !rest.is_empty() {
        let want = buf.len().min(rest.len());
        if file.read_exact(&mut buf[..want]).is_err() || buf[..want] != rest[..want] {
            return false;
        }
        rest = &rest[want..];
    }
    // Nothing beyond (the file did not grow since its length was read).
    matches!(file.read(&mut buf[..1]), Ok(0))
}

/// Remove the name `path`; one already gone (removed by another thread writing the same
/// name) is no error.
fn unlink(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// `make` a new name `path` (a file, a link), replacing a name already there: removed and
/// made again. Two threads writing one name (two report cards whose names differ only in
/// case, on a file system that ignores case) each get a file of their own; the last stays.
fn replacing<T>(path: &Path, make: impl Fn() -> std::io::Result<T>) -> std::io::Result<T> {
    let mut tries = 0;
    loop {
        match make() {
            Err(e) if e.kind() == ErrorKind::AlreadyExists && tries < 3 => {
                tries += 1;
                unlink(path)?;
            }
            other => return other,
        }
    }
}

/// A new, empty file at `path`, replacing a file of that name (never opening it).
pub fn create(path: &Path) -> std::io::Result<std::fs::File> {
    replacing(path, || {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    })
}

/// Write `bytes` as the file `path`: a link to the earlier folder's file of the same place
/// when that holds these bytes (see the module's text), else a new file.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A file system without links (FAT), or one that refuses this one: written.
    if let Some(old) = earlier_of(path)
        && holds(&old, bytes)
        && replacing(path, || std::fs::hard_link(&old, path)).is_ok()
    {
        return Ok(());
    }
    let mut file = create(path)?;
    file.write_all(bytes)?;
    file.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn inode(p: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap())
    }

    #[test]
    #[cfg(unix)]
    fn an_unchanged_file_is_linked_and_a_changed_one_is_new_leaving_the_earlier_bytes() {
        let root = std::env::temp_dir().join(format!("bprstat-files-{}", std::process::id()));
        let (earlier, staging) = (root.join("out"), root.join(".out.partial"));
        std::fs::create_dir_all(earlier.join("tables")).unwrap();
        std::fs::create_dir_all(staging.join("tables")).unwrap();
        for (name, text) in [("same.csv", "a,b\n1,2\n"), ("changed.csv", "a\n1\n")] {
            std::fs::write(earlier.join("tables").join(name), text).unwrap();
        }
        link_unchanged(&staging, &earlier);
        let (same, changed) = (
            staging.join("tables/same.csv"),
            staging.join("tables/changed.csv"),
        );
        write(&same, b"a,b\n1,2\n").unwrap();
        write(&changed, b"a\n2\n").unwrap();
        assert_eq!(inode(&same), inode(&earlier.join("tables/same.csv")));
        assert_ne!(inode(&changed), inode(&earlier.join("tables/changed.csv")));
        // Written again in the same run (a file replaced by a later one of the same name):
        // the linked name is replaced, the earlier file keeps its bytes.
        write(&same, b"other\n").unwrap();
        assert_eq!(std::fs::read(&same).unwrap(), b"other\n");
        assert_eq!(
            std::fs::read(earlier.join("tables/same.csv")).unwrap(),
            b"a,b\n1,2\n"
        );
        assert_eq!(
            std::fs::read(earlier.join("tables/changed.csv")).unwrap(),
            b"a\n1\n"
        );
        // Written again with the earlier bytes: linked again.
        write(&staging.join("tables/changed.csv"), b"a\n1\n").unwrap();
        assert_eq!(inode(&changed), inode(&earlier.join("tables/changed.csv")));
        // Same length, other bytes; a prefix; a file not in the earlier folder.
        assert!(holds(&earlier.join("tables/changed.csv"), b"a\n1\n"));
        assert!(!holds(&earlier.join("tables/changed.csv"), b"a\n3\n"));
        assert!(!holds(&earlier.join("tables/changed.csv"), b"a\n"));
        write(&staging.join("new.md"), b"x").unwrap();
        stop_linking(&staging);
        // No longer linked once the staging folder is done.
        write(&staging.join("tables/changed.csv"), b"a\n1\n").unwrap();
        assert_ne!(
            inode(&staging.join("tables/changed.csv")),
            inode(&earlier.join("tables/changed.csv"))
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
