//! The crate's error type: malformed input, unsupported features and exceeded limits kept apart,
//! each naming the FourCC path (`moov/trak/mdia/mdhd`) and the absolute byte offset.

use crate::FourCC;

/// Everything that can go wrong while reading boxes or building segments.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bytes break the box syntax (truncated field, size past the end, trailing bytes, ...).
    #[error("malformed box {path} at byte {offset}: {what}")]
    Malformed {
        /// FourCC path from the outermost box, e.g. `moof/traf/trun`.
        path: String,
        /// Absolute byte offset in the decoded buffer.
        offset: usize,
        /// What is wrong.
        what: String,
    },
    /// Valid syntax this crate does not handle (e.g. a box version it does not know).
    #[error("unsupported box {path} at byte {offset}: {what}")]
    Unsupported {
        /// FourCC path from the outermost box.
        path: String,
        /// Absolute byte offset in the decoded buffer.
        offset: usize,
        /// What is not supported.
        what: String,
    },
    /// A limit of this crate was hit (nesting depth, a size that does not fit in memory).
    #[error("limit exceeded in box {path} at byte {offset}: {what}")]
    LimitExceeded {
        /// FourCC path from the outermost box.
        path: String,
        /// Absolute byte offset in the decoded buffer.
        offset: usize,
        /// Which limit.
        what: String,
    },
    /// A builder or a context-dependent parse was given inconsistent input.
    #[error("invalid input: {what}")]
    InvalidInput {
        /// What is wrong with the input.
        what: String,
    },
}

impl Error {
    /// The FourCC path of the box the error is about (empty for [`Error::InvalidInput`]).
    pub fn path(&self) -> &str {
        match self {
            Error::Malformed { path, .. }
            | Error::Unsupported { path, .. }
            | Error::LimitExceeded { path, .. } => path,
            Error::InvalidInput { .. } => "",
        }
    }

    /// The absolute byte offset the error is about, if any.
    pub fn offset(&self) -> Option<usize> {
        match self {
            Error::Malformed { offset, .. }
            | Error::Unsupported { offset, .. }
            | Error::LimitExceeded { offset, .. } => Some(*offset),
            Error::InvalidInput { .. } => None,
        }
    }

    pub(crate) fn invalid(what: impl Into<String>) -> Self {
        Error::InvalidInput { what: what.into() }
    }

    /// Prefixes the path with the enclosing box as the error travels up the tree.
    pub(crate) fn in_box(mut self, parent: FourCC) -> Self {
        if let Error::Malformed { path, .. }
        | Error::Unsupported { path, .. }
        | Error::LimitExceeded { path, .. } = &mut self
        {
            *path = if path.is_empty() {
                parent.to_string()
            } else {
                format!("{parent}/{path}")
            };
        }
        self
    }
}
