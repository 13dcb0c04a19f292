//! Compact JSON for one record, keys in schema order, money with exactly its decimals. Hand-written
//! because serde_json spends most of a record's time in generic dispatch (see the performance notes).

use crate::core::ids::RecordId;
use crate::core::time::{Date, Timestamp, write_date, write_timestamp};
use crate::model::record::{Decimal, FieldWriter, Fields, Skipping};

/// Appends `{...}` (no newline).
pub fn write_record<R: Fields>(record: &R, out: &mut Vec<u8>) {
    out.push(b'{');
    let mut w = JsonWriter { out, first: true };
    record.write_fields(&mut w);
    w.out.push(b'}');
}

/// Appends `{...}` without the top-level fields named in `skip`.
pub fn write_record_without<R: Fields>(
    record: &R,
    skip: &'static [&'static str],
    out: &mut Vec<u8>,
) {
    out.push(b'{');
    let mut w = JsonWriter { out, first: true };
    record.write_fields(&mut Skipping {
        inner: &mut w,
        skip,
    });
    w.out.push(b'}');
}

/// Appends a JSON string literal with the escapes JSON requires and no others.
#[inline]
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Almost every string needs no escape: copy it in one piece.
    if !needs_escape(bytes) {
        out.reserve(bytes.len() + 2);
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    out.push(b'"');
    let mut start = 0;
    for (i, &c) in bytes.iter().enumerate() {
        let escape: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(c >> 4) as usize]);
            out.push(HEX[(c & 0xf) as usize]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// Whether any byte is a control character, `"` or `\\`: eight bytes at a time (SWAR), since this runs
/// for every string of every record.
#[inline]
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero ⇒ its high bit is set here (false positives only above a true zero).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        // Bytes below 0x20 (UTF-8 continuation and lead bytes are ≥ 0x80 and never match).
        let below_space = v.wrapping_sub(ONES * 0x20) & !v & HIGHS != 0;
        if below_space || has_zero(v ^ (ONES * b'"' as u64)) || has_zero(v ^ (ONES * b'\\' as u64))
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&c| c < 0x20 || c == b'"' || c == b'\\')
}

struct JsonWriter<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
}

impl JsonWriter<'_> {
    #[inline]
    fn key(&mut self, name: &str) {
        if !self.first {
            self.out.push(b',');
        }
        self.first = false;
        self.out.push(b'"');
        self.out.extend_from_slice(name.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    #[inline]
    fn null(&mut self) {
        self.out.extend_from_slice(b"null");
    }
}

impl FieldWriter for JsonWriter<'_> {
    fn id(&mut self, name: &'static str, value: Option<RecordId>) {
        self.key(name);
        match value {
            Some(id) => {
                self.out.push(b'"');
                id.write(self.out);
                self.out.push(b'"');
            }
            None => self.null(),
        }
    }

    fn str(&mut self, name: &'static str, value: Option<&str>) {
        self.key(name);
        match value {
            Some(s) => write_str(self.out, s),
            None => self.null(),
        }
    }

    fn int(&mut self, name: &'static str, value: Option<i64>) {
        self.key(name);
        match value {
            Some(v) => self
                .out
                .extend_from_slice(itoa::Buffer::new().format(v).as_bytes()),
            None => self.null(),
        }
    }

    fn bool(&mut self, name: &'static str, value: bool) {
        self.key(name);
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    fn decimal(&mut self, name: &'static str, value: Option<Decimal>) {
        self.key(name);
        match value {
            Some(d) => d.write(self.out),
            None => self.null(),
        }
    }

    fn timestamp(&mut self, name: &'static str, value: Option<Timestamp>) {
        self.key(name);
        match value {
            Some(ts) => {
                self.out.push(b'"');
                write_timestamp(self.out, ts);
                self.out.push(b'"');
            }
            None => self.null(),
        }
    }

    fn date(&mut self, name: &'static str, value: Option<Date>) {
        self.key(name);
        match value {
            Some(d) => {
                self.out.push(b'"');
                write_date(self.out, d);
                self.out.push(b'"');
            }
            None => self.null(),
        }
    }

    fn labels(&mut self, name: &'static str, values: &[&str]) {
        self.key(name);
        write_label_array(self.out, values);
    }

    fn ids(&mut self, name: &'static str, _column: &'static str, values: &[RecordId]) {
        self.key(name);
        self.out.push(b'[');
        for (i, id) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            self.out.push(b'"');
            id.write(self.out);
            self.out.push(b'"');
        }
        self.out.push(b']');
    }

    fn object<T: Fields>(&mut self, name: &'static str, value: Option<&T>) {
        self.key(name);
        match value {
            Some(v) => write_record(v, self.out),
            None => self.null(),
        }
    }

    fn objects<T: Fields>(&mut self, name: &'static str, values: &[T]) {
        self.key(name);
        self.out.push(b'[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            write_record(v, self.out);
        }
        self.out.push(b']');
    }
}

/// `["a","b"]`, shared by JSON fields and CSV label cells.
pub fn write_label_array(out: &mut Vec<u8>, values: &[&str]) {
    out.push(b'[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, v);
    }
    out.push(b']');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_only_what_json_requires() {
        let mut out = Vec::new();
        write_str(&mut out, "a\"b\\c\nd\u{1}é/");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\"a\\\"b\\\\c\\nd\\u0001é/\""
        );
    }

    #[test]
    fn the_escape_scan_agrees_with_the_byte_rule() {
        let plain = |s: &str| !s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\');
        let mut cases: Vec<String> = vec![
            String::new(),
            "abc".into(),
            "exactly8".into(),
            "sixteen bytes ok".into(),
            "Ünïcödé and 日本語 text".into(),
            "tab\there".into(),
            "a quote \" late in a long string".into(),
            "back\\slash at seventeen".into(),
            "\u{1f}".into(),
            "\u{7f} is fine".into(),
        ];
        for i in 0..40 {
            let mut s = "x".repeat(i);
            s.push('"');
            cases.push(s.clone());
            s.pop();
            s.push('\n');
            cases.push(s);
        }
        for s in cases {
            assert_eq!(needs_escape(s.as_bytes()), !plain(&s), "{s:?}");
        }
    }

    #[test]
    fn decimals_keep_their_places() {
        let cases = [
            (1250, 2, "12.50"),
            (1500, 0, "1500"),
            (1250, 3, "1.250"),
            (-5, 2, "-0.05"),
            (7, 4, "0.0007"),
        ];
        for (units, scale, text) in cases {
            assert_eq!(Decimal::new(units, scale).to_string(), text);
        }
    }
}
