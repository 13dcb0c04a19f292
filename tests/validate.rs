//! `bankgen validate` (SPEC §2.7, §12): bankgen's own output validates in every format and as parts;
//! one mutation per rule family makes exactly that family fire; bad input (missing directory, no
//! manifest, random, truncated or binary bytes) yields FMT/MAN findings or exit 2, never a panic.

mod common;
use bankgen::model::record::Decimal;
use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Runs `bankgen validate --json ARGS`; returns (exit code, report).
fn validate(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = bankgen(&all);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("validate {args:?}: exit {code}, no JSON report ({e}): {stdout}\n{stderr}")
    });
    (code, report)
}

fn rule_ids(report: &Value) -> Vec<String> {
    report["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

fn assert_valid(dirs: &[&Path], what: &str) -> Value {
    let args: Vec<&str> = dirs.iter().map(|d| d.to_str().expect("utf-8")).collect();
    let (code, report) = validate(&args);
    assert_eq!(
        (code, report["errors"].as_u64()),
        (0, Some(0)),
        "{what}: {report:#}"
    );
    assert_eq!(report["valid"], true);
    report
}

const PATTERNS: [&str; 12] = [
    "--persons",
    "300",
    "--companies",
    "150",
    "--days",
    "30",
    "--laundering-rate",
    "0.01",
    "--pattern",
    "cycle=1",
    "--pattern",
    "ubo_chain=4",
];

fn own_output(seed: &str) {
    let mut args = PATTERNS.to_vec();
    args.extend([
        "--pattern",
        "structuring.smurfing=1",
        "--pattern",
        "fan_in=1",
        "--format",
        "json,jsonl,csv",
        "--seed",
        seed,
    ]);
    let dir = generate(&args);
    let report = assert_valid(&[&dir.path().join("out")], &format!("seed {seed}"));
    let names: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    for name in [
        "transactions.json",
        "transactions.jsonl",
        "transactions.csv",
        "person_addresses.csv",
    ] {
        assert!(names.contains(&name), "{name} validated: {names:?}");
    }
}

#[test]
fn own_output_validates_seed_1() {
    own_output("1");
}
#[test]
fn own_output_validates_seed_2() {
    own_output("2");
}
#[test]
fn own_output_validates_seed_3() {
    own_output("3");
}
#[test]
fn own_output_validates_seed_4() {
    own_output("4");
}
#[test]
fn own_output_validates_seed_5() {
    own_output("5");
}

#[test]
fn three_parts_validate_together_and_one_part_alone_skips_dataset_rules() {
    let root = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for k in ["1", "2", "3"] {
        let out = root.path().join(format!("part{k}"));
        let mut args = vec![
            "generate",
            "--quiet",
            "--output",
            out.to_str().unwrap(),
            "--parts",
            "3",
            "--part",
            k,
            "--format",
            "jsonl,csv",
        ];
        args.extend(PATTERNS);
        let (code, _, stderr) = bankgen_in(root.path(), &[], &args);
        assert_eq!(code, 0, "{stderr}");
        dirs.push(out);
    }
    let refs: Vec<&Path> = dirs.iter().map(PathBuf::as_path).collect();
    let report = assert_valid(&refs, "3 parts");
    assert!(
        report["skipped"].as_array().unwrap().is_empty(),
        "{report:#}"
    );
    // Alone, part 2 is an incomplete dataset: an error unless --partial asks for it.
    let part2 = refs[1].to_str().unwrap();
    let (code, incomplete) = validate(&[part2]);
    assert_eq!(code, 1, "{incomplete:#}");
    assert_eq!(incomplete["rules"][0]["id"], "MAN-5", "{incomplete:#}");
    assert!(
        incomplete["rules"][0]["examples"][0]["message"]
            .as_str()
            .unwrap()
            .contains("only 1 of 3 parts given (missing part 1, 3)"),
        "{incomplete:#}"
    );
    let (code, alone) = validate(&["--partial", part2]);
    assert_eq!((code, alone["errors"].as_u64()), (0, Some(0)), "{alone:#}");
    assert!(
        alone["skipped"][0]["rules"]
            .as_str()
            .unwrap()
            .contains("INV-*"),
        "{alone:#}"
    );
}

#[test]
fn usage_and_io_errors_exit_2_and_a_directory_without_manifest_is_reported() {
    let (code, _, stderr) = bankgen(&["validate", "/definitely/not/here"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    let (code, _, _) = bankgen(&["validate"]);
    assert_eq!(code, 2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("persons.jsonl"), b"").unwrap();
    std::fs::write(dir.path().join("transactions.json"), b"[\n{\"id\":").unwrap();
    let (code, report) = validate(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let ids = rule_ids(&report);
    assert!(ids.contains(&"MAN-1".to_string()), "{ids:?}");
    assert!(ids.iter().any(|i| i.starts_with("FMT-")), "{ids:?}");
}

// ---- mutations --------------------------------------------------------------------------------

/// A small valid JSONL dataset with a cycle instance, generated once.
fn base() -> &'static Path {
    static BASE: OnceLock<tempfile::TempDir> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut args = PATTERNS.to_vec();
        args.extend(["--format", "jsonl", "--seed", "11"]);
        let dir = generate(&args);
        assert_valid(&[&dir.path().join("out")], "mutation base");
        dir
    })
    .path()
}

/// A copy of the base dataset.
fn copy() -> tempfile::TempDir {
    copy_of(base())
}

/// A copy of the dataset generated into `generated`.
fn copy_of(generated: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files(&generated.join("out")) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// A small valid JSONL dataset with tbml and insider_trading instances (documents, trades and
/// messages), generated once.
fn market_base() -> &'static Path {
    static BASE: OnceLock<tempfile::TempDir> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut args = PATTERNS.to_vec();
        args.extend(["--format", "jsonl", "--seed", "11"]);
        args.extend(["--pattern", "tbml=2", "--pattern", "insider_trading=2"]);
        let dir = generate(&args);
        assert_valid(
            &[&dir.path().join("out")],
            "document and market mutation base",
        );
        dir
    })
    .path()
}

fn lines(dir: &Path, file: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join(file))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

fn write_lines(dir: &Path, file: &str, lines: &[String]) {
    let mut text = lines.join("\n");
    text.push('\n');
    std::fs::write(dir.join(file), text).unwrap();
}

/// Updates the manifest entry of `file` (records, bytes, sha256) so that only the intended rule fires.
fn fix_manifest(dir: &Path, file: &str) {
    let bytes = std::fs::read(dir.join(file)).unwrap();
    let path = dir.join("manifest.json");
    let mut m: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let records = bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .count();
    for entry in m["files"].as_array_mut().unwrap() {
        if entry["name"] == file {
            entry["bytes"] = bytes.len().into();
            entry["sha256"] = sha.clone().into();
            entry["records"] = records.into();
        }
    }
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

/// Validates the mutated copy and checks that `rule` fires and no other family does.
fn expect_only(dir: &Path, rule: &str) {
    let (code, report) = validate(&[dir.to_str().unwrap(), "--max-examples", "3"]);
    let ids = rule_ids(&report);
    assert_eq!(code, 1, "{rule}: {report:#}");
    assert!(
        ids.contains(&rule.to_string()),
        "{rule} did not fire: {report:#}"
    );
    let family = rule.split('-').next().unwrap();
    let others: Vec<&String> = ids
        .iter()
        .filter(|i| i.split('-').next().unwrap() != family)
        .collect();
    assert!(
        others.is_empty(),
        "{rule}: other families fired: {report:#}"
    );
}

fn field<'a>(line: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\":");
    let at = line.find(&key).unwrap_or_else(|| panic!("no {name}")) + key.len();
    let rest = &line[at..];
    let end = if let Some(quoted) = rest.strip_prefix('"') {
        quoted.find('"').unwrap() + 2
    } else {
        rest.find([',', '}']).unwrap()
    };
    &rest[..end]
}

fn set_field(line: &str, name: &str, value: &str) -> String {
    let old = format!("\"{name}\":{}", field(line, name));
    line.replacen(&old, &format!("\"{name}\":{value}"), 1)
}

fn background(line: &str) -> bool {
    field(line, "pattern_id") == "null"
}

#[test]
fn a_dangling_owner_fires_ref() {
    let members = std::fs::read_to_string(base().join("out/pattern_members.jsonl")).unwrap();
    let d = mutate_first(
        "accounts.jsonl",
        |a| !members.contains(field(a, "id").trim_matches('"')),
        |a| set_field(a, "owner_id", "\"PER-0123456789abcdef\""),
    );
    expect_only(d.path(), "REF-1");
}

#[test]
fn a_broken_iban_check_digit_fires_ident() {
    let d = mutate_first(
        "accounts.jsonl",
        |a| field(a, "iban") != "null",
        |a| {
            let iban = field(a, "iban").trim_matches('"');
            let digit = iban.as_bytes()[3];
            let next = if digit == b'9' {
                '0'
            } else {
                (digit + 1) as char
            };
            let broken = format!("{}{next}{}", &iban[..3], &iban[4..]);
            set_field(a, "iban", &format!("\"{broken}\""))
        },
    );
    expect_only(d.path(), "IDENT-1");
}

#[test]
fn a_wrong_national_check_digit_under_a_right_iban_check_fires_ident() {
    use bankgen::ident::{bban, iban};
    let d = mutate_first(
        "accounts.jsonl",
        |a| {
            let iban = field(a, "iban").trim_matches('"');
            iban.len() > 4 && bban::has_national_check(&iban[..2])
        },
        |a| {
            let iban = field(a, "iban").trim_matches('"');
            let cc = &iban[..2];
            let mut national = iban.as_bytes()[4..].to_vec();
            let pos = bban::check_positions(cc).next().unwrap();
            national[pos] = match national[pos] {
                b'9' => b'0',
                b'Z' => b'A',
                b => b + 1,
            };
            // Refit the IBAN's own mod-97 pair, so only the national layer is wrong.
            let national = String::from_utf8(national).unwrap();
            let broken = iban::from_bban(cc, &national).unwrap();
            assert_eq!(iban::check(&broken), Err(iban::Invalid::National));
            set_field(a, "iban", &format!("\"{broken}\""))
        },
    );
    expect_only(d.path(), "IDENT-1");
    let messages = examples(d.path(), "IDENT-1");
    assert!(
        messages.iter().any(|m| m.contains("national check digits")),
        "{messages:?}"
    );
}

#[test]
fn an_unsorted_event_file_fires_id() {
    let d = copy();
    let mut txs = lines(d.path(), "transactions.jsonl");
    let k = (100..txs.len() - 1)
        .find(|&k| {
            background(&txs[k])
                && background(&txs[k + 1])
                && field(&txs[k], "transaction_date") != field(&txs[k + 1], "transaction_date")
        })
        .unwrap();
    txs.swap(k, k + 1);
    write_lines(d.path(), "transactions.jsonl", &txs);
    fix_manifest(d.path(), "transactions.jsonl");
    expect_only(d.path(), "ID-4");
}

#[test]
fn a_fee_not_below_the_amount_fires_range() {
    let d = mutate_where(
        "transactions.jsonl",
        |k, _| k == 50,
        |t| set_field(t, "fee_amount", field(t, "amount")),
    );
    expect_only(d.path(), "RANGE-2");
}

#[test]
fn a_flipped_laundering_flag_fires_gt() {
    let d = mutate_first("transactions.jsonl", background, |t| {
        set_field(t, "is_laundering", "true")
    });
    expect_only(d.path(), "GT-1");
}

#[test]
fn a_broken_cycle_fires_inv() {
    let d = copy();
    let patterns = lines(d.path(), "patterns.jsonl");
    let (p, pid) = first_pattern(&patterns, "cycle");
    let mut txs = lines(d.path(), "transactions.jsonl");
    let hops: Vec<usize> = (0..txs.len())
        .filter(|&k| field(&txs[k], "pattern_id") == pid)
        .collect();
    assert!(hops.len() >= 3);
    // The second hop now carries more than the first: "each hop's amount_usd ≤ previous" breaks.
    let (first, second) = (hops[0], hops[1]);
    let ccy = field(&txs[second], "currency")
        .trim_matches('"')
        .to_string();
    let places = minor_units(&ccy);
    let a1 = minor(field(&txs[first], "amount"));
    let old_usd = minor(field(&txs[second], "amount_usd"));
    let amount = a1 + a1 / 10 + 7;
    let usd = bankgen::refdata::currencies::to_usd_minor(amount, &ccy);
    txs[second] = set_field(
        &txs[second],
        "amount",
        &Decimal::new(amount, places).to_string(),
    );
    txs[second] = set_field(
        &txs[second],
        "amount_usd",
        &Decimal::new(usd, 2).to_string(),
    );
    let round = bankgen::generators::transaction::is_round(amount, places);
    txs[second] = set_field(&txs[second], "is_round_amount", &round.to_string());
    write_lines(d.path(), "transactions.jsonl", &txs);
    fix_manifest(d.path(), "transactions.jsonl");
    // The pattern's total follows, so GT-4 still holds.
    let mut patterns = patterns;
    let total = minor(field(&patterns[p], "total_value_usd")) - old_usd + usd;
    patterns[p] = set_field(
        &patterns[p],
        "total_value_usd",
        &Decimal::new(total, 2).to_string(),
    );
    write_lines(d.path(), "patterns.jsonl", &patterns);
    fix_manifest(d.path(), "patterns.jsonl");
    expect_only(d.path(), "INV-cycle");
}

/// Minor units of a JSON money text (`1234.56` → 123456).
fn minor(text: &str) -> i64 {
    let (i, f) = text.split_once('.').unwrap_or((text, ""));
    format!("{i}{f}").parse().unwrap()
}

fn minor_units(code: &str) -> u8 {
    bankgen::refdata::currencies::CURRENCIES
        .iter()
        .find(|c| c.code == code)
        .unwrap()
        .minor_units
}

/// The first pattern row of `typology` and its position.
fn first_pattern(patterns: &[String], typology: &str) -> (usize, String) {
    let p = patterns
        .iter()
        .position(|p| field(p, "typology") == format!("\"{typology}\""))
        .unwrap_or_else(|| panic!("a {typology} instance"));
    (p, field(&patterns[p], "id").to_string())
}

#[test]
fn a_tbml_payment_that_differs_from_its_invoice_total_fires_inv() {
    let d = copy_of(market_base());
    let mut patterns = lines(d.path(), "patterns.jsonl");
    let (p, pid) = first_pattern(&patterns, "tbml");
    let mut txs = lines(d.path(), "transactions.jsonl");
    // One minor unit more than the invoice total, on a payment where that stays a non-round amount
    // (so no alert rule and no round-amount flag changes), with the FX fields recomputed.
    let k = (0..txs.len())
        .find(|&k| {
            let t = &txs[k];
            let places = minor_units(field(t, "currency").trim_matches('"'));
            field(t, "pattern_id") == pid
                && field(t, "is_round_amount") == "false"
                && !bankgen::generators::transaction::is_round(
                    minor(field(t, "amount")) + 1,
                    places,
                )
        })
        .expect("a tbml payment");
    let ccy = field(&txs[k], "currency").trim_matches('"').to_string();
    let places = minor_units(&ccy);
    let amount = minor(field(&txs[k], "amount")) + 1;
    let old_usd = minor(field(&txs[k], "amount_usd"));
    let usd = bankgen::refdata::currencies::to_usd_minor(amount, &ccy);
    let mut t = set_field(&txs[k], "amount", &Decimal::new(amount, places).to_string());
    t = set_field(&t, "amount_usd", &Decimal::new(usd, 2).to_string());
    let local = field(&t, "currency_local").trim_matches('"').to_string();
    if local != "null" {
        let (_, local_minor) = bankgen::refdata::currencies::convert_minor(amount, &ccy, &local);
        let local_amount = Decimal::new(local_minor, minor_units(&local)).to_string();
        t = set_field(&t, "amount_local", &local_amount);
    }
    txs[k] = t;
    write_lines(d.path(), "transactions.jsonl", &txs);
    fix_manifest(d.path(), "transactions.jsonl");
    // The pattern's total follows, so GT-4 still holds.
    let total = minor(field(&patterns[p], "total_value_usd")) - old_usd + usd;
    let total = Decimal::new(total, 2).to_string();
    patterns[p] = set_field(&patterns[p], "total_value_usd", &total);
    write_lines(d.path(), "patterns.jsonl", &patterns);
    fix_manifest(d.path(), "patterns.jsonl");
    expect_only(d.path(), "INV-tbml");
}

#[test]
fn an_insider_trade_at_the_announcement_fires_inv() {
    let d = copy_of(market_base());
    let mut patterns = lines(d.path(), "patterns.jsonl");
    let trades = lines(d.path(), "trades.jsonl");
    let last_trade = |pid: &str| {
        trades
            .iter()
            .filter(|t| field(t, "pattern_id") == pid)
            .map(|t| field(t, "trade_date").to_string())
            .max()
    };
    // The announcement (end_time) moves back onto the instance's last trade: that trade is no longer
    // before it, while the pattern row still starts before it ends and lies inside the window.
    let (p, last) = (0..patterns.len())
        .find_map(|p| {
            let row = &patterns[p];
            let last = last_trade(field(row, "id"))?;
            (field(row, "typology") == "\"insider_trading\""
                && field(row, "start_time") < last.as_str())
            .then_some((p, last))
        })
        .expect("an insider instance that starts before its last trade");
    patterns[p] = set_field(&patterns[p], "end_time", &last);
    write_lines(d.path(), "patterns.jsonl", &patterns);
    fix_manifest(d.path(), "patterns.jsonl");
    expect_only(d.path(), "INV-insider_trading");
}

#[test]
fn an_edited_file_fires_man() {
    let d = copy();
    let mut accounts = lines(d.path(), "accounts.jsonl");
    let name = field(&accounts[3], "bank_name").to_string();
    accounts[3] = set_field(&accounts[3], "bank_name", &name.replacen('"', "\"X", 1));
    write_lines(d.path(), "accounts.jsonl", &accounts);
    expect_only(d.path(), "MAN-3");
}

#[test]
fn an_alert_field_that_disagrees_fires_alert() {
    let d = mutate_first(
        "transactions.jsonl",
        |t| field(t, "risk_score") == "0.0000",
        |t| set_field(t, "risk_score", "0.2500"),
    );
    expect_only(d.path(), "ALERT-1");
}

#[test]
fn an_unknown_field_fires_sch() {
    let d = mutate_where(
        "persons.jsonl",
        |k, _| k == 7,
        |p| p.replacen("{\"id\"", "{\"nickname\":\"Bo\",\"id\"", 1),
    );
    expect_only(d.path(), "SCH-2");
}

#[test]
fn a_bad_enum_value_fires_enum() {
    let d = mutate_where(
        "persons.jsonl",
        |k, _| k == 2,
        |p| set_field(p, "gender", "\"robot\""),
    );
    expect_only(d.path(), "ENUM-1");
}

#[test]
fn a_truncated_line_fires_fmt() {
    let d = copy();
    let path = d.path().join("transactions.jsonl");
    let mut bytes = std::fs::read(&path).unwrap();
    let last = lines(d.path(), "transactions.jsonl").pop().unwrap();
    assert!(background(&last));
    bytes.truncate(bytes.len() - last.len() / 2);
    std::fs::write(&path, bytes).unwrap();
    fix_manifest(d.path(), "transactions.jsonl");
    expect_only(d.path(), "FMT-3");
}

// ---- never panic ------------------------------------------------------------------------------

/// A tiny valid dataset in every format, generated once.
fn tiny() -> &'static Path {
    static TINY: OnceLock<tempfile::TempDir> = OnceLock::new();
    TINY.get_or_init(|| {
        generate(&[
            "--persons",
            "20",
            "--days",
            "7",
            "--format",
            "json,jsonl,csv",
            "--pattern",
            "cycle=1",
        ])
    })
    .path()
}

const VICTIMS: [&str; 8] = [
    "manifest.json",
    "transactions.jsonl",
    "accounts.json",
    "persons.csv",
    "person_addresses.csv",
    "patterns.jsonl",
    "pattern_members.csv",
    "account_events.json",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random bytes, truncations and byte flips in any file give a report (or an I/O error), never a
    /// panic.
    #[test]
    fn bad_bytes_never_panic(
        victim in 0..VICTIMS.len(),
        mode in 0..3u8,
        cut in any::<prop::sample::Index>(),
        noise in prop::collection::vec(any::<u8>(), 0..400),
    ) {
        let src = tiny().join("out");
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files(&src) {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let path = dir.path().join(VICTIMS[victim]);
        let mut bytes = std::fs::read(&path).unwrap();
        match mode {
            0 => bytes = noise.clone(),
            1 => bytes.truncate(cut.index(bytes.len() + 1)),
            _ => {
                if !bytes.is_empty() {
                    let at = cut.index(bytes.len());
                    for (k, b) in noise.iter().take(8).enumerate() {
                        if let Some(x) = bytes.get_mut(at + k) {
                            *x ^= b | 1;
                        }
                    }
                }
            }
        }
        std::fs::write(&path, &bytes).unwrap();
        let opts = bankgen::validate::Options {
            dirs: vec![dir.path().to_path_buf()],
            strict: false,
            max_examples: 2,
            realism: false,
            partial: false,
        };
        let outcome = bankgen::validate::run(&opts).expect("files are readable");
        let _ = bankgen::validate::report::json(&outcome);
        let _ = bankgen::validate::report::human(&outcome);
    }

    /// The JSON reader on arbitrary text.
    #[test]
    fn json_reader_never_panics(text in ".{0,200}") {
        let _ = bankgen::validate::json::parse(&text);
    }
}

// ---- dataset-wide link rules, business hours, ages ----------------------------------------------

/// Sets `totals.<stem>` of the manifest (after a mutation that changes a file's record count).
fn set_total(dir: &Path, stem: &str, n: usize) {
    let path = dir.join("manifest.json");
    let mut m: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    m["totals"][stem] = n.into();
    std::fs::write(&path, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
}

#[test]
fn a_dropped_beneficial_owner_edge_fires_ubo() {
    let d = copy();
    let mut rels = lines(d.path(), "relationships.jsonl");
    let k = rels
        .iter()
        .position(|r| field(r, "relationship_type") == "\"beneficial_owner\"" && background(r))
        .expect("a beneficial_owner edge");
    rels.remove(k);
    write_lines(d.path(), "relationships.jsonl", &rels);
    fix_manifest(d.path(), "relationships.jsonl");
    set_total(d.path(), "relationships", rels.len());
    expect_only(d.path(), "UBO-1");
}

/// A background person's direct holding edited from at least 25 % to 24.99 %: its beneficial_owner
/// edge (and the company accounts' beneficial_owners) no longer follow from the shareholder edges.
#[test]
fn an_edited_holding_across_the_threshold_fires_ubo() {
    let d = copy();
    let mut rels = lines(d.path(), "relationships.jsonl");
    let owners: Vec<(String, String, String)> = rels
        .iter()
        .filter(|r| field(r, "relationship_type") == "\"beneficial_owner\"" && background(r))
        .map(|r| {
            let e = field(r, "effective_ownership").to_string();
            (
                field(r, "from_entity_id").into(),
                field(r, "to_entity_id").into(),
                e,
            )
        })
        .collect();
    let k = rels
        .iter()
        .position(|r| {
            field(r, "relationship_type") == "\"shareholder\""
                && background(r)
                && owners.iter().any(|(from, to, e)| {
                    // The only path: effective = direct holding (dec(4) vs dec(2)).
                    from == field(r, "from_entity_id")
                        && to == field(r, "to_entity_id")
                        && e.parse::<f64>().ok() == field(r, "ownership_percentage").parse().ok()
                })
        })
        .expect("a direct owner at or above 25 %");
    rels[k] = set_field(&rels[k], "ownership_percentage", "24.99");
    write_lines(d.path(), "relationships.jsonl", &rels);
    fix_manifest(d.path(), "relationships.jsonl");
    expect_only(d.path(), "UBO-1");
}

#[test]
fn a_wire_outside_business_hours_fires_cons_bizhours() {
    use bankgen::model::transaction::TransactionType;
    use bankgen::refdata::{COUNTRIES, country_by_code};
    let d = copy();
    let mut txs = lines(d.path(), "transactions.jsonl");
    let calm = |code: &str| {
        country_by_code(code)
            .map(bankgen::refdata::country)
            .is_some_and(|c| !c.high_risk && !c.tax_haven)
    };
    // A cross-border background wire or ACH between ordinary countries; its sender's country moves to
    // another ordinary country where the hour is closed (same corridor class, so no alert changes).
    let (k, kind, to) = (0..txs.len())
        .find_map(|k| {
            let t = &txs[k];
            let kind = TransactionType::from_label(field(t, "transaction_type").trim_matches('"'))?;
            let (from, dest) = (
                field(t, "originating_country").trim_matches('"'),
                field(t, "destination_country").trim_matches('"'),
            );
            if !background(t)
                || !matches!(kind, TransactionType::Wire | TransactionType::Ach)
                || from == dest
                || !calm(from)
                || !calm(dest)
            {
                return None;
            }
            let ts = bankgen::core::time::parse_timestamp(
                field(t, "transaction_date").trim_matches('"'),
            )?;
            let to = COUNTRIES.iter().enumerate().find(|(c, k)| {
                k.code != dest
                    && k.code != from
                    && calm(k.code)
                    && !bankgen::generators::transaction::opens(kind, *c as _, ts)
            })?;
            Some((k, kind, to.1.code))
        })
        .expect("a wire or ACH row to move");
    let _ = kind;
    txs[k] = set_field(&txs[k], "originating_country", &format!("\"{to}\""));
    write_lines(d.path(), "transactions.jsonl", &txs);
    fix_manifest(d.path(), "transactions.jsonl");
    expect_only(d.path(), "CONS-BIZHOURS");
}

#[test]
fn a_wrong_age_fires_cons_age() {
    let d = copy();
    let mut persons = lines(d.path(), "persons.jsonl");
    let k = persons
        .iter()
        .position(|p| field(p, "age").parse::<i64>().unwrap() < 90)
        .unwrap();
    let age: i64 = field(&persons[k], "age").parse().unwrap();
    persons[k] = set_field(&persons[k], "age", &(age + 1).to_string());
    write_lines(d.path(), "persons.jsonl", &persons);
    fix_manifest(d.path(), "persons.jsonl");
    expect_only(d.path(), "CONS-AGE");
}

#[test]
fn a_married_person_made_single_fires_cons_household() {
    let d = copy();
    let mut persons = lines(d.path(), "persons.jsonl");
    let k = persons
        .iter()
        .position(|p| field(p, "marital_status") == "\"married\"")
        .expect("a married person");
    persons[k] = set_field(&persons[k], "marital_status", "\"single\"");
    write_lines(d.path(), "persons.jsonl", &persons);
    fix_manifest(d.path(), "persons.jsonl");
    expect_only(d.path(), "CONS-HOUSEHOLD");
}

#[test]
fn realism_metrics_hold_on_a_hundred_thousand_transactions() {
    // 1,010 persons give 101,000 transactions, so ≥ 100,000 background rows for Benford.
    let dir = generate(&["--persons", "1010", "--format", "jsonl", "--seed", "23"]);
    let out = dir.path().join("out");
    let (code, report) = validate(&[out.to_str().unwrap(), "--realism"]);
    assert_eq!(
        (code, report["warnings"].as_u64()),
        (0, Some(0)),
        "{report:#}"
    );
    let realism = report["realism"].as_object().expect("realism section");
    for name in [
        "round_share",
        "benford_mad",
        "degree_top1_share",
        "degree_max_over_median",
        "degree_hill_tail",
        "company_receive_ratio",
        "repeat_pair_share",
        "cross_border_share",
        "night_retail_share",
        "weekend_weekday_ratio",
        "person_risk_low",
        "laundering_prevalence",
        "flagged_share",
        "median_usd_wire",
    ] {
        assert!(realism.contains_key(name), "{name} missing: {report:#}");
    }
    for (name, m) in realism {
        assert_eq!(m["ok"], true, "{name}: {m}");
        assert!(
            m["value"].is_number() && m["target"].is_string(),
            "{name}: {m}"
        );
    }
}

// ---- ALERT-1 for communications, trades and travels ---------------------------------------------
// Each mutation makes one AL field disagree with the generator's rules, re-run by the validator on the
// record (and, for trades, the trader's residence and the issuer's officers and shareholders).

/// The messages of `rule`'s examples in the report of `dir`.
fn examples(dir: &Path, rule: &str) -> Vec<String> {
    let (_, report) = validate(&[dir.to_str().unwrap(), "--max-examples", "10"]);
    report["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == rule)
        .flat_map(|r| r["examples"].as_array().unwrap().iter())
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect()
}

/// Applies `edit` to the first record of `file` that `pick` accepts, fixes the manifest, expects only
/// ALERT-1 and returns its example messages.
fn mutate_alert(
    file: &str,
    pick: impl Fn(&str) -> bool,
    edit: impl Fn(&str) -> String,
) -> Vec<String> {
    let d = mutate_first(file, pick, edit);
    expect_only(d.path(), "ALERT-1");
    examples(d.path(), "ALERT-1")
}

#[test]
fn a_communication_flag_reason_that_is_not_the_first_rule_hit_fires_alert_1() {
    let messages = mutate_alert(
        "communications.jsonl",
        |l| field(l, "flag_reason") == "\"suspicious_keywords\"",
        |l| set_field(l, "flag_reason", "\"financial_terms\""),
    );
    assert!(
        messages.iter().any(|m| m.starts_with("flag_reason")),
        "{messages:?}"
    );
}

#[test]
fn a_keyword_added_to_a_communication_content_fires_alert_1() {
    // The content now holds a suspicious keyword (and the financial term "fund") that the AL fields
    // do not reflect: the validator re-scans the content.
    let messages = mutate_alert(
        "communications.jsonl",
        |l| field(l, "suspicious_keywords") == "[]" && background(l),
        |l| {
            l.replacen(
                "\"content\":\"",
                "\"content\":\"The slush fund is ready. ",
                1,
            )
        },
    );
    for name in [
        "contains_suspicious_keywords",
        "suspicious_keywords",
        "risk_score",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(&format!("{name} ="))),
            "{name}: {messages:?}"
        );
    }
}

#[test]
fn a_trade_risk_score_that_disagrees_fires_alert_1() {
    let messages = mutate_alert(
        "trades.jsonl",
        |l| field(l, "risk_score") == "0.0000",
        |l| set_field(l, "risk_score", "0.3500"),
    );
    assert!(
        messages
            .iter()
            .any(|m| m == "risk_score = 0.3500, rules give 0.0000"),
        "{messages:?}"
    );
}

#[test]
fn a_trade_that_hides_the_trader_being_an_officer_of_the_issuer_fires_alert_1() {
    // The issuer's officers (in office on the trade day) come from the companies file.
    let messages = mutate_alert(
        "trades.jsonl",
        |l| field(l, "insider_indicators") == "[\"trader_is_officer_of_issuer\"]",
        |l| set_field(l, "insider_indicators", "[]"),
    );
    assert!(
        messages
            .iter()
            .any(|m| m == "insider_indicators = [], rules give [\"trader_is_officer_of_issuer\"]"),
        "{messages:?}"
    );
}

#[test]
fn a_travel_with_an_indicator_the_rules_do_not_give_fires_alert_1() {
    let messages = mutate_alert(
        "travels.jsonl",
        |l| field(l, "suspicious_indicators") == "[]",
        |l| set_field(l, "suspicious_indicators", "[\"cash_declared\"]"),
    );
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("suspicious_indicators")),
        "{messages:?}"
    );
}

#[test]
fn a_shareholding_that_starts_after_the_trade_fires_alert_1() {
    // A trade labelled `trader_is_major_shareholder`; its trader's shareholder edge to the issuer is
    // moved to start the day after the trade, so the holding no longer counts on the trade day.
    let d = copy();
    let parse = |l: &String| serde_json::from_str::<Value>(l).unwrap();
    let trade = lines(d.path(), "trades.jsonl")
        .iter()
        .map(parse)
        .find(|t| {
            t["asset_type"] == "stock"
                && t["insider_indicators"]
                    .as_array()
                    .unwrap()
                    .contains(&"trader_is_major_shareholder".into())
        })
        .expect("a major shareholder's trade");
    let issuer = lines(d.path(), "companies.jsonl")
        .iter()
        .map(parse)
        .find(|c| c["stock_ticker"] == trade["symbol"])
        .expect("the issuer")["id"]
        .clone();
    let day = &trade["trade_date"].as_str().unwrap()[..10];
    let next = bankgen::core::time::format_date(bankgen::core::time::parse_date(day).unwrap() + 1);
    let mut rels = lines(d.path(), "relationships.jsonl");
    let k = rels
        .iter()
        .position(|l| {
            let r = parse(l);
            r["relationship_type"] == "shareholder"
                && r["from_entity_id"] == trade["trader_id"]
                && r["to_entity_id"] == issuer
        })
        .expect("the shareholder edge");
    rels[k] = set_field(&rels[k], "start_date", &format!("\"{next}\""));
    // An edge that starts after the prior-period year has no interaction in it (RANGE-9).
    rels[k] = set_field(&rels[k], "last_interaction_date", "null");
    write_lines(d.path(), "relationships.jsonl", &rels);
    fix_manifest(d.path(), "relationships.jsonl");
    expect_only(d.path(), "ALERT-1");
    let messages = examples(d.path(), "ALERT-1");
    assert!(
        messages.iter().any(|m| m.starts_with("insider_indicators")
            && m.split_once("rules give")
                .is_some_and(|(_, rules)| !rules.contains("trader_is_major_shareholder"))),
        "{messages:?}"
    );
}

// ---- wip-rules: IDENT-2 BIC country, REF-8 passports, RANGE-8/9, CONS additions -------------------

#[test]
fn a_bic_of_another_country_fires_ident() {
    let d = mutate_where(
        "accounts.jsonl",
        |k, _| k == 4,
        |a| {
            let bic = field(a, "swift_code").trim_matches('"');
            let other = if &bic[4..6] == "FR" { "DE" } else { "FR" };
            let moved = format!("{}{other}{}", &bic[..4], &bic[6..]);
            set_field(a, "swift_code", &format!("\"{moved}\""))
        },
    );
    expect_only(d.path(), "IDENT-2");
}

#[test]
fn a_passport_the_traveller_does_not_hold_fires_ref() {
    let d = copy();
    let mut travels = lines(d.path(), "travels.jsonl");
    let k = travels
        .iter()
        .position(|t| field(t, "passport_number") != "null")
        .expect("a travel with a passport");
    travels[k] = set_field(&travels[k], "passport_number", "\"ZZ0000000\"");
    write_lines(d.path(), "travels.jsonl", &travels);
    fix_manifest(d.path(), "travels.jsonl");
    expect_only(d.path(), "REF-8");
}

/// as_of_date of a dataset: the last day of its window.
fn as_of_date(dir: &Path) -> bankgen::core::time::Date {
    let m: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let start =
        bankgen::core::time::parse_timestamp(m["config"]["start"].as_str().unwrap()).unwrap();
    bankgen::core::time::date_of(start) + m["config"]["days"].as_i64().unwrap() as i32 - 1
}

#[test]
fn direct_holdings_over_a_hundred_percent_fire_range() {
    let d = copy();
    let mut rels = lines(d.path(), "relationships.jsonl");
    let hundredths = |r: &str| -> i64 {
        field(r, "ownership_percentage")
            .replace('.', "")
            .parse()
            .unwrap()
    };
    let shareholder = |r: &str| field(r, "relationship_type") == "\"shareholder\"";
    // A person's minority holding grows, still below the UBO threshold (25 %), so UBO-1 holds while
    // the company's direct holdings pass 100 %: a holding that is the person's only path into the
    // company (no company holders there, no nominee arrangement), in a company that holds no other.
    let k = (0..rels.len())
        .find(|&k| {
            let r = &rels[k];
            if !shareholder(r)
                || field(r, "from_entity_type") != "\"person\""
                || hundredths(r) >= 2_000
            {
                return false;
            }
            let (person, company) = (field(r, "from_entity_id"), field(r, "to_entity_id"));
            let elsewhere = rels.iter().any(|x| {
                (shareholder(x)
                    && (field(x, "from_entity_id") == company
                        || (field(x, "to_entity_id") == company
                            && field(x, "from_entity_type") == "\"company\"")))
                    || (field(x, "context") == "\"nominee_arrangement\""
                        && field(x, "to_entity_id") == person)
            });
            if elsewhere {
                return false;
            }
            let total: i64 = rels
                .iter()
                .filter(|x| shareholder(x) && field(x, "to_entity_id") == company)
                .map(|x| hundredths(x))
                .sum();
            total - hundredths(r) + 2_499 > 10_000
        })
        .expect("a minority shareholding of a fully held company");
    rels[k] = set_field(&rels[k], "ownership_percentage", "24.99");
    write_lines(d.path(), "relationships.jsonl", &rels);
    fix_manifest(d.path(), "relationships.jsonl");
    expect_only(d.path(), "RANGE-8");
}

#[test]
fn a_date_of_birth_beyond_a_hundred_years_fires_range() {
    use bankgen::core::time::{add_years, age_at, format_date, parse_date};
    let d = copy();
    let as_of = as_of_date(d.path());
    let mut persons = lines(d.path(), "persons.jsonl");
    let k = 5;
    let dob = parse_date(field(&persons[k], "date_of_birth").trim_matches('"')).unwrap();
    let age: i64 = field(&persons[k], "age").parse().unwrap();
    // Older by enough to pass 100; age follows, so CONS-AGE still holds.
    let older = add_years(dob, -(102 - age as i32));
    persons[k] = set_field(
        &persons[k],
        "date_of_birth",
        &format!("\"{}\"", format_date(older)),
    );
    persons[k] = set_field(&persons[k], "age", &age_at(older, as_of).to_string());
    write_lines(d.path(), "persons.jsonl", &persons);
    fix_manifest(d.path(), "persons.jsonl");
    expect_only(d.path(), "RANGE-7");
}

#[test]
fn a_registration_before_1950_fires_range() {
    let d = copy();
    let mut companies = lines(d.path(), "companies.jsonl");
    companies[2] = set_field(&companies[2], "registration_date", "\"1949-12-31\"");
    write_lines(d.path(), "companies.jsonl", &companies);
    fix_manifest(d.path(), "companies.jsonl");
    expect_only(d.path(), "RANGE-9");
}

#[test]
fn a_closing_date_after_as_of_fires_range() {
    use bankgen::core::time::format_date;
    let as_of = as_of_date(&base().join("out"));
    let d = mutate_first(
        "accounts.jsonl",
        |a| field(a, "closed_date") != "null",
        |a| set_field(a, "closed_date", &format!("\"{}\"", format_date(as_of + 1))),
    );
    expect_only(d.path(), "RANGE-9");
}

#[test]
fn a_settlement_a_day_late_fires_cons_trade() {
    let d = mutate_first("trades.jsonl", background, |t| {
        let day =
            bankgen::core::time::parse_date(field(t, "settlement_date").trim_matches('"')).unwrap();
        let late = bankgen::core::time::format_date(day + 1);
        set_field(t, "settlement_date", &format!("\"{late}\""))
    });
    expect_only(d.path(), "CONS-TRADE");
}

#[test]
fn a_misnumbered_document_line_fires_cons_doc() {
    let d = mutate_where(
        "documents.jsonl",
        |k, _| k == 3,
        |doc| doc.replacen("\"line_no\":1,", "\"line_no\":2,", 1),
    );
    expect_only(d.path(), "CONS-DOC");
}

#[test]
fn realism_reports_locale_and_hour_of_day_metrics_within_target() {
    let dir = generate(&["--persons", "300", "--format", "jsonl", "--seed", "29"]);
    let out = dir.path().join("out");
    let (code, report) = validate(&[out.to_str().unwrap(), "--realism"]);
    assert_eq!(code, 0, "{report:#}");
    for (name, target) in [
        ("hour_profile_tvd", "<= 0.05"),
        ("locale_share", ">= 0.99"),
        ("coordinates_inside_share", ">= 1"),
    ] {
        let m = &report["realism"][name];
        assert_eq!(m["ok"], true, "{name}: {report:#}");
        assert_eq!(m["target"], target, "{name}: {m}");
        assert!(m["value"].as_f64().is_some_and(|v| v >= 0.0), "{name}: {m}");
    }
}

// ---- REAL (warnings with --realism) -----------------------------------------------------------------

/// The families a `--realism` report names.
fn families(report: &Value) -> std::collections::BTreeSet<String> {
    rule_ids(report)
        .iter()
        .map(|id| id.split('-').next().unwrap().to_string())
        .collect()
}

#[test]
fn an_address_outside_its_country_fires_real_locale() {
    let d = copy();
    let dir = d.path().to_str().unwrap();
    let (code, before) = validate(&[dir, "--realism"]);
    assert_eq!(code, 0, "{before:#}");
    assert!(
        !rule_ids(&before).contains(&"REAL-LOCALE".to_string()),
        "{before:#}"
    );
    // Move one address to the North Pole, inside no country's box.
    let mut persons = lines(d.path(), "persons.jsonl");
    let line = &persons[7];
    let at = line
        .find("\"latitude\":")
        .expect("an address with coordinates")
        + 11;
    let end = at + line[at..].find(',').unwrap();
    persons[7] = format!("{}89.900000{}", &line[..at], &line[end..]);
    write_lines(d.path(), "persons.jsonl", &persons);
    fix_manifest(d.path(), "persons.jsonl");
    let (code, after) = validate(&[dir, "--realism"]);
    assert_eq!(code, 0, "REAL findings are warnings: {after:#}");
    assert!(
        rule_ids(&after).contains(&"REAL-LOCALE".to_string()),
        "{after:#}"
    );
    assert_eq!(
        families(&after),
        ["REAL".to_string()].into_iter().collect(),
        "{after:#}"
    );
    assert!(after["realism"]["coordinates_inside_share"]["ok"] == false);
    let (code, strict) = validate(&[dir, "--realism", "--strict"]);
    assert_eq!(code, 1, "--strict makes the warning an error: {strict:#}");
}

// ---- named bad inputs ---------------------------------------------------------------------------

/// A copy of the three-format tiny dataset with `name` replaced by `bytes`; the rule ids reported.
fn with_file(name: &str, bytes: &[u8]) -> (i32, Vec<String>, Value) {
    let dir = tempfile::tempdir().unwrap();
    for (file, content) in files(&tiny().join("out")) {
        std::fs::write(dir.path().join(file), content).unwrap();
    }
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let (code, report) = validate(&[dir.path().to_str().unwrap()]);
    (code, rule_ids(&report), report)
}

#[test]
fn named_bad_inputs_are_findings_with_their_rule() {
    let transactions =
        String::from_utf8(files(&tiny().join("out"))["transactions.jsonl"].clone()).unwrap();
    let first = transactions.lines().next().unwrap();
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let persons_csv = String::from_utf8(files(&tiny().join("out"))["persons.csv"].clone()).unwrap();
    // Drop the second column of every row (no quoted commas precede it: the first column is the id).
    let missing_column: String = persons_csv
        .split_inclusive("\r\n")
        .map(|row| {
            let (head, rest) = row.split_once(',').unwrap();
            format!("{head},{}", rest.split_once(',').map_or("", |x| x.1))
        })
        .collect();
    let cases: Vec<(&str, &str, Vec<u8>, &str)> = vec![
        ("empty file", "transactions.jsonl", Vec::new(), "MAN-3"),
        ("empty JSON file", "accounts.json", Vec::new(), "FMT-3"),
        ("binary file", "accounts.json", binary.clone(), "FMT-2"),
        ("binary JSONL", "transactions.jsonl", binary, "FMT-2"),
        (
            "wrong JSON types",
            "transactions.jsonl",
            first
                .replacen("\"amount\":", "\"amount\":\"twelve\",\"x\":", 1)
                .replacen("\"is_flagged\":false", "\"is_flagged\":0", 1)
                .replacen("\"is_flagged\":true", "\"is_flagged\":1", 1)
                .into_bytes(),
            "SCH-3",
        ),
        (
            "a JSON array where an object belongs",
            "transactions.jsonl",
            b"[1,2,3]\n".to_vec(),
            "FMT-1",
        ),
        (
            "CSV with a missing column",
            "persons.csv",
            missing_column.into_bytes(),
            "FMT-4",
        ),
        (
            "truncated line",
            "transactions.jsonl",
            first.as_bytes()[..first.len() / 2].to_vec(),
            "FMT-3",
        ),
    ];
    for (what, file, bytes, rule) in cases {
        let (code, ids, report) = with_file(file, &bytes);
        assert_eq!(code, 1, "{what}: {report:#}");
        assert!(
            ids.iter().any(|id| id == rule),
            "{what}: {rule} not reported: {ids:?}"
        );
    }
}

// ---- wip-travel: travel CONS-TRAVEL/CONS-PRESENCE/RANGE-9, trade issuers (REF-4), and the CONS and
// ---- REF additions of wip-rules that had no mutation yet -----------------------------------------
// Each test edits one record of the base dataset (and only what that record's other rules need to
// stay true), then expects the rule to fire with a message naming what was broken, and no other family.

/// Applies `edit` to the first record of `file` that `pick` accepts and fixes the manifest.
fn mutate_first(
    file: &str,
    pick: impl Fn(&str) -> bool,
    edit: impl Fn(&str) -> String,
) -> tempfile::TempDir {
    mutate_where(file, |_, l| pick(l), edit)
}

/// [`mutate_first`] with the record's 0-based position offered to `pick` as well.
fn mutate_where(
    file: &str,
    pick: impl Fn(usize, &str) -> bool,
    edit: impl Fn(&str) -> String,
) -> tempfile::TempDir {
    let d = copy();
    let mut rows = lines(d.path(), file);
    let k = (0..rows.len())
        .find(|&k| pick(k, &rows[k]))
        .unwrap_or_else(|| panic!("no suitable record in {file}"));
    let edited = edit(&rows[k]);
    assert_ne!(edited, rows[k], "the edit changed nothing");
    rows[k] = edited;
    write_lines(d.path(), file, &rows);
    fix_manifest(d.path(), file);
    d
}

/// `rule` fires (and no other family), with an example message containing `what`.
fn expect_rule_says(dir: &Path, rule: &str, what: &str) {
    expect_only(dir, rule);
    let messages = examples(dir, rule);
    assert!(
        messages.iter().any(|m| m.contains(what)),
        "{rule}: no message about {what:?}: {messages:?}"
    );
}

fn unquoted<'a>(line: &'a str, name: &str) -> &'a str {
    field(line, name).trim_matches('"')
}

fn timestamp_of(line: &str, name: &str) -> bankgen::core::time::Timestamp {
    bankgen::core::time::parse_timestamp(unquoted(line, name)).unwrap()
}

fn date_of_field(line: &str, name: &str) -> bankgen::core::time::Date {
    bankgen::core::time::parse_date(unquoted(line, name)).unwrap()
}

fn quoted_date(d: bankgen::core::time::Date) -> String {
    format!("\"{}\"", bankgen::core::time::format_date(d))
}

fn quoted_timestamp(t: bankgen::core::time::Timestamp) -> String {
    format!("\"{}\"", bankgen::core::time::format_timestamp(t))
}

/// A travel that raises no AL rule (an ordinary arrival country, no cash), arriving on its departure
/// date: moving its dates or countries changes no AL field.
fn quiet_same_day_travel(line: &str) -> bool {
    use bankgen::core::time::date_of;
    field(line, "suspicious_indicators") == "[]"
        && field(line, "cash_declaration") == "false"
        && date_of(timestamp_of(line, "arrival_date"))
            == date_of(timestamp_of(line, "departure_date"))
}

#[test]
fn a_travel_arriving_in_its_departure_country_fires_cons_travel() {
    // The departure country moves to the arrival's; the AL rules read only the arrival country.
    let d = mutate_first("travels.jsonl", quiet_same_day_travel, |l| {
        let arrival = field(l, "arrival_country").to_string();
        set_field(l, "departure_country", &arrival)
    });
    expect_rule_says(
        d.path(),
        "CONS-TRAVEL",
        "arrival_country = departure_country",
    );
}

#[test]
fn a_visa_obtained_without_being_required_fires_cons_travel() {
    let d = mutate_first(
        "travels.jsonl",
        |l| field(l, "visa_required") == "false",
        |l| set_field(l, "visa_obtained", "true"),
    );
    expect_rule_says(
        d.path(),
        "CONS-TRAVEL",
        "visa_obtained without visa_required",
    );
}

#[test]
fn a_cash_declaration_without_an_amount_fires_cons_presence() {
    let d = mutate_first(
        "travels.jsonl",
        |l| field(l, "cash_declaration") == "false",
        |l| set_field(l, "cash_declaration", "true"),
    );
    expect_rule_says(d.path(), "CONS-PRESENCE", "cash_declaration");
}

#[test]
fn a_trip_by_air_without_a_flight_fires_cons_presence() {
    let d = mutate_first(
        "travels.jsonl",
        |l| field(l, "transport_mode") == "\"rail\"",
        |l| set_field(l, "transport_mode", "\"air\""),
    );
    expect_rule_says(d.path(), "CONS-PRESENCE", "flight_number is set iff");
}

#[test]
fn a_return_thirty_one_days_after_arrival_fires_range_9() {
    let d = mutate_first("travels.jsonl", quiet_same_day_travel, |l| {
        let arrival = bankgen::core::time::date_of(timestamp_of(l, "arrival_date"));
        set_field(l, "return_date", &quoted_date(arrival + 31))
    });
    expect_rule_says(d.path(), "RANGE-9", "return_date");
}

#[test]
fn a_booking_sixty_one_days_before_departure_fires_range_9() {
    let d = mutate_first(
        "travels.jsonl",
        |l| field(l, "pattern_id") == "null",
        |l| {
            let day = bankgen::core::time::date_of(timestamp_of(l, "departure_date"));
            set_field(l, "booking_date", &quoted_date(day - 61))
        },
    );
    expect_rule_says(d.path(), "RANGE-9", "booking_date");
}

#[test]
fn a_short_haul_trip_arriving_the_next_day_fires_range_9() {
    use bankgen::refdata::country_by_code;
    let short_haul = |l: &str| {
        let country = |name| country_by_code(unquoted(l, name)).unwrap();
        !bankgen::generators::travel::is_long_haul(
            country("departure_country"),
            country("arrival_country"),
        )
    };
    // A stay of at least two days stays positive when the arrival moves a day later.
    let d = mutate_first(
        "travels.jsonl",
        |l| {
            quiet_same_day_travel(l)
                && short_haul(l)
                && date_of_field(l, "return_date")
                    - bankgen::core::time::date_of(timestamp_of(l, "arrival_date"))
                    >= 2
        },
        |l| {
            let arrival = timestamp_of(l, "arrival_date") + 86_400;
            set_field(l, "arrival_date", &quoted_timestamp(arrival))
        },
    );
    expect_rule_says(d.path(), "RANGE-9", "arrival_date");
}

#[test]
fn a_declared_cash_amount_below_the_floor_fires_range_1() {
    use bankgen::generators::travel::{TravelFacts, travel_alerts};
    use bankgen::refdata::{country, country_by_code};
    // A declaration of 9,999.99 USD; the AL fields follow the declared cash, so only the floor breaks.
    let d = mutate_first(
        "travels.jsonl",
        |l| field(l, "cash_declaration") == "false",
        |l| {
            let arrival = country(country_by_code(unquoted(l, "arrival_country")).unwrap());
            let facts = TravelFacts {
                arrival_high_risk: arrival.high_risk,
                arrival_tax_haven: arrival.tax_haven,
                stay_days: date_of_field(l, "return_date")
                    - bankgen::core::time::date_of(timestamp_of(l, "arrival_date")),
                tourism: field(l, "purpose") == "\"tourism\"",
                cash_declared: true,
            };
            let (labels, score, flagged) = travel_alerts(
                &facts,
                &bankgen::generators::alert::AlertParams::default().travels,
            );
            let labels: Vec<String> = labels.iter().map(|x| format!("\"{x}\"")).collect();
            let l = set_field(l, "cash_declaration", "true");
            let l = set_field(&l, "declared_cash_amount", "9999.99");
            let l = l.replacen(
                &format!(
                    "\"suspicious_indicators\":{}",
                    list(&l, "suspicious_indicators")
                ),
                &format!("\"suspicious_indicators\":[{}]", labels.join(",")),
                1,
            );
            let l = set_field(&l, "risk_score", &score.to_string());
            set_field(&l, "flagged_for_review", &flagged.to_string())
        },
    );
    expect_rule_says(d.path(), "RANGE-1", "declared_cash_amount");
}

/// The text of list field `name` of a JSON line, brackets included.
fn list<'a>(line: &'a str, name: &str) -> &'a str {
    let key = format!("\"{name}\":[");
    let at = line.find(&key).unwrap_or_else(|| panic!("no {name}")) + key.len() - 1;
    let len = line[at..].find(']').unwrap() + 1;
    &line[at..at + len]
}

#[test]
fn a_stock_symbol_naming_no_listed_company_fires_ref_4() {
    // Tickers have 3–5 letters, so an eight-letter one is never listed. Without insider indicators the
    // AL fields do not depend on the issuer.
    let d = mutate_first(
        "trades.jsonl",
        |l| {
            field(l, "asset_type") == "\"stock\""
                && field(l, "insider_indicators") == "[]"
                && background(l)
        },
        |l| set_field(l, "symbol", "\"ZZZZZZZZ\""),
    );
    expect_rule_says(d.path(), "REF-4", "names no listed company");
}

#[test]
fn a_recipient_listed_twice_fires_ref_4() {
    let d = mutate_first(
        "communications.jsonl",
        |l| background(l) && !list(l, "recipient_ids").contains(','),
        |l| {
            let (ids, types) = (list(l, "recipient_ids"), list(l, "recipient_types"));
            let twice = |x: &str| format!("[{0},{0}]", &x[1..x.len() - 1]);
            l.replacen(ids, &twice(ids), 1)
                .replacen(types, &twice(types), 1)
        },
    );
    expect_rule_says(d.path(), "REF-4", "listed twice");
}

#[test]
fn a_posting_five_days_after_the_transaction_fires_cons_posting() {
    // Five calendar days always span more than 2 business days; value_date follows the posting.
    let d = mutate_first(
        "transactions.jsonl",
        |l| background(l) && field(l, "status") == "\"completed\"",
        |l| {
            let posting = timestamp_of(l, "transaction_date") + 5 * 86_400;
            let l = set_field(l, "posting_date", &quoted_timestamp(posting));
            set_field(
                &l,
                "value_date",
                &quoted_date(bankgen::core::time::date_of(posting)),
            )
        },
    );
    expect_rule_says(d.path(), "CONS-POSTING", "more than 2 business days");
}

#[test]
fn a_pending_transaction_early_in_the_window_fires_cons_status() {
    // The first rows are weeks before the window's end; pending rows carry no posting.
    let d = mutate_first(
        "transactions.jsonl",
        |l| background(l) && field(l, "status") == "\"completed\"",
        |l| {
            let l = set_field(l, "status", "\"pending\"");
            let l = set_field(&l, "posting_date", "null");
            set_field(&l, "value_date", "null")
        },
    );
    expect_rule_says(d.path(), "CONS-STATUS", "pending outside the last 3 days");
}

#[test]
fn a_pos_payment_to_a_person_fires_cons_presence() {
    // The receiver becomes the sender (a person, so REF-3 still resolves); CONS-OWNER fires along.
    let d = mutate_first(
        "transactions.jsonl",
        |l| {
            background(l)
                && field(l, "transaction_type") == "\"pos\""
                && unquoted(l, "from_entity_id").starts_with("PER-")
        },
        |l| {
            let sender = field(l, "from_entity_id").to_string();
            set_field(l, "to_entity_id", &sender)
        },
    );
    expect_rule_says(d.path(), "CONS-PRESENCE", "the receiver is not a company");
}

#[test]
fn a_trade_on_an_account_closed_that_day_fires_cons_elig() {
    // The account of a background trade, used by no pattern and by no transaction or account event
    // from the trade day on, is closed on the trade day (after its opening, so RANGE-9's closing window
    // holds): from then on it is not eligible.
    let d = copy();
    let other_events: Vec<(String, bankgen::core::time::Timestamp)> = [
        ("transactions.jsonl", "transaction_date"),
        ("account_events.jsonl", "timestamp"),
    ]
    .iter()
    .flat_map(|&(f, time)| {
        lines(d.path(), f)
            .into_iter()
            .map(move |l| (l.clone(), timestamp_of(&l, time)))
    })
    .collect();
    let used_from = |account: &str, day: bankgen::core::time::Date| {
        other_events
            .iter()
            .any(|(l, t)| bankgen::core::time::date_of(*t) >= day && l.contains(account))
    };
    let labelled: String = ["transactions.jsonl", "pattern_members.jsonl"]
        .iter()
        .flat_map(|f| lines(d.path(), f))
        .filter(|l| !background(l) || l.contains("\"entity_type\""))
        .collect();
    let mut accounts = lines(d.path(), "accounts.jsonl");
    let (k, day) = lines(d.path(), "trades.jsonl")
        .iter()
        .filter(|t| background(t) && !labelled.contains(unquoted(t, "account_id")))
        .find_map(|t| {
            let day = bankgen::core::time::date_of(timestamp_of(t, "trade_date"));
            if used_from(unquoted(t, "account_id"), day) {
                return None;
            }
            let account = field(t, "account_id");
            let k = accounts.iter().position(|a| field(a, "id") == account)?;
            let a = &accounts[k];
            (field(a, "status") == "\"active\"" && date_of_field(a, "opened_date") < day)
                .then_some((k, day))
        })
        .expect("a background trade on an active account without later events");
    accounts[k] = set_field(&accounts[k], "status", "\"closed\"");
    accounts[k] = set_field(&accounts[k], "closed_date", &quoted_date(day));
    write_lines(d.path(), "accounts.jsonl", &accounts);
    fix_manifest(d.path(), "accounts.jsonl");
    expect_rule_says(
        d.path(),
        "CONS-ELIG",
        "account not eligible at the trade_date",
    );
}

#[test]
fn a_dataset_of_symbolic_links_validates() {
    let src = tiny().join("out");
    let dir = tempfile::tempdir().unwrap();
    for name in files(&src).keys() {
        std::os::unix::fs::symlink(src.join(name), dir.path().join(name)).unwrap();
    }
    let report = assert_valid(&[dir.path()], "symlinked dataset");
    assert_eq!(
        report["files"].as_array().unwrap().len(),
        files(&src).len() - 1,
        "every linked file is read (all but the manifest): {report:#}"
    );
}

#[test]
fn a_manifest_window_that_is_not_the_configured_one_fires_man() {
    for (path, value) in [
        (&["window", "days"][..], json!(6)),
        (&["window", "slice_seconds"][..], json!(0)),
        (&["part", "count"][..], json!(0)),
    ] {
        let d = copy();
        let file = d.path().join("manifest.json");
        let mut m: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
        m[path[0]][path[1]] = value.clone();
        std::fs::write(&file, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
        let (code, report) = validate(&[d.path().to_str().unwrap()]);
        assert_eq!(code, 1, "{path:?} = {value}: {report:#}");
        assert_eq!(
            rule_ids(&report),
            ["MAN-5"],
            "{path:?} = {value}: {report:#}"
        );
    }
}

/// INV-account_takeover re-derives "new on the account" from the written events: a sim-swap transfer
/// moved to a minute before the phone change that took the account over fires it, and nothing else
/// (the transactions file holds only the instance's transfers and two background ones, so the file
/// stays in time order; the move stays in the transfer's slice and posting window).
#[test]
fn a_takeover_transfer_before_its_takeover_event_fires_inv_account_takeover() {
    let dir = generate(&[
        "--persons",
        "300",
        "--days",
        "30",
        "--seed",
        "11",
        "--transactions",
        "6",
        "--documents",
        "0",
        "--format",
        "jsonl",
        "--pattern",
        "account_takeover.sim_swap=1",
    ]);
    let out = dir.path().join("out");
    assert_valid(&[&out], "account takeover base");
    let labelled = |line: &String| !background(line);
    let parse_timestamp = bankgen::core::time::parse_timestamp;
    let events = lines(&out, "account_events.jsonl");
    let swap = events
        .iter()
        .find(|e| labelled(e) && field(e, "event_type") == "\"phone_change\"")
        .expect("the phone change");
    let swapped = parse_timestamp(field(swap, "timestamp").trim_matches('"')).unwrap();
    let mut txs = lines(&out, "transactions.jsonl");
    let k = txs.iter().position(labelled).expect("a takeover transfer");
    let earlier = k
        .checked_sub(1)
        .map(|p| parse_timestamp(field(&txs[p], "transaction_date").trim_matches('"')).unwrap());
    let moved = swapped - 60;
    assert!(
        earlier.is_none_or(|t| t < moved),
        "a background transfer in between"
    );
    assert_eq!(
        moved / 86_400,
        swapped / 86_400,
        "the move crosses midnight"
    );
    let text = format!("\"{}\"", bankgen::core::time::format_timestamp(moved));
    txs[k] = set_field(&txs[k], "transaction_date", &text);
    write_lines(&out, "transactions.jsonl", &txs);
    fix_manifest(&out, "transactions.jsonl");
    expect_only(&out, "INV-account_takeover");
}
