//! The RBSP bit reader (§7.2, §7.4.1): the bits of a NAL unit's payload with emulation
//! prevention bytes (`0x03` after two zero bytes) skipped, `u(n)`, and the Exp-Golomb codes
//! `ue(v)`/`se(v)` (§9.1). It counts the escaped bytes it consumed, so a caller can find where
//! a header ends in the NAL unit itself (common encryption keeps slice headers clear).

/// Why an H.264 parameter set or header could not be read.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum H264Error {
    /// The NAL unit ends before the syntax elements being read.
    #[error("NAL unit ends inside its header fields")]
    Truncated,
    /// An Exp-Golomb code with more than 31 leading zero bits (its value would not fit in 32
    /// bits).
    #[error("Exp-Golomb code longer than 32 bits")]
    ExpGolombTooLong,
    /// A syntax element has a value the specification does not allow (the message names it).
    #[error("{0}")]
    Malformed(String),
    /// Valid syntax that is not handled (the message names it).
    #[error("{0}")]
    Unsupported(String),
}

/// Bit reader over a NAL unit's payload (after its one-byte header).
#[derive(Debug, Clone)]
pub struct RbspReader<'a> {
    nal: &'a [u8],
    /// Next escaped byte index in `nal`.
    byte: usize,
    /// The current RBSP byte and how many of its bits are left.
    current: u8,
    left: u8,
    /// Zero bytes just read (an emulation prevention byte follows two).
    zeros: u8,
}

impl<'a> RbspReader<'a> {
    /// Starts after the one-byte NAL unit header of `nal`.
    #[must_use]
    pub fn new(nal: &'a [u8]) -> Self {
        RbspReader {
            nal,
            byte: 1,
            current: 0,
            left: 0,
            zeros: 0,
        }
    }

    fn next_byte(&mut self) -> Result<(), H264Error> {
        loop {
            let b = *self.nal.get(self.byte).ok_or(H264Error::Truncated)?;
            self.byte += 1;
            if self.zeros >= 2 && b == 3 {
                self.zeros = 0;
                continue;
            }
            self.zeros = if b == 0 {
                self.zeros.saturating_add(1)
            } else {
                0
            };
            self.current = b;
            self.left = 8;
            return Ok(());
        }
    }

    /// One bit, `u(1)`.
    pub fn u1(&mut self) -> Result<u32, H264Error> {
        if self.left == 0 {
            self.next_byte()?;
        }
        self.left -= 1;
        Ok(u32::from((self.current >> self.left) & 1))
    }

    /// One bit as a flag (`u(1) == 1`).
    pub fn flag(&mut self) -> Result<bool, H264Error> {
        Ok(self.u1()? == 1)
    }

    /// `u(n)`, most significant bit first (`n` ≤ 32).
    pub fn u(&mut self, n: u32) -> Result<u32, H264Error> {
        let mut v = 0u32;
        for _ in 0..n {
            v = (v << 1) | self.u1()?;
        }
        Ok(v)
    }

    /// `ue(v)`, unsigned Exp-Golomb (§9.1), up to 31 leading zeros.
    pub fn ue(&mut self) -> Result<u32, H264Error> {
        let mut zeros = 0u32;
        while self.u1()? == 0 {
            zeros += 1;
            if zeros > 31 {
                return Err(H264Error::ExpGolombTooLong);
            }
        }
        let rest = u64::from(self.u(zeros)?);
        u32::try_from((1u64 << zeros) - 1 + rest).map_err(|_| H264Error::ExpGolombTooLong)
    }

    /// `se(v)`, signed Exp-Golomb (§9.1.1): 1, −1, 2, −2, … for codes 1, 2, 3, 4, …
    pub fn se(&mut self) -> Result<i64, H264Error> {
        let k = i64::from(self.ue()?);
        Ok(if k % 2 == 1 { (k + 1) / 2 } else { -(k / 2) })
    }

    /// Escaped NAL unit bytes consumed so far (header byte and emulation prevention bytes
    /// included), counting a partly read byte as consumed.
    #[must_use]
    pub fn bytes_consumed(&self) -> usize {
        self.byte
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emulation_prevention_bytes_are_skipped_and_counted() {
        // The reader skips 0x03 after two zero bytes and counts it as consumed.
        let nal = [0x65, 0x00, 0x00, 0x03, 0x01, 0xFF];
        let mut r = RbspReader::new(&nal);
        assert_eq!(r.u(24).unwrap(), 0x000001);
        assert_eq!(r.bytes_consumed(), 5);
        assert_eq!(r.u(8).unwrap(), 0xFF);
        assert_eq!(r.u1(), Err(H264Error::Truncated));
        // A 0x03 that does not follow two zeros is data.
        let mut r = RbspReader::new(&[0x67, 0x00, 0x03, 0x00]);
        assert_eq!(r.u(24).unwrap(), 0x000300);
    }

    #[test]
    fn exp_golomb_codes() {
        // 1 | 010 | 011 | 00100 | 00101 | 0001000 = ue 0, 1, 2, 3, 4, 7 (§9.1 Table 9-2).
        // Bits: 1010 0110 0100 0010 1000 1000 (+ padding).
        let nal = [0x67, 0b1010_0110, 0b0100_0010, 0b1000_1000];
        let mut r = RbspReader::new(&nal);
        let got: Vec<u32> = (0..6).map(|_| r.ue().unwrap()).collect();
        assert_eq!(got, [0, 1, 2, 3, 4, 7]);
        // se: codes 1..=4 → 1, -1, 2, -2 (§9.1.1 Table 9-3): 010 011 00100 00101.
        let nal = [0x67, 0b0100_1100, 0b1000_0101];
        let mut r = RbspReader::new(&nal);
        let got: Vec<i64> = (0..4).map(|_| r.se().unwrap()).collect();
        assert_eq!(got, [1, -1, 2, -2]);
        // The largest code: 31 zeros, a one, 31 ones = 2^32 - 2.
        let mut nal = vec![0x67, 0, 0, 0, 1];
        nal.extend([0xFF; 4]);
        let mut r = RbspReader::new(&nal);
        assert_eq!(r.ue().unwrap(), u32::MAX - 1);
        // 32 leading zeros.
        let mut r = RbspReader::new(&[0x67, 0, 0, 0, 0, 0x80]);
        assert_eq!(r.ue(), Err(H264Error::ExpGolombTooLong));
        assert!(RbspReader::new(&[0x67, 0x00]).flag().is_ok_and(|f| !f));
        assert_eq!(RbspReader::new(&[0x67]).ue(), Err(H264Error::Truncated));
    }
}
