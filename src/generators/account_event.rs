//! Background account events (SPEC §7.9): logins, forgotten-password episodes and credential or contact
//! changes, on a waking-hours curve in the owner's local time mixed by country.
//!
//! Kinds and exact totals per slice (`[account_events]`, default weights per mille): login 900;
//! forgotten-password episodes 82; password_change 4, email_change 4, phone_change 4, device_change 6. An
//! episode is 1–4 failed_logins (weights .35/.30/.20/.15) followed, in 80% of episodes, by a
//! password_change, from one account, device, IP and channel, seconds to minutes apart. With a mean
//! episode of 2.95 records that is ≈ 6% failed logins and ≈ 2.2% follow-up password changes, so the four
//! change types together stay ≈ 4%.
//!
//! Episodes stay pure functions of indices: the episode kind's records of slice `s` are cut into
//! consecutive episodes in position order; an episode starting at position `j` takes its shared draws
//! (size, time, account, device, IP, channel) from the episode stream at index `(s << 16) | j`, and each
//! member's own draws from the file stream at its ordinal, like every other record. Member times are
//! placed inside the slice (shifted back, and compressed when the slice is shorter than the episode), and
//! member tie keys share the episode's high bits, so members keep their order even on equal timestamps.
//! The last episode of a slice may be cut short by the slice's count.

use super::Ctx;
use super::account;
use super::devices;
use super::pools::{CountryMix, CountryPool};
use super::trade::eligible_account_during;
use crate::core::sample::apportion;
use crate::core::seed::{Rng, StreamKey};
use crate::core::time::Timestamp;
use crate::model::account_event::{AccountEvent, AccountEventType, EventChannel};
use crate::population::layout::Owner;
use crate::refdata::{COUNTRIES, CountryId};
use crate::schedule::events::{FilePlan, KindPlan};
use crate::schedule::slices::{Curve, LocalProfile, Slices};

/// Background kinds, in plan order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Single(AccountEventType),
    /// Forgotten-password episodes: failed logins, then usually a password change.
    Episode,
}

/// Background kinds in the order of the `[account_events]` kind mix.
const KINDS: [Kind; 6] = [
    Kind::Single(AccountEventType::Login),
    Kind::Episode,
    Kind::Single(AccountEventType::PasswordChange),
    Kind::Single(AccountEventType::EmailChange),
    Kind::Single(AccountEventType::PhoneChange),
    Kind::Single(AccountEventType::DeviceChange),
];

/// Waking hours in local time: little at night, evening peak; weekends a little quieter.
fn profile() -> LocalProfile {
    LocalProfile::daily(
        [
            2, 1, 1, 1, 1, 2, 5, 9, 11, 11, 10, 10, 11, 10, 10, 10, 10, 11, 12, 13, 12, 10, 6, 3,
        ],
        [10, 10, 10, 10, 10, 8, 8],
    )
}

/// The weight of the hour containing `ts` on the waking curve of account events in `country`, so a
/// pattern can time its sessions like background ones.
pub fn waking_weight(country: CountryId, ts: Timestamp) -> u32 {
    let (weekday, hour) = super::pools::local_hour(country, ts);
    profile().at(weekday, hour)
}

/// Per-run tables: the curve, country shares and keyed owner orders.
pub struct Tables {
    /// Waking hours mixed over the countries by their account owners (persons plus companies).
    curve: Curve,
    /// Countries by time (owner share × the local profile).
    mix: CountryMix,
    owners: Vec<OwnerPool>,
    /// `[account_events]` kind weights, per mille, in [`KINDS`] order.
    kind_weights: [u64; 6],
    key: StreamKey,
    episode_key: StreamKey,
}

/// The owners (persons, then companies) of one country in a keyed order, with Zipf constants, so
/// frequent users are random owners.
struct OwnerPool {
    persons: (u64, u64),
    companies: (u64, u64),
    /// Positions `0..n` (persons first, then companies) in a keyed order.
    pool: CountryPool,
}

impl OwnerPool {
    fn owner_at(&self, ctx: &Ctx, i: u64) -> Owner {
        let n_persons = self.persons.1 - self.persons.0;
        if i < n_persons {
            Owner::Person(ctx.layout.person_at_slot(self.persons.0 + i))
        } else {
            Owner::Company(ctx.layout.company_at_slot(self.companies.0 + i - n_persons))
        }
    }
}

impl Tables {
    /// The RNG of record `ordinal` of slice `s` of this file.
    pub fn record_rng(&self, s: u64, ordinal: u64) -> Rng {
        self.key.rng((s << 16) | ordinal)
    }

    pub fn new(ctx: &Ctx) -> Tables {
        let mut shares = Vec::with_capacity(COUNTRIES.len());
        let mut owners = Vec::with_capacity(COUNTRIES.len());
        for c in 0..COUNTRIES.len() as CountryId {
            let persons = ctx.layout.country_person_slots(c);
            let companies = ctx.layout.country_company_slots(c);
            let n = (persons.1 - persons.0) + (companies.1 - companies.0);
            shares.push(n);
            owners.push(OwnerPool {
                persons,
                companies,
                pool: CountryPool::new(
                    ctx.seed,
                    &format!("account_event.owners.{c}"),
                    (0, n),
                    [0.7],
                ),
            });
        }
        let offsets: Vec<i16> = COUNTRIES.iter().map(|c| c.utc_offset_minutes).collect();
        Tables {
            curve: Curve::mixed(&profile(), &shares, &offsets),
            mix: CountryMix::new(&shares, &profile()),
            owners,
            kind_weights: ctx.params.account_events.kind_weights(),
            key: StreamKey::new(ctx.seed, "account_event.background"),
            episode_key: StreamKey::new(ctx.seed, "account_event.episode"),
        }
    }
}

/// The background plan of the account events file: per-kind exact totals along the waking curve.
pub fn file_plan(tables: &Tables, background: u64) -> FilePlan {
    FilePlan {
        kinds: apportion(background, &tables.kind_weights)
            .into_iter()
            .map(|total| KindPlan::new(&tables.curve, total))
            .collect(),
    }
}

/// One planned account event on account row `account`; unset IP or device are drawn as for background
/// events (the owner's usual ones, mostly).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSpec {
    pub kind: AccountEventType,
    pub ts: Timestamp,
    pub account: u64,
    pub ip_address: Option<String>,
    pub device_id: Option<String>,
}

/// Draws the background account events of slice `s` (unordered; ids are assigned by the caller).
/// Returns the record ordinals used, so labelled events draw from the ordinals after them.
pub fn slice(
    ctx: &Ctx,
    tables: &Tables,
    plan: &FilePlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<AccountEvent>,
) -> u64 {
    let (from, to) = slices.bounds(s);
    let curve = &tables.curve;
    let (lo, hi) = (curve.cumulative(from), curve.cumulative(to));
    let draw_time = |rng: &mut Rng| curve.invert(lo + rng.below((hi - lo) as u64) as i128);
    let mut ordinal = 0u64;
    let p = &ctx.params.account_events;
    for (k, &kind) in KINDS.iter().enumerate() {
        let n = plan.kind_count(slices, k, s);
        match kind {
            Kind::Single(event_type) => {
                for _ in 0..n {
                    let mut rng = tables.key.rng((s << 16) | ordinal);
                    ordinal += 1;
                    let ts = draw_time(&mut rng);
                    let country = owner_country(tables, ts, &mut rng);
                    let supplied = Supplied::default();
                    out.push(build(
                        ctx, tables, event_type, ts, country, &supplied, &mut rng,
                    ));
                }
            }
            Kind::Episode => {
                let mut j = 0;
                while j < n {
                    let mut ep = tables.episode_key.rng((s << 16) | j);
                    let failures = 1 + ep.weighted(&p.failure_weights()) as u64;
                    let reset = ep.chance(p.episode_reset_probability);
                    let len = (failures + reset as u64).min(n - j);
                    let base = draw_time(&mut ep);
                    let times = episode_times(&mut ep, len, failures, base, from, to);
                    let country = owner_country(tables, times[0], &mut ep);
                    let span = (times[0], times[times.len() - 1]);
                    let owner_account = draw_account(ctx, tables, country, span, &mut ep);
                    let owner = ctx.layout.account_owner(owner_account);
                    let supplied = Supplied {
                        account: Some(owner_account),
                        ip_address: Some(devices::usual_ip(ctx, owner, &mut ep)),
                        device_id: Some(pick_device(ctx, owner, &mut ep)),
                        channel: Some(if ep.chance(0.5) {
                            EventChannel::Web
                        } else {
                            EventChannel::Mobile
                        }),
                    };
                    let tie_base = ep.next_u64() & !0xf;
                    for (m, &ts) in times.iter().enumerate() {
                        let mut rng = tables.key.rng((s << 16) | ordinal);
                        ordinal += 1;
                        let event_type = if (m as u64) < failures {
                            AccountEventType::FailedLogin
                        } else {
                            AccountEventType::PasswordChange
                        };
                        let mut e =
                            build(ctx, tables, event_type, ts, country, &supplied, &mut rng);
                        e.tie = tie_base | m as u64;
                        out.push(e);
                    }
                    j += len;
                }
            }
        }
    }
    ordinal
}

/// Member times of an episode of `len` records starting near `base`: failed logins 5–60 s apart, the
/// password change (member `failures`, when present) 30–600 s after the last failure; shifted back (and, in slices shorter than the
/// episode, compressed) so every member lies in `[from, to)`. Non-decreasing.
fn episode_times(
    ep: &mut Rng,
    len: u64,
    failures: u64,
    base: Timestamp,
    from: Timestamp,
    to: Timestamp,
) -> Vec<Timestamp> {
    let mut offsets = vec![0i64];
    for m in 1..len {
        let gap = if m == failures {
            ep.between(30, 600)
        } else {
            ep.between(5, 60)
        };
        offsets.push(offsets[m as usize - 1] + gap);
    }
    let span = *offsets.last().unwrap_or(&0);
    let room = to - 1 - from;
    if span > room {
        return offsets
            .iter()
            .map(|&o| from + o * room / span.max(1))
            .collect();
    }
    let start = base.min(to - 1 - span).max(from);
    offsets.iter().map(|&o| start + o).collect()
}

/// The owner's country at `ts`: proportional to the country's share times the local waking profile.
fn owner_country(tables: &Tables, ts: Timestamp, rng: &mut Rng) -> CountryId {
    tables.mix.draw(ts, rng)
}

/// An account of an owner in `country` eligible (SPEC §5.2, [`account::core`]) throughout `span` (one
/// event's time, or an episode's first and last): Zipf draws over the keyed order of the country's
/// owners, then the next owners in that order, then (tiny populations only) any eligible account.
fn draw_account(
    ctx: &Ctx,
    tables: &Tables,
    country: CountryId,
    span: (Timestamp, Timestamp),
    rng: &mut Rng,
) -> u64 {
    let owners = &tables.owners[country as usize];
    let n = owners.pool.len();
    if n > 0 {
        for _ in 0..8 {
            let owner = owners.owner_at(ctx, owners.pool.draw(rng));
            if let Some((a, _)) = eligible_account_during(ctx, owner, span, rng.next_u64(), false) {
                return a;
            }
        }
        let start = rng.below(n);
        for i in 0..n.min(64) {
            let owner = owners.owner_at(ctx, owners.pool.slot((start + i) % n));
            if let Some((a, _)) = eligible_account_during(ctx, owner, span, i, false) {
                return a;
            }
        }
    }
    let accounts = ctx.layout.params.accounts;
    let start = rng.below(accounts);
    (0..accounts)
        .map(|i| (start + i) % accounts)
        .find(|&a| {
            let core = account::core(ctx, a);
            core.eligible_at(span.0) && core.eligible_at(span.1)
        })
        .unwrap_or(start)
}

/// One of the owner's devices, or a brand-new one (`new_device_probability`, default 2%).
fn pick_device(ctx: &Ctx, owner: Owner, rng: &mut Rng) -> String {
    if rng.chance(ctx.params.account_events.new_device_probability) {
        devices::new_device(ctx, rng.next_u64() >> 24)
    } else {
        rng.pick(&devices::devices(ctx, owner)).clone()
    }
}

/// What a pattern (e.g. account takeover) may fix; the rest is drawn as for background events.
#[derive(Clone, Debug, Default)]
pub struct Supplied {
    /// Account row; it must be eligible at the event's time.
    pub account: Option<u64>,
    pub ip_address: Option<String>,
    pub device_id: Option<String>,
    pub channel: Option<EventChannel>,
}

/// Builds one account event of `event_type` at `ts`, for an owner in `country` unless the account is
/// supplied: the shared record builder.
pub fn build(
    ctx: &Ctx,
    tables: &Tables,
    event_type: AccountEventType,
    ts: Timestamp,
    country: CountryId,
    supplied: &Supplied,
    rng: &mut Rng,
) -> AccountEvent {
    let tie = rng.next_u64();
    let account = supplied
        .account
        .unwrap_or_else(|| draw_account(ctx, tables, country, (ts, ts), rng));
    let owner = ctx.layout.account_owner(account);
    let channel = supplied.channel.unwrap_or_else(|| match event_type {
        AccountEventType::Login | AccountEventType::FailedLogin => {
            if rng.chance(0.5) {
                EventChannel::Web
            } else {
                EventChannel::Mobile
            }
        }
        _ => rng.weighted_item(&[
            (EventChannel::Web, 40),
            (EventChannel::Mobile, 40),
            (EventChannel::Branch, 10),
            (EventChannel::Phone, 10),
        ]),
    });
    let ip_address = supplied.ip_address.clone().unwrap_or_else(|| {
        if rng.chance(ctx.params.account_events.new_ip_probability) {
            devices::new_ip(rng)
        } else {
            devices::usual_ip(ctx, owner, rng)
        }
    });
    // A device change registers a device the owner has not used before.
    let device_id = supplied
        .device_id
        .clone()
        .unwrap_or_else(|| match event_type {
            AccountEventType::DeviceChange => devices::new_device(ctx, rng.next_u64() >> 24),
            _ => pick_device(ctx, owner, rng),
        });
    AccountEvent {
        account_id: ctx.account_id(account),
        owner_id: match owner {
            Owner::Person(p) => ctx.person_id(p),
            Owner::Company(c) => ctx.company_id(c),
        },
        event_type,
        timestamp: ts,
        ip_address,
        device_id,
        channel,
        pattern_id: None,
        tie,
        ..Default::default()
    }
}

/// A pattern account event (SPEC §9.3): the plan fixes type, time, account and optionally IP and
/// device; the channel and anything unset are drawn as for background events.
pub fn pattern_record(ctx: &Ctx, tables: &Tables, spec: &EventSpec, rng: &mut Rng) -> AccountEvent {
    let supplied = Supplied {
        account: Some(spec.account),
        ip_address: spec.ip_address.clone(),
        device_id: spec.device_id.clone(),
        channel: None,
    };
    let country = account::core(ctx, spec.account).country;
    build(ctx, tables, spec.kind, spec.ts, country, &supplied, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::Namespace;

    fn ctx() -> Ctx {
        crate::generators::test_ctx(5, 2_000, 400, 3_000, 365)
    }

    fn generate(
        ctx: &Ctx,
        background: u64,
        days: u32,
    ) -> (FilePlan, Slices, Vec<Vec<AccountEvent>>) {
        let tables = Tables::new(ctx);
        let plan = file_plan(&tables, background);
        let slices = Slices::new(ctx.window.start, days, 3_600);
        let per_slice = (0..slices.count)
            .map(|s| {
                let mut out = Vec::new();
                slice(ctx, &tables, &plan, slices, s, &mut out);
                out
            })
            .collect();
        (plan, slices, per_slice)
    }

    fn owner_of(ctx: &Ctx, e: &AccountEvent) -> Owner {
        let (ns, a) = ctx.ids.decode(e.account_id.value).unwrap();
        assert_eq!(ns, Namespace::Account);
        ctx.layout.account_owner(a)
    }

    #[test]
    fn counts_are_exact_and_times_stay_in_their_slice() {
        let ctx = ctx();
        let (plan, slices, per_slice) = generate(&ctx, 4_003, 7);
        let sum = crate::schedule::events::assert_slices_follow_plan(&plan, slices, &per_slice);
        assert_eq!(sum, 4_003);
    }

    #[test]
    fn a_slice_is_a_pure_function_of_its_index() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 50_000);
        let slices = Slices::new(ctx.window.start, 7, 3_600);
        let json = |s: u64| {
            let mut out = Vec::new();
            slice(&ctx, &tables, &plan, slices, s, &mut out);
            assert!(!out.is_empty());
            let mut bytes = Vec::new();
            for e in &out {
                crate::encode::json::write_record(e, &mut bytes);
                bytes.push(b'\n');
            }
            bytes
        };
        let first = json(20);
        json(21);
        assert_eq!(first, json(20));
    }

    #[test]
    fn events_belong_to_the_owner_and_cover_every_type() {
        let ctx = ctx();
        let (_, _, per_slice) = generate(&ctx, 5_000, 7);
        let events: Vec<&AccountEvent> = per_slice.iter().flatten().collect();
        let mut by_type = [0usize; 6];
        let (mut new_devices, mut new_ips) = (0, 0);
        for e in &events {
            let owner = owner_of(&ctx, e);
            let expected = match owner {
                Owner::Person(p) => ctx.person_id(p),
                Owner::Company(c) => ctx.company_id(c),
            };
            assert_eq!(e.owner_id, expected);
            let (_, a) = ctx.ids.decode(e.account_id.value).unwrap();
            let core = account::core(&ctx, a);
            assert_eq!(core.owner, owner);
            assert!(
                core.eligible_at(e.timestamp),
                "account {a} at {}",
                e.timestamp
            );
            by_type[e.event_type as usize] += 1;
            if !devices::devices(&ctx, owner).contains(&e.device_id) {
                new_devices += 1;
                assert!(e.device_id.starts_with("DEV-"));
            }
            let usual: Vec<String> = (0..devices::usual_ip_count(&ctx, owner))
                .map(|k| devices::usual_ip_at(&ctx, owner, k))
                .collect();
            if !usual.contains(&e.ip_address) {
                new_ips += 1;
            }
        }
        let n = events.len() as f64;
        assert!(by_type.iter().all(|&c| c > 0), "{by_type:?}");
        let share = |t: AccountEventType| by_type[t as usize] as f64 / n;
        assert!((share(AccountEventType::Login) - 0.90).abs() < 0.01);
        assert!((share(AccountEventType::FailedLogin) - 0.06).abs() < 0.01);
        let changes = 1.0 - share(AccountEventType::Login) - share(AccountEventType::FailedLogin);
        assert!((changes - 0.04).abs() < 0.01, "{changes}");
        // New IPs ≈ 3% of events; new devices ≈ 2% plus every device change.
        assert!((new_ips as f64 / n - 0.03).abs() < 0.01, "{new_ips}");
        let expected_devices = 0.02 * n + by_type[AccountEventType::DeviceChange as usize] as f64;
        assert!(
            (new_devices as f64 - expected_devices).abs() < 0.01 * n,
            "{new_devices}"
        );
    }

    #[test]
    fn drawn_accounts_are_eligible_where_many_are_not() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let accounts = ctx.layout.params.accounts;
        let mut rng = ctx.rng("test.account_event", 0);
        let mut checked = 0;
        for k in 0..8 {
            // Window start (accounts opened in the window are not open yet) and later days.
            let ts = ctx.window.start + k * 45 * 86_400 + 12 * 3_600;
            let ineligible = (0..accounts)
                .filter(|&a| !account::core(&ctx, a).eligible_at(ts))
                .count();
            assert!(ineligible * 20 > accounts as usize, "{ineligible} at {ts}");
            for _ in 0..200 {
                let country = owner_country(&tables, ts, &mut rng);
                let a = draw_account(&ctx, &tables, country, (ts, ts + 600), &mut rng);
                let core = account::core(&ctx, a);
                assert!(
                    core.eligible_at(ts) && core.eligible_at(ts + 600),
                    "{a} at {ts}"
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 1_600);
    }

    #[test]
    fn failed_logins_come_in_short_bursts_of_one_session() {
        let ctx = ctx();
        let (_, _, per_slice) = generate(&ctx, 20_000, 3);
        let mut bursts = 0;
        for events in &per_slice {
            let mut sorted: Vec<&AccountEvent> = events.iter().collect();
            sorted.sort_by_key(|e| (e.timestamp, e.tie));
            for e in sorted
                .iter()
                .filter(|e| e.event_type == AccountEventType::FailedLogin)
            {
                // Every failure shares account, device, IP and channel with its burst, whose events all
                // lie within a few minutes of each other.
                let burst: Vec<&&AccountEvent> = sorted
                    .iter()
                    .filter(|o| o.account_id == e.account_id && o.tie >> 4 == e.tie >> 4)
                    .collect();
                assert!((1..=5).contains(&burst.len()));
                for o in &burst {
                    assert_eq!(
                        (&o.device_id, &o.ip_address, o.channel),
                        (&e.device_id, &e.ip_address, e.channel)
                    );
                    assert!((o.timestamp - e.timestamp).abs() <= 3 * 60 + 600);
                }
                // Order inside a burst: failures first, then at most one password change.
                let types: Vec<AccountEventType> = burst.iter().map(|o| o.event_type).collect();
                let failures = types
                    .iter()
                    .take_while(|&&t| t == AccountEventType::FailedLogin)
                    .count();
                assert!(failures >= 1 && types.len() - failures <= 1);
                if burst[0].tie == e.tie {
                    bursts += 1;
                }
            }
        }
        assert!(bursts > 50, "{bursts}");
    }
}
