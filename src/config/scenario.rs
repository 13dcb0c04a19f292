//! Scenario files (SPEC §2.4): a TOML file (`--config FILE`) plus `--set KEY=VALUE` overrides, turned
//! into [`Settings`], the layer the CLI resolves its flags over (flags > `--set` > file > defaults).
//!
//! The file is parsed twice: into a plain [`toml::Table`] for the values and into a
//! [`toml::de::DeTable`] for the spans, so every key remembers where it came from (`file:line:col`, or
//! the `--set` argument). `--set` values are parsed as TOML values (a bare word falls back to a string)
//! and merged into the table by dotted path. Checking then runs in three passes, each error one line
//! naming where, the dotted key and what is allowed:
//!
//! 1. numeric keys against their [`Range`] (the generator ranges come from
//!    [`GenParams::params`], next to the defaults), so a wrong type or an out-of-range value reports
//!    the range, e.g. `scenario.toml:12:1: persons.pep_probability = 1.5: must be within [0, 1]`;
//! 2. the typed structure (serde with `deny_unknown_fields`; `serde_path_to_error` gives the key of an
//!    unknown key or a wrong type);
//! 3. values whose rules span keys or tables ([`GenParams::validate`], formats, `--only` names, the
//!    pattern plan keys, the window start).
//!
//! [`example`] prints the complete file with every key at its default; keys whose default is "derived"
//! or "unset" are shown commented out, so parsing the example resolves to exactly the configuration of
//! no file at all (tests/scenario.rs).

use crate::config::{
    Checksums, CountOverrides, DAYS_RANGE, DEFAULT_DAYS, DEFAULT_SEED, DEFAULT_START,
    PatternConfig, Totals,
};
use crate::core::error::{Error, Result};
use crate::encode::Format;
use crate::generators::GenParams;
use crate::generators::params::{Range, TEXT_PARAMS};
use crate::model::record::Label as _;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Where a key's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Origin {
    File {
        name: String,
        line: usize,
        col: usize,
    },
    Set(String),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::File { name, line, col } => write!(f, "{name}:{line}:{col}"),
            Origin::Set(arg) => write!(f, "--set {arg}"),
        }
    }
}

/// A scenario document: the merged values of the file and `--set`, and where each key came from.
#[derive(Clone, Debug, Default)]
pub struct Scenario {
    tree: toml::Table,
    origins: BTreeMap<Vec<String>, Origin>,
}

/// What the scenario says; `None` (or an empty list) means "not given", so flags and defaults apply.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub seed: Option<u64>,
    /// Checked RFC 3339 text and its timestamp.
    pub start: Option<(String, crate::core::time::Timestamp)>,
    pub days: Option<u32>,
    pub persons: Option<u64>,
    pub scale: Option<f64>,
    pub counts: CountOverrides,
    /// Canonical order, each once.
    pub formats: Option<Vec<Format>>,
    pub only: Option<Vec<String>>,
    pub checksums: Option<Checksums>,
    pub part: Option<u32>,
    pub parts: Option<u32>,
    /// Whether `patterns.enabled` was given (a flag may conflict with it).
    pub patterns_enabled_given: bool,
    pub patterns: PatternConfig,
    pub generators: GenParams,
}

impl Scenario {
    /// Reads and parses `--config FILE`; a missing or unreadable file is a usage error (exit 2).
    pub fn load(path: &Path) -> Result<Scenario> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Usage(format!("--config {}: {e}", path.display())))?;
        Scenario::parse(&path.display().to_string(), &text)
    }

    /// Parses scenario text; `name` is the file name used in error locations.
    pub fn parse(name: &str, text: &str) -> Result<Scenario> {
        let syntax = |e: toml::de::Error| {
            let at = e
                .span()
                .map(|s| {
                    let (line, col) = line_col(text, s.start);
                    format!("{name}:{line}:{col}")
                })
                .unwrap_or_else(|| name.to_string());
            Error::Usage(format!("{at}: {}", one_line(e.message())))
        };
        let mut tree: toml::Table = text.parse().map_err(syntax)?;
        normalize(&mut tree);
        let spans = toml::de::DeTable::parse(text).map_err(syntax)?;
        let mut origins = BTreeMap::new();
        record_spans(name, text, spans.get_ref(), &mut Vec::new(), &mut origins);
        Ok(Scenario { tree, origins })
    }

    /// Applies one `--set KEY=VALUE` (dotted TOML key; the value is a TOML value, or a string when it
    /// is a bare word that is not one).
    pub fn set(&mut self, arg: &str) -> Result<()> {
        let bad = |why: &str| Error::Usage(format!("--set {arg}: {why}"));
        if arg.contains(['\n', '\r']) {
            return Err(bad("must be one line"));
        }
        let (key, value) = arg
            .split_once('=')
            .ok_or_else(|| bad("expected KEY=VALUE, e.g. persons.pep_probability=0.02"))?;
        let (key, value) = (pattern_key(key.trim()), value.trim());
        if key.is_empty() {
            return Err(bad("expected KEY=VALUE, e.g. persons.pep_probability=0.02"));
        }
        let parsed = match format!("{key} = {value}").parse::<toml::Table>() {
            Ok(t) => t,
            Err(first) => {
                let bare = !value.is_empty() && !value.starts_with(['"', '\'', '[', '{']);
                let as_string = format!("{key} = {}", toml::Value::String(value.into()));
                match as_string.parse::<toml::Table>() {
                    Ok(t) if bare => t,
                    _ => return Err(bad(&one_line(first.message()))),
                }
            }
        };
        let mut parsed = parsed;
        normalize(&mut parsed);
        let origin = Origin::Set(arg.to_string());
        merge(
            &mut self.tree,
            parsed,
            &mut Vec::new(),
            &mut self.origins,
            &origin,
        );
        Ok(())
    }

    /// Checks everything and returns the typed settings; `known_files` are the names `output.only`
    /// may list, in file order.
    pub fn settings(&self, known_files: &[&str]) -> Result<Settings> {
        let ranges: BTreeMap<String, Range> = GenParams::default()
            .params()
            .into_iter()
            .map(|p| (p.key, p.range))
            .collect();
        self.check_numbers(&self.tree, &mut Vec::new(), &ranges)?;
        let doc: FileDoc = serde_path_to_error::deserialize(toml::Value::Table(self.tree.clone()))
            .map_err(|e| {
                let path: Vec<String> = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        _ => None,
                    })
                    .collect();
                let inner = one_line(e.inner().message()).replace("unknown field", "unknown key");
                let key = dotted(&path);
                // A value where a table belongs: serde would name the Rust struct ("expected struct
                // FileCounts"), which means nothing to the user.
                if inner.contains("expected struct") || inner.contains("expected a map") {
                    return self.fail(
                        &path,
                        format!(
                            "{key} is a table, not a value: set one of its keys, e.g. {key}.KEY=VALUE"
                        ),
                    );
                }
                self.fail(&path, format!("{key}: {inner}"))
            })?;
        self.typed(doc, known_files)
    }

    fn typed(&self, doc: FileDoc, known_files: &[&str]) -> Result<Settings> {
        let key = |k: &str| -> Vec<String> { k.split('.').map(str::to_string).collect() };
        let seed = match &doc.seed {
            None => None,
            Some(toml::Value::Integer(i)) if *i >= 0 => Some(*i as u64),
            Some(toml::Value::String(s)) if s.parse::<u64>().is_ok() => s.parse().ok(),
            Some(v) => {
                return Err(self.fail(
                    &key("seed"),
                    format!(
                        "seed = {v}: must be an integer within [0, {}] (a decimal string above 2^63 - 1)",
                        u64::MAX
                    ),
                ));
            }
        };
        let start = match doc.start {
            None => None,
            Some(text) => {
                let ts = crate::config::parse_start(&text)
                    .map_err(|why| self.fail(&key("start"), format!("start = {text:?}: {why}")))?;
                Some((text, ts))
            }
        };
        let c = &doc.counts;
        if c.persons.is_some() && c.scale.is_some() {
            return Err(self.fail(
                &key("counts.scale"),
                "counts.persons and counts.scale are mutually exclusive".into(),
            ));
        }
        let formats = match &doc.output.formats {
            None => None,
            Some(Names(list)) => Some(
                parse_formats("output.formats", list)
                    .map_err(|e| self.fail(&key("output.formats"), e.to_string()))?,
            ),
        };
        if let Some(Names(only)) = &doc.output.only
            && let Some(name) = only.iter().find(|n| !known_files.contains(&n.as_str()))
        {
            return Err(self.fail(
                &key("output.only"),
                format!(
                    "output.only: unknown file {name:?} (known: {})",
                    known_files.join(", ")
                ),
            ));
        }
        if let (Some(index), Some(count)) = (doc.part.index, doc.part.count)
            && index > count
        {
            return Err(self.fail(
                &key("part.index"),
                format!("part.index = {index}: must be within [1, part.count = {count}]"),
            ));
        }
        let patterns = self.patterns(&doc.patterns)?;
        let generators = GenParams {
            persons: doc.persons,
            companies: doc.companies,
            accounts: doc.accounts,
            relationships: doc.relationships,
            transactions: doc.transactions,
            communications: doc.communications,
            trades: doc.trades,
            travels: doc.travels,
            documents: doc.documents,
            account_events: doc.account_events,
            alerts: doc.alerts,
        };
        generators
            .validate()
            .map_err(|invalid| self.fail(&key(&invalid.key), invalid.message))?;
        Ok(Settings {
            seed,
            start,
            days: doc.days,
            persons: c.persons,
            scale: c.scale,
            counts: CountOverrides {
                companies: c.companies,
                accounts: c.accounts,
                transactions: c.transactions,
                communications: c.communications,
                trades: c.trades,
                travels: c.travels,
                documents: c.documents,
                account_events: c.account_events,
            },
            formats,
            only: doc
                .output
                .only
                .as_ref()
                .map(|n| parse_only(&n.0, known_files)),
            checksums: doc.output.checksums,
            part: doc.part.index,
            parts: doc.part.count,
            patterns_enabled_given: doc.patterns.enabled.is_some(),
            patterns,
            generators,
        })
    }

    /// The `[patterns]` table; each count, weight and subtype table is checked on its own so an error
    /// points at its key.
    fn patterns(&self, p: &FilePatterns) -> Result<PatternConfig> {
        let defaults = PatternConfig::default();
        let mut out = PatternConfig {
            enabled: p.enabled.unwrap_or(defaults.enabled),
            laundering_rate: p.laundering_rate,
            structuring_margin: p.structuring_margin.unwrap_or(defaults.structuring_margin),
            ..defaults
        };
        let path =
            |parts: &[&str]| -> Vec<String> { parts.iter().map(|s| s.to_string()).collect() };
        let probe = |key: Vec<String>, config: PatternConfig| -> Result<()> {
            config.options().map(|_| ()).map_err(|e| {
                let why = e.to_string();
                // parse_request says "--pattern NAME=N: why"; the key already says that.
                let why = match why.strip_prefix("--pattern ") {
                    Some(rest) => rest.split_once(": ").map_or(rest, |x| x.1).to_string(),
                    None => why,
                };
                self.fail(&key, format!("{}: {why}", dotted(&key)))
            })
        };
        for (name, value) in &p.count {
            let n = value.as_integer().unwrap_or(0) as u64;
            let totals = Totals(vec![(name.clone(), n)]);
            probe(
                path(&["patterns", "count", name]),
                PatternConfig {
                    count: totals,
                    ..PatternConfig::default()
                },
            )?;
            out.count.0.push((name.clone(), n));
        }
        for (name, value) in &p.weights {
            let w = value.as_integer().unwrap_or(0) as u64;
            probe(
                path(&["patterns", "weights", name]),
                PatternConfig {
                    weights: Totals(vec![(name.clone(), w)]),
                    ..PatternConfig::default()
                },
            )?;
            out.weights.0.push((name.clone(), w));
        }
        for (name, table) in &p.subtype_weights {
            let key = path(&["patterns", "subtype_weights", name]);
            let toml::Value::Table(table) = table else {
                return Err(self.fail(
                    &key,
                    format!(
                        "{} = {table}: expected a table of subtype weights",
                        dotted(&key)
                    ),
                ));
            };
            let weights = Totals(
                table
                    .iter()
                    .map(|(s, w)| (s.clone(), w.as_integer().unwrap_or(0) as u64))
                    .collect(),
            );
            let mut one = BTreeMap::new();
            one.insert(name.clone(), weights.clone());
            probe(
                key,
                PatternConfig {
                    subtype_weights: one,
                    ..PatternConfig::default()
                },
            )?;
            out.subtype_weights.insert(name.clone(), weights);
        }
        if !out.enabled && (out.laundering_rate.is_some() || !out.count.0.is_empty()) {
            return Err(self.fail(
                &path(&["patterns", "enabled"]),
                "patterns.enabled = false conflicts with patterns.laundering_rate and patterns.count"
                    .into(),
            ));
        }
        out.options().map_err(|e| Error::Usage(e.to_string()))?;
        Ok(out)
    }

    /// Pass 1: numeric keys against their ranges.
    fn check_numbers(
        &self,
        table: &toml::Table,
        path: &mut Vec<String>,
        ranges: &BTreeMap<String, Range>,
    ) -> Result<()> {
        for (k, v) in table {
            path.push(k.clone());
            if let Some(range) = range_of(path, ranges) {
                let x = match v {
                    toml::Value::Integer(i) => Some(*i as f64),
                    toml::Value::Float(f) if !range.integer => Some(*f),
                    _ => None,
                };
                let key = dotted(path);
                match x {
                    None => {
                        let kind = if range.integer {
                            "an integer"
                        } else {
                            "a number"
                        };
                        return Err(self.fail(
                            path,
                            format!(
                                "{key} = {v}: expected {kind} {}, found {}",
                                range.describe(),
                                v.type_str()
                            ),
                        ));
                    }
                    Some(x) if !range.contains(x) => {
                        return Err(
                            self.fail(path, format!("{key} = {v}: {}", range.requirement()))
                        );
                    }
                    Some(_) => {}
                }
            } else if let toml::Value::Table(t) = v {
                self.check_numbers(t, path, ranges)?;
            }
            path.pop();
        }
        Ok(())
    }

    /// An error prefixed with where the key (or its nearest given parent) came from.
    fn fail(&self, path: &[String], message: String) -> Error {
        let origin = (0..=path.len())
            .rev()
            .find_map(|n| self.origins.get(&path[..n]));
        match origin {
            Some(origin) => Error::Usage(format!("{origin}: {message}")),
            None => Error::Usage(message),
        }
    }
}

/// The allowed range of a numeric key, if it is one.
fn range_of(path: &[String], generators: &BTreeMap<String, Range>) -> Option<Range> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["days"] => Some(Range::int(
            *DAYS_RANGE.start() as i64,
            *DAYS_RANGE.end() as i64,
        )),
        ["counts", "persons" | "companies" | "accounts"] => {
            Some(Range::int(0, crate::core::ids::MAX_INDEX as i64))
        }
        ["counts", "scale"] => Some(Range::closed(0.0, 1e8).above()),
        ["counts", _] => Some(Range::COUNT),
        ["part", "index" | "count"] => Some(Range::int(1, 65_535)),
        ["patterns", "laundering_rate"] => Some(Range::closed(0.0, 0.05)),
        ["patterns", "structuring_margin"] => Some(Range::closed(0.0, 0.5).below()),
        ["patterns", "count", _] => Some(Range::COUNT),
        ["patterns", "weights", _] | ["patterns", "subtype_weights", _, _] => {
            Some(Range::PER_MILLE)
        }
        _ => generators.get(&path.join(".")).copied(),
    }
}

/// A dotted key for messages; segments that are not bare keys are quoted.
fn dotted(path: &[String]) -> String {
    path.iter()
        .map(|s| {
            if !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                s.clone()
            } else {
                format!("{s:?}")
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// `patterns.count.cycle.simple` on the command line means the key `"cycle.simple"` of
/// `[patterns.count]`.
fn pattern_key(key: &str) -> String {
    match key.strip_prefix("patterns.count.") {
        Some(rest) if rest.contains('.') && !rest.contains(['"', '\'']) => {
            format!("patterns.count.{}", toml::Value::String(rest.trim().into()))
        }
        _ => key.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Datetimes become their RFC 3339 text (`start = 2025-01-01T00:00:00Z` works unquoted).
fn normalize(table: &mut toml::Table) {
    fn value(v: &mut toml::Value) {
        match v {
            toml::Value::Datetime(d) => *v = toml::Value::String(d.to_string()),
            toml::Value::Array(items) => items.iter_mut().for_each(value),
            toml::Value::Table(t) => normalize(t),
            _ => {}
        }
    }
    table.iter_mut().for_each(|(_, v)| value(v));
}

/// Records the position of every key of the file.
fn record_spans(
    name: &str,
    text: &str,
    table: &toml::de::DeTable<'_>,
    path: &mut Vec<String>,
    origins: &mut BTreeMap<Vec<String>, Origin>,
) {
    for (key, value) in table.iter() {
        path.push(key.get_ref().to_string());
        let (line, col) = line_col(text, key.span().start);
        origins.insert(
            path.clone(),
            Origin::File {
                name: name.to_string(),
                line,
                col,
            },
        );
        if let toml::de::DeValue::Table(t) = value.get_ref() {
            record_spans(name, text, t, path, origins);
        }
        path.pop();
    }
}

/// Merges `src` into `dst` (tables recursively, anything else replaced), marking every key it sets.
fn merge(
    dst: &mut toml::Table,
    src: toml::Table,
    path: &mut Vec<String>,
    origins: &mut BTreeMap<Vec<String>, Origin>,
    origin: &Origin,
) {
    for (k, v) in src {
        path.push(k.clone());
        match (dst.get_mut(&k), v) {
            (Some(toml::Value::Table(d)), toml::Value::Table(s)) => {
                origins.insert(path.clone(), origin.clone());
                merge(d, s, path, origins, origin);
            }
            (_, v) => {
                origins.retain(|p, _| !p.starts_with(path));
                mark(&v, path, origins, origin);
                dst.insert(k.clone(), v);
            }
        }
        path.pop();
    }
}

fn mark(
    v: &toml::Value,
    path: &mut Vec<String>,
    origins: &mut BTreeMap<Vec<String>, Origin>,
    origin: &Origin,
) {
    origins.insert(path.clone(), origin.clone());
    if let toml::Value::Table(t) = v {
        for (k, v) in t {
            path.push(k.clone());
            mark(v, path, origins, origin);
            path.pop();
        }
    }
}

/// The file's typed shape. Absent keys are `None` (flags and derivations apply) or generator
/// defaults.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FileDoc {
    /// Integer, or a decimal string for seeds above `i64::MAX`.
    seed: Option<toml::Value>,
    start: Option<String>,
    days: Option<u32>,
    counts: FileCounts,
    output: FileOutput,
    part: FilePart,
    patterns: FilePatterns,
    persons: crate::generators::params::PersonParams,
    companies: crate::generators::params::CompanyParams,
    accounts: crate::generators::params::AccountParams,
    relationships: crate::generators::params::RelationshipParams,
    transactions: crate::generators::params::TransactionParams,
    communications: crate::generators::params::CommunicationParams,
    trades: crate::generators::params::TradeParams,
    travels: crate::generators::params::TravelParams,
    documents: crate::generators::params::DocumentParams,
    account_events: crate::generators::params::AccountEventParams,
    alerts: crate::generators::alert::AlertParams,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FileCounts {
    persons: Option<u64>,
    scale: Option<f64>,
    companies: Option<u64>,
    accounts: Option<u64>,
    transactions: Option<u64>,
    communications: Option<u64>,
    trades: Option<u64>,
    travels: Option<u64>,
    documents: Option<u64>,
    account_events: Option<u64>,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FileOutput {
    formats: Option<Names>,
    only: Option<Names>,
    checksums: Option<Checksums>,
}

/// A list of names, or one comma-separated string (`--set output.formats=json,csv`).
struct Names(Vec<String>);

impl<'de> serde::Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Names;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of strings or one comma-separated string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Names, E> {
                Ok(Names(
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                ))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Names, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Names(out))
            }
        }
        d.deserialize_any(Visitor)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FilePart {
    index: Option<u32>,
    count: Option<u32>,
}

/// Count, weight and subtype tables keep the file's key order (`toml` is built with
/// `preserve_order`); their values were range-checked in pass 1.
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct FilePatterns {
    enabled: Option<bool>,
    laundering_rate: Option<f64>,
    structuring_margin: Option<f64>,
    count: toml::Table,
    weights: toml::Table,
    subtype_weights: toml::Table,
}

/// Meaning and range of the keys outside the generator tables, for [`example`].
const TOP_DOCS: &[(&str, &str)] = &[
    (
        "seed",
        "master seed: an integer >= 0 (a decimal string for seeds above 2^63 - 1)",
    ),
    (
        "start",
        "window start, RFC 3339 with any offset (normalised to UTC); year within [1970, 2500]",
    ),
    ("days", "window length in whole days, within [1, 3650]"),
    (
        "counts.persons",
        "size base: number of persons, an integer >= 0; conflicts with scale",
    ),
    (
        "counts.scale",
        "size base as 10,000 persons per unit (> 0, decimals allowed); unset by default",
    ),
    (
        "counts.companies",
        "exact companies (integer >= 0); derived as ceil(persons / 5) when unset",
    ),
    (
        "counts.accounts",
        "exact accounts (integer >= 0); derived as 2 x persons when unset",
    ),
    (
        "counts.transactions",
        "exact transactions (integer >= 0); derived as 100 x persons when unset",
    ),
    (
        "counts.communications",
        "exact communications (integer >= 0); derived as 2 x persons when unset",
    ),
    (
        "counts.trades",
        "exact trades (integer >= 0); derived as 10 x persons when unset",
    ),
    (
        "counts.travels",
        "exact travels (integer >= 0); derived as 5 x persons when unset",
    ),
    (
        "counts.documents",
        "exact documents (integer >= 0); derived as 20 x persons when unset",
    ),
    (
        "counts.account_events",
        "exact account events (integer >= 0); derived as 10 x persons when unset",
    ),
    (
        "output.formats",
        "formats written in one pass: any of \"json\", \"jsonl\", \"csv\"",
    ),
    (
        "output.only",
        "write only these entity files (e.g. [\"persons\", \"accounts\"]); empty = all",
    ),
    (
        "output.checksums",
        "\"sha256\" per-file hashes in the manifest, or \"none\" (null hashes)",
    ),
    (
        "part.index",
        "which part (1-based) this process writes, within [1, part.count]",
    ),
    (
        "part.count",
        "number of parts the dataset is split into, within [1, 65535]",
    ),
    (
        "patterns.enabled",
        "false: no injected instances (conflicts with laundering_rate and count)",
    ),
    (
        "patterns.laundering_rate",
        "share of transactions in injected instances, within [0, 0.05]; unset = 0.002 unless count lists instances",
    ),
    (
        "patterns.structuring_margin",
        "structuring deposits lie in [T(1 - m), T) below a threshold T; within [0, 0.5)",
    ),
];

fn doc_of(key: &str, generator_docs: &BTreeMap<String, &'static str>) -> String {
    TOP_DOCS
        .iter()
        .chain(TEXT_PARAMS.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, d)| d.to_string())
        .or_else(|| generator_docs.get(key).map(|d| d.to_string()))
        .unwrap_or_default()
}

/// `bankgen config --example`: the complete scenario file, every key at its default with a one-line
/// comment. Parsing it resolves to the same configuration as no file.
pub fn example() -> String {
    let defaults = GenParams::default();
    let params = defaults.params();
    let ranges: BTreeMap<String, Range> = params.iter().map(|p| (p.key.clone(), p.range)).collect();
    let docs: BTreeMap<String, &'static str> =
        params.iter().map(|p| (p.key.clone(), p.doc)).collect();
    let mut out = String::new();
    let mut entry = |out: &mut String, key: &str, value: String, set: bool| {
        let doc = doc_of(key, &docs);
        let doc = match ranges.get(key) {
            Some(r) if !doc.contains("within") => {
                let kind = if r.integer { "integer " } else { "" };
                format!("{doc}; {kind}{}", r.describe())
            }
            _ => doc,
        };
        let name = key.rsplit('.').next().unwrap_or(key);
        let _ = writeln!(out, "# {doc}");
        let _ = writeln!(out, "{}{name} = {value}", if set { "" } else { "# " });
    };
    out.push_str(
        "# bankgen scenario file (SPEC §2.4), printed by `bankgen config --example`.\n\
         # Every key is shown at its default; keys that are derived or unset by default are commented out.\n\
         # Precedence: command-line flags > --set KEY=VALUE > this file > defaults.\n\n",
    );
    entry(&mut out, "seed", DEFAULT_SEED.to_string(), true);
    entry(&mut out, "start", format!("{DEFAULT_START:?}"), true);
    entry(&mut out, "days", DEFAULT_DAYS.to_string(), true);
    out.push_str("\n[counts]\n");
    entry(&mut out, "counts.persons", "100".into(), true);
    entry(&mut out, "counts.scale", "0.01".into(), false);
    let derived = crate::config::Counts::resolve(100, &CountOverrides::default());
    for (name, n) in [
        ("companies", derived.companies),
        ("accounts", derived.accounts),
        ("transactions", derived.transactions),
        ("communications", derived.communications),
        ("trades", derived.trades),
        ("travels", derived.travels),
        ("documents", derived.documents),
        ("account_events", derived.account_events),
    ] {
        entry(&mut out, &format!("counts.{name}"), n.to_string(), false);
    }
    out.push_str("\n[output]\n");
    entry(&mut out, "output.formats", "[\"json\"]".into(), true);
    entry(&mut out, "output.only", "[]".into(), true);
    entry(&mut out, "output.checksums", "\"sha256\"".into(), true);
    out.push_str("\n[part]\n");
    entry(&mut out, "part.index", "1".into(), true);
    entry(&mut out, "part.count", "1".into(), true);
    let patterns = PatternConfig::default();
    out.push_str("\n[patterns]\n");
    entry(
        &mut out,
        "patterns.enabled",
        patterns.enabled.to_string(),
        true,
    );
    entry(
        &mut out,
        "patterns.laundering_rate",
        crate::patterns::plan::DEFAULT_RATE.to_string(),
        false,
    );
    entry(
        &mut out,
        "patterns.structuring_margin",
        toml::Value::Float(patterns.structuring_margin).to_string(),
        true,
    );
    out.push_str(
        "\n# Exact instances per typology or \"typology.subtype\" (integers >= 0); none by default.\n\
         # With instances listed and laundering_rate unset, exactly these are injected.\n\
         [patterns.count]\n# cycle = 2\n# \"structuring.smurfing\" = 1\n",
    );
    out.push_str(
        "\n# Rate-driven share per typology, per mille within [0, 1000]; a listed typology replaces\n\
         # its SPEC §10.1 default (shown).\n[patterns.weights]\n",
    );
    for family in crate::patterns::Family::ALL {
        let _ = writeln!(out, "# {} = {}", family.label(), family.rate_share());
    }
    out.push_str(
        "\n# Subtype weights per typology (within [0, 1000]); a listed typology's table replaces its\n\
         # defaults (shown).\n",
    );
    for family in crate::patterns::Family::ALL {
        if let Some(t) = crate::patterns::typology(*family) {
            let _ = writeln!(out, "# [patterns.subtype_weights.{}]", family.label());
            for (sub, w) in t.subtypes() {
                let _ = writeln!(out, "# {sub} = {w}");
            }
        }
    }
    write_tables(
        &mut out,
        &generator_tables(&defaults),
        &mut Vec::new(),
        &mut entry,
    );
    out
}

/// Every generator table in file order, including the event tables the manifest leaves out while they
/// hold their defaults.
fn generator_tables(params: &GenParams) -> toml::Table {
    let recorded = toml::Table::try_from(params).unwrap_or_default();
    let event_tables = [
        (
            "communications",
            toml::Value::try_from(&params.communications),
        ),
        ("trades", toml::Value::try_from(&params.trades)),
        ("travels", toml::Value::try_from(&params.travels)),
        ("documents", toml::Value::try_from(&params.documents)),
        (
            "account_events",
            toml::Value::try_from(&params.account_events),
        ),
    ];
    let mut all = toml::Table::new();
    for (name, value) in recorded {
        if name == "alerts" {
            for (event, table) in &event_tables {
                if let Ok(table) = table {
                    all.insert(event.to_string(), table.clone());
                }
            }
        }
        all.insert(name, value);
    }
    all
}

/// Generator tables: scalar keys first, then sub-tables, each key with its comment.
fn write_tables(
    out: &mut String,
    table: &toml::Table,
    path: &mut Vec<String>,
    entry: &mut impl FnMut(&mut String, &str, String, bool),
) {
    if !path.is_empty() {
        let _ = writeln!(out, "\n[{}]", path.join("."));
    }
    for (k, v) in table {
        if !v.is_table() {
            let key = path
                .iter()
                .chain([k])
                .cloned()
                .collect::<Vec<_>>()
                .join(".");
            entry(out, &key, v.to_string(), true);
        }
    }
    for (k, v) in table {
        if let toml::Value::Table(t) = v {
            path.push(k.clone());
            write_tables(out, t, path, entry);
            path.pop();
        }
    }
}

/// `bankgen config --resolved`: the resolved configuration as TOML (the manifest's `config` object).
/// A seed above `i64::MAX` is written as a decimal string, which scenario files accept.
pub fn resolved_toml(config: &crate::config::Config) -> Result<String> {
    let mut probe = config.clone();
    probe.seed = 0;
    let mut table = toml::Table::try_from(&probe)
        .map_err(|e| Error::Usage(format!("config --resolved: {e}")))?;
    let seed = match i64::try_from(config.seed) {
        Ok(s) => toml::Value::Integer(s),
        Err(_) => toml::Value::String(config.seed.to_string()),
    };
    table.insert("seed".into(), seed);
    toml::to_string(&table).map_err(|e| Error::Usage(format!("config --resolved: {e}")))
}

/// Formats in canonical order (json, jsonl, csv, parquet), each once, so the flag order never changes a byte.
/// `what` names the flag or key in errors.
pub fn parse_formats(what: &str, values: &[String]) -> Result<Vec<Format>> {
    let mut formats = Vec::new();
    for value in values {
        let name = value.trim().to_ascii_lowercase();
        let format = match Format::parse(&name) {
            Some(f) => f,
            None => {
                return Err(Error::Usage(format!(
                    "{what}: unknown format '{value}' (known: json, jsonl, csv, parquet)"
                )));
            }
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        return Err(Error::Usage(format!("{what}: no format given")));
    }
    formats.sort();
    Ok(formats)
}

/// `--only` names in file order, each once.
pub fn parse_only(values: &[String], known: &[&str]) -> Vec<String> {
    let mut only: Vec<String> = values
        .iter()
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .collect();
    let order = |name: &str| known.iter().position(|k| *k == name).unwrap_or(usize::MAX);
    only.sort_by(|a, b| order(a).cmp(&order(b)).then(a.cmp(b)));
    only.dedup();
    only
}

#[cfg(test)]
mod tests {
    use super::*;

    /// File names `output.only` may list in these tests.
    const FILES: &[&str] = &[
        "persons",
        "companies",
        "accounts",
        "relationships",
        "transactions",
    ];

    fn err(text: &str) -> String {
        match Scenario::parse("s.toml", text).and_then(|s| s.settings(FILES)) {
            Ok(_) => panic!("accepted: {text}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn example_parses_to_the_defaults() {
        let s = Scenario::parse("example.toml", &example())
            .and_then(|s| s.settings(FILES))
            .unwrap();
        assert_eq!(s.generators, GenParams::default());
        assert_eq!(s.patterns, PatternConfig::default());
        assert_eq!(
            (s.seed, s.days, s.persons, s.scale),
            (Some(42), Some(365), Some(100), None)
        );
        assert_eq!(s.formats, Some(vec![Format::Json]));
        assert_eq!(s.counts.companies, None);
    }

    #[test]
    fn every_generator_key_has_a_range_or_a_doc() {
        let table = generator_tables(&GenParams::default());
        let params = GenParams::default().params();
        fn leaves(t: &toml::Table, prefix: &str, out: &mut Vec<(String, toml::Value)>) {
            for (k, v) in t {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match v {
                    toml::Value::Table(t) => leaves(t, &key, out),
                    v => out.push((key, v.clone())),
                }
            }
        }
        let mut all = Vec::new();
        leaves(&table, "", &mut all);
        for (key, value) in &all {
            let numeric = params.iter().find(|p| &p.key == key);
            match numeric {
                Some(p) => {
                    assert!(!p.doc.is_empty(), "{key}");
                    assert!(p.range.contains(p.value), "default of {key} out of range");
                    assert!(value.is_integer() || value.is_float(), "{key}");
                }
                None => assert!(
                    TEXT_PARAMS.iter().any(|(k, _)| k == key),
                    "{key} has no doc"
                ),
            }
        }
        assert_eq!(params.len() + TEXT_PARAMS.len(), all.len());
        assert!(GenParams::default().validate().is_ok());
        let example = example();
        for (key, _) in &all {
            let name = key.rsplit('.').next().unwrap();
            assert!(
                example.contains(&format!("\n{name} = ")),
                "{key} not in example"
            );
        }
    }

    #[test]
    fn errors_name_line_key_and_range() {
        let e = err("seed = 1\n\n[persons]\npep_probability = 1.5\n");
        assert_eq!(
            e,
            "s.toml:4:1: persons.pep_probability = 1.5: must be within [0, 1]"
        );
        let e = err("[persons]\npep_probability = \"high\"\n");
        assert!(
            e.starts_with("s.toml:2:1: persons.pep_probability = \"high\": expected a number within [0, 1], found string"),
            "{e}"
        );
        let e = err("[persons]\npep_probabilty = 0.1\n");
        assert!(
            e.starts_with("s.toml:2:1: persons.pep_probabilty: unknown key")
                && e.contains("pep_probability"),
            "{e}"
        );
        let e = err("days = 0\n");
        assert_eq!(
            e,
            "s.toml:1:1: days = 0: must be an integer within [1, 3650]"
        );
        let e = err("[relationships]\nmax_friends = -1\n");
        assert!(
            e.contains(
                "s.toml:2:1: relationships.max_friends = -1: must be an integer within [0, 100]"
            ),
            "{e}"
        );
        let e = err("[counts]\naccounts = -1\n");
        assert!(
            e.contains("counts.accounts = -1: must be an integer within [0, "),
            "{e}"
        );
        let e = err("[patterns]\nlaundering_rate = 0.5\n");
        assert!(
            e.contains("s.toml:2:1: patterns.laundering_rate = 0.5: must be within [0, 0.05]"),
            "{e}"
        );
        let e = err("[patterns.count]\nlaundromat = 1\n");
        assert!(
            e.starts_with("s.toml:2:1: patterns.count.laundromat: unknown typology"),
            "{e}"
        );
        let e = err("[output]\nformats = [\"xml\"]\n");
        assert!(
            e.starts_with("s.toml:2:1: ") && e.contains("unknown format 'xml'"),
            "{e}"
        );
        let e = err("[output]\nchecksums = \"md5\"\n");
        assert!(
            e.starts_with("s.toml:2:1: output.checksums: unknown variant"),
            "{e}"
        );
        let e = err("[persons]\nemail_domains = \"gmail\"\n");
        assert!(e.starts_with("s.toml:2:1: persons.email_domains"), "{e}");
        let e = err("start = \"yesterday\"\n");
        assert!(
            e.starts_with("s.toml:1:1: start = \"yesterday\": not an RFC 3339"),
            "{e}"
        );
        let e = err("[alerts.trades]\ntrader_day_start_hour = 23\n");
        assert!(
            e.starts_with("s.toml:2:1: alerts.trades.trader_day_start_hour = 23: must be <="),
            "{e}"
        );
        let e = err("seed = = 3\n");
        assert!(e.starts_with("s.toml:1:"), "{e}");
        assert_eq!(e.lines().count(), 1, "{e}");
    }

    #[test]
    fn set_overrides_and_names_itself() {
        let mut s = Scenario::parse("s.toml", "[persons]\npep_probability = 0.5\n").unwrap();
        s.set("persons.pep_probability=0.02").unwrap();
        s.set("patterns.count.cycle=2").unwrap();
        s.set("output.checksums=none").unwrap();
        s.set("output.formats=csv,jsonl").unwrap();
        s.set("start=2024-03-01T00:00:00+02:00").unwrap();
        let settings = s.settings(FILES).unwrap();
        assert_eq!(settings.generators.persons.pep_probability, 0.02);
        assert_eq!(settings.patterns.count.0, vec![("cycle".to_string(), 2)]);
        assert_eq!(settings.checksums, Some(Checksums::None));
        assert_eq!(settings.formats, Some(vec![Format::Jsonl, Format::Csv]));
        assert_eq!(settings.start.unwrap().0, "2024-03-01T00:00:00+02:00");
        let mut s = Scenario::default();
        s.set("persons.pep_probability=2").unwrap();
        let e = s.settings(FILES).unwrap_err().to_string();
        assert_eq!(
            e,
            "--set persons.pep_probability=2: persons.pep_probability = 2: must be within [0, 1]"
        );
        assert!(Scenario::default().set("nonsense").is_err());
        let mut s = Scenario::default();
        s.set("persons.nope=1").unwrap();
        assert!(
            s.settings(FILES)
                .unwrap_err()
                .to_string()
                .contains("persons.nope")
        );
    }

    #[test]
    fn dotted_keys_quote_what_needs_it() {
        assert_eq!(
            dotted(&["patterns".into(), "count".into(), "cycle.simple".into()]),
            "patterns.count.\"cycle.simple\""
        );
        assert_eq!(
            pattern_key("patterns.count.structuring.smurfing"),
            "patterns.count.\"structuring.smurfing\""
        );
        assert_eq!(line_col("a\nbc\n", 4), (2, 3));
    }
}
