//! VAST macros (VAST 4.3 §6, "Macros"): `[NAME]` placeholders in ad-request URLs, tracking
//! and error URLs, replaced by URL-encoded values before the request is sent.
//!
//! [`expand`] replaces every `[NAME]` (`NAME` of `A-Z`, `0-9`, `_`) the lookup knows with its
//! value percent-encoded as an RFC 3986 component (unreserved characters kept), and every
//! macro it does not know with `-1`, the "no value" players write. Text in brackets that is
//! not a macro name (an IPv6 host `[::1]`) is left as it is. [`MacroValues`] gives the
//! standard macros an SSAI server can fill; [`MacroValues::lookup`] plugs into [`expand`].

use std::borrow::Cow;

use crate::time::format_clock;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// RFC 3986 §2.3 unreserved characters stay; everything else is `%XX`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where a break sits (`[BREAKPOSITION]`, VAST 4.3 §6.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakPosition {
    /// Before the content: `1`.
    PreRoll,
    /// Inside the content: `2`.
    MidRoll,
    /// After the content: `3`.
    PostRoll,
    /// Not part of a programme: `4`.
    Standalone,
}

/// The values an ad request or a server-side beacon can fill.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MacroValues {
    /// `[CACHEBUSTING]`: a random number, written as 8 digits.
    pub cachebusting: Option<u32>,
    /// `[TIMESTAMP]`: ISO 8601 with ms (`ottedge_hls::date_time::format_unix_millis`).
    pub timestamp: Option<String>,
    /// `[BREAKPOSITION]`.
    pub break_position: Option<BreakPosition>,
    /// `[CONTENTPLAYHEAD]`: ms into the content, written `HH:MM:SS.mmm`.
    pub content_playhead_ms: Option<u64>,
    /// `[ADPLAYHEAD]`: ms into the ad.
    pub ad_playhead_ms: Option<u64>,
    /// `[DEVICEUA]`: the viewer's User-Agent.
    pub device_ua: Option<String>,
    /// `[DEVICEIP]`: the viewer's address, or its hash, as the configuration chooses
    /// (`None` when it is withheld).
    pub device_ip: Option<String>,
    /// `[GDPRCONSENT]`: the TCF consent string.
    pub gdpr_consent: Option<String>,
    /// `[LIMITADTRACKING]`: `1` when the viewer opted out of tracking.
    pub limit_ad_tracking: Option<bool>,
    /// `[ERRORCODE]`: a VAST error code (§2.3.6.3), e.g. 303 "no ads".
    pub error_code: Option<u16>,
    /// Further macros by name (without brackets), e.g. configuration aliases.
    pub extra: Vec<(String, String)>,
}

impl MacroValues {
    /// The value of macro `name`, unencoded; `None` when it has none here.
    pub fn lookup(&self, name: &str) -> Option<Cow<'_, str>> {
        let owned = |s: String| Some(Cow::Owned(s));
        match name {
            "CACHEBUSTING" => self
                .cachebusting
                .and_then(|n| owned(format!("{:08}", n % 100_000_000))),
            "TIMESTAMP" => self.timestamp.as_deref().map(Cow::Borrowed),
            "BREAKPOSITION" => self.break_position.map(|p| {
                Cow::Borrowed(match p {
                    BreakPosition::PreRoll => "1",
                    BreakPosition::MidRoll => "2",
                    BreakPosition::PostRoll => "3",
                    BreakPosition::Standalone => "4",
                })
            }),
            "CONTENTPLAYHEAD" => self
                .content_playhead_ms
                .and_then(|ms| owned(format_clock(ms))),
            "ADPLAYHEAD" => self.ad_playhead_ms.and_then(|ms| owned(format_clock(ms))),
            "DEVICEUA" => self.device_ua.as_deref().map(Cow::Borrowed),
            "DEVICEIP" => self.device_ip.as_deref().map(Cow::Borrowed),
            "GDPRCONSENT" => self.gdpr_consent.as_deref().map(Cow::Borrowed),
            "LIMITADTRACKING" => self
                .limit_ad_tracking
                .map(|b| Cow::Borrowed(if b { "1" } else { "0" })),
            "ERRORCODE" => self.error_code.and_then(|c| owned(c.to_string())),
            other => self
                .extra
                .iter()
                .find(|(k, _)| k == other)
                .map(|(_, v)| Cow::Borrowed(v.as_str())),
        }
    }
}

/// `template` with its macros replaced (see the module docs).
pub fn expand<'v>(template: &str, lookup: impl Fn(&str) -> Option<Cow<'v, str>>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('[') {
        let (before, from) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = from.find(']') else {
            out.push_str(from);
            return out;
        };
        let name = from.get(1..close).unwrap_or_default();
        let is_macro = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if is_macro {
            match lookup(name) {
                Some(value) => out.extend(utf8_percent_encode(&value, COMPONENT)),
                None => out.push_str("-1"),
            }
            rest = from.get(close + 1..).unwrap_or_default();
        } else {
            out.push('[');
            rest = from.get(1..).unwrap_or_default();
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_macros_are_encoded_and_unknown_ones_are_minus_one() {
        let values = MacroValues {
            cachebusting: Some(4_321),
            timestamp: Some("2026-01-01T00:00:00.123Z".into()),
            break_position: Some(BreakPosition::MidRoll),
            content_playhead_ms: Some(3_723_045),
            device_ua: Some("Mozilla/5.0 (X11; Linux) Chrome/140".into()),
            gdpr_consent: Some("CO~x=1".into()),
            limit_ad_tracking: Some(true),
            extra: vec![("session".into(), "s 1".into())],
            ..MacroValues::default()
        };
        let url = expand(
            "https://ads.example/v?cb=[CACHEBUSTING]&ts=[TIMESTAMP]&pos=[BREAKPOSITION]&ph=[CONTENTPLAYHEAD]\
             &ua=[DEVICEUA]&ip=[DEVICEIP]&gdpr=[GDPRCONSENT]&lat=[LIMITADTRACKING]&x=[ADCOUNT]&h=[::1]&s=[session]",
            |n| values.lookup(n),
        );
        assert_eq!(
            url,
            "https://ads.example/v?cb=00004321&ts=2026-01-01T00%3A00%3A00.123Z&pos=2&ph=01%3A02%3A03.045\
             &ua=Mozilla%2F5.0%20%28X11%3B%20Linux%29%20Chrome%2F140&ip=-1&gdpr=CO~x%3D1&lat=1&x=-1&h=[::1]&s=[session]"
        );
        let errors = MacroValues {
            error_code: Some(303),
            ..MacroValues::default()
        };
        assert_eq!(
            expand("https://e/?c=[ERRORCODE]", |n| errors.lookup(n)),
            "https://e/?c=303"
        );
        assert_eq!(expand("open [ only", |n| errors.lookup(n)), "open [ only");
    }
}
