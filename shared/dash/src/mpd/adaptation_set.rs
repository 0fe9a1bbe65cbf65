//! `AdaptationSet` (ISO/IEC 23009-1 §5.3.3) with the common attributes of §5.3.7.

use core::borrow::{Borrow, BorrowMut};

use super::base_url::base_url_parent;
use super::content_protection::ContentProtection;
use super::representation::Representation;
use super::segment_template::SegmentTemplate;
use super::{child_views, element_view, string_attributes, typed_attributes};
use crate::xml::element::Element;

element_view!(
    /// An `AdaptationSet` of a `Period`.
    AdaptationSet,
    "AdaptationSet"
);

/// The `AdaptationSet`'s own child elements in schema order (§5.3.3.2); the common
/// descriptors of §5.3.7 come before all of them.
const ADAPTATION_SET_CHILD_ORDER: &[&str] = &[
    "Accessibility",
    "Role",
    "Rating",
    "Viewpoint",
    "ContentComponent",
    "BaseURL",
    "SegmentBase",
    "SegmentList",
    "SegmentTemplate",
    "Representation",
];

base_url_parent!(AdaptationSet, ADAPTATION_SET_CHILD_ORDER);

impl<E: Borrow<Element>> AdaptationSet<E> {
    string_attributes!(get:
        id => "id",
        content_type => "contentType",
        mime_type => "mimeType",
        codecs => "codecs",
        lang => "lang",
        par => "par",
        frame_rate => "frameRate",
        max_frame_rate => "maxFrameRate",
    );

    typed_attributes!(get:
        width => "width" as u32, "unsigned integer",
        height => "height" as u32, "unsigned integer",
        max_width => "maxWidth" as u32, "unsigned integer",
        max_height => "maxHeight" as u32, "unsigned integer",
        min_bandwidth => "minBandwidth" as u64, "unsigned integer",
        max_bandwidth => "maxBandwidth" as u64, "unsigned integer",
    );

    child_views!(get:
        representations => Representation,
        content_protections => ContentProtection,
    );

    /// The `SegmentTemplate` child, if any.
    pub fn segment_template(&self) -> Option<SegmentTemplate<&Element>> {
        self.element().child("SegmentTemplate").map(SegmentTemplate)
    }
}

impl<E: BorrowMut<Element>> AdaptationSet<E> {
    string_attributes!(set:
        set_id => "id",
        set_content_type => "contentType",
        set_mime_type => "mimeType",
        set_codecs => "codecs",
        set_lang => "lang",
        set_par => "par",
        set_frame_rate => "frameRate",
        set_max_frame_rate => "maxFrameRate",
    );

    typed_attributes!(set:
        set_width => "width" as u32,
        set_height => "height" as u32,
        set_max_width => "maxWidth" as u32,
        set_max_height => "maxHeight" as u32,
        set_min_bandwidth => "minBandwidth" as u64,
        set_max_bandwidth => "maxBandwidth" as u64,
    );

    child_views!(get_mut:
        representations_mut => Representation,
        content_protections_mut => ContentProtection,
    );

    /// The `SegmentTemplate` child, editable.
    pub fn segment_template_mut(&mut self) -> Option<SegmentTemplate<&mut Element>> {
        self.element_mut()
            .child_mut("SegmentTemplate")
            .map(SegmentTemplate)
    }

    /// Removes the representations for which `keep` returns false (with their indentation);
    /// returns how many were removed.
    pub fn retain_representations(
        &mut self,
        mut keep: impl FnMut(&Representation<&Element>) -> bool,
    ) -> usize {
        self.element_mut().retain_child_elements(|e| {
            e.local_name() != Representation::<()>::LOCAL_NAME || keep(&Representation(e))
        })
    }
}
