//! `emsg`, the DASH event message box (ISO/IEC 23009-1 §5.10.3.3), versions 0 and 1; carries
//! in-band events such as SCTE-35 (`urn:scte:scte35:2013:bin`).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `emsg`: one in-band event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Emsg {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `scheme_id_uri`.
    pub scheme_id_uri: String,
    /// `value`.
    pub value: String,
    /// `timescale` of the times below.
    pub timescale: u32,
    /// When the event starts; the variant selects the box version.
    pub time: EmsgTime,
    /// `event_duration` (`0xFFFFFFFF` = unknown).
    pub event_duration: u32,
    /// `id`.
    pub id: u32,
    /// `message_data` (for SCTE-35: a `splice_info_section`).
    pub message_data: Vec<u8>,
}

/// The event time: relative to the segment (version 0) or absolute on the track (version 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmsgTime {
    /// Version 0 `presentation_time_delta`.
    Delta(u32),
    /// Version 1 `presentation_time`.
    Absolute(u64),
}

impl Default for EmsgTime {
    fn default() -> Self {
        EmsgTime::Absolute(0)
    }
}

impl BoxCodec for Emsg {
    const TYPE: FourCC = FourCC(*b"emsg");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header()?;
        let e = match version {
            0 => {
                let scheme_id_uri = r.cstring("scheme_id_uri")?;
                let value = r.cstring("value")?;
                Emsg {
                    flags,
                    scheme_id_uri,
                    value,
                    timescale: r.u32("timescale")?,
                    time: EmsgTime::Delta(r.u32("presentation_time_delta")?),
                    event_duration: r.u32("event_duration")?,
                    id: r.u32("id")?,
                    message_data: Vec::new(),
                }
            }
            1 => {
                let timescale = r.u32("timescale")?;
                let time = EmsgTime::Absolute(r.u64("presentation_time")?);
                let event_duration = r.u32("event_duration")?;
                let id = r.u32("id")?;
                Emsg {
                    flags,
                    scheme_id_uri: r.cstring("scheme_id_uri")?,
                    value: r.cstring("value")?,
                    timescale,
                    time,
                    event_duration,
                    id,
                    message_data: Vec::new(),
                }
            }
            v => return Err(r.unsupported(format!("version {v}"))),
        };
        Ok(Emsg {
            message_data: r.rest().to_vec(),
            ..e
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        match self.time {
            EmsgTime::Delta(delta) => {
                out.put_full_header(0, self.flags);
                out.put_cstring(&self.scheme_id_uri);
                out.put_cstring(&self.value);
                out.put_u32(self.timescale);
                out.put_u32(delta);
                out.put_u32(self.event_duration);
                out.put_u32(self.id);
            }
            EmsgTime::Absolute(t) => {
                out.put_full_header(1, self.flags);
                out.put_u32(self.timescale);
                out.put_u64(t);
                out.put_u32(self.event_duration);
                out.put_u32(self.id);
                out.put_cstring(&self.scheme_id_uri);
                out.put_cstring(&self.value);
            }
        }
        out.put(&self.message_data);
    }
}
