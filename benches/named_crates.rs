//! The product card's named crates against what bankgen does instead (docs/architecture.md quotes the
//! medians): money as integer minor units vs `rust_decimal`, record ids as keyed bijections vs `uuid`.
//! Every bench handles a batch of 1,024 items, so a median / 1,024 is ns per item.

use bankgen::core::ids::{IdCodec, Namespace};
use bankgen::core::seed::splitmix64;
use bankgen::model::record::Decimal;
use bankgen::refdata::{self, currencies::div_round_half_even};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_decimal::{Decimal as RustDecimal, RoundingStrategy};
use std::hint::black_box;
use std::io::Write as _;

const BATCH: usize = 1_024;

/// (quantity, unit price in cents): log-spread prices like line items and transactions.
fn lines() -> Vec<(i64, i64)> {
    let mut state = 42;
    (0..BATCH)
        .map(|_| {
            let r = splitmix64(&mut state);
            let digits = 2 + (r % 7) as u32;
            (
                1 + (r >> 8) as i64 % 50,
                1 + (r >> 16) as i64 % 10i64.pow(digits),
            )
        })
        .collect()
}

fn money(c: &mut Criterion) {
    let lines = lines();
    let eur = refdata::currency(refdata::currency_by_code("EUR").expect("EUR"));
    let mut g = c.benchmark_group("amount");
    g.throughput(Throughput::Elements(BATCH as u64));
    let mut buf = Vec::with_capacity(64 * BATCH);

    g.bench_function("format/integer_minor_units", |b| {
        b.iter(|| {
            buf.clear();
            for &(_, cents) in &lines {
                Decimal::new(cents, 2).write(&mut buf);
                buf.push(b',');
            }
            black_box(buf.len())
        })
    });
    let decimals: Vec<RustDecimal> = lines.iter().map(|&(_, c)| RustDecimal::new(c, 2)).collect();
    g.bench_function("format/rust_decimal", |b| {
        b.iter(|| {
            buf.clear();
            for d in &decimals {
                let _ = write!(buf, "{d},");
            }
            black_box(buf.len())
        })
    });

    // `validate` reads money text into minor units at the currency's places (RANGE-4 needs exactly them).
    let texts: Vec<String> = lines
        .iter()
        .map(|&(_, c)| Decimal::new(c, 2).to_string())
        .collect();
    g.bench_function("parse/integer_minor_units", |b| {
        b.iter(|| {
            let mut sum = 0i64;
            for t in black_box(&texts) {
                sum += bankgen::validate::rules::units(t, 2, true).unwrap_or(0);
            }
            black_box(sum)
        })
    });
    g.bench_function("parse/rust_decimal", |b| {
        b.iter(|| {
            let mut sum = 0i64;
            for t in black_box(&texts) {
                if let Ok(d) = t.parse::<RustDecimal>()
                    && d.scale() == 2
                {
                    sum += d.mantissa() as i64;
                }
            }
            black_box(sum)
        })
    });

    // A line amount (quantity x unit price), the running total, and the amount in US cents at the
    // table rate, rounded half to even once: what a document line and its AL check do.
    let rate_scale = 10i128.pow(eur.usd_rate_scale as u32 + 2);
    let rate_den = eur.usd_rate_units as i128 * 10i128.pow(eur.minor_units as u32);
    g.bench_function("arithmetic/integer_minor_units", |b| {
        b.iter(|| {
            let (mut total, mut usd) = (0i64, 0i64);
            for &(q, cents) in black_box(&lines) {
                let amount = q * cents;
                total += amount;
                usd += div_round_half_even(amount as i128 * rate_scale, rate_den) as i64;
            }
            black_box((total, usd))
        })
    });
    let rate = RustDecimal::new(eur.usd_rate_units, eur.usd_rate_scale as u32);
    let priced: Vec<(RustDecimal, RustDecimal)> = lines
        .iter()
        .map(|&(q, c)| (RustDecimal::from(q), RustDecimal::new(c, 2)))
        .collect();
    g.bench_function("arithmetic/rust_decimal", |b| {
        b.iter(|| {
            let (mut total, mut usd) = (RustDecimal::ZERO, RustDecimal::ZERO);
            for &(q, price) in black_box(&priced) {
                let amount = q * price;
                total += amount;
                usd += (amount / rate)
                    .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
            }
            black_box((total, usd))
        })
    });
    g.finish();
}

/// A deterministic UUID carrying a record id's 64-bit value: the value's bytes around the version and
/// variant bits, the namespace number in the last byte (what an `--id-format uuid` would write).
fn uuid_of(value: u64, ns: Namespace) -> uuid::Uuid {
    let v = value.to_be_bytes();
    uuid::Uuid::new_v8([
        v[0], v[1], v[2], v[3], v[4], v[5], 0, v[6], 0, v[7], 0, 0, 0, 0, 0, ns as u8,
    ])
}

fn ids(c: &mut Criterion) {
    let codec = IdCodec::new(42);
    let mut g = c.benchmark_group("id");
    g.throughput(Throughput::Elements(BATCH as u64));
    let mut buf = Vec::with_capacity(40 * BATCH);
    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];

    g.bench_function("keyed_bijection", |b| {
        b.iter(|| {
            buf.clear();
            for i in 0..BATCH as u64 {
                codec
                    .make(Namespace::Transaction, black_box(i))
                    .write(&mut buf);
            }
            black_box(buf.len())
        })
    });
    let namespace = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, b"bankgen");
    g.bench_function("uuid_v5_of_seed_stream_index", |b| {
        b.iter(|| {
            buf.clear();
            for i in 0..BATCH as u64 {
                let mut name = [0u8; 17];
                name[..8].copy_from_slice(&42u64.to_be_bytes());
                name[8] = Namespace::Transaction as u8;
                name[9..].copy_from_slice(&black_box(i).to_be_bytes());
                let id = uuid::Uuid::new_v5(&namespace, &name);
                buf.extend_from_slice(id.hyphenated().encode_lower(&mut text).as_bytes());
            }
            black_box(buf.len())
        })
    });
    g.bench_function("uuid_v8_of_keyed_bijection", |b| {
        b.iter(|| {
            buf.clear();
            for i in 0..BATCH as u64 {
                let id = codec.make(Namespace::Transaction, black_box(i));
                let id = uuid_of(id.value, Namespace::Transaction);
                buf.extend_from_slice(id.hyphenated().encode_lower(&mut text).as_bytes());
            }
            black_box(buf.len())
        })
    });
    g.finish();
}

criterion_group!(benches, money, ids);
criterion_main!(benches);
