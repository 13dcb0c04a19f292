//! The pattern plan (SPEC §5.4, §2.3, §10.1): run identically by every part before any output. Instance
//! `i` draws its typology, subtype and records from RNG (seed, `pattern.plan`, i); the plan then indexes
//! every planned transaction and account event by time, which gives each event file its exact pattern
//! budget per slice (so background totals stay exact) and lets a slice find the pattern records it holds.

use super::{Family, InstancePlan, PlanCtx, Typology, registry, typology};
use crate::core::error::Error;
use crate::core::seed::StreamKey;
use crate::core::time::Timestamp;
use crate::generators::Ctx;
use crate::model::record::Label;
use crate::schedule::events::Rows;
use crate::schedule::slices::Slices;

/// What the user asked for (§2.3).
#[derive(Clone, Debug, PartialEq)]
pub struct PlanOptions {
    /// `--no-patterns` turns everything off.
    pub enabled: bool,
    /// `--laundering-rate`; None with no explicit instances means the default rate.
    pub rate: Option<f64>,
    /// `--pattern TYPOLOGY[.SUBTYPE]=N`, in the order given.
    pub explicit: Vec<Requested>,
    /// Rate-driven shares replacing the §10.1 defaults of the listed families.
    pub weights: Vec<(Family, u32)>,
    /// Subtype weights replacing the defaults of the listed families (one weight per subtype).
    pub subtype_weights: Vec<(Family, Vec<u32>)>,
    /// Structuring margin in basis points.
    pub structuring_margin_bp: u32,
    /// Rows of the trades file (insider trading is count-driven by it, §10.1).
    pub trades: u64,
}

impl PlanOptions {
    fn share(&self, family: Family) -> u32 {
        self.weights
            .iter()
            .find(|(f, _)| *f == family)
            .map_or(family.rate_share(), |(_, w)| *w)
    }

    fn subtype_weights(&self, typology: &dyn Typology) -> Vec<u32> {
        self.subtype_weights
            .iter()
            .find(|(f, _)| *f == typology.family())
            .map_or_else(
                || typology.subtypes().iter().map(|s| s.1).collect(),
                |(_, w)| w.clone(),
            )
    }
}

/// One `--pattern` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requested {
    pub family: Family,
    /// Index into the typology's subtypes; drawn from the weights when None.
    pub subtype: Option<usize>,
    pub count: u64,
}

/// The default laundering rate (§2.3).
pub const DEFAULT_RATE: f64 = 0.002;

/// One planned instance.
#[derive(Clone, Debug)]
pub struct Planned {
    pub family: Family,
    pub plan: InstancePlan,
}

impl Planned {
    pub fn typology(&self) -> &'static dyn Typology {
        typology(self.family).expect("planned families are implemented")
    }

    pub fn subtype(&self) -> &'static str {
        self.typology().subtypes()[self.plan.subtype].0
    }
}

/// A pattern record located in time: record `record` of instance `instance`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Placed {
    pub ts: Timestamp,
    pub instance: u32,
    pub record: u32,
}

/// The pattern records of one event file, sorted by time.
#[derive(Clone, Debug, Default)]
pub struct PlacedRows {
    rows: Vec<Placed>,
}

impl PlacedRows {
    fn new(mut rows: Vec<Placed>) -> PlacedRows {
        rows.sort_unstable();
        PlacedRows { rows }
    }

    /// Pattern records strictly before `t`.
    pub fn before(&self, t: Timestamp) -> u64 {
        self.rows.partition_point(|p| p.ts < t) as u64
    }

    /// Pattern records before slice `s` (`s` may equal the slice count).
    pub fn before_slice(&self, slices: Slices, s: u64) -> u64 {
        self.before(slices.bounds(s).0)
    }

    /// The pattern records of slice `s`, in time order.
    pub fn in_slice(&self, slices: Slices, s: u64) -> &[Placed] {
        let lo = self.before_slice(slices, s) as usize;
        let hi = self.before_slice(slices, s + 1) as usize;
        &self.rows[lo..hi]
    }

    pub fn total(&self) -> u64 {
        self.rows.len() as u64
    }
}

impl Rows for PlacedRows {
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        self.before_slice(slices, s)
    }
}

/// The plan of a run.
#[derive(Clone, Debug, Default)]
pub struct PatternPlan {
    pub instances: Vec<Planned>,
    pub transactions: PlacedRows,
    pub account_events: PlacedRows,
    pub documents: PlacedRows,
    pub trades: PlacedRows,
    pub communications: PlacedRows,
    /// What the plan asked for and could not place, with the reason: a subtype (`Some`) that did not
    /// fit the population, or a whole family (`None`) the rate budget or this release could not serve.
    pub skipped: Vec<(Family, Option<usize>, String)>,
}

/// Appends record `k` of instance `instance` at the `k`-th of `times` to `rows`.
fn place(rows: &mut Vec<Placed>, instance: usize, times: impl Iterator<Item = Timestamp>) {
    rows.extend(times.enumerate().map(|(k, ts)| Placed {
        ts,
        instance: instance as u32,
        record: k as u32,
    }));
}

impl PatternPlan {
    /// Plans the instances of a run with `transactions` and `account_events` rows in total.
    pub fn new(
        ctx: &Ctx,
        options: &PlanOptions,
        transactions: u64,
        account_events: u64,
    ) -> Result<PatternPlan, Error> {
        if !options.enabled {
            return Ok(PatternPlan::default());
        }
        let pctx = PlanCtx {
            ctx,
            structuring_margin_bp: options.structuring_margin_bp,
            trades: options.trades,
            account_events,
            claimed: Default::default(),
            documents: Default::default(),
        };
        let key = StreamKey::new(ctx.seed, "pattern.plan");
        let mut instances: Vec<Planned> = Vec::new();
        for request in &options.explicit {
            let typology = typology(request.family).ok_or_else(|| {
                Error::Usage(format!(
                    "--pattern {}: this typology is not implemented in this release (implemented: {})",
                    request.family.label(),
                    implemented_list()
                ))
            })?;
            for _ in 0..request.count {
                let mut rng = key.rng(instances.len() as u64);
                let mut weights = options.subtype_weights(typology);
                // A drawn subtype that does not fit gives way to the others; a fixed one is an error.
                let plan = loop {
                    let subtype = request.subtype.unwrap_or_else(|| rng.weighted(&weights));
                    match typology.plan(&pctx, subtype, transactions, &mut rng) {
                        Ok(plan) => break plan,
                        Err(e) => {
                            weights[subtype] = 0;
                            if request.subtype.is_some() || weights.iter().all(|&w| w == 0) {
                                return Err(Error::Usage(format!(
                                    "pattern plan cannot fit {}.{}: {}",
                                    request.family.label(),
                                    typology.subtypes()[subtype].0,
                                    e.0
                                )));
                            }
                        }
                    }
                };
                instances.push(Planned {
                    family: request.family,
                    plan,
                });
            }
        }
        let explicit_transactions: u64 = instances
            .iter()
            .map(|p| p.plan.transactions.len() as u64)
            .sum();
        let rate = match (options.rate, options.explicit.is_empty()) {
            (Some(rate), _) => Some(rate),
            (None, true) => Some(DEFAULT_RATE),
            (None, false) => None,
        };
        let mut skipped = Vec::new();
        if let Some(rate) = rate {
            let budget = (rate * transactions as f64).floor() as u64;
            let mut remaining = budget.saturating_sub(explicit_transactions);
            let asked =
                |f: Family| options.share(f) > 0 && !options.explicit.iter().any(|r| r.family == f);
            // A family the rate draw would use that this release does not implement.
            for &family in Family::ALL {
                if family.rate_share() > 0 && asked(family) && typology(family).is_none() {
                    skipped.push((family, None, "not implemented in this release".to_string()));
                }
            }
            let mut families: Vec<&dyn Typology> = registry()
                .iter()
                .copied()
                .filter(|t| t.family().rate_share() > 0 && asked(t.family()))
                .collect();
            // Subtypes that did not fit; a family leaves the draw when none of its subtypes fits.
            let mut blocked: Vec<(Family, usize)> = Vec::new();
            while remaining > 0 && !families.is_empty() {
                let mut rng = key.rng(instances.len() as u64);
                let weights: Vec<u32> =
                    families.iter().map(|t| options.share(t.family())).collect();
                let typology = families[rng.weighted(&weights)];
                let family = typology.family();
                let mut subtype_weights = options.subtype_weights(typology);
                for &(_, k) in blocked.iter().filter(|(f, _)| *f == family) {
                    subtype_weights[k] = 0;
                }
                let subtype = rng.weighted(&subtype_weights);
                if remaining < typology.min_transactions(subtype) {
                    break;
                }
                match typology.plan(&pctx, subtype, remaining, &mut rng) {
                    Ok(plan) => {
                        remaining -= (plan.transactions.len() as u64).min(remaining);
                        instances.push(Planned { family, plan });
                    }
                    Err(e) => {
                        skipped.push((family, Some(subtype), e.0));
                        blocked.push((family, subtype));
                        subtype_weights[subtype] = 0;
                        if subtype_weights.iter().all(|&w| w == 0) {
                            families.retain(|t| t.family() != family);
                        }
                    }
                }
            }
            // The families still in the draw that got no instance: the budget ran out first.
            for t in families {
                let family = t.family();
                if !instances.iter().any(|p| p.family == family) {
                    skipped.push((
                        family,
                        None,
                        format!(
                            "the rate budget of {budget} transactions (laundering rate {rate} of {transactions}) ran out before it was drawn: {remaining} left, too few for an instance"
                        ),
                    ));
                }
            }
        }
        if rate.is_some() {
            plan_fixed_counts(&pctx, options, &key, &mut instances, &mut skipped);
        }
        let plan = PatternPlan::index(ctx, instances, skipped)?;
        if plan.transactions.total() > transactions {
            return Err(Error::Usage(format!(
                "pattern plan needs {} transactions but --transactions is {transactions}",
                plan.transactions.total()
            )));
        }
        if plan.account_events.total() > account_events {
            return Err(Error::Usage(format!(
                "pattern plan needs {} account events but --account-events is {account_events}",
                plan.account_events.total()
            )));
        }
        Ok(plan)
    }

    fn index(
        ctx: &Ctx,
        instances: Vec<Planned>,
        skipped: Vec<(Family, Option<usize>, String)>,
    ) -> Result<PatternPlan, Error> {
        let (start, end) = (ctx.window.start, ctx.window.end);
        let mut transactions = Vec::new();
        let mut account_events = Vec::new();
        let mut documents = Vec::new();
        let mut trades = Vec::new();
        let mut communications = Vec::new();
        for (i, planned) in instances.iter().enumerate() {
            let times = planned.plan.record_times().chain(planned.plan.announcement);
            if let Some(outside) = times.into_iter().find(|t| !(start..end).contains(t)) {
                return Err(Error::Usage(format!(
                    "pattern plan: a {} record falls outside the window at {}",
                    planned.family.label(),
                    crate::core::time::format_timestamp(outside)
                )));
            }
            let plan = &planned.plan;
            place(&mut transactions, i, plan.transactions.iter().map(|t| t.ts));
            place(
                &mut account_events,
                i,
                plan.account_events.iter().map(|e| e.ts),
            );
            place(&mut documents, i, plan.documents.iter().map(|d| d.ts));
            place(&mut trades, i, plan.trades.iter().map(|t| t.ts));
            place(
                &mut communications,
                i,
                plan.communications.iter().map(|c| c.ts),
            );
        }
        Ok(PatternPlan {
            instances,
            transactions: PlacedRows::new(transactions),
            account_events: PlacedRows::new(account_events),
            documents: PlacedRows::new(documents),
            trades: PlacedRows::new(trades),
            communications: PlacedRows::new(communications),
            skipped,
        })
    }

    /// The ownership the instances plant (ubo_chain), for [`crate::generators::Ctx::ownership`].
    pub fn ownership(&self) -> super::ownership::Ownership {
        super::ownership::Ownership::from_plans(self.instances.iter().map(|p| &p.plan))
    }

    /// Instances per family (§10.1 order, every family listed).
    pub fn per_family(&self) -> Vec<(Family, u64)> {
        Family::ALL
            .iter()
            .map(|&f| {
                let n = self.instances.iter().filter(|p| p.family == f).count();
                (f, n as u64)
            })
            .collect()
    }

    /// Instances per `typology.subtype` that occurs, in §10.1 and subtype order.
    pub fn per_subtype(&self) -> Vec<(String, u64)> {
        let mut out = Vec::new();
        for t in registry() {
            for (k, (name, _)) in t.subtypes().iter().enumerate() {
                let n = self
                    .instances
                    .iter()
                    .filter(|p| p.family == t.family() && p.plan.subtype == k)
                    .count();
                if n > 0 {
                    out.push((format!("{}.{name}", t.family().label()), n as u64));
                }
            }
        }
        out
    }
}

/// The count-driven families of a default plan (§10.1: not rate-driven): each adds its
/// [`Typology::fixed_count`] instances, drawing subtypes by weight; a subtype that does not fit leaves
/// the draw and is listed as skipped. Families the user asked for explicitly are left as asked.
fn plan_fixed_counts(
    pctx: &PlanCtx<'_>,
    options: &PlanOptions,
    key: &StreamKey,
    instances: &mut Vec<Planned>,
    skipped: &mut Vec<(Family, Option<usize>, String)>,
) {
    let asked = |family: Family| {
        let off = options.weights.iter().any(|&(f, w)| f == family && w == 0);
        !off && !options.explicit.iter().any(|r| r.family == family)
    };
    // A count-driven family (§10.1) this release does not implement.
    for &family in Family::ALL {
        if family.rate_share() == 0 && asked(family) && typology(family).is_none() {
            skipped.push((family, None, "not implemented in this release".to_string()));
        }
    }
    for typology in registry() {
        let family = typology.family();
        if !asked(family) {
            continue;
        }
        let count = typology.fixed_count(pctx);
        if count == 0 && family.rate_share() == 0 {
            skipped.push((family, None, typology.no_fixed_count(pctx).0));
        }
        let mut weights = options.subtype_weights(*typology);
        for _ in 0..count {
            let plan = loop {
                if weights.iter().all(|&w| w == 0) {
                    break None;
                }
                let mut rng = key.rng(instances.len() as u64);
                let subtype = rng.weighted(&weights);
                match typology.plan(pctx, subtype, 0, &mut rng) {
                    Ok(plan) => break Some(plan),
                    Err(e) => {
                        skipped.push((family, Some(subtype), e.0));
                        weights[subtype] = 0;
                    }
                }
            };
            match plan {
                Some(plan) => instances.push(Planned { family, plan }),
                None => break,
            }
        }
    }
}

/// Parses `TYPOLOGY[.SUBTYPE]=N`.
pub fn parse_request(text: &str) -> Result<Requested, Error> {
    let bad = |why: String| Error::Usage(format!("--pattern {text}: {why}"));
    let (name, count) = text
        .split_once('=')
        .ok_or_else(|| bad("expected TYPOLOGY[.SUBTYPE]=N".into()))?;
    let count: u64 = count
        .trim()
        .parse()
        .map_err(|_| bad(format!("'{count}' is not a whole number")))?;
    let (family, subtype) = match name.split_once('.') {
        Some((f, s)) => (f, Some(s)),
        None => (name, None),
    };
    let family = Family::from_label(family.trim()).ok_or_else(|| {
        bad(format!(
            "unknown typology '{family}' (known: {})",
            Family::ALL
                .iter()
                .map(|f| f.label())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })?;
    let subtype = match subtype {
        None => None,
        Some(s) => {
            let typology = typology(family).ok_or_else(|| {
                bad(format!(
                    "typology '{}' is not implemented in this release (implemented: {})",
                    family.label(),
                    implemented_list()
                ))
            })?;
            let names: Vec<&str> = typology.subtypes().iter().map(|t| t.0).collect();
            Some(names.iter().position(|&n| n == s.trim()).ok_or_else(|| {
                bad(format!(
                    "unknown subtype '{s}' of {} (known: {})",
                    family.label(),
                    names.join(", ")
                ))
            })?)
        }
    };
    Ok(Requested {
        family,
        subtype,
        count,
    })
}

fn implemented_list() -> String {
    registry()
        .iter()
        .map(|t| t.family().label())
        .collect::<Vec<_>>()
        .join(", ")
}
