//! The EdgeAuth v2 token as it travels (`ip=…~st=…~exp=…~acl=…~id=…~data=…~hmac=…`).
//!
//! Decoding is strict so encoding is its exact inverse: known fields only, each at most once,
//! in the canonical order, `exp` and `hmac` required, times as plain decimal without leading
//! zeros, `hmac` in hex. Values are kept as written (escaped, when escape early was used).

use super::UrlTokenError;

/// Longest token [`EdgeAuthToken::decode`] reads, bytes.
pub const MAX_TOKEN_LEN: usize = 4096;

/// A decoded EdgeAuth token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EdgeAuthToken {
    /// `ip=`: viewer IP the token is bound to.
    pub ip: Option<String>,
    /// `st=`: start time, unix seconds.
    pub start_time: Option<u64>,
    /// `exp=`: expiry, unix seconds.
    pub exp: u64,
    /// `acl=`: path patterns (`*` wildcards, several joined by `!`); `None` in URL mode.
    pub acl: Option<String>,
    /// `id=`: session id.
    pub id: Option<String>,
    /// `data=`: opaque payload.
    pub data: Option<String>,
    /// `hmac=`: hex HMAC over the preceding fields.
    pub hmac: String,
}

const FIELDS: [&str; 7] = ["ip", "st", "exp", "acl", "id", "data", "hmac"];

/// Strips a leading `hdnts=` or `__token__=` (the usual token names) from a token.
pub fn strip_token_name(text: &str) -> &str {
    text.strip_prefix("hdnts=")
        .or_else(|| text.strip_prefix("__token__="))
        .unwrap_or(text)
}

/// The raw (not percent-decoded: escaped fields are signed as escaped) value of query
/// parameter `name` (e.g. `hdnts`).
pub fn token_from_query<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    crate::extract::raw_query_param(query, name)
}

impl EdgeAuthToken {
    /// Decodes a token (without its `hdnts=` name; see [`strip_token_name`]).
    pub fn decode(text: &str) -> Result<Self, UrlTokenError> {
        if text.len() > MAX_TOKEN_LEN {
            return Err(UrlTokenError::TooLarge {
                len: text.len(),
                max: MAX_TOKEN_LEN,
            });
        }
        let mut token = Self::default();
        let mut have_exp = false;
        let mut next_index = 0usize;
        let mut offset = 0usize;
        for field in text.split('~') {
            let malformed = |name: &str, reason| UrlTokenError::Malformed {
                field: crate::error::clip(name, 16),
                offset,
                reason,
            };
            let (name, value) = field
                .split_once('=')
                .ok_or_else(|| malformed("", "field without '='"))?;
            let index = FIELDS
                .iter()
                .position(|f| *f == name)
                .ok_or_else(|| malformed(name, "unknown field"))?;
            if index < next_index {
                return Err(malformed(name, "field repeated or out of order"));
            }
            if value.is_empty() {
                return Err(malformed(name, "empty value"));
            }
            next_index = index + 1;
            match name {
                "ip" => token.ip = Some(value.to_owned()),
                "st" => {
                    token.start_time = Some(
                        parse_time(value)
                            .ok_or_else(|| malformed(name, "not a canonical decimal time"))?,
                    )
                }
                "exp" => {
                    token.exp = parse_time(value)
                        .ok_or_else(|| malformed(name, "not a canonical decimal time"))?;
                    have_exp = true;
                }
                "acl" => token.acl = Some(value.to_owned()),
                "id" => token.id = Some(value.to_owned()),
                "data" => token.data = Some(value.to_owned()),
                _ => {
                    if !value.bytes().all(|b| b.is_ascii_hexdigit())
                        || !value.len().is_multiple_of(2)
                    {
                        return Err(malformed(name, "not hex"));
                    }
                    token.hmac = value.to_owned();
                }
            }
            offset += field.len() + 1;
        }
        if !have_exp {
            return Err(UrlTokenError::Malformed {
                field: "exp".into(),
                offset: 0,
                reason: "missing",
            });
        }
        if token.hmac.is_empty() {
            return Err(UrlTokenError::Malformed {
                field: "hmac".into(),
                offset: text.len(),
                reason: "missing",
            });
        }
        Ok(token)
    }

    /// The signed fields (everything but `hmac`) joined by `~`, as the HMAC input starts.
    pub fn signed_fields(&self) -> String {
        let mut out = String::new();
        let mut push = |name: &str, value: &str| {
            if !out.is_empty() {
                out.push('~');
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        };
        if let Some(ip) = &self.ip {
            push("ip", ip);
        }
        if let Some(st) = self.start_time {
            push("st", &st.to_string());
        }
        push("exp", &self.exp.to_string());
        if let Some(acl) = &self.acl {
            push("acl", acl);
        }
        if let Some(id) = &self.id {
            push("id", id);
        }
        if let Some(data) = &self.data {
            push("data", data);
        }
        out
    }

    /// Encodes the token (without a `hdnts=` name).
    pub fn encode(&self) -> String {
        format!("{}~hmac={}", self.signed_fields(), self.hmac)
    }
}

fn parse_time(value: &str) -> Option<u64> {
    let canonical =
        value.bytes().all(|b| b.is_ascii_digit()) && (value == "0" || !value.starts_with('0'));
    canonical.then(|| value.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_encode_all_fields() {
        let text = "ip=1.2.3.4~st=1700000000~exp=1700000300~acl=/vod/a1/*!/vod/a2/*~id=s1~data=x~hmac=00ff";
        let t = EdgeAuthToken::decode(text).unwrap();
        assert_eq!(t.ip.as_deref(), Some("1.2.3.4"));
        assert_eq!(t.start_time, Some(1_700_000_000));
        assert_eq!(t.exp, 1_700_000_300);
        assert_eq!(t.acl.as_deref(), Some("/vod/a1/*!/vod/a2/*"));
        assert_eq!(t.id.as_deref(), Some("s1"));
        assert_eq!(t.hmac, "00ff");
        assert_eq!(t.encode(), text);
    }

    #[test]
    fn strict_grammar() {
        for bad in [
            "exp=1~exp=2~hmac=00",
            "acl=/a~exp=1~hmac=00",
            "exp=01~hmac=00",
            "exp=1",
            "acl=/x~hmac=00",
            "exp=1~hmac=0g",
            "exp=1~hmac=00~id=x",
            "exp=1~url=/x~hmac=00",
            "exp=1~~hmac=00",
            "exp=~hmac=00",
        ] {
            assert!(EdgeAuthToken::decode(bad).is_err(), "{bad}");
        }
        assert!(matches!(
            EdgeAuthToken::decode(&"x".repeat(MAX_TOKEN_LEN + 1)),
            Err(UrlTokenError::TooLarge { .. })
        ));
    }

    #[test]
    fn names_and_query() {
        assert_eq!(strip_token_name("hdnts=exp=1~hmac=00"), "exp=1~hmac=00");
        assert_eq!(
            token_from_query("a=1&hdnts=exp=1~id=%2f~hmac=00", "hdnts"),
            Some("exp=1~id=%2f~hmac=00")
        );
    }
}
