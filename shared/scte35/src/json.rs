//! Serde helpers shared by the wire types: hex byte strings, 90 kHz `*_seconds` twins and
//! reserved-bit fields.

use serde::{Deserialize, Deserializer, Serializer};

/// Ticks of the 90 kHz clock per second (SCTE 35 §9.6: `pts_time`, `break_duration`, …).
pub const TICKS_PER_SECOND: u64 = 90_000;

/// `ticks` in seconds, the float twin written next to every 90 kHz field.
pub fn seconds(ticks: u64) -> f64 {
    ticks as f64 / TICKS_PER_SECOND as f64
}

/// Lowercase hex of `bytes`.
pub fn to_hex(bytes: &[u8]) -> String {
    ::hex::encode(bytes)
}

/// Parses hex (optional `0x`, either case, no separators).
pub fn from_hex(text: &str) -> Result<Vec<u8>, String> {
    let t = text.trim();
    let t = t
        .strip_prefix("0x")
        .or_else(|| t.strip_prefix("0X"))
        .unwrap_or(t);
    ::hex::decode(t).map_err(|e| match e {
        ::hex::FromHexError::InvalidHexCharacter { index, .. } => {
            let pair = index - index % 2;
            format!(
                "not a hex digit pair: {:?}",
                String::from_utf8_lossy(t.as_bytes().get(pair..pair + 2).unwrap_or_default())
            )
        }
        _ => format!("odd number of hex digits ({})", t.len()),
    })
}

/// `#[serde(with = "crate::json::hex")]` for `Vec<u8>` fields: a hex string in JSON.
pub mod hex {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_hex(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// Reads a reserved field of `n` bits: `None` when all ones (what the spec asks encoders to
/// write), else the bits seen, so that the encoder can reproduce them.
pub(crate) fn read_reserved(
    r: &mut crate::bits::BitReader<'_>,
    n: u32,
    field: &'static str,
) -> Result<Option<u8>, crate::Error> {
    let v = r.u8(n, field)?;
    Ok(if u32::from(v) == (1u32 << n) - 1 {
        None
    } else {
        Some(v)
    })
}

/// Writes a reserved field of `n` bits: all ones unless the model kept other bits.
pub(crate) fn write_reserved(
    w: &mut crate::bits::BitWriter,
    value: Option<u8>,
    n: u32,
    field: &'static str,
) -> Result<(), crate::Error> {
    let v = value.map_or((1u64 << n) - 1, u64::from);
    w.bits(v, n, field)
}

/// `#[serde(with = "crate::json::opt_hex")]` for `Option<Vec<u8>>` fields.
pub mod opt_hex {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match bytes {
            Some(b) => s.serialize_some(&to_hex(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| from_hex(&t).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// "`path`: error" (or just the error at the root) of a path-tracking serde_json error.
fn with_path(e: serde_path_to_error::Error<serde_json::Error>, lead: &str) -> String {
    let path = e.path().to_string();
    if path == "." {
        e.inner().to_string()
    } else {
        format!("{lead}{path}: {}", e.inner())
    }
}

/// Deserializes `value` into `T`; the error names the JSON path of the bad field.
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| with_path(e, ""))
}

/// Reads the JSON form of a section; errors name the JSON path (`at splice_command: …`).
pub fn section_from_json(text: &str) -> Result<crate::SpliceInfoSection, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let section: crate::SpliceInfoSection =
        serde_path_to_error::deserialize(&mut de).map_err(|e| with_path(e, "at "))?;
    de.end().map_err(|e| e.to_string())?;
    Ok(section)
}

#[cfg(test)]
mod tests {
    use super::{from_hex, to_hex};

    #[test]
    fn hex_forms_and_errors() {
        assert_eq!(to_hex(&[0xfc, 0x30, 0x0a]), "fc300a");
        assert_eq!(from_hex(" 0xFC300a ").unwrap(), [0xfc, 0x30, 0x0a]);
        assert_eq!(from_hex("0Xfc").unwrap(), [0xfc]);
        assert_eq!(from_hex("").unwrap(), Vec::<u8>::new());
        assert_eq!(from_hex("fc3").unwrap_err(), "odd number of hex digits (3)");
        assert_eq!(
            from_hex("fc3g").unwrap_err(),
            "not a hex digit pair: \"3g\""
        );
        assert_eq!(
            from_hex("zzfc").unwrap_err(),
            "not a hex digit pair: \"zz\""
        );
    }
}
