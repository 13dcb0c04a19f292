//! `[account_events]` (SPEC §7.9): the background kind mix, the shape of forgotten-password episodes and
//! how often an event comes from a new IP address or device. Read by `generators::account_event`;
//! account-takeover patterns go through the same builder.

use super::{Invalid, Param, Range, mix_not_all_zero, param, weight};

/// `[account_events]`
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AccountEventParams {
    pub login_share: f64,
    pub failed_login_episode_share: f64,
    pub password_change_share: f64,
    pub email_change_share: f64,
    pub phone_change_share: f64,
    pub device_change_share: f64,
    pub one_failure_share: f64,
    pub two_failures_share: f64,
    pub three_failures_share: f64,
    pub four_failures_share: f64,
    pub episode_reset_probability: f64,
    pub new_ip_probability: f64,
    pub new_device_probability: f64,
}

impl Default for AccountEventParams {
    fn default() -> Self {
        AccountEventParams {
            login_share: 0.900,
            failed_login_episode_share: 0.082,
            password_change_share: 0.004,
            email_change_share: 0.004,
            phone_change_share: 0.004,
            device_change_share: 0.006,
            one_failure_share: 0.35,
            two_failures_share: 0.30,
            three_failures_share: 0.20,
            four_failures_share: 0.15,
            episode_reset_probability: 0.8,
            new_ip_probability: 0.03,
            new_device_probability: 0.02,
        }
    }
}

const KINDS: [&str; 6] = [
    "login_share",
    "failed_login_episode_share",
    "password_change_share",
    "email_change_share",
    "phone_change_share",
    "device_change_share",
];
const FAILURES: [&str; 4] = [
    "one_failure_share",
    "two_failures_share",
    "three_failures_share",
    "four_failures_share",
];

impl AccountEventParams {
    /// Numeric keys with their ranges.
    #[rustfmt::skip]
    pub fn params(&self) -> Vec<Param> {
        let (s, mix, pct) = (Range::SHARE, Range::PER_MILLE_SHARE, Range::PERCENT_SHARE);
        vec![
            param("login_share", self.login_share, mix, "share of logins among background kinds (the six kind shares are relative; not all 0)"),
            param("failed_login_episode_share", self.failed_login_episode_share, mix, "share of forgotten-password episodes: 1-4 failed logins, usually then a password change"),
            param("password_change_share", self.password_change_share, mix, "share of password changes outside episodes"),
            param("email_change_share", self.email_change_share, mix, "share of e-mail changes"),
            param("phone_change_share", self.phone_change_share, mix, "share of phone changes"),
            param("device_change_share", self.device_change_share, mix, "share of device changes"),
            param("one_failure_share", self.one_failure_share, pct, "share of episodes with 1 failed login (the four shares are relative; not all 0)"),
            param("two_failures_share", self.two_failures_share, pct, "share of episodes with 2 failed logins"),
            param("three_failures_share", self.three_failures_share, pct, "share of episodes with 3 failed logins"),
            param("four_failures_share", self.four_failures_share, pct, "share of episodes with 4 failed logins"),
            param("episode_reset_probability", self.episode_reset_probability, s, "probability that an episode ends with a password change"),
            param("new_ip_probability", self.new_ip_probability, s, "probability that an event comes from an IP address the owner has not used"),
            param("new_device_probability", self.new_device_probability, s, "probability that an event comes from a device the owner has not used"),
        ]
    }

    fn kind_shares(&self) -> [f64; 6] {
        [
            self.login_share,
            self.failed_login_episode_share,
            self.password_change_share,
            self.email_change_share,
            self.phone_change_share,
            self.device_change_share,
        ]
    }

    fn failure_shares(&self) -> [f64; 4] {
        [
            self.one_failure_share,
            self.two_failures_share,
            self.three_failures_share,
            self.four_failures_share,
        ]
    }

    /// Background kind weights per mille, in the order of the keys.
    pub fn kind_weights(&self) -> [u64; 6] {
        self.kind_shares().map(|s| weight(s, 1_000) as u64)
    }

    /// Failed logins per episode, 1..=4, as percent weights.
    pub fn failure_weights(&self) -> [u32; 4] {
        self.failure_shares().map(|s| weight(s, 100))
    }

    /// The rules across keys: neither mix may be all 0.
    pub fn validate(&self) -> Result<(), Invalid> {
        mix_not_all_zero("account_events", &KINDS, &self.kind_shares())?;
        mix_not_all_zero("account_events", &FAILURES, &self.failure_shares())
    }
}
