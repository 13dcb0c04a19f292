//! UBO-1 (SPEC §10.2) against an independent brute force: on random small ownership graphs (cycles,
//! parallel holdings, nominees), every company's effective owners from `generators::links` equal the
//! sums over every simple path found by trying each ordered sequence of distinct companies, multiplied
//! out in `rust_decimal` and rounded once, half to even, to 4 decimals of a percent.

use bankgen::generators::links::{
    Holder, Holding, beneficial_owners_with, effective_ownership, pass_through,
};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use std::collections::BTreeMap;

/// 25.0000 % in 1/10,000 of a percent.
const QUARTER: u64 = 250_000;

/// A small ownership graph: `holdings[c]` are the holdings into company `c`; `principal[p]` is the
/// person a nominee `p` holds for (pass-through).
#[derive(Clone, Debug)]
struct Graph {
    companies: usize,
    holdings: Vec<Vec<Holding>>,
    principal: Vec<Option<u64>>,
}

fn graph() -> impl Strategy<Value = Graph> {
    (2usize..=5, 2usize..=5).prop_flat_map(|(companies, persons)| {
        let holding = (
            prop::bool::weighted(0.45),
            0..companies.max(persons) as u64,
            1u32..=10_000,
        );
        let per_company = prop::collection::vec(prop::collection::vec(holding, 0..=4), companies);
        let nominees =
            prop::collection::vec(prop::option::weighted(0.3, 0..persons as u64), persons);
        (per_company, nominees).prop_map(move |(raw, principal)| Graph {
            companies,
            holdings: raw
                .into_iter()
                .map(|hs| {
                    hs.into_iter()
                        .map(|(by_company, who, hundredths)| Holding {
                            holder: if by_company {
                                Holder::Company(who % companies as u64)
                            } else {
                                Holder::Person(who % persons as u64)
                            },
                            hundredths,
                            since: 0,
                        })
                        .collect()
                })
                .collect(),
            // A nominee never fronts for itself.
            principal: principal
                .iter()
                .enumerate()
                .map(|(p, q)| q.filter(|&q| q != p as u64))
                .collect(),
        })
    })
}

impl Graph {
    /// What the run hands UBO-1: the holdings into `c` through the run's own nominee pass-through.
    fn edges_into(&self, c: u64) -> Vec<Holding> {
        pass_through(self.holdings[c as usize].clone(), |h| match h {
            Holder::Person(p) => self.principal[p as usize],
            Holder::Company(_) => None,
        })
    }

    /// Σ of the direct percentages (as fractions of the whole) that `holder` has in company `c`.
    fn share(&self, holder: Holder, c: usize) -> Decimal {
        self.holdings[c]
            .iter()
            .filter(|h| match (h.holder, holder) {
                (Holder::Person(p), Holder::Person(x)) => {
                    self.principal[p as usize].unwrap_or(p) == x
                }
                (a, b) => a == b,
            })
            .map(|h| Decimal::new(h.hundredths as i64, 4))
            .sum()
    }

    /// Effective ownership of `target` by every person, by brute force: each ordered sequence of
    /// distinct companies ending at `target` is a candidate path; its value is the product of the
    /// shares along it. Result in 1/10,000 of a percent, rounded once, half to even.
    fn brute_force(&self, target: usize, persons: u64) -> BTreeMap<u64, u64> {
        let mut out = BTreeMap::new();
        for person in 0..persons {
            let mut total = Decimal::ZERO;
            for chain in sequences_ending_at(self.companies, target) {
                let mut value = self.share(Holder::Person(person), chain[0]);
                for pair in chain.windows(2) {
                    value *= self.share(Holder::Company(pair[0] as u64), pair[1]);
                }
                total += value;
            }
            let percent = (total * Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(4, RoundingStrategy::MidpointNearestEven);
            let ten_thousandths = (percent * Decimal::new(10_000, 0)).trunc();
            let ten_thousandths: u64 = ten_thousandths.to_string().parse().unwrap();
            if total > Decimal::ZERO {
                out.insert(person, ten_thousandths);
            }
        }
        out
    }
}

/// Every ordered sequence of distinct companies out of `n` whose last element is `target`.
fn sequences_ending_at(n: usize, target: usize) -> Vec<Vec<usize>> {
    let others: Vec<usize> = (0..n).filter(|&c| c != target).collect();
    let mut out = Vec::new();
    for mask in 0u32..(1 << others.len()) {
        let chosen: Vec<usize> = (0..others.len())
            .filter(|&i| mask & (1 << i) != 0)
            .map(|i| others[i])
            .collect();
        for mut order in permutations(&chosen) {
            order.push(target);
            out.push(order);
        }
    }
    out
}

fn permutations(items: &[usize]) -> Vec<Vec<usize>> {
    if items.is_empty() {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut tail in permutations(&rest) {
            tail.insert(0, first);
            out.push(tail);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn ubo_1_equals_a_brute_force_over_every_simple_path(g in graph()) {
        let persons = g.principal.len() as u64;
        for target in 0..g.companies {
            let fast: BTreeMap<u64, u64> = effective_ownership(target as u64, |c| g.edges_into(c))
                .into_iter()
                .filter(|&(_, v)| v > 0)
                .collect();
            let mut brute = g.brute_force(target, persons);
            brute.retain(|_, v| *v > 0);
            prop_assert_eq!(&fast, &brute, "target {}", target);
            let owners: Vec<u64> = beneficial_owners_with(target as u64, QUARTER, |c| g.edges_into(c))
                .into_iter()
                .map(|o| o.person)
                .collect();
            let expected: Vec<u64> =
                brute.iter().filter(|&(_, &v)| v >= QUARTER).map(|(&p, _)| p).collect();
            prop_assert_eq!(owners, expected, "target {}", target);
        }
    }
}

/// The brute force itself on a hand-worked graph: A holds 60 % of C directly and 50 % of B, which
/// holds 30 % of C and 50 % of itself through C (a cycle): 60 + 50 × 30 = 75 %.
#[test]
fn the_brute_force_sums_a_direct_and_a_chained_path_and_ignores_the_cycle() {
    let person = |p, h| Holding {
        holder: Holder::Person(p),
        hundredths: h,
        since: 0,
    };
    let company = |c, h| Holding {
        holder: Holder::Company(c),
        hundredths: h,
        since: 0,
    };
    let g = Graph {
        companies: 2,
        holdings: vec![
            vec![person(0, 6_000), company(1, 3_000)],
            vec![person(0, 5_000), company(0, 5_000)],
        ],
        principal: vec![None],
    };
    assert_eq!(g.brute_force(0, 1), BTreeMap::from([(0, 750_000)]));
    assert_eq!(
        effective_ownership(0, |c| g.edges_into(c)),
        vec![(0, 750_000)]
    );
}
