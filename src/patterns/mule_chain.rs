//! The mule_chain family (SPEC §10.1, §10.2), subtype `app_fraud`: an authorised-push-payment victim
//! (a person account) pays the first of 2–5 money mules, each mule passes on 94–98% of what it got to
//! the next, every hop waiting longer than the one before, and the last mule takes 90–100% of the last
//! hop out in cash (a branch withdrawal, sometimes with an ATM withdrawal as well).
//!
//! Mules are person accounts of distinct owners holding the victim's currency, so the chain stays in
//! one currency; amounts are never rounded.

use super::support::{self, DAY, HOUR};
use super::{
    Family, InstancePlan, InstanceRecords, NoFit, PlanCtx, Role, TxSpec, TxView, Typology,
    Violation, ensure,
};
use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::generators::account;
use crate::model::transaction::TransactionType;
use crate::refdata;

pub struct MuleChain;

const SUBTYPES: [(&str, u32); 1] = [("app_fraud", 1)];

const MIN_MULES: usize = 2;
const MAX_MULES: usize = 5;
/// Two hops and one withdrawal.
const MIN_TRANSACTIONS: u64 = MIN_MULES as u64 + 1;
/// Hop ratio bounds in per-mille, and the tolerance in minor units (§10.2).
const RATIO_MIN: i64 = 940;
const RATIO_MAX: i64 = 980;
/// Cash-out total bounds in per-mille of the last hop.
const CASH_MIN: i64 = 900;
const CASH_MAX: i64 = 1_000;
const ATTEMPTS: u32 = 12;

const TRANSFER: TransactionType = TransactionType::Transfer;
const WITHDRAWAL: TransactionType = TransactionType::Withdrawal;
const ATM: TransactionType = TransactionType::Atm;

impl Typology for MuleChain {
    fn family(&self) -> Family {
        Family::MuleChain
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &SUBTYPES
    }

    fn min_transactions(&self, _subtype: usize) -> u64 {
        MIN_TRANSACTIONS
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        if subtype != 0 {
            return Err(NoFit(format!("mule_chain has no subtype {subtype}")));
        }
        if max_transactions < MIN_TRANSACTIONS {
            return Err(NoFit(format!(
                "mule_chain.app_fraud needs at least {MIN_TRANSACTIONS} transactions, only {max_transactions} left"
            )));
        }
        let mut last = NoFit("no attempt".into());
        for _ in 0..ATTEMPTS {
            match plan_chain(pctx, max_transactions.min(64) as usize, rng) {
                Ok(plan) => return Ok(plan),
                Err(e) => last = e,
            }
        }
        Err(NoFit(format!("mule_chain.app_fraud: {}", last.0)))
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        ensure(r.subtype == SUBTYPES[0].0, || {
            format!("unknown mule_chain subtype {}", r.subtype)
        })?;
        for t in &r.transactions {
            ensure(matches!(t.kind, TRANSFER | WITHDRAWAL | ATM), || {
                format!("{} is a {:?}, not a mule-chain record", t.id, t.kind)
            })?;
        }
        if let Some(first) = r.transactions.first() {
            for t in &r.transactions {
                ensure(t.currency == first.currency, || {
                    format!(
                        "{} is in {}, the chain in {}",
                        t.id, t.currency, first.currency
                    )
                })?;
            }
        }
        let hops: Vec<&TxView> = r.of_kinds(&[TRANSFER]).collect();
        let cash: Vec<&TxView> = r.of_kinds(&[WITHDRAWAL, ATM]).collect();
        ensure((MIN_MULES..=MAX_MULES).contains(&hops.len()), || {
            format!("{} hops, 2–5 needed", hops.len())
        })?;
        let victim = check_victim(r, hops[0])?;
        let path = check_path(r, &hops, victim)?;
        check_timing(&hops)?;
        check_amounts(&hops)?;
        check_cash_out(&hops, &cash, path[path.len() - 1])
    }
}

// ---- planning ---------------------------------------------------------------------------------------

/// A chain in `max` transactions: victim, mules, hops, then the cash-out.
fn plan_chain(pctx: &PlanCtx<'_>, max: usize, rng: &mut Rng) -> Result<InstancePlan, NoFit> {
    let (start, duration) = support::place(pctx, 5 * DAY, rng);
    let span = (start, start + duration);
    let victim = support::pick_account(pctx, span, rng, |_, core| support::is_person(core))
        .ok_or_else(|| NoFit("no eligible victim person account".into()))?;
    let vc = account::core(pctx.ctx, victim);
    // Hops = mules; one transaction is kept for the withdrawal.
    let wanted = rng.between(MIN_MULES as i64, MAX_MULES.min(max - 1) as i64) as usize;
    let mut chain = vec![victim];
    while chain.len() <= wanted {
        let Some(m) = support::pick_fresh_account(pctx, span, rng, &chain, |_, core| {
            support::is_person(core) && core.currency == vc.currency
        }) else {
            break;
        };
        chain.push(m);
    }
    let mules = chain.len() - 1;
    if mules < MIN_MULES {
        return Err(NoFit(format!(
            "only {mules} mule accounts in {}",
            refdata::currency(vc.currency).code
        )));
    }
    // Hop amounts: the first around 5,500 USD (90% within about 3,100–9,800), each next 94.5–97.5%.
    let first_usd = support::usd_cents(rng, 5_500.0, 0.35).clamp(150_000, 3_000_000);
    let mut amounts = vec![support::to_account_minor(pctx, victim, first_usd)];
    for _ in 1..mules {
        let prev = amounts[amounts.len() - 1];
        let share = rng.between(945, 975);
        amounts.push(((prev as i128 * share as i128 + 500) / 1_000).max(1) as i64);
    }
    // Hop times: the first gap 10 min–2 h, each next 1.3–2.5 × the previous plus 1–10 min.
    // The victim pays in local daytime.
    let first_ts = super::support::open_between(TRANSFER, vc.country, start, start + DAY, rng);
    let mut times = vec![first_ts];
    let mut gap = rng.between(10 * 60, 2 * HOUR);
    for _ in 1..mules {
        let prev = times[times.len() - 1];
        times.push(prev + gap);
        gap = (gap as f64 * rng.uniform(1.3, 2.5)) as i64 + rng.between(60, 600);
    }
    let mut plan = InstancePlan::new(0);
    for (i, (&ts, &amount)) in times.iter().zip(&amounts).enumerate() {
        plan.transactions.push(TxSpec {
            kind: TRANSFER,
            ts,
            from: Some(chain[i]),
            to: Some(chain[i + 1]),
            amount_minor: amount,
            location: None,
        });
    }
    // Cash-out: 91–99% of the last hop, 30 min–20 h later in branch hours; sometimes part of it from
    // an ATM in whole 20-note bundles (1–3 of them, at most a third of the total).
    let cash_out = chain[mules];
    let last_ts = times[mules - 1];
    let last_amount = amounts[mules - 1];
    let country = support::country_of(pctx, cash_out);
    let total = ((last_amount as i128 * rng.between(910, 990) as i128 + 500) / 1_000) as i64;
    let ccy = refdata::currency(account::core(pctx.ctx, cash_out).currency);
    let bundle = 20 * ccy.note_unit * 10i64.pow(ccy.minor_units as u32);
    let room = max - mules;
    let atm = if room >= 2 && bundle > 0 && rng.chance(0.35) {
        let bundles = rng.between(1, 3);
        Some(bundles * bundle).filter(|&a| 3 * a <= total)
    } else {
        None
    };
    let earliest = last_ts + rng.between(30 * 60, 20 * HOUR);
    let branch_ts =
        super::support::open_between(WITHDRAWAL, country, earliest, earliest + 12 * HOUR, rng);
    plan.transactions.push(TxSpec {
        kind: WITHDRAWAL,
        ts: branch_ts,
        from: Some(cash_out),
        to: None,
        amount_minor: total - atm.unwrap_or(0),
        location: None,
    });
    if let Some(amount) = atm {
        let earliest = last_ts + rng.between(15 * 60, 6 * HOUR);
        let ts = super::support::open_between(ATM, country, earliest, earliest + 6 * HOUR, rng);
        plan.transactions.push(TxSpec {
            kind: ATM,
            ts,
            from: Some(cash_out),
            to: None,
            amount_minor: amount,
            location: None,
        });
    }
    if plan.transactions.iter().any(|t| t.ts > span.1) {
        return Err(NoFit("chain does not fit the window".into()));
    }
    plan.member_account(pctx.ctx, victim, Role::Victim);
    for &m in &chain[1..] {
        plan.member_account(pctx.ctx, m, Role::Mule);
    }
    plan.member_account(pctx.ctx, cash_out, Role::CashOut);
    Ok(plan)
}

// ---- checking ---------------------------------------------------------------------------------------

/// The victim account of the first hop: a victim member owned by a person who is a victim member.
fn check_victim(r: &InstanceRecords<'_>, first: &TxView) -> Result<RecordId, Violation> {
    let (victim, owner) = match (first.from, first.from_entity) {
        (Some(a), Some(o)) => (a, o),
        _ => return Err(Violation(format!("first hop {} has no sender", first.id))),
    };
    ensure(
        r.has(victim, Role::Victim) && r.has(owner, Role::Victim),
        || format!("first hop {} does not start at a victim member", first.id),
    )?;
    ensure(r.facts.person(owner).is_some(), || {
        format!("victim account {victim} is not a person's")
    })?;
    Ok(victim)
}

/// Accounts along the path (victim first); every receiver a mule, the last the cash-out.
fn check_path(
    r: &InstanceRecords<'_>,
    hops: &[&TxView],
    victim: RecordId,
) -> Result<Vec<RecordId>, Violation> {
    let mut path = vec![victim];
    for (i, hop) in hops.iter().enumerate() {
        ensure(hop.from == Some(path[i]), || {
            format!("hop {} does not start where hop {} ended", hop.id, i)
        })?;
        let to = hop
            .to
            .ok_or_else(|| Violation(format!("hop {} has no receiver", hop.id)))?;
        ensure(!path.contains(&to), || {
            format!("hop {} returns to {to}", hop.id)
        })?;
        ensure(r.has(to, Role::Mule), || {
            format!("receiver {to} of hop {} is not a mule member", hop.id)
        })?;
        path.push(to);
    }
    let last = path[path.len() - 1];
    ensure(r.has(last, Role::CashOut), || {
        format!("last mule {last} is not the cash-out member")
    })?;
    Ok(path)
}

fn check_timing(hops: &[&TxView]) -> Result<(), Violation> {
    ensure(
        support::strictly_increasing(hops.iter().map(|h| h.ts)),
        || "hops are not strictly ordered".to_string(),
    )?;
    let gaps: Vec<i64> = hops.windows(2).map(|w| w[1].ts - w[0].ts).collect();
    for (k, w) in gaps.windows(2).enumerate() {
        ensure(w[1] > w[0], || {
            format!(
                "gap before hop {} ({} s) is not longer than the one before ({} s)",
                hops[k + 2].id,
                w[1],
                w[0]
            )
        })?;
    }
    Ok(())
}

fn check_amounts(hops: &[&TxView]) -> Result<(), Violation> {
    for w in hops.windows(2) {
        let (prev, next) = (w[0].amount_minor as i128, w[1].amount_minor as i128);
        ensure(
            next * 1_000 >= prev * RATIO_MIN as i128 - 1_000
                && next * 1_000 <= prev * RATIO_MAX as i128 + 1_000,
            || {
                format!(
                    "hop {} amount {} is not 94–98% of the previous {}",
                    w[1].id, next, prev
                )
            },
        )?;
    }
    Ok(())
}

fn check_cash_out(
    hops: &[&TxView],
    cash: &[&TxView],
    last_mule: RecordId,
) -> Result<(), Violation> {
    let last = hops[hops.len() - 1];
    ensure(!cash.is_empty(), || "no cash-out withdrawal".to_string())?;
    for c in cash {
        ensure(c.from == Some(last_mule), || {
            format!("withdrawal {} is not from the last mule {last_mule}", c.id)
        })?;
        ensure(c.ts > last.ts, || {
            format!("withdrawal {} precedes the last hop {}", c.id, last.id)
        })?;
    }
    let total: i64 = cash.iter().map(|c| c.amount_minor).sum();
    let hop = last.amount_minor as i128;
    ensure(
        total as i128 * 1_000 >= hop * CASH_MIN as i128
            && total as i128 * 1_000 <= hop * CASH_MAX as i128,
        || {
            format!(
                "cash-out total {total} is not 90–100% of the last hop {} ({hop})",
                last.id
            )
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::transaction;
    use crate::patterns::Entity;
    use crate::patterns::testing::{self, ctx_facts, plan_ctx};

    #[test]
    fn plans_check_over_seeds() {
        let mut hops_seen = [0u64; MAX_MULES + 1];
        let mut first_usd = Vec::new();
        let mut with_atm = 0u64;
        let checked = testing::check_over_seeds(&MuleChain, 60, 4, |ctx, plan, records| {
            let hops: Vec<_> = plan
                .transactions
                .iter()
                .filter(|t| t.kind == TRANSFER)
                .collect();
            hops_seen[hops.len()] += 1;
            first_usd.push(records.transactions[0].amount_usd_cents);
            let roles = |role| {
                plan.members
                    .iter()
                    .filter(move |m| m.role == role && matches!(m.entity, Entity::Account(_)))
                    .count()
            };
            assert_eq!(roles(Role::Victim), 1);
            assert_eq!(roles(Role::Mule), hops.len());
            assert_eq!(roles(Role::CashOut), 1);
            for t in &plan.transactions {
                assert!(t.ts >= ctx.window.start && t.ts < ctx.window.end);
                let from = t.from.expect("every chain record has a sender");
                let core = account::core(ctx, from);
                assert!(core.eligible_at(t.ts));
                assert!(
                    transaction::opens(t.kind, core.country, t.ts),
                    "outside hours"
                );
                if t.kind == ATM {
                    with_atm += 1;
                }
            }
        });
        assert_eq!(checked, 60 * 4);
        assert!(hops_seen[2..].iter().all(|&n| n > 0), "{hops_seen:?}");
        assert!(with_atm > 0);
        first_usd.sort_unstable();
        let median = first_usd[first_usd.len() / 2];
        assert!((300_000..=1_000_000).contains(&median), "median {median}");
    }

    /// Plans a valid chain, checks it, applies `mutate` and returns the check.
    fn broken(mutate: impl FnOnce(&mut InstanceRecords<'_>)) -> Result<(), Violation> {
        let ctx = crate::generators::test_ctx(5, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        let mut rng = ctx.rng("pattern.test.broken", 0);
        // Three or more hops, so there are two gaps to compare.
        let plan = (0..50)
            .map(|_| MuleChain.plan(&pctx, 0, 10, &mut rng).expect("plan"))
            .find(|p| p.transactions.iter().filter(|t| t.kind == TRANSFER).count() >= 3)
            .expect("a chain of three hops");
        let mut records = testing::materialize(&ctx, &facts, &MuleChain, &plan);
        MuleChain
            .check(&records)
            .expect("valid before the mutation");
        mutate(&mut records);
        MuleChain.check(&records)
    }

    fn hop<'r>(r: &'r mut InstanceRecords<'_>, i: usize) -> &'r mut TxView {
        r.transactions
            .iter_mut()
            .filter(|t| t.kind == TRANSFER)
            .nth(i)
            .unwrap()
    }

    #[test]
    fn broken_path_fails() {
        let err = broken(|r| {
            let victim = hop(r, 0).from;
            hop(r, 1).from = victim;
        })
        .unwrap_err();
        assert!(err.0.contains("does not start where"), "{}", err.0);
    }

    #[test]
    fn shorter_gap_fails() {
        let err = broken(|r| {
            let (t0, t1) = (hop(r, 0).ts, hop(r, 1).ts);
            hop(r, 2).ts = t1 + (t1 - t0);
        })
        .unwrap_err();
        assert!(err.0.contains("is not longer"), "{}", err.0);
    }

    #[test]
    fn ratio_out_of_range_fails() {
        let err = broken(|r| {
            let a = hop(r, 0).amount_minor;
            hop(r, 1).amount_minor = a;
        })
        .unwrap_err();
        assert!(err.0.contains("94–98%"), "{}", err.0);
    }

    #[test]
    fn small_cash_out_fails() {
        let err = broken(|r| {
            for t in &mut r.transactions {
                if t.kind != TRANSFER {
                    t.amount_minor = t.amount_minor * 8 / 10;
                }
            }
        })
        .unwrap_err();
        assert!(err.0.contains("90–100%"), "{}", err.0);
        let err = broken(|r| r.members.retain(|m| m.role != Role::Victim)).unwrap_err();
        assert!(err.0.contains("victim"), "{}", err.0);
    }

    #[test]
    fn no_fit_below_the_minimum() {
        let ctx = crate::generators::test_ctx(2, 300, 60, 600, 90);
        let pctx = plan_ctx(&ctx);
        let mut rng = ctx.rng("pattern.test.nofit", 0);
        let err = MuleChain.plan(&pctx, 0, 2, &mut rng).unwrap_err();
        assert!(err.0.contains("at least 3"), "{}", err.0);
        let plan = MuleChain.plan(&pctx, 0, 3, &mut rng).unwrap();
        assert_eq!(plan.transactions.len(), 3);
    }
}
