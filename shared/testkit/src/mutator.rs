//! The byte mutator: a fixed menu of [`Mutation`]s, applied a random number of times.

use crate::XorShift;

/// 32-bit values that often sit at the edge of a size or count check (binary formats).
pub const INTERESTING_U32: &[u32] = &[0, 1, 7, 8, 16, 0xFFFF_FFFF, 0x8000_0000];

/// One kind of change to a byte buffer. Kinds that need bytes to work on (a bit flip on an
/// empty buffer, a donor splice with no donors) leave the buffer as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mutation {
    /// Flip one bit of one byte.
    FlipBit,
    /// Cut the buffer at a random length (possibly its full length: no change).
    Truncate,
    /// Insert one byte drawn from the mutator's [`Bytes`] source.
    InsertByte,
    /// Overwrite one byte with one drawn from the mutator's [`Bytes`] source.
    OverwriteByte,
    /// Remove one byte.
    DeleteByte,
    /// Remove a run of `0..max` bytes.
    DeleteRun {
        /// Exclusive upper bound of the run length.
        max: usize,
    },
    /// Insert one of the mutator's tokens (format keywords, delimiters, big numbers).
    InsertToken,
    /// Write one of the mutator's tokens over the bytes at a random place (growing the buffer
    /// when the token runs past its end).
    OverwriteToken,
    /// Overwrite 4 bytes with a big-endian value from [`INTERESTING_U32`] or a random one.
    OverwriteU32,
    /// Keep the head of the buffer and append the tail of a donor (both cut at random).
    SpliceTail,
    /// Insert a run of `0..max` bytes (at most `max - 1`) copied from a random place of a donor.
    InsertDonorRun {
        /// Exclusive upper bound of the run length.
        max: usize,
    },
    /// Insert `1..=max_lines` consecutive lines of a donor at a line start of the buffer (the
    /// start of the buffer when it has no newline).
    SpliceLines {
        /// Most lines taken from the donor.
        max_lines: usize,
    },
    /// Copy a region of `1..=max` bytes of the buffer and insert it at a random place.
    DuplicateRegion {
        /// Longest region copied.
        max: usize,
    },
}

impl Mutation {
    /// Every kind with a typical parameter, for campaigns that want them all.
    pub const ALL: &[Mutation] = &[
        Mutation::FlipBit,
        Mutation::Truncate,
        Mutation::InsertByte,
        Mutation::OverwriteByte,
        Mutation::DeleteByte,
        Mutation::DeleteRun { max: 16 },
        Mutation::InsertToken,
        Mutation::OverwriteToken,
        Mutation::OverwriteU32,
        Mutation::SpliceTail,
        Mutation::InsertDonorRun { max: 64 },
        Mutation::SpliceLines { max_lines: 4 },
        Mutation::DuplicateRegion { max: 16 },
    ];
}

/// Where [`Mutation::InsertByte`] and [`Mutation::OverwriteByte`] take their byte from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Bytes<'a> {
    /// Any byte.
    Random,
    /// A byte of this alphabet (the format's significant characters); any byte if it is empty.
    From(&'a [u8]),
    /// Half the time a byte of this alphabet, else any byte.
    Mixed(&'a [u8]),
}

/// Applies a random number of mutations, each chosen uniformly from a fixed menu.
///
/// ```
/// use ottedge_testkit::{Bytes, Mutation, Mutator, XorShift};
/// let mutator = Mutator::byte_edits()
///     .and(Mutation::SpliceTail)
///     .rounds(3)
///     .bytes(Bytes::From(b"{}[],:"));
/// let corpus = [b"{\"a\":1}".to_vec(), b"[1,2]".to_vec()];
/// let mut rng = XorShift::new(7);
/// let mutant = mutator.mutate(&mut rng, &corpus[0], &corpus);
/// assert_eq!(mutant, mutator.mutate(&mut XorShift::new(7), &corpus[0], &corpus));
/// ```
#[derive(Debug, Clone)]
pub struct Mutator<'a> {
    menu: Vec<Mutation>,
    rounds: usize,
    bytes: Bytes<'a>,
    tokens: &'a [&'a [u8]],
}

impl<'a> Mutator<'a> {
    /// A mutator choosing from `menu`, 1 to 4 rounds, random bytes, no tokens.
    pub fn new(menu: &[Mutation]) -> Self {
        Self {
            menu: menu.to_vec(),
            rounds: 4,
            bytes: Bytes::Random,
            tokens: &[],
        }
    }

    /// The single-byte edits most smoke tests start from: [`Mutation::FlipBit`],
    /// [`Mutation::Truncate`], [`Mutation::InsertByte`] and [`Mutation::DeleteByte`], in that
    /// order; add splices and format-specific kinds with [`and`](Self::and).
    pub fn byte_edits() -> Self {
        Self::new(&[
            Mutation::FlipBit,
            Mutation::Truncate,
            Mutation::InsertByte,
            Mutation::DeleteByte,
        ])
    }

    /// Adds `kind` to the end of the menu (each kind on the menu is equally likely).
    #[must_use]
    pub fn and(mut self, kind: Mutation) -> Self {
        self.menu.push(kind);
        self
    }

    /// Apply `1..=max` mutations per call (`max` 0 counts as 1).
    #[must_use]
    pub fn rounds(mut self, max: usize) -> Self {
        self.rounds = max.max(1);
        self
    }

    /// The byte source of [`Mutation::InsertByte`] and [`Mutation::OverwriteByte`].
    #[must_use]
    pub fn bytes(mut self, bytes: Bytes<'a>) -> Self {
        self.bytes = bytes;
        self
    }

    /// The tokens of [`Mutation::InsertToken`] and [`Mutation::OverwriteToken`].
    #[must_use]
    pub fn tokens(mut self, tokens: &'a [&'a [u8]]) -> Self {
        self.tokens = tokens;
        self
    }

    /// A mutated copy of `input`; `donors` feed the splicing kinds (pass the whole corpus, or
    /// `&[other]` for a single donor).
    pub fn mutate<D: AsRef<[u8]>>(
        &self,
        rng: &mut XorShift,
        input: &[u8],
        donors: &[D],
    ) -> Vec<u8> {
        let mut data = input.to_vec();
        self.mutate_in_place(rng, &mut data, donors);
        data
    }

    /// Mutates `data` in place; returns the kinds applied, in order.
    pub fn mutate_in_place<D: AsRef<[u8]>>(
        &self,
        rng: &mut XorShift,
        data: &mut Vec<u8>,
        donors: &[D],
    ) -> Vec<Mutation> {
        let rounds = 1 + rng.below(self.rounds);
        let mut applied = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            if let Some(&kind) = rng.pick(&self.menu) {
                self.apply(kind, rng, data, donors);
                applied.push(kind);
            }
        }
        applied
    }

    /// Applies one mutation of kind `kind` to `data`.
    pub fn apply<D: AsRef<[u8]>>(
        &self,
        kind: Mutation,
        rng: &mut XorShift,
        data: &mut Vec<u8>,
        donors: &[D],
    ) {
        let len = data.len();
        match kind {
            Mutation::FlipBit => {
                if let Some(b) = data.get_mut(rng.below(len)) {
                    *b ^= 1 << rng.below(8);
                }
            }
            Mutation::Truncate => data.truncate(rng.below(len + 1)),
            Mutation::InsertByte => {
                let at = rng.below(len + 1);
                let b = self.byte(rng);
                data.insert(at, b);
            }
            Mutation::OverwriteByte => {
                if len > 0 {
                    let at = rng.below(len);
                    let b = self.byte(rng);
                    if let Some(slot) = data.get_mut(at) {
                        *slot = b;
                    }
                }
            }
            Mutation::DeleteByte => {
                if len > 0 {
                    data.remove(rng.below(len));
                }
            }
            Mutation::DeleteRun { max } => {
                let at = rng.below(len + 1);
                let end = at.saturating_add(rng.below(max)).min(len);
                data.drain(at..end);
            }
            Mutation::InsertToken => {
                if let Some(token) = rng.pick(self.tokens) {
                    let at = rng.below(len + 1);
                    data.splice(at..at, token.iter().copied());
                }
            }
            Mutation::OverwriteToken => {
                if let Some(token) = rng.pick(self.tokens) {
                    let at = rng.below(len + 1);
                    let end = at.saturating_add(token.len()).min(len);
                    data.splice(at..end, token.iter().copied());
                }
            }
            Mutation::OverwriteU32 => {
                if len >= 4 {
                    let at = rng.below(len - 3);
                    let random = rng.next_u64() as u32;
                    let value = INTERESTING_U32
                        .get(rng.below(INTERESTING_U32.len() + 1))
                        .copied()
                        .unwrap_or(random);
                    data.splice(at..at + 4, value.to_be_bytes());
                }
            }
            Mutation::SpliceTail => {
                if let Some(donor) = rng.pick(donors) {
                    let donor = donor.as_ref();
                    let cut = rng.below(len + 1);
                    let from = rng.below(donor.len() + 1);
                    data.truncate(cut);
                    data.extend_from_slice(donor.get(from..).unwrap_or_default());
                }
            }
            Mutation::InsertDonorRun { max } => {
                if let Some(donor) = rng.pick(donors) {
                    let donor = donor.as_ref();
                    let from = rng.below(donor.len());
                    let to = from.saturating_add(rng.below(max)).min(donor.len());
                    let at = rng.below(len + 1);
                    let run = donor.get(from..to).unwrap_or_default();
                    data.splice(at..at, run.iter().copied());
                }
            }
            Mutation::SpliceLines { max_lines } => {
                if let Some(donor) = rng.pick(donors) {
                    let lines: Vec<&[u8]> =
                        donor.as_ref().split_inclusive(|&b| b == b'\n').collect();
                    let from = rng.below(lines.len());
                    let count = 1 + rng.below(max_lines);
                    let piece: Vec<u8> = lines
                        .iter()
                        .skip(from)
                        .take(count)
                        .flat_map(|l| l.iter().copied())
                        .collect();
                    let starts: Vec<usize> = data
                        .iter()
                        .enumerate()
                        .filter(|(_, b)| **b == b'\n')
                        .map(|(i, _)| i + 1)
                        .collect();
                    let at = rng.pick(&starts).copied().unwrap_or(0);
                    data.splice(at..at, piece);
                }
            }
            Mutation::DuplicateRegion { max } => {
                if len > 0 {
                    let start = rng.below(len);
                    let n = 1 + rng.below(max.min(len - start));
                    let region = data.get(start..start + n).unwrap_or_default().to_vec();
                    let at = rng.below(len + 1);
                    data.splice(at..at, region);
                }
            }
        }
    }

    fn byte(&self, rng: &mut XorShift) -> u8 {
        let alphabet = match self.bytes {
            Bytes::Random => None,
            Bytes::From(alphabet) => Some(alphabet),
            Bytes::Mixed(alphabet) => rng.one_in(2).then_some(alphabet),
        };
        alphabet
            .and_then(|a| rng.pick(a).copied())
            .unwrap_or_else(|| rng.byte())
    }
}
