//! The variant view of a multivariant playlist (§4.4.6.2): each EXT-X-STREAM-INF with the URI
//! line that follows it, and the edits the edge makes to them (filter, re-point, add content
//! steering pathways).

use crate::error::ParseError;
use crate::line::{Line, LineKind};
use crate::playlist::Playlist;
use crate::tag::content_steering::ContentSteering;
use crate::tag::stream_inf::{IFrameStreamInf, StreamInf};
use crate::tag::{TagName, tag_str};

/// One variant stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant<'p> {
    /// Position among the playlist's variants.
    pub index: usize,
    /// 0-based index of the EXT-X-STREAM-INF line.
    pub line: usize,
    /// 0-based index of its URI line (`None` if another STREAM-INF or the end comes first).
    pub uri_line: Option<usize>,
    /// The URI (trimmed).
    pub uri: Option<&'p str>,
    /// The tag, typed.
    pub stream_inf: StreamInf<'p>,
}

impl<'a> Playlist<'a> {
    /// Variant streams in order.
    pub fn variants(&self) -> Vec<Variant<'_>> {
        let mut out = Vec::new();
        for (i, l) in self.lines().iter().enumerate() {
            if !l.is(TagName::StreamInf) {
                continue;
            }
            let mut uri_line = None;
            for (j, next) in self.lines().iter().enumerate().skip(i + 1) {
                match next.kind() {
                    LineKind::Uri => {
                        uri_line = Some(j);
                        break;
                    }
                    LineKind::Tag(TagName::StreamInf) => break,
                    _ => {}
                }
            }
            let stream_inf = StreamInf::from_attrs(l.attrs(), i + 1);
            let uri = uri_line.and_then(|j| self.line(j)).and_then(|l| l.uri());
            out.push(Variant {
                index: out.len(),
                line: i,
                uri_line,
                uri,
                stream_inf,
            });
        }
        out
    }

    /// I-frame variant streams in order, with their line indices.
    pub fn i_frame_variants(&self) -> Vec<(usize, IFrameStreamInf<'_>)> {
        self.find(TagName::IFrameStreamInf)
            .filter_map(|i| {
                self.line(i)
                    .map(|l| (i, IFrameStreamInf::from_attrs(l.attrs(), i + 1)))
            })
            .collect()
    }

    /// URI lines of a multivariant playlist that no EXT-X-STREAM-INF claims (0-based).
    pub fn stray_uri_lines(&self) -> Vec<usize> {
        let claimed: Vec<usize> = self.variants().iter().filter_map(|v| v.uri_line).collect();
        self.lines()
            .iter()
            .enumerate()
            .filter(|(i, l)| l.kind() == LineKind::Uri && !claimed.contains(i))
            .map(|(i, _)| i)
            .collect()
    }

    /// Keeps the variants for which `keep` returns `true`; removes the others' STREAM-INF line,
    /// URI line and whatever lies between them. Returns how many were removed.
    pub fn retain_variants(
        &mut self,
        mut keep: impl FnMut(&Variant<'_>) -> Result<bool, ParseError>,
    ) -> Result<usize, ParseError> {
        let mut doomed = Vec::new();
        for v in self.variants() {
            if !keep(&v)? {
                doomed.push(v.line..v.uri_line.map_or(v.line + 1, |u| u + 1));
            }
        }
        // Variants come in line order and do not overlap: one pass removes them all.
        self.remove_sorted_ranges(&doomed);
        Ok(doomed.len())
    }

    /// Inserts or replaces EXT-X-CONTENT-STEERING. A new tag goes before the first EXT-X-MEDIA,
    /// EXT-X-STREAM-INF, EXT-X-I-FRAME-STREAM-INF, EXT-X-SESSION-DATA or EXT-X-SESSION-KEY, so it
    /// follows the header tags. Returns its 0-based line index.
    pub fn set_content_steering(&mut self, tag: &ContentSteering<'_>) -> Result<usize, ParseError> {
        let existing = self.find(TagName::ContentSteering).next();
        if let Some(i) = existing {
            self.replace_tag(i, tag)?;
            return Ok(i);
        }
        let at = self
            .lines()
            .iter()
            .position(|l| l.tag().is_some_and(TagName::is_multivariant_playlist_tag))
            .unwrap_or(self.lines().len());
        self.insert_tag(at, tag)?;
        Ok(at)
    }

    /// Content steering (§7): copies every variant and I-frame variant of pathway `from`
    /// (`None`: those without PATHWAY-ID) as pathway `to`, with the URI `uri_for(original)`.
    /// The copies are inserted as one block after the last variant line, in the original
    /// order; everything else is left as it is. Returns how many copies were made.
    pub fn add_pathway(
        &mut self,
        from: Option<&str>,
        to: &str,
        mut uri_for: impl FnMut(&str) -> String,
    ) -> Result<usize, ParseError> {
        // (first line, last line, STREAM-INF or I-FRAME-STREAM-INF copy, URI line of the copy)
        let mut entries: Vec<(usize, usize, String, Option<String>)> = Vec::new();
        for v in self.variants() {
            let last = v.uri_line.unwrap_or(v.line);
            if v.stream_inf.pathway_id()? != from {
                entries.push((v.line, last, String::new(), None));
                continue;
            }
            let Some(uri) = v.uri else {
                return Err(ParseError::malformed(
                    v.line + 1,
                    "EXT-X-STREAM-INF",
                    "no URI line follows",
                ));
            };
            let copy = self.copy_tag(v.line, &[("PATHWAY-ID", to)])?;
            entries.push((v.line, last, copy, Some(uri_for(uri))));
        }
        for (line, tag) in self.i_frame_variants() {
            if tag.pathway_id()? != from {
                entries.push((line, line, String::new(), None));
                continue;
            }
            let uri = uri_for(tag.uri()?);
            let copy = self.copy_tag(line, &[("PATHWAY-ID", to), ("URI", &uri)])?;
            entries.push((line, line, copy, None));
        }
        entries.sort_unstable_by_key(|e| e.0);
        let last_line = entries.iter().map(|e| e.1).max();
        let mut block = Vec::new();
        let mut copies = 0;
        for (_, _, tag, uri) in entries {
            if tag.is_empty() {
                continue;
            }
            copies += 1;
            block.push(tag);
            block.extend(uri);
        }
        let at = last_line.map_or(self.lines().len(), |l| l + 1);
        for (i, text) in block.into_iter().enumerate() {
            self.insert_line(at + i, text)?;
        }
        Ok(copies)
    }

    /// The tag on line `index` written under its canonical name with the quoted-string
    /// attributes `set` set in order: what `into_owned`, `set_quoted` for each and
    /// `to_tag_line` give, spliced from the line text.
    fn copy_tag(&self, index: usize, set: &[(&str, &str)]) -> Result<String, ParseError> {
        let line = self.line(index);
        let tag = line.and_then(Line::tag).map_or("", tag_str);
        let mut list = line.and_then(Line::tag_value).unwrap_or("").to_owned();
        for (name, value) in set {
            crate::attr::check_quoted(value).map_err(|e| e.at(index + 1, *name))?;
            let mut next = String::with_capacity(list.len() + name.len() + value.len() + 4);
            crate::attr::write_set(&list, name, &["\"", value, "\""], &mut next);
            list = next;
        }
        let mut text = String::with_capacity(tag.len() + list.len() + 2);
        text.push('#');
        text.push_str(tag);
        text.push(':');
        text.push_str(&list);
        Ok(text)
    }
}
