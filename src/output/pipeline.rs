//! The parallel pipeline (SPEC §5.6): workers take chunk numbers in order from a shared counter, fill a
//! chunk's per-file byte buffers, and hand them to a single writer (the calling thread) through a reorder
//! buffer. A worker may not start chunk `k` until `k < written + window`, so at most `window` chunks are
//! in flight whatever the dataset size; written buffers go back to the workers for reuse.
//!
//! Workers run on a rayon pool sized by `--threads`; the writer stays on the caller's thread via
//! `in_place_scope`, so one writer writes and hashes every byte in chunk order.

use crate::core::error::{Error, Result};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex};

/// Most chunks in flight whatever the thread count (see [`Pipeline::run`]).
const MAX_WINDOW: u64 = 4;

/// Worker threads and the in-flight bound.
pub struct Pipeline {
    pool: rayon::ThreadPool,
    threads: usize,
}

impl Pipeline {
    pub fn new(threads: usize) -> Result<Pipeline> {
        let threads = threads.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("bankgen-worker-{i}"))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start {threads} worker threads: {e}")))?;
        Ok(Pipeline { pool, threads })
    }

    /// Σ f(i) over `0..n`, in parallel on the worker pool (integer sums, so the order cannot matter).
    pub fn sum(&self, n: u64, f: impl Fn(u64) -> u64 + Sync) -> u64 {
        use rayon::prelude::*;
        self.pool.install(|| (0..n).into_par_iter().map(&f).sum())
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `produce` for chunks `0..chunks` in parallel and `consume` on each chunk in order.
    /// Stops early (with [`Error::Interrupted`]) when `cancel` is raised, or with `consume`'s error.
    /// `B` is a chunk's buffer set (the encoders' [`crate::encode::ChunkBuffers`], the streamer's
    /// envelopes): it is reused for later chunks once written.
    pub fn run<B, P, C>(
        &self,
        chunks: u64,
        produce: P,
        mut consume: C,
        cancel: &AtomicBool,
    ) -> Result<()>
    where
        B: Default + Send,
        P: Fn(u64, &mut B) + Sync,
        C: FnMut(u64, &B) -> Result<()>,
    {
        if chunks == 0 {
            return Ok(());
        }
        // SPEC §5.6 bounds the reorder buffer to 2 × threads chunks; a slice of an event file can reach
        // 8,192 records (several MiB per format), so the window is also capped at four chunks to keep peak
        // memory within P-4 with four or more threads. Two chunks per worker keep both cores busy.
        let window = (2 * self.threads as u64).min(MAX_WINDOW.max(self.threads as u64 + 1));
        let next = AtomicU64::new(0);
        let written = Mutex::new(0u64);
        let progressed = Condvar::new();
        let stop = AtomicBool::new(false);
        let (done_tx, done_rx) = mpsc::channel::<(u64, B)>();
        let (spare_tx, spare_rx) = mpsc::channel::<B>();
        let spare_rx = Mutex::new(spare_rx);

        self.pool.in_place_scope(|scope| {
            for _ in 0..self.threads {
                let done_tx = done_tx.clone();
                let (next, written, progressed, stop, spare_rx, produce) =
                    (&next, &written, &progressed, &stop, &spare_rx, &produce);
                scope.spawn(move |_| {
                    loop {
                        let k = next.fetch_add(1, Ordering::Relaxed);
                        if k >= chunks {
                            break;
                        }
                        {
                            let mut w = written.lock().unwrap_or_else(|e| e.into_inner());
                            while k >= *w + window && !stop.load(Ordering::Relaxed) {
                                w = progressed.wait(w).unwrap_or_else(|e| e.into_inner());
                            }
                        }
                        if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                            break;
                        }
                        let mut buffers = spare_rx
                            .lock()
                            .ok()
                            .and_then(|rx| rx.try_recv().ok())
                            .unwrap_or_default();
                        produce(k, &mut buffers);
                        if done_tx.send((k, buffers)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(done_tx);

            let result = write_in_order(chunks, &done_rx, &mut consume, cancel, |k, spare| {
                *written.lock().unwrap_or_else(|e| e.into_inner()) = k;
                progressed.notify_all();
                let _ = spare_tx.send(spare);
            });
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
                progressed.notify_all();
                // Drain so that no worker blocks on a full hand-off while the scope joins.
                while done_rx.recv().is_ok() {}
            }
            result
        })
    }
}

/// The writer loop: reorders finished chunks and consumes them in sequence.
fn write_in_order<B, C>(
    chunks: u64,
    done: &mpsc::Receiver<(u64, B)>,
    consume: &mut C,
    cancel: &AtomicBool,
    mut recycle: impl FnMut(u64, B),
) -> Result<()>
where
    C: FnMut(u64, &B) -> Result<()>,
{
    let mut pending: BTreeMap<u64, B> = BTreeMap::new();
    let mut expected = 0u64;
    while expected < chunks {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::Interrupted);
        }
        match done.recv() {
            Ok((k, buffers)) => {
                pending.insert(k, buffers);
            }
            Err(_) => return Err(Error::Interrupted),
        }
        while let Some(buffers) = pending.remove(&expected) {
            consume(expected, &buffers)?;
            expected += 1;
            recycle(expected, buffers);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::ChunkBuffers;

    fn run_with(threads: usize, chunks: u64) -> Vec<u8> {
        let pipeline = Pipeline::new(threads).unwrap();
        let mut out = Vec::new();
        let cancel = AtomicBool::new(false);
        pipeline
            .run(
                chunks,
                |k, b: &mut ChunkBuffers| {
                    b.reset(1);
                    // Uneven work so chunks finish out of order.
                    let n = (k * 7919) % 13;
                    for i in 0..=n {
                        b.bufs[0].extend_from_slice(format!("{k}:{i};").as_bytes());
                    }
                    b.rows[0] = n + 1;
                },
                |_, b| {
                    out.extend_from_slice(&b.bufs[0]);
                    Ok(())
                },
                &cancel,
            )
            .unwrap();
        out
    }

    #[test]
    fn output_is_in_chunk_order_for_any_thread_count() {
        let one = run_with(1, 200);
        assert!(!one.is_empty());
        assert_eq!(one, run_with(2, 200));
        assert_eq!(one, run_with(7, 200));
        assert!(run_with(3, 0).is_empty());
    }

    #[test]
    fn a_writer_error_stops_the_run() {
        let pipeline = Pipeline::new(3).unwrap();
        let cancel = AtomicBool::new(false);
        let mut seen = 0;
        let result = pipeline.run(
            1_000,
            |_, b: &mut ChunkBuffers| b.reset(1),
            |k, _| {
                seen += 1;
                if k == 5 {
                    Err(Error::Usage("stop".into()))
                } else {
                    Ok(())
                }
            },
            &cancel,
        );
        assert!(result.is_err());
        assert_eq!(seen, 6);
    }

    #[test]
    fn cancellation_interrupts() {
        let pipeline = Pipeline::new(2).unwrap();
        let cancel = AtomicBool::new(true);
        let result = pipeline.run(
            10,
            |_, b: &mut ChunkBuffers| b.reset(1),
            |_, _| Ok(()),
            &cancel,
        );
        assert!(matches!(result, Err(Error::Interrupted)));
    }
}
