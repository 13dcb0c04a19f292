//! The validation run: discovery, manifests, then per format the entity files (whose compact facts later
//! files read), the pattern files, relationships and finally the event files, each streamed through the
//! rule families; then the dataset-wide checks (GT-3/4, INV, MAN-3..6) once everything is read.

use super::discover::{Discovery, PartFiles, discover};
use super::facts;
use super::findings::{Findings, Severity};
use super::read::{FileStats, read_csv, read_lines};
use super::rules::{self, gt::Agg, id::Order, inv::Group, man};
use super::schema::Entity;
use super::state::{Ctx, FileCtx, ManCtx, Out};
use crate::core::error::{Error, Result};
use crate::core::ids::IdCodec;
use crate::encode::Format;
use crate::patterns::dataset::DatasetFacts;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What `validate` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    pub dirs: Vec<PathBuf>,
    pub strict: bool,
    pub max_examples: usize,
    pub realism: bool,
    /// Accept an incomplete part set (the dataset-wide rules are skipped); otherwise it is an error.
    pub partial: bool,
}

/// One file's line in the report.
#[derive(Clone, Debug)]
pub struct FileReport {
    pub name: String,
    pub records: u64,
    pub ok: bool,
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Outcome {
    pub findings: Findings,
    pub files: Vec<FileReport>,
    pub data_format_version: Option<u32>,
    /// Rules that could not run, with the reason.
    pub skipped: Vec<(String, String)>,
    /// `--realism` on a complete dataset: the REAL-* metrics (of the first format read).
    pub realism: Option<super::realism::Report>,
}

impl Outcome {
    pub fn valid(&self) -> bool {
        self.findings.total(Severity::Error) == 0
    }
}

/// Processing order: the registry's files ranked by [`crate::run::tables::FileKind::read_rank`] (entities whose facts later
/// files read, then patterns and members (GT-2, GT-5 read them), relationships, then the event files).
fn read_order() -> Vec<&'static str> {
    let mut files = crate::run::tables::files();
    files.sort_by_key(|f| f.kind.read_rank());
    files.into_iter().map(|f| f.name).collect()
}

pub fn run(opts: &Options) -> Result<Outcome> {
    let disc = discover(&opts.dirs)?;
    if let Some(parquet) = disc.data.iter().find(|d| d.format == Format::Parquet) {
        return Err(Error::Usage(format!(
            "{}: validate does not read Parquet yet: validate the json, jsonl or csv output of the same seed and configuration",
            parquet.label
        )));
    }
    let mut f = Findings::new(opts.max_examples);
    let loaded = man::load(&disc, &mut f)?;
    let dataset = man::dataset(&loaded, &mut f);
    let mut files = Vec::new();
    let mut stats: BTreeMap<(usize, String), FileStats> = BTreeMap::new();
    let mut skipped = Vec::new();
    if let Some((m, _, false)) = &dataset {
        // A missing part is an error unless asked for: "VALID" must mean the whole dataset was checked.
        let given = loaded.len() as u64;
        if !opts.partial && given < m.part_count as u64 {
            let present: std::collections::BTreeSet<u32> =
                loaded.iter().map(|l| l.manifest.part.index).collect();
            let missing: Vec<String> = (1..=m.part_count)
                .filter(|k| !present.contains(k))
                .take(10)
                .map(|k| k.to_string())
                .collect();
            f.error("MAN-5", &loaded[0].found.label, 0, || {
                format!(
                    "only {given} of {} parts given (missing part {}{}): name every part's directory, or pass --partial to check these parts alone",
                    m.part_count,
                    missing.join(", "),
                    if m.part_count as u64 - given > 10 { ", ..." } else { "" }
                )
            });
        }
        skipped.push((
            "INV-*, UBO-1, CONS-HOUSEHOLD, CONS-OFFICER, CONS-GROUP, GT-3, GT-4, MAN-5 record totals, MAN-6"
                .to_string(),
            format!("only {} of {} parts given", loaded.len(), m.part_count),
        ));
    }
    let mut realism = None;
    if opts.realism {
        match &dataset {
            Some((m, _, false)) => skipped.push((
                "REAL-*".into(),
                format!("only {} of {} parts given", loaded.len(), m.part_count),
            )),
            None => skipped.push(("REAL-*".into(), "no usable manifest".into())),
            Some(_) => {}
        }
    }
    for format in disc.formats() {
        validate_format(
            &disc,
            format,
            &loaded,
            dataset.as_ref(),
            opts,
            &mut f,
            &mut files,
            &mut stats,
            &mut skipped,
            &mut realism,
        )?;
    }
    if !loaded.is_empty() {
        man::files(&disc, &loaded, &stats, &mut f);
    }
    if opts.strict {
        f.make_strict();
    }
    Ok(Outcome {
        findings: f,
        files,
        data_format_version: loaded.first().map(|l| l.manifest.data_format_version),
        skipped,
        realism,
    })
}

/// Everything gathered over one format's files.
#[derive(Default)]
struct Gathered {
    aggs: BTreeMap<u64, Agg>,
    groups: BTreeMap<u64, Group>,
    labelled: [u64; 7],
    written: [bool; 7],
    records: BTreeMap<&'static str, u64>,
    links: rules::links::Collected,
    real: Option<super::realism::Accumulator>,
    shares: rules::range::ShareTotals,
    bills_of_lading: std::collections::BTreeSet<String>,
    /// First appearance of each address and device on each account takeover victim account.
    first_seen: BTreeMap<u64, BTreeMap<String, crate::core::time::Timestamp>>,
}

#[allow(clippy::too_many_arguments)]
fn validate_format(
    disc: &Discovery,
    format: Format,
    loaded: &[man::Loaded],
    dataset: Option<&(ManCtx, u64, bool)>,
    opts: &Options,
    f: &mut Findings,
    files: &mut Vec<FileReport>,
    stats: &mut BTreeMap<(usize, String), FileStats>,
    skipped: &mut Vec<(String, String)>,
    realism: &mut Option<super::realism::Report>,
) -> Result<()> {
    let (layout, orphans) = disc.layout(format);
    report_orphans(&orphans, f, files);
    let full = dataset.is_some_and(|d| d.2);
    let mut ctx = format_ctx(dataset, opts, full);
    let mut g = Gathered::default();
    if ctx.realism && ctx.deep() {
        g.real = Some(super::realism::Accumulator::new());
    }
    for stem in read_order() {
        let Some((entity, parts)) = layout.iter().find(|(e, _)| e.stem == stem) else {
            continue;
        };
        if let Some(slot) = super::state::count_slot(stem) {
            g.written[slot] = true;
        }
        g.links.saw(stem);
        validate_entity(entity, parts, format, &mut ctx, &mut g, f, files, stats)?;
        // Issuer facts are complete only when every part's file has been read.
        match stem {
            "companies" => ctx.issuers.companies_read = full,
            "relationships" => ctx.issuers.relationships_read = full,
            _ => {}
        }
    }
    note_trade_issuers_skipped(&ctx, &g, full, format, skipped);
    if let (Some((m, _, true)), true) = (dataset, ctx.deep()) {
        ctx.inv.bills_of_lading = std::mem::take(&mut g.bills_of_lading);
        ctx.inv.first_seen = std::mem::take(&mut g.first_seen);
        finish_dataset(m, format, loaded, &ctx, &mut g, f, skipped, realism);
    }
    Ok(())
}

/// FMT-4: a CSV child table whose main table is missing cannot be read at all.
fn report_orphans(
    orphans: &[super::discover::Found],
    f: &mut Findings,
    files: &mut Vec<FileReport>,
) {
    for o in orphans {
        f.error("FMT-4", &o.label, 0, || {
            "child table without its main table".into()
        });
        files.push(FileReport {
            name: o.label.clone(),
            records: 0,
            ok: false,
        });
    }
}

/// The rule context of one format, before any of its files is read.
fn format_ctx(dataset: Option<&(ManCtx, u64, bool)>, opts: &Options, full: bool) -> Ctx {
    Ctx {
        max_examples: opts.max_examples,
        codec: dataset.map(|d| IdCodec::new(d.1)),
        man: dataset.map(|d| d.0.clone()),
        full,
        persons: Vec::new(),
        passports: Vec::new(),
        extra_passports: Vec::new(),
        companies: Vec::new(),
        accounts: Vec::new(),
        patterns: BTreeMap::new(),
        issuers: Default::default(),
        inv: DatasetFacts {
            window_start: dataset.map_or(0, |d| d.0.start),
            margin_bp: dataset.map_or(500, |d| d.0.margin_bp),
            ubo_threshold: dataset.map_or(250_000, |d| d.0.ubo_threshold),
            ..Default::default()
        },
        realism: opts.realism && full,
    }
}

/// Trade issuer ties need every part's companies and relationships; otherwise ALERT-1 takes them
/// from the records (and still checks the other trade rules), and the report says so.
fn note_trade_issuers_skipped(
    ctx: &Ctx,
    g: &Gathered,
    full: bool,
    format: Format,
    skipped: &mut Vec<(String, String)>,
) {
    let issuers = &ctx.issuers;
    if ctx.deep() && g.written[2] && !(issuers.companies_read && issuers.relationships_read) {
        let why = if full {
            "no companies or relationships file"
        } else {
            "not all parts given"
        };
        skipped.push((
            "ALERT-1 trade issuer ties (officer, major shareholder)".into(),
            format!("{}: {why}", format.name()),
        ));
    }
}

/// The checks of one complete format that need all of its files: MAN-5/6 totals and labels, GT-3/4,
/// the link rules, REAL-* and INV.
#[allow(clippy::too_many_arguments)]
fn finish_dataset(
    m: &ManCtx,
    format: Format,
    loaded: &[man::Loaded],
    ctx: &Ctx,
    g: &mut Gathered,
    f: &mut Findings,
    skipped: &mut Vec<(String, String)>,
    realism: &mut Option<super::realism::Report>,
) {
    let label = loaded
        .first()
        .map_or(String::new(), |l| l.found.label.clone());
    man::totals(m, &g.records, &label, f);
    if let Some(l) = loaded.first() {
        let transactions = g.records.get("transactions").copied().unwrap_or(0);
        man::labels(
            &l.manifest,
            &g.labelled,
            &g.written,
            transactions,
            &label,
            f,
        );
    }
    if g.written[6] || g.written[0] {
        rules::gt::finish(&ctx.patterns, &g.aggs, &g.written, f);
    }
    rules::links::finish(&g.links, m.ubo_threshold, f);
    for (rule, why) in rules::links::not_run(&g.links) {
        skipped.push((rule.to_string(), format!("{}: {why}", format.name())));
    }
    if let Some(acc) = g.real.take()
        && g.written[0]
        && realism.is_none()
    {
        *realism = Some(finish_realism(acc, m, ctx, &label, f, skipped));
    }
    if g.written[0] && g.written[6] {
        let (_, not_run) = rules::inv::run(&ctx.patterns, &mut g.groups, &ctx.inv, &g.written, f);
        for rule in not_run {
            skipped.push((
                rule.to_string(),
                format!("{} lacks a file the invariant reads", format.name()),
            ));
        }
    }
}

/// REAL-*: turns the accumulated observations into the report; a metric off target is a warning.
fn finish_realism(
    acc: super::realism::Accumulator,
    m: &ManCtx,
    ctx: &Ctx,
    label: &str,
    f: &mut Findings,
    skipped: &mut Vec<(String, String)>,
) -> super::realism::Report {
    let report = acc.finish(&super::realism::Plan {
        laundering_rate: m.laundering_rate,
        largest_instance: largest_instance(ctx),
        company_account_share: company_account_share(ctx),
    });
    for metric in report.metrics.iter().filter(|m| !m.ok) {
        f.warn(metric.rule, label, 0, || {
            format!(
                "{} = {:.6}, target {}",
                metric.name, metric.value, metric.target
            )
        });
    }
    for (what, why) in &report.skipped {
        skipped.push((what.clone(), why.clone()));
    }
    report
}

/// Transactions of the largest pattern instance, as its pattern record declares them.
fn largest_instance(ctx: &Ctx) -> u64 {
    ctx.patterns
        .values()
        .filter_map(|p| p.counts[0])
        .max()
        .unwrap_or(0)
        .max(0) as u64
}

/// Share of company-owned accounts among the accounts read (None when none was).
fn company_account_share(ctx: &Ctx) -> Option<f64> {
    let present = ctx.accounts.iter().filter(|a| a.present);
    let (n, companies) = present.fold((0u64, 0u64), |(n, c), a| {
        (
            n + 1,
            c + a
                .owner
                .is_some_and(|o| o.0 == crate::core::ids::Namespace::Company)
                as u64,
        )
    });
    (n > 0).then(|| companies as f64 / n as f64)
}

#[allow(clippy::too_many_arguments)]
fn validate_entity(
    entity: &'static Entity,
    parts: &[PartFiles],
    format: Format,
    ctx: &mut Ctx,
    g: &mut Gathered,
    f: &mut Findings,
    files: &mut Vec<FileReport>,
    stats: &mut BTreeMap<(usize, String), FileStats>,
) -> Result<()> {
    let mut order = ctx.man.as_ref().map(|m| Order::new(entity.kind, m));
    let mut prev_part: Option<u32> = None;
    let mut prev_label = String::new();
    let mut pending = Out::default();
    let keys: Vec<&'static str> = entity.schema.fields.iter().map(|f| f.name).collect();
    for (k, pf) in parts.iter().enumerate() {
        let count = ctx.man.as_ref().map_or(1, |m| m.part_count);
        let file = FileCtx {
            entity,
            label: pf.main.label.clone(),
            part: (pf.part, count),
        };
        if let Some(o) = order.as_mut() {
            begin_part(o, ctx, entity, pf.part, prev_part, &prev_label, f);
        }
        let mut file_errors = 0u64;
        let ctx_ref: &Ctx = ctx;
        let check =
            |_: &str, line: u64, obj: &super::json::Obj<'_>, out: &mut Out, fs: &mut Findings| {
                rules::check_record(ctx_ref, &file, line, obj, out, fs);
            };
        let mut sink = |out: Out, chunk: Findings| {
            file_errors += absorb(out, chunk, &file.label, order.as_mut(), g, f, &mut pending);
        };
        let max = ctx_ref.max_examples;
        let main = read_part(
            entity, pf, format, &keys, max, &check, &mut sink, files, stats,
        )?;
        *g.records.entry(entity.stem).or_default() += main.records;
        files.push(FileReport {
            name: pf.main.label.clone(),
            records: main.records,
            ok: file_errors == 0,
        });
        stats.insert((pf.main.dir, pf.main.name.clone()), main);
        prev_part = Some(pf.part);
        prev_label = pf.main.label.clone();
        // Facts of this file become visible to the next files.
        apply(ctx, &mut pending);
        let last = k + 1 == parts.len();
        if last && let Some(o) = order.as_mut() {
            let cut = ctx.man.as_ref().is_some_and(|m| pf.part < m.part_count);
            o.end(&prev_label, f, cut);
        }
    }
    Ok(())
}

/// ID order across parts: a gap in the part sequence ends the previous run of keys, and each file
/// starts at the row its part begins with.
fn begin_part(
    o: &mut Order,
    ctx: &Ctx,
    entity: &'static Entity,
    part: u32,
    prev_part: Option<u32>,
    prev_label: &str,
    f: &mut Findings,
) {
    let count = ctx.man.as_ref().map_or(1, |m| m.part_count);
    let continues = prev_part.is_some_and(|p| p + 1 == part);
    if prev_part.is_some() && !continues {
        o.end(prev_label, f, true);
    }
    let rows = ctx
        .man
        .as_ref()
        .and_then(|m| m.totals.get(entity.stem))
        .unwrap_or(0);
    let offset = (part.saturating_sub(1) as u128 * rows as u128 / count.max(1) as u128) as u64;
    o.begin_file(offset, continues);
}

/// Reads one part's main file (and, for CSV, its child tables) through the rules. The child tables'
/// reports and stats are recorded here; the main file's stats are returned for the caller to record
/// once the file's error count is known.
#[allow(clippy::too_many_arguments)]
fn read_part(
    entity: &'static Entity,
    pf: &PartFiles,
    format: Format,
    keys: &[&'static str],
    max: usize,
    check: &super::read::Check<'_, Out>,
    sink: &mut super::read::Sink<'_, Out>,
    files: &mut Vec<FileReport>,
    stats: &mut BTreeMap<(usize, String), FileStats>,
) -> Result<FileStats> {
    if format != Format::Csv {
        return read_lines(
            &pf.main.path,
            &pf.main.label,
            format,
            keys,
            max,
            check,
            sink,
        );
    }
    let children: Vec<Option<(&std::path::Path, &str)>> = pf
        .children
        .iter()
        .map(|c| c.as_ref().map(|c| (c.path.as_path(), c.label.as_str())))
        .collect();
    let (main, kids) = read_csv(
        entity,
        (&pf.main.path, &pf.main.label),
        &children,
        max,
        check,
        sink,
    )?;
    for (child, st) in pf.children.iter().zip(kids) {
        if let (Some(c), Some(st)) = (child, st) {
            files.push(FileReport {
                name: c.label.clone(),
                records: st.records,
                ok: true,
            });
            stats.insert((c.dir, c.name.clone()), st);
        }
    }
    Ok(main)
}

/// Takes one checked chunk's output, in file order: ID keys, labels, shareholdings (RANGE-8),
/// members, entity facts for the next files, link items and realism observations; then its findings.
/// Returns the chunk's error count.
fn absorb(
    mut out: Out,
    chunk: Findings,
    label: &str,
    order: Option<&mut Order>,
    g: &mut Gathered,
    f: &mut Findings,
    pending: &mut Out,
) -> u64 {
    if let Some(o) = order {
        for key in out.keys.drain(..) {
            o.key(key, label, &mut *f);
        }
    }
    g.count_labels(&mut out);
    let mut errors = check_shares(&mut out, label, g, f);
    g.bills_of_lading.extend(out.bills_of_lading.drain(..));
    for (account, x, ts) in out.sightings.drain(..) {
        let first = g
            .first_seen
            .entry(account)
            .or_default()
            .entry(x)
            .or_insert(ts);
        *first = (*first).min(ts);
    }
    g.count_members(&mut out);
    keep_facts(&mut out, pending);
    g.links.take(&mut out.links, label);
    if let Some(acc) = g.real.as_mut() {
        for o in out.real.drain(..) {
            acc.add(&o);
        }
    }
    errors += chunk.total(Severity::Error);
    f.merge(chunk);
    errors
}

impl Gathered {
    /// GT and INV tallies of labelled records, per pattern.
    fn count_labels(&mut self, out: &mut Out) {
        for l in out.labelled.drain(..) {
            let agg = self.aggs.entry(l.pattern).or_default();
            agg.counts[l.slot] += 1;
            agg.usd_cents += l.usd_cents as i128;
            self.labelled[l.slot] += 1;
            let grp = self.groups.entry(l.pattern).or_default();
            if let Some(t) = l.tx {
                grp.transactions.push(t);
            }
            if let Some(e) = l.event {
                grp.account_events.push(e);
            }
            if let Some(e) = l.rel {
                grp.relationships.push(e);
            }
            if let Some(d) = l.doc {
                grp.documents.push(d);
            }
            if let Some(t) = l.trade {
                grp.trades.push(t);
            }
            if let Some(c) = l.communication {
                grp.communications.push(c);
            }
        }
    }

    /// Pattern members count towards their pattern (slot 6) and join its INV group.
    fn count_members(&mut self, out: &mut Out) {
        for (p, m) in out.members.drain(..) {
            self.aggs.entry(p).or_default().counts[6] += 1;
            self.labelled[6] += 1;
            out.member_ids.push(m.entity_id.value);
            self.groups.entry(p).or_default().members.push(m);
        }
    }
}

/// RANGE-8: the direct holdings in one company may not sum to more than 100%. Returns the errors found.
fn check_shares(out: &mut Out, label: &str, g: &mut Gathered, f: &mut Findings) -> u64 {
    let mut errors = 0;
    for (company, hundredths, line) in out.shares.drain(..) {
        if let Some(total) = g.shares.add(company, hundredths) {
            errors += 1;
            f.error("RANGE-8", label, line, || {
                format!(
                    "direct holdings in company row {company} sum to {}%, more than 100",
                    crate::model::record::Decimal::new(total as i64, 2)
                )
            });
        }
    }
    errors
}

/// Entity facts wait in `pending` until their file is read, then [`apply`] makes them visible.
fn keep_facts(out: &mut Out, pending: &mut Out) {
    pending.persons.append(&mut out.persons);
    pending.person_views.append(&mut out.person_views);
    pending.company_views.append(&mut out.company_views);
    pending.passports.append(&mut out.passports);
    pending.extra_passports.append(&mut out.extra_passports);
    pending.companies.append(&mut out.companies);
    pending.accounts.append(&mut out.accounts);
    pending.listings.append(&mut out.listings);
    pending.officers.append(&mut out.officers);
    pending.holdings.append(&mut out.holdings);
    pending.account_views.append(&mut out.account_views);
    pending.patterns.append(&mut out.patterns);
    pending.member_ids.append(&mut out.member_ids);
    pending.tickers.append(&mut out.tickers);
    pending.ties.append(&mut out.ties);
    pending.takeover_victims.append(&mut out.takeover_victims);
}

/// Moves collected entity facts into the context.
fn apply(ctx: &mut Ctx, pending: &mut Out) {
    let Some(man) = ctx.man.as_ref() else { return };
    let (np, nc, na) = (man.persons, man.companies, man.accounts);
    facts::store(&mut ctx.persons, &pending.persons, np);
    facts::store(&mut ctx.passports, &pending.passports, np);
    if !pending.extra_passports.is_empty() {
        ctx.extra_passports.append(&mut pending.extra_passports);
        ctx.extra_passports.sort_unstable();
    }
    facts::store(&mut ctx.companies, &pending.companies, nc);
    facts::store(&mut ctx.accounts, &pending.accounts, na);
    // Issuer tables stay sorted for binary search.
    let issuers = &mut ctx.issuers;
    issuers.listings.append(&mut pending.listings);
    issuers.listings.sort_unstable();
    issuers.officers.append(&mut pending.officers);
    issuers.officers.sort_unstable();
    issuers.holdings.append(&mut pending.holdings);
    issuers.holdings.sort_unstable();
    for (value, v) in pending.person_views.drain(..) {
        ctx.inv.persons.insert(value, v);
    }
    for (value, v) in pending.company_views.drain(..) {
        ctx.inv.companies.insert(value, v);
    }
    for (value, v) in pending.account_views.drain(..) {
        ctx.inv.accounts.insert(value, v);
    }
    for (value, p) in pending.patterns.drain(..) {
        ctx.patterns.insert(value, p);
    }
    ctx.inv.members.extend(pending.member_ids.drain(..));
    ctx.inv.tickers.extend(pending.tickers.drain(..));
    for (a, b, tie) in pending.ties.drain(..) {
        ctx.inv
            .ties
            .entry((a.min(b), a.max(b)))
            .or_default()
            .push(tie);
    }
    ctx.inv
        .takeover_victims
        .extend(pending.takeover_victims.drain(..));
    pending.persons.clear();
    pending.passports.clear();
    pending.companies.clear();
    pending.accounts.clear();
}
