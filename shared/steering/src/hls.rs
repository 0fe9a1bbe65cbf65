//! The HLS steering manifest (draft-pantos-hls-rfc8216bis §7.1, Pathway Cloning §7.2).

use std::collections::BTreeMap;

use crate::clone::PathwayClone;
use crate::problem::{Problem, SteeringError};
use crate::validate::{Flavor, parse, validate_typed};

/// An HLS steering manifest, the JSON a steering server returns.
///
/// Member names are the spec's (`VERSION`, `TTL`, `RELOAD-URI`, `PATHWAY-PRIORITY`,
/// `PATHWAY-CLONES`); members this crate does not know are kept in [`extra`](Self::extra) and
/// written back, so a proxy does not drop them.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct HlsSteeringManifest {
    /// `VERSION`: must be 1.
    #[serde(rename = "VERSION")]
    pub version: u64,
    /// `TTL`: seconds until the client reloads the manifest.
    #[serde(rename = "TTL")]
    pub ttl: u64,
    /// `RELOAD-URI`: where to reload from (relative to this manifest's URI); absent means the
    /// same URI.
    #[serde(
        rename = "RELOAD-URI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reload_uri: Option<String>,
    /// `PATHWAY-PRIORITY`: pathway IDs, most preferred first.
    #[serde(rename = "PATHWAY-PRIORITY")]
    pub pathway_priority: Vec<String>,
    /// `PATHWAY-CLONES`: new pathways derived from existing ones.
    #[serde(
        rename = "PATHWAY-CLONES",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pathway_clones: Option<Vec<PathwayClone>>,
    /// Members this crate does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl HlsSteeringManifest {
    /// A version 1 manifest with the given TTL and priority.
    pub fn new(ttl: u64, pathway_priority: Vec<String>) -> Self {
        HlsSteeringManifest {
            version: 1,
            ttl,
            reload_uri: None,
            pathway_priority,
            pathway_clones: None,
            extra: BTreeMap::new(),
        }
    }

    /// Parses and validates; [`SteeringError::Invalid`] lists every problem.
    pub fn from_json(text: &str) -> Result<Self, SteeringError> {
        parse(text, Flavor::Hls)
    }

    /// Compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Every problem, each with a JSON pointer: `VERSION` not 1, `TTL` not a non-negative
    /// integer, an empty or duplicated priority entry, a pathway ID outside the §4.4.6.1
    /// grammar, a clone whose `BASE-ID` names no pathway of this manifest or whose `ID` is
    /// taken, a malformed `URI-REPLACEMENT`.
    pub fn validate(&self) -> Vec<Problem> {
        validate_typed(self, Flavor::Hls, &[])
    }

    /// [`validate`](Self::validate), also accepting `BASE-ID`s among `playlist_pathways` (the
    /// PATHWAY-IDs of the multivariant playlist) and rejecting clone IDs that collide with them.
    pub fn validate_with_pathways(&self, playlist_pathways: &[&str]) -> Vec<Problem> {
        validate_typed(self, Flavor::Hls, playlist_pathways)
    }
}
