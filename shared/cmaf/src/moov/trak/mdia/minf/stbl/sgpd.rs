//! `sgpd`, the sample group description box (ISO/IEC 14496-12 §8.9.3), with the `seig`
//! (CencSampleEncryptionInformationGroupEntry, ISO/IEC 23001-7 §6) entries typed.

use crate::moov::trak::mdia::minf::stbl::stsd::sinf::tenc::EncryptionDefaults;
use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// The `seig` grouping type.
pub const SEIG: FourCC = FourCC(*b"seig");

/// `sgpd`: descriptions of sample groups of one grouping type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sgpd {
    /// Box version. Only version 1 states entry lengths, so other versions keep entries raw.
    pub version: u8,
    /// Full-box flags (kept as read).
    pub flags: u32,
    /// `grouping_type`.
    pub grouping_type: FourCC,
    /// `default_length` (version 1; 0 = each entry carries its own `description_length`).
    pub default_length: u32,
    /// `default_sample_description_index` (version 2 and later).
    pub default_sample_description_index: u32,
    /// The group entries.
    pub entries: SgpdEntries,
}

/// The entries of an `sgpd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SgpdEntries {
    /// Version 1: entries whose lengths are known, each kept as bytes.
    Sized(Vec<Vec<u8>>),
    /// Other versions: `entry_count` and the undivided entry bytes.
    Raw {
        /// `entry_count`.
        entry_count: u32,
        /// Everything after `entry_count`.
        bytes: Vec<u8>,
    },
}

impl Default for SgpdEntries {
    fn default() -> Self {
        SgpdEntries::Sized(Vec::new())
    }
}

impl Sgpd {
    /// A version 1 `seig` group description with one entry per `defaults`.
    pub fn seig(defaults: &[EncryptionDefaults]) -> Self {
        let entries: Vec<Vec<u8>> = defaults
            .iter()
            .map(|d| {
                let mut e = Vec::new();
                d.encode(&mut e);
                e
            })
            .collect();
        let first = entries.first().map_or(0, Vec::len);
        let same = entries.iter().all(|e| e.len() == first);
        Sgpd {
            version: 1,
            flags: 0,
            grouping_type: SEIG,
            default_length: if same { first as u32 } else { 0 },
            default_sample_description_index: 0,
            entries: SgpdEntries::Sized(entries),
        }
    }

    /// The `seig` entries, typed (an error if this is not a `seig` group of sized entries).
    pub fn seig_entries(&self) -> Result<Vec<EncryptionDefaults>, Error> {
        let SgpdEntries::Sized(entries) = &self.entries else {
            return Err(Error::invalid(
                "sgpd version 0 entries have no known length",
            ));
        };
        if self.grouping_type != SEIG {
            return Err(Error::invalid(format!(
                "sgpd grouping_type is {}, not seig",
                self.grouping_type
            )));
        }
        entries
            .iter()
            .map(|e| {
                let mut r = Reader::new(e, 0, Some(SEIG), 0);
                let d = EncryptionDefaults::decode(&mut r, true)?;
                r.finish()?;
                Ok(d)
            })
            .collect()
    }
}

impl BoxCodec for Sgpd {
    const TYPE: FourCC = FourCC(*b"sgpd");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header()?;
        let grouping_type = r.fourcc("grouping_type")?;
        let default_length = if version == 1 {
            r.u32("default_length")?
        } else {
            0
        };
        let default_sample_description_index = if version >= 2 {
            r.u32("default_sample_description_index")?
        } else {
            0
        };
        let entry_count = r.u32("entry_count")?;
        let entries = if version != 1 {
            SgpdEntries::Raw {
                entry_count,
                bytes: r.rest().to_vec(),
            }
        } else {
            let min = if default_length == 0 {
                4
            } else {
                default_length as usize
            };
            let n = r.count(u64::from(entry_count), min, "entries")?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                let len = if default_length == 0 {
                    r.u32("description_length")?
                } else {
                    default_length
                };
                v.push(r.bytes(len as usize, "entry")?.to_vec());
            }
            SgpdEntries::Sized(v)
        };
        Ok(Sgpd {
            version,
            flags,
            grouping_type,
            default_length,
            default_sample_description_index,
            entries,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        let version = match self.entries {
            SgpdEntries::Raw { .. } if self.version == 1 => 0,
            SgpdEntries::Raw { .. } => self.version,
            SgpdEntries::Sized(_) => 1,
        };
        out.put_full_header(version, self.flags);
        out.put(&self.grouping_type.0);
        if version == 1 {
            out.put_u32(self.default_length);
        }
        if version >= 2 {
            out.put_u32(self.default_sample_description_index);
        }
        match &self.entries {
            SgpdEntries::Raw { entry_count, bytes } => {
                out.put_u32(*entry_count);
                out.put(bytes);
            }
            SgpdEntries::Sized(entries) => {
                out.put_u32(entries.len() as u32);
                for e in entries {
                    if self.default_length == 0 {
                        out.put_u32(e.len() as u32);
                    }
                    out.put(e);
                }
            }
        }
    }
}
