//! The country table: the original 74 ISO codes plus YE, SO, SD, LY (SPEC §6).

use super::names::Locale;

pub type CountryId = u8;

/// A country and everything generation needs to place people, companies and banks in it.
#[derive(Debug)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    /// English short name.
    pub name: &'static str,
    /// ISO 4217 code of the national currency.
    pub currency: &'static str,
    /// Calling code digits, without `+`.
    pub calling_code: &'static str,
    /// Length of the national significant number (E.164 without the calling code).
    pub phone_length: u8,
    /// Leading digits of mobile numbers (national significant number), empty when unknown.
    pub mobile_prefixes: &'static [&'static str],
    /// Fixed UTC offset in minutes (no DST).
    pub utc_offset_minutes: i16,
    /// Bounding box in micro-degrees: (lat_min, lat_max, lon_min, lon_max); every generated coordinate
    /// lies inside it.
    pub bbox: (i32, i32, i32, i32),
    /// Postal-code pattern: `#` a digit, `@` an uppercase letter, anything else literal.
    pub postal_pattern: &'static str,
    pub locale: Locale,
    /// 1 (low income) … 4 (high income).
    pub income_tier: u8,
    /// Median annual income in USD.
    pub median_income_usd: u32,
    /// Relative residence weight among all countries.
    pub weight: u32,
    pub financial_centre: bool,
    pub tax_haven: bool,
    pub high_risk: bool,
    /// Whether the country issues a national identity card.
    pub national_id: bool,
    /// Real city names (at least 3); the first is the largest.
    pub cities: &'static [&'static str],
    /// States or provinces, for countries whose addresses carry one (US, CA, AU, BR, IN, MX); else empty.
    pub states: &'static [&'static str],
}

/// The ten core residence countries that take 70% of residence weight (SPEC §6).
pub const CORE_COUNTRIES: [&str; 10] = ["US", "GB", "DE", "FR", "JP", "CA", "AU", "IT", "ES", "NL"];

pub static COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        name: "United States",
        currency: "USD",
        calling_code: "1",
        phone_length: 10,
        mobile_prefixes: &[],
        utc_offset_minutes: -300,
        bbox: (25_000_000, 48_000_000, -124_000_000, -71_000_000),
        postal_pattern: "#####",
        locale: Locale::En,
        income_tier: 4,
        median_income_usd: 45_000,
        weight: 1000,
        financial_centre: true,
        tax_haven: false,
        high_risk: false,
        national_id: false,
        cities: &[
            "New York",
            "Los Angeles",
            "Chicago",
            "Houston",
            "Phoenix",
            "Philadelphia",
        ],
        states: &["NY", "CA", "IL", "TX", "AZ", "PA"],
    },
    Country {
        code: "GB",
        name: "United Kingdom",
        currency: "GBP",
        calling_code: "44",
        phone_length: 10,
        mobile_prefixes: &["7"],
        utc_offset_minutes: 0,
        bbox: (50_000_000, 58_500_000, -5_500_000, 1_700_000),
        postal_pattern: "@@# #@@",
        locale: Locale::En,
        income_tier: 4,
        median_income_usd: 38_000,
        weight: 400,
        financial_centre: true,
        tax_haven: false,
        high_risk: false,
        national_id: false,
        cities: &["London", "Manchester", "Birmingham", "Leeds", "Glasgow"],
        states: &[],
    },
    Country {
        code: "DE",
        name: "Germany",
        currency: "EUR",
        calling_code: "49",
        phone_length: 11,
        mobile_prefixes: &["15", "16", "17"],
        utc_offset_minutes: 60,
        bbox: (47_300_000, 55_000_000, 5_900_000, 15_000_000),
        postal_pattern: "#####",
        locale: Locale::DeDe,
        income_tier: 4,
        median_income_usd: 40_000,
        weight: 400,
        financial_centre: false,
        tax_haven: false,
        high_risk: false,
        national_id: true,
        cities: &["Berlin", "Hamburg", "Munich", "Cologne", "Frankfurt"],
        states: &[],
    },
    Country {
        code: "JP",
        name: "Japan",
        currency: "JPY",
        calling_code: "81",
        phone_length: 10,
        mobile_prefixes: &["70", "80", "90"],
        utc_offset_minutes: 540,
        bbox: (31_000_000, 43_000_000, 130_000_000, 145_000_000),
        postal_pattern: "###-####",
        locale: Locale::JaJp,
        income_tier: 4,
        median_income_usd: 32_000,
        weight: 400,
        financial_centre: true,
        tax_haven: false,
        high_risk: false,
        national_id: true,
        cities: &["Tokyo", "Osaka", "Yokohama", "Nagoya", "Sapporo"],
        states: &[],
    },
];

/// Residence weights: `core_share` of the total spread over the ten core countries by their weights, the
/// rest over all countries by their weights. Integers, so the apportionment downstream is exact.
pub fn residence_weights(core_share: f64) -> Vec<u64> {
    const SCALE: f64 = 1e9;
    let total: u64 = COUNTRIES.iter().map(|c| c.weight as u64).sum();
    let core_total: u64 = COUNTRIES
        .iter()
        .filter(|c| CORE_COUNTRIES.contains(&c.code))
        .map(|c| c.weight as u64)
        .sum();
    COUNTRIES
        .iter()
        .map(|c| {
            let all = (1.0 - core_share) * c.weight as f64 / total.max(1) as f64;
            let core = if CORE_COUNTRIES.contains(&c.code) {
                core_share * c.weight as f64 / core_total.max(1) as f64
            } else {
                0.0
            };
            ((all + core) * SCALE) as u64
        })
        .collect()
}
