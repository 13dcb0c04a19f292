//! `bankgen validate DIR [DIR...]` (SPEC §2.7, §12): checks a dataset written by bankgen, or the parts of
//! one, against the format, the schema, the id scheme, references, consistency rules, the alerting layer,
//! the ground truth, the typology invariants and the manifest. Exit 0 valid (warnings allowed), 1 invalid,
//! 2 usage or I/O error. Never panics on bad input; memory is O(entities + pattern-labelled records).
//!
//! Module map: [`discover`] finds the files; [`read`], [`json`] and [`csv`] stream records; [`schema`]
//! derives expected shapes from the record types; [`rules`] holds one module per rule family;
//! [`state`] and [`facts`] keep what later files need; [`findings`] collects; [`report`] renders;
//! [`engine`] drives a run.

pub mod csv;
pub mod discover;
pub mod engine;
pub mod facts;
pub mod findings;
pub mod json;
pub mod measure;
pub mod read;
pub mod realism;
pub mod report;
pub mod rules;
pub mod schema;
pub mod state;

pub use engine::{Options, Outcome, run};

/// Runs a validation and prints the report; returns the exit code (0 valid, 1 invalid, 2 I/O error).
pub fn main(opts: &Options, json_report: bool) -> i32 {
    match run(opts) {
        Ok(outcome) => {
            let text = if json_report {
                let mut s =
                    serde_json::to_string_pretty(&report::json(&outcome)).unwrap_or_default();
                s.push('\n');
                s
            } else {
                report::human(&outcome)
            };
            if let Err(e) = crate::core::error::write_stdout(text.as_bytes()) {
                eprintln!("error: {e}");
                return e.exit_code();
            }
            if outcome.valid() { 0 } else { 1 }
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
