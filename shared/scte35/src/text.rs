//! Cue text front end: base64 (the HLS / xml+bin form), `0x` hex (the DATERANGE form) and plain
//! hex, as operators paste them.

use crate::{Error, SpliceInfoSection, json};

/// Parses a cue given as text: base64 (standard alphabet, padding optional), `0x`-prefixed
/// hex, or plain hex starting with the table id `fc`. Surrounding whitespace and quotes are
/// ignored.
pub fn parse_cue(text: &str) -> Result<SpliceInfoSection, Error> {
    SpliceInfoSection::decode(&cue_bytes(text)?)
}

/// The bytes of a cue given as text (see [`parse_cue`]).
pub fn cue_bytes(text: &str) -> Result<Vec<u8>, Error> {
    let t = text.trim().trim_matches('"').trim();
    if t.is_empty() {
        return Err(Error::Text("empty cue".into()));
    }
    let is_hex = t.starts_with("0x")
        || t.starts_with("0X")
        || ((t.starts_with("fc") || t.starts_with("FC"))
            && t.bytes().all(|b| b.is_ascii_hexdigit()));
    if is_hex {
        return json::from_hex(t).map_err(|e| Error::Text(format!("hex: {e}")));
    }
    use base64::Engine as _;
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    engine
        .decode(t)
        .map_err(|e| Error::Text(format!("base64: {e}")))
}
