//! Background documents (SPEC §7.8) and the records derived from them across slices (§5.3).
//!
//! Primary kinds — goods invoices, service invoices, purchase orders, contracts — follow one weekly curve,
//! the issuers' business hours (Mon–Fri 09–17 local) mixed over the company countries, and each record is
//! drawn from RNG index `(slice << 16) | ordinal` like every event file. Shipping documents are *derived*:
//! goods invoice number `g` (its ordinal within its kind over the whole window, an O(1) formula) has a
//! bill of lading, customs declaration, certificate of origin or packing list exactly 7 days later when
//! `g mod 100` lies in that document's residue class, so derived counts per slice are arithmetic and the
//! derived record is rebuilt from the invoice (same RNG index, same invoice). Payment terms and "paid"
//! are residue classes of the invoice ordinal too, which makes the invoice payments of every transaction
//! slice arithmetic for the transaction file ([`payments_in`], [`payment`]).
//!
//! Streams: `document` (primary records), `document.derived` (the derived records' own draws, indexed by
//! goods ordinal and kind), `document.class.*` (the residue classes), `document.number`, `document.shipment`.

use super::Ctx;
use super::account::{self, AccountCore};
use super::pools::{self, CountryPool};
use crate::core::sample::apportion;
use crate::core::seed::{Permutation, Rng, StreamKey};
use crate::core::time::{Timestamp, civil_from_days, date_of};
use crate::generators::alert::DocumentAlertParams;
use crate::generators::params::DocumentParams;
use crate::model::document::{
    Document, DocumentType, Incoterms, LineItem, PaymentTerms, ShippingMethod,
};
use crate::model::record::Decimal;
use crate::population::layout::Owner;
use crate::refdata::goods::{Category, GOODS_TABLE, SERVICES_TABLE, category, market_minor};
use crate::refdata::{self, COUNTRIES, CountryId, CurrencyId};
use crate::schedule::events::{FilePlan, KindPlan, Rows};
use crate::schedule::slices::{Apportioned, Curve, LocalProfile, Slices};

/// Primary kinds, in [`FilePlan`] order.
const GOODS: usize = 0;
const SERVICE: usize = 1;
const PURCHASE_ORDER: usize = 2;

/// Documents of one goods shipment, in the order derived records are emitted.
const DERIVED: [DocumentType; 4] = [
    DocumentType::BillOfLading,
    DocumentType::CustomsDeclaration,
    DocumentType::CertificateOfOrigin,
    DocumentType::PackingList,
];
/// Residue ranges `[lo, hi)` of a goods invoice's shipping class for each derived kind: 97% have a bill
/// of lading; customs (52) and certificates of origin (32) only for cross-border shipments (class < 60);
/// packing lists (13) straddle the border; classes 97..100 are the legitimate invoices without shipment.
const DERIVED_CLASSES: [(u8, u8); 4] = [(0, 97), (0, 52), (28, 60), (50, 63)];
const CROSS_BORDER_CLASSES: u8 = 60;
/// Shipping documents follow their invoice by one week: weekday and time of day are kept, so they stay
/// inside the issuer's business hours.
const DERIVED_LAG_DAYS: u64 = 7;

// The primary mix is `[documents]`: by default goods invoices ≈ 15/97 of all documents, so that their
// bills of lading make the 15% of the type table, and the other primary kinds share what goods invoices
// and their shipping documents leave in the type table's proportions (service invoices .2454, the rest
// of the 40% of invoices; purchase orders .20; contracts .10).

/// Payment terms of invoices by residue class (per 100) and the payment lag in days. Every lag is a whole
/// number of weeks, so a payer inside business hours at the issue time is inside them at the payment.
/// Advance payment is due before the goods ship, and shipping documents follow their invoice by a week:
/// the only whole-week lag in between is paying at the issue, so every payment follows its invoice.
const TERMS: [(PaymentTerms, u8, i64); 5] = [
    (PaymentTerms::Net30, 40, 28),
    (PaymentTerms::Net60, 20, 63),
    (PaymentTerms::Net90, 10, 91),
    (PaymentTerms::Cod, 15, 0),
    (PaymentTerms::AdvancePayment, 15, 0),
];

/// Serials of document numbers: 6 digits.
const SERIALS: u64 = 1_000_000;
/// Shipment numbers (12 hex digits).
const SHIPMENTS: u64 = 1 << 48;

/// Bounded redraws of a party before the fallbacks.
const REDRAWS: usize = 8;
/// Always-eligible companies kept per country for the fallbacks, and how many slots are scanned for them.
const ROSTER_SIZE: usize = 8;
const ROSTER_SCAN: u64 = 64;

// ---- TBML alerting rules (AL) --------------------------------------------------------------------

/// TBML indicator labels, in rule order; weights, thresholds and the flag score are in
/// `[alerts.documents]` ([`DocumentAlertParams`]).
pub const TBML_RULES: [&str; 5] = [
    "price_above_market",
    "price_below_market",
    "goods_invoice_without_shipment",
    "unusual_quantity",
    "high_risk_route",
];
/// The AL fields of a document, computed from its own fields only (validate re-runs this).
#[derive(Clone, Debug, PartialEq)]
pub struct TbmlAssessment {
    pub indicators: Vec<&'static str>,
    pub authenticity_score: Decimal,
    pub risk_score: Decimal,
    pub flagged_for_review: bool,
}

/// TBML rules: a line priced ≥ 2× (≤ 0.5×) its category's market price in the document currency; an
/// invoice with goods lines and no shipment id; a line quantity above its category's usual range; a
/// cross-border route touching a high-risk country or a tax haven. authenticity = 1 − 0.15 × indicators
/// (floor 0); risk = capped Σ weights. (Ratios, penalty and weights: `[alerts.documents]`, defaults shown.)
pub fn tbml_assess(doc: &Document, p: &DocumentAlertParams) -> TbmlAssessment {
    let currency = refdata::currency_by_code(doc.currency);
    let (mut above, mut below, mut goods, mut unusual) = (false, false, false, false);
    for line in &doc.line_items {
        let Some(cat) = category(line.category) else {
            continue;
        };
        goods |= GOODS_TABLE.iter().any(|g| g.category == cat.category);
        unusual |= line.quantity > cat.quantity.1;
        if let Some(ccy) = currency {
            let market = market_minor(cat, ccy) as f64;
            let price = line.unit_price.units as f64;
            above |= price >= p.price_above_market_ratio * market;
            below |= price <= p.price_below_market_ratio * market;
        }
    }
    let risky = |code: Option<&str>| {
        code.and_then(refdata::country_by_code).is_some_and(|c| {
            let c = refdata::country(c);
            c.high_risk || c.tax_haven
        })
    };
    let route = doc.origin_country.is_some()
        && doc.destination_country.is_some()
        && doc.origin_country != doc.destination_country
        && (risky(doc.origin_country) || risky(doc.destination_country));
    let hits = [
        above,
        below,
        doc.document_type == DocumentType::Invoice && goods && doc.shipment_id.is_none(),
        unusual,
        route,
    ];
    let mut indicators = Vec::new();
    let mut score = 0i64;
    for ((hit, label), weight) in hits.into_iter().zip(TBML_RULES).zip(p.weights()) {
        if hit {
            indicators.push(label);
            score += weight as i64;
        }
    }
    let score = score.min(10_000);
    let penalty = p.authenticity_penalty as i64 * indicators.len() as i64;
    TbmlAssessment {
        authenticity_score: Decimal::new((10_000 - penalty).max(0), 4),
        risk_score: Decimal::new(score, 4),
        flagged_for_review: score >= p.flag_score as i64,
        indicators,
    }
}

fn apply_alerts(doc: &mut Document, p: &DocumentAlertParams) {
    let a = tbml_assess(doc, p);
    doc.tbml_indicators = a.indicators;
    doc.authenticity_score = a.authenticity_score;
    doc.risk_score = a.risk_score;
    doc.flagged_for_review = a.flagged_for_review;
}

// ---- residue classes -----------------------------------------------------------------------------

/// A set of residues mod 100: membership, counts below any ordinal and the k-th member, all O(1).
#[derive(Clone, Debug)]
struct Cycle {
    /// `prefix[r]` = members among residues `0..r`.
    prefix: [u8; 101],
    members: Vec<u8>,
}

impl Cycle {
    fn new(member: impl Fn(u64) -> bool) -> Cycle {
        let mut prefix = [0u8; 101];
        let mut members = Vec::new();
        for r in 0..100u64 {
            let m = member(r);
            if m {
                members.push(r as u8);
            }
            prefix[r as usize + 1] = prefix[r as usize] + m as u8;
        }
        Cycle { prefix, members }
    }

    fn contains(&self, i: u64) -> bool {
        let r = (i % 100) as usize;
        self.prefix[r + 1] > self.prefix[r]
    }

    /// Members below ordinal `n`.
    fn count_below(&self, n: u64) -> u64 {
        n / 100 * self.prefix[100] as u64 + self.prefix[(n % 100) as usize] as u64
    }

    /// The `k`-th member (0-based) over all ordinals.
    fn nth(&self, k: u64) -> u64 {
        let m = self.members.len() as u64;
        k / m * 100 + self.members[(k % m) as usize] as u64
    }
}

/// Every ordinal-decided property of documents (keyed by the seed, so the same for every part).
#[derive(Clone, Debug)]
struct Classes {
    /// Derived kinds of a goods invoice, in [`DERIVED`] order.
    derived: [Cycle; 4],
    /// Goods invoices with a shipment (any shipping document).
    shipped: Cycle,
    cross_border: Cycle,
    /// Invoice payment terms by residue, as an index into [`TERMS`].
    terms: [u8; 100],
    /// Paid invoices with terms `TERMS[l]`.
    paid: [Cycle; 5],
}

impl Classes {
    /// `paid_percent`: paid invoices per 100 (among those whose payment falls inside the window).
    fn new(seed: u64, paid_percent: u64) -> Classes {
        let shipping = Permutation::new(seed, "document.class.shipping", 100);
        let terms_order = Permutation::new(seed, "document.class.terms", 100);
        let paid_order = Permutation::new(seed, "document.class.paid", 100);
        let class = |r: u64| shipping.apply(r) as u8;
        let derived = DERIVED_CLASSES.map(|(lo, hi)| Cycle::new(|r| (lo..hi).contains(&class(r))));
        let mut terms = [0u8; 100];
        for (r, t) in terms.iter_mut().enumerate() {
            let mut v = terms_order.apply(r as u64) as u8;
            for (l, &(_, share, _)) in TERMS.iter().enumerate() {
                if v < share {
                    *t = l as u8;
                    break;
                }
                v -= share;
            }
        }
        let paid = std::array::from_fn(|l| {
            Cycle::new(|r| terms[r as usize] as usize == l && paid_order.apply(r) < paid_percent)
        });
        Classes {
            shipped: Cycle::new(|r| {
                DERIVED_CLASSES
                    .iter()
                    .any(|&(lo, hi)| (lo..hi).contains(&class(r)))
            }),
            cross_border: Cycle::new(|r| class(r) < CROSS_BORDER_CLASSES),
            derived,
            terms,
            paid,
        }
    }
}

// ---- tables and plan -----------------------------------------------------------------------------

/// Per-run lookup tables: the business-hours curve, country pools, the residue classes, the keys.
pub struct Tables {
    curve: Curve,
    /// Company slots per country (the curve's mix).
    shares: Vec<u64>,
    /// The companies of each country in a keyed order with Zipf weights (a few busy traders).
    pools: Vec<CountryPool>,
    /// Per country, up to [`ROSTER_SIZE`] companies whose first account is eligible all window long.
    roster: Vec<Vec<u64>>,
    classes: Classes,
    /// `[documents]` goods invoices per 10,000 documents, and the other primary kinds' weights.
    goods_per_10k: u64,
    other_weights: [u64; 3],
    key: StreamKey,
    derived_key: StreamKey,
    numbers: Permutation,
    shipments: Permutation,
    /// Pattern documents' own draws, indexed by (instance, document).
    pattern_key: StreamKey,
    /// A pattern shipment's incoterms and shipping method, indexed by (instance, shipment).
    pattern_shipment_key: StreamKey,
}

fn business_hours() -> LocalProfile {
    LocalProfile::opening_hours(&[0, 1, 2, 3, 4], 9, 17)
}

/// Whether `ts` is inside Mon–Fri 09:00–17:00 local time of `country`.
pub fn open_at(country: CountryId, ts: Timestamp) -> bool {
    let (day, hour) = pools::local_hour(country, ts);
    day < 5 && (9..17).contains(&hour)
}

/// The first account of company `c`, if it has one.
fn first_account(ctx: &Ctx, c: u64) -> Option<(u64, AccountCore)> {
    let a = ctx.layout.accounts_of(Owner::Company(c)).next()?;
    Some((a, account::core(ctx, a)))
}

impl Tables {
    pub fn new(ctx: &Ctx) -> Tables {
        let seed = ctx.seed;
        let (start, end) = (ctx.window.start, ctx.window.end);
        let pools = pools::per_country(ctx, "document.companies", true, [0.8]);
        let shares = pools::sizes(&pools);
        // Fallback payers and payees: active first accounts opened before the window.
        let roster: Vec<Vec<u64>> = pools
            .iter()
            .map(|pool| {
                (0..pool.len().min(ROSTER_SCAN))
                    .map(|i| ctx.layout.company_at_slot(pool.slot(i)))
                    .filter(|&company| {
                        first_account(ctx, company).is_some_and(|(_, core)| {
                            core.eligible_at(start) && core.eligible_at(end - 1)
                        })
                    })
                    .take(ROSTER_SIZE)
                    .collect()
            })
            .collect();
        let offsets: Vec<i16> = COUNTRIES.iter().map(|c| c.utc_offset_minutes).collect();
        // When invoices can be paid, documents are issued only in countries with at least two
        // always-eligible companies: a paid invoice then always finds a payer in business hours at the
        // issue time (at worst a compatriot of the issuer), so every payment keeps the payer's hours.
        let issuing: Vec<u64> = if roster.iter().any(|r: &Vec<u64>| r.len() >= 2) {
            shares
                .iter()
                .zip(&roster)
                .map(|(&n, r)| if r.len() >= 2 { n } else { 0 })
                .collect()
        } else {
            shares.clone()
        };
        Tables {
            curve: Curve::mixed(&business_hours(), &issuing, &offsets),
            shares: issuing,
            pools,
            roster,
            classes: Classes::new(seed, ctx.params.documents.paid_percent()),
            goods_per_10k: ctx.params.documents.goods_per_10k(),
            other_weights: ctx.params.documents.other_weights(),
            key: StreamKey::new(seed, "document"),
            derived_key: StreamKey::new(seed, "document.derived"),
            numbers: Permutation::new(seed, "document.number", SERIALS),
            shipments: Permutation::new(seed, "document.shipment", SHIPMENTS),
            pattern_key: StreamKey::new(seed, "document.pattern"),
            pattern_shipment_key: StreamKey::new(seed, "document.pattern.shipment"),
        }
    }
}

/// The documents plan: the primary kinds' exact totals (in `file`) and the arithmetic of derived records
/// and invoice payments. `file` alone does not count derived records: use [`DocPlan::count`],
/// [`Rows::rows_before`] and [`Rows::total_rows`] for the file's geometry.
#[derive(Clone, Debug)]
pub struct DocPlan {
    /// Primary kinds: goods invoices, service invoices, purchase orders, contracts.
    pub file: FilePlan,
    classes: Classes,
    /// Whether invoices can be paid at all (≥ 2 companies with an always-eligible first account).
    payable: bool,
}

/// Slices per day.
fn spd(slices: Slices) -> u64 {
    86_400 / slices.length as u64
}

/// Plans exactly `documents` records: goods invoices (default ≈ 15.46%), then their derived records (computed from
/// the goods-invoice apportionment), then the other primary kinds share the rest.
pub fn plan(tables: &Tables, slices: Slices, documents: u64) -> DocPlan {
    let kind = |total: u64| KindPlan::new(&tables.curve, total);
    let mut plan = DocPlan {
        file: FilePlan {
            kinds: vec![kind(0), kind(0), kind(0), kind(0)],
        },
        classes: tables.classes.clone(),
        payable: tables.roster.iter().any(|r| r.len() >= 2),
    };
    if tables.curve.is_empty() || documents == 0 {
        return plan;
    }
    let mut goods = (documents * tables.goods_per_10k + 5_000) / 10_000;
    loop {
        plan.file.kinds[GOODS].total = goods;
        let derived = plan.derived_before(slices, slices.count);
        if goods + derived <= documents || goods == 0 {
            let rest = documents - goods - derived;
            for (k, part) in apportion(rest, &tables.other_weights)
                .into_iter()
                .enumerate()
            {
                plan.file.kinds[SERVICE + k].total = part;
            }
            return plan;
        }
        goods -= 1;
    }
}

impl DocPlan {
    fn goods(&self, slices: Slices) -> Apportioned<'_> {
        let k = &self.file.kinds[GOODS];
        Apportioned::new(&k.curve, slices, k.total)
    }

    /// Derived records in slices `0..s`: those of goods invoices in slices `0..s − 7·spd`.
    fn derived_before(&self, slices: Slices, s: u64) -> u64 {
        let src = s
            .min(slices.count)
            .saturating_sub(DERIVED_LAG_DAYS * spd(slices));
        let g = self.goods(slices).before(src);
        self.classes.derived.iter().map(|c| c.count_below(g)).sum()
    }
}

impl Rows for DocPlan {
    /// Records before slice `s`, derived ones included. O(kinds).
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        self.file.rows_before(slices, s) + self.derived_before(slices, s)
    }
}

// ---- records -------------------------------------------------------------------------------------

/// A primary record with what its payment and derived records need.
struct Draft {
    doc: Document,
    issuer: u64,
    recipient: u64,
    issuer_country: CountryId,
    recipient_country: CountryId,
    currency: CurrencyId,
    total_minor: i64,
    /// Payment time, for paid invoices.
    paid_at: Option<Timestamp>,
}

/// Draws the documents of slice `s`: its primary records, then the shipping documents of the goods
/// invoices of slice `s − 7·spd` (unordered; ids are assigned by the caller).
pub fn slice(
    ctx: &Ctx,
    tables: &Tables,
    plan: &DocPlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Document>,
) {
    let mut ordinal = 0;
    for kind in 0..plan.file.kinds.len() {
        for j in 0..plan.file.kind_count(slices, kind, s) {
            out.push(primary(ctx, tables, plan, slices, s, kind, j, ordinal).doc);
            ordinal += 1;
        }
    }
    let lag = DERIVED_LAG_DAYS * spd(slices);
    if s < lag {
        return;
    }
    let src = s - lag;
    let base = plan.goods(slices).before(src);
    for j in 0..plan.file.kind_count(slices, GOODS, src) {
        let g = base + j;
        if !plan.classes.shipped.contains(g) {
            continue;
        }
        // Goods invoices come first in their slice, so ordinal = j.
        let invoice = primary(ctx, tables, plan, slices, src, GOODS, j, j);
        for (k, class) in plan.classes.derived.iter().enumerate() {
            if class.contains(g) {
                out.push(derive(ctx, tables, plan, &invoice.doc, k, g));
            }
        }
    }
}

/// The shipping document of kind `DERIVED[k]` of goods invoice `g`: same parties, lines, shipment and
/// terms, one week later; its own draws (tie key) come from its own stream.
fn derive(
    ctx: &Ctx,
    tables: &Tables,
    plan: &DocPlan,
    invoice: &Document,
    k: usize,
    g: u64,
) -> Document {
    let mut rng = tables.derived_key.rng((g << 2) | k as u64);
    let document_type = DERIVED[k];
    let issue_date = invoice.issue_date + (DERIVED_LAG_DAYS * 86_400) as i64;
    let mut doc = Document {
        document_type,
        document_number: document_number(
            tables,
            document_type,
            issue_date,
            plan.classes.derived[k].count_below(g),
        ),
        issue_date,
        tie: rng.next_u64(),
        tbml_indicators: Vec::new(),
        ..invoice.clone()
    };
    apply_alerts(&mut doc, &ctx.params.alerts.documents);
    doc
}

fn document_number(tables: &Tables, t: DocumentType, ts: Timestamp, index: u64) -> String {
    let year = civil_from_days(date_of(ts)).0;
    let serial = tables.numbers.apply(index % SERIALS);
    format!("{}-{year}-{serial:06}", t.prefix())
}

fn shipment_id(tables: &Tables, g: u64) -> String {
    format!("SHP-{:012x}", tables.shipments.apply(g))
}

// ---- pattern documents ---------------------------------------------------------------------------

/// Documents and shipments an instance may number. Background documents take serials and shipment
/// numbers counting up from 0 (their ordinals); pattern documents take them counting down from the top
/// of the same keyed spaces, so the two never meet while background invoices stay below
/// 10^6 − 16 × instances. Through the keyed permutation neither end shows in the written numbers.
const PATTERN_SLOTS: u64 = 16;

fn pattern_slot(instance: u64, k: u64) -> u64 {
    instance * PATTERN_SLOTS + k.min(PATTERN_SLOTS - 1)
}

/// The shipment id of shipment `shipment` of pattern instance `instance`.
pub fn pattern_shipment_id(tables: &Tables, instance: u64, shipment: u32) -> String {
    let slot = pattern_slot(instance, shipment as u64) % SHIPMENTS;
    format!("SHP-{:012x}", tables.shipments.apply(SHIPMENTS - 1 - slot))
}

/// One planned document line: a goods category (row of [`crate::refdata::goods::GOODS_TABLE`]), the
/// quantity, and the unit price in minor units of the document currency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineSpec {
    pub category: usize,
    pub quantity: i64,
    pub unit_price_minor: i64,
}

/// One planned document (an invoice or a bill of lading) between company rows `issuer` and
/// `recipient`; the currency is the recipient's first account currency, as for background invoices.
/// `shipment` numbers the instance's shipments (its id comes from the pattern part of the id space).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocSpec {
    pub kind: DocumentType,
    pub ts: Timestamp,
    pub issuer: u64,
    pub recipient: u64,
    pub currency: crate::refdata::CurrencyId,
    pub lines: Vec<LineSpec>,
    pub shipment: Option<u32>,
    pub payment_terms: PaymentTerms,
}

impl DocSpec {
    /// Σ quantity × unit price, in minor units.
    pub fn total_minor(&self) -> i64 {
        self.lines
            .iter()
            .map(|l| l.quantity * l.unit_price_minor)
            .sum()
    }
}

/// The document number of document `d` of pattern instance `instance`.
pub fn pattern_document_number(tables: &Tables, spec: &DocSpec, instance: u64, d: usize) -> String {
    let slot = pattern_slot(instance, d as u64) % SERIALS;
    document_number(tables, spec.kind, spec.ts, SERIALS - 1 - slot)
}

/// Document `d` of pattern instance `instance`, numbered from the pattern part of the number spaces
/// and built by [`pattern_record`] from its own stream. The documents of one shipment draw their
/// incoterms and shipping method from the shipment's stream, so they agree as a background bill of
/// lading agrees with its invoice.
pub fn pattern_document(
    ctx: &Ctx,
    tables: &Tables,
    spec: &DocSpec,
    instance: u64,
    d: usize,
) -> Document {
    let mut rng = tables.pattern_key.rng((instance << 8) | d as u64);
    let own = match spec.shipment {
        Some(k) => k.min(255) as u64,
        None => 256 | d.min(255) as u64,
    };
    let mut shipping = tables.pattern_shipment_key.rng((instance << 9) | own);
    let shipment = spec
        .shipment
        .map(|k| pattern_shipment_id(tables, instance, k));
    let number = pattern_document_number(tables, spec, instance, d);
    pattern_record(ctx, spec, number, shipment, &mut rng, &mut shipping)
}

/// A planned document built as background ones are (SPEC §9.3): the plan fixes parties, time, currency,
/// lines, shipment and terms; incoterms and shipping method are drawn from `shipping` exactly as for a
/// background goods document, the route comes from the parties' countries, and the same alert rules
/// run.
pub fn pattern_record(
    ctx: &Ctx,
    spec: &DocSpec,
    document_number: String,
    shipment_id: Option<String>,
    rng: &mut Rng,
    shipping: &mut Rng,
) -> Document {
    let tie = rng.next_u64();
    let issuer_country = ctx.layout.company_country(spec.issuer);
    let recipient_country = ctx.layout.company_country(spec.recipient);
    let cross_border = issuer_country != recipient_country;
    let ccy = refdata::currency(spec.currency);
    let scale = ccy.minor_units;
    let line_items = spec
        .lines
        .iter()
        .enumerate()
        .map(|(k, l)| {
            let cat = &GOODS_TABLE[l.category];
            LineItem {
                line_no: k as i64 + 1,
                description: cat.description,
                category: cat.category,
                quantity: l.quantity,
                unit: cat.unit,
                unit_price: Decimal::new(l.unit_price_minor, scale),
                amount: Decimal::new(l.quantity * l.unit_price_minor, scale),
            }
        })
        .collect();
    let incoterms = Some(draw_incoterms(cross_border, shipping));
    let shipping_method = Some(draw_shipping_method(cross_border, shipping));
    let mut doc = Document {
        document_type: spec.kind,
        document_number,
        issuer_id: ctx.company_id(spec.issuer),
        recipient_id: ctx.company_id(spec.recipient),
        issue_date: spec.ts,
        currency: ccy.code,
        total_amount: Decimal::new(spec.total_minor(), scale),
        line_items,
        shipment_id,
        payment_terms: spec.payment_terms,
        incoterms,
        shipping_method,
        origin_country: Some(refdata::country(issuer_country).code),
        destination_country: Some(refdata::country(recipient_country).code),
        tie,
        ..Default::default()
    };
    apply_alerts(&mut doc, &ctx.params.alerts.documents);
    doc
}

/// The payment lag of invoice terms in days (background and pattern invoices alike).
pub fn terms_lag_days(terms: PaymentTerms) -> i64 {
    TERMS.iter().find(|t| t.0 == terms).map_or(0, |t| t.2)
}

/// The share of background goods invoices that cross a border.
pub fn goods_cross_border_share() -> f64 {
    CROSS_BORDER_CLASSES as f64 / 100.0
}

/// The background share (per 100) of each invoice payment term, in [`TERMS`] order.
pub fn terms_shares() -> [(PaymentTerms, u32); 5] {
    TERMS.map(|(t, share, _)| (t, share as u32))
}

/// Whether company row `c`'s country is in business hours (Mon–Fri 09–17 local) at `ts`, as every
/// document issuer is.
pub fn issuer_open(ctx: &Ctx, c: u64, ts: Timestamp) -> bool {
    open_at(ctx.layout.company_country(c), ts)
}

/// The weekday lag of shipping documents behind their invoice, in seconds.
pub const SHIPPING_LAG: i64 = (DERIVED_LAG_DAYS * 86_400) as i64;

/// Every row of the documents file: background records plus the labelled rows another layer places
/// in it (the pattern plan's documents).
pub struct DocumentRows<'a> {
    pub plan: &'a DocPlan,
    pub labelled: &'a dyn Rows,
}

impl Rows for DocumentRows<'_> {
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        self.plan.rows_before(slices, s) + self.labelled.rows_before(slices, s)
    }
}

/// Primary record `j` of `kind` in slice `s` (RNG ordinal `ordinal` of the slice).
#[allow(clippy::too_many_arguments)]
fn primary(
    ctx: &Ctx,
    tables: &Tables,
    plan: &DocPlan,
    slices: Slices,
    s: u64,
    kind: usize,
    j: u64,
    ordinal: u64,
) -> Draft {
    let mut rng = tables.key.rng((s << 16) | ordinal);
    let (from, to) = slices.bounds(s);
    let curve = &tables.curve;
    let (lo, hi) = (curve.cumulative(from), curve.cumulative(to));
    let ts = curve.invert(lo + rng.below((hi - lo) as u64) as i128);
    let tie = rng.next_u64();
    let k = &plan.file.kinds[kind];
    let i = Apportioned::new(&k.curve, slices, k.total).before(s) + j;
    let classes = &plan.classes;
    let invoice = kind == GOODS || kind == SERVICE;
    let terms_class = classes.terms[(i % 100) as usize] as usize;
    let payment_terms = if invoice {
        TERMS[terms_class].0
    } else {
        rng.weighted_item(&TERMS.map(|(t, share, _)| (t, share as u32)))
    };
    // A paid invoice pays `lag` days after issue; it is paid in the window iff its class says so and the
    // payment time is inside it (slice arithmetic: whole days map slices to slices).
    // SPEC §7.8: goods invoices are the ones paid inside the window by a matching transfer.
    let paid_at = (kind == GOODS && plan.payable && classes.paid[terms_class].contains(i))
        .then(|| ts + TERMS[terms_class].2 * 86_400)
        .filter(|&p| p >= ctx.window.start && p < ctx.window.end);
    let cross_border = if kind == GOODS {
        classes.cross_border.contains(i)
    } else {
        rng.chance(ctx.params.documents.cross_border_share)
    };

    let (issuer, issuer_country) = draw_issuer(ctx, tables, ts, paid_at, &mut rng);
    let (recipient, recipient_country) = draw_recipient(
        ctx,
        tables,
        ts,
        issuer,
        issuer_country,
        cross_border,
        paid_at,
        &mut rng,
    );
    let currency = first_account(ctx, recipient).map_or_else(
        || refdata::currency_of(recipient_country),
        |(_, c)| c.currency,
    );
    let ccy = refdata::currency(currency);

    let goods = matches!(kind, GOODS | PURCHASE_ORDER);
    let table: &'static [Category] = if goods { &GOODS_TABLE } else { &SERVICES_TABLE };
    let line_items = draw_lines(table, currency, &ctx.params.documents, &mut rng);
    let total_minor = line_items.iter().map(|l| l.amount.units).sum();
    let document_type = match kind {
        GOODS | SERVICE => DocumentType::Invoice,
        PURCHASE_ORDER => DocumentType::PurchaseOrder,
        _ => DocumentType::Contract, // the fourth kind
    };
    // INV numbers: goods invoices first, then service invoices, in one index space.
    let number_index = if kind == SERVICE {
        plan.file.kinds[GOODS].total + i
    } else {
        i
    };
    let shipped = kind == GOODS && classes.shipped.contains(i);
    let (incoterms, shipping_method) = if goods {
        (
            Some(draw_incoterms(cross_border, &mut rng)),
            Some(draw_shipping_method(cross_border, &mut rng)),
        )
    } else {
        (None, None)
    };
    let mut doc = Document {
        document_type,
        document_number: document_number(tables, document_type, ts, number_index),
        issuer_id: ctx.company_id(issuer),
        recipient_id: ctx.company_id(recipient),
        issue_date: ts,
        currency: ccy.code,
        total_amount: Decimal::new(total_minor, ccy.minor_units),
        line_items,
        shipment_id: shipped.then(|| shipment_id(tables, i)),
        payment_terms,
        incoterms,
        shipping_method,
        origin_country: invoice.then(|| refdata::country(issuer_country).code),
        destination_country: invoice.then(|| refdata::country(recipient_country).code),
        tie,
        ..Default::default()
    };
    apply_alerts(&mut doc, &ctx.params.alerts.documents);
    Draft {
        doc,
        issuer,
        recipient,
        issuer_country,
        recipient_country,
        currency,
        total_minor,
        paid_at,
    }
}

/// The lines of a background goods invoice in `currency` (pattern invoices start from these).
pub fn draw_goods_lines(currency: CurrencyId, p: &DocumentParams, rng: &mut Rng) -> Vec<LineItem> {
    draw_lines(&GOODS_TABLE, currency, p, rng)
}

/// 1–10 lines, fewer more often; unit prices within [0.8, 1.25] × market, outliers beyond [0.5, 2] ×
/// market with `price_outlier_probability` (default 0.5%); quantities log-scaled over the category's
/// range with small orders most common, above the range with `unusual_quantity_probability` (1%).
fn draw_lines(
    table: &'static [Category],
    currency: CurrencyId,
    p: &DocumentParams,
    rng: &mut Rng,
) -> Vec<LineItem> {
    let n = rng.weighted(&[30, 20, 14, 10, 8, 6, 4, 3, 3, 2]) + 1;
    let scale = refdata::currency(currency).minor_units;
    (0..n)
        .map(|line| {
            let cat = rng.pick(table);
            let (q_lo, q_hi) = cat.quantity;
            let quantity = if rng.chance(p.unusual_quantity_probability) {
                rng.between(q_hi + 1, 5 * q_hi)
            } else {
                // Most orders are small: log-scale position u³ puts the median quantity an eighth of
                // the way up the log range, with the large orders still reachable.
                let u = rng.unit();
                let q = q_lo as f64 * libm::pow(q_hi as f64 / q_lo as f64, u * u * u);
                (libm::round(q) as i64).clamp(q_lo, q_hi)
            };
            let factor = if rng.chance(p.price_outlier_probability) {
                if rng.chance(0.5) {
                    rng.uniform(0.3, 0.45)
                } else {
                    rng.uniform(2.1, 3.0)
                }
            } else {
                rng.uniform(0.8, 1.25)
            };
            let market = market_minor(cat, currency);
            let unit_price = (libm::round(market as f64 * factor) as i64).max(1);
            LineItem {
                line_no: line as i64 + 1,
                description: cat.description,
                category: cat.category,
                quantity,
                unit: cat.unit,
                unit_price: Decimal::new(unit_price, scale),
                amount: Decimal::new(quantity * unit_price, scale),
            }
        })
        .collect()
}

fn draw_incoterms(cross_border: bool, rng: &mut Rng) -> Incoterms {
    if cross_border {
        rng.weighted_item(&[
            (Incoterms::Fob, 30),
            (Incoterms::Cif, 25),
            (Incoterms::Exw, 10),
            (Incoterms::Fca, 10),
            (Incoterms::Dap, 10),
            (Incoterms::Ddp, 10),
            (Incoterms::Cfr, 5),
        ])
    } else {
        rng.weighted_item(&[
            (Incoterms::Exw, 30),
            (Incoterms::Fca, 20),
            (Incoterms::Dap, 30),
            (Incoterms::Ddp, 20),
        ])
    }
}

fn draw_shipping_method(cross_border: bool, rng: &mut Rng) -> ShippingMethod {
    if cross_border {
        rng.weighted_item(&[
            (ShippingMethod::Sea, 60),
            (ShippingMethod::Air, 22),
            (ShippingMethod::Rail, 5),
            (ShippingMethod::Road, 10),
            (ShippingMethod::Courier, 3),
        ])
    } else {
        rng.weighted_item(&[
            (ShippingMethod::Road, 70),
            (ShippingMethod::Rail, 15),
            (ShippingMethod::Air, 5),
            (ShippingMethod::Courier, 10),
        ])
    }
}

// ---- parties -------------------------------------------------------------------------------------

/// A country with companies that is open at `ts`, weighted by company count (the curve's mix at `ts`),
/// excluding `except`. None when there is none.
fn open_country(
    tables: &Tables,
    ts: Timestamp,
    except: Option<CountryId>,
    rng: &mut Rng,
) -> Option<CountryId> {
    pools::by_weight(
        |c| {
            let open = Some(c as CountryId) != except && open_at(c as CountryId, ts);
            if open { tables.shares[c] } else { 0 }
        },
        rng,
    )
}

/// A country other than `home` by company share; None when no other country has companies.
fn foreign_country(tables: &Tables, home: CountryId, rng: &mut Rng) -> Option<CountryId> {
    pools::by_weight(
        |c| {
            if c == home as usize {
                0
            } else {
                tables.shares[c]
            }
        },
        rng,
    )
}

impl Tables {
    /// A company drawn as background document parties are: a country passing `keep` by its share of
    /// the documents' country mix, then a company of it by Zipf weight. None when no country passes.
    pub fn draw_party(
        &self,
        ctx: &Ctx,
        rng: &mut Rng,
        keep: impl Fn(CountryId) -> bool,
    ) -> Option<u64> {
        let country = pools::by_weight(
            |c| {
                if keep(c as CountryId) {
                    self.shares[c]
                } else {
                    0
                }
            },
            rng,
        )?;
        Some(draw_company(ctx, self, country, rng))
    }
}

/// A company of `country` by Zipf weight over the keyed order.
fn draw_company(ctx: &Ctx, tables: &Tables, country: CountryId, rng: &mut Rng) -> u64 {
    ctx.layout
        .company_at_slot(tables.pools[country as usize].draw(rng))
}

fn eligible(ctx: &Ctx, c: u64, at: Option<Timestamp>) -> bool {
    at.is_none_or(|t| first_account(ctx, c).is_some_and(|(_, core)| core.eligible_at(t)))
}

/// The issuer: a company of a country whose business hours hold `ts` (the curve guarantees one). A
/// paid invoice's issuer also needs a first account eligible at the payment: bounded redraws, then the
/// always-eligible roster of open countries, then of any country.
fn draw_issuer(
    ctx: &Ctx,
    tables: &Tables,
    ts: Timestamp,
    paid_at: Option<Timestamp>,
    rng: &mut Rng,
) -> (u64, CountryId) {
    let first = open_country(tables, ts, None, rng).unwrap_or(0);
    let mut chosen = (draw_company(ctx, tables, first, rng), first);
    if paid_at.is_none() || eligible(ctx, chosen.0, paid_at) {
        return chosen;
    }
    for _ in 0..REDRAWS {
        let country = open_country(tables, ts, None, rng).unwrap_or(first);
        let c = draw_company(ctx, tables, country, rng);
        if eligible(ctx, c, paid_at) {
            return (c, country);
        }
    }
    if let Some(found) = from_roster(tables, rng, |c, _| open_at(c, ts))
        .or_else(|| from_roster(tables, rng, |_, _| true))
    {
        chosen = (found, ctx.layout.company_country(found));
    }
    chosen
}

/// A roster company (uniform over the qualifying ones) whose country and index pass `keep`.
fn from_roster(
    tables: &Tables,
    rng: &mut Rng,
    keep: impl Fn(CountryId, u64) -> bool,
) -> Option<u64> {
    let candidates: Vec<u64> = tables
        .roster
        .iter()
        .enumerate()
        .flat_map(|(c, list)| list.iter().map(move |&k| (c as CountryId, k)))
        .filter(|&(c, k)| keep(c, k))
        .map(|(_, k)| k)
        .collect();
    (!candidates.is_empty()).then(|| *rng.pick(&candidates))
}

/// The recipient: another company, abroad (in a country open at `ts`) for cross-border documents. A paid
/// invoice's recipient pays from its first account, so it must be open at `ts` (the payment is a whole
/// number of weeks later, hence in its business hours too) and that account eligible at the payment:
/// bounded redraws, then roster companies of open countries, then any roster company (only when no
/// company with an always-eligible first account shares the issuer's business hours).
#[allow(clippy::too_many_arguments)]
fn draw_recipient(
    ctx: &Ctx,
    tables: &Tables,
    ts: Timestamp,
    issuer: u64,
    home: CountryId,
    cross_border: bool,
    paid_at: Option<Timestamp>,
    rng: &mut Rng,
) -> (u64, CountryId) {
    // A payer must be in business hours at `ts`: the issuer's country is, and `open_country` only yields
    // open ones. Unpaid documents go to any foreign country by company share.
    let draw_country = |rng: &mut Rng| {
        if !cross_border {
            home
        } else if paid_at.is_some() {
            open_country(tables, ts, Some(home), rng).unwrap_or(home)
        } else {
            foreign_country(tables, home, rng).unwrap_or(home)
        }
    };
    for _ in 0..=REDRAWS {
        let country = draw_country(rng);
        let c = draw_company(ctx, tables, country, rng);
        let payer_ok = paid_at.is_none() || (open_at(country, ts) && eligible(ctx, c, paid_at));
        if c != issuer && payer_ok {
            return (c, country);
        }
    }
    let roster = if paid_at.is_some() {
        from_roster(tables, rng, |c, k| k != issuer && open_at(c, ts))
            .or_else(|| from_roster(tables, rng, |_, k| k != issuer))
    } else {
        None
    };
    let c = roster.unwrap_or_else(|| {
        // Unpaid documents only need a different company: the next one in row order.
        (issuer + 1 + rng.below(ctx.layout.params.companies.max(2) - 1))
            % ctx.layout.params.companies.max(1)
    });
    (c, ctx.layout.company_country(c))
}

// ---- invoice payments ----------------------------------------------------------------------------

/// One invoice payment for the transaction file: a business-hours wire or ACH from the recipient's first
/// account to the issuer's first account, for the invoice total in the invoice currency.
#[derive(Clone, Debug, PartialEq)]
pub struct InvoicePayment {
    pub ts: Timestamp,
    pub payer_account: u64,
    pub payee_account: u64,
    pub amount_minor: i64,
    pub currency: CurrencyId,
    pub document_number: String,
    pub cross_border: bool,
}

/// Invoice kinds × terms classes, with their lag in slices.
fn payment_classes(slices: Slices) -> impl Iterator<Item = (usize, usize, i64)> {
    let per_day = spd(slices) as i64;
    (0..TERMS.len()).map(move |l| (GOODS, l, TERMS[l].2 * per_day))
}

impl DocPlan {
    /// Paid invoices of `kind` with terms class `l` issued in slices `[lo, hi)` (clamped to the window).
    fn paid_between(&self, slices: Slices, kind: usize, l: usize, lo: i64, hi: i64) -> u64 {
        let (lo, hi) = (lo.max(0), hi.min(slices.count as i64));
        if !self.payable || hi <= lo {
            return 0;
        }
        let k = &self.file.kinds[kind];
        let a = Apportioned::new(&k.curve, slices, k.total);
        let class = &self.classes.paid[l];
        class.count_below(a.before(hi as u64)) - class.count_below(a.before(lo as u64))
    }
}

/// Invoice payments in transaction slice `t`.
pub fn payments_in(plan: &DocPlan, slices: Slices, t: u64) -> u64 {
    let t = t as i64;
    payment_classes(slices)
        .map(|(kind, l, lag)| plan.paid_between(slices, kind, l, t - lag, t - lag + 1))
        .sum()
}

/// Invoice payments in transaction slices `0..t` (row offsets of the payment kind). O(10).
pub fn payments_before(plan: &DocPlan, slices: Slices, t: u64) -> u64 {
    let t = t.min(slices.count) as i64;
    payment_classes(slices)
        .map(|(kind, l, lag)| plan.paid_between(slices, kind, l, -lag, t - lag))
        .sum()
}

pub fn payments_total(plan: &DocPlan, slices: Slices) -> u64 {
    payments_before(plan, slices, slices.count)
}

/// The `k`-th payment of transaction slice `t` (`k < payments_in(plan, slices, t)`): the invoice is
/// found arithmetically and rebuilt from its RNG index.
pub fn payment(
    ctx: &Ctx,
    tables: &Tables,
    plan: &DocPlan,
    slices: Slices,
    t: u64,
    k: u64,
) -> InvoicePayment {
    let mut k = k;
    for (kind, l, lag) in payment_classes(slices) {
        let s = t as i64 - lag;
        let n = plan.paid_between(slices, kind, l, s, s + 1);
        if k >= n {
            k -= n;
            continue;
        }
        let s = s as u64;
        let kp = &plan.file.kinds[kind];
        let base = Apportioned::new(&kp.curve, slices, kp.total).before(s);
        let class = &plan.classes.paid[l];
        let i = class.nth(class.count_below(base) + k);
        let j = i - base;
        let ordinal = if kind == GOODS {
            j
        } else {
            plan.file.kind_count(slices, GOODS, s) + j
        };
        let d = primary(ctx, tables, plan, slices, s, kind, j, ordinal);
        let ts = d
            .paid_at
            .expect("a counted payment belongs to a paid invoice");
        let account_of = |c: u64| {
            ctx.layout
                .accounts_of(Owner::Company(c))
                .next()
                .expect("paid invoices have parties with accounts")
        };
        return InvoicePayment {
            ts,
            payer_account: account_of(d.recipient),
            payee_account: account_of(d.issuer),
            amount_minor: d.total_minor,
            currency: d.currency,
            document_number: d.doc.document_number,
            cross_border: d.issuer_country != d.recipient_country,
        };
    }
    panic!("payment {k} beyond the payments of slice {t}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::{Namespace, RecordId};
    use std::collections::BTreeMap;

    fn ctx(companies: u64, days: u32) -> Ctx {
        crate::generators::test_ctx(7, companies * 5, companies, companies * 10, days)
    }

    fn slices_of(ctx: &Ctx, length: u32) -> Slices {
        Slices::new(ctx.window.start, ctx.window.days, length)
    }

    fn company(ctx: &Ctx, id: RecordId) -> u64 {
        let (ns, c) = ctx.ids.decode(id.value).expect("decodes");
        assert_eq!(ns, Namespace::Company);
        c
    }

    fn all(ctx: &Ctx, tables: &Tables, plan: &DocPlan, slices: Slices) -> Vec<(u64, Document)> {
        let mut out = Vec::new();
        for s in 0..slices.count {
            let mut docs = Vec::new();
            slice(ctx, tables, plan, slices, s, &mut docs);
            assert_eq!(docs.len() as u64, plan.count(slices, s), "slice {s}");
            let (from, to) = slices.bounds(s);
            for d in docs {
                assert!(from <= d.issue_date && d.issue_date < to, "slice {s}");
                out.push((s, d));
            }
        }
        out
    }

    #[test]
    fn per_slice_counts_sum_to_the_total_with_derived_records() {
        for (days, length, total) in [
            (60, 86_400, 5_000u64),
            (30, 3_600, 1_234),
            (6, 21_600, 77),
            (8, 43_200, 4),
            (400, 86_400, 100_003),
            (9, 600 * 6, 1),
        ] {
            let ctx = ctx(40, days);
            let tables = Tables::new(&ctx);
            let slices = slices_of(&ctx, length);
            let plan = plan(&tables, slices, total);
            let sum: u64 = (0..slices.count).map(|s| plan.count(slices, s)).sum();
            assert_eq!(sum, total, "days {days} length {length}");
            assert_eq!(plan.total_rows(slices), total);
            if days > 7 && total > 1_000 {
                assert!(plan.derived_before(slices, slices.count) > 0);
            }
            for row in [0, total / 2, total.saturating_sub(1)] {
                let s = plan.slice_of_row(slices, row);
                assert!(
                    plan.rows_before(slices, s) <= row && row < plan.rows_before(slices, s + 1)
                );
            }
        }
        // Small files generate exactly their counts, record by record.
        let ctx = ctx(30, 20);
        let tables = Tables::new(&ctx);
        let slices = slices_of(&ctx, 21_600);
        let plan = plan(&tables, slices, 700);
        assert_eq!(all(&ctx, &tables, &plan, slices).len(), 700);
    }

    #[test]
    fn documents_keep_their_invariants_and_shipments_link_up() {
        let ctx = ctx(150, 120);
        let tables = Tables::new(&ctx);
        let slices = slices_of(&ctx, 86_400);
        let plan = plan(&tables, slices, 6_000);
        let docs = all(&ctx, &tables, &plan, slices);
        let mut by_type = BTreeMap::new();
        let mut shipments: BTreeMap<String, Vec<&Document>> = BTreeMap::new();
        let paid: Vec<String> = (0..slices.count)
            .flat_map(|t| (0..payments_in(&plan, slices, t)).map(move |k| (t, k)))
            .map(|(t, k)| payment(&ctx, &tables, &plan, slices, t, k).document_number)
            .collect();
        let (mut goods_invoices, mut without) = (0, 0);
        let (mut unpaid, mut unpaid_cross, mut cross) = (0, 0, 0);
        for (_, d) in &docs {
            *by_type.entry(d.document_type).or_insert(0u32) += 1;
            let (issuer, recipient) = (company(&ctx, d.issuer_id), company(&ctx, d.recipient_id));
            assert_ne!(issuer, recipient);
            assert!(
                open_at(ctx.layout.company_country(issuer), d.issue_date),
                "issuer hours"
            );
            let sum: i64 = d.line_items.iter().map(|l| l.amount.units).sum();
            assert_eq!(d.total_amount.units, sum);
            assert!((1..=10).contains(&d.line_items.len()));
            for (n, l) in d.line_items.iter().enumerate() {
                assert_eq!(l.line_no, n as i64 + 1);
                assert_eq!(l.amount.units, l.quantity * l.unit_price.units);
                assert!(l.quantity > 0 && l.unit_price.units > 0);
            }
            assert_eq!(
                tbml_assess(d, &ctx.params.alerts.documents).indicators,
                d.tbml_indicators
            );
            let goods = d
                .line_items
                .iter()
                .all(|l| GOODS_TABLE.iter().any(|g| g.category == l.category));
            if d.document_type == DocumentType::Invoice {
                assert!(d.origin_country.is_some() && d.destination_country.is_some());
                if goods {
                    goods_invoices += 1;
                    let abroad = d.origin_country != d.destination_country;
                    cross += abroad as u32;
                    if !paid.contains(&d.document_number) {
                        unpaid += 1;
                        unpaid_cross += abroad as u32;
                    }
                    without += d.shipment_id.is_none() as u32;
                    assert!(d.incoterms.is_some());
                } else {
                    assert!(d.shipment_id.is_none(), "service invoices have no shipment");
                    assert!(d.incoterms.is_none());
                }
            }
            if matches!(
                d.document_type,
                DocumentType::PurchaseOrder | DocumentType::Contract
            ) {
                assert!(d.shipment_id.is_none() && d.origin_country.is_none());
            }
            if let Some(id) = &d.shipment_id {
                assert!(id.starts_with("SHP-") && id.len() == 16);
                shipments.entry(id.clone()).or_default().push(d);
            }
            assert!(d.document_number.starts_with(d.document_type.prefix()));
        }
        let mut derived = 0;
        for (id, group) in &shipments {
            let invoices: Vec<_> = group
                .iter()
                .filter(|d| d.document_type == DocumentType::Invoice)
                .collect();
            assert_eq!(invoices.len(), 1, "one invoice per shipment {id}");
            let inv = invoices[0];
            for d in group.iter().filter(|d| d.document_type.is_shipping()) {
                derived += 1;
                assert_eq!(d.issue_date, inv.issue_date + 7 * 86_400);
                assert_eq!(
                    (d.issuer_id, d.recipient_id),
                    (inv.issuer_id, inv.recipient_id)
                );
                assert_eq!(
                    (d.total_amount, &d.line_items),
                    (inv.total_amount, &inv.line_items)
                );
            }
        }
        let shipping = docs
            .iter()
            .filter(|(_, d)| d.document_type.is_shipping())
            .count();
        assert_eq!(
            derived, shipping,
            "every shipping document belongs to an invoice's shipment"
        );
        // 60% of goods invoices are cross-border by class; a paid one needs a payer abroad that is open
        // at the same hour, and falls back to a domestic payer when no other country is (frequent with
        // a country table of a few time zones), so only unpaid ones hit 60% exactly.
        let share = unpaid_cross as f64 / unpaid as f64;
        assert!(
            (0.55..0.65).contains(&share),
            "cross-border unpaid goods invoices {share}"
        );
        assert!(
            cross as f64 / goods_invoices as f64 > 0.4,
            "{cross} of {goods_invoices}"
        );
        assert!(
            without * 100 <= goods_invoices * 4,
            "{without} of {goods_invoices} without shipment"
        );
        let of = |t| by_type.get(&t).copied().unwrap_or(0) as f64 / docs.len() as f64;
        // 7 of 120 days carry no shipping documents yet, so those shares run a little low.
        for (t, target) in [
            (DocumentType::Invoice, 0.40),
            (DocumentType::PurchaseOrder, 0.20),
            (DocumentType::BillOfLading, 0.15),
            (DocumentType::Contract, 0.10),
            (DocumentType::CustomsDeclaration, 0.08),
        ] {
            assert!(
                (of(t) - target).abs() < 0.03,
                "{t:?}: {} vs {target}",
                of(t)
            );
        }
        let mut numbers: Vec<_> = docs
            .iter()
            .map(|(_, d)| d.document_number.clone())
            .collect();
        numbers.sort();
        numbers.dedup();
        assert_eq!(numbers.len(), docs.len(), "document numbers are unique");
    }

    #[test]
    fn slices_are_deterministic() {
        let (a, b) = (ctx(40, 30), ctx(40, 30));
        let (ta, tb) = (Tables::new(&a), Tables::new(&b));
        let slices = slices_of(&a, 3_600);
        let (pa, pb) = (plan(&ta, slices, 2_000), plan(&tb, slices, 2_000));
        // Weekday hours open somewhere: Thursday 10:00, Tuesday 14:00 and 09:00 UTC.
        for s in [24 + 10, 6 * 24 + 14, 20 * 24 + 9] {
            let (mut x, mut y) = (Vec::new(), Vec::new());
            slice(&a, &ta, &pa, slices, s, &mut x);
            slice(&b, &tb, &pb, slices, s, &mut y);
            assert!(!x.is_empty());
            assert_eq!(x, y);
        }
    }

    #[test]
    fn payments_match_their_invoices_and_parties() {
        let ctx = ctx(150, 200);
        let tables = Tables::new(&ctx);
        let slices = slices_of(&ctx, 86_400);
        let plan = plan(&tables, slices, 4_000);
        let docs = all(&ctx, &tables, &plan, slices);
        let invoices: BTreeMap<&str, &Document> = docs
            .iter()
            .filter(|(_, d)| d.document_type == DocumentType::Invoice)
            .map(|(_, d)| (d.document_number.as_str(), d))
            .collect();
        let total = payments_total(&plan, slices);
        let mut sum = 0;
        let mut paid = Vec::new();
        for t in 0..slices.count {
            assert_eq!(payments_before(&plan, slices, t), sum);
            let n = payments_in(&plan, slices, t);
            sum += n;
            let (from, to) = slices.bounds(t);
            for k in 0..n {
                let p = payment(&ctx, &tables, &plan, slices, t, k);
                assert!(from <= p.ts && p.ts < to, "payment in its slice");
                let inv = invoices[p.document_number.as_str()];
                assert_eq!(p.amount_minor, inv.total_amount.units);
                assert_eq!(refdata::currency(p.currency).code, inv.currency);
                let lag = TERMS.iter().find(|t| t.0 == inv.payment_terms).unwrap().2;
                assert_eq!(p.ts, inv.issue_date + lag * 86_400);
                let (payer, payee) = (
                    account::core(&ctx, p.payer_account),
                    account::core(&ctx, p.payee_account),
                );
                assert_eq!(payer.owner, Owner::Company(company(&ctx, inv.recipient_id)));
                assert_eq!(payee.owner, Owner::Company(company(&ctx, inv.issuer_id)));
                assert!(payer.eligible_at(p.ts) && payee.eligible_at(p.ts));
                assert_eq!(payer.currency, p.currency);
                assert!(open_at(payer.country, p.ts), "payer business hours");
                assert_eq!(p.cross_border, payer.country != payee.country);
                paid.push(p.document_number);
            }
        }
        assert_eq!(sum, total);
        assert!(total > 300, "{total} payments");
        paid.sort();
        paid.dedup();
        assert_eq!(paid.len() as u64, total, "an invoice is paid once");
        // About 60% of the goods invoices (those with goods lines, i.e. a shipment or the 3% without
        // one) whose payment would fall inside the window are paid.
        let due = invoices
            .values()
            .filter(|d| {
                d.line_items.iter().all(|l| {
                    category(l.category)
                        .is_some_and(|c| GOODS_TABLE.iter().any(|g| g.category == c.category))
                })
            })
            .filter(|d| {
                let lag = TERMS.iter().find(|t| t.0 == d.payment_terms).unwrap().2;
                let at = d.issue_date + lag * 86_400;
                at >= ctx.window.start && at < ctx.window.end
            })
            .count();
        let share = total as f64 / due as f64;
        assert!((0.55..0.65).contains(&share), "paid share {share}");
    }
}
