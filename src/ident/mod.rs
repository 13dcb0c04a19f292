//! Human-facing identifiers with real check digits (SPEC §4.2): IBAN, BIC, LEI, ABA routing numbers,
//! e-mail addresses, E.164 phone numbers and the national shapes (account numbers, tax ids, passports,
//! licences, registration numbers). Every generator has a validator twin used by tests and `validate`.
//!
//! STUB: the bodies below are placeholders with the final signatures; the real implementations replace them.

use crate::refdata::Country;
use crate::seed::Rng;

/// ISO 13616 IBAN.
pub mod iban {
    /// IBAN for a country in the pinned registry, with `bank_code` as the BBAN bank part and the account
    /// `serial` (unique per account within the bank) filling the account part. None outside the registry.
    pub fn make(country_code: &str, bank_code: &str, serial: u64) -> Option<String> {
        let _ = (country_code, bank_code, serial);
        None
    }
    /// Length, registry shape and mod-97 check.
    pub fn is_valid(iban: &str) -> bool {
        !iban.is_empty()
    }
}

/// BIC (ISO 9362).
pub mod bic {
    /// 8-character BIC (11 with a branch) from a 4-letter bank code unique per bank.
    pub fn make(
        bank_code4: &str,
        country_code: &str,
        location: &str,
        branch: Option<&str>,
    ) -> String {
        let mut s = format!("{bank_code4}{country_code}{location}");
        if let Some(b) = branch {
            s.push_str(b);
        }
        s
    }
    pub fn is_valid(bic: &str) -> bool {
        bic.len() == 8 || bic.len() == 11
    }
}

/// LEI (ISO 17442).
pub mod lei {
    /// LEI of a unique `serial` (e.g. company row index).
    pub fn make(seed: u64, serial: u64) -> String {
        format!("5493{:014}00", (seed ^ serial) % 100_000_000_000_000)
    }
    pub fn is_valid(lei: &str) -> bool {
        lei.len() == 20
    }
}

/// US ABA routing numbers.
pub mod aba {
    /// Routing number for a unique `serial` (one per US bank).
    pub fn make(seed: u64, serial: u64) -> String {
        format!("{:09}", (seed ^ serial) % 1_000_000_000)
    }
    pub fn is_valid(aba: &str) -> bool {
        aba.len() == 9
    }
}

/// RFC 5322 addr-spec e-mail addresses.
pub mod email {
    use crate::seed::Rng;
    /// A personal address from a name (ASCII-folded; `{word}{digits}` when the name has no folding).
    /// `reserved` picks example.com/net/org domains, otherwise a fixed free-mail list.
    pub fn person(first: &str, last: &str, reserved: bool, rng: &mut Rng) -> String {
        let _ = (first, last, reserved);
        format!("user{}@example.com", rng.below(1_000_000))
    }
    /// A work address at a company slug domain: `{first}.{last}@{slug}.example`.
    pub fn work(first: &str, last: &str, company_slug: &str, rng: &mut Rng) -> String {
        let _ = (first, last, rng);
        format!("staff@{company_slug}.example")
    }
    /// `info@{slug}.example`.
    pub fn company(slug: &str) -> String {
        format!("info@{slug}.example")
    }
    /// A lowercase ASCII slug of a company name for domains and websites.
    pub fn slug(name: &str) -> String {
        name.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase()
    }
    pub fn is_valid(email: &str) -> bool {
        email.contains('@')
    }
}

/// E.164 phone numbers.
pub mod phone {
    use crate::refdata::Country;
    use crate::seed::Rng;
    /// `+{calling code}{national number}` of the country's length; mobile numbers use a mobile prefix.
    pub fn make(country: &Country, mobile: bool, rng: &mut Rng) -> String {
        let _ = mobile;
        let mut s = format!("+{}", country.calling_code);
        for _ in 0..country.phone_length {
            s.push(char::from(b'0' + rng.below(10) as u8));
        }
        s
    }
    pub fn is_valid(number: &str, country: &Country) -> bool {
        number.starts_with('+') && number[1..].starts_with(country.calling_code)
    }
}

/// National identifier shapes.
pub mod national {
    use crate::refdata::Country;
    use crate::seed::Rng;
    /// Domestic account number for a unique serial (US 10–12 digits, GB 8 digits, others per table).
    pub fn account_number(country: &Country, serial: u64) -> String {
        let _ = country;
        format!("{serial:010}")
    }
    /// GB sort code `dd-dd-dd` style 6 digits for a branch, or the national branch code elsewhere.
    pub fn branch_code(country: &Country, rng: &mut Rng) -> String {
        let _ = country;
        format!("{:06}", rng.below(1_000_000))
    }
    pub fn person_tax_id(country: &Country, rng: &mut Rng) -> String {
        let _ = country;
        format!("{:09}", rng.below(1_000_000_000))
    }
    pub fn company_tax_id(country: &Country, rng: &mut Rng) -> String {
        let _ = country;
        format!("{:09}", rng.below(1_000_000_000))
    }
    pub fn passport_number(country: &Country, rng: &mut Rng) -> String {
        let _ = country;
        format!("{:09}", rng.below(1_000_000_000))
    }
    pub fn drivers_license_number(rng: &mut Rng) -> String {
        format!("DL{:07}", rng.below(10_000_000))
    }
    pub fn national_id_number(country: &Country, rng: &mut Rng) -> String {
        let _ = country;
        format!("{:09}", rng.below(1_000_000_000))
    }
    pub fn registration_number(country: &Country, rng: &mut Rng) -> String {
        let _ = country;
        format!("{:08}", rng.below(100_000_000))
    }
}

#[allow(dead_code)]
fn _uses(_: &Country, _: &mut Rng) {}
