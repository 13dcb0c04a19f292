//! The postal part of an address in a country, shared by person and company addresses: a city (and its
//! state where the country's addresses carry one), a street in the locale's style and a postal code of
//! the country's pattern, drawn in that order.

use crate::core::seed::Rng;
use crate::model::common::PostalAddress;
use crate::refdata::Country;

pub fn postal(country: &'static Country, rng: &mut Rng) -> PostalAddress {
    let city = rng.index(country.cities.len());
    // When the state table runs parallel to the city table (largest cities and their states), keep
    // them paired; otherwise draw the state on its own.
    let state = match country.states.len() {
        0 => None,
        n if n == country.cities.len() => Some(country.states[city]),
        n => Some(country.states[rng.index(n)]),
    };
    PostalAddress {
        street: country.locale.street(rng),
        city: country.cities[city],
        state,
        postal_code: postal_code(country.postal_pattern, rng),
        country: country.name,
        country_code: country.code,
    }
}

/// A postal code of the country pattern: `#` a digit, `@` an uppercase letter, anything else literal.
pub fn postal_code(pattern: &str, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(pattern.len());
    for c in pattern.chars() {
        match c {
            '#' => s.push(char::from(b'0' + rng.below(10) as u8)),
            '@' => s.push(char::from(b'A' + rng.below(26) as u8)),
            other => s.push(other),
        }
    }
    s
}
