//! One `generate` run: builds the generator context from the resolved configuration, writes every
//! selected entity file of this part through the pipeline into the output directory, then the manifest.
//! Knows the list of entity files, not their formats (encoders) or their contents (generators).

pub mod plan;
pub mod tables;

use crate::config::{Checksums, Config};
use crate::core::error::{Error, Result};
use crate::core::ids::Namespace;
use crate::encode::{ChunkBuffers, ChunkEncoder, Format, file_layouts, footer};
use crate::generators::{Ctx, Window};
use crate::model::record::Record;
use crate::output::manifest::{
    DATA_FORMAT_VERSION, FileEntry, Labels, Manifest, PartInfo, PatternSummary, Totals, WindowInfo,
    file_name, manifest_name,
};
use crate::output::parquet::ParquetFile;
use crate::output::pipeline::Pipeline;
use crate::output::sink::{FileSink, OutputDir, SinkKind};
use crate::patterns::plan::PatternPlan;
use crate::population::layout::Layout;
use crate::run::plan::{EventPlans, part_range};
use crate::run::tables::{Table, TableVisitor, TableWriter, each_table};
use crate::schedule::events::{Event, Rows, order_and_number};
use crate::schedule::slices::Slices;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Where one output file's chunks go: bytes straight to the sink, or column values into a Parquet
/// file's row groups.
enum FileOut {
    Bytes(FileSink),
    Parquet(Box<ParquetFile>),
}

/// What a run needs beyond the configuration: none of it changes output bytes (D-2).
pub struct RunOptions {
    pub output: PathBuf,
    pub threads: usize,
    pub force: bool,
    pub sink: SinkKind,
}

/// Told about progress; the CLI draws bars from it. Must be cheap: it is called once per chunk.
pub trait Observer: Sync {
    fn table_started(&self, _name: &str, _units: u64) {}
    fn units_done(&self, _units: u64) {}
}

/// A silent observer.
pub struct Quiet;
impl Observer for Quiet {}

/// What a run wrote.
#[derive(Clone, Debug)]
pub struct RunReport {
    pub manifest: Manifest,
    /// Rows written over all files of this part (child tables included).
    pub records: u64,
    pub bytes: u64,
}

/// Everything shared by the writers of one run.
pub struct Run<'a> {
    pub config: &'a Config,
    pub ctx: Ctx,
    pub part: PartInfo,
    pub out: OutputDir,
    pub pipeline: Pipeline,
    pub cancel: &'a AtomicBool,
    pub observer: &'a dyn Observer,
    pub files: Vec<FileEntry>,
    pub totals: Vec<(String, u64)>,
}

/// Builds the generation context for a configuration.
pub fn context(config: &Config) -> Ctx {
    let counts = &config.counts;
    let layout = Layout::new(config.generators.layout(
        config.seed,
        counts.persons,
        counts.companies,
        counts.accounts,
    ));
    Ctx::new(
        config.seed,
        Window::new(config.start_ts, config.days),
        layout,
        config.generators.clone(),
    )
}

/// The pattern plan and the event-file plan of a configuration, built identically by every part.
/// The pattern plan's ownership structures go into `ctx` (entity records read them).
pub fn event_plans(config: &Config, ctx: &mut Ctx) -> Result<EventPlans> {
    let options = crate::patterns::plan::PlanOptions {
        trades: config.counts.trades,
        ..config.patterns.options()?
    };
    let patterns = PatternPlan::new(
        ctx,
        &options,
        config.counts.transactions,
        config.counts.account_events,
    )?;
    ctx.ownership = patterns.ownership();
    EventPlans::new(ctx, &config.counts, patterns)
}

/// Set once the run starts touching the output directory: before that an interrupt has nothing to
/// clean up, so it may end the process at once (planning is not interruptible otherwise).
static WRITING: AtomicBool = AtomicBool::new(false);

/// Whether a run in this process has started writing output.
pub fn writing_started() -> bool {
    WRITING.load(Ordering::SeqCst)
}

/// Runs `generate` for one part.
pub fn generate(
    config: &Config,
    options: &RunOptions,
    observer: &dyn Observer,
    cancel: &AtomicBool,
) -> Result<RunReport> {
    let part = PartInfo {
        index: config.part.index,
        count: config.part.count,
    };
    let own_names = tables::file_names(config, part);
    // The whole plan is made before the output directory is touched, so a refused plan leaves no empty
    // directory and `--force` removes nothing for a run that cannot happen.
    let mut ctx = context(config);
    ctx.tabulate(options.threads);
    let plans = event_plans(config, &mut ctx)?;
    WRITING.store(true, Ordering::SeqCst);
    if cancel.load(Ordering::SeqCst) {
        return Err(Error::Interrupted);
    }
    let out = OutputDir::prepare(
        &options.output,
        options.sink,
        options.force,
        part.count > 1,
        &own_names,
    )?;
    let mut run = Run {
        config,
        ctx,
        part,
        pipeline: Pipeline::new(options.threads)?,
        out,
        cancel,
        observer,
        files: Vec::new(),
        totals: Vec::new(),
    };
    let result = run.write_all(&plans);
    if let Err(e) = result {
        run.out.abandon();
        return Err(e);
    }
    let manifest = Manifest {
        tool: "bankgen".into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        data_format_version: DATA_FORMAT_VERSION,
        seed: config.seed,
        config: config.clone(),
        window: WindowInfo::new(&run.ctx.window, Some(plans.slices.length)),
        part,
        checksums: config.output.checksums,
        sink: options.sink,
        files: run.files,
        totals: Totals(run.totals),
        patterns: PatternSummary::new(&plans.patterns),
        labels: Labels {
            relationships: crate::patterns::records::labelled_relationships(
                &run.ctx,
                &plans.patterns,
            ),
            ..Labels::new(&plans.patterns, config.counts.transactions)
        },
    };
    run.out
        .write_manifest(&manifest_name(part), &manifest.to_bytes())?;
    let records = manifest.files.iter().map(|f| f.records).sum();
    let bytes = manifest.files.iter().map(|f| f.bytes).sum();
    Ok(RunReport {
        manifest,
        records,
        bytes,
    })
}

impl Run<'_> {
    /// Writes every selected output file of this part, in file order, and records its total.
    fn write_all(&mut self, plans: &EventPlans) -> Result<()> {
        struct WriteAll<'r, 'a> {
            run: &'r mut Run<'a>,
            plans: &'r EventPlans,
        }
        impl TableVisitor for WriteAll<'_, '_> {
            fn visit<T: Table>(&mut self) -> Result<()> {
                let name = <T::Record as Record>::FILE;
                if self.run.config.writes(name) {
                    let counts = self.run.config.counts.clone();
                    let total = T::write(self.run, &counts, self.plans)?;
                    self.run.totals.push((name.to_string(), total));
                }
                Ok(())
            }
        }
        each_table(&mut WriteAll { run: self, plans })
    }

    /// Writes units `lo..hi` of a table in chunks through the pipeline into every format's files.
    fn write_range<R, E>(&mut self, lo: u64, hi: u64, units_per_chunk: u64, emit: E) -> Result<()>
    where
        R: Record,
        E: Fn(&Ctx, u64, &mut dyn FnMut(&R)) + Sync,
    {
        let formats = &self.config.output.formats;
        let layouts = file_layouts::<R>(formats);
        let hash = self.config.output.checksums == Checksums::Sha256;
        let template = ChunkEncoder::new::<R>(formats, true);
        let mut outs = Vec::with_capacity(layouts.len());
        for layout in &layouts {
            let name = file_name(&layout.stem, layout.format, self.part);
            let mut sink = self.out.create(&name, hash)?;
            outs.push(match (layout.format, template.parquet_schema()) {
                (Format::Parquet, Some(schema)) => {
                    FileOut::Parquet(Box::new(ParquetFile::new(name, Arc::clone(schema), sink)?))
                }
                _ => {
                    sink.write(&layout.header)?;
                    FileOut::Bytes(sink)
                }
            });
        }
        let per_chunk = units_per_chunk.max(1);
        let chunks = (hi - lo).div_ceil(per_chunk);
        self.observer.table_started(R::FILE, hi - lo);
        let mut rows = vec![0u64; layouts.len()];
        let ctx = &self.ctx;
        let observer = self.observer;
        self.pipeline.run(
            chunks,
            |k, buffers: &mut ChunkBuffers| {
                buffers.reset(layouts.len());
                let mut encoder = template.clone();
                let first = lo + k * per_chunk;
                let last = (first + per_chunk).min(hi);
                for unit in first..last {
                    emit(ctx, unit, &mut |record: &R| encoder.encode(record, buffers));
                }
            },
            |k, buffers| {
                for (i, out) in outs.iter_mut().enumerate() {
                    match out {
                        FileOut::Bytes(sink) => {
                            let mut bytes = &buffers.bufs[i][..];
                            // Every JSON record is encoded with a leading ",\n"; the file's first one drops it.
                            if layouts[i].format == Format::Json
                                && rows[i] == 0
                                && buffers.rows[i] > 0
                            {
                                bytes = &bytes[2..];
                            }
                            sink.write(bytes)?;
                        }
                        FileOut::Parquet(file) => file.append(&buffers.columns[i])?,
                    }
                    rows[i] += buffers.rows[i];
                }
                let first = lo + k * per_chunk;
                observer.units_done((first + per_chunk).min(hi) - first);
                Ok(())
            },
            self.cancel,
        )?;
        for ((out, layout), rows) in outs.into_iter().zip(&layouts).zip(rows) {
            let sink = match out {
                FileOut::Bytes(mut sink) => {
                    sink.write(footer(layout.format, rows))?;
                    sink
                }
                FileOut::Parquet(file) => file.finish()?,
            };
            let name = file_name(&layout.stem, layout.format, self.part);
            let totals = self.out.commit(sink)?;
            self.files.push(FileEntry {
                name,
                entity: layout.stem.clone(),
                format: layout.format,
                records: rows,
                bytes: totals.bytes,
                sha256: totals.sha256,
            });
        }
        Ok(())
    }

    /// Rows this part wrote to the main file of `entity` (any format; all formats agree).
    fn written_rows(&self, entity: &str) -> u64 {
        self.files
            .iter()
            .rev()
            .find(|f| f.entity == entity)
            .map_or(0, |f| f.records)
    }
}

impl TableWriter for Run<'_> {
    fn write_units<R, E>(&mut self, units: u64, units_per_chunk: u64, emit: E) -> Result<()>
    where
        R: Record,
        E: Fn(&Ctx, u64, &mut dyn FnMut(&R)) + Sync,
    {
        let (lo, hi) = part_range(units, self.part.index, self.part.count);
        self.write_range(lo, hi, units_per_chunk, emit)
    }

    fn write_slices<R, G>(
        &mut self,
        plan: &dyn Rows,
        slices: Slices,
        ns: Namespace,
        generate: G,
    ) -> Result<()>
    where
        R: Event,
        G: Fn(&Ctx, u64, &mut Vec<R>) + Sync,
    {
        let (lo, hi) = part_range(plan.total_rows(slices), self.part.index, self.part.count);
        let (first, last) = if lo < hi {
            (
                plan.slice_of_row(slices, lo),
                plan.slice_of_row(slices, hi - 1) + 1,
            )
        } else {
            (0, 0)
        };
        self.write_range(first, last, 1, |ctx, s, emit| {
            let offset = plan.rows_before(slices, s);
            // The slice's row count is known: one allocation instead of a doubling series of copies.
            let mut records = Vec::with_capacity(plan.count(slices, s) as usize);
            generate(ctx, s, &mut records);
            let order = order_and_number(&mut records, &ctx.ids, ns, s);
            for (position, &i) in order.iter().enumerate() {
                let row = offset + position as u64;
                if (lo..hi).contains(&row) {
                    emit(&records[i as usize]);
                }
            }
        })
    }

    fn dataset_rows<R, F>(&self, units: u64, rows_of: F) -> u64
    where
        R: Record,
        F: Fn(&Ctx, u64) -> u64 + Sync,
    {
        // A part only generates its own units, so the dataset-wide total needs a counting pass.
        if self.part.count > 1 {
            let ctx = &self.ctx;
            self.pipeline.sum(units, |unit| rows_of(ctx, unit))
        } else {
            self.written_rows(R::FILE)
        }
    }
}

/// Rejects `--only` names that are not output files.
pub fn check_supported(config: &Config) -> Result<()> {
    for name in &config.output.only {
        if !tables::is_known(name) {
            return Err(Error::Usage(format!(
                "--only: unknown file '{name}' (known: {})",
                tables::names().join(", ")
            )));
        }
    }
    Ok(())
}
