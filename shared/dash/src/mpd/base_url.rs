//! `BaseURL` (ISO/IEC 23009-1 §5.6.3, `@serviceLocation` and content steering §5.6.5).

use core::borrow::{Borrow, BorrowMut};

use super::{element_view, string_attributes};
use crate::xml::element::Element;

element_view!(
    /// A `BaseURL`: the URL text plus `@serviceLocation`, `@byteRange`, ….
    BaseUrl,
    "BaseURL"
);

impl<E: Borrow<Element>> BaseUrl<E> {
    /// The URL (element text, surrounding whitespace trimmed).
    pub fn url(&self) -> String {
        self.element().text().trim().to_owned()
    }

    string_attributes!(get:
        service_location => "serviceLocation",
        byte_range => "byteRange",
    );
}

impl<E: BorrowMut<Element>> BaseUrl<E> {
    /// Replaces the URL text.
    pub fn set_url(&mut self, url: &str) {
        self.element_mut().set_text(url);
    }

    string_attributes!(set:
        set_service_location => "serviceLocation",
        set_byte_range => "byteRange",
    );
}

/// A new `<BaseURL serviceLocation="…">url</BaseURL>` element.
pub fn new_base_url(url: &str, service_location: Option<&str>) -> Element {
    let mut e = Element::new("BaseURL");
    if let Some(location) = service_location {
        e.set_attribute("serviceLocation", location);
    }
    e.set_text(url);
    e
}

/// `base_urls()`, `base_urls_mut()` and `add_base_url()` for an element that may hold
/// `BaseURL`s; `$order` lists the parent's child elements in schema order.
macro_rules! base_url_parent {
    ($view:ident, $order:expr) => {
        $crate::mpd::base_url::base_url_parent!(
            [E: core::borrow::Borrow<$crate::xml::element::Element>] $view<E>,
            [E: core::borrow::BorrowMut<$crate::xml::element::Element>] $view<E>,
            $order
        );
    };
    ([$($read:tt)*] $read_ty:ty, [$($write:tt)*] $write_ty:ty, $order:expr) => {
        impl<$($read)*> $read_ty {
            /// The `BaseURL` children, in document order.
            pub fn base_urls(
                &self,
            ) -> impl Iterator<Item = $crate::mpd::base_url::BaseUrl<&$crate::xml::element::Element>>
            {
                self.element()
                    .children_named("BaseURL")
                    .map($crate::mpd::base_url::BaseUrl)
            }
        }

        impl<$($write)*> $write_ty {
            /// The `BaseURL` children, editable.
            pub fn base_urls_mut(
                &mut self,
            ) -> impl Iterator<Item = $crate::mpd::base_url::BaseUrl<&mut $crate::xml::element::Element>>
            {
                self.element_mut()
                    .children_named_mut("BaseURL")
                    .map($crate::mpd::base_url::BaseUrl)
            }

            /// Adds a `BaseURL` after the existing ones (or where the schema puts the first
            /// one), indented like its siblings.
            pub fn add_base_url(&mut self, url: &str, service_location: Option<&str>) {
                let new = $crate::mpd::base_url::new_base_url(url, service_location);
                self.element_mut().insert_child_element(new, $order);
            }

            /// For every existing `BaseURL`, adds one copy per `(service_location, url)`
            /// returned by `copies`, right after the original. Returns how many were added.
            pub fn add_base_url_copies(
                &mut self,
                mut copies: impl FnMut(&str) -> Vec<(String, String)>,
            ) -> usize {
                let element = self.element_mut();
                let originals: Vec<usize> = element
                    .children()
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.as_element().is_some_and(|e| e.local_name() == "BaseURL"))
                    .map(|(i, _)| i)
                    .collect();
                let mut added = 0;
                for &index in originals.iter().rev() {
                    let url = match element.children().get(index).and_then(|n| n.as_element()) {
                        Some(e) => e.text().trim().to_owned(),
                        None => continue,
                    };
                    let mut at = index;
                    for (location, new_url) in copies(&url) {
                        element.insert_after_index(
                            at,
                            $crate::mpd::base_url::new_base_url(&new_url, Some(&location)),
                        );
                        // The copy sits after its indentation node, if one was inserted.
                        at = element
                            .children()
                            .iter()
                            .skip(at + 1)
                            .position(|n| n.as_element().is_some())
                            .map_or(at + 1, |p| at + 1 + p);
                        added += 1;
                    }
                }
                added
            }
        }
    };
}
pub(crate) use base_url_parent;
