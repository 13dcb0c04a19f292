//! The full company record (SPEC §7.2): [`super::company`]'s core attributes, then names, identifiers,
//! addresses, listing, financials and the officers of [`super::links`]. Apart from `company` because
//! the officers read company facts: the record sits above both.

use super::Ctx;
use super::company::{
    DESCRIPTIONS, OFFICE_COUNT_WEIGHTS, SHELL_DESCRIPTION, address, core, listing, name_stem,
    operating_countries, revenue_per_employee_usd, sub_industries, whole_units_in,
};
use super::links;
use crate::core::time::midnight;
use crate::model::common::SanctionList;
use crate::model::company::{Company, CompanyOfficer, OfficeType};
use crate::model::record::Decimal;
use crate::population::layout::Owner;
use crate::refdata::{self, COUNTRIES, CountryId};

/// The complete company record of SPEC §7.2.
pub fn record(ctx: &Ctx, c: u64) -> Company {
    let core = core(ctx, c);
    let home = refdata::country(core.country);
    let currency = refdata::currency(core.currency);
    let mut rng = ctx.rng("company.record", c);

    let trading_name = rng
        .chance(ctx.params.companies.trading_name_probability)
        .then(|| name_stem(&mut rng, home.locale, core.industry));
    let subs = sub_industries(core.industry);
    let sub_industry = (!subs.is_empty()).then(|| *rng.pick(subs));
    let registration_number = crate::ident::national::registration_number(home, &mut rng);
    let tax_id = crate::ident::national::company_tax_id(home, &mut rng);
    let lei_code = (core.is_public || rng.chance(ctx.params.companies.lei_probability))
        .then(|| crate::ident::lei::make(ctx.seed, c));

    let operating = operating_countries(ctx, c);
    let mut addresses = vec![address(&mut rng, home, OfficeType::Headquarters)];
    for _ in 0..rng.weighted(&OFFICE_COUNT_WEIGHTS) {
        let country = refdata::country(*rng.pick(&operating));
        let office_type = *rng.pick(&[
            OfficeType::Branch,
            OfficeType::Subsidiary,
            OfficeType::Regional,
        ]);
        addresses.push(address(&mut rng, country, office_type));
    }

    let officers = links::officers(ctx, c)
        .into_iter()
        .map(|o| CompanyOfficer {
            person_id: ctx.person_id(o.person),
            role: o.role,
            appointment_date: o.appointment_date,
            resignation_date: o.resignation_date,
            is_active: o.is_active(),
            ownership_percentage: o.ownership_hundredths.map(|h| Decimal::new(h as i64, 2)),
        })
        .collect();

    // Revenue: headcount × industry revenue per employee × log-normal noise (median 1, σ 0.5).
    let revenue_usd = core.employee_count.max(1) as f64
        * revenue_per_employee_usd(core.industry)
        * rng.log_normal(1.0, 0.5);
    let annual_revenue = whole_units_in(core.currency, revenue_usd);
    let market_cap = core
        .is_public
        .then(|| whole_units_in(core.currency, revenue_usd * rng.uniform(1.0, 10.0)));
    let (stock_ticker, stock_exchange) = match listing(ctx, c) {
        Some((ticker, exchange)) => (Some(ticker), Some(exchange)),
        None => (None, None),
    };

    let sanction_lists = if core.is_sanctioned {
        let count = 1 + rng.weighted(&[60, 30, 10]);
        let mut lists: Vec<SanctionList> = SanctionList::ALL.to_vec();
        for i in 0..count {
            let j = i + rng.index(lists.len() - i);
            lists.swap(i, j);
        }
        lists.truncate(count);
        lists.sort();
        lists
    } else {
        Vec::new()
    };

    let (website, phone, email) = if core.is_shell {
        (None, None, None)
    } else {
        let mut slug = crate::ident::email::slug(&core.legal_name);
        if slug.is_empty() {
            // Names with no ASCII folding: a neutral word plus digits.
            slug = format!("company{}", rng.between(1_000, 999_999));
        }
        (
            Some(format!("https://www.{slug}.example")),
            Some(crate::ident::phone::make(home, false, &mut rng)),
            Some(crate::ident::email::company(&slug)),
        )
    };
    let business_description = Some(if core.is_shell {
        SHELL_DESCRIPTION
    } else {
        DESCRIPTIONS[core.industry as usize]
    });

    let tax_havens: Vec<&'static str> = COUNTRIES
        .iter()
        .enumerate()
        .filter(|(k, country)| country.tax_haven && operating.contains(&(*k as CountryId)))
        .map(|(_, country)| country.code)
        .collect();

    let created_at = ctx
        .layout
        .accounts_of(Owner::Company(c))
        .next()
        .map(|a| super::account::opened_at(ctx, a))
        .unwrap_or_else(|| midnight(core.registration_date));

    Company {
        id: ctx.company_id(c),
        created_at,
        updated_at: ctx.window.end,
        legal_name: core.legal_name,
        trading_name,
        company_type: core.company_type,
        industry: core.industry,
        sub_industry,
        registration_number,
        registration_country: home.code,
        registration_date: core.registration_date,
        tax_id,
        lei_code,
        currency: currency.code,
        addresses,
        parent_company_id: ctx.layout.parent_company(c).map(|p| ctx.company_id(p)),
        subsidiary_ids: ctx
            .layout
            .subsidiaries(c)
            .into_iter()
            .map(|s| ctx.company_id(s))
            .collect(),
        officers,
        annual_revenue: Some(annual_revenue),
        employee_count: Some(core.employee_count as i64),
        market_cap,
        is_public: core.is_public,
        stock_ticker,
        stock_exchange,
        risk_level: core.risk_level,
        is_sanctioned: core.is_sanctioned,
        sanction_lists,
        is_shell_company: core.is_shell,
        website,
        phone,
        email,
        business_description,
        operating_countries: operating
            .iter()
            .map(|&k| refdata::country(k).code)
            .collect(),
        tax_havens,
    }
}
