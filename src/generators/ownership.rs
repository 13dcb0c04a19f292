//! The ownership a pattern plan plants, as the population generators read it: for each company an
//! instance's holdings go into, those holdings replace the background shareholders, and each nominee
//! arrangement routes the nominee's holdings to its principal. Built once per run after planning
//! (`crate::patterns::ownership`) and kept in [`super::Ctx::ownership`], so companies, accounts and
//! relationships computed in any process see the same shareholdings and UBO-1 owners.

use super::links::Holding;
use crate::core::time::Date;

/// The holdings into one planted company.
#[derive(Clone, Debug)]
pub(crate) struct Planted {
    pub(crate) company: u64,
    pub(crate) instance: u32,
    pub(crate) holdings: Vec<Holding>,
}

/// A nominee arrangement: `nominee` holds on behalf of `principal`; the edge is written by company
/// row `company` (the first company the nominee holds), with the instance's pattern id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NomineeLink {
    pub nominee: u64,
    pub principal: u64,
    pub company: u64,
    pub instance: u32,
    pub since: Date,
}

/// The planted ownership of a run, sorted by company row and nominee row (O(log n) lookups).
#[derive(Clone, Debug, Default)]
pub struct Ownership {
    pub(crate) companies: Vec<Planted>,
    /// Sorted by (nominee, principal).
    pub(crate) nominees: Vec<NomineeLink>,
    /// The same links sorted by the company that writes them.
    pub(crate) by_writer: Vec<NomineeLink>,
}

impl Ownership {
    /// The planting instance and the holdings into company row `c`, when an instance planted it.
    pub fn holdings(&self, c: u64) -> Option<(u32, &[Holding])> {
        let k = self
            .companies
            .binary_search_by_key(&c, |p| p.company)
            .ok()?;
        let p = &self.companies[k];
        Some((p.instance, &p.holdings))
    }

    /// The principal a person holds for, when it is a nominee (the lowest principal row, as UBO-1 reads
    /// the edges).
    pub fn principal_of(&self, person: u64) -> Option<u64> {
        let k = self.nominees.partition_point(|n| n.nominee < person);
        self.nominees
            .get(k)
            .filter(|n| n.nominee == person)
            .map(|n| n.principal)
    }

    /// The nominee arrangements company row `c` writes.
    pub fn nominees_written_by(&self, c: u64) -> &[NomineeLink] {
        let lo = self.by_writer.partition_point(|n| n.company < c);
        let hi = self.by_writer.partition_point(|n| n.company <= c);
        &self.by_writer[lo..hi]
    }

    /// Whether nothing is planted.
    pub fn is_empty(&self) -> bool {
        self.companies.is_empty() && self.nominees.is_empty()
    }
}
