//! Background transaction realism (SPEC §8 R-1… flagged share) measured on one dataset of
//! 1,000 persons and 100,000 transactions (the default 100 per person, so invoice payments keep their
//! default share): amounts (Benford, per-type medians, round share), the account graph (degree
//! concentration, Hill tail, repeat pairs, cross-border share), local-time seasonality and business
//! hours, and the alerting layer's flagged share. Every figure is printed so it can be quoted.

mod common;
use bankgen::refdata;
use bankgen::time::{date_of, parse_timestamp, weekday};
use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const TRANSACTIONS: usize = 100_000;

/// Spec medians of amount_usd per type.
const MEDIANS: [(&str, f64); 10] = [
    ("pos", 35.0),
    ("online", 60.0),
    ("payment", 120.0),
    ("transfer", 250.0),
    ("ach", 900.0),
    ("wire", 12_000.0),
    ("deposit", 400.0),
    ("withdrawal", 300.0),
    ("check", 500.0),
    ("atm", 100.0),
];

/// Every measured figure; computed once from one dataset.
#[derive(Debug)]
struct Metrics {
    background: usize,
    benford_mad: f64,
    two_sided: usize,
    accounts_with_degree: usize,
    top1_share: f64,
    max_over_median: f64,
    hill: f64,
    repeat_share: f64,
    cross_border: f64,
    weekend_ratio: f64,
    night_retail: f64,
    business_exceptions: usize,
    branch_exceptions: usize,
    flagged: f64,
    round: f64,
    /// (type, spec median, measured median, rows).
    medians: Vec<(&'static str, f64, f64, usize)>,
}

fn s(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// First significant digit of a JSON number, read from its text.
fn first_digit(v: &Value) -> Option<usize> {
    v.to_string()
        .bytes()
        .find(|b| (b'1'..=b'9').contains(b))
        .map(|b| (b - b'0') as usize)
}

/// Local time (seconds) of the sender, or of the receiver when there is no sender (deposits).
fn local_ts(t: &Value) -> i64 {
    let ts = parse_timestamp(s(&t["transaction_date"])).expect("timestamp");
    let code = if t["originating_country"].is_string() {
        s(&t["originating_country"])
    } else {
        s(&t["destination_country"])
    };
    let c = refdata::country_by_code(code).unwrap_or_else(|| panic!("country {code}"));
    ts + refdata::country(c).utc_offset_minutes as i64 * 60
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let n = TRANSACTIONS.to_string();
        let dir = generate(&[
            "--persons",
            "1000",
            "--transactions",
            &n,
            "--format",
            "jsonl",
            "--only",
            "transactions,accounts,companies,persons",
            "--seed",
            "17",
            "--no-patterns",
        ]);
        let files = files(&dir.path().join("out"));
        let all = jsonl_records(&files["transactions.jsonl"]);
        assert_eq!(all.len(), TRANSACTIONS);
        let rows: Vec<&Value> = all.iter().filter(|t| t["pattern_id"].is_null()).collect();
        let m = measure(&rows);
        eprintln!("realism metrics (seed 17, {} rows):", TRANSACTIONS);
        eprintln!("  background rows             {}", m.background);
        eprintln!("  Benford MAD                 {:.5}", m.benford_mad);
        eprintln!("  two-sided rows              {}", m.two_sided);
        eprintln!("  accounts with degree ≥ 1    {}", m.accounts_with_degree);
        eprintln!("  top 1% degree share         {:.4}", m.top1_share);
        eprintln!("  max / median degree         {:.2}", m.max_over_median);
        eprintln!("  Hill tail exponent (top 1%) {:.3}", m.hill);
        eprintln!("  repeat-pair share           {:.4}", m.repeat_share);
        eprintln!("  cross-border share          {:.4}", m.cross_border);
        eprintln!("  weekend / weekday daily     {:.4}", m.weekend_ratio);
        eprintln!("  night share of retail       {:.4}", m.night_retail);
        eprintln!("  wire/ACH off-hours rows     {}", m.business_exceptions);
        eprintln!("  branch off-hours rows       {}", m.branch_exceptions);
        eprintln!("  flagged share               {:.4}", m.flagged);
        eprintln!("  round share                 {:.4}", m.round);
        for (kind, spec, got, count) in &m.medians {
            eprintln!(
                "  median {kind:<10} spec {spec:>8.0} measured {got:>10.2} ratio {:.3} (n = {count})",
                got / spec
            );
        }
        m
    })
}

fn measure(rows: &[&Value]) -> Metrics {
    let background = rows.len();
    let share = |k: usize, n: usize| k as f64 / n.max(1) as f64;

    // R-3 Benford on the amount in its own currency.
    let mut digits = [0usize; 10];
    for t in rows {
        digits[first_digit(&t["amount"]).expect("amount > 0")] += 1;
    }
    let counted: usize = digits.iter().sum();
    let benford_mad = (1..=9)
        .map(|d| {
            let expected = libm::log10(1.0 + 1.0 / d as f64);
            (share(digits[d], counted) - expected).abs()
        })
        .sum::<f64>()
        / 9.0;

    // R-4…R-6 over two-sided rows. Degree: an account counts once per side it appears on; the top 1%
    // is of the accounts that appear at all, and its share is of all endpoints (2 per row). Hill:
    // k / Σ ln(x_i / x_(k+1)) over the top k = 1% of degrees.
    let two: Vec<&&Value> = rows
        .iter()
        .filter(|t| t["from_account_id"].is_string() && t["to_account_id"].is_string())
        .collect();
    let mut degree: BTreeMap<&str, u64> = BTreeMap::new();
    let mut pairs: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut cross = 0usize;
    for t in &two {
        let (from, to) = (s(&t["from_account_id"]), s(&t["to_account_id"]));
        *degree.entry(from).or_default() += 1;
        *degree.entry(to).or_default() += 1;
        *pairs.entry((from, to)).or_default() += 1;
        if t["originating_country"] != t["destination_country"] {
            cross += 1;
        }
    }
    let mut degrees: Vec<u64> = degree.values().copied().collect();
    degrees.sort_unstable_by(|a, b| b.cmp(a));
    let top = (degrees.len() / 100).max(1);
    let total_degree: u64 = degrees.iter().sum();
    let top1_share = degrees[..top].iter().sum::<u64>() as f64 / total_degree as f64;
    let mut as_f: Vec<f64> = degrees.iter().map(|&d| d as f64).collect();
    let max_over_median = degrees[0] as f64 / median(&mut as_f);
    let floor = degrees[top] as f64;
    let hill = top as f64
        / degrees[..top]
            .iter()
            .map(|&d| libm::log(d as f64 / floor))
            .sum::<f64>();
    let repeated: u64 = pairs.values().filter(|&&c| c >= 2).sum();
    let repeat_share = share(repeated as usize, two.len());

    // R-7 seasonality in local time (the sender's fixed UTC offset; the receiver's for deposits).
    // Volume is a row count; retail = pos, online, payment, atm, transfer.
    let mut per_day: BTreeMap<i32, usize> = BTreeMap::new();
    let (mut retail, mut night) = (0usize, 0usize);
    let (mut business_exceptions, mut branch_exceptions) = (0usize, 0usize);
    for t in rows {
        let local = local_ts(t);
        let day = date_of(local);
        let wd = weekday(day);
        let hour = local.rem_euclid(86_400) / 3_600;
        *per_day.entry(day).or_default() += 1;
        let open = (9..17).contains(&hour);
        match s(&t["transaction_type"]) {
            "pos" | "online" | "payment" | "atm" | "transfer" => {
                retail += 1;
                if hour < 6 {
                    night += 1;
                }
            }
            "wire" | "ach" if !(wd < 5 && open) => business_exceptions += 1,
            "deposit" | "withdrawal" | "check" if !(wd < 6 && open) => branch_exceptions += 1,
            _ => {}
        }
    }
    // Drop the partial first and last local days.
    let days: Vec<(i32, usize)> = per_day.into_iter().collect();
    let inner = &days[1..days.len() - 1];
    let mean_of = |weekend: bool| {
        let sel: Vec<usize> = inner
            .iter()
            .filter(|(d, _)| (weekday(*d) >= 5) == weekend)
            .map(|&(_, c)| c)
            .collect();
        sel.iter().sum::<usize>() as f64 / sel.len().max(1) as f64
    };
    let weekend_ratio = mean_of(true) / mean_of(false);

    //
    let flagged = share(
        rows.iter()
            .filter(|t| t["is_flagged"].as_bool().expect("bool"))
            .count(),
        background,
    );
    let round = share(
        rows.iter()
            .filter(|t| t["is_round_amount"].as_bool().expect("bool"))
            .count(),
        background,
    );

    // R-1 per-type medians of amount_usd, invoice payments excluded.
    let mut by_type: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for t in rows {
        if s(&t["reference_number"]).starts_with("INV-") {
            continue;
        }
        by_type
            .entry(s(&t["transaction_type"]))
            .or_default()
            .push(t["amount_usd"].as_f64().expect("amount_usd"));
    }
    let medians = MEDIANS
        .iter()
        .map(|&(kind, spec)| {
            let values = by_type
                .get_mut(kind)
                .map(Vec::as_mut_slice)
                .unwrap_or_default();
            let count = values.len();
            (kind, spec, median(values), count)
        })
        .collect();

    Metrics {
        background,
        benford_mad,
        two_sided: two.len(),
        accounts_with_degree: degrees.len(),
        top1_share,
        max_over_median,
        hill,
        repeat_share,
        cross_border: share(cross, two.len()),
        weekend_ratio,
        night_retail: share(night, retail),
        business_exceptions,
        branch_exceptions,
        flagged,
        round,
        medians,
    }
}

#[test]
fn dataset_is_large_and_all_background() {
    let m = metrics();
    assert!(m.background >= 100_000, "background rows {}", m.background);
}

#[test]
fn amounts_follow_benford() {
    let m = metrics();
    assert!(m.benford_mad <= 0.006, "Benford MAD {:.5}", m.benford_mad);
}

#[test]
fn degrees_are_concentrated_with_a_heavy_tail() {
    let m = metrics();
    assert!(m.top1_share >= 0.10, "top 1% share {:.4}", m.top1_share);
    assert!(
        m.max_over_median >= 20.0,
        "max/median degree {:.2}",
        m.max_over_median
    );
    assert!(
        (1.5..=3.5).contains(&m.hill),
        "Hill tail exponent {:.3}",
        m.hill
    );
}

#[test]
fn counterparties_repeat() {
    let m = metrics();
    assert!(
        m.repeat_share >= 0.30,
        "repeat-pair share {:.4}",
        m.repeat_share
    );
}

#[test]
fn cross_border_share_is_ten_to_fifteen_percent() {
    let m = metrics();
    assert!(
        (0.10..=0.15).contains(&m.cross_border),
        "cross-border share {:.4}",
        m.cross_border
    );
}

#[test]
fn weekends_are_lighter() {
    let m = metrics();
    assert!(
        (0.4..=0.8).contains(&m.weekend_ratio),
        "weekend/weekday daily volume {:.4}",
        m.weekend_ratio
    );
}

#[test]
fn nights_are_quiet() {
    let m = metrics();
    assert!(
        m.night_retail <= 0.08,
        "night share of retail {:.4}",
        m.night_retail
    );
}

#[test]
fn business_and_branch_hours_hold() {
    let m = metrics();
    assert_eq!(m.business_exceptions, 0, "wire/ACH outside Mon–Fri 09–17");
    assert_eq!(m.branch_exceptions, 0, "branch types outside Mon–Sat 09–17");
}

#[test]
fn flagged_share_is_imperfect_but_bounded() {
    let m = metrics();
    assert!(
        (0.005..=0.05).contains(&m.flagged),
        "flagged share {:.4}",
        m.flagged
    );
}

#[test]
fn round_share_is_two_to_eight_percent() {
    let m = metrics();
    assert!(
        (0.02..=0.08).contains(&m.round),
        "round share {:.4}",
        m.round
    );
}

#[test]
fn medians_per_type_match_the_spec() {
    let m = metrics();
    for &(kind, spec, got, count) in &m.medians {
        assert!(count > 0, "no {kind} rows");
        assert!(
            (got / spec - 1.0).abs() <= 0.25,
            "{kind}: median amount_usd {got:.2} vs spec {spec} (n = {count})"
        );
    }
}
