//! The DASH Content Steering Manifest, DCSM (ETSI TS 103 998 V1.1.1 clause 6, which adopted the
//! DASH-IF "Content Steering for DASH" community review draft).
//!
//! The published standard uses the HLS member names (`PATHWAY-PRIORITY`); the DASH-IF draft
//! (CTS 00XX v0.9.0) called the list `SERVICE-LOCATION-PRIORITY`, and dash.js and video.js still
//! read it. Both are typed here; a valid DCSM has at least one. IDs are `@serviceLocation`
//! values (any non-empty string). Pathway clones use `HOST` and `PARAMS`; the HLS-only
//! `PER-VARIANT-URIS` / `PER-RENDITION-URIS` are kept but ignored by DASH clients.

use std::collections::BTreeMap;

use crate::clone::PathwayClone;
use crate::problem::{Problem, SteeringError};
use crate::validate::{Flavor, parse, validate_typed};

/// A DASH Content Steering Manifest.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct DashSteeringManifest {
    /// `VERSION`: must be 1.
    #[serde(rename = "VERSION")]
    pub version: u64,
    /// `TTL`: seconds until the client reloads the manifest.
    #[serde(rename = "TTL")]
    pub ttl: u64,
    /// `RELOAD-URI`.
    #[serde(
        rename = "RELOAD-URI",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reload_uri: Option<String>,
    /// `PATHWAY-PRIORITY` (ETSI TS 103 998): service locations, most preferred first.
    #[serde(
        rename = "PATHWAY-PRIORITY",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub pathway_priority: Option<Vec<String>>,
    /// `SERVICE-LOCATION-PRIORITY` (DASH-IF draft name of the same list).
    #[serde(
        rename = "SERVICE-LOCATION-PRIORITY",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub service_location_priority: Option<Vec<String>>,
    /// `PATHWAY-CLONES`.
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

impl DashSteeringManifest {
    /// A version 1 DCSM with the standard's `PATHWAY-PRIORITY`.
    pub fn new(ttl: u64, pathway_priority: Vec<String>) -> Self {
        DashSteeringManifest {
            version: 1,
            ttl,
            reload_uri: None,
            pathway_priority: Some(pathway_priority),
            service_location_priority: None,
            pathway_clones: None,
            extra: BTreeMap::new(),
        }
    }

    /// The priority list a client uses: `PATHWAY-PRIORITY`, else `SERVICE-LOCATION-PRIORITY`.
    pub fn priority(&self) -> &[String] {
        self.pathway_priority
            .as_deref()
            .or(self.service_location_priority.as_deref())
            .unwrap_or(&[])
    }

    /// Parses and validates; [`SteeringError::Invalid`] lists every problem.
    pub fn from_json(text: &str) -> Result<Self, SteeringError> {
        parse(text, Flavor::Dash)
    }

    /// Compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Every problem, each with a JSON pointer (see [`HlsSteeringManifest::validate`](crate::HlsSteeringManifest::validate);
    /// DASH ids are not held to the HLS pathway-ID grammar).
    pub fn validate(&self) -> Vec<Problem> {
        validate_typed(self, Flavor::Dash, &[])
    }

    /// [`validate`](Self::validate), also accepting `BASE-ID`s among `service_locations` (the
    /// `@serviceLocation` values of the MPD).
    pub fn validate_with_pathways(&self, service_locations: &[&str]) -> Vec<Problem> {
        validate_typed(self, Flavor::Dash, service_locations)
    }
}
