//! The native host's `Platform` (`ottedge dev --runtime native`): the origin and the license
//! service in process, pathway probes and outbound requests over HTTP/1.1, in-memory KV,
//! state and cache with real expiry, dev secrets, logs on stderr, background requests as
//! tokio tasks.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited};
use ottedge_edge::{Backend, Body, FetchTimeout, Platform, PlatformError, PutMode, PutOutcome};
use ottedge_license::LicenseService;
use ottedge_origin::{LocalDir, Origin};

use crate::dev::{DEV_JWT_SECRET, DEV_LICENSE_GEO_KEY, DEV_URL_KEY, unix_now};

/// A response body the host streams to the client.
pub type HttpBody = UnsyncBoxBody<Bytes, std::io::Error>;

/// Most entries in the in-memory state store or cache; past it, expired ones are dropped and,
/// if still full, the write is refused (a store error the core fails open on).
const MAX_ENTRIES: usize = 100_000;

/// Values with an expiry.
#[derive(Default)]
pub struct Expiring<V>(Mutex<HashMap<String, (V, Instant)>>);

impl<V: Clone> Expiring<V> {
    pub fn get(&self, key: &str) -> Result<Option<V>, PlatformError> {
        let map = self.0.lock().map_err(|_| poisoned())?;
        let now = Instant::now();
        Ok(map
            .get(key)
            .filter(|(_, until)| now < *until)
            .map(|(v, _)| v.clone()))
    }

    /// Stores `value` for `ttl`; with `if_absent`, a live value is kept and returned.
    pub fn put(
        &self,
        key: &str,
        value: V,
        ttl: Duration,
        if_absent: bool,
    ) -> Result<Option<V>, PlatformError> {
        let mut map = self.0.lock().map_err(|_| poisoned())?;
        let now = Instant::now();
        if let Some((live, _)) = map.get(key).filter(|(_, until)| now < *until)
            && if_absent
        {
            return Ok(Some(live.clone()));
        }
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, until)| now < *until);
            if map.len() >= MAX_ENTRIES && !map.contains_key(key) {
                return Err(PlatformError::Store("in-memory store full".into()));
            }
        }
        map.insert(key.to_owned(), (value, now + ttl));
        Ok(None)
    }
}

fn poisoned() -> PlatformError {
    PlatformError::Store("store lock poisoned".into())
}

/// The native platform.
pub struct NativePlatform {
    pub origin: Origin<LocalDir>,
    pub license: Arc<LicenseService>,
    /// Operator documents (`/_dev/health` writes the steering health document here).
    pub kv: Mutex<HashMap<String, String>>,
    pub state: Expiring<String>,
    pub cache: Expiring<Vec<u8>>,
}

impl NativePlatform {
    pub fn new(origin: Origin<LocalDir>, license: Arc<LicenseService>) -> Self {
        Self {
            origin,
            license,
            kv: Mutex::new(HashMap::new()),
            state: Expiring::default(),
            cache: Expiring::default(),
        }
    }
}

fn unreachable(what: &str) -> impl Fn(std::io::Error) -> PlatformError + '_ {
    move |e| PlatformError::Unreachable(format!("{what} body: {e}"))
}

impl Platform for NativePlatform {
    type Stream = HttpBody;

    async fn read_body(&self, body: HttpBody) -> Result<Body, PlatformError> {
        let bytes = body.collect().await.map_err(unreachable("backend"))?;
        Ok(bytes.to_bytes().to_vec())
    }

    async fn fetch_stream(
        &self,
        backend: Backend,
        request: http::Request<Body>,
    ) -> Result<http::Response<HttpBody>, PlatformError> {
        match backend {
            Backend::Origin => Ok(self
                .origin
                .handle(&request)
                .await
                .map(BodyExt::boxed_unsync)),
            Backend::License => {
                let (parts, body) = request.into_parts();
                let request = http::Request::from_parts(parts, Bytes::from(body));
                let response = ottedge_license::http::handle(&self.license, &request, unix_now());
                Ok(response.map(|b| b.map_err(|never| match never {}).boxed_unsync()))
            }
            Backend::Pathway(_) | Backend::External => {
                let response = fetch_http(request)
                    .await
                    .map_err(|why| PlatformError::Unreachable(format!("{backend:?}: {why}")))?;
                Ok(response.map(|b| {
                    Full::new(Bytes::from(b))
                        .map_err(|never| match never {})
                        .boxed_unsync()
                }))
            }
            _ => Err(PlatformError::Unreachable(format!(
                "ottedge dev has no backend {backend:?}"
            ))),
        }
    }

    fn background_fetch(&self, backend: Backend, request: http::Request<Body>) {
        if !matches!(backend, Backend::External | Backend::Pathway(_)) {
            eprintln!("ottedge dev: background request to {backend:?} not sent");
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            eprintln!("ottedge dev: no runtime for a background request");
            return;
        };
        let uri = request.uri().clone();
        runtime.spawn(async move {
            if let Err(e) = fetch_http(request).await {
                eprintln!("ottedge dev: background request to {uri} failed: {e}");
            }
        });
    }

    async fn kv_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        self.kv
            .lock()
            .map(|kv| kv.get(key).cloned())
            .map_err(|_| poisoned())
    }

    async fn state_get(&self, key: &str) -> Result<Option<String>, PlatformError> {
        self.state.get(key)
    }

    async fn state_put(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
        mode: PutMode,
    ) -> Result<PutOutcome, PlatformError> {
        let if_absent = mode == PutMode::IfAbsent;
        Ok(
            match self.state.put(key, value.to_owned(), ttl, if_absent)? {
                Some(existing) => PutOutcome::Exists(existing),
                None => PutOutcome::Written,
            },
        )
    }

    async fn cache_get(&self, key: &str) -> Result<Option<Vec<u8>>, PlatformError> {
        self.cache.get(key)
    }

    async fn cache_put(
        &self,
        key: &str,
        value: Vec<u8>,
        ttl: Duration,
    ) -> Result<(), PlatformError> {
        self.cache.put(key, value, ttl, false).map(|_| ())
    }

    async fn secret(&self, name: &str) -> Result<Option<String>, PlatformError> {
        Ok(match name {
            "jwt_hs256" => Some(DEV_JWT_SECRET.into()),
            "url_signing_key" => Some(DEV_URL_KEY.into()),
            "license_geo_key" => Some(DEV_LICENSE_GEO_KEY.into()),
            _ => None,
        })
    }

    fn log(&self, line: &str) {
        eprintln!("{line}");
    }
}

/// One HTTP/1.1 request to the absolute `http://` URL in `request` (the steering server's
/// pathway health probes), bounded by its [`FetchTimeout`] (default 10 s).
pub async fn fetch_http(request: http::Request<Body>) -> anyhow::Result<http::Response<Body>> {
    let limit = request
        .extensions()
        .get::<FetchTimeout>()
        .map_or(std::time::Duration::from_secs(10), |t| t.0);
    let exchange = async {
        let uri = request.uri().clone();
        if uri.scheme_str() != Some("http") {
            bail!("ottedge dev only probes http:// URLs, not {uri}");
        }
        let authority = uri.authority().context("URL without a host")?.clone();
        let port = authority.port_u16().unwrap_or(80);
        let stream = tokio::net::TcpStream::connect((authority.host(), port)).await?;
        let (mut sender, connection) =
            hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
        tokio::spawn(connection);
        let (mut parts, body) = request.into_parts();
        parts.uri = uri
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str)
            .parse()?;
        parts
            .headers
            .insert(http::header::HOST, authority.as_str().parse()?);
        let response = sender
            .send_request(http::Request::from_parts(
                parts,
                Full::new(Bytes::from(body)),
            ))
            .await?;
        let (parts, body) = response.into_parts();
        let bytes = Limited::new(body, 1 << 20)
            .collect()
            .await
            .map_err(|e| anyhow::anyhow!("body: {e}"))?;
        Ok(http::Response::from_parts(parts, bytes.to_bytes().to_vec()))
    };
    tokio::time::timeout(limit, exchange)
        .await
        .map_err(|_| anyhow::anyhow!("no answer within {} ms", limit.as_millis()))?
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // test code

    use super::*;
    use ottedge_edge::{ClientInfo, Edge, EdgeBody};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("ottedge-native-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("demo")).unwrap();
        dir
    }

    fn platform(dir: &std::path::Path) -> NativePlatform {
        let (store, _) = crate::dev::open_dev_store(&dir.join("keys")).unwrap();
        NativePlatform::new(
            Origin::new(
                LocalDir::new(dir).unwrap(),
                ottedge_origin::Config::default(),
            ),
            Arc::new(crate::dev::dev_license(store)),
        )
    }

    fn edge_with(extra: serde_json::Value) -> Result<Edge, ottedge_edge::ConfigErrors> {
        let mut config = serde_json::json!({
            "version": 1,
            "assets": {"demo": {"origin_path": "/demo"}},
            "jwt": {"keys": [{"kid": "dev", "alg": "HS256", "secret_name": "jwt_hs256"}]},
            "url_signing": {"secret_name": "url_signing_key", "ttl_s": 600},
        });
        for (k, v) in extra.as_object().unwrap() {
            config[k] = v.clone();
        }
        Edge::from_config_json(&config.to_string())
    }

    fn token(sid: &str) -> String {
        let now = unix_now();
        let claims = ottedge_token::Claims {
            sub: Some("viewer".into()),
            sid: Some(sid.into()),
            exp: Some(now + 600),
            entitlements: vec!["vod/*".into()],
            ..Default::default()
        };
        let key = ottedge_token::SigningKey::hmac(Some("dev"), DEV_JWT_SECRET.as_bytes());
        ottedge_token::mint(&claims, &key).unwrap()
    }

    async fn get(edge: &Edge, p: &NativePlatform, uri: &str) -> http::Response<EdgeBody<HttpBody>> {
        let request = http::Request::get(uri).body(Vec::new()).unwrap();
        edge.handle(p, request, ClientInfo::default(), crate::dev::unix_now_ms())
            .await
    }

    #[tokio::test]
    async fn state_expires_and_first_write_wins() {
        let dir = temp_dir("state");
        let p = platform(&dir);
        let ttl = Duration::from_millis(1200);
        assert_eq!(
            p.state_put("k", "a", ttl, PutMode::IfAbsent).await.unwrap(),
            PutOutcome::Written
        );
        assert_eq!(
            p.state_put("k", "b", ttl, PutMode::IfAbsent).await.unwrap(),
            PutOutcome::Exists("a".into())
        );
        assert_eq!(p.state_get("k").await.unwrap().as_deref(), Some("a"));
        tokio::time::sleep(Duration::from_millis(1300)).await;
        assert_eq!(p.state_get("k").await.unwrap(), None);
        assert_eq!(
            p.state_put("k", "c", ttl, PutMode::IfAbsent).await.unwrap(),
            PutOutcome::Written
        );
        p.cache_put("c", b"x".to_vec(), ttl).await.unwrap();
        assert_eq!(p.cache_get("c").await.unwrap(), Some(b"x".to_vec()));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn stream_limit_ends_when_the_state_expires() {
        let dir = temp_dir("streams");
        std::fs::write(
            dir.join("demo/master.m3u8"),
            "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nlo.m3u8\n",
        )
        .unwrap();
        let p = platform(&dir);
        let edge =
            edge_with(serde_json::json!({"streams": {"window_s": 1, "default_max": 1}})).unwrap();
        let master = |sid: &str| format!("/v1/vod/demo/master.m3u8?token={}", token(sid));
        assert_eq!(get(&edge, &p, &master("s1")).await.status(), 200);
        assert_eq!(get(&edge, &p, &master("s2")).await.status(), 429);
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(get(&edge, &p, &master("s2")).await.status(), 200);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn segment_is_streamed_not_buffered() {
        let dir = temp_dir("stream");
        let size = 20 << 20;
        let data: Vec<u8> = (0..size).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(dir.join("demo/big.m4s"), &data).unwrap();
        let p = platform(&dir);
        let edge = edge_with(serde_json::json!({})).unwrap();
        let response = get(
            &edge,
            &p,
            &format!("/v1/vod/demo/big.m4s?token={}", token("s1")),
        )
        .await;
        assert_eq!(response.status(), 200);
        // The answer is ready before a byte of the body was read: the origin's file stream.
        let EdgeBody::Stream(mut body) = response.into_body() else {
            panic!("a segment must come back as a stream")
        };
        let (mut total, mut largest, mut same) = (0usize, 0usize, true);
        while let Some(frame) = body.frame().await {
            let chunk = frame.unwrap().into_data().unwrap();
            same &= data.get(total..total + chunk.len()) == Some(chunk.as_ref());
            total += chunk.len();
            largest = largest.max(chunk.len());
        }
        assert_eq!(total, size);
        assert!(same, "streamed bytes differ from the file");
        assert!(largest <= 1 << 20, "a chunk of {largest} bytes");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A sink that records the request it got and answers after `delay`.
    async fn sink(delay: Duration) -> (String, tokio::sync::oneshot::Receiver<(Instant, String)>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (tx, rx) = tokio::sync::oneshot::channel();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut seen = Vec::new();
            let mut buf = [0u8; 4096];
            while !String::from_utf8_lossy(&seen).contains("\"status\"") {
                let n = socket.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                seen.extend_from_slice(&buf[..n]);
            }
            let _ = tx.send((Instant::now(), String::from_utf8_lossy(&seen).into_owned()));
            tokio::time::sleep(delay).await;
            let _ = socket.write_all(b"HTTP/1.1 204 No Content\r\n\r\n").await;
        });
        (addr, rx)
    }

    #[tokio::test]
    async fn log_line_goes_to_the_sink_in_the_background() {
        let dir = temp_dir("sink");
        let p = platform(&dir);
        let (addr, got) = sink(Duration::from_millis(1500)).await;
        let edge = edge_with(serde_json::json!({
            "log": {"sink_url": format!("http://{addr}/log")},
            "outbound": {"allow_hosts": [addr]},
        }))
        .unwrap();
        let started = Instant::now();
        let response = get(&edge, &p, "/healthz").await;
        let answered = Instant::now();
        assert_eq!(response.status(), 200);
        assert!(
            answered - started < Duration::from_millis(500),
            "the response waited"
        );
        let (received, text) = tokio::time::timeout(Duration::from_secs(5), got)
            .await
            .unwrap()
            .unwrap();
        assert!(
            received >= answered,
            "the sink got the line before the response was ready"
        );
        assert!(text.starts_with("POST /log HTTP/1.1"), "{text}");
        let body = text.split("\r\n\r\n").nth(1).unwrap();
        let line: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(line["path"], "/healthz");
        assert_eq!(line["status"], 200);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn outbound_off_the_allow_list_or_metadata_is_refused() {
        let dir = temp_dir("ssrf");
        let p = platform(&dir);
        let (addr, got) = sink(Duration::ZERO).await;
        let edge = edge_with(serde_json::json!({
            "log": {"sink_url": format!("http://{addr}/log")},
            "outbound": {"allow_hosts": ["127.0.0.1:1"]},
        }))
        .unwrap();
        assert_eq!(get(&edge, &p, "/healthz").await.status(), 200);
        assert!(
            tokio::time::timeout(Duration::from_millis(700), got)
                .await
                .is_err(),
            "a host off the allow-list got a request"
        );
        let errors = edge_with(serde_json::json!({
            "log": {"sink_url": "http://169.254.169.254/latest/meta-data/"},
            "outbound": {"allow_hosts": ["169.254.169.254"]},
        }))
        .unwrap_err()
        .to_string();
        assert!(errors.contains("/log/sink_url"), "{errors}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
