//! The Travel record (SPEC §7.7) and its value sets.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::common::ns;
use crate::model::record::{Decimal, FieldWriter, Fields, scale};

crate::label_enum! {
    pub enum TravelPurpose {
        Business => "business",
        Tourism => "tourism",
        FamilyVisit => "family_visit",
        Conference => "conference",
        Medical => "medical",
        Education => "education",
    }
}

crate::label_enum! {
    pub enum TransportMode {
        Air => "air",
        Land => "land",
        Sea => "sea",
        Rail => "rail",
    }
}

/// One trip. `declared_cash_amount` is in US dollars (2 decimals): the record names no currency.
#[derive(Clone, Debug, Default)]
pub struct Travel {
    pub id: RecordId,
    pub traveler_id: RecordId,
    pub departure_country: &'static str,
    pub arrival_country: &'static str,
    pub departure_date: Timestamp,
    pub arrival_date: Timestamp,
    pub return_date: Date,
    pub purpose: TravelPurpose,
    pub transport_mode: TransportMode,
    pub visa_required: bool,
    pub visa_obtained: bool,
    pub passport_number: Option<String>,
    pub flight_number: Option<String>,
    pub airline: Option<&'static str>,
    pub booking_date: Date,
    pub declared_cash_amount: Option<Decimal>,
    pub suspicious_indicators: Vec<&'static str>,
    pub risk_score: Decimal,
    pub flagged_for_review: bool,
    pub pattern_id: Option<RecordId>,
    /// Random tie key for ordering equal timestamps (not written).
    pub tie: u64,
}

impl Fields for Travel {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::TRV);
        w.id_in("traveler_id", Some(self.traveler_id), ns::PER);
        w.str("departure_country", Some(self.departure_country));
        w.str("arrival_country", Some(self.arrival_country));
        w.timestamp("departure_date", Some(self.departure_date));
        w.timestamp("arrival_date", Some(self.arrival_date));
        w.date("return_date", Some(self.return_date));
        w.label("purpose", Some(self.purpose));
        w.label("transport_mode", Some(self.transport_mode));
        w.bool("visa_required", self.visa_required);
        w.bool("visa_obtained", self.visa_obtained);
        w.str("passport_number", self.passport_number.as_deref());
        w.str("flight_number", self.flight_number.as_deref());
        w.str("airline", self.airline);
        w.date("booking_date", Some(self.booking_date));
        w.bool("cash_declaration", self.declared_cash_amount.is_some());
        w.decimal_in(
            "declared_cash_amount",
            self.declared_cash_amount,
            scale::MONEY,
        );
        w.labels("suspicious_indicators", &self.suspicious_indicators);
        w.decimal_in("risk_score", Some(self.risk_score), scale::SCORE);
        w.bool("flagged_for_review", self.flagged_for_review);
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
    }
}

crate::event_record!(Travel, "travels", "travel", departure_date);
