//! What the rules read and produce. [`Ctx`] is read-only while a file is checked in parallel: the
//! manifest facts, the id codec, and compact facts of the entities read so far (one small struct per
//! person, company and account, indexed by row), so memory is O(entities) and independent of event
//! volume. [`Out`] is what one chunk of records produces; the engine merges chunks in file order.

use crate::alert::AlertParams;
use crate::ids::{IdCodec, Namespace};
use crate::model::account::AccountStatus;
use crate::patterns::dataset::DatasetFacts;
use crate::patterns::{AccountView, EventView, Family, MemberView, PersonView, TxView};
use crate::refdata::currencies::CurrencyId;
use crate::time::{Date, Timestamp};
use crate::validate::findings::Findings;
use crate::validate::json::Obj;
use crate::validate::schema::Entity;
use std::collections::BTreeMap;

/// Dataset facts taken from the manifest(s).
#[derive(Clone, Debug)]
pub struct ManCtx {
    pub start: Timestamp,
    pub end: Timestamp,
    pub as_of_date: Date,
    pub slice_seconds: Option<u32>,
    pub persons: u64,
    pub companies: u64,
    pub accounts: u64,
    /// Pattern instances (dataset-wide).
    pub patterns: u64,
    /// Dataset-wide rows per entity file.
    pub totals: crate::manifest::Totals,
    pub alerts: AlertParams,
    pub margin_bp: u32,
    pub part_count: u32,
    /// UBO-1 threshold in 1/10,000 of a percent (25 % → 250,000).
    pub ubo_threshold: u64,
    /// The plan's laundering rate when the plan is rate-driven; None otherwise.
    pub laundering_rate: Option<f64>,
}

impl ManCtx {
    /// Slices of the window.
    pub fn slices(&self) -> Option<u64> {
        let len = self.slice_seconds? as i64;
        (len > 0).then(|| ((self.end - self.start).max(0) as u64).div_ceil(len as u64))
    }

    /// Rows of a namespace's entity file, for reference resolution.
    pub fn count(&self, ns: Namespace) -> Option<u64> {
        match ns {
            Namespace::Person => Some(self.persons),
            Namespace::Company => Some(self.companies),
            Namespace::Account => Some(self.accounts),
            Namespace::Pattern => Some(self.patterns),
            _ => None,
        }
    }
}

/// Facts about a person or company that transaction alerts read.
#[derive(Clone, Copy, Debug, Default)]
pub struct OwnerFact {
    pub present: bool,
    /// High or critical risk, or a PEP.
    pub high_risk: bool,
    pub sanctioned: bool,
    /// The earliest date the owner may open an account (18th birthday or registration date, §7.3);
    /// `Date::MIN` when unknown.
    pub earliest_account: Date,
}

/// Facts about an account.
#[derive(Clone, Copy, Debug, Default)]
pub struct AccountFact {
    pub present: bool,
    /// The owner's namespace and row, when the owner reference resolved.
    pub owner: Option<(Namespace, u64)>,
    /// The owner's id value as written.
    pub owner_value: u64,
    pub currency: Option<CurrencyId>,
    pub status: Option<AccountStatus>,
    pub opened: Date,
    pub closed: Option<Date>,
}

impl AccountFact {
    /// SPEC §5.2 eligibility at `ts`.
    pub fn eligible_at(&self, ts: Timestamp) -> Option<bool> {
        let day = crate::time::date_of(ts);
        let status = self.status?;
        Some(
            self.opened <= day
                && match status {
                    AccountStatus::Active => true,
                    AccountStatus::Closed => self.closed.is_some_and(|c| day < c),
                    AccountStatus::Dormant | AccountStatus::Frozen => false,
                },
        )
    }
}

/// A pattern row.
#[derive(Clone, Debug)]
pub struct PatternFact {
    pub family: Option<Family>,
    pub typology: String,
    pub subtype: String,
    /// transaction, communication, trade, document, account_event, relationship, member counts.
    pub counts: [Option<i64>; 7],
    pub total_value_usd_cents: Option<i64>,
    pub file: String,
    pub line: u64,
}

/// Which count of [`PatternFact::counts`] a labelled record adds to.
pub fn count_slot(stem: &str) -> Option<usize> {
    Some(match stem {
        "transactions" => 0,
        "communications" => 1,
        "trades" => 2,
        "documents" => 3,
        "account_events" => 4,
        "relationships" => 5,
        "pattern_members" => 6,
        _ => return None,
    })
}

/// Everything the rules read while a file is checked.
pub struct Ctx {
    pub max_examples: usize,
    pub codec: Option<IdCodec>,
    pub man: Option<ManCtx>,
    /// All parts of the dataset are present (INV, GT-3/4 and label counts need them).
    pub full: bool,
    pub persons: Vec<OwnerFact>,
    /// Per person row: the hash of its first passport number ([`crate::validate::facts`]).
    pub passports: Vec<u64>,
    /// (person row, passport hash) of second and later passports, sorted.
    pub extra_passports: Vec<(u64, u64)>,
    pub companies: Vec<OwnerFact>,
    pub accounts: Vec<AccountFact>,
    pub patterns: BTreeMap<u64, PatternFact>,
    pub inv: DatasetFacts,
    /// `--realism` on a complete dataset: transactions, persons and companies feed the REAL metrics.
    pub realism: bool,
}

impl Ctx {
    /// Whether the manifest-dependent families run (ID, REF, CONS, ALERT, GT, INV).
    pub fn deep(&self) -> bool {
        self.codec.is_some() && self.man.is_some()
    }

    pub fn account(&self, index: u64) -> Option<&AccountFact> {
        self.accounts.get(index as usize).filter(|a| a.present)
    }

    /// Whether person `index` holds passport number `number` (None: the person was not read, or
    /// `number` is None and the question is whether it holds none).
    pub fn holds_passport(&self, index: u64, number: Option<&str>) -> Option<bool> {
        let first = *self.passports.get(index as usize).filter(|&&h| h != 0)?;
        Some(match number {
            None => first == crate::validate::facts::NO_PASSPORT,
            Some(n) => {
                let h = crate::validate::facts::passport_hash(n);
                h == first || self.extra_passports.binary_search(&(index, h)).is_ok()
            }
        })
    }

    pub fn owner(&self, owner: (Namespace, u64)) -> Option<&OwnerFact> {
        let v = match owner.0 {
            Namespace::Person => &self.persons,
            Namespace::Company => &self.companies,
            _ => return None,
        };
        v.get(owner.1 as usize).filter(|o| o.present)
    }
}

/// The file being checked.
pub struct FileCtx {
    pub entity: &'static Entity,
    pub label: String,
    /// 1-based part index and part count.
    pub part: (u32, u32),
}

/// One record under check.
pub struct Rec<'x, 'a> {
    pub ctx: &'x Ctx,
    pub file: &'x FileCtx,
    pub line: u64,
    pub obj: &'x Obj<'a>,
}

impl Rec<'_, '_> {
    pub fn error(&self, f: &mut Findings, rule: &'static str, message: impl FnOnce() -> String) {
        f.error(rule, &self.file.label, self.line, message);
    }

    pub fn stem(&self) -> &'static str {
        self.file.entity.stem
    }
}

/// The order key of one record (ID-3, ID-4), checked sequentially after the parallel pass.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub line: u64,
    pub ts: Timestamp,
    pub value: u64,
    pub index: u64,
}

/// A labelled record (GT, INV).
#[derive(Clone, Debug)]
pub struct Labelled {
    pub pattern: u64,
    pub slot: usize,
    /// amount_usd of a transaction; trade total value in USD cents.
    pub usd_cents: i64,
    pub tx: Option<TxView>,
    pub event: Option<EventView>,
}

/// What a chunk of records produced.
#[derive(Default)]
pub struct Out {
    pub keys: Vec<Key>,
    pub persons: Vec<(u64, OwnerFact)>,
    pub person_views: Vec<(u64, PersonView)>,
    pub passports: Vec<(u64, u64)>,
    pub extra_passports: Vec<(u64, u64)>,
    pub companies: Vec<(u64, OwnerFact)>,
    pub accounts: Vec<(u64, AccountFact)>,
    pub account_views: Vec<(u64, AccountView)>,
    pub patterns: Vec<(u64, PatternFact)>,
    pub members: Vec<(u64, MemberView)>,
    pub labelled: Vec<Labelled>,
    /// Entity and edge facts of the dataset-wide link rules (UBO-1, CONS-HOUSEHOLD/OFFICER/GROUP).
    pub links: Vec<crate::validate::rules::links::Item>,
    /// (owned company row, hundredths, line) of `shareholder` edges (RANGE-8 Σ ≤ 100).
    pub shares: Vec<(u64, u32, u64)>,
    /// Observations of the realism metrics (REAL-*).
    pub real: Vec<crate::validate::realism::Obs>,
}
