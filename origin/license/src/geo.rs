//! The viewer-country header the edge signs for the license service.
//!
//! The license service never takes a country from the client: only from this header, which
//! the edge (`ottedge-edge`, [`GEO_HEADER`] = its `LICENSE_GEO_HEADER`) sets from the CDN's
//! own geo lookup and signs with a secret shared with the license service (the edge's
//! `license_geo_key` secret, whitespace-trimmed):
//!
//! `x-ottedge-viewer-geo: country=US;exp=1800000060;sig=<hex HMAC-SHA256(key, "US|1800000060")>`
//!
//! The country may be empty (unknown). `exp` bounds replay of a captured header. Signing and
//! verifying live in [`ottedge_token::license_geo`], one definition for both sides; these are
//! its names in this crate.

/// The header name (lowercase), identical to the edge's `LICENSE_GEO_HEADER`.
pub use ottedge_token::license_geo::HEADER as GEO_HEADER;
/// Why a geo header was refused.
pub use ottedge_token::license_geo::LicenseGeoError as GeoError;
/// The header value for `country` (ISO 3166-1 alpha-2, or empty when unknown) valid until `exp`.
pub use ottedge_token::license_geo::sign as sign_geo_header;
/// Verifies a header value at `now`; returns the country (uppercase, `None` when empty).
pub use ottedge_token::license_geo::verify as verify_geo_header;
