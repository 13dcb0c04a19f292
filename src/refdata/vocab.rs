//! Vocabularies of SPEC §6 and the value sets §7.1–7.3 draw from: PEP categories and positions,
//! sanctions lists, monitoring reasons, crime indicators, risky and cash-intensive industries, round
//! amounts, stock exchanges, job titles, legal-form suffixes, sub-industries, business descriptions,
//! company-name words, education levels, languages and social-media URL patterns.
//!
//! Labels are snake_case; free-text values (titles, descriptions) are written as they print. Table order
//! is part of the data format (samplers index into these slices).

use super::names::Locale;
use crate::model::common::Industry;

/// PEP categories (15), in the original order.
pub const PEP_CATEGORIES: [&str; 15] = [
    "head_of_state",
    "head_of_government",
    "government_minister",
    "member_of_parliament",
    "senior_government_official",
    "judicial_official",
    "military_official",
    "central_bank_official",
    "ambassador",
    "state_owned_enterprise_executive",
    "political_party_official",
    "international_organization_official",
    "regional_government_official",
    "family_member_pep",
    "close_associate_pep",
];

/// Positions a PEP of each category holds; `PEP_POSITIONS[i]` belongs to `PEP_CATEGORIES[i]`.
pub const PEP_POSITIONS: [&[&str]; 15] = [
    &["President", "King", "Emir", "Head of State"],
    &["Prime Minister", "Premier", "Chancellor"],
    &[
        "Minister of Finance",
        "Minister of Foreign Affairs",
        "Minister of Defence",
        "Minister of Energy",
        "Minister of Trade",
    ],
    &["Member of Parliament", "Senator", "Speaker of Parliament"],
    &["Deputy Minister", "Permanent Secretary", "Director General"],
    &[
        "Supreme Court Justice",
        "Constitutional Court Judge",
        "Attorney General",
    ],
    &["Chief of Defence Staff", "General", "Admiral"],
    &[
        "Central Bank Governor",
        "Deputy Governor",
        "Monetary Policy Committee Member",
    ],
    &["Ambassador", "High Commissioner", "Chargé d'Affaires"],
    &[
        "Chief Executive of a State Oil Company",
        "Chair of a State Bank",
        "State Enterprise Director",
    ],
    &["Party Chair", "Party Treasurer", "Party Secretary General"],
    &[
        "Director at an International Organization",
        "Executive Director at a Development Bank",
    ],
    &["Governor", "Mayor", "Regional Council President"],
    &[
        "Spouse of a PEP",
        "Child of a PEP",
        "Parent of a PEP",
        "Sibling of a PEP",
    ],
    &[
        "Business Partner of a PEP",
        "Adviser to a PEP",
        "Beneficial Owner Linked to a PEP",
    ],
];

/// Sanctions lists (7).
pub const SANCTIONS_LISTS: [&str; 7] = [
    "ofac_sdn",
    "un_sanctions",
    "eu_sanctions",
    "uk_sanctions",
    "dfat_sanctions",
    "seco_sanctions",
    "consolidated_list",
];

/// Account monitoring reasons (8).
pub const MONITORING_REASONS: [&str; 8] = [
    "high_value_transactions",
    "unusual_activity_pattern",
    "multiple_currency_transactions",
    "high_risk_jurisdiction",
    "structuring_suspicion",
    "pep_related",
    "sanctions_screening",
    "fraud_alert",
];

/// Financial-crime indicators (20).
pub const CRIME_INDICATORS: [&str; 20] = [
    "structuring",
    "rapid_movement_of_funds",
    "unusual_cash_activity",
    "round_amount_transactions",
    "high_risk_jurisdiction_transfer",
    "shell_company_involvement",
    "pep_involvement",
    "sanctions_match",
    "layering",
    "smurfing",
    "trade_mispricing",
    "funnel_account",
    "third_party_payments",
    "dormant_account_reactivation",
    "inconsistent_business_profile",
    "frequent_wire_transfers",
    "nominee_ownership",
    "adverse_media",
    "circular_transactions",
    "identity_mismatch",
];

/// High-risk industries (15).
pub const HIGH_RISK_INDUSTRIES: [&str; 15] = [
    "casinos_and_gambling",
    "money_services_businesses",
    "precious_metals_and_stones",
    "cryptocurrency_exchanges",
    "arms_and_defense",
    "art_and_antiquities",
    "real_estate_brokerage",
    "used_car_dealers",
    "pawn_shops",
    "offshore_trust_services",
    "private_banking",
    "charities_and_ngos",
    "adult_entertainment",
    "cannabis",
    "freight_forwarding",
];

/// Cash-intensive industries (15).
pub const CASH_INTENSIVE_INDUSTRIES: [&str; 15] = [
    "restaurants",
    "bars_and_nightclubs",
    "convenience_stores",
    "gas_stations",
    "car_washes",
    "laundromats",
    "parking_garages",
    "vending_machine_operators",
    "beauty_salons",
    "liquor_stores",
    "tobacco_shops",
    "taxi_services",
    "street_vendors",
    "check_cashing",
    "casinos",
];

/// Round amounts (15), in major units of the amount's currency.
pub const ROUND_AMOUNTS: [i64; 15] = [
    1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 25_000, 50_000, 75_000, 100_000, 150_000, 200_000,
    250_000, 500_000, 1_000_000,
];

/// A stock exchange with its trading currency and regular session in local time.
#[derive(Debug)]
pub struct Exchange {
    /// snake_case label (the `stock_exchange` value).
    pub label: &'static str,
    /// Name as the original prints it.
    pub name: &'static str,
    /// ISO 10383 market identifier code.
    pub mic: &'static str,
    pub country: &'static str,
    pub currency: &'static str,
    /// Regular session, minutes after local midnight.
    pub open_minutes: u16,
    pub close_minutes: u16,
    /// Fixed UTC offset of the exchange's local time (standard time, no DST).
    pub utc_offset_minutes: i16,
}

const fn exchange(
    label: &'static str,
    name: &'static str,
    mic: &'static str,
    country: &'static str,
    currency: &'static str,
    (open_minutes, close_minutes): (u16, u16),
    utc_offset_minutes: i16,
) -> Exchange {
    Exchange {
        label,
        name,
        mic,
        country,
        currency,
        open_minutes,
        close_minutes,
        utc_offset_minutes,
    }
}

/// Stock exchanges (16), in the original order. Unlike the original, SIX trades in CHF and BME in EUR.
pub static STOCK_EXCHANGES: [Exchange; 16] = [
    exchange("nyse", "NYSE", "XNYS", "US", "USD", (570, 960), -300),
    exchange("nasdaq", "NASDAQ", "XNAS", "US", "USD", (570, 960), -300),
    exchange("lse", "LSE", "XLON", "GB", "GBP", (480, 990), 0),
    exchange("tse", "TSE", "XTKS", "JP", "JPY", (540, 930), 540),
    exchange("hkex", "HKEX", "XHKG", "HK", "HKD", (570, 960), 480),
    exchange("sse", "SSE", "XSHG", "CN", "CNY", (570, 900), 480),
    exchange("szse", "SZSE", "XSHE", "CN", "CNY", (570, 900), 480),
    exchange("euronext", "Euronext", "XPAR", "FR", "EUR", (540, 1050), 60),
    exchange("tsx", "TSX", "XTSE", "CA", "CAD", (570, 960), -300),
    exchange("asx", "ASX", "XASX", "AU", "AUD", (600, 960), 600),
    exchange("bse", "BSE", "XBOM", "IN", "INR", (555, 930), 330),
    exchange("nse", "NSE", "XNSE", "IN", "INR", (555, 930), 330),
    exchange("krx", "KRX", "XKRX", "KR", "KRW", (540, 930), 540),
    exchange("six", "SIX", "XSWX", "CH", "CHF", (540, 1050), 60),
    exchange("bme", "BME", "XMAD", "ES", "EUR", (540, 1050), 60),
    exchange("b3", "B3", "BVMF", "BR", "BRL", (600, 1020), -180),
];

/// ETF symbols of the original trade generator.
pub const ETF_SYMBOLS: [&str; 7] = ["SPY", "QQQ", "IWM", "DIA", "EEM", "GLD", "TLT"];
/// Futures root symbols of the original trade generator (crude, gold, silver, S&P, Nasdaq, T-bond).
pub const FUTURE_ROOTS: [&str; 6] = ["CL", "GC", "SI", "ES", "NQ", "ZB"];

/// Job titles any employer may have.
pub const GENERAL_JOB_TITLES: &[&str] = &[
    "Chief Executive Officer",
    "Chief Financial Officer",
    "Operations Manager",
    "Project Manager",
    "Office Manager",
    "Accountant",
    "Human Resources Manager",
    "Administrative Assistant",
    "Sales Representative",
    "Marketing Manager",
    "Customer Service Representative",
    "Business Analyst",
];

/// Industry-specific job titles.
pub fn job_titles(industry: Industry) -> &'static [&'static str] {
    match industry {
        Industry::Technology => &[
            "Software Engineer",
            "Data Scientist",
            "DevOps Engineer",
            "Product Manager",
            "Systems Architect",
            "Security Analyst",
            "QA Engineer",
            "IT Support Specialist",
        ],
        Industry::FinancialServices => &[
            "Financial Analyst",
            "Relationship Manager",
            "Compliance Officer",
            "Portfolio Manager",
            "Credit Analyst",
            "Investment Banker",
            "Risk Manager",
            "Bank Teller",
        ],
        Industry::Healthcare => &[
            "Registered Nurse",
            "Physician",
            "Pharmacist",
            "Medical Technologist",
            "Physiotherapist",
            "Clinical Research Associate",
            "Radiographer",
            "Hospital Administrator",
        ],
        Industry::Retail => &[
            "Store Manager",
            "Cashier",
            "Merchandiser",
            "Buyer",
            "Visual Merchandiser",
            "Inventory Specialist",
            "E-commerce Manager",
            "Sales Associate",
        ],
        Industry::Manufacturing => &[
            "Production Supervisor",
            "Mechanical Engineer",
            "Quality Inspector",
            "Machine Operator",
            "Plant Manager",
            "Process Engineer",
            "Maintenance Technician",
            "Supply Chain Planner",
        ],
        Industry::RealEstate => &[
            "Real Estate Agent",
            "Property Manager",
            "Appraiser",
            "Leasing Consultant",
            "Real Estate Developer",
            "Facilities Manager",
        ],
        Industry::Consulting => &[
            "Management Consultant",
            "Senior Consultant",
            "Engagement Manager",
            "Strategy Analyst",
            "Partner",
            "Research Associate",
        ],
        Industry::Construction => &[
            "Site Manager",
            "Civil Engineer",
            "Quantity Surveyor",
            "Electrician",
            "Carpenter",
            "Construction Foreman",
        ],
        Industry::Transportation => &[
            "Logistics Coordinator",
            "Truck Driver",
            "Fleet Manager",
            "Dispatcher",
            "Warehouse Supervisor",
            "Airline Pilot",
        ],
        Industry::Energy => &[
            "Petroleum Engineer",
            "Energy Trader",
            "Electrical Engineer",
            "Geologist",
            "Plant Operator",
            "Renewable Energy Analyst",
        ],
        Industry::Telecommunications => &[
            "Network Engineer",
            "Telecom Technician",
            "RF Engineer",
            "Customer Care Agent",
            "Network Operations Manager",
            "Field Service Engineer",
        ],
        Industry::Hospitality => &[
            "Hotel Manager",
            "Chef",
            "Front Desk Agent",
            "Restaurant Manager",
            "Concierge",
            "Housekeeping Supervisor",
        ],
        Industry::Education => &[
            "Teacher",
            "Lecturer",
            "Professor",
            "School Principal",
            "Academic Advisor",
            "Librarian",
        ],
        Industry::Legal => &[
            "Lawyer",
            "Paralegal",
            "Legal Counsel",
            "Legal Secretary",
            "Notary",
            "Compliance Counsel",
        ],
        Industry::Entertainment => &[
            "Producer",
            "Film Editor",
            "Sound Engineer",
            "Talent Agent",
            "Event Coordinator",
            "Graphic Designer",
        ],
        Industry::Agriculture => &[
            "Farm Manager",
            "Agronomist",
            "Agricultural Technician",
            "Veterinarian",
            "Farm Worker",
            "Food Safety Inspector",
        ],
    }
}

/// Sub-industries (5 each) for the five industries that have them; empty for the others.
pub fn sub_industries(industry: Industry) -> &'static [&'static str] {
    match industry {
        Industry::Technology => &[
            "Software",
            "Hardware",
            "Cloud Services",
            "Cybersecurity",
            "Artificial Intelligence",
        ],
        Industry::FinancialServices => &[
            "Banking",
            "Insurance",
            "Asset Management",
            "Payments",
            "Fintech",
        ],
        Industry::Healthcare => &[
            "Pharmaceuticals",
            "Medical Devices",
            "Hospitals",
            "Biotechnology",
            "Health Insurance",
        ],
        Industry::Retail => &[
            "E-commerce",
            "Grocery",
            "Apparel",
            "Consumer Electronics",
            "Home Goods",
        ],
        Industry::Manufacturing => &[
            "Automotive",
            "Electronics Manufacturing",
            "Chemicals",
            "Industrial Machinery",
            "Textiles",
        ],
        _ => &[],
    }
}

/// Business description template of an industry; `{name}` is the company's name, `{country}` its
/// registration country's English name.
pub fn business_description_template(industry: Industry) -> &'static str {
    match industry {
        Industry::Technology => {
            "{name} develops software and technology solutions for businesses in {country} and abroad."
        }
        Industry::FinancialServices => {
            "{name} provides financial services including lending, payments and investment management in {country}."
        }
        Industry::Healthcare => {
            "{name} delivers healthcare products and services to patients and providers in {country}."
        }
        Industry::Retail => {
            "{name} operates retail stores and online sales channels across {country}."
        }
        Industry::Manufacturing => {
            "{name} manufactures industrial and consumer products at facilities in {country}."
        }
        Industry::RealEstate => {
            "{name} develops, leases and manages residential and commercial property in {country}."
        }
        Industry::Consulting => {
            "{name} advises companies in {country} on strategy, operations and organisation."
        }
        Industry::Construction => {
            "{name} builds residential, commercial and infrastructure projects in {country}."
        }
        Industry::Transportation => {
            "{name} provides freight, logistics and passenger transport services in {country}."
        }
        Industry::Energy => {
            "{name} produces and distributes energy, from oil and gas to renewables, in {country}."
        }
        Industry::Telecommunications => {
            "{name} operates mobile, broadband and network services in {country}."
        }
        Industry::Hospitality => "{name} runs hotels, restaurants and leisure venues in {country}.",
        Industry::Education => {
            "{name} offers education, training and learning services in {country}."
        }
        Industry::Legal => {
            "{name} provides legal advice and representation to clients in {country}."
        }
        Industry::Entertainment => {
            "{name} produces and distributes film, music and live entertainment in {country}."
        }
        Industry::Agriculture => {
            "{name} grows, processes and trades agricultural products in {country}."
        }
    }
}

/// Company types (§7.2) in the order of [`LegalForms::suffix`]'s table.
pub const COMPANY_TYPES: [&str; 7] = [
    "corporation",
    "llc",
    "partnership",
    "sole_proprietorship",
    "non_profit",
    "government",
    "trust",
];

/// Legal-form suffixes of one legal system, one per company type (an empty string means the type
/// carries no suffix there, e.g. most sole proprietorships).
#[derive(Debug)]
pub struct LegalForms {
    pub countries: &'static [&'static str],
    /// Indexed like [`COMPANY_TYPES`].
    pub suffixes: [&'static str; 7],
}

impl LegalForms {
    /// The suffix for a company type label; `None` for an unknown label.
    pub fn suffix(&self, company_type: &str) -> Option<&'static str> {
        COMPANY_TYPES
            .iter()
            .position(|&t| t == company_type)
            .map(|i| self.suffixes[i])
    }
}

/// Legal forms by country; a country not listed uses [`GENERIC_LEGAL_FORMS`].
pub static LEGAL_FORMS: &[LegalForms] = &[
    LegalForms {
        countries: &["US"],
        suffixes: ["Inc.", "LLC", "LP", "", "Foundation", "Authority", "Trust"],
    },
    LegalForms {
        countries: &["CA"],
        suffixes: [
            "Inc.",
            "Ltd.",
            "LP",
            "",
            "Foundation",
            "Corporation",
            "Trust",
        ],
    },
    LegalForms {
        countries: &[
            "GB", "IE", "MT", "CY", "KY", "BM", "VG", "BS", "BB", "MU", "SC", "NZ", "NG", "KE",
            "IL",
        ],
        suffixes: ["PLC", "Ltd", "LLP", "", "Foundation", "Authority", "Trust"],
    },
    LegalForms {
        countries: &["AU"],
        suffixes: [
            "Ltd",
            "Pty Ltd",
            "Partnership",
            "",
            "Foundation",
            "Authority",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["IN"],
        suffixes: [
            "Ltd",
            "Pvt Ltd",
            "LLP",
            "",
            "Foundation",
            "Authority",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["ZA"],
        suffixes: [
            "Ltd",
            "(Pty) Ltd",
            "Partnership",
            "",
            "NPC",
            "SOC Ltd",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["SG"],
        suffixes: ["Ltd", "Pte Ltd", "LLP", "", "Foundation", "Board", "Trust"],
    },
    LegalForms {
        countries: &["MY"],
        suffixes: [
            "Berhad",
            "Sdn Bhd",
            "PLT",
            "Enterprise",
            "Foundation",
            "Board",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["HK"],
        suffixes: ["有限公司", "有限公司", "合夥", "", "基金會", "", "信託"],
    },
    LegalForms {
        countries: &["DE", "AT"],
        suffixes: ["AG", "GmbH", "KG", "e.K.", "e.V.", "AöR", "Stiftung"],
    },
    LegalForms {
        countries: &["CH"],
        suffixes: ["AG", "GmbH", "KG", "", "Verein", "", "Stiftung"],
    },
    LegalForms {
        countries: &["LI"],
        suffixes: ["AG", "GmbH", "KG", "", "Verein", "", "Anstalt"],
    },
    LegalForms {
        countries: &["FR", "MC"],
        suffixes: ["SA", "SARL", "SNC", "EI", "Association", "EPIC", "Fiducie"],
    },
    LegalForms {
        countries: &["LU"],
        suffixes: ["S.A.", "S.à r.l.", "SCS", "", "ASBL", "", "Fiducie"],
    },
    LegalForms {
        countries: &["NL", "BE"],
        suffixes: ["N.V.", "B.V.", "V.O.F.", "", "Stichting", "", "Trust"],
    },
    LegalForms {
        countries: &["IT"],
        suffixes: [
            "S.p.A.",
            "S.r.l.",
            "S.n.c.",
            "",
            "Fondazione",
            "Ente Pubblico",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["ES", "AD"],
        suffixes: [
            "S.A.",
            "S.L.",
            "S.C.",
            "",
            "Fundación",
            "Entidad Pública",
            "Fideicomiso",
        ],
    },
    LegalForms {
        countries: &["MX"],
        suffixes: [
            "S.A. de C.V.",
            "S. de R.L. de C.V.",
            "S. en C.",
            "",
            "A.C.",
            "",
            "Fideicomiso",
        ],
    },
    LegalForms {
        countries: &["AR", "CL", "CO", "PE", "VE", "PA"],
        suffixes: [
            "S.A.",
            "S.R.L.",
            "S. en C.",
            "",
            "Fundación",
            "",
            "Fideicomiso",
        ],
    },
    LegalForms {
        countries: &["BR"],
        suffixes: ["S.A.", "Ltda.", "S/S", "ME", "Fundação", "", "Fideicomisso"],
    },
    LegalForms {
        countries: &["PT"],
        suffixes: ["S.A.", "Lda.", "S.N.C.", "", "Fundação", "E.P.E.", "Fundo"],
    },
    LegalForms {
        countries: &["JP"],
        suffixes: [
            "株式会社",
            "合同会社",
            "合名会社",
            "",
            "財団法人",
            "",
            "信託",
        ],
    },
    LegalForms {
        countries: &["CN"],
        suffixes: [
            "股份有限公司",
            "有限公司",
            "合伙企业",
            "",
            "基金会",
            "",
            "信托",
        ],
    },
    LegalForms {
        countries: &["KR"],
        suffixes: [
            "Co., Ltd.",
            "LLC",
            "LP",
            "",
            "Foundation",
            "Corporation",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["RU"],
        suffixes: ["PJSC", "LLC", "LP", "", "Foundation", "", "Trust"],
    },
    LegalForms {
        countries: &["SE"],
        suffixes: ["AB (publ)", "AB", "HB", "", "Stiftelse", "", "Stiftelse"],
    },
    LegalForms {
        countries: &["NO"],
        suffixes: ["ASA", "AS", "ANS", "ENK", "Stiftelse", "", "Stiftelse"],
    },
    LegalForms {
        countries: &["DK"],
        suffixes: ["A/S", "ApS", "I/S", "", "Fond", "", "Fond"],
    },
    LegalForms {
        countries: &["FI"],
        suffixes: ["Oyj", "Oy", "Ky", "Tmi", "ry", "", "Säätiö"],
    },
    LegalForms {
        countries: &["PL"],
        suffixes: [
            "S.A.",
            "Sp. z o.o.",
            "Sp.j.",
            "",
            "Fundacja",
            "",
            "Fundacja",
        ],
    },
    LegalForms {
        countries: &["CZ"],
        suffixes: ["a.s.", "s.r.o.", "v.o.s.", "", "z.s.", "", "Nadace"],
    },
    LegalForms {
        countries: &["RO"],
        suffixes: ["S.A.", "S.R.L.", "S.N.C.", "PFA", "Fundația", "", "Fiducia"],
    },
    LegalForms {
        countries: &["HU"],
        suffixes: [
            "Nyrt.",
            "Kft.",
            "Bt.",
            "e.v.",
            "Alapítvány",
            "",
            "Alapítvány",
        ],
    },
    LegalForms {
        countries: &["GR"],
        suffixes: ["A.E.", "E.P.E.", "O.E.", "", "Idryma", "", "Trust"],
    },
    LegalForms {
        countries: &["TR"],
        suffixes: ["A.Ş.", "Ltd. Şti.", "Koll. Şti.", "", "Vakfı", "", "Vakfı"],
    },
    LegalForms {
        countries: &[
            "SA", "AE", "QA", "KW", "OM", "BH", "EG", "SY", "YE", "LY", "SD",
        ],
        suffixes: [
            "ش.م.ع",
            "ذ.م.م",
            "شركة تضامن",
            "",
            "مؤسسة خيرية",
            "هيئة",
            "وقف",
        ],
    },
    LegalForms {
        countries: &["IR", "AF"],
        suffixes: [
            "سهامی عام",
            "با مسئولیت محدود",
            "تضامنی",
            "",
            "بنیاد",
            "سازمان",
            "وقف",
        ],
    },
    LegalForms {
        countries: &["ID"],
        suffixes: ["Tbk", "PT", "CV", "UD", "Yayasan", "Perum", "Trust"],
    },
    LegalForms {
        countries: &["TH"],
        suffixes: [
            "PCL",
            "Co., Ltd.",
            "Ltd. Part.",
            "",
            "Foundation",
            "",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["VN"],
        suffixes: [
            "JSC",
            "Co., Ltd.",
            "Partnership",
            "",
            "Foundation",
            "",
            "Trust",
        ],
    },
    LegalForms {
        countries: &["PH"],
        suffixes: [
            "Corp.",
            "Inc.",
            "Partnership",
            "",
            "Foundation",
            "Authority",
            "Trust",
        ],
    },
];

/// Legal forms of countries without their own entry (KP, MM, SO, ...).
pub static GENERIC_LEGAL_FORMS: LegalForms = LegalForms {
    countries: &[],
    suffixes: [
        "Corporation",
        "Co., Ltd.",
        "Partnership",
        "",
        "Foundation",
        "Authority",
        "Trust",
    ],
};

/// The legal forms of a country.
pub fn legal_forms(country_code: &str) -> &'static LegalForms {
    LEGAL_FORMS
        .iter()
        .find(|f| f.countries.contains(&country_code))
        .unwrap_or(&GENERIC_LEGAL_FORMS)
}

/// Business words combined with a family name ("Dupont Conseil", "Yılmaz İnşaat") for locales whose
/// `fake` data has no company-name templates; `None` where `fake` provides company names.
pub fn company_words(locale: Locale) -> Option<&'static [&'static str]> {
    let words: &'static [&'static str] = match locale {
        Locale::FrFr => &[
            "Conseil",
            "Industries",
            "Services",
            "Distribution",
            "Immobilier",
            "Technologies",
            "Transports",
            "Finance",
            "Construction",
            "Logistique",
        ],
        Locale::DeDe => &[
            "Bau",
            "Technik",
            "Handel",
            "Logistik",
            "Immobilien",
            "Beratung",
            "Maschinenbau",
            "Elektro",
            "Versicherungen",
            "Holding",
        ],
        Locale::NlNl => &[
            "Bouw",
            "Techniek",
            "Handel",
            "Logistiek",
            "Vastgoed",
            "Advies",
            "Installatie",
            "Holding",
            "Transport",
            "Groep",
        ],
        Locale::PtBr => &[
            "Comércio",
            "Construtora",
            "Engenharia",
            "Transportes",
            "Serviços",
            "Tecnologia",
            "Alimentos",
            "Distribuidora",
            "Imobiliária",
            "Participações",
        ],
        Locale::ZhTw => &[
            "貿易", "實業", "科技", "建築", "物流", "置業", "金融", "投資", "電子", "航運",
        ],
        Locale::ArSa => &[
            "للتجارة",
            "للمقاولات",
            "للاستثمار",
            "للتقنية",
            "للخدمات",
            "العقارية",
            "للنقل",
            "الصناعية",
            "القابضة",
            "للتطوير",
        ],
        Locale::TrTr => &[
            "İnşaat",
            "Ticaret",
            "Tekstil",
            "Gıda",
            "Lojistik",
            "Teknoloji",
            "Yatırım",
            "Enerji",
            "Otomotiv",
            "Holding",
        ],
        Locale::En | Locale::ItIt | Locale::PtPt | Locale::JaJp | Locale::ZhCn | Locale::FaIr => {
            return None;
        }
    };
    Some(words)
}

/// Education levels with the original weights (per cent).
pub const EDUCATION_LEVELS: [(&str, u32); 6] = [
    ("high_school", 25),
    ("associate", 15),
    ("bachelor", 35),
    ("master", 15),
    ("doctorate", 5),
    ("professional", 5),
];

pub use crate::model::common::LANGUAGES;

/// Additional languages a person may speak besides the primary one, in draw order.
pub const SECONDARY_LANGUAGES: [&str; 5] = ["en", "es", "fr", "de", "zh"];

/// Social-media platforms in record key order with their profile URL pattern (`{handle}`: an ASCII
/// handle, e.g. from [`super::names::ascii_fold`]).
pub const SOCIAL_MEDIA: [(&str, &str); 4] = [
    ("twitter", "https://twitter.com/{handle}"),
    ("linkedin", "https://www.linkedin.com/in/{handle}"),
    ("facebook", "https://www.facebook.com/{handle}"),
    ("instagram", "https://www.instagram.com/{handle}"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Label;
    use crate::refdata::COUNTRIES;

    fn unique(list: &[&str]) -> bool {
        let mut sorted = list.to_vec();
        sorted.sort_unstable();
        sorted.windows(2).all(|w| w[0] != w[1])
    }

    fn snake_case(label: &str) -> bool {
        !label.is_empty()
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    }

    #[test]
    fn label_vocabularies_are_unique_snake_case() {
        let lists: [&[&str]; 7] = [
            &PEP_CATEGORIES,
            &SANCTIONS_LISTS,
            &MONITORING_REASONS,
            &CRIME_INDICATORS,
            &HIGH_RISK_INDUSTRIES,
            &CASH_INTENSIVE_INDUSTRIES,
            &COMPANY_TYPES,
        ];
        for list in lists {
            assert!(unique(list), "{list:?}");
            assert!(list.iter().all(|l| snake_case(l)), "{list:?}");
        }
        assert_eq!(PEP_CATEGORIES[0], "head_of_state");
        assert_eq!(PEP_CATEGORIES[14], "close_associate_pep");
        for positions in PEP_POSITIONS {
            assert!(!positions.is_empty() && unique(positions));
        }
    }

    #[test]
    fn round_amounts_ascend() {
        assert!(ROUND_AMOUNTS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn exchanges_trade_in_their_country_currency() {
        let currency = |label: &str| {
            STOCK_EXCHANGES
                .iter()
                .find(|e| e.label == label)
                .map(|e| e.currency)
        };
        assert_eq!(currency("six"), Some("CHF"));
        assert_eq!(currency("bme"), Some("EUR"));
        assert_eq!(currency("b3"), Some("BRL"));
        assert_eq!(currency("lse"), Some("GBP"));
        let labels: Vec<&str> = STOCK_EXCHANGES.iter().map(|e| e.label).collect();
        assert!(unique(&labels));
        for e in &STOCK_EXCHANGES {
            let country = COUNTRIES.iter().find(|c| c.code == e.country);
            assert_eq!(country.map(|c| c.currency), Some(e.currency), "{}", e.name);
            assert_eq!(
                country.map(|c| c.utc_offset_minutes),
                Some(e.utc_offset_minutes),
                "{}",
                e.name
            );
            assert!(
                e.open_minutes < e.close_minutes && e.close_minutes <= 24 * 60,
                "{}",
                e.name
            );
            assert!(snake_case(e.label) && e.mic.len() == 4);
        }
    }

    #[test]
    fn industry_tables_cover_every_industry() {
        const WITH_SUBS: [Industry; 5] = [
            Industry::Technology,
            Industry::FinancialServices,
            Industry::Healthcare,
            Industry::Retail,
            Industry::Manufacturing,
        ];
        let mut all_titles: Vec<&str> = GENERAL_JOB_TITLES.to_vec();
        for &industry in Industry::ALL {
            let titles = job_titles(industry);
            assert!(titles.len() >= 6, "{}", industry.label());
            all_titles.extend_from_slice(titles);
            let subs = sub_industries(industry);
            assert_eq!(
                subs.len(),
                if WITH_SUBS.contains(&industry) { 5 } else { 0 }
            );
            let template = business_description_template(industry);
            assert!(template.contains("{name}") && template.contains("{country}"));
        }
        assert!(unique(&all_titles));
    }

    #[test]
    fn legal_forms_cover_the_table() {
        let mut listed: Vec<&str> = LEGAL_FORMS
            .iter()
            .flat_map(|f| f.countries.iter().copied())
            .collect();
        let total = listed.len();
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed.len(), total, "a country is in two legal-form groups");
        for code in &listed {
            assert!(COUNTRIES.iter().any(|c| c.code == *code), "{code}");
        }
        assert_eq!(legal_forms("DE").suffix("llc"), Some("GmbH"));
        assert_eq!(legal_forms("US").suffix("corporation"), Some("Inc."));
        assert_eq!(legal_forms("KP").suffix("corporation"), Some("Corporation"));
        assert_eq!(legal_forms("FR").suffix("unknown"), None);
        for c in COUNTRIES {
            let forms = legal_forms(c.code);
            assert!(
                !forms.suffixes[0].is_empty() && !forms.suffixes[1].is_empty(),
                "{}",
                c.code
            );
        }
    }

    #[test]
    fn company_words_exist_where_fake_has_none() {
        for &locale in Locale::ALL {
            if let Some(words) = company_words(locale) {
                assert!(words.len() >= 10 && unique(words), "{locale:?}");
            }
        }
        assert!(company_words(Locale::FrFr).is_some());
        assert!(company_words(Locale::En).is_none());
    }

    #[test]
    fn languages_cover_every_primary_language() {
        assert!(unique(&LANGUAGES));
        assert!(LANGUAGES.iter().all(|l| l.len() == 2 && snake_case(l)));
        for c in COUNTRIES {
            assert!(LANGUAGES.contains(&c.primary_language), "{}", c.code);
        }
        assert!(SECONDARY_LANGUAGES.iter().all(|l| LANGUAGES.contains(l)));
        assert_eq!(EDUCATION_LEVELS.iter().map(|&(_, w)| w).sum::<u32>(), 100);
        let platforms: Vec<&str> = SOCIAL_MEDIA.iter().map(|&(p, _)| p).collect();
        assert_eq!(platforms, ["twitter", "linkedin", "facebook", "instagram"]);
        assert!(
            SOCIAL_MEDIA
                .iter()
                .all(|(_, url)| url.starts_with("https://") && url.ends_with("{handle}"))
        );
    }
}
