//! How a pattern plan's holdings and nominee arrangements become the run's planted
//! [`Ownership`] (SPEC §5.4 "entity-keyed outputs read small reverse indexes built from the plan").

use super::{Entity, InstancePlan};
use crate::generators::links::{Holder, Holding};
use crate::generators::ownership::Planted;
pub use crate::generators::ownership::{NomineeLink, Ownership};

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
}

#[cfg(test)]
mod tests {
    use crate::generators::links::{self, Holder, Holding};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    /// A random small ownership graph: `companies` companies (0 is the target), persons 0..4, edges
    /// (holder, held company, hundredths) with person and company holders (cycles allowed), and
    /// nominee arrangements person → principal.
    #[derive(Clone, Debug)]
    struct Graph {
        companies: u64,
        edges: Vec<(Holder, u64, u32)>,
        nominees: BTreeMap<u64, u64>,
    }

    fn graph() -> impl Strategy<Value = Graph> {
        (2u64..=6).prop_flat_map(|companies| {
            let holder = prop_oneof![
                (0u64..4).prop_map(Holder::Person),
                (0..companies).prop_map(Holder::Company),
            ];
            let edge = (holder, 0..companies, 1u32..=10_000);
            (
                Just(companies),
                proptest::collection::vec(edge, 1..14),
                proptest::collection::btree_map(0u64..4, 0u64..4, 0..3),
            )
                .prop_map(|(companies, edges, nominees)| Graph {
                    companies,
                    // No self-holdings; a nominee is never its own principal.
                    edges: edges
                        .into_iter()
                        .filter(|(h, c, _)| *h != Holder::Company(*c))
                        .collect(),
                    // Arrangements are one level deep: a principal is never itself a nominee.
                    nominees: nominees
                        .iter()
                        .filter(|&(n, p)| n != p && !nominees.contains_key(p))
                        .map(|(&n, &p)| (n, p))
                        .collect(),
                })
        })
    }

    /// Brute force, independent of the UBO-1 walk: list every simple path as an explicit node
    /// sequence (breadth first, holder by holder), a nominee's holdings counting as its principal's;
    /// sum the exact products as fractions over 10,000^6, then round half-even to 1/10,000 %.
    fn brute_force(g: &Graph) -> BTreeMap<u64, u64> {
        let owner = |h: Holder| match h {
            Holder::Person(p) => Holder::Person(g.nominees.get(&p).copied().unwrap_or(p)),
            c => c,
        };
        const DEPTH: u32 = 6;
        let mut sums: BTreeMap<u64, u128> = BTreeMap::new();
        // Partial paths: (top company, companies on the path, product, edges).
        let mut frontier: Vec<(u64, Vec<u64>, u128, u32)> = vec![(0, vec![0], 1, 0)];
        while let Some((top, seen, product, edges)) = frontier.pop() {
            for &(holder, held, h) in &g.edges {
                if held != top {
                    continue;
                }
                let next = product * h as u128;
                match owner(holder) {
                    Holder::Person(p) => {
                        let scale = 10_000u128.pow(DEPTH - (edges + 1));
                        *sums.entry(p).or_insert(0) += next * scale;
                    }
                    Holder::Company(c) if !seen.contains(&c) => {
                        let mut path = seen.clone();
                        path.push(c);
                        frontier.push((c, path, next, edges + 1));
                    }
                    Holder::Company(_) => {}
                }
            }
        }
        let divisor = 10u128.pow(4 * DEPTH - 6);
        sums.into_iter()
            .map(|(p, n)| {
                let (q, r) = (n / divisor, n % divisor);
                let up = 2 * r > divisor || (2 * r == divisor && q % 2 == 1);
                (p, (q + up as u128) as u64)
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn ubo_1_equals_brute_force_path_enumeration(g in graph()) {
            let into = |c: u64| -> Vec<Holding> {
                let direct = g
                    .edges
                    .iter()
                    .filter(|e| e.1 == c)
                    .map(|&(holder, _, hundredths)| Holding { holder, hundredths, since: 0 })
                    .collect();
                links::pass_through(direct, |h| match h {
                    Holder::Person(p) => g.nominees.get(&p).copied(),
                    Holder::Company(_) => None,
                })
            };
            let walked: BTreeMap<u64, u64> =
                links::effective_ownership(0, into).into_iter().collect();
            let expected = brute_force(&g);
            prop_assert_eq!(&walked, &expected);
            for nominee in g.nominees.keys() {
                prop_assert!(!walked.contains_key(nominee), "a nominee is credited");
            }
            prop_assert!(g.companies >= 2);
        }
    }
}
