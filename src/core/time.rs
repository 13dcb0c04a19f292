//! Integer calendar arithmetic on UTC seconds and days since 1970-01-01, and their RFC 3339 text.
//!
//! Generation works on plain integers (no time zones, no clock); chrono is used only to parse
//! `--start` at the boundary. The civil-date conversions are Howard Hinnant's public-domain algorithms,
//! kept here because they run per field on the hot path.

/// Seconds since 1970-01-01T00:00:00Z.
pub type Timestamp = i64;
/// Days since 1970-01-01.
pub type Date = i32;

pub const SECONDS_PER_DAY: i64 = 86_400;

/// (year, month 1..=12, day 1..=31) of a day number.
pub const fn civil_from_days(days: Date) -> (i32, u32, u32) {
    let z = days as i64 + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// Day number of a civil date.
pub const fn days_from_civil(year: i32, month: u32, day: u32) -> Date {
    let y = if month <= 2 {
        year as i64 - 1
    } else {
        year as i64
    };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    (era * 146_097 + doe - 719_468) as Date
}

/// The day containing a timestamp.
pub const fn date_of(ts: Timestamp) -> Date {
    ts.div_euclid(SECONDS_PER_DAY) as Date
}

/// Midnight UTC of a day.
pub const fn midnight(date: Date) -> Timestamp {
    date as i64 * SECONDS_PER_DAY
}

/// ISO weekday, Monday = 0 … Sunday = 6.
pub const fn weekday(date: Date) -> u32 {
    // 1970-01-01 was a Thursday (3).
    ((date as i64 + 3).rem_euclid(7)) as u32
}

pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Adds whole calendar years, clamping 29 February to 28 February.
pub const fn add_years(date: Date, years: i32) -> Date {
    let (y, m, d) = civil_from_days(date);
    let ny = y + years;
    let nd = if m == 2 && d == 29 && !is_leap_year(ny) {
        28
    } else {
        d
    };
    days_from_civil(ny, m, nd)
}

/// Completed years between a birth date and a reference date.
pub const fn age_at(birth: Date, on: Date) -> i32 {
    let (by, bm, bd) = civil_from_days(birth);
    let (y, m, d) = civil_from_days(on);
    let mut age = y - by;
    if m < bm || (m == bm && d < bd) {
        age -= 1;
    }
    age
}

/// Adds `n` business days (Monday–Friday), skipping weekends.
pub const fn add_business_days(date: Date, n: u32) -> Date {
    let mut d = date;
    let mut left = n;
    while left > 0 {
        d += 1;
        if weekday(d) < 5 {
            left -= 1;
        }
    }
    d
}

/// `YYYY-MM-DD` of a day (years clamped to 0000..=9999).
#[inline]
fn date_text(date: Date) -> [u8; 10] {
    let (y, m, d) = civil_from_days(date);
    let y = y.clamp(0, 9999) as u32;
    let ([y1, y2], [y3, y4]) = (two_digits(y / 100), two_digits(y % 100));
    let ([m1, m2], [d1, d2]) = (two_digits(m), two_digits(d));
    [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2]
}

/// The two ASCII digits of `v` (< 100).
#[inline]
fn two_digits(v: u32) -> [u8; 2] {
    [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8]
}

/// Appends `YYYY-MM-DD`.
#[inline]
pub fn write_date(out: &mut Vec<u8>, date: Date) {
    out.extend_from_slice(&date_text(date));
}

/// Appends `YYYY-MM-DDTHH:MM:SSZ`.
#[inline]
pub fn write_timestamp(out: &mut Vec<u8>, ts: Timestamp) {
    let mut text = [0u8; 20];
    text[..10].copy_from_slice(&date_text(date_of(ts)));
    let secs = ts.rem_euclid(SECONDS_PER_DAY) as u32;
    let (h, mi, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    let ([h1, h2], [i1, i2], [s1, s2]) = (two_digits(h), two_digits(mi), two_digits(s));
    text[10..].copy_from_slice(&[b'T', h1, h2, b':', i1, i2, b':', s1, s2, b'Z']);
    out.extend_from_slice(&text);
}

pub fn format_date(date: Date) -> String {
    let mut v = Vec::with_capacity(10);
    write_date(&mut v, date);
    String::from_utf8(v).unwrap_or_default()
}

pub fn format_timestamp(ts: Timestamp) -> String {
    let mut v = Vec::with_capacity(20);
    write_timestamp(&mut v, ts);
    String::from_utf8(v).unwrap_or_default()
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
        })
    };
    let (y, m, d) = (num(&b[0..4])?, num(&b[5..7])?, num(&b[8..10])?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y as i32, m) {
        return None;
    }
    Some(days_from_civil(y as i32, m, d))
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ` exactly as bankgen writes it.
pub fn parse_timestamp(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    if b.len() != 20 || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let date = parse_date(&text[..10])?;
    let num = |s: &[u8]| -> Option<i64> {
        s.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as i64)
        })
    };
    let (h, mi, s) = (num(&b[11..13])?, num(&b[14..16])?, num(&b[17..19])?);
    if h > 23 || mi > 59 || s > 59 {
        return None;
    }
    Some(midnight(date) + h * 3600 + mi * 60 + s)
}

pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if is_leap_year(year) {
                29
            } else {
                28
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2025, 1, 1), 20_089);
        assert_eq!(civil_from_days(20_089), (2025, 1, 1));
        for d in -800_000..800_000 {
            if d % 997 == 0 {
                let (y, m, dd) = civil_from_days(d);
                assert_eq!(days_from_civil(y, m, dd), d);
            }
        }
        assert_eq!(weekday(days_from_civil(2025, 1, 1)), 2); // a Wednesday
    }

    #[test]
    fn formatting() {
        assert_eq!(format_timestamp(1_735_689_600), "2025-01-01T00:00:00Z");
        assert_eq!(
            format_timestamp(1_735_689_600 + 3661),
            "2025-01-01T01:01:01Z"
        );
        assert_eq!(
            parse_timestamp("2025-01-01T01:01:01Z"),
            Some(1_735_689_600 + 3661)
        );
        assert_eq!(parse_date("2024-02-30"), None);
    }

    #[test]
    fn ages_and_years() {
        let birth = days_from_civil(2000, 2, 29);
        assert_eq!(age_at(birth, days_from_civil(2018, 2, 28)), 17);
        assert_eq!(age_at(birth, days_from_civil(2018, 3, 1)), 18);
        assert_eq!(add_years(birth, 1), days_from_civil(2001, 2, 28));
    }

    #[test]
    fn business_days_skip_weekends() {
        let friday = days_from_civil(2025, 1, 3);
        assert_eq!(add_business_days(friday, 1), days_from_civil(2025, 1, 6));
        assert_eq!(add_business_days(friday, 2), days_from_civil(2025, 1, 7));
    }
}
