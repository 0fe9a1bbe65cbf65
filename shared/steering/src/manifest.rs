//! Either kind of steering manifest, told apart by content.

use crate::dash::DashSteeringManifest;
use crate::hls::HlsSteeringManifest;
use crate::problem::{Problem, SteeringError};

/// The kind of a steering manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Kind {
    /// HLS steering manifest.
    Hls,
    /// DASH Content Steering Manifest.
    Dash,
}

/// An HLS or a DASH steering manifest.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SteeringManifest {
    /// HLS steering manifest.
    Hls(HlsSteeringManifest),
    /// DASH Content Steering Manifest.
    Dash(DashSteeringManifest),
}

impl SteeringManifest {
    /// Guesses the kind: a `SERVICE-LOCATION-PRIORITY` member means DASH, anything else is read
    /// as HLS (an ETSI DCSM with only `PATHWAY-PRIORITY` is also a valid HLS manifest when its
    /// IDs follow the HLS grammar; pass the kind explicitly to [`from_json`](Self::from_json)
    /// otherwise).
    pub fn detect_kind(text: &str) -> Kind {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(v) if v.get("SERVICE-LOCATION-PRIORITY").is_some() => Kind::Dash,
            _ => Kind::Hls,
        }
    }

    /// Parses and validates as `kind`.
    pub fn from_json(text: &str, kind: Kind) -> Result<Self, SteeringError> {
        Ok(match kind {
            Kind::Hls => SteeringManifest::Hls(HlsSteeringManifest::from_json(text)?),
            Kind::Dash => SteeringManifest::Dash(DashSteeringManifest::from_json(text)?),
        })
    }

    /// The kind.
    pub fn kind(&self) -> Kind {
        match self {
            SteeringManifest::Hls(_) => Kind::Hls,
            SteeringManifest::Dash(_) => Kind::Dash,
        }
    }

    /// Every validation problem.
    pub fn validate(&self) -> Vec<Problem> {
        match self {
            SteeringManifest::Hls(m) => m.validate(),
            SteeringManifest::Dash(m) => m.validate(),
        }
    }
}
