//! A record's Parquet schema, read off its field walk: one leaf column per scalar, label list or id
//! list, groups for nested objects and lists of objects. The walk also yields the [`Node`] table the
//! column encoder follows, so the schema and the values come from the same walk the JSON encoder runs.
//!
//! Types (SPEC §11): ids and strings are UTF-8 `BYTE_ARRAY`s, enums dictionary-encoded; integers
//! `INT64`; booleans `BOOLEAN`; timestamps `INT64 TIMESTAMP(MICROS, UTC)`; dates `INT32 DATE`;
//! decimals `DECIMAL(18, scale)` on `INT64` (scores, percentages, coordinates), or `DECIMAL(38, scale)`
//! on a 16-byte fixed array where 18 digits are too few (money, exchange rates). Lists are the standard
//! three-level `LIST` (`required group f (LIST) { repeated group list { required element } }`), nested
//! objects optional or required groups.

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp};
use crate::model::record::{Decimal, FieldWriter, Fields, scale};
use parquet::basic::{LogicalType, Repetition, TimeUnit, Type as Physical};
use parquet::schema::types::{ColumnPath, Type, TypePtr};
use std::sync::Arc;

/// Most decimal digits an `INT64` decimal column holds.
pub const INT64_PRECISION: u8 = 18;
/// Precision of the wide (16-byte) decimal columns.
pub const WIDE_PRECISION: u8 = 38;
/// Largest scale kept in an `INT64` decimal: scores, percentages and coordinates (12 integer digits
/// at scale 6); exchange rates need more decimals and go wide.
const INT64_MAX_SCALE: u8 = 6;

/// What a leaf column stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeafKind {
    /// UTF-8 text: ids, strings, labels and ids inside lists.
    Text,
    Int,
    Bool,
    /// A decimal stored as `units × 10^-scale` in an `INT64`.
    Decimal {
        scale: u8,
    },
    /// A decimal in a 16-byte big-endian two's complement array.
    WideDecimal {
        scale: u8,
    },
    Timestamp,
    Date,
}

/// One call of the field walk, in walk order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub name: &'static str,
    /// Null (for a group: absent) in some records.
    pub optional: bool,
    /// The leaf column this node writes (scalars and plain lists); None for groups.
    pub leaf: Option<LeafKind>,
}

/// A record type's Parquet schema and its node table.
#[derive(Debug)]
pub struct Schema {
    pub root: TypePtr,
    pub nodes: Vec<Node>,
    /// Leaf columns in column order: (path, kind, dictionary-encoded, max definition, max repetition).
    pub leaves: Vec<Leaf>,
}

/// One leaf column.
#[derive(Clone, Debug)]
pub struct Leaf {
    pub path: ColumnPath,
    pub kind: LeafKind,
    pub dictionary: bool,
    pub max_def: i16,
    pub max_rep: i16,
}

impl Schema {
    /// The schema of records of type `T` (a top-level record), with `message` as the root name.
    pub fn of<T: Fields>(message: &str) -> Arc<Schema> {
        let mut b = Builder::default();
        b.open();
        T::default().write_fields(&mut b);
        let fields = b.close();
        let root = Type::group_type_builder(message)
            .with_fields(fields)
            .build()
            .expect("a group of valid fields");
        Arc::new(Schema {
            root: Arc::new(root),
            nodes: b.nodes,
            leaves: b.leaves,
        })
    }
}

/// The physical decimal form for a scale. Money goes wide too: a market capitalisation reaches 10^15
/// in its currency, 19 digits at scale 3.
pub fn decimal_kind(scale: u8) -> LeafKind {
    if scale <= INT64_MAX_SCALE && scale != scale::MONEY {
        LeafKind::Decimal { scale }
    } else {
        LeafKind::WideDecimal { scale }
    }
}

/// Builds the type tree and node table from a default record's walk.
#[derive(Default)]
struct Builder {
    /// Fields of the groups being built, innermost last.
    stack: Vec<Vec<TypePtr>>,
    /// Names from the root to the current group (column paths).
    path: Vec<String>,
    def: i16,
    rep: i16,
    nodes: Vec<Node>,
    leaves: Vec<Leaf>,
}

fn repetition(optional: bool) -> Repetition {
    if optional {
        Repetition::OPTIONAL
    } else {
        Repetition::REQUIRED
    }
}

fn primitive(name: &str, kind: LeafKind, repetition: Repetition) -> Type {
    let builder = match kind {
        LeafKind::Text => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
            .with_logical_type(Some(LogicalType::String)),
        LeafKind::Int => Type::primitive_type_builder(name, Physical::INT64),
        LeafKind::Bool => Type::primitive_type_builder(name, Physical::BOOLEAN),
        LeafKind::Decimal { scale } => Type::primitive_type_builder(name, Physical::INT64)
            .with_logical_type(Some(LogicalType::decimal(
                scale as i32,
                INT64_PRECISION as i32,
            )))
            .with_precision(INT64_PRECISION as i32)
            .with_scale(scale as i32),
        LeafKind::WideDecimal { scale } => {
            Type::primitive_type_builder(name, Physical::FIXED_LEN_BYTE_ARRAY)
                .with_length(16)
                .with_logical_type(Some(LogicalType::decimal(
                    scale as i32,
                    WIDE_PRECISION as i32,
                )))
                .with_precision(WIDE_PRECISION as i32)
                .with_scale(scale as i32)
        }
        LeafKind::Timestamp => Type::primitive_type_builder(name, Physical::INT64)
            .with_logical_type(Some(LogicalType::timestamp(true, TimeUnit::MICROS))),
        LeafKind::Date => Type::primitive_type_builder(name, Physical::INT32)
            .with_logical_type(Some(LogicalType::Date)),
    };
    builder
        .with_repetition(repetition)
        .build()
        .expect("a valid primitive column")
}

impl Builder {
    fn open(&mut self) {
        self.stack.push(Vec::new());
    }

    fn close(&mut self) -> Vec<TypePtr> {
        self.stack.pop().unwrap_or_default()
    }

    fn push_type(&mut self, t: Type) {
        if let Some(top) = self.stack.last_mut() {
            top.push(Arc::new(t));
        }
    }

    fn column_path(&self, tail: &[&str]) -> ColumnPath {
        let mut parts = self.path.clone();
        parts.extend(tail.iter().map(|s| s.to_string()));
        ColumnPath::new(parts)
    }

    fn scalar(&mut self, name: &'static str, kind: LeafKind, optional: bool, dictionary: bool) {
        self.nodes.push(Node {
            name,
            optional,
            leaf: Some(kind),
        });
        self.leaves.push(Leaf {
            path: self.column_path(&[name]),
            kind,
            dictionary,
            max_def: self.def + optional as i16,
            max_rep: self.rep,
        });
        self.push_type(primitive(name, kind, repetition(optional)));
    }

    /// A list of text values: `required group name (LIST) { repeated group list { required element } }`.
    fn text_list(&mut self, name: &'static str, dictionary: bool) {
        self.nodes.push(Node {
            name,
            optional: false,
            leaf: Some(LeafKind::Text),
        });
        self.leaves.push(Leaf {
            path: self.column_path(&[name, "list", "element"]),
            kind: LeafKind::Text,
            dictionary,
            max_def: self.def + 1,
            max_rep: self.rep + 1,
        });
        let element = primitive("element", LeafKind::Text, Repetition::REQUIRED);
        self.push_type(list_type(name, element));
    }
}

fn list_type(name: &str, element: Type) -> Type {
    let repeated = Type::group_type_builder("list")
        .with_repetition(Repetition::REPEATED)
        .with_fields(vec![Arc::new(element)])
        .build()
        .expect("a valid list level");
    Type::group_type_builder(name)
        .with_repetition(Repetition::REQUIRED)
        .with_logical_type(Some(LogicalType::List))
        .with_fields(vec![Arc::new(repeated)])
        .build()
        .expect("a valid list")
}

impl FieldWriter for Builder {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        self.scalar(name, LeafKind::Text, value.is_none(), false);
    }
    fn str(&mut self, name: &'static str, value: Option<&str>) {
        // Free text is mostly drawn from small tables (currencies, countries, cities); a column whose
        // values turn out unique falls back to plain pages by itself.
        self.scalar(name, LeafKind::Text, value.is_none(), true);
    }
    fn str_in(&mut self, name: &'static str, value: Option<&str>, _: &'static [&'static str]) {
        self.scalar(name, LeafKind::Text, value.is_none(), true);
    }
    fn int(&mut self, name: &'static str, value: Option<i64>) {
        self.scalar(name, LeafKind::Int, value.is_none(), false);
    }
    fn bool(&mut self, name: &'static str, _: bool) {
        self.scalar(name, LeafKind::Bool, false, false);
    }
    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        self.decimal_in(name, value, scale::MONEY);
    }
    fn decimal_in(&mut self, name: &'static str, value: Option<Decimal>, scale: u8) {
        self.scalar(name, decimal_kind(scale), value.is_none(), false);
    }
    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        self.scalar(name, LeafKind::Timestamp, value.is_none(), false);
    }
    fn date(&mut self, name: &'static str, value: Option<Date>) {
        self.scalar(name, LeafKind::Date, value.is_none(), false);
    }
    fn labels(&mut self, name: &'static str, _: &[&str]) {
        self.text_list(name, false);
    }
    fn labels_in(&mut self, name: &'static str, _: &[&str], _: &'static [&'static str]) {
        self.text_list(name, true);
    }
    fn ids(&mut self, name: &'static str, _: &'static str, _: &[RecordId]) {
        self.text_list(name, false);
    }
    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>) {
        let optional = value.is_none();
        self.nodes.push(Node {
            name,
            optional,
            leaf: None,
        });
        self.path.push(name.to_string());
        self.def += optional as i16;
        self.open();
        T::default().write_fields(self);
        let fields = self.close();
        self.def -= optional as i16;
        self.path.pop();
        let group = Type::group_type_builder(name)
            .with_repetition(repetition(optional))
            .with_fields(fields)
            .build()
            .expect("a valid group");
        self.push_type(group);
    }
    fn objects<T: Fields>(&mut self, name: &'static str, _: &[T]) {
        self.nodes.push(Node {
            name,
            optional: false,
            leaf: None,
        });
        for part in [name, "list", "element"] {
            self.path.push(part.to_string());
        }
        self.def += 1;
        self.rep += 1;
        self.open();
        T::default().write_fields(self);
        let fields = self.close();
        self.def -= 1;
        self.rep -= 1;
        for _ in 0..3 {
            self.path.pop();
        }
        let element = Type::group_type_builder("element")
            .with_repetition(Repetition::REQUIRED)
            .with_fields(fields)
            .build()
            .expect("a valid list element");
        self.push_type(list_type(name, element));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::refdata::currencies::{CURRENCIES, cross_rate};

    /// Every cross rate of the currency table fits the exchange-rate column: at most `RATE`
    /// decimals, and at most 38 digits at that scale.
    #[test]
    fn every_cross_rate_fits_the_rate_column() {
        let mut widest = 0;
        for from in CURRENCIES {
            for to in CURRENCIES {
                let rate = cross_rate(from.code, to.code);
                widest = widest.max(rate.scale);
                assert!(
                    rate.scale <= scale::RATE,
                    "{} {} {rate}",
                    from.code,
                    to.code
                );
                let units = rate.units as i128 * 10i128.pow((scale::RATE - rate.scale) as u32);
                assert!(units < 10i128.pow(WIDE_PRECISION as u32));
            }
        }
        assert_eq!(
            decimal_kind(scale::RATE),
            LeafKind::WideDecimal { scale: scale::RATE }
        );
        assert!(
            widest > INT64_MAX_SCALE,
            "rates need the wide column ({widest})"
        );
    }

    #[test]
    fn lists_and_groups_get_their_levels() {
        let schema = Schema::of::<crate::model::person::Person>("persons");
        let leaf = |path: &str| {
            schema
                .leaves
                .iter()
                .find(|l| l.path.string() == path)
                .unwrap_or_else(|| panic!("{path}"))
                .clone()
        };
        assert_eq!(leaf("id").max_def, 0);
        let city = leaf("addresses.list.element.city");
        assert_eq!((city.max_def, city.max_rep), (1, 1));
        let category = leaf("pep_details.category");
        assert_eq!((category.max_def, category.max_rep), (1, 0));
    }
}
