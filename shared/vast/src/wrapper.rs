//! `<Wrapper>` (VAST 4.3 §3.5): a pointer to another VAST response (`<VASTAdTagURI>`), with
//! impressions, errors and tracking to merge into the ad it finally resolves to.

use crate::creative::{Creative, creatives};
use crate::error::VastError;
use crate::node::Node;

/// A Wrapper ad.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Wrapper {
    /// `<VASTAdTagURI>`: where the next response is.
    pub vast_ad_tag_uri: String,
    /// `<Impression>` URLs.
    pub impressions: Vec<String>,
    /// `<Error>` URLs.
    pub errors: Vec<String>,
    /// `<Creatives>` (tracking only: no media, no duration).
    pub creatives: Vec<Creative>,
    /// `@followAdditionalWrappers` (default true): may the next response be a Wrapper again?
    pub follow_additional_wrappers: bool,
    /// `@allowMultipleAds` (default false): may the next response hold a pod?
    pub allow_multiple_ads: bool,
    /// `@fallbackOnNoAd` (default true): on an empty next response, use the next ad here.
    pub fallback_on_no_ad: bool,
}

impl Wrapper {
    pub(crate) fn read(node: Node<'_>) -> Result<Self, VastError> {
        let Some(vast_ad_tag_uri) = node.child_text("VASTAdTagURI") else {
            return Err(node.malformed("a Wrapper needs a <VASTAdTagURI>"));
        };
        Ok(Self {
            vast_ad_tag_uri,
            impressions: node.child_texts("Impression"),
            errors: node.child_texts("Error"),
            creatives: creatives(node, true)?,
            follow_additional_wrappers: node.bool_attr("followAdditionalWrappers")?.unwrap_or(true),
            allow_multiple_ads: node.bool_attr("allowMultipleAds")?.unwrap_or(false),
            fallback_on_no_ad: node.bool_attr("fallbackOnNoAd")?.unwrap_or(true),
        })
    }
}
