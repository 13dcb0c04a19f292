//! The entity files of a dataset, in file order (SPEC §11), and how each one's units map to records:
//! persons, companies and accounts have one record per row; relationships are owned by units (persons,
//! then companies) that each yield their edges.

use crate::config::Config;
use crate::encode::file_layouts;
use crate::error::Result;
use crate::generators::{account, company, person, relationship};
use crate::manifest::{PartInfo, file_name, manifest_name};
use crate::model::{
    account::Account, company::Company, person::Person, relationship::Relationship,
};
use crate::record::Record;
use crate::run::Run;

/// File stems this release writes, in file order.
pub const KNOWN: [&str; 4] = ["persons", "companies", "accounts", "relationships"];

/// Records per chunk: about 4 MiB of JSON per chunk for each entity (chunking never changes bytes).
const PERSONS_PER_CHUNK: u64 = 2_048;
const COMPANIES_PER_CHUNK: u64 = 2_048;
const ACCOUNTS_PER_CHUNK: u64 = 4_096;
const UNITS_PER_RELATIONSHIP_CHUNK: u64 = 4_096;

pub fn is_known(name: &str) -> bool {
    KNOWN.contains(&name)
}

/// Names of every file this part writes (manifest included), for the refusal and `--force` rules.
pub fn file_names(config: &Config, part: PartInfo) -> Vec<String> {
    let mut names = Vec::new();
    let mut add = |stems: Vec<crate::encode::FileLayout>| {
        for l in stems {
            names.push(file_name(&l.stem, l.format, part));
        }
    };
    let formats = &config.output.formats;
    if config.writes(Person::FILE) {
        add(file_layouts::<Person>(formats));
    }
    if config.writes(Company::FILE) {
        add(file_layouts::<Company>(formats));
    }
    if config.writes(Account::FILE) {
        add(file_layouts::<Account>(formats));
    }
    if config.writes(Relationship::FILE) {
        add(file_layouts::<Relationship>(formats));
    }
    names.push(manifest_name(part));
    names
}

/// Writes every selected entity file of this part.
pub fn write_all(run: &mut Run<'_>) -> Result<()> {
    let counts = run.config.counts.clone();
    if run.config.writes(Person::FILE) {
        run.write_table(counts.persons, PERSONS_PER_CHUNK, |ctx, p, emit| {
            emit(&person::record(ctx, p))
        })?;
        run.total(Person::FILE, counts.persons);
    }
    if run.config.writes(Company::FILE) {
        run.write_table(counts.companies, COMPANIES_PER_CHUNK, |ctx, c, emit| {
            emit(&company::record(ctx, c))
        })?;
        run.total(Company::FILE, counts.companies);
    }
    if run.config.writes(Account::FILE) {
        run.write_table(counts.accounts, ACCOUNTS_PER_CHUNK, |ctx, a, emit| {
            emit(&account::record(ctx, a))
        })?;
        run.total(Account::FILE, counts.accounts);
    }
    if run.config.writes(Relationship::FILE) {
        let persons = counts.persons;
        let units = counts.persons + counts.companies;
        let owned = move |ctx: &crate::generators::Ctx, unit: u64| {
            if unit < persons {
                relationship::for_person(ctx, unit)
            } else {
                relationship::for_company(ctx, unit - persons)
            }
        };
        run.write_table(units, UNITS_PER_RELATIONSHIP_CHUNK, |ctx, unit, emit| {
            for edge in owned(ctx, unit) {
                emit(&edge);
            }
        })?;
        // A part only generates its own units, so the dataset-wide total needs a counting pass.
        let total = if run.part.count > 1 {
            let ctx = &run.ctx;
            run.pipeline
                .sum(units, |unit| owned(ctx, unit).len() as u64)
        } else {
            run.written_rows(Relationship::FILE)
        };
        run.total(Relationship::FILE, total);
    }
    Ok(())
}
