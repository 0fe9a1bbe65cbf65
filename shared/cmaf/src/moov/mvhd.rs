//! `mvhd`, the movie header box (ISO/IEC 14496-12 §8.2.2).

use crate::writer::{Put, needs_u64};
use crate::{BoxCodec, Error, FourCC, Reader};

/// The identity transformation matrix (16.16 / 2.30 fixed point).
pub const UNITY_MATRIX: [i32; 9] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000];

/// `mvhd`: presentation-wide timescale and duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mvhd {
    /// Box version: 1 stores the times as 64 bits (also chosen on encode when a value needs it).
    pub version: u8,
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `creation_time` (seconds since 1904).
    pub creation_time: u64,
    /// `modification_time`.
    pub modification_time: u64,
    /// `timescale`.
    pub timescale: u32,
    /// `duration` (0 in fragmented files whose length is unknown).
    pub duration: u64,
    /// `rate`, 16.16 (0x00010000 = normal).
    pub rate: i32,
    /// `volume`, 8.8 (0x0100 = full).
    pub volume: i16,
    /// `matrix`.
    pub matrix: [i32; 9],
    /// `next_track_ID`.
    pub next_track_id: u32,
}

impl Default for Mvhd {
    fn default() -> Self {
        Mvhd {
            version: 0,
            flags: 0,
            creation_time: 0,
            modification_time: 0,
            timescale: 1000,
            duration: 0,
            rate: 0x0001_0000,
            volume: 0x0100,
            matrix: UNITY_MATRIX,
            next_track_id: 2,
        }
    }
}

pub(crate) fn read_matrix(r: &mut Reader<'_>) -> Result<[i32; 9], Error> {
    let mut m = [0i32; 9];
    for v in &mut m {
        *v = r.i32("matrix")?;
    }
    Ok(m)
}

pub(crate) fn write_matrix(out: &mut Vec<u8>, m: &[i32; 9]) {
    for v in m {
        out.put(&v.to_be_bytes());
    }
}

impl BoxCodec for Mvhd {
    const TYPE: FourCC = FourCC(*b"mvhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        let wide = version == 1;
        let creation_time = r.u32_or_u64(wide, "creation_time")?;
        let modification_time = r.u32_or_u64(wide, "modification_time")?;
        let timescale = r.u32("timescale")?;
        let duration = r.u32_or_u64(wide, "duration")?;
        let rate = r.i32("rate")?;
        let volume = r.i16("volume")?;
        r.bytes(10, "reserved")?;
        let matrix = read_matrix(r)?;
        r.bytes(24, "pre_defined")?;
        let next_track_id = r.u32("next_track_ID")?;
        Ok(Mvhd {
            version,
            flags,
            creation_time,
            modification_time,
            timescale,
            duration,
            rate,
            volume,
            matrix,
            next_track_id,
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
        out.put(&self.rate.to_be_bytes());
        out.put(&self.volume.to_be_bytes());
        out.put(&[0; 10]);
        write_matrix(out, &self.matrix);
        out.put(&[0; 24]);
        out.put_u32(self.next_track_id);
    }
}
