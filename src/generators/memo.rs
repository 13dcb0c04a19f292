//! Per-thread memo tables for the core facts of entities (an account's owner, currency and status, a
//! person's country and risk, …). Event generators ask for the same hub accounts again and again (their
//! parties are Zipf-weighted), and each core is a pure function of (run, index), so remembering recent
//! answers changes no byte of output: it only skips recomputing them.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

/// A process-wide id for each generation context, so a memo never serves one run's facts to another.
pub fn next_run_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A direct-mapped table of `(run, index) → value`.
pub struct Memo<T> {
    slots: Vec<Option<(u64, u64, T)>>,
}

impl<T: Clone> Memo<T> {
    pub fn new(size_log2: u32) -> Memo<T> {
        Memo {
            slots: (0..1usize << size_log2).map(|_| None).collect(),
        }
    }
}

/// Looks `index` up in a thread-local memo, computing it on a miss. The memo is released while
/// `compute` runs, so computations may consult other memos (or this one) freely.
pub fn cached<T: Clone + 'static>(
    memo: &'static std::thread::LocalKey<RefCell<Memo<T>>>,
    run: u64,
    index: u64,
    compute: impl FnOnce() -> T,
) -> T {
    let hit = memo.with(|m| {
        let m = m.borrow();
        let slot =
            (crate::core::seed::mix64(index ^ run.rotate_left(32)) as usize) & (m.slots.len() - 1);
        match &m.slots[slot] {
            Some((r, i, value)) if *r == run && *i == index => Some(value.clone()),
            _ => None,
        }
    });
    if let Some(value) = hit {
        return value;
    }
    let value = compute();
    memo.with(|m| {
        let mut m = m.borrow_mut();
        let slot =
            (crate::core::seed::mix64(index ^ run.rotate_left(32)) as usize) & (m.slots.len() - 1);
        m.slots[slot] = Some((run, index, value.clone()));
    });
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SQUARES: RefCell<Memo<u64>> = RefCell::new(Memo::new(4));
    }

    #[test]
    fn answers_equal_the_computation_and_runs_are_kept_apart() {
        let mut calls = 0;
        for i in 0..100u64 {
            for run in [1, 2] {
                let v = cached(&SQUARES, run, i % 7, || {
                    calls += 1;
                    (i % 7) * (i % 7) + run
                });
                assert_eq!(v, (i % 7) * (i % 7) + run);
            }
        }
        assert!(
            calls < 200,
            "repeated lookups hit the memo ({calls} computations)"
        );
    }
}
