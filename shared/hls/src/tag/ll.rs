//! Low-latency HLS tags: EXT-X-PART (§4.4.4.9), EXT-X-PART-INF (§4.4.3.7),
//! EXT-X-SERVER-CONTROL (§4.4.3.8), EXT-X-SKIP (§4.4.5.2), EXT-X-PRELOAD-HINT (§4.4.5.3),
//! EXT-X-RENDITION-REPORT (§4.4.5.4).

use crate::error::ParseError;
use crate::tag::byterange::ByteRange;
use crate::tag::{AttrTag, attr_tag};

attr_tag!(
    /// `#EXT-X-PART:<attribute-list>`: a partial segment.
    Part, Part
);
attr_tag!(
    /// `#EXT-X-PART-INF:PART-TARGET=<s>`
    PartInf, PartInf
);
attr_tag!(
    /// `#EXT-X-SERVER-CONTROL:<attribute-list>`
    ServerControl, ServerControl
);
attr_tag!(
    /// `#EXT-X-SKIP:SKIPPED-SEGMENTS=<n>[,RECENTLY-REMOVED-DATERANGES="…"]`
    Skip, Skip
);
attr_tag!(
    /// `#EXT-X-PRELOAD-HINT:<attribute-list>`
    PreloadHint, PreloadHint
);
attr_tag!(
    /// `#EXT-X-RENDITION-REPORT:<attribute-list>`
    RenditionReport, RenditionReport
);

impl Part<'_> {
    /// URI (required).
    pub fn uri(&self) -> Result<&str, ParseError> {
        self.string("URI")?.ok_or_else(|| self.missing("URI"))
    }
    /// DURATION (required).
    pub fn duration(&self) -> Result<f64, ParseError> {
        self.float("DURATION")?
            .ok_or_else(|| self.missing("DURATION"))
    }
    /// INDEPENDENT=YES
    pub fn independent(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("INDEPENDENT")?.unwrap_or(false))
    }
    /// BYTERANGE (quoted or not, `n[@o]`).
    pub fn byterange(&self) -> Result<Option<ByteRange>, ParseError> {
        self.read("BYTERANGE", |v| ByteRange::parse(v.unquoted()))
    }
    /// GAP=YES
    pub fn gap(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("GAP")?.unwrap_or(false))
    }
}

impl PartInf<'_> {
    /// PART-TARGET (required).
    pub fn part_target(&self) -> Result<f64, ParseError> {
        self.float("PART-TARGET")?
            .ok_or_else(|| self.missing("PART-TARGET"))
    }
}

impl ServerControl<'_> {
    /// CAN-SKIP-UNTIL
    pub fn can_skip_until(&self) -> Result<Option<f64>, ParseError> {
        self.float("CAN-SKIP-UNTIL")
    }
    /// CAN-SKIP-DATERANGES=YES
    pub fn can_skip_dateranges(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("CAN-SKIP-DATERANGES")?.unwrap_or(false))
    }
    /// HOLD-BACK
    pub fn hold_back(&self) -> Result<Option<f64>, ParseError> {
        self.float("HOLD-BACK")
    }
    /// PART-HOLD-BACK
    pub fn part_hold_back(&self) -> Result<Option<f64>, ParseError> {
        self.float("PART-HOLD-BACK")
    }
    /// CAN-BLOCK-RELOAD=YES
    pub fn can_block_reload(&self) -> Result<bool, ParseError> {
        Ok(self.yes_no("CAN-BLOCK-RELOAD")?.unwrap_or(false))
    }
}

impl Skip<'_> {
    /// SKIPPED-SEGMENTS (required).
    pub fn skipped_segments(&self) -> Result<u64, ParseError> {
        self.int("SKIPPED-SEGMENTS")?
            .ok_or_else(|| self.missing("SKIPPED-SEGMENTS"))
    }
    /// RECENTLY-REMOVED-DATERANGES, split at tabs.
    pub fn recently_removed_dateranges(&self) -> Result<Vec<&str>, ParseError> {
        Ok(self
            .string("RECENTLY-REMOVED-DATERANGES")?
            .map(|s| s.split('\t').filter(|s| !s.is_empty()).collect())
            .unwrap_or_default())
    }
}

impl PreloadHint<'_> {
    /// TYPE (PART or MAP; required).
    pub fn hint_type(&self) -> Result<&str, ParseError> {
        self.enumerated("TYPE")?.ok_or_else(|| self.missing("TYPE"))
    }
    /// URI (required).
    pub fn uri(&self) -> Result<&str, ParseError> {
        self.string("URI")?.ok_or_else(|| self.missing("URI"))
    }
    /// BYTERANGE-START
    pub fn byterange_start(&self) -> Result<Option<u64>, ParseError> {
        self.int("BYTERANGE-START")
    }
    /// BYTERANGE-LENGTH
    pub fn byterange_length(&self) -> Result<Option<u64>, ParseError> {
        self.int("BYTERANGE-LENGTH")
    }
}

impl RenditionReport<'_> {
    /// URI (required).
    pub fn uri(&self) -> Result<&str, ParseError> {
        self.string("URI")?.ok_or_else(|| self.missing("URI"))
    }
    /// LAST-MSN
    pub fn last_msn(&self) -> Result<Option<u64>, ParseError> {
        self.int("LAST-MSN")
    }
    /// LAST-PART
    pub fn last_part(&self) -> Result<Option<u64>, ParseError> {
        self.int("LAST-PART")
    }
}
