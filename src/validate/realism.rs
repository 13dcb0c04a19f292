//! The realism metrics of SPEC §8 (`bankgen validate --realism`, rules REAL-*), as streaming
//! accumulators: one [`Obs`] per transaction, person or company is folded into an [`Accumulator`] in file
//! order, and [`Accumulator::finish`] turns the counts into [`Figures`] and target checks ([`Metric`]).
//! Memory is independent of event volume except for the per-account counters (degree, and a bounded
//! table of at most [`PAIR_SLOTS`] counterparties per sender), which are O(accounts); per-type amount
//! medians come from fixed log-scale histograms and the weekend ratio from per-day counts.
//!
//! This is the one implementation of the metrics: `tests/realism.rs` reads its figures from here.
//!
//! | rule | metrics (background rows = no pattern_id) |
//! |---|---|
//! | REAL-AMOUNT (R-1) | per-type median amount_usd within ±25% of the spec median (invoice payments excluded) |
//! | REAL-ROUND (R-2) | round share of background 2–8% |
//! | REAL-BENFORD (R-3) | first-digit MAD ≤ 0.006 (n ≥ 100,000) |
//! | REAL-DEGREE (R-4) | top 1% of accounts carry ≥ 10% of endpoints; max/median ≥ 20; Hill tail (top 1%) in [1.5, 3.5]; company accounts receive ≥ 3× their share |
//! | REAL-REPEAT (R-5) | ≥ 30% of two-sided rows on a (from, to) pair seen ≥ 2 times (a lower bound, see [`PAIR_SLOTS`]) |
//! | REAL-XBORDER (R-6) | cross-border share of two-sided rows 10–15% |
//! | REAL-SEASON (R-7) | night (00–06 local) ≤ 8% of retail; weekend daily volume 0.4–0.8 × weekday; hour-of-day total-variation distance of background rows to the configured profile ([`crate::generators::transaction::hour_profile`], per type, given the observed weekdays) ≤ 0.05 (n ≥ 10,000) |
//! | REAL-LOCALE (R-8) | persons whose first and last names come from their residence country's locale and whose address cities are their countries' cities ≥ 99%; address coordinates inside the country's box: all (n ≥ 100 persons) |
//! | REAL-KYC (R-9) | PEP 0.8–1.2%, sanctioned 0.05–0.15% of persons (n ≥ 10,000) |
//! | REAL-RISK (R-10) | person and company risk-level shares within ±3 points of 80/15/4/1 and 75/18/5/2 (n ≥ 1,000) |
//! | REAL-PREV (R-11) | rate-driven plans: labelled share within [rate − largest instance / T, rate] |
//! | REAL-LEAK (R-12) | per type, null rates and status shares differ ≤ 5 points between labelled and background (n ≥ 1 M; types with ≥ 1,000 of each) |
//! | REAL-ALERT (R-13) | flagged share 0.5–5%; precision 1–20% and recall 20–80% (≥ 1,000 labelled rows) |
//!
//! A metric whose sample is below its minimum is not reported as a value but listed as skipped.

use crate::core::ids::Namespace;
use crate::core::text::units;
use crate::core::time::{Timestamp, date_of, weekday};
use crate::model::transaction::{TransactionStatus, TransactionType};
use crate::validate::rules::refs::resolve_text;
use crate::validate::state::{Obs, Rec, TxObs};
use std::collections::BTreeMap;

/// Counterparties remembered per sender for the repeat-pair share. A pair seen twice is never
/// forgotten; a new pair replaces a pair seen once, or is not tracked when every slot holds a repeated
/// pair, so the measured share is a lower bound of the exact one (exact while a sender has at most
/// this many distinct receivers).
pub const PAIR_SLOTS: usize = 32;

/// Spec medians of amount_usd per type, in [`TransactionType::ALL`] order.
pub const MEDIANS: [(TransactionType, f64); 10] = [
    (TransactionType::Deposit, 400.0),
    (TransactionType::Withdrawal, 300.0),
    (TransactionType::Transfer, 250.0),
    (TransactionType::Payment, 120.0),
    (TransactionType::Wire, 12_000.0),
    (TransactionType::Ach, 900.0),
    (TransactionType::Check, 500.0),
    (TransactionType::Atm, 100.0),
    (TransactionType::Pos, 35.0),
    (TransactionType::Online, 60.0),
];

/// Transaction fields whose null rate REAL-LEAK compares (observable, nullable, non-GT, non-AL).
pub const LEAK_FIELDS: [&str; 15] = [
    "posting_date",
    "value_date",
    "from_account_id",
    "to_account_id",
    "from_entity_id",
    "to_entity_id",
    "exchange_rate",
    "amount_local",
    "currency_local",
    "originating_country",
    "destination_country",
    "transaction_location",
    "ip_address",
    "merchant_name",
    "merchant_category",
];

/// Histogram bins per decade of amount_usd, from 0.01 to 10^7 USD.
const BINS_PER_DECADE: f64 = 1_000.0;
const BINS: usize = 9 * BINS_PER_DECADE as usize;

fn risk(text: Option<&str>) -> Option<u8> {
    Some(match text? {
        "low" => 0,
        "medium" => 1,
        "high" => 2,
        "critical" => 3,
        _ => return None,
    })
}

/// The observation of one record (transactions, persons and companies; None for other files).
pub fn observe(r: &Rec<'_, '_>) -> Option<Obs> {
    let o = r.obj;
    match r.stem() {
        "persons" => {
            let (locale, coordinates) = locale(r);
            Some(Obs::Person {
                pep: o.at("is_pep").as_bool() == Some(true),
                sanctioned: o.at("is_sanctioned").as_bool() == Some(true),
                risk: risk(o.str("risk_level")),
                locale,
                coordinates,
            })
        }
        "companies" => Some(Obs::Company {
            risk: risk(o.str("risk_level")),
        }),
        "transactions" => {
            let kind = o
                .str("transaction_type")
                .and_then(TransactionType::from_label)?;
            let side = |name: &str| {
                let (_, index) = resolve_text(r, o.str(name)?, &[Namespace::Account]).ok()?;
                let company = r
                    .ctx
                    .account(index)
                    .and_then(|a| a.owner)
                    .is_some_and(|(ns, _)| ns == Namespace::Company);
                Some((index, company))
            };
            let origin = o.str("originating_country");
            let dest = o.str("destination_country");
            let ts = r.timestamp("transaction_date");
            let digit = o
                .at("amount")
                .as_num()
                .and_then(|t| t.bytes().find(|b| (b'1'..=b'9').contains(b)))
                .map_or(0, |b| b - b'0');
            let mut nulls = 0u16;
            for (k, name) in LEAK_FIELDS.iter().enumerate() {
                if o.at(name).is_null() {
                    nulls |= 1 << k;
                }
            }
            Some(Obs::Tx(Box::new(TxObs {
                kind,
                labelled: !o.at("pattern_id").is_null(),
                flagged: o.at("is_flagged").as_bool() == Some(true),
                round: o.at("is_round_amount").as_bool() == Some(true),
                digit,
                usd_cents: o.at("amount_usd").as_num().and_then(|t| units(t, 2, false)),
                invoice: o
                    .str("reference_number")
                    .is_some_and(|t| t.starts_with("INV-")),
                from: side("from_account_id"),
                to: side("to_account_id"),
                cross_border: origin.is_some() && dest.is_some() && origin != dest,
                local: ts.and_then(|ts| local_time(origin, dest, ts)),
                open: ts.and_then(|ts| {
                    crate::validate::rules::cons::opening_hours(kind, origin, dest, ts)
                }),
                nulls,
                status: o.str("status").and_then(TransactionStatus::from_label),
            })))
        }
        _ => None,
    }
}

/// R-8 for one person: whether its first and last names are in the name lists of its residence
/// country's locale (residence = the first address's country; either gender's list, as gender labels
/// do not map one-to-one to the lists) and every address city is one of its country's cities; and
/// (addresses with coordinates, those inside the country's box).
fn locale(r: &Rec<'_, '_>) -> (Option<bool>, (u8, u8)) {
    let o = r.obj;
    let addresses = o.at("addresses").as_arr().unwrap_or(&[]);
    let country_of = |a: &crate::validate::json::Val<'_>| {
        a.as_obj()
            .and_then(|a| a.str("country_code"))
            .and_then(crate::refdata::country_by_code)
            .map(crate::refdata::country)
    };
    let mut coordinates = (0u8, 0u8);
    let mut cities_ok = true;
    for a in addresses {
        let (Some(c), Some(obj)) = (country_of(a), a.as_obj()) else {
            continue;
        };
        cities_ok &= obj.str("city").is_some_and(|city| c.cities.contains(&city));
        let micro = |name: &str| obj.at(name).as_num().and_then(|t| units(t, 6, false));
        if let (Some(lat), Some(lon)) = (micro("latitude"), micro("longitude")) {
            let (lat_min, lat_max, lon_min, lon_max) = c.bbox;
            coordinates.0 = coordinates.0.saturating_add(1);
            let inside = (lat_min as i64..=lat_max as i64).contains(&lat)
                && (lon_min as i64..=lon_max as i64).contains(&lon);
            coordinates.1 = coordinates.1.saturating_add(inside as u8);
        }
    }
    let Some(residence) = addresses.first().and_then(country_of) else {
        return (None, coordinates);
    };
    let l = residence.locale;
    let first = o
        .str("first_name")
        .is_some_and(|n| l.first_names(true).contains(&n) || l.first_names(false).contains(&n));
    let last = o
        .str("last_name")
        .is_some_and(|n| l.last_names().contains(&n));
    (Some(first && last && cities_ok), coordinates)
}

/// Local time at the sender's country (the receiver's when there is no sender, as for deposits).
pub fn local_time(origin: Option<&str>, dest: Option<&str>, ts: Timestamp) -> Option<Timestamp> {
    let c = crate::refdata::country_by_code(origin.or(dest)?)?;
    Some(ts + crate::refdata::country(c).utc_offset_minutes as i64 * 60)
}

/// The per-sender counterparty table of REAL-REPEAT.
#[derive(Clone, Default)]
struct Pairs(Vec<(u32, u32)>);

/// The streaming state.
pub struct Accumulator {
    total: u64,
    labelled: u64,
    flagged: u64,
    flagged_labelled: u64,
    background: u64,
    round: u64,
    digits: [u64; 10],
    two_sided: u64,
    cross: u64,
    company_received: u64,
    degree: Vec<u32>,
    company_account: Vec<bool>,
    pairs: Vec<Pairs>,
    repeated: u64,
    per_day: BTreeMap<i32, u64>,
    retail: u64,
    night: u64,
    /// Background rows per type, local weekday (Monday = 0) and local hour.
    week_hours: Box<[[[u64; 24]; 7]; 10]>,
    business_exceptions: u64,
    branch_exceptions: u64,
    hist: Vec<u32>,
    persons: u64,
    /// Persons with a residence, and those whose names and cities fit it.
    locale: (u64, u64),
    /// Addresses with coordinates, and those inside their country's box.
    coordinates: (u64, u64),
    pep: u64,
    sanctioned: u64,
    person_risk: [u64; 4],
    companies: u64,
    company_risk: [u64; 4],
    /// Per type and labelled (0 background, 1 labelled): rows, null counts per leak field, statuses.
    leak_rows: [[u64; 2]; 10],
    leak_nulls: [[[u64; 15]; 2]; 10],
    leak_status: [[[u64; 4]; 2]; 10],
}

impl Default for Accumulator {
    fn default() -> Self {
        Accumulator::new()
    }
}

fn type_index(kind: TransactionType) -> usize {
    TransactionType::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(0)
}

fn grow<T: Clone + Default>(v: &mut Vec<T>, i: usize) -> bool {
    if i >= 1 << 28 {
        return false;
    }
    if v.len() <= i {
        v.resize(i + 1, T::default());
    }
    true
}

impl Accumulator {
    pub fn new() -> Accumulator {
        Accumulator {
            total: 0,
            labelled: 0,
            flagged: 0,
            flagged_labelled: 0,
            background: 0,
            round: 0,
            digits: [0; 10],
            two_sided: 0,
            cross: 0,
            company_received: 0,
            degree: Vec::new(),
            company_account: Vec::new(),
            pairs: Vec::new(),
            repeated: 0,
            per_day: BTreeMap::new(),
            retail: 0,
            night: 0,
            week_hours: Box::new([[[0; 24]; 7]; 10]),
            business_exceptions: 0,
            branch_exceptions: 0,
            hist: vec![0; BINS * 10],
            persons: 0,
            locale: (0, 0),
            coordinates: (0, 0),
            pep: 0,
            sanctioned: 0,
            person_risk: [0; 4],
            companies: 0,
            company_risk: [0; 4],
            leak_rows: [[0; 2]; 10],
            leak_nulls: [[[0; 15]; 2]; 10],
            leak_status: [[[0; 4]; 2]; 10],
        }
    }

    pub fn add(&mut self, obs: &Obs) {
        match obs {
            Obs::Person {
                pep,
                sanctioned,
                risk,
                locale,
                coordinates,
            } => {
                self.persons += 1;
                if let Some(ok) = locale {
                    self.locale.0 += 1;
                    self.locale.1 += *ok as u64;
                }
                self.coordinates.0 += coordinates.0 as u64;
                self.coordinates.1 += coordinates.1 as u64;
                self.pep += *pep as u64;
                self.sanctioned += *sanctioned as u64;
                if let Some(r) = risk {
                    self.person_risk[*r as usize] += 1;
                }
            }
            Obs::Company { risk } => {
                self.companies += 1;
                if let Some(r) = risk {
                    self.company_risk[*r as usize] += 1;
                }
            }
            Obs::Tx(t) => self.transaction(t),
        }
    }

    fn transaction(&mut self, t: &TxObs) {
        use TransactionType::*;
        self.total += 1;
        self.flagged += t.flagged as u64;
        let ti = type_index(t.kind);
        let l = t.labelled as usize;
        self.leak_rows[ti][l] += 1;
        for k in 0..LEAK_FIELDS.len() {
            if t.nulls & (1 << k) != 0 {
                self.leak_nulls[ti][l][k] += 1;
            }
        }
        if let Some(s) = t.status {
            let si = TransactionStatus::ALL
                .iter()
                .position(|&x| x == s)
                .unwrap_or(0)
                .min(3);
            self.leak_status[ti][l][si] += 1;
        }
        if t.labelled {
            self.labelled += 1;
            self.flagged_labelled += t.flagged as u64;
            return;
        }
        self.background += 1;
        self.round += t.round as u64;
        self.digits[t.digit as usize % 10] += 1;
        if let (Some((from, _)), Some((to, to_company))) = (t.from, t.to) {
            self.two_sided += 1;
            self.cross += t.cross_border as u64;
            self.company_received += to_company as u64;
            for (a, company) in [(from, t.from.is_some_and(|x| x.1)), (to, to_company)] {
                if grow(&mut self.degree, a as usize) {
                    self.degree[a as usize] += 1;
                    grow(&mut self.company_account, a as usize);
                    self.company_account[a as usize] = company;
                }
            }
            if grow(&mut self.pairs, from as usize) {
                self.pair(from as usize, to as u32);
            }
        }
        if let Some(local) = t.local {
            let day = date_of(local);
            let hour = local.rem_euclid(86_400) / 3_600;
            *self.per_day.entry(day).or_default() += 1;
            self.week_hours[ti][(weekday(day) as usize).min(6)][hour as usize] += 1;
            if matches!(t.kind, Pos | Online | Payment | Atm | Transfer) {
                self.retail += 1;
                self.night += (hour < 6) as u64;
            }
        }
        if t.open == Some(false) {
            match t.kind {
                Wire | Ach => self.business_exceptions += 1,
                _ => self.branch_exceptions += 1,
            }
        }
        if let Some(cents) = t.usd_cents
            && cents > 0
            && !t.invoice
        {
            let x = (libm::log10(cents as f64 / 100.0) + 2.0) * BINS_PER_DECADE;
            let bin = (x.max(0.0) as usize).min(BINS - 1);
            self.hist[ti * BINS + bin] += 1;
        }
    }

    fn pair(&mut self, from: usize, to: u32) {
        let slots = &mut self.pairs[from].0;
        if let Some(slot) = slots.iter_mut().find(|s| s.0 == to) {
            slot.1 += 1;
            self.repeated += if slot.1 == 2 { 2 } else { 1 };
        } else if slots.len() < PAIR_SLOTS {
            slots.push((to, 1));
        } else if let Some(slot) = slots.iter_mut().find(|s| s.1 == 1) {
            *slot = (to, 1);
        }
    }

    /// The figures and the target checks.
    pub fn finish(&self, plan: &Plan) -> Report {
        let fig = self.figures(plan);
        let mut r = Report {
            metrics: Vec::new(),
            skipped: Vec::new(),
            figures: Fig(Box::new(fig.clone())),
        };
        self.check_transactions(&fig, &mut r);
        self.check_season(&fig, &mut r);
        self.check_parties(&fig, &mut r);
        self.check_labels(&fig, plan, &mut r);
        r
    }

    /// Every measured figure, from the counts gathered so far.
    fn figures(&self, plan: &Plan) -> Figures {
        let mut fig = Figures {
            transactions: self.total,
            background: self.background,
            labelled: self.labelled,
            two_sided: self.two_sided,
            business_exceptions: self.business_exceptions,
            branch_exceptions: self.branch_exceptions,
            round: share(self.round, self.background),
            flagged: share(self.flagged, self.total),
            precision: share(self.flagged_labelled, self.flagged),
            recall: share(self.flagged_labelled, self.labelled),
            cross_border: share(self.cross, self.two_sided),
            repeat_share: share(self.repeated, self.two_sided),
            night_retail: share(self.night, self.retail),
            persons: self.persons,
            companies: self.companies,
            pep: share(self.pep, self.persons),
            sanctioned: share(self.sanctioned, self.persons),
            locale: share(self.locale.1, self.locale.0),
            coordinates_inside: share(self.coordinates.1, self.coordinates.0),
            person_risk: self.person_risk.map(|k| share(k, self.persons)),
            company_risk: self.company_risk.map(|k| share(k, self.companies)),
            ..Figures::default()
        };
        (fig.hour_rows, fig.hour_tvd) = self.hour_profile_tvd();
        fig.benford_mad = self.benford_mad();
        self.degree_figures(plan, &mut fig);
        let (weekend, weekday) = self.day_means();
        fig.weekend_ratio = weekend.0 / weekday.0.max(f64::MIN_POSITIVE);
        fig.medians = self.medians();
        fig.leak = self.leak();
        fig
    }

    /// R-7 hour of day: (rows with a local time, total-variation distance to the profile). The
    /// expected row count of (type, weekday, hour) is the type's rows on that weekday spread by the
    /// profile's hour weights of that weekday, so the weekly shape is compared hour by hour and the
    /// window's mix of weekdays does not matter.
    fn hour_profile_tvd(&self) -> (u64, f64) {
        let mut observed = [0u64; 24];
        let mut expected = [0f64; 24];
        for (ti, &kind) in TransactionType::ALL.iter().enumerate().take(10) {
            let profile = crate::generators::transaction::hour_profile(kind);
            for (w, hours) in self.week_hours[ti].iter().enumerate() {
                let rows: u64 = hours.iter().sum();
                let weight: u64 = (0..24).map(|h| profile.at(w, h) as u64).sum();
                for h in 0..24 {
                    observed[h] += hours[h];
                    if weight > 0 {
                        expected[h] += rows as f64 * profile.at(w, h) as f64 / weight as f64;
                    }
                }
            }
        }
        let rows: u64 = observed.iter().sum();
        let tvd = (0..24)
            .map(|h| (observed[h] as f64 - expected[h]).abs())
            .sum::<f64>()
            / (2.0 * rows.max(1) as f64);
        (rows, tvd)
    }

    /// mean absolute deviation of the leading digits from Benford's law.
    fn benford_mad(&self) -> f64 {
        let counted: u64 = self.digits[1..].iter().sum();
        (1..=9)
            .map(|d| (share(self.digits[d], counted) - libm::log10(1.0 + 1.0 / d as f64)).abs())
            .sum::<f64>()
            / 9.0
    }

    /// the degree distribution's concentration and tail, and how much more company accounts
    /// receive than their share of accounts.
    fn degree_figures(&self, plan: &Plan, fig: &mut Figures) {
        let mut degrees: Vec<u32> = self.degree.iter().copied().filter(|&d| d > 0).collect();
        degrees.sort_unstable_by(|a, b| b.cmp(a));
        fig.accounts_with_degree = degrees.len() as u64;
        if degrees.len() >= 2 {
            let top = (degrees.len() / 100).max(1);
            let total: u64 = degrees.iter().map(|&d| d as u64).sum();
            fig.top1_share =
                degrees[..top].iter().map(|&d| d as u64).sum::<u64>() as f64 / total as f64;
            let n = degrees.len();
            let median = if n % 2 == 1 {
                degrees[n / 2] as f64
            } else {
                (degrees[n / 2 - 1] as f64 + degrees[n / 2] as f64) / 2.0
            };
            fig.max_over_median = degrees[0] as f64 / median;
            let floor = degrees[top] as f64;
            fig.hill = top as f64
                / degrees[..top]
                    .iter()
                    .map(|&d| libm::log(d as f64 / floor))
                    .sum::<f64>();
        }
        let companies_with_degree = self
            .degree
            .iter()
            .zip(&self.company_account)
            .filter(|(d, c)| **d > 0 && **c)
            .count() as u64;
        let company_share = plan
            .company_account_share
            .unwrap_or_else(|| share(companies_with_degree, fig.accounts_with_degree));
        fig.company_receive_ratio =
            share(self.company_received, self.two_sided) / company_share.max(f64::MIN_POSITIVE);
    }

    /// (mean rows, days) of the weekend days and of the weekdays, the partial first and last
    /// local days dropped.
    fn day_means(&self) -> ((f64, usize), (f64, usize)) {
        let days: Vec<(i32, u64)> = self.per_day.iter().map(|(&d, &c)| (d, c)).collect();
        let inner = if days.len() > 2 {
            &days[1..days.len() - 1]
        } else {
            &[][..]
        };
        let mean_of = |weekend: bool| {
            let sel: Vec<u64> = inner
                .iter()
                .filter(|(d, _)| (weekday(*d) >= 5) == weekend)
                .map(|&(_, c)| c)
                .collect();
            (
                sel.iter().sum::<u64>() as f64 / sel.len().max(1) as f64,
                sel.len(),
            )
        };
        (mean_of(true), mean_of(false))
    }

    /// per type (type, spec median, measured median, rows), from the log-binned USD amounts.
    fn medians(&self) -> Vec<(&'static str, f64, f64, u64)> {
        let mut medians = Vec::new();
        for &(kind, spec) in MEDIANS.iter() {
            let ti = type_index(kind);
            let bins = &self.hist[ti * BINS..(ti + 1) * BINS];
            let n: u64 = bins.iter().map(|&c| c as u64).sum();
            let mut seen = 0u64;
            let mut median = f64::NAN;
            for (b, &c) in bins.iter().enumerate() {
                seen += c as u64;
                if n > 0 && 2 * seen >= n {
                    median = libm::pow(10.0, (b as f64 + 0.5) / BINS_PER_DECADE - 2.0);
                    break;
                }
            }
            medians.push((kind.label_str(), spec, median, n));
        }
        medians
    }

    /// the largest difference between labelled and background rows of one type in a leak
    /// field's null share or a status share, over the types with enough rows of both.
    fn leak(&self) -> Option<f64> {
        let mut leak: Option<f64> = None;
        for ti in 0..10 {
            let [bg, lab] = self.leak_rows[ti];
            if bg < 1_000 || lab < 1_000 {
                continue;
            }
            let mut worst = 0.0f64;
            for k in 0..LEAK_FIELDS.len() {
                let d =
                    share(self.leak_nulls[ti][0][k], bg) - share(self.leak_nulls[ti][1][k], lab);
                worst = worst.max(d.abs());
            }
            for s in 0..4 {
                let d =
                    share(self.leak_status[ti][0][s], bg) - share(self.leak_status[ti][1][s], lab);
                worst = worst.max(d.abs());
            }
            leak = Some(leak.unwrap_or(0.0).max(worst));
        }
        leak
    }

    /// REAL-ROUND, REAL-BENFORD, REAL-DEGREE, REAL-REPEAT and REAL-XBORDER.
    fn check_transactions(&self, fig: &Figures, r: &mut Report) {
        if self.background >= 1_000 {
            r.check("REAL-ROUND", "round_share", fig.round, range(0.02, 0.08));
        } else {
            r.skip("REAL-ROUND", "fewer than 1,000 background transactions");
        }
        if self.background >= 100_000 {
            r.check(
                "REAL-BENFORD",
                "benford_mad",
                fig.benford_mad,
                Target::AtMost(0.006),
            );
        } else {
            r.skip("REAL-BENFORD", "fewer than 100,000 background transactions");
        }
        if self.two_sided >= 1_000 && fig.accounts_with_degree >= 200 {
            r.check(
                "REAL-DEGREE",
                "degree_top1_share",
                fig.top1_share,
                Target::AtLeast(0.10),
            );
            r.check(
                "REAL-DEGREE",
                "degree_max_over_median",
                fig.max_over_median,
                Target::AtLeast(20.0),
            );
            r.check("REAL-DEGREE", "degree_hill_tail", fig.hill, range(1.5, 3.5));
            r.check(
                "REAL-DEGREE",
                "company_receive_ratio",
                fig.company_receive_ratio,
                Target::AtLeast(3.0),
            );
            r.check(
                "REAL-REPEAT",
                "repeat_pair_share",
                fig.repeat_share,
                Target::AtLeast(0.30),
            );
            r.check(
                "REAL-XBORDER",
                "cross_border_share",
                fig.cross_border,
                range(0.10, 0.15),
            );
        } else {
            r.skip(
                "REAL-DEGREE, REAL-REPEAT, REAL-XBORDER",
                "fewer than 1,000 two-sided background transactions or 200 accounts",
            );
        }
    }

    /// REAL-SEASON (night retail, hour profile, weekend ratio) and REAL-AMOUNT.
    fn check_season(&self, fig: &Figures, r: &mut Report) {
        if self.retail >= 1_000 {
            r.check(
                "REAL-SEASON",
                "night_retail_share",
                fig.night_retail,
                Target::AtMost(0.08),
            );
        } else {
            r.skip("REAL-SEASON night", "fewer than 1,000 retail transactions");
        }
        if fig.hour_rows >= 10_000 {
            r.check(
                "REAL-SEASON",
                "hour_profile_tvd",
                fig.hour_tvd,
                Target::AtMost(0.05),
            );
        } else {
            r.skip(
                "REAL-SEASON hour profile",
                "fewer than 10,000 background transactions with a local time",
            );
        }
        let ((_, weekend_days), (_, weekday_days)) = self.day_means();
        if weekend_days >= 4 && weekday_days >= 10 {
            r.check(
                "REAL-SEASON",
                "weekend_weekday_ratio",
                fig.weekend_ratio,
                range(0.4, 0.8),
            );
        } else {
            r.skip("REAL-SEASON weekend", "fewer than two whole weeks");
        }
        for &(kind, spec, median, n) in &fig.medians {
            if n >= 100 {
                r.check_named(
                    "REAL-AMOUNT",
                    format!("median_usd_{kind}"),
                    median,
                    range(spec * 0.75, spec * 1.25),
                );
            }
        }
    }

    /// REAL-LOCALE, REAL-KYC and REAL-RISK, over persons and companies.
    fn check_parties(&self, fig: &Figures, r: &mut Report) {
        if self.locale.0 >= 100 {
            r.check(
                "REAL-LOCALE",
                "locale_share",
                fig.locale,
                Target::AtLeast(0.99),
            );
        } else {
            r.skip(
                "REAL-LOCALE names",
                "fewer than 100 persons with an address",
            );
        }
        if self.coordinates.0 >= 100 {
            r.check(
                "REAL-LOCALE",
                "coordinates_inside_share",
                fig.coordinates_inside,
                Target::AtLeast(1.0),
            );
        } else {
            r.skip(
                "REAL-LOCALE coordinates",
                "fewer than 100 addresses with coordinates",
            );
        }
        if self.persons >= 10_000 {
            r.check("REAL-KYC", "pep_share", fig.pep, range(0.008, 0.012));
            r.check(
                "REAL-KYC",
                "sanctioned_share",
                fig.sanctioned,
                range(0.0005, 0.0015),
            );
        } else {
            r.skip("REAL-KYC", "fewer than 10,000 persons");
        }
        const LEVELS: [&str; 4] = ["low", "medium", "high", "critical"];
        for (who, n, shares, targets) in [
            (
                "person",
                self.persons,
                fig.person_risk,
                [0.80, 0.15, 0.04, 0.01],
            ),
            (
                "company",
                self.companies,
                fig.company_risk,
                [0.75, 0.18, 0.05, 0.02],
            ),
        ] {
            if n >= 1_000 {
                for k in 0..4 {
                    r.check_named(
                        "REAL-RISK",
                        format!("{who}_risk_{}", LEVELS[k]),
                        shares[k],
                        range((targets[k] - 0.03f64).max(0.0), targets[k] + 0.03),
                    );
                }
            } else {
                r.skip(
                    "REAL-RISK",
                    if who == "person" {
                        "fewer than 1,000 persons"
                    } else {
                        "fewer than 1,000 companies"
                    },
                );
            }
        }
    }

    /// REAL-PREV, REAL-LEAK and REAL-ALERT: how labelled rows compare with the plan, the background
    /// and the alerts.
    fn check_labels(&self, fig: &Figures, plan: &Plan, r: &mut Report) {
        match plan.laundering_rate {
            Some(rate) if self.total > 0 => {
                let budget = libm::floor(rate * self.total as f64);
                let lo = (budget - plan.largest_instance as f64).max(0.0);
                let value = share(self.labelled, self.total);
                r.metrics.push(Metric {
                    rule: "REAL-PREV",
                    name: "laundering_prevalence".into(),
                    value,
                    target: format!(
                        "[{:.6}, {:.6}] (rate {rate} − largest instance / T)",
                        lo / self.total as f64,
                        budget / self.total as f64
                    ),
                    ok: (lo..=budget).contains(&(self.labelled as f64)),
                });
            }
            _ => r.skip("REAL-PREV", "the plan is not rate-driven"),
        }
        if self.total >= 1_000_000 {
            match fig.leak {
                Some(v) => r.check("REAL-LEAK", "leak_max_difference", v, Target::AtMost(0.05)),
                None => r.skip(
                    "REAL-LEAK",
                    "no type has 1,000 labelled and 1,000 background rows",
                ),
            }
        } else {
            r.skip("REAL-LEAK", "fewer than 1,000,000 transactions");
        }
        if self.total >= 10_000 {
            r.check(
                "REAL-ALERT",
                "flagged_share",
                fig.flagged,
                range(0.005, 0.05),
            );
        } else {
            r.skip("REAL-ALERT flagged share", "fewer than 10,000 transactions");
        }
        if self.labelled >= 1_000 {
            r.check(
                "REAL-ALERT",
                "alert_precision",
                fig.precision,
                range(0.01, 0.20),
            );
            r.check("REAL-ALERT", "alert_recall", fig.recall, range(0.20, 0.80));
        } else {
            r.skip(
                "REAL-ALERT precision and recall",
                "fewer than 1,000 labelled transactions",
            );
        }
    }
}

/// `k` out of `n` (0 when `n` is 0).
fn share(k: u64, n: u64) -> f64 {
    k as f64 / n.max(1) as f64
}

/// The closed range `[lo, hi]`.
fn range(lo: f64, hi: f64) -> Target {
    Target::Range(lo, hi)
}

/// What the plan says, for REAL-PREV.
#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub laundering_rate: Option<f64>,
    /// Transactions of the largest instance.
    pub largest_instance: u64,
    /// Share of company-owned accounts among all accounts, when the accounts were read.
    pub company_account_share: Option<f64>,
}

/// Every measured figure.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    pub transactions: u64,
    pub background: u64,
    pub labelled: u64,
    pub benford_mad: f64,
    pub two_sided: u64,
    pub accounts_with_degree: u64,
    pub top1_share: f64,
    pub max_over_median: f64,
    pub hill: f64,
    pub company_receive_ratio: f64,
    pub repeat_share: f64,
    pub cross_border: f64,
    pub weekend_ratio: f64,
    pub night_retail: f64,
    /// Total-variation distance of the local hour-of-day distribution to the configured profile.
    pub hour_tvd: f64,
    /// Background rows with a local time (the sample of `hour_tvd`).
    pub hour_rows: u64,
    pub business_exceptions: u64,
    pub branch_exceptions: u64,
    pub flagged: f64,
    pub precision: f64,
    pub recall: f64,
    pub round: f64,
    /// (type, spec median, measured median, rows), invoice payments excluded.
    pub medians: Vec<(&'static str, f64, f64, u64)>,
    pub persons: u64,
    pub companies: u64,
    /// Share of persons whose names and address cities come from their residence locale.
    pub locale: f64,
    /// Share of address coordinates inside their country's box.
    pub coordinates_inside: f64,
    pub pep: f64,
    pub sanctioned: f64,
    pub person_risk: [f64; 4],
    pub company_risk: [f64; 4],
    /// Largest labelled-vs-background difference (REAL-LEAK), when some type could be compared.
    pub leak: Option<f64>,
}

/// The figures, boxed.
#[derive(Clone, Debug, Default)]
pub struct Fig(pub Box<Figures>);

/// A target.
#[derive(Clone, Copy, Debug)]
pub enum Target {
    Range(f64, f64),
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    fn holds(self, v: f64) -> bool {
        match self {
            Target::Range(lo, hi) => (lo..=hi).contains(&v),
            Target::AtLeast(lo) => v >= lo,
            Target::AtMost(hi) => v <= hi,
        }
    }
    fn text(self) -> String {
        match self {
            Target::Range(lo, hi) => format!("[{}, {}]", num(lo), num(hi)),
            Target::AtLeast(lo) => format!(">= {}", num(lo)),
            Target::AtMost(hi) => format!("<= {}", num(hi)),
        }
    }
}

/// A bound as short text: at most 6 decimals, trailing zeros dropped.
fn num(v: f64) -> String {
    let t = format!("{v:.6}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" { "0".into() } else { t.to_string() }
}

/// One checked metric.
#[derive(Clone, Debug)]
pub struct Metric {
    pub rule: &'static str,
    pub name: String,
    pub value: f64,
    pub target: String,
    pub ok: bool,
}

/// The realism outcome.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub metrics: Vec<Metric>,
    /// Metrics not assessed, with the reason.
    pub skipped: Vec<(String, String)>,
    pub figures: Fig,
}

impl Report {
    fn check(&mut self, rule: &'static str, name: &str, value: f64, target: Target) {
        self.check_named(rule, name.to_string(), value, target);
    }

    fn check_named(&mut self, rule: &'static str, name: String, value: f64, target: Target) {
        self.metrics.push(Metric {
            rule,
            name,
            value,
            target: target.text(),
            ok: target.holds(value),
        });
    }

    fn skip(&mut self, what: &str, why: &str) {
        self.skipped.push((what.to_string(), why.to_string()));
    }

    /// A metric by name.
    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.name == name)
    }
}

trait LabelStr {
    fn label_str(self) -> &'static str;
}

impl LabelStr for TransactionType {
    fn label_str(self) -> &'static str {
        use crate::model::record::Label;
        self.label()
    }
}
