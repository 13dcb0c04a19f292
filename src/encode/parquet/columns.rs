//! Records to column values: a [`FieldWriter`] that follows a [`Schema`]'s node table and appends each
//! field to its leaf column with the definition and repetition levels of the Dremel encoding. Workers
//! fill one [`Columns`] per chunk; the file writer appends chunks to a row group in chunk order.

use super::schema::{LeafKind, Node, Schema};
use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::record::{Decimal, FieldWriter, Fields};

/// The values of one leaf column for a run of rows. Only the vectors of the column's kind are used:
/// text as concatenated bytes with their lengths, integers (dates, timestamps, decimal units) as
/// `i64`, wide decimals as `i128`.
#[derive(Clone, Debug, Default)]
pub struct Column {
    pub def: Vec<i16>,
    pub rep: Vec<i16>,
    pub text: Vec<u8>,
    pub lens: Vec<u32>,
    pub ints: Vec<i64>,
    pub wide: Vec<i128>,
    pub bools: Vec<bool>,
}

impl Column {
    fn clear(&mut self) {
        self.def.clear();
        self.rep.clear();
        self.text.clear();
        self.lens.clear();
        self.ints.clear();
        self.wide.clear();
        self.bools.clear();
    }

    fn extend(&mut self, other: &Column) {
        self.def.extend_from_slice(&other.def);
        self.rep.extend_from_slice(&other.rep);
        self.text.extend_from_slice(&other.text);
        self.lens.extend_from_slice(&other.lens);
        self.ints.extend_from_slice(&other.ints);
        self.wide.extend_from_slice(&other.wide);
        self.bools.extend_from_slice(&other.bools);
    }

    /// Bytes held (an estimate of the row group's memory).
    fn bytes(&self) -> usize {
        2 * (self.def.len() + self.rep.len())
            + self.text.len()
            + 4 * self.lens.len()
            + 8 * self.ints.len()
            + 16 * self.wide.len()
            + self.bools.len()
    }
}

/// The columns of a run of rows of one file.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub cols: Vec<Column>,
    pub rows: u64,
    /// The first value no column of the schema can hold (an encoder bug, never expected): the writer
    /// reports it as the run's error.
    pub error: Option<String>,
}

impl Columns {
    pub fn reset(&mut self, columns: usize) {
        self.cols.resize_with(columns, Column::default);
        self.cols.iter_mut().for_each(Column::clear);
        self.rows = 0;
        self.error = None;
    }

    pub fn extend(&mut self, other: &Columns) {
        if self.cols.len() < other.cols.len() {
            self.cols.resize_with(other.cols.len(), Column::default);
        }
        for (mine, theirs) in self.cols.iter_mut().zip(&other.cols) {
            mine.extend(theirs);
        }
        self.rows += other.rows;
        if self.error.is_none() {
            self.error.clone_from(&other.error);
        }
    }

    pub fn bytes(&self) -> usize {
        self.cols.iter().map(Column::bytes).sum()
    }
}

/// Appends one record as a row of `out`.
pub fn write_record<R: Fields>(record: &R, schema: &Schema, out: &mut Columns) {
    if out.cols.len() != schema.leaves.len() {
        out.reset(schema.leaves.len());
    }
    let mut w = Filler {
        nodes: &schema.nodes,
        cols: &mut out.cols,
        error: &mut out.error,
        node: 0,
        col: 0,
        def: 0,
        rep: 0,
        depth: 0,
        null: false,
    };
    record.write_fields(&mut w);
    out.rows += 1;
}

/// Walks one record, node by node.
struct Filler<'a> {
    nodes: &'a [Node],
    cols: &'a mut [Column],
    error: &'a mut Option<String>,
    /// Next node and next leaf column.
    node: usize,
    col: usize,
    /// Definition level reached by the enclosing groups.
    def: i16,
    /// Repetition level of the next value.
    rep: i16,
    /// Repeated groups entered.
    depth: i16,
    /// Inside a null group or an empty list: every leaf is written as absent.
    null: bool,
}

impl Filler<'_> {
    fn fail(&mut self, message: String) {
        if self.error.is_none() {
            *self.error = Some(message);
        }
    }

    fn next_node(&mut self, name: &str) -> Option<Node> {
        let node = self.nodes.get(self.node).cloned();
        self.node += 1;
        match node {
            Some(n) if n.name == name => Some(n),
            _ => {
                self.fail(format!(
                    "field '{name}' is not where the schema has it (the field walk changed shape)"
                ));
                None
            }
        }
    }

    /// Levels for a scalar leaf; the column to push the value into when it is present.
    fn leaf(&mut self, name: &str, present: bool) -> Option<(&mut Column, LeafKind)> {
        let node = self.next_node(name)?;
        let kind = node.leaf?;
        let col = self.col;
        self.col += 1;
        let present = present && !self.null;
        if !present && !self.null && !node.optional {
            self.fail(format!("field '{name}' is null in a required column"));
        }
        let (def, rep) = (self.def + (present && node.optional) as i16, self.rep);
        let column = self.cols.get_mut(col)?;
        column.def.push(def);
        column.rep.push(rep);
        present.then_some((column, kind))
    }

    /// A list of text values, each written by `each(k, buffer)`.
    fn text_list(&mut self, name: &str, n: usize, mut each: impl FnMut(usize, &mut Vec<u8>)) {
        if self.next_node(name).is_none() {
            return;
        }
        let (def, rep, inner, null) = (self.def, self.rep, self.depth + 1, self.null);
        let col = self.col;
        self.col += 1;
        let Some(column) = self.cols.get_mut(col) else {
            return;
        };
        if null || n == 0 {
            column.def.push(def);
            column.rep.push(rep);
            return;
        }
        for k in 0..n {
            column.def.push(def + 1);
            column.rep.push(if k == 0 { rep } else { inner });
            let start = column.text.len();
            each(k, &mut column.text);
            column.lens.push((column.text.len() - start) as u32);
        }
    }

    fn text(&mut self, name: &str, value: Option<&[u8]>) {
        if let Some((column, _)) = self.leaf(name, value.is_some()) {
            let bytes = value.unwrap_or_default();
            column.text.extend_from_slice(bytes);
            column.lens.push(bytes.len() as u32);
        }
    }

    fn integer(&mut self, name: &str, value: Option<i64>) {
        if let Some((column, _)) = self.leaf(name, value.is_some()) {
            column.ints.push(value.unwrap_or_default());
        }
    }
}

/// `units × 10^-from` as units of `10^-to` (`to ≥ from`), if it fits.
fn rescale(units: i64, from: u8, to: u8) -> Option<i128> {
    let shift = to.checked_sub(from)?;
    (units as i128).checked_mul(10i128.checked_pow(shift as u32)?)
}

impl FieldWriter for Filler<'_> {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        let mut text = Vec::with_capacity(24);
        if let Some(id) = value {
            id.write(&mut text);
        }
        self.text(name, value.map(|_| &text[..]));
    }
    fn str(&mut self, name: &'static str, value: Option<&str>) {
        self.text(name, value.map(str::as_bytes));
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        self.integer(name, value);
    }
    fn bool(&mut self, name: &'static str, value: bool) {
        if let Some((column, _)) = self.leaf(name, true) {
            column.bools.push(value);
        }
    }
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        let Some((column, kind)) = self.leaf(name, value.is_some()) else {
            return;
        };
        let d = value.unwrap_or_default();
        let (scale, wide) = match kind {
            LeafKind::Decimal { scale } => (scale, false),
            LeafKind::WideDecimal { scale } => (scale, true),
            _ => (0, false),
        };
        let limit = if wide { 10i128.pow(38) } else { 10i128.pow(18) };
        match rescale(d.units, d.scale, scale).filter(|u| u.abs() < limit) {
            Some(units) if wide => column.wide.push(units),
            Some(units) => column.ints.push(units as i64),
            None => {
                // Keep the column's value count consistent; the run fails on the error.
                column.ints.push(0);
                column.wide.push(0);
                self.fail(format!(
                    "field '{name}': {d} does not fit its column's DECIMAL scale {scale}"
                ));
            }
        }
    }
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        self.integer(name, value.map(|s| s.saturating_mul(1_000_000)));
    }
    fn date(&mut self, name: &'static str, value: Option<Date>) {
        self.integer(name, value.map(i64::from));
    }
    fn labels(&mut self, name: &'static str, values: &[&str]) {
        self.text_list(name, values.len(), |k, out| {
            out.extend_from_slice(values[k].as_bytes())
        });
    }
    fn ids(&mut self, name: &'static str, _: &'static str, values: &[RecordId]) {
        self.text_list(name, values.len(), |k, out| values[k].write(out));
    }
    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>) {
        let Some(node) = self.next_node(name) else {
            return;
        };
        match value {
            Some(v) if !self.null => {
                self.def += node.optional as i16;
                v.write_fields(self);
                self.def -= node.optional as i16;
            }
            _ => {
                if !self.null && !node.optional {
                    self.fail(format!("object '{name}' is null in a required group"));
                }
                let saved = std::mem::replace(&mut self.null, true);
                T::default().write_fields(self);
                self.null = saved;
            }
        }
    }
    fn objects<T: Fields>(&mut self, name: &'static str, values: &[T]) {
        if self.next_node(name).is_none() {
            return;
        }
        if self.null || values.is_empty() {
            let saved = std::mem::replace(&mut self.null, true);
            T::default().write_fields(self);
            self.null = saved;
            return;
        }
        let (def, rep) = (self.def, self.rep);
        // Every element walks the same nodes and columns again.
        let (node, col) = (self.node, self.col);
        self.depth += 1;
        self.def = def + 1;
        for (k, v) in values.iter().enumerate() {
            (self.node, self.col) = (node, col);
            self.rep = if k == 0 { rep } else { self.depth };
            v.write_fields(self);
        }
        self.depth -= 1;
        self.def = def;
        self.rep = rep;
    }
}
