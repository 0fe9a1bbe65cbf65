//! `ContentProtection` (ISO/IEC 23009-1 §5.8.4.1; `cenc:default_KID` and `cenc:pssh` from
//! ISO/IEC 23001-7 §11; `dashif:Laurl` from DASH-IF IOP "Content Protection" §4 / ClearKey).

use core::borrow::{Borrow, BorrowMut};
use core::fmt::Write as _;

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

/// `@schemeIdUri` of the W3C Common PSSH box (`urn:uuid:1077efec-…`, W3C "Common SystemID and
/// PSSH Box Format"): the system id whose `cenc:pssh` lists the key ids for every key system.
pub const COMMON_PSSH_SCHEME: &str = "urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b";

/// The key as one encrypted video AdaptationSet signals it to ClearKey players.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClearKeySignal<'a> {
    /// `urn:mpeg:dash:mp4protection:2011` `@value`: `cbcs` or `cenc` (ISO/IEC 23001-7 §4.2).
    pub scheme: &'a str,
    /// The key id, `cenc:default_KID`.
    pub kid: [u8; 16],
    /// base64 of the common `pssh` box listing `kid`.
    pub pssh_base64: &'a str,
    /// The ClearKey license URL (`dashif:Laurl`).
    pub license_url: &'a str,
}

/// A key id as the UUID text `cenc:default_KID` holds (ISO/IEC 23001-7 §11.2, 8-4-4-4-12 hex).
pub fn kid_uuid(kid: &[u8; 16]) -> String {
    let mut out = String::with_capacity(36);
    for (i, b) in kid.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{b:02x}");
    }
    out
}

impl ClearKeySignal<'_> {
    /// The three descriptors, in the order DASH-IF IOP lists them: the MPEG Common Encryption
    /// one (scheme and `cenc:default_KID`), the common-PSSH one (`cenc:pssh`) and the ClearKey
    /// one (`value="ClearKey1.0"`, `dashif:Laurl`). The MPD root must bind the `cenc`
    /// (`urn:mpeg:cenc:2013`) and `dashif` (`https://dashif.org/CPS`) prefixes.
    pub fn elements(&self) -> [Element; 3] {
        [
            Element::new("ContentProtection")
                .with_attribute("schemeIdUri", MP4_PROTECTION_SCHEME)
                .with_attribute("value", self.scheme)
                .with_attribute("cenc:default_KID", &kid_uuid(&self.kid)),
            Element::new("ContentProtection")
                .with_attribute("schemeIdUri", COMMON_PSSH_SCHEME)
                .with_child(Element::new("cenc:pssh").with_text(self.pssh_base64)),
            Element::new("ContentProtection")
                .with_attribute("schemeIdUri", CLEARKEY_SCHEME)
                .with_attribute("value", "ClearKey1.0")
                .with_child(Element::new("dashif:Laurl").with_text(self.license_url)),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kid_uuid_is_8_4_4_4_12_lower_hex() {
        let kid = *b"\x01\x23\x45\x67\x89\xab\xcd\xef\xfe\xdc\xba\x98\x76\x54\x32\x10";
        assert_eq!(kid_uuid(&kid), "01234567-89ab-cdef-fedc-ba9876543210");
    }

    #[test]
    fn clearkey_signal_writes_the_three_descriptors_escaped() {
        let signal = ClearKeySignal {
            scheme: "cbcs",
            kid: [0xab; 16],
            pssh_base64: "AAAA",
            license_url: "https://l.example/ck?a=1&b=2",
        };
        let text: Vec<String> = signal.elements().iter().map(Element::to_xml).collect();
        assert_eq!(
            text,
            [
                "<ContentProtection schemeIdUri=\"urn:mpeg:dash:mp4protection:2011\" value=\"cbcs\" \
                 cenc:default_KID=\"abababab-abab-abab-abab-abababababab\"/>",
                "<ContentProtection schemeIdUri=\"urn:uuid:1077efec-c0b2-4d02-ace3-3c1e52e2fb4b\">\
                 <cenc:pssh>AAAA</cenc:pssh></ContentProtection>",
                "<ContentProtection schemeIdUri=\"urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e\" \
                 value=\"ClearKey1.0\"><dashif:Laurl>https://l.example/ck?a=1&amp;b=2</dashif:Laurl>\
                 </ContentProtection>",
            ]
        );
    }
}
