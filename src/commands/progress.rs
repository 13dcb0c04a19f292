//! Progress bars (indicatif, on stderr, only when stderr is a terminal), the one-line summary and the
//! `--stats-json` report. The only module that reads clocks: timings never reach the dataset.
#![allow(clippy::disallowed_methods)]

use crate::run::{Observer, RunReport};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

pub struct Progress {
    started: Instant,
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{msg:>14} [{bar:40}] {pos}/{len} ({per_sec})")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar
        });
        Progress {
            started: Instant::now(),
            bar,
            quiet,
        }
    }

    /// Prints the summary line (unless quiet) and returns the `--stats-json` document.
    pub fn finish(&self, report: &RunReport, output: &Path, threads: usize) -> String {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        let seconds = self.started.elapsed().as_secs_f64();
        let rate = report.records as f64 / seconds.max(1e-9);
        if !self.quiet {
            eprintln!(
                "bankgen: {} records, {} in {:.2} s ({} records/s) -> {}",
                thousands(report.records),
                bytes_text(report.bytes),
                seconds,
                rate_text(rate),
                output.display()
            );
        }
        let stats = serde_json::json!({
            "seconds": seconds,
            "records": report.records,
            "bytes": report.bytes,
            "records_per_second": rate,
            "peak_rss_bytes": peak_rss_bytes(),
            "threads": threads,
            "files": report.manifest.files.len(),
        });
        let mut text = serde_json::to_string_pretty(&stats).unwrap_or_default();
        text.push('\n');
        text
    }
}

impl Observer for Progress {
    fn table_started(&self, name: &str, units: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
            bar.set_length(units);
            bar.set_position(0);
        }
    }

    fn units_done(&self, units: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(units);
        }
    }
}

/// `14,052,311`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `8.62 GB` (decimal units).
pub fn bytes_text(bytes: u64) -> String {
    let b = bytes as f64;
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.2} kB", b / 1e3),
        1_000_000..1_000_000_000 => format!("{:.2} MB", b / 1e6),
        _ => format!("{:.2} GB", b / 1e9),
    }
}

/// `1.49 M`.
fn rate_text(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.2} M", rate / 1e6)
    } else if rate >= 1e3 {
        format!("{:.1} k", rate / 1e3)
    } else {
        format!("{rate:.0}")
    }
}

/// Peak resident set size from /proc (Linux); null elsewhere.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_like_the_spec_example() {
        assert_eq!(thousands(14_052_311), "14,052,311");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(bytes_text(8_620_000_000), "8.62 GB");
        assert_eq!(rate_text(1_490_000.0), "1.49 M");
    }
}
