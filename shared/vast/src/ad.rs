//! `<Ad>` (VAST 4.3 §3.3): an InLine or a Wrapper, with its `@id` and pod `@sequence`.

use crate::error::VastError;
use crate::inline::InLine;
use crate::node::Node;
use crate::wrapper::Wrapper;

/// What an `<Ad>` holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdBody {
    /// `<InLine>`.
    InLine(InLine),
    /// `<Wrapper>`.
    Wrapper(Wrapper),
}

/// One ad.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Ad {
    /// `@id`.
    pub id: Option<String>,
    /// `@sequence`: position in the pod (ads without one are standalone, §2.3.3).
    pub sequence: Option<u32>,
    /// `@conditionalAd` (VAST 4.1).
    pub conditional_ad: bool,
    /// The InLine or Wrapper.
    pub body: AdBody,
}

impl Ad {
    pub(crate) fn read(node: Node<'_>) -> Result<Self, VastError> {
        let inline = node.with("InLine", InLine::read)?;
        let wrapper = node.with("Wrapper", Wrapper::read)?;
        let body = match (inline, wrapper) {
            (Some(i), None) => AdBody::InLine(i),
            (None, Some(w)) => AdBody::Wrapper(w),
            (Some(_), Some(_)) => return Err(node.malformed("both <InLine> and <Wrapper>")),
            (None, None) => return Err(node.malformed("neither <InLine> nor <Wrapper>")),
        };
        Ok(Self {
            id: node.attr("id"),
            sequence: node.u32_attr("sequence")?,
            conditional_ad: node.bool_attr("conditionalAd")?.unwrap_or(false),
            body,
        })
    }

    /// The InLine, if this ad is one.
    pub fn inline(&self) -> Option<&InLine> {
        match &self.body {
            AdBody::InLine(i) => Some(i),
            AdBody::Wrapper(_) => None,
        }
    }

    /// The Wrapper, if this ad is one.
    pub fn wrapper(&self) -> Option<&Wrapper> {
        match &self.body {
            AdBody::Wrapper(w) => Some(w),
            AdBody::InLine(_) => None,
        }
    }

    /// Folds what `wrapper` (the Wrapper that led to this ad) asks to be reported into this
    /// ad, as VAST 4.3 §2.4.2 requires: its impressions and error URLs are added, and its
    /// Linear tracking events and click tracking are added to every Linear creative here. A
    /// chain is merged innermost first, so the outer wrappers' URLs come last.
    pub fn merge_wrapper(&mut self, wrapper: &Wrapper) {
        let (impressions, errors, creatives) = match &mut self.body {
            AdBody::InLine(i) => (&mut i.impressions, &mut i.errors, &mut i.creatives),
            AdBody::Wrapper(w) => (&mut w.impressions, &mut w.errors, &mut w.creatives),
        };
        impressions.extend(wrapper.impressions.iter().cloned());
        errors.extend(wrapper.errors.iter().cloned());
        let from: Vec<_> = wrapper
            .creatives
            .iter()
            .filter_map(|c| c.linear.as_ref())
            .collect();
        for linear in creatives.iter_mut().filter_map(|c| c.linear.as_mut()) {
            for outer in &from {
                linear.tracking.extend(outer.tracking.iter().cloned());
                linear
                    .click_tracking
                    .extend(outer.click_tracking.iter().cloned());
            }
        }
    }
}
