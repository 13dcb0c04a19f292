//! E.164 phone numbers: `+`, the country's calling code and a national significant number of the
//! country's length (at most 15 digits in all). The national number never starts with 0 (that is the
//! trunk prefix of domestic dialling, not part of E.164); mobile numbers start with one of the country's
//! mobile prefixes when the reference table has any, and landlines avoid them.

use crate::core::seed::Rng;
use crate::refdata::Country;

/// E.164 caps the whole number (calling code + national number) at 15 digits.
pub const MAX_DIGITS: usize = 15;

/// `+{calling code}{national number}` of the country's length; mobile numbers use a mobile prefix.
pub fn make(country: &Country, mobile: bool, rng: &mut Rng) -> String {
    let length = national_length(country);
    let mut s = String::with_capacity(1 + country.calling_code.len() + length);
    s.push('+');
    s.push_str(country.calling_code);
    let national_start = s.len();
    if mobile && !country.mobile_prefixes.is_empty() {
        let prefix = rng.pick(country.mobile_prefixes);
        s.push_str(&prefix[..prefix.len().min(length)]);
    } else {
        // Leading digit 2–9; a landline redraws when it would look like a mobile prefix (bounded retries,
        // because some countries' mobile prefixes cover most leading digits).
        for _ in 0..4 {
            s.truncate(national_start);
            s.push(char::from(b'0' + rng.between(2, 9) as u8));
            if mobile
                || !country
                    .mobile_prefixes
                    .iter()
                    .any(|p| p.starts_with(&s[national_start..]))
            {
                break;
            }
        }
    }
    let nanp = country.calling_code == "1";
    while s.len() - national_start < length {
        let position = s.len() - national_start;
        // NANP: the exchange code (4th national digit) is 2–9 like the area code.
        let digit = if nanp && position == 3 {
            rng.between(2, 9)
        } else {
            rng.between(0, 9)
        };
        s.push(char::from(b'0' + digit as u8));
    }
    s
}

/// The national number length, capped so the whole number stays within E.164's 15 digits.
fn national_length(country: &Country) -> usize {
    (country.phone_length as usize).min(MAX_DIGITS.saturating_sub(country.calling_code.len()))
}

/// Why a number is not a valid E.164 number of the country.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not `+` followed by digits only, or more than 15 digits.
    Shape,
    /// Does not start with the country's calling code.
    CallingCode,
    /// The national number has the wrong length or starts with 0.
    NationalNumber,
}

pub fn check(number: &str, country: &Country) -> Result<(), Invalid> {
    let digits = number.strip_prefix('+').ok_or(Invalid::Shape)?;
    if digits.is_empty() || digits.len() > MAX_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(Invalid::Shape);
    }
    let national = digits
        .strip_prefix(country.calling_code)
        .ok_or(Invalid::CallingCode)?;
    if national.len() != national_length(country) || national.starts_with('0') {
        return Err(Invalid::NationalNumber);
    }
    Ok(())
}

pub fn is_valid(number: &str, country: &Country) -> bool {
    check(number, country).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::seed::StreamKey;
    use crate::refdata::{COUNTRIES, country, country_by_code};

    fn by_code(code: &str) -> &'static Country {
        country(country_by_code(code).expect("country in table"))
    }

    #[test]
    fn published_numbers_validate() {
        // The White House switchboard, the UK Parliament and Buckingham Palace.
        assert_eq!(check("+12024561111", by_code("US")), Ok(()));
        assert_eq!(check("+442072193000", by_code("GB")), Ok(()));
        assert_eq!(check("+442079304832", by_code("GB")), Ok(()));
        assert_eq!(check("442072193000", by_code("GB")), Err(Invalid::Shape));
        assert_eq!(
            check("+44 20 7219 3000", by_code("GB")),
            Err(Invalid::Shape)
        );
        assert_eq!(
            check("+12024561111", by_code("GB")),
            Err(Invalid::CallingCode)
        );
        assert_eq!(
            check("+440072193000", by_code("GB")),
            Err(Invalid::NationalNumber)
        );
        assert_eq!(
            check("+1202456111", by_code("US")),
            Err(Invalid::NationalNumber)
        );
        assert_eq!(
            check("+1202456111122334", by_code("US")),
            Err(Invalid::Shape)
        );
    }

    #[test]
    fn generated_numbers_are_valid_for_every_country() {
        let key = StreamKey::new(9, "test.phone");
        for (ci, c) in COUNTRIES.iter().enumerate() {
            for i in 0..200u64 {
                let rng = &mut key.rng(ci as u64 * 1000 + i);
                let mobile = make(c, true, rng);
                assert_eq!(check(&mobile, c), Ok(()), "{mobile} {}", c.code);
                let national = &mobile[1 + c.calling_code.len()..];
                if !c.mobile_prefixes.is_empty() {
                    assert!(
                        c.mobile_prefixes.iter().any(|p| national.starts_with(p)),
                        "{mobile}"
                    );
                }
                let home = make(c, false, rng);
                assert_eq!(check(&home, c), Ok(()), "{home} {}", c.code);
            }
        }
    }

    #[test]
    fn us_numbers_follow_nanp() {
        let key = StreamKey::new(9, "test.phone.us");
        for i in 0..500 {
            let n = make(by_code("US"), false, &mut key.rng(i));
            let b = n.as_bytes();
            assert!(b[2] >= b'2' && b[5] >= b'2', "{n}");
        }
    }

    #[test]
    fn gb_landlines_avoid_the_mobile_prefix() {
        let key = StreamKey::new(9, "test.phone.gb");
        for i in 0..500 {
            assert!(!make(by_code("GB"), false, &mut key.rng(i)).starts_with("+447"));
        }
    }
}
