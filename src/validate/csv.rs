//! RFC 4180 CSV reading (SPEC §11): a streaming row parser that keeps whether a cell was quoted (an
//! unquoted empty cell is null, `""` an empty string), and reassembly of records from the main table
//! (prefixed columns of nested objects, JSON-text label cells) and its child tables
//! `{entity}_{field}.csv`, whose rows follow their parent rows and are keyed by `{entity}_id` + `ordinal`.
//! Child rows are merged in step with the main table, so memory stays bounded.

use super::findings::Findings;
use super::json::{Obj, Val};
use super::measure::{FileStats, hex};
use super::schema::{Entity, Kind, Schema};
use crate::core::error::{Error, Result};
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// One cell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub quoted: bool,
}

impl Cell {
    pub fn is_null(&self) -> bool {
        self.text.is_empty() && !self.quoted
    }
}

/// A reader that hashes and counts what passes through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// Streaming RFC 4180 rows with the line each starts on.
pub struct Rows {
    reader: BufReader<Hashing<std::fs::File>>,
    pub label: String,
    line: u64,
    path: std::path::PathBuf,
    /// Bytes of the row being parsed (reused).
    done: bool,
    last_byte: Option<u8>,
    lf_reported: bool,
}

impl Rows {
    pub fn open(path: &Path, label: &str) -> Result<Rows> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        Ok(Rows {
            reader: BufReader::with_capacity(
                1 << 16,
                Hashing {
                    inner: file,
                    hasher: Sha256::new(),
                    bytes: 0,
                },
            ),
            label: label.to_string(),
            line: 1,
            path: path.to_path_buf(),
            done: false,
            last_byte: None,
            lf_reported: false,
        })
    }

    fn byte(&mut self) -> Result<Option<u8>> {
        let buf = self
            .reader
            .fill_buf()
            .map_err(|e| Error::io(&self.path, e))?;
        let Some(&b) = buf.first() else {
            return Ok(None);
        };
        self.reader.consume(1);
        self.last_byte = Some(b);
        Ok(Some(b))
    }

    fn peek(&mut self) -> Result<Option<u8>> {
        let buf = self
            .reader
            .fill_buf()
            .map_err(|e| Error::io(&self.path, e))?;
        Ok(buf.first().copied())
    }

    /// The next row and its first line, or None at the end. Syntax problems become findings; the row is
    /// still returned as parsed so far.
    pub fn next_row(&mut self, f: &mut Findings) -> Result<Option<(u64, Vec<Cell>)>> {
        if self.done {
            return Ok(None);
        }
        let start = self.line;
        let mut cells = Vec::new();
        let mut cell: Vec<u8> = Vec::new();
        let mut quoted = false;
        let mut in_quotes = false;
        let mut after_quote = false;
        let mut any = false;
        let finish =
            |cell: &mut Vec<u8>, quoted: bool, f: &mut Findings, label: &str, line: u64| {
                let bytes = std::mem::take(cell);
                let text = match String::from_utf8(bytes) {
                    Ok(t) => t,
                    Err(e) => {
                        f.error("FMT-2", label, line, || "invalid UTF-8 in a cell".into());
                        String::from_utf8_lossy(e.as_bytes()).into_owned()
                    }
                };
                Cell { text, quoted }
            };
        loop {
            let Some(b) = self.byte()? else {
                self.done = true;
                if !any {
                    return Ok(None);
                }
                if in_quotes {
                    f.error("FMT-3", &self.label, start, || {
                        "unterminated quoted cell at end of file (truncated?)".into()
                    });
                } else {
                    f.error("FMT-3", &self.label, self.line, || {
                        "last row does not end with CRLF (truncated?)".into()
                    });
                }
                cells.push(finish(&mut cell, quoted, f, &self.label, start));
                return Ok(Some((start, cells)));
            };
            any = true;
            if in_quotes {
                match b {
                    b'"' => {
                        if self.peek()? == Some(b'"') {
                            self.byte()?;
                            cell.push(b'"');
                        } else {
                            in_quotes = false;
                            after_quote = true;
                        }
                    }
                    b'\n' => {
                        self.line += 1;
                        cell.push(b);
                    }
                    _ => cell.push(b),
                }
                continue;
            }
            match b {
                b',' => {
                    cells.push(finish(&mut cell, quoted, f, &self.label, start));
                    quoted = false;
                    after_quote = false;
                }
                b'\r' | b'\n' => {
                    if b == b'\r' {
                        if self.peek()? == Some(b'\n') {
                            self.byte()?;
                        } else {
                            f.error("FMT-1", &self.label, self.line, || {
                                "bare CR outside a quoted cell".into()
                            });
                        }
                    } else if !self.lf_reported {
                        self.lf_reported = true;
                        f.error("FMT-1", &self.label, self.line, || {
                            "row ends with LF, expected CRLF".into()
                        });
                    }
                    self.line += 1;
                    cells.push(finish(&mut cell, quoted, f, &self.label, start));
                    return Ok(Some((start, cells)));
                }
                b'"' => {
                    if cell.is_empty() && !quoted {
                        quoted = true;
                        in_quotes = true;
                    } else {
                        f.error("FMT-1", &self.label, self.line, || {
                            "quote inside an unquoted cell".into()
                        });
                        cell.push(b);
                    }
                }
                _ => {
                    if after_quote {
                        f.error("FMT-1", &self.label, self.line, || {
                            "characters after a closing quote".into()
                        });
                        after_quote = false;
                    }
                    cell.push(b);
                }
            }
        }
    }

    /// Bytes and SHA-256 of everything read (call at the end).
    pub fn finish(self) -> (u64, String) {
        let h = self.reader.into_inner();
        (h.bytes, hex(&h.hasher.finalize()))
    }
}

/// A child table read in step with its parent rows.
struct Child {
    rows: Rows,
    header_ok: bool,
    pending: Option<(u64, Vec<Cell>)>,
    records: u64,
    kind: ChildKind,
    stem: String,
    leftover: u64,
}

enum ChildKind {
    Ids,
    Objects(Schema),
}

/// A CSV table and its children, yielding reassembled records.
pub struct CsvFile {
    entity: &'static Entity,
    main: Rows,
    header_ok: bool,
    columns: usize,
    children: Vec<Option<Child>>,
    records: u64,
}

fn header_matches(cells: &[Cell], expected: &[u8]) -> bool {
    let text = String::from_utf8_lossy(expected);
    let want: Vec<&str> = text.trim_end_matches("\r\n").split(',').collect();
    cells.len() == want.len() && cells.iter().zip(&want).all(|(c, w)| c.text == *w)
}

impl CsvFile {
    pub fn open(
        entity: &'static Entity,
        main: (&Path, &str),
        children: &[Option<(&Path, &str)>],
        f: &mut Findings,
    ) -> Result<CsvFile> {
        let mut rows = Rows::open(main.0, main.1)?;
        let header_ok = check_header(&mut rows, &entity.csv_tables[0].1, f)?;
        let columns = entity.csv_tables[0].1.split(|&b| b == b',').count();
        let list_fields: Vec<&Kind> = entity
            .schema
            .fields
            .iter()
            .map(|x| &x.kind)
            .filter(|k| matches!(k, Kind::Ids { .. } | Kind::Objects(_)))
            .collect();
        let mut kids = Vec::new();
        for (k, child) in children.iter().enumerate() {
            let (stem, header) = &entity.csv_tables[k + 1];
            match child {
                None => {
                    f.error("FMT-4", main.1, 0, || {
                        format!("child table {stem}.csv is missing")
                    });
                    kids.push(None);
                }
                Some((path, label)) => {
                    let mut rows = Rows::open(path, label)?;
                    let ok = check_header(&mut rows, header, f)?;
                    let kind = match list_fields.get(k) {
                        Some(Kind::Objects(s)) => ChildKind::Objects(s.clone()),
                        _ => ChildKind::Ids,
                    };
                    let mut c = Child {
                        rows,
                        header_ok: ok,
                        pending: None,
                        records: 0,
                        kind,
                        stem: stem.clone(),
                        leftover: 0,
                    };
                    if ok {
                        c.pending = c.rows.next_row(f)?;
                    }
                    kids.push(Some(c));
                }
            }
        }
        Ok(CsvFile {
            entity,
            main: rows,
            header_ok,
            columns,
            children: kids,
            records: 0,
        })
    }

    /// Up to `n` records with their first lines.
    pub fn next_batch(&mut self, n: usize, f: &mut Findings) -> Result<Vec<(u64, Obj<'static>)>> {
        let mut out = Vec::new();
        if !self.header_ok {
            return Ok(out);
        }
        while out.len() < n {
            let Some((line, cells)) = self.main.next_row(f)? else {
                break;
            };
            self.records += 1;
            if cells.len() != self.columns {
                let label = self.main.label.clone();
                f.error("FMT-3", &label, line, || {
                    format!(
                        "row has {} cells, the header has {}",
                        cells.len(),
                        self.columns
                    )
                });
                continue;
            }
            let parent = cells.first().map(|c| c.text.clone()).unwrap_or_default();
            let mut lists = Vec::new();
            for child in self.children.iter_mut() {
                lists.push(match child {
                    Some(c) => c.take(&parent, f)?,
                    None => Vec::new(),
                });
            }
            let mut cursor = 0;
            let mut lists = lists.into_iter();
            let obj = assemble(&self.entity.schema, &cells, &mut cursor, &mut lists);
            out.push((line, obj));
        }
        Ok(out)
    }

    /// Drains the tables; reports child rows that follow no parent.
    pub fn finish(mut self, f: &mut Findings) -> Result<(FileStats, Vec<Option<FileStats>>)> {
        // Count (and skip) whatever the main table still holds when its header was wrong.
        if !self.header_ok {
            while self.main.next_row(f)?.is_some() {
                self.records += 1;
            }
        }
        let mut kids = Vec::new();
        for child in self.children {
            match child {
                None => kids.push(None),
                Some(mut c) => {
                    let mut first = None;
                    while let Some((line, _)) = c.pending.take() {
                        first.get_or_insert(line);
                        c.leftover += 1;
                        c.records += 1;
                        c.pending = c.rows.next_row(f)?;
                    }
                    if !c.header_ok {
                        while c.rows.next_row(f)?.is_some() {
                            c.records += 1;
                        }
                    }
                    if let Some(line) = first {
                        let label = c.rows.label.clone();
                        let n = c.leftover;
                        f.error("FMT-3", &label, line, || {
                            format!("{n} row(s) of {} do not follow their parent row", c.stem)
                        });
                    }
                    let records = c.records;
                    let (bytes, sha256) = c.rows.finish();
                    kids.push(Some(FileStats {
                        records,
                        bytes,
                        sha256,
                    }));
                }
            }
        }
        let records = self.records;
        let (bytes, sha256) = self.main.finish();
        Ok((
            FileStats {
                records,
                bytes,
                sha256,
            },
            kids,
        ))
    }
}

fn check_header(rows: &mut Rows, expected: &[u8], f: &mut Findings) -> Result<bool> {
    let label = rows.label.clone();
    match rows.next_row(f)? {
        None => {
            f.error("FMT-4", &label, 1, || {
                "empty file: the header row is missing".into()
            });
            Ok(false)
        }
        Some((_, cells)) => {
            let ok = header_matches(&cells, expected);
            if !ok {
                let got: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
                let want = String::from_utf8_lossy(expected).trim_end().to_string();
                f.error("FMT-4", &label, 1, || {
                    let got = got.join(",");
                    let shown: String = got.chars().take(120).collect();
                    format!("header differs from the schema: expected {want}, found {shown}")
                });
            }
            Ok(ok)
        }
    }
}

impl Child {
    /// The list of `parent`'s child rows (consumed while they name `parent`).
    fn take(&mut self, parent: &str, f: &mut Findings) -> Result<Vec<Val<'static>>> {
        let mut out = Vec::new();
        while let Some((line, cells)) = &self.pending {
            if cells.first().map(|c| c.text.as_str()) != Some(parent) {
                break;
            }
            let (line, cells) = (*line, cells.clone());
            self.records += 1;
            let ordinal = cells.get(1).map(|c| c.text.as_str()).unwrap_or("");
            if ordinal != out.len().to_string() {
                let label = self.rows.label.clone();
                let expected = out.len();
                f.error("FMT-3", &label, line, || {
                    format!("ordinal {ordinal:?} of {parent}, expected {expected}")
                });
            }
            match &self.kind {
                ChildKind::Ids => {
                    if cells.len() != 3 {
                        let label = self.rows.label.clone();
                        f.error("FMT-3", &label, line, || {
                            format!("row has {} cells, the header has 3", cells.len())
                        });
                    } else {
                        out.push(cell_val(&cells[2], &Kind::Id));
                    }
                }
                ChildKind::Objects(schema) => {
                    let mut cols = Vec::new();
                    super::schema::flat_columns(schema, "", &mut cols);
                    if cells.len() != cols.len() + 2 {
                        let label = self.rows.label.clone();
                        f.error("FMT-3", &label, line, || {
                            format!(
                                "row has {} cells, the header has {}",
                                cells.len(),
                                cols.len() + 2
                            )
                        });
                    } else {
                        let mut cursor = 2;
                        let mut none = Vec::<Vec<Val<'static>>>::new().into_iter();
                        out.push(Val::Obj(assemble(schema, &cells, &mut cursor, &mut none)));
                    }
                }
            }
            self.pending = self.rows.next_row(f)?;
        }
        Ok(out)
    }
}

/// Builds an object of `schema` from `cells[cursor..]`, taking list fields from `lists` in order.
fn assemble(
    schema: &Schema,
    cells: &[Cell],
    cursor: &mut usize,
    lists: &mut dyn Iterator<Item = Vec<Val<'static>>>,
) -> Obj<'static> {
    let mut fields = Vec::with_capacity(schema.fields.len());
    for field in &schema.fields {
        let v = match &field.kind {
            Kind::Ids { .. } | Kind::Objects(_) => Val::Arr(lists.next().unwrap_or_default()),
            Kind::Object(inner) => {
                let start = *cursor;
                let obj = assemble(inner, cells, cursor, lists);
                let all_null = cells
                    .get(start..*cursor)
                    .is_some_and(|c| c.iter().all(Cell::is_null));
                if field.nullable && all_null {
                    Val::Null
                } else {
                    Val::Obj(obj)
                }
            }
            kind => {
                let v = cells.get(*cursor).map_or(Val::Null, |c| cell_val(c, kind));
                *cursor += 1;
                v
            }
        };
        fields.push((Cow::Borrowed(field.name), v));
    }
    Obj::new(fields)
}

/// A cell as the JSON value it stands for; text that does not fit the kind stays a string, so SCH-3
/// reports it.
fn cell_val(cell: &Cell, kind: &Kind) -> Val<'static> {
    if cell.is_null() {
        return Val::Null;
    }
    let text = cell.text.clone();
    match kind {
        Kind::Int | Kind::Decimal if !cell.quoted && is_number(&text) => Val::Num(Cow::Owned(text)),
        Kind::Bool if !cell.quoted && text == "true" => Val::Bool(true),
        Kind::Bool if !cell.quoted && text == "false" => Val::Bool(false),
        Kind::Labels => match super::json::parse(&text) {
            Ok(v @ Val::Arr(_)) => to_owned(v),
            _ => Val::Str(Cow::Owned(text)),
        },
        _ => Val::Str(Cow::Owned(text)),
    }
}

fn is_number(text: &str) -> bool {
    matches!(super::json::parse(text), Ok(Val::Num(_)))
}

fn to_owned(v: Val<'_>) -> Val<'static> {
    match v {
        Val::Null => Val::Null,
        Val::Bool(b) => Val::Bool(b),
        Val::Num(n) => Val::Num(Cow::Owned(n.into_owned())),
        Val::Str(s) => Val::Str(Cow::Owned(s.into_owned())),
        Val::Arr(a) => Val::Arr(a.into_iter().map(to_owned).collect()),
        Val::Obj(o) => Val::Obj(Obj::new(
            o.fields
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), to_owned(v)))
                .collect(),
        )),
    }
}
