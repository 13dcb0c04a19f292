//! The account record of SPEC §7.3 (`accounts`, CSV child tables `account_joint_owners` and
//! `account_beneficial_owners`) and its value sets. Built by the account generator.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::common::ns;
use crate::model::common::{EntityType, RiskLevel};
use crate::model::record::{Decimal, FieldWriter, Fields, Record, scale};

crate::label_enum! {
    /// Product types; `business` is for company owners only.
    pub enum AccountType {
        Checking => "checking",
        Savings => "savings",
        CreditCard => "credit_card",
        Investment => "investment",
        Loan => "loan",
        Mortgage => "mortgage",
        Business => "business",
    }
}

impl AccountType {
    /// Credit products: the balance is an amount owed against `credit_limit`.
    pub fn is_credit(self) -> bool {
        matches!(
            self,
            AccountType::CreditCard | AccountType::Loan | AccountType::Mortgage
        )
    }
}

crate::label_enum! {
    pub enum AccountStatus { Active => "active", Dormant => "dormant", Frozen => "frozen", Closed => "closed" }
}

crate::label_enum! {
    /// The 8 monitoring reasons of SPEC §6 (the original generator's list): the labels of
    /// `refdata::vocab::MONITORING_REASONS`, in its order (tested), as a type the records can hold.
    pub enum MonitoringReason {
        HighValueTransactions => "high_value_transactions",
        UnusualActivityPattern => "unusual_activity_pattern",
        MultipleCurrencyTransactions => "multiple_currency_transactions",
        HighRiskJurisdiction => "high_risk_jurisdiction",
        StructuringSuspicion => "structuring_suspicion",
        PepRelated => "pep_related",
        SanctionsScreening => "sanctions_screening",
        FraudAlert => "fraud_alert",
    }
}

/// One account (SPEC §7.3). Money fields are in the minor units of `currency`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub id: RecordId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub account_number: String,
    pub iban: Option<String>,
    pub swift_code: String,
    pub routing_number: Option<String>,
    pub account_type: AccountType,
    /// ISO 4217 code.
    pub currency: &'static str,
    pub bank_name: String,
    pub bank_id: String,
    pub branch_name: Option<String>,
    pub branch_code: Option<String>,
    pub owner_id: RecordId,
    /// `person` or `company`.
    pub owner_type: EntityType,
    pub joint_owners: Vec<RecordId>,
    pub beneficial_owners: Vec<RecordId>,
    pub status: AccountStatus,
    pub opened_date: Date,
    pub closed_date: Option<Date>,
    pub current_balance: Decimal,
    pub available_balance: Decimal,
    pub credit_limit: Option<Decimal>,
    pub risk_level: RiskLevel,
    pub is_monitored: bool,
    pub monitoring_reason: Option<MonitoringReason>,
    pub transaction_count: i64,
    pub total_deposits: Decimal,
    pub total_withdrawals: Decimal,
    pub average_balance: Decimal,
    pub is_dormant: bool,
    pub has_suspicious_activity: bool,
    pub kyc_verified: bool,
    pub aml_verified: bool,
}

impl Fields for Account {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::ACC);
        w.timestamp("created_at", Some(self.created_at));
        w.timestamp("updated_at", Some(self.updated_at));
        w.str("account_number", Some(&self.account_number));
        w.str("iban", self.iban.as_deref());
        w.str("swift_code", Some(&self.swift_code));
        w.str("routing_number", self.routing_number.as_deref());
        w.label("account_type", Some(self.account_type));
        w.str("currency", Some(self.currency));
        w.str("bank_name", Some(&self.bank_name));
        w.str("bank_id", Some(&self.bank_id));
        w.str("branch_name", self.branch_name.as_deref());
        w.str("branch_code", self.branch_code.as_deref());
        w.id_in("owner_id", Some(self.owner_id), ns::PER_ORG);
        w.label("owner_type", Some(self.owner_type));
        w.ids_in("joint_owners", "person_id", &self.joint_owners, ns::PER);
        w.ids_in(
            "beneficial_owners",
            "person_id",
            &self.beneficial_owners,
            ns::PER,
        );
        w.label("status", Some(self.status));
        w.date("opened_date", Some(self.opened_date));
        w.date("closed_date", self.closed_date);
        w.decimal_in("current_balance", Some(self.current_balance), scale::MONEY);
        w.decimal_in(
            "available_balance",
            Some(self.available_balance),
            scale::MONEY,
        );
        w.decimal_in("credit_limit", self.credit_limit, scale::MONEY);
        w.label("risk_level", Some(self.risk_level));
        w.bool("is_monitored", self.is_monitored);
        w.label("monitoring_reason", self.monitoring_reason);
        w.int("transaction_count", Some(self.transaction_count));
        w.decimal_in("total_deposits", Some(self.total_deposits), scale::MONEY);
        w.decimal_in(
            "total_withdrawals",
            Some(self.total_withdrawals),
            scale::MONEY,
        );
        w.decimal_in("average_balance", Some(self.average_balance), scale::MONEY);
        w.bool("is_dormant", self.is_dormant);
        w.bool("has_suspicious_activity", self.has_suspicious_activity);
        w.bool("kyc_verified", self.kyc_verified);
        w.bool("aml_verified", self.aml_verified);
    }
}

impl Record for Account {
    const FILE: &'static str = "accounts";
    const SINGULAR: &'static str = "account";
    fn record_id(&self) -> RecordId {
        self.id
    }
}

#[cfg(test)]
mod tests {
    use crate::model::record::Label as _;

    #[test]
    fn monitoring_reasons_are_the_vocabulary() {
        let labels: Vec<&str> = super::MonitoringReason::ALL
            .iter()
            .map(|r| r.label())
            .collect();
        assert_eq!(labels, crate::refdata::vocab::MONITORING_REASONS);
    }
}
