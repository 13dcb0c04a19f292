//! The ubo_chain family (SPEC §10.1, §10.2): ownership structures planted among existing persons and
//! companies. An instance writes shareholder edges into a target company (and into the layer
//! companies between its owners and the target), plus nominee arrangements; the beneficial_owner edges
//! and the company accounts' `beneficial_owners` then follow from UBO-1 like everybody else's
//! ([`crate::generators::links::beneficial_owners`]), because the planted holdings replace the
//! background shareholders of every company they go into ([`super::ownership`]).
//!
//! Subtypes: `direct` (one person holds 25–100 % directly), `layered_holding` (2–4 company layers),
//! `shell_chain` (2–3 layers of shells registered in at least two havens), `multiple_ubos` (2–3
//! persons each at or above the threshold), `pep_ubo` (a politically exposed owner), `nominee` (a
//! nominee holds for the owner, who holds nothing directly), `threshold_edge` (persons at exactly the
//! threshold −0.5, ±0 and +0.5 points) and `circular` (a cycle of 3–4 cross-holding companies).
//!
//! Companies taking part are private, outside any group and not yet used by an earlier instance, so
//! no background company's owners change; persons are adults not used by an earlier instance and not
//! background nominees.

use super::{
    CompanyView, Entity, Family, HoldingSpec, InstancePlan, InstanceRecords, NoFit, NomineeSpec,
    PlanCtx, Role, Typology, Violation, ensure,
};
use crate::core::ids::{Namespace, RecordId};
use crate::core::seed::Rng;
use crate::core::time::{Date, add_years};
use crate::generators::links::{self, Holder, Holding};
use crate::generators::{company, person};
use crate::model::relationship::{RelationshipContext, RelationshipType};
use crate::refdata::{self, CountryId};
use std::collections::{BTreeMap, BTreeSet};

pub struct UboChain;

const SUBTYPES: [(&str, u32); 8] = [
    ("direct", 125),
    ("layered_holding", 125),
    ("shell_chain", 125),
    ("multiple_ubos", 125),
    ("pep_ubo", 125),
    ("nominee", 125),
    ("threshold_edge", 125),
    ("circular", 125),
];
const DIRECT: usize = 0;
const LAYERED: usize = 1;
const SHELL_CHAIN: usize = 2;
const MULTIPLE: usize = 3;
const PEP: usize = 4;
const NOMINEE: usize = 5;
const THRESHOLD: usize = 6;
const CIRCULAR: usize = 7;

const WHOLE: u32 = links::WHOLE;
/// Random probes for one participant.
const PROBES: u32 = 4_096;
const ATTEMPTS: u32 = 8;
/// A default plan has one instance per this many companies (§10.1).
const COMPANIES_PER_INSTANCE: u64 = 50;

impl Typology for UboChain {
    fn family(&self) -> Family {
        Family::UboChain
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        &SUBTYPES
    }

    fn min_transactions(&self, _subtype: usize) -> u64 {
        0
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        _max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        let name = SUBTYPES
            .get(subtype)
            .ok_or_else(|| NoFit(format!("ubo_chain has no subtype {subtype}")))?
            .0;
        let mut last = NoFit("no attempt".into());
        for _ in 0..ATTEMPTS {
            let mut b = Builder::new(pctx, subtype);
            let planted = match subtype {
                DIRECT => plan_direct(&mut b, rng, false),
                LAYERED => plan_layered(&mut b, rng, false),
                SHELL_CHAIN => plan_layered(&mut b, rng, true),
                MULTIPLE => plan_multiple(&mut b, rng),
                PEP => plan_direct(&mut b, rng, true),
                NOMINEE => plan_nominee(&mut b, rng),
                THRESHOLD => plan_threshold(&mut b, rng),
                CIRCULAR => plan_circular(&mut b, rng),
                _ => unreachable!("subtype {subtype} was looked up above"),
            };
            match planted.and_then(|target| b.finish(target)) {
                Ok(plan) => return Ok(plan),
                Err(e) => last = e,
            }
        }
        let _ = name;
        Err(last)
    }

    fn check(&self, r: &InstanceRecords<'_>) -> Result<(), Violation> {
        let subtype = SUBTYPES
            .iter()
            .position(|s| s.0 == r.subtype)
            .ok_or_else(|| Violation(format!("unknown ubo_chain subtype {}", r.subtype)))?;
        let g = Structure::read(r)?;
        let threshold = r.facts.ubo_threshold();
        let effective = g.effective();
        let ubos: BTreeMap<RecordId, u64> = effective
            .iter()
            .filter(|&(_, &e)| e >= threshold)
            .map(|(&p, &e)| (p, e))
            .collect();
        check_owners(r, &g, &ubos)?;
        match subtype {
            DIRECT => check_direct(&g, &ubos, threshold),
            LAYERED => check_layered(&g, &ubos).map(|_| ()),
            SHELL_CHAIN => check_shells(r, &g, &ubos),
            MULTIPLE => ensure(ubos.len() >= 2, || {
                format!(
                    "{} person(s) at or above the threshold, 2 needed",
                    ubos.len()
                )
            }),
            PEP => ensure(
                ubos.keys()
                    .any(|&p| r.facts.person(p).is_some_and(|v| v.is_pep)),
                || "no beneficial owner is a PEP".into(),
            ),
            NOMINEE => check_nominee(r, &g, &ubos),
            THRESHOLD => check_threshold(&effective, threshold),
            CIRCULAR => ensure(has_cycle(&g.company_edges()), || {
                "the shareholder edges contain no cycle of 3 or more companies".into()
            }),
            _ => unreachable!("subtype {subtype} was looked up above"),
        }
    }

    fn fixed_count(&self, pctx: &PlanCtx<'_>) -> u64 {
        let params = &pctx.ctx.layout.params;
        if params.companies == 0 || params.persons == 0 {
            return 0;
        }
        (params.companies / COMPANIES_PER_INSTANCE).max(1)
    }

    fn no_fixed_count(&self, pctx: &PlanCtx<'_>) -> NoFit {
        let params = &pctx.ctx.layout.params;
        NoFit(format!(
            "an ownership chain needs at least 1 company and 1 person: the dataset has {} companies and {} persons",
            params.companies, params.persons
        ))
    }
}

// ---- planning ---------------------------------------------------------------------------------------

/// What a layer company must be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A private operating company (not a shell).
    Plain,
    /// A shell registered in a haven.
    HavenShell,
}

/// One instance under construction.
struct Builder<'a, 'p> {
    pctx: &'a PlanCtx<'p>,
    plan: InstancePlan,
    used: Vec<Entity>,
    threshold: u64,
}

impl<'a, 'p> Builder<'a, 'p> {
    fn new(pctx: &'a PlanCtx<'p>, subtype: usize) -> Builder<'a, 'p> {
        Builder {
            pctx,
            plan: InstancePlan::new(subtype),
            used: Vec::new(),
            threshold: links::ubo_threshold(pctx.ctx),
        }
    }

    /// The threshold in hundredths of a percent (holdings' unit).
    fn threshold_hundredths(&self) -> u32 {
        (self.threshold / 100).min(WHOLE as u64) as u32
    }

    fn free(&self, e: Entity) -> bool {
        !self.used.contains(&e) && !self.pctx.claimed.borrow().contains(&e)
    }

    /// A free private company outside any group, of `kind`, not registered in `avoid`.
    fn company(&mut self, rng: &mut Rng, kind: Kind, avoid: &[CountryId]) -> Result<u64, NoFit> {
        let ctx = self.pctx.ctx;
        let n = ctx.layout.params.companies;
        let found = (0..PROBES * (n > 0) as u32).find_map(|_| {
            let c = rng.below(n);
            let core = company::core(ctx, c);
            let fits = match kind {
                Kind::Plain => !core.is_shell,
                Kind::HavenShell => core.is_shell && refdata::country(core.country).tax_haven,
            };
            (fits
                && !core.is_public
                && !avoid.contains(&core.country)
                && ctx.layout.parent_company(c).is_none()
                && ctx.layout.subsidiaries(c).is_empty()
                && self.free(Entity::Company(c)))
            .then_some(c)
        });
        let c = found.ok_or_else(|| {
            NoFit(match kind {
                Kind::Plain => "no free private company outside a group".into(),
                Kind::HavenShell => {
                    "not enough shell companies registered in distinct havens".into()
                }
            })
        })?;
        self.used.push(Entity::Company(c));
        Ok(c)
    }

    /// A free person (a PEP when `pep`).
    fn person(&mut self, rng: &mut Rng, pep: bool) -> Result<u64, NoFit> {
        let ctx = self.pctx.ctx;
        let n = ctx.layout.params.persons;
        let found = (0..PROBES * (n > 0) as u32).find_map(|_| {
            let p = rng.below(n);
            let core = person::core(ctx, p);
            // Any age (every person is 18–85), as the background's owners. The background's professional nominees stay out: UBO-1 passes their holdings through
            // to their own principals.
            ((!pep || core.is_pep) && !ctx.nominees.contains(p) && self.free(Entity::Person(p)))
                .then_some(p)
        });
        let p = found.ok_or_else(|| {
            NoFit(if pep {
                "no free politically exposed person".into()
            } else {
                "no free person".into()
            })
        })?;
        self.used.push(Entity::Person(p));
        Ok(p)
    }

    /// The first day `holder` can hold shares in company `c`: both exist and a person is of age.
    fn earliest(&self, holder: Entity, c: u64) -> Date {
        let ctx = self.pctx.ctx;
        let registered = company::core(ctx, c).registration_date;
        let from = match holder {
            Entity::Company(h) => company::core(ctx, h).registration_date,
            Entity::Person(p) | Entity::Account(p) => {
                add_years(person::core(ctx, p).date_of_birth, 18)
            }
        };
        registered.max(from).min(ctx.window.as_of_date)
    }

    fn hold(&mut self, rng: &mut Rng, holder: Entity, company: u64, hundredths: u32) {
        let from = self.earliest(holder, company);
        // As in the background (`links::shareholders`): a person holds from the company's registration
        // (or adulthood), a company from a date after both registrations.
        let since = match holder {
            Entity::Company(_) => {
                rng.between(from as i64, self.pctx.ctx.window.as_of_date as i64) as Date
            }
            Entity::Person(_) | Entity::Account(_) => from,
        };
        self.plan.holdings.push(HoldingSpec {
            company,
            holder,
            hundredths,
            since,
        });
    }

    /// 0–2 minority persons holding at most `room` of `company` in total, each below the threshold.
    fn minorities(&mut self, rng: &mut Rng, company: u64, room: u32) -> Result<(), NoFit> {
        let mut left = room;
        for _ in 0..rng.between(0, 2) {
            let cap = left.min(self.threshold_hundredths().saturating_sub(1));
            if cap == 0 {
                break;
            }
            let p = self.person(rng, false)?;
            let share = rng.between(1, cap as i64) as u32;
            self.hold(rng, Entity::Person(p), company, share);
            left -= share;
        }
        Ok(())
    }

    /// Effective ownership of every person in `target` over this plan's own edges.
    fn effective(&self, target: u64) -> Vec<(u64, u64)> {
        effective_of_plan(&self.plan, target)
    }

    /// Members and claims; the target must have a beneficial owner.
    fn finish(mut self, target: u64) -> Result<InstancePlan, NoFit> {
        let ctx = self.pctx.ctx;
        let effective = self.effective(target);
        if !effective.iter().any(|&(_, e)| e >= self.threshold) {
            return Err(NoFit(
                "the structure leaves the target without a UBO".into(),
            ));
        }
        self.plan.member(Entity::Company(target), Role::Target);
        for &(p, e) in &effective {
            let role = if e >= self.threshold {
                Role::Ubo
            } else {
                Role::Participant
            };
            self.plan.member(Entity::Person(p), role);
        }
        for n in self.plan.nominees.clone() {
            self.plan.member(Entity::Person(n.nominee), Role::Nominee);
        }
        let holdings = self.plan.holdings.clone();
        for h in &holdings {
            if h.company != target {
                let role = if company::core(ctx, h.company).is_shell {
                    Role::Shell
                } else {
                    Role::Intermediary
                };
                self.plan.member(Entity::Company(h.company), role);
            }
            if let Entity::Person(p) = h.holder
                && !self.plan.members.iter().any(|m| m.entity == h.holder)
            {
                self.plan.member(Entity::Person(p), Role::Participant);
            }
        }
        self.pctx.claimed.borrow_mut().extend(self.used);
        Ok(self.plan)
    }
}

/// Effective ownership of every person in company row `target` over `plan`'s edges alone, nominees
/// passed through (UBO-1 arithmetic of [`links::effective_ownership`]).
pub fn effective_of_plan(plan: &InstancePlan, target: u64) -> Vec<(u64, u64)> {
    let principal = |h: Holder| match h {
        Holder::Person(p) => plan
            .nominees
            .iter()
            .filter(|n| n.nominee == p)
            .map(|n| n.principal)
            .min(),
        Holder::Company(_) => None,
    };
    links::effective_ownership(target, |c| {
        let direct: Vec<Holding> = plan
            .holdings
            .iter()
            .filter(|h| h.company == c)
            .map(|h| Holding {
                holder: match h.holder {
                    Entity::Company(k) => Holder::Company(k),
                    Entity::Person(p) | Entity::Account(p) => Holder::Person(p),
                },
                hundredths: h.hundredths,
                since: h.since,
            })
            .collect();
        links::pass_through(direct, principal)
    })
}

/// Whether an instance's company-to-company holdings contain a directed cycle of ≥ 3 companies.
pub fn has_company_cycle(plan: &InstancePlan) -> bool {
    let edges: Vec<(u64, u64)> = plan
        .holdings
        .iter()
        .filter_map(|h| match h.holder {
            Entity::Company(k) => Some((k, h.company)),
            _ => None,
        })
        .collect();
    has_cycle(&edges)
}

/// `direct` and `pep_ubo`: one person (a PEP for pep_ubo) holds threshold..100 % of the target,
/// directly or (pep_ubo, half of the time) through a wholly owned holding company; 0–2 minorities.
fn plan_direct(b: &mut Builder<'_, '_>, rng: &mut Rng, pep: bool) -> Result<u64, NoFit> {
    let target = b.company(rng, Kind::Plain, &[])?;
    let owner = b.person(rng, pep)?;
    let share = rng.between(b.threshold_hundredths() as i64, WHOLE as i64) as u32;
    if pep && rng.chance(0.5) {
        let holding = b.company(rng, Kind::Plain, &[])?;
        b.hold(rng, Entity::Company(holding), target, share);
        b.hold(rng, Entity::Person(owner), holding, WHOLE);
    } else {
        b.hold(rng, Entity::Person(owner), target, share);
    }
    b.minorities(rng, target, WHOLE - share)?;
    Ok(target)
}

/// `layered_holding` (2–4 layers) and `shell_chain` (2–3 shell layers in distinct havens, as far as
/// havens go): owner → layer n → … → layer 1 → target, every holding 76–100 %, so the product stays
/// at or above 25 %.
fn plan_layered(b: &mut Builder<'_, '_>, rng: &mut Rng, shells: bool) -> Result<u64, NoFit> {
    let target = b.company(rng, Kind::Plain, &[])?;
    let depth = if shells {
        rng.between(2, 3)
    } else {
        rng.between(2, 4)
    };
    let mut layers: Vec<u64> = Vec::new();
    let mut havens: Vec<CountryId> = Vec::new();
    for _ in 0..depth {
        let layer = if shells {
            let avoid = if havens.len() < 2 {
                havens.clone()
            } else {
                Vec::new()
            };
            let s = b.company(rng, Kind::HavenShell, &avoid)?;
            havens.push(company::core(b.pctx.ctx, s).country);
            s
        } else {
            b.company(rng, Kind::Plain, &[])?
        };
        layers.push(layer);
    }
    let owner = b.person(rng, false)?;
    let share = |rng: &mut Rng| rng.between(7_600, WHOLE as i64) as u32;
    let first = share(rng);
    b.hold(rng, Entity::Company(layers[0]), target, first);
    for w in layers.windows(2) {
        let s = share(rng);
        b.hold(rng, Entity::Company(w[1]), w[0], s);
    }
    let top = share(rng);
    b.hold(rng, Entity::Person(owner), layers[layers.len() - 1], top);
    b.minorities(rng, target, WHOLE - first)?;
    Ok(target)
}

/// `multiple_ubos`: 2–3 persons each holding at least the threshold, each directly or through a
/// wholly owned holding company.
fn plan_multiple(b: &mut Builder<'_, '_>, rng: &mut Rng) -> Result<u64, NoFit> {
    let t = b.threshold_hundredths();
    let most = (WHOLE / t.max(1)).min(3) as i64;
    if most < 2 {
        return Err(NoFit(
            "the UBO threshold leaves room for one owner only".into(),
        ));
    }
    let target = b.company(rng, Kind::Plain, &[])?;
    let owners = rng.between(2, most) as u32;
    let mut extra = rng.between(0, (WHOLE - owners * t) as i64) as u32;
    for k in 0..owners {
        let bonus = if k + 1 == owners {
            extra
        } else {
            rng.between(0, extra as i64) as u32
        };
        extra -= bonus;
        let owner = b.person(rng, false)?;
        if rng.chance(0.4) {
            let holding = b.company(rng, Kind::Plain, &[])?;
            b.hold(rng, Entity::Company(holding), target, t + bonus);
            b.hold(rng, Entity::Person(owner), holding, WHOLE);
        } else {
            b.hold(rng, Entity::Person(owner), target, t + bonus);
        }
    }
    Ok(target)
}

/// `nominee`: the nominee holds threshold..100 % of the target for the principal, who holds nothing.
fn plan_nominee(b: &mut Builder<'_, '_>, rng: &mut Rng) -> Result<u64, NoFit> {
    let target = b.company(rng, Kind::Plain, &[])?;
    let principal = b.person(rng, false)?;
    let nominee = b.person(rng, false)?;
    let share = rng.between(b.threshold_hundredths() as i64, WHOLE as i64) as u32;
    b.hold(rng, Entity::Person(nominee), target, share);
    // As the background's arrangements (`relationship::for_person`): from when both are adults.
    let ctx = b.pctx.ctx;
    let adult = |p: u64| add_years(person::core(ctx, p).date_of_birth, 18);
    let from = adult(principal)
        .max(adult(nominee))
        .min(ctx.window.as_of_date);
    let since = rng.between(from as i64, ctx.window.as_of_date as i64) as Date;
    b.plan.nominees.push(NomineeSpec {
        principal,
        nominee,
        since,
    });
    b.minorities(rng, target, WHOLE - share)?;
    Ok(target)
}

/// `threshold_edge`: three persons at exactly the threshold −0.5, ±0 and +0.5 points: all directly,
/// or the outer two through a holding company that owns half of the target.
fn plan_threshold(b: &mut Builder<'_, '_>, rng: &mut Rng) -> Result<u64, NoFit> {
    let t = b.threshold_hundredths();
    if !b.threshold.is_multiple_of(100) || t < 51 || 3 * t > WHOLE {
        return Err(NoFit(
            "the UBO threshold leaves no room for three holdings around it".into(),
        ));
    }
    let target = b.company(rng, Kind::Plain, &[])?;
    let (below, at, above) = (
        b.person(rng, false)?,
        b.person(rng, false)?,
        b.person(rng, false)?,
    );
    b.hold(rng, Entity::Person(at), target, t);
    if 4 * t <= WHOLE && rng.chance(0.5) {
        let holding = b.company(rng, Kind::Plain, &[])?;
        b.hold(rng, Entity::Company(holding), target, WHOLE / 2);
        b.hold(rng, Entity::Person(below), holding, 2 * (t - 50));
        b.hold(rng, Entity::Person(above), holding, 2 * (t + 50));
    } else {
        b.hold(rng, Entity::Person(below), target, t - 50);
        b.hold(rng, Entity::Person(above), target, t + 50);
    }
    Ok(target)
}

/// `circular`: target ← c2 ← … ← cn ← target (n = 3–4 cross-holding companies); the owner holds cn,
/// a minority holds the target directly.
fn plan_circular(b: &mut Builder<'_, '_>, rng: &mut Rng) -> Result<u64, NoFit> {
    let target = b.company(rng, Kind::Plain, &[])?;
    let n = rng.between(3, 4) as usize;
    let mut ring = vec![target];
    for _ in 1..n {
        ring.push(b.company(rng, Kind::Plain, &[])?);
    }
    let mut into_target = 0;
    for k in 0..n - 1 {
        let s = rng.between(8_000, WHOLE as i64) as u32;
        if k == 0 {
            into_target = s;
        }
        b.hold(rng, Entity::Company(ring[k + 1]), ring[k], s);
    }
    let owner = b.person(rng, false)?;
    let owned = rng.between(6_000, 9_000) as u32;
    let last = ring[n - 1];
    b.hold(rng, Entity::Person(owner), last, owned);
    let back = rng.between(500, (WHOLE - owned) as i64) as u32;
    b.hold(rng, Entity::Company(target), last, back);
    b.minorities(rng, target, WHOLE - into_target)?;
    Ok(target)
}

// ---- checking ---------------------------------------------------------------------------------------

/// An instance's ownership structure as written.
struct Structure {
    target: RecordId,
    /// (holder, company, hundredths) of every shareholder edge.
    shares: Vec<(RecordId, RecordId, u32)>,
    /// (principal, nominee) of every nominee arrangement.
    nominees: Vec<(RecordId, RecordId)>,
    /// (person, company, effective) of every beneficial_owner edge.
    owners: Vec<(RecordId, RecordId, Option<u64>)>,
}

fn is_company(id: RecordId) -> bool {
    id.prefix == Namespace::Company.prefix()
}

impl Structure {
    fn read(r: &InstanceRecords<'_>) -> Result<Structure, Violation> {
        let mut targets = r.with_role(Role::Target);
        let target = targets
            .next()
            .ok_or_else(|| Violation("no target member".into()))?;
        ensure(targets.next().is_none(), || "more than one target".into())?;
        let mut g = Structure {
            target,
            shares: Vec::new(),
            nominees: Vec::new(),
            owners: Vec::new(),
        };
        for e in &r.relationships {
            match (e.kind, e.context) {
                (RelationshipType::Shareholder, _) => {
                    let h = e.ownership_hundredths.ok_or_else(|| {
                        Violation(format!("shareholder edge {} has no percentage", e.id))
                    })?;
                    ensure(is_company(e.to), || {
                        format!("shareholder edge {} does not point at a company", e.id)
                    })?;
                    g.shares.push((e.from, e.to, h));
                }
                (RelationshipType::BeneficialOwner, _) => {
                    g.owners.push((e.from, e.to, e.effective))
                }
                (_, RelationshipContext::NomineeArrangement) => g.nominees.push((e.from, e.to)),
                _ => {
                    return Err(Violation(format!(
                        "{} is a {} edge, not an ownership edge",
                        e.id,
                        crate::model::record::Label::label(e.kind)
                    )));
                }
            }
        }
        ensure(!g.shares.is_empty(), || "no shareholder edges".into())?;
        let mut per_company: BTreeMap<RecordId, u32> = BTreeMap::new();
        for &(_, c, h) in &g.shares {
            let total = per_company.entry(c).or_insert(0);
            *total += h;
            ensure(*total <= WHOLE, || {
                format!("direct holdings in {c} exceed 100 %")
            })?;
        }
        Ok(g)
    }

    /// Dense rows for the companies and persons of the structure (the UBO-1 arithmetic keys by row).
    fn rows(&self) -> (Vec<RecordId>, Vec<RecordId>) {
        let mut companies = vec![self.target];
        let mut persons = Vec::new();
        for &(holder, company, _) in &self.shares {
            for id in [holder, company] {
                let list = if is_company(id) {
                    &mut companies
                } else {
                    &mut persons
                };
                if !list.contains(&id) {
                    list.push(id);
                }
            }
        }
        for &(principal, _) in &self.nominees {
            if !persons.contains(&principal) {
                persons.push(principal);
            }
        }
        (companies, persons)
    }

    /// Effective ownership of the target per person, over the structure's edges, nominees passed
    /// through.
    fn effective(&self) -> BTreeMap<RecordId, u64> {
        let (companies, persons) = self.rows();
        let row = |list: &[RecordId], id: RecordId| list.iter().position(|&x| x == id).unwrap_or(0);
        let principal = |nominee: RecordId| {
            self.nominees
                .iter()
                .filter(|n| n.1 == nominee)
                .map(|n| n.0)
                .min()
        };
        let into = |c: u64| -> Vec<Holding> {
            self.shares
                .iter()
                .filter(|s| s.1 == companies[c as usize])
                .map(|&(holder, _, hundredths)| Holding {
                    holder: if is_company(holder) {
                        Holder::Company(row(&companies, holder) as u64)
                    } else {
                        let owner = principal(holder).unwrap_or(holder);
                        Holder::Person(row(&persons, owner) as u64)
                    },
                    hundredths,
                    since: 0,
                })
                .collect()
        };
        links::effective_ownership(0, into)
            .into_iter()
            .map(|(p, e)| (persons[p as usize], e))
            .collect()
    }

    /// Company-to-company holdings (holder, held).
    fn company_edges(&self) -> Vec<(RecordId, RecordId)> {
        self.shares
            .iter()
            .filter(|s| is_company(s.0))
            .map(|s| (s.0, s.1))
            .collect()
    }

    /// Every simple path from `person` up to the target, as the list of companies passed (target
    /// last) with the product's factors.
    fn paths(&self, person: RecordId) -> Vec<(Vec<RecordId>, Vec<u32>)> {
        let mut out = Vec::new();
        let mut stack = vec![(person, Vec::new(), Vec::new())];
        while let Some((at, via, factors)) = stack.pop() {
            for &(holder, company, h) in &self.shares {
                if holder != at || via.contains(&company) {
                    continue;
                }
                let mut via2: Vec<RecordId> = via.clone();
                via2.push(company);
                let mut f2: Vec<u32> = factors.clone();
                f2.push(h);
                if company == self.target {
                    out.push((via2, f2));
                } else {
                    stack.push((company, via2, f2));
                }
            }
        }
        out
    }
}

/// All subtypes: the target's beneficial_owner edges are exactly the persons at or above the
/// threshold, with their effective ownership, and those persons are the `ubo` members.
fn check_owners(
    r: &InstanceRecords<'_>,
    g: &Structure,
    ubos: &BTreeMap<RecordId, u64>,
) -> Result<(), Violation> {
    ensure(!ubos.is_empty(), || {
        "nobody reaches the UBO threshold of the target".into()
    })?;
    let written: BTreeMap<RecordId, Option<u64>> = g
        .owners
        .iter()
        .filter(|o| o.1 == g.target)
        .map(|o| (o.0, o.2))
        .collect();
    for (p, &e) in ubos {
        ensure(written.get(p) == Some(&Some(e)), || {
            format!(
                "{p} holds {e} ten-thousandths of a percent of the target but has no matching beneficial_owner edge"
            )
        })?;
        ensure(r.has(*p, Role::Ubo), || {
            format!("UBO {p} is not a ubo member")
        })?;
    }
    for p in written.keys() {
        ensure(ubos.contains_key(p), || {
            format!("beneficial_owner edge for {p}, who is below the threshold")
        })?;
    }
    for p in r.with_role(Role::Ubo) {
        ensure(ubos.contains_key(&p), || {
            format!("ubo member {p} is below the threshold")
        })?;
    }
    Ok(())
}

fn check_direct(
    g: &Structure,
    ubos: &BTreeMap<RecordId, u64>,
    threshold: u64,
) -> Result<(), Violation> {
    let direct = g.shares.iter().any(|&(holder, company, h)| {
        company == g.target && ubos.contains_key(&holder) && h as u64 * 100 >= threshold
    });
    ensure(direct, || {
        "no person holds the threshold or more of the target directly".into()
    })
}

/// A UBO whose every path passes two or more company layers; its effective ownership is the
/// product along its chain. Returns the layers of that chain.
fn check_layered(
    g: &Structure,
    ubos: &BTreeMap<RecordId, u64>,
) -> Result<Vec<RecordId>, Violation> {
    for (&p, &e) in ubos {
        let paths = g.paths(p);
        if paths.len() != 1 || paths[0].0.len() < 3 {
            continue;
        }
        let (via, factors) = &paths[0];
        let product: u128 = factors.iter().map(|&f| f as u128).product();
        let scale = 10_000u128.pow(factors.len() as u32);
        // In 1/10,000 of a percent: product / 10,000^n × 10^6, rounded half-even once.
        let exact = product * 1_000_000;
        let (q, rem) = (exact / scale, exact % scale);
        let rounded = match (2 * rem).cmp(&scale) {
            std::cmp::Ordering::Less => q,
            std::cmp::Ordering::Greater => q + 1,
            std::cmp::Ordering::Equal => q + (q & 1),
        };
        ensure(rounded == e as u128, || {
            format!("effective ownership of {p} is {e}, the product along its chain {rounded}")
        })?;
        return Ok(via[..via.len() - 1].to_vec());
    }
    Err(Violation(
        "no beneficial owner sits two or more company layers above the target".into(),
    ))
}

fn check_shells(
    r: &InstanceRecords<'_>,
    g: &Structure,
    ubos: &BTreeMap<RecordId, u64>,
) -> Result<(), Violation> {
    let layers = check_layered(g, ubos)?;
    let shells: Vec<(RecordId, CompanyView)> = layers
        .iter()
        .filter_map(|&c| r.facts.company(c).map(|v| (c, v)))
        .filter(|(_, v)| v.is_shell && v.in_haven)
        .collect();
    let havens: BTreeSet<&str> = shells.iter().map(|(_, v)| v.country.as_str()).collect();
    ensure(shells.len() >= 2 && havens.len() >= 2, || {
        format!(
            "{} haven shell layer(s) in {} haven(s); 2 and 2 needed",
            shells.len(),
            havens.len()
        )
    })?;
    for (c, _) in &shells {
        ensure(r.has(*c, Role::Shell), || {
            format!("shell {c} is not a shell member")
        })?;
    }
    Ok(())
}

fn check_nominee(
    r: &InstanceRecords<'_>,
    g: &Structure,
    ubos: &BTreeMap<RecordId, u64>,
) -> Result<(), Violation> {
    ensure(!g.nominees.is_empty(), || "no nominee arrangement".into())?;
    for &(principal, nominee) in &g.nominees {
        ensure(ubos.contains_key(&principal), || {
            format!("principal {principal} is not a UBO")
        })?;
        ensure(!g.shares.iter().any(|s| s.0 == principal), || {
            format!("principal {principal} holds shares itself")
        })?;
        ensure(g.shares.iter().any(|s| s.0 == nominee), || {
            format!("nominee {nominee} holds nothing")
        })?;
        ensure(
            !ubos.contains_key(&nominee) && !g.owners.iter().any(|o| o.0 == nominee),
            || format!("nominee {nominee} is a beneficial owner"),
        )?;
        ensure(r.has(nominee, Role::Nominee), || {
            format!("{nominee} is not a nominee member")
        })?;
    }
    Ok(())
}

fn check_threshold(effective: &BTreeMap<RecordId, u64>, threshold: u64) -> Result<(), Violation> {
    for want in [
        threshold.saturating_sub(5_000),
        threshold,
        threshold + 5_000,
    ] {
        ensure(effective.values().any(|&e| e == want), || {
            format!(
                "no person at exactly {} % effective",
                crate::model::record::Decimal::new(want as i64, 4)
            )
        })?;
    }
    Ok(())
}

/// Whether directed `edges` contain a simple cycle through 3 or more distinct nodes.
fn has_cycle<N: Ord + Copy>(edges: &[(N, N)]) -> bool {
    let nodes: BTreeSet<N> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    nodes.iter().any(|&start| {
        let mut stack = vec![(start, vec![start])];
        while let Some((at, path)) = stack.pop() {
            for &(a, b) in edges {
                if a != at {
                    continue;
                }
                if b == start && path.len() >= 3 {
                    return true;
                }
                if !path.contains(&b) && b > start {
                    let mut next = path.clone();
                    next.push(b);
                    stack.push((b, next));
                }
            }
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::Ctx;
    use crate::patterns::ownership::Ownership;
    use crate::patterns::testing::{self, ctx_facts, plan_ctx};
    use crate::patterns::{InstancePlan, RelView};
    use proptest::prelude::*;

    /// Plans `per_subtype` instances of every subtype in one run (shared claims), then plants them all.
    fn plan_all(seed: u64, persons: u64, per_subtype: u64) -> (Ctx, Vec<InstancePlan>) {
        let mut ctx = crate::generators::test_ctx(seed, persons, persons / 5, persons * 2, 90);
        let plans = {
            let pctx = plan_ctx(&ctx);
            let mut plans = Vec::new();
            for subtype in 0..SUBTYPES.len() {
                for i in 0..per_subtype {
                    let mut rng = ctx.rng("pattern.test.plan", (subtype as u64) << 32 | i);
                    let plan = UboChain
                        .plan(&pctx, subtype, 0, &mut rng)
                        .unwrap_or_else(|e| panic!("seed {seed} persons {persons}: {}", e.0));
                    plans.push(plan);
                }
            }
            plans
        };
        ctx.ownership = Ownership::from_plans(&plans);
        (ctx, plans)
    }

    fn effective_of(records: &InstanceRecords<'_>) -> BTreeMap<RecordId, u64> {
        Structure::read(records).expect("structure").effective()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(50))]

        /// Every subtype's check holds for every planted instance, whatever the seed and size; the
        /// written beneficial_owner edges and roles agree with UBO-1 over the whole run.
        #[test]
        fn every_subtype_holds_over_seeds(seed in 0u64..1_000_000, size in 0usize..3) {
            let persons = [5_000, 8_000, 12_000][size];
            let (ctx, plans) = plan_all(seed, persons, 2);
            let facts = ctx_facts(&ctx);
            for (i, plan) in plans.iter().enumerate() {
                let records = testing::materialize_instance(&ctx, &facts, &UboChain, plan, i as u64);
                if let Err(v) = UboChain.check(&records) {
                    panic!("seed {seed} {}: {}", records.subtype, v.0);
                }
                prop_assert!(records.relationships.iter().all(|e| matches!(
                    e.kind,
                    RelationshipType::Shareholder
                        | RelationshipType::BeneficialOwner
                        | RelationshipType::BusinessPartner
                )));
                // The target's owners as the run computes them (UBO-1) are the ubo members.
                let target = plan.members.iter().find(|m| m.role == Role::Target).unwrap();
                let Entity::Company(t) = target.entity else { panic!("target is a company") };
                let owners: Vec<u64> =
                    links::beneficial_owners(&ctx, t).iter().map(|o| o.person).collect();
                let ubo_members: Vec<u64> = plan
                    .members
                    .iter()
                    .filter_map(|m| match (m.role, m.entity) {
                        (Role::Ubo, Entity::Person(p)) => Some(p),
                        _ => None,
                    })
                    .collect();
                let mut sorted = ubo_members.clone();
                sorted.sort_unstable();
                prop_assert_eq!(&owners, &sorted);
                if plan.subtype == THRESHOLD {
                    let mut values: Vec<u64> = effective_of(&records).into_values().collect();
                    values.sort_unstable();
                    prop_assert_eq!(values, vec![245_000, 250_000, 255_000]);
                    prop_assert_eq!(owners.len(), 2);
                }
            }
        }
    }

    #[test]
    fn default_plans_have_one_instance_per_fifty_companies() {
        let ctx = crate::generators::test_ctx(3, 1_000, 240, 2_000, 90);
        assert_eq!(UboChain.fixed_count(&plan_ctx(&ctx)), 4);
        let ctx = crate::generators::test_ctx(3, 100, 20, 200, 90);
        assert_eq!(UboChain.fixed_count(&plan_ctx(&ctx)), 1);
        let ctx = crate::generators::test_ctx(3, 100, 0, 200, 90);
        assert_eq!(UboChain.fixed_count(&plan_ctx(&ctx)), 0);
    }

    /// A valid instance of `subtype`, checked, then `mutate`d, and checked again.
    fn broken(
        subtype: usize,
        mutate: impl Fn(&Ctx, &mut InstanceRecords<'_>),
    ) -> Result<(), Violation> {
        let (ctx, plans) = plan_all(17, 4_000, 1);
        let facts = ctx_facts(&ctx);
        let plan = &plans[subtype];
        let mut records =
            testing::materialize_instance(&ctx, &facts, &UboChain, plan, subtype as u64);
        UboChain.check(&records).expect("valid before the mutation");
        mutate(&ctx, &mut records);
        UboChain.check(&records)
    }

    fn target(r: &InstanceRecords<'_>) -> RecordId {
        r.with_role(Role::Target).next().unwrap()
    }

    fn ubo(r: &InstanceRecords<'_>) -> RecordId {
        r.with_role(Role::Ubo).next().unwrap()
    }

    fn share_edge(id: u64, from: RecordId, to: RecordId, hundredths: u32) -> RelView {
        RelView {
            id: RecordId {
                prefix: Namespace::Relationship.prefix(),
                value: id,
            },
            kind: RelationshipType::Shareholder,
            context: RelationshipContext::Ownership,
            from,
            to,
            ownership_hundredths: Some(hundredths),
            effective: None,
        }
    }

    fn expect_err(result: Result<(), Violation>, needle: &str) {
        let err = result.expect_err("the broken instance passed");
        assert!(err.0.contains(needle), "{}", err.0);
    }

    #[test]
    fn broken_direct_fails() {
        // The owner's direct holding now goes through an extra company holding all of the target.
        expect_err(
            broken(DIRECT, |ctx, r| {
                let (t, owner) = (target(r), ubo(r));
                let layer = ctx.company_id(ctx.layout.params.companies - 1);
                for e in &mut r.relationships {
                    if e.kind == RelationshipType::Shareholder && e.from == owner && e.to == t {
                        e.to = layer;
                        e.ownership_hundredths = Some(WHOLE);
                    }
                }
                r.relationships.push(share_edge(1, layer, t, WHOLE));
                // Keep Σ ≤ 100 %: drop the minorities.
                r.relationships.retain(|e| {
                    e.kind != RelationshipType::Shareholder || e.to != t || e.from == layer
                });
                let kept: BTreeMap<RecordId, u64> = effective_of(r);
                r.relationships.retain(|e| {
                    e.kind != RelationshipType::BeneficialOwner || kept.contains_key(&e.from)
                });
                for e in &mut r.relationships {
                    if e.kind == RelationshipType::BeneficialOwner && e.to == t {
                        e.effective = kept.get(&e.from).copied();
                    }
                }
            }),
            "directly",
        );
    }

    #[test]
    fn broken_layered_holding_fails() {
        // A layer's holding changed while the beneficial_owner edge keeps the old product.
        expect_err(
            broken(LAYERED, |_, r| {
                let t = target(r);
                for e in &mut r.relationships {
                    if e.kind == RelationshipType::Shareholder && e.to == t && is_company(e.from) {
                        e.ownership_hundredths = e.ownership_hundredths.map(|h| h - 1);
                    }
                }
            }),
            "no matching beneficial_owner edge",
        );
    }

    #[test]
    fn broken_shell_chain_fails() {
        expect_err(
            broken(SHELL_CHAIN, |_, r| {
                r.members.retain(|m| m.role != Role::Shell)
            }),
            "is not a shell member",
        );
    }

    #[test]
    fn broken_multiple_ubos_fails() {
        // Every owner but the first loses its edges and its ubo role.
        expect_err(
            broken(MULTIPLE, |_, r| {
                let t = target(r);
                let first = ubo(r);
                let others: Vec<RecordId> =
                    r.with_role(Role::Ubo).filter(|&p| p != first).collect();
                let structure = Structure::read(r).unwrap();
                let mut drop: Vec<RecordId> = others.clone();
                for &o in &others {
                    for (via, _) in structure.paths(o) {
                        drop.extend(via.iter().filter(|&&c| c != t));
                    }
                }
                r.relationships
                    .retain(|e| !drop.contains(&e.from) && !drop.contains(&e.to));
                r.members.retain(|m| !others.contains(&m.entity_id));
            }),
            "2 needed",
        );
    }

    #[test]
    fn broken_pep_ubo_fails() {
        // The PEP owner replaced by a person who is not politically exposed.
        expect_err(
            broken(PEP, |ctx, r| {
                let pep = ubo(r);
                let plain = (0..ctx.layout.params.persons)
                    .find(|&p| !person::core(ctx, p).is_pep)
                    .map(|p| ctx.person_id(p))
                    .unwrap();
                for e in &mut r.relationships {
                    if e.from == pep {
                        e.from = plain;
                    }
                }
                for m in &mut r.members {
                    if m.entity_id == pep {
                        m.entity_id = plain;
                    }
                }
            }),
            "PEP",
        );
    }

    #[test]
    fn broken_nominee_fails() {
        // The principal also holds a share itself.
        expect_err(
            broken(NOMINEE, |_, r| {
                let t = target(r);
                let principal = ubo(r);
                r.relationships.push(share_edge(2, principal, t, 0));
            }),
            "holds shares itself",
        );
    }

    #[test]
    fn broken_threshold_edge_fails() {
        // The person just below the threshold moves down two hundredths of a point.
        expect_err(
            broken(THRESHOLD, |_, r| {
                let effective = effective_of(r);
                let below = effective
                    .iter()
                    .find(|(_, e)| **e == 245_000)
                    .map(|(p, _)| *p)
                    .unwrap();
                for e in &mut r.relationships {
                    if e.kind == RelationshipType::Shareholder && e.from == below {
                        e.ownership_hundredths = e.ownership_hundredths.map(|h| h - 2);
                    }
                }
            }),
            "exactly 24.5000",
        );
    }

    #[test]
    fn broken_circular_fails() {
        // The target's own holding, which closes the ring, is removed.
        expect_err(
            broken(CIRCULAR, |_, r| {
                let t = target(r);
                r.relationships
                    .retain(|e| !(e.kind == RelationshipType::Shareholder && e.from == t));
            }),
            "no cycle",
        );
    }

    #[test]
    fn impossible_plans_say_why() {
        // No shells at all: a population without havens' shells cannot host shell_chain.
        let ctx = crate::generators::test_ctx(1, 200, 3, 400, 90);
        let pctx = plan_ctx(&ctx);
        let mut rng = ctx.rng("pattern.test.nofit", 0);
        let err = UboChain.plan(&pctx, SHELL_CHAIN, 0, &mut rng).unwrap_err();
        assert!(err.0.contains("shell"), "{}", err.0);
        assert!(has_cycle(&[(1, 2), (2, 3), (3, 1)]));
        assert!(!has_cycle(&[(1, 2), (2, 1)]));
        assert!(!has_cycle(&[(1, 2), (2, 3), (1, 3)]));
    }
}
