//! Conditional requests (RFC 9110 §13): `If-None-Match`, `If-Modified-Since`, `If-Range`.

use std::time::SystemTime;

/// True when `If-None-Match: header` matches `etag` by the weak comparison (§13.1.2), so a GET or
/// HEAD gets `304 Not Modified`. `*` matches any existing object.
pub fn none_match(header: &str, etag: &str) -> bool {
    let header = header.trim();
    if header == "*" {
        return true;
    }
    entity_tags(header).any(|tag| opaque(tag) == opaque(etag))
}

/// True when `If-Modified-Since: header` (§13.1.3) says the client's copy is current. Only
/// consulted without `If-None-Match`; an unparsable date is ignored.
pub fn not_modified_since(header: &str, last_modified: Option<SystemTime>) -> bool {
    let (Ok(since), Some(modified)) = (httpdate::parse_http_date(header.trim()), last_modified)
    else {
        return false;
    };
    // HTTP dates have whole seconds; compare at that precision.
    whole_seconds(modified) <= whole_seconds(since)
}

/// True when `If-Range: header` (§13.1.5) still matches, so the `Range` is honoured: a strong
/// entity-tag equal to `etag`, or an HTTP date equal to `last_modified`.
pub fn if_range_holds(header: &str, etag: &str, last_modified: Option<SystemTime>) -> bool {
    let header = header.trim();
    if header.starts_with('"') {
        return header == etag;
    }
    if header.starts_with("W/") {
        return false; // weak tags never validate a range
    }
    match (httpdate::parse_http_date(header), last_modified) {
        (Ok(date), Some(modified)) => whole_seconds(date) == whole_seconds(modified),
        _ => false,
    }
}

fn whole_seconds(t: SystemTime) -> u64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// The entity-tags of a comma-separated list; quoted tags may contain commas.
fn entity_tags(list: &str) -> impl Iterator<Item = &str> {
    let mut rest = list;
    std::iter::from_fn(move || {
        loop {
            rest = rest.trim_start_matches([' ', '\t', ',']);
            if rest.is_empty() {
                return None;
            }
            let body_start = if rest.starts_with("W/") { 2 } else { 0 };
            let after = rest.get(body_start..)?;
            if let Some(quoted) = after.strip_prefix('"') {
                let close = quoted.find('"')?;
                let len = body_start + 1 + close + 1;
                let tag = rest.get(..len)?;
                rest = rest.get(len..)?;
                return Some(tag);
            }
            // Not a tag: skip to the next comma.
            let next = rest.find(',').unwrap_or(rest.len());
            rest = rest.get(next..)?;
        }
    })
}

fn opaque(tag: &str) -> &str {
    tag.strip_prefix("W/").unwrap_or(tag)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const TAG: &str = "\"abc\"";

    #[test]
    fn if_none_match_lists() {
        assert!(none_match("\"abc\"", TAG));
        assert!(none_match("W/\"abc\"", TAG));
        assert!(none_match("\"x\", \"abc\"", TAG));
        assert!(none_match("\"a,b\",\"abc\"", TAG));
        assert!(none_match("*", TAG));
        assert!(!none_match("\"abd\"", TAG));
        assert!(!none_match("abc", TAG));
        assert!(!none_match("", TAG));
        assert_eq!(entity_tags("junk, \"t\"").collect::<Vec<_>>(), ["\"t\""]);
    }

    #[test]
    fn dates() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
        let same = httpdate::fmt_http_date(t);
        assert!(not_modified_since(&same, Some(t)));
        let earlier = httpdate::fmt_http_date(t - Duration::from_secs(10));
        assert!(!not_modified_since(&earlier, Some(t)));
        assert!(!not_modified_since("yesterday", Some(t)));
        assert!(if_range_holds(&same, TAG, Some(t)));
        assert!(!if_range_holds(&earlier, TAG, Some(t)));
    }

    #[test]
    fn if_range_tags() {
        assert!(if_range_holds("\"abc\"", TAG, None));
        assert!(!if_range_holds("W/\"abc\"", TAG, None));
        assert!(!if_range_holds("\"abd\"", TAG, None));
    }
}
