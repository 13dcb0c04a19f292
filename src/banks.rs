//! Synthetic banks per country (SPEC §6): 3–20 per country from the seed, each with an id `BNK-{cc}-{nnn}`,
//! a name, a BIC, a national bank code, a US ABA number and branches. Built once per run (≈ 1,000 banks).
//!
//! STUB: placeholder with the final API; the real tables replace it.

use crate::refdata::{COUNTRIES, CountryId};

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

impl Banks {
    pub fn new(seed: u64) -> Banks {
        let _ = seed;
        let by_country = COUNTRIES
            .iter()
            .map(|c| {
                (0..3)
                    .map(|n| Bank {
                        id: format!("BNK-{}-{:03}", c.code, n + 1),
                        name: format!("{} Bank {}", c.name, n + 1),
                        bic: format!("BNK{}{}2A", (b'A' + n as u8) as char, c.code),
                        national_code: format!("{:04}", n + 1),
                        aba: None,
                        branches: vec![Branch {
                            name: format!("{} Main", c.cities[0]),
                            code: "001".into(),
                            city: c.cities[0],
                        }],
                    })
                    .collect()
            })
            .collect();
        Banks { by_country }
    }

    /// Banks of a country, in rank order (rank 0 is the largest; pick by Zipf).
    pub fn of_country(&self, country: CountryId) -> &[Bank] {
        &self.by_country[country as usize]
    }
}
