//! Instances as a dataset holds them: the views `Typology::check` reads, built from parsed JSON records
//! (what `validate` and the integration tests read), and entity facts answered from the dataset's
//! accounts and persons.

use super::{
    AccountView, CommunicationView, CompanyView, DocView, EventView, Facts, LineView, MemberView,
    PersonView, RelView, Role, TieView, TradeView, TxView,
};
use crate::core::ids::{IdCodec, RecordId};
use crate::core::time::{Timestamp, parse_date, parse_timestamp};
use crate::model::account::AccountType;
use crate::model::account_event::AccountEventType;
use crate::model::document::{DocumentType, PaymentTerms};
use crate::model::relationship::{RelationshipContext, RelationshipType};
use crate::model::transaction::TransactionType;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A record id from its text (`PREFIX-hex`).
pub fn parse_id(v: &Value) -> Option<RecordId> {
    let (ns, value) = IdCodec::parse(v.as_str()?)?;
    Some(RecordId {
        prefix: ns.prefix(),
        value,
    })
}

/// A decimal number as integer units of `10^-scale` (`12.5` at scale 2 → 1250). The text is read
/// exactly, digit by digit (a parsed JSON float may have dropped trailing zeros); extra places must be 0.
pub fn parse_units(v: &Value, scale: u8) -> Option<i64> {
    let text = match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    crate::core::text::units(&text, scale, false)
}

/// Decimal places of a currency code.
fn places(code: &str) -> Option<u8> {
    crate::refdata::currency_by_code(code).map(|c| crate::refdata::currency(c).minor_units)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

pub fn tx_view(v: &Value) -> Option<TxView> {
    Some(TxView {
        id: parse_id(&v["id"])?,
        ts: parse_timestamp(v["transaction_date"].as_str()?)?,
        kind: TransactionType::from_label(v["transaction_type"].as_str()?)?,
        from: parse_id(&v["from_account_id"]),
        to: parse_id(&v["to_account_id"]),
        from_entity: parse_id(&v["from_entity_id"]),
        to_entity: parse_id(&v["to_entity_id"]),
        amount_minor: parse_units(&v["amount"], places(v["currency"].as_str()?)?)?,
        currency: text(&v["currency"])?,
        amount_usd_cents: parse_units(&v["amount_usd"], 2)?,
        location: text(&v["transaction_location"]),
        reference: text(&v["reference_number"]),
    })
}

pub fn doc_view(v: &Value) -> Option<DocView> {
    let currency = text(&v["currency"])?;
    let scale = places(&currency)?;
    let lines = v["line_items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|l| {
                    Some(LineView {
                        category: text(&l["category"])?,
                        quantity: l["quantity"].as_i64()?,
                        unit_price_minor: parse_units(&l["unit_price"], scale)?,
                        amount_minor: parse_units(&l["amount"], scale)?,
                    })
                })
                .collect::<Option<Vec<_>>>()
        })
        .unwrap_or(Some(Vec::new()))?;
    Some(DocView {
        id: parse_id(&v["id"])?,
        kind: DocumentType::from_label(v["document_type"].as_str()?)?,
        number: text(&v["document_number"])?,
        issuer: parse_id(&v["issuer_id"])?,
        recipient: parse_id(&v["recipient_id"])?,
        ts: parse_timestamp(v["issue_date"].as_str()?)?,
        total_minor: parse_units(&v["total_amount"], scale)?,
        currency,
        lines,
        shipment_id: text(&v["shipment_id"]),
        payment_terms: PaymentTerms::from_label(v["payment_terms"].as_str()?)?,
    })
}

pub fn event_view(v: &Value) -> Option<EventView> {
    Some(EventView {
        id: parse_id(&v["id"])?,
        ts: parse_timestamp(v["timestamp"].as_str()?)?,
        kind: AccountEventType::from_label(v["event_type"].as_str()?)?,
        account: parse_id(&v["account_id"])?,
        ip_address: text(&v["ip_address"])?,
        device_id: text(&v["device_id"])?,
    })
}

pub fn rel_view(v: &Value) -> Option<RelView> {
    Some(RelView {
        id: parse_id(&v["id"])?,
        kind: RelationshipType::from_label(v["relationship_type"].as_str()?)?,
        context: RelationshipContext::from_label(v["context"].as_str()?)?,
        from: parse_id(&v["from_entity_id"])?,
        to: parse_id(&v["to_entity_id"])?,
        ownership_hundredths: parse_units(&v["ownership_percentage"], 2)
            .and_then(|u| u32::try_from(u).ok()),
        effective: parse_units(&v["effective_ownership"], 4).and_then(|u| u64::try_from(u).ok()),
    })
}

pub fn trade_view(v: &Value) -> Option<TradeView> {
    Some(TradeView {
        id: parse_id(&v["id"])?,
        ts: parse_timestamp(v["trade_date"].as_str()?)?,
        trader: parse_id(&v["trader_id"])?,
        symbol: text(&v["symbol"])?,
        asset: crate::model::trade::AssetType::from_label(v["asset_type"].as_str()?)?,
        side: crate::model::trade::TradeSide::from_label(v["side"].as_str()?)?,
    })
}

pub fn communication_view(v: &Value) -> Option<CommunicationView> {
    Some(CommunicationView {
        id: parse_id(&v["id"])?,
        ts: parse_timestamp(v["timestamp"].as_str()?)?,
        sender: parse_id(&v["sender_id"])?,
        recipients: v["recipient_ids"]
            .as_array()?
            .iter()
            .map(parse_id)
            .collect::<Option<Vec<_>>>()?,
    })
}

pub fn tie_view(v: &Value) -> Option<TieView> {
    Some(TieView {
        kind: RelationshipType::from_label(v["relationship_type"].as_str()?)?,
        from: parse_id(&v["from_entity_id"])?,
        ownership_hundredths: parse_units(&v["ownership_percentage"], 2)
            .and_then(|u| u32::try_from(u).ok()),
        start: parse_date(v["start_date"].as_str()?)?,
        end: match &v["end_date"] {
            Value::Null => None,
            d => Some(parse_date(d.as_str()?)?),
        },
    })
}

pub fn member_view(v: &Value) -> Option<MemberView> {
    Some(MemberView {
        entity_id: parse_id(&v["entity_id"])?,
        role: Role::from_label(v["role"].as_str()?)?,
    })
}

/// Entity facts read from a dataset's accounts and persons.
#[derive(Default)]
pub struct DatasetFacts {
    pub accounts: BTreeMap<u64, AccountView>,
    pub persons: BTreeMap<u64, PersonView>,
    pub companies: BTreeMap<u64, CompanyView>,
    pub window_start: Timestamp,
    pub margin_bp: u32,
    /// UBO-1 threshold in 1/10,000 of a percent.
    pub ubo_threshold: u64,
    /// Stock tickers of listed companies by id value.
    pub tickers: BTreeMap<u64, String>,
    /// Id values of every pattern member.
    pub members: BTreeSet<u64>,
    /// Relationship edges between two members, keyed by the id values in ascending order.
    pub ties: BTreeMap<(u64, u64), Vec<TieView>>,
    /// Shipment ids of every bill of lading in the dataset.
    pub bills_of_lading: BTreeSet<String>,
    /// Account id values of account takeover victims (`validate` keeps their events' addresses and
    /// devices: INV-account_takeover asks what was new on the account).
    pub takeover_victims: BTreeSet<u64>,
    /// Per account takeover victim account (id value): when each address and device first appears on
    /// it in the account events of the dataset.
    pub first_seen: BTreeMap<u64, BTreeMap<String, Timestamp>>,
}

impl DatasetFacts {
    pub fn add_account(&mut self, v: &Value) -> Option<()> {
        let id = parse_id(&v["id"])?;
        self.accounts.insert(
            id.value,
            AccountView {
                owner: parse_id(&v["owner_id"])?,
                bank_id: text(&v["bank_id"])?,
                opened_date: parse_date(v["opened_date"].as_str()?)?,
                account_type: AccountType::from_label(v["account_type"].as_str()?)?,
                credit_limit_minor: parse_units(
                    &v["credit_limit"],
                    places(v["currency"].as_str()?)?,
                ),
                currency: text(&v["currency"])?,
            },
        );
        Some(())
    }

    pub fn add_company(&mut self, v: &Value) -> Option<()> {
        let id = parse_id(&v["id"])?;
        let country = text(&v["registration_country"])?;
        let in_haven = crate::refdata::country_by_code(&country)
            .is_some_and(|c| crate::refdata::country(c).tax_haven);
        if let Some(ticker) = text(&v["stock_ticker"]) {
            self.tickers.insert(id.value, ticker);
        }
        self.companies.insert(
            id.value,
            CompanyView {
                is_shell: v["is_shell_company"].as_bool()?,
                country,
                in_haven,
            },
        );
        Some(())
    }

    /// Records a pattern member's id (edges between members are kept by [`DatasetFacts::add_tie`]).
    pub fn add_member(&mut self, v: &Value) -> Option<()> {
        self.members.insert(parse_id(&v["entity_id"])?.value);
        Some(())
    }

    /// Keeps a relationship edge when both ends are pattern members.
    pub fn add_tie(&mut self, v: &Value) -> Option<()> {
        let (a, b) = (
            parse_id(&v["from_entity_id"])?.value,
            parse_id(&v["to_entity_id"])?.value,
        );
        if self.members.contains(&a) && self.members.contains(&b) {
            let tie = tie_view(v)?;
            self.ties.entry((a.min(b), a.max(b))).or_default().push(tie);
        }
        Some(())
    }

    pub fn add_person(&mut self, v: &Value) -> Option<()> {
        let id = parse_id(&v["id"])?;
        let a = &v["addresses"][0];
        let part = |k: &str| a[k].as_str().unwrap_or("").to_string();
        self.persons.insert(
            id.value,
            PersonView {
                primary_address: format!(
                    "{}|{}|{}|{}",
                    part("street"),
                    part("city"),
                    part("postal_code"),
                    part("country_code")
                ),
                phone_numbers: v["phone_numbers"]
                    .as_array()?
                    .iter()
                    .filter_map(|p| text(&p["number"]))
                    .collect(),
                is_pep: v["is_pep"].as_bool()?,
            },
        );
        Some(())
    }
}

impl Facts for DatasetFacts {
    fn account(&self, id: RecordId) -> Option<AccountView> {
        self.accounts.get(&id.value).cloned()
    }
    fn person(&self, id: RecordId) -> Option<PersonView> {
        self.persons.get(&id.value).cloned()
    }
    fn company(&self, id: RecordId) -> Option<CompanyView> {
        self.companies.get(&id.value).cloned()
    }
    fn ubo_threshold(&self) -> u64 {
        self.ubo_threshold
    }
    fn ties(&self, a: RecordId, b: RecordId) -> Vec<TieView> {
        let key = (a.value.min(b.value), a.value.max(b.value));
        self.ties.get(&key).cloned().unwrap_or_default()
    }
    fn ticker(&self, company: RecordId) -> Option<String> {
        self.tickers.get(&company.value).cloned()
    }
    fn bill_of_lading_exists(&self, shipment_id: &str) -> bool {
        self.bills_of_lading.contains(shipment_id)
    }
    fn seen_before(&self, account: RecordId, ip_or_device: &str, before: Timestamp) -> bool {
        self.first_seen
            .get(&account.value)
            .and_then(|seen| seen.get(ip_or_device))
            .is_some_and(|&first| first < before)
    }
    fn window_start(&self) -> Timestamp {
        self.window_start
    }
    fn structuring_margin_bp(&self) -> u32 {
        self.margin_bp
    }
}
