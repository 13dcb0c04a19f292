//! Company generator (SPEC §7.2). `core` holds the attributes other generators need; `record` builds the
//! full record.

use super::Ctx;
use crate::model::common::{Industry, RiskLevel};
use crate::refdata::{self, CountryId, CurrencyId};
use crate::time::{Date, days_from_civil};

/// Attributes of a company that other entities depend on.
#[derive(Clone, Debug)]
pub struct CompanyCore {
    pub index: u64,
    pub country: CountryId,
    pub currency: CurrencyId,
    pub legal_name: String,
    pub industry: Industry,
    pub registration_date: Date,
    pub is_public: bool,
    pub is_shell: bool,
    pub is_sanctioned: bool,
    pub risk_level: RiskLevel,
}

pub fn core(ctx: &Ctx, c: u64) -> CompanyCore {
    let country = ctx.layout.company_country(c);
    let mut rng = ctx.rng("company.core", c);
    let names = refdata::country(country).locale.last_names();
    let legal_name = format!("{} Ltd", rng.pick(names));
    let industry = Industry::ALL[rng.weighted(&Industry::WEIGHTS)];
    let registration_date = rng.between(
        days_from_civil(1950, 1, 1) as i64,
        ctx.window.as_of_date as i64,
    ) as Date;
    let is_sanctioned = ctx.layout.sanctioned_companies.contains(c);
    CompanyCore {
        index: c,
        country,
        currency: refdata::currency_of(country),
        legal_name,
        industry,
        registration_date,
        is_public: ctx.layout.public_companies.contains(c),
        is_shell: ctx.layout.is_shell(c),
        is_sanctioned,
        risk_level: if is_sanctioned {
            RiskLevel::Critical
        } else {
            RiskLevel::Low
        },
    }
}
pub fn record(ctx: &Ctx, c: u64) -> crate::model::company::Company {
    crate::model::company::Company {
        id: ctx.company_id(c),
    }
}
