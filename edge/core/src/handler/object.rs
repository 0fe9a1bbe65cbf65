//! `GET /v1/{vod,live}/{asset}/{path}`: init and media segments, streamed from the origin
//! (the body never enters the edge's memory), with the origin's caching headers.

use crate::config::AssetKind;
use crate::edge::{Ctx, Reply};
use crate::platform::{EdgeBody, Platform};
use crate::problem::Problem;

pub(crate) async fn segment<P: Platform>(
    cx: &Ctx<'_, P>,
    kind: AssetKind,
    asset: &str,
    rest: &str,
) -> Result<Reply<P::Stream>, Problem> {
    let cfg = cx.asset(asset, kind)?;
    crate::entitle::object(cx, kind, asset, cfg).await?;
    let upstream = crate::origin::stream(cx, cfg, rest).await?;
    Ok(crate::http::pass_through(upstream).map(EdgeBody::Stream))
}
