//! The Trade record (SPEC §7.6) and its value sets. The exchange reuses the company listing vocabulary
//! ([`StockExchange`]), so a stock trade's exchange is literally its issuer's listing exchange.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::common::ns;
use crate::model::company::StockExchange;
use crate::model::record::{Decimal, FieldWriter, Fields, scale};

crate::label_enum! {
    pub enum AssetType {
        Stock => "stock",
        Option => "option",
        Future => "future",
        Bond => "bond",
        Etf => "etf",
    }
}

crate::label_enum! {
    pub enum TradeSide {
        Buy => "buy",
        Sell => "sell",
    }
}

crate::label_enum! {
    pub enum OrderType {
        Market => "market",
        Limit => "limit",
        Stop => "stop",
        StopLimit => "stop_limit",
    }
}

crate::label_enum! {
    pub enum ExecutionVenue {
        Exchange => "exchange",
        DarkPool => "dark_pool",
        Otc => "otc",
    }
}

/// One trade. Money fields (`price`, `total_value`, `commission`) are in minor units of `currency`.
#[derive(Clone, Debug, Default)]
pub struct Trade {
    pub id: RecordId,
    pub trader_id: RecordId,
    pub account_id: RecordId,
    pub symbol: String,
    pub asset_type: AssetType,
    pub exchange: StockExchange,
    pub side: TradeSide,
    pub order_type: OrderType,
    pub quantity: i64,
    pub price: Decimal,
    pub total_value: Decimal,
    pub currency: &'static str,
    pub trade_date: Timestamp,
    pub settlement_date: Date,
    pub execution_venue: ExecutionVenue,
    pub broker_id: String,
    pub commission: Decimal,
    pub insider_indicators: Vec<&'static str>,
    pub risk_score: Decimal,
    pub flagged_for_review: bool,
    pub pattern_id: Option<RecordId>,
    /// Random tie key for ordering equal timestamps (not written).
    pub tie: u64,
}

impl Fields for Trade {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::TRD);
        w.id_in("trader_id", Some(self.trader_id), ns::PER);
        w.id_in("account_id", Some(self.account_id), ns::ACC);
        w.str("symbol", Some(&self.symbol));
        w.label("asset_type", Some(self.asset_type));
        w.label("exchange", Some(self.exchange));
        w.label("side", Some(self.side));
        w.label("order_type", Some(self.order_type));
        w.int("quantity", Some(self.quantity));
        w.decimal_in("price", Some(self.price), scale::MONEY);
        w.decimal_in("total_value", Some(self.total_value), scale::MONEY);
        w.str("currency", Some(self.currency));
        w.timestamp("trade_date", Some(self.trade_date));
        w.date("settlement_date", Some(self.settlement_date));
        w.label("execution_venue", Some(self.execution_venue));
        w.str("broker_id", Some(&self.broker_id));
        w.decimal_in("commission", Some(self.commission), scale::MONEY);
        w.labels("insider_indicators", &self.insider_indicators);
        w.decimal_in("risk_score", Some(self.risk_score), scale::SCORE);
        w.bool("flagged_for_review", self.flagged_for_review);
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
    }
}

crate::event_record!(Trade, "trades", "trade", trade_date);
