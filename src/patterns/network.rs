//! The network typologies (SPEC §10.1, §10.2): fan_out, fan_in, cycle, scatter_gather, gather_scatter,
//! bipartite, stack and random — money moved between distinct accounts along a fixed graph shape.
//!
//! One [`Network`] value per family; all of them plan the same way: draw the shape (participant slots
//! with roles and the edges in flow order) within the transaction budget, lay the edges out in time by
//! the subtype's schedule, pick accounts eligible over the whole span (one currency, distinct owners),
//! then the amounts. Rules chosen here (checked by [`Network::check`] from the records alone):
//!
//! * Schedules (the subtypes): `fixed_interval` — strictly increasing times with equal gaps (30 min to
//!   36 h); `random_interval` — strictly increasing times with log-normal gaps; `unordered` — uniform
//!   times over 1–14 days, unrelated to the edge order; `simultaneous` — distinct seconds within about
//!   five minutes (checked: within 15 minutes). Flow-ordered families only use the two interval ones.
//! * Sizes: fan k ∈ [3, 16] counterparties (one transaction each); cycle length 3–10; scatter_gather
//!   k ∈ [2, 10] intermediaries; gather_scatter 2–8 senders and 2–8 receivers (each once); bipartite
//!   |A|, |B| ∈ [2, 5], every A member sends and every B member receives; stack 3–5 layers (checked:
//!   ≥ 3) of 2–5 accounts, every account of a non-last layer sends and every account of a non-first
//!   layer receives; random: 5–20 hops over 4–10 accounts.
//! * Roles: fan_out hub originator, counterparties beneficiary; fan_in counterparties originator, hub
//!   beneficiary; cycle a0 originator, the rest intermediary; scatter_gather originator, intermediary,
//!   beneficiary; gather_scatter senders originator, hub hub, receivers beneficiary; bipartite A
//!   originator, B beneficiary; stack first layer originator, middle layers intermediary, last layer
//!   beneficiary; random the first sender originator, every other account participant. Owners carry
//!   their account's role; all participants have distinct owners.
//! * Kinds: transfers only. An instance keeps one currency (§10.1), while a fifth to a third of
//!   background wires and ACH cross currencies; pattern wires would differ from background ones in
//!   `amount_local`/`exchange_rate` presence. `check` still accepts wires and ACH.
//! * Amounts, in the one currency of the instance: fresh amounts are log-normal around an instance median
//!   drawn in [2,000, 6,000] USD-eq (σ 0.8); where money is passed on (cycle, random, scatter_gather,
//!   gather_scatter, stack) a node keeps 1–5% of what it received and splits the rest over its outgoing
//!   edges. Multiples of 10,000 minor units are nudged down a few units, so amounts are never round.

use std::collections::{BTreeMap, BTreeSet};

use super::support::{
    DAY, HOUR, pick_account, pick_fresh_account, place, strictly_increasing, to_account_minor,
    usd_cents,
};
use super::{
    Family, InstancePlan, InstanceRecords, NoFit, PlanCtx, Role, TxSpec, Typology, Violation,
    ensure,
};
use crate::core::ids::RecordId;
use crate::core::seed::Rng;
use crate::core::time::Timestamp;
use crate::generators::account;
use crate::model::record::Label;
use crate::model::transaction::TransactionType;

/// A network typology; the family picks the shape.
pub struct Network(pub Family);

const ALL_SCHEDULES: &[(&str, u32)] = &[
    ("fixed_interval", 25),
    ("random_interval", 25),
    ("unordered", 25),
    ("simultaneous", 25),
];
const FLOW_SCHEDULES: &[(&str, u32)] = &[("fixed_interval", 50), ("random_interval", 50)];

const FAN_K: (usize, usize) = (3, 16);
const CYCLE_LEN: (usize, usize) = (3, 10);
const SCATTER_K: (usize, usize) = (2, 10);
const GATHER_SIDE: (usize, usize) = (2, 8);
const BIPARTITE_SIDE: (usize, usize) = (2, 5);
const STACK_LAYERS: (usize, usize) = (3, 5);
const STACK_WIDTH: (usize, usize) = (2, 5);
const WALK_ACCOUNTS: (usize, usize) = (4, 10);
const WALK_HOPS: (usize, usize) = (5, 20);

/// Instance median range of fresh amounts (USD-eq) and their log-normal shape.
const MEDIAN_USD: (f64, f64) = (2_000.0, 6_000.0);
const SIGMA: f64 = 0.8;
/// What a simultaneous instance may span, in seconds (planned: about five minutes).
const SIMULTANEOUS_SPAN: i64 = 15 * 60;
/// Attempts at finding all participants in the first account's currency.
const PICK_ATTEMPTS: u32 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Schedule {
    Fixed,
    Random,
    Unordered,
    Simultaneous,
}

impl Schedule {
    fn from_label(label: &str) -> Option<Schedule> {
        match label {
            "fixed_interval" => Some(Schedule::Fixed),
            "random_interval" => Some(Schedule::Random),
            "unordered" => Some(Schedule::Unordered),
            "simultaneous" => Some(Schedule::Simultaneous),
            _ => None,
        }
    }
}

/// How amounts move along the edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flow {
    /// Every edge a fresh amount.
    Independent,
    /// The first edge fresh, each next one what the previous receiver keeps passing on.
    Chain,
    /// A node without inflow sends fresh amounts; a node with inflow splits what it passes on over its
    /// outgoing edges (all its inflows precede its outflows in edge order).
    Split,
}

/// Participant slots with their roles, and the edges between slots in flow order.
struct Shape {
    roles: Vec<Role>,
    edges: Vec<(usize, usize)>,
    flow: Flow,
}

impl Typology for Network {
    fn family(&self) -> Family {
        self.0
    }

    fn subtypes(&self) -> &'static [(&'static str, u32)] {
        match self.0 {
            Family::FanOut | Family::FanIn | Family::Bipartite => ALL_SCHEDULES,
            _ => FLOW_SCHEDULES,
        }
    }

    fn min_transactions(&self, _subtype: usize) -> u64 {
        match self.0 {
            Family::FanOut | Family::FanIn => FAN_K.0 as u64,
            Family::Cycle => CYCLE_LEN.0 as u64,
            Family::ScatterGather => 2 * SCATTER_K.0 as u64,
            Family::GatherScatter => 2 * GATHER_SIDE.0 as u64,
            Family::Bipartite => BIPARTITE_SIDE.0 as u64,
            Family::Stack => ((STACK_LAYERS.0 - 1) * STACK_WIDTH.0) as u64,
            Family::Random => WALK_HOPS.0 as u64,
            _ => u64::MAX,
        }
    }

    fn plan(
        &self,
        pctx: &PlanCtx<'_>,
        subtype: usize,
        max_transactions: u64,
        rng: &mut Rng,
    ) -> Result<InstancePlan, NoFit> {
        let name = self.0.label();
        let schedule = self
            .subtypes()
            .get(subtype)
            .and_then(|&(label, _)| Schedule::from_label(label))
            .ok_or_else(|| NoFit(format!("{name}: no subtype {subtype}")))?;
        let min = self.min_transactions(subtype);
        if max_transactions < min {
            return Err(NoFit(format!(
                "{name} needs {min} transactions, {max_transactions} left"
            )));
        }
        let budget = max_transactions.min(1_000) as usize;
        let shape = self.shape(budget, rng)?;
        let times = schedule_times(pctx, schedule, shape.edges.len(), rng)?;
        let span = (
            times.iter().copied().min().unwrap_or(pctx.start()),
            times.iter().copied().max().unwrap_or(pctx.start()),
        );
        let accounts = pick_accounts(pctx, shape.roles.len(), span, rng)?;
        let amounts = amounts(pctx, &shape, accounts[0], rng);
        let mut plan = InstancePlan::new(subtype);
        for ((&(u, v), &ts), &amount_minor) in shape.edges.iter().zip(&times).zip(&amounts) {
            let (from, to) = (accounts[u], accounts[v]);
            plan.transactions.push(TxSpec {
                kind: TransactionType::Transfer,
                ts,
                from: Some(from),
                to: Some(to),
                amount_minor,
                location: None,
            });
        }
        for (slot, &role) in shape.roles.iter().enumerate() {
            plan.member_account(pctx.ctx, accounts[slot], role);
        }
        Ok(plan)
    }

    fn check(&self, records: &InstanceRecords<'_>) -> Result<(), Violation> {
        let schedule = self
            .subtypes()
            .iter()
            .find(|(label, _)| *label == records.subtype)
            .and_then(|&(label, _)| Schedule::from_label(label))
            .ok_or_else(|| Violation(format!("unknown subtype {}", records.subtype)))?;
        let hops = hops(records)?;
        check_schedule(schedule, &hops)?;
        let expected = match self.0 {
            Family::FanOut => check_fan(&hops, true)?,
            Family::FanIn => check_fan(&hops, false)?,
            Family::Cycle => check_cycle(&hops)?,
            Family::ScatterGather => check_scatter_gather(&hops)?,
            Family::GatherScatter => check_gather_scatter(&hops)?,
            Family::Bipartite => check_bipartite(&hops)?,
            Family::Stack => check_stack(&hops)?,
            Family::Random => check_random(&hops)?,
            other => return Err(Violation(format!("{} is not a network", other.label()))),
        };
        check_members(records, &hops, &expected)
    }
}

// ---- planning ---------------------------------------------------------------------------------------

impl Network {
    /// The family's shape with at most `budget` edges (`budget` ≥ the family minimum).
    fn shape(&self, budget: usize, rng: &mut Rng) -> Result<Shape, NoFit> {
        Ok(match self.0 {
            Family::FanOut => fan_shape(true, budget, rng),
            Family::FanIn => fan_shape(false, budget, rng),
            Family::Cycle => cycle_shape(budget, rng),
            Family::ScatterGather => scatter_gather_shape(budget, rng),
            Family::GatherScatter => gather_scatter_shape(budget, rng),
            Family::Bipartite => bipartite_shape(budget, rng),
            Family::Stack => stack_shape(budget, rng),
            Family::Random => walk_shape(budget, rng),
            other => return Err(NoFit(format!("{} is not a network", other.label()))),
        })
    }
}

/// A uniform draw in `[lo, hi]`.
fn between(rng: &mut Rng, lo: usize, hi: usize) -> usize {
    rng.between(lo as i64, hi as i64) as usize
}

/// fan_out (`out`) or fan_in: slot 0 the hub, one transaction with each of k counterparties.
fn fan_shape(out: bool, budget: usize, rng: &mut Rng) -> Shape {
    let k = between(rng, FAN_K.0, FAN_K.1.min(budget));
    let (hub, spoke) = if out {
        (Role::Originator, Role::Beneficiary)
    } else {
        (Role::Beneficiary, Role::Originator)
    };
    let mut roles = vec![hub];
    roles.extend(std::iter::repeat_n(spoke, k));
    let edges = (1..=k).map(|i| if out { (0, i) } else { (i, 0) }).collect();
    Shape {
        roles,
        edges,
        flow: Flow::Independent,
    }
}

/// cycle: n accounts, each passing the money on to the next, the last back to the first.
fn cycle_shape(budget: usize, rng: &mut Rng) -> Shape {
    let n = between(rng, CYCLE_LEN.0, CYCLE_LEN.1.min(budget));
    let mut roles = vec![Role::Originator];
    roles.extend(std::iter::repeat_n(Role::Intermediary, n - 1));
    Shape {
        roles,
        edges: (0..n).map(|i| (i, (i + 1) % n)).collect(),
        flow: Flow::Chain,
    }
}

/// scatter_gather: the originator pays k intermediaries, who all pay the beneficiary.
fn scatter_gather_shape(budget: usize, rng: &mut Rng) -> Shape {
    // Slot 0 the originator, 1 the beneficiary, 2.. the intermediaries.
    let k = between(rng, SCATTER_K.0, SCATTER_K.1.min(budget / 2));
    let mut roles = vec![Role::Originator, Role::Beneficiary];
    roles.extend(std::iter::repeat_n(Role::Intermediary, k));
    let mut scatter: Vec<usize> = (2..2 + k).collect();
    let mut gather = scatter.clone();
    rng.shuffle(&mut scatter);
    rng.shuffle(&mut gather);
    let mut edges: Vec<_> = scatter.into_iter().map(|i| (0, i)).collect();
    edges.extend(gather.into_iter().map(|i| (i, 1)));
    Shape {
        roles,
        edges,
        flow: Flow::Split,
    }
}

/// gather_scatter: k senders pay the hub, which pays m receivers.
fn gather_scatter_shape(budget: usize, rng: &mut Rng) -> Shape {
    // Slot 0 the hub, then the senders, then the receivers.
    let mut k = between(rng, GATHER_SIDE.0, GATHER_SIDE.1);
    let mut m = between(rng, GATHER_SIDE.0, GATHER_SIDE.1);
    while k + m > budget {
        if k >= m {
            k -= 1;
        } else {
            m -= 1;
        }
    }
    let mut roles = vec![Role::Hub];
    roles.extend(std::iter::repeat_n(Role::Originator, k));
    roles.extend(std::iter::repeat_n(Role::Beneficiary, m));
    let mut senders: Vec<usize> = (1..=k).collect();
    let mut receivers: Vec<usize> = (k + 1..=k + m).collect();
    rng.shuffle(&mut senders);
    rng.shuffle(&mut receivers);
    let mut edges: Vec<_> = senders.into_iter().map(|s| (s, 0)).collect();
    edges.extend(receivers.into_iter().map(|r| (0, r)));
    Shape {
        roles,
        edges,
        flow: Flow::Split,
    }
}

/// bipartite: every member of side A sends and every member of side B receives.
fn bipartite_shape(budget: usize, rng: &mut Rng) -> Shape {
    let mut a = between(rng, BIPARTITE_SIDE.0, BIPARTITE_SIDE.1);
    let mut b = between(rng, BIPARTITE_SIDE.0, BIPARTITE_SIDE.1);
    while a.max(b) > budget {
        if a >= b {
            a -= 1;
        } else {
            b -= 1;
        }
    }
    let mut room = budget - a.max(b);
    let mut edges: Vec<_> = cover(a, b, &mut room, usize::MAX, rng)
        .into_iter()
        .map(|(i, j)| (i, a + j))
        .collect();
    rng.shuffle(&mut edges);
    let mut roles = vec![Role::Originator; a];
    roles.extend(std::iter::repeat_n(Role::Beneficiary, b));
    Shape {
        roles,
        edges,
        flow: Flow::Independent,
    }
}

/// stack: layers of accounts, each layer paying the next; every account of a non-last layer sends and
/// every account of a non-first layer receives.
fn stack_shape(budget: usize, rng: &mut Rng) -> Shape {
    let most = STACK_LAYERS.1.min(budget / STACK_WIDTH.0 + 1);
    let layers = between(rng, STACK_LAYERS.0, most);
    let mut width: Vec<usize> = (0..layers)
        .map(|_| between(rng, STACK_WIDTH.0, STACK_WIDTH.1))
        .collect();
    let base = |w: &[usize]| w.windows(2).map(|p| p[0].max(p[1])).sum::<usize>();
    while base(&width) > budget {
        let widest = (0..layers).max_by_key(|&i| (width[i], i)).unwrap_or(0);
        width[widest] -= 1;
    }
    let mut room = budget - base(&width);
    let mut first = Vec::with_capacity(layers);
    let mut roles = Vec::new();
    for (l, &w) in width.iter().enumerate() {
        first.push(roles.len());
        let role = match l {
            0 => Role::Originator,
            l if l + 1 == layers => Role::Beneficiary,
            _ => Role::Intermediary,
        };
        roles.extend(std::iter::repeat_n(role, w));
    }
    let mut edges = Vec::new();
    for s in 0..layers - 1 {
        let mut stage: Vec<_> = cover(width[s], width[s + 1], &mut room, 4, rng)
            .into_iter()
            .map(|(i, j)| (first[s] + i, first[s + 1] + j))
            .collect();
        rng.shuffle(&mut stage);
        edges.extend(stage);
    }
    Shape {
        roles,
        edges,
        flow: Flow::Split,
    }
}

/// random: a walk of `hops` transfers over n accounts, each hop to an account other than the current.
fn walk_shape(budget: usize, rng: &mut Rng) -> Shape {
    let hops = between(rng, WALK_HOPS.0, WALK_HOPS.1.min(budget));
    let n = between(rng, WALK_ACCOUNTS.0, WALK_ACCOUNTS.1.min(hops + 1));
    // Slots are numbered in first-visit order, so slot 0 starts the walk.
    let mut at = 0;
    let mut visited = 1;
    let mut edges = Vec::with_capacity(hops);
    for step in 0..hops {
        let unvisited = n - visited;
        let left = hops - step;
        let new = unvisited > 0
            && (unvisited >= left || visited < 2 || rng.chance(unvisited as f64 / left as f64));
        let next = if new {
            visited += 1;
            visited - 1
        } else {
            let r = rng.index(visited - 1);
            if r >= at { r + 1 } else { r }
        };
        edges.push((at, next));
        at = next;
    }
    let mut roles = vec![Role::Originator];
    roles.extend(std::iter::repeat_n(Role::Participant, n - 1));
    Shape {
        roles,
        edges,
        flow: Flow::Chain,
    }
}

/// Edges between sides of `a` and `b` slots (local indices) so every slot of both sides has one, plus
/// up to `cap` random extra distinct pairs taken from `room`.
fn cover(a: usize, b: usize, room: &mut usize, cap: usize, rng: &mut Rng) -> Vec<(usize, usize)> {
    let mut pa: Vec<usize> = (0..a).collect();
    let mut pb: Vec<usize> = (0..b).collect();
    rng.shuffle(&mut pa);
    rng.shuffle(&mut pb);
    // The longer side's index is distinct for every i, so these pairs are distinct.
    let mut edges: Vec<_> = (0..a.max(b)).map(|i| (pa[i % a], pb[i % b])).collect();
    let mut spare: Vec<_> = (0..a)
        .flat_map(|i| (0..b).map(move |j| (i, j)))
        .filter(|p| !edges.contains(p))
        .collect();
    rng.shuffle(&mut spare);
    let extra = rng.below(spare.len().min(*room).min(cap) as u64 + 1) as usize;
    *room -= extra;
    edges.extend(spare.into_iter().take(extra));
    edges
}

/// Times of `n` edges in edge order by `schedule`, inside the window.
fn schedule_times(
    pctx: &PlanCtx<'_>,
    schedule: Schedule,
    n: usize,
    rng: &mut Rng,
) -> Result<Vec<Timestamp>, NoFit> {
    let steps = (n as i64 - 1).max(1);
    let times: Vec<Timestamp> = match schedule {
        Schedule::Fixed => {
            let gap = rng.between(HOUR / 2, 36 * HOUR);
            let (start, duration) = place(pctx, gap * steps, rng);
            let gap = duration / steps;
            if gap < 1 {
                return Err(NoFit("window too short for the schedule".into()));
            }
            (0..n as i64).map(|j| start + j * gap).collect()
        }
        Schedule::Random => {
            let median = rng.between(HOUR / 2, DAY) as f64;
            let gaps: Vec<i64> = (1..n)
                .map(|_| (rng.log_normal(median, SIGMA) as i64).clamp(60, 30 * DAY))
                .collect();
            let total: i64 = gaps.iter().sum::<i64>().max(1);
            let (start, duration) = place(pctx, total, rng);
            let mut t = start;
            let mut out = vec![start];
            for g in gaps {
                t += ((g as i128 * duration as i128 / total as i128) as i64).max(1);
                out.push(t);
            }
            out
        }
        Schedule::Unordered => {
            let (start, duration) = place(pctx, rng.between(DAY, 14 * DAY), rng);
            (0..n)
                .map(|_| start + rng.below(duration as u64 + 1) as i64)
                .collect()
        }
        Schedule::Simultaneous => {
            let (start, duration) = place(pctx, rng.between((n as i64).max(60), 300), rng);
            let step = (duration / n as i64).max(1);
            let mut t = start - 1;
            let mut out: Vec<_> = (0..n)
                .map(|_| {
                    t += rng.between(1, step);
                    t
                })
                .collect();
            rng.shuffle(&mut out);
            out
        }
    };
    let fits = times.iter().all(|&t| t >= pctx.start() && t < pctx.end());
    if fits {
        Ok(times)
    } else {
        Err(NoFit("window too short for the schedule".into()))
    }
}

/// `n` distinct accounts with distinct owners, all in the first one's currency and eligible over `span`.
fn pick_accounts(
    pctx: &PlanCtx<'_>,
    n: usize,
    span: (Timestamp, Timestamp),
    rng: &mut Rng,
) -> Result<Vec<u64>, NoFit> {
    for _ in 0..PICK_ATTEMPTS {
        let Some(first) = pick_account(pctx, span, rng, |_, _| true) else {
            break;
        };
        let currency = account::core(pctx.ctx, first).currency;
        let mut taken = vec![first];
        while taken.len() < n {
            match pick_fresh_account(pctx, span, rng, &taken, |_, c| c.currency == currency) {
                Some(a) => taken.push(a),
                None => break,
            }
        }
        if taken.len() == n {
            return Ok(taken);
        }
    }
    Err(NoFit(format!(
        "no {n} eligible accounts of one currency with distinct owners"
    )))
}

/// Amounts per edge in minor units of `currency_account`'s currency (every participant's).
fn amounts(pctx: &PlanCtx<'_>, shape: &Shape, currency_account: u64, rng: &mut Rng) -> Vec<i64> {
    let median = rng.uniform(MEDIAN_USD.0, MEDIAN_USD.1);
    let fresh = |rng: &mut Rng| {
        let minor = to_account_minor(pctx, currency_account, usd_cents(rng, median, SIGMA));
        unround(minor, rng)
    };
    let edges = &shape.edges;
    match shape.flow {
        Flow::Independent => edges.iter().map(|_| fresh(rng)).collect(),
        Flow::Chain => {
            let mut last = None;
            edges
                .iter()
                .map(|_| {
                    let x = match last {
                        None => fresh(rng),
                        Some(prev) => pass_on(prev, rng),
                    };
                    last = Some(x);
                    x
                })
                .collect()
        }
        Flow::Split => {
            let mut inflow = vec![0i64; shape.roles.len()];
            let mut amount: Vec<Option<i64>> = vec![None; edges.len()];
            for e in 0..edges.len() {
                if amount[e].is_some() {
                    continue;
                }
                let u = edges[e].0;
                let outs: Vec<usize> = (e..edges.len()).filter(|&f| edges[f].0 == u).collect();
                if inflow[u] == 0 {
                    for &f in &outs {
                        amount[f] = Some(fresh(rng));
                    }
                } else {
                    let total = pass_on(inflow[u], rng);
                    let weights: Vec<f64> = outs.iter().map(|_| rng.uniform(0.5, 1.5)).collect();
                    let sum: f64 = weights.iter().sum();
                    for (&f, w) in outs.iter().zip(&weights) {
                        let share = (total as f64 * w / sum).floor() as i64;
                        amount[f] = Some(unround(share.max(1), rng));
                    }
                }
                for &f in &outs {
                    inflow[edges[f].1] += amount[f].unwrap_or(0);
                }
            }
            amount.into_iter().map(|a| a.unwrap_or(1)).collect()
        }
    }
}

/// What a node passes on of `x` after keeping 1–5% (at least one minor unit).
fn pass_on(x: i64, rng: &mut Rng) -> i64 {
    let bp = rng.between(100, 500);
    let kept = ((x * bp + 9_999) / 10_000).max(1);
    unround((x - kept).max(1), rng)
}

/// `x` moved a few minor units down when it is a multiple of 10,000 minor units (100 major units, or
/// 10,000 units of a 0-decimal currency: the round-amount unit R of §7.4 divides into it).
fn unround(x: i64, rng: &mut Rng) -> i64 {
    if x >= 10_000 && x % 10_000 == 0 {
        x - rng.between(1, 9)
    } else {
        x
    }
}

// ---- checking ---------------------------------------------------------------------------------------

/// One transaction as an edge.
#[derive(Clone, Copy, Debug)]
struct Hop {
    from: RecordId,
    to: RecordId,
    from_owner: RecordId,
    to_owner: RecordId,
    ts: Timestamp,
    minor: i64,
    usd: i64,
}

const KINDS: [TransactionType; 3] = [
    TransactionType::Transfer,
    TransactionType::Wire,
    TransactionType::Ach,
];

/// The transactions as edges in file order, after the checks every network instance shares.
fn hops(records: &InstanceRecords<'_>) -> Result<Vec<Hop>, Violation> {
    let txs = &records.transactions;
    ensure(!txs.is_empty(), || "no transactions".into())?;
    let currency = &txs[0].currency;
    txs.iter()
        .map(|t| {
            ensure(KINDS.contains(&t.kind), || {
                format!(
                    "{}: {} is not a transfer, wire or ach",
                    t.id,
                    t.kind.label()
                )
            })?;
            let (Some(from), Some(to), Some(from_owner), Some(to_owner)) =
                (t.from, t.to, t.from_entity, t.to_entity)
            else {
                return Err(Violation(format!("{}: a side is missing", t.id)));
            };
            ensure(from != to, || format!("{}: self-transfer", t.id))?;
            ensure(&t.currency == currency, || {
                format!("{}: currency {} in a {currency} instance", t.id, t.currency)
            })?;
            ensure(t.amount_minor > 0, || {
                format!("{}: amount not positive", t.id)
            })?;
            Ok(Hop {
                from,
                to,
                from_owner,
                to_owner,
                ts: t.ts,
                minor: t.amount_minor,
                usd: t.amount_usd_cents,
            })
        })
        .collect()
}

fn check_schedule(schedule: Schedule, hops: &[Hop]) -> Result<(), Violation> {
    let mut times: Vec<Timestamp> = hops.iter().map(|h| h.ts).collect();
    times.sort_unstable();
    match schedule {
        Schedule::Fixed => {
            ensure(strictly_increasing(times.iter().copied()), || {
                "fixed_interval: two transactions at one time".into()
            })?;
            let gaps: BTreeSet<i64> = times.windows(2).map(|w| w[1] - w[0]).collect();
            ensure(gaps.len() <= 1, || "fixed_interval: unequal gaps".into())
        }
        Schedule::Random => ensure(strictly_increasing(times.iter().copied()), || {
            "random_interval: two transactions at one time".into()
        }),
        Schedule::Unordered => Ok(()),
        Schedule::Simultaneous => {
            let span = times[times.len() - 1] - times[0];
            ensure(span <= SIMULTANEOUS_SPAN, || {
                format!("simultaneous: spans {span} s")
            })
        }
    }
}

fn in_range(what: &str, n: usize, (lo, hi): (usize, usize)) -> Result<(), Violation> {
    ensure(n >= lo && n <= hi, || {
        format!("{what} {n} outside [{lo}, {hi}]")
    })
}

fn ordered(hops: &[Hop]) -> Result<(), Violation> {
    ensure(strictly_increasing(hops.iter().map(|h| h.ts)), || {
        "not ordered".into()
    })
}

/// Chained: the receiver of each hop sends the next one.
fn chained(hops: &[Hop]) -> Result<(), Violation> {
    match hops.windows(2).position(|w| w[0].to != w[1].from) {
        Some(i) => Err(Violation(format!(
            "hop {} is not sent by hop {i}'s receiver",
            i + 1
        ))),
        None => Ok(()),
    }
}

fn distinct<T: Ord + Copy>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    items.into_iter().collect()
}

/// The account roles fan_out (`out`) or fan_in requires.
fn check_fan(hops: &[Hop], out: bool) -> Result<Vec<(RecordId, Role)>, Violation> {
    let (hubs, spokes) = if out {
        (
            distinct(hops.iter().map(|h| h.from)),
            distinct(hops.iter().map(|h| h.to)),
        )
    } else {
        (
            distinct(hops.iter().map(|h| h.to)),
            distinct(hops.iter().map(|h| h.from)),
        )
    };
    let side = if out { "sender" } else { "receiver" };
    ensure(hubs.len() == 1, || format!("more than one {side}"))?;
    in_range("counterparties", spokes.len(), FAN_K)?;
    let (hub_role, spoke_role) = if out {
        (Role::Originator, Role::Beneficiary)
    } else {
        (Role::Beneficiary, Role::Originator)
    };
    let mut expected: Vec<_> = hubs.into_iter().map(|a| (a, hub_role)).collect();
    expected.extend(spokes.into_iter().map(|a| (a, spoke_role)));
    Ok(expected)
}

fn check_cycle(hops: &[Hop]) -> Result<Vec<(RecordId, Role)>, Violation> {
    in_range("cycle length", hops.len(), CYCLE_LEN)?;
    ordered(hops)?;
    chained(hops)?;
    let (first, last) = (&hops[0], &hops[hops.len() - 1]);
    ensure(last.to == first.from, || "cycle does not close".into())?;
    let nodes = distinct(hops.iter().map(|h| h.from));
    ensure(nodes.len() == hops.len(), || {
        "cycle passes an account twice".into()
    })?;
    for (i, w) in hops.windows(2).enumerate() {
        let (p, n) = (w[0], w[1]);
        ensure(n.usd <= p.usd, || format!("hop {} grows", i + 1))?;
        // Keeps 1–5%, with a few minor units of rounding slack.
        let kept = p.minor - n.minor;
        ensure(
            100 * kept >= p.minor && 100 * kept <= 5 * p.minor + 1_000,
            || format!("hop {} keeps outside 1-5%", i + 1),
        )?;
    }
    let mut expected = vec![(first.from, Role::Originator)];
    expected.extend(hops[1..].iter().map(|h| (h.from, Role::Intermediary)));
    Ok(expected)
}

fn check_scatter_gather(hops: &[Hop]) -> Result<Vec<(RecordId, Role)>, Violation> {
    let senders = distinct(hops.iter().map(|h| h.from));
    let receivers = distinct(hops.iter().map(|h| h.to));
    let origins: Vec<_> = senders.difference(&receivers).copied().collect();
    let sinks: Vec<_> = receivers.difference(&senders).copied().collect();
    let ([origin], [sink]) = (origins.as_slice(), sinks.as_slice()) else {
        return Err(Violation("not one originator and one beneficiary".into()));
    };
    let middle: BTreeSet<_> = senders.intersection(&receivers).copied().collect();
    in_range("intermediaries", middle.len(), SCATTER_K)?;
    ensure(hops.len() == 2 * middle.len(), || {
        "an intermediary does not receive once and send once".into()
    })?;
    for &i in &middle {
        let ins: Vec<_> = hops.iter().filter(|h| h.to == i).collect();
        let outs: Vec<_> = hops.iter().filter(|h| h.from == i).collect();
        let ([inflow], [outflow]) = (ins.as_slice(), outs.as_slice()) else {
            return Err(Violation(format!(
                "{i} does not receive once and send once"
            )));
        };
        ensure(inflow.from == *origin && outflow.to == *sink, || {
            format!("{i} is not between the originator and the beneficiary")
        })?;
        ensure(outflow.ts > inflow.ts, || {
            format!("{i} sends before it receives")
        })?;
        ensure(outflow.minor <= inflow.minor, || {
            format!("{i} sends more than it got")
        })?;
    }
    let mut expected = vec![(*origin, Role::Originator), (*sink, Role::Beneficiary)];
    expected.extend(middle.into_iter().map(|a| (a, Role::Intermediary)));
    Ok(expected)
}

fn check_gather_scatter(hops: &[Hop]) -> Result<Vec<(RecordId, Role)>, Violation> {
    let senders = distinct(hops.iter().map(|h| h.from));
    let receivers = distinct(hops.iter().map(|h| h.to));
    let hubs: Vec<_> = senders.intersection(&receivers).copied().collect();
    let [hub] = hubs.as_slice() else {
        return Err(Violation("not exactly one hub".into()));
    };
    let (ins, outs): (Vec<&Hop>, Vec<&Hop>) = hops.iter().partition(|h| h.to == *hub);
    ensure(outs.iter().all(|h| h.from == *hub), || {
        "a transaction bypasses the hub".into()
    })?;
    let gatherers = distinct(ins.iter().map(|h| h.from));
    let scattered = distinct(outs.iter().map(|h| h.to));
    in_range("senders", gatherers.len(), GATHER_SIDE)?;
    in_range("receivers", scattered.len(), GATHER_SIDE)?;
    let last_in = ins.iter().map(|h| h.ts).max().unwrap_or(Timestamp::MIN);
    ensure(outs.iter().all(|h| h.ts > last_in), || {
        "hub sends before its last inflow".into()
    })?;
    let total_in: i64 = ins.iter().map(|h| h.minor).sum();
    let total_out: i64 = outs.iter().map(|h| h.minor).sum();
    ensure(total_out <= total_in, || {
        "hub sends more than it got".into()
    })?;
    let mut expected = vec![(*hub, Role::Hub)];
    expected.extend(gatherers.into_iter().map(|a| (a, Role::Originator)));
    expected.extend(scattered.into_iter().map(|a| (a, Role::Beneficiary)));
    Ok(expected)
}

fn check_bipartite(hops: &[Hop]) -> Result<Vec<(RecordId, Role)>, Violation> {
    let a = distinct(hops.iter().map(|h| h.from));
    let b = distinct(hops.iter().map(|h| h.to));
    ensure(a.is_disjoint(&b), || {
        "an account both sends and receives".into()
    })?;
    in_range("set A", a.len(), BIPARTITE_SIDE)?;
    in_range("set B", b.len(), BIPARTITE_SIDE)?;
    let mut expected: Vec<_> = a.into_iter().map(|x| (x, Role::Originator)).collect();
    expected.extend(b.into_iter().map(|x| (x, Role::Beneficiary)));
    Ok(expected)
}

fn check_stack(hops: &[Hop]) -> Result<Vec<(RecordId, Role)>, Violation> {
    let receivers = distinct(hops.iter().map(|h| h.to));
    let mut layer: BTreeMap<RecordId, usize> = hops
        .iter()
        .filter(|h| !receivers.contains(&h.from))
        .map(|h| (h.from, 0))
        .collect();
    let mut stage = 0;
    let mut last_ts = Timestamp::MIN;
    for h in hops {
        let Some(&l) = layer.get(&h.from) else {
            return Err(Violation(format!("{} sends before it is reached", h.from)));
        };
        ensure(l >= stage, || "edges out of layer order".into())?;
        ensure(l == stage || h.ts > last_ts, || {
            "layers overlap in time".into()
        })?;
        stage = l;
        last_ts = h.ts;
        let to = *layer.entry(h.to).or_insert(l + 1);
        ensure(to == l + 1, || {
            format!("{} is reached from a non-adjacent layer", h.to)
        })?;
    }
    let depth = layer.values().max().map_or(0, |&d| d + 1);
    ensure(depth >= STACK_LAYERS.0, || format!("{depth} layers"))?;
    let mut expected = Vec::with_capacity(layer.len());
    for l in 0..depth {
        let members: Vec<_> = layer
            .iter()
            .filter(|&(_, &x)| x == l)
            .map(|(&a, _)| a)
            .collect();
        in_range(&format!("layer {l} width"), members.len(), STACK_WIDTH)?;
        let role = match l {
            0 => Role::Originator,
            l if l + 1 == depth => Role::Beneficiary,
            _ => Role::Intermediary,
        };
        expected.extend(members.into_iter().map(|a| (a, role)));
    }
    Ok(expected)
}

fn check_random(hops: &[Hop]) -> Result<Vec<(RecordId, Role)>, Violation> {
    in_range("hops", hops.len(), WALK_HOPS)?;
    ordered(hops)?;
    chained(hops)?;
    let start = hops[0].from;
    let nodes = distinct(hops.iter().flat_map(|h| [h.from, h.to]));
    in_range("walk accounts", nodes.len(), WALK_ACCOUNTS)?;
    Ok(nodes
        .into_iter()
        .map(|a| {
            let role = if a == start {
                Role::Originator
            } else {
                Role::Participant
            };
            (a, role)
        })
        .collect())
}

/// Members are exactly the `expected` accounts with their roles, and their owners with the same roles.
fn check_members(
    records: &InstanceRecords<'_>,
    hops: &[Hop],
    expected: &[(RecordId, Role)],
) -> Result<(), Violation> {
    let owners: BTreeMap<RecordId, RecordId> = hops
        .iter()
        .flat_map(|h| [(h.from, h.from_owner), (h.to, h.to_owner)])
        .collect();
    let mut want = BTreeSet::new();
    for &(a, role) in expected {
        want.insert((a, role));
        if let Some(&owner) = owners.get(&a) {
            want.insert((owner, role));
        }
    }
    let have: BTreeSet<(RecordId, Role)> = records
        .members
        .iter()
        .map(|m| (m.entity_id, m.role))
        .collect();
    if let Some((id, role)) = want.difference(&have).next() {
        return Err(Violation(format!("{id} is not a {} member", role.label())));
    }
    if let Some((id, role)) = have.difference(&want).next() {
        return Err(Violation(format!(
            "{id} is an unexpected {} member",
            role.label()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generators::{Ctx, test_ctx, transaction};
    use crate::patterns::TxView;
    use crate::patterns::testing::{check_over_seeds, ctx_facts, materialize, plan_ctx};

    const SEEDS: u64 = 50;

    /// Totals over every instance of a family, for the amount rules.
    #[derive(Default)]
    struct Tally {
        transactions: u64,
        large: u64,
        round: u64,
        business: u64,
    }

    /// Assertions every network instance must pass beyond `check`: eligibility, window, business hours,
    /// one currency, schedule shape, amounts.
    fn common(ctx: &Ctx, plan: &InstancePlan, records: &InstanceRecords<'_>, tally: &mut Tally) {
        let first = plan.transactions[0].from.unwrap();
        let currency = account::core(ctx, first).currency;
        for t in &plan.transactions {
            assert!(t.ts >= ctx.window.start && t.ts < ctx.window.end);
            for a in [t.from.unwrap(), t.to.unwrap()] {
                let core = account::core(ctx, a);
                assert!(core.eligible_at(t.ts), "account {a} not eligible");
                assert_eq!(core.currency, currency, "two currencies");
            }
            if t.kind != TransactionType::Transfer {
                let country = account::core(ctx, t.from.unwrap()).country;
                assert!(transaction::opens(t.kind, country, t.ts), "wire/ach closed");
            }
        }
        let times: Vec<_> = plan.transactions.iter().map(|t| t.ts).collect();
        match records.subtype.as_str() {
            "fixed_interval" => {
                let gaps = distinct(times.windows(2).map(|w| w[1] - w[0]));
                assert_eq!(gaps.len(), 1, "fixed_interval gaps {gaps:?}");
                assert!(gaps.iter().all(|&g| g > 0));
            }
            "random_interval" => assert!(strictly_increasing(times.iter().copied())),
            "simultaneous" => {
                let span = times.iter().max().unwrap() - times.iter().min().unwrap();
                assert!(span <= 600, "simultaneous spans {span}");
            }
            _ => {}
        }
        for t in &records.transactions {
            tally.transactions += 1;
            tally.large += (t.amount_usd_cents >= 500_000) as u64;
            tally.round += (t.amount_minor % 10_000 == 0) as u64;
            tally.business += (t.kind != TransactionType::Transfer) as u64;
        }
    }

    fn accounts_with(plan: &InstancePlan, role: Role) -> usize {
        plan.members
            .iter()
            .filter(|m| m.role == role && matches!(m.entity, crate::patterns::Entity::Account(_)))
            .count()
    }

    fn property(family: Family, mut extra: impl FnMut(&InstancePlan, &InstanceRecords<'_>)) {
        let net = Network(family);
        let mut tally = Tally::default();
        let checked = check_over_seeds(&net, SEEDS, 1, |ctx, plan, records| {
            common(ctx, plan, records, &mut tally);
            extra(plan, records);
        });
        assert_eq!(checked, SEEDS * net.subtypes().len() as u64);
        // Only a minority trips the 5,000 USD rules; amounts are not round.
        let share = tally.large as f64 / tally.transactions as f64;
        assert!(share > 0.1 && share < 0.5, "large share {share}");
        assert!(tally.round * 25 <= tally.transactions, "round amounts");
        // Transfers only (one currency per instance would make pattern wires stand out).
        assert_eq!(tally.business, 0);
    }

    #[test]
    fn fan_out_holds_over_seeds() {
        property(Family::FanOut, |plan, _| {
            let k = accounts_with(plan, Role::Beneficiary);
            assert!((3..=16).contains(&k) && plan.transactions.len() == k);
            assert_eq!(accounts_with(plan, Role::Originator), 1);
        });
    }

    #[test]
    fn fan_in_holds_over_seeds() {
        property(Family::FanIn, |plan, _| {
            let k = accounts_with(plan, Role::Originator);
            assert!((3..=16).contains(&k) && plan.transactions.len() == k);
            assert_eq!(accounts_with(plan, Role::Beneficiary), 1);
        });
    }

    #[test]
    fn cycle_holds_over_seeds() {
        property(Family::Cycle, |plan, records| {
            let n = plan.transactions.len();
            assert!((3..=10).contains(&n));
            assert_eq!(accounts_with(plan, Role::Intermediary), n - 1);
            let t = &records.transactions;
            assert_eq!(t[0].from, t[n - 1].to);
        });
    }

    #[test]
    fn scatter_gather_holds_over_seeds() {
        property(Family::ScatterGather, |plan, _| {
            let k = accounts_with(plan, Role::Intermediary);
            assert!((2..=10).contains(&k));
            assert_eq!(plan.transactions.len(), 2 * k);
        });
    }

    #[test]
    fn gather_scatter_holds_over_seeds() {
        property(Family::GatherScatter, |plan, _| {
            let k = accounts_with(plan, Role::Originator);
            let m = accounts_with(plan, Role::Beneficiary);
            assert!((2..=8).contains(&k) && (2..=8).contains(&m));
            assert_eq!(plan.transactions.len(), k + m);
            assert_eq!(accounts_with(plan, Role::Hub), 1);
        });
    }

    #[test]
    fn bipartite_holds_over_seeds() {
        property(Family::Bipartite, |plan, _| {
            let a = accounts_with(plan, Role::Originator);
            let b = accounts_with(plan, Role::Beneficiary);
            assert!((2..=5).contains(&a) && (2..=5).contains(&b));
            let n = plan.transactions.len();
            assert!(n >= a.max(b) && n <= a * b);
        });
    }

    #[test]
    fn stack_holds_over_seeds() {
        let mut depths = BTreeSet::new();
        property(Family::Stack, |plan, records| {
            // The first transaction leaves layer 0, the last one enters the last layer.
            let t = &records.transactions;
            assert!(records.has(t[0].from.unwrap(), Role::Originator));
            assert!(records.has(t[t.len() - 1].to.unwrap(), Role::Beneficiary));
            let accounts = plan
                .members
                .iter()
                .filter(|m| matches!(m.entity, crate::patterns::Entity::Account(_)))
                .count();
            assert!((6..=25).contains(&accounts));
            depths.insert(accounts);
        });
        assert!(depths.len() > 5, "stack sizes hardly vary: {depths:?}");
    }

    #[test]
    fn random_holds_over_seeds() {
        let mut revisits = 0;
        property(Family::Random, |plan, _| {
            let hops = plan.transactions.len();
            assert!((5..=20).contains(&hops));
            let accounts = 1 + accounts_with(plan, Role::Participant);
            assert!((4..=10).contains(&accounts));
            revisits += (hops + 1 > accounts) as u32;
        });
        assert!(revisits > 0, "walks never revisit an account");
    }

    #[test]
    fn budgets_are_respected_down_to_the_minimum() {
        let ctx = test_ctx(3, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        for &family in &Family::ALL[5..13] {
            let net = Network(family);
            for subtype in 0..net.subtypes().len() {
                let min = net.min_transactions(subtype);
                let mut rng = ctx.rng("network.test.min", subtype as u64);
                let plan = net.plan(&pctx, subtype, min, &mut rng).unwrap();
                assert_eq!(plan.transactions.len() as u64, min, "{}", family.label());
                assert!(net.plan(&pctx, subtype, min - 1, &mut rng).is_err());
            }
        }
    }

    /// Plans a valid instance of `family`, checks it, breaks it with `mutate`, and returns the violation.
    fn broken(family: Family, mutate: impl FnOnce(&mut Vec<TxView>)) -> String {
        let ctx = test_ctx(11, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        let net = Network(family);
        let mut rng = ctx.rng("network.test.broken", 0);
        let plan = net.plan(&pctx, 1, 40, &mut rng).unwrap();
        let mut records = materialize(&ctx, &facts, &net, &plan);
        assert_eq!(net.check(&records), Ok(()));
        mutate(&mut records.transactions);
        records.transactions.sort_by_key(|t| (t.ts, t.id.value));
        net.check(&records).expect_err("broken instance passed").0
    }

    /// A transaction id no other record of the instance has (check never decodes ids).
    fn extra_id(like: RecordId) -> RecordId {
        RecordId {
            value: !like.value,
            ..like
        }
    }

    #[test]
    fn fan_out_with_a_second_sender_fails() {
        let v = broken(Family::FanOut, |t| {
            t[1].from = t[2].to;
            t[1].from_entity = t[2].to_entity;
        });
        assert_eq!(v, "more than one sender");
    }

    #[test]
    fn fan_in_with_a_second_receiver_fails() {
        let v = broken(Family::FanIn, |t| {
            t[1].to = t[2].from;
            t[1].to_entity = t[2].from_entity;
        });
        assert_eq!(v, "more than one receiver");
    }

    #[test]
    fn cycle_with_an_extra_hop_fails() {
        let v = broken(Family::Cycle, |t| {
            let last = t[t.len() - 1].clone();
            let mut hop = last.clone();
            hop.id = extra_id(last.id);
            hop.ts = last.ts + 60;
            hop.from = last.to;
            hop.from_entity = last.to_entity;
            hop.to = t[1].to;
            hop.to_entity = t[1].to_entity;
            hop.amount_minor = last.amount_minor * 97 / 100;
            hop.amount_usd_cents = last.amount_usd_cents * 97 / 100;
            t.push(hop);
        });
        assert!(
            v == "cycle does not close" || v.starts_with("cycle length"),
            "{v}"
        );
    }

    #[test]
    fn cycle_with_a_growing_hop_fails() {
        let v = broken(Family::Cycle, |t| {
            t[2].amount_minor = t[1].amount_minor + 100;
            t[2].amount_usd_cents = t[1].amount_usd_cents + 100;
        });
        assert_eq!(v, "hop 2 grows");
    }

    #[test]
    fn scatter_gather_sending_before_receiving_fails() {
        let v = broken(Family::ScatterGather, |t| {
            let i = t[0].to;
            let out = t.iter().position(|h| h.from == i).unwrap();
            let (a, b) = (t[0].ts, t[out].ts);
            t[0].ts = b;
            t[out].ts = a;
        });
        assert!(v.ends_with("sends before it receives"), "{v}");
    }

    #[test]
    fn gather_scatter_sending_early_fails() {
        let v = broken(Family::GatherScatter, |t| {
            let hub = t[0].to;
            let out = t.iter().position(|h| h.from == hub).unwrap();
            t[out].ts = t[0].ts - 1;
        });
        assert_eq!(v, "hub sends before its last inflow");
    }

    #[test]
    fn bipartite_edge_from_b_to_a_fails() {
        let v = broken(Family::Bipartite, |t| {
            let mut back = t[0].clone();
            back.id = extra_id(back.id);
            back.ts += 1;
            std::mem::swap(&mut back.from, &mut back.to);
            std::mem::swap(&mut back.from_entity, &mut back.to_entity);
            t.push(back);
        });
        assert_eq!(v, "an account both sends and receives");
    }

    #[test]
    fn stack_skipping_a_layer_fails() {
        let v = broken(Family::Stack, |t| {
            let last = t[t.len() - 1].clone();
            t[0].to = last.to;
            t[0].to_entity = last.to_entity;
        });
        assert!(
            v.ends_with("non-adjacent layer")
                || v.ends_with("before it is reached")
                || v == "edges out of layer order",
            "{v}"
        );
    }

    #[test]
    fn random_walk_with_swapped_times_fails() {
        let v = broken(Family::Random, |t| {
            let (a, b) = (t[1].ts, t[2].ts);
            t[1].ts = b;
            t[2].ts = a;
        });
        assert_eq!(v, "hop 1 is not sent by hop 0's receiver");
    }

    #[test]
    fn a_missing_member_role_fails() {
        let ctx = test_ctx(5, 1_000, 200, 2_000, 90);
        let pctx = plan_ctx(&ctx);
        let facts = ctx_facts(&ctx);
        let net = Network(Family::GatherScatter);
        let mut rng = ctx.rng("network.test.member", 0);
        let plan = net.plan(&pctx, 1, 40, &mut rng).unwrap();
        let mut records = materialize(&ctx, &facts, &net, &plan);
        assert_eq!(net.check(&records), Ok(()));
        let hub = records
            .members
            .iter()
            .position(|m| m.role == Role::Hub)
            .unwrap();
        records.members[hub].role = Role::Intermediary;
        let v = net.check(&records).unwrap_err().0;
        assert!(v.ends_with("is not a hub member"), "{v}");
    }
}
