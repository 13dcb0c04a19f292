//! RFC 4180 CSV (comma, CRLF, quoting only when needed, UTF-8 without BOM). Nested single objects become
//! prefixed columns, label lists a JSON-text cell, lists of ids or objects child tables
//! `{entity}_{field}` keyed by `{entity}_id` and `ordinal` (SPEC §11), except where SPEC §7 names a
//! child table otherwise ([`RENAMED_CHILD_TABLES`]).

use super::json::write_label_array;
use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp, write_date, write_timestamp};
use crate::model::record::{Decimal, FieldWriter, Fields, Record};

/// (stem, header line) of the main table followed by each child table, in field order.
pub fn table_headers<R: Record>() -> Vec<(String, Vec<u8>)> {
    let mut collector = HeaderCollector {
        prefix: String::new(),
        columns: Vec::new(),
        children: Vec::new(),
    };
    R::default().write_fields(&mut collector);
    let mut tables = vec![(R::FILE.to_string(), header_line(&collector.columns))];
    for (field, columns) in collector.children {
        let mut all = vec![format!("{}_id", R::SINGULAR), "ordinal".to_string()];
        all.extend(columns);
        tables.push((child_stem(R::SINGULAR, field), header_line(&all)));
    }
    tables
}

/// (entity, list field, child table) where the SPEC names a child table other than `{entity}_{field}`.
pub const RENAMED_CHILD_TABLES: &[(&str, &str, &str)] = &[
    // SPEC §7.5: the recipients of a communication.
    ("communication", "recipient_ids", "communication_recipients"),
];

/// File stem of the child table holding list field `field` of entity `singular`.
pub fn child_stem(singular: &str, field: &str) -> String {
    RENAMED_CHILD_TABLES
        .iter()
        .find(|&&(entity, list, _)| entity == singular && list == field)
        .map_or_else(
            || format!("{singular}_{field}"),
            |&(_, _, stem)| stem.to_string(),
        )
}

/// Number of tables (main + children) a record type writes.
pub fn table_count<R: Record>() -> usize {
    let mut counter = ListCounter(0);
    R::default().write_fields(&mut counter);
    1 + counter.0
}

/// Column names of the main table.
pub fn main_columns<R: Record>() -> Vec<String> {
    let mut collector = HeaderCollector {
        prefix: String::new(),
        columns: Vec::new(),
        children: Vec::new(),
    };
    R::default().write_fields(&mut collector);
    collector.columns
}

fn header_line(columns: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_cell(&mut out, c);
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// Writes one record: its row into `bufs[0]`, child rows into `bufs[1..]`, counting rows.
pub fn write_record<R: Record>(record: &R, bufs: &mut [Vec<u8>], rows: &mut [u64]) {
    let (main, children) = bufs.split_first_mut().expect("csv table buffers");
    let mut parent = Vec::with_capacity(20);
    record.record_id().write(&mut parent);
    let mut w = RowWriter {
        out: main,
        first: true,
        children,
        child_rows: &mut rows[1..],
        next_child: 0,
        parent: &parent,
    };
    record.write_fields(&mut w);
    w.out.extend_from_slice(b"\r\n");
    rows[0] += 1;
}

/// Appends a cell, quoting only when it holds a comma, quote, CR or LF, and `""` for an empty string.
pub fn write_cell(out: &mut Vec<u8>, s: &str) {
    if s.is_empty() {
        out.extend_from_slice(b"\"\"");
    } else if s.bytes().any(|c| matches!(c, b',' | b'"' | b'\r' | b'\n')) {
        out.push(b'"');
        for c in s.bytes() {
            if c == b'"' {
                out.push(b'"');
            }
            out.push(c);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(s.as_bytes());
    }
}

struct RowWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    children: &'a mut [Vec<u8>],
    child_rows: &'a mut [u64],
    next_child: usize,
    parent: &'a [u8],
}

impl RowWriter<'_> {
    #[inline]
    fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }
}

/// Writes the scalar cells of a value into a row (used for main rows, nested objects and child rows).
fn scalar_cells<T: Fields>(value: Option<&T>, out: &mut Vec<u8>, first: bool) {
    let mut w = CellWriter { out, first };
    match value {
        Some(v) => v.write_fields(&mut w),
        None => T::default().write_fields(&mut NullCells(&mut w)),
    }
}

impl FieldWriter for RowWriter<'_> {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        self.sep();
        cell(self.out, |w| w.id(name, value));
    }
    fn str(&mut self, name: &'static str, value: Option<&str>) {
        self.sep();
        cell(self.out, |w| w.str(name, value));
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        self.sep();
        cell(self.out, |w| w.int(name, value));
    }
    fn bool(&mut self, name: &'static str, value: bool) {
        self.sep();
        cell(self.out, |w| w.bool(name, value));
    }
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        self.sep();
        cell(self.out, |w| w.decimal(name, value));
    }
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        self.sep();
        cell(self.out, |w| w.timestamp(name, value));
    }
    fn date(&mut self, name: &'static str, value: Option<Date>) {
        self.sep();
        cell(self.out, |w| w.date(name, value));
    }
    fn labels(&mut self, name: &'static str, values: &[&str]) {
        self.sep();
        cell(self.out, |w| w.labels(name, values));
    }
    fn ids(&mut self, _name: &'static str, _column: &'static str, values: &[RecordId]) {
        let table = self.next_child;
        self.next_child += 1;
        let out = &mut self.children[table];
        for (ordinal, id) in values.iter().enumerate() {
            out.extend_from_slice(self.parent);
            out.push(b',');
            out.extend_from_slice(itoa::Buffer::new().format(ordinal).as_bytes());
            out.push(b',');
            id.write(out);
            out.extend_from_slice(b"\r\n");
        }
        self.child_rows[table] += values.len() as u64;
    }
    fn object<T: Fields>(&mut self, _name: &'static str, value: Option<&T>) {
        let first = self.first;
        scalar_cells(value, self.out, first);
        self.first = false;
    }
    fn objects<T: Fields>(&mut self, _name: &'static str, values: &[T]) {
        let table = self.next_child;
        self.next_child += 1;
        let out = &mut self.children[table];
        for (ordinal, v) in values.iter().enumerate() {
            out.extend_from_slice(self.parent);
            out.push(b',');
            out.extend_from_slice(itoa::Buffer::new().format(ordinal).as_bytes());
            scalar_cells(Some(v), out, false);
            out.extend_from_slice(b"\r\n");
        }
        self.child_rows[table] += values.len() as u64;
    }
}

/// Writes a single scalar cell through [`CellWriter`] (first = true suppresses the separator).
fn cell(out: &mut Vec<u8>, f: impl FnOnce(&mut CellWriter<'_>)) {
    let mut w = CellWriter { out, first: true };
    f(&mut w);
}

/// Writes scalar cells; list fields inside nested objects are not part of the schema.
struct CellWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl CellWriter<'_> {
    #[inline]
    fn sep(&mut self) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
    }
}

impl FieldWriter for CellWriter<'_> {
    fn id(&mut self, _: &'static str, value: Option<RecordId>) {
        self.sep();
        if let Some(id) = value {
            id.write(self.out);
        }
    }
    fn str(&mut self, _: &'static str, value: Option<&str>) {
        self.sep();
        if let Some(s) = value {
            write_cell(self.out, s);
        }
    }
    fn int(&mut self, _: &'static str, value: Option<i64>) {
        self.sep();
        if let Some(v) = value {
            self.out
                .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        }
    }
    fn bool(&mut self, _: &'static str, value: bool) {
        self.sep();
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }
    fn decimal(&mut self, _: &'static str, value: Option<Decimal>) {
        self.sep();
        if let Some(d) = value {
            d.write(self.out);
        }
    }
    fn timestamp(&mut self, _: &'static str, value: Option<Timestamp>) {
        self.sep();
        if let Some(ts) = value {
            write_timestamp(self.out, ts);
        }
    }
    fn date(&mut self, _: &'static str, value: Option<Date>) {
        self.sep();
        if let Some(d) = value {
            write_date(self.out, d);
        }
    }
    fn labels(&mut self, _: &'static str, values: &[&str]) {
        self.sep();
        let mut text = Vec::new();
        write_label_array(&mut text, values);
        write_cell(self.out, std::str::from_utf8(&text).unwrap_or_default());
    }
    fn ids(&mut self, _: &'static str, _: &'static str, _: &[RecordId]) {}
    fn object<T: Fields>(&mut self, _: &'static str, value: Option<&T>) {
        let first = self.first;
        scalar_cells(value, self.out, first);
        self.first = false;
    }
    fn objects<T: Fields>(&mut self, _: &'static str, _: &[T]) {}
}

/// Emits one empty cell per scalar column of a null nested object.
struct NullCells<'a, 'b>(&'a mut CellWriter<'b>);

impl FieldWriter for NullCells<'_, '_> {
    fn id(&mut self, _: &'static str, _: Option<RecordId>) {
        self.0.sep();
    }
    fn str(&mut self, _: &'static str, _: Option<&str>) {
        self.0.sep();
    }
    fn int(&mut self, _: &'static str, _: Option<i64>) {
        self.0.sep();
    }
    fn bool(&mut self, _: &'static str, _: bool) {
        self.0.sep();
    }
    fn decimal(&mut self, _: &'static str, _: Option<Decimal>) {
        self.0.sep();
    }
    fn timestamp(&mut self, _: &'static str, _: Option<Timestamp>) {
        self.0.sep();
    }
    fn date(&mut self, _: &'static str, _: Option<Date>) {
        self.0.sep();
    }
    fn labels(&mut self, _: &'static str, _: &[&str]) {
        self.0.sep();
    }
    fn ids(&mut self, _: &'static str, _: &'static str, _: &[RecordId]) {}
    fn object<T: Fields>(&mut self, _: &'static str, _: Option<&T>) {
        T::default().write_fields(self);
    }
    fn objects<T: Fields>(&mut self, _: &'static str, _: &[T]) {}
}

/// Collects column names (with nested prefixes) and child tables from a default record.
struct HeaderCollector {
    prefix: String,
    columns: Vec<String>,
    children: Vec<(&'static str, Vec<String>)>,
}

impl HeaderCollector {
    fn column(&mut self, name: &str) {
        self.columns.push(format!("{}{}", self.prefix, name));
    }
}

impl FieldWriter for HeaderCollector {
    fn id(&mut self, name: &'static str, _: Option<RecordId>) {
        self.column(name);
    }
    fn str(&mut self, name: &'static str, _: Option<&str>) {
        self.column(name);
    }
    fn int(&mut self, name: &'static str, _: Option<i64>) {
        self.column(name);
    }
    fn bool(&mut self, name: &'static str, _: bool) {
        self.column(name);
    }
    fn decimal(&mut self, name: &'static str, _: Option<Decimal>) {
        self.column(name);
    }
    fn timestamp(&mut self, name: &'static str, _: Option<Timestamp>) {
        self.column(name);
    }
    fn date(&mut self, name: &'static str, _: Option<Date>) {
        self.column(name);
    }
    fn labels(&mut self, name: &'static str, _: &[&str]) {
        self.column(name);
    }
    fn ids(&mut self, name: &'static str, column: &'static str, _: &[RecordId]) {
        self.children.push((name, vec![column.to_string()]));
    }
    fn object<T: Fields>(&mut self, name: &'static str, _: Option<&T>) {
        let nested = format!("{}{}_", self.prefix, name);
        let saved = std::mem::replace(&mut self.prefix, nested);
        T::default().write_fields(self);
        self.prefix = saved;
    }
    fn objects<T: Fields>(&mut self, name: &'static str, _: &[T]) {
        let mut inner = HeaderCollector {
            prefix: String::new(),
            columns: Vec::new(),
            children: Vec::new(),
        };
        T::default().write_fields(&mut inner);
        self.children.push((name, inner.columns));
    }
}

struct ListCounter(usize);

impl FieldWriter for ListCounter {
    fn id(&mut self, _: &'static str, _: Option<RecordId>) {}
    fn str(&mut self, _: &'static str, _: Option<&str>) {}
    fn int(&mut self, _: &'static str, _: Option<i64>) {}
    fn bool(&mut self, _: &'static str, _: bool) {}
    fn decimal(&mut self, _: &'static str, _: Option<Decimal>) {}
    fn timestamp(&mut self, _: &'static str, _: Option<Timestamp>) {}
    fn date(&mut self, _: &'static str, _: Option<Date>) {}
    fn labels(&mut self, _: &'static str, _: &[&str]) {}
    fn ids(&mut self, _: &'static str, _: &'static str, _: &[RecordId]) {
        self.0 += 1;
    }
    fn object<T: Fields>(&mut self, _: &'static str, _: Option<&T>) {}
    fn objects<T: Fields>(&mut self, _: &'static str, _: &[T]) {
        self.0 += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn child_tables_take_the_spec_names() {
        let stems = |tables: Vec<(String, Vec<u8>)>| -> Vec<String> {
            tables.into_iter().skip(1).map(|(stem, _)| stem).collect()
        };
        assert_eq!(
            stems(table_headers::<crate::model::communication::Communication>()),
            ["communication_recipients"]
        );
        assert_eq!(
            stems(table_headers::<crate::model::account::Account>()),
            ["account_joint_owners", "account_beneficial_owners"]
        );
        assert_eq!(
            child_stem("company", "subsidiary_ids"),
            "company_subsidiary_ids"
        );
    }

    #[test]
    fn cells_quote_only_when_needed() {
        let mut out = Vec::new();
        for s in ["plain", "", "a,b", "say \"hi\"", "x\ny"] {
            write_cell(&mut out, s);
            out.push(b'|');
        }
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain|\"\"|\"a,b\"|\"say \"\"hi\"\"\"|\"x\ny\"|"
        );
    }
}
