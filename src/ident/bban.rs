//! National check digits inside a BBAN (the Spanish CCC control digits, the Belgian mod-97 pair, the
//! Norwegian mod-11 digit, the French RIB key, the Italian CIN, ...). The algorithms are code; which
//! country uses which, over which positions and with the check where, is the data table [`NATIONAL`].
//!
//! Countries absent from the table have no national check digit that holds for every bank: Germany,
//! Austria, Denmark (with FO and GL), Sweden and Israel check account numbers with bank-specific methods;
//! the UK and Irish sort-code modulus checks depend on the sort code's published rule table; the Dutch
//! eleven-test was never universal (the former Postbank accounts fail it) and is retired; Switzerland,
//! Luxembourg, Greece, Cyprus, Malta, Romania, Liechtenstein, the Gulf states, Turkey, Brazil and the
//! other registry countries define none.

use std::ops::Range;

/// How the check characters of one [`Group`] follow from its input positions.
#[derive(Clone, Copy, Debug)]
enum Algorithm {
    /// ISO 7064 MOD 97-10: two check digits making input‖check ≡ 1 (mod 97), letters valued A=10 … Z=35.
    Mod97Iso,
    /// The RIB key: two digits making input‖key ≡ 0 (mod 97), key 01…97, letters first mapped to digits
    /// the French way (A–I → 1–9, J–R → 1–9, S–Z → 2–9).
    RibKey,
    /// Belgium: the input's remainder mod 97, 97 for remainder 0.
    Mod97Remainder,
    /// Spain: Σ digit × weight mod 11 with weights 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 ending at the input's last
    /// digit (so the 8-digit bank‖branch uses the last 8 weights, as if left-padded with `00`); the check
    /// is 11 − remainder, with 11 → 0 and 10 → 1.
    SpanishMod11,
    /// Italy and San Marino: the CIN letter, from the odd/even position tables, sum mod 26.
    ItalianCin,
    /// Σ digit × weight (weights from the left) + check ≡ 0 (mod 11); an input needing a check of 10 has no
    /// valid check digit (real banks never issue it).
    Mod11(&'static [u32]),
    /// Σ digit × weight ≡ 0 (mod 10) with the weights repeated from the left over the input; the check digit
    /// weighs 1 after the input, or its own weight when it lies inside the input range.
    Mod10(&'static [u32]),
    /// Luhn: digits doubled alternately from the right of input‖check, digit sums, total ≡ 0 (mod 10).
    Luhn,
    /// ISO 7064 MOD 11,10 (hybrid system), one check digit.
    Iso7064Mod1110,
}

/// One set of national check characters: `width` characters at `check`, computed from the `input`
/// positions (BBAN indices; a check inside the input range is left out of its own input).
#[derive(Debug)]
struct Group {
    algorithm: Algorithm,
    input: Range<usize>,
    check: usize,
    width: usize,
}

const fn group(algorithm: Algorithm, input: Range<usize>, check: usize, width: usize) -> Group {
    Group {
        algorithm,
        input,
        check,
        width,
    }
}

/// The usual tail: a two-character check after all the other BBAN positions.
const fn tail(algorithm: Algorithm, bban_len: usize) -> Group {
    group(algorithm, 0..bban_len - 2, bban_len - 2, 2)
}

use Algorithm::*;

const ES_WEIGHTS: &[u32] = &[1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
const HU_AL_WEIGHTS: &[u32] = &[9, 7, 3, 1];
const CZ_PREFIX_WEIGHTS: &[u32] = &[10, 5, 8, 4, 2];
const CZ_ACCOUNT_WEIGHTS: &[u32] = &[6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Which country checks which BBAN positions how, sorted by country code. Sources: the SWIFT IBAN
/// registry's BBAN structures (where the national check digits sit) and each national scheme (ECBS
/// TR 201 and the national central banks' account-number rules).
static NATIONAL: &[(&str, &[Group])] = &[
    // Albania: bank‖branch (7 digits) weighted 9 7 3 1, mod 10.
    ("AL", &[group(Mod10(HU_AL_WEIGHTS), 0..7, 7, 1)]),
    ("BA", &[tail(Mod97Iso, 16)]),
    ("BE", &[tail(Mod97Remainder, 12)]),
    // Burundi and Djibouti use the French RIB key over bank‖branch‖account.
    ("BI", &[tail(RibKey, 23)]),
    // Czech Republic: the 6-digit prefix and the 10-digit account number each end in a mod-11 digit.
    (
        "CZ",
        &[
            group(Mod11(CZ_PREFIX_WEIGHTS), 4..9, 9, 1),
            group(Mod11(CZ_ACCOUNT_WEIGHTS), 10..19, 19, 1),
        ],
    ),
    ("DJ", &[tail(RibKey, 23)]),
    // Estonia: the domestic account number (after the 2-digit bank code) weighted 7 3 1 from the right.
    ("EE", &[group(Mod10(&[7, 1, 3]), 2..15, 15, 1)]),
    // Spain: the first control digit covers bank‖branch, the second the 10-digit account number.
    (
        "ES",
        &[
            group(SpanishMod11, 0..8, 8, 1),
            group(SpanishMod11, 10..20, 9, 1),
        ],
    ),
    ("FI", &[group(Luhn, 0..13, 13, 1)]),
    ("FR", &[tail(RibKey, 23)]),
    // Croatia: the 7-digit bank code and the 10-digit account number each end in an ISO 7064 digit.
    (
        "HR",
        &[
            group(Iso7064Mod1110, 0..6, 6, 1),
            group(Iso7064Mod1110, 7..16, 16, 1),
        ],
    ),
    // Hungary: bank‖branch and the account number, each weighted 9 7 3 1, mod 10.
    (
        "HU",
        &[
            group(Mod10(HU_AL_WEIGHTS), 0..7, 7, 1),
            group(Mod10(HU_AL_WEIGHTS), 8..23, 23, 1),
        ],
    ),
    // Iceland: the last 10 digits are the holder's kennitala, whose 9th digit is a mod-11 check.
    (
        "IS",
        &[group(Mod11(&[3, 2, 7, 6, 5, 4, 3, 2]), 12..20, 20, 1)],
    ),
    ("IT", &[group(ItalianCin, 1..23, 0, 1)]),
    ("MC", &[tail(RibKey, 23)]),
    ("ME", &[tail(Mod97Iso, 18)]),
    ("MK", &[tail(Mod97Iso, 15)]),
    ("MR", &[tail(RibKey, 23)]),
    (
        "NO",
        &[group(Mod11(&[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]), 0..10, 10, 1)],
    ),
    // Poland: the 8-digit bank sort code ends in a check digit (weights 3 9 7 1).
    ("PL", &[group(Mod10(&[3, 9, 7, 1]), 0..7, 7, 1)]),
    ("PT", &[tail(Mod97Iso, 21)]),
    ("RS", &[tail(Mod97Iso, 18)]),
    // Russia: the control key, 9th digit of the 20-digit account, over the BIC's last three digits and
    // the account (weights 7 1 3), Bank of Russia's rule for accounts held at credit institutions.
    ("RU", &[group(Mod10(&[7, 1, 3]), 6..29, 17, 1)]),
    ("SI", &[tail(Mod97Iso, 15)]),
    (
        "SK",
        &[
            group(Mod11(CZ_PREFIX_WEIGHTS), 4..9, 9, 1),
            group(Mod11(CZ_ACCOUNT_WEIGHTS), 10..19, 19, 1),
        ],
    ),
    ("SM", &[group(ItalianCin, 1..23, 0, 1)]),
    ("TL", &[tail(Mod97Iso, 19)]),
    ("TN", &[tail(RibKey, 20)]),
    ("XK", &[tail(Mod97Iso, 16)]),
];

fn groups_of(country_code: &str) -> &'static [Group] {
    NATIONAL
        .binary_search_by(|(cc, _)| (*cc).cmp(country_code))
        .map_or(&[], |i| NATIONAL[i].1)
}

/// Whether the country's BBAN carries a national check digit.
pub fn has_national_check(country_code: &str) -> bool {
    !groups_of(country_code).is_empty()
}

/// BBAN indices of the country's national check characters (empty when it has none).
pub fn check_positions(country_code: &str) -> impl Iterator<Item = usize> {
    groups_of(country_code)
        .iter()
        .flat_map(|g| g.check..g.check + g.width)
}

/// BBAN indices whose digit a generator must draw among 9 values, not 10: for a mod-11 check one of the
/// ten digits of such a position leaves no valid check digit, and [`complete`] skips it. The last input
/// digit of each mod-11 group serves.
pub fn ranked_positions(country_code: &str) -> impl Iterator<Item = usize> {
    groups_of(country_code)
        .iter()
        .filter(|g| matches!(g.algorithm, Mod11(_)))
        .map(|g| g.input.end - 1)
}

/// Writes the national check characters of a BBAN whose other positions are filled. Each position of
/// [`ranked_positions`] holds a rank `0`…`8` on entry and receives the rank-th of its digits that admits
/// a check digit. The BBAN must have the country's registry length.
pub fn complete(country_code: &str, bban: &mut [u8]) {
    for g in groups_of(country_code) {
        if matches!(g.algorithm, Mod11(_)) {
            let pivot = g.input.end - 1;
            let mut rank = bban[pivot].wrapping_sub(b'0');
            for digit in b'0'..=b'9' {
                bban[pivot] = digit;
                if g.expected(bban).is_some() {
                    if rank == 0 {
                        break;
                    }
                    rank -= 1;
                }
            }
        }
        if let Some(check) = g.expected(bban) {
            bban[g.check..g.check + g.width].copy_from_slice(&check[..g.width]);
        }
    }
}

/// Whether every national check of the country holds (true for countries without one). The BBAN must
/// have the country's registry length.
pub fn holds(country_code: &str, bban: &[u8]) -> bool {
    groups_of(country_code).iter().all(|g| {
        g.expected(bban)
            .is_some_and(|check| check[..g.width] == bban[g.check..g.check + g.width])
    })
}

impl Group {
    /// The input characters, without the check when it lies inside the input range.
    fn inputs<'a>(&self, bban: &'a [u8]) -> impl DoubleEndedIterator<Item = (usize, u8)> + 'a {
        let check = self.check..self.check + self.width;
        self.input
            .clone()
            .filter(move |i| !check.contains(i))
            .map(move |i| (i, bban[i]))
    }

    /// The check characters the inputs call for; None when an input is not allowed (a letter where the
    /// algorithm needs digits) or no check exists (a mod-11 remainder of 1).
    fn expected(&self, bban: &[u8]) -> Option<[u8; 2]> {
        let digits = || self.inputs(bban).map(|(_, b)| digit(b));
        let value = match self.algorithm {
            Mod97Iso => 98 - super::mod97(self.inputs(bban).map(|(_, b)| b).chain(*b"00"))?,
            RibKey => {
                if self.inputs(bban).any(|(_, b)| french_digit(b).is_none()) {
                    return None;
                }
                let converted = self
                    .inputs(bban)
                    .map(|(_, b)| french_digit(b).unwrap_or(b'0'));
                97 - super::mod97(converted.chain(*b"00"))?
            }
            Mod97Remainder => match super::mod97(self.inputs(bban).map(|(_, b)| b))? {
                0 => 97,
                r => r,
            },
            SpanishMod11 => {
                let n = self.input.len();
                let weights = &ES_WEIGHTS[ES_WEIGHTS.len() - n..];
                let sum = weighted(digits(), weights.iter().copied())?;
                match 11 - sum % 11 {
                    11 => 0,
                    10 => 1,
                    d => d,
                }
            }
            ItalianCin => return italian_cin(self.inputs(bban).map(|(_, b)| b)).map(|c| [c, 0]),
            Mod11(weights) => {
                let sum = weighted(digits(), weights.iter().copied())?;
                match (11 - sum % 11) % 11 {
                    10 => return None,
                    d => d,
                }
            }
            Mod10(weights) => {
                let sum = weighted(
                    digits(),
                    self.inputs(bban)
                        .map(|(i, _)| weights[(i - self.input.start) % weights.len()]),
                )?;
                let own_weight = if self.input.contains(&self.check) {
                    weights[(self.check - self.input.start) % weights.len()]
                } else {
                    1
                };
                (10 - sum % 10) % 10 * inverse_mod10(own_weight)? % 10
            }
            Luhn => {
                let mut sum = 0;
                // The check digit is the rightmost, so the input's last digit is the first one doubled.
                for (k, (_, b)) in self.inputs(bban).rev().enumerate() {
                    let d = digit(b)?;
                    let v = if k % 2 == 0 { d * 2 } else { d };
                    sum += v / 10 + v % 10;
                }
                (10 - sum % 10) % 10
            }
            Iso7064Mod1110 => {
                let mut p = 10;
                for d in digits() {
                    let s = match (p + d?) % 10 {
                        0 => 10,
                        s => s,
                    };
                    p = s * 2 % 11;
                }
                (11 - p) % 10
            }
        };
        Some(if self.width == 2 {
            [b'0' + (value / 10) as u8, b'0' + (value % 10) as u8]
        } else {
            [b'0' + value as u8, 0]
        })
    }
}

fn digit(b: u8) -> Option<u32> {
    b.is_ascii_digit().then(|| u32::from(b - b'0'))
}

/// Σ digit × weight, None when a character is not a digit.
fn weighted(
    digits: impl Iterator<Item = Option<u32>>,
    weights: impl Iterator<Item = u32>,
) -> Option<u32> {
    digits
        .zip(weights)
        .try_fold(0, |sum, (d, w)| Some(sum + d? * w))
}

/// The multiplicative inverse mod 10 of a weight coprime to 10.
fn inverse_mod10(weight: u32) -> Option<u32> {
    (1..10).find(|x| weight * x % 10 == 1)
}

/// A RIB character as a digit: digits stay, letters take the French RIB values.
fn french_digit(b: u8) -> Option<u8> {
    const LETTERS: &[u8; 26] = b"12345678912345678923456789";
    match b {
        b'0'..=b'9' => Some(b),
        b'A'..=b'Z' => Some(LETTERS[usize::from(b - b'A')]),
        _ => None,
    }
}

/// The Italian CIN letter of bank‖branch‖account (22 characters).
fn italian_cin(chars: impl Iterator<Item = u8>) -> Option<u8> {
    // Value of a character in an odd (1st, 3rd, ...) position; even positions count 0…25 as they are.
    const ODD: [u32; 26] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23,
    ];
    let mut sum = 0;
    for (k, b) in chars.enumerate() {
        let v = match b {
            b'0'..=b'9' => usize::from(b - b'0'),
            b'A'..=b'Z' => usize::from(b - b'A'),
            _ => return None,
        };
        sum += if k % 2 == 0 { ODD[v] } else { v as u32 };
    }
    Some(b'A' + (sum % 26) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident::iban::{self, Invalid, Part};

    /// Published examples for every country of [`NATIONAL`]: the SWIFT IBAN registry's example of each,
    /// plus the Wikipedia "IBAN" article's BE, ES and FR examples and the older registry examples of FI,
    /// SI and RU. An independent validator (schwifty with `validate_bban=True`) accepts all of them.
    const PUBLISHED: &[&str] = &[
        "AL47212110090000000235698741",
        "BA391290079401028494",
        "BE68539007547034",
        "BE71096123456769",
        "BI4210000100010000332045181",
        "CZ6508000000192000145399",
        "CZ9455000000001011038930",
        "DJ2100010000000154000100186",
        "EE382200221020145685",
        "ES9121000418450200051332",
        "ES7921000813610123456789",
        "FI2112345600000785",
        "FI1410093000123458",
        "FR1420041010050500013M02606",
        "FR7630006000011234567890189",
        "HR1210010051863000160",
        "HU42117730161111101800000000",
        "IS140159260076545510730339",
        "IT60X0542811101000000123456",
        "MC5811222000010123456789030",
        "ME25505000012345678951",
        "MK07250120000058984",
        "MR1300020001010000123456753",
        "NO9386011117947",
        "PL61109010140000071219812874",
        "PT50000201231234567890154",
        "RS35260005601001611379",
        "RU0304452522540817810538091310419",
        "RU0204452560040702810412345678901",
        "SI56263300012039086",
        "SI56191000000123438",
        "SK3112000000198742637541",
        "SM86U0322509800000000270100",
        "TL380080012345678910157",
        "TN5910006035183598478831",
        "XK051212012345678906",
    ];

    /// The next symbol of the same class: another digit for a digit, another letter for a letter.
    fn bumped(b: u8) -> u8 {
        if b.is_ascii_digit() {
            b'0' + (b - b'0' + 1) % 10
        } else {
            b'A' + (b - b'A' + 1) % 26
        }
    }

    #[test]
    fn table_is_sorted_and_matches_the_registry_check_parts() {
        for pair in NATIONAL.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{}", pair[1].0);
        }
        for format in iban::REGISTRY {
            let mut pos = 0;
            let mut check_parts = Vec::new();
            let mut account_positions = Vec::new();
            for part in format.bban {
                let len = match *part {
                    Part::Check(n, _) => {
                        check_parts.extend(pos..pos + n as usize);
                        n as usize
                    }
                    Part::Account(n, _) => {
                        account_positions.extend(pos..pos + n as usize);
                        n as usize
                    }
                    Part::Bank(n, _) | Part::Branch(n, _) => n as usize,
                    Part::Fixed(s) => s.len(),
                };
                pos += len;
            }
            let cc = format.country;
            let mut table: Vec<usize> = check_positions(cc).collect();
            table.sort_unstable();
            assert_eq!(table, check_parts, "{cc}");
            assert_eq!(has_national_check(cc), !check_parts.is_empty(), "{cc}");
            for g in groups_of(cc) {
                assert!(g.input.end <= pos && g.check + g.width <= pos, "{cc}");
            }
            for p in ranked_positions(cc) {
                assert!(account_positions.contains(&p), "{cc}: {p}");
            }
        }
    }

    #[test]
    fn every_country_with_a_national_check_has_a_published_example() {
        for (cc, _) in NATIONAL {
            assert!(PUBLISHED.iter().any(|e| e.starts_with(cc)), "{cc}");
        }
    }

    #[test]
    fn published_examples_pass_the_national_check() {
        for example in PUBLISHED {
            assert!(holds(&example[..2], &example.as_bytes()[4..]), "{example}");
            assert_eq!(iban::check(example), Ok(()), "{example}");
        }
    }

    #[test]
    fn a_changed_national_check_digit_fails_even_with_the_iban_check_refitted() {
        for example in PUBLISHED {
            let cc = &example[..2];
            for pos in check_positions(cc) {
                let mut bban = example.as_bytes()[4..].to_vec();
                bban[pos] = bumped(bban[pos]);
                let bban = String::from_utf8(bban).unwrap();
                let mutated = iban::from_bban(cc, &bban).unwrap();
                assert_eq!(iban::check(&mutated), Err(Invalid::National), "{mutated}");
            }
        }
    }

    #[test]
    fn completion_reproduces_the_published_check_digits() {
        for example in PUBLISHED {
            let cc = &example[..2];
            let mut bban = example.as_bytes()[4..].to_vec();
            for pos in check_positions(cc) {
                bban[pos] = b'0';
            }
            // Ranked positions hold ranks on entry: give each the rank of its published digit.
            for pivot in ranked_positions(cc) {
                let published = example.as_bytes()[4 + pivot];
                let mut rank = 0;
                for digit in b'0'..published {
                    bban[pivot] = digit;
                    let g = groups_of(cc)
                        .iter()
                        .find(|g| g.input.end - 1 == pivot)
                        .unwrap();
                    rank += u8::from(g.expected(&bban).is_some());
                }
                bban[pivot] = b'0' + rank;
            }
            complete(cc, &mut bban);
            assert_eq!(&bban, &example.as_bytes()[4..], "{example}");
        }
    }

    #[test]
    fn mod11_inputs_without_a_check_digit_are_refused() {
        // Of the ten last account digits of bank 8601, account 11179x, one leaves a weighted sum needing
        // a check of 10: no check digit makes that account valid.
        let nor = groups_of("NO");
        let mut bban = *b"86011117940";
        let refused = (0..10u8).find(|&d| {
            bban[9] = b'0' + d;
            nor[0].expected(&bban).is_none()
        });
        let d = refused.expect("one of ten last digits leaves remainder 1");
        bban[9] = b'0' + d;
        for check in b'0'..=b'9' {
            bban[10] = check;
            assert!(!holds("NO", &bban));
        }
    }

    #[test]
    fn generated_bbans_hold_for_many_serials_in_every_country() {
        for (cc, _) in NATIONAL {
            let classes = iban::bank_code_classes(cc).unwrap();
            let bank: String = classes.iter().map(|c| char::from(c.symbol(7))).collect();
            let mut seen = std::collections::BTreeSet::new();
            for serial in 0..3_000u64 {
                let made = iban::make(cc, &bank, serial).unwrap();
                assert_eq!(iban::check(&made), Ok(()), "{made}");
                assert!(seen.insert(made), "{cc} {serial}");
            }
        }
    }
}
