//! `smhd`, the sound media header box (ISO/IEC 14496-12 §12.2.2).

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `smhd`: stereo balance.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Smhd {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// `balance`, 8.8 fixed point (0 = centre).
    pub balance: i16,
}

impl BoxCodec for Smhd {
    const TYPE: FourCC = FourCC(*b"smhd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (_, flags) = r.full_header_up_to(0)?;
        let balance = r.i16("balance")?;
        r.u16("reserved")?;
        Ok(Smhd { flags, balance })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put(&self.balance.to_be_bytes());
        out.put_u16(0);
    }
}
