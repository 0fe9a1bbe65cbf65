//! `#EXT-X-MEDIA` (§4.4.6.1): alternative renditions.

use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag};

attr_tag!(
    /// `#EXT-X-MEDIA:<attribute-list>`
    Media, Media
);

impl Media<'_> {
    /// TYPE (AUDIO, VIDEO, SUBTITLES, CLOSED-CAPTIONS; required).
    pub fn media_type(&self) -> Result<&str, ParseError> {
        self.enumerated("TYPE")?.ok_or_else(|| self.missing("TYPE"))
    }
    /// URI
    pub fn uri(&self) -> Result<Option<&str>, ParseError> {
        self.string("URI")
    }
    /// GROUP-ID (required).
    pub fn group_id(&self) -> Result<&str, ParseError> {
        self.string("GROUP-ID")?
            .ok_or_else(|| self.missing("GROUP-ID"))
    }
    /// LANGUAGE
    pub fn language(&self) -> Result<Option<&str>, ParseError> {
        self.string("LANGUAGE")
    }
    /// ASSOC-LANGUAGE
    pub fn assoc_language(&self) -> Result<Option<&str>, ParseError> {
        self.string("ASSOC-LANGUAGE")
    }
    /// NAME (required).
    pub fn name(&self) -> Result<&str, ParseError> {
        self.string("NAME")?.ok_or_else(|| self.missing("NAME"))
    }
    /// STABLE-RENDITION-ID
    pub fn stable_rendition_id(&self) -> Result<Option<&str>, ParseError> {
        self.string("STABLE-RENDITION-ID")
    }
    /// DEFAULT (NO when absent)
    pub fn default(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("DEFAULT")?.unwrap_or(false))
    }
    /// AUTOSELECT (NO when absent)
    pub fn autoselect(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("AUTOSELECT")?.unwrap_or(false))
    }
    /// FORCED (NO when absent)
    pub fn forced(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("FORCED")?.unwrap_or(false))
    }
    /// INSTREAM-ID
    pub fn instream_id(&self) -> Result<Option<&str>, ParseError> {
        self.string("INSTREAM-ID")
    }
    /// BIT-DEPTH
    pub fn bit_depth(&self) -> Result<Option<u64>, ParseError> {
        self.int("BIT-DEPTH")
    }
    /// SAMPLE-RATE
    pub fn sample_rate(&self) -> Result<Option<u64>, ParseError> {
        self.int("SAMPLE-RATE")
    }
    /// CHARACTERISTICS
    pub fn characteristics(&self) -> Result<Option<&str>, ParseError> {
        self.string("CHARACTERISTICS")
    }
    /// CHANNELS
    pub fn channels(&self) -> Result<Option<&str>, ParseError> {
        self.string("CHANNELS")
    }
}
