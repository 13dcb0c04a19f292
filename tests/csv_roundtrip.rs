//! CSV is lossless (SPEC §11): reading the CSV tables back (main table, prefixed columns of nested objects,
//! JSON-text label cells, child tables keyed by parent id and ordinal) gives exactly the JSON records.

mod common;
use common::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// One parsed CSV cell: its text and whether it was quoted (`""` is an empty string, nothing is null).
#[derive(Clone, Debug)]
struct Cell {
    text: String,
    quoted: bool,
}

/// A strict RFC 4180 reader that keeps the quoted flag the csv crate discards.
fn parse_csv(bytes: &[u8]) -> Vec<Vec<Cell>> {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut chars = text.chars().peekable();
    let mut cell = Cell {
        text: String::new(),
        quoted: false,
    };
    let mut in_quotes = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.text.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                cell.text.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                cell.quoted = true;
            }
            ',' => row.push(std::mem::replace(
                &mut cell,
                Cell {
                    text: String::new(),
                    quoted: false,
                },
            )),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CRLF line endings");
                row.push(std::mem::replace(
                    &mut cell,
                    Cell {
                        text: String::new(),
                        quoted: false,
                    },
                ));
                rows.push(std::mem::take(&mut row));
            }
            _ => cell.text.push(c),
        }
    }
    assert!(
        row.is_empty() && cell.text.is_empty(),
        "file ends with CRLF"
    );
    rows
}

struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

fn table(bytes: &[u8]) -> Table {
    let mut rows = parse_csv(bytes);
    let header = rows.remove(0).into_iter().map(|c| c.text).collect();
    Table { header, rows }
}

/// Rebuilds a JSON value of the same shape as `like` from a cell.
fn from_cell(cell: &Cell, like: &Value) -> Value {
    if cell.text.is_empty() && !cell.quoted {
        return Value::Null;
    }
    match like {
        Value::String(_) => Value::String(cell.text.clone()),
        Value::Array(_) => serde_json::from_str(&cell.text).expect("label cell is JSON text"),
        // Numbers, booleans and nulls are written as JSON literals.
        _ => serde_json::from_str(&cell.text).unwrap_or_else(|_| Value::String(cell.text.clone())),
    }
}

/// Reads the columns of a record with `like`'s shape from `row`, looking each field up by its column name
/// (nested objects by their prefixed names), and marks the columns it used.
fn read_object(
    like: &Map<String, Value>,
    header: &[String],
    row: &[Cell],
    used: &mut [bool],
    prefix: &str,
    children: &BTreeMap<String, Vec<Value>>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in like {
        if children.contains_key(key) {
            out.insert(key.clone(), Value::Array(children[key].clone()));
            continue;
        }
        match value {
            Value::Object(inner) => {
                let nested = read_object(
                    inner,
                    header,
                    row,
                    used,
                    &format!("{prefix}{key}_"),
                    children,
                );
                // The JSON says this field is an object here, so all-null cells are an object of nulls.
                out.insert(key.clone(), Value::Object(nested));
            }
            _ => {
                let name = format!("{prefix}{key}");
                let Some(col) = header.iter().position(|h| *h == name) else {
                    // A null nested object: all of its prefixed columns are null cells.
                    let nested = format!("{name}_");
                    let cols: Vec<usize> = (0..header.len())
                        .filter(|&c| header[c].starts_with(&nested))
                        .collect();
                    assert!(value.is_null() && !cols.is_empty(), "no column {name}");
                    for c in cols {
                        assert!(
                            row[c].text.is_empty() && !row[c].quoted,
                            "{}: null object",
                            header[c]
                        );
                        used[c] = true;
                    }
                    out.insert(key.clone(), Value::Null);
                    continue;
                };
                assert!(!used[col], "column {name} used twice");
                used[col] = true;
                out.insert(key.clone(), from_cell(&row[col], value));
            }
        }
    }
    out
}

#[test]
fn csv_reads_back_as_the_json_records() {
    let dir = generate(&["--persons", "400", "--seed", "11", "--format", "json,csv"]);
    let files = files(&dir.path().join("out"));
    let mut checked_children = 0;
    use bankgen::encode::csv::table_headers;
    use bankgen::model::*;
    // Each entity with the stems of its child tables, from the record types themselves.
    let children = |tables: Vec<(String, Vec<u8>)>| -> Vec<String> {
        tables.into_iter().skip(1).map(|(stem, _)| stem).collect()
    };
    for (entity, singular, child_stems) in [
        (
            "persons",
            "person",
            children(table_headers::<person::Person>()),
        ),
        (
            "companies",
            "company",
            children(table_headers::<company::Company>()),
        ),
        (
            "accounts",
            "account",
            children(table_headers::<account::Account>()),
        ),
        (
            "transactions",
            "transaction",
            children(table_headers::<transaction::Transaction>()),
        ),
        (
            "communications",
            "communication",
            children(table_headers::<communication::Communication>()),
        ),
        ("trades", "trade", children(table_headers::<trade::Trade>())),
        (
            "travels",
            "travel",
            children(table_headers::<travel::Travel>()),
        ),
        (
            "documents",
            "document",
            children(table_headers::<document::Document>()),
        ),
        (
            "account_events",
            "account_event",
            children(table_headers::<account_event::AccountEvent>()),
        ),
        (
            "relationships",
            "relationship",
            children(table_headers::<relationship::Relationship>()),
        ),
    ] {
        let records = json_records(&files[&format!("{entity}.json")]);
        let main = table(&files[&format!("{entity}.csv")]);
        assert_eq!(
            main.rows.len(),
            records.len(),
            "{entity}: one row per record"
        );
        // Child tables: `{singular}_{field}.csv` (or the SPEC's own name) keyed by `{singular}_id` and
        // `ordinal`; the list field of each is the JSON record's field whose table it is.
        let mut child_tables: BTreeMap<String, Table> = BTreeMap::new();
        let Some(sample) = records.first().and_then(Value::as_object) else {
            continue;
        };
        for stem in &child_stems {
            let field = sample
                .keys()
                .find(|k| bankgen::encode::csv::child_stem(singular, k) == *stem)
                .unwrap_or_else(|| panic!("{stem}: no list field of {entity} writes it"));
            child_tables.insert(field.to_string(), table(&files[&format!("{stem}.csv")]));
        }
        let mut child_cursor: BTreeMap<String, usize> = BTreeMap::new();
        for (record, row) in records.iter().zip(&main.rows) {
            let like = record.as_object().expect("object");
            let id = like["id"].as_str().expect("id");
            let mut children: BTreeMap<String, Vec<Value>> = BTreeMap::new();
            for (field, t) in &child_tables {
                let cursor = child_cursor.entry(field.clone()).or_default();
                let mut items = Vec::new();
                let sample = like[field].as_array().expect("child field is a list");
                while *cursor < t.rows.len() && t.rows[*cursor][0].text == id {
                    let r = &t.rows[*cursor];
                    assert_eq!(r[1].text, items.len().to_string(), "ordinal");
                    let item = match sample.get(items.len()) {
                        Some(Value::Object(obj)) => {
                            let mut used = vec![false; t.header.len()];
                            let item =
                                read_object(obj, &t.header, r, &mut used, "", &BTreeMap::new());
                            assert!(used[2..].iter().all(|u| *u), "{field}: every column used");
                            Value::Object(item)
                        }
                        _ => Value::String(r[2].text.clone()),
                    };
                    items.push(item);
                    *cursor += 1;
                    checked_children += 1;
                }
                children.insert(field.clone(), items);
            }
            let mut used = vec![false; main.header.len()];
            let rebuilt = read_object(like, &main.header, row, &mut used, "", &children);
            assert!(used.iter().all(|u| *u), "{entity}: every column used");
            assert_eq!(&Value::Object(rebuilt), record, "{entity} {id}");
        }
        for (field, t) in &child_tables {
            assert_eq!(
                child_cursor[field],
                t.rows.len(),
                "{singular}_{field}: every child row belongs to a record"
            );
        }
    }
    assert!(
        checked_children > 0 || files.len() < 6,
        "child tables were exercised"
    );
}
