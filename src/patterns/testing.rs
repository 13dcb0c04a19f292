//! Test support for typology families: entity facts answered from the generator's context, building an
//! instance's records through the shared builders, and running `plan` + `check` over many seeds.

use super::emit;
use super::{
    AccountView, CompanyView, Entity, Facts, InstancePlan, InstanceRecords, MemberView, PersonView,
    PlanCtx, Typology,
};
use crate::core::ids::{Namespace, RecordId};
use crate::core::time::Timestamp;
use crate::generators::{Ctx, account, account_event, company, devices, links, person};

/// Facts from the context (what `validate` reads from files).
pub struct CtxFacts<'a> {
    pub ctx: &'a Ctx,
    pub margin_bp: u32,
}

/// The plan context of tests: `ctx` with the default 5 % structuring margin.
pub fn plan_ctx(ctx: &Ctx) -> PlanCtx<'_> {
    PlanCtx {
        ctx,
        structuring_margin_bp: 500,
        trades: 10_000,
        account_events: u64::MAX,
        claimed: Default::default(),
        documents: Default::default(),
    }
}

/// Facts read from `ctx`, with the default structuring margin.
pub fn ctx_facts(ctx: &Ctx) -> CtxFacts<'_> {
    CtxFacts {
        ctx,
        margin_bp: 500,
    }
}

impl Facts for CtxFacts<'_> {
    fn account(&self, id: RecordId) -> Option<AccountView> {
        let (ns, a) = self.ctx.ids.decode(id.value)?;
        (ns == Namespace::Account && a < self.ctx.layout.params.accounts).then(|| {
            let r = account::record(self.ctx, a);
            AccountView {
                owner: r.owner_id,
                bank_id: r.bank_id.clone(),
                opened_date: r.opened_date,
                account_type: r.account_type,
                credit_limit_minor: r.credit_limit.map(|d| d.units),
                currency: r.currency.to_string(),
            }
        })
    }

    fn person(&self, id: RecordId) -> Option<PersonView> {
        let (ns, p) = self.ctx.ids.decode(id.value)?;
        (ns == Namespace::Person && p < self.ctx.layout.params.persons).then(|| {
            let r = person::record(self.ctx, p);
            let a = &r.addresses[0].postal;
            PersonView {
                primary_address: format!(
                    "{}|{}|{}|{}",
                    a.street, a.city, a.postal_code, a.country_code
                ),
                phone_numbers: r.phone_numbers.iter().map(|p| p.number.clone()).collect(),
                is_pep: r.is_pep,
            }
        })
    }

    fn company(&self, id: RecordId) -> Option<CompanyView> {
        let (ns, c) = self.ctx.ids.decode(id.value)?;
        (ns == Namespace::Company && c < self.ctx.layout.params.companies).then(|| {
            let core = company::core(self.ctx, c);
            let country = crate::refdata::country(core.country);
            CompanyView {
                is_shell: core.is_shell,
                country: country.code.to_string(),
                in_haven: country.tax_haven,
            }
        })
    }

    fn ubo_threshold(&self) -> u64 {
        links::ubo_threshold(self.ctx)
    }

    /// The owner's usual addresses and devices: what its background events use (all but the few
    /// brand-new ones), so an address or device outside them is new on the account.
    fn seen_before(&self, account: RecordId, ip_or_device: &str, _before: Timestamp) -> bool {
        let Some((Namespace::Account, a)) = self.ctx.ids.decode(account.value) else {
            return false;
        };
        let owner = self.ctx.layout.account_owner(a);
        let ips = (0..devices::usual_ip_count(self.ctx, owner))
            .map(|k| devices::usual_ip_at(self.ctx, owner, k));
        ips.chain(devices::devices(self.ctx, owner))
            .any(|x| x == ip_or_device)
    }

    fn ties(&self, a: RecordId, b: RecordId) -> Vec<super::TieView> {
        use super::insider_trading::{tie_view, ties_person_company, ties_person_person};
        let ctx = self.ctx;
        let edges = match (ctx.ids.decode(a.value), ctx.ids.decode(b.value)) {
            (Some((Namespace::Person, p)), Some((Namespace::Person, q))) => {
                ties_person_person(ctx, p, q)
            }
            (Some((Namespace::Person, p)), Some((Namespace::Company, c)))
            | (Some((Namespace::Company, c)), Some((Namespace::Person, p))) => {
                ties_person_company(ctx, p, c)
            }
            _ => Vec::new(),
        };
        edges.iter().map(tie_view).collect()
    }

    fn ticker(&self, id: RecordId) -> Option<String> {
        match self.ctx.ids.decode(id.value)? {
            (Namespace::Company, c) => company::listing(self.ctx, c).map(|(t, _)| t),
            _ => None,
        }
    }

    fn window_start(&self) -> Timestamp {
        self.ctx.window.start
    }

    fn structuring_margin_bp(&self) -> u32 {
        self.margin_bp
    }
}

/// The id of a member entity.
pub fn entity_id(ctx: &Ctx, entity: Entity) -> RecordId {
    match entity {
        Entity::Person(p) => ctx.person_id(p),
        Entity::Company(c) => ctx.company_id(c),
        Entity::Account(a) => ctx.account_id(a),
    }
}

/// Builds the records of one planned instance (ids by position, lists in file order). The plan is
/// instance 0: its relationships are read from `ctx` when its ownership holds only this plan.
pub fn materialize<'a>(
    ctx: &Ctx,
    facts: &'a CtxFacts<'a>,
    typology: &dyn Typology,
    plan: &InstancePlan,
) -> InstanceRecords<'a> {
    materialize_instance(ctx, facts, typology, plan, 0)
}

/// [`materialize`] for instance `i` of a plan whose ownership `ctx` holds.
pub fn materialize_instance<'a>(
    ctx: &Ctx,
    facts: &'a CtxFacts<'a>,
    typology: &dyn Typology,
    plan: &InstancePlan,
    i: u64,
) -> InstanceRecords<'a> {
    let pattern = ctx.ids.make(Namespace::Pattern, i);
    let family = typology.family();
    let planned = super::plan::Planned {
        family,
        plan: plan.clone(),
    };
    let doc_tables = crate::generators::document::Tables::new(ctx);
    let mut transactions: Vec<_> = (0..plan.transactions.len())
        .map(|k| {
            let mut rng = ctx.rng("pattern.test.transaction", k as u64);
            let mut t = emit::planned_transaction(ctx, &doc_tables, &planned, i, k, &mut rng);
            t.id = ctx.ids.make(Namespace::Transaction, k as u64);
            emit::tx_view(&t)
        })
        .collect();
    let mut documents: Vec<_> = (0..plan.documents.len())
        .map(|d| {
            let mut doc = emit::document(ctx, &doc_tables, &planned, i, d);
            doc.id = ctx.ids.make(Namespace::Document, d as u64);
            emit::doc_view(&doc)
        })
        .collect();
    documents.sort_by_key(|d| (d.ts, d.id.value));
    transactions.sort_by_key(|t| (t.ts, t.id.value));
    let tables = account_event::Tables::new(ctx);
    let mut account_events: Vec<_> = plan
        .account_events
        .iter()
        .enumerate()
        .map(|(k, spec)| {
            let mut rng = ctx.rng("pattern.test.event", k as u64);
            let mut e = emit::account_event(ctx, &tables, spec, pattern, &mut rng);
            e.id = ctx.ids.make(Namespace::AccountEvent, k as u64);
            emit::event_view(&e)
        })
        .collect();
    account_events.sort_by_key(|e| (e.ts, e.id.value));
    let market = (
        crate::generators::trade::Tables::new(ctx),
        crate::generators::communication::Tables::new(ctx),
    );
    let market = emit::MarketTables {
        trades: &market.0,
        communications: &market.1,
    };
    let (trades, communications) = crate::patterns::records::market_records(ctx, i, plan, market);
    let mut trades: Vec<_> = trades
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let mut v = emit::trade_view(t);
            v.id = ctx.ids.make(Namespace::Trade, k as u64);
            v
        })
        .collect();
    trades.sort_by_key(|t| (t.ts, t.id.value));
    let mut communications: Vec<_> = communications
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let mut v = emit::communication_view(c);
            v.id = ctx.ids.make(Namespace::Communication, k as u64);
            v
        })
        .collect();
    communications.sort_by_key(|c| (c.ts, c.id.value));
    InstanceRecords {
        trades,
        communications,
        end_time: Some(plan.span_in((ctx.window.start, ctx.window.end)).1),
        family,
        subtype: typology.subtypes()[plan.subtype].0.to_string(),
        transactions,
        account_events,
        relationships: crate::patterns::records::relationships(ctx, i, plan)
            .iter()
            .map(emit::rel_view)
            .collect(),
        documents,
        members: plan
            .members
            .iter()
            .map(|m| MemberView {
                entity_id: entity_id(ctx, m.entity),
                role: m.role,
            })
            .collect(),
        facts,
    }
}

/// Population sizes the property tests cycle through (persons; companies, accounts and the window
/// follow).
pub const SIZES: [u64; 3] = [300, 1_000, 3_000];

/// Plans `instances` instances of every subtype of `typology` for each of `seeds` seeds (sizes cycling
/// through [`SIZES`]), checks every one, and hands each planned instance with its records to `also`.
/// Returns how many instances were checked.
pub fn check_over_seeds(
    typology: &dyn Typology,
    seeds: u64,
    instances: u64,
    mut also: impl FnMut(&Ctx, &InstancePlan, &InstanceRecords<'_>),
) -> u64 {
    let mut checked = 0;
    for seed in 0..seeds {
        let persons = SIZES[(seed % SIZES.len() as u64) as usize];
        let ctx = crate::generators::test_ctx(seed, persons, persons / 5, persons * 2, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        for subtype in 0..typology.subtypes().len() {
            for i in 0..instances {
                let mut rng = ctx.rng("pattern.test.plan", (subtype as u64) << 32 | i);
                let max = 20 + rng.below(60);
                let plan = typology
                    .plan(&pctx, subtype, max, &mut rng)
                    .unwrap_or_else(|e| panic!("seed {seed} subtype {subtype}: {}", e.0));
                assert_eq!(plan.subtype, subtype);
                assert!(plan.transactions.len() as u64 <= max, "over the budget");
                assert!(
                    plan.transactions.len() as u64 >= typology.min_transactions(subtype),
                    "under the typology minimum"
                );
                let records = materialize(&ctx, &facts, typology, &plan);
                if let Err(v) = typology.check(&records) {
                    panic!(
                        "seed {seed} {}.{}: {}",
                        crate::model::record::Label::label(typology.family()),
                        records.subtype,
                        v.0
                    );
                }
                also(&ctx, &plan, &records);
                checked += 1;
            }
        }
    }
    checked
}

/// `check` reads user datasets (via `validate`), so it must reject, never panic, whatever it is handed.
#[test]
fn checks_never_panic_on_damaged_instances() {
    let ctx = crate::generators::test_ctx(3, 1_000, 200, 2_000, 90);
    let pctx = plan_ctx(&ctx);
    let facts = ctx_facts(&ctx);
    for typology in super::registry() {
        for subtype in 0..typology.subtypes().len() {
            let mut rng = ctx.rng("pattern.test.damage", subtype as u64);
            let Ok(plan) = typology.plan(&pctx, subtype, 40, &mut rng) else {
                continue;
            };
            let damaged: [fn(&mut InstanceRecords<'_>); 5] = [
                |r| r.transactions.clear(),
                |r| r.transactions.truncate(1),
                |r| r.members.clear(),
                |r| r.account_events.clear(),
                |r| {
                    for t in &mut r.transactions {
                        t.from = None;
                        t.to = None;
                        t.from_entity = None;
                        t.to_entity = None;
                        t.currency = "XXX".into();
                    }
                },
            ];
            for damage in damaged {
                let mut records = materialize(&ctx, &facts, *typology, &plan);
                damage(&mut records);
                let _ = typology.check(&records);
            }
            let mut records = materialize(&ctx, &facts, *typology, &plan);
            records.subtype = "no_such_subtype".into();
            assert!(
                typology.check(&records).is_err(),
                "unknown subtype accepted"
            );
        }
    }
}
