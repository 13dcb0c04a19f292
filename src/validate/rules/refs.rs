//! REF-1..7: every reference resolves. An id resolves when it has a known prefix, decodes with the
//! manifest seed to that namespace, and its index is below the dataset's row count, so resolution needs
//! no id set and works for one part alone (rows are a pure function of their index, §4.1).
//!
//! REF-1 account owners (owner, joint and beneficial owners); REF-2 entity links (employer, officers,
//! subsidiaries, parent); REF-3 transaction accounts and entities; REF-4 the parties of the other event
//! files (sender and recipients — at least one, each once, one type each — trader and account, the
//! listed company a stock's or option's symbol names, traveller, issuer and recipient, event account
//! and owner); REF-5 relationship endpoints; REF-6 `pattern_id` of labelled records; REF-7 pattern members;
//! REF-8 a travel's `passport_number` is one of the traveller's passports (null iff it holds none),
//! checked against the per-person passport hash of [`crate::validate::facts`] when the traveller's row
//! was read (one part alone checks the travellers of its own rows).

use crate::core::ids::Namespace;
use crate::model::trade::AssetType;
use crate::validate::findings::Findings;
use crate::validate::json::Val;
use crate::validate::rules::id::prefixes;
use crate::validate::state::{Decoded, Out, Rec, issuer_ticker};

/// Resolves an id text against `allowed` namespaces; None (after reporting) when it does not resolve.
pub fn resolve_text(
    r: &Rec<'_, '_>,
    text: &str,
    allowed: &[Namespace],
) -> Result<(Namespace, u64), String> {
    let (Some(codec), Some(man)) = (r.ctx.codec.as_ref(), r.ctx.man.as_ref()) else {
        return Err("no manifest".into());
    };
    let Decoded::Id(ns, decoded) = r.memo.decoded(text, codec) else {
        return Err(format!("{text:?} is not an id"));
    };
    if !allowed.contains(&ns) {
        return Err(format!("{text} is not a {} id", prefixes(allowed)));
    }
    match decoded {
        Some((d, index)) if d == ns => {
            if man.count(ns).is_some_and(|n| index >= n) {
                Err(format!("{text} names row {index}, beyond the dataset"))
            } else {
                Ok((ns, index))
            }
        }
        _ => Err(format!("{text} does not name a record of this dataset")),
    }
}

/// Resolves field `name` (null allowed when `nullable`); reports under `rule`.
pub fn field(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    rule: &'static str,
    name: &str,
    v: &Val<'_>,
    allowed: &[Namespace],
) -> Option<(Namespace, u64)> {
    let text = v.as_str()?;
    match resolve_text(r, text, allowed) {
        Ok(x) => Some(x),
        Err(why) => {
            r.error(f, rule, || format!("{name}: {why}"));
            None
        }
    }
}

fn list(r: &Rec<'_, '_>, f: &mut Findings, rule: &'static str, name: &str, allowed: &[Namespace]) {
    for v in r.obj.at(name).as_arr().unwrap_or(&[]) {
        field(r, f, rule, name, v, allowed);
    }
}

fn one(
    r: &Rec<'_, '_>,
    f: &mut Findings,
    rule: &'static str,
    name: &str,
    allowed: &[Namespace],
) -> Option<(Namespace, u64)> {
    field(r, f, rule, name, r.obj.at(name), allowed)
}

/// The namespace an entity-type label stands for.
pub fn ns_of_type(label: Option<&str>) -> &'static [Namespace] {
    match label {
        Some("person") => &[Namespace::Person],
        Some("company") => &[Namespace::Company],
        Some("account") => &[Namespace::Account],
        _ => &[Namespace::Person, Namespace::Company, Namespace::Account],
    }
}

const PER: &[Namespace] = &[Namespace::Person];
const ORG: &[Namespace] = &[Namespace::Company];
const ACC: &[Namespace] = &[Namespace::Account];
const OWNER: &[Namespace] = &[Namespace::Person, Namespace::Company];
const PAT: &[Namespace] = &[Namespace::Pattern];

/// REF-4: at least one recipient, each named once, each with its type.
fn recipients(r: &Rec<'_, '_>, f: &mut Findings) {
    let ids = r.obj.at("recipient_ids").as_arr().unwrap_or(&[]);
    let types = r.obj.at("recipient_types").as_arr().unwrap_or(&[]);
    if ids.is_empty() || ids.len() != types.len() {
        let (n, t) = (ids.len(), types.len());
        r.error(f, "REF-4", || {
            format!("{n} recipient_ids and {t} recipient_types (need ≥ 1, one type each)")
        });
    }
    // Lists are short (≤ 4 for email), so a quadratic scan allocates nothing.
    for (k, a) in ids.iter().enumerate() {
        if let Some(a) = a.as_str()
            && ids[..k].iter().any(|b| b.as_str() == Some(a))
        {
            r.error(f, "REF-4", || format!("recipient {a} listed twice"));
        }
    }
}

/// REF-4: a stock's or option's symbol names a listed company (its ticker, §7.6), once every part's
/// companies file has been read ([`crate::validate::state::Issuers::issuer`]), so one part alone,
/// whose issuer may be listed in another part, reports nothing.
fn issuer(r: &Rec<'_, '_>, f: &mut Findings) {
    let o = r.obj;
    let (Some(asset), Some(symbol)) = (
        o.str("asset_type").and_then(AssetType::from_label),
        o.str("symbol"),
    ) else {
        return;
    };
    if !matches!(asset, AssetType::Stock | AssetType::Option) {
        return;
    }
    let listed = match issuer_ticker(asset, symbol) {
        Some(ticker) => r
            .ctx
            .issuers
            .issuer(ticker)
            .map(|company| company.is_some()),
        None => Some(false),
    };
    if listed == Some(false) {
        r.error(f, "REF-4", || {
            format!("symbol {symbol:?} names no listed company")
        });
    }
}

/// REF-8: the travel's passport number against the traveller's passports.
fn passport(r: &Rec<'_, '_>, f: &mut Findings, traveller: u64) {
    let number = r.obj.str("passport_number");
    if r.ctx.holds_passport(traveller, number) == Some(false) {
        r.error(f, "REF-8", || match number {
            Some(n) => format!("passport_number {n:?} is not a passport of the traveller"),
            None => "passport_number is null but the traveller holds a passport".into(),
        });
    }
}

pub fn check(r: &Rec<'_, '_>, _out: &mut Out, f: &mut Findings) {
    let o = r.obj;
    match r.stem() {
        "persons" => {
            for job in o.at("employment_history").as_arr().unwrap_or(&[]) {
                if let Some(j) = job.as_obj() {
                    field(
                        r,
                        f,
                        "REF-2",
                        "employment_history.employer_id",
                        j.at("employer_id"),
                        ORG,
                    );
                }
            }
        }
        "companies" => {
            for officer in o.at("officers").as_arr().unwrap_or(&[]) {
                if let Some(x) = officer.as_obj() {
                    field(r, f, "REF-2", "officers.person_id", x.at("person_id"), PER);
                }
            }
            list(r, f, "REF-2", "subsidiary_ids", ORG);
            one(r, f, "REF-2", "parent_company_id", ORG);
        }
        "accounts" => {
            let allowed = match o.str("owner_type") {
                Some("person") => PER,
                Some("company") => ORG,
                _ => OWNER,
            };
            one(r, f, "REF-1", "owner_id", allowed);
            list(r, f, "REF-1", "joint_owners", PER);
            list(r, f, "REF-1", "beneficial_owners", PER);
        }
        "transactions" => {
            one(r, f, "REF-3", "from_account_id", ACC);
            one(r, f, "REF-3", "to_account_id", ACC);
            one(r, f, "REF-3", "from_entity_id", OWNER);
            one(r, f, "REF-3", "to_entity_id", OWNER);
        }
        "communications" => {
            one(r, f, "REF-4", "sender_id", PER);
            list(r, f, "REF-4", "recipient_ids", PER);
            recipients(r, f);
        }
        "trades" => {
            one(r, f, "REF-4", "trader_id", PER);
            one(r, f, "REF-4", "account_id", ACC);
            issuer(r, f);
        }
        "travels" => {
            if let Some((_, traveller)) = one(r, f, "REF-4", "traveler_id", PER) {
                passport(r, f, traveller);
            }
        }
        "documents" => {
            one(r, f, "REF-4", "issuer_id", ORG);
            one(r, f, "REF-4", "recipient_id", ORG);
        }
        "account_events" => {
            one(r, f, "REF-4", "account_id", ACC);
            one(r, f, "REF-4", "owner_id", OWNER);
        }
        "relationships" => {
            one(
                r,
                f,
                "REF-5",
                "from_entity_id",
                ns_of_type(o.str("from_entity_type")),
            );
            one(
                r,
                f,
                "REF-5",
                "to_entity_id",
                ns_of_type(o.str("to_entity_type")),
            );
        }
        "pattern_members" => {
            one(r, f, "REF-7", "pattern_id", PAT);
            one(r, f, "REF-7", "entity_id", ns_of_type(o.str("entity_type")));
        }
        _ => {}
    }
    if r.stem() != "pattern_members" && r.stem() != "patterns" && o.get("pattern_id").is_some() {
        one(r, f, "REF-6", "pattern_id", PAT);
    }
}
