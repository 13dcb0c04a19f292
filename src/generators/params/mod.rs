//! Generator parameters (SPEC §2.4 scenario tables), with the spec defaults. The configuration module
//! resolves them; generators only read them. Each table lists its numeric keys with their allowed
//! [`Range`] and a one-line meaning ([`Param`]), next to the defaults, so range checks, scenario errors
//! and `bankgen config --example` share one source of truth; [`GenParams::validate`] applies them.
//! The event files' tables have a module each.

mod account_events;
pub mod alerts;
mod communications;
mod documents;
mod trades;
mod travels;

pub use account_events::AccountEventParams;
pub use communications::CommunicationParams;
pub use documents::DocumentParams;
pub use trades::TradeParams;
pub use travels::TravelParams;

/// Allowed values of a numeric parameter: `min..=max` (either end may be open), optionally integers only
/// or multiples of a step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Range {
    pub min: f64,
    pub max: f64,
    pub min_open: bool,
    pub max_open: bool,
    pub integer: bool,
    /// When > 0, values must be whole multiples of it: a share that a generator turns into an integer
    /// weight (percent, per mille) has no finer resolution, and a finer value is refused rather than
    /// silently rounded.
    pub step: f64,
}

impl Range {
    /// Probabilities and shares.
    pub const SHARE: Range = Range::closed(0.0, 1.0);
    /// Weights in 1/10,000 of a score, and scores.
    pub const SCORE: Range = Range::int(0, 10_000);
    /// Per-mille weights.
    pub const PER_MILLE: Range = Range::int(0, 1_000);
    /// Non-negative whole numbers (counts, USD amounts).
    pub const COUNT: Range = Range::int(0, i64::MAX);
    /// Shares a generator draws with percent weights.
    pub const PERCENT_SHARE: Range = Range::SHARE.step(0.01);
    /// Shares a generator apportions or draws with per-mille weights.
    pub const PER_MILLE_SHARE: Range = Range::SHARE.step(0.001);

    pub const fn closed(min: f64, max: f64) -> Range {
        Range {
            min,
            max,
            min_open: false,
            max_open: false,
            integer: false,
            step: 0.0,
        }
    }

    /// Whole numbers in `min..=max`; `i64::MAX` as `max` means unbounded.
    pub const fn int(min: i64, max: i64) -> Range {
        Range {
            min: min as f64,
            max: if max == i64::MAX {
                f64::INFINITY
            } else {
                max as f64
            },
            min_open: false,
            max_open: false,
            integer: true,
            step: 0.0,
        }
    }

    /// The same range without its upper end.
    pub const fn below(self) -> Range {
        Range {
            max_open: true,
            ..self
        }
    }

    /// The same range without its lower end.
    pub const fn above(self) -> Range {
        Range {
            min_open: true,
            ..self
        }
    }

    /// The same range in whole multiples of `step`.
    pub const fn step(self, step: f64) -> Range {
        Range { step, ..self }
    }

    /// False for NaN; integer ranges also reject fractions, stepped ranges values between steps.
    pub fn contains(&self, v: f64) -> bool {
        let lo = if self.min_open {
            v > self.min
        } else {
            v >= self.min
        };
        let hi = if self.max_open {
            v < self.max
        } else {
            v <= self.max
        };
        let on_step = self.step <= 0.0 || {
            let steps = v / self.step;
            (steps - steps.round()).abs() < 1e-6
        };
        lo && hi && (!self.integer || v.fract() == 0.0) && on_step
    }

    /// `"within [0, 1]"`, `"within [0, 0.5)"`, `">= 0"`, `"> 0"`, `"within [0, 1] in steps of 0.01"`.
    pub fn describe(&self) -> String {
        let bounds = self.bounds();
        if self.step > 0.0 {
            format!("{bounds} in steps of {}", self.step)
        } else {
            bounds
        }
    }

    fn bounds(&self) -> String {
        if self.max == f64::INFINITY {
            let op = if self.min_open { ">" } else { ">=" };
            format!("{op} {}", self.min)
        } else {
            format!(
                "within {}{}, {}{}",
                if self.min_open { '(' } else { '[' },
                self.min,
                self.max,
                if self.max_open { ')' } else { ']' }
            )
        }
    }

    /// `"must be within [0, 1]"`, `"must be an integer >= 0"`.
    pub fn requirement(&self) -> String {
        let kind = if self.integer { "an integer " } else { "" };
        format!("must be {kind}{}", self.describe())
    }
}

/// One numeric parameter: its dotted key (relative to the table that lists it), current value,
/// allowed range and meaning.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    pub key: String,
    pub value: f64,
    pub range: Range,
    pub doc: &'static str,
}

/// Shorthand for the `params()` lists.
pub(crate) fn param(key: &str, value: f64, range: Range, doc: &'static str) -> Param {
    Param {
        key: key.to_string(),
        value,
        range,
        doc,
    }
}

/// Prefixes the keys of a sub-table's params with `table.`.
pub(crate) fn nested(table: &str, params: Vec<Param>) -> impl Iterator<Item = Param> {
    let table = table.to_string();
    params.into_iter().map(move |p| Param {
        key: format!("{table}.{}", p.key),
        ..p
    })
}

/// A share in [0, 1] as the integer weight a generator draws with: `per` parts of the whole (100 for
/// percent, 1,000 for per mille). Exact for shares on the key's step, which the range check enforces.
pub fn weight(share: f64, per: u32) -> u32 {
    (share * per as f64).round() as u32
}

/// Refuses a mix whose shares are all 0 (a weighted draw needs some weight): `keys` of `table`, in the
/// order of `shares`.
pub(crate) fn mix_not_all_zero(table: &str, keys: &[&str], shares: &[f64]) -> Result<(), Invalid> {
    if shares.iter().all(|&s| s == 0.0) {
        return Err(Invalid::new(
            format!("{table}.{}", keys[0]),
            format!("{table}.{}: must not all be 0", keys.join(", ")),
        ));
    }
    Ok(())
}

/// A parameter that fails its check: the dotted key and a message that names key, value and rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub key: String,
    pub message: String,
}

impl Invalid {
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Invalid {
        Invalid {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// The non-numeric generator keys, with their meaning (their values are checked in
/// [`GenParams::validate`]).
pub const TEXT_PARAMS: [(&str, &str); 2] = [
    (
        "persons.email_domains",
        "e-mail domains: \"reserved\" (example.com family) or \"realistic\" (a fixed free-mail list)",
    ),
    (
        "companies.cash_intensive_industries",
        "industries that count as cash-intensive (raise KYC risk); industry labels of SPEC §7.2",
    ),
];

/// Allowed values of `persons.email_domains`.
pub const EMAIL_DOMAINS: [&str; 2] = ["reserved", "realistic"];

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

impl PersonParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let s = Range::SHARE;
        vec![
            param("core_country_share", self.core_country_share, s, "share of persons living in the core countries"),
            param("pep_probability", self.pep_probability, s, "probability that a person is a politically exposed person (PEP)"),
            param("sanctioned_probability", self.sanctioned_probability, s, "probability that a person is on a sanctions list"),
            param("second_citizenship_probability", self.second_citizenship_probability, s, "probability of a second citizenship"),
            param("foreign_nationality_probability", self.foreign_nationality_probability, s, "probability that the nationality differs from the country of residence"),
            param("middle_name_probability", self.middle_name_probability, s, "probability of a middle name"),
            param("preferred_name_probability", self.preferred_name_probability, s, "probability of a preferred name"),
            param("maiden_name_probability", self.maiden_name_probability, s, "probability of a maiden name"),
            param("passport_probability", self.passport_probability, s, "probability of holding a passport"),
            param("drivers_license_probability", self.drivers_license_probability, s, "probability of holding a driver's licence"),
            param("employment_rate", self.employment_rate, s, "share of persons currently employed"),
            param("income_sigma", self.income_sigma, Range::closed(0.0, 3.0), "log-normal sigma of income around the country median"),
            param("mule_candidate_share", self.mule_candidate_share, s, "share of persons patterns may recruit as money mules"),
            param("criminal_share", self.criminal_share, s, "share of persons patterns may use as criminal originators"),
        ]
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
    pub corporate_investor_probability: f64,
    pub holding_company_probability: f64,
    pub nominee_holding_probability: f64,
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
            corporate_investor_probability: 0.25,
            holding_company_probability: 0.5,
            nominee_holding_probability: 0.05,
            cash_intensive_industries: vec![
                "retail".into(),
                "hospitality".into(),
                "entertainment".into(),
            ],
        }
    }
}

impl CompanyParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let s = Range::SHARE;
        vec![
            param("public_probability", self.public_probability, s, "probability that a company is publicly listed"),
            param("shell_probability", self.shell_probability, s, "probability that a company is a shell company"),
            param("shell_haven_share", self.shell_haven_share, s, "share of shell companies registered in a tax haven"),
            param("sanctioned_probability", self.sanctioned_probability, s, "probability that a company is on a sanctions list"),
            param("group_share", self.group_share, s, "share of companies that belong to a corporate group"),
            param("trading_name_probability", self.trading_name_probability, s, "probability of a trading name"),
            param("lei_probability", self.lei_probability, s, "probability of a legal entity identifier (LEI)"),
            param("founder_holding_probability", self.founder_holding_probability, s, "probability that a founder holds shares directly"),
            param("corporate_investor_probability", self.corporate_investor_probability, s, "probability that a private company outside a group has another company as a minority shareholder"),
            param("holding_company_probability", self.holding_company_probability, s, "probability that the owners of a private company outside a group hold it through a holding company"),
            param("nominee_holding_probability", self.nominee_holding_probability, s, "probability that one owner of a private company outside a group is a nominee holding for someone else"),
        ]
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

impl AccountParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let s = Range::SHARE;
        vec![
            param("company_account_share", self.company_account_share, s, "share of accounts owned by companies"),
            param("joint_probability", self.joint_probability, s, "probability that a personal account has joint owners"),
            param("foreign_currency_probability", self.foreign_currency_probability, s, "probability that an account is held in a foreign currency"),
            param("opened_in_window_share", self.opened_in_window_share, s, "share of accounts opened inside the window"),
            param("status_active", self.status_active, s, "status share of active accounts (the four status shares are relative; not all 0)"),
            param("status_dormant", self.status_dormant, s, "status share of dormant accounts"),
            param("status_frozen", self.status_frozen, s, "status share of frozen accounts"),
            param("status_closed", self.status_closed, s, "status share of closed accounts"),
            param("sanctioned_frozen_probability", self.sanctioned_frozen_probability, s, "probability that an account of a sanctioned owner is frozen"),
        ]
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

impl RelationshipParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let m = Range::int(0, 100);
        vec![
            param("max_friends", self.max_friends as f64, m, "most friends a person draws"),
            param("max_acquaintances", self.max_acquaintances as f64, m, "most acquaintances a person draws"),
            param("max_colleagues", self.max_colleagues as f64, m, "most colleagues linked to a person"),
            param("ubo_threshold_percent", self.ubo_threshold_percent, Range::closed(0.0, 100.0), "ownership percentage from which an owner is an ultimate beneficial owner"),
        ]
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
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let m = Range::PER_MILLE;
        vec![
            param("mix_deposit", self.mix_deposit as f64, m, "background share of deposits, per mille (the mix is relative; not all 0)"),
            param("mix_withdrawal", self.mix_withdrawal as f64, m, "background share of withdrawals, per mille"),
            param("mix_transfer", self.mix_transfer as f64, m, "background share of transfers, per mille"),
            param("mix_payment", self.mix_payment as f64, m, "background share of payments, per mille"),
            param("mix_wire", self.mix_wire as f64, m, "background share of wires, per mille"),
            param("mix_ach", self.mix_ach as f64, m, "background share of ACH transfers, per mille"),
            param("mix_check", self.mix_check as f64, m, "background share of checks, per mille"),
            param("mix_atm", self.mix_atm as f64, m, "background share of ATM withdrawals, per mille"),
            param("mix_pos", self.mix_pos as f64, m, "background share of card (POS) payments, per mille"),
            param("mix_online", self.mix_online as f64, m, "background share of online payments, per mille"),
        ]
    }

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

/// All generator parameters, in scenario-file and manifest order.
///
/// The event tables entered the scenario after data format 2 was pinned; the manifest records one only
/// when it differs from its defaults (an absent table reads back as the defaults), so a default run's
/// manifest keeps its bytes while every value that changes output is still recorded (D-2).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GenParams {
    pub persons: PersonParams,
    pub companies: CompanyParams,
    pub accounts: AccountParams,
    pub relationships: RelationshipParams,
    pub transactions: TransactionParams,
    #[serde(skip_serializing_if = "is_default")]
    pub communications: CommunicationParams,
    #[serde(skip_serializing_if = "is_default")]
    pub trades: TradeParams,
    #[serde(skip_serializing_if = "is_default")]
    pub travels: TravelParams,
    #[serde(skip_serializing_if = "is_default")]
    pub documents: DocumentParams,
    #[serde(skip_serializing_if = "is_default")]
    pub account_events: AccountEventParams,
    pub alerts: alerts::AlertParams,
}

fn is_default<T: Default + PartialEq>(table: &T) -> bool {
    *table == T::default()
}

impl GenParams {
    /// Every numeric key with its dotted path (`persons.pep_probability`), value, range and meaning.
    pub fn params(&self) -> Vec<Param> {
        let mut all = Vec::new();
        all.extend(nested("persons", self.persons.params()));
        all.extend(nested("companies", self.companies.params()));
        all.extend(nested("accounts", self.accounts.params()));
        all.extend(nested("relationships", self.relationships.params()));
        all.extend(nested("transactions", self.transactions.params()));
        all.extend(nested("communications", self.communications.params()));
        all.extend(nested("trades", self.trades.params()));
        all.extend(nested("travels", self.travels.params()));
        all.extend(nested("documents", self.documents.params()));
        all.extend(nested("account_events", self.account_events.params()));
        all.extend(nested("alerts", self.alerts.params()));
        all
    }

    /// Checks every key: numeric ranges, the allowed text values, and the few rules across keys.
    pub fn validate(&self) -> Result<(), Invalid> {
        for p in self.params() {
            if !p.range.contains(p.value) {
                return Err(Invalid::new(
                    &p.key,
                    format!("{} = {}: {}", p.key, p.value, p.range.requirement()),
                ));
            }
        }
        let persons = &self.persons;
        if !EMAIL_DOMAINS.contains(&persons.email_domains.as_str()) {
            return Err(Invalid::new(
                "persons.email_domains",
                format!(
                    "persons.email_domains = {:?}: must be one of \"reserved\", \"realistic\"",
                    persons.email_domains
                ),
            ));
        }
        for label in &self.companies.cash_intensive_industries {
            if crate::model::common::Industry::from_label(label).is_none() {
                let known: Vec<&str> = crate::model::common::Industry::ALL
                    .iter()
                    .map(|i| crate::model::record::Label::label(*i))
                    .collect();
                return Err(Invalid::new(
                    "companies.cash_intensive_industries",
                    format!(
                        "companies.cash_intensive_industries: unknown industry {label:?} (known: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        let a = &self.accounts;
        let per_10k = |share: f64| (share * 10_000.0).round() as u64;
        if [
            a.status_active,
            a.status_dormant,
            a.status_frozen,
            a.status_closed,
        ]
        .into_iter()
        .map(per_10k)
        .sum::<u64>()
            == 0
        {
            return Err(Invalid::new(
                "accounts.status_active",
                "accounts.status_active, status_dormant, status_frozen, status_closed: must not all be 0",
            ));
        }
        if self.transactions.mix().iter().all(|&m| m == 0) {
            return Err(Invalid::new(
                "transactions.mix_deposit",
                "transactions.mix_*: the transaction mix must not be all 0",
            ));
        }
        self.communications.validate()?;
        self.trades.validate()?;
        self.travels.validate()?;
        self.documents.validate()?;
        self.account_events.validate()?;
        self.alerts.validate()
    }

    /// Layout knobs for a population of the given size.
    pub fn layout(
        &self,
        seed: u64,
        persons: u64,
        companies: u64,
        accounts: u64,
    ) -> crate::population::layout::LayoutParams {
        crate::population::layout::LayoutParams {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stepped_ranges_take_whole_steps_only() {
        let r = Range::PER_MILLE_SHARE;
        for ok in [0.0, 0.001, 0.33, 0.2, 0.999, 1.0] {
            assert!(r.contains(ok), "{ok}");
        }
        for bad in [0.2005, 1.001, -0.001, f64::NAN] {
            assert!(!r.contains(bad), "{bad}");
        }
        assert_eq!(r.describe(), "within [0, 1] in steps of 0.001");
        // Every default share converts to the integer weight the generators drew with before.
        assert_eq!(
            CommunicationParams::default().type_mix(),
            [330, 200, 150, 150, 50, 100, 20]
        );
        assert_eq!(
            TradeParams::default().asset_weights(),
            [600, 200, 100, 50, 50]
        );
        assert_eq!(DocumentParams::default().goods_per_10k(), 1_546);
        assert_eq!(
            DocumentParams::default().other_weights(),
            [2_454, 2_000, 1_000]
        );
        assert_eq!(TravelParams::default().arrival_thresholds(), (40, 85));
        assert_eq!(
            AccountEventParams::default().kind_weights(),
            [900, 82, 4, 4, 4, 6]
        );
    }
}
