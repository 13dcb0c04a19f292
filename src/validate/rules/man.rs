//! MAN-1..6 (SPEC §11, §12): a manifest is present and parses (MAN-1); its data format version is
//! supported (MAN-2); every listed file has the listed records, bytes and SHA-256 (MAN-3); no listed file
//! is missing (MAN-4); totals match the configuration, the parts agree, and (all parts present) the
//! files' records add up to the totals (MAN-5); label counts match the labelled records (MAN-6). Files
//! present but not listed are warnings (MAN-UNLISTED).

use crate::core::time::{parse_date, parse_timestamp};
use crate::output::manifest::{DATA_FORMAT_VERSION, Manifest};
use crate::validate::discover::{Discovery, FoundManifest};
use crate::validate::findings::Findings;
use crate::validate::read::FileStats;
use crate::validate::state::ManCtx;
use std::collections::{BTreeMap, BTreeSet};

/// A parsed manifest.
pub struct Loaded {
    pub found: FoundManifest,
    pub manifest: Manifest,
    /// `config` without its `part` key, to compare parts.
    pub config_key: String,
}

/// Reads every manifest found. An unreadable manifest file is an I/O error.
pub fn load(disc: &Discovery, f: &mut Findings) -> crate::core::error::Result<Vec<Loaded>> {
    let mut out = Vec::new();
    for (k, dir) in disc.dirs.iter().enumerate() {
        if !disc.manifests.iter().any(|m| m.dir == k) {
            let label = dir.display().to_string();
            f.error("MAN-1", &label, 0, || {
                "no manifest: only FMT, SCH, ENUM, RANGE and IDENT rules run".into()
            });
        }
    }
    for m in &disc.manifests {
        let bytes =
            std::fs::read(&m.path).map_err(|e| crate::core::error::Error::io(&m.path, e))?;
        let value: serde_json::Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => {
                let line = e.line() as u64;
                f.error("MAN-1", &m.label, line, || {
                    format!("manifest does not parse: {e}")
                });
                continue;
            }
        };
        let version = value.get("data_format_version").and_then(|v| v.as_u64());
        if value.get("tool").and_then(|v| v.as_str()) != Some("bankgen")
            || version != Some(DATA_FORMAT_VERSION as u64)
        {
            f.error("MAN-2", &m.label, 0, || {
                format!(
                    "data format version {} is not supported (this release reads {DATA_FORMAT_VERSION})",
                    version.map_or("missing".to_string(), |v| v.to_string())
                )
            });
            continue;
        }
        let mut config = value.get("config").cloned().unwrap_or_default();
        if let Some(c) = config.as_object_mut() {
            c.remove("part");
        }
        match serde_json::from_value::<Manifest>(value) {
            Ok(manifest) => out.push(Loaded {
                found: m.clone(),
                manifest,
                config_key: config.to_string(),
            }),
            Err(e) => f.error("MAN-1", &m.label, 0, || {
                format!("manifest does not match its schema: {e}")
            }),
        }
    }
    Ok(out)
}

/// Checks that the parts belong together; returns the dataset context and whether every part is there.
pub fn dataset(loaded: &[Loaded], f: &mut Findings) -> Option<(ManCtx, u64, bool)> {
    let first = loaded.first()?;
    let m = &first.manifest;
    let count = m.part.count.max(1);
    let mut seen = BTreeSet::new();
    let mut agree = true;
    for l in loaded {
        let p = l.manifest.part;
        if l.config_key != first.config_key || l.manifest.seed != m.seed || p.count != m.part.count
        {
            agree = false;
            f.error("MAN-5", &l.found.label, 0, || {
                let why = if l.manifest.seed != m.seed {
                    format!("seed {} differs from seed {}", l.manifest.seed, m.seed)
                } else if p.count != m.part.count {
                    format!("{} parts differ from {}", p.count, m.part.count)
                } else {
                    "its configuration differs".to_string()
                };
                format!(
                    "part {} of {} does not belong to the dataset of {} ({why}): validate each dataset on its own",
                    p.index, p.count, first.found.label
                )
            });
            // Another dataset's part index says nothing about this one's.
            continue;
        }
        if p.index == 0 || p.index > count || !seen.insert(p.index) {
            agree = false;
            f.error("MAN-5", &l.found.label, 0, || {
                format!(
                    "part index {} of {} is invalid or repeated",
                    p.index, p.count
                )
            });
        }
    }
    // Totals match the configuration.
    let c = &m.config.counts;
    for (stem, n) in [
        ("persons", c.persons),
        ("companies", c.companies),
        ("accounts", c.accounts),
        ("transactions", c.transactions),
        ("communications", c.communications),
        ("trades", c.trades),
        ("travels", c.travels),
        ("documents", c.documents),
        ("account_events", c.account_events),
    ] {
        if let Some(t) = m.totals.get(stem)
            && t != n
        {
            f.error("MAN-5", &first.found.label, 0, || {
                format!("totals.{stem} = {t}, the configuration says {n}")
            });
        }
    }
    let instances: u64 = m.patterns.instances.0.iter().map(|(_, n)| n).sum();
    if let Some(t) = m.totals.get("patterns")
        && t != instances
    {
        f.error("MAN-5", &first.found.label, 0, || {
            format!("totals.patterns = {t}, patterns.instances sum to {instances}")
        });
    }
    if m.part.count == 0 {
        f.error("MAN-5", &first.found.label, 0, || "part count is 0".into());
    }
    // The window is the configuration's (start, days), and event files have a slice length.
    let expected = parse_timestamp(&m.config.start).map(|start| {
        let window = crate::generators::Window::new(start, m.config.days);
        crate::output::manifest::WindowInfo::new(&window, m.window.slice_seconds)
    });
    let stated = &m.window;
    let agrees = expected.as_ref().is_some_and(|w| {
        (&w.start, &w.end, w.days, &w.as_of, &w.as_of_date)
            == (
                &stated.start,
                &stated.end,
                stated.days,
                &stated.as_of,
                &stated.as_of_date,
            )
    });
    if !agrees {
        f.error("MAN-5", &first.found.label, 0, || {
            format!(
                "window {} .. {} ({} days, as_of_date {}) is not the one config.start {} and config.days {} give",
                stated.start,
                stated.end,
                stated.days,
                stated.as_of_date,
                m.config.start,
                m.config.days
            )
        });
    }
    if stated.slice_seconds == Some(0) {
        f.error("MAN-5", &first.found.label, 0, || {
            "window.slice_seconds is 0".into()
        });
    }
    let (Some(start), Some(end), Some(as_of_date)) = (
        parse_timestamp(&m.window.start),
        parse_timestamp(&m.window.end),
        parse_date(&m.window.as_of_date),
    ) else {
        f.error("MAN-1", &first.found.label, 0, || {
            "window times do not parse".into()
        });
        return None;
    };
    let man = ManCtx {
        start,
        end,
        as_of_date,
        slice_seconds: m.window.slice_seconds,
        persons: c.persons,
        companies: c.companies,
        accounts: c.accounts,
        patterns: m.totals.get("patterns").unwrap_or(instances),
        totals: m.totals.clone(),
        alerts: m.config.generators.alerts.clone(),
        margin_bp: (m.config.patterns.structuring_margin * 10_000.0).round() as u32,
        part_count: count,
        ubo_threshold: libm::round(
            m.config.generators.relationships.ubo_threshold_percent * 10_000.0,
        )
        .max(0.0) as u64,
        laundering_rate: match (
            m.config.patterns.enabled,
            m.config.patterns.laundering_rate,
            m.config.patterns.count.0.is_empty(),
        ) {
            (false, _, _) => None,
            (true, Some(rate), _) => Some(rate),
            (true, None, true) => Some(crate::patterns::plan::DEFAULT_RATE),
            (true, None, false) => None,
        },
    };
    let full = agree && seen.len() as u32 == count;
    Some((man, m.seed, full))
}

/// MAN-3, MAN-4 and unlisted files, against what reading measured (`stats` by (dir, name)).
pub fn files(
    disc: &Discovery,
    loaded: &[Loaded],
    stats: &BTreeMap<(usize, String), FileStats>,
    f: &mut Findings,
) {
    let mut listed: BTreeSet<(usize, String)> = BTreeSet::new();
    for l in loaded {
        let dir = l.found.dir;
        listed.insert((dir, l.found.name.clone()));
        for e in &l.manifest.files {
            listed.insert((dir, e.name.clone()));
            let present = disc.data.iter().any(|d| d.dir == dir && d.name == e.name)
                || disc.foreign.iter().any(|(n, d)| *d == dir && *n == e.name);
            if !present {
                f.error("MAN-4", &l.found.label, 0, || {
                    format!("listed file {} is missing", e.name)
                });
                continue;
            }
            let Some(s) = stats.get(&(dir, e.name.clone())) else {
                continue;
            };
            let mut diffs = Vec::new();
            if s.records != e.records {
                diffs.push(format!("records {} (listed {})", s.records, e.records));
            }
            if s.bytes != e.bytes {
                diffs.push(format!("bytes {} (listed {})", s.bytes, e.bytes));
            }
            if let Some(h) = &e.sha256
                && *h != s.sha256
            {
                diffs.push("sha256 differs".into());
            }
            if !diffs.is_empty() {
                f.error("MAN-3", &e.name, 0, || {
                    format!(
                        "{} does not match the manifest: {}",
                        e.name,
                        diffs.join(", ")
                    )
                });
            }
        }
    }
    for (dir, _) in disc.dirs.iter().enumerate() {
        if !loaded.iter().any(|l| l.found.dir == dir) {
            continue;
        }
        let names = disc
            .data
            .iter()
            .filter(|d| d.dir == dir)
            .map(|d| (d.name.clone(), d.label.clone()))
            .chain(
                disc.foreign
                    .iter()
                    .filter(|(_, d)| *d == dir)
                    .map(|(n, _)| (n.clone(), n.clone())),
            )
            .chain(
                disc.manifests
                    .iter()
                    .filter(|m| m.dir == dir)
                    .map(|m| (m.name.clone(), m.label.clone())),
            );
        for (name, label) in names {
            if !listed.contains(&(dir, name.clone())) {
                f.warn("MAN-UNLISTED", &label, 0, || {
                    format!("{name} is not listed in the manifest")
                });
            }
        }
    }
}

/// MAN-5: with every part present, each main file's records add up to the dataset total.
pub fn totals(man: &ManCtx, records: &BTreeMap<&'static str, u64>, label: &str, f: &mut Findings) {
    for (stem, n) in records {
        if let Some(t) = man.totals.get(stem)
            && t != *n
        {
            f.error("MAN-5", label, 0, || {
                format!("{stem}: {n} record(s) in the files, totals say {t}")
            });
        }
    }
}

/// MAN-6: label counts against the labelled records (`labelled[k]` per count slot).
pub fn labels(
    m: &Manifest,
    labelled: &[u64; 7],
    written: &[bool; 7],
    transactions: u64,
    label: &str,
    f: &mut Findings,
) {
    let l = &m.labels;
    let expected = [
        (0, "transactions", l.transactions.labelled),
        (1, "communications", l.communications),
        (2, "trades", l.trades),
        (3, "documents", l.documents),
        (4, "account_events", l.account_events),
        (5, "relationships", l.relationships),
    ];
    for (k, stem, n) in expected {
        if written[k] && labelled[k] != n {
            let got = labelled[k];
            f.error("MAN-6", label, 0, || {
                format!("labels.{stem} = {n}, but {got} record(s) carry a pattern id")
            });
        }
    }
    if written[0] {
        if l.transactions.total != transactions {
            f.error("MAN-6", label, 0, || {
                format!(
                    "labels.transactions.total = {}, the files hold {transactions}",
                    l.transactions.total
                )
            });
        }
        let micro = (labelled[0] as u128 * 1_000_000)
            .checked_div(transactions as u128)
            .unwrap_or(0);
        let rate = format!("{}.{:06}", micro / 1_000_000, micro % 1_000_000);
        if l.transactions.rate != rate {
            f.error("MAN-6", label, 0, || {
                format!(
                    "labels.transactions.rate = {}, recomputed {rate}",
                    l.transactions.rate
                )
            });
        }
    }
}
