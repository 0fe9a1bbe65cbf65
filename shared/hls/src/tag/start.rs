//! `#EXT-X-START:TIME-OFFSET=<s>[,PRECISE=YES|NO]` (§4.4.2.2).

use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag};

attr_tag!(
    /// `#EXT-X-START:<attribute-list>`
    Start, Start
);

impl Start<'_> {
    /// TIME-OFFSET (signed seconds, required).
    pub fn time_offset(&self) -> Result<f64, ParseError> {
        self.signed_float("TIME-OFFSET")?
            .ok_or_else(|| self.missing("TIME-OFFSET"))
    }
    /// PRECISE (NO when absent).
    pub fn precise(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("PRECISE")?.unwrap_or(false))
    }
}
