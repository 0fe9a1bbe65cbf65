//! Why a VAST or VMAP document was refused. Malformed input, unsupported input and exceeded
//! limits are told apart; every variant names the element path (`VAST/Ad[0]/InLine/…`, indices
//! counting that element name among its siblings from 0) and the byte offset of its start tag.

/// A refused VAST or VMAP document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VastError {
    /// Not well-formed XML, or over the element-count or depth limits of [`crate::Limits`].
    #[error(transparent)]
    Xml(#[from] ottedge_xml::Error),
    /// Longer than [`crate::Limits::max_bytes`].
    #[error("document of {size} bytes is over the {limit}-byte limit")]
    TooLarge {
        /// The document size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Well-formed, but not what the specification allows.
    #[error("{path} (byte {offset}): {reason}")]
    Malformed {
        /// Element path, e.g. `VAST/Ad[0]/InLine/Creatives/Creative[1]/Linear/Duration`.
        path: String,
        /// Byte offset of the element's start tag.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
    /// Valid, but a form this crate does not read (e.g. another root element).
    #[error("{path} (byte {offset}): unsupported: {reason}")]
    Unsupported {
        /// Element path.
        path: String,
        /// Byte offset of the element's start tag.
        offset: u64,
        /// What is not supported.
        reason: String,
    },
}

impl VastError {
    /// The element path the error is about (empty for XML-level errors).
    pub fn path(&self) -> &str {
        match self {
            Self::Malformed { path, .. } | Self::Unsupported { path, .. } => path,
            Self::Xml(_) | Self::TooLarge { .. } => "",
        }
    }
}
