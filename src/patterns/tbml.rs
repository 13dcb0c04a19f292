//! The tbml family (SPEC §10.1, §10.2): trade-based laundering between existing companies. An instance
//! plans invoices with goods lines (and bills of lading) between an exporter (the issuer) and an
//! importer (the recipient), and the importer's payment of each invoice: from its first account to the
//! exporter's first account, for exactly the invoice total in the invoice currency (the importer's
//! account currency), the payment-terms lag after the invoice, a wire across borders and an ACH at home
//! — exactly as background invoices are paid (§7.8), so a payment matching an invoice is no label.
//!
//! Subtypes: `over_invoicing` / `under_invoicing` (line prices moved to 2.1–3× / 0.3–0.45× the
//! category's market price in `refdata::goods`; the other lines are priced like background ones),
//! `phantom_shipping` (a shipment id no bill of lading carries; a shell exporter when one exists),
//! `multiple_invoicing` (2–4 invoices of one shipment with one bill of lading, each paid) and `carousel`
//! (a directed cycle of invoices over 3–5 companies registered in at least 3 countries).
//!
//! Parties have a first account active all window long, so any time of the window can carry a payment;
//! invoices fall in the issuer's business hours and payments in the payment type's opening hours, which
//! takes an issuer and a payer that share an open business hour (as every paid background invoice's
//! parties do): a carousel's ring is drawn so that each company shares one with the next. Parties are
//! drawn from the background documents' country mix, and invoices cross borders about as often as
//! background goods invoices do over the family's default subtype mix.

use super::{
    DocSpec, DocView, Family, InstancePlan, InstanceRecords, LineSpec, NoFit, PaymentSpec, PlanCtx,
    Role, TxSpec, Typology, Violation, ensure,
};
use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::core::time::Timestamp;
use crate::generators::{Ctx, account, document, transaction};
use crate::model::document::{DocumentType, PaymentTerms};
use crate::model::transaction::TransactionType;
use crate::population::layout::Owner;
use crate::refdata::goods::{self, GOODS_TABLE};
use crate::refdata::{self, CountryId, CurrencyId};
use std::collections::{BTreeMap, BTreeSet};

pub struct Tbml;

const SUBTYPES: [(&str, u32); 5] = [
    ("over_invoicing", 300),
    ("under_invoicing", 250),
    ("phantom_shipping", 200),
    ("multiple_invoicing", 150),
    ("carousel", 100),
];
const OVER: usize = 0;
const UNDER: usize = 1;
const PHANTOM: usize = 2;
const MULTIPLE: usize = 3;
const CAROUSEL: usize = 4;

/// Random probes for one company, and for one invoice time.
const PROBES: u32 = 4_096;
const TIME_PROBES: u32 = 512;
/// Fresh draws of the parties before an instance gives up, and completions of a carousel's ring
/// from one first company.
const ATTEMPTS: u32 = 16;
const RING_ATTEMPTS: u32 = 8;
/// Price factors of moved lines (SPEC §10.2 needs ≥ 2× / ≤ 0.5×; the alert ratios are 2 and 0.5).
const OVER_FACTOR: (f64, f64) = (2.1, 3.0);
const UNDER_FACTOR: (f64, f64) = (0.3, 0.45);
const DAY: i64 = 86_400;
const WEEK: i64 = 7 * DAY;
/// Business hours start and end on quarter hours in UTC (every UTC offset is a multiple of 30
/// minutes), so a 15-minute cell of the week is open or closed throughout.
const CELL: i64 = 900;
const CELLS: i64 = WEEK / CELL;
/// 1970-01-05, a Monday, 00:00 UTC: where the cells of every week start.
const MONDAY: Timestamp = 4 * DAY;
/// Invoices an instance of each subtype plans on average (multiple invoicing 2–4, carousel 3–5).
const MEAN_INVOICES: [f64; 5] = [1.0, 1.0, 1.0, 3.0, 4.0];
/// The share of carousel invoices that cross a border (measured over 1,191 invoices of 300 rings at
/// 5,000 persons: 0.82), every ring spanning 3 countries.
const CAROUSEL_CROSS_BORDER: f64 = 0.82;

impl Typology for Tbml {
    fn family(&self) -> Family {
        Family::Tbml
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &SUBTYPES
    }

    fn min_transactions(&self, subtype: usize) -> u64 {
        match subtype {
            MULTIPLE => 2,
            CAROUSEL => 3,
            _ => 1,
        }
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        if subtype >= SUBTYPES.len() {
            return Err(NoFit(format!("tbml has no subtype {subtype}")));
        }
        // Parties whose hours never meet (an issuer's business hours, the payer's payment hours)
        // make another draw.
        let mut last = NoFit("no attempt".into());
        for _ in 0..ATTEMPTS {
            match plan_once(pctx, subtype, max_transactions, rng) {
                Ok(plan) => return Ok(plan),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        let subtype = SUBTYPES
            .iter()
            .position(|s| s.0 == r.subtype)
            .ok_or_else(|| Violation(format!("unknown tbml subtype {}", r.subtype)))?;
        let invoices: Vec<&DocView> = r
            .documents
            .iter()
            .filter(|d| d.kind == DocumentType::Invoice)
            .collect();
        ensure(!invoices.is_empty(), || "no invoice".into())?;
        for inv in &invoices {
            check_invoice(r, inv)?;
        }
        check_payments(r, &invoices)?;
        match subtype {
            OVER | UNDER => ensure(
                invoices.iter().any(|inv| mispriced(inv, subtype == OVER)),
                || {
                    format!(
                        "no line priced {} the market price of its category",
                        if subtype == OVER {
                            "at or above 2×"
                        } else {
                            "at or below 0.5×"
                        }
                    )
                },
            ),
            PHANTOM => {
                let phantom = invoices.iter().any(|inv| {
                    inv.shipment_id.as_deref().is_some_and(|s| {
                        !r.documents.iter().any(|d| {
                            d.kind == DocumentType::BillOfLading
                                && d.shipment_id.as_deref() == Some(s)
                        }) && !r.facts.bill_of_lading_exists(s)
                    })
                });
                ensure(phantom, || {
                    "every shipment of the instance has a bill of lading".into()
                })
            }
            MULTIPLE => {
                let mut per_shipment: BTreeMap<&str, usize> = BTreeMap::new();
                for inv in &invoices {
                    if let Some(s) = inv.shipment_id.as_deref() {
                        *per_shipment.entry(s).or_default() += 1;
                    }
                }
                let shared = per_shipment.iter().any(|(s, &n)| {
                    let bills = r
                        .documents
                        .iter()
                        .filter(|d| {
                            d.kind == DocumentType::BillOfLading
                                && d.shipment_id.as_deref() == Some(*s)
                        })
                        .count();
                    n >= 2 && bills == 1
                });
                ensure(shared, || {
                    "no shipment with ≥ 2 invoices and one bill of lading".into()
                })
            }
            _ => check_cycle(r, &invoices),
        }
    }
}

/// One attempt at planning an instance of `subtype`. Parties are drawn as background invoice parties
/// are: the issuer by its country's share of the documents' mix, the invoice time in its business
/// hours, then the recipient at home or in a country open at that time (so that it pays inside its
/// own hours), by share.
fn plan_once(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    max_transactions: u64,
    rng: &mut Rng,
) -> Result<InstancePlan, NoFit> {
    let mut b = Builder {
        ctx: pctx.ctx,
        docs: pctx.document_tables(),
        plan: InstancePlan::new(subtype),
    };
    let window = (pctx.start(), pctx.end());
    match subtype {
        OVER | UNDER | PHANTOM => {
            let exporter = if subtype == PHANTOM {
                // A shell of the country the exporter is drawn from, when it has one.
                let country =
                    b.ctx
                        .layout
                        .company_country(b.trader(rng, &[], |_| true, |_| true)?);
                b.trader(rng, &[], |c| c == country, |c| b.ctx.layout.is_shell(c))
                    .or_else(|_| b.trader(rng, &[], |c| c == country, |_| true))?
            } else {
                b.trader(rng, &[], |_| true, |_| true)?
            };
            let shipped = subtype != PHANTOM;
            let when = b.when(rng, exporter, None, shipped, window)?;
            let importer = b.importer(rng, exporter, when)?;
            let mut lines = b.lines(rng, importer);
            if subtype != PHANTOM {
                b.move_prices(rng, importer, &mut lines, subtype == OVER)?;
            }
            b.invoice(exporter, importer, lines, Some(0), shipped, when)?;
        }
        MULTIPLE => {
            let exporter = b.trader(rng, &[], |_| true, |_| true)?;
            let n = rng.between(2, 4).min(max_transactions.max(2) as i64) as usize;
            let when = b.when(rng, exporter, None, true, window)?;
            let importer = b.importer(rng, exporter, when)?;
            let lines = b.lines(rng, importer);
            // One shipment, one bill of lading (after the first invoice), every invoice paid.
            b.invoice(exporter, importer, lines.clone(), Some(0), true, when)?;
            for _ in 1..n {
                let when = b.when(rng, exporter, Some(importer), false, window)?;
                b.invoice(exporter, importer, lines.clone(), Some(0), false, when)?;
            }
        }
        _ => {
            let k = rng.between(3, 5).min(max_transactions.max(3) as i64) as usize;
            let first = b.trader(rng, &[], |_| true, |_| true)?;
            // The ring is completed from its first company a few times before another is drawn, so
            // that rings starting in any country are kept alike and the issuers' countries keep the
            // documents' mix as far as the ring allows.
            let mut last = NoFit("no attempt".into());
            for _ in 0..RING_ATTEMPTS {
                b.plan = InstancePlan::new(subtype);
                match b.carousel(rng, first, k, window) {
                    Ok(()) => return Ok(b.plan),
                    Err(e) => last = e,
                }
            }
            return Err(last);
        }
    }
    Ok(b.plan)
}

/// An invoice's own arithmetic and its parties' roles.
fn check_invoice(r: &InstanceRecords<'_>, inv: &DocView) -> Result<(), Violation> {
    let sum: i64 = inv.lines.iter().map(|l| l.amount_minor).sum();
    ensure(sum == inv.total_minor, || {
        format!(
            "invoice {}: lines sum to {sum}, total is {}",
            inv.number, inv.total_minor
        )
    })?;
    for l in &inv.lines {
        ensure(l.quantity * l.unit_price_minor == l.amount_minor, || {
            format!(
                "invoice {}: a line amount is not quantity × unit price",
                inv.number
            )
        })?;
    }
    ensure(inv.issuer != inv.recipient, || {
        format!(
            "invoice {}: issuer and recipient are one company",
            inv.number
        )
    })?;
    ensure(r.has(inv.issuer, Role::Exporter), || {
        format!(
            "invoice {}: the issuer is not an exporter member",
            inv.number
        )
    })?;
    ensure(r.has(inv.recipient, Role::Importer), || {
        format!(
            "invoice {}: the recipient is not an importer member",
            inv.number
        )
    })
}

/// Every transaction pays one invoice of the instance in full, from the recipient to the issuer, the
/// terms' lag after it; every invoice is paid exactly once.
fn check_payments(r: &InstanceRecords<'_>, invoices: &[&DocView]) -> Result<(), Violation> {
    let mut paid: BTreeSet<&str> = BTreeSet::new();
    for t in &r.transactions {
        let inv = invoices
            .iter()
            .find(|d| t.reference.as_deref() == Some(d.number.as_str()))
            .ok_or_else(|| {
                Violation(format!(
                    "transaction {} pays no invoice of the instance",
                    t.id
                ))
            })?;
        ensure(paid.insert(inv.number.as_str()), || {
            format!("invoice {} is paid more than once", inv.number)
        })?;
        let owner = |a: Option<RecordId>| a.and_then(|a| r.facts.account(a)).map(|v| v.owner);
        ensure(
            t.from_entity == Some(inv.recipient) && owner(t.from) == Some(inv.recipient),
            || format!("payment {}: not from the recipient of {}", t.id, inv.number),
        )?;
        ensure(
            t.to_entity == Some(inv.issuer) && owner(t.to) == Some(inv.issuer),
            || format!("payment {}: not to the issuer of {}", t.id, inv.number),
        )?;
        ensure(
            t.currency == inv.currency && t.amount_minor == inv.total_minor,
            || {
                format!(
                    "payment {}: {} {} does not equal invoice {} total {} {}",
                    t.id, t.amount_minor, t.currency, inv.number, inv.total_minor, inv.currency
                )
            },
        )?;
        let lag = document::terms_lag_days(inv.payment_terms) * DAY;
        ensure(t.ts - inv.ts == lag && lag >= 0, || {
            format!(
                "payment {}: {} s after invoice {}, its terms say {lag} s",
                t.id,
                t.ts - inv.ts,
                inv.number
            )
        })?;
    }
    for inv in invoices {
        ensure(paid.contains(inv.number.as_str()), || {
            format!("invoice {} is not paid", inv.number)
        })?;
    }
    Ok(())
}

/// Whether a line of `inv` is priced ≥ 2× (`over`) or ≤ 0.5× the market price of its category.
fn mispriced(inv: &DocView, over: bool) -> bool {
    let Some(currency) = refdata::currency_by_code(&inv.currency) else {
        return false;
    };
    inv.lines.iter().any(|l| {
        goods::category(&l.category).is_some_and(|cat| {
            let market = goods::market_minor(cat, currency) as i128;
            let price = l.unit_price_minor as i128;
            if over {
                price >= 2 * market
            } else {
                2 * price <= market
            }
        })
    })
}

/// Carousel: walking issuer → recipient edges from the first invoice's issuer visits every company
/// once and returns to it; ≥ 3 companies in ≥ 3 registration countries.
fn check_cycle(r: &InstanceRecords<'_>, invoices: &[&DocView]) -> Result<(), Violation> {
    let mut next: BTreeMap<RecordId, RecordId> = BTreeMap::new();
    for inv in invoices {
        ensure(next.insert(inv.issuer, inv.recipient).is_none(), || {
            format!(
                "company {} issues more than one carousel invoice",
                inv.issuer
            )
        })?;
    }
    let first = invoices[0].issuer;
    let mut seen = vec![first];
    let mut at = first;
    loop {
        at = *next
            .get(&at)
            .ok_or_else(|| Violation(format!("company {at} issues no invoice: no cycle")))?;
        if at == first {
            break;
        }
        ensure(!seen.contains(&at), || {
            "the invoices' cycle does not return to its first issuer".into()
        })?;
        seen.push(at);
    }
    ensure(seen.len() == next.len(), || {
        "some invoices lie outside the cycle".into()
    })?;
    ensure(seen.len() >= 3, || {
        format!("a cycle of {} companies", seen.len())
    })?;
    let countries: BTreeSet<String> = seen
        .iter()
        .filter_map(|&c| r.facts.company(c).map(|v| v.country))
        .collect();
    ensure(countries.len() >= 3, || {
        format!(
            "the cycle's companies are registered in {} countries",
            countries.len()
        )
    })
}

/// A company taking part: row, first account and its currency.
#[derive(Clone, Copy)]
struct Trader {
    company: u64,
    account: u64,
    currency: CurrencyId,
}

struct Builder<'a> {
    ctx: &'a Ctx,
    docs: &'a document::Tables,
    plan: InstancePlan,
}

impl Builder<'_> {
    /// A company drawn as background document parties are (a country passing `country` by its share of
    /// the documents' mix, then a company of it by Zipf weight), not in `avoid`, whose first account is
    /// active all window and that passes `keep` (which may rely on that account). A population too
    /// small for that mix (its countries with one trading company each take no share) falls back to
    /// any company passing `country`.
    fn trader(
        &self,
        rng: &mut Rng,
        avoid: &[u64],
        country: impl Fn(CountryId) -> bool,
        keep: impl Fn(u64) -> bool,
    ) -> Result<u64, NoFit> {
        let n = self.ctx.layout.params.companies;
        let fits = |c: u64| !avoid.contains(&c) && self.first_account(c).is_some() && keep(c);
        (0..PROBES)
            .find_map(|_| {
                self.docs
                    .draw_party(self.ctx, rng, &country)
                    .filter(|&c| fits(c))
            })
            .or_else(|| {
                (0..PROBES * (n > 0) as u32).find_map(|_| {
                    let c = rng.below(n);
                    (country(self.ctx.layout.company_country(c)) && fits(c)).then_some(c)
                })
            })
            .ok_or_else(|| NoFit("no company with an account active all window".into()))
    }

    fn first_account(&self, c: u64) -> Option<Trader> {
        let ctx = self.ctx;
        let a = ctx.layout.accounts_of(Owner::Company(c)).next()?;
        let core = account::core(ctx, a);
        (core.eligible_at(ctx.window.start) && core.eligible_at(ctx.window.end - 1)).then_some(
            Trader {
                company: c,
                account: a,
                currency: core.currency,
            },
        )
    }

    fn trader_of(&self, c: u64) -> Trader {
        self.first_account(c)
            .expect("traders are chosen with an always-active first account")
    }

    /// The importer of a one-pair subtype, which pays an invoice issued `when`: abroad as often as
    /// [`cross_border_share`] says, then in a country open at the invoice time (as a background
    /// invoice's recipient), else at home; at home, or anywhere open, when the first choice has none.
    fn importer(
        &self,
        rng: &mut Rng,
        exporter: u64,
        when: (Timestamp, PaymentTerms, i64),
    ) -> Result<u64, NoFit> {
        let home = self.ctx.layout.company_country(exporter);
        let abroad = rng.chance(cross_border_share());
        let open = |c| document::open_at(c, when.0);
        let pays = |c| self.pays(exporter, c, when);
        self.trader(rng, &[exporter], |c| (c != home) == abroad && open(c), pays)
            .or_else(|_| self.trader(rng, &[exporter], open, pays))
    }

    /// Whether `payer` can pay an invoice of `issuer` issued `when` inside its payment's hours.
    fn pays(&self, issuer: u64, payer: u64, (ts, _, lag): (Timestamp, PaymentTerms, i64)) -> bool {
        let (kind, country) = self.payment_kind(issuer, payer);
        transaction::opens(kind, country, ts + lag)
    }

    /// The payment of an invoice from `issuer` to `payer`: a wire across borders, an ACH at home, from
    /// the payer's first account, in that account's country.
    fn payment_kind(&self, issuer: u64, payer: u64) -> (TransactionType, CountryId) {
        let layout = &self.ctx.layout;
        let kind = transaction::invoice_payment_type(
            layout.company_country(issuer) != layout.company_country(payer),
        );
        let account = self.trader_of(payer).account;
        (kind, account::core(self.ctx, account).country)
    }

    /// The cells of the week in which `issuer` is in business hours and, with a `payer`, a payment of
    /// its invoice is open. Payment lags are whole weeks, so a cell is good for the invoice and its
    /// payment.
    fn shared_cells(&self, issuer: u64, payer: Option<u64>) -> Vec<i64> {
        let payment = payer.map(|p| self.payment_kind(issuer, p));
        (0..CELLS)
            .filter(|&c| {
                let ts = MONDAY + c * CELL;
                document::issuer_open(self.ctx, issuer, ts)
                    && payment.is_none_or(|(kind, country)| transaction::opens(kind, country, ts))
            })
            .collect()
    }

    /// Whether `issuer` and `payer` share an open business hour in the week.
    fn meet(&self, issuer: u64, payer: u64) -> bool {
        !self.shared_cells(issuer, Some(payer)).is_empty()
    }

    /// Goods lines priced like a background goods invoice in the importer's account currency.
    fn lines(&self, rng: &mut Rng, importer: u64) -> Vec<LineSpec> {
        let currency = self.trader_of(importer).currency;
        document::draw_goods_lines(currency, &self.ctx.params.documents, rng)
            .into_iter()
            .map(|l| LineSpec {
                category: GOODS_TABLE
                    .iter()
                    .position(|g| g.category == l.category)
                    .unwrap_or(0),
                quantity: l.quantity,
                unit_price_minor: l.unit_price.units,
            })
            .collect()
    }

    /// Moves about half the lines (at least one) out of the market range: over (2.1–3×) or under
    /// (0.3–0.45×). A line whose market price is too small to move (a few minor units) keeps its price.
    fn move_prices(
        &self,
        rng: &mut Rng,
        importer: u64,
        lines: &mut [LineSpec],
        over: bool,
    ) -> Result<(), NoFit> {
        let currency = self.trader_of(importer).currency;
        let forced = rng.index(lines.len());
        let mut moved = false;
        for (k, line) in lines.iter_mut().enumerate() {
            if k != forced && !rng.chance(0.5) {
                continue;
            }
            let market = goods::market_minor(&GOODS_TABLE[line.category], currency);
            let (lo, hi) = if over { OVER_FACTOR } else { UNDER_FACTOR };
            let price = (libm::round(market as f64 * rng.uniform(lo, hi)) as i64).max(1);
            let ok = if over {
                price >= 2 * market
            } else {
                2 * price <= market
            };
            if ok {
                line.unit_price_minor = price;
                moved = true;
            }
        }
        ensure_fit(moved, "no line price can be moved out of the market range")
    }

    /// A carousel of `k` companies from `first`: invoice i goes round the ring in time order, each in
    /// its own stretch of the window, to a company drawn as a background invoice's recipient (at home,
    /// or abroad in a country open at the invoice time, by share) as long as the ring can still span
    /// 3 countries; the last company must also share business hours with the first, which pays it.
    fn carousel(
        &mut self,
        rng: &mut Rng,
        first: u64,
        k: usize,
        (start, end): (Timestamp, Timestamp),
    ) -> Result<(), NoFit> {
        let layout = &self.ctx.layout;
        let mut ring = vec![first];
        let mut countries = vec![layout.company_country(first)];
        let stretch = (end - start) / k as i64;
        for i in 0..k {
            let lo = start + stretch * i as i64;
            let window = (lo, lo + stretch);
            let issuer = ring[i];
            if i + 1 == k {
                let when = self.when(rng, issuer, Some(first), true, window)?;
                let lines = self.lines(rng, first);
                return self.invoice(issuer, first, lines, Some(i as u32), true, when);
            }
            let when = self.when(rng, issuer, None, true, window)?;
            let closes = i + 2 == k;
            // Companies still to draw after this one, each of which may bring a new country.
            let after = k - i - 2;
            let here = layout.company_country(issuer);
            let fits =
                |c: CountryId| countries.len() + !countries.contains(&c) as usize + after >= 3;
            let open = |c: CountryId| document::open_at(c, when.0);
            let pays = |c: u64| self.pays(issuer, c, when) && (!closes || self.meet(c, first));
            // At home as often as a background goods invoice stays at home, where the ring can
            // still reach 3 countries; else abroad in a country open at the invoice time.
            let home = !rng.chance(document::goods_cross_border_share()) && fits(here);
            let next = (if home {
                self.trader(rng, &ring, |c| c == here, pays)
            } else {
                Err(NoFit(String::new()))
            })
            .or_else(|_| self.trader(rng, &ring, |c| c != here && fits(c) && open(c), pays));
            // When no company fits that time (few companies, or an hour when only the issuer's
            // region is open), any company sharing business hours with the issuer, at an hour they
            // share.
            let (next, when) = match next {
                Ok(next) => (next, when),
                Err(_) => {
                    let meets = |c: u64| self.meet(issuer, c) && (!closes || self.meet(c, first));
                    let next = self.trader(rng, &ring, fits, meets).map_err(|_| {
                        NoFit(
                            "carousel needs companies with an account active all window in at \
                             least 3 countries, each sharing business hours with the next"
                                .into(),
                        )
                    })?;
                    (next, self.when(rng, issuer, Some(next), true, window)?)
                }
            };
            let country = layout.company_country(next);
            if !countries.contains(&country) {
                countries.push(country);
            }
            ring.push(next);
            let lines = self.lines(rng, next);
            self.invoice(issuer, next, lines, Some(i as u32), true, when)?;
        }
        Ok(())
    }

    /// The terms and time of an invoice of `issuer` in `[lo, hi)`, its payment lag (and, when `bill`,
    /// its bill of lading one week later) inside the run's window: terms drawn as background invoices
    /// have them, then cash on delivery when the lag does not fit; the time uniform over the issuer's
    /// business hours, and with a `payer` over the hours it shares with that payer's payment.
    fn when(
        &self,
        rng: &mut Rng,
        issuer: u64,
        payer: Option<u64>,
        bill: bool,
        (lo, hi): (Timestamp, Timestamp),
    ) -> Result<(Timestamp, PaymentTerms, i64), NoFit> {
        let cells = self.shared_cells(issuer, payer);
        let drawn = rng.weighted_item(&document::terms_shares());
        let end = self.ctx.window.end;
        for terms in [drawn, PaymentTerms::Cod] {
            let lag = document::terms_lag_days(terms) * DAY;
            let tail = lag.max(if bill { document::SHIPPING_LAG } else { 0 });
            let hi = hi.min(end - tail);
            if hi <= lo || cells.is_empty() {
                continue;
            }
            // A good cell of the week of a random time in [lo, hi).
            let found = (0..TIME_PROBES).find_map(|_| {
                let at = lo + rng.below((hi - lo) as u64) as i64;
                let week = MONDAY + (at - MONDAY).div_euclid(WEEK) * WEEK;
                let ts = week + *rng.pick(&cells) * CELL + rng.below(CELL as u64) as i64;
                let ok = (lo..hi).contains(&ts)
                    && document::issuer_open(self.ctx, issuer, ts)
                    && payer.is_none_or(|p| self.pays(issuer, p, (ts, terms, lag)));
                ok.then_some((ts, terms, lag))
            });
            if let Some(found) = found {
                return Ok(found);
            }
        }
        Err(NoFit(
            "no business hour of the issuer leaves room for the payment".into(),
        ))
    }

    /// Plans an invoice from `issuer` to `recipient` at `when` (time, terms, payment lag), its
    /// payment, and when `bill` its bill of lading one week later.
    fn invoice(
        &mut self,
        issuer: u64,
        recipient: u64,
        lines: Vec<LineSpec>,
        shipment: Option<u32>,
        bill: bool,
        (ts, terms, lag): (Timestamp, PaymentTerms, i64),
    ) -> Result<(), NoFit> {
        let ctx = self.ctx;
        let (payee, payer) = (self.trader_of(issuer), self.trader_of(recipient));
        let (kind, _) = self.payment_kind(issuer, recipient);
        let spec = DocSpec {
            kind: DocumentType::Invoice,
            ts,
            issuer,
            recipient,
            currency: payer.currency,
            lines,
            shipment,
            payment_terms: terms,
        };
        let amount = spec.total_minor();
        ensure_fit(amount > 0, "an invoice of zero total")?;
        let plan = &mut self.plan;
        if bill {
            plan.documents.push(DocSpec {
                kind: DocumentType::BillOfLading,
                ts: ts + document::SHIPPING_LAG,
                ..spec.clone()
            });
        }
        plan.documents.push(spec);
        plan.payments.push(PaymentSpec {
            transaction: plan.transactions.len(),
            document: plan.documents.len() - 1,
        });
        plan.transactions.push(TxSpec {
            kind,
            ts: ts + lag,
            from: Some(payer.account),
            to: Some(payee.account),
            amount_minor: amount,
            location: None,
        });
        plan.member_account(ctx, payee.account, Role::Exporter);
        if ctx.layout.is_shell(payee.company) {
            plan.member_account(ctx, payee.account, Role::Shell);
        }
        plan.member_account(ctx, payer.account, Role::Importer);
        Ok(())
    }
}

/// The chance that a one-pair invoice (every subtype but carousel) crosses a border, so that over the
/// default subtype mix tbml invoices cross borders as often as background goods invoices: a carousel's
/// ring must reach 3 countries, so more of its invoices cross one.
fn cross_border_share() -> f64 {
    let planned = |k: usize| SUBTYPES[k].1 as f64 * MEAN_INVOICES[k];
    let all: f64 = (0..SUBTYPES.len()).map(planned).sum();
    let carousel = planned(CAROUSEL);
    let target = document::goods_cross_border_share() * all;
    ((target - CAROUSEL_CROSS_BORDER * carousel) / (all - carousel)).clamp(0.0, 1.0)
}

fn ensure_fit(ok: bool, why: &str) -> Result<(), NoFit> {
    if ok { Ok(()) } else { Err(NoFit(why.into())) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::testing::{check_over_seeds, ctx_facts, materialize, plan_ctx};

    /// Invoices (and their bills of lading) in the issuer's business hours, payments in the payer's.
    fn in_business_hours(ctx: &Ctx, plan: &InstancePlan) {
        for d in &plan.documents {
            assert!(document::issuer_open(ctx, d.issuer, d.ts), "{d:?}");
        }
        for t in &plan.transactions {
            let payer = account::core(ctx, t.from.expect("a payer account"));
            assert!(transaction::opens(t.kind, payer.country, t.ts), "{t:?}");
        }
    }

    #[test]
    fn every_subtype_holds_over_seeds() {
        let checked = check_over_seeds(&Tbml, 12, 3, |ctx, plan, _| in_business_hours(ctx, plan));
        assert_eq!(checked, 12 * 5 * 3);
    }

    /// Carousels over many populations: every plan fits (its ring's neighbours share business hours)
    /// and keeps everyone's hours.
    #[test]
    fn carousels_fit_over_seeds() {
        for seed in 0..60 {
            let persons = [500, 1_000, 2_000][seed as usize % 3];
            let ctx = crate::generators::test_ctx(seed, persons, persons / 5, persons * 2, 365);
            let pctx = plan_ctx(&ctx);
            let facts = ctx_facts(&ctx);
            for i in 0..8 {
                let mut rng = ctx.rng("tbml.test.carousel", i);
                let plan = Tbml
                    .plan(&pctx, CAROUSEL, 40, &mut rng)
                    .unwrap_or_else(|e| panic!("seed {seed} persons {persons}: {}", e.0));
                in_business_hours(&ctx, &plan);
                Tbml.check(&materialize(&ctx, &facts, &Tbml, &plan))
                    .unwrap();
            }
        }
    }

    /// Plans one instance of `subtype`, breaks it with `damage`, and expects `check` to refuse it.
    fn broken(subtype: usize, damage: impl Fn(&mut InstanceRecords<'_>)) -> Violation {
        let ctx = crate::generators::test_ctx(5, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        let mut rng = ctx.rng("tbml.test", subtype as u64);
        let plan = Tbml.plan(&pctx, subtype, 40, &mut rng).unwrap();
        let mut records = materialize(&ctx, &facts, &Tbml, &plan);
        Tbml.check(&records).unwrap();
        damage(&mut records);
        Tbml.check(&records).unwrap_err()
    }

    #[test]
    fn a_payment_off_its_invoice_total_fails() {
        let v = broken(OVER, |r| r.transactions[0].amount_minor += 1);
        assert!(v.0.contains("does not equal"), "{}", v.0);
    }

    #[test]
    fn over_invoicing_at_market_prices_fails() {
        broken(OVER, |r| {
            for d in &mut r.documents {
                for l in &mut d.lines {
                    l.unit_price_minor = 1;
                    l.amount_minor = l.quantity;
                }
                d.total_minor = d.lines.iter().map(|l| l.amount_minor).sum();
            }
        });
    }

    #[test]
    fn under_invoicing_at_market_prices_fails() {
        let v = broken(UNDER, |r| {
            for d in &mut r.documents {
                for l in &mut d.lines {
                    l.unit_price_minor *= 1_000;
                    l.amount_minor *= 1_000;
                }
                d.total_minor *= 1_000;
            }
            for t in &mut r.transactions {
                t.amount_minor *= 1_000;
            }
        });
        assert!(v.0.contains("0.5×"), "{}", v.0);
    }

    #[test]
    fn a_phantom_shipment_with_a_bill_of_lading_fails() {
        let v = broken(PHANTOM, |r| {
            let mut bill = r.documents[0].clone();
            bill.kind = DocumentType::BillOfLading;
            bill.number = "BOL-2026-000000".into();
            r.documents.push(bill);
        });
        assert!(v.0.contains("bill of lading"), "{}", v.0);
    }

    #[test]
    fn multiple_invoicing_with_an_unpaid_invoice_fails() {
        let v = broken(MULTIPLE, |r| {
            r.transactions.pop();
        });
        assert!(v.0.contains("not paid"), "{}", v.0);
    }

    #[test]
    fn a_carousel_that_does_not_close_fails() {
        let v = broken(CAROUSEL, |r| {
            let last = r
                .documents
                .iter()
                .rposition(|d| d.kind == DocumentType::Invoice)
                .unwrap();
            r.documents.remove(last);
            let number = r
                .documents
                .iter()
                .map(|d| d.number.clone())
                .collect::<Vec<_>>();
            r.transactions
                .retain(|t| t.reference.as_ref().is_some_and(|n| number.contains(n)));
        });
        assert!(v.0.contains("cycle"), "{}", v.0);
    }
}
