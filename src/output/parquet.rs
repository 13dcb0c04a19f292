//! One Parquet file (SPEC §11) written by the single ordered writer: chunks' columns are appended to the open
//! row group in chunk order, and the row group is encoded (dictionary, Snappy pages) and written once
//! it holds [`ROW_GROUP_BYTES`] of values, so memory stays bounded whatever the file's size. Where a
//! row group ends depends only on the rows, never on threads or timing.

use crate::core::error::{Error, Result};
use crate::encode::parquet::columns::{Column, Columns};
use crate::encode::parquet::schema::{LeafKind, Schema};
use crate::output::sink::FileSink;
use parquet::basic::Compression;
use parquet::column::writer::ColumnWriter;
use parquet::data_type::{ByteArray, FixedLenByteArray};
use parquet::file::properties::{WriterProperties, WriterPropertiesPtr};
use parquet::file::writer::SerializedFileWriter;
use std::sync::Arc;

/// Values buffered before a row group is written: about 100 k transactions.
pub const ROW_GROUP_BYTES: usize = 24 << 20;

/// The writer settings of a schema: Snappy, dictionaries for enum and text columns but not for ids
/// (unique, so a dictionary would only fill up and fall back), statistics per page.
pub fn properties(schema: &Schema) -> WriterPropertiesPtr {
    let mut b = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
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

/// A Parquet file being written.
pub struct ParquetFile {
    name: String,
    schema: Arc<Schema>,
    writer: SerializedFileWriter<SinkWriter>,
    pending: Columns,
}

impl ParquetFile {
    /// Starts file `name` (for messages) on `sink`.
    pub fn new(name: String, schema: Arc<Schema>, sink: FileSink) -> Result<ParquetFile> {
        let props = properties(&schema);
        let out = SinkWriter { sink, failed: None };
        let writer = SerializedFileWriter::new(out, Arc::clone(&schema.root), props)
            .map_err(|e| Error::Usage(format!("{name}: cannot start a Parquet file: {e}")))?;
        let mut pending = Columns::default();
        pending.reset(schema.leaves.len());
        Ok(ParquetFile {
            name,
            schema,
            writer,
            pending,
        })
    }

    /// Appends a chunk's rows; writes the row group once it is full.
    pub fn append(&mut self, chunk: &Columns) -> Result<()> {
        if let Some(e) = &chunk.error {
            return Err(Error::Usage(format!("{}: {e}", self.name)));
        }
        self.pending.extend(chunk);
        if self.pending.bytes() >= ROW_GROUP_BYTES {
            self.flush()?;
        }
        Ok(())
    }

    /// Rows appended so far.
    pub fn rows(&self) -> u64 {
        self.writer
            .flushed_row_groups()
            .iter()
            .map(|g| g.num_rows() as u64)
            .sum::<u64>()
            + self.pending.rows
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

    fn flush(&mut self) -> Result<()> {
        if self.pending.rows == 0 {
            return Ok(());
        }
        let result = self.write_row_group();
        if let Some(e) = self.writer.inner_mut().failed.take() {
            return Err(e);
        }
        result.map_err(|e| Error::Usage(format!("{}: {e}", self.name)))?;
        self.pending.reset(self.schema.leaves.len());
        Ok(())
    }

    fn write_row_group(&mut self) -> parquet::errors::Result<()> {
        let mut group = self.writer.next_row_group()?;
        for (leaf, column) in self.schema.leaves.iter().zip(&self.pending.cols) {
            let Some(mut writer) = group.next_column()? else {
                break;
            };
            let def = (leaf.max_def > 0).then_some(&column.def[..]);
            let rep = (leaf.max_rep > 0).then_some(&column.rep[..]);
            write_column(writer.untyped(), leaf.kind, column, def, rep)?;
            writer.close()?;
        }
        group.close()?;
        Ok(())
    }
}

/// Writes one leaf column's values and levels.
fn write_column(
    writer: &mut ColumnWriter<'_>,
    kind: LeafKind,
    column: &Column,
    def: Option<&[i16]>,
    rep: Option<&[i16]>,
) -> parquet::errors::Result<()> {
    match (writer, kind) {
        (ColumnWriter::ByteArrayColumnWriter(w), LeafKind::Text) => {
            let data = bytes::Bytes::copy_from_slice(&column.text);
            let mut start = 0usize;
            let values: Vec<ByteArray> = column
                .lens
                .iter()
                .map(|&len| {
                    let end = start + len as usize;
                    let value = ByteArray::from(data.slice(start..end));
                    start = end;
                    value
                })
                .collect();
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
