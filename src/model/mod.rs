//! Record structs and enums of SPEC §7, one module per entity, with their field walks
//! ([`crate::record::Fields`]). Shared value sets live in [`common`].

pub mod account;
pub mod common;
pub mod company;
pub mod person;
pub mod relationship;
pub mod transaction;
