//! LEI (ISO 17442): a 4-character issuer prefix, 14 uppercase alphanumerics and 2 check digits such that
//! the 20 characters read as a number (A=10 … Z=35) are ≡ 1 mod 97.
//!
//! The prefixes are synthetic (not assigned to any real LEI issuer), so a generated LEI never names a
//! real legal entity.

use super::mod97;
use crate::core::seed::Bijection;

/// Synthetic issuer prefixes.
pub const PREFIXES: [&str; 8] = [
    "9B00", "9B11", "9B22", "9B33", "9B44", "9B55", "9B66", "9B77",
];

const DIGITS36: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// LEI of a unique `serial` (e.g. company row index). The 14 middle characters are the base-36 form of a
/// keyed 64-bit bijection of the serial (36^14 > 2^64), so distinct serials give distinct LEIs.
pub fn make(seed: u64, serial: u64) -> String {
    let mut scrambled = Bijection::new(seed, "ident.lei").forward(serial);
    let prefix = PREFIXES[(crate::core::seed::mix64(scrambled) % PREFIXES.len() as u64) as usize];
    let mut chars = [b'0'; 20];
    chars[..4].copy_from_slice(prefix.as_bytes());
    for slot in chars[4..18].iter_mut().rev() {
        *slot = DIGITS36[(scrambled % 36) as usize];
        scrambled /= 36;
    }
    let remainder = mod97(chars[..18].iter().chain(b"00").copied()).expect("alphanumeric");
    let check = 98 - remainder;
    chars[18] = b'0' + (check / 10) as u8;
    chars[19] = b'0' + (check % 10) as u8;
    chars.iter().map(|&b| char::from(b)).collect()
}

/// Why an LEI is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Length,
    /// Not uppercase alphanumerics, or the check characters are not digits.
    Charset,
    Checksum,
}

pub fn check(lei: &str) -> Result<(), Invalid> {
    let b = lei.as_bytes();
    if b.len() != 20 {
        return Err(Invalid::Length);
    }
    if !b[..18]
        .iter()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        || !b[18..].iter().all(u8::is_ascii_digit)
    {
        return Err(Invalid::Charset);
    }
    match mod97(b.iter().copied()) {
        Some(1) => Ok(()),
        _ => Err(Invalid::Checksum),
    }
}

pub fn is_valid(lei: &str) -> bool {
    check(lei).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Real LEIs from the GLEIF database (each verified to satisfy mod 97 = 1).
    const PUBLISHED: &[&str] = &[
        "HWUPKR0MPOU8FGXBT394", // Apple Inc.
        "7LTWFZYICNSX8D621K86", // Deutsche Bank AG
        "5493001KJTIIGC8Y1R12",
        "529900T8BM49AURSDO55",
        "213800D1EI4B9WTWWD28",
        "R0MUWSFPU8MPRO8K5P83",
        "INR2EJN1ERAN0W5ZP974",
        "W22LROWP2IHZNBB6K528",
    ];

    #[test]
    fn published_leis_validate_and_single_changes_fail() {
        for lei in PUBLISHED {
            assert_eq!(check(lei), Ok(()), "{lei}");
            for pos in 0..20 {
                let mut changed = lei.as_bytes().to_vec();
                if changed[pos].is_ascii_digit() {
                    changed[pos] = b'0' + (changed[pos] - b'0' + 1) % 10;
                } else {
                    changed[pos] = b'A' + (changed[pos] - b'A' + 1) % 26;
                }
                assert!(!is_valid(std::str::from_utf8(&changed).unwrap()));
            }
        }
        assert_eq!(check("HWUPKR0MPOU8FGXBT39"), Err(Invalid::Length));
        assert_eq!(check("hwupkr0mpou8fgxbt394"), Err(Invalid::Charset));
    }

    #[test]
    fn generated_leis_are_valid_unique_and_prefixed() {
        let mut seen = std::collections::BTreeSet::new();
        for serial in (0..5_000u64).chain([(1 << 40) - 1, u64::MAX]) {
            let lei = make(7, serial);
            assert_eq!(check(&lei), Ok(()), "{lei}");
            assert!(PREFIXES.contains(&&lei[..4]));
            assert!(seen.insert(lei));
        }
        assert_ne!(make(1, 0), make(2, 0));
    }
}
