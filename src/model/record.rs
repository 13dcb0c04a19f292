//! The contract between generation and output: a record describes its fields, in order, to a
//! [`FieldWriter`]; encoders (JSON, JSONL, CSV with child tables) implement the writer. Generators never
//! see a format, and encoders never see a generator.

use crate::core::ids::{Namespace, RecordId};
use crate::core::time::{Date, Timestamp};

/// A decimal held as an integer count of `10^-scale` units (money in minor units, scores in 1/10,000).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Decimal {
    pub units: i64,
    pub scale: u8,
}

impl Decimal {
    pub const fn new(units: i64, scale: u8) -> Self {
        Decimal { units, scale }
    }

    /// Appends the number with exactly `scale` decimals, never an exponent.
    pub fn write(&self, out: &mut Vec<u8>) {
        let mut buf = itoa::Buffer::new();
        if self.units < 0 {
            out.push(b'-');
        }
        let abs = self.units.unsigned_abs();
        if self.scale == 0 {
            out.extend_from_slice(buf.format(abs).as_bytes());
            return;
        }
        let pow = 10u64.pow(self.scale as u32);
        out.extend_from_slice(buf.format(abs / pow).as_bytes());
        out.push(b'.');
        let frac = buf.format(abs % pow);
        for _ in frac.len()..self.scale as usize {
            out.push(b'0');
        }
        out.extend_from_slice(frac.as_bytes());
    }
}

impl std::fmt::Display for Decimal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut v = Vec::new();
        self.write(&mut v);
        f.write_str(std::str::from_utf8(&v).unwrap_or_default())
    }
}

/// The most decimals a kind of decimal field holds (SPEC §7), whatever the record: the scale its
/// typed column stores. JSON and CSV print each value with its own decimals instead.
pub mod scale {
    /// Money in any currency: ISO 4217 minor units go up to 3 (BHD, KWD, OMR, LYD).
    pub const MONEY: u8 = 3;
    /// Scores in [0, 1], dec(4).
    pub const SCORE: u8 = 4;
    /// Percentages, dec(2).
    pub const PERCENT: u8 = 2;
    /// Latitude and longitude, dec(6).
    pub const COORDINATE: u8 = 6;
    /// Exchange rates: 8 significant digits, so the scale follows the smallest rate in the table
    /// (pinned by a test over every currency pair).
    pub const RATE: u8 = 18;
}

/// Receives a record's fields in schema order. Every field is always reported, null or not, so that a
/// writer can derive columns from any instance (including `Default::default()`).
pub trait FieldWriter {
    fn id(&mut self, name: &'static str, value: Option<RecordId>);
    fn str(&mut self, name: &'static str, value: Option<&str>);
    fn int(&mut self, name: &'static str, value: Option<i64>);
    fn bool(&mut self, name: &'static str, value: bool);
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>);
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>);
    fn date(&mut self, name: &'static str, value: Option<Date>);
    /// A list of plain labels (enums, country codes, keywords): a JSON array, a JSON-text cell in CSV.
    fn labels(&mut self, name: &'static str, values: &[&str]);
    /// A list of ids: a JSON array; a child table `{entity}_{name}` in CSV with column `column`.
    fn ids(&mut self, name: &'static str, column: &'static str, values: &[RecordId]);
    /// A nested single object: a JSON object or null; prefixed columns in CSV.
    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>);
    /// A list of objects: a JSON array; a child table `{entity}_{name}` in CSV.
    fn objects<T: Fields>(&mut self, name: &'static str, values: &[T]);

    // Typed forms of the calls above. They carry the value set of a field (its enum labels or id
    // namespaces) to writers that describe fields rather than encode them (the JSON Schema writer); the
    // defaults forward to the untyped call, so encoders write exactly the same bytes either way.

    /// An id of one of the namespaces `ns`.
    #[inline]
    fn id_in(&mut self, name: &'static str, value: Option<RecordId>, ns: &'static [Namespace]) {
        let _ = ns;
        self.id(name, value);
    }
    /// A list of ids of one of the namespaces `ns`.
    #[inline]
    fn ids_in(
        &mut self,
        name: &'static str,
        column: &'static str,
        values: &[RecordId],
        ns: &'static [Namespace],
    ) {
        let _ = ns;
        self.ids(name, column, values);
    }
    /// A string drawn from the closed vocabulary `set`.
    #[inline]
    fn str_in(&mut self, name: &'static str, value: Option<&str>, set: &'static [&'static str]) {
        let _ = set;
        self.str(name, value);
    }
    /// A list of labels drawn from the closed vocabulary `set`.
    #[inline]
    fn labels_in(&mut self, name: &'static str, values: &[&str], set: &'static [&'static str]) {
        let _ = set;
        self.labels(name, values);
    }
    /// A decimal that never holds more than `scale` decimals, whatever the record (money in any
    /// currency, a score): the fixed scale a typed column (Parquet DECIMAL) stores it with.
    #[inline]
    fn decimal_in(&mut self, name: &'static str, value: Option<Decimal>, scale: u8) {
        let _ = scale;
        self.decimal(name, value);
    }
    /// An enum value, written as its label.
    #[inline]
    fn label<L: Label>(&mut self, name: &'static str, value: Option<L>) {
        self.str_in(name, value.map(Label::label), L::LABELS);
    }
    /// A list of enum values, written as a list of their labels (no allocation up to 16 values).
    #[inline]
    fn label_list<L: Label>(&mut self, name: &'static str, values: &[L]) {
        let mut buf = [""; 16];
        if values.len() <= buf.len() {
            for (slot, v) in buf.iter_mut().zip(values) {
                *slot = v.label();
            }
            self.labels_in(name, &buf[..values.len()], L::LABELS);
        } else {
            let all: Vec<&str> = values.iter().map(|v| v.label()).collect();
            self.labels_in(name, &all, L::LABELS);
        }
    }
}

/// Anything whose fields can be written: top-level records and their sub-records.
pub trait Fields: Default {
    fn write_fields<W: FieldWriter>(&self, w: &mut W);
}

/// A top-level record written to its own file.
pub trait Record: Fields {
    /// File stem, e.g. `persons`.
    const FILE: &'static str;
    /// Singular entity name used for child tables and their key column, e.g. `person`.
    const SINGULAR: &'static str;
    /// The record's id (always the first field).
    fn record_id(&self) -> RecordId;
}

/// A snake_case enum value.
pub trait Label: Copy {
    /// Every label of the enum, in declaration order.
    const LABELS: &'static [&'static str];
    fn label(self) -> &'static str;
}

/// Declares a fieldless enum with snake_case labels and a `ALL` table.
#[macro_export]
macro_rules! label_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($variant:ident => $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        $vis enum $name { #[default] $($variant),+ }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn from_label(text: &str) -> Option<Self> {
                match text { $($label => Some($name::$variant),)+ _ => None }
            }
        }
        impl $crate::model::record::Label for $name {
            const LABELS: &'static [&'static str] = &[$($label),+];
            fn label(self) -> &'static str { match self { $($name::$variant => $label),+ } }
        }
    };
}

/// A field walk with some top-level fields left out: forwards every call to `inner` except those whose
/// name is in `skip` (`bankgen stream --no-ground-truth` drops the ground-truth fields this way).
pub struct Skipping<'w, W> {
    pub inner: &'w mut W,
    pub skip: &'static [&'static str],
}

impl<W: FieldWriter> Skipping<'_, W> {
    #[inline]
    fn keeps(&self, name: &str) -> bool {
        !self.skip.contains(&name)
    }
}

impl<W: FieldWriter> FieldWriter for Skipping<'_, W> {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        if self.keeps(name) {
            self.inner.id(name, value);
        }
    }
    fn str(&mut self, name: &'static str, value: Option<&str>) {
        if self.keeps(name) {
            self.inner.str(name, value);
        }
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        if self.keeps(name) {
            self.inner.int(name, value);
        }
    }
    fn bool(&mut self, name: &'static str, value: bool) {
        if self.keeps(name) {
            self.inner.bool(name, value);
        }
    }
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        if self.keeps(name) {
            self.inner.decimal(name, value);
        }
    }
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        if self.keeps(name) {
            self.inner.timestamp(name, value);
        }
    }
    fn date(&mut self, name: &'static str, value: Option<Date>) {
        if self.keeps(name) {
            self.inner.date(name, value);
        }
    }
    fn labels(&mut self, name: &'static str, values: &[&str]) {
        if self.keeps(name) {
            self.inner.labels(name, values);
        }
    }
    fn ids(&mut self, name: &'static str, column: &'static str, values: &[RecordId]) {
        if self.keeps(name) {
            self.inner.ids(name, column, values);
        }
    }
    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>) {
        if self.keeps(name) {
            self.inner.object(name, value);
        }
    }
    fn objects<T: Fields>(&mut self, name: &'static str, values: &[T]) {
        if self.keeps(name) {
            self.inner.objects(name, values);
        }
    }
    fn id_in(&mut self, name: &'static str, value: Option<RecordId>, ns: &'static [Namespace]) {
        if self.keeps(name) {
            self.inner.id_in(name, value, ns);
        }
    }
    fn ids_in(
        &mut self,
        name: &'static str,
        column: &'static str,
        values: &[RecordId],
        ns: &'static [Namespace],
    ) {
        if self.keeps(name) {
            self.inner.ids_in(name, column, values, ns);
        }
    }
    fn str_in(&mut self, name: &'static str, value: Option<&str>, set: &'static [&'static str]) {
        if self.keeps(name) {
            self.inner.str_in(name, value, set);
        }
    }
    fn decimal_in(&mut self, name: &'static str, value: Option<Decimal>, scale: u8) {
        if self.keeps(name) {
            self.inner.decimal_in(name, value, scale);
        }
    }
    fn labels_in(&mut self, name: &'static str, values: &[&str], set: &'static [&'static str]) {
        if self.keeps(name) {
            self.inner.labels_in(name, values, set);
        }
    }
}
