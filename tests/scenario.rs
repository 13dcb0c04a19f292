//! Scenario files (SPEC §2.4, §2.9): `config --example` round trip, precedence (flags > `--set` >
//! `--config` > defaults), `config --resolved`, and one-line located errors with exit 2.

mod common;
use common::*;
use std::path::Path;

/// Writes `text` to `dir/name` and returns the path as a string.
fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `bankgen config --resolved ARGS`, parsed.
fn resolved(cwd: &Path, args: &[&str]) -> toml::Table {
    let mut all = vec!["config", "--resolved"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = bankgen_in(cwd, &[], &all);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    stdout.parse().expect("resolved config is TOML")
}

/// Runs and expects exit 2 with one `error:` line containing every needle.
fn refused(cwd: &Path, args: &[&str], needles: &[&str]) {
    let (code, stdout, stderr) = bankgen_in(cwd, &[], args);
    assert_eq!(code, 2, "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{args:?}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{args:?}: missing {needle:?} in {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn example_round_trip_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (code, example, stderr) = bankgen_in(dir.path(), &[], &["config", "--example"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(example.lines().filter(|l| l.starts_with("# ")).count() > 100);
    for table in EVENT_TABLES {
        assert!(example.contains(&format!("\n[{table}]\n")), "[{table}]");
    }
    let file = write(dir.path(), "f.toml", &example);
    // Flags over the file's keys, and the file's keys alone (days, format, seed, start from the file).
    for flags in [
        &["--persons", "30", "--days", "20", "--format", "jsonl"][..],
        &["--persons", "20"][..],
    ] {
        let plain = generate(flags);
        let mut with_file = vec!["--config", file.as_str()];
        with_file.extend_from_slice(flags);
        let scenario = generate(&with_file);
        let (a, b) = (
            files(&plain.path().join("out")),
            files(&scenario.path().join("out")),
        );
        assert!(a.contains_key("manifest.json") && a.len() > 5, "{flags:?}");
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{flags:?}"
        );
        for (name, bytes) in &a {
            assert!(bytes == &b[name], "{flags:?}: {name} differs");
        }
    }
}

/// The event files' scenario tables (SPEC §2.4).
const EVENT_TABLES: [&str; 5] = [
    "communications",
    "trades",
    "travels",
    "documents",
    "account_events",
];

#[test]
fn event_table_keys_change_their_file_are_recorded_and_validate() {
    let base = ["--persons", "40", "--days", "30"];
    let plain = files(&generate(&base).path().join("out"));
    // One key per table; each changes its own file and leaves the population alone.
    for (set, file) in [
        ("trades.option_share=0.5", "trades.json"),
        ("communications.email_share=0.9", "communications.json"),
        ("travels.air_share=0", "travels.json"),
        ("documents.cross_border_share=0", "documents.json"),
        (
            "account_events.new_ip_probability=0.5",
            "account_events.json",
        ),
    ] {
        let run = generate(&[&base[..], &["--set", set]].concat());
        let out = run.path().join("out");
        let changed = files(&out);
        assert!(changed[file] != plain[file], "{set}: {file} unchanged");
        assert_eq!(changed["persons.json"], plain["persons.json"], "{set}");
        let manifest: serde_json::Value =
            serde_json::from_slice(&changed["manifest.json"]).unwrap();
        let (table, key) = set.split_once('=').unwrap().0.split_once('.').unwrap();
        assert!(
            manifest["config"][table][key].is_number(),
            "{set}: the manifest records the table"
        );
        let (code, stdout, stderr) = bankgen(&["validate", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{set}: validate: {stdout}{stderr}");
    }
    // Tables at their defaults are left out of the manifest (an absent table means the defaults).
    let manifest: serde_json::Value = serde_json::from_slice(&plain["manifest.json"]).unwrap();
    for table in EVENT_TABLES {
        assert!(manifest["config"].get(table).is_none(), "{table}");
    }
    // What a key says is what the file holds: no air travel means no flight numbers.
    let run = generate(&[&base[..], &["--set", "travels.air_share=0"]].concat());
    let travels = json_records(&files(&run.path().join("out"))["travels.json"]);
    assert!(!travels.is_empty());
    assert!(travels.iter().all(|t| t["transport_mode"] != "air"));
}

#[test]
fn set_overrides_the_file_and_flags_override_both() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "s.toml",
        "seed = 7\ndays = 10\n[counts]\npersons = 40\ncompanies = 3\n\
         [output]\nformats = [\"csv\"]\n[persons]\npep_probability = 0.5\nincome_sigma = 1.0\n\
         [patterns.count]\ncycle = 1\n",
    );
    let f = file.as_str();
    // The file alone.
    let r = resolved(dir.path(), &["--config", f]);
    assert_eq!(r["seed"].as_integer(), Some(7));
    assert_eq!(r["days"].as_integer(), Some(10));
    assert_eq!(r["counts"]["persons"].as_integer(), Some(40));
    assert_eq!(r["counts"]["companies"].as_integer(), Some(3));
    assert_eq!(r["counts"]["accounts"].as_integer(), Some(80), "derived");
    assert_eq!(r["persons"]["pep_probability"].as_float(), Some(0.5));
    assert_eq!(r["output"]["formats"].as_array().unwrap().len(), 1);
    assert_eq!(r["patterns"]["count"]["cycle"].as_integer(), Some(1));
    // --set over the file.
    let r = resolved(
        dir.path(),
        &[
            "--config",
            f,
            "--set",
            "persons.pep_probability=0.02",
            "--set",
            "seed=8",
            "--set",
            "patterns.count.cycle=2",
            "--set",
            "output.checksums=none",
        ],
    );
    assert_eq!(r["persons"]["pep_probability"].as_float(), Some(0.02));
    assert_eq!(
        r["persons"]["income_sigma"].as_float(),
        Some(1.0),
        "untouched"
    );
    assert_eq!(r["seed"].as_integer(), Some(8));
    assert_eq!(r["patterns"]["count"]["cycle"].as_integer(), Some(2));
    assert_eq!(r["output"]["checksums"].as_str(), Some("none"));
    // Flags over --set and the file; a flag the user did not pass changes nothing.
    let r = resolved(
        dir.path(),
        &[
            "--config",
            f,
            "--set",
            "seed=8",
            "--set",
            "counts.companies=5",
            "--seed",
            "9",
            "--persons",
            "12",
            "--format",
            "json,jsonl",
        ],
    );
    assert_eq!(r["seed"].as_integer(), Some(9));
    assert_eq!(r["days"].as_integer(), Some(10), "from the file");
    assert_eq!(r["counts"]["persons"].as_integer(), Some(12));
    assert_eq!(r["counts"]["companies"].as_integer(), Some(5), "--set");
    assert_eq!(
        r["counts"]["accounts"].as_integer(),
        Some(24),
        "derived from --persons"
    );
    assert_eq!(r["output"]["formats"].as_array().unwrap().len(), 2);
    let r = resolved(dir.path(), &["--config", f, "--companies", "6"]);
    assert_eq!(r["counts"]["companies"].as_integer(), Some(6));
    // --pattern replaces patterns.count; --no-patterns clears it.
    let r = resolved(dir.path(), &["--config", f, "--pattern", "fan_in=1"]);
    let count = r["patterns"]["count"].as_table().unwrap();
    assert_eq!(count.keys().collect::<Vec<_>>(), ["fan_in"]);
    let r = resolved(dir.path(), &["--config", f, "--no-patterns"]);
    assert_eq!(r["patterns"]["enabled"].as_bool(), Some(false));
    assert!(r["patterns"]["count"].as_table().unwrap().is_empty());
    assert!(
        !dir.path().join("bankgen-out").exists(),
        "config --resolved writes nothing"
    );
}

#[test]
fn resolved_config_is_what_the_manifest_records_and_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let flags = [
        "--persons",
        "20",
        "--days",
        "15",
        "--set",
        "persons.pep_probability=0.02",
        "--set",
        "relationships.max_friends=5",
        "--set",
        "trades.option_share=0.5",
    ];
    let (code, text, stderr) = bankgen_in(
        dir.path(),
        &[],
        &[&["config", "--resolved"][..], &flags[..]].concat(),
    );
    assert_eq!(code, 0, "{stderr}");
    let run = generate(&flags);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(run.path().join("out/manifest.json")).unwrap())
            .unwrap();
    let mut recorded = manifest["config"].clone();
    recorded["patterns"]
        .as_object_mut()
        .unwrap()
        .retain(|_, v| !v.is_null());
    let printed: serde_json::Value = toml::from_str(&text).unwrap();
    assert_eq!(printed, recorded);
    // The resolved file is itself a scenario that resolves to the same configuration.
    let file = write(dir.path(), "r.toml", &text);
    let (code, again, stderr) = bankgen_in(
        dir.path(),
        &[],
        &["config", "--resolved", "--config", file.as_str()],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(again, text);
}

#[test]
fn bad_scenarios_are_one_located_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cases: &[(&str, &[&str])] = &[
        // Out of range.
        (
            "seed = 1\n\n[persons]\n\npep_probability = 1.5\n",
            &[
                "bad.toml:5:1",
                "persons.pep_probability = 1.5",
                "must be within [0, 1]",
            ],
        ),
        // Wrong type.
        (
            "[relationships]\nmax_friends = \"many\"\n",
            &[
                "bad.toml:2:1",
                "relationships.max_friends",
                "integer within [0, 100]",
            ],
        ),
        // Unknown key: the message lists the keys allowed there.
        (
            "[persons]\npep_probabilty = 0.1\n",
            &[
                "bad.toml:2:1",
                "persons.pep_probabilty",
                "unknown key",
                "pep_probability",
            ],
        ),
        (
            "colour = \"red\"\n",
            &["bad.toml:1:1", "colour", "unknown key"],
        ),
        ("days = 0\n", &["bad.toml:1:1", "days = 0", "[1, 3650]"]),
        (
            "[patterns]\nlaundering_rate = 0.5\n",
            &["bad.toml:2:1", "patterns.laundering_rate", "[0, 0.05]"],
        ),
        (
            "[counts]\naccounts = -1\n",
            &[
                "bad.toml:2:1",
                "counts.accounts = -1",
                "must be an integer within [0, ",
            ],
        ),
        (
            "[patterns.count]\nlaundromat = 1\n",
            &[
                "bad.toml:2:1",
                "patterns.count.laundromat",
                "unknown typology",
            ],
        ),
        (
            "[output]\nformats = [\"xml\"]\n",
            &["bad.toml:2:1", "output.formats", "xml"],
        ),
        ("days = = 3\n", &["bad.toml:1:"]),
    ];
    for (text, needles) in cases {
        let file = write(d, "bad.toml", text);
        let mut needles = needles.to_vec();
        let full = format!("{file}:");
        needles.push(&full);
        refused(d, &["generate", "--config", &file], &needles);
        refused(d, &["config", "--resolved", "--config", &file], &needles);
    }
    assert!(!d.join("bankgen-out").exists());
    // A missing file.
    refused(
        d,
        &["generate", "--config", "no-such.toml"],
        &["--config no-such.toml"],
    );
    // Bad --set: the key is named.
    refused(
        d,
        &["generate", "--set", "persons.pep_probability=7"],
        &["--set persons.pep_probability=7", "must be within [0, 1]"],
    );
    refused(
        d,
        &["generate", "--set", "persons.colour=blue"],
        &["persons.colour", "unknown key"],
    );
    refused(
        d,
        &["generate", "--set", "seed"],
        &["--set seed", "KEY=VALUE"],
    );
    // Event tables: out of range, finer than the key's step, a mix of zeros, and across two keys.
    refused(
        d,
        &["generate", "--set", "trades.option_share=1.5"],
        &[
            "--set trades.option_share=1.5",
            "must be within [0, 1] in steps of 0.001",
        ],
    );
    refused(
        d,
        &["generate", "--set", "trades.market_share=0.405"],
        &["trades.market_share = 0.405", "in steps of 0.01"],
    );
    refused(
        d,
        &[
            "generate",
            "--set",
            "account_events.one_failure_share=0",
            "--set",
            "account_events.two_failures_share=0",
            "--set",
            "account_events.three_failures_share=0",
            "--set",
            "account_events.four_failures_share=0",
        ],
        &["account_events.one_failure_share", "must not all be 0"],
    );
    refused(
        d,
        &["generate", "--set", "travels.population_arrival_share=0.7"],
        &[
            "travels.financial_centre_arrival_share",
            "must be at most 1",
        ],
    );
    refused(
        d,
        &["generate", "--set", "documents.goods_invoice_share=0.5"],
        &["documents.goods_invoice_share = 0.5", "within [0, 0.34]"],
    );
    refused(
        d,
        &["generate", "--set", "communications.colour=1"],
        &["communications.colour", "unknown key"],
    );
    refused(d, &["config"], &[]);
}
