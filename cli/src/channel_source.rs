//! The real segment source of `ottedge channel`: the programme (the synthetic picture, or an
//! MP4 in a loop) and, during breaks, the break-colour slate ([`Picture`] → [`LivePicture`]),
//! encoded live by [`LiveEncoder`] (one OpenH264 encoder per rung, an IDR with SPS + PPS at each
//! segment start)
//! and packaged one segment at a time by `ottedge_packager::live` (CMAF; the break's SCTE-35
//! section in an `emsg` of its first segment, ISO/IEC 23009-1 §5.10.3.3, SCTE 214-3).
//!
//! The ladder's codecs strings come from the encoder's own SPS: segment 0 is encoded once at
//! start-up ([`EncoderSource::new`]) so the channel's manifests name what the segments hold.

use anyhow::Context;
use ottedge_encoder::{
    Ladder, LiveEncoder, LivePicture, LiveSpec, Programme, Rational, Rgb as EncoderRgb,
};
use ottedge_live::Rendition;
use ottedge_origin::live::{Picture, SegmentSource, SourceError, Splice};
use ottedge_packager::live::{SpliceEvent, init_segment, media_segment};
use ottedge_packager::{Encryption, RenditionInput};

/// Encoder + packager behind [`SegmentSource`].
pub struct EncoderSource {
    encoder: LiveEncoder,
    /// Per rung (ladder order): its `encode.json` entry with codecs, SPS and PPS.
    infos: Vec<ottedge_encoder::RenditionInfo>,
    /// cbcs key of every segment, if encrypted.
    encryption: Option<Encryption>,
}

impl EncoderSource {
    /// Starts the encoder (opening an MP4 programme's file: its errors are
    /// [`ottedge_encoder::EncodeError`]s naming it) and learns each rung's codecs string from a
    /// first encode; returns the source and the channel's renditions.
    pub fn new(
        ladder: Ladder,
        programme: Programme,
        frame_rate: Rational,
        segment_duration_ms: u64,
        clock_origin_ms: u64,
        encryption: Option<Encryption>,
    ) -> anyhow::Result<(Self, Vec<Rendition>)> {
        let rungs = ladder.rungs().to_vec();
        let mut encoder = LiveEncoder::new(LiveSpec {
            ladder,
            programme,
            frame_rate,
            segment_duration_ms,
            clock_origin_ms,
        })
        .context("cannot start the live encoder")?;
        let probe = encoder
            .encode_segment(0, LivePicture::Programme(EncoderRgb { r: 0, g: 0, b: 0 }))
            .context("the live encoder's first segment failed")?;
        let infos: Vec<_> = probe.renditions.into_iter().map(|r| r.info).collect();
        let renditions = rungs
            .iter()
            .zip(&infos)
            .map(|(rung, info)| Rendition {
                id: rung.id.clone(),
                bandwidth: u64::from(rung.bitrate_kbps) * 1000,
                width: rung.width,
                height: rung.height,
                codecs: info.codecs.clone(),
                frame_rate: (frame_rate.num, frame_rate.den),
            })
            .collect();
        let source = Self {
            encoder,
            infos,
            encryption,
        };
        Ok((source, renditions))
    }
}

fn failed(index: Option<u64>, rendition: Option<&str>, why: impl ToString) -> SourceError {
    SourceError {
        rendition: rendition.map(str::to_owned),
        index,
        reason: why.to_string(),
    }
}

impl SegmentSource for EncoderSource {
    fn init(&mut self, rendition: &str) -> Result<Vec<u8>, SourceError> {
        let info = self.infos.iter().find(|info| info.id == rendition);
        let info = info.ok_or_else(|| failed(None, Some(rendition), "no such rendition"))?;
        init_segment(info, self.encryption.as_ref()).map_err(|e| failed(None, Some(rendition), e))
    }

    fn segment(
        &mut self,
        index: u64,
        picture: Picture,
        splice: Option<&Splice>,
    ) -> Result<Vec<(String, Vec<u8>)>, SourceError> {
        let [r, g, b] = picture.rgb();
        let color = EncoderRgb { r, g, b };
        let picture = match picture {
            Picture::Programme(_) => LivePicture::Programme(color),
            Picture::Break(_) => LivePicture::Break(color),
        };
        let encoded = self.encoder.encode_segment(index, picture);
        let encoded = encoded.map_err(|e| failed(Some(index), None, e))?;
        let event = splice.map(|s| SpliceEvent {
            id: s.event_id,
            duration: u32::try_from(s.duration_ticks).unwrap_or(u32::MAX),
            splice_info_section: &s.section,
        });
        // mfhd sequence numbers are 32 bits (ISO/IEC 14496-12 §8.8.5): they wrap.
        let sequence = u32::try_from((index + 1) % (1 << 32)).unwrap_or(0);
        encoded
            .renditions
            .into_iter()
            .map(|r| {
                let id = r.info.id.clone();
                let input = RenditionInput {
                    info: r.info,
                    stream: r.stream,
                    frames: r.frames,
                };
                let bytes =
                    media_segment(&input, sequence, event.as_ref(), self.encryption.as_ref())
                        .map_err(|e| failed(Some(index), Some(&id), e))?;
                Ok((id, bytes))
            })
            .collect()
    }
}
