//! ID-1..4 (SPEC §4.1, §12): id shape `PREFIX-` + 16 lowercase hex with the file's prefix (ID-1); the id
//! decodes with the manifest seed to the file's namespace and a valid index (ID-2); entity rows hold
//! indices in row order from the part's offset, relationship indices strictly increase (ID-3); event
//! files are strictly increasing in (timestamp, id), each record's slice is its timestamp's slice, and the
//! positions of every run of equal timestamps continue the slice's contiguous range (ID-4). Together
//! these prove uniqueness without an id set. Per-record checks run in parallel; [`Order`] runs the
//! sequential checks over the order keys in file order.

use crate::core::ids::Namespace;
use crate::run::tables::FileKind;
use crate::schedule::slices::MAX_SLICE_RECORDS;
use crate::validate::findings::Findings;
use crate::validate::state::{Key, ManCtx, Out, Rec};

/// Checks the record's own id and records its order key.
pub fn check(r: &Rec<'_, '_>, out: &mut Out, f: &mut Findings) {
    let entity = r.file.entity;
    let Some(ns) = entity.ns else { return };
    let (Some(codec), Some(man)) = (r.ctx.codec.as_ref(), r.ctx.man.as_ref()) else {
        return;
    };
    let Some(text) = r.obj.str("id") else { return };
    let Some((prefix_ns, value)) = crate::core::text::parse_id(text).filter(|(p, _)| *p == ns)
    else {
        r.error(f, "ID-1", || {
            format!("id {text:?} is not {}-<16 lowercase hex>", ns.prefix())
        });
        return;
    };
    let _ = prefix_ns;
    let Some((decoded, index)) = codec.decode(value).filter(|(d, _)| *d == ns) else {
        r.error(f, "ID-2", || {
            format!(
                "id {text} does not decode to a {} index with the manifest seed",
                ns.prefix()
            )
        });
        return;
    };
    let _ = decoded;
    let valid = match entity.kind {
        FileKind::Rows => man
            .totals
            .get(entity.stem)
            .or_else(|| man.count(ns))
            .is_none_or(|total| index < total),
        FileKind::Events => {
            let (slice, pos) = (index >> 16, index & 0xffff);
            pos < MAX_SLICE_RECORDS && man.slices().is_none_or(|n| slice < n)
        }
        FileKind::Relationships => (index >> 8) < man.persons + man.companies,
        FileKind::Members => true,
    };
    if !valid {
        r.error(f, "ID-2", || {
            format!("id {text} decodes to index {index}, outside the dataset")
        });
        return;
    }
    let ts = entity
        .time_field
        .and_then(|t| r.timestamp(t))
        .unwrap_or(i64::MIN);
    out.keys.push(Key {
        line: r.line,
        ts,
        value,
        index,
    });
}

/// Sequential order state of one entity's stream of files (parts in order).
pub struct Order {
    kind: FileKind,
    /// Rows: the next expected index.
    next_index: Option<u64>,
    prev: Option<Key>,
    /// Events: positions used so far in the current slice, and the current equal-timestamp run.
    slice_next: Option<(u64, u64)>,
    run: Vec<Key>,
    /// The current run may be cut by a part boundary (first or last run of a part file).
    lenient_start: bool,
    slice_seconds: Option<u32>,
    start: i64,
}

impl Order {
    pub fn new(kind: FileKind, man: &ManCtx) -> Order {
        Order {
            kind,
            next_index: None,
            prev: None,
            slice_next: None,
            run: Vec::new(),
            lenient_start: false,
            slice_seconds: man.slice_seconds,
            start: man.start,
        }
    }

    /// A new part file begins: `offset` is its first row; `continues` when it directly follows the
    /// previous part in this stream.
    pub fn begin_file(&mut self, offset: u64, continues: bool) {
        if !continues {
            self.next_index = Some(offset);
            self.prev = None;
            self.slice_next = None;
            self.run.clear();
            self.lenient_start = offset > 0;
        } else if self.next_index.is_none() {
            self.next_index = Some(offset);
        }
    }

    pub fn key(&mut self, k: Key, label: &str, f: &mut Findings) {
        match self.kind {
            FileKind::Rows => {
                let expected = self.next_index.unwrap_or(0);
                if k.index != expected {
                    // The row is blamed on its own line: the earlier row it repeats is the original.
                    f.error("ID-3", label, k.line, || {
                        if k.index + 1 == expected {
                            format!("row repeats the previous row's id (index {}): a duplicate row", k.index)
                        } else {
                            format!("row holds index {}, expected {expected} (rows out of order or missing)", k.index)
                        }
                    });
                }
                self.next_index = Some(k.index + 1);
            }
            FileKind::Relationships => {
                if let Some(p) = self.prev
                    && k.index <= p.index
                {
                    f.error("ID-3", label, k.line, || {
                        format!("relationship index {} does not follow {}", k.index, p.index)
                    });
                }
                self.prev = Some(k);
            }
            FileKind::Events => self.event(k, label, f),
            FileKind::Members => {}
        }
    }

    fn event(&mut self, k: Key, label: &str, f: &mut Findings) {
        if let Some(p) = self.prev
            && (k.ts, k.value) <= (p.ts, p.value)
        {
            f.error("ID-4", label, k.line, || {
                if (k.ts, k.value) == (p.ts, p.value) {
                    "record repeats the previous record's id and timestamp: a duplicate record"
                        .into()
                } else {
                    "record is not after the previous one in (timestamp, id) order".into()
                }
            });
            // Order is broken: restart the slice bookkeeping here.
            self.prev = Some(k);
            self.run.clear();
            self.slice_next = None;
            self.lenient_start = true;
            self.run.push(k);
            return;
        }
        let slice = k.index >> 16;
        if let Some(len) = self.slice_seconds
            && len > 0
            && k.ts != i64::MIN
        {
            let expected = (k.ts - self.start).div_euclid(len as i64);
            if expected != slice as i64 {
                f.error("ID-4", label, k.line, || {
                    format!("id slice {slice} is not the slice {expected} of its timestamp")
                });
            }
        }
        let same_run = self
            .run
            .last()
            .is_some_and(|p| p.ts == k.ts && (p.index >> 16) == slice);
        if !same_run {
            self.close_run(label, f, false);
        }
        self.run.push(k);
        self.prev = Some(k);
    }

    /// Checks that the finished run of equal timestamps holds the next contiguous positions.
    fn close_run(&mut self, label: &str, f: &mut Findings, at_end: bool) {
        if self.run.is_empty() {
            return;
        }
        let slice = self.run[0].index >> 16;
        let positions = self.run.iter().map(|k| k.index & 0xffff);
        let (lo, hi) = positions.fold((u64::MAX, 0), |(lo, hi), p| (lo.min(p), hi.max(p)));
        let n = self.run.len() as u64;
        let lenient = std::mem::take(&mut self.lenient_start) || at_end;
        let expected_lo = match self.slice_next {
            Some((s, next)) if s == slice => Some(next),
            _ if lenient => None,
            _ => Some(0),
        };
        let contiguous = hi - lo + 1 == n;
        let starts_right = expected_lo.is_none_or(|e| e == lo);
        if !(starts_right && (contiguous || lenient)) {
            let line = self.run[0].line;
            f.error("ID-4", label, line, || {
                format!(
                    "positions {lo}..={hi} of {n} record(s) at one timestamp in slice {slice} are not the next contiguous range"
                )
            });
        }
        self.slice_next = Some((slice, hi + 1));
        self.run.clear();
    }

    /// End of the stream (or of a part that the next part does not continue).
    pub fn end(&mut self, label: &str, f: &mut Findings, cut: bool) {
        if self.kind == FileKind::Events {
            self.close_run(label, f, cut);
        }
    }
}

/// Namespaces an id text may name, for messages.
pub fn prefixes(allowed: &[Namespace]) -> String {
    allowed
        .iter()
        .map(|n| n.prefix())
        .collect::<Vec<_>>()
        .join("/")
}
