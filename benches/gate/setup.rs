//! What the in-process benches share: the configuration of a small run and the encoding of one
//! slice's events (also used by the `entities` and `events` criterion benches).

use bankgen::config::{Checksums, Config, CountOverrides, Counts, OutputConfig, PartConfig};
use bankgen::core::ids::{IdCodec, Namespace};
use bankgen::encode::{Format, json};
use bankgen::generators::GenParams;
use bankgen::schedule::events::{Event, order_and_number};

/// Seed 42 from 2025-01-01 over `days`, `persons` as the size base, JSON output.
pub fn config(persons: u64, days: u32, overrides: CountOverrides) -> Config {
    Config::new(
        42,
        bankgen::core::time::midnight(bankgen::core::time::days_from_civil(2025, 1, 1)),
        days,
        Counts::resolve(persons, &overrides),
        OutputConfig {
            formats: vec![Format::Json],
            only: Vec::new(),
            checksums: Checksums::Sha256,
        },
        PartConfig { index: 1, count: 1 },
        GenParams::default(),
    )
}

/// The event benches' run: 1,000 persons over 30 days with the given transactions and
/// communications and no documents.
pub fn events_config(transactions: u64, communications: u64) -> Config {
    config(
        1_000,
        30,
        CountOverrides {
            transactions: Some(transactions),
            communications: Some(communications),
            documents: Some(0),
            ..Default::default()
        },
    )
}

/// Orders, numbers and encodes one slice's records.
pub fn encode<R: Event>(
    records: &mut [R],
    ids: &IdCodec,
    ns: Namespace,
    s: u64,
    buf: &mut Vec<u8>,
) {
    for i in order_and_number(records, ids, ns, s) {
        json::write_record(&records[i as usize], buf);
    }
}
