//! The streaming envelope of SPEC §13 (`bankgen stream`): the fields around one record's payload. No
//! streamer exists yet; the type fixes the envelope's shape so that `bankgen schema stream_envelope`
//! describes it from the same field walk as every other record. The `payload` (the record exactly as
//! in JSON output) is not part of the walk: the JSON Schema writer appends it, keyed on `entity_type`.

use crate::core::ids::RecordId;
use crate::core::time::Timestamp;
use crate::model::common::ns;
use crate::model::record::{FieldWriter, Fields};

crate::label_enum! {
    /// `create` only in v1; `update` and `delete` are reserved.
    pub enum StreamEventType { Create => "create", Update => "update", Delete => "delete" }
}

crate::label_enum! {
    /// Streamed entities, in the merge order of §13.
    pub enum StreamEntityType {
        Person => "person",
        Company => "company",
        Account => "account",
        Relationship => "relationship",
        Transaction => "transaction",
        Communication => "communication",
        Trade => "trade",
        Travel => "travel",
        Document => "document",
        AccountEvent => "account_event",
        Pattern => "pattern",
    }
}

/// The envelope's constant `source`.
pub const STREAM_SOURCE: &str = "bankgen";

/// One streamed event without its payload.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StreamEnvelope {
    /// `SEV-` + 16 hex: a keyed bijection of the entity's id.
    pub event_id: RecordId,
    pub event_type: StreamEventType,
    pub entity_type: StreamEntityType,
    pub entity_id: RecordId,
    /// `{prefix}{name}-events`.
    pub topic: String,
    /// 0-based position in this output.
    pub sequence: i64,
    /// Simulated event time.
    pub timestamp: Timestamp,
    /// Person full name, company legal name or communication content (≤ 1,000 chars).
    pub text_for_embedding: Option<String>,
}

impl Fields for StreamEnvelope {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("event_id", Some(self.event_id), ns::SEV);
        w.label("event_type", Some(self.event_type));
        w.label("entity_type", Some(self.entity_type));
        w.id_in("entity_id", Some(self.entity_id), ns::STREAMED);
        w.str("topic", Some(&self.topic));
        w.id_in("partition_key", Some(self.entity_id), ns::STREAMED);
        w.int("sequence", Some(self.sequence));
        w.timestamp("timestamp", Some(self.timestamp));
        w.int("version", Some(1));
        w.str_in("source", Some(STREAM_SOURCE), &[STREAM_SOURCE]);
        w.str("text_for_embedding", self.text_for_embedding.as_deref());
    }
}
