//! The Transaction record (SPEC §7.4) and its value sets.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::common::{TRANSACTION_RULES, ns};
use crate::model::pattern::Family;
use crate::model::record::{Decimal, FieldWriter, Fields, Label, scale};

crate::label_enum! {
    /// Transaction types in the order of the §7.4 presence table.
    pub enum TransactionType {
        Deposit => "deposit",
        Withdrawal => "withdrawal",
        Transfer => "transfer",
        Payment => "payment",
        Wire => "wire",
        Ach => "ach",
        Check => "check",
        Atm => "atm",
        Pos => "pos",
        Online => "online",
    }
}

crate::label_enum! {
    pub enum TransactionStatus {
        Completed => "completed",
        Pending => "pending",
        Failed => "failed",
        Reversed => "reversed",
    }
}

crate::label_enum! {
    /// Merchant categories, mapped from the receiving company's industry.
    pub enum MerchantCategory {
        Grocery => "grocery",
        Restaurants => "restaurants",
        Travel => "travel",
        Electronics => "electronics",
        Healthcare => "healthcare",
        Utilities => "utilities",
        Entertainment => "entertainment",
        ProfessionalServices => "professional_services",
        Retail => "retail",
        Other => "other",
    }
}

/// One transaction. Money fields are in minor units of the currency they name.
#[derive(Clone, Debug, Default)]
pub struct Transaction {
    pub id: RecordId,
    pub reference_number: String,
    pub transaction_type: TransactionType,
    pub transaction_date: Timestamp,
    pub posting_date: Option<Timestamp>,
    pub value_date: Option<Date>,
    pub from_account_id: Option<RecordId>,
    pub to_account_id: Option<RecordId>,
    pub from_entity_id: Option<RecordId>,
    pub to_entity_id: Option<RecordId>,
    pub amount: Decimal,
    pub currency: &'static str,
    pub amount_usd: Decimal,
    pub exchange_rate: Option<Decimal>,
    pub amount_local: Option<Decimal>,
    pub currency_local: Option<&'static str>,
    pub fee_amount: Decimal,
    pub fee_currency: &'static str,
    pub originating_country: Option<&'static str>,
    pub destination_country: Option<&'static str>,
    pub transaction_location: Option<&'static str>,
    pub ip_address: Option<String>,
    pub description: &'static str,
    pub merchant_name: Option<String>,
    pub merchant_category: Option<MerchantCategory>,
    pub status: TransactionStatus,
    pub risk_score: Decimal,
    pub alert_reasons: Vec<&'static str>,
    pub is_round_amount: bool,
    pub pattern_id: Option<RecordId>,
    pub pattern_type: Option<&'static str>,
    /// Random tie key for ordering equal timestamps (not written).
    pub tie: u64,
}

impl Fields for Transaction {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::TXN);
        w.str("reference_number", Some(&self.reference_number));
        w.label("transaction_type", Some(self.transaction_type));
        w.timestamp("transaction_date", Some(self.transaction_date));
        w.timestamp("posting_date", self.posting_date);
        w.date("value_date", self.value_date);
        w.id_in("from_account_id", self.from_account_id, ns::ACC);
        w.id_in("to_account_id", self.to_account_id, ns::ACC);
        w.id_in("from_entity_id", self.from_entity_id, ns::PER_ORG);
        w.id_in("to_entity_id", self.to_entity_id, ns::PER_ORG);
        w.decimal_in("amount", Some(self.amount), scale::MONEY);
        w.str("currency", Some(self.currency));
        w.decimal_in("amount_usd", Some(self.amount_usd), scale::MONEY);
        w.decimal_in("exchange_rate", self.exchange_rate, scale::RATE);
        w.decimal_in("amount_local", self.amount_local, scale::MONEY);
        w.str("currency_local", self.currency_local);
        w.decimal_in("fee_amount", Some(self.fee_amount), scale::MONEY);
        w.str("fee_currency", Some(self.fee_currency));
        w.str("originating_country", self.originating_country);
        w.str("destination_country", self.destination_country);
        w.str("transaction_location", self.transaction_location);
        w.str("ip_address", self.ip_address.as_deref());
        w.str("description", Some(self.description));
        w.str("merchant_name", self.merchant_name.as_deref());
        w.label("merchant_category", self.merchant_category);
        w.label("status", Some(self.status));
        w.decimal_in("risk_score", Some(self.risk_score), scale::SCORE);
        w.bool("is_flagged", !self.alert_reasons.is_empty());
        w.labels_in("alert_reasons", &self.alert_reasons, &TRANSACTION_RULES);
        w.bool("is_round_amount", self.is_round_amount);
        w.bool("is_laundering", self.pattern_id.is_some());
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
        w.str_in("pattern_type", self.pattern_type, Family::LABELS);
    }
}

crate::event_record!(Transaction, "transactions", "transaction", transaction_date);
