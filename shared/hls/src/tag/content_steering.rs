//! `#EXT-X-CONTENT-STEERING:SERVER-URI="…"[,PATHWAY-ID="…"]` (§4.4.6.6).

use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag, quoted};

attr_tag!(
    /// `#EXT-X-CONTENT-STEERING:<attribute-list>`
    ContentSteering, ContentSteering
);

impl ContentSteering<'_> {
    /// A new tag pointing at a steering server, optionally naming the initial pathway.
    pub fn new(
        server_uri: &str,
        pathway_id: Option<&str>,
    ) -> Result<ContentSteering<'static>, ParseError> {
        let mut attrs = crate::attr::AttrList::new();
        quoted(&mut attrs, "SERVER-URI", server_uri)?;
        if let Some(p) = pathway_id {
            quoted(&mut attrs, "PATHWAY-ID", p)?;
        }
        Ok(ContentSteering::from_attrs(attrs, 0))
    }

    /// SERVER-URI (required).
    pub fn server_uri(&self) -> Result<&str, ParseError> {
        self.string("SERVER-URI")?
            .ok_or_else(|| self.missing("SERVER-URI"))
    }

    /// PATHWAY-ID (the initial pathway; `.` when absent).
    pub fn pathway_id(&self) -> Result<Option<&str>, ParseError> {
        self.string("PATHWAY-ID")
    }
}
