//! `<Linear>` (VAST 4.3 §3.9): a linear (video or audio) creative — its duration, media
//! files, tracking, skip offset, ad parameters and clicks.

use crate::error::VastError;
use crate::media_file::MediaFile;
use crate::node::Node;
use crate::time::{Offset, parse_clock};
use crate::tracking::{Tracking, tracking_events};

/// `<AdParameters>` (§3.9.4): data passed to the creative.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AdParameters {
    /// The text.
    pub value: String,
    /// `@xmlEncoded`.
    pub xml_encoded: bool,
}

/// A Linear creative.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Linear {
    /// `<Duration>` in ms: required in an InLine, absent in a Wrapper.
    pub duration_ms: Option<u64>,
    /// `@skipoffset`.
    pub skipoffset: Option<Offset>,
    /// `<MediaFiles>/<MediaFile>` in document order.
    pub media_files: Vec<MediaFile>,
    /// `<MediaFiles>/<Mezzanine>` URLs (VAST 4: the source file an SSAI service transcodes).
    pub mezzanine: Vec<String>,
    /// `<TrackingEvents>/<Tracking>` in document order.
    pub tracking: Vec<Tracking>,
    /// `<AdParameters>`.
    pub ad_parameters: Option<AdParameters>,
    /// `<VideoClicks>/<ClickThrough>`.
    pub click_through: Option<String>,
    /// `<VideoClicks>/<ClickTracking>`.
    pub click_tracking: Vec<String>,
}

impl Linear {
    pub(crate) fn read(node: Node<'_>, in_wrapper: bool) -> Result<Self, VastError> {
        let duration_ms = node.with("Duration", |d| {
            let text = d.text();
            parse_clock(&text).ok_or_else(|| d.malformed(format!("{text:?} is not HH:MM:SS[.mmm]")))
        })?;
        if duration_ms.is_none() && !in_wrapper {
            return Err(node.malformed("an InLine Linear needs a <Duration>"));
        }
        let skipoffset = match node.attr("skipoffset") {
            None => None,
            Some(text) => Some(Offset::parse(&text).ok_or_else(|| {
                node.malformed(format!(
                    "@skipoffset {text:?} is neither HH:MM:SS[.mmm] nor n%"
                ))
            })?),
        };
        let files = node.with("MediaFiles", |files| {
            Ok((
                files.each("MediaFile", MediaFile::read)?,
                files.child_texts("Mezzanine"),
            ))
        })?;
        let (media_files, mezzanine) = files.unwrap_or_default();
        let ad_parameters = node.with("AdParameters", |p| {
            Ok(AdParameters {
                value: p.text(),
                xml_encoded: p.bool_attr("xmlEncoded")?.unwrap_or(false),
            })
        })?;
        let clicks = node.with("VideoClicks", |c| {
            Ok((c.child_text("ClickThrough"), c.child_texts("ClickTracking")))
        })?;
        let (click_through, click_tracking) = clicks.unwrap_or_default();
        Ok(Self {
            duration_ms,
            skipoffset,
            media_files,
            mezzanine,
            tracking: tracking_events(node)?,
            ad_parameters,
            click_through,
            click_tracking,
        })
    }

    /// The URLs of `event` (as VAST spells it), in document order.
    pub fn tracking_urls<'a>(&'a self, event: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.tracking
            .iter()
            .filter(move |t| t.event == event)
            .map(|t| t.url.as_str())
    }
}
