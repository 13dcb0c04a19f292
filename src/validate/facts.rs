//! Compact entity facts collected while the entity files are read: per person and company the alert
//! flags (high risk or PEP, sanctioned), a person's residence country and per person a 64-bit hash of
//! its passport number (REF-8), per account its owner, currency, status and dates, per listed company
//! its ticker and officers and, from the relationships, its major person shareholders (the trade
//! insider rules), plus the views the typology invariants read
//! ([`crate::patterns::dataset::DatasetFacts`]). Later files (events) read them from the context;
//! nothing of the event files is kept.

use crate::core::ids::Namespace;
use crate::core::time::{Date, parse_date};
use crate::model::account::AccountStatus;
use crate::patterns::dataset::DatasetFacts;
use crate::validate::rules::refs::resolve_text;
use crate::validate::state::{
    AccountFact, HoldingFact, NO_PASSPORT, OfficerFact, Out, OwnerFact, Rec, passport_hash,
    ticker_key,
};

/// The fields [`DatasetFacts::add_person`] reads.
const PERSON_VIEW: &[&str] = &["id", "addresses", "phone_numbers", "is_pep"];
/// The fields [`DatasetFacts::add_company`] reads.
const COMPANY_VIEW: &[&str] = &[
    "id",
    "registration_country",
    "is_shell_company",
    "stock_ticker",
];
/// The fields [`crate::patterns::dataset::tie_view`] reads.
const TIE_VIEW: &[&str] = &[
    "relationship_type",
    "from_entity_id",
    "ownership_percentage",
    "start_date",
    "end_date",
];
/// The fields [`DatasetFacts::add_account`] reads.
const ACCOUNT_VIEW: &[&str] = &[
    "id",
    "owner_id",
    "bank_id",
    "opened_date",
    "account_type",
    "credit_limit",
    "currency",
];

/// The passport facts of a person record: the first passport's hash (or [`NO_PASSPORT`]) into
/// `out.passports`, any further passports into `out.extra_passports`.
fn passports(r: &Rec<'_, '_>, index: u64, out: &mut Out) {
    let mut first = None;
    for doc in r.obj.at("identification_documents").as_arr().unwrap_or(&[]) {
        let Some(d) = doc.as_obj() else { continue };
        let Some(number) = d
            .str("doc_number")
            .filter(|_| d.str("doc_type") == Some("passport"))
        else {
            continue;
        };
        let h = passport_hash(number);
        if first.is_none() {
            first = Some(h);
        } else {
            out.extra_passports.push((index, h));
        }
    }
    out.passports.push((index, first.unwrap_or(NO_PASSPORT)));
}

/// Row index of the record's own id, when it decodes to the file's namespace.
fn own_index(r: &Rec<'_, '_>, ns: Namespace) -> Option<(u64, u64)> {
    let (p, value) = crate::core::text::parse_id(r.obj.str("id")?)?;
    let (d, index) = r.ctx.codec.as_ref()?.decode(value)?;
    (p == ns && d == ns).then_some((value, index))
}

fn owner_fact(r: &Rec<'_, '_>) -> OwnerFact {
    let o = r.obj;
    OwnerFact {
        present: true,
        high_risk: o.at("is_pep").as_bool() == Some(true)
            || matches!(o.str("risk_level"), Some("high" | "critical")),
        sanctioned: o.at("is_sanctioned").as_bool() == Some(true),
        residence: None,
        earliest_account: match r.stem() {
            "persons" => o
                .str("date_of_birth")
                .and_then(parse_date)
                .map(|dob| crate::core::time::add_years(dob, 18)),
            _ => o.str("registration_date").and_then(parse_date),
        }
        .unwrap_or(crate::core::time::Date::MIN),
    }
}

/// The country of a person's primary address.
fn residence(r: &Rec<'_, '_>) -> Option<crate::refdata::CountryId> {
    let addresses = r.obj.at("addresses").as_arr()?;
    let primary = addresses
        .iter()
        .filter_map(|a| a.as_obj())
        .find(|a| a.at("is_primary").as_bool() == Some(true))?;
    crate::refdata::country_by_code(primary.str("country_code")?)
}

/// A row as u32 (rows are below 2^28 when stored; anything larger is ignored).
fn row(index: u64) -> Option<u32> {
    u32::try_from(index).ok()
}

/// Index of a person or company id text.
fn index_of(r: &Rec<'_, '_>, text: Option<&str>, ns: Namespace) -> Option<u32> {
    let (p, value) = crate::core::text::parse_id(text?)?;
    let (d, index) = r.ctx.codec.as_ref()?.decode(value)?;
    if p != ns || d != ns {
        return None;
    }
    row(index)
}

/// A listed company's ticker and officers (only complete datasets use them, see `Issuers`).
fn listing(r: &Rec<'_, '_>, index: u64, out: &mut Out) {
    let o = r.obj;
    let (Some(company), Some(true), Some(key)) = (
        row(index),
        o.at("is_public").as_bool(),
        o.str("stock_ticker").and_then(|t| ticker_key(t.as_bytes())),
    ) else {
        return;
    };
    out.listings.push((key, company));
    for officer in (o.at("officers").as_arr().unwrap_or(&[]).iter()).filter_map(|x| x.as_obj()) {
        let (Some(person), Some(appointed)) = (
            index_of(r, officer.str("person_id"), Namespace::Person),
            officer.str("appointment_date").and_then(parse_date),
        ) else {
            continue;
        };
        let resigned = match officer.at("resignation_date") {
            crate::validate::json::Val::Null => Date::MAX,
            v => match v.as_str().and_then(parse_date) {
                Some(d) => d,
                None => continue,
            },
        };
        out.officers.push(OfficerFact {
            company,
            person,
            appointed,
            resigned,
        });
    }
}

/// A direct person holding of at least the major-shareholder percentage.
fn holding(r: &Rec<'_, '_>, out: &mut Out) {
    let o = r.obj;
    let Some(man) = r.ctx.man.as_ref() else {
        return;
    };
    if o.str("relationship_type") != Some("shareholder") {
        return;
    }
    let (Some(person), Some(company), Some(hundredths), Some(since)) = (
        index_of(r, o.str("from_entity_id"), Namespace::Person),
        index_of(r, o.str("to_entity_id"), Namespace::Company),
        o.at("ownership_percentage")
            .as_num()
            .and_then(|t| crate::core::text::units(t, 2, false)),
        o.str("start_date").and_then(parse_date),
    ) else {
        return;
    };
    if hundredths >= man.alerts.trades.major_shareholder_hundredths() as i64 {
        out.holdings.push(HoldingFact {
            company,
            person,
            since,
        });
    }
}

pub fn collect(r: &Rec<'_, '_>, out: &mut Out) {
    match r.stem() {
        "persons" => {
            let Some((value, index)) = own_index(r, Namespace::Person) else {
                return;
            };
            out.persons.push((
                index,
                OwnerFact {
                    residence: residence(r),
                    ..owner_fact(r)
                },
            ));
            passports(r, index, out);
            let mut tmp = DatasetFacts::default();
            if tmp.add_person(&r.obj_serde_only(PERSON_VIEW)).is_some()
                && let Some(v) = tmp.persons.remove(&value)
            {
                out.person_views.push((value, v));
            }
        }
        "companies" => {
            let Some((_, index)) = own_index(r, Namespace::Company) else {
                return;
            };
            out.companies.push((index, owner_fact(r)));
            if r.ctx.full {
                listing(r, index, out);
            }
            let mut tmp = DatasetFacts::default();
            if let Some(value) = r.obj.str("id").and_then(crate::core::text::parse_id)
                && tmp.add_company(&r.obj_serde_only(COMPANY_VIEW)).is_some()
                && let Some(v) = tmp.companies.remove(&value.1)
            {
                out.company_views.push((value.1, v));
                if let Some(ticker) = tmp.tickers.remove(&value.1) {
                    out.tickers.push((value.1, ticker));
                }
            }
        }
        "accounts" => {
            let Some((value, index)) = own_index(r, Namespace::Account) else {
                return;
            };
            let o = r.obj;
            let owner_text = o.str("owner_id");
            let allowed: &[Namespace] = match o.str("owner_type") {
                Some("person") => &[Namespace::Person],
                Some("company") => &[Namespace::Company],
                _ => &[Namespace::Person, Namespace::Company],
            };
            let owner = owner_text.and_then(|t| resolve_text(r, t, allowed).ok());
            let fact = AccountFact {
                present: true,
                owner,
                owner_value: owner_text
                    .and_then(crate::core::text::parse_id)
                    .map_or(0, |(_, v)| v),
                currency: o.str("currency").and_then(crate::refdata::currency_by_code),
                status: o.str("status").and_then(AccountStatus::from_label),
                opened: o
                    .str("opened_date")
                    .and_then(parse_date)
                    .unwrap_or(i32::MAX),
                closed: o.str("closed_date").and_then(parse_date),
            };
            out.accounts.push((index, fact));
            // Invariants read accounts only through resolving owners.
            if owner.is_some() {
                let mut tmp = DatasetFacts::default();
                if tmp.add_account(&r.obj_serde_only(ACCOUNT_VIEW)).is_some()
                    && let Some(v) = tmp.accounts.remove(&value)
                {
                    out.account_views.push((value, v));
                }
            }
        }
        "relationships" => {
            if r.ctx.full {
                holding(r, out);
            }
            if let Some((company, hundredths)) = crate::validate::rules::range::shareholding(r) {
                out.shares.push((company, hundredths, r.line));
            }
            // Edges between pattern members are what the insider invariants read (members come first).
            let member = |k: &str| {
                r.obj
                    .str(k)
                    .and_then(crate::core::text::parse_id)
                    .filter(|(_, v)| r.ctx.inv.members.contains(v))
            };
            if let (Some(a), Some(b)) = (member("from_entity_id"), member("to_entity_id"))
                && let Some(tie) = crate::patterns::dataset::tie_view(&r.obj_serde_only(TIE_VIEW))
            {
                out.ties.push((a.1, b.1, tie));
            }
        }
        _ => {}
    }
}

/// Stores `(index, fact)` pairs into a row-indexed table, ignoring absurd indices.
pub fn store<T: Copy + Default>(table: &mut Vec<T>, items: &[(u64, T)], limit: u64) {
    for &(index, fact) in items {
        if index >= limit || index >= (1 << 28) {
            continue;
        }
        let i = index as usize;
        if table.len() <= i {
            table.resize(i + 1, T::default());
        }
        table[i] = fact;
    }
}
