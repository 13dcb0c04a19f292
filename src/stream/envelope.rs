//! One streamed event as bytes (SPEC §13): the envelope of a record followed by the record itself as
//! `payload`, exactly as JSON output writes it. A chunk of envelopes keeps, per envelope, where its
//! `sequence` value goes, so the single writer numbers envelopes as it writes them and workers never
//! need to know how many envelopes precede their chunk.

use crate::core::ids::RecordId;
use crate::core::seed::Bijection;
use crate::core::time::{Timestamp, midnight};
use crate::encode::json;
use crate::model::record::{FieldWriter, Fields, Record};
use crate::model::{
    account::Account,
    account_event::AccountEvent,
    communication::Communication,
    company::Company,
    document::Document,
    pattern::{Pattern, PatternMember},
    person::Person,
    relationship::Relationship,
    stream::{StreamEntityType, StreamEnvelope, StreamEventType},
    trade::Trade,
    transaction::Transaction,
    travel::Travel,
};
use crate::schedule::events::Event;

/// Payload fields `--no-ground-truth` leaves out.
pub const GROUND_TRUTH_FIELDS: &[&str] = &["is_laundering", "pattern_id", "pattern_type"];

/// Longest `text_for_embedding`, in characters.
const MAX_EMBEDDING_CHARS: usize = 1_000;

/// A record that can be streamed: its entity type, simulated event time and text for embedding.
pub trait Streamed: Record {
    const ENTITY: StreamEntityType;
    fn stream_time(&self) -> Timestamp;
    fn embedding_text(&self) -> Option<&str> {
        None
    }
}

/// Implements [`Streamed`] for an event record: its time is the event's own timestamp.
macro_rules! streamed_event {
    ($ty:ty, $entity:ident) => {
        impl Streamed for $ty {
            const ENTITY: StreamEntityType = StreamEntityType::$entity;
            fn stream_time(&self) -> Timestamp {
                Event::timestamp(self)
            }
        }
    };
}

streamed_event!(Transaction, Transaction);
streamed_event!(Trade, Trade);
streamed_event!(Travel, Travel);
streamed_event!(Document, Document);
streamed_event!(AccountEvent, AccountEvent);

impl Streamed for Communication {
    const ENTITY: StreamEntityType = StreamEntityType::Communication;
    fn stream_time(&self) -> Timestamp {
        self.timestamp
    }
    fn embedding_text(&self) -> Option<&str> {
        Some(&self.content)
    }
}

impl Streamed for Person {
    const ENTITY: StreamEntityType = StreamEntityType::Person;
    fn stream_time(&self) -> Timestamp {
        self.created_at
    }
    fn embedding_text(&self) -> Option<&str> {
        Some(&self.full_name)
    }
}

impl Streamed for Company {
    const ENTITY: StreamEntityType = StreamEntityType::Company;
    fn stream_time(&self) -> Timestamp {
        self.created_at
    }
    fn embedding_text(&self) -> Option<&str> {
        Some(&self.legal_name)
    }
}

impl Streamed for Account {
    const ENTITY: StreamEntityType = StreamEntityType::Account;
    fn stream_time(&self) -> Timestamp {
        self.created_at
    }
}

impl Streamed for Relationship {
    const ENTITY: StreamEntityType = StreamEntityType::Relationship;
    fn stream_time(&self) -> Timestamp {
        midnight(self.start_date)
    }
}

/// A pattern with its member rows embedded as `members` (the streamed form of a pattern).
#[derive(Clone, Debug, Default)]
pub struct PatternWithMembers {
    pub pattern: Pattern,
    pub members: Vec<PatternMember>,
}

impl Fields for PatternWithMembers {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        self.pattern.write_fields(w);
        w.objects("members", &self.members);
    }
}

impl Record for PatternWithMembers {
    const FILE: &'static str = Pattern::FILE;
    const SINGULAR: &'static str = Pattern::SINGULAR;
    fn record_id(&self) -> RecordId {
        self.pattern.record_id()
    }
}

impl Streamed for PatternWithMembers {
    const ENTITY: StreamEntityType = StreamEntityType::Pattern;
    fn stream_time(&self) -> Timestamp {
        self.pattern.end_time
    }
}

/// The topic name of an entity type: `{prefix}{name}-events`.
pub fn topic_name(entity: StreamEntityType) -> &'static str {
    match entity {
        StreamEntityType::Person => "persons",
        StreamEntityType::Company => "companies",
        StreamEntityType::Account => "accounts",
        StreamEntityType::Relationship => "relationships",
        StreamEntityType::Transaction => "transactions",
        StreamEntityType::Communication => "communications",
        StreamEntityType::Trade => "trades",
        StreamEntityType::Travel => "travels",
        StreamEntityType::Document => "documents",
        StreamEntityType::AccountEvent => "account-activity",
        StreamEntityType::Pattern => "patterns",
    }
}

/// Where one envelope lies in its chunk's bytes: `start..end`, with its sequence number due at
/// `sequence_at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub sequence_at: usize,
    pub end: usize,
}

/// The envelopes of one chunk, in output order of `spans` (bytes may lie in another order).
#[derive(Default)]
pub struct StreamChunk {
    pub bytes: Vec<u8>,
    pub spans: Vec<Span>,
}

impl StreamChunk {
    pub fn clear(&mut self) {
        self.bytes.clear();
        self.spans.clear();
    }
}

/// How envelopes are written; the same for every chunk of a run.
#[derive(Clone, Debug)]
pub struct EnvelopeStyle {
    /// Keyed bijection from entity id values to event id values (a key of its own, so event ids do
    /// not reveal entity ids).
    pub event_ids: Bijection,
    pub topic_prefix: String,
    /// Prefix each line with the partition key and a TAB.
    pub key_prefix: bool,
    pub ground_truth: bool,
}

impl EnvelopeStyle {
    pub fn new(seed: u64, topic_prefix: &str, key_prefix: bool, ground_truth: bool) -> Self {
        EnvelopeStyle {
            event_ids: Bijection::new(seed, "stream.event_id"),
            topic_prefix: topic_prefix.to_string(),
            key_prefix,
            ground_truth,
        }
    }
}

/// Encodes envelopes into a chunk, reusing one envelope value so records cause no allocation.
pub struct EnvelopeEncoder<'a> {
    style: &'a EnvelopeStyle,
    envelope: StreamEnvelope,
    text: String,
}

/// `,"sequence":0` as the envelope walk writes it before its value is known; unambiguous in the
/// encoded bytes because a `"` inside a JSON string is always escaped.
const SEQUENCE_KEY: &[u8] = b",\"sequence\":";

impl<'a> EnvelopeEncoder<'a> {
    pub fn new(style: &'a EnvelopeStyle) -> Self {
        EnvelopeEncoder {
            style,
            envelope: StreamEnvelope::default(),
            text: String::new(),
        }
    }

    /// Appends one envelope line and its span.
    pub fn encode<R: Streamed>(&mut self, record: &R, chunk: &mut StreamChunk) {
        let id = record.record_id();
        let e = &mut self.envelope;
        e.event_id = RecordId {
            prefix: crate::core::ids::Namespace::StreamEvent.prefix(),
            value: self.style.event_ids.forward(id.value),
        };
        e.event_type = StreamEventType::Create;
        e.entity_type = R::ENTITY;
        e.entity_id = id;
        e.topic.clear();
        e.topic.push_str(&self.style.topic_prefix);
        e.topic.push_str(topic_name(R::ENTITY));
        e.topic.push_str("-events");
        e.sequence = 0;
        e.timestamp = record.stream_time();
        e.text_for_embedding = match record.embedding_text() {
            Some(text) => {
                let mut owned = std::mem::take(&mut self.text);
                owned.clear();
                owned.extend(text.chars().take(MAX_EMBEDDING_CHARS));
                Some(owned)
            }
            None => None,
        };
        let out = &mut chunk.bytes;
        let start = out.len();
        if self.style.key_prefix {
            id.write(out);
            out.push(b'\t');
        }
        let envelope_at = out.len();
        json::write_record(&*e, out);
        if let Some(text) = e.text_for_embedding.take() {
            self.text = text;
        }
        let key = memchr::memmem::find(&out[envelope_at..], SEQUENCE_KEY)
            .map(|at| envelope_at + at + SEQUENCE_KEY.len())
            .unwrap_or(out.len());
        // Drop the placeholder `0`; the writer puts the real number there.
        out.remove(key);
        out.pop(); // the envelope's closing brace: the payload goes inside it
        out.extend_from_slice(b",\"payload\":");
        if self.style.ground_truth {
            json::write_record(record, out);
        } else {
            json::write_record_without(record, GROUND_TRUTH_FIELDS, out);
        }
        out.extend_from_slice(b"}\n");
        chunk.spans.push(Span {
            start,
            sequence_at: key,
            end: out.len(),
        });
    }
}

/// Writes a chunk's envelopes in span order, numbering them from `*sequence`.
pub fn write_numbered(
    chunk: &StreamChunk,
    spans: &[Span],
    sequence: &mut u64,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let mut digits = itoa::Buffer::new();
    for span in spans {
        out.write_all(&chunk.bytes[span.start..span.sequence_at])?;
        out.write_all(digits.format(*sequence).as_bytes())?;
        out.write_all(&chunk.bytes[span.sequence_at..span.end])?;
        *sequence += 1;
    }
    Ok(())
}
