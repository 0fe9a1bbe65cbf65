//! HTTP/1.1 front end (hyper 1.x): routes, CORS, problem+json, graceful shutdown.
//!
//! | route | answer |
//! |---|---|
//! | `POST /clearkey`, `POST /v1/license/clearkey` | ClearKey license JSON (EME §9.1.4) |
//! | `GET /hls/key/{kid}`, `GET /v1/license/hls/key/{kid}` | 16 raw key bytes |
//! | `GET /healthz` | `{"status":"ok"}` |
//! | `OPTIONS *` | CORS preflight (204) |
//!
//! The `/v1/license/…` spellings are the paths the edge forwards. Every answer carries
//! `Cache-Control: no-store` and CORS headers (`Access-Control-Allow-Origin: *`: the token
//! travels in `Authorization`, never in cookies the browser adds by itself, so no
//! credentialed CORS is needed). Denials are RFC 9457 problem+json with types under
//! `https://ottedge.dev/problems/` (the same prefix as the origin and the edge).

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use ottedge_problem::Problem;
use ottedge_token::{ExtractConfig, extract_token};
use tokio::net::TcpListener;

use crate::clearkey::MAX_REQUEST_LEN;
use crate::geo::GEO_HEADER;
use crate::service::{Denial, LicenseService, Viewer};

/// Problem `type` prefix shared with the origin and the edge (`ottedge_problem::TYPE_BASE`).
pub use ottedge_problem::TYPE_BASE as PROBLEM_TYPE_PREFIX;
/// Request headers a browser may send cross-origin.
pub const CORS_ALLOW_HEADERS: &str = "authorization, content-type, x-ottedge-viewer-geo";

/// Answers one request whose body was already read, at `now` (unix seconds).
pub fn handle(
    service: &LicenseService,
    request: &Request<Bytes>,
    now: u64,
) -> Response<Full<Bytes>> {
    let path = request.uri().path();
    let method = request.method();
    let mut response = if method == Method::OPTIONS {
        empty(StatusCode::NO_CONTENT)
    } else if path == "/healthz" {
        body(
            StatusCode::OK,
            "application/json",
            r#"{"status":"ok"}"#.into(),
        )
    } else if path == "/clearkey" || path == "/v1/license/clearkey" {
        if method == Method::POST {
            match service.clearkey(viewer(request).as_viewer(), request.body(), now) {
                Ok(json) => body(StatusCode::OK, "application/json", json.into()),
                Err(denial) => problem(&denial),
            }
        } else {
            method_not_allowed("POST, OPTIONS")
        }
    } else if let Some(kid) = path
        .strip_prefix("/hls/key/")
        .or_else(|| path.strip_prefix("/v1/license/hls/key/"))
    {
        if method == Method::GET {
            match service.hls_key(viewer(request).as_viewer(), kid, now) {
                Ok(key) => body(
                    StatusCode::OK,
                    "application/octet-stream",
                    Bytes::copy_from_slice(&key),
                ),
                Err(denial) => problem(&denial),
            }
        } else {
            method_not_allowed("GET, OPTIONS")
        }
    } else {
        plain_problem(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            "no such route",
        )
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    if method == Method::OPTIONS {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(CORS_ALLOW_HEADERS),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    response
}

struct Extracted {
    token: Option<String>,
    geo: Option<String>,
}

impl Extracted {
    fn as_viewer(&self) -> Viewer<'_> {
        Viewer {
            token: self.token.as_deref(),
            geo: self.geo.as_deref(),
        }
    }
}

fn viewer(request: &Request<Bytes>) -> Extracted {
    let h = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    let token = extract_token(
        h("authorization"),
        request.uri().query(),
        h("cookie"),
        &ExtractConfig::default(),
    )
    .map(|(_, t)| t.into_owned());
    Extracted {
        token,
        geo: h(GEO_HEADER).map(str::to_owned),
    }
}

fn body(status: StatusCode, content_type: &'static str, bytes: Bytes) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(bytes));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn empty(status: StatusCode) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::new()));
    *r.status_mut() = status;
    r
}

fn method_not_allowed(allow: &'static str) -> Response<Full<Bytes>> {
    let mut r = plain_problem(
        StatusCode::METHOD_NOT_ALLOWED,
        "method-not-allowed",
        "Method not allowed",
        allow,
    );
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    r
}

/// The problem+json answer for a denial.
pub fn problem(denial: &Denial) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(denial.status()).unwrap_or(StatusCode::FORBIDDEN);
    plain_problem(
        status,
        denial.problem_type(),
        denial.title(),
        &denial.to_string(),
    )
}

fn plain_problem(
    status: StatusCode,
    name: &'static str,
    title: &'static str,
    detail: &str,
) -> Response<Full<Bytes>> {
    let problem = Problem::new(status.as_u16(), name, title, detail);
    body(
        status,
        ottedge_problem::CONTENT_TYPE,
        problem.to_json().into(),
    )
}

/// Serves `listener` until `shutdown` completes, then drains in-flight requests (≤ 5 s).
pub async fn serve(
    service: Arc<LicenseService>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = service.clone();
        let svc = service_fn(move |req: Request<Incoming>| {
            let service = service.clone();
            async move { Ok::<_, Infallible>(answer(&service, req).await) }
        });
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(Duration::from_secs(10))
            .serve_connection(TokioIo::new(stream), svc);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    Ok(())
}

async fn answer(service: &LicenseService, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, incoming) = request.into_parts();
    let bytes = match Limited::new(incoming, MAX_REQUEST_LEN).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return plain_problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "bad-license-request",
                "Bad license request",
                "request body too large or unreadable",
            );
        }
    };
    let request = Request::from_parts(parts, bytes);
    handle(service, &request, unix_now())
}

fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
