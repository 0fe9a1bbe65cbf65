//! `encode.json`.

use serde::{Deserialize, Serialize};

use super::Rational;

/// `encode.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncodeManifest {
    /// Layout version, [`super::MANIFEST_VERSION`].
    pub version: u32,
    /// Ticks per second of every `pts`/`dts`/`duration` in the frame indexes.
    pub timescale: u32,
    /// The constant output frame rate.
    pub frame_rate: Rational,
    /// Segment (and GOP) duration in seconds: `segment_frames / frame_rate`.
    pub segment_duration: f64,
    /// Frames per segment; frame `i` is an IDR exactly when `i % segment_frames == 0`.
    pub segment_frames: u64,
    /// Duration of one frame in `timescale` ticks (0 when absent).
    #[serde(default)]
    pub frame_duration: u32,
    /// Frames per rendition, all renditions have the same count (0 when absent).
    #[serde(default)]
    pub frames: u64,
    /// What was encoded.
    pub source: SourceInfo,
    /// One entry per ladder rung, in ladder order.
    pub renditions: Vec<RenditionInfo>,
}

/// `encode.json` `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// `"synthetic"` or `"mp4"`.
    pub kind: String,
    /// Synthetic only: the solid area's colour, `RRGGBB`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// MP4 only: the input file as given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    /// MP4 only: the input had an audio track, which was left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_dropped: Option<bool>,
}

/// `encode.json` `renditions[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenditionInfo {
    /// Rung id, also the packager's directory name for the rendition.
    pub id: String,
    /// Luma width.
    pub width: u32,
    /// Luma height.
    pub height: u32,
    /// Target bitrate (kbit/s) given to the encoder (0 when absent).
    #[serde(default)]
    pub bitrate_kbps: u32,
    /// Bits per second actually produced over the whole stream (0 when absent).
    #[serde(default)]
    pub measured_bitrate: u64,
    /// Largest segment bitrate, bits per second, for HLS `BANDWIDTH` (0 when absent).
    #[serde(default)]
    pub peak_segment_bitrate: u64,
    /// RFC 6381 codecs string from the real SPS, e.g. `avc1.42c01f` (empty when absent; the
    /// packager derives its own from the SPS).
    #[serde(default)]
    pub codecs: String,
    /// The SPS NAL unit (with header, without start code), hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sps_hex: Option<String>,
    /// The PPS NAL unit (with header, without start code), hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pps_hex: Option<String>,
    /// The Annex B stream, relative to the output directory.
    pub file: String,
    /// The frame index, relative to the output directory.
    pub index: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = r#"{"version":1,"timescale":90000,"frame_rate":{"num":30,"den":1},"segment_duration":4.0,"segment_frames":120,"frame_duration":3000,"frames":120,"source":{"kind":"synthetic","color":"2040C0"},"renditions":[{"id":"720p","width":1280,"height":720,"bitrate_kbps":3000,"measured_bitrate":236896,"peak_segment_bitrate":236896,"codecs":"avc1.42c01f","sps_hex":"6742c01f8c6805005ba6a0202020f08846a0","pps_hex":"68ce3c80","file":"720p.h264","index":"720p.frames.json"}]}"#;

    #[test]
    fn the_encoder_layout_round_trips_byte_for_byte() {
        let m: EncodeManifest = serde_json::from_str(FULL).unwrap();
        assert_eq!(m.frame_rate, Rational::new(30, 1));
        assert_eq!((m.frame_duration, m.frames), (3000, 120));
        let r = &m.renditions[0];
        assert_eq!((r.bitrate_kbps, r.peak_segment_bitrate), (3000, 236_896));
        assert_eq!(r.pps_hex.as_deref(), Some("68ce3c80"));
        assert_eq!(serde_json::to_string(&m).unwrap(), FULL);
    }

    #[test]
    fn encoder_only_fields_may_be_absent() {
        let m: EncodeManifest = serde_json::from_str(
            r#"{"version":1,"timescale":90000,"frame_rate":{"num":25,"den":1},
            "segment_duration":2.0,"segment_frames":50,"source":{"kind":"mp4","extra":1},
            "renditions":[{"id":"a","width":2,"height":2,"file":"a.h264","index":"a.json"}],
            "unknown":true}"#,
        )
        .unwrap();
        assert_eq!((m.frame_duration, m.frames), (0, 0));
        let r = &m.renditions[0];
        assert_eq!(
            (r.bitrate_kbps, r.measured_bitrate, r.codecs.as_str()),
            (0, 0, "")
        );
        assert_eq!(
            (r.sps_hex.as_deref(), m.source.color.as_deref()),
            (None, None)
        );
    }

    #[test]
    fn required_fields_are_required() {
        let e = serde_json::from_str::<EncodeManifest>(r#"{"version":1}"#).unwrap_err();
        assert!(e.to_string().contains("missing field `timescale`"), "{e}");
    }
}
