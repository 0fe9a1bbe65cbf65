//! The audit log: one JSON line per license decision.
//!
//! Fields: `ts` (unix seconds), `event` (`license`), `route` (`clearkey` | `hls-key`),
//! `decision` (`grant` | `deny`), `status`, `reason` (problem type slug or `ok`), `subject`
//! (token `sub`, when the token verified), `session` (hash), `assets`, `kids` (hex), `country`.
//! Never key material, never the token (the session id is a SHA-256 prefix of it).

use std::io::Write;
use std::sync::Mutex;

use serde::Serialize;

/// One decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    /// Unix seconds.
    pub ts: u64,
    /// Always `license`.
    pub event: &'static str,
    /// `clearkey` or `hls-key`.
    pub route: &'static str,
    /// `grant` or `deny`.
    pub decision: &'static str,
    /// HTTP status returned.
    pub status: u16,
    /// `ok` or the problem type slug.
    pub reason: String,
    /// The token's `sub`, when it verified.
    pub subject: Option<String>,
    /// Session id (token `sid`, or a hash of the token).
    pub session: Option<String>,
    /// Assets of the requested KIDs that were found.
    pub assets: Vec<String>,
    /// Requested KIDs (hex).
    pub kids: Vec<String>,
    /// Viewer country from the signed geo header.
    pub country: Option<String>,
}

/// Where audit lines go (a writer behind a mutex; lines are flushed one by one).
pub struct AuditLog {
    sink: Mutex<Box<dyn Write + Send>>,
}

impl std::fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditLog")
    }
}

impl AuditLog {
    /// Lines go to `sink`.
    pub fn new(sink: Box<dyn Write + Send>) -> Self {
        AuditLog {
            sink: Mutex::new(sink),
        }
    }

    /// Discards lines.
    pub fn discard() -> Self {
        Self::new(Box::new(std::io::sink()))
    }

    /// Writes one line (errors writing the log are ignored: a full disk must not deny keys).
    pub fn record(&self, record: &AuditRecord) {
        if let (Ok(mut line), Ok(mut sink)) = (serde_json::to_vec(record), self.sink.lock()) {
            line.push(b'\n');
            let _ = sink.write_all(&line);
            let _ = sink.flush();
        }
    }
}
