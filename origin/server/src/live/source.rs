//! Where a channel's segments come from: the [`SegmentSource`] trait, and [`TestSource`], a
//! deterministic stand-in whose bytes say what they were asked to be.
//!
//! The runner calls the source once per segment boundary, on tokio's blocking pool (a real
//! encoder is CPU-bound), with the [`Picture`] to show and, on a break's first segment, the
//! SCTE-35 `splice_info_section` the packager puts in that segment's `emsg` (SCTE 214-1 §6.2 /
//! DASH-IF event messages, scheme `urn:scte:scte35:2013:bin`).

/// An RGB colour.
pub type Rgb = [u8; 3];

/// What segment `n` shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Picture {
    /// The channel's programme (the `--color` of a synthetic channel).
    Programme(Rgb),
    /// An ad break's slate (the `--break-color`).
    Break(Rgb),
}

impl Picture {
    /// The colour shown.
    pub fn rgb(self) -> Rgb {
        match self {
            Picture::Programme(rgb) | Picture::Break(rgb) => rgb,
        }
    }
}

/// A source that could not produce what the runner asked for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("segment source, rendition {rendition:?}, segment {index:?}: {reason}")]
pub struct SourceError {
    /// The rendition concerned, when one is.
    pub rendition: Option<String>,
    /// The segment index concerned, when one is.
    pub index: Option<u64>,
    /// What went wrong.
    pub reason: String,
}

/// A break's start, for the `emsg` of its first segment (ISO/IEC 23009-1 §5.10.3.3): the
/// encoded `splice_info_section` and, so the source need not decode it, its event id and
/// duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    /// The SCTE-35 section, as the manifests carry it.
    pub section: Vec<u8>,
    /// The break's event id (splice_event_id / segmentation_event_id).
    pub event_id: u32,
    /// The break's length in 90 kHz ticks.
    pub duration_ticks: u64,
}

/// An encoder + CMAF packager producing one segment per call, for every rendition at once.
///
/// Contract (checked by the runner): `segment` returns exactly one `(rendition id, bytes)` per
/// rendition of the channel; segment `index` has `tfdt` = `index × segment duration` in the
/// channel timescale ([`ottedge_live::timeline::media_time`]) and starts with an IDR; `splice`
/// is `Some` only for a break's first segment and goes into that segment's `emsg`.
pub trait SegmentSource: Send + 'static {
    /// The CMAF header (`ftyp` + `moov`) of `rendition`.
    fn init(&mut self, rendition: &str) -> Result<Vec<u8>, SourceError>;

    /// Media segment `index` (`styp`? + `emsg`? + `moof` + `mdat`) of every rendition.
    fn segment(
        &mut self,
        index: u64,
        picture: Picture,
        splice: Option<&Splice>,
    ) -> Result<Vec<(String, Vec<u8>)>, SourceError>;
}

/// Marker after the box type of every [`TestSource`] init segment.
const INIT_MAGIC: &[u8; 4] = b"OTTI";
/// Marker after the box type of every [`TestSource`] media segment.
const SEGMENT_MAGIC: &[u8; 4] = b"OTTS";

/// A deterministic [`SegmentSource`] for tests and for running a channel without an encoder:
/// every output is one ISO BMFF `free` box (so box walkers accept it) whose payload encodes the
/// request — see [`TestSegment::decode`].
#[derive(Clone, Debug)]
pub struct TestSource {
    renditions: Vec<String>,
}

impl TestSource {
    /// A source for these rendition ids.
    pub fn new(renditions: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            renditions: renditions.into_iter().map(Into::into).collect(),
        }
    }
}

/// A `free` box around `payload`.
fn free_box(payload: &[u8]) -> Vec<u8> {
    let size = u32::try_from(payload.len() + 8).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(payload.len() + 8);
    out.extend_from_slice(&size.to_be_bytes());
    out.extend_from_slice(b"free");
    out.extend_from_slice(payload);
    out
}

impl SegmentSource for TestSource {
    fn init(&mut self, rendition: &str) -> Result<Vec<u8>, SourceError> {
        let mut payload = INIT_MAGIC.to_vec();
        payload.extend_from_slice(rendition.as_bytes());
        Ok(free_box(&payload))
    }

    fn segment(
        &mut self,
        index: u64,
        picture: Picture,
        splice: Option<&Splice>,
    ) -> Result<Vec<(String, Vec<u8>)>, SourceError> {
        let splice = splice.map_or(&[][..], |s| s.section.as_slice());
        let splice_len = u16::try_from(splice.len()).map_err(|_| SourceError {
            rendition: None,
            index: Some(index),
            reason: format!("splice section of {} bytes is over 65535", splice.len()),
        })?;
        let out = self.renditions.iter().map(|r| {
            let mut payload = SEGMENT_MAGIC.to_vec();
            payload.extend_from_slice(&index.to_be_bytes());
            payload.push(u8::from(matches!(picture, Picture::Break(_))));
            payload.extend_from_slice(&picture.rgb());
            payload.extend_from_slice(&splice_len.to_be_bytes());
            payload.extend_from_slice(splice);
            payload.extend_from_slice(r.as_bytes());
            (r.clone(), free_box(&payload))
        });
        Ok(out.collect())
    }
}

/// A [`TestSource`] media segment, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestSegment {
    /// The rendition it was made for.
    pub rendition: String,
    /// Its segment index.
    pub index: u64,
    /// The picture asked for.
    pub picture: Picture,
    /// The splice section asked for, if any.
    pub splice: Option<Vec<u8>>,
}

impl TestSegment {
    /// Decodes the bytes of a [`TestSource`] media segment; `None` for anything else.
    pub fn decode(bytes: &[u8]) -> Option<Self> {
        let size = usize::try_from(u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?)).ok()?;
        if size != bytes.len() || bytes.get(4..12)? != b"freeOTTS" {
            return None;
        }
        let index = u64::from_be_bytes(bytes.get(12..20)?.try_into().ok()?);
        let rgb: Rgb = bytes.get(21..24)?.try_into().ok()?;
        let picture = match bytes.get(20)? {
            0 => Picture::Programme(rgb),
            1 => Picture::Break(rgb),
            _ => return None,
        };
        let len = usize::from(u16::from_be_bytes(bytes.get(24..26)?.try_into().ok()?));
        let splice = bytes.get(26..26 + len)?;
        let rendition = std::str::from_utf8(bytes.get(26 + len..)?).ok()?;
        Some(Self {
            rendition: rendition.to_owned(),
            index,
            picture,
            splice: (!splice.is_empty()).then(|| splice.to_vec()),
        })
    }
}
