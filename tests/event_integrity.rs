//! Integrity of the event files (SPEC §5.1, §5.2, §7.4–7.9, §12 ID/REF/CONS/ALERT), read only from the
//! output files of a real run: every file in (timestamp, id) order with unique ids of its prefix, every
//! reference resolves, the CONS rules hold (owners, currencies, exact FX, type field presence, posting,
//! eligibility, trade and document arithmetic), background carries its camouflage (failed-login bursts,
//! new devices and IPs, invoice payments, officers trading their own stock) and the AL fields agree.

mod common;
use bankgen::alert::AlertParams;
use bankgen::generators::trade::{EXCHANGES, TradeFacts, minor_to_usd_cents, trade_alerts};
use bankgen::model::company::StockExchange;
use bankgen::model::trade::AssetType;
use bankgen::record::Decimal;
use bankgen::refdata::currencies::{CURRENCIES, convert_minor, to_usd_minor};
use bankgen::time::{Date, Timestamp, add_business_days, date_of, parse_date, parse_timestamp};
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// The six event files: name, id prefix and order-key field.
const EVENT_FILES: [(&str, &str, &str); 6] = [
    ("transactions", "TXN", "transaction_date"),
    ("communications", "MSG", "timestamp"),
    ("trades", "TRD", "trade_date"),
    ("travels", "TRV", "departure_date"),
    ("documents", "DOC", "issue_date"),
    ("account_events", "EVT", "timestamp"),
];

struct Account {
    owner: String,
    currency: String,
    status: String,
    opened: Date,
    closed: Option<Date>,
}

impl Account {
    /// SPEC §5.2: active (or closed with date(ts) before the closing date) and opened on or before date(ts).
    fn eligible_at(&self, ts: Timestamp) -> bool {
        let day = date_of(ts);
        self.opened <= day
            && match self.status.as_str() {
                "active" => true,
                "closed" => self.closed.is_some_and(|c| day < c),
                _ => false,
            }
    }
}

struct Dataset {
    label: String,
    start: Timestamp,
    end: Timestamp,
    persons: BTreeMap<String, Value>,
    companies: BTreeMap<String, Value>,
    accounts: BTreeMap<String, Account>,
    relationships: Vec<Value>,
    /// Raw JSONL lines of each event file (numbers are compared as printed text).
    events: BTreeMap<String, Vec<String>>,
}

impl Dataset {
    fn load(args: &[&str]) -> Dataset {
        let dir = generate(args);
        let files = files(&dir.path().join("out"));
        let manifest: Value = serde_json::from_slice(&files["manifest.json"]).expect("manifest");
        let start = parse_timestamp(s(&manifest["config"]["start"])).expect("start");
        let end = start + manifest["config"]["days"].as_i64().expect("days") * 86_400;
        let read = |name: &str| -> Vec<Value> {
            jsonl_records(files.get(&format!("{name}.jsonl")).expect(name))
        };
        let by_id = |records: Vec<Value>| -> BTreeMap<String, Value> {
            records
                .into_iter()
                .map(|r| (s(&r["id"]).to_string(), r))
                .collect()
        };
        let accounts = read("accounts")
            .into_iter()
            .map(|a| {
                (
                    s(&a["id"]).to_string(),
                    Account {
                        owner: s(&a["owner_id"]).to_string(),
                        currency: s(&a["currency"]).to_string(),
                        status: s(&a["status"]).to_string(),
                        opened: date(&a["opened_date"]),
                        closed: a["closed_date"].as_str().map(|d| parse_date(d).unwrap()),
                    },
                )
            })
            .collect();
        let events = EVENT_FILES
            .iter()
            .map(|(name, _, _)| {
                let bytes = files.get(&format!("{name}.jsonl")).expect(name);
                let text = std::str::from_utf8(bytes).expect("utf-8");
                (name.to_string(), text.lines().map(str::to_string).collect())
            })
            .collect();
        Dataset {
            label: args.join(" "),
            start,
            end,
            persons: by_id(read("persons")),
            companies: by_id(read("companies")),
            accounts,
            relationships: read("relationships"),
            events,
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

    fn entity_exists(&self, id: &str) -> bool {
        self.persons.contains_key(id) || self.companies.contains_key(id)
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

fn date(v: &Value) -> Date {
    parse_date(s(v)).unwrap_or_else(|| panic!("bad date {v}"))
}

fn present(v: &Value) -> bool {
    !v.is_null()
}

fn non_empty(v: &Value) -> bool {
    !v.as_array().expect("an array").is_empty()
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

/// Minor units printed with the currency's decimals.
fn money(units: i64, ccy: &str) -> String {
    Decimal::new(units, minor_units(ccy)).to_string()
}

fn is_record_id(id: &str, prefix: &str) -> bool {
    id.len() == prefix.len() + 17
        && id.starts_with(prefix)
        && id.as_bytes()[prefix.len()] == b'-'
        && id[prefix.len() + 1..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
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

/// Collects failures per dataset and rule, and reports them all at once.
#[derive(Default)]
struct Failures {
    label: String,
    found: BTreeMap<(String, &'static str), Vec<String>>,
}

impl Failures {
    fn check(&mut self, ok: bool, rule: &'static str, example: impl FnOnce() -> String) {
        let list = self.found.entry((self.label.clone(), rule)).or_default();
        if !ok {
            list.push(example());
        }
    }

    fn assert_none(&self) {
        let report: Vec<String> = self
            .found
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|((label, rule), v)| {
                format!(
                    "[{label}] {rule}: {} failures, e.g.\n  {}",
                    v.len(),
                    v.iter().take(3).cloned().collect::<Vec<_>>().join("\n  ")
                )
            })
            .collect();
        assert!(report.is_empty(), "\n{}", report.join("\n"));
    }
}

#[test]
fn event_files_are_ordered_by_timestamp_and_id_with_unique_prefixed_ids() {
    for d in datasets() {
        for (file, prefix, key) in EVENT_FILES {
            let mut previous: Option<(Timestamp, String)> = None;
            let mut ids = BTreeSet::new();
            let mut bad = Vec::new();
            let mut n = 0;
            for (_, r) in d.records(file) {
                n += 1;
                let id = s(&r["id"]).to_string();
                if !is_record_id(&id, prefix) {
                    bad.push(format!("id {id} is not {prefix}-<16 hex>"));
                }
                if !ids.insert(id.clone()) {
                    bad.push(format!("duplicate id {id}"));
                }
                let t = ts(&r[key]);
                if !(d.start..d.end).contains(&t) {
                    bad.push(format!("{id}: {key} {} outside the window", r[key]));
                }
                let current = (t, id);
                if let Some(p) = &previous
                    && p >= &current
                {
                    bad.push(format!("{} not after {p:?}", current.1));
                }
                previous = Some(current);
            }
            assert!(n > 0, "[{}] {file} is empty", d.label);
            expect_failures(&d.label, &format!("{file} order and ids"), &bad);
        }
    }
}

#[test]
fn every_event_reference_resolves() {
    let mut f = Failures::default();
    for d in datasets() {
        f.label = d.label.clone();
        for (_, t) in d.records("transactions") {
            for side in ["from", "to"] {
                let account = &t[format!("{side}_account_id")];
                let entity = &t[format!("{side}_entity_id")];
                f.check(
                    account.is_null() || d.accounts.contains_key(s(account)),
                    "REF transaction account",
                    || format!("{} {side} {account}", t["id"]),
                );
                f.check(
                    entity.is_null() || d.entity_exists(s(entity)),
                    "REF transaction entity",
                    || format!("{} {side} {entity}", t["id"]),
                );
            }
        }
        for (_, t) in d.records("trades") {
            f.check(
                d.persons.contains_key(s(&t["trader_id"])),
                "REF trade trader",
                || format!("{} {}", t["id"], t["trader_id"]),
            );
            f.check(
                d.accounts.contains_key(s(&t["account_id"])),
                "REF trade account",
                || format!("{} {}", t["id"], t["account_id"]),
            );
        }
        for (_, m) in d.records("communications") {
            f.check(
                d.persons.contains_key(s(&m["sender_id"])) && m["sender_type"] == "person",
                "REF communication sender",
                || format!("{} {}", m["id"], m["sender_id"]),
            );
            let recipients = m["recipient_ids"].as_array().unwrap();
            let types = m["recipient_types"].as_array().unwrap();
            f.check(
                !recipients.is_empty() && recipients.len() == types.len(),
                "communication recipients and types pair up",
                || format!("{}", m["id"]),
            );
            for (r, kind) in recipients.iter().zip(types) {
                f.check(
                    kind == "person" && d.persons.contains_key(s(r)),
                    "REF communication recipient",
                    || format!("{} {r} {kind}", m["id"]),
                );
                f.check(r != &m["sender_id"], "communication to oneself", || {
                    format!("{} {r}", m["id"])
                });
            }
            let unique: BTreeSet<&str> = recipients.iter().map(s).collect();
            f.check(
                unique.len() == recipients.len(),
                "communication recipients unique",
                || format!("{} {:?}", m["id"], recipients),
            );
        }
        for (_, v) in d.records("travels") {
            let traveller = d.persons.get(s(&v["traveler_id"]));
            f.check(traveller.is_some(), "REF travel traveller", || {
                format!("{} {}", v["id"], v["traveler_id"])
            });
            if let Some(p) = traveller {
                let passports: Vec<&str> = p["identification_documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|doc| doc["doc_type"] == "passport")
                    .map(|doc| s(&doc["doc_number"]))
                    .collect();
                let ok = match v["passport_number"].as_str() {
                    Some(n) => passports.contains(&n),
                    None => passports.is_empty(),
                };
                f.check(ok, "REF travel passport = the traveller's passport", || {
                    format!("{} {} of {:?}", v["id"], v["passport_number"], passports)
                });
            }
        }
        for (_, doc) in d.records("documents") {
            let (issuer, recipient) = (s(&doc["issuer_id"]), s(&doc["recipient_id"]));
            f.check(
                d.companies.contains_key(issuer) && d.companies.contains_key(recipient),
                "REF document issuer and recipient",
                || format!("{} {issuer} {recipient}", doc["id"]),
            );
            f.check(issuer != recipient, "document issuer ≠ recipient", || {
                format!("{} {issuer}", doc["id"])
            });
        }
        for (_, e) in d.records("account_events") {
            let account = d.accounts.get(s(&e["account_id"]));
            f.check(account.is_some(), "REF account event account", || {
                format!("{} {}", e["id"], e["account_id"])
            });
            f.check(
                d.entity_exists(s(&e["owner_id"])),
                "REF account event owner",
                || format!("{} {}", e["id"], e["owner_id"]),
            );
        }
    }
    f.assert_none();
}

/// §7.4 presence table: (from, to, location, ip) set per type.
fn presence(kind: &str) -> (bool, bool, bool, bool) {
    match kind {
        "deposit" => (false, true, true, false),
        "withdrawal" | "atm" => (true, false, true, false),
        "pos" => (true, true, true, false),
        "online" | "payment" | "transfer" => (true, true, false, true),
        "wire" | "ach" | "check" => (true, true, false, false),
        other => panic!("unknown transaction type {other}"),
    }
}

#[test]
fn transactions_follow_the_cons_rules() {
    let mut f = Failures::default();
    for d in datasets() {
        f.label = d.label.clone();
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut cross_currency = 0;
        for (line, t) in d.records("transactions") {
            let id = s(&t["id"]).to_string();
            let kind = s(&t["transaction_type"]);
            *counts.entry(kind.to_string()).or_default() += 1;
            let at = ts(&t["transaction_date"]);
            let from = t["from_account_id"].as_str().map(|a| &d.accounts[a]);
            let to = t["to_account_id"].as_str().map(|a| &d.accounts[a]);

            // CONS-OWNER: entities are the accounts' owners, null iff the account is null.
            for (side, account) in [("from", from), ("to", to)] {
                let entity = t[format!("{side}_entity_id")].as_str();
                f.check(
                    entity == account.map(|a| a.owner.as_str()),
                    "CONS-OWNER",
                    || format!("{id} {side}: entity {entity:?}"),
                );
            }
            // CONS-SELF.
            f.check(
                t["from_account_id"].is_null() || t["from_account_id"] != t["to_account_id"],
                "CONS-SELF",
                || format!("{id} {}", t["from_account_id"]),
            );
            // CONS-PRESENCE.
            let (want_from, want_to, want_location, want_ip) = presence(kind);
            let got = (
                from.is_some(),
                to.is_some(),
                !t["transaction_location"].is_null(),
                !t["ip_address"].is_null(),
            );
            f.check(
                got == (want_from, want_to, want_location, want_ip),
                "CONS-PRESENCE",
                || format!("{id} {kind}: (from, to, location, ip) = {got:?}"),
            );
            if matches!(kind, "pos" | "online") {
                f.check(
                    t["to_entity_id"]
                        .as_str()
                        .is_some_and(|e| e.starts_with("ORG-")),
                    "pos/online receiver is a company",
                    || format!("{id} {kind} to {}", t["to_entity_id"]),
                );
            }
            // CONS-CCY.
            let ccy = s(&t["currency"]);
            let expected_ccy = if kind == "deposit" { to } else { from };
            f.check(
                expected_ccy.is_some_and(|a| a.currency == ccy),
                "CONS-CCY",
                || {
                    format!(
                        "{id} {kind}: currency {ccy}, account {:?}",
                        expected_ccy.map(|a| &a.currency)
                    )
                },
            );
            // Money and CONS-FX.
            let amount = minor(raw(line, "amount"), ccy);
            f.check(amount > 0, "RANGE amount > 0", || format!("{id} {amount}"));
            f.check(
                raw(line, "amount_usd") == Decimal::new(to_usd_minor(amount, ccy), 2).to_string(),
                "CONS-FX amount_usd",
                || {
                    format!(
                        "{id}: {} {ccy} → {} USD, expected {}",
                        raw(line, "amount"),
                        raw(line, "amount_usd"),
                        Decimal::new(to_usd_minor(amount, ccy), 2)
                    )
                },
            );
            let fx_expected = match (from, to) {
                (Some(a), Some(b)) => a.currency != b.currency,
                _ => false,
            };
            let fx_fields = [
                raw(line, "exchange_rate"),
                raw(line, "amount_local"),
                raw(line, "currency_local"),
            ];
            if fx_expected {
                cross_currency += 1;
                let receiver = &to.unwrap().currency;
                let (rate, local) = convert_minor(amount, ccy, receiver);
                let want = [
                    rate.to_string(),
                    money(local, receiver),
                    format!("\"{receiver}\""),
                ];
                f.check(
                    fx_fields == want.each_ref().map(String::as_str),
                    "CONS-FX cross-currency",
                    || {
                        format!(
                            "{id}: {} {ccy} → {fx_fields:?}, expected {want:?}",
                            raw(line, "amount")
                        )
                    },
                );
            } else {
                f.check(
                    fx_fields == ["null"; 3],
                    "CONS-FX fields null without two currencies",
                    || format!("{id}: {fx_fields:?}"),
                );
            }
            // Fees: in the transaction currency, 0 ≤ fee < amount.
            f.check(t["fee_currency"] == t["currency"], "fee currency", || {
                format!("{id} {}", t["fee_currency"])
            });
            let fee = minor(raw(line, "fee_amount"), ccy);
            f.check(
                (0..amount).contains(&fee),
                "RANGE 0 ≤ fee < amount",
                || format!("{id} fee {fee} amount {amount}"),
            );
            // CONS-POSTING and status.
            let status = s(&t["status"]);
            let posting = t["posting_date"]
                .as_str()
                .map(|p| parse_timestamp(p).unwrap());
            f.check(
                posting.is_none() == matches!(status, "pending" | "failed"),
                "posting_date null iff pending/failed",
                || format!("{id} {status} posting {posting:?}"),
            );
            if let Some(p) = posting {
                f.check(
                    p >= at && date_of(p) <= add_business_days(date_of(at), 2),
                    "CONS-POSTING within 0–2 business days",
                    || format!("{id} {} → {}", t["transaction_date"], t["posting_date"]),
                );
                f.check(
                    t["value_date"].as_str() == Some(&s(&t["posting_date"])[..10]),
                    "value_date = date(posting_date)",
                    || format!("{id} {} {}", t["value_date"], t["posting_date"]),
                );
            } else {
                f.check(
                    t["value_date"].is_null(),
                    "value_date null without posting",
                    || id.clone(),
                );
            }
            if status == "pending" {
                f.check(
                    at >= d.end - 3 * 86_400,
                    "pending only in the last 3 days",
                    || format!("{id} {}", t["transaction_date"]),
                );
            }
            // CONS-ELIG: both accounts eligible at the transaction's time.
            for (side, account) in [("from", from), ("to", to)] {
                if let Some(a) = account {
                    f.check(a.eligible_at(at), "CONS-ELIG transaction account", || {
                        format!(
                            "{id} {side} {} {} opened {} closed {:?} at {}",
                            t[format!("{side}_account_id")],
                            a.status,
                            a.opened,
                            a.closed,
                            t["transaction_date"]
                        )
                    });
                }
            }
            // ALERT-2.
            f.check(
                t["is_flagged"].as_bool().unwrap() == non_empty(&t["alert_reasons"]),
                "ALERT is_flagged ⇔ alert_reasons",
                || id.clone(),
            );
            f.check(
                t["is_laundering"].as_bool().unwrap() == present(&t["pattern_id"]),
                "GT is_laundering ⇔ pattern_id",
                || id.clone(),
            );
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
    f.assert_none();
}

/// Adds `n` business days (Monday–Friday) to `day`, independently of the library.
fn plus_business_days(mut day: Date, n: u32) -> Date {
    let mut left = n;
    while left > 0 {
        day += 1;
        // 1970-01-01 was a Thursday: weekday index with Monday = 0.
        if (day + 3).rem_euclid(7) < 5 {
            left -= 1;
        }
    }
    day
}

#[test]
fn trades_documents_and_account_events_are_consistent() {
    let mut f = Failures::default();
    for d in datasets() {
        f.label = d.label.clone();
        for (line, t) in d.records("trades") {
            let id = s(&t["id"]).to_string();
            let at = ts(&t["trade_date"]);
            let account = &d.accounts[s(&t["account_id"])];
            f.check(
                account.owner == s(&t["trader_id"]),
                "trade account owned by the trader",
                || {
                    format!(
                        "{id}: account {} owned by {}, trader {}",
                        t["account_id"], account.owner, t["trader_id"]
                    )
                },
            );
            f.check(account.eligible_at(at), "CONS-ELIG trade account", || {
                format!(
                    "{id} {} {} opened {} closed {:?} at {}",
                    t["account_id"],
                    account.status,
                    account.opened,
                    account.closed,
                    t["trade_date"]
                )
            });
            let ccy = s(&t["currency"]);
            let exchange = StockExchange::from_label(s(&t["exchange"])).expect("exchange");
            let spec = EXCHANGES.iter().find(|e| e.exchange == exchange).unwrap();
            f.check(
                ccy == spec.currency,
                "trade currency = exchange currency",
                || format!("{id} {ccy} on {}", t["exchange"]),
            );
            let quantity = t["quantity"].as_i64().unwrap();
            let price = minor(raw(line, "price"), ccy);
            let total = minor(raw(line, "total_value"), ccy);
            f.check(
                quantity > 0 && price > 0,
                "trade quantity and price > 0",
                || id.clone(),
            );
            f.check(
                total == quantity * price,
                "CONS-TRADE total = quantity × price",
                || {
                    format!(
                        "{id}: {quantity} × {} ≠ {}",
                        raw(line, "price"),
                        raw(line, "total_value")
                    )
                },
            );
            // Settlement T+1 (US, CA, MX) or T+2 business days from the local trade date.
            let local = at + spec.utc_offset_minutes as i64 * 60;
            let cycle = if matches!(spec.country, "US" | "CA" | "MX") {
                1
            } else {
                2
            };
            let settlement = date(&t["settlement_date"]);
            f.check(
                settlement == plus_business_days(date_of(local), cycle),
                "CONS-TRADE settlement T+1/T+2",
                || {
                    format!(
                        "{id} {} {} → {}",
                        t["exchange"], t["trade_date"], t["settlement_date"]
                    )
                },
            );
            let hour = local.rem_euclid(86_400) / 3_600;
            f.check(
                (date_of(local) + 3).rem_euclid(7) < 5
                    && (spec.open_hour as i64..spec.close_hour as i64).contains(&hour),
                "trade inside the exchange session",
                || format!("{id} {} {}", t["exchange"], t["trade_date"]),
            );
            f.check(
                minor(raw(line, "commission"), ccy) >= 0,
                "commission ≥ 0",
                || id.clone(),
            );
        }

        for (line, doc) in d.records("documents") {
            let id = s(&doc["id"]).to_string();
            let ccy = s(&doc["currency"]);
            let items = doc["line_items"].as_array().unwrap();
            f.check(
                (1..=10).contains(&items.len()),
                "document 1–10 lines",
                || format!("{id} {} lines", items.len()),
            );
            // Line amounts are printed inside the nested array; read them from its raw text.
            let nested = &line[line.find("\"line_items\":").unwrap()..];
            let mut sum = 0i64;
            let mut rest = nested;
            for (k, item) in items.iter().enumerate() {
                f.check(
                    item["line_no"].as_u64() == Some(k as u64 + 1),
                    "line_no 1..n",
                    || format!("{id} line {k}"),
                );
                let unit_price = minor(raw(rest, "unit_price"), ccy);
                let amount = minor(raw(rest, "amount"), ccy);
                let quantity = item["quantity"].as_i64().unwrap();
                f.check(
                    amount == quantity * unit_price,
                    "line amount = quantity × unit_price",
                    || format!("{id} line {}: {quantity} × {unit_price} ≠ {amount}", k + 1),
                );
                sum += amount;
                rest = &rest[rest.find("\"amount\":").unwrap() + 9..];
            }
            let total = minor(raw(line, "total_amount"), ccy);
            f.check(total == sum, "CONS-DOC total = Σ line amounts", || {
                format!("{id}: total {} ≠ Σ {sum}", raw(line, "total_amount"))
            });
            // Authenticity = 1 − 0.15 × indicators, floor 0 (in 1/10,000).
            let indicators = doc["tbml_indicators"].as_array().unwrap().len() as i64;
            let authenticity = Decimal::new((10_000 - 1_500 * indicators).max(0), 4).to_string();
            f.check(
                raw(line, "authenticity_score") == authenticity,
                "authenticity score",
                || {
                    format!(
                        "{id}: {indicators} indicators, {}",
                        raw(line, "authenticity_score")
                    )
                },
            );
        }

        for (_, e) in d.records("account_events") {
            let id = s(&e["id"]).to_string();
            let account = &d.accounts[s(&e["account_id"])];
            f.check(
                account.owner == s(&e["owner_id"]),
                "account event owner = account owner",
                || {
                    format!(
                        "{id}: owner {} account owned by {}",
                        e["owner_id"], account.owner
                    )
                },
            );
            f.check(
                account.eligible_at(ts(&e["timestamp"])),
                "CONS-ELIG account event account",
                || {
                    format!(
                        "{id} {} {} opened {} closed {:?} at {}",
                        e["account_id"],
                        account.status,
                        account.opened,
                        account.closed,
                        e["timestamp"]
                    )
                },
            );
        }
    }
    f.assert_none();
}

/// Officers of each listed company in office on `day`, by ticker.
fn officer_in_office(company: &Value, person: &str, day: Date) -> bool {
    company["officers"].as_array().unwrap().iter().any(|o| {
        o["person_id"] == person
            && date(&o["appointment_date"]) <= day
            && o["resignation_date"]
                .as_str()
                .is_none_or(|r| day < parse_date(r).unwrap())
    })
}

#[test]
fn trade_alerts_recompute_from_the_records() {
    let mut f = Failures::default();
    // The datasets are generated without a config file: default `[alerts.trades]`.
    let params = AlertParams::default().trades;
    let major_hundredths = params.major_shareholder_hundredths() as i64;
    for d in datasets() {
        f.label = d.label.clone();
        let by_ticker: BTreeMap<&str, &Value> = d
            .companies
            .values()
            .filter_map(|c| c["stock_ticker"].as_str().map(|t| (t, c)))
            .collect();
        // Direct person holdings: (person, company) → (hundredths, since).
        let mut holdings: BTreeMap<(&str, &str), Vec<(i64, Date)>> = BTreeMap::new();
        for r in &d.relationships {
            if r["relationship_type"] == "shareholder" && r["from_entity_type"] == "person" {
                let pct = (r["ownership_percentage"].as_f64().unwrap() * 100.0).round() as i64;
                holdings
                    .entry((s(&r["from_entity_id"]), s(&r["to_entity_id"])))
                    .or_default()
                    .push((pct, date(&r["start_date"])));
            }
        }
        let mut flagged = 0;
        for (line, t) in d.records("trades") {
            let id = s(&t["id"]).to_string();
            let at = ts(&t["trade_date"]);
            let asset = AssetType::from_label(s(&t["asset_type"])).unwrap();
            let symbol = s(&t["symbol"]);
            let ticker = match asset {
                AssetType::Stock => Some(symbol),
                // `{TICKER}{YYMMDD}{C|P}{strike:05}`.
                AssetType::Option if symbol.len() > 12 => Some(&symbol[..symbol.len() - 12]),
                _ => None,
            };
            let issuer = ticker.and_then(|tk| by_ticker.get(tk));
            if matches!(asset, AssetType::Stock) {
                f.check(
                    issuer.is_some(),
                    "stock symbol is a generated ticker",
                    || format!("{id} {symbol}"),
                );
            }
            let trader = s(&t["trader_id"]);
            let day = date_of(at);
            let (officer, major) = match issuer {
                Some(c) => (
                    officer_in_office(c, trader, day),
                    holdings.get(&(trader, s(&c["id"]))).is_some_and(|h| {
                        h.iter()
                            .any(|&(pct, since)| pct >= major_hundredths && since <= day)
                    }),
                ),
                None => (false, false),
            };
            let person = &d.persons[trader];
            let residence = person["addresses"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["is_primary"] == true)
                .map(|a| s(&a["country_code"]))
                .unwrap();
            let country = bankgen::refdata::country_by_code(residence).unwrap();
            let ccy = s(&t["currency"]);
            let currency = bankgen::refdata::currency_by_code(ccy).unwrap();
            let facts = TradeFacts {
                asset,
                total_usd_cents: minor_to_usd_cents(minor(raw(line, "total_value"), ccy), currency),
                ts: at,
                trader_utc_offset_minutes: bankgen::refdata::country(country).utc_offset_minutes,
                officer_of_issuer: officer,
                major_shareholder: major,
            };
            let mut indicators = Vec::new();
            let (score, flag) = trade_alerts(&facts, &params, &mut indicators);
            let got: Vec<&str> = t["insider_indicators"]
                .as_array()
                .unwrap()
                .iter()
                .map(s)
                .collect();
            f.check(
                got == indicators && raw(line, "risk_score") == score.to_string(),
                "ALERT trade indicators and score",
                || {
                    format!(
                        "{id}: got {got:?} {}, expected {indicators:?} {score}",
                        raw(line, "risk_score")
                    )
                },
            );
            f.check(
                t["flagged_for_review"] == flag,
                "ALERT trade flagged_for_review",
                || format!("{id}: {} with {got:?}", t["flagged_for_review"]),
            );
            flagged += flag as usize;
        }
        assert!(flagged > 0, "[{}] no trade flagged", d.label);
    }
    f.assert_none();
}

#[test]
fn communication_travel_and_document_alert_fields_agree() {
    let mut f = Failures::default();
    for d in datasets() {
        f.label = d.label.clone();
        for (_, m) in d.records("communications") {
            f.check(
                m["contains_suspicious_keywords"].as_bool().unwrap()
                    == non_empty(&m["suspicious_keywords"]),
                "contains_suspicious_keywords ⇔ keywords",
                || format!("{}", m["id"]),
            );
            f.check(
                m["is_flagged"].as_bool().unwrap() == present(&m["flag_reason"]),
                "communication is_flagged ⇔ flag_reason",
                || format!("{} {} {}", m["id"], m["is_flagged"], m["flag_reason"]),
            );
            let count = m["attachment_count"].as_u64().unwrap();
            f.check(
                m["has_attachments"].as_bool().unwrap() == (count > 0)
                    && m["attachment_types"].as_array().unwrap().len() as u64 == count,
                "attachments agree",
                || format!("{}", m["id"]),
            );
        }
        for (_, v) in d.records("travels") {
            f.check(
                v["arrival_country"] != v["departure_country"],
                "travel arrival ≠ departure",
                || format!("{}", v["id"]),
            );
            let (dep, arr) = (ts(&v["departure_date"]), ts(&v["arrival_date"]));
            f.check(
                arr >= dep && date_of(arr) - date_of(dep) <= 1,
                "arrival same day or next",
                || format!("{} {} {}", v["id"], v["departure_date"], v["arrival_date"]),
            );
            let ret = date(&v["return_date"]);
            f.check(
                (1..=30).contains(&(ret - date_of(arr))),
                "return 1–30 days after arrival",
                || format!("{} {} {}", v["id"], v["arrival_date"], v["return_date"]),
            );
            f.check(
                v["cash_declaration"].as_bool().unwrap() == present(&v["declared_cash_amount"]),
                "declared amount iff cash declaration",
                || format!("{}", v["id"]),
            );
        }
    }
    f.assert_none();
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
    // for exactly the invoice total in the invoice currency, after the invoice (before it when paid in
    // advance). Every transaction referencing an invoice number must be such a payment.
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
                // Whole-day lags (§5.3): paid in advance strictly before the invoice, cash on
                // delivery at its time, net terms after it.
                && (at - issued) % 86_400 == 0
                && match s(&inv["payment_terms"]) {
                    "advance_payment" => (issued - 7 * 86_400..issued).contains(&at),
                    "cod" => at == issued,
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
