//! What the rules read and produce. [`Ctx`] is read-only while a file is checked in parallel: the
//! manifest facts, the id codec, and compact facts of the entities read so far (one small struct per
//! person, company and account, indexed by row), so memory is O(entities) and independent of event
//! volume. [`Out`] is what one chunk of records produces; the engine merges chunks in file order.

use crate::core::ids::{IdCodec, Namespace};
use crate::core::time::{Date, Timestamp};
use crate::generators::alert::AlertParams;
use crate::model::account::AccountStatus;
use crate::model::trade::AssetType;
use crate::model::transaction::{TransactionStatus, TransactionType};
use crate::patterns::dataset::DatasetFacts;
use crate::patterns::{
    AccountView, CompanyView, EventView, Family, MemberView, PersonView, RelView, TxView,
};
use crate::refdata::CountryId;
use crate::refdata::currencies::CurrencyId;
use crate::validate::findings::Findings;
use crate::validate::json::Obj;
use crate::validate::schema::Entity;
use std::cell::Cell;
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
    pub totals: crate::output::manifest::Totals,
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
    /// A person's residence country (primary address); the trade off-hours rule reads its UTC offset.
    pub residence: Option<CountryId>,
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
        let day = crate::core::time::date_of(ts);
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

/// An officer appointment at a listed company (the trade rule `trader_is_officer_of_issuer`).
/// Rows are below 2^28 ([`crate::validate::facts::store`]'s limit), so they fit in u32.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct OfficerFact {
    pub company: u32,
    pub person: u32,
    pub appointed: Date,
    /// Resignation date; `Date::MAX` while in office.
    pub resigned: Date,
}

/// A person's direct holding of at least the major-shareholder percentage in a company, from a
/// `shareholder` relationship (the trade rule `trader_is_major_shareholder`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct HoldingFact {
    pub company: u32,
    pub person: u32,
    pub since: Date,
}

/// What the trade insider rules need about issuers: the listed companies by ticker, their officers
/// and their major direct person shareholders, each sorted for binary search. Kept only for complete
/// datasets (a ticker missing from one part may be listed in another); 16 bytes per listed company
/// and per officer of a listed company, 12 per major person holding.
#[derive(Default)]
pub struct Issuers {
    /// (ticker key, company row), see [`ticker_key`].
    pub listings: Vec<(u64, u32)>,
    pub officers: Vec<OfficerFact>,
    pub holdings: Vec<HoldingFact>,
    /// Every part's companies file has been read: a ticker not listed has no issuer.
    pub companies_read: bool,
    /// Every part's relationships file has been read: a holding not listed does not exist.
    pub relationships_read: bool,
}

/// A ticker of 1–13 uppercase ASCII letters packed into a u64 (base 27, so distinct tickers get
/// distinct keys); None for anything else.
pub fn ticker_key(ticker: &[u8]) -> Option<u64> {
    if ticker.is_empty() || ticker.len() > 13 {
        return None;
    }
    ticker.iter().try_fold(0u64, |key, &c| {
        c.is_ascii_uppercase()
            .then(|| key * 27 + (c - b'A' + 1) as u64)
    })
}

/// The issuer's ticker in a trade symbol: a stock's symbol itself, the symbol of an option but its
/// last 12 characters (`{TICKER}{YYMMDD}{C|P}{strike:05}`); None for other assets and for an option
/// symbol too short to hold a ticker.
pub fn issuer_ticker(asset: AssetType, symbol: &str) -> Option<&[u8]> {
    let symbol = symbol.as_bytes();
    match asset {
        AssetType::Stock => Some(symbol),
        AssetType::Option => symbol
            .get(..symbol.len().saturating_sub(12))
            .filter(|t| !t.is_empty()),
        _ => None,
    }
}

impl Issuers {
    /// The company row listed under `ticker`; Outer None when unknown (companies not all read),
    /// inner None when no company lists it.
    pub fn issuer(&self, ticker: &[u8]) -> Option<Option<u32>> {
        if !self.companies_read {
            return None;
        }
        let Some(key) = ticker_key(ticker) else {
            return Some(None);
        };
        let k = self.listings.partition_point(|l| l.0 < key);
        Some(self.listings.get(k).filter(|l| l.0 == key).map(|l| l.1))
    }

    /// `person` is an officer of `company` in office on `day` (the generator's `officer_in_office`).
    pub fn officer_on(&self, company: u32, person: u32, day: Date) -> bool {
        let k = self
            .officers
            .partition_point(|o| (o.company, o.person) < (company, person));
        self.officers[k..]
            .iter()
            .take_while(|o| (o.company, o.person) == (company, person))
            .any(|o| o.appointed <= day && day < o.resigned)
    }

    /// `person` holds at least the major-shareholder percentage of `company` directly since ≤ `day`;
    /// None when the relationships are not all read.
    pub fn major_on(&self, company: u32, person: u32, day: Date) -> Option<bool> {
        if !self.relationships_read {
            return None;
        }
        let k = self
            .holdings
            .partition_point(|h| (h.company, h.person) < (company, person));
        Some(
            self.holdings[k..]
                .iter()
                .take_while(|h| (h.company, h.person) == (company, person))
                .any(|h| h.since <= day),
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
    pub end_time: Option<Timestamp>,
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
    /// Listed companies, officers and major holdings (trade ALERT-1); filled for complete datasets.
    pub issuers: Issuers,
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
            None => first == NO_PASSPORT,
            Some(n) => {
                let h = passport_hash(n);
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
    /// Values several families derive from the same field text, derived once.
    pub memo: Memo,
}

/// What an id text decodes to with the manifest seed: (prefix namespace, decoded namespace and index).
#[derive(Clone, Copy, Debug)]
pub enum Decoded {
    NotAnId,
    Id(Namespace, Option<(Namespace, u64)>),
}

/// Per-record memo of derivations that several rule families make from the same text: a transaction's
/// timestamp is read by SCH, ID, RANGE, CONS and ALERT, and its account ids by REF, CONS and ALERT.
/// Entries are keyed by the text's address and length, which identify one field of the record (all
/// families read the same parsed value), so no rule has to pass derived values to another.
#[derive(Default)]
pub struct Memo {
    ids: Slots<Decoded, 6>,
    times: Slots<Option<Timestamp>, 3>,
    dates: Slots<Option<Date>, 3>,
}

/// A few memo slots, replaced round-robin when full.
struct Slots<T: Copy, const N: usize> {
    slots: [Cell<(usize, Option<T>)>; N],
    next: Cell<usize>,
}

impl<T: Copy, const N: usize> Default for Slots<T, N> {
    fn default() -> Self {
        Slots {
            slots: std::array::from_fn(|_| Cell::new((0, None))),
            next: Cell::new(0),
        }
    }
}

impl<T: Copy, const N: usize> Slots<T, N> {
    #[inline]
    fn get_or(&self, text: &str, derive: impl FnOnce(&str) -> T) -> T {
        let key = text.as_ptr() as usize ^ (text.len() << 48);
        for slot in &self.slots {
            if let (k, Some(v)) = slot.get()
                && k == key
            {
                return v;
            }
        }
        let v = derive(text);
        let at = self.next.get();
        self.slots[at].set((key, Some(v)));
        self.next.set((at + 1) % N);
        v
    }
}

impl Memo {
    /// [`crate::core::time::parse_timestamp`] of a field text of the record.
    #[inline]
    pub fn timestamp(&self, text: &str) -> Option<Timestamp> {
        self.times.get_or(text, crate::core::time::parse_timestamp)
    }

    /// [`crate::core::time::parse_date`] of a field text of the record.
    #[inline]
    pub fn date(&self, text: &str) -> Option<Date> {
        self.dates.get_or(text, crate::core::time::parse_date)
    }

    /// The id shape and decoding of a field text of the record.
    #[inline]
    pub fn decoded(&self, text: &str, codec: &IdCodec) -> Decoded {
        self.ids
            .get_or(text, |t| match crate::core::text::parse_id(t) {
                None => Decoded::NotAnId,
                Some((ns, value)) => Decoded::Id(ns, codec.decode(value)),
            })
    }
}

impl Rec<'_, '_> {
    /// The timestamp in field `name` (None when absent or malformed).
    #[inline]
    pub fn timestamp(&self, name: &str) -> Option<Timestamp> {
        self.memo.timestamp(self.obj.str(name)?)
    }

    /// The date in field `name` (None when absent or malformed).
    #[inline]
    pub fn date(&self, name: &str) -> Option<Date> {
        self.memo.date(self.obj.str(name)?)
    }

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
    pub rel: Option<RelView>,
    pub doc: Option<crate::patterns::DocView>,
    pub trade: Option<crate::patterns::TradeView>,
    pub communication: Option<crate::patterns::CommunicationView>,
}

/// What a chunk of records produced.
#[derive(Default)]
pub struct Out {
    pub keys: Vec<Key>,
    pub persons: Vec<(u64, OwnerFact)>,
    pub person_views: Vec<(u64, PersonView)>,
    pub company_views: Vec<(u64, CompanyView)>,
    pub passports: Vec<(u64, u64)>,
    pub extra_passports: Vec<(u64, u64)>,
    pub companies: Vec<(u64, OwnerFact)>,
    pub accounts: Vec<(u64, AccountFact)>,
    pub listings: Vec<(u64, u32)>,
    pub officers: Vec<OfficerFact>,
    pub holdings: Vec<HoldingFact>,
    pub account_views: Vec<(u64, AccountView)>,
    pub patterns: Vec<(u64, PatternFact)>,
    pub members: Vec<(u64, MemberView)>,
    /// Entity id values of member rows.
    pub member_ids: Vec<u64>,
    /// (company id value, stock ticker) of listed companies.
    pub tickers: Vec<(u64, String)>,
    /// Relationship edges between two pattern members (id values).
    pub ties: Vec<(u64, u64, crate::patterns::TieView)>,
    pub labelled: Vec<Labelled>,
    /// Entity and edge facts of the dataset-wide link rules (UBO-1, CONS-HOUSEHOLD/OFFICER/GROUP).
    pub links: Vec<Item>,
    /// (owned company row, hundredths, line) of `shareholder` edges (RANGE-8 Σ ≤ 100).
    pub shares: Vec<(u64, u32, u64)>,
    /// Observations of the realism metrics (REAL-*).
    pub real: Vec<Obs>,
    /// Shipment ids of bills of lading (INV-tbml: a phantom shipment has none anywhere).
    pub bills_of_lading: Vec<String>,
    /// Account id values of account takeover victims (from `pattern_members`).
    pub takeover_victims: Vec<u64>,
    /// (victim account id value, address or device, time) of every account event on such an account.
    pub sightings: Vec<(u64, String, Timestamp)>,
}

/// An entity: its namespace and row.
pub type Ent = (Namespace, u64);

/// What one record contributes.
#[derive(Clone, Debug)]
pub enum Fact {
    Person {
        index: u64,
        married: bool,
        /// Hash of the primary residential address (0 when there is none).
        home: u64,
    },
    Company {
        index: u64,
        parent: Option<u64>,
        subsidiaries: Vec<u64>,
        officers: Vec<u64>,
    },
    Account {
        owner: Option<Ent>,
        joint: Vec<u64>,
        beneficial: Vec<u64>,
    },
    Spouse(u64, u64),
    Director {
        person: u64,
        company: u64,
    },
    Shareholder {
        holder: Ent,
        company: u64,
        hundredths: u32,
    },
    BeneficialOwner {
        person: u64,
        company: u64,
        /// effective_ownership in 1/10,000 of a percent.
        effective: Option<u64>,
    },
    Nominee {
        principal: u64,
        nominee: Ent,
    },
}

/// A fact with where it was read (the file is filled in by [`Collected::take`]).
#[derive(Clone, Debug)]
pub struct Item {
    pub fact: Fact,
    pub line: u64,
}

/// One transaction as the metrics see it.
#[derive(Clone, Debug)]
pub struct TxObs {
    pub kind: TransactionType,
    pub labelled: bool,
    pub flagged: bool,
    pub round: bool,
    /// First significant digit of `amount` (0 when unknown).
    pub digit: u8,
    /// amount_usd in cents (None when unreadable).
    pub usd_cents: Option<i64>,
    /// An invoice payment (reference_number `INV-…`).
    pub invoice: bool,
    /// Account rows of the sides, with whether the owner is a company.
    pub from: Option<(u64, bool)>,
    pub to: Option<(u64, bool)>,
    pub cross_border: bool,
    /// Local time of the sender (the receiver for deposits).
    pub local: Option<Timestamp>,
    /// For types with opening hours: whether the row is inside them (CONS-BIZHOURS).
    pub open: Option<bool>,
    /// Bit k set when field k of the realism module's `LEAK_FIELDS` is null.
    pub nulls: u16,
    pub status: Option<TransactionStatus>,
}

/// One observation.
#[derive(Clone, Debug)]
pub enum Obs {
    Tx(Box<TxObs>),
    Person {
        pep: bool,
        sanctioned: bool,
        risk: Option<u8>,
        /// Names from the residence locale and every address city of its country (None: no residence).
        locale: Option<bool>,
        /// Addresses with coordinates, and those inside their country's box.
        coordinates: (u8, u8),
    },
    Company {
        risk: Option<u8>,
    },
}

/// A person's passport fact when the person was read and holds no passport; 0 means not read.
pub const NO_PASSPORT: u64 = 1;

/// FNV-1a of a passport number, kept clear of the two reserved values (0 not read, 1 no passport).
/// Travels are checked against it, so the validator keeps 8 bytes per person instead of the text.
pub fn passport_hash(number: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in number.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h.max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickers_pack_to_distinct_keys_and_anything_else_is_rejected() {
        assert_eq!(ticker_key(b"A"), Some(1));
        assert_eq!(ticker_key(b"AA"), Some(28));
        assert_ne!(ticker_key(b"ABC"), ticker_key(b"ABCA"));
        assert_ne!(ticker_key(b"ZZZZZ"), ticker_key(b"AAAAAA"));
        assert!(ticker_key(b"ZZZZZZZZZZZZZ").is_some());
        for bad in [
            &b""[..],
            b"abc",
            b"AB1",
            b"AB C",
            b"AAAAAAAAAAAAAA",
            "ÄB".as_bytes(),
        ] {
            assert_eq!(ticker_key(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn issuer_ties_hold_inside_their_windows_and_are_unknown_until_read() {
        let mut issuers = Issuers {
            listings: vec![(ticker_key(b"ACME").unwrap(), 7)],
            officers: vec![
                OfficerFact {
                    company: 7,
                    person: 3,
                    appointed: 100,
                    resigned: 200,
                },
                OfficerFact {
                    company: 7,
                    person: 3,
                    appointed: 300,
                    resigned: Date::MAX,
                },
            ],
            holdings: vec![HoldingFact {
                company: 7,
                person: 4,
                since: 150,
            }],
            ..Default::default()
        };
        assert_eq!(issuers.issuer(b"ACME"), None);
        assert_eq!(issuers.major_on(7, 4, 150), None);
        issuers.companies_read = true;
        issuers.relationships_read = true;
        assert_eq!(issuers.issuer(b"ACME"), Some(Some(7)));
        assert_eq!(issuers.issuer(b"ACMF"), Some(None));
        assert_eq!(issuers.issuer(b"acme"), Some(None));
        // In office from the appointment day up to (not including) the resignation day.
        let office: Vec<bool> = [99, 100, 199, 200, 299, 300, 10_000]
            .map(|day| issuers.officer_on(7, 3, day))
            .to_vec();
        assert_eq!(office, [false, true, true, false, false, true, true]);
        assert!(!issuers.officer_on(7, 4, 150));
        assert!(!issuers.officer_on(8, 3, 150));
        assert_eq!(issuers.major_on(7, 4, 149), Some(false));
        assert_eq!(issuers.major_on(7, 4, 150), Some(true));
        assert_eq!(issuers.major_on(7, 3, 150), Some(false));
    }
}
