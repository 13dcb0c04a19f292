//! The fraud_ring family (SPEC §10.1, §10.2): organised rings rather than lone actors.
//!
//! * `money_mule_network`: 3–10 mule accounts forward transfers to one hub, which pays some of them a
//!   commission at the end; every transaction touches the hub.
//! * `account_takeover_ring`: one attacker device (with 1–2 fresh IPs) logs into 3–8 victims' accounts,
//!   each of which then transfers money to a ring account (the attacker's or a mule's).
//! * `synthetic_identity`: 3–4 members of one household (so one primary address) whose recently opened
//!   accounts (≤ 18 months before the window) are all logged into from one device and feed one hub.
//! * `bust_out`: 1–4 credit cards spend a little at merchants, then burst to 86–97% of the card limit in
//!   the last 15% of the instance.
//! * `check_kiting`: cheques of rising amounts bounce between two same-currency accounts at different
//!   banks, each within three days of the previous one.
//!
//! Planning picks existing accounts (one currency per instance), keeps every record inside its type's
//! opening hours and the participants' eligibility, and re-verifies the plan before returning it;
//! `check` re-verifies each invariant from the written records alone.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::support::{self, DAY, HOUR, country_of, is_person, open_at};
use super::{
    EventSpec, Family, InstancePlan, InstanceRecords, NoFit, PlanCtx, Role, TxSpec, TxView,
    Typology, Violation, ensure,
};
use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::core::time::{Date, Timestamp, date_of, midnight};
use crate::generators::account::{self, AccountCore};
use crate::generators::devices;
use crate::model::account::{AccountStatus, AccountType};
use crate::model::account_event::AccountEventType;
use crate::model::transaction::TransactionType;
use crate::population::layout::Owner;

pub struct FraudRing;

const SUBTYPES: [(&str, u32); 5] = [
    ("money_mule_network", 35),
    ("account_takeover_ring", 25),
    ("synthetic_identity", 20),
    ("bust_out", 15),
    ("check_kiting", 5),
];
const MULE_NETWORK: usize = 0;
const TAKEOVER_RING: usize = 1;
const SYNTHETIC: usize = 2;
const BUST_OUT: usize = 3;
const KITING: usize = 4;

/// Per subtype: 3 spokes × 1; 3 victims × 1; 3 identities × 1; one card with 2 build-up + 1 burst
/// purchases; 4 cheques (A→B→A→B→A).
const MIN_TRANSACTIONS: [u64; 5] = [3, 3, 3, 3, 4];

/// Fresh placements and anchors a plan tries before giving up.
const ATTEMPTS: u32 = 64;
/// "Opened ≤ 18 months before start" (synthetic identities), in days before the window start.
const YOUNG_DAYS: Date = 548;
/// Most identities of one synthetic_identity instance.
const MAX_IDENTITIES: usize = 10;
/// Longest gap between consecutive kiting cheques.
const KITE_GAP: i64 = 3 * DAY;

impl Typology for FraudRing {
    fn family(&self) -> Family {
        Family::FraudRing
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &SUBTYPES
    }

    fn min_transactions(&self, subtype: usize) -> u64 {
        MIN_TRANSACTIONS[subtype]
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        let min = MIN_TRANSACTIONS[subtype];
        if max_transactions < min {
            return Err(NoFit(format!(
                "{} needs at least {min} transactions",
                SUBTYPES[subtype].0
            )));
        }
        match subtype {
            MULE_NETWORK => plan_mule_network(pctx, max_transactions, rng),
            TAKEOVER_RING => plan_takeover_ring(pctx, max_transactions, rng),
            SYNTHETIC => plan_synthetic(pctx, max_transactions, rng),
            BUST_OUT => plan_bust_out(pctx, max_transactions, rng),
            _ => plan_kiting(pctx, max_transactions, rng, &|a| {
                account::record(pctx.ctx, a).bank_id
            }),
        }
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        let subtype = SUBTYPES
            .iter()
            .position(|s| s.0 == r.subtype)
            .ok_or_else(|| Violation(format!("unknown subtype {}", r.subtype)))?;
        ensure(!r.transactions.is_empty(), || "no transactions".into())?;
        let currency = &r.transactions[0].currency;
        for t in &r.transactions {
            ensure(&t.currency == currency, || {
                format!("{} is in {}, not {currency}", t.id, t.currency)
            })?;
            ensure(t.from.is_some() && t.to.is_some() && t.from != t.to, || {
                format!("{} needs two distinct accounts", t.id)
            })?;
        }
        match subtype {
            MULE_NETWORK => check_mule_network(r),
            TAKEOVER_RING => check_takeover_ring(r),
            SYNTHETIC => check_synthetic(r),
            BUST_OUT => check_bust_out(r),
            _ => check_kiting(r),
        }
    }
}

// ---- planning helpers --------------------------------------------------------------------------

/// Accounts that send and receive transfers and cheques.
fn transacting(core: &AccountCore) -> bool {
    matches!(
        core.account_type,
        AccountType::Checking | AccountType::Savings | AccountType::Business
    )
}

/// Accounts that write cheques.
fn cheque_account(core: &AccountCore) -> bool {
    matches!(
        core.account_type,
        AccountType::Checking | AccountType::Business
    )
}

/// Moves an amount off a multiple of 10,000 minor units (at least the round-amount unit R of every
/// currency), upwards so non-decreasing sequences stay so.
fn unround(x: i64) -> i64 {
    if x >= 10_000 && x % 10_000 == 0 {
        x + 1 + (x / 10_000) % 89
    } else {
        x
    }
}

/// A log-normal USD-eq amount in account `a`'s currency, not round.
fn amount(pctx: &PlanCtx<'_>, a: u64, rng: &mut Rng, median_usd: f64, sigma: f64) -> i64 {
    unround(support::to_account_minor(
        pctx,
        a,
        support::usd_cents(rng, median_usd, sigma),
    ))
}

/// `total` split into `parts` positive amounts of similar size (none round).
fn split(total: i64, parts: usize, rng: &mut Rng) -> Vec<i64> {
    let weights: Vec<f64> = (0..parts).map(|_| rng.uniform(0.5, 1.5)).collect();
    let sum: f64 = weights.iter().sum();
    let mut out: Vec<i64> = weights
        .iter()
        .map(|w| ((total as f64 * w / sum) as i64).max(1))
        .collect();
    let rest = total - out.iter().sum::<i64>();
    if let Some(last) = out.last_mut() {
        *last = (*last + rest).max(1);
    }
    out.into_iter().map(unround).collect()
}

fn tx(kind: TransactionType, ts: Timestamp, from: u64, to: u64, amount_minor: i64) -> TxSpec {
    TxSpec {
        kind,
        ts,
        from: Some(from),
        to: Some(to),
        amount_minor,
        location: None,
    }
}

/// A time uniformly in `[lo, lo + len)` (just `lo` for an empty range).
fn within(lo: Timestamp, len: i64, rng: &mut Rng) -> Timestamp {
    lo + rng.below(len.max(1) as u64) as i64
}

/// Sorts the plan's records and returns it when every record is inside the window, every account is
/// eligible at its record's time, each transaction is two-sided, not a self-transfer, positive and at
/// an open hour of its type in the sender's country.
fn finish(pctx: &PlanCtx<'_>, mut plan: InstancePlan) -> Option<InstancePlan> {
    plan.transactions.sort_by_key(|t| t.ts);
    plan.account_events.sort_by_key(|e| e.ts);
    let ctx = pctx.ctx;
    let inside = |ts: Timestamp| ts >= pctx.start() && ts < pctx.end();
    let eligible = |a: u64, ts: Timestamp| account::core(ctx, a).eligible_at(ts);
    let txs_ok = plan.transactions.iter().all(|t| match (t.from, t.to) {
        (Some(from), Some(to)) => {
            inside(t.ts)
                && from != to
                && t.amount_minor > 0
                && eligible(from, t.ts)
                && eligible(to, t.ts)
                && open_at(t.kind, country_of(pctx, from), t.ts) == t.ts
        }
        _ => false,
    });
    let events_ok = plan
        .account_events
        .iter()
        .all(|e| inside(e.ts) && eligible(e.account, e.ts));
    (txs_ok && events_ok).then_some(plan)
}

// ---- money_mule_network ------------------------------------------------------------------------

/// 3–10 person mule accounts forward 1–3 transfers each (median 1,800 USD-eq) to one hub during the
/// first 80% of a 7–30 day instance; while the budget lasts, half of them get a 4–10% commission
/// from the hub in the last 20%.
fn plan_mule_network(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Result<InstancePlan, NoFit> {
    let ctx = pctx.ctx;
    for _ in 0..ATTEMPTS {
        let (start, dur) = support::place(pctx, rng.between(7, 30) * DAY, rng);
        let span = (start, start + dur);
        let Some(hub) = support::pick_account(pctx, span, rng, |_, c| transacting(c)) else {
            continue;
        };
        let ccy = account::core(ctx, hub).currency;
        let wanted = (rng.between(3, 10) as u64).min(max) as usize;
        let mut taken = vec![hub];
        for _ in 0..wanted {
            let accept =
                |_: u64, c: &AccountCore| c.currency == ccy && transacting(c) && is_person(c);
            match support::pick_fresh_account(pctx, span, rng, &taken, accept) {
                Some(a) => taken.push(a),
                None => break,
            }
        }
        let spokes = &taken[1..];
        if spokes.len() < 3 {
            continue;
        }
        let mut budget = max - spokes.len() as u64;
        let mut plan = InstancePlan::new(MULE_NETWORK);
        plan.member_account(ctx, hub, Role::Hub);
        for &m in spokes {
            plan.member_account(ctx, m, Role::Mule);
            let extra = rng.below(3).min(budget);
            budget -= extra;
            let mut forwarded = 0;
            for _ in 0..=extra {
                let ts = within(start, dur * 4 / 5, rng);
                let ts = open_at(TransactionType::Transfer, country_of(pctx, m), ts);
                let amt = amount(pctx, m, rng, 1_800.0, 0.6);
                forwarded += amt;
                plan.transactions
                    .push(tx(TransactionType::Transfer, ts, m, hub, amt));
            }
            if budget > 0 && rng.chance(0.5) {
                budget -= 1;
                let ts = within(start + dur * 4 / 5, dur / 5, rng);
                let ts = open_at(TransactionType::Transfer, country_of(pctx, hub), ts);
                let fee = unround(((forwarded as f64 * rng.uniform(0.04, 0.10)) as i64).max(1));
                plan.transactions
                    .push(tx(TransactionType::Transfer, ts, hub, m, fee));
            }
        }
        if let Some(plan) = finish(pctx, plan) {
            return Ok(plan);
        }
    }
    Err(NoFit(
        "money_mule_network needs a hub and 3 same-currency mule accounts".into(),
    ))
}

fn check_mule_network(r: &InstanceRecords<'_>) -> Result<(), Violation> {
    let hubs = accounts_with(r, Role::Hub);
    ensure(hubs.len() == 1, || {
        format!("{} hub accounts, not one", hubs.len())
    })?;
    let hub = hubs[0];
    let mules = accounts_with(r, Role::Mule);
    let mut spokes: Vec<RecordId> = Vec::new();
    for t in &r.transactions {
        ensure(t.kind == TransactionType::Transfer, || {
            format!("{} is not a transfer", t.id)
        })?;
        let (from, to) = sides(t);
        let spoke = if from == hub {
            to
        } else if to == hub {
            from
        } else {
            return Err(Violation(format!("{} bypasses the hub", t.id)));
        };
        ensure(mules.contains(&spoke), || {
            format!("{} trades with a non-mule {spoke}", t.id)
        })?;
        if !spokes.contains(&spoke) {
            spokes.push(spoke);
        }
    }
    ensure(spokes.len() >= 3, || {
        format!("{} spokes, fewer than 3", spokes.len())
    })?;
    ensure(mules.iter().all(|m| spokes.contains(m)), || {
        "a mule account never trades with the hub".into()
    })
}

// ---- account_takeover_ring ---------------------------------------------------------------------

/// One attacker account plus 0–2 mule accounts form the ring; one new device with 1–2 new IPs logs
/// into 3–8 victim accounts over the first half of a 2–10 day instance (40% also change the password
/// 2–20 minutes later); each victim then transfers (median 2,500 USD-eq) to a ring account 25 minutes
/// to 3 hours after the login, sometimes twice while the budget lasts.
fn plan_takeover_ring(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Result<InstancePlan, NoFit> {
    let ctx = pctx.ctx;
    for _ in 0..ATTEMPTS {
        let (start, dur) = support::place(pctx, rng.between(2, 10) * DAY, rng);
        let span = (start, start + dur);
        let personal = |c: &AccountCore| transacting(c) && is_person(c);
        let Some(attacker) = support::pick_account(pctx, span, rng, |_, c| personal(c)) else {
            continue;
        };
        let ccy = account::core(ctx, attacker).currency;
        let same = |_: u64, c: &AccountCore| c.currency == ccy && personal(c);
        let mut ring = vec![attacker];
        for _ in 0..rng.below(3) {
            if let Some(m) = support::pick_fresh_account(pctx, span, rng, &ring, same) {
                ring.push(m);
            }
        }
        let wanted = (rng.between(3, 8) as u64).min(max) as usize;
        let mut taken = ring.clone();
        for _ in 0..wanted {
            match support::pick_fresh_account(pctx, span, rng, &taken, same) {
                Some(v) => taken.push(v),
                None => break,
            }
        }
        let victims = &taken[ring.len()..];
        if victims.len() < 3 {
            continue;
        }
        let device = devices::new_device(ctx, rng.below(1 << 39));
        let ips: Vec<String> = (0..rng.between(1, 2))
            .map(|_| devices::new_ip(rng))
            .collect();
        let mut budget = max - victims.len() as u64;
        let mut plan = InstancePlan::new(TAKEOVER_RING);
        plan.member_account(ctx, attacker, Role::Attacker);
        for &m in &ring[1..] {
            plan.member_account(ctx, m, Role::Mule);
        }
        for &v in victims {
            plan.member_account(ctx, v, Role::Victim);
            let login = within(start, dur / 2, rng);
            let ip = rng.pick(&ips).clone();
            let event = |kind, ts| EventSpec {
                kind,
                ts,
                account: v,
                ip_address: Some(ip.clone()),
                device_id: Some(device.clone()),
            };
            plan.account_events
                .push(event(AccountEventType::Login, login));
            if rng.chance(0.4) {
                let ts = login + rng.between(2 * 60, 20 * 60);
                plan.account_events
                    .push(event(AccountEventType::PasswordChange, ts));
            }
            let twice = budget > 0 && rng.chance(0.4);
            budget -= twice as u64;
            let mut ts = login;
            for _ in 0..1 + twice as u32 {
                ts = open_at(
                    TransactionType::Transfer,
                    country_of(pctx, v),
                    ts + rng.between(25 * 60, 3 * HOUR),
                );
                let to = *rng.pick(&ring);
                let amt = amount(pctx, v, rng, 2_500.0, 0.7);
                plan.transactions
                    .push(tx(TransactionType::Transfer, ts, v, to, amt));
            }
        }
        if let Some(plan) = finish(pctx, plan) {
            return Ok(plan);
        }
    }
    Err(NoFit(
        "account_takeover_ring needs a ring account and 3 same-currency victims".into(),
    ))
}

fn check_takeover_ring(r: &InstanceRecords<'_>) -> Result<(), Violation> {
    let victims = accounts_with(r, Role::Victim);
    let mut ring = accounts_with(r, Role::Attacker);
    ring.extend(accounts_with(r, Role::Mule));
    ensure(!ring.is_empty(), || "no attacker or mule account".into())?;
    for t in &r.transactions {
        ensure(t.kind == TransactionType::Transfer, || {
            format!("{} is not a transfer", t.id)
        })?;
        let (from, to) = sides(t);
        ensure(victims.contains(&from), || {
            format!("{} is not sent by a victim", t.id)
        })?;
        ensure(ring.contains(&to), || {
            format!("{} does not reach a ring account", t.id)
        })?;
    }
    // The attacker device: any device on events of ≥ 3 victims under which every victim qualifies.
    let mut devices: Vec<&str> = r
        .account_events
        .iter()
        .filter(|e| victims.contains(&e.account))
        .map(|e| e.device_id.as_str())
        .collect();
    devices.sort_unstable();
    devices.dedup();
    let mut best: Option<(usize, Violation)> = None;
    for device in devices {
        let mut touched: Vec<RecordId> = r
            .account_events
            .iter()
            .filter(|e| e.device_id == device && victims.contains(&e.account))
            .map(|e| e.account)
            .collect();
        touched.sort_unstable();
        touched.dedup();
        let verdict = ensure(touched.len() >= 3, || {
            format!("device {device} is on {} victim accounts", touched.len())
        })
        .and_then(|()| {
            victims
                .iter()
                .try_for_each(|&v| victim_paid_after_login(r, v, device, &ring))
        });
        match verdict {
            Ok(()) => return Ok(()),
            Err(v) if best.as_ref().is_none_or(|b| b.0 < touched.len()) => {
                best = Some((touched.len(), v));
            }
            Err(_) => {}
        }
    }
    Err(best.map_or_else(
        || Violation("no device on a victim account".into()),
        |b| b.1,
    ))
}

/// Victim `v` has a login from `device` and a later transfer to a ring account.
fn victim_paid_after_login(
    r: &InstanceRecords<'_>,
    v: RecordId,
    device: &str,
    ring: &[RecordId],
) -> Result<(), Violation> {
    let first_login = r
        .account_events
        .iter()
        .filter(|e| e.account == v && e.kind == AccountEventType::Login && e.device_id == device)
        .map(|e| e.ts)
        .min()
        .ok_or_else(|| Violation(format!("victim {v} has no login from {device}")))?;
    ensure(
        r.transactions.iter().any(|t| {
            t.from == Some(v) && t.to.is_some_and(|to| ring.contains(&to)) && t.ts > first_login
        }),
        || format!("victim {v} pays no ring account after the {device} login"),
    )
}

// ---- synthetic_identity ------------------------------------------------------------------------

/// Scans households (from a random block, all of them if need be) for 3+ members that each hold an
/// account opened at most 18 months before the window, in one currency and eligible together for at
/// least 3 days. All of them (at most 10, within the budget) log in from one new device and a new IP
/// in the first third of a 3–14 day instance and then transfer 1–3 times (median 900 USD-eq) to one
/// hub: a young company account if any, else a young person account of another owner.
fn plan_synthetic(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Result<InstancePlan, NoFit> {
    let ctx = pctx.ctx;
    let young_from = date_of(pctx.start()) - YOUNG_DAYS;
    let blocks = ctx.layout.params.persons.div_ceil(4);
    let first = rng.below(blocks);
    for k in 0..blocks {
        let b = (first + k) % blocks;
        let block = ctx.layout.household_block(b);
        for h in 0..4u8 {
            let positions: Vec<u8> = block.household_positions(h).collect();
            if positions.len() < 3 {
                continue;
            }
            let persons: Vec<u64> = positions
                .iter()
                .map(|&pos| ctx.layout.person_in_block(b, pos))
                .collect();
            if let Some(plan) = plan_household(pctx, &persons, young_from, max, rng) {
                return Ok(plan);
            }
        }
    }
    Err(NoFit(
        "synthetic_identity needs a household of 3 with accounts opened in the last 18 months"
            .into(),
    ))
}

/// A young account of a household member: (person, account, eligible from, eligible until).
type Young = (u64, u64, Timestamp, Timestamp);

fn plan_household(
    pctx: &PlanCtx<'_>,
    persons: &[u64],
    young_from: Date,
    max: u64,
    rng: &mut Rng,
) -> Option<InstancePlan> {
    let ctx = pctx.ctx;
    let mut candidates: Vec<(Young, crate::refdata::CurrencyId)> = Vec::new();
    for &p in persons {
        for a in ctx.layout.accounts_of(Owner::Person(p)) {
            let c = account::core(ctx, a);
            if !transacting(&c) || c.opened_date < young_from {
                continue;
            }
            let lo = midnight(c.opened_date).max(pctx.start());
            let hi = match (c.status, c.closed_date) {
                (AccountStatus::Active, _) => pctx.end(),
                (AccountStatus::Closed, Some(closed)) => midnight(closed).min(pctx.end()),
                _ => continue,
            };
            if hi - lo >= 3 * DAY {
                candidates.push(((p, a, lo, hi), c.currency));
            }
        }
    }
    let mut currencies: Vec<_> = candidates.iter().map(|c| c.1).collect();
    currencies.sort_unstable();
    currencies.dedup();
    for ccy in currencies {
        let mut chosen: Vec<Young> = Vec::new();
        for &(young, c) in &candidates {
            if c == ccy && !chosen.iter().any(|y| y.0 == young.0) {
                chosen.push(young);
            }
        }
        chosen.truncate((max as usize).min(MAX_IDENTITIES));
        if chosen.len() < 3 {
            continue;
        }
        let lo = chosen.iter().map(|y| y.2).max()?;
        let hi = chosen.iter().map(|y| y.3).min()?;
        if hi - lo < 3 * DAY {
            continue;
        }
        let dur = (rng.between(3, 14) * DAY).min(hi - lo - HOUR);
        let start = within(lo, hi - lo - dur, rng);
        let span = (start, start + dur);
        let accounts: Vec<u64> = chosen.iter().map(|y| y.1).collect();
        let hub_ok = |c: &AccountCore, company: bool| {
            c.currency == ccy
                && transacting(c)
                && c.opened_date >= young_from
                && is_person(c) != company
        };
        let hub = support::pick_fresh_account(pctx, span, rng, &accounts, |_, c| hub_ok(c, true))
            .or_else(|| {
            support::pick_fresh_account(pctx, span, rng, &accounts, |_, c| hub_ok(c, false))
        })?;
        let device = devices::new_device(ctx, rng.below(1 << 39));
        let ip = devices::new_ip(rng);
        let mut budget = max - accounts.len() as u64;
        let mut plan = InstancePlan::new(SYNTHETIC);
        plan.member_account(ctx, hub, Role::Hub);
        for &a in &accounts {
            plan.member_account(ctx, a, Role::Mule);
            let login = within(start, dur / 3, rng);
            plan.account_events.push(EventSpec {
                kind: AccountEventType::Login,
                ts: login,
                account: a,
                ip_address: Some(ip.clone()),
                device_id: Some(device.clone()),
            });
            let extra = rng.below(3).min(budget);
            budget -= extra;
            for _ in 0..=extra {
                let ts = within(login + HOUR, dur / 2, rng);
                let ts = open_at(TransactionType::Transfer, country_of(pctx, a), ts);
                let amt = amount(pctx, a, rng, 900.0, 0.8);
                plan.transactions
                    .push(tx(TransactionType::Transfer, ts, a, hub, amt));
            }
        }
        if let Some(plan) = finish(pctx, plan) {
            return Some(plan);
        }
    }
    None
}

fn check_synthetic(r: &InstanceRecords<'_>) -> Result<(), Violation> {
    let facts = r.facts;
    let hubs = accounts_with(r, Role::Hub);
    ensure(hubs.len() == 1, || {
        format!("{} hub accounts, not one", hubs.len())
    })?;
    let hub = hubs[0];
    let identities: Vec<RecordId> = r
        .with_role(Role::Mule)
        .filter(|&id| facts.person(id).is_some())
        .collect();
    ensure((3..=MAX_IDENTITIES).contains(&identities.len()), || {
        format!("{} identities, not 3–10", identities.len())
    })?;
    let people: Vec<_> = identities
        .iter()
        .filter_map(|&id| facts.person(id))
        .collect();
    let same_address = people
        .iter()
        .all(|p| p.primary_address == people[0].primary_address);
    let same_phone = people[0]
        .phone_numbers
        .iter()
        .any(|n| people.iter().all(|p| p.phone_numbers.contains(n)));
    ensure(same_address || same_phone, || {
        "identities share neither a primary address nor a phone number".into()
    })?;
    let accounts = accounts_with(r, Role::Mule);
    for &a in &accounts {
        let owner = facts.account(a).map(|v| v.owner);
        ensure(owner.is_some_and(|o| identities.contains(&o)), || {
            format!("account {a} is not an identity's")
        })?;
    }
    ensure(
        identities.iter().all(|&p| {
            accounts
                .iter()
                .any(|&a| facts.account(a).is_some_and(|v| v.owner == p))
        }),
        || "an identity has no member account".into(),
    )?;
    let shared_device = r.account_events.iter().any(|e| {
        accounts.iter().all(|&a| {
            r.account_events
                .iter()
                .any(|f| f.account == a && f.device_id == e.device_id)
        })
    });
    ensure(shared_device, || {
        "identity accounts share no device_id".into()
    })?;
    let young_from = date_of(facts.window_start()) - YOUNG_DAYS;
    for &a in accounts.iter().chain(&hubs) {
        let opened = facts.account(a).map(|v| v.opened_date);
        ensure(opened.is_some_and(|d| d >= young_from), || {
            format!("account {a} opened more than 18 months before the start")
        })?;
    }
    for t in &r.transactions {
        ensure(t.kind == TransactionType::Transfer, || {
            format!("{} is not a transfer", t.id)
        })?;
        let (from, to) = sides(t);
        ensure(accounts.contains(&from) && to == hub, || {
            format!("{} is not an identity-to-hub transfer", t.id)
        })?;
    }
    Ok(())
}

// ---- bust_out ----------------------------------------------------------------------------------

/// 1–4 person credit cards (one currency) and 2–5 company merchant accounts over a 20–45 day
/// instance: each card spends 2–6 purchases (pos 60%, online 40%) in the first 70% of the instance,
/// then 1–4 in the last 15%; its total is 86–97% of the card's limit, 80–90% of it in the burst. The
/// first card's first purchase opens the instance and its last closes it, so the planned span is the
/// instance's duration.
fn plan_bust_out(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Result<InstancePlan, NoFit> {
    let ctx = pctx.ctx;
    let limit_of = |a: u64| account::record(ctx, a).credit_limit.map_or(0, |d| d.units);
    let card = |c: &AccountCore| c.account_type == AccountType::CreditCard && is_person(c);
    for _ in 0..ATTEMPTS {
        let (start, dur) = support::place(pctx, rng.between(20, 45) * DAY, rng);
        let end = start + dur;
        let span = (start, end);
        let Some(first) = support::pick_account(pctx, span, rng, |_, c| card(c)) else {
            continue;
        };
        let ccy = account::core(ctx, first).currency;
        let mut merchants: Vec<u64> = Vec::new();
        for _ in 0..rng.between(2, 5) {
            let accept = |x: u64, c: &AccountCore| {
                c.currency == ccy && !is_person(c) && transacting(c) && !merchants.contains(&x)
            };
            if let Some(m) = support::pick_account(pctx, span, rng, accept) {
                merchants.push(m);
            }
        }
        if merchants.is_empty() || limit_of(first) <= 0 {
            continue;
        }
        let wanted = (rng.between(1, 4) as u64).min(max / 3) as usize;
        let mut cards = vec![first];
        while cards.len() < wanted {
            let accept = |a: u64, c: &AccountCore| c.currency == ccy && card(c) && limit_of(a) > 0;
            match support::pick_fresh_account(pctx, span, rng, &cards, accept) {
                Some(a) => cards.push(a),
                None => break,
            }
        }
        let mut budget = max - 3 * cards.len() as u64;
        let mut plan = InstancePlan::new(BUST_OUT);
        for &m in &merchants {
            plan.member_account(ctx, m, Role::Beneficiary);
        }
        for (i, &c) in cards.iter().enumerate() {
            plan.member_account(ctx, c, Role::Originator);
            let limit = limit_of(c);
            let total = (limit as f64 * rng.uniform(0.86, 0.97)) as i64;
            let burst = (total as f64 * rng.uniform(0.80, 0.90)) as i64;
            let build_n = 2 + rng.below(5).min(budget);
            budget -= build_n - 2;
            let burst_n = 1 + rng.below(4).min(budget);
            budget -= burst_n - 1;
            let build = split(total - burst, build_n as usize, rng);
            let bursts = split(burst, burst_n as usize, rng);
            let mut times: Vec<Timestamp> = Vec::new();
            for k in 0..build_n + burst_n {
                times.push(if k < build_n {
                    within(start, dur * 7 / 10, rng)
                } else {
                    within(start + dur * 17 / 20, dur * 3 / 20, rng)
                });
            }
            times.sort_unstable();
            if i == 0 {
                times[0] = start;
                *times.last_mut().expect("purchases") = end;
            }
            for (ts, amt) in times.into_iter().zip(build.into_iter().chain(bursts)) {
                let kind = if rng.chance(0.6) {
                    TransactionType::Pos
                } else {
                    TransactionType::Online
                };
                let ts = open_at(kind, country_of(pctx, c), ts);
                let merchant = *rng.pick(&merchants);
                plan.transactions.push(tx(kind, ts, c, merchant, amt));
            }
        }
        let Some(plan) = finish(pctx, plan) else {
            continue;
        };
        let (lo, hi) = plan.span();
        let bursts_ok = cards.iter().all(|&c| {
            let purchases: Vec<_> = plan
                .transactions
                .iter()
                .filter(|t| t.from == Some(c))
                .map(|t| (t.ts, t.amount_minor))
                .collect();
            bust_out_holds(&purchases, lo, hi, limit_of(c))
        });
        if bursts_ok {
            return Ok(plan);
        }
    }
    Err(NoFit(
        "bust_out needs a credit card with a limit and same-currency merchant accounts".into(),
    ))
}

/// Σ of `(time, amount)` purchases before and inside the last 20% of `[lo, hi]`.
fn burst_sums(purchases: &[(Timestamp, i64)], lo: Timestamp, hi: Timestamp) -> (i128, i128) {
    let span = (hi - lo) as i128;
    purchases
        .iter()
        .fold((0, 0), |(before, after), &(ts, amt)| {
            if 5 * (ts - lo) as i128 >= 4 * span {
                (before, after + amt as i128)
            } else {
                (before + amt as i128, after)
            }
        })
}

/// The bust-out rule for one card: burst ≥ 3 × build-up and total ≥ 80% of the limit.
fn bust_out_holds(
    purchases: &[(Timestamp, i64)],
    lo: Timestamp,
    hi: Timestamp,
    limit: i64,
) -> bool {
    let (before, after) = burst_sums(purchases, lo, hi);
    hi > lo && after >= 3 * before && 5 * (before + after) >= 4 * limit as i128
}

fn check_bust_out(r: &InstanceRecords<'_>) -> Result<(), Violation> {
    let cards = accounts_with(r, Role::Originator);
    let merchants = accounts_with(r, Role::Beneficiary);
    ensure(!cards.is_empty(), || "no card account".into())?;
    for t in &r.transactions {
        ensure(
            matches!(t.kind, TransactionType::Pos | TransactionType::Online),
            || format!("{} is not a pos or online purchase", t.id),
        )?;
        let (from, to) = sides(t);
        ensure(cards.contains(&from), || {
            format!("{} is not paid by a member card", t.id)
        })?;
        ensure(merchants.contains(&to), || {
            format!("{} does not reach a member merchant", t.id)
        })?;
    }
    let times = r
        .transactions
        .iter()
        .map(|t| t.ts)
        .chain(r.account_events.iter().map(|e| e.ts));
    let lo = times.clone().min().unwrap_or_default();
    let hi = times.max().unwrap_or_default();
    ensure(hi > lo, || "the instance has no duration".into())?;
    for &c in &cards {
        let view = r.facts.account(c);
        let limit = match view {
            Some(v) if v.account_type == AccountType::CreditCard => v.credit_limit_minor,
            _ => return Err(Violation(format!("{c} is not a credit card"))),
        }
        .ok_or_else(|| Violation(format!("card {c} has no credit limit")))?;
        let purchases: Vec<_> = r
            .transactions
            .iter()
            .filter(|t| t.from == Some(c))
            .map(|t| (t.ts, t.amount_minor))
            .collect();
        ensure(!purchases.is_empty(), || format!("card {c} buys nothing"))?;
        let (before, after) = burst_sums(&purchases, lo, hi);
        ensure(after >= 3 * before, || {
            format!("card {c}: burst {after} < 3 × build-up {before}")
        })?;
        ensure(5 * (before + after) >= 4 * limit as i128, || {
            format!("card {c}: spent {} < 80% of limit {limit}", before + after)
        })?;
    }
    Ok(())
}

// ---- check_kiting ------------------------------------------------------------------------------

/// Two checking or business accounts of one currency at different banks (`bank_of`) exchange 4–14
/// alternating cheques (within the budget), starting near the median of 2,500 USD-eq and growing by
/// 1–12% each, the next 3–30 hours after the previous one (moved to the sender's branch hours; a gap
/// over 3 days falls back to the next opening an hour later).
fn plan_kiting(
    pctx: &PlanCtx<'_>,
    max: u64,
    rng: &mut Rng,
    bank_of: &dyn Fn(u64) -> String,
) -> Result<InstancePlan, NoFit> {
    let ctx = pctx.ctx;
    let memo: RefCell<BTreeMap<u64, String>> = RefCell::new(BTreeMap::new());
    let bank = |a: u64| {
        memo.borrow_mut()
            .entry(a)
            .or_insert_with(|| bank_of(a))
            .clone()
    };
    let n = (rng.between(4, 14) as u64).min(max) as usize;
    let check = TransactionType::Check;
    for _ in 0..ATTEMPTS {
        let (start, dur) = support::place(pctx, (n as i64 + 2) * 2 * DAY, rng);
        let span = (start, start + dur);
        let Some(a) = support::pick_account(pctx, span, rng, |_, c| cheque_account(c)) else {
            continue;
        };
        let ccy = account::core(ctx, a).currency;
        let bank_a = bank(a);
        let partner = |x: u64, c: &AccountCore| {
            x != a && c.currency == ccy && cheque_account(c) && bank(x) != bank_a
        };
        let Some(b) = support::pick_account(pctx, span, rng, partner) else {
            continue;
        };
        let pair = [a, b];
        let mut plan = InstancePlan::new(KITING);
        plan.member_account(ctx, a, Role::Participant);
        plan.member_account(ctx, b, Role::Participant);
        let mut amt = amount(pctx, a, rng, 2_500.0, 0.5);
        let mut ts = open_at(check, country_of(pctx, a), within(start, 6 * HOUR, rng));
        let mut gaps_ok = true;
        for k in 0..n {
            let (from, to) = (pair[k % 2], pair[1 - k % 2]);
            if k > 0 {
                let prev = ts;
                let country = country_of(pctx, from);
                ts = open_at(check, country, prev + rng.between(3 * HOUR, 30 * HOUR));
                if ts - prev > KITE_GAP {
                    ts = open_at(check, country, prev + HOUR);
                }
                gaps_ok &= ts - prev <= KITE_GAP;
                amt = unround(amt + ((amt as f64 * rng.uniform(0.01, 0.12)) as i64).max(1));
            }
            plan.transactions.push(tx(check, ts, from, to, amt));
        }
        if !gaps_ok {
            continue;
        }
        if let Some(plan) = finish(pctx, plan) {
            return Ok(plan);
        }
    }
    Err(NoFit(
        "check_kiting needs two eligible same-currency accounts at two different banks".into(),
    ))
}

fn check_kiting(r: &InstanceRecords<'_>) -> Result<(), Violation> {
    let cheques = &r.transactions;
    ensure(cheques.len() >= 2, || "fewer than 2 cheques".into())?;
    let participants = accounts_with(r, Role::Participant);
    for (k, t) in cheques.iter().enumerate() {
        ensure(t.kind == TransactionType::Check, || {
            format!("{} is not a cheque", t.id)
        })?;
        let (from, to) = sides(t);
        ensure(
            participants.contains(&from) && participants.contains(&to),
            || format!("{} is between non-members", t.id),
        )?;
        if k > 0 {
            let prev = &cheques[k - 1];
            ensure(prev.from == Some(to) && prev.to == Some(from), || {
                format!("{} does not answer the previous cheque", t.id)
            })?;
            ensure(t.amount_minor >= prev.amount_minor, || {
                format!("{} is smaller than the previous cheque", t.id)
            })?;
            ensure(t.ts - prev.ts <= KITE_GAP, || {
                format!("{} comes more than 3 days after the previous cheque", t.id)
            })?;
        }
    }
    let (a, b) = sides(&cheques[0]);
    let bank = |x: RecordId| r.facts.account(x).map(|v| v.bank_id);
    let (bank_a, bank_b) = (bank(a), bank(b));
    ensure(bank_a.is_some() && bank_b.is_some(), || {
        "a kiting account is unknown".into()
    })?;
    ensure(bank_a != bank_b, || {
        format!("both kiting accounts are at {}", bank_a.unwrap_or_default())
    })
}

// ---- check helpers -----------------------------------------------------------------------------

/// Member accounts (not owners) with `role`.
fn accounts_with(r: &InstanceRecords<'_>, role: Role) -> Vec<RecordId> {
    r.with_role(role)
        .filter(|&id| r.facts.account(id).is_some())
        .collect()
}

/// (from, to) of a transaction already known to be two-sided.
fn sides(t: &TxView) -> (RecordId, RecordId) {
    (t.from.unwrap_or_default(), t.to.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::{Ctx, test_ctx, transaction};
    use crate::patterns::testing::{SIZES, check_over_seeds, ctx_facts, materialize};
    use crate::patterns::{AccountView, Entity, Facts, PersonView};

    /// [`FraudRing`] without synthetic_identity, subtypes renumbered: most test populations hold no
    /// household of three with young accounts (see `synthetic_identity_holds_wherever_a_household_fits`).
    struct Hostable;
    const HOSTABLE: [usize; 4] = [MULE_NETWORK, TAKEOVER_RING, BUST_OUT, KITING];
    const HOSTABLE_SUBTYPES: [(&str, u32); 4] =
        [SUBTYPES[0], SUBTYPES[1], SUBTYPES[3], SUBTYPES[4]];

    impl Typology for Hostable {
        fn family(&self) -> Family {
            Family::FraudRing
        }
        fn subtypes(&self) -> &'static [(&'static str, u32)] {
            &HOSTABLE_SUBTYPES
        }
        fn min_transactions(&self, subtype: usize) -> u64 {
            FraudRing.min_transactions(HOSTABLE[subtype])
        }
        fn plan(
            &self,
            pctx: &PlanCtx<'_>,
            subtype: usize,
            max: u64,
            rng: &mut Rng,
        ) -> Result<InstancePlan, NoFit> {
            let mut plan = FraudRing.plan(pctx, HOSTABLE[subtype], max, rng)?;
            plan.subtype = subtype;
            Ok(plan)
        }
        fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
            FraudRing.check(r)
        }
    }

    fn pctx(ctx: &Ctx) -> PlanCtx<'_> {
        crate::patterns::testing::plan_ctx(ctx)
    }

    fn member_accounts(plan: &InstancePlan, role: Role) -> Vec<u64> {
        plan.members
            .iter()
            .filter_map(|m| match m.entity {
                Entity::Account(a) if m.role == role => Some(a),
                _ => None,
            })
            .collect()
    }

    /// What every subtype promises: window, opening hours in the sender's country, the sender's
    /// currency, one currency, no round amounts, every record built.
    fn common_properties(ctx: &Ctx, plan: &InstancePlan, r: &InstanceRecords<'_>) {
        assert_eq!(r.transactions.len(), plan.transactions.len());
        assert_eq!(r.account_events.len(), plan.account_events.len());
        for t in &plan.transactions {
            assert!(t.ts >= ctx.window.start && t.ts < ctx.window.end);
            let sender = account::core(ctx, t.from.expect("sender"));
            assert!(
                transaction::opens(t.kind, sender.country, t.ts),
                "{t:?} out of hours"
            );
            assert_eq!(
                account::core(ctx, t.to.expect("receiver")).currency,
                sender.currency
            );
        }
        assert!(
            r.transactions
                .iter()
                .all(|t| t.currency == r.transactions[0].currency)
        );
        let round = r
            .transactions
            .iter()
            .filter(|t| t.amount_minor >= 10_000 && t.amount_minor % 10_000 == 0)
            .count();
        assert_eq!(round, 0, "round amounts");
    }

    #[test]
    fn hostable_subtypes_hold_over_seeds() {
        let mut per_subtype = [0u64; 5];
        let checked = check_over_seeds(&Hostable, 50, 2, |ctx, plan, r| {
            common_properties(ctx, plan, r);
            let subtype = HOSTABLE[plan.subtype];
            per_subtype[subtype] += 1;
            match subtype {
                MULE_NETWORK => {
                    let mules = member_accounts(plan, Role::Mule).len();
                    assert!((3..=10).contains(&mules), "{mules} mules");
                    assert_eq!(member_accounts(plan, Role::Hub).len(), 1);
                }
                TAKEOVER_RING => {
                    for t in &plan.transactions {
                        let login = plan
                            .account_events
                            .iter()
                            .filter(|e| {
                                Some(e.account) == t.from && e.kind == AccountEventType::Login
                            })
                            .map(|e| e.ts)
                            .min()
                            .expect("a login");
                        assert!(t.ts >= login + 25 * 60, "transfer too close to the login");
                    }
                    let mut devices: Vec<_> =
                        r.account_events.iter().map(|e| &e.device_id).collect();
                    devices.dedup();
                    assert_eq!(devices.len(), 1, "one attacker device");
                    assert!((3..=8).contains(&member_accounts(plan, Role::Victim).len()));
                }
                BUST_OUT => {
                    for c in member_accounts(plan, Role::Originator) {
                        let spent: i64 = plan
                            .transactions
                            .iter()
                            .filter(|t| t.from == Some(c))
                            .map(|t| t.amount_minor)
                            .sum();
                        let limit = account::record(ctx, c).credit_limit.expect("limit").units;
                        assert!(spent <= limit, "card over its limit: {spent} > {limit}");
                    }
                }
                _ => {
                    let txs = &plan.transactions;
                    assert!(txs.len() >= 4);
                    let (a, b) = (txs[0].from.unwrap(), txs[0].to.unwrap());
                    assert_ne!(
                        account::record(ctx, a).bank_id,
                        account::record(ctx, b).bank_id
                    );
                    assert!(
                        txs.windows(2)
                            .all(|w| w[1].amount_minor > w[0].amount_minor)
                    );
                }
            }
        });
        assert_eq!(checked, 50 * 4 * 2);
        for s in HOSTABLE {
            assert_eq!(per_subtype[s], 100, "{}", SUBTYPES[s].0);
        }
    }

    #[test]
    fn synthetic_identity_holds_wherever_a_household_fits() {
        let (mut planned, mut no_fit) = (0, 0);
        for seed in 0..50u64 {
            let persons = SIZES[(seed % SIZES.len() as u64) as usize];
            let ctx = test_ctx(seed, persons, persons / 5, persons * 2, 90);
            let facts = ctx_facts(&ctx);
            for i in 0..2u64 {
                let mut rng = ctx.rng("pattern.test.plan", (SYNTHETIC as u64) << 32 | i);
                let max = 20 + rng.below(60);
                match FraudRing.plan(&pctx(&ctx), SYNTHETIC, max, &mut rng) {
                    Ok(plan) => {
                        assert!(plan.transactions.len() as u64 <= max);
                        let r = materialize(&ctx, &facts, &FraudRing, &plan);
                        if let Err(v) = FraudRing.check(&r) {
                            panic!("seed {seed}: {}", v.0);
                        }
                        common_properties(&ctx, &plan, &r);
                        let households: Vec<_> = plan
                            .members
                            .iter()
                            .filter_map(|m| match (m.entity, m.role) {
                                (Entity::Person(p), Role::Mule) => {
                                    let (block, pos, hb) = ctx.layout.household_of(p);
                                    Some((block, hb.members[pos as usize].household))
                                }
                                _ => None,
                            })
                            .collect();
                        assert!((3..=4).contains(&households.len()));
                        assert!(households.iter().all(|h| *h == households[0]));
                        planned += 1;
                    }
                    Err(NoFit(why)) => {
                        assert!(why.contains("household"), "{why}");
                        no_fit += 1;
                    }
                }
            }
        }
        eprintln!("synthetic_identity: {planned} planned, {no_fit} without a fitting household");
        assert!(
            planned >= 20,
            "only {planned} of {} planned",
            planned + no_fit
        );
    }

    /// A planned instance of `subtype` in the first population that hosts one.
    fn valid(subtype: usize) -> (Ctx, InstancePlan) {
        for seed in 0..100 {
            let ctx = test_ctx(seed, 1_000, 200, 2_000, 90);
            let mut rng = ctx.rng("fraud_ring.test", subtype as u64);
            let plan = FraudRing.plan(&pctx(&ctx), subtype, 40, &mut rng);
            if let Ok(plan) = plan {
                return (ctx, plan);
            }
        }
        panic!("no {} instance in 100 populations", SUBTYPES[subtype].0);
    }

    /// Materialises a valid instance of `subtype`, breaks it with `mutate` and expects a violation.
    fn assert_broken(subtype: usize, mutate: impl FnOnce(&mut InstanceRecords<'_>)) {
        let (ctx, plan) = valid(subtype);
        let facts = ctx_facts(&ctx);
        let mut r = materialize(&ctx, &facts, &FraudRing, &plan);
        assert_eq!(FraudRing.check(&r), Ok(()));
        mutate(&mut r);
        let verdict = FraudRing.check(&r);
        assert!(verdict.is_err(), "{} still holds", SUBTYPES[subtype].0);
    }

    #[test]
    fn a_transfer_bypassing_the_hub_breaks_the_mule_network() {
        assert_broken(MULE_NETWORK, |r| {
            let mules = accounts_with(r, Role::Mule);
            r.transactions[0].from = Some(mules[0]);
            r.transactions[0].to = Some(mules[1]);
        });
    }

    #[test]
    fn a_victim_on_another_device_breaks_the_takeover_ring() {
        assert_broken(TAKEOVER_RING, |r| {
            let victim = r.transactions[0].from.unwrap();
            for e in r.account_events.iter_mut().filter(|e| e.account == victim) {
                e.device_id = "DEV-000000000000".into();
            }
        });
    }

    #[test]
    fn an_identity_on_another_device_breaks_synthetic_identity() {
        assert_broken(SYNTHETIC, |r| {
            let identity = accounts_with(r, Role::Mule)[0];
            for e in r
                .account_events
                .iter_mut()
                .filter(|e| e.account == identity)
            {
                e.device_id = "DEV-000000000000".into();
            }
        });
    }

    #[test]
    fn dropping_the_burst_breaks_bust_out() {
        assert_broken(BUST_OUT, |r| {
            let lo = r.transactions.first().unwrap().ts;
            let hi = r.transactions.last().unwrap().ts;
            r.transactions.retain(|t| 5 * (t.ts - lo) < 4 * (hi - lo));
        });
    }

    #[test]
    fn falling_cheque_amounts_break_check_kiting() {
        assert_broken(KITING, |r| {
            let mut amounts: Vec<i64> = r.transactions.iter().map(|t| t.amount_minor).collect();
            amounts.reverse();
            for (t, a) in r.transactions.iter_mut().zip(amounts) {
                t.amount_minor = a;
            }
        });
    }

    /// Facts that put every account at one bank.
    struct OneBank<'a>(&'a dyn Facts);

    impl Facts for OneBank<'_> {
        fn account(&self, id: RecordId) -> Option<AccountView> {
            self.0.account(id).map(|v| AccountView {
                bank_id: "BNK-ZZ-001".into(),
                ..v
            })
        }
        fn person(&self, id: RecordId) -> Option<PersonView> {
            self.0.person(id)
        }
        fn window_start(&self) -> Timestamp {
            self.0.window_start()
        }
        fn structuring_margin_bp(&self) -> u32 {
            self.0.structuring_margin_bp()
        }
    }

    #[test]
    fn kiting_accounts_at_one_bank_break_check_kiting() {
        let (ctx, plan) = valid(KITING);
        let facts = ctx_facts(&ctx);
        let r = materialize(&ctx, &facts, &FraudRing, &plan);
        assert_eq!(FraudRing.check(&r), Ok(()));
        let one = OneBank(&facts);
        let r = InstanceRecords { facts: &one, ..r };
        assert!(FraudRing.check(&r).is_err());
    }

    #[test]
    fn check_kiting_needs_two_banks() {
        let ctx = test_ctx(3, 300, 60, 600, 90);
        let mut rng = ctx.rng("fraud_ring.test", 9);
        let verdict = plan_kiting(&pctx(&ctx), 40, &mut rng, &|_| "BNK-ZZ-001".to_string());
        assert!(
            matches!(&verdict, Err(NoFit(why)) if why.contains("different banks")),
            "{verdict:?}"
        );
    }

    #[test]
    fn check_kiting_does_not_fit_a_one_bank_population() {
        // Every country has 3+ banks, so take a two-account population whose accounts could kite
        // (eligible all window, cheque accounts, one currency) but sit at the same bank.
        let ctx = (0..500)
            .map(|seed| test_ctx(seed, 2, 0, 2, 90))
            .find(|ctx| {
                let cores = [account::core(ctx, 0), account::core(ctx, 1)];
                cores.iter().all(|c| {
                    cheque_account(c)
                        && c.eligible_at(ctx.window.start)
                        && c.eligible_at(ctx.window.end - 1)
                }) && cores[0].currency == cores[1].currency
                    && account::record(ctx, 0).bank_id == account::record(ctx, 1).bank_id
            })
            .expect("a one-bank population");
        let mut rng = ctx.rng("fraud_ring.test", 10);
        let verdict = FraudRing.plan(&pctx(&ctx), KITING, 40, &mut rng);
        assert!(
            matches!(&verdict, Err(NoFit(why)) if why.contains("different banks")),
            "{verdict:?}"
        );
    }

    #[test]
    fn plans_fit_the_smallest_budget() {
        for (subtype, (label, _)) in SUBTYPES.iter().enumerate() {
            let (ctx, _) = valid(subtype);
            let facts = ctx_facts(&ctx);
            let min = FraudRing.min_transactions(subtype);
            let mut rng = ctx.rng("fraud_ring.test.min", subtype as u64);
            let plan = FraudRing
                .plan(&pctx(&ctx), subtype, min, &mut rng)
                .unwrap_or_else(|e| panic!("{}: {}", label, e.0));
            assert_eq!(plan.transactions.len() as u64, min, "{}", label);
            let r = materialize(&ctx, &facts, &FraudRing, &plan);
            assert_eq!(FraudRing.check(&r), Ok(()), "{}", label);
            assert!(
                FraudRing
                    .plan(&pctx(&ctx), subtype, min - 1, &mut rng)
                    .is_err()
            );
        }
    }
}
