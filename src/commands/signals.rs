//! Interrupts (SPEC §2.5): Ctrl-C, SIGTERM (a scheduler stopping a job) and SIGHUP all stop a run the
//! same way: the writer sees [`CANCEL`] between chunks, removes its temporaries and the process exits
//! with 128 + the signal number. While the plan is still being made nothing is on disk, so the process
//! ends at once, however long planning would take.
//!
//! On Unix the signals are blocked in every thread and one thread takes them with `sigwait`: that tells
//! SIGTERM from SIGINT without unsafe code (a `ctrlc` handler cannot), and the handler runs as ordinary
//! code, free to print and exit.

use crate::core::error::{Error, record_signal, signal_name};
use std::sync::atomic::{AtomicBool, Ordering};

/// Raised by an interrupt; the writer checks it between chunks.
pub static CANCEL: AtomicBool = AtomicBool::new(false);

/// Installs the interrupt handling of a command. Call it before any other thread starts (threads inherit
/// the blocked signal mask). `exit_while_planning`: before [`crate::run::writing_started`], an interrupt
/// ends the process at once.
pub fn install(exit_while_planning: bool) {
    let on_signal = move |signal: i32| {
        record_signal(signal);
        CANCEL.store(true, Ordering::SeqCst);
        if exit_while_planning && !crate::run::writing_started() {
            eprintln!(
                "error: interrupted by {} while planning: nothing was written",
                signal_name(signal)
            );
            std::process::exit(Error::Interrupted.exit_code());
        }
    };
    #[cfg(unix)]
    {
        use nix::sys::signal::{SigSet, Signal};
        let mut set = SigSet::empty();
        for s in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
            set.add(s);
        }
        if set.thread_block().is_err() {
            return;
        }
        std::thread::spawn(move || {
            while let Ok(signal) = set.wait() {
                on_signal(signal as i32);
            }
        });
    }
    #[cfg(not(unix))]
    {
        let _ = ctrlc::set_handler(move || on_signal(2));
    }
}
