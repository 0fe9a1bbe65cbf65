//! `<InLine>` (VAST 4.3 §3.4): an ad with everything needed to play it.

use crate::creative::{Creative, creatives};
use crate::error::VastError;
use crate::node::Node;

/// An InLine ad.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InLine {
    /// `<AdSystem>`.
    pub ad_system: Option<String>,
    /// `<AdTitle>`.
    pub ad_title: Option<String>,
    /// `<AdServingId>` (VAST 4.1).
    pub ad_serving_id: Option<String>,
    /// `<Impression>` URLs.
    pub impressions: Vec<String>,
    /// `<Error>` URLs (may hold the `[ERRORCODE]` macro).
    pub errors: Vec<String>,
    /// `<Creatives>`.
    pub creatives: Vec<Creative>,
}

impl InLine {
    pub(crate) fn read(node: Node<'_>) -> Result<Self, VastError> {
        Ok(Self {
            ad_system: node.child_text("AdSystem"),
            ad_title: node.child_text("AdTitle"),
            ad_serving_id: node.child_text("AdServingId"),
            impressions: node.child_texts("Impression"),
            errors: node.child_texts("Error"),
            creatives: creatives(node, false)?,
        })
    }
}
