//! The alerting layer (SPEC §9.2): stateless rules over a record's own fields and O(1) facts about its
//! parties, identical for background and pattern records. Generators call these to fill the AL fields;
//! `validate` calls the same functions to re-check them, so the rules exist once.

use crate::core::time::Date;
pub use crate::generators::params::alerts::{
    AlertParams, CommunicationAlertParams, DocumentAlertParams, TradeAlertParams, TravelAlertParams,
};
use crate::model::record::Decimal;

pub use crate::model::common::TRANSACTION_RULES;

/// What the transaction rules look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct TransactionFacts {
    pub is_cash_in_or_out: bool,
    pub is_atm: bool,
    pub is_wire: bool,
    /// Amount and the currency's reporting threshold, both in the transaction currency's minor units.
    pub amount_minor: i64,
    pub threshold_minor: i64,
    pub amount_usd_cents: i64,
    pub cross_border: bool,
    /// Origin or destination is a high-risk country or a tax haven.
    pub risky_country: bool,
    pub is_round_amount: bool,
    /// A party's owner is high/critical risk or a PEP.
    pub high_risk_party: bool,
    pub sanctioned_party: bool,
    /// Sender account opening date, when there is a sender.
    pub sender_opened: Option<Date>,
    pub date: Date,
}

/// Fills `reasons` (cleared first) and returns the risk score.
pub fn transaction_alerts(
    f: &TransactionFacts,
    p: &AlertParams,
    reasons: &mut Vec<&'static str>,
) -> Decimal {
    reasons.clear();
    let mut score: u32 = 0;
    let band_low = (f.threshold_minor as f64 * p.below_threshold_band).ceil() as i64;
    let hits = [
        (
            f.is_cash_in_or_out && f.amount_minor >= band_low && f.amount_minor < f.threshold_minor,
            p.weight_just_below_threshold,
        ),
        (
            (f.is_cash_in_or_out || f.is_atm) && f.amount_minor >= f.threshold_minor,
            p.weight_large_cash,
        ),
        (
            f.cross_border && f.risky_country,
            p.weight_high_risk_corridor,
        ),
        (
            f.is_round_amount && f.amount_usd_cents >= p.round_large_usd * 100,
            p.weight_round_large_amount,
        ),
        (
            f.high_risk_party && f.amount_usd_cents >= p.high_risk_party_usd * 100,
            p.weight_high_risk_party,
        ),
        (f.sanctioned_party, p.weight_sanctioned_party),
        (
            f.is_wire && f.amount_usd_cents >= p.large_wire_usd * 100,
            p.weight_large_wire,
        ),
        (
            f.sender_opened
                .is_some_and(|opened| f.date - opened <= p.new_account_days as i32)
                && f.amount_usd_cents >= p.new_account_usd * 100,
            p.weight_new_account_activity,
        ),
    ];
    for ((hit, weight), label) in hits.into_iter().zip(TRANSACTION_RULES) {
        if hit {
            reasons.push(label);
            score += weight;
        }
    }
    Decimal::new(score.min(10_000) as i64, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> TransactionFacts {
        TransactionFacts {
            threshold_minor: 1_000_000,
            date: 20_100,
            ..Default::default()
        }
    }

    #[test]
    fn just_below_threshold_is_the_ten_percent_band() {
        let p = AlertParams::default();
        let mut reasons = Vec::new();
        for (amount, expected) in [
            (899_999, false),
            (900_000, true),
            (999_999, true),
            (1_000_000, false),
        ] {
            let f = TransactionFacts {
                is_cash_in_or_out: true,
                amount_minor: amount,
                ..base()
            };
            transaction_alerts(&f, &p, &mut reasons);
            assert_eq!(
                reasons.contains(&"just_below_threshold"),
                expected,
                "{amount}"
            );
            assert_eq!(
                reasons.contains(&"large_cash"),
                amount >= 1_000_000,
                "{amount}"
            );
        }
    }

    #[test]
    fn score_is_the_capped_sum_of_weights_and_reasons_keep_rule_order() {
        let p = AlertParams::default();
        let mut reasons = Vec::new();
        let f = TransactionFacts {
            is_wire: true,
            amount_usd_cents: 10_000_000,
            sanctioned_party: true,
            high_risk_party: true,
            cross_border: true,
            risky_country: true,
            ..base()
        };
        let score = transaction_alerts(&f, &p, &mut reasons);
        assert_eq!(
            reasons,
            [
                "high_risk_corridor",
                "high_risk_party",
                "sanctioned_party",
                "large_wire"
            ]
        );
        assert_eq!(score, Decimal::new(10_000, 4));
        let quiet = transaction_alerts(&base(), &p, &mut reasons);
        assert!(reasons.is_empty());
        assert_eq!(quiet.units, 0);
    }

    #[test]
    fn new_accounts_are_flagged_only_for_large_amounts() {
        let p = AlertParams::default();
        let mut reasons = Vec::new();
        let f = TransactionFacts {
            sender_opened: Some(20_090),
            amount_usd_cents: 600_000,
            ..base()
        };
        transaction_alerts(&f, &p, &mut reasons);
        assert_eq!(reasons, ["new_account_activity"]);
        let old = TransactionFacts {
            sender_opened: Some(19_000),
            ..f
        };
        transaction_alerts(&old, &p, &mut reasons);
        assert!(reasons.is_empty());
    }

    #[test]
    fn event_sections_default_per_key_and_reject_unknown_keys() {
        let p: AlertParams =
            serde_json::from_str(r#"{"trades": {"flag_score": 1000}, "documents": {}}"#).unwrap();
        assert_eq!(p.trades.flag_score, 1_000);
        assert_eq!(
            p.trades,
            TradeAlertParams {
                flag_score: 1_000,
                ..Default::default()
            }
        );
        assert_eq!(p.documents, DocumentAlertParams::default());
        assert_eq!(p.communications, CommunicationAlertParams::default());
        assert_eq!(p.trades.major_shareholder_hundredths(), 500);
        for bad in [
            r#"{"trades": {"flag": 1}}"#,
            r#"{"travels": {"weight_brief": 1}}"#,
            r#"{"communications": {"flag_reason": 1}}"#,
            r#"{"documents": {"review_threshold": 1}}"#,
        ] {
            assert!(serde_json::from_str::<AlertParams>(bad).is_err(), "{bad}");
        }
    }
}
