//! Validation problems (JSON pointer + reason) and the crate's error type.

/// One validation problem: where (an RFC 6901 JSON pointer into the manifest) and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// RFC 6901 pointer, e.g. `/PATHWAY-CLONES/0/BASE-ID`; empty for the whole document.
    pub pointer: String,
    /// What is wrong, in the words of the spec.
    pub reason: String,
}

impl Problem {
    pub(crate) fn new(pointer: &Pointer, reason: impl Into<String>) -> Self {
        Problem {
            pointer: pointer.0.clone(),
            reason: reason.into(),
        }
    }
}

impl core::fmt::Display for Problem {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(document)"
        } else {
            &self.pointer
        };
        write!(f, "{pointer}: {}", self.reason)
    }
}

/// An RFC 6901 JSON pointer under construction.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pointer(String);

impl Pointer {
    /// The pointer to a member or index below this one (`~` and `/` escaped, RFC 6901 §3).
    pub(crate) fn join(&self, token: impl core::fmt::Display) -> Pointer {
        let token = token.to_string().replace('~', "~0").replace('/', "~1");
        Pointer(format!("{}/{token}", self.0))
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Largest manifest accepted, in bytes.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// Why a manifest could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SteeringError {
    /// Not JSON.
    #[error("not valid JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// JSON, but not a valid manifest: every problem found.
    #[error("{} problem(s): {}", .0.len(), join(.0))]
    Invalid(Vec<Problem>),
    /// Larger than [`MAX_MANIFEST_BYTES`].
    #[error("manifest is {size} bytes, more than the limit of {limit}")]
    LimitExceeded {
        /// Input size.
        size: usize,
        /// The limit.
        limit: usize,
    },
}

fn join(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(Problem::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl From<serde_json::Error> for SteeringError {
    fn from(err: serde_json::Error) -> Self {
        SteeringError::Json {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_are_escaped() {
        let p = Pointer::default().join("PARAMS").join("a/b~c").join(3);
        assert_eq!(p.as_str(), "/PARAMS/a~1b~0c/3");
        assert_eq!(Problem::new(&p, "x").to_string(), "/PARAMS/a~1b~0c/3: x");
        assert_eq!(
            Problem::new(&Pointer::default(), "y").to_string(),
            "(document): y"
        );
    }
}
