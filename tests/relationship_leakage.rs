//! No label leakage in relationships (issue 11, SPEC §8): with 250 `ubo_chain` instances planted, the
//! edges they add (labelled) and the background edges of the same relationship type show the same null
//! rates and category shares, within 5 points, in every field that is neither ground truth, nor the
//! alerting layer, nor the structure the typology is (which kind of entity holds which).

mod common;

use common::generate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Ground truth and ids.
const GROUND_TRUTH: [&str; 4] = ["id", "from_entity_id", "to_entity_id", "pattern_id"];
/// The alerting layer (§9.4): red flags are meant to differ.
const ALERTS: [&str; 2] = ["is_suspicious", "risk_factors"];
/// The typology's own structure: a layered chain is companies holding companies, and its edges are
/// ownership rather than a group's parent holding.
const STRUCTURE: [&str; 4] = [
    "relationship_type",
    "from_entity_type",
    "to_entity_type",
    "context",
];
/// Rows on each side before a type's shares are compared.
const MIN_ROWS: usize = 100;

/// A field's value as a category: null or present for numbers and dates, the text of anything else.
fn category(field: &str, value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Number(_) => "present".into(),
        Value::String(_) if field.ends_with("_date") => "present".into(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[test]
fn ubo_chain_edges_look_like_background_edges() {
    let dir = generate(&[
        "--persons",
        "20000",
        "--pattern",
        "ubo_chain=250",
        "--format",
        "jsonl",
        "--only",
        "relationships,patterns",
    ]);
    let text = std::fs::read_to_string(dir.path().join("out/relationships.jsonl")).unwrap();
    // relationship type → [background, labelled] rows.
    let mut rows: BTreeMap<String, [Vec<Value>; 2]> = BTreeMap::new();
    let mut instances = BTreeSet::new();
    for line in text.lines() {
        let r: Value = serde_json::from_str(line).unwrap();
        let labelled = !r["pattern_id"].is_null();
        if labelled {
            instances.insert(r["pattern_id"].as_str().unwrap().to_string());
        }
        let kind = r["relationship_type"].as_str().unwrap().to_string();
        rows.entry(kind).or_default()[labelled as usize].push(r);
    }
    assert!(instances.len() >= 200, "{} instances", instances.len());
    let mut worst = (0.0f64, String::new());
    let mut compared = Vec::new();
    for (kind, [background, labelled]) in &rows {
        if background.len() < MIN_ROWS || labelled.len() < MIN_ROWS {
            continue;
        }
        compared.push(kind.clone());
        let fields = background[0].as_object().unwrap().keys().filter(|f| {
            let f = f.as_str();
            !GROUND_TRUTH.contains(&f) && !ALERTS.contains(&f) && !STRUCTURE.contains(&f)
        });
        for field in fields {
            let mut shares: BTreeMap<String, [f64; 2]> = BTreeMap::new();
            for (side, side_rows) in [background, labelled].into_iter().enumerate() {
                for r in side_rows {
                    shares.entry(category(field, &r[field])).or_default()[side] +=
                        1.0 / side_rows.len() as f64;
                }
            }
            for (value, [b, l]) in shares {
                let gap = (b - l).abs();
                if gap > worst.0 {
                    worst = (gap, format!("{kind}.{field} = {value} ({b:.3} vs {l:.3})"));
                }
            }
        }
    }
    eprintln!(
        "{} instances; compared {compared:?}; worst gap {:.4} at {}",
        instances.len(),
        worst.0,
        worst.1
    );
    assert!(
        compared.contains(&"shareholder".to_string())
            && compared.contains(&"beneficial_owner".to_string()),
        "compared only {compared:?}"
    );
    assert!(worst.0 <= 0.05, "leakage {:.4} at {}", worst.0, worst.1);
}
