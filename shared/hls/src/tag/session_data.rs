//! `#EXT-X-SESSION-DATA` (§4.4.6.4): DATA-ID, VALUE or URI, FORMAT, LANGUAGE.

use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag};

attr_tag!(
    /// `#EXT-X-SESSION-DATA:<attribute-list>`
    SessionData, SessionData
);

impl SessionData<'_> {
    /// DATA-ID (required).
    pub fn data_id(&self) -> Result<&str, ParseError> {
        self.string("DATA-ID")?
            .ok_or_else(|| self.missing("DATA-ID"))
    }
    /// VALUE
    pub fn value(&self) -> Result<Option<&str>, ParseError> {
        self.string("VALUE")
    }
    /// URI
    pub fn uri(&self) -> Result<Option<&str>, ParseError> {
        self.string("URI")
    }
    /// FORMAT (JSON or RAW)
    pub fn format(&self) -> Result<Option<&str>, ParseError> {
        self.enumerated("FORMAT")
    }
    /// LANGUAGE
    pub fn language(&self) -> Result<Option<&str>, ParseError> {
        self.string("LANGUAGE")
    }
}
