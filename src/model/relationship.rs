//! The relationship record of SPEC §7.10 (`relationships`): one directed edge between two persons or
//! companies, written once per pair by the unit that owns it. Built by the
//! relationship generator.

use crate::core::ids::RecordId;
use crate::core::time::Date;
use crate::model::common::EntityType;
use crate::model::common::ns;
use crate::model::company::OfficerRole;
use crate::model::record::{Decimal, FieldWriter, Fields, Record, scale};

crate::label_enum! {
    /// The 14 relationship labels. `child` and `employer` are the reserved inverses of `parent` and
    /// `employee` and are never written (each pair is written once, in the canonical direction).
    pub enum RelationshipType {
        Family => "family",
        Spouse => "spouse",
        Parent => "parent",
        Child => "child",
        Sibling => "sibling",
        Colleague => "colleague",
        BusinessPartner => "business_partner",
        Friend => "friend",
        Acquaintance => "acquaintance",
        Employee => "employee",
        Employer => "employer",
        Shareholder => "shareholder",
        Director => "director",
        BeneficialOwner => "beneficial_owner",
    }
}

impl RelationshipType {
    /// The fixed description of each type: the same text for background and pattern edges.
    pub fn description(self) -> &'static str {
        match self {
            RelationshipType::Family => "Members of the same family",
            RelationshipType::Spouse => "Married couple",
            RelationshipType::Parent => "Parent of the related person",
            RelationshipType::Child => "Child of the related person",
            RelationshipType::Sibling => "Sibling of the related person",
            RelationshipType::Colleague => "Colleagues at the same employer",
            RelationshipType::BusinessPartner => "Business partners",
            RelationshipType::Friend => "Friends",
            RelationshipType::Acquaintance => "Acquaintances",
            RelationshipType::Employee => "Employee of the company",
            RelationshipType::Employer => "Employer of the person",
            RelationshipType::Shareholder => "Direct shareholder of the company",
            RelationshipType::Director => "Officer of the company",
            RelationshipType::BeneficialOwner => "Beneficial owner of the company",
        }
    }
}

crate::label_enum! {
    /// Where a relationship comes from.
    pub enum RelationshipContext {
        Employment => "employment",
        Household => "household",
        Social => "social",
        Ownership => "ownership",
        Officer => "officer",
        GroupStructure => "group_structure",
        NomineeArrangement => "nominee_arrangement",
    }
}

crate::label_enum! {
    /// AL risk factors of an edge, in this (output) order.
    pub enum RiskFactor {
        PepInvolved => "pep_involved",
        SanctionedParty => "sanctioned_party",
        ShellCompany => "shell_company",
        HavenJurisdiction => "haven_jurisdiction",
    }
}

/// One relationship (SPEC §7.10).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Relationship {
    pub id: RecordId,
    pub from_entity_id: RecordId,
    /// `person` or `company`.
    pub from_entity_type: EntityType,
    pub to_entity_id: RecordId,
    pub to_entity_type: EntityType,
    pub relationship_type: RelationshipType,
    /// dec(2) in [0, 1].
    pub relationship_strength: Decimal,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub is_active: bool,
    pub context: RelationshipContext,
    /// shareholder edges: direct holding, dec(2).
    pub ownership_percentage: Option<Decimal>,
    /// beneficial_owner edges: effective ownership, dec(4).
    pub effective_ownership: Option<Decimal>,
    /// director edges: the officer role.
    pub role: Option<OfficerRole>,
    pub interaction_count: i64,
    pub last_interaction_date: Option<Date>,
    pub transaction_count: i64,
    /// USD-eq, dec(2).
    pub total_transaction_value: Decimal,
    /// AL: ⇔ `risk_factors` non-empty.
    pub is_suspicious: bool,
    pub risk_factors: Vec<RiskFactor>,
    /// GT: the `ubo_chain` instance that created the edge.
    pub pattern_id: Option<RecordId>,
}

impl Fields for Relationship {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::REL);
        w.id_in("from_entity_id", Some(self.from_entity_id), ns::PER_ORG);
        w.label("from_entity_type", Some(self.from_entity_type));
        w.id_in("to_entity_id", Some(self.to_entity_id), ns::PER_ORG);
        w.label("to_entity_type", Some(self.to_entity_type));
        w.label("relationship_type", Some(self.relationship_type));
        w.decimal_in(
            "relationship_strength",
            Some(self.relationship_strength),
            scale::SCORE,
        );
        w.date("start_date", Some(self.start_date));
        w.date("end_date", self.end_date);
        w.bool("is_active", self.is_active);
        w.label("context", Some(self.context));
        w.str("description", Some(self.relationship_type.description()));
        w.decimal_in(
            "ownership_percentage",
            self.ownership_percentage,
            scale::PERCENT,
        );
        w.decimal_in(
            "effective_ownership",
            self.effective_ownership,
            scale::SCORE,
        );
        w.label("role", self.role);
        w.int("interaction_count", Some(self.interaction_count));
        w.date("last_interaction_date", self.last_interaction_date);
        w.int("transaction_count", Some(self.transaction_count));
        w.decimal_in(
            "total_transaction_value",
            Some(self.total_transaction_value),
            scale::MONEY,
        );
        w.bool("is_suspicious", self.is_suspicious);
        w.label_list("risk_factors", &self.risk_factors);
        w.id_in("pattern_id", self.pattern_id, ns::PAT);
    }
}

impl Record for Relationship {
    const FILE: &'static str = "relationships";
    const SINGULAR: &'static str = "relationship";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
