//! Faults and messages of issue 14, item 9 that the other CLI tests do not cover: a table set as a value,
//! a symbolic-link loop as output, incomplete and foreign part sets in `validate`,
//! and the size of what a finding quotes.

mod common;
use common::*;

#[test]
fn setting_a_table_as_a_value_names_the_table() {
    let (code, stdout, stderr) = bankgen(&["generate", "--set", "counts=1"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stdout.is_empty());
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("counts is a table, not a value")
            && stderr.contains("counts.KEY=VALUE")
            && !stderr.contains("FileCounts"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn an_output_symlink_loop_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b", dir.path().join("a")).unwrap();
    std::os::unix::fs::symlink("a", dir.path().join("b")).unwrap();
    let (code, _, stderr) = bankgen_in(
        dir.path(),
        &[],
        &["generate", "--quiet", "--persons", "5", "--output", "a"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("symbolic link that leads nowhere") && !stderr.contains("File exists"),
        "{stderr}"
    );
}

/// Two parts of three are an incomplete dataset: exit 1 naming the missing part, unless `--partial`.
#[test]
fn an_incomplete_part_set_is_invalid_unless_partial() {
    let dir = tempfile::tempdir().unwrap();
    for k in ["1", "2"] {
        let args = [
            "generate",
            "--quiet",
            "--persons",
            "20",
            "--parts",
            "3",
            "--part",
            k,
            "--output",
            "out",
        ];
        assert_eq!(bankgen_in(dir.path(), &[], &args).0, 0);
    }
    let (code, report, _) = bankgen_in(dir.path(), &[], &["validate", "out"]);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("INVALID") && report.contains("only 2 of 3 parts given (missing part 3)"),
        "{report}"
    );
    let (code, report, _) = bankgen_in(dir.path(), &[], &["validate", "--partial", "out"]);
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("only 2 of 3 parts given"), "{report}");
}

/// Two datasets of different seeds: the cause (MAN-5, naming both seeds) is the first rule reported,
/// before the thousands of ids that do not decode with the first seed.
#[test]
fn two_seeds_report_man_5_first() {
    let dir = tempfile::tempdir().unwrap();
    for (seed, out) in [("1", "s1"), ("2", "s2")] {
        let args = [
            "generate",
            "--quiet",
            "--persons",
            "20",
            "--seed",
            seed,
            "--output",
            out,
        ];
        assert_eq!(bankgen_in(dir.path(), &[], &args).0, 0);
    }
    let (code, report, _) = bankgen_in(dir.path(), &[], &["validate", "s1", "s2"]);
    assert_eq!(code, 1, "{report}");
    let first_rule = report.lines().nth(1).unwrap_or_default();
    assert!(first_rule.starts_with("MAN-5 E"), "{report}");
    assert!(report.contains("seed 2 differs from seed 1"), "{report}");
    let (_, json, _) = bankgen_in(dir.path(), &[], &["validate", "--json", "s1", "s2"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["rules"][0]["id"], "MAN-5", "{json:#}");
}

/// A 2 MB field quoted by a finding is cut to a few hundred characters in the report.
#[test]
fn a_finding_quotes_at_most_a_few_hundred_characters() {
    let dir = generate(&["--persons", "5", "--format", "jsonl"]);
    let path = dir.path().join("out/persons.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut record: serde_json::Value = serde_json::from_str(&lines[1]).unwrap();
    record["gender"] = serde_json::Value::String("x".repeat(2_000_000));
    lines[1] = record.to_string();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let (code, report, _) = bankgen(&["validate", path.parent().unwrap().to_str().unwrap()]);
    assert_eq!(code, 1, "{}", &report[..report.len().min(2000)]);
    assert!(report.len() < 20_000, "report of {} bytes", report.len());
    assert!(report.contains("more bytes)"), "{report}");
}

/// Item 6: a default plan lists in `patterns.skipped`, with a reason, every typology it asked for and
/// placed no instance of (a population too small, a rate budget spent, a typology not implemented).
#[test]
fn every_typology_without_instances_is_listed_as_skipped_with_a_reason() {
    // No companies: the count-driven ubo_chain has no instance either and must say why.
    for args in [
        &["--persons", "100"][..],
        &["--persons", "5"],
        &["--persons", "50", "--companies", "0"],
    ] {
        let persons = args.join(" ");
        let dir = generate(args);
        let manifest: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.path().join("out/manifest.json")).unwrap())
                .unwrap();
        let patterns = &manifest["patterns"];
        let skipped = patterns["skipped"].as_array().unwrap();
        for entry in skipped {
            assert!(!entry["reason"].as_str().unwrap().is_empty(), "{entry}");
        }
        let empty: Vec<&String> = patterns["instances"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(_, n)| n.as_u64() == Some(0))
            .map(|(family, _)| family)
            .collect();
        assert!(!empty.is_empty(), "{persons}: {patterns:#}");
        for family in empty {
            let listed = skipped.iter().any(|e| {
                let t = e["typology"].as_str().unwrap();
                t == family || t.starts_with(&format!("{family}."))
            });
            assert!(
                listed,
                "{persons}: {family} has 0 instances but is not listed: {patterns:#}"
            );
        }
    }
}

/// A disk that fills up after `room` bytes: the first bytes reach the file, then every write fails.
struct FillingDisk {
    file: std::fs::File,
    room: usize,
}

impl std::io::Write for FillingDisk {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.room == 0 {
            return Err(std::io::Error::from_raw_os_error(28)); // ENOSPC
        }
        let n = buf.len().min(self.room);
        self.room -= n;
        self.file.write(&buf[..n])
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The disk fills while the manifest is written: neither a truncated `manifest.json` nor its
/// `.inprogress` temporary stays behind, and the error names the file.
#[test]
fn a_disk_full_while_writing_the_manifest_leaves_no_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().join("manifest.json.inprogress");
    let target = dir.path().join("manifest.json");
    let bytes = vec![b'{'; 10_000];
    let result = bankgen::output::sink::write_via_temp(&temp, &target, &bytes, |path| {
        Ok(FillingDisk {
            file: std::fs::File::create(path)?,
            room: 4096,
        })
    });
    let err = result.unwrap_err();
    assert_eq!(err.exit_code(), 3);
    assert!(
        err.to_string().contains("manifest.json.inprogress"),
        "{err}"
    );
    assert!(!temp.exists() && !target.exists());
    // /dev/full as the manifest's disk: the same.
    if std::path::Path::new("/dev/full").exists() {
        let result = bankgen::output::sink::write_via_temp(&temp, &target, &bytes, |_| {
            std::fs::OpenOptions::new().write(true).open("/dev/full")
        });
        assert_eq!(result.unwrap_err().exit_code(), 3);
        assert!(!target.exists());
    }
}

/// A duplicated row is blamed on its own line (the copy), not on the row after it, and named a duplicate.
#[test]
fn a_duplicate_row_is_blamed_on_its_own_line() {
    let dir = generate(&["--persons", "10", "--format", "jsonl"]);
    for file in ["persons.jsonl", "transactions.jsonl"] {
        let path = dir.path().join("out").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.insert(4, lines[3]); // line 5 repeats line 4
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    let out = dir.path().join("out");
    let (code, report, _) = bankgen(&["validate", out.to_str().unwrap()]);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("persons.jsonl:5: row repeats the previous row's id"),
        "{report}"
    );
    assert!(
        report.contains("transactions.jsonl:5: record repeats the previous record's id"),
        "{report}"
    );
    assert!(!report.contains("persons.jsonl:6:"), "{report}");
}
