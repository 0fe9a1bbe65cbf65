//! Rewriting every URL an MPD carries (ISO/IEC 23009-1 §5.6 BaseURL, §5.3.1 Location,
//! §5.3.9 segment addressing), for an edge that points players at itself or another CDN.

use crate::mpd::root::Mpd;
use crate::xml::element::Element;
use crate::xml::node::Node;

/// Which URL is being rewritten.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlField {
    /// Text of a `BaseURL` (at any level).
    BaseUrl,
    /// Text of an MPD `Location`.
    Location,
    /// Text of an MPD `PatchLocation`.
    PatchLocation,
    /// `SegmentTemplate@media`.
    SegmentTemplateMedia,
    /// `SegmentTemplate@initialization`.
    SegmentTemplateInitialization,
    /// `SegmentTemplate@index`.
    SegmentTemplateIndex,
    /// `SegmentTemplate@bitstreamSwitching`.
    SegmentTemplateBitstreamSwitching,
    /// `Initialization@sourceURL` and `RepresentationIndex@sourceURL`.
    SourceUrl,
    /// `SegmentURL@media`.
    SegmentUrlMedia,
    /// `SegmentURL@index`.
    SegmentUrlIndex,
}

/// Depth cap for walking trees built in memory (parsed trees are already capped).
const MAX_DEPTH: usize = 256;

impl Mpd {
    /// Calls `rewrite(field, url)` for every URL in the MPD and replaces the URL when it returns
    /// `Some`. Everything else is left untouched. Returns how many URLs were replaced.
    pub fn rewrite_urls(
        &mut self,
        mut rewrite: impl FnMut(UrlField, &str) -> Option<String>,
    ) -> usize {
        let mut count = 0;
        walk(self.element_mut(), &mut rewrite, &mut count, 0);
        count
    }
}

fn walk(
    e: &mut Element,
    rewrite: &mut impl FnMut(UrlField, &str) -> Option<String>,
    count: &mut usize,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let text_field = match e.local_name() {
        "BaseURL" => Some(UrlField::BaseUrl),
        "Location" => Some(UrlField::Location),
        "PatchLocation" => Some(UrlField::PatchLocation),
        _ => None,
    };
    if let Some(field) = text_field {
        let text = e.text();
        if let Some(new) = rewrite(field, text.trim()) {
            e.set_text(&new);
            *count += 1;
        }
        return;
    }
    let attributes: &[(&str, UrlField)] = match e.local_name() {
        "SegmentTemplate" => &[
            ("media", UrlField::SegmentTemplateMedia),
            ("initialization", UrlField::SegmentTemplateInitialization),
            ("index", UrlField::SegmentTemplateIndex),
            (
                "bitstreamSwitching",
                UrlField::SegmentTemplateBitstreamSwitching,
            ),
        ],
        "Initialization" | "RepresentationIndex" => &[("sourceURL", UrlField::SourceUrl)],
        "SegmentURL" => &[
            ("media", UrlField::SegmentUrlMedia),
            ("index", UrlField::SegmentUrlIndex),
        ],
        _ => &[],
    };
    for (name, field) in attributes {
        let Some(value) = e.attribute_value(name).map(|v| v.into_owned()) else {
            continue;
        };
        if let Some(new) = rewrite(*field, &value) {
            e.set_attribute(name, &new);
            *count += 1;
        }
    }
    for child in e.children_mut() {
        if let Node::Element(c) = child {
            walk(c, rewrite, count, depth + 1);
        }
    }
}
