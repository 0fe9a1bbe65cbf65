//! `GET /v1/steer/{asset}.json` (HLS steering manifest) and `.dcsm.json` (DASH DCSM), and the
//! steering inputs the manifests use: KV health document and clones, probes, the ranking
//! ([`crate::steer`]).

use hmac::{Hmac, Mac};
use ottedge_steering::PathwayClone;

use crate::edge::{Ctx, Reply};
use crate::platform::Platform;
use crate::problem::Problem;
use crate::steer;

/// The MAC binding steering state (session, last pathway) to the asset.
pub(crate) async fn state_mac<P: Platform>(
    cx: &Ctx<'_, P>,
    asset: &str,
    session: &str,
    last: &str,
) -> Result<String, Problem> {
    let key = cx.url_key().await?;
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(&key.mac_key)
        .map_err(|_| crate::problem::misconfigured("url signing key unusable"))?;
    mac.update(format!("steer|{asset}|{session}|{last}").as_bytes());
    let tag = mac.finalize().into_bytes();
    Ok(hex::encode(tag.get(..8).unwrap_or(&[])))
}

/// Pathways `(id, base_url)` in priority order for a manifest.
pub(crate) async fn manifest_pathways<P: Platform>(cx: &Ctx<'_, P>) -> Vec<(String, String)> {
    let (priority, _) = inputs(cx, &steer::Report::default()).await;
    let pathways = &cx.config().pathways;
    priority
        .iter()
        .filter_map(|id| {
            pathways
                .iter()
                .find(|p| &p.id == id)
                .map(|p| (p.id.clone(), p.base_url.clone()))
        })
        .collect()
}

/// Pathway ids in priority order for this viewer (health document and probes applied),
/// and the run-time clones among the candidates.
async fn inputs<P: Platform>(
    cx: &Ctx<'_, P>,
    report: &steer::Report,
) -> (Vec<String>, Vec<(PathwayClone, u64)>) {
    let config = cx.config();
    if config.pathways.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let sc = &config.steering;
    // Store failures and bad documents degrade to "all up, no clones".
    let (health, clones) = futures_util::future::join(
        cx.platform.kv_get(&sc.health_key),
        cx.platform.kv_get(&sc.clones_key),
    )
    .await;
    let mut down = match health {
        Ok(Some(doc)) => steer::parse_health(&doc).unwrap_or_default(),
        _ => Vec::new(),
    };
    let clones = match clones {
        Ok(Some(doc)) => steer::parse_clones(&doc).unwrap_or_default(),
        _ => Vec::new(),
    };
    let candidates = steer::candidates(&config.pathways, &clones, cx.client.country.as_deref());
    let clones: Vec<_> = clones
        .into_iter()
        .filter(|(c, _)| candidates.iter().any(|k| k.id == c.id))
        .collect();
    let mut order = steer::priority(&candidates, &down, report, sc);
    if let Some(probe) = &sc.probe {
        let failed = crate::probe::pathways(cx, probe, &order, &down).await;
        if !failed.is_empty() {
            down.extend(failed.iter().cloned());
            order = steer::priority(&candidates, &down, report, sc);
            cx.note(|o| o.probe_down = failed);
        }
    }
    (order, clones)
}

/// Steering state is only trusted with a valid MAC; ids are `[A-Za-z0-9._-]{1,64}`.
fn clean(v: Option<String>) -> Option<String> {
    v.filter(|s| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
    })
}

/// `/v1/steer/{asset}.json` (HLS) or `.dcsm.json` (`dash`).
pub(crate) async fn steer<P: Platform>(
    cx: &Ctx<'_, P>,
    asset: &str,
    dash: bool,
) -> Result<Reply<P::Stream>, Problem> {
    cx.note(|o| o.asset = Some(asset.to_owned()));
    if !cx.config().assets.contains_key(asset) {
        return Err(Problem::not_found(format!("unknown asset {asset:?}")));
    }
    let query = cx.request.uri().query().unwrap_or("");
    let q = |name: &str| {
        ottedge_token::query::value(query, name)
            .map(|v| ottedge_token::extract::percent_decode(v).into_owned())
    };
    let session = clean(q("session"));
    let last = clean(q("last"));
    let sig = q("sig");
    // State is only trusted with a valid MAC; otherwise the request is served statelessly.
    let (session, last) = match (&session, &sig) {
        (Some(s), Some(sig))
            if state_mac(cx, asset, s, last.as_deref().unwrap_or("")).await? == *sig =>
        {
            (session.clone(), last)
        }
        _ => (None, None),
    };
    let prefix = if dash { "_DASH_" } else { "_HLS_" };
    let lenient = ottedge_cmcd::Cmcd::from_query_lenient(&format!("?{query}")).ok();
    let report = steer::Report {
        pathway: clean(q(&format!("{prefix}pathway"))).or(last),
        throughput_bps: q(&format!("{prefix}throughput"))
            .and_then(|t| t.parse::<f64>().ok())
            .filter(|t| t.is_finite() && *t >= 0.0)
            .map(|t| t as u64)
            .or_else(|| {
                lenient
                    .and_then(|l| l.cmcd.mtp)
                    .map(|k| k.saturating_mul(1000))
            }),
    };
    let (priority, clones) = inputs(cx, &report).await;
    if priority.is_empty() {
        return Err(Problem::not_found("no pathways configured"));
    }
    let first = priority.first().cloned().unwrap_or_default();
    cx.note(|o| {
        o.pathway = Some(first.clone());
        o.session = session.clone();
    });
    let session = session.unwrap_or_default();
    let ext = if dash { "dcsm.json" } else { "json" };
    let reload = format!(
        "/v1/steer/{asset}.{ext}?session={session}&last={first}&sig={}",
        state_mac(cx, asset, &session, &first).await?
    );
    let ttl = cx.config().steering.ttl_s;
    let body = if dash {
        steer::dash_manifest(ttl, priority, reload, &clones).to_json()
    } else {
        steer::hls_manifest(ttl, priority, reload, &clones).to_json()
    };
    Ok(crate::http::private(crate::http::json(
        200,
        body.into_bytes(),
    )))
}
