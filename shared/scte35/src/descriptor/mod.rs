//! Splice descriptors (SCTE 35 §10, Table 16 `splice_descriptor_tag`).
//!
//! Every SCTE descriptor is `splice_descriptor_tag`, `descriptor_length`, a 32-bit
//! `identifier` (0x43554549 "CUEI") and the body. Tags 0x00–0x04 with the CUEI identifier are
//! decoded into their types; any other tag or identifier is kept verbatim as
//! [`SpliceDescriptor::Unknown`]. A typed body must fill `descriptor_length` exactly.

mod audio;
mod avail;
mod dtmf;
mod segmentation;
mod time;

pub use audio::{AudioComponent, AudioDescriptor};
pub use avail::AvailDescriptor;
pub use dtmf::DtmfDescriptor;
pub use segmentation::{
    DeliveryRestrictions, SegmentationComponent, SegmentationDescriptor, segmentation_type_name,
};
pub use time::TimeDescriptor;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};

/// The `identifier` of SCTE descriptors: ASCII "CUEI".
pub const CUEI: u32 = 0x4355_4549;

fn cuei() -> u32 {
    CUEI
}

/// A splice descriptor, chosen by `splice_descriptor_tag`.
///
/// JSON: an object with `splice_descriptor_tag`, `descriptor_name` (ignored when read) and the
/// descriptor's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpliceDescriptor {
    /// 0x00 `avail_descriptor()`.
    Avail(AvailDescriptor),
    /// 0x01 `DTMF_descriptor()`.
    Dtmf(DtmfDescriptor),
    /// 0x02 `segmentation_descriptor()`.
    Segmentation(SegmentationDescriptor),
    /// 0x03 `time_descriptor()`.
    Time(TimeDescriptor),
    /// 0x04 `audio_descriptor()`.
    Audio(AudioDescriptor),
    /// A reserved tag or a non-CUEI identifier, kept verbatim.
    Unknown {
        /// `splice_descriptor_tag`.
        splice_descriptor_tag: u8,
        /// The `descriptor_length` bytes after the length (identifier included).
        descriptor_bytes: Vec<u8>,
    },
}

/// The spec's name (Table 16) of a `splice_descriptor_tag`.
pub fn descriptor_name(tag: u8) -> &'static str {
    match tag {
        0x00 => "avail_descriptor",
        0x01 => "DTMF_descriptor",
        0x02 => "segmentation_descriptor",
        0x03 => "time_descriptor",
        0x04 => "audio_descriptor",
        _ => "reserved",
    }
}

impl SpliceDescriptor {
    /// `splice_descriptor_tag`.
    pub fn tag(&self) -> u8 {
        match self {
            Self::Avail(_) => 0x00,
            Self::Dtmf(_) => 0x01,
            Self::Segmentation(_) => 0x02,
            Self::Time(_) => 0x03,
            Self::Audio(_) => 0x04,
            Self::Unknown {
                splice_descriptor_tag,
                ..
            } => *splice_descriptor_tag,
        }
    }

    /// Decodes one descriptor (tag, length and body) from `r`.
    pub(crate) fn decode(r: &mut BitReader<'_>) -> Result<Self, Error> {
        let tag = r.u8(8, "splice_descriptor_tag")?;
        let len = r.u8(8, "descriptor_length")?;
        let start = r.offset();
        let body = r.bytes(usize::from(len), "descriptor body")?;
        let identifier = body
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_be_bytes)
            .filter(|&id| id == CUEI);
        let (Some(identifier), true) = (identifier, tag <= 0x04) else {
            return Ok(Self::Unknown {
                splice_descriptor_tag: tag,
                descriptor_bytes: body.to_vec(),
            });
        };
        let mut br = BitReader::new(body.get(4..).unwrap_or(&[]), start + 4);
        let d = match tag {
            0x00 => Self::Avail(AvailDescriptor::decode(identifier, &mut br)?),
            0x01 => Self::Dtmf(DtmfDescriptor::decode(identifier, &mut br)?),
            0x02 => Self::Segmentation(SegmentationDescriptor::decode(identifier, &mut br)?),
            0x03 => Self::Time(TimeDescriptor::decode(identifier, &mut br)?),
            _ => Self::Audio(AudioDescriptor::decode(identifier, &mut br)?),
        };
        if br.remaining() > 0 {
            return Err(Error::Malformed {
                offset: br.offset(),
                field: "descriptor_length",
                reason: format!(
                    "{} bytes left after the {}",
                    br.remaining(),
                    descriptor_name(tag)
                ),
            });
        }
        Ok(d)
    }

    /// Writes tag, length and body.
    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        let mut body = BitWriter::new();
        let identifier = match self {
            Self::Avail(d) => Some(d.identifier),
            Self::Dtmf(d) => Some(d.identifier),
            Self::Segmentation(d) => Some(d.identifier),
            Self::Time(d) => Some(d.identifier),
            Self::Audio(d) => Some(d.identifier),
            Self::Unknown { .. } => None,
        };
        if let Some(id) = identifier {
            body.bits(u64::from(id), 32, "identifier")?;
        }
        match self {
            Self::Avail(d) => d.encode(&mut body)?,
            Self::Dtmf(d) => d.encode(&mut body)?,
            Self::Segmentation(d) => d.encode(&mut body)?,
            Self::Time(d) => d.encode(&mut body)?,
            Self::Audio(d) => d.encode(&mut body)?,
            Self::Unknown {
                descriptor_bytes, ..
            } => body.bytes(descriptor_bytes),
        }
        let len = u8::try_from(body.len()).map_err(|_| Error::Encode {
            field: "descriptor_length",
            reason: format!(
                "{} body is {} bytes, at most 255",
                descriptor_name(self.tag()),
                body.len()
            ),
        })?;
        w.bits(u64::from(self.tag()), 8, "splice_descriptor_tag")?;
        w.bits(u64::from(len), 8, "descriptor_length")?;
        w.bytes(body.as_bytes());
        Ok(())
    }
}

#[derive(Serialize)]
struct Tagged<'a, T: Serialize> {
    splice_descriptor_tag: u8,
    descriptor_name: &'static str,
    descriptor_length: usize,
    #[serde(flatten)]
    body: &'a T,
}

#[derive(Serialize, Deserialize)]
struct UnknownBody {
    #[serde(with = "crate::json::hex")]
    descriptor_bytes: Vec<u8>,
}

impl Serialize for SpliceDescriptor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let splice_descriptor_tag = self.tag();
        let descriptor_name = descriptor_name(splice_descriptor_tag);
        let mut w = BitWriter::new();
        self.encode(&mut w).map_err(serde::ser::Error::custom)?;
        let descriptor_length = w.len().saturating_sub(2);
        macro_rules! tagged {
            ($body:expr) => {
                Tagged {
                    splice_descriptor_tag,
                    descriptor_name,
                    descriptor_length,
                    body: $body,
                }
                .serialize(s)
            };
        }
        match self {
            Self::Avail(d) => tagged!(d),
            Self::Dtmf(d) => tagged!(d),
            Self::Segmentation(d) => tagged!(d),
            Self::Time(d) => tagged!(d),
            Self::Audio(d) => tagged!(d),
            Self::Unknown {
                descriptor_bytes, ..
            } => {
                tagged!(&UnknownBody {
                    descriptor_bytes: descriptor_bytes.clone()
                })
            }
        }
    }
}

impl<'de> Deserialize<'de> for SpliceDescriptor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let value = serde_json::Value::deserialize(d)?;
        let tag = value
            .get("splice_descriptor_tag")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| {
                D::Error::custom("missing or non-integer field `splice_descriptor_tag`")
            })?;
        let tag = u8::try_from(tag)
            .map_err(|_| D::Error::custom(format!("splice_descriptor_tag {tag} is not 0..=255")))?;
        let unknown = value.get("descriptor_bytes").is_some();
        let in_field = |e: String| D::Error::custom(format!("({}) {e}", descriptor_name(tag)));
        Ok(match tag {
            _ if unknown => {
                let body: UnknownBody = crate::json::from_value(value).map_err(in_field)?;
                Self::Unknown {
                    splice_descriptor_tag: tag,
                    descriptor_bytes: body.descriptor_bytes,
                }
            }
            0x00 => Self::Avail(crate::json::from_value(value).map_err(in_field)?),
            0x01 => Self::Dtmf(crate::json::from_value(value).map_err(in_field)?),
            0x02 => Self::Segmentation(crate::json::from_value(value).map_err(in_field)?),
            0x03 => Self::Time(crate::json::from_value(value).map_err(in_field)?),
            0x04 => Self::Audio(crate::json::from_value(value).map_err(in_field)?),
            _ => {
                return Err(D::Error::custom(format!(
                    "reserved splice_descriptor_tag {tag} needs `descriptor_bytes`"
                )));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(d: &SpliceDescriptor, hex: &str) {
        let mut w = BitWriter::new();
        d.encode(&mut w).unwrap();
        assert_eq!(crate::json::to_hex(w.as_bytes()), hex);
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes, 0);
        assert_eq!(&SpliceDescriptor::decode(&mut r).unwrap(), d);
        let json = serde_json::to_value(d).unwrap();
        assert_eq!(
            &serde_json::from_value::<SpliceDescriptor>(json).unwrap(),
            d
        );
    }

    #[test]
    fn small_descriptors_round_trip() {
        // avail_descriptor of a cue in testdata/scte35/cues.txt (threefive examples).
        round_trip(
            &SpliceDescriptor::Avail(AvailDescriptor {
                identifier: CUEI,
                provider_avail_id: 0x135,
            }),
            "00084355454900000135",
        );
        round_trip(
            &SpliceDescriptor::Dtmf(DtmfDescriptor {
                identifier: CUEI,
                preroll: 177,
                dtmf_chars: "121#".into(),
                reserved: None,
            }),
            "010a43554549b19f31323123",
        );
        round_trip(
            &SpliceDescriptor::Time(TimeDescriptor {
                identifier: CUEI,
                tai_seconds: 0x5F5E_1000,
                tai_ns: 5,
                utc_offset: 37,
            }),
            "031043554549_00005f5e1000_00000005_0025"
                .replace('_', "")
                .as_str(),
        );
        round_trip(
            &SpliceDescriptor::Audio(AudioDescriptor {
                identifier: CUEI,
                components: vec![AudioComponent {
                    component_tag: 1,
                    iso_code: b"eng".to_vec(),
                    bit_stream_mode: 2,
                    num_channels: 5,
                    full_srvc_audio: true,
                }],
                reserved: None,
            }),
            "040a435545491f01656e674b",
        );
        round_trip(
            &SpliceDescriptor::Unknown {
                splice_descriptor_tag: 0x02,
                descriptor_bytes: b"ABCDxy".to_vec(),
            },
            "0206414243447879",
        );
    }
}
