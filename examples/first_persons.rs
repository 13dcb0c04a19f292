//! Generates the first few persons of a dataset in-process and prints them as JSON Lines, showing that any
//! record is a pure function of (configuration, index): no files, no pipeline, no state.
//!
//! `cargo run --example first_persons -- 5`

use bankgen::config::{Checksums, Config, CountOverrides, Counts, OutputConfig, PartConfig};
use bankgen::encode::{Format, json};
use bankgen::generators::{GenParams, person};
use bankgen::run::context;

fn main() {
    let shown: u64 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let config = Config::new(
        42,
        bankgen::core::time::midnight(bankgen::core::time::days_from_civil(2025, 1, 1)),
        365,
        Counts::resolve(100, &CountOverrides::default()),
        OutputConfig {
            formats: vec![Format::Jsonl],
            only: Vec::new(),
            checksums: Checksums::Sha256,
        },
        PartConfig { index: 1, count: 1 },
        GenParams::default(),
    );
    let ctx = context(&config);
    let mut line = Vec::new();
    for p in 0..shown.min(config.counts.persons) {
        line.clear();
        json::write_record(&person::record(&ctx, p), &mut line);
        println!("{}", String::from_utf8_lossy(&line));
    }
}
