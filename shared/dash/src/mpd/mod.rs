//! Typed views of the MPD elements (ISO/IEC 23009-1 §5.3). Each view wraps an element of the
//! lossless tree: reads parse attributes on demand, writes change only the attribute or child
//! concerned. A view is `View<&Element>` for reading and `View<&mut Element>` for editing.

pub mod adaptation_set;
pub mod base_url;
pub mod content_protection;
pub mod content_steering;
pub mod event_stream;
pub mod period;
pub mod representation;
pub mod root;
pub mod segment_template;
pub mod url_rewrite;

/// Declares a view struct over an element.
macro_rules! element_view {
    ($(#[$doc:meta])* $name:ident, $local:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name<E>(pub(crate) E);

        impl<E> $name<E> {
            /// The element's local name in the MPD schema.
            pub const LOCAL_NAME: &'static str = $local;
        }

        impl<E: core::borrow::Borrow<$crate::xml::element::Element>> $name<E> {
            /// The underlying element.
            pub fn element(&self) -> &$crate::xml::element::Element {
                self.0.borrow()
            }

            /// A read-only view of the same element.
            pub fn as_ref(&self) -> $name<&$crate::xml::element::Element> {
                $name(self.0.borrow())
            }
        }

        impl<E: core::borrow::BorrowMut<$crate::xml::element::Element>> $name<E> {
            /// The underlying element, mutably.
            pub fn element_mut(&mut self) -> &mut $crate::xml::element::Element {
                self.0.borrow_mut()
            }
        }
    };
}
pub(crate) use element_view;

/// String attribute getter and setter pairs: `get` returns the unescaped value.
macro_rules! string_attributes {
    (get: $($get:ident => $attr:literal),* $(,)?) => {
        $(
            #[doc = concat!("`@", $attr, "`.")]
            pub fn $get(&self) -> Option<std::borrow::Cow<'_, str>> {
                self.element().attribute_value($attr)
            }
        )*
    };
    (set: $($set:ident => $attr:literal),* $(,)?) => {
        $(
            #[doc = concat!("Sets (`Some`) or removes (`None`) `@", $attr, "`.")]
            pub fn $set(&mut self, value: Option<&str>) {
                self.element_mut().set_or_remove_attribute($attr, value);
            }
        )*
    };
}
pub(crate) use string_attributes;

/// Typed attribute getter and setter pairs for values with `FromStr` + `Display`.
macro_rules! typed_attributes {
    (get: $($get:ident => $attr:literal as $ty:ty, $expected:literal),* $(,)?) => {
        $(
            #[doc = concat!("`@", $attr, "` (", $expected, ").")]
            pub fn $get(&self) -> Result<Option<$ty>, $crate::error::Error> {
                self.element().parse_attribute::<$ty>($attr, $expected)
            }
        )*
    };
    (set: $($set:ident => $attr:literal as $ty:ty),* $(,)?) => {
        $(
            #[doc = concat!("Sets (`Some`) or removes (`None`) `@", $attr, "`.")]
            pub fn $set(&mut self, value: Option<$ty>) {
                let text = value.map(|v| v.to_string());
                self.element_mut().set_or_remove_attribute($attr, text.as_deref());
            }
        )*
    };
}
pub(crate) use typed_attributes;

/// Child view iterators: `$get` yields read views, `$get_mut` editable ones.
macro_rules! child_views {
    (get: $($get:ident => $view:ident),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($view), "` children, in document order.")]
            pub fn $get(&self) -> impl Iterator<Item = $view<&$crate::xml::element::Element>> {
                self.element().children_named($view::<()>::LOCAL_NAME).map($view)
            }
        )*
    };
    (get_mut: $($get:ident => $view:ident),* $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($view), "` children, editable.")]
            pub fn $get(&mut self) -> impl Iterator<Item = $view<&mut $crate::xml::element::Element>> {
                self.element_mut().children_named_mut($view::<()>::LOCAL_NAME).map($view)
            }
        )*
    };
}
pub(crate) use child_views;
