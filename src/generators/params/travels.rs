//! `[travels]` (SPEC §7.7): who travels where, how and why, and the probabilities of visas and cash
//! declarations. Read by `generators::travel`. The declaration floor (10,000 USD-eq), the long-haul
//! distance and the booking and return windows are fixed by §7.7 and checked by `validate`, so they are
//! not keys.

use super::{Invalid, Param, Range, mix_not_all_zero, param, weight};

/// `[travels]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TravelParams {
    pub resident_departure_share: f64,
    pub traveller_zipf_exponent: f64,
    pub visitor_home_probability: f64,
    pub financial_centre_arrival_share: f64,
    pub population_arrival_share: f64,
    pub national_carrier_probability: f64,
    pub air_share: f64,
    pub land_share: f64,
    pub sea_share: f64,
    pub rail_share: f64,
    pub business_share: f64,
    pub tourism_share: f64,
    pub family_visit_share: f64,
    pub conference_share: f64,
    pub medical_share: f64,
    pub education_share: f64,
    pub visa_required_probability: f64,
    pub visa_obtained_probability: f64,
    pub cash_declaration_probability: f64,
    pub declared_cash_median_usd: f64,
    pub declared_cash_sigma: f64,
}

impl Default for TravelParams {
    fn default() -> Self {
        TravelParams {
            resident_departure_share: 0.90,
            traveller_zipf_exponent: 1.0,
            visitor_home_probability: 0.8,
            financial_centre_arrival_share: 0.40,
            population_arrival_share: 0.45,
            national_carrier_probability: 0.6,
            air_share: 0.75,
            land_share: 0.15,
            sea_share: 0.05,
            rail_share: 0.05,
            business_share: 0.40,
            tourism_share: 0.35,
            family_visit_share: 0.15,
            conference_share: 0.05,
            medical_share: 0.03,
            education_share: 0.02,
            visa_required_probability: 0.30,
            visa_obtained_probability: 0.95,
            cash_declaration_probability: 0.01,
            declared_cash_median_usd: 15_000.0,
            declared_cash_sigma: 0.5,
        }
    }
}

const MODES: [&str; 4] = ["air_share", "land_share", "sea_share", "rail_share"];
const PURPOSES: [&str; 6] = [
    "business_share",
    "tourism_share",
    "family_visit_share",
    "conference_share",
    "medical_share",
    "education_share",
];

impl TravelParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let (s, pct) = (Range::SHARE, Range::PERCENT_SHARE);
        vec![
            param("resident_departure_share", self.resident_departure_share, pct, "share of trips whose traveller lives in the departure country (else a visitor)"),
            param("traveller_zipf_exponent", self.traveller_zipf_exponent, Range::closed(0.0, 3.0), "Zipf exponent over each country's persons: higher means fewer, more frequent travellers"),
            param("visitor_home_probability", self.visitor_home_probability, s, "probability that a visitor's trip goes back to their home country"),
            param("financial_centre_arrival_share", self.financial_centre_arrival_share, pct, "share of other destinations drawn among financial centres; with population_arrival_share at most 1"),
            param("population_arrival_share", self.population_arrival_share, pct, "share of other destinations drawn by population (the rest uniform over all countries)"),
            param("national_carrier_probability", self.national_carrier_probability, s, "probability that a flight uses the departure or arrival country's national carrier"),
            param("air_share", self.air_share, pct, "share of trips by air (the four transport shares are relative; not all 0)"),
            param("land_share", self.land_share, pct, "share of trips by land"),
            param("sea_share", self.sea_share, pct, "share of trips by sea"),
            param("rail_share", self.rail_share, pct, "share of trips by rail"),
            param("business_share", self.business_share, pct, "share of business trips (the six purpose shares are relative; not all 0)"),
            param("tourism_share", self.tourism_share, pct, "share of tourism trips"),
            param("family_visit_share", self.family_visit_share, pct, "share of family visits"),
            param("conference_share", self.conference_share, pct, "share of conference trips"),
            param("medical_share", self.medical_share, pct, "share of medical trips"),
            param("education_share", self.education_share, pct, "share of education trips"),
            param("visa_required_probability", self.visa_required_probability, s, "probability that a trip requires a visa"),
            param("visa_obtained_probability", self.visa_obtained_probability, s, "probability that a required visa was obtained"),
            param("cash_declaration_probability", self.cash_declaration_probability, s, "probability of a cash declaration (always at least 10,000 USD-equivalent)"),
            param("declared_cash_median_usd", self.declared_cash_median_usd, Range::closed(10_000.0, 1_000_000.0), "log-normal median of a declared cash amount, USD"),
            param("declared_cash_sigma", self.declared_cash_sigma, Range::closed(0.0, 3.0), "log-normal sigma of a declared cash amount"),
        ]
    }

    fn mode_shares(&self) -> [f64; 4] {
        [
            self.air_share,
            self.land_share,
            self.sea_share,
            self.rail_share,
        ]
    }

    fn purpose_shares(&self) -> [f64; 6] {
        [
            self.business_share,
            self.tourism_share,
            self.family_visit_share,
            self.conference_share,
            self.medical_share,
            self.education_share,
        ]
    }

    /// Transport weights (percent): air, land, sea, rail.
    pub fn mode_weights(&self) -> [u32; 4] {
        self.mode_shares().map(|s| weight(s, 100))
    }

    /// Purpose weights (percent) in the order of [`PURPOSES`].
    pub fn purpose_weights(&self) -> [u32; 6] {
        self.purpose_shares().map(|s| weight(s, 100))
    }

    /// Percent of trips by residents of the departure country.
    pub fn resident_percent(&self) -> u64 {
        weight(self.resident_departure_share, 100) as u64
    }

    /// Percent thresholds of a destination roll: below the first a financial centre, below the second
    /// a draw by population, else any country.
    pub fn arrival_thresholds(&self) -> (u64, u64) {
        let centres = weight(self.financial_centre_arrival_share, 100) as u64;
        (
            centres,
            centres + weight(self.population_arrival_share, 100) as u64,
        )
    }

    /// The rules across keys: no mix all 0; the two arrival shares at most 1 together.
    pub fn validate(&self) -> Result<(), Invalid> {
        mix_not_all_zero("travels", &MODES, &self.mode_shares())?;
        mix_not_all_zero("travels", &PURPOSES, &self.purpose_shares())?;
        if self.arrival_thresholds().1 > 100 {
            return Err(Invalid::new(
                "travels.population_arrival_share",
                format!(
                    "travels.financial_centre_arrival_share + population_arrival_share = {} + {}: must be at most 1",
                    self.financial_centre_arrival_share, self.population_arrival_share
                ),
            ));
        }
        Ok(())
    }
}
