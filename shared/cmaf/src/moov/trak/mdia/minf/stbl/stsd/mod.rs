//! `stsd`, the sample description box (ISO/IEC 14496-12 §8.5.2), and the sample entries this
//! crate types: visual (`avc1`/`avc3`/`encv`, §12.1.3, ISO/IEC 14496-15 §5.4.2) and audio
//! (`mp4a`/`enca`, §12.2.3, ISO/IEC 14496-14 §5.6). A CMAF track has exactly one sample entry
//! (ISO/IEC 23000-19 §7.3.2.2).

pub mod avc1;
pub mod avcc;
pub mod esds;
pub mod mp4a;
pub mod sinf;

use crate::writer::Put;
use crate::{AnyBox, BoxCodec, Container, Error, FourCC, Reader};

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
        let (version, flags) = r.full_header()?;
        if version != 0 {
            return Err(r.unsupported(format!("version {version}")));
        }
        let count = r.u32("entry_count")?;
        let children = r.children()?;
        if children.len() as u64 != u64::from(count) {
            return Err(r.malformed(format!(
                "entry_count {count} but {} entries",
                children.len()
            )));
        }
        Ok(Stsd { flags, children })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(0, self.flags);
        out.put_u32(self.children.len() as u32);
        for c in &self.children {
            c.encode(out);
        }
    }
}

impl Container for Stsd {
    fn children(&self) -> &[AnyBox] {
        &self.children
    }
    fn children_mut(&mut self) -> &mut Vec<AnyBox> {
        &mut self.children
    }
}
