//! Currencies (SPEC §6): ISO 4217 minor units, a fixed FX rate per fiat currency (units per USD, exact
//! decimal), the cash reporting threshold and the ATM note unit.

pub type CurrencyId = u8;

#[derive(Debug)]
pub struct Currency {
    pub code: &'static str,
    pub name: &'static str,
    /// ISO 4217 minor units: 0, 2 or 3.
    pub minor_units: u8,
    /// Units of this currency per 1 USD, as an exact decimal `usd_rate_units × 10^-usd_rate_scale`.
    pub usd_rate_units: i64,
    pub usd_rate_scale: u8,
    /// Cash reporting threshold in major units.
    pub threshold: i64,
    /// ATM note unit in major units.
    pub note_unit: i64,
    /// False for crypto: kept in the table, never an account currency.
    pub fiat: bool,
}

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
        usd_rate_units: 92,
        usd_rate_scale: 2,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "GBP",
        name: "Pound Sterling",
        minor_units: 2,
        usd_rate_units: 79,
        usd_rate_scale: 2,
        threshold: 10_000,
        note_unit: 1,
        fiat: true,
    },
    Currency {
        code: "JPY",
        name: "Yen",
        minor_units: 0,
        usd_rate_units: 150,
        usd_rate_scale: 0,
        threshold: 1_000_000,
        note_unit: 100,
        fiat: true,
    },
];
