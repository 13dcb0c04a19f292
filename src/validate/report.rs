//! The two reports of `bankgen validate` (SPEC §2.7, §12): a human one (per rule its id, severity, count
//! and first examples as `file:line: message`) and the JSON one (`valid`, `data_format_version`,
//! `errors`, `warnings`, `rules`, `files`, `realism`, plus `skipped`).

use super::engine::Outcome;
use super::findings::Severity;
use serde_json::{Value, json};

/// `file:line` (or just `file` for findings about a whole file).
fn place(file: &str, line: u64) -> String {
    if line == 0 {
        file.to_string()
    } else {
        format!("{file}:{line}")
    }
}

pub fn human(o: &Outcome) -> String {
    let errors = o.findings.total(Severity::Error);
    let warnings = o.findings.total(Severity::Warning);
    let records: u64 = o.files.iter().map(|f| f.records).sum();
    let mut s = format!(
        "bankgen validate: {} ({errors} error(s), {warnings} warning(s)) in {} file(s), {records} record(s)\n",
        if o.valid() { "VALID" } else { "INVALID" },
        o.files.len(),
    );
    for (id, r) in o.findings.in_report_order() {
        s.push_str(&format!("{id} {} {}\n", r.severity.letter(), r.count));
        for e in &r.examples {
            s.push_str(&format!("  {}: {}\n", place(&e.file, e.line), e.message));
        }
    }
    if let Some(r) = &o.realism {
        for m in &r.metrics {
            s.push_str(&format!(
                "realism {} {}: {:.6} (target {}){}\n",
                m.rule,
                m.name,
                m.value,
                m.target,
                if m.ok { "" } else { " OUT OF TARGET" }
            ));
        }
    }
    for (what, why) in &o.skipped {
        s.push_str(&format!("skipped: {what}: {why}\n"));
    }
    s
}

pub fn json(o: &Outcome) -> Value {
    let rules: Vec<Value> = o
        .findings
        .in_report_order()
        .map(|(id, r)| {
            json!({
                "id": id,
                "severity": r.severity.letter(),
                "count": r.count,
                "examples": r.examples.iter().map(|e| json!({
                    "file": e.file,
                    "line": e.line,
                    "message": e.message,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "valid": o.valid(),
        "data_format_version": o.data_format_version,
        "errors": o.findings.total(Severity::Error),
        "warnings": o.findings.total(Severity::Warning),
        "rules": rules,
        "files": o.files.iter().map(|f| json!({"name": f.name, "records": f.records, "ok": f.ok})).collect::<Vec<_>>(),
        "realism": realism(o),
        "skipped": o.skipped.iter().map(|(w, r)| json!({"rules": w, "reason": r})).collect::<Vec<_>>(),
    })
}

/// `realism` {metric: {rule, value, target, ok}}; empty without `--realism`.
fn realism(o: &Outcome) -> Value {
    let mut map = serde_json::Map::new();
    if let Some(r) = &o.realism {
        for m in &r.metrics {
            map.insert(
                m.name.clone(),
                json!({"rule": m.rule, "value": m.value, "target": m.target, "ok": m.ok}),
            );
        }
    }
    Value::Object(map)
}
