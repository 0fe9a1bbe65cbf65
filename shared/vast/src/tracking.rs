//! `<Tracking>` (VAST 4.3 §3.14.1): a URL to request when a playback event happens.

use crate::error::VastError;
use crate::node::Node;
use crate::time::Offset;

/// One tracking URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Tracking {
    /// `@event` as VAST spells it: `start`, `firstQuartile`, `midpoint`, `thirdQuartile`,
    /// `complete`, `progress`, `pause`, …
    pub event: String,
    /// `@offset` of a `progress` event.
    pub offset: Option<Offset>,
    /// The URL.
    pub url: String,
}

impl Tracking {
    pub(crate) fn read(node: Node<'_>) -> Result<Option<Self>, VastError> {
        let Some(event) = node.attr("event").filter(|e| !e.is_empty()) else {
            return Err(node.malformed("no @event"));
        };
        let offset = match node.attr("offset") {
            None => None,
            Some(text) => Some(Offset::parse(&text).ok_or_else(|| {
                node.malformed(format!("@offset {text:?} is neither HH:MM:SS[.mmm] nor n%"))
            })?),
        };
        let url = node.text();
        // An empty <Tracking/> is a placeholder some servers write: nothing to request.
        Ok((!url.is_empty()).then_some(Self { event, offset, url }))
    }

    /// The key vast-client-js and `ottedge vast inspect` use: the event, or for `progress`
    /// `progress-<seconds>` / `progress-<n>%`.
    pub fn key(&self) -> String {
        match (self.event.as_str(), self.offset) {
            ("progress", Some(Offset::Millis(ms))) if ms % 1000 == 0 => {
                format!("progress-{}", ms / 1000)
            }
            ("progress", Some(Offset::Millis(ms))) => format!("progress-{}", ms as f64 / 1000.0),
            ("progress", Some(Offset::Percent(p))) if p % 1000 == 0 => {
                format!("progress-{}%", p / 1000)
            }
            ("progress", Some(Offset::Percent(p))) => {
                format!("progress-{}%", f64::from(p) / 1000.0)
            }
            _ => self.event.clone(),
        }
    }
}

/// The `<Tracking>` children of `<TrackingEvents>` under `node`, if any.
pub(crate) fn tracking_events(node: Node<'_>) -> Result<Vec<Tracking>, VastError> {
    let events = node.with("TrackingEvents", |events| {
        events.each("Tracking", Tracking::read)
    })?;
    Ok(events.unwrap_or_default().into_iter().flatten().collect())
}
