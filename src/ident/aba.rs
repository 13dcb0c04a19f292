//! US ABA routing transit numbers: 9 digits, the first two in 01–12 (Federal Reserve districts) or 21–32
//! (thrifts), and 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) ≡ 0 mod 10.

use crate::core::seed::Permutation;

/// The 24 valid two-digit prefixes.
const PREFIXES: [u8; 24] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
];
/// Digits 3–8 are free: 10^6 combinations per prefix.
const BODY_SPACE: u64 = 1_000_000;
const SPACE: u64 = PREFIXES.len() as u64 * BODY_SPACE;

/// Routing number for a unique `serial` (one per US bank): a keyed permutation of all 24 million valid
/// numbers, so distinct serials below 24 million give distinct routing numbers.
pub fn make(seed: u64, serial: u64) -> String {
    let v = Permutation::new(seed, "ident.aba", SPACE).apply(serial % SPACE);
    let prefix = PREFIXES[(v / BODY_SPACE) as usize];
    let mut d = [0u8; 9];
    d[0] = prefix / 10;
    d[1] = prefix % 10;
    let mut body = v % BODY_SPACE;
    for slot in d[2..8].iter_mut().rev() {
        *slot = (body % 10) as u8;
        body /= 10;
    }
    d[8] = ((10 - weighted_sum(&d) % 10) % 10) as u8;
    d.iter().map(|&x| char::from(b'0' + x)).collect()
}

/// 3(d1+d4+d7) + 7(d2+d5+d8) + (d3+d6+d9) over digit values.
fn weighted_sum(d: &[u8; 9]) -> u32 {
    const WEIGHTS: [u32; 9] = [3, 7, 1, 3, 7, 1, 3, 7, 1];
    d.iter().zip(WEIGHTS).map(|(&x, w)| u32::from(x) * w).sum()
}

/// Why a routing number is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not exactly 9 ASCII digits.
    Shape,
    /// First two digits outside 01–12 and 21–32.
    Prefix,
    Checksum,
}

pub fn check(aba: &str) -> Result<(), Invalid> {
    let b = aba.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return Err(Invalid::Shape);
    }
    let mut d = [0u8; 9];
    for (slot, &c) in d.iter_mut().zip(b) {
        *slot = c - b'0';
    }
    if !PREFIXES.contains(&(d[0] * 10 + d[1])) {
        return Err(Invalid::Prefix);
    }
    if !weighted_sum(&d).is_multiple_of(10) {
        return Err(Invalid::Checksum);
    }
    Ok(())
}

pub fn is_valid(aba: &str) -> bool {
    check(aba).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_routing_numbers_validate() {
        // Federal Reserve Bank of Boston, JPMorgan Chase NY, Bank of America NY, Wells Fargo CA, Citibank NY.
        for aba in [
            "011000015",
            "021000021",
            "026009593",
            "121000248",
            "021000089",
        ] {
            assert_eq!(check(aba), Ok(()), "{aba}");
        }
        assert_eq!(check("021000022"), Err(Invalid::Checksum));
        assert_eq!(check("131000025"), Err(Invalid::Prefix));
        assert_eq!(check("00000000"), Err(Invalid::Shape));
        assert_eq!(check("02100002a"), Err(Invalid::Shape));
    }

    #[test]
    fn generated_routing_numbers_are_valid_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for serial in 0..5_000u64 {
            let aba = make(3, serial);
            assert_eq!(check(&aba), Ok(()), "{aba}");
            assert!(seen.insert(aba));
        }
    }
}
