//! Background trades (SPEC §7.6). One event kind per (asset type, exchange): its curve is the exchange's
//! session (Monday–Friday, whole local hours, the exchange's fixed UTC offset), so every trade falls on an
//! exchange business day inside trading hours by construction, and each kind's total is exact. Stocks
//! and options trade the generated public companies' tickers at their listing exchange (shares by the
//! number of companies listed there); futures, bonds and ETFs come from fixed lists.
//!
//! Prices follow a per-symbol daily reference price: a geometric Brownian motion anchored at the window's
//! first day, sampled at whole days by a Brownian bridge over a fixed dyadic tree (Lévy's construction),
//! so the reference of any (symbol, day) is O(log days) hash draws with no state. A trade's price lies
//! within ±1% of its day's reference.
//!
//! A record is drawn from RNG index `(slice << 16) | ordinal`; [`build`] is the one record builder, which
//! insider-trading patterns reuse by supplying trader, issuer, side or quantity.

use super::Ctx;
use super::account::{self, AccountCore};
use super::company;
use super::links::{self, Holder};
use super::pools::{self, CountryPool};
use crate::core::sample::{Zipf, apportion};
use crate::core::seed::{Rng, StreamKey, mix64};
use crate::core::time::{Date, Timestamp, add_business_days, date_of, weekday};
use crate::generators::alert::TradeAlertParams;
use crate::model::account::AccountType;
use crate::model::company::StockExchange;
use crate::model::record::Decimal;
use crate::model::trade::{AssetType, ExecutionVenue, OrderType, Trade, TradeSide};
use crate::population::layout::Owner;
use crate::refdata::{self, COUNTRIES, CountryId, CurrencyId};
use crate::schedule::events::{FilePlan, KindPlan};
use crate::schedule::slices::{Curve, LocalProfile, Slices};

// ---- exchanges -----------------------------------------------------------------------------------------

/// Fixed facts of an exchange: home country, trading currency, time zone and session.
#[derive(Debug)]
pub struct ExchangeSpec {
    pub exchange: StockExchange,
    /// ISO code of the exchange's country (settlement convention, domestic traders).
    pub country: &'static str,
    pub currency: &'static str,
    /// Fixed UTC offset of the exchange's local time (no DST, like the country table).
    pub utc_offset_minutes: i16,
    /// Regular session `[open_hour, close_hour)` local, in whole hours (sessions are rounded inwards to
    /// whole hours because curves have hourly resolution).
    pub open_hour: u8,
    pub close_hour: u8,
    /// Settlement cycle in business days: T+1 in the US, Canada and Mexico, T+2 elsewhere.
    pub settlement_days: u32,
}

macro_rules! exchange {
    ($e:ident, $country:literal, $ccy:literal, $offset:literal, $open:literal, $close:literal, $t:literal) => {
        ExchangeSpec {
            exchange: StockExchange::$e,
            country: $country,
            currency: $ccy,
            utc_offset_minutes: $offset,
            open_hour: $open,
            close_hour: $close,
            settlement_days: $t,
        }
    };
}

/// The 16 exchanges in [`StockExchange::ALL`] order.
pub const EXCHANGES: [ExchangeSpec; 16] = [
    exchange!(Nyse, "US", "USD", -300, 10, 16, 1),
    exchange!(Nasdaq, "US", "USD", -300, 10, 16, 1),
    exchange!(Lse, "GB", "GBP", 0, 8, 16, 2),
    exchange!(Tse, "JP", "JPY", 540, 9, 15, 2),
    exchange!(Hkex, "HK", "HKD", 480, 10, 16, 2),
    exchange!(Sse, "CN", "CNY", 480, 10, 15, 2),
    exchange!(Szse, "CN", "CNY", 480, 10, 15, 2),
    exchange!(Euronext, "FR", "EUR", 60, 9, 17, 2),
    exchange!(Tsx, "CA", "CAD", -300, 10, 16, 1),
    exchange!(Asx, "AU", "AUD", 600, 10, 16, 2),
    exchange!(Bse, "IN", "INR", 330, 10, 15, 2),
    exchange!(Nse, "IN", "INR", 330, 10, 15, 2),
    exchange!(Krx, "KR", "KRW", 540, 9, 15, 2),
    exchange!(Six, "CH", "CHF", 60, 9, 17, 2),
    exchange!(Bme, "ES", "EUR", 60, 9, 17, 2),
    exchange!(B3, "BR", "BRL", -180, 10, 17, 2),
];

pub fn exchange_spec(e: StockExchange) -> &'static ExchangeSpec {
    &EXCHANGES[e as usize]
}

impl ExchangeSpec {
    /// `ts` shifted to the exchange's local time.
    pub fn local(&self, ts: Timestamp) -> Timestamp {
        ts + self.utc_offset_minutes as i64 * 60
    }

    /// Whether `ts` is on a business day (Monday–Friday) inside the session, in local time.
    pub fn is_open(&self, ts: Timestamp) -> bool {
        let local = self.local(ts);
        let hour = local.rem_euclid(86_400) / 3_600;
        weekday(date_of(local)) < 5
            && (self.open_hour as i64..self.close_hour as i64).contains(&hour)
    }

    /// Settlement date of a trade at `ts`: T+1 or T+2 business days from the local trade date.
    pub fn settlement_date(&self, ts: Timestamp) -> Date {
        add_business_days(date_of(self.local(ts)), self.settlement_days)
    }

    fn profile(&self) -> LocalProfile {
        LocalProfile::opening_hours(
            &[0, 1, 2, 3, 4],
            self.open_hour as usize,
            self.close_hour as usize,
        )
    }
}

// ---- instruments ---------------------------------------------------------------------------------------

/// Asset types in the order of the `[trades]` asset mix.
const ASSETS: [AssetType; 5] = [
    AssetType::Stock,
    AssetType::Option,
    AssetType::Future,
    AssetType::Bond,
    AssetType::Etf,
];

use StockExchange as X;
/// Index futures by home exchange; the symbol adds the contract month code and year.
const FUTURES: [(&str, StockExchange); 14] = [
    ("ES", X::Nyse),
    ("YM", X::Nyse),
    ("NQ", X::Nasdaq),
    ("Z", X::Lse),
    ("NK", X::Tse),
    ("HSI", X::Hkex),
    ("FCE", X::Euronext),
    ("SXF", X::Tsx),
    ("AP", X::Asx),
    ("NIFTY", X::Nse),
    ("KS", X::Krx),
    ("FSMI", X::Six),
    ("FIBX", X::Bme),
    ("IND", X::B3),
];
/// Government bonds by issuing country; the symbol is `{country}{tenor}Y` (original: `US{1-30}Y`).
const BONDS: [(&str, StockExchange); 12] = [
    ("US", X::Nyse),
    ("GB", X::Lse),
    ("JP", X::Tse),
    ("CN", X::Sse),
    ("FR", X::Euronext),
    ("CA", X::Tsx),
    ("AU", X::Asx),
    ("IN", X::Nse),
    ("KR", X::Krx),
    ("CH", X::Six),
    ("ES", X::Bme),
    ("BR", X::B3),
];
const BOND_TENORS: [u32; 6] = [2, 5, 7, 10, 20, 30];
const ETFS: [(&str, StockExchange); 15] = [
    ("SPY", X::Nyse),
    ("IWM", X::Nyse),
    ("DIA", X::Nyse),
    ("EEM", X::Nyse),
    ("GLD", X::Nyse),
    ("QQQ", X::Nasdaq),
    ("TLT", X::Nasdaq),
    ("ISF", X::Lse),
    ("1306", X::Tse),
    ("2800", X::Hkex),
    ("510300", X::Sse),
    ("XIU", X::Tsx),
    ("STW", X::Asx),
    ("NIFTYBEES", X::Nse),
    ("CSSMI", X::Six),
];

fn fixed_list(asset: AssetType) -> &'static [(&'static str, StockExchange)] {
    match asset {
        AssetType::Future => &FUTURES,
        AssetType::Bond => &BONDS,
        AssetType::Etf => &ETFS,
        AssetType::Stock | AssetType::Option => &[],
    }
}

/// A public company listed on an exchange.
#[derive(Clone, Debug)]
struct Listed {
    company: u64,
    ticker: String,
}

// ---- accounts ------------------------------------------------------------------------------------------

/// An account of `owner` eligible at `ts` (SPEC §5.2, read from [`account::core`]), with its core:
/// the owner's accounts are tried in rotation starting at `pick`; with `prefer_investment`, the first
/// eligible investment account wins and another eligible account is the fallback.
pub fn eligible_account(
    ctx: &Ctx,
    owner: Owner,
    ts: Timestamp,
    pick: u64,
    prefer_investment: bool,
) -> Option<(u64, AccountCore)> {
    eligible_account_during(ctx, owner, (ts, ts), pick, prefer_investment)
}

/// [`eligible_account`] for an account eligible throughout `[first, last]` (eligibility is one interval
/// of days, so both ends suffice).
pub(super) fn eligible_account_during(
    ctx: &Ctx,
    owner: Owner,
    (first, last): (Timestamp, Timestamp),
    pick: u64,
    prefer_investment: bool,
) -> Option<(u64, AccountCore)> {
    let accounts: Vec<u64> = ctx.layout.accounts_of(owner).collect();
    let n = accounts.len() as u64;
    let rotated = (0..n).map(|i| accounts[((pick + i) % n) as usize]);
    let mut fallback = None;
    for a in rotated {
        let core = account::core(ctx, a);
        if !(core.eligible_at(first) && core.eligible_at(last)) {
            continue;
        }
        if !prefer_investment || core.account_type == AccountType::Investment {
            return Some((a, core));
        }
        fallback.get_or_insert((a, core));
    }
    fallback
}

// ---- tables --------------------------------------------------------------------------------------------

/// One background kind: an asset type on an exchange, with its integer weight in the file mix.
#[derive(Clone, Copy, Debug)]
struct Kind {
    asset: AssetType,
    exchange: StockExchange,
    weight: u64,
}

/// Per-run lookup tables: kinds, session curves, listed companies per exchange, trader pools.
pub struct Tables {
    kinds: Vec<Kind>,
    /// Session curve per exchange, in [`EXCHANGES`] order.
    curves: Vec<Curve>,
    /// Trading currency per exchange (None when the currency table lacks it: the exchange is unused).
    currencies: Vec<Option<CurrencyId>>,
    /// Listed public companies per exchange, in public-pool order, and Zipf constants over them.
    listed: Vec<Vec<Listed>>,
    listed_zipf: Vec<Zipf>,
    /// Person slots per country in a keyed order, and each country's share of persons.
    traders: Vec<CountryPool>,
    person_shares: Vec<u64>,
    /// Window's first day: the anchor of every reference-price walk.
    anchor: Date,
    key: StreamKey,
}

impl Tables {
    pub fn new(ctx: &Ctx) -> Tables {
        let seed = ctx.seed;
        let window = ctx.window;
        let currencies: Vec<Option<CurrencyId>> = EXCHANGES
            .iter()
            .map(|x| refdata::currency_by_code(x.currency))
            .collect();
        let curves: Vec<Curve> = EXCHANGES
            .iter()
            .map(|x| Curve::mixed(&x.profile(), &[1], &[x.utc_offset_minutes]))
            .collect();
        // An exchange can host trades when its currency is known and its session meets the window.
        let usable: Vec<bool> = (0..EXCHANGES.len())
            .map(|e| currencies[e].is_some() && curves[e].weight(window.start, window.end) > 0)
            .collect();

        let mut listed: Vec<Vec<Listed>> = vec![Vec::new(); EXCHANGES.len()];
        let public = &ctx.layout.public_companies;
        for k in 0..public.size() {
            let company = public.holder(k);
            if let Some((ticker, exchange)) = company::listing(ctx, company) {
                listed[exchange as usize].push(Listed { company, ticker });
            }
        }
        let listed_zipf = listed
            .iter()
            .map(|l| Zipf::new(l.len().max(1) as u64, 0.9))
            .collect();

        // Kind weights: the asset share spread over exchanges by listed companies (stocks, options) or
        // by instruments (fixed lists), over usable exchanges only.
        const SCALE: u64 = 1 << 32;
        let mut kinds = Vec::new();
        let shares = ctx.params.trades.asset_weights();
        for (asset, share) in ASSETS.into_iter().zip(shares) {
            let per_exchange: Vec<u64> = (0..EXCHANGES.len())
                .map(|e| match asset {
                    AssetType::Stock | AssetType::Option => listed[e].len() as u64,
                    _ => fixed_list(asset)
                        .iter()
                        .filter(|(_, x)| *x as usize == e)
                        .count() as u64,
                })
                .zip(&usable)
                .map(|(n, &ok)| if ok { n } else { 0 })
                .collect();
            let sum: u64 = per_exchange.iter().sum();
            for (e, &n) in per_exchange.iter().enumerate() {
                if n > 0 {
                    kinds.push(Kind {
                        asset,
                        exchange: StockExchange::ALL[e],
                        weight: share * SCALE / sum * n,
                    });
                }
            }
        }

        let traders = pools::per_country(ctx, "trade.traders", false, [0.8]);
        let person_shares = pools::sizes(&traders);
        Tables {
            kinds,
            curves,
            currencies,
            listed,
            listed_zipf,
            traders,
            person_shares,
            anchor: date_of(window.start),
            key: StreamKey::new(seed, "trade.background"),
        }
    }
}

/// The background plan of the trades file: per-(asset, exchange) exact totals along session curves.
/// All zero when no person holds an account (traders are persons) or no exchange can trade.
pub fn file_plan(tables: &Tables, background: u64) -> FilePlan {
    let has_traders = tables.person_shares.iter().any(|&n| n > 0);
    let weights: Vec<u64> = tables.kinds.iter().map(|k| k.weight).collect();
    let totals = if has_traders && weights.iter().any(|&w| w > 0) {
        apportion(background, &weights)
    } else {
        vec![0; weights.len()]
    };
    FilePlan {
        kinds: tables
            .kinds
            .iter()
            .zip(totals)
            .map(|(kind, total)| KindPlan::new(&tables.curves[kind.exchange as usize], total))
            .collect(),
    }
}

/// Draws the background trades of slice `s` (unordered; ids are assigned by the caller).
pub fn slice(
    ctx: &Ctx,
    tables: &Tables,
    plan: &FilePlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Trade>,
) {
    plan.draw_slice(&tables.key, slices, s, |k, ts, rng| {
        let kind = &tables.kinds[k];
        out.push(build(
            ctx,
            tables,
            kind.asset,
            kind.exchange,
            ts,
            &Supplied::default(),
            rng,
        ));
    });
}

// ---- the record builder --------------------------------------------------------------------------------

/// What a pattern may fix; everything left `None` is drawn as for background trades.
#[derive(Clone, Debug, Default)]
pub struct Supplied {
    /// Trader (person index) and account row; the account must be the trader's and eligible at `ts`.
    pub trader: Option<(u64, u64)>,
    /// Issuer (company index) of a stock or option; it must be listed on the exchange.
    pub issuer: Option<u64>,
    pub side: Option<TradeSide>,
    pub quantity: Option<i64>,
}

/// One planned trade (insider_trading): person row `trader` trades from account row `account` the
/// stock or an option of company row `issuer` on its listing exchange at `ts` (inside the session).
/// Price, quantity and every other field are drawn by [`build`] as for background trades.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TradeSpec {
    pub ts: Timestamp,
    pub trader: u64,
    pub account: u64,
    pub issuer: u64,
    pub asset: AssetType,
    pub exchange: StockExchange,
    pub side: TradeSide,
}

/// The trade of a pattern's `spec`, through the background builder (ground truth is set by the caller).
pub fn pattern_record(ctx: &Ctx, tables: &Tables, spec: &TradeSpec, rng: &mut Rng) -> Trade {
    let supplied = Supplied {
        trader: Some((spec.trader, spec.account)),
        issuer: Some(spec.issuer),
        side: Some(spec.side),
        quantity: None,
    };
    build(
        ctx,
        tables,
        spec.asset,
        spec.exchange,
        spec.ts,
        &supplied,
        rng,
    )
}

/// Builds one trade of `asset` on `exchange` at `ts` (which must be inside the exchange's session).
pub fn build(
    ctx: &Ctx,
    tables: &Tables,
    asset: AssetType,
    exchange: StockExchange,
    ts: Timestamp,
    supplied: &Supplied,
    rng: &mut Rng,
) -> Trade {
    let spec = exchange_spec(exchange);
    let p = &ctx.params.trades;
    let tie = rng.next_u64();
    let currency = tables.currencies[exchange as usize].unwrap_or(0);
    let ccy = refdata::currency(currency);
    let local_day = date_of(spec.local(ts));

    // Instrument.
    let listed = &tables.listed[exchange as usize];
    let issuer: Option<&Listed> = match asset {
        AssetType::Stock | AssetType::Option if !listed.is_empty() => Some(match supplied.issuer {
            Some(c) => listed.iter().find(|l| l.company == c).unwrap_or(&listed[0]),
            None => &listed[tables.listed_zipf[exchange as usize].sample(rng) as usize],
        }),
        _ => None,
    };
    let symbol = match (asset, issuer) {
        (AssetType::Stock, Some(l)) => l.ticker.clone(),
        (AssetType::Option, Some(l)) => {
            let underlying = reference_price(
                ctx.seed,
                tables.anchor,
                &l.ticker,
                AssetType::Stock,
                currency,
                local_day,
            );
            option_symbol(&l.ticker, local_day, underlying, ccy.minor_units, rng)
        }
        _ => fixed_symbol(asset, exchange, local_day, rng),
    };

    // Trader: supplied, else (for a few stock trades) an insider of the issuer, else a drawn person.
    let mut trader = supplied.trader;
    if trader.is_none()
        && asset == AssetType::Stock
        && let Some(l) = issuer
        && rng.chance(p.insider_background_share)
    {
        trader = insider_trader(ctx, l.company, ts, rng);
    }
    let (person, account) = trader.unwrap_or_else(|| draw_trader(ctx, tables, spec, ts, rng));

    // Price, quantity, value.
    let reference = reference_price(ctx.seed, tables.anchor, &symbol, asset, currency, local_day);
    let price = price_near(reference, rng);
    let quantity = supplied
        .quantity
        .unwrap_or_else(|| draw_quantity(asset, p.quantity_weights(), rng));
    let total = quantity * price;
    let side = supplied.side.unwrap_or(if rng.chance(p.buy_probability) {
        TradeSide::Buy
    } else {
        TradeSide::Sell
    });
    let [market, limit, stop, stop_limit] = p.order_weights();
    let order_type = rng.weighted_item(&[
        (OrderType::Market, market),
        (OrderType::Limit, limit),
        (OrderType::Stop, stop),
        (OrderType::StopLimit, stop_limit),
    ]);
    let venue = if asset == AssetType::Bond {
        let [otc, exchange] = p.bond_venue_weights();
        rng.weighted_item(&[
            (ExecutionVenue::Otc, otc),
            (ExecutionVenue::Exchange, exchange),
        ])
    } else {
        let [exchange, dark_pool, otc] = p.venue_weights();
        rng.weighted_item(&[
            (ExecutionVenue::Exchange, exchange),
            (ExecutionVenue::DarkPool, dark_pool),
            (ExecutionVenue::Otc, otc),
        ])
    };
    // Commission: 0–50 USD-equivalent (the original's range); some brokers charge nothing.
    let commission = if rng.chance(p.commission_free_probability) {
        0
    } else {
        libm::round(usd_to_minor(rng.uniform(0.5, 50.0), currency)) as i64
    };

    // Alerting layer.
    let (officer, major) = match issuer {
        Some(l) => insider_ties(ctx, person, l.company, date_of(ts)),
        None => (false, false),
    };
    let facts = TradeFacts {
        asset,
        total_usd_cents: minor_to_usd_cents(total, currency),
        ts,
        trader_utc_offset_minutes: refdata::country(ctx.layout.person_country(person))
            .utc_offset_minutes,
        officer_of_issuer: officer,
        major_shareholder: major,
    };
    let mut insider_indicators = Vec::new();
    let (risk_score, flagged_for_review) =
        trade_alerts(&facts, &ctx.params.alerts.trades, &mut insider_indicators);

    Trade {
        trader_id: ctx.person_id(person),
        account_id: ctx.account_id(account),
        symbol,
        asset_type: asset,
        exchange,
        side,
        order_type,
        quantity,
        price: Decimal::new(price, ccy.minor_units),
        total_value: Decimal::new(total, ccy.minor_units),
        currency: ccy.code,
        trade_date: ts,
        settlement_date: spec.settlement_date(ts),
        execution_venue: venue,
        broker_id: broker_id(ctx, account),
        commission: Decimal::new(commission, ccy.minor_units),
        insider_indicators,
        risk_score,
        flagged_for_review,
        pattern_id: None,
        tie,
        ..Default::default()
    }
}

/// A person and an eligible account of theirs for a trade on `spec` at `ts` (SPEC §5.2): domestic
/// traders favoured, Zipf weights over a keyed order of the country's persons, the trader's investment
/// account preferred. Investment accounts are also preferred across traders: a drawn trader with no
/// eligible investment account is kept with probability `trades.non_investment_keep_probability` (with
/// 10% investment accounts among persons' accounts, the default .25 puts about a quarter of trades on
/// one), otherwise remembered and redrawn. Bounded redraws (the first remembered trader, if any, wins after them), then
/// (tiny populations only) a scan of everyone.
fn draw_trader(
    ctx: &Ctx,
    tables: &Tables,
    spec: &ExchangeSpec,
    ts: Timestamp,
    rng: &mut Rng,
) -> (u64, u64) {
    let home =
        refdata::country_by_code(spec.country).filter(|&c| tables.person_shares[c as usize] > 0);
    let params = &ctx.params.trades;
    let mut fallback = None;
    for _ in 0..8 {
        let country = match home {
            Some(c) if rng.chance(params.domestic_trader_share) => c,
            _ => pools::by_share(&tables.person_shares, rng)
                .unwrap_or(COUNTRIES.len() as CountryId - 1),
        };
        let pool = &tables.traders[country as usize];
        if pool.is_empty() {
            continue;
        }
        let p = ctx.layout.person_at_slot(pool.draw(rng));
        if let Some((a, core)) = eligible_account(ctx, Owner::Person(p), ts, rng.next_u64(), true) {
            if core.account_type == AccountType::Investment
                || rng.chance(params.non_investment_keep_probability)
            {
                return (p, a);
            }
            fallback.get_or_insert((p, a));
        }
    }
    if let Some(found) = fallback {
        return found;
    }
    let persons = ctx.layout.params.persons;
    let start = rng.below(persons);
    let scan = (0..persons).map(|i| (start + i) % persons);
    for p in scan {
        if let Some((a, _)) = eligible_account(ctx, Owner::Person(p), ts, 0, true) {
            return (p, a);
        }
    }
    // No person account is open at `ts` at all: keep the record well-formed with any person account.
    let a = (0..ctx.layout.params.accounts)
        .find(|&a| matches!(ctx.layout.account_owner(a), Owner::Person(_)))
        .unwrap_or(0);
    match ctx.layout.account_owner(a) {
        Owner::Person(p) => (p, a),
        Owner::Company(_) => (0, a),
    }
}

/// An officer in office or a major direct shareholder of `issuer` with an eligible account at `ts`.
fn insider_trader(ctx: &Ctx, issuer: u64, ts: Timestamp, rng: &mut Rng) -> Option<(u64, u64)> {
    let day = date_of(ts);
    let mut candidates: Vec<u64> = links::officers(ctx, issuer)
        .iter()
        .filter(|o| officer_in_office(o, day))
        .map(|o| o.person)
        .collect();
    for h in links::shareholders(ctx, issuer) {
        if let Holder::Person(p) = h.holder
            && h.hundredths >= ctx.params.alerts.trades.major_shareholder_hundredths()
            && h.since <= day
            && !candidates.contains(&p)
        {
            candidates.push(p);
        }
    }
    let n = candidates.len() as u64;
    let start = rng.below(n);
    (0..n).find_map(|i| {
        let p = candidates[((start + i) % n) as usize];
        eligible_account(ctx, Owner::Person(p), ts, 0, true).map(|(a, _)| (p, a))
    })
}

fn officer_in_office(o: &links::Officer, day: Date) -> bool {
    o.appointment_date <= day && o.resignation_date.is_none_or(|r| day < r)
}

/// Quantities: stock buckets 1–100, 101–1,000, 1,001–10,000, 10,001–100,000 by `stock_buckets`
/// (default .70/.20/.08/.02); option 1–1,000 contracts; future 1–500; bond 1–10,000 lots of 1,000; etf
/// 1–10,000 (the original's ranges).
fn draw_quantity(asset: AssetType, stock_buckets: [u32; 4], rng: &mut Rng) -> i64 {
    match asset {
        AssetType::Stock => {
            let (lo, hi) = [(1, 100), (101, 1_000), (1_001, 10_000), (10_001, 100_000)]
                [rng.weighted(&stock_buckets)];
            rng.between(lo, hi)
        }
        AssetType::Option => rng.between(1, 1_000),
        AssetType::Future => rng.between(1, 500),
        AssetType::Bond => rng.between(1, 10_000) * 1_000,
        AssetType::Etf => rng.between(1, 10_000),
    }
}

/// A price in minor units within ±1% of the reference (at least one minor unit).
fn price_near(reference_minor: f64, rng: &mut Rng) -> i64 {
    let lo = libm::ceil(reference_minor * 0.99) as i64;
    let hi = libm::floor(reference_minor * 1.01) as i64;
    if hi < lo {
        return (libm::round(reference_minor) as i64).max(1);
    }
    rng.between(lo, hi).max(1)
}

/// Option symbol `{TICKER}{YYMMDD}{C|P}{strike:05}`: expiry the Friday after 30–365 days, strike within
/// ±20% of the underlying's reference in whole currency units (capped at 5 digits).
fn option_symbol(
    ticker: &str,
    day: Date,
    underlying_minor: f64,
    minor_units: u8,
    rng: &mut Rng,
) -> String {
    let mut expiry = day + rng.between(30, 365) as Date;
    while weekday(expiry) != 4 {
        expiry += 1;
    }
    let (y, m, d) = crate::core::time::civil_from_days(expiry);
    let kind = if rng.chance(0.5) { 'C' } else { 'P' };
    let underlying = underlying_minor / 10f64.powi(minor_units as i32);
    let strike = (libm::round(underlying * rng.uniform(0.8, 1.2)) as i64).clamp(1, 99_999);
    format!("{ticker}{:02}{m:02}{d:02}{kind}{strike:05}", y % 100)
}

/// Symbol of a fixed-list instrument on `exchange`: futures get the next quarterly contract month.
fn fixed_symbol(asset: AssetType, exchange: StockExchange, day: Date, rng: &mut Rng) -> String {
    let roots: Vec<&str> = fixed_list(asset)
        .iter()
        .filter(|(_, x)| *x == exchange)
        .map(|(r, _)| *r)
        .collect();
    let root = if roots.is_empty() {
        "SPY"
    } else {
        *rng.pick(&roots)
    };
    match asset {
        AssetType::Future => {
            let (y, m, _) = crate::core::time::civil_from_days(day);
            let quarter = (m - 1) / 3; // the contract expiring at the end of this quarter
            let code = ['H', 'M', 'U', 'Z'][quarter as usize];
            format!("{root}{code}{:02}", y % 100)
        }
        AssetType::Bond => format!("{root}{}Y", rng.pick(&BOND_TENORS)),
        _ => root.to_string(),
    }
}

/// `BRK-` + 8 hex: the account's broker, one of 500 per run, so broker ids repeat across trades.
fn broker_id(ctx: &Ctx, account: u64) -> String {
    let broker = ctx.rng("trade.broker", account).below(500);
    let value = mix64(ctx.seed ^ mix64(broker ^ 0x6272_6f6b_6572)) as u32;
    format!("BRK-{value:08x}")
}

// ---- reference prices ----------------------------------------------------------------------------------

/// Levels of the dyadic tree: the walk is defined for 2^16 days (≈ 179 years) after its anchor.
const WALK_LEVELS: u32 = 16;

/// Daily volatility and USD-equivalent range of the starting reference price, by asset type.
fn walk_params(asset: AssetType) -> (f64, f64, f64) {
    match asset {
        AssetType::Stock => (0.02, 5.0, 500.0),
        AssetType::Option => (0.05, 0.5, 50.0),
        AssetType::Future => (0.012, 10.0, 5_000.0),
        // Bonds are quoted in percent of par.
        AssetType::Bond => (0.003, 90.0, 110.0),
        AssetType::Etf => (0.01, 20.0, 500.0),
    }
}

/// The daily reference price of `symbol` on `day`, in minor units of `currency` (a real number; trade
/// prices are whole minor units within ±1% of it). A geometric Brownian motion without drift, starting
/// at `anchor` from a log-uniform level in the asset's range (bonds: percent of par, not converted).
/// Pure: the same arguments always give the same value.
pub fn reference_price(
    seed: u64,
    anchor: Date,
    symbol: &str,
    asset: AssetType,
    currency: CurrencyId,
    day: Date,
) -> f64 {
    let key = symbol
        .bytes()
        .fold(mix64(seed ^ 0x7472_6164_6521 ^ asset as u64), |h, b| {
            mix64(h ^ b as u64)
        });
    let (sigma, lo, hi) = walk_params(asset);
    let start = lo * libm::pow(hi / lo, unit(mix64(key ^ 0x5157)));
    let level = if asset == AssetType::Bond {
        start * 10f64.powi(refdata::currency(currency).minor_units as i32)
    } else {
        usd_to_minor(start, currency)
    };
    let d = (day - anchor).clamp(0, 1 << WALK_LEVELS) as u32;
    level * libm::exp(sigma * brownian(key, d))
}

/// Standard Brownian motion at integer time `d` ∈ [0, 2^16], W(0) = 0: the end point is drawn, then
/// each midpoint from its bridge (mean of the ends, variance a quarter of the interval), descending
/// towards `d` only, so W(d) costs at most 16 normal draws and all days agree with one path.
fn brownian(key: u64, d: u32) -> f64 {
    let (mut lo, mut hi) = (0u32, 1u32 << WALK_LEVELS);
    let (mut w_lo, mut w_hi) = (0.0, libm::sqrt(hi as f64) * normal(key, 1));
    let mut node = 1u64;
    while d != lo && d != hi {
        let mid = lo + (hi - lo) / 2;
        let w_mid =
            (w_lo + w_hi) / 2.0 + libm::sqrt((hi - lo) as f64 / 4.0) * normal(key, node << 1);
        if d < mid {
            (hi, w_hi, node) = (mid, w_mid, node << 1);
        } else {
            (lo, w_lo, node) = (mid, w_mid, (node << 1) | 1);
        }
    }
    if d == lo { w_lo } else { w_hi }
}

/// A uniform in (0, 1) from 53 bits of a hash.
fn unit(h: u64) -> f64 {
    ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// A standard normal deviate for tree node `node` of the walk `key` (Box–Muller on two hashes). A
/// midpoint's draw is keyed by its left child's number, which no other midpoint uses.
fn normal(key: u64, node: u64) -> f64 {
    let h = mix64(key ^ mix64(node));
    let (u1, u2) = (unit(h), unit(mix64(h)));
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
}

/// USD amount (major units) in minor units of `currency`, as a real number at the table rate, so a
/// sampled amount (the commission) is rounded once, by the caller. `refdata::from_usd` takes whole cents
/// and rounds itself: using it would round twice and change output bytes.
fn usd_to_minor(usd: f64, currency: CurrencyId) -> f64 {
    let c = refdata::currency(currency);
    let rate = c.usd_rate_units as f64 / 10f64.powi(c.usd_rate_scale as i32);
    usd * rate * 10f64.powi(c.minor_units as i32)
}

/// Minor units of `currency` in whole US cents, rounded down, exactly in integers. `large_position_change`
/// compares it with its threshold and `validate` recomputes it with this function; `refdata::to_usd_minor`
/// rounds half to even, which can move a value across the threshold, so the rule keeps its own.
pub fn minor_to_usd_cents(minor: i64, currency: CurrencyId) -> i64 {
    let c = refdata::currency(currency);
    // cents = minor × 100 / (rate × 10^minor_units), rate = units / 10^scale.
    let num = minor as i128 * 100 * 10i128.pow(c.usd_rate_scale as u32);
    let den = c.usd_rate_units as i128 * 10i128.pow(c.minor_units as u32);
    (num / den.max(1)) as i64
}

// ---- alerting layer ------------------------------------------------------------------------------------

/// Insider indicator labels, in rule order; weights, thresholds and the flag conditions are in
/// `[alerts.trades]` ([`TradeAlertParams`]).
pub use crate::model::common::TRADE_RULES;

/// What the trade rules look at: the record's own fields and O(1) facts about its trader.
#[derive(Clone, Copy, Debug)]
pub struct TradeFacts {
    pub asset: AssetType,
    pub total_usd_cents: i64,
    pub ts: Timestamp,
    /// UTC offset of the trader's residence country.
    pub trader_utc_offset_minutes: i16,
    /// The trader is an officer of the issuer in office on the trade date (stocks and options).
    pub officer_of_issuer: bool,
    /// The trader holds ≥ 5% of the issuer directly on the trade date (stocks and options).
    pub major_shareholder: bool,
}

/// Fills `indicators` (cleared first) and returns (risk_score, flagged_for_review).
pub fn trade_alerts(
    f: &TradeFacts,
    p: &TradeAlertParams,
    indicators: &mut Vec<&'static str>,
) -> (Decimal, bool) {
    indicators.clear();
    let local_hour = (f.ts + f.trader_utc_offset_minutes as i64 * 60).rem_euclid(86_400) / 3_600;
    let hits = [
        f.total_usd_cents >= p.large_position_usd * 100,
        f.asset == AssetType::Option,
        !(p.trader_day_start_hour..p.trader_day_end_hour).contains(&local_hour),
        f.officer_of_issuer,
        f.major_shareholder,
    ];
    let mut score = 0i64;
    for ((hit, label), weight) in hits.into_iter().zip(TRADE_RULES).zip(p.weights()) {
        if hit {
            indicators.push(label);
            score += weight as i64;
        }
    }
    let score = score.min(10_000);
    (
        Decimal::new(score, 4),
        score >= p.flag_score as i64 || indicators.len() >= p.flag_indicators as usize,
    )
}

/// (officer in office, major direct shareholder) of person `p` towards company `issuer` on `day`.
pub fn insider_ties(ctx: &Ctx, p: u64, issuer: u64, day: Date) -> (bool, bool) {
    let officer = links::officers(ctx, issuer)
        .iter()
        .any(|o| o.person == p && officer_in_office(o, day));
    let major = links::shareholders(ctx, issuer).iter().any(|h| {
        h.holder == Holder::Person(p)
            && h.hundredths >= ctx.params.alerts.trades.major_shareholder_hundredths()
            && h.since <= day
    });
    (officer, major)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::Namespace;
    use crate::core::time::days_from_civil;

    fn ctx() -> Ctx {
        crate::generators::test_ctx(11, 3_000, 600, 4_000, 365)
    }

    fn index(ctx: &Ctx, id: crate::core::ids::RecordId, ns: Namespace) -> u64 {
        let (got, i) = ctx.ids.decode(id.value).expect("a valid id");
        assert_eq!(got, ns);
        i
    }

    /// Every slice of the first `days` days of the window, with its trades.
    fn generate(
        ctx: &Ctx,
        background: u64,
        days: u32,
    ) -> (Tables, FilePlan, Slices, Vec<Vec<Trade>>) {
        let tables = Tables::new(ctx);
        let plan = file_plan(&tables, background);
        let slices = Slices::new(ctx.window.start, days, 3_600);
        let per_slice = (0..slices.count)
            .map(|s| {
                let mut out = Vec::new();
                slice(ctx, &tables, &plan, slices, s, &mut out);
                out
            })
            .collect();
        (tables, plan, slices, per_slice)
    }

    #[test]
    fn counts_are_exact_and_times_stay_in_their_slice() {
        let ctx = ctx();
        let (_, plan, slices, per_slice) = generate(&ctx, 3_001, 14);
        assert_eq!(plan.total(), 3_001);
        let sum = crate::schedule::events::assert_slices_follow_plan(&plan, slices, &per_slice);
        assert_eq!(sum, 3_001);
    }

    #[test]
    fn a_slice_is_a_pure_function_of_its_index() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 20_000);
        let slices = Slices::new(ctx.window.start, 14, 3_600);
        let busy = (0..slices.count)
            .max_by_key(|&s| {
                (0..plan.kinds.len())
                    .map(|k| plan.kind_count(slices, k, s))
                    .sum::<u64>()
            })
            .unwrap();
        let json = |s: u64| {
            let mut out = Vec::new();
            slice(&ctx, &tables, &plan, slices, s, &mut out);
            assert!(!out.is_empty());
            let mut bytes = Vec::new();
            for t in &out {
                crate::encode::json::write_record(t, &mut bytes);
                bytes.push(b'\n');
            }
            bytes
        };
        let first = json(busy);
        json(busy + 1);
        assert_eq!(first, json(busy));
    }

    #[test]
    fn trades_follow_exchange_and_account_rules() {
        let ctx = ctx();
        let (tables, _, _, per_slice) = generate(&ctx, 6_000, 14);
        let trades: Vec<&Trade> = per_slice.iter().flatten().collect();
        let mut assets = [0usize; 5];
        for t in &trades {
            let spec = exchange_spec(t.exchange);
            assert!(
                spec.is_open(t.trade_date),
                "{} at {}",
                t.symbol,
                t.trade_date
            );
            let local_day = date_of(spec.local(t.trade_date));
            assert!(weekday(local_day) < 5);
            let settle_days = if matches!(spec.country, "US" | "CA" | "MX") {
                1
            } else {
                2
            };
            assert_eq!(t.settlement_date, add_business_days(local_day, settle_days));
            assert!(t.settlement_date > local_day && weekday(t.settlement_date) < 5);
            assert_eq!(t.currency, spec.currency);
            assert_eq!(t.total_value.units, t.quantity * t.price.units);
            assert_eq!(t.price.scale, t.total_value.scale);
            assert!(t.quantity >= 1 && t.price.units >= 1 && t.commission.units >= 0);
            assert!(t.broker_id.starts_with("BRK-") && t.broker_id.len() == 12);
            let p = index(&ctx, t.trader_id, Namespace::Person);
            let a = index(&ctx, t.account_id, Namespace::Account);
            let core = account::core(&ctx, a);
            assert_eq!(core.owner, Owner::Person(p));
            assert!(
                core.eligible_at(t.trade_date),
                "account {a} at {}",
                t.trade_date
            );
            let ccy = refdata::currency_by_code(t.currency).unwrap();
            let r = reference_price(
                ctx.seed,
                tables.anchor,
                &t.symbol,
                t.asset_type,
                ccy,
                local_day,
            );
            let price = t.price.units as f64;
            assert!(
                price >= (r * 0.99).floor() && price <= (r * 1.01).ceil(),
                "{} {price} vs {r}",
                t.symbol
            );
            assets[t.asset_type as usize] += 1;
        }
        // Asset mix ≈ 60/20/10/5/5 (SPEC §7.6).
        let n = trades.len() as f64;
        for (i, target) in [0.60, 0.20, 0.10, 0.05, 0.05].into_iter().enumerate() {
            let share = assets[i] as f64 / n;
            assert!((share - target).abs() < 0.03, "asset {i}: {share}");
        }
        // Stocks and options trade the issuer's ticker at its listing exchange.
        let listings: Vec<(String, StockExchange)> = (0..ctx.layout.params.companies)
            .filter_map(|c| company::listing(&ctx, c))
            .collect();
        for t in trades.iter().filter(|t| t.asset_type == AssetType::Stock) {
            assert!(
                listings.contains(&(t.symbol.clone(), t.exchange)),
                "{}",
                t.symbol
            );
        }
        for t in trades.iter().filter(|t| t.asset_type == AssetType::Option) {
            // `{TICKER}{YYMMDD}{C|P}{strike:05}`: the ticker is all but the last 12 characters.
            let (ticker, tail) = t.symbol.split_at(t.symbol.len() - 12);
            assert!(tail[6..7] == *"C" || tail[6..7] == *"P", "{}", t.symbol);
            assert!(!ticker.is_empty());
            assert!(
                listings
                    .iter()
                    .any(|(s, x)| s == ticker && *x == t.exchange),
                "{}",
                t.symbol
            );
        }
    }

    #[test]
    fn investment_accounts_are_preferred() {
        let ctx = ctx();
        let person_accounts: Vec<AccountCore> = (0..ctx.layout.params.accounts)
            .map(|a| account::core(&ctx, a))
            .filter(|c| matches!(c.owner, Owner::Person(_)))
            .collect();
        let investment = |c: &AccountCore| c.account_type == AccountType::Investment;
        let population = person_accounts.iter().filter(|c| investment(c)).count() as f64
            / person_accounts.len() as f64;
        // The population really has both kinds, and some accounts that are not eligible.
        assert!((0.05..0.2).contains(&population), "{population}");
        assert!(person_accounts.iter().any(|c| c.closed_date.is_some()));
        let (_, _, _, per_slice) = generate(&ctx, 4_000, 14);
        let trades: Vec<&Trade> = per_slice.iter().flatten().collect();
        let on_investment = trades
            .iter()
            .filter(|t| {
                let a = index(&ctx, t.account_id, Namespace::Account);
                investment(&account::core(&ctx, a))
            })
            .count() as f64
            / trades.len() as f64;
        assert!(
            on_investment > 1.8 * population && on_investment < 0.6,
            "{on_investment} of trades vs {population} of person accounts"
        );
        // A trader's own choice: whenever the trader has an eligible investment account, it is used.
        for t in &trades {
            let p = index(&ctx, t.trader_id, Namespace::Person);
            let a = index(&ctx, t.account_id, Namespace::Account);
            let has_investment = ctx
                .layout
                .accounts_of(Owner::Person(p))
                .map(|b| account::core(&ctx, b))
                .any(|c| investment(&c) && c.eligible_at(t.trade_date));
            assert_eq!(investment(&account::core(&ctx, a)), has_investment);
        }
    }

    #[test]
    fn ineligible_accounts_are_skipped() {
        let ctx = ctx();
        // An owner whose only account is not eligible at some time in the window has no account then.
        let mut checked = 0;
        for a in 0..ctx.layout.params.accounts {
            let core = account::core(&ctx, a);
            let Owner::Person(p) = core.owner else {
                continue;
            };
            if ctx.layout.account_count(core.owner) != 1 {
                continue;
            }
            let ts = if core.opened_date > date_of(ctx.window.start) {
                crate::core::time::midnight(core.opened_date - 1)
            } else if let Some(closed) = core.closed_date {
                crate::core::time::midnight(closed)
            } else if !core.eligible_at(ctx.window.start) {
                ctx.window.start
            } else {
                continue;
            };
            assert!(!core.eligible_at(ts));
            assert_eq!(eligible_account(&ctx, Owner::Person(p), ts, 0, true), None);
            let last = ctx.window.end - 1;
            assert_eq!(
                eligible_account(&ctx, Owner::Person(p), last, 0, false).map(|(b, _)| b),
                core.eligible_at(last).then_some(a)
            );
            checked += 1;
        }
        assert!(checked > 20, "{checked}");
    }

    #[test]
    fn insiders_trade_their_own_stock_and_rules_match_the_facts() {
        let ctx = ctx();
        let (_, _, _, per_slice) = generate(&ctx, 12_000, 14);
        let trades: Vec<&Trade> = per_slice.iter().flatten().collect();
        let stock = trades
            .iter()
            .filter(|t| t.asset_type == AssetType::Stock)
            .count();
        let insiders = trades
            .iter()
            .filter(|t| {
                t.insider_indicators
                    .contains(&"trader_is_officer_of_issuer")
                    || t.insider_indicators
                        .contains(&"trader_is_major_shareholder")
            })
            .count();
        // 0.5% of ~7,200 stock trades ≈ 36 (a few insider draws find no eligible account).
        assert!(
            insiders >= 10 && insiders <= stock / 50,
            "{insiders} of {stock}"
        );
        let mut labels = std::collections::BTreeSet::new();
        let p = &ctx.params.alerts.trades;
        let weights = p.weights();
        for t in &trades {
            labels.extend(t.insider_indicators.iter().copied());
            // AL consistency: the score is the capped sum of the indicators' weights.
            let sum: u32 = t
                .insider_indicators
                .iter()
                .map(|l| weights[TRADE_RULES.iter().position(|r| r == l).unwrap()])
                .sum();
            assert_eq!(t.risk_score, Decimal::new(sum.min(10_000) as i64, 4));
            assert_eq!(
                t.flagged_for_review,
                sum >= p.flag_score || t.insider_indicators.len() >= p.flag_indicators as usize
            );
            assert_eq!(
                t.insider_indicators.contains(&"options_trade"),
                t.asset_type == AssetType::Option
            );
        }
        for rule in ["options_trade", "large_position_change", "off_hours_order"] {
            assert!(labels.contains(rule), "{rule} never fires");
        }
        assert!(trades.iter().any(|t| t.flagged_for_review));
    }

    #[test]
    fn officer_ties_are_observed_not_labelled() {
        let ctx = ctx();
        let issuer = (0..ctx.layout.params.companies)
            .find(|&c| ctx.layout.public_companies.contains(c))
            .unwrap();
        let day = ctx.window.as_of_date;
        let officers = links::officers(&ctx, issuer);
        let officer = officers.iter().find(|o| officer_in_office(o, day)).unwrap();
        assert!(insider_ties(&ctx, officer.person, issuer, day).0);
        let stranger = (0..ctx.layout.params.persons)
            .find(|p| officers.iter().all(|o| o.person != *p))
            .unwrap();
        assert_eq!(insider_ties(&ctx, stranger, issuer, day), (false, false));
        let facts = TradeFacts {
            asset: AssetType::Stock,
            total_usd_cents: 100_000_000,
            ts: crate::core::time::midnight(day) + 15 * 3_600,
            trader_utc_offset_minutes: 0,
            officer_of_issuer: true,
            major_shareholder: false,
        };
        let mut labels = Vec::new();
        let (score, flagged) = trade_alerts(&facts, &ctx.params.alerts.trades, &mut labels);
        assert_eq!(
            labels,
            ["large_position_change", "trader_is_officer_of_issuer"]
        );
        assert_eq!((score, flagged), (Decimal::new(6_000, 4), true));
        let night = TradeFacts {
            ts: facts.ts - 13 * 3_600,
            total_usd_cents: 0,
            officer_of_issuer: false,
            ..facts
        };
        trade_alerts(&night, &ctx.params.alerts.trades, &mut labels);
        assert_eq!(labels, ["off_hours_order"]);
        // `[alerts.trades]` moves the trader's day and the flag conditions.
        let p = TradeAlertParams {
            trader_day_start_hour: 0,
            trader_day_end_hour: 24,
            flag_score: 7_000,
            flag_indicators: 2,
            ..Default::default()
        };
        trade_alerts(&night, &p, &mut labels);
        assert!(labels.is_empty());
        assert_eq!(
            trade_alerts(&facts, &p, &mut labels),
            (Decimal::new(6_000, 4), true)
        );
        let p = TradeAlertParams {
            flag_indicators: 3,
            ..p
        };
        assert_eq!(
            trade_alerts(&facts, &p, &mut labels),
            (Decimal::new(6_000, 4), false)
        );
    }

    #[test]
    fn reference_prices_walk_with_the_asset_volatility() {
        let anchor = days_from_civil(2025, 1, 1);
        let usd = refdata::currency_by_code("USD").unwrap();
        assert_eq!(brownian(42, 0), 0.0);
        // Daily log returns over many days: mean ≈ 0, standard deviation ≈ σ (2% for stocks).
        let prices: Vec<f64> = (0..2_000)
            .map(|d| reference_price(7, anchor, "ABCD", AssetType::Stock, usd, anchor + d))
            .collect();
        let returns: Vec<f64> = prices.windows(2).map(|w| libm::log(w[1] / w[0])).collect();
        let n = returns.len() as f64;
        let mean = returns.iter().sum::<f64>() / n;
        let sd = libm::sqrt(returns.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / n);
        assert!((sd - 0.02).abs() < 0.002, "daily volatility {sd}");
        assert!(mean.abs() < 0.002);
        // Pure: the same (symbol, day) always gives the same price; other symbols differ.
        assert_eq!(
            prices[100],
            reference_price(7, anchor, "ABCD", AssetType::Stock, usd, anchor + 100)
        );
        assert_ne!(
            prices[100],
            reference_price(7, anchor, "ABCE", AssetType::Stock, usd, anchor + 100)
        );
        let start = prices[0] / 100.0;
        assert!((5.0..=500.0).contains(&start), "{start}");
    }

    #[test]
    fn sessions_and_settlement_follow_local_time() {
        let nyse = exchange_spec(StockExchange::Nyse);
        let friday = days_from_civil(2025, 1, 3);
        // 15:30 New York (UTC−5) on a Friday is open; 16:00 is closed; Saturday is closed.
        let open = crate::core::time::midnight(friday) + (15 * 60 + 30 + 300) * 60;
        assert!(nyse.is_open(open));
        assert!(!nyse.is_open(open + 1_800));
        assert!(!nyse.is_open(open + 86_400));
        assert_eq!(nyse.settlement_date(open), friday + 3); // T+1 → Monday
        let tse = exchange_spec(StockExchange::Tse);
        // 09:30 Tokyo on Friday = 00:30 UTC Friday; T+2 → Tuesday.
        let tokyo = crate::core::time::midnight(friday) + 1_800;
        assert!(tse.is_open(tokyo));
        assert_eq!(tse.settlement_date(tokyo), friday + 4);
    }
}
