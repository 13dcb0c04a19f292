//! Per-country entity pools and country draws shared by the event generators (transactions,
//! communications, documents, trades, account events, travels).
//!
//! A [`CountryPool`] holds one country's entities (persons, companies or both) in a keyed
//! [`Permutation`] order with Zipf constants over it, so the busy entities are random ones rather than
//! the first slots. [`by_weight`] draws a country proportionally to integer weights; [`at_time`] uses
//! share × local-profile weight at a time, so closed hours are never drawn.
//!
//! Everything here is a pure function of its inputs and draws exactly what the generators drew before
//! it was shared: stream names stay with the callers.

use super::Ctx;
use crate::core::sample::Zipf;
use crate::core::seed::{Permutation, Rng};
use crate::core::time::{Timestamp, date_of, weekday};
use crate::refdata::{self, COUNTRIES, CountryId};
use crate::schedule::slices::LocalProfile;

/// One country's entities `[lo, hi)` (slots) in a keyed order, with `K` Zipf distributions over the
/// order (e.g. senders and receivers with different exponents).
pub struct CountryPool<const K: usize = 1> {
    first_slot: u64,
    order: Permutation,
    zipf: [Zipf; K],
}

impl<const K: usize> CountryPool<K> {
    /// The pool of slots `lo..hi`, keyed by `stream`, with one Zipf distribution per exponent.
    pub fn new(seed: u64, stream: &str, (lo, hi): (u64, u64), exponents: [f64; K]) -> Self {
        let n = hi - lo;
        CountryPool {
            first_slot: lo,
            order: Permutation::new(seed, stream, n),
            zipf: exponents.map(|s| Zipf::new(n.max(1), s)),
        }
    }

    /// Entities in the pool.
    pub fn len(&self) -> u64 {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The slot at position `i` of the keyed order.
    pub fn slot(&self, i: u64) -> u64 {
        self.first_slot + self.order.apply(i)
    }

    /// A slot drawn with the first Zipf distribution over the keyed order.
    pub fn draw(&self, rng: &mut Rng) -> u64 {
        self.draw_with(0, rng)
    }

    /// A slot drawn with Zipf distribution `z` over the keyed order.
    pub fn draw_with(&self, z: usize, rng: &mut Rng) -> u64 {
        self.slot(self.zipf[z].sample(rng))
    }
}

/// One pool per country, in country order, of its person slots (or its company slots), each keyed by
/// stream `"{stream}.{c}"`.
pub fn per_country<const K: usize>(
    ctx: &Ctx,
    stream: &str,
    companies: bool,
    exponents: [f64; K],
) -> Vec<CountryPool<K>> {
    (0..COUNTRIES.len() as CountryId)
        .map(|c| {
            let slots = if companies {
                ctx.layout.country_company_slots(c)
            } else {
                ctx.layout.country_person_slots(c)
            };
            CountryPool::new(ctx.seed, &format!("{stream}.{c}"), slots, exponents)
        })
        .collect()
}

/// Entities per country of `pools` (the country shares of a curve's mix).
pub fn sizes<const K: usize>(pools: &[CountryPool<K>]) -> Vec<u64> {
    pools.iter().map(CountryPool::len).collect()
}

/// Local (weekday, hour) of `ts` in country `c`.
pub fn local_hour(c: CountryId, ts: Timestamp) -> (usize, usize) {
    let local = ts + refdata::country(c).utc_offset_minutes as i64 * 60;
    (
        weekday(date_of(local)) as usize,
        (local.rem_euclid(86_400) / 3_600) as usize,
    )
}

/// A country drawn proportionally to `weight(c)`; None, without drawing, when every weight is zero.
pub fn by_weight(weight: impl Fn(usize) -> u64, rng: &mut Rng) -> Option<CountryId> {
    let total: u64 = (0..COUNTRIES.len()).map(&weight).sum();
    if total == 0 {
        return None;
    }
    let mut target = rng.below(total);
    for c in 0..COUNTRIES.len() {
        let w = weight(c);
        if target < w {
            return Some(c as CountryId);
        }
        target -= w;
    }
    None
}

/// A country drawn proportionally to `shares` (one per country); None when all are zero.
pub fn by_share(shares: &[u64], rng: &mut Rng) -> Option<CountryId> {
    by_weight(|c| shares[c], rng)
}

/// Quarter-hours per week. Every UTC offset is a whole number of quarter hours, so each country's local
/// hour, and with it every profile weight, is constant within a UTC quarter hour.
const QUARTER_HOURS: usize = 7 * 24 * 4;

/// "A country at a time": its share times a local profile's weight at its local time, tabulated per
/// UTC quarter hour of the week as cumulative weights, so a draw is one binary search.
pub struct CountryMix {
    cumulative: Vec<Vec<u64>>,
}

impl CountryMix {
    pub fn new(shares: &[u64], profile: &LocalProfile) -> CountryMix {
        let cumulative = (0..QUARTER_HOURS)
            .map(|q| {
                let ts = MONDAY + q as i64 * 900;
                let mut acc = 0u64;
                (0..COUNTRIES.len())
                    .map(|c| {
                        let (d, h) = local_hour(c as CountryId, ts);
                        acc += shares[c] * profile.at(d, h) as u64;
                        acc
                    })
                    .collect()
            })
            .collect();
        CountryMix { cumulative }
    }

    /// A country at `ts` (country 0, without drawing, when every country is closed then).
    pub fn draw(&self, ts: Timestamp, rng: &mut Rng) -> CountryId {
        let quarter = ((ts - MONDAY).rem_euclid(7 * 86_400) / 900) as usize;
        let cumulative = &self.cumulative[quarter];
        let total = cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return 0;
        }
        let target = rng.below(total);
        cumulative.partition_point(|&c| c <= target) as CountryId
    }
}

/// 1970-01-05, a Monday: quarter hours are counted from it.
const MONDAY: Timestamp = 4 * 86_400;
