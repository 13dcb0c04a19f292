//! `[trades]` (SPEC §7.6): the asset, order-type, quantity and venue mixes and the probabilities
//! background trades are drawn with. Read by `generators::trade`; insider-trading patterns go through
//! the same builder.

use super::{Invalid, Param, Range, mix_not_all_zero, param, weight};

/// `[trades]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TradeParams {
    pub stock_share: f64,
    pub option_share: f64,
    pub future_share: f64,
    pub bond_share: f64,
    pub etf_share: f64,
    pub insider_background_share: f64,
    pub domestic_trader_share: f64,
    pub non_investment_keep_probability: f64,
    pub buy_probability: f64,
    pub market_share: f64,
    pub limit_share: f64,
    pub stop_share: f64,
    pub stop_limit_share: f64,
    pub stock_quantity_to_100_share: f64,
    pub stock_quantity_to_1000_share: f64,
    pub stock_quantity_to_10000_share: f64,
    pub stock_quantity_to_100000_share: f64,
    pub exchange_venue_share: f64,
    pub dark_pool_venue_share: f64,
    pub otc_venue_share: f64,
    pub bond_otc_share: f64,
    pub commission_free_probability: f64,
}

impl Default for TradeParams {
    fn default() -> Self {
        TradeParams {
            stock_share: 0.60,
            option_share: 0.20,
            future_share: 0.10,
            bond_share: 0.05,
            etf_share: 0.05,
            insider_background_share: 0.005,
            domestic_trader_share: 0.6,
            non_investment_keep_probability: 0.25,
            buy_probability: 0.5,
            market_share: 0.40,
            limit_share: 0.45,
            stop_share: 0.10,
            stop_limit_share: 0.05,
            stock_quantity_to_100_share: 0.70,
            stock_quantity_to_1000_share: 0.20,
            stock_quantity_to_10000_share: 0.08,
            stock_quantity_to_100000_share: 0.02,
            exchange_venue_share: 0.75,
            dark_pool_venue_share: 0.15,
            otc_venue_share: 0.10,
            bond_otc_share: 0.80,
            commission_free_probability: 0.15,
        }
    }
}

const ASSETS: [&str; 5] = [
    "stock_share",
    "option_share",
    "future_share",
    "bond_share",
    "etf_share",
];
const ORDERS: [&str; 4] = [
    "market_share",
    "limit_share",
    "stop_share",
    "stop_limit_share",
];
const QUANTITIES: [&str; 4] = [
    "stock_quantity_to_100_share",
    "stock_quantity_to_1000_share",
    "stock_quantity_to_10000_share",
    "stock_quantity_to_100000_share",
];
const VENUES: [&str; 3] = [
    "exchange_venue_share",
    "dark_pool_venue_share",
    "otc_venue_share",
];

impl TradeParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let (s, mix, pct) = (Range::SHARE, Range::PER_MILLE_SHARE, Range::PERCENT_SHARE);
        vec![
            param("stock_share", self.stock_share, mix, "share of stock trades on listed companies' tickers (the five asset shares are relative; not all 0)"),
            param("option_share", self.option_share, mix, "share of option trades on listed companies' tickers"),
            param("future_share", self.future_share, mix, "share of index-future trades"),
            param("bond_share", self.bond_share, mix, "share of government-bond trades"),
            param("etf_share", self.etf_share, mix, "share of ETF trades"),
            param("insider_background_share", self.insider_background_share, s, "share of background stock trades placed by an officer or major shareholder of the issuer"),
            param("domestic_trader_share", self.domestic_trader_share, s, "probability that the trader lives in the exchange's country"),
            param("non_investment_keep_probability", self.non_investment_keep_probability, s, "probability of keeping a drawn trader who has no investment account (else redrawn)"),
            param("buy_probability", self.buy_probability, s, "probability that a trade is a buy"),
            param("market_share", self.market_share, pct, "share of market orders (the four order-type shares are relative; not all 0)"),
            param("limit_share", self.limit_share, pct, "share of limit orders"),
            param("stop_share", self.stop_share, pct, "share of stop orders"),
            param("stop_limit_share", self.stop_limit_share, pct, "share of stop-limit orders"),
            param("stock_quantity_to_100_share", self.stock_quantity_to_100_share, pct, "share of stock trades of 1-100 shares (the four bucket shares are relative; not all 0)"),
            param("stock_quantity_to_1000_share", self.stock_quantity_to_1000_share, pct, "share of stock trades of 101-1,000 shares"),
            param("stock_quantity_to_10000_share", self.stock_quantity_to_10000_share, pct, "share of stock trades of 1,001-10,000 shares"),
            param("stock_quantity_to_100000_share", self.stock_quantity_to_100000_share, pct, "share of stock trades of 10,001-100,000 shares"),
            param("exchange_venue_share", self.exchange_venue_share, pct, "share of non-bond trades executed on the exchange (the three venue shares are relative; not all 0)"),
            param("dark_pool_venue_share", self.dark_pool_venue_share, pct, "share of non-bond trades executed in a dark pool"),
            param("otc_venue_share", self.otc_venue_share, pct, "share of non-bond trades executed over the counter"),
            param("bond_otc_share", self.bond_otc_share, pct, "share of bond trades executed over the counter (the rest on the exchange)"),
            param("commission_free_probability", self.commission_free_probability, s, "probability of a zero commission (else 0.50-50 USD-equivalent)"),
        ]
    }

    fn asset_shares(&self) -> [f64; 5] {
        [
            self.stock_share,
            self.option_share,
            self.future_share,
            self.bond_share,
            self.etf_share,
        ]
    }

    fn order_shares(&self) -> [f64; 4] {
        [
            self.market_share,
            self.limit_share,
            self.stop_share,
            self.stop_limit_share,
        ]
    }

    fn quantity_shares(&self) -> [f64; 4] {
        [
            self.stock_quantity_to_100_share,
            self.stock_quantity_to_1000_share,
            self.stock_quantity_to_10000_share,
            self.stock_quantity_to_100000_share,
        ]
    }

    fn venue_shares(&self) -> [f64; 3] {
        [
            self.exchange_venue_share,
            self.dark_pool_venue_share,
            self.otc_venue_share,
        ]
    }

    /// Asset mix per mille: stock, option, future, bond, etf.
    pub fn asset_weights(&self) -> [u64; 5] {
        self.asset_shares().map(|s| weight(s, 1_000) as u64)
    }

    /// Order-type weights (percent): market, limit, stop, stop-limit.
    pub fn order_weights(&self) -> [u32; 4] {
        self.order_shares().map(|s| weight(s, 100))
    }

    /// Stock quantity bucket weights (percent), smallest bucket first.
    pub fn quantity_weights(&self) -> [u32; 4] {
        self.quantity_shares().map(|s| weight(s, 100))
    }

    /// Venue weights (percent) of non-bond trades: exchange, dark pool, OTC.
    pub fn venue_weights(&self) -> [u32; 3] {
        self.venue_shares().map(|s| weight(s, 100))
    }

    /// Bond venue weights (percent): OTC, exchange.
    pub fn bond_venue_weights(&self) -> [u32; 2] {
        let otc = weight(self.bond_otc_share, 100);
        [otc, 100 - otc]
    }

    /// The rules across keys: no mix may be all 0.
    pub fn validate(&self) -> Result<(), Invalid> {
        mix_not_all_zero("trades", &ASSETS, &self.asset_shares())?;
        mix_not_all_zero("trades", &ORDERS, &self.order_shares())?;
        mix_not_all_zero("trades", &QUANTITIES, &self.quantity_shares())?;
        mix_not_all_zero("trades", &VENUES, &self.venue_shares())
    }
}
