//! bankgen: seeded, labelled synthetic banking data with injected financial-crime patterns.
//!
//! The library does all the work; `main.rs` only calls [`cli::run`]. Module map (SPEC §14):
//! determinism core ([`seed`], [`sample`], [`ids`], [`time`]), reference data ([`refdata`]), the
//! record contract ([`record`]) and its encoders ([`encode`]).

#![forbid(unsafe_code)]

pub mod alert;
pub mod banks;
pub mod cli;
pub mod config;
pub mod encode;
pub mod entities;
pub mod error;
pub mod events;
pub mod generators;
pub mod ident;
pub mod ids;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod patterns;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod record;
pub mod refdata;
pub mod run;
pub mod sample;
pub mod scenario;
pub mod schema;
pub mod seed;
pub mod sink;
pub mod slices;
pub mod stream;
pub mod time;
pub mod validate;
