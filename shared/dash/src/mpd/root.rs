//! The `MPD` element (ISO/IEC 23009-1 §5.3.1) and the document that holds it.

use core::fmt;
use core::str::FromStr;

use super::base_url::base_url_parent;
use super::content_steering::ContentSteering;
use super::period::Period;
use super::representation::Representation;
use super::{child_views, string_attributes, typed_attributes};
use crate::duration::IsoDuration;
use crate::error::Error;
use crate::xml::document::{Document, Limits};
use crate::xml::element::Element;
use crate::xml::infoset::canonical_infoset;

/// `MPD@type` (§5.3.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PresentationType {
    /// `static`: on demand (the default).
    Static,
    /// `dynamic`: live.
    Dynamic,
}

impl FromStr for PresentationType {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "static" => Ok(PresentationType::Static),
            "dynamic" => Ok(PresentationType::Dynamic),
            _ => Err(()),
        }
    }
}

impl fmt::Display for PresentationType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PresentationType::Static => "static",
            PresentationType::Dynamic => "dynamic",
        })
    }
}

/// A parsed MPD: the lossless document plus typed access to the `MPD` element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mpd {
    document: Document,
}

/// The `MPD`'s child elements in schema order (ISO/IEC 23009-1 §5.3.1.2, with
/// `ContentSteering` where DASH-IF content steering puts it, before the `Period`s).
const MPD_CHILD_ORDER: &[&str] = &[
    "ProgramInformation",
    "BaseURL",
    "Location",
    "PatchLocation",
    "ServiceDescription",
    "InitializationSet",
    "InitializationGroup",
    "InitializationPresentation",
    "ContentSteering",
    "ContentProtection",
    "Period",
    "Metrics",
    "EssentialProperty",
    "SupplementalProperty",
    "UTCTiming",
    "LeapSecondInformation",
];

base_url_parent!([] Mpd, [] Mpd, MPD_CHILD_ORDER);

impl FromStr for Mpd {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Mpd::parse(s)
    }
}

impl fmt::Display for Mpd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_xml())
    }
}

impl Mpd {
    /// Parses an MPD with the default [`Limits`].
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::parse_with_limits(text, Limits::default())
    }

    /// Parses an MPD with explicit limits.
    pub fn parse_with_limits(text: &str, limits: Limits) -> Result<Self, Error> {
        Self::from_document(Document::parse_with_limits(text, limits)?)
    }

    /// Wraps a document whose root is `MPD`.
    pub fn from_document(document: Document) -> Result<Self, Error> {
        if document.root().local_name() != "MPD" {
            return Err(Error::NotMpd {
                found: document.root().name().to_owned(),
            });
        }
        Ok(Mpd { document })
    }

    /// Serializes the MPD; byte-identical to the input when nothing was edited.
    pub fn to_xml(&self) -> String {
        self.document.to_xml()
    }

    /// The canonical infoset text (see [`canonical_infoset`]).
    pub fn canonical_infoset(&self) -> String {
        canonical_infoset(&self.document)
    }

    /// The lossless document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The lossless document, mutably (the root must stay `MPD`).
    pub fn document_mut(&mut self) -> &mut Document {
        &mut self.document
    }

    /// The `MPD` element.
    pub fn element(&self) -> &Element {
        self.document.root()
    }

    /// The `MPD` element, mutably.
    pub fn element_mut(&mut self) -> &mut Element {
        self.document.root_mut()
    }

    typed_attributes!(get:
        presentation_type => "type" as PresentationType, "static or dynamic",
        media_presentation_duration => "mediaPresentationDuration" as IsoDuration, "ISO 8601 duration",
        minimum_update_period => "minimumUpdatePeriod" as IsoDuration, "ISO 8601 duration",
        time_shift_buffer_depth => "timeShiftBufferDepth" as IsoDuration, "ISO 8601 duration",
        min_buffer_time => "minBufferTime" as IsoDuration, "ISO 8601 duration",
        max_segment_duration => "maxSegmentDuration" as IsoDuration, "ISO 8601 duration",
        suggested_presentation_delay => "suggestedPresentationDelay" as IsoDuration, "ISO 8601 duration",
    );

    typed_attributes!(set:
        set_presentation_type => "type" as PresentationType,
        set_media_presentation_duration => "mediaPresentationDuration" as IsoDuration,
        set_minimum_update_period => "minimumUpdatePeriod" as IsoDuration,
        set_time_shift_buffer_depth => "timeShiftBufferDepth" as IsoDuration,
        set_min_buffer_time => "minBufferTime" as IsoDuration,
        set_max_segment_duration => "maxSegmentDuration" as IsoDuration,
        set_suggested_presentation_delay => "suggestedPresentationDelay" as IsoDuration,
    );

    string_attributes!(get:
        id => "id",
        profiles => "profiles",
        availability_start_time => "availabilityStartTime",
        availability_end_time => "availabilityEndTime",
        publish_time => "publishTime",
    );

    string_attributes!(set:
        set_id => "id",
        set_profiles => "profiles",
        set_availability_start_time => "availabilityStartTime",
        set_availability_end_time => "availabilityEndTime",
        set_publish_time => "publishTime",
    );

    child_views!(get: periods => Period);
    child_views!(get_mut: periods_mut => Period);

    /// The MPD-level `ContentSteering` element, if any.
    pub fn content_steering(&self) -> Option<ContentSteering<&Element>> {
        self.element().child("ContentSteering").map(ContentSteering)
    }

    /// The MPD-level `ContentSteering` element, editable.
    pub fn content_steering_mut(&mut self) -> Option<ContentSteering<&mut Element>> {
        self.element_mut()
            .child_mut("ContentSteering")
            .map(ContentSteering)
    }

    /// Sets the MPD-level `ContentSteering`: server URL, `@defaultServiceLocation` and
    /// `@queryBeforeStart` (`None` removes the attribute). The element is added before the
    /// first `Period` (indented like its siblings) if there is none; an existing one keeps its
    /// place and other attributes. Use [`Mpd::content_steering_mut`] for further edits.
    pub fn set_content_steering(
        &mut self,
        server_url: &str,
        default_service_location: Option<&str>,
        query_before_start: Option<bool>,
    ) {
        let root = self.element_mut();
        if root.child("ContentSteering").is_none() {
            root.insert_child_element(Element::new("ContentSteering"), MPD_CHILD_ORDER);
        }
        if let Some(mut steering) = self.content_steering_mut() {
            steering.set_default_service_location(default_service_location);
            steering.set_query_before_start(query_before_start);
            steering.set_server_url(server_url);
        }
    }

    /// Removes the MPD-level `ContentSteering` element; returns whether there was one.
    pub fn remove_content_steering(&mut self) -> bool {
        self.element_mut()
            .retain_child_elements(|e| e.local_name() != "ContentSteering")
            > 0
    }

    /// Removes, in every `AdaptationSet` of every `Period`, the representations for which
    /// `keep` returns false. Returns how many were removed.
    pub fn retain_representations(
        &mut self,
        mut keep: impl FnMut(&Representation<&Element>) -> bool,
    ) -> usize {
        let mut removed = 0;
        for mut period in self.periods_mut() {
            for mut set in period.adaptation_sets_mut() {
                removed += set.retain_representations(&mut keep);
            }
        }
        removed
    }
}
