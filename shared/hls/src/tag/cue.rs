//! Ad-break signalling that predates EXT-X-DATERANGE and is still what most packagers and
//! SSAI systems emit. None of it is in RFC 8216; the spellings below are the ones met in real
//! playlists (see `testdata/hls/globo_cue_out_*` and `threefive_scte35.m3u8`):
//!
//! | tag | Elemental / MediaTailor | Envivio | MediaConvert |
//! |---|---|---|---|
//! | `EXT-X-CUE-OUT` | `:30.000` | `:DURATION=366,ID=…,CUE="<base64>"` | `:4,SpliceType=VOD_DAI,…` |
//! | `EXT-X-CUE-OUT-CONT` | `:ElapsedTime=2.000,Duration=30,SCTE35=<base64>` or `:2/120` | (`EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT10S,ID=…`) | `:10/4, SpliceType=…` |
//! | `EXT-X-CUE-IN` | bare | `:ID=…` | `:4,SpliceType=…` |
//!
//! plus `#EXT-OATCLS-SCTE35:<base64>` carrying the splice_info_section. Attribute names are
//! matched ignoring ASCII case; everything is kept verbatim for output.

use crate::attr::{AttrList, format_float, parse_decimal_float};
use crate::error::{ParseError, ValueError};
use crate::tag::{TagName, TypedTag, WriteTag, tag_str};

fn float_or_err(s: &str, what: &'static str, line: usize, t: TagName) -> Result<f64, ParseError> {
    parse_decimal_float(s.trim_matches('"').trim(), false)
        .ok_or_else(|| ValueError::new(what, s).at(line, tag_str(t)))
}

fn write_with_attrs(out: &mut String, t: TagName, attrs: &AttrList<'_>) {
    out.push('#');
    out.push_str(tag_str(t));
    if !attrs.is_empty() {
        out.push(':');
        attrs.write(out);
    }
}

/// `#EXT-X-CUE-OUT[:<duration>|:DURATION=<d>,…]`: an ad break starts with the next segment.
#[derive(Debug, Clone, PartialEq)]
pub struct CueOut<'a> {
    attrs: AttrList<'a>,
    /// Planned break duration in seconds, when given.
    pub duration: Option<f64>,
}

impl<'a> CueOut<'a> {
    /// `#EXT-X-CUE-OUT:<duration>`
    pub fn new(duration: f64) -> CueOut<'static> {
        CueOut {
            attrs: AttrList::parse_owned(format_float(duration)),
            duration: Some(duration),
        }
    }
    /// All pieces, verbatim.
    pub fn attrs(&self) -> &AttrList<'a> {
        &self.attrs
    }
    /// `ID` (Envivio).
    pub fn id(&self) -> Option<&str> {
        self.attrs.get_ignore_case("ID").map(|v| v.unquoted())
    }
    /// Base64 SCTE-35 in `CUE` (Envivio).
    pub fn cue(&self) -> Option<&str> {
        self.attrs.get_ignore_case("CUE").map(|v| v.unquoted())
    }
}

impl<'a> TypedTag<'a> for CueOut<'a> {
    const NAME: TagName = TagName::CueOut;
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError> {
        let attrs = AttrList::parse(value.unwrap_or(""));
        let duration = match (
            attrs.leading_bare_value(),
            attrs.get_ignore_case("DURATION"),
        ) {
            (Some(d), _) => Some(float_or_err(
                d,
                "duration in seconds",
                line,
                TagName::CueOut,
            )?),
            (None, Some(d)) => Some(float_or_err(
                d.raw(),
                "DURATION in seconds",
                line,
                TagName::CueOut,
            )?),
            (None, None) => None,
        };
        Ok(CueOut { attrs, duration })
    }
}

impl WriteTag for CueOut<'_> {
    fn write_tag(&self, out: &mut String) {
        write_with_attrs(out, TagName::CueOut, &self.attrs);
    }
}

/// `#EXT-X-CUE-OUT-CONT[:<elapsed>/<duration>|:ElapsedTime=…,Duration=…,SCTE35=…]`
#[derive(Debug, Clone, PartialEq)]
pub struct CueOutCont<'a> {
    attrs: AttrList<'a>,
    /// Seconds since the break started, when given.
    pub elapsed: Option<f64>,
    /// Break duration, when given.
    pub duration: Option<f64>,
}

impl<'a> CueOutCont<'a> {
    /// All pieces, verbatim.
    pub fn attrs(&self) -> &AttrList<'a> {
        &self.attrs
    }
    /// Base64 SCTE-35 in `SCTE35` (Elemental).
    pub fn scte35(&self) -> Option<&str> {
        self.attrs.get_ignore_case("SCTE35").map(|v| v.unquoted())
    }
}

impl<'a> TypedTag<'a> for CueOutCont<'a> {
    const NAME: TagName = TagName::CueOutCont;
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError> {
        let t = TagName::CueOutCont;
        let attrs = AttrList::parse(value.unwrap_or(""));
        let (mut elapsed, mut duration) = (None, None);
        if let Some(bare) = attrs.leading_bare_value() {
            let (e, d) = bare.split_once('/').ok_or_else(|| {
                ValueError::new("<elapsed>/<duration>", bare).at(line, tag_str(t))
            })?;
            elapsed = Some(float_or_err(e, "elapsed seconds", line, t)?);
            duration = Some(float_or_err(d, "duration in seconds", line, t)?);
        }
        if let Some(e) = attrs.get_ignore_case("ElapsedTime") {
            elapsed = Some(float_or_err(e.raw(), "ElapsedTime in seconds", line, t)?);
        }
        if let Some(d) = attrs.get_ignore_case("Duration") {
            duration = Some(float_or_err(d.raw(), "Duration in seconds", line, t)?);
        }
        Ok(CueOutCont {
            attrs,
            elapsed,
            duration,
        })
    }
}

impl WriteTag for CueOutCont<'_> {
    fn write_tag(&self, out: &mut String) {
        write_with_attrs(out, TagName::CueOutCont, &self.attrs);
    }
}

/// `#EXT-X-CUE-IN[:…]`: the break ends before the next segment.
#[derive(Debug, Clone, PartialEq)]
pub struct CueIn<'a> {
    attrs: AttrList<'a>,
}

impl<'a> CueIn<'a> {
    /// A bare `#EXT-X-CUE-IN`.
    pub fn new() -> CueIn<'static> {
        CueIn {
            attrs: AttrList::new(),
        }
    }
    /// All pieces, verbatim.
    pub fn attrs(&self) -> &AttrList<'a> {
        &self.attrs
    }
    /// `ID` (Envivio).
    pub fn id(&self) -> Option<&str> {
        self.attrs.get_ignore_case("ID").map(|v| v.unquoted())
    }
}

impl<'a> TypedTag<'a> for CueIn<'a> {
    const NAME: TagName = TagName::CueIn;
    fn from_value(value: Option<&'a str>, _line: usize) -> Result<Self, ParseError> {
        Ok(CueIn {
            attrs: AttrList::parse(value.unwrap_or("")),
        })
    }
}

impl WriteTag for CueIn<'_> {
    fn write_tag(&self, out: &mut String) {
        write_with_attrs(out, TagName::CueIn, &self.attrs);
    }
}

/// Envivio's `#EXT-X-CUE-SPAN:TIMEFROMSIGNAL=PT10S,ID=…`: inside a break.
#[derive(Debug, Clone, PartialEq)]
pub struct CueSpan<'a> {
    attrs: AttrList<'a>,
    /// TIMEFROMSIGNAL in seconds.
    pub elapsed: Option<f64>,
}

impl<'a> CueSpan<'a> {
    /// All pieces, verbatim.
    pub fn attrs(&self) -> &AttrList<'a> {
        &self.attrs
    }
    /// `ID`
    pub fn id(&self) -> Option<&str> {
        self.attrs.get_ignore_case("ID").map(|v| v.unquoted())
    }
}

impl<'a> TypedTag<'a> for CueSpan<'a> {
    const NAME: TagName = TagName::CueSpan;
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError> {
        let attrs = AttrList::parse(value.unwrap_or(""));
        let elapsed = match attrs.get_ignore_case("TIMEFROMSIGNAL") {
            None => None,
            Some(v) => Some(parse_iso8601_duration(v.unquoted()).ok_or_else(|| {
                ValueError::new("ISO 8601 duration (PT…S)", v.raw())
                    .at(line, "EXT-X-CUE-SPAN TIMEFROMSIGNAL")
            })?),
        };
        Ok(CueSpan { attrs, elapsed })
    }
}

impl WriteTag for CueSpan<'_> {
    fn write_tag(&self, out: &mut String) {
        write_with_attrs(out, TagName::CueSpan, &self.attrs);
    }
}

/// `#EXT-OATCLS-SCTE35:<base64 splice_info_section>`
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OatclsScte35<'a> {
    /// The base64 text as written.
    pub base64: &'a str,
}

impl<'a> TypedTag<'a> for OatclsScte35<'a> {
    const NAME: TagName = TagName::OatclsScte35;
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError> {
        let v = crate::tag::require_value(value, TagName::OatclsScte35, line)?.trim();
        if v.is_empty()
            || !v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
        {
            return Err(ValueError::new("base64", v).at(line, tag_str(TagName::OatclsScte35)));
        }
        Ok(OatclsScte35 { base64: v })
    }
}

impl WriteTag for OatclsScte35<'_> {
    fn write_tag(&self, out: &mut String) {
        out.push_str("#EXT-OATCLS-SCTE35:");
        out.push_str(self.base64);
    }
}

/// `PT[nH][nM][n[.n]S]` in seconds.
fn parse_iso8601_duration(s: &str) -> Option<f64> {
    let mut rest = s.strip_prefix("PT")?;
    if rest.is_empty() {
        return None;
    }
    let mut total = 0.0;
    for (unit, scale) in [('H', 3600.0), ('M', 60.0), ('S', 1.0)] {
        if let Some((n, r)) = rest.split_once(unit) {
            total += parse_decimal_float(n, false)? * scale;
            rest = r;
        }
    }
    rest.is_empty().then_some(total)
}
