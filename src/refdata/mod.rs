//! Compiled-in reference tables of SPEC §6: countries, locales and names, currencies with FX rates and
//! reporting thresholds, and vocabularies. Data only; versioned with the data format.

pub mod countries;
pub mod currencies;
pub mod goods;
pub mod keywords;
pub mod names;
pub mod vocab;

pub use countries::{COUNTRIES, Country, CountryId};
pub use currencies::{
    CURRENCIES, Currency, CurrencyId, convert_minor, cross_rate, from_usd, to_usd_minor,
};
pub use names::{Locale, ascii_fold};

/// Looks a country up by ISO alpha-2 code (O(1): validation looks codes up for every record).
pub fn country_by_code(code: &str) -> Option<CountryId> {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let Some(slot) = letters_slot(code, 2) else {
        return COUNTRIES
            .iter()
            .position(|c| c.code == code)
            .map(|i| i as CountryId);
    };
    let table = TABLE.get_or_init(|| letter_table(COUNTRIES.iter().map(|c| c.code), 2));
    let v = table[slot];
    (v != u8::MAX).then_some(v as CountryId)
}

/// Looks a currency up by ISO 4217 code (O(1) for three-letter codes).
pub fn currency_by_code(code: &str) -> Option<CurrencyId> {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let Some(slot) = letters_slot(code, 3) else {
        return CURRENCIES
            .iter()
            .position(|c| c.code == code)
            .map(|i| i as CurrencyId);
    };
    let table = TABLE.get_or_init(|| letter_table(CURRENCIES.iter().map(|c| c.code), 3));
    let v = table[slot];
    (v != u8::MAX).then_some(v as CurrencyId)
}

/// Index of an all-uppercase code of `len` letters in a 26^len table.
fn letters_slot(code: &str, len: usize) -> Option<usize> {
    let b = code.as_bytes();
    if b.len() != len || !b.iter().all(u8::is_ascii_uppercase) {
        return None;
    }
    Some(b.iter().fold(0usize, |k, &c| k * 26 + (c - b'A') as usize))
}

/// Position of the first entry per code (`u8::MAX` for none), as the linear search would find it.
fn letter_table<'a>(codes: impl Iterator<Item = &'a str>, len: usize) -> Vec<u8> {
    let mut table = vec![u8::MAX; 26usize.pow(len as u32)];
    for (i, code) in codes.enumerate() {
        if let Some(slot) = letters_slot(code, len)
            && table[slot] == u8::MAX
            && i < u8::MAX as usize
        {
            table[slot] = i as u8;
        }
    }
    table
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
