//! Planning helpers every typology family uses: picking eligible participants, placing times inside the
//! window and each transaction type's allowed hours, and converting USD-eq amounts into an account's
//! currency. Kept here so families stay small and pick participants the same way.

use super::{Entity, PlanCtx};
use crate::core::seed::Rng;
use crate::core::time::Timestamp;
use crate::generators::account::{self, AccountCore};
use crate::generators::transaction;
use crate::model::transaction::TransactionType;
use crate::population::layout::Owner;
use crate::refdata::{self, CountryId, currencies};

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// Random probes before a participant search gives up.
const PROBES: u32 = 4_096;

/// An account row eligible throughout `span` that `accept` takes, found by random probes over all
/// accounts (uniform: pattern participants must not be the background's hubs).
pub fn pick_account(
    pctx: &PlanCtx<'_>,
    span: (Timestamp, Timestamp),
    rng: &mut Rng,
    accept: impl Fn(u64, &AccountCore) -> bool,
) -> Option<u64> {
    let accounts = pctx.ctx.layout.params.accounts;
    if accounts == 0 {
        return None;
    }
    (0..PROBES).find_map(|_| {
        let a = rng.below(accounts);
        let core = account::core(pctx.ctx, a);
        (core.eligible_at(span.0) && core.eligible_at(span.1) && accept(a, &core)).then_some(a)
    })
}

/// Like [`pick_account`], but never one of `taken` (account rows) nor an account of a `taken` owner.
pub fn pick_fresh_account(
    pctx: &PlanCtx<'_>,
    span: (Timestamp, Timestamp),
    rng: &mut Rng,
    taken: &[u64],
    accept: impl Fn(u64, &AccountCore) -> bool,
) -> Option<u64> {
    // The owners of `taken` once, not once per probe (probes are many: most accounts fail `accept`).
    let owners: Vec<Owner> = taken
        .iter()
        .map(|&t| pctx.ctx.layout.account_owner(t))
        .collect();
    pick_account(pctx, span, rng, |a, core| {
        !taken.contains(&a) && !owners.contains(&core.owner) && accept(a, core)
    })
}

/// Whether an account is owned by a person.
pub fn is_person(core: &AccountCore) -> bool {
    matches!(core.owner, Owner::Person(_))
}

/// The owner of account row `a` as a member entity.
pub fn owner_entity(pctx: &PlanCtx<'_>, a: u64) -> Entity {
    match pctx.ctx.layout.account_owner(a) {
        Owner::Person(p) => Entity::Person(p),
        Owner::Company(c) => Entity::Company(c),
    }
}

/// An instance start so that `[start, start + duration]` lies in the window, with the duration capped at
/// half the window (§10.1). Returns (start, capped duration).
pub fn place(pctx: &PlanCtx<'_>, duration: i64, rng: &mut Rng) -> (Timestamp, i64) {
    let window = pctx.end() - pctx.start();
    let duration = duration.clamp(0, window / 2);
    let room = (window - duration - 1).max(1);
    (pctx.start() + rng.below(room as u64) as i64, duration)
}

/// The first time at or after `ts` when `kind` may happen in `country` (§9.3: injected records respect
/// each type's allowed hours).
pub fn open_at(kind: TransactionType, country: CountryId, ts: Timestamp) -> Timestamp {
    transaction::next_open(kind, country, ts)
}

/// A time in `[lo, hi)` when `kind` may happen in `country`, uniform over its open daytime hours (local
/// 07:00 or later), else the next open time at or after `lo`.
pub fn open_between(
    kind: TransactionType,
    country: CountryId,
    lo: Timestamp,
    hi: Timestamp,
    rng: &mut Rng,
) -> Timestamp {
    if hi > lo {
        for _ in 0..48 {
            let ts = lo + rng.below((hi - lo) as u64) as i64;
            if transaction::opens(kind, country, ts)
                && crate::generators::pools::local_hour(country, ts).1 >= 7
            {
                return ts;
            }
        }
    }
    open_at(kind, country, lo)
}

/// `usd_cents` (USD-eq) in minor units of account row `a`'s currency, at least 1.
pub fn to_account_minor(pctx: &PlanCtx<'_>, a: u64, usd_cents: i64) -> i64 {
    let core = account::core(pctx.ctx, a);
    currencies::from_usd(usd_cents, refdata::currency(core.currency).code).max(1)
}

/// A log-normal USD-eq amount in cents around `median_usd`.
pub fn usd_cents(rng: &mut Rng, median_usd: f64, sigma: f64) -> i64 {
    libm::round(rng.log_normal(median_usd, sigma).clamp(1.0, 5_000_000.0) * 100.0) as i64
}

/// The cash reporting threshold T of account row `a`'s currency, in minor units.
pub fn threshold_minor(pctx: &PlanCtx<'_>, a: u64) -> i64 {
    let core = account::core(pctx.ctx, a);
    refdata::currency(core.currency).threshold_minor()
}

/// The country of account row `a`'s owner.
pub fn country_of(pctx: &PlanCtx<'_>, a: u64) -> CountryId {
    account::core(pctx.ctx, a).country
}

/// The threshold T of a currency code, in minor units (for checks).
pub fn threshold_of_code(code: &str) -> Option<i64> {
    refdata::currency_by_code(code).map(|c| refdata::currency(c).threshold_minor())
}

/// Whether timestamps are strictly increasing.
pub fn strictly_increasing(times: impl IntoIterator<Item = Timestamp>) -> bool {
    let mut last = None;
    for t in times {
        if last.is_some_and(|l| l >= t) {
            return false;
        }
        last = Some(t);
    }
    true
}
