//! Filling a break with ads: the decided ads in order, each only if it fits in what is left
//! (an ad never overruns the break), then slate for the rest; without slate the content comes
//! back as soon as the ads end. What was left out is reported with a stable reason.

use crate::plan::{BreakPlan, PlanItem};

/// An ad of the decision, as the stitcher can or cannot use it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Creative id (or the MediaFile URL) for the skip report.
    pub id: String,
    /// Its conditioned segments, or `None` when the ad library has no conditioned version.
    pub item: Option<PlanItem>,
}

/// Why an ad of the decision was not stitched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// It is longer than what was left of the break.
    AvailDurationExceeded,
    /// No conditioned version in the ad library yet (it should be conditioned).
    NewCreative,
}

impl SkipReason {
    /// The stable name logs use (MediaTailor's spelling).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AvailDurationExceeded => "AVAIL_DURATION_EXCEEDED",
            Self::NewCreative => "NEW_CREATIVE",
        }
    }
}

/// The plan for a break of `duration_ms` starting at origin segment `first_segment`, and the
/// ads skipped. `None` when nothing at all fills it (the break shows content).
pub fn fill(
    first_segment: u64,
    duration_ms: u64,
    segment_ms: u64,
    candidates: &[Candidate],
    slate: Option<&PlanItem>,
) -> (Option<BreakPlan>, Vec<(String, SkipReason)>) {
    let segment_ms = segment_ms.max(1);
    let content_segments = duration_ms.div_ceil(segment_ms);
    let total = content_segments.saturating_mul(segment_ms);
    let mut items = Vec::new();
    let mut skipped = Vec::new();
    let mut used = 0u64;
    for c in candidates {
        let Some(item) = &c.item else {
            skipped.push((c.id.clone(), SkipReason::NewCreative));
            continue;
        };
        let d = item.duration_ms();
        if used.saturating_add(d) > total {
            skipped.push((c.id.clone(), SkipReason::AvailDurationExceeded));
            continue;
        }
        used += d;
        items.push(item.clone());
    }
    let replaced = match slate {
        Some(slate) if !slate.segments.is_empty() => {
            // Whole slate segments, looping, while they fit.
            let mut fill = slate.clone();
            fill.segments.clear();
            'outer: loop {
                let before = fill.segments.len();
                for s in &slate.segments {
                    if used.saturating_add(s.duration_ms) > total || s.duration_ms == 0 {
                        break 'outer;
                    }
                    used += s.duration_ms;
                    fill.segments.push(s.clone());
                }
                if fill.segments.len() == before {
                    break;
                }
            }
            if !fill.segments.is_empty() {
                items.push(fill);
            }
            content_segments
        }
        // No slate: the content returns at the first segment boundary after the ads.
        _ => used.div_ceil(segment_ms),
    };
    if items.is_empty() {
        return (None, skipped);
    }
    let plan = BreakPlan {
        first_segment,
        content_segments: replaced,
        segment_ms,
        items,
    };
    (Some(plan), skipped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{ItemKind, ItemSegment};

    fn item(id: &str, kind: ItemKind, durations: &[u64]) -> PlanItem {
        PlanItem {
            kind,
            id: id.into(),
            base: format!("https://a.example/{id}"),
            init: Some("init.mp4".into()),
            segments: durations
                .iter()
                .enumerate()
                .map(|(i, &duration_ms)| ItemSegment {
                    file: format!("seg-{i}.m4s"),
                    duration_ms,
                })
                .collect(),
        }
    }

    #[test]
    fn ads_that_fit_in_order_then_whole_slate_segments() {
        let ads = [
            Candidate {
                id: "a".into(),
                item: Some(item("a", ItemKind::Ad, &[2000, 2000, 1500])),
            },
            Candidate {
                id: "new".into(),
                item: None,
            },
            Candidate {
                id: "long".into(),
                item: Some(item("long", ItemKind::Ad, &[2000; 6])),
            },
            Candidate {
                id: "b".into(),
                item: Some(item("b", ItemKind::Ad, &[2000, 1000])),
            },
        ];
        let slate = item("slate", ItemKind::Slate, &[2000, 2000]);
        let (plan, skipped) = fill(100, 15_000, 2000, &ads, Some(&slate));
        let plan = plan.unwrap();
        assert_eq!(plan.content_segments, 8); // 15 s rounded up to 2 s segments
        let ids: Vec<_> = plan.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "slate"]);
        // 5.5 + 3 = 8.5 s of ads, then four whole 2 s slate segments in 16 s (0.5 s short).
        assert_eq!(plan.items[2].segments.len(), 3);
        assert_eq!(
            plan.items.iter().map(PlanItem::duration_ms).sum::<u64>(),
            14_500
        );
        assert_eq!(
            skipped,
            [
                ("new".into(), SkipReason::NewCreative),
                ("long".into(), SkipReason::AvailDurationExceeded)
            ]
        );
        assert_eq!(
            SkipReason::AvailDurationExceeded.as_str(),
            "AVAIL_DURATION_EXCEEDED"
        );
    }

    #[test]
    fn without_slate_the_content_returns_after_the_ads() {
        let ads = [Candidate {
            id: "a".into(),
            item: Some(item("a", ItemKind::Ad, &[2000, 2000, 1500])),
        }];
        let (plan, _) = fill(7, 30_000, 2000, &ads, None);
        assert_eq!(plan.unwrap().content_segments, 3);
        let (none, skipped) = fill(
            7,
            30_000,
            2000,
            &[Candidate {
                id: "x".into(),
                item: None,
            }],
            None,
        );
        assert!(none.is_none());
        assert_eq!(skipped.len(), 1);
    }
}
