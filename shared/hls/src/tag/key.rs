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

/// `KEYFORMAT` of W3C ClearKey (hls.js's ClearKey key system, `org.w3.clearkey`).
pub const CLEARKEY_KEYFORMAT: &str = "org.w3.clearkey";

/// The `EXT-X-KEY` lines (each ending in `\n`) of `SAMPLE-AES` (cbcs) segments under key id
/// `kid` for ClearKey players: `URI="data:text/plain;base64,<KID>"` (the 16-byte KID, where
/// hls.js reads it from; the license URL is player configuration), `KEYFORMAT` ClearKey and
/// `KEYFORMATVERSIONS="1"`; with `identity`, a second line with `KEYFORMAT="identity"` and the
/// same URI, which Shaka Player's HLS reads (hls.js tries that one first when present).
pub fn clearkey_key_lines(kid: &[u8; 16], identity: bool) -> String {
    let uri = format!(
        "data:text/plain;base64,{}",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, kid)
    );
    let mut out = format!(
        "#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"{uri}\",KEYFORMAT=\"{CLEARKEY_KEYFORMAT}\",\
         KEYFORMATVERSIONS=\"1\"\n"
    );
    if identity {
        out.push_str("#EXT-X-KEY:METHOD=SAMPLE-AES,URI=\"");
        out.push_str(&uri);
        out.push_str("\",KEYFORMAT=\"identity\"\n");
    }
    out
}

#[cfg(test)]
mod clearkey_tests {
    use super::*;
    use crate::Playlist;

    #[test]
    fn clearkey_lines_parse_back_to_the_kid() {
        let kid = [7u8; 16];
        let lines = clearkey_key_lines(&kid, true);
        let text = format!("#EXTM3U\n#EXT-X-TARGETDURATION:2\n{lines}#EXTINF:2,\ns.m4s\n");
        let playlist = Playlist::parse(&text).expect("parses");
        let segments = playlist.segments().expect("segments");
        let at = &segments.segments[0].keys;
        let keys: Vec<Key<'_>> = at.iter().map(|&i| playlist.tag(i).expect("key")).collect();
        assert_eq!(keys.len(), 2);
        assert_eq!(keys[0].method().expect("method"), KeyMethod::SampleAes);
        assert_eq!(keys[0].keyformat().expect("keyformat"), CLEARKEY_KEYFORMAT);
        assert_eq!(keys[1].keyformat().expect("keyformat"), "identity");
        let uri = keys[0].uri().expect("uri").expect("present");
        let b64 = uri
            .strip_prefix("data:text/plain;base64,")
            .expect("data uri");
        let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64);
        assert_eq!(decoded.expect("base64"), kid);
    }
}
