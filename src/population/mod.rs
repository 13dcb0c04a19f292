//! Who exists in a run: the population layout that makes any person, company or account O(1) from its
//! index ([`layout`]), and the synthetic banks per country ([`banks`]).

pub mod banks;
pub mod layout;
