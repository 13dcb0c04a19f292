//! Builds a labelled AML training set: generates a dataset with injected patterns (a raised laundering
//! rate so every typology shows up), then writes one CSV row per transaction with model features and the
//! label, and prints the laundering prevalence per typology, overall and among alerted rows; then every
//! family's instances and the records they add to each file (from `patterns.jsonl`), so the families
//! that plant documents, trades, messages, account events or ownership edges rather than payments
//! (tbml, insider_trading, account_takeover, ubo_chain) show up too.
//!
//! `cargo run --release --example aml_training_set -- [OUT_DIR] [PERSONS]`
//! (defaults: `./aml-training`, 5,000 persons, laundering rate 1%).

use bankgen::config::{Checksums, Config, CountOverrides, Counts, OutputConfig, PartConfig};
use bankgen::encode::Format;
use bankgen::generators::GenParams;
use bankgen::output::sink::SinkKind;
use bankgen::run::{Quiet, RunOptions, generate};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "aml-training".into()));
    let persons: u64 = args.next().map_or(Ok(5_000), |p| p.parse())?;

    let mut config = Config::new(
        42,
        bankgen::core::time::midnight(bankgen::core::time::days_from_civil(2025, 1, 1)),
        365,
        Counts::resolve(persons, &CountOverrides::default()),
        OutputConfig {
            formats: vec![Format::Jsonl],
            only: vec!["transactions".into(), "patterns".into()],
            checksums: Checksums::None,
        },
        PartConfig { index: 1, count: 1 },
        GenParams::default(),
    );
    config.patterns.laundering_rate = Some(0.01);
    let dataset = out.join("dataset");
    let options = RunOptions {
        output: dataset.clone(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        force: true,
        sink: SinkKind::Dir,
    };
    generate(&config, &options, &Quiet, &AtomicBool::new(false))?;

    // Features a detector may use: everything except the ground truth (is_laundering, pattern_id,
    // pattern_type) and the alert fields, which are kept apart as the rule baseline.
    let features = BufWriter::new(std::fs::File::create(out.join("training.csv"))?);
    let mut csv = csv_writer(features);
    csv.write_record([
        "id",
        "transaction_type",
        "hour_utc",
        "amount_usd",
        "is_round_amount",
        "cross_border",
        "has_sender",
        "has_receiver",
        "fee_amount",
        "rule_flagged",
        "label",
        "typology",
    ])?;
    // typology → [rows, flagged rows]; "" is background.
    let mut per_typology: BTreeMap<String, [u64; 2]> = BTreeMap::new();
    let reader = BufReader::new(std::fs::File::open(dataset.join("transactions.jsonl"))?);
    for line in reader.lines() {
        let t: Value = serde_json::from_str(&line?)?;
        let text = |k: &str| t[k].as_str().unwrap_or("").to_string();
        let typology = text("pattern_type");
        let flagged = t["is_flagged"] == true;
        let counts = per_typology.entry(typology.clone()).or_default();
        counts[0] += 1;
        counts[1] += flagged as u64;
        let hour = text("transaction_date")
            .get(11..13)
            .unwrap_or("")
            .to_string();
        csv.write_record([
            text("id"),
            text("transaction_type"),
            hour,
            t["amount_usd"].to_string(),
            t["is_round_amount"].to_string(),
            (t["originating_country"].is_string()
                && t["destination_country"].is_string()
                && t["originating_country"] != t["destination_country"])
                .to_string(),
            t["from_account_id"].is_string().to_string(),
            t["to_account_id"].is_string().to_string(),
            t["fee_amount"].to_string(),
            flagged.to_string(),
            (t["is_laundering"] == true).to_string(),
            typology,
        ])?;
    }
    csv.flush()?;

    let total: u64 = per_typology.values().map(|c| c[0]).sum();
    let flagged: u64 = per_typology.values().map(|c| c[1]).sum();
    println!(
        "training set: {} ({total} rows)",
        out.join("training.csv").display()
    );
    println!(
        "{:<18} {:>9} {:>11} {:>14}",
        "typology", "rows", "prevalence", "share flagged"
    );
    for (typology, [rows, hit]) in &per_typology {
        let name = if typology.is_empty() {
            "(background)"
        } else {
            typology
        };
        println!(
            "{name:<18} {rows:>9} {:>10.4}% {:>13.1}%",
            100.0 * *rows as f64 / total as f64,
            100.0 * *hit as f64 / *rows as f64
        );
    }
    let labelled = total - per_typology.get("").map_or(0, |c| c[0]);
    println!(
        "laundering prevalence {:.4}%, flagged {:.2}% of rows",
        100.0 * labelled as f64 / total as f64,
        100.0 * flagged as f64 / total as f64
    );
    print_families(&dataset.join("patterns.jsonl"))?;
    Ok(())
}

/// Per typology: instances and the records they add to each file, summed from the pattern rows.
fn print_families(patterns: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    const COUNTS: [&str; 6] = [
        "transaction_count",
        "document_count",
        "trade_count",
        "communication_count",
        "account_event_count",
        "relationship_count",
    ];
    let mut per_typology: BTreeMap<String, [u64; 7]> = BTreeMap::new();
    for line in BufReader::new(std::fs::File::open(patterns)?).lines() {
        let p: Value = serde_json::from_str(&line?)?;
        let row = per_typology
            .entry(p["typology"].as_str().unwrap_or("").to_string())
            .or_default();
        row[0] += 1;
        for (k, field) in COUNTS.iter().enumerate() {
            row[k + 1] += p[field].as_u64().unwrap_or(0);
        }
    }
    println!(
        "{:<18} {:>9} {:>12} {:>9} {:>7} {:>9} {:>14} {:>13}",
        "family",
        "instances",
        "transactions",
        "documents",
        "trades",
        "messages",
        "account_events",
        "relationships"
    );
    for (typology, [n, tx, doc, trade, comm, event, rel]) in &per_typology {
        println!(
            "{typology:<18} {n:>9} {tx:>12} {doc:>9} {trade:>7} {comm:>9} {event:>14} {rel:>13}"
        );
    }
    Ok(())
}

fn csv_writer<W: Write>(inner: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().from_writer(inner)
}
