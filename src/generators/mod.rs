//! Entity generators: one module per entity, each a pure function of (context, index). The context holds
//! the resolved parameters, the id codec and the population layout; nothing in here knows about formats.

pub mod account;
pub mod account_event;
pub mod account_table;
pub mod alert;
pub mod chunked;
pub mod communication;
pub mod company;
pub mod company_record;
pub mod company_table;
pub mod devices;
pub mod document;
pub mod links;
pub mod memo;
pub mod opening;
pub mod ownership;
pub mod params;
pub mod person;
pub mod pools;
pub mod postal;
pub mod relationship;
pub mod trade;
pub mod transaction;
pub mod travel;

use crate::core::ids::{IdCodec, Namespace, RecordId};
use crate::core::seed::{Rng, StreamKey};
use crate::core::time::{Date, Timestamp, date_of};
use crate::population::layout::Layout;
pub use params::GenParams;

/// The simulated time window (SPEC §5.1).
#[derive(Clone, Copy, Debug)]
pub struct Window {
    pub start: Timestamp,
    pub days: u32,
    /// Window end = as_of; nothing happens at or after it.
    pub end: Timestamp,
    /// The last date inside the window.
    pub as_of_date: Date,
}

impl Window {
    pub fn new(start: Timestamp, days: u32) -> Window {
        let end = start + days as i64 * crate::core::time::SECONDS_PER_DAY;
        Window {
            start,
            days,
            end,
            as_of_date: date_of(end - 1),
        }
    }
}

/// Everything a generator may read. Built once per run; shared read-only by all worker threads.
pub struct Ctx {
    /// Identifies this context in the per-thread memo tables (never written anywhere).
    pub run_id: u64,
    pub seed: u64,
    pub ids: IdCodec,
    pub window: Window,
    pub layout: Layout,
    pub params: GenParams,
    pub banks: crate::population::banks::Banks,
    /// Who works where (SPEC §7.10 employee edges): built once from the companies, see [`links::Employment`].
    pub employment: links::Employment,
    /// The background's professional nominees (nominee arrangements), see [`links::Nominees`].
    pub nominees: links::Nominees,
    /// Ownership planted by the pattern plan (ubo_chain); empty until the plan is made.
    pub ownership: ownership::Ownership,
    /// Run-wide calibration constants, computed on first use (each an O(countries) pass).
    pub calibration: Calibration,
    /// Every company's core, once [`Ctx::tabulate`] has run (empty before: cores are derived).
    pub company_table: company_table::CompanyTable,
    /// Every account's core, once [`Ctx::tabulate`] has run (empty before: cores are derived).
    pub account_table: account_table::AccountTable,
}

/// Constants derived from the whole layout that per-record code needs, computed once per run.
#[derive(Default)]
pub struct Calibration {
    pub person_risk: std::sync::OnceLock<[u32; 4]>,
    pub company_risk: std::sync::OnceLock<company::RiskCalibration>,
}

impl Ctx {
    pub fn new(seed: u64, window: Window, layout: Layout, params: GenParams) -> Ctx {
        let mut ctx = Ctx {
            run_id: memo::next_run_id(),
            seed,
            ids: IdCodec::new(seed),
            window,
            layout,
            params,
            banks: crate::population::banks::Banks::new(seed),
            employment: links::Employment::empty(),
            nominees: links::Nominees::empty(),
            ownership: Default::default(),
            calibration: Calibration::default(),
            company_table: Default::default(),
            account_table: Default::default(),
        };
        ctx.employment = links::Employment::build(&ctx);
        ctx.nominees = links::Nominees::build(&ctx);
        ctx
    }

    /// Computes every company's and account's core on `threads` threads, so later lookups read tables
    /// (this changes no byte: the tables hold what the lookups would derive). Companies come first: the
    /// cores of company accounts read their owners'.
    pub fn tabulate(&mut self, threads: usize) {
        self.company_table =
            company_table::CompanyTable::build(self, threads, company::derive_core);
        self.account_table =
            account_table::AccountTable::build(self, threads, account::derive_core);
    }

    /// The random stream of record `index` in the named stream.
    pub fn rng(&self, stream: &str, index: u64) -> Rng {
        StreamKey::new(self.seed, stream).rng(index)
    }

    pub fn person_id(&self, p: u64) -> RecordId {
        self.ids.make(Namespace::Person, p)
    }

    pub fn company_id(&self, c: u64) -> RecordId {
        self.ids.make(Namespace::Company, c)
    }

    pub fn account_id(&self, a: u64) -> RecordId {
        self.ids.make(Namespace::Account, a)
    }
}

/// The generators' unit-test context: default parameters, a layout of `persons`, `companies` and
/// `accounts` keyed by `seed`, and a window of `days` days from 2025-01-01.
#[cfg(test)]
pub(crate) fn test_ctx(seed: u64, persons: u64, companies: u64, accounts: u64, days: u32) -> Ctx {
    let params = GenParams::default();
    let layout = Layout::new(params.layout(seed, persons, companies, accounts));
    let start = crate::core::time::midnight(crate::core::time::days_from_civil(2025, 1, 1));
    Ctx::new(seed, Window::new(start, days), layout, params)
}
