//! The person record of SPEC §7.1 and its sub-records (address, phone, e-mail, identity document,
//! employment, PEP details, social-media profiles), with their field walks in spec table order.
//! Values are produced by the person generator; this module only describes the shape.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::label_enum;
use crate::model::common::LANGUAGES;
use crate::model::common::ns;
use crate::model::common::{Gender, Industry, PostalAddress, RiskLevel, SanctionList};
use crate::model::record::{Decimal, FieldWriter, Fields, Record, scale};

label_enum! {
    pub enum MaritalStatus {
        Single => "single",
        Married => "married",
        Divorced => "divorced",
        Widowed => "widowed",
        Separated => "separated",
    }
}

label_enum! {
    pub enum EducationLevel {
        HighSchool => "high_school",
        Associate => "associate",
        Bachelor => "bachelor",
        Master => "master",
        Doctorate => "doctorate",
        Professional => "professional",
    }
}

label_enum! {
    pub enum AddressType { Residential => "residential", Business => "business", Mailing => "mailing" }
}

label_enum! {
    pub enum PhoneType { Mobile => "mobile", Home => "home", Work => "work" }
}

label_enum! {
    pub enum EmailType { Personal => "personal", Work => "work" }
}

label_enum! {
    pub enum DocType {
        Passport => "passport",
        DriversLicense => "drivers_license",
        NationalId => "national_id",
        Ssn => "ssn",
    }
}

label_enum! {
    /// The 15 PEP categories written in `pep_details.category` (positions in `generators::person`).
    /// `refdata::vocab::PEP_CATEGORIES` is another, unused list of 15; moving to it changes output bytes,
    /// so it would be a data-format change of its own.
    pub enum PepCategory {
        HeadOfState => "head_of_state",
        HeadOfGovernment => "head_of_government",
        GovernmentMinister => "government_minister",
        SeniorPolitician => "senior_politician",
        SeniorGovernmentOfficial => "senior_government_official",
        JudicialOfficial => "judicial_official",
        MilitaryOfficial => "military_official",
        SeniorExecutiveSoe => "senior_executive_soe",
        PoliticalPartyOfficial => "political_party_official",
        MemberOfParliament => "member_of_parliament",
        Ambassador => "ambassador",
        CentralBankOfficial => "central_bank_official",
        InternationalOrganizationOfficial => "international_organization_official",
        FamilyMemberPep => "family_member_pep",
        CloseAssociatePep => "close_associate_pep",
    }
}

/// A postal address (child table `person_addresses`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Address {
    pub postal: PostalAddress,
    /// Micro-degrees, dec(6).
    pub latitude: Option<Decimal>,
    pub longitude: Option<Decimal>,
    pub is_primary: bool,
    pub address_type: AddressType,
}

impl Fields for Address {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        self.postal.write_fields(w);
        w.decimal_in("latitude", self.latitude, scale::COORDINATE);
        w.decimal_in("longitude", self.longitude, scale::COORDINATE);
        w.bool("is_primary", self.is_primary);
        w.label("address_type", Some(self.address_type));
    }
}

/// A phone number (child table `person_phone_numbers`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Phone {
    /// E.164.
    pub number: String,
    /// Country of the number.
    pub country_code: &'static str,
    pub phone_type: PhoneType,
    pub is_primary: bool,
    pub is_verified: bool,
}

impl Fields for Phone {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.str("number", Some(&self.number));
        w.str("country_code", Some(self.country_code));
        w.label("phone_type", Some(self.phone_type));
        w.bool("is_primary", self.is_primary);
        w.bool("is_verified", self.is_verified);
    }
}

/// An e-mail address (child table `person_email_addresses`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Email {
    pub email: String,
    pub email_type: EmailType,
    pub is_primary: bool,
    pub is_verified: bool,
}

impl Fields for Email {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.str("email", Some(&self.email));
        w.label("email_type", Some(self.email_type));
        w.bool("is_primary", self.is_primary);
        w.bool("is_verified", self.is_verified);
    }
}

/// An identity document (child table `person_identification_documents`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdDocument {
    pub doc_type: DocType,
    pub doc_number: String,
    pub issuing_country: &'static str,
    pub issuing_authority: Option<&'static str>,
    pub issue_date: Date,
    pub expiry_date: Option<Date>,
    pub is_verified: bool,
}

impl Fields for IdDocument {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.label("doc_type", Some(self.doc_type));
        w.str("doc_number", Some(&self.doc_number));
        w.str("issuing_country", Some(self.issuing_country));
        w.str("issuing_authority", self.issuing_authority);
        w.date("issue_date", Some(self.issue_date));
        w.date("expiry_date", self.expiry_date);
        w.bool("is_verified", self.is_verified);
    }
}

/// One job (child table `person_employment_history`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Employment {
    pub employer_id: Option<RecordId>,
    /// The employer's `legal_name`.
    pub employer_name: String,
    pub job_title: &'static str,
    /// The employer's industry.
    pub industry: Industry,
    pub start_date: Date,
    /// None ⇔ `is_current`.
    pub end_date: Option<Date>,
    /// Minor units of `currency`.
    pub annual_income: Decimal,
    pub currency: &'static str,
    pub is_current: bool,
}

impl Fields for Employment {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("employer_id", self.employer_id, ns::ORG);
        w.str("employer_name", Some(&self.employer_name));
        w.str("job_title", Some(self.job_title));
        w.label("industry", Some(self.industry));
        w.date("start_date", Some(self.start_date));
        w.date("end_date", self.end_date);
        w.decimal_in("annual_income", Some(self.annual_income), scale::MONEY);
        w.str("currency", Some(self.currency));
        w.bool("is_current", self.is_current);
    }
}

/// Details of a politically exposed person (nested object, prefixed CSV columns).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PepDetails {
    pub category: PepCategory,
    pub position: &'static str,
    pub country: &'static str,
    pub start_date: Date,
    pub is_active: bool,
}

impl Fields for PepDetails {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.label("category", Some(self.category));
        w.str("position", Some(self.position));
        w.str("country", Some(self.country));
        w.date("start_date", Some(self.start_date));
        w.bool("is_active", self.is_active);
    }
}

/// Profile URLs by platform; the object always has the four keys, in this order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SocialMediaProfiles {
    pub twitter: Option<String>,
    pub linkedin: Option<String>,
    pub facebook: Option<String>,
    pub instagram: Option<String>,
}

impl SocialMediaProfiles {
    /// Number of platforms with a profile.
    pub fn count(&self) -> usize {
        [
            &self.twitter,
            &self.linkedin,
            &self.facebook,
            &self.instagram,
        ]
        .iter()
        .filter(|v| v.is_some())
        .count()
    }
}

impl Fields for SocialMediaProfiles {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.str("twitter", self.twitter.as_deref());
        w.str("linkedin", self.linkedin.as_deref());
        w.str("facebook", self.facebook.as_deref());
        w.str("instagram", self.instagram.as_deref());
    }
}

/// A person (file `persons`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Person {
    pub id: RecordId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub first_name: &'static str,
    pub middle_name: Option<&'static str>,
    pub last_name: &'static str,
    pub full_name: String,
    pub maiden_name: Option<&'static str>,
    pub preferred_name: Option<&'static str>,
    pub date_of_birth: Date,
    pub age: i32,
    pub gender: Gender,
    pub nationality: &'static str,
    /// Nationality first.
    pub citizenship: Vec<&'static str>,
    /// Residence currency: the currency of `annual_income` and `net_worth`.
    pub currency: &'static str,
    pub addresses: Vec<Address>,
    pub phone_numbers: Vec<Phone>,
    pub email_addresses: Vec<Email>,
    pub identification_documents: Vec<IdDocument>,
    pub tax_id: Option<String>,
    /// Oldest job first; the current job (if any) last.
    pub employment_history: Vec<Employment>,
    pub annual_income: Option<Decimal>,
    pub net_worth: Option<Decimal>,
    pub risk_level: RiskLevel,
    pub is_pep: bool,
    pub pep_details: Option<PepDetails>,
    pub is_sanctioned: bool,
    /// In vocabulary order.
    pub sanction_lists: Vec<SanctionList>,
    pub languages: Vec<&'static str>,
    pub education_level: Option<EducationLevel>,
    pub marital_status: Option<MaritalStatus>,
    pub dependents: i64,
    pub social_media_profiles: SocialMediaProfiles,
    /// dec(4).
    pub online_activity_score: Decimal,
}

impl Fields for Person {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::PER);
        w.timestamp("created_at", Some(self.created_at));
        w.timestamp("updated_at", Some(self.updated_at));
        w.str("first_name", Some(self.first_name));
        w.str("middle_name", self.middle_name);
        w.str("last_name", Some(self.last_name));
        w.str("full_name", Some(&self.full_name));
        w.str("maiden_name", self.maiden_name);
        w.str("preferred_name", self.preferred_name);
        w.date("date_of_birth", Some(self.date_of_birth));
        w.int("age", Some(self.age as i64));
        w.label("gender", Some(self.gender));
        w.str("nationality", Some(self.nationality));
        w.labels("citizenship", &self.citizenship);
        w.str("currency", Some(self.currency));
        w.objects("addresses", &self.addresses);
        w.objects("phone_numbers", &self.phone_numbers);
        w.objects("email_addresses", &self.email_addresses);
        w.objects("identification_documents", &self.identification_documents);
        w.str("tax_id", self.tax_id.as_deref());
        w.objects("employment_history", &self.employment_history);
        w.decimal_in("annual_income", self.annual_income, scale::MONEY);
        w.decimal_in("net_worth", self.net_worth, scale::MONEY);
        w.label("risk_level", Some(self.risk_level));
        w.bool("is_pep", self.is_pep);
        w.object("pep_details", self.pep_details.as_ref());
        w.bool("is_sanctioned", self.is_sanctioned);
        w.label_list("sanction_lists", &self.sanction_lists);
        w.labels_in("languages", &self.languages, &LANGUAGES);
        w.label("education_level", self.education_level);
        w.label("marital_status", self.marital_status);
        w.int("dependents", Some(self.dependents));
        w.object("social_media_profiles", Some(&self.social_media_profiles));
        w.decimal_in(
            "online_activity_score",
            Some(self.online_activity_score),
            scale::SCORE,
        );
    }
}

impl Record for Person {
    const FILE: &'static str = "persons";
    const SINGULAR: &'static str = "person";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
