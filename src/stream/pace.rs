//! `--rate`: paces envelopes with a monotonic clock. Pacing decides only when bytes are written, never
//! which bytes (D-3 allows the clock here and nowhere in generation).
#![allow(clippy::disallowed_methods)]

use std::time::{Duration, Instant};

/// Sleeps shorter than this are deferred: the writer catches up in bursts of about a millisecond.
const MIN_SLEEP: Duration = Duration::from_millis(1);

/// Due times of a constant rate: envelope `n` (0-based) is due `n / rate` seconds after the start.
pub struct Pacer {
    rate: f64,
    start: Option<Instant>,
}

impl Pacer {
    /// `rate` envelopes per second (> 0).
    pub fn new(rate: f64) -> Self {
        Pacer { rate, start: None }
    }

    /// When envelope `n` is due, measured from the first call.
    pub fn due(&self, n: u64) -> Duration {
        Duration::from_secs_f64(n as f64 / self.rate)
    }

    /// How long to wait before writing envelope `n`; `None` when it may be written now. The clock
    /// starts at the first call.
    pub fn wait_before(&mut self, n: u64) -> Option<Duration> {
        let start = *self.start.get_or_insert_with(Instant::now);
        let ahead = self.due(n).checked_sub(start.elapsed())?;
        (ahead >= MIN_SLEEP).then_some(ahead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_times_follow_the_rate() {
        let pacer = Pacer::new(2_000.0);
        assert_eq!(pacer.due(0), Duration::ZERO);
        assert_eq!(pacer.due(2_000), Duration::from_secs(1));
        assert_eq!(pacer.due(1), Duration::from_micros(500));
    }
}
