//! The structuring family (SPEC §10.1, §10.2): cash deposits kept just below the currency's reporting
//! threshold T, every one in `[T(1−m), T)`, in five shapes — one owner into one account within a week
//! (classic), several smurfs into their own accounts who then forward to one collector (smurfing), at
//! branches in three or more cities (geographic), at least a day apart over more than a week
//! (temporal), and across three or more accounts of one household (account hopping).
//!
//! Plans pick person accounts uniformly, keep one currency per instance, place deposits in branch hours
//! of the account's country and never round the amounts (they are spread uniformly over the band).

use super::support::{self, DAY, HOUR};
use super::{
    Entity, Family, InstancePlan, InstanceRecords, NoFit, PlanCtx, Role, TxSpec, TxView, Typology,
    Violation, ensure,
};
use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::core::time::Timestamp;
use crate::generators::account;
use crate::model::transaction::TransactionType;
use crate::population::layout::Owner;
use crate::refdata::{self, CountryId};

pub struct Structuring;

const CLASSIC: usize = 0;
const SMURFING: usize = 1;
const GEOGRAPHIC: usize = 2;
const TEMPORAL: usize = 3;
const HOPPING: usize = 4;

const SUBTYPES: [(&str, u32); 5] = [
    ("classic_structuring", 35),
    ("smurfing", 30),
    ("geographic_smurfing", 15),
    ("temporal_smurfing", 10),
    ("account_hopping", 10),
];

/// Fewest transactions per subtype: 3 deposits; smurfing 3 smurfs × (1 deposit + 1 transfer); temporal 5.
const MIN_TRANSACTIONS: [u64; 5] = [3, 6, 3, 5, 3];

const MIN_SMURFS: usize = 3;
const MAX_SMURFS: usize = 15;
/// Classic, geographic (classic-shaped) and account hopping: all deposits within this.
const WEEK: i64 = 7 * DAY;
/// Smurfing: each smurf forwards within this after its last deposit.
const COLLECT_WITHIN: i64 = 72 * HOUR;
/// Temporal: no two deposits within this; span at least [`WEEK`].
const TEMPORAL_GAP: i64 = DAY;
/// Two deposits into one account are at least this far apart.
const MIN_SEPARATION: i64 = 20 * 60;
const ATTEMPTS: u32 = 12;

const DEPOSIT: TransactionType = TransactionType::Deposit;
const TRANSFER: TransactionType = TransactionType::Transfer;

impl Typology for Structuring {
    fn family(&self) -> Family {
        Family::Structuring
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &SUBTYPES
    }

    fn min_transactions(&self, subtype: usize) -> u64 {
        MIN_TRANSACTIONS.get(subtype).copied().unwrap_or(u64::MAX)
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        let Some(&(name, _)) = SUBTYPES.get(subtype) else {
            return Err(NoFit(format!("structuring has no subtype {subtype}")));
        };
        let min = MIN_TRANSACTIONS[subtype];
        if max_transactions < min {
            return Err(NoFit(format!(
                "structuring.{name} needs at least {min} transactions, only {max_transactions} left"
            )));
        }
        let max = max_transactions.min(1_000) as usize;
        let mut last = NoFit(format!("structuring.{name}: no attempt"));
        for _ in 0..ATTEMPTS {
            let attempt = match subtype {
                CLASSIC => plan_single(pctx, subtype, max, false, rng),
                SMURFING => plan_smurfing(pctx, subtype, max, false, rng),
                GEOGRAPHIC if max >= 6 && rng.chance(0.5) => {
                    plan_smurfing(pctx, subtype, max, true, rng)
                }
                GEOGRAPHIC => plan_single(pctx, subtype, max, true, rng),
                TEMPORAL => plan_temporal(pctx, subtype, max, rng),
                HOPPING => plan_hopping(pctx, subtype, max, rng),
                _ => unreachable!("subtype checked above"),
            };
            match attempt {
                Ok(plan) => return Ok(plan),
                Err(e) => last = e,
            }
        }
        Err(NoFit(format!("structuring.{name}: {}", last.0)))
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        let subtype = SUBTYPES
            .iter()
            .position(|(n, _)| *n == r.subtype)
            .ok_or_else(|| Violation(format!("unknown structuring subtype {}", r.subtype)))?;
        let bp = r.facts.structuring_margin_bp();
        let deposits: Vec<&TxView> = r.of_kinds(&[DEPOSIT]).collect();
        let transfers: Vec<&TxView> = r.of_kinds(&[TRANSFER]).collect();
        let shaped_as_smurfing =
            subtype == SMURFING || (subtype == GEOGRAPHIC && !transfers.is_empty());
        for t in &r.transactions {
            ensure(
                t.kind == DEPOSIT || (shaped_as_smurfing && t.kind == TRANSFER),
                || format!("{} is a {:?}, not a structuring record", t.id, t.kind),
            )?;
        }
        ensure(deposits.len() >= 3, || {
            format!("{} deposits, at least 3 needed", deposits.len())
        })?;
        if let Some(first) = r.transactions.first() {
            for t in &r.transactions {
                ensure(t.currency == first.currency, || {
                    format!(
                        "{} is in {}, the instance in {}",
                        t.id, t.currency, first.currency
                    )
                })?;
            }
        }
        for d in &deposits {
            check_deposit(r, d, bp)?;
        }
        ensure(r.with_role(Role::Smurf).next().is_some(), || {
            "no smurf member".to_string()
        })?;
        ensure(
            r.with_role(Role::Collector).next().is_some()
                || r.with_role(Role::Beneficiary).next().is_some(),
            || "no collector or beneficiary member".to_string(),
        )?;
        match subtype {
            CLASSIC => check_single(r, &deposits),
            SMURFING => check_smurfing(r, &deposits, &transfers),
            GEOGRAPHIC => {
                check_cities(&deposits)?;
                if shaped_as_smurfing {
                    check_smurfing(r, &deposits, &transfers)
                } else {
                    check_single(r, &deposits)
                }
            }
            TEMPORAL => check_temporal(r, &deposits),
            HOPPING => check_hopping(r, &deposits),
            _ => unreachable!("subtype looked up above"),
        }
    }
}

// ---- planning ---------------------------------------------------------------------------------------

/// The deposit band `[⌈T(1−m)⌉, T−1]` in minor units, None when empty.
fn band(threshold: i64, margin_bp: u32) -> Option<(i64, i64)> {
    let keep = 10_000 - margin_bp.min(10_000) as i128;
    let lo = ((threshold as i128 * keep + 9_999) / 10_000).max(1) as i64;
    let hi = threshold - 1;
    (lo <= hi).then_some((lo, hi))
}

/// Whether `amount` lies in `[T(1−m), T)`.
fn in_band(amount: i64, threshold: i64, margin_bp: u32) -> bool {
    let keep = 10_000 - margin_bp.min(10_000) as i128;
    amount >= 1 && amount < threshold && amount as i128 * 10_000 >= threshold as i128 * keep
}

/// The band of account row `a`'s currency, or why there is none.
fn band_of(pctx: &PlanCtx<'_>, a: u64) -> Result<(i64, i64), NoFit> {
    band(
        support::threshold_minor(pctx, a),
        pctx.structuring_margin_bp,
    )
    .ok_or_else(|| {
        NoFit(format!(
            "empty deposit band for margin {} bp",
            pctx.structuring_margin_bp
        ))
    })
}

/// `n` sorted deposit times in branch hours of `country` within `[lo, hi)`, at least
/// [`MIN_SEPARATION`] apart; None when the range has too little opening time.
fn deposit_times(
    country: CountryId,
    lo: Timestamp,
    hi: Timestamp,
    n: usize,
    rng: &mut Rng,
) -> Option<Vec<Timestamp>> {
    let mut times: Vec<Timestamp> = (0..n)
        .map(|_| support::open_between(DEPOSIT, country, lo, hi, rng))
        .collect();
    times.sort_unstable();
    let separated = times.windows(2).all(|w| w[1] - w[0] >= MIN_SEPARATION);
    (separated && times.last().is_some_and(|&t| t < hi)).then_some(times)
}

/// Cities for `n` deposits in `country`, the first three (in random positions) distinct.
fn spread_cities(country: CountryId, n: usize, rng: &mut Rng) -> Vec<&'static str> {
    let cities = refdata::country(country).cities;
    let mut order: Vec<usize> = (0..cities.len()).collect();
    rng.shuffle(&mut order);
    let mut picked: Vec<&'static str> = (0..n)
        .map(|i| {
            if i < 3 {
                cities[order[i % order.len()]]
            } else {
                *rng.pick(cities)
            }
        })
        .collect();
    rng.shuffle(&mut picked);
    picked
}

fn has_three_cities(country: CountryId) -> bool {
    refdata::country(country).cities.len() >= 3
}

fn deposit(ts: Timestamp, to: u64, amount_minor: i64, location: Option<&'static str>) -> TxSpec {
    TxSpec {
        kind: DEPOSIT,
        ts,
        from: None,
        to: Some(to),
        amount_minor,
        location,
    }
}

/// Classic (and classic-shaped geographic): 3–7 deposits (more if the band is so wide that three would
/// not reach T) into one person account by its owner within 1–6 days.
fn plan_single(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    max: usize,
    geographic: bool,
    rng: &mut Rng,
) -> Result<InstancePlan, NoFit> {
    let (start, duration) = support::place(pctx, WEEK, rng);
    let a = support::pick_account(pctx, (start, start + duration), rng, |_, core| {
        support::is_person(core) && (!geographic || has_three_cities(core.country))
    })
    .ok_or_else(|| NoFit("no eligible person account".into()))?;
    let country = support::country_of(pctx, a);
    let threshold = support::threshold_minor(pctx, a);
    let (lo, hi) = band_of(pctx, a)?;
    let needed = ((threshold + lo - 1) / lo).max(3) as usize;
    if needed > max {
        return Err(NoFit(format!(
            "{needed} deposits needed to reach the threshold, budget {max}"
        )));
    }
    let n = (rng.between(3, 7) as usize).max(needed).min(max);
    let span = rng.between(DAY, 6 * DAY).min(duration);
    let times = deposit_times(country, start, start + span, n, rng)
        .ok_or_else(|| NoFit("too little branch time in the window".into()))?;
    let cities = if geographic {
        spread_cities(country, n, rng)
    } else {
        Vec::new()
    };
    let mut plan = InstancePlan::new(subtype);
    for (i, &ts) in times.iter().enumerate() {
        let amount = rng.between(lo, hi);
        plan.transactions
            .push(deposit(ts, a, amount, cities.get(i).copied()));
    }
    plan.member(support::owner_entity(pctx, a), Role::Smurf);
    plan.member_account(pctx.ctx, a, Role::Beneficiary);
    Ok(plan)
}

/// Smurfing (and smurfing-shaped geographic): 3–15 smurfs of the collector's country and currency make
/// 1–3 deposits each over a few days, then each forwards 92–99.5% of its deposits to the collector
/// within 30 min–48 h of its last deposit.
fn plan_smurfing(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    max: usize,
    geographic: bool,
    rng: &mut Rng,
) -> Result<InstancePlan, NoFit> {
    let (start, duration) = support::place(pctx, 9 * DAY, rng);
    let span = (start, start + duration);
    let collector = support::pick_account(pctx, span, rng, |_, core| {
        !geographic || has_three_cities(core.country)
    })
    .ok_or_else(|| NoFit("no eligible collector account".into()))?;
    let cc = account::core(pctx.ctx, collector);
    let (lo, hi) = band_of(pctx, collector)?;
    let most = (max / 2).min(MAX_SMURFS);
    let cap = if rng.chance(0.2) { MAX_SMURFS } else { 8 };
    let wanted = rng.between(MIN_SMURFS as i64, most.min(cap) as i64) as usize;
    let mut taken = vec![collector];
    let mut smurfs = Vec::new();
    while smurfs.len() < wanted {
        let Some(s) = support::pick_fresh_account(pctx, span, rng, &taken, |_, core| {
            support::is_person(core) && core.currency == cc.currency && core.country == cc.country
        }) else {
            break;
        };
        taken.push(s);
        smurfs.push(s);
    }
    if smurfs.len() < MIN_SMURFS {
        return Err(NoFit(format!(
            "only {} smurf accounts in {} {}",
            smurfs.len(),
            refdata::country(cc.country).code,
            refdata::currency(cc.currency).code
        )));
    }
    // One deposit and one transfer each, then up to two extra deposits each while the budget lasts.
    let mut spare = max - 2 * smurfs.len();
    let counts: Vec<usize> = smurfs
        .iter()
        .map(|_| {
            let extra = (rng.below(3) as usize).min(spare);
            spare -= extra;
            1 + extra
        })
        .collect();
    let phase = rng.between(DAY, 3 * DAY);
    let mut plan = InstancePlan::new(subtype);
    let mut transfers = Vec::new();
    for (&s, &count) in smurfs.iter().zip(&counts) {
        let mut ts = support::open_between(DEPOSIT, cc.country, start, start + phase, rng);
        let mut total = 0i64;
        for k in 0..count {
            if k > 0 {
                let earliest = ts + rng.between(2 * HOUR, 30 * HOUR);
                ts =
                    support::open_between(DEPOSIT, cc.country, earliest, earliest + 12 * HOUR, rng);
            }
            let amount = rng.between(lo, hi);
            total += amount;
            plan.transactions.push(deposit(ts, s, amount, None));
        }
        let earliest = ts + rng.between(30 * 60, 36 * HOUR);
        let sent = support::open_between(TRANSFER, cc.country, earliest, earliest + 12 * HOUR, rng);
        if sent - ts > COLLECT_WITHIN {
            return Err(NoFit("forwarding transfer too late".into()));
        }
        let share = rng.uniform(0.92, 0.995);
        transfers.push(TxSpec {
            kind: TRANSFER,
            ts: sent,
            from: Some(s),
            to: Some(collector),
            amount_minor: (libm::round(total as f64 * share) as i64).max(1),
            location: None,
        });
    }
    if geographic {
        let cities = spread_cities(cc.country, plan.transactions.len(), rng);
        for (t, city) in plan.transactions.iter_mut().zip(cities) {
            t.location = Some(city);
        }
    }
    plan.transactions.extend(transfers);
    if plan.transactions.iter().any(|t| t.ts > span.1) {
        return Err(NoFit("instance does not fit the window".into()));
    }
    for &s in &smurfs {
        plan.member_account(pctx.ctx, s, Role::Smurf);
    }
    plan.member_account(pctx.ctx, collector, Role::Collector);
    Ok(plan)
}

/// Temporal: 5–8 deposits into one person account over 8 days or more (at least 1.6 days per gap on
/// average, each gap 0.8–1.2 × the average, so more than a day), each in branch hours.
fn plan_temporal(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    max: usize,
    rng: &mut Rng,
) -> Result<InstancePlan, NoFit> {
    let n = (rng.between(5, 8) as usize).min(max);
    let gaps = (n - 1) as i64;
    let span_lo = (8 * DAY).max(gaps * 8 * DAY / 5);
    let span_hi = span_lo + gaps * 3 * DAY / 2;
    let (start, duration) = support::place(pctx, span_hi + 4 * DAY, rng);
    if duration < span_lo + 4 * DAY {
        return Err(NoFit("window too short for temporal smurfing".into()));
    }
    let total = rng.between(span_lo, span_hi.min(duration - 4 * DAY));
    let a = support::pick_account(pctx, (start, start + duration), rng, |_, core| {
        support::is_person(core)
    })
    .ok_or_else(|| NoFit("no eligible person account".into()))?;
    let country = support::country_of(pctx, a);
    let (lo, hi) = band_of(pctx, a)?;
    // Gap weights in [0.8, 1.2]: the smallest gap is ≥ 1.6 days × 0.8 / 1.2 > 1 day.
    let weights: Vec<i64> = (0..gaps).map(|_| rng.between(800, 1_200)).collect();
    let sum: i64 = weights.iter().sum();
    let first = support::open_between(DEPOSIT, country, start, start + DAY, rng);
    let mut times = vec![first];
    let mut offset = 0i64;
    for w in &weights {
        offset += total * w / sum;
        let prev = *times.last().unwrap_or(&first);
        let earliest = (first + offset).max(prev + TEMPORAL_GAP + HOUR);
        times.push(support::open_between(
            DEPOSIT,
            country,
            earliest,
            earliest + 10 * HOUR,
            rng,
        ));
    }
    let last = *times.last().unwrap_or(&first);
    if last > start + duration || last - first < WEEK {
        return Err(NoFit("temporal deposits do not fit the window".into()));
    }
    let mut plan = InstancePlan::new(subtype);
    for ts in times {
        let amount = rng.between(lo, hi);
        plan.transactions.push(deposit(ts, a, amount, None));
    }
    plan.member(support::owner_entity(pctx, a), Role::Smurf);
    plan.member_account(pctx.ctx, a, Role::Beneficiary);
    Ok(plan)
}

/// Eligible accounts of person `p` and then of its housemates with `currency`, own accounts first.
fn household_accounts(
    pctx: &PlanCtx<'_>,
    p: u64,
    currency: refdata::CurrencyId,
    span: (Timestamp, Timestamp),
) -> Vec<u64> {
    let layout = &pctx.ctx.layout;
    let (block, pos, households) = layout.household_of(p);
    let people = std::iter::once(p).chain(
        households
            .housemates_of(pos)
            .map(|q| layout.person_in_block(block, q)),
    );
    people
        .flat_map(|q| layout.accounts_of(Owner::Person(q)).collect::<Vec<_>>())
        .filter(|&a| {
            let core = account::core(pctx.ctx, a);
            core.currency == currency && core.eligible_at(span.0) && core.eligible_at(span.1)
        })
        .collect()
}

/// Account hopping: a person deposits into 3–5 accounts of its own or its housemates' (one currency),
/// one deposit each plus up to two more, within 1–6 days.
fn plan_hopping(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    max: usize,
    rng: &mut Rng,
) -> Result<InstancePlan, NoFit> {
    let (start, duration) = support::place(pctx, WEEK, rng);
    let span = (start, start + duration);
    let layout = &pctx.ctx.layout;
    let first = support::pick_account(pctx, span, rng, |_, core| match core.owner {
        Owner::Person(p) => household_accounts(pctx, p, core.currency, span).len() >= 3,
        Owner::Company(_) => false,
    })
    .ok_or_else(|| NoFit("no household with three eligible accounts".into()))?;
    let Owner::Person(depositor) = layout.account_owner(first) else {
        return Err(NoFit("account hopping needs a person".into()));
    };
    let currency = account::core(pctx.ctx, first).currency;
    let candidates = household_accounts(pctx, depositor, currency, span);
    let k = rng.between(3, candidates.len().min(5).min(max) as i64) as usize;
    // Own accounts first, so a single owner hops between its own accounts when it has enough.
    let own = candidates
        .iter()
        .filter(|&&a| layout.account_owner(a) == Owner::Person(depositor))
        .count();
    let mut chosen: Vec<u64> = candidates[..own].to_vec();
    rng.shuffle(&mut chosen);
    let mut others = candidates[own..].to_vec();
    rng.shuffle(&mut others);
    chosen.extend(others);
    chosen.truncate(k);
    let n = (k + rng.below(3) as usize).min(max);
    let mut targets: Vec<u64> = chosen.clone();
    while targets.len() < n {
        targets.push(*rng.pick(&chosen));
    }
    rng.shuffle(&mut targets);
    let country = support::country_of(pctx, first);
    let window = rng.between(DAY, 6 * DAY).min(duration);
    let times = deposit_times(country, start, start + window, n, rng)
        .ok_or_else(|| NoFit("too little branch time in the window".into()))?;
    let mut plan = InstancePlan::new(subtype);
    for (&ts, &a) in times.iter().zip(&targets) {
        let (lo, hi) = band_of(pctx, a)?;
        let amount = rng.between(lo, hi);
        plan.transactions.push(deposit(ts, a, amount, None));
    }
    plan.member(Entity::Person(depositor), Role::Smurf);
    for &a in &chosen {
        plan.member_account(pctx.ctx, a, Role::Beneficiary);
    }
    Ok(plan)
}

// ---- checking ---------------------------------------------------------------------------------------

/// `amount` minor units of `code`, printed with its decimals.
fn money(amount_minor: i64, code: &str) -> String {
    let scale = refdata::currency_by_code(code).map_or(2, |c| refdata::currency(c).minor_units);
    format!(
        "{} {code}",
        crate::model::record::Decimal::new(amount_minor, scale)
    )
}

fn check_deposit(r: &InstanceRecords<'_>, d: &TxView, bp: u32) -> Result<(), Violation> {
    ensure(d.from.is_none(), || {
        format!("deposit {} has a sender", d.id)
    })?;
    let to =
        d.to.ok_or_else(|| Violation(format!("deposit {} has no account", d.id)))?;
    let account = r
        .facts
        .account(to)
        .ok_or_else(|| Violation(format!("deposit {} into unknown account {to}", d.id)))?;
    ensure(account.currency == d.currency, || {
        format!(
            "deposit {} is in {}, its account in {}",
            d.id, d.currency, account.currency
        )
    })?;
    let threshold = support::threshold_of_code(&d.currency).ok_or_else(|| {
        Violation(format!(
            "deposit {} in unknown currency {}",
            d.id, d.currency
        ))
    })?;
    ensure(d.amount_minor < threshold, || {
        format!(
            "deposit {} amount {} is not below the threshold {}",
            d.id,
            money(d.amount_minor, &d.currency),
            money(threshold, &d.currency)
        )
    })?;
    ensure(in_band(d.amount_minor, threshold, bp), || {
        format!(
            "deposit {} amount {} is more than {} bp below the threshold {}",
            d.id,
            money(d.amount_minor, &d.currency),
            bp,
            money(threshold, &d.currency)
        )
    })
}

/// The to-account and its owner of a deposit (checked present by [`check_deposit`]).
fn receiver(d: &TxView) -> Result<(RecordId, RecordId), Violation> {
    match (d.to, d.to_entity) {
        (Some(a), Some(o)) => Ok((a, o)),
        _ => Err(Violation(format!(
            "deposit {} has no receiving owner",
            d.id
        ))),
    }
}

fn within(deposits: &[&TxView], limit: i64) -> Result<(), Violation> {
    if let (Some(first), Some(last)) = (deposits.first(), deposits.last()) {
        ensure(last.ts - first.ts <= limit, || {
            format!(
                "deposits {} and {} are {} h apart, more than {} h",
                first.id,
                last.id,
                (last.ts - first.ts) / HOUR,
                limit / HOUR
            )
        })?;
    }
    Ok(())
}

/// One to-account owned by the smurf, a beneficiary.
fn check_one_account(r: &InstanceRecords<'_>, deposits: &[&TxView]) -> Result<(), Violation> {
    let (account, owner) = receiver(deposits[0])?;
    for d in deposits {
        ensure(d.to == Some(account), || {
            format!("deposit {} is not into the one account {account}", d.id)
        })?;
    }
    ensure(r.has(account, Role::Beneficiary), || {
        format!("account {account} is not a beneficiary member")
    })?;
    ensure(r.has(owner, Role::Beneficiary), || {
        format!("owner {owner} is not a beneficiary member")
    })?;
    ensure(r.has(owner, Role::Smurf), || {
        format!("owner {owner} of {account} is not the smurf")
    })
}

fn check_single(r: &InstanceRecords<'_>, deposits: &[&TxView]) -> Result<(), Violation> {
    check_one_account(r, deposits)?;
    within(deposits, WEEK)?;
    let sum: i64 = deposits.iter().map(|d| d.amount_minor).sum();
    let code = &deposits[0].currency;
    let threshold = support::threshold_of_code(code).unwrap_or(i64::MAX);
    ensure(sum >= threshold, || {
        format!(
            "deposits total {}, below the threshold {}",
            money(sum, code),
            money(threshold, code)
        )
    })
}

fn check_temporal(r: &InstanceRecords<'_>, deposits: &[&TxView]) -> Result<(), Violation> {
    ensure(deposits.len() >= 5, || {
        format!("{} deposits, temporal smurfing needs 5", deposits.len())
    })?;
    check_one_account(r, deposits)?;
    for w in deposits.windows(2) {
        ensure(w[1].ts - w[0].ts > TEMPORAL_GAP, || {
            format!("deposits {} and {} are within 24 h", w[0].id, w[1].id)
        })?;
    }
    let span = deposits[deposits.len() - 1].ts - deposits[0].ts;
    ensure(span >= WEEK, || {
        format!("deposits span {} h, less than 7 days", span / HOUR)
    })
}

fn check_hopping(r: &InstanceRecords<'_>, deposits: &[&TxView]) -> Result<(), Violation> {
    let mut accounts: Vec<(RecordId, RecordId)> = Vec::new();
    for d in deposits {
        let pair = receiver(d)?;
        if !accounts.contains(&pair) {
            accounts.push(pair);
        }
    }
    ensure(accounts.len() >= 3, || {
        format!(
            "deposits into {} accounts, at least 3 needed",
            accounts.len()
        )
    })?;
    let mut address = None;
    for &(account, owner) in &accounts {
        ensure(
            r.has(account, Role::Beneficiary) && r.has(owner, Role::Beneficiary),
            || format!("account {account} or its owner {owner} is not a beneficiary member"),
        )?;
        let person = r
            .facts
            .person(owner)
            .ok_or_else(|| Violation(format!("owner {owner} of {account} is not a person")))?;
        let first = address.get_or_insert_with(|| person.primary_address.clone());
        ensure(*first == person.primary_address, || {
            format!("owner {owner} of {account} is not of the household")
        })?;
    }
    ensure(
        r.with_role(Role::Smurf)
            .any(|s| accounts.iter().any(|&(_, o)| o == s)),
        || "the smurf owns none of the accounts".to_string(),
    )?;
    within(deposits, WEEK)
}

fn check_smurfing(
    r: &InstanceRecords<'_>,
    deposits: &[&TxView],
    transfers: &[&TxView],
) -> Result<(), Violation> {
    // (account, owner, last deposit)
    let mut smurfs: Vec<(RecordId, RecordId, Timestamp)> = Vec::new();
    for d in deposits {
        let (account, owner) = receiver(d)?;
        match smurfs.iter_mut().find(|s| s.0 == account) {
            Some(s) => s.2 = s.2.max(d.ts),
            None => smurfs.push((account, owner, d.ts)),
        }
    }
    ensure((MIN_SMURFS..=MAX_SMURFS).contains(&smurfs.len()), || {
        format!("{} smurf accounts, 3–15 needed", smurfs.len())
    })?;
    for (i, &(account, owner, _)) in smurfs.iter().enumerate() {
        ensure(
            r.has(account, Role::Smurf) && r.has(owner, Role::Smurf),
            || format!("deposit account {account} or its owner {owner} is not a smurf member"),
        )?;
        ensure(smurfs[..i].iter().all(|s| s.1 != owner), || {
            format!("owner {owner} has two smurf accounts")
        })?;
    }
    let first = transfers
        .first()
        .ok_or_else(|| Violation("no transfer to a collector".into()))?;
    let collector = first
        .to
        .ok_or_else(|| Violation(format!("transfer {} has no receiver", first.id)))?;
    let collectors = r
        .with_role(Role::Collector)
        .filter(|&id| r.facts.account(id).is_some())
        .count();
    ensure(collectors == 1 && r.has(collector, Role::Collector), || {
        format!("{collectors} collector accounts, or {collector} is not the collector")
    })?;
    for t in transfers {
        ensure(t.to == Some(collector), || {
            format!("transfer {} does not go to the collector {collector}", t.id)
        })?;
        ensure(smurfs.iter().any(|s| Some(s.0) == t.from), || {
            format!("transfer {} is not from a smurf account", t.id)
        })?;
    }
    for &(account, _, last) in &smurfs {
        ensure(
            transfers
                .iter()
                .any(|t| t.from == Some(account) && t.ts > last && t.ts - last <= COLLECT_WITHIN),
            || {
                format!(
                    "smurf {account} sends nothing to the collector within 72 h of its last deposit"
                )
            },
        )?;
    }
    Ok(())
}

fn check_cities(deposits: &[&TxView]) -> Result<(), Violation> {
    let mut cities: Vec<&str> = Vec::new();
    for d in deposits {
        let city = d
            .location
            .as_deref()
            .ok_or_else(|| Violation(format!("deposit {} has no location", d.id)))?;
        if !cities.contains(&city) {
            cities.push(city);
        }
    }
    ensure(cities.len() >= 3, || {
        format!("deposits in {} cities, at least 3 needed", cities.len())
    })?;
    ensure(
        refdata::COUNTRIES
            .iter()
            .any(|c| cities.iter().all(|city| c.cities.contains(city))),
        || format!("cities {} are not of one country", cities.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::transaction;
    use crate::patterns::testing::{self, ctx_facts, plan_ctx};

    #[test]
    fn subtypes_in_spec_order() {
        let names: Vec<_> = Structuring.subtypes().iter().map(|s| s.0).collect();
        assert_eq!(
            names,
            [
                "classic_structuring",
                "smurfing",
                "geographic_smurfing",
                "temporal_smurfing",
                "account_hopping"
            ]
        );
        assert_eq!(Structuring.subtypes().iter().map(|s| s.1).sum::<u32>(), 100);
    }

    #[test]
    fn band_edges() {
        assert_eq!(band(1_000_000, 500), Some((950_000, 999_999)));
        assert!(in_band(950_000, 1_000_000, 500));
        assert!(!in_band(949_999, 1_000_000, 500));
        assert!(!in_band(1_000_000, 1_000_000, 500));
        assert_eq!(band(1_000_000, 0), None);
    }

    #[test]
    fn plans_check_over_seeds() {
        let mut per_subtype = [0u64; 5];
        let mut upper_half = 0u64;
        let mut deposits = 0u64;
        let mut geographic_shapes = [0u64; 2];
        let (mut round, mut rows) = (0u64, 0u64);
        let checked = testing::check_over_seeds(&Structuring, 50, 2, |ctx, plan, records| {
            per_subtype[plan.subtype] += 1;
            let roles = |role| plan.members.iter().filter(move |m| m.role == role);
            assert!(roles(Role::Smurf).count() >= 1);
            for t in &plan.transactions {
                assert!(t.ts >= ctx.window.start && t.ts < ctx.window.end);
                if t.kind == DEPOSIT {
                    let to = t.to.expect("deposit account");
                    let core = account::core(ctx, to);
                    assert!(core.eligible_at(t.ts));
                    assert!(
                        transaction::opens(DEPOSIT, core.country, t.ts),
                        "deposit outside branch hours"
                    );
                    let threshold = refdata::currency(core.currency).threshold_minor();
                    deposits += 1;
                    if 2 * t.amount_minor >= 2 * threshold - threshold / 20 {
                        upper_half += 1;
                    }
                }
            }
            let deposit_views = records.of_kinds(&[DEPOSIT]).count();
            let transfer_views = records.of_kinds(&[TRANSFER]).count();
            for t in &records.transactions {
                let scale = refdata::currency_by_code(&t.currency)
                    .map_or(2, |c| refdata::currency(c).minor_units);
                round += u64::from(transaction::is_round(t.amount_minor, scale));
                rows += 1;
            }
            match plan.subtype {
                SMURFING => {
                    let smurf_accounts = roles(Role::Smurf)
                        .filter(|m| matches!(m.entity, Entity::Account(_)))
                        .count();
                    assert!((3..=15).contains(&smurf_accounts));
                    assert_eq!(transfer_views, smurf_accounts);
                    assert_eq!(roles(Role::Collector).count(), 2);
                }
                GEOGRAPHIC => geographic_shapes[usize::from(transfer_views > 0)] += 1,
                TEMPORAL => assert!(deposit_views >= 5),
                HOPPING => {
                    let accounts = roles(Role::Beneficiary)
                        .filter(|m| matches!(m.entity, Entity::Account(_)))
                        .count();
                    assert!(accounts >= 3);
                }
                _ => {
                    assert_eq!(transfer_views, 0);
                    assert!(roles(Role::Beneficiary).count() == 2);
                }
            }
        });
        assert_eq!(checked, 50 * 5 * 2);
        assert_eq!(per_subtype, [100; 5]);
        assert!(
            geographic_shapes.iter().all(|&n| n > 10),
            "{geographic_shapes:?}"
        );
        // Uniform over the band: about half the deposits lie in its upper half.
        let share = upper_half as f64 / deposits as f64;
        assert!((0.4..0.6).contains(&share), "upper-half share {share}");
        // No rounding: round amounts only by chance (well under the background's 2–8%).
        assert!(round * 100 <= rows, "{round} round amounts in {rows} rows");
    }

    /// Plans a valid instance of `subtype`, checks it, applies `mutate` and returns the check.
    fn broken(
        subtype: usize,
        mutate: impl FnOnce(&mut InstanceRecords<'_>),
    ) -> Result<(), Violation> {
        let ctx = crate::generators::test_ctx(11, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        let mut rng = ctx.rng("pattern.test.broken", subtype as u64);
        let plan = Structuring
            .plan(&pctx, subtype, 40, &mut rng)
            .expect("plan");
        let mut records = testing::materialize(&ctx, &facts, &Structuring, &plan);
        Structuring
            .check(&records)
            .expect("valid before the mutation");
        mutate(&mut records);
        Structuring.check(&records)
    }

    fn threshold(t: &TxView) -> i64 {
        support::threshold_of_code(&t.currency).unwrap()
    }

    #[test]
    fn classic_deposit_at_threshold_fails() {
        let err = broken(CLASSIC, |r| {
            let t = &mut r.transactions[1];
            t.amount_minor = threshold(t);
        })
        .unwrap_err();
        assert!(err.0.contains("is not below the threshold"), "{}", err.0);
        let err = broken(CLASSIC, |r| {
            let last = r.transactions.len() - 1;
            r.transactions[last].ts = r.transactions[0].ts + WEEK + 1;
        })
        .unwrap_err();
        assert!(err.0.contains("apart"), "{}", err.0);
    }

    #[test]
    fn smurfing_late_or_missing_transfer_fails() {
        let err = broken(SMURFING, |r| {
            let first = r.of_kinds(&[TRANSFER]).next().unwrap().from;
            r.transactions
                .retain(|t| !(t.kind == TRANSFER && t.from == first));
        })
        .unwrap_err();
        assert!(err.0.contains("sends nothing"), "{}", err.0);
        let err = broken(SMURFING, |r| {
            let collector = r.of_kinds(&[TRANSFER]).next().unwrap().to;
            r.members.retain(|m| Some(m.entity_id) != collector);
        })
        .unwrap_err();
        assert!(err.0.contains("collector"), "{}", err.0);
        let err = broken(SMURFING, |r| {
            let d = r
                .transactions
                .iter_mut()
                .find(|t| t.kind == DEPOSIT)
                .unwrap();
            d.amount_minor = threshold(d) * 9 / 10;
        })
        .unwrap_err();
        assert!(err.0.contains("bp below"), "{}", err.0);
    }

    #[test]
    fn geographic_one_city_fails() {
        let err = broken(GEOGRAPHIC, |r| {
            for t in &mut r.transactions {
                if t.kind == DEPOSIT {
                    t.location = Some("Springfield".into());
                }
            }
        })
        .unwrap_err();
        assert!(err.0.contains("cities"), "{}", err.0);
    }

    #[test]
    fn temporal_deposits_within_a_day_fail() {
        let err = broken(TEMPORAL, |r| {
            r.transactions[1].ts = r.transactions[0].ts + 23 * HOUR;
        })
        .unwrap_err();
        assert!(err.0.contains("within 24 h"), "{}", err.0);
    }

    #[test]
    fn hopping_into_one_account_fails() {
        let err = broken(HOPPING, |r| {
            let (to, owner) = (r.transactions[0].to, r.transactions[0].to_entity);
            for t in &mut r.transactions {
                t.to = to;
                t.to_entity = owner;
            }
        })
        .unwrap_err();
        assert!(err.0.contains("accounts, at least 3"), "{}", err.0);
    }

    #[test]
    fn no_fit_below_the_minimum() {
        let ctx = crate::generators::test_ctx(3, 300, 60, 600, 90);
        let pctx = plan_ctx(&ctx);
        let mut rng = ctx.rng("pattern.test.nofit", 0);
        for subtype in 0..SUBTYPES.len() {
            let min = Structuring.min_transactions(subtype);
            assert!(Structuring.plan(&pctx, subtype, min - 1, &mut rng).is_err());
            let plan = Structuring.plan(&pctx, subtype, min, &mut rng).unwrap();
            assert_eq!(plan.transactions.len() as u64, min);
        }
        let zero = PlanCtx {
            structuring_margin_bp: 0,
            ..plan_ctx(&ctx)
        };
        let err = Structuring.plan(&zero, CLASSIC, 10, &mut rng).unwrap_err();
        assert!(err.0.contains("band"), "{}", err.0);
    }
}
