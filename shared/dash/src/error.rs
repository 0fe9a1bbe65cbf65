//! Errors of the MPD layer: malformed XML, limits exceeded, invalid typed values.

use core::fmt;

/// Where something sits in the source document: 1-based line and column (in bytes), and the
/// 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in bytes from the start of the line.
    pub column: u32,
    /// 0-based byte offset into the document.
    pub offset: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Everything that can go wrong while reading or editing an MPD.
///
/// *Malformed* input, *limits exceeded* and *unsupported* constructs are kept apart.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document is not well-formed XML.
    #[error("malformed XML at {position}: {message}")]
    Malformed {
        /// Where the problem was found.
        position: Position,
        /// What is wrong.
        message: String,
    },
    /// The document exceeds one of the configured [`Limits`](crate::Limits).
    #[error("limit exceeded at {position}: {limit} (max {max})")]
    LimitExceeded {
        /// Where the limit was hit.
        position: Position,
        /// Which limit.
        limit: &'static str,
        /// The configured maximum.
        max: usize,
    },
    /// The document is valid XML, but uses a construct this crate does not handle.
    #[error("unsupported at {position}: {message}")]
    Unsupported {
        /// Where the construct starts.
        position: Position,
        /// What is not supported.
        message: String,
    },
    /// The root element is not `MPD`.
    #[error("root element is <{found}>, expected <MPD>")]
    NotMpd {
        /// The root element name found.
        found: String,
    },
    /// An attribute value does not parse as the type the spec gives it.
    #[error("invalid {element}@{attribute}={value:?} at {position}: expected {expected}")]
    InvalidAttribute {
        /// Element name as written.
        element: String,
        /// Attribute name as written.
        attribute: String,
        /// The offending value.
        value: String,
        /// Position of the element's start tag (0:0 for elements created in memory).
        position: Position,
        /// What the value should have been.
        expected: &'static str,
    },
    /// An ISO 8601 / `xs:duration` string does not parse.
    #[error("invalid duration {value:?}: {reason}")]
    InvalidDuration {
        /// The offending text.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
}
