//! One dataset as independent parts on a cluster with no coordinator (docs/distributed.md): three
//! `--parts 3 --part K` processes run at the same time into one directory, and `validate` passes their
//! union as one dataset.

mod common;
use common::*;

#[test]
fn three_concurrent_parts_validate_as_one_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out_text = out.to_str().unwrap();
    let parts: Vec<std::process::Child> = ["1", "2", "3"]
        .into_iter()
        .map(|k| {
            std::process::Command::new(env!("CARGO_BIN_EXE_bankgen"))
                .args([
                    "generate",
                    "--quiet",
                    "--output",
                    out_text,
                    "--persons",
                    "400",
                    "--seed",
                    "13",
                    "--days",
                    "60",
                    "--format",
                    "jsonl",
                    "--parts",
                    "3",
                    "--part",
                    k,
                ])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("starts")
        })
        .collect();
    for child in parts {
        let done = child.wait_with_output().expect("runs");
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    }
    let names = files(&out);
    let manifests = names
        .keys()
        .filter(|n| n.starts_with("manifest.part-"))
        .count();
    assert_eq!(manifests, 3, "{:?}", names.keys());
    let (code, stdout, stderr) = bankgen(&["validate", out_text]);
    assert_eq!(code, 0, "{stdout}{stderr}");
}
