//! TEMPORARY stub, replaced at merge.
use crate::ids::RecordId;
use crate::record::{FieldWriter, Fields, Record};
#[derive(Default)]
pub struct Company {
    pub id: RecordId,
}
impl Fields for Company {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id("id", Some(self.id));
    }
}
impl Record for Company {
    const FILE: &'static str = "companies";
    const SINGULAR: &'static str = "company";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
