//! Concurrent-stream accounting through the platform's state store, so the limit holds across
//! instances, POPs and CDNs: a session counts as active for `streams.window_s` after its last
//! manifest request.
//!
//! Keys (the viewer is a hash of `sub`, never the raw value): `streams/<viewer>/<session>`
//! holds `1` and expires after the window — its expiry *is* the session ending;
//! `streams/<viewer>` lists the viewer's sessions (at most [`MAX_SESSIONS_PER_VIEWER`]) and
//! expires with the last of them. The list is read, filtered to sessions whose key is still
//! live and rewritten: two manifests of one viewer in the same instant may both be admitted
//! (the list is last-writer-wins), never a session wrongly refused. A store failure admits the
//! viewer (fail open) and is logged as `state_error`.

use std::time::Duration;

use ottedge_token::Claims;

use crate::edge::Ctx;
use crate::platform::{Platform, PutMode};
use crate::problem::Problem;

/// Most sessions listed per viewer.
pub const MAX_SESSIONS_PER_VIEWER: usize = 64;

/// Records the session of the viewer; 429 when that would exceed the viewer's limit.
pub(crate) async fn admit<P: Platform>(
    cx: &Ctx<'_, P>,
    claims: &Claims,
    session: &str,
) -> Result<(), Problem> {
    let Some(sub) = claims.sub.as_deref() else {
        return Ok(());
    };
    let max = claims.max_streams.or(cx.config().streams.default_max);
    match count_and_record(cx, sub, session, max).await {
        Ok(None) => Ok(()),
        Ok(Some(active)) => Err(Problem::new(
            429,
            "too-many-streams",
            "Too many concurrent streams",
            format!("{active} streams are active for this viewer"),
        )),
        Err(e) => {
            cx.note(|o| o.state_error = Some(e.to_string()));
            Ok(())
        }
    }
}

/// `Ok(Some(active))`: refused, that many sessions are active.
async fn count_and_record<P: Platform>(
    cx: &Ctx<'_, P>,
    sub: &str,
    session: &str,
    max: Option<u32>,
) -> Result<Option<usize>, crate::PlatformError> {
    let platform = cx.platform;
    let ttl = Duration::from_secs(cx.config().streams.window_s.max(1));
    let list_key = format!("streams/{}", ottedge_token::session::short_hash(sub));
    let listed: Vec<String> = platform
        .state_get(&list_key)
        .await?
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let mut active = Vec::with_capacity(listed.len() + 1);
    for other in listed.iter().filter(|s| s.as_str() != session) {
        if platform
            .state_get(&format!("{list_key}/{other}"))
            .await?
            .is_some()
        {
            active.push(other.clone());
        }
    }
    let known = listed.iter().any(|s| s == session)
        && platform
            .state_get(&format!("{list_key}/{session}"))
            .await?
            .is_some();
    if !known
        && let Some(max) = max
        && active.len() >= max as usize
    {
        return Ok(Some(active.len()));
    }
    platform
        .state_put(
            &format!("{list_key}/{session}"),
            "1",
            ttl,
            PutMode::Overwrite,
        )
        .await?;
    active.truncate(MAX_SESSIONS_PER_VIEWER - 1);
    active.push(session.to_owned());
    let list = serde_json::to_string(&active).unwrap_or_default();
    platform
        .state_put(&list_key, &list, ttl, PutMode::Overwrite)
        .await?;
    Ok(None)
}
