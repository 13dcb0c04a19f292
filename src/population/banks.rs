//! Synthetic banks per country (SPEC §6): 3–20 per country from (seed, country), more for financial
//! centres and large countries. Each bank has an id `BNK-{cc}-{nnn}`, a plausible name, a BIC whose
//! 4-letter code is unique across the run, a national bank code shaped like the country's IBAN bank field
//! (or a per-country length; the ABA routing number in the US), an ABA number for US banks and 1–10
//! branches. Built once per run (≈ 1,000 banks, well under a millisecond).
//!
//! Each country draws from its own random stream, indexed by its ISO code rather than its table position,
//! so a country's banks do not change when other countries are added; only the run-wide BIC codes, which
//! are numbered in table order, do.

use crate::core::seed::{Permutation, Rng, StreamKey, fnv1a64};
use crate::ident::{CharClass, aba, bic, iban, national};
use crate::refdata::{COUNTRIES, Country, CountryId};

#[derive(Clone, Debug)]
pub struct Branch {
    pub name: String,
    pub code: String,
    pub city: &'static str,
}

#[derive(Clone, Debug)]
pub struct Bank {
    pub id: String,
    pub name: String,
    pub bic: String,
    /// National bank code (the IBAN BBAN bank part where the country uses IBAN).
    pub national_code: String,
    /// US ABA routing number.
    pub aba: Option<String>,
    pub branches: Vec<Branch>,
}

/// All banks of a run, grouped by country in country-table order.
#[derive(Clone, Debug)]
pub struct Banks {
    by_country: Vec<Vec<Bank>>,
}

/// Words of bank names.
static NAME_WORDS: &[&str] = &[
    "Atlantic",
    "Capital",
    "Central",
    "Citizens",
    "Commercial",
    "Continental",
    "Cooperative",
    "Crown",
    "Eastern",
    "Federal",
    "Guardian",
    "Heritage",
    "Imperial",
    "Merchants",
    "Meridian",
    "Mutual",
    "National",
    "Northern",
    "Pacific",
    "Peoples",
    "Pioneer",
    "Provident",
    "Royal",
    "Savings",
    "Southern",
    "Sovereign",
    "Standard",
    "Summit",
    "Trust",
    "Union",
    "United",
    "Western",
];

/// Leading words of `{lead} {word} Bank` names.
static NAME_LEADS: &[&str] = &[
    "First", "Second", "New", "Grand", "Global", "Allied", "Premier",
];

/// Suffixes distinguishing several branches in one city.
static BRANCH_SUFFIXES: &[&str] = &[
    "Central",
    "North",
    "South",
    "East",
    "West",
    "Downtown",
    "Harbour",
    "Airport",
    "Old Town",
    "Riverside",
    "Market Square",
    "Station",
];

/// National bank-code lengths of countries without IBAN (all digits); others 4.
static NATIONAL_CODE_LENGTHS: &[(&str, u8)] = &[
    ("JP", 4),
    ("CA", 3),
    ("AU", 3),
    ("IN", 4),
    ("CN", 3),
    ("HK", 3),
    ("SG", 4),
    ("KR", 3),
    ("MX", 3),
    ("ZA", 6),
    ("NZ", 2),
];
const DEFAULT_NATIONAL_CODE_LENGTH: u8 = 4;

/// Number of banks of a country.
fn bank_count(country: &Country, rng: &mut Rng) -> usize {
    let (lo, hi) = if country.financial_centre {
        (12, 20)
    } else if country.weight >= 200 {
        (8, 15)
    } else {
        (3, 10)
    };
    rng.between(lo, hi) as usize
}

/// The random-stream index of a country: its two ASCII letters, independent of table order.
fn country_stream(country: &Country) -> u64 {
    country
        .code
        .bytes()
        .fold(0u64, |acc, b| (acc << 8) | u64::from(b))
}

/// "the United States", "the Netherlands", but "Germany": names that take the article in English.
fn country_in_prose(country: &Country) -> String {
    const WITH_ARTICLE: [&str; 7] = [
        "Netherlands",
        "Bahamas",
        "Philippines",
        "Maldives",
        "Seychelles",
        "Gambia",
        "Vatican",
    ];
    let name = country.name;
    let takes_article = name.starts_with("United ")
        || name.contains("Islands")
        || name.contains("Republic")
        || WITH_ARTICLE.contains(&name);
    if takes_article {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

/// A bank name unique within `taken`.
fn bank_name(country: &Country, rank: usize, rng: &mut Rng, taken: &[Bank]) -> String {
    let city = country.cities.first().copied().unwrap_or(country.name);
    let country_name = country_in_prose(country);
    for attempt in 0..32 {
        let name = match (rank, rng.below(5)) {
            (0, _) if attempt == 0 => format!("National Bank of {country_name}"),
            (_, 0) => format!("{} Bank of {country_name}", rng.pick(NAME_WORDS)),
            (_, 1) => {
                let place = if country.cities.is_empty() {
                    city
                } else {
                    *rng.pick(country.cities)
                };
                format!("{place} {} Bank", rng.pick(NAME_WORDS))
            }
            (_, 2) => format!("{} {} Bank", rng.pick(NAME_LEADS), rng.pick(NAME_WORDS)),
            (_, 3) => format!("{} {} Banking Corporation", city, rng.pick(NAME_WORDS)),
            _ => format!("{} & {} Trust", rng.pick(NAME_WORDS), rng.pick(NAME_WORDS)),
        };
        if !name.contains("Trust & Trust") && !taken.iter().any(|b| b.name == name) {
            return name;
        }
    }
    format!("{} Bank {}", country.name, rank + 1)
}

/// The national bank code of bank `rank` of a country: unique within the country.
fn national_code(
    seed: u64,
    country: &Country,
    rank: usize,
    code4: &str,
    aba: Option<&str>,
) -> String {
    if let Some(aba) = aba {
        return aba.to_string();
    }
    let classes = iban::bank_code_classes(country.code).unwrap_or_else(|| {
        let len = NATIONAL_CODE_LENGTHS
            .iter()
            .find(|(cc, _)| *cc == country.code)
            .map_or(DEFAULT_NATIONAL_CODE_LENGTH, |&(_, len)| len);
        vec![CharClass::Digit; len as usize]
    });
    // UK, Irish, Dutch, Gulf... IBANs carry the BIC's bank code as the 4-letter bank field.
    if classes == [CharClass::Alpha; 4] {
        return code4.to_string();
    }
    // A leading digit is 1–9 (real bank codes rarely start with 0); other positions use the full class.
    let radix = |i: usize, class: CharClass| match class {
        CharClass::Digit if i == 0 => 9,
        _ => class.serial_radix(),
    };
    let capacity = classes
        .iter()
        .enumerate()
        .fold(1u64, |acc, (i, &c)| acc.saturating_mul(radix(i, c)))
        .min(1 << 60);
    let mut v = Permutation::new(seed ^ fnv1a64(country.code), "bank.national_code", capacity)
        .apply(rank as u64 % capacity);
    let mut code = vec![b'0'; classes.len()];
    for (i, (slot, &class)) in code.iter_mut().zip(&classes).enumerate().rev() {
        let r = radix(i, class);
        let symbol = (v % r) as u8;
        v /= r;
        *slot = if r == 9 {
            b'1' + symbol
        } else {
            class.symbol(symbol)
        };
    }
    String::from_utf8(code).expect("ASCII")
}

/// 1–10 branches: the head office in the largest city, then other cities; codes unique within the bank.
fn branches(country: &Country, rank: usize, rng: &mut Rng) -> Vec<Branch> {
    let count = match rank {
        0 => rng.between(6, 10),
        1..=2 => rng.between(3, 8),
        _ => rng.between(1, 5),
    } as usize;
    let mut out: Vec<Branch> = Vec::with_capacity(count);
    for k in 0..count {
        let city = match (k, country.cities) {
            (_, []) => country.name,
            (0, cities) => cities[0],
            (_, cities) => *rng.pick(cities),
        };
        let mut name = if k == 0 {
            format!("{city} Head Office")
        } else {
            format!("{city} Main")
        };
        for _ in 0..16 {
            if !out.iter().any(|b| b.name == name) {
                break;
            }
            name = format!("{city} {}", rng.pick(BRANCH_SUFFIXES));
        }
        let mut code = national::branch_code(country, rng);
        for _ in 0..64 {
            if !out.iter().any(|b| b.code == code) {
                break;
            }
            code = national::branch_code(country, rng);
        }
        if out.iter().any(|b| b.name == name || b.code == code) {
            break; // a tiny code space is exhausted: fewer branches rather than duplicates
        }
        out.push(Branch { name, code, city });
    }
    out
}

impl Banks {
    pub fn new(seed: u64) -> Banks {
        let key = StreamKey::new(seed, "bank");
        let mut bic_serial = 0u64;
        let by_country = COUNTRIES
            .iter()
            .map(|country| {
                let rng = &mut key.rng(country_stream(country));
                let count = bank_count(country, rng);
                let mut banks: Vec<Bank> = Vec::with_capacity(count);
                for rank in 0..count {
                    let code4 = bic::bank_code4(seed, bic_serial);
                    bic_serial += 1;
                    let aba = (country.code == "US").then(|| aba::make(seed, rank as u64));
                    let name = bank_name(country, rank, rng, &banks);
                    let location = bic::location(rng);
                    banks.push(Bank {
                        id: format!("BNK-{}-{:03}", country.code, rank + 1),
                        name,
                        bic: bic::make(&code4, country.code, &location, None),
                        national_code: national_code(seed, country, rank, &code4, aba.as_deref()),
                        aba,
                        branches: branches(country, rank, rng),
                    });
                }
                banks
            })
            .collect();
        Banks { by_country }
    }

    /// Banks of a country, in rank order (rank 0 is the largest; pick by Zipf).
    pub fn of_country(&self, country: CountryId) -> &[Bank] {
        &self.by_country[country as usize]
    }

    /// Every bank of the run, country by country.
    pub fn iter(&self) -> impl Iterator<Item = &Bank> {
        self.by_country.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refdata::country_by_code;
    use std::collections::BTreeSet;

    #[test]
    fn every_country_has_3_to_20_well_formed_banks() {
        let banks = Banks::new(42);
        for (ci, country) in COUNTRIES.iter().enumerate() {
            let list = banks.of_country(ci as CountryId);
            assert!(
                (3..=20).contains(&list.len()),
                "{} {}",
                country.code,
                list.len()
            );
            let names: BTreeSet<&str> = list.iter().map(|b| b.name.as_str()).collect();
            let codes: BTreeSet<&str> = list.iter().map(|b| b.national_code.as_str()).collect();
            assert_eq!(names.len(), list.len(), "{}", country.code);
            assert_eq!(codes.len(), list.len(), "{}", country.code);
            for (rank, bank) in list.iter().enumerate() {
                assert_eq!(bank.id, format!("BNK-{}-{:03}", country.code, rank + 1));
                assert!(bic::is_valid_in(&bank.bic, country.code), "{}", bank.bic);
                assert_eq!(bank.aba.is_some(), country.code == "US");
                if let Some(aba) = &bank.aba {
                    assert!(aba::is_valid(aba), "{aba}");
                }
                if let Some(classes) = iban::bank_code_classes(country.code) {
                    assert_eq!(
                        bank.national_code.len(),
                        classes.len(),
                        "{}",
                        bank.national_code
                    );
                    assert!(
                        bank.national_code
                            .bytes()
                            .zip(&classes)
                            .all(|(b, c)| c.admits(b))
                    );
                    let branch = bank.branches.first().map(|b| b.code.as_str());
                    let with_branch =
                        iban::make_at_branch(country.code, &bank.national_code, branch, 7).unwrap();
                    assert!(iban::is_valid(&with_branch), "{with_branch}");
                    let without = iban::make(country.code, &bank.national_code, 7).unwrap();
                    assert!(iban::is_valid(&without), "{without}");
                }
                assert!((1..=10).contains(&bank.branches.len()));
                let branch_codes: BTreeSet<&str> =
                    bank.branches.iter().map(|b| b.code.as_str()).collect();
                assert_eq!(branch_codes.len(), bank.branches.len());
                for branch in &bank.branches {
                    assert!(country.cities.contains(&branch.city) || country.cities.is_empty());
                    assert!(
                        national::branch_code_matches(country, &branch.code),
                        "{}",
                        branch.code
                    );
                }
            }
        }
    }

    #[test]
    fn bic_bank_codes_and_abas_are_unique_across_the_run() {
        let banks = Banks::new(7);
        let mut codes = BTreeSet::new();
        let mut abas = BTreeSet::new();
        for bank in banks.iter() {
            assert!(codes.insert(bank.bic[..4].to_string()), "{}", bank.bic);
            if let Some(aba) = &bank.aba {
                assert!(abas.insert(aba.clone()));
            }
        }
        let us = country_by_code("US").unwrap();
        assert_eq!(abas.len(), banks.of_country(us).len());
    }

    #[test]
    fn deterministic_and_seed_dependent() {
        let (a, b, c) = (Banks::new(1), Banks::new(1), Banks::new(2));
        let names = |banks: &Banks| {
            banks
                .iter()
                .map(|b| format!("{}|{}|{}", b.name, b.bic, b.national_code))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&c));
    }

    #[test]
    fn largest_bank_is_the_national_bank_named_in_prose() {
        let banks = Banks::new(3);
        let us = &banks.of_country(country_by_code("US").unwrap())[0];
        assert_eq!(us.name, "National Bank of the United States");
        let de = &banks.of_country(country_by_code("DE").unwrap())[0];
        assert_eq!(de.name, "National Bank of Germany");
    }

    #[test]
    fn gb_banks_use_their_bic_code_and_sort_codes() {
        let banks = Banks::new(3);
        let gb = country_by_code("GB").unwrap();
        for bank in banks.of_country(gb) {
            assert_eq!(bank.national_code, bank.bic[..4]);
            for branch in &bank.branches {
                assert!(branch.code.len() == 6 && branch.code.bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
