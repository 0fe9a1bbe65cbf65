//! Outbound hosts (SSRF): [`is_forbidden_host`], the one predicate for hosts the edge never
//! fetches, listed or not, and the syntax of `outbound.allow_hosts` entries and `log.sink_url`.
//!
//! Forbidden: link-local addresses (169.254.0.0/16, home of the AWS/GCP/Azure/Oracle metadata
//! service 169.254.169.254; fe80::/10), AWS's IPv6 metadata address `fd00:ec2::254`, Alibaba
//! Cloud's `100.100.100.200`, and the names `metadata` and `metadata.google.internal`.
//! Addresses count in every spelling URL parsers and resolvers accept (WHATWG URL §3.5 IPv4
//! parser, `inet_aton`): IPv4 as one integer (`2852039166`, `0xa9fea9fe`, `025177524776`) or in
//! 2–3 parts, hex or octal parts, percent-encoded; IPv6 in brackets, with a zone, IPv4-mapped
//! (`::ffff:169.254.169.254`), IPv4-compatible or NAT64 (`64:ff9b::a9fe:a9fe`). A name that
//! only *resolves* to such an address cannot be seen here: that is what the allow list is for.

use std::net::{Ipv4Addr, Ipv6Addr};

const FORBIDDEN_NAMES: &[&str] = &["metadata", "metadata.google.internal"];
const ALIBABA_METADATA: Ipv4Addr = Ipv4Addr::new(100, 100, 100, 200);
const AWS_METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
/// 64:ff9b::/96 (RFC 6052), the NAT64 well-known prefix, as the top 96 bits.
const NAT64_PREFIX: u128 = 0x0064_ff9b_0000_0000_0000_0000;
const FORBIDDEN: &str = "is a link-local or cloud-metadata host, never allowed";

/// True for a host the edge must never fetch from, whatever the allow list says: a
/// link-local or cloud-metadata address or name (see the module docs), in any spelling.
/// `host` is a URL's host, with or without `:port` (`[v6]:port` for IPv6); case and one
/// trailing dot do not matter.
pub fn is_forbidden_host(host: &str) -> bool {
    // `%XX` escapes decoded: URL parsers decode them in hosts before resolving.
    let decoded = ottedge_token::query::unescape(host);
    let host = strip_port(&decoded);
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    if FORBIDDEN_NAMES.contains(&host.as_str()) {
        return true;
    }
    if let Some(v4) = parse_ipv4(&host) {
        return forbidden_v4(v4);
    }
    let v6 = (host.strip_prefix('[').and_then(|h| h.strip_suffix(']'))).unwrap_or(&host);
    let v6 = v6.split_once('%').map_or(v6, |(address, _zone)| address);
    v6.parse::<Ipv6Addr>().is_ok_and(forbidden_v6)
}

fn forbidden_v4(address: Ipv4Addr) -> bool {
    address.is_link_local() || address == ALIBABA_METADATA
}

fn forbidden_v6(address: Ipv6Addr) -> bool {
    let bits = u128::from(address);
    let embeds_v4 = matches!(bits >> 32, 0 | 0xffff | NAT64_PREFIX);
    let v4 = Ipv4Addr::from(u32::try_from(bits & 0xffff_ffff).unwrap_or_default());
    bits >> 118 == 0x3fa // fe80::/10
        || address == AWS_METADATA_V6
        || (embeds_v4 && forbidden_v4(v4))
}

/// The WHATWG IPv4 parser: 1–4 dot-separated numbers (decimal, `0x` hex, `0` octal), the last
/// filling the bytes that are left.
fn parse_ipv4(host: &str) -> Option<Ipv4Addr> {
    let parts = host.split('.').count();
    if parts > 4 {
        return None;
    }
    let mut address: u64 = 0;
    for (i, part) in host.split('.').enumerate() {
        let n = parse_ipv4_number(part)?;
        let last = i + 1 == parts;
        let bytes = if last { 4 - i } else { 1 };
        if n >> (8 * bytes) != 0 {
            return None;
        }
        address |= if last { n } else { n << (8 * (3 - i)) };
    }
    u32::try_from(address).ok().map(Ipv4Addr::from)
}

fn parse_ipv4_number(part: &str) -> Option<u64> {
    let (digits, radix) = match part.strip_prefix("0x") {
        Some("") => return Some(0),
        Some(hex) => (hex, 16),
        None if part.len() > 1 && part.starts_with('0') => (part.get(1..)?, 8),
        None => (part, 10),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `host` without `:port` (`[v6]:port` → `[v6]`; a bare IPv6 address stays whole).
pub(crate) fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host
            .find(']')
            .and_then(|end| host.get(..=end))
            .unwrap_or(host);
    }
    match host.split_once(':') {
        Some((name, port)) if !port.contains(':') => name,
        _ => host,
    }
}

/// The host (`name`, `1.2.3.4` or `[v6]`) and port of an authority, checked.
fn split_port(authority: &str) -> Result<(&str, Option<u16>), &'static str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => {
            let (v6, after) = rest
                .split_once(']')
                .ok_or("an IPv6 address needs its ']'")?;
            if v6.parse::<Ipv6Addr>().is_err() {
                return Err("is not an IPv6 address in brackets");
            }
            let host = authority.get(..v6.len() + 2).unwrap_or(authority);
            match after {
                "" => (host, None),
                _ => (
                    host,
                    Some(after.strip_prefix(':').ok_or("port must follow ':'")?),
                ),
            }
        }
        None if authority.matches(':').count() > 1 => {
            return Err("an IPv6 address goes in brackets ([fd00::1]:9000)");
        }
        None => match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    if host.is_empty() {
        return Err("must name a host");
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if !p.starts_with('0') && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err("port must be 1-65535"),
        },
    };
    Ok((host, port))
}

/// Dot-separated labels of letters, digits, `-` and `_` (an IPv4 address is one too).
fn is_host_name(name: &str) -> bool {
    name.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && (label.bytes()).all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// Why an `outbound.allow_hosts` entry is wrong, if it is.
pub(super) fn allow_host_problem(entry: &str) -> Option<&'static str> {
    if entry.is_empty() {
        return Some("must not be empty");
    }
    if entry.contains("://")
        || entry.contains(['/', '\\', '?', '#', '@'])
        || entry.bytes().any(|b| b <= b' ' || b >= 0x7f)
    {
        return Some("must be a host or host:port (no scheme, path, user info or spaces)");
    }
    if entry.bytes().any(|b| b.is_ascii_uppercase()) {
        return Some("must be lowercase");
    }
    let host = match split_port(entry) {
        Ok((host, _)) => host,
        Err(reason) => return Some(reason),
    };
    let wildcard = host.strip_prefix("*.");
    let covers_forbidden = |suffix: &str| {
        (FORBIDDEN_NAMES.iter()).any(|n| {
            n.strip_suffix(suffix)
                .is_some_and(|head| head.ends_with('.'))
        })
    };
    if is_forbidden_host(entry) || wildcard.is_some_and(covers_forbidden) {
        return Some(FORBIDDEN);
    }
    match wildcard {
        _ if host.starts_with('[') => None,
        Some(suffix) if is_host_name(suffix) => None,
        _ if host.contains('*') => Some("a wildcard is \"*.\" and a host name (*.example.net)"),
        _ if is_host_name(host) => None,
        _ => Some("is not a host name or IP address"),
    }
}

/// Why `log.sink_url` is wrong, if it is.
pub(super) fn sink_url_problem(url: &str) -> Option<&'static str> {
    let Some(rest) = (url.strip_prefix("https://")).or_else(|| url.strip_prefix("http://")) else {
        return Some("must be an http(s) URL");
    };
    if url.bytes().any(|b| b <= b' ' || b >= 0x7f) {
        return Some("must not hold spaces, control or non-ASCII characters");
    }
    let authority = rest.split(['/', '\\', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Some("must not carry user info");
    }
    let host = match split_port(authority) {
        Ok((host, _)) => host,
        Err(reason) => return Some(reason),
    };
    if is_forbidden_host(authority) {
        return Some("must not point at a link-local or cloud-metadata host");
    }
    if !host.starts_with('[') && !is_host_name(host) {
        return Some("must be an http(s) URL with a host name or IP address");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_hosts_in_every_spelling() {
        for host in [
            "169.254.169.254",
            "169.254.0.1",
            "169.254.169.254:80",
            "169.254.169.254.",
            "2852039166",
            "0xa9fea9fe",
            "0XA9FEA9FE",
            "025177524776",
            "0251.0376.0251.0376",
            "0xa9.0xfe.0xa9.0xfe",
            "169.254.43518",
            "169.16689662",
            "%31%36%39.254.169.254",
            "100.100.100.200",
            "fe80::1",
            "[fe80::1]",
            "[FE80::1]:8080",
            "febf:ffff::1",
            "[fe80::1%25eth0]",
            "fe80::1%eth0",
            "[fd00:ec2::254]",
            "::ffff:169.254.169.254",
            "[::ffff:a9fe:a9fe]",
            "::169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "metadata",
            "METADATA",
            "metadata.",
            "metadata:80",
            "metadata.google.internal",
            "Metadata.Google.Internal.",
        ] {
            assert!(is_forbidden_host(host), "{host} should be forbidden");
        }
    }

    #[test]
    fn ordinary_hosts_are_not_forbidden() {
        for host in [
            "127.0.0.1",
            "127.0.0.1:9000",
            "[::1]",
            "::1",
            "ads.example.com",
            "169.255.0.1",
            "169.253.255.255",
            "2851995647",
            "0xa9fea9fe0",
            "169.254.169.254.example.com",
            "fec0::1",
            "fd00:ec2::253",
            "::ffff:127.0.0.1",
            "metadata.example.com",
            "google.internal",
            "",
            "1.2.3.4.5",
            "0x",
            "08",
        ] {
            assert!(!is_forbidden_host(host), "{host} should not be forbidden");
        }
    }

    /// `check` accepts every `ok` and gives each `bad` a reason containing its `why`.
    fn check_cases(check: fn(&str) -> Option<&'static str>, ok: &[&str], bad: &[(&str, &str)]) {
        for ok in ok {
            assert_eq!(check(ok), None, "{ok}");
        }
        for (bad, why) in bad {
            let problem = check(bad).unwrap_or_default();
            assert!(problem.contains(why), "{bad:?}: {problem:?}");
        }
    }

    #[test]
    fn allow_host_entries() {
        let ok = [
            "127.0.0.1:9000",
            "ads.example.com",
            "*.example.net",
            "*.example.net:443",
            "[::1]:9000",
            "[2001:db8::1]",
            "log_sink.internal",
        ];
        let bad = [
            ("", "must not be empty"),
            ("http://ads.example.com", "no scheme"),
            ("ads.example.com/vast", "no scheme"),
            ("user@ads.example.com", "no scheme"),
            ("Ads.Example.com", "lowercase"),
            ("169.254.169.254", "never allowed"),
            ("2852039166:80", "never allowed"),
            ("[fe80::1]:9000", "never allowed"),
            ("metadata.google.internal", "never allowed"),
            ("*.google.internal", "never allowed"),
            ("*.internal", "never allowed"),
            ("::1", "brackets"),
            ("[::1", "']'"),
            ("[nope]", "IPv6"),
            ("example.com:0", "1-65535"),
            ("example.com:080", "1-65535"),
            ("example.com:70000", "1-65535"),
            ("example.com:", "1-65535"),
            (":80", "must name a host"),
            ("a.*.example.net", "wildcard"),
            ("*.", "wildcard"),
            ("a..b", "not a host name"),
        ];
        check_cases(allow_host_problem, &ok, &bad);
    }

    #[test]
    fn sink_urls() {
        let ok = [
            "http://127.0.0.1:9000/log",
            "https://logs.example.com",
            "https://[::1]:9000/log?x=1",
        ];
        let bad = [
            ("ftp://logs.example.com", "http(s) URL"),
            ("logs.example.com/log", "http(s) URL"),
            ("http:///log", "must name a host"),
            ("http://user:pw@logs.example.com/", "user info"),
            ("http://169.254.169.254/latest", "link-local"),
            ("http://0xa9fea9fe/", "link-local"),
            ("http://[fd00:ec2::254]/", "link-local"),
            ("http://metadata/computeMetadata", "link-local"),
            ("http://logs example.com/", "spaces"),
            ("http://logs.example.com:99999/", "1-65535"),
            ("http://a..b/", "host name"),
        ];
        check_cases(sink_url_problem, &ok, &bad);
    }
}
