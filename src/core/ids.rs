//! Record ids (SPEC §4.1): `PREFIX-` + 16 lowercase hex digits of F_key(ns << 40 | index), where F is the
//! keyed bijection of [`crate::core::seed::Bijection`]. Unique by construction; the inverse recovers (ns, index).

use crate::core::seed::Bijection;

/// Id namespaces. The numeric value is `ns`; the prefix is what users see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(u8)]
pub enum Namespace {
    Person = 1,
    Company = 2,
    Account = 3,
    Transaction = 4,
    Communication = 5,
    Trade = 6,
    Travel = 7,
    Document = 8,
    AccountEvent = 9,
    Relationship = 10,
    Pattern = 11,
    StreamEvent = 12,
}

impl Namespace {
    pub const ALL: [Namespace; 12] = [
        Namespace::Person,
        Namespace::Company,
        Namespace::Account,
        Namespace::Transaction,
        Namespace::Communication,
        Namespace::Trade,
        Namespace::Travel,
        Namespace::Document,
        Namespace::AccountEvent,
        Namespace::Relationship,
        Namespace::Pattern,
        Namespace::StreamEvent,
    ];

    pub const fn prefix(self) -> &'static str {
        match self {
            Namespace::Person => "PER",
            Namespace::Company => "ORG",
            Namespace::Account => "ACC",
            Namespace::Transaction => "TXN",
            Namespace::Communication => "MSG",
            Namespace::Trade => "TRD",
            Namespace::Travel => "TRV",
            Namespace::Document => "DOC",
            Namespace::AccountEvent => "EVT",
            Namespace::Relationship => "REL",
            Namespace::Pattern => "PAT",
            Namespace::StreamEvent => "SEV",
        }
    }

    pub fn from_prefix(prefix: &str) -> Option<Namespace> {
        Namespace::ALL.into_iter().find(|ns| ns.prefix() == prefix)
    }
}

/// Largest index an id can carry.
pub const MAX_INDEX: u64 = (1 << 40) - 1;

/// A formatted-on-demand record id: namespace plus the bijected 64-bit value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct RecordId {
    pub prefix: &'static str,
    pub value: u64,
}

impl RecordId {
    /// Appends `PREFIX-xxxxxxxxxxxxxxxx`.
    #[inline]
    pub fn write(&self, out: &mut Vec<u8>) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 17];
        hex[0] = b'-';
        for (k, byte) in hex[1..].iter_mut().enumerate() {
            *byte = HEX[((self.value >> ((15 - k) * 4)) & 0xf) as usize];
        }
        out.extend_from_slice(self.prefix.as_bytes());
        out.extend_from_slice(&hex);
    }
}

impl std::fmt::Display for RecordId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:016x}", self.prefix, self.value)
    }
}

/// Makes and decodes ids for one seed.
///
/// ```
/// use bankgen::core::ids::{IdCodec, Namespace};
///
/// let codec = IdCodec::new(42);
/// let id = codec.make(Namespace::Person, 7);
/// let text = id.to_string();
/// assert!(text.starts_with("PER-") && text.len() == 20);
/// let (ns, value) = IdCodec::parse(&text).unwrap();
/// assert_eq!(codec.decode(value), Some((ns, 7)));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct IdCodec {
    bijection: Bijection,
}

impl IdCodec {
    pub fn new(seed: u64) -> Self {
        IdCodec {
            bijection: Bijection::new(seed, "id"),
        }
    }

    #[inline]
    pub fn make(&self, ns: Namespace, index: u64) -> RecordId {
        debug_assert!(index <= MAX_INDEX);
        RecordId {
            prefix: ns.prefix(),
            value: self.bijection.forward(((ns as u64) << 40) | index),
        }
    }

    /// (namespace, index) of an id value, or None when it is not a bankgen id for this seed.
    pub fn decode(&self, value: u64) -> Option<(Namespace, u64)> {
        let raw = self.bijection.inverse(value);
        let ns = (raw >> 40) as u8;
        let index = raw & MAX_INDEX;
        Namespace::ALL
            .into_iter()
            .find(|n| *n as u8 == ns)
            .map(|n| (n, index))
    }

    /// Parses `PREFIX-` + 16 lowercase hex digits.
    pub fn parse(text: &str) -> Option<(Namespace, u64)> {
        let (prefix, hex) = text.split_once('-')?;
        let ns = Namespace::from_prefix(prefix)?;
        if hex.len() != 16
            || !hex
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
        {
            return None;
        }
        Some((ns, u64::from_str_radix(hex, 16).ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_near_the_index_limit() {
        let codec = IdCodec::new(42);
        for index in [0, 1, MAX_INDEX - 1, MAX_INDEX] {
            let id = codec.make(Namespace::Transaction, index);
            let text = id.to_string();
            assert!(text.starts_with("TXN-") && text.len() == 20);
            let (ns, value) = IdCodec::parse(&text).expect("parses");
            assert_eq!(ns, Namespace::Transaction);
            assert_eq!(codec.decode(value), Some((Namespace::Transaction, index)));
        }
        let mut buf = Vec::new();
        codec.make(Namespace::Person, 7).write(&mut buf);
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            codec.make(Namespace::Person, 7).to_string()
        );
    }
}
