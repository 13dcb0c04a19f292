//! Relationship generator (SPEC §7.10): the edges owned by one person or one company, in a fixed order.
//! Every unordered pair of a given kind is written once, by the side that owns it:
//!
//! * spouse — the lower person row of the couple; parent — the parent (parent → child);
//!   sibling — the older (earlier birth date, then lower row); employee, colleague — the person
//!   (`links::colleagues` already reports each pair from one side only);
//! * friend, acquaintance — the drawer, drawing up to `max_friends` / `max_acquaintances` candidates
//!   uniformly over the person slots of its residence country and keeping only candidates whose slot is
//!   above its own (and outside its household block). The other side of a pair can never keep the
//!   drawer (its slot is lower), so no pair is written twice, and since candidates are uniform over
//!   the country every person's expected degree is the same wherever its slot lies;
//! * director, shareholder, beneficial_owner — the company; business_partner — the lower company row,
//!   by the same drawing rule over all companies; a nominee arrangement (business_partner, principal →
//!   nominee) — the nominee for the background's professional nominees ([`links::Nominees`]), the
//!   company the nominee holds for a planted one (ubo_chain).
//!
//! Ids are `REL` over `(unit << 8) | k`: unit = p for persons, persons + c for companies, k = position
//! in the unit's list (< 256). Each edge's attributes come from stream `relationship` at that index;
//! the choice of friends and partners from `relationship.social` at the unit.
//! `family` is not written by the background (household kin are all spouse, parent or sibling).

use super::links::{self, Holder, OfficerRole};
use super::{Ctx, company, person};
use crate::core::ids::{Namespace, RecordId};
use crate::core::seed::Rng;
use crate::core::time::{Date, add_years, date_of};
use crate::model::common::EntityType;
use crate::model::record::Decimal;
use crate::model::relationship::{Relationship, RelationshipContext, RelationshipType, RiskFactor};
use crate::population::layout::Owner;
use crate::refdata;

/// Most edges one unit may own (k is 8 bits of the id index).
pub const MAX_EDGES_PER_UNIT: usize = 256;

/// Share of social and business edges that have ended.
const ENDED_SHARE: f64 = 0.1;

/// Edges owned by person `p`: spouse, parent, sibling, employee, colleague, friend, acquaintance, and a
/// professional nominee's arrangement with its principal.
pub fn for_person(ctx: &Ctx, p: u64) -> Vec<Relationship> {
    let me = person::core(ctx, p);
    let mut edges = EdgeList::new(ctx, p);
    let (block, pos, household) = (me.block, me.position, me.household);
    let row = |position: u8| ctx.layout.person_in_block(block, position);
    let as_of = ctx.window.as_of_date;

    if let Some(s) = household.spouse_of(pos) {
        let spouse = person::core(ctx, row(s));
        if p < spouse.index {
            let mut rng = edges.rng();
            let married_from = adulthood(me.date_of_birth).max(adulthood(spouse.date_of_birth));
            let start = between_dates(&mut rng, married_from, as_of);
            edges.push(
                &mut rng,
                Draft::new(Owner::Person(p), Owner::Person(spouse.index))
                    .kind(RelationshipType::Spouse, RelationshipContext::Household)
                    .dates(start, None),
            );
        }
    }
    let household_no = household.members[pos as usize].household;
    for child_pos in household.household_positions(household_no) {
        if household.parents_of(child_pos).any(|parent| parent == pos) {
            let child = person::core(ctx, row(child_pos));
            let mut rng = edges.rng();
            edges.push(
                &mut rng,
                Draft::new(Owner::Person(p), Owner::Person(child.index))
                    .kind(RelationshipType::Parent, RelationshipContext::Household)
                    .dates(child.date_of_birth, None),
            );
        }
    }
    for sibling_pos in household.siblings_of(pos) {
        let sibling = person::core(ctx, row(sibling_pos));
        if (me.date_of_birth, p) < (sibling.date_of_birth, sibling.index) {
            let mut rng = edges.rng();
            edges.push(
                &mut rng,
                Draft::new(Owner::Person(p), Owner::Person(sibling.index))
                    .kind(RelationshipType::Sibling, RelationshipContext::Household)
                    .dates(sibling.date_of_birth, None),
            );
        }
    }
    if let Some(c) = links::employer_of(ctx, p) {
        let mut rng = edges.rng();
        // The same date as the current job in the person's employment history.
        let start = person::career(ctx, &me).1.unwrap_or(as_of);
        edges.push(
            &mut rng,
            Draft::new(Owner::Person(p), Owner::Company(c))
                .kind(RelationshipType::Employee, RelationshipContext::Employment)
                .dates(start, None),
        );
    }
    for q in links::colleagues(ctx, p) {
        let other = person::core(ctx, q);
        let mut rng = edges.rng();
        let from = adulthood(me.date_of_birth)
            .max(adulthood(other.date_of_birth))
            .max(add_years(as_of, -15));
        let start = between_dates(&mut rng, from, as_of);
        let end = maybe_ended(&mut rng, start, as_of);
        edges.push(
            &mut rng,
            Draft::new(Owner::Person(p), Owner::Person(q))
                .kind(RelationshipType::Colleague, RelationshipContext::Employment)
                .dates(start, end),
        );
    }
    for (q, kind) in social_contacts(ctx, p, me.country) {
        let other = person::core(ctx, q);
        let mut rng = edges.rng();
        let from = add_years(me.date_of_birth.max(other.date_of_birth), 16);
        let start = between_dates(&mut rng, from, as_of);
        let end = maybe_ended(&mut rng, start, as_of);
        edges.push(
            &mut rng,
            Draft::new(Owner::Person(p), Owner::Person(q))
                .kind(kind, RelationshipContext::Social)
                .dates(start, end),
        );
    }
    if let Some(principal) = links::nominee_principal(ctx, p) {
        let other = person::core(ctx, principal);
        let mut rng = edges.rng();
        let from = adulthood(me.date_of_birth).max(adulthood(other.date_of_birth));
        let start = between_dates(&mut rng, from, as_of);
        edges.push(
            &mut rng,
            Draft::new(Owner::Person(principal), Owner::Person(p))
                .kind(
                    RelationshipType::BusinessPartner,
                    RelationshipContext::NomineeArrangement,
                )
                .dates(start, None),
        );
    }
    edges.edges
}

/// Edges owned by company `c`: director, shareholder, beneficial_owner, business_partner.
pub fn for_company(ctx: &Ctx, c: u64) -> Vec<Relationship> {
    let me = company::core(ctx, c);
    let mut edges = EdgeList::new(ctx, ctx.layout.params.persons + c);
    let as_of = ctx.window.as_of_date;

    for officer in links::officers(ctx, c) {
        let mut rng = edges.rng();
        edges.push(
            &mut rng,
            Draft::new(Owner::Person(officer.person), Owner::Company(c))
                .kind(RelationshipType::Director, RelationshipContext::Officer)
                .dates(officer.appointment_date, officer.resignation_date)
                .role(officer.role),
        );
    }
    // Edges of a company a ubo_chain instance planted carry the instance's pattern id (§7.10).
    let pattern = ctx
        .ownership
        .holdings(c)
        .map(|(i, _)| ctx.ids.make(Namespace::Pattern, i as u64));
    for holding in links::holdings(ctx, c) {
        let (holder, context) = match holding.holder {
            Holder::Person(q) => (Owner::Person(q), RelationshipContext::Ownership),
            Holder::Company(h) if ctx.layout.parent_company(c) == Some(h) => {
                (Owner::Company(h), RelationshipContext::GroupStructure)
            }
            Holder::Company(h) => (Owner::Company(h), RelationshipContext::Ownership),
        };
        let mut rng = edges.rng();
        let mut draft = Draft::new(holder, Owner::Company(c))
            .kind(RelationshipType::Shareholder, context)
            .dates(holding.since, None);
        draft.ownership_percentage = Some(Decimal::new(holding.hundredths as i64, 2));
        draft.pattern = pattern;
        edges.push(&mut rng, draft);
    }
    for link in ctx.ownership.nominees_written_by(c) {
        let mut rng = edges.rng();
        let mut draft = Draft::new(Owner::Person(link.principal), Owner::Person(link.nominee))
            .kind(
                RelationshipType::BusinessPartner,
                RelationshipContext::NomineeArrangement,
            )
            .dates(link.since, None);
        draft.pattern = Some(ctx.ids.make(Namespace::Pattern, link.instance as u64));
        edges.push(&mut rng, draft);
    }
    for owner in links::beneficial_owners(ctx, c) {
        let adult = adulthood(person::core(ctx, owner.person).date_of_birth);
        let mut rng = edges.rng();
        let mut draft = Draft::new(Owner::Person(owner.person), Owner::Company(c))
            .kind(
                RelationshipType::BeneficialOwner,
                RelationshipContext::Ownership,
            )
            .dates(me.registration_date.max(adult).min(as_of), None);
        draft.effective_ownership = Some(Decimal::new(owner.effective_ten_thousandths as i64, 4));
        draft.pattern = pattern;
        edges.push(&mut rng, draft);
    }
    for d in business_partners(ctx, c) {
        let other = company::core(ctx, d);
        let mut rng = edges.rng();
        let start = between_dates(
            &mut rng,
            me.registration_date.max(other.registration_date),
            as_of,
        );
        let end = maybe_ended(&mut rng, start, as_of);
        // Nominee arrangements are a person holding for another (above); two companies in business are
        // not one.
        let context = if same_group(ctx, c, d) {
            RelationshipContext::GroupStructure
        } else {
            // The context vocabulary has no commercial label; an ordinary partnership is social.
            RelationshipContext::Social
        };
        edges.push(
            &mut rng,
            Draft::new(Owner::Company(c), Owner::Company(d))
                .kind(RelationshipType::BusinessPartner, context)
                .dates(start, end),
        );
    }
    edges.edges
}

/// The friends and acquaintances `p` draws and owns (see the module doc), friends first, each
/// person at most once.
fn social_contacts(ctx: &Ctx, p: u64, country: refdata::CountryId) -> Vec<(u64, RelationshipType)> {
    let (lo, hi) = ctx.layout.country_person_slots(country);
    let own_slot = ctx.layout.person_slot(p);
    let limits = &ctx.params.relationships;
    let mut rng = ctx.rng("relationship.social", p);
    let mut chosen: Vec<(u64, RelationshipType)> = Vec::new();
    for (kind, max) in [
        (RelationshipType::Friend, limits.max_friends),
        (RelationshipType::Acquaintance, limits.max_acquaintances),
    ] {
        let attempts = rng.between(0, max as i64);
        for _ in 0..attempts {
            if hi <= lo {
                break;
            }
            let slot = rng.between(lo as i64, hi as i64 - 1) as u64;
            let q = ctx.layout.person_at_slot(slot);
            if slot > own_slot && slot / 4 != own_slot / 4 && chosen.iter().all(|&(o, _)| o != q) {
                chosen.push((q, kind));
            }
        }
    }
    chosen
}

/// Business partners company `c` draws and owns: 0–2 candidates uniform over all companies, kept when
/// their row is above `c` (so the pair is owned by its lower row), each at most once.
fn business_partners(ctx: &Ctx, c: u64) -> Vec<u64> {
    let companies = ctx.layout.params.companies;
    let mut rng = ctx.rng("relationship.social", ctx.layout.params.persons + c);
    let mut chosen = Vec::new();
    for _ in 0..rng.between(0, 2) {
        let d = rng.below(companies);
        if d > c && !chosen.contains(&d) {
            chosen.push(d);
        }
    }
    chosen
}

fn same_group(ctx: &Ctx, c: u64, d: u64) -> bool {
    let root = |x: u64| ctx.layout.parent_company(x).unwrap_or(x);
    let grouped =
        |x: u64| ctx.layout.parent_company(x).is_some() || !ctx.layout.subsidiaries(x).is_empty();
    grouped(c) && grouped(d) && root(c) == root(d)
}

fn adulthood(date_of_birth: Date) -> Date {
    add_years(date_of_birth, 18)
}

/// Uniform date in [lo, hi]; `hi` when the range is empty.
fn between_dates(rng: &mut Rng, lo: Date, hi: Date) -> Date {
    if lo >= hi {
        hi
    } else {
        rng.between(lo as i64, hi as i64) as Date
    }
}

fn maybe_ended(rng: &mut Rng, start: Date, as_of: Date) -> Option<Date> {
    (rng.chance(ENDED_SHARE) && start < as_of)
        .then(|| rng.between(start as i64 + 1, as_of as i64) as Date)
}

/// An edge before its derived figures are filled in.
struct Draft {
    from: Owner,
    to: Owner,
    kind: RelationshipType,
    context: RelationshipContext,
    start: Date,
    end: Option<Date>,
    ownership_percentage: Option<Decimal>,
    effective_ownership: Option<Decimal>,
    role: Option<OfficerRole>,
    /// Ground truth: the pattern that planted the edge.
    pattern: Option<RecordId>,
}

impl Draft {
    fn new(from: Owner, to: Owner) -> Draft {
        Draft {
            from,
            to,
            kind: RelationshipType::Family,
            context: RelationshipContext::Household,
            start: 0,
            end: None,
            ownership_percentage: None,
            effective_ownership: None,
            role: None,
            pattern: None,
        }
    }

    fn kind(mut self, kind: RelationshipType, context: RelationshipContext) -> Draft {
        self.kind = kind;
        self.context = context;
        self
    }

    fn dates(mut self, start: Date, end: Option<Date>) -> Draft {
        self.start = start;
        self.end = end;
        self
    }

    fn role(mut self, role: OfficerRole) -> Draft {
        self.role = Some(role);
        self
    }
}

/// The growing edge list of one unit; hands out each edge's id index and random stream.
struct EdgeList<'a> {
    ctx: &'a Ctx,
    unit: u64,
    edges: Vec<Relationship>,
}

impl<'a> EdgeList<'a> {
    fn new(ctx: &'a Ctx, unit: u64) -> EdgeList<'a> {
        EdgeList {
            ctx,
            unit,
            edges: Vec::new(),
        }
    }

    fn index(&self) -> u64 {
        (self.unit << 8) | self.edges.len() as u64
    }

    /// The stream of the next edge.
    fn rng(&self) -> Rng {
        self.ctx.rng("relationship", self.index())
    }

    /// Completes and appends an edge; a unit never owns more than 256 (the id leaves k 8 bits).
    fn push(&mut self, rng: &mut Rng, draft: Draft) {
        debug_assert!(self.edges.len() < MAX_EDGES_PER_UNIT);
        if self.edges.len() >= MAX_EDGES_PER_UNIT {
            return;
        }
        let ctx = self.ctx;
        let from = party(ctx, draft.from);
        let to = party(ctx, draft.to);
        let figures = prior_period(ctx, &draft, rng);
        let risk_factors = risk_factors(&from, &to);
        let edge = Relationship {
            id: ctx.ids.make(Namespace::Relationship, self.index()),
            from_entity_id: from.id,
            from_entity_type: from.kind,
            to_entity_id: to.id,
            to_entity_type: to.kind,
            relationship_type: draft.kind,
            relationship_strength: Decimal::new(strength(&draft, rng), 2),
            start_date: draft.start,
            end_date: draft.end,
            is_active: draft.end.is_none(),
            context: draft.context,
            ownership_percentage: draft.ownership_percentage,
            effective_ownership: draft.effective_ownership,
            role: draft.role,
            interaction_count: figures.interactions,
            last_interaction_date: figures.last_interaction,
            transaction_count: figures.transactions,
            total_transaction_value: Decimal::new(figures.value_cents, 2),
            is_suspicious: !risk_factors.is_empty(),
            risk_factors,
            pattern_id: draft.pattern,
        };
        self.edges.push(edge);
    }
}

/// What an edge needs to know about an endpoint.
struct Party {
    id: RecordId,
    kind: EntityType,
    is_pep: bool,
    is_sanctioned: bool,
    is_shell: bool,
    in_haven: bool,
}

fn party(ctx: &Ctx, who: Owner) -> Party {
    match who {
        Owner::Person(p) => {
            let core = person::core(ctx, p);
            Party {
                id: ctx.person_id(p),
                kind: EntityType::Person,
                is_pep: core.is_pep,
                is_sanctioned: core.is_sanctioned,
                is_shell: false,
                in_haven: refdata::country(core.country).tax_haven,
            }
        }
        Owner::Company(c) => {
            let core = company::core(ctx, c);
            Party {
                id: ctx.company_id(c),
                kind: EntityType::Company,
                is_pep: false,
                is_sanctioned: core.is_sanctioned,
                is_shell: core.is_shell,
                in_haven: refdata::country(core.country).tax_haven,
            }
        }
    }
}

/// AL risk factors of an edge from its endpoints' KYC attributes, in `RiskFactor` order.
fn risk_factors(a: &Party, b: &Party) -> Vec<RiskFactor> {
    let either = |f: fn(&Party) -> bool| f(a) || f(b);
    [
        (RiskFactor::PepInvolved, either(|x| x.is_pep)),
        (RiskFactor::SanctionedParty, either(|x| x.is_sanctioned)),
        (RiskFactor::ShellCompany, either(|x| x.is_shell)),
        (RiskFactor::HavenJurisdiction, either(|x| x.in_haven)),
    ]
    .into_iter()
    .filter_map(|(factor, present)| present.then_some(factor))
    .collect()
}

/// Strength in hundredths: a range per type; ownership edges scale with the holding.
fn strength(draft: &Draft, rng: &mut Rng) -> i64 {
    let (lo, hi) = match draft.kind {
        RelationshipType::Spouse => (80, 100),
        RelationshipType::Parent | RelationshipType::Child => (70, 100),
        RelationshipType::Sibling => (50, 90),
        RelationshipType::Family => (30, 70),
        RelationshipType::Colleague => (20, 60),
        RelationshipType::Friend => (40, 80),
        RelationshipType::Acquaintance => (10, 40),
        RelationshipType::Employee | RelationshipType::Employer => (40, 80),
        RelationshipType::Director => (60, 90),
        RelationshipType::BusinessPartner => (30, 70),
        RelationshipType::Shareholder => {
            // 0.30 at a token holding up to 1.00 at 100%.
            let held = draft.ownership_percentage.map_or(0, |d| d.units);
            return 30 + held * 70 / 10_000;
        }
        RelationshipType::BeneficialOwner => {
            let effective = draft.effective_ownership.map_or(0, |d| d.units);
            return 50 + effective * 50 / 1_000_000;
        }
    };
    rng.between(lo, hi)
}

/// Prior-period figures (the 12 months before the window start), USD-eq.
struct PriorPeriod {
    interactions: i64,
    last_interaction: Option<Date>,
    transactions: i64,
    value_cents: i64,
}

/// Yearly interaction and transaction ranges per type, scaled by the part of the prior period the
/// edge existed; amounts log-normal around a typical payment, rounded once to cents (half-even).
fn prior_period(ctx: &Ctx, draft: &Draft, rng: &mut Rng) -> PriorPeriod {
    let period_end = date_of(ctx.window.start) - 1;
    let period_start = period_end - 364;
    let lo = draft.start.max(period_start);
    let hi = draft.end.unwrap_or(period_end).min(period_end);
    let none = PriorPeriod {
        interactions: 0,
        last_interaction: None,
        transactions: 0,
        value_cents: 0,
    };
    if lo > hi {
        return none;
    }
    let ((i_lo, i_hi), (t_lo, t_hi), typical_usd) = match draft.kind {
        RelationshipType::Spouse => ((200, 365), (0, 24), 300.0),
        RelationshipType::Parent | RelationshipType::Child => ((20, 150), (0, 12), 250.0),
        RelationshipType::Sibling => ((10, 80), (0, 6), 150.0),
        RelationshipType::Family => ((5, 40), (0, 4), 200.0),
        RelationshipType::Colleague => ((20, 200), (0, 2), 40.0),
        RelationshipType::Friend => ((10, 100), (0, 6), 60.0),
        RelationshipType::Acquaintance => ((1, 12), (0, 0), 0.0),
        RelationshipType::Employee | RelationshipType::Employer => ((100, 250), (12, 12), 4_000.0),
        RelationshipType::Director => ((10, 60), (0, 12), 3_000.0),
        RelationshipType::Shareholder => ((1, 12), (0, 4), 10_000.0),
        RelationshipType::BeneficialOwner => ((1, 12), (0, 0), 0.0),
        RelationshipType::BusinessPartner => ((5, 60), (2, 40), 20_000.0),
    };
    let days = (hi - lo + 1) as i64;
    let interactions = rng.between(i_lo, i_hi) * days / 365;
    let transactions = rng.between(t_lo, t_hi) * days / 365;
    let last_interaction =
        (interactions > 0).then(|| rng.between((hi - 30).max(lo) as i64, hi as i64) as Date);
    let value_cents = if transactions > 0 {
        libm::rint(rng.log_normal(typical_usd, 0.6) * transactions as f64 * 100.0) as i64
    } else {
        0
    };
    PriorPeriod {
        interactions,
        last_interaction,
        transactions,
        value_cents,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(persons: u64, companies: u64) -> Ctx {
        crate::generators::test_ctx(11, persons, companies, persons, 365)
    }

    fn all_edges(ctx: &Ctx) -> Vec<(u64, Vec<Relationship>)> {
        let persons = ctx.layout.params.persons;
        let companies = ctx.layout.params.companies;
        (0..persons)
            .map(|p| (p, for_person(ctx, p)))
            .chain((0..companies).map(|c| (persons + c, for_company(ctx, c))))
            .collect()
    }

    /// (namespace, row) of an endpoint id, checked to be an existing row.
    fn resolve(ctx: &Ctx, id: RecordId, kind: EntityType) -> Owner {
        let (ns, index) = ctx.ids.decode(id.value).expect("endpoint decodes");
        match (ns, kind) {
            (Namespace::Person, EntityType::Person) => {
                assert!(index < ctx.layout.params.persons);
                Owner::Person(index)
            }
            (Namespace::Company, EntityType::Company) => {
                assert!(index < ctx.layout.params.companies);
                Owner::Company(index)
            }
            other => panic!("endpoint {other:?}"),
        }
    }

    #[test]
    fn edges_are_deterministic() {
        let (a, b) = (ctx(400, 60), ctx(400, 60));
        for p in (0..400).step_by(13) {
            assert_eq!(for_person(&a, p), for_person(&b, p));
        }
        for c in 0..60 {
            assert_eq!(for_company(&a, c), for_company(&b, c));
        }
    }

    #[test]
    fn edges_are_well_formed_and_each_pair_is_written_once() {
        let ctx = ctx(2_000, 200);
        // An endpoint as a sortable (class, row) pair.
        type Key = (u8, u64);
        let key = |o: Owner| -> Key {
            match o {
                Owner::Person(p) => (0u8, p),
                Owner::Company(c) => (1u8, c),
            }
        };
        let mut seen: Vec<(RelationshipType, Key, Key)> = Vec::new();
        let mut kinds = [0u32; 14];
        for (unit, edges) in all_edges(&ctx) {
            assert!(edges.len() <= MAX_EDGES_PER_UNIT);
            for (k, e) in edges.iter().enumerate() {
                assert_eq!(
                    ctx.ids.decode(e.id.value),
                    Some((Namespace::Relationship, (unit << 8) | k as u64))
                );
                let from = resolve(&ctx, e.from_entity_id, e.from_entity_type);
                let to = resolve(&ctx, e.to_entity_id, e.to_entity_type);
                assert_ne!(from, to, "self edge");
                assert!(!matches!(
                    e.relationship_type,
                    RelationshipType::Child | RelationshipType::Employer
                ));
                assert_eq!(e.is_active, e.end_date.is_none());
                assert!(e.end_date.is_none_or(|end| end > e.start_date));
                assert!(e.start_date <= ctx.window.as_of_date);
                assert!((0..=100).contains(&e.relationship_strength.units));
                assert_eq!(e.is_suspicious, !e.risk_factors.is_empty());
                assert_eq!(e.interaction_count > 0, e.last_interaction_date.is_some());
                assert_eq!(
                    e.ownership_percentage.is_some(),
                    e.relationship_type == RelationshipType::Shareholder
                );
                assert_eq!(
                    e.role.is_some(),
                    e.relationship_type == RelationshipType::Director
                );
                let (from, to) = (key(from), key(to));
                let (lo, hi) = (from.min(to), from.max(to));
                seen.push((e.relationship_type, lo, hi));
                kinds[e.relationship_type as usize] += 1;
            }
        }
        let total = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), total, "a pair was written twice");
        for kind in [
            RelationshipType::Spouse,
            RelationshipType::Parent,
            RelationshipType::Sibling,
            RelationshipType::Employee,
            RelationshipType::Friend,
            RelationshipType::Acquaintance,
            RelationshipType::Director,
        ] {
            assert!(kinds[kind as usize] > 0, "no {kind:?} edges: {kinds:?}");
        }
    }

    #[test]
    fn nominee_arrangements_are_the_pool_nominees_and_only_person_to_person() {
        let ctx = ctx(4_000, 1_000);
        let mut arrangements = 0;
        for (unit, edges) in all_edges(&ctx) {
            for e in edges {
                let nominee = e.context == RelationshipContext::NomineeArrangement;
                let persons = (e.from_entity_type, e.to_entity_type)
                    == (EntityType::Person, EntityType::Person);
                if e.relationship_type == RelationshipType::BusinessPartner {
                    assert_eq!(nominee, persons, "{e:?}");
                }
                if nominee {
                    // Written by the nominee, from its principal.
                    assert!(unit < 4_000);
                    assert_eq!(e.to_entity_id, ctx.person_id(unit));
                    let principal = links::nominee_principal(&ctx, unit).unwrap();
                    assert_eq!(e.from_entity_id, ctx.person_id(principal));
                    assert!(e.is_active && e.pattern_id.is_none());
                    arrangements += 1;
                }
            }
        }
        let pool = (0..4_000).filter(|&p| ctx.nominees.contains(p)).count();
        assert!(pool > 0);
        assert_eq!(arrangements, pool);
    }

    #[test]
    fn married_persons_have_exactly_one_spouse_edge() {
        let ctx = ctx(3_000, 100);
        let mut spouse_edges: Vec<(u64, u64)> = Vec::new();
        for p in 0..3_000 {
            for e in for_person(&ctx, p) {
                if e.relationship_type == RelationshipType::Spouse {
                    let Owner::Person(a) = resolve(&ctx, e.from_entity_id, e.from_entity_type)
                    else {
                        panic!("spouse edge from a company")
                    };
                    let Owner::Person(b) = resolve(&ctx, e.to_entity_id, e.to_entity_type) else {
                        panic!("spouse edge to a company")
                    };
                    assert_eq!(a, p);
                    spouse_edges.push((a.min(b), a.max(b)));
                }
            }
        }
        let mut couples = Vec::new();
        for p in 0..3_000 {
            let (block, pos, household) = ctx.layout.household_of(p);
            if let Some(s) = household.spouse_of(pos) {
                let q = ctx.layout.person_in_block(block, s);
                couples.push((p.min(q), p.max(q)));
            }
        }
        couples.sort();
        couples.dedup();
        spouse_edges.sort();
        assert!(couples.len() > 100);
        assert_eq!(spouse_edges, couples);
    }

    #[test]
    fn director_edges_mirror_officers() {
        let ctx = ctx(500, 120);
        for c in 0..120 {
            let directors: Vec<(RecordId, Option<OfficerRole>)> = for_company(&ctx, c)
                .into_iter()
                .filter(|e| e.relationship_type == RelationshipType::Director)
                .inspect(|e| assert_eq!(e.to_entity_id, ctx.company_id(c)))
                .map(|e| (e.from_entity_id, e.role))
                .collect();
            let officers: Vec<(RecordId, Option<OfficerRole>)> = links::officers(&ctx, c)
                .iter()
                .map(|o| (ctx.person_id(o.person), Some(o.role)))
                .collect();
            assert_eq!(directors, officers);
        }
    }

    #[test]
    fn risk_factors_follow_the_endpoints() {
        let ctx = ctx(3_000, 300);
        let mut pep_edges = 0;
        for (_, edges) in all_edges(&ctx) {
            for e in edges {
                let involves_pep = [
                    (e.from_entity_id, e.from_entity_type),
                    (e.to_entity_id, e.to_entity_type),
                ]
                .iter()
                .any(|&(id, kind)| match resolve(&ctx, id, kind) {
                    Owner::Person(p) => ctx.layout.pep.contains(p),
                    Owner::Company(_) => false,
                });
                assert_eq!(
                    involves_pep,
                    e.risk_factors.contains(&RiskFactor::PepInvolved)
                );
                pep_edges += involves_pep as u32;
            }
        }
        assert!(pep_edges > 0);
    }
}
