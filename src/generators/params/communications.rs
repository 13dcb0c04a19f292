//! `[communications]` (SPEC §7.5): the type mix and the probabilities background messages are drawn
//! with. Read by `generators::communication`; pattern messages go through the same builder, so they
//! follow these too.

use super::{Invalid, Param, Range, mix_not_all_zero, param, weight};

/// `[communications]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CommunicationParams {
    pub email_share: f64,
    pub sms_share: f64,
    pub phone_share: f64,
    pub chat_share: f64,
    pub video_share: f64,
    pub social_media_share: f64,
    pub meeting_share: f64,
    pub circle_share: f64,
    pub background_keyword_probability: f64,
    pub encrypted_probability: f64,
    pub mobile_location_probability: f64,
    pub attachment_probability: f64,
    pub positive_share: f64,
    pub neutral_share: f64,
    pub negative_share: f64,
    pub urgent_share: f64,
}

impl Default for CommunicationParams {
    fn default() -> Self {
        CommunicationParams {
            email_share: 0.33,
            sms_share: 0.20,
            phone_share: 0.15,
            chat_share: 0.15,
            video_share: 0.05,
            social_media_share: 0.10,
            meeting_share: 0.02,
            circle_share: 0.6,
            background_keyword_probability: 0.01,
            encrypted_probability: 0.2,
            mobile_location_probability: 0.25,
            attachment_probability: 0.3,
            positive_share: 0.30,
            neutral_share: 0.50,
            negative_share: 0.15,
            urgent_share: 0.05,
        }
    }
}

const TYPES: [&str; 7] = [
    "email_share",
    "sms_share",
    "phone_share",
    "chat_share",
    "video_share",
    "social_media_share",
    "meeting_share",
];
const MOODS: [&str; 4] = [
    "positive_share",
    "neutral_share",
    "negative_share",
    "urgent_share",
];

impl CommunicationParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let (s, mix, pct) = (Range::SHARE, Range::PER_MILLE_SHARE, Range::PERCENT_SHARE);
        vec![
            param("email_share", self.email_share, mix, "share of e-mails in the background mix (the seven type shares are relative; not all 0)"),
            param("sms_share", self.sms_share, mix, "share of SMS messages"),
            param("phone_share", self.phone_share, mix, "share of phone calls"),
            param("chat_share", self.chat_share, mix, "share of chat messages"),
            param("video_share", self.video_share, mix, "share of video calls"),
            param("social_media_share", self.social_media_share, mix, "share of social-media messages"),
            param("meeting_share", self.meeting_share, mix, "share of in-person meetings"),
            param("circle_share", self.circle_share, s, "probability that a recipient comes from the sender's household or colleagues (else a compatriot)"),
            param("background_keyword_probability", self.background_keyword_probability, s, "probability that a background message carries suspicious keywords"),
            param("encrypted_probability", self.encrypted_probability, s, "probability of encryption on an online platform that does not always encrypt"),
            param("mobile_location_probability", self.mobile_location_probability, s, "probability that a message from a mobile device records a location"),
            param("attachment_probability", self.attachment_probability, s, "probability of 1-3 attachments on e-mail, SMS, chat and social-media messages"),
            param("positive_share", self.positive_share, pct, "share of positive sentiment (the four sentiment shares are relative; not all 0)"),
            param("neutral_share", self.neutral_share, pct, "share of neutral sentiment"),
            param("negative_share", self.negative_share, pct, "share of negative sentiment"),
            param("urgent_share", self.urgent_share, pct, "share of urgent sentiment"),
        ]
    }

    fn type_shares(&self) -> [f64; 7] {
        [
            self.email_share,
            self.sms_share,
            self.phone_share,
            self.chat_share,
            self.video_share,
            self.social_media_share,
            self.meeting_share,
        ]
    }

    fn sentiment_shares(&self) -> [f64; 4] {
        [
            self.positive_share,
            self.neutral_share,
            self.negative_share,
            self.urgent_share,
        ]
    }

    /// The type mix in `CommunicationType::ALL` order, per mille (apportioned, so only ratios matter).
    pub fn type_mix(&self) -> [u64; 7] {
        self.type_shares().map(|s| weight(s, 1_000) as u64)
    }

    /// Sentiment weights (percent): positive, neutral, negative, urgent.
    pub fn sentiment_weights(&self) -> [u32; 4] {
        self.sentiment_shares().map(|s| weight(s, 100))
    }

    /// The rules across keys: neither mix may be all 0.
    pub fn validate(&self) -> Result<(), Invalid> {
        mix_not_all_zero("communications", &TYPES, &self.type_shares())?;
        mix_not_all_zero("communications", &MOODS, &self.sentiment_shares())
    }
}
