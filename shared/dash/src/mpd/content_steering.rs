//! MPD-level `ContentSteering` (ISO/IEC 23009-1 5th edition §5.6.5 and DASH-IF "Content
//! Steering for DASH" §4): the steering server URL as text, `@defaultServiceLocation`,
//! `@queryBeforeStart`, `@proxyServerURL`.

use core::borrow::{Borrow, BorrowMut};

use super::{element_view, string_attributes};
use crate::error::Error;
use crate::xml::element::Element;

element_view!(
    /// The MPD's `ContentSteering` element.
    ContentSteering,
    "ContentSteering"
);

impl<E: Borrow<Element>> ContentSteering<E> {
    /// The steering server URL (element text, trimmed).
    pub fn server_url(&self) -> String {
        self.element().text().trim().to_owned()
    }

    string_attributes!(get:
        default_service_location => "defaultServiceLocation",
        proxy_server_url => "proxyServerURL",
    );

    /// `@queryBeforeStart` (`xs:boolean`).
    pub fn query_before_start(&self) -> Result<Option<bool>, Error> {
        let e = self.element();
        match e
            .attribute_value("queryBeforeStart")
            .as_deref()
            .map(str::trim)
        {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(other) => Err(e.invalid_attribute("queryBeforeStart", other, "xs:boolean")),
        }
    }
}

impl<E: BorrowMut<Element>> ContentSteering<E> {
    /// Replaces the steering server URL.
    pub fn set_server_url(&mut self, url: &str) {
        self.element_mut().set_text(url);
    }

    string_attributes!(set:
        set_default_service_location => "defaultServiceLocation",
        set_proxy_server_url => "proxyServerURL",
    );

    /// Sets or removes `@queryBeforeStart`.
    pub fn set_query_before_start(&mut self, value: Option<bool>) {
        let text = value.map(|v| if v { "true" } else { "false" });
        self.element_mut()
            .set_or_remove_attribute("queryBeforeStart", text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_then_get() {
        let mut e = Element::new("ContentSteering");
        let mut s = ContentSteering(&mut e);
        s.set_server_url("https://s.example/x.dcsm?a=1&b=2");
        s.set_default_service_location(Some("alpha"));
        s.set_query_before_start(Some(false));
        assert_eq!(s.server_url(), "https://s.example/x.dcsm?a=1&b=2");
        assert_eq!(s.default_service_location().as_deref(), Some("alpha"));
        assert_eq!(s.query_before_start().unwrap(), Some(false));
        assert_eq!(
            e.to_xml(),
            r#"<ContentSteering defaultServiceLocation="alpha" queryBeforeStart="false">https://s.example/x.dcsm?a=1&amp;b=2</ContentSteering>"#
        );
        let bad = Element::new("ContentSteering").with_attribute("queryBeforeStart", "yes");
        assert!(ContentSteering(&bad).query_before_start().is_err());
    }
}
