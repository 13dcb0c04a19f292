//! Where encoded bytes go (SPEC §2.5, §11): an output directory with atomic writes (every file is written
//! as `NAME.inprogress` and renamed on success, the manifest last), or a discard sink that only counts
//! and hashes. Also the refusal rules for non-empty directories and the `--force` clean-up.

use crate::core::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Suffix of files being written.
pub const TEMP_SUFFIX: &str = ".inprogress";

/// `--sink`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SinkKind {
    Dir,
    Discard,
}

/// The output directory of one run (or one part).
pub struct OutputDir {
    root: PathBuf,
    kind: SinkKind,
    /// Temporary files not yet renamed; removed on error or interruption.
    temporaries: Arc<Mutex<Vec<PathBuf>>>,
    /// Whether this run made the directory (only then may a failed run remove it).
    created: bool,
}

impl OutputDir {
    /// Checks the refusal rules and prepares `root`. `own_names` are the files this run will write (manifest
    /// included); `sharded` relaxes the emptiness rule to those names.
    pub fn prepare(
        root: &Path,
        kind: SinkKind,
        force: bool,
        sharded: bool,
        own_names: &[String],
    ) -> Result<OutputDir> {
        // A symbolic link that leads nowhere (a loop, a missing target) would otherwise surface as
        // "File exists" from create_dir_all.
        if let Ok(link) = fs::symlink_metadata(root)
            && link.file_type().is_symlink()
            && let Err(e) = fs::metadata(root)
        {
            return Err(Error::Refused(format!(
                "output path {} is a symbolic link that leads nowhere (a loop of links or a missing target: {e}): remove it or name another --output",
                root.display()
            )));
        }
        if root.exists() && !root.is_dir() {
            return Err(Error::Refused(format!(
                "output path {} exists and is not a directory",
                root.display()
            )));
        }
        if root.is_dir() {
            if force {
                remove_previous_output(root, own_names, sharded)?;
            } else if sharded {
                for name in own_names {
                    for candidate in [name.clone(), format!("{name}{TEMP_SUFFIX}")] {
                        if root.join(&candidate).exists() {
                            return Err(Error::Refused(format!(
                                "{} already exists: use --force to overwrite",
                                root.join(candidate).display()
                            )));
                        }
                    }
                }
            } else {
                let entries = fs::read_dir(root).map_err(|e| Error::io(root, e))?;
                let mut blocking = entries.filter_map(|entry| entry.ok()).filter(|entry| {
                    // A discard run's own earlier manifest is replaceable, so the same benchmark command
                    // can run twice in one directory.
                    !(kind == SinkKind::Discard
                        && own_names.iter().any(|n| entry.file_name() == n.as_str())
                        && is_discard_manifest(&entry.path()))
                });
                if blocking.next().is_some() {
                    return Err(Error::Refused(format!(
                        "output directory {} is not empty: use --force to overwrite bankgen output",
                        root.display()
                    )));
                }
            }
        }
        let created = !root.exists();
        fs::create_dir_all(root).map_err(|e| Error::io(root, e))?;
        Ok(OutputDir {
            root: root.to_path_buf(),
            kind,
            temporaries: Arc::default(),
            created,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Opens a data file (nothing is opened for the discard sink).
    pub fn create(&self, name: &str, hash: bool) -> Result<FileSink> {
        let writer = match self.kind {
            SinkKind::Discard => None,
            SinkKind::Dir => {
                let temp = self.root.join(format!("{name}{TEMP_SUFFIX}"));
                let file = File::create(&temp).map_err(|e| Error::io(&temp, e))?;
                self.temporaries
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(temp.clone());
                Some((BufWriter::with_capacity(1 << 20, file), temp))
            }
        };
        Ok(FileSink {
            final_path: self.root.join(name),
            writer,
            hasher: hash.then(Sha256::new),
            bytes: 0,
        })
    }

    /// Renames a finished file into place.
    pub fn commit(&self, sink: FileSink) -> Result<FileTotals> {
        let FileSink {
            final_path,
            writer,
            hasher,
            bytes,
        } = sink;
        if let Some((writer, temp)) = writer {
            let file = writer
                .into_inner()
                .map_err(|e| Error::io(&temp, e.into_error()))?;
            file.sync_data().map_err(|e| Error::io(&temp, e))?;
            drop(file);
            fs::rename(&temp, &final_path).map_err(|e| Error::io(&final_path, e))?;
            self.temporaries
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .retain(|t| t != &temp);
        }
        Ok(FileTotals {
            bytes,
            sha256: hasher.map(|h| hex(&h.finalize())),
        })
    }

    /// Writes the manifest last, also through a temporary name (written even for the discard sink).
    pub fn write_manifest(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let temp = self.root.join(format!("{name}{TEMP_SUFFIX}"));
        let target = self.root.join(name);
        write_via_temp(&temp, &target, bytes, |path| {
            File::create(path).map(Durable)
        })?;
        // The rename itself reaches the disk only with the directory: best effort, as some file
        // systems refuse to sync a directory.
        if let Ok(dir) = File::open(&self.root) {
            let _ = dir.sync_all();
        }
        Ok(())
    }

    /// After a failed or interrupted run: removes the temporaries and, when this run created the
    /// directory and nothing else is in it, the directory too, so nothing is left that looks like output.
    pub fn abandon(&self) {
        self.remove_temporaries();
        if self.created {
            // Fails, and keeps the directory, when anything is in it.
            let _ = fs::remove_dir(&self.root);
        }
    }

    /// Removes every temporary still open (after an error or Ctrl-C).
    pub fn remove_temporaries(&self) {
        let mut temps = self.temporaries.lock().unwrap_or_else(|e| e.into_inner());
        for t in temps.drain(..) {
            let _ = fs::remove_file(t);
        }
    }

    /// A handle the Ctrl-C path can use to clean up.
    pub fn temporaries(&self) -> Arc<Mutex<Vec<PathBuf>>> {
        Arc::clone(&self.temporaries)
    }
}

/// A file whose flush also reaches the disk, so the manifest is never renamed into place ahead of its
/// own bytes (the data files are synced the same way before it).
struct Durable(File);

impl Write for Durable {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()?;
        self.0.sync_data()
    }
}

/// Writes `bytes` to `temp` (opened by `create`), then renames `temp` to `target`. On any failure (a
/// full disk while writing, or only at the flush) the half-written temporary is
/// removed and `target` is left as it was, so nothing truncated ever looks complete.
pub fn write_via_temp<W: Write>(
    temp: &Path,
    target: &Path,
    bytes: &[u8],
    create: impl FnOnce(&Path) -> std::io::Result<W>,
) -> Result<()> {
    let written = create(temp).and_then(|mut w| {
        w.write_all(bytes)?;
        w.flush()
    });
    if let Err(e) = written {
        let _ = fs::remove_file(temp);
        return Err(Error::io(temp, e));
    }
    fs::rename(temp, target).map_err(|e| {
        let _ = fs::remove_file(temp);
        Error::io(target, e)
    })
}

/// Byte count and hash of a finished file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileTotals {
    pub bytes: u64,
    pub sha256: Option<String>,
}

/// One file being written: counts, hashes and (for the directory sink) buffers to disk.
pub struct FileSink {
    final_path: PathBuf,
    writer: Option<(BufWriter<File>, PathBuf)>,
    hasher: Option<Sha256>,
    bytes: u64,
}

impl FileSink {
    pub fn write(&mut self, bytes: &[u8]) -> Result<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.bytes += bytes.len() as u64;
        if let Some(h) = &mut self.hasher {
            h.update(bytes);
        }
        if let Some((w, temp)) = &mut self.writer {
            w.write_all(bytes).map_err(|e| Error::io(temp, e))?;
        }
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 0xf) as usize] as char);
    }
    s
}

/// SHA-256 of a byte string as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// `--force`: deletes the files listed in any bankgen manifest in `root`, those manifests, any temporary
/// files, and the files this run is about to write. Other files are left alone. A part (`sharded`) deletes
/// only its own files and their temporaries, so forcing part 2 never removes part 1.
fn remove_previous_output(root: &Path, own_names: &[String], sharded: bool) -> Result<()> {
    let mut doomed: Vec<PathBuf> = Vec::new();
    if sharded {
        // Parts share one directory: a part removes only what it would write, never a sibling's files.
        for name in own_names {
            doomed.push(root.join(name));
            doomed.push(root.join(format!("{name}{TEMP_SUFFIX}")));
        }
    }
    let entries = fs::read_dir(root).map_err(|e| Error::io(root, e))?;
    for entry in entries.filter(|_| !sharded) {
        let entry = entry.map_err(|e| Error::io(root, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(TEMP_SUFFIX) {
            doomed.push(entry.path());
        } else if is_manifest_name(&name)
            && let Some(listed) = bankgen_manifest_files(&entry.path())
        {
            doomed.extend(listed.iter().map(|n| root.join(n)));
            doomed.push(entry.path());
        }
    }
    doomed.extend(own_names.iter().map(|n| root.join(n)));
    for path in doomed {
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(&path, e)),
        }
    }
    Ok(())
}

/// The file names a bankgen manifest lists; None for anything that is not a bankgen manifest. Only plain
/// names inside the directory are returned, so a manifest can never point `--force` elsewhere.
fn bankgen_manifest_files(path: &Path) -> Option<Vec<String>> {
    let manifest = read_bankgen_manifest(path)?;
    let names = manifest
        .get("files")?
        .as_array()?
        .iter()
        .filter_map(|f| f.get("name")?.as_str())
        .filter(|n| !n.contains(['/', '\\']) && *n != ".." && *n != ".")
        .map(str::to_string)
        .collect();
    Some(names)
}

/// A bankgen manifest in `path`, parsed; None for anything else.
fn read_bankgen_manifest(path: &Path) -> Option<serde_json::Value> {
    let manifest: serde_json::Value = serde_json::from_slice(&fs::read(path).ok()?).ok()?;
    (manifest.get("tool")?.as_str()? == "bankgen").then_some(manifest)
}

/// True when `path` is a manifest written by a `--sink discard` run.
fn is_discard_manifest(path: &Path) -> bool {
    read_bankgen_manifest(path)
        .is_some_and(|manifest| manifest.get("sink").and_then(|s| s.as_str()) == Some("discard"))
}

fn is_manifest_name(name: &str) -> bool {
    name == "manifest.json" || (name.starts_with("manifest.part-") && name.ends_with(".json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A full disk while the manifest is written (the temporary name points at `/dev/full`, which
    /// fails every write with ENOSPC) is an I/O error and leaves no manifest, whole or partial.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_leaves_no_manifest_behind() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path(), SinkKind::Dir, false, false, &[]).unwrap();
        let temp = dir.path().join(format!("manifest.json{TEMP_SUFFIX}"));
        std::os::unix::fs::symlink("/dev/full", &temp).unwrap();
        let err = out.write_manifest("manifest.json", b"{}").unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
        assert!(!dir.path().join("manifest.json").exists());
        assert!(
            fs::symlink_metadata(&temp).is_err(),
            "temporary left behind"
        );
    }

    #[test]
    fn files_appear_only_when_committed_and_hash_what_was_written() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path(), SinkKind::Dir, false, false, &[]).unwrap();
        let mut sink = out.create("a.jsonl", true).unwrap();
        sink.write(b"abc").unwrap();
        assert!(dir.path().join("a.jsonl.inprogress").exists());
        assert!(!dir.path().join("a.jsonl").exists());
        let totals = out.commit(sink).unwrap();
        assert_eq!(totals.bytes, 3);
        // SHA-256("abc") from FIPS 180-2.
        assert_eq!(
            totals.sha256.as_deref(),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        assert_eq!(fs::read(dir.path().join("a.jsonl")).unwrap(), b"abc");
        assert!(!dir.path().join("a.jsonl.inprogress").exists());
    }

    #[test]
    fn non_empty_directories_are_refused_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("keep.txt"), b"x").unwrap();
        fs::write(dir.path().join("old.json"), b"[]").unwrap();
        fs::write(dir.path().join("x.inprogress"), b"").unwrap();
        fs::write(
            dir.path().join("manifest.json"),
            br#"{"tool":"bankgen","files":[{"name":"old.json"}]}"#,
        )
        .unwrap();
        let refused = OutputDir::prepare(dir.path(), SinkKind::Dir, false, false, &[]);
        assert!(matches!(refused, Err(Error::Refused(_))));
        OutputDir::prepare(dir.path(), SinkKind::Dir, true, false, &[]).unwrap();
        assert!(dir.path().join("keep.txt").exists());
        assert!(!dir.path().join("old.json").exists());
        assert!(!dir.path().join("manifest.json").exists());
        assert!(!dir.path().join("x.inprogress").exists());
    }

    #[test]
    fn sharded_runs_refuse_only_their_own_names() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("p.part-00001-of-00002.jsonl"), b"").unwrap();
        let mine = vec!["p.part-00002-of-00002.jsonl".to_string()];
        OutputDir::prepare(dir.path(), SinkKind::Dir, false, true, &mine).unwrap();
        let theirs = vec!["p.part-00001-of-00002.jsonl".to_string()];
        assert!(OutputDir::prepare(dir.path(), SinkKind::Dir, false, true, &theirs).is_err());
    }

    #[test]
    fn temporaries_are_removed_on_request() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path(), SinkKind::Dir, false, false, &[]).unwrap();
        let _sink = out.create("b.csv", false).unwrap();
        out.remove_temporaries();
        assert!(!dir.path().join("b.csv.inprogress").exists());
    }
}
