//! `<Creative>` (VAST 4.3 §3.7): ids, `<UniversalAdId>` and the Linear part. Companion and
//! NonLinear creatives are recognised (so a creative without a Linear is not an error) but
//! not modelled: a stitcher only inserts linear media.

use crate::error::VastError;
use crate::linear::Linear;
use crate::node::Node;

/// `<UniversalAdId>` (§3.7.1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct UniversalAdId {
    /// `@idRegistry`, e.g. `Ad-ID`.
    pub id_registry: String,
    /// The id (`unknown` when the registry has none).
    pub value: String,
}

/// One creative of an ad.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Creative {
    /// `@id`.
    pub id: Option<String>,
    /// `@adId` (VAST 4; `AdID` in VAST 2/3).
    pub ad_id: Option<String>,
    /// `@sequence`: order among the ad's creatives.
    pub sequence: Option<u32>,
    /// `<UniversalAdId>`s.
    pub universal_ad_ids: Vec<UniversalAdId>,
    /// `<Linear>`, if this is a linear creative.
    pub linear: Option<Linear>,
    /// True if it has `<CompanionAds>` or `<NonLinearAds>` (not modelled).
    pub has_non_linear: bool,
}

impl Creative {
    pub(crate) fn read(node: Node<'_>, in_wrapper: bool) -> Result<Self, VastError> {
        let universal_ad_ids = node.each("UniversalAdId", |u| {
            Ok(UniversalAdId {
                id_registry: u.attr("idRegistry").unwrap_or_default(),
                value: u.text(),
            })
        })?;
        Ok(Self {
            id: node.attr("id"),
            ad_id: node.attr("adId").or_else(|| node.attr("AdID")),
            sequence: node.u32_attr("sequence")?,
            universal_ad_ids,
            linear: node.with("Linear", |l| Linear::read(l, in_wrapper))?,
            has_non_linear: node.element.child("CompanionAds").is_some()
                || node.element.child("NonLinearAds").is_some(),
        })
    }
}

/// The `<Creatives>/<Creative>` under `node`.
pub(crate) fn creatives(node: Node<'_>, in_wrapper: bool) -> Result<Vec<Creative>, VastError> {
    let found = node.with("Creatives", |c| {
        c.each("Creative", |n| Creative::read(n, in_wrapper))
    })?;
    Ok(found.unwrap_or_default())
}
