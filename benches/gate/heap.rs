//! A counting global allocator for the memory benches: while counting is on it tracks live heap
//! bytes and their peak. Off, it costs one relaxed load per allocation, so the timed benches are not
//! slowed by it. It stands in for `dhat` because of a measured cost (docs/architecture.md, "Money,
//! ids and heap counts"): `dhat::Alloc` takes a lock per allocation even with no profiler running
//! (29 ns against 13 ns per allocate/free pair here) and a backtrace per allocation while profiling.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

pub struct Counting;

static ON: AtomicBool = AtomicBool::new(false);
/// Live bytes allocated since counting started (frees of earlier blocks may take it below zero, so
/// it is kept signed by wrapping and read through [`peak`] only).
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if ON.load(Relaxed) && !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ON.load(Relaxed) {
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if ON.load(Relaxed) && !p.is_null() {
            LIVE.fetch_sub(layout.size(), Relaxed);
            grew(new_size);
        }
        p
    }
}

fn grew(size: usize) {
    let live = LIVE.fetch_add(size, Relaxed).wrapping_add(size);
    // A wrapped (negative) live count is below any real peak.
    if (live as isize) > 0 {
        PEAK.fetch_max(live, Relaxed);
    }
}

/// Peak heap in MiB that `work` reaches above the heap live when it starts (single-threaded work).
pub fn peak_mib(work: impl FnOnce()) -> f64 {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    ON.store(true, Relaxed);
    work();
    ON.store(false, Relaxed);
    PEAK.load(Relaxed) as f64 / (1u64 << 20) as f64
}
