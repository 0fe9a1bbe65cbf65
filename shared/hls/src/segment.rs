//! The media segment view (RFC 8216bis §3, §4.4.4): each URI line of a media playlist with the
//! tags that apply to it — those between the previous segment's URI and its own, plus the
//! state carried from earlier lines (keys, map, bitrate, discontinuity and media sequence
//! numbers, byte-range offsets, ad-break state).

use std::borrow::Cow;
use std::ops::Range;

use crate::date_time::DateTime;
use crate::error::ParseError;
use crate::line::LineKind;
use crate::playlist::{Playlist, PlaylistKind};
use crate::tag::byterange::ByteRange;
use crate::tag::cue::{CueIn, CueOut, CueOutCont, CueSpan, OatclsScte35};
use crate::tag::extinf::Extinf;
use crate::tag::ll::Skip;
use crate::tag::simple::{Bitrate, DiscontinuitySequence, MediaSequence, ProgramDateTime};
use crate::tag::{TagName, TypedTag};

/// A byte range with its offset resolved (§4.4.4.2: a missing offset continues the previous
/// segment's sub-range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedByteRange {
    /// Length in bytes.
    pub length: u64,
    /// Start offset in bytes.
    pub offset: u64,
}

/// Where a segment stands in an ad break signalled with CUE-OUT / CUE-OUT-CONT / CUE-IN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueState {
    /// First segment of a break (a CUE-OUT precedes it).
    Out,
    /// Inside a break (a CUE-OUT-CONT or CUE-SPAN precedes it, or none since the CUE-OUT).
    Cont,
    /// First segment after a break (a CUE-IN precedes it).
    In,
}

impl CueState {
    /// `out`, `cont` or `in`.
    pub fn as_str(self) -> &'static str {
        match self {
            CueState::Out => "out",
            CueState::Cont => "cont",
            CueState::In => "in",
        }
    }
}

/// Ad-break state of one segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Cue<'p> {
    /// Out, inside, or back in.
    pub state: CueState,
    /// The break's planned duration, when signalled.
    pub duration: Option<f64>,
    /// Seconds since the break started: as signalled, else summed from EXTINF durations.
    pub elapsed: Option<f64>,
    /// Vendor ID (Envivio).
    pub id: Option<&'p str>,
    /// Base64 SCTE-35 from the cue tag or a preceding EXT-OATCLS-SCTE35.
    pub scte35: Option<&'p str>,
    /// 0-based index of the cue tag line; `None` when the state is implied.
    pub line: Option<usize>,
}

/// One media segment.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment<'p> {
    /// Position among the playlist's segments.
    pub index: usize,
    /// Media sequence number (EXT-X-MEDIA-SEQUENCE + skipped + position).
    pub media_sequence: u64,
    /// Discontinuity sequence number.
    pub discontinuity_sequence: u64,
    /// The URI as written (trimmed).
    pub uri: &'p str,
    /// 0-based index of the URI line.
    pub uri_line: usize,
    /// Lines that belong to this segment (after the previous URI line, up to its own).
    pub lines: Range<usize>,
    /// EXTINF duration; `None` if the URI line has no EXTINF.
    pub duration: Option<f64>,
    /// EXTINF title.
    pub title: Option<Cow<'p, str>>,
    /// 0-based index of the EXTINF line.
    pub extinf_line: Option<usize>,
    /// An EXT-X-DISCONTINUITY precedes it.
    pub discontinuity: bool,
    /// EXT-X-BYTERANGE, offset resolved.
    pub byterange: Option<ResolvedByteRange>,
    /// EXT-X-PROGRAM-DATE-TIME given for this segment (not extrapolated).
    pub program_date_time: Option<DateTime<'p>>,
    /// 0-based indices of the EXT-X-KEY lines in effect (one per KEYFORMAT; empty when clear).
    pub keys: Vec<usize>,
    /// 0-based index of the EXT-X-MAP line in effect.
    pub map: Option<usize>,
    /// 0-based indices of EXT-X-DATERANGE lines before this segment.
    pub dateranges: Vec<usize>,
    /// Ad-break state.
    pub cue: Option<Cue<'p>>,
    /// EXT-X-GAP
    pub gap: bool,
    /// EXT-X-BITRATE in effect (kbit/s).
    pub bitrate: Option<u64>,
    /// 0-based indices of the EXT-X-PART lines of this segment.
    pub parts: Vec<usize>,
}

/// The segments of a media playlist, plus what follows the last one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Segments<'p> {
    /// Complete segments (those with a URI line).
    pub segments: Vec<Segment<'p>>,
    /// EXT-X-PART lines after the last URI: the segment being produced (LL-HLS).
    pub trailing_parts: Vec<usize>,
    /// EXT-X-DATERANGE lines after the last URI.
    pub trailing_dateranges: Vec<usize>,
}

#[derive(Clone, Copy)]
struct Break {
    duration: Option<f64>,
    elapsed: f64,
}

impl<'a> Playlist<'a> {
    /// The media segments. Empty for a multivariant playlist. Fails, naming the line, when a
    /// tag the segment list depends on is malformed: EXTINF, EXT-X-BYTERANGE (or a missing
    /// offset with nothing to continue), EXT-X-PROGRAM-DATE-TIME, EXT-X-MEDIA-SEQUENCE,
    /// EXT-X-DISCONTINUITY-SEQUENCE, EXT-X-SKIP, EXT-X-BITRATE, EXT-X-KEY without METHOD, or a
    /// CUE tag with an unreadable duration.
    pub fn segments(&self) -> Result<Segments<'_>, ParseError> {
        let mut out = Segments::default();
        if self.kind() == PlaylistKind::Multivariant {
            return Ok(out);
        }
        let skipped = match self.single::<Skip>()? {
            Some(s) => s.skipped_segments()?,
            None => 0,
        };
        let mut msn = self
            .single::<MediaSequence>()?
            .map_or(0, |m| m.0)
            .saturating_add(skipped);
        let mut dseq = self.single::<DiscontinuitySequence>()?.map_or(0, |d| d.0);
        let mut keys: Vec<(String, usize)> = Vec::new();
        let mut map = None;
        let mut bitrate = None;
        let mut brk: Option<Break> = None;
        let mut prev_end: Option<u64> = None;

        let mut start = 0;
        let mut extinf: Option<(usize, Extinf<'_>)> = None;
        let mut byterange: Option<(usize, ByteRange)> = None;
        let mut pdt = None;
        let mut discontinuity = false;
        let mut gap = false;
        let mut dateranges = Vec::new();
        let mut parts = Vec::new();
        let mut cue: Option<Cue<'_>> = None;
        let mut oatcls: Option<&str> = None;

        for (i, line) in self.lines().iter().enumerate() {
            let n = i + 1;
            let value = line.tag_value();
            match line.kind() {
                LineKind::Tag(t) => match t {
                    TagName::Extinf => extinf = Some((i, Extinf::from_value(value, n)?)),
                    TagName::ByteRange => byterange = Some((i, ByteRange::from_value(value, n)?)),
                    TagName::ProgramDateTime => {
                        pdt = Some(ProgramDateTime::from_value(value, n)?.0)
                    }
                    TagName::Discontinuity => {
                        discontinuity = true;
                        dseq = dseq.saturating_add(1);
                    }
                    TagName::Gap => gap = true,
                    TagName::Bitrate => bitrate = Some(Bitrate::from_value(value, n)?.0),
                    TagName::Map => map = Some(i),
                    TagName::DateRange => dateranges.push(i),
                    TagName::Part => parts.push(i),
                    TagName::Key => {
                        let attrs = line.attrs();
                        let method = attrs.get("METHOD").ok_or_else(|| {
                            ParseError::malformed(
                                n,
                                "EXT-X-KEY METHOD",
                                "required attribute is missing",
                            )
                        })?;
                        if method.unquoted() == "NONE" {
                            keys.clear();
                        } else {
                            let format = attrs
                                .get("KEYFORMAT")
                                .map_or("identity", |v| v.unquoted())
                                .to_owned();
                            keys.retain(|(f, _)| *f != format);
                            keys.push((format, i));
                        }
                    }
                    TagName::CueOut => {
                        let c = CueOut::from_value(value, n)?;
                        brk = Some(Break {
                            duration: c.duration,
                            elapsed: 0.0,
                        });
                        cue = Some(Cue {
                            state: CueState::Out,
                            duration: c.duration,
                            elapsed: Some(0.0),
                            id: cue_str(value, c.attrs().get_ignore_case("ID")),
                            scte35: cue_str(value, c.attrs().get_ignore_case("CUE")).or(oatcls),
                            line: Some(i),
                        });
                    }
                    TagName::CueOutCont => {
                        let c = CueOutCont::from_value(value, n)?;
                        let b = brk.get_or_insert(Break {
                            duration: c.duration,
                            elapsed: 0.0,
                        });
                        if let Some(e) = c.elapsed {
                            b.elapsed = e;
                        }
                        if c.duration.is_some() {
                            b.duration = c.duration;
                        }
                        cue = Some(Cue {
                            state: CueState::Cont,
                            duration: b.duration,
                            elapsed: Some(b.elapsed),
                            id: None,
                            scte35: cue_str(value, c.attrs().get_ignore_case("SCTE35")).or(oatcls),
                            line: Some(i),
                        });
                    }
                    TagName::CueSpan => {
                        let c = CueSpan::from_value(value, n)?;
                        let b = brk.get_or_insert(Break {
                            duration: None,
                            elapsed: 0.0,
                        });
                        if let Some(e) = c.elapsed {
                            b.elapsed = e;
                        }
                        cue = Some(Cue {
                            state: CueState::Cont,
                            duration: b.duration,
                            elapsed: Some(b.elapsed),
                            id: cue_str(value, c.attrs().get_ignore_case("ID")),
                            scte35: oatcls,
                            line: Some(i),
                        });
                    }
                    TagName::CueIn => {
                        let c = CueIn::from_value(value, n)?;
                        brk = None;
                        cue = Some(Cue {
                            state: CueState::In,
                            duration: None,
                            elapsed: None,
                            id: cue_str(value, c.attrs().get_ignore_case("ID")),
                            scte35: oatcls,
                            line: Some(i),
                        });
                    }
                    TagName::OatclsScte35 => {
                        let base64 = OatclsScte35::from_value(value, n)?.base64;
                        oatcls = Some(base64);
                        if let Some(c) = cue.as_mut() {
                            c.scte35.get_or_insert(base64);
                        }
                    }
                    _ => {}
                },
                LineKind::Uri => {
                    let uri = line.text().trim();
                    let resolved = match byterange.take() {
                        None => None,
                        Some((bl, br)) => {
                            let offset = match (br.offset, prev_end) {
                                (Some(o), _) => o,
                                (None, Some(e)) => e,
                                (None, None) => {
                                    return Err(ParseError::malformed(
                                        bl + 1,
                                        "EXT-X-BYTERANGE",
                                        "no offset, and the previous segment has no byte range to continue",
                                    ));
                                }
                            };
                            Some(ResolvedByteRange {
                                length: br.length,
                                offset,
                            })
                        }
                    };
                    prev_end = resolved.map(|r| r.offset.saturating_add(r.length));
                    let (extinf_line, duration, title) = match extinf.take() {
                        Some((l, e)) => (Some(l), Some(e.duration), e.title),
                        None => (None, None, None),
                    };
                    let seg_cue = match cue.take() {
                        Some(c) => Some(c),
                        None => brk.map(|b| Cue {
                            state: CueState::Cont,
                            duration: b.duration,
                            elapsed: Some(b.elapsed),
                            id: None,
                            scte35: None,
                            line: None,
                        }),
                    };
                    if let Some(b) = brk.as_mut() {
                        b.elapsed += duration.unwrap_or(0.0);
                    }
                    out.segments.push(Segment {
                        index: out.segments.len(),
                        media_sequence: msn,
                        discontinuity_sequence: dseq,
                        uri,
                        uri_line: i,
                        lines: start..i + 1,
                        duration,
                        title,
                        extinf_line,
                        discontinuity,
                        byterange: resolved,
                        program_date_time: pdt.take(),
                        keys: keys.iter().map(|(_, l)| *l).collect(),
                        map,
                        dateranges: std::mem::take(&mut dateranges),
                        cue: seg_cue,
                        gap,
                        bitrate,
                        parts: std::mem::take(&mut parts),
                    });
                    msn = msn.saturating_add(1);
                    start = i + 1;
                    discontinuity = false;
                    gap = false;
                    oatcls = None;
                }
                LineKind::Blank | LineKind::Comment => {}
            }
        }
        out.trailing_parts = parts;
        out.trailing_dateranges = dateranges;
        Ok(out)
    }
}

/// Re-borrows an attribute value from the line text so it lives as long as the playlist.
fn cue_str<'v>(value: Option<&'v str>, v: Option<crate::attr::AttrValue<'_>>) -> Option<&'v str> {
    let value = value?;
    let raw = v?.unquoted();
    let start = (raw.as_ptr() as usize).checked_sub(value.as_ptr() as usize)?;
    value.get(start..start + raw.len())
}
