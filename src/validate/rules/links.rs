//! The dataset-wide link rules (SPEC §12, §10.2), checked once every part has been read:
//!
//! * UBO-1 — from the `shareholder` edges (nominee arrangements passed through) recompute every
//!   person's effective ownership of every company exactly as the generator does
//!   ([`crate::generators::links::beneficial_owners_with`]: Σ over simple paths of the product of direct
//!   holdings in integer hundredths, rounded once to 4 decimals); `beneficial_owner` edges (and their
//!   `effective_ownership`) and company accounts' `beneficial_owners` must equal the persons at or above
//!   the configured threshold; person accounts carry none.
//! * CONS-HOUSEHOLD — married ⇔ a spouse edge (exactly one); spouses and joint owners live in the
//!   owner's household (the same primary residential address); joint owners only on person accounts.
//! * CONS-OFFICER — a company's officers ⇔ its `director` edges.
//! * CONS-GROUP — `parent_company_id` ⇔ the parent's `subsidiary_ids`.
//!
//! Nominee arrangements: an edge with context `nominee_arrangement` from a person X to a person or
//! company N means N holds on X's behalf, so N's direct holdings count as X's (a 100 % pass-through
//! link X → N → C) and never as N's own, one level deep (the principal's own arrangements are not
//! followed further); the background's professional nominees and planted ones alike.
//!
//! Memory: one small item per person, company and account and one per ownership, director or spouse
//! edge — O(entities + ownership edges), independent of event volume.

use crate::core::ids::Namespace;
use crate::core::text::{parse_id, units};
use crate::generators::links::{Holder, Holding, beneficial_owners_with, pass_through};
use crate::validate::findings::Findings;
use crate::validate::state::{Ent, Fact, Item, Rec};
use std::collections::{BTreeMap, BTreeSet};

/// The facts of one format's files, in file order.
#[derive(Default)]
pub struct Collected {
    files: Vec<String>,
    items: Vec<(u32, Item)>,
    pub persons_read: bool,
    pub companies_read: bool,
    pub accounts_read: bool,
    pub relationships_read: bool,
}

impl Collected {
    /// Moves a chunk's items in, stamped with their file.
    pub fn take(&mut self, items: &mut Vec<Item>, file: &str) {
        if items.is_empty() {
            return;
        }
        if self.files.last().map(String::as_str) != Some(file) {
            self.files.push(file.to_string());
        }
        let k = (self.files.len() - 1) as u32;
        self.items.extend(items.drain(..).map(|i| (k, i)));
    }

    /// Notes which entity files were read.
    pub fn saw(&mut self, stem: &str) {
        match stem {
            "persons" => self.persons_read = true,
            "companies" => self.companies_read = true,
            "accounts" => self.accounts_read = true,
            "relationships" => self.relationships_read = true,
            _ => {}
        }
    }
}

fn decode(r: &Rec<'_, '_>, text: Option<&str>) -> Option<Ent> {
    let (ns, value) = parse_id(text?)?;
    let (d, index) = r.ctx.codec.as_ref()?.decode(value)?;
    (d == ns).then_some((ns, index))
}

fn index_in(r: &Rec<'_, '_>, text: Option<&str>, ns: Namespace) -> Option<u64> {
    decode(r, text).filter(|e| e.0 == ns).map(|e| e.1)
}

fn ids(r: &Rec<'_, '_>, name: &str, ns: Namespace) -> Vec<u64> {
    r.obj
        .at(name)
        .as_arr()
        .unwrap_or(&[])
        .iter()
        .filter_map(|v| index_in(r, v.as_str(), ns))
        .collect()
}

/// FNV-1a over the primary address's identifying parts.
fn home(r: &Rec<'_, '_>) -> u64 {
    let Some(first) = r
        .obj
        .at("addresses")
        .as_arr()
        .and_then(|a| a.first())
        .and_then(|a| a.as_obj())
    else {
        return 0;
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for key in ["street", "city", "postal_code", "country_code"] {
        for b in first.str(key).unwrap_or("").bytes().chain([0xff]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h.max(1)
}

/// Collects what the link rules need from one record (entity and relationship files only).
pub fn collect(r: &Rec<'_, '_>, out: &mut Vec<Item>) {
    let o = r.obj;
    let fact = match r.stem() {
        "persons" => {
            let Some(index) = index_in(r, o.str("id"), Namespace::Person) else {
                return;
            };
            Fact::Person {
                index,
                married: o.str("marital_status") == Some("married"),
                home: home(r),
            }
        }
        "companies" => {
            let Some(index) = index_in(r, o.str("id"), Namespace::Company) else {
                return;
            };
            let officers = o
                .at("officers")
                .as_arr()
                .unwrap_or(&[])
                .iter()
                .filter_map(|x| x.as_obj())
                .filter_map(|x| index_in(r, x.str("person_id"), Namespace::Person))
                .collect();
            Fact::Company {
                index,
                parent: index_in(r, o.str("parent_company_id"), Namespace::Company),
                subsidiaries: ids(r, "subsidiary_ids", Namespace::Company),
                officers,
            }
        }
        "accounts" => Fact::Account {
            owner: decode(r, o.str("owner_id")),
            joint: ids(r, "joint_owners", Namespace::Person),
            beneficial: ids(r, "beneficial_owners", Namespace::Person),
        },
        "relationships" => {
            let (Some(from), Some(to)) = (
                decode(r, o.str("from_entity_id")),
                decode(r, o.str("to_entity_id")),
            ) else {
                return;
            };
            let company = |e: Ent| (e.1, e.0 == Namespace::Company);
            if o.str("context") == Some("nominee_arrangement") && from.0 == Namespace::Person {
                out.push(Item {
                    fact: Fact::Nominee {
                        principal: from.1,
                        nominee: to,
                    },
                    line: r.line,
                });
            }
            match o.str("relationship_type") {
                Some("spouse") if from.0 == Namespace::Person && to.0 == Namespace::Person => {
                    Fact::Spouse(from.1, to.1)
                }
                Some("director") if from.0 == Namespace::Person && company(to).1 => {
                    Fact::Director {
                        person: from.1,
                        company: to.1,
                    }
                }
                Some("shareholder") if company(to).1 => {
                    let Some(hundredths) = o
                        .at("ownership_percentage")
                        .as_num()
                        .and_then(|t| units(t, 2, false))
                        .and_then(|v| u32::try_from(v).ok())
                    else {
                        return;
                    };
                    Fact::Shareholder {
                        holder: from,
                        company: to.1,
                        hundredths,
                    }
                }
                Some("beneficial_owner") if company(to).1 => Fact::BeneficialOwner {
                    person: if from.0 == Namespace::Person {
                        from.1
                    } else {
                        u64::MAX
                    },
                    company: to.1,
                    effective: o
                        .at("effective_ownership")
                        .as_num()
                        .and_then(|t| units(t, 4, false))
                        .and_then(|v| u64::try_from(v).ok()),
                },
                _ => return,
            }
        }
        _ => return,
    };
    out.push(Item { fact, line: r.line });
}

/// The rules of this module that could not run, with the reason (None: all ran).
pub fn not_run(c: &Collected) -> Vec<(&'static str, &'static str)> {
    let mut out = Vec::new();
    if !c.relationships_read && (c.persons_read || c.companies_read || c.accounts_read) {
        out.push((
            "UBO-1, CONS-OFFICER, CONS-HOUSEHOLD married ⇔ spouse",
            "no relationships file",
        ));
    }
    out
}

/// A company's (file, line, parent, subsidiaries, officers).
type CompanyRow<'a> = (u32, u64, Option<u64>, &'a [u64], &'a [u64]);

/// Where a finding about an entity or edge goes.
struct At<'a> {
    files: &'a [String],
}

impl At<'_> {
    fn file(&self, k: u32) -> &str {
        self.files.get(k as usize).map_or("", String::as_str)
    }
}

/// Runs UBO-1, CONS-HOUSEHOLD, CONS-OFFICER and CONS-GROUP over everything collected (a complete
/// dataset). `threshold` is the UBO threshold in 1/10,000 of a percent.
pub fn finish(c: &Collected, threshold: u64, f: &mut Findings) {
    let at = At { files: &c.files };
    // Entity tables, by row: (file, line) and facts.
    let mut persons: BTreeMap<u64, (u32, u64, bool, u64)> = BTreeMap::new();
    let mut companies: BTreeMap<u64, CompanyRow<'_>> = BTreeMap::new();
    for (k, item) in &c.items {
        match &item.fact {
            Fact::Person {
                index,
                married,
                home,
            } => {
                persons.insert(*index, (*k, item.line, *married, *home));
            }
            Fact::Company {
                index,
                parent,
                subsidiaries,
                officers,
            } => {
                companies.insert(*index, (*k, item.line, *parent, subsidiaries, officers));
            }
            _ => {}
        }
    }
    household(c, &at, &persons, f);
    if c.companies_read && c.relationships_read {
        officer(c, &at, &companies, f);
    }
    if c.companies_read {
        group(&at, &companies, f);
    }
    if c.relationships_read {
        ubo(c, &at, threshold, f);
    }
}

fn household(
    c: &Collected,
    at: &At<'_>,
    persons: &BTreeMap<u64, (u32, u64, bool, u64)>,
    f: &mut Findings,
) {
    const RULE: &str = "CONS-HOUSEHOLD";
    if c.persons_read && c.relationships_read {
        let mut spouses: BTreeMap<u64, u32> = BTreeMap::new();
        for (k, item) in &c.items {
            let Fact::Spouse(a, b) = item.fact else {
                continue;
            };
            for p in [a, b] {
                *spouses.entry(p).or_default() += 1;
                if let Some(&(_, _, married, _)) = persons.get(&p)
                    && !married
                {
                    f.error(RULE, at.file(*k), item.line, || {
                        format!("spouse edge for a person who is not married (row {p})")
                    });
                }
            }
            if let (Some(x), Some(y)) = (persons.get(&a), persons.get(&b))
                && x.3 != 0
                && y.3 != 0
                && x.3 != y.3
            {
                f.error(RULE, at.file(*k), item.line, || {
                    "spouses do not share a primary address".into()
                });
            }
        }
        for (p, &(k, line, married, _)) in persons {
            let n = spouses.get(p).copied().unwrap_or(0);
            if married && n != 1 {
                f.error(RULE, at.file(k), line, || {
                    format!("married with {n} spouse edge(s)")
                });
            }
        }
    }
    if c.persons_read && c.accounts_read {
        for (k, item) in &c.items {
            let Fact::Account { owner, joint, .. } = &item.fact else {
                continue;
            };
            if joint.is_empty() {
                continue;
            }
            match owner {
                Some((Namespace::Person, p)) => {
                    let home = persons.get(p).map_or(0, |x| x.3);
                    for j in joint {
                        let other = persons.get(j).map_or(0, |x| x.3);
                        if j == p || (home != 0 && other != 0 && home != other) {
                            f.error(RULE, at.file(*k), item.line, || {
                                format!("joint owner (person row {j}) is not a household member of the owner")
                            });
                        }
                    }
                }
                Some(_) => f.error(RULE, at.file(*k), item.line, || {
                    "joint owners on a company account".into()
                }),
                None => {}
            }
        }
    }
}

fn officer(
    c: &Collected,
    at: &At<'_>,
    companies: &BTreeMap<u64, CompanyRow<'_>>,
    f: &mut Findings,
) {
    const RULE: &str = "CONS-OFFICER";
    let mut directors: BTreeSet<(u64, u64)> = BTreeSet::new();
    for (k, item) in &c.items {
        let Fact::Director { person, company } = item.fact else {
            continue;
        };
        directors.insert((company, person));
        if let Some(x) = companies.get(&company)
            && !x.4.contains(&person)
        {
            f.error(RULE, at.file(*k), item.line, || {
                format!("director edge for a person (row {person}) who is not an officer")
            });
        }
    }
    for (company, &(k, line, _, _, officers)) in companies {
        for p in officers {
            if !directors.contains(&(*company, *p)) {
                f.error(RULE, at.file(k), line, || {
                    format!("officer (person row {p}) without a director edge")
                });
            }
        }
    }
}

fn group(at: &At<'_>, companies: &BTreeMap<u64, CompanyRow<'_>>, f: &mut Findings) {
    const RULE: &str = "CONS-GROUP";
    for (company, &(k, line, parent, subsidiaries, _)) in companies {
        if let Some(p) = parent
            && let Some(x) = companies.get(&p)
            && !x.3.contains(company)
        {
            f.error(RULE, at.file(k), line, || {
                format!("parent (row {p}) does not list this company as a subsidiary")
            });
        }
        for s in subsidiaries {
            if let Some(x) = companies.get(s)
                && x.2 != Some(*company)
            {
                f.error(RULE, at.file(k), line, || {
                    format!("subsidiary (row {s}) names another parent")
                });
            }
        }
    }
}

/// UBO-1: beneficial_owner edges and account beneficial owners against the recomputed set.
fn ubo(c: &Collected, at: &At<'_>, threshold: u64, f: &mut Findings) {
    const RULE: &str = "UBO-1";
    // Nominee → principal (the lowest principal row when several arrangements name one nominee).
    let mut principal: BTreeMap<Ent, u64> = BTreeMap::new();
    for (_, item) in &c.items {
        if let Fact::Nominee {
            principal: p,
            nominee,
        } = item.fact
        {
            let e = principal.entry(nominee).or_insert(p);
            *e = (*e).min(p);
        }
    }
    let mut into: BTreeMap<u64, Vec<Holding>> = BTreeMap::new();
    let mut first_edge: BTreeMap<u64, (u32, u64)> = BTreeMap::new();
    for (k, item) in &c.items {
        let Fact::Shareholder {
            holder,
            company,
            hundredths,
        } = item.fact
        else {
            continue;
        };
        let holder = match holder.0 {
            Namespace::Person => Holder::Person(holder.1),
            _ => Holder::Company(holder.1),
        };
        into.entry(company).or_default().push(Holding {
            holder,
            hundredths,
            since: 0,
        });
        first_edge.entry(company).or_insert((*k, item.line));
    }
    let mut computed: BTreeMap<u64, BTreeMap<u64, u64>> = BTreeMap::new();
    let mut owners_of = |company: u64| -> BTreeMap<u64, u64> {
        computed
            .entry(company)
            .or_insert_with(|| {
                beneficial_owners_with(company, threshold, |k| {
                    let direct = into.get(&k).cloned().unwrap_or_default();
                    pass_through(direct, |h| {
                        let e = match h {
                            Holder::Person(p) => (Namespace::Person, p),
                            Holder::Company(c) => (Namespace::Company, c),
                        };
                        principal.get(&e).copied()
                    })
                })
                .into_iter()
                .map(|b| (b.person, b.effective_ten_thousandths))
                .collect()
            })
            .clone()
    };
    // Edges written, per company.
    let mut written: BTreeMap<u64, BTreeSet<u64>> = BTreeMap::new();
    for (k, item) in &c.items {
        let Fact::BeneficialOwner {
            person,
            company,
            effective,
        } = item.fact
        else {
            continue;
        };
        let file = at.file(*k);
        if !written.entry(company).or_default().insert(person) {
            f.error(RULE, file, item.line, || {
                "beneficial_owner edge written twice".into()
            });
            continue;
        }
        match owners_of(company).get(&person) {
            None => f.error(RULE, file, item.line, || {
                "beneficial_owner edge for a person below the threshold (or not an owner)".into()
            }),
            Some(&e) if effective != Some(e) => f.error(RULE, file, item.line, || {
                format!(
                    "effective_ownership {}, recomputed {}",
                    effective.map_or("null".to_string(), |v| crate::model::record::Decimal::new(
                        v as i64, 4
                    )
                    .to_string()),
                    crate::model::record::Decimal::new(e as i64, 4)
                )
            }),
            Some(_) => {}
        }
    }
    let companies: Vec<u64> = into.keys().copied().collect();
    for company in companies {
        let missing: Vec<u64> = owners_of(company)
            .keys()
            .filter(|p| !written.get(&company).is_some_and(|w| w.contains(p)))
            .copied()
            .collect();
        if let (Some(&p), Some(&(k, line))) = (missing.first(), first_edge.get(&company)) {
            let n = missing.len();
            f.error(RULE, at.file(k), line, || {
                format!("company row {company}: {n} beneficial owner(s) without a beneficial_owner edge (first: person row {p})")
            });
        }
    }
    if !c.accounts_read {
        return;
    }
    for (k, item) in &c.items {
        let Fact::Account {
            owner, beneficial, ..
        } = &item.fact
        else {
            continue;
        };
        let listed: BTreeSet<u64> = beneficial.iter().copied().collect();
        let expected: BTreeSet<u64> = match owner {
            Some((Namespace::Company, company)) => owners_of(*company).keys().copied().collect(),
            Some(_) => BTreeSet::new(),
            None => continue,
        };
        if listed != expected || listed.len() != beneficial.len() {
            f.error(RULE, at.file(*k), item.line, || {
                format!(
                    "beneficial_owners lists {} person(s), the owner's UBO-1 set has {}",
                    beneficial.len(),
                    expected.len()
                )
            });
        }
    }
}
