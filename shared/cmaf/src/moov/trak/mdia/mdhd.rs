//! `mdhd`, the media header box (ISO/IEC 14496-12 §8.4.2).

use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `mdhd`: the media timescale, duration and language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mdhd {
    /// Box version: 1 stores the times as 64 bits (also chosen on encode when a value needs it).
    pub version: u8,
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `creation_time`.
    pub creation_time: u64,
    /// `modification_time`.
    pub modification_time: u64,
    /// `timescale`: ticks per second of the media timeline (`tfdt`, `trun` use it).
    pub timescale: u32,
    /// `duration`.
    pub duration: u64,
    /// `language`: ISO 639-2/T code, three lowercase letters (packed 5 bits each on the wire).
    pub language: [u8; 3],
}

impl Default for Mdhd {
    fn default() -> Self {
        Mdhd {
            version: 0,
            flags: 0,
            creation_time: 0,
            modification_time: 0,
            timescale: 90_000,
            duration: 0,
            language: *b"und",
        }
    }
}

impl BoxCodec for Mdhd {
    const TYPE: FourCC = FourCC(*b"mdhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let wide = version == 1;
        let creation_time = r.u32_or_u64(wide, "creation_time")?;
        let modification_time = r.u32_or_u64(wide, "modification_time")?;
        let timescale = r.u32("timescale")?;
        let duration = r.u32_or_u64(wide, "duration")?;
        let packed = r.u16("language")?;
        r.u16("pre_defined")?;
        let letter = |shift: u16| (((packed >> shift) & 0x1F) as u8).wrapping_add(0x60);
        Ok(Mdhd {
            version,
            flags,
            creation_time,
            modification_time,
            timescale,
            duration,
            language: [letter(10), letter(5), letter(0)],
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide = self.version == 1
            || needs_u64(&[self.creation_time, self.modification_time, self.duration]);
        out.put_full_header(u8::from(wide), self.flags);
        out.put_u32_or_u64(wide, self.creation_time);
        out.put_u32_or_u64(wide, self.modification_time);
        out.put_u32(self.timescale);
        out.put_u32_or_u64(wide, self.duration);
        let [a, b, c] = self
            .language
            .map(|l| u16::from(l.wrapping_sub(0x60) & 0x1F));
        out.put_u16((a << 10) | (b << 5) | c);
        out.put_u16(0);
    }
}
