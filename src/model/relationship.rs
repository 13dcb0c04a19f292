//! TEMPORARY stub, replaced at merge.
use crate::ids::RecordId;
use crate::record::{FieldWriter, Fields, Record};
#[derive(Default)]
pub struct Relationship {
    pub id: RecordId,
}
impl Fields for Relationship {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id("id", Some(self.id));
    }
}
impl Record for Relationship {
    const FILE: &'static str = "relationships";
    const SINGULAR: &'static str = "relationship";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
