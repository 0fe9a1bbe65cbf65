//! XML escaping and unescaping (XML 1.0 §2.4 character data, §4.6 predefined entities,
//! §4.1 character references).

use std::borrow::Cow;

/// Resolves the five predefined entities and numeric character references in `raw`.
///
/// Unknown or malformed references are kept verbatim (a lossless layer never invents text).
pub fn unescape(raw: &str) -> Cow<'_, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        let (before, from_amp) = rest.split_at(amp);
        out.push_str(before);
        let resolved = from_amp
            .find(';')
            .and_then(|semi| from_amp.get(1..semi).map(|name| (semi, name)))
            .and_then(|(semi, name)| resolve_reference(name).map(|c| (semi, c)));
        match resolved {
            Some((semi, c)) => {
                out.push(c);
                rest = from_amp.get(semi + 1..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = from_amp.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse::<u32>().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// Escapes character data for element content: `&`, `<` and `>`.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape_with(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    })
}

/// Escapes an attribute value delimited by `quote`: `&`, `<`, the quote itself, and the
/// whitespace characters attribute-value normalisation would otherwise turn into spaces.
pub fn escape_attribute(value: &str, quote: char) -> Cow<'_, str> {
    escape_with(value, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '"' if quote == '"' => Some("&quot;"),
        '\'' if quote == '\'' => Some("&apos;"),
        '\t' => Some("&#9;"),
        '\n' => Some("&#10;"),
        '\r' => Some("&#13;"),
        _ => None,
    })
}

fn escape_with(text: &str, replacement: impl Fn(char) -> Option<&'static str>) -> Cow<'_, str> {
    if !text.chars().any(|c| replacement(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match replacement(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_predefined_and_numeric() {
        assert_eq!(unescape("a&amp;b&lt;&#x41;&#66;&quot;"), "a&b<AB\"");
        assert_eq!(unescape("&unknown; & &#xZZ;"), "&unknown; & &#xZZ;");
    }

    #[test]
    fn escape_round_trip() {
        let original = "a&b<c>\"d'\te\n";
        for quote in ['"', '\''] {
            assert_eq!(unescape(&escape_attribute(original, quote)), original);
        }
        assert_eq!(unescape(&escape_text(original)), original);
        assert_eq!(escape_attribute("x\"y'", '"'), "x&quot;y'");
        assert_eq!(escape_attribute("x\"y'", '\''), "x\"y&apos;");
    }
}
