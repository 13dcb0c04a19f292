//! Account generator (SPEC §7.3): the full account record of row `a`, a pure function of the context
//! and `a`. `opened_at` is exposed on its own because owners' `created_at` is the opening time of their
//! first account; it reads only the owner's core, which never calls back into this module.
//!
//! Streams: `account.opened` (opening time), `account.core` (type, currency, status, closing date: what
//! other generators read through [`core`]), `account` (everything else in the record).
//! Money: amounts are drawn in USD-eq as floats inside the samplers, converted to the account
//! currency and rounded once, half-even, to its minor units ([`usd_to_minor`]).

use super::Ctx;
use super::opening::opened_at_from;
use super::{company, links, person};
use crate::core::seed::Rng;
use crate::core::time::{Date, Timestamp, add_years, date_of};
use crate::model::account::{Account, AccountStatus, AccountType, MonitoringReason};
use crate::model::common::{EntityType, RiskLevel};
use crate::model::record::Decimal;
use crate::population::layout::Owner;
use crate::refdata::{self, CountryId, Currency, CurrencyId};

/// Currencies held by the foreign-currency share of accounts in other countries.
const RESERVE_CURRENCIES: [&str; 3] = ["USD", "EUR", "GBP"];

const PERSON_TYPES: [(AccountType, u32); 6] = [
    (AccountType::Checking, 40),
    (AccountType::Savings, 30),
    (AccountType::CreditCard, 15),
    (AccountType::Investment, 10),
    (AccountType::Loan, 3),
    (AccountType::Mortgage, 2),
];

const COMPANY_TYPES: [(AccountType, u32); 4] = [
    (AccountType::Business, 70),
    (AccountType::Checking, 20),
    (AccountType::Savings, 5),
    (AccountType::Investment, 5),
];

/// Zipf exponent of bank choice inside a country: a few large banks hold most accounts.
const BANK_ZIPF_EXPONENT: f64 = 1.1;

/// Opening time of account `a` (its date is `opened_date`): on or after the owner's 18th birthday or
/// registration date; `opened_in_window_share` (8%) inside the window, the rest before it with a
/// tenure of at most 30 years. Owners who came of age or registered during the window open inside it.
/// Times fall in business hours, 09:00–16:59:59 UTC.
pub fn opened_at(ctx: &Ctx, a: u64) -> Timestamp {
    let earliest = match ctx.layout.account_owner(a) {
        Owner::Person(p) => add_years(person::core(ctx, p).date_of_birth, 18),
        Owner::Company(c) => company::core(ctx, c).registration_date,
    };
    opened_at_from(ctx, a, earliest)
}

/// What the account needs to know about its owner.
struct OwnerFacts {
    id: crate::core::ids::RecordId,
    kind: EntityType,
    country: CountryId,
    risk_level: RiskLevel,
    is_pep: bool,
    is_sanctioned: bool,
    /// 18th birthday or registration date: the earliest opening date.
    earliest: Date,
}

fn owner_facts(ctx: &Ctx, owner: Owner) -> OwnerFacts {
    match owner {
        Owner::Person(p) => {
            let core = person::core(ctx, p);
            OwnerFacts {
                id: ctx.person_id(p),
                kind: EntityType::Person,
                country: core.country,
                risk_level: core.risk_level,
                is_pep: core.is_pep,
                is_sanctioned: core.is_sanctioned,
                earliest: add_years(core.date_of_birth, 18),
            }
        }
        Owner::Company(c) => {
            let core = company::core(ctx, c);
            OwnerFacts {
                id: ctx.company_id(c),
                kind: EntityType::Company,
                country: core.country,
                risk_level: core.risk_level,
                is_pep: false,
                is_sanctioned: core.is_sanctioned,
                earliest: core.registration_date,
            }
        }
    }
}

/// What other generators need to know about account `a` (owner, currency, eligibility), without the
/// bank, balances and history of the full record. [`record`] is built on it, so both always agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountCore {
    pub owner: Owner,
    /// The owner's country.
    pub country: CountryId,
    pub currency: CurrencyId,
    pub status: AccountStatus,
    pub account_type: AccountType,
    pub opened_date: Date,
    pub closed_date: Option<Date>,
    /// The owner is high or critical risk, or a PEP (AL `high_risk_party`).
    pub owner_high_risk: bool,
    pub owner_sanctioned: bool,
}

impl AccountCore {
    /// SPEC §5.2 eligibility at `ts`: opened on or before date(ts), and active, or closed with
    /// date(ts) before the closing date. Dormant and frozen accounts never transact.
    pub fn eligible_at(&self, ts: Timestamp) -> bool {
        let day = date_of(ts);
        self.opened_date <= day
            && match self.status {
                AccountStatus::Active => true,
                AccountStatus::Closed => self.closed_date.is_some_and(|closed| day < closed),
                AccountStatus::Dormant | AccountStatus::Frozen => false,
            }
    }
}

/// The core of account row `a` (its own stream `account.core`, plus the opening time).
pub fn core(ctx: &Ctx, a: u64) -> AccountCore {
    if let Some(core) = ctx.account_table.get(&ctx.layout, a) {
        return core;
    }
    thread_local! {
        static CORES: std::cell::RefCell<super::memo::Memo<AccountCore>> =
            std::cell::RefCell::new(super::memo::Memo::new(14));
    }
    super::memo::cached(&CORES, ctx.run_id, a, || draw_core(ctx, a).0)
}

/// The core of account row `a`, derived afresh (what the account table is built from).
pub fn derive_core(ctx: &Ctx, a: u64) -> AccountCore {
    draw_core(ctx, a).0
}

/// The core, the owner facts it was derived from and the opening time.
fn draw_core(ctx: &Ctx, a: u64) -> (AccountCore, OwnerFacts, Timestamp) {
    let owner = ctx.layout.account_owner(a);
    let facts = owner_facts(ctx, owner);
    let created_at = opened_at_from(ctx, a, facts.earliest);
    let opened_date = date_of(created_at);
    let mut rng = ctx.rng("account.core", a);
    let account_type = match owner {
        Owner::Person(_) => rng.weighted_item(&PERSON_TYPES),
        Owner::Company(_) => rng.weighted_item(&COMPANY_TYPES),
    };
    let currency = account_currency(ctx, facts.country, &mut rng);
    let status = draw_status(ctx, facts.is_sanctioned, opened_date, &mut rng);
    let closed_date = (status == AccountStatus::Closed)
        .then(|| rng.between(opened_date as i64 + 1, ctx.window.as_of_date as i64) as Date);
    let core = AccountCore {
        owner,
        country: facts.country,
        currency,
        status,
        account_type,
        opened_date,
        closed_date,
        owner_high_risk: facts.is_pep
            || matches!(facts.risk_level, RiskLevel::High | RiskLevel::Critical),
        owner_sanctioned: facts.is_sanctioned,
    };
    (core, facts, created_at)
}

/// The full record of account row `a`.
pub fn record(ctx: &Ctx, a: u64) -> Account {
    let (core, facts, created_at) = draw_core(ctx, a);
    let owner = core.owner;
    let AccountCore {
        account_type,
        status,
        opened_date,
        closed_date,
        ..
    } = core;
    let opened_inside_window = created_at >= ctx.window.start;
    let mut rng = ctx.rng("account", a);

    let country = refdata::country(facts.country);
    let banks = ctx.banks.of_country(facts.country);
    let bank = &banks[rng.zipf(banks.len() as u64, BANK_ZIPF_EXPONENT) as usize];
    let branch = (!bank.branches.is_empty()).then(|| rng.pick(&bank.branches));

    let currency = refdata::currency(core.currency);

    let joint_owners = match owner {
        Owner::Person(p) if rng.chance(ctx.params.accounts.joint_probability) => {
            joint_owner(ctx, p, &mut rng).map_or_else(Vec::new, |q| vec![ctx.person_id(q)])
        }
        _ => Vec::new(),
    };
    let beneficial_owners = match owner {
        Owner::Company(c) => links::beneficial_owners(ctx, c)
            .iter()
            .map(|b| ctx.person_id(b.person))
            .collect(),
        Owner::Person(_) => Vec::new(),
    };

    let balances = draw_balances(account_type, status, currency, &mut rng);
    let history = if opened_inside_window {
        History::default()
    } else {
        let active_until = closed_date.map_or(date_of(ctx.window.start), |d| {
            d.min(date_of(ctx.window.start))
        });
        draw_history(
            account_type,
            &balances,
            (active_until - opened_date).max(0),
            currency,
            &mut rng,
        )
    };

    let is_monitored = rng.chance(monitored_probability(facts.risk_level));
    let monitoring_reason = is_monitored.then(|| monitoring_reason(&facts, &mut rng));
    let has_suspicious_activity = rng.chance(suspicious_probability(facts.risk_level));
    let frozen = status == AccountStatus::Frozen;
    let kyc_verified = !frozen && rng.chance(0.95);
    let aml_verified = !frozen && rng.chance(0.90);

    Account {
        id: ctx.account_id(a),
        created_at,
        updated_at: ctx.window.end,
        account_number: crate::ident::national::account_number(country, a),
        iban: crate::ident::iban::make_at_branch(
            country.code,
            &bank.national_code,
            branch.map(|b| b.code.as_str()),
            a,
        ),
        swift_code: bank.bic.clone(),
        routing_number: if country.code == "US" {
            bank.aba.clone()
        } else {
            None
        },
        account_type,
        currency: currency.code,
        bank_name: bank.name.clone(),
        bank_id: bank.id.clone(),
        branch_name: branch.map(|b| b.name.clone()),
        branch_code: branch.map(|b| b.code.clone()),
        owner_id: facts.id,
        owner_type: facts.kind,
        joint_owners,
        beneficial_owners,
        status,
        opened_date,
        closed_date,
        current_balance: Decimal::new(balances.current, currency.minor_units),
        available_balance: Decimal::new(balances.available, currency.minor_units),
        credit_limit: balances
            .credit_limit
            .map(|l| Decimal::new(l, currency.minor_units)),
        risk_level: facts.risk_level,
        is_monitored,
        monitoring_reason,
        transaction_count: history.transaction_count,
        total_deposits: Decimal::new(history.deposits, currency.minor_units),
        total_withdrawals: Decimal::new(history.withdrawals, currency.minor_units),
        average_balance: Decimal::new(history.average_balance, currency.minor_units),
        is_dormant: status == AccountStatus::Dormant,
        has_suspicious_activity,
        kyc_verified,
        aml_verified,
    }
}

/// The owner's national currency, except that a share of accounts in countries whose currency is not
/// a reserve currency hold USD, EUR or GBP (all fiat).
fn account_currency(ctx: &Ctx, country: CountryId, rng: &mut Rng) -> CurrencyId {
    let national = refdata::currency_of(country);
    let is_reserve = RESERVE_CURRENCIES.contains(&refdata::currency(national).code);
    if !is_reserve && rng.chance(ctx.params.accounts.foreign_currency_probability) {
        let code = RESERVE_CURRENCIES[rng.index(RESERVE_CURRENCIES.len())];
        refdata::currency_by_code(code).unwrap_or(national)
    } else {
        national
    }
}

/// A housemate of person `p` (never `p`), or None for people who live alone.
fn joint_owner(ctx: &Ctx, p: u64, rng: &mut Rng) -> Option<u64> {
    let (block, position, household) = ctx.layout.household_of(p);
    let mates: Vec<u8> = household.housemates_of(position).collect();
    (!mates.is_empty()).then(|| ctx.layout.person_in_block(block, *rng.pick(&mates)))
}

/// Status by the configured shares; sanctioned owners' accounts are frozen with the configured
/// probability first. An account opened on the as-of date cannot close (closed > opened), so it stays
/// active.
fn draw_status(ctx: &Ctx, sanctioned: bool, opened: Date, rng: &mut Rng) -> AccountStatus {
    let p = &ctx.params.accounts;
    if sanctioned && rng.chance(p.sanctioned_frozen_probability) {
        return AccountStatus::Frozen;
    }
    let per_10k = |share: f64| (share * 10_000.0).round() as u32;
    let status = rng.weighted_item(&[
        (AccountStatus::Active, per_10k(p.status_active)),
        (AccountStatus::Dormant, per_10k(p.status_dormant)),
        (AccountStatus::Frozen, per_10k(p.status_frozen)),
        (AccountStatus::Closed, per_10k(p.status_closed)),
    ]);
    if status == AccountStatus::Closed && opened >= ctx.window.as_of_date {
        AccountStatus::Active
    } else {
        status
    }
}

/// USD-eq amount converted to minor units of `currency`: the single rounding point (half-even) of
/// account money.
pub(crate) fn usd_to_minor(usd: f64, currency: &Currency) -> i64 {
    // Samplers work in floating USD; the amount becomes integer cents here, and the exact FX conversion
    // of `refdata::currencies` rounds half-even once into the currency's minor units.
    crate::refdata::currencies::from_usd(libm::rint(usd * 100.0) as i64, currency.code)
}

/// Opening snapshot balances in minor units.
#[derive(Debug, PartialEq)]
struct Balances {
    current: i64,
    available: i64,
    credit_limit: Option<i64>,
}

/// Deposit products: current balance log-normal by type, available lower by a hold on 30% of accounts.
/// Credit products: a credit line (card limit or loan principal) and the amount owed against it.
/// Closed accounts hold nothing and carry no credit line.
fn draw_balances(
    account_type: AccountType,
    status: AccountStatus,
    currency: &Currency,
    rng: &mut Rng,
) -> Balances {
    if status == AccountStatus::Closed {
        return Balances {
            current: 0,
            available: 0,
            credit_limit: None,
        };
    }
    if account_type.is_credit() {
        let (median, sigma, lo, hi) = match account_type {
            AccountType::CreditCard => (5_000.0, 0.8, 500.0, 100_000.0),
            AccountType::Loan => (25_000.0, 0.8, 1_000.0, 1_000_000.0),
            _ => (250_000.0, 0.7, 20_000.0, 5_000_000.0),
        };
        let limit = usd_to_minor(rng.log_normal(median, sigma).clamp(lo, hi), currency);
        // Cards: utilisation uniform; loans: the unpaid share of the principal.
        let owed_share = match account_type {
            AccountType::CreditCard => rng.unit() * rng.unit(),
            _ => rng.unit(),
        };
        let owed = ((limit as f64 * owed_share) as i64).clamp(0, limit);
        Balances {
            current: owed,
            available: limit - owed,
            credit_limit: Some(limit),
        }
    } else {
        let (median, sigma) = match account_type {
            AccountType::Checking => (3_000.0, 1.2),
            AccountType::Savings => (12_000.0, 1.3),
            AccountType::Investment => (40_000.0, 1.5),
            _ => (80_000.0, 1.6),
        };
        let scale = if status == AccountStatus::Dormant {
            0.1
        } else {
            1.0
        };
        let current = usd_to_minor(
            rng.log_normal(median * scale, sigma).min(50_000_000.0),
            currency,
        )
        .max(0);
        let held = if rng.chance(0.3) {
            (current as f64 * rng.uniform(0.0, 0.1)) as i64
        } else {
            0
        };
        Balances {
            current,
            available: current - held,
            credit_limit: None,
        }
    }
}

/// Lifetime figures up to the window start (prior period; not reconciled with generated flows).
#[derive(Debug, Default)]
struct History {
    transaction_count: i64,
    deposits: i64,
    withdrawals: i64,
    average_balance: i64,
}

/// Activity over `days_open` days: a monthly rate by product, a typical transaction size, and totals
/// that agree with the snapshot balance (deposits − withdrawals = balance for deposit products,
/// withdrawals − repayments = amount owed for credit products).
fn draw_history(
    account_type: AccountType,
    balances: &Balances,
    days_open: i32,
    currency: &Currency,
    rng: &mut Rng,
) -> History {
    let (per_month, typical_usd) = match account_type {
        AccountType::Checking => (rng.between(10, 40), 150.0),
        AccountType::Savings => (rng.between(1, 4), 800.0),
        AccountType::CreditCard => (rng.between(8, 30), 60.0),
        AccountType::Investment => (rng.between(1, 5), 4_000.0),
        AccountType::Loan | AccountType::Mortgage => (1, 0.0),
        AccountType::Business => (rng.between(30, 200), 2_500.0),
    };
    let transaction_count = per_month * (days_open as i64 / 30).max(1);
    let balance = balances.current;
    let credit_line = balances.credit_limit.unwrap_or(0);
    let turnover = match account_type {
        // Loan repayments: the paid-down part of the principal.
        AccountType::Loan | AccountType::Mortgage => credit_line - balance,
        _ => usd_to_minor(
            rng.log_normal(typical_usd, 0.5) * (transaction_count as f64 / 2.0),
            currency,
        ),
    }
    .max(0);
    let (deposits, withdrawals) = if account_type.is_credit() {
        (turnover, turnover + balance)
    } else {
        (turnover.max(balance), turnover.max(balance) - balance)
    };
    let average_balance = match account_type {
        AccountType::Loan | AccountType::Mortgage => (credit_line + balance) / 2,
        _ => (balance as f64 * rng.uniform(0.7, 1.3)) as i64,
    };
    History {
        transaction_count,
        deposits,
        withdrawals,
        average_balance,
    }
}

fn monitored_probability(risk: RiskLevel) -> f64 {
    match risk {
        RiskLevel::Low => 0.01,
        RiskLevel::Medium => 0.05,
        RiskLevel::High => 0.20,
        RiskLevel::Critical => 0.60,
    }
}

/// Prior SAR history (KYC), independent of injected patterns.
fn suspicious_probability(risk: RiskLevel) -> f64 {
    match risk {
        RiskLevel::Low => 0.005,
        RiskLevel::Medium => 0.03,
        RiskLevel::High => 0.15,
        RiskLevel::Critical => 0.40,
    }
}

/// Sanctioned and PEP owners are monitored for that reason; others for a uniform reason.
fn monitoring_reason(owner: &OwnerFacts, rng: &mut Rng) -> MonitoringReason {
    if owner.is_sanctioned {
        MonitoringReason::SanctionsScreening
    } else if owner.is_pep {
        MonitoringReason::PepRelated
    } else {
        *rng.pick(MonitoringReason::ALL)
    }
}

/// Accounts looked at by [`always_eligible_exists`]: a real population has one among its first few;
/// only a tiny or all-frozen one has none.
const ALWAYS_ELIGIBLE_SCAN: usize = 100_000;

/// Whether some account (of a person only, with `persons_only`) is eligible at every instant of the
/// window, so that every background event drawn on such accounts finds one (the last resort of the
/// trade and account-event account draws).
pub fn always_eligible_exists(ctx: &Ctx, persons_only: bool) -> bool {
    let (start, last) = (ctx.window.start, ctx.window.end - 1);
    (0..ctx.layout.params.accounts)
        .filter(|&a| !persons_only || matches!(ctx.layout.account_owner(a), Owner::Person(_)))
        .take(ALWAYS_ELIGIBLE_SCAN)
        .any(|a| {
            let core = core(ctx, a);
            core.eligible_at(start) && core.eligible_at(last)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::Namespace;
    use crate::core::time::midnight;
    use crate::model::record::Record;

    fn ctx(persons: u64, companies: u64, accounts: u64) -> Ctx {
        crate::generators::test_ctx(7, persons, companies, accounts, 365)
    }

    #[test]
    fn records_are_deterministic() {
        let (a, b) = (ctx(300, 40, 500), ctx(300, 40, 500));
        for i in (0..500).step_by(7) {
            assert_eq!(record(&a, i), record(&b, i));
        }
        assert_eq!(record(&a, 3).record_id(), a.account_id(3));
    }

    #[test]
    fn owners_resolve_and_joint_owners_are_housemates() {
        let ctx = ctx(2_000, 200, 3_000);
        let mut joint = 0;
        for a in 0..3_000 {
            let acc = record(&ctx, a);
            let (ns, index) = ctx.ids.decode(acc.owner_id.value).expect("decodes");
            match ctx.layout.account_owner(a) {
                Owner::Person(p) => {
                    assert_eq!(
                        (ns, index, acc.owner_type),
                        (Namespace::Person, p, EntityType::Person)
                    );
                    assert!(acc.beneficial_owners.is_empty());
                    let (block, pos, household) = ctx.layout.household_of(p);
                    for j in &acc.joint_owners {
                        joint += 1;
                        assert_ne!(*j, acc.owner_id);
                        let (ns, q) = ctx.ids.decode(j.value).expect("decodes");
                        assert_eq!(ns, Namespace::Person);
                        assert!(
                            household
                                .housemates_of(pos)
                                .any(|m| ctx.layout.person_in_block(block, m) == q)
                        );
                    }
                }
                Owner::Company(c) => {
                    assert_eq!(
                        (ns, index, acc.owner_type),
                        (Namespace::Company, c, EntityType::Company)
                    );
                    assert!(acc.joint_owners.is_empty());
                }
            }
        }
        assert!(joint > 100, "{joint} joint owners");
    }

    #[test]
    fn balances_statuses_and_dates_keep_their_invariants() {
        let ctx = ctx(6_000, 800, 10_000);
        let as_of = ctx.window.as_of_date;
        let mut by_status = [0u32; 4];
        let mut inside = 0;
        for a in 0..10_000 {
            let acc = record(&ctx, a);
            by_status[acc.status as usize] += 1;
            let (cur, avail) = (acc.current_balance.units, acc.available_balance.units);
            assert_eq!(acc.current_balance.scale, acc.available_balance.scale);
            if acc.status == AccountStatus::Closed {
                assert_eq!((cur, avail, acc.credit_limit), (0, 0, None));
                let closed = acc.closed_date.expect("closed date");
                assert!(acc.opened_date < closed && closed <= as_of);
            } else {
                assert_eq!(acc.closed_date, None);
                if acc.account_type.is_credit() {
                    let limit = acc.credit_limit.expect("credit limit").units;
                    assert!(0 <= cur && cur <= limit, "{cur} {limit}");
                    assert_eq!(avail, limit - cur);
                } else {
                    assert!(0 <= avail && avail <= cur, "{avail} {cur}");
                    assert_eq!(acc.credit_limit, None);
                }
            }
            assert!(acc.opened_date <= as_of && acc.created_at < ctx.window.end);
            if acc.created_at >= ctx.window.start {
                inside += 1;
                assert_eq!(acc.transaction_count, 0);
                assert_eq!(acc.total_deposits.units, 0);
            } else {
                assert!(
                    acc.opened_date
                        >= add_years(
                            date_of(ctx.window.start),
                            -super::super::opening::MAX_TENURE_YEARS
                        )
                );
            }
            match ctx.layout.account_owner(a) {
                Owner::Person(p) => {
                    let adult = add_years(person::core(&ctx, p).date_of_birth, 18);
                    assert!(acc.opened_date >= adult);
                }
                Owner::Company(c) => {
                    assert!(acc.opened_date >= company::core(&ctx, c).registration_date);
                }
            }
            assert_eq!(acc.is_dormant, acc.status == AccountStatus::Dormant);
            assert_eq!(acc.is_monitored, acc.monitoring_reason.is_some());
            if acc.status == AccountStatus::Frozen {
                assert!(!acc.kyc_verified && !acc.aml_verified);
            }
            assert!(acc.total_deposits.units >= 0 && acc.total_withdrawals.units >= 0);
        }
        let share = |n: u32| n as f64 / 10_000.0;
        assert!((share(by_status[0]) - 0.85).abs() < 0.02, "{by_status:?}");
        assert!((share(by_status[1]) - 0.08).abs() < 0.015, "{by_status:?}");
        assert!((share(by_status[2]) - 0.02).abs() < 0.01, "{by_status:?}");
        assert!((share(by_status[3]) - 0.05).abs() < 0.012, "{by_status:?}");
        // Owners who came of age during the window add a little to the configured 8%.
        assert!(
            (700..=1_100).contains(&inside),
            "{inside} opened inside the window"
        );
    }

    #[test]
    fn account_types_follow_the_owner_class() {
        let ctx = ctx(1_000, 300, 2_000);
        let mut business = 0;
        for a in 0..2_000 {
            let acc = record(&ctx, a);
            match acc.owner_type {
                EntityType::Person => assert_ne!(acc.account_type, AccountType::Business),
                _ => {
                    assert!(!acc.account_type.is_credit());
                    business += (acc.account_type == AccountType::Business) as u32;
                }
            }
        }
        assert!(
            (200..=350).contains(&business),
            "{business} of 400 company accounts"
        );
    }

    #[test]
    fn core_agrees_with_the_record_and_eligibility_follows_status_and_dates() {
        let ctx = ctx(600, 80, 1_000);
        for a in 0..1_000 {
            let (core, acc) = (core(&ctx, a), record(&ctx, a));
            assert_eq!(refdata::currency(core.currency).code, acc.currency);
            assert_eq!(
                (
                    core.status,
                    core.account_type,
                    core.opened_date,
                    core.closed_date
                ),
                (
                    acc.status,
                    acc.account_type,
                    acc.opened_date,
                    acc.closed_date
                )
            );
            assert_eq!(core.owner, ctx.layout.account_owner(a));
            let opened = midnight(core.opened_date);
            assert!(!core.eligible_at(opened - 1), "not before opening");
            let open_at = core.eligible_at(opened + 3_600);
            match core.status {
                AccountStatus::Active => assert!(open_at),
                AccountStatus::Dormant | AccountStatus::Frozen => assert!(!open_at),
                AccountStatus::Closed => {
                    let closed = midnight(core.closed_date.unwrap());
                    assert!(open_at && core.eligible_at(closed - 1) && !core.eligible_at(closed));
                }
            }
        }
    }

    #[test]
    fn usd_conversion_rounds_half_even_into_minor_units() {
        let usd = refdata::currency(refdata::currency_by_code("USD").unwrap());
        let jpy = refdata::currency(refdata::currency_by_code("JPY").unwrap());
        assert_eq!(usd_to_minor(12.345, usd), 1_234);
        assert_eq!(usd_to_minor(0.125, usd), 12);
        let yen_per_ten_usd = crate::refdata::currencies::from_usd(1_000, "JPY");
        assert_eq!(usd_to_minor(10.0, jpy), yen_per_ten_usd);
        assert!(
            (1_000..=2_000).contains(&yen_per_ten_usd),
            "JPY has no minor units"
        );
    }
}
