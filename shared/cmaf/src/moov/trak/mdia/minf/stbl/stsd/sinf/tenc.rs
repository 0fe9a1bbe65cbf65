//! `tenc`, the track encryption box (ISO/IEC 23001-7 §8.2): default KID, IV size or constant
//! IV, and (version 1) the crypt:skip pattern `cbcs` uses (1:9 for video, §10.4). The same
//! fields form a `seig` sample group entry (§6), see [`crate::Sgpd::seig`].

use crate::writer::Put;
use crate::{BoxCodec, Error, FourCC, Reader};

/// A `cbcs`/`cens` pattern: encrypt `crypt_byte_block` 16-byte blocks, skip `skip_byte_block`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pattern {
    /// `default_crypt_byte_block` (4 bits).
    pub crypt_byte_block: u8,
    /// `default_skip_byte_block` (4 bits).
    pub skip_byte_block: u8,
}

/// The per-track (or per-sample-group) encryption defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EncryptionDefaults {
    /// The pattern. In `tenc`, `Some` writes version 1 and `None` version 0 (no pattern).
    pub pattern: Option<Pattern>,
    /// `default_isProtected` (1 = encrypted).
    pub is_protected: u8,
    /// `default_Per_Sample_IV_Size`: 0 (constant IV), 8 or 16. This is the context
    /// [`crate::Senc::samples`] needs.
    pub per_sample_iv_size: u8,
    /// `default_KID`.
    pub kid: [u8; 16],
    /// `default_constant_IV`: on the wire exactly when `is_protected == 1` and
    /// `per_sample_iv_size == 0` (otherwise this field is not written).
    pub constant_iv: Option<Vec<u8>>,
}

impl EncryptionDefaults {
    /// Whether a constant IV is on the wire for these values.
    fn has_constant_iv(&self) -> bool {
        self.is_protected == 1 && self.per_sample_iv_size == 0
    }

    /// Reads the fields after the full-box header; `with_pattern` when the pattern byte is
    /// meaningful (`tenc` version 1, `seig`).
    pub(crate) fn decode(r: &mut Reader<'_>, with_pattern: bool) -> Result<Self, Error> {
        r.u8("reserved")?;
        let p = r.u8("default_crypt_byte_block/default_skip_byte_block")?;
        let pattern = with_pattern.then_some(Pattern {
            crypt_byte_block: p >> 4,
            skip_byte_block: p & 0xF,
        });
        let is_protected = r.u8("default_isProtected")?;
        let per_sample_iv_size = r.u8("default_Per_Sample_IV_Size")?;
        let kid = r.array("default_KID")?;
        let mut d = EncryptionDefaults {
            pattern,
            is_protected,
            per_sample_iv_size,
            kid,
            constant_iv: None,
        };
        if d.has_constant_iv() {
            let n = r.u8("default_constant_IV_size")?;
            d.constant_iv = Some(r.bytes(usize::from(n), "default_constant_IV")?.to_vec());
        }
        Ok(d)
    }

    /// Writes the fields after the full-box header (the pattern byte is 0 when `None`).
    pub(crate) fn encode(&self, out: &mut Vec<u8>) {
        out.put_u8(0);
        let p = self
            .pattern
            .map_or(0, |p| (p.crypt_byte_block << 4) | (p.skip_byte_block & 0xF));
        out.put_u8(p);
        out.put_u8(self.is_protected);
        out.put_u8(self.per_sample_iv_size);
        out.put(&self.kid);
        if self.has_constant_iv() {
            let iv = self.constant_iv.as_deref().unwrap_or_default();
            let iv = iv.get(..iv.len().min(255)).unwrap_or_default();
            out.put_u8(iv.len() as u8);
            out.put(iv);
        }
    }
}

/// `tenc`: the track's encryption defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tenc {
    /// Full-box flags (none defined; kept as read).
    pub flags: u32,
    /// The defaults.
    pub defaults: EncryptionDefaults,
}

impl BoxCodec for Tenc {
    const TYPE: FourCC = FourCC(*b"tenc");

    fn decode_payload(r: &mut Reader<'_>) -> Result<Self, Error> {
        let (version, flags) = r.full_header_up_to(1)?;
        Ok(Tenc {
            flags,
            defaults: EncryptionDefaults::decode(r, version == 1)?,
        })
    }

    fn encode_payload(&self, out: &mut Vec<u8>) {
        out.put_full_header(u8::from(self.defaults.pattern.is_some()), self.flags);
        self.defaults.encode(out);
    }
}
