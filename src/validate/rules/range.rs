//! RANGE-1..7: amount > 0 (RANGE-1); 0 ≤ fee < amount and non-negative commissions (RANGE-2); scores in
//! [0, 1] with 4 decimals, strengths in [0, 1], sentiment in [−1, 1] (RANGE-3); money carries exactly its
//! currency's decimals, USD-equivalents exactly 2 (RANGE-4); event times inside the window (RANGE-5, needs
//! the manifest); percentages in (0, 100] (RANGE-6); ages 18–100 (RANGE-7).

use crate::validate::findings::Findings;
use crate::validate::json::{Obj, Val};
use crate::validate::rules::{places, units};
use crate::validate::state::Rec;

/// Units of a numeric field at `scale` (not necessarily exact), None when null or not a number.
fn num(v: &Val<'_>, scale: u8) -> Option<i64> {
    units(v.as_num()?, scale, false)
}

/// RANGE-4: money field `name` of `obj` carries exactly the places of currency field `ccy`.
fn money(r: &Rec<'_, '_>, f: &mut Findings, obj: &Obj<'_>, name: &str, ccy: &str) {
    let (Some(text), Some(code)) = (obj.at(name).as_num(), obj.str(ccy)) else {
        return;
    };
    if let Some(p) = places(code)
        && units(text, p, true).is_none()
    {
        r.error(f, "RANGE-4", || {
            format!("{name} {text} must carry exactly {p} decimals ({code})")
        });
    }
}

fn fixed(r: &Rec<'_, '_>, f: &mut Findings, obj: &Obj<'_>, name: &str, p: u8) {
    if let Some(text) = obj.at(name).as_num()
        && units(text, p, true).is_none()
    {
        r.error(f, "RANGE-4", || {
            format!("{name} {text} must carry exactly {p} decimals")
        });
    }
}

/// RANGE-3: a score in [lo, hi] (units of 10^-scale).
fn within(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    obj: &Obj<'_>,
    name: &str,
    scale: u8,
    lo: i64,
    hi: i64,
) {
    let v = obj.at(name);
    if v.is_null() {
        return;
    }
    match num(v, scale) {
        Some(x) if (lo..=hi).contains(&x) => {}
        _ => r.error(f, "RANGE-3", || {
            format!(
                "{name} {} outside [{}, {}]",
                v.as_num().unwrap_or("?"),
                lo as f64 / 10f64.powi(scale as i32),
                hi as f64 / 10f64.powi(scale as i32)
            )
        }),
    }
}

fn score(r: &Rec<'_, '_>, f: &mut Findings, obj: &Obj<'_>, name: &str) {
    within(r, f, obj, name, 4, 0, 10_000);
    fixed(r, f, obj, name, 4);
}

fn percentage(r: &Rec<'_, '_>, f: &mut Findings, obj: &Obj<'_>, name: &str, scale: u8) {
    let v = obj.at(name);
    if v.is_null() {
        return;
    }
    let hundred = 100 * 10i64.pow(scale as u32);
    if !num(v, scale).is_some_and(|x| x > 0 && x <= hundred) {
        r.error(f, "RANGE-6", || {
            format!("{name} {} outside (0, 100]", v.as_num().unwrap_or("?"))
        });
    }
    fixed(r, f, obj, name, scale);
}

fn positive(r: &Rec<'_, '_>, f: &mut Findings, obj: &Obj<'_>, name: &str) {
    let v = obj.at(name);
    if v.as_num()
        .is_some_and(|t| t.starts_with('-') || t.bytes().all(|b| matches!(b, b'0' | b'.')))
    {
        r.error(f, "RANGE-1", || {
            format!("{name} {} must be > 0", v.as_num().unwrap_or("?"))
        });
    }
}

pub fn check(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    match r.stem() {
        "transactions" => {
            positive(r, f, o, "amount");
            if let (Some(code), Some(a), Some(fee)) = (
                o.str("currency"),
                o.at("amount").as_num(),
                o.at("fee_amount").as_num(),
            ) && let Some(p) = places(code)
                && let (Some(a), Some(fee)) = (units(a, p, false), units(fee, p, false))
                && !(0 <= fee && fee < a)
            {
                r.error(f, "RANGE-2", || {
                    format!("fee_amount {fee} not in [0, amount {a}) (minor units)")
                });
            }
            money(r, f, o, "amount", "currency");
            money(r, f, o, "fee_amount", "currency");
            money(r, f, o, "amount_local", "currency_local");
            fixed(r, f, o, "amount_usd", 2);
            score(r, f, o, "risk_score");
        }
        "trades" => {
            positive(r, f, o, "price");
            positive(r, f, o, "total_value");
            if o.at("commission")
                .as_num()
                .is_some_and(|t| t.starts_with('-'))
            {
                r.error(f, "RANGE-2", || "commission must be ≥ 0".into());
            }
            for m in ["price", "total_value", "commission"] {
                money(r, f, o, m, "currency");
            }
            score(r, f, o, "risk_score");
        }
        "documents" => {
            money(r, f, o, "total_amount", "currency");
            for item in o.at("line_items").as_arr().unwrap_or(&[]) {
                if let Some(i) = item.as_obj() {
                    for m in ["unit_price", "amount"] {
                        if let (Some(text), Some(p)) =
                            (i.at(m).as_num(), o.str("currency").and_then(places))
                            && units(text, p, true).is_none()
                        {
                            r.error(f, "RANGE-4", || {
                                format!("line_items.{m} {text} must carry exactly {p} decimals")
                            });
                        }
                    }
                }
            }
            score(r, f, o, "risk_score");
            score(r, f, o, "authenticity_score");
        }
        "communications" => {
            score(r, f, o, "risk_score");
            within(r, f, o, "sentiment_score", 4, -10_000, 10_000);
        }
        "travels" => {
            score(r, f, o, "risk_score");
            positive(r, f, o, "declared_cash_amount");
        }
        "accounts" => {
            for m in [
                "current_balance",
                "available_balance",
                "credit_limit",
                "total_deposits",
                "total_withdrawals",
                "average_balance",
            ] {
                money(r, f, o, m, "currency");
            }
        }
        "persons" => {
            money(r, f, o, "annual_income", "currency");
            money(r, f, o, "net_worth", "currency");
            score(r, f, o, "online_activity_score");
            if let Some(age) = o.at("age").as_i64()
                && !(18..=100).contains(&age)
            {
                r.error(f, "RANGE-7", || format!("age {age} outside 18–100"));
            }
            for job in o.at("employment_history").as_arr().unwrap_or(&[]) {
                if let Some(j) = job.as_obj() {
                    money(r, f, j, "annual_income", "currency");
                }
            }
        }
        "companies" => {
            money(r, f, o, "annual_revenue", "currency");
            money(r, f, o, "market_cap", "currency");
            for officer in o.at("officers").as_arr().unwrap_or(&[]) {
                if let Some(x) = officer.as_obj() {
                    percentage(r, f, x, "ownership_percentage", 2);
                }
            }
        }
        "relationships" => {
            within(r, f, o, "relationship_strength", 2, 0, 100);
            percentage(r, f, o, "ownership_percentage", 2);
            percentage(r, f, o, "effective_ownership", 4);
            fixed(r, f, o, "total_transaction_value", 2);
        }
        "patterns" => {
            score(r, f, o, "confidence_score");
            score(r, f, o, "severity_score");
            fixed(r, f, o, "total_value_usd", 2);
        }
        _ => {}
    }
    // RANGE-5: event times inside the window.
    if let (Some(man), Some(t)) = (r.ctx.man.as_ref(), r.file.entity.time_field)
        && let Some(ts) = r.timestamp(t)
        && !(man.start..man.end).contains(&ts)
    {
        r.error(f, "RANGE-5", || {
            format!("{t} {} outside the window", o.str(t).unwrap_or(""))
        });
    }
}
