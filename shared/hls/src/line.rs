//! One playlist line: its raw text, its terminator and what kind of line it is (RFC 8216bis §4.1:
//! a line is a URI, blank, or starts with `#` — a tag if it starts with `#EXT`, else a comment).

use std::borrow::Cow;

use crate::attr::AttrList;
use crate::tag::TagName;

/// How a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineEnding {
    /// `\n`
    Lf,
    /// `\r\n`
    CrLf,
    /// Nothing: the last line of a file without a final newline.
    None,
}

impl LineEnding {
    /// The terminator's bytes.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::None => "",
        }
    }
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineKind {
    /// Empty or only whitespace.
    Blank,
    /// Starts with `#` but not `#EXT`.
    Comment,
    /// Starts with `#EXT`.
    Tag(TagName),
    /// Anything else: a URI (of a media segment, or of a variant after EXT-X-STREAM-INF).
    Uri,
}

/// One line, kept byte-for-byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    text: Cow<'a, str>,
    ending: LineEnding,
    kind: LineKind,
}

impl<'a> Line<'a> {
    /// A line from its text (without terminator). The text must not contain CR or LF; the
    /// playlist's editing methods check this.
    pub(crate) fn new(text: Cow<'a, str>, ending: LineEnding) -> Self {
        let kind = classify(&text);
        Line { text, ending, kind }
    }

    /// The text without its terminator.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The terminator.
    pub fn ending(&self) -> LineEnding {
        self.ending
    }

    pub(crate) fn set_ending(&mut self, ending: LineEnding) {
        self.ending = ending;
    }

    /// What kind of line this is.
    pub fn kind(&self) -> LineKind {
        self.kind
    }

    /// The tag, for a tag line.
    pub fn tag(&self) -> Option<TagName> {
        match self.kind {
            LineKind::Tag(t) => Some(t),
            _ => None,
        }
    }

    /// `true` if this line is the tag `t`.
    pub fn is(&self, t: TagName) -> bool {
        self.kind == LineKind::Tag(t)
    }

    /// The tag name as written, without `#` (e.g. `EXT-X-KEY`), for a tag line.
    pub fn tag_name(&self) -> Option<&str> {
        matches!(self.kind, LineKind::Tag(_)).then(|| tag_name_of(&self.text))
    }

    /// What follows the first `:` of a tag line (`None` when there is no `:`).
    pub fn tag_value(&self) -> Option<&str> {
        if !matches!(self.kind, LineKind::Tag(_)) {
            return None;
        }
        self.text.split_once(':').map(|(_, v)| v)
    }

    /// The tag value read as an attribute list (empty when the tag has no value).
    pub fn attrs(&self) -> AttrList<'_> {
        AttrList::parse(self.tag_value().unwrap_or(""))
    }

    /// The URI of a URI line (surrounding whitespace removed).
    pub fn uri(&self) -> Option<&str> {
        (self.kind == LineKind::Uri).then(|| crate::attr::trim(&self.text))
    }

    pub(crate) fn into_owned(self) -> Line<'static> {
        Line {
            text: Cow::Owned(self.text.into_owned()),
            ending: self.ending,
            kind: self.kind,
        }
    }

    pub(crate) fn set_text(&mut self, text: Cow<'a, str>) {
        self.kind = classify(&text);
        self.text = text;
    }
}

fn tag_name_of(text: &str) -> &str {
    let body = text.get(1..).unwrap_or("");
    body.split_once(':').map_or(body, |(n, _)| n).trim_end()
}

fn classify(text: &str) -> LineKind {
    // Fast path on the first byte: `#` starts a tag or comment, and a line starting with any
    // other visible ASCII character is a URI (never blank); the rest goes the long way.
    match text.as_bytes().first() {
        Some(b'#') if text.starts_with("#EXT") => {
            return LineKind::Tag(TagName::from_name(tag_name_of(text)));
        }
        Some(b'#') => return LineKind::Comment,
        Some(b) if b.is_ascii_graphic() => return LineKind::Uri,
        _ => {}
    }
    if text.trim().is_empty() {
        LineKind::Blank
    } else if text.starts_with("#EXT") {
        LineKind::Tag(TagName::from_name(tag_name_of(text)))
    } else if text.starts_with('#') {
        LineKind::Comment
    } else {
        LineKind::Uri
    }
}
