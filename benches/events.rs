//! Micro benches of event generation (SPEC §15.1): one thread, every slice of a small window drawn,
//! ordered, numbered and encoded as JSON into an in-memory buffer. Lookup tables are built once, outside
//! the measured loop, as a run builds them once.

#[path = "gate/setup.rs"]
mod setup;

use bankgen::core::ids::Namespace;
use bankgen::generators::communication;
use bankgen::run::context;
use bankgen::run::plan::EventPlans;
use bankgen::schedule::events::Rows;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

use setup::{encode, events_config};

fn event_benches(c: &mut Criterion) {
    for n in [100u64, 10_000] {
        let config = events_config(n, 100);
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
    let config = events_config(0, 100);
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
                communication::slice(
                    &ctx,
                    &plans.communication_tables,
                    &plans.communications,
                    slices,
                    s,
                    &mut records,
                );
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
