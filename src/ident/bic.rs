//! BIC (ISO 9362): 4-letter bank code, ISO country code, 2-character location, optional 3-character branch.
//! A location whose second character is `0` marks a test BIC, so generated locations never use it.

use crate::core::seed::{Permutation, Rng};

/// 26^4: every 4-letter bank code.
const BANK_CODE_SPACE: u64 = 26 * 26 * 26 * 26;

/// 8-character BIC (11 with a branch) from a 4-letter bank code unique per bank.
pub fn make(bank_code4: &str, country_code: &str, location: &str, branch: Option<&str>) -> String {
    let mut s = String::with_capacity(11);
    s.push_str(bank_code4);
    s.push_str(country_code);
    s.push_str(location);
    if let Some(b) = branch {
        s.push_str(b);
    }
    s
}

/// The 4-letter bank code of bank number `serial` of a run: a keyed permutation of all 26^4 codes, so
/// codes are unique for `serial < 456,976` (larger serials wrap).
pub fn bank_code4(seed: u64, serial: u64) -> String {
    let mut v =
        Permutation::new(seed, "ident.bic.bank", BANK_CODE_SPACE).apply(serial % BANK_CODE_SPACE);
    let mut code = [b'A'; 4];
    for slot in code.iter_mut().rev() {
        *slot = b'A' + (v % 26) as u8;
        v /= 26;
    }
    code.iter().map(|&b| char::from(b)).collect()
}

/// Location characters: letters and digits 2–9 (0 marks test BICs in the second position and 1 marks
/// passive participants, so neither is drawn).
const LOCATION_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789";

/// A random 2-character location code.
pub fn location(rng: &mut Rng) -> String {
    let a = *rng.pick(LOCATION_CHARS);
    let b = *rng.pick(LOCATION_CHARS);
    [char::from(a), char::from(b)].into_iter().collect()
}

/// Why a BIC is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Neither 8 nor 11 characters.
    Length,
    /// Bank code is not 4 uppercase letters.
    BankCode,
    /// Country is not 2 uppercase letters.
    Country,
    /// Location is not 2 uppercase alphanumerics, or its second character is `0` (a test BIC).
    Location,
    /// Branch is not 3 uppercase alphanumerics.
    Branch,
}

fn upper_alnum(b: &u8) -> bool {
    b.is_ascii_uppercase() || b.is_ascii_digit()
}

/// Shape check of an 8- or 11-character BIC.
pub fn check(bic: &str) -> Result<(), Invalid> {
    let b = bic.as_bytes();
    if b.len() != 8 && b.len() != 11 {
        return Err(Invalid::Length);
    }
    if !b[..4].iter().all(u8::is_ascii_uppercase) {
        return Err(Invalid::BankCode);
    }
    if !b[4..6].iter().all(u8::is_ascii_uppercase) {
        return Err(Invalid::Country);
    }
    if !b[6..8].iter().all(upper_alnum) || b[7] == b'0' {
        return Err(Invalid::Location);
    }
    if !b[8..].iter().all(upper_alnum) {
        return Err(Invalid::Branch);
    }
    Ok(())
}

pub fn is_valid(bic: &str) -> bool {
    check(bic).is_ok()
}

/// Shape check plus "the BIC's country is `country_code`" (IDENT-2: BIC country = bank country).
pub fn is_valid_in(bic: &str, country_code: &str) -> bool {
    is_valid(bic) && &bic[4..6] == country_code
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::seed::StreamKey;

    #[test]
    fn published_bics_validate() {
        for bic in [
            "DEUTDEFF",
            "DEUTDEFF500",
            "NWBKGB2L",
            "BNPAFRPP",
            "CHASUS33",
            "BOFAUS3N",
            "UBSWCHZH80A",
            "COBADEFFXXX",
        ] {
            assert_eq!(check(bic), Ok(()), "{bic}");
        }
        assert!(is_valid_in("DEUTDEFF", "DE"));
        assert!(!is_valid_in("DEUTDEFF", "FR"));
    }

    #[test]
    fn rejects_bad_shapes() {
        assert_eq!(check("DEUTDEF"), Err(Invalid::Length));
        assert_eq!(check("DEUTDEFF5"), Err(Invalid::Length));
        assert_eq!(check("DEU1DEFF"), Err(Invalid::BankCode));
        assert_eq!(check("DEUTD3FF"), Err(Invalid::Country));
        assert_eq!(check("DEUTDEF0"), Err(Invalid::Location));
        assert_eq!(check("DEUTDEff"), Err(Invalid::Location));
        assert_eq!(check("DEUTDEFF5-0"), Err(Invalid::Branch));
    }

    #[test]
    fn generated_bics_are_valid_and_bank_codes_unique() {
        let key = StreamKey::new(1, "test.bic");
        let mut seen = std::collections::BTreeSet::new();
        for serial in 0..3_000u64 {
            let code = bank_code4(42, serial);
            assert!(code.len() == 4 && code.bytes().all(|b| b.is_ascii_uppercase()));
            assert!(seen.insert(code.clone()), "{code}");
            let loc = location(&mut key.rng(serial));
            let bic = make(&code, "GB", &loc, None);
            assert!(is_valid_in(&bic, "GB"), "{bic}");
            assert!(is_valid(&make(&code, "GB", &loc, Some("XXX"))));
        }
        assert_ne!(bank_code4(1, 0), bank_code4(2, 0));
    }
}
