//! The route → handler map: which methods each route takes and which handler answers it.

use http::Method;

use crate::edge::{Ctx, Reply};
use crate::handler::{license, manifest, object, steer};
use crate::platform::Platform;
use crate::problem::Problem;
use crate::route::Route;

/// Whether `route` answers `method` (OPTIONS is answered for every route before this).
pub(crate) fn allows(route: &Route, method: &Method) -> bool {
    match route {
        Route::License { .. } => method == Method::GET || method == Method::POST,
        _ => method == Method::GET || method == Method::HEAD,
    }
}

/// Runs the handler for `route`.
pub(crate) async fn route<P: Platform>(
    cx: &Ctx<'_, P>,
    route: &Route,
) -> Result<Reply<P::Stream>, Problem> {
    match route {
        Route::Health => Ok(crate::http::json(200, br#"{"status":"ok"}"#.to_vec())),
        Route::Multivariant { kind, asset } => manifest::multivariant(cx, *kind, asset).await,
        Route::Mpd { kind, asset } => manifest::mpd(cx, *kind, asset).await,
        Route::MediaPlaylist { kind, asset, rest } => {
            manifest::media_playlist(cx, *kind, asset, rest).await
        }
        Route::Segment { kind, asset, rest } => object::segment(cx, *kind, asset, rest).await,
        Route::Steer { asset, dash } => steer::steer(cx, asset, *dash).await,
        Route::License { rest } => license::license(cx, rest).await,
    }
}
