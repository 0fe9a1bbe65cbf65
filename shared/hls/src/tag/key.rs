//! `#EXT-X-KEY` (§4.4.4.4) and `#EXT-X-SESSION-KEY` (§4.4.6.5): METHOD, URI, IV, KEYFORMAT,
//! KEYFORMATVERSIONS.

use crate::error::{ParseError, ValueError};
use crate::tag::{AttrTag, attr_tag, quoted};

/// The encryption method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyMethod<'a> {
    /// `NONE`
    None,
    /// `AES-128`
    Aes128,
    /// `SAMPLE-AES`
    SampleAes,
    /// `SAMPLE-AES-CTR`
    SampleAesCtr,
    /// Another enumerated-string, kept as written.
    Other(&'a str),
}

impl<'a> KeyMethod<'a> {
    fn from_str(s: &'a str) -> Self {
        match s {
            "NONE" => KeyMethod::None,
            "AES-128" => KeyMethod::Aes128,
            "SAMPLE-AES" => KeyMethod::SampleAes,
            "SAMPLE-AES-CTR" => KeyMethod::SampleAesCtr,
            other => KeyMethod::Other(other),
        }
    }

    /// As written in the playlist.
    pub fn as_str(self) -> &'a str {
        match self {
            KeyMethod::None => "NONE",
            KeyMethod::Aes128 => "AES-128",
            KeyMethod::SampleAes => "SAMPLE-AES",
            KeyMethod::SampleAesCtr => "SAMPLE-AES-CTR",
            KeyMethod::Other(s) => s,
        }
    }
}

macro_rules! key_methods {
    ($ty:ident) => {
        impl<'a> $ty<'a> {
            /// A new tag with METHOD (and URI unless the method is NONE).
            pub fn new(
                method: KeyMethod<'_>,
                uri: Option<&str>,
            ) -> Result<$ty<'static>, ParseError> {
                let mut attrs = crate::attr::AttrList::new();
                attrs.set("METHOD", method.as_str());
                if let Some(uri) = uri {
                    quoted(&mut attrs, "URI", uri)?;
                }
                Ok($ty::from_attrs(attrs, 0))
            }

            /// METHOD (required).
            pub fn method(&self) -> Result<KeyMethod<'_>, ParseError> {
                self.enumerated("METHOD")?
                    .map(KeyMethod::from_str)
                    .ok_or_else(|| self.missing("METHOD"))
            }

            /// URI (required unless METHOD is NONE).
            pub fn uri(&self) -> Result<Option<&str>, ParseError> {
                self.string("URI")
            }

            /// IV as written (e.g. `0x10ef…`).
            pub fn iv_raw(&self) -> Option<&str> {
                self.attrs().get("IV").map(|v| v.raw())
            }

            /// IV as a 128-bit value: a hexadecimal-sequence of up to 32 digits, left-padded
            /// with zeros (it is an integer).
            pub fn iv(&self) -> Result<Option<[u8; 16]>, ParseError> {
                self.read("IV", |v| {
                    let bytes = v.hex_sequence()?;
                    if bytes.len() > 16 {
                        return Err(ValueError::new(
                            "hexadecimal-sequence of at most 128 bits",
                            v.raw(),
                        ));
                    }
                    let mut iv = [0u8; 16];
                    if let Some(dst) = iv.get_mut(16 - bytes.len()..) {
                        dst.copy_from_slice(&bytes);
                    }
                    Ok(iv)
                })
            }

            /// KEYFORMAT, `identity` when absent.
            pub fn keyformat(&self) -> Result<&str, ParseError> {
                Ok(self.string("KEYFORMAT")?.unwrap_or("identity"))
            }

            /// KEYFORMATVERSIONS as written (e.g. `1/2/5`).
            pub fn keyformatversions(&self) -> Result<Option<&str>, ParseError> {
                self.string("KEYFORMATVERSIONS")
            }

            /// Sets URI (quoted).
            pub fn set_uri(&mut self, uri: &str) -> Result<(), ParseError> {
                let line = self.line();
                self.attrs_mut()
                    .set_quoted("URI", uri)
                    .map_err(|e| e.at(line, "URI"))
            }
        }
    };
}

attr_tag!(
    /// `#EXT-X-KEY:<attribute-list>`: how the following media segments are encrypted.
    Key, Key
);
attr_tag!(
    /// `#EXT-X-SESSION-KEY:<attribute-list>`: a key preloaded from the multivariant playlist.
    SessionKey, SessionKey
);
key_methods!(Key);
key_methods!(SessionKey);
