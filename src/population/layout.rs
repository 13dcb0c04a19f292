//! Population layout (SPEC §5.2): what makes "compute any entity from its index" possible.
//!
//! Persons and companies live in a slot space cut into contiguous per-country blocks; a keyed
//! permutation maps file rows to slots, so the file shows no grouping while "a random person of country C"
//! stays O(1). Person slots form blocks of four that are split into households; company slots form blocks
//! of eight that may hold one group. Accounts belong to owners by arithmetic progressions, and role pools
//! are prefixes of keyed permutations. Everything here is O(countries) memory, plus one boundary per
//! company for employment ranges.

use crate::core::sample::apportion;
use crate::core::seed::{Permutation, StreamKey};
use crate::refdata::{self, COUNTRIES, CountryId};

/// The knobs the layout needs, taken from the resolved configuration.
#[derive(Clone, Debug)]
pub struct LayoutParams {
    pub seed: u64,
    pub persons: u64,
    pub companies: u64,
    pub accounts: u64,
    pub core_country_share: f64,
    pub pep_share: f64,
    pub sanctioned_person_share: f64,
    pub sanctioned_company_share: f64,
    pub mule_candidate_share: f64,
    pub criminal_share: f64,
    pub public_share: f64,
    pub shell_share: f64,
    pub shell_haven_share: f64,
    pub group_share: f64,
    pub company_account_share: f64,
}

/// A role pool: the first `size` positions of a keyed permutation hold the role.
#[derive(Clone, Copy, Debug)]
pub struct Pool {
    perm: Permutation,
    size: u64,
}

impl Pool {
    fn new(seed: u64, stream: &str, n: u64, share: f64) -> Pool {
        Pool::sized(seed, stream, n, ((n as f64) * share).round() as u64)
    }

    /// A pool of `size` holders (at most `n`) among `n` entities.
    pub(crate) fn sized(seed: u64, stream: &str, n: u64, size: u64) -> Pool {
        Pool {
            perm: Permutation::new(seed, stream, n),
            size: size.min(n),
        }
    }

    /// Whether entity `index` holds the role. O(1).
    #[inline]
    pub fn contains(&self, index: u64) -> bool {
        self.ordinal(index).is_some()
    }

    /// Position of entity `index` among the holders (the `k < size` with `holder(k) == index`), or
    /// `None` when it does not hold the role (or is out of range). O(1).
    #[inline]
    pub fn ordinal(&self, index: u64) -> Option<u64> {
        if self.size == 0 || index >= self.perm.len() {
            return None;
        }
        Some(self.perm.invert(index)).filter(|&k| k < self.size)
    }

    /// The k-th holder (k < size).
    #[inline]
    pub fn holder(&self, k: u64) -> u64 {
        self.perm.apply(k)
    }

    pub fn size(&self) -> u64 {
        self.size
    }
}

/// Household roles inside a block of four person slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HouseholdRole {
    /// Lives alone.
    #[default]
    Single,
    /// First adult of a family household.
    Head,
    /// The head's spouse (married).
    Spouse,
    /// An adult child of the head (and of the spouse, if any).
    Child,
    /// A member of an unrelated flat-share.
    Flatmate,
}

/// One person slot's place in its household, decided by the block's RNG so members agree.
#[derive(Clone, Copy, Debug, Default)]
pub struct Member {
    /// Household number inside the block (0..4); members sharing it share address and devices.
    pub household: u8,
    pub role: HouseholdRole,
    pub female: bool,
    /// Age in completed years at the as-of date.
    pub age: u8,
    /// Draw that selects the family name (shared by a family, own for flatmates and singles).
    pub surname_draw: u64,
    /// Draw for the shared primary address of the household.
    pub address_draw: u64,
}

/// The households of one block of four person slots.
#[derive(Clone, Copy, Debug, Default)]
pub struct HouseholdBlock {
    /// Number of real slots in the block (the last block may be partial).
    pub len: u8,
    pub members: [Member; 4],
}

impl HouseholdBlock {
    /// Positions (0..len) of the members of household `h`.
    pub fn household_positions(&self, h: u8) -> impl Iterator<Item = u8> + '_ {
        (0..self.len).filter(move |&p| self.members[p as usize].household == h)
    }

    /// Position of the spouse of the member at `pos`, if married.
    pub fn spouse_of(&self, pos: u8) -> Option<u8> {
        let m = self.members[pos as usize];
        let wanted = match m.role {
            HouseholdRole::Head => HouseholdRole::Spouse,
            HouseholdRole::Spouse => HouseholdRole::Head,
            _ => return None,
        };
        self.household_positions(m.household)
            .find(|&p| self.members[p as usize].role == wanted)
    }

    /// Positions of the parents of the member at `pos` (head and spouse of a family with children).
    pub fn parents_of(&self, pos: u8) -> impl Iterator<Item = u8> + '_ {
        let m = self.members[pos as usize];
        let is_child = m.role == HouseholdRole::Child;
        self.household_positions(m.household).filter(move |&p| {
            is_child
                && matches!(
                    self.members[p as usize].role,
                    HouseholdRole::Head | HouseholdRole::Spouse
                )
        })
    }

    /// Positions of the siblings of the member at `pos`.
    pub fn siblings_of(&self, pos: u8) -> impl Iterator<Item = u8> + '_ {
        let m = self.members[pos as usize];
        let is_child = m.role == HouseholdRole::Child;
        self.household_positions(m.household).filter(move |&p| {
            is_child && p != pos && self.members[p as usize].role == HouseholdRole::Child
        })
    }

    /// Positions of the other members of the household of `pos`.
    pub fn housemates_of(&self, pos: u8) -> impl Iterator<Item = u8> + '_ {
        let h = self.members[pos as usize].household;
        self.household_positions(h).filter(move |&p| p != pos)
    }
}

/// The company group (if any) of one block of eight company slots.
#[derive(Clone, Copy, Debug, Default)]
pub struct GroupBlock {
    /// Number of slots in the group, 0 when the block has no group; the group occupies positions
    /// `0..size` of the block, position 0 being the parent.
    pub size: u8,
}

/// Account classes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    Person(u64),
    Company(u64),
}

/// The layout of one dataset.
#[derive(Clone, Debug)]
pub struct Layout {
    pub params: LayoutParams,
    person_rows: Permutation,
    company_rows: Permutation,
    account_rows: Permutation,
    /// `person_block_start[c]` = first household block of country c; the last entry is the block count.
    person_block_start: Vec<u64>,
    /// `company_slot_start[c]` = first company slot of country c; the last entry is the company count.
    company_slot_start: Vec<u64>,
    person_account_owner_order: Permutation,
    company_account_owner_order: Permutation,
    pub person_accounts: u64,
    pub company_accounts: u64,
    pub pep: Pool,
    pub sanctioned_persons: Pool,
    pub sanctioned_companies: Pool,
    pub mule_candidates: Pool,
    pub criminals: Pool,
    pub public_companies: Pool,
    /// Shells among haven company slots (ordinal among haven slots).
    haven_shells: Pool,
    /// Shells among non-haven company slots (ordinal among non-haven slots).
    other_shells: Pool,
    /// Per country, the ordinal of its first company slot among the slots of its kind (haven or not).
    shell_ordinal_start: Vec<u64>,
    household_key: StreamKey,
    group_key: StreamKey,
}

const PARTITIONS: [(&[u8], u32); 5] = [
    (&[1, 1, 1, 1], 25),
    (&[2, 1, 1], 30),
    (&[2, 2], 20),
    (&[3, 1], 15),
    (&[4], 10),
];

impl Layout {
    pub fn new(params: LayoutParams) -> Layout {
        let seed = params.seed;
        let weights = refdata::countries::residence_weights(params.core_country_share);
        let blocks = params.persons.div_ceil(4);
        let person_block_start = prefix_starts(&apportion(blocks, &weights));
        let company_slot_start =
            prefix_starts(&apportion(params.companies, &company_weights(&weights)));
        let company_accounts = if params.persons == 0 {
            params.accounts
        } else if params.companies == 0 {
            0
        } else {
            ((params.accounts as f64) * params.company_account_share).round() as u64
        };
        let person_accounts = params.accounts - company_accounts;
        let (haven_slots, other_slots) = haven_split(&company_slot_start, params.companies);
        let shells = ((params.companies as f64) * params.shell_share).round() as u64;
        let haven_shell_count =
            (((shells as f64) * params.shell_haven_share).round() as u64).min(haven_slots);
        let other_shell_count = (shells - haven_shell_count).min(other_slots);
        let shell_ordinal_start = shell_ordinal_starts(&company_slot_start);
        Layout {
            person_rows: Permutation::new(seed, "layout.person_rows", params.persons),
            company_rows: Permutation::new(seed, "layout.company_rows", params.companies),
            account_rows: Permutation::new(seed, "layout.account_rows", params.accounts),
            person_block_start,
            company_slot_start,
            person_account_owner_order: Permutation::new(
                seed,
                "layout.person_account_owners",
                params.persons,
            ),
            company_account_owner_order: Permutation::new(
                seed,
                "layout.company_account_owners",
                params.companies,
            ),
            person_accounts,
            company_accounts,
            pep: Pool::new(seed, "pool.pep", params.persons, params.pep_share),
            sanctioned_persons: Pool::new(
                seed,
                "pool.sanctioned_person",
                params.persons,
                params.sanctioned_person_share,
            ),
            sanctioned_companies: Pool::new(
                seed,
                "pool.sanctioned_company",
                params.companies,
                params.sanctioned_company_share,
            ),
            mule_candidates: Pool::new(
                seed,
                "pool.mule_candidate",
                params.persons,
                params.mule_candidate_share,
            ),
            criminals: Pool::new(seed, "pool.criminal", params.persons, params.criminal_share),
            public_companies: Pool::new(seed, "pool.public", params.companies, params.public_share),
            haven_shells: Pool {
                perm: Permutation::new(seed, "pool.shell_haven", haven_slots),
                size: haven_shell_count,
            },
            other_shells: Pool {
                perm: Permutation::new(seed, "pool.shell_other", other_slots),
                size: other_shell_count,
            },
            shell_ordinal_start,
            household_key: StreamKey::new(seed, "layout.household"),
            group_key: StreamKey::new(seed, "layout.group"),
            params,
        }
    }

    // ---- persons -------------------------------------------------------------------------------

    /// Slot of person row `p`.
    #[inline]
    pub fn person_slot(&self, p: u64) -> u64 {
        self.person_rows.apply(p)
    }

    /// Person row of slot `s`.
    #[inline]
    pub fn person_at_slot(&self, s: u64) -> u64 {
        self.person_rows.invert(s)
    }

    /// Residence country of person row `p`.
    pub fn person_country(&self, p: u64) -> CountryId {
        country_of(&self.person_block_start, self.person_slot(p) / 4)
    }

    /// Person slots of a country as a half-open range (may be empty).
    pub fn country_person_slots(&self, c: CountryId) -> (u64, u64) {
        let lo = self.person_block_start[c as usize] * 4;
        let hi = (self.person_block_start[c as usize + 1] * 4).min(self.params.persons);
        (lo.min(hi), hi)
    }

    /// The household block of slot block `b`.
    pub fn household_block(&self, b: u64) -> HouseholdBlock {
        let len = (self.params.persons - b * 4).min(4) as u8;
        let mut rng = self.household_key.rng(b);
        let partition = PARTITIONS[rng.weighted(&PARTITIONS.map(|(_, w)| w))].0;
        let mut block = HouseholdBlock {
            len,
            ..Default::default()
        };
        let mut pos = 0u8;
        for (h, &size) in partition.iter().enumerate() {
            let size = size.min(len.saturating_sub(pos));
            if size == 0 {
                break;
            }
            let family_surname = rng.next_u64();
            let address = rng.next_u64();
            let flat_share = size > 1 && rng.chance(0.15);
            // A family of two is a couple 80% of the time, otherwise a parent with an adult child.
            let has_spouse = !flat_share && size >= 2 && (size > 2 || rng.chance(0.8));
            let children = if flat_share || size == 1 {
                0
            } else {
                size - 1 - has_spouse as u8
            };
            let head_age = if children > 0 {
                rng.between(40, 85)
            } else {
                rng.between(18, 85)
            } as u8;
            let head_female = rng.chance(0.5);
            let mut youngest_parent = head_age;
            for k in 0..size {
                let role = if size == 1 {
                    HouseholdRole::Single
                } else if flat_share {
                    HouseholdRole::Flatmate
                } else if k == 0 {
                    HouseholdRole::Head
                } else if has_spouse && k == 1 {
                    HouseholdRole::Spouse
                } else {
                    HouseholdRole::Child
                };
                let (female, age) = match role {
                    HouseholdRole::Head => (head_female, head_age),
                    HouseholdRole::Spouse => {
                        let female = if rng.chance(0.95) {
                            !head_female
                        } else {
                            head_female
                        };
                        let lo = if children > 0 { 38 } else { 18 };
                        let age = (head_age as i64 + rng.between(-5, 5)).clamp(lo, 85) as u8;
                        youngest_parent = youngest_parent.min(age);
                        (female, age)
                    }
                    HouseholdRole::Child => {
                        let gap = rng.between(20, 40);
                        (
                            rng.chance(0.5),
                            (youngest_parent as i64 - gap).clamp(18, youngest_parent as i64 - 18)
                                as u8,
                        )
                    }
                    HouseholdRole::Flatmate => (rng.chance(0.5), rng.between(18, 45) as u8),
                    HouseholdRole::Single => (head_female, head_age),
                };
                let surname_draw =
                    if matches!(role, HouseholdRole::Flatmate | HouseholdRole::Single) {
                        rng.next_u64()
                    } else {
                        family_surname
                    };
                block.members[pos as usize] = Member {
                    household: h as u8,
                    role,
                    female,
                    age,
                    surname_draw,
                    address_draw: address,
                };
                pos += 1;
            }
        }
        block
    }

    /// (block, position in block, household block) of person row `p`.
    pub fn household_of(&self, p: u64) -> (u64, u8, HouseholdBlock) {
        let slot = self.person_slot(p);
        (slot / 4, (slot % 4) as u8, self.household_block(slot / 4))
    }

    /// Person row of position `pos` in block `b`.
    pub fn person_in_block(&self, b: u64, pos: u8) -> u64 {
        self.person_at_slot(b * 4 + pos as u64)
    }

    // ---- companies -----------------------------------------------------------------------------

    #[inline]
    pub fn company_slot(&self, c: u64) -> u64 {
        self.company_rows.apply(c)
    }

    #[inline]
    pub fn company_at_slot(&self, s: u64) -> u64 {
        self.company_rows.invert(s)
    }

    /// Registration country of company row `c`.
    pub fn company_country(&self, c: u64) -> CountryId {
        country_of(&self.company_slot_start, self.company_slot(c))
    }

    /// Company slots of a country as a half-open range (may be empty).
    pub fn country_company_slots(&self, c: CountryId) -> (u64, u64) {
        (
            self.company_slot_start[c as usize],
            self.company_slot_start[c as usize + 1],
        )
    }

    /// The group of block `b` of eight company slots.
    pub fn group_block(&self, b: u64) -> GroupBlock {
        let len = (self.params.companies - b * 8).min(8);
        let mut rng = self.group_key.rng(b);
        let size = rng.between(2, 5) as u64;
        // P(group) is chosen so that the expected share of companies in groups is `group_share`.
        let p = self.params.group_share * 8.0 / 3.5;
        if len >= size && rng.chance(p) {
            GroupBlock { size: size as u8 }
        } else {
            GroupBlock { size: 0 }
        }
    }

    /// Parent company row of company `c`, if it is a subsidiary.
    pub fn parent_company(&self, c: u64) -> Option<u64> {
        let slot = self.company_slot(c);
        let (b, pos) = (slot / 8, slot % 8);
        let g = self.group_block(b);
        (pos > 0 && pos < g.size as u64).then(|| self.company_at_slot(b * 8))
    }

    /// Subsidiary company rows of company `c` (empty unless it is a group parent), in slot order.
    pub fn subsidiaries(&self, c: u64) -> Vec<u64> {
        let slot = self.company_slot(c);
        let (b, pos) = (slot / 8, slot % 8);
        let g = self.group_block(b);
        if pos == 0 && g.size > 0 {
            (1..g.size as u64)
                .map(|k| self.company_at_slot(b * 8 + k))
                .collect()
        } else {
            Vec::new()
        }
    }

    /// Whether company `c` is a shell (2% of companies, most in havens).
    pub fn is_shell(&self, c: u64) -> bool {
        let slot = self.company_slot(c);
        let country = country_of(&self.company_slot_start, slot) as usize;
        let within = slot - self.company_slot_start[country];
        let ordinal = self.shell_ordinal_start[country] + within;
        if COUNTRIES[country].tax_haven {
            self.haven_shells.contains(ordinal)
        } else {
            self.other_shells.contains(ordinal)
        }
    }

    // ---- accounts ------------------------------------------------------------------------------

    /// Owner of account row `a`. Person accounts occupy account slots `0..person_accounts`.
    pub fn account_owner(&self, a: u64) -> Owner {
        let slot = self.account_rows.apply(a);
        if slot < self.person_accounts {
            Owner::Person(
                self.person_account_owner_order
                    .apply(slot % self.params.persons),
            )
        } else {
            let t = slot - self.person_accounts;
            Owner::Company(
                self.company_account_owner_order
                    .apply(t % self.params.companies),
            )
        }
    }

    /// Ordinal of account row `a` among its owner's accounts (0 = the first account).
    pub fn account_ordinal(&self, a: u64) -> u64 {
        let slot = self.account_rows.apply(a);
        if slot < self.person_accounts {
            slot / self.params.persons
        } else {
            (slot - self.person_accounts) / self.params.companies
        }
    }

    /// Account rows of an owner, first account first. O(number of accounts).
    pub fn accounts_of(&self, owner: Owner) -> impl Iterator<Item = u64> + '_ {
        let (start, step, end) = self.account_progression(owner);
        (start..end)
            .step_by(step as usize)
            .map(move |slot| self.account_rows.invert(slot))
    }

    /// Number of accounts an owner has. O(1).
    pub fn account_count(&self, owner: Owner) -> u64 {
        let (start, step, end) = self.account_progression(owner);
        if start >= end {
            0
        } else {
            (end - start - 1) / step + 1
        }
    }

    /// The owner's `k`-th account (0 = the first). O(1).
    pub fn account_at(&self, owner: Owner, k: u64) -> Option<u64> {
        let (start, step, end) = self.account_progression(owner);
        let slot = start + k * step;
        (slot < end).then(|| self.account_rows.invert(slot))
    }

    /// An owner's account slots are the arithmetic progression `start, start + step, … < end`.
    fn account_progression(&self, owner: Owner) -> (u64, u64, u64) {
        let (start, step, end) = match owner {
            Owner::Person(p) => (
                self.person_account_owner_order.invert(p),
                self.params.persons,
                self.person_accounts,
            ),
            Owner::Company(c) => (
                self.person_accounts + self.company_account_owner_order.invert(c),
                self.params.companies,
                self.params.accounts,
            ),
        };
        (start, step.max(1), end)
    }
}

/// Company weights: the residence weights, with havens and financial centres favoured (companies
/// register where incorporation is convenient).
fn company_weights(residence: &[u64]) -> Vec<u64> {
    residence
        .iter()
        .zip(COUNTRIES)
        .map(|(&w, c)| {
            let boost = if c.tax_haven {
                4
            } else if c.financial_centre {
                2
            } else {
                1
            };
            w * boost
                + if c.tax_haven {
                    residence.iter().sum::<u64>() / 400
                } else {
                    0
                }
        })
        .collect()
}

fn prefix_starts(sizes: &[u64]) -> Vec<u64> {
    let mut starts = Vec::with_capacity(sizes.len() + 1);
    let mut acc = 0;
    starts.push(0);
    for &s in sizes {
        acc += s;
        starts.push(acc);
    }
    starts
}

/// Country whose block range holds `unit` (binary search over block starts).
fn country_of(starts: &[u64], unit: u64) -> CountryId {
    (starts.partition_point(|&s| s <= unit) - 1).min(COUNTRIES.len() - 1) as CountryId
}

/// For each country, how many company slots of its kind (haven or not) precede it in table order.
fn shell_ordinal_starts(starts: &[u64]) -> Vec<u64> {
    let (mut haven, mut other) = (0u64, 0u64);
    COUNTRIES
        .iter()
        .enumerate()
        .map(|(k, code)| {
            let size = starts[k + 1] - starts[k];
            let counter = if code.tax_haven {
                &mut haven
            } else {
                &mut other
            };
            let first = *counter;
            *counter += size;
            first
        })
        .collect()
}

fn haven_split(starts: &[u64], total: u64) -> (u64, u64) {
    let havens: u64 = COUNTRIES
        .iter()
        .enumerate()
        .filter(|(_, c)| c.tax_haven)
        .map(|(k, _)| starts[k + 1] - starts[k])
        .sum();
    (havens, total - havens)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn params(persons: u64, companies: u64, accounts: u64) -> LayoutParams {
        LayoutParams {
            seed: 42,
            persons,
            companies,
            accounts,
            core_country_share: 0.7,
            pep_share: 0.01,
            sanctioned_person_share: 0.001,
            sanctioned_company_share: 0.001,
            mule_candidate_share: 0.03,
            criminal_share: 0.005,
            public_share: 0.1,
            shell_share: 0.02,
            shell_haven_share: 0.8,
            group_share: 0.1,
            company_account_share: 0.2,
        }
    }

    #[test]
    fn every_person_has_a_first_account_before_anyone_has_a_second() {
        let layout = Layout::new(params(50, 10, 100));
        assert_eq!(layout.company_accounts, 20);
        let mut per_person = [0u32; 50];
        for a in 0..100 {
            match layout.account_owner(a) {
                Owner::Person(p) => per_person[p as usize] += 1,
                Owner::Company(c) => assert!(c < 10),
            }
        }
        assert!(per_person.iter().all(|n| (1..=2).contains(n)));
        for p in 0..50 {
            let accounts: Vec<u64> = layout.accounts_of(Owner::Person(p)).collect();
            assert_eq!(accounts.len() as u32, per_person[p as usize]);
            for (k, &a) in accounts.iter().enumerate() {
                assert_eq!(layout.account_owner(a), Owner::Person(p));
                assert_eq!(layout.account_ordinal(a), k as u64);
            }
        }
    }

    #[test]
    fn households_are_consistent() {
        let layout = Layout::new(params(4003, 10, 0));
        for b in 0..1001 {
            let block = layout.household_block(b);
            assert_eq!(block.len, if b == 1000 { 3 } else { 4 });
            for pos in 0..block.len {
                if let Some(s) = block.spouse_of(pos) {
                    assert_eq!(block.spouse_of(s), Some(pos));
                }
                for parent in block.parents_of(pos) {
                    let (pa, ca) = (
                        block.members[parent as usize].age,
                        block.members[pos as usize].age,
                    );
                    assert!(pa >= ca + 18, "parent {pa} child {ca}");
                }
                assert!((18..=85).contains(&block.members[pos as usize].age));
            }
        }
    }

    #[test]
    fn groups_are_mutual_and_pools_sized() {
        let layout = Layout::new(params(10_000, 2_000, 100));
        let mut in_groups = 0;
        for c in 0..2_000 {
            for s in layout.subsidiaries(c) {
                assert_eq!(layout.parent_company(s), Some(c));
                in_groups += 1;
            }
            if let Some(p) = layout.parent_company(c) {
                assert!(layout.subsidiaries(p).contains(&c));
            }
        }
        assert!(in_groups > 50, "{in_groups}");
        let peps = (0..10_000).filter(|&p| layout.pep.contains(p)).count();
        assert_eq!(peps, 100);
        // Ordinals are exactly the positions of the holders; non-holders and out-of-range have none.
        let mut seen = vec![false; layout.public_companies.size() as usize];
        for c in 0..2_000 {
            match layout.public_companies.ordinal(c) {
                Some(k) => {
                    assert!(layout.public_companies.contains(c));
                    assert_eq!(layout.public_companies.holder(k), c);
                    assert!(!std::mem::replace(&mut seen[k as usize], true));
                }
                None => assert!(!layout.public_companies.contains(c)),
            }
        }
        assert!(seen.iter().all(|&s| s));
        assert_eq!(seen.len(), 200);
        assert_eq!(layout.public_companies.ordinal(2_000), None);
        let shells = (0..2_000).filter(|&c| layout.is_shell(c)).count();
        assert!((35..=40).contains(&shells), "{shells}");
    }
}
