//! Person generator (SPEC §7.1, R-8, R-9, R-10). `core` holds the attributes other generators need
//! (cheap: the household block and the `person.core` stream); `record` builds the full record from the
//! `person` stream, plus the `person.address` stream keyed by the household's address draw so that every
//! member of a household computes the identical primary address.

use std::sync::OnceLock;

use super::{Ctx, company, links, opening};
use crate::core::seed::Rng;
use crate::core::time::{Date, add_years, days_from_civil, midnight};
use crate::ident::{email, national, phone};
use crate::model::common::{Gender, RiskLevel, SanctionList};
use crate::model::person::{
    Address, AddressType, DocType, EducationLevel, Email, EmailType, Employment, IdDocument,
    MaritalStatus, PepCategory, PepDetails, Person, Phone, PhoneType, SocialMediaProfiles,
};
use crate::model::record::Decimal;
use crate::population::layout::{HouseholdBlock, Owner};
use crate::refdata::{self, COUNTRIES, Country, CountryId, Currency, CurrencyId};

/// Attributes of a person that other entities depend on.
#[derive(Clone, Copy, Debug)]
pub struct PersonCore {
    pub index: u64,
    /// Residence country.
    pub country: CountryId,
    pub nationality: CountryId,
    /// Residence currency (currency of income and net worth).
    pub currency: CurrencyId,
    pub female: bool,
    pub date_of_birth: Date,
    pub age: i32,
    pub is_pep: bool,
    pub is_sanctioned: bool,
    /// The KYC rating of R-10.
    pub risk_level: RiskLevel,
    /// Household block and position (see [`crate::population::layout::Layout::household_block`]).
    pub block: u64,
    pub position: u8,
    pub household: HouseholdBlock,
}

pub fn core(ctx: &Ctx, p: u64) -> PersonCore {
    thread_local! {
        static CORES: std::cell::RefCell<super::memo::Memo<PersonCore>> =
            std::cell::RefCell::new(super::memo::Memo::new(12));
    }
    super::memo::cached(&CORES, ctx.run_id, p, || draw_core(ctx, p))
}

fn draw_core(ctx: &Ctx, p: u64) -> PersonCore {
    let (block, position, household) = ctx.layout.household_of(p);
    let member = household.members[position as usize];
    let country = ctx.layout.person_country(p);
    let mut rng = ctx.rng("person.core", p);
    let nationality = if rng.chance(ctx.params.persons.foreign_nationality_probability) {
        other_country(country, &mut rng)
    } else {
        country
    };
    let as_of = ctx.window.as_of_date;
    let latest = add_years(as_of, -(member.age as i32));
    let earliest = add_years(as_of, -(member.age as i32 + 1)) + 1;
    let date_of_birth = rng.between(earliest as i64, latest as i64) as Date;
    let is_pep = ctx.layout.pep.contains(p);
    let is_sanctioned = ctx.layout.sanctioned_persons.contains(p);
    // Drawn for everyone so the stream does not depend on the flags.
    let base = RiskLevel::ALL[rng.weighted(
        ctx.calibration
            .person_risk
            .get_or_init(|| base_risk_weights(sanctioned_share(ctx), forced_share(ctx))),
    )];
    let geography_risk =
        refdata::country(country).high_risk || refdata::country(nationality).high_risk;
    let risk_level = if is_sanctioned {
        RiskLevel::Critical
    } else if is_pep || geography_risk {
        base.max(RiskLevel::Medium)
    } else {
        base
    };
    PersonCore {
        index: p,
        country,
        nationality,
        currency: refdata::currency_of(country),
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

/// The full record of person `p`.
pub fn record(ctx: &Ctx, p: u64) -> Person {
    let core = core(ctx, p);
    let member = core.household.members[core.position as usize];
    let params = &ctx.params.persons;
    let residence = refdata::country(core.country);
    let nationality = refdata::country(core.nationality);
    let currency = refdata::currency(core.currency);
    let as_of = ctx.window.as_of_date;
    let mut rng = ctx.rng("person", p);

    // Names: the residence locale; the family name is the household's.
    let locale = residence.locale;
    let gender = gender(member.female, &mut rng);
    let first_names = locale.first_names(member.female);
    let last_names = locale.last_names();
    let first_name = *rng.pick(first_names);
    let middle_name = rng
        .chance(params.middle_name_probability)
        .then(|| *rng.pick(first_names));
    let last_name = last_names[scale_draw(member.surname_draw, last_names.len())];
    let marital_status = marital_status(&core, &mut rng);
    let maiden_name = (member.female
        && matches!(
            marital_status,
            MaritalStatus::Married | MaritalStatus::Divorced | MaritalStatus::Widowed
        )
        && rng.chance(params.maiden_name_probability))
    .then(|| *rng.pick(last_names));
    let preferred_name = rng
        .chance(params.preferred_name_probability)
        .then(|| *rng.pick(first_names));
    let full_name = full_name(
        first_name,
        middle_name,
        last_name,
        locale.family_name_first(),
    );

    let mut citizenship = Vec::with_capacity(2);
    citizenship.push(nationality.code);
    if rng.chance(params.second_citizenship_probability) {
        citizenship.push(refdata::country(other_country(core.nationality, &mut rng)).code);
    }

    let addresses = addresses(ctx, residence, member.address_draw, &mut rng);
    let phone_numbers = phones(residence, &mut rng);
    let (employment_history, employer_slug, income_usd) =
        employment_history(ctx, &core, currency, &mut rng);
    let email_addresses = emails(
        first_name,
        last_name,
        params.email_domains == "reserved",
        employer_slug.as_deref(),
        &mut rng,
    );
    let identification_documents = id_documents(ctx, &core, &mut rng);
    let tax_id = Some(national::person_tax_id(residence, &mut rng));

    let annual_income = income_usd.map(|usd| usd_to_money(usd, currency));
    // Wealth grows with working years; without a job it rests on a smaller notional income.
    let wealth_base =
        income_usd.unwrap_or_else(|| rng.log_normal(residence.median_income_usd as f64 * 0.5, 0.8));
    let working_years = (core.age - 20).max(1) as f64;
    let net_worth_usd = wealth_base * working_years / 10.0 * rng.log_normal(1.0, 0.8);
    let net_worth = Some(usd_to_money(net_worth_usd, currency));

    let pep_details = core.is_pep.then(|| pep_details(ctx, &core, &mut rng));
    let sanction_lists = if core.is_sanctioned {
        sanction_lists(&mut rng)
    } else {
        Vec::new()
    };
    let languages = languages(residence, &mut rng);
    let education_level = Some(EducationLevel::ALL[rng.weighted(&[25, 15, 35, 15, 5, 5])]);
    let dependents = dependents(marital_status, &mut rng);
    let social_media_profiles = social_media(first_name, last_name, &mut rng);
    let online_activity_score = Decimal::new(rng.between(1_000, 9_000), 4);

    let created_at = match ctx.layout.accounts_of(Owner::Person(p)).next() {
        Some(a) => opening::opened_at_from(ctx, a, add_years(core.date_of_birth, 18)),
        None => {
            let day = rng.between(add_years(core.date_of_birth, 18) as i64, as_of as i64);
            midnight(day as Date) + rng.between(9 * 3600, 17 * 3600 - 1)
        }
    };

    Person {
        id: ctx.person_id(p),
        created_at,
        updated_at: ctx.window.end,
        first_name,
        middle_name,
        last_name,
        full_name,
        maiden_name,
        preferred_name,
        date_of_birth: core.date_of_birth,
        age: core.age,
        gender,
        nationality: nationality.code,
        citizenship,
        currency: currency.code,
        addresses,
        phone_numbers,
        email_addresses,
        identification_documents,
        tax_id,
        employment_history,
        annual_income,
        net_worth,
        risk_level: core.risk_level,
        is_pep: core.is_pep,
        pep_details,
        is_sanctioned: core.is_sanctioned,
        sanction_lists,
        languages,
        education_level,
        marital_status: Some(marital_status),
        dependents,
        social_media_profiles,
        online_activity_score,
    }
}

// ---- KYC risk (R-10) ---------------------------------------------------------------------------

/// Target shares of low, medium, high and critical among all persons.
const RISK_TARGET: [f64; 4] = [0.80, 0.15, 0.04, 0.01];

/// Sums over the static country table that the forced-share formula needs (computed once).
struct Geography {
    total: f64,
    core_total: f64,
    high_risk: f64,
    high_risk_core: f64,
    high_risk_count: f64,
    countries: f64,
}

fn geography() -> &'static Geography {
    static GEOGRAPHY: OnceLock<Geography> = OnceLock::new();
    GEOGRAPHY.get_or_init(|| {
        let mut g = Geography {
            total: 0.0,
            core_total: 0.0,
            high_risk: 0.0,
            high_risk_core: 0.0,
            high_risk_count: 0.0,
            countries: COUNTRIES.len() as f64,
        };
        for c in COUNTRIES {
            let is_core = refdata::countries::CORE_COUNTRIES.contains(&c.code);
            let w = c.weight as f64;
            g.total += w;
            if is_core {
                g.core_total += w;
            }
            if c.high_risk {
                g.high_risk += w;
                g.high_risk_count += 1.0;
                if is_core {
                    g.high_risk_core += w;
                }
            }
        }
        g
    })
}

fn sanctioned_share(ctx: &Ctx) -> f64 {
    ctx.layout.sanctioned_persons.size() as f64 / ctx.layout.params.persons.max(1) as f64
}

/// Expected share of persons forced to at least medium risk: PEPs (the pool's exact share) and
/// residents or nationals of high-risk countries. The residence share follows the layout's residence
/// weights (`countries::residence_weights`); a foreign nationality is uniform over the other countries.
pub fn forced_share(ctx: &Ctx) -> f64 {
    let g = geography();
    let core_share = ctx.layout.params.core_country_share;
    let residence = (1.0 - core_share) * g.high_risk / g.total.max(1.0)
        + core_share * g.high_risk_core / g.core_total.max(1.0);
    let foreign = ctx.params.persons.foreign_nationality_probability;
    let others = (g.countries - 1.0).max(1.0);
    // A resident of a high-risk country is forced already; the others are forced by nationality.
    let geography = residence + (1.0 - residence) * foreign * g.high_risk_count / others;
    let pep = ctx.layout.pep.size() as f64 / ctx.layout.params.persons.max(1) as f64;
    1.0 - (1.0 - pep) * (1.0 - geography)
}

/// Base risk distribution (parts per million, in `RiskLevel::ALL` order) for a person before the
/// overrides, such that with `sanctioned` forced to critical and `forced` lifted to at least medium the
/// overall shares equal [`RISK_TARGET`]. When the forced share is too large for the target (more than
/// about 16%), low gets what is left and medium is 0.
pub fn base_risk_weights(sanctioned: f64, forced: f64) -> [u32; 4] {
    const PPM: f64 = 1_000_000.0;
    let free = (1.0 - sanctioned).max(1e-9);
    let critical = ((RISK_TARGET[3] - sanctioned).max(0.0) / free).min(1.0);
    let high = (RISK_TARGET[2] / free).min(1.0 - critical);
    let low = (RISK_TARGET[0] / (free * (1.0 - forced).max(1e-9))).min(1.0 - critical - high);
    let [low, high, critical] = [low, high, critical].map(|s| (s * PPM).round() as u32);
    [low, 1_000_000 - low - high - critical, high, critical]
}

// ---- names and household ------------------------------------------------------------------------

/// Index into a table of `len` entries from a uniform 64-bit draw (multiply-high, unbiased enough for
/// tables far smaller than 2^64).
fn scale_draw(draw: u64, len: usize) -> usize {
    ((draw as u128 * len as u128) >> 64) as usize
}

/// A uniformly chosen country other than `not` (itself when the table has one country).
fn other_country(not: CountryId, rng: &mut Rng) -> CountryId {
    let n = COUNTRIES.len();
    if n < 2 {
        return not;
    }
    let k = rng.index(n - 1) as CountryId;
    if k >= not { k + 1 } else { k }
}

/// Gender consistent with the household's sex flag: .98 the matching binary value, .01 each other.
fn gender(female: bool, rng: &mut Rng) -> Gender {
    match rng.weighted(&[98, 1, 1]) {
        0 if female => Gender::Female,
        0 => Gender::Male,
        1 => Gender::NonBinary,
        _ => Gender::PreferNotToSay,
    }
}

fn full_name(first: &str, middle: Option<&str>, last: &str, family_first: bool) -> String {
    let mut s =
        String::with_capacity(first.len() + last.len() + middle.map_or(0, |m| m.len() + 1) + 1);
    if family_first {
        s.push_str(last);
        s.push(' ');
    }
    s.push_str(first);
    if let Some(m) = middle {
        s.push(' ');
        s.push_str(m);
    }
    if !family_first {
        s.push(' ');
        s.push_str(last);
    }
    s
}

/// Married exactly when the household has a spouse for this member; otherwise by age band.
fn marital_status(core: &PersonCore, rng: &mut Rng) -> MaritalStatus {
    if core.household.spouse_of(core.position).is_some() {
        return MaritalStatus::Married;
    }
    // single, married (never drawn here), divorced, widowed, separated
    let weights: [u32; 5] = match core.age {
        ..30 => [90, 0, 6, 0, 4],
        30..65 => [35, 0, 12, 5, 3],
        _ => [25, 0, 15, 25, 3],
    };
    MaritalStatus::ALL[rng.weighted(&weights)]
}

/// Dependents by marital status, with the original weights.
fn dependents(status: MaritalStatus, rng: &mut Rng) -> i64 {
    let weights: &[u32] = match status {
        MaritalStatus::Single => &[80, 15, 5],
        MaritalStatus::Married => &[20, 25, 30, 15, 10],
        _ => &[50, 30, 20],
    };
    rng.weighted(weights) as i64
}

// ---- addresses ----------------------------------------------------------------------------------

/// 1–3 addresses (.70/.25/.05); the first is the household's primary residence.
fn addresses(
    ctx: &Ctx,
    residence: &'static Country,
    address_draw: u64,
    rng: &mut Rng,
) -> Vec<Address> {
    let count = 1 + rng.weighted(&[70, 25, 5]);
    let mut out = Vec::with_capacity(count);
    let mut shared = ctx.rng("person.address", address_draw);
    out.push(address(
        residence,
        AddressType::Residential,
        true,
        &mut shared,
    ));
    for _ in 1..count {
        let country = if rng.chance(0.85) {
            residence
        } else {
            refdata::country(rng.index(COUNTRIES.len()) as CountryId)
        };
        let kind = AddressType::ALL[rng.index(AddressType::ALL.len())];
        out.push(address(country, kind, false, rng));
    }
    out
}

fn address(
    country: &'static Country,
    kind: AddressType,
    is_primary: bool,
    rng: &mut Rng,
) -> Address {
    let postal = super::postal::postal(country, rng);
    let (lat_min, lat_max, lon_min, lon_max) = country.bbox;
    Address {
        postal,
        latitude: Some(Decimal::new(rng.between(lat_min as i64, lat_max as i64), 6)),
        longitude: Some(Decimal::new(rng.between(lon_min as i64, lon_max as i64), 6)),
        is_primary,
        address_type: kind,
    }
}

// ---- contact ------------------------------------------------------------------------------------

/// 1–3 numbers (.6/.3/.1) of the residence country, the first primary.
fn phones(residence: &'static Country, rng: &mut Rng) -> Vec<Phone> {
    let count = 1 + rng.weighted(&[6, 3, 1]);
    (0..count)
        .map(|k| {
            let phone_type = PhoneType::ALL[rng.weighted(&[60, 25, 15])];
            Phone {
                number: phone::make(residence, phone_type == PhoneType::Mobile, rng),
                country_code: residence.code,
                phone_type,
                is_primary: k == 0,
                is_verified: rng.chance(0.8),
            }
        })
        .collect()
}

/// 1–3 addresses (.6/.3/.1): the first personal and primary; for a person with a current employer
/// one of the others is the work address at the employer's domain.
fn emails(
    first: &str,
    last: &str,
    reserved: bool,
    employer_slug: Option<&str>,
    rng: &mut Rng,
) -> Vec<Email> {
    let count = 1 + rng.weighted(&[6, 3, 1]);
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        let (email, email_type) = match employer_slug {
            Some(slug) if k == 1 => (email::work(first, last, slug, rng), EmailType::Work),
            _ => (
                email::person(first, last, reserved, rng),
                EmailType::Personal,
            ),
        };
        out.push(Email {
            email,
            email_type,
            is_primary: k == 0,
            is_verified: rng.chance(0.9),
        });
    }
    out
}

fn social_media(first: &str, last: &str, rng: &mut Rng) -> SocialMediaProfiles {
    const PREFIXES: [&str; 4] = [
        "https://twitter.com/",
        "https://www.linkedin.com/in/",
        "https://www.facebook.com/",
        "https://www.instagram.com/",
    ];
    let mut present = rng.weighted(&[20, 30, 30, 20]);
    let mut profiles = SocialMediaProfiles::default();
    if present == 0 {
        return profiles;
    }
    let mut handle = String::with_capacity(first.len() + last.len() + 4);
    for c in first.chars().chain(last.chars()) {
        if c.is_ascii_alphanumeric() {
            handle.push(c.to_ascii_lowercase());
        }
    }
    if handle.is_empty() {
        handle.push_str("user");
    }
    handle.push_str(itoa::Buffer::new().format(rng.between(1, 999)));
    let slots = [
        &mut profiles.twitter,
        &mut profiles.linkedin,
        &mut profiles.facebook,
        &mut profiles.instagram,
    ];
    // Selection sampling: `present` of the four platforms, each subset equally likely.
    let mut left = slots.len();
    for (slot, prefix) in slots.into_iter().zip(PREFIXES) {
        if rng.below(left as u64) < present as u64 {
            let mut url = String::with_capacity(prefix.len() + handle.len());
            url.push_str(prefix);
            url.push_str(&handle);
            *slot = Some(url);
            present -= 1;
        }
        left -= 1;
    }
    profiles
}

/// Primary language of a country (ISO 639-1), then 0–2 extra (.5/.35/.15) from en es fr de zh.
fn languages(country: &Country, rng: &mut Rng) -> Vec<&'static str> {
    use crate::refdata::Locale;
    const EXTRA: [&str; 5] = ["en", "es", "fr", "de", "zh"];
    let primary = match country.code {
        "ES" | "MX" | "AR" | "CO" | "CL" | "PE" | "VE" | "PA" => "es",
        "RU" => "ru",
        "KR" => "ko",
        "BE" | "LU" | "MC" => "fr",
        "CH" | "AT" | "LI" => "de",
        "PL" => "pl",
        "SE" => "sv",
        "GR" | "CY" => "el",
        _ => match country.locale {
            Locale::En => "en",
            Locale::FrFr => "fr",
            Locale::DeDe => "de",
            Locale::ItIt => "it",
            Locale::NlNl => "nl",
            Locale::PtBr | Locale::PtPt => "pt",
            Locale::JaJp => "ja",
            Locale::ZhCn | Locale::ZhTw => "zh",
            Locale::ArSa => "ar",
            Locale::TrTr => "tr",
            Locale::FaIr => "fa",
        },
    };
    let mut extra = rng.weighted(&[50, 35, 15]);
    let mut out = Vec::with_capacity(1 + extra);
    out.push(primary);
    let candidates = EXTRA.iter().filter(|&&l| l != primary);
    let mut left = candidates.clone().count();
    for &lang in candidates {
        if rng.below(left as u64) < extra as u64 {
            out.push(lang);
            extra -= 1;
        }
        left -= 1;
    }
    out
}

// ---- documents ----------------------------------------------------------------------------------

/// The person's passport, if any, from its own `person.passport` stream: travels (SPEC §7.7) read the
/// doc_number without building the whole record, and `record` lists exactly this document.
pub fn passport(ctx: &Ctx, core: &PersonCore) -> Option<IdDocument> {
    let mut rng = ctx.rng("person.passport", core.index);
    if !rng.chance(ctx.params.persons.passport_probability) {
        return None;
    }
    let as_of = ctx.window.as_of_date;
    let nationality = refdata::country(core.nationality);
    let earliest = add_years(core.date_of_birth, 18).max(add_years(as_of, -12));
    let issue_date = rng.between(earliest.min(as_of) as i64, as_of as i64) as Date;
    Some(IdDocument {
        doc_type: DocType::Passport,
        doc_number: national::passport_number(nationality, &mut rng),
        issuing_country: nationality.code,
        issuing_authority: Some("Passport Office"),
        issue_date,
        expiry_date: Some(add_years(issue_date, 10)),
        is_verified: rng.chance(0.95),
    })
}

/// Passport (by nationality), driver's licence (by residence), national identity card (where the
/// nationality's country issues one). Issued on or after the 18th (passport) or 16th birthday, never
/// after as_of; passports run 10 years, licences 5, identity cards 10. Issue dates favour the last
/// decade, so most documents are valid at as_of and some have expired.
fn id_documents(ctx: &Ctx, core: &PersonCore, rng: &mut Rng) -> Vec<IdDocument> {
    let params = &ctx.params.persons;
    let as_of = ctx.window.as_of_date;
    let residence = refdata::country(core.country);
    let nationality = refdata::country(core.nationality);
    let mut out = Vec::with_capacity(3);
    let issue = |rng: &mut Rng, from_age: i32, lookback_years: i32| {
        let earliest =
            add_years(core.date_of_birth, from_age).max(add_years(as_of, -lookback_years));
        rng.between(earliest.min(as_of) as i64, as_of as i64) as Date
    };
    if let Some(doc) = passport(ctx, core) {
        out.push(doc);
    }
    if rng.chance(params.drivers_license_probability) {
        let issue_date = issue(rng, 16, 7);
        out.push(IdDocument {
            doc_type: DocType::DriversLicense,
            doc_number: national::drivers_license_number(rng),
            issuing_country: residence.code,
            issuing_authority: Some("Driving Licence Authority"),
            issue_date,
            expiry_date: Some(add_years(issue_date, 5)),
            is_verified: rng.chance(0.9),
        });
    }
    if nationality.national_id {
        let issue_date = issue(rng, 16, 12);
        out.push(IdDocument {
            doc_type: DocType::NationalId,
            doc_number: national::national_id_number(nationality, rng),
            issuing_country: nationality.code,
            issuing_authority: Some("Civil Registry"),
            issue_date,
            expiry_date: Some(add_years(issue_date, 10)),
            is_verified: rng.chance(0.95),
        });
    }
    out
}

// ---- employment and money -----------------------------------------------------------------------

const JOB_TITLES: [&str; 24] = [
    "Accountant",
    "Analyst",
    "Architect",
    "Business Development Manager",
    "Consultant",
    "Customer Service Representative",
    "Data Scientist",
    "Engineer",
    "Financial Advisor",
    "Graphic Designer",
    "HR Specialist",
    "Lawyer",
    "Marketing Manager",
    "Nurse",
    "Operations Manager",
    "Pharmacist",
    "Project Manager",
    "Research Scientist",
    "Sales Associate",
    "Software Developer",
    "Store Manager",
    "Teacher",
    "Technician",
    "Writer",
];

/// Powers of ten as exact doubles, for the FX scale.
const POW10: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18,
];

/// Money in `currency` from a USD amount: converted at the table rate and rounded once, half to even,
/// to whole major units (salaries and wealth are quoted in whole units), then expressed in minor units.
/// Switch to `refdata::from_usd` when the refdata helper adds it.
fn usd_to_money(usd: f64, currency: &Currency) -> Decimal {
    let rate = currency.usd_rate_units as f64 / POW10[currency.usd_rate_scale as usize];
    let major = (usd * rate).round_ties_even().clamp(0.0, 1e15) as i64;
    Decimal::new(
        major * 10i64.pow(currency.minor_units as u32),
        currency.minor_units,
    )
}

/// Career start and the start date of the current job (if employed). Own stream, so the `employee`
/// relationship edge and the employment history agree on the date.
pub fn career(ctx: &Ctx, core: &PersonCore) -> (Date, Option<Date>) {
    let mut rng = ctx.rng("person.career", core.index);
    let as_of = ctx.window.as_of_date;
    let career_start = (add_years(core.date_of_birth, rng.between(18, 26) as i32)
        + rng.between(0, 364) as Date)
        .min(as_of);
    let employed =
        links::employer_of(ctx, core.index).is_some_and(|c| c < ctx.layout.params.companies);
    let start = employed.then(|| {
        let earliest = career_start.max(add_years(as_of, -15));
        rng.between(earliest as i64, as_of as i64) as Date
    });
    (career_start, start)
}

/// Jobs oldest first: 0–2 past jobs (.5/.35/.15) and the current one from [`links::employer_of`].
/// Careers start at 18–26 (always after the 16th birthday); jobs last 1–10 years with 30–365 days
/// between them, laid out backwards from as_of and dropped when they would start before the career.
/// Returns the jobs, the current employer's domain slug and the current income in USD.
fn employment_history(
    ctx: &Ctx,
    core: &PersonCore,
    currency: &'static Currency,
    rng: &mut Rng,
) -> (Vec<Employment>, Option<String>, Option<f64>) {
    let companies = ctx.layout.params.companies;
    let as_of = ctx.window.as_of_date;
    let median = refdata::country(core.country).median_income_usd as f64;
    let sigma = ctx.params.persons.income_sigma;
    let current = links::employer_of(ctx, core.index).filter(|&c| c < companies);
    let past = if companies == 0 {
        0
    } else {
        rng.weighted(&[50, 35, 15])
    };
    let (career_start, current_start) = career(ctx, core);
    let mut jobs = Vec::with_capacity(past + current.is_some() as usize);
    let mut slug = None;
    let mut income = None;
    let mut job = |c: u64, start: Date, end: Option<Date>, usd: f64, rng: &mut Rng| {
        let employer = company::core(ctx, c);
        if end.is_none() {
            slug = Some(email::slug(&employer.legal_name));
        }
        jobs.push(Employment {
            employer_id: Some(ctx.company_id(c)),
            employer_name: employer.legal_name,
            job_title: JOB_TITLES[rng.index(JOB_TITLES.len())],
            industry: employer.industry,
            start_date: start,
            end_date: end,
            annual_income: usd_to_money(usd, currency),
            currency: currency.code,
            is_current: end.is_none(),
        });
    };
    let mut next_start = as_of;
    if let (Some(c), Some(start)) = (current, current_start) {
        let usd = rng.log_normal(median, sigma);
        income = Some(usd);
        job(c, start, None, usd, rng);
        next_start = start;
    }
    for _ in 0..past {
        let end = next_start - rng.between(30, 365) as Date;
        let start = (end - rng.between(365, 3_650) as Date).max(career_start);
        if end - start < 180 {
            break;
        }
        let mut c = rng.below(companies);
        if Some(c) == current {
            c = (c + 1) % companies;
        }
        let usd = rng.log_normal(median * 0.85, sigma);
        job(c, start, Some(end), usd, rng);
        next_start = start;
    }
    jobs.reverse();
    (jobs, slug, income)
}

// ---- KYC details ----------------------------------------------------------------------------------

/// One typical position per PEP category, in `PepCategory::ALL` order.
const PEP_POSITIONS: [&str; 15] = [
    "President",
    "Prime Minister",
    "Minister of Finance",
    "Senator",
    "Deputy Minister",
    "Supreme Court Judge",
    "General",
    "Chief Executive of a State-Owned Enterprise",
    "Party Treasurer",
    "Member of Parliament",
    "Ambassador",
    "Central Bank Governor",
    "Director at an International Organisation",
    "Spouse of a Minister",
    "Business Partner of a Minister",
];

fn pep_details(ctx: &Ctx, core: &PersonCore, rng: &mut Rng) -> PepDetails {
    let as_of = ctx.window.as_of_date;
    let k = rng.index(PepCategory::ALL.len());
    let earliest = add_years(core.date_of_birth, 25)
        .max(days_from_civil(1990, 1, 1))
        .min(as_of);
    PepDetails {
        category: PepCategory::ALL[k],
        position: PEP_POSITIONS[k],
        country: refdata::country(core.nationality).code,
        start_date: rng.between(earliest as i64, as_of as i64) as Date,
        is_active: rng.chance(0.7),
    }
}

/// 1–3 distinct lists, in vocabulary order.
fn sanction_lists(rng: &mut Rng) -> Vec<SanctionList> {
    let mut wanted = 1 + rng.index(3);
    let mut left = SanctionList::ALL.len();
    let mut out = Vec::with_capacity(wanted);
    for &list in SanctionList::ALL {
        if rng.index(left) < wanted {
            out.push(list);
            wanted -= 1;
        }
        left -= 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::Namespace;
    use crate::core::time::age_at;
    use crate::encode::json::write_record;
    use crate::population::layout::HouseholdRole;

    const PERSONS: u64 = 10_000;
    const COMPANIES: u64 = 500;

    fn make_ctx(persons: u64, companies: u64, accounts: u64) -> Ctx {
        crate::generators::test_ctx(42, persons, companies, accounts, 365)
    }

    /// One population shared by the statistical tests: 10,000 persons with their records.
    fn population() -> &'static (Ctx, Vec<Person>) {
        static POPULATION: OnceLock<(Ctx, Vec<Person>)> = OnceLock::new();
        POPULATION.get_or_init(|| {
            let ctx = make_ctx(PERSONS, COMPANIES, 12_000);
            let persons = (0..PERSONS).map(|p| record(&ctx, p)).collect();
            (ctx, persons)
        })
    }

    fn json(person: &Person) -> Vec<u8> {
        let mut out = Vec::new();
        write_record(person, &mut out);
        out
    }

    fn share(count: usize, total: usize) -> f64 {
        count as f64 / total as f64
    }

    #[test]
    fn records_are_deterministic() {
        let ctx = make_ctx(1_000, 50, 1_200);
        let other = make_ctx(1_000, 50, 1_200);
        for p in [0, 1, 17, 999] {
            let a = json(&record(&ctx, p));
            assert_eq!(a, json(&record(&ctx, p)));
            assert_eq!(a, json(&record(&other, p)));
        }
        assert_ne!(json(&record(&ctx, 1)), json(&record(&ctx, 2)));
    }

    #[test]
    fn kyc_shares_hit_the_targets() {
        let (ctx, persons) = population();
        let n = persons.len();
        let pep = persons.iter().filter(|p| p.is_pep).count();
        let sanctioned = persons.iter().filter(|p| p.is_sanctioned).count();
        assert!((0.008..=0.012).contains(&share(pep, n)), "pep {pep}");
        assert!(
            (0.0005..=0.0015).contains(&share(sanctioned, n)),
            "sanctioned {sanctioned}"
        );
        let mut levels = [0usize; 4];
        for (p, person) in persons.iter().enumerate() {
            levels[person.risk_level as usize] += 1;
            assert_eq!(person.pep_details.is_some(), person.is_pep);
            assert_eq!(!person.sanction_lists.is_empty(), person.is_sanctioned);
            assert!(person.sanction_lists.len() <= 3);
            assert!(person.sanction_lists.is_sorted());
            if person.is_sanctioned {
                assert_eq!(person.risk_level, RiskLevel::Critical);
            }
            let c = core(ctx, p as u64);
            let high_risk_geography =
                refdata::country(c.country).high_risk || refdata::country(c.nationality).high_risk;
            if person.is_pep || high_risk_geography {
                assert!(person.risk_level >= RiskLevel::Medium);
            }
            assert_eq!(c.risk_level, person.risk_level);
        }
        for (level, (&count, target)) in levels.iter().zip(RISK_TARGET).enumerate() {
            let got = share(count, n);
            assert!(
                (got - target).abs() <= 0.03,
                "level {level}: {got} vs {target}"
            );
        }
    }

    #[test]
    fn calibration_accounts_for_forced_persons() {
        // With a larger forced share, low must get a larger base weight to keep its overall share.
        let few = base_risk_weights(0.001, 0.01);
        let many = base_risk_weights(0.001, 0.10);
        for w in [few, many] {
            assert_eq!(w.iter().sum::<u32>(), 1_000_000);
        }
        assert!(many[0] > few[0]);
        let low_overall =
            |w: [u32; 4], forced: f64| (1.0 - 0.001) * (1.0 - forced) * w[0] as f64 / 1e6;
        assert!((low_overall(few, 0.01) - 0.80).abs() < 1e-4);
        assert!((low_overall(many, 0.10) - 0.80).abs() < 1e-4);
        // An impossible target degrades to "medium gets nothing", never to overflowing weights.
        let extreme = base_risk_weights(0.001, 0.5);
        assert_eq!(extreme[1], 0);
        assert_eq!(extreme.iter().sum::<u32>(), 1_000_000);
        let (ctx, _) = population();
        let forced = forced_share(ctx);
        assert!((0.0..0.16).contains(&forced), "{forced}");
    }

    #[test]
    fn households_share_address_and_marriages_are_mutual() {
        let (ctx, persons) = population();
        let blocks = PERSONS / 4;
        let mut married = 0;
        for b in 0..blocks {
            let block = ctx.layout.household_block(b);
            for pos in 0..block.len {
                let p = ctx.layout.person_in_block(b, pos);
                let person = &persons[p as usize];
                let spouse = block.spouse_of(pos);
                assert_eq!(
                    person.marital_status == Some(MaritalStatus::Married),
                    spouse.is_some()
                );
                married += spouse.is_some() as usize;
                for other in block.housemates_of(pos) {
                    let mate = &persons[ctx.layout.person_in_block(b, other) as usize];
                    assert_eq!(mate.addresses[0], person.addresses[0]);
                    let family = |r| !matches!(r, HouseholdRole::Flatmate | HouseholdRole::Single);
                    if family(block.members[pos as usize].role)
                        && family(block.members[other as usize].role)
                    {
                        assert_eq!(mate.last_name, person.last_name);
                    }
                }
            }
        }
        assert!(married > 1_000, "{married}");
    }

    #[test]
    fn names_ages_and_addresses_are_plausible() {
        let (ctx, persons) = population();
        let as_of = ctx.window.as_of_date;
        let mut middle = 0;
        for (p, person) in persons.iter().enumerate() {
            let c = core(ctx, p as u64);
            let country = refdata::country(c.country);
            assert!((18..=85).contains(&person.age));
            assert_eq!(person.age, age_at(person.date_of_birth, as_of));
            assert!(
                country
                    .locale
                    .first_names(c.female)
                    .contains(&person.first_name)
            );
            assert!(country.locale.last_names().contains(&person.last_name));
            assert!(person.full_name.contains(person.first_name));
            assert!(person.full_name.contains(person.last_name));
            middle += person.middle_name.is_some() as usize;
            assert!((1..=3).contains(&person.addresses.len()));
            let primary = &person.addresses[0];
            assert!(primary.is_primary && primary.address_type == AddressType::Residential);
            assert_eq!(primary.postal.country_code, country.code);
            for (k, a) in person.addresses.iter().enumerate() {
                assert_eq!(a.is_primary, k == 0);
                let cc = refdata::country(refdata::country_by_code(a.postal.country_code).unwrap());
                let (lat_min, lat_max, lon_min, lon_max) = cc.bbox;
                let lat = a.latitude.unwrap();
                let lon = a.longitude.unwrap();
                assert_eq!((lat.scale, lon.scale), (6, 6));
                assert!((lat_min as i64..=lat_max as i64).contains(&lat.units));
                assert!((lon_min as i64..=lon_max as i64).contains(&lon.units));
                assert_eq!(a.postal.state.is_some(), !cc.states.is_empty());
                // the city is one of the country's, and so are the name and the code.
                assert!(cc.cities.contains(&a.postal.city));
                assert_eq!(a.postal.country, cc.name);
                assert_eq!(a.postal.postal_code.len(), cc.postal_pattern.len());
                for (ch, pat) in a.postal.postal_code.chars().zip(cc.postal_pattern.chars()) {
                    match pat {
                        '#' => assert!(ch.is_ascii_digit()),
                        '@' => assert!(ch.is_ascii_uppercase()),
                        _ => assert_eq!(ch, pat),
                    }
                }
            }
            assert!(!person.citizenship.is_empty() && person.citizenship[0] == person.nationality);
            assert!(person.citizenship.len() < 2 || person.citizenship[1] != person.nationality);
            assert!(person.languages.len() <= 3);
            assert!((0..=4).contains(&person.dependents));
            assert!(person.social_media_profiles.count() <= 3);
            assert!((1_000..=9_000).contains(&person.online_activity_score.units));
            assert!(person.created_at < ctx.window.end);
            assert_eq!(person.updated_at, ctx.window.end);
        }
        assert!(
            (0.67..=0.73).contains(&share(middle, persons.len())),
            "{middle}"
        );
    }

    #[test]
    fn maiden_names_only_for_once_married_women() {
        let (ctx, persons) = population();
        let (mut eligible, mut with_maiden) = (0, 0);
        for (p, person) in persons.iter().enumerate() {
            let once_married = matches!(
                person.marital_status,
                Some(MaritalStatus::Married | MaritalStatus::Divorced | MaritalStatus::Widowed)
            );
            if core(ctx, p as u64).female && once_married {
                eligible += 1;
                with_maiden += person.maiden_name.is_some() as usize;
            } else {
                assert_eq!(person.maiden_name, None);
            }
        }
        let rate = share(with_maiden, eligible);
        assert!((0.35..=0.45).contains(&rate), "{rate}");
    }

    #[test]
    fn employment_and_money_are_consistent() {
        let (ctx, persons) = population();
        let as_of = ctx.window.as_of_date;
        let mut employed = 0;
        for person in persons {
            let current: Vec<&Employment> = person
                .employment_history
                .iter()
                .filter(|j| j.is_current)
                .collect();
            assert!(current.len() <= 1);
            assert!(person.employment_history.len() <= 3);
            match current.first() {
                Some(job) => {
                    employed += 1;
                    assert_eq!(person.annual_income, Some(job.annual_income));
                    if let Some(second) = person.email_addresses.get(1) {
                        assert_eq!(second.email_type, EmailType::Work);
                    }
                }
                None => assert_eq!(person.annual_income, None),
            }
            let work = |e: &&Email| e.email_type == EmailType::Work;
            assert_eq!(
                person.email_addresses.iter().filter(work).count(),
                (!current.is_empty() && person.email_addresses.len() > 1) as usize
            );
            assert_eq!(person.email_addresses[0].email_type, EmailType::Personal);
            assert!(person.net_worth.unwrap().units >= 0);
            let sixteenth = add_years(person.date_of_birth, 16);
            let mut previous_end = None;
            for job in &person.employment_history {
                let id = job.employer_id.unwrap();
                let (ns, c) = ctx.ids.decode(id.value).unwrap();
                assert_eq!(ns, Namespace::Company);
                assert!(c < COMPANIES);
                let employer = company::core(ctx, c);
                assert_eq!(job.employer_name, employer.legal_name);
                assert_eq!(job.industry, employer.industry);
                assert_eq!(job.end_date.is_none(), job.is_current);
                assert!(job.start_date >= sixteenth && job.start_date <= as_of);
                if let Some(end) = job.end_date {
                    assert!(end > job.start_date && end <= as_of);
                }
                if let Some(prev) = previous_end {
                    assert!(job.start_date > prev);
                }
                previous_end = job.end_date;
                assert_eq!(job.currency, person.currency);
            }
        }
        let rate = share(employed, persons.len());
        assert!((0.6..=0.7).contains(&rate), "{rate}");
    }

    #[test]
    fn documents_respect_birthdays_and_validity() {
        let (ctx, persons) = population();
        let as_of = ctx.window.as_of_date;
        for person in persons {
            for doc in &person.identification_documents {
                let min_age = if doc.doc_type == DocType::Passport {
                    18
                } else {
                    16
                };
                assert!(doc.issue_date >= add_years(person.date_of_birth, min_age));
                assert!(doc.issue_date <= as_of);
                let years = if doc.doc_type == DocType::DriversLicense {
                    5
                } else {
                    10
                };
                assert_eq!(doc.expiry_date, Some(add_years(doc.issue_date, years)));
            }
        }
    }

    #[test]
    fn gender_follows_the_household_flag() {
        let (ctx, persons) = population();
        let mut counts = [0usize; 4];
        for (p, person) in persons.iter().enumerate() {
            counts[person.gender as usize] += 1;
            let female = core(ctx, p as u64).female;
            assert!(person.gender != if female { Gender::Male } else { Gender::Female });
        }
        let n = persons.len();
        assert!((0.45..=0.53).contains(&share(counts[0], n)));
        assert!((0.45..=0.53).contains(&share(counts[1], n)));
        assert!((0.005..=0.015).contains(&share(counts[2], n)));
    }

    #[test]
    fn csv_tables_and_json_shape() {
        let tables = crate::encode::csv::table_headers::<Person>();
        let names: Vec<&str> = tables.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "persons",
                "person_addresses",
                "person_phone_numbers",
                "person_email_addresses",
                "person_identification_documents",
                "person_employment_history"
            ]
        );
        let (_, persons) = population();
        let text = String::from_utf8(json(&persons[0])).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let social = value["social_media_profiles"].as_object().unwrap();
        let keys: Vec<&String> = social.keys().collect();
        assert_eq!(keys.len(), 4);
        assert!(text.find("\"twitter\"") < text.find("\"linkedin\""));
        assert!(text.find("\"facebook\"") < text.find("\"instagram\""));
        assert!(value["sanction_lists"].is_array());
    }
}
