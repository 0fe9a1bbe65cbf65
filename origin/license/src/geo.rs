//! The viewer-country header the edge signs for the license service.
//!
//! The license service never takes a country from the client: only from this header, which
//! the edge (`ottedge-edge`, [`GEO_HEADER`] = its `LICENSE_GEO_HEADER`) sets from the CDN's
//! own geo lookup and signs with a secret shared with the license service (the edge's
//! `license_geo_key` secret, whitespace-trimmed):
//!
//! `x-ottedge-viewer-geo: country=US;exp=1800000060;sig=<hex HMAC-SHA256(key, "US|1800000060")>`
//!
//! The country may be empty (unknown). `exp` bounds replay of a captured header.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header name (lowercase), identical to the edge's `LICENSE_GEO_HEADER`.
pub const GEO_HEADER: &str = "x-ottedge-viewer-geo";

/// Why a geo header was refused.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// Not `country=…;exp=…;sig=…`.
    #[error("geo header: malformed {field}")]
    Malformed {
        /// The field that is missing or bad.
        field: &'static str,
    },
    /// The HMAC does not match.
    #[error("geo header: bad signature")]
    BadSignature,
    /// `exp` has passed.
    #[error("geo header expired at {exp} (now {now})")]
    Expired {
        /// The header's `exp`.
        exp: u64,
        /// Current time.
        now: u64,
    },
}

/// The header value for `country` (ISO 3166-1 alpha-2, or empty when unknown) valid until `exp`.
pub fn sign_geo_header(key: &[u8], country: &str, exp: u64) -> String {
    let sig = mac(key, country, exp).map(hex::encode).unwrap_or_default();
    format!("country={country};exp={exp};sig={sig}")
}

/// Verifies a header value at `now`; returns the country (uppercase, `None` when empty).
pub fn verify_geo_header(key: &[u8], value: &str, now: u64) -> Result<Option<String>, GeoError> {
    let mut country = None;
    let mut exp = None;
    let mut sig = None;
    for part in value.split(';') {
        match part.trim().split_once('=') {
            Some(("country", v)) => country = Some(v),
            Some(("exp", v)) => exp = Some(v),
            Some(("sig", v)) => sig = Some(v),
            _ => {}
        }
    }
    let country = country.ok_or(GeoError::Malformed { field: "country" })?;
    if country.len() > 8 || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(GeoError::Malformed { field: "country" });
    }
    let exp: u64 = exp
        .and_then(|e| e.parse().ok())
        .ok_or(GeoError::Malformed { field: "exp" })?;
    let sig = sig
        .and_then(|s| hex::decode(s).ok())
        .ok_or(GeoError::Malformed { field: "sig" })?;
    let mut m = Hmac::<Sha256>::new_from_slice(key).map_err(|_| GeoError::BadSignature)?;
    m.update(format!("{country}|{exp}").as_bytes());
    m.verify_slice(&sig).map_err(|_| GeoError::BadSignature)?;
    if now > exp {
        return Err(GeoError::Expired { exp, now });
    }
    Ok((!country.is_empty()).then(|| country.to_ascii_uppercase()))
}

fn mac(key: &[u8], country: &str, exp: u64) -> Option<Vec<u8>> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).ok()?;
    m.update(format!("{country}|{exp}").as_bytes());
    Some(m.finalize().into_bytes().to_vec())
}
