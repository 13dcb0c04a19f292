//! The ground-truth records (SPEC §7.11): one `patterns` row per injected instance, and one
//! `pattern_members` row per (instance, entity, role).

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::common::RED_FLAGS;
use crate::model::common::RiskLevel;
use crate::model::common::ns;
use crate::model::record::{Decimal, FieldWriter, Fields, Label, Record, scale};

crate::label_enum! {
    /// Typology families in SPEC §10.1 order.
    pub enum Family {
        Structuring => "structuring",
        MuleChain => "mule_chain",
        FraudRing => "fraud_ring",
        AccountTakeover => "account_takeover",
        Tbml => "tbml",
        FanOut => "fan_out",
        FanIn => "fan_in",
        Cycle => "cycle",
        ScatterGather => "scatter_gather",
        GatherScatter => "gather_scatter",
        Bipartite => "bipartite",
        Stack => "stack",
        Random => "random",
        InsiderTrading => "insider_trading",
        UboChain => "ubo_chain",
    }
}

crate::label_enum! {
    /// Member roles (§7.11).
    pub enum Role {
        Originator => "originator",
        Beneficiary => "beneficiary",
        Intermediary => "intermediary",
        Mule => "mule",
        CashOut => "cash_out",
        Hub => "hub",
        Smurf => "smurf",
        Collector => "collector",
        Victim => "victim",
        Attacker => "attacker",
        Insider => "insider",
        Tippee => "tippee",
        Ubo => "ubo",
        Shell => "shell",
        Nominee => "nominee",
        Target => "target",
        Importer => "importer",
        Exporter => "exporter",
        Participant => "participant",
        Trader => "trader",
        Issuer => "issuer",
    }
}

crate::label_enum! {
    /// Observable indicators of an instance.
    pub enum Indicator {
        JustBelowThreshold => "just_below_threshold",
        CashIntensive => "cash_intensive",
        CashOut => "cash_out",
        PassThrough => "pass_through",
        HubAccount => "hub_account",
        MultipleAccounts => "multiple_accounts",
        MultipleLocations => "multiple_locations",
        RapidMovement => "rapid_movement",
        DecreasingAmounts => "decreasing_amounts",
        NewAccounts => "new_accounts",
        SharedDevice => "shared_device",
        CrossBorder => "cross_border",
        HighValue => "high_value",
        LayeredOwnership => "layered_ownership",
        ShellCompany => "shell_company",
        HavenJurisdiction => "haven_jurisdiction",
        PepInvolved => "pep_involved",
        NomineeShareholder => "nominee_shareholder",
        CircularOwnership => "circular_ownership",
        MultipleOwners => "multiple_owners",
        OptionsTrade => "options_trade",
        InsiderRelationship => "insider_relationship",
        SuspiciousKeywords => "suspicious_keywords",
        CoordinatedTrading => "coordinated_trading",
    }
}

crate::label_enum! {
    pub enum DetectionMethod {
        RuleAlert => "rule_alert",
    }
}

crate::label_enum! {
    pub enum MemberEntityType {
        Person => "person",
        Company => "company",
        Account => "account",
    }
}

/// One injected instance.
#[derive(Clone, Debug, Default)]
pub struct Pattern {
    pub id: RecordId,
    pub typology: &'static str,
    pub subtype: &'static str,
    pub start_time: Timestamp,
    pub end_time: Timestamp,
    pub duration_days: i64,
    pub total_value_usd: Decimal,
    pub transaction_count: i64,
    pub communication_count: i64,
    pub trade_count: i64,
    pub document_count: i64,
    pub account_event_count: i64,
    pub relationship_count: i64,
    pub member_count: i64,
    pub confidence_score: Decimal,
    pub severity_score: Decimal,
    pub risk_level: RiskLevel,
    pub indicators: Vec<&'static str>,
    pub red_flags: Vec<&'static str>,
    pub detection_date: Option<Date>,
    pub detection_method: Option<DetectionMethod>,
}

impl Fields for Pattern {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::PAT);
        w.str_in("typology", Some(self.typology), Family::LABELS);
        w.str("subtype", Some(self.subtype));
        w.timestamp("start_time", Some(self.start_time));
        w.timestamp("end_time", Some(self.end_time));
        w.int("duration_days", Some(self.duration_days));
        w.decimal_in("total_value_usd", Some(self.total_value_usd), scale::MONEY);
        w.int("transaction_count", Some(self.transaction_count));
        w.int("communication_count", Some(self.communication_count));
        w.int("trade_count", Some(self.trade_count));
        w.int("document_count", Some(self.document_count));
        w.int("account_event_count", Some(self.account_event_count));
        w.int("relationship_count", Some(self.relationship_count));
        w.int("member_count", Some(self.member_count));
        w.decimal_in(
            "confidence_score",
            Some(self.confidence_score),
            scale::SCORE,
        );
        w.decimal_in("severity_score", Some(self.severity_score), scale::SCORE);
        w.label("risk_level", Some(self.risk_level));
        w.labels_in("indicators", &self.indicators, Indicator::LABELS);
        w.labels_in("red_flags", &self.red_flags, &RED_FLAGS);
        w.date("detection_date", self.detection_date);
        w.label("detection_method", self.detection_method);
        w.bool("is_investigated", false);
        // Reserved for case management (not simulated in v1): always null.
        w.str("investigation_status", None);
        w.id_in("investigator_id", None, ns::PER);
        w.str("investigation_notes", None);
        w.str("is_confirmed", None);
        w.str("outcome", None);
        w.str("action_taken", None);
    }
}

impl Record for Pattern {
    const FILE: &'static str = "patterns";
    const SINGULAR: &'static str = "pattern";
    fn record_id(&self) -> RecordId {
        self.id
    }
}

/// One member of an instance.
#[derive(Clone, Debug, Default)]
pub struct PatternMember {
    pub pattern_id: RecordId,
    pub entity_type: MemberEntityType,
    pub entity_id: RecordId,
    pub role: &'static str,
}

impl Fields for PatternMember {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("pattern_id", Some(self.pattern_id), ns::PAT);
        w.label("entity_type", Some(self.entity_type));
        w.id_in("entity_id", Some(self.entity_id), ns::PER_ORG_ACC);
        w.str_in("role", Some(self.role), Role::LABELS);
    }
}

impl Record for PatternMember {
    const FILE: &'static str = "pattern_members";
    const SINGULAR: &'static str = "pattern_member";
    fn record_id(&self) -> RecordId {
        self.pattern_id
    }
}
