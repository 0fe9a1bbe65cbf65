//! [`Origin`]: one request in, one response out, with no socket in sight (the server loop in
//! [`crate::serve`] only feeds it), so every HTTP rule is testable without a network.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, header};

use crate::conditional::{if_range_holds, none_match, not_modified_since};
use crate::live::LiveChannels;
use crate::problem::{self, ProblemType};
use crate::range::{RangeDecision, decide};
use crate::{
    ByteRange, Config, Metrics, ObjectBody, ObjectKey, ObjectMeta, Route, Storage, StorageError,
    classify,
};

/// Request headers a browser may send cross-origin (answered in preflights): ranges,
/// revalidation, and the four CMCD request headers of CTA-5004 §3.2 (header transmission mode).
pub const CORS_ALLOW_HEADERS: &str = "Range, If-None-Match, If-Modified-Since, If-Range, \
     CMCD-Request, CMCD-Object, CMCD-Status, CMCD-Session";
/// Response headers scripts may read: what players and CMCD/throughput logic look at.
pub const CORS_EXPOSE_HEADERS: &str = "Content-Range, Content-Length, Accept-Ranges, ETag, \
     Last-Modified, Age, Date, Cache-Control";
/// Methods served.
pub const ALLOW: &str = "GET, HEAD, OPTIONS";

/// One line of the access log.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AccessRecord<'a> {
    /// Request method.
    pub method: &'a str,
    /// Request path (raw, as received, without the query).
    pub path: &'a str,
    /// Response status.
    pub status: u16,
    /// Response body bytes (Content-Length).
    pub bytes: u64,
    /// Time to the response head.
    pub elapsed: Duration,
    /// Route kind counted in the metrics.
    pub route: Route,
    /// Peer address, when served from a socket.
    pub remote: Option<SocketAddr>,
    /// The storage error behind a 5xx/404, for operators (never sent to clients).
    pub error: Option<String>,
}

impl AccessRecord<'_> {
    /// The record as one JSON object: `method`, `path`, `status`, `bytes`, `ms`, `route`,
    /// `remote`, `error` (the last two only when known).
    pub fn to_json(&self) -> String {
        let mut value = serde_json::json!({
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "bytes": self.bytes,
            "ms": (self.elapsed.as_secs_f64() * 1e6).round() / 1e3,
            "route": self.route.as_str(),
        });
        if let Some(obj) = value.as_object_mut() {
            if let Some(remote) = self.remote {
                obj.insert("remote".into(), remote.to_string().into());
            }
            if let Some(error) = &self.error {
                obj.insert("error".into(), error.clone().into());
            }
        }
        value.to_string()
    }
}

/// Called once per answered request.
pub type AccessLog = Arc<dyn Fn(&AccessRecord<'_>) + Send + Sync>;

/// The origin: storage + settings + metrics. Cheap to clone (shared state).
pub struct Origin<S> {
    inner: Arc<Inner<S>>,
}

struct Inner<S> {
    storage: S,
    config: Config,
    metrics: Metrics,
    access_log: Option<AccessLog>,
    live: LiveChannels,
}

impl<S> Clone for Origin<S> {
    fn clone(&self) -> Self {
        Origin {
            inner: Arc::clone(&self.inner),
        }
    }
}

impl<S> std::fmt::Debug for Origin<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Origin")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// What one request turned into, before counting.
pub(crate) struct Answer {
    pub(crate) response: Response<ObjectBody>,
    pub(crate) route: Route,
    pub(crate) error: Option<String>,
}

impl Answer {
    pub(crate) fn new(response: Response<ObjectBody>, route: Route) -> Answer {
        Answer {
            response,
            route,
            error: None,
        }
    }
}

impl<S: Storage> Origin<S> {
    /// An origin serving `storage` with `config`.
    pub fn new(storage: S, config: Config) -> Origin<S> {
        Origin::build(storage, config, None, LiveChannels::default())
    }

    /// An origin that also calls `log` for every request.
    pub fn with_access_log(storage: S, config: Config, log: AccessLog) -> Origin<S> {
        Origin::build(storage, config, Some(log), LiveChannels::default())
    }

    /// An origin that also serves the live channels `live` under `/live/<id>/`
    /// ([`crate::live`]); with no channel, `/live/` paths are plain objects.
    pub fn with_live(
        storage: S,
        config: Config,
        log: Option<AccessLog>,
        live: LiveChannels,
    ) -> Origin<S> {
        Origin::build(storage, config, log, live)
    }

    fn build(
        storage: S,
        config: Config,
        access_log: Option<AccessLog>,
        live: LiveChannels,
    ) -> Origin<S> {
        Origin {
            inner: Arc::new(Inner {
                storage,
                config,
                metrics: Metrics::default(),
                access_log,
                live,
            }),
        }
    }

    /// The storage backend.
    pub fn storage(&self) -> &S {
        &self.inner.storage
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The counters behind `/metrics`.
    pub fn metrics(&self) -> &Metrics {
        &self.inner.metrics
    }

    /// The live channels served under `/live/`.
    pub fn live(&self) -> &LiveChannels {
        &self.inner.live
    }

    /// Answers one request. The request body is ignored; a [`SocketAddr`] in the request's
    /// extensions is logged as the peer.
    pub async fn handle<B>(&self, req: &Request<B>) -> Response<ObjectBody> {
        self.handle_with_body(req, &[]).await
    }

    /// [`Origin::handle`] for a request whose body was read into `body` (only
    /// `POST /live/<id>/cue` reads one).
    pub async fn handle_with_body<B>(&self, req: &Request<B>, body: &[u8]) -> Response<ObjectBody> {
        let started = Instant::now();
        let Answer {
            mut response,
            route,
            error,
        } = self.answer(req, body).await;
        self.add_cors(response.headers_mut());
        let elapsed = started.elapsed();
        let bytes = if req.method() == Method::HEAD {
            0
        } else {
            content_length(response.headers())
        };
        let status = response.status().as_u16();
        self.inner.metrics.observe(route, status, bytes, elapsed);
        if let Some(log) = &self.inner.access_log {
            log(&AccessRecord {
                method: req.method().as_str(),
                path: req.uri().path(),
                status,
                bytes,
                elapsed,
                route,
                remote: req.extensions().get::<SocketAddr>().copied(),
                error,
            });
        }
        response
    }

    async fn answer<B>(&self, req: &Request<B>, body: &[u8]) -> Answer {
        let method = req.method();
        let path = req.uri().path();
        let is_read = method == Method::GET || method == Method::HEAD;
        let fixed = match path {
            "/healthz" => Some(Route::Health),
            "/metrics" => Some(Route::Metrics),
            _ => None,
        };
        if let Some(route) = fixed {
            if !is_read {
                return Answer::new(method_not_allowed(method, path), route);
            }
            let (body, ctype) = if route == Route::Health {
                ("ok\n".to_owned(), "text/plain; charset=utf-8")
            } else {
                (
                    self.inner.metrics.render(),
                    "text/plain; version=0.0.4; charset=utf-8",
                )
            };
            let mut resp = Response::new(ObjectBody::empty());
            let headers = resp.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            if method == Method::GET {
                *resp.body_mut() = ObjectBody::from_bytes(body);
            }
            return Answer::new(resp, route);
        }

        if let Some(answer) =
            crate::live::routes::answer(&self.inner.live, &self.inner.config, req, body).await
        {
            return answer;
        }
        let key = ObjectKey::from_request_path(path);
        if method == Method::OPTIONS {
            let route = key
                .as_ref()
                .map_or(Route::Rejected, |k| classify(k).1.into());
            return Answer::new(
                preflight(&self.inner.config, ALLOW, ALLOW, CORS_ALLOW_HEADERS),
                route,
            );
        }
        if !is_read {
            return Answer::new(method_not_allowed(method, path), Route::Rejected);
        }
        let key = match key {
            Ok(key) => key,
            Err(err) => {
                let kind = if err.is_not_found() {
                    ProblemType::NotFound
                } else {
                    ProblemType::BadPath
                };
                let detail = format!("refused request path: {err}");
                return Answer::new(problem::response(kind, &detail, path), Route::Rejected);
            }
        };
        serve_object(&self.inner.storage, &self.inner.config, req, &key, path).await
    }

    fn add_cors(&self, headers: &mut HeaderMap) {
        let Some(origin) = &self.inner.config.cors_allow_origin else {
            return;
        };
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, header_value(origin));
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(CORS_EXPOSE_HEADERS),
        );
        // Lets players' Resource Timing see real transfer times (throughput estimates).
        headers.insert("timing-allow-origin", header_value(origin));
        if origin != "*" {
            headers.append(header::VARY, HeaderValue::from_static("Origin"));
        }
    }
}

/// A preflight answer (`OPTIONS`): 204 with `Allow: allow`, cacheable for a day; with
/// `cors_allow_origin` configured also the CORS `methods` and request `headers` allowed (the
/// origin adds `Access-Control-Allow-Origin` to every answer).
pub(crate) fn preflight(
    config: &Config,
    allow: &'static str,
    methods: &'static str,
    headers: &'static str,
) -> Response<ObjectBody> {
    let mut resp = Response::new(ObjectBody::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    let h = resp.headers_mut();
    h.insert(header::ALLOW, HeaderValue::from_static(allow));
    if config.cors_allow_origin.is_some() {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(methods),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(headers),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("86400"),
        );
    }
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=86400"),
    );
    resp
}

/// Serves the object at `key` of `storage` (path already checked): Content-Type and
/// Cache-Control by extension, validators, conditional requests and ranges.
pub(crate) async fn serve_object<St: Storage, B>(
    storage: &St,
    config: &Config,
    req: &Request<B>,
    key: &ObjectKey,
    path: &str,
) -> Answer {
    let method = req.method();
    let (content_type, kind) = classify(key);
    let route = Route::from(kind);
    let meta = match storage.head(key).await {
        Ok(meta) => meta,
        Err(err) => return storage_failure(&err, path, route),
    };

    let mut headers = HeaderMap::new();
    headers.insert(
        header::CACHE_CONTROL,
        header_value(&config.cache.header(kind)),
    );
    headers.insert(header::ETAG, header_value(&meta.etag));
    if let Some(modified) = meta.last_modified {
        headers.insert(
            header::LAST_MODIFIED,
            header_value(&httpdate::fmt_http_date(modified)),
        );
    }
    if is_not_modified(req.headers(), &meta) {
        let mut resp = Response::new(ObjectBody::empty());
        *resp.status_mut() = StatusCode::NOT_MODIFIED;
        *resp.headers_mut() = headers;
        return Answer::new(resp, route);
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));

    let decision = if method == Method::GET {
        decide(range_header(req.headers(), &meta), meta.len)
    } else {
        RangeDecision::Full // RFC 9110 §14.2: Range applies to GET only
    };
    let (status, range) = match decision {
        RangeDecision::Partial(range) => (StatusCode::PARTIAL_CONTENT, Some(range)),
        RangeDecision::Unsatisfiable => {
            let detail = format!("no byte of the range is inside the {} bytes", meta.len);
            let mut resp = problem::response(ProblemType::RangeNotSatisfiable, &detail, path);
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_RANGE,
                header_value(&format!("bytes */{}", meta.len)),
            );
            h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
            h.insert(header::ETAG, header_value(&meta.etag));
            return Answer::new(resp, route);
        }
        _ => (StatusCode::OK, None),
    };
    let body_len = range.map_or(meta.len, |r: ByteRange| r.len());
    if let Some(range) = range {
        headers.insert(
            header::CONTENT_RANGE,
            header_value(&range.content_range(meta.len)),
        );
    }
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(body_len));
    let body = if method == Method::HEAD {
        ObjectBody::empty()
    } else {
        match storage.get(key, range).await {
            Ok(body) => body,
            Err(err) => return storage_failure(&err, path, route),
        }
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    *resp.headers_mut() = headers;
    Answer::new(resp, route)
}

/// `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2).
fn is_not_modified(headers: &HeaderMap, meta: &ObjectMeta) -> bool {
    if let Some(inm) = headers.get(header::IF_NONE_MATCH) {
        return inm.to_str().is_ok_and(|v| none_match(v, &meta.etag));
    }
    headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| not_modified_since(v, meta.last_modified))
}

/// The `Range` header, unless an `If-Range` says the client's copy is stale (§13.1.5).
fn range_header<'a>(headers: &'a HeaderMap, meta: &ObjectMeta) -> Option<&'a str> {
    let range = headers.get(header::RANGE)?.to_str().ok()?;
    match headers.get(header::IF_RANGE) {
        None => Some(range),
        Some(v) => v
            .to_str()
            .ok()
            .filter(|v| if_range_holds(v, &meta.etag, meta.last_modified))
            .map(|_| range),
    }
}

fn storage_failure(err: &StorageError, path: &str, route: Route) -> Answer {
    let response = if err.is_not_found() {
        problem::response(ProblemType::NotFound, "no object at this path", path)
    } else {
        problem::response(
            ProblemType::StorageError,
            "the storage backend failed",
            path,
        )
    };
    Answer {
        response,
        route,
        error: Some(err.to_string()),
    }
}

fn method_not_allowed(method: &Method, path: &str) -> Response<ObjectBody> {
    refuse_method(method, path, ALLOW)
}

/// 405 problem with `Allow: allow`.
pub(crate) fn refuse_method(
    method: &Method,
    path: &str,
    allow: &'static str,
) -> Response<ObjectBody> {
    let detail = format!("method {method} is not served; use {allow}");
    let mut resp = problem::response(ProblemType::MethodNotAllowed, &detail, path);
    resp.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    resp
}

fn content_length(headers: &HeaderMap) -> u64 {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// A header value from text we built; bytes a header cannot carry are replaced (never panics).
pub(crate) fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| {
        let clean: String = text
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        HeaderValue::from_str(&clean).unwrap_or(HeaderValue::from_static(""))
    })
}
