//! `ContentProtection` (ISO/IEC 23009-1 §5.8.4.1; `cenc:default_KID` and `cenc:pssh` from
//! ISO/IEC 23001-7 §11; `dashif:Laurl` from DASH-IF IOP "Content Protection" §4 / ClearKey).

use core::borrow::{Borrow, BorrowMut};

use super::{element_view, string_attributes};
use crate::xml::element::Element;

/// `@schemeIdUri` of the MPEG Common Encryption descriptor.
pub const MP4_PROTECTION_SCHEME: &str = "urn:mpeg:dash:mp4protection:2011";
/// `@schemeIdUri` of W3C ClearKey (`value="ClearKey1.0"`).
pub const CLEARKEY_SCHEME: &str = "urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e";

element_view!(
    /// A `ContentProtection` descriptor.
    ContentProtection,
    "ContentProtection"
);

impl<E: Borrow<Element>> ContentProtection<E> {
    string_attributes!(get:
        scheme_id_uri => "schemeIdUri",
        value => "value",
        robustness => "robustness",
    );

    /// `@cenc:default_KID` (whatever prefix the document binds to the cenc namespace).
    pub fn default_kid(&self) -> Option<String> {
        self.element()
            .attribute_by_local_name("default_KID")
            .map(|a| a.value().into_owned())
    }

    /// The text of the `cenc:pssh` child (base64 of a `pssh` box).
    pub fn pssh(&self) -> Option<String> {
        self.element()
            .child("pssh")
            .map(|e| e.text().trim().to_owned())
    }

    /// The license server URL: text of a `Laurl` child (`dashif:Laurl`, `dashif:laurl`,
    /// `clearkey:Laurl`, `ms:laurl`).
    pub fn laurl(&self) -> Option<String> {
        self.element()
            .child_elements()
            .find(|e| e.local_name().eq_ignore_ascii_case("laurl"))
            .map(|e| e.text().trim().to_owned())
    }
}

impl<E: BorrowMut<Element>> ContentProtection<E> {
    string_attributes!(set:
        set_scheme_id_uri => "schemeIdUri",
        set_value => "value",
        set_robustness => "robustness",
    );

    /// Replaces the text of an existing `Laurl` child; returns false if there is none.
    pub fn set_laurl(&mut self, url: &str) -> bool {
        match self
            .element_mut()
            .child_elements_mut()
            .find(|e| e.local_name().eq_ignore_ascii_case("laurl"))
        {
            Some(e) => {
                e.set_text(url);
                true
            }
            None => false,
        }
    }
}
