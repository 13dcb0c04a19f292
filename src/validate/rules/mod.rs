//! The rule families of SPEC §12, one module each, and the per-record dispatch. Every family reads a
//! record through [`Rec`] and reports into [`Findings`]; families that need the manifest (ids, the
//! seed, the window) or other files' facts run only when the context has them. A reference that does
//! not resolve is reported once (REF) and then treated as unknown, so one broken value does not cascade
//! into CONS or ALERT findings.

pub mod alert;
pub mod cons;
pub mod gt;
pub mod id;
pub mod ident;
pub mod inv;
pub mod links;
pub mod man;
pub mod range;
pub mod refs;
pub mod sch;

use super::findings::Findings;
use super::json::Obj;
use super::state::{Ctx, FileCtx, Out, Rec};

/// Runs every applicable family on one record.
pub fn check_record(
    ctx: &Ctx,
    file: &FileCtx,
    line: u64,
    obj: &Obj<'_>,
    out: &mut Out,
    f: &mut Findings,
) {
    let r = Rec {
        ctx,
        file,
        line,
        obj,
    };
    sch::check(&r, f);
    range::check(&r, f);
    ident::check(&r, f);
    if ctx.deep() {
        id::check(&r, out, f);
        refs::check(&r, out, f);
        cons::check(&r, f);
        alert::check(&r, f);
        gt::check(&r, out, f);
        if ctx.full {
            links::collect(&r, &mut out.links);
            if ctx.realism
                && let Some(o) = super::realism::observe(&r)
            {
                out.real.push(o);
            }
        }
    }
}

/// Minor units of a decimal text at `places` decimals; None when it is not such a number. `exact`
/// requires exactly `places` decimals as printed.
pub fn units(text: &str, places: u8, exact: bool) -> Option<i64> {
    let (neg, t) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if t.contains('.') && frac.is_empty() {
        return None;
    }
    let places = places as usize;
    if exact && frac.len() != places {
        return None;
    }
    if frac.len() > places && frac[places..].bytes().any(|b| b != b'0') {
        return None;
    }
    let mut v: i64 = 0;
    for b in int.bytes() {
        v = v.checked_mul(10)?.checked_add((b - b'0') as i64)?;
    }
    for k in 0..places {
        let d = frac.as_bytes().get(k).map_or(0, |b| b - b'0');
        v = v.checked_mul(10)?.checked_add(d as i64)?;
    }
    Some(if neg { -v } else { v })
}

/// Decimal places of a currency code.
pub fn places(code: &str) -> Option<u8> {
    crate::refdata::currency_by_code(code).map(|c| crate::refdata::currency(c).minor_units)
}

/// [`crate::ids::IdCodec::parse`] without allocation or string searches (it runs several times per
/// record): `PREFIX-` + 16 lowercase hex digits.
pub fn parse_id(text: &str) -> Option<(crate::ids::Namespace, u64)> {
    use crate::ids::Namespace::*;
    let b = text.as_bytes();
    if b.len() != 20 || b[3] != b'-' {
        return None;
    }
    let ns = match &b[..3] {
        b"PER" => Person,
        b"ORG" => Company,
        b"ACC" => Account,
        b"TXN" => Transaction,
        b"MSG" => Communication,
        b"TRD" => Trade,
        b"TRV" => Travel,
        b"DOC" => Document,
        b"EVT" => AccountEvent,
        b"REL" => Relationship,
        b"PAT" => Pattern,
        b"SEV" => StreamEvent,
        _ => return None,
    };
    let mut v: u64 = 0;
    for &c in &b[4..] {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => return None,
        };
        v = (v << 4) | d as u64;
    }
    Some((ns, v))
}

#[cfg(test)]
mod tests {
    use super::units;

    #[test]
    fn decimal_text_to_units() {
        assert_eq!(units("12.50", 2, true), Some(1250));
        assert_eq!(units("12.5", 2, true), None);
        assert_eq!(units("12.5", 2, false), Some(1250));
        assert_eq!(units("1500", 0, true), Some(1500));
        assert_eq!(units("-0.0001", 4, true), Some(-1));
        assert_eq!(units("1e5", 0, false), None);
        assert_eq!(units("99999999999999999999", 0, false), None);
        assert_eq!(units("1.", 0, false), None);
    }

    #[test]
    fn fast_id_parse_agrees_with_the_codec() {
        let codec = crate::ids::IdCodec::new(7);
        for ns in crate::ids::Namespace::ALL {
            let text = codec.make(ns, 12_345).to_string();
            assert_eq!(super::parse_id(&text), crate::ids::IdCodec::parse(&text));
        }
        for bad in [
            "",
            "PER-",
            "PER-0123456789ABCDEF",
            "XXX-0123456789abcdef",
            "PER_0123456789abcdef",
        ] {
            assert_eq!(super::parse_id(bad), None, "{bad}");
        }
    }
}
