//! Time slices and intensity curves (SPEC §5.1): the window is cut into slices of one length L aligned to
//! its start; each event kind spreads its exact background total over the slices by cumulative rounding of
//! integer weights, `c_s = ⌊B·W(≤s)/W⌋ − ⌊B·W(<s)/W⌋`, so the counts always sum to B.
//!
//! A kind's weight is a weekly curve in local time (hour of day × weekday), evaluated in every country's
//! fixed UTC offset and mixed by the countries' shares. Offsets are whole minutes, so the mixed UTC curve
//! is a table of one weight per minute of the week; a weight per second is constant within a minute, which
//! keeps W(<t) an O(1) integer formula (whole weeks + a prefix-sum lookup) for any slice of any window.

use crate::core::time::Timestamp;

/// Candidate slice lengths in seconds, longest first; each divides one day.
pub const SLICE_LENGTHS: [u32; 11] = [
    86_400, 43_200, 21_600, 10_800, 3_600, 1_800, 900, 300, 60, 30, 10,
];
/// Most records of one event file in one slice (positions fit in the id's 16 position bits, with room).
pub const MAX_SLICE_RECORDS: u64 = 8_192;
/// Slices of a window stay below 2^24 (the id's slice bits).
pub const MAX_SLICES: u64 = 1 << 24;

const MINUTES_PER_WEEK: usize = 7 * 24 * 60;
const SECONDS_PER_WEEK: i64 = 7 * 86_400;
/// 1970-01-05 was a Monday: weeks are counted from it, so minute 0 of the table is Monday 00:00 UTC.
const MONDAY_EPOCH: Timestamp = 4 * 86_400;

/// A weekly profile in local time: relative weight per (weekday Monday = 0, hour).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalProfile(pub [[u32; 24]; 7]);

impl LocalProfile {
    /// The same hour-of-day curve on every weekday, scaled per weekday.
    pub fn daily(hours: [u32; 24], weekday_scale: [u32; 7]) -> LocalProfile {
        let mut p = [[0u32; 24]; 7];
        for (d, row) in p.iter_mut().enumerate() {
            for (h, w) in row.iter_mut().enumerate() {
                *w = hours[h] * weekday_scale[d];
            }
        }
        LocalProfile(p)
    }

    /// Open `from_hour..to_hour` local on the given weekdays with a flat weight, closed otherwise.
    pub fn opening_hours(days: &[usize], from_hour: usize, to_hour: usize) -> LocalProfile {
        let mut p = [[0u32; 24]; 7];
        for &d in days {
            for w in &mut p[d][from_hour..to_hour] {
                *w = 100;
            }
        }
        LocalProfile(p)
    }

    /// Weight at a local time given as (weekday, hour).
    #[inline]
    pub fn at(&self, weekday: usize, hour: usize) -> u32 {
        self.0[weekday][hour]
    }
}

/// The weekly curve of one event kind in UTC: a weight per minute of the week, and its prefix sums.
#[derive(Clone, Debug)]
pub struct Curve {
    /// `prefix[m]` = Σ weights of minutes `0..m` of the week; `prefix[MINUTES_PER_WEEK]` = the week total.
    prefix: Vec<u64>,
}

impl Curve {
    /// Mixes a local profile over countries: `shares[c]` is country c's share (integer weight) and
    /// `offsets[c]` its fixed UTC offset in minutes.
    pub fn mixed(profile: &LocalProfile, shares: &[u64], offsets: &[i16]) -> Curve {
        // Countries sharing an offset share a curve shape: sum their shares first.
        let mut by_offset: std::collections::BTreeMap<i16, u64> = std::collections::BTreeMap::new();
        for (&share, &offset) in shares.iter().zip(offsets) {
            if share > 0 {
                *by_offset.entry(offset).or_default() += share;
            }
        }
        let mut per_minute = vec![0u64; MINUTES_PER_WEEK];
        for (&offset, &share) in &by_offset {
            // Local hour h of the week starts at UTC minute 60·h − offset.
            for hour in 0..7 * 24 {
                let w = share * profile.at(hour / 24, hour % 24) as u64;
                if w == 0 {
                    continue;
                }
                let first =
                    (hour as i64 * 60 - offset as i64).rem_euclid(MINUTES_PER_WEEK as i64) as usize;
                for m in 0..60 {
                    per_minute[(first + m) % MINUTES_PER_WEEK] += w;
                }
            }
        }
        Curve::from_minutes(&per_minute)
    }

    /// A curve from explicit per-minute weights (UTC, Monday 00:00 first).
    pub fn from_minutes(per_minute: &[u64]) -> Curve {
        assert_eq!(
            per_minute.len(),
            MINUTES_PER_WEEK,
            "one weight per minute of the week"
        );
        let mut prefix = Vec::with_capacity(MINUTES_PER_WEEK + 1);
        let mut acc = 0u64;
        prefix.push(0);
        for &w in per_minute {
            acc += w;
            prefix.push(acc);
        }
        Curve { prefix }
    }

    /// Weight of one second in minute `m` of the week.
    #[inline]
    fn minute_weight(&self, m: usize) -> u64 {
        self.prefix[m + 1] - self.prefix[m]
    }

    /// Cumulative weight from the Monday epoch up to (not including) second `t` (weights are per second;
    /// negative before the epoch, so windows may start in any year).
    #[inline]
    pub fn cumulative(&self, t: Timestamp) -> i128 {
        let since = t - MONDAY_EPOCH;
        let weeks = since.div_euclid(SECONDS_PER_WEEK);
        let in_week = since.rem_euclid(SECONDS_PER_WEEK) as usize;
        let (minute, second) = (in_week / 60, in_week % 60);
        let week_total = self.prefix[MINUTES_PER_WEEK] as i128 * 60;
        let within =
            self.prefix[minute] as u128 * 60 + self.minute_weight(minute) as u128 * second as u128;
        weeks as i128 * week_total + within as i128
    }

    /// Weight of `[from, to)`.
    #[inline]
    pub fn weight(&self, from: Timestamp, to: Timestamp) -> u128 {
        (self.cumulative(to) - self.cumulative(from)) as u128
    }

    /// The second `t` whose cumulative span `[cumulative(t), cumulative(t + 1))` holds `c`: the inverse of
    /// [`Curve::cumulative`], used to draw a time inside a slice that follows the curve exactly.
    pub fn invert(&self, c: i128) -> Timestamp {
        let week_total = self.prefix[MINUTES_PER_WEEK] as i128 * 60;
        debug_assert!(week_total > 0);
        let weeks = c.div_euclid(week_total);
        let within = c.rem_euclid(week_total);
        // The last minute whose start is ≤ `within` and that carries weight.
        let minute = self.prefix.partition_point(|&p| (p as i128) * 60 <= within) - 1;
        let second =
            (within - self.prefix[minute] as i128 * 60) / self.minute_weight(minute).max(1) as i128;
        MONDAY_EPOCH + (weeks as i64) * SECONDS_PER_WEEK + (minute as i64) * 60 + second as i64
    }

    /// Whether the curve is zero everywhere (a kind that can never happen).
    pub fn is_empty(&self) -> bool {
        self.prefix[MINUTES_PER_WEEK] == 0
    }
}

/// The slices of one window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slices {
    pub start: Timestamp,
    pub length: u32,
    pub count: u64,
}

impl Slices {
    pub fn new(start: Timestamp, days: u32, length: u32) -> Slices {
        Slices {
            start,
            length,
            count: days as u64 * 86_400 / length as u64,
        }
    }

    /// `[start, end)` of slice `s`.
    #[inline]
    pub fn bounds(&self, s: u64) -> (Timestamp, Timestamp) {
        let from = self.start + (s * self.length as u64) as i64;
        (from, from + self.length as i64)
    }

    /// The slice containing `t` (which must lie inside the window).
    #[inline]
    pub fn of(&self, t: Timestamp) -> u64 {
        ((t - self.start) / self.length as i64) as u64
    }

    pub fn end(&self) -> Timestamp {
        self.start + (self.count * self.length as u64) as i64
    }
}

/// An exact total spread over the slices of a window along a curve.
#[derive(Clone, Debug)]
pub struct Apportioned<'a> {
    curve: &'a Curve,
    slices: Slices,
    total: u64,
    base: i128,
    weight: u128,
}

impl<'a> Apportioned<'a> {
    /// `total` records over `slices` following `curve`. A zero curve puts everything… nowhere, so callers
    /// must not ask for records of a kind that cannot happen (checked: total must then be 0).
    pub fn new(curve: &'a Curve, slices: Slices, total: u64) -> Apportioned<'a> {
        let base = curve.cumulative(slices.start);
        let weight = (curve.cumulative(slices.end()) - base) as u128;
        debug_assert!(weight > 0 || total == 0);
        Apportioned {
            curve,
            slices,
            total,
            base,
            weight,
        }
    }

    /// Records before slice `s` (Σ of the counts of slices `0..s`).
    #[inline]
    pub fn before(&self, s: u64) -> u64 {
        if self.weight == 0 {
            return 0;
        }
        let (from, _) = self.slices.bounds(s.min(self.slices.count));
        let w = (self.curve.cumulative(from) - self.base) as u128;
        (self.total as u128 * w / self.weight) as u64
    }

    /// Records in slice `s`.
    #[inline]
    pub fn count(&self, s: u64) -> u64 {
        self.before(s + 1) - self.before(s)
    }

    /// Largest slice count.
    pub fn max_count(&self) -> u64 {
        (0..self.slices.count)
            .map(|s| self.count(s))
            .max()
            .unwrap_or(0)
    }
}

/// The longest slice length whose largest slice holds ≤ [`MAX_SLICE_RECORDS`] records of every kind and
/// that gives fewer than [`MAX_SLICES`] slices; None when no length fits.
pub fn choose_length(start: Timestamp, days: u32, kinds: &[(&Curve, u64)]) -> Option<u32> {
    choose_length_by(start, days, |slices| {
        kinds.iter().all(|&(curve, total)| {
            // Cheap bound first: if even a perfectly flat split overflows, skip the exact scan.
            total.div_ceil(slices.count.max(1)) <= MAX_SLICE_RECORDS
                && Apportioned::new(curve, slices, total).max_count() <= MAX_SLICE_RECORDS
        })
    })
}

/// The longest slice length with fewer than [`MAX_SLICES`] slices for which `fits` holds.
pub fn choose_length_by(
    start: Timestamp,
    days: u32,
    mut fits: impl FnMut(Slices) -> bool,
) -> Option<u32> {
    SLICE_LENGTHS.into_iter().find(|&length| {
        let slices = Slices::new(start, days, length);
        slices.count < MAX_SLICES && fits(slices)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::{days_from_civil, midnight};

    fn flat() -> Curve {
        Curve::from_minutes(&vec![1; MINUTES_PER_WEEK])
    }

    #[test]
    fn counts_sum_exactly_to_the_total() {
        let start = midnight(days_from_civil(2025, 1, 1)) + 3_600 * 5;
        let profile = LocalProfile::daily(
            [
                1, 1, 1, 1, 1, 2, 4, 8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2,
            ],
            [10, 10, 10, 10, 10, 6, 5],
        );
        let curve = Curve::mixed(&profile, &[70, 20, 10], &[-300, 0, 345]);
        for (days, length, total) in [
            (365, 3_600, 1_000_003u64),
            (7, 60, 17),
            (1, 10, 0),
            (30, 86_400, 99),
        ] {
            let slices = Slices::new(start, days, length);
            let a = Apportioned::new(&curve, slices, total);
            let sum: u64 = (0..slices.count).map(|s| a.count(s)).sum();
            assert_eq!(sum, total, "days {days} length {length}");
            assert_eq!(a.before(slices.count), total);
        }
    }

    #[test]
    fn closed_hours_get_nothing() {
        // Open Monday–Friday 09:00–17:00 local, in a UTC−5 country.
        let profile = LocalProfile::opening_hours(&[0, 1, 2, 3, 4], 9, 17);
        let curve = Curve::mixed(&profile, &[1], &[-300]);
        let start = midnight(days_from_civil(2025, 1, 6)); // a Monday
        let slices = Slices::new(start, 14, 3_600);
        let a = Apportioned::new(&curve, slices, 10_000);
        for s in 0..slices.count {
            let (from, _) = slices.bounds(s);
            let local = from - 5 * 3_600;
            let weekday = crate::core::time::weekday(crate::core::time::date_of(local)) as usize;
            let hour = (local.rem_euclid(86_400) / 3_600) as usize;
            let open = weekday < 5 && (9..17).contains(&hour);
            assert_eq!(
                a.count(s) > 0,
                open,
                "slice {s}: weekday {weekday} hour {hour}"
            );
        }
    }

    #[test]
    fn cumulative_weight_is_additive_across_weeks() {
        let curve = flat();
        let t0 = midnight(days_from_civil(2024, 12, 30));
        assert_eq!(
            curve.weight(t0, t0 + SECONDS_PER_WEEK),
            (MINUTES_PER_WEEK * 60) as u128
        );
        assert_eq!(
            curve.weight(t0 + 17, t0 + 17 + 3 * SECONDS_PER_WEEK + 5),
            (3 * MINUTES_PER_WEEK * 60 + 5) as u128
        );
        assert_eq!(curve.cumulative(MONDAY_EPOCH), 0);
        assert_eq!(curve.cumulative(MONDAY_EPOCH - 60), -60);
        let old = midnight(days_from_civil(1900, 1, 1));
        assert_eq!(curve.weight(old, old + 86_400), 86_400);
    }

    #[test]
    fn invert_undoes_cumulative_and_skips_closed_minutes() {
        let profile = LocalProfile::opening_hours(&[0, 1, 2, 3, 4], 9, 17);
        let curve = Curve::mixed(&profile, &[3, 1], &[60, 330]);
        let t0 = midnight(days_from_civil(2025, 3, 3));
        for t in (t0..t0 + 3 * SECONDS_PER_WEEK).step_by(997) {
            let c = curve.cumulative(t);
            let back = curve.invert(c);
            assert!(
                curve.cumulative(back) <= c && c < curve.cumulative(back + 1),
                "{t}"
            );
            assert!(curve.weight(back, back + 1) > 0, "lands on an open second");
        }
    }

    #[test]
    fn slice_length_is_the_longest_that_fits() {
        let curve = flat();
        let start = midnight(days_from_civil(2025, 1, 1));
        assert_eq!(choose_length(start, 365, &[(&curve, 1_000)]), Some(86_400));
        // 10 M over a year: 27,397 a day → 6 h slices hold 6,850.
        assert_eq!(
            choose_length(start, 365, &[(&curve, 10_000_000)]),
            Some(21_600)
        );
        assert_eq!(choose_length(start, 1, &[(&curve, 10_000_000_000)]), None);
        let slices = Slices::new(start, 365, 10);
        assert!(slices.count < MAX_SLICES);
        assert_eq!(
            slices.of(slices.bounds(slices.count - 1).0 + 9),
            slices.count - 1
        );
    }
}
