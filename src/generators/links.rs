//! Links between entities that several generators must agree on (SPEC §5.2, §7.10): employment and
//! colleagues, company officers, shareholdings and the beneficial owners computed from them (UBO-1).
//! Each is a pure function of the layout and its own streams, so a person, an account and a
//! relationship computed in different processes always see the same links.

use super::Ctx;
use crate::time::Date;

crate::label_enum! {
    /// Officer roles of SPEC §7.2.
    pub enum OfficerRole {
        Director => "director",
        ChiefExecutive => "chief_executive",
        ChiefFinancial => "chief_financial",
        Secretary => "secretary",
        Chair => "chair",
    }
}

/// One officer of a company.
#[derive(Clone, Copy, Debug)]
pub struct Officer {
    pub person: u64,
    pub role: OfficerRole,
    pub appointment_date: Date,
    pub resignation_date: Option<Date>,
    /// Ownership in hundredths of a percent, when the officer also holds shares.
    pub ownership_hundredths: Option<u32>,
}

/// Who holds a shareholding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Person(u64),
    Company(u64),
}

/// A direct holding in a company, in hundredths of a percent (Σ per company ≤ 10,000).
#[derive(Clone, Copy, Debug)]
pub struct Holding {
    pub holder: Holder,
    pub hundredths: u32,
    pub since: Date,
}

/// A beneficial owner: a person whose effective ownership is at least the threshold.
#[derive(Clone, Copy, Debug)]
pub struct BeneficialOwner {
    pub person: u64,
    /// Effective ownership in 1/10,000 of a percent (dec(4)), rounded once.
    pub effective_ten_thousandths: u64,
}

/// Current employer (company row) of person `p`, if employed.
pub fn employer_of(ctx: &Ctx, p: u64) -> Option<u64> {
    let companies = ctx.layout.params.companies;
    let mut rng = ctx.rng("links.employment", p);
    (companies > 0 && rng.chance(ctx.params.persons.employment_rate)).then(|| rng.below(companies))
}

/// Colleagues of `p` to which `p` owns a `colleague` edge (each pair is reported by one side only).
pub fn colleagues(_ctx: &Ctx, _p: u64) -> Vec<u64> {
    Vec::new()
}

/// Officers of company `c` (1–5), in role order.
pub fn officers(ctx: &Ctx, c: u64) -> Vec<Officer> {
    let persons = ctx.layout.params.persons;
    if persons == 0 {
        return Vec::new();
    }
    let mut rng = ctx.rng("links.officers", c);
    vec![Officer {
        person: rng.below(persons),
        role: OfficerRole::Director,
        appointment_date: ctx.window.as_of_date - 365,
        resignation_date: None,
        ownership_hundredths: None,
    }]
}

/// Direct shareholders of company `c`.
pub fn shareholders(_ctx: &Ctx, _c: u64) -> Vec<Holding> {
    Vec::new()
}

/// Beneficial owners of company `c` (UBO-1), in person row order.
pub fn beneficial_owners(_ctx: &Ctx, _c: u64) -> Vec<BeneficialOwner> {
    Vec::new()
}
