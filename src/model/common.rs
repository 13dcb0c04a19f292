//! Value sets shared by several records (SPEC §7): risk levels, genders, industries, entity types,
//! sanctions lists.

use crate::label_enum;

/// Transaction rule labels, in rule order.
pub const TRANSACTION_RULES: [&str; 8] = [
    "just_below_threshold",
    "large_cash",
    "high_risk_corridor",
    "round_large_amount",
    "high_risk_party",
    "sanctioned_party",
    "large_wire",
    "new_account_activity",
];

/// Insider indicator labels of trades, in rule order (weights and thresholds: `[alerts.trades]`).
pub const TRADE_RULES: [&str; 5] = [
    "large_position_change",
    "options_trade",
    "off_hours_order",
    "trader_is_officer_of_issuer",
    "trader_is_major_shareholder",
];

/// Communication alert rule labels, in rule order (weights and thresholds:
/// `[alerts.communications]`).
pub const COMMUNICATION_RULES: [&str; 6] = [
    "suspicious_keywords",
    "multiple_suspicious_keywords",
    "encrypted_financial_discussion",
    "financial_terms",
    "negative_sentiment",
    "many_attachments",
];

/// The red-flag vocabulary of `patterns` rows: the transaction, trade and communication rules, each
/// list in rule order.
pub const RED_FLAGS: [&str; 19] =
    concat_rules(&[&TRANSACTION_RULES, &TRADE_RULES, &COMMUNICATION_RULES]);

/// The lists one after another (N must be their total length; a shorter or longer N fails to compile).
const fn concat_rules<const N: usize>(lists: &[&[&'static str]]) -> [&'static str; N] {
    let mut out = [""; N];
    let (mut l, mut k) = (0, 0);
    while l < lists.len() {
        let mut i = 0;
        while i < lists[l].len() {
            out[k] = lists[l][i];
            (i, k) = (i + 1, k + 1);
        }
        l += 1;
    }
    assert!(k == N, "RED_FLAGS length");
    out
}

/// ISO 639-1 language codes (48): every country's primary language plus common others.
pub const LANGUAGES: [&str; 48] = [
    "en", "es", "fr", "de", "it", "pt", "nl", "sv", "no", "da", "fi", "pl", "cs", "sk", "hu", "ro",
    "bg", "el", "tr", "ru", "uk", "he", "ar", "fa", "ps", "ur", "hi", "bn", "ta", "th", "vi", "id",
    "ms", "tl", "zh", "ja", "ko", "my", "sw", "am", "ha", "yo", "zu", "so", "mt", "lb", "ca", "ga",
];

label_enum! {
    /// KYC risk rating (SPEC §8 R-10).
    pub enum RiskLevel { Low => "low", Medium => "medium", High => "high", Critical => "critical" }
}

label_enum! {
    pub enum Gender { Male => "male", Female => "female", NonBinary => "non_binary", PreferNotToSay => "prefer_not_to_say" }
}

label_enum! {
    /// The 16 industries of the original model.
    pub enum Industry {
        Technology => "technology",
        FinancialServices => "financial_services",
        Healthcare => "healthcare",
        Retail => "retail",
        Manufacturing => "manufacturing",
        RealEstate => "real_estate",
        Consulting => "consulting",
        Construction => "construction",
        Transportation => "transportation",
        Energy => "energy",
        Telecommunications => "telecommunications",
        Hospitality => "hospitality",
        Education => "education",
        Legal => "legal",
        Entertainment => "entertainment",
        Agriculture => "agriculture",
    }
}

impl Industry {
    /// Original industry weights (per mille), in `ALL` order.
    pub const WEIGHTS: [u32; 16] = [
        150, 120, 100, 100, 80, 80, 70, 60, 50, 40, 40, 30, 30, 20, 20, 10,
    ];
}

label_enum! {
    pub enum EntityType { Person => "person", Company => "company", Account => "account" }
}

label_enum! {
    /// The 7 sanctions lists of the original vocabulary (SPEC §6), used by persons and companies.
    pub enum SanctionList {
        OfacSdn => "ofac_sdn",
        UnSanctions => "un_sanctions",
        EuSanctions => "eu_sanctions",
        UkSanctions => "uk_sanctions",
        DfatSanctions => "dfat_sanctions",
        SecoSanctions => "seco_sanctions",
        ConsolidatedList => "consolidated_list",
    }
}

/// The postal part shared by person and company addresses, written inline (flat fields, no nesting).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostalAddress {
    pub street: String,
    pub city: &'static str,
    pub state: Option<&'static str>,
    pub postal_code: String,
    /// English country name.
    pub country: &'static str,
    pub country_code: &'static str,
}

impl crate::model::record::Fields for PostalAddress {
    fn write_fields<W: crate::model::record::FieldWriter>(&self, w: &mut W) {
        w.str("street", Some(&self.street));
        w.str("city", Some(self.city));
        w.str("state", self.state);
        w.str("postal_code", Some(&self.postal_code));
        w.str("country", Some(self.country));
        w.str("country_code", Some(self.country_code));
    }
}

/// Id namespace sets of the field walks' `id_in`/`ids_in` calls (which prefixes a field may carry).
pub mod ns {
    use crate::core::ids::Namespace;

    pub const PER: &[Namespace] = &[Namespace::Person];
    pub const ORG: &[Namespace] = &[Namespace::Company];
    pub const ACC: &[Namespace] = &[Namespace::Account];
    pub const TXN: &[Namespace] = &[Namespace::Transaction];
    pub const MSG: &[Namespace] = &[Namespace::Communication];
    pub const TRD: &[Namespace] = &[Namespace::Trade];
    pub const TRV: &[Namespace] = &[Namespace::Travel];
    pub const DOC: &[Namespace] = &[Namespace::Document];
    pub const EVT: &[Namespace] = &[Namespace::AccountEvent];
    pub const REL: &[Namespace] = &[Namespace::Relationship];
    pub const PAT: &[Namespace] = &[Namespace::Pattern];
    pub const SEV: &[Namespace] = &[Namespace::StreamEvent];
    /// A person or a company.
    pub const PER_ORG: &[Namespace] = &[Namespace::Person, Namespace::Company];
    /// A pattern member: person, company or account.
    pub const PER_ORG_ACC: &[Namespace] =
        &[Namespace::Person, Namespace::Company, Namespace::Account];
    /// Any streamed record (SPEC §13).
    pub const STREAMED: &[Namespace] = &[
        Namespace::Person,
        Namespace::Company,
        Namespace::Account,
        Namespace::Relationship,
        Namespace::Transaction,
        Namespace::Communication,
        Namespace::Trade,
        Namespace::Travel,
        Namespace::Document,
        Namespace::AccountEvent,
        Namespace::Pattern,
    ];
}
