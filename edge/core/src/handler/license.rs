//! `POST /v1/license/clearkey`, `GET /v1/license/hls/key/{kid}`: the viewer JWT is checked
//! here, then the request goes to the license service with the token and the viewer's
//! country in a header the edge signs ([`license_geo_header`]).

use http::{Request, header};

use crate::edge::{Ctx, Reply};
use crate::platform::{Backend, EdgeBody, Platform};
use crate::problem::Problem;

/// Request header to the license service with the viewer's country, signed by the edge.
pub const LICENSE_GEO_HEADER: &str = "x-ottedge-viewer-geo";

pub(crate) async fn license<P: Platform>(
    cx: &Ctx<'_, P>,
    rest: &str,
) -> Result<Reply<P::Stream>, Problem> {
    let (token, verified) = crate::entitle::verify_viewer(cx).await?;
    if !verified.claims.allows_country(cx.client.country.as_deref()) {
        return Err(Problem::new(
            451,
            "country-not-allowed",
            "Unavailable in your country",
            "token countries exclude this viewer",
        ));
    }
    let country = cx
        .client
        .country
        .clone()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let exp = cx.now_s().saturating_add(cx.config().license.ttl_s);
    let key = cx
        .edge
        .keys
        .license_geo(cx.config(), cx.platform, cx.now_ms)
        .await?;
    let request = cx.request;
    let mut upstream = Request::builder()
        .method(request.method().clone())
        .uri(format!("/v1/license/{rest}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(LICENSE_GEO_HEADER, license_geo_header(&key, &country, exp));
    if let Some(ct) = request.headers().get(header::CONTENT_TYPE) {
        upstream = upstream.header(header::CONTENT_TYPE, ct.clone());
    }
    let upstream = upstream
        .body(request.body().clone())
        .map_err(|e| Problem::misconfigured(e.to_string()))?;
    let response = cx
        .platform
        .fetch(Backend::License, upstream)
        .await
        .map_err(|e| Problem::bad_gateway("license-unreachable", e.to_string()))?;
    Ok(crate::http::private(
        crate::http::pass_through(response).map(EdgeBody::Bytes),
    ))
}

/// The signed geo header value for the license service:
/// `country=US;exp=1800000060;sig=<hex HMAC-SHA256(key, "US|1800000060")>`.
pub fn license_geo_header(key: &[u8], country: &str, exp: u64) -> String {
    use hmac::{Hmac, Mac};
    let sig = Hmac::<sha2::Sha256>::new_from_slice(key)
        .map(|mut mac| {
            mac.update(format!("{country}|{exp}").as_bytes());
            crate::log::hex(&mac.finalize().into_bytes())
        })
        .unwrap_or_default();
    format!("country={country};exp={exp};sig={sig}")
}
