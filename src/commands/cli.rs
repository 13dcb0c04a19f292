//! Command-line interface (SPEC §2): clap definitions, resolution of flags into a [`Config`], command
//! dispatch, exit codes and one-line error rendering. `main` only calls [`run`].
// The CLI may read the environment (RUST_BACKTRACE) and clocks (via `progress`); generation never does.
#![allow(clippy::disallowed_methods)]

use crate::commands::progress::Progress;
use crate::commands::signals::CANCEL;
use crate::config::scenario::{Scenario, Settings, parse_formats, parse_only};
use crate::config::{
    Checksums, Config, CountOverrides, Counts, DAYS_RANGE, DEFAULT_DAYS, DEFAULT_SEED,
    DEFAULT_START, OutputConfig, PartConfig, PatternConfig, size_base,
};
use crate::core::error::{Error, Result};
use crate::encode::Format;
use crate::output::sink::SinkKind;
use crate::run::{RunOptions, check_supported, generate};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "bankgen",
    version = VERSION_TEXT.as_str(),
    about = "Seeded, labelled synthetic banking data with injected financial-crime patterns"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// `--version`: the tool version and the data format version the manifest records (one constant).
static VERSION_TEXT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (data format {})",
        env!("CARGO_PKG_VERSION"),
        crate::output::manifest::DATA_FORMAT_VERSION
    )
});

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Generate a dataset into a directory.
    Generate(Box<GenerateArgs>),
    /// Print the example scenario file, or the resolved configuration of generation flags.
    Config(Box<ConfigArgs>),
    /// Print the JSON Schema of the output records, or an entity's CSV columns.
    Schema(SchemaArgs),
    /// Validate a dataset: one directory, or several directories holding the parts of one dataset.
    Validate(ValidateArgs),
    /// Write the dataset as event envelopes (JSON Lines) to stdout, for any message-bus producer.
    Stream(Box<StreamArgs>),
}

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// Entity (person, company, ..., manifest, stream_envelope, validate_report); all, keyed by name,
    /// when omitted.
    pub entity: Option<String>,
    /// Print the CSV header and column types of the entity's table and child tables.
    #[arg(long, requires = "entity")]
    pub csv: bool,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["example", "resolved"])))]
pub struct ConfigArgs {
    /// Print the complete scenario file: every key at its default, with a comment.
    #[arg(long)]
    pub example: bool,
    /// Print the resolved configuration of the generation flags (incl. --config/--set) as TOML, the
    /// object the manifest records; writes nothing.
    #[arg(long)]
    pub resolved: bool,
    #[command(flatten)]
    pub generate: GenerateArgs,
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
    /// Check some parts of a dataset alone (without it, a missing part is an error).
    #[arg(long)]
    pub partial: bool,
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
    #[command(flatten)]
    pub generation: GenerationArgs,
    /// Output directory (created if missing).
    #[arg(long, default_value = "./bankgen-out")]
    pub output: PathBuf,
    /// Output formats: json, jsonl, csv, parquet (comma list or repeated); all written in one pass [default: json].
    #[arg(long, value_delimiter = ',')]
    pub format: Vec<String>,
    /// Write only these files (e.g. persons,accounts); references stay valid.
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Worker threads (default: available cores); never changes output bytes.
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<i64>,
    /// Overwrite earlier bankgen output in the directory.
    #[arg(long)]
    pub force: bool,
    /// Per-file SHA-256 in the manifest, or null hashes [default: sha256].
    #[arg(long, value_enum)]
    pub checksums: Option<ChecksumsArg>,
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

#[derive(clap::Args, Debug)]
pub struct StreamArgs {
    #[command(flatten)]
    pub generation: GenerationArgs,
    /// Worker threads (default: available cores); never changes output bytes.
    #[arg(long, allow_negative_numbers = true)]
    pub threads: Option<i64>,
    /// Envelopes per second, paced with a monotonic clock (never changes bytes) [default: unpaced].
    #[arg(long, allow_negative_numbers = true)]
    pub rate: Option<f64>,
    /// Stream only these entity types (e.g. transaction,account; names as in `entity_type`).
    #[arg(long, value_delimiter = ',')]
    pub entities: Vec<String>,
    /// Drop is_laundering, pattern_id and pattern_type from payloads, and the patterns.
    #[arg(long = "no-ground-truth")]
    pub no_ground_truth: bool,
    /// Prefix of every topic name, e.g. persistent://public/banking/.
    #[arg(long = "topic-prefix", default_value = "")]
    pub topic_prefix: String,
    /// Prefix each line with the partition key and a TAB (for producers that split key and value).
    #[arg(long = "key-prefix")]
    pub key_prefix: bool,
}

/// The flags that decide what is generated, shared by `generate`, `stream` and `config --resolved`.
#[derive(clap::Args, Debug)]
pub struct GenerationArgs {
    /// Scenario file (TOML, SPEC §2.4); flags and --set override its keys.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Override a scenario key by dotted path, repeatable (e.g. persons.pep_probability=0.02);
    /// overrides the file, flags override it.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Master seed, a whole number within [0, 2^64 - 1] [default: 42].
    #[arg(long, allow_negative_numbers = true, value_parser = parse_seed)]
    pub seed: Option<u64>,
    /// Window start (RFC 3339; any offset, normalised to UTC) [default: 2025-01-01T00:00:00Z].
    #[arg(long)]
    pub start: Option<String>,
    /// Window length in whole days, 1..=3650 [default: 365].
    #[arg(long)]
    pub days: Option<u32>,
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
    /// Number of parts the dataset is split into [default: 1].
    #[arg(long, allow_negative_numbers = true)]
    pub parts: Option<i64>,
    /// Which part (1-based) this process writes [default: 1].
    #[arg(long, allow_negative_numbers = true)]
    pub part: Option<i64>,
}

/// `--seed`: says what a seed is, instead of clap's "unexpected argument" for `-5`.
fn parse_seed(text: &str) -> std::result::Result<u64, String> {
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("must be a whole number within [0, {}]", u64::MAX))
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
        Command::Stream(args) => run_stream(&args),
        Command::Config(args) => run_config(&args),
        Command::Schema(args) => crate::commands::schema::run(args.entity.as_deref(), args.csv),
        Command::Validate(args) => {
            let opts = crate::validate::Options {
                dirs: args.dirs,
                strict: args.strict,
                max_examples: args.max_examples,
                realism: args.realism,
                partial: args.partial,
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

/// `--threads`: the available cores by default, else 1..=1024.
fn threads(flag: Option<i64>) -> Result<usize> {
    match flag {
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
        Some(n) if (1..=1024).contains(&n) => Ok(n as usize),
        Some(n) => Err(Error::Usage(format!(
            "--threads must be within [1, 1024]: got {n}"
        ))),
    }
}

fn run_generate(args: &GenerateArgs) -> Result<()> {
    let config = resolve(args)?;
    check_supported(&config)?;
    let threads = threads(args.threads)?;
    // The stats file is opened before any work, so an unwritable path fails at once, not after the
    // whole dataset is written.
    let mut stats_file = match &args.stats_json {
        Some(path) => {
            check_outside(path, &args.output)?;
            let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
            Some((path, file))
        }
        None => None,
    };
    crate::commands::signals::install(true);
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
    let report = match generate(&config, &options, &progress, &CANCEL) {
        Ok(report) => report,
        Err(e) => {
            if let Some((path, _)) = stats_file.take() {
                let _ = std::fs::remove_file(path);
            }
            return Err(e);
        }
    };
    let stats = progress.finish(&report, &args.output, threads);
    if let Some((path, file)) = &mut stats_file {
        use std::io::Write;
        file.write_all(stats.as_bytes())
            .map_err(|e| Error::io(path, e))?;
    }
    Ok(())
}

/// `bankgen stream`: envelopes on stdout; a closed pipe ends it quietly.
fn run_stream(args: &StreamArgs) -> Result<()> {
    let config = resolve_generation(&args.generation, &[], &[], None)?;
    let rate = match args.rate {
        Some(r) if !(r.is_finite() && r > 0.0) => {
            return Err(Error::Usage(format!(
                "--rate must be a positive number of envelopes per second: got {r}"
            )));
        }
        rate => rate,
    };
    let entities = if args.entities.is_empty() {
        Vec::new()
    } else {
        crate::stream::parse_entities(&args.entities)?
    };
    let options = crate::stream::StreamOptions {
        threads: threads(args.threads)?,
        rate,
        entities,
        ground_truth: !args.no_ground_truth,
        topic_prefix: args.topic_prefix.clone(),
        key_prefix: args.key_prefix,
    };
    crate::commands::signals::install(false);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    crate::stream::run(&config, &options, &mut out, &CANCEL).map(|_| ())
}

/// `bankgen config --example | --resolved`: prints to stdout, writes nothing.
fn run_config(args: &ConfigArgs) -> Result<()> {
    let text = if args.example {
        crate::config::scenario::example()
    } else {
        let config = resolve(&args.generate)?;
        check_supported(&config)?;
        crate::config::scenario::resolved_toml(&config)?
    };
    crate::core::error::write_stdout(text.as_bytes())
}

/// The scenario layer: `--config FILE` with `--set` applied, checked.
fn scenario(args: &GenerationArgs) -> Result<Settings> {
    let mut scenario = match &args.config {
        Some(path) => Scenario::load(path)?,
        None => Scenario::default(),
    };
    for assignment in &args.set {
        scenario.set(assignment)?;
    }
    scenario.settings(&crate::run::tables::names())
}

/// Turns flags into the resolved configuration, checking every value. Precedence per key: an explicit
/// flag, else the scenario (`--set` over `--config`), else the default or derivation.
pub fn resolve(args: &GenerateArgs) -> Result<Config> {
    resolve_generation(&args.generation, &args.format, &args.only, args.checksums)
}

/// [`resolve`] from the generation flags and the output flags that reach the configuration.
fn resolve_generation(
    args: &GenerationArgs,
    format: &[String],
    only: &[String],
    checksums: Option<ChecksumsArg>,
) -> Result<Config> {
    let file = scenario(args)?;
    let count = |flag: &str, v: Option<i64>| -> Result<Option<u64>> {
        match v {
            None => Ok(None),
            Some(n) if n >= 0 => Ok(Some(n as u64)),
            Some(n) => Err(Error::Usage(format!("--{flag} must be >= 0: got {n}"))),
        }
    };
    let persons = count("persons", args.persons)?;
    let base = match (persons, args.scale) {
        (None, None) => size_base(file.persons, file.scale)?,
        (persons, scale) => size_base(persons, scale)?,
    };
    let fc = &file.counts;
    let overrides = CountOverrides {
        companies: count("companies", args.companies)?.or(fc.companies),
        accounts: count("accounts", args.accounts)?.or(fc.accounts),
        transactions: count("transactions", args.transactions)?.or(fc.transactions),
        communications: count("communications", args.communications)?.or(fc.communications),
        trades: count("trades", args.trades)?.or(fc.trades),
        travels: count("travels", args.travels)?.or(fc.travels),
        documents: count("documents", args.documents)?.or(fc.documents),
        account_events: count("account-events", args.account_events)?.or(fc.account_events),
    };
    let counts = Counts::resolve(base, &overrides);
    counts.check_prerequisites()?;
    for (flag, n) in [
        ("--persons", counts.persons),
        ("--companies", counts.companies),
        ("--accounts", counts.accounts),
    ] {
        if n > crate::core::ids::MAX_INDEX {
            return Err(Error::Usage(format!(
                "{flag} must be within [0, {}]: got {n}",
                crate::core::ids::MAX_INDEX
            )));
        }
    }
    let days = args.days.or(file.days).unwrap_or(DEFAULT_DAYS);
    if !DAYS_RANGE.contains(&days) {
        return Err(Error::Usage(format!(
            "--days must be within [1, 3650]: got {days}"
        )));
    }
    let start_ts = match (&args.start, &file.start) {
        (Some(text), _) => crate::config::parse_start(text)
            .map_err(|why| Error::Usage(format!("--start {text}: {why}")))?,
        (None, Some((_, ts))) => *ts,
        (None, None) => crate::config::parse_start(DEFAULT_START).map_err(Error::Usage)?,
    };
    let parts = args.parts.or(file.parts.map(i64::from)).unwrap_or(1);
    let part = args.part.or(file.part.map(i64::from)).unwrap_or(1);
    if !(1..=65_535).contains(&parts) {
        return Err(Error::Usage(format!(
            "--parts must be within [1, 65535]: got {parts}"
        )));
    }
    if part < 1 || part > parts {
        return Err(Error::Usage(format!(
            "--part must be within [1, --parts = {parts}]: got {part}"
        )));
    }
    let formats = match (format.is_empty(), &file.formats) {
        (false, _) => parse_formats("--format", format)?,
        (true, Some(formats)) => formats.clone(),
        (true, None) => vec![Format::Json],
    };
    let only = match (only.is_empty(), &file.only) {
        (false, _) => {
            let only = parse_only(only, &crate::run::tables::names());
            if only.is_empty() {
                return Err(Error::Usage(
                    "--only: no file named (e.g. --only transactions,accounts; omit the flag to write every file)".into(),
                ));
            }
            only
        }
        (true, Some(only)) => only.clone(),
        (true, None) => Vec::new(),
    };
    let checksums = match checksums {
        Some(ChecksumsArg::Sha256) => Checksums::Sha256,
        Some(ChecksumsArg::None) => Checksums::None,
        None => file.checksums.unwrap_or(Checksums::Sha256),
    };
    let output = OutputConfig {
        formats,
        only,
        checksums,
    };
    let mut config = Config::new(
        args.seed.or(file.seed).unwrap_or(DEFAULT_SEED),
        start_ts,
        days,
        counts,
        output,
        PartConfig {
            index: part as u32,
            count: parts as u32,
        },
        file.generators.clone(),
    );
    config.patterns = pattern_config(args, &file)?;
    check_plan_size(&config)?;
    Ok(config)
}

/// Refuses, by arithmetic alone and before anything is planned or built, work that cannot fit: an event
/// file larger than the slice geometry can hold (SPEC §5.1: ≤ 8,192 records in each of < 2^24 slices of
/// at least 10 s), and more requested instances than records they could be made of (every instance
/// emits at least one event record or, for ownership chains, needs a company).
fn check_plan_size(config: &Config) -> Result<()> {
    let c = &config.counts;
    let slices = (u64::from(config.days) * 86_400 / 10).min((1 << 24) - 1);
    let most = slices * 8_192;
    for (flag, n) in [
        ("--transactions", c.transactions),
        ("--communications", c.communications),
        ("--trades", c.trades),
        ("--travels", c.travels),
        ("--documents", c.documents),
        ("--account-events", c.account_events),
    ] {
        if n > most {
            return Err(Error::Usage(format!(
                "{flag} is {n} but a {}-day window holds at most {most} records per event file",
                config.days
            )));
        }
    }
    let requested: u64 = config
        .patterns
        .count
        .0
        .iter()
        .fold(0u64, |sum, (_, n)| sum.saturating_add(*n));
    let events =
        c.transactions + c.communications + c.trades + c.travels + c.documents + c.account_events;
    if requested > events + c.companies {
        return Err(Error::Usage(format!(
            "pattern plan asks for {requested} instances but the dataset has only {events} event records and {} companies to build them from",
            c.companies
        )));
    }
    Ok(())
}

/// The `[patterns]` table: the scenario's, with `--pattern` (replaces `patterns.count`),
/// `--laundering-rate` and `--no-patterns` (no instances: clears the count and the rate) over it.
fn pattern_config(args: &GenerationArgs, file: &Settings) -> Result<PatternConfig> {
    let mut patterns = file.patterns.clone();
    if args.no_patterns {
        patterns.enabled = false;
        patterns.laundering_rate = None;
        patterns.count.0.clear();
    }
    if args.laundering_rate.is_some() {
        patterns.laundering_rate = args.laundering_rate;
    }
    if !args.pattern.is_empty() {
        patterns.count.0.clear();
    }
    if !patterns.enabled && (args.laundering_rate.is_some() || !args.pattern.is_empty()) {
        let flag = if args.pattern.is_empty() {
            "--laundering-rate"
        } else {
            "--pattern"
        };
        return Err(Error::Usage(format!(
            "{flag} conflicts with patterns.enabled = false in the scenario"
        )));
    }
    for text in &args.pattern {
        let request = crate::patterns::plan::parse_request(text)?;
        let (name, _) = text.split_once('=').unwrap_or((text, ""));
        let name = name.trim().to_string();
        if patterns.count.0.iter().any(|(n, _)| *n == name) {
            return Err(Error::Usage(format!(
                "--pattern {name} is given twice: give each typology or subtype once, with its total count"
            )));
        }
        patterns.count.0.push((name, request.count));
    }
    patterns.options()?;
    Ok(patterns)
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
        let f = |v: &[&str]| {
            parse_formats(
                "--format",
                &v.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            )
        };
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
        assert_eq!(
            f(&["parquet", "json"]).unwrap(),
            vec![Format::Json, Format::Parquet]
        );
    }

    #[test]
    fn only_follows_file_order() {
        let only = parse_only(
            &["relationships".into(), "persons".into(), "persons".into()],
            &crate::run::tables::names(),
        );
        assert_eq!(
            only,
            vec!["persons".to_string(), "relationships".to_string()]
        );
    }
}
