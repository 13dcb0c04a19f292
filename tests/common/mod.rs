//! Helpers shared by the integration tests: run the real binary, read a dataset directory.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// Runs `bankgen ARGS` in `cwd` with extra environment; returns (exit code, stdout, stderr).
pub fn bankgen_in(cwd: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let mut cmd = assert_cmd::Command::cargo_bin("bankgen").expect("binary");
    cmd.current_dir(cwd).args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `bankgen ARGS` in a scratch directory.
pub fn bankgen(args: &[&str]) -> (i32, String, String) {
    let cwd = tempfile::tempdir().expect("tempdir");
    bankgen_in(cwd.path(), &[], args)
}

/// Generates into a fresh directory and returns it; panics with stderr on failure.
pub fn generate(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let mut all = vec![
        "generate",
        "--quiet",
        "--output",
        out.to_str().expect("utf-8"),
    ];
    all.extend_from_slice(args);
    let (code, _, stderr) = bankgen_in(dir.path(), &[], &all);
    assert_eq!(code, 0, "bankgen {args:?} failed: {stderr}");
    dir
}

/// Every file of a dataset directory, by name.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        map.insert(
            entry.file_name().to_string_lossy().into_owned(),
            std::fs::read(entry.path()).expect("read"),
        );
    }
    map
}

/// Records of a JSON-array file written by bankgen.
pub fn json_records(bytes: &[u8]) -> Vec<serde_json::Value> {
    serde_json::from_slice::<Vec<serde_json::Value>>(bytes).expect("valid JSON array")
}

/// Records of a JSON Lines file.
pub fn jsonl_records(bytes: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(bytes)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// Adds `from`'s per-key [background, labelled] counts into `into` (the leakage tallies).
pub fn add_counts<K: Ord>(into: &mut BTreeMap<K, [u64; 2]>, from: BTreeMap<K, [u64; 2]>) {
    for (k, v) in from {
        let e = into.entry(k).or_default();
        e[0] += v[0];
        e[1] += v[1];
    }
}
