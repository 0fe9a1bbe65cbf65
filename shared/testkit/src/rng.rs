//! The PRNG: Marsaglia's xorshift64 (shifts 13, 7, 17; "Xorshift RNGs", Journal of Statistical
//! Software 8(14), 2003). Not cryptographic and not meant to be: it only has to be fast, tiny
//! and give the same sequence for the same seed on every platform.

/// The seed used in place of 0, which is the one state xorshift never leaves.
const ZERO_SEED_REPLACEMENT: u64 = 0x9E37_79B9_7F4A_7C15;

/// A xorshift64 generator. Same seed, same sequence, on every target.
///
/// ```
/// use ottedge_testkit::XorShift;
/// let mut a = XorShift::new(42);
/// let mut b = XorShift::new(42);
/// assert_eq!(a.next_u64(), b.next_u64());
/// assert!(a.below(10) < 10);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XorShift {
    state: u64,
}

impl XorShift {
    /// A generator starting from `seed` (0, which would stick at 0, is replaced by a fixed
    /// non-zero constant).
    pub fn new(seed: u64) -> Self {
        let state = if seed == 0 {
            ZERO_SEED_REPLACEMENT
        } else {
            seed
        };
        Self { state }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        x
    }

    /// A random byte (the low 8 bits of [`next_u64`](Self::next_u64)).
    pub fn byte(&mut self) -> u8 {
        self.next_u64() as u8
    }

    /// A number in `0..n`; 0 when `n` is 0, so `below(len)` is safe on empty buffers.
    /// The modulo bias is irrelevant for smoke testing.
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        // Lossless: the remainder is below `n`, which fits in usize.
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability 1/`n` (always true for `n` ≤ 1).
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A random element of `items`, or `None` when it is empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}
