//! The outbound check (SSRF): every absolute URL the edge fetches on its own — the log sink
//! today, ad servers and beacons next — must be `http(s)`, carry no userinfo, and name a host
//! in `outbound.allow_hosts` (`host`, `host:port` or `*.suffix`); link-local and cloud
//! metadata addresses are refused even when listed ([`crate::config::is_forbidden_host`]).
//! Configured pathways are the operator's own CDNs and are probed without this list.

use crate::config::Config;

/// Why an outbound URL was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    /// The URL's authority as written (`host[:port]`), or `""` when it has none.
    pub host: String,
    /// What rule refused it.
    pub reason: &'static str,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.host, self.reason)
    }
}

/// Checks `url` against the config's outbound rules.
pub fn check(config: &Config, url: &str) -> Result<(), Refused> {
    let refuse = |host: &str, reason| {
        Err(Refused {
            host: host.to_owned(),
            reason,
        })
    };
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return refuse("", "not an http(s) URL");
    };
    let authority = rest
        .get(..rest.find(['/', '?', '#']).unwrap_or(rest.len()))
        .unwrap_or("")
        .to_ascii_lowercase();
    if authority.contains('@') || authority.contains('\\') {
        return refuse(&authority, "userinfo in the URL");
    }
    let host = crate::config::host::strip_port(&authority);
    if host.is_empty() {
        return refuse(&authority, "no host");
    }
    if crate::config::is_forbidden_host(host) {
        return refuse(&authority, "link-local or metadata address");
    }
    let listed = config.outbound.allow_hosts.iter().any(|entry| {
        let entry = entry.as_str();
        if let Some(suffix) = entry.strip_prefix("*.") {
            return host.len() > suffix.len()
                && host.ends_with(suffix)
                && host.as_bytes().get(host.len() - suffix.len() - 1) == Some(&b'.');
        }
        entry == authority || (!entry.contains(':') && entry == host)
    });
    if listed {
        Ok(())
    } else {
        refuse(&authority, "host not in outbound.allow_hosts")
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)] // test code

    use super::*;

    fn config(allow: &[&str]) -> Config {
        let hosts: Vec<String> = allow.iter().map(|h| format!("{h:?}")).collect();
        let json = format!(
            r#"{{"version":1,"assets":{{"a":{{"origin_path":"/a"}}}},
            "jwt":{{"keys":[{{"alg":"HS256","secret_name":"s"}}]}},"url_signing":{{}},
            "outbound":{{"allow_hosts":[{}]}}}}"#,
            hosts.join(",")
        );
        crate::config::parse(&json).unwrap()
    }

    #[test]
    fn allow_list_hosts_ports_and_wildcards() {
        let c = config(&["127.0.0.1:9000", "ads.example.com", "*.cdn.example"]);
        assert!(check(&c, "http://127.0.0.1:9000/log").is_ok());
        assert!(check(&c, "https://ads.example.com/vast?x=1").is_ok());
        assert!(check(&c, "https://ads.example.com:8443/vast").is_ok());
        assert!(check(&c, "https://a.b.cdn.example/x").is_ok());
        let refused = |url| check(&c, url).unwrap_err().reason;
        assert_eq!(
            refused("http://127.0.0.1:9001/log"),
            "host not in outbound.allow_hosts"
        );
        assert_eq!(
            refused("https://cdn.example/x"),
            "host not in outbound.allow_hosts"
        );
        assert_eq!(
            refused("https://evilcdn.example/x"),
            "host not in outbound.allow_hosts"
        );
        assert_eq!(
            refused("https://ads.example.com.evil.net/"),
            "host not in outbound.allow_hosts"
        );
        assert_eq!(refused("ftp://ads.example.com/"), "not an http(s) URL");
        assert_eq!(
            refused("http://ads.example.com@169.254.169.254/"),
            "userinfo in the URL"
        );
        assert_eq!(refused("http:///x"), "no host");
    }

    #[test]
    fn metadata_refused_whatever_the_list_says() {
        // Validation already refuses such entries; the run-time check refuses them on its own.
        let c = config(&["*.example.com"]);
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://[fe80::1]/",
            "http://2852039166/",
        ] {
            assert_eq!(
                check(&c, url).unwrap_err().reason,
                "link-local or metadata address",
                "{url}"
            );
        }
    }
}
