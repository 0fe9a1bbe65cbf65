//! One CMCD value: the bare items of Structured Field Values (RFC 8941 §3.3) that CTA-5004 §3
//! rule 11 builds on, plus inner lists (CTA-5004-A uses them for per-track values) and, in
//! lenient decoding only, [`Value::Raw`] text that follows no grammar.
//!
//! Decode and encode are a symmetric pair: `decode(encode(v)) == v` for every value that decode
//! can produce.

use crate::cursor::Cursor;

/// Most items accepted in one inner list.
pub const MAX_INNER_LIST_ITEMS: usize = 64;

/// A CMCD value as it appears after `key=`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// `?1` / `?0`; a bare key (no `=`) decodes as `Bool(true)` (CTA-5004 §3 payload rule 2).
    Bool(bool),
    /// Up to 15 digits, optionally negative (RFC 8941 §3.3.1).
    Integer(i64),
    /// Digits with a fraction (RFC 8941 §3.3.2); always written with a `.`.
    Decimal(f64),
    /// A quoted string, unescaped (CTA-5004 §3 payload rule 7).
    String(String),
    /// An unquoted token such as `v` or `av` (RFC 8941 §3.3.4).
    Token(String),
    /// `(a b c)`: bare items separated by spaces (RFC 8941 §3.1.1), no parameters.
    InnerList(Vec<Value>),
    /// Lenient decoding only: text that is no valid item, kept verbatim so a proxy does not drop
    /// it. Never contains `,`, `"`, spaces or control characters.
    Raw(String),
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(i) => serializer.serialize_i64(*i),
            Value::Decimal(d) => serializer.serialize_f64(*d),
            Value::String(s) | Value::Token(s) | Value::Raw(s) => serializer.serialize_str(s),
            Value::InnerList(items) => serializer.collect_seq(items),
        }
    }
}

impl Value {
    /// Decodes one value (not a bare key) at the cursor. On error the cursor position is
    /// unspecified; the caller reports `reason` at the returned offset.
    pub(crate) fn decode(cur: &mut Cursor<'_>) -> Result<Value, (usize, &'static str)> {
        match cur.peek() {
            Some(b'(') => {
                cur.bump();
                let mut items = Vec::new();
                loop {
                    cur.skip_spaces();
                    if cur.eat(b')') {
                        return Ok(Value::InnerList(items));
                    }
                    if items.len() >= MAX_INNER_LIST_ITEMS {
                        return Err((cur.pos(), "inner list has too many items"));
                    }
                    let item = Self::decode_bare(cur)?;
                    items.push(item);
                    match cur.peek() {
                        Some(b' ') | Some(b')') => {}
                        _ => return Err((cur.pos(), "expected a space or `)` in inner list")),
                    }
                }
            }
            _ => Self::decode_bare(cur),
        }
    }

    fn decode_bare(cur: &mut Cursor<'_>) -> Result<Value, (usize, &'static str)> {
        let start = cur.pos();
        match cur.peek() {
            Some(b'"') => decode_string(cur).map(Value::String),
            Some(b'-' | b'0'..=b'9') => decode_number(cur),
            Some(b'?') => {
                cur.bump();
                match cur.peek() {
                    Some(b'1') => {
                        cur.bump();
                        Ok(Value::Bool(true))
                    }
                    Some(b'0') => {
                        cur.bump();
                        Ok(Value::Bool(false))
                    }
                    _ => Err((cur.pos(), "expected `?0` or `?1`")),
                }
            }
            Some(c) if c.is_ascii_alphabetic() || c == b'*' => {
                cur.bump();
                while cur.peek().is_some_and(is_token_char) {
                    cur.bump();
                }
                Ok(Value::Token(cur.slice_from(start).to_owned()))
            }
            Some(b':') => Err((start, "byte sequences are not used by CMCD")),
            Some(_) => Err((start, "expected a value")),
            None => Err((start, "missing value after `=`")),
        }
    }

    /// Appends the encoded value. `Bool(true)` is written `?1`; callers that write a key write a
    /// bare key instead (CTA-5004 §3 payload rule 2).
    pub fn encode(&self, out: &mut String) {
        match self {
            Value::Bool(b) => out.push_str(if *b { "?1" } else { "?0" }),
            Value::Integer(i) => out.push_str(&i.to_string()),
            Value::Decimal(d) => encode_decimal(*d, out),
            Value::String(s) => encode_string(s, out),
            Value::Token(t) | Value::Raw(t) => push_visible(t, out),
            Value::InnerList(items) => {
                out.push('(');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    item.encode(out);
                }
                out.push(')');
            }
        }
    }
}

/// RFC 8941 §3.3.4 `tchar / ":" / "/"`.
pub(crate) fn is_token_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~:/".contains(&c)
}

fn decode_string(cur: &mut Cursor<'_>) -> Result<String, (usize, &'static str)> {
    cur.bump(); // opening quote
    let mut out = Vec::new();
    loop {
        let at = cur.pos();
        match cur.next() {
            None => return Err((at, "unterminated string")),
            Some(b'"') => break,
            Some(b'\\') => match cur.next() {
                Some(c @ (b'"' | b'\\')) => out.push(c),
                _ => return Err((at, "only `\\\"` and `\\\\` escapes are allowed in strings")),
            },
            Some(c) if c < 0x20 || c == 0x7f => {
                return Err((at, "control character in string"));
            }
            Some(c) => out.push(c),
        }
    }
    // The cursor walks a `&str` and only stops on ASCII bytes, so the bytes stay UTF-8.
    String::from_utf8(out).map_err(|_| (cur.pos(), "string is not UTF-8"))
}

fn decode_number(cur: &mut Cursor<'_>) -> Result<Value, (usize, &'static str)> {
    let start = cur.pos();
    cur.eat(b'-');
    let int_start = cur.pos();
    while cur.peek().is_some_and(|c| c.is_ascii_digit()) {
        cur.bump();
    }
    let int_digits = cur.pos() - int_start;
    if int_digits == 0 {
        return Err((cur.pos(), "expected a digit"));
    }
    if cur.peek() == Some(b'.') {
        cur.bump();
        let frac_start = cur.pos();
        while cur.peek().is_some_and(|c| c.is_ascii_digit()) {
            cur.bump();
        }
        let frac_digits = cur.pos() - frac_start;
        if frac_digits == 0 {
            return Err((cur.pos(), "expected a digit after `.`"));
        }
        if int_digits + frac_digits > 15 || frac_digits > 6 {
            return Err((
                start,
                "decimal has more than 15 digits or 6 fraction digits",
            ));
        }
        let text = cur.slice_from(start);
        text.parse::<f64>()
            .map(Value::Decimal)
            .map_err(|_| (start, "bad decimal"))
    } else {
        if int_digits > 15 {
            return Err((start, "integer has more than 15 digits"));
        }
        cur.slice_from(start)
            .parse::<i64>()
            .map(Value::Integer)
            .map_err(|_| (start, "bad integer"))
    }
}

/// Writes a decimal so that it decodes back to a decimal: Rust's shortest round-trip form,
/// with `.0` added when it has no fraction.
pub(crate) fn encode_decimal(d: f64, out: &mut String) {
    let text = d.to_string();
    out.push_str(&text);
    if !text.contains('.') {
        out.push_str(".0");
    }
}

/// Writes a quoted string, escaping `"` and `\` (CTA-5004 §3 payload rule 7). ASCII control
/// characters cannot be represented (RFC 8941 §3.3.3); they are replaced by U+FFFD so that a
/// value set through the API can never inject a header line break. Exactly the characters the
/// decoder rejects are replaced: anything else (C1 controls included) round-trips.
pub(crate) fn encode_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_ascii_control() => out.push(char::REPLACEMENT_CHARACTER),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes unquoted text (keys, tokens, raw values), replacing ASCII control characters by U+FFFD.
pub(crate) fn push_visible(s: &str, out: &mut String) {
    for c in s.chars() {
        out.push(if c.is_ascii_control() {
            char::REPLACEMENT_CHARACTER
        } else {
            c
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(text: &str) -> Result<Value, (usize, &'static str)> {
        let mut cur = Cursor::new(text);
        let v = Value::decode(&mut cur)?;
        assert!(cur.at_end(), "trailing input in {text:?}");
        Ok(v)
    }

    fn encoded(v: &Value) -> String {
        let mut s = String::new();
        v.encode(&mut s);
        s
    }

    #[test]
    fn items_round_trip_byte_exact() {
        for text in [
            "?0",
            "?1",
            "0",
            "-42",
            "123456789012345",
            "1.08",
            "-0.5",
            "1.0",
            "\"a \\\"q\\\" \\\\ b\"",
            "\"\"",
            "v",
            "av",
            "*x:y/z",
            "(1 2 3)",
            "(\"a\" b ?0 1.5)",
            "()",
        ] {
            let v = decode_all(text).unwrap();
            assert_eq!(encoded(&v), text);
        }
    }

    #[test]
    fn typed_values() {
        assert_eq!(decode_all("800").unwrap(), Value::Integer(800));
        assert_eq!(decode_all("1.25").unwrap(), Value::Decimal(1.25));
        assert_eq!(
            decode_all("\"x,y\"").unwrap(),
            Value::String("x,y".to_owned())
        );
        assert_eq!(decode_all("tt").unwrap(), Value::Token("tt".to_owned()));
        assert_eq!(
            decode_all("(1 ?1)").unwrap(),
            Value::InnerList(vec![Value::Integer(1), Value::Bool(true)])
        );
    }

    #[test]
    fn bad_items_name_the_problem() {
        assert_eq!(decode_all("\"abc").unwrap_err().1, "unterminated string");
        assert_eq!(
            decode_all("1234567890123456").unwrap_err().1,
            "integer has more than 15 digits"
        );
        assert_eq!(
            decode_all("1.").unwrap_err().1,
            "expected a digit after `.`"
        );
        assert_eq!(decode_all("?2").unwrap_err().1, "expected `?0` or `?1`");
        assert_eq!(
            decode_all(":AA==:").unwrap_err().1,
            "byte sequences are not used by CMCD"
        );
        assert_eq!(
            decode_all("\"a\\nb\"").unwrap_err().1,
            "only `\\\"` and `\\\\` escapes are allowed in strings"
        );
    }

    #[test]
    fn decimal_without_fraction_keeps_its_point() {
        let mut s = String::new();
        encode_decimal(2.0, &mut s);
        assert_eq!(s, "2.0");
        assert_eq!(decode_all(&s).unwrap(), Value::Decimal(2.0));
    }

    #[test]
    fn c1_controls_round_trip() {
        // Found by `cargo fuzz` (crash-04205ec0…): the decoder accepted U+009A in a string but
        // the encoder replaced it, so decode → encode → decode changed the value.
        let v = decode_all("\"\u{9a}\"").unwrap();
        assert_eq!(encoded(&v), "\"\u{9a}\"");
    }

    #[test]
    fn control_characters_never_reach_the_output() {
        let mut s = String::new();
        encode_string("a\r\nb", &mut s);
        assert_eq!(s, "\"a\u{fffd}\u{fffd}b\"");
    }
}
