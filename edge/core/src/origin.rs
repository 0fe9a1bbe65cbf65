//! Requests to the packaging origin: manifests read whole (to personalize them), segments
//! streamed through untouched.

use http::{Request, Response, header};

use crate::config::AssetConfig;
use crate::edge::Ctx;
use crate::platform::{Backend, Body, Platform};
use crate::problem::Problem;

/// The origin request for `rest` below the asset, carrying the viewer's range and
/// conditional headers when `forward` is set (never tokens: path only).
fn upstream<P: Platform>(
    cx: &Ctx<'_, P>,
    cfg: &AssetConfig,
    rest: &str,
    forward: bool,
) -> Result<Request<Body>, Problem> {
    let path = format!("{}/{rest}", cfg.origin_path.trim_end_matches('/'));
    let mut upstream = Request::get(path.as_str());
    if forward {
        for name in [header::RANGE, header::IF_NONE_MATCH, header::IF_RANGE] {
            if let Some(v) = cx.request.headers().get(&name) {
                upstream = upstream.header(name, v.clone());
            }
        }
    }
    upstream
        .body(Vec::new())
        .map_err(|e| crate::problem::misconfigured(format!("origin path {path:?}: {e}")))
}

/// An object from the origin, its body left as the platform's stream.
pub(crate) async fn stream<P: Platform>(
    cx: &Ctx<'_, P>,
    cfg: &AssetConfig,
    rest: &str,
) -> Result<Response<P::Stream>, Problem> {
    let request = upstream(cx, cfg, rest, true)?;
    cx.platform
        .fetch_stream(Backend::Origin, request)
        .await
        .map_err(|e| crate::problem::bad_gateway("origin-unreachable", e.to_string()))
}

/// A manifest from the origin as text. Manifests are personalized whole: no Range, no
/// conditional request upstream.
pub(crate) async fn text<P: Platform>(
    cx: &Ctx<'_, P>,
    cfg: &AssetConfig,
    rest: &str,
) -> Result<String, Problem> {
    let request = upstream(cx, cfg, rest, false)?;
    let response = cx
        .platform
        .fetch(Backend::Origin, request)
        .await
        .map_err(|e| crate::problem::bad_gateway("origin-unreachable", e.to_string()))?;
    match response.status().as_u16() {
        200 => String::from_utf8(response.into_body()).map_err(|_| {
            crate::problem::bad_gateway("origin-manifest-invalid", format!("{rest} is not UTF-8"))
        }),
        404 => Err(Problem::not_found(format!(
            "{rest} not found at the origin"
        ))),
        s => Err(crate::problem::bad_gateway(
            "origin-error",
            format!("origin answered {s} for {rest}"),
        )),
    }
}
