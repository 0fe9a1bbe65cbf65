//! One rung's scaler + OpenH264 encoder, shared by the whole-file pipeline and the live
//! encoder: both feed it pictures in frame order and get Annex B access units back, with an
//! IDR (SPS + PPS in front) exactly on the frames they mark as segment boundaries.

use openh264::encoder::{
    BitRate, Complexity, Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod,
    RateControlMode, SpsPpsStrategy, UsageType, VuiConfig,
};
use openh264::{OpenH264API, Timestamp};

use crate::error::EncodeError;
use crate::frame::{Rgb, Yuv420};
use crate::h264::{self, nal_type};
use crate::ladder::Rung;
use crate::rate::Rational;
use crate::scale::Scaler;

/// The encoder of one rung and the parameter sets it has produced so far.
pub(crate) struct RungEncoder {
    rung: Rung,
    frame_rate: Rational,
    encoder: Encoder,
    scaler: Option<Scaler>,
    scaled: Yuv420,
    au: Vec<u8>,
    sps: Option<Vec<u8>>,
    pps: Option<Vec<u8>>,
    /// Pictures encoded so far (the first one is an IDR without forcing).
    encoded: u64,
}

impl RungEncoder {
    /// An encoder for `rung` at `frame_rate` with closed GOPs of `segment_frames` frames.
    pub(crate) fn new(
        rung: &Rung,
        frame_rate: Rational,
        segment_frames: u64,
    ) -> Result<Self, EncodeError> {
        let encoder = Encoder::with_api_config(
            OpenH264API::from_source(),
            encoder_config(rung, frame_rate, segment_frames),
        )
        .map_err(|e| codec_error(rung, e.to_string()))?;
        let (w, h) = (rung.width as usize, rung.height as usize);
        Ok(Self {
            rung: rung.clone(),
            frame_rate,
            encoder,
            scaler: None,
            scaled: Yuv420::filled(w, h, Rgb { r: 0, g: 0, b: 0 }),
            au: Vec::new(),
            sps: None,
            pps: None,
            encoded: 0,
        })
    }

    /// The rung.
    pub(crate) fn rung(&self) -> &Rung {
        &self.rung
    }

    /// The first SPS / PPS seen (NAL header included, no start code).
    pub(crate) fn parameter_sets(&self) -> (Option<&[u8]>, Option<&[u8]>) {
        (self.sps.as_deref(), self.pps.as_deref())
    }

    /// Scales `picture` to the rung and encodes it as output frame `index` (its timestamp);
    /// `boundary` forces an IDR. Returns the access unit (Annex B) and whether it is an IDR.
    ///
    /// # Errors
    /// OpenH264 failures, a skipped picture, an IDR where none was asked for (or the reverse),
    /// and a parameter set that changes mid-stream.
    pub(crate) fn encode(
        &mut self,
        picture: &Yuv420,
        index: u64,
        boundary: bool,
    ) -> Result<(&[u8], bool), EncodeError> {
        let (w, h) = (self.rung.width as usize, self.rung.height as usize);
        let input: &Yuv420 = if (picture.width(), picture.height()) == (w, h) {
            picture
        } else {
            self.scaler
                .get_or_insert_with(|| Scaler::new((picture.width(), picture.height()), (w, h)))
                .scale(picture, &mut self.scaled);
            &self.scaled
        };
        if boundary && self.encoded > 0 {
            self.encoder.force_intra_frame();
        }
        let millis = self.frame_rate.frames_to_millis(index);
        let rung = &self.rung;
        let bitstream = self
            .encoder
            .encode_at(input, Timestamp::from_millis(millis))
            .map_err(|e| codec_error(rung, format!("frame {index}: {e}")))?;
        let frame_type = bitstream.frame_type();
        self.au.clear();
        bitstream.write_vec(&mut self.au);
        self.encoded += 1;
        let mut idr = false;
        for (_, nal) in h264::annexb_nal_units(&self.au) {
            match h264::nal_unit_type(nal) {
                Some(nal_type::IDR) => idr = true,
                Some(nal_type::SPS) => remember(&mut self.sps, nal, rung, "SPS")?,
                Some(nal_type::PPS) => remember(&mut self.pps, nal, rung, "PPS")?,
                _ => {}
            }
        }
        if self.au.is_empty() || matches!(frame_type, FrameType::Skip | FrameType::Invalid) {
            return Err(codec_error(
                rung,
                format!("frame {index}: the encoder produced no picture ({frame_type:?})"),
            ));
        }
        if idr != boundary || (frame_type == FrameType::IDR) != boundary {
            return Err(codec_error(
                rung,
                format!(
                    "frame {index}: {frame_type:?} where the segment plan wants IDR = {boundary}"
                ),
            ));
        }
        Ok((&self.au, idr))
    }
}

pub(crate) fn codec_error(rung: &Rung, message: impl Into<String>) -> EncodeError {
    EncodeError::Codec {
        stage: "encode",
        context: format!("rendition {}", rung.id),
        message: message.into(),
    }
}

/// The OpenH264 settings of one rung (see the crate docs for why each is set).
fn encoder_config(rung: &Rung, frame_rate: Rational, segment_frames: u64) -> EncoderConfig {
    #[allow(clippy::cast_possible_truncation)]
    let fps = frame_rate.as_f64() as f32;
    EncoderConfig::new()
        .usage_type(UsageType::CameraVideoRealTime)
        .rate_control_mode(RateControlMode::Bitrate)
        .bitrate(BitRate::from_bps(rung.bitrate_kbps.saturating_mul(1000)))
        .max_frame_rate(FrameRate::from_hz(fps))
        .skip_frames(false)
        .scene_change_detect(false)
        .intra_frame_period(IntraFramePeriod::from_num_frames(
            u32::try_from(segment_frames).unwrap_or(u32::MAX),
        ))
        .sps_pps_strategy(SpsPpsStrategy::ConstantId)
        .complexity(Complexity::Medium)
        .num_threads(1)
        .vui(VuiConfig::bt709())
}

/// Keeps the first parameter set; a later, different one would break the packager's
/// single `avcC`, so it is an error.
fn remember(
    slot: &mut Option<Vec<u8>>,
    nal: &[u8],
    rung: &Rung,
    what: &str,
) -> Result<(), EncodeError> {
    match slot {
        None => {
            *slot = Some(nal.to_vec());
            Ok(())
        }
        Some(first) if first.as_slice() == nal => Ok(()),
        Some(_) => Err(codec_error(rung, format!("the {what} changed mid-stream"))),
    }
}
