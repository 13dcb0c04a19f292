//! The k-way merge of the event files (SPEC §13): each file's records of a slice are already in
//! (timestamp, id) order, and the merge interleaves them by (timestamp, entity type, id). Slices cover
//! disjoint, increasing time ranges, so merging slice by slice merges the whole files.

use crate::core::ids::RecordId;
use crate::core::time::Timestamp;

/// The merge key of one event: time, then the entity type's stream order, then the id.
pub type MergeKey = (Timestamp, u8, RecordId);

/// Positions of `keys` in merged order, where `runs[i]` is the (sorted) range of keys of run `i`.
/// Equal keys keep run order; with at most a handful of runs a linear scan for the smallest head
/// beats a heap.
pub fn merge_runs(keys: &[MergeKey], runs: &[std::ops::Range<usize>]) -> Vec<usize> {
    let mut heads: Vec<std::ops::Range<usize>> =
        runs.iter().filter(|r| !r.is_empty()).cloned().collect();
    let mut order = Vec::with_capacity(keys.len());
    while !heads.is_empty() {
        let mut best = 0;
        for (i, head) in heads.iter().enumerate().skip(1) {
            if keys[head.start] < keys[heads[best].start] {
                best = i;
            }
        }
        order.push(heads[best].start);
        heads[best].start += 1;
        if heads[best].is_empty() {
            heads.remove(best);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(ts: i64, kind: u8, value: u64) -> MergeKey {
        (
            ts,
            kind,
            RecordId {
                prefix: "TXN",
                value,
            },
        )
    }

    #[test]
    fn merges_sorted_runs_into_one_sorted_order() {
        let keys = vec![
            key(1, 0, 5),
            key(3, 0, 1),
            key(9, 0, 2),
            key(1, 1, 4),
            key(3, 1, 0),
            key(2, 2, 7),
        ];
        let order = merge_runs(&keys, &[0..3, 3..5, 5..5, 5..6]);
        let merged: Vec<MergeKey> = order.iter().map(|&i| keys[i]).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(merged, sorted);
        assert_eq!(order.len(), keys.len());
    }
}
