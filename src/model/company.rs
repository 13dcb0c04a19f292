//! The company record of SPEC §7.2 with its sub-records (addresses, officers) and value sets, and its
//! field walk in spec table order. CSV child tables: `company_addresses`, `company_officers`,
//! `company_subsidiary_ids`.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::label_enum;
use crate::model::common::ns;
use crate::model::common::{Industry, PostalAddress, RiskLevel, SanctionList};
use crate::model::record::{Decimal, FieldWriter, Fields, Record, scale};

label_enum! {
    /// Legal form family (SPEC §7.2; original weights in [`CompanyType::WEIGHTS`]).
    pub enum CompanyType {
        Corporation => "corporation",
        Llc => "llc",
        Partnership => "partnership",
        SoleProprietorship => "sole_proprietorship",
        NonProfit => "non_profit",
        Government => "government",
        Trust => "trust",
    }
}

impl CompanyType {
    /// Per mille, in `ALL` order: corporation .40, llc .30, partnership .15, sole_proprietorship .10,
    /// non_profit .03, government .01, trust .01.
    pub const WEIGHTS: [u32; 7] = [400, 300, 150, 100, 30, 10, 10];
}

label_enum! {
    /// Officer roles of SPEC §7.2.
    pub enum OfficerRole {
        Director => "director",
        ChiefExecutive => "chief_executive",
        ChiefFinancial => "chief_financial",
        Secretary => "secretary",
        Chair => "chair",
    }
}

label_enum! {
    /// What a company address is.
    pub enum OfficeType {
        Headquarters => "headquarters",
        Branch => "branch",
        Subsidiary => "subsidiary",
        Regional => "regional",
    }
}

label_enum! {
    /// The 16 stock exchanges of the original model (SPEC §6 vocabularies).
    pub enum StockExchange {
        Nyse => "nyse",
        Nasdaq => "nasdaq",
        Lse => "lse",
        Tse => "tse",
        Hkex => "hkex",
        Sse => "sse",
        Szse => "szse",
        Euronext => "euronext",
        Tsx => "tsx",
        Asx => "asx",
        Bse => "bse",
        Nse => "nse",
        Krx => "krx",
        Six => "six",
        Bme => "bme",
        B3 => "b3",
    }
}

/// One company address: the headquarters (also the registered office) or an office.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompanyAddress {
    pub postal: PostalAddress,
    pub is_headquarters: bool,
    pub is_registered_office: bool,
    pub office_type: OfficeType,
}

impl Fields for CompanyAddress {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        self.postal.write_fields(w);
        w.bool("is_headquarters", self.is_headquarters);
        w.bool("is_registered_office", self.is_registered_office);
        w.label("office_type", Some(self.office_type));
    }
}

/// One officer of a company (mirrored by a `director` relationship).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompanyOfficer {
    pub person_id: RecordId,
    pub role: OfficerRole,
    pub appointment_date: Date,
    pub resignation_date: Option<Date>,
    /// True exactly when there is no resignation date.
    pub is_active: bool,
    /// Direct holding in the company, dec(2) percent, when the officer is also a shareholder.
    pub ownership_percentage: Option<Decimal>,
}

impl Fields for CompanyOfficer {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("person_id", Some(self.person_id), ns::PER);
        w.label("role", Some(self.role));
        w.date("appointment_date", Some(self.appointment_date));
        w.date("resignation_date", self.resignation_date);
        w.bool("is_active", self.is_active);
        w.decimal_in(
            "ownership_percentage",
            self.ownership_percentage,
            scale::PERCENT,
        );
    }
}

/// A company (SPEC §7.2). Money fields are in `currency` minor units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Company {
    pub id: RecordId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub legal_name: String,
    pub trading_name: Option<String>,
    pub company_type: CompanyType,
    pub industry: Industry,
    pub sub_industry: Option<&'static str>,
    pub registration_number: String,
    pub registration_country: &'static str,
    pub registration_date: Date,
    pub tax_id: String,
    pub lei_code: Option<String>,
    pub currency: &'static str,
    pub addresses: Vec<CompanyAddress>,
    pub parent_company_id: Option<RecordId>,
    pub subsidiary_ids: Vec<RecordId>,
    pub officers: Vec<CompanyOfficer>,
    pub annual_revenue: Option<Decimal>,
    pub employee_count: Option<i64>,
    pub market_cap: Option<Decimal>,
    pub is_public: bool,
    pub stock_ticker: Option<String>,
    pub stock_exchange: Option<StockExchange>,
    pub risk_level: RiskLevel,
    pub is_sanctioned: bool,
    pub sanction_lists: Vec<SanctionList>,
    pub is_shell_company: bool,
    pub website: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub business_description: Option<&'static str>,
    pub operating_countries: Vec<&'static str>,
    pub tax_havens: Vec<&'static str>,
}

impl Fields for Company {
    fn write_fields<W: FieldWriter>(&self, w: &mut W) {
        w.id_in("id", Some(self.id), ns::ORG);
        w.timestamp("created_at", Some(self.created_at));
        w.timestamp("updated_at", Some(self.updated_at));
        w.str("legal_name", Some(&self.legal_name));
        w.str("trading_name", self.trading_name.as_deref());
        w.label("company_type", Some(self.company_type));
        w.label("industry", Some(self.industry));
        w.str("sub_industry", self.sub_industry);
        w.str("registration_number", Some(&self.registration_number));
        w.str("registration_country", Some(self.registration_country));
        w.date("registration_date", Some(self.registration_date));
        w.str("tax_id", Some(&self.tax_id));
        w.str("lei_code", self.lei_code.as_deref());
        w.str("currency", Some(self.currency));
        w.objects("addresses", &self.addresses);
        w.id_in("parent_company_id", self.parent_company_id, ns::ORG);
        w.ids_in(
            "subsidiary_ids",
            "subsidiary_id",
            &self.subsidiary_ids,
            ns::ORG,
        );
        w.objects("officers", &self.officers);
        w.decimal_in("annual_revenue", self.annual_revenue, scale::MONEY);
        w.int("employee_count", self.employee_count);
        w.decimal_in("market_cap", self.market_cap, scale::MONEY);
        w.bool("is_public", self.is_public);
        w.str("stock_ticker", self.stock_ticker.as_deref());
        w.label("stock_exchange", self.stock_exchange);
        w.label("risk_level", Some(self.risk_level));
        w.bool("is_sanctioned", self.is_sanctioned);
        w.label_list("sanction_lists", &self.sanction_lists);
        w.bool("is_shell_company", self.is_shell_company);
        w.str("website", self.website.as_deref());
        w.str("phone", self.phone.as_deref());
        w.str("email", self.email.as_deref());
        w.str("business_description", self.business_description);
        w.labels("operating_countries", &self.operating_countries);
        w.labels("tax_havens", &self.tax_havens);
    }
}

impl Record for Company {
    const FILE: &'static str = "companies";
    const SINGULAR: &'static str = "company";
    fn record_id(&self) -> RecordId {
        self.id
    }
}
