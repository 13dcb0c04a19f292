//! Integrity of the event files (SPEC §5.1, §5.2, §7.4–7.9, §12), read only from the output files of a
//! real run. The record rules — (timestamp, id) order and ids (ID), windows, amounts and fees (RANGE),
//! references including the traveller's passport and the issuer a stock's symbol names (REF), the CONS
//! rules of transactions, trades, travels, documents and account events (owners, currencies, exact FX,
//! field presence, posting, statuses, eligibility, trade and document arithmetic, settlement,
//! sessions, travel countries), the AL fields of every event file (ALERT) and the ground truth (GT) —
//! are `bankgen validate`'s own rules, run here on the datasets, not written twice.
//!
//! What stays here is what the validator does not check record by record: that the datasets exercise
//! those rules (every transaction type, cross-currency rows, flagged trades, declared cash, next-day
//! arrivals), that background carries its camouflage
//! (failed-login bursts, new devices and IPs, invoice payments, officers trading their own stock) — a
//! property of the data, not a rule a dataset can break — and two cross-file joins whose memory grows
//! with the event files, which the validator must not do (§12: memory independent of event volume):
//! document numbers unique per issuer, and every transaction naming an invoice number paying it.

mod common;
use bankgen::core::time::{Timestamp, date_of, parse_timestamp};
use bankgen::refdata::currencies::CURRENCIES;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The event files, from the table registry.
fn event_files() -> Vec<&'static str> {
    use bankgen::run::tables::{FileKind, files};
    files()
        .into_iter()
        .filter(|f| f.kind == FileKind::Events)
        .map(|f| f.name)
        .collect()
}

/// The validator's rule families that replace this file's former copies of the record rules.
const RECORD_FAMILIES: [&str; 6] = ["ID-", "RANGE-", "REF-", "CONS-", "ALERT-", "GT-"];

/// What `bankgen validate` reported on a dataset.
struct Validated {
    /// Rule id → (count, first examples as `file:line: message`).
    findings: BTreeMap<String, (u64, Vec<String>)>,
    /// Rules that could not run, with the reason.
    skipped: Vec<(String, String)>,
    /// Records per validated file.
    records: BTreeMap<String, u64>,
}

struct Dataset {
    label: String,
    companies: BTreeMap<String, Value>,
    /// Raw JSONL lines of each event file (numbers are compared as printed text).
    events: BTreeMap<String, Vec<String>>,
    validated: Validated,
}

impl Dataset {
    fn load(args: &[&str]) -> Dataset {
        let dir = generate(args);
        let out = dir.path().join("out");
        let files = files(&out);
        let read = |name: &str| -> Vec<Value> {
            jsonl_records(files.get(&format!("{name}.jsonl")).expect(name))
        };
        let by_id = |records: Vec<Value>| -> BTreeMap<String, Value> {
            records
                .into_iter()
                .map(|r| (s(&r["id"]).to_string(), r))
                .collect()
        };
        let events = event_files()
            .iter()
            .map(|name| {
                let bytes = files.get(&format!("{name}.jsonl")).expect(name);
                let text = std::str::from_utf8(bytes).expect("utf-8");
                (name.to_string(), text.lines().map(str::to_string).collect())
            })
            .collect();
        let outcome = bankgen::validate::run(&bankgen::validate::Options {
            dirs: vec![out],
            strict: false,
            max_examples: 5,
            realism: false,
            partial: false,
        })
        .expect("validates");
        let validated = Validated {
            findings: outcome
                .findings
                .rules
                .iter()
                .map(|(id, r)| {
                    let examples = r
                        .examples
                        .iter()
                        .map(|e| format!("{}:{}: {}", e.file, e.line, e.message))
                        .collect();
                    (id.to_string(), (r.count, examples))
                })
                .collect(),
            skipped: outcome.skipped.clone(),
            records: outcome
                .files
                .iter()
                .map(|f| (f.name.clone(), f.records))
                .collect(),
        };
        Dataset {
            label: args.join(" "),
            companies: by_id(read("companies")),
            events,
            validated,
        }
    }

    /// Each record of an event file with its raw line.
    fn records<'a>(&'a self, file: &str) -> impl Iterator<Item = (&'a str, Value)> + 'a {
        self.events[file].iter().map(|line| {
            (
                line.as_str(),
                serde_json::from_str(line).expect("JSON line"),
            )
        })
    }
}

/// Default window (365 days) and a short one, so the last-days rules and the window edges are exercised.
fn datasets() -> [&'static Dataset; 2] {
    static LONG: OnceLock<Dataset> = OnceLock::new();
    static SHORT: OnceLock<Dataset> = OnceLock::new();
    [
        LONG.get_or_init(|| {
            Dataset::load(&["--persons", "1500", "--seed", "23", "--format", "jsonl"])
        }),
        SHORT.get_or_init(|| {
            Dataset::load(&[
                "--persons",
                "800",
                "--seed",
                "7",
                "--days",
                "30",
                "--format",
                "jsonl",
            ])
        }),
    ]
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn ts(v: &Value) -> Timestamp {
    parse_timestamp(s(v)).unwrap_or_else(|| panic!("bad timestamp {v}"))
}

fn present(v: &Value) -> bool {
    !v.is_null()
}

fn minor_units(ccy: &str) -> u8 {
    CURRENCIES
        .iter()
        .find(|c| c.code == ccy)
        .unwrap_or_else(|| panic!("unknown currency {ccy}"))
        .minor_units
}

/// The printed text of top-level numeric field `name` of a raw JSON line (`null` when null).
fn raw<'a>(line: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\":");
    let at = line
        .find(&key)
        .unwrap_or_else(|| panic!("no field {name} in {line}"))
        + key.len();
    let rest = &line[at..];
    let len = rest.find([',', '}', ']']).unwrap_or(rest.len());
    &rest[..len]
}

/// A printed money amount in minor units of `ccy`; it must carry exactly the currency's decimals.
fn minor(text: &str, ccy: &str) -> i64 {
    let m = minor_units(ccy) as usize;
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    assert_eq!(frac.len(), m, "{text} must carry {m} decimals ({ccy})");
    format!("{int}{frac}")
        .parse()
        .unwrap_or_else(|_| panic!("not an amount: {text}"))
}

fn expect_failures(label: &str, rule: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "[{label}] {rule}: {} failures, e.g.\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Order and ids, references (the passport included), the CONS rules of every event file, the AL
/// flags and the ground truth: `bankgen validate` checks them all, on every record, with every
/// dataset-wide rule able to run (no skipped rules) and every event file read.
#[test]
fn the_validator_finds_nothing_in_the_event_files() {
    for d in datasets() {
        assert_rules_quiet(d, &RECORD_FAMILIES);
        let v = &d.validated;
        for file in event_files() {
            let n = v.records.get(&format!("{file}.jsonl")).copied();
            assert!(
                n.is_some_and(|n| n > 0),
                "[{}] {file} not validated or empty",
                d.label
            );
        }
        assert!(
            v.findings.is_empty(),
            "[{}] other findings: {:?}",
            d.label,
            v.findings
        );
    }
}

/// The datasets exercise the validator's transaction rules: every type of the §7.4 presence table
/// occurs, and some transactions cross currencies (CONS-FX's exchange_rate/amount_local branch).
#[test]
fn the_datasets_exercise_every_transaction_type_and_cross_currency_fx() {
    for d in datasets() {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut cross_currency = 0;
        for (_, t) in d.records("transactions") {
            *counts
                .entry(s(&t["transaction_type"]).to_string())
                .or_default() += 1;
            cross_currency += present(&t["exchange_rate"]) as usize;
        }
        for kind in [
            "deposit",
            "withdrawal",
            "transfer",
            "payment",
            "wire",
            "ach",
            "check",
            "atm",
            "pos",
            "online",
        ] {
            assert!(
                counts.get(kind).copied().unwrap_or(0) > 0,
                "[{}] no {kind}",
                d.label
            );
        }
        assert!(
            cross_currency > 0,
            "[{}] no cross-currency transaction",
            d.label
        );
    }
}

/// Fails when any rule whose id starts with one of `rules` fired on a dataset, or a rule was skipped.
fn assert_rules_quiet(d: &Dataset, rules: &[&str]) {
    let v = &d.validated;
    assert!(
        v.skipped.is_empty(),
        "[{}] skipped: {:?}",
        d.label,
        v.skipped
    );
    let fired: Vec<String> = v
        .findings
        .iter()
        .filter(|(id, _)| rules.iter().any(|r| id.starts_with(r)))
        .map(|(id, (count, examples))| format!("{id} ×{count}:\n  {}", examples.join("\n  ")))
        .collect();
    assert!(fired.is_empty(), "[{}]\n{}", d.label, fired.join("\n"));
}

/// Trades: the validator re-runs the trade AL rules on every record (ALERT-1, with the trader's
/// residence and the issuer's officers and major shareholders from the companies and relationships
/// files) and resolves every stock's and option's symbol to a listed company (REF-4). What stays
/// here is that the datasets exercise those rules: trades on listed issuers, and flagged ones.
#[test]
fn trades_name_listed_issuers_and_their_alerts_recompute() {
    for d in datasets() {
        assert_rules_quiet(d, &["REF-4", "ALERT-"]);
        let (mut on_issuers, mut flagged) = (0, 0);
        for (_, t) in d.records("trades") {
            on_issuers += matches!(s(&t["asset_type"]), "stock" | "option") as usize;
            flagged += (t["flagged_for_review"] == true) as usize;
        }
        assert!(on_issuers > 0, "[{}] no stock or option trade", d.label);
        assert!(flagged > 0, "[{}] no trade flagged", d.label);
    }
}

/// Communications and travels: the AL flags agree with their lists (ALERT-2: keywords, flag reason,
/// attachments) and recompute (ALERT-1); a travel arrives in another country (CONS-TRAVEL) on its
/// departure date or the next, returns 1–30 days later and was booked 1–60 days before (RANGE-9), and
/// declares cash iff it names an amount (CONS-PRESENCE). What stays here is that the datasets exercise
/// those rules: travels with declared cash and next-day (long-haul) arrivals.
#[test]
fn communication_and_travel_fields_agree() {
    for d in datasets() {
        assert_rules_quiet(d, &["ALERT-", "CONS-TRAVEL", "CONS-PRESENCE", "RANGE-9"]);
        assert!(
            d.records("communications").next().is_some(),
            "[{}] no communication",
            d.label
        );
        let (mut declared, mut next_day) = (0, 0);
        for (_, v) in d.records("travels") {
            declared += (v["cash_declaration"] == true) as usize;
            next_day +=
                (date_of(ts(&v["arrival_date"])) > date_of(ts(&v["departure_date"]))) as usize;
        }
        assert!(declared > 0, "[{}] no travel declares cash", d.label);
        assert!(next_day > 0, "[{}] no next-day arrival", d.label);
    }
}

#[test]
fn background_carries_its_camouflage() {
    // The invoice payment and insider checks need a window longer than the payment terms.
    let d = datasets()[0];

    // Failed-login bursts, new devices and new IPs (an event whose device/IP the account never used
    // before, after the account's first event).
    let mut bursts = 0;
    let mut new_devices = 0;
    let mut new_ips = 0;
    let mut last_failed: BTreeMap<String, Timestamp> = BTreeMap::new();
    let mut seen: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    let mut types = BTreeSet::new();
    for (_, e) in d.records("account_events") {
        let account = s(&e["account_id"]).to_string();
        let at = ts(&e["timestamp"]);
        types.insert(s(&e["event_type"]).to_string());
        if e["event_type"] == "failed_login" {
            if last_failed.get(&account).is_some_and(|&t| at - t <= 600) {
                bursts += 1;
            }
            last_failed.insert(account.clone(), at);
        }
        let (device, ip) = (
            s(&e["device_id"]).to_string(),
            s(&e["ip_address"]).to_string(),
        );
        match seen.get_mut(&account) {
            None => {
                seen.insert(account, ([device].into(), [ip].into()));
            }
            Some((devices, ips)) => {
                new_devices += devices.insert(device) as usize;
                new_ips += ips.insert(ip) as usize;
            }
        }
    }
    assert!(
        bursts > 0,
        "no failed-login burst (≥ 2 within 10 minutes on one account)"
    );
    assert!(new_devices > 0, "no new device on a known account");
    assert!(new_ips > 0, "no new IP on a known account");
    let all: BTreeSet<String> = [
        "login",
        "failed_login",
        "password_change",
        "email_change",
        "phone_change",
        "device_change",
    ]
    .map(String::from)
    .into();
    assert_eq!(types, all, "background contains every event type");

    // Invoice payments: a wire or ACH from an account of the recipient to an account of the issuer,
    // for exactly the invoice total in the invoice currency, at or after the invoice. Every transaction
    // referencing an invoice number must be such a payment.
    let mut invoices: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut doc_numbers: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut duplicate_numbers = Vec::new();
    for (line, doc) in d.records("documents") {
        let key = (
            s(&doc["issuer_id"]).to_string(),
            s(&doc["document_number"]).to_string(),
        );
        if let Some(other) = doc_numbers.insert(key.clone(), s(&doc["id"]).to_string()) {
            duplicate_numbers.push(format!("{key:?}: {other} and {}", doc["id"]));
        }
        if doc["document_type"] == "invoice" {
            let mut doc = doc;
            doc["total_minor"] = minor(raw(line, "total_amount"), s(&doc["currency"])).into();
            invoices
                .entry(s(&doc["document_number"]).to_string())
                .or_default()
                .push(doc);
        }
    }
    expect_failures(
        &d.label,
        "document number unique per issuer",
        &duplicate_numbers,
    );
    let mut paid = 0;
    let mut bad = Vec::new();
    for (line, t) in d.records("transactions") {
        let reference = s(&t["reference_number"]);
        let Some(candidates) = invoices.get(reference) else {
            check_plain_reference(reference, &t, &mut bad);
            continue;
        };
        let ccy = s(&t["currency"]);
        let amount = minor(raw(line, "amount"), ccy);
        let at = ts(&t["transaction_date"]);
        let (Some(from), Some(to)) = (t["from_entity_id"].as_str(), t["to_entity_id"].as_str())
        else {
            bad.push(format!("{} pays {reference} without both sides", t["id"]));
            continue;
        };
        let matches = candidates.iter().any(|inv| {
            let issued = ts(&inv["issue_date"]);
            inv["recipient_id"] == from
                && inv["issuer_id"] == to
                && inv["currency"] == ccy
                && inv["total_minor"].as_i64() == Some(amount)
                // Whole-day lags (§5.3): paid in advance (at the issue, before the goods ship a
                // week later) and cash on delivery at its time, net terms after it.
                && (at - issued) % 86_400 == 0
                && match s(&inv["payment_terms"]) {
                    "advance_payment" | "cod" => at == issued,
                    _ => at > issued && at - issued <= 90 * 86_400 + 86_400,
                }
        });
        if matches && matches!(s(&t["transaction_type"]), "wire" | "ach") {
            paid += 1;
        } else {
            bad.push(format!(
                "{} {} {} {} {ccy} {from} → {to} at {} references {reference} but matches no invoice: {:?}",
                t["id"],
                t["transaction_type"],
                raw(line, "amount"),
                t["status"],
                t["transaction_date"],
                candidates
                    .iter()
                    .map(|i| format!(
                        "{} {} {} {} {} → {} {}",
                        i["id"], i["total_amount"], i["currency"], i["issue_date"], i["recipient_id"],
                        i["issuer_id"], i["payment_terms"]
                    ))
                    .collect::<Vec<_>>()
            ));
        }
    }
    expect_failures(&d.label, "invoice payments", &bad);
    assert!(paid > 0, "no invoice payment in background");

    // Officers trading their own company's stock.
    let by_ticker: BTreeMap<&str, &Value> = d
        .companies
        .values()
        .filter_map(|c| c["stock_ticker"].as_str().map(|t| (t, c)))
        .collect();
    let insider_trades = d
        .records("trades")
        .filter(|(_, t)| {
            t["asset_type"] == "stock"
                && by_ticker.get(s(&t["symbol"])).is_some_and(|c| {
                    c["officers"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|o| o["person_id"] == t["trader_id"])
                })
        })
        .count();
    assert!(
        insider_trades > 0,
        "no officer trades their own company's stock"
    );
}

/// A reference that names no invoice: `REF-` + 10 digits, or another document number of a pattern.
fn check_plain_reference(reference: &str, t: &Value, bad: &mut Vec<String>) {
    let shaped = reference.len() == 14
        && reference.starts_with("REF-")
        && reference[4..].bytes().all(|b| b.is_ascii_digit());
    if !shaped && t["pattern_id"].is_null() {
        bad.push(format!("{} has reference {reference}", t["id"]));
    }
}
