//! Run-wide tables built in parallel: `f` over consecutive index ranges on a few threads, the results in
//! range order. Used for the facts tables (accounts, companies) a run computes once; each result is a
//! pure function of its range, so the thread count never changes a table.

use std::ops::Range;
use std::sync::Mutex;

/// `f(range)` for the ranges of `chunk` indices covering `0..n`, on `threads` threads, in range order.
pub fn map_ranges<R: Send>(
    n: u64,
    chunk: u64,
    threads: usize,
    f: impl Fn(Range<u64>) -> R + Sync,
) -> Vec<R> {
    let chunk = chunk.max(1);
    let count = n.div_ceil(chunk) as usize;
    let next = Mutex::new(0usize);
    let done: Mutex<Vec<Option<R>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, count.max(1)) {
            scope.spawn(|| {
                loop {
                    let k = {
                        let mut next = next.lock().unwrap_or_else(|e| e.into_inner());
                        let k = *next;
                        *next += 1;
                        k
                    };
                    if k >= count {
                        break;
                    }
                    let lo = k as u64 * chunk;
                    let result = f(lo..(lo + chunk).min(n));
                    done.lock().unwrap_or_else(|e| e.into_inner())[k] = Some(result);
                }
            });
        }
    });
    done.into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .flatten()
        .collect()
}

/// The most memory one per-entity table ([`super::account_table`], [`super::company_table`]) may take.
/// A larger population derives its cores on demand as before (the same bytes), so a run's memory stays
/// bounded as the dataset grows (SPEC §15.1 P-4). 64 MiB holds the 4 M accounts (32 MB) and 400 k
/// companies (about 21 MB) of `--persons 2000000`, whose pattern planner probes accounts at random
/// and spent most of its time deriving their cores without the tables; up to 8 M accounts get one.
pub const MAX_TABLE_BYTES: u64 = 64 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_come_back_in_order_for_any_thread_count() {
        let sums = |threads| map_ranges(1_000, 7, threads, |r| r.sum::<u64>());
        let one = sums(1);
        assert_eq!(one.len(), 143);
        assert_eq!(one.iter().sum::<u64>(), 999 * 1_000 / 2);
        assert_eq!(one, sums(2));
        assert_eq!(one, sums(5));
        assert!(map_ranges(0, 7, 3, |r| r.count()).is_empty());
    }
}
