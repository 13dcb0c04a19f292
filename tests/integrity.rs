//! Referential integrity and consistency of the entity files (SPEC §7.1–7.3, §7.10, §12 REF/CONS/IDENT):
//! every reference resolves, the paired facts agree (married ⇔ spouse edge, parent ⇔ subsidiaries,
//! officers ⇔ director edges, UBO-1 — checked by `bankgen validate`'s own rules on the dataset), and every
//! identifier passes its checksum.

mod common;
use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

struct Dataset {
    _dir: tempfile::TempDir,
    /// `bankgen validate`'s findings on the dataset: rule id → count.
    findings: BTreeMap<String, u64>,
    skipped: Vec<(String, String)>,
    persons: Vec<Value>,
    companies: Vec<Value>,
    accounts: Vec<Value>,
    relationships: Vec<Value>,
}

fn dataset(args: &[&str]) -> Dataset {
    let dir = generate(args);
    let files = files(&dir.path().join("out"));
    let read = |name: &str| files.get(name).map(|b| json_records(b)).unwrap_or_default();
    let outcome = bankgen::validate::run(&bankgen::validate::Options {
        dirs: vec![dir.path().join("out")],
        strict: false,
        max_examples: 3,
        realism: false,
        partial: false,
    })
    .expect("validates");
    Dataset {
        findings: outcome
            .findings
            .rules
            .iter()
            .map(|(id, r)| (id.to_string(), r.count))
            .collect(),
        skipped: outcome.skipped.clone(),
        _dir: dir,
        persons: read("persons.json"),
        companies: read("companies.json"),
        accounts: read("accounts.json"),
        relationships: read("relationships.json"),
    }
}

fn ids(records: &[Value]) -> BTreeSet<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

#[test]
fn every_reference_resolves_and_paired_facts_agree() {
    let d = dataset(&["--persons", "2000", "--seed", "5"]);
    let persons = ids(&d.persons);
    let companies = ids(&d.companies);
    let accounts = ids(&d.accounts);
    assert_eq!(persons.len(), 2000);
    assert_eq!(accounts.len(), 4000);
    let entity = |id: &str, kind: &str| match kind {
        "person" => persons.contains(id),
        "company" => companies.contains(id),
        _ => false,
    };

    // Accounts: owners, joint owners (never the owner), beneficial owners.
    for a in &d.accounts {
        assert!(
            entity(s(&a["owner_id"]), s(&a["owner_type"])),
            "owner of {}",
            a["id"]
        );
        for j in a["joint_owners"].as_array().unwrap() {
            assert!(
                persons.contains(s(j)) && j != &a["owner_id"],
                "joint owner of {}",
                a["id"]
            );
        }
        for b in a["beneficial_owners"].as_array().unwrap() {
            assert!(persons.contains(s(b)), "beneficial owner of {}", a["id"]);
        }
    }
    // Persons: employers.
    for p in &d.persons {
        for job in p["employment_history"].as_array().unwrap() {
            assert!(
                companies.contains(s(&job["employer_id"])),
                "employer of {}",
                p["id"]
            );
        }
    }
    // Companies: officers resolve (parent ⇔ subsidiaries is CONS-GROUP, below).
    for c in &d.companies {
        for o in c["officers"].as_array().unwrap() {
            assert!(
                persons.contains(s(&o["person_id"])),
                "officer of {}",
                c["id"]
            );
        }
    }
    // Relationships: endpoints resolve with their types; no self edges; unique ids.
    let mut rel_ids = BTreeSet::new();
    let mut spouses: BTreeSet<(String, String)> = BTreeSet::new();
    for r in &d.relationships {
        assert!(
            rel_ids.insert(s(&r["id"]).to_string()),
            "duplicate id {}",
            r["id"]
        );
        let (from, to) = (s(&r["from_entity_id"]), s(&r["to_entity_id"]));
        assert!(
            entity(from, s(&r["from_entity_type"])),
            "from of {}",
            r["id"]
        );
        assert!(entity(to, s(&r["to_entity_type"])), "to of {}", r["id"]);
        assert_ne!(from, to, "self edge {}", r["id"]);
        let kind = s(&r["relationship_type"]);
        assert!(
            kind != "child" && kind != "employer",
            "reserved label written"
        );
        if kind == "spouse" {
            let pair = if from < to { (from, to) } else { (to, from) };
            assert!(
                spouses.insert((pair.0.into(), pair.1.into())),
                "spouse pair written twice"
            );
        }
        assert_eq!(r["is_active"].as_bool().unwrap(), r["end_date"].is_null());
    }
    // employee edges ⇔ current jobs, with the same start date.
    let current_jobs: BTreeSet<(String, String, String)> = d
        .persons
        .iter()
        .flat_map(|p| {
            p["employment_history"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|j| j["is_current"] == true)
                .map(|j| {
                    (
                        s(&p["id"]).to_string(),
                        s(&j["employer_id"]).to_string(),
                        s(&j["start_date"]).to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let employee_edges: BTreeSet<(String, String, String)> = d
        .relationships
        .iter()
        .filter(|r| r["relationship_type"] == "employee")
        .map(|r| {
            (
                s(&r["from_entity_id"]).to_string(),
                s(&r["to_entity_id"]).to_string(),
                s(&r["start_date"]).to_string(),
            )
        })
        .collect();
    assert_eq!(
        current_jobs, employee_edges,
        "employee edges ⇔ current jobs"
    );
    // Households produce couples (married ⇔ spouse edge itself is CONS-HOUSEHOLD, below).
    assert!(spouses.len() > 50, "households produce couples");
    // The paired facts are the validator's rules, not a second copy here: married ⇔ spouse edge and
    // joint owners in the household (CONS-HOUSEHOLD), officers ⇔ director edges (CONS-OFFICER), parent
    // ⇔ subsidiaries (CONS-GROUP), beneficial_owner edges and account beneficial owners = the UBO-1
    // set (UBO-1); and the rules ran.
    for rule in [
        "CONS-HOUSEHOLD",
        "CONS-OFFICER",
        "CONS-GROUP",
        "UBO-1",
        "CONS-AGE",
    ] {
        assert_eq!(d.findings.get(rule), None, "{rule} fired: {:?}", d.findings);
        assert!(
            !d.skipped.iter().any(|(what, _)| what.contains(rule)),
            "{rule} skipped: {:?}",
            d.skipped
        );
    }
}

#[test]
fn identifiers_pass_their_checksums() {
    let d = dataset(&["--persons", "3000", "--seed", "9"]);
    let mut ibans = BTreeSet::new();
    let mut seen = BTreeMap::<&str, usize>::new();
    for a in &d.accounts {
        if let Some(iban) = a["iban"].as_str() {
            assert!(bankgen::ident::iban::is_valid(iban), "IBAN {iban}");
            assert!(ibans.insert(iban.to_string()), "IBAN {iban} unique");
            *seen.entry("iban").or_default() += 1;
        }
        assert!(
            bankgen::ident::bic::is_valid(s(&a["swift_code"])),
            "BIC {}",
            a["swift_code"]
        );
        if let Some(aba) = a["routing_number"].as_str() {
            assert!(bankgen::ident::aba::is_valid(aba), "ABA {aba}");
            *seen.entry("aba").or_default() += 1;
        }
    }
    for c in &d.companies {
        if let Some(lei) = c["lei_code"].as_str() {
            assert!(bankgen::ident::lei::is_valid(lei), "LEI {lei}");
            *seen.entry("lei").or_default() += 1;
        }
        if let Some(email) = c["email"].as_str() {
            assert!(bankgen::ident::email::is_valid(email), "email {email}");
        }
    }
    for p in &d.persons {
        for e in p["email_addresses"].as_array().unwrap() {
            let email = s(&e["email"]);
            assert!(bankgen::ident::email::is_valid(email), "email {email}");
            assert!(email.is_ascii() && email.split('@').next().unwrap().len() <= 64);
            *seen.entry("email").or_default() += 1;
        }
        for ph in p["phone_numbers"].as_array().unwrap() {
            let number = s(&ph["number"]);
            let country =
                bankgen::refdata::country_by_code(s(&ph["country_code"])).expect("known country");
            assert!(
                bankgen::ident::phone::is_valid(number, bankgen::refdata::country(country)),
                "phone {number} for {}",
                ph["country_code"]
            );
            *seen.entry("phone").or_default() += 1;
        }
    }
    for kind in ["iban", "aba", "lei", "email", "phone"] {
        assert!(
            seen.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} was generated"
        );
    }
}

#[test]
fn kyc_shares_at_ten_thousand_persons() {
    let d = dataset(&["--persons", "10000", "--seed", "3", "--only", "persons"]);
    let n = d.persons.len() as f64;
    let share = |f: &dyn Fn(&Value) -> bool| d.persons.iter().filter(|p| f(p)).count() as f64 / n;
    let pep = share(&|p| p["is_pep"] == true);
    let sanctioned = share(&|p| p["is_sanctioned"] == true);
    assert!((0.008..=0.012).contains(&pep), "PEP {pep}");
    assert!(
        (0.0005..=0.0015).contains(&sanctioned),
        "sanctioned {sanctioned}"
    );
    for (level, target) in [
        ("low", 0.80),
        ("medium", 0.15),
        ("high", 0.04),
        ("critical", 0.01),
    ] {
        let got = share(&|p| p["risk_level"] == level);
        assert!((got - target).abs() <= 0.03, "{level}: {got}");
    }
}
