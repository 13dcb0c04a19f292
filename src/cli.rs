//! Command-line interface (SPEC §2): clap definitions, resolution of flags into a [`Config`], command
//! dispatch, exit codes and one-line error rendering. `main` only calls [`run`].
// The CLI may read the environment (RUST_BACKTRACE) and clocks (via `progress`); generation never does.
#![allow(clippy::disallowed_methods)]

use crate::config::{
    Checksums, Config, CountOverrides, Counts, OutputConfig, PartConfig, PatternConfig, size_base,
};
use crate::encode::Format;
use crate::error::{Error, Result};
use crate::generators::GenParams;
use crate::progress::Progress;
use crate::run::{RunOptions, check_supported, generate};
use crate::sink::SinkKind;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// Raised by Ctrl-C; the writer checks it between chunks.
static CANCEL: AtomicBool = AtomicBool::new(false);

#[derive(Parser, Debug)]
#[command(
    name = "bankgen",
    version = version_text(),
    about = "Seeded, labelled synthetic banking data with injected financial-crime patterns"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const fn version_text() -> &'static str {
    concat!(env!("CARGO_PKG_VERSION"), " (data format 1)")
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate a dataset into a directory.
    Generate(Box<GenerateArgs>),
    /// Validate a dataset: one directory, or several directories holding the parts of one dataset.
    Validate(ValidateArgs),
}

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Dataset directory, or the directories of its parts.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Machine-readable report (JSON) on stdout.
    #[arg(long)]
    pub json: bool,
    /// Warnings become errors.
    #[arg(long)]
    pub strict: bool,
    /// Examples shown per rule.
    #[arg(long = "max-examples", default_value_t = 5)]
    pub max_examples: usize,
    /// Add the realism metrics (REAL-*) as warnings.
    #[arg(long)]
    pub realism: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ChecksumsArg {
    Sha256,
    None,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SinkArg {
    Dir,
    Discard,
}

#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Master seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Window start (RFC 3339; any offset, normalised to UTC).
    #[arg(long, default_value = "2025-01-01T00:00:00Z")]
    pub start: String,
    /// Window length in whole days, 1..=3650.
    #[arg(long, default_value_t = 365)]
    pub days: u32,
    /// Size base: number of persons (default 100). Conflicts with --scale.
    #[arg(long, allow_negative_numbers = true)]
    pub persons: Option<i64>,
    /// Size base: 10,000 persons per unit of scale (decimals allowed; scale 1 ≈ 1 M transactions).
    #[arg(long, allow_negative_numbers = true)]
    pub scale: Option<f64>,
    /// Exact number of companies (default ⌈persons/5⌉).
    #[arg(long, allow_negative_numbers = true)]
    pub companies: Option<i64>,
    /// Exact number of accounts (default 2 × persons).
    #[arg(long, allow_negative_numbers = true)]
    pub accounts: Option<i64>,
    /// Exact number of transactions (default 100 × persons).
    #[arg(long, allow_negative_numbers = true)]
    pub transactions: Option<i64>,
    /// Exact number of communications (default 2 × persons).
    #[arg(long, allow_negative_numbers = true)]
    pub communications: Option<i64>,
    /// Exact number of trades (default 10 × persons).
    #[arg(long, allow_negative_numbers = true)]
    pub trades: Option<i64>,
    /// Exact number of travels (default 5 × persons).
    #[arg(long, allow_negative_numbers = true)]
    pub travels: Option<i64>,
    /// Exact number of documents (default 20 × persons).
    #[arg(long, allow_negative_numbers = true)]
    pub documents: Option<i64>,
    /// Exact number of account events (default 10 × persons).
    #[arg(long = "account-events", allow_negative_numbers = true)]
    pub account_events: Option<i64>,
    /// Exact instance counts, repeatable: TYPOLOGY[.SUBTYPE]=N (e.g. cycle=2, structuring.smurfing=1).
    #[arg(long = "pattern", value_name = "TYPOLOGY[.SUBTYPE]=N")]
    pub pattern: Vec<String>,
    /// Share of transactions in injected instances, 0..=0.05 (default 0.002 when no --pattern).
    #[arg(long = "laundering-rate", allow_negative_numbers = true)]
    pub laundering_rate: Option<f64>,
    /// No injected instances.
    #[arg(long = "no-patterns", conflicts_with_all = ["pattern", "laundering_rate"])]
    pub no_patterns: bool,
    /// Output directory (created if missing).
    #[arg(long, default_value = "./bankgen-out")]
    pub output: PathBuf,
    /// Output formats: json, jsonl, csv (comma list or repeated); all written in one pass.
    #[arg(long, value_delimiter = ',', default_value = "json")]
    pub format: Vec<String>,
    /// Write only these files (e.g. persons,accounts); references stay valid.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Worker threads (default: available cores); never changes output bytes.
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<i64>,
    /// Number of parts the dataset is split into.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub parts: i64,
    /// Which part (1-based) this process writes.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub part: i64,
    /// Overwrite earlier bankgen output in the directory.
    #[arg(long)]
    pub force: bool,
    /// Per-file SHA-256 in the manifest, or null hashes.
    #[arg(long, value_enum, default_value = "sha256")]
    pub checksums: ChecksumsArg,
    /// No progress bar and no summary line.
    #[arg(long)]
    pub quiet: bool,
    /// Write timings, throughput and peak RSS to this file (outside --output).
    #[arg(long = "stats-json")]
    pub stats_json: Option<PathBuf>,
    /// `dir` writes files; `discard` generates and hashes everything but writes only the manifest.
    #[arg(long, value_enum, default_value = "dir")]
    pub sink: SinkArg,
}

/// Entry point: returns the process exit code.
pub fn run() -> i32 {
    install_panic_hook();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = e.print();
                    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                        2
                    } else {
                        0
                    }
                }
                _ => {
                    let text = e.render().to_string();
                    let first = text.lines().next().unwrap_or("error: invalid arguments");
                    eprintln!("{first}");
                    2
                }
            };
        }
    };
    let result = match cli.command {
        Command::Generate(args) => run_generate(&args),
        Command::Validate(args) => {
            let opts = crate::validate::Options {
                dirs: args.dirs,
                strict: args.strict,
                max_examples: args.max_examples,
                realism: args.realism,
            };
            return crate::validate::main(&opts, args.json);
        }
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn run_generate(args: &GenerateArgs) -> Result<()> {
    let config = resolve(args)?;
    check_supported(&config)?;
    let threads = match args.threads {
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Some(n) if (1..=1024).contains(&n) => n as usize,
        Some(n) => {
            return Err(Error::Usage(format!(
                "--threads must be within [1, 1024]: got {n}"
            )));
        }
    };
    if let Some(stats) = &args.stats_json {
        check_outside(stats, &args.output)?;
    }
    let _ = ctrlc::set_handler(|| CANCEL.store(true, Ordering::SeqCst));
    let options = RunOptions {
        output: args.output.clone(),
        threads,
        force: args.force,
        sink: match args.sink {
            SinkArg::Dir => SinkKind::Dir,
            SinkArg::Discard => SinkKind::Discard,
        },
    };
    let progress = Progress::new(args.quiet);
    let report = generate(&config, &options, &progress, &CANCEL)?;
    let stats = progress.finish(&report, &args.output, threads);
    if let Some(path) = &args.stats_json {
        std::fs::write(path, stats).map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// Turns flags into the resolved configuration, checking every value.
pub fn resolve(args: &GenerateArgs) -> Result<Config> {
    let count = |flag: &str, v: Option<i64>| -> Result<Option<u64>> {
        match v {
            None => Ok(None),
            Some(n) if n >= 0 => Ok(Some(n as u64)),
            Some(n) => Err(Error::Usage(format!("--{flag} must be >= 0: got {n}"))),
        }
    };
    let persons = count("persons", args.persons)?;
    let base = size_base(persons, args.scale)?;
    let overrides = CountOverrides {
        companies: count("companies", args.companies)?,
        accounts: count("accounts", args.accounts)?,
        transactions: count("transactions", args.transactions)?,
        communications: count("communications", args.communications)?,
        trades: count("trades", args.trades)?,
        travels: count("travels", args.travels)?,
        documents: count("documents", args.documents)?,
        account_events: count("account-events", args.account_events)?,
    };
    let counts = Counts::resolve(base, &overrides);
    counts.check_prerequisites()?;
    if counts.persons > 1 << 40 || counts.companies > 1 << 40 || counts.accounts > 1 << 40 {
        return Err(Error::Usage("entity counts must be below 2^40".into()));
    }
    if !(1..=3650).contains(&args.days) {
        return Err(Error::Usage(format!(
            "--days must be within [1, 3650]: got {}",
            args.days
        )));
    }
    let start = chrono::DateTime::parse_from_rfc3339(&args.start).map_err(|e| {
        Error::Usage(format!(
            "--start {}: not an RFC 3339 timestamp ({e})",
            args.start
        ))
    })?;
    let start_ts = start.timestamp();
    let year = chrono::Datelike::year(&start.naive_utc());
    // Registration dates start in 1950 and people are up to 85 years old: windows before 1970 or
    // after 2500 would leave those ranges empty or push dates past year 9999.
    if !(1970..=2500).contains(&year) {
        return Err(Error::Usage(format!(
            "--start {}: the year must be within [1970, 2500]",
            args.start
        )));
    }
    if !(1..=65_535).contains(&args.parts) {
        return Err(Error::Usage(format!(
            "--parts must be within [1, 65535]: got {}",
            args.parts
        )));
    }
    if args.part < 1 || args.part > args.parts {
        return Err(Error::Usage(format!(
            "--part must be within [1, --parts = {}]: got {}",
            args.parts, args.part
        )));
    }
    let output = OutputConfig {
        formats: parse_formats(&args.format)?,
        only: parse_only(&args.only),
        checksums: match args.checksums {
            ChecksumsArg::Sha256 => Checksums::Sha256,
            ChecksumsArg::None => Checksums::None,
        },
    };
    let mut config = Config::new(
        args.seed,
        start_ts,
        args.days,
        counts,
        output,
        PartConfig {
            index: args.part as u32,
            count: args.parts as u32,
        },
        GenParams::default(),
    );
    config.patterns = pattern_config(args)?;
    Ok(config)
}

/// The `[patterns]` table from `--pattern`, `--laundering-rate` and `--no-patterns`.
fn pattern_config(args: &GenerateArgs) -> Result<PatternConfig> {
    let mut patterns = PatternConfig {
        enabled: !args.no_patterns,
        laundering_rate: args.laundering_rate,
        ..PatternConfig::default()
    };
    for text in &args.pattern {
        let request = crate::patterns::plan::parse_request(text)?;
        let (name, _) = text.split_once('=').unwrap_or((text, ""));
        let name = name.trim().to_string();
        match patterns.count.0.iter_mut().find(|(n, _)| *n == name) {
            Some((_, n)) => *n += request.count,
            None => patterns.count.0.push((name, request.count)),
        }
    }
    patterns.options()?;
    Ok(patterns)
}

/// Formats in canonical order (json, jsonl, csv), each once, so the flag order never changes a byte.
fn parse_formats(values: &[String]) -> Result<Vec<Format>> {
    let mut formats = Vec::new();
    for value in values {
        let name = value.trim().to_ascii_lowercase();
        let format = match Format::parse(&name) {
            Some(f) => f,
            None if name == "parquet" => {
                return Err(Error::Usage("--format parquet: not supported yet".into()));
            }
            None => {
                return Err(Error::Usage(format!(
                    "--format: unknown format '{value}' (known: json, jsonl, csv)"
                )));
            }
        };
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    if formats.is_empty() {
        return Err(Error::Usage("--format: no format given".into()));
    }
    formats.sort();
    Ok(formats)
}

/// `--only` names in file order, each once.
fn parse_only(values: &[String]) -> Vec<String> {
    let mut only: Vec<String> = values
        .iter()
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| !v.is_empty())
        .collect();
    let order = |name: &str| {
        crate::entities::KNOWN
            .iter()
            .position(|k| *k == name)
            .unwrap_or(usize::MAX)
    };
    only.sort_by(|a, b| order(a).cmp(&order(b)).then(a.cmp(b)));
    only.dedup();
    only
}

/// `--stats-json` must not land inside the dataset (it is not deterministic).
fn check_outside(stats: &std::path::Path, output: &std::path::Path) -> Result<()> {
    let absolute = |p: &std::path::Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (stats, output) = (absolute(stats), absolute(output));
    if stats.starts_with(&output) {
        return Err(Error::Usage(format!(
            "--stats-json {} is inside --output {}: timings would make the dataset non-deterministic",
            stats.display(),
            output.display()
        )));
    }
    Ok(())
}

/// Internal bugs print one line and ask for a report; a backtrace only with RUST_BACKTRACE.
fn install_panic_hook() {
    let want_backtrace = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        eprintln!(
            "error: internal error: {message}{location} (please report this at the bankgen issue tracker)"
        );
        if want_backtrace {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_canonical_and_checked() {
        let f = |v: &[&str]| parse_formats(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            f(&["csv", "json", "csv"]).unwrap(),
            vec![Format::Json, Format::Csv]
        );
        assert!(
            f(&["xml"])
                .unwrap_err()
                .to_string()
                .contains("unknown format 'xml'")
        );
        assert!(
            f(&["parquet"])
                .unwrap_err()
                .to_string()
                .contains("not supported yet")
        );
    }

    #[test]
    fn only_follows_file_order() {
        let only = parse_only(&["relationships".into(), "persons".into(), "persons".into()]);
        assert_eq!(
            only,
            vec!["persons".to_string(), "relationships".to_string()]
        );
    }
}
