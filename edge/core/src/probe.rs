//! Active pathway health probes (`steering.probe`): `GET {base_url}{path}`, answered 2xx
//! within the timeout. A result is reused for `probe.cache_ms`: from the instance's memory
//! (Cloudflare isolates and the native host serve many requests per instance), else from the
//! platform cache (what carries it across Fastly's one-request instances), else probed.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use http::{Method, Request};

use crate::config::ProbeConfig;
use crate::edge::Ctx;
use crate::platform::{Backend, FetchTimeout, Platform};

/// Recent probe results of one instance: pathway id → (valid until, unix ms; answered).
#[derive(Default)]
pub(crate) struct Memory(Mutex<BTreeMap<String, (u64, bool)>>);

impl Memory {
    fn get(&self, id: &str, now_ms: u64) -> Option<bool> {
        let map = self.0.lock().ok()?;
        map.get(id)
            .filter(|(until, _)| now_ms < *until)
            .map(|(_, up)| *up)
    }

    fn put(&self, id: &str, until_ms: u64, up: bool) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(id.to_owned(), (until_ms, up));
        }
    }
}

/// `until_ms:1` (answered) or `until_ms:0`, as kept in the platform cache.
fn cached(text: &[u8], now_ms: u64) -> Option<(u64, bool)> {
    let (until, up) = std::str::from_utf8(text).ok()?.split_once(':')?;
    let until: u64 = until.parse().ok()?;
    (now_ms < until).then_some((until, up == "1"))
}

/// Probes pathways in `order` until one answers; returns those that failed. Pathways already
/// down, run-time clones (no `base_url` of their own) and the pathway serving this request
/// count as answering without a probe.
pub(crate) async fn pathways<P: Platform>(
    cx: &Ctx<'_, P>,
    probe: &ProbeConfig,
    order: &[String],
    down: &[String],
) -> Vec<String> {
    let here = crate::http::request_authority(cx.request);
    let mut failed = Vec::new();
    for id in order {
        if down.contains(id) {
            break; // only pathways marked down remain
        }
        let Some(pathway) = cx.config().pathways.iter().find(|p| &p.id == id) else {
            break;
        };
        if here.is_some() && crate::http::authority_of(&pathway.base_url) == here {
            break;
        }
        if !up(cx, probe, id, &pathway.base_url).await {
            failed.push(id.clone());
            continue;
        }
        break;
    }
    failed
}

async fn up<P: Platform>(cx: &Ctx<'_, P>, probe: &ProbeConfig, id: &str, base: &str) -> bool {
    let now = cx.now_ms;
    let memory = &cx.edge.probes;
    if let Some(up) = memory.get(id, now) {
        return up;
    }
    let key = format!("probe/{id}");
    if probe.cache_ms > 0
        && let Ok(Some(text)) = cx.platform.cache_get(&key).await
        && let Some((until, up)) = cached(&text, now)
    {
        memory.put(id, until, up);
        return up;
    }
    let up = once(cx.platform, id, base, probe).await;
    if probe.cache_ms > 0 {
        let until = now.saturating_add(probe.cache_ms);
        memory.put(id, until, up);
        let value = format!("{until}:{}", u8::from(up)).into_bytes();
        let ttl = Duration::from_millis(probe.cache_ms.div_ceil(1000).saturating_mul(1000));
        let _ = cx.platform.cache_put(&key, value, ttl).await; // a cache miss next time is fine
    }
    up
}

/// One probe.
async fn once<P: Platform>(platform: &P, id: &str, base_url: &str, probe: &ProbeConfig) -> bool {
    let url = format!("{base_url}{}", probe.path);
    let Ok(mut upstream) = Request::builder()
        .method(Method::GET)
        .uri(url)
        .body(Vec::new())
    else {
        return false;
    };
    upstream
        .extensions_mut()
        .insert(FetchTimeout(Duration::from_millis(probe.timeout_ms)));
    matches!(
        platform.fetch(Backend::Pathway(id.to_owned()), upstream).await,
        Ok(r) if r.status().is_success()
    )
}
