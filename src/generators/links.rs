//! Links between entities that several generators must agree on (SPEC §5.2, §7.10): employment and
//! colleagues, company officers, shareholdings and the beneficial owners computed from them (UBO-1).
//! Each is a pure function of the layout and its own streams, so a person, an account and a
//! relationship computed in different processes always see the same links.
//!
//! Employment is the one link that needs a table: a keyed permutation of person rows whose first
//! `employment_rate` share of positions are employed, cut into contiguous per-company ranges by
//! cumulative apportionment of company weights ([`Employment`], built once per run and kept in
//! [`Ctx::employment`]). Everything else is drawn per company from its own stream.

use super::Ctx;
use super::company;
use crate::core::sample::apportion;
use crate::core::seed::{Permutation, Rng};
use crate::core::time::Date;
use crate::model::company::CompanyType;
pub use crate::model::company::OfficerRole;
use crate::population::layout::Pool;
use crate::refdata::CountryId;
use std::collections::BTreeMap;

// ---- employment ------------------------------------------------------------------------------------

/// Who works where: position `q = order.apply(p)` of person `p`; positions `< employed` have a job,
/// and company `c` employs positions `ends[c-1]..ends[c]`. O(companies) memory; lookups O(log C).
#[derive(Clone, Debug)]
pub struct Employment {
    order: Permutation,
    employed: u64,
    /// Cumulative end of each company's range of positions, in company row order.
    ends: Vec<u64>,
}

impl Employment {
    /// Nobody employed (a placeholder before [`Employment::build`]).
    pub fn empty() -> Employment {
        Employment {
            order: Permutation::new(0, "links.employment", 0),
            employed: 0,
            ends: Vec::new(),
        }
    }

    /// Builds the ranges: `round(persons × employment_rate)` employed persons, apportioned to companies
    /// by weight `1 + √headcount` (shells get none), so bigger companies get more employees without the
    /// largest swallowing everyone. One pass over the companies (each a cheap draw).
    pub fn build(ctx: &Ctx) -> Employment {
        let persons = ctx.layout.params.persons;
        let companies = ctx.layout.params.companies;
        let weights: Vec<u64> = (0..companies)
            .map(|c| {
                if ctx.layout.is_shell(c) {
                    0
                } else {
                    1 + company::size(ctx, c).1.isqrt()
                }
            })
            .collect();
        let total_weight: u64 = weights.iter().sum();
        let employed = if total_weight == 0 {
            0
        } else {
            ((persons as f64) * ctx.params.persons.employment_rate)
                .round()
                .clamp(0.0, persons as f64) as u64
        };
        let mut ends = apportion(employed, &weights);
        let mut acc = 0;
        for end in &mut ends {
            acc += *end;
            *end = acc;
        }
        Employment {
            order: Permutation::new(ctx.seed, "links.employment", persons),
            employed,
            ends,
        }
    }

    /// Employer (company row) of person `p`, if employed.
    pub fn employer_of(&self, p: u64) -> Option<u64> {
        let q = self.position(p)?;
        Some(self.ends.partition_point(|&end| end <= q) as u64)
    }

    /// Positions of company `c`'s employees.
    fn range(&self, c: u64) -> std::ops::Range<u64> {
        let c = c as usize;
        if c >= self.ends.len() {
            return 0..0;
        }
        let start = if c == 0 { 0 } else { self.ends[c - 1] };
        start..self.ends[c]
    }

    fn position(&self, p: u64) -> Option<u64> {
        if p >= self.order.len() {
            return None;
        }
        let q = self.order.apply(p);
        (q < self.employed).then_some(q)
    }

    /// Employees (person rows) of company `c`, in position order.
    pub fn employees_of(&self, c: u64) -> Vec<u64> {
        self.range(c).map(|q| self.order.invert(q)).collect()
    }

    /// Number of employees of company `c`. O(1).
    pub fn employee_count(&self, c: u64) -> u64 {
        let r = self.range(c);
        r.end - r.start
    }

    /// Up to `k` colleagues of `p` to which `p` owns the edge: the next `k` positions in the
    /// employer's range, so each pair is reported once (by its earlier member).
    pub fn colleagues(&self, p: u64, k: u64) -> Vec<u64> {
        let Some(q) = self.position(p) else {
            return Vec::new();
        };
        let c = self.ends.partition_point(|&end| end <= q);
        let end = self.ends[c].min(q + 1 + k);
        (q + 1..end).map(|r| self.order.invert(r)).collect()
    }
}

/// Current employer (company row) of person `p`, if employed.
pub fn employer_of(ctx: &Ctx, p: u64) -> Option<u64> {
    ctx.employment.employer_of(p)
}

/// Current employees (person rows) of company `c`.
pub fn employees_of(ctx: &Ctx, c: u64) -> Vec<u64> {
    ctx.employment.employees_of(c)
}

/// Colleagues of `p` to which `p` owns a `colleague` edge (each pair is reported by one side only), at
/// most `relationships.max_colleagues`.
pub fn colleagues(ctx: &Ctx, p: u64) -> Vec<u64> {
    ctx.employment
        .colleagues(p, ctx.params.relationships.max_colleagues as u64)
}

// ---- officers ----------------------------------------------------------------------------------------

/// One officer of a company.
#[derive(Clone, Copy, Debug)]
pub struct Officer {
    pub person: u64,
    pub role: OfficerRole,
    pub appointment_date: Date,
    pub resignation_date: Option<Date>,
    /// Ownership in hundredths of a percent, when the officer also holds shares directly.
    pub ownership_hundredths: Option<u32>,
}

impl Officer {
    pub fn is_active(&self) -> bool {
        self.resignation_date.is_none()
    }
}

/// Number of officers 1..=5 (weights .25/.30/.25/.12/.08).
const OFFICER_COUNT_WEIGHTS: [u32; 5] = [25, 30, 25, 12, 8];
/// Share of officers who are residents of the registration country.
const LOCAL_OFFICER_SHARE: f64 = 0.85;
/// Share of officers who have resigned (and are then inactive).
const RESIGNED_SHARE: f64 = 0.15;

/// A random person, a resident of `country` with probability `local_share` (any person when the
/// country has no residents). O(1).
fn person_of_country(ctx: &Ctx, country: CountryId, local_share: f64, rng: &mut Rng) -> u64 {
    let persons = ctx.layout.params.persons;
    let (lo, hi) = ctx.layout.country_person_slots(country);
    if hi > lo && rng.chance(local_share) {
        ctx.layout.person_at_slot(lo + rng.below(hi - lo))
    } else {
        rng.below(persons)
    }
}

/// Draws a person not yet in `taken` (a few attempts, then accepts a repeat-free fallback scan).
fn distinct_person(
    ctx: &Ctx,
    country: CountryId,
    local_share: f64,
    taken: &[u64],
    rng: &mut Rng,
) -> Option<u64> {
    let persons = ctx.layout.params.persons;
    if taken.len() as u64 >= persons {
        return None;
    }
    for _ in 0..8 {
        let p = person_of_country(ctx, country, local_share, rng);
        if !taken.contains(&p) {
            return Some(p);
        }
    }
    // Tiny populations: walk forward from a random row to the first free one (taken.len() < persons).
    let start = rng.below(persons);
    (0..persons)
        .map(|k| (start + k) % persons)
        .find(|p| !taken.contains(p))
}

/// Officers without ownership: who, which roles, when. Shareholdings read this (owner-managers), and
/// [`officers`] adds the ownership back, so the two never recurse.
fn officer_appointments(ctx: &Ctx, c: u64) -> Vec<Officer> {
    if ctx.layout.params.persons == 0 {
        return Vec::new();
    }
    let core = company::core(ctx, c);
    let mut rng = ctx.rng("links.officers", c);
    let count = if core.company_type == CompanyType::SoleProprietorship {
        1
    } else {
        1 + rng.weighted(&OFFICER_COUNT_WEIGHTS)
    };
    // A random subset of `count` distinct roles, kept in role order; a single officer is the director.
    let mut roles: Vec<OfficerRole> = OfficerRole::ALL.to_vec();
    for i in 0..roles.len() {
        let j = i + rng.index(roles.len() - i);
        roles.swap(i, j);
    }
    let mut roles: Vec<OfficerRole> = roles.into_iter().take(count).collect();
    roles.sort();
    if count == 1 {
        roles[0] = OfficerRole::Director;
    }
    let as_of = ctx.window.as_of_date;
    let first_day = core.registration_date.min(as_of);
    let mut taken = Vec::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    for role in roles {
        let Some(person) =
            distinct_person(ctx, core.country, LOCAL_OFFICER_SHARE, &taken, &mut rng)
        else {
            break;
        };
        taken.push(person);
        let appointment_date = rng.between(first_day as i64, as_of as i64) as Date;
        let resignation_date = (appointment_date < as_of && rng.chance(RESIGNED_SHARE))
            .then(|| rng.between(appointment_date as i64 + 1, as_of as i64) as Date);
        out.push(Officer {
            person,
            role,
            appointment_date,
            resignation_date,
            ownership_hundredths: None,
        });
    }
    out
}

/// Officers of company `c` (1–5 distinct persons), in role order; `ownership_hundredths` is the
/// officer's direct holding when the officer is also a shareholder.
pub fn officers(ctx: &Ctx, c: u64) -> Vec<Officer> {
    let mut out = officer_appointments(ctx, c);
    let holdings = holdings(ctx, c);
    for officer in &mut out {
        officer.ownership_hundredths = holdings
            .iter()
            .find(|h| h.holder == Holder::Person(officer.person))
            .map(|h| h.hundredths);
    }
    out
}

// ---- shareholdings -----------------------------------------------------------------------------------

/// Who holds a shareholding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holder {
    Person(u64),
    Company(u64),
}

/// A direct holding in a company, in hundredths of a percent (Σ per company ≤ 10,000).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holding {
    pub holder: Holder,
    pub hundredths: u32,
    pub since: Date,
}

/// 100.00 % in hundredths.
pub const WHOLE: u32 = 10_000;

/// Number of person owners 1..=3 of a private company (weights .5/.35/.15).
const OWNER_COUNT_WEIGHTS: [u32; 3] = [50, 35, 15];
/// The most person owners a private company has (the length of [`OWNER_COUNT_WEIGHTS`]).
const MAX_PERSON_OWNERS: usize = OWNER_COUNT_WEIGHTS.len();
/// Share of private companies whose listed owners hold everything (else 50–99.99 % is listed).
const FULLY_LISTED_SHARE: f64 = 0.8;
/// Share of private companies whose first owner is the first officer (owner-managed).
const OWNER_MANAGER_SHARE: f64 = 0.7;

/// Direct shareholders of company `c`: private companies have 1–3 owners (persons, or the group parent
/// for subsidiaries), outside a group now and then a corporate investor, a holding company in the
/// owners' place and a professional nominee among the persons; public companies list a founder holding
/// 10–40 % in `founder_holding_probability` of cases (and a public subsidiary's parent holds 30–60 %).
/// Σ ≤ 100.00 %; every holding > 0.
pub fn shareholders(ctx: &Ctx, c: u64) -> Vec<Holding> {
    let persons = ctx.layout.params.persons;
    let core = company::core(ctx, c);
    let parent = ctx.layout.parent_company(c);
    let mut rng = ctx.rng("links.shareholders", c);
    let as_of = ctx.window.as_of_date;
    let parent_since = |rng: &mut Rng, parent: u64| {
        let from = core
            .registration_date
            .max(company::core(ctx, parent).registration_date)
            .min(as_of);
        rng.between(from as i64, as_of as i64) as Date
    };
    let mut out = Vec::new();
    let officers = officer_appointments(ctx, c);
    let first_officer = officers.first().map(|o| o.person);
    if core.is_public {
        if let Some(parent) = parent {
            out.push(Holding {
                holder: Holder::Company(parent),
                hundredths: rng.between(3_000, 6_000) as u32,
                since: parent_since(&mut rng, parent),
            });
        }
        if persons > 0 && rng.chance(ctx.params.companies.founder_holding_probability) {
            // The founder usually sits on the board; otherwise a resident of the country.
            let founder = match first_officer {
                Some(p) if rng.chance(0.5) => p,
                _ => person_of_country(ctx, core.country, LOCAL_OFFICER_SHARE, &mut rng),
            };
            out.push(Holding {
                holder: Holder::Person(founder),
                hundredths: rng.between(1_000, 4_000) as u32,
                since: core.registration_date,
            });
        }
        return out;
    }
    let listed = if rng.chance(FULLY_LISTED_SHARE) {
        WHOLE
    } else {
        rng.between(5_000, WHOLE as i64 - 1) as u32
    };
    let mut left = listed;
    if let Some(parent) = parent {
        // The parent holds all of it half of the time, otherwise a majority 51–99.99 %.
        let held = if rng.chance(0.5) {
            listed
        } else {
            (rng.between(5_100, WHOLE as i64 - 1) as u32).min(listed)
        };
        out.push(Holding {
            holder: Holder::Company(parent),
            hundredths: held,
            since: parent_since(&mut rng, parent),
        });
        left -= held;
    }
    // A corporate investor (another company, outside any group) holds 5–49.99 % of a private company
    // now and then, so a company holder is not by itself the mark of a planted ownership chain.
    let companies = ctx.layout.params.companies;
    if parent.is_none()
        && companies >= 2
        && rng.chance(ctx.params.companies.corporate_investor_probability)
    {
        let mut investor = rng.below(companies - 1);
        if investor >= c {
            investor += 1;
        }
        let held = (rng.between(500, 4_999) as u32).min(left - MAX_PERSON_OWNERS as u32);
        out.push(Holding {
            holder: Holder::Company(investor),
            hundredths: held,
            since: parent_since(&mut rng, investor),
        });
        left -= held;
    }
    // Owners holding through a holding company (another company): all of what is left half of the
    // time, else a majority of it. Company chains are then ordinary in the background too.
    if parent.is_none()
        && companies >= 2
        && left > 2 * MAX_PERSON_OWNERS as u32 + 1
        && rng.chance(ctx.params.companies.holding_company_probability)
    {
        let mut holding = rng.below(companies - 1);
        if holding >= c {
            holding += 1;
        }
        let held = if rng.chance(0.5) {
            left
        } else {
            rng.between(
                left as i64 / 2 + 1,
                (left - MAX_PERSON_OWNERS as u32) as i64,
            ) as u32
        };
        if !out.iter().any(|h| h.holder == Holder::Company(holding)) {
            out.push(Holding {
                holder: Holder::Company(holding),
                hundredths: held,
                since: parent_since(&mut rng, holding),
            });
            left -= held;
        }
    }
    if persons == 0 || left == 0 {
        return out;
    }
    let max_owners = if parent.is_some() {
        2
    } else {
        MAX_PERSON_OWNERS
    };
    let owners = (1 + rng.weighted(&OWNER_COUNT_WEIGHTS)).min(max_owners);
    let mut people: Vec<u64> = Vec::with_capacity(owners);
    for k in 0..owners {
        let person = match first_officer {
            Some(p) if k == 0 && rng.chance(OWNER_MANAGER_SHARE) => Some(p),
            _ => distinct_person(ctx, core.country, LOCAL_OFFICER_SHARE, &people, &mut rng),
        };
        match person {
            Some(p) if !people.contains(&p) => people.push(p),
            _ => {}
        }
    }
    if parent.is_none() {
        nominate(ctx, &mut rng, &mut people, first_officer);
    }
    // Split what is left among the owners by random integer weights, each getting at least 0.01 % (so
    // no more owners than hundredths are left).
    people.truncate(left as usize);
    let weights: Vec<u64> = people.iter().map(|_| 1 + rng.below(100)).collect();
    let shares = apportion(left as u64 - people.len() as u64, &weights);
    for (person, share) in people.into_iter().zip(shares) {
        out.push(Holding {
            holder: Holder::Person(person),
            hundredths: share as u32 + 1,
            since: core.registration_date,
        });
    }
    out
}

/// Now and then a professional nominee holds one owner's stake of a private company outside a group on
/// its principal's behalf: it takes the last owner's place (an owner-manager keeps theirs, and the
/// nominee comes on top).
fn nominate(ctx: &Ctx, rng: &mut Rng, people: &mut Vec<u64>, first_officer: Option<u64>) {
    if !rng.chance(ctx.params.companies.nominee_holding_probability) {
        return;
    }
    let Some(n) = ctx.nominees.draw(rng) else {
        return;
    };
    if people.contains(&n) || nominee_principal(ctx, n).is_none() {
        return;
    }
    let owners = people.len();
    match people.last() {
        Some(&last) if Some(last) != first_officer => people[owners - 1] = n,
        _ if owners < MAX_PERSON_OWNERS => people.push(n),
        _ => {}
    }
}

// ---- beneficial owners (UBO-1) -------------------------------------------------------------------------

/// A beneficial owner: a person whose effective ownership is at least the threshold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BeneficialOwner {
    pub person: u64,
    /// Effective ownership in 1/10,000 of a percent (dec(4)), rounded once.
    pub effective_ten_thousandths: u64,
}

/// Longest ownership path followed, in edges. Products of this many holdings in hundredths stay exact
/// in a u128 (10,000^8 = 10^32) with room for sums over many paths.
pub const MAX_PATH_EDGES: usize = 8;

// ---- nominees -----------------------------------------------------------------------------------------

/// The background's professional nominees (SPEC §7.10 nominee arrangements): a keyed pool of persons,
/// each fronting for one principal derived from the nominee's own row ([`nominee_principal`]), so any
/// process tells a holder's principal in O(1) without a table. Private companies now and then list one
/// among their owners ([`shareholders`]); the nominee writes the arrangement edge.
#[derive(Clone, Copy, Debug)]
pub struct Nominees {
    pool: Pool,
}

/// Holdings per professional nominee on average, which sizes the pool: about as many as a planted
/// nominee has (one), so the number a nominee holds does not tell the two apart.
const HOLDINGS_PER_NOMINEE: f64 = 1.0;

impl Nominees {
    /// No nominees (a placeholder before [`Nominees::build`]).
    pub fn empty() -> Nominees {
        Nominees {
            pool: Pool::sized(0, "pool.nominee", 0, 0),
        }
    }

    /// The pool: one nominee per expected nominee holding of the private companies.
    pub fn build(ctx: &Ctx) -> Nominees {
        let persons = ctx.layout.params.persons;
        let expected = ctx.layout.params.companies as f64
            * ctx.params.companies.nominee_holding_probability
            / HOLDINGS_PER_NOMINEE;
        Nominees {
            pool: Pool::sized(ctx.seed, "pool.nominee", persons, expected.ceil() as u64),
        }
    }

    /// Whether person `p` is in the pool (the planner leaves these persons alone). O(1).
    pub fn contains(&self, p: u64) -> bool {
        self.pool.contains(p)
    }

    /// A uniform pool member.
    fn draw(&self, rng: &mut Rng) -> Option<u64> {
        let size = self.pool.size();
        (size > 0).then(|| self.pool.holder(rng.below(size)))
    }
}

/// The principal background nominee `n` holds for: a resident of its country (mostly), not a nominee
/// itself, so arrangements are one level deep. `None` for persons outside the pool (and, in a
/// population too small to find one, for a pool member: it then holds nothing as a nominee).
pub fn nominee_principal(ctx: &Ctx, n: u64) -> Option<u64> {
    if !ctx.nominees.contains(n) {
        return None;
    }
    let country = ctx.layout.person_country(n);
    let mut rng = ctx.rng("links.nominee", n);
    (0..8)
        .map(|_| person_of_country(ctx, country, LOCAL_OFFICER_SHARE, &mut rng))
        .find(|&p| p != n && !ctx.nominees.contains(p))
}

/// The principal person `p` holds for, if it is a nominee: planted (ubo_chain) or background.
pub fn principal_of(ctx: &Ctx, p: u64) -> Option<u64> {
    ctx.ownership
        .principal_of(p)
        .or_else(|| nominee_principal(ctx, p))
}

/// The direct shareholders of company `c` as written: the holdings a pattern instance planted into it
/// (ubo_chain, [`super::ownership`]), else the background [`shareholders`].
pub fn holdings(ctx: &Ctx, c: u64) -> Vec<Holding> {
    match ctx.ownership.holdings(c) {
        Some((_, planted)) => planted.to_vec(),
        None => shareholders(ctx, c),
    }
}

/// Nominee pass-through (UBO-1): a holding by a nominee counts as its principal's, never the nominee's.
/// `principal_of` names the principal person of a nominee holder.
pub fn pass_through(
    mut holdings: Vec<Holding>,
    principal_of: impl Fn(Holder) -> Option<u64>,
) -> Vec<Holding> {
    for h in &mut holdings {
        if let Some(p) = principal_of(h.holder) {
            h.holder = Holder::Person(p);
        }
    }
    holdings
}

/// The holdings into company `c` that UBO-1 follows: [`holdings`] with nominees passed through.
pub fn edges_into(ctx: &Ctx, c: u64) -> Vec<Holding> {
    pass_through(holdings(ctx, c), |h| match h {
        Holder::Person(p) => principal_of(ctx, p),
        Holder::Company(_) => None,
    })
}

/// Effective ownership of every person with a path into `target`: Σ over simple paths person → … →
/// target of the product of direct holdings, given the holdings into any company. Exact integer
/// arithmetic; each person's total is rounded once, half-even, to 1/10,000 of a percent. Cycle-safe (no
/// company repeats on a path) and bounded to [`MAX_PATH_EDGES`] edges. Persons in row order.
pub fn effective_ownership(
    target: u64,
    mut edges_into: impl FnMut(u64) -> Vec<Holding>,
) -> Vec<(u64, u64)> {
    // Exact numerators over the common denominator 10,000^MAX_PATH_EDGES (fractions of the whole).
    let mut totals: BTreeMap<u64, u128> = BTreeMap::new();
    let mut path = vec![target];
    walk(target, 1, &mut path, &mut edges_into, &mut totals);
    // fraction × 100 % × 10,000 = value in 1/10,000 %: numerator / 10,000^D × 10^6 = numerator / 10^(4D − 6).
    let divisor = 10u128.pow(4 * MAX_PATH_EDGES as u32 - 6);
    totals
        .into_iter()
        .map(|(person, numerator)| (person, div_round_half_even(numerator, divisor) as u64))
        .collect()
}

/// Depth-first over the holdings into `company`; `product` is the path's product of hundredths so far.
fn walk(
    company: u64,
    product: u128,
    path: &mut Vec<u64>,
    edges_into: &mut impl FnMut(u64) -> Vec<Holding>,
    totals: &mut BTreeMap<u64, u128>,
) {
    let depth = path.len(); // edges on the path once one more holding is taken
    for holding in edges_into(company) {
        if holding.hundredths == 0 {
            continue;
        }
        let next = product * holding.hundredths as u128;
        match holding.holder {
            Holder::Person(person) => {
                let scale = 10_000u128.pow((MAX_PATH_EDGES - depth) as u32);
                let total = totals.entry(person).or_insert(0);
                *total = total.saturating_add(next * scale);
            }
            Holder::Company(owner) => {
                if depth < MAX_PATH_EDGES && !path.contains(&owner) {
                    path.push(owner);
                    walk(owner, next, path, edges_into, totals);
                    path.pop();
                }
            }
        }
    }
}

fn div_round_half_even(numerator: u128, divisor: u128) -> u128 {
    let (q, r) = (numerator / divisor, numerator % divisor);
    match (2 * r).cmp(&divisor) {
        std::cmp::Ordering::Less => q,
        std::cmp::Ordering::Greater => q + 1,
        std::cmp::Ordering::Equal => q + (q & 1),
    }
}

/// Persons whose effective ownership of `target` is at least `threshold_ten_thousandths`, in person row
/// order (UBO-1 over any holdings function).
pub fn beneficial_owners_with(
    target: u64,
    threshold_ten_thousandths: u64,
    edges_into: impl FnMut(u64) -> Vec<Holding>,
) -> Vec<BeneficialOwner> {
    effective_ownership(target, edges_into)
        .into_iter()
        .filter(|&(_, effective)| effective >= threshold_ten_thousandths)
        .map(|(person, effective)| BeneficialOwner {
            person,
            effective_ten_thousandths: effective,
        })
        .collect()
}

/// The UBO threshold of the configuration in 1/10,000 of a percent (25 % → 250,000).
pub fn ubo_threshold(ctx: &Ctx) -> u64 {
    libm::round(ctx.params.relationships.ubo_threshold_percent * 10_000.0).max(0.0) as u64
}

/// Beneficial owners of company `c` (UBO-1), in person row order.
pub fn beneficial_owners(ctx: &Ctx, c: u64) -> Vec<BeneficialOwner> {
    beneficial_owners_with(c, ubo_threshold(ctx), |k| edges_into(ctx, k))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(persons: u64, companies: u64) -> Ctx {
        crate::generators::test_ctx(7, persons, companies, 0, 365)
    }

    fn person(p: u64, pct_hundredths: u32) -> Holding {
        Holding {
            holder: Holder::Person(p),
            hundredths: pct_hundredths,
            since: 0,
        }
    }

    fn company(c: u64, pct_hundredths: u32) -> Holding {
        Holding {
            holder: Holder::Company(c),
            hundredths: pct_hundredths,
            since: 0,
        }
    }

    /// Edges from a hand-built table of (owned company, holding).
    fn table(edges: &[(u64, Holding)]) -> impl FnMut(u64) -> Vec<Holding> + '_ {
        move |c| {
            edges
                .iter()
                .filter(|(owned, _)| *owned == c)
                .map(|&(_, h)| h)
                .collect()
        }
    }

    const QUARTER: u64 = 250_000;

    #[test]
    fn ubo_direct_and_chained_holdings() {
        // Company 0: person 1 holds 30 % directly, person 2 holds 20 %.
        let direct = [(0, person(1, 3_000)), (0, person(2, 2_000))];
        let owners = beneficial_owners_with(0, QUARTER, table(&direct));
        assert_eq!(
            owners,
            vec![BeneficialOwner {
                person: 1,
                effective_ten_thousandths: 300_000
            }]
        );

        // 50 % × 50 % = 25 % exactly: a beneficial owner.
        let chain = [(0, company(10, 5_000)), (10, person(3, 5_000))];
        let owners = beneficial_owners_with(0, QUARTER, table(&chain));
        assert_eq!(owners.len(), 1);
        assert_eq!(owners[0].effective_ten_thousandths, QUARTER);

        // 49 % × 50 % = 24.5 %: not one.
        let chain = [(0, company(10, 4_900)), (10, person(3, 5_000))];
        assert!(beneficial_owners_with(0, QUARTER, table(&chain)).is_empty());
        assert_eq!(effective_ownership(0, table(&chain)), vec![(3, 245_000)]);
    }

    #[test]
    fn ubo_sums_paths_and_survives_cycles() {
        // Person 5: 15 % directly + 40 % × 30 % = 27 % through company 11.
        let two_paths = [
            (0, person(5, 1_500)),
            (0, company(11, 4_000)),
            (11, person(5, 3_000)),
        ];
        let owners = beneficial_owners_with(0, QUARTER, table(&two_paths));
        assert_eq!(owners.len(), 1);
        assert_eq!(owners[0].effective_ten_thousandths, 270_000);

        // A cycle 0 ← 1 ← 2 ← 0 with a person at the end of it: terminates, counts simple paths only.
        let cycle = [
            (0, company(1, 6_000)),
            (1, company(2, 6_000)),
            (2, company(0, 6_000)),
            (2, person(9, 8_000)),
        ];
        // Only path 9 → 2 → 1 → 0: 80 % × 60 % × 60 % = 28.8 %.
        assert_eq!(effective_ownership(0, table(&cycle)), vec![(9, 288_000)]);

        // Rounding happens once, half-even: 33.33 % × 33.33 % × 33.33 % = 3.70259...%.
        let thirds = [
            (0, company(1, 3_333)),
            (1, company(2, 3_333)),
            (2, person(4, 3_333)),
        ];
        let exact = 3_333u128.pow(3); // over 10,000^3, ×10^6 for dec(4) percent
        let expected = div_round_half_even(exact * 1_000_000, 10_000u128.pow(3)) as u64;
        assert_eq!(effective_ownership(0, table(&thirds)), vec![(4, expected)]);
        assert_eq!(div_round_half_even(5, 2), 2);
        assert_eq!(div_round_half_even(7, 2), 4);
    }

    #[test]
    fn links_stay_in_range_and_holdings_sum_to_at_most_whole() {
        let ctx = ctx(3_000, 600);
        let (persons, companies) = (3_000, 600);
        let mut with_founder = 0;
        let mut public = 0;
        let (mut with_company_holder, mut private_outside_groups) = (0u32, 0u32);
        for c in 0..companies {
            let officers = officers(&ctx, c);
            assert!((1..=5).contains(&officers.len()), "{}", officers.len());
            let core = company::core(&ctx, c);
            for o in &officers {
                assert!(o.person < persons);
                assert!(o.appointment_date >= core.registration_date);
                assert!(o.appointment_date <= ctx.window.as_of_date);
                if let Some(r) = o.resignation_date {
                    assert!(r > o.appointment_date && r <= ctx.window.as_of_date);
                }
            }
            let holdings = shareholders(&ctx, c);
            let total: u32 = holdings.iter().map(|h| h.hundredths).sum();
            assert!(total <= WHOLE, "company {c}: {total}");
            let mut holders: Vec<Holder> = holdings.iter().map(|h| h.holder).collect();
            holders.sort();
            holders.dedup();
            assert_eq!(holders.len(), holdings.len(), "company {c}: a holder twice");
            let company_holders = holdings
                .iter()
                .filter(|h| matches!(h.holder, Holder::Company(_)))
                .count();
            for h in &holdings {
                assert!(h.hundredths > 0);
                match h.holder {
                    Holder::Person(p) => assert!(p < persons),
                    Holder::Company(k) => {
                        assert!(k < companies && k != c);
                        // The group parent; outside a group, a corporate investor and a holding
                        // company.
                        match ctx.layout.parent_company(c) {
                            Some(parent) => assert_eq!(parent, k),
                            None => assert!(company_holders <= 2),
                        }
                    }
                }
                if let Some(o) = officers
                    .iter()
                    .find(|o| Holder::Person(o.person) == h.holder)
                {
                    assert_eq!(o.ownership_hundredths, Some(h.hundredths));
                }
            }
            if core.is_public {
                public += 1;
                let founders = holdings
                    .iter()
                    .filter(|h| matches!(h.holder, Holder::Person(_)))
                    .count();
                with_founder += founders;
                assert!(founders <= 1);
            } else {
                assert!(!holdings.is_empty());
                assert!((1..=5).contains(&holdings.len()));
                if ctx.layout.parent_company(c).is_none() {
                    private_outside_groups += 1;
                    with_company_holder += (company_holders > 0) as u32;
                }
            }
            for owner in beneficial_owners(&ctx, c) {
                assert!(owner.person < persons);
                assert!(owner.effective_ten_thousandths >= QUARTER);
            }
        }
        assert!(public > 30 && with_founder > 0 && with_founder < public);
        // A corporate investor (0.25) or a holding company (0.5 of them, each holding all of the
        // rest half of the time and a majority otherwise): 1 − 0.75 × 0.5 = 0.625.
        let share = with_company_holder as f64 / private_outside_groups as f64;
        assert!(
            (0.55..0.70).contains(&share),
            "{with_company_holder} of {private_outside_groups}"
        );
    }

    #[test]
    fn background_nominees_hold_for_their_principal_and_pass_through() {
        let ctx = ctx(5_000, 2_000);
        let mut nominated = 0u32;
        let mut private_outside_groups = 0u32;
        let mut passed_through = 0u32;
        for c in 0..2_000 {
            let core = company::core(&ctx, c);
            if core.is_public || ctx.layout.parent_company(c).is_some() {
                continue;
            }
            private_outside_groups += 1;
            let owners = beneficial_owners(&ctx, c);
            let nominees: Vec<Holding> = shareholders(&ctx, c)
                .into_iter()
                .filter(|h| matches!(h.holder, Holder::Person(p) if ctx.nominees.contains(p)))
                .collect();
            nominated += !nominees.is_empty() as u32;
            for h in nominees {
                let Holder::Person(n) = h.holder else {
                    unreachable!()
                };
                let principal =
                    nominee_principal(&ctx, n).expect("a drawn nominee has a principal");
                assert!(principal != n && !ctx.nominees.contains(principal));
                assert_eq!(principal_of(&ctx, n), Some(principal));
                // The nominee's stake is the principal's, never the nominee's own.
                assert!(owners.iter().all(|o| o.person != n));
                if h.hundredths >= 2_500 {
                    assert!(owners.iter().any(|o| o.person == principal));
                    passed_through += 1;
                }
            }
        }
        // nominee_holding_probability = 0.05 of the private companies outside a group, plus pool
        // members drawn as ordinary owners (the pool is 2 % of the persons here; their holdings pass
        // through all the same).
        let share = nominated as f64 / private_outside_groups as f64;
        assert!(
            (0.03..0.12).contains(&share),
            "{nominated} of {private_outside_groups}"
        );
        assert!(passed_through > 0);
        // Persons outside the pool hold for nobody.
        assert!((0..5_000).all(|p| ctx.nominees.contains(p) || principal_of(&ctx, p).is_none()));
    }

    #[test]
    fn subsidiaries_are_owned_by_their_parent_and_its_owners_look_through() {
        let ctx = ctx(3_000, 2_000);
        let mut checked = 0;
        for c in 0..2_000 {
            let Some(parent) = ctx.layout.parent_company(c) else {
                continue;
            };
            let holdings = shareholders(&ctx, c);
            let Some(via) = holdings
                .iter()
                .find(|h| h.holder == Holder::Company(parent))
            else {
                panic!("subsidiary {c} not held by its parent");
            };
            // Every person holding ≥ 50 % of the parent, while the parent holds ≥ 50 % of c, is a UBO of c.
            if via.hundredths >= 5_000 {
                for h in shareholders(&ctx, parent) {
                    if let Holder::Person(p) = h.holder
                        && h.hundredths >= 5_000
                    {
                        assert!(beneficial_owners(&ctx, c).iter().any(|o| o.person == p));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 0);
    }

    #[test]
    fn employment_rate_ranges_and_colleagues() {
        let ctx = ctx(5_000, 1_000);
        let mut employed = 0;
        let mut per_company = vec![0u64; 1_000];
        for p in 0..5_000 {
            if let Some(c) = employer_of(&ctx, p) {
                assert!(c < 1_000);
                assert!(!ctx.layout.is_shell(c));
                employed += 1;
                per_company[c as usize] += 1;
                let colleagues = colleagues(&ctx, p);
                assert!(colleagues.len() <= ctx.params.relationships.max_colleagues as usize);
                for q in colleagues {
                    assert_ne!(q, p);
                    assert_eq!(employer_of(&ctx, q), Some(c));
                    // Reported once: q does not report p back.
                    assert!(!super::colleagues(&ctx, q).contains(&p));
                }
            } else {
                assert!(colleagues(&ctx, p).is_empty());
            }
        }
        assert_eq!(employed, 3_250);
        for c in 0..1_000u64 {
            let staff = employees_of(&ctx, c);
            assert_eq!(staff.len() as u64, per_company[c as usize]);
            assert!(staff.iter().all(|&p| employer_of(&ctx, p) == Some(c)));
        }
        // Bigger companies get more employees: the top headcount decile averages more staff.
        let mut by_size: Vec<(u64, u64)> = (0..1_000u64)
            .filter(|&c| !ctx.layout.is_shell(c))
            .map(|c| (company::size(&ctx, c).1, per_company[c as usize]))
            .collect();
        by_size.sort();
        let n = by_size.len();
        let mean = |s: &[(u64, u64)]| s.iter().map(|x| x.1).sum::<u64>() as f64 / s.len() as f64;
        assert!(mean(&by_size[n * 9 / 10..]) > 2.0 * mean(&by_size[..n / 10]));
    }

    #[test]
    fn links_are_deterministic() {
        let (a, b) = (ctx(500, 100), ctx(500, 100));
        for c in 0..100 {
            assert_eq!(shareholders(&a, c), shareholders(&b, c));
            assert_eq!(beneficial_owners(&a, c), beneficial_owners(&b, c));
            let (oa, ob) = (officers(&a, c), officers(&b, c));
            assert_eq!(
                oa.iter().map(|o| (o.person, o.role)).collect::<Vec<_>>(),
                ob.iter().map(|o| (o.person, o.role)).collect::<Vec<_>>()
            );
        }
    }
}
