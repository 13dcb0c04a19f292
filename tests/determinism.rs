//! Determinism (SPEC §3 D-1, D-11) and sharding (§5.5): the same configuration gives the same bytes for
//! any thread count, environment and working directory; parts concatenate to the unsharded files. Patterns
//! are on, so the ground-truth files and labelled records are covered too.

mod common;
use common::*;
use std::collections::BTreeMap;

const CONFIG: &[&str] = &[
    "--persons",
    "300",
    "--seed",
    "7",
    "--days",
    "30",
    "--format",
    "json,jsonl,csv",
    // Patterns on: listed instances (account events, four with trades and messages, four with
    // documents and their payments, one of them a carousel, three account takeovers) plus a
    // rate-driven fill.
    "--pattern",
    "fraud_ring.account_takeover_ring=1",
    "--pattern",
    "structuring=2",
    "--pattern",
    "cycle=1",
    "--pattern",
    "tbml=3",
    "--pattern",
    "tbml.carousel=1",
    "--pattern",
    "insider_trading=2",
    "--pattern",
    "insider_trading.coordinated=1",
    "--pattern",
    "insider_trading.tipping=1",
    "--pattern",
    "account_takeover=3",
    "--laundering-rate",
    "0.01",
];

fn dataset(extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut args = CONFIG.to_vec();
    args.extend_from_slice(extra);
    let dir = generate(&args);
    files(&dir.path().join("out"))
}

/// Labelled records of every file the document and market families write, so the checks below cover
/// them.
fn assert_labelled_documents_trades_and_messages(files: &BTreeMap<String, Vec<u8>>) {
    for file in ["documents", "trades", "communications"] {
        let records = jsonl_records(&files[&format!("{file}.jsonl")]);
        let labelled = records
            .iter()
            .filter(|r| !r["pattern_id"].is_null())
            .count();
        assert!(labelled >= 4, "{file}: {labelled} labelled records");
    }
}

#[test]
fn thread_count_never_changes_bytes() {
    let one = dataset(&["--threads", "1"]);
    assert!(one.len() > 10, "{:?}", one.keys());
    assert_labelled_documents_trades_and_messages(&one);
    assert_eq!(one, dataset(&["--threads", "2"]));
    assert_eq!(one, dataset(&["--threads", "7"]));
}

#[test]
fn environment_and_working_directory_never_change_bytes() {
    let plain = dataset(&["--threads", "2"]);
    let elsewhere = tempfile::tempdir().unwrap();
    let nested = elsewhere.path().join("deeper");
    std::fs::create_dir(&nested).unwrap();
    let out = elsewhere.path().join("out");
    let mut args = vec![
        "generate",
        "--quiet",
        "--threads",
        "2",
        "--output",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(CONFIG);
    let (code, _, stderr) = bankgen_in(
        &nested,
        &[
            ("TZ", "Pacific/Chatham"),
            ("LANG", "tr_TR.UTF-8"),
            ("LC_ALL", "tr_TR.UTF-8"),
        ],
        &args,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(plain, files(&out));
}

fn concatenated(parts: u32) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    for k in 1..=parts {
        let mut args = vec!["generate", "--quiet", "--output", out.to_str().unwrap()];
        args.extend_from_slice(CONFIG);
        let (p, k_text) = (parts.to_string(), k.to_string());
        args.extend_from_slice(&["--parts", &p, "--part", &k_text]);
        let (code, _, stderr) = bankgen_in(dir.path(), &[], &args);
        assert_eq!(code, 0, "{stderr}");
    }
    files(&out)
}

/// The file stem and extension of a part file name (`persons.part-00002-of-00003.jsonl`).
fn unsharded_name(name: &str) -> Option<String> {
    let (stem, rest) = name.split_once(".part-")?;
    let ext = rest.rsplit('.').next()?;
    Some(format!("{stem}.{ext}"))
}

#[test]
fn parts_concatenate_to_the_unsharded_files() {
    let whole = dataset(&[]);
    for parts in [3u32, 7] {
        let sharded = concatenated(parts);
        let manifests = sharded
            .keys()
            .filter(|n| n.starts_with("manifest.part-"))
            .count();
        assert_eq!(
            manifests, parts as usize,
            "each part writes its own manifest"
        );
        let mut joined: BTreeMap<String, Vec<Vec<u8>>> = BTreeMap::new();
        for (name, bytes) in &sharded {
            if let Some(base) = unsharded_name(name)
                && !base.starts_with("manifest")
            {
                joined.entry(base).or_default().push(bytes.clone());
            }
        }
        for (name, whole_bytes) in &whole {
            if name == "manifest.json" {
                continue;
            }
            let pieces = &joined[name];
            assert_eq!(pieces.len(), parts as usize, "{name}");
            if name.ends_with(".jsonl") {
                assert_eq!(
                    &pieces.concat(),
                    whole_bytes,
                    "{name}: JSONL parts concatenate byte for byte"
                );
            } else if name.ends_with(".csv") {
                let header_len = whole_bytes.iter().position(|&b| b == b'\n').unwrap() + 1;
                let mut rows = whole_bytes[..header_len].to_vec();
                for piece in pieces {
                    assert_eq!(
                        &piece[..header_len],
                        &whole_bytes[..header_len],
                        "{name}: header"
                    );
                    rows.extend_from_slice(&piece[header_len..]);
                }
                assert_eq!(&rows, whole_bytes, "{name}: CSV rows concatenate");
            } else {
                let records: Vec<serde_json::Value> =
                    pieces.iter().flat_map(|p| json_records(p)).collect();
                assert_eq!(
                    records,
                    json_records(whole_bytes),
                    "{name}: JSON parts hold the same records"
                );
            }
        }
        // Every part's manifest knows the dataset-wide totals.
        let whole_manifest: serde_json::Value =
            serde_json::from_slice(&whole["manifest.json"]).unwrap();
        for (name, bytes) in &sharded {
            if name.starts_with("manifest.part-") {
                let m: serde_json::Value = serde_json::from_slice(bytes).unwrap();
                assert_eq!(m["totals"], whole_manifest["totals"], "{name}");
                assert_eq!(m["part"]["count"], parts);
            }
        }
    }
}
