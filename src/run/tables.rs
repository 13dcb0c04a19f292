//! The table registry: every output file of a dataset, in file order (SPEC §11), each one a [`Table`]
//! saying what it holds (its record type, id namespace and row shape) and how a run writes it.
//!
//! [`each_table`] is the one list of output files. The writer, `--only`, the manifest totals, the
//! `--force` file names and `validate` all go through it, so adding a file is one `Table` impl and one
//! line in [`each_table`], both here.

use crate::config::{Config, Counts};
use crate::core::error::Result;
use crate::core::ids::Namespace;
use crate::encode::{FileLayout, file_layouts};
use crate::generators::{Ctx, account, company_record, person, relationship, travel};
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
use crate::patterns::records as pattern;
use crate::run::plan::EventPlans;
use crate::schedule::events::{Event, Rows};
use crate::schedule::slices::Slices;

/// How a file's rows are made, which fixes how its ids and order are checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// One record per row index (persons, companies, accounts, patterns).
    Rows,
    /// Slice-ordered events with a timestamp order key.
    Events,
    /// Edges owned by units: index `(unit << 8) | k`.
    Relationships,
    /// No id of their own (pattern_members).
    Members,
}

impl FileKind {
    /// `validate` reads files in this rank (stable over file order): entities whose facts later files
    /// read, then pattern members (GT-2, GT-5 read them with the patterns), relationships, then events.
    pub fn read_rank(self) -> u8 {
        match self {
            FileKind::Rows => 0,
            FileKind::Members => 1,
            FileKind::Relationships => 2,
            FileKind::Events => 3,
        }
    }
}

/// What the writer of a run offers a table: its row-index and slice-by-slice writers.
pub trait TableWriter {
    /// Writes `units` owning units (rows, or owners of edges) whose unit `u` yields its records through
    /// `emit`; only this part's unit range is generated.
    fn write_units<R, E>(&mut self, units: u64, units_per_chunk: u64, emit: E) -> Result<()>
    where
        R: Record,
        E: Fn(&Ctx, u64, &mut dyn FnMut(&R)) + Sync;

    /// Writes an event file slice by slice: `generate` draws a slice's records unordered; the writer
    /// orders and numbers them and keeps this part's rows.
    fn write_slices<R, G>(
        &mut self,
        rows: &dyn Rows,
        slices: Slices,
        ns: Namespace,
        generate: G,
    ) -> Result<()>
    where
        R: Event,
        G: Fn(&Ctx, u64, &mut Vec<R>) + Sync;

    /// The dataset-wide row count of a file whose unit `u` holds `rows_of(u)` rows, where this part
    /// wrote only its own units (`R`'s rows written so far when this part is the whole dataset).
    fn dataset_rows<R, F>(&self, units: u64, rows_of: F) -> u64
    where
        R: Record,
        F: Fn(&Ctx, u64) -> u64 + Sync;
}

/// One output file of a dataset.
pub trait Table {
    /// The record of its rows: its file stem, fields and child tables.
    type Record: Record;
    /// The id namespace of its records (none for rows without an id of their own).
    const NAMESPACE: Option<Namespace>;
    const KIND: FileKind;
    /// The field events are ordered by.
    const TIME_FIELD: Option<&'static str> = None;
    /// Writes this part's rows and returns the dataset-wide total.
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64>;
}

/// Is called once per output file, in file order.
pub trait TableVisitor {
    fn visit<T: Table>(&mut self) -> Result<()>;
}

/// Every output file of a dataset, in file order: THE list. A new file is a line here.
pub fn each_table<V: TableVisitor>(v: &mut V) -> Result<()> {
    v.visit::<Persons>()?;
    v.visit::<Companies>()?;
    v.visit::<Accounts>()?;
    v.visit::<Transactions>()?;
    v.visit::<Communications>()?;
    v.visit::<Trades>()?;
    v.visit::<Travels>()?;
    v.visit::<Documents>()?;
    v.visit::<AccountEvents>()?;
    v.visit::<Relationships>()?;
    v.visit::<Patterns>()?;
    v.visit::<PatternMembers>()?;
    Ok(())
}

/// What is known of a file without generating it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileInfo {
    pub name: &'static str,
    pub namespace: Option<Namespace>,
    pub kind: FileKind,
}

/// Every output file, in file order.
pub fn files() -> Vec<FileInfo> {
    struct Collect(Vec<FileInfo>);
    impl TableVisitor for Collect {
        fn visit<T: Table>(&mut self) -> Result<()> {
            self.0.push(FileInfo {
                name: T::Record::FILE,
                namespace: T::NAMESPACE,
                kind: T::KIND,
            });
            Ok(())
        }
    }
    let mut all = Collect(Vec::new());
    each_table(&mut all).expect("collecting cannot fail");
    all.0
}

/// File stems this release writes, in file order.
pub fn names() -> Vec<&'static str> {
    files().into_iter().map(|f| f.name).collect()
}

pub fn is_known(name: &str) -> bool {
    files().iter().any(|f| f.name == name)
}

/// Names of every file this part writes (manifest included), for the refusal and `--force` rules.
pub fn file_names(config: &Config, part: PartInfo) -> Vec<String> {
    struct Names<'a> {
        config: &'a Config,
        layouts: Vec<FileLayout>,
    }
    impl TableVisitor for Names<'_> {
        fn visit<T: Table>(&mut self) -> Result<()> {
            if self.config.writes(T::Record::FILE) {
                let formats = &self.config.output.formats;
                self.layouts.extend(file_layouts::<T::Record>(formats));
            }
            Ok(())
        }
    }
    let mut names = Names {
        config,
        layouts: Vec::new(),
    };
    each_table(&mut names).expect("naming cannot fail");
    let mut out: Vec<String> = names
        .layouts
        .iter()
        .map(|l| file_name(&l.stem, l.format, part))
        .collect();
    out.push(manifest_name(part));
    out
}

/// Units per chunk: at most about 2 MiB of JSON per chunk and format (chunking never changes bytes;
/// smaller chunks keep the in-flight buffers, and so peak memory, small). A person is about 2.2 KB of
/// JSON, so 512 of them keep a chunk's buffer within 2 MiB of capacity.
const PERSONS_PER_CHUNK: u64 = 512;
const COMPANIES_PER_CHUNK: u64 = 1_024;
const ACCOUNTS_PER_CHUNK: u64 = 2_048;
const UNITS_PER_RELATIONSHIP_CHUNK: u64 = 1_024;
const INSTANCES_PER_CHUNK: u64 = 256;

pub struct Persons;
impl Table for Persons {
    type Record = Person;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Person);
    const KIND: FileKind = FileKind::Rows;
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, _: &EventPlans) -> Result<u64> {
        w.write_units(counts.persons, PERSONS_PER_CHUNK, |ctx, p, emit| {
            emit(&person::record(ctx, p))
        })?;
        Ok(counts.persons)
    }
}

pub struct Companies;
impl Table for Companies {
    type Record = Company;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Company);
    const KIND: FileKind = FileKind::Rows;
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, _: &EventPlans) -> Result<u64> {
        w.write_units(counts.companies, COMPANIES_PER_CHUNK, |ctx, c, emit| {
            emit(&company_record::record(ctx, c))
        })?;
        Ok(counts.companies)
    }
}

pub struct Accounts;
impl Table for Accounts {
    type Record = Account;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Account);
    const KIND: FileKind = FileKind::Rows;
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, _: &EventPlans) -> Result<u64> {
        w.write_units(counts.accounts, ACCOUNTS_PER_CHUNK, |ctx, a, emit| {
            emit(&account::record(ctx, a))
        })?;
        Ok(counts.accounts)
    }
}

pub struct Transactions;
impl Table for Transactions {
    type Record = Transaction;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Transaction);
    const KIND: FileKind = FileKind::Events;
    const TIME_FIELD: Option<&'static str> = Some("transaction_date");
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64> {
        let rows = &plans.transaction_rows();
        w.write_slices(rows, plans.slices, Namespace::Transaction, |ctx, s, out| {
            plans.transaction_slice(ctx, s, out)
        })?;
        Ok(counts.transactions)
    }
}

pub struct Communications;
impl Table for Communications {
    type Record = Communication;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Communication);
    const KIND: FileKind = FileKind::Events;
    const TIME_FIELD: Option<&'static str> = Some("timestamp");
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64> {
        let (rows, slices) = (&plans.communication_rows(), plans.slices);
        w.write_slices(rows, slices, Namespace::Communication, |ctx, s, out| {
            plans.communication_slice(ctx, s, out)
        })?;
        Ok(counts.communications)
    }
}

pub struct Trades;
impl Table for Trades {
    type Record = Trade;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Trade);
    const KIND: FileKind = FileKind::Events;
    const TIME_FIELD: Option<&'static str> = Some("trade_date");
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64> {
        let (rows, slices) = (&plans.trade_rows(), plans.slices);
        w.write_slices(rows, slices, Namespace::Trade, |ctx, s, out| {
            plans.trade_slice(ctx, s, out)
        })?;
        Ok(counts.trades)
    }
}

pub struct Travels;
impl Table for Travels {
    type Record = Travel;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Travel);
    const KIND: FileKind = FileKind::Events;
    const TIME_FIELD: Option<&'static str> = Some("departure_date");
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64> {
        let (tables, plan, slices) = (&plans.travel_tables, &plans.travels, plans.slices);
        w.write_slices(plan, slices, Namespace::Travel, |ctx, s, out| {
            travel::slice(ctx, tables, plan, slices, s, out)
        })?;
        Ok(counts.travels)
    }
}

pub struct Documents;
impl Table for Documents {
    type Record = Document;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Document);
    const KIND: FileKind = FileKind::Events;
    const TIME_FIELD: Option<&'static str> = Some("issue_date");
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64> {
        let rows = &plans.document_rows();
        w.write_slices(rows, plans.slices, Namespace::Document, |ctx, s, out| {
            plans.document_slice(ctx, s, out)
        })?;
        Ok(counts.documents)
    }
}

pub struct AccountEvents;
impl Table for AccountEvents {
    type Record = AccountEvent;
    const NAMESPACE: Option<Namespace> = Some(Namespace::AccountEvent);
    const KIND: FileKind = FileKind::Events;
    const TIME_FIELD: Option<&'static str> = Some("timestamp");
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, plans: &EventPlans) -> Result<u64> {
        let rows = &plans.account_event_rows();
        w.write_slices(
            rows,
            plans.slices,
            Namespace::AccountEvent,
            |ctx, s, out| plans.account_event_slice(ctx, s, out),
        )?;
        Ok(counts.account_events)
    }
}

pub struct Relationships;
impl Table for Relationships {
    type Record = Relationship;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Relationship);
    const KIND: FileKind = FileKind::Relationships;
    fn write<W: TableWriter>(w: &mut W, counts: &Counts, _: &EventPlans) -> Result<u64> {
        // Edges are owned by units: persons, then companies.
        let persons = counts.persons;
        let units = counts.persons + counts.companies;
        let owned = move |ctx: &Ctx, unit: u64| {
            if unit < persons {
                relationship::for_person(ctx, unit)
            } else {
                relationship::for_company(ctx, unit - persons)
            }
        };
        w.write_units(units, UNITS_PER_RELATIONSHIP_CHUNK, |ctx, unit, emit| {
            for edge in owned(ctx, unit) {
                emit(&edge);
            }
        })?;
        Ok(w.dataset_rows::<Relationship, _>(units, |ctx, unit| owned(ctx, unit).len() as u64))
    }
}

pub struct Patterns;
impl Table for Patterns {
    type Record = Pattern;
    const NAMESPACE: Option<Namespace> = Some(Namespace::Pattern);
    const KIND: FileKind = FileKind::Rows;
    fn write<W: TableWriter>(w: &mut W, _: &Counts, plans: &EventPlans) -> Result<u64> {
        let instances = &plans.patterns.instances;
        w.write_units(
            instances.len() as u64,
            INSTANCES_PER_CHUNK,
            |ctx, i, emit| {
                let market = plans.market_tables();
                emit(&pattern::record(ctx, i, &instances[i as usize], market))
            },
        )?;
        Ok(instances.len() as u64)
    }
}

pub struct PatternMembers;
impl Table for PatternMembers {
    type Record = PatternMember;
    const NAMESPACE: Option<Namespace> = None;
    const KIND: FileKind = FileKind::Members;
    fn write<W: TableWriter>(w: &mut W, _: &Counts, plans: &EventPlans) -> Result<u64> {
        let instances = &plans.patterns.instances;
        w.write_units(
            instances.len() as u64,
            INSTANCES_PER_CHUNK,
            |ctx, i, emit| {
                for member in pattern::members(ctx, i, &instances[i as usize]) {
                    emit(&member);
                }
            },
        )?;
        Ok(instances.iter().map(|p| p.plan.members.len() as u64).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_file_has_its_order_key_and_every_file_one_name() {
        let files = files();
        let mut names: Vec<_> = files.iter().map(|f| f.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), files.len());
        struct Keys(Vec<bool>);
        impl TableVisitor for Keys {
            fn visit<T: Table>(&mut self) -> Result<()> {
                self.0
                    .push((T::KIND == FileKind::Events) == T::TIME_FIELD.is_some());
                Ok(())
            }
        }
        let mut keys = Keys(Vec::new());
        each_table(&mut keys).unwrap();
        assert!(keys.0.iter().all(|&ok| ok));
    }
}
