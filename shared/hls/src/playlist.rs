//! The lossless playlist: a list of [`Line`]s plus a BOM flag. Untouched lines are written back
//! from their raw text, so `parse` → `to_string` gives the input byte for byte; an edited line is
//! written from the value it was given.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::error::{Limit, ParseError};
use crate::line::{Line, LineEnding, LineKind};
use crate::tag::{TagName, TypedTag, WriteTag, tag_str};

/// Caps on what [`Playlist::parse_with_limits`] accepts (allocation is proportional to these).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total input size in bytes.
    pub max_input_bytes: usize,
    /// Number of lines.
    pub max_lines: usize,
    /// Length of one line in bytes.
    pub max_line_bytes: usize,
}

impl Default for Limits {
    /// 64 MiB, 2 million lines, 1 MiB per line: far above any real playlist (a 24-hour
    /// 1-second-segment event playlist is about 200 000 lines).
    fn default() -> Self {
        Limits {
            max_input_bytes: 64 << 20,
            max_lines: 2_000_000,
            max_line_bytes: 1 << 20,
        }
    }
}

/// Multivariant or media playlist (RFC 8216bis §4.1: a playlist is one or the other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaylistKind {
    /// Has media segments (or none yet).
    Media,
    /// Lists variant streams and renditions.
    Multivariant,
}

impl PlaylistKind {
    /// `"media"` or `"multivariant"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaylistKind::Media => "media",
            PlaylistKind::Multivariant => "multivariant",
        }
    }
}

/// A parsed playlist, borrowing the input text until lines are edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Playlist<'a> {
    bom: bool,
    lines: Vec<Line<'a>>,
}

const BOM: &str = "\u{feff}";

impl<'a> Playlist<'a> {
    /// Parses with the default [`Limits`].
    pub fn parse(input: &'a str) -> Result<Self, ParseError> {
        Self::parse_with_limits(input, &Limits::default())
    }

    /// Parses. Fails only if the first line is not `#EXTM3U`, if the playlist mixes media and
    /// multivariant tags (§4.1: clients must fail to parse such a playlist), or if a limit is
    /// exceeded. Everything else — unknown tags, odd spacing, malformed values — is kept and
    /// reported by the typed accessors that read it.
    pub fn parse_with_limits(input: &'a str, limits: &Limits) -> Result<Self, ParseError> {
        if input.len() > limits.max_input_bytes {
            return Err(ParseError::LimitExceeded {
                line: 1,
                limit: Limit::InputBytes,
                max: limits.max_input_bytes,
            });
        }
        let (bom, mut rest) = match input.strip_prefix(BOM) {
            Some(r) => (true, r),
            None => (false, input),
        };
        // One vectorized count of the line feeds sizes the line list once (bounded by the
        // line limit, so the allocation stays proportional to the limits).
        let newlines = count_line_feeds(rest);
        let mut lines = Vec::with_capacity(newlines.saturating_add(1).min(limits.max_lines));
        while !rest.is_empty() {
            let n = lines.len() + 1;
            if n > limits.max_lines {
                return Err(ParseError::LimitExceeded {
                    line: n,
                    limit: Limit::Lines,
                    max: limits.max_lines,
                });
            }
            // Most lines (EXTINF, segment URIs) are short, where a plain byte scan beats
            // memchr's set-up; past 32 bytes memchr (`str::find`) takes over.
            let line_feed = match rest.bytes().take(32).position(|b| b == b'\n') {
                Some(i) => Some(i),
                None => rest.find('\n'),
            };
            let (text, ending, next) = match line_feed {
                Some(i) => {
                    let with_cr = rest.get(..i).unwrap_or("");
                    let next = rest.get(i + 1..).unwrap_or("");
                    match with_cr.strip_suffix('\r') {
                        Some(t) => (t, LineEnding::CrLf, next),
                        None => (with_cr, LineEnding::Lf, next),
                    }
                }
                None => (rest, LineEnding::None, ""),
            };
            if text.len() > limits.max_line_bytes {
                return Err(ParseError::LimitExceeded {
                    line: n,
                    limit: Limit::LineBytes,
                    max: limits.max_line_bytes,
                });
            }
            lines.push(Line::new(Cow::Borrowed(text), ending));
            rest = next;
        }
        let playlist = Playlist { bom, lines };
        playlist.check_header()?;
        playlist.check_kind()?;
        Ok(playlist)
    }

    fn check_header(&self) -> Result<(), ParseError> {
        match self.lines.first() {
            Some(l) if l.text().trim_end() == "#EXTM3U" => Ok(()),
            _ => Err(ParseError::malformed(
                1,
                "EXTM3U",
                "the first line must be #EXTM3U",
            )),
        }
    }

    fn check_kind(&self) -> Result<(), ParseError> {
        let mut media = None;
        let mut variant = None;
        for (i, l) in self.lines.iter().enumerate() {
            if let Some(t) = l.tag() {
                if media.is_none() && t.is_media_playlist_tag() {
                    media = Some((i, t));
                }
                if variant.is_none() && t.is_variant_tag() {
                    variant = Some((i, t));
                }
            }
            if let (Some((mi, mt)), Some((vi, vt))) = (media, variant) {
                let (line, tag, other, other_line) = if mi > vi {
                    (mi, mt, vt, vi)
                } else {
                    (vi, vt, mt, mi)
                };
                return Err(ParseError::malformed(
                    line + 1,
                    tag_str(tag),
                    format!(
                        "a playlist cannot be both a media and a multivariant playlist (#{} on line {})",
                        tag_str(other),
                        other_line + 1
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Copies the borrowed text so the playlist outlives its input.
    pub fn into_owned(self) -> Playlist<'static> {
        Playlist {
            bom: self.bom,
            lines: self.lines.into_iter().map(Line::into_owned).collect(),
        }
    }

    /// Media or multivariant. Variant streams and renditions (STREAM-INF, I-FRAME-STREAM-INF,
    /// MEDIA) make it multivariant; otherwise any media playlist tag makes it media; otherwise
    /// SESSION-DATA, SESSION-KEY or CONTENT-STEERING make it multivariant. A playlist with none
    /// of these (e.g. only `#EXT-X-VERSION`) is an empty media playlist.
    pub fn kind(&self) -> PlaylistKind {
        let tags = || self.lines.iter().filter_map(Line::tag);
        if tags().any(TagName::is_variant_tag) {
            PlaylistKind::Multivariant
        } else if tags().any(TagName::is_media_playlist_tag) {
            PlaylistKind::Media
        } else if tags().any(TagName::is_multivariant_playlist_tag) {
            PlaylistKind::Multivariant
        } else {
            PlaylistKind::Media
        }
    }

    /// Lines (0-based) holding a tag that belongs to the other kind of playlist, e.g. an
    /// EXT-X-SESSION-KEY in a media playlist: kept and tolerated, but worth reporting.
    pub fn misplaced_tags(&self) -> Vec<usize> {
        let media = self.kind() == PlaylistKind::Media;
        self.lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                l.tag().is_some_and(|t| {
                    if media {
                        t.is_multivariant_playlist_tag()
                    } else {
                        t.is_media_playlist_tag()
                    }
                })
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the input started with a UTF-8 byte order mark (kept on output).
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// All lines.
    pub fn lines(&self) -> &[Line<'a>] {
        &self.lines
    }

    /// One line by 0-based index.
    pub fn line(&self, index: usize) -> Option<&Line<'a>> {
        self.lines.get(index)
    }

    /// Appends the serialized playlist to `out`.
    pub fn write(&self, out: &mut String) {
        if self.bom {
            out.push_str(BOM);
        }
        for l in &self.lines {
            out.push_str(l.text());
            out.push_str(l.ending().as_str());
        }
    }

    /// Reads line `index` as the typed tag `T`.
    pub fn tag<'s, T: TypedTag<'s>>(&'s self, index: usize) -> Result<T, ParseError> {
        let line = self.lines.get(index).ok_or_else(|| no_such_line(index))?;
        if !line.is(T::NAME) {
            return Err(ParseError::malformed(
                index + 1,
                tag_str(T::NAME),
                "the line is not this tag",
            ));
        }
        T::from_value(line.tag_value(), index + 1)
    }

    /// Indices of the lines that are tag `t`.
    pub fn find(&self, t: TagName) -> impl Iterator<Item = usize> + '_ {
        self.lines
            .iter()
            .enumerate()
            .filter(move |(_, l)| l.is(t))
            .map(|(i, _)| i)
    }

    /// Every occurrence of tag `T`, typed, with its line index.
    pub fn all<'s, T: TypedTag<'s> + 's>(
        &'s self,
    ) -> impl Iterator<Item = (usize, Result<T, ParseError>)> + 's {
        self.find(T::NAME).map(move |i| (i, self.tag::<T>(i)))
    }

    /// The one occurrence of a tag that must not appear more than once; an error names both
    /// lines if it does.
    pub fn single<'s, T: TypedTag<'s> + 's>(&'s self) -> Result<Option<T>, ParseError> {
        let mut it = self.find(T::NAME);
        let Some(first) = it.next() else {
            return Ok(None);
        };
        if let Some(second) = it.next() {
            return Err(ParseError::malformed(
                second + 1,
                tag_str(T::NAME),
                format!(
                    "must not appear more than once (first on line {})",
                    first + 1
                ),
            ));
        }
        self.tag::<T>(first).map(Some)
    }

    /// `true` if tag `t` appears.
    pub fn has(&self, t: TagName) -> bool {
        self.lines.iter().any(|l| l.is(t))
    }

    // ---- editing -------------------------------------------------------------------------

    /// Replaces the text of line `index` (its terminator stays).
    pub fn set_line(
        &mut self,
        index: usize,
        text: impl Into<Cow<'a, str>>,
    ) -> Result<(), ParseError> {
        let text = checked_text(text.into(), index)?;
        let line = self
            .lines
            .get_mut(index)
            .ok_or_else(|| no_such_line(index))?;
        line.set_text(text);
        Ok(())
    }

    /// Replaces line `index` with a typed tag.
    pub fn replace_tag(&mut self, index: usize, tag: &impl WriteTag) -> Result<(), ParseError> {
        self.set_line(index, tag.to_tag_line())
    }

    /// Inserts a line before `index` (`index == lines().len()` appends). The new line gets the
    /// terminator its neighbours use; appending after a last line without a final newline keeps
    /// the file without a final newline.
    pub fn insert_line(
        &mut self,
        index: usize,
        text: impl Into<Cow<'a, str>>,
    ) -> Result<(), ParseError> {
        if index > self.lines.len() {
            return Err(no_such_line(index));
        }
        let text = checked_text(text.into(), index)?;
        let dominant = self
            .lines
            .first()
            .map(Line::ending)
            .filter(|e| *e != LineEnding::None)
            .unwrap_or(LineEnding::Lf);
        let ending = if index == self.lines.len() {
            match self.lines.last_mut() {
                Some(last) if last.ending() == LineEnding::None => {
                    last.set_ending(dominant);
                    LineEnding::None
                }
                Some(last) => last.ending(),
                None => dominant,
            }
        } else {
            index
                .checked_sub(1)
                .and_then(|p| self.lines.get(p))
                .map(Line::ending)
                .filter(|e| *e != LineEnding::None)
                .unwrap_or(dominant)
        };
        self.lines.insert(index, Line::new(text, ending));
        Ok(())
    }

    /// Inserts a typed tag before `index`.
    pub fn insert_tag(&mut self, index: usize, tag: &impl WriteTag) -> Result<(), ParseError> {
        self.insert_line(index, tag.to_tag_line())
    }

    /// Removes line `index`. Removing the last line of a file without a final newline keeps
    /// the file without one.
    pub fn remove_line(&mut self, index: usize) -> Result<Line<'a>, ParseError> {
        if index >= self.lines.len() {
            return Err(no_such_line(index));
        }
        let removed = self.lines.remove(index);
        if index == self.lines.len()
            && removed.ending() == LineEnding::None
            && let Some(last) = self.lines.last_mut()
        {
            last.set_ending(LineEnding::None);
        }
        Ok(removed)
    }

    /// Removes a range of lines.
    pub fn remove_lines(&mut self, range: Range<usize>) -> Result<(), ParseError> {
        if range.start > range.end || range.end > self.lines.len() {
            return Err(no_such_line(range.end));
        }
        self.remove_sorted_ranges(std::slice::from_ref(&range));
        Ok(())
    }

    /// Removes the lines of valid, sorted, non-overlapping `ranges` in one pass. As with
    /// [`remove_line`](Self::remove_line), a file without a final newline keeps none.
    pub(crate) fn remove_sorted_ranges(&mut self, ranges: &[Range<usize>]) {
        let len = self.lines.len();
        let tail_removed = ranges.iter().any(|r| !r.is_empty() && r.end == len);
        let no_final_newline = self.lines.last().map(Line::ending) == Some(LineEnding::None);
        let mut index = 0;
        let mut doomed = ranges.iter().peekable();
        self.lines.retain(|_| {
            while doomed.next_if(|r| r.end <= index).is_some() {}
            let keep = doomed.peek().is_none_or(|r| !r.contains(&index));
            index += 1;
            keep
        });
        if tail_removed
            && no_final_newline
            && let Some(last) = self.lines.last_mut()
        {
            last.set_ending(LineEnding::None);
        }
    }

    /// Sets an attribute of the tag on line `index` to a raw value (write the quotes for a
    /// quoted-string, or use [`set_attr_quoted`](Self::set_attr_quoted)). Other attributes keep
    /// their spelling and order.
    pub fn set_attr(
        &mut self,
        index: usize,
        name: &str,
        raw_value: &str,
    ) -> Result<(), ParseError> {
        if has_line_break(raw_value) || raw_value.contains(',') && !raw_value.starts_with('"') {
            return Err(ParseError::malformed(
                index + 1,
                name.to_owned(),
                "an unquoted value cannot contain ',', CR or LF",
            ));
        }
        self.splice_attr(index, name, &[raw_value], |_| Ok(()))
    }

    /// Sets an attribute to a quoted-string.
    pub fn set_attr_quoted(
        &mut self,
        index: usize,
        name: &str,
        value: &str,
    ) -> Result<(), ParseError> {
        self.splice_attr(index, name, &["\"", value, "\""], |_| {
            crate::attr::check_quoted(value).map_err(|e| e.at(index + 1, name.to_owned()))
        })
    }

    /// Removes an attribute; returns whether it was there.
    pub fn remove_attr(&mut self, index: usize, name: &str) -> Result<bool, ParseError> {
        let mut found = false;
        self.edit_attrs(index, |a| {
            found = a.remove(name);
            Ok(())
        })?;
        Ok(found)
    }

    /// The tag line `index`: its tag name as written and its attribute-list text.
    fn attr_line(&self, index: usize) -> Result<(&str, &str), ParseError> {
        let line = self.lines.get(index).ok_or_else(|| no_such_line(index))?;
        let Some(name) = line.tag_name() else {
            return Err(ParseError::malformed(
                index + 1,
                "attribute edit",
                "the line is not a tag",
            ));
        };
        Ok((name, line.tag_value().unwrap_or("")))
    }

    fn edit_attrs(
        &mut self,
        index: usize,
        f: impl FnOnce(&mut crate::attr::AttrList<'_>) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        let (name, list) = self.attr_line(index)?;
        let mut attrs = crate::attr::AttrList::parse(list);
        f(&mut attrs)?;
        let mut text = String::with_capacity(name.len() + list.len() + 18);
        text.push('#');
        text.push_str(name);
        text.push(':');
        attrs.write(&mut text);
        self.set_line(index, text)
    }

    /// What [`edit_attrs`](Self::edit_attrs) with [`AttrList::set`](crate::AttrList::set)
    /// writes, spliced straight from the line text (one allocation, no attribute list). `check`
    /// runs after the line is known to be a tag, before anything changes.
    fn splice_attr(
        &mut self,
        index: usize,
        attr: &str,
        value: &[&str],
        check: impl FnOnce(&str) -> Result<(), ParseError>,
    ) -> Result<(), ParseError> {
        let (name, list) = self.attr_line(index)?;
        check(name)?;
        let added = attr.len() + value.iter().map(|v| v.len()).sum::<usize>();
        let mut text = String::with_capacity(name.len() + list.len() + added + 3);
        text.push('#');
        text.push_str(name);
        text.push(':');
        crate::attr::write_set(list, attr, value, &mut text);
        self.set_line(index, text)
    }

    /// Sets the URI of line `index`: the text of a URI line, or the `URI` attribute of a tag that
    /// has one (`SERVER-URI` for EXT-X-CONTENT-STEERING).
    pub fn set_uri(&mut self, index: usize, uri: &str) -> Result<(), ParseError> {
        self.set_uri_cow(index, Cow::Borrowed(uri))
    }

    /// [`set_uri`](Self::set_uri), taking over an owned URI for a URI line instead of copying it.
    fn set_uri_cow(&mut self, index: usize, uri: Cow<'_, str>) -> Result<(), ParseError> {
        let line = self.lines.get(index).ok_or_else(|| no_such_line(index))?;
        match line.kind() {
            LineKind::Uri => {
                if uri.trim().is_empty() || uri.starts_with('#') {
                    return Err(ParseError::malformed(
                        index + 1,
                        "URI line",
                        "a URI cannot be blank or start with '#'",
                    ));
                }
                self.set_line(index, uri.into_owned())
            }
            LineKind::Tag(t) => match t.uri_attribute() {
                Some(attr) => self.set_attr_quoted(index, attr, &uri),
                None => Err(ParseError::malformed(
                    index + 1,
                    line.tag_name().unwrap_or(""),
                    "this tag has no URI",
                )),
            },
            _ => Err(ParseError::malformed(
                index + 1,
                "URI edit",
                "the line is neither a URI nor a tag",
            )),
        }
    }

    /// Every URI the playlist refers to: URI lines and the URI attributes of KEY, SESSION-KEY,
    /// MAP, MEDIA, I-FRAME-STREAM-INF, PART, PRELOAD-HINT, RENDITION-REPORT, SESSION-DATA and
    /// (SERVER-URI) CONTENT-STEERING. Values are unquoted.
    pub fn uris(&self) -> Vec<UriRef<'_>> {
        let mut out = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if let Some(u) = uri_ref(i, l) {
                out.push(u);
            }
        }
        out
    }
}

/// The URI that line `l` (number `index`) is or carries, if any.
#[inline]
fn uri_ref<'l>(index: usize, l: &'l Line<'_>) -> Option<UriRef<'l>> {
    match l.kind() {
        LineKind::Uri => Some(UriRef {
            line: index,
            tag: None,
            uri: crate::attr::trim(l.text()),
        }),
        LineKind::Tag(t) => {
            let attr = t.uri_attribute()?;
            let value = crate::attr::find_value(l.tag_value().unwrap_or(""), attr)?;
            Some(UriRef {
                line: index,
                tag: Some(t),
                uri: value.unquoted(),
            })
        }
        _ => None,
    }
}

impl<'a> Playlist<'a> {
    /// Rewrites every URI listed by [`uris`](Self::uris) for which `f` returns `Some`, in line
    /// order, one line at a time (no list of URIs or edits is built). Returns how many were
    /// changed; stops at the first new URI the line cannot take (blank, starting with `#`, or
    /// holding CR or LF), with the lines before it already rewritten.
    pub fn rewrite_uris(
        &mut self,
        mut f: impl FnMut(&UriRef<'_>) -> Option<String>,
    ) -> Result<usize, ParseError> {
        let mut n = 0;
        for i in 0..self.lines.len() {
            let Some(new) = self
                .lines
                .get(i)
                .and_then(|l| uri_ref(i, l))
                .and_then(|u| f(&u))
            else {
                continue;
            };
            self.set_uri_cow(i, Cow::Owned(new))?;
            n += 1;
        }
        Ok(n)
    }
}

/// One URI reference found by [`Playlist::uris`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UriRef<'p> {
    /// 0-based line index.
    pub line: usize,
    /// The tag carrying it, `None` for a URI line.
    pub tag: Option<TagName>,
    /// The URI, unquoted.
    pub uri: &'p str,
}

fn checked_text(text: Cow<'_, str>, index: usize) -> Result<Cow<'_, str>, ParseError> {
    if has_line_break(&text) {
        return Err(ParseError::malformed(
            index + 1,
            "edit",
            "a line cannot contain CR or LF",
        ));
    }
    Ok(text)
}

/// Whether `text` holds a CR or LF: every edited line (a signed URI is ~150 bytes) goes
/// through here. Bytes, not chars (neither occurs inside a multi-byte UTF-8 sequence), in
/// fixed blocks without an early exit inside one, which the compiler vectorizes (5× fewer
/// instructions than `contains([..])` or `bytes().any(..)`).
fn has_line_break(text: &str) -> bool {
    let mut blocks = text.as_bytes().chunks_exact(16);
    for block in &mut blocks {
        let hits = block
            .iter()
            .fold(0u8, |m, &b| m | u8::from(b == b'\r') | u8::from(b == b'\n'));
        if hits != 0 {
            return true;
        }
    }
    blocks.remainder().iter().any(|&b| b == b'\r' || b == b'\n')
}

/// Number of LF bytes, in fixed blocks the compiler vectorizes.
fn count_line_feeds(text: &str) -> usize {
    let mut blocks = text.as_bytes().chunks_exact(32);
    let mut n = 0;
    for block in &mut blocks {
        // At most 32 per block: the sum fits a u8.
        n += usize::from(block.iter().map(|&b| u8::from(b == b'\n')).sum::<u8>());
    }
    n + blocks.remainder().iter().filter(|&&b| b == b'\n').count()
}

fn no_such_line(index: usize) -> ParseError {
    ParseError::malformed(index + 1, "edit", "no such line")
}

impl fmt::Display for Playlist<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s =
            String::with_capacity(self.lines.iter().map(|l| l.text().len() + 2).sum::<usize>() + 3);
        self.write(&mut s);
        f.write_str(&s)
    }
}
