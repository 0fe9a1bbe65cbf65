//! `#EXT-X-MAP:URI="…"[,BYTERANGE="n[@o]"]` (§4.4.4.5): the media initialization section.

use crate::error::ParseError;
use crate::tag::byterange::ByteRange;
use crate::tag::{AttrTag, attr_tag, quoted};

attr_tag!(
    /// `#EXT-X-MAP:<attribute-list>`
    Map, Map
);

impl Map<'_> {
    /// A new MAP.
    pub fn new(uri: &str) -> Result<Map<'static>, ParseError> {
        let mut attrs = crate::attr::AttrList::new();
        quoted(&mut attrs, "URI", uri)?;
        Ok(Map::from_attrs(attrs, 0))
    }

    /// URI (required).
    pub fn uri(&self) -> Result<&str, ParseError> {
        self.string("URI")?.ok_or_else(|| self.missing("URI"))
    }

    /// BYTERANGE (a quoted `n[@o]`; the offset is 0 when absent, §4.4.4.5).
    pub fn byterange(&self) -> Result<Option<ByteRange>, ParseError> {
        self.read("BYTERANGE", |v| ByteRange::parse(v.unquoted()))
    }

    /// Sets URI.
    pub fn set_uri(&mut self, uri: &str) -> Result<(), ParseError> {
        let line = self.line();
        self.attrs_mut()
            .set_quoted("URI", uri)
            .map_err(|e| e.at(line, "URI"))
    }
}
