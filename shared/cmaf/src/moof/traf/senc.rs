//! `senc`, the sample encryption box (ISO/IEC 23001-7 §7.2): per-sample IVs and subsample
//! (clear, protected) byte counts.
//!
//! The IV size is not in the box: it comes from `tenc` (or a `seig` group). So the box is kept
//! as bytes when decoded and parsed only when the caller supplies that size
//! ([`Senc::samples`]); nothing is guessed.

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// `senc` flag: subsample information present.
pub const USE_SUBSAMPLE_ENCRYPTION: u32 = 0x2;

/// One subsample: clear bytes (NAL and slice headers stay clear) then protected bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Subsample {
    /// `BytesOfClearData`.
    pub clear_bytes: u16,
    /// `BytesOfProtectedData`.
    pub protected_bytes: u32,
}

/// One sample's encryption parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SencSample {
    /// `InitializationVector` (empty when the track uses a constant IV, as `cbcs` does).
    pub iv: Vec<u8>,
    /// The subsamples (empty for whole-sample encryption).
    pub subsamples: Vec<Subsample>,
}

/// `senc`: kept as the bytes after the full-box header until parsed with an IV size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Senc {
    /// Box version (0).
    pub version: u8,
    /// Flags ([`USE_SUBSAMPLE_ENCRYPTION`]); set by [`Senc::from_samples`].
    pub flags: u32,
    /// `sample_count` and the per-sample records, as on the wire.
    pub payload: Vec<u8>,
}

impl Senc {
    /// Builds a `senc` from samples; the subsample flag is set when any sample has subsamples.
    pub fn from_samples(samples: &[SencSample]) -> Self {
        let subsamples = samples.iter().any(|s| !s.subsamples.is_empty());
        let mut payload = Vec::new();
        payload.put_u32(samples.len() as u32);
        for s in samples {
            payload.put(&s.iv);
            if subsamples {
                payload.put_u16(s.subsamples.len().min(usize::from(u16::MAX)) as u16);
                for sub in s.subsamples.iter().take(usize::from(u16::MAX)) {
                    payload.put_u16(sub.clear_bytes);
                    payload.put_u32(sub.protected_bytes);
                }
            }
        }
        Senc {
            version: 0,
            flags: if subsamples {
                USE_SUBSAMPLE_ENCRYPTION
            } else {
                0
            },
            payload,
        }
    }

    /// `sample_count`.
    pub fn sample_count(&self) -> u32 {
        let mut b = [0u8; 4];
        if let Some(s) = self.payload.get(..4) {
            b.copy_from_slice(s);
        }
        u32::from_be_bytes(b)
    }

    /// Parses the samples given `per_sample_iv_size` (from `tenc` or `seig`: 0, 8 or 16).
    pub fn samples(&self, per_sample_iv_size: u8) -> Result<Vec<SencSample>, Error> {
        if !matches!(per_sample_iv_size, 0 | 8 | 16) {
            return Err(Error::invalid(format!(
                "senc per-sample IV size {per_sample_iv_size} (must be 0, 8 or 16)"
            )));
        }
        // Offsets in errors are relative to the start of the box.
        let mut r = Reader::new(&self.payload, 12, Some(Self::TYPE), 0);
        let count = r.u32("sample_count")?;
        let iv = usize::from(per_sample_iv_size);
        let subsamples = self.flags & USE_SUBSAMPLE_ENCRYPTION != 0;
        let min = iv + if subsamples { 2 } else { 0 };
        let n = if min == 0 {
            r.zero_size_entries(count, "samples")?
        } else {
            r.count(u64::from(count), min, "samples")?
        };
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let iv = r.bytes(iv, "InitializationVector")?.to_vec();
            let mut subs = Vec::new();
            if subsamples {
                let k = r.u16("subsample_count")?;
                let k = r.count(u64::from(k), 6, "subsamples")?;
                subs.reserve_exact(k);
                for _ in 0..k {
                    subs.push(Subsample {
                        clear_bytes: r.u16("BytesOfClearData")?,
                        protected_bytes: r.u32("BytesOfProtectedData")?,
                    });
                }
            }
            out.push(SencSample {
                iv,
                subsamples: subs,
            });
        }
        r.finish()?;
        Ok(out)
    }
}

impl BoxCodec for Senc {
    const TYPE: FourCC = FourCC(*b"senc");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(0)?;
        if r.remaining() < 4 {
            return Err(r.malformed("sample_count missing"));
        }
        Ok(Senc {
            version,
            flags,
            payload: r.rest().to_vec(),
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(self.version, self.flags);
        out.put(&self.payload);
    }
}
