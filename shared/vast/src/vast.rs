//! `<VAST>` (VAST 4.3 §3.1–3.2): the response root — its version, its ads, and the `<Error>`
//! URLs of a response without ads ("no ad").

use ottedge_xml::Element;

use crate::ad::Ad;
use crate::error::VastError;
use crate::node::Node;

/// Bounds on what one document may cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest document, in bytes.
    pub max_bytes: usize,
    /// Element count and nesting depth.
    pub xml: ottedge_xml::Limits,
}

impl Default for Limits {
    /// 1 MiB, 20 000 elements, 32 levels: IAB's largest sample is 9 kB and 60 elements.
    fn default() -> Self {
        Self {
            max_bytes: 1 << 20,
            xml: ottedge_xml::Limits {
                max_elements: 20_000,
                max_depth: 32,
            },
        }
    }
}

/// A VAST response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Vast {
    /// `@version` as written (`2.0` … `4.3`).
    pub version: String,
    /// The ads in document order.
    pub ads: Vec<Ad>,
    /// Root `<Error>` URLs (reported when the response has no ad).
    pub errors: Vec<String>,
}

/// Reads `text` into its root element within `limits`.
pub(crate) fn root(text: &str, limits: Limits) -> Result<Element, VastError> {
    if text.len() > limits.max_bytes {
        return Err(VastError::TooLarge {
            size: text.len(),
            limit: limits.max_bytes,
        });
    }
    Ok(ottedge_xml::parse(text, limits.xml)?)
}

impl Vast {
    /// Reads a VAST response with the default [`Limits`].
    ///
    /// # Errors
    /// See [`VastError`]: not XML, over the limits, not a `<VAST>` root, or an element that
    /// breaks the specification (named by its path).
    pub fn parse(text: &str) -> Result<Self, VastError> {
        Self::parse_with_limits(text, Limits::default())
    }

    /// Reads a VAST response within `limits`.
    ///
    /// # Errors
    /// As [`Vast::parse`].
    pub fn parse_with_limits(text: &str, limits: Limits) -> Result<Self, VastError> {
        Self::from_element(&root(text, limits)?)
    }

    /// Reads a `<VAST>` element already parsed (e.g. inside VMAP's `<VASTAdData>`).
    ///
    /// # Errors
    /// As [`Vast::parse`], but for the XML and size limits.
    pub fn from_element(element: &Element) -> Result<Self, VastError> {
        if element.name != "VAST" {
            return Err(VastError::Unsupported {
                path: element.name.clone(),
                offset: element.offset,
                reason: "the root element is not <VAST>".into(),
            });
        }
        let node = Node::root(element, "VAST");
        let version = node.attr("version").unwrap_or_default();
        let major = version.split('.').next().unwrap_or_default();
        if !matches!(major, "2" | "3" | "4") {
            return Err(VastError::Unsupported {
                path: "VAST".into(),
                offset: element.offset,
                reason: format!("@version {version:?} (2.0 to 4.3 are read)"),
            });
        }
        Ok(Self {
            version,
            ads: node.each("Ad", Ad::read)?,
            errors: node.child_texts("Error"),
        })
    }

    /// The pod — ads with a `@sequence`, in sequence order (§2.3.3) — and the standalone
    /// ads (no `@sequence`) in document order.
    pub fn pod_and_standalone(&self) -> (Vec<&Ad>, Vec<&Ad>) {
        let (mut pod, standalone): (Vec<&Ad>, Vec<&Ad>) =
            self.ads.iter().partition(|a| a.sequence.is_some());
        pod.sort_by_key(|a| a.sequence);
        (pod, standalone)
    }
}
