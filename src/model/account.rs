//! TEMPORARY stub, replaced at merge.
use crate::ids::RecordId;
use crate::record::{FieldWriter, Fields, Record};
#[derive(Default)]
pub struct Account {
    pub id: RecordId,
}
impl Fields for Account {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id("id", Some(self.id));
    }
}
impl Record for Account {
    const FILE: &'static str = "accounts";
    const SINGULAR: &'static str = "account";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
