//! Person generator (SPEC §7.1). `core` holds the attributes other generators need (cheap, from the
//! household block and the `person.core` stream); `record` builds the full record.

use super::Ctx;
use crate::layout::HouseholdBlock;
use crate::model::common::RiskLevel;
use crate::refdata::{self, CountryId};
use crate::time::{Date, add_years};

/// Attributes of a person that other entities depend on.
#[derive(Clone, Copy, Debug)]
pub struct PersonCore {
    pub index: u64,
    /// Residence country.
    pub country: CountryId,
    pub nationality: CountryId,
    pub female: bool,
    pub date_of_birth: Date,
    pub age: i32,
    pub is_pep: bool,
    pub is_sanctioned: bool,
    pub risk_level: RiskLevel,
    /// Household block and position (see [`crate::layout::Layout::household_block`]).
    pub block: u64,
    pub position: u8,
    pub household: HouseholdBlock,
}

pub fn core(ctx: &Ctx, p: u64) -> PersonCore {
    let (block, position, household) = ctx.layout.household_of(p);
    let member = household.members[position as usize];
    let country = ctx.layout.person_country(p);
    let mut rng = ctx.rng("person.core", p);
    let nationality = if rng.chance(ctx.params.persons.foreign_nationality_probability) {
        rng.index(refdata::COUNTRIES.len()) as CountryId
    } else {
        country
    };
    let as_of = ctx.window.as_of_date;
    let latest = add_years(as_of, -(member.age as i32));
    let earliest = add_years(as_of, -(member.age as i32 + 1)) + 1;
    let date_of_birth = rng.between(earliest as i64, latest as i64) as Date;
    let is_pep = ctx.layout.pep.contains(p);
    let is_sanctioned = ctx.layout.sanctioned_persons.contains(p);
    let risk_level = if is_sanctioned {
        RiskLevel::Critical
    } else {
        RiskLevel::Low
    };
    PersonCore {
        index: p,
        country,
        nationality,
        female: member.female,
        date_of_birth,
        age: member.age as i32,
        is_pep,
        is_sanctioned,
        risk_level,
        block,
        position,
        household,
    }
}
pub fn record(ctx: &Ctx, p: u64) -> crate::model::person::Person {
    crate::model::person::Person {
        id: ctx.person_id(p),
    }
}
