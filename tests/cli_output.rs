//! Faults around the output (issue 14, item 9): a closed pipe ends quietly, a full disk is exit 3 with a
//! message, an unwritable `--stats-json` fails before any work, a refused plan leaves no directory, and
//! Ctrl-C during planning stops the run at once.

mod common;
use common::*;

#[cfg(unix)]
#[test]
fn schema_into_a_closed_pipe_ends_quietly() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bankgen"))
        .arg("schema")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The reader goes away before (or while) the schema is written, like `schema | head -1`.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[cfg(unix)]
#[test]
fn validate_into_a_full_disk_is_exit_3_with_a_message() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let dir = generate(&["--persons", "5"]);
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("bankgen"))
        .arg("validate")
        .arg(dir.path().join("out"))
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.starts_with("error: <stdout>: "), "{stderr}");
}

#[test]
fn unwritable_stats_json_fails_before_any_output() {
    let dir = tempfile::tempdir().unwrap();
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
            "--stats-json",
            "missing/stats.json",
        ],
    );
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("missing/stats.json"), "{stderr}");
    assert!(!dir.path().join("out").exists(), "nothing was written");
}

#[test]
fn a_refused_plan_leaves_no_output_directory() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = bankgen_in(
        dir.path(),
        &[],
        &[
            "generate",
            "--quiet",
            "--persons",
            "2",
            "--pattern",
            "cycle=5",
            "--output",
            "out",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(!dir.path().join("out").exists());
}

/// Planning a large run takes seconds before anything is written; an interrupt then ends it at once,
/// with exit 128 + signal, one line, and no output directory.
#[cfg(unix)]
#[test]
fn ctrl_c_during_planning_stops_at_once() {
    interrupt_during_planning("-INT", 130, "SIGINT");
}

#[cfg(unix)]
#[test]
fn sigterm_during_planning_stops_at_once() {
    interrupt_during_planning("-TERM", 143, "SIGTERM");
}

#[cfg(unix)]
fn interrupt_during_planning(signal: &str, code: i32, name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("bankgen"))
        .args(["generate", "--quiet", "--scale", "20", "--output"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1000));
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
        stderr.contains(&format!("interrupted by {name}")),
        "{stderr}"
    );
    assert!(!out.exists(), "interrupted before any output");
}
