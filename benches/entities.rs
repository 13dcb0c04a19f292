//! Micro benches of entity generation (SPEC §15.1): one thread, each record generated and encoded as
//! JSON into an in-memory buffer, as the original workloads did.

// Only `config` is used here; the rest serves the event benches.
#[path = "gate/setup.rs"]
#[allow(dead_code)]
mod setup;

use bankgen::config::CountOverrides;
use bankgen::encode::json;
use bankgen::generators::{account, company_record, person};
use bankgen::run::context;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn entity_benches(c: &mut Criterion) {
    for n in [100u64, 1_000] {
        let ctx = context(&setup::config(n, 365, CountOverrides::default()));
        let mut buf = Vec::with_capacity(4 << 20);
        c.bench_function(&format!("person_generation_{n}"), |b| {
            b.iter(|| {
                buf.clear();
                for p in 0..n {
                    json::write_record(&person::record(&ctx, p), &mut buf);
                }
                black_box(buf.len())
            })
        });
        c.bench_function(&format!("account_generation_{n}"), |b| {
            b.iter(|| {
                buf.clear();
                for a in 0..n {
                    json::write_record(&account::record(&ctx, a), &mut buf);
                }
                black_box(buf.len())
            })
        });
        let companies = ctx.layout.params.companies;
        c.bench_function(&format!("company_generation_{}", n / 5), |b| {
            b.iter(|| {
                buf.clear();
                for k in 0..companies {
                    json::write_record(&company_record::record(&ctx, k), &mut buf);
                }
                black_box(buf.len())
            })
        });
    }
}

criterion_group!(benches, entity_benches);
criterion_main!(benches);
