//! Device class from User-Agent Client Hints (`Sec-CH-UA-Mobile`, `Sec-CH-Viewport-Width`;
//! W3C UA Client Hints, RFC 8942) with a User-Agent fallback.

use http::HeaderMap;

/// Device classes that `devices` caps are keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceClass {
    /// Phones.
    Mobile,
    /// TVs and set-top boxes.
    Tv,
    /// Everything else.
    Desktop,
}

impl DeviceClass {
    /// The config key (`mobile`, `tv`, `desktop`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Mobile => "mobile",
            Self::Tv => "tv",
            Self::Desktop => "desktop",
        }
    }
}

const TV_MARKERS: &[&str] = &[
    "SmartTV", "SMART-TV", "AppleTV", "CrKey", "Tizen", "Web0S", "BRAVIA", "AFT",
];
const MOBILE_MARKERS: &[&str] = &["Mobile", "iPhone", "Android"];

/// Classifies a request: `Sec-CH-UA-Mobile: ?1` → mobile; a TV marker in the User-Agent →
/// tv; a mobile marker → mobile; else desktop.
pub fn device_class(headers: &HeaderMap) -> DeviceClass {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if get("sec-ch-ua-mobile").is_some_and(|v| v.trim() == "?1") {
        return DeviceClass::Mobile;
    }
    let ua = get("user-agent").unwrap_or("");
    if TV_MARKERS.iter().any(|m| ua.contains(m)) {
        DeviceClass::Tv
    } else if MOBILE_MARKERS.iter().any(|m| ua.contains(m)) {
        DeviceClass::Mobile
    } else {
        DeviceClass::Desktop
    }
}

/// `Sec-CH-Viewport-Width` (CSS pixels), when sent and sane.
pub fn viewport_width(headers: &HeaderMap) -> Option<u64> {
    headers
        .get("sec-ch-viewport-width")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|w| (100..=10_000).contains(w))
}
