//! Background transaction realism (SPEC §8 R-1… flagged share) measured on one dataset of
//! 1,000 persons and 100,000 transactions (the default 100 per person, so invoice payments keep their
//! default share): amounts (Benford, per-type medians, round share), the account graph (degree
//! concentration, Hill tail, repeat pairs, cross-border share), local-time seasonality and business
//! hours, and the alerting layer's flagged share. Every figure is printed so it can be quoted. The figures
//! come from `bankgen::validate::realism` (the code behind `validate --realism`), so the metric code
//! exists once.

mod common;
use bankgen::validate::realism::Figures;
use common::*;
use std::sync::OnceLock;

const TRANSACTIONS: usize = 100_000;

/// Every measured figure, computed once from one dataset by the validator's realism module (the one
/// implementation of the §8 metrics, also behind `bankgen validate --realism`).
type Metrics = Figures;

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
        let outcome = bankgen::validate::run(&bankgen::validate::Options {
            dirs: vec![dir.path().join("out")],
            strict: false,
            max_examples: 3,
            realism: true,
            partial: false,
        })
        .expect("validates");
        assert!(outcome.valid(), "{}", bankgen::validate::report::human(&outcome));
        let m = *outcome.realism.expect("realism figures").figures.0;
        assert_eq!(m.transactions as usize, TRANSACTIONS);
        eprintln!("realism metrics (seed 17, {} rows):", TRANSACTIONS);
        eprintln!("  background rows             {}", m.background);
        eprintln!("  Benford MAD                 {:.5}", m.benford_mad);
        eprintln!("  two-sided rows              {}", m.two_sided);
        eprintln!("  accounts with degree ≥ 1    {}", m.accounts_with_degree);
        eprintln!("  top 1% degree share         {:.4}", m.top1_share);
        eprintln!("  max / median degree         {:.2}", m.max_over_median);
        eprintln!("  Hill tail exponent (top 1%) {:.3}", m.hill);
        eprintln!("  repeat-pair share (≥)       {:.4}", m.repeat_share);
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
