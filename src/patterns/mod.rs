//! Injected financial-crime patterns (SPEC §5.4, §9, §10): the contract every typology family implements.
//!
//! A typology only *plans*: it picks participants (account, person and company rows), record kinds,
//! timestamps and amounts, and says who plays which role ([`InstancePlan`]). The shared record builders
//! of the event generators turn each planned record into an output record exactly as they do for
//! background records (§9.3), so the generic [`emit`] step stands in for the per-typology `emit` of §14.
//! `check` reads records the way a dataset holds them ([`InstanceRecords`], ids not row indices), so the
//! generator's tests and `bankgen validate` run the same invariant code.

pub mod account_takeover;
pub mod dataset;
pub mod emit;
pub mod fraud_ring;
pub mod insider_trading;
pub mod mule_chain;
pub mod network;
pub mod ownership;
pub mod plan;
pub mod records;
pub mod structuring;
pub mod support;
pub mod tbml;
#[cfg(test)]
pub(crate) mod testing;
pub mod ubo_chain;

use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::core::time::{Date, Timestamp};
use crate::generators::Ctx;
pub use crate::generators::account_event::EventSpec;
pub use crate::generators::communication::CommunicationSpec;
pub use crate::generators::document::{DocSpec, LineSpec};
pub use crate::generators::trade::TradeSpec;
pub use crate::generators::transaction::TxSpec;
use crate::model::account::AccountType;
use crate::model::account_event::AccountEventType;
use crate::model::document::{DocumentType, PaymentTerms};
pub use crate::model::pattern::{Family, Role};
use crate::model::relationship::{RelationshipContext, RelationshipType};
use crate::model::transaction::TransactionType;

impl Family {
    /// Share of rate-driven instances in per-mille (§10.1); zero for the count-driven families.
    pub fn rate_share(self) -> u32 {
        match self {
            Family::Structuring => 180,
            Family::MuleChain | Family::FraudRing => 120,
            Family::AccountTakeover => 100,
            Family::Tbml | Family::FanOut | Family::FanIn | Family::Cycle => 60,
            Family::ScatterGather | Family::GatherScatter | Family::Bipartite | Family::Stack => 50,
            Family::Random => 40,
            Family::InsiderTrading | Family::UboChain => 0,
        }
    }
}

/// A member entity by row index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entity {
    Person(u64),
    Company(u64),
    Account(u64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
    pub entity: Entity,
    pub role: Role,
}

/// One planned shareholding: `holder` (a person or company) holds `hundredths` of company row
/// `company` since `since`. An instance's holdings replace the background holdings of every company
/// they go into ([`ownership::Ownership`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoldingSpec {
    pub company: u64,
    pub holder: Entity,
    pub hundredths: u32,
    pub since: Date,
}

/// One planned nominee arrangement: person `nominee` holds shares on behalf of person `principal`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NomineeSpec {
    pub principal: u64,
    pub nominee: u64,
    pub since: Date,
}

/// Transaction `transaction` of the plan pays document `document` of the plan (an invoice payment
/// built like a background one: its reference is the invoice number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaymentSpec {
    pub transaction: usize,
    pub document: usize,
}

/// What one instance will emit, and who takes part.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InstancePlan {
    /// Index into the typology's [`Typology::subtypes`].
    pub subtype: usize,
    pub transactions: Vec<TxSpec>,
    pub account_events: Vec<EventSpec>,
    /// Shareholder edges (ubo_chain); the beneficial_owner edges follow from them (UBO-1).
    pub holdings: Vec<HoldingSpec>,
    pub nominees: Vec<NomineeSpec>,
    /// Documents (tbml): invoices and bills of lading.
    pub documents: Vec<DocSpec>,
    /// Which transactions pay which invoices.
    pub payments: Vec<PaymentSpec>,
    pub trades: Vec<TradeSpec>,
    pub communications: Vec<CommunicationSpec>,
    /// The announcement an insider instance trades ahead of: its `end_time` (§7.11).
    pub announcement: Option<Timestamp>,
    /// Unique per (entity, role); [`InstancePlan::member_account`] adds the owner too.
    pub members: Vec<Member>,
}

impl InstancePlan {
    pub fn new(subtype: usize) -> InstancePlan {
        InstancePlan {
            subtype,
            ..Default::default()
        }
    }

    /// Adds a member once.
    pub fn member(&mut self, entity: Entity, role: Role) {
        let m = Member { entity, role };
        if !self.members.contains(&m) {
            self.members.push(m);
        }
    }

    /// Adds account row `a` with `role`, and its owner with the same role (§7.11).
    pub fn member_account(&mut self, ctx: &Ctx, a: u64, role: Role) {
        self.member(Entity::Account(a), role);
        let owner = match ctx.layout.account_owner(a) {
            crate::population::layout::Owner::Person(p) => Entity::Person(p),
            crate::population::layout::Owner::Company(c) => Entity::Company(c),
        };
        self.member(owner, role);
    }

    /// First and last record time. An ownership instance has no timed records: the structure it
    /// plants holds throughout the window, so it spans the window (`window`: start and end).
    pub fn span_in(&self, window: (Timestamp, Timestamp)) -> (Timestamp, Timestamp) {
        if self.transactions.is_empty()
            && self.account_events.is_empty()
            && self.trades.is_empty()
            && !self.holdings.is_empty()
        {
            return (window.0, window.1 - 1);
        }
        self.span()
    }

    /// First and last record time; an insider instance ends at its announcement.
    pub fn span(&self) -> (Timestamp, Timestamp) {
        let (lo, hi) = self
            .record_times()
            .fold((Timestamp::MAX, Timestamp::MIN), |(lo, hi), t| {
                (lo.min(t), hi.max(t))
            });
        (lo, self.announcement.unwrap_or(hi).max(hi))
    }

    /// The time of every timed record (transactions, account events, documents, trades, communications).
    pub fn record_times(&self) -> impl Iterator<Item = Timestamp> + '_ {
        self.transactions
            .iter()
            .map(|t| t.ts)
            .chain(self.account_events.iter().map(|e| e.ts))
            .chain(self.documents.iter().map(|d| d.ts))
            .chain(self.trades.iter().map(|t| t.ts))
            .chain(self.communications.iter().map(|c| c.ts))
    }
}

/// What planning may read: the population and window, and the plan knobs.
pub struct PlanCtx<'a> {
    pub ctx: &'a Ctx,
    /// Structuring margin m in basis points (default 500 = 5%): deposits lie in [T(1−m), T).
    pub structuring_margin_bp: u32,
    /// Rows of the trades file.
    pub trades: u64,
    /// Rows of the account events file (account takeovers need some).
    pub account_events: u64,
    /// Entities earlier instances of the run took exclusively (ownership structures must not overlap).
    pub claimed: std::cell::RefCell<std::collections::BTreeSet<Entity>>,
    /// The background documents' tables, built when a typology first asks for them.
    pub documents: std::cell::OnceCell<crate::generators::document::Tables>,
}

impl PlanCtx<'_> {
    /// The tables background documents are drawn from (their parties' country mix and pools).
    pub fn document_tables(&self) -> &crate::generators::document::Tables {
        self.documents
            .get_or_init(|| crate::generators::document::Tables::new(self.ctx))
    }

    pub fn start(&self) -> Timestamp {
        self.ctx.window.start
    }
    pub fn end(&self) -> Timestamp {
        self.ctx.window.end
    }
}

/// Why an instance cannot be planned in this population (becomes `patterns.skipped`, or an error for an
/// explicitly requested instance).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoFit(pub String);

/// A broken invariant (rule `INV-<typology>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation(pub String);

/// Shorthand for `Err(Violation(..))` when `ok` is false.
pub fn ensure(ok: bool, message: impl FnOnce() -> String) -> Result<(), Violation> {
    if ok {
        Ok(())
    } else {
        Err(Violation(message()))
    }
}

/// A typology family (§14). `plan` must be a pure function of its inputs.
pub trait Typology: Sync {
    fn family(&self) -> Family;

    /// Subtype labels with their default weights (§10.1), in vocabulary order.
    fn subtypes(&self) -> &'static [(&'static str, u32)];

    /// The fewest transactions an instance of `subtype` can have; a rate-driven plan stops when the
    /// remaining budget is below it.
    fn min_transactions(&self, subtype: usize) -> u64;

    /// Plans one instance of `subtype` with at most `max_transactions` transactions.
    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit>;

    /// The §10.2 invariant of the instance's subtype over all records carrying its pattern id.
    fn check(&self, records: &InstanceRecords<'_>) -> Result<(), Violation>;

    /// Instances a default plan adds regardless of the laundering rate (§10.1 count-driven families).
    fn fixed_count(&self, _pctx: &PlanCtx<'_>) -> u64 {
        0
    }

    /// Why a count-driven family's [`Typology::fixed_count`] is 0 here (listed in `patterns.skipped`,
    /// so a user sees why the family has no instance).
    fn no_fixed_count(&self, _pctx: &PlanCtx<'_>) -> NoFit {
        NoFit("the population is too small for one instance".to_string())
    }
}

/// Every implemented typology family, in §10.1 order.
pub fn registry() -> &'static [&'static dyn Typology] {
    static ALL: [&dyn Typology; 15] = [
        &structuring::Structuring,
        &mule_chain::MuleChain,
        &fraud_ring::FraudRing,
        &account_takeover::AccountTakeover,
        &tbml::Tbml,
        &network::Network(Family::FanOut),
        &network::Network(Family::FanIn),
        &network::Network(Family::Cycle),
        &network::Network(Family::ScatterGather),
        &network::Network(Family::GatherScatter),
        &network::Network(Family::Bipartite),
        &network::Network(Family::Stack),
        &network::Network(Family::Random),
        &insider_trading::InsiderTrading,
        &ubo_chain::UboChain,
    ];
    &ALL
}

/// The implementation of `family`, if this release has one.
pub fn typology(family: Family) -> Option<&'static dyn Typology> {
    registry().iter().copied().find(|t| t.family() == family)
}

// ---- records as a dataset holds them (input of `check`) -------------------------------------------

/// A pattern transaction as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxView {
    pub id: RecordId,
    pub ts: Timestamp,
    pub kind: TransactionType,
    pub from: Option<RecordId>,
    pub to: Option<RecordId>,
    pub from_entity: Option<RecordId>,
    pub to_entity: Option<RecordId>,
    pub amount_minor: i64,
    /// ISO code of the transaction currency.
    pub currency: String,
    pub amount_usd_cents: i64,
    pub location: Option<String>,
    /// `reference_number` (invoice payments carry the invoice number).
    pub reference: Option<String>,
}

/// A document line as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineView {
    pub category: String,
    pub quantity: i64,
    pub unit_price_minor: i64,
    pub amount_minor: i64,
}

/// A pattern document as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocView {
    pub id: RecordId,
    pub kind: DocumentType,
    pub number: String,
    pub issuer: RecordId,
    pub recipient: RecordId,
    pub ts: Timestamp,
    /// ISO code of the document currency.
    pub currency: String,
    pub total_minor: i64,
    pub lines: Vec<LineView>,
    pub shipment_id: Option<String>,
    pub payment_terms: PaymentTerms,
}

/// A pattern account event as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventView {
    pub id: RecordId,
    pub ts: Timestamp,
    pub kind: AccountEventType,
    pub account: RecordId,
    pub ip_address: String,
    pub device_id: String,
}

/// The facts of an account that invariants read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountView {
    pub owner: RecordId,
    pub bank_id: String,
    pub opened_date: Date,
    pub account_type: AccountType,
    /// Minor units of the account currency.
    pub credit_limit_minor: Option<i64>,
    pub currency: String,
}

/// A pattern relationship as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelView {
    pub id: RecordId,
    pub kind: RelationshipType,
    pub context: RelationshipContext,
    pub from: RecordId,
    pub to: RecordId,
    /// shareholder edges: the direct holding in hundredths of a percent.
    pub ownership_hundredths: Option<u32>,
    /// beneficial_owner edges: effective ownership in 1/10,000 of a percent.
    pub effective: Option<u64>,
}

/// A pattern trade as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TradeView {
    pub id: RecordId,
    pub ts: Timestamp,
    pub trader: RecordId,
    pub symbol: String,
    pub asset: crate::model::trade::AssetType,
    pub side: crate::model::trade::TradeSide,
}

/// A pattern communication as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommunicationView {
    pub id: RecordId,
    pub ts: Timestamp,
    pub sender: RecordId,
    pub recipients: Vec<RecordId>,
}

/// A relationship edge between two entities, as an invariant reads it (any direction).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TieView {
    pub kind: RelationshipType,
    pub from: RecordId,
    /// shareholder edges: the direct holding in hundredths of a percent.
    pub ownership_hundredths: Option<u32>,
    pub start: Date,
    pub end: Option<Date>,
}

impl TieView {
    /// Whether the edge holds on `day`.
    pub fn holds_on(&self, day: Date) -> bool {
        self.start <= day && self.end.is_none_or(|end| day < end)
    }
}

/// The facts of a company that invariants read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyView {
    pub is_shell: bool,
    /// ISO code of the registration country.
    pub country: String,
    pub in_haven: bool,
}

/// The facts of a person that invariants read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonView {
    /// The primary address, as one comparable string.
    pub primary_address: String,
    pub phone_numbers: Vec<String>,
    pub is_pep: bool,
}

/// Entity lookups an invariant may need (the generator answers from its context, `validate` from the
/// dataset's files).
pub trait Facts {
    fn account(&self, id: RecordId) -> Option<AccountView>;
    fn person(&self, id: RecordId) -> Option<PersonView>;
    fn company(&self, _id: RecordId) -> Option<CompanyView> {
        None
    }
    /// The UBO threshold in 1/10,000 of a percent (UBO-1).
    fn ubo_threshold(&self) -> u64 {
        250_000
    }
    /// Whether an account event of the dataset earlier than `before` on `account` used the address or
    /// device `ip_or_device` (answered for account takeover victims).
    fn seen_before(&self, _account: RecordId, _ip_or_device: &str, _before: Timestamp) -> bool {
        false
    }
    /// Whether some bill of lading anywhere in the dataset carries `shipment_id`.
    fn bill_of_lading_exists(&self, _shipment_id: &str) -> bool {
        false
    }
    /// Every relationship edge between `a` and `b`, in either direction.
    fn ties(&self, _a: RecordId, _b: RecordId) -> Vec<TieView> {
        Vec::new()
    }
    /// The stock ticker of a listed company.
    fn ticker(&self, _company: RecordId) -> Option<String> {
        None
    }
    fn window_start(&self) -> Timestamp;
    fn structuring_margin_bp(&self) -> u32;
}

/// A member row as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    pub entity_id: RecordId,
    pub role: Role,
}

/// All records of one instance, each list in file order (timestamp, then id).
pub struct InstanceRecords<'a> {
    pub family: Family,
    pub subtype: String,
    pub transactions: Vec<TxView>,
    pub account_events: Vec<EventView>,
    pub relationships: Vec<RelView>,
    pub documents: Vec<DocView>,
    pub trades: Vec<TradeView>,
    pub communications: Vec<CommunicationView>,
    pub members: Vec<MemberView>,
    /// The pattern row's `end_time` (insider trading: the announcement).
    pub end_time: Option<Timestamp>,
    pub facts: &'a dyn Facts,
}

impl InstanceRecords<'_> {
    /// Ids of members with `role`.
    pub fn with_role(&self, role: Role) -> impl Iterator<Item = RecordId> + '_ {
        self.members
            .iter()
            .filter(move |m| m.role == role)
            .map(|m| m.entity_id)
    }

    /// Whether `id` is a member with `role`.
    pub fn has(&self, id: RecordId, role: Role) -> bool {
        self.members
            .iter()
            .any(|m| m.entity_id == id && m.role == role)
    }

    /// Transactions of the given kinds.
    pub fn of_kinds<'s>(
        &'s self,
        kinds: &'s [TransactionType],
    ) -> impl Iterator<Item = &'s TxView> + 's {
        self.transactions
            .iter()
            .filter(move |t| kinds.contains(&t.kind))
    }
}
