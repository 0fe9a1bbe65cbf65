//! Errors: *malformed* input (with the 1-based line and what is wrong) and *limit exceeded*
//! (input larger than [`Limits`](crate::Limits) allows) are kept apart.

use std::fmt;

/// What went wrong while parsing a playlist or reading a typed value from one of its lines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The input breaks RFC 8216 / draft-pantos-hls-rfc8216bis in a way this crate does not
    /// tolerate, or a typed accessor met a value it cannot read.
    #[error("line {line}: {context}: {problem}")]
    Malformed {
        /// 1-based line number (0 for a value that is not on a playlist line yet).
        line: usize,
        /// The tag, attribute or line type concerned, e.g. `EXT-X-STREAM-INF BANDWIDTH`.
        context: String,
        /// What is wrong, in words.
        problem: String,
    },
    /// The input is larger than the configured [`Limits`](crate::Limits).
    #[error("line {line}: {limit} exceeds the limit of {max}")]
    LimitExceeded {
        /// 1-based line number where the limit was crossed.
        line: usize,
        /// Which limit.
        limit: Limit,
        /// The configured maximum.
        max: usize,
    },
}

impl ParseError {
    pub(crate) fn malformed(
        line: usize,
        context: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        ParseError::Malformed {
            line,
            context: context.into(),
            problem: problem.into(),
        }
    }

    /// The 1-based line the error is about.
    pub fn line(&self) -> usize {
        match self {
            ParseError::Malformed { line, .. } | ParseError::LimitExceeded { line, .. } => *line,
        }
    }

    /// `true` for [`ParseError::LimitExceeded`].
    pub fn is_limit_exceeded(&self) -> bool {
        matches!(self, ParseError::LimitExceeded { .. })
    }
}

/// The limits of [`Limits`](crate::Limits), named in [`ParseError::LimitExceeded`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Limit {
    /// Total input size in bytes.
    InputBytes,
    /// Number of lines.
    Lines,
    /// Length of one line in bytes.
    LineBytes,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::InputBytes => "input size in bytes",
            Limit::Lines => "number of lines",
            Limit::LineBytes => "line length in bytes",
        })
    }
}

/// A value that does not have the type an attribute or tag requires (RFC 8216bis §4.2).
/// Typed accessors turn it into a [`ParseError::Malformed`] naming the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    /// The type that was expected, in the spec's words (`decimal-integer`, …).
    pub expected: &'static str,
    /// The text that was found.
    pub found: String,
}

impl ValueError {
    pub(crate) fn new(expected: &'static str, found: &str) -> Self {
        // Error messages quote at most a short prefix of the offending value.
        let found: String = found.chars().take(80).collect();
        ValueError { expected, found }
    }

    pub(crate) fn at(self, line: usize, context: impl Into<String>) -> ParseError {
        ParseError::malformed(line, context, self.to_string())
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected {}, found {:?}", self.expected, self.found)
    }
}
