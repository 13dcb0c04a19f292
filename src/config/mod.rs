//! The resolved configuration (SPEC §2.2, D-2): everything that affects output bytes and nothing that does
//! not. Counts are resolved here (explicit flag > derived from the size base), prerequisites are checked
//! here, and the manifest records this object verbatim.

pub mod scenario;

use crate::core::error::Error;
use crate::core::time::{Timestamp, format_timestamp};
use crate::encode::Format;
use crate::generators::GenParams;

/// `--seed` default.
pub const DEFAULT_SEED: u64 = 42;
/// `--start` default.
pub const DEFAULT_START: &str = "2025-01-01T00:00:00Z";
/// `--days` default.
pub const DEFAULT_DAYS: u32 = 365;
/// Allowed `--days` / `days`.
pub const DAYS_RANGE: std::ops::RangeInclusive<u32> = 1..=3650;

/// Parses a window start (RFC 3339, any offset); the reason on failure names no flag, so the caller
/// can say where the value came from.
pub fn parse_start(text: &str) -> Result<Timestamp, String> {
    let start = chrono::DateTime::parse_from_rfc3339(text)
        .map_err(|e| format!("not an RFC 3339 timestamp ({e})"))?;
    let year = chrono::Datelike::year(&start.naive_utc());
    // Registration dates start in 1950 and people are up to 85 years old: windows before 1970 or
    // after 2500 would leave those ranges empty or push dates past year 9999.
    if !(1970..=2500).contains(&year) {
        return Err("the year must be within [1970, 2500]".into());
    }
    Ok(start.timestamp())
}

/// Exact row totals of every entity file (SPEC §2.2), pattern rows included once patterns exist.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    pub persons: u64,
    pub companies: u64,
    pub accounts: u64,
    pub transactions: u64,
    pub communications: u64,
    pub trades: u64,
    pub travels: u64,
    pub documents: u64,
    pub account_events: u64,
}

/// Explicit counts from flags; `None` means "derive".
#[derive(Clone, Debug, Default)]
pub struct CountOverrides {
    pub companies: Option<u64>,
    pub accounts: Option<u64>,
    pub transactions: Option<u64>,
    pub communications: Option<u64>,
    pub trades: Option<u64>,
    pub travels: Option<u64>,
    pub documents: Option<u64>,
    pub account_events: Option<u64>,
}

impl Counts {
    /// Derived counts for a size base of `p` persons (SPEC §2.2 table), with explicit overrides applied.
    pub fn resolve(p: u64, overrides: &CountOverrides) -> Counts {
        let companies = overrides.companies.unwrap_or(p.div_ceil(5));
        let accounts = overrides.accounts.unwrap_or(2 * p);
        // A derived count whose prerequisite (SPEC §2.2) the population cannot meet scales down to 0, so
        // a tiny `--persons N` is a valid tiny dataset; an explicit count is kept and checked.
        let derived = |explicit: Option<u64>, value: u64, feasible: bool| {
            explicit.unwrap_or(if feasible { value } else { 0 })
        };
        Counts {
            persons: p,
            companies,
            accounts,
            transactions: derived(overrides.transactions, 100 * p, accounts >= 2),
            communications: derived(overrides.communications, 2 * p, p >= 2),
            trades: derived(overrides.trades, 10 * p, p >= 1 && accounts >= 1),
            travels: overrides.travels.unwrap_or(5 * p),
            documents: derived(overrides.documents, 20 * p, companies >= 2),
            account_events: derived(overrides.account_events, 10 * p, accounts >= 1),
        }
    }

    /// The prerequisites of SPEC §2.2; a violation names both counts.
    pub fn check_prerequisites(&self) -> Result<(), Error> {
        let rules: [(&str, u64, &str, u64, u64); 6] = [
            (
                "accounts",
                self.accounts,
                "persons + companies",
                self.persons + self.companies,
                1,
            ),
            (
                "transactions",
                self.transactions,
                "accounts",
                self.accounts,
                2,
            ),
            (
                "communications",
                self.communications,
                "persons",
                self.persons,
                2,
            ),
            ("trades", self.trades, "persons", self.persons, 1),
            ("documents", self.documents, "companies", self.companies, 2),
            (
                "account_events",
                self.account_events,
                "accounts",
                self.accounts,
                1,
            ),
        ];
        for (what, count, needs, have, minimum) in rules {
            if count > 0 && have < minimum {
                return Err(Error::Usage(format!(
                    "{what} = {count} needs {needs} >= {minimum}, but {needs} = {have}"
                )));
            }
        }
        if self.trades > 0 && self.accounts == 0 {
            return Err(Error::Usage(format!(
                "trades = {} needs accounts >= 1, but accounts = 0",
                self.trades
            )));
        }
        Ok(())
    }
}

/// `--checksums`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Checksums {
    Sha256,
    None,
}

/// The `[output]` table: what is written, not where.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutputConfig {
    pub formats: Vec<Format>,
    /// File stems to write; every entity file when empty.
    pub only: Vec<String>,
    pub checksums: Checksums,
}

/// Which part of the dataset this process writes (SPEC §5.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PartConfig {
    /// 1-based.
    pub index: u32,
    pub count: u32,
}

/// The `[patterns]` table (SPEC §2.3, §2.4).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PatternConfig {
    /// False with `--no-patterns`.
    pub enabled: bool,
    /// `--laundering-rate`; null means the default rate when no instance is listed, and none otherwise.
    pub laundering_rate: Option<f64>,
    /// Exact instance counts by `typology` or `typology.subtype`, in the order given.
    pub count: Totals,
    /// Rate-driven share per typology (per mille, §10.1 defaults); a listed typology replaces its default.
    pub weights: Totals,
    /// Subtype weights per typology; a listed typology's table replaces its defaults.
    pub subtype_weights: std::collections::BTreeMap<String, Totals>,
    /// Structuring deposits lie in [T(1 − m), T).
    pub structuring_margin: f64,
}

impl Default for PatternConfig {
    fn default() -> Self {
        PatternConfig {
            enabled: true,
            laundering_rate: None,
            count: Totals(Vec::new()),
            weights: Totals(Vec::new()),
            subtype_weights: std::collections::BTreeMap::new(),
            structuring_margin: 0.05,
        }
    }
}

impl PatternConfig {
    /// The planner's options; names the offending key on bad values.
    pub fn options(&self) -> Result<crate::patterns::plan::PlanOptions, Error> {
        if let Some(rate) = self.laundering_rate
            && !(0.0..=0.05).contains(&rate)
        {
            return Err(Error::Usage(format!(
                "--laundering-rate must be within [0, 0.05]: got {rate}"
            )));
        }
        if !(0.0..0.5).contains(&self.structuring_margin) {
            return Err(Error::Usage(format!(
                "patterns.structuring_margin must be within [0, 0.5): got {}",
                self.structuring_margin
            )));
        }
        let explicit = self
            .count
            .0
            .iter()
            .map(|(name, n)| crate::patterns::plan::parse_request(&format!("{name}={n}")))
            .collect::<Result<Vec<_>, _>>()?;
        let mut weights = Vec::new();
        for (name, w) in &self.weights.0 {
            let family = crate::patterns::Family::from_label(name).ok_or_else(|| {
                Error::Usage(format!("patterns.weights.{name}: unknown typology"))
            })?;
            weights.push((family, *w as u32));
        }
        let mut subtype_weights = Vec::new();
        for (name, table) in &self.subtype_weights {
            let family = crate::patterns::Family::from_label(name).ok_or_else(|| {
                Error::Usage(format!("patterns.subtype_weights.{name}: unknown typology"))
            })?;
            let Some(typology) = crate::patterns::typology(family) else {
                return Err(Error::Usage(format!(
                    "patterns.subtype_weights.{name}: not implemented in this release"
                )));
            };
            let mut w: Vec<u32> = typology.subtypes().iter().map(|s| s.1).collect();
            for (sub, weight) in &table.0 {
                let k = typology
                    .subtypes()
                    .iter()
                    .position(|s| s.0 == sub)
                    .ok_or_else(|| {
                        Error::Usage(format!(
                            "patterns.subtype_weights.{name}.{sub}: unknown subtype"
                        ))
                    })?;
                w[k] = *weight as u32;
            }
            if w.iter().all(|&x| x == 0) {
                return Err(Error::Usage(format!(
                    "patterns.subtype_weights.{name}: at least one weight must be > 0"
                )));
            }
            subtype_weights.push((family, w));
        }
        Ok(crate::patterns::plan::PlanOptions {
            enabled: self.enabled,
            rate: self.laundering_rate,
            explicit,
            weights,
            subtype_weights,
            structuring_margin_bp: (self.structuring_margin * 10_000.0).round() as u32,
            // The run sets the trade count (count-driven insider trading reads it).
            trades: 0,
        })
    }
}

/// The fully resolved configuration (D-2). Field order is the manifest's key order.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Config {
    pub seed: u64,
    /// Window start, RFC 3339 UTC.
    pub start: String,
    pub days: u32,
    pub counts: Counts,
    pub output: OutputConfig,
    pub part: PartConfig,
    pub patterns: PatternConfig,
    #[serde(flatten)]
    pub generators: GenParams,
    #[serde(skip)]
    pub start_ts: Timestamp,
}

impl Config {
    pub fn new(
        seed: u64,
        start_ts: Timestamp,
        days: u32,
        counts: Counts,
        output: OutputConfig,
        part: PartConfig,
        generators: GenParams,
    ) -> Config {
        Config {
            seed,
            start: format_timestamp(start_ts),
            days,
            counts,
            output,
            part,
            patterns: PatternConfig::default(),
            generators,
            start_ts,
        }
    }

    /// Whether the file of `entity` (its stem, e.g. `persons`) is written.
    pub fn writes(&self, entity: &str) -> bool {
        self.output.only.is_empty() || self.output.only.iter().any(|o| o == entity)
    }
}

/// Size base P (SPEC §2.2): `--persons`, else `round(10,000 × scale)`, else 100.
pub fn size_base(persons: Option<u64>, scale: Option<f64>) -> Result<u64, Error> {
    match (persons, scale) {
        (Some(_), Some(_)) => Err(Error::Usage(
            "--persons and --scale are mutually exclusive".into(),
        )),
        (Some(p), None) => Ok(p),
        (None, Some(s)) => {
            if !(s.is_finite() && s > 0.0) {
                return Err(Error::Usage(format!(
                    "--scale must be a finite number > 0: got {s}"
                )));
            }
            let p = (s * 10_000.0).round();
            if p > 1e12 {
                return Err(Error::Usage(format!("--scale {s} is too large")));
            }
            Ok((p as u64).max(1))
        }
        (None, None) => Ok(100),
    }
}

/// Entity totals as a JSON object whose keys keep file order (serde_json's map would sort them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals(pub Vec<(String, u64)>);

impl Totals {
    pub fn get(&self, entity: &str) -> Option<u64> {
        self.0.iter().find(|(e, _)| e == entity).map(|(_, n)| *n)
    }
}

impl serde::Serialize for Totals {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, n) in &self.0 {
            map.serialize_entry(name, n)?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Totals {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, u64>::deserialize(deserializer)?;
        Ok(Totals(map.into_iter().collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_counts_follow_the_table() {
        let c = Counts::resolve(100, &CountOverrides::default());
        assert_eq!(
            (c.companies, c.accounts, c.transactions, c.account_events),
            (20, 200, 10_000, 1_000)
        );
        let c = Counts::resolve(
            50,
            &CountOverrides {
                accounts: Some(7),
                ..Default::default()
            },
        );
        assert_eq!((c.companies, c.accounts, c.documents), (10, 7, 1_000));
        assert_eq!(Counts::resolve(3, &CountOverrides::default()).companies, 1);
    }

    #[test]
    fn scale_maps_to_persons() {
        assert_eq!(size_base(None, Some(1.0)).unwrap(), 10_000);
        assert_eq!(size_base(None, Some(0.00001)).unwrap(), 1);
        assert_eq!(size_base(None, None).unwrap(), 100);
        assert!(size_base(None, Some(-1.0)).is_err());
        assert!(size_base(None, Some(f64::NAN)).is_err());
        assert!(size_base(Some(5), Some(1.0)).is_err());
    }

    #[test]
    fn prerequisites_name_both_counts() {
        let mut c = Counts::resolve(0, &CountOverrides::default());
        c.accounts = 5;
        let err = c.check_prerequisites().unwrap_err().to_string();
        assert!(
            err.contains("accounts = 5") && err.contains("persons + companies = 0"),
            "{err}"
        );
        let mut c = Counts::resolve(10, &CountOverrides::default());
        c.companies = 1;
        let err = c.check_prerequisites().unwrap_err().to_string();
        assert!(
            err.contains("documents") && err.contains("companies = 1"),
            "{err}"
        );
        assert!(
            Counts::resolve(0, &CountOverrides::default())
                .check_prerequisites()
                .is_ok()
        );
    }
}
