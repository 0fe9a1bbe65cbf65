//! Generating and verifying EdgeAuth tokens with a shared hex key.

use hmac::{Hmac, Mac};

use super::UrlTokenError;
use super::escape::escape_early;
use super::token::{EdgeAuthToken, strip_token_name};
use crate::pattern::glob_matches;

/// The HMAC hash. SHA-256 is the default and the only one new configurations should use.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum HmacAlgorithm {
    /// HMAC-SHA256.
    #[default]
    Sha256,
    /// HMAC-SHA1 (legacy).
    Sha1,
    /// HMAC-MD5 (legacy).
    Md5,
}

impl std::str::FromStr for HmacAlgorithm {
    type Err = UrlTokenError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "sha256" => Ok(Self::Sha256),
            "sha1" => Ok(Self::Sha1),
            "md5" => Ok(Self::Md5),
            _ => Err(UrlTokenError::InvalidParams {
                reason: "algorithm must be sha256, sha1 or md5",
            }),
        }
    }
}

/// What a generated token carries besides its ACL or URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenParams {
    /// `ip=` binding.
    pub ip: Option<String>,
    /// `st=` start time (unix s); written only when set, as Akamai's generators do.
    pub start_time: Option<u64>,
    /// `exp=` expiry (unix s).
    pub exp: u64,
    /// `id=` session id.
    pub session_id: Option<String>,
    /// `data=` payload.
    pub data: Option<String>,
}

/// An EdgeAuth key and options: the signer and verifier of signed URLs.
#[derive(Clone)]
pub struct EdgeAuth {
    key: Vec<u8>,
    /// HMAC hash (default SHA-256).
    pub algorithm: HmacAlgorithm,
    /// Percent-encode `ip`, `id`, `data` and `url` values before signing (default off, as
    /// in `akamai-edgeauth`).
    pub escape_early: bool,
    /// Optional salt appended to the signed string (`~salt=…`).
    pub salt: Option<String>,
    /// Clock skew allowed on `st` and `exp`, seconds (default 0).
    pub leeway: u64,
}

impl std::fmt::Debug for EdgeAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeAuth")
            .field("algorithm", &self.algorithm)
            .field("escape_early", &self.escape_early)
            .field("leeway", &self.leeway)
            .finish_non_exhaustive()
    }
}

impl EdgeAuth {
    /// A signer/verifier for the hex-encoded shared key (as Akamai property settings show it).
    pub fn from_hex_key(hex_key: &str) -> Result<Self, UrlTokenError> {
        let key = hex::decode(hex_key.trim()).map_err(|_| UrlTokenError::InvalidKey {
            reason: "key is not an even number of hex digits",
        })?;
        Self::new(key)
    }

    /// A signer/verifier for raw key bytes.
    pub fn new(key: Vec<u8>) -> Result<Self, UrlTokenError> {
        if key.is_empty() {
            return Err(UrlTokenError::InvalidKey {
                reason: "empty key",
            });
        }
        Ok(Self {
            key,
            algorithm: HmacAlgorithm::Sha256,
            escape_early: false,
            salt: None,
            leeway: 0,
        })
    }

    fn escape(&self, text: &str) -> String {
        if self.escape_early {
            escape_early(text)
        } else {
            text.to_owned()
        }
    }

    fn unsigned(
        &self,
        acl: Option<String>,
        params: &TokenParams,
    ) -> Result<EdgeAuthToken, UrlTokenError> {
        if params.start_time.is_some_and(|st| params.exp < st) {
            return Err(UrlTokenError::InvalidParams {
                reason: "exp is before st",
            });
        }
        Ok(EdgeAuthToken {
            ip: params.ip.as_deref().map(|v| self.escape(v)),
            start_time: params.start_time,
            exp: params.exp,
            acl,
            id: params.session_id.as_deref().map(|v| self.escape(v)),
            data: params.data.as_deref().map(|v| self.escape(v)),
            hmac: String::new(),
        })
    }

    /// The HMAC input for `token`, plus `~url=…` in URL mode.
    fn string_to_sign(&self, token: &EdgeAuthToken, url: Option<&str>) -> String {
        let mut text = token.signed_fields();
        if let Some(url) = url {
            text.push_str("~url=");
            text.push_str(&self.escape(url));
        }
        if let Some(salt) = &self.salt {
            text.push_str("~salt=");
            text.push_str(salt);
        }
        text
    }

    /// An ACL token for one or more path patterns (joined by `!`).
    pub fn sign_acl(
        &self,
        acls: &[&str],
        params: &TokenParams,
    ) -> Result<EdgeAuthToken, UrlTokenError> {
        if acls.is_empty() || acls.iter().any(|a| a.is_empty() || a.contains('~')) {
            return Err(UrlTokenError::InvalidParams {
                reason: "ACLs must be non-empty and free of '~'",
            });
        }
        let mut token = self.unsigned(Some(acls.join("!")), params)?;
        token.hmac = hex::encode(self.mac(self.string_to_sign(&token, None).as_bytes()));
        Ok(token)
    }

    /// A URL token, bound to exactly `url` (the request path, query excluded).
    pub fn sign_url(
        &self,
        url: &str,
        params: &TokenParams,
    ) -> Result<EdgeAuthToken, UrlTokenError> {
        if url.is_empty() {
            return Err(UrlTokenError::InvalidParams {
                reason: "empty URL",
            });
        }
        let mut token = self.unsigned(None, params)?;
        token.hmac = hex::encode(self.mac(self.string_to_sign(&token, Some(url)).as_bytes()));
        Ok(token)
    }

    /// Verifies `token` (with or without its `hdnts=` name) for a request to `path` at `now`:
    /// one HMAC check (constant-time), then `st`/`exp`, then the ACL (ACL tokens; URL tokens
    /// bind the path through the HMAC itself).
    pub fn verify(
        &self,
        token: &str,
        path: &str,
        now: u64,
    ) -> Result<EdgeAuthToken, UrlTokenError> {
        let token = EdgeAuthToken::decode(strip_token_name(token))?;
        let url = token.acl.is_none().then_some(path);
        let tag = hex::decode(&token.hmac).map_err(|_| UrlTokenError::BadHmac)?;
        if !self.mac_verify(self.string_to_sign(&token, url).as_bytes(), &tag) {
            return Err(UrlTokenError::BadHmac);
        }
        if let Some(start) = token.start_time
            && now.saturating_add(self.leeway) < start
        {
            return Err(UrlTokenError::NotYetValid { start, now });
        }
        if now > token.exp.saturating_add(self.leeway) {
            return Err(UrlTokenError::Expired {
                exp: token.exp,
                now,
            });
        }
        if let Some(acl) = &token.acl
            && !acl.split('!').any(|pattern| glob_matches(pattern, path))
        {
            return Err(UrlTokenError::PathNotAllowed);
        }
        Ok(token)
    }

    /// Checks that a verified token is bound to session `sid`.
    pub fn check_session(&self, token: &EdgeAuthToken, sid: &str) -> Result<(), UrlTokenError> {
        if token.id.as_deref() == Some(self.escape(sid).as_str()) {
            Ok(())
        } else {
            Err(UrlTokenError::SessionMismatch)
        }
    }

    fn mac(&self, message: &[u8]) -> Vec<u8> {
        match self.algorithm {
            HmacAlgorithm::Sha256 => compute::<Hmac<sha2::Sha256>>(&self.key, message),
            HmacAlgorithm::Sha1 => compute::<Hmac<sha1::Sha1>>(&self.key, message),
            HmacAlgorithm::Md5 => compute::<Hmac<md5::Md5>>(&self.key, message),
        }
    }

    fn mac_verify(&self, message: &[u8], tag: &[u8]) -> bool {
        match self.algorithm {
            HmacAlgorithm::Sha256 => check::<Hmac<sha2::Sha256>>(&self.key, message, tag),
            HmacAlgorithm::Sha1 => check::<Hmac<sha1::Sha1>>(&self.key, message, tag),
            HmacAlgorithm::Md5 => check::<Hmac<md5::Md5>>(&self.key, message, tag),
        }
    }
}

fn keyed<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Option<M> {
    // HMAC accepts keys of any length, so this never fails in practice.
    let mut mac = <M as hmac::digest::KeyInit>::new_from_slice(key).ok()?;
    mac.update(message);
    Some(mac)
}

fn compute<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    keyed::<M>(key, message)
        .map(|m| m.finalize().into_bytes().to_vec())
        .unwrap_or_default()
}

fn check<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8], tag: &[u8]) -> bool {
    // `verify_slice` compares in constant time.
    keyed::<M>(key, message).is_some_and(|m| m.verify_slice(tag).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_keys_and_tags() {
        // Hex is the `hex` crate's: either case in, lower case out, odd or non-hex refused.
        assert_eq!(hex::decode("00ffA0").unwrap(), vec![0, 255, 160]);
        assert_eq!(hex::encode([0, 255, 160]), "00ffa0");
        assert!(EdgeAuth::from_hex_key(" 00ffA0 ").is_ok());
        assert!(EdgeAuth::from_hex_key("abc").is_err());
        assert!(EdgeAuth::from_hex_key("zz").is_err());
    }
}
