//! One Parquet file (SPEC §11) written by the single ordered writer. Each chunk's values are encoded
//! at once into the open row group's column writers, which hold only finished, Snappy-compressed pages
//! (one growing page and a dictionary per column besides); when the row group is full each column's
//! pages are appended to the file and the memory is reused. Raw values never outlive their chunk, and
//! a row group ends at a chunk boundary decided by the rows alone (their count and size), never by
//! threads or timing, so the bytes are the same at any thread count.
//!
//! Memory bound: the open row group holds the encoded form of at most [`ROW_GROUP_VALUE_BYTES`] of
//! values (plus the chunk that crossed it). The plain encoding is about the size of the values as
//! [`Columns`] counts them, and dictionaries and Snappy shrink it (transactions: ~110 bytes a row
//! against ~250 counted), so that is ~15 MiB of pages; besides, each column has one page under
//! construction (≤ 1 MiB or 20 000 values) and a dictionary of at most [`DICTIONARY_BYTES`]. What is
//! not bounded is the footer: each row group's metadata stays until the file ends, tens of KiB for a
//! wide table, so large row groups keep it to a few MiB at `--scale 10` (~75 transaction row groups).

use crate::core::error::{Error, Result};
use crate::encode::parquet::columns::{Column, Columns};
use crate::encode::parquet::schema::{LeafKind, Schema};
use crate::output::sink::FileSink;
use bytes::Bytes;
use parquet::basic::Compression;
use parquet::column::page::{CompressedPage, PageWriteSpec, PageWriter};
use parquet::column::writer::{ColumnCloseResult, ColumnWriter, get_column_writer};
use parquet::data_type::{ByteArray, FixedLenByteArray};
use parquet::file::properties::{EnabledStatistics, WriterProperties, WriterPropertiesPtr};
use parquet::file::writer::{SerializedFileWriter, SerializedPageWriter, TrackedWrite};
use std::sync::{Arc, Mutex, PoisonError};

/// Values (as [`Columns`] counts them) encoded into one row group before it is written: ~135 k
/// transactions, ~15 MiB of pages.
pub const ROW_GROUP_VALUE_BYTES: usize = 32 << 20;
/// Rows of one row group at most, for narrow tables (Parquet's own default).
pub const ROW_GROUP_ROWS: u64 = 1 << 20;

/// Largest dictionary of a column chunk before the column falls back to plain pages. Enum and table
/// columns stay far below it; near-unique text (reference numbers, IP addresses) gives up early
/// instead of holding a row group's worth of distinct values.
pub const DICTIONARY_BYTES: usize = 128 << 10;

/// The writer settings of a schema: Snappy, dictionaries for enum and text columns but not for ids
/// (unique, so a dictionary would only fill up and fall back), statistics per column chunk (page
/// statistics and their column index would grow the footer with every page).
pub fn properties(schema: &Schema) -> WriterPropertiesPtr {
    let mut b = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_statistics_enabled(EnabledStatistics::Chunk)
        .set_dictionary_page_size_limit(DICTIONARY_BYTES)
        .set_dictionary_enabled(false);
    for leaf in schema.leaves.iter().filter(|l| l.dictionary) {
        b = b.set_column_dictionary_enabled(leaf.path.clone(), true);
    }
    Arc::new(b.build())
}

/// The sink as `std::io::Write`, keeping the sink's own error (with its path) for the caller.
struct SinkWriter {
    sink: FileSink,
    failed: Option<Error>,
}

impl std::io::Write for SinkWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.sink.write(buf) {
            Ok(()) => Ok(buf.len()),
            Err(e) => {
                let message = e.to_string();
                self.failed.get_or_insert(e);
                Err(std::io::Error::other(message))
            }
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One column chunk's encoded pages, shared by its page writer and the file writer that appends them.
type ChunkBytes = Arc<Mutex<Vec<u8>>>;

/// The bytes of a shared chunk buffer, whoever panicked while holding it (nobody does).
fn chunk_bytes(shared: &ChunkBytes) -> std::sync::MutexGuard<'_, Vec<u8>> {
    shared.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `Write` into a shared chunk buffer.
struct ChunkSink(ChunkBytes);

impl std::io::Write for ChunkSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        chunk_bytes(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A page writer that serializes pages (header and compressed data) into memory, laid out as they
/// will be in the file: offsets are relative to the chunk's start and rebased when it is appended.
struct MemoryPages(TrackedWrite<ChunkSink>);

impl PageWriter for MemoryPages {
    fn write_page(&mut self, page: CompressedPage) -> parquet::errors::Result<PageWriteSpec> {
        SerializedPageWriter::new(&mut self.0).write_page(page)
    }
    fn close(&mut self) -> parquet::errors::Result<()> {
        use std::io::Write;
        Ok(self.0.flush()?)
    }
}

/// The row group being filled: one column writer per leaf, each with its pages so far.
struct OpenGroup {
    columns: Vec<(ColumnWriter<'static>, ChunkBytes)>,
    rows: u64,
    values: usize,
}

/// A Parquet file being written.
pub struct ParquetFile {
    name: String,
    schema: Arc<Schema>,
    props: WriterPropertiesPtr,
    writer: SerializedFileWriter<SinkWriter>,
    group: Option<OpenGroup>,
    /// Rows in the row groups already written.
    written: u64,
    limits: (usize, u64),
}

impl ParquetFile {
    /// Starts file `name` (for messages) on `sink`.
    pub fn new(name: String, schema: Arc<Schema>, sink: FileSink) -> Result<ParquetFile> {
        ParquetFile::with_limits(name, schema, sink, (ROW_GROUP_VALUE_BYTES, ROW_GROUP_ROWS))
    }

    /// As [`ParquetFile::new`] with row groups of at most `limits` = (value bytes, rows): small
    /// limits let tests write many row groups from few rows.
    pub fn with_limits(
        name: String,
        schema: Arc<Schema>,
        sink: FileSink,
        limits: (usize, u64),
    ) -> Result<ParquetFile> {
        let props = properties(&schema);
        let out = SinkWriter { sink, failed: None };
        let writer =
            SerializedFileWriter::new(out, Arc::clone(&schema.root), Arc::clone(&props))
                .map_err(|e| Error::Usage(format!("{name}: cannot start a Parquet file: {e}")))?;
        Ok(ParquetFile {
            name,
            schema,
            props,
            writer,
            group: None,
            written: 0,
            limits,
        })
    }

    /// Encodes a chunk's rows into the open row group; writes the row group once it is full.
    pub fn append(&mut self, chunk: &Columns) -> Result<()> {
        if let Some(e) = &chunk.error {
            return Err(Error::Usage(format!("{}: {e}", self.name)));
        }
        if chunk.rows == 0 {
            return Ok(());
        }
        let result = self.encode(chunk);
        result.map_err(|e| Error::Usage(format!("{}: {e}", self.name)))?;
        let full = self
            .group
            .as_ref()
            .is_some_and(|g| g.values >= self.limits.0 || g.rows >= self.limits.1);
        if full {
            self.flush()?;
        }
        Ok(())
    }

    /// Rows appended so far.
    pub fn rows(&self) -> u64 {
        self.written + self.group.as_ref().map_or(0, |g| g.rows)
    }

    /// Writes the last row group and the footer; returns the sink to commit.
    pub fn finish(mut self) -> Result<FileSink> {
        self.flush()?;
        let name = self.name.clone();
        let mut out = self
            .writer
            .into_inner()
            .map_err(|e| Error::Usage(format!("{name}: {e}")))?;
        match out.failed.take() {
            Some(e) => Err(e),
            None => Ok(out.sink),
        }
    }

    fn encode(&mut self, chunk: &Columns) -> parquet::errors::Result<()> {
        let group = match &mut self.group {
            Some(group) => group,
            None => self.group.insert(self.open_group()),
        };
        for ((leaf, column), (writer, _)) in self
            .schema
            .leaves
            .iter()
            .zip(&chunk.cols)
            .zip(&mut group.columns)
        {
            let def = (leaf.max_def > 0).then_some(&column.def[..]);
            let rep = (leaf.max_rep > 0).then_some(&column.rep[..]);
            write_column(writer, leaf.kind, leaf.dictionary, column, def, rep)?;
        }
        group.rows += chunk.rows;
        group.values += chunk.bytes();
        Ok(())
    }

    fn open_group(&self) -> OpenGroup {
        let columns = self
            .writer
            .schema_descr()
            .columns()
            .iter()
            .map(|descr| {
                let bytes = ChunkBytes::default();
                let pages = MemoryPages(TrackedWrite::new(ChunkSink(Arc::clone(&bytes))));
                let writer =
                    get_column_writer(Arc::clone(descr), Arc::clone(&self.props), Box::new(pages));
                (writer, bytes)
            })
            .collect();
        OpenGroup {
            columns,
            rows: 0,
            values: 0,
        }
    }

    fn flush(&mut self) -> Result<()> {
        let Some(group) = self.group.take() else {
            return Ok(());
        };
        let rows = group.rows;
        let result = self.write_row_group(group);
        if let Some(e) = self.writer.inner_mut().failed.take() {
            return Err(e);
        }
        result.map_err(|e| Error::Usage(format!("{}: {e}", self.name)))?;
        self.written += rows;
        Ok(())
    }

    fn write_row_group(&mut self, group: OpenGroup) -> parquet::errors::Result<()> {
        let mut out = self.writer.next_row_group()?;
        for (writer, bytes) in group.columns {
            let close: ColumnCloseResult = writer.close()?;
            let pages = Bytes::from(std::mem::take(&mut *chunk_bytes(&bytes)));
            out.append_column(&pages, close)?;
        }
        out.close()?;
        Ok(())
    }
}

/// Writes one leaf column's values and levels.
fn write_column(
    writer: &mut ColumnWriter<'_>,
    kind: LeafKind,
    dictionary: bool,
    column: &Column,
    def: Option<&[i16]>,
    rep: Option<&[i16]>,
) -> parquet::errors::Result<()> {
    match (writer, kind) {
        (ColumnWriter::ByteArrayColumnWriter(w), LeafKind::Text) => {
            let values = text_values(column, dictionary);
            w.write_batch(&values, def, rep)?;
        }
        (ColumnWriter::BoolColumnWriter(w), _) => {
            w.write_batch(&column.bools, def, rep)?;
        }
        (ColumnWriter::Int32ColumnWriter(w), _) => {
            let days: Vec<i32> = column.ints.iter().map(|&d| d as i32).collect();
            w.write_batch(&days, def, rep)?;
        }
        (ColumnWriter::Int64ColumnWriter(w), _) => {
            w.write_batch(&column.ints, def, rep)?;
        }
        (ColumnWriter::FixedLenByteArrayColumnWriter(w), _) => {
            // Each value owns its 16 bytes: the writer keeps a row group's decimal min and max (never
            // truncated) until the footer, and a slice of one shared buffer would keep all of it.
            let values: Vec<FixedLenByteArray> = column
                .wide
                .iter()
                .map(|v| FixedLenByteArray::from(v.to_be_bytes().to_vec()))
                .collect();
            w.write_batch(&values, def, rep)?;
        }
        _ => {
            return Err(parquet::errors::ParquetError::General(format!(
                "no column writer for {kind:?}"
            )));
        }
    }
    Ok(())
}

/// A text column's values. A dictionary keeps every new value it meets until its row group is
/// written, so there each value owns its bytes (a slice would keep its whole chunk's text alive);
/// elsewhere the values share one copy of the chunk's text, which the writer drops with the chunk.
fn text_values(column: &Column, dictionary: bool) -> Vec<ByteArray> {
    let shared = (!dictionary).then(|| Bytes::copy_from_slice(&column.text));
    let mut start = 0usize;
    column
        .lens
        .iter()
        .map(|&len| {
            let end = start + len as usize;
            let value = match &shared {
                Some(data) => ByteArray::from(data.slice(start..end)),
                None => ByteArray::from(column.text[start..end].to_vec()),
            };
            start = end;
            value
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::parquet::write_record;
    use crate::model::record::{FieldWriter, Fields};
    use crate::output::sink::{OutputDir, SinkKind};
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::RowAccessor;

    #[derive(Default)]
    struct Row {
        n: i64,
        city: String,
        note: Option<String>,
    }

    impl Fields for Row {
        fn write_fields<W: FieldWriter>(&self, w: &mut W) {
            w.int("n", Some(self.n));
            w.str("city", Some(&self.city));
            w.str("note", self.note.as_deref());
        }
    }

    fn row(n: i64) -> Row {
        Row {
            n,
            city: format!("city {}", n % 7),
            note: (n % 3 == 0).then(|| format!("note {n}")),
        }
    }

    /// Writes rows `0..rows` in chunks of `chunk` rows; returns the file's bytes.
    fn write(rows: i64, chunk: i64, limits: (usize, u64)) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path(), SinkKind::Dir, false, false, &[]).unwrap();
        let schema = Schema::of::<Row>("row");
        let sink = out.create("rows.parquet", false).unwrap();
        let mut file =
            ParquetFile::with_limits("rows.parquet".into(), Arc::clone(&schema), sink, limits)
                .unwrap();
        for first in (0..rows).step_by(chunk as usize) {
            let mut columns = Columns::default();
            for n in first..(first + chunk).min(rows) {
                write_record(&row(n), &schema, &mut columns);
            }
            file.append(&columns).unwrap();
        }
        assert_eq!(file.rows(), rows as u64);
        out.commit(file.finish().unwrap()).unwrap();
        std::fs::read(dir.path().join("rows.parquet")).unwrap()
    }

    /// A row group closes at the first chunk boundary past a limit, and the rows read back whole and
    /// in order across row groups.
    #[test]
    fn row_groups_end_at_chunk_boundaries_past_a_limit() {
        let bytes = write(1000, 100, (usize::MAX, 250));
        let reader = SerializedFileReader::new(Bytes::from(bytes)).unwrap();
        let groups: Vec<i64> = reader
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .collect();
        assert_eq!(groups, [300, 300, 300, 100]);
        let rows: Vec<_> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows.len(), 1000);
        for (n, r) in rows.iter().enumerate() {
            let expected = row(n as i64);
            assert_eq!(r.get_long(0).unwrap(), expected.n);
            assert_eq!(r.get_string(1).unwrap(), &expected.city);
            assert_eq!(r.get_string(2).ok(), expected.note.as_ref());
        }
        let by_bytes = write(1000, 100, (1, u64::MAX));
        let reader = SerializedFileReader::new(Bytes::from(by_bytes)).unwrap();
        assert_eq!(reader.metadata().num_row_groups(), 10);
    }

    #[test]
    fn a_file_without_rows_has_no_row_group() {
        let bytes = write(0, 100, (ROW_GROUP_VALUE_BYTES, ROW_GROUP_ROWS));
        let reader = SerializedFileReader::new(Bytes::from(bytes)).unwrap();
        assert_eq!(reader.metadata().num_row_groups(), 0);
    }
}
