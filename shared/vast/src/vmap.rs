//! VMAP 1.0 (IAB "Digital Video Multiple Ad Playlist", 2012): the ad breaks of a VOD
//! programme — where each is (`timeOffset`), what kind, and where its ads come from (inline
//! VAST in `<VASTAdData>`, or an ad tag URI to fetch). Element names are read without their
//! `vmap:` prefix.

use crate::error::VastError;
use crate::node::Node;
use crate::time::parse_clock;
use crate::vast::{Limits, Vast, root};

/// `AdBreak@timeOffset` (VMAP 1.0 §2.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimeOffset {
    /// `start`: a pre-roll.
    Start,
    /// `HH:MM:SS[.mmm]`: a mid-roll at this time, in ms.
    Millis(u64),
    /// `n%` of the content, in thousandths of a percent.
    Percent(u32),
    /// `#n`: the n-th cue point of the content (1-based).
    Position(u32),
    /// `end`: a post-roll.
    End,
}

impl TimeOffset {
    /// Reads one of the forms above.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text {
            "start" => Some(Self::Start),
            "end" => Some(Self::End),
            _ => {
                if let Some(n) = text.strip_prefix('#') {
                    return n.parse().ok().filter(|n| *n > 0).map(Self::Position);
                }
                if text.ends_with('%') {
                    return match crate::time::Offset::parse(text)? {
                        crate::time::Offset::Percent(p) => Some(Self::Percent(p)),
                        crate::time::Offset::Millis(_) => None,
                    };
                }
                parse_clock(text).map(Self::Millis)
            }
        }
    }

    /// In ms into content of `duration_ms` (`Position` has no time: `None`).
    pub fn to_millis(self, duration_ms: u64) -> Option<u64> {
        match self {
            Self::Start => Some(0),
            Self::Millis(ms) => Some(ms.min(duration_ms)),
            Self::Percent(p) => Some(duration_ms.saturating_mul(u64::from(p)) / 100_000),
            Self::Position(_) => None,
            Self::End => Some(duration_ms),
        }
    }
}

/// Where a break's ads come from (`<AdSource>`, §2.4.2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AdSource {
    /// `<VASTAdData>`: the VAST response itself.
    Vast(Box<Vast>),
    /// `<AdTagURI>`: a URL to fetch, with its `@templateType` (`vast3`, …).
    AdTagUri {
        /// The URL.
        uri: String,
        /// `@templateType`.
        template_type: Option<String>,
    },
}

/// One `<AdBreak>`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AdBreak {
    /// `@timeOffset`.
    pub time_offset: TimeOffset,
    /// `@breakType`: `linear`, `nonlinear`, `display`, comma-separated.
    pub break_type: String,
    /// `@breakId`.
    pub break_id: Option<String>,
    /// `<AdSource>` (a break may have none: then it only tracks).
    pub source: Option<AdSource>,
    /// `<AdSource>@allowMultipleAds` (default true): may the source return a pod?
    pub allow_multiple_ads: bool,
    /// `<TrackingEvents>`: (`breakStart` | `breakEnd` | `error`, URL).
    pub tracking: Vec<(String, String)>,
}

/// A VMAP document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Vmap {
    /// `@version` (`1.0`).
    pub version: String,
    /// The breaks in document order.
    pub breaks: Vec<AdBreak>,
}

impl Vmap {
    /// Reads a VMAP document with the default [`Limits`].
    ///
    /// # Errors
    /// Not XML, over the limits, not a `<VMAP>` root, or a malformed break (its path named),
    /// including a malformed inline VAST.
    pub fn parse(text: &str) -> Result<Self, VastError> {
        let element = root(text, Limits::default())?;
        if element.name != "VMAP" {
            return Err(VastError::Unsupported {
                path: element.name.clone(),
                offset: element.offset,
                reason: "the root element is not <VMAP>".into(),
            });
        }
        let node = Node::root(&element, "VMAP");
        Ok(Self {
            version: node.attr("version").unwrap_or_default(),
            breaks: node.each("AdBreak", read_break)?,
        })
    }

    /// The breaks grouped by time offset, in offset order (`start` first, `end` last): several
    /// AdBreaks at one offset play as one pod, in document order.
    pub fn by_offset(&self) -> Vec<(TimeOffset, Vec<&AdBreak>)> {
        let mut groups: Vec<(TimeOffset, Vec<&AdBreak>)> = Vec::new();
        for b in &self.breaks {
            match groups.iter_mut().find(|(o, _)| *o == b.time_offset) {
                Some((_, list)) => list.push(b),
                None => groups.push((b.time_offset, vec![b])),
            }
        }
        groups.sort_by_key(|(o, _)| *o);
        groups
    }
}

fn read_break(node: Node<'_>) -> Result<AdBreak, VastError> {
    let Some(text) = node.attr("timeOffset") else {
        return Err(node.malformed("no @timeOffset"));
    };
    let time_offset = TimeOffset::parse(&text).ok_or_else(|| {
        node.malformed(format!(
            "@timeOffset {text:?}: expected start, end, HH:MM:SS[.mmm], n% or #n"
        ))
    })?;
    let source = node.with("AdSource", |s| {
        let allow = s.bool_attr("allowMultipleAds")?.unwrap_or(true);
        if let Some(data) = s.with("VASTAdData", |d| {
            let Some(vast) = d.element.child("VAST") else {
                return Err(d.malformed("no <VAST> inside"));
            };
            Vast::from_element(vast).map_err(|e| match e {
                VastError::Malformed {
                    path,
                    offset,
                    reason,
                } => VastError::Malformed {
                    path: format!("{}/{path}", d.path()),
                    offset,
                    reason,
                },
                other => other,
            })
        })? {
            return Ok((Some(AdSource::Vast(Box::new(data))), allow));
        }
        let uri = s.with("AdTagURI", |u| Ok((u.text(), u.attr("templateType"))))?;
        match uri {
            Some((uri, template_type)) if !uri.is_empty() => {
                Ok((Some(AdSource::AdTagUri { uri, template_type }), allow))
            }
            Some(_) => Err(s.malformed("empty <AdTagURI>")),
            None => Ok((None, allow)),
        }
    })?;
    let (source, allow_multiple_ads) = source.unwrap_or((None, true));
    let tracking = node
        .with("TrackingEvents", |t| {
            t.each("Tracking", |e| {
                Ok((e.attr("event").unwrap_or_default(), e.text()))
            })
        })?
        .unwrap_or_default();
    Ok(AdBreak {
        time_offset,
        break_type: node.attr("breakType").unwrap_or_else(|| "linear".into()),
        break_id: node.attr("breakId"),
        source,
        allow_multiple_ads,
        tracking,
    })
}
