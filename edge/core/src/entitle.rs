//! Entitlement: viewer token → claims → geo and blackouts → session id, and the signed-URL
//! check for child playlists and segments.
//!
//! Geo comes only from [`ClientInfo`](crate::ClientInfo) (the CDN's own data, [`crate::geo`]).

use std::borrow::Cow;

use http::{HeaderValue, header};
use ottedge_token::{Claims, ExtractConfig, TokenParams};

use crate::config::{AssetConfig, AssetKind, Caps};
use crate::device::{DeviceClass, device_class};
use crate::edge::Ctx;
use crate::geo::GeoDenial;
use crate::platform::Platform;
use crate::problem::Problem;

/// An entitled viewer: the verified claims and the session id.
pub(crate) struct Viewer {
    pub claims: Claims,
    pub session: String,
}

/// The viewer token from `Authorization: Bearer`, `?token=` or the cookie.
pub(crate) fn viewer_token<'r, P: Platform>(cx: &Ctx<'r, P>) -> Option<Cow<'r, str>> {
    let request = cx.request;
    let h = |name| {
        request
            .headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let config = ExtractConfig {
        query_param: "token".into(),
        cookie_name: cx.config().jwt.cookie.clone(),
    };
    ottedge_token::extract_token(
        h(header::AUTHORIZATION),
        request.uri().query(),
        h(header::COOKIE),
        &config,
    )
    .map(|(_, t)| t)
}

/// The viewer JWT, found and verified.
pub(crate) async fn verify_viewer<'r, P: Platform>(
    cx: &Ctx<'r, P>,
) -> Result<(Cow<'r, str>, ottedge_token::Verified), Problem> {
    let token = viewer_token(cx)
        .ok_or_else(|| crate::problem::from_token(&ottedge_token::TokenError::Missing))?;
    let verified = cx
        .edge
        .keys
        .verify(cx.config(), cx.platform, &token, cx.now_ms)
        .await?;
    Ok((token, verified))
}

/// JWT + entitlement + token countries + asset geo.
pub(crate) async fn viewer<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
    cfg: &AssetConfig,
) -> Result<Viewer, Problem> {
    let (token, verified) = verify_viewer(cx).await?;
    let claims = verified.claims;
    claims
        .check_access(
            &format!("{}/{asset}", kind.as_str()),
            cx.client.country.as_deref(),
        )
        .map_err(|e| crate::problem::from_token(&e))?;
    check_geo(cx, cfg)?;
    let session = ottedge_token::session_id(claims.sid.as_deref(), &token);
    cx.note(|o| {
        o.session = Some(session.clone());
        o.sub_hash = claims
            .sub
            .as_deref()
            .map(ottedge_token::session::short_hash);
    });
    Ok(Viewer { claims, session })
}

fn check_geo<P: Platform>(cx: &Ctx<'_, P>, cfg: &AssetConfig) -> Result<(), Problem> {
    crate::geo::check(&cfg.geo, cx.client, cx.now_s()).map_err(|d| match d {
        GeoDenial::Blackout { index } => Problem::new(
            451,
            "blackout",
            "Blacked out in your region",
            format!("blackout window {index} applies"),
        ),
        GeoDenial::Country { country } => Problem::new(
            451,
            "geo-denied",
            "Unavailable in your country",
            format!(
                "country {} is not allowed for this asset",
                country.as_deref().unwrap_or("unknown")
            ),
        ),
    })
}

/// A signed-URL token for everything below the asset, bound to the session.
pub(crate) async fn url_token<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
    session: &str,
) -> Result<String, Problem> {
    let key = cx.url_key().await?;
    let params = TokenParams {
        exp: cx.now_s().saturating_add(cx.config().url_signing.ttl_s),
        session_id: Some(session.to_owned()),
        ..TokenParams::default()
    };
    let acl = format!("/v1/{}/{asset}/*", kind.as_str());
    key.auth
        .sign_acl(&[acl.as_str()], &params)
        .map(|t| t.encode())
        .map_err(|e| crate::problem::from_url_token(&e))
}

/// Who may fetch a child playlist or segment.
pub(crate) struct ObjectAccess {
    /// The `hdnts` token for the children's URIs (the request's own, or a fresh one).
    pub token: String,
    /// The session, from the URL token's `id` or the viewer token.
    pub session: Option<String>,
    /// The claims, when a viewer token (not a URL token) authorized the request.
    pub claims: Option<Claims>,
}

/// Signed-URL check for child playlists and segments (one HMAC); without `hdnts`, a viewer
/// token is accepted instead (a fresh URL token is then minted for the children). Geo rules
/// are re-applied either way (cheap, and blackouts start mid-stream).
pub(crate) async fn object<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
    cfg: &AssetConfig,
) -> Result<ObjectAccess, Problem> {
    let query = cx.request.uri().query().unwrap_or("");
    if let Some(raw) = ottedge_token::query::value(query, "hdnts") {
        let key = cx.url_key().await?;
        // Players that rebuild the query with URLSearchParams (hls.js adding CMCD)
        // percent-encode `=`, `~` and `/`; our tokens carry no escaped fields
        // (escape_early off), so decoding restores exactly the signed text.
        let raw = ottedge_token::extract::percent_decode(raw);
        let token = key
            .auth
            .verify(&raw, cx.request.uri().path(), cx.now_s())
            .map_err(|e| crate::problem::from_url_token(&e))?;
        cx.note(|o| o.session = token.id.clone());
        crate::geo::check(&cfg.geo, cx.client, cx.now_s()).map_err(|_| {
            Problem::new(
                451,
                "geo-denied",
                "Unavailable in your region",
                "geo rules deny this viewer now",
            )
        })?;
        return Ok(ObjectAccess {
            token: raw.into_owned(),
            session: token.id,
            claims: None,
        });
    }
    if viewer_token(cx).is_none() {
        return Err(crate::problem::from_url_token(
            &ottedge_token::UrlTokenError::Missing,
        ));
    }
    let viewer = viewer(cx, kind, asset, cfg).await?;
    let token = url_token(cx, kind, asset, &viewer.session).await?;
    Ok(ObjectAccess {
        token,
        session: Some(viewer.session),
        claims: Some(viewer.claims),
    })
}

/// Rendition caps from the token tier (or `default_tier`) and the device class.
pub(crate) fn caps<P: Platform>(cx: &Ctx<'_, P>, claims: &Claims) -> Vec<Caps> {
    let config = cx.config();
    let headers = cx.request.headers();
    let mut caps = Vec::new();
    let tier = claims.tier.as_ref().or(config.default_tier.as_ref());
    if let Some(c) = tier.and_then(|t| config.tiers.get(t)) {
        caps.push(*c);
    }
    let class = device_class(headers);
    if let Some(c) = config.devices.get(class.as_str()) {
        caps.push(*c);
    }
    if class == DeviceClass::Mobile
        && let Some(width) = crate::device::viewport_width(headers)
    {
        // A phone never needs more lines than ~2× its CSS viewport width in 16:9.
        caps.push(Caps {
            max_height: Some(width.saturating_mul(2).saturating_mul(9) / 16),
            max_bandwidth: None,
        });
    }
    caps
}
