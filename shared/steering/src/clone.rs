//! `PATHWAY-CLONES` entries (draft-pantos-hls-rfc8216bis §7.2; ETSI TS 103 998 clause 6.2 uses
//! the same names, and DASH clients ignore the two `PER-*` maps).

use std::collections::BTreeMap;

/// One Pathway Clone: a new pathway made from `BASE-ID` by replacing parts of its URIs.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct PathwayClone {
    /// `BASE-ID`: the pathway this clone copies.
    #[serde(rename = "BASE-ID")]
    pub base_id: String,
    /// `ID`: the new pathway's ID.
    #[serde(rename = "ID")]
    pub id: String,
    /// `URI-REPLACEMENT`: how the base pathway's URIs change.
    #[serde(rename = "URI-REPLACEMENT")]
    pub uri_replacement: UriReplacement,
    /// Members this crate does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl PathwayClone {
    /// A clone of `base_id` named `id`.
    pub fn new(
        base_id: impl Into<String>,
        id: impl Into<String>,
        uri_replacement: UriReplacement,
    ) -> Self {
        PathwayClone {
            base_id: base_id.into(),
            id: id.into(),
            uri_replacement,
            extra: BTreeMap::new(),
        }
    }
}

/// `URI-REPLACEMENT`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct UriReplacement {
    /// `HOST`: replaces the host of every URI of the base pathway.
    #[serde(rename = "HOST", default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// `PARAMS`: query parameters added to (or replaced in) every URI.
    #[serde(rename = "PARAMS", default, skip_serializing_if = "Option::is_none")]
    pub params: Option<BTreeMap<String, String>>,
    /// `PER-VARIANT-URIS` (HLS): STABLE-VARIANT-ID → URI.
    #[serde(
        rename = "PER-VARIANT-URIS",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub per_variant_uris: Option<BTreeMap<String, String>>,
    /// `PER-RENDITION-URIS` (HLS): STABLE-RENDITION-ID → URI.
    #[serde(
        rename = "PER-RENDITION-URIS",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub per_rendition_uris: Option<BTreeMap<String, String>>,
    /// Members this crate does not know, kept as sent.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}
