//! The commands a user runs: the command line and its dispatch ([`cli`]), `bankgen schema`
//! ([`schema`]), the progress bars and run summary ([`progress`]) and interrupts ([`signals`]). `bankgen validate` lives in
//! [`crate::validate`]. The top layer: nothing else of the crate imports from here.

pub mod cli;
pub mod progress;
pub mod schema;
pub mod signals;
