//! The entity files of a dataset, in file order (SPEC §11), and how each one's units map to records:
//! persons, companies and accounts have one record per row; event files are written slice by slice;
//! relationships are owned by units (persons, then companies) that each yield their edges.

use crate::config::Config;
use crate::core::error::Result;
use crate::core::ids::Namespace;
use crate::encode::file_layouts;
use crate::generators::{
    account, account_event, communication, company, document, pattern, person, relationship, trade,
    transaction, travel,
};
use crate::model::record::Record;
use crate::model::{
    account::Account,
    account_event::AccountEvent,
    communication::Communication,
    company::Company,
    document::Document,
    pattern::{Pattern, PatternMember},
    person::Person,
    relationship::Relationship,
    trade::Trade,
    transaction::Transaction,
    travel::Travel,
};
use crate::output::manifest::{PartInfo, file_name, manifest_name};
use crate::run::Run;
use crate::run::plan::EventPlans;

/// File stems this release writes, in file order.
pub const KNOWN: [&str; 12] = [
    "persons",
    "companies",
    "accounts",
    "transactions",
    "communications",
    "trades",
    "travels",
    "documents",
    "account_events",
    "relationships",
    "patterns",
    "pattern_members",
];

/// Units per chunk: about 2 MiB of JSON per chunk and format (chunking never changes bytes; smaller
/// chunks keep the in-flight buffers, and so peak memory, small).
const PERSONS_PER_CHUNK: u64 = 1_024;
const COMPANIES_PER_CHUNK: u64 = 1_024;
const ACCOUNTS_PER_CHUNK: u64 = 2_048;
const UNITS_PER_RELATIONSHIP_CHUNK: u64 = 1_024;
const INSTANCES_PER_CHUNK: u64 = 256;

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
    if config.writes(Transaction::FILE) {
        add(file_layouts::<Transaction>(formats));
    }
    if config.writes(Communication::FILE) {
        add(file_layouts::<Communication>(formats));
    }
    if config.writes(Trade::FILE) {
        add(file_layouts::<Trade>(formats));
    }
    if config.writes(Travel::FILE) {
        add(file_layouts::<Travel>(formats));
    }
    if config.writes(Document::FILE) {
        add(file_layouts::<Document>(formats));
    }
    if config.writes(AccountEvent::FILE) {
        add(file_layouts::<AccountEvent>(formats));
    }
    if config.writes(Relationship::FILE) {
        add(file_layouts::<Relationship>(formats));
    }
    if config.writes(Pattern::FILE) {
        add(file_layouts::<Pattern>(formats));
    }
    if config.writes(PatternMember::FILE) {
        add(file_layouts::<PatternMember>(formats));
    }
    names.push(manifest_name(part));
    names
}

/// Writes every selected entity file of this part.
pub fn write_all(run: &mut Run<'_>, plans: &EventPlans) -> Result<()> {
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
    let slices = plans.slices;
    if run.config.writes(Transaction::FILE) {
        let (tables, rows) = (&plans.transaction_tables, plans.transaction_rows());
        let rows = &rows;
        run.write_events(rows, slices, Namespace::Transaction, |ctx, s, out| {
            transaction::slice(ctx, tables, rows, slices, s, out)
        })?;
        run.total(Transaction::FILE, counts.transactions);
    }
    if run.config.writes(Communication::FILE) {
        let (tables, plan) = (&plans.communication_tables, &plans.communications);
        run.write_events(plan, slices, Namespace::Communication, |ctx, s, out| {
            communication::slice(ctx, tables, plan, slices, s, out)
        })?;
        run.total(Communication::FILE, counts.communications);
    }
    if run.config.writes(Trade::FILE) {
        let (tables, plan) = (&plans.trade_tables, &plans.trades);
        run.write_events(plan, slices, Namespace::Trade, |ctx, s, out| {
            trade::slice(ctx, tables, plan, slices, s, out)
        })?;
        run.total(Trade::FILE, counts.trades);
    }
    if run.config.writes(Travel::FILE) {
        let (tables, plan) = (&plans.travel_tables, &plans.travels);
        run.write_events(plan, slices, Namespace::Travel, |ctx, s, out| {
            travel::slice(ctx, tables, plan, slices, s, out)
        })?;
        run.total(Travel::FILE, counts.travels);
    }
    if run.config.writes(Document::FILE) {
        let (tables, plan) = (&plans.document_tables, &plans.documents);
        run.write_events(plan, slices, Namespace::Document, |ctx, s, out| {
            document::slice(ctx, tables, plan, slices, s, out)
        })?;
        run.total(Document::FILE, counts.documents);
    }
    if run.config.writes(AccountEvent::FILE) {
        let (tables, plan, rows) = (
            &plans.account_event_tables,
            &plans.account_events,
            &plans.account_event_rows(),
        );
        let patterns = &plans.patterns;
        run.write_events(rows, slices, Namespace::AccountEvent, |ctx, s, out| {
            account_event::slice(ctx, tables, plan, patterns, slices, s, out)
        })?;
        run.total(AccountEvent::FILE, counts.account_events);
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
    let instances = &plans.patterns.instances;
    if run.config.writes(Pattern::FILE) {
        run.write_table(
            instances.len() as u64,
            INSTANCES_PER_CHUNK,
            |ctx, i, emit| emit(&pattern::record(ctx, i, &instances[i as usize])),
        )?;
        run.total(Pattern::FILE, instances.len() as u64);
    }
    if run.config.writes(PatternMember::FILE) {
        run.write_table(
            instances.len() as u64,
            INSTANCES_PER_CHUNK,
            |ctx, i, emit| {
                for member in pattern::members(ctx, i, &instances[i as usize]) {
                    emit(&member);
                }
            },
        )?;
        let members = instances.iter().map(|p| p.plan.members.len() as u64).sum();
        run.total(PatternMember::FILE, members);
    }
    Ok(())
}
