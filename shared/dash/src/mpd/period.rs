//! `Period` (ISO/IEC 23009-1 §5.3.2).

use core::borrow::{Borrow, BorrowMut};

use super::adaptation_set::AdaptationSet;
use super::base_url::base_url_parent;
use super::event_stream::EventStream;
use super::segment_template::SegmentTemplate;
use super::{child_views, element_view, string_attributes, typed_attributes};
use crate::duration::IsoDuration;
use crate::xml::element::Element;

element_view!(
    /// A `Period` of the MPD.
    Period,
    "Period"
);

/// The `Period`'s child elements in schema order (§5.3.2.2).
const PERIOD_CHILD_ORDER: &[&str] = &[
    "BaseURL",
    "SegmentBase",
    "SegmentList",
    "SegmentTemplate",
    "AssetIdentifier",
    "EventStream",
    "ServiceDescription",
    "ContentProtection",
    "AdaptationSet",
    "Subset",
    "SupplementalProperty",
    "EmptyAdaptationSet",
    "GroupLabel",
    "Preselection",
];

base_url_parent!(Period, PERIOD_CHILD_ORDER);

impl<E: Borrow<Element>> Period<E> {
    string_attributes!(get: id => "id");

    typed_attributes!(get:
        start => "start" as IsoDuration, "ISO 8601 duration",
        duration => "duration" as IsoDuration, "ISO 8601 duration",
    );

    child_views!(get:
        adaptation_sets => AdaptationSet,
        event_streams => EventStream,
    );

    /// The `SegmentTemplate` child, if any.
    pub fn segment_template(&self) -> Option<SegmentTemplate<&Element>> {
        self.element().child("SegmentTemplate").map(SegmentTemplate)
    }
}

impl<E: BorrowMut<Element>> Period<E> {
    string_attributes!(set: set_id => "id");

    typed_attributes!(set:
        set_start => "start" as IsoDuration,
        set_duration => "duration" as IsoDuration,
    );

    child_views!(get_mut:
        adaptation_sets_mut => AdaptationSet,
        event_streams_mut => EventStream,
    );
}
