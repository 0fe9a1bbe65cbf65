//! `#EXTINF:<duration>,[<title>]` (§4.4.4.1).
//!
//! Leniency: the IPTV "extended M3U" form `#EXTINF:-1 tvg-id="x" group-title="y",Title` is
//! accepted: the duration may be negative (`-1`, "unknown") and attributes between the duration
//! and the comma are kept in [`Extinf::attributes`]. A missing comma is tolerated.

use std::borrow::Cow;

use crate::attr::{format_float, parse_decimal_float};
use crate::error::{ParseError, ValueError};
use crate::tag::{TagName, TypedTag, WriteTag, require_value, tag_str};

/// A media segment's duration and title.
#[derive(Debug, Clone, PartialEq)]
pub struct Extinf<'a> {
    /// Duration in seconds.
    pub duration: f64,
    /// The title after the comma (`None` when empty or absent).
    pub title: Option<Cow<'a, str>>,
    /// IPTV-style attributes between the duration and the comma, verbatim.
    pub attributes: Option<Cow<'a, str>>,
}

impl<'a> Extinf<'a> {
    /// A new EXTINF with a duration and no title.
    pub fn new(duration: f64) -> Self {
        Extinf {
            duration,
            title: None,
            attributes: None,
        }
    }

    /// Parses the value after `#EXTINF:`.
    pub fn parse(value: &'a str) -> Result<Self, ValueError> {
        let mut split = value.len();
        let mut in_quote = false;
        for (i, b) in value.bytes().enumerate() {
            match b {
                b'"' => in_quote = !in_quote,
                b',' if !in_quote => {
                    split = i;
                    break;
                }
                _ => {}
            }
        }
        let head = value.get(..split).unwrap_or("").trim();
        let title = value
            .get(split + 1..)
            .filter(|t| !t.is_empty())
            .map(Cow::Borrowed);
        let (dur, attributes) = match head.split_once(|c: char| c.is_ascii_whitespace()) {
            Some((d, rest)) => (d, Some(Cow::Borrowed(rest.trim_start()))),
            None => (head, None),
        };
        let duration = parse_decimal_float(dur, true)
            .ok_or_else(|| ValueError::new("decimal-floating-point duration", dur))?;
        Ok(Extinf {
            duration,
            title,
            attributes,
        })
    }

    /// Detaches from the playlist text.
    pub fn into_owned(self) -> Extinf<'static> {
        Extinf {
            duration: self.duration,
            title: self.title.map(|t| Cow::Owned(t.into_owned())),
            attributes: self.attributes.map(|t| Cow::Owned(t.into_owned())),
        }
    }
}

impl<'a> TypedTag<'a> for Extinf<'a> {
    const NAME: TagName = TagName::Extinf;
    fn from_value(value: Option<&'a str>, line: usize) -> Result<Self, ParseError> {
        Extinf::parse(require_value(value, TagName::Extinf, line)?)
            .map_err(|e| e.at(line, tag_str(TagName::Extinf)))
    }
}

impl WriteTag for Extinf<'_> {
    fn write_tag(&self, out: &mut String) {
        out.push_str("#EXTINF:");
        out.push_str(&format_float(self.duration));
        if let Some(a) = &self.attributes {
            out.push(' ');
            out.push_str(a);
        }
        out.push(',');
        if let Some(t) = &self.title {
            out.push_str(t);
        }
    }
}
