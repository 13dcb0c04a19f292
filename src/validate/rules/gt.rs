//! GT-1..5 (SPEC §9.1, §12): `is_laundering` ⇔ `pattern_id` (GT-1); `pattern_type` = the typology of
//! `pattern_id` (GT-2); every count of a pattern row equals the records carrying its id (GT-3); its
//! `total_value_usd` recomputes (GT-4); member roles belong to the typology (GT-5). Per record this
//! module checks GT-1, GT-2 and GT-5 and collects what GT-3/GT-4 and INV need (labelled records, pattern
//! rows, members); [`finish`] runs the dataset-wide part once all parts are read.

use crate::core::text::units;
use crate::patterns::{Family, Role, dataset};
use crate::validate::findings::Findings;
use crate::validate::rules::places;
use crate::validate::state::{Labelled, Out, PatternFact, Rec, count_slot};

/// Roles each typology's members may take (§7.11, §10.2).
/// The count fields of a pattern row, in [`crate::validate::state::count_slot`] order.
const COUNT_FIELDS: [&str; 7] = [
    "transaction_count",
    "communication_count",
    "trade_count",
    "document_count",
    "account_event_count",
    "relationship_count",
    "member_count",
];

pub fn roles(family: Family) -> &'static [Role] {
    use Role::*;
    match family {
        Family::Structuring => &[Smurf, Collector, Beneficiary],
        Family::MuleChain => &[Victim, Mule, CashOut],
        Family::FraudRing => &[
            Attacker,
            Beneficiary,
            Hub,
            Mule,
            Originator,
            Participant,
            Victim,
        ],
        Family::AccountTakeover => &[Victim, Attacker, Mule],
        Family::Tbml => &[Importer, Exporter, Shell],
        Family::InsiderTrading => &[Insider, Tippee, Trader, Issuer, Participant],
        Family::UboChain => &[Target, Ubo, Shell, Nominee, Intermediary, Participant],
        Family::FanOut
        | Family::FanIn
        | Family::Cycle
        | Family::ScatterGather
        | Family::GatherScatter
        | Family::Bipartite
        | Family::Stack
        | Family::Random => &[Originator, Beneficiary, Intermediary, Hub, Participant],
    }
}

fn pattern_value(text: Option<&str>) -> Option<u64> {
    crate::core::text::parse_id(text?).map(|(_, v)| v)
}

pub fn check(r: &Rec<'_, '_>, out: &mut Out, f: &mut Findings) {
    let o = r.obj;
    let stem = r.stem();
    match stem {
        "patterns" => {
            let Some(value) = pattern_value(o.str("id")) else {
                return;
            };
            let typology = o.str("typology").unwrap_or("").to_string();
            out.patterns.push((
                value,
                PatternFact {
                    family: Family::from_label(&typology),
                    typology,
                    subtype: o.str("subtype").unwrap_or("").to_string(),
                    counts: COUNT_FIELDS.map(|n| o.at(n).as_i64()),
                    total_value_usd_cents: o
                        .at("total_value_usd")
                        .as_num()
                        .and_then(|t| units(t, 2, false)),
                    end_time: o
                        .str("end_time")
                        .and_then(crate::core::time::parse_timestamp),
                    file: r.file.label.clone(),
                    line: r.line,
                },
            ));
            return;
        }
        "pattern_members" => {
            let Some(value) = pattern_value(o.str("pattern_id")) else {
                return;
            };
            if let Some(p) = r.ctx.patterns.get(&value)
                && let Some(family) = p.family
                && let Some(role) = o.str("role").and_then(Role::from_label)
                && !roles(family).contains(&role)
            {
                let typology = p.typology.clone();
                r.error(f, "GT-5", || {
                    format!(
                        "role {:?} does not belong to typology {typology}",
                        o.str("role").unwrap_or("")
                    )
                });
            }
            if let Some(m) = dataset::member_view(&r.obj_serde_only(&["entity_id", "role"])) {
                let takeover = r.ctx.patterns.get(&value).and_then(|p| p.family)
                    == Some(Family::AccountTakeover);
                if takeover && m.role == Role::Victim && m.entity_id.prefix == "ACC" {
                    out.takeover_victims.push(m.entity_id.value);
                }
                out.members.push((value, m));
            }
            return;
        }
        _ => {}
    }
    if stem == "account_events" {
        note_sighting(r, out);
    }
    let Some(slot) = count_slot(stem).or((stem == "travels").then_some(usize::MAX)) else {
        return;
    };
    let pid = o.str("pattern_id");
    if stem == "documents"
        && o.str("document_type") == Some("bill_of_lading")
        && let Some(shipment) = o.str("shipment_id")
    {
        out.bills_of_lading.push(shipment.to_string());
    }
    if stem == "transactions" {
        let laundering = o.at("is_laundering").as_bool();
        if laundering.is_some_and(|l| l != pid.is_some()) {
            r.error(f, "GT-1", || {
                format!(
                    "is_laundering = {} but pattern_id is {}",
                    laundering.unwrap_or(false),
                    if pid.is_some() { "set" } else { "null" }
                )
            });
        }
        let ptype = o.str("pattern_type");
        if ptype.is_some() != pid.is_some() {
            r.error(f, "GT-2", || "pattern_type is set iff pattern_id is".into());
        } else if let (Some(t), Some(value)) = (ptype, pattern_value(pid))
            && let Some(p) = r.ctx.patterns.get(&value)
            && p.typology != t
        {
            let typ = p.typology.clone();
            r.error(f, "GT-2", || {
                format!("pattern_type {t} but the pattern is a {typ}")
            });
        }
    }
    let Some(value) = pattern_value(pid) else {
        return;
    };
    if slot == usize::MAX {
        return;
    }
    let usd_cents = match stem {
        "transactions" => o
            .at("amount_usd")
            .as_num()
            .and_then(|t| units(t, 2, false))
            .unwrap_or(0),
        "trades" => trade_usd(r).unwrap_or(0),
        _ => 0,
    };
    out.labelled.push(Labelled {
        pattern: value,
        slot,
        usd_cents,
        tx: (stem == "transactions")
            .then(|| dataset::tx_view(&r.obj_serde_only(TX_VIEW)))
            .flatten(),
        event: (stem == "account_events")
            .then(|| dataset::event_view(&r.obj_serde_only(EVENT_VIEW)))
            .flatten(),
        rel: (stem == "relationships")
            .then(|| dataset::rel_view(&r.obj_serde_only(REL_VIEW)))
            .flatten(),
        doc: (stem == "documents")
            .then(|| dataset::doc_view(&r.obj_serde_only(DOC_VIEW)))
            .flatten(),
        trade: (stem == "trades")
            .then(|| dataset::trade_view(&r.obj_serde_only(TRADE_VIEW)))
            .flatten(),
        communication: (stem == "communications")
            .then(|| dataset::communication_view(&r.obj_serde_only(COMMUNICATION_VIEW)))
            .flatten(),
    });
}

/// The address and device of an account event on an account takeover victim's account, for
/// INV-account_takeover's "new on the account".
fn note_sighting(r: &Rec<'_, '_>, out: &mut Out) {
    let o = r.obj;
    let account = o
        .str("account_id")
        .and_then(crate::core::text::parse_id)
        .map(|(_, v)| v);
    let Some(account) = account.filter(|a| r.ctx.inv.takeover_victims.contains(a)) else {
        return;
    };
    let Some(ts) = o
        .str("timestamp")
        .and_then(crate::core::time::parse_timestamp)
    else {
        return;
    };
    for field in ["ip_address", "device_id"] {
        if let Some(x) = o.str(field) {
            out.sightings.push((account, x.to_string(), ts));
        }
    }
}

/// A trade's total value in USD cents.
fn trade_usd(r: &Rec<'_, '_>) -> Option<i64> {
    let code = r.obj.str("currency")?;
    let total = units(r.obj.at("total_value").as_num()?, places(code)?, false)?;
    let c = crate::refdata::currency_by_code(code)?;
    Some(crate::generators::trade::minor_to_usd_cents(total, c))
}

/// Per-pattern totals gathered over the whole dataset.
#[derive(Default)]
pub struct Agg {
    pub counts: [i64; 7],
    pub usd_cents: i128,
}

/// GT-3 and GT-4 for every pattern row (all parts read).
pub fn finish(
    patterns: &std::collections::BTreeMap<u64, PatternFact>,
    aggs: &std::collections::BTreeMap<u64, Agg>,
    written: &[bool; 7],
    f: &mut Findings,
) {
    let empty = Agg::default();
    for (value, p) in patterns {
        let agg = aggs.get(value).unwrap_or(&empty);
        for k in 0..7 {
            if !written[k] {
                continue;
            }
            if let Some(declared) = p.counts[k]
                && declared != agg.counts[k]
            {
                let got = agg.counts[k];
                f.error("GT-3", &p.file, p.line, || {
                    format!(
                        "{} = {declared}, but {got} record(s) carry the pattern id",
                        COUNT_FIELDS[k]
                    )
                });
            }
        }
        let expected = match p.family {
            Some(Family::UboChain) => Some(0),
            Some(Family::InsiderTrading) => written[2].then_some(agg.usd_cents),
            _ => written[0].then_some(agg.usd_cents),
        };
        if let (Some(e), Some(declared)) = (expected, p.total_value_usd_cents)
            && declared as i128 != e
        {
            f.error("GT-4", &p.file, p.line, || {
                format!("total_value_usd is {declared} cents, the records sum to {e}")
            });
        }
    }
}

impl Rec<'_, '_> {
    /// The record as a `serde_json::Value` (for the shared pattern views).
    pub fn obj_serde(&self) -> serde_json::Value {
        crate::validate::json::Val::Obj(self.obj.clone()).to_serde()
    }

    /// The record's fields `keys` only as a `serde_json::Value`: what a view reads of it, without
    /// converting the rest. Duplicate keys resolve as in [`Rec::obj_serde`] (the last one wins).
    pub fn obj_serde_only(&self, keys: &[&str]) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (k, v) in &self.obj.fields {
            if keys.contains(&k.as_ref()) {
                map.insert(k.to_string(), v.to_serde());
            }
        }
        serde_json::Value::Object(map)
    }
}

/// The fields [`dataset::tx_view`] reads.
const TRADE_VIEW: &[&str] = &[
    "id",
    "trade_date",
    "trader_id",
    "symbol",
    "asset_type",
    "side",
];
const COMMUNICATION_VIEW: &[&str] = &["id", "timestamp", "sender_id", "recipient_ids"];
const TX_VIEW: &[&str] = &[
    "id",
    "transaction_date",
    "transaction_type",
    "from_account_id",
    "to_account_id",
    "from_entity_id",
    "to_entity_id",
    "amount",
    "currency",
    "amount_usd",
    "transaction_location",
    "reference_number",
];
/// The fields [`dataset::doc_view`] reads.
const DOC_VIEW: &[&str] = &[
    "id",
    "document_type",
    "document_number",
    "issuer_id",
    "recipient_id",
    "issue_date",
    "currency",
    "total_amount",
    "line_items",
    "shipment_id",
    "payment_terms",
];
/// The fields [`dataset::rel_view`] reads.
const REL_VIEW: &[&str] = &[
    "id",
    "relationship_type",
    "context",
    "from_entity_id",
    "to_entity_id",
    "ownership_percentage",
    "effective_ownership",
];
/// The fields [`dataset::event_view`] reads.
const EVENT_VIEW: &[&str] = &[
    "id",
    "timestamp",
    "event_type",
    "account_id",
    "ip_address",
    "device_id",
];
