//! [`PackageError`]: what can go wrong while packaging, naming the file, rendition, frame or
//! field concerned.

/// Packaging errors. Keys never appear in messages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackageError {
    /// The input is not what the encoder writes (bad JSON, a frame outside its stream, ...).
    #[error("{file}: {context}: {problem}")]
    Malformed {
        /// The input file (or `encode.json` field path) concerned.
        file: String,
        /// Where in it: a field, a frame number, a line.
        context: String,
        /// What is wrong.
        problem: String,
    },
    /// Valid input that this packager does not handle (FMO slices, a parameter set change, ...).
    #[error("{file}: {context}: unsupported: {problem}")]
    Unsupported {
        /// The input file concerned.
        file: String,
        /// Where in it.
        context: String,
        /// What is not supported.
        problem: String,
    },
    /// A requested option does not fit the input (segment duration not on IDRs, ...).
    #[error("{option}: {problem}")]
    Option {
        /// The option (CLI flag) concerned, e.g. `--segment-duration`.
        option: String,
        /// Why it does not fit.
        problem: String,
    },
    /// A count taken from the input exceeds a cap.
    #[error("{file}: {what} ({value}) exceeds the limit {limit}")]
    LimitExceeded {
        /// The input file concerned.
        file: String,
        /// What was counted.
        what: &'static str,
        /// The value found.
        value: u64,
        /// The cap.
        limit: u64,
    },
    /// The box writer refused a segment.
    #[error("{context}: {source}")]
    Cmaf {
        /// The output file being built.
        context: String,
        /// The CMAF error.
        source: ottedge_cmaf::Error,
    },
    /// A generated manifest did not parse back with the shared HLS/DASH crates (a bug).
    #[error("{file}: generated manifest does not parse: {problem}")]
    Manifest {
        /// The manifest's output path.
        file: String,
        /// The parser's message.
        problem: String,
    },
}

impl PackageError {
    pub(crate) fn malformed(
        file: impl Into<String>,
        context: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        PackageError::Malformed {
            file: file.into(),
            context: context.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn unsupported(
        file: impl Into<String>,
        context: impl Into<String>,
        problem: impl Into<String>,
    ) -> Self {
        PackageError::Unsupported {
            file: file.into(),
            context: context.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn option(option: impl Into<String>, problem: impl Into<String>) -> Self {
        PackageError::Option {
            option: option.into(),
            problem: problem.into(),
        }
    }
}
