//! Currencies (SPEC §6): ISO 4217 minor units, a fixed FX rate per currency (units per USD, exact
//! decimal), the cash reporting threshold and the ATM note unit, plus exact conversions between them.
//!
//! Table order: the original 49 codes (10 major, 8 Asian, 8 Middle-East, 6 Latin-American, 8 European
//! non-euro, 4 African, 5 crypto), then the national currencies bankgen adds so every country has one.
//! Rates are fixed 2025-like values; they are part of the data format, not market data.
//!
//! Rounding (D-7): every conversion is computed exactly in `i128` rational arithmetic and rounded once,
//! half to even, at the end of the function that returns it. Nothing here uses floating point.

use crate::model::record::Decimal;

pub type CurrencyId = u8;

#[derive(Debug)]
pub struct Currency {
    pub code: &'static str,
    pub name: &'static str,
    /// ISO 4217 minor units: 0, 2 or 3 for fiat. Crypto (not ISO) uses its usual display precision.
    pub minor_units: u8,
    /// Units of this currency per 1 USD, as an exact decimal `usd_rate_units × 10^-usd_rate_scale`.
    pub usd_rate_units: i64,
    pub usd_rate_scale: u8,
    /// Cash reporting threshold in major units; 0 for crypto (never an account currency).
    pub threshold: i64,
    /// ATM note unit in major units (withdrawals are multiples of it); 0 for crypto.
    pub note_unit: i64,
    /// False for crypto: kept in the table, never an account currency.
    pub fiat: bool,
}

/// Significant digits of a printed cross rate (SPEC §6 FX).
pub const CROSS_RATE_DIGITS: u32 = 8;

pub static CURRENCIES: &[Currency] = &[
    Currency {
        code: "USD",
        name: "US Dollar",
        minor_units: 2,
        usd_rate_units: 1,
        usd_rate_scale: 0,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "EUR",
        name: "Euro",
        minor_units: 2,
        usd_rate_units: 87,
        usd_rate_scale: 2,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "GBP",
        name: "Pound Sterling",
        minor_units: 2,
        usd_rate_units: 75,
        usd_rate_scale: 2,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "JPY",
        name: "Yen",
        minor_units: 0,
        usd_rate_units: 147,
        usd_rate_scale: 0,
        threshold: 1_000_000,
        note_unit: 100,
        fiat: true,
    },
    Currency {
        code: "CHF",
        name: "Swiss Franc",
        minor_units: 2,
        usd_rate_units: 80,
        usd_rate_scale: 2,
        threshold: 15_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "CAD",
        name: "Canadian Dollar",
        minor_units: 2,
        usd_rate_units: 138,
        usd_rate_scale: 2,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "AUD",
        name: "Australian Dollar",
        minor_units: 2,
        usd_rate_units: 153,
        usd_rate_scale: 2,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "NZD",
        name: "New Zealand Dollar",
        minor_units: 2,
        usd_rate_units: 170,
        usd_rate_scale: 2,
        threshold: 17_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "CNY",
        name: "Yuan Renminbi",
        minor_units: 2,
        usd_rate_units: 718,
        usd_rate_scale: 2,
        threshold: 72_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "HKD",
        name: "Hong Kong Dollar",
        minor_units: 2,
        usd_rate_units: 780,
        usd_rate_scale: 2,
        threshold: 120_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "SGD",
        name: "Singapore Dollar",
        minor_units: 2,
        usd_rate_units: 129,
        usd_rate_scale: 2,
        threshold: 20_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "INR",
        name: "Indian Rupee",
        minor_units: 2,
        usd_rate_units: 875,
        usd_rate_scale: 1,
        threshold: 880_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "KRW",
        name: "Won",
        minor_units: 0,
        usd_rate_units: 1_390,
        usd_rate_scale: 0,
        threshold: 14_000_000,
        note_unit: 1_000,
        fiat: true,
    },
    Currency {
        code: "THB",
        name: "Baht",
        minor_units: 2,
        usd_rate_units: 325,
        usd_rate_scale: 1,
        threshold: 320_000,
        note_unit: 20,
        fiat: true,
    },
    Currency {
        code: "MYR",
        name: "Malaysian Ringgit",
        minor_units: 2,
        usd_rate_units: 422,
        usd_rate_scale: 2,
        threshold: 42_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "IDR",
        name: "Rupiah",
        minor_units: 2,
        usd_rate_units: 16_300,
        usd_rate_scale: 0,
        threshold: 160_000_000,
        note_unit: 10_000,
        fiat: true,
    },
    Currency {
        code: "PHP",
        name: "Philippine Peso",
        minor_units: 2,
        usd_rate_units: 570,
        usd_rate_scale: 1,
        threshold: 570_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "VND",
        name: "Dong",
        minor_units: 0,
        usd_rate_units: 26_200,
        usd_rate_scale: 0,
        threshold: 260_000_000,
        note_unit: 20_000,
        fiat: true,
    },
    Currency {
        code: "AED",
        name: "UAE Dirham",
        minor_units: 2,
        usd_rate_units: 36_725,
        usd_rate_scale: 4,
        threshold: 37_000,
        note_unit: 2,
        fiat: true,
    },
    Currency {
        code: "SAR",
        name: "Saudi Riyal",
        minor_units: 2,
        usd_rate_units: 375,
        usd_rate_scale: 2,
        threshold: 38_000,
        note_unit: 2,
        fiat: true,
    },
    Currency {
        code: "QAR",
        name: "Qatari Rial",
        minor_units: 2,
        usd_rate_units: 364,
        usd_rate_scale: 2,
        threshold: 36_000,
        note_unit: 2,
        fiat: true,
    },
    Currency {
        code: "KWD",
        name: "Kuwaiti Dinar",
        minor_units: 3,
        usd_rate_units: 306,
        usd_rate_scale: 3,
        threshold: 3_100,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "BHD",
        name: "Bahraini Dinar",
        minor_units: 3,
        usd_rate_units: 376,
        usd_rate_scale: 3,
        threshold: 3_800,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "OMR",
        name: "Rial Omani",
        minor_units: 3,
        usd_rate_units: 3_845,
        usd_rate_scale: 4,
        threshold: 3_800,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "ILS",
        name: "New Israeli Sheqel",
        minor_units: 2,
        usd_rate_units: 340,
        usd_rate_scale: 2,
        threshold: 34_000,
        note_unit: 2,
        fiat: true,
    },
    Currency {
        code: "TRY",
        name: "Turkish Lira",
        minor_units: 2,
        usd_rate_units: 405,
        usd_rate_scale: 1,
        threshold: 400_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "BRL",
        name: "Brazilian Real",
        minor_units: 2,
        usd_rate_units: 545,
        usd_rate_scale: 2,
        threshold: 54_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "MXN",
        name: "Mexican Peso",
        minor_units: 2,
        usd_rate_units: 187,
        usd_rate_scale: 1,
        threshold: 190_000,
        note_unit: 10,
        fiat: true,
    },
    Currency {
        code: "ARS",
        name: "Argentine Peso",
        minor_units: 2,
        usd_rate_units: 1_300,
        usd_rate_scale: 0,
        threshold: 13_000_000,
        note_unit: 1_000,
        fiat: true,
    },
    Currency {
        code: "CLP",
        name: "Chilean Peso",
        minor_units: 0,
        usd_rate_units: 960,
        usd_rate_scale: 0,
        threshold: 9_600_000,
        note_unit: 500,
        fiat: true,
    },
    Currency {
        code: "COP",
        name: "Colombian Peso",
        minor_units: 2,
        usd_rate_units: 4_000,
        usd_rate_scale: 0,
        threshold: 40_000_000,
        note_unit: 2_000,
        fiat: true,
    },
    Currency {
        code: "PEN",
        name: "Sol",
        minor_units: 2,
        usd_rate_units: 355,
        usd_rate_scale: 2,
        threshold: 36_000,
        note_unit: 2,
        fiat: true,
    },
    Currency {
        code: "SEK",
        name: "Swedish Krona",
        minor_units: 2,
        usd_rate_units: 960,
        usd_rate_scale: 2,
        threshold: 96_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "NOK",
        name: "Norwegian Krone",
        minor_units: 2,
        usd_rate_units: 101,
        usd_rate_scale: 1,
        threshold: 100_000,
        note_unit: 10,
        fiat: true,
    },
    Currency {
        code: "DKK",
        name: "Danish Krone",
        minor_units: 2,
        usd_rate_units: 645,
        usd_rate_scale: 2,
        threshold: 64_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "PLN",
        name: "Zloty",
        minor_units: 2,
        usd_rate_units: 370,
        usd_rate_scale: 2,
        threshold: 37_000,
        note_unit: 2,
        fiat: true,
    },
    Currency {
        code: "CZK",
        name: "Czech Koruna",
        minor_units: 2,
        usd_rate_units: 212,
        usd_rate_scale: 1,
        threshold: 210_000,
        note_unit: 20,
        fiat: true,
    },
    Currency {
        code: "HUF",
        name: "Forint",
        minor_units: 2,
        usd_rate_units: 345,
        usd_rate_scale: 0,
        threshold: 3_400_000,
        note_unit: 200,
        fiat: true,
    },
    Currency {
        code: "RON",
        name: "Romanian Leu",
        minor_units: 2,
        usd_rate_units: 440,
        usd_rate_scale: 2,
        threshold: 44_000,
        note_unit: 5,
        fiat: true,
    },
    Currency {
        code: "RUB",
        name: "Russian Ruble",
        minor_units: 2,
        usd_rate_units: 800,
        usd_rate_scale: 1,
        threshold: 800_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "ZAR",
        name: "Rand",
        minor_units: 2,
        usd_rate_units: 178,
        usd_rate_scale: 1,
        threshold: 180_000,
        note_unit: 10,
        fiat: true,
    },
    Currency {
        code: "NGN",
        name: "Naira",
        minor_units: 2,
        usd_rate_units: 1_530,
        usd_rate_scale: 0,
        threshold: 15_000_000,
        note_unit: 1_000,
        fiat: true,
    },
    Currency {
        code: "EGP",
        name: "Egyptian Pound",
        minor_units: 2,
        usd_rate_units: 485,
        usd_rate_scale: 1,
        threshold: 480_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "KES",
        name: "Kenyan Shilling",
        minor_units: 2,
        usd_rate_units: 129,
        usd_rate_scale: 0,
        threshold: 1_300_000,
        note_unit: 100,
        fiat: true,
    },
    Currency {
        code: "BTC",
        name: "Bitcoin",
        minor_units: 8,
        usd_rate_units: 870,
        usd_rate_scale: 8,
        threshold: 0,
        note_unit: 0,
        fiat: false,
    },
    Currency {
        code: "ETH",
        name: "Ether",
        minor_units: 8,
        usd_rate_units: 27,
        usd_rate_scale: 5,
        threshold: 0,
        note_unit: 0,
        fiat: false,
    },
    Currency {
        code: "USDT",
        name: "Tether",
        minor_units: 6,
        usd_rate_units: 1,
        usd_rate_scale: 0,
        threshold: 0,
        note_unit: 0,
        fiat: false,
    },
    Currency {
        code: "USDC",
        name: "USD Coin",
        minor_units: 6,
        usd_rate_units: 1,
        usd_rate_scale: 0,
        threshold: 0,
        note_unit: 0,
        fiat: false,
    },
    Currency {
        code: "XRP",
        name: "XRP",
        minor_units: 6,
        usd_rate_units: 36,
        usd_rate_scale: 2,
        threshold: 0,
        note_unit: 0,
        fiat: false,
    },
    Currency {
        code: "KYD",
        name: "Cayman Islands Dollar",
        minor_units: 2,
        usd_rate_units: 8_333,
        usd_rate_scale: 4,
        threshold: 8_300,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "BMD",
        name: "Bermudian Dollar",
        minor_units: 2,
        usd_rate_units: 1,
        usd_rate_scale: 0,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "PAB",
        name: "Balboa",
        minor_units: 2,
        usd_rate_units: 1,
        usd_rate_scale: 0,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "BSD",
        name: "Bahamian Dollar",
        minor_units: 2,
        usd_rate_units: 1,
        usd_rate_scale: 0,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "BBD",
        name: "Barbados Dollar",
        minor_units: 2,
        usd_rate_units: 2,
        usd_rate_scale: 0,
        threshold: 20_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "MUR",
        name: "Mauritius Rupee",
        minor_units: 2,
        usd_rate_units: 455,
        usd_rate_scale: 1,
        threshold: 460_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "SCR",
        name: "Seychelles Rupee",
        minor_units: 2,
        usd_rate_units: 143,
        usd_rate_scale: 1,
        threshold: 140_000,
        note_unit: 10,
        fiat: true,
    },
    Currency {
        code: "IRR",
        name: "Iranian Rial",
        minor_units: 2,
        usd_rate_units: 42_000,
        usd_rate_scale: 0,
        threshold: 420_000_000,
        note_unit: 50_000,
        fiat: true,
    },
    Currency {
        code: "KPW",
        name: "North Korean Won",
        minor_units: 2,
        usd_rate_units: 900,
        usd_rate_scale: 0,
        threshold: 9_000_000,
        note_unit: 500,
        fiat: true,
    },
    Currency {
        code: "SYP",
        name: "Syrian Pound",
        minor_units: 2,
        usd_rate_units: 13_000,
        usd_rate_scale: 0,
        threshold: 130_000_000,
        note_unit: 10_000,
        fiat: true,
    },
    Currency {
        code: "VES",
        name: "Bolivar Soberano",
        minor_units: 2,
        usd_rate_units: 125,
        usd_rate_scale: 0,
        threshold: 1_200_000,
        note_unit: 100,
        fiat: true,
    },
    Currency {
        code: "MMK",
        name: "Kyat",
        minor_units: 2,
        usd_rate_units: 2_100,
        usd_rate_scale: 0,
        threshold: 21_000_000,
        note_unit: 2_000,
        fiat: true,
    },
    Currency {
        code: "AFN",
        name: "Afghani",
        minor_units: 2,
        usd_rate_units: 690,
        usd_rate_scale: 1,
        threshold: 690_000,
        note_unit: 50,
        fiat: true,
    },
    Currency {
        code: "YER",
        name: "Yemeni Rial",
        minor_units: 2,
        usd_rate_units: 1_600,
        usd_rate_scale: 0,
        threshold: 16_000_000,
        note_unit: 1_000,
        fiat: true,
    },
    Currency {
        code: "SOS",
        name: "Somali Shilling",
        minor_units: 2,
        usd_rate_units: 571,
        usd_rate_scale: 0,
        threshold: 5_700_000,
        note_unit: 500,
        fiat: true,
    },
    Currency {
        code: "SDG",
        name: "Sudanese Pound",
        minor_units: 2,
        usd_rate_units: 600,
        usd_rate_scale: 0,
        threshold: 6_000_000,
        note_unit: 500,
        fiat: true,
    },
    Currency {
        code: "LYD",
        name: "Libyan Dinar",
        minor_units: 3,
        usd_rate_units: 545,
        usd_rate_scale: 2,
        threshold: 54_000,
        note_unit: 5,
        fiat: true,
    },
];

impl Currency {
    /// The USD rate as an exact decimal (units of this currency per 1 USD).
    pub fn usd_rate(&self) -> Decimal {
        Decimal::new(self.usd_rate_units, self.usd_rate_scale)
    }

    /// The cash reporting threshold in minor units.
    pub fn threshold_minor(&self) -> i64 {
        self.threshold * pow10(self.minor_units as u32) as i64
    }
}

/// Powers of ten up to the largest that fits in an i128, as a table: conversions run for every money
/// field, and exponentiation by squaring in 128 bits cost more than the conversion itself.
const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

fn pow10(exp: u32) -> i128 {
    POW10[exp as usize]
}

fn currency_of_code(code: &str) -> &'static Currency {
    super::currency_by_code(code)
        .map(super::currency)
        .unwrap_or_else(|| panic!("unknown currency {code}"))
}

/// `numerator / denominator` rounded half to even (`denominator > 0`).
pub fn div_round_half_even(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0);
    // Most conversions fit in 64 bits, where the division is one instruction instead of two 128-bit
    // library calls (this runs for every money field the generator writes and `validate` reads).
    let (quotient, remainder) = match (i64::try_from(numerator), i64::try_from(denominator)) {
        (Ok(n), Ok(d)) if d > 0 => (n.div_euclid(d) as i128, n.rem_euclid(d) as i128),
        _ => (
            numerator.div_euclid(denominator),
            numerator.rem_euclid(denominator),
        ),
    };
    match (2 * remainder).cmp(&denominator) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal => quotient + (quotient & 1),
    }
}

fn to_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

/// An amount in minor units of `ccy` converted to US cents at the table rate, rounded half to even once.
///
/// cents = amount × 10^-m ÷ (u × 10^-s) × 100 = amount × 10^(s+2) ÷ (u × 10^m).
pub fn to_usd_minor(amount_minor: i64, ccy: &str) -> i64 {
    let c = currency_of_code(ccy);
    let numerator = amount_minor as i128 * pow10(c.usd_rate_scale as u32 + 2);
    let denominator = c.usd_rate_units as i128 * pow10(c.minor_units as u32);
    to_i64(div_round_half_even(numerator, denominator))
}

/// US cents converted to minor units of `ccy` at the table rate, rounded half to even once.
///
/// minor = cents ÷ 100 × (u × 10^-s) × 10^m = cents × u × 10^m ÷ 10^(s+2).
pub fn from_usd(usd_cents: i64, ccy: &str) -> i64 {
    let c = currency_of_code(ccy);
    let numerator = usd_cents as i128 * c.usd_rate_units as i128 * pow10(c.minor_units as u32);
    to_i64(div_round_half_even(
        numerator,
        pow10(c.usd_rate_scale as u32 + 2),
    ))
}

/// The printed cross rate: units of `to` per 1 unit of `from`, i.e. rate(to) ÷ rate(from), rounded half
/// to even to [`CROSS_RATE_DIGITS`] significant digits (SPEC §6 FX). This is the rate a record prints
/// and the one [`convert_minor`] applies. Rates of 10^8 or more keep scale 0 (trailing zeros in units).
pub fn cross_rate(from: &str, to: &str) -> Decimal {
    let (from, to) = (currency_of_code(from), currency_of_code(to));
    // ratio = numerator / denominator exactly.
    let numerator = to.usd_rate_units as i128 * pow10(from.usd_rate_scale as u32);
    let denominator = from.usd_rate_units as i128 * pow10(to.usd_rate_scale as u32);
    // Decimal exponent of the leading digit: 10^exponent <= ratio < 10^(exponent + 1).
    let mut exponent: i32 = 0;
    while numerator >= denominator * pow10((exponent + 1) as u32) {
        exponent += 1;
    }
    while exponent <= 0 && numerator * pow10((-exponent) as u32) < denominator {
        exponent -= 1;
    }
    let scale = CROSS_RATE_DIGITS as i32 - 1 - exponent;
    if scale >= 0 {
        let units = div_round_half_even(numerator * pow10(scale as u32), denominator);
        Decimal::new(to_i64(units), scale as u8)
    } else {
        let step = pow10((-scale) as u32);
        let units = div_round_half_even(numerator, denominator * step) * step;
        Decimal::new(to_i64(units), 0)
    }
}

/// Converts an amount in minor units of `from` into minor units of `to` with the printed cross rate;
/// returns that rate and the converted amount, rounded half to even once.
pub fn convert_minor(amount_minor: i64, from: &str, to: &str) -> (Decimal, i64) {
    let rate = cross_rate(from, to);
    let (from_c, to_c) = (currency_of_code(from), currency_of_code(to));
    // to = amount × 10^-mf × rate.units × 10^-rs × 10^mt
    let numerator = amount_minor as i128 * rate.units as i128 * pow10(to_c.minor_units as u32);
    let denominator = pow10(from_c.minor_units as u32 + rate.scale as u32);
    (rate, to_i64(div_round_half_even(numerator, denominator)))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The 64-bit fast path rounds exactly like the 128-bit division, at and beyond its edge.
        #[test]
        fn half_even_division_agrees_with_the_wide_path(
            n in proptest::prelude::any::<i128>(),
            d in 1i128..=i64::MAX as i128 * 4,
            small in proptest::prelude::any::<i64>(),
        ) {
            let wide = |n: i128, d: i128| {
                let (q, r) = (n.div_euclid(d), n.rem_euclid(d));
                match (2 * r).cmp(&d) {
                    std::cmp::Ordering::Less => q,
                    std::cmp::Ordering::Greater => q + 1,
                    std::cmp::Ordering::Equal => q + (q & 1),
                }
            };
            let n = n >> 2; // keep 2 × remainder inside i128
            proptest::prop_assert_eq!(div_round_half_even(n, d), wide(n, d));
            let (s, e) = (small as i128, (d % 1_000_000) + 1);
            proptest::prop_assert_eq!(div_round_half_even(s, e), wide(s, e));
            proptest::prop_assert_eq!(div_round_half_even(s, 2), wide(s, 2));
        }
    }

    fn ccy(code: &str) -> &'static Currency {
        currency_of_code(code)
    }

    /// Rounds a positive integer to two significant digits, half to even.
    fn two_significant(value: i128) -> i128 {
        let mut step = 1;
        while value / step >= 100 {
            step *= 10;
        }
        div_round_half_even(value, step) * step
    }

    #[test]
    fn codes_are_unique_and_cover_the_original_and_national_sets() {
        let mut codes: Vec<&str> = CURRENCIES.iter().map(|c| c.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), CURRENCIES.len());
        assert!(CURRENCIES.len() >= 49 + 17);
        for code in "KYD BMD PAB BSD BBD MUR SCR IRR KPW SYP VES MMK AFN YER SOS SDG LYD".split(' ')
        {
            assert!(ccy(code).fiat, "{code}");
        }
        let crypto: Vec<&str> = CURRENCIES
            .iter()
            .filter(|c| !c.fiat)
            .map(|c| c.code)
            .collect();
        assert_eq!(crypto, ["BTC", "ETH", "USDT", "USDC", "XRP"]);
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        for c in CURRENCIES.iter().filter(|c| c.fiat) {
            let expected = match c.code {
                "JPY" | "KRW" | "CLP" | "VND" => 0,
                "BHD" | "KWD" | "OMR" | "LYD" => 3,
                _ => 2,
            };
            assert_eq!(c.minor_units, expected, "{}", c.code);
        }
    }

    #[test]
    fn rates_are_positive() {
        for c in CURRENCIES {
            assert!(c.usd_rate_units > 0, "{}", c.code);
        }
        assert_eq!(ccy("USD").usd_rate(), Decimal::new(1, 0));
    }

    #[test]
    fn thresholds_follow_the_rule() {
        let fixed = [
            ("USD", 10_000),
            ("EUR", 10_000),
            ("GBP", 10_000),
            ("CAD", 10_000),
            ("AUD", 10_000),
            ("SGD", 20_000),
            ("HKD", 120_000),
            ("JPY", 1_000_000),
            ("CHF", 15_000),
        ];
        for c in CURRENCIES.iter().filter(|c| c.fiat) {
            let expected = match fixed.iter().find(|(code, _)| *code == c.code) {
                Some(&(_, t)) => t,
                None => {
                    // USD 10,000 converted exactly, then two significant digits.
                    let exact = div_round_half_even(
                        10_000 * c.usd_rate_units as i128,
                        pow10(c.usd_rate_scale as u32),
                    );
                    two_significant(exact) as i64
                }
            };
            assert_eq!(c.threshold, expected, "{}", c.code);
        }
        assert_eq!(ccy("KWD").threshold, 3_100);
        assert_eq!(ccy("INR").threshold_minor(), 88_000_000);
    }

    #[test]
    fn twenty_notes_are_worth_ten_to_forty_dollars() {
        for c in CURRENCIES.iter().filter(|c| c.fiat) {
            assert!(c.note_unit >= 1, "{}", c.code);
            let cents = to_usd_minor(
                20 * c.note_unit * pow10(c.minor_units as u32) as i64,
                c.code,
            );
            // A unit of 1 is the smallest possible; strong currencies (one unit ≥ 0.5 USD) keep it.
            let strong_one = c.note_unit == 1 && cents >= 1_000;
            assert!(
                (1_000..=4_000).contains(&cents) || strong_one,
                "{}: {cents}",
                c.code
            );
        }
        for code in ["USD", "EUR", "GBP", "CHF", "CAD", "AUD"] {
            assert_eq!(ccy(code).note_unit, 1, "{code}");
        }
        assert_eq!(ccy("JPY").note_unit, 100);
        assert_eq!(ccy("KRW").note_unit, 1_000);
    }

    #[test]
    fn usd_conversions_are_exact_and_round_half_even() {
        assert_eq!(to_usd_minor(12_345, "USD"), 12_345);
        assert_eq!(from_usd(12_345, "USD"), 12_345);
        // 147 JPY = 1 USD.
        assert_eq!(to_usd_minor(147_000, "JPY"), 100_000);
        assert_eq!(from_usd(100, "JPY"), 147);
        // 0.5 cent ties go to even: 0.87 EUR per USD, 87 EUR cents = 100 USD cents; 0.435 EUR = 50 cents.
        assert_eq!(from_usd(50, "EUR"), 44); // 43.5 → 44 (even)
        assert_eq!(from_usd(150, "EUR"), 130); // 130.5 → 130 (even)
        assert_eq!(from_usd(-50, "EUR"), -44);
        // Three-decimal currency: 1 USD = 0.306 KWD = 306 fils.
        assert_eq!(from_usd(100, "KWD"), 306);
        assert_eq!(to_usd_minor(306, "KWD"), 100);
        // Round trip within one minor unit of the target.
        for c in CURRENCIES.iter().filter(|c| c.fiat) {
            let minor = from_usd(1_000_000, c.code);
            assert!(
                (to_usd_minor(minor, c.code) - 1_000_000).abs() <= 1 + 1_000_000 / minor.max(1),
                "{}",
                c.code
            );
        }
    }

    #[test]
    fn cross_rates_have_eight_significant_digits() {
        assert_eq!(cross_rate("USD", "JPY"), Decimal::new(14_700_000, 5));
        assert_eq!(cross_rate("USD", "USD"), Decimal::new(10_000_000, 7));
        // 1 JPY = 1/147 USD = 0.0068027210884… → 0.0068027211.
        assert_eq!(cross_rate("JPY", "USD"), Decimal::new(68_027_211, 10));
        // 0.75 / 0.87 = 0.86206896551… → 0.86206897.
        assert_eq!(cross_rate("EUR", "GBP"), Decimal::new(86_206_897, 8));
        // Large ratio: 42000 / 0.0000087 = 4,827,586,206.9 → 4,827,586,200 at scale 0.
        assert_eq!(cross_rate("BTC", "IRR"), Decimal::new(4_827_586_200, 0));
        for a in CURRENCIES {
            for b in CURRENCIES {
                let rate = cross_rate(a.code, b.code);
                assert!(rate.units > 0);
                if rate.scale > 0 {
                    assert!(
                        (10_000_000..=100_000_000).contains(&rate.units),
                        "{} {}",
                        a.code,
                        b.code
                    );
                }
            }
        }
    }

    #[test]
    fn convert_applies_the_printed_rate() {
        let (rate, amount) = convert_minor(10_000, "EUR", "GBP");
        assert_eq!(rate, cross_rate("EUR", "GBP"));
        // 100.00 EUR × 0.86206897 = 86.206897 → 86.21 GBP.
        assert_eq!(amount, 8_621);
        // 10,000 JPY × 0.0068027211 USD = 68.027211 → 68.03 USD.
        assert_eq!(convert_minor(10_000, "JPY", "USD").1, 6_803);
        // USD → KWD: 3 minor digits.
        assert_eq!(convert_minor(100, "USD", "KWD").1, 306);
    }
}
