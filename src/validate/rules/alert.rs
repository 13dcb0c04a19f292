//! ALERT-1..3 (SPEC §9.2): the AL fields equal the re-computed rules (ALERT-1), always through the
//! generator's own rule functions so the rules exist once:
//!
//! * transactions: [`crate::generators::alert::transaction_alerts`] with the parties' owner risk, PEP and sanctions
//!   flags, the sender's opening date and the country groups; `is_round_amount`;
//! * communications: the content [`scan`] (financial terms, suspicious keywords) and
//!   [`communication_alerts`] (risk score, flag, first rule hit);
//! * trades: [`trade_alerts`] with the trader's residence offset and the issuer ties (officer in office,
//!   major direct shareholder on the trade day) from the context's [`crate::validate::state::Issuers`];
//! * travels: [`travel_alerts`] on the arrival country's groups, the stay, the purpose and the cash;
//! * documents: the authenticity score.
//!
//! Every flag agrees with its list (ALERT-2); labels come from their vocabulary, once each, in rule
//! order (ALERT-3). A fact that is unknown (an unresolved party, REF's finding) skips ALERT-1 rather
//! than cascading; issuer ties unknown in a partial dataset are taken from the record itself.

use std::cell::RefCell;

use crate::core::ids::Namespace;
use crate::core::text::units;
use crate::core::time::date_of;
use crate::generators::alert::{TRANSACTION_RULES, TransactionFacts, transaction_alerts};
use crate::generators::communication::{
    COMMUNICATION_RULES, CommunicationFacts, communication_alerts, scan,
};
use crate::generators::document::TBML_RULES;
use crate::generators::trade::{TRADE_RULES, TradeFacts, minor_to_usd_cents, trade_alerts};
use crate::generators::travel::{TRAVEL_RULES, TravelFacts, travel_alerts};
use crate::model::record::Decimal;
use crate::model::trade::AssetType;
use crate::model::transaction::TransactionType;
use crate::model::travel::TravelPurpose;
use crate::validate::findings::Findings;
use crate::validate::json::Val;
use crate::validate::rules::refs::resolve_text;
use crate::validate::state::{AccountFact, OwnerFact, Rec, issuer_ticker};

/// ALERT-3: labels of `name` are in `vocabulary`, in its order, once each.
fn vocabulary(r: &Rec<'_, '_>, f: &mut Findings, name: &str, vocab: &[&str]) {
    let mut last = None;
    let items = r.obj.at(name).as_arr().unwrap_or(&[]);
    for item in items {
        let Some(s) = item.as_str() else { continue };
        match vocab.iter().position(|v| *v == s) {
            None => r.error(f, "ALERT-3", || {
                format!("{name}: {s:?} is not in the vocabulary")
            }),
            Some(k) => {
                if last.is_some_and(|l| k <= l) {
                    r.error(f, "ALERT-3", || {
                        format!("{name}: {s:?} out of vocabulary order or repeated")
                    });
                }
                last = Some(k);
            }
        }
    }
}

fn flag(r: &Rec<'_, '_>, f: &mut Findings, flag: &str, list: &str) {
    let Some(b) = r.obj.at(flag).as_bool() else {
        return;
    };
    let non_empty = match r.obj.at(list) {
        Val::Arr(a) => !a.is_empty(),
        Val::Null => false,
        _ => true,
    };
    if b != non_empty {
        r.error(f, "ALERT-2", || {
            format!(
                "{flag} = {b} but {list} is {}",
                if non_empty { "set" } else { "empty" }
            )
        });
    }
}

pub fn check(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    match r.stem() {
        "transactions" => {
            flag(r, f, "is_flagged", "alert_reasons");
            vocabulary(r, f, "alert_reasons", &TRANSACTION_RULES);
            transaction(r, f);
        }
        "communications" => {
            flag(r, f, "is_flagged", "flag_reason");
            flag(r, f, "contains_suspicious_keywords", "suspicious_keywords");
            flag(r, f, "has_attachments", "attachment_types");
            if let (Some(n), Some(list)) = (
                o.at("attachment_count").as_i64(),
                o.at("attachment_types").as_arr(),
            ) && n != list.len() as i64
            {
                r.error(f, "ALERT-2", || {
                    "attachment_count ≠ number of attachment_types".into()
                });
            }
            if let Some(reason) = o.str("flag_reason")
                && !COMMUNICATION_RULES.contains(&reason)
            {
                r.error(f, "ALERT-3", || {
                    format!("flag_reason {reason:?} is not a rule")
                });
            }
            communication(r, f);
        }
        "trades" => {
            vocabulary(r, f, "insider_indicators", &TRADE_RULES);
            trade(r, f);
        }
        "travels" => {
            vocabulary(r, f, "suspicious_indicators", &TRAVEL_RULES);
            travel(r, f);
        }
        "documents" => {
            vocabulary(r, f, "tbml_indicators", &TBML_RULES);
            if let (Some(list), Some(score), Some(man)) = (
                o.at("tbml_indicators").as_arr(),
                o.at("authenticity_score")
                    .as_num()
                    .and_then(|t| units(t, 4, false)),
                r.ctx.man.as_ref(),
            ) {
                let penalty = man.alerts.documents.authenticity_penalty as i64;
                let expected = (10_000 - penalty * list.len() as i64).max(0);
                if score != expected {
                    r.error(f, "ALERT-1", || {
                        format!("authenticity_score {score}, expected {expected} (1/10,000)")
                    });
                }
            }
        }
        "relationships" => flag(r, f, "is_suspicious", "risk_factors"),
        _ => {}
    }
}

/// Account fact and owner fact of an account id field; None when unknown (REF reports broken ids).
fn party<'c>(r: &'c Rec<'_, '_>, name: &str) -> Option<(&'c AccountFact, &'c OwnerFact)> {
    let text = r.obj.str(name)?;
    let (_, index) = resolve_text(r, text, &[Namespace::Account]).ok()?;
    let acc = r.ctx.account(index)?;
    let owner = r.ctx.owner(acc.owner?)?;
    Some((acc, owner))
}

fn risky(code: Option<&str>) -> bool {
    code.and_then(crate::refdata::country_by_code)
        .is_some_and(|c| {
            let c = crate::refdata::country(c);
            c.high_risk || c.tax_haven
        })
}

fn transaction(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let Some(man) = r.ctx.man.as_ref() else {
        return;
    };
    let (Some(kind), Some(code), Some(ts)) = (
        o.str("transaction_type")
            .and_then(TransactionType::from_label),
        o.str("currency"),
        r.timestamp("transaction_date"),
    ) else {
        return;
    };
    let Some(ccy) = crate::refdata::currency_by_code(code).map(crate::refdata::currency) else {
        return;
    };
    let (Some(amount), Some(usd)) = (
        o.at("amount")
            .as_num()
            .and_then(|t| units(t, ccy.minor_units, false)),
        o.at("amount_usd").as_num().and_then(|t| units(t, 2, false)),
    ) else {
        return;
    };
    let round = crate::generators::transaction::is_round(amount, ccy.minor_units);
    if let Some(flagged) = o.at("is_round_amount").as_bool()
        && flagged != round
    {
        r.error(f, "ALERT-1", || {
            format!("is_round_amount = {flagged}, recomputed {round}")
        });
    }
    // Both parties' facts are needed; a side that exists but is unknown skips the check.
    let sender = party(r, "from_account_id");
    let receiver = party(r, "to_account_id");
    if (!o.at("from_account_id").is_null() && sender.is_none())
        || (!o.at("to_account_id").is_null() && receiver.is_none())
    {
        return;
    }
    let (origin, destination) = (o.str("originating_country"), o.str("destination_country"));
    let facts = TransactionFacts {
        is_cash_in_or_out: matches!(kind, TransactionType::Deposit | TransactionType::Withdrawal),
        is_atm: kind == TransactionType::Atm,
        is_wire: kind == TransactionType::Wire,
        amount_minor: amount,
        threshold_minor: ccy.threshold_minor(),
        amount_usd_cents: usd,
        cross_border: origin.is_some() && destination.is_some() && origin != destination,
        risky_country: risky(origin) || risky(destination),
        is_round_amount: round,
        high_risk_party: sender.is_some_and(|s| s.1.high_risk)
            || receiver.is_some_and(|s| s.1.high_risk),
        sanctioned_party: sender.is_some_and(|s| s.1.sanctioned)
            || receiver.is_some_and(|s| s.1.sanctioned),
        sender_opened: sender.map(|s| s.0.opened),
        date: date_of(ts),
    };
    LABELS.with_borrow_mut(|reasons| {
        let score: Decimal = transaction_alerts(&facts, &man.alerts, reasons);
        labels(r, f, "alert_reasons", reasons);
        score_is(r, f, "risk_score", score);
    });
}

thread_local! {
    /// The rule labels of the record under check, reused so that no record allocates them.
    static LABELS: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
}

/// ALERT-1: list field `name` equals `expected`, in order.
fn labels(r: &Rec<'_, '_>, f: &mut Findings, name: &str, expected: &[&str]) {
    let got = r.obj.at(name).as_arr().unwrap_or(&[]);
    let same =
        got.len() == expected.len() && got.iter().zip(expected).all(|(g, e)| g.as_str() == Some(e));
    if !same {
        r.error(f, "ALERT-1", || {
            let got: Vec<&str> = got.iter().filter_map(Val::as_str).collect();
            format!("{name} = {got:?}, rules give {expected:?}")
        });
    }
}

/// ALERT-1: score field `name` (4 decimals) equals `expected`.
fn score_is(r: &Rec<'_, '_>, f: &mut Findings, name: &str, expected: Decimal) {
    if let Some(s) = r.obj.at(name).as_num()
        && units(s, 4, false) != Some(expected.units)
    {
        r.error(f, "ALERT-1", || {
            format!("{name} = {s}, rules give {expected}")
        });
    }
}

/// ALERT-1: boolean field `name` equals `expected`.
fn bool_is(r: &Rec<'_, '_>, f: &mut Findings, name: &str, expected: bool) {
    if let Some(b) = r.obj.at(name).as_bool()
        && b != expected
    {
        r.error(f, "ALERT-1", || {
            format!("{name} = {b}, rules give {expected}")
        });
    }
}

/// Communications: the content scan and the rules (SPEC §7.5).
fn communication(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let (Some(man), Some(content), Some(encrypted), Some(sentiment_units), Some(attachments)) = (
        r.ctx.man.as_ref(),
        o.str("content"),
        o.at("is_encrypted").as_bool(),
        o.at("sentiment_score")
            .as_num()
            .and_then(|t| units(t, 4, false)),
        o.at("attachment_types").as_arr(),
    ) else {
        return;
    };
    let (financial_terms, keywords) = scan(content);
    bool_is(r, f, "contains_financial_terms", financial_terms);
    bool_is(r, f, "contains_suspicious_keywords", !keywords.is_empty());
    labels(r, f, "suspicious_keywords", &keywords);
    let (score, reason) = communication_alerts(
        &CommunicationFacts {
            keyword_count: keywords.len(),
            financial_terms,
            encrypted,
            sentiment_units,
            attachment_count: attachments.len(),
        },
        &man.alerts.communications,
    );
    score_is(r, f, "risk_score", score);
    bool_is(r, f, "is_flagged", reason.is_some());
    let got = match o.at("flag_reason") {
        Val::Null => None,
        Val::Str(s) => Some(&**s),
        // A wrong type is SCH's finding.
        _ => return,
    };
    if got != reason {
        r.error(f, "ALERT-1", || {
            format!("flag_reason = {got:?}, rules give {reason:?}")
        });
    }
}

/// Trades: the trader's local hour, the value, the asset and the issuer ties (SPEC §7.6).
fn trade(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let Some(man) = r.ctx.man.as_ref() else {
        return;
    };
    let (Some(asset), Some(ts), Some(symbol), Some(code)) = (
        o.str("asset_type").and_then(AssetType::from_label),
        r.timestamp("trade_date"),
        o.str("symbol"),
        o.str("currency"),
    ) else {
        return;
    };
    let Some(currency) = crate::refdata::currency_by_code(code) else {
        return;
    };
    let Some(total) = o
        .at("total_value")
        .as_num()
        .and_then(|t| units(t, crate::refdata::currency(currency).minor_units, false))
    else {
        return;
    };
    // The trader's residence: an unresolved trader is REF's finding and skips the check.
    let Some((person, residence)) = o
        .str("trader_id")
        .and_then(|t| resolve_text(r, t, &[Namespace::Person]).ok())
        .and_then(|(ns, index)| {
            let fact = r.ctx.owner((ns, index))?;
            Some((u32::try_from(index).ok()?, fact.residence?))
        })
    else {
        return;
    };
    let day = date_of(ts);
    let recorded = |label: &str| {
        (o.at("insider_indicators").as_arr().unwrap_or(&[]))
            .iter()
            .any(|v| v.as_str() == Some(label))
    };
    let issuers = &r.ctx.issuers;
    let has_issuer = matches!(asset, AssetType::Stock | AssetType::Option);
    let company = issuer_ticker(asset, symbol)
        .and_then(|t| issuers.issuer(t))
        .flatten();
    let (officer_of_issuer, major_shareholder) = match (has_issuer, company) {
        (false, _) => (false, false),
        (true, Some(company)) => (
            issuers.officer_on(company, person, day),
            issuers
                .major_on(company, person, day)
                .unwrap_or_else(|| recorded(TRADE_RULES[4])),
        ),
        // Companies not all read (a partial dataset), or a symbol naming no listed company (REF-4's
        // finding): the ties are unknown, take the record's.
        (true, None) => (recorded(TRADE_RULES[3]), recorded(TRADE_RULES[4])),
    };
    let facts = TradeFacts {
        asset,
        total_usd_cents: minor_to_usd_cents(total, currency),
        ts,
        trader_utc_offset_minutes: crate::refdata::country(residence).utc_offset_minutes,
        officer_of_issuer,
        major_shareholder,
    };
    LABELS.with_borrow_mut(|indicators| {
        let (score, flagged) = trade_alerts(&facts, &man.alerts.trades, indicators);
        labels(r, f, "insider_indicators", indicators);
        score_is(r, f, "risk_score", score);
        bool_is(r, f, "flagged_for_review", flagged);
    });
}

/// Travels: the arrival country's groups, the stay, the purpose and declared cash (SPEC §7.7).
fn travel(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let (Some(man), Some(arrival), Some(arrived), Some(returned), Some(purpose)) = (
        r.ctx.man.as_ref(),
        o.str("arrival_country"),
        r.timestamp("arrival_date"),
        r.date("return_date"),
        o.str("purpose").and_then(TravelPurpose::from_label),
    ) else {
        return;
    };
    // As `TravelFacts::of` reads a generated record.
    let country = crate::refdata::country_by_code(arrival).map(crate::refdata::country);
    let facts = TravelFacts {
        arrival_high_risk: country.is_some_and(|c| c.high_risk),
        arrival_tax_haven: country.is_some_and(|c| c.tax_haven),
        stay_days: returned - date_of(arrived),
        tourism: purpose == TravelPurpose::Tourism,
        cash_declared: !o.at("declared_cash_amount").is_null(),
    };
    // The list only allocates when a rule fires (a high-risk or haven arrival, or declared cash).
    let (indicators, score, flagged) = travel_alerts(&facts, &man.alerts.travels);
    labels(r, f, "suspicious_indicators", &indicators);
    score_is(r, f, "risk_score", score);
    bool_is(r, f, "flagged_for_review", flagged);
}
