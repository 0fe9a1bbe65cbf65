//! The crate's error type.

/// Everything that can go wrong while decoding, encoding or converting a section.
///
/// Variants keep *malformed* input, *unsupported* constructs and *limits* apart, and each names
/// the byte offset (binary), field (encode / JSON) or position (XML) it is about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ended inside `field`, which starts at or before byte `offset`.
    #[error("truncated at byte {offset}: need {field}")]
    Truncated {
        /// Byte offset where more input was needed.
        offset: usize,
        /// The syntax element being read.
        field: &'static str,
    },
    /// A field holds a value the syntax does not allow.
    #[error("malformed {field} at byte {offset}: {reason}")]
    Malformed {
        /// Byte offset of the field.
        offset: usize,
        /// The syntax element.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The CRC_32 stored in the section does not match the computed CRC-32/MPEG-2.
    #[error("CRC_32 mismatch: section carries 0x{stored:08X}, computed 0x{computed:08X}")]
    CrcMismatch {
        /// The value in the last four bytes.
        stored: u32,
        /// The CRC-32/MPEG-2 of everything before it.
        computed: u32,
    },
    /// Valid syntax this crate cannot represent losslessly.
    #[error("unsupported at byte {offset}: {what}")]
    Unsupported {
        /// Byte offset of the construct.
        offset: usize,
        /// What is not supported.
        what: String,
    },
    /// A nesting or size limit taken from the input was exceeded.
    #[error("limit exceeded at byte {offset}: {what}")]
    LimitExceeded {
        /// Byte offset where the limit was hit.
        offset: usize,
        /// Which limit.
        what: &'static str,
    },
    /// A model value does not fit its wire field (while encoding).
    #[error("cannot encode {field}: {reason}")]
    Encode {
        /// The syntax element (snake_case, as in the JSON form).
        field: &'static str,
        /// Why it does not fit.
        reason: String,
    },
    /// Text input (base64 / hex) could not be turned into bytes.
    #[error("cannot read cue text: {0}")]
    Text(String),
    /// The XML form could not be read.
    #[error("XML error at byte {position}: {reason}")]
    Xml {
        /// Byte position in the XML text.
        position: u64,
        /// What is wrong (names the element/attribute).
        reason: String,
    },
}
