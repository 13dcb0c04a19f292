//! Record structs and enums of SPEC §7, one module per entity, with their field walks
//! ([`crate::model::record::Fields`]). Shared value sets live in [`common`].

pub mod account;
pub mod account_event;
pub mod common;
pub mod communication;
pub mod company;
pub mod document;
pub mod pattern;
pub mod person;
pub mod record;
pub mod relationship;
pub mod stream;
pub mod trade;
pub mod transaction;
pub mod travel;
pub mod walk;
