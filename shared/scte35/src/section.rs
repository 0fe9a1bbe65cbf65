//! `splice_info_section()` (SCTE 35 §9.6, Table 5) and its CRC (§9.6.1, CRC-32/MPEG-2).

use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::command::SpliceCommand;
use crate::descriptor::SpliceDescriptor;
use crate::json::seconds;

/// `table_id` of every splice_info_section.
pub const TABLE_ID: u8 = 0xFC;
/// The `splice_command_length` value old encoders write instead of the real length
/// ("backwards compatibility", §9.6.1).
pub const LEGACY_COMMAND_LENGTH: u16 = 0xFFF;
/// Bytes from `table_id` through `splice_command_length`.
const HEADER_LEN: usize = 13;
/// Largest `section_length` the 12-bit field holds. §9.6.1 caps sections at 4096 bytes
/// (`section_length` ≤ 4093); that is not enforced, so that every decodable section re-encodes.
pub const MAX_SECTION_LENGTH: u16 = 0xFFF;

const CRC: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_MPEG_2);

/// CRC-32/MPEG-2 (ISO/IEC 13818-1 Annex A) of `bytes`.
pub fn crc32_mpeg2(bytes: &[u8]) -> u32 {
    CRC.checksum(bytes)
}

/// How [`SpliceInfoSection::decode_with`] treats questionable input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// Reject a section whose `CRC_32` does not match (default `true`).
    pub verify_crc: bool,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self { verify_crc: true }
    }
}

/// One `splice_info_section()`: the header, then a clear or encrypted body, then `CRC_32`.
///
/// Lengths (`section_length`, `splice_command_length`, `descriptor_loop_length`,
/// `descriptor_length`, `segmentation_upid_length`) and `CRC_32` are recomputed by
/// [`encode`](Self::encode); they appear in the JSON form for reading only. Wire quirks that a
/// byte-exact round trip needs are kept explicitly: reserved bits that were not all ones (the
/// `reserved*` fields), a legacy `splice_command_length` of 0xFFF
/// ([`ClearBody::legacy_command_length`]) and bytes between the descriptor loop and the CRC
/// ([`ClearBody::alignment_stuffing`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpliceInfoSection {
    /// `table_id` (0xFC).
    pub table_id: u8,
    /// `section_syntax_indicator` (0 for SCTE 35).
    pub section_syntax_indicator: bool,
    /// `private_indicator` (0 for SCTE 35).
    pub private_indicator: bool,
    /// `sap_type` (2 bits, Table 6; 3 = not specified).
    pub sap_type: u8,
    /// `protocol_version` (0).
    pub protocol_version: u8,
    /// `encryption_algorithm` (6 bits, Table 29); meaningful when the body is encrypted.
    pub encryption_algorithm: u8,
    /// `pts_adjustment` (33 bits, 90 kHz ticks).
    pub pts_adjustment: u64,
    /// `cw_index`: the control word of an encrypted section (often 0xFF in clear ones).
    pub cw_index: u8,
    /// `tier` (12 bits; 0xFFF = all tiers).
    pub tier: u16,
    /// Everything from `splice_command_type` to before `CRC_32`.
    pub body: SectionBody,
    /// `CRC_32` as decoded (informational: encode writes a fresh CRC unless
    /// `invalid_crc_32` is set).
    pub crc_32: u32,
    /// The stored `CRC_32` of a section decoded with [`DecodeOptions::verify_crc`] off whose
    /// CRC did not match; encode writes it verbatim so that even such a cue round-trips. Set it
    /// to `None` to get a correct CRC.
    pub invalid_crc_32: Option<u32>,
}

/// The part of a section after `splice_command_length`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SectionBody {
    /// `encrypted_packet == 0`.
    Clear(ClearBody),
    /// `encrypted_packet == 1`: bytes from `splice_command_type` through `E_CRC_32`, kept raw
    /// (this crate does not decrypt, §11).
    Encrypted {
        /// `splice_command_length` as sent (it cannot be derived from the ciphertext).
        splice_command_length: u16,
        /// The encrypted bytes.
        encrypted_bytes: Vec<u8>,
    },
}

/// A clear section's command, descriptors and trailing bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearBody {
    /// The splice command.
    pub splice_command: SpliceCommand,
    /// The descriptor loop.
    pub descriptors: Vec<SpliceDescriptor>,
    /// Bytes between the descriptor loop and `CRC_32` (stuffing; normally empty).
    pub alignment_stuffing: Vec<u8>,
    /// The section carried `splice_command_length == 0xFFF` instead of the real length; encode
    /// writes 0xFFF again.
    pub legacy_command_length: bool,
}

/// Positions computed while encoding, for the JSON's informational lengths.
struct Layout {
    splice_command_length: u16,
    descriptor_loop_length: Option<u16>,
}

impl SpliceInfoSection {
    /// A clear section with default header values (`sap_type` 3, `tier` 0xFFF, `cw_index`
    /// 0xFF) carrying `command` and `descriptors`.
    pub fn new(command: SpliceCommand, descriptors: Vec<SpliceDescriptor>) -> Self {
        Self {
            table_id: TABLE_ID,
            section_syntax_indicator: false,
            private_indicator: false,
            sap_type: 3,
            protocol_version: 0,
            encryption_algorithm: 0,
            pts_adjustment: 0,
            cw_index: 0xFF,
            tier: 0xFFF,
            body: SectionBody::Clear(ClearBody {
                splice_command: command,
                descriptors,
                alignment_stuffing: Vec::new(),
                legacy_command_length: false,
            }),
            crc_32: 0,
            invalid_crc_32: None,
        }
    }

    /// `encrypted_packet`.
    pub fn encrypted_packet(&self) -> bool {
        matches!(self.body, SectionBody::Encrypted { .. })
    }

    /// The splice command (`None` when encrypted).
    pub fn splice_command(&self) -> Option<&SpliceCommand> {
        match &self.body {
            SectionBody::Clear(b) => Some(&b.splice_command),
            SectionBody::Encrypted { .. } => None,
        }
    }

    /// The descriptors (empty when encrypted).
    pub fn descriptors(&self) -> &[SpliceDescriptor] {
        match &self.body {
            SectionBody::Clear(b) => &b.descriptors,
            SectionBody::Encrypted { .. } => &[],
        }
    }

    /// `pts_adjustment` in seconds.
    pub fn pts_adjustment_seconds(&self) -> f64 {
        seconds(self.pts_adjustment)
    }

    /// Decodes one section, checking `CRC_32`.
    pub fn decode(bytes: &[u8]) -> Result<Self, Error> {
        Self::decode_with(bytes, DecodeOptions::default())
    }

    /// Decodes one section. The input must be exactly `3 + section_length` bytes.
    pub fn decode_with(bytes: &[u8], options: DecodeOptions) -> Result<Self, Error> {
        let mut r = BitReader::new(bytes, 0);
        let table_id = r.u8(8, "table_id")?;
        if table_id != TABLE_ID {
            return Err(Error::Malformed {
                offset: 0,
                field: "table_id",
                reason: format!("0x{table_id:02X}, a splice_info_section has 0xFC"),
            });
        }
        let section_syntax_indicator = r.flag("section_syntax_indicator")?;
        let private_indicator = r.flag("private_indicator")?;
        let sap_type = r.u8(2, "sap_type")?;
        let section_length = r.u16(12, "section_length")?;
        let total = 3 + usize::from(section_length);
        if bytes.len() != total {
            let reason = format!(
                "section_length {section_length} means {total} bytes, input has {}",
                bytes.len()
            );
            return Err(if bytes.len() < total {
                Error::Truncated {
                    offset: bytes.len(),
                    field: "section (per section_length)",
                }
            } else {
                Error::Malformed {
                    offset: 1,
                    field: "section_length",
                    reason,
                }
            });
        }
        if total < HEADER_LEN + 4 {
            return Err(Error::Malformed {
                offset: 1,
                field: "section_length",
                reason: format!("{section_length} is shorter than the fixed header and CRC"),
            });
        }
        let crc_at = total - 4;
        let (covered, crc_bytes) = bytes.split_at(crc_at);
        let crc_32 = u32::from_be_bytes(crc_bytes.try_into().map_err(|_| Error::Truncated {
            offset: crc_at,
            field: "CRC_32",
        })?);
        let computed = crc32_mpeg2(covered);
        let invalid_crc_32 = if computed == crc_32 {
            None
        } else if options.verify_crc {
            return Err(Error::CrcMismatch {
                stored: crc_32,
                computed,
            });
        } else {
            Some(crc_32)
        };
        let protocol_version = r.u8(8, "protocol_version")?;
        let encrypted_packet = r.flag("encrypted_packet")?;
        let encryption_algorithm = r.u8(6, "encryption_algorithm")?;
        let pts_adjustment = r.bits(33, "pts_adjustment")?;
        let cw_index = r.u8(8, "cw_index")?;
        let tier = r.u16(12, "tier")?;
        let splice_command_length = r.u16(12, "splice_command_length")?;
        let rest = covered.get(HEADER_LEN..).unwrap_or(&[]);
        let body = if encrypted_packet {
            SectionBody::Encrypted {
                splice_command_length,
                encrypted_bytes: rest.to_vec(),
            }
        } else {
            SectionBody::Clear(decode_clear(rest, splice_command_length)?)
        };
        Ok(Self {
            table_id,
            section_syntax_indicator,
            private_indicator,
            sap_type,
            protocol_version,
            encryption_algorithm,
            pts_adjustment,
            cw_index,
            tier,
            body,
            crc_32,
            invalid_crc_32,
        })
    }

    /// Encodes the section with fresh lengths and CRC.
    pub fn encode(&self) -> Result<Vec<u8>, Error> {
        Ok(self.encode_with_layout()?.0)
    }

    fn encode_with_layout(&self) -> Result<(Vec<u8>, Layout), Error> {
        let mut w = BitWriter::new();
        w.bits(u64::from(self.table_id), 8, "table_id")?;
        w.flag(self.section_syntax_indicator);
        w.flag(self.private_indicator);
        w.bits(u64::from(self.sap_type), 2, "sap_type")?;
        w.bits(0, 12, "section_length")?; // back-patched below
        w.bits(u64::from(self.protocol_version), 8, "protocol_version")?;
        w.flag(self.encrypted_packet());
        w.bits(
            u64::from(self.encryption_algorithm),
            6,
            "encryption_algorithm",
        )?;
        w.bits(self.pts_adjustment, 33, "pts_adjustment")?;
        w.bits(u64::from(self.cw_index), 8, "cw_index")?;
        w.bits(u64::from(self.tier), 12, "tier")?;
        let layout = match &self.body {
            SectionBody::Encrypted {
                splice_command_length,
                encrypted_bytes,
            } => {
                w.bits(
                    u64::from(*splice_command_length),
                    12,
                    "splice_command_length",
                )?;
                w.bytes(encrypted_bytes);
                Layout {
                    splice_command_length: *splice_command_length,
                    descriptor_loop_length: None,
                }
            }
            SectionBody::Clear(b) => {
                w.bits(0, 12, "splice_command_length")?; // back-patched below
                w.bits(
                    u64::from(b.splice_command.splice_command_type()),
                    8,
                    "splice_command_type",
                )?;
                let start = w.len();
                b.splice_command.encode(&mut w)?;
                let command_length = w.len() - start;
                let written = if b.legacy_command_length {
                    LEGACY_COMMAND_LENGTH
                } else {
                    u16::try_from(command_length)
                        .ok()
                        .filter(|&l| l < LEGACY_COMMAND_LENGTH)
                        .ok_or_else(|| Error::Encode {
                            field: "splice_command_length",
                            reason: format!("command is {command_length} bytes"),
                        })?
                };
                // splice_command_length is the low 12 bits of bytes 11..13 (after `tier`).
                let packed = (u32::from(self.tier) << 12) | u32::from(written);
                if let Some(slot) = w.as_bytes_mut().get_mut(10..13) {
                    let be = packed.to_be_bytes();
                    slot.copy_from_slice(be.get(1..4).unwrap_or(&[0, 0, 0]));
                }
                let loop_at = w.len();
                w.bits(0, 16, "descriptor_loop_length")?; // back-patched below
                for d in &b.descriptors {
                    d.encode(&mut w)?;
                }
                let loop_length =
                    u16::try_from(w.len() - loop_at - 2).map_err(|_| Error::Encode {
                        field: "descriptor_loop_length",
                        reason: "descriptors exceed 65535 bytes".into(),
                    })?;
                w.patch_u16(loop_at, loop_length);
                w.bytes(&b.alignment_stuffing);
                Layout {
                    splice_command_length: written,
                    descriptor_loop_length: Some(loop_length),
                }
            }
        };
        let section_length = w.len() + 4 - 3;
        let section_length = u16::try_from(section_length)
            .ok()
            .filter(|&l| l <= MAX_SECTION_LENGTH)
            .ok_or_else(|| Error::Encode {
                field: "section_length",
                reason: format!("{section_length} exceeds {MAX_SECTION_LENGTH}"),
            })?;
        if let Some(slot) = w.as_bytes_mut().get_mut(1..3) {
            let hi = slot.first().copied().unwrap_or(0) & 0xF0;
            let v = (u16::from(hi) << 8) | section_length;
            slot.copy_from_slice(&v.to_be_bytes());
        }
        let crc = self
            .invalid_crc_32
            .unwrap_or_else(|| crc32_mpeg2(w.as_bytes()));
        let mut out = w.into_bytes();
        out.extend_from_slice(&crc.to_be_bytes());
        Ok((out, layout))
    }

    /// The section as standard base64 (the HLS `#EXT-OATCLS-SCTE35` / DASH xml+bin form).
    pub fn to_base64(&self) -> Result<String, Error> {
        use base64::Engine as _;
        Ok(base64::engine::general_purpose::STANDARD.encode(self.encode()?))
    }

    /// The section as `0x` + uppercase hex (the HLS DATERANGE `SCTE35-*` form).
    pub fn to_hex(&self) -> Result<String, Error> {
        Ok(format!(
            "0x{}",
            crate::json::to_hex(&self.encode()?).to_uppercase()
        ))
    }

    /// A copy with every wire quirk reset to what a conforming encoder writes: reserved bits
    /// all ones, the real `splice_command_length`, no stuffing. This is what a form that
    /// cannot carry quirks (the XML form) gives back.
    pub fn without_wire_quirks(&self) -> Self {
        let mut s = self.clone();
        if let SectionBody::Clear(b) = &mut s.body {
            b.legacy_command_length = false;
            b.alignment_stuffing.clear();
            crate::quirks::clear_command(&mut b.splice_command);
            b.descriptors
                .iter_mut()
                .for_each(crate::quirks::clear_descriptor);
        }
        s
    }
}

fn decode_clear(rest: &[u8], splice_command_length: u16) -> Result<ClearBody, Error> {
    let mut r = BitReader::new(rest, HEADER_LEN);
    let command_type = r.u8(8, "splice_command_type")?;
    let legacy_command_length = splice_command_length == LEGACY_COMMAND_LENGTH;
    let splice_command = if legacy_command_length {
        SpliceCommand::decode(command_type, &mut r, false)?
    } else {
        let offset = r.offset();
        let bytes = r.bytes(
            usize::from(splice_command_length),
            "splice command (per splice_command_length)",
        )?;
        let mut cr = BitReader::new(bytes, offset);
        let command = SpliceCommand::decode(command_type, &mut cr, true)?;
        if cr.remaining() > 0 {
            return Err(Error::Malformed {
                offset: cr.offset(),
                field: "splice_command_length",
                reason: format!("{} bytes left after the {}", cr.remaining(), command.name()),
            });
        }
        command
    };
    let loop_length = r.u16(16, "descriptor_loop_length")?;
    let loop_offset = r.offset();
    let loop_bytes = r.bytes(
        usize::from(loop_length),
        "descriptors (per descriptor_loop_length)",
    )?;
    let mut dr = BitReader::new(loop_bytes, loop_offset);
    let mut descriptors = Vec::new();
    while dr.remaining() > 0 {
        descriptors.push(SpliceDescriptor::decode(&mut dr)?);
    }
    Ok(ClearBody {
        splice_command,
        descriptors,
        alignment_stuffing: r.rest().to_vec(),
        legacy_command_length,
    })
}

/// Names of `sap_type` values (Table 6).
pub fn sap_type_name(sap_type: u8) -> &'static str {
    match sap_type {
        0 => "Type 1 Closed GOP with no leading pictures",
        1 => "Type 2 Closed GOP with leading pictures",
        2 => "Type 3 Open GOP",
        _ => "No Sap Type",
    }
}

impl Serialize for SpliceInfoSection {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (bytes, layout) = self.encode_with_layout().map_err(S::Error::custom)?;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("table_id", &self.table_id)?;
        m.serialize_entry("section_syntax_indicator", &self.section_syntax_indicator)?;
        m.serialize_entry("private_indicator", &self.private_indicator)?;
        m.serialize_entry("sap_type", &self.sap_type)?;
        m.serialize_entry("sap_type_name", sap_type_name(self.sap_type))?;
        m.serialize_entry("section_length", &(bytes.len() - 3))?;
        m.serialize_entry("protocol_version", &self.protocol_version)?;
        m.serialize_entry("encrypted_packet", &self.encrypted_packet())?;
        m.serialize_entry("encryption_algorithm", &self.encryption_algorithm)?;
        m.serialize_entry("pts_adjustment", &self.pts_adjustment)?;
        m.serialize_entry("pts_adjustment_seconds", &seconds(self.pts_adjustment))?;
        m.serialize_entry("cw_index", &self.cw_index)?;
        m.serialize_entry("tier", &self.tier)?;
        m.serialize_entry("splice_command_length", &layout.splice_command_length)?;
        match &self.body {
            SectionBody::Encrypted {
                encrypted_bytes, ..
            } => {
                m.serialize_entry("encrypted_bytes", &crate::json::to_hex(encrypted_bytes))?;
            }
            SectionBody::Clear(b) => {
                m.serialize_entry(
                    "splice_command_type",
                    &b.splice_command.splice_command_type(),
                )?;
                m.serialize_entry("splice_command_name", b.splice_command.name())?;
                m.serialize_entry("splice_command", &b.splice_command)?;
                m.serialize_entry("descriptor_loop_length", &layout.descriptor_loop_length)?;
                m.serialize_entry("descriptors", &b.descriptors)?;
                if !b.alignment_stuffing.is_empty() {
                    m.serialize_entry(
                        "alignment_stuffing",
                        &crate::json::to_hex(&b.alignment_stuffing),
                    )?;
                }
            }
        }
        m.serialize_entry("crc_32", &self.crc_32)?;
        if let Some(c) = self.invalid_crc_32 {
            m.serialize_entry("invalid_crc_32", &c)?;
        }
        m.end()
    }
}

fn default_table_id() -> u8 {
    TABLE_ID
}
fn default_sap_type() -> u8 {
    3
}
fn default_tier() -> u16 {
    0xFFF
}
fn default_cw_index() -> u8 {
    0xFF
}

/// The JSON form as read: lengths other than a legacy 0xFFF `splice_command_length`, names,
/// `*_seconds` twins and `crc_32` are ignored (recomputed).
#[derive(Deserialize)]
struct SectionJson {
    #[serde(default = "default_table_id")]
    table_id: u8,
    #[serde(default)]
    section_syntax_indicator: bool,
    #[serde(default)]
    private_indicator: bool,
    #[serde(default = "default_sap_type")]
    sap_type: u8,
    #[serde(default)]
    protocol_version: u8,
    #[serde(default)]
    encrypted_packet: bool,
    #[serde(default)]
    encryption_algorithm: u8,
    #[serde(default)]
    pts_adjustment: u64,
    #[serde(default = "default_cw_index")]
    cw_index: u8,
    #[serde(default = "default_tier")]
    tier: u16,
    splice_command_length: Option<u16>,
    splice_command: Option<SpliceCommand>,
    #[serde(default)]
    descriptors: Vec<SpliceDescriptor>,
    #[serde(default, with = "crate::json::opt_hex")]
    alignment_stuffing: Option<Vec<u8>>,
    #[serde(default, with = "crate::json::opt_hex")]
    encrypted_bytes: Option<Vec<u8>>,
    #[serde(default)]
    crc_32: u32,
    #[serde(default)]
    invalid_crc_32: Option<u32>,
}

impl<'de> Deserialize<'de> for SpliceInfoSection {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let j = SectionJson::deserialize(d)?;
        let body = match (j.encrypted_packet, j.encrypted_bytes) {
            (true, Some(encrypted_bytes)) => SectionBody::Encrypted {
                splice_command_length: j.splice_command_length.ok_or_else(|| {
                    D::Error::custom("encrypted section needs `splice_command_length`")
                })?,
                encrypted_bytes,
            },
            (true, None) => {
                return Err(D::Error::custom(
                    "encrypted_packet is true but `encrypted_bytes` is missing",
                ));
            }
            (false, Some(_)) => {
                return Err(D::Error::custom(
                    "`encrypted_bytes` given but encrypted_packet is false",
                ));
            }
            (false, None) => SectionBody::Clear(ClearBody {
                splice_command: j
                    .splice_command
                    .ok_or_else(|| D::Error::missing_field("splice_command"))?,
                descriptors: j.descriptors,
                alignment_stuffing: j.alignment_stuffing.unwrap_or_default(),
                legacy_command_length: j.splice_command_length == Some(LEGACY_COMMAND_LENGTH),
            }),
        };
        Ok(Self {
            table_id: j.table_id,
            section_syntax_indicator: j.section_syntax_indicator,
            private_indicator: j.private_indicator,
            sap_type: j.sap_type,
            protocol_version: j.protocol_version,
            encryption_algorithm: j.encryption_algorithm,
            pts_adjustment: j.pts_adjustment,
            cw_index: j.cw_index,
            tier: j.tier,
            body,
            crc_32: j.crc_32,
            invalid_crc_32: j.invalid_crc_32,
        })
    }
}
