//! National identifier shapes (SPEC §4.2): domestic account numbers, branch codes (GB sort codes), tax ids,
//! passport, driving-licence and national-id numbers and company registration numbers.
//!
//! Shapes are per-country patterns (`#` digit, `%` digit 1–9, `@` uppercase letter, `&` uppercase letter or
//! digit, anything else literal). They reproduce the format of the real identifiers; national check digits
//! are computed only where noted (the Spanish DNI letter). Account numbers are unique per serial.

use super::{CharClass, iban};
use crate::core::seed::{Permutation, Rng, fnv1a64, mix64};
use crate::refdata::Country;

/// Fills a shape pattern (see the module doc).
pub fn fill(pattern: &str, rng: &mut Rng) -> String {
    const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut out = String::with_capacity(pattern.len());
    for c in pattern.chars() {
        out.push(match c {
            '#' => char::from(b'0' + rng.below(10) as u8),
            '%' => char::from(b'1' + rng.below(9) as u8),
            '@' => char::from(b'A' + rng.below(26) as u8),
            '&' => char::from(*rng.pick(ALNUM)),
            other => other,
        });
    }
    out
}

/// Whether `value` has the shape of `pattern`.
pub fn matches(value: &str, pattern: &str) -> bool {
    value.len() == pattern.len()
        && value.bytes().zip(pattern.bytes()).all(|(v, p)| match p {
            b'#' => v.is_ascii_digit(),
            b'%' => (b'1'..=b'9').contains(&v),
            b'@' => v.is_ascii_uppercase(),
            b'&' => v.is_ascii_uppercase() || v.is_ascii_digit(),
            literal => v == literal,
        })
}

fn lookup(table: &'static [(&str, &'static str)], country: &Country) -> Option<&'static str> {
    table
        .iter()
        .find(|(cc, _)| *cc == country.code)
        .map(|&(_, p)| p)
}

// ---------------------------------------------------------------------------------------------------
// Account numbers

/// Domestic account-number length range per country; others 10–12.
static ACCOUNT_LENGTHS: &[(&str, u8, u8)] = &[
    ("US", 10, 12),
    ("GB", 8, 8),
    ("DE", 10, 10),
    ("FR", 11, 11),
    ("JP", 7, 7),
    ("CA", 7, 7),
    ("AU", 9, 9),
    ("IT", 12, 12),
    ("ES", 10, 10),
    ("NL", 10, 10),
    ("CH", 12, 12),
    ("IN", 11, 14),
    ("CN", 16, 19),
    ("HK", 9, 12),
    ("SG", 10, 10),
    ("BR", 8, 10),
    ("MX", 11, 11),
    ("KR", 11, 14),
    ("RU", 20, 20),
    ("ZA", 10, 11),
    ("IE", 8, 8),
    ("SE", 10, 10),
    ("NO", 7, 7),
];
const DEFAULT_ACCOUNT_LENGTH: (u8, u8) = (10, 12);

/// Fixed key of the account-number permutations: the number depends only on (country, serial).
const ACCOUNT_KEY: u64 = 0xACC0_0000_5EED_0001;

fn account_lengths(country: &Country) -> (u8, u8) {
    ACCOUNT_LENGTHS
        .iter()
        .find(|(cc, ..)| *cc == country.code)
        .map_or(DEFAULT_ACCOUNT_LENGTH, |&(_, lo, hi)| (lo, hi))
}

/// How many serials get distinct account numbers in a country (10^shortest length, capped at 10^18).
pub fn account_number_capacity(country: &Country) -> u64 {
    10u64.pow(u32::from(account_lengths(country).0.min(18)))
}

/// Domestic account number for a unique serial (US 10–12 digits, GB 8 digits, others per table).
///
/// The last `min length` digits are a permutation of the serial keyed by the country (so distinct
/// serials below [`account_number_capacity`] give distinct numbers; larger serials wrap); longer numbers
/// get extra leading digits (first one non-zero) derived from the serial.
pub fn account_number(country: &Country, serial: u64) -> String {
    let (min, max) = account_lengths(country);
    let capacity = account_number_capacity(country);
    let core = Permutation::new(
        ACCOUNT_KEY ^ fnv1a64(country.code),
        "ident.account",
        capacity,
    )
    .apply(serial % capacity);
    let hash = mix64(serial ^ ACCOUNT_KEY);
    let extra = (hash % u64::from(max - min + 1)) as usize;
    let mut out = String::with_capacity(max as usize);
    let mut hash = hash >> 8;
    for i in 0..extra {
        let digit = if i == 0 { 1 + hash % 9 } else { hash % 10 };
        out.push(char::from(b'0' + digit as u8));
        hash /= 10;
    }
    let min = usize::from(min);
    if min > 18 {
        out.extend(std::iter::repeat_n('0', min - 18));
    }
    super::push_digits(&mut out, core, min.min(18));
    out
}

// ---------------------------------------------------------------------------------------------------
// Branch codes

/// Branch-code shapes of countries whose IBAN has no branch field (or that have no IBAN).
static BRANCH_CODES: &[(&str, &str)] = &[
    ("GB", "######"),
    ("IE", "######"),
    ("US", "###"),
    ("JP", "###"),
    ("CA", "#####"),
    ("AU", "######"),
    ("IN", "0&&&&&"),
    ("HK", "###"),
    ("SG", "###"),
    ("DE", "###"),
    ("NL", "####"),
];
const DEFAULT_BRANCH_CODE: &str = "###";

/// GB sort code (6 digits, no dashes) for a branch, or the national branch code elsewhere: the IBAN
/// branch field's shape where the country's BBAN has one (so it fits [`iban::make_at_branch`]), else a
/// per-country shape, else 3 digits.
pub fn branch_code(country: &Country, rng: &mut Rng) -> String {
    if let Some(format) = iban::format_of(country.code) {
        let mut out = String::new();
        for part in format.bban {
            if let iban::Part::Branch(n, class) = *part {
                for _ in 0..n {
                    out.push(char::from(
                        class.symbol(rng.below(class.serial_radix()) as u8),
                    ));
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    fill(
        lookup(BRANCH_CODES, country).unwrap_or(DEFAULT_BRANCH_CODE),
        rng,
    )
}

/// Whether `code` has the shape [`branch_code`] produces for the country.
pub fn branch_code_matches(country: &Country, code: &str) -> bool {
    match iban::branch_code_classes(country.code).filter(|c| !c.is_empty()) {
        Some(classes) => {
            code.len() == classes.len()
                && code
                    .bytes()
                    .zip(&classes)
                    .all(|(b, c)| CharClass::admits(*c, b))
        }
        None => matches(
            code,
            lookup(BRANCH_CODES, country).unwrap_or(DEFAULT_BRANCH_CODE),
        ),
    }
}

// ---------------------------------------------------------------------------------------------------
// Tax ids

/// Person tax-id shapes (US SSN-shaped with area 900–999, which is never issued; GB is special-cased).
static PERSON_TAX_IDS: &[(&str, &str)] = &[
    ("US", "9##-##-####"),
    ("DE", "%##########"),
    ("FR", "%############"),
    ("IT", "@@@@@@##@##@###@"),
    ("NL", "%########"),
    ("CA", "%##-###-###"),
    ("AU", "### ### ###"),
    ("JP", "%###########"),
    ("IN", "@@@P@####@"),
    ("BR", "###.###.###-##"),
    ("CN", "%#################"),
    ("MX", "@@@@######@@#"),
    ("CH", "756.####.####.##"),
    ("SE", "######-####"),
    ("KR", "######-#######"),
    ("SG", "S#######@"),
    ("HK", "@######(#)"),
    ("ZA", "%############"),
    ("BE", "##.##.##-###.##"),
];

/// Company tax-id shapes (US EIN is special-cased for its valid prefixes).
static COMPANY_TAX_IDS: &[(&str, &str)] = &[
    ("GB", "%#########"),
    ("DE", "DE%########"),
    ("FR", "FR##%########"),
    ("IT", "IT###########"),
    ("ES", "@%#######"),
    ("NL", "NL%########B##"),
    ("JP", "%############"),
    ("CA", "%########RC0001"),
    ("AU", "## ### ### ###"),
    ("IN", "##@@@@@####@%Z&"),
    ("BR", "##.###.###/0001-##"),
    ("CN", "91################"),
    ("CH", "CHE-###.###.###"),
    ("MX", "@@@######@@#"),
    ("LU", "LU%#######"),
    ("BE", "BE0#########"),
    ("AT", "ATU%#######"),
];
const DEFAULT_TAX_ID: &str = "%########";

/// IRS campus prefixes that are assigned to EINs.
static EIN_PREFIXES: &[u8] = &[
    1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27, 30, 31, 32, 33,
    34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 50, 51, 52, 53, 54, 55, 56, 57, 58,
    59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86,
    87, 88, 90, 91, 92, 93, 94, 95, 98, 99,
];

/// National Insurance number letters: the first never D F I Q U V, the second also never O.
const NINO_FIRST: &[u8] = b"ABCEGHJKLMNOPRSTWXYZ";
const NINO_SECOND: &[u8] = b"ABCEGHJKLMNPRSTWXYZ";
const NINO_UNUSED_PAIRS: [&[u8; 2]; 7] = [b"BG", b"GB", b"NK", b"KN", b"TN", b"NT", b"ZZ"];

/// GB National Insurance number `LLdddddd` + suffix A–D.
fn gb_nino(rng: &mut Rng) -> String {
    let pair = loop {
        let pair = [*rng.pick(NINO_FIRST), *rng.pick(NINO_SECOND)];
        if !NINO_UNUSED_PAIRS.contains(&&pair) {
            break pair;
        }
    };
    let mut out = String::with_capacity(9);
    out.extend(pair.iter().map(|&b| char::from(b)));
    super::push_digits(&mut out, rng.below(1_000_000), 6);
    out.push(char::from(b'A' + rng.below(4) as u8));
    out
}

/// Spanish DNI: 8 digits and the check letter of the number mod 23.
fn es_dni(rng: &mut Rng) -> String {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let number = rng.below(100_000_000);
    let mut out = String::with_capacity(9);
    super::push_digits(&mut out, number, 8);
    out.push(char::from(LETTERS[(number % 23) as usize]));
    out
}

/// Whether `dni` is 8 digits followed by its mod-23 check letter.
pub fn is_valid_es_dni(dni: &str) -> bool {
    const LETTERS: &[u8; 23] = b"TRWAGMYFPDXBNJZSQVHLCKE";
    let b = dni.as_bytes();
    b.len() == 9
        && b[..8].iter().all(u8::is_ascii_digit)
        && dni[..8]
            .parse::<u64>()
            .is_ok_and(|n| LETTERS[(n % 23) as usize] == b[8])
}

pub fn person_tax_id(country: &Country, rng: &mut Rng) -> String {
    match country.code {
        "GB" => gb_nino(rng),
        "ES" => es_dni(rng),
        _ => fill(
            lookup(PERSON_TAX_IDS, country).unwrap_or(DEFAULT_TAX_ID),
            rng,
        ),
    }
}

pub fn company_tax_id(country: &Country, rng: &mut Rng) -> String {
    if country.code == "US" {
        let mut out = String::with_capacity(10);
        super::push_digits(&mut out, u64::from(*rng.pick(EIN_PREFIXES)), 2);
        out.push('-');
        super::push_digits(&mut out, rng.below(10_000_000), 7);
        return out;
    }
    fill(
        lookup(COMPANY_TAX_IDS, country).unwrap_or(DEFAULT_TAX_ID),
        rng,
    )
}

// ---------------------------------------------------------------------------------------------------
// Documents

pub fn passport_number(country: &Country, rng: &mut Rng) -> String {
    match country.code {
        "US" | "GB" => fill("#########", rng),
        _ => fill("@@#######", rng),
    }
}

/// `??#######`: 2 letters and 7 digits.
pub fn drivers_license_number(rng: &mut Rng) -> String {
    fill("@@#######", rng)
}

/// National identity-card number shapes.
static NATIONAL_IDS: &[(&str, &str)] = &[
    ("DE", "@&&&&&&&&"),
    ("FR", "############"),
    ("IT", "@@#####@@"),
    ("NL", "@@&&&&&&#"),
    ("BE", "###-#######-##"),
    ("JP", "%###########"),
    ("CN", "%#################"),
    ("IN", "%###########"),
    ("BR", "##.###.###-#"),
    ("CH", "@#######"),
    ("AT", "@#######"),
    ("PT", "######## #@@#"),
    ("PL", "@@@######"),
    ("SE", "######-####"),
    ("KR", "######-#######"),
    ("SG", "S#######@"),
    ("HK", "@######(#)"),
    ("ZA", "%############"),
    ("TR", "%##########"),
    ("SA", "1#########"),
    ("AE", "784-####-#######-#"),
];
const DEFAULT_NATIONAL_ID: &str = "%########";

pub fn national_id_number(country: &Country, rng: &mut Rng) -> String {
    match country.code {
        "ES" => es_dni(rng),
        _ => fill(
            lookup(NATIONAL_IDS, country).unwrap_or(DEFAULT_NATIONAL_ID),
            rng,
        ),
    }
}

/// Company registration number shapes (Companies House, Handelsregister, SIREN, ...).
static REGISTRATIONS: &[(&str, &str)] = &[
    ("US", "%######"),
    ("GB", "0#######"),
    ("DE", "HRB %####"),
    ("FR", "### ### ###"),
    ("NL", "%#######"),
    ("IT", "@@-%######"),
    ("ES", "@-%#######"),
    ("JP", "%############"),
    ("CH", "CHE-###.###.###"),
    ("IN", "@#####@@####@@@######"),
    ("CN", "91################"),
    ("HK", "%#######"),
    ("SG", "20######@"),
    ("AU", "### ### ###"),
    ("CA", "%######"),
    ("LU", "B%#####"),
    ("KY", "%#####"),
    ("BM", "%#####"),
    ("VG", "%######"),
];
const DEFAULT_REGISTRATION: &str = "%#######";

pub fn registration_number(country: &Country, rng: &mut Rng) -> String {
    fill(
        lookup(REGISTRATIONS, country).unwrap_or(DEFAULT_REGISTRATION),
        rng,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::seed::StreamKey;
    use crate::refdata::{COUNTRIES, country, country_by_code};
    use std::collections::BTreeSet;

    fn by_code(code: &str) -> &'static Country {
        country(country_by_code(code).expect("country in table"))
    }

    fn is_digits(s: &str) -> bool {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
    }

    #[test]
    fn account_numbers_have_the_country_shape_and_are_unique() {
        for c in COUNTRIES {
            let (min, max) = account_lengths(c);
            let mut seen = BTreeSet::new();
            for serial in 0..3_000u64 {
                let n = account_number(c, serial);
                assert!(is_digits(&n), "{n}");
                assert!(
                    (min as usize..=max as usize).contains(&n.len()),
                    "{} {n}",
                    c.code
                );
                assert!(seen.insert(n));
            }
        }
        let us: BTreeSet<usize> = (0..300)
            .map(|s| account_number(by_code("US"), s).len())
            .collect();
        assert_eq!(us, BTreeSet::from([10, 11, 12]));
        assert_eq!(account_number(by_code("GB"), 17).len(), 8);
        assert_eq!(
            account_number(by_code("GB"), 17),
            account_number(by_code("GB"), 17)
        );
    }

    #[test]
    fn spanish_dni_vectors() {
        // 12345678 mod 23 = 14 → Z (the textbook example); 00000000 → T.
        assert!(is_valid_es_dni("12345678Z"));
        assert!(is_valid_es_dni("00000000T"));
        assert!(!is_valid_es_dni("12345678A"));
        let key = StreamKey::new(1, "test.dni");
        for i in 0..200 {
            assert!(is_valid_es_dni(&es_dni(&mut key.rng(i))));
        }
    }

    #[test]
    fn shapes_of_core_countries() {
        let key = StreamKey::new(3, "test.national");
        for i in 0..300u64 {
            let rng = &mut key.rng(i);
            let ssn = person_tax_id(by_code("US"), rng);
            assert!(matches(&ssn, "###-##-####"), "{ssn}");
            let area: u32 = ssn[..3].parse().unwrap();
            assert!((900..=999).contains(&area));
            let ein = company_tax_id(by_code("US"), rng);
            assert!(matches(&ein, "##-#######"), "{ein}");
            assert!(EIN_PREFIXES.contains(&ein[..2].parse::<u8>().unwrap()));
            let nino = person_tax_id(by_code("GB"), rng);
            assert!(matches(&nino, "@@######@"), "{nino}");
            assert!(b"ABCD".contains(&nino.as_bytes()[8]));
            assert!(!b"DFIQUV".contains(&nino.as_bytes()[0]));
            assert!(!b"DFIQUVO".contains(&nino.as_bytes()[1]));
            for code in ["US", "GB"] {
                let p = passport_number(by_code(code), rng);
                assert!(p.len() == 9 && is_digits(&p), "{p}");
            }
            assert!(matches(&passport_number(by_code("DE"), rng), "@@#######"));
            assert!(matches(&drivers_license_number(rng), "@@#######"));
            let sort_code = branch_code(by_code("GB"), rng);
            assert!(sort_code.len() == 6 && is_digits(&sort_code), "{sort_code}");
            assert!(matches(
                &registration_number(by_code("DE"), rng),
                "HRB %####"
            ));
        }
    }

    #[test]
    fn every_country_gets_well_formed_ids() {
        let key = StreamKey::new(4, "test.national.all");
        for (ci, c) in COUNTRIES.iter().enumerate() {
            let rng = &mut key.rng(ci as u64);
            for _ in 0..20 {
                for id in [
                    person_tax_id(c, rng),
                    company_tax_id(c, rng),
                    passport_number(c, rng),
                    national_id_number(c, rng),
                    registration_number(c, rng),
                ] {
                    assert!(id.len() >= 6 && id.is_ascii(), "{} {id}", c.code);
                    let allowed = |b: u8| {
                        b.is_ascii_uppercase() || b.is_ascii_digit() || b" -./()".contains(&b)
                    };
                    assert!(id.bytes().all(allowed), "{} {id}", c.code);
                }
                let branch = branch_code(c, rng);
                assert!(branch_code_matches(c, &branch), "{} {branch}", c.code);
            }
        }
    }

    #[test]
    fn fill_and_matches_agree() {
        let key = StreamKey::new(5, "test.fill");
        let patterns = PERSON_TAX_IDS
            .iter()
            .chain(COMPANY_TAX_IDS)
            .chain(NATIONAL_IDS)
            .chain(REGISTRATIONS)
            .chain(BRANCH_CODES);
        for (i, &(_, pattern)) in patterns.enumerate() {
            let value = fill(pattern, &mut key.rng(i as u64));
            assert!(matches(&value, pattern), "{pattern} {value}");
        }
        assert!(!matches("12", "@#"));
        assert!(!matches("012", "%##"));
    }
}
