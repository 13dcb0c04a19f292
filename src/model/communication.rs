//! The Communication record (SPEC §7.5) and its value sets.

use crate::core::ids::RecordId;
use crate::core::time::Timestamp;
use crate::model::common::LANGUAGES;
use crate::model::common::ns;
use crate::model::record::{Decimal, FieldWriter, Fields, scale};

crate::label_enum! {
    /// Communication types in the order of the §7.5 mix.
    pub enum CommunicationType {
        Email => "email",
        Sms => "sms",
        Phone => "phone",
        Chat => "chat",
        Video => "video",
        SocialMedia => "social_media",
        Meeting => "meeting",
    }
}

crate::label_enum! {
    /// The original's platforms per type (snake_case per §7), plus `in_person` for meetings.
    pub enum Platform {
        Outlook => "outlook",
        Gmail => "gmail",
        Exchange => "exchange",
        Protonmail => "protonmail",
        Imessage => "imessage",
        Whatsapp => "whatsapp",
        Signal => "signal",
        Telegram => "telegram",
        Mobile => "mobile",
        Landline => "landline",
        Voip => "voip",
        Skype => "skype",
        Slack => "slack",
        Teams => "teams",
        Discord => "discord",
        Jabber => "jabber",
        Zoom => "zoom",
        Webex => "webex",
        GoogleMeet => "google_meet",
        Linkedin => "linkedin",
        Twitter => "twitter",
        Facebook => "facebook",
        Wechat => "wechat",
        InPerson => "in_person",
    }
}

impl Platform {
    /// Platforms that are end-to-end encrypted: their messages are always `is_encrypted` (§7.5).
    pub fn always_encrypted(self) -> bool {
        matches!(
            self,
            Platform::Signal | Platform::Protonmail | Platform::Whatsapp | Platform::Telegram
        )
    }
}

crate::label_enum! {
    /// The sender's device; `none` for face-to-face meetings (the field is not nullable in §7.5).
    pub enum DeviceType {
        Desktop => "desktop",
        Laptop => "laptop",
        Mobile => "mobile",
        Tablet => "tablet",
        Landline => "landline",
        None => "none",
    }
}

/// One communication. Recipients are persons (v1); `recipient_types` has one entry per recipient.
#[derive(Clone, Debug, Default)]
pub struct Communication {
    pub id: RecordId,
    pub communication_type: CommunicationType,
    pub timestamp: Timestamp,
    pub duration_seconds: Option<i64>,
    pub sender_id: RecordId,
    pub recipient_ids: Vec<RecordId>,
    pub subject: Option<String>,
    pub content: String,
    pub is_encrypted: bool,
    pub platform: Platform,
    pub device_type: DeviceType,
    pub location: Option<&'static str>,
    pub ip_address: Option<String>,
    pub attachment_types: Vec<&'static str>,
    /// dec(4) in [−1, 1].
    pub sentiment_score: Decimal,
    pub contains_financial_terms: bool,
    pub suspicious_keywords: Vec<&'static str>,
    pub risk_score: Decimal,
    pub flag_reason: Option<&'static str>,
    pub pattern_id: Option<RecordId>,
    /// Random tie key for ordering equal timestamps (not written).
    pub tie: u64,
}

impl Fields for Communication {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        const PERSON: &str = "person";
        w.id_in("id", Some(self.id), ns::MSG);
        w.label("communication_type", Some(self.communication_type));
        w.timestamp("timestamp", Some(self.timestamp));
        w.int("duration_seconds", self.duration_seconds);
        w.id_in("sender_id", Some(self.sender_id), ns::PER);
        w.str_in("sender_type", Some(PERSON), &[PERSON]);
        w.ids_in(
            "recipient_ids",
            "recipient_id",
            &self.recipient_ids,
            ns::PER,
        );
        // v1 recipients are persons only; a message never has more than 16 (email takes 1–4).
        let types = [PERSON; 16];
        debug_assert!(self.recipient_ids.len() <= types.len());
        w.labels_in(
            "recipient_types",
            &types[..self.recipient_ids.len().min(types.len())],
            &[PERSON],
        );
        w.str("subject", self.subject.as_deref());
        w.str("content", Some(&self.content));
        w.str_in("language", Some("en"), &LANGUAGES);
        w.bool("is_encrypted", self.is_encrypted);
        w.label("platform", Some(self.platform));
        w.label("device_type", Some(self.device_type));
        w.str("location", self.location);
        w.str("ip_address", self.ip_address.as_deref());
        w.bool("has_attachments", !self.attachment_types.is_empty());
        w.int("attachment_count", Some(self.attachment_types.len() as i64));
        w.labels("attachment_types", &self.attachment_types);
        w.decimal_in("sentiment_score", Some(self.sentiment_score), scale::SCORE);
        w.bool("contains_financial_terms", self.contains_financial_terms);
        w.bool(
            "contains_suspicious_keywords",
            !self.suspicious_keywords.is_empty(),
        );
        w.labels("suspicious_keywords", &self.suspicious_keywords);
        w.decimal_in("risk_score", Some(self.risk_score), scale::SCORE);
        w.bool("is_flagged", self.flag_reason.is_some());
        w.str("flag_reason", self.flag_reason);
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
    }
}

crate::event_record!(Communication, "communications", "communication", timestamp);
