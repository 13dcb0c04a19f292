//! RFC 5322 `addr-spec` e-mail addresses (dot-atom local part and domain, ASCII only, local part ≤ 64).
//!
//! Local parts come from the person's name folded to ASCII by a fixed transliteration table (é→e, ß→ss,
//! ø→o, ł→l, …). Names in scripts without an ASCII folding (Japanese, Chinese, Arabic, Persian, …) get a
//! `{word}{2–4 digits}` local part instead of a romanisation, which a fixed table cannot do well.

use crate::core::seed::Rng;

/// Transliteration of lowercase Latin letters with diacritics (Latin-1 Supplement and Latin Extended-A,
/// plus the Romanian comma-below letters). Sorted by character for binary search.
static FOLDING: &[(char, &str)] = &[
    ('ß', "ss"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ð', "d"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('þ', "th"),
    ('ÿ', "y"),
    ('ā', "a"),
    ('ă', "a"),
    ('ą', "a"),
    ('ć', "c"),
    ('ĉ', "c"),
    ('ċ', "c"),
    ('č', "c"),
    ('ď', "d"),
    ('đ', "d"),
    ('ē', "e"),
    ('ĕ', "e"),
    ('ė', "e"),
    ('ę', "e"),
    ('ě', "e"),
    ('ĝ', "g"),
    ('ğ', "g"),
    ('ġ', "g"),
    ('ģ', "g"),
    ('ĥ', "h"),
    ('ħ', "h"),
    ('ĩ', "i"),
    ('ī', "i"),
    ('ĭ', "i"),
    ('į', "i"),
    ('ı', "i"),
    ('ĳ', "ij"),
    ('ĵ', "j"),
    ('ķ', "k"),
    ('ĺ', "l"),
    ('ļ', "l"),
    ('ľ', "l"),
    ('ŀ', "l"),
    ('ł', "l"),
    ('ń', "n"),
    ('ņ', "n"),
    ('ň', "n"),
    ('ō', "o"),
    ('ŏ', "o"),
    ('ő', "o"),
    ('œ', "oe"),
    ('ŕ', "r"),
    ('ŗ', "r"),
    ('ř', "r"),
    ('ś', "s"),
    ('ŝ', "s"),
    ('ş', "s"),
    ('š', "s"),
    ('ţ', "t"),
    ('ť', "t"),
    ('ŧ', "t"),
    ('ũ', "u"),
    ('ū', "u"),
    ('ŭ', "u"),
    ('ů', "u"),
    ('ű', "u"),
    ('ų', "u"),
    ('ŵ', "w"),
    ('ŷ', "y"),
    ('ź', "z"),
    ('ż', "z"),
    ('ž', "z"),
    ('ș', "s"),
    ('ț', "t"),
];

/// Words for the local part of names without an ASCII folding.
static WORDS: &[&str] = &[
    "amber", "apple", "arrow", "aurora", "autumn", "blue", "breeze", "bright", "cedar", "cherry",
    "cloud", "comet", "coral", "crystal", "dawn", "delta", "dragon", "eagle", "ember", "falcon",
    "forest", "garden", "golden", "harbor", "hazel", "island", "jade", "lake", "lotus", "lucky",
    "maple", "meadow", "moon", "morning", "ocean", "orchid", "panda", "pearl", "phoenix", "pine",
    "planet", "rain", "river", "rose", "ruby", "sakura", "silver", "sky", "snow", "spring", "star",
    "stone", "summer", "sun", "swift", "tiger", "valley", "wave", "willow", "winter",
];

/// Reserved domains (RFC 2606) and sub-domains, with weights.
static RESERVED_DOMAINS: &[(&str, u32)] = &[
    ("example.com", 40),
    ("example.net", 20),
    ("example.org", 20),
    ("mail.example.com", 8),
    ("post.example.net", 6),
    ("inbox.example.org", 6),
];

/// Free-mail providers for `email_domains = "realistic"`, with weights.
static FREE_MAIL_DOMAINS: &[(&str, u32)] = &[
    ("gmail.com", 40),
    ("yahoo.com", 14),
    ("outlook.com", 12),
    ("hotmail.com", 10),
    ("icloud.com", 8),
    ("aol.com", 3),
    ("proton.me", 3),
    ("gmx.com", 3),
    ("mail.com", 3),
    ("zoho.com", 2),
    ("yandex.com", 2),
];

const MAX_FIRST: usize = 20;
const MAX_LAST: usize = 30;

/// Appends the ASCII folding of `name` (lowercase letters and digits only, at most `max` bytes) to `out`.
/// Returns false, leaving `out` in an unspecified state, when a letter has no folding.
fn fold_into(name: &str, out: &mut String, max: usize) -> bool {
    let start = out.len();
    for upper in name.chars() {
        for c in upper.to_lowercase() {
            if c.is_ascii_alphanumeric() {
                if out.len() - start < max {
                    out.push(c);
                }
            } else if c.is_ascii() || ('\u{300}'..='\u{36f}').contains(&c) || !c.is_alphanumeric() {
                // Spaces, apostrophes, hyphens, punctuation and combining accents are dropped.
            } else if let Ok(i) = FOLDING.binary_search_by(|(k, _)| k.cmp(&c)) {
                let folded = FOLDING[i].1;
                if out.len() - start + folded.len() <= max {
                    out.push_str(folded);
                }
            } else {
                return false;
            }
        }
    }
    true
}

/// The ASCII folding of a name, or None when it has letters the table cannot fold.
pub fn fold(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    fold_into(name, &mut out, usize::MAX).then_some(out)
}

/// `{word}{2–4 digits}`: the local part of a name without an ASCII folding.
fn push_word_local(out: &mut String, rng: &mut Rng) {
    out.push_str(WORDS[rng.index(WORDS.len())]);
    let width = rng.between(2, 4) as usize;
    let low = 10u64.pow(width as u32 - 1);
    super::push_digits(
        out,
        rng.between(low as i64, (low * 10 - 1) as i64) as u64,
        width,
    );
}

/// Appends a `first` / `last` local part; false when either name has no ASCII folding (or folds to nothing).
fn push_name_local(out: &mut String, first: &str, last: &str, style: u32, rng: &mut Rng) -> bool {
    let mut f = String::with_capacity(MAX_FIRST);
    let mut l = String::with_capacity(MAX_LAST);
    if !fold_into(first, &mut f, MAX_FIRST)
        || !fold_into(last, &mut l, MAX_LAST)
        || f.is_empty()
        || l.is_empty()
    {
        return false;
    }
    match style {
        0 => {
            out.push_str(&f);
            out.push('.');
            out.push_str(&l);
        }
        1 => {
            out.push_str(&f);
            out.push_str(&l);
        }
        2 => {
            out.push_str(&f[..1]);
            out.push('.');
            out.push_str(&l);
        }
        3 => {
            out.push_str(&f);
            out.push('_');
            out.push_str(&l);
        }
        4 => {
            out.push_str(&l);
            out.push('.');
            out.push_str(&f);
        }
        _ => {
            out.push_str(&f);
            out.push('.');
            out.push_str(&l);
            let n = rng.between(1, 999) as u64;
            out.push_str(itoa::Buffer::new().format(n));
        }
    }
    true
}

/// Local-part styles for personal addresses: first.last, firstlast, f.last, first_last, last.first,
/// first.last{1–999}.
const PERSONAL_STYLES: &[(u32, u32)] = &[(0, 40), (1, 15), (2, 10), (3, 10), (4, 5), (5, 20)];

/// A personal address from a name (ASCII-folded; `{word}{digits}` when the name has no folding).
/// `reserved` picks example.com/net/org domains, otherwise a fixed free-mail list.
pub fn person(first: &str, last: &str, reserved: bool, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(64);
    let style = rng.weighted_item(PERSONAL_STYLES);
    if !push_name_local(&mut out, first, last, style, rng) {
        out.clear();
        push_word_local(&mut out, rng);
    }
    out.push('@');
    out.push_str(rng.weighted_item(if reserved {
        RESERVED_DOMAINS
    } else {
        FREE_MAIL_DOMAINS
    }));
    out
}

/// A work address at a company slug domain: `{first}.{last}@{slug}.example` (`{word}{digits}` when the
/// name has no ASCII folding).
pub fn work(first: &str, last: &str, company_slug: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(40 + company_slug.len());
    if !push_name_local(&mut out, first, last, 0, rng) {
        out.clear();
        push_word_local(&mut out, rng);
    }
    out.push('@');
    out.push_str(company_slug);
    out.push_str(".example");
    out
}

/// `info@{slug}.example`.
pub fn company(slug: &str) -> String {
    format!("info@{slug}.example")
}

/// Longest DNS label.
const MAX_LABEL: usize = 63;

/// A lowercase ASCII slug of a company name for domains and websites: the folded letters and digits,
/// at most 63 characters. A name without an ASCII folding gets `org` + 12 hex digits of its FNV hash,
/// so the slug is still a stable function of the name.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(MAX_LABEL));
    if !fold_into(name, &mut out, MAX_LABEL) || out.is_empty() {
        out.clear();
        out.push_str("org");
        let hash = crate::core::seed::fnv1a64(name) & 0xffff_ffff_ffff;
        for shift in (0..12).rev() {
            out.push(char::from(
                b"0123456789abcdef"[((hash >> (shift * 4)) & 0xf) as usize],
            ));
        }
    }
    out
}

/// Why an address is not an RFC 5322 dot-atom `addr-spec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    /// Not exactly one `@`, or non-ASCII.
    Shape,
    /// Local part empty, longer than 64, or not a dot-atom.
    LocalPart,
    /// Domain not a dot-atom of at least two hostname labels (letters, digits, inner hyphens, ≤ 63 each,
    /// ≤ 253 in total).
    Domain,
}

/// RFC 5322 `atext`.
fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~".contains(&b)
}

/// `1*atext *("." 1*atext)`: no empty atoms, so no leading, trailing or doubled dots.
fn is_dot_atom(s: &[u8], atext: impl Fn(u8) -> bool) -> bool {
    !s.is_empty()
        && s.split(|&b| b == b'.')
            .all(|atom| !atom.is_empty() && atom.iter().all(|&b| atext(b)))
}

/// The dot-atom form of `addr-spec` (quoted local parts and domain literals are not accepted: bankgen
/// never writes them), with the domain restricted to hostnames as mail systems require.
pub fn check(email: &str) -> Result<(), Invalid> {
    if !email.is_ascii() || email.len() > 254 {
        return Err(Invalid::Shape);
    }
    let (local, domain) = email.split_once('@').ok_or(Invalid::Shape)?;
    if domain.contains('@') {
        return Err(Invalid::Shape);
    }
    if local.len() > 64 || !is_dot_atom(local.as_bytes(), is_atext) {
        return Err(Invalid::LocalPart);
    }
    let host_char = |b: u8| b.is_ascii_alphanumeric() || b == b'-';
    let labels_ok = domain
        .split('.')
        .all(|label| label.len() <= MAX_LABEL && !label.starts_with('-') && !label.ends_with('-'));
    if domain.len() > 253
        || !domain.contains('.')
        || !is_dot_atom(domain.as_bytes(), host_char)
        || !labels_ok
    {
        return Err(Invalid::Domain);
    }
    Ok(())
}

pub fn is_valid(email: &str) -> bool {
    check(email).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::seed::StreamKey;

    #[test]
    fn folding_table_is_sorted_lowercase_ascii() {
        for pair in FOLDING.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{:?}", pair[1]);
        }
        for (c, folded) in FOLDING {
            assert!(c.is_lowercase() && !c.is_ascii());
            assert!(folded.bytes().all(|b| b.is_ascii_lowercase()));
        }
    }

    #[test]
    fn folds_latin_names_and_refuses_other_scripts() {
        assert_eq!(
            fold("Zoë Ørsted-Straße").as_deref(),
            Some("zoeorstedstrasse")
        );
        assert_eq!(fold("Łukasz Wąsowski").as_deref(), Some("lukaszwasowski"));
        assert_eq!(fold("Ștefan Çelik").as_deref(), Some("stefancelik"));
        assert_eq!(fold("O'Brien"), Some("obrien".into()));
        assert_eq!(fold("İbrahim").as_deref(), Some("ibrahim"));
        for name in ["山田", "王伟", "محمد", "مریم", "Иван"] {
            assert_eq!(fold(name), None, "{name}");
        }
    }

    #[test]
    fn rfc_5322_vectors() {
        for ok in [
            "simple@example.com",
            "very.common@example.com",
            "x@example.com",
            "disposable.style.email.with+symbol@example.com",
            "other.email-with-hyphen@example.com",
            "user.name+tag+sorting@example.com",
            "example-indeed@strange-example.com",
            "!#$%&'*+-/=?^_`{}|~@example.org",
            "user@mail.example.com",
        ] {
            assert_eq!(check(ok), Ok(()), "{ok}");
        }
        let long_local = format!("{}@example.com", "a".repeat(65));
        for (bad, why) in [
            ("Abc.example.com", Invalid::Shape),
            ("A@b@c@example.com", Invalid::Shape),
            ("josé@example.com", Invalid::Shape),
            (".john@example.com", Invalid::LocalPart),
            ("john.@example.com", Invalid::LocalPart),
            ("john..doe@example.com", Invalid::LocalPart),
            ("a\"b(c)d,e:f;g<h>i[j\\k]l@example.com", Invalid::LocalPart),
            ("just\"not\"right@example.com", Invalid::LocalPart),
            ("this is\"not\\allowed@example.com", Invalid::LocalPart),
            ("@example.com", Invalid::LocalPart),
            (&long_local, Invalid::LocalPart),
            ("john@localhost", Invalid::Domain),
            ("john@-example.com", Invalid::Domain),
            ("john@example..com", Invalid::Domain),
            ("john@example.com.", Invalid::Domain),
            ("john@exa_mple.com", Invalid::Domain),
            ("john@[192.168.0.1]", Invalid::Domain),
        ] {
            assert_eq!(check(bad), Err(why), "{bad}");
        }
    }

    #[test]
    fn generated_addresses_are_valid() {
        let key = StreamKey::new(5, "test.email");
        let names = [
            ("Zoë", "Ørsted"),
            ("Jean-Luc", "de la Tour d'Auvergne"),
            ("Hans", "Großmann"),
            ("太郎", "山田"),
            ("محمد", "العلي"),
            ("Mary", "Smith"),
            ("A", "B"),
            (
                "Maximiliana-Theodora-Wilhelmina",
                "Vandersteenhoven-Oppenheimer-Rothschild-Schwarzenegger",
            ),
        ];
        for i in 0..400u64 {
            let (first, last) = names[i as usize % names.len()];
            let rng = &mut key.rng(i);
            for reserved in [true, false] {
                let email = person(first, last, reserved, rng);
                assert_eq!(check(&email), Ok(()), "{email}");
                let domain = email.split_once('@').unwrap().1;
                assert_eq!(
                    domain.ends_with("example.com")
                        || domain.ends_with("example.net")
                        || domain.ends_with("example.org"),
                    reserved,
                    "{email}"
                );
            }
            let email = work(first, last, &slug("Müller & Söhne GmbH"), rng);
            assert_eq!(check(&email), Ok(()), "{email}");
            assert!(email.ends_with("@mullersohnegmbh.example"));
        }
    }

    #[test]
    fn unfoldable_names_use_word_and_digits() {
        let key = StreamKey::new(5, "test.email");
        for i in 0..200 {
            let email = person("太郎", "山田", true, &mut key.rng(i));
            let local = email.split_once('@').unwrap().0;
            let digits = local.bytes().rev().take_while(u8::is_ascii_digit).count();
            assert!((2..=4).contains(&digits), "{email}");
            assert!(WORDS.contains(&&local[..local.len() - digits]), "{email}");
        }
        let email = person("Mary", "Smith", true, &mut key.rng(0));
        assert!(
            email.contains("mary") || email.contains("m.smith"),
            "{email}"
        );
    }

    #[test]
    fn slugs_are_dns_labels() {
        assert_eq!(slug("Acme Holdings, Ltd."), "acmeholdingsltd");
        assert_eq!(company(&slug("Acme")), "info@acme.example");
        let cjk = slug("株式会社山田");
        assert!(cjk.starts_with("org") && cjk.len() == 15);
        assert_eq!(cjk, slug("株式会社山田"));
        assert_ne!(cjk, slug("王氏集团"));
        assert!(slug(&"Long Name ".repeat(20)).len() <= 63);
        assert!(is_valid(&company(&slug(&"Long Name ".repeat(20)))));
    }
}
