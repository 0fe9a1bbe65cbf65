//! `Representation` (ISO/IEC 23009-1 §5.3.5) with the common attributes of §5.3.7.

use core::borrow::{Borrow, BorrowMut};

use super::base_url::base_url_parent;
use super::content_protection::ContentProtection;
use super::segment_template::SegmentTemplate;
use super::{child_views, element_view, string_attributes, typed_attributes};
use crate::xml::element::Element;

element_view!(
    /// One `Representation` of an `AdaptationSet`.
    Representation,
    "Representation"
);

/// The `Representation`'s own child elements in schema order (§5.3.5.2); the common
/// descriptors of §5.3.7 come before all of them.
const REPRESENTATION_CHILD_ORDER: &[&str] = &[
    "BaseURL",
    "ExtendedBandwidth",
    "SubRepresentation",
    "SegmentBase",
    "SegmentList",
    "SegmentTemplate",
];

base_url_parent!(Representation, REPRESENTATION_CHILD_ORDER);

impl<E: Borrow<Element>> Representation<E> {
    string_attributes!(get:
        id => "id",
        codecs => "codecs",
        mime_type => "mimeType",
        frame_rate => "frameRate",
        sar => "sar",
    );

    typed_attributes!(get:
        bandwidth => "bandwidth" as u64, "unsigned integer",
        width => "width" as u32, "unsigned integer",
        height => "height" as u32, "unsigned integer",
        audio_sampling_rate => "audioSamplingRate" as u32, "unsigned integer",
    );

    child_views!(get: content_protections => ContentProtection);

    /// The `SegmentTemplate` child, if any.
    pub fn segment_template(&self) -> Option<SegmentTemplate<&Element>> {
        self.element().child("SegmentTemplate").map(SegmentTemplate)
    }
}

impl<E: BorrowMut<Element>> Representation<E> {
    string_attributes!(set:
        set_id => "id",
        set_codecs => "codecs",
        set_mime_type => "mimeType",
        set_frame_rate => "frameRate",
        set_sar => "sar",
    );

    typed_attributes!(set:
        set_bandwidth => "bandwidth" as u64,
        set_width => "width" as u32,
        set_height => "height" as u32,
        set_audio_sampling_rate => "audioSamplingRate" as u32,
    );

    child_views!(get_mut: content_protections_mut => ContentProtection);

    /// The `SegmentTemplate` child, editable.
    pub fn segment_template_mut(&mut self) -> Option<SegmentTemplate<&mut Element>> {
        self.element_mut()
            .child_mut("SegmentTemplate")
            .map(SegmentTemplate)
    }
}
