//! Errors of the encoder, kept apart as *invalid settings*, *malformed input*,
//! *unsupported input*, *limit exceeded*, codec failures and I/O (STYLE.md).

use std::path::PathBuf;

/// Everything [`crate::encode`] and its helpers can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A ladder file (or in-memory ladder) is not valid; `entry` is the 0-based rung index
    /// when the problem is in one rung, `field` names the offending key.
    #[error("ladder{}: {}{problem}", source_name(.file), location(*.entry, .field))]
    Ladder {
        /// The ladder file, when it came from one.
        file: Option<PathBuf>,
        /// 0-based index of the rung, when the problem is in one rung.
        entry: Option<usize>,
        /// The field at fault (`width`, `bitrate_kbps`, …), or empty.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// An encode option is out of range (`option` is the CLI flag name without dashes).
    #[error("invalid --{option}: {problem}")]
    Option {
        /// The option at fault, e.g. `segment-duration`.
        option: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The input file is not a well-formed MP4 / H.264 stream.
    #[error("{}: malformed input at {context}: {problem}", .file.display())]
    MalformedInput {
        /// The input file.
        file: PathBuf,
        /// Where: a box path, a sample number, a NAL unit.
        context: String,
        /// What is wrong.
        problem: String,
    },
    /// The input is well-formed but uses something we do not handle (e.g. HEVC).
    #[error("{}: unsupported input: {problem}", .file.display())]
    UnsupportedInput {
        /// The input file.
        file: PathBuf,
        /// What is not supported.
        problem: String,
    },
    /// A size taken from the input or the options exceeds a fixed limit.
    #[error("limit exceeded: {what} is {value}, the limit is {limit}")]
    LimitExceeded {
        /// What was counted.
        what: &'static str,
        /// The value found.
        value: u64,
        /// The limit.
        limit: u64,
    },
    /// OpenH264 reported an error while encoding or decoding.
    #[error("openh264 {stage} failed ({context}): {message}")]
    Codec {
        /// `encode` or `decode`.
        stage: &'static str,
        /// Rendition id or input sample.
        context: String,
        /// OpenH264's message.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}

fn source_name(file: &Option<PathBuf>) -> String {
    file.as_ref()
        .map(|f| format!(" {}", f.display()))
        .unwrap_or_default()
}

fn location(entry: Option<usize>, field: &str) -> String {
    match (entry, field.is_empty()) {
        (Some(i), false) => format!("entry {i}, field `{field}`: "),
        (Some(i), true) => format!("entry {i}: "),
        (None, false) => format!("field `{field}`: "),
        (None, true) => String::new(),
    }
}

impl EncodeError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn option(option: &'static str, problem: impl Into<String>) -> Self {
        Self::Option {
            option,
            problem: problem.into(),
        }
    }
}
