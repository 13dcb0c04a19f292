//! `bankgen schema` (SPEC §2.9): JSON Schema (draft 2020-12) of every record bankgen writes, and the CSV
//! header and column types of each entity's tables.
//!
//! # Where the schemas come from
//!
//! A record's schema is produced by walking a `Default` instance of its Rust type through
//! `Fields::write_fields`, the very walk the JSON, JSONL and CSV encoders use, with a `FieldWriter`
//! ([`Collector`], in `crate::model::walk`) that records each call instead of encoding it:
//!
//! * keys and their order are the walk's calls, so derived fields (`is_flagged`, `is_laundering`,
//!   `has_attachments`, `cash_declaration`, …) are present and internal fields (`tie`) are absent
//!   exactly as in the output; inline sub-structs (`PostalAddress`) flatten as they are written;
//! * JSON types follow the writer method: `id` and `str` are strings, `int` an integer, `decimal` a
//!   number (money and scores print with exactly their decimals, never an exponent), `bool` a boolean,
//!   `timestamp` an RFC 3339 UTC string with `Z`, `date` `YYYY-MM-DD`, `labels` an array of strings,
//!   `ids` an array of id strings, `object` a nested object and `objects` an array of objects;
//! * a field is nullable when the `Default` instance reports it as `None`: every `Option` field of the
//!   model defaults to `None`, and fields the walk writes as `Some(..)` unconditionally are never null.
//!   Lists are never null (`[]` when empty);
//! * value sets come from the typed forms of the writer calls (`FieldWriter::label`,
//!   `FieldWriter::label_list`, `FieldWriter::str_in`, `FieldWriter::labels_in`): enum labels
//!   (`label_enum!` `LABELS`) and closed vocabularies (typologies, roles, indicators, alert rules,
//!   languages) become `enum`; `FieldWriter::id_in` and `FieldWriter::ids_in` carry the id
//!   namespaces, which become patterns such as `^PER-[0-9a-f]{16}$`. The encoders keep the default
//!   methods, which forward to the untyped calls, so output bytes do not change. Open vocabularies
//!   (country and currency codes, job titles, keyword and indicator lists of the event generators,
//!   pattern subtypes) stay plain strings;
//! * every object has `additionalProperties: false` and lists all its keys, in write order, in
//!   `required`.
//!
//! # Why not schemars
//!
//! SPEC §2.9/§14 ask for schemars derives on the record types. The record structs' Rust shape differs
//! from what is written: derived fields exist only in the walk, `tie` is never written, [`RecordId`],
//! `Timestamp`, `Date` and [`Decimal`] are integers in Rust but strings or fixed-decimal numbers in the
//! output, enums and `&'static str` vocabularies print as labels, and `PostalAddress` is flattened into
//! its parent. A derive would need a `skip`/`with`/`extend` attribute on most fields, a second,
//! hand-maintained description of the output that can drift from the hand-written walk. Walking the
//! encoders' own field walk keeps the schema in sync by construction, so schemars is not a dependency.
//!
//! # Non-record entities
//!
//! `manifest` is serialised with serde from [`crate::output::manifest::Manifest`]; its schema is written out here
//! ([`manifest_fields`]) and checked against real manifests by `tests/schema.rs`. Its `config` member is
//! an object whose shape belongs to [`crate::config`] (being extended separately) and is not constrained.
//! `stream_envelope` walks [`StreamEnvelope`] and adds `payload`, the streamed record's own schema
//! selected by `entity_type` (patterns carry their `members`). `validate_report` is the report of
//! `validate --json` (SPEC §12 makes its schema part of `schema`), written out in
//! [`validate_report_fields`] and checked against real reports by `tests/schema.rs`.
//!
//! # CSV
//!
//! `schema --csv ENTITY` flattens the same walk with the rules of [`crate::encode::csv`]: nested objects
//! become prefixed columns, label lists a JSON-text cell, lists of ids or objects child tables
//! `{entity}_{field}` keyed by `{entity}_id` and `ordinal`. Each table prints as `# {table}.csv`, its
//! header row and a row of column types (`id(PER)`, `string`, `enum(a|b)`, `integer`, `decimal`,
//! `boolean`, `timestamp`, `date`, `labels`, `labels(a|b)`; `?` marks a column that may be empty for
//! null), tables separated by a blank line.

use crate::core::error::{Error, Result};
use crate::core::ids::Namespace;
use crate::model::account::Account;
use crate::model::account_event::AccountEvent;
use crate::model::communication::Communication;
use crate::model::company::Company;
use crate::model::document::Document;
use crate::model::pattern::{Pattern, PatternMember};
use crate::model::person::Person;
use crate::model::record::Record;
use crate::model::relationship::Relationship;
use crate::model::stream::StreamEnvelope;
use crate::model::trade::Trade;
use crate::model::transaction::Transaction;
use crate::model::travel::Travel;
pub use crate::model::walk::{Collector, Field, Kind, fields_of};

/// Entity names accepted by `bankgen schema`, in output order.
pub const ENTITIES: [&str; 15] = [
    "person",
    "company",
    "account",
    "transaction",
    "communication",
    "trade",
    "travel",
    "document",
    "account_event",
    "relationship",
    "pattern",
    "pattern_member",
    "manifest",
    "stream_envelope",
    "validate_report",
];

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";
const TIMESTAMP_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// A JSON value whose objects keep their key order (serde_json's map would sort them).
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Str(t) => s.serialize_str(t),
            Json::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Json::Obj(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl Json {
    /// Pretty JSON with a trailing newline (the manifest's layout).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }
}

fn s(text: &str) -> Json {
    Json::Str(text.to_string())
}

fn obj(entries: Vec<(&str, Json)>) -> Json {
    Json::Obj(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

/// `^(PER|ORG)-[0-9a-f]{16}$`; any three-letter prefix for an empty set.
pub fn id_pattern(ns: &[Namespace]) -> String {
    let prefixes: Vec<&str> = ns.iter().map(|n| n.prefix()).collect();
    match prefixes.len() {
        0 => "^[A-Z]{3}-[0-9a-f]{16}$".to_string(),
        1 => format!("^{}-[0-9a-f]{{16}}$", prefixes[0]),
        _ => format!("^({})-[0-9a-f]{{16}}$", prefixes.join("|")),
    }
}

fn string_schema(
    pattern: Option<String>,
    format: Option<&str>,
    set: Option<&[&str]>,
) -> Vec<(&'static str, Json)> {
    let mut out = vec![("type", s("string"))];
    if let Some(f) = format {
        out.push(("format", s(f)));
    }
    if let Some(p) = pattern {
        out.push(("pattern", Json::Str(p)));
    }
    if let Some(set) = set {
        out.push(("enum", Json::Arr(set.iter().map(|v| s(v)).collect())));
    }
    out
}

/// The JSON Schema of an object with these fields (all required, nothing else allowed).
pub fn object_schema(fields: &[Field], nullable: bool) -> Vec<(&'static str, Json)> {
    let properties = fields
        .iter()
        .map(|f| (f.name.to_string(), field_schema(&f.kind, f.nullable)))
        .collect();
    let required = fields.iter().map(|f| s(f.name)).collect();
    vec![
        ("type", nullable_type("object", nullable)),
        ("properties", Json::Obj(properties)),
        ("required", Json::Arr(required)),
        ("additionalProperties", Json::Bool(false)),
    ]
}

fn nullable_type(name: &str, nullable: bool) -> Json {
    if nullable {
        Json::Arr(vec![s(name), s("null")])
    } else {
        s(name)
    }
}

/// The JSON Schema of one field.
pub fn field_schema(kind: &Kind, nullable: bool) -> Json {
    let mut entries: Vec<(&'static str, Json)> = match kind {
        Kind::Id(ns) => string_schema(Some(id_pattern(ns)), None, None),
        Kind::Str(set) => string_schema(None, None, *set),
        Kind::Pattern(p) => string_schema(Some(p.to_string()), None, None),
        Kind::Int => vec![("type", s("integer"))],
        Kind::Bool => vec![("type", s("boolean"))],
        Kind::Decimal => vec![("type", s("number"))],
        Kind::Timestamp => string_schema(Some(TIMESTAMP_PATTERN.into()), Some("date-time"), None),
        Kind::Date => string_schema(Some(DATE_PATTERN.into()), Some("date"), None),
        Kind::Labels(set) => vec![
            ("type", s("array")),
            ("items", obj(string_schema(None, None, *set))),
        ],
        Kind::Ids { ns, .. } => vec![
            ("type", s("array")),
            ("items", field_schema(&Kind::Id(ns), false)),
        ],
        Kind::Object(fields) => object_schema(fields, false),
        Kind::Objects(fields) => vec![
            ("type", s("array")),
            ("items", obj(object_schema(fields, false))),
        ],
        Kind::Map(None) => vec![("type", s("object"))],
        Kind::Map(Some(item)) => vec![
            ("type", s("object")),
            ("additionalProperties", field_schema(item, false)),
        ],
    };
    if nullable {
        for (key, value) in entries.iter_mut() {
            match (*key, value) {
                ("type", v) => {
                    if let Json::Str(t) = v {
                        *v = Json::Arr(vec![Json::Str(t.clone()), s("null")]);
                    }
                }
                ("enum", Json::Arr(values)) => values.push(Json::Null),
                _ => {}
            }
        }
    }
    obj(entries)
}

/// A top-level schema document for an entity.
fn document(entity: &str, description: &str, body: Vec<(&'static str, Json)>, root: bool) -> Json {
    let mut entries = Vec::new();
    if root {
        entries.push(("$schema", s(DRAFT)));
    }
    entries.push(("title", s(entity)));
    entries.push(("description", s(description)));
    entries.extend(body);
    obj(entries)
}

fn record_document<R: Record>(entity: &str, root: bool) -> Json {
    let description = format!(
        "One record of {0}.json / {0}.jsonl, keys in write order (bankgen SPEC §7)",
        R::FILE
    );
    document(
        entity,
        &description,
        object_schema(&fields_of::<R>(), false),
        root,
    )
}

/// The fields of an entity's record, for the entities with a record type.
pub fn record_fields(entity: &str) -> Option<Vec<Field>> {
    Some(match entity {
        "person" => fields_of::<Person>(),
        "company" => fields_of::<Company>(),
        "account" => fields_of::<Account>(),
        "transaction" => fields_of::<Transaction>(),
        "communication" => fields_of::<Communication>(),
        "trade" => fields_of::<Trade>(),
        "travel" => fields_of::<Travel>(),
        "document" => fields_of::<Document>(),
        "account_event" => fields_of::<AccountEvent>(),
        "relationship" => fields_of::<Relationship>(),
        "pattern" => fields_of::<Pattern>(),
        "pattern_member" => fields_of::<PatternMember>(),
        _ => return None,
    })
}

/// (file stem, singular) of an entity with its own output file.
fn record_names(entity: &str) -> Option<(&'static str, &'static str)> {
    fn names<R: Record>() -> Option<(&'static str, &'static str)> {
        Some((R::FILE, R::SINGULAR))
    }
    match entity {
        "person" => names::<Person>(),
        "company" => names::<Company>(),
        "account" => names::<Account>(),
        "transaction" => names::<Transaction>(),
        "communication" => names::<Communication>(),
        "trade" => names::<Trade>(),
        "travel" => names::<Travel>(),
        "document" => names::<Document>(),
        "account_event" => names::<AccountEvent>(),
        "relationship" => names::<Relationship>(),
        "pattern" => names::<Pattern>(),
        "pattern_member" => names::<PatternMember>(),
        _ => None,
    }
}

/// The JSON Schema of one entity (`root`: with `$schema`, as a standalone document).
pub fn entity_schema(entity: &str, root: bool) -> Option<Json> {
    Some(match entity {
        "person" => record_document::<Person>(entity, root),
        "company" => record_document::<Company>(entity, root),
        "account" => record_document::<Account>(entity, root),
        "transaction" => record_document::<Transaction>(entity, root),
        "communication" => record_document::<Communication>(entity, root),
        "trade" => record_document::<Trade>(entity, root),
        "travel" => record_document::<Travel>(entity, root),
        "document" => record_document::<Document>(entity, root),
        "account_event" => record_document::<AccountEvent>(entity, root),
        "relationship" => record_document::<Relationship>(entity, root),
        "pattern" => record_document::<Pattern>(entity, root),
        "pattern_member" => record_document::<PatternMember>(entity, root),
        "manifest" => document(
            entity,
            "manifest.json (or manifest.part-*.json) of a dataset (bankgen SPEC §11)",
            object_schema(&manifest_fields(), false),
            root,
        ),
        "stream_envelope" => stream_envelope_schema(root),
        "validate_report" => document(
            entity,
            "the report of `bankgen validate --json` (bankgen SPEC §12)",
            object_schema(&validate_report_fields(), false),
            root,
        ),
        _ => return None,
    })
}

/// All entities as one object keyed by entity name, in [`ENTITIES`] order.
pub fn all_schemas() -> Json {
    Json::Obj(
        ENTITIES
            .iter()
            .filter_map(|e| entity_schema(e, true).map(|s| (e.to_string(), s)))
            .collect(),
    )
}

fn field(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: false,
    }
}

fn nullable(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        nullable: true,
    }
}

fn int_map() -> Kind {
    Kind::Map(Some(Box::new(Kind::Int)))
}

/// The manifest's keys in serialisation order ([`crate::output::manifest::Manifest`]).
/// The fields of `validate --json` ([`crate::validate::report::json`]); `tests/schema.rs` checks real
/// reports against it.
pub fn validate_report_fields() -> Vec<Field> {
    const SEVERITIES: &[&str] = &["E", "W"];
    let text = || Kind::Str(None);
    vec![
        field("valid", Kind::Bool),
        nullable("data_format_version", Kind::Int),
        field("errors", Kind::Int),
        field("warnings", Kind::Int),
        field(
            "rules",
            Kind::Objects(vec![
                field("id", Kind::Pattern("^[A-Z]+(-[A-Za-z0-9_]+)*$")),
                field("severity", Kind::Str(Some(SEVERITIES))),
                field("count", Kind::Int),
                field(
                    "examples",
                    Kind::Objects(vec![
                        field("file", text()),
                        field("line", Kind::Int),
                        field("message", text()),
                    ]),
                ),
            ]),
        ),
        field(
            "files",
            Kind::Objects(vec![
                field("name", text()),
                field("records", Kind::Int),
                field("ok", Kind::Bool),
            ]),
        ),
        // Metric name → figure; empty without `--realism`. A metric with no defined value prints null.
        field(
            "realism",
            Kind::Map(Some(Box::new(Kind::Object(vec![
                field("rule", text()),
                nullable("value", Kind::Decimal),
                field("target", text()),
                field("ok", Kind::Bool),
            ])))),
        ),
        field(
            "skipped",
            Kind::Objects(vec![field("rules", text()), field("reason", text())]),
        ),
    ]
}

pub fn manifest_fields() -> Vec<Field> {
    const FORMATS: &[&str] = &["json", "jsonl", "csv"];
    const CHECKSUMS: &[&str] = &["sha256", "none"];
    const SINKS: &[&str] = &["dir", "discard"];
    const TOOL: &[&str] = &["bankgen"];
    vec![
        field("tool", Kind::Str(Some(TOOL))),
        field("tool_version", Kind::Str(None)),
        field("data_format_version", Kind::Int),
        field("seed", Kind::Int),
        field("config", Kind::Map(None)),
        field(
            "window",
            Kind::Object(vec![
                field("start", Kind::Timestamp),
                field("end", Kind::Timestamp),
                field("days", Kind::Int),
                field("as_of", Kind::Timestamp),
                field("as_of_date", Kind::Date),
                nullable("slice_seconds", Kind::Int),
            ]),
        ),
        field(
            "part",
            Kind::Object(vec![field("index", Kind::Int), field("count", Kind::Int)]),
        ),
        field("checksums", Kind::Str(Some(CHECKSUMS))),
        field("sink", Kind::Str(Some(SINKS))),
        field(
            "files",
            Kind::Objects(vec![
                field("name", Kind::Str(None)),
                field("entity", Kind::Str(None)),
                field("format", Kind::Str(Some(FORMATS))),
                field("records", Kind::Int),
                field("bytes", Kind::Int),
                nullable("sha256", Kind::Pattern("^[0-9a-f]{64}$")),
            ]),
        ),
        field("totals", int_map()),
        field(
            "patterns",
            Kind::Object(vec![
                field("instances", int_map()),
                field("subtypes", int_map()),
                field(
                    "skipped",
                    Kind::Objects(vec![
                        field("typology", Kind::Str(None)),
                        field("reason", Kind::Str(None)),
                    ]),
                ),
            ]),
        ),
        field(
            "labels",
            Kind::Object(vec![
                field(
                    "transactions",
                    Kind::Object(vec![
                        field("labelled", Kind::Int),
                        field("total", Kind::Int),
                        field("rate", Kind::Pattern("^[0-9]+\\.[0-9]{6}$")),
                    ]),
                ),
                field("communications", Kind::Int),
                field("trades", Kind::Int),
                field("travels", Kind::Int),
                field("documents", Kind::Int),
                field("account_events", Kind::Int),
                field("relationships", Kind::Int),
            ]),
        ),
    ]
}

/// The envelope walk plus `payload`: the record schema of `entity_type` (patterns with `members`).
fn stream_envelope_schema(root: bool) -> Json {
    use crate::model::record::Label;
    use crate::model::stream::StreamEntityType;
    let mut fields = fields_of::<StreamEnvelope>();
    fields.push(field("payload", Kind::Map(None)));
    let mut body = object_schema(&fields, false);
    let mut defs = Vec::new();
    let mut cases = Vec::new();
    for entity in StreamEntityType::LABELS {
        let mut record = record_fields(entity).unwrap_or_default();
        if *entity == "pattern" {
            record.push(field(
                "members",
                Kind::Objects(fields_of::<PatternMember>()),
            ));
        }
        defs.push((entity.to_string(), obj(object_schema(&record, false))));
        cases.push(obj(vec![
            (
                "if",
                obj(vec![(
                    "properties",
                    obj(vec![("entity_type", obj(vec![("const", s(entity))]))]),
                )]),
            ),
            (
                "then",
                obj(vec![(
                    "properties",
                    obj(vec![(
                        "payload",
                        obj(vec![("$ref", Json::Str(format!("#/$defs/{entity}")))]),
                    )]),
                )]),
            ),
        ]));
    }
    body.push(("allOf", Json::Arr(cases)));
    body.push(("$defs", Json::Obj(defs)));
    document(
        "stream_envelope",
        "One event of `bankgen stream` (bankgen SPEC §13); payload is the record as in JSON output",
        body,
        root,
    )
}

/// One CSV table: file stem and (column, type) pairs.
pub type CsvTable = (String, Vec<(String, String)>);

/// The CSV tables of an entity with its own file: the main table, then each child table in field order.
pub fn csv_tables(entity: &str) -> Option<Vec<CsvTable>> {
    let fields = record_fields(entity)?;
    let (file, singular) = record_names(entity)?;
    let own_ns = fields
        .iter()
        .find(|f| f.name == "id")
        .and_then(|f| match f.kind {
            Kind::Id(ns) => Some(ns),
            _ => None,
        })
        .unwrap_or(match entity {
            "pattern_member" => crate::model::common::ns::PAT,
            _ => &[],
        });
    let mut main = Vec::new();
    let mut children = Vec::new();
    flatten(&fields, "", false, &mut main, Some(&mut children));
    let mut tables = vec![(file.to_string(), main)];
    for (name, columns) in children {
        let mut all = vec![
            (format!("{singular}_id"), csv_type(&Kind::Id(own_ns), false)),
            ("ordinal".to_string(), "integer".to_string()),
        ];
        all.extend(columns);
        tables.push((crate::encode::csv::child_stem(singular, name), all));
    }
    Some(tables)
}

type Columns = Vec<(String, String)>;

fn flatten(
    fields: &[Field],
    prefix: &str,
    parent_nullable: bool,
    columns: &mut Columns,
    mut children: Option<&mut Vec<(&'static str, Columns)>>,
) {
    for f in fields {
        let nullable = parent_nullable || f.nullable;
        match &f.kind {
            Kind::Object(sub) => {
                let nested = format!("{prefix}{}_", f.name);
                flatten(sub, &nested, nullable, columns, children.as_deref_mut());
            }
            Kind::Objects(sub) => {
                if let Some(children) = children.as_deref_mut() {
                    let mut inner = Vec::new();
                    flatten(sub, "", false, &mut inner, None);
                    children.push((f.name, inner));
                }
            }
            Kind::Ids { column, ns } => {
                if let Some(children) = children.as_deref_mut() {
                    children.push((
                        f.name,
                        vec![(column.to_string(), csv_type(&Kind::Id(ns), false))],
                    ));
                }
            }
            kind => columns.push((format!("{prefix}{}", f.name), csv_type(kind, nullable))),
        }
    }
}

fn csv_type(kind: &Kind, nullable: bool) -> String {
    let base = match kind {
        Kind::Id([]) => "id".to_string(),
        Kind::Id(ns) => {
            let prefixes: Vec<&str> = ns.iter().map(|n| n.prefix()).collect();
            format!("id({})", prefixes.join("|"))
        }
        Kind::Str(None) | Kind::Pattern(_) => "string".into(),
        Kind::Str(Some(set)) => format!("enum({})", set.join("|")),
        Kind::Int => "integer".into(),
        Kind::Bool => "boolean".into(),
        Kind::Decimal => "decimal".into(),
        Kind::Timestamp => "timestamp".into(),
        Kind::Date => "date".into(),
        Kind::Labels(None) => "labels".into(),
        Kind::Labels(Some(set)) => format!("labels({})", set.join("|")),
        Kind::Ids { .. } | Kind::Object(_) | Kind::Objects(_) | Kind::Map(_) => "json".into(),
    };
    if nullable { base + "?" } else { base }
}

/// The text of `schema --csv`: per table `# {table}.csv`, the header row and the type row.
pub fn csv_text(tables: &[CsvTable]) -> String {
    let mut out = String::new();
    for (i, (stem, columns)) in tables.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!("# {stem}.csv\n"));
        let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
        let types: Vec<&str> = columns.iter().map(|(_, t)| t.as_str()).collect();
        out.push_str(&names.join(","));
        out.push('\n');
        out.push_str(&types.join(","));
        out.push('\n');
    }
    out
}

fn unknown(entity: &str) -> Error {
    Error::Usage(format!(
        "schema: unknown entity '{entity}' (known: {})",
        ENTITIES.join(", ")
    ))
}

/// The bytes `bankgen schema [--csv] [ENTITY]` prints.
pub fn render(entity: Option<&str>, csv: bool) -> Result<Vec<u8>> {
    match (entity, csv) {
        (None, false) => Ok(all_schemas().to_bytes()),
        (None, true) => Err(Error::Usage("schema --csv: name an entity".into())),
        (Some(e), false) => entity_schema(e, true)
            .map(|s| s.to_bytes())
            .ok_or_else(|| unknown(e)),
        (Some(e), true) => {
            if !ENTITIES.contains(&e) {
                return Err(unknown(e));
            }
            let tables = csv_tables(e).ok_or_else(|| {
                Error::Usage(format!(
                    "schema --csv: '{e}' is not written as CSV (CSV entities: {})",
                    ENTITIES[..12].join(", ")
                ))
            })?;
            Ok(csv_text(&tables).into_bytes())
        }
    }
}

/// `bankgen schema`: prints [`render`] to stdout.
pub fn run(entity: Option<&str>, csv: bool) -> Result<()> {
    crate::core::error::write_stdout(&render(entity, csv)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::csv::table_headers;

    fn headers<R: Record>() -> Vec<(String, String)> {
        table_headers::<R>()
            .into_iter()
            .map(|(stem, line)| {
                let text = String::from_utf8(line).unwrap();
                (stem, text.trim_end_matches("\r\n").to_string())
            })
            .collect()
    }

    fn check_csv<R: Record>(entity: &str) {
        let ours: Vec<(String, String)> = csv_tables(entity)
            .unwrap()
            .into_iter()
            .map(|(stem, cols)| {
                let names: Vec<String> = cols.into_iter().map(|(n, _)| n).collect();
                (stem, names.join(","))
            })
            .collect();
        assert_eq!(ours, headers::<R>(), "{entity}");
    }

    #[test]
    fn csv_columns_equal_the_encoder_headers() {
        check_csv::<Person>("person");
        check_csv::<Company>("company");
        check_csv::<Account>("account");
        check_csv::<Transaction>("transaction");
        check_csv::<Communication>("communication");
        check_csv::<Trade>("trade");
        check_csv::<Travel>("travel");
        check_csv::<Document>("document");
        check_csv::<AccountEvent>("account_event");
        check_csv::<Relationship>("relationship");
        check_csv::<Pattern>("pattern");
        check_csv::<PatternMember>("pattern_member");
    }

    fn ids_without_namespace(fields: &[Field], path: &str, out: &mut Vec<String>) {
        for f in fields {
            let here = format!("{path}.{}", f.name);
            match &f.kind {
                Kind::Id(ns) | Kind::Ids { ns, .. } if ns.is_empty() => out.push(here),
                Kind::Object(sub) | Kind::Objects(sub) => ids_without_namespace(sub, &here, out),
                _ => {}
            }
        }
    }

    #[test]
    fn every_id_field_names_its_namespaces() {
        let mut missing = Vec::new();
        for entity in &ENTITIES[..12] {
            ids_without_namespace(&record_fields(entity).unwrap(), entity, &mut missing);
        }
        ids_without_namespace(
            &fields_of::<StreamEnvelope>(),
            "stream_envelope",
            &mut missing,
        );
        assert!(missing.is_empty(), "ids without namespace: {missing:?}");
    }

    #[test]
    fn schemas_are_deterministic_and_name_every_entity() {
        let a = all_schemas().to_bytes();
        assert_eq!(a, all_schemas().to_bytes());
        let value: serde_json::Value = serde_json::from_slice(&a).unwrap();
        let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), ENTITIES.len());
        let text = String::from_utf8(a).unwrap();
        // Key order is write order, not sorted.
        let person = text.find("\"person\"").unwrap();
        let company = text.find("\"company\"").unwrap();
        assert!(person < company);
    }

    #[test]
    fn nullability_and_enums_follow_the_walk() {
        let fields = record_fields("transaction").unwrap();
        let get = |name: &str| fields.iter().find(|f| f.name == name).unwrap().clone();
        assert!(!get("id").nullable);
        assert!(get("posting_date").nullable);
        assert!(get("pattern_id").nullable);
        assert!(!get("is_laundering").nullable);
        assert!(fields.iter().all(|f| f.name != "tie"));
        assert_eq!(
            get("status").kind,
            Kind::Str(Some(&["completed", "pending", "failed", "reversed"]))
        );
        let schema = field_schema(&get("merchant_category").kind, true);
        let json = serde_json::to_value(&schema).unwrap();
        assert_eq!(json["type"], serde_json::json!(["string", "null"]));
        assert!(
            json["enum"]
                .as_array()
                .unwrap()
                .contains(&serde_json::Value::Null)
        );
    }

    #[test]
    fn unknown_entities_are_usage_errors() {
        let e = render(Some("people"), false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("known: person, company"));
        assert_eq!(render(Some("manifest"), true).unwrap_err().exit_code(), 2);
    }
}
