//! Part ranges (SPEC §5.5 S-2): part K of N covers rows ⌊(K−1)·R/N⌋ .. ⌊K·R/N⌋ of every file, so parts
//! are contiguous, cover everything once, and concatenate to the unsharded file. Also the event-file
//! plan: the slice geometry and every event file's exact counts.

use crate::config::Counts;
use crate::core::error::Error;
use crate::generators::document::{self, DocPlan, DocumentRows};
use crate::generators::transaction::{self, Payments, TransactionRows};
use crate::generators::{Ctx, account, account_event, communication, trade, travel};
use crate::model::account_event::AccountEvent;
use crate::model::communication::Communication;
use crate::model::document::Document;
use crate::model::trade::Trade;
use crate::model::transaction::Transaction;
use crate::patterns::emit;
use crate::patterns::plan::{PatternPlan, PlacedRows};
use crate::schedule::events::{FilePlan, Rows};
use crate::schedule::slices::{MAX_SLICE_RECORDS, Slices, choose_length_by};

/// Half-open row range of part `index` (1-based) of `count` over `rows` rows.
pub fn part_range(rows: u64, index: u32, count: u32) -> (u64, u64) {
    let at = |k: u64| ((rows as u128 * k as u128) / count.max(1) as u128) as u64;
    (at(index as u64 - 1), at(index as u64))
}

/// The background rows of an event file of `total` rows whose pattern plan takes `pattern` of them;
/// a plan that needs more than the file holds is a usage error.
fn background(file: &str, pattern: u64, total: u64) -> Result<u64, Error> {
    total.checked_sub(pattern).ok_or_else(|| {
        Error::Usage(format!(
            "the pattern plan needs {pattern} {file} but --{file} is {total}"
        ))
    })
}

/// Each fixed-count event file holds exactly the rows it was asked for, or its records cannot be
/// placed in the window.
fn all_placed(files: [(&str, &FilePlan, u64); 4]) -> Result<(), Error> {
    for (name, plan, wanted) in files {
        if plan.total() != wanted {
            return Err(Error::Usage(format!(
                "{name} = {wanted} cannot be placed in the window: only {} fit (no trading session, \
                 waking hour or eligible participant falls inside it)",
                plan.total()
            )));
        }
    }
    Ok(())
}

/// The event-file plan of a run (SPEC §5.1): one slice geometry shared by every event file, and each
/// file's lookup tables and background kinds with exact totals. Built once, identically, by every part.
pub struct EventPlans {
    pub slices: Slices,
    pub transaction_tables: transaction::Tables,
    pub transactions: FilePlan,
    pub communication_tables: communication::Tables,
    pub communications: FilePlan,
    pub trade_tables: trade::Tables,
    pub trades: FilePlan,
    pub travel_tables: travel::Tables,
    pub travels: FilePlan,
    pub document_tables: document::Tables,
    pub documents: DocPlan,
    pub account_event_tables: account_event::Tables,
    pub account_events: FilePlan,
    pub patterns: PatternPlan,
}

impl EventPlans {
    pub fn new(ctx: &Ctx, counts: &Counts, patterns: PatternPlan) -> Result<EventPlans, Error> {
        let pattern_transactions = patterns.transactions.total();
        let pattern_events = patterns.account_events.total();
        let background_documents =
            background("documents", patterns.documents.total(), counts.documents)?;
        let background_events = counts.account_events.saturating_sub(pattern_events);
        let background_trades = background("trades", patterns.trades.total(), counts.trades)?;
        let background_communications = background(
            "communications",
            patterns.communications.total(),
            counts.communications,
        )?;
        let communication_tables = communication::Tables::new(ctx);
        let communications =
            communication::file_plan(&communication_tables, background_communications);
        let trade_tables = trade::Tables::new(ctx);
        let trades = trade::file_plan(&trade_tables, background_trades);
        let travel_tables = travel::Tables::new(ctx);
        let travels = travel::file_plan(&travel_tables, counts.travels);
        let account_event_tables = account_event::Tables::new(ctx);
        let account_events = account_event::file_plan(&account_event_tables, background_events);
        let transaction_tables = transaction::Tables::new(ctx);
        let document_tables = document::Tables::new(ctx);
        all_placed([
            ("communications", &communications, background_communications),
            ("trades", &trades, background_trades),
            ("travels", &travels, counts.travels),
            ("account_events", &account_events, background_events),
        ])?;
        // Documents and transactions depend on the slice geometry (derived records are whole days
        // away), so each candidate length builds them before its largest slice is measured.
        let build = |slices: Slices| -> Result<(DocPlan, FilePlan), Error> {
            let documents = document::plan(&document_tables, slices, background_documents);
            let payments = document::payments_total(&documents, slices);
            let Some(background) = counts
                .transactions
                .checked_sub(payments)
                .and_then(|b| b.checked_sub(pattern_transactions))
            else {
                return Err(Error::Usage(format!(
                    "documents = {} imply {payments} invoice payments and the pattern plan needs \
                     {pattern_transactions} transactions, but transactions = {}",
                    counts.documents, counts.transactions
                )));
            };
            let transactions = transaction::file_plan(
                &transaction_tables,
                background,
                &ctx.params.transactions.mix(),
            );
            if transactions.total() != background
                || documents.total_rows(slices) != background_documents
            {
                return Err(Error::Usage(format!(
                    "transactions = {} and documents = {} cannot be placed in the window",
                    counts.transactions, counts.documents
                )));
            }
            Ok((documents, transactions))
        };
        let start = ctx.window.start;
        let mut failure = None;
        let length = choose_length_by(start, ctx.window.days, |slices| {
            let fits = |rows: &dyn Rows| rows.max_count(slices) <= MAX_SLICE_RECORDS;
            // Background plus pattern rows per slice; travels have no pattern rows.
            let rows: [&dyn Rows; 4] = [
                &WithPatternRows {
                    file: &trades,
                    labelled: &patterns.trades,
                },
                &WithPatternRows {
                    file: &communications,
                    labelled: &patterns.communications,
                },
                &travels,
                &WithPatternRows {
                    file: &account_events,
                    labelled: &patterns.account_events,
                },
            ];
            if !rows.iter().all(|rows| fits(*rows)) {
                return false;
            }
            match build(slices) {
                Ok((documents, transactions)) => {
                    let rows = TransactionRows {
                        file: &transactions,
                        payments: Payments {
                            tables: &document_tables,
                            plan: &documents,
                        },
                        labelled: &patterns.transactions,
                    };
                    let documents = DocumentRows {
                        plan: &documents,
                        labelled: &patterns.documents,
                    };
                    fits(&documents) && fits(&rows)
                }
                Err(e) => {
                    failure.get_or_insert(e);
                    false
                }
            }
        });
        let Some(length) = length else {
            return Err(failure.unwrap_or_else(|| {
                Error::Usage(format!(
                    "no slice length keeps every slice of every event file at or below {MAX_SLICE_RECORDS} \
                     records: lower the event counts or lengthen --days"
                ))
            }));
        };
        let slices = Slices::new(start, ctx.window.days, length);
        let (documents, transactions) = build(slices)?;
        if transactions.total() > 0 && !transaction_tables.has_always_eligible_account() {
            return Err(Error::Usage(format!(
                "transactions = {} needs an account that is active from the window's first day, and \
                 none of the accounts = {} is: raise --accounts or set --transactions to the {} the \
                 patterns and invoice payments need",
                counts.transactions,
                ctx.layout.person_accounts + ctx.layout.company_accounts,
                counts.transactions - transactions.total()
            )));
        }
        open_accounts_for(ctx, counts, background_trades, background_events)?;
        Ok(EventPlans {
            slices,
            transaction_tables,
            transactions,
            communication_tables,
            communications,
            trade_tables,
            trades,
            travel_tables,
            travels,
            document_tables,
            documents,
            account_event_tables,
            account_events,
            patterns,
        })
    }

    /// The row geometry of the transactions file (background kinds plus invoice payments).
    pub fn transaction_rows(&self) -> TransactionRows<'_> {
        TransactionRows {
            file: &self.transactions,
            payments: Payments {
                tables: &self.document_tables,
                plan: &self.documents,
            },
            labelled: &self.patterns.transactions,
        }
    }

    /// The row geometry of the trades file (background plus pattern trades).
    pub fn trade_rows(&self) -> WithPatternRows<'_> {
        WithPatternRows {
            file: &self.trades,
            labelled: &self.patterns.trades,
        }
    }

    /// The row geometry of the communications file (background plus pattern messages).
    pub fn communication_rows(&self) -> WithPatternRows<'_> {
        WithPatternRows {
            file: &self.communications,
            labelled: &self.patterns.communications,
        }
    }

    /// The trades of slice `s` (unordered): background kinds, then the pattern trades placed in it.
    pub fn trade_slice(&self, ctx: &Ctx, s: u64, out: &mut Vec<Trade>) {
        let tables = &self.trade_tables;
        trade::slice(ctx, tables, &self.trades, self.slices, s, out);
        emit::trades_in_slice(ctx, tables, &self.patterns, self.slices, s, out);
    }

    /// The communications of slice `s` (unordered): background types, then the pattern messages.
    pub fn communication_slice(&self, ctx: &Ctx, s: u64, out: &mut Vec<Communication>) {
        let tables = &self.communication_tables;
        communication::slice(ctx, tables, &self.communications, self.slices, s, out);
        emit::communications_in_slice(ctx, tables, &self.patterns, self.slices, s, out);
    }

    /// The builders' tables pattern trades and communications go through.
    pub fn market_tables(&self) -> crate::patterns::emit::MarketTables<'_> {
        crate::patterns::emit::MarketTables {
            trades: &self.trade_tables,
            communications: &self.communication_tables,
        }
    }

    /// The row geometry of the documents file (background plus pattern documents).
    pub fn document_rows(&self) -> DocumentRows<'_> {
        DocumentRows {
            plan: &self.documents,
            labelled: &self.patterns.documents,
        }
    }

    /// The documents of slice `s` (unordered): background records, then the pattern documents
    /// placed in the slice.
    pub fn document_slice(&self, ctx: &Ctx, s: u64, out: &mut Vec<Document>) {
        let tables = &self.document_tables;
        document::slice(ctx, tables, &self.documents, self.slices, s, out);
        emit::documents_in_slice(ctx, tables, &self.patterns, self.slices, s, out);
    }

    /// The transactions of slice `s` (unordered): background kinds and invoice payments, then the
    /// pattern transactions placed in the slice.
    pub fn transaction_slice(&self, ctx: &Ctx, s: u64, out: &mut Vec<Transaction>) {
        let tables = &self.transaction_tables;
        let rows = self.transaction_rows();
        let ordinal = transaction::slice(ctx, tables, &rows, self.slices, s, out);
        emit::transactions_in_slice(
            ctx,
            tables,
            &self.document_tables,
            &self.patterns,
            self.slices,
            s,
            ordinal,
            out,
        );
    }

    /// The account events of slice `s` (unordered): background, then the pattern events placed in it.
    pub fn account_event_slice(&self, ctx: &Ctx, s: u64, out: &mut Vec<AccountEvent>) {
        let tables = &self.account_event_tables;
        let ordinal = account_event::slice(ctx, tables, &self.account_events, self.slices, s, out);
        emit::account_events_in_slice(ctx, tables, &self.patterns, self.slices, s, ordinal, out);
    }

    /// The row geometry of the account events file (background plus pattern events).
    pub fn account_event_rows(&self) -> WithPatternRows<'_> {
        WithPatternRows {
            file: &self.account_events,
            labelled: &self.patterns.account_events,
        }
    }
}

/// An event file's background rows plus the pattern rows the plan places in it.
pub struct WithPatternRows<'a> {
    pub file: &'a FilePlan,
    pub labelled: &'a PlacedRows,
}

impl Rows for WithPatternRows<'_> {
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        self.file.rows_before(slices, s) + self.labelled.before_slice(slices, s)
    }
}

/// Refuses background trades or account events when no account they may fall back on is open all
/// window (the last resort of the trade and account-event account draws).
fn open_accounts_for(
    ctx: &Ctx,
    counts: &Counts,
    background_trades: u64,
    background_events: u64,
) -> Result<(), Error> {
    for (file, count, background, persons_only) in [
        ("trades", counts.trades, background_trades, true),
        (
            "account_events",
            counts.account_events,
            background_events,
            false,
        ),
    ] {
        if background > 0 && !account::always_eligible_exists(ctx, persons_only) {
            let whose = if persons_only {
                "a person account"
            } else {
                "an account"
            };
            return Err(Error::Usage(format!(
                "{file} = {count} needs {whose} that is open and active for the whole window, and \
                 none of the accounts = {} is: raise --accounts or set --{} 0",
                ctx.layout.person_accounts + ctx.layout.company_accounts,
                file.replace('_', "-"),
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_tile_the_rows() {
        for rows in [0u64, 1, 7, 100, 1 << 40] {
            for count in [1u32, 3, 7, 16] {
                let mut next = 0;
                for index in 1..=count {
                    let (lo, hi) = part_range(rows, index, count);
                    assert_eq!(lo, next);
                    assert!(hi >= lo);
                    next = hi;
                }
                assert_eq!(next, rows);
            }
        }
    }
}
