//! `#EXT-X-STREAM-INF` (§4.4.6.2) and `#EXT-X-I-FRAME-STREAM-INF` (§4.4.6.3).

use crate::attr::Resolution;
use crate::error::ParseError;
use crate::tag::{AttrTag, attr_tag, quoted};

/// CLOSED-CAPTIONS: a group id or `NONE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosedCaptions<'a> {
    /// The enumerated-string `NONE`.
    None,
    /// A quoted GROUP-ID.
    Group(&'a str),
}

macro_rules! variant_attrs {
    ($ty:ident) => {
        impl<'a> $ty<'a> {
            /// BANDWIDTH (required by the spec; `None` when absent).
            pub fn bandwidth(&self) -> Result<Option<u64>, ParseError> {
                self.int("BANDWIDTH")
            }
            /// AVERAGE-BANDWIDTH
            pub fn average_bandwidth(&self) -> Result<Option<u64>, ParseError> {
                self.int("AVERAGE-BANDWIDTH")
            }
            /// SCORE
            pub fn score(&self) -> Result<Option<f64>, ParseError> {
                self.float("SCORE")
            }
            /// CODECS (comma-separated list in a quoted-string).
            pub fn codecs(&self) -> Result<Option<&str>, ParseError> {
                self.string("CODECS")
            }
            /// SUPPLEMENTAL-CODECS
            pub fn supplemental_codecs(&self) -> Result<Option<&str>, ParseError> {
                self.string("SUPPLEMENTAL-CODECS")
            }
            /// RESOLUTION
            pub fn resolution(&self) -> Result<Option<Resolution>, ParseError> {
                self.read("RESOLUTION", |v| v.resolution())
            }
            /// HDCP-LEVEL (TYPE-0, TYPE-1, NONE)
            pub fn hdcp_level(&self) -> Result<Option<&str>, ParseError> {
                self.enumerated("HDCP-LEVEL")
            }
            /// ALLOWED-CPC
            pub fn allowed_cpc(&self) -> Result<Option<&str>, ParseError> {
                self.string("ALLOWED-CPC")
            }
            /// VIDEO-RANGE (SDR, HLG, PQ)
            pub fn video_range(&self) -> Result<Option<&str>, ParseError> {
                self.enumerated("VIDEO-RANGE")
            }
            /// REQ-VIDEO-LAYOUT
            pub fn req_video_layout(&self) -> Result<Option<&str>, ParseError> {
                self.string("REQ-VIDEO-LAYOUT")
            }
            /// STABLE-VARIANT-ID
            pub fn stable_variant_id(&self) -> Result<Option<&str>, ParseError> {
                self.string("STABLE-VARIANT-ID")
            }
            /// VIDEO (rendition group)
            pub fn video(&self) -> Result<Option<&str>, ParseError> {
                self.string("VIDEO")
            }
            /// PATHWAY-ID (content steering pathway; `.` when absent).
            pub fn pathway_id(&self) -> Result<Option<&str>, ParseError> {
                self.string("PATHWAY-ID")
            }
            /// PROGRAM-ID (removed in version 6, still common).
            pub fn program_id(&self) -> Result<Option<u64>, ParseError> {
                self.int("PROGRAM-ID")
            }
            /// NAME (a vendor extension seen in the wild).
            pub fn name(&self) -> Result<Option<&str>, ParseError> {
                self.string("NAME")
            }
            /// Sets BANDWIDTH.
            pub fn set_bandwidth(&mut self, bandwidth: u64) {
                self.attrs_mut().set("BANDWIDTH", bandwidth.to_string());
            }
            /// Sets PATHWAY-ID.
            pub fn set_pathway_id(&mut self, pathway_id: &str) -> Result<(), ParseError> {
                let line = self.line();
                self.attrs_mut()
                    .set_quoted("PATHWAY-ID", pathway_id)
                    .map_err(|e| e.at(line, "PATHWAY-ID"))
            }
        }
    };
}

attr_tag!(
    /// `#EXT-X-STREAM-INF:<attribute-list>` followed by the variant's URI line.
    StreamInf, StreamInf
);
attr_tag!(
    /// `#EXT-X-I-FRAME-STREAM-INF:<attribute-list>` with the URI as an attribute.
    IFrameStreamInf, IFrameStreamInf
);
variant_attrs!(StreamInf);
variant_attrs!(IFrameStreamInf);

impl StreamInf<'_> {
    /// A new STREAM-INF with BANDWIDTH.
    pub fn new(bandwidth: u64) -> StreamInf<'static> {
        let mut attrs = crate::attr::AttrList::new();
        attrs.set("BANDWIDTH", bandwidth.to_string());
        StreamInf::from_attrs(attrs, 0)
    }
    /// FRAME-RATE
    pub fn frame_rate(&self) -> Result<Option<f64>, ParseError> {
        self.float("FRAME-RATE")
    }
    /// AUDIO (rendition group)
    pub fn audio(&self) -> Result<Option<&str>, ParseError> {
        self.string("AUDIO")
    }
    /// SUBTITLES (rendition group)
    pub fn subtitles(&self) -> Result<Option<&str>, ParseError> {
        self.string("SUBTITLES")
    }
    /// CLOSED-CAPTIONS
    pub fn closed_captions(&self) -> Result<Option<ClosedCaptions<'_>>, ParseError> {
        match self.attrs().get("CLOSED-CAPTIONS") {
            None => Ok(None),
            Some(v) if !v.is_quoted() && v.raw() == "NONE" => Ok(Some(ClosedCaptions::None)),
            Some(_) => Ok(self.string("CLOSED-CAPTIONS")?.map(ClosedCaptions::Group)),
        }
    }
}

impl IFrameStreamInf<'_> {
    /// A new I-FRAME-STREAM-INF.
    pub fn new(bandwidth: u64, uri: &str) -> Result<IFrameStreamInf<'static>, ParseError> {
        let mut attrs = crate::attr::AttrList::new();
        attrs.set("BANDWIDTH", bandwidth.to_string());
        quoted(&mut attrs, "URI", uri)?;
        Ok(IFrameStreamInf::from_attrs(attrs, 0))
    }
    /// URI (required).
    pub fn uri(&self) -> Result<&str, ParseError> {
        self.string("URI")?.ok_or_else(|| self.missing("URI"))
    }
}
