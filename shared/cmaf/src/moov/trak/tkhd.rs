//! `tkhd`, the track header box (ISO/IEC 14496-12 §8.3.2).

use crate::moov::mvhd::{UNITY_MATRIX, read_matrix, write_matrix};
use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// `tkhd` flag: track_enabled.
pub const TRACK_ENABLED: u32 = 0x1;
/// `tkhd` flag: track_in_movie.
pub const TRACK_IN_MOVIE: u32 = 0x2;

/// `tkhd`: track id, duration, presentation size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tkhd {
    /// Box version: 1 stores the times as 64 bits (also chosen on encode when a value needs it).
    pub version: u8,
    /// Flags: [`TRACK_ENABLED`], [`TRACK_IN_MOVIE`], track_in_preview (0x4),
    /// size_is_aspect_ratio (0x8).
    pub flags: u32,
    /// `creation_time`.
    pub creation_time: u64,
    /// `modification_time`.
    pub modification_time: u64,
    /// `track_ID`.
    pub track_id: u32,
    /// `duration` in the `mvhd` timescale.
    pub duration: u64,
    /// `layer`.
    pub layer: i16,
    /// `alternate_group`.
    pub alternate_group: i16,
    /// `volume`, 8.8 (0x0100 for audio, 0 otherwise).
    pub volume: i16,
    /// `matrix`.
    pub matrix: [i32; 9],
    /// `width`, 16.16 fixed point.
    pub width: u32,
    /// `height`, 16.16 fixed point.
    pub height: u32,
}

impl Default for Tkhd {
    fn default() -> Self {
        Tkhd {
            version: 0,
            flags: TRACK_ENABLED | TRACK_IN_MOVIE,
            creation_time: 0,
            modification_time: 0,
            track_id: 1,
            duration: 0,
            layer: 0,
            alternate_group: 0,
            volume: 0,
            matrix: UNITY_MATRIX,
            width: 0,
            height: 0,
        }
    }
}

impl BoxCodec for Tkhd {
    const TYPE: FourCC = FourCC(*b"tkhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let wide = version == 1;
        let creation_time = r.u32_or_u64(wide, "creation_time")?;
        let modification_time = r.u32_or_u64(wide, "modification_time")?;
        let track_id = r.u32("track_ID")?;
        r.u32("reserved")?;
        let duration = r.u32_or_u64(wide, "duration")?;
        r.bytes(8, "reserved")?;
        let layer = r.i16("layer")?;
        let alternate_group = r.i16("alternate_group")?;
        let volume = r.i16("volume")?;
        r.u16("reserved")?;
        let matrix = read_matrix(r)?;
        Ok(Tkhd {
            version,
            flags,
            creation_time,
            modification_time,
            track_id,
            duration,
            layer,
            alternate_group,
            volume,
            matrix,
            width: r.u32("width")?,
            height: r.u32("height")?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let wide = self.version == 1
            || needs_u64(&[self.creation_time, self.modification_time, self.duration]);
        out.put_full_header(u8::from(wide), self.flags);
        out.put_u32_or_u64(wide, self.creation_time);
        out.put_u32_or_u64(wide, self.modification_time);
        out.put_u32(self.track_id);
        out.put_u32(0);
        out.put_u32_or_u64(wide, self.duration);
        out.put(&[0; 8]);
        out.put(&self.layer.to_be_bytes());
        out.put(&self.alternate_group.to_be_bytes());
        out.put(&self.volume.to_be_bytes());
        out.put_u16(0);
        write_matrix(out, &self.matrix);
        out.put_u32(self.width);
        out.put_u32(self.height);
    }
}
