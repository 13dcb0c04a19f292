//! SCH-1..3 and ENUM-1: every field present (SCH-1), no unknown field (SCH-2), JSON types, nullability
//! and timestamp/date formats as the record type's field walk says (SCH-3), and enum values in their sets
//! (ENUM-1). The expected shape comes from [`crate::validate::schema`].

use crate::validate::findings::Findings;
use crate::validate::json::{Obj, Val, same};
use crate::validate::schema::{Field, Kind, Schema};
use crate::validate::state::Rec;

/// Where a nested field sits, printed only when a finding needs it (`employment_history[2].`).
#[derive(Clone, Copy)]
enum Prefix<'p> {
    Root,
    Field(&'p Prefix<'p>, &'static str),
    Item(&'p Prefix<'p>, &'static str, usize),
}

impl std::fmt::Display for Prefix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Prefix::Root => Ok(()),
            Prefix::Field(outer, name) => write!(f, "{outer}{name}."),
            Prefix::Item(outer, name, k) => write!(f, "{outer}{name}[{k}]."),
        }
    }
}

pub fn check(r: &Rec<'_, '_>, f: &mut Findings) {
    object(&r.file.entity.schema, r.obj, Prefix::Root, r, f);
}

fn object(schema: &Schema, obj: &Obj<'_>, prefix: Prefix<'_>, r: &Rec<'_, '_>, f: &mut Findings) {
    // The parser already compared a JSON record's keys with its file's schema.
    let aligned = (obj.expected_keys && matches!(prefix, Prefix::Root))
        || obj.fields.len() == schema.fields.len()
            && obj
                .fields
                .iter()
                .zip(&schema.fields)
                .all(|((k, _), s)| same(k.as_bytes(), s.name.as_bytes()));
    if aligned {
        for ((_, v), field) in obj.fields.iter().zip(&schema.fields) {
            value(field, v, prefix, r, f);
        }
        return;
    }
    for (k, _) in &obj.fields {
        if schema.field(k).is_none() {
            r.error(f, "SCH-2", || format!("unknown field {prefix}{k}"));
        }
    }
    for field in &schema.fields {
        match obj.get(field.name) {
            None => r.error(f, "SCH-1", || {
                format!("missing field {prefix}{}", field.name)
            }),
            Some(v) => value(field, v, prefix, r, f),
        }
    }
}

fn type_error(field: &Field, v: &Val<'_>, prefix: Prefix<'_>, r: &Rec<'_, '_>, f: &mut Findings) {
    r.error(f, "SCH-3", || {
        format!(
            "{prefix}{}: expected {}, found {}",
            field.name,
            field.kind.json_type(),
            v.type_name()
        )
    });
}

fn enum_value(field: &Field, s: &str, prefix: Prefix<'_>, r: &Rec<'_, '_>, f: &mut Findings) {
    if let Some(values) = field.values
        && !values.admits(s)
    {
        r.error(f, "ENUM-1", || {
            format!("{prefix}{}: {s:?} is not {}", field.name, values.describe())
        });
    }
}

fn value(field: &Field, v: &Val<'_>, prefix: Prefix<'_>, r: &Rec<'_, '_>, f: &mut Findings) {
    if v.is_null() {
        if !field.nullable {
            r.error(f, "SCH-3", || {
                format!("{prefix}{}: null is not allowed", field.name)
            });
        }
        return;
    }
    match &field.kind {
        Kind::Id | Kind::Str => match v.as_str() {
            Some(s) => enum_value(field, s, prefix, r, f),
            None => type_error(field, v, prefix, r, f),
        },
        Kind::Timestamp => match v.as_str() {
            Some(s) if r.memo.timestamp(s).is_some() => {}
            Some(s) => r.error(f, "SCH-3", || {
                format!(
                    "{prefix}{}: {s:?} is not a timestamp YYYY-MM-DDTHH:MM:SSZ",
                    field.name
                )
            }),
            None => type_error(field, v, prefix, r, f),
        },
        Kind::Date => match v.as_str() {
            Some(s) if r.memo.date(s).is_some() => {}
            Some(s) => r.error(f, "SCH-3", || {
                format!("{prefix}{}: {s:?} is not a date YYYY-MM-DD", field.name)
            }),
            None => type_error(field, v, prefix, r, f),
        },
        Kind::Int => {
            if v.as_i64().is_none() {
                type_error(field, v, prefix, r, f);
            }
        }
        Kind::Decimal => match v.as_num() {
            Some(n) if !n.bytes().any(|b| b | 0x20 == b'e') => {}
            _ => type_error(field, v, prefix, r, f),
        },
        Kind::Bool => {
            if v.as_bool().is_none() {
                type_error(field, v, prefix, r, f);
            }
        }
        Kind::Labels | Kind::Ids { .. } => match v.as_arr() {
            Some(items) => {
                for item in items {
                    match item.as_str() {
                        Some(s) => enum_value(field, s, prefix, r, f),
                        None => {
                            type_error(field, item, prefix, r, f);
                            break;
                        }
                    }
                }
            }
            None => type_error(field, v, prefix, r, f),
        },
        Kind::Object(inner) => match v.as_obj() {
            Some(o) => object(inner, o, Prefix::Field(&prefix, field.name), r, f),
            None => type_error(field, v, prefix, r, f),
        },
        Kind::Objects(inner) => match v.as_arr() {
            Some(items) => {
                for (k, item) in items.iter().enumerate() {
                    match item.as_obj() {
                        Some(o) => object(inner, o, Prefix::Item(&prefix, field.name, k), r, f),
                        None => {
                            type_error(field, item, prefix, r, f);
                            break;
                        }
                    }
                }
            }
            None => type_error(field, v, prefix, r, f),
        },
    }
}
