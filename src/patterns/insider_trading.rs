//! The insider_trading family (SPEC §10.1, §10.2): communications about an issuer, then trades on its
//! stock or options, all before an announcement (the instance's `end_time`). Participants are real:
//! the issuer is a listed public company, and every tie the invariant relies on is an existing
//! relationship edge (director, employee, shareholder, or a family, spouse or friend edge between
//! persons), read the same way by `plan` and by `check`.
//!
//! Subtypes: `pre_announcement` (one officer or employee trades 1–30 days before), `coordinated`
//! (≥ 3 traders, the insider and persons tied to the insider, one side within 48 h), `executive` (an
//! officer trades), `beneficial_owner` (a ≥ 10 % direct holder trades) and `tipping` (the insider tells
//! 1–3 relatives or friends, and only they trade). Not rate-driven: ⌊trades / 2,000⌋ instances.

use super::{
    CommunicationSpec, Entity, Family, InstancePlan, InstanceRecords, NoFit, PlanCtx, Role,
    TieView, TradeSpec, Typology, Violation, ensure,
};
use crate::core::ids::{Namespace, RecordId};
use crate::core::seed::Rng;
use crate::core::time::{Date, SECONDS_PER_DAY, Timestamp, date_of, midnight, weekday};
use crate::generators::trade::{self, exchange_spec};
use crate::generators::{Ctx, communication, company, relationship};
use crate::model::communication::CommunicationType;
use crate::model::company::StockExchange;
use crate::model::relationship::{Relationship, RelationshipType};
use crate::model::trade::{AssetType, TradeSide};
use crate::population::layout::Owner;

pub struct InsiderTrading;

const SUBTYPES: [(&str, u32); 5] = [
    ("pre_announcement", 300),
    ("coordinated", 250),
    ("executive", 200),
    ("beneficial_owner", 150),
    ("tipping", 100),
];
const PRE_ANNOUNCEMENT: usize = 0;
const COORDINATED: usize = 1;
const EXECUTIVE: usize = 2;
const BENEFICIAL_OWNER: usize = 3;
const TIPPING: usize = 4;

/// A default plan has one instance per this many trades (§10.1).
const TRADES_PER_INSTANCE: u64 = 2_000;
/// Issuers tried per instance.
const ATTEMPTS: u32 = 256;
/// Direct holding of a beneficial_owner trader, in hundredths of a percent (10 %).
const MAJOR_HOLDING: u32 = 1_000;
/// Coordinated trades all fall inside this span.
const COORDINATED_SPAN: i64 = 48 * 3_600;
/// Pre-announcement trades fall at most this long before the announcement.
const LEAD: i64 = 30 * SECONDS_PER_DAY;
/// Relationship kinds a tippee may have with the insider (§10.2: family, spouse, friend; parents and
/// siblings are family).
const TIPPEE_TIES: [RelationshipType; 5] = [
    RelationshipType::Family,
    RelationshipType::Spouse,
    RelationshipType::Parent,
    RelationshipType::Sibling,
    RelationshipType::Friend,
];
/// Person-to-person kinds that tie a coordinated trader to the insider.
const PERSONAL_TIES: [RelationshipType; 9] = [
    RelationshipType::Family,
    RelationshipType::Spouse,
    RelationshipType::Parent,
    RelationshipType::Sibling,
    RelationshipType::Friend,
    RelationshipType::Colleague,
    RelationshipType::Acquaintance,
    RelationshipType::BusinessPartner,
    RelationshipType::Child,
];

impl Typology for InsiderTrading {
    fn family(&self) -> Family {
        Family::InsiderTrading
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &SUBTYPES
    }

    fn min_transactions(&self, _subtype: usize) -> u64 {
        0
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        _max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        if subtype >= SUBTYPES.len() {
            return Err(NoFit(format!("insider_trading has no subtype {subtype}")));
        }
        if pctx.trades == 0 {
            return Err(NoFit("it needs trades, and --trades is 0".into()));
        }
        let ctx = pctx.ctx;
        if ctx.layout.public_companies.size() == 0 {
            return Err(NoFit("there is no listed public company".into()));
        }
        let mut last = NoFit(format!("no listed issuer has {}", need(subtype)));
        // Issuers in turn from a random one, so a population with few suitable issuers finds them.
        let size = ctx.layout.public_companies.size();
        let offset = rng.below(size);
        for k in 0..ATTEMPTS as u64 {
            let issuer = ctx.layout.public_companies.holder((offset + k) % size);
            match plan_once(pctx, subtype, issuer, rng) {
                Ok(plan) => return Ok(plan),
                Err(Some(e)) => last = e,
                Err(None) => {}
            }
        }
        Err(last)
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        let subtype = SUBTYPES
            .iter()
            .position(|s| s.0 == r.subtype)
            .ok_or_else(|| Violation(format!("unknown insider_trading subtype {}", r.subtype)))?;
        let mut issuers = r.with_role(Role::Issuer);
        let issuer = issuers
            .next()
            .ok_or_else(|| Violation("no issuer member".into()))?;
        ensure(issuers.next().is_none(), || "more than one issuer".into())?;
        let ticker = r
            .facts
            .ticker(issuer)
            .ok_or_else(|| Violation(format!("issuer {issuer} is not a listed company")))?;
        ensure(!r.trades.is_empty(), || "no trades".into())?;
        let end = r
            .end_time
            .ok_or_else(|| Violation("the pattern row has no end_time".into()))?;
        for t in &r.trades {
            ensure(on_issuer(&ticker, t.asset, &t.symbol), || {
                format!("trade {} is on {}, not on {ticker}", t.id, t.symbol)
            })?;
            ensure(t.ts < end, || {
                format!("trade {} is not before the announcement", t.id)
            })?;
            ensure(r.has(t.trader, Role::Trader), || {
                format!(
                    "trade {}'s trader {} is not a trader member",
                    t.id, t.trader
                )
            })?;
        }
        let first_trade = r.trades.iter().map(|t| t.ts).min().unwrap_or(end);
        let last_trade = r.trades.iter().map(|t| t.ts).max().unwrap_or(end);
        if let Some(c) = r.communications.iter().find(|c| c.ts >= first_trade) {
            return Err(Violation(format!(
                "communication {} does not precede every trade",
                c.id
            )));
        }
        let day = date_of(first_trade);
        let mut traders: Vec<RecordId> = r.trades.iter().map(|t| t.trader).collect();
        traders.sort_unstable_by_key(|id| id.value);
        traders.dedup();
        let insider = r.with_role(Role::Insider).next();
        let inside = |p: RecordId| is_officer(r, p, issuer, day) || is_employee(r, p, issuer, day);
        match subtype {
            PRE_ANNOUNCEMENT => {
                ensure(traders.len() == 1, || {
                    format!("{} traders, one insider expected", traders.len())
                })?;
                ensure(inside(traders[0]), || {
                    format!(
                        "trader {} is no officer or employee of the issuer",
                        traders[0]
                    )
                })?;
                ensure(first_trade >= end - LEAD, || {
                    "a trade is more than 30 days before the announcement".into()
                })
            }
            EXECUTIVE => traders.iter().try_for_each(|&p| {
                ensure(is_officer(r, p, issuer, day), || {
                    format!("trader {p} is not an officer of the issuer")
                })
            }),
            BENEFICIAL_OWNER => traders.iter().try_for_each(|&p| {
                ensure(holds_major(r, p, issuer, day), || {
                    format!("trader {p} does not hold 10 % or more of the issuer")
                })
            }),
            COORDINATED => {
                ensure(traders.len() >= 3, || {
                    format!("{} traders, 3 needed", traders.len())
                })?;
                let side = r.trades[0].side;
                ensure(r.trades.iter().all(|t| t.side == side), || {
                    "the traders do not all trade one side".into()
                })?;
                ensure(last_trade - first_trade < COORDINATED_SPAN, || {
                    "the trades span 48 hours or more".into()
                })?;
                let insider = insider.ok_or_else(|| Violation("no insider member".into()))?;
                ensure(inside(insider), || {
                    format!("insider {insider} is no officer or employee of the issuer")
                })?;
                traders.iter().try_for_each(|&p| {
                    ensure(
                        p == insider || tied(r, p, insider, day, &PERSONAL_TIES) || inside(p),
                        || format!("trader {p} has no tie to the insider or the issuer"),
                    )
                })
            }
            TIPPING => {
                let insider = insider.ok_or_else(|| Violation("no insider member".into()))?;
                ensure(inside(insider), || {
                    format!("insider {insider} is no officer or employee of the issuer")
                })?;
                for &p in &traders {
                    ensure(p != insider && r.has(p, Role::Tippee), || {
                        format!("trader {p} is not a tippee")
                    })?;
                    let own_first = r
                        .trades
                        .iter()
                        .filter(|t| t.trader == p)
                        .map(|t| t.ts)
                        .min()
                        .unwrap_or(end);
                    ensure(
                        tied(r, p, insider, date_of(own_first), &TIPPEE_TIES),
                        || format!("tippee {p} is no relative, spouse or friend of the insider"),
                    )?;
                    ensure(
                        r.communications.iter().any(|c| {
                            c.sender == insider && c.recipients.contains(&p) && c.ts < own_first
                        }),
                        || {
                            format!(
                                "tippee {p} received no message from the insider before trading"
                            )
                        },
                    )?;
                }
                Ok(())
            }
            _ => unreachable!("subtype {subtype} was looked up above"),
        }
    }

    /// At least one, so a population that cannot host an instance lists the reason as skipped.
    fn fixed_count(&self, pctx: &PlanCtx<'_>) -> u64 {
        (pctx.trades / TRADES_PER_INSTANCE).max(1)
    }
}

/// What an issuer must offer for `subtype` (the no-fit reason).
fn need(subtype: usize) -> &'static str {
    match subtype {
        EXECUTIVE => "an officer with an eligible account",
        BENEFICIAL_OWNER => "a person holding 10 % or more with an eligible account",
        COORDINATED => "an insider with two tied persons holding eligible accounts",
        TIPPING => "an insider with a relative or friend holding an eligible account",
        _ => "an officer or employee with an eligible account",
    }
}

/// Whether `symbol` is the issuer's stock (`ticker`) or one of its options (`{TICKER}{YYMMDD}{C|P}{strike}`).
fn on_issuer(ticker: &str, asset: AssetType, symbol: &str) -> bool {
    match asset {
        AssetType::Stock => symbol == ticker,
        AssetType::Option => {
            symbol.len() == ticker.len() + 12
                && symbol.starts_with(ticker)
                && matches!(symbol.as_bytes()[ticker.len() + 6], b'C' | b'P')
        }
        _ => false,
    }
}

fn ties_holding(r: &InstanceRecords<'_>, a: RecordId, b: RecordId, day: Date) -> Vec<TieView> {
    r.facts
        .ties(a, b)
        .into_iter()
        .filter(|t| t.holds_on(day))
        .collect()
}

fn is_officer(r: &InstanceRecords<'_>, p: RecordId, issuer: RecordId, day: Date) -> bool {
    ties_holding(r, p, issuer, day)
        .iter()
        .any(|t| t.kind == RelationshipType::Director && t.from == p)
}

fn is_employee(r: &InstanceRecords<'_>, p: RecordId, issuer: RecordId, day: Date) -> bool {
    ties_holding(r, p, issuer, day)
        .iter()
        .any(|t| t.kind == RelationshipType::Employee && t.from == p)
}

fn holds_major(r: &InstanceRecords<'_>, p: RecordId, issuer: RecordId, day: Date) -> bool {
    ties_holding(r, p, issuer, day).iter().any(|t| {
        t.kind == RelationshipType::Shareholder
            && t.from == p
            && t.ownership_hundredths.is_some_and(|h| h >= MAJOR_HOLDING)
    })
}

fn tied(
    r: &InstanceRecords<'_>,
    a: RecordId,
    b: RecordId,
    day: Date,
    kinds: &[RelationshipType],
) -> bool {
    ties_holding(r, a, b, day)
        .iter()
        .any(|t| kinds.contains(&t.kind))
}

// ---- planning ---------------------------------------------------------------------------------------

/// The relationship edges between person row `p` and company row `c` (either side's list).
pub fn ties_person_company(ctx: &Ctx, p: u64, c: u64) -> Vec<Relationship> {
    let (pid, cid) = (ctx.person_id(p), ctx.company_id(c));
    let mut out: Vec<Relationship> = relationship::for_person(ctx, p)
        .into_iter()
        .filter(|e| e.to_entity_id == cid)
        .collect();
    out.extend(
        relationship::for_company(ctx, c)
            .into_iter()
            .filter(|e| e.from_entity_id == pid),
    );
    out
}

/// The relationship edges between person rows `a` and `b` (either side's list).
pub fn ties_person_person(ctx: &Ctx, a: u64, b: u64) -> Vec<Relationship> {
    let (aid, bid) = (ctx.person_id(a), ctx.person_id(b));
    let mut out: Vec<Relationship> = relationship::for_person(ctx, a)
        .into_iter()
        .filter(|e| e.to_entity_id == bid)
        .collect();
    out.extend(
        relationship::for_person(ctx, b)
            .into_iter()
            .filter(|e| e.to_entity_id == aid),
    );
    out
}

/// The edge as `check` reads it.
pub fn tie_view(e: &Relationship) -> TieView {
    TieView {
        kind: e.relationship_type,
        from: e.from_entity_id,
        ownership_hundredths: e
            .ownership_percentage
            .and_then(|d| u32::try_from(d.units).ok()),
        start: e.start_date,
        end: e.end_date,
    }
}

fn holds(e: &Relationship, day: Date) -> bool {
    tie_view(e).holds_on(day)
}

/// Persons tied to the issuer as `subtype` asks, holding on `day`, in row order.
fn insiders_of(ctx: &Ctx, c: u64, subtype: usize, day: Date) -> Vec<u64> {
    let mut out = Vec::new();
    let mut consider = |p: u64, e: &Relationship| {
        let fits = holds(e, day)
            && match (subtype, e.relationship_type) {
                (EXECUTIVE, RelationshipType::Director) => true,
                (BENEFICIAL_OWNER, RelationshipType::Shareholder) => e
                    .ownership_percentage
                    .is_some_and(|d| d.units >= MAJOR_HOLDING as i64),
                (EXECUTIVE | BENEFICIAL_OWNER, _) => false,
                (_, RelationshipType::Director | RelationshipType::Employee) => true,
                _ => false,
            };
        if fits && !out.contains(&p) {
            out.push(p);
        }
    };
    let cid = ctx.company_id(c);
    for e in relationship::for_company(ctx, c) {
        if e.to_entity_id == cid
            && let Some((Namespace::Person, p)) = ctx.ids.decode(e.from_entity_id.value)
        {
            consider(p, &e);
        }
    }
    if !matches!(subtype, EXECUTIVE | BENEFICIAL_OWNER) {
        for p in crate::generators::links::employees_of(ctx, c) {
            for e in ties_person_company(ctx, p, c) {
                consider(p, &e);
            }
        }
    }
    out.sort_unstable();
    out
}

/// Persons tied to `p` by one of `kinds` on `day`: its own edges and its housemates'.
fn tied_persons(ctx: &Ctx, p: u64, kinds: &[RelationshipType], day: Date) -> Vec<u64> {
    let mut out = Vec::new();
    let mut add = |q: u64| {
        if q != p && !out.contains(&q) {
            out.push(q);
        }
    };
    for e in relationship::for_person(ctx, p) {
        if kinds.contains(&e.relationship_type)
            && holds(&e, day)
            && let Some((Namespace::Person, q)) = ctx.ids.decode(e.to_entity_id.value)
        {
            add(q);
        }
    }
    let (block, position, household) = ctx.layout.household_of(p);
    for pos in household.housemates_of(position) {
        let q = ctx.layout.person_in_block(block, pos);
        if ties_person_person(ctx, p, q)
            .iter()
            .any(|e| kinds.contains(&e.relationship_type) && holds(e, day))
        {
            add(q);
        }
    }
    out
}

/// One try at an instance: Err(None) when the drawn issuer simply had nobody suitable.
fn plan_once(
    pctx: &PlanCtx<'_>,
    subtype: usize,
    issuer: u64,
    rng: &mut Rng,
) -> Result<InstancePlan, Option<NoFit>> {
    let ctx = pctx.ctx;
    let Some((_, exchange)) = company::listing(ctx, issuer) else {
        return Err(None);
    };
    let spec = exchange_spec(exchange);
    if crate::refdata::currency_by_code(spec.currency).is_none() {
        return Err(None);
    }
    let (start, end) = (pctx.start(), pctx.end());
    let days = (end - start) / SECONDS_PER_DAY;
    if days < 3 {
        return Err(Some(NoFit("the window is shorter than 3 days".into())));
    }
    // The announcement leaves room for messages before the first trade.
    let earliest = start + (days / 3).min(31) * SECONDS_PER_DAY;
    let announcement = rng.between(earliest, end - 1);
    let lead = LEAD.min(announcement - start - SECONDS_PER_DAY);
    let trade_from = (announcement - lead).max(start + SECONDS_PER_DAY);
    let insiders = insiders_of(ctx, issuer, subtype, date_of(trade_from));
    if insiders.is_empty() {
        return Err(None);
    }
    let insider = insiders[rng.below(insiders.len() as u64) as usize];
    let mut plan = InstancePlan::new(subtype);
    plan.announcement = Some(announcement);
    plan.member(Entity::Company(issuer), Role::Issuer);
    plan.member(Entity::Person(insider), Role::Insider);
    let side = if rng.chance(0.5) {
        TradeSide::Buy
    } else {
        TradeSide::Sell
    };
    let day = date_of(trade_from);
    let traders: Vec<u64> = match subtype {
        COORDINATED => {
            let mut others = tied_persons(ctx, insider, &PERSONAL_TIES, day);
            shuffle(&mut others, rng);
            let mut traders = vec![insider];
            traders.extend(others.into_iter().take(rng.between(2, 4) as usize));
            traders
        }
        TIPPING => {
            let mut tippees = tied_persons(ctx, insider, &TIPPEE_TIES, day);
            shuffle(&mut tippees, rng);
            tippees.truncate(rng.between(1, 3) as usize);
            tippees
        }
        _ => vec![insider],
    };
    // Trade times: coordinated within 48 h; others spread over the lead.
    let window_lo = if subtype == COORDINATED {
        rng.between(trade_from, announcement - 1)
    } else {
        trade_from
    };
    let window_hi = if subtype == COORDINATED {
        (window_lo + COORDINATED_SPAN - 1).min(announcement - 1)
    } else {
        announcement - 1
    };
    let mut trades = Vec::new();
    for &p in &traders {
        let n = rng.between(1, 3);
        for _ in 0..n {
            let Some(ts) = session_time(exchange, window_lo, window_hi, rng) else {
                continue;
            };
            let pick = rng.next_u64();
            let Some((account, _)) = trade::eligible_account(ctx, Owner::Person(p), ts, pick, true)
            else {
                continue;
            };
            let asset = if rng.chance(0.25) {
                AssetType::Option
            } else {
                AssetType::Stock
            };
            trades.push(TradeSpec {
                ts,
                trader: p,
                account,
                issuer,
                asset,
                exchange,
                side,
            });
        }
    }
    let mut trading: Vec<u64> = trades.iter().map(|t| t.trader).collect();
    trading.sort_unstable();
    trading.dedup();
    let enough = match subtype {
        COORDINATED => trading.len() >= 3,
        _ => !trading.is_empty(),
    };
    if !enough {
        return Err(None);
    }
    trades.sort_by_key(|t| t.ts);
    let first_trade = trades[0].ts;
    // Messages: the insider to each other trader (tippees, co-traders); a single trader hears from a
    // fellow insider when there is one.
    let mut messages: Vec<(u64, u64)> = trading
        .iter()
        .filter(|&&p| p != insider)
        .map(|&p| (insider, p))
        .collect();
    if messages.is_empty()
        && let Some(&source) = insiders_of(ctx, issuer, PRE_ANNOUNCEMENT, day)
            .iter()
            .find(|&&q| q != insider)
    {
        messages.push((source, insider));
        plan.member(Entity::Person(source), Role::Participant);
    }
    let from = (first_trade - 10 * SECONDS_PER_DAY).max(start);
    for (sender, to) in messages {
        let Some(c) = message(ctx, sender, to, from, first_trade, rng) else {
            return Err(None);
        };
        plan.communications.push(c);
    }
    plan.communications.sort_by_key(|c| c.ts);
    for t in &trades {
        plan.member_account(ctx, t.account, Role::Trader);
        if subtype == TIPPING {
            plan.member(Entity::Person(t.trader), Role::Tippee);
        }
    }
    plan.trades = trades;
    Ok(plan)
}

fn shuffle(items: &mut [u64], rng: &mut Rng) {
    for k in (1..items.len()).rev() {
        let j = rng.below(k as u64 + 1) as usize;
        items.swap(k, j);
    }
}

/// A time in `[lo, hi]` inside the exchange's session (local business day and hours).
fn session_time(
    exchange: StockExchange,
    lo: Timestamp,
    hi: Timestamp,
    rng: &mut Rng,
) -> Option<Timestamp> {
    let spec = exchange_spec(exchange);
    if hi < lo {
        return None;
    }
    for _ in 0..64 {
        let local_day = date_of(spec.local(rng.between(lo, hi)));
        if weekday(local_day) >= 5 {
            continue;
        }
        let hour = rng.between(spec.open_hour as i64, spec.close_hour as i64 - 1);
        let local = midnight(local_day) + hour * 3_600 + rng.between(0, 3_599);
        let ts = local - spec.utc_offset_minutes as i64 * 60;
        if (lo..=hi).contains(&ts) && spec.is_open(ts) {
            return Some(ts);
        }
    }
    None
}

/// One message from `sender` to `to` in `[from, before)` at an allowed hour of the sender's country;
/// the type follows the background mix, and the builder copies an email to as many others as a
/// background one.
fn message(
    ctx: &Ctx,
    sender: u64,
    to: u64,
    from: Timestamp,
    before: Timestamp,
    rng: &mut Rng,
) -> Option<CommunicationSpec> {
    if before <= from {
        return None;
    }
    let mix: Vec<u32> = ctx
        .params
        .communications
        .type_mix()
        .iter()
        .map(|&w| w as u32)
        .collect();
    let country = ctx.layout.person_country(sender);
    for _ in 0..64 {
        let kind = CommunicationType::ALL[rng.weighted(&mix)];
        let ts = rng.between(from, before - 1);
        if !communication::is_allowed_hour(kind, country, ts) {
            continue;
        }
        return Some(CommunicationSpec {
            kind,
            ts,
            sender,
            recipients: vec![to],
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::testing::{check_over_seeds, ctx_facts, materialize, plan_ctx};

    #[test]
    fn every_subtype_holds_its_invariant_over_seeds() {
        let checked = check_over_seeds(&InsiderTrading, 6, 2, |_, plan, r| {
            assert!(!plan.trades.is_empty());
            assert_eq!(r.trades.len(), plan.trades.len());
            assert_eq!(r.communications.len(), plan.communications.len());
        });
        assert_eq!(checked, 6 * 5 * 2);
    }

    /// 50 seeds over varied population sizes: whatever plans, checks; small populations may lack a
    /// suitable issuer for a subtype (a no-fit), but most seeds fit every subtype.
    #[test]
    fn planned_instances_check_over_fifty_seeds() {
        let mut fits = [0u32; 5];
        for seed in 0..50u64 {
            let persons = [500, 1_500, 4_000][(seed % 3) as usize];
            let ctx = crate::generators::test_ctx(seed, persons, persons / 5, persons * 2, 120);
            let pctx = plan_ctx(&ctx);
            let facts = ctx_facts(&ctx);
            for (subtype, fit) in fits.iter_mut().enumerate() {
                let mut rng = ctx.rng("test.insider.seeds", subtype as u64);
                let Ok(plan) = InsiderTrading.plan(&pctx, subtype, 0, &mut rng) else {
                    continue;
                };
                let r = materialize(&ctx, &facts, &InsiderTrading, &plan);
                if let Err(v) = InsiderTrading.check(&r) {
                    panic!("seed {seed} {}: {}", SUBTYPES[subtype].0, v.0);
                }
                *fit += 1;
            }
        }
        assert!(fits.iter().all(|&n| n >= 35), "fits per subtype {fits:?}");
    }

    /// One hand-broken instance per subtype: each damage breaks the subtype's own rule.
    #[test]
    fn each_subtype_rejects_a_broken_instance() {
        let ctx = crate::generators::test_ctx(7, 3_000, 600, 6_000, 120);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        for (subtype, (name, _)) in SUBTYPES.iter().enumerate() {
            let mut rng = ctx.rng("test.insider.broken", subtype as u64);
            let plan = InsiderTrading.plan(&pctx, subtype, 0, &mut rng).unwrap();
            let good = materialize(&ctx, &facts, &InsiderTrading, &plan);
            InsiderTrading.check(&good).unwrap();
            let mut r = materialize(&ctx, &facts, &InsiderTrading, &plan);
            match subtype {
                PRE_ANNOUNCEMENT => {
                    // The trade moves after the announcement.
                    r.trades[0].ts = r.end_time.unwrap() + 1;
                }
                COORDINATED => {
                    r.trades[0].side = match r.trades[0].side {
                        TradeSide::Buy => TradeSide::Sell,
                        TradeSide::Sell => TradeSide::Buy,
                    }
                }
                EXECUTIVE | BENEFICIAL_OWNER => {
                    // The trader becomes an unrelated person (listed as trader so only the tie fails).
                    let stranger = (0..3_000u64)
                        .map(|p| ctx.person_id(p))
                        .find(|&p| !r.members.iter().any(|m| m.entity_id == p))
                        .unwrap();
                    for t in &mut r.trades {
                        t.trader = stranger;
                    }
                    r.members.push(crate::patterns::MemberView {
                        entity_id: stranger,
                        role: Role::Trader,
                    });
                }
                TIPPING => r.communications.clear(),
                _ => unreachable!(),
            }
            assert!(
                InsiderTrading.check(&r).is_err(),
                "{name} accepted a broken instance"
            );
        }
    }

    #[test]
    fn trades_on_another_symbol_are_rejected() {
        let ctx = crate::generators::test_ctx(3, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        let mut rng = ctx.rng("test.insider.symbol", 0);
        let plan = InsiderTrading.plan(&pctx, EXECUTIVE, 0, &mut rng).unwrap();
        let mut r = materialize(&ctx, &facts, &InsiderTrading, &plan);
        r.trades[0].symbol = "SPY".into();
        r.trades[0].asset = AssetType::Etf;
        assert!(InsiderTrading.check(&r).is_err());
    }

    #[test]
    fn no_trades_is_no_fit() {
        let ctx = crate::generators::test_ctx(3, 1_000, 200, 2_000, 90);
        let pctx = PlanCtx {
            trades: 0,
            ..plan_ctx(&ctx)
        };
        let mut rng = ctx.rng("test.insider.none", 0);
        let err = InsiderTrading
            .plan(&pctx, TIPPING, 0, &mut rng)
            .unwrap_err();
        assert!(err.0.contains("--trades is 0"), "{}", err.0);
    }
}
