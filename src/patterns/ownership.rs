//! The ownership a pattern plan plants (SPEC §5.4 "entity-keyed outputs read small reverse indexes
//! built from the plan"): for each company an instance's holdings go into, those holdings replace the
//! background shareholders, and each nominee arrangement routes the nominee's holdings to its principal.
//! Built once per run after planning and kept in [`crate::generators::Ctx::ownership`], so companies,
//! accounts and relationships computed in any process see the same shareholdings and UBO-1 owners.

use super::{Entity, InstancePlan};
use crate::generators::links::{Holder, Holding};
use crate::time::Date;

/// The holdings into one planted company.
#[derive(Clone, Debug)]
struct Planted {
    company: u64,
    instance: u32,
    holdings: Vec<Holding>,
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
    companies: Vec<Planted>,
    /// Sorted by (nominee, principal).
    nominees: Vec<NomineeLink>,
    /// The same links sorted by the company that writes them.
    by_writer: Vec<NomineeLink>,
}

impl Ownership {
    /// The ownership planted by `plans` (instance `i` is the i-th plan).
    pub fn from_plans<'a>(plans: impl IntoIterator<Item = &'a InstancePlan>) -> Ownership {
        let mut companies: std::collections::BTreeMap<u64, Planted> = Default::default();
        let mut nominees = Vec::new();
        for (i, plan) in plans.into_iter().enumerate() {
            for h in &plan.holdings {
                let holder = match h.holder {
                    Entity::Company(c) => Holder::Company(c),
                    Entity::Person(p) | Entity::Account(p) => Holder::Person(p),
                };
                let holding = Holding {
                    holder,
                    hundredths: h.hundredths,
                    since: h.since,
                };
                companies
                    .entry(h.company)
                    .or_insert_with(|| Planted {
                        company: h.company,
                        instance: i as u32,
                        holdings: Vec::new(),
                    })
                    .holdings
                    .push(holding);
            }
            for n in &plan.nominees {
                let company = plan
                    .holdings
                    .iter()
                    .find(|h| h.holder == Entity::Person(n.nominee))
                    .map_or(0, |h| h.company);
                nominees.push(NomineeLink {
                    nominee: n.nominee,
                    principal: n.principal,
                    company,
                    instance: i as u32,
                    since: n.since,
                });
            }
        }
        let companies: Vec<Planted> = companies.into_values().collect();
        nominees.sort_by_key(|n| (n.nominee, n.principal));
        let mut by_writer = nominees.clone();
        by_writer.sort_by_key(|n| (n.company, n.nominee));
        Ownership {
            companies,
            nominees,
            by_writer,
        }
    }

    /// The planting instance and the holdings into company row `c`, when an instance planted it.
    pub fn holdings(&self, c: u64) -> Option<(u32, &[Holding])> {
        let k = self.companies.binary_search_by_key(&c, |p| p.company).ok()?;
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
