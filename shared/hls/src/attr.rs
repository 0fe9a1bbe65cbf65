//! Attribute lists (RFC 8216bis §4.2), kept losslessly.
//!
//! An attribute list is split at the commas that are not inside a quoted-string. Every piece
//! keeps its raw text, so spaces after commas, a trailing comma, lower-case names or an unquoted
//! value come back exactly as they were. Editing one attribute re-writes only that piece.
//!
//! Values are read on demand through [`AttrValue`]. The readers are lenient about *quoting*
//! (hls.js and most CDNs accept `BANDWIDTH="1000"` and `URI=foo`), strict about *content*
//! (`BANDWIDTH="INVALIDBW"` is an error).

use std::borrow::Cow;
use std::ops::Range;

use crate::error::ValueError;

/// A lossless attribute list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AttrList<'a> {
    items: Vec<Item<'a>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item<'a> {
    raw: Cow<'a, str>,
    /// Byte range of the (trimmed) name in `raw`; `None` for a piece without `=`.
    name: Option<Range<usize>>,
    /// Byte range of the (trimmed) value in `raw` (the whole trimmed piece when there is no `=`).
    value: Range<usize>,
}

impl<'a> Item<'a> {
    fn parse(raw: Cow<'a, str>) -> Self {
        let (name, value) = split_item(&raw);
        Item { raw, name, value }
    }

    fn name(&self) -> Option<&str> {
        self.name.clone().and_then(|r| self.raw.get(r))
    }

    fn value(&self) -> &str {
        self.raw.get(self.value.clone()).unwrap_or("")
    }

    fn into_owned(self) -> Item<'static> {
        Item {
            raw: Cow::Owned(self.raw.into_owned()),
            name: self.name,
            value: self.value,
        }
    }
}

/// Finds the name and value ranges of one comma-separated piece.
fn split_item(raw: &str) -> (Option<Range<usize>>, Range<usize>) {
    let eq = raw.find('=');
    let quote = raw.find('"');
    match eq {
        // A name cannot contain a quote: `"a=b"` is a bare value, not `NAME=VALUE`.
        Some(eq) if quote.is_none_or(|q| q > eq) => {
            let name = trim_range(raw, 0..eq);
            let value = trim_range(raw, eq + 1..raw.len());
            (Some(name), value)
        }
        _ => (None, trim_range(raw, 0..raw.len())),
    }
}

fn trim_range(s: &str, r: Range<usize>) -> Range<usize> {
    let Some(part) = s.get(r.clone()) else {
        return r.start..r.start;
    };
    // Fast path: an ASCII piece that does not start or end with whitespace (nearly every
    // attribute) needs no trimming; anything else goes through `str::trim` (Unicode spaces).
    match (part.as_bytes().first(), part.as_bytes().last()) {
        (Some(&a), Some(&z)) if is_ascii_non_space(a) && is_ascii_non_space(z) => return r,
        _ => {}
    }
    let lead = part.len() - part.trim_start().len();
    let trail = part.len() - part.trim_end().len();
    if lead == part.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}

/// `str::trim`, with a fast path for text that starts and ends with visible ASCII (URIs,
/// attribute pieces): nothing to trim, no char decoding.
pub(crate) fn trim(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(&a), Some(&z)) if is_ascii_non_space(a) && is_ascii_non_space(z) => text,
        _ => text.trim(),
    }
}

/// An ASCII byte that `char::is_whitespace` is false for (it counts U+000B, which
/// `u8::is_ascii_whitespace` does not).
fn is_ascii_non_space(b: u8) -> bool {
    b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r')
}

/// One comma-separated piece of an attribute list; ranges are byte offsets in the list text.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// The whole piece, surrounding spaces included.
    pub(crate) raw: Range<usize>,
    /// The trimmed name; `None` for a piece without `=` (or with a `"` before its `=`).
    pub(crate) name: Option<Range<usize>>,
    /// The trimmed value (the whole trimmed piece when there is no name).
    pub(crate) value: Range<usize>,
}

/// Splits `text` at commas outside quoted-strings and finds each piece's name and value, in
/// one pass over the bytes. An empty `text` is one empty piece.
pub(crate) fn pieces(text: &str) -> impl Iterator<Item = Piece> + '_ {
    let mut next = Some(0);
    std::iter::from_fn(move || {
        let start = next?;
        let mut in_quote = false;
        let mut eq = None;
        let mut quote = None;
        let mut end = text.len();
        next = None;
        let rest = text.as_bytes().get(start..).unwrap_or(&[]);
        for (i, &b) in rest.iter().enumerate() {
            match b {
                b'"' => {
                    in_quote = !in_quote;
                    quote.get_or_insert(start + i);
                }
                b'=' => {
                    eq.get_or_insert(start + i);
                }
                b',' if !in_quote => {
                    end = start + i;
                    next = Some(end + 1);
                    break;
                }
                _ => {}
            }
        }
        let (name, value) = match eq {
            // A name cannot contain a quote: `"a=b"` is a bare value, not `NAME=VALUE`.
            Some(eq) if quote.is_none_or(|q| q > eq) => (
                Some(trim_range(text, start..eq)),
                trim_range(text, eq + 1..end),
            ),
            _ => (None, trim_range(text, start..end)),
        };
        Some(Piece {
            raw: start..end,
            name,
            value,
        })
    })
}

/// The raw value of the first attribute called exactly `name` in the attribute-list text
/// `text`, without building an [`AttrList`] (what `AttrList::parse(text).get(name)` gives).
pub(crate) fn find_value<'t>(text: &'t str, name: &str) -> Option<AttrValue<'t>> {
    if text.is_empty() {
        return None;
    }
    pieces(text)
        .find(|p| p.name.clone().and_then(|r| text.get(r)) == Some(name))
        .map(|p| AttrValue(text.get(p.value).unwrap_or("")))
}

/// Appends `text` with attribute `name` set to the concatenation of `value` to `out`, exactly
/// as `AttrList::parse(text)`, [`AttrList::set`] and [`AttrList::write`] would, but in one
/// pass and without building the list.
pub(crate) fn write_set(text: &str, name: &str, value: &[&str], out: &mut String) {
    let push_attr = |out: &mut String| {
        out.push_str(name);
        out.push('=');
        value.iter().for_each(|v| out.push_str(v));
    };
    if text.is_empty() {
        push_attr(out);
        return;
    }
    let mut count = 0;
    let mut last = None;
    for p in pieces(text) {
        if p.name.clone().and_then(|r| text.get(r)) == Some(name) {
            out.push_str(text.get(..p.value.start).unwrap_or(""));
            value.iter().for_each(|v| out.push_str(v));
            out.push_str(text.get(p.value.end..).unwrap_or(""));
            return;
        }
        count += 1;
        last = Some(p);
    }
    match last {
        // A new attribute goes before a trailing empty piece (`A=1,` stays comma-terminated).
        Some(last) if last.name.is_none() && last.value.is_empty() && count > 1 => {
            out.push_str(text.get(..last.raw.start).unwrap_or(""));
            push_attr(out);
            out.push(',');
            out.push_str(text.get(last.raw).unwrap_or(""));
        }
        _ => {
            out.push_str(text);
            out.push(',');
            push_attr(out);
        }
    }
}

/// Refuses text a quoted-string cannot carry (a double quote, CR or LF).
pub(crate) fn check_quoted(value: &str) -> Result<(), ValueError> {
    if value.bytes().any(|b| matches!(b, b'"' | b'\r' | b'\n')) {
        return Err(ValueError::new(
            "quoted-string content without '\"', CR or LF",
            value,
        ));
    }
    Ok(())
}

impl<'a> AttrList<'a> {
    /// Parses an attribute list. Never fails: pieces that are not `NAME=VALUE` are kept as
    /// they are and simply have no name.
    pub fn parse(text: &'a str) -> Self {
        if text.is_empty() {
            return AttrList { items: Vec::new() };
        }
        AttrList {
            items: pieces(text)
                .map(|p| {
                    let start = p.raw.start;
                    let shift = |r: Range<usize>| r.start - start..r.end - start;
                    Item {
                        raw: Cow::Borrowed(text.get(p.raw).unwrap_or("")),
                        name: p.name.map(shift),
                        value: shift(p.value),
                    }
                })
                .collect(),
        }
    }

    /// Parses text that the list will own.
    pub fn parse_owned(text: String) -> AttrList<'static> {
        AttrList::parse(&text).into_owned()
    }

    /// An empty list, to build a new tag.
    pub fn new() -> Self {
        AttrList { items: Vec::new() }
    }

    /// Copies every borrowed piece so the list no longer borrows the playlist text.
    pub fn into_owned(self) -> AttrList<'static> {
        AttrList {
            items: self.items.into_iter().map(Item::into_owned).collect(),
        }
    }

    /// Number of pieces, including unnamed ones (e.g. the empty piece after a trailing comma).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// `true` if there are no pieces.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The `NAME=VALUE` attributes in order (names as written, values raw).
    pub fn iter(&self) -> impl Iterator<Item = (&str, AttrValue<'_>)> {
        self.items
            .iter()
            .filter_map(|i| i.name().map(|n| (n, AttrValue(i.value()))))
    }

    /// Pieces without `=` (e.g. the leading `4` of `#EXT-X-CUE-OUT:4,SpliceType=…`), non-empty.
    pub fn bare_values(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter(|i| i.name.is_none())
            .map(Item::value)
            .filter(|v| !v.is_empty())
    }

    /// The first piece, when it has no `=`.
    pub fn leading_bare_value(&self) -> Option<&str> {
        let first = self.items.first()?;
        (first.name.is_none() && !first.value().is_empty()).then(|| first.value())
    }

    /// The value of the first attribute called exactly `name`.
    pub fn get(&self, name: &str) -> Option<AttrValue<'_>> {
        self.items
            .iter()
            .find(|i| i.name() == Some(name))
            .map(|i| AttrValue(i.value()))
    }

    /// Like [`get`](Self::get) but ignoring ASCII case (vendor tags such as Elemental's
    /// `ElapsedTime` are not upper-case).
    pub fn get_ignore_case(&self, name: &str) -> Option<AttrValue<'_>> {
        self.items
            .iter()
            .find(|i| i.name().is_some_and(|n| n.eq_ignore_ascii_case(name)))
            .map(|i| AttrValue(i.value()))
    }

    /// `true` if an attribute called exactly `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets `name` to `raw_value` (written as given: add the quotes for a quoted-string, or use
    /// [`set_quoted`](Self::set_quoted)). An existing attribute keeps its place and spelling
    /// around the value; a new one is appended (before a trailing empty piece, if any).
    pub fn set(&mut self, name: &str, raw_value: impl Into<String>) {
        let raw_value = raw_value.into();
        if let Some(item) = self.items.iter_mut().find(|i| i.name() == Some(name)) {
            let mut raw = String::with_capacity(item.raw.len() + raw_value.len());
            raw.push_str(item.raw.get(..item.value.start).unwrap_or(""));
            raw.push_str(&raw_value);
            raw.push_str(item.raw.get(item.value.end..).unwrap_or(""));
            *item = Item::parse(Cow::Owned(raw));
            return;
        }
        let new = Item::parse(Cow::Owned(format!("{name}={raw_value}")));
        let at = match self.items.last() {
            Some(last)
                if last.name.is_none() && last.value().is_empty() && self.items.len() > 1 =>
            {
                self.items.len() - 1
            }
            _ => self.items.len(),
        };
        self.items.insert(at, new);
    }

    /// Sets `name` to the quoted-string `"value"`. Fails if `value` contains a double quote,
    /// CR or LF, which a quoted-string cannot carry.
    pub fn set_quoted(&mut self, name: &str, value: &str) -> Result<(), ValueError> {
        check_quoted(value)?;
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        quoted.push_str(value);
        quoted.push('"');
        self.set(name, quoted);
        Ok(())
    }

    /// Removes every attribute called exactly `name`; returns whether one was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|i| i.name() != Some(name));
        before != self.items.len()
    }

    /// Appends the list's text, exactly as parsed for untouched pieces.
    pub fn write(&self, out: &mut String) {
        for (n, item) in self.items.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push_str(&item.raw);
        }
    }
}

impl std::fmt::Display for AttrList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = String::new();
        self.write(&mut s);
        f.write_str(&s)
    }
}

/// One raw attribute value (trimmed, quotes included), with readers for the §4.2 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrValue<'a>(pub &'a str);

/// A decimal-resolution (`<width>x<height>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Resolution {
    /// Horizontal pixels.
    pub width: u64,
    /// Vertical pixels.
    pub height: u64,
}

impl std::fmt::Display for Resolution {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

impl<'a> AttrValue<'a> {
    /// The value as written (quotes included).
    pub fn raw(self) -> &'a str {
        self.0
    }

    /// `true` for a value written as a quoted-string.
    pub fn is_quoted(self) -> bool {
        self.0.len() >= 2 && self.0.starts_with('"') && self.0.ends_with('"')
    }

    /// The text without surrounding quotes (lenient: unquoted values are returned as they are).
    pub fn unquoted(self) -> &'a str {
        if self.is_quoted() {
            self.0.get(1..self.0.len() - 1).unwrap_or("")
        } else {
            self.0
        }
    }

    /// A quoted-string's content. An unquoted value is accepted (lenient), but an opening
    /// quote without a closing one is an error.
    pub fn quoted_string(self) -> Result<&'a str, ValueError> {
        if self.0.starts_with('"') && !self.is_quoted() {
            return Err(ValueError::new("quoted-string", self.0));
        }
        Ok(self.unquoted())
    }

    /// An enumerated-string (quotes tolerated), non-empty and without whitespace.
    pub fn enumerated(self) -> Result<&'a str, ValueError> {
        let v = self.unquoted();
        if v.is_empty() || v.contains(|c: char| c.is_whitespace() || c == '"') {
            return Err(ValueError::new("enumerated-string", self.0));
        }
        Ok(v)
    }

    /// `YES` or `NO`.
    pub fn yes_no(self) -> Result<bool, ValueError> {
        match self.unquoted() {
            "YES" => Ok(true),
            "NO" => Ok(false),
            _ => Err(ValueError::new("YES or NO", self.0)),
        }
    }

    /// A decimal-integer (0 to 2^64-1).
    pub fn decimal_integer(self) -> Result<u64, ValueError> {
        parse_decimal_integer(self.unquoted())
            .ok_or_else(|| ValueError::new("decimal-integer", self.0))
    }

    /// A non-negative decimal-floating-point.
    pub fn decimal_float(self) -> Result<f64, ValueError> {
        parse_decimal_float(self.unquoted(), false)
            .ok_or_else(|| ValueError::new("decimal-floating-point", self.0))
    }

    /// A signed-decimal-floating-point.
    pub fn signed_decimal_float(self) -> Result<f64, ValueError> {
        parse_decimal_float(self.unquoted(), true)
            .ok_or_else(|| ValueError::new("signed-decimal-floating-point", self.0))
    }

    /// A hexadecimal-sequence (`0x…`/`0X…`), as bytes (an odd digit count is left-padded).
    pub fn hex_sequence(self) -> Result<Vec<u8>, ValueError> {
        parse_hex_sequence(self.unquoted())
            .ok_or_else(|| ValueError::new("hexadecimal-sequence", self.0))
    }

    /// A decimal-resolution.
    pub fn resolution(self) -> Result<Resolution, ValueError> {
        let v = self.unquoted();
        let err = || ValueError::new("decimal-resolution (WIDTHxHEIGHT)", self.0);
        let (w, h) = v.split_once(['x', 'X']).ok_or_else(err)?;
        Ok(Resolution {
            width: parse_decimal_integer(w).ok_or_else(err)?,
            height: parse_decimal_integer(h).ok_or_else(err)?,
        })
    }
}

/// `[0-9]+` fitting in a u64.
pub(crate) fn parse_decimal_integer(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 20 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `[0-9]*(.[0-9]*)?` with at least one digit, optionally signed. No exponent, no inf/NaN.
pub(crate) fn parse_decimal_float(s: &str, signed: bool) -> Option<f64> {
    let digits = if signed {
        s.strip_prefix('-').unwrap_or(s)
    } else {
        s
    };
    let mut seen_digit = false;
    let mut seen_dot = false;
    for b in digits.bytes() {
        match b {
            b'0'..=b'9' => seen_digit = true,
            b'.' if !seen_dot => seen_dot = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    s.parse::<f64>().ok().filter(|f| f.is_finite())
}

pub(crate) fn parse_hex_sequence(s: &str) -> Option<Vec<u8>> {
    let hex = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X"))?;
    if hex.is_empty() {
        return None;
    }
    // An odd digit count is allowed: the first digit is then a byte of its own (`0x123` is
    // 01 23), as if a leading `0` were written.
    if !hex.len().is_multiple_of(2) {
        ::hex::decode(format!("0{hex}")).ok()
    } else {
        ::hex::decode(hex).ok()
    }
}

/// Formats a float the way playlists write them: shortest text that reads back the same.
pub(crate) fn format_float(f: f64) -> String {
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::parse_hex_sequence;

    #[test]
    fn hexadecimal_sequences() {
        assert_eq!(parse_hex_sequence("0x123"), Some(vec![0x01, 0x23]));
        assert_eq!(parse_hex_sequence("0XcaFE"), Some(vec![0xca, 0xfe]));
        assert_eq!(parse_hex_sequence("0x"), None);
        assert_eq!(parse_hex_sequence("caFE"), None);
        assert_eq!(parse_hex_sequence("0x12 "), None);
        assert_eq!(parse_hex_sequence("0x1g"), None);
    }
}
