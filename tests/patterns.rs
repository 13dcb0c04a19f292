//! Injected patterns end to end (SPEC §2.3, §7.11, §9.1, §10): explicit instance counts are exact, every
//! label resolves and agrees with the ground-truth files, every instance written passes its typology's
//! invariant when read back from the files, a fixed subtype is honoured, and plans that cannot fit are
//! refused with one line and exit 2.

mod common;
use bankgen::core::time::parse_timestamp;
use bankgen::patterns::dataset::{self, DatasetFacts};
use bankgen::patterns::{Family, InstanceRecords, typology};
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// Every implemented typology with its requested instance count.
const LISTED: [(&str, u64); 15] = [
    ("structuring", 5),
    ("mule_chain", 2),
    ("fraud_ring", 5),
    ("account_takeover", 10),
    ("tbml", 6),
    ("fan_out", 2),
    ("fan_in", 1),
    ("cycle", 2),
    ("scatter_gather", 1),
    ("gather_scatter", 1),
    ("bipartite", 1),
    ("stack", 1),
    ("random", 2),
    ("insider_trading", 6),
    ("ubo_chain", 8),
];

struct Dataset {
    manifest: Value,
    files: BTreeMap<String, Vec<Value>>,
}

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| {
        let requests: Vec<String> = LISTED.iter().map(|(t, n)| format!("{t}={n}")).collect();
        let mut args = vec![
            "--persons",
            "1500",
            "--days",
            "120",
            "--seed",
            "11",
            "--format",
            "jsonl",
        ];
        for r in &requests {
            args.extend(["--pattern", r.as_str()]);
        }
        let dir = generate(&args);
        let raw = files(&dir.path().join("out"));
        let manifest = serde_json::from_slice(&raw["manifest.json"]).expect("manifest");
        let files = raw
            .iter()
            .filter(|(name, _)| name.ends_with(".jsonl"))
            .map(|(name, bytes)| {
                (
                    name.trim_end_matches(".jsonl").to_string(),
                    jsonl_records(bytes),
                )
            })
            .collect();
        Dataset { manifest, files }
    })
}

fn str_of(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

#[test]
fn listed_instances_are_exact_and_nothing_else() {
    let d = dataset();
    let instances = &d.manifest["patterns"]["instances"];
    for family in Family::ALL {
        let name = bankgen::model::record::Label::label(*family);
        let wanted = LISTED
            .iter()
            .find(|(t, _)| *t == name)
            .map_or(0, |(_, n)| *n);
        assert_eq!(instances[name].as_u64(), Some(wanted), "{name}");
        let rows = d.files["patterns"]
            .iter()
            .filter(|p| p["typology"] == name)
            .count() as u64;
        assert_eq!(rows, wanted, "patterns rows of {name}");
    }
    let labelled = d.files["transactions"]
        .iter()
        .filter(|t| t["is_laundering"] == true)
        .count() as u64;
    assert_eq!(
        d.manifest["labels"]["transactions"]["labelled"].as_u64(),
        Some(labelled)
    );
    assert_eq!(
        d.manifest["labels"]["account_events"].as_u64(),
        Some(
            d.files["account_events"]
                .iter()
                .filter(|e| !e["pattern_id"].is_null())
                .count() as u64
        )
    );
}

#[test]
fn every_label_resolves_and_counts_match() {
    let d = dataset();
    let patterns: BTreeMap<&str, &Value> = d.files["patterns"]
        .iter()
        .map(|p| (str_of(&p["id"]), p))
        .collect();
    let mut transactions: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for t in &d.files["transactions"] {
        assert_eq!(
            t["is_laundering"] == true,
            !t["pattern_id"].is_null(),
            "{t}"
        );
        if let Some(id) = t["pattern_id"].as_str() {
            let p = patterns
                .get(id)
                .unwrap_or_else(|| panic!("dangling pattern id {id}"));
            assert_eq!(t["pattern_type"], p["typology"]);
            transactions.entry(id).or_default().push(t);
        } else {
            assert!(t["pattern_type"].is_null());
        }
    }
    let labelled = |file: &str| {
        let mut by: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
        for e in &d.files[file] {
            if let Some(id) = e["pattern_id"].as_str() {
                assert!(patterns.contains_key(id), "dangling pattern id {id}");
                by.entry(id).or_default().push(e);
            }
        }
        by
    };
    let events = labelled("account_events");
    let relationships = labelled("relationships");
    let trades = labelled("trades");
    let communications = labelled("communications");
    assert!(
        d.files["travels"].iter().all(|r| r["pattern_id"].is_null()),
        "travels"
    );
    let ids =
        |file: &str| -> BTreeSet<&str> { d.files[file].iter().map(|r| str_of(&r["id"])).collect() };
    let (persons, companies, accounts) = (ids("persons"), ids("companies"), ids("accounts"));
    let owner: BTreeMap<&str, &str> = d.files["accounts"]
        .iter()
        .map(|a| (str_of(&a["id"]), str_of(&a["owner_id"])))
        .collect();
    let mut members: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for m in &d.files["pattern_members"] {
        let (pattern, entity, role) = (
            str_of(&m["pattern_id"]),
            str_of(&m["entity_id"]),
            str_of(&m["role"]),
        );
        assert!(
            patterns.contains_key(pattern),
            "member of unknown pattern {pattern}"
        );
        let known = match str_of(&m["entity_type"]) {
            "person" => persons.contains(entity),
            "company" => companies.contains(entity),
            "account" => accounts.contains(entity),
            other => panic!("entity type {other}"),
        };
        assert!(known, "member {entity} does not resolve");
        members.entry(pattern).or_default().push((entity, role));
    }
    for (id, p) in &patterns {
        let txs = transactions.get(id).map_or(&[][..], |v| v.as_slice());
        let evs = events.get(id).map_or(&[][..], |v| v.as_slice());
        let mem = members.get(id).map_or(&[][..], |v| v.as_slice());
        let rels = relationships.get(id).map_or(&[][..], |v| v.as_slice());
        assert_eq!(
            p["relationship_count"].as_u64(),
            Some(rels.len() as u64),
            "{id}"
        );
        assert_eq!(rels.is_empty(), p["typology"] != "ubo_chain", "{id}");
        assert_eq!(
            p["transaction_count"].as_u64(),
            Some(txs.len() as u64),
            "{id}"
        );
        assert_eq!(
            p["account_event_count"].as_u64(),
            Some(evs.len() as u64),
            "{id}"
        );
        assert_eq!(p["member_count"].as_u64(), Some(mem.len() as u64), "{id}");
        for (count, of) in [
            ("communication_count", &communications),
            ("trade_count", &trades),
        ] {
            let n = of.get(id).map_or(0, |v| v.len() as u64);
            assert_eq!(p[count].as_u64(), Some(n), "{id} {count}");
        }
        let docs: Vec<&Value> = d.files["documents"]
            .iter()
            .filter(|r| r["pattern_id"].as_str() == Some(*id))
            .collect();
        assert_eq!(
            p["document_count"].as_u64(),
            Some(docs.len() as u64),
            "{id}"
        );
        assert_eq!(docs.is_empty(), p["typology"] != "tbml", "{id}");
        let unique: BTreeSet<_> = mem.iter().collect();
        assert_eq!(unique.len(), mem.len(), "{id}: duplicate member rows");
        for (entity, role) in mem {
            if let Some(o) = owner.get(entity) {
                assert!(
                    mem.contains(&(o, role)),
                    "{id}: owner of {entity} not listed as {role}"
                );
            }
        }
        if p["typology"] == "insider_trading" {
            // Every message precedes every trade, and the announcement follows them all.
            let at = |v: &Value, k: &str| parse_timestamp(str_of(&v[k])).unwrap();
            let trade_times: Vec<i64> = trades[id].iter().map(|t| at(t, "trade_date")).collect();
            let first = *trade_times.iter().min().unwrap();
            let end = at(p, "end_time");
            assert!(trade_times.iter().all(|&t| t < end), "{id}");
            if let Some(c) = communications.get(id) {
                assert!(c.iter().all(|c| at(c, "timestamp") < first), "{id}");
            }
            continue;
        }
        if !rels.is_empty() {
            // An ownership structure spans the window (it holds throughout).
            let window = &d.manifest["window"];
            assert_eq!(p["start_time"], window["start"], "{id}");
            continue;
        }
        let times: Vec<i64> = txs
            .iter()
            .map(|t| parse_timestamp(str_of(&t["transaction_date"])).unwrap())
            .chain(
                evs.iter()
                    .map(|e| parse_timestamp(str_of(&e["timestamp"])).unwrap()),
            )
            .chain(
                docs.iter()
                    .map(|e| parse_timestamp(str_of(&e["issue_date"])).unwrap()),
            )
            .chain(
                communications
                    .get(id)
                    .into_iter()
                    .flatten()
                    .map(|c| parse_timestamp(str_of(&c["timestamp"])).unwrap()),
            )
            .collect();
        assert_eq!(
            parse_timestamp(str_of(&p["start_time"])),
            times.iter().min().copied(),
            "{id}"
        );
        assert_eq!(
            parse_timestamp(str_of(&p["end_time"])),
            times.iter().max().copied(),
            "{id}"
        );
    }
}

#[test]
fn severity_is_not_saturated() {
    let d = dataset();
    let patterns = &d.files["patterns"];
    let high = patterns
        .iter()
        .filter(|p| p["severity_score"].as_f64().unwrap() >= 0.9)
        .count();
    assert!(
        high * 10 <= patterns.len() * 3,
        "{high} of {} at ≥ 0.9",
        patterns.len()
    );
}

#[test]
fn every_written_instance_passes_its_check() {
    let d = dataset();
    let mut facts = DatasetFacts {
        window_start: parse_timestamp(str_of(&d.manifest["window"]["start"])).unwrap(),
        margin_bp: 500,
        ..Default::default()
    };
    for a in &d.files["accounts"] {
        facts.add_account(a).expect("account parses");
    }
    for p in &d.files["persons"] {
        facts.add_person(p).expect("person parses");
    }
    for c in &d.files["companies"] {
        facts.add_company(c).expect("company parses");
    }
    for m in &d.files["pattern_members"] {
        facts.add_member(m).expect("member parses");
    }
    for e in &d.files["relationships"] {
        facts.add_tie(e).expect("relationship parses");
    }
    facts.ubo_threshold = 250_000;
    // Where each address and device first appears on each account (account takeover: "new").
    for e in &d.files["account_events"] {
        let account = dataset::parse_id(&e["account_id"])
            .expect("account id")
            .value;
        let ts = parse_timestamp(str_of(&e["timestamp"])).unwrap();
        for field in ["ip_address", "device_id"] {
            let seen = facts.first_seen.entry(account).or_default();
            let first = seen.entry(str_of(&e[field]).to_string()).or_insert(ts);
            *first = (*first).min(ts);
        }
    }
    for doc in &d.files["documents"] {
        if doc["document_type"] == "bill_of_lading"
            && let Some(s) = doc["shipment_id"].as_str()
        {
            facts.bills_of_lading.insert(s.to_string());
        }
    }
    let mut checked = 0;
    for p in &d.files["patterns"] {
        let id = &p["id"];
        let family = Family::from_label(str_of(&p["typology"])).expect("typology");
        let of = |file: &str| d.files[file].iter().filter(move |r| r["pattern_id"] == *id);
        let records = InstanceRecords {
            family,
            subtype: str_of(&p["subtype"]).to_string(),
            transactions: of("transactions")
                .map(|t| dataset::tx_view(t).expect("view"))
                .collect(),
            account_events: of("account_events")
                .map(|e| dataset::event_view(e).expect("view"))
                .collect(),
            relationships: of("relationships")
                .map(|e| dataset::rel_view(e).expect("view"))
                .collect(),
            trades: of("trades")
                .map(|t| dataset::trade_view(t).expect("view"))
                .collect(),
            communications: of("communications")
                .map(|c| dataset::communication_view(c).expect("view"))
                .collect(),
            documents: of("documents")
                .map(|e| dataset::doc_view(e).expect("view"))
                .collect(),
            members: of("pattern_members")
                .map(|m| dataset::member_view(m).expect("view"))
                .collect(),
            end_time: parse_timestamp(str_of(&p["end_time"])),
            facts: &facts,
        };
        let t = typology(family).expect("implemented");
        if let Err(v) = t.check(&records) {
            panic!(
                "{} {}.{}: {}",
                str_of(id),
                str_of(&p["typology"]),
                records.subtype,
                v.0
            );
        }
        checked += 1;
    }
    assert_eq!(checked, LISTED.iter().map(|(_, n)| n).sum::<u64>());
}

#[test]
fn a_fixed_subtype_is_honoured() {
    let dir = generate(&[
        "--persons",
        "500",
        "--days",
        "60",
        "--format",
        "jsonl",
        "--only",
        "patterns",
        "--pattern",
        "structuring.smurfing=2",
    ]);
    let raw = files(&dir.path().join("out"));
    let patterns = jsonl_records(&raw["patterns.jsonl"]);
    assert_eq!(patterns.len(), 2);
    assert!(
        patterns
            .iter()
            .all(|p| p["typology"] == "structuring" && p["subtype"] == "smurfing")
    );
    let manifest: Value = serde_json::from_slice(&raw["manifest.json"]).unwrap();
    assert_eq!(manifest["patterns"]["subtypes"]["structuring.smurfing"], 2);
}

fn refused(args: &[&str], needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut all = vec!["generate", "--quiet", "--output", out.to_str().unwrap()];
    all.extend_from_slice(args);
    let (code, _, stderr) = bankgen_in(dir.path(), &[], &all);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert!(!out.join("manifest.json").exists());
}

#[test]
fn plans_that_cannot_fit_are_refused() {
    refused(
        &[
            "--persons",
            "200",
            "--transactions",
            "40",
            "--documents",
            "0",
            "--pattern",
            "random=10",
        ],
        "pattern plan needs",
    );
    refused(&["--pattern", "cycle"], "--pattern cycle");
    refused(&["--pattern", "laundromat=1"], "unknown typology");
    refused(&["--pattern", "structuring.nothing=1"], "unknown subtype");
    refused(&["--laundering-rate", "0.5"], "--laundering-rate");
    refused(&["--no-patterns", "--pattern", "cycle=1"], "--no-patterns");
    // Too few companies for two shells registered in two havens.
    refused(
        &["--persons", "200", "--pattern", "ubo_chain.shell_chain=1"],
        "not enough shell companies registered in distinct havens",
    );
}

/// The patterns file and manifest of a 2,000-person run of `days` days with `extra` flags.
fn patterns_file(days: &str, extra: &[&str]) -> (Vec<Value>, Value) {
    let mut args = vec![
        "--persons",
        "2000",
        "--days",
        days,
        "--format",
        "jsonl",
        "--only",
        "patterns",
    ];
    args.extend_from_slice(extra);
    let raw = files(&generate(&args).path().join("out"));
    let manifest = serde_json::from_slice(&raw["manifest.json"]).unwrap();
    (jsonl_records(&raw["patterns.jsonl"]), manifest)
}

/// `--pattern insider_trading[.SUBTYPE]=N` gives exactly N instances; a default plan has
/// ⌊trades / 2,000⌋ of them; without trades an explicit request is refused with one line.
#[test]
fn insider_trading_counts_are_exact_and_need_trades() {
    let patterns_of = |extra: &[&str]| patterns_file("60", extra);
    for (request, n) in [
        ("insider_trading=7", 7),
        ("insider_trading.tipping=4", 4),
        ("insider_trading.beneficial_owner=2", 2),
    ] {
        let (patterns, _) = patterns_of(&["--pattern", request]);
        assert_eq!(patterns.len(), n, "{request}");
        assert!(patterns.iter().all(|p| p["typology"] == "insider_trading"));
        if let Some((_, subtype)) = request.split_once('.') {
            let subtype = subtype.split('=').next().unwrap();
            assert!(
                patterns.iter().all(|p| p["subtype"] == subtype),
                "{request}"
            );
        }
    }
    let (_, manifest) = patterns_of(&["--trades", "9000"]);
    assert_eq!(manifest["patterns"]["instances"]["insider_trading"], 4);
    refused(
        &["--trades", "0", "--pattern", "insider_trading=1"],
        "--trades is 0",
    );
}

/// `--pattern ubo_chain=N` and a fixed subtype give exactly N instances; a default plan has
/// ⌊companies / 50⌋ of them.
#[test]
fn ubo_chain_counts_are_exact() {
    let patterns_of = |extra: &[&str]| patterns_file("30", extra);
    for (request, n) in [("ubo_chain=6", 6), ("ubo_chain.threshold_edge=5", 5)] {
        let (patterns, _) = patterns_of(&["--pattern", request]);
        assert_eq!(patterns.len(), n, "{request}");
        assert!(patterns.iter().all(|p| p["typology"] == "ubo_chain"));
        if request.contains('.') {
            assert!(patterns.iter().all(|p| p["subtype"] == "threshold_edge"));
        }
    }
    let (_, manifest) = patterns_of(&["--companies", "500"]);
    assert_eq!(manifest["patterns"]["instances"]["ubo_chain"], 10);
}

#[test]
fn check_kiting_needs_two_banks() {
    // A tiny population whose accounts all sit at one bank.
    let base = [
        "--persons",
        "3",
        "--companies",
        "1",
        "--accounts",
        "2",
        "--transactions",
        "300",
        "--communications",
        "0",
        "--trades",
        "0",
        "--travels",
        "0",
        "--documents",
        "0",
        "--account-events",
        "0",
        "--format",
        "jsonl",
    ];
    let seed = (1..200u64)
        .find(|seed| {
            let seed = seed.to_string();
            let mut args = base.to_vec();
            args.extend(["--seed", &seed, "--only", "accounts", "--no-patterns"]);
            let dir = generate(&args);
            let accounts = jsonl_records(&files(&dir.path().join("out"))["accounts.jsonl"]);
            accounts
                .iter()
                .all(|a| a["bank_id"] == accounts[0]["bank_id"])
        })
        .expect("a seed with every account at one bank");
    let seed = seed.to_string();
    let mut args = base.to_vec();
    args.extend(["--seed", &seed, "--pattern", "fraud_ring.check_kiting=1"]);
    refused(&args, "check_kiting");
}

/// `--pattern account_takeover=N` and a fixed subtype give exactly N instances; each instance's
/// counts equal the records carrying its id, and its members resolve with their roles (victim
/// accounts and owners, the attacker person, mule accounts and owners).
#[test]
fn account_takeover_counts_are_exact() {
    for (request, n) in [
        ("account_takeover=12", 12),
        ("account_takeover.sim_swap=7", 7),
    ] {
        let dir = generate(&[
            "--persons",
            "1000",
            "--days",
            "30",
            "--format",
            "jsonl",
            "--pattern",
            request,
        ]);
        let raw = files(&dir.path().join("out"));
        let of = |file: &str| jsonl_records(&raw[&format!("{file}.jsonl")]);
        let patterns = of("patterns");
        assert_eq!(patterns.len(), n, "{request}");
        let manifest: Value = serde_json::from_slice(&raw["manifest.json"]).unwrap();
        assert_eq!(manifest["patterns"]["instances"]["account_takeover"], n);
        let ids = |file: &str| -> BTreeSet<String> {
            of(file)
                .iter()
                .map(|r| str_of(&r["id"]).to_string())
                .collect()
        };
        let (persons, accounts) = (ids("persons"), ids("accounts"));
        let (members, events, txs, comms) = (
            of("pattern_members"),
            of("account_events"),
            of("transactions"),
            of("communications"),
        );
        for p in &patterns {
            assert_eq!(p["typology"], "account_takeover");
            if request.contains('.') {
                assert_eq!(p["subtype"], "sim_swap");
            }
            let id = &p["id"];
            let count = |rows: &[Value]| rows.iter().filter(|r| r["pattern_id"] == *id).count();
            assert_eq!(
                p["account_event_count"].as_u64(),
                Some(count(&events) as u64)
            );
            assert_eq!(p["transaction_count"].as_u64(), Some(count(&txs) as u64));
            assert_eq!(
                p["communication_count"].as_u64(),
                Some(count(&comms) as u64)
            );
            assert_eq!(p["member_count"].as_u64(), Some(count(&members) as u64));
            assert!(count(&events) > 0 && count(&txs) > 0, "{id}");
            let mut roles: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
            for m in members.iter().filter(|m| m["pattern_id"] == *id) {
                let entity = str_of(&m["entity_id"]);
                let resolves = match str_of(&m["entity_type"]) {
                    "person" => persons.contains(entity),
                    "account" => accounts.contains(entity),
                    _ => entity.starts_with("ORG-"),
                };
                assert!(resolves, "{id}: member {entity} does not resolve");
                roles
                    .entry(str_of(&m["role"]))
                    .or_default()
                    .insert(str_of(&m["entity_type"]));
            }
            assert_eq!(roles["attacker"], BTreeSet::from(["person"]), "{id}");
            assert!(roles["victim"].contains("account"), "{id}");
            assert!(roles["mule"].contains("account"), "{id}");
            assert_eq!(roles.len(), 3, "{id}: {roles:?}");
            for t in txs.iter().filter(|t| t["pattern_id"] == *id) {
                assert_eq!(t["is_laundering"], true);
                assert_eq!(t["pattern_type"], "account_takeover");
            }
        }
    }
}
