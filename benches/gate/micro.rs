//! The in-process benches of SPEC §15.1: per-entity generation, event envelopes, record validation
//! and peak heap, each on one thread and serialising into an in-memory buffer. Contexts and plans are
//! built outside the timed loop, as a run builds them once; the memory benches include them.

use crate::heap;
use crate::setup::{config, encode, events_config};
use bankgen::config::{Config, CountOverrides};
use bankgen::core::ids::Namespace;
use bankgen::encode::json;
use bankgen::generators::{account, communication, person};
use bankgen::run::context;
use bankgen::run::plan::EventPlans;
use bankgen::stream::envelope::{EnvelopeEncoder, EnvelopeStyle, StreamChunk, write_numbered};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long and how often each micro bench is sampled.
#[derive(Clone, Copy)]
pub struct Sampling {
    pub samples: usize,
    /// Each sample repeats the workload until it lasts at least this long.
    pub min_sample: Duration,
}

/// The median seconds of one call of `work`, after a warm-up.
fn median_seconds(s: Sampling, mut work: impl FnMut()) -> f64 {
    let started = Instant::now();
    let mut calls = 0u64;
    while calls < 3 || started.elapsed() < s.min_sample {
        work();
        calls += 1;
    }
    let per_sample = calls.max(1);
    let mut times: Vec<f64> = (0..s.samples)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_sample {
                work();
            }
            t.elapsed().as_secs_f64() / per_sample as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Every micro bench: (name, median seconds or peak MiB).
pub fn run(s: Sampling) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    entities(s, &mut out);
    events(s, &mut out);
    envelopes(s, &mut out);
    validation(s, &mut out);
    memory(&mut out);
    out
}

fn entities(s: Sampling, out: &mut Vec<(String, f64)>) {
    for n in [100u64, 1_000] {
        let ctx = context(&config(n, 365, CountOverrides::default()));
        let mut buf = Vec::with_capacity(4 << 20);
        let t = median_seconds(s, || {
            buf.clear();
            for p in 0..n {
                json::write_record(&person::record(&ctx, p), &mut buf);
            }
            black_box(buf.len());
        });
        out.push((format!("person_generation_{n}"), t));
        let t = median_seconds(s, || {
            buf.clear();
            for a in 0..n {
                json::write_record(&account::record(&ctx, a), &mut buf);
            }
            black_box(buf.len());
        });
        out.push((format!("account_generation_{n}"), t));
    }
}

/// Generates every slice of a plan's transactions (or communications), ordered, numbered and
/// encoded into `buf`.
fn event_slices(config: Config, communications: bool, capacity: usize) -> impl FnMut() {
    let ctx = context(&config);
    let plans = EventPlans::new(&ctx, &config.counts, Default::default()).expect("plan fits");
    let mut buf = Vec::with_capacity(capacity);
    let mut transactions = Vec::new();
    let mut messages = Vec::new();
    move || {
        buf.clear();
        for s in 0..plans.slices.count {
            if communications {
                messages.clear();
                communication::slice(
                    &ctx,
                    &plans.communication_tables,
                    &plans.communications,
                    plans.slices,
                    s,
                    &mut messages,
                );
                encode(
                    &mut messages,
                    &ctx.ids,
                    Namespace::Communication,
                    s,
                    &mut buf,
                );
            } else {
                transactions.clear();
                plans.transaction_slice(&ctx, s, &mut transactions);
                encode(
                    &mut transactions,
                    &ctx.ids,
                    Namespace::Transaction,
                    s,
                    &mut buf,
                );
            }
        }
        black_box(buf.len());
    }
}

fn events(s: Sampling, out: &mut Vec<(String, f64)>) {
    for n in [100u64, 10_000] {
        let work = event_slices(events_config(n, 100), false, 8 << 20);
        out.push((
            format!("transaction_generation_{n}"),
            median_seconds(s, work),
        ));
    }
    let work = event_slices(events_config(0, 100), true, 1 << 20);
    out.push((
        "communication_generation_100".into(),
        median_seconds(s, work),
    ));
}

/// The original's streaming events as bankgen's stream envelopes (SPEC §13): one person or account
/// event, and batches of 100 person events.
fn envelopes(s: Sampling, out: &mut Vec<(String, f64)>) {
    let ctx = context(&config(100, 365, CountOverrides::default()));
    let style = EnvelopeStyle::new(42, "", false, true);
    let mut encoder = EnvelopeEncoder::new(&style);
    let mut chunk = StreamChunk::default();
    let person = person::record(&ctx, 0);
    let account = account::record(&ctx, 0);
    let t = median_seconds(s, || {
        chunk.clear();
        encoder.encode(&person, &mut chunk);
        black_box(chunk.bytes.len());
    });
    out.push(("person_event_serialisation".into(), t));
    let t = median_seconds(s, || {
        chunk.clear();
        encoder.encode(&account, &mut chunk);
        black_box(chunk.bytes.len());
    });
    out.push(("account_event_serialisation".into(), t));
    // Creation: each event's record is generated and enveloped.
    let t = median_seconds(s, || {
        chunk.clear();
        for p in 0..100 {
            encoder.encode(&person::record(&ctx, p), &mut chunk);
        }
        black_box(chunk.bytes.len());
    });
    out.push(("batch_event_creation_100".into(), t));
    // Serialisation: 100 given records enveloped and written, numbered, into memory.
    let persons: Vec<_> = (0..100).map(|p| person::record(&ctx, p)).collect();
    let mut written = Vec::with_capacity(1 << 20);
    let t = median_seconds(s, || {
        chunk.clear();
        written.clear();
        for p in &persons {
            encoder.encode(p, &mut chunk);
        }
        let mut sequence = 0;
        write_numbered(&chunk, &chunk.spans, &mut sequence, &mut written).expect("in memory");
        black_box(written.len());
    });
    out.push(("batch_serialisation_100".into(), t));
}

/// The record rules that need no manifest (SCH, RANGE, IDENT) over 100 persons or accounts as
/// `validate` reads them: each JSON line parsed and checked.
fn validation(s: Sampling, out: &mut Vec<(String, f64)>) {
    use bankgen::validate::{findings::Findings, json as vjson, rules, schema, state};
    let ctx = context(&config(100, 365, CountOverrides::default()));
    let rules_ctx = state::Ctx {
        max_examples: 5,
        codec: None,
        man: None,
        full: false,
        persons: Vec::new(),
        passports: Vec::new(),
        extra_passports: Vec::new(),
        companies: Vec::new(),
        accounts: Vec::new(),
        patterns: Default::default(),
        inv: Default::default(),
        issuers: Default::default(),
        realism: false,
    };
    for (stem, lines) in [
        ("person", lines((0..100).map(|p| person::record(&ctx, p)))),
        ("account", lines((0..100).map(|a| account::record(&ctx, a)))),
    ] {
        let file = state::FileCtx {
            entity: schema::entity(&format!("{stem}s")).expect("a known entity"),
            label: format!("{stem}s.jsonl"),
            part: (1, 1),
        };
        let t = median_seconds(s, || {
            let mut findings = Findings::new(5);
            let mut records = state::Out::default();
            for (line, text) in lines.iter().enumerate() {
                let Ok(vjson::Val::Obj(obj)) = vjson::parse(text) else {
                    panic!("bankgen writes objects");
                };
                rules::check_record(
                    &rules_ctx,
                    &file,
                    line as u64 + 1,
                    &obj,
                    &mut records,
                    &mut findings,
                );
            }
            assert_eq!(
                findings.total(bankgen::validate::findings::Severity::Error),
                0
            );
        });
        out.push((format!("{stem}_validation_100"), t));
    }
}

/// Records as JSON lines.
fn lines<R: bankgen::model::record::Record>(records: impl Iterator<Item = R>) -> Vec<String> {
    records
        .map(|r| {
            let mut buf = Vec::new();
            json::write_record(&r, &mut buf);
            String::from_utf8(buf).expect("JSON is UTF-8")
        })
        .collect()
}

/// Peak heap of generating 1,000 persons and 10,000 transactions into memory, context and plan
/// included.
fn memory(out: &mut Vec<(String, f64)>) {
    let mib = heap::peak_mib(|| {
        let ctx = context(&config(1_000, 365, CountOverrides::default()));
        let mut buf = Vec::new();
        for p in 0..1_000 {
            json::write_record(&person::record(&ctx, p), &mut buf);
        }
        black_box(buf.len());
    });
    out.push(("person_generation_memory".into(), mib));
    let mib = heap::peak_mib(|| {
        let mut work = event_slices(events_config(10_000, 100), false, 0);
        work();
    });
    out.push(("transaction_generation_memory".into(), mib));
}
