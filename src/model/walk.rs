//! A record's shape as data: the field walk of a `Default` instance ([`Fields::write_fields`], the walk
//! every encoder follows) recorded call by call instead of encoded. `bankgen schema` renders it as JSON
//! Schema and CSV headers, and `validate` checks records against it, so both read the shape the
//! encoders write.

use crate::core::ids::{Namespace, RecordId};
use crate::core::time::{Date, Timestamp};
use crate::model::record::{Decimal, FieldWriter, Fields};

/// What one field holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A record id of one of these namespaces (any namespace when empty).
    Id(&'static [Namespace]),
    /// A string, from a closed vocabulary when given.
    Str(Option<&'static [&'static str]>),
    /// A string matching a regular expression.
    Pattern(&'static str),
    Int,
    Bool,
    Decimal,
    Timestamp,
    Date,
    /// A list of labels, from a closed vocabulary when given.
    Labels(Option<&'static [&'static str]>),
    /// A list of ids; `column` names the id column of the CSV child table.
    Ids {
        column: &'static str,
        ns: &'static [Namespace],
    },
    /// A nested object.
    Object(Vec<Field>),
    /// A list of objects.
    Objects(Vec<Field>),
    /// An object with free keys whose values are `Some(kind)` (anything when `None`).
    Map(Option<Box<Kind>>),
}

/// One written key.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub nullable: bool,
}

/// The fields of `T` in write order, from its field walk.
pub fn fields_of<T: Fields>() -> Vec<Field> {
    let mut collector = Collector(Vec::new());
    T::default().write_fields(&mut collector);
    collector.0
}

/// Records the field walk of a `Default` instance as [`Field`]s.
pub struct Collector(pub Vec<Field>);

impl Collector {
    fn push(&mut self, name: &'static str, kind: Kind, nullable: bool) {
        self.0.push(Field {
            name,
            kind,
            nullable,
        });
    }
}

impl FieldWriter for Collector {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        self.push(name, Kind::Id(&[]), value.is_none());
    }
    fn str(&mut self, name: &'static str, value: Option<&str>) {
        self.push(name, Kind::Str(None), value.is_none());
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        self.push(name, Kind::Int, value.is_none());
    }
    fn bool(&mut self, name: &'static str, _: bool) {
        self.push(name, Kind::Bool, false);
    }
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        self.push(name, Kind::Decimal, value.is_none());
    }
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        self.push(name, Kind::Timestamp, value.is_none());
    }
    fn date(&mut self, name: &'static str, value: Option<Date>) {
        self.push(name, Kind::Date, value.is_none());
    }
    fn labels(&mut self, name: &'static str, _: &[&str]) {
        self.push(name, Kind::Labels(None), false);
    }
    fn ids(&mut self, name: &'static str, column: &'static str, _: &[RecordId]) {
        self.push(name, Kind::Ids { column, ns: &[] }, false);
    }
    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>) {
        self.push(name, Kind::Object(fields_of::<T>()), value.is_none());
    }
    fn objects<T: Fields>(&mut self, name: &'static str, _: &[T]) {
        self.push(name, Kind::Objects(fields_of::<T>()), false);
    }
    fn id_in(&mut self, name: &'static str, value: Option<RecordId>, ns: &'static [Namespace]) {
        self.push(name, Kind::Id(ns), value.is_none());
    }
    fn ids_in(
        &mut self,
        name: &'static str,
        column: &'static str,
        _: &[RecordId],
        ns: &'static [Namespace],
    ) {
        self.push(name, Kind::Ids { column, ns }, false);
    }
    fn str_in(&mut self, name: &'static str, value: Option<&str>, set: &'static [&'static str]) {
        self.push(name, Kind::Str(Some(set)), value.is_none());
    }
    fn labels_in(&mut self, name: &'static str, _: &[&str], set: &'static [&'static str]) {
        self.push(name, Kind::Labels(Some(set)), false);
    }
}
