//! The ground-truth files (SPEC §7.11): the `patterns` row of each planned instance and its
//! `pattern_members` rows. Counts, times and values come from the instance's planned records; the
//! detection date and red flags from the alert rules those records trip (the rules read only planned
//! fields, so the files and these rows agree); confidence from the family's indicator checklist.

use super::InstancePlan;
use super::emit::{self, MarketTables};
use super::plan::Planned;
use super::{Entity, Family};
use crate::core::ids::Namespace;
use crate::core::time::date_of;
use crate::generators::{
    Ctx, account, communication, company, person, relationship, trade, transaction,
};
use crate::model::common::RiskLevel;
use crate::model::communication::Communication;
pub use crate::model::pattern::Indicator;
use crate::model::pattern::{DetectionMethod, MemberEntityType, Pattern, PatternMember};
use crate::model::record::{Decimal, Label};
use crate::model::relationship::Relationship;
use crate::model::trade::Trade;
use crate::model::transaction::{Transaction, TransactionType};

const DAY: i64 = 86_400;

/// The checklist of indicators a family's instances are scored against, in vocabulary order.
fn checklist(family: Family) -> &'static [Indicator] {
    use Indicator as I;
    match family {
        Family::Structuring => &[
            I::JustBelowThreshold,
            I::CashIntensive,
            I::MultipleAccounts,
            I::RapidMovement,
            I::MultipleLocations,
        ],
        Family::MuleChain => &[
            I::PassThrough,
            I::RapidMovement,
            I::CashOut,
            I::DecreasingAmounts,
            I::NewAccounts,
        ],
        Family::UboChain => &[
            I::LayeredOwnership,
            I::ShellCompany,
            I::HavenJurisdiction,
            I::PepInvolved,
            I::NomineeShareholder,
            I::CircularOwnership,
            I::MultipleOwners,
        ],
        Family::InsiderTrading => &[
            I::OptionsTrade,
            I::InsiderRelationship,
            I::SuspiciousKeywords,
            I::CoordinatedTrading,
            I::HighValue,
        ],
        Family::FraudRing | Family::AccountTakeover => &[
            I::HubAccount,
            I::SharedDevice,
            I::MultipleAccounts,
            I::RapidMovement,
            I::NewAccounts,
            I::HighValue,
        ],
        _ => &[
            I::PassThrough,
            I::HubAccount,
            I::MultipleAccounts,
            I::RapidMovement,
            I::CrossBorder,
            I::HighValue,
        ],
    }
}

/// The trades and communications instance `i` writes, rebuilt from the streams the files use.
pub fn market_records(
    ctx: &Ctx,
    i: u64,
    plan: &InstancePlan,
    market: MarketTables<'_>,
) -> (Vec<Trade>, Vec<Communication>) {
    let pattern = ctx.ids.make(Namespace::Pattern, i);
    let trades = plan
        .trades
        .iter()
        .enumerate()
        .map(|(k, spec)| {
            let mut rng = emit::market_rng(ctx, false, i, k as u64);
            emit::trade(ctx, market.trades, spec, pattern, &mut rng)
        })
        .collect();
    let communications = plan
        .communications
        .iter()
        .enumerate()
        .map(|(k, spec)| {
            let mut rng = emit::market_rng(ctx, true, i, k as u64);
            emit::communication(ctx, market.communications, spec, pattern, &mut rng)
        })
        .collect();
    (trades, communications)
}

/// The total value of `trades` in USD cents.
fn trades_usd(trades: &[Trade]) -> i64 {
    trades
        .iter()
        .map(|t| {
            let currency = crate::refdata::currency_by_code(t.currency).unwrap_or(0);
            trade::minor_to_usd_cents(t.total_value.units, currency)
        })
        .sum()
}

/// The `patterns` row of instance `i`.
pub fn record(ctx: &Ctx, i: u64, planned: &Planned, market: MarketTables<'_>) -> Pattern {
    let plan = &planned.plan;
    // Alert fields read only planned values, so any RNG gives the file's alerts.
    let mut scratch = ctx.rng("pattern.scratch", i);
    let built: Vec<Transaction> = plan
        .transactions
        .iter()
        .map(|spec| transaction::pattern_record(ctx, spec, &mut scratch))
        .collect();
    let (trades, communications) = market_records(ctx, i, plan, market);
    let (start, end) = plan.span_in((ctx.window.start, ctx.window.end));
    let total_usd: i64 =
        built.iter().map(|t| t.amount_usd.units).sum::<i64>() + trades_usd(&trades);
    let edges = relationships(ctx, i, plan);
    // Documents' alert fields read only planned values too (numbers and shipment ids do not count).
    let documents_flagged = plan
        .documents
        .iter()
        .map(|spec| {
            let shipment = spec.shipment.map(|_| String::new());
            let mut shipping = ctx.rng("pattern.scratch.shipping", i);
            crate::generators::document::pattern_record(
                ctx,
                spec,
                String::new(),
                shipment,
                &mut scratch,
                &mut shipping,
            )
        })
        .filter(|d| d.flagged_for_review)
        .map(|d| d.issue_date)
        .min();
    // An ownership structure is screened as the window opens: flagged if any of its edges is.
    let edges_flagged = edges.iter().any(|e| e.is_suspicious).then_some(start);
    let detection = built
        .iter()
        .filter(|t| !t.alert_reasons.is_empty())
        .map(|t| t.transaction_date)
        .chain(
            trades
                .iter()
                .filter(|t| t.flagged_for_review)
                .map(|t| t.trade_date),
        )
        .chain(
            communications
                .iter()
                .filter(|c| c.flag_reason.is_some())
                .map(|c| c.timestamp),
        )
        .chain(edges_flagged)
        .chain(documents_flagged)
        .min();
    let mut red_flags: Vec<&'static str> = Vec::new();
    for reason in crate::generators::alert::TRANSACTION_RULES {
        if built.iter().any(|t| t.alert_reasons.contains(&reason)) {
            red_flags.push(reason);
        }
    }
    for reason in trade::TRADE_RULES {
        if trades
            .iter()
            .any(|t| t.insider_indicators.contains(&reason))
        {
            red_flags.push(reason);
        }
    }
    for reason in communication::COMMUNICATION_RULES {
        if communications.iter().any(|c| c.flag_reason == Some(reason)) {
            red_flags.push(reason);
        }
    }
    let exhibited: Vec<&'static str> = checklist(planned.family)
        .iter()
        .filter(|&&ind| {
            let market = (trades.as_slice(), communications.as_slice());
            exhibits(ctx, planned, &built, market, ind)
        })
        .map(|ind| ind.label())
        .collect();
    let confidence = exhibited.len() as i64 * 10_000 / checklist(planned.family).len() as i64;
    let members = plan.members.len() as i64;
    let duration_days = (end - start + DAY - 1) / DAY;
    let mut rng = ctx.rng("pattern.score", i);
    let value_tier = match total_usd / 100 {
        v if v < 10_000 => 1_000,
        v if v < 50_000 => 2_500,
        v if v < 250_000 => 4_000,
        _ => 5_500,
    };
    let severity = (value_tier
        + members.min(12) * 2_500 / 12
        + duration_days.min(60) * 1_000 / 60
        + rng.below(1_000) as i64)
        .min(9_999);
    Pattern {
        id: ctx.ids.make(Namespace::Pattern, i),
        typology: planned.family.label(),
        subtype: planned.subtype(),
        start_time: start,
        end_time: end,
        duration_days,
        total_value_usd: Decimal::new(total_usd, 2),
        transaction_count: plan.transactions.len() as i64,
        trade_count: plan.trades.len() as i64,
        communication_count: plan.communications.len() as i64,
        account_event_count: plan.account_events.len() as i64,
        document_count: plan.documents.len() as i64,
        relationship_count: edges.len() as i64,
        member_count: members,
        confidence_score: Decimal::new(confidence, 4),
        severity_score: Decimal::new(severity, 4),
        risk_level: match severity {
            s if s >= 8_000 => RiskLevel::Critical,
            s if s >= 6_000 => RiskLevel::High,
            s if s >= 4_000 => RiskLevel::Medium,
            _ => RiskLevel::Low,
        },
        indicators: exhibited,
        red_flags,
        detection_date: detection.map(date_of),
        detection_method: detection.map(|_| DetectionMethod::RuleAlert),
    }
}

fn exhibits(
    ctx: &Ctx,
    planned: &Planned,
    built: &[Transaction],
    (trades, communications): (&[Trade], &[Communication]),
    indicator: Indicator,
) -> bool {
    let plan = &planned.plan;
    let txs = &plan.transactions;
    let mut accounts: Vec<u64> = txs.iter().flat_map(|t| [t.from, t.to]).flatten().collect();
    accounts.sort_unstable();
    let touches = |a: u64| {
        txs.iter()
            .filter(|t| t.from == Some(a) || t.to == Some(a))
            .count()
    };
    let (start, end) = plan.span_in((ctx.window.start, ctx.window.end));
    let companies = || plan.holdings.iter().map(|h| company::core(ctx, h.company));
    match indicator {
        Indicator::JustBelowThreshold => built
            .iter()
            .any(|t| t.alert_reasons.contains(&"just_below_threshold")),
        Indicator::CashIntensive => {
            let cash = txs
                .iter()
                .filter(|t| {
                    matches!(
                        t.kind,
                        TransactionType::Deposit
                            | TransactionType::Withdrawal
                            | TransactionType::Atm
                    )
                })
                .count();
            cash * 2 >= txs.len() && cash > 0
        }
        Indicator::CashOut => txs
            .iter()
            .any(|t| matches!(t.kind, TransactionType::Withdrawal | TransactionType::Atm)),
        Indicator::PassThrough => txs.iter().any(|t| {
            t.to.is_some_and(|a| txs.iter().any(|u| u.from == Some(a) && u.ts > t.ts))
        }),
        Indicator::HubAccount => {
            txs.len() >= 3 && accounts.iter().any(|&a| touches(a) * 2 >= txs.len())
        }
        Indicator::MultipleAccounts => {
            let mut distinct = accounts.clone();
            distinct.dedup();
            distinct.len() >= 4
        }
        Indicator::MultipleLocations => {
            let mut places: Vec<&str> = built
                .iter()
                .filter_map(|t| t.transaction_location)
                .collect();
            places.sort_unstable();
            places.dedup();
            places.len() >= 3
        }
        Indicator::RapidMovement => end - start <= 7 * DAY,
        Indicator::DecreasingAmounts => {
            built.len() >= 2
                && built
                    .windows(2)
                    .all(|w| w[1].amount_usd.units <= w[0].amount_usd.units)
        }
        Indicator::NewAccounts => accounts.iter().any(|&a| {
            let opened = account::core(ctx, a).opened_date;
            date_of(start) - opened <= 180
        }),
        Indicator::SharedDevice => {
            let events = &plan.account_events;
            events.iter().any(|e| {
                e.device_id.is_some()
                    && events
                        .iter()
                        .any(|f| f.device_id == e.device_id && f.account != e.account)
            })
        }
        Indicator::CrossBorder => built.iter().any(|t| {
            t.originating_country.is_some()
                && t.destination_country.is_some()
                && t.originating_country != t.destination_country
        }),
        Indicator::HighValue => {
            built.iter().map(|t| t.amount_usd.units).sum::<i64>() + trades_usd(trades) >= 5_000_000
        }
        Indicator::OptionsTrade => trades
            .iter()
            .any(|t| t.asset_type == crate::model::trade::AssetType::Option),
        Indicator::InsiderRelationship => trades.iter().any(|t| {
            t.insider_indicators
                .iter()
                .any(|&l| l == "trader_is_officer_of_issuer" || l == "trader_is_major_shareholder")
        }),
        Indicator::SuspiciousKeywords => communications
            .iter()
            .any(|c| !c.suspicious_keywords.is_empty()),
        Indicator::CoordinatedTrading => {
            let mut traders: Vec<_> = trades.iter().map(|t| t.trader_id).collect();
            traders.sort_unstable_by_key(|id| id.value);
            traders.dedup();
            traders.len() >= 3
        }
        Indicator::LayeredOwnership => {
            let held_companies = plan
                .holdings
                .iter()
                .filter(|h| matches!(h.holder, Entity::Company(_)));
            held_companies.count() >= 2
        }
        Indicator::ShellCompany => companies().any(|c| c.is_shell),
        Indicator::HavenJurisdiction => {
            companies().any(|c| crate::refdata::country(c.country).tax_haven)
        }
        Indicator::PepInvolved => {
            plan.holdings.iter().any(|h| match h.holder {
                Entity::Person(p) => person::core(ctx, p).is_pep,
                _ => false,
            }) || plan
                .nominees
                .iter()
                .any(|n| person::core(ctx, n.principal).is_pep)
        }
        Indicator::NomineeShareholder => !plan.nominees.is_empty(),
        Indicator::CircularOwnership => super::ubo_chain::has_company_cycle(plan),
        Indicator::MultipleOwners => {
            plan.members
                .iter()
                .filter(|m| m.role == super::Role::Ubo)
                .count()
                >= 2
        }
    }
}

/// The relationships carrying instance `i`'s pattern id: every edge the companies it planted write
/// with that id (their shareholder, beneficial_owner and nominee edges), built by the same generator.
pub fn relationships(ctx: &Ctx, i: u64, plan: &InstancePlan) -> Vec<Relationship> {
    let id = ctx.ids.make(Namespace::Pattern, i);
    let mut companies: Vec<u64> = plan.holdings.iter().map(|h| h.company).collect();
    companies.sort_unstable();
    companies.dedup();
    companies
        .into_iter()
        .flat_map(|c| relationship::for_company(ctx, c))
        .filter(|e| e.pattern_id == Some(id))
        .collect()
}

/// Relationships carrying a pattern id over the whole plan (the manifest's `labels.relationships`).
pub fn labelled_relationships(ctx: &Ctx, plan: &super::plan::PatternPlan) -> u64 {
    plan.instances
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.plan.holdings.is_empty())
        .map(|(i, p)| relationships(ctx, i as u64, &p.plan).len() as u64)
        .sum()
}

/// The `pattern_members` rows of instance `i`, in the plan's member order.
pub fn members(ctx: &Ctx, i: u64, planned: &Planned) -> Vec<PatternMember> {
    let pattern_id = ctx.ids.make(Namespace::Pattern, i);
    planned
        .plan
        .members
        .iter()
        .map(|m| {
            let (entity_type, entity_id) = match m.entity {
                Entity::Person(p) => (MemberEntityType::Person, ctx.person_id(p)),
                Entity::Company(c) => (MemberEntityType::Company, ctx.company_id(c)),
                Entity::Account(a) => (MemberEntityType::Account, ctx.account_id(a)),
            };
            PatternMember {
                pattern_id,
                entity_type,
                entity_id,
                role: m.role.label(),
            }
        })
        .collect()
}
