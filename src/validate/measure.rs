//! What reading one dataset file measured, in either format: records, bytes and the SHA-256 that
//! MAN-3 compares with the manifest.

/// What reading a file measured (MAN-3 compares it with the manifest).
#[derive(Clone, Debug, Default)]
pub struct FileStats {
    pub records: u64,
    pub bytes: u64,
    pub sha256: String,
}

/// Lowercase hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}
