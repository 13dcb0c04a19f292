//! `[documents]` (SPEC §7.8): the primary document mix, invoice payment and cross-border shares, and
//! the legitimate outliers that give every TBML indicator its false positives. Read by
//! `generators::document`. Shipping documents follow from fixed residue classes of the goods invoices
//! (97% have a bill of lading; customs and certificates only cross-border), so their shares are not
//! keys: they are what makes the goods-invoice share below the type table's 15% of bills of lading.

use super::{Invalid, Param, Range, mix_not_all_zero, param, weight};

/// `[documents]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DocumentParams {
    pub goods_invoice_share: f64,
    pub service_invoice_share: f64,
    pub purchase_order_share: f64,
    pub contract_share: f64,
    pub paid_invoice_share: f64,
    pub cross_border_share: f64,
    pub price_outlier_probability: f64,
    pub unusual_quantity_probability: f64,
}

impl Default for DocumentParams {
    fn default() -> Self {
        DocumentParams {
            goods_invoice_share: 0.1546,
            service_invoice_share: 0.2454,
            purchase_order_share: 0.20,
            contract_share: 0.10,
            paid_invoice_share: 0.60,
            cross_border_share: 0.6,
            price_outlier_probability: 0.005,
            unusual_quantity_probability: 0.01,
        }
    }
}

const OTHERS: [&str; 3] = [
    "service_invoice_share",
    "purchase_order_share",
    "contract_share",
];

impl DocumentParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let s = Range::SHARE;
        let per_10k = Range::SHARE.step(0.0001);
        vec![
            // Each goods invoice brings about 1.94 shipping documents, so above 0.34 they would not fit.
            param("goods_invoice_share", self.goods_invoice_share, Range::closed(0.0, 0.34).step(0.0001), "share of all documents that are goods invoices; their shipping documents follow 7 days later"),
            param("service_invoice_share", self.service_invoice_share, per_10k, "share of service invoices in what goods invoices and shipping documents leave (the three shares are relative; not all 0)"),
            param("purchase_order_share", self.purchase_order_share, per_10k, "share of purchase orders in that rest"),
            param("contract_share", self.contract_share, per_10k, "share of contracts in that rest"),
            param("paid_invoice_share", self.paid_invoice_share, Range::PERCENT_SHARE, "share of goods invoices, due inside the window, paid by a matching wire or ACH"),
            param("cross_border_share", self.cross_border_share, s, "probability that a service invoice, purchase order or contract is cross-border"),
            param("price_outlier_probability", self.price_outlier_probability, s, "probability of a line priced outside [0.5, 2] x market (legitimate TBML false positives)"),
            param("unusual_quantity_probability", self.unusual_quantity_probability, s, "probability of a line quantity above its category's range"),
        ]
    }

    fn other_shares(&self) -> [f64; 3] {
        [
            self.service_invoice_share,
            self.purchase_order_share,
            self.contract_share,
        ]
    }

    /// Goods invoices per 10,000 documents.
    pub fn goods_per_10k(&self) -> u64 {
        weight(self.goods_invoice_share, 10_000) as u64
    }

    /// Weights (per 10,000) of service invoices, purchase orders and contracts.
    pub fn other_weights(&self) -> [u64; 3] {
        self.other_shares().map(|s| weight(s, 10_000) as u64)
    }

    /// Paid goods invoices per 100.
    pub fn paid_percent(&self) -> u64 {
        weight(self.paid_invoice_share, 100) as u64
    }

    /// The rules across keys: the other primary kinds are not all 0.
    pub fn validate(&self) -> Result<(), Invalid> {
        mix_not_all_zero("documents", &OTHERS, &self.other_shares())
    }
}
