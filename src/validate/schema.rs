//! Expected record shapes, derived from the record types' own field walks ([`crate::record::Fields`])
//! rather than hand-written lists: walking `Default::default()` of a record gives every key in order,
//! its JSON type, and whether it is nullable (an `Option` field reports `None`). Enum value sets, which
//! the walk cannot see (enums are written as strings), are attached from one table per entity.

use crate::ids::{Namespace, RecordId};
use crate::model::{
    account::{Account, AccountStatus, AccountType, MonitoringReason},
    account_event::{AccountEvent, AccountEventType, EventChannel},
    common::{EntityType, Gender, Industry, RiskLevel, SanctionList},
    communication::{Communication, CommunicationType, DeviceType, Platform},
    company::{Company, CompanyType, OfficeType, OfficerRole, StockExchange},
    document::{Document, DocumentType, Incoterms, PaymentTerms, ShippingMethod},
    pattern::{DetectionMethod, MemberEntityType, Pattern, PatternMember},
    person::{
        AddressType, DocType, EducationLevel, EmailType, MaritalStatus, PepCategory, Person,
        PhoneType,
    },
    relationship::{Relationship, RelationshipContext, RelationshipType, RiskFactor},
    trade::{AssetType, ExecutionVenue, OrderType, Trade, TradeSide},
    transaction::{MerchantCategory, Transaction, TransactionStatus, TransactionType},
    travel::{TransportMode, Travel, TravelPurpose},
};
use crate::record::{Decimal, FieldWriter, Fields, Record};
use crate::time::{Date, Timestamp};
use std::sync::OnceLock;

/// A value-set membership test.
pub type EnumCheck = fn(&str) -> bool;

/// The JSON shape of one field.
#[derive(Clone, Debug)]
pub enum Kind {
    Id,
    Str,
    Int,
    Bool,
    Decimal,
    Timestamp,
    Date,
    /// A list of plain labels.
    Labels,
    /// A list of ids; in CSV a child table with one value column.
    Ids {
        column: &'static str,
    },
    /// A nested single object; in CSV prefixed columns.
    Object(Schema),
    /// A list of objects; in CSV a child table.
    Objects(Schema),
}

impl Kind {
    pub fn json_type(&self) -> &'static str {
        match self {
            Kind::Id | Kind::Str | Kind::Timestamp | Kind::Date => "string",
            Kind::Int => "integer",
            Kind::Bool => "boolean",
            Kind::Decimal => "number",
            Kind::Labels | Kind::Ids { .. } => "array of strings",
            Kind::Object(_) => "object",
            Kind::Objects(_) => "array of objects",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// Values of a string (or label list) field must pass this.
    pub values: Option<(&'static str, EnumCheck)>,
}

/// The fields of a record or sub-record, in key order.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub fields: Vec<Field>,
}

impl Schema {
    pub fn of<T: Fields>() -> Schema {
        let mut w = Walker(Schema::default());
        T::default().write_fields(&mut w);
        w.0
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Attaches a value set to `path` (`field` or `parent.field` through objects).
    fn set_values(&mut self, path: &str, what: &'static str, check: EnumCheck) {
        let (head, rest) = match path.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (path, None),
        };
        let Some(f) = self.fields.iter_mut().find(|f| f.name == head) else {
            panic!("schema has no field {path}");
        };
        match (rest, &mut f.kind) {
            (None, _) => f.values = Some((what, check)),
            (Some(r), Kind::Object(s) | Kind::Objects(s)) => s.set_values(r, what, check),
            (Some(_), _) => panic!("{head} is not an object"),
        }
    }
}

struct Walker(Schema);

impl Walker {
    fn push(&mut self, name: &'static str, kind: Kind, nullable: bool) {
        self.0.fields.push(Field {
            name,
            kind,
            nullable,
            values: None,
        });
    }
}

impl FieldWriter for Walker {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        self.push(name, Kind::Id, value.is_none());
    }
    fn str(&mut self, name: &'static str, value: Option<&str>) {
        self.push(name, Kind::Str, value.is_none());
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        self.push(name, Kind::Int, value.is_none());
    }
    fn bool(&mut self, name: &'static str, _: bool) {
        self.push(name, Kind::Bool, false);
    }
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        self.push(name, Kind::Decimal, value.is_none());
    }
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        self.push(name, Kind::Timestamp, value.is_none());
    }
    fn date(&mut self, name: &'static str, value: Option<Date>) {
        self.push(name, Kind::Date, value.is_none());
    }
    fn labels(&mut self, name: &'static str, _: &[&str]) {
        self.push(name, Kind::Labels, false);
    }
    fn ids(&mut self, name: &'static str, column: &'static str, _: &[RecordId]) {
        self.push(name, Kind::Ids { column }, false);
    }
    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>) {
        self.push(name, Kind::Object(Schema::of::<T>()), value.is_none());
    }
    fn objects<T: Fields>(&mut self, name: &'static str, _: &[T]) {
        self.push(name, Kind::Objects(Schema::of::<T>()), false);
    }
}

/// How a file's rows map to ids (SPEC §4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// One record per row index (persons, companies, accounts, patterns).
    Rows,
    /// Slice-ordered events with a timestamp order key.
    Events,
    /// Edges owned by units: index `(unit << 8) | k`.
    Relationships,
    /// No id of their own (pattern_members).
    Members,
}

/// One entity file of SPEC §11.
#[derive(Debug)]
pub struct Entity {
    pub stem: &'static str,
    pub singular: &'static str,
    pub ns: Option<Namespace>,
    pub kind: FileKind,
    /// The order key of event files.
    pub time_field: Option<&'static str>,
    pub schema: Schema,
    /// CSV: the main table's header line and each child table's (stem, header line), as the encoder
    /// writes them.
    pub csv_tables: Vec<(String, Vec<u8>)>,
}

impl Entity {
    fn new<R: Record>(ns: Option<Namespace>, kind: FileKind, time: Option<&'static str>) -> Entity {
        Entity {
            stem: R::FILE,
            singular: R::SINGULAR,
            ns,
            kind,
            time_field: time,
            schema: Schema::of::<R>(),
            csv_tables: crate::encode::csv::table_headers::<R>(),
        }
    }
}

fn country(code: &str) -> bool {
    crate::refdata::country_by_code(code).is_some()
}
fn currency(code: &str) -> bool {
    crate::refdata::currency_by_code(code).is_some()
}
fn person_only(s: &str) -> bool {
    s == "person"
}
fn owner_type(s: &str) -> bool {
    matches!(
        EntityType::from_label(s),
        Some(EntityType::Person | EntityType::Company)
    )
}
fn typology(s: &str) -> bool {
    crate::patterns::Family::from_label(s).is_some()
}
fn role(s: &str) -> bool {
    crate::patterns::Role::from_label(s).is_some()
}
fn transaction_alert(s: &str) -> bool {
    crate::alert::TRANSACTION_RULES.contains(&s)
}

macro_rules! set {
    ($e:ident) => {
        (stringify!($e), |s: &str| $e::from_label(s).is_some())
    };
}

fn annotate(e: &mut Entity, table: &[(&str, (&'static str, EnumCheck))]) {
    for (path, (what, check)) in table {
        e.schema.set_values(path, what, *check);
    }
}

/// Every entity file, in file order (SPEC §11).
pub fn entities() -> &'static [Entity] {
    static ALL: OnceLock<Vec<Entity>> = OnceLock::new();
    ALL.get_or_init(build)
}

/// The entity of a file stem (main tables only).
pub fn entity(stem: &str) -> Option<&'static Entity> {
    entities().iter().find(|e| e.stem == stem)
}

fn build() -> Vec<Entity> {
    use FileKind::*;
    let cc = ("country code", country as EnumCheck);
    let ccy = ("currency code", currency as EnumCheck);
    let mut person = Entity::new::<Person>(Some(Namespace::Person), Rows, None);
    annotate(
        &mut person,
        &[
            ("gender", set!(Gender)),
            ("nationality", cc),
            ("citizenship", cc),
            ("currency", ccy),
            ("addresses.country_code", cc),
            ("addresses.address_type", set!(AddressType)),
            ("phone_numbers.country_code", cc),
            ("phone_numbers.phone_type", set!(PhoneType)),
            ("email_addresses.email_type", set!(EmailType)),
            ("identification_documents.doc_type", set!(DocType)),
            ("identification_documents.issuing_country", cc),
            ("employment_history.industry", set!(Industry)),
            ("employment_history.currency", ccy),
            ("risk_level", set!(RiskLevel)),
            ("pep_details.category", set!(PepCategory)),
            ("sanction_lists", set!(SanctionList)),
            ("education_level", set!(EducationLevel)),
            ("marital_status", set!(MaritalStatus)),
        ],
    );
    let mut company = Entity::new::<Company>(Some(Namespace::Company), Rows, None);
    annotate(
        &mut company,
        &[
            ("company_type", set!(CompanyType)),
            ("industry", set!(Industry)),
            ("registration_country", cc),
            ("currency", ccy),
            ("addresses.country_code", cc),
            ("addresses.office_type", set!(OfficeType)),
            ("officers.role", set!(OfficerRole)),
            ("stock_exchange", set!(StockExchange)),
            ("risk_level", set!(RiskLevel)),
            ("sanction_lists", set!(SanctionList)),
            ("operating_countries", cc),
            ("tax_havens", cc),
        ],
    );
    let mut account = Entity::new::<Account>(Some(Namespace::Account), Rows, None);
    annotate(
        &mut account,
        &[
            ("account_type", set!(AccountType)),
            ("currency", ccy),
            ("owner_type", ("owner type", owner_type as EnumCheck)),
            ("status", set!(AccountStatus)),
            ("risk_level", set!(RiskLevel)),
            ("monitoring_reason", set!(MonitoringReason)),
        ],
    );
    let mut transaction = Entity::new::<Transaction>(
        Some(Namespace::Transaction),
        Events,
        Some("transaction_date"),
    );
    annotate(
        &mut transaction,
        &[
            ("transaction_type", set!(TransactionType)),
            ("currency", ccy),
            ("currency_local", ccy),
            ("fee_currency", ccy),
            ("originating_country", cc),
            ("destination_country", cc),
            ("merchant_category", set!(MerchantCategory)),
            ("status", set!(TransactionStatus)),
            (
                "alert_reasons",
                ("alert reason", transaction_alert as EnumCheck),
            ),
            ("pattern_type", ("typology", typology as EnumCheck)),
        ],
    );
    let mut communication =
        Entity::new::<Communication>(Some(Namespace::Communication), Events, Some("timestamp"));
    annotate(
        &mut communication,
        &[
            ("communication_type", set!(CommunicationType)),
            ("sender_type", ("entity type", person_only as EnumCheck)),
            ("recipient_types", ("entity type", person_only as EnumCheck)),
            ("platform", set!(Platform)),
            ("device_type", set!(DeviceType)),
        ],
    );
    let mut trade = Entity::new::<Trade>(Some(Namespace::Trade), Events, Some("trade_date"));
    annotate(
        &mut trade,
        &[
            ("asset_type", set!(AssetType)),
            ("exchange", set!(StockExchange)),
            ("side", set!(TradeSide)),
            ("order_type", set!(OrderType)),
            ("currency", ccy),
            ("execution_venue", set!(ExecutionVenue)),
        ],
    );
    let mut travel = Entity::new::<Travel>(Some(Namespace::Travel), Events, Some("departure_date"));
    annotate(
        &mut travel,
        &[
            ("departure_country", cc),
            ("arrival_country", cc),
            ("purpose", set!(TravelPurpose)),
            ("transport_mode", set!(TransportMode)),
        ],
    );
    let mut document =
        Entity::new::<Document>(Some(Namespace::Document), Events, Some("issue_date"));
    annotate(
        &mut document,
        &[
            ("document_type", set!(DocumentType)),
            ("currency", ccy),
            ("payment_terms", set!(PaymentTerms)),
            ("incoterms", set!(Incoterms)),
            ("shipping_method", set!(ShippingMethod)),
            ("origin_country", cc),
            ("destination_country", cc),
        ],
    );
    let mut account_event =
        Entity::new::<AccountEvent>(Some(Namespace::AccountEvent), Events, Some("timestamp"));
    annotate(
        &mut account_event,
        &[
            ("event_type", set!(AccountEventType)),
            ("channel", set!(EventChannel)),
        ],
    );
    let mut relationship =
        Entity::new::<Relationship>(Some(Namespace::Relationship), Relationships, None);
    annotate(
        &mut relationship,
        &[
            ("from_entity_type", ("owner type", owner_type as EnumCheck)),
            ("to_entity_type", ("owner type", owner_type as EnumCheck)),
            ("relationship_type", set!(RelationshipType)),
            ("context", set!(RelationshipContext)),
            ("role", set!(OfficerRole)),
            ("risk_factors", set!(RiskFactor)),
        ],
    );
    let mut pattern = Entity::new::<Pattern>(Some(Namespace::Pattern), Rows, None);
    annotate(
        &mut pattern,
        &[
            ("typology", ("typology", typology as EnumCheck)),
            ("risk_level", set!(RiskLevel)),
            ("detection_method", set!(DetectionMethod)),
        ],
    );
    let mut member = Entity::new::<PatternMember>(None, Members, None);
    annotate(
        &mut member,
        &[
            ("entity_type", set!(MemberEntityType)),
            ("role", ("member role", role as EnumCheck)),
        ],
    );
    vec![
        person,
        company,
        account,
        transaction,
        communication,
        trade,
        travel,
        document,
        account_event,
        relationship,
        pattern,
        member,
    ]
}

/// CSV columns of a schema's main table (nested objects flattened with `name_` prefixes; list fields
/// excluded).
pub fn flat_columns(schema: &Schema, prefix: &str, out: &mut Vec<String>) {
    for f in &schema.fields {
        match &f.kind {
            Kind::Object(inner) => flat_columns(inner, &format!("{prefix}{}_", f.name), out),
            Kind::Ids { .. } | Kind::Objects(_) => {}
            _ => out.push(format!("{prefix}{}", f.name)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entity_file_is_described_in_file_order() {
        let stems: Vec<&str> = entities().iter().map(|e| e.stem).collect();
        assert_eq!(stems, crate::entities::KNOWN);
        let tx = entity("transactions").unwrap();
        assert_eq!(tx.schema.fields[0].name, "id");
        let posting = tx.schema.field("posting_date").unwrap();
        assert!(posting.nullable && matches!(posting.kind, Kind::Timestamp));
        assert!(!tx.schema.field("amount").unwrap().nullable);
        assert!(tx.schema.field("status").unwrap().values.is_some());
    }

    #[test]
    fn flattened_columns_match_the_encoder_headers() {
        for e in entities() {
            let mut cols = Vec::new();
            flat_columns(&e.schema, "", &mut cols);
            let header = String::from_utf8(e.csv_tables[0].1.clone()).unwrap();
            assert_eq!(
                header.trim_end().split(',').collect::<Vec<_>>(),
                cols,
                "{}",
                e.stem
            );
        }
    }
}
