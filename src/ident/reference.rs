//! Identifiers of event files (SPEC §4.2): document numbers `{TYPE}-{year}-{6 digits}`, shipment and
//! device ids (`SHP-`/`DEV-` + 12 lowercase hex of a keyed bijection of the owning index) and payment
//! reference numbers (`REF-` + 10 digits).

use crate::core::seed::Permutation;

/// Document-type prefixes of SPEC §4.2.
pub const DOCUMENT_PREFIXES: [&str; 7] = ["INV", "PO", "BOL", "CTR", "CUS", "COO", "PKL"];

/// `{prefix}-{year}-{serial:06}`, e.g. `INV-2025-004211`. Unique per issuer and prefix when `serial` is
/// the issuer's running number (serials of a million and more simply get more digits).
pub fn document_number(prefix: &str, year: i32, serial: u64) -> String {
    let mut out = String::with_capacity(prefix.len() + 13);
    out.push_str(prefix);
    out.push('-');
    out.push_str(itoa::Buffer::new().format(year));
    out.push('-');
    let mut buffer = itoa::Buffer::new();
    let digits = buffer.format(serial);
    for _ in digits.len()..6 {
        out.push('0');
    }
    out.push_str(digits);
    out
}

/// 2^48: twelve hex digits.
const HEX12_SPACE: u64 = 1 << 48;

/// `{prefix}` + 12 lowercase hex digits of a keyed permutation of [0, 2^48) (an even bit count, so the
/// Feistel network needs no cycle walking): unique for `index < 2^48`.
fn hex12(prefix: &str, seed: u64, stream: &str, index: u64) -> String {
    let v = Permutation::new(seed, stream, HEX12_SPACE).apply(index % HEX12_SPACE);
    let mut out = String::with_capacity(prefix.len() + 12);
    out.push_str(prefix);
    for shift in (0..12).rev() {
        out.push(char::from(
            b"0123456789abcdef"[((v >> (shift * 4)) & 0xf) as usize],
        ));
    }
    out
}

/// `SHP-` + 12 lowercase hex of a keyed bijection of the shipment's owning index.
pub fn shipment_id(seed: u64, index: u64) -> String {
    hex12("SHP-", seed, "ident.shipment", index)
}

/// `DEV-` + 12 lowercase hex of a keyed bijection of the device's owning index.
pub fn device_id(seed: u64, index: u64) -> String {
    hex12("DEV-", seed, "ident.device", index)
}

/// 10^10: ten digits.
const REF_SPACE: u64 = 10_000_000_000;

/// `REF-` + 10 digits of a keyed permutation of `index`: unique for `index < 10^10`.
pub fn reference_number(seed: u64, index: u64) -> String {
    let v = Permutation::new(seed, "ident.reference", REF_SPACE).apply(index % REF_SPACE);
    let mut out = String::with_capacity(14);
    out.push_str("REF-");
    super::push_digits(&mut out, v, 10);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn document_numbers() {
        assert_eq!(document_number("INV", 2025, 4211), "INV-2025-004211");
        assert_eq!(document_number("PO", 1999, 0), "PO-1999-000000");
        assert_eq!(document_number("BOL", 2024, 999_999), "BOL-2024-999999");
        assert_eq!(document_number("CTR", 2024, 1_234_567), "CTR-2024-1234567");
    }

    #[test]
    fn hex_ids_are_unique_shaped_and_keyed() {
        let mut seen = BTreeSet::new();
        for index in (0..5_000u64).chain([(1 << 40) - 1, (1 << 48) - 1]) {
            for id in [shipment_id(1, index), device_id(1, index)] {
                assert_eq!(id.len(), 16);
                assert!(
                    id[4..]
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                );
                assert!(seen.insert(id));
            }
        }
        assert!(shipment_id(1, 0).starts_with("SHP-") && device_id(1, 0).starts_with("DEV-"));
        assert_ne!(shipment_id(1, 0), shipment_id(2, 0));
        assert_ne!(shipment_id(1, 0)[4..], device_id(1, 0)[4..]);
    }

    #[test]
    fn reference_numbers_are_unique_ten_digits() {
        let mut seen = BTreeSet::new();
        for index in 0..5_000u64 {
            let r = reference_number(9, index);
            assert!(
                r.len() == 14
                    && r.starts_with("REF-")
                    && r[4..].bytes().all(|b| b.is_ascii_digit())
            );
            assert!(seen.insert(r));
        }
    }
}
