//! The content steering server (draft-pantos-hls-rfc8216bis §7.1–7.2 steering manifest;
//! ETSI TS 103 998 DCSM): pathway priority from config weights, the viewer's country, a
//! health document and the throughput the player reports.
//!
//! Order: pathways that are up before those marked down (`{"cdn": {"up": false}}` in the
//! health document); then the current pathway is demoted when the player reports a
//! throughput (`_HLS_throughput` / `_DASH_throughput` in bit/s, or CMCD `mtp` in kbit/s)
//! below `steering.min_throughput_bps`; then higher weight (country override first); then
//! config order. Session state (session id, last pathway) rides in `RELOAD-URI`, bound by an
//! HMAC so a player cannot forge another session's state; a bad MAC just drops the state.

use std::collections::BTreeMap;

use ottedge_steering::{DashSteeringManifest, HlsSteeringManifest, PathwayClone};
use serde_json::Value;

use crate::config::{PathwayConfig, SteeringConfig};

/// A pathway as scored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// Pathway id.
    pub id: String,
    /// Weight after the country override.
    pub weight: u64,
    /// Position in config (clones follow the configured pathways).
    pub order: usize,
}

/// What the player told us on this steering request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The pathway the player is on (`_HLS_pathway`, `_DASH_pathway`, else the state's last).
    pub pathway: Option<String>,
    /// Measured throughput, bit/s.
    pub throughput_bps: Option<u64>,
}

/// Run-time clones read from KV: a JSON array of PATHWAY-CLONES entries, each optionally with
/// a `WEIGHT` (default 1) used for priority and removed before the entry goes to players.
pub fn parse_clones(text: &str) -> Result<Vec<(PathwayClone, u64)>, String> {
    let items: Vec<Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (i, mut item) in items
        .into_iter()
        .take(ottedge_steering::MAX_LIST_ENTRIES)
        .enumerate()
    {
        let weight = item
            .as_object_mut()
            .and_then(|m| m.remove("WEIGHT"))
            .and_then(|w| w.as_u64())
            .unwrap_or(1);
        let clone: PathwayClone = serde_json::from_value(item).map_err(|e| format!("/{i}: {e}"))?;
        out.push((clone, weight));
    }
    Ok(out)
}

/// Pathway ids marked down in a health document `{id: {"up": bool}}`.
pub fn parse_health(text: &str) -> Result<Vec<String>, String> {
    let doc: BTreeMap<String, Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
    Ok(doc
        .into_iter()
        .filter(|(_, v)| v.get("up").and_then(Value::as_bool) == Some(false))
        .map(|(k, _)| k)
        .collect())
}

/// The candidates: configured pathways (with the country's weight) and clones whose base
/// exists.
pub fn candidates(
    pathways: &[PathwayConfig],
    clones: &[(PathwayClone, u64)],
    country: Option<&str>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = pathways
        .iter()
        .enumerate()
        .map(|(order, p)| Candidate {
            id: p.id.clone(),
            weight: country
                .and_then(|c| p.country_weights.get(&c.to_ascii_uppercase()))
                .copied()
                .unwrap_or(p.weight),
            order,
        })
        .collect();
    for (clone, weight) in clones {
        if out.iter().any(|c| c.id == clone.base_id) && !out.iter().any(|c| c.id == clone.id) {
            out.push(Candidate {
                id: clone.id.clone(),
                weight: *weight,
                order: out.len(),
            });
        }
    }
    out
}

/// Orders candidates (see the module docs).
pub fn priority(
    candidates: &[Candidate],
    down: &[String],
    report: &Report,
    config: &SteeringConfig,
) -> Vec<String> {
    let slow = report
        .throughput_bps
        .is_some_and(|t| config.min_throughput_bps > 0 && t < config.min_throughput_bps);
    let mut ranked: Vec<&Candidate> = candidates.iter().collect();
    ranked.sort_by_key(|c| {
        let is_down = down.contains(&c.id);
        let demoted = slow && report.pathway.as_deref() == Some(c.id.as_str());
        (is_down, demoted, std::cmp::Reverse(c.weight), c.order)
    });
    ranked.into_iter().map(|c| c.id.clone()).collect()
}

/// An HLS steering manifest.
pub fn hls_manifest(
    ttl: u64,
    priority: Vec<String>,
    reload_uri: String,
    clones: &[(PathwayClone, u64)],
) -> HlsSteeringManifest {
    let mut m = HlsSteeringManifest::new(ttl, priority);
    m.reload_uri = Some(reload_uri);
    if !clones.is_empty() {
        m.pathway_clones = Some(clones.iter().map(|(c, _)| c.clone()).collect());
    }
    m
}

/// A DASH steering manifest (DCSM).
pub fn dash_manifest(
    ttl: u64,
    priority: Vec<String>,
    reload_uri: String,
    clones: &[(PathwayClone, u64)],
) -> DashSteeringManifest {
    let mut m = DashSteeringManifest::new(ttl, priority);
    m.reload_uri = Some(reload_uri);
    if !clones.is_empty() {
        m.pathway_clones = Some(clones.iter().map(|(c, _)| c.clone()).collect());
    }
    m
}
