//! Materialising planned records (SPEC §9.3): a planned transaction or account event goes through the
//! same record builder as a background one, which fills every other field from the record's own RNG;
//! only the ground-truth fields are set here. Also the views `check` reads, made from built records.

use super::plan::{PatternPlan, Planned};
use super::{
    CommunicationSpec, CommunicationView, DocView, EventSpec, EventView, Family, LineView, RelView,
    TradeSpec, TradeView, TxSpec, TxView,
};
use crate::core::ids::{Namespace, RecordId};
use crate::core::seed::Rng;
use crate::generators::{Ctx, account_event, communication, document, trade, transaction};
use crate::model::account_event::AccountEvent;
use crate::model::communication::Communication;
use crate::model::document::Document;
use crate::model::relationship::Relationship;
use crate::model::trade::Trade;
use crate::model::transaction::Transaction;
use crate::schedule::slices::Slices;

/// The transaction of `spec` for pattern `pattern` of `family`.
pub fn transaction(
    ctx: &Ctx,
    spec: &TxSpec,
    pattern: RecordId,
    family: Family,
    rng: &mut Rng,
) -> Transaction {
    let mut t = transaction::pattern_record(ctx, spec, rng);
    t.pattern_id = Some(pattern);
    t.pattern_type = Some(crate::model::record::Label::label(family));
    t
}

/// Transaction `k` of instance `instance`: an invoice payment (built like a background one, its
/// reference the invoice number) when the plan says it pays a document, else [`transaction`].
pub fn planned_transaction(
    ctx: &Ctx,
    doc_tables: &document::Tables,
    planned: &Planned,
    instance: u64,
    k: usize,
    rng: &mut Rng,
) -> Transaction {
    let plan = &planned.plan;
    let spec = &plan.transactions[k];
    let pattern = ctx.ids.make(Namespace::Pattern, instance);
    let Some(paid) = plan.payments.iter().find(|p| p.transaction == k) else {
        return transaction(ctx, spec, pattern, planned.family, rng);
    };
    let doc = &plan.documents[paid.document];
    let number = document::pattern_document_number(doc_tables, doc, instance, paid.document);
    let mut t = transaction::invoice_payment_record(ctx, spec, number, rng);
    t.pattern_id = Some(pattern);
    t.pattern_type = Some(crate::model::record::Label::label(planned.family));
    t
}

/// Document `d` of instance `instance`, built like a background document.
pub fn document(
    ctx: &Ctx,
    tables: &document::Tables,
    planned: &Planned,
    instance: u64,
    d: usize,
) -> Document {
    let mut doc = document::pattern_document(ctx, tables, &planned.plan.documents[d], instance, d);
    doc.pattern_id = Some(ctx.ids.make(Namespace::Pattern, instance));
    doc
}

/// What `check` reads of a built document.
pub fn doc_view(d: &Document) -> DocView {
    DocView {
        id: d.id,
        kind: d.document_type,
        number: d.document_number.clone(),
        issuer: d.issuer_id,
        recipient: d.recipient_id,
        ts: d.issue_date,
        currency: d.currency.to_string(),
        total_minor: d.total_amount.units,
        lines: d
            .line_items
            .iter()
            .map(|l| LineView {
                category: l.category.to_string(),
                quantity: l.quantity,
                unit_price_minor: l.unit_price.units,
                amount_minor: l.amount.units,
            })
            .collect(),
        shipment_id: d.shipment_id.clone(),
        payment_terms: d.payment_terms,
    }
}

/// The account event of `spec` for pattern `pattern`.
pub fn account_event(
    ctx: &Ctx,
    tables: &account_event::Tables,
    spec: &EventSpec,
    pattern: RecordId,
    rng: &mut Rng,
) -> AccountEvent {
    let mut e = account_event::pattern_record(ctx, tables, spec, rng);
    e.pattern_id = Some(pattern);
    e
}

/// The builders' per-run tables that pattern trades and communications go through.
#[derive(Clone, Copy)]
pub struct MarketTables<'a> {
    pub trades: &'a trade::Tables,
    pub communications: &'a communication::Tables,
}

/// The random stream of record `k` of pattern instance `i` in the trades (`communication` false) or
/// communications file. Keyed by the instance rather than by the file position, so the `patterns`
/// row rebuilds exactly the records the files hold (prices and content are drawn).
pub fn market_rng(ctx: &Ctx, communication: bool, i: u64, k: u64) -> Rng {
    let stream = if communication {
        "communication.pattern"
    } else {
        "trade.pattern"
    };
    ctx.rng(stream, (i << 24) | k)
}

/// The trade of `spec` for pattern `pattern`, through the background trade builder.
pub fn trade(
    ctx: &Ctx,
    tables: &trade::Tables,
    spec: &TradeSpec,
    pattern: RecordId,
    rng: &mut Rng,
) -> Trade {
    let mut t = trade::pattern_record(ctx, tables, spec, rng);
    t.pattern_id = Some(pattern);
    t
}

/// The communication of `spec` for pattern `pattern`, through the background builder.
pub fn communication(
    ctx: &Ctx,
    tables: &communication::Tables,
    spec: &CommunicationSpec,
    pattern: RecordId,
    rng: &mut Rng,
) -> Communication {
    let mut c = communication::pattern_record(ctx, tables, spec, rng);
    c.pattern_id = Some(pattern);
    c
}

/// What `check` reads of a built trade.
pub fn trade_view(t: &Trade) -> TradeView {
    TradeView {
        id: t.id,
        ts: t.trade_date,
        trader: t.trader_id,
        symbol: t.symbol.clone(),
        asset: t.asset_type,
        side: t.side,
    }
}

/// What `check` reads of a built communication.
pub fn communication_view(c: &Communication) -> CommunicationView {
    CommunicationView {
        id: c.id,
        ts: c.timestamp,
        sender: c.sender_id,
        recipients: c.recipient_ids.clone(),
    }
}

/// Appends the pattern transactions placed in slice `s`, numbered on from record ordinal `ordinal`
/// (the slice's background rows take the ordinals before).
#[allow(clippy::too_many_arguments)]
pub fn transactions_in_slice(
    ctx: &Ctx,
    tables: &transaction::Tables,
    doc_tables: &document::Tables,
    patterns: &PatternPlan,
    slices: Slices,
    s: u64,
    ordinal: u64,
    out: &mut Vec<Transaction>,
) {
    for (k, placed) in patterns.transactions.in_slice(slices, s).iter().enumerate() {
        let mut rng = tables.record_rng(s, ordinal + k as u64);
        let planned = &patterns.instances[placed.instance as usize];
        out.push(planned_transaction(
            ctx,
            doc_tables,
            planned,
            placed.instance as u64,
            placed.record as usize,
            &mut rng,
        ));
    }
}

/// Appends the pattern documents placed in slice `s` (each draws from its own stream, so no ordinal).
pub fn documents_in_slice(
    ctx: &Ctx,
    tables: &document::Tables,
    patterns: &PatternPlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Document>,
) {
    for placed in patterns.documents.in_slice(slices, s) {
        let planned = &patterns.instances[placed.instance as usize];
        out.push(document(
            ctx,
            tables,
            planned,
            placed.instance as u64,
            placed.record as usize,
        ));
    }
}

/// Appends the pattern account events placed in slice `s`, numbered on from record ordinal `ordinal`.
pub fn account_events_in_slice(
    ctx: &Ctx,
    tables: &account_event::Tables,
    patterns: &PatternPlan,
    slices: Slices,
    s: u64,
    ordinal: u64,
    out: &mut Vec<AccountEvent>,
) {
    for (k, placed) in patterns
        .account_events
        .in_slice(slices, s)
        .iter()
        .enumerate()
    {
        let mut rng = tables.record_rng(s, ordinal + k as u64);
        let planned = &patterns.instances[placed.instance as usize];
        let spec = &planned.plan.account_events[placed.record as usize];
        let pattern = ctx.ids.make(Namespace::Pattern, placed.instance as u64);
        out.push(account_event(ctx, tables, spec, pattern, &mut rng));
    }
}

/// Appends the pattern trades placed in slice `s`; each draws from its instance's stream
/// ([`market_rng`]), so the slice's background ordinals are not needed.
pub fn trades_in_slice(
    ctx: &Ctx,
    tables: &trade::Tables,
    patterns: &PatternPlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Trade>,
) {
    let placed = patterns.trades.in_slice(slices, s);
    market_in_slice(
        ctx,
        patterns,
        placed,
        false,
        out,
        |planned, k, pattern, rng| trade(ctx, tables, &planned.plan.trades[k], pattern, rng),
    );
}

/// Appends the pattern communications placed in slice `s` (instance streams, as for trades).
pub fn communications_in_slice(
    ctx: &Ctx,
    tables: &communication::Tables,
    patterns: &PatternPlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Communication>,
) {
    let placed = patterns.communications.in_slice(slices, s);
    market_in_slice(
        ctx,
        patterns,
        placed,
        true,
        out,
        |planned, k, pattern, rng| {
            communication(ctx, tables, &planned.plan.communications[k], pattern, rng)
        },
    );
}

/// Builds each placed trade or communication (`build(instance, record, pattern id, stream)`) from
/// its instance's stream.
fn market_in_slice<T>(
    ctx: &Ctx,
    patterns: &PatternPlan,
    placed: &[super::plan::Placed],
    communication: bool,
    out: &mut Vec<T>,
    build: impl Fn(&Planned, usize, RecordId, &mut Rng) -> T,
) {
    for placed in placed {
        let i = placed.instance as u64;
        let mut rng = market_rng(ctx, communication, i, placed.record as u64);
        let pattern = ctx.ids.make(Namespace::Pattern, i);
        let planned = &patterns.instances[placed.instance as usize];
        out.push(build(planned, placed.record as usize, pattern, &mut rng));
    }
}

/// What `check` reads of a built transaction.
pub fn tx_view(t: &Transaction) -> TxView {
    TxView {
        id: t.id,
        ts: t.transaction_date,
        kind: t.transaction_type,
        from: t.from_account_id,
        to: t.to_account_id,
        from_entity: t.from_entity_id,
        to_entity: t.to_entity_id,
        amount_minor: t.amount.units,
        currency: t.currency.to_string(),
        amount_usd_cents: t.amount_usd.units,
        location: t.transaction_location.map(str::to_string),
        reference: Some(t.reference_number.clone()),
    }
}

/// What `check` reads of a built account event.
pub fn event_view(e: &AccountEvent) -> EventView {
    EventView {
        id: e.id,
        ts: e.timestamp,
        kind: e.event_type,
        account: e.account_id,
        ip_address: e.ip_address.clone(),
        device_id: e.device_id.clone(),
    }
}

/// What `check` reads of a built relationship.
pub fn rel_view(e: &Relationship) -> RelView {
    RelView {
        id: e.id,
        kind: e.relationship_type,
        context: e.context,
        from: e.from_entity_id,
        to: e.to_entity_id,
        ownership_hundredths: e
            .ownership_percentage
            .and_then(|d| u32::try_from(d.units).ok()),
        effective: e
            .effective_ownership
            .and_then(|d| u64::try_from(d.units).ok()),
    }
}
