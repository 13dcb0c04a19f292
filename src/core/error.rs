//! User-facing errors and their exit codes (SPEC §2.6): 2 usage, config, plan or refusal; 3 I/O;
//! 128 + signal when interrupted (130 Ctrl-C, 143 SIGTERM). Every error renders as one line, `error: <what>: <context>`.

use std::path::Path;
use std::sync::atomic::{AtomicI32, Ordering};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad flags, impossible configurations, plans that do not fit.
    #[error("{0}")]
    Usage(String),
    /// Refusal to overwrite existing output.
    #[error("{0}")]
    Refused(String),
    /// A file-system operation failed; the path is the context.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Ctrl-C, SIGTERM or SIGHUP: temporaries were removed.
    #[error(
        "interrupted by {}: unfinished files removed",
        signal_name(interrupting_signal())
    )]
    Interrupted,
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) | Error::Refused(_) => 2,
            Error::Io { .. } => 3,
            Error::Interrupted => 128 + interrupting_signal(),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The signal that interrupted this process (SIGINT = 2 until a handler records another), for the
/// message and the exit code (128 + signal: 130 for Ctrl-C, 143 for SIGTERM).
static SIGNAL: AtomicI32 = AtomicI32::new(2);

/// Records the signal that stops this process.
pub fn record_signal(signal: i32) {
    SIGNAL.store(signal, Ordering::SeqCst);
}

pub fn interrupting_signal() -> i32 {
    SIGNAL.load(Ordering::SeqCst)
}

/// The conventional name of the signals an interrupt handler catches.
pub fn signal_name(signal: i32) -> &'static str {
    match signal {
        1 => "SIGHUP",
        2 => "SIGINT (Ctrl-C)",
        15 => "SIGTERM",
        _ => "a signal",
    }
}

/// Writes a command's whole output to stdout. A reader that closed the pipe early (`| head`) ends the
/// command quietly; any other failure (a full disk behind a redirection) is an I/O error, exit 3.
pub fn write_stdout(bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Error::io(Path::new("<stdout>"), e))
        }
        _ => Ok(()),
    }
}
