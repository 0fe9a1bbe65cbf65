//! `#EXT-X-DEFINE` (§4.4.2.3): NAME/VALUE, IMPORT or QUERYPARAM.

use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag};

attr_tag!(
    /// `#EXT-X-DEFINE:<attribute-list>`
    Define, Define
);

impl Define<'_> {
    /// NAME
    pub fn name(&self) -> Result<Option<&str>, ParseError> {
        self.string("NAME")
    }
    /// VALUE
    pub fn value(&self) -> Result<Option<&str>, ParseError> {
        self.string("VALUE")
    }
    /// IMPORT
    pub fn import(&self) -> Result<Option<&str>, ParseError> {
        self.string("IMPORT")
    }
    /// QUERYPARAM
    pub fn queryparam(&self) -> Result<Option<&str>, ParseError> {
        self.string("QUERYPARAM")
    }
}
