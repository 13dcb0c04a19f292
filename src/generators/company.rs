//! Company generator (SPEC §7.2). `core` holds the attributes other generators need (cheap: a few draws,
//! never anything from accounts or links); the full record is built in [`super::company_record`]. The KYC risk rating is
//! calibrated here so that the population lands on 75/18/5/2 % whatever the country table holds.

use super::Ctx;
use crate::core::seed::{Permutation, Rng};
use crate::core::time::{Date, days_from_civil};
use crate::model::common::{Industry, RiskLevel};
use crate::model::company::{CompanyAddress, CompanyType, OfficeType, StockExchange};
use crate::model::record::{Decimal, Label};
use crate::refdata::{self, COUNTRIES, Country, CountryId, CurrencyId, Locale};

/// Attributes of a company that other entities depend on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompanyCore {
    pub index: u64,
    /// Registration country.
    pub country: CountryId,
    pub currency: CurrencyId,
    pub legal_name: String,
    pub company_type: CompanyType,
    /// Nominal headcount (the generated persons employed here are a sample of it).
    pub employee_count: u64,
    pub industry: Industry,
    pub registration_date: Date,
    pub is_public: bool,
    pub is_shell: bool,
    pub is_sanctioned: bool,
    pub risk_level: RiskLevel,
}

pub fn core(ctx: &Ctx, c: u64) -> CompanyCore {
    if let Some(core) = ctx.company_table.get(c) {
        return core;
    }
    thread_local! {
        static CORES: std::cell::RefCell<super::memo::Memo<CompanyCore>> =
            std::cell::RefCell::new(super::memo::Memo::new(12));
    }
    super::memo::cached(&CORES, ctx.run_id, c, || draw_core(ctx, c))
}

/// The core of company row `c`, derived afresh (what the company table is built from).
pub fn derive_core(ctx: &Ctx, c: u64) -> CompanyCore {
    draw_core(ctx, c)
}

fn draw_core(ctx: &Ctx, c: u64) -> CompanyCore {
    let country = ctx.layout.company_country(c);
    let (company_type, employee_count) = size(ctx, c);
    let is_public = ctx.layout.public_companies.contains(c);
    let is_shell = ctx.layout.is_shell(c);
    let is_sanctioned = ctx.layout.sanctioned_companies.contains(c);
    let mut rng = ctx.rng("company.core", c);
    let risk_draw = rng.unit();
    let industry = Industry::ALL[rng.weighted(&Industry::WEIGHTS)];
    let registration_date = rng.between(
        days_from_civil(1950, 1, 1) as i64,
        ctx.window.as_of_date as i64,
    ) as Date;
    let home = refdata::country(country);
    let stem = name_stem(&mut rng, home.locale, industry);
    let legal_name = match legal_suffix(home.code, company_type, is_public) {
        "" => stem,
        suffix => format!("{stem} {suffix}"),
    };
    let risk_level = if is_sanctioned {
        RiskLevel::Critical
    } else {
        let factors = RiskFactors {
            cash_intensive: is_cash_intensive(ctx, industry),
            haven_presence: operating_countries(ctx, c)
                .iter()
                .any(|&k| refdata::country(k).tax_haven),
            at_least_medium: is_shell || home.high_risk,
        };
        ctx.calibration
            .company_risk
            .get_or_init(|| RiskCalibration::of(ctx))
            .level(risk_draw, factors)
    };
    CompanyCore {
        index: c,
        country,
        currency: refdata::currency_of(country),
        legal_name,
        company_type,
        employee_count,
        industry,
        registration_date,
        is_public,
        is_shell,
        is_sanctioned,
        risk_level,
    }
}

/// Company type and nominal headcount, from their own stream so the employment table can read them
/// for every company cheaply. Listed companies are corporations; the others draw the type by the
/// original weights. Headcounts are log-uniform within the original ranges by type (public
/// 1,000–100,000); shells have 0–2.
pub fn size(ctx: &Ctx, c: u64) -> (CompanyType, u64) {
    let mut rng = ctx.rng("company.size", c);
    let drawn = CompanyType::ALL[rng.weighted(&CompanyType::WEIGHTS)];
    let company_type = if ctx.layout.public_companies.contains(c) {
        CompanyType::Corporation
    } else {
        drawn
    };
    let (lo, hi) = if ctx.layout.is_shell(c) {
        return (company_type, rng.below(3));
    } else if ctx.layout.public_companies.contains(c) {
        (1_000.0, 100_000.0)
    } else {
        match company_type {
            CompanyType::SoleProprietorship => (1.0, 10.0),
            CompanyType::Partnership => (2.0, 50.0),
            CompanyType::Llc => (5.0, 500.0),
            _ => (10.0, 5_000.0),
        }
    };
    let headcount = lo * libm::pow(hi / lo, rng.unit());
    (company_type, libm::round(headcount).clamp(lo, hi) as u64)
}

/// Operating countries: the registration country first, then 0–5 distinct others (weights
/// .3/.3/.2/.1/.05/.05) uniformly over the country table, in draw order.
pub fn operating_countries(ctx: &Ctx, c: u64) -> Vec<CountryId> {
    let home = ctx.layout.company_country(c);
    let mut rng = ctx.rng("company.operations", c);
    let extra = rng
        .weighted(&EXTRA_COUNTRY_WEIGHTS)
        .min(COUNTRIES.len() - 1);
    let mut out = vec![home];
    while out.len() < extra + 1 {
        let k = rng.index(COUNTRIES.len()) as CountryId;
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

const EXTRA_COUNTRY_WEIGHTS: [u32; 6] = [30, 30, 20, 10, 5, 5];

fn is_cash_intensive(ctx: &Ctx, industry: Industry) -> bool {
    ctx.params
        .companies
        .cash_intensive_industries
        .iter()
        .any(|label| label == industry.label())
}

// ---- risk (R-10) -------------------------------------------------------------------------------------

/// Target shares of low / medium / high / critical companies.
const RISK_TARGET: [f64; 4] = [0.75, 0.18, 0.05, 0.02];
/// Each raising factor (cash-intensive industry, haven presence) divides the draw by this, i.e.
/// multiplies the odds of every level above low by 1/0.8 = 1.25.
const RAISE: f64 = 0.8;

#[derive(Clone, Copy, Debug)]
struct RiskFactors {
    cash_intensive: bool,
    haven_presence: bool,
    at_least_medium: bool,
}

/// Tail thresholds of the base draw, solved from the expected factor shares of this population, so
/// the marginal shares hit [`RISK_TARGET`] (up to the small correlation between shells and havens).
///
/// A company draws `x = (1 − u)·RAISE^r` (u uniform, r raising factors): critical iff x < t_c, high iff
/// x < t_h, medium iff x < t_m. Then P(x < t) = t·E[RAISE^−r] = t·F, and companies that must be at
/// least medium (shells, high-risk registrations, share f) only move mass from low to medium.
#[derive(Clone, Copy, Debug)]
pub struct RiskCalibration {
    critical: f64,
    high: f64,
    medium: f64,
}

impl RiskCalibration {
    /// O(countries): shares of haven and high-risk registrations from the layout, the haven chance of
    /// the operating-country draw from the table, the cash-intensive share from the industry weights.
    fn of(ctx: &Ctx) -> RiskCalibration {
        let companies = ctx.layout.params.companies.max(1) as f64;
        let (mut haven_slots, mut high_risk_slots) = (0u64, 0u64);
        for (k, country) in COUNTRIES.iter().enumerate() {
            let (lo, hi) = ctx.layout.country_company_slots(k as CountryId);
            if country.tax_haven {
                haven_slots += hi - lo;
            }
            if country.high_risk {
                high_risk_slots += hi - lo;
            }
        }
        let haven_registered = haven_slots as f64 / companies;
        let haven_presence =
            haven_registered + (1.0 - haven_registered) * haven_operation_chance_abroad();
        let cash_weight: u32 = Industry::ALL
            .iter()
            .zip(Industry::WEIGHTS)
            .filter(|(i, _)| is_cash_intensive(ctx, **i))
            .map(|(_, w)| w)
            .sum();
        let cash = cash_weight as f64 / Industry::WEIGHTS.iter().sum::<u32>() as f64;
        let floor = (high_risk_slots as f64 / companies + ctx.layout.params.shell_share).min(1.0);
        let sanctioned = ctx.layout.sanctioned_companies.size() as f64 / companies;
        let lift = (1.0 - cash + cash / RAISE) * (1.0 - haven_presence + haven_presence / RAISE);
        let [low, _, high, critical] = RISK_TARGET;
        let above_low = ((1.0 - low - floor) / (1.0 - floor).max(1e-9)).max(0.0);
        RiskCalibration {
            critical: (critical - sanctioned).max(0.0) / lift,
            high: (high + critical - sanctioned).max(0.0) / lift,
            medium: above_low / lift,
        }
    }

    fn level(&self, u: f64, factors: RiskFactors) -> RiskLevel {
        let raises = factors.cash_intensive as i32 + factors.haven_presence as i32;
        let x = (1.0 - u) * libm::pow(RAISE, raises as f64);
        let level = if x < self.critical {
            RiskLevel::Critical
        } else if x < self.high {
            RiskLevel::High
        } else if x < self.medium {
            RiskLevel::Medium
        } else {
            RiskLevel::Low
        };
        if factors.at_least_medium && level == RiskLevel::Low {
            RiskLevel::Medium
        } else {
            level
        }
    }
}

/// P(at least one haven among the extra operating countries) of a company registered outside the
/// havens: the extras are drawn without replacement from the N − 1 other countries.
fn haven_operation_chance_abroad() -> f64 {
    let others = COUNTRIES.len().saturating_sub(1) as f64;
    let havens = COUNTRIES.iter().filter(|c| c.tax_haven).count() as f64;
    let total: u32 = EXTRA_COUNTRY_WEIGHTS.iter().sum();
    EXTRA_COUNTRY_WEIGHTS
        .iter()
        .enumerate()
        .map(|(k, &w)| {
            let none: f64 = (0..k.min(others as usize))
                .map(|i| ((others - havens - i as f64) / (others - i as f64)).max(0.0))
                .product();
            w as f64 / total as f64 * (1.0 - none)
        })
        .sum()
}

// ---- names -------------------------------------------------------------------------------------------

/// Words that make a family name sound like a business in each industry (ALL order).
const INDUSTRY_WORDS: [&[&str]; 16] = [
    &["Technologies", "Systems", "Software", "Digital", "Labs"],
    &[
        "Capital",
        "Financial",
        "Partners",
        "Investments",
        "Holdings",
    ],
    &["Health", "Medical", "Care", "Pharma", "Clinics"],
    &["Stores", "Trading", "Market", "Outlets", "Goods"],
    &[
        "Industries",
        "Manufacturing",
        "Works",
        "Components",
        "Engineering",
    ],
    &["Properties", "Realty", "Estates", "Developments", "Land"],
    &["Consulting", "Advisory", "Associates", "Group", "Solutions"],
    &[
        "Construction",
        "Builders",
        "Contractors",
        "Structures",
        "Homes",
    ],
    &["Logistics", "Transport", "Freight", "Shipping", "Lines"],
    &["Energy", "Power", "Resources", "Renewables", "Petroleum"],
    &["Telecom", "Networks", "Communications", "Mobile", "Connect"],
    &[
        "Hotels",
        "Hospitality",
        "Restaurants",
        "Resorts",
        "Catering",
    ],
    &["Academy", "Learning", "Education", "Institute", "Schools"],
    &["Legal", "Law", "Chambers", "Counsel", "Attorneys"],
    &["Entertainment", "Media", "Studios", "Productions", "Events"],
    &["Farms", "Agriculture", "Harvest", "Agro", "Growers"],
];

/// A company name without legal form: `{Family}`, `{Family} & {Family}` or `{Family} {Word}`.
pub(super) fn name_stem(rng: &mut Rng, locale: Locale, industry: Industry) -> String {
    let names = locale.last_names();
    let words = INDUSTRY_WORDS[industry as usize];
    match rng.weighted(&[30, 20, 50]) {
        0 => rng.pick(names).to_string(),
        1 => format!("{} & {}", rng.pick(names), rng.pick(names)),
        _ => format!("{} {}", rng.pick(names), rng.pick(words)),
    }
}

/// Legal-form suffix by country and company type (the compact table of SPEC §7.2).
fn legal_suffix(code: &str, company_type: CompanyType, public: bool) -> &'static str {
    use CompanyType::*;
    match company_type {
        NonProfit => return "Foundation",
        Government => return "Authority",
        Trust => return "Trust",
        _ => {}
    }
    let limited = matches!(company_type, Corporation | Llc);
    let partnership = company_type == Partnership;
    match code {
        "US" | "CA" | "PH" | "PR" => match company_type {
            Corporation => {
                if public {
                    "Corp."
                } else {
                    "Inc."
                }
            }
            Llc => "LLC",
            Partnership => "LP",
            _ => "",
        },
        "GB" | "IE" | "AU" | "NZ" | "SG" | "HK" | "IN" | "ZA" | "MY" | "KY" | "VG" | "BM"
        | "BS" | "JE" | "GG" | "IM" | "GI" | "MT" | "CY" | "MU" | "BB" | "NG" | "KE" => {
            if public && company_type == Corporation {
                "PLC"
            } else if limited {
                "Ltd"
            } else if partnership {
                "LLP"
            } else {
                ""
            }
        }
        "DE" | "AT" | "CH" | "LI" => {
            if public && company_type == Corporation {
                "AG"
            } else if limited {
                "GmbH"
            } else if partnership {
                "KG"
            } else {
                "e.K."
            }
        }
        "FR" | "LU" | "MC" | "SC" => {
            if public {
                "SA"
            } else if company_type == Corporation {
                "SAS"
            } else if limited {
                "SARL"
            } else if partnership {
                "SNC"
            } else {
                ""
            }
        }
        "IT" => {
            if public || company_type == Corporation {
                "S.p.A."
            } else if limited {
                "S.r.l."
            } else if partnership {
                "S.n.c."
            } else {
                ""
            }
        }
        "ES" | "MX" | "AR" | "CO" | "CL" | "PE" | "VE" | "PA" => {
            if public || company_type == Corporation {
                "S.A."
            } else if limited {
                "S.L."
            } else if partnership {
                "S.C."
            } else {
                ""
            }
        }
        "NL" | "BE" => {
            if public {
                "N.V."
            } else if limited {
                "B.V."
            } else if partnership {
                "V.O.F."
            } else {
                ""
            }
        }
        "BR" | "PT" => {
            if public || company_type == Corporation {
                "S.A."
            } else if limited {
                "Ltda."
            } else {
                ""
            }
        }
        "JP" => {
            if company_type == Llc {
                "G.K."
            } else if limited {
                "K.K."
            } else {
                ""
            }
        }
        "SE" => {
            if limited {
                "AB"
            } else {
                "HB"
            }
        }
        "NO" | "DK" => {
            if limited {
                "AS"
            } else {
                "ANS"
            }
        }
        "FI" => {
            if limited {
                "Oy"
            } else {
                "Ky"
            }
        }
        _ => {
            if limited {
                if company_type == Llc { "LLC" } else { "Ltd" }
            } else if partnership {
                "Partners"
            } else {
                ""
            }
        }
    }
}

/// Sub-industries of the five industries that have them.
pub(super) fn sub_industries(industry: Industry) -> &'static [&'static str] {
    match industry {
        Industry::Technology => &[
            "software",
            "hardware",
            "it_services",
            "cybersecurity",
            "semiconductors",
        ],
        Industry::FinancialServices => &[
            "banking",
            "insurance",
            "asset_management",
            "payments",
            "brokerage",
        ],
        Industry::Healthcare => &[
            "pharmaceuticals",
            "medical_devices",
            "hospitals",
            "biotechnology",
            "health_insurance",
        ],
        Industry::Retail => &[
            "e_commerce",
            "grocery",
            "apparel",
            "electronics",
            "home_goods",
        ],
        Industry::Manufacturing => &[
            "automotive",
            "industrial_machinery",
            "chemicals",
            "aerospace",
            "consumer_goods",
        ],
        _ => &[],
    }
}

/// Business description template per industry (ALL order); shells all get the holding text.
pub(super) const DESCRIPTIONS: [&str; 16] = [
    "Develops software and technology services for business customers.",
    "Provides financial services, lending and investment products.",
    "Provides healthcare products and medical services.",
    "Operates retail stores and online sales channels.",
    "Manufactures industrial and consumer products.",
    "Owns, develops and manages real estate.",
    "Provides management and business consulting services.",
    "Provides construction and building services.",
    "Provides transportation and logistics services.",
    "Produces and distributes energy.",
    "Provides telecommunications and network services.",
    "Operates hotels, restaurants and hospitality services.",
    "Provides education and training services.",
    "Provides legal services.",
    "Produces and distributes entertainment and media.",
    "Produces and distributes agricultural products.",
];
pub(super) const SHELL_DESCRIPTION: &str = "Holding and investment activities.";

/// Revenue per employee in USD by industry (original values; 200k for the rest).
pub(super) fn revenue_per_employee_usd(industry: Industry) -> f64 {
    match industry {
        Industry::Technology => 250_000.0,
        Industry::FinancialServices => 300_000.0,
        Industry::Healthcare => 200_000.0,
        Industry::Retail => 150_000.0,
        Industry::Manufacturing => 180_000.0,
        _ => 200_000.0,
    }
}

/// A USD amount in `currency`, rounded once (half-even, on the sampler's f64 value) to a whole major
/// unit and returned in minor units.
pub(super) fn whole_units_in(currency: CurrencyId, usd: f64) -> Decimal {
    let ccy = refdata::currency(currency);
    let rate = ccy.usd_rate_units as f64 / libm::pow(10.0, ccy.usd_rate_scale as f64);
    let major = libm::rint(usd * rate).clamp(0.0, 1e15) as i64;
    Decimal::new(
        major.saturating_mul(10i64.pow(ccy.minor_units as u32)),
        ccy.minor_units,
    )
}

// ---- listing ---------------------------------------------------------------------------------------

/// Listing exchanges by registration country; companies elsewhere list in New York or London.
fn exchanges_of(code: &str) -> &'static [StockExchange] {
    use StockExchange::*;
    match code {
        "US" => &[Nyse, Nasdaq],
        "GB" | "IE" => &[Lse],
        "JP" => &[Tse],
        "HK" => &[Hkex],
        "CN" => &[Sse, Szse],
        "FR" | "NL" | "BE" | "PT" | "LU" => &[Euronext],
        "CA" => &[Tsx],
        "AU" | "NZ" => &[Asx],
        "IN" => &[Bse, Nse],
        "KR" => &[Krx],
        "CH" | "LI" => &[Six],
        "ES" => &[Bme],
        "BR" => &[B3],
        "DE" | "IT" | "AT" => &[Euronext, Lse],
        _ => &[Nyse, Nasdaq, Lse],
    }
}

/// Number of tickers with 3 and 4 letters.
const SHORT_TICKERS: u64 = 26u64.pow(3) + 26u64.pow(4);

/// Ticker and listing exchange of company `c`, `None` unless it is public. Cheap (no record is built):
/// the ticker comes from the company's ordinal in the public pool, the exchange from its own stream
/// `company.listing` among the exchanges of the registration country. [`record`] reads its
/// `stock_ticker` and `stock_exchange` from here, so both always agree.
pub fn listing(ctx: &Ctx, c: u64) -> Option<(String, StockExchange)> {
    let ordinal = ctx.layout.public_companies.ordinal(c)?;
    let home = refdata::country(ctx.layout.company_country(c));
    let exchange = *ctx.rng("company.listing", c).pick(exchanges_of(home.code));
    Some((ticker(ctx, ordinal), exchange))
}

/// Ticker of the public company at `ordinal` in the public pool: the ordinal through a keyed
/// permutation of the ticker space (3–4 letters while they suffice, 3–5 otherwise), so tickers are
/// unique.
fn ticker(ctx: &Ctx, ordinal: u64) -> String {
    let public = ctx.layout.public_companies.size();
    let space = if public <= SHORT_TICKERS {
        SHORT_TICKERS
    } else {
        (SHORT_TICKERS + 26u64.pow(5)).max(public)
    };
    let index = Permutation::new(ctx.seed, "company.ticker", space).apply(ordinal);
    letters(index)
}

/// The `index`-th string of uppercase letters, shortest first, starting at length 3.
fn letters(mut index: u64) -> String {
    let mut len = 3u32;
    while index >= 26u64.pow(len) {
        index -= 26u64.pow(len);
        len += 1;
    }
    let mut out = vec![b'A'; len as usize];
    for slot in out.iter_mut().rev() {
        *slot = b'A' + (index % 26) as u8;
        index /= 26;
    }
    String::from_utf8(out).unwrap_or_default()
}

// ---- addresses -------------------------------------------------------------------------------------

pub(super) fn address(
    rng: &mut Rng,
    country: &'static Country,
    office_type: OfficeType,
) -> CompanyAddress {
    let headquarters = office_type == OfficeType::Headquarters;
    CompanyAddress {
        postal: super::postal::postal(country, rng),
        is_headquarters: headquarters,
        is_registered_office: headquarters,
        office_type,
    }
}

/// Number of offices besides the headquarters, 0–3.
pub(super) const OFFICE_COUNT_WEIGHTS: [u32; 4] = [50, 30, 15, 5];

// ---- the record ------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::super::company_record::record;
    use super::*;
    use crate::core::time::midnight;
    use crate::population::layout::Owner;

    fn ctx(persons: u64, companies: u64, accounts: u64) -> Ctx {
        crate::generators::test_ctx(11, persons, companies, accounts, 365)
    }

    fn index_of(id: crate::core::ids::RecordId, ctx: &Ctx) -> u64 {
        ctx.ids.decode(id.value).expect("a company id").1
    }

    #[test]
    fn parents_and_subsidiaries_are_mutual_inverses() {
        let ctx = ctx(1_000, 2_000, 0);
        let mut subsidiaries = 0;
        for c in 0..2_000 {
            let company = record(&ctx, c);
            for &s in &company.subsidiary_ids {
                subsidiaries += 1;
                let sub = record(&ctx, index_of(s, &ctx));
                assert_eq!(sub.parent_company_id, Some(company.id));
            }
            if let Some(p) = company.parent_company_id {
                let parent = record(&ctx, index_of(p, &ctx));
                assert!(parent.subsidiary_ids.contains(&company.id));
            }
        }
        assert!(subsidiaries > 20, "{subsidiaries}");
    }

    #[test]
    fn record_fields_follow_the_rules() {
        let ctx = ctx(2_000, 3_000, 4_000);
        let mut trading = 0;
        let mut lei_private = 0;
        let mut private = 0;
        for c in 0..3_000 {
            let r = record(&ctx, c);
            assert_eq!(r.id, ctx.company_id(c));
            assert_eq!(r.updated_at, ctx.window.end);
            assert!(r.created_at >= midnight(r.registration_date));
            assert!(r.created_at < ctx.window.end);
            assert!(r.registration_date <= ctx.window.as_of_date);
            assert!(!r.legal_name.is_empty());
            trading += r.trading_name.is_some() as u32;
            assert_eq!(
                r.sub_industry.is_some(),
                !sub_industries(r.industry).is_empty()
            );
            assert_eq!(r.addresses[0].office_type, OfficeType::Headquarters);
            assert!(r.addresses[0].is_headquarters && r.addresses[0].is_registered_office);
            assert_eq!(r.addresses[0].postal.country_code, r.registration_country);
            assert!((1..=4).contains(&r.addresses.len()));
            assert!(
                r.addresses[1..].iter().all(|a| !a.is_headquarters
                    && r.operating_countries.contains(&a.postal.country_code))
            );
            assert_eq!(r.operating_countries[0], r.registration_country);
            assert!((1..=6).contains(&r.operating_countries.len()));
            for o in &r.officers {
                assert!(o.appointment_date >= r.registration_date);
                assert_eq!(o.is_active, o.resignation_date.is_none());
                let p = ctx.ids.decode(o.person_id.value).expect("person id");
                assert!(p.1 < 2_000);
            }
            assert_eq!(r.is_public, r.stock_ticker.is_some());
            assert_eq!(r.is_public, r.stock_exchange.is_some());
            assert_eq!(r.is_public, r.market_cap.is_some());
            if r.is_public {
                assert_eq!(r.company_type, CompanyType::Corporation);
            }
            if r.is_public {
                assert!(r.lei_code.is_some());
            } else {
                private += 1;
                lei_private += r.lei_code.is_some() as u32;
            }
            assert_eq!(r.is_sanctioned, !r.sanction_lists.is_empty());
            if r.is_sanctioned {
                assert_eq!(r.risk_level, RiskLevel::Critical);
            }
            if r.is_shell_company {
                assert!(r.employee_count.unwrap() <= 2);
                assert!(r.website.is_none() && r.phone.is_none() && r.email.is_none());
                assert!(r.risk_level >= RiskLevel::Medium);
            } else {
                let website = r.website.as_deref().unwrap();
                assert!(website.starts_with("https://www.") && website.ends_with(".example"));
                assert!(r.email.as_deref().unwrap().ends_with(".example"));
            }
            assert_eq!(r.currency, refdata::country(core(&ctx, c).country).currency);
            assert!(r.annual_revenue.unwrap().units > 0);
        }
        let share = |n: u32, of: u32| n as f64 / of as f64;
        assert!((share(trading, 3_000) - 0.3).abs() < 0.04);
        assert!((share(lei_private, private) - 0.3).abs() < 0.04);
    }

    #[test]
    fn created_at_is_the_first_account_opening() {
        let ctx = ctx(200, 100, 1_000);
        for c in 0..100 {
            let first = ctx.layout.accounts_of(Owner::Company(c)).next();
            let r = record(&ctx, c);
            match first {
                Some(a) => assert_eq!(r.created_at, super::super::account::opened_at(&ctx, a)),
                None => assert_eq!(r.created_at, midnight(r.registration_date)),
            }
        }
    }

    #[test]
    fn risk_shares_match_the_targets() {
        let ctx = ctx(1_000, 6_000, 0);
        let mut counts = [0u32; 4];
        for c in 0..6_000 {
            counts[core(&ctx, c).risk_level as usize] += 1;
        }
        for (level, (&n, target)) in counts.iter().zip(RISK_TARGET).enumerate() {
            let share = n as f64 / 6_000.0;
            assert!(
                (share - target).abs() <= 0.03,
                "level {level}: {share} vs {target} ({counts:?})"
            );
        }
    }

    #[test]
    fn cash_intensive_companies_are_riskier() {
        let ctx = ctx(1_000, 20_000, 0);
        let (mut cash, mut cash_risky, mut other, mut other_risky) = (0, 0, 0, 0);
        for c in 0..20_000 {
            let core = core(&ctx, c);
            if core.is_shell || core.is_sanctioned {
                continue;
            }
            let risky = (core.risk_level > RiskLevel::Low) as u32;
            if is_cash_intensive(&ctx, core.industry) {
                cash += 1;
                cash_risky += risky;
            } else {
                other += 1;
                other_risky += risky;
            }
        }
        assert!(cash_risky as f64 / cash as f64 > 1.1 * other_risky as f64 / other as f64);
    }

    #[test]
    fn raising_factors_never_lower_the_level() {
        let ctx = ctx(100, 1_000, 0);
        let calibration = RiskCalibration::of(&ctx);
        let plain = RiskFactors {
            cash_intensive: false,
            haven_presence: false,
            at_least_medium: false,
        };
        let mut raised_somewhere = false;
        for k in 0..1_000 {
            let u = k as f64 / 1_000.0;
            let base = calibration.level(u, plain);
            let haven = calibration.level(
                u,
                RiskFactors {
                    haven_presence: true,
                    ..plain
                },
            );
            let both = calibration.level(
                u,
                RiskFactors {
                    haven_presence: true,
                    cash_intensive: true,
                    ..plain
                },
            );
            let floored = calibration.level(
                u,
                RiskFactors {
                    at_least_medium: true,
                    ..plain
                },
            );
            assert!(base <= haven && haven <= both);
            assert!(floored >= RiskLevel::Medium && floored >= base);
            raised_somewhere |= haven > base;
        }
        assert!(raised_somewhere);
    }

    #[test]
    fn records_are_deterministic() {
        let (a, b) = (ctx(300, 200, 400), ctx(300, 200, 400));
        for c in 0..200 {
            assert_eq!(record(&a, c), record(&b, c));
        }
    }

    #[test]
    fn listing_agrees_with_the_record() {
        let ctx = ctx(500, 2_000, 0);
        let mut public = 0;
        let mut tickers = Vec::new();
        let mut exchanges = std::collections::BTreeSet::new();
        for c in 0..2_000 {
            let r = record(&ctx, c);
            let listing = listing(&ctx, c);
            assert_eq!(listing.is_some(), ctx.layout.public_companies.contains(c));
            assert_eq!(
                listing,
                r.stock_ticker.clone().zip(r.stock_exchange),
                "company {c}"
            );
            if let Some((ticker, exchange)) = listing {
                public += 1;
                assert!(exchanges_of(r.registration_country).contains(&exchange));
                exchanges.insert(exchange as usize);
                tickers.push(ticker);
            }
        }
        assert_eq!(public, ctx.layout.public_companies.size());
        assert!(public > 100, "{public}");
        assert!(exchanges.len() >= 3, "{exchanges:?}");
        tickers.sort();
        tickers.dedup();
        assert_eq!(tickers.len() as u64, public);
    }

    #[test]
    fn tickers_are_unique_over_all_public_companies() {
        let ctx = ctx(100, 20_000, 0);
        let public: Vec<u64> = (0..20_000)
            .filter(|&c| ctx.layout.public_companies.contains(c))
            .collect();
        let mut tickers: Vec<String> = public
            .iter()
            .map(|&c| listing(&ctx, c).expect("public companies are listed").0)
            .collect();
        let n = tickers.len();
        assert!(n > 1_500, "{n}");
        assert!(
            tickers
                .iter()
                .all(|t| (3..=5).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase()))
        );
        tickers.sort();
        tickers.dedup();
        assert_eq!(tickers.len(), n);
        assert_eq!(letters(0), "AAA");
        assert_eq!(letters(26u64.pow(3)), "AAAA");
        assert_eq!(letters(SHORT_TICKERS), "AAAAA");
    }

    #[test]
    fn legal_names_carry_the_form_of_their_country() {
        assert_eq!(legal_suffix("DE", CompanyType::Llc, false), "GmbH");
        assert_eq!(legal_suffix("DE", CompanyType::Corporation, true), "AG");
        assert_eq!(legal_suffix("US", CompanyType::Llc, false), "LLC");
        assert_eq!(legal_suffix("GB", CompanyType::Corporation, true), "PLC");
        let ctx = ctx(100, 500, 0);
        for c in 0..500 {
            let core = core(&ctx, c);
            let suffix = legal_suffix(
                refdata::country(core.country).code,
                core.company_type,
                core.is_public,
            );
            assert!(core.legal_name.ends_with(suffix));
        }
    }
}
