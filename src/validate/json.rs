//! A small zero-copy JSON parser for record lines. Unlike `serde_json::Value` it keeps numbers as their
//! printed text (money must carry exactly its currency's decimals), keeps object keys in file order
//! (SPEC §7: key order = table order), borrows unescaped strings from the input line, and reports errors
//! with a column instead of panicking. Nesting is capped so hostile input cannot overflow the stack.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};

/// A parsed JSON value borrowing from the input where it can.
#[derive(Clone, Debug, PartialEq)]
pub enum Val<'a> {
    Null,
    Bool(bool),
    /// The number exactly as printed.
    Num(Cow<'a, str>),
    Str(Cow<'a, str>),
    Arr(Vec<Val<'a>>),
    Obj(Obj<'a>),
}

/// An object with its keys in file order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Obj<'a> {
    pub fields: Vec<(Cow<'a, str>, Val<'a>)>,
    /// The keys are exactly the parser's expected keys, in order (see [`parse_into`]).
    pub expected_keys: bool,
}

/// Where each looked-up name was last found, keyed by the name's address: rules look fields up by
/// string literals, and bankgen writes every record of a file with the same keys in the same (schema)
/// order, so the hint is almost always right and a lookup is one key comparison. A hint is only a
/// guess (entries may collide or go stale when another file or a nested object is read); it is always
/// verified, and a miss falls back to a search and refreshes it.
static HINTS: [AtomicU64; HINT_SLOTS] = [const { AtomicU64::new(0) }; HINT_SLOTS];
const HINT_SLOTS: usize = 1024;

/// The hint slot and tag of a name: (slot, address << 16).
fn hint_key(key: &str) -> (usize, u64) {
    let addr = key.as_ptr() as usize as u64 ^ ((key.len() as u64) << 40);
    let slot = (addr.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % HINT_SLOTS;
    (slot, addr << 16)
}

/// Byte-string equality without a library call for the short names of records.
#[inline]
pub fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    let w8 = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let w4 = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        // The first and the last eight bytes cover the whole name (they may overlap).
        8..=16 => w8(a, 0) == w8(b, 0) && w8(a, n - 8) == w8(b, n - 8),
        17..=32 => {
            w8(a, 0) == w8(b, 0)
                && w8(a, 8) == w8(b, 8)
                && w8(a, n - 16) == w8(b, n - 16)
                && w8(a, n - 8) == w8(b, n - 8)
        }
        4..=7 => w4(a, 0) == w4(b, 0) && w4(a, n - 4) == w4(b, n - 4),
        _ => a == b,
    }
}

impl<'a> Obj<'a> {
    pub fn new(fields: Vec<(Cow<'a, str>, Val<'a>)>) -> Obj<'a> {
        Obj {
            fields,
            expected_keys: false,
        }
    }

    /// The value of `key` (first occurrence), or None when absent.
    #[inline]
    pub fn get(&self, key: &str) -> Option<&Val<'a>> {
        let (slot, tag) = hint_key(key);
        // Two ways: a name whose slot another name holds uses the neighbouring one.
        for way in [slot, slot ^ 1] {
            let h = HINTS[way].load(Ordering::Relaxed);
            if h & !0xffff == tag {
                if let Some((k, v)) = self.fields.get((h & 0xffff) as usize)
                    && same(k.as_bytes(), key.as_bytes())
                {
                    return Some(v);
                }
                return self.search(key, way, tag);
            }
        }
        self.search(key, slot, tag)
    }

    #[inline(never)]
    fn search(&self, key: &str, slot: usize, tag: u64) -> Option<&Val<'a>> {
        let found = (self.fields.iter()).position(|(k, _)| same(k.as_bytes(), key.as_bytes()))?;
        if found <= 0xffff {
            // Keep another name's hint in `slot` when the neighbouring way is free or stale.
            let way = if HINTS[slot].load(Ordering::Relaxed) & !0xffff == tag {
                slot
            } else if HINTS[slot ^ 1].load(Ordering::Relaxed) == 0 {
                slot ^ 1
            } else {
                slot
            };
            HINTS[way].store(tag | found as u64, Ordering::Relaxed);
        }
        Some(&self.fields[found].1)
    }

    /// The value of `key`, with absent reported as null.
    #[inline]
    pub fn at(&self, key: &str) -> &Val<'a> {
        self.get(key).unwrap_or(&Val::Null)
    }

    /// A string field (None when absent, null or not a string).
    #[inline]
    pub fn str(&self, key: &str) -> Option<&str> {
        self.at(key).as_str()
    }
}

impl<'a> Val<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_num(&self) -> Option<&str> {
        match self {
            Val::Num(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Val::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_arr(&self) -> Option<&[Val<'a>]> {
        match self {
            Val::Arr(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_obj(&self) -> Option<&Obj<'a>> {
        match self {
            Val::Obj(o) => Some(o),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Val::Null)
    }
    /// An integer number (no fraction, no exponent).
    pub fn as_i64(&self) -> Option<i64> {
        self.as_num().and_then(|n| n.parse().ok())
    }

    /// JSON type name for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Null => "null",
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Str(_) => "string",
            Val::Arr(_) => "array",
            Val::Obj(_) => "object",
        }
    }

    /// Converts to a `serde_json::Value` (numbers through their text) for code that reads those.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Val::Null => Value::Null,
            Val::Bool(b) => Value::Bool(*b),
            Val::Num(n) => serde_json::from_str(n).unwrap_or(Value::Null),
            Val::Str(s) => Value::String(s.to_string()),
            Val::Arr(a) => Value::Array(a.iter().map(Val::to_serde).collect()),
            Val::Obj(o) => Value::Object(
                o.fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// A syntax error at a byte column (1-based) of the parsed text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

/// Bytes that end the fast string scan: quote, backslash and control characters.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = true;
        i += 1;
    }
    t[b'"' as usize] = true;
    t[b'\\' as usize] = true;
    t
};

/// The high bit of every byte of a little-endian word that may be a '"', a '\\' or a control byte
/// (< 0x20). The lowest set bit is always exact (the zero-byte test `(x - 0x01..) & !x & 0x80..` may
/// only misfire above a real hit), and the mask is zero iff the word has none of them.
#[inline]
fn special_mask(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let quote = zero(w ^ (ONES * b'"' as u64));
    let backslash = zero(w ^ (ONES * b'\\' as u64));
    let control = w.wrapping_sub(ONES * 0x20) & !w & HIGH;
    quote | backslash | control
}

/// Deepest nesting accepted (records nest at most 3 levels).
const MAX_DEPTH: usize = 32;

/// Parses one complete JSON value (surrounding whitespace allowed).
pub fn parse(text: &str) -> Result<Val<'_>, SyntaxError> {
    parse_into(text, Vec::new(), &[])
}

/// The fields of one object, in file order.
pub type Fields<'a> = Vec<(Cow<'a, str>, Val<'a>)>;

/// [`parse`], with a top-level object's fields stored in `spare` (emptied first): a reader hands the
/// fields of the previous record back, so records cost no allocation of their own. `expected` are the
/// top-level keys a record of the file should have, in order: a key equal to the expected one is taken
/// by one comparison instead of a scan (any other key is parsed as usual, so this only saves time).
pub fn parse_into<'a>(
    text: &'a str,
    mut spare: Fields<'a>,
    expected: &[&'static str],
) -> Result<Val<'a>, SyntaxError> {
    spare.clear();
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: 0,
        spare: Some(spare),
        expected,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err("trailing characters after the value"));
    }
    Ok(v)
}

struct Parser<'a, 'k> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    /// Storage for the top-level object's fields.
    spare: Option<Fields<'a>>,
    /// The expected top-level keys, in order.
    expected: &'k [&'static str],
}

impl<'a> Parser<'a, '_> {
    fn err(&self, message: &str) -> SyntaxError {
        SyntaxError {
            column: self.i + 1,
            message: message.to_string(),
        }
    }

    #[inline]
    fn ws(&mut self) {
        // Records are compact: the common case is one comparison.
        while let Some(&c) = self.b.get(self.i)
            && c <= b' '
            && matches!(c, b' ' | b'\t' | b'\n' | b'\r')
        {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Val<'a>, SyntaxError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        match self.b.get(self.i) {
            None => Err(self.err("unexpected end of input (truncated?)")),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => Ok(Val::Str(self.string()?)),
            Some(b't') => self.literal("true", Val::Bool(true)),
            Some(b'f') => self.literal("false", Val::Bool(false)),
            Some(b'n') => self.literal("null", Val::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn literal(&mut self, word: &str, v: Val<'a>) -> Result<Val<'a>, SyntaxError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("invalid literal"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i].is_ascii_digit() {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Val<'a>, SyntaxError> {
        let start = self.i;
        if self.b[self.i] == b'-' {
            self.i += 1;
        }
        match self.b.get(self.i) {
            Some(b'0') => self.i += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number: no digits after '.'"));
            }
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number: empty exponent"));
            }
        }
        Ok(Val::Num(Cow::Borrowed(&self.s[start..self.i])))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let h = self
            .b
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("truncated \\u escape"))?;
        let text = std::str::from_utf8(h).map_err(|_| self.err("bad \\u escape"))?;
        let v = u32::from_str_radix(text, 16).map_err(|_| self.err("bad \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    #[inline]
    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.i += 1; // opening quote
        let start = self.i;
        // Fast path: no escapes. Find the first '"', '\\' or control byte eight bytes at a time, then
        // byte by byte within the last few bytes of the line.
        loop {
            let Some(chunk) = self.b.get(self.i..self.i + 8) else {
                while self.i < self.b.len() && !SPECIAL[self.b[self.i] as usize] {
                    self.i += 1;
                }
                break;
            };
            let m = special_mask(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
            if m == 0 {
                self.i += 8;
                continue;
            }
            self.i += (m.trailing_zeros() / 8) as usize;
            break;
        }
        match self.b.get(self.i) {
            Some(b'"') => {
                let s = &self.s[start..self.i];
                self.i += 1;
                Ok(Cow::Borrowed(s))
            }
            Some(b'\\') => self.escaped(start),
            Some(_) => Err(self.err("control character in string")),
            None => Err(self.err("unterminated string (truncated?)")),
        }
    }

    /// The rest of a string with escapes, from its first backslash (`self.i`); `start` is its first
    /// byte.
    #[cold]
    #[inline(never)]
    fn escaped(&mut self, start: usize) -> Result<Cow<'a, str>, SyntaxError> {
        let mut out = String::from(&self.s[start..self.i]);
        loop {
            let Some(&c) = self.b.get(self.i) else {
                return Err(self.err("unterminated string (truncated?)"));
            };
            match c {
                b'"' => {
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    self.i += 1;
                    let Some(&e) = self.b.get(self.i) else {
                        return Err(self.err("unterminated escape"));
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if self.b.get(self.i..self.i + 2) != Some(b"\\u") {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.err("bad escape"))?);
                        }
                        _ => return Err(self.err("invalid escape")),
                    }
                }
                c if c < 0x20 => return Err(self.err("control character in string")),
                _ => {
                    // Copy one UTF-8 character (the input is a &str, so boundaries are valid).
                    let len = utf8_len(c);
                    let end = (self.i + len).min(self.b.len());
                    out.push_str(self.s.get(self.i..end).unwrap_or(""));
                    self.i = end;
                }
            }
        }
    }

    /// The expected key of top-level field `at` when the input has exactly it (quotes included) at the
    /// cursor, which then moves past the closing quote.
    #[inline]
    fn expected_key(&mut self, depth: usize, at: usize) -> Option<Cow<'a, str>> {
        if depth != 0 {
            return None;
        }
        let key = self.expected.get(at)?.as_bytes();
        let start = self.i + 1;
        let end = start + key.len();
        if self.b.get(end) == Some(&b'"') && same(&self.b[start..end], key) {
            self.i = end + 1;
            Some(Cow::Borrowed(&self.s[start..end]))
        } else {
            None
        }
    }

    fn array(&mut self, depth: usize) -> Result<Val<'a>, SyntaxError> {
        self.i += 1;
        let mut items = Vec::new();
        self.ws();
        if self.b.get(self.i) == Some(&b']') {
            self.i += 1;
            return Ok(Val::Arr(items));
        }
        loop {
            self.ws();
            items.push(self.value(depth + 1)?);
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(Val::Arr(items));
                }
                None => return Err(self.err("unterminated array (truncated?)")),
                _ => return Err(self.err("expected ',' or ']'")),
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Val<'a>, SyntaxError> {
        self.i += 1;
        let spare = if depth == 0 { self.spare.take() } else { None };
        let mut fields = match spare {
            Some(spare) if spare.capacity() > 0 => spare,
            _ => Vec::with_capacity(if depth == 0 { 40 } else { 8 }),
        };
        self.ws();
        if self.b.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(Val::Obj(Obj::new(fields)));
        }
        let mut taken = 0usize;
        loop {
            self.ws();
            if self.b.get(self.i) != Some(&b'"') {
                return Err(if self.i >= self.b.len() {
                    self.err("unterminated object (truncated?)")
                } else {
                    self.err("expected a key")
                });
            }
            let key = match self.expected_key(depth, fields.len()) {
                Some(k) => {
                    taken += 1;
                    k
                }
                None => self.string()?,
            };
            self.ws();
            if self.b.get(self.i) != Some(&b':') {
                return Err(self.err("expected ':'"));
            }
            self.i += 1;
            self.ws();
            // Most values of a record are strings: skip the dispatch for them.
            let v = if self.b.get(self.i) == Some(&b'"') {
                Val::Str(self.string()?)
            } else {
                self.value(depth + 1)?
            };
            fields.push((key, v));
            self.ws();
            match self.b.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    let expected_keys =
                        depth == 0 && taken == fields.len() && taken == self.expected.len();
                    return Ok(Val::Obj(Obj {
                        fields,
                        expected_keys,
                    }));
                }
                None => return Err(self.err("unterminated object (truncated?)")),
                _ => return Err(self.err("expected ',' or '}'")),
            }
        }
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_records_keeping_number_text_and_key_order() {
        let v = parse(r#"{"b":12.50,"a":"x\"y","c":[1,null,true],"d":{"e":"\u00e9"}}"#).unwrap();
        let o = v.as_obj().unwrap();
        assert_eq!(o.fields[0].0, "b");
        assert_eq!(o.at("b").as_num(), Some("12.50"));
        assert_eq!(o.str("a"), Some("x\"y"));
        assert_eq!(o.at("c").as_arr().unwrap().len(), 3);
        assert_eq!(o.at("d").as_obj().unwrap().str("e"), Some("é"));
        assert!(o.get("zz").is_none());
    }

    #[test]
    fn word_scan_finds_every_special_byte_at_every_position() {
        for len in 0..24 {
            for special in ["\\\"", "\\n", "\\u00e9", "é", "\u{1}", "\""] {
                for at in 0..=len {
                    let body = format!("{}{special}{}", "a".repeat(at), "b".repeat(len - at));
                    let text = format!("[\"{body}\",1]");
                    let ours = parse(&text).ok().map(|v| v.to_serde());
                    let theirs: Option<serde_json::Value> = serde_json::from_str(&text).ok();
                    assert_eq!(ours, theirs, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn rejects_bad_input_without_panicking() {
        for bad in [
            "",
            "{",
            "{\"a\":",
            "[1,",
            "\"abc",
            "01",
            "1.",
            "-",
            "{\"a\" 1}",
            "tru",
            "[1 2]",
            "\"\\u12\"",
            "\"\\ud800\"",
            "{}x",
            &"[".repeat(100),
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
