//! Manifests: `master.m3u8` and `manifest.mpd` (viewer JWT → personalized multivariant
//! playlist / MPD with steering) and child media playlists (URL token → every URI signed).

use crate::config::AssetKind;
use crate::edge::{Ctx, Reply};
use crate::personalize::{self, Personalization};
use crate::platform::Platform;
use crate::problem::Problem;

const HLS: &str = "application/vnd.apple.mpegurl";

fn invalid(what: &str, e: impl std::fmt::Display) -> Problem {
    crate::problem::bad_gateway("origin-manifest-invalid", format!("origin {what}: {e}"))
}

/// `GET /v1/{vod,live}/{asset}/master.m3u8`.
pub(crate) async fn multivariant<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
) -> Result<Reply<P::Stream>, Problem> {
    top_level(cx, kind, asset, false).await
}

/// `GET /v1/{vod,live}/{asset}/manifest.mpd`.
pub(crate) async fn mpd<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
) -> Result<Reply<P::Stream>, Problem> {
    top_level(cx, kind, asset, true).await
}

async fn top_level<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
    dash: bool,
) -> Result<Reply<P::Stream>, Problem> {
    let cfg = cx.asset(asset, kind)?;
    let viewer = crate::entitle::viewer(cx, kind, asset, cfg).await?;
    crate::streams::admit(cx, &viewer.claims, &viewer.session).await?;
    let file = if dash { "manifest.mpd" } else { "master.m3u8" };
    // The origin manifest, the URL token and the steering order are independent: on
    // platforms that can (Fastly, Cloudflare) the origin fetch and the pathway probes overlap.
    let (text, token, pathways) = futures_util::future::join3(
        crate::origin::text(cx, cfg, file),
        crate::entitle::url_token(cx, kind, asset, &viewer.session),
        crate::handler::steer::manifest_pathways(cx),
    )
    .await;
    let (text, token_query) = (text?, format!("hdnts={}", token?));
    cx.note(|o| o.pathway = pathways.first().map(|(id, _)| id.clone()));
    let ext = if dash { "dcsm.json" } else { "json" };
    let sig = crate::handler::steer::state_mac(cx, asset, &viewer.session, "").await?;
    let steering_uri = format!(
        "/v1/steer/{asset}.{ext}?session={}&sig={sig}",
        viewer.session
    );
    let asset_path = format!("/v1/{}/{asset}/", kind.as_str());
    let p = Personalization {
        claims: Some(&viewer.claims),
        session: Some(&viewer.session),
        caps: crate::entitle::caps(cx, &viewer.claims),
        token_query: &token_query,
        asset_path: &asset_path,
        pathways: &pathways,
        steering_uri: &steering_uri,
    };
    let (body, content_type) = if dash {
        let out =
            personalize::run_dash(&text, personalize::MPD, &p).map_err(|e| invalid("MPD", e))?;
        (out, "application/dash+xml")
    } else {
        let out = personalize::run_hls(&text, personalize::MULTIVARIANT, &p)
            .map_err(|e| invalid("playlist", e))?;
        (out, HLS)
    };
    Ok(crate::http::private(crate::http::respond(
        200,
        content_type,
        body.into_bytes(),
    )))
}

/// `GET /v1/{vod,live}/{asset}/{rendition}/{file}.m3u8`.
pub(crate) async fn media_playlist<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
    rest: &str,
) -> Result<Reply<P::Stream>, Problem> {
    let cfg = cx.asset(asset, kind)?;
    let access = crate::entitle::object(cx, kind, asset, cfg).await?;
    let text = crate::origin::text(cx, cfg, rest).await?;
    let token_query = format!("hdnts={}", access.token);
    let p = Personalization {
        claims: access.claims.as_ref(),
        session: access.session.as_deref(),
        token_query: &token_query,
        ..Personalization::default()
    };
    let out = personalize::run_hls(&text, personalize::MEDIA, &p)
        .map_err(|e| invalid(&format!("playlist {rest}"), e))?;
    Ok(crate::http::private(crate::http::respond(
        200,
        HLS,
        out.into_bytes(),
    )))
}
