//! The data payload: `key=value` pairs separated by commas (CTA-5004 §3 payload rules 1–3), the same
//! text in a header and, URL-decoded, in the query argument.

use crate::cursor::Cursor;
use crate::error::{CmcdError, Origin};
use crate::value::Value;

/// Most keys accepted in one payload (all of CTA-5004 and CTA-5004-A define fewer than 60).
pub const MAX_KEYS: usize = 256;

/// Longest header payload accepted, in bytes.
pub const MAX_PAYLOAD_BYTES: usize = 16 * 1024;

/// One decoded `key[=value]` pair.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pair {
    pub key: String,
    pub value: Value,
}

/// Decodes a payload. In strict mode the first problem is returned as the error; in lenient
/// mode problems are pushed to `problems` and decoding resumes after the next comma.
///
/// Lenient mode also keeps a value that is no valid item as [`Value::Raw`] when it contains no
/// `"`, whitespace or control character, so unusual player output still reaches the logs.
pub(crate) fn decode_payload(
    text: &str,
    origin: Origin,
    lenient: bool,
    problems: &mut Vec<CmcdError>,
) -> Result<Vec<Pair>, CmcdError> {
    if text.len() > MAX_PAYLOAD_BYTES {
        return Err(CmcdError::LimitExceeded {
            what: "CMCD payload length in bytes",
            limit: MAX_PAYLOAD_BYTES,
        });
    }
    let mut pairs = Vec::new();
    let mut cur = Cursor::new(text);
    cur.skip_ows();
    while !cur.at_end() {
        if pairs.len() >= MAX_KEYS {
            return Err(CmcdError::LimitExceeded {
                what: "number of CMCD keys",
                limit: MAX_KEYS,
            });
        }
        match decode_pair(&mut cur, lenient) {
            Ok((pair, kept_raw)) => {
                if let Some((offset, reason)) = kept_raw {
                    problems.push(CmcdError::Malformed {
                        origin,
                        offset,
                        reason,
                    });
                }
                pairs.push(pair);
            }
            Err((offset, reason)) => {
                let err = CmcdError::Malformed {
                    origin,
                    offset,
                    reason,
                };
                if !lenient {
                    return Err(err);
                }
                problems.push(err);
                // Resume after the next comma.
                cur.seek(offset);
                while cur.next().is_some_and(|c| c != b',') {}
                cur.skip_ows();
                continue;
            }
        }
        cur.skip_ows();
        if cur.eat(b',') {
            cur.skip_ows();
            if cur.at_end() {
                let err = CmcdError::Malformed {
                    origin,
                    offset: cur.pos(),
                    reason: "trailing comma",
                };
                if !lenient {
                    return Err(err);
                }
                problems.push(err);
            }
        } else if !cur.at_end() {
            let err = CmcdError::Malformed {
                origin,
                offset: cur.pos(),
                reason: "expected `,` after a value",
            };
            if !lenient {
                return Err(err);
            }
            problems.push(err);
            // The pair itself was fine; drop what follows up to the next comma.
            while cur.next().is_some_and(|c| c != b',') {}
            cur.skip_ows();
        }
    }
    Ok(pairs)
}

/// A problem found in a value that lenient mode kept as [`Value::Raw`].
type KeptRaw = Option<(usize, &'static str)>;

fn decode_pair(
    cur: &mut Cursor<'_>,
    lenient: bool,
) -> Result<(Pair, KeptRaw), (usize, &'static str)> {
    let start = cur.pos();
    match cur.peek() {
        Some(c) if c.is_ascii_alphabetic() || c == b'*' => cur.bump(),
        _ => return Err((start, "expected a key")),
    }
    while cur
        .peek()
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.' | b'*'))
    {
        cur.bump();
    }
    let key = cur.slice_from(start).to_owned();
    if !cur.eat(b'=') {
        // CTA-5004 §3 payload rule 2: a true boolean is sent as the bare key.
        let value = Value::Bool(true);
        return Ok((Pair { key, value }, None));
    }
    let value_start = cur.pos();
    match Value::decode(cur) {
        Ok(value) => {
            // A value must end at OWS, a comma or the end.
            if matches!(cur.peek(), None | Some(b',' | b' ' | b'\t')) {
                return Ok((Pair { key, value }, None));
            }
            let err = (cur.pos(), "unexpected character after a value");
            let value = raw_or(cur, value_start, lenient, err)?;
            Ok((Pair { key, value }, Some(err)))
        }
        Err(err) => {
            let value = raw_or(cur, value_start, lenient, err)?;
            Ok((Pair { key, value }, Some(err)))
        }
    }
}

/// In lenient mode, takes the text up to the next comma as a [`Value::Raw`] if it qualifies.
fn raw_or(
    cur: &mut Cursor<'_>,
    value_start: usize,
    lenient: bool,
    err: (usize, &'static str),
) -> Result<Value, (usize, &'static str)> {
    if !lenient {
        return Err(err);
    }
    cur.seek(value_start);
    while cur.peek().is_some_and(|c| c != b',') {
        cur.bump();
    }
    let raw = cur.slice_from(value_start).trim_end_matches([' ', '\t']);
    cur.seek(value_start + raw.len());
    let printable = |c: char| !(c.is_control() || c.is_whitespace() || c == '"');
    if raw.is_empty() || !raw.chars().all(printable) {
        return Err(err);
    }
    Ok(Value::Raw(raw.to_owned()))
}

/// Appends `key` or `key=value` (a true boolean as the bare key, CTA-5004 §3 payload rule 2).
pub(crate) fn encode_pair(key: &str, value: &Value, out: &mut String) {
    crate::value::push_visible(key, out);
    if *value != Value::Bool(true) {
        out.push('=');
        value.encode(out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(text: &str) -> Result<Vec<Pair>, CmcdError> {
        decode_payload(text, Origin::Query, false, &mut Vec::new())
    }

    #[test]
    fn pairs_in_order() {
        let pairs = strict("br=3200, bs ,ot=v,sid=\"a,b\"").unwrap();
        let keys: Vec<_> = pairs.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["br", "bs", "ot", "sid"]);
        assert_eq!(pairs[1].value, Value::Bool(true));
        assert_eq!(pairs[3].value, Value::String("a,b".into()));
        assert!(strict("").unwrap().is_empty());
    }

    #[test]
    fn strict_errors_carry_offsets() {
        assert_eq!(
            strict("br=1,,ot=v"),
            Err(CmcdError::Malformed {
                origin: Origin::Query,
                offset: 5,
                reason: "expected a key"
            })
        );
        assert_eq!(
            strict("br=1,"),
            Err(CmcdError::Malformed {
                origin: Origin::Query,
                offset: 5,
                reason: "trailing comma"
            })
        );
        assert_eq!(
            strict("br=1x"),
            Err(CmcdError::Malformed {
                origin: Origin::Query,
                offset: 4,
                reason: "unexpected character after a value"
            })
        );
    }

    #[test]
    fn lenient_keeps_what_it_can() {
        let mut problems = Vec::new();
        let pairs =
            decode_payload("br=1x,,ot=v,sid=\"open", Origin::Query, true, &mut problems).unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].value, Value::Raw("1x".into()));
        assert_eq!(pairs[1].key, "ot");
        assert_eq!(problems.len(), 3, "{problems:?}");
    }

    #[test]
    fn key_limit() {
        let text = vec!["a"; MAX_KEYS + 1].join(",");
        assert!(matches!(
            strict(&text),
            Err(CmcdError::LimitExceeded { .. })
        ));
    }
}
