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
        memo: Default::default(),
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
        super::facts::collect(&r, out);
    }
}

/// Minor units of a decimal text at `places` decimals; None when it is not such a number. `exact`
/// requires exactly `places` decimals as printed.
pub fn units(text: &str, places: u8, exact: bool) -> Option<i64> {
    // One pass: integer digits, then at most one '.' followed by at least one digit; digits beyond
    // `places` must be zeros.
    let b = text.as_bytes();
    let (neg, b) = match b.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, b),
    };
    let places = places as usize;
    let mut v: i64 = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i)
        && c.is_ascii_digit()
    {
        v = v.checked_mul(10)?.checked_add((c - b'0') as i64)?;
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let mut frac = 0;
    if let Some(&c) = b.get(i) {
        if c != b'.' {
            return None;
        }
        for &c in &b[i + 1..] {
            if !c.is_ascii_digit() {
                return None;
            }
            if frac < places {
                v = v.checked_mul(10)?.checked_add((c - b'0') as i64)?;
            } else if c != b'0' {
                return None;
            }
            frac += 1;
        }
        if frac == 0 {
            return None;
        }
    }
    if exact && frac != places {
        return None;
    }
    for _ in frac..places {
        v = v.checked_mul(10)?;
    }
    Some(if neg { -v } else { v })
}

/// Decimal places of a currency code.
pub fn places(code: &str) -> Option<u8> {
    crate::refdata::currency_by_code(code).map(|c| crate::refdata::currency(c).minor_units)
}

/// [`crate::core::ids::IdCodec::parse`] without allocation or string searches (it runs several times per
/// record): `PREFIX-` + 16 lowercase hex digits.
pub fn parse_id(text: &str) -> Option<(crate::core::ids::Namespace, u64)> {
    use crate::core::ids::Namespace;
    let b: &[u8; 20] = text.as_bytes().try_into().ok()?;
    // The prefix and its '-' as one word, against each namespace's (the table of ids.rs).
    let head = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let ns = Namespace::ALL.into_iter().find(|ns| {
        let p = ns.prefix().as_bytes();
        head == u32::from_le_bytes([p[0], p[1], p[2], b'-'])
    })?;
    // Branch-free: an invalid digit maps to 0xff and sets the high nibble of `bad`.
    let mut v: u64 = 0;
    let mut bad = 0u8;
    for &c in &b[4..] {
        let d = HEX[c as usize];
        bad |= d;
        v = (v << 4) | (d & 0xf) as u64;
    }
    (bad & 0xf0 == 0).then_some((ns, v))
}

/// Lowercase hex digit values; 0xff for every other byte.
static HEX: [u8; 256] = {
    let mut t = [0xff; 256];
    let mut i = 0;
    while i < 10 {
        t[b'0' as usize + i] = i as u8;
        i += 1;
    }
    let mut i = 0;
    while i < 6 {
        t[b'a' as usize + i] = 10 + i as u8;
        i += 1;
    }
    t
};

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
        assert_eq!(units("1.2.3", 2, false), None);
        assert_eq!(units("--1", 0, false), None);
        assert_eq!(units("-", 0, false), None);
        assert_eq!(units(".5", 1, false), None);
        assert_eq!(units("1.50", 1, false), Some(15));
        assert_eq!(units("1.55", 1, false), None);
        assert_eq!(units("1.50", 1, true), None);
        assert_eq!(units("922337203685477580.7", 1, true), Some(i64::MAX));
        assert_eq!(units("922337203685477580.8", 1, true), None);
    }

    #[test]
    fn fast_id_parse_agrees_with_the_codec() {
        let codec = crate::core::ids::IdCodec::new(7);
        for ns in crate::core::ids::Namespace::ALL {
            let text = codec.make(ns, 12_345).to_string();
            assert_eq!(
                super::parse_id(&text),
                crate::core::ids::IdCodec::parse(&text)
            );
        }
        for bad in [
            "",
            "PER-",
            "PER-0123456789ABCDEF",
            "XXX-0123456789abcdef",
            "PER_0123456789abcdef",
            "PER-0123456789abcdeg",
            "PER-0123456789abcde",
            "PER-0123456789abcdef0",
            "per-0123456789abcdef",
        ] {
            assert_eq!(super::parse_id(bad), None, "{bad}");
        }
    }
}
