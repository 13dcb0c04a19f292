//! Encoders from [`crate::model::record`] field walks to bytes: JSON (array, one record per line), JSON Lines and
//! CSV (RFC 4180, CRLF, child tables), and to column values for Parquet. Encoders append to caller-owned
//! buffers, so chunks reuse memory.

pub mod csv;
pub mod json;
pub mod parquet;

use crate::model::record::Record;
use std::sync::Arc;

/// Output formats of SPEC §11.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    Parquet,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Json, Format::Jsonl, Format::Csv, Format::Parquet];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Parquet => "parquet",
        }
    }

    pub fn parse(text: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == text)
    }
}

/// One output file of an entity in one format: the main file or a CSV child table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileLayout {
    /// File stem without extension, e.g. `persons` or `person_addresses`.
    pub stem: String,
    pub format: Format,
    /// Bytes written before the first record.
    pub header: Vec<u8>,
}

/// Files an entity writes in the given formats, in a fixed order: per format, the main file then its
/// CSV child tables in field order.
pub fn file_layouts<R: Record>(formats: &[Format]) -> Vec<FileLayout> {
    let mut out = Vec::new();
    for &format in formats {
        match format {
            Format::Json => out.push(FileLayout {
                stem: R::FILE.into(),
                format,
                header: b"[\n".to_vec(),
            }),
            Format::Jsonl => out.push(FileLayout {
                stem: R::FILE.into(),
                format,
                header: Vec::new(),
            }),
            Format::Csv => {
                for (stem, header) in csv::table_headers::<R>() {
                    out.push(FileLayout {
                        stem,
                        format,
                        header,
                    });
                }
            }
            Format::Parquet => out.push(FileLayout {
                stem: R::FILE.into(),
                format,
                header: Vec::new(),
            }),
        }
    }
    out
}

/// Encodes records into one buffer per file of [`file_layouts`], counting rows per file.
#[derive(Clone)]
pub struct ChunkEncoder {
    formats: Vec<Format>,
    csv_tables: usize,
    /// The record's Parquet schema, when Parquet is written.
    parquet: Option<Arc<parquet::Schema>>,
    /// Whether the JSON file of this part already holds a record (decides the `,` separator).
    json_started: bool,
}

/// Buffers for one chunk: `bufs[i]`, `columns[i]` and `rows[i]` belong to file `i` of
/// [`file_layouts`] (bytes for JSON, JSONL and CSV files, column values for Parquet files).
#[derive(Default)]
pub struct ChunkBuffers {
    pub bufs: Vec<Vec<u8>>,
    pub columns: Vec<parquet::Columns>,
    pub rows: Vec<u64>,
}

impl ChunkBuffers {
    pub fn reset(&mut self, files: usize) {
        self.bufs.resize_with(files, Vec::new);
        self.columns.resize_with(files, Default::default);
        self.rows.resize(files, 0);
        for b in &mut self.bufs {
            b.clear();
        }
        for c in &mut self.columns {
            c.reset(c.cols.len());
        }
        for r in &mut self.rows {
            *r = 0;
        }
    }

    pub fn bytes(&self) -> usize {
        self.bufs.iter().map(Vec::len).sum::<usize>()
            + self
                .columns
                .iter()
                .map(parquet::Columns::bytes)
                .sum::<usize>()
    }
}

impl ChunkEncoder {
    /// `json_started`: the chunk does not hold the first record of its (part) file.
    pub fn new<R: Record>(formats: &[Format], json_started: bool) -> Self {
        ChunkEncoder {
            formats: formats.to_vec(),
            csv_tables: csv::table_count::<R>(),
            parquet: formats
                .contains(&Format::Parquet)
                .then(|| parquet::Schema::of::<R>(R::FILE)),
            json_started,
        }
    }

    /// The record's Parquet schema, when Parquet is written.
    pub fn parquet_schema(&self) -> Option<&Arc<parquet::Schema>> {
        self.parquet.as_ref()
    }

    pub fn encode<R: Record>(&mut self, record: &R, out: &mut ChunkBuffers) {
        let mut file = 0;
        for &format in &self.formats {
            match format {
                Format::Json => {
                    let buf = &mut out.bufs[file];
                    if self.json_started {
                        buf.extend_from_slice(b",\n");
                    }
                    json::write_record(record, buf);
                    out.rows[file] += 1;
                    file += 1;
                }
                Format::Jsonl => {
                    let buf = &mut out.bufs[file];
                    json::write_record(record, buf);
                    buf.push(b'\n');
                    out.rows[file] += 1;
                    file += 1;
                }
                Format::Csv => {
                    let tables = self.csv_tables;
                    csv::write_record(
                        record,
                        &mut out.bufs[file..file + tables],
                        &mut out.rows[file..file + tables],
                    );
                    file += tables;
                }
                Format::Parquet => {
                    if let Some(schema) = &self.parquet {
                        parquet::write_record(record, schema, &mut out.columns[file]);
                    }
                    out.rows[file] += 1;
                    file += 1;
                }
            }
        }
        self.json_started = true;
    }
}

/// Bytes that close a file: `\n]\n` for a JSON array with records, `]\n` for an empty one.
pub fn footer(format: Format, rows: u64) -> &'static [u8] {
    match (format, rows) {
        (Format::Json, 0) => b"]\n",
        (Format::Json, _) => b"\n]\n",
        _ => b"",
    }
}
