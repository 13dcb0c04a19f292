//! Expected record shapes for the checks, taken from the one field walk that also gives `bankgen schema`
//! ([`crate::model::walk::fields_of`], walking `Default::default()` of each record type): every key in
//! order, its JSON type, whether it is nullable, and the closed vocabularies the walk declares (enum
//! labels and fixed lists). Open sets the walk leaves as plain strings (country and currency codes,
//! typologies, member roles, alert rules, owner types) get a lookup test from one table per entity.

use crate::core::error::Result;
use crate::core::ids::Namespace;
use crate::model::common::EntityType;
use crate::model::record::{Fields, Record};
use crate::run::tables::FileKind;
use crate::run::tables::{Table, TableVisitor, each_table};
use crate::validate::json::same;
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

/// The values a string field (or each label of a list) may take.
#[derive(Clone, Copy, Debug)]
pub enum Values {
    /// A closed vocabulary, as the field walk declares it.
    Set(&'static [&'static str]),
    /// An open set, tested by a lookup: (what it is, test).
    Check(&'static str, EnumCheck),
}

impl Values {
    #[inline]
    pub fn admits(&self, s: &str) -> bool {
        match self {
            Values::Set(set) => set.iter().any(|v| same(v.as_bytes(), s.as_bytes())),
            Values::Check(_, check) => check(s),
        }
    }

    /// What the set is, for a finding.
    pub fn describe(&self) -> String {
        match self {
            Values::Set(set) => format!("one of {}", set.join("|")),
            Values::Check(what, _) => format!("a valid {what}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
    /// Values of a string (or label list) field must be in this set.
    pub values: Option<Values>,
}

/// The fields of a record or sub-record, in key order.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub fields: Vec<Field>,
}

impl Schema {
    pub fn of<T: Fields>() -> Schema {
        Schema::from_walk(crate::model::walk::fields_of::<T>())
    }

    /// The check-side shape of the `schema` command's fields.
    fn from_walk(walk: Vec<crate::model::walk::Field>) -> Schema {
        use crate::model::walk::Kind as W;
        let fields = walk
            .into_iter()
            .map(|f| {
                let (kind, values) = match f.kind {
                    W::Id(_) => (Kind::Id, None),
                    W::Str(set) => (Kind::Str, set.map(Values::Set)),
                    // Records have neither (they describe the manifest); keep them as text.
                    W::Pattern(_) | W::Map(_) => (Kind::Str, None),
                    W::Int => (Kind::Int, None),
                    W::Bool => (Kind::Bool, None),
                    W::Decimal => (Kind::Decimal, None),
                    W::Timestamp => (Kind::Timestamp, None),
                    W::Date => (Kind::Date, None),
                    W::Labels(set) => (Kind::Labels, set.map(Values::Set)),
                    W::Ids { column, .. } => (Kind::Ids { column }, None),
                    W::Object(inner) => (Kind::Object(Schema::from_walk(inner)), None),
                    W::Objects(inner) => (Kind::Objects(Schema::from_walk(inner)), None),
                };
                Field {
                    name: f.name,
                    kind,
                    nullable: f.nullable,
                    values,
                }
            })
            .collect();
        Schema { fields }
    }

    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Attaches a value set to `path` (`field` or `parent.field` through objects): an open set the walk
    /// leaves as plain text, or a narrower one than the walk's vocabulary where a file allows fewer values
    /// (owners are persons or companies, messages are between persons).
    fn set_values(&mut self, path: &str, values: Values) {
        let (head, rest) = match path.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (path, None),
        };
        let Some(f) = self.fields.iter_mut().find(|f| f.name == head) else {
            panic!("schema has no field {path}");
        };
        match (rest, &mut f.kind) {
            (None, _) => f.values = Some(values),
            (Some(r), Kind::Object(s) | Kind::Objects(s)) => s.set_values(r, values),
            (Some(_), _) => panic!("{head} is not an object"),
        }
    }
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
    crate::generators::alert::TRANSACTION_RULES.contains(&s)
}

fn annotate(e: &mut Entity, table: &[(&str, (&'static str, EnumCheck))]) {
    for (path, (what, check)) in table {
        e.schema.set_values(path, Values::Check(what, *check));
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
    struct Describe(Vec<Entity>);
    impl TableVisitor for Describe {
        fn visit<T: Table>(&mut self) -> Result<()> {
            let mut e = Entity::new::<T::Record>(T::NAMESPACE, T::KIND, T::TIME_FIELD);
            let checks = value_checks(e.stem);
            annotate(&mut e, &checks);
            self.0.push(e);
            Ok(())
        }
    }
    let mut all = Describe(Vec::new());
    each_table(&mut all).expect("describing cannot fail");
    all.0
}

/// The value sets a file's fields are held to beyond what the field walk declares.
fn value_checks(stem: &str) -> Vec<(&'static str, (&'static str, EnumCheck))> {
    let cc = ("country code", country as EnumCheck);
    let ccy = ("currency code", currency as EnumCheck);
    let owner = ("owner type", owner_type as EnumCheck);
    let typology = ("typology", typology as EnumCheck);
    match stem {
        "persons" => vec![
            ("nationality", cc),
            ("citizenship", cc),
            ("currency", ccy),
            ("addresses.country_code", cc),
            ("phone_numbers.country_code", cc),
            ("identification_documents.issuing_country", cc),
            ("employment_history.currency", ccy),
        ],
        "companies" => vec![
            ("registration_country", cc),
            ("currency", ccy),
            ("addresses.country_code", cc),
            ("operating_countries", cc),
            ("tax_havens", cc),
        ],
        "accounts" => vec![("currency", ccy), ("owner_type", owner)],
        "transactions" => vec![
            ("currency", ccy),
            ("currency_local", ccy),
            ("fee_currency", ccy),
            ("originating_country", cc),
            ("destination_country", cc),
            (
                "alert_reasons",
                ("alert reason", transaction_alert as EnumCheck),
            ),
            ("pattern_type", typology),
        ],
        "communications" => vec![
            ("sender_type", ("entity type", person_only as EnumCheck)),
            ("recipient_types", ("entity type", person_only as EnumCheck)),
        ],
        "trades" => vec![("currency", ccy)],
        "travels" => vec![("departure_country", cc), ("arrival_country", cc)],
        "documents" => vec![
            ("currency", ccy),
            ("origin_country", cc),
            ("destination_country", cc),
        ],
        "relationships" => vec![("from_entity_type", owner), ("to_entity_type", owner)],
        "patterns" => vec![("typology", typology)],
        "pattern_members" => vec![("role", ("member role", role as EnumCheck))],
        _ => Vec::new(),
    }
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
        assert_eq!(stems, crate::run::tables::names());
        let tx = entity("transactions").unwrap();
        assert_eq!(tx.schema.fields[0].name, "id");
        let posting = tx.schema.field("posting_date").unwrap();
        assert!(posting.nullable && matches!(posting.kind, Kind::Timestamp));
        assert!(!tx.schema.field("amount").unwrap().nullable);
        assert!(tx.schema.field("status").unwrap().values.is_some());
    }

    /// Every enum field gets its vocabulary from the field walk (the validator once kept its own table
    /// of these; this pins that the walk still declares each of them).
    #[test]
    fn the_field_walk_declares_every_enum_vocabulary() {
        use crate::model::record::Label;
        use crate::model::{
            account::*, account_event::*, common::*, communication::*, company::*, document::*,
            pattern::*, person::*, relationship::*, trade::*, transaction::*, travel::*,
        };
        fn labels<L: Label>() -> &'static [&'static str] {
            L::LABELS
        }
        let expected: &[(&str, &str, &[&str])] = &[
            ("persons", "gender", labels::<Gender>()),
            ("persons", "addresses.address_type", labels::<AddressType>()),
            ("persons", "phone_numbers.phone_type", labels::<PhoneType>()),
            (
                "persons",
                "email_addresses.email_type",
                labels::<EmailType>(),
            ),
            (
                "persons",
                "identification_documents.doc_type",
                labels::<DocType>(),
            ),
            (
                "persons",
                "employment_history.industry",
                labels::<Industry>(),
            ),
            ("persons", "risk_level", labels::<RiskLevel>()),
            ("persons", "pep_details.category", labels::<PepCategory>()),
            ("persons", "sanction_lists", labels::<SanctionList>()),
            ("persons", "education_level", labels::<EducationLevel>()),
            ("persons", "marital_status", labels::<MaritalStatus>()),
            ("companies", "company_type", labels::<CompanyType>()),
            ("companies", "industry", labels::<Industry>()),
            ("companies", "addresses.office_type", labels::<OfficeType>()),
            ("companies", "officers.role", labels::<OfficerRole>()),
            ("companies", "stock_exchange", labels::<StockExchange>()),
            ("companies", "risk_level", labels::<RiskLevel>()),
            ("companies", "sanction_lists", labels::<SanctionList>()),
            ("accounts", "account_type", labels::<AccountType>()),
            ("accounts", "status", labels::<AccountStatus>()),
            ("accounts", "risk_level", labels::<RiskLevel>()),
            (
                "accounts",
                "monitoring_reason",
                labels::<MonitoringReason>(),
            ),
            (
                "transactions",
                "transaction_type",
                labels::<TransactionType>(),
            ),
            (
                "transactions",
                "merchant_category",
                labels::<MerchantCategory>(),
            ),
            ("transactions", "status", labels::<TransactionStatus>()),
            (
                "communications",
                "communication_type",
                labels::<CommunicationType>(),
            ),
            ("communications", "platform", labels::<Platform>()),
            ("communications", "device_type", labels::<DeviceType>()),
            ("trades", "asset_type", labels::<AssetType>()),
            ("trades", "exchange", labels::<StockExchange>()),
            ("trades", "side", labels::<TradeSide>()),
            ("trades", "order_type", labels::<OrderType>()),
            ("trades", "execution_venue", labels::<ExecutionVenue>()),
            ("travels", "purpose", labels::<TravelPurpose>()),
            ("travels", "transport_mode", labels::<TransportMode>()),
            ("documents", "document_type", labels::<DocumentType>()),
            ("documents", "payment_terms", labels::<PaymentTerms>()),
            ("documents", "incoterms", labels::<Incoterms>()),
            ("documents", "shipping_method", labels::<ShippingMethod>()),
            ("account_events", "event_type", labels::<AccountEventType>()),
            ("account_events", "channel", labels::<EventChannel>()),
            (
                "relationships",
                "relationship_type",
                labels::<RelationshipType>(),
            ),
            ("relationships", "context", labels::<RelationshipContext>()),
            ("relationships", "role", labels::<OfficerRole>()),
            ("relationships", "risk_factors", labels::<RiskFactor>()),
            ("patterns", "risk_level", labels::<RiskLevel>()),
            ("patterns", "detection_method", labels::<DetectionMethod>()),
            (
                "pattern_members",
                "entity_type",
                labels::<MemberEntityType>(),
            ),
        ];
        for (stem, path, want) in expected {
            let mut schema = &entity(stem).unwrap().schema;
            let mut parts = path.split('.').peekable();
            let field = loop {
                let f = schema.field(parts.next().unwrap()).unwrap();
                if parts.peek().is_none() {
                    break f;
                }
                schema = match &f.kind {
                    Kind::Object(s) | Kind::Objects(s) => s,
                    _ => panic!("{stem}.{path}"),
                };
            };
            match field.values {
                Some(Values::Set(set)) => assert_eq!(set, *want, "{stem}.{path}"),
                other => panic!("{stem}.{path}: {other:?}"),
            }
        }
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
