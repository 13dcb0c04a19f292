//! Human-facing identifiers with real check digits (SPEC §4.2): IBAN, BIC, LEI, ABA routing numbers,
//! e-mail addresses, E.164 phone numbers, the national shapes (account numbers, tax ids, passports,
//! licences, registration numbers) and the document, shipment, device and reference numbers of event
//! files. Every generator has a validator twin used by tests and `validate`.

pub mod aba;
pub mod bban;
pub mod bic;
pub mod email;
pub mod iban;
pub mod lei;
pub mod national;
pub mod phone;
pub mod reference;

/// Registry character classes: `n` digits, `a` uppercase letters, `c` uppercase letters or digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    Digit,
    Alpha,
    Alnum,
}

impl CharClass {
    /// Whether `b` belongs to the class.
    #[inline]
    pub fn admits(self, b: u8) -> bool {
        match self {
            CharClass::Digit => b.is_ascii_digit(),
            CharClass::Alpha => b.is_ascii_uppercase(),
            CharClass::Alnum => b.is_ascii_digit() || b.is_ascii_uppercase(),
        }
    }

    /// How many symbols serial numbers use in a position: generated `c` positions hold digits only, as
    /// real account numbers mostly do.
    #[inline]
    pub fn serial_radix(self) -> u64 {
        match self {
            CharClass::Alpha => 26,
            CharClass::Digit | CharClass::Alnum => 10,
        }
    }

    /// The `v`-th symbol of the class (`v` below [`CharClass::serial_radix`]).
    #[inline]
    pub fn symbol(self, v: u8) -> u8 {
        match self {
            CharClass::Alpha => b'A' + v % 26,
            CharClass::Digit | CharClass::Alnum => b'0' + v % 10,
        }
    }

    /// `b` made to fit the class: letters in digit positions become their value mod 10, digits in letter
    /// positions `A` + digit, lowercase is uppercased and anything else becomes `0` or `A`.
    #[inline]
    pub fn coerce(self, b: u8) -> u8 {
        let b = b.to_ascii_uppercase();
        match self {
            CharClass::Digit if b.is_ascii_uppercase() => b'0' + (b - b'A' + 10) % 10,
            CharClass::Digit if !b.is_ascii_digit() => b'0',
            CharClass::Alpha if b.is_ascii_digit() => b'A' + (b - b'0'),
            CharClass::Alpha if !b.is_ascii_uppercase() => b'A',
            CharClass::Alnum if !self.admits(b) => b'0',
            _ => b,
        }
    }
}

/// ISO 7064 MOD 97-10 remainder of a digit/uppercase string with letters valued A=10 … Z=35 (IBAN, LEI).
/// None when a character is neither.
pub fn mod97(chars: impl Iterator<Item = u8>) -> Option<u32> {
    let mut remainder: u32 = 0;
    for b in chars {
        remainder = match b {
            b'0'..=b'9' => (remainder * 10 + u32::from(b - b'0')) % 97,
            b'A'..=b'Z' => (remainder * 100 + u32::from(b - b'A') + 10) % 97,
            _ => return None,
        };
    }
    Some(remainder)
}

/// Appends `value` as exactly `width` (≤ 20) decimal digits: short values are zero-padded, higher digits
/// are dropped.
pub(crate) fn push_digits(out: &mut String, mut value: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let digits = &mut buf[..width.min(20)];
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (value % 10) as u8;
        value /= 10;
    }
    out.extend(digits.iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod97_matches_iso_7064_examples() {
        // ISO 7064 MOD 97-10: "794" → check digits 44, so "79444" has remainder 1.
        assert_eq!(mod97(b"79444".iter().copied()), Some(1));
        assert_eq!(mod97(b"A".iter().copied()), Some(10));
        assert_eq!(mod97(b"a".iter().copied()), None);
    }

    #[test]
    fn coerce_fits_every_class() {
        for class in [CharClass::Digit, CharClass::Alpha, CharClass::Alnum] {
            for b in 0u8..128 {
                assert!(class.admits(class.coerce(b)), "{class:?} {b}");
            }
            for v in 0..class.serial_radix() as u8 {
                assert!(class.admits(class.symbol(v)));
            }
        }
        assert_eq!(CharClass::Digit.coerce(b'7'), b'7');
        assert_eq!(CharClass::Alpha.coerce(b'w'), b'W');
    }

    #[test]
    fn push_digits_pads_and_truncates() {
        let mut s = String::from("X");
        push_digits(&mut s, 42, 5);
        push_digits(&mut s, 123_456, 3);
        assert_eq!(s, "X00042456");
    }
}
