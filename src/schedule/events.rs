//! What every event file shares (SPEC §5.1): the slice geometry of the run, each file's exact background
//! counts per slice, and the ordering step. A slice's records are drawn unordered (each from RNG index
//! `(slice << 16) | ordinal`), sorted by (timestamp, tie key), and only then given ids by position, so the
//! file is ordered by (timestamp, id) and an id says nothing about how its record was made.

use crate::core::ids::{IdCodec, Namespace, RecordId};
use crate::core::seed::{Rng, StreamKey};
use crate::core::time::Timestamp;
use crate::model::record::Record;
use crate::schedule::slices::{Apportioned, Curve, Slices};

/// An event record: it has a time, a random tie key drawn with it, and receives its id after sorting.
pub trait Event: Record {
    fn timestamp(&self) -> Timestamp;
    fn tie(&self) -> u64;
    fn set_id(&mut self, id: RecordId);
}

/// Implements [`Record`] and [`Event`] for an event record with fields `id`, `tie` and the named
/// timestamp field: `event_record!(Trade, "trades", "trade", trade_date)`.
#[macro_export]
macro_rules! event_record {
    ($ty:ty, $file:literal, $singular:literal, $ts:ident) => {
        impl $crate::model::record::Record for $ty {
            const FILE: &'static str = $file;
            const SINGULAR: &'static str = $singular;
            fn record_id(&self) -> $crate::core::ids::RecordId {
                self.id
            }
        }
        impl $crate::schedule::events::Event for $ty {
            fn timestamp(&self) -> $crate::core::time::Timestamp {
                self.$ts
            }
            fn tie(&self) -> u64 {
                self.tie
            }
            fn set_id(&mut self, id: $crate::core::ids::RecordId) {
                self.id = id;
            }
        }
    };
}

/// The row geometry of an event file over the slices: how many rows precede each slice. Everything a
/// part needs to find its rows, and the slice-length choice needs to bound slices, follows from it.
pub trait Rows: Sync {
    /// Rows before slice `s` (the file's row offset of the slice); `s` may equal `slices.count`.
    fn rows_before(&self, slices: Slices, s: u64) -> u64;

    /// Rows in slice `s`.
    fn count(&self, slices: Slices, s: u64) -> u64 {
        self.rows_before(slices, s + 1) - self.rows_before(slices, s)
    }

    /// All rows of the file.
    fn total_rows(&self, slices: Slices) -> u64 {
        self.rows_before(slices, slices.count)
    }

    /// The largest slice. O(slices).
    fn max_count(&self, slices: Slices) -> u64 {
        (0..slices.count)
            .map(|s| self.count(slices, s))
            .max()
            .unwrap_or(0)
    }

    /// The slice holding row `row` (binary search over the row offsets).
    fn slice_of_row(&self, slices: Slices, row: u64) -> u64 {
        let (mut lo, mut hi) = (0u64, slices.count);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.rows_before(slices, mid + 1) <= row {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

impl Rows for FilePlan {
    /// Records of every kind before slice `s`.
    fn rows_before(&self, slices: Slices, s: u64) -> u64 {
        self.kinds
            .iter()
            .map(|kind| Apportioned::new(&kind.curve, slices, kind.total).before(s))
            .sum()
    }
}

/// One kind of background record of a file (e.g. `pos` transactions): its curve and exact total.
#[derive(Clone, Debug)]
pub struct KindPlan {
    pub curve: Curve,
    pub total: u64,
}

impl KindPlan {
    /// `total` records along `curve`; none when the curve is empty (no time could hold them).
    pub fn new(curve: &Curve, total: u64) -> KindPlan {
        KindPlan {
            curve: curve.clone(),
            total: if curve.is_empty() { 0 } else { total },
        }
    }
}

/// The background plan of one event file: its kinds, in a fixed order.
#[derive(Clone, Debug, Default)]
pub struct FilePlan {
    pub kinds: Vec<KindPlan>,
}

impl FilePlan {
    /// One kind per curve, with the matching total ([`KindPlan::new`]).
    pub fn along(curves: &[Curve], totals: Vec<u64>) -> FilePlan {
        FilePlan {
            kinds: curves
                .iter()
                .zip(totals)
                .map(|(curve, total)| KindPlan::new(curve, total))
                .collect(),
        }
    }

    /// Records of kind `k` in slice `s`.
    #[inline]
    pub fn kind_count(&self, slices: Slices, k: usize, s: u64) -> u64 {
        let kind = &self.kinds[k];
        Apportioned::new(&kind.curve, slices, kind.total).count(s)
    }

    pub fn total(&self) -> u64 {
        self.kinds.iter().map(|k| k.total).sum()
    }

    /// Draws the background records of slice `s`, kind by kind: `draw(k, ts, rng)` gets each record's
    /// RNG (stream `key` at index `(s << 16) | ordinal`, ordinals counted across kinds) after its first
    /// draw placed `ts` on kind `k`'s curve inside the slice. Returns the next free ordinal.
    pub fn draw_slice(
        &self,
        key: &StreamKey,
        slices: Slices,
        s: u64,
        mut draw: impl FnMut(usize, Timestamp, &mut Rng),
    ) -> u64 {
        let (from, to) = slices.bounds(s);
        let mut ordinal = 0u64;
        for (k, kind) in self.kinds.iter().enumerate() {
            let n = self.kind_count(slices, k, s);
            let curve = &kind.curve;
            let (lo, hi) = (curve.cumulative(from), curve.cumulative(to));
            for _ in 0..n {
                let mut rng = key.rng((s << 16) | ordinal);
                ordinal += 1;
                let ts = curve.invert(lo + rng.below((hi - lo) as u64) as i128);
                draw(k, ts, &mut rng);
            }
        }
        ordinal
    }
}

/// Orders a slice's records by (timestamp, tie) and hands out ids by position; returns the order (record
/// indices, first to last) so callers can emit the records without moving them. Within a run of equal
/// timestamps the run's ids are sorted ascending before being handed out, so the file is strictly ordered
/// by (timestamp, id).
pub fn order_and_number<R: Event>(
    records: &mut [R],
    ids: &IdCodec,
    ns: Namespace,
    slice: u64,
) -> Vec<u32> {
    let mut order: Vec<u32> = (0..records.len() as u32).collect();
    order.sort_unstable_by_key(|&i| {
        let r = &records[i as usize];
        (r.timestamp(), r.tie())
    });
    let mut start = 0;
    let mut run_ids: Vec<RecordId> = Vec::new();
    while start < order.len() {
        let ts = records[order[start] as usize].timestamp();
        let mut end = start + 1;
        while end < order.len() && records[order[end] as usize].timestamp() == ts {
            end += 1;
        }
        run_ids.clear();
        run_ids.extend((start..end).map(|pos| ids.make(ns, (slice << 16) | pos as u64)));
        run_ids.sort_unstable_by_key(|id| id.value);
        for (&i, id) in order[start..end].iter().zip(&run_ids) {
            records[i as usize].set_id(*id);
        }
        start = end;
    }
    order
}

/// Test support: every slice holds exactly the plan's count, every record lies inside its slice;
/// returns the records over all slices.
#[cfg(test)]
pub(crate) fn assert_slices_follow_plan<R: Event>(
    plan: &dyn Rows,
    slices: Slices,
    per_slice: &[Vec<R>],
) -> u64 {
    for (s, records) in per_slice.iter().enumerate() {
        assert_eq!(
            records.len() as u64,
            plan.count(slices, s as u64),
            "slice {s}"
        );
        let (from, to) = slices.bounds(s as u64);
        assert!(
            records.iter().all(|r| (from..to).contains(&r.timestamp())),
            "slice {s}: a record outside its slice"
        );
    }
    per_slice.iter().map(|r| r.len() as u64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{FieldWriter, Fields};

    #[derive(Default, Clone)]
    struct Tick {
        id: RecordId,
        ts: Timestamp,
        tie: u64,
    }
    impl Fields for Tick {
        fn write_fields<W: FieldWriter>(&self, w: &mut W) {
            w.id("id", Some(self.id));
        }
    }
    impl Record for Tick {
        const FILE: &'static str = "ticks";
        const SINGULAR: &'static str = "tick";
        fn record_id(&self) -> RecordId {
            self.id
        }
    }
    impl Event for Tick {
        fn timestamp(&self) -> Timestamp {
            self.ts
        }
        fn tie(&self) -> u64 {
            self.tie
        }
        fn set_id(&mut self, id: RecordId) {
            self.id = id;
        }
    }

    #[test]
    fn files_are_ordered_by_time_then_id() {
        let ids = IdCodec::new(9);
        let mut ticks: Vec<Tick> = (0..500u64)
            .map(|i| Tick {
                ts: (i * 7919 % 37) as i64,
                tie: crate::core::seed::mix64(i),
                ..Default::default()
            })
            .collect();
        let order = order_and_number(&mut ticks, &ids, Namespace::Transaction, (1 << 24) - 1);
        let ticks: Vec<Tick> = order.iter().map(|&i| ticks[i as usize].clone()).collect();
        for pair in ticks.windows(2) {
            assert!((pair[0].ts, pair[0].id.value) < (pair[1].ts, pair[1].id.value));
        }
        let mut positions: Vec<u64> = ticks
            .iter()
            .map(|t| ids.decode(t.id.value).unwrap().1 & 0xffff)
            .collect();
        positions.sort_unstable();
        assert_eq!(
            positions,
            (0..500).collect::<Vec<_>>(),
            "positions are a contiguous range"
        );
        let (ns, index) = ids.decode(ticks[0].id.value).unwrap();
        assert_eq!((ns, index >> 16), (Namespace::Transaction, (1 << 24) - 1));
    }

    #[test]
    fn row_offsets_locate_slices() {
        let curve = Curve::from_minutes(&vec![1; 7 * 24 * 60]);
        let plan = FilePlan {
            kinds: vec![
                KindPlan {
                    curve: curve.clone(),
                    total: 1_000,
                },
                KindPlan { curve, total: 333 },
            ],
        };
        let slices = Slices::new(0, 10, 3_600);
        assert_eq!(plan.rows_before(slices, slices.count), 1_333);
        for row in [0, 1, 555, 1_332] {
            let s = plan.slice_of_row(slices, row);
            assert!(plan.rows_before(slices, s) <= row && row < plan.rows_before(slices, s + 1));
        }
    }
}
