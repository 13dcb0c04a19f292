//! The text forms bankgen writes, read back fast enough to run on every field `validate` reads: decimal
//! text into integer minor units, and record ids into their namespace and value.

use crate::core::ids::Namespace;

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

/// [`crate::core::ids::IdCodec::parse`] without allocation or string searches (it runs several times per
/// record): `PREFIX-` + 16 lowercase hex digits.
pub fn parse_id(text: &str) -> Option<(Namespace, u64)> {
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
