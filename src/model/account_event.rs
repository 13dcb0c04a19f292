//! The account event record (SPEC §7.9): logins, failed logins and credential or contact changes of an
//! account, with the session's IP address, device and channel.

use crate::core::ids::RecordId;
use crate::core::time::Timestamp;
use crate::model::common::ns;
use crate::model::record::{FieldWriter, Fields};

crate::label_enum! {
    pub enum AccountEventType {
        Login => "login",
        FailedLogin => "failed_login",
        PasswordChange => "password_change",
        EmailChange => "email_change",
        PhoneChange => "phone_change",
        DeviceChange => "device_change",
    }
}

crate::label_enum! {
    pub enum EventChannel {
        Web => "web",
        Mobile => "mobile",
        Branch => "branch",
        Phone => "phone",
    }
}

/// One account event.
#[derive(Clone, Debug, Default)]
pub struct AccountEvent {
    pub id: RecordId,
    pub account_id: RecordId,
    /// The account's owner (a person or a company id).
    pub owner_id: RecordId,
    pub event_type: AccountEventType,
    pub timestamp: Timestamp,
    pub ip_address: String,
    pub device_id: String,
    pub channel: EventChannel,
    pub pattern_id: Option<RecordId>,
    /// Random tie key for ordering equal timestamps (not written).
    pub tie: u64,
}

impl Fields for AccountEvent {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::EVT);
        w.id_in("account_id", Some(self.account_id), ns::ACC);
        w.id_in("owner_id", Some(self.owner_id), ns::PER_ORG);
        w.label("event_type", Some(self.event_type));
        w.timestamp("timestamp", Some(self.timestamp));
        w.str("ip_address", Some(&self.ip_address));
        w.str("device_id", Some(&self.device_id));
        w.label("channel", Some(self.channel));
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
    }
}

crate::event_record!(AccountEvent, "account_events", "account_event", timestamp);
