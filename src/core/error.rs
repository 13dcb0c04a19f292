//! User-facing errors and their exit codes (SPEC §2.6): 2 usage, config, plan or refusal; 3 I/O; 130
//! interrupted. Every error renders as one line, `error: <what>: <context>`.

use std::path::Path;

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
    /// Ctrl-C: temporaries were removed.
    #[error("interrupted")]
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
            Error::Interrupted => 130,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

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
