//! `POST /v1/license/clearkey`, `GET /v1/license/hls/key/{kid}`: the viewer JWT is checked
//! here, then the request goes to the license service with the token and the viewer's
//! country in a header the edge signs (`ottedge_token::license_geo`, which the license
//! service verifies).

use http::{Request, header};

use crate::edge::{Ctx, Reply};
use crate::platform::{Backend, EdgeBody, Platform};
use crate::problem::Problem;

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
        .header(
            ottedge_token::license_geo::HEADER,
            ottedge_token::license_geo::sign(&key, &country, exp),
        );
    if let Some(ct) = request.headers().get(header::CONTENT_TYPE) {
        upstream = upstream.header(header::CONTENT_TYPE, ct.clone());
    }
    let upstream = upstream
        .body(request.body().clone())
        .map_err(|e| crate::problem::misconfigured(e.to_string()))?;
    let response = cx
        .platform
        .fetch(Backend::License, upstream)
        .await
        .map_err(|e| crate::problem::bad_gateway("license-unreachable", e.to_string()))?;
    Ok(crate::http::private(
        crate::http::pass_through(response).map(EdgeBody::Bytes),
    ))
}
