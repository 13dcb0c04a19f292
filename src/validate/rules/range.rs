//! RANGE-1..7: amount > 0 (RANGE-1); 0 ≤ fee < amount and non-negative commissions (RANGE-2); scores in
//! [0, 1] with 4 decimals, strengths in [0, 1], sentiment in [−1, 1] (RANGE-3); money carries exactly its
//! currency's decimals, USD-equivalents exactly 2 (RANGE-4); event times inside the window (RANGE-5, needs
//! the manifest); percentages in (0, 100] (RANGE-6); ages 18–100, from `age` and from `date_of_birth` at
//! as_of_date (RANGE-7); Σ of a company's officers' direct holdings ≤ 100 (RANGE-8; the Σ over
//! `shareholder` edges is summed across records by the engine, [`ShareTotals`]); entity dates and
//! timestamps inside the windows the generator guarantees (RANGE-9, needs the manifest, see [`windows`]),
//! a travel's booking, arrival and return dates among them. A declared cash amount is at least the
//! 10,000 USD declaration floor (RANGE-1) with 2 decimals (RANGE-4).

use crate::core::ids::Namespace;
use crate::core::text::units;
use crate::core::time::{
    Date, Timestamp, add_years, age_at, date_of, days_from_civil, format_date, format_timestamp,
    midnight, parse_date, parse_timestamp,
};
use crate::generators::travel::{MIN_DECLARED_USD_CENTS, is_long_haul};
use crate::validate::findings::Findings;
use crate::validate::json::{Obj, Val};
use crate::validate::rules::places;
use crate::validate::state::{ManCtx, Rec};
use std::collections::BTreeMap;

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
            if o.at("quantity").as_i64().is_some_and(|q| q <= 0) {
                r.error(f, "RANGE-1", || "quantity must be > 0".into());
            }
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
            // The declaration floor (§7.7: declared iff ≥ 10,000 USD); the amount is in US dollars.
            if let Some(text) = o.at("declared_cash_amount").as_num()
                && num(o.at("declared_cash_amount"), 2).is_some_and(|c| c < MIN_DECLARED_USD_CENTS)
            {
                r.error(f, "RANGE-1", || {
                    format!("declared_cash_amount {text} below the 10,000 USD declaration floor")
                });
            }
            fixed(r, f, o, "declared_cash_amount", 2);
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
            let mut held: i64 = 0;
            for officer in o.at("officers").as_arr().unwrap_or(&[]) {
                if let Some(x) = officer.as_obj() {
                    percentage(r, f, x, "ownership_percentage", 2);
                    held += num(x.at("ownership_percentage"), 2).unwrap_or(0).max(0);
                }
            }
            // Officers are distinct persons and their holdings a subset of the direct holdings.
            if held > 10_000 {
                r.error(f, "RANGE-8", || {
                    format!(
                        "officers hold {}% directly, more than 100",
                        crate::model::record::Decimal::new(held, 2)
                    )
                });
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
    if let Some(man) = r.ctx.man.as_ref() {
        windows(r, f, man);
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

/// A date field; None when null or not a date (SCH reports the latter).
fn date(obj: &Obj<'_>, name: &str) -> Option<Date> {
    obj.str(name).and_then(parse_date)
}

fn time(obj: &Obj<'_>, name: &str) -> Option<Timestamp> {
    obj.str(name).and_then(parse_timestamp)
}

fn bound(d: Option<Date>) -> String {
    d.map_or_else(|| "…".to_string(), format_date)
}

/// RANGE-9: date field `name` of `obj` inside [lo, hi] (unknown bounds are open); returns the date.
fn date_in(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    obj: &Obj<'_>,
    name: &str,
    lo: Option<Date>,
    hi: Option<Date>,
) -> Option<Date> {
    let d = date(obj, name)?;
    day_in(r, f, name, d, lo, hi);
    Some(d)
}

/// RANGE-9: date `d` of field `name` inside [lo, hi] (unknown bounds are open).
fn day_in(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    name: &str,
    d: Date,
    lo: Option<Date>,
    hi: Option<Date>,
) {
    if lo.is_some_and(|lo| d < lo) || hi.is_some_and(|hi| d > hi) {
        r.error(f, "RANGE-9", || {
            format!(
                "{name} {} outside [{}, {}]",
                format_date(d),
                bound(lo),
                bound(hi)
            )
        });
    }
}

/// RANGE-9: `created_at` in [lo, as_of) and `updated_at` = as_of (SPEC §7.1–7.3); returns created_at.
fn stamps(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    man: &ManCtx,
    lo: Option<Timestamp>,
) -> Option<Timestamp> {
    let o = r.obj;
    if let Some(u) = time(o, "updated_at")
        && u != man.end
    {
        r.error(f, "RANGE-9", || {
            format!(
                "updated_at {} ≠ as_of {}",
                format_timestamp(u),
                format_timestamp(man.end)
            )
        });
    }
    let c = time(o, "created_at")?;
    if c >= man.end || lo.is_some_and(|lo| c < lo) {
        r.error(f, "RANGE-9", || {
            format!(
                "created_at {} outside [{}, as_of)",
                format_timestamp(c),
                lo.map_or_else(|| "…".to_string(), format_timestamp)
            )
        });
    }
    Some(c)
}

/// The first day of [`crate::generators::company`] registration dates.
const FIRST_REGISTRATION: Date = days_from_civil(1950, 1, 1);

/// Longest tenure of an account opened before the window ([`crate::generators::account`]).
const MAX_TENURE_YEARS: i32 = 30;

/// RANGE-7 and RANGE-9 for the entity files: only windows the generator guarantees by construction.
///
/// * persons — `date_of_birth` gives an age of 18–100 at as_of_date (RANGE-7); created_at on or after
///   the 18th birthday and before as_of; identification documents issued from the 18th (passport) or
///   16th birthday to as_of_date, expiring after issue; jobs starting from the 16th birthday to
///   as_of_date and ending after their start, by as_of_date; a PEP position starting between birth
///   and as_of_date.
/// * companies — registration 1950-01-01..as_of_date; created_at from the registration day; officers
///   appointed from registration to as_of_date, resigning after appointment, by as_of_date.
/// * accounts — opened within 30 years before the window, from the owner's 18th birthday or
///   registration date (when the owner's row was read), by as_of_date; created_at on the opening day;
///   closed after opening, by as_of_date.
/// * relationships — start by as_of_date, end after start by as_of_date; the last interaction inside
///   the prior period (the 365 days before the window) and the edge's lifetime.
/// * patterns — start and end inside the window, start ≤ end, detection on a day of the instance.
/// * travels — booking, arrival and return relative to the departure ([`travel`]).
///
/// Every entity's `updated_at` is as_of.
pub fn windows(r: &Rec<'_, '_>, f: &mut Findings, man: &ManCtx) {
    let o = r.obj;
    let as_of = Some(man.as_of_date);
    match r.stem() {
        "persons" => {
            let dob = date(o, "date_of_birth");
            if let Some(dob) = dob {
                let age = age_at(dob, man.as_of_date);
                if !(18..=100).contains(&age) {
                    r.error(f, "RANGE-7", || {
                        format!(
                            "date_of_birth {} gives age {age} at as_of_date, outside 18–100",
                            format_date(dob)
                        )
                    });
                }
            }
            let birthday = |years: i32| dob.map(|d| add_years(d, years));
            stamps(r, f, man, birthday(18).map(midnight));
            for doc in o.at("identification_documents").as_arr().unwrap_or(&[]) {
                let Some(d) = doc.as_obj() else { continue };
                let from = if d.str("doc_type") == Some("passport") {
                    18
                } else {
                    16
                };
                let issued = date_in(r, f, d, "issue_date", birthday(from), as_of);
                date_in(r, f, d, "expiry_date", issued.map(|i| i + 1), None);
            }
            for job in o.at("employment_history").as_arr().unwrap_or(&[]) {
                let Some(j) = job.as_obj() else { continue };
                let start = date_in(r, f, j, "start_date", birthday(16), as_of);
                date_in(r, f, j, "end_date", start.map(|s| s + 1), as_of);
            }
            if let Some(pep) = o.at("pep_details").as_obj() {
                date_in(r, f, pep, "start_date", dob, as_of);
            }
        }
        "companies" => {
            let registered = date_in(
                r,
                f,
                o,
                "registration_date",
                Some(FIRST_REGISTRATION),
                as_of,
            );
            stamps(r, f, man, registered.map(midnight));
            for officer in o.at("officers").as_arr().unwrap_or(&[]) {
                let Some(x) = officer.as_obj() else { continue };
                let appointed = date_in(r, f, x, "appointment_date", registered, as_of);
                date_in(r, f, x, "resignation_date", appointed.map(|a| a + 1), as_of);
            }
        }
        "accounts" => {
            let tenure = add_years(date_of(man.start), -MAX_TENURE_YEARS);
            let owner_earliest = o
                .str("owner_id")
                .and_then(|t| {
                    super::refs::resolve_text(r, t, &[Namespace::Person, Namespace::Company]).ok()
                })
                .and_then(|owner| r.ctx.owner(owner))
                .map(|x| x.earliest_account);
            let opened = date_in(
                r,
                f,
                o,
                "opened_date",
                Some(owner_earliest.map_or(tenure, |e| e.max(tenure))),
                as_of,
            );
            if let (Some(c), Some(day)) = (stamps(r, f, man, None), opened)
                && date_of(c) != day
            {
                r.error(f, "RANGE-9", || {
                    format!(
                        "created_at {} is not on the opening day {}",
                        format_timestamp(c),
                        format_date(day)
                    )
                });
            }
            date_in(r, f, o, "closed_date", opened.map(|d| d + 1), as_of);
        }
        "relationships" => {
            let start = date_in(r, f, o, "start_date", None, as_of);
            let end = date_in(r, f, o, "end_date", start.map(|s| s + 1), as_of);
            let period_end = date_of(man.start) - 1;
            let lo = start.map_or(period_end - 364, |s| s.max(period_end - 364));
            let hi = end.map_or(period_end, |e| e.min(period_end));
            date_in(r, f, o, "last_interaction_date", Some(lo), Some(hi));
        }
        "travels" => travel(r, f),
        "patterns" => {
            let (start, end) = (time(o, "start_time"), time(o, "end_time"));
            for (name, t) in [("start_time", start), ("end_time", end)] {
                if let Some(t) = t
                    && !(man.start..man.end).contains(&t)
                {
                    r.error(f, "RANGE-9", || {
                        format!("{name} {} outside the window", format_timestamp(t))
                    });
                }
            }
            if let (Some(s), Some(e)) = (start, end)
                && s > e
            {
                r.error(f, "RANGE-9", || "start_time after end_time".into());
            }
            date_in(
                r,
                f,
                o,
                "detection_date",
                start.map(date_of),
                end.map(date_of),
            );
        }
        _ => {}
    }
}

/// RANGE-9 for a travel (§7.7, [`crate::generators::travel::build`]): booked 1–60 days before the
/// departure date; arriving at or after the departure, on its date or — long haul only
/// ([`is_long_haul`]) — the next; returning 1–30 days after the arrival date. Dates are the UTC dates
/// of the timestamps.
fn travel(r: &Rec<'_, '_>, f: &mut Findings) {
    let Some(departed) = r.timestamp("departure_date") else {
        return;
    };
    let day = date_of(departed);
    if let Some(booked) = r.date("booking_date") {
        day_in(r, f, "booking_date", booked, Some(day - 60), Some(day - 1));
    }
    let Some(arrived) = r.timestamp("arrival_date") else {
        return;
    };
    let shift = date_of(arrived) - day;
    // The haul (a distance) is only needed for the rarer next-day arrivals.
    let latest = if shift == 1 && long_haul(r) { 1 } else { 0 };
    if arrived < departed || shift > latest {
        r.error(f, "RANGE-9", || {
            format!(
                "arrival_date {} outside [departure_date, the end of its {} day]",
                format_timestamp(arrived),
                if latest == 1 { "next" } else { "own" }
            )
        });
    }
    if let Some(returned) = r.date("return_date") {
        let arrival_day = date_of(arrived);
        day_in(
            r,
            f,
            "return_date",
            returned,
            Some(arrival_day + 1),
            Some(arrival_day + 30),
        );
    }
}

/// Whether the travel's countries are far enough apart to arrive on the next date; false when a
/// country is unknown (SCH/ENUM report it).
fn long_haul(r: &Rec<'_, '_>) -> bool {
    let country = |name: &str| r.obj.str(name).and_then(crate::refdata::country_by_code);
    match (country("departure_country"), country("arrival_country")) {
        (Some(d), Some(a)) => is_long_haul(d, a),
        _ => false,
    }
}

/// RANGE-8 over `shareholder` edges: the running Σ of direct holdings per owned company (company row →
/// hundredths of a percent), fed in file order, so the edge that takes a company over 100.00 % is the
/// one reported. O(companies with shareholders). Several parts given together add up; one part alone
/// sums the edges it holds, which never exceeds the full Σ, so it cannot report falsely.
#[derive(Default)]
pub struct ShareTotals {
    held: BTreeMap<u64, u64>,
}

impl ShareTotals {
    /// Adds one edge; returns the new Σ when this edge takes the company over 100.00 %.
    pub fn add(&mut self, company: u64, hundredths: u32) -> Option<u64> {
        let total = self.held.entry(company).or_default();
        let before = *total;
        *total += hundredths as u64;
        (before <= 10_000 && *total > 10_000).then_some(*total)
    }
}

/// The (owned company row, hundredths) of a `shareholder` edge into a company, for [`ShareTotals`].
pub fn shareholding(r: &Rec<'_, '_>) -> Option<(u64, u32)> {
    let o = r.obj;
    if o.str("relationship_type") != Some("shareholder") {
        return None;
    }
    let (ns, index) =
        super::refs::resolve_text(r, o.str("to_entity_id")?, &[Namespace::Company]).ok()?;
    let hundredths = num(o.at("ownership_percentage"), 2)?;
    (ns == Namespace::Company && hundredths > 0)
        .then(|| u32::try_from(hundredths).ok())
        .flatten()
        .map(|h| (index, h))
}
