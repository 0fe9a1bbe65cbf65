//! `elst`, the edit list box (ISO/IEC 14496-12 §8.6.6).

use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `elst`: maps the media timeline onto the presentation timeline.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Elst {
    /// Box version: 1 stores durations and times as 64 bits.
    pub version: u8,
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The edits.
    pub entries: Vec<ElstEntry>,
}

/// One edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ElstEntry {
    /// `edit_duration` in the `mvhd` timescale.
    pub edit_duration: u64,
    /// `media_time` (-1 = empty edit).
    pub media_time: i64,
    /// `media_rate_integer`.
    pub media_rate_integer: i16,
    /// `media_rate_fraction`.
    pub media_rate_fraction: i16,
}

impl BoxCodec for Elst {
    const TYPE: FourCC = FourCC(*b"elst");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let wide = version == 1;
        let n = r.u32("entry_count")?;
        let n = r.count(u64::from(n), if wide { 20 } else { 12 }, "entries")?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let edit_duration = r.u32_or_u64(wide, "edit_duration")?;
            let media_time = if wide {
                r.u64("media_time")? as i64
            } else {
                i64::from(r.i32("media_time")?)
            };
            entries.push(ElstEntry {
                edit_duration,
                media_time,
                media_rate_integer: r.i16("media_rate_integer")?,
                media_rate_fraction: r.i16("media_rate_fraction")?,
            });
        }
        Ok(Elst {
            version,
            flags,
            entries,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide = self.version == 1
            || self
                .entries
                .iter()
                .any(|e| needs_u64(&[e.edit_duration]) || i32::try_from(e.media_time).is_err());
        out.put_full_header(u8::from(wide), self.flags);
        out.put_u32(self.entries.len() as u32);
        for e in &self.entries {
            out.put_u32_or_u64(wide, e.edit_duration);
            if wide {
                out.put_u64(e.media_time as u64);
            } else {
                out.put_u32(e.media_time as i32 as u32);
            }
            out.put(&e.media_rate_integer.to_be_bytes());
            out.put(&e.media_rate_fraction.to_be_bytes());
        }
    }
}
