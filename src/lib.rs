//! bankgen: seeded, labelled synthetic banking data with injected financial-crime patterns.
//!
//! The library does all the work; `main.rs` only calls [`commands::cli::run`]. The folders are layers (SPEC §14,
//! `docs/architecture.md`), each importing only from the ones listed before it:
//! [`core`] (determinism, time, errors), [`refdata`] and [`ident`] (reference data, identifiers),
//! [`model`] (record structs and the record contract), [`encode`] (formats), [`population`] (who exists),
//! [`schedule`] (time slices of event files), [`generators`] (one module per entity), [`patterns`]
//! (injected typologies), [`config`] (the resolved configuration), [`output`] (pipeline, sink,
//! manifest), [`run`] (one `generate` run), [`validate`] and [`commands`] (what a user runs).

#![forbid(unsafe_code)]

pub mod commands;
pub mod config;
pub mod core;
pub mod encode;
pub mod generators;
pub mod ident;
pub mod model;
pub mod output;
pub mod patterns;
pub mod population;
pub mod refdata;
pub mod run;
pub mod schedule;
pub mod stream;
pub mod validate;
