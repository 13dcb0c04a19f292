//! The determinism core every other layer stands on: keyed random streams and bijections ([`seed`]),
//! samplers on them ([`sample`]), record ids ([`ids`]), integer calendar arithmetic ([`time`]) and the
//! user-facing error type ([`error`]). Imports nothing else of the crate.

pub mod error;
pub mod ids;
pub mod sample;
pub mod seed;
pub mod text;
pub mod time;
