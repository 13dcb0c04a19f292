//! Background travels (SPEC §7.7). One kind: departures follow a daytime curve in the departure
//! country's local time, mixed by the countries' person shares. A record is drawn from RNG index
//! `(slice << 16) | ordinal`: its time follows the curve inside the slice, its departure country
//! follows the curve's country mix at that time, then [`draw_traveller`] picks who travels (Zipf over a
//! keyed order of persons, so frequent travellers are random people) and [`build`] — the builder that
//! pattern records would reuse — fills every other field from the same record RNG.
//!
//! Arrival rule: dates are UTC dates of the timestamps; a short-haul trip arrives the same date, a
//! long-haul one ([`is_long_haul`]) the same date or the next. Short-haul durations are cut at UTC
//! midnight to keep that rule exact.

use super::pools::{self, CountryMix, CountryPool, local_hour};
use super::{Ctx, person};
use crate::core::seed::{Rng, StreamKey};
use crate::core::time::{Date, Timestamp, date_of, midnight};
use crate::generators::alert::TravelAlertParams;
use crate::model::record::Decimal;
use crate::model::travel::{TransportMode, Travel, TravelPurpose};
use crate::refdata::{self, COUNTRIES, CountryId};
use crate::schedule::events::{FilePlan, KindPlan};
use crate::schedule::slices::{Curve, LocalProfile, Slices};

/// Great-circle distance (km, between bounding-box centres) from which a trip is long haul.
pub const LONG_HAUL_KM: f64 = 3_500.0;
/// Smallest declared cash amount: 10,000 USD in cents (§7.7 "≥ 10,000 USD-eq iff declared").
pub const MIN_DECLARED_USD_CENTS: i64 = 1_000_000;

/// AL rule labels in rule order; weights, thresholds and the flag score are in `[alerts.travels]`
/// ([`TravelAlertParams`]).
pub const TRAVEL_RULES: [&str; 5] = [
    "high_risk_destination",
    "tax_haven_destination",
    "brief_visit",
    "tourism_to_high_risk_country",
    "cash_declared",
];

/// (IATA code, airline, home country): national carriers are preferred on their routes.
const AIRLINES: [(&str, &str, &str); 20] = [
    ("AA", "American Airlines", "US"),
    ("DL", "Delta Air Lines", "US"),
    ("UA", "United Airlines", "US"),
    ("BA", "British Airways", "GB"),
    ("LH", "Lufthansa", "DE"),
    ("AF", "Air France", "FR"),
    ("KL", "KLM", "NL"),
    ("LX", "Swiss International Air Lines", "CH"),
    ("JL", "Japan Airlines", "JP"),
    ("NH", "All Nippon Airways", "JP"),
    ("AC", "Air Canada", "CA"),
    ("QF", "Qantas", "AU"),
    ("AZ", "ITA Airways", "IT"),
    ("IB", "Iberia", "ES"),
    ("EK", "Emirates", "AE"),
    ("QR", "Qatar Airways", "QA"),
    ("SQ", "Singapore Airlines", "SG"),
    ("CX", "Cathay Pacific", "HK"),
    ("TK", "Turkish Airlines", "TR"),
    ("LO", "LOT Polish Airlines", "PL"),
];

/// Departures by local hour: early-morning and early-evening peaks, nothing at night; Fridays and
/// Sundays busier.
fn profile() -> LocalProfile {
    LocalProfile::daily(
        [
            0, 0, 0, 0, 0, 2, 8, 12, 12, 10, 9, 9, 9, 9, 10, 11, 12, 12, 10, 8, 6, 4, 2, 0,
        ],
        [9, 9, 9, 10, 12, 9, 11],
    )
}

/// Lookup tables built once per run.
pub struct Tables {
    curve: Curve,
    /// Persons per country (the departure mix and the visitors' home mix).
    shares: Vec<u64>,
    /// Countries by time (share × the local profile).
    mix: CountryMix,
    /// One country's persons in a keyed order with Zipf weights.
    pools: Vec<CountryPool>,
    centres: Vec<CountryId>,
    key: StreamKey,
}

impl Tables {
    pub fn new(ctx: &Ctx) -> Tables {
        let zipf = ctx.params.travels.traveller_zipf_exponent;
        let pools = pools::per_country(ctx, "travel.persons", false, [zipf]);
        let shares = pools::sizes(&pools);
        let offsets: Vec<i16> = COUNTRIES.iter().map(|c| c.utc_offset_minutes).collect();
        Tables {
            curve: Curve::mixed(&profile(), &shares, &offsets),
            mix: CountryMix::new(&shares, &profile()),
            shares,
            pools,
            centres: (0..COUNTRIES.len() as CountryId)
                .filter(|&c| refdata::country(c).financial_centre)
                .collect(),
            key: StreamKey::new(ctx.seed, "travel.background"),
        }
    }
}

/// The background plan of the travels file: one kind along the departure curve.
pub fn file_plan(tables: &Tables, background: u64) -> FilePlan {
    FilePlan {
        kinds: vec![KindPlan::new(&tables.curve, background)],
    }
}

/// Draws the background travels of slice `s` (unordered; ids are assigned by the caller).
pub fn slice(
    ctx: &Ctx,
    tables: &Tables,
    plan: &FilePlan,
    slices: Slices,
    s: u64,
    out: &mut Vec<Travel>,
) {
    plan.draw_slice(&tables.key, slices, s, |_, ts, rng| {
        let departure = departure_country(tables, ts, rng);
        let traveller = draw_traveller(ctx, tables, departure, rng);
        out.push(build(ctx, tables, ts, departure, traveller, None, rng));
    });
}

/// Whether `ts` is inside the departure profile's hours in country `c` (a validator-side check).
pub fn is_departure_hour(c: CountryId, ts: Timestamp) -> bool {
    let (d, h) = local_hour(c, ts);
    profile().at(d, h) > 0
}

/// The departure country at `ts`: share × local profile weight, so night departures never occur.
fn departure_country(tables: &Tables, ts: Timestamp, rng: &mut Rng) -> CountryId {
    tables.mix.draw(ts, rng)
}

/// A country drawn by person share.
fn by_share(tables: &Tables, rng: &mut Rng) -> CountryId {
    pools::by_share(&tables.shares, rng).unwrap_or(0)
}

/// Who departs from `departure`: mostly one of its residents, otherwise a visitor from elsewhere;
/// Zipf over each country's keyed order, so a few people travel very often.
pub fn draw_traveller(ctx: &Ctx, tables: &Tables, departure: CountryId, rng: &mut Rng) -> u64 {
    let mut home = departure;
    if rng.below(100) >= ctx.params.travels.resident_percent() {
        let c = by_share(tables, rng);
        if c != departure {
            home = c;
        }
    }
    let pool = &tables.pools[home as usize];
    let pool = if pool.is_empty() {
        &tables.pools[departure as usize]
    } else {
        pool
    };
    ctx.layout.person_at_slot(pool.draw(rng))
}

/// A destination other than `departure`: home for a visitor (mostly), else financial centres
/// favoured, then the person mix, with a uniform tail so every country (havens, high-risk) occurs.
fn arrival_country(
    ctx: &Ctx,
    tables: &Tables,
    departure: CountryId,
    home: CountryId,
    rng: &mut Rng,
) -> CountryId {
    let p = &ctx.params.travels;
    if home != departure && rng.chance(p.visitor_home_probability) {
        return home;
    }
    let (centres, by_population) = p.arrival_thresholds();
    for _ in 0..16 {
        let roll = rng.below(100);
        let c = if roll < centres && !tables.centres.is_empty() {
            *rng.pick(&tables.centres)
        } else if roll < by_population {
            by_share(tables, rng)
        } else {
            rng.below(COUNTRIES.len() as u64) as CountryId
        };
        if c != departure {
            return c;
        }
    }
    // Sixteen misses in a row: the next country in table order.
    ((departure as usize + 1) % COUNTRIES.len()) as CountryId
}

/// Great-circle distance between the bounding-box centres of two countries, in km.
fn distance_km(a: CountryId, b: CountryId) -> f64 {
    let centre = |c: CountryId| {
        let (lat0, lat1, lon0, lon1) = refdata::country(c).bbox;
        let deg = |micro: i64| (micro as f64 / 1e6).to_radians();
        (
            deg((lat0 as i64 + lat1 as i64) / 2),
            deg((lon0 as i64 + lon1 as i64) / 2),
        )
    };
    let ((la1, lo1), (la2, lo2)) = (centre(a), centre(b));
    let h = libm::pow(libm::sin((la2 - la1) / 2.0), 2.0)
        + libm::cos(la1) * libm::cos(la2) * libm::pow(libm::sin((lo2 - lo1) / 2.0), 2.0);
    2.0 * 6_371.0 * libm::asin(libm::sqrt(h.min(1.0)))
}

/// Whether a trip between two countries may arrive on the next (UTC) date.
pub fn is_long_haul(departure: CountryId, arrival: CountryId) -> bool {
    distance_km(departure, arrival) >= LONG_HAUL_KM
}

/// Travel time in seconds by mode and haul.
fn duration(mode: TransportMode, long: bool, rng: &mut Rng) -> i64 {
    let (lo_h, hi_h) = match (mode, long) {
        (TransportMode::Air, false) => (1, 5),
        (TransportMode::Air, true) => (6, 16),
        (TransportMode::Land | TransportMode::Rail, false) => (2, 10),
        (TransportMode::Land | TransportMode::Rail, true) => (8, 22),
        (TransportMode::Sea, false) => (2, 12),
        (TransportMode::Sea, true) => (10, 23),
    };
    rng.between(lo_h * 3_600, hi_h * 3_600)
}

/// Builds one travel at `ts` from `departure` by person `traveller`: the shared record builder. A
/// typology may fix the destination with `arrival` (it must differ from `departure`).
pub fn build(
    ctx: &Ctx,
    tables: &Tables,
    ts: Timestamp,
    departure: CountryId,
    traveller: u64,
    arrival: Option<CountryId>,
    rng: &mut Rng,
) -> Travel {
    let tie = rng.next_u64();
    let core = person::core(ctx, traveller);
    let arrival = arrival
        .filter(|&a| a != departure)
        .unwrap_or_else(|| arrival_country(ctx, tables, departure, core.country, rng));
    let p = &ctx.params.travels;
    let [air, land, sea, rail] = p.mode_weights();
    let transport_mode = rng.weighted_item(&[
        (TransportMode::Air, air),
        (TransportMode::Land, land),
        (TransportMode::Sea, sea),
        (TransportMode::Rail, rail),
    ]);
    let [
        business,
        tourism,
        family_visit,
        conference,
        medical,
        education,
    ] = p.purpose_weights();
    let purpose = rng.weighted_item(&[
        (TravelPurpose::Business, business),
        (TravelPurpose::Tourism, tourism),
        (TravelPurpose::FamilyVisit, family_visit),
        (TravelPurpose::Conference, conference),
        (TravelPurpose::Medical, medical),
        (TravelPurpose::Education, education),
    ]);
    let long = is_long_haul(departure, arrival);
    let mut travel_time = duration(transport_mode, long, rng);
    if !long {
        // Same UTC date: never past the last second of the departure date.
        travel_time = travel_time.min(midnight(date_of(ts) + 1) - 1 - ts);
    }
    let arrival_ts = ts + travel_time;
    let return_date = date_of(arrival_ts) + rng.between(1, 30) as Date;
    let booking_date = date_of(ts) - rng.between(1, 60) as Date;
    let visa_required = rng.chance(p.visa_required_probability);
    let visa_obtained = visa_required && rng.chance(p.visa_obtained_probability);
    let (flight_number, airline) = if transport_mode == TransportMode::Air {
        let (code, name) = airline(departure, arrival, p.national_carrier_probability, rng);
        (Some(format!("{code}{}", rng.between(1, 9_999))), Some(name))
    } else {
        (None, None)
    };
    let declared_cash_amount = rng.chance(p.cash_declaration_probability).then(|| {
        // Log-normal, never below the 10,000 USD declaration floor, whole dollars.
        let usd = rng
            .log_normal(p.declared_cash_median_usd, p.declared_cash_sigma)
            .clamp(10_000.0, 1_000_000.0);
        let cents = (libm::round(usd) as i64 * 100).max(MIN_DECLARED_USD_CENTS);
        Decimal::new(cents, 2)
    });
    let mut t = Travel {
        traveler_id: ctx.person_id(traveller),
        departure_country: refdata::country(departure).code,
        arrival_country: refdata::country(arrival).code,
        departure_date: ts,
        arrival_date: arrival_ts,
        return_date,
        purpose,
        transport_mode,
        visa_required,
        visa_obtained,
        passport_number: person::passport(ctx, &core).map(|doc| doc.doc_number),
        flight_number,
        airline,
        booking_date,
        declared_cash_amount,
        tie,
        ..Default::default()
    };
    let (indicators, score, flagged) =
        travel_alerts(&TravelFacts::of(&t), &ctx.params.alerts.travels);
    t.suspicious_indicators = indicators;
    t.risk_score = score;
    t.flagged_for_review = flagged;
    t
}

/// A carrier for the route: the departure or arrival country's national carrier when there is one
/// (with probability `national`), else any.
fn airline(
    departure: CountryId,
    arrival: CountryId,
    national: f64,
    rng: &mut Rng,
) -> (&'static str, &'static str) {
    let codes = [
        refdata::country(departure).code,
        refdata::country(arrival).code,
    ];
    let carriers: Vec<usize> = (0..AIRLINES.len())
        .filter(|&i| codes.contains(&AIRLINES[i].2))
        .collect();
    let i = if !carriers.is_empty() && rng.chance(national) {
        *rng.pick(&carriers)
    } else {
        rng.index(AIRLINES.len())
    };
    (AIRLINES[i].0, AIRLINES[i].1)
}

/// What the travel rules look at.
#[derive(Clone, Copy, Debug, Default)]
pub struct TravelFacts {
    pub arrival_high_risk: bool,
    pub arrival_tax_haven: bool,
    /// Days from the arrival date to the return date.
    pub stay_days: i32,
    pub tourism: bool,
    pub cash_declared: bool,
}

impl TravelFacts {
    /// The facts of a record, from its own fields and the arrival country's groups.
    pub fn of(t: &Travel) -> TravelFacts {
        let arrival = refdata::country_by_code(t.arrival_country).map(refdata::country);
        TravelFacts {
            arrival_high_risk: arrival.is_some_and(|c| c.high_risk),
            arrival_tax_haven: arrival.is_some_and(|c| c.tax_haven),
            stay_days: t.return_date - date_of(t.arrival_date),
            tourism: t.purpose == TravelPurpose::Tourism,
            cash_declared: t.declared_cash_amount.is_some(),
        }
    }
}

/// The travel AL rules (SPEC §7.7): (indicators in rule order, risk score dec(4),
/// flagged_for_review). `validate` re-runs this on parsed records.
pub fn travel_alerts(f: &TravelFacts, p: &TravelAlertParams) -> (Vec<&'static str>, Decimal, bool) {
    let (high_risk, haven) = (f.arrival_high_risk, f.arrival_tax_haven);
    let hits = [
        high_risk,
        haven,
        f.stay_days <= p.brief_visit_max_days && (high_risk || haven),
        f.tourism && high_risk,
        f.cash_declared,
    ];
    let mut labels = Vec::new();
    let mut score = 0i64;
    for ((label, weight), hit) in TRAVEL_RULES.into_iter().zip(p.weights()).zip(hits) {
        if hit {
            labels.push(label);
            score += weight as i64;
        }
    }
    let score = score.min(10_000);
    (labels, Decimal::new(score, 4), score >= p.flag_score as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Ctx {
        crate::generators::test_ctx(11, 4_000, 300, 6_000, 365)
    }

    /// The records of the first `days` days of a plan of `total` travels over the year.
    fn generate(ctx: &Ctx, tables: &Tables, total: u64, days: u64) -> (Slices, Vec<(u64, Travel)>) {
        let plan = file_plan(tables, total);
        let slices = Slices::new(ctx.window.start, ctx.window.days, 3_600);
        let mut out = Vec::new();
        for s in 0..days * 24 {
            let mut buf = Vec::new();
            slice(ctx, tables, &plan, slices, s, &mut buf);
            out.extend(buf.into_iter().map(|t| (s, t)));
        }
        (slices, out)
    }

    #[test]
    fn slice_counts_sum_to_the_total_and_stay_in_their_slice() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 100_003);
        let slices = Slices::new(ctx.window.start, ctx.window.days, 3_600);
        let sum: u64 = (0..slices.count)
            .map(|s| plan.kind_count(slices, 0, s))
            .sum();
        assert_eq!(sum, 100_003);
        let (slices, records) = generate(&ctx, &tables, 100_003, 10);
        assert!(records.len() > 2_000);
        for (s, t) in &records {
            let (from, to) = slices.bounds(*s);
            assert!((from..to).contains(&t.departure_date), "slice {s}");
        }
    }

    #[test]
    fn same_slice_twice_gives_identical_bytes() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let plan = file_plan(&tables, 50_000);
        let slices = Slices::new(ctx.window.start, ctx.window.days, 3_600);
        let bytes = |s: u64| {
            let mut recs = Vec::new();
            slice(&ctx, &tables, &plan, slices, s, &mut recs);
            let mut out = Vec::new();
            for r in &recs {
                crate::encode::json::write_record(r, &mut out);
            }
            (recs.len(), out)
        };
        let s = 24 * 40 + 14;
        let (n, first) = bytes(s);
        assert!(n > 0);
        assert_eq!(first, bytes(s).1);
        // A fresh context (fresh tables) agrees as well.
        let ctx2 = self::ctx();
        let tables2 = Tables::new(&ctx2);
        let mut recs = Vec::new();
        slice(&ctx2, &tables2, &plan, slices, s, &mut recs);
        let mut again = Vec::new();
        for r in &recs {
            crate::encode::json::write_record(r, &mut again);
        }
        assert_eq!(first, again);
    }

    #[test]
    fn records_follow_the_spec_rules() {
        let ctx = ctx();
        let tables = Tables::new(&ctx);
        let (_, records) = generate(&ctx, &tables, 200_000, 14);
        let n = records.len();
        assert!(n > 5_000, "{n}");
        let (mut resident, mut centres, mut declared, mut with_passport) = (0, 0, 0, 0);
        let mut per_traveller = std::collections::BTreeMap::<u64, u32>::new();
        for (_, t) in &records {
            let dep = refdata::country_by_code(t.departure_country).unwrap();
            let arr = refdata::country_by_code(t.arrival_country).unwrap();
            assert_ne!(dep, arr);
            assert!(is_departure_hour(dep, t.departure_date), "night departure");
            // Dates ordered: booking < departure ≤ arrival < return; arrival +1 only for long haul.
            assert!(t.booking_date < date_of(t.departure_date));
            assert!(date_of(t.departure_date) - t.booking_date <= 60);
            assert!(t.arrival_date >= t.departure_date);
            let day_shift = date_of(t.arrival_date) - date_of(t.departure_date);
            assert!(day_shift <= is_long_haul(dep, arr) as i32, "{day_shift}");
            let stay = t.return_date - date_of(t.arrival_date);
            assert!((1..=30).contains(&stay));
            // Traveller and passport.
            let (_, index) = ctx.ids.decode(t.traveler_id.value).unwrap();
            let core = person::core(&ctx, index);
            let record = person::record(&ctx, index);
            let passport = record
                .identification_documents
                .iter()
                .find(|d| d.doc_type == crate::model::person::DocType::Passport)
                .map(|d| d.doc_number.clone());
            assert_eq!(t.passport_number, passport);
            with_passport += passport.is_some() as u32;
            resident += (core.country == dep) as u32;
            centres += refdata::country(arr).financial_centre as u32;
            *per_traveller.entry(index).or_default() += 1;
            // Mode-dependent fields and visas.
            assert_eq!(
                t.flight_number.is_some(),
                t.transport_mode == TransportMode::Air
            );
            assert_eq!(t.airline.is_some(), t.transport_mode == TransportMode::Air);
            assert!(!t.visa_obtained || t.visa_required);
            // Declared cash iff an amount ≥ 10,000 USD.
            if let Some(amount) = t.declared_cash_amount {
                declared += 1;
                assert!(amount.units >= MIN_DECLARED_USD_CENTS && amount.scale == 2);
                assert!(t.suspicious_indicators.contains(&"cash_declared"));
            }
            // AL fields recompute.
            let (labels, score, flagged) =
                travel_alerts(&TravelFacts::of(t), &ctx.params.alerts.travels);
            assert_eq!(
                (labels, score, flagged),
                (
                    t.suspicious_indicators.clone(),
                    t.risk_score,
                    t.flagged_for_review
                )
            );
            assert!(t.pattern_id.is_none());
        }
        let share = |k: u32| k as f64 / n as f64;
        assert!(
            (0.85..0.95).contains(&share(resident)),
            "resident {}",
            share(resident)
        );
        assert!(
            share(centres) > 0.3,
            "financial centres favoured: {}",
            share(centres)
        );
        assert!(
            (0.002..0.03).contains(&share(declared)),
            "declared {}",
            share(declared)
        );
        assert!(share(with_passport) > 0.3);
        // Frequent travellers: the busiest person travels far more than the median one.
        let mut counts: Vec<u32> = per_traveller.values().copied().collect();
        counts.sort_unstable();
        let (max, median) = (counts[counts.len() - 1], counts[counts.len() / 2]);
        assert!(max >= 20 * median, "max {max} median {median}");
    }

    #[test]
    fn alert_rules_fire_on_their_conditions() {
        let p = TravelAlertParams::default();
        let brief_tourism = TravelFacts {
            arrival_high_risk: true,
            stay_days: 2,
            tourism: true,
            ..Default::default()
        };
        let (labels, score, flagged) = travel_alerts(&brief_tourism, &p);
        assert_eq!(
            labels,
            [
                "high_risk_destination",
                "brief_visit",
                "tourism_to_high_risk_country"
            ]
        );
        assert_eq!(score, Decimal::new(6_500, 4));
        assert!(flagged);
        let haven_stay = TravelFacts {
            arrival_tax_haven: true,
            stay_days: 3,
            ..Default::default()
        };
        assert_eq!(
            travel_alerts(&haven_stay, &p),
            (vec!["tax_haven_destination"], Decimal::new(2_000, 4), false)
        );
        let cash_to_haven = TravelFacts {
            arrival_tax_haven: true,
            stay_days: 1,
            cash_declared: true,
            ..Default::default()
        };
        let (labels, score, flagged) = travel_alerts(&cash_to_haven, &p);
        assert_eq!(
            labels,
            ["tax_haven_destination", "brief_visit", "cash_declared"]
        );
        assert_eq!(score, Decimal::new(6_500, 4));
        assert!(flagged);
        // A brief tourist trip to an ordinary country raises nothing.
        let quiet = TravelFacts {
            stay_days: 1,
            tourism: true,
            ..Default::default()
        };
        assert_eq!(
            travel_alerts(&quiet, &p),
            (vec![], Decimal::new(0, 4), false)
        );
        // `[alerts.travels]` moves the brief-visit bound, the weights and the flag score.
        let strict = TravelAlertParams {
            brief_visit_max_days: 3,
            weight_brief_visit: 3_000,
            ..p.clone()
        };
        assert_eq!(
            travel_alerts(&haven_stay, &strict),
            (
                vec!["tax_haven_destination", "brief_visit"],
                Decimal::new(5_000, 4),
                true
            )
        );
    }
}
