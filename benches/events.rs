//! Micro benches of event generation (SPEC §15.1): one thread, every slice of a small window drawn,
//! ordered, numbered and encoded as JSON into an in-memory buffer. Lookup tables are built once, outside
//! the measured loop, as a run builds them once.

use bankgen::config::{Checksums, Config, CountOverrides, Counts, OutputConfig, PartConfig};
use bankgen::core::ids::Namespace;
use bankgen::encode::{Format, json};
use bankgen::generators::GenParams;
use bankgen::run::context;
use bankgen::run::plan::EventPlans;
use bankgen::schedule::events::{Event, Rows, order_and_number};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn config(persons: u64, transactions: u64, communications: u64) -> Config {
    Config::new(
        42,
        bankgen::core::time::midnight(bankgen::core::time::days_from_civil(2025, 1, 1)),
        30,
        Counts::resolve(
            persons,
            &CountOverrides {
                transactions: Some(transactions),
                communications: Some(communications),
                documents: Some(0),
                ..Default::default()
            },
        ),
        OutputConfig {
            formats: vec![Format::Json],
            only: Vec::new(),
            checksums: Checksums::Sha256,
        },
        PartConfig { index: 1, count: 1 },
        GenParams::default(),
    )
}

/// Orders, numbers and encodes one slice's records.
fn encode<R: Event>(
    records: &mut [R],
    ids: &bankgen::core::ids::IdCodec,
    ns: Namespace,
    s: u64,
    buf: &mut Vec<u8>,
) {
    for i in order_and_number(records, ids, ns, s) {
        json::write_record(&records[i as usize], buf);
    }
}

fn event_benches(c: &mut Criterion) {
    for n in [100u64, 10_000] {
        let config = config(1_000, n, 100);
        let ctx = context(&config);
        let plans = EventPlans::new(&ctx, &config.counts, Default::default()).expect("plan fits");
        let rows = plans.transaction_rows();
        let slices = plans.slices;
        assert_eq!(rows.total_rows(slices), n);
        let mut buf = Vec::with_capacity(8 << 20);
        let mut records = Vec::new();
        c.bench_function(&format!("transaction_generation_{n}"), |b| {
            b.iter(|| {
                buf.clear();
                for s in 0..slices.count {
                    records.clear();
                    plans.transaction_slice(&ctx, s, &mut records);
                    encode(&mut records, &ctx.ids, Namespace::Transaction, s, &mut buf);
                }
                black_box(buf.len())
            })
        });
    }
    let config = config(1_000, 0, 100);
    let ctx = context(&config);
    let plans = EventPlans::new(&ctx, &config.counts, Default::default()).expect("plan fits");
    let slices = plans.slices;
    let mut buf = Vec::with_capacity(1 << 20);
    let mut records = Vec::new();
    c.bench_function("communication_generation_100", |b| {
        b.iter(|| {
            buf.clear();
            for s in 0..slices.count {
                records.clear();
                plans.communication_slice(&ctx, s, &mut records);
                encode(
                    &mut records,
                    &ctx.ids,
                    Namespace::Communication,
                    s,
                    &mut buf,
                );
            }
            black_box(buf.len())
        })
    });
}

criterion_group!(benches, event_benches);
criterion_main!(benches);
