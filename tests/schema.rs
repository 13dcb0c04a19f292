//! `bankgen schema` (SPEC §2.9, issue #5 acceptance 6): the JSON Schemas describe exactly what bankgen
//! writes (every record of every JSON/JSONL file and the manifest validate; mutated records do not), and
//! `schema --csv` names the header of every CSV file, main and child tables.

mod common;

use common::{bankgen, files, generate, json_records, jsonl_records};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const ENTITIES: [&str; 15] = [
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

/// (file stem, entity) of every entity file.
const FILES: [(&str, &str); 12] = [
    ("persons", "person"),
    ("companies", "company"),
    ("accounts", "account"),
    ("transactions", "transaction"),
    ("communications", "communication"),
    ("trades", "trade"),
    ("travels", "travel"),
    ("documents", "document"),
    ("account_events", "account_event"),
    ("relationships", "relationship"),
    ("patterns", "pattern"),
    ("pattern_members", "pattern_member"),
];

const DATASET: [&str; 11] = [
    "--persons",
    "200",
    "--days",
    "30",
    "--format",
    "json,jsonl,csv",
    "--laundering-rate",
    "0.01",
    "--pattern",
    "fraud_ring.account_takeover_ring=1",
    "--seed=7",
];

fn schema_text(args: &[&str]) -> String {
    let mut all = vec!["schema"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = bankgen(&all);
    assert_eq!(code, 0, "bankgen {all:?}: {stderr}");
    stdout
}

fn validator(entity: &str) -> (Value, jsonschema::Validator) {
    let schema: Value = serde_json::from_str(&schema_text(&[entity])).expect("schema is JSON");
    let v = jsonschema::validator_for(&schema).expect("schema compiles");
    (schema, v)
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Top-level keys of a JSON object in document order (serde_json's `Value` sorts them).
struct OrderedKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for OrderedKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OrderedKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedKeys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(OrderedKeys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

fn property_order(schema: &Value) -> Vec<String> {
    // `Value` sorts keys, so read the order from `required`, which the schema lists in write order.
    schema["required"]
        .as_array()
        .expect("required")
        .iter()
        .map(|k| k.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn schema_prints_every_entity_deterministically() {
    let all = schema_text(&[]);
    assert_eq!(all, schema_text(&[]), "output bytes are deterministic");
    let keys = serde_json::Deserializer::from_str(&all)
        .into_iter::<OrderedKeys>()
        .next()
        .unwrap()
        .unwrap()
        .0;
    assert_eq!(keys, ENTITIES);
    let value: Value = serde_json::from_str(&all).unwrap();
    for entity in ENTITIES {
        let one: Value = serde_json::from_str(&schema_text(&[entity])).unwrap();
        assert_eq!(
            one, value[entity],
            "{entity}: same schema alone and in the set"
        );
        assert_eq!(
            one["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::draft202012::meta::validate(&one).expect("valid draft 2020-12 schema");
        jsonschema::validator_for(&one).expect("compiles");
    }
    let person: Value = serde_json::from_str(&schema_text(&["person"])).unwrap();
    assert_eq!(person["properties"]["id"]["pattern"], "^PER-[0-9a-f]{16}$");
    assert_eq!(person["additionalProperties"], false);
    assert_eq!(
        person["properties"]["gender"]["enum"],
        json!(["male", "female", "non_binary", "prefer_not_to_say"])
    );
    assert_eq!(
        person["properties"]["marital_status"]["type"],
        json!(["string", "null"])
    );
    assert_eq!(
        person["properties"]["addresses"]["items"]["additionalProperties"],
        false
    );
    let tx: Value = serde_json::from_str(&schema_text(&["transaction"])).unwrap();
    assert!(tx["properties"].get("tie").is_none());
    assert_eq!(tx["properties"]["is_laundering"]["type"], "boolean");
    assert_eq!(
        tx["properties"]["from_entity_id"]["pattern"],
        "^(PER|ORG)-[0-9a-f]{16}$"
    );
}

#[test]
fn every_generated_record_and_the_manifest_validate() {
    let dir = generate(&DATASET);
    let out = files(&dir.path().join("out"));
    for (stem, entity) in FILES {
        let (schema, v) = validator(entity);
        let order = property_order(&schema);
        for ext in ["json", "jsonl"] {
            let name = format!("{stem}.{ext}");
            let bytes = out.get(&name).unwrap_or_else(|| panic!("{name} missing"));
            let records = if ext == "json" {
                json_records(bytes)
            } else {
                jsonl_records(bytes)
            };
            assert!(!records.is_empty(), "{name} has records");
            for (k, record) in records.iter().enumerate() {
                let errs = errors(&v, record);
                assert!(errs.is_empty(), "{name} record {}: {errs:?}", k + 1);
            }
            if ext == "jsonl" {
                // Key order of the written records is the schema's order.
                for line in std::str::from_utf8(bytes).unwrap().lines().take(50) {
                    let keys: OrderedKeys = serde_json::from_str(line).unwrap();
                    assert_eq!(keys.0, order, "{name}: key order");
                }
            }
        }
    }
    let (_, v) = validator("manifest");
    let manifest: Value = serde_json::from_slice(&out["manifest.json"]).unwrap();
    let errs = errors(&v, &manifest);
    assert!(errs.is_empty(), "manifest: {errs:?}");
}

#[test]
fn mutated_records_fail_validation() {
    let dir = generate(&[
        "--persons",
        "60",
        "--days",
        "7",
        "--format",
        "jsonl",
        "--only",
        "persons,transactions,patterns",
        "--pattern",
        "fraud_ring.account_takeover_ring=1",
    ]);
    let out = files(&dir.path().join("out"));
    let first = |stem: &str| jsonl_records(&out[&format!("{stem}.jsonl")]).remove(0);

    let (_, tx_schema) = validator("transaction");
    let tx = first("transactions");
    assert!(errors(&tx_schema, &tx).is_empty());
    type Mutation = (&'static str, fn(&mut Value));
    let tx_mutations: [Mutation; 8] = [
        ("unknown field", |r| {
            r["note"] = json!("x");
        }),
        ("amount as string", |r| r["amount"] = json!("12.50")),
        ("bad status", |r| r["status"] = json!("bogus")),
        ("bad pattern_type", |r| {
            r["pattern_type"] = json!("smurfing")
        }),
        ("wrong id prefix", |r| {
            r["id"] = json!("PER-0123456789abcdef")
        }),
        ("null for a required value", |r| r["currency"] = Value::Null),
        ("missing field", |r| {
            r.as_object_mut().unwrap().remove("is_flagged");
        }),
        ("bad timestamp", |r| {
            r["transaction_date"] = json!("2025-01-01 00:00:00")
        }),
    ];
    for (what, mutate) in tx_mutations {
        let mut bad = tx.clone();
        mutate(&mut bad);
        assert!(
            !tx_schema.is_valid(&bad),
            "transaction with {what} validated"
        );
    }

    let (_, person_schema) = validator("person");
    let person = first("persons");
    assert!(errors(&person_schema, &person).is_empty());
    let person_mutations: [Mutation; 4] = [
        ("unknown nested field", |r| {
            r["addresses"][0]["floor"] = json!(3)
        }),
        ("bad nested enum", |r| {
            r["addresses"][0]["address_type"] = json!("castle")
        }),
        ("bad label in list", |r| {
            r["sanction_lists"] = json!(["interpol"])
        }),
        ("bad date", |r| r["date_of_birth"] = json!("1990-1-1")),
    ];
    for (what, mutate) in person_mutations {
        let mut bad = person.clone();
        mutate(&mut bad);
        assert!(
            !person_schema.is_valid(&bad),
            "person with {what} validated"
        );
    }

    // The stream envelope's payload is checked against the schema of its entity_type.
    let (_, envelope) = validator("stream_envelope");
    let mut event = json!({
        "event_id": "SEV-0123456789abcdef",
        "event_type": "create",
        "entity_type": "person",
        "entity_id": person["id"],
        "topic": "bankgen.persons-events",
        "partition_key": person["id"],
        "sequence": 0,
        "timestamp": person["created_at"],
        "version": 1,
        "source": "bankgen",
        "text_for_embedding": person["full_name"],
        "payload": person,
    });
    let errs = errors(&envelope, &event);
    assert!(errs.is_empty(), "envelope: {errs:?}");
    event["entity_type"] = json!("company");
    assert!(!envelope.is_valid(&event), "person payload as a company");
    event["entity_type"] = json!("transaction");
    event["payload"] = tx;
    event["entity_id"] = event["payload"]["id"].clone();
    event["partition_key"] = event["entity_id"].clone();
    assert!(errors(&envelope, &event).is_empty());
}

/// `# stem.csv`, header, types blocks of `schema --csv`.
fn csv_blocks(text: &str) -> Vec<(String, String, String)> {
    text.split("\n\n")
        .map(|block| {
            let lines: Vec<&str> = block.lines().collect();
            assert_eq!(lines.len(), 3, "block {block:?}");
            let stem = lines[0]
                .strip_prefix("# ")
                .and_then(|s| s.strip_suffix(".csv"))
                .expect("# stem.csv");
            (stem.to_string(), lines[1].to_string(), lines[2].to_string())
        })
        .collect()
}

#[test]
fn schema_csv_matches_every_csv_header() {
    let dir = generate(&DATASET);
    let out = files(&dir.path().join("out"));
    let mut covered = BTreeSet::new();
    for (_, entity) in FILES {
        let text = schema_text(&["--csv", entity]);
        assert_eq!(text, schema_text(&["--csv", entity]));
        for (stem, header, types) in csv_blocks(&text) {
            let name = format!("{stem}.csv");
            let bytes = out
                .get(&name)
                .unwrap_or_else(|| panic!("{name} not generated"));
            let text = std::str::from_utf8(bytes).unwrap();
            let first = text.split("\r\n").next().unwrap();
            assert_eq!(first, header, "{name}: header");
            assert_eq!(
                header.split(',').count(),
                types.split(',').count(),
                "{name}: one type per column"
            );
            covered.insert(name);
        }
    }
    let generated: BTreeSet<String> = out
        .keys()
        .filter(|n| n.ends_with(".csv"))
        .cloned()
        .collect();
    assert_eq!(covered, generated, "every CSV file is described");
    let persons = schema_text(&["--csv", "person"]);
    let blocks = csv_blocks(&persons);
    assert_eq!(blocks[0].0, "persons");
    assert!(
        blocks[0]
            .2
            .starts_with("id(PER),timestamp,timestamp,string,string?,")
    );
    assert!(blocks.iter().any(|b| b.0 == "person_addresses"
        && b.1.starts_with("person_id,ordinal,street")
        && b.2.starts_with("id(PER),integer,string")));
}

#[test]
fn unknown_entities_exit_2_with_the_known_names() {
    let (code, stdout, stderr) = bankgen(&["schema", "people"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for entity in ENTITIES {
        assert!(stderr.contains(entity), "{stderr}");
    }
    let (code, _, stderr) = bankgen(&["schema", "--csv", "people"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = bankgen(&["schema", "--csv", "manifest"]);
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let (code, _, _) = bankgen(&["schema", "--csv"]);
    assert_eq!(code, 2);
}

/// SPEC §12: the JSON report's schema is part of `schema`. Reports of a valid dataset, of a damaged one
/// (findings with examples) and with `--realism` (metrics) all validate; a report missing a key does not.
#[test]
fn validate_reports_match_the_validate_report_schema() {
    let (_, v) = validator("validate_report");
    let dir = generate(&["--persons", "300", "--format", "jsonl", "--seed", "5"]);
    let out = dir.path().join("out");
    let report = |args: &[&str]| -> Value {
        let mut all = vec!["validate", "--json"];
        all.extend_from_slice(args);
        let (_, stdout, stderr) = bankgen(&all);
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"))
    };
    let valid = report(&[out.to_str().unwrap(), "--realism"]);
    assert_eq!(valid["valid"], true, "{valid:#}");
    assert!(
        valid["realism"].as_object().is_some_and(|m| !m.is_empty()),
        "{valid:#}"
    );
    assert_eq!(errors(&v, &valid), Vec::<String>::new());
    let persons = out.join("persons.jsonl");
    let text = std::fs::read_to_string(&persons).unwrap();
    std::fs::write(
        &persons,
        text.replacen("\"gender\":\"", "\"gender\":\"x", 1),
    )
    .unwrap();
    let invalid = report(&[out.to_str().unwrap()]);
    assert_eq!(invalid["valid"], false, "{invalid:#}");
    assert!(
        invalid["rules"][0]["examples"][0]["line"].is_u64(),
        "{invalid:#}"
    );
    assert_eq!(errors(&v, &invalid), Vec::<String>::new());
    let mut broken = invalid.clone();
    broken.as_object_mut().unwrap().remove("files");
    assert!(!errors(&v, &broken).is_empty());
}
