//! `bankgen stream` (SPEC §2.8, §13): the dataset as one ordered stream of envelopes in JSON Lines on
//! stdout, for any producer (`kcat`, `kafka-console-producer`, `pulsar-client produce`).
//!
//! Order: persons, companies, accounts and relationships in file order; then the six event files
//! merged by (timestamp, entity type, id), slice by slice ([`merge`]); then patterns with their
//! members. Chunks go through the same bounded pipeline as `generate`, so memory does not grow with the
//! dataset. The stream is a sequence of envelopes numbered by `sequence`; part K of N (`--parts`) is the
//! K-th contiguous range of it, so the parts concatenate to the whole stream. Pacing (`--rate`) only
//! delays writes ([`pace`]).

pub mod envelope;
pub mod merge;
pub mod pace;

use crate::config::Config;
use crate::core::error::{Error, Result};
use crate::core::ids::Namespace;
use crate::generators::{Ctx, account, company_record, person, relationship, travel};
use crate::model::stream::StreamEntityType;
use crate::output::pipeline::Pipeline;
use crate::patterns::records as pattern;
use crate::run::plan::{EventPlans, part_range};
use crate::schedule::events::{Event, Rows, order_and_number};
use crate::schedule::slices::Slices;
use envelope::{EnvelopeEncoder, EnvelopeStyle, PatternWithMembers, Span, StreamChunk, Streamed};
use merge::{MergeKey, merge_runs};
use pace::Pacer;
use std::io::Write;
use std::sync::atomic::AtomicBool;

/// Units per chunk, as in `generate` (chunking never changes bytes).
const PERSONS_PER_CHUNK: u64 = 1_024;
const ACCOUNTS_PER_CHUNK: u64 = 2_048;
const UNITS_PER_RELATIONSHIP_CHUNK: u64 = 1_024;
const INSTANCES_PER_CHUNK: u64 = 256;

/// What `stream` adds to the generation flags. Nothing here but the filter and the envelope style
/// changes bytes; threads and rate never do.
#[derive(Clone, Debug)]
pub struct StreamOptions {
    pub threads: usize,
    /// Envelopes per second; unpaced when `None`.
    pub rate: Option<f64>,
    /// Entity types to stream; all when empty.
    pub entities: Vec<StreamEntityType>,
    pub ground_truth: bool,
    pub topic_prefix: String,
    pub key_prefix: bool,
}

/// Parses `--entities`: entity types as in `entity_type` (or their file names), each once.
pub fn parse_entities(values: &[String]) -> Result<Vec<StreamEntityType>> {
    use crate::model::record::Label;
    let mut out = Vec::new();
    for value in values {
        let name = value.trim().to_ascii_lowercase();
        if name.is_empty() {
            continue;
        }
        let entity = StreamEntityType::ALL
            .iter()
            .copied()
            .find(|e| {
                e.label() == name
                    || envelope::topic_name(*e) == name
                    || (name == "account_events" && *e == StreamEntityType::AccountEvent)
            })
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--entities: unknown entity '{value}' (known: {})",
                    StreamEntityType::LABELS.join(", ")
                ))
            })?;
        if !out.contains(&entity) {
            out.push(entity);
        }
    }
    if out.is_empty() {
        return Err(Error::Usage(
            "--entities: no entity named (e.g. --entities transaction,account; omit the flag to stream everything)".into(),
        ));
    }
    Ok(out)
}

/// Streams the configured dataset (this part of it) to `out`. Returns the envelopes written; a closed
/// pipe ends the stream quietly with what was written.
pub fn run(
    config: &Config,
    options: &StreamOptions,
    out: &mut dyn Write,
    cancel: &AtomicBool,
) -> Result<u64> {
    let mut ctx = crate::run::context(config);
    ctx.tabulate(options.threads);
    let plans = crate::run::event_plans(config, &mut ctx)?;
    let mut stream = Stream {
        config,
        options,
        ctx: &ctx,
        plans: &plans,
        pipeline: Pipeline::new(options.threads)?,
        style: EnvelopeStyle::new(
            config.seed,
            &options.topic_prefix,
            options.key_prefix,
            options.ground_truth,
        ),
        range: None,
        offset: 0,
        writer: Writer {
            out,
            sequence: 0,
            written: 0,
            pacer: options.rate.map(Pacer::new),
            closed: false,
        },
        cancel,
    };
    if config.part.count > 1 {
        let total = stream.total_envelopes();
        let (lo, hi) = part_range(total, config.part.index, config.part.count);
        stream.range = Some((lo, hi));
        stream.writer.sequence = lo;
    }
    match stream.write_all() {
        Ok(()) => {}
        Err(_) if stream.writer.closed => return Ok(stream.writer.written),
        Err(e) => return Err(e),
    }
    match stream.writer.out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(stdout_error(e)),
        _ => Ok(stream.writer.written),
    }
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::io(std::path::Path::new("<stdout>"), e)
}

/// Writes chunks in order, numbering and pacing envelopes.
struct Writer<'o> {
    out: &'o mut dyn Write,
    /// The next envelope's `sequence`.
    sequence: u64,
    written: u64,
    pacer: Option<Pacer>,
    /// The reader went away (a closed pipe): stop without an error.
    closed: bool,
}

impl Writer<'_> {
    fn write_chunk(&mut self, chunk: &StreamChunk) -> Result<()> {
        let result = self.write_spans(chunk);
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.closed = true;
                Err(Error::Interrupted)
            }
            Err(e) => Err(stdout_error(e)),
            Ok(()) => Ok(()),
        }
    }

    fn write_spans(&mut self, chunk: &StreamChunk) -> std::io::Result<()> {
        let mut digits = itoa::Buffer::new();
        for span in &chunk.spans {
            if let Some(pacer) = &mut self.pacer
                && let Some(wait) = pacer.wait_before(self.written)
            {
                self.out.flush()?;
                std::thread::sleep(wait);
            }
            let bytes = &chunk.bytes;
            self.out.write_all(&bytes[span.start..span.sequence_at])?;
            self.out
                .write_all(digits.format(self.sequence).as_bytes())?;
            self.out.write_all(&bytes[span.sequence_at..span.end])?;
            self.sequence += 1;
            self.written += 1;
        }
        Ok(())
    }
}

/// One stream run: the sections in order, each clipped to this part's range of envelopes.
struct Stream<'a, 'o> {
    config: &'a Config,
    options: &'a StreamOptions,
    ctx: &'a Ctx,
    plans: &'a EventPlans,
    pipeline: Pipeline,
    style: EnvelopeStyle,
    /// This part's envelopes `lo..hi` of the whole stream; everything when `None`.
    range: Option<(u64, u64)>,
    /// Envelopes of the whole stream before the current section.
    offset: u64,
    writer: Writer<'o>,
    cancel: &'a AtomicBool,
}

/// A section's rows this part writes: `lo..hi` of the section's own rows.
fn clip(range: Option<(u64, u64)>, offset: u64, rows: u64) -> (u64, u64) {
    match range {
        None => (0, rows),
        Some((lo, hi)) => {
            let lo = lo.clamp(offset, offset + rows) - offset;
            let hi = hi.clamp(offset, offset + rows) - offset;
            (lo, hi.max(lo))
        }
    }
}

/// The event files in merge order, with their row geometry.
fn event_rows(plans: &EventPlans) -> [(StreamEntityType, Box<dyn Rows + '_>); 6] {
    [
        (
            StreamEntityType::Transaction,
            Box::new(plans.transaction_rows()),
        ),
        (
            StreamEntityType::Communication,
            Box::new(plans.communication_rows()),
        ),
        (StreamEntityType::Trade, Box::new(plans.trade_rows())),
        (StreamEntityType::Travel, Box::new(&plans.travels)),
        (StreamEntityType::Document, Box::new(plans.document_rows())),
        (
            StreamEntityType::AccountEvent,
            Box::new(plans.account_event_rows()),
        ),
    ]
}

impl<T: Rows + ?Sized> Rows for &T {
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        (**self).rows_before(slices, s)
    }
}

impl Stream<'_, '_> {
    fn wants(&self, entity: StreamEntityType) -> bool {
        (self.options.entities.is_empty() || self.options.entities.contains(&entity))
            && (entity != StreamEntityType::Pattern || self.options.ground_truth)
    }

    /// Relationships owned by unit `unit` (persons, then companies), as `generate` writes them.
    fn owned_relationships(
        ctx: &Ctx,
        persons: u64,
        unit: u64,
    ) -> Vec<crate::model::relationship::Relationship> {
        if unit < persons {
            relationship::for_person(ctx, unit)
        } else {
            relationship::for_company(ctx, unit - persons)
        }
    }

    /// Rows before each relationship chunk (and the total last): a counting pass parts need to find
    /// their range.
    fn relationship_chunk_offsets(&self) -> Vec<u64> {
        let counts = &self.config.counts;
        let (persons, units) = (counts.persons, counts.persons + counts.companies);
        let ctx = self.ctx;
        let mut offsets = vec![0u64];
        for k in 0..units.div_ceil(UNITS_PER_RELATIONSHIP_CHUNK) {
            let first = k * UNITS_PER_RELATIONSHIP_CHUNK;
            let n = (units - first).min(UNITS_PER_RELATIONSHIP_CHUNK);
            let rows = self.pipeline.sum(n, |u| {
                Self::owned_relationships(ctx, persons, first + u).len() as u64
            });
            offsets.push(offsets[offsets.len() - 1] + rows);
        }
        offsets
    }

    /// Envelopes of the whole (unsharded) stream.
    fn total_envelopes(&self) -> u64 {
        let c = &self.config.counts;
        let mut total = 0;
        for (entity, rows) in [
            (StreamEntityType::Person, c.persons),
            (StreamEntityType::Company, c.companies),
            (StreamEntityType::Account, c.accounts),
        ] {
            if self.wants(entity) {
                total += rows;
            }
        }
        if self.wants(StreamEntityType::Relationship) {
            total += self
                .relationship_chunk_offsets()
                .last()
                .copied()
                .unwrap_or(0);
        }
        total += self.merged_before(self.plans.slices.count);
        if self.wants(StreamEntityType::Pattern) {
            total += self.plans.patterns.instances.len() as u64;
        }
        total
    }

    /// Envelopes of the selected event files before slice `s`.
    fn merged_before(&self, s: u64) -> u64 {
        let slices = self.plans.slices;
        event_rows(self.plans)
            .iter()
            .filter(|(entity, _)| self.wants(*entity))
            .map(|(_, rows)| rows.rows_before(slices, s))
            .sum()
    }

    fn write_all(&mut self) -> Result<()> {
        let counts = self.config.counts.clone();
        if self.wants(StreamEntityType::Person) {
            self.one_per_unit(counts.persons, PERSONS_PER_CHUNK, person::record)?;
        }
        if self.wants(StreamEntityType::Company) {
            self.one_per_unit(counts.companies, PERSONS_PER_CHUNK, company_record::record)?;
        }
        if self.wants(StreamEntityType::Account) {
            self.one_per_unit(counts.accounts, ACCOUNTS_PER_CHUNK, account::record)?;
        }
        if self.wants(StreamEntityType::Relationship) {
            self.relationships()?;
        }
        self.events()?;
        if self.wants(StreamEntityType::Pattern) {
            let instances = &self.plans.patterns.instances;
            let market = self.plans.market_tables();
            self.one_per_unit(instances.len() as u64, INSTANCES_PER_CHUNK, |ctx, i| {
                let planned = &instances[i as usize];
                PatternWithMembers {
                    pattern: pattern::record(ctx, i, planned, market),
                    members: pattern::members(ctx, i, planned),
                }
            })?;
        }
        Ok(())
    }

    /// Runs `chunks` chunks through the pipeline; `produce` fills a chunk's envelopes in output order.
    fn run_chunks<P>(&mut self, chunks: u64, produce: P) -> Result<()>
    where
        P: Fn(u64, &mut EnvelopeEncoder<'_>, &mut StreamChunk) + Sync,
    {
        let style = &self.style;
        let writer = &mut self.writer;
        self.pipeline.run(
            chunks,
            |k, chunk: &mut StreamChunk| {
                chunk.clear();
                let mut encoder = EnvelopeEncoder::new(style);
                produce(k, &mut encoder, chunk);
            },
            |_, chunk| writer.write_chunk(chunk),
            self.cancel,
        )
    }

    /// A table with one record per unit (persons, companies, accounts, patterns).
    fn one_per_unit<R, G>(&mut self, units: u64, per_chunk: u64, record: G) -> Result<()>
    where
        R: Streamed,
        G: Fn(&Ctx, u64) -> R + Sync,
    {
        let (lo, hi) = clip(self.range, self.offset, units);
        self.offset += units;
        let ctx = self.ctx;
        self.run_chunks((hi - lo).div_ceil(per_chunk), |k, encoder, chunk| {
            let first = lo + k * per_chunk;
            for unit in first..(first + per_chunk).min(hi) {
                encoder.encode(&record(ctx, unit), chunk);
            }
        })
    }

    /// Relationships: every unit's edges; a part first counts edges per chunk to find its rows.
    fn relationships(&mut self) -> Result<()> {
        let counts = &self.config.counts;
        let (persons, units) = (counts.persons, counts.persons + counts.companies);
        let per_chunk = UNITS_PER_RELATIONSHIP_CHUNK;
        let all_chunks = units.div_ceil(per_chunk);
        let (offsets, (lo, hi)) = match self.range {
            None => (None, (0, u64::MAX)),
            Some(_) => {
                let offsets = self.relationship_chunk_offsets();
                let rows = offsets.last().copied().unwrap_or(0);
                let range = clip(self.range, self.offset, rows);
                self.offset += rows;
                (Some(offsets), range)
            }
        };
        // Chunks holding rows lo..hi: the offsets are non-decreasing, so a partition point finds them.
        let (first_chunk, last_chunk) = match &offsets {
            None => (0, all_chunks),
            Some(_) if lo >= hi => (0, 0),
            Some(o) => (
                (o.partition_point(|&r| r <= lo) as u64).saturating_sub(1),
                (o.partition_point(|&r| r < hi) as u64).min(all_chunks),
            ),
        };
        let ctx = self.ctx;
        let offsets = offsets.as_deref();
        self.run_chunks(last_chunk - first_chunk, |k, encoder, chunk| {
            let k = first_chunk + k;
            let mut row = offsets.map_or(0, |o| o[k as usize]);
            let first = k * per_chunk;
            for unit in first..(first + per_chunk).min(units) {
                for edge in Self::owned_relationships(ctx, persons, unit) {
                    if (lo..hi).contains(&row) {
                        encoder.encode(&edge, chunk);
                    }
                    row += 1;
                }
            }
        })
    }

    /// The event files merged slice by slice.
    fn events(&mut self) -> Result<()> {
        let slices = self.plans.slices;
        let rows = self.merged_before(slices.count);
        let (lo, hi) = clip(self.range, self.offset, rows);
        self.offset += rows;
        if lo >= hi {
            return Ok(());
        }
        // The slices holding merged rows lo..hi (binary search over the merged row offsets).
        let slice_of = |row: u64| {
            let (mut a, mut b) = (0u64, slices.count);
            while a < b {
                let mid = a + (b - a) / 2;
                if self.merged_before(mid + 1) <= row {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            a
        };
        let (first, last) = (slice_of(lo), slice_of(hi - 1) + 1);
        let wanted: Vec<StreamEntityType> = event_rows(self.plans)
            .iter()
            .map(|(e, _)| *e)
            .filter(|e| self.wants(*e))
            .collect();
        let (ctx, plans) = (self.ctx, self.plans);
        let before: Vec<u64> = (first..last).map(|s| self.merged_before(s)).collect();
        self.run_chunks(last - first, |k, encoder, chunk| {
            let s = first + k;
            let mut keys = Vec::new();
            let mut runs = Vec::with_capacity(wanted.len());
            for &entity in &wanted {
                let start = keys.len();
                slice_records(ctx, plans, entity, s, encoder, chunk, &mut keys);
                runs.push(start..keys.len());
            }
            let offset = before[k as usize];
            let spans: Vec<Span> = merge_runs(&keys, &runs)
                .into_iter()
                .enumerate()
                .filter(|&(position, _)| (lo..hi).contains(&(offset + position as u64)))
                .map(|(_, i)| chunk.spans[i])
                .collect();
            chunk.spans = spans;
        })
    }
}

/// Encodes one event file's records of slice `s` in file order, with their merge keys.
fn slice_records(
    ctx: &Ctx,
    plans: &EventPlans,
    entity: StreamEntityType,
    s: u64,
    encoder: &mut EnvelopeEncoder<'_>,
    chunk: &mut StreamChunk,
    keys: &mut Vec<MergeKey>,
) {
    let slices = plans.slices;
    match entity {
        StreamEntityType::Transaction => {
            ordered(
                ctx,
                Namespace::Transaction,
                s,
                encoder,
                chunk,
                keys,
                |out| plans.transaction_slice(ctx, s, out),
            );
        }
        StreamEntityType::Communication => {
            ordered(
                ctx,
                Namespace::Communication,
                s,
                encoder,
                chunk,
                keys,
                |out| plans.communication_slice(ctx, s, out),
            );
        }
        StreamEntityType::Trade => {
            ordered(ctx, Namespace::Trade, s, encoder, chunk, keys, |out| {
                plans.trade_slice(ctx, s, out)
            });
        }
        StreamEntityType::Travel => {
            ordered(ctx, Namespace::Travel, s, encoder, chunk, keys, |out| {
                travel::slice(ctx, &plans.travel_tables, &plans.travels, slices, s, out)
            });
        }
        StreamEntityType::Document => {
            ordered(ctx, Namespace::Document, s, encoder, chunk, keys, |out| {
                plans.document_slice(ctx, s, out)
            });
        }
        StreamEntityType::AccountEvent => {
            ordered(
                ctx,
                Namespace::AccountEvent,
                s,
                encoder,
                chunk,
                keys,
                |out| plans.account_event_slice(ctx, s, out),
            );
        }
        _ => {}
    }
}

/// Draws a slice of one event file, orders and numbers it as `generate` does, and encodes it.
fn ordered<R, G>(
    ctx: &Ctx,
    ns: Namespace,
    s: u64,
    encoder: &mut EnvelopeEncoder<'_>,
    chunk: &mut StreamChunk,
    keys: &mut Vec<MergeKey>,
    generate: G,
) where
    R: Event + Streamed,
    G: FnOnce(&mut Vec<R>),
{
    let mut records = Vec::new();
    generate(&mut records);
    let order = order_and_number(&mut records, &ctx.ids, ns, s);
    for &i in &order {
        let record = &records[i as usize];
        keys.push((
            Event::timestamp(record),
            R::ENTITY as u8,
            record.record_id(),
        ));
        encoder.encode(record, chunk);
    }
}
