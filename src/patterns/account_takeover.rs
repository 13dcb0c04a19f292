//! The account_takeover family (SPEC §10.1, §10.2): a criminal gets into customers' online banking
//! and moves their money to mule accounts. Five subtypes, equally weighted:
//!
//! * `credential_stuffing`: a bot tries leaked credentials on 3–8 accounts — 5–50 failed logins within
//!   a few hours from 1–3 of the attacker's addresses — gets into 1–3 of them (sometimes changing the
//!   e-mail address or phone number) and transfers out within hours.
//! * `session_hijacking`: the victim logs in; 5–30 minutes later the attacker rides the stolen session
//!   from another address and device and transfers 1–3 times within 15 minutes.
//! * `sim_swap`: with the victim's number ported, the attacker changes the phone, resets the password
//!   and logs in from a new device within two hours, then transfers 2–4 times within 30 minutes.
//! * `phishing`: e-mails from the attacker to 3–10 persons; 1–3 of them are logged into afterwards
//!   (no failed logins: the password was handed over) and transfer out.
//! * `malware`: a trojan on the victim's own device: after a victim login the attacker uses that
//!   device from a new address for 1–3 logins and 2–5 transfers within two days.
//!
//! The attacker is an ordinary person of the population whose addresses and devices are its own usual
//! ones, made by the same functions as everyone's, so nothing in the look of an event gives it away:
//! only the account it shows up on does (never seen there before). Victims are drawn over persons and
//! companies alike (background events come from both); mules are person accounts in the victims'
//! currency. Every record goes through the background builders (§9.3), so channel and every other
//! field is drawn as for background events of the same type.
//!
//! `check` reads "new on the account" as never seen on it before the instance
//! ([`crate::patterns::Facts::seen_before`]); each victim's first instance event after which an
//! address or device is new (not a failed login) is its takeover event.

use super::support::{self, DAY, HOUR, is_person};
use super::{
    CommunicationSpec, Entity, EventSpec, EventView, Family, InstancePlan, InstanceRecords, NoFit,
    PlanCtx, Role, TxSpec, Typology, Violation, ensure,
};
use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::core::time::Timestamp;
use crate::generators::account::{self, AccountCore};
use crate::generators::{account_event, communication, devices};
use crate::model::account::AccountType;
use crate::model::account_event::AccountEventType as Kind;
use crate::model::communication::CommunicationType;
use crate::model::transaction::TransactionType;
use crate::population::layout::Owner;
use crate::refdata::CurrencyId;

pub struct AccountTakeover;

const SUBTYPES: [(&str, u32); 5] = [
    ("credential_stuffing", 20),
    ("session_hijacking", 20),
    ("sim_swap", 20),
    ("phishing", 20),
    ("malware", 20),
];
const STUFFING: usize = 0;
const HIJACKING: usize = 1;
const SIM_SWAP: usize = 2;
const PHISHING: usize = 3;
const MALWARE: usize = 4;

/// Per subtype: one transfer from one compromised account, or the subtype's minimum of 2.
const MIN_TRANSACTIONS: [u64; 5] = [1, 1, 2, 1, 2];

/// Fresh placements a plan tries before giving up.
const ATTEMPTS: u32 = 64;
const MINUTE: i64 = 60;
/// Every transfer of a victim lies within this long after its takeover event (all subtypes).
const TAKEOVER_WINDOW: i64 = 48 * HOUR;
const TRANSFER: TransactionType = TransactionType::Transfer;

impl Typology for AccountTakeover {
    fn family(&self) -> Family {
        Family::AccountTakeover
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
        let name = SUBTYPES[subtype].0;
        let min = MIN_TRANSACTIONS[subtype];
        if max_transactions < min {
            return Err(NoFit(format!(
                "account_takeover.{name} needs at least {min} transactions"
            )));
        }
        if pctx.account_events == 0 {
            return Err(NoFit(format!(
                "account_takeover.{name} writes account events, and --account-events is 0"
            )));
        }
        for _ in 0..ATTEMPTS {
            let plan = match subtype {
                STUFFING => plan_stuffing(pctx, max_transactions, rng),
                HIJACKING => plan_hijacking(pctx, max_transactions, rng),
                SIM_SWAP => plan_sim_swap(pctx, max_transactions, rng),
                PHISHING => plan_phishing(pctx, max_transactions, rng),
                _ => plan_malware(pctx, max_transactions, rng),
            };
            if let Some(plan) = plan.and_then(|p| verified(pctx, p, max_transactions)) {
                return Ok(plan);
            }
        }
        Err(NoFit(format!(
            "account_takeover.{name} needs eligible victim and mule accounts in one currency"
        )))
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        let subtype = SUBTYPES
            .iter()
            .position(|s| s.0 == r.subtype)
            .ok_or_else(|| Violation(format!("unknown subtype {}", r.subtype)))?;
        let view = View::new(r);
        view.check_common()?;
        match subtype {
            STUFFING => view.check_stuffing(),
            HIJACKING => view.check_hijacking(),
            SIM_SWAP => view.check_sim_swap(),
            PHISHING => view.check_phishing(),
            _ => view.check_malware(),
        }
    }
}

// ---- participants ----------------------------------------------------------------------------------

/// Accounts that send and receive transfers.
fn transacting(core: &AccountCore) -> bool {
    matches!(
        core.account_type,
        AccountType::Checking | AccountType::Savings | AccountType::Business
    )
}

/// A victim account eligible throughout `span`: an owner drawn uniformly over persons and companies
/// (`persons_only`: persons), then one of its transacting accounts in `currency` (when given); never
/// an account of an owner in `taken`.
fn pick_victim(
    pctx: &PlanCtx<'_>,
    span: (Timestamp, Timestamp),
    rng: &mut Rng,
    taken: &[u64],
    currency: Option<CurrencyId>,
    persons_only: bool,
) -> Option<u64> {
    let ctx = pctx.ctx;
    let (persons, companies) = (ctx.layout.params.persons, ctx.layout.params.companies);
    let units = persons + if persons_only { 0 } else { companies };
    if units == 0 {
        return None;
    }
    for _ in 0..1_024 {
        let unit = rng.below(units);
        let owner = if unit < persons {
            Owner::Person(unit)
        } else {
            Owner::Company(unit - persons)
        };
        if taken.iter().any(|&t| ctx.layout.account_owner(t) == owner) {
            continue;
        }
        let found = ctx.layout.accounts_of(owner).find(|&a| {
            let c = account::core(ctx, a);
            transacting(&c)
                && c.eligible_at(span.0)
                && c.eligible_at(span.1)
                && currency.is_none_or(|ccy| c.currency == ccy)
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

/// 1–2 person mule accounts in `currency`, eligible throughout `span`, of owners not in `taken`.
fn pick_mules(
    pctx: &PlanCtx<'_>,
    span: (Timestamp, Timestamp),
    rng: &mut Rng,
    taken: &[u64],
    currency: CurrencyId,
) -> Vec<u64> {
    let mut all = taken.to_vec();
    let wanted = rng.between(1, 2);
    for _ in 0..wanted {
        let pick = support::pick_fresh_account(pctx, span, rng, &all, |_, c| {
            is_person(c) && transacting(c) && c.currency == currency
        });
        match pick {
            Some(m) => all.push(m),
            None => break,
        }
    }
    all.split_off(taken.len())
}

/// The attacker: a person owning none of `accounts`, whose usual addresses and devices none of their
/// owners uses (so every attacker event is new on its victim account).
struct Attacker {
    person: u64,
    ips: Vec<String>,
    devices: Vec<String>,
}

fn pick_attacker(pctx: &PlanCtx<'_>, rng: &mut Rng, accounts: &[u64]) -> Option<Attacker> {
    let ctx = pctx.ctx;
    let persons = ctx.layout.params.persons;
    if persons == 0 {
        return None;
    }
    let owners: Vec<Owner> = accounts
        .iter()
        .map(|&a| ctx.layout.account_owner(a))
        .collect();
    let theirs: Vec<String> = owners
        .iter()
        .flat_map(|&o| {
            usual_ips(pctx, o)
                .into_iter()
                .chain(devices::devices(ctx, o))
        })
        .collect();
    for _ in 0..64 {
        let person = rng.below(persons);
        let owner = Owner::Person(person);
        if owners.contains(&owner) {
            continue;
        }
        let attacker = Attacker {
            person,
            ips: usual_ips(pctx, owner),
            devices: devices::devices(ctx, owner),
        };
        let clash = attacker
            .ips
            .iter()
            .chain(&attacker.devices)
            .any(|x| theirs.contains(x));
        if !clash {
            return Some(attacker);
        }
    }
    None
}

/// A time on the UTC day of `ts` at an hour drawn by the waking curve of account events in `country`
/// (sessions start when background sessions do).
fn waking_time(ts: Timestamp, country: crate::refdata::CountryId, rng: &mut Rng) -> Timestamp {
    let day = ts - ts.rem_euclid(DAY);
    let weights: Vec<u32> = (0..24)
        .map(|h| account_event::waking_weight(country, day + h * HOUR))
        .collect();
    day + rng.weighted(&weights) as i64 * HOUR + rng.below(HOUR as u64) as i64
}

fn usual_ips(pctx: &PlanCtx<'_>, owner: Owner) -> Vec<String> {
    (0..devices::usual_ip_count(pctx.ctx, owner))
        .map(|k| devices::usual_ip_at(pctx.ctx, owner, k))
        .collect()
}

/// One of the account owner's usual addresses and one of its devices (a victim's own session).
fn own_session(pctx: &PlanCtx<'_>, a: u64, rng: &mut Rng) -> (String, String) {
    let owner = pctx.ctx.layout.account_owner(a);
    let ip = devices::usual_ip(pctx.ctx, owner, rng);
    let device = rng.pick(&devices::devices(pctx.ctx, owner)).clone();
    (ip, device)
}

fn event(kind: Kind, ts: Timestamp, account: u64, ip: &str, device: &str) -> EventSpec {
    EventSpec {
        kind,
        ts,
        account,
        ip_address: Some(ip.to_string()),
        device_id: Some(device.to_string()),
    }
}

/// The instance's takeover of `victim` in place: the victim as a member, and `count` transfers to the
/// mules (USD-eq median `median_usd`), each `gap` seconds (a drawn range) after the previous one,
/// starting from `after`.
struct Drain {
    count: u64,
    gap: (i64, i64),
    median_usd: f64,
}

fn drain(
    pctx: &PlanCtx<'_>,
    plan: &mut InstancePlan,
    victim: u64,
    mules: &[u64],
    after: Timestamp,
    how: &Drain,
    rng: &mut Rng,
) {
    let mut ts = after;
    for _ in 0..how.count {
        ts += rng.between(how.gap.0, how.gap.1);
        let usd = support::usd_cents(rng, how.median_usd, 0.5).clamp(20_000, 5_000_000);
        plan.transactions.push(TxSpec {
            kind: TRANSFER,
            ts,
            from: Some(victim),
            to: Some(*rng.pick(mules)),
            amount_minor: support::to_account_minor(pctx, victim, usd),
            location: None,
        });
    }
}

/// The members every subtype has: the victim accounts (and owners), mules and the attacker.
fn add_members(
    pctx: &PlanCtx<'_>,
    plan: &mut InstancePlan,
    victims: &[u64],
    mules: &[u64],
    a: &Attacker,
) {
    for &v in victims {
        plan.member_account(pctx.ctx, v, Role::Victim);
    }
    for &m in mules {
        plan.member_account(pctx.ctx, m, Role::Mule);
    }
    plan.member(Entity::Person(a.person), Role::Attacker);
}

/// Sorts the records and returns the plan when it keeps the budget, every record lies in the window and
/// every account is eligible at its records' times.
fn verified(pctx: &PlanCtx<'_>, mut plan: InstancePlan, max: u64) -> Option<InstancePlan> {
    plan.transactions.sort_by_key(|t| t.ts);
    plan.account_events.sort_by_key(|e| e.ts);
    let ctx = pctx.ctx;
    let inside = |ts: Timestamp| ts >= pctx.start() && ts < pctx.end();
    let eligible = |a: u64, ts: Timestamp| account::core(ctx, a).eligible_at(ts);
    let txs_ok = plan.transactions.iter().all(|t| {
        let (from, to) = (t.from.unwrap_or(u64::MAX), t.to.unwrap_or(u64::MAX));
        inside(t.ts)
            && from != to
            && t.amount_minor > 0
            && eligible(from, t.ts)
            && eligible(to, t.ts)
    });
    let events_ok = plan
        .account_events
        .iter()
        .all(|e| inside(e.ts) && eligible(e.account, e.ts));
    let sized = (MIN_TRANSACTIONS[plan.subtype]..=max).contains(&(plan.transactions.len() as u64));
    (txs_ok && events_ok && sized).then_some(plan)
}

// ---- planning, per subtype ----------------------------------------------------------------------------

/// Victims (`count` of them, one currency), mules and the attacker for an instance placed over
/// `duration`; None when the population has too few.
struct Cast {
    start: Timestamp,
    victims: Vec<u64>,
    mules: Vec<u64>,
    attacker: Attacker,
}

fn cast(
    pctx: &PlanCtx<'_>,
    duration: i64,
    count: usize,
    persons_only: bool,
    rng: &mut Rng,
) -> Option<Cast> {
    let (start, duration) = support::place(pctx, duration, rng);
    let span = (start, start + duration);
    let first = pick_victim(pctx, span, rng, &[], None, persons_only)?;
    let core = account::core(pctx.ctx, first);
    let (start, currency) = (waking_time(start, core.country, rng), core.currency);
    let mut victims = vec![first];
    while victims.len() < count {
        victims.push(pick_victim(
            pctx,
            span,
            rng,
            &victims,
            Some(currency),
            persons_only,
        )?);
    }
    let mules = pick_mules(pctx, span, rng, &victims, currency);
    if mules.is_empty() {
        return None;
    }
    let everyone: Vec<u64> = victims.iter().chain(&mules).copied().collect();
    let attacker = pick_attacker(pctx, rng, &everyone)?;
    Some(Cast {
        start,
        victims,
        mules,
        attacker,
    })
}

/// 3–8 targets; 5–50 failed logins (at least one per target) 5 s–10 min apart from 1–3 attacker
/// addresses, the first one on each target from the main address; then 1–3 targets are logged into
/// 1–60 min after the last failure, 40% with an e-mail or phone change 2–20 min later, and each sends
/// 1–2 transfers 10 min–3 h apart.
fn plan_stuffing(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Option<InstancePlan> {
    let targets = rng.between(3, 8) as usize;
    let c = cast(pctx, DAY, targets, false, rng)?;
    let a = &c.attacker;
    let ips = &a.ips[..a.ips.len().min(rng.between(1, 3) as usize)];
    let device = rng.pick(&a.devices).clone();
    let failures = rng.between(5.max((targets + ips.len() - 1) as i64), 50) as usize;
    // Every target once from the main address, every other address once, the rest at random.
    let mut attempts: Vec<(u64, &str)> = c.victims.iter().map(|&v| (v, ips[0].as_str())).collect();
    for ip in &ips[1..] {
        attempts.push((*rng.pick(&c.victims), ip.as_str()));
    }
    while attempts.len() < failures {
        attempts.push((*rng.pick(&c.victims), rng.pick(ips).as_str()));
    }
    rng.shuffle(&mut attempts[targets..]);
    let mut plan = InstancePlan::new(STUFFING);
    let mut ts = c.start;
    for (v, ip) in attempts {
        ts += rng.between(5, 10 * MINUTE);
        plan.account_events
            .push(event(Kind::FailedLogin, ts, v, ip, &device));
    }
    let compromised = (rng.between(1, 3) as usize).min(targets).min(max as usize);
    let mut budget = max - compromised as u64;
    for &v in &c.victims[..compromised] {
        let login = ts + rng.between(MINUTE, HOUR);
        let ip = rng.pick(ips);
        plan.account_events
            .push(event(Kind::Login, login, v, ip, &device));
        if rng.chance(0.4) {
            let change = if rng.chance(0.5) {
                Kind::EmailChange
            } else {
                Kind::PhoneChange
            };
            let at = login + rng.between(2 * MINUTE, 20 * MINUTE);
            plan.account_events.push(event(change, at, v, ip, &device));
        }
        let twice = budget > 0 && rng.chance(0.5);
        budget -= twice as u64;
        let how = Drain {
            count: 1 + twice as u64,
            gap: (10 * MINUTE, 3 * HOUR),
            median_usd: 2_500.0,
        };
        drain(pctx, &mut plan, v, &c.mules, login, &how, rng);
    }
    add_members(pctx, &mut plan, &c.victims, &c.mules, a);
    Some(plan)
}

/// The victim's own login; the attacker's login 5–30 min later from its own address and device; 1–3
/// transfers 1–4 min apart, all within 15 min of the hijack.
fn plan_hijacking(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Option<InstancePlan> {
    let c = cast(pctx, 2 * HOUR, 1, false, rng)?;
    let v = c.victims[0];
    let (ip, device) = own_session(pctx, v, rng);
    let mut plan = InstancePlan::new(HIJACKING);
    let login = c.start + rng.between(0, 30 * MINUTE);
    plan.account_events
        .push(event(Kind::Login, login, v, &ip, &device));
    let hijack = login + rng.between(5 * MINUTE, 30 * MINUTE);
    let a = &c.attacker;
    plan.account_events.push(event(
        Kind::Login,
        hijack,
        v,
        rng.pick(&a.ips).as_str(),
        rng.pick(&a.devices).as_str(),
    ));
    let how = Drain {
        count: (rng.between(1, 3) as u64).min(max),
        gap: (MINUTE, 4 * MINUTE),
        median_usd: 4_000.0,
    };
    drain(pctx, &mut plan, v, &c.mules, hijack, &how, rng);
    add_members(pctx, &mut plan, &c.victims, &c.mules, a);
    Some(plan)
}

/// Phone change, password change 5–40 min later, login from the attacker's device 5–60 min after
/// that (all from the attacker's address and device, within 2 h); 2–4 transfers 1–7 min apart.
fn plan_sim_swap(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Option<InstancePlan> {
    let c = cast(pctx, 3 * HOUR, 1, false, rng)?;
    let v = c.victims[0];
    let a = &c.attacker;
    let (ip, device) = (rng.pick(&a.ips).clone(), rng.pick(&a.devices).clone());
    let mut plan = InstancePlan::new(SIM_SWAP);
    let phone = c.start;
    let password = phone + rng.between(5 * MINUTE, 40 * MINUTE);
    let login = password + rng.between(5 * MINUTE, 60 * MINUTE);
    for (kind, ts) in [
        (Kind::PhoneChange, phone),
        (Kind::PasswordChange, password),
        (Kind::Login, login),
    ] {
        plan.account_events.push(event(kind, ts, v, &ip, &device));
    }
    let how = Drain {
        count: (rng.between(2, 4) as u64).min(max),
        gap: (MINUTE, 7 * MINUTE),
        median_usd: 6_000.0,
    };
    drain(pctx, &mut plan, v, &c.mules, login, &how, rng);
    add_members(pctx, &mut plan, &c.victims, &c.mules, a);
    Some(plan)
}

/// 3–10 person recipients of the attacker's e-mails (1–30 min apart); 1–3 of them are logged into from
/// the attacker's address and device 30 min–36 h after their e-mail and send 1–3 transfers 10 min–4 h
/// apart.
fn plan_phishing(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Option<InstancePlan> {
    let recipients = rng.between(3, 10) as usize;
    let c = cast(pctx, 3 * DAY, recipients, true, rng)?;
    let a = &c.attacker;
    let device = rng.pick(&a.devices).clone();
    let mut plan = InstancePlan::new(PHISHING);
    let mut sent = Vec::with_capacity(recipients);
    let mut ts = c.start;
    let country = pctx.ctx.layout.person_country(a.person);
    for &v in &c.victims {
        ts = mail_time(country, ts + rng.between(MINUTE, 30 * MINUTE));
        let Owner::Person(p) = pctx.ctx.layout.account_owner(v) else {
            return None;
        };
        plan.communications.push(CommunicationSpec {
            kind: CommunicationType::Email,
            ts,
            sender: a.person,
            recipients: vec![p],
        });
        sent.push((v, ts));
    }
    let compromised = (rng.between(1, 3) as usize).min(max as usize);
    let mut budget = max - compromised as u64;
    for &(v, mailed) in &sent[..compromised] {
        let login = mailed + rng.between(30 * MINUTE, 36 * HOUR);
        plan.account_events.push(event(
            Kind::Login,
            login,
            v,
            rng.pick(&a.ips).as_str(),
            &device,
        ));
        let extra = rng.between(0, 2).min(budget as i64) as u64;
        budget -= extra;
        let how = Drain {
            count: 1 + extra,
            gap: (10 * MINUTE, 4 * HOUR),
            median_usd: 2_500.0,
        };
        drain(pctx, &mut plan, v, &c.mules, login, &how, rng);
    }
    add_members(pctx, &mut plan, &c.victims[..compromised], &c.mules, a);
    // The recipients who were not taken over are victims of the campaign too.
    for &v in &c.victims[compromised..] {
        if let Owner::Person(p) = pctx.ctx.layout.account_owner(v) {
            plan.member(Entity::Person(p), Role::Victim);
        }
    }
    Some(plan)
}

/// The first time at or after `ts` when a sender in `country` sends e-mail (whole hours on).
fn mail_time(country: crate::refdata::CountryId, ts: Timestamp) -> Timestamp {
    (0..48)
        .map(|h| ts + h * HOUR)
        .find(|&t| communication::is_allowed_hour(CommunicationType::Email, country, t))
        .unwrap_or(ts)
}

/// The victim's own login; 10 min–12 h later 1–3 attacker logins 5 min–4 h apart from the victim's
/// device and the attacker's addresses; 2–5 transfers 5 min–6 h apart after the first of them.
fn plan_malware(pctx: &PlanCtx<'_>, max: u64, rng: &mut Rng) -> Option<InstancePlan> {
    let c = cast(pctx, 2 * DAY, 1, false, rng)?;
    let v = c.victims[0];
    let a = &c.attacker;
    let (ip, device) = own_session(pctx, v, rng);
    let mut plan = InstancePlan::new(MALWARE);
    plan.account_events
        .push(event(Kind::Login, c.start, v, &ip, &device));
    let first = c.start + rng.between(10 * MINUTE, 12 * HOUR);
    let mut ts = first;
    for k in 0..rng.between(1, 3) {
        if k > 0 {
            ts += rng.between(5 * MINUTE, 4 * HOUR);
        }
        plan.account_events.push(event(
            Kind::Login,
            ts,
            v,
            rng.pick(&a.ips).as_str(),
            &device,
        ));
    }
    let how = Drain {
        count: (rng.between(2, 5) as u64).min(max),
        gap: (5 * MINUTE, 6 * HOUR),
        median_usd: 4_500.0,
    };
    drain(pctx, &mut plan, v, &c.mules, first, &how, rng);
    add_members(pctx, &mut plan, &c.victims, &c.mules, a);
    Some(plan)
}

// ---- checking ------------------------------------------------------------------------------------------

/// An instance's records with the questions every subtype asks of them.
struct View<'r, 'a> {
    r: &'r InstanceRecords<'a>,
    /// The instance's first record time: "new" means never seen on the account before it.
    start: Timestamp,
    victims: Vec<RecordId>,
    mules: Vec<RecordId>,
}

impl<'r, 'a> View<'r, 'a> {
    fn new(r: &'r InstanceRecords<'a>) -> View<'r, 'a> {
        let accounts = |role: Role| -> Vec<RecordId> {
            r.with_role(role)
                .filter(|id| r.facts.account(*id).is_some())
                .collect()
        };
        let start = r
            .account_events
            .iter()
            .map(|e| e.ts)
            .chain(r.transactions.iter().map(|t| t.ts))
            .chain(r.communications.iter().map(|c| c.ts))
            .min()
            .unwrap_or(Timestamp::MIN);
        View {
            r,
            start,
            victims: accounts(Role::Victim),
            mules: accounts(Role::Mule),
        }
    }

    /// Whether `x` (an address or device) is new on `account`: not seen there before the instance.
    fn new_on(&self, account: RecordId, x: &str) -> bool {
        !self.r.facts.seen_before(account, x, self.start)
    }

    /// Whether `x` was seen on `account` before `t` (before the instance, or on an earlier instance
    /// event).
    fn seen_by(&self, account: RecordId, x: &str, t: Timestamp) -> bool {
        self.r.facts.seen_before(account, x, t)
            || self
                .events_on(account)
                .any(|e| e.ts < t && (e.ip_address == x || e.device_id == x))
    }

    fn events_on(&self, account: RecordId) -> impl Iterator<Item = &'r EventView> + '_ {
        self.r
            .account_events
            .iter()
            .filter(move |e| e.account == account)
    }

    /// The victim's takeover event: its first event, not a failed login, from an address or device new
    /// on the account.
    fn takeover(&self, account: RecordId) -> Option<&'r EventView> {
        self.events_on(account).find(|e| {
            e.kind != Kind::FailedLogin
                && (self.new_on(account, &e.ip_address) || self.new_on(account, &e.device_id))
        })
    }

    /// Accounts that send pattern transfers, in first-transfer order.
    fn senders(&self) -> Vec<RecordId> {
        let mut out: Vec<RecordId> = Vec::new();
        for t in &self.r.transactions {
            if let Some(from) = t.from.filter(|f| !out.contains(f)) {
                out.push(from);
            }
        }
        out
    }

    fn transfers_from(&self, account: RecordId) -> impl Iterator<Item = Timestamp> + '_ {
        self.r
            .transactions
            .iter()
            .filter(move |t| t.from == Some(account))
            .map(|t| t.ts)
    }

    /// Every transaction is a transfer from a victim to a mule account in one currency; every event
    /// is on a victim account; each sending victim's transfers all follow its takeover event, within
    /// 48 h.
    fn check_common(&self) -> Result<(), Violation> {
        let r = self.r;
        ensure(!r.transactions.is_empty(), || "no transfers".into())?;
        ensure(!self.mules.is_empty(), || "no mule account".into())?;
        let currency = &r.transactions[0].currency;
        for t in &r.transactions {
            ensure(t.kind == TRANSFER, || format!("{} is not a transfer", t.id))?;
            ensure(&t.currency == currency, || {
                format!("{} is in {}, not {currency}", t.id, t.currency)
            })?;
            ensure(t.from.is_some_and(|f| self.victims.contains(&f)), || {
                format!("{} is not sent by a victim account", t.id)
            })?;
            ensure(t.to.is_some_and(|to| self.mules.contains(&to)), || {
                format!("{} does not reach a mule account", t.id)
            })?;
        }
        for e in &r.account_events {
            ensure(self.victims.contains(&e.account), || {
                format!("event {} is not on a victim account", e.id)
            })?;
        }
        for v in self.senders() {
            let takeover = self.takeover(v).ok_or_else(|| {
                Violation(format!(
                    "victim {v} sends transfers but no event from a new address or device"
                ))
            })?;
            for ts in self.transfers_from(v) {
                ensure(ts > takeover.ts, || {
                    format!(
                        "a transfer of {v} precedes its takeover event {}",
                        takeover.id
                    )
                })?;
                ensure(ts - takeover.ts <= TAKEOVER_WINDOW, || {
                    format!("a transfer of {v} comes more than 48 h after its takeover")
                })?;
            }
        }
        Ok(())
    }

    fn no_failed_logins(&self) -> Result<(), Violation> {
        let failed = self
            .r
            .account_events
            .iter()
            .find(|e| e.kind == Kind::FailedLogin);
        ensure(failed.is_none(), || {
            format!(
                "failed login {} in a subtype without them",
                failed.map_or(RecordId::default(), |e| e.id)
            )
        })
    }

    /// ≥ 5 failed logins within the 24 h before the first successful attacker login, from at most 3
    /// addresses new on their accounts, one of which fails on ≥ 3 distinct accounts; that login comes
    /// from one of those addresses.
    fn check_stuffing(&self) -> Result<(), Violation> {
        let events = &self.r.account_events;
        let success = events
            .iter()
            .find(|e| e.kind != Kind::FailedLogin && self.new_on(e.account, &e.ip_address))
            .ok_or_else(|| Violation("no successful login from a new address".into()))?;
        let failures: Vec<&EventView> = events
            .iter()
            .filter(|e| {
                e.kind == Kind::FailedLogin
                    && e.ts < success.ts
                    && success.ts - e.ts <= DAY
                    && self.new_on(e.account, &e.ip_address)
            })
            .collect();
        ensure(failures.len() >= 5, || {
            format!(
                "{} failed logins from new addresses in the 24 h before {}",
                failures.len(),
                success.id
            )
        })?;
        let mut ips: Vec<&str> = failures.iter().map(|e| e.ip_address.as_str()).collect();
        ips.sort_unstable();
        ips.dedup();
        ensure(ips.len() <= 3, || {
            format!("failed logins from {} addresses", ips.len())
        })?;
        ensure(ips.contains(&success.ip_address.as_str()), || {
            format!("{} does not come from a stuffing address", success.id)
        })?;
        let spread = |ip: &str| {
            let mut accounts: Vec<RecordId> = failures
                .iter()
                .filter(|e| e.ip_address == ip)
                .map(|e| e.account)
                .collect();
            accounts.sort_unstable();
            accounts.dedup();
            accounts.len()
        };
        ensure(ips.iter().any(|ip| spread(ip) >= 3), || {
            "no stuffing address fails on 3 distinct accounts".into()
        })
    }

    /// A login from a new address within 30 min after an earlier login from another address; every
    /// transfer within 15 min after that hijack; no failed logins.
    fn check_hijacking(&self) -> Result<(), Violation> {
        self.no_failed_logins()?;
        for v in self.senders() {
            let logins: Vec<&EventView> = self
                .events_on(v)
                .filter(|e| e.kind == Kind::Login)
                .collect();
            let hijack = logins
                .iter()
                .find(|a| {
                    self.new_on(v, &a.ip_address)
                        && logins.iter().any(|b| {
                            b.ts < a.ts
                                && a.ts - b.ts <= 30 * MINUTE
                                && b.ip_address != a.ip_address
                        })
                })
                .ok_or_else(|| {
                    Violation(format!(
                        "no login of {v} from a new address within 30 min of another"
                    ))
                })?;
            for ts in self.transfers_from(v) {
                ensure(ts > hijack.ts && ts - hijack.ts <= 15 * MINUTE, || {
                    format!(
                        "a transfer of {v} is not within 15 min after the hijack {}",
                        hijack.id
                    )
                })?;
            }
        }
        Ok(())
    }

    /// Phone change, then password change, then a login from a new device, within 2 h; every transfer
    /// within 30 min after that login.
    fn check_sim_swap(&self) -> Result<(), Violation> {
        for v in self.senders() {
            let after = |kind: Kind, t: Timestamp| {
                self.events_on(v).find(move |e| e.kind == kind && e.ts > t)
            };
            let phone = after(Kind::PhoneChange, Timestamp::MIN)
                .ok_or_else(|| Violation(format!("no phone change on {v}")))?;
            let password = after(Kind::PasswordChange, phone.ts).ok_or_else(|| {
                Violation(format!("no password change on {v} after the phone change"))
            })?;
            let login = self
                .events_on(v)
                .find(|e| {
                    e.kind == Kind::Login && e.ts > password.ts && self.new_on(v, &e.device_id)
                })
                .ok_or_else(|| {
                    Violation(format!(
                        "no new-device login on {v} after the password change"
                    ))
                })?;
            ensure(login.ts - phone.ts <= 2 * HOUR, || {
                format!("the swap of {v} takes more than 2 h")
            })?;
            for ts in self.transfers_from(v) {
                ensure(ts > login.ts && ts - login.ts <= 30 * MINUTE, || {
                    format!(
                        "a transfer of {v} is not within 30 min after the login {}",
                        login.id
                    )
                })?;
            }
        }
        Ok(())
    }

    /// Every victim account with events: its owner got an e-mail of the instance from an attacker
    /// before the takeover event; no failed logins.
    fn check_phishing(&self) -> Result<(), Violation> {
        self.no_failed_logins()?;
        let attackers: Vec<RecordId> = self.r.with_role(Role::Attacker).collect();
        let mut accounts: Vec<RecordId> = self.r.account_events.iter().map(|e| e.account).collect();
        accounts.sort_unstable();
        accounts.dedup();
        for v in accounts {
            let takeover = self.takeover(v).ok_or_else(|| {
                Violation(format!("no login of {v} from a new address or device"))
            })?;
            let owner =
                self.r.facts.account(v).map(|a| a.owner).ok_or_else(|| {
                    Violation(format!("victim account {v} is not in the dataset"))
                })?;
            let mailed = self.r.communications.iter().any(|c| {
                c.ts < takeover.ts && attackers.contains(&c.sender) && c.recipients.contains(&owner)
            });
            ensure(mailed, || {
                format!(
                    "the owner of {v} got no attacker e-mail before {}",
                    takeover.id
                )
            })?;
        }
        Ok(())
    }

    /// After the victim's own first session, every event uses a device already seen on the account,
    /// and at least one comes from a new address; 2–5 transfers.
    fn check_malware(&self) -> Result<(), Violation> {
        let n = self.r.transactions.len();
        ensure((2..=5).contains(&n), || {
            format!("{n} transfers, 2–5 needed")
        })?;
        for v in self.senders() {
            let mut events = self.events_on(v);
            let own = events
                .next()
                .ok_or_else(|| Violation(format!("no events on {v}")))?;
            let mut attacks = 0;
            for e in events {
                ensure(self.seen_by(v, &e.device_id, e.ts), || {
                    format!(
                        "event {} on {v} comes from a device new on the account",
                        e.id
                    )
                })?;
                attacks += (e.ip_address != own.ip_address && self.new_on(v, &e.ip_address)) as u32;
            }
            ensure(attacks > 0, || {
                format!("no event on {v} from a new address")
            })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::{Ctx, test_ctx, transaction};
    use crate::patterns::testing::{check_over_seeds, ctx_facts, materialize, plan_ctx};

    fn member_accounts(plan: &InstancePlan, role: Role) -> Vec<u64> {
        plan.members
            .iter()
            .filter_map(|m| match m.entity {
                Entity::Account(a) if m.role == role => Some(a),
                _ => None,
            })
            .collect()
    }

    /// What every subtype promises: every record built, transfers at open hours in the victim's
    /// currency, attacker addresses and devices in the background formats, victims of both kinds of
    /// owner.
    fn common_properties(ctx: &Ctx, plan: &InstancePlan, r: &InstanceRecords<'_>) {
        assert_eq!(r.transactions.len(), plan.transactions.len());
        assert_eq!(r.account_events.len(), plan.account_events.len());
        for t in &plan.transactions {
            let sender = account::core(ctx, t.from.expect("sender"));
            assert!(transaction::opens(t.kind, sender.country, t.ts));
            let receiver = account::core(ctx, t.to.expect("receiver"));
            assert_eq!(receiver.currency, sender.currency);
        }
        for e in &r.account_events {
            assert!(
                e.device_id.starts_with("DEV-") && e.device_id.len() == 16,
                "{}",
                e.device_id
            );
            let octets: Vec<u32> = e
                .ip_address
                .split('.')
                .map(|o| o.parse().unwrap())
                .collect();
            assert_eq!(octets.len(), 4);
            let ip = octets.iter().fold(0u32, |ip, &o| ip << 8 | o);
            assert!(devices::is_public_unicast(ip), "{}", e.ip_address);
        }
        assert_eq!(
            plan.members
                .iter()
                .filter(|m| m.role == Role::Attacker)
                .count(),
            1
        );
        assert!(!member_accounts(plan, Role::Mule).is_empty());
    }

    #[test]
    fn every_subtype_holds_over_seeds_and_sizes() {
        let mut per_subtype = [0u64; 5];
        let mut company_victims = 0;
        let checked = check_over_seeds(&AccountTakeover, 50, 2, |ctx, plan, r| {
            common_properties(ctx, plan, r);
            per_subtype[plan.subtype] += 1;
            let victims = member_accounts(plan, Role::Victim);
            company_victims += victims
                .iter()
                .filter(|&&v| matches!(ctx.layout.account_owner(v), Owner::Company(_)))
                .count();
            match plan.subtype {
                STUFFING => {
                    assert!((3..=8).contains(&victims.len()));
                    let failed = plan
                        .account_events
                        .iter()
                        .filter(|e| e.kind == Kind::FailedLogin)
                        .count();
                    assert!((5..=50).contains(&failed), "{failed}");
                }
                SIM_SWAP => assert!((2..=4).contains(&plan.transactions.len())),
                MALWARE => assert!((2..=5).contains(&plan.transactions.len())),
                _ => {}
            }
        });
        assert_eq!(checked, 50 * 5 * 2);
        assert!(per_subtype.iter().all(|&n| n == 100), "{per_subtype:?}");
        assert!(company_victims > 0, "no company victims");
    }

    /// A planned instance of `subtype` with its records.
    fn assert_broken(subtype: usize, mutate: impl FnOnce(&mut InstanceRecords<'_>)) {
        let ctx = test_ctx(7, 1_000, 200, 2_000, 90);
        let mut rng = ctx.rng("account_takeover.test", subtype as u64);
        let plan = AccountTakeover
            .plan(&plan_ctx(&ctx), subtype, 40, &mut rng)
            .expect("a plan");
        let facts = ctx_facts(&ctx);
        let mut r = materialize(&ctx, &facts, &AccountTakeover, &plan);
        assert_eq!(AccountTakeover.check(&r), Ok(()));
        mutate(&mut r);
        assert!(
            AccountTakeover.check(&r).is_err(),
            "{} still holds",
            SUBTYPES[subtype].0
        );
    }

    #[test]
    fn too_few_failures_break_credential_stuffing() {
        assert_broken(STUFFING, |r| {
            let mut kept = 0;
            r.account_events.retain(|e| {
                kept += (e.kind == Kind::FailedLogin) as u32;
                e.kind != Kind::FailedLogin || kept <= 4
            });
        });
    }

    #[test]
    fn a_late_transfer_breaks_session_hijacking() {
        assert_broken(HIJACKING, |r| {
            let last = r.transactions.len() - 1;
            r.transactions[last].ts += 20 * MINUTE;
        });
    }

    #[test]
    fn a_password_change_before_the_phone_change_breaks_sim_swap() {
        assert_broken(SIM_SWAP, |r| {
            let phone = r
                .account_events
                .iter()
                .position(|e| e.kind == Kind::PhoneChange);
            let password = r
                .account_events
                .iter()
                .position(|e| e.kind == Kind::PasswordChange);
            let (p, w) = (phone.unwrap(), password.unwrap());
            r.account_events[p].kind = Kind::PasswordChange;
            r.account_events[w].kind = Kind::PhoneChange;
        });
    }

    #[test]
    fn a_failed_login_breaks_phishing() {
        assert_broken(PHISHING, |r| {
            r.account_events[0].kind = Kind::FailedLogin;
        });
    }

    #[test]
    fn a_new_device_breaks_malware() {
        assert_broken(MALWARE, |r| {
            let last = r.account_events.len() - 1;
            r.account_events[last].device_id = "DEV-000000000000".into();
        });
    }

    #[test]
    fn a_transfer_before_the_takeover_breaks_every_subtype() {
        for subtype in 0..SUBTYPES.len() {
            assert_broken(subtype, |r| {
                r.transactions[0].ts = r.account_events[0].ts - 1;
            });
        }
    }

    #[test]
    fn a_transfer_to_a_non_mule_breaks_every_subtype() {
        for subtype in 0..SUBTYPES.len() {
            assert_broken(subtype, |r| {
                r.transactions[0].to = r.transactions[0].from;
            });
        }
    }

    #[test]
    fn plans_fit_the_smallest_budget_and_need_account_events() {
        let ctx = test_ctx(5, 1_000, 200, 2_000, 90);
        let facts = ctx_facts(&ctx);
        for (subtype, (label, _)) in SUBTYPES.iter().enumerate() {
            let min = AccountTakeover.min_transactions(subtype);
            let mut rng = ctx.rng("account_takeover.test.min", subtype as u64);
            let plan = AccountTakeover
                .plan(&plan_ctx(&ctx), subtype, min, &mut rng)
                .unwrap_or_else(|e| panic!("{label}: {}", e.0));
            assert_eq!(plan.transactions.len() as u64, min, "{label}");
            let r = materialize(&ctx, &facts, &AccountTakeover, &plan);
            assert_eq!(AccountTakeover.check(&r), Ok(()), "{label}");
            assert!(
                AccountTakeover
                    .plan(&plan_ctx(&ctx), subtype, min - 1, &mut rng)
                    .is_err()
            );
            let none = PlanCtx {
                account_events: 0,
                ..plan_ctx(&ctx)
            };
            let err = AccountTakeover
                .plan(&none, subtype, 40, &mut rng)
                .unwrap_err();
            assert!(err.0.contains("--account-events is 0"), "{}", err.0);
        }
    }
}
