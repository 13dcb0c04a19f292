//! ALERT-1..3 (SPEC §9.2): the AL fields equal the re-computed rules (ALERT-1; transactions through the
//! generator's own [`crate::alert::transaction_alerts`] with the parties' owner risk, PEP and sanctions
//! flags, the sender's opening date and the country groups; `is_round_amount`; document authenticity);
//! every flag agrees with its list (ALERT-2); labels come from their vocabulary, once each, in rule order
//! (ALERT-3).

use crate::alert::{TRANSACTION_RULES, TransactionFacts, transaction_alerts};
use crate::generators::communication::COMMUNICATION_RULES;
use crate::generators::document::TBML_RULES;
use crate::generators::trade::TRADE_RULES;
use crate::generators::travel::TRAVEL_RULES;
use crate::ids::Namespace;
use crate::model::transaction::TransactionType;
use crate::record::Decimal;
use crate::time::date_of;
use crate::validate::findings::Findings;
use crate::validate::json::Val;
use crate::validate::rules::refs::resolve_text;
use crate::validate::rules::units;
use crate::validate::state::{AccountFact, OwnerFact, Rec};

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
        }
        "trades" => {
            vocabulary(r, f, "insider_indicators", &TRADE_RULES);
        }
        "travels" => {
            vocabulary(r, f, "suspicious_indicators", &TRAVEL_RULES);
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
    let mut reasons = Vec::new();
    let score: Decimal = transaction_alerts(&facts, &man.alerts, &mut reasons);
    let got: Vec<&str> = o
        .at("alert_reasons")
        .as_arr()
        .unwrap_or(&[])
        .iter()
        .filter_map(Val::as_str)
        .collect();
    if got != reasons {
        r.error(f, "ALERT-1", || {
            format!("alert_reasons {got:?}, recomputed {reasons:?}")
        });
    }
    if let Some(s) = o.at("risk_score").as_num()
        && units(s, 4, false) != Some(score.units)
    {
        r.error(f, "ALERT-1", || {
            format!("risk_score {s}, recomputed {score}")
        });
    }
}
