//! Viewer claims: the registered JWT claims (RFC 7519 §4.1) plus ottedge's entitlement claims.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::TokenError;
use crate::pattern::glob_matches;

/// The claims of an ottedge viewer token.
///
/// Registered claims keep their RFC 7519 names; ottedge adds `entitlements`, `tier`,
/// `countries`, `max_streams` and `sid` (see the crate docs for a JSON example). Claims this
/// struct does not know are kept in [`extra`](Claims::extra) and minted back unchanged.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Claims {
    /// Subject: the viewer (RFC 7519 §4.1.2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Expiry, unix seconds (§4.1.4). Required by the default [`Validation`](crate::Validation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<u64>,
    /// Not before, unix seconds (§4.1.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<u64>,
    /// Issued at, unix seconds (§4.1.6).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<u64>,
    /// Issuer (§4.1.1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Audience (§4.1.3): a string or an array on the wire; one entry is written as a string.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "audience")]
    pub aud: Vec<String>,
    /// Asset ids or `*` patterns (`vod/*`, `live/news-*`) the viewer may play.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entitlements: Vec<String>,
    /// Quality tier, e.g. `"sd"`, `"hd"`, `"uhd"` (see [`tier_rank`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// ISO 3166-1 alpha-2 countries the viewer may watch from; empty means anywhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    /// Concurrent-stream limit for `sub` (enforced by the license service).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_streams: Option<u32>,
    /// Session id the signed segment URLs are bound to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Any other claims, kept verbatim.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl Claims {
    /// Does one of the `entitlements` (exact id or `*` pattern) cover `asset`?
    pub fn entitles(&self, asset: &str) -> bool {
        self.entitlements.iter().any(|p| glob_matches(p, asset))
    }

    /// Is `country` (ISO 3166-1 alpha-2, any case) allowed? An empty `countries` allows every
    /// country; a restricted token with an unknown country (`None`) is refused.
    pub fn allows_country(&self, country: Option<&str>) -> bool {
        if self.countries.is_empty() {
            return true;
        }
        country.is_some_and(|c| self.countries.iter().any(|a| a.eq_ignore_ascii_case(c)))
    }

    /// Does the token's tier reach `required`? Known tiers are ranked by [`tier_rank`]; unknown
    /// tiers only satisfy an identical requirement. A token without `tier` satisfies none.
    pub fn allows_tier(&self, required: &str) -> bool {
        let Some(tier) = self.tier.as_deref() else {
            return false;
        };
        match (tier_rank(tier), tier_rank(required)) {
            (Some(have), Some(need)) => have >= need,
            _ => tier.eq_ignore_ascii_case(required),
        }
    }

    /// Checks asset entitlement then country, in that order (403 before 451).
    pub fn check_access(&self, asset: &str, country: Option<&str>) -> Result<(), TokenError> {
        if !self.entitles(asset) {
            return Err(TokenError::NotEntitled {
                asset: crate::error::clip(asset, 128),
            });
        }
        if !self.allows_country(country) {
            return Err(TokenError::CountryNotAllowed {
                country: crate::error::clip(country.unwrap_or(""), 8),
            });
        }
        Ok(())
    }
}

/// Rank of the well-known tiers: `sd` < `hd` < `fhd` < `uhd` (case-insensitive).
pub fn tier_rank(tier: &str) -> Option<u8> {
    ["sd", "hd", "fhd", "uhd"]
        .iter()
        .position(|t| t.eq_ignore_ascii_case(tier))
        .and_then(|p| u8::try_from(p).ok())
}

mod audience {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }

    pub fn serialize<S: Serializer>(aud: &[String], s: S) -> Result<S::Ok, S::Error> {
        match aud {
            [one] => one.serialize(s),
            many => many.serialize(s),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
        Ok(match OneOrMany::deserialize(d)? {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Claims {
        Claims {
            sub: Some("viewer-1".into()),
            exp: Some(2_000_000_000),
            aud: vec!["ottedge".into()],
            entitlements: vec!["vod/a1".into(), "live/news-*".into()],
            tier: Some("hd".into()),
            countries: vec!["US".into(), "CA".into()],
            max_streams: Some(2),
            sid: Some("s-42".into()),
            ..Claims::default()
        }
    }

    #[test]
    fn json_round_trip_keeps_unknown_claims() {
        let json = r#"{"sub":"v","aud":["a","b"],"entitlements":["vod/*"],"plan":{"id":7}}"#;
        let claims: Claims = serde_json::from_str(json).unwrap();
        assert_eq!(claims.aud, vec!["a", "b"]);
        assert_eq!(
            claims.extra.get("plan"),
            Some(&serde_json::json!({"id": 7}))
        );
        assert_eq!(serde_json::to_string(&claims).unwrap(), json);
        let again: Claims =
            serde_json::from_str(&serde_json::to_string(&sample()).unwrap()).unwrap();
        assert_eq!(again, sample());
    }

    #[test]
    fn single_audience_is_a_string() {
        let text = serde_json::to_string(&sample()).unwrap();
        assert!(text.contains(r#""aud":"ottedge""#), "{text}");
    }

    #[test]
    fn entitlement_patterns() {
        let c = sample();
        assert!(c.entitles("vod/a1"));
        assert!(!c.entitles("vod/a2"));
        assert!(c.entitles("live/news-east"));
        assert!(!c.entitles("live/sports"));
        assert!(!Claims::default().entitles("vod/a1"));
    }

    #[test]
    fn country_and_tier() {
        let c = sample();
        assert!(c.allows_country(Some("us")));
        assert!(!c.allows_country(Some("DE")));
        assert!(!c.allows_country(None));
        assert!(Claims::default().allows_country(None));
        assert!(c.allows_tier("sd") && c.allows_tier("hd") && !c.allows_tier("uhd"));
        assert_eq!(
            c.check_access("vod/a2", Some("US")).unwrap_err().status(),
            403
        );
        assert_eq!(
            c.check_access("vod/a1", Some("DE")).unwrap_err().status(),
            451
        );
        assert_eq!(c.check_access("vod/a1", Some("CA")), Ok(()));
    }
}
