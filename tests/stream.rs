//! `bankgen stream` (SPEC §2.8, §13): one envelope per record of `generate`, each valid against
//! `schema stream_envelope`, payloads byte for byte as in JSON Lines, in the §13 order; parts
//! concatenate to the whole stream; `--no-ground-truth` drops the labels; a closed pipe is quiet.

mod common;

use common::{bankgen, generate};
use serde_json::Value;
use std::collections::BTreeMap;

const BASE: &[&str] = &["--persons", "50", "--seed", "42"];

fn stream(extra: &[&str]) -> String {
    let mut args = vec!["stream"];
    args.extend_from_slice(BASE);
    args.extend_from_slice(extra);
    let (code, out, err) = bankgen(&args);
    assert_eq!(code, 0, "{err}");
    out
}

const ORDER: [&str; 11] = [
    "person",
    "company",
    "account",
    "relationship",
    "transaction",
    "communication",
    "trade",
    "travel",
    "document",
    "account_event",
    "pattern",
];

#[test]
fn the_stream_holds_every_record_in_order_with_valid_envelopes() {
    let text = stream(&[]);
    let dir = generate(&[BASE, &["--format", "jsonl"]].concat());
    let out = dir.path().join("out");
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let (_, schema_text, _) = bankgen(&["schema", "stream_envelope"]);
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut payloads: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut last_section = 0;
    let mut last_event_key: Option<(String, usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        let envelope: Value = serde_json::from_str(line).unwrap();
        assert!(validator.is_valid(&envelope), "line {n}: {line}");
        assert_eq!(envelope["sequence"], n as u64);
        let entity = envelope["entity_type"].as_str().unwrap().to_string();
        let rank = ORDER.iter().position(|e| *e == entity).unwrap();
        // Entities one by one, then the six event files as one merged section, then patterns.
        let section = if (4..10).contains(&rank) { 4 } else { rank };
        assert!(
            section >= last_section,
            "line {n}: {entity} after a later section"
        );
        last_section = section;
        if section == 4 {
            let key = (
                envelope["timestamp"].as_str().unwrap().to_string(),
                rank,
                envelope["entity_id"].as_str().unwrap().to_string(),
            );
            if let Some(previous) = &last_event_key {
                assert!(previous < &key, "line {n}: events out of merge order");
            }
            last_event_key = Some(key);
        }
        *counts.entry(entity.clone()).or_default() += 1;
        // The payload is the JSON record byte for byte: the line ends with it.
        let payload = &line[line.find(",\"payload\":").unwrap() + 11..line.len() - 1];
        payloads
            .entry(entity)
            .or_default()
            .push(payload.to_string());
    }
    let totals = &manifest["totals"];
    let file_of = |e: &str| match e {
        "company" => "companies".to_string(),
        other => format!("{other}s"),
    };
    for entity in ORDER {
        let file = file_of(entity);
        assert_eq!(
            counts.get(entity).copied().unwrap_or(0),
            totals[&file].as_u64().unwrap(),
            "{entity}"
        );
        if entity == "pattern" {
            continue;
        }
        let jsonl = std::fs::read_to_string(out.join(format!("{file}.jsonl"))).unwrap();
        let mut written: Vec<&str> = jsonl.lines().collect();
        let mut streamed: Vec<&str> = payloads[entity].iter().map(String::as_str).collect();
        written.sort_unstable();
        streamed.sort_unstable();
        assert_eq!(streamed, written, "{entity} payloads");
    }
    // Patterns carry their members.
    let members: usize = payloads["pattern"]
        .iter()
        .map(|p| {
            serde_json::from_str::<Value>(p).unwrap()["members"]
                .as_array()
                .unwrap()
                .len()
        })
        .sum();
    assert_eq!(members as u64, totals["pattern_members"].as_u64().unwrap());
}

#[test]
fn parts_concatenate_to_the_whole_stream() {
    let whole = stream(&[]);
    let mut joined = String::new();
    for k in 1..=3 {
        joined.push_str(&stream(&["--parts", "3", "--part", &k.to_string()]));
    }
    assert!(joined == whole, "3 parts differ from the whole stream");
    assert_eq!(stream(&["--threads", "1"]), stream(&["--threads", "7"]));
}

#[test]
fn no_ground_truth_leaves_no_labels_and_no_patterns() {
    let text = stream(&["--no-ground-truth"]);
    for key in [
        "\"is_laundering\"",
        "\"pattern_id\"",
        "\"pattern_type\"",
        "\"entity_type\":\"pattern\"",
    ] {
        assert!(!text.contains(key), "{key} present");
    }
    assert!(!text.is_empty());
}

#[test]
fn filters_prefixes_and_keys() {
    let text = stream(&[
        "--entities",
        "account",
        "--topic-prefix",
        "bank/",
        "--key-prefix",
    ]);
    let first = text.lines().next().unwrap();
    let (key, json) = first.split_once('\t').unwrap();
    let envelope: Value = serde_json::from_str(json).unwrap();
    assert_eq!(envelope["partition_key"], key);
    assert_eq!(envelope["topic"], "bank/accounts-events");
    assert!(
        text.lines()
            .all(|l| l.contains("\"entity_type\":\"account\""))
    );
    let (code, _, err) = bankgen(&["stream", "--entities", "people"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --entities: unknown entity 'people'"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    let bin = assert_cmd::cargo::cargo_bin("bankgen");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' stream --scale 0.1 | head -1 >/dev/null; echo ${{PIPESTATUS:-0}}",
            bin.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut child = std::process::Command::new(&bin)
        .args(["stream", "--scale", "0.1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::BufRead;
        let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("{\"event_id\":\"SEV-"));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `--rate 2000` (SPEC §2.8, ±10 %): about a second of output, timed as the lines arrive. The pacer
/// never writes envelope `n` before `n / rate` seconds, so the fast side is exact on any machine; the
/// slow side allows a loaded machine half again as long (the pacer's schedule itself is unit-tested).
#[test]
#[allow(clippy::disallowed_methods)] // the clock measures the pacing, it never feeds output
fn rate_paces_the_envelopes() {
    use std::io::BufRead;
    use std::time::Instant;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bankgen"))
        .args([
            "stream",
            "--persons",
            "50",
            "--seed",
            "42",
            "--rate",
            "2000",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starts");
    let stdout = child.stdout.take().expect("piped");
    let mut lines = std::io::BufReader::new(stdout).lines();
    lines.next().expect("a first envelope").expect("reads");
    let start = Instant::now();
    let mut marks = Vec::new();
    for n in 1..=2_200u32 {
        lines.next().expect("enough envelopes").expect("reads");
        if n % 550 == 0 {
            marks.push((n, start.elapsed().as_secs_f64()));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    for (n, secs) in marks {
        let rate = n as f64 / secs;
        assert!(
            rate <= 2_000.0 * 1.10,
            "{n} envelopes in {secs:.3} s: {rate:.0}/s"
        );
        assert!(
            rate >= 2_000.0 / 1.5,
            "{n} envelopes in {secs:.3} s: {rate:.0}/s"
        );
    }
}
