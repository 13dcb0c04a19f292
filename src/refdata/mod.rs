//! Compiled-in reference tables of SPEC §6: countries, locales and names, currencies with FX rates and
//! reporting thresholds, and vocabularies. Data only; versioned with the data format.

pub mod countries;
pub mod currencies;
pub mod names;
pub mod vocab;

pub use countries::{COUNTRIES, Country, CountryId};
pub use currencies::{
    CURRENCIES, Currency, CurrencyId, convert_minor, cross_rate, from_usd, to_usd_minor,
};
pub use names::{Locale, ascii_fold};

/// Looks a country up by ISO alpha-2 code.
pub fn country_by_code(code: &str) -> Option<CountryId> {
    COUNTRIES
        .iter()
        .position(|c| c.code == code)
        .map(|i| i as CountryId)
}

/// Looks a currency up by ISO 4217 code.
pub fn currency_by_code(code: &str) -> Option<CurrencyId> {
    CURRENCIES
        .iter()
        .position(|c| c.code == code)
        .map(|i| i as CurrencyId)
}

#[inline]
pub fn country(id: CountryId) -> &'static Country {
    &COUNTRIES[id as usize]
}

#[inline]
pub fn currency(id: CurrencyId) -> &'static Currency {
    &CURRENCIES[id as usize]
}

/// The currency of a country (every country's currency is in the table; checked by a test).
pub fn currency_of(country_id: CountryId) -> CurrencyId {
    currency_by_code(country(country_id).currency).unwrap_or(0)
}
