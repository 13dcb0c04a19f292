//! INV-<typology> (SPEC §10.2): the structural invariant of every instance, checked by the typology's
//! own [`crate::patterns::Typology::check`] over all records carrying the instance's pattern id, read
//! through [`crate::patterns::dataset`] exactly as the generator's tests read them. Needs every part;
//! instances of typologies this release does not implement are skipped.

use crate::patterns::dataset::DatasetFacts;
use crate::patterns::{
    CommunicationView, DocView, EventView, Family, InstanceRecords, MemberView, RelView, TradeView,
    TxView, typology,
};
use crate::validate::findings::Findings;
use crate::validate::state::PatternFact;
use std::collections::BTreeMap;

/// The rule id of a typology.
pub fn rule(family: Family) -> &'static str {
    match family {
        Family::Structuring => "INV-structuring",
        Family::MuleChain => "INV-mule_chain",
        Family::FraudRing => "INV-fraud_ring",
        Family::AccountTakeover => "INV-account_takeover",
        Family::Tbml => "INV-tbml",
        Family::FanOut => "INV-fan_out",
        Family::FanIn => "INV-fan_in",
        Family::Cycle => "INV-cycle",
        Family::ScatterGather => "INV-scatter_gather",
        Family::GatherScatter => "INV-gather_scatter",
        Family::Bipartite => "INV-bipartite",
        Family::Stack => "INV-stack",
        Family::Random => "INV-random",
        Family::InsiderTrading => "INV-insider_trading",
        Family::UboChain => "INV-ubo_chain",
    }
}

/// An instance's records, in file order.
#[derive(Default)]
pub struct Group {
    pub transactions: Vec<TxView>,
    pub account_events: Vec<EventView>,
    pub relationships: Vec<RelView>,
    pub documents: Vec<DocView>,
    pub trades: Vec<TradeView>,
    pub communications: Vec<CommunicationView>,
    pub members: Vec<MemberView>,
}

/// Typologies whose invariants read account events.
fn needs_events(family: Family) -> bool {
    matches!(family, Family::FraudRing | Family::AccountTakeover)
}

/// Typologies whose invariants read communications.
fn needs_communications(family: Family) -> bool {
    matches!(family, Family::AccountTakeover | Family::InsiderTrading)
}

/// Typologies whose invariants read documents.
fn needs_documents(family: Family) -> bool {
    family == Family::Tbml
}

/// Typologies whose invariants read relationships and companies.
fn needs_relationships(family: Family) -> bool {
    matches!(family, Family::UboChain | Family::InsiderTrading)
}

/// Runs every implemented typology's check, in pattern file order; returns how many instances were
/// checked and the typologies skipped because a file their invariant reads was not written (`written`:
/// per [`crate::validate::state::count_slot`]).
pub fn run(
    patterns: &BTreeMap<u64, PatternFact>,
    groups: &mut BTreeMap<u64, Group>,
    facts: &DatasetFacts,
    written: &[bool; 7],
    f: &mut Findings,
) -> (u64, Vec<&'static str>) {
    let slot = |stem| crate::validate::state::count_slot(stem).is_some_and(|s| written[s]);
    let (events_written, relationships_written) = (slot("account_events"), slot("relationships"));
    let (documents_written, communications_written) = (slot("documents"), slot("communications"));
    let mut checked = 0;
    let mut skipped = Vec::new();
    let mut ordered: Vec<(&u64, &PatternFact)> = patterns.iter().collect();
    ordered.sort_by(|a, b| (&a.1.file, a.1.line).cmp(&(&b.1.file, b.1.line)));
    for (value, p) in ordered {
        let Some(family) = p.family else { continue };
        let Some(t) = typology(family) else { continue };
        if (needs_events(family) && !events_written)
            || (needs_relationships(family) && !relationships_written)
            || (needs_documents(family) && !documents_written)
            || (needs_communications(family) && !communications_written)
        {
            if !skipped.contains(&rule(family)) {
                skipped.push(rule(family));
            }
            continue;
        }
        let g = groups.remove(value).unwrap_or_default();
        let records = InstanceRecords {
            family,
            subtype: p.subtype.clone(),
            transactions: g.transactions,
            account_events: g.account_events,
            relationships: g.relationships,
            documents: g.documents,
            trades: g.trades,
            communications: g.communications,
            members: g.members,
            end_time: p.end_time,
            facts,
        };
        checked += 1;
        // A check must never take the validator down, whatever the records hold.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| t.check(&records)));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(v)) => f.error(rule(family), &p.file, p.line, || {
                format!("{}.{}: {}", p.typology, p.subtype, v.0)
            }),
            Err(_) => f.error(rule(family), &p.file, p.line, || {
                format!(
                    "{}.{}: the records cannot be checked",
                    p.typology, p.subtype
                )
            }),
        }
    }
    (checked, skipped)
}
