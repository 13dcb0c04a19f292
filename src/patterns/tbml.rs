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
//! (a directed cycle of invoices over 3–5 companies, the first three registered in distinct countries).
//!
//! Parties have a first account active all window long, so any time of the window can carry a payment;
//! invoices fall in the issuer's business hours and payments in the payment type's opening hours.

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
/// Fresh draws of the parties before an instance gives up.
const ATTEMPTS: u32 = 16;
/// Price factors of moved lines (SPEC §10.2 needs ≥ 2× / ≤ 0.5×; the alert ratios are 2 and 0.5).
const OVER_FACTOR: (f64, f64) = (2.1, 3.0);
const UNDER_FACTOR: (f64, f64) = (0.3, 0.45);
const DAY: i64 = 86_400;

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

/// One attempt at planning an instance of `subtype`.
fn plan_once(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    max_transactions: u64,
    rng: &mut Rng,
) -> Result<InstancePlan, NoFit> {
    let mut b = Builder {
        ctx: pctx.ctx,
        plan: InstancePlan::new(subtype),
    };
    match subtype {
        OVER | UNDER | PHANTOM => {
            let exporter = if subtype == PHANTOM {
                b.trader(rng, &[], |c| b.ctx.layout.is_shell(c))
                    .or_else(|_| b.trader(rng, &[], |_| true))?
            } else {
                b.trader(rng, &[], |_| true)?
            };
            let importer = b.trader(rng, &[exporter], |_| true)?;
            let mut lines = b.lines(rng, importer);
            if subtype != PHANTOM {
                b.move_prices(rng, importer, &mut lines, subtype == OVER)?;
            }
            let shipped = subtype != PHANTOM;
            let window = (pctx.start(), pctx.end());
            b.invoice(rng, exporter, importer, lines, Some(0), shipped, window)?;
        }
        MULTIPLE => {
            let exporter = b.trader(rng, &[], |_| true)?;
            let importer = b.trader(rng, &[exporter], |_| true)?;
            let n = rng.between(2, 4).min(max_transactions.max(2) as i64) as usize;
            let lines = b.lines(rng, importer);
            let window = (pctx.start(), pctx.end());
            // One shipment, one bill of lading (after the first invoice), every invoice paid.
            b.invoice(
                rng,
                exporter,
                importer,
                lines.clone(),
                Some(0),
                true,
                window,
            )?;
            for _ in 1..n {
                b.invoice(
                    rng,
                    exporter,
                    importer,
                    lines.clone(),
                    Some(0),
                    false,
                    window,
                )?;
            }
        }
        _ => {
            let k = rng.between(3, 5).min(max_transactions.max(3) as i64) as usize;
            let mut ring: Vec<u64> = Vec::new();
            let mut countries: Vec<CountryId> = Vec::new();
            for i in 0..k {
                let avoid = countries.clone();
                let c = b
                    .trader(rng, &ring, |c| {
                        i >= 3 || !avoid.contains(&b.ctx.layout.company_country(c))
                    })
                    .map_err(|_| {
                        NoFit(
                            "carousel needs companies with an account active all window in \
                             at least 3 countries"
                                .into(),
                        )
                    })?;
                countries.push(b.ctx.layout.company_country(c));
                ring.push(c);
            }
            // Invoice i goes round the ring in time order: each in its own stretch of the window.
            let (start, end) = (pctx.start(), pctx.end());
            let stretch = (end - start) / k as i64;
            for i in 0..k {
                let (issuer, recipient) = (ring[i], ring[(i + 1) % k]);
                let lines = b.lines(rng, recipient);
                let lo = start + stretch * i as i64;
                let window = (lo, lo + stretch);
                b.invoice(rng, issuer, recipient, lines, Some(i as u32), true, window)?;
            }
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
    plan: InstancePlan,
}

impl Builder<'_> {
    /// A company not in `avoid` that passes `keep` and whose first account is active all window.
    fn trader(
        &self,
        rng: &mut Rng,
        avoid: &[u64],
        keep: impl Fn(u64) -> bool,
    ) -> Result<u64, NoFit> {
        let ctx = self.ctx;
        let n = ctx.layout.params.companies;
        (0..PROBES * (n > 0) as u32)
            .find_map(|_| {
                let c = rng.below(n);
                (!avoid.contains(&c) && keep(c) && self.first_account(c).is_some()).then_some(c)
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

    /// Plans an invoice from `issuer` to `recipient` in `[lo, hi)` (its payment and bill of lading
    /// inside the run's window), its payment, and when `bill` its bill of lading one week later.
    #[allow(clippy::too_many_arguments)]
    fn invoice(
        &mut self,
        rng: &mut Rng,
        issuer: u64,
        recipient: u64,
        lines: Vec<LineSpec>,
        shipment: Option<u32>,
        bill: bool,
        (lo, hi): (Timestamp, Timestamp),
    ) -> Result<(), NoFit> {
        let ctx = self.ctx;
        let (payee, payer) = (self.trader_of(issuer), self.trader_of(recipient));
        let cross_border =
            ctx.layout.company_country(issuer) != ctx.layout.company_country(recipient);
        let kind = if cross_border {
            TransactionType::Wire
        } else {
            TransactionType::Ach
        };
        let payer_country = account::core(ctx, payer.account).country;
        // Terms as background invoices have them, except advance payment (paid before the invoice):
        // the drawn terms first, then cash on delivery when the lag does not fit the window.
        let shares: Vec<(PaymentTerms, u32)> = document::terms_shares()
            .into_iter()
            .filter(|t| t.0 != PaymentTerms::AdvancePayment)
            .collect();
        let drawn = rng.weighted_item(&shares);
        let end = ctx.window.end;
        let mut found = None;
        for terms in [drawn, PaymentTerms::Cod] {
            let lag = document::terms_lag_days(terms) * DAY;
            let tail = lag.max(if bill { document::SHIPPING_LAG } else { 0 });
            let hi = hi.min(end - tail);
            if hi <= lo {
                continue;
            }
            found = (0..TIME_PROBES).find_map(|_| {
                let ts = lo + rng.below((hi - lo) as u64) as i64;
                let ok = document::issuer_open(ctx, issuer, ts)
                    && transaction::opens(kind, payer_country, ts + lag);
                ok.then_some((ts, terms, lag))
            });
            if found.is_some() {
                break;
            }
        }
        let (ts, terms, lag) = found.ok_or_else(|| {
            NoFit("no business hour of the issuer leaves room for the payment".into())
        })?;
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

fn ensure_fit(ok: bool, why: &str) -> Result<(), NoFit> {
    if ok { Ok(()) } else { Err(NoFit(why.into())) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::testing::{check_over_seeds, ctx_facts, materialize, plan_ctx};

    #[test]
    fn every_subtype_holds_over_seeds() {
        let checked = check_over_seeds(&Tbml, 12, 3, |_, _, _| {});
        assert_eq!(checked, 12 * 5 * 3);
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
