//! Dataset discovery: the files of one directory, or of several directories that hold the parts of one
//! dataset. File names follow [`crate::output::manifest::file_name`]: `stem.ext`, or
//! `stem.part-00001-of-00003.ext` with `manifest.part-00001-of-00003.json`. A directory may hold several
//! formats; each format is validated on its own.

use crate::core::error::{Error, Result};
use crate::encode::Format;
use crate::validate::schema::{Entity, entities};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One data file found on disk.
#[derive(Clone, Debug)]
pub struct Found {
    /// Display name (`dir/name` when several directories are validated, else `name`).
    pub label: String,
    pub name: String,
    pub path: PathBuf,
    pub stem: String,
    pub format: Format,
    /// (index, count) from the name; None for an unsharded file.
    pub part: Option<(u32, u32)>,
    /// Which directory (argument order).
    pub dir: usize,
}

/// A manifest file found on disk.
#[derive(Clone, Debug)]
pub struct FoundManifest {
    pub label: String,
    pub name: String,
    pub path: PathBuf,
    pub part: Option<(u32, u32)>,
    pub dir: usize,
}

/// The files of one part of one entity in one format: the main table and, for CSV, its child tables in
/// field order (None when missing).
#[derive(Clone, Debug)]
pub struct PartFiles {
    /// 1-based part index (1 when unsharded).
    pub part: u32,
    pub main: Found,
    pub children: Vec<Option<Found>>,
}

/// Everything found in the directories.
#[derive(Debug, Default)]
pub struct Discovery {
    pub dirs: Vec<PathBuf>,
    pub manifests: Vec<FoundManifest>,
    pub data: Vec<Found>,
    /// Files that are neither data files nor manifests (name, dir).
    pub foreign: Vec<(String, usize)>,
}

impl Discovery {
    /// Formats present, in `Format::ALL` order.
    pub fn formats(&self) -> Vec<Format> {
        Format::ALL
            .into_iter()
            .filter(|f| self.data.iter().any(|d| d.format == *f))
            .collect()
    }

    /// For `format`: each entity's parts in part order (only entities with a main file present), and
    /// the data files of that format that belong to no known table, and child tables without a main file.
    pub fn layout(&self, format: Format) -> (Vec<(&'static Entity, Vec<PartFiles>)>, Vec<Found>) {
        let mut orphans = Vec::new();
        let mut by_table: BTreeMap<(String, u32), Found> = BTreeMap::new();
        for d in self.data.iter().filter(|d| d.format == format) {
            let part = d.part.map_or(1, |p| p.0);
            by_table.insert((d.stem.clone(), part), d.clone());
        }
        let mut out = Vec::new();
        let mut used = std::collections::BTreeSet::new();
        for e in entities() {
            let mut parts = Vec::new();
            for ((stem, part), f) in &by_table {
                if stem != e.stem {
                    continue;
                }
                used.insert((stem.clone(), *part));
                let children = if format == Format::Csv {
                    e.csv_tables[1..]
                        .iter()
                        .map(|(child, _)| {
                            let key = (child.clone(), *part);
                            let found = by_table.get(&key).cloned();
                            if found.is_some() {
                                used.insert(key);
                            }
                            found
                        })
                        .collect()
                } else {
                    Vec::new()
                };
                parts.push(PartFiles {
                    part: *part,
                    main: f.clone(),
                    children,
                });
            }
            if !parts.is_empty() {
                out.push((e, parts));
            }
        }
        for (key, f) in by_table {
            if !used.contains(&key) {
                orphans.push(f);
            }
        }
        (out, orphans)
    }
}

/// (stem, part (index, count), extension) of a file name.
pub type ParsedName = (String, Option<(u32, u32)>, String);

/// Splits `stem[.part-IIIII-of-NNNNN].ext`.
pub fn parse_name(name: &str) -> Option<ParsedName> {
    let (rest, ext) = name.rsplit_once('.')?;
    if let Some((stem, part)) = rest.rsplit_once(".part-") {
        let (i, n) = part.split_once("-of-")?;
        if i.len() != 5 || n.len() != 5 {
            return None;
        }
        let (i, n) = (i.parse().ok()?, n.parse().ok()?);
        return Some((stem.to_string(), Some((i, n)), ext.to_string()));
    }
    Some((rest.to_string(), None, ext.to_string()))
}

/// Lists the directories. A missing or unreadable directory is an I/O error (exit 2).
pub fn discover(dirs: &[PathBuf]) -> Result<Discovery> {
    let mut out = Discovery {
        dirs: dirs.to_vec(),
        ..Default::default()
    };
    let many = dirs.len() > 1;
    for (k, dir) in dirs.iter().enumerate() {
        if !dir.is_dir() {
            let reason = if dir.exists() {
                "not a directory (validate takes dataset directories)"
            } else {
                "no such directory"
            };
            return Err(Error::io(
                dir,
                std::io::Error::new(std::io::ErrorKind::NotFound, reason),
            ));
        }
        let same =
            |other: &PathBuf| std::fs::canonicalize(other).ok() == std::fs::canonicalize(dir).ok();
        if let Some(first) = dirs[..k].iter().find(|other| same(other)) {
            return Err(Error::Usage(format!(
                "{} is given twice (also as {}): name each part directory once",
                dir.display(),
                first.display()
            )));
        }
        let mut names = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            // Follows symbolic links: a dataset assembled from links to part files is still a dataset.
            let is_file = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
            if !is_file {
                continue;
            }
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        for name in names {
            let path = dir.join(&name);
            let label = label(dir, &name, many);
            match parse_name(&name) {
                Some((stem, part, ext)) if stem == "manifest" && ext == "json" => {
                    out.manifests.push(FoundManifest {
                        label,
                        name,
                        path,
                        part,
                        dir: k,
                    })
                }
                Some((stem, part, ext)) => match Format::parse(&ext) {
                    Some(format) if known_table(&stem) => out.data.push(Found {
                        label,
                        name,
                        path,
                        stem,
                        format,
                        part,
                        dir: k,
                    }),
                    _ => out.foreign.push((name, k)),
                },
                None => out.foreign.push((name, k)),
            }
        }
    }
    Ok(out)
}

fn label(dir: &Path, name: &str, many: bool) -> String {
    if many {
        dir.join(name).display().to_string()
    } else {
        name.to_string()
    }
}

/// A main table or CSV child table stem of this release.
fn known_table(stem: &str) -> bool {
    entities()
        .iter()
        .any(|e| e.stem == stem || e.csv_tables.iter().any(|(s, _)| s == stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_stem_part_and_extension() {
        assert_eq!(
            parse_name("transactions.part-00002-of-00003.jsonl"),
            Some(("transactions".into(), Some((2, 3)), "jsonl".into()))
        );
        assert_eq!(
            parse_name("persons.json"),
            Some(("persons".into(), None, "json".into()))
        );
        assert_eq!(parse_name("README"), None);
        assert!(known_table("person_addresses"));
        assert!(!known_table("people"));
    }
}
