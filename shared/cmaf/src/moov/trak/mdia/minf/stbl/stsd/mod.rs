//! `stsd`, the sample description box (ISO/IEC 14496-12 §8.5.2), and the sample entries this
//! crate types: visual (`avc1`/`avc3`/`encv`, §12.1.3, ISO/IEC 14496-15 §5.4.2) and audio
//! (`mp4a`/`enca`, §12.2.3, ISO/IEC 14496-14 §5.6). A CMAF track has exactly one sample entry
//! (ISO/IEC 23000-19 §7.3.2.2).

pub mod avc1;
pub mod avcc;
pub mod esds;
pub mod mp4a;
pub mod sinf;

use crate::codec::{decode_entry_list, encode_entry_list, impl_container};
use crate::{AnyBox, BoxCodec, Error, FourCC, Reader};

/// `stsd`: the sample entries, count derived from the list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Stsd {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The sample entries, in order.
    pub children: Vec<AnyBox>,
}

impl BoxCodec for Stsd {
    const TYPE: FourCC = FourCC(*b"stsd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (flags, children) = decode_entry_list(r)?;
        Ok(Stsd { flags, children })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        encode_entry_list(out, self.flags, &self.children);
    }
}

impl_container!(Stsd);
