//! `segmentation_upid()` (SCTE 35 §10.3.3.1, Table 22 `segmentation_upid_type`; MPU §10.3.3.3,
//! MID §10.3.3.4).
//!
//! [`crate::SegmentationDescriptor`] keeps the UPID as its raw type and bytes (so every cue
//! round-trips, whatever an encoder put there); [`Upid`] is the typed view, with a symmetric
//! [`Upid::decode`] / [`Upid::encode`] pair. `MID()` nests UPIDs; nesting is capped at
//! [`MAX_MID_DEPTH`].

use serde::Serialize;

use crate::Error;

/// How deep `MID()` UPIDs may nest inside each other before decoding gives up.
pub const MAX_MID_DEPTH: usize = 4;

/// A typed `segmentation_upid()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Upid {
    /// 0x00 Not Used (length 0).
    NotUsed,
    /// 0x01 User Defined (deprecated): any bytes.
    #[serde(serialize_with = "crate::json::hex::serialize")]
    UserDefined(Vec<u8>),
    /// 0x02 ISCI (deprecated): 8 ASCII characters.
    Isci(String),
    /// 0x03 Ad-ID: 12 ASCII characters.
    AdId(String),
    /// 0x04 UMID (SMPTE 330): 32 bytes.
    #[serde(serialize_with = "crate::json::hex::serialize")]
    Umid(Vec<u8>),
    /// 0x05 ISAN (deprecated): 8 bytes.
    #[serde(serialize_with = "crate::json::hex::serialize")]
    IsanDeprecated(Vec<u8>),
    /// 0x06 ISAN / V-ISAN: 12 bytes.
    #[serde(serialize_with = "crate::json::hex::serialize")]
    Isan(Vec<u8>),
    /// 0x07 TID (Tribune Media Systems program id): 12 ASCII characters.
    Tid(String),
    /// 0x08 TI (AiringID): 64-bit integer.
    AiringId(u64),
    /// 0x09 ADI (CableLabs): variable ASCII.
    Adi(String),
    /// 0x0A EIDR: 12 bytes (16-bit sub-prefix + 80-bit suffix).
    #[serde(serialize_with = "crate::json::hex::serialize")]
    Eidr(Vec<u8>),
    /// 0x0B ATSC Content Identifier (ATSC A/57B §6.2.2): TSID, end of day, unique for and the
    /// content id.
    AtscContentIdentifier {
        /// `TSID` (16 bits).
        tsid: u16,
        /// The 2 reserved bits.
        reserved: u8,
        /// `end_of_day` (5 bits, hour of the day the id stops being valid).
        end_of_day: u8,
        /// `unique_for` (9 bits, days).
        unique_for: u16,
        /// `content_id` bytes.
        #[serde(serialize_with = "crate::json::hex::serialize")]
        content_id: Vec<u8>,
    },
    /// 0x0C MPU(): a 32-bit `format_identifier` and private data.
    Mpu {
        /// `format_identifier` (SMPTE RA registered).
        format_identifier: u32,
        /// `private_data`.
        #[serde(serialize_with = "crate::json::hex::serialize")]
        private_data: Vec<u8>,
    },
    /// 0x0D MID(): a list of UPIDs, each with its own type and length.
    Mid(Vec<Upid>),
    /// 0x0E ADS Information: variable ASCII.
    AdsInformation(String),
    /// 0x0F URI (RFC 3986): variable ASCII.
    Uri(String),
    /// 0x10 UUID (RFC 4122): 16 bytes.
    #[serde(serialize_with = "crate::json::hex::serialize")]
    Uuid(Vec<u8>),
    /// 0x11 SCR (Subscriber Company Reporting): variable ASCII.
    Scr(String),
    /// 0x12–0xFF reserved types, bytes verbatim.
    Reserved {
        /// `segmentation_upid_type`.
        upid_type: u8,
        /// The UPID bytes.
        #[serde(serialize_with = "crate::json::hex::serialize")]
        bytes: Vec<u8>,
    },
}

/// The spec's name (Table 22) of a `segmentation_upid_type`.
pub fn upid_type_name(upid_type: u8) -> &'static str {
    match upid_type {
        0x00 => "Not Used",
        0x01 => "User Defined",
        0x02 => "ISCI",
        0x03 => "Ad-ID",
        0x04 => "UMID",
        0x05 => "ISAN (deprecated)",
        0x06 => "ISAN",
        0x07 => "TID",
        0x08 => "TI",
        0x09 => "ADI",
        0x0A => "EIDR",
        0x0B => "ATSC Content Identifier",
        0x0C => "MPU",
        0x0D => "MID",
        0x0E => "ADS Information",
        0x0F => "URI",
        0x10 => "UUID",
        0x11 => "SCR",
        _ => "Reserved",
    }
}

/// Fixed lengths from Table 22 (`None` = variable).
fn fixed_length(upid_type: u8) -> Option<usize> {
    match upid_type {
        0x00 => Some(0),
        0x02 | 0x05 | 0x08 => Some(8),
        0x03 | 0x06 | 0x07 | 0x0A => Some(12),
        0x04 => Some(32),
        0x10 => Some(16),
        _ => None,
    }
}

impl Upid {
    /// `segmentation_upid_type` of this UPID.
    pub fn upid_type(&self) -> u8 {
        match self {
            Self::NotUsed => 0x00,
            Self::UserDefined(_) => 0x01,
            Self::Isci(_) => 0x02,
            Self::AdId(_) => 0x03,
            Self::Umid(_) => 0x04,
            Self::IsanDeprecated(_) => 0x05,
            Self::Isan(_) => 0x06,
            Self::Tid(_) => 0x07,
            Self::AiringId(_) => 0x08,
            Self::Adi(_) => 0x09,
            Self::Eidr(_) => 0x0A,
            Self::AtscContentIdentifier { .. } => 0x0B,
            Self::Mpu { .. } => 0x0C,
            Self::Mid(_) => 0x0D,
            Self::AdsInformation(_) => 0x0E,
            Self::Uri(_) => 0x0F,
            Self::Uuid(_) => 0x10,
            Self::Scr(_) => 0x11,
            Self::Reserved { upid_type, .. } => *upid_type,
        }
    }

    /// Decodes the `segmentation_upid()` bytes of type `upid_type`. Fixed-length types must
    /// have their Table 22 length, text types must be UTF-8 (ASCII per the spec).
    pub fn decode(upid_type: u8, bytes: &[u8]) -> Result<Self, Error> {
        Self::decode_at(upid_type, bytes, 0, 0)
    }

    fn decode_at(upid_type: u8, bytes: &[u8], offset: usize, depth: usize) -> Result<Self, Error> {
        if let Some(len) = fixed_length(upid_type)
            && bytes.len() != len
        {
            return Err(Error::Malformed {
                offset,
                field: "segmentation_upid",
                reason: format!(
                    "{} UPID must be {len} bytes, found {}",
                    upid_type_name(upid_type),
                    bytes.len()
                ),
            });
        }
        let text = || {
            String::from_utf8(bytes.to_vec()).map_err(|_| Error::Malformed {
                offset,
                field: "segmentation_upid",
                reason: format!("{} UPID is not ASCII text", upid_type_name(upid_type)),
            })
        };
        Ok(match upid_type {
            0x00 => Self::NotUsed,
            0x01 => Self::UserDefined(bytes.to_vec()),
            0x02 => Self::Isci(text()?),
            0x03 => Self::AdId(text()?),
            0x04 => Self::Umid(bytes.to_vec()),
            0x05 => Self::IsanDeprecated(bytes.to_vec()),
            0x06 => Self::Isan(bytes.to_vec()),
            0x07 => Self::Tid(text()?),
            0x08 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(bytes);
                Self::AiringId(u64::from_be_bytes(b))
            }
            0x09 => Self::Adi(text()?),
            0x0A => Self::Eidr(bytes.to_vec()),
            0x0B => {
                let (head, content_id) = bytes.split_at_checked(4).ok_or(Error::Truncated {
                    offset,
                    field: "ATSC content identifier TSID/end_of_day/unique_for",
                })?;
                let [t0, t1, b2, b3] = <[u8; 4]>::try_from(head).unwrap_or_default();
                let packed = u16::from_be_bytes([b2, b3]);
                Self::AtscContentIdentifier {
                    tsid: u16::from_be_bytes([t0, t1]),
                    reserved: (packed >> 14) as u8,
                    end_of_day: ((packed >> 9) & 0x1F) as u8,
                    unique_for: packed & 0x1FF,
                    content_id: content_id.to_vec(),
                }
            }
            0x0C => {
                let (id, private_data) = bytes.split_at_checked(4).ok_or(Error::Truncated {
                    offset,
                    field: "MPU format_identifier",
                })?;
                let mut b = [0u8; 4];
                b.copy_from_slice(id);
                Self::Mpu {
                    format_identifier: u32::from_be_bytes(b),
                    private_data: private_data.to_vec(),
                }
            }
            0x0D => {
                if depth >= MAX_MID_DEPTH {
                    return Err(Error::LimitExceeded {
                        offset,
                        what: "MID() UPIDs nested too deeply",
                    });
                }
                let mut entries = Vec::new();
                let mut pos = 0usize;
                while pos < bytes.len() {
                    let (Some(&t), Some(&len)) = (bytes.get(pos), bytes.get(pos + 1)) else {
                        return Err(Error::Truncated {
                            offset: offset + pos,
                            field: "MID segmentation_upid_length",
                        });
                    };
                    let start = pos + 2;
                    let end = start + usize::from(len);
                    let inner = bytes.get(start..end).ok_or(Error::Truncated {
                        offset: offset + start,
                        field: "MID segmentation_upid",
                    })?;
                    entries.push(Self::decode_at(t, inner, offset + start, depth + 1)?);
                    pos = end;
                }
                Self::Mid(entries)
            }
            0x0E => Self::AdsInformation(text()?),
            0x0F => Self::Uri(text()?),
            0x10 => Self::Uuid(bytes.to_vec()),
            0x11 => Self::Scr(text()?),
            other => Self::Reserved {
                upid_type: other,
                bytes: bytes.to_vec(),
            },
        })
    }

    /// The `segmentation_upid()` bytes (without type and length).
    pub fn encode(&self) -> Result<Vec<u8>, Error> {
        let bytes = match self {
            Self::NotUsed => Vec::new(),
            Self::UserDefined(b)
            | Self::Umid(b)
            | Self::IsanDeprecated(b)
            | Self::Isan(b)
            | Self::Eidr(b)
            | Self::Uuid(b)
            | Self::Reserved { bytes: b, .. } => b.clone(),
            Self::Isci(s)
            | Self::AdId(s)
            | Self::Tid(s)
            | Self::Adi(s)
            | Self::AdsInformation(s)
            | Self::Uri(s)
            | Self::Scr(s) => s.as_bytes().to_vec(),
            Self::AiringId(v) => v.to_be_bytes().to_vec(),
            Self::AtscContentIdentifier {
                tsid,
                reserved,
                end_of_day,
                unique_for,
                content_id,
            } => {
                if *reserved > 3 || *end_of_day > 0x1F || *unique_for > 0x1FF {
                    return Err(Error::Encode {
                        field: "segmentation_upid",
                        reason:
                            "ATSC reserved (2 bits), end_of_day (5) or unique_for (9) too large"
                                .into(),
                    });
                }
                let packed =
                    (u16::from(*reserved) << 14) | (u16::from(*end_of_day) << 9) | unique_for;
                let mut b = tsid.to_be_bytes().to_vec();
                b.extend_from_slice(&packed.to_be_bytes());
                b.extend_from_slice(content_id);
                b
            }
            Self::Mpu {
                format_identifier,
                private_data,
            } => {
                let mut b = format_identifier.to_be_bytes().to_vec();
                b.extend_from_slice(private_data);
                b
            }
            Self::Mid(entries) => {
                let mut b = Vec::new();
                for e in entries {
                    let inner = e.encode()?;
                    b.push(e.upid_type());
                    b.push(upid_length(inner.len())?);
                    b.extend_from_slice(&inner);
                }
                b
            }
        };
        if let Some(len) = fixed_length(self.upid_type())
            && bytes.len() != len
        {
            return Err(Error::Encode {
                field: "segmentation_upid",
                reason: format!(
                    "{} UPID must be {len} bytes, has {}",
                    upid_type_name(self.upid_type()),
                    bytes.len()
                ),
            });
        }
        upid_length(bytes.len())?;
        Ok(bytes)
    }
}

/// A `segmentation_upid_length` (8 bits).
pub(crate) fn upid_length(len: usize) -> Result<u8, Error> {
    u8::try_from(len).map_err(|_| Error::Encode {
        field: "segmentation_upid_length",
        reason: format!("{len} bytes, at most 255"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(upid: &Upid, bytes: &[u8]) {
        assert_eq!(upid.encode().unwrap(), bytes);
        assert_eq!(&Upid::decode(upid.upid_type(), bytes).unwrap(), upid);
    }

    #[test]
    fn every_type_round_trips() {
        round_trip(&Upid::NotUsed, &[]);
        round_trip(&Upid::UserDefined(vec![1, 2]), &[1, 2]);
        round_trip(&Upid::Isci("ABCD1234".into()), b"ABCD1234");
        round_trip(&Upid::AdId("ABCD0123456H".into()), b"ABCD0123456H");
        round_trip(&Upid::Umid(vec![7; 32]), &[7; 32]);
        round_trip(&Upid::IsanDeprecated(vec![1; 8]), &[1; 8]);
        round_trip(&Upid::Isan(vec![2; 12]), &[2; 12]);
        round_trip(&Upid::Tid("EP0123456789".into()), b"EP0123456789");
        round_trip(
            &Upid::AiringId(0x2CA5_6CF5_1700_0095),
            &[0x2C, 0xA5, 0x6C, 0xF5, 0x17, 0, 0, 0x95],
        );
        round_trip(&Upid::Adi("PREVIEW".into()), b"PREVIEW");
        round_trip(
            &Upid::Eidr(vec![0x14, 0x78, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
            &[0x14, 0x78, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        );
        // The ATSC UPID of a cue in testdata/scte35/cues.txt (threefive examples).
        round_trip(
            &Upid::AtscContentIdentifier {
                tsid: 241,
                reserved: 3,
                end_of_day: 23,
                unique_for: 511,
                content_id: b"human012".to_vec(),
            },
            b"\x00\xf1\xef\xffhuman012",
        );
        assert!(matches!(
            Upid::decode(0x0B, &[0, 1]),
            Err(Error::Truncated { .. })
        ));
        round_trip(
            &Upid::Mpu {
                format_identifier: 0x4F56_4C59,
                private_data: b"I".to_vec(),
            },
            b"OVLYI",
        );
        round_trip(&Upid::AdsInformation("ads".into()), b"ads");
        round_trip(&Upid::Uri("urn:x".into()), b"urn:x");
        round_trip(&Upid::Uuid(vec![9; 16]), &[9; 16]);
        round_trip(&Upid::Scr("scr".into()), b"scr");
        round_trip(
            &Upid::Reserved {
                upid_type: 0x20,
                bytes: vec![1],
            },
            &[1],
        );
    }

    #[test]
    fn mid_nests_upids() {
        let mid = Upid::Mid(vec![
            Upid::AdId("ABCD0123456H".into()),
            Upid::Uri("a".into()),
        ]);
        let mut bytes = vec![0x03, 12];
        bytes.extend_from_slice(b"ABCD0123456H");
        bytes.extend_from_slice(&[0x0F, 1, b'a']);
        round_trip(&mid, &bytes);
        assert!(matches!(
            Upid::decode(0x0D, &[0x03, 12, b'A']),
            Err(Error::Truncated { offset: 2, .. })
        ));
    }

    #[test]
    fn mid_depth_is_capped() {
        let mut bytes: Vec<u8> = Vec::new();
        for _ in 0..10 {
            let mut outer = vec![0x0D, bytes.len() as u8];
            outer.extend_from_slice(&bytes);
            bytes = outer;
        }
        assert!(matches!(
            Upid::decode(0x0D, &bytes),
            Err(Error::LimitExceeded { .. })
        ));
    }

    #[test]
    fn wrong_fixed_length_is_malformed() {
        assert!(matches!(
            Upid::decode(0x03, b"short"),
            Err(Error::Malformed { .. })
        ));
        // threefive normalises an empty ADI (0x09) to type 0; we keep it as an empty ADI.
        assert_eq!(Upid::decode(0x09, &[]).unwrap(), Upid::Adi(String::new()));
    }
}
