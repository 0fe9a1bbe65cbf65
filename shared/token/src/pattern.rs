//! `*` wildcard matching shared by JWT entitlements and EdgeAuth ACLs.
//!
//! `*` matches any run of characters, `/` included (Akamai's ACL semantics); every other
//! character matches itself. Matching is iterative (one backtrack point), so its cost is
//! bounded by `pattern.len() * text.len()` whatever the input.

/// Does `pattern` (with `*` wildcards) match the whole of `text`?
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0usize, 0usize);
    // Position after the last `*` seen and the text position it was tried at.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi + 1, ti));
                pi += 1;
            }
            Some(&c) if Some(&c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((after, tried)) => {
                    pi = after;
                    ti = tried + 1;
                    star = Some((after, tried + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..)
        .is_some_and(|rest| rest.iter().all(|&c| c == b'*'))
}

#[cfg(test)]
mod tests {
    use super::glob_matches;

    #[test]
    fn literal_and_wildcards() {
        assert!(glob_matches("vod/a1", "vod/a1"));
        assert!(!glob_matches("vod/a1", "vod/a12"));
        assert!(glob_matches("vod/*", "vod/a1"));
        assert!(glob_matches("vod/*", "vod/a1/seg.m4s"));
        assert!(!glob_matches("vod/*", "live/a1"));
        assert!(glob_matches("live/news-*", "live/news-east"));
        assert!(!glob_matches("live/news-*", "live/sports"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("/vod/*/init.mp4", "/vod/a1/v/init.mp4"));
        assert!(!glob_matches("/vod/*/init.mp4", "/vod/a1/v/init.mp4x"));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("", "x"));
    }

    #[test]
    fn pathological_pattern_is_bounded() {
        let text = "a".repeat(2000);
        let pattern = format!("{}b", "*a".repeat(50));
        assert!(!glob_matches(&pattern, &text));
    }
}
