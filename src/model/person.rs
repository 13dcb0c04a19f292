//! TEMPORARY stub, replaced at merge.
use crate::ids::RecordId;
use crate::record::{FieldWriter, Fields, Record};
#[derive(Default)]
pub struct Person {
    pub id: RecordId,
}
impl Fields for Person {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id("id", Some(self.id));
    }
}
impl Record for Person {
    const FILE: &'static str = "persons";
    const SINGULAR: &'static str = "person";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
