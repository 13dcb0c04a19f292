//! CLI behaviour (SPEC §2): exact counts, refusal to overwrite, `--force`, `--only`, one-line errors with
//! exit 2 for bad flags and impossible configurations, and `--version`.

mod common;
use common::*;

#[test]
fn default_fixture_has_exact_counts_and_is_refused_the_second_time() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = bankgen_in(
        dir.path(),
        &[],
        &["generate", "--persons", "50", "--seed", "42"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty(), "nothing but data goes to stdout");
    let out = dir.path().join("bankgen-out");
    let files = files(&out);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "account_events.json",
            "accounts.json",
            "communications.json",
            "companies.json",
            "documents.json",
            "manifest.json",
            "pattern_members.json",
            "patterns.json",
            "persons.json",
            "relationships.json",
            "trades.json",
            "transactions.json",
            "travels.json",
        ]
    );
    // SPEC §2.2 derived counts for P = 50.
    for (file, rows) in [
        ("persons.json", 50),
        ("companies.json", 10),
        ("accounts.json", 100),
        ("transactions.json", 5_000),
        ("communications.json", 100),
        ("trades.json", 500),
        ("travels.json", 250),
        ("documents.json", 1_000),
        ("account_events.json", 500),
    ] {
        assert_eq!(json_records(&files[file]).len(), rows, "{file}");
    }
    let summary = stderr.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("bankgen: ") && summary.contains("records"),
        "{stderr}"
    );

    let before = common::files(&out);
    let (code, _, stderr) = bankgen_in(
        dir.path(),
        &[],
        &["generate", "--persons", "50", "--seed", "42"],
    );
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(before, common::files(&out), "a refused run changes nothing");
}

#[test]
fn force_replaces_earlier_output_and_keeps_foreign_files() {
    let dir = generate(&["--persons", "20"]);
    let out = dir.path().join("out");
    std::fs::write(out.join("notes.txt"), b"mine").unwrap();
    let (code, _, stderr) = bankgen_in(
        dir.path(),
        &[],
        &[
            "generate",
            "--quiet",
            "--persons",
            "10",
            "--output",
            "out",
            "--force",
            "--format",
            "jsonl",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let files = files(&out);
    assert!(files.contains_key("notes.txt"));
    assert!(!files.contains_key("persons.json"), "old output is removed");
    assert_eq!(jsonl_records(&files["persons.jsonl"]).len(), 10);
    assert!(!files.keys().any(|n| n.ends_with(".inprogress")));
}

#[test]
fn only_writes_the_selected_files() {
    let dir = generate(&["--persons", "30", "--only", "accounts"]);
    let files = files(&dir.path().join("out"));
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(names, ["accounts.json", "manifest.json"]);
    assert_eq!(json_records(&files["accounts.json"]).len(), 60);
}

#[test]
fn explicit_event_counts_are_exact() {
    let dir = generate(&[
        "--persons",
        "40",
        "--transactions",
        "1234",
        "--communications",
        "77",
        "--trades",
        "55",
        "--travels",
        "33",
        "--documents",
        "222",
        "--account-events",
        "99",
        "--format",
        "jsonl",
    ]);
    let files = files(&dir.path().join("out"));
    for (file, rows) in [
        ("transactions.jsonl", 1_234),
        ("communications.jsonl", 77),
        ("trades.jsonl", 55),
        ("travels.jsonl", 33),
        ("documents.jsonl", 222),
        ("account_events.jsonl", 99),
    ] {
        assert_eq!(jsonl_records(&files[file]).len(), rows, "{file}");
    }
    let manifest: serde_json::Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["totals"]["transactions"], 1_234);
}

#[test]
fn zero_counts_give_empty_files() {
    let dir = generate(&[
        "--persons",
        "0",
        "--companies",
        "0",
        "--accounts",
        "0",
        "--format",
        "json,csv",
    ]);
    let files = files(&dir.path().join("out"));
    assert_eq!(files["persons.json"], b"[\n]\n");
    assert_eq!(json_records(&files["relationships.json"]).len(), 0);
    let csv = String::from_utf8(files["persons.csv"].clone()).unwrap();
    assert_eq!(csv.matches("\r\n").count(), 1, "header only");
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let cases: &[&[&str]] = &[
        &["generate", "--part", "4", "--parts", "3"],
        &["generate", "--scale", "-1"],
        &["generate", "--scale", "0"],
        &[
            "generate",
            "--accounts",
            "5",
            "--persons",
            "0",
            "--companies",
            "0",
        ],
        &["generate", "--format", "xml"],
        &["generate", "--persons", "5", "--scale", "1"],
        &["generate", "--days", "0"],
        &["generate", "--days", "3651"],
        &["generate", "--start", "yesterday"],
        &["generate", "--start", "1900-01-01T00:00:00Z"],
        &["generate", "--seed", "-3"],
        &["generate", "--threads", "0"],
        &["generate", "--persons", "-5"],
        &["generate", "--only", "nonsense"],
        &[
            "generate",
            "--transactions",
            "10",
            "--persons",
            "1",
            "--accounts",
            "1",
        ],
        &["generate", "--no-such-flag"],
        &["frobnicate"],
    ];
    for args in cases {
        let (code, stdout, stderr) = bankgen(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let (_, _, stderr) = bankgen(&[
        "generate",
        "--accounts",
        "5",
        "--persons",
        "0",
        "--companies",
        "0",
    ]);
    assert!(
        stderr.contains("accounts = 5") && stderr.contains("persons + companies = 0"),
        "{stderr}"
    );
    let (_, _, stderr) = bankgen(&["generate", "--part", "4", "--parts", "3"]);
    assert!(stderr.contains("--part"), "{stderr}");
}

#[test]
fn an_impossible_carousel_is_refused_before_anything_is_written() {
    // Two companies cannot form a carousel over three countries: the plan must say so, not place 0.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out");
    let output_arg = output.to_str().unwrap();
    let (code, stdout, stderr) = bankgen(&[
        "generate",
        "--persons",
        "20",
        "--companies",
        "2",
        "--pattern",
        "tbml.carousel=1",
        "--output",
        output_arg,
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("tbml.carousel") && stderr.contains("3 countries"),
        "{stderr}"
    );
    assert!(!output.exists(), "a refused plan left {}", output.display());
}

#[test]
fn carousel_rings_share_business_hours_and_validate() {
    // Each carousel company pays the previous one's invoice inside both their business hours, so a
    // ring needs neighbours whose hours meet (not, say, New York next to Tokyo). Rings drawn without
    // that left these seeds with an invoice no time could carry, and the run refused the plan.
    for seed in ["0", "11"] {
        let dir = generate(&[
            "--persons",
            "100",
            "--seed",
            seed,
            "--format",
            "jsonl",
            "--pattern",
            "tbml.carousel=40",
        ]);
        let out = dir.path().join("out");
        let (code, stdout, stderr) = bankgen(&["validate", out.to_str().unwrap()]);
        assert_eq!(code, 0, "seed {seed}: {stdout}{stderr}");
    }
}

#[test]
fn an_account_takeover_without_account_events_is_refused_before_anything_is_written() {
    // A takeover is made of account events: with none to write, the plan must refuse, not place 0.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out");
    let (code, stdout, stderr) = bankgen(&[
        "generate",
        "--persons",
        "200",
        "--account-events",
        "0",
        "--pattern",
        "account_takeover=1",
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("account_takeover") && stderr.contains("--account-events is 0"),
        "{stderr}"
    );
    assert!(!output.exists(), "a refused plan left {}", output.display());
}

#[test]
fn version_names_the_data_format() {
    let (code, stdout, _) = bankgen(&["--version"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains(env!("CARGO_PKG_VERSION"))
            && stdout.contains(&format!(
                "data format {}",
                bankgen::output::manifest::DATA_FORMAT_VERSION
            )),
        "{stdout}"
    );
}

#[test]
fn stats_json_is_written_outside_the_dataset_only() {
    let dir = tempfile::tempdir().unwrap();
    let run = |stats: &str| {
        let args = [
            "generate",
            "--quiet",
            "--persons",
            "10",
            "--output",
            "out",
            "--stats-json",
            stats,
        ];
        bankgen_in(dir.path(), &[], &args)
    };
    let (code, _, stderr) = run("out/stats.json");
    assert_eq!(code, 2, "{stderr}");
    assert!(!dir.path().join("out/stats.json").exists());
    let (code, _, stderr) = run("stats.json");
    assert_eq!(code, 0, "{stderr}");
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("stats.json")).unwrap()).unwrap();
    assert!(stats["records"].as_u64().unwrap() >= 10);
    assert!(stats["threads"].as_u64().unwrap() >= 1);
}

#[test]
fn discard_sink_writes_only_the_manifest_with_the_same_hashes() {
    let written = generate(&["--persons", "40", "--format", "jsonl"]);
    let discarded = generate(&["--persons", "40", "--format", "jsonl", "--sink", "discard"]);
    let files_d = files(&discarded.path().join("out"));
    assert_eq!(files_d.keys().collect::<Vec<_>>(), ["manifest.json"]);
    let m_w: serde_json::Value =
        serde_json::from_slice(&files(&written.path().join("out"))["manifest.json"]).unwrap();
    let m_d: serde_json::Value = serde_json::from_slice(&files_d["manifest.json"]).unwrap();
    assert_eq!(m_w["files"], m_d["files"]);
    assert_eq!(m_d["sink"], "discard");
}

#[cfg(unix)]
#[test]
fn ctrl_c_removes_temporaries_and_leaves_no_manifest() {
    interrupt_removes_temporaries("-INT", 130, "SIGINT");
}

/// SIGTERM (a scheduler stopping a job) is handled like Ctrl-C: temporaries removed, said so on one
/// line, exit 143 (128 + 15).
#[cfg(unix)]
#[test]
fn sigterm_removes_temporaries_and_leaves_no_manifest() {
    interrupt_removes_temporaries("-TERM", 143, "SIGTERM");
}

#[cfg(unix)]
fn interrupt_removes_temporaries(signal: &str, code: i32, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bankgen"))
        .args([
            "generate",
            "--quiet",
            "--scale",
            "5",
            "--threads",
            "2",
            "--output",
        ])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the run is writing, then interrupt it.
    let started = (0..200).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::fs::read_dir(&out).is_ok_and(|mut d| d.next().is_some())
    });
    assert!(started, "the run started writing");
    let status = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&exit.stderr);
    assert_eq!(exit.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: interrupted by {name}"))
            && stderr.contains("unfinished files removed"),
        "{stderr}"
    );
    // A directory the run made is removed when nothing finished is left in it.
    let names: Vec<String> = std::fs::read_dir(&out).map_or(Vec::new(), |d| {
        d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    });
    assert!(
        !names.iter().any(|n| n.ends_with(".inprogress")),
        "{names:?}"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("manifest")),
        "{names:?}"
    );
}

/// The messages of issue 14: each bad input names what is wrong in the user's terms, on one line, exit 2.
#[test]
fn bad_input_messages_name_the_problem() {
    let max = (1u64 << 40) - 1;
    let too_many = (1u64 << 40).to_string();
    let cases: &[(&[&str], &str)] = &[
        (&["generate", "--scale", "inf"], "finite number > 0"),
        (
            &["generate", "--seed", "-5"],
            "whole number within [0, 18446744073709551615]",
        ),
        (
            &["generate", "--persons", &too_many],
            &format!("--persons must be within [0, {max}]"),
        ),
        (
            &[
                "generate",
                "--persons",
                "20",
                "--pattern",
                "cycle=1",
                "--pattern",
                "cycle=2",
            ],
            "--pattern cycle is given twice",
        ),
        (&["generate", "--only", ""], "--only: no file named"),
        (
            &[
                "generate",
                "--persons",
                "200",
                "--pattern",
                "cycle=1000000000",
            ],
            "pattern plan asks for 1000000000 instances",
        ),
        (
            &["generate", "--transactions", "1099511627776"],
            "--transactions is 1099511627776 but a 365-day window holds at most",
        ),
        (
            &["validate", "/nonexistent-bankgen-dir"],
            "no such directory",
        ),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = bankgen(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in {stderr}"
        );
    }
}

#[test]
fn validate_refuses_the_same_directory_twice() {
    let dir = generate(&["--persons", "10"]);
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let (code, _, stderr) = bankgen(&["validate", out, out]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("is given twice"), "{stderr}");
}

#[test]
fn discard_sink_runs_twice_in_the_same_directory() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "generate",
        "--quiet",
        "--persons",
        "50",
        "--sink",
        "discard",
    ];
    for run in 0..2 {
        let (code, _, stderr) = bankgen_in(dir.path(), &[], &args);
        assert_eq!(code, 0, "run {run}: {stderr}");
    }
    let names: Vec<String> = files(&dir.path().join("bankgen-out")).into_keys().collect();
    assert_eq!(names, ["manifest.json"]);
    // A directory's real output is still protected from a discard run.
    let written = generate(&["--persons", "10"]);
    let (code, _, stderr) = bankgen_in(
        written.path(),
        &[],
        &[
            "generate",
            "--quiet",
            "--persons",
            "10",
            "--sink",
            "discard",
            "--output",
            "out",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn forcing_one_part_keeps_the_other_parts() {
    let dir = tempfile::tempdir().unwrap();
    let part = |k: &str, force: bool| {
        let mut args = vec![
            "generate",
            "--quiet",
            "--persons",
            "30",
            "--parts",
            "3",
            "--part",
            k,
            "--output",
            "out",
        ];
        if force {
            args.push("--force");
        }
        bankgen_in(dir.path(), &[], &args)
    };
    assert_eq!(part("1", false).0, 0);
    let part1: Vec<String> = files(&dir.path().join("out")).into_keys().collect();
    // A temporary an interrupted part 2 left behind is part 2's own: --force removes it.
    let stale = dir
        .path()
        .join("out/persons.part-00002-of-00003.json.inprogress");
    std::fs::write(&stale, b"[\n").unwrap();
    assert_eq!(part("2", true).0, 0);
    assert!(!stale.exists(), "part 2's stale temporary was removed");
    assert_eq!(part("2", true).0, 0, "a part can be forced over itself");
    let now = files(&dir.path().join("out"));
    for name in &part1 {
        assert!(now.contains_key(name), "{name} of part 1 was removed");
    }
    assert!(now.keys().any(|n| n.contains("part-00002-of-00003")));
}

/// Derived counts scale down: `--persons 1` no longer fails on derived counts the user never set; the
/// counts whose prerequisite a one-person population cannot meet are 0.
#[test]
fn tiny_population_derives_feasible_counts() {
    let dir = generate(&["--persons", "1"]);
    let files = files(&dir.path().join("out"));
    assert_eq!(json_records(&files["persons.json"]).len(), 1);
    assert_eq!(
        json_records(&files["communications.json"]).len(),
        0,
        "needs 2 persons"
    );
    assert_eq!(
        json_records(&files["documents.json"]).len(),
        0,
        "needs 2 companies"
    );
    assert_eq!(json_records(&files["accounts.json"]).len(), 2);
}
