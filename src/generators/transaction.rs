//! Background transactions (SPEC §7.4, R-1…R-7, §9.2). Each type has its own weekly curve in local time
//! (retail around the clock with quiet nights and weekends, wires and ACH on business hours, branch cash and
//! cheques Monday–Saturday), so per-slice counts are exact and business-hours rules hold by construction.
//! A record is drawn from RNG index `(slice << 16) | ordinal`: its time follows the type's curve inside the
//! slice, its sender country follows the curve's country mix at that time, then sender, receiver, amount
//! and the derived fields are built by [`build`], the one builder that pattern records will use as well.

use super::Ctx;
use super::account::{self, AccountCore};
use super::document::{self, DocPlan, InvoicePayment};
use super::pools::{self, CountryMix, CountryPool};
use crate::core::sample::apportion;
use crate::core::seed::{Rng, StreamKey};
use crate::core::time::{Timestamp, add_business_days, date_of, midnight};
use crate::generators::alert::{TransactionFacts, transaction_alerts};
use crate::model::account::AccountStatus;
use crate::model::record::Decimal;
use crate::model::transaction::{
    MerchantCategory, Transaction, TransactionStatus, TransactionType,
};
use crate::population::layout::Owner;
use crate::refdata::{self, COUNTRIES, CountryId, CurrencyId, currencies};
use crate::schedule::events::{FilePlan, Rows};
use crate::schedule::slices::{Curve, LocalProfile, Slices};

/// Who may stand on one side of a transaction type (SPEC §7.4 presence table).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    /// No account on this side (cash).
    None,
    /// A customer account: persons mostly, companies for business types.
    Customer,
    /// A company account (merchants, billers).
    Company,
    /// Any account, persons with the given share in percent.
    Any(u32),
}

/// Everything fixed about one transaction type.
struct TypeSpec {
    kind: TransactionType,
    from: Side,
    to: Side,
    /// log-normal median in USD and σ.
    median_usd: f64,
    sigma: f64,
    /// probability of picking a usual counterparty.
    repeat: f64,
    hours: Hours,
    /// Share (percent) of senders that are companies.
    company_senders: u32,
    /// Chance that a new receiver is abroad (a quarter of it for senders in high-risk countries).
    /// Person-to-person transfers stay mostly domestic (cross-border money goes by wire or card), so
    /// pattern transfers, which keep one currency per instance (§10.1), look like background ones.
    abroad: f64,
    descriptions: &'static [&'static str],
}

#[derive(Clone, Copy)]
#[repr(usize)]
enum Hours {
    Retail,
    Business,
    Branch,
}

const TYPES: [TypeSpec; 10] = [
    TypeSpec {
        kind: TransactionType::Deposit,
        abroad: 0.0,
        from: Side::None,
        to: Side::Customer,
        median_usd: 400.0,
        sigma: 1.3,
        repeat: 0.0,
        hours: Hours::Branch,
        company_senders: 20,
        descriptions: &["Cash deposit", "Cheque deposit"],
    },
    TypeSpec {
        kind: TransactionType::Withdrawal,
        abroad: 0.0,
        from: Side::Customer,
        to: Side::None,
        median_usd: 300.0,
        sigma: 1.2,
        repeat: 0.0,
        hours: Hours::Branch,
        company_senders: 10,
        descriptions: &["Cash withdrawal"],
    },
    TypeSpec {
        kind: TransactionType::Transfer,
        abroad: 0.02,
        from: Side::Customer,
        to: Side::Any(70),
        median_usd: 250.0,
        sigma: 1.4,
        repeat: 0.6,
        hours: Hours::Retail,
        company_senders: 10,
        descriptions: &[
            "Transfer to friend",
            "Transfer between accounts",
            "Family support",
            "Shared expenses",
        ],
    },
    TypeSpec {
        kind: TransactionType::Payment,
        abroad: 0.14,
        from: Side::Customer,
        to: Side::Any(20),
        median_usd: 120.0,
        sigma: 1.2,
        repeat: 0.6,
        hours: Hours::Retail,
        company_senders: 10,
        descriptions: &[
            "Bill payment",
            "Utility bill",
            "Subscription",
            "Insurance premium",
        ],
    },
    TypeSpec {
        kind: TransactionType::Wire,
        abroad: 0.3,
        from: Side::Customer,
        to: Side::Any(40),
        median_usd: 12_000.0,
        sigma: 1.6,
        repeat: 0.4,
        hours: Hours::Business,
        company_senders: 50,
        descriptions: &[
            "International wire",
            SUPPLIER_PAYMENT,
            "Property purchase",
            "Investment transfer",
        ],
    },
    TypeSpec {
        kind: TransactionType::Ach,
        abroad: 0.1,
        from: Side::Customer,
        to: Side::Any(50),
        median_usd: 900.0,
        sigma: 1.2,
        repeat: 0.9,
        hours: Hours::Business,
        company_senders: 50,
        descriptions: &[
            "Payroll",
            "Rent",
            "Loan repayment",
            "Direct debit",
            SUPPLIER_PAYMENT,
        ],
    },
    TypeSpec {
        kind: TransactionType::Check,
        abroad: 0.1,
        from: Side::Customer,
        to: Side::Any(50),
        median_usd: 500.0,
        sigma: 1.3,
        repeat: 0.6,
        hours: Hours::Branch,
        company_senders: 30,
        descriptions: &["Cheque payment"],
    },
    TypeSpec {
        kind: TransactionType::Atm,
        abroad: 0.0,
        from: Side::Customer,
        to: Side::None,
        median_usd: 100.0,
        sigma: 0.7,
        repeat: 0.0,
        hours: Hours::Retail,
        company_senders: 0,
        descriptions: &["ATM withdrawal"],
    },
    TypeSpec {
        kind: TransactionType::Pos,
        abroad: 0.1,
        from: Side::Customer,
        to: Side::Company,
        median_usd: 35.0,
        sigma: 1.0,
        repeat: 0.6,
        hours: Hours::Retail,
        company_senders: 5,
        descriptions: &["Card purchase"],
    },
    TypeSpec {
        kind: TransactionType::Online,
        abroad: 0.16,
        from: Side::Customer,
        to: Side::Company,
        median_usd: 60.0,
        sigma: 1.1,
        repeat: 0.6,
        hours: Hours::Retail,
        company_senders: 5,
        descriptions: &["Online purchase"],
    },
];

/// Local weekly profiles: quiet nights, lighter weekends, business and branch opening hours.
/// The configured weekly local-time profile of a transaction type, which the validator's
/// REAL-SEASON hour-of-day distance measures against.
pub fn hour_profile(kind: TransactionType) -> LocalProfile {
    profile(spec_of(kind).hours)
}

fn profile(hours: Hours) -> LocalProfile {
    match hours {
        Hours::Retail => LocalProfile::daily(
            [
                3, 2, 1, 1, 1, 2, 5, 8, 10, 11, 12, 13, 14, 13, 12, 12, 13, 14, 14, 13, 11, 9, 7, 5,
            ],
            [10, 10, 10, 10, 11, 8, 7],
        ),
        Hours::Business => LocalProfile::opening_hours(&[0, 1, 2, 3, 4], 9, 17),
        Hours::Branch => LocalProfile::opening_hours(&[0, 1, 2, 3, 4, 5], 9, 17),
    }
}

/// Per-country lookup tables built once per run: shares, keyed account orders and Zipf constants.
pub struct Tables {
    /// Curve per type in [`TYPES`] order.
    curves: Vec<Curve>,
    /// Sender countries by time, per hours class.
    country_mix: Vec<CountryMix>,
    /// Per country, persons and companies in a keyed order; Zipf senders (0) and receivers (1).
    persons: Vec<CountryPool<2>>,
    companies: Vec<CountryPool<2>>,
    /// Country ids of the financial centres, favoured as foreign receivers.
    centres: Vec<CountryId>,
    /// Weights of the other foreign receivers: the country's share, high-risk countries and havens
    /// discounted.
    foreign: Vec<u64>,
    /// Accounts eligible at every instant of the window (active, opened by its first day): the
    /// last-resort party of a record whose type the population cannot serve at its time.
    always_eligible: Vec<(u64, AccountCore)>,
    key: StreamKey,
}

/// How many always-eligible accounts a run keeps, and how many account rows it reads to find them.
const ALWAYS_ELIGIBLE_KEPT: usize = 8;
const ALWAYS_ELIGIBLE_SCAN: u64 = 1 << 16;

/// Sender and receiver Zipf exponents of the per-country pools.
const POOL_ZIPF: [f64; 2] = [0.8, 0.9];

impl Tables {
    /// The RNG of record `ordinal` of slice `s` of this file.
    pub fn record_rng(&self, s: u64, ordinal: u64) -> Rng {
        self.key.rng((s << 16) | ordinal)
    }

    pub fn new(ctx: &Ctx) -> Tables {
        let seed = ctx.seed;
        let persons = pools::per_country(ctx, "transaction.persons", false, POOL_ZIPF);
        let companies = pools::per_country(ctx, "transaction.companies", true, POOL_ZIPF);
        let shares: Vec<u64> = persons
            .iter()
            .zip(&companies)
            .map(|(p, k)| p.len() + k.len())
            .collect();
        let offsets: Vec<i16> = COUNTRIES.iter().map(|c| c.utc_offset_minutes).collect();
        let curves = TYPES
            .iter()
            .map(|t| Curve::mixed(&profile(t.hours), &shares, &offsets))
            .collect();
        let centres = (0..COUNTRIES.len() as CountryId)
            .filter(|&c| {
                // Havens among the centres (LU, CH, …) are reached through the discounted population
                // draw instead, so a favoured corridor is not a flagged one by construction.
                let k = refdata::country(c);
                k.financial_centre && !k.tax_haven && !k.high_risk
            })
            .collect();
        let foreign: Vec<u64> = COUNTRIES
            .iter()
            .zip(&shares)
            .map(|(c, &share)| {
                if c.high_risk || c.tax_haven {
                    share
                } else {
                    share * RISKY_FOREIGN_DISCOUNT
                }
            })
            .collect();
        Tables {
            curves,
            country_mix: [Hours::Retail, Hours::Business, Hours::Branch]
                .into_iter()
                .map(|hours| CountryMix::new(&shares, &profile(hours)))
                .collect(),
            persons,
            companies,
            centres,
            foreign,
            always_eligible: always_eligible(ctx),
            key: StreamKey::new(seed, "transaction.background"),
        }
    }

    /// Whether some account is eligible throughout the window, so every background record has a
    /// party whatever its time (see [`build`]).
    pub fn has_always_eligible_account(&self) -> bool {
        !self.always_eligible.is_empty()
    }
}

/// The first few accounts, in row order, that are eligible at every instant of the window.
fn always_eligible(ctx: &Ctx) -> Vec<(u64, AccountCore)> {
    let first_day = date_of(ctx.window.start);
    (0..(ctx.layout.person_accounts + ctx.layout.company_accounts).min(ALWAYS_ELIGIBLE_SCAN))
        .map(|a| (a, account::core(ctx, a)))
        .filter(|(_, core)| core.status == AccountStatus::Active && core.opened_date <= first_day)
        .take(ALWAYS_ELIGIBLE_KEPT)
        .collect()
}

/// The background plan of the transactions file: per-type exact totals along per-type curves.
pub fn file_plan(tables: &Tables, background: u64, mix: &[u32; 10]) -> FilePlan {
    FilePlan::along(&tables.curves, apportion(background, &mix.map(u64::from)))
}

/// One planned transaction. `from`/`to` are account rows; the kind decides which sides exist (§7.4
/// presence table). The amount is in minor units of the transaction currency (the sender's account
/// currency, or the receiver's for deposits); `location` fixes `transaction_location` for cash kinds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TxSpec {
    pub kind: TransactionType,
    pub ts: Timestamp,
    pub from: Option<u64>,
    pub to: Option<u64>,
    pub amount_minor: i64,
    pub location: Option<&'static str>,
}

/// Invoice payments come from the documents plan (SPEC §5.3): their number per slice is arithmetic, so
/// the transactions file's row geometry is the background kinds plus the payments.
pub struct Payments<'a> {
    pub tables: &'a document::Tables,
    pub plan: &'a DocPlan,
}

/// Every row of the transactions file: background kinds, invoice payments and the labelled rows another
/// layer places after them (pattern transactions), known here only by their count per slice.
pub struct TransactionRows<'a> {
    pub file: &'a FilePlan,
    pub payments: Payments<'a>,
    pub labelled: &'a dyn Rows,
}

impl Rows for TransactionRows<'_> {
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        self.file.rows_before(slices, s)
            + document::payments_before(self.payments.plan, slices, s)
            + self.labelled.rows_before(slices, s)
    }
}

/// Draws the transactions of slice `s` (unordered; ids are assigned by the caller): the background
/// kinds, then the invoice payments that fall in the slice. Returns the record ordinals used, so the
/// labelled rows of the slice draw their RNGs from the ordinals after them ([`Tables::record_rng`]).
pub fn slice(
    ctx: &Ctx,
    tables: &Tables,
    rows: &TransactionRows<'_>,
    slices: Slices,
    s: u64,
    out: &mut Vec<Transaction>,
) -> u64 {
    let background = rows.file.draw_slice(&tables.key, slices, s, |k, ts, rng| {
        let kind = &TYPES[k];
        let country = sender_country(tables, kind, ts, rng);
        out.push(build(ctx, tables, kind, ts, country, rng));
    });
    let Payments {
        tables: doc_tables,
        plan,
    } = &rows.payments;
    // Payments take the ordinals after the background records.
    let payments = document::payments_in(plan, slices, s);
    for k in 0..payments {
        let mut rng = tables.key.rng((s << 16) | (background + k));
        let payment = document::payment(ctx, doc_tables, plan, slices, s, k);
        out.push(invoice_payment(ctx, payment, &mut rng));
    }
    background + payments
}

/// How an invoice is paid: a wire across borders, an ACH at home (background and tbml invoices alike).
pub fn invoice_payment_type(cross_border: bool) -> TransactionType {
    if cross_border {
        TransactionType::Wire
    } else {
        TransactionType::Ach
    }
}

/// A goods or service invoice paid in full by the recipient's first account, built by the same
/// [`assemble`] as every other transaction.
fn invoice_payment(ctx: &Ctx, payment: InvoicePayment, rng: &mut Rng) -> Transaction {
    let tie = rng.next_u64();
    let sender = account::core(ctx, payment.payer_account);
    let receiver = account::core(ctx, payment.payee_account);
    let kind = invoice_payment_type(payment.cross_border);
    let cash_country = sender.country;
    assemble(
        ctx,
        Draft {
            kind,
            ts: payment.ts,
            sender: Some((payment.payer_account, sender)),
            receiver: Some((payment.payee_account, receiver)),
            amount_minor: payment.amount_minor,
            reference_number: Some(payment.document_number),
            description: SUPPLIER_PAYMENT,
            tie,
            cash_country,
            location: None,
        },
        rng,
    )
}

/// A pattern invoice payment (`spec` from the payer's to the payee's account, wire or ACH as planned)
/// built by the same [`invoice_payment`] as background ones, with reference `document_number`.
pub fn invoice_payment_record(
    ctx: &Ctx,
    spec: &TxSpec,
    document_number: String,
    rng: &mut Rng,
) -> Transaction {
    let (Some(payer), Some(payee)) = (spec.from, spec.to) else {
        return pattern_record(ctx, spec, rng);
    };
    let currency = account::core(ctx, payer).currency;
    invoice_payment(
        ctx,
        InvoicePayment {
            ts: spec.ts,
            payer_account: payer,
            payee_account: payee,
            amount_minor: spec.amount_minor,
            currency,
            document_number,
            cross_border: spec.kind == TransactionType::Wire,
        },
        rng,
    )
}

/// The description invoice payments carry; background wires and ACH transfers use it too, so it is no
/// label.
const SUPPLIER_PAYMENT: &str = "Supplier payment";

/// The sender's country at time `ts`: proportional to the country's share times the type's local
/// profile there, so closed hours are never drawn.
fn sender_country(tables: &Tables, kind: &TypeSpec, ts: Timestamp, rng: &mut Rng) -> CountryId {
    tables.country_mix[kind.hours as usize].draw(ts, rng)
}

/// An eligible account of the given owner class in `country` at `ts` (SPEC §5.2 eligibility): bounded
/// redraws, then the next eligible account in the keyed order. None when the country has none.
fn draw_account(
    ctx: &Ctx,
    tables: &Tables,
    country: CountryId,
    company: bool,
    receiver: bool,
    ts: Timestamp,
    rng: &mut Rng,
) -> Option<(u64, AccountCore)> {
    let pools = if company {
        &tables.companies
    } else {
        &tables.persons
    };
    let pool = &pools[country as usize];
    if pool.is_empty() {
        return None;
    }
    for _ in 0..8 {
        let slot = pool.draw_with(receiver as usize, rng);
        if let Some(found) = eligible_account_of(ctx, slot, company, ts, rng.next_u64()) {
            return Some(found);
        }
    }
    let n = pool.len();
    let start = rng.below(n);
    (0..n.min(64)).find_map(|i| {
        let slot = pool.slot((start + i) % n);
        eligible_account_of(ctx, slot, company, ts, i)
    })
}

/// One eligible account of the entity in `slot`, if it has any.
fn eligible_account_of(
    ctx: &Ctx,
    slot: u64,
    company: bool,
    ts: Timestamp,
    pick: u64,
) -> Option<(u64, AccountCore)> {
    let owned = slot_accounts(ctx, slot, company);
    let count = owned.count;
    (0..count).find_map(|i| {
        let k = (pick + i) % count;
        let a = match owned.rows.get(k as usize) {
            Some(&row) if (k as usize) < SLOT_ROWS => row,
            _ => ctx.layout.account_at(owned.owner, k)?,
        };
        let core = account::core(ctx, a);
        core.eligible_at(ts).then_some((a, core))
    })
}

/// Account rows remembered per pool slot (most owners have one or two accounts).
const SLOT_ROWS: usize = 4;

/// The owner in a pool slot and its first account rows: a pure function of the slot, remembered per
/// thread because Zipf-weighted draws keep returning to the same hubs.
#[derive(Clone, Copy)]
struct SlotAccounts {
    owner: Owner,
    count: u64,
    rows: [u64; SLOT_ROWS],
}

fn slot_accounts(ctx: &Ctx, slot: u64, company: bool) -> SlotAccounts {
    thread_local! {
        static SLOTS: std::cell::RefCell<super::memo::Memo<SlotAccounts>> =
            std::cell::RefCell::new(super::memo::Memo::new(14));
    }
    super::memo::cached(&SLOTS, ctx.run_id, (slot << 1) | company as u64, || {
        let owner = if company {
            Owner::Company(ctx.layout.company_at_slot(slot))
        } else {
            Owner::Person(ctx.layout.person_at_slot(slot))
        };
        let count = ctx.layout.account_count(owner);
        let mut rows = [0u64; SLOT_ROWS];
        for (k, row) in rows
            .iter_mut()
            .enumerate()
            .take(count.min(SLOT_ROWS as u64) as usize)
        {
            *row = ctx.layout.account_at(owner, k as u64).unwrap_or(0);
        }
        SlotAccounts { owner, count, rows }
    })
}

/// How often a new receiver of `kind` is abroad for a sender in `home`.
fn abroad_share(kind: &TypeSpec, home: CountryId) -> f64 {
    // Capital controls and de-risking: customers in high-risk countries rarely send abroad.
    if refdata::country(home).high_risk {
        kind.abroad / 4.0
    } else {
        kind.abroad
    }
}

const USUAL_ABROAD_FACTOR: f64 = 1.2;

/// The `j`-th usual counterparty of account `a`: 3–12 per account, derived from its index.
#[allow(clippy::too_many_arguments)]
fn usual_counterparty(
    ctx: &Ctx,
    tables: &Tables,
    kind: &TypeSpec,
    a: u64,
    core: &AccountCore,
    company: bool,
    ts: Timestamp,
    rng: &mut Rng,
) -> Option<(u64, AccountCore)> {
    let mut own = ctx.rng("transaction.usual", a);
    let n = own.between(3, 12) as u64;
    let j = rng.below(n);
    for _ in 0..=j {
        own.next_u64();
    }
    // Usual counterparties are a little more often abroad than new ones (family and suppliers).
    let country = if own.chance(USUAL_ABROAD_FACTOR * abroad_share(kind, core.country)) {
        foreign_country(tables, core.country, &mut own)
    } else {
        core.country
    };
    let mut fixed = ctx.rng("transaction.usual.pick", (a << 4) | j);
    let pools = if company {
        &tables.companies
    } else {
        &tables.persons
    };
    let pool = &pools[country as usize];
    if pool.is_empty() {
        return None;
    }
    let slot = pool.draw_with(1, &mut fixed);
    eligible_account_of(ctx, slot, company, ts, fixed.next_u64())
}

/// How much less often a high-risk country or a haven receives from abroad than its share of the
/// population says (correspondent banks de-risk such corridors; financial-centre havens are picked on
/// the centre branch as usual).
const RISKY_FOREIGN_DISCOUNT: u64 = 4;

/// Probability that a foreign counterparty is drawn among the financial centres.
const CENTRE_SHARE: f64 = 0.5;

/// A foreign country for a cross-border counterparty: financial centres favoured, high-risk countries
/// and havens discounted.
fn foreign_country(tables: &Tables, home: CountryId, rng: &mut Rng) -> CountryId {
    for _ in 0..8 {
        let c = if rng.chance(CENTRE_SHARE) && !tables.centres.is_empty() {
            *rng.pick(&tables.centres)
        } else {
            pools::by_weight(|c| tables.foreign[c], rng).unwrap_or(0)
        };
        if c != home {
            return c;
        }
    }
    home
}

/// Draws a background transaction of `kind` at `ts` with a sender in `country`.
fn build(
    ctx: &Ctx,
    tables: &Tables,
    kind: &TypeSpec,
    ts: Timestamp,
    country: CountryId,
    rng: &mut Rng,
) -> Transaction {
    let tie = rng.next_u64();
    let (sender, receiver) = draw_parties(ctx, tables, kind, ts, country, rng);
    let served = (kind.from == Side::None || sender.is_some())
        && (kind.to == Side::None || receiver.is_some());
    let (kind, sender, receiver, country) = if served {
        (kind, sender, receiver, country)
    } else {
        // A population too small or too sparse for this type at `ts` (no eligible account of the
        // class, none open for business, or only the sender itself): the record becomes a cash
        // withdrawal by an account that is eligible now, so the file total stays exact and the
        // presence and opening-hours rules still hold.
        let account = sender
            .or(receiver)
            .unwrap_or_else(|| *rng.pick(&tables.always_eligible));
        let home = account.1.country;
        (spec_of(TransactionType::Atm), Some(account), None, home)
    };
    let currency = match (&sender, &receiver) {
        (Some((_, s)), _) => s.currency,
        (None, Some((_, r))) => r.currency,
        _ => refdata::currency_of(country),
    };
    let amount_minor = draw_amount(kind, currency, rng);
    let description = *rng.pick(kind.descriptions);
    assemble(
        ctx,
        Draft {
            kind: kind.kind,
            ts,
            sender,
            receiver,
            amount_minor,
            reference_number: None,
            description,
            tie,
            cash_country: country,
            location: None,
        },
        rng,
    )
}

fn spec_of(kind: TransactionType) -> &'static TypeSpec {
    TYPES
        .iter()
        .find(|t| t.kind == kind)
        .expect("every transaction type has a spec")
}

/// A pattern transaction (SPEC §9.3): the plan fixes kind, time, accounts, amount (and a cash
/// location); the description and every other field are drawn exactly as for background records.
pub fn pattern_record(ctx: &Ctx, spec: &TxSpec, rng: &mut Rng) -> Transaction {
    let tie = rng.next_u64();
    let kind = spec_of(spec.kind);
    let party = |a: Option<u64>| a.map(|a| (a, account::core(ctx, a)));
    let sender = party(spec.from);
    let receiver = party(spec.to);
    let cash_country = sender
        .as_ref()
        .or(receiver.as_ref())
        .map_or(0, |(_, core)| core.country);
    let description = *rng.pick(kind.descriptions);
    assemble(
        ctx,
        Draft {
            kind: spec.kind,
            ts: spec.ts,
            sender,
            receiver,
            amount_minor: spec.amount_minor,
            reference_number: None,
            description,
            tie,
            cash_country,
            location: spec.location,
        },
        rng,
    )
}

/// Whether a `kind` transaction may happen at `ts` in `country` (its type's local opening hours, R-7).
pub fn opens(kind: TransactionType, country: CountryId, ts: Timestamp) -> bool {
    profile_weight(spec_of(kind).hours, country, ts) > 0
}

/// The first time at or after `ts` when a `kind` transaction may happen in `country`: `ts` itself when
/// open, else the same minute and second within the next open hour.
pub fn next_open(kind: TransactionType, country: CountryId, ts: Timestamp) -> Timestamp {
    if opens(kind, country, ts) {
        return ts;
    }
    let within = ts.rem_euclid(3_600);
    let hour = ts - within;
    (1..=24 * 8)
        .map(|k| hour + k * 3_600)
        .find(|&h| opens(kind, country, h))
        .map_or(ts, |h| h + within)
}

/// Sender and receiver of a background transaction (SPEC §7.4 presence table, R-4…R-6): eligible
/// accounts, Zipf-weighted, usual counterparties first, some receivers abroad; never the same account.
fn draw_parties(
    ctx: &Ctx,
    tables: &Tables,
    kind: &TypeSpec,
    ts: Timestamp,
    country: CountryId,
    rng: &mut Rng,
) -> (Party, Party) {
    let company_sender = rng.below(100) < kind.company_senders as u64;
    // A sender must be open for business at `ts` where it lives (the type's local profile), so a
    // fallback country is taken only among those.
    let open = |c: CountryId| profile_weight(kind.hours, c, ts) > 0;
    let sender = if kind.from == Side::None {
        None
    } else {
        draw_account(ctx, tables, country, company_sender, false, ts, rng)
            .or_else(|| draw_account(ctx, tables, country, !company_sender, false, ts, rng))
            .or_else(|| draw_elsewhere(ctx, tables, country, company_sender, false, ts, &open, rng))
            .or_else(|| {
                draw_elsewhere(ctx, tables, country, !company_sender, false, ts, &open, rng)
            })
    };
    let receiver_company = match kind.to {
        Side::None => return (sender, None),
        Side::Customer => company_sender,
        Side::Company => true,
        Side::Any(person_share) => rng.below(100) >= person_share as u64,
    };
    // Merchants must stay companies; other receivers may switch class when one class is missing.
    let other_class_allowed = kind.to != Side::Company;
    let home = sender.as_ref().map_or(country, |(_, core)| core.country);
    let mut receiver = None;
    if kind.to != Side::Customer
        && rng.chance(kind.repeat)
        && let Some((a, core)) = &sender
    {
        receiver = usual_counterparty(ctx, tables, kind, *a, core, receiver_company, ts, rng);
    }
    // A receiver found abroad must still be open for business when it alone sets the hours (cash
    // deposits have no sender, so the receiver's country decides their opening hours).
    let anywhere = |c: CountryId| sender.is_some() || open(c);
    let fresh = |rng: &mut Rng| -> Party {
        let abroad = abroad_share(kind, home);
        let to_country = if kind.to != Side::Customer && rng.chance(abroad) {
            foreign_country(tables, home, rng)
        } else {
            home
        };
        draw_account(ctx, tables, to_country, receiver_company, true, ts, rng)
            .or_else(|| draw_account(ctx, tables, home, receiver_company, true, ts, rng))
            .or_else(|| {
                other_class_allowed
                    .then(|| draw_account(ctx, tables, home, !receiver_company, true, ts, rng))
                    .flatten()
            })
            .or_else(|| {
                draw_elsewhere(
                    ctx,
                    tables,
                    home,
                    receiver_company,
                    true,
                    ts,
                    &anywhere,
                    rng,
                )
            })
    };
    let same = |r: &Party| matches!((&sender, r), (Some((a, _)), Some((b, _))) if a == b);
    // Never a self-transfer: fresh draws until the receiver differs from the sender; when the sender is
    // the only candidate at home (a tiny country), the receiver comes from another country.
    for attempt in 0..8 {
        if receiver.is_some() && !same(&receiver) {
            break;
        }
        receiver = if attempt < 4 {
            fresh(rng)
        } else {
            draw_elsewhere(
                ctx,
                tables,
                home,
                receiver_company,
                true,
                ts,
                &anywhere,
                rng,
            )
            .or_else(|| {
                other_class_allowed
                    .then(|| {
                        draw_elsewhere(
                            ctx,
                            tables,
                            home,
                            !receiver_company,
                            true,
                            ts,
                            &anywhere,
                            rng,
                        )
                    })
                    .flatten()
            })
        };
    }
    if same(&receiver) {
        receiver = None;
    }
    (sender, receiver)
}

/// An eligible account of the class in some country other than `skip` that passes `allowed`, starting
/// from a random country and going round the table; None only when no such account exists anywhere.
#[allow(clippy::too_many_arguments)]
fn draw_elsewhere(
    ctx: &Ctx,
    tables: &Tables,
    skip: CountryId,
    company: bool,
    receiver: bool,
    ts: Timestamp,
    allowed: &dyn Fn(CountryId) -> bool,
    rng: &mut Rng,
) -> Party {
    let n = COUNTRIES.len() as u64;
    let start = rng.below(n);
    (0..n)
        .map(|i| ((start + i) % n) as CountryId)
        .filter(|&c| c != skip && allowed(c))
        .find_map(|c| draw_account(ctx, tables, c, company, receiver, ts, rng))
}

/// The type's local-profile weight at `ts` in country `c` (0 when closed).
fn profile_weight(hours: Hours, c: CountryId, ts: Timestamp) -> u32 {
    let (weekday, hour) = pools::local_hour(c, ts);
    profile(hours).at(weekday, hour)
}

/// One side of a transaction: an account row and its core facts, or no account (cash).
pub type Party = Option<(u64, AccountCore)>;

/// Everything a caller decides about one transaction; [`assemble`] derives the rest.
pub struct Draft {
    pub kind: TransactionType,
    pub ts: Timestamp,
    pub sender: Party,
    pub receiver: Party,
    /// In the transaction currency's minor units (the sender's, or the receiver's for deposits).
    pub amount_minor: i64,
    /// A fixed reference (invoice payments carry the invoice number); drawn when None.
    pub reference_number: Option<String>,
    pub description: &'static str,
    pub tie: u64,
    /// Country of branch or ATM cash when neither side has an account there.
    pub cash_country: CountryId,
    /// A fixed `transaction_location` (patterns); drawn from the place's cities when None.
    pub location: Option<&'static str>,
}

/// The shared record builder (SPEC §9.3): background rows, invoice payments and pattern rows all come
/// from here, so every derived field (FX, fees, status, dates, location, IP, merchant, alerts) is
/// produced by the same code whoever chose the parties and the amount.
pub fn assemble(ctx: &Ctx, draft: Draft, rng: &mut Rng) -> Transaction {
    let Draft {
        kind,
        ts,
        sender,
        receiver,
        amount_minor,
        reference_number,
        description,
        tie,
        cash_country,
        location,
    } = draft;
    let currency = match (&sender, &receiver) {
        (Some((_, s)), _) => s.currency,
        (None, Some((_, r))) => r.currency,
        _ => refdata::currency_of(cash_country),
    };
    let ccy = refdata::currency(currency);
    let amount_usd = currencies::to_usd_minor(amount_minor, ccy.code);
    let reference_number =
        reference_number.unwrap_or_else(|| format!("REF-{:010}", rng.below(10_000_000_000)));
    let mut t = Transaction {
        reference_number,
        transaction_type: kind,
        transaction_date: ts,
        amount: Decimal::new(amount_minor, ccy.minor_units),
        currency: ccy.code,
        amount_usd: Decimal::new(amount_usd, 2),
        fee_currency: ccy.code,
        description,
        tie,
        ..Default::default()
    };
    let from_country = sender.as_ref().map(|(_, c)| c.country);
    let to_country = receiver.as_ref().map(|(_, c)| c.country);
    if let Some((a, core)) = &sender {
        t.from_account_id = Some(ctx.account_id(*a));
        t.from_entity_id = Some(owner_id(ctx, core.owner));
        t.originating_country = Some(refdata::country(core.country).code);
    }
    if let Some((a, core)) = &receiver {
        t.to_account_id = Some(ctx.account_id(*a));
        t.to_entity_id = Some(owner_id(ctx, core.owner));
        t.destination_country = Some(refdata::country(core.country).code);
        if let Some((_, s)) = &sender
            && s.currency != core.currency
        {
            let to = refdata::currency(core.currency);
            let (rate, local) = currencies::convert_minor(amount_minor, ccy.code, to.code);
            t.exchange_rate = Some(rate);
            t.amount_local = Some(Decimal::new(local, to.minor_units));
            t.currency_local = Some(to.code);
        }
        if matches!(
            kind,
            TransactionType::Pos | TransactionType::Online | TransactionType::Payment
        ) && let Owner::Company(c) = core.owner
        {
            let company = super::company::core(ctx, c);
            t.merchant_category = Some(merchant_category(company.industry));
            t.merchant_name = Some(company.legal_name);
        }
    }
    let place = from_country.or(to_country).unwrap_or(cash_country);
    if matches!(
        kind,
        TransactionType::Deposit
            | TransactionType::Withdrawal
            | TransactionType::Atm
            | TransactionType::Pos
    ) {
        let drawn = *rng.pick(refdata::country(place).cities);
        t.transaction_location = Some(location.unwrap_or(drawn));
    }
    if matches!(
        kind,
        TransactionType::Online | TransactionType::Payment | TransactionType::Transfer
    ) && let Some((_, core)) = &sender
    {
        t.ip_address = Some(super::devices::usual_ip(ctx, core.owner, rng));
    }
    t.fee_amount = Decimal::new(
        fee(kind, amount_minor, ccy.code, t.exchange_rate.is_some(), rng),
        ccy.minor_units,
    );
    t.status = status(ts, ctx.window.end, rng);
    if matches!(
        t.status,
        TransactionStatus::Completed | TransactionStatus::Reversed
    ) {
        let day = date_of(ts);
        let posting_day = add_business_days(day, rng.below(3) as u32);
        let posting = if posting_day == day {
            ts + rng.below((midnight(day + 1) - ts) as u64) as i64
        } else {
            midnight(posting_day) + rng.below(86_400) as i64
        };
        t.posting_date = Some(posting);
        t.value_date = Some(date_of(posting));
    }
    t.is_round_amount = is_round(amount_minor, ccy.minor_units);
    let risky = |c: Option<CountryId>| {
        c.is_some_and(|c| {
            let c = refdata::country(c);
            c.high_risk || c.tax_haven
        })
    };
    let party = |side: &Option<(u64, AccountCore)>| {
        side.as_ref().map_or((false, false), |(_, c)| {
            (c.owner_high_risk, c.owner_sanctioned)
        })
    };
    let (s_high, s_sanctioned) = party(&sender);
    let (r_high, r_sanctioned) = party(&receiver);
    let facts = TransactionFacts {
        is_cash_in_or_out: matches!(kind, TransactionType::Deposit | TransactionType::Withdrawal),
        is_atm: kind == TransactionType::Atm,
        is_wire: kind == TransactionType::Wire,
        amount_minor,
        threshold_minor: ccy.threshold_minor(),
        amount_usd_cents: amount_usd,
        cross_border: from_country.is_some() && to_country.is_some() && from_country != to_country,
        risky_country: risky(from_country) || risky(to_country),
        is_round_amount: t.is_round_amount,
        high_risk_party: s_high || r_high,
        sanctioned_party: s_sanctioned || r_sanctioned,
        sender_opened: sender.as_ref().map(|(_, c)| c.opened_date),
        date: date_of(ts),
    };
    t.risk_score = transaction_alerts(&facts, &ctx.params.alerts, &mut t.alert_reasons);
    t
}

fn owner_id(ctx: &Ctx, owner: Owner) -> crate::core::ids::RecordId {
    match owner {
        Owner::Person(p) => ctx.person_id(p),
        Owner::Company(c) => ctx.company_id(c),
    }
}

/// a log-normal USD amount converted to the currency, clamped, sometimes rounded; ATM amounts
/// are whole multiples of 20 or 50 note units.
fn draw_amount(kind: &TypeSpec, currency: CurrencyId, rng: &mut Rng) -> i64 {
    let ccy = refdata::currency(currency);
    let usd = rng
        .log_normal(kind.median_usd, kind.sigma)
        .clamp(1.0, 5_000_000.0);
    let usd_cents = libm::round(usd * 100.0) as i64;
    let mut minor = currencies::from_usd(usd_cents, ccy.code).max(1);
    let unit = 10i64.pow(ccy.minor_units as u32);
    if kind.kind == TransactionType::Atm {
        let step = if rng.chance(0.5) { 20 } else { 50 } * ccy.note_unit * unit;
        return ((minor + step / 2) / step).max(1) * step;
    }
    if minor >= 100 * unit && rng.chance(0.04) {
        minor = round_down_significant(minor, if rng.chance(0.5) { 1 } else { 2 });
    }
    minor
}

/// Keeps the first `digits` significant digits (first digit preserved), zeroing the rest.
fn round_down_significant(value: i64, digits: u32) -> i64 {
    let len = value.ilog10() + 1;
    if len <= digits {
        return value;
    }
    let scale = 10i64.pow(len - digits);
    value / scale * scale
}

/// `is_round_amount`: ≥ R and a multiple of R, R = 100 major units (10,000 for 0-decimal currencies).
pub fn is_round(amount_minor: i64, minor_units: u8) -> bool {
    let r = if minor_units == 0 {
        10_000
    } else {
        100 * 10i64.pow(minor_units as u32)
    };
    amount_minor >= r && amount_minor % r == 0
}

/// Fees by type (SPEC §7.4), capped at half the amount so 0 ≤ fee < amount.
fn fee(
    kind: TransactionType,
    amount: i64,
    currency: &str,
    cross_currency: bool,
    rng: &mut Rng,
) -> i64 {
    let usd = |cents: i64| currencies::from_usd(cents, currency);
    let raw = match kind {
        TransactionType::Wire => usd(rng.between(1_500, 6_500)),
        TransactionType::Atm if rng.chance(0.3) => usd(rng.between(250, 350)),
        TransactionType::Transfer if cross_currency => (amount / 200).clamp(usd(100), usd(2_500)),
        _ => 0,
    };
    raw.min(amount / 2).max(0)
}

/// completed .92, pending .05, failed .02, reversed .01; pending only in the last 3 days of the window.
fn status(ts: Timestamp, end: Timestamp, rng: &mut Rng) -> TransactionStatus {
    let s = rng.weighted_item(&[
        (TransactionStatus::Completed, 92),
        (TransactionStatus::Pending, 5),
        (TransactionStatus::Failed, 2),
        (TransactionStatus::Reversed, 1),
    ]);
    if s == TransactionStatus::Pending && ts < end - 3 * 86_400 {
        TransactionStatus::Completed
    } else {
        s
    }
}

fn merchant_category(industry: crate::model::common::Industry) -> MerchantCategory {
    use crate::model::common::Industry as I;
    match industry {
        I::Retail => MerchantCategory::Retail,
        I::Hospitality => MerchantCategory::Restaurants,
        I::Transportation => MerchantCategory::Travel,
        I::Technology | I::Telecommunications => MerchantCategory::Electronics,
        I::Healthcare => MerchantCategory::Healthcare,
        I::Energy => MerchantCategory::Utilities,
        I::Entertainment => MerchantCategory::Entertainment,
        I::Consulting | I::Legal | I::FinancialServices => MerchantCategory::ProfessionalServices,
        I::Agriculture => MerchantCategory::Grocery,
        _ => MerchantCategory::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(persons: u64) -> Ctx {
        crate::generators::test_ctx(3, persons, persons / 5, persons * 2, 30)
    }

    #[test]
    fn foreign_receivers_favour_centres_and_discount_risky_countries() {
        let ctx = ctx(20_000);
        let tables = Tables::new(&ctx);
        let home = refdata::country_by_code("DE").unwrap();
        let draws = 20_000u64;
        let (mut centre, mut risky) = (0u64, 0u64);
        for i in 0..draws {
            let c = foreign_country(&tables, home, &mut ctx.rng("test.foreign", i));
            assert_ne!(c, home);
            let country = refdata::country(c);
            centre += country.financial_centre as u64;
            risky += (country.high_risk || country.tax_haven) as u64;
        }
        // Risky countries' share of the population, for comparison.
        let shares: Vec<u64> = (0..COUNTRIES.len() as CountryId)
            .map(|c| {
                let (p, k) = (
                    ctx.layout.country_person_slots(c),
                    ctx.layout.country_company_slots(c),
                );
                (p.1 - p.0) + (k.1 - k.0)
            })
            .collect();
        let total: u64 = shares.iter().sum();
        let risky_population: u64 = COUNTRIES
            .iter()
            .zip(&shares)
            .filter(|(c, _)| c.high_risk || c.tax_haven)
            .map(|(_, &s)| s)
            .sum();
        let centre_share = centre as f64 / draws as f64;
        let risky_share = risky as f64 / draws as f64;
        let risky_population = risky_population as f64 / total as f64;
        assert!(centre_share > 0.5, "centre share {centre_share}");
        assert!(
            risky_share < risky_population,
            "risky share {risky_share} vs population {risky_population}"
        );
    }

    #[test]
    fn round_amounts_follow_the_rule() {
        assert!(is_round(10_000, 2));
        assert!(!is_round(10_050, 2));
        assert!(!is_round(5_000, 2));
        assert!(is_round(20_000, 0));
        assert!(!is_round(500, 0));
        assert_eq!(round_down_significant(123_456, 2), 120_000);
        assert_eq!(round_down_significant(987, 1), 900);
    }
}
