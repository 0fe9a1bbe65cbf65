//! `<MediaFile>` (VAST 4.3 §3.9.3.1): one rendition of a Linear creative.

use crate::error::VastError;
use crate::node::Node;

/// A media file of a Linear creative.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct MediaFile {
    /// The file's URL (the element's text).
    pub url: String,
    /// `@id`.
    pub id: Option<String>,
    /// `@delivery`: `progressive` or `streaming`.
    pub delivery: Option<String>,
    /// `@type`: MIME type, e.g. `video/mp4`.
    pub mime_type: Option<String>,
    /// `@width` in pixels.
    pub width: Option<u32>,
    /// `@height` in pixels.
    pub height: Option<u32>,
    /// `@bitrate` in kbit/s (average, or the constant rate).
    pub bitrate: Option<u32>,
    /// `@minBitrate` in kbit/s.
    pub min_bitrate: Option<u32>,
    /// `@maxBitrate` in kbit/s.
    pub max_bitrate: Option<u32>,
    /// `@codec` (RFC 6381 or free text, e.g. `H.264`).
    pub codec: Option<String>,
    /// `@apiFramework` (e.g. `VPAID`: not a file a stitcher can use).
    pub api_framework: Option<String>,
}

impl MediaFile {
    pub(crate) fn read(node: Node<'_>) -> Result<Self, VastError> {
        let url = node.text();
        if url.is_empty() {
            return Err(node.malformed("no URL"));
        }
        Ok(Self {
            url,
            id: node.attr("id"),
            delivery: node.attr("delivery"),
            mime_type: node.attr("type"),
            width: node.u32_attr("width")?,
            height: node.u32_attr("height")?,
            bitrate: node.u32_attr("bitrate")?,
            min_bitrate: node.u32_attr("minBitrate")?,
            max_bitrate: node.u32_attr("maxBitrate")?,
            codec: node.attr("codec"),
            api_framework: node.attr("apiFramework"),
        })
    }
}
