//! CONS-* (SPEC §12): cross-field and cross-record consistency. Transactions: CONS-PRESENCE (the §7.4
//! presence table: sides, location, IP, entity ids iff accounts, merchant fields), CONS-SELF (no
//! self-transfer), CONS-OWNER (from/to entity = the account's owner), CONS-CCY (currency = the sender's
//! account currency, the receiver's for deposits; fee currency = currency), CONS-FX (amount_usd,
//! exchange_rate and amount_local recompute exactly, set iff the account currencies differ),
//! CONS-POSTING (posting iff completed or reversed, ≥ the transaction time, value_date its date),
//! CONS-ELIG (both accounts eligible at the transaction time). Other files: event owner = account owner,
//! trader owns the trade account (CONS-OWNER), no messages to oneself, issuer ≠ recipient and no
//! self-edges (CONS-SELF), CONS-STATUS and CONS-CREDIT on accounts, CONS-DOC and CONS-TRADE arithmetic,
//! CONS-BIZHOURS (wire/ACH Mon–Fri, branch types Mon–Sat, 09–17 local) and CONS-AGE (age = completed
//! years at as_of_date). The cross-record CONS-HOUSEHOLD, CONS-OFFICER and CONS-GROUP are in
//! [`super::links`].
//!
//! Also: pos and online receivers are companies (CONS-PRESENCE, the §7.4 table's "to" column);
//! posting within 0–2 business days (CONS-POSTING); pending only in the last 3 days of the window
//! (CONS-STATUS); trade and account-event accounts eligible at the event time (CONS-ELIG); trade
//! currency = the exchange's (CONS-CCY), settlement T+1/T+2 business days from the local trade date
//! (CONS-TRADE), trades inside the exchange's session (CONS-BIZHOURS), all from the generator's
//! [`crate::generators::trade::ExchangeSpec`]; document lines numbered 1..n with 1–10 lines (CONS-DOC).
//!
//! Travels (§7.7): `declared_cash_amount` set iff `cash_declaration`, `flight_number` and `airline` iff
//! by air (CONS-PRESENCE); arrival country ≠ departure country and `visa_obtained` only with
//! `visa_required` (CONS-TRAVEL). Their date windows are RANGE-9's ([`super::range::windows`]).

use crate::core::ids::Namespace;
use crate::core::text::units;
use crate::core::time::{
    SECONDS_PER_DAY, Timestamp, add_business_days, date_of, format_date, parse_date,
};
use crate::generators::trade::exchange_spec;
use crate::model::company::StockExchange;
use crate::model::record::Decimal;
use crate::model::transaction::{TransactionStatus, TransactionType};
use crate::model::travel::TransportMode;
use crate::refdata::currencies::{convert_minor, to_usd_minor};
use crate::validate::findings::Findings;
use crate::validate::rules::places;
use crate::validate::rules::refs::resolve_text;
use crate::validate::state::{AccountFact, Rec};

/// The account fact of an account id field, when it resolves and was read.
fn account<'c>(r: &'c Rec<'_, '_>, name: &str) -> Option<&'c AccountFact> {
    let text = r.obj.str(name)?;
    let (_, index) = resolve_text(r, text, &[Namespace::Account]).ok()?;
    r.ctx.account(index)
}

fn id_value(text: Option<&str>) -> Option<u64> {
    crate::core::text::parse_id(text?).map(|(_, v)| v)
}

fn owner_matches(r: &Rec<'_, '_>, f: &mut Findings, acc: Option<&AccountFact>, entity_field: &str) {
    if let Some(a) = acc
        && a.owner.is_some()
        && let Some(v) = id_value(r.obj.str(entity_field))
        && v != a.owner_value
    {
        r.error(f, "CONS-OWNER", || {
            format!("{entity_field} is not the owner of the account")
        });
    }
}

/// Whether a transaction of a type with opening hours (wire and ACH Monday–Friday, deposit, withdrawal
/// and cheque Monday–Saturday, 09:00–17:00) is inside them at `ts`, in the local time of the sender's
/// country (the receiver's for deposits); None for other types or an unknown country. The generator's
/// own rule ([`crate::generators::transaction::opens`]) decides.
pub fn opening_hours(
    kind: TransactionType,
    origin: Option<&str>,
    dest: Option<&str>,
    ts: crate::core::time::Timestamp,
) -> Option<bool> {
    use TransactionType::*;
    if !matches!(kind, Wire | Ach | Deposit | Withdrawal | Check) {
        return None;
    }
    let c = crate::refdata::country_by_code(origin.or(dest)?)?;
    Some(crate::generators::transaction::opens(kind, c, ts))
}

/// CONS-ELIG: the event's account is eligible (§5.2) at the time in field `time`.
fn eligible(r: &Rec<'_, '_>, f: &mut Findings, acc: Option<&AccountFact>, time: &str) {
    if let Some(a) = acc
        && let Some(ts) = r.timestamp(time)
        && a.eligible_at(ts) == Some(false)
    {
        r.error(f, "CONS-ELIG", || {
            format!("account not eligible at the {time}")
        });
    }
}

/// A trade against its exchange: currency (CONS-CCY), session (CONS-BIZHOURS) and settlement
/// (CONS-TRADE), with the generator's exchange table.
fn exchange(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let Some(spec) = o
        .str("exchange")
        .and_then(StockExchange::from_label)
        .map(exchange_spec)
    else {
        return;
    };
    if let Some(code) = o.str("currency")
        && code != spec.currency
    {
        r.error(f, "CONS-CCY", || {
            format!("currency {code}, the exchange trades in {}", spec.currency)
        });
    }
    let Some(ts) = r.timestamp("trade_date") else {
        return;
    };
    if !spec.is_open(ts) {
        r.error(f, "CONS-BIZHOURS", || {
            "trade outside the exchange's local session".into()
        });
    }
    let expected = spec.settlement_date(ts);
    if let Some(d) = o.str("settlement_date").and_then(parse_date)
        && d != expected
    {
        r.error(f, "CONS-TRADE", || {
            format!(
                "settlement_date {}, T+{} gives {}",
                format_date(d),
                spec.settlement_days,
                format_date(expected)
            )
        });
    }
}

pub fn check(r: &Rec<'_, '_>, f: &mut Findings) {
    match r.stem() {
        "transactions" => transaction(r, f),
        "persons" => {
            // CONS-AGE: completed years at the manifest's as_of_date.
            let o = r.obj;
            if let (Some(age), Some(dob), Some(m)) = (
                o.at("age").as_i64(),
                o.str("date_of_birth").and_then(parse_date),
                r.ctx.man.as_ref(),
            ) {
                let expected = crate::core::time::age_at(dob, m.as_of_date) as i64;
                if age != expected {
                    r.error(f, "CONS-AGE", || {
                        format!("age {age}, date_of_birth and as_of_date give {expected}")
                    });
                }
            }
        }
        "account_events" => {
            let acc = account(r, "account_id");
            owner_matches(r, f, acc, "owner_id");
            eligible(r, f, acc, "timestamp");
        }
        "trades" => {
            let acc = account(r, "account_id");
            owner_matches(r, f, acc, "trader_id");
            eligible(r, f, acc, "trade_date");
            exchange(r, f);
            let o = r.obj;
            if let (Some(q), Some(code)) = (o.at("quantity").as_i64(), o.str("currency"))
                && let Some(p) = places(code)
                && let (Some(price), Some(total)) = (
                    o.at("price").as_num().and_then(|t| units(t, p, false)),
                    o.at("total_value")
                        .as_num()
                        .and_then(|t| units(t, p, false)),
                )
                && (q as i128) * (price as i128) != total as i128
            {
                r.error(f, "CONS-TRADE", || {
                    format!("total_value {total} ≠ quantity {q} × price {price} (minor units)")
                });
            }
        }
        "travels" => travel(r, f),
        "communications" => {
            let sender = r.obj.str("sender_id");
            let recipients = r.obj.at("recipient_ids").as_arr().unwrap_or(&[]);
            if sender.is_some() && recipients.iter().any(|x| x.as_str() == sender) {
                r.error(f, "CONS-SELF", || {
                    "the sender is among the recipients".into()
                });
            }
        }
        "documents" => {
            let o = r.obj;
            if o.str("issuer_id").is_some() && o.str("issuer_id") == o.str("recipient_id") {
                r.error(f, "CONS-SELF", || "issuer = recipient".into());
            }
            let Some(p) = o.str("currency").and_then(places) else {
                return;
            };
            let items = o.at("line_items").as_arr().unwrap_or(&[]);
            if !(1..=10).contains(&items.len()) {
                let n = items.len();
                r.error(f, "CONS-DOC", || format!("{n} line items, expected 1–10"));
            }
            let mut sum: i128 = 0;
            for (k, item) in items.iter().enumerate() {
                let Some(i) = item.as_obj() else { return };
                if i.at("line_no").as_i64() != Some(k as i64 + 1) {
                    r.error(f, "CONS-DOC", || {
                        format!("line {} is not numbered {}", k + 1, k + 1)
                    });
                }
                let (Some(q), Some(price), Some(amount)) = (
                    i.at("quantity").as_i64(),
                    i.at("unit_price").as_num().and_then(|t| units(t, p, false)),
                    i.at("amount").as_num().and_then(|t| units(t, p, false)),
                ) else {
                    return;
                };
                if q as i128 * price as i128 != amount as i128 {
                    r.error(f, "CONS-DOC", || {
                        format!("line amount {amount} ≠ {q} × {price} (minor units)")
                    });
                }
                sum += amount as i128;
            }
            if let Some(total) = o
                .at("total_amount")
                .as_num()
                .and_then(|t| units(t, p, false))
                && total as i128 != sum
            {
                r.error(f, "CONS-DOC", || {
                    format!("total_amount {total} ≠ Σ line amounts {sum} (minor units)")
                });
            }
        }
        "relationships" => {
            let o = r.obj;
            if o.str("from_entity_id").is_some() && o.str("from_entity_id") == o.str("to_entity_id")
            {
                r.error(f, "CONS-SELF", || {
                    "relationship from an entity to itself".into()
                });
            }
        }
        "accounts" => {
            let o = r.obj;
            let status = o.str("status");
            if let Some(d) = o.at("is_dormant").as_bool()
                && status.is_some()
                && d != (status == Some("dormant"))
            {
                r.error(f, "CONS-STATUS", || "is_dormant ⇔ status dormant".into());
            }
            if status.is_some() && o.at("closed_date").is_null() == (status == Some("closed")) {
                r.error(f, "CONS-STATUS", || {
                    "closed_date is set iff status is closed".into()
                });
            }
            if let Some(p) = o.str("currency").and_then(places)
                && let Some(limit) = o
                    .at("credit_limit")
                    .as_num()
                    .and_then(|t| units(t, p, false))
                && let Some(current) = o
                    .at("current_balance")
                    .as_num()
                    .and_then(|t| units(t, p, false))
                && !(0..=limit).contains(&current)
            {
                r.error(f, "CONS-CREDIT", || {
                    format!("current_balance {current} outside [0, credit_limit {limit}]")
                });
            }
        }
        _ => {}
    }
}

/// A transaction's CONS rules: presence, self-transfer, owners, then currency, FX, posting, opening
/// hours and eligibility.
fn transaction(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let Some(kind) = o
        .str("transaction_type")
        .and_then(TransactionType::from_label)
    else {
        return;
    };
    transaction_presence(r, f, kind);
    if !o.at("from_account_id").is_null() && o.str("from_account_id") == o.str("to_account_id") {
        r.error(f, "CONS-SELF", || "from_account_id = to_account_id".into());
    }
    let from = account(r, "from_account_id");
    let to = account(r, "to_account_id");
    owner_matches(r, f, from, "from_entity_id");
    owner_matches(r, f, to, "to_entity_id");

    // Each later check needs what the one before it read; a missing field ends the record's checks.
    let Some(code) = o.str("currency") else {
        return;
    };
    transaction_currency(r, f, kind, code, (from, to));
    let Some(p) = places(code) else { return };
    let Some(amount) = o.at("amount").as_num().and_then(|t| units(t, p, false)) else {
        return;
    };
    transaction_fx(r, f, code, amount, (from, to));
    let Some(ts) = r.timestamp("transaction_date") else {
        return;
    };
    transaction_posting(r, f, ts);
    // CONS-BIZHOURS.
    if opening_hours(
        kind,
        o.str("originating_country"),
        o.str("destination_country"),
        ts,
    ) == Some(false)
    {
        let label = kind_label(kind);
        r.error(f, "CONS-BIZHOURS", || {
            format!("{label} outside its local opening hours")
        });
    }
    // CONS-ELIG.
    for (side, acc) in [("from", from), ("to", to)] {
        if let Some(a) = acc
            && a.eligible_at(ts) == Some(false)
        {
            r.error(f, "CONS-ELIG", || {
                format!("{side} account not eligible at the transaction time")
            });
        }
    }
}

/// The (from, to) account facts of a transaction, when they resolve and were read.
type Sides<'c> = (Option<&'c AccountFact>, Option<&'c AccountFact>);

/// CONS-PRESENCE: the §7.4 presence table (sides, location, IP, entity ids iff accounts, merchant
/// fields), and pos and online receivers are companies.
fn transaction_presence(r: &Rec<'_, '_>, f: &mut Findings, kind: TransactionType) {
    use TransactionType::*;
    let o = r.obj;
    let present = |k: &str| !o.at(k).is_null();
    let (need_from, need_to) = match kind {
        Deposit => (false, true),
        Withdrawal | Atm => (true, false),
        _ => (true, true),
    };
    let mut presence = |ok: bool, what: &str| {
        if !ok {
            let label = kind_label(kind);
            r.error(f, "CONS-PRESENCE", || format!("{label}: {what}"));
        }
    };
    presence(
        present("from_account_id") == need_from,
        "from_account_id presence",
    );
    presence(
        present("to_account_id") == need_to,
        "to_account_id presence",
    );
    presence(
        present("from_entity_id") == present("from_account_id"),
        "from_entity_id iff from_account_id",
    );
    presence(
        present("to_entity_id") == present("to_account_id"),
        "to_entity_id iff to_account_id",
    );
    presence(
        present("transaction_location") == matches!(kind, Deposit | Withdrawal | Atm | Pos),
        "transaction_location presence",
    );
    presence(
        present("ip_address")
            == (matches!(kind, Online | Payment | Transfer) && present("from_account_id")),
        "ip_address presence",
    );
    presence(
        !present("merchant_name") || matches!(kind, Pos | Online | Payment),
        "merchant fields only for pos, online and payment",
    );
    presence(
        present("merchant_name") == present("merchant_category"),
        "merchant_name iff merchant_category",
    );
    if matches!(kind, Pos | Online)
        && let Some(to) = o.str("to_entity_id")
        && !to.starts_with("ORG-")
    {
        let label = kind_label(kind);
        r.error(f, "CONS-PRESENCE", || {
            format!("{label}: the receiver is not a company")
        });
    }
}

/// CONS-CCY: the currency is the paying account's (the receiver's for deposits); fee currency = currency.
fn transaction_currency(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    kind: TransactionType,
    code: &str,
    (from, to): Sides<'_>,
) {
    let paying = if kind == TransactionType::Deposit {
        to
    } else {
        from
    };
    if let Some(c) = paying.and_then(|a| a.currency) {
        let expected = crate::refdata::currency(c).code;
        if expected != code {
            r.error(f, "CONS-CCY", || {
                format!("currency {code}, the account's is {expected}")
            });
        }
    }
    if r.obj.str("fee_currency").is_some_and(|fc| fc != code) {
        r.error(f, "CONS-CCY", || "fee_currency ≠ currency".into());
    }
}

/// CONS-FX: amount_usd, exchange_rate and amount_local recompute exactly, and the FX fields are set
/// iff the two account currencies differ.
fn transaction_fx(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    code: &str,
    amount: i64,
    (from, to): Sides<'_>,
) {
    let o = r.obj;
    let present = |k: &str| !o.at(k).is_null();
    let usd = to_usd_minor(amount, code);
    if let Some(text) = o.at("amount_usd").as_num()
        && units(text, 2, false) != Some(usd)
    {
        r.error(f, "CONS-FX", || {
            format!("amount_usd {text}, recomputed {}", Decimal::new(usd, 2))
        });
    }
    let fx_fields = [
        present("exchange_rate"),
        present("amount_local"),
        present("currency_local"),
    ];
    match (from.and_then(|a| a.currency), to.and_then(|a| a.currency)) {
        (Some(a), Some(b)) if a != b => {
            let to_code = crate::refdata::currency(b).code;
            let (rate, local) = convert_minor(amount, code, to_code);
            let local = Decimal::new(local, crate::refdata::currency(b).minor_units).to_string();
            let rate = rate.to_string();
            let got = (
                o.at("exchange_rate").as_num(),
                o.at("amount_local").as_num(),
                o.str("currency_local"),
            );
            if got != (Some(rate.as_str()), Some(local.as_str()), Some(to_code)) {
                r.error(f, "CONS-FX", || {
                    format!("exchange_rate/amount_local/currency_local {got:?}, recomputed ({rate}, {local}, {to_code})")
                });
            }
        }
        (Some(_), Some(_)) if fx_fields.iter().any(|&x| x) => {
            r.error(f, "CONS-FX", || {
                "FX fields set for a same-currency transfer".into()
            });
        }
        (Some(_), Some(_)) => {}
        _ if !(present("from_account_id") && present("to_account_id"))
            && fx_fields.iter().any(|&x| x) =>
        {
            r.error(f, "CONS-FX", || "FX fields set without two accounts".into());
        }
        _ => {}
    }
}

/// CONS-POSTING (posting iff completed or reversed, within 0–2 business days, value_date its date)
/// and CONS-STATUS (pending only in the last 3 days of the window).
fn transaction_posting(r: &Rec<'_, '_>, f: &mut Findings, ts: Timestamp) {
    let o = r.obj;
    let present = |k: &str| !o.at(k).is_null();
    if let Some(status) = o.str("status").and_then(TransactionStatus::from_label) {
        let posted = matches!(
            status,
            TransactionStatus::Completed | TransactionStatus::Reversed
        );
        if posted != present("posting_date") {
            r.error(f, "CONS-POSTING", || {
                "posting_date is set iff completed or reversed".into()
            });
        }
    }
    if o.str("status") == Some("pending")
        && let Some(m) = r.ctx.man.as_ref()
        && ts < m.end - 3 * SECONDS_PER_DAY
    {
        r.error(f, "CONS-STATUS", || {
            "pending outside the last 3 days of the window".into()
        });
    }
    match r.timestamp("posting_date") {
        Some(posting) => {
            if posting < ts {
                r.error(f, "CONS-POSTING", || {
                    "posting_date before transaction_date".into()
                });
            }
            let latest = add_business_days(date_of(ts), 2);
            if date_of(posting) > latest {
                r.error(f, "CONS-POSTING", || {
                    format!(
                        "posting_date more than 2 business days after the transaction (latest {})",
                        format_date(latest)
                    )
                });
            }
            let day = date_of(posting);
            if r.date("value_date") != Some(day) {
                r.error(f, "CONS-POSTING", || {
                    format!("value_date ≠ date(posting_date) {}", format_date(day))
                });
            }
        }
        None => {
            if present("value_date") {
                r.error(f, "CONS-POSTING", || {
                    "value_date without posting_date".into()
                });
            }
        }
    }
}

/// A travel's own fields (§7.7): CONS-PRESENCE (`cash_declaration` ⇔ `declared_cash_amount` set;
/// `flight_number` and `airline` iff by air) and CONS-TRAVEL (arrival country ≠ departure country; a
/// visa obtained only when required). Its date windows are RANGE-9's.
fn travel(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let present = |k: &str| !o.at(k).is_null();
    if let Some(declared) = o.at("cash_declaration").as_bool()
        && declared != present("declared_cash_amount")
    {
        r.error(f, "CONS-PRESENCE", || {
            "declared_cash_amount is set iff cash_declaration".into()
        });
    }
    if let Some(mode) = o.str("transport_mode").and_then(TransportMode::from_label) {
        let air = mode == TransportMode::Air;
        for name in ["flight_number", "airline"] {
            if present(name) != air {
                r.error(f, "CONS-PRESENCE", || {
                    format!("{name} is set iff transport_mode is air")
                });
            }
        }
    }
    if let Some(arrival) = o.str("arrival_country")
        && o.str("departure_country") == Some(arrival)
    {
        r.error(f, "CONS-TRAVEL", || {
            format!("arrival_country = departure_country {arrival}")
        });
    }
    if o.at("visa_obtained").as_bool() == Some(true)
        && o.at("visa_required").as_bool() == Some(false)
    {
        r.error(f, "CONS-TRAVEL", || {
            "visa_obtained without visa_required".into()
        });
    }
}

fn kind_label(k: TransactionType) -> &'static str {
    use crate::model::record::Label;
    k.label()
}
