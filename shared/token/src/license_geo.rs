//! The viewer-country header the edge signs for the license service (both sides here, so the
//! wire format has one definition).
//!
//! The license service never takes a country from the client: only from this header, which
//! the edge sets from the CDN's own geo lookup and signs with a secret shared with the license
//! service (the edge's `license_geo_key` secret, whitespace-trimmed):
//!
//! `x-ottedge-viewer-geo: country=US;exp=1800000060;sig=<hex HMAC-SHA256(key, "US|1800000060")>`
//!
//! The country may be empty (unknown). `exp` (unix seconds) bounds replay of a captured header.
//!
//! ```
//! use ottedge_token::license_geo;
//!
//! let value = license_geo::sign(b"geo-secret", "US", 1_800_000_060);
//! assert!(value.starts_with("country=US;exp=1800000060;sig="));
//! assert_eq!(license_geo::verify(b"geo-secret", &value, 1_800_000_000), Ok(Some("US".into())));
//! assert!(license_geo::verify(b"other", &value, 1_800_000_000).is_err());
//! ```

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The header name (lowercase).
pub const HEADER: &str = "x-ottedge-viewer-geo";

/// Longest country field accepted (ISO 3166-1 alpha-2 is 2; some CDNs send longer codes).
const MAX_COUNTRY_LEN: usize = 8;

/// Why a geo header was refused.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LicenseGeoError {
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

/// The header value for `country` (ISO 3166-1 alpha-2, or empty when unknown) valid until
/// `exp` (unix seconds).
pub fn sign(key: &[u8], country: &str, exp: u64) -> String {
    let sig = mac(key, country, exp)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("country={country};exp={exp};sig={sig}")
}

/// Verifies a header value at `now_s` (unix seconds): the signature first (constant-time),
/// then `exp`. Returns the country in upper case, `None` when the edge did not know it.
pub fn verify(key: &[u8], value: &str, now_s: u64) -> Result<Option<String>, LicenseGeoError> {
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
    let country = country.ok_or(LicenseGeoError::Malformed { field: "country" })?;
    if country.len() > MAX_COUNTRY_LEN || !country.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(LicenseGeoError::Malformed { field: "country" });
    }
    let exp: u64 = exp
        .and_then(|e| e.parse().ok())
        .ok_or(LicenseGeoError::Malformed { field: "exp" })?;
    let sig = sig
        .and_then(|s| hex::decode(s).ok())
        .ok_or(LicenseGeoError::Malformed { field: "sig" })?;
    mac(key, country, exp)
        .ok_or(LicenseGeoError::BadSignature)?
        .verify_slice(&sig)
        .map_err(|_| LicenseGeoError::BadSignature)?;
    if now_s > exp {
        return Err(LicenseGeoError::Expired { exp, now: now_s });
    }
    Ok((!country.is_empty()).then(|| country.to_ascii_uppercase()))
}

/// HMAC-SHA256 keyed with `key` over `"{country}|{exp}"`.
fn mac(key: &[u8], country: &str, exp: u64) -> Option<Hmac<Sha256>> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).ok()?;
    m.update(format!("{country}|{exp}").as_bytes());
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"geo-secret";
    const NOW: u64 = 1_800_000_000;
    // python3 -c "import hmac,hashlib; print(hmac.new(b'geo-secret', b'US|1800000060', hashlib.sha256).hexdigest())"
    const US: &str = "country=US;exp=1800000060;\
                      sig=d5b03168259923aa16cfc9a3203831e9257a78f318401cc2770bca9249bd11ff";
    // The same for an unknown country (`|1800000060`).
    const UNKNOWN: &str = "country=;exp=1800000060;\
                           sig=96af8c915a616bf727de5994993a4e34bbea82e20100558353634720c0d7ddc8";

    #[test]
    fn fixed_vectors() {
        assert_eq!(HEADER, "x-ottedge-viewer-geo");
        assert_eq!(sign(KEY, "US", NOW + 60), US);
        assert_eq!(sign(KEY, "", NOW + 60), UNKNOWN);
        assert_eq!(verify(KEY, US, NOW), Ok(Some("US".into())));
        assert_eq!(verify(KEY, UNKNOWN, NOW), Ok(None));
    }

    #[test]
    fn sign_then_verify() {
        for country in ["US", "DE", "gb", ""] {
            let value = sign(KEY, country, NOW + 1);
            let want = (!country.is_empty()).then(|| country.to_ascii_uppercase());
            assert_eq!(verify(KEY, &value, NOW), Ok(want.clone()), "{value}");
            // Valid up to and including `exp`.
            assert_eq!(verify(KEY, &value, NOW + 1), Ok(want), "{value}");
        }
        // Fields may come in any order, with spaces around them.
        let reordered = format!(
            " sig={} ; exp=1800000060;country=US",
            US.rsplit_once("sig=").unwrap().1
        );
        assert_eq!(verify(KEY, &reordered, NOW), Ok(Some("US".into())));
    }

    #[test]
    fn tampered() {
        assert_eq!(
            verify(b"not the key", US, NOW),
            Err(LicenseGeoError::BadSignature)
        );
        let other_country = US.replace("country=US", "country=DE");
        assert_eq!(
            verify(KEY, &other_country, NOW),
            Err(LicenseGeoError::BadSignature)
        );
        let later = US.replace("exp=1800000060", "exp=1800000061");
        assert_eq!(verify(KEY, &later, NOW), Err(LicenseGeoError::BadSignature));
        let flipped = US.replace("sig=d5", "sig=d4");
        assert_eq!(
            verify(KEY, &flipped, NOW),
            Err(LicenseGeoError::BadSignature)
        );
        let short = US.trim_end_matches("ff");
        assert_eq!(verify(KEY, short, NOW), Err(LicenseGeoError::BadSignature));
    }

    #[test]
    fn expired() {
        assert_eq!(
            verify(KEY, US, NOW + 61),
            Err(LicenseGeoError::Expired {
                exp: NOW + 60,
                now: NOW + 61
            })
        );
        // A forged header is refused for its signature, not its age.
        assert_eq!(
            verify(b"x", US, NOW + 61),
            Err(LicenseGeoError::BadSignature)
        );
    }

    #[test]
    fn malformed() {
        for (value, field) in [
            ("", "country"),
            ("exp=1;sig=00", "country"),
            ("country=U1;exp=1;sig=00", "country"),
            ("country=ABCDEFGHI;exp=1;sig=00", "country"),
            ("country=US;sig=00", "exp"),
            ("country=US;exp=-1;sig=00", "exp"),
            ("country=US;exp=1", "sig"),
            ("country=US;exp=1;sig=0g", "sig"),
            ("country=US;exp=1;sig=abc", "sig"),
        ] {
            assert_eq!(
                verify(KEY, value, NOW),
                Err(LicenseGeoError::Malformed { field }),
                "{value}"
            );
        }
        assert_eq!(
            LicenseGeoError::Malformed { field: "exp" }.to_string(),
            "geo header: malformed exp"
        );
    }
}
