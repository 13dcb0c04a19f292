//! Benches of `bankgen validate` (SPEC §2.7, §12; target ≥ 500,000 JSONL records/s on 2 threads): a
//! small JSONL dataset is generated once with the built binary, then validated in-process (the whole
//! run: discovery, manifest, reading, hashing, every rule family), and the record parser alone runs over
//! its transaction lines. Throughput is reported in records.

use bankgen::validate::{Options, json, run};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use std::process::Command;

fn dataset(dir: &Path) -> u64 {
    let status = Command::new(env!("CARGO_BIN_EXE_bankgen"))
        .args([
            "generate",
            "--persons",
            "500",
            "--format",
            "jsonl",
            "--only",
            "transactions,accounts,persons,companies,patterns,pattern_members",
            "--quiet",
            "--output",
        ])
        .arg(dir)
        .status()
        .expect("run bankgen generate");
    assert!(status.success(), "bankgen generate failed");
    std::fs::read_dir(dir)
        .expect("dataset directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "jsonl"))
        .map(|e| {
            let text = std::fs::read(e.path()).expect("read a dataset file");
            text.iter().filter(|&&b| b == b'\n').count() as u64
        })
        .sum()
}

fn validate_benches(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = tmp.path().join("data");
    let records = dataset(&dir);
    let opts = Options {
        dirs: vec![dir.clone()],
        strict: false,
        max_examples: 5,
        realism: false,
        partial: false,
    };
    let outcome = run(&opts).expect("validate runs");
    assert!(outcome.valid(), "the generated dataset validates");

    let mut g = c.benchmark_group("validate");
    g.sample_size(10);
    g.throughput(Throughput::Elements(records));
    g.bench_function("jsonl_dataset", |b| {
        b.iter(|| black_box(run(&opts).expect("validate runs").valid()))
    });

    let text = std::fs::read_to_string(dir.join("transactions.jsonl")).expect("transactions");
    let lines: Vec<&str> = text.lines().collect();
    g.throughput(Throughput::Elements(lines.len() as u64));
    g.bench_function("parse_transactions", |b| {
        b.iter(|| {
            for line in &lines {
                black_box(json::parse(line).is_ok());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, validate_benches);
criterion_main!(benches);
