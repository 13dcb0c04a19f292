//! Parquet output (SPEC §11): every file reads back with the `parquet` crate's own reader and equals
//! the JSON records field by field; columns have the real types (TIMESTAMP UTC, DATE, DECIMAL,
//! BOOLEAN, dictionary-encoded enums); bytes never depend on the thread count; parts hold exactly the
//! whole dataset's rows. The hashes are pinned in tests/golden.rs with the other formats.

mod common;
use bankgen::core::time::{format_date, format_timestamp};
use common::*;
use parquet::basic::{Encoding, LogicalType, TimeUnit, Type as Physical};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn reader(bytes: &[u8]) -> SerializedFileReader<bytes::Bytes> {
    SerializedFileReader::new(bytes::Bytes::copy_from_slice(bytes)).expect("a Parquet file")
}

/// A decimal's exact value as text (`-12.340`), from its big-endian two's complement bytes.
fn decimal_text(d: &parquet::data_type::Decimal) -> String {
    let bytes = d.data();
    let mut v: i128 = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        -1
    } else {
        0
    };
    for &b in bytes {
        v = (v << 8) | b as i128;
    }
    rust_decimal::Decimal::from_i128_with_scale(v, d.scale() as u32).to_string()
}

/// A Parquet value as the JSON value it stands for; numbers as `f64`, like [`normalise`].
fn json_of(field: &Field) -> Value {
    match field {
        Field::Null => Value::Null,
        Field::Bool(b) => Value::Bool(*b),
        Field::Int(i) => Value::from(*i as f64),
        Field::Long(i) => Value::from(*i as f64),
        Field::Str(s) => Value::String(s.clone()),
        Field::Decimal(d) => Value::from(decimal_text(d).parse::<f64>().expect("a number")),
        Field::TimestampMicros(us) => {
            assert_eq!(us % 1_000_000, 0, "whole seconds");
            Value::String(format_timestamp(us / 1_000_000))
        }
        Field::Date(days) => Value::String(format_date(*days)),
        Field::Group(row) => row_json(row),
        Field::ListInternal(list) => Value::Array(list.elements().iter().map(json_of).collect()),
        other => panic!("unexpected Parquet value {other:?}"),
    }
}

fn row_json(row: &Row) -> Value {
    Value::Object(
        row.get_column_iter()
            .map(|(name, field)| (name.clone(), json_of(field)))
            .collect(),
    )
}

/// A JSON record with every number as `f64` (JSON prints money with its currency's decimals, Parquet
/// stores one scale per column: the values are equal, the texts need not be).
fn normalise(v: &Value) -> Value {
    match v {
        Value::Number(n) => Value::from(n.as_f64().expect("finite")),
        Value::Array(items) => Value::Array(items.iter().map(normalise).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normalise(v))).collect())
        }
        other => other.clone(),
    }
}

fn parquet_rows(bytes: &[u8]) -> Vec<Value> {
    reader(bytes)
        .get_row_iter(None)
        .expect("rows")
        .map(|row| row_json(&row.expect("a row")))
        .collect()
}

/// Every `.parquet` file of `dir` equals the `.json` file of the same stem, record by record.
fn assert_parquet_equals_json(dir: &Path) {
    let files = files(dir);
    let mut compared = 0;
    for (name, bytes) in &files {
        let Some(stem) = name.strip_suffix(".parquet") else {
            continue;
        };
        let json = json_records(&files[&format!("{stem}.json")]);
        let rows = parquet_rows(bytes);
        assert_eq!(rows.len(), json.len(), "{name}: row count");
        for (i, (row, record)) in rows.iter().zip(&json).enumerate() {
            assert_eq!(row, &normalise(record), "{name}: row {i}");
        }
        compared += 1;
    }
    assert_eq!(compared, 12, "every entity file has a Parquet file");
}

/// Scale 0.1: 100 k transactions and every other entity file, with the default pattern plan.
#[test]
fn every_parquet_file_reads_back_as_the_json_records() {
    let dir = generate(&["--scale", "0.1", "--seed", "11", "--format", "json,parquet"]);
    assert_parquet_equals_json(&dir.path().join("out"));
}

/// Nested objects, lists of objects, label and id lists, nulls at every level: a small dataset with
/// every typology, so pattern-produced records (documents, trades, ownership edges) are covered too.
#[test]
fn nested_and_pattern_records_read_back() {
    let dir = generate(&[
        "--persons",
        "150",
        "--companies",
        "150",
        "--seed",
        "5",
        "--days",
        "30",
        "--format",
        "json,parquet",
        "--pattern",
        "structuring=1",
        "--pattern",
        "fraud_ring=1",
        "--pattern",
        "tbml=2",
        "--pattern",
        "ubo_chain=2",
        "--pattern",
        "cycle=1",
    ]);
    assert_parquet_equals_json(&dir.path().join("out"));
}

fn column<'a>(
    schema: &'a parquet::schema::types::SchemaDescriptor,
    path: &str,
) -> &'a parquet::schema::types::ColumnDescriptor {
    schema
        .columns()
        .iter()
        .find(|c| c.path().string() == path)
        .unwrap_or_else(|| panic!("no column {path}"))
}

#[test]
fn columns_have_real_types() {
    let dir = generate(&["--persons", "120", "--seed", "3", "--format", "parquet"]);
    let files = files(&dir.path().join("out"));
    let txns = reader(&files["transactions.parquet"]);
    let meta = txns.metadata();
    let schema = meta.file_metadata().schema_descr();
    let ts = column(schema, "transaction_date");
    assert_eq!(ts.physical_type(), Physical::INT64);
    assert!(matches!(
        ts.logical_type_ref(),
        Some(LogicalType::Timestamp(t)) if t.is_adjusted_to_u_t_c && t.unit == TimeUnit::MICROS
    ));
    let date = column(schema, "value_date");
    assert_eq!(date.physical_type(), Physical::INT32);
    assert_eq!(date.logical_type_ref(), Some(&LogicalType::Date));
    let amount = column(schema, "amount");
    assert_eq!(amount.physical_type(), Physical::FIXED_LEN_BYTE_ARRAY);
    assert_eq!((amount.type_precision(), amount.type_scale()), (38, 3));
    let score = column(schema, "risk_score");
    assert_eq!(score.physical_type(), Physical::INT64);
    assert_eq!((score.type_precision(), score.type_scale()), (18, 4));
    let rate = column(schema, "exchange_rate");
    assert_eq!(rate.physical_type(), Physical::FIXED_LEN_BYTE_ARRAY);
    assert_eq!((rate.type_precision(), rate.type_scale()), (38, 18));
    assert_eq!(
        column(schema, "is_laundering").physical_type(),
        Physical::BOOLEAN
    );
    let reasons = column(schema, "alert_reasons.list.element");
    assert_eq!(reasons.logical_type_ref(), Some(&LogicalType::String));
    assert_eq!((reasons.max_def_level(), reasons.max_rep_level()), (1, 1));
    // Enums are dictionary-encoded.
    let kind = schema
        .columns()
        .iter()
        .position(|c| c.path().string() == "transaction_type")
        .unwrap();
    let encodings: Vec<Encoding> = meta.row_group(0).column(kind).encodings().collect();
    assert!(
        encodings.contains(&Encoding::RLE_DICTIONARY)
            || encodings.contains(&Encoding::PLAIN_DICTIONARY),
        "{encodings:?}"
    );
    // A list of objects is a LIST of STRUCT; a nested object an optional group.
    let persons = reader(&files["persons.parquet"]);
    let pschema = persons.metadata().file_metadata().schema_descr();
    let line = column(pschema, "addresses.list.element.city");
    assert_eq!(line.max_rep_level(), 1);
    assert!(
        pschema
            .columns()
            .iter()
            .any(|c| c.path().string().starts_with("pep_details."))
    );
}

/// A small dataset with patterns, in Parquet only.
const SMALL: &[&str] = &[
    "--persons",
    "250",
    "--seed",
    "9",
    "--days",
    "30",
    "--format",
    "parquet",
    "--pattern",
    "fraud_ring=1",
    "--pattern",
    "structuring=1",
];

fn dataset(extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = SMALL.to_vec();
    args.extend_from_slice(extra);
    files(&generate(&args).path().join("out"))
}

#[test]
fn thread_count_never_changes_parquet_bytes() {
    let one = dataset(&["--threads", "1"]);
    assert_eq!(one.len(), 13, "{:?}", one.keys());
    assert_eq!(one, dataset(&["--threads", "2"]));
    assert_eq!(one, dataset(&["--threads", "7"]));
}

#[test]
fn parts_hold_the_rows_of_the_whole_file() {
    let whole = dataset(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for k in ["1", "2", "3"] {
        let mut args = vec!["generate", "--quiet", "--output", out.to_str().unwrap()];
        args.extend_from_slice(SMALL);
        args.extend_from_slice(&["--parts", "3", "--part", k]);
        let (code, _, stderr) = bankgen_in(dir.path(), &[], &args);
        assert_eq!(code, 0, "{stderr}");
    }
    let parts = files(&out);
    for (name, bytes) in whole.iter().filter(|(n, _)| n.ends_with(".parquet")) {
        let stem = name.trim_end_matches(".parquet");
        let joined: Vec<Value> = (1..=3)
            .flat_map(|k| parquet_rows(&parts[&format!("{stem}.part-{k:05}-of-00003.parquet")]))
            .collect();
        assert_eq!(joined, parquet_rows(bytes), "{name}");
    }
}

#[test]
fn the_manifest_lists_parquet_files_with_their_checksums() {
    let files = dataset(&[]);
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), 12);
    for entry in listed {
        let name = entry["name"].as_str().unwrap();
        assert_eq!(entry["format"], "parquet", "{name}");
        assert_eq!(
            entry["sha256"].as_str().unwrap(),
            bankgen::output::sink::sha256_hex(&files[name]),
            "{name}"
        );
        assert_eq!(entry["bytes"].as_u64().unwrap(), files[name].len() as u64);
        let rows = reader(&files[name]).metadata().file_metadata().num_rows();
        assert_eq!(entry["records"].as_i64().unwrap(), rows, "{name}");
    }
}

#[test]
fn validate_says_in_one_line_that_it_does_not_read_parquet_yet() {
    let dir = generate(&["--persons", "20", "--format", "parquet"]);
    let out = dir.path().join("out");
    let (code, stdout, stderr) = bankgen(&["validate", out.to_str().unwrap()]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("does not read Parquet yet"), "{stderr}");
}
