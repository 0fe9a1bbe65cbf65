//! `audio_descriptor()` (SCTE 35 §10.3.5, Table 27).

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::bits::{BitReader, BitWriter};
use crate::json::{read_reserved, write_reserved};

/// `audio_descriptor()`: the audio services present (for ATSC A/52 signalling).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioDescriptor {
    /// `identifier` (0x43554549 "CUEI").
    #[serde(default = "super::cuei")]
    pub identifier: u32,
    /// One entry per audio service (`audio_count`, at most 15).
    pub components: Vec<AudioComponent>,
    /// The 4 reserved bits after `audio_count`, when not all ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved: Option<u8>,
}

/// One audio service of an [`AudioDescriptor`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AudioComponent {
    /// `component_tag`.
    pub component_tag: u8,
    /// `ISO_code`: 3 bytes, an ISO 639-2 language code (hex in JSON: any bytes round-trip).
    #[serde(with = "crate::json::hex")]
    pub iso_code: Vec<u8>,
    /// `Bit_Stream_Mode` (3 bits, A/52 `bsmod`).
    pub bit_stream_mode: u8,
    /// `Num_Channels` (4 bits, A/52 `acmod` based).
    pub num_channels: u8,
    /// `Full_Srvc_Audio`.
    pub full_srvc_audio: bool,
}

impl AudioDescriptor {
    pub(crate) fn decode(identifier: u32, r: &mut BitReader<'_>) -> Result<Self, Error> {
        let count = r.u8(4, "audio_count")?;
        let reserved = read_reserved(r, 4, "audio_descriptor reserved")?;
        let mut components = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            components.push(AudioComponent {
                component_tag: r.u8(8, "component_tag")?,
                iso_code: r.bytes(3, "ISO_code")?.to_vec(),
                bit_stream_mode: r.u8(3, "Bit_Stream_Mode")?,
                num_channels: r.u8(4, "Num_Channels")?,
                full_srvc_audio: r.flag("Full_Srvc_Audio")?,
            });
        }
        Ok(Self {
            identifier,
            components,
            reserved,
        })
    }

    pub(crate) fn encode(&self, w: &mut BitWriter) -> Result<(), Error> {
        w.bits(self.components.len() as u64, 4, "audio_count")?;
        write_reserved(w, self.reserved, 4, "audio_descriptor.reserved")?;
        for c in &self.components {
            w.bits(u64::from(c.component_tag), 8, "component_tag")?;
            if c.iso_code.len() != 3 {
                return Err(Error::Encode {
                    field: "iso_code",
                    reason: format!("{} bytes, must be 3", c.iso_code.len()),
                });
            }
            w.bytes(&c.iso_code);
            w.bits(u64::from(c.bit_stream_mode), 3, "bit_stream_mode")?;
            w.bits(u64::from(c.num_channels), 4, "num_channels")?;
            w.flag(c.full_srvc_audio);
        }
        Ok(())
    }
}
