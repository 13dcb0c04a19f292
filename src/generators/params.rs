//! Generator parameters (SPEC §2.4 scenario tables), with the spec defaults. The configuration module
//! resolves them; generators only read them.

/// `[persons]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PersonParams {
    pub core_country_share: f64,
    pub pep_probability: f64,
    pub sanctioned_probability: f64,
    pub second_citizenship_probability: f64,
    pub foreign_nationality_probability: f64,
    pub middle_name_probability: f64,
    pub preferred_name_probability: f64,
    pub maiden_name_probability: f64,
    pub passport_probability: f64,
    pub drivers_license_probability: f64,
    pub employment_rate: f64,
    pub income_sigma: f64,
    pub mule_candidate_share: f64,
    pub criminal_share: f64,
    /// `reserved` (example.com family) or `realistic` (a fixed free-mail list).
    pub email_domains: String,
}

impl Default for PersonParams {
    fn default() -> Self {
        PersonParams {
            core_country_share: 0.7,
            pep_probability: 0.01,
            sanctioned_probability: 0.001,
            second_citizenship_probability: 0.1,
            foreign_nationality_probability: 0.1,
            middle_name_probability: 0.7,
            preferred_name_probability: 0.1,
            maiden_name_probability: 0.4,
            passport_probability: 0.7,
            drivers_license_probability: 0.8,
            employment_rate: 0.65,
            income_sigma: 0.6,
            mule_candidate_share: 0.03,
            criminal_share: 0.005,
            email_domains: "reserved".into(),
        }
    }
}

/// `[companies]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CompanyParams {
    pub public_probability: f64,
    pub shell_probability: f64,
    pub shell_haven_share: f64,
    pub sanctioned_probability: f64,
    pub group_share: f64,
    pub trading_name_probability: f64,
    pub lei_probability: f64,
    pub founder_holding_probability: f64,
    pub cash_intensive_industries: Vec<String>,
}

impl Default for CompanyParams {
    fn default() -> Self {
        CompanyParams {
            public_probability: 0.1,
            shell_probability: 0.02,
            shell_haven_share: 0.8,
            sanctioned_probability: 0.001,
            group_share: 0.1,
            trading_name_probability: 0.3,
            lei_probability: 0.3,
            founder_holding_probability: 0.3,
            cash_intensive_industries: vec![
                "retail".into(),
                "hospitality".into(),
                "entertainment".into(),
            ],
        }
    }
}

/// `[accounts]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountParams {
    pub company_account_share: f64,
    pub joint_probability: f64,
    pub foreign_currency_probability: f64,
    pub opened_in_window_share: f64,
    pub status_active: f64,
    pub status_dormant: f64,
    pub status_frozen: f64,
    pub status_closed: f64,
    pub sanctioned_frozen_probability: f64,
}

impl Default for AccountParams {
    fn default() -> Self {
        AccountParams {
            company_account_share: 0.2,
            joint_probability: 0.15,
            foreign_currency_probability: 0.03,
            opened_in_window_share: 0.08,
            status_active: 0.85,
            status_dormant: 0.08,
            status_frozen: 0.02,
            status_closed: 0.05,
            sanctioned_frozen_probability: 0.5,
        }
    }
}

/// `[relationships]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RelationshipParams {
    pub max_friends: u32,
    pub max_acquaintances: u32,
    pub max_colleagues: u32,
    pub ubo_threshold_percent: f64,
}

impl Default for RelationshipParams {
    fn default() -> Self {
        RelationshipParams {
            max_friends: 3,
            max_acquaintances: 3,
            max_colleagues: 2,
            ubo_threshold_percent: 25.0,
        }
    }
}

/// R-1 default transaction type mix (per mille) in transaction-type order: deposit, withdrawal,
/// transfer, payment, wire, ach, check, atm, pos, online.
pub const DEFAULT_TRANSACTION_MIX: [u32; 10] = [70, 30, 150, 150, 30, 80, 20, 50, 300, 120];

/// `[transactions]`: the background type mix (per mille, SPEC R-1) and behaviour knobs.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TransactionParams {
    pub mix_deposit: u32,
    pub mix_withdrawal: u32,
    pub mix_transfer: u32,
    pub mix_payment: u32,
    pub mix_wire: u32,
    pub mix_ach: u32,
    pub mix_check: u32,
    pub mix_atm: u32,
    pub mix_pos: u32,
    pub mix_online: u32,
}

impl Default for TransactionParams {
    fn default() -> Self {
        let m = DEFAULT_TRANSACTION_MIX;
        TransactionParams {
            mix_deposit: m[0],
            mix_withdrawal: m[1],
            mix_transfer: m[2],
            mix_payment: m[3],
            mix_wire: m[4],
            mix_ach: m[5],
            mix_check: m[6],
            mix_atm: m[7],
            mix_pos: m[8],
            mix_online: m[9],
        }
    }
}

impl TransactionParams {
    /// The mix in transaction-type order.
    pub fn mix(&self) -> [u32; 10] {
        [
            self.mix_deposit,
            self.mix_withdrawal,
            self.mix_transfer,
            self.mix_payment,
            self.mix_wire,
            self.mix_ach,
            self.mix_check,
            self.mix_atm,
            self.mix_pos,
            self.mix_online,
        ]
    }
}

/// All generator parameters.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GenParams {
    pub persons: PersonParams,
    pub companies: CompanyParams,
    pub accounts: AccountParams,
    pub relationships: RelationshipParams,
    pub transactions: TransactionParams,
    pub alerts: crate::alert::AlertParams,
}

impl GenParams {
    /// Layout knobs for a population of the given size.
    pub fn layout(
        &self,
        seed: u64,
        persons: u64,
        companies: u64,
        accounts: u64,
    ) -> crate::layout::LayoutParams {
        crate::layout::LayoutParams {
            seed,
            persons,
            companies,
            accounts,
            core_country_share: self.persons.core_country_share,
            pep_share: self.persons.pep_probability,
            sanctioned_person_share: self.persons.sanctioned_probability,
            sanctioned_company_share: self.companies.sanctioned_probability,
            mule_candidate_share: self.persons.mule_candidate_share,
            criminal_share: self.persons.criminal_share,
            public_share: self.companies.public_probability,
            shell_share: self.companies.shell_probability,
            shell_haven_share: self.companies.shell_haven_share,
            group_share: self.companies.group_share,
            company_account_share: self.accounts.company_account_share,
        }
    }
}
