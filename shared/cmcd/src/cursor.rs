//! A byte cursor over a `&str` that never panics.

/// Position in a text, moved byte by byte; only stops at ASCII bytes when slicing.
pub(crate) struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Cursor { text, pos: 0 }
    }

    pub(crate) fn pos(&self) -> usize {
        self.pos
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.text.len()
    }

    pub(crate) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub(crate) fn bump(&mut self) {
        if !self.at_end() {
            self.pos += 1;
        }
    }

    #[allow(clippy::should_implement_trait)] // not an Iterator: callers need `pos` between steps
    pub(crate) fn next(&mut self) -> Option<u8> {
        let c = self.peek();
        self.bump();
        c
    }

    pub(crate) fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// Skips optional whitespace (SP / HTAB, RFC 8941 `OWS`).
    pub(crate) fn skip_ows(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.bump();
        }
    }

    /// Skips spaces only (inside inner lists).
    pub(crate) fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.bump();
        }
    }

    /// Moves to `pos` (clamped to the end).
    pub(crate) fn seek(&mut self, pos: usize) {
        self.pos = pos.min(self.text.len());
    }

    /// The text from `start` to the cursor; empty if that is not a valid `&str` range.
    pub(crate) fn slice_from(&self, start: usize) -> &'a str {
        self.text.get(start..self.pos).unwrap_or("")
    }
}
