//! RFC 9457 problem details (`application/problem+json`).
//!
//! `type` URIs are stable identifiers under [`PROBLEM_TYPE_PREFIX`] that do not pretend to
//! resolve (RFC 9457 §3.1.1 allows non-dereferenceable URIs). The body is built by
//! `ottedge-problem`, as at the edge and the license service, so clients can switch on `type`
//! whichever box answered.

use http::{HeaderValue, Response, StatusCode, header};
use ottedge_problem::Problem;

use crate::ObjectBody;

/// Prefix of every problem `type` this project sends (`ottedge_problem::TYPE_BASE`).
pub use ottedge_problem::TYPE_BASE as PROBLEM_TYPE_PREFIX;

/// The problems the origin answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProblemType {
    /// 400: the path is malformed or tries to leave the content root.
    BadPath,
    /// 404: no object at this path.
    NotFound,
    /// 405: only GET, HEAD and OPTIONS are served.
    MethodNotAllowed,
    /// 416: the Range does not overlap the object.
    RangeNotSatisfiable,
    /// 500: the storage backend failed.
    StorageError,
    /// 400: a live cue request body is malformed or a member is refused.
    BadCue,
    /// 409: a live cue would overlap another ad break.
    CueConflict,
}

impl ProblemType {
    /// The slug after [`PROBLEM_TYPE_PREFIX`].
    pub fn slug(self) -> &'static str {
        match self {
            ProblemType::BadPath => "bad-path",
            ProblemType::NotFound => "not-found",
            ProblemType::MethodNotAllowed => "method-not-allowed",
            ProblemType::RangeNotSatisfiable => "range-not-satisfiable",
            ProblemType::StorageError => "storage-error",
            ProblemType::BadCue => "bad-cue",
            ProblemType::CueConflict => "cue-conflict",
        }
    }

    /// The full `type` URI.
    pub fn uri(self) -> String {
        ottedge_problem::type_uri(self.slug())
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            ProblemType::BadPath | ProblemType::BadCue => StatusCode::BAD_REQUEST,
            ProblemType::CueConflict => StatusCode::CONFLICT,
            ProblemType::NotFound => StatusCode::NOT_FOUND,
            ProblemType::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemType::RangeNotSatisfiable => StatusCode::RANGE_NOT_SATISFIABLE,
            ProblemType::StorageError => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The short, fixed `title`.
    pub fn title(self) -> &'static str {
        match self {
            ProblemType::BadPath => "Bad request path",
            ProblemType::NotFound => "Not found",
            ProblemType::MethodNotAllowed => "Method not allowed",
            ProblemType::RangeNotSatisfiable => "Range not satisfiable",
            ProblemType::StorageError => "Storage error",
            ProblemType::BadCue => "Bad cue request",
            ProblemType::CueConflict => "Cue overlaps another break",
        }
    }
}

/// A problem+json response: `type`, `title`, `status`, `detail`, `instance` (the request path).
/// `detail` never carries file-system paths or storage internals.
pub fn response(kind: ProblemType, detail: &str, instance: &str) -> Response<ObjectBody> {
    let problem = Problem::new(kind.status().as_u16(), kind.slug(), kind.title(), detail);
    let bytes = problem.to_json_with_instance(instance).into_bytes();
    let len = bytes.len();
    let mut resp = Response::new(ObjectBody::from_bytes(bytes));
    *resp.status_mut() = kind.status();
    let headers = resp.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(ottedge_problem::CONTENT_TYPE),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    resp
}
