//! What was decided for one break of one session: the items (ads, then slate) that replace its
//! content segments, each already cut into segments conditioned to the content ladder.

/// One segment of an ad or of the slate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemSegment {
    /// File name below the item's rendition directory (`seg-1.m4s`).
    pub file: String,
    /// Duration in milliseconds.
    pub duration_ms: u64,
}

/// What an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A creative from the ad decision.
    Ad,
    /// Slate that fills the rest of the break.
    Slate,
}

/// An ad or the slate, as the ad library holds it: `{base}/{rendition}/{init}` and
/// `{base}/{rendition}/{segment.file}` ([`PlanItem::uri`]); with an empty `base`, `file` is
/// the whole URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanItem {
    /// Ad or slate.
    pub kind: ItemKind,
    /// Creative id (for beacons and logs).
    pub id: String,
    /// URL prefix of the item's renditions (absolute, or relative to the media playlist).
    pub base: String,
    /// The CMAF header's file name (`init.mp4`); `None` writes no `EXT-X-MAP` (a preview
    /// without an ad library, where the segment is the creative's MediaFile itself).
    pub init: Option<String>,
    /// Its segments in order.
    pub segments: Vec<ItemSegment>,
}

impl PlanItem {
    /// The URI of `file` for `rendition`.
    pub fn uri(&self, rendition: &str, file: &str) -> String {
        if self.base.is_empty() {
            file.to_owned()
        } else {
            format!("{}/{rendition}/{file}", self.base)
        }
    }

    /// Total duration in milliseconds.
    pub fn duration_ms(&self) -> u64 {
        self.segments.iter().map(|s| s.duration_ms).sum()
    }
}

/// The plan of one break: stored once per session and break (first write wins), so every
/// refresh of that session stitches the same items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakPlan {
    /// Media sequence number of the break's first content segment in the origin playlist.
    pub first_segment: u64,
    /// How many content segments the plan replaces (the break's signalled duration in whole
    /// content segments, fixed when the plan is made).
    pub content_segments: u64,
    /// Content segment duration in milliseconds.
    pub segment_ms: u64,
    /// The items in play order; their total never exceeds `content_segments × segment_ms`.
    pub items: Vec<PlanItem>,
}

impl BreakPlan {
    /// One past the last content segment replaced.
    pub fn end_segment(&self) -> u64 {
        self.first_segment.saturating_add(self.content_segments)
    }

    /// Output segments minus content segments replaced (the media-sequence shift it causes).
    pub fn segment_delta(&self) -> i64 {
        let out: usize = self.items.iter().map(|i| i.segments.len()).sum();
        i64::try_from(out).unwrap_or(i64::MAX)
            - i64::try_from(self.content_segments).unwrap_or(i64::MAX)
    }

    /// Discontinuities it adds: one at the start of each item and one on the return.
    pub fn discontinuities(&self) -> u64 {
        u64::try_from(self.items.len())
            .unwrap_or(u64::MAX)
            .saturating_add(1)
    }

    /// Each output segment of the break: (item index, segment index, start ms from the
    /// break start), in play order.
    pub fn slots(&self) -> Vec<(usize, usize, u64)> {
        let mut out = Vec::new();
        let mut at = 0u64;
        for (i, item) in self.items.iter().enumerate() {
            for (k, segment) in item.segments.iter().enumerate() {
                out.push((i, k, at));
                at = at.saturating_add(segment.duration_ms);
            }
        }
        out
    }
}
