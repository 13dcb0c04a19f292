//! Property tests over random small configurations (SPEC §16): a run either fails with a usage error
//! (exit 2, one line) or writes exactly the requested number of rows of every file; it never panics.

use bankgen::config::{Checksums, Config, CountOverrides, Counts, OutputConfig, PartConfig};
use bankgen::core::error::Error;
use bankgen::encode::Format;
use bankgen::generators::GenParams;
use bankgen::output::sink::SinkKind;
use bankgen::run::{Quiet, RunOptions, generate};
use proptest::prelude::*;
use std::sync::atomic::AtomicBool;

#[derive(Debug, Clone)]
struct Small {
    seed: u64,
    days: u32,
    persons: u64,
    companies: u64,
    accounts: u64,
    events: [u64; 6],
}

fn small() -> impl Strategy<Value = Small> {
    (
        any::<u64>(),
        1u32..40,
        2u64..60,
        2u64..15,
        2u64..120,
        proptest::array::uniform6(0u64..300),
    )
        .prop_map(|(seed, days, persons, companies, accounts, events)| Small {
            seed,
            days,
            persons,
            companies,
            accounts,
            events,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn runs_are_exact_or_refused_never_a_panic(s in small()) {
        let [transactions, communications, trades, travels, documents, account_events] = s.events;
        let counts = Counts::resolve(
            s.persons,
            &CountOverrides {
                companies: Some(s.companies),
                accounts: Some(s.accounts),
                transactions: Some(transactions),
                communications: Some(communications),
                trades: Some(trades),
                travels: Some(travels),
                documents: Some(documents),
                account_events: Some(account_events),
            },
        );
        let config = Config::new(
            s.seed,
            bankgen::core::time::midnight(bankgen::core::time::days_from_civil(2025, 3, 1)),
            s.days,
            counts.clone(),
            OutputConfig { formats: vec![Format::Jsonl], only: Vec::new(), checksums: Checksums::None },
            PartConfig { index: 1, count: 1 },
            GenParams::default(),
        );
        let dir = tempfile::tempdir().unwrap();
        let options = RunOptions {
            output: dir.path().join("out"),
            threads: 2,
            force: false,
            sink: SinkKind::Discard,
        };
        let result = counts
            .check_prerequisites()
            .and_then(|()| generate(&config, &options, &Quiet, &AtomicBool::new(false)));
        match result {
            Ok(report) => {
                let totals = &report.manifest.totals;
                for (file, wanted) in [
                    ("persons", counts.persons),
                    ("companies", counts.companies),
                    ("accounts", counts.accounts),
                    ("transactions", transactions),
                    ("communications", communications),
                    ("trades", trades),
                    ("travels", travels),
                    ("documents", documents),
                    ("account_events", account_events),
                ] {
                    prop_assert_eq!(totals.get(file), Some(wanted), "{}", file);
                    let written: u64 = report
                        .manifest
                        .files
                        .iter()
                        .filter(|f| f.entity == file)
                        .map(|f| f.records)
                        .sum();
                    prop_assert_eq!(written, wanted, "{} rows written", file);
                }
            }
            Err(Error::Usage(message)) => {
                prop_assert!(!message.contains('\n'), "one line: {}", message);
            }
            Err(other) => prop_assert!(false, "unexpected error {other}"),
        }
    }
}
